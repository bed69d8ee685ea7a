//! The venue API over HTTP (SQLite, or PostgreSQL when `TEST_DATABASE_URL`
//! says so): an admin issues a venue (the secret shown once), a venue
//! system signs its requests (signatures made here with `ring`,
//! independently of the server's code) to look up a card, post play and
//! redeem points; every authentication failure is 401 `invalid_signature`
//! and records nothing; repeats have no second effect; concurrent
//! redemptions never go below zero; the body is limited; admin routes
//! need the admin role; `croupier venue sign --url` works end to end.

use ring::hmac;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{TestApp, spawn, unique_email};

/// An issued venue.
struct Venue {
    id: String,
    secret: String,
}

/// A request's authentication, as a venue would send it.
struct Auth<'a> {
    venue_id: &'a str,
    secret: &'a str,
    /// Seconds added to now.
    skew: i64,
    nonce: String,
}

impl<'a> Auth<'a> {
    fn of(venue: &'a Venue) -> Self {
        Auth {
            venue_id: &venue.id,
            secret: &venue.secret,
            skew: 0,
            nonce: Uuid::now_v7().simple().to_string(),
        }
    }
}

/// The signature of API.md, computed with `ring`.
fn signature(secret: &str, timestamp: &str, nonce: &str, body: &str) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    let message = format!("{timestamp}\n{nonce}\n{body}");
    hex::encode(hmac::sign(&key, message.as_bytes()).as_ref())
}

/// POSTs `body` (sent byte for byte) to `/api/venue/v1{path}`.
async fn call(app: &TestApp, path: &str, body: &str, auth: &Auth<'_>) -> (u16, Value) {
    let timestamp = (chrono::Utc::now().timestamp() + auth.skew).to_string();
    let sig = signature(auth.secret, &timestamp, &auth.nonce, body);
    let res = app
        .client
        .post(app.url(&format!("/api/venue/v1{path}")))
        .header("content-type", "application/json")
        .header("x-venue-id", auth.venue_id)
        .header("x-venue-timestamp", timestamp)
        .header("x-venue-nonce", &auth.nonce)
        .header("x-venue-signature", sig)
        .body(body.to_owned())
        .send()
        .await
        .expect("request");
    let status = res.status().as_u16();
    let text = res.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn signed(app: &TestApp, venue: &Venue, path: &str, body: Value) -> (u16, Value) {
    call(app, path, &body.to_string(), &Auth::of(venue)).await
}

async fn create_venue(app: &TestApp, admin: &str, name: &str) -> Venue {
    let (status, body) = app
        .post("/api/v1/admin/venues", json!({"name": name}), Some(admin))
        .await;
    assert_eq!(status, 201, "{body}");
    let secret = body["secret"].as_str().unwrap().to_owned();
    assert_eq!(secret.len(), 64);
    assert!(secret.bytes().all(|b| b.is_ascii_hexdigit()));
    Venue {
        id: body["venue_id"].as_str().unwrap().to_owned(),
        secret,
    }
}

/// A KYC-verified player holding a card, points earned by the API.md
/// programme (slots: 1 point per 1.00): (player id, card number).
async fn card_holder(app: &TestApp, admin: &str) -> (Uuid, String) {
    let (player, token) = app.register(&unique_email("venue-player")).await;
    let (status, body) = app
        .post(
            &format!("/api/v1/admin/players/{player}/kyc"),
            json!({"status": "verified", "note": "passport seen"}),
            Some(admin),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app
        .post("/api/v1/loyalty/card", json!({}), Some(&token))
        .await;
    assert_eq!(status, 201, "{body}");
    (
        player.parse().unwrap(),
        body["card_number"].as_str().unwrap().to_owned(),
    )
}

async fn programme(app: &TestApp) {
    let spec = serde_json::from_value(json!({
        "earning": [{"vertical": "casino", "category": "slots", "per": "1.00", "points": 1}],
        "tiers": [{"name": "Bronze", "threshold": 0}],
        "qualification_days": 90,
        "downgrade_grace_days": 30
    }))
    .unwrap();
    app.state
        .engine
        .loyalty()
        .set_programme(&spec, Uuid::now_v7())
        .await
        .expect("programme");
}

/// The player's points, checked against the sum of their entries.
async fn points(app: &TestApp, player: Uuid) -> i64 {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let engine = &app.state.engine;
    let balance = engine.loyalty().status(player).await.unwrap().points;
    let sum: i64 = entity::loyalty_entries::Entity::find()
        .filter(entity::loyalty_entries::Column::PlayerId.eq(player))
        .filter(entity::loyalty_entries::Column::Unit.eq("points"))
        .all(engine.db())
        .await
        .unwrap()
        .iter()
        .map(|e| e.delta)
        .sum();
    assert_eq!(sum, balance);
    assert!(balance >= 0);
    balance
}

async fn nonces(app: &TestApp) -> u64 {
    use sea_orm::{EntityTrait, PaginatorTrait};
    entity::venue_nonces::Entity::find()
        .count(app.state.engine.db())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_venue_looks_up_a_card_earns_and_redeems_once_per_reference() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    programme(&app).await;
    let (player, card) = card_holder(&app, &admin).await;
    let venue = create_venue(&app, &admin, "Casino Malta").await;

    let (status, body) = signed(&app, &venue, "/cards/lookup", json!({"card_number": card})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["card_number"], card);
    assert_eq!(
        (body["tier"].as_str(), body["points"].as_i64()),
        (Some("Bronze"), Some(0))
    );
    assert!(body["display_name"].as_str().is_some_and(|n| !n.is_empty()));

    let play = json!({"card_number": card, "kind": "slot", "amount": "40.00",
                      "currency": "EUR", "reference": "slot-1"});
    let (status, first) = signed(&app, &venue, "/play", play.clone()).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first, json!({"points_awarded": 40, "points": 40}));
    let (status, again) = signed(&app, &venue, "/play", play).await;
    assert_eq!((status, &again), (200, &first), "a repeat answers the same");
    assert_eq!(points(&app, player).await, 40);

    let redeem = json!({"card_number": card, "points": 15, "reference": "r-1"});
    let (status, body) = signed(&app, &venue, "/redemptions", redeem.clone()).await;
    assert_eq!((status, &body), (200, &json!({"points": 25})));
    let (status, body) = signed(&app, &venue, "/redemptions", redeem).await;
    assert_eq!((status, &body), (200, &json!({"points": 25})));
    let (status, body) = signed(
        &app,
        &venue,
        "/redemptions",
        json!({"card_number": card, "points": 26, "reference": "r-2"}),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("insufficient_points"))
    );
    let (status, body) = signed(
        &app,
        &venue,
        "/redemptions",
        json!({"card_number": card, "points": 5, "reference": "slot-1"}),
    )
    .await;
    assert_eq!(
        status, 200,
        "play and redemption references are apart: {body}"
    );
    // The same reference with another amount.
    let (status, body) = signed(
        &app,
        &venue,
        "/play",
        json!({"card_number": card, "kind": "slot", "amount": "41.00",
               "currency": "EUR", "reference": "slot-1"}),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("idempotency_key_reused"))
    );
    assert_eq!(points(&app, player).await, 20);

    // Unknown cards, bad fields, bodies that are not JSON.
    let (status, body) = signed(
        &app,
        &venue,
        "/cards/lookup",
        json!({"card_number": "9000000000000000"}),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
    let (status, body) = signed(
        &app,
        &venue,
        "/play",
        json!({"card_number": "9000000000000000", "kind": "slot", "amount": "1.00",
               "currency": "EUR", "reference": "x-1"}),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
    let (status, body) = signed(
        &app,
        &venue,
        "/play",
        json!({"card_number": card, "kind": "slot", "amount": "1.001",
               "currency": "ZZZ", "reference": "x-2"}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "validation_failed");
    assert!(
        body["error"]["details"]["fields"]["currency"].is_string(),
        "{body}"
    );
    let (status, body) = signed(
        &app,
        &venue,
        "/play",
        json!({"card_number": card, "kind": "slot", "amount": "1.001",
               "currency": "EUR", "reference": "x-3"}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["details"]["fields"]["amount"].is_string(),
        "{body}"
    );
    let (status, body) = call(&app, "/play", "{\"card_number\":", &Auth::of(&venue)).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("bad_request"))
    );
    assert_eq!(points(&app, player).await, 20);
}

#[tokio::test]
async fn every_authentication_failure_is_401_and_records_nothing() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    programme(&app).await;
    let (player, card) = card_holder(&app, &admin).await;
    let venue = create_venue(&app, &admin, "Casino").await;
    let closed = create_venue(&app, &admin, "Closed").await;
    let (status, body) = app
        .post(
            &format!("/api/v1/admin/venues/{}/disable", closed.id),
            json!({}),
            Some(&admin),
        )
        .await;
    assert_eq!(
        (status, body["disabled"].as_bool()),
        (200, Some(true)),
        "{body}"
    );

    let body = json!({"card_number": card, "kind": "slot", "amount": "10.00",
                      "currency": "EUR", "reference": "once"})
    .to_string();
    let nonce = "a-nonce-used-only-by-the-genuine".to_owned();
    let genuine = Auth {
        nonce: nonce.clone(),
        ..Auth::of(&venue)
    };
    let unknown_id = Uuid::now_v7().to_string();
    let cases = [
        (
            "wrong secret",
            Auth {
                secret: "guess",
                nonce: nonce.clone(),
                ..Auth::of(&venue)
            },
        ),
        (
            "stale",
            Auth {
                skew: -301,
                nonce: nonce.clone(),
                ..Auth::of(&venue)
            },
        ),
        (
            "future",
            Auth {
                skew: 301,
                nonce: nonce.clone(),
                ..Auth::of(&venue)
            },
        ),
        (
            "unknown venue",
            Auth {
                venue_id: &unknown_id,
                nonce: nonce.clone(),
                ..Auth::of(&venue)
            },
        ),
        (
            "disabled venue",
            Auth {
                nonce: nonce.clone(),
                ..Auth::of(&closed)
            },
        ),
        (
            "short nonce",
            Auth {
                nonce: "too-short".to_owned(),
                ..Auth::of(&venue)
            },
        ),
    ];
    for (what, auth) in &cases {
        let (status, answer) = call(&app, "/play", &body, auth).await;
        assert_eq!(
            (status, answer["error"]["code"].as_str()),
            (401, Some("invalid_signature")),
            "{what}: {answer}"
        );
    }
    // A signature over another body.
    let timestamp = chrono::Utc::now().timestamp().to_string();
    let res = app
        .client
        .post(app.url("/api/venue/v1/play"))
        .header("content-type", "application/json")
        .header("x-venue-id", &venue.id)
        .header("x-venue-timestamp", &timestamp)
        .header("x-venue-nonce", &nonce)
        .header(
            "x-venue-signature",
            signature(&venue.secret, &timestamp, &nonce, "{}"),
        )
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 401);
    // No headers at all.
    let (status, answer) = app
        .post(
            "/api/venue/v1/cards/lookup",
            json!({"card_number": card}),
            None,
        )
        .await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (401, Some("invalid_signature"))
    );
    assert_eq!(nonces(&app).await, 0, "refusals record no nonce");
    assert_eq!(points(&app, player).await, 0, "refusals credit nothing");

    // The nonce was not burned: the genuine request passes, once.
    let (status, answer) = call(&app, "/play", &body, &genuine).await;
    assert_eq!(status, 200, "{answer}");
    let (status, answer) = call(&app, "/play", &body, &genuine).await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (401, Some("invalid_signature")),
        "a reused nonce"
    );
    assert_eq!(nonces(&app).await, 1);
    assert_eq!(points(&app, player).await, 10);
}

#[tokio::test]
async fn concurrent_redemptions_over_http_never_go_below_zero() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let (player, card) = card_holder(&app, &admin).await;
    app.state
        .engine
        .loyalty()
        .adjust_points(player, 50, "opening balance", Uuid::now_v7())
        .await
        .unwrap();
    let venue = create_venue(&app, &admin, "Busy casino").await;
    let answers = futures::future::join_all((0..12).map(|i| {
        let body = json!({"card_number": card, "points": 10, "reference": format!("c-{i}")});
        signed(&app, &venue, "/redemptions", body)
    }))
    .await;
    let ok = answers.iter().filter(|(s, _)| *s == 200).count();
    let short = answers
        .iter()
        .filter(|(s, b)| *s == 422 && b["error"]["code"] == "insufficient_points")
        .count();
    assert_eq!((ok, short), (5, 7), "{answers:?}");
    assert_eq!(points(&app, player).await, 0);
}

#[tokio::test]
async fn large_bodies_are_refused_and_admin_routes_need_the_admin_role() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let venue = create_venue(&app, &admin, "Casino").await;
    let huge = format!("{{\"card_number\":\"{}\"}}", "9".repeat(20 * 1024));
    let (status, body) = call(&app, "/cards/lookup", &huge, &Auth::of(&venue)).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (413, Some("payload_too_large"))
    );
    assert_eq!(nonces(&app).await, 0);

    let (_, player) = app.register(&unique_email("venue-rbac")).await;
    for token in [None, Some(player.as_str())] {
        let want = if token.is_some() { 403 } else { 401 };
        let (status, _) = app
            .post("/api/v1/admin/venues", json!({"name": "x"}), token)
            .await;
        assert_eq!(status, want);
        let (status, _) = app.get("/api/v1/admin/venues", token).await;
        assert_eq!(status, want);
        let (status, _) = app
            .post(
                &format!("/api/v1/admin/venues/{}/disable", venue.id),
                json!({}),
                token,
            )
            .await;
        assert_eq!(status, want);
    }
    let (status, list) = app.get("/api/v1/admin/venues", Some(&admin)).await;
    assert_eq!(status, 200);
    assert_eq!(list["items"][0]["venue_id"], venue.id.as_str());
    assert_eq!(list["items"][0]["disabled"], false);
    assert!(
        !list.to_string().contains(&venue.secret),
        "never the secret again"
    );
    let (status, body) = app
        .post("/api/v1/admin/venues", json!({"name": " "}), Some(&admin))
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["details"]["fields"]["name"].is_string());
}

#[tokio::test]
async fn the_cli_signs_and_sends_a_lookup() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let (_, card) = card_holder(&app, &admin).await;
    let venue = create_venue(&app, &admin, "CLI casino").await;
    let action = |secret: &str| {
        use clap::Parser;
        #[derive(Parser)]
        struct Cli {
            #[command(subcommand)]
            action: server::venue_cli::VenueAction,
        }
        Cli::parse_from([
            "venue",
            "sign",
            "--venue-id",
            &venue.id,
            "--secret",
            secret,
            "--path",
            "/cards/lookup",
            "--body",
            &json!({"card_number": card}).to_string(),
            "--url",
            &app.base,
        ])
        .action
    };
    let mut out = Vec::new();
    let code = server::venue_cli::run(action(&venue.secret), &mut out)
        .await
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("X-Venue-Signature: "), "{text}");
    assert!(text.contains("HTTP 200"), "{text}");
    assert!(text.contains(&card), "{text}");

    let mut out = Vec::new();
    let code = server::venue_cli::run(action("wrong"), &mut out)
        .await
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("HTTP 401") && text.contains("invalid_signature"),
        "{text}"
    );
}
