//! The Responsible gaming contract of API.md and the compliance endpoints,
//! against the real app: limits, exclusions refusing login and deposits
//! while withdrawals still work, deposit limits, reality checks (by
//! backdating the stored session start), KYC with its signed webhook and
//! review queue, a player's RG history, loss alerts and jurisdictions.

use crate::common::{TestApp, put, rpc, send, spawn, unique_email};
use crate::ws::{next_event, subscribed};
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

async fn delete(app: &TestApp, path: &str, token: &str) -> (u16, Value) {
    send(app, reqwest::Method::DELETE, path, None, Some(token), None).await
}

fn time(v: &Value) -> DateTime<Utc> {
    v.as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| panic!("not a time: {v}"))
}

const LIMITS: &str = "/api/v1/responsible-gaming/limits";
const EXCLUSIONS: &str = "/api/v1/responsible-gaming/exclusions";

#[tokio::test]
async fn limits_follow_the_contract_shape_and_cooling_off() {
    let app = spawn().await;
    let (_, token) = app.register(&unique_email("lim")).await;
    let (status, body) = put(
        &app,
        LIMITS,
        json!({"kind": "deposit", "period": "day", "amount": "100.00"}),
        &token,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["kind"], "deposit");
    assert_eq!(body["period"], "day");
    assert_eq!(body["amount"], "100.00");
    assert!(body["pending"].is_null());
    let effective = time(&body["effective_at"]);
    assert!((Utc::now() - effective).num_seconds().abs() < 30);

    let (status, body) = put(
        &app,
        LIMITS,
        json!({"kind": "deposit", "period": "day", "amount": "300.00"}),
        &token,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["amount"], "100.00");
    assert_eq!(body["pending"]["amount"], "300.00");
    let due = time(&body["pending"]["effective_at"]);
    let wait = due - Utc::now();
    assert!(
        wait > TimeDelta::hours(23) && wait <= TimeDelta::hours(24),
        "{wait}"
    );

    // Two limits of one kind: both listed.
    put(
        &app,
        LIMITS,
        json!({"kind": "deposit", "period": "week", "amount": "50.00"}),
        &token,
    )
    .await;
    let (status, list) = app.get(LIMITS, Some(&token)).await;
    assert_eq!(status, 200);
    assert_eq!(list["items"].as_array().unwrap().len(), 2);

    let (status, body) = delete(&app, &format!("{LIMITS}/deposit/week"), &token).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["amount"], "50.00");
    assert!(body["pending"].is_object());
    assert!(body["pending"]["amount"].is_null());

    let (status, body) = delete(&app, &format!("{LIMITS}/loss/month"), &token).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
    let (status, _) = delete(&app, &format!("{LIMITS}/bogus/day"), &token).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn bad_limit_requests_get_clear_codes() {
    let app = spawn().await;
    let (_, token) = app.register(&unique_email("badlim")).await;
    for (body, code) in [
        (
            json!({"kind": "deposit", "period": "day", "amount": "10.001"}),
            "validation_failed",
        ),
        (
            json!({"kind": "deposit", "period": "day", "amount": "-1.00"}),
            "validation_failed",
        ),
        (
            json!({"kind": "deposit", "period": "day", "amount": "0"}),
            "validation_failed",
        ),
        (
            json!({"kind": "bonus", "period": "day", "amount": "1.00"}),
            "validation_failed",
        ),
        (
            json!({"kind": "loss", "period": "year", "amount": "1.00"}),
            "validation_failed",
        ),
    ] {
        let (status, res) = put(&app, LIMITS, body.clone(), &token).await;
        assert_eq!(
            (status, res["error"]["code"].as_str()),
            (422, Some(code)),
            "{body}"
        );
    }
    let (status, res) = put(&app, LIMITS, json!({"kind": "loss", "amount": 5}), &token).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (400, Some("bad_request"))
    );
    let (status, _) = app.get(LIMITS, None).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn exclusion_requests_are_validated() {
    let app = spawn().await;
    let (_, token) = app.register(&unique_email("excl")).await;
    for bad in [
        json!({"kind": "time_out", "days": 0}),
        json!({"kind": "time_out", "days": 43}),
        json!({"kind": "time_out"}),
        json!({"kind": "self_exclusion", "months": 5}),
        json!({"kind": "self_exclusion", "months": 61}),
        json!({"kind": "self_exclusion", "months": 6, "permanent": true}),
        json!({"kind": "holiday", "days": 3}),
    ] {
        let (status, res) = app.post(EXCLUSIONS, bad.clone(), Some(&token)).await;
        assert_eq!(
            (status, res["error"]["code"].as_str()),
            (422, Some("validation_failed")),
            "{bad}"
        );
    }
    let (status, res) = app
        .post(
            EXCLUSIONS,
            json!({"kind": "self_exclusion", "permanent": true}),
            Some(&token),
        )
        .await;
    assert_eq!(status, 201, "{res}");
    assert_eq!(res, json!({"kind": "self_exclusion", "until": null}));
}

#[tokio::test]
async fn a_self_excluded_player_is_refused_login_and_deposits_but_may_withdraw() {
    let app = spawn().await;
    let email = unique_email("excluded");
    let (player_id, token) = app.register(&email).await;
    let (status, res) = app
        .post(
            "/api/v1/wallet/deposits",
            json!({"amount": "50.00", "method": "sandbox"}),
            Some(&token),
        )
        .await;
    assert_eq!(status, 201, "{res}");
    let admin = app.admin_token().await;
    let (status, _) = app
        .post(
            &format!("/api/v1/admin/players/{player_id}/kyc"),
            json!({"status": "verified", "note": "ok"}),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 200);

    let (status, res) = app
        .post(
            EXCLUSIONS,
            json!({"kind": "time_out", "days": 7}),
            Some(&token),
        )
        .await;
    assert_eq!(status, 201, "{res}");
    assert_eq!(res["kind"], "time_out");
    let until = time(&res["until"]);
    let length = until - Utc::now();
    assert!(length > TimeDelta::days(7) - TimeDelta::minutes(1) && length <= TimeDelta::days(7));

    let (status, res) = app
        .post(
            "/api/v1/auth/login",
            json!({"email": email, "password": "player-pass-1"}),
            None,
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(res["error"]["code"], "self_excluded");
    assert_eq!(time(&res["error"]["details"]["until"]), until);

    // The token issued before the time-out may not deposit...
    let (status, res) = app
        .post(
            "/api/v1/wallet/deposits",
            json!({"amount": "5.00", "method": "sandbox"}),
            Some(&token),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(res["error"]["code"], "self_excluded");
    // ...but withdrawing cash still works.
    let (status, res) = app
        .post(
            "/api/v1/wallet/withdrawals",
            json!({"amount": "20.00", "method": "sandbox"}),
            Some(&token),
        )
        .await;
    assert_eq!(status, 201, "{res}");

    // A shorter request does not shorten it.
    let (status, res) = app
        .post(
            EXCLUSIONS,
            json!({"kind": "time_out", "days": 1}),
            Some(&token),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(time(&res["until"]), until);

    // Compliance sees it among the exclusions in force.
    let (status, res) = app.get("/api/v1/admin/exclusions", Some(&admin)).await;
    assert_eq!(status, 200);
    assert!(
        res["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["player_id"] == player_id.as_str())
    );
}

#[tokio::test]
async fn a_deposit_past_the_limit_is_refused_with_what_remains() {
    let app = spawn().await;
    let (_, token) = app.register(&unique_email("deplim")).await;
    put(
        &app,
        LIMITS,
        json!({"kind": "deposit", "period": "week", "amount": "100.00"}),
        &token,
    )
    .await;
    let deposit = |amount: &'static str| {
        app.post(
            "/api/v1/wallet/deposits",
            json!({"amount": amount, "method": "sandbox"}),
            Some(&token),
        )
    };
    assert_eq!(deposit("70.00").await.0, 201);
    let (status, res) = deposit("30.01").await;
    assert_eq!(status, 422);
    assert_eq!(res["error"]["code"], "deposit_limit_exceeded");
    assert_eq!(res["error"]["details"]["remaining"], "30.00");
    assert_eq!(deposit("30.00").await.0, 201);
}

#[tokio::test]
async fn a_reality_check_falls_due_on_the_stored_session_start_and_is_acknowledged() {
    let app = spawn().await;
    let (player_id, token) = app.register(&unique_email("rc")).await;
    let (status, res) = put(
        &app,
        "/api/v1/responsible-gaming/settings",
        json!({"reality_check_minutes": 5}),
        &token,
    )
    .await;
    assert_eq!(status, 422, "{res}");
    let (status, res) = put(
        &app,
        "/api/v1/responsible-gaming/settings",
        json!({"reality_check_minutes": 10}),
        &token,
    )
    .await;
    assert_eq!(status, 200, "{res}");
    assert_eq!(res["effective_reality_check_minutes"], 10);

    let (status, session) = app
        .get("/api/v1/responsible-gaming/session", Some(&token))
        .await;
    assert_eq!(status, 200);
    assert_eq!(session["reality_check"]["due"], false);
    assert_eq!(
        time(&session["reality_check"]["due_at"]) - time(&session["started_at"]),
        TimeDelta::minutes(10)
    );

    // Backdate the session start by eleven minutes.
    let uuid = uuid::Uuid::parse_str(&player_id).unwrap();
    let row = entity::rg_play_sessions::Entity::find()
        .filter(entity::rg_play_sessions::Column::PlayerId.eq(uuid))
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap();
    let mut active: entity::rg_play_sessions::ActiveModel = row.into();
    active.started_at = Set(Utc::now() - TimeDelta::minutes(11));
    active.update(&app.db.db).await.unwrap();

    let (_, session) = app
        .get("/api/v1/responsible-gaming/session", Some(&token))
        .await;
    let rc = &session["reality_check"];
    assert_eq!(rc["due"], true);
    assert!(rc["time_played_secs"].as_i64().unwrap() >= 660);
    assert_eq!(rc["net"], "0.00");

    let (status, session) = app
        .post(
            "/api/v1/responsible-gaming/reality-check/acknowledge",
            json!({}),
            Some(&token),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(session["reality_check"]["due"], false);
}

#[tokio::test]
async fn kyc_documents_go_to_the_provider_and_the_review_queue() {
    let app = spawn().await;
    let email = unique_email("kyc");
    let (player_id, token) = app.register(&email).await;
    let doc = json!({"document_type": "passport", "document_country": "MT",
                     "document_number": "P1234560", "full_name": "Ada Lovelace"});
    let (status, sub) = app
        .post("/api/v1/kyc/submissions", doc.clone(), Some(&token))
        .await;
    assert_eq!(status, 201, "{sub}");
    assert_eq!(sub["status"], "pending");
    let (_, me) = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!(me["kyc_status"], "pending");
    let (status, _) = app.post("/api/v1/kyc/submissions", doc, Some(&token)).await;
    assert_eq!(status, 422);

    let body = json!({"reference": sub["reference"], "outcome": "consider"}).to_string();
    let res = app
        .client
        .post(app.url("/api/v1/kyc/webhooks/sandbox"))
        .header("content-type", "application/json")
        .header("x-sandbox-signature", "sha256=deadbeef")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 401);
    let signature = app
        .state
        .engine
        .compliance()
        .kyc_sandbox()
        .sign(body.as_bytes());
    let res = app
        .client
        .post(app.url("/api/v1/kyc/webhooks/sandbox"))
        .header("content-type", "application/json")
        .header("x-sandbox-signature", signature)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);

    let (status, _) = app.get("/api/v1/admin/kyc/queue", Some(&token)).await;
    assert_eq!(status, 403);
    let admin = app.admin_token().await;
    let (status, queue) = app.get("/api/v1/admin/kyc/queue", Some(&admin)).await;
    assert_eq!(status, 200);
    let items = queue["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["provider_outcome"], "consider");
    let (status, res) = app
        .post(
            &format!("/api/v1/admin/players/{player_id}/kyc"),
            json!({"status": "rejected", "note": "blurred photo"}),
            Some(&admin),
        )
        .await;
    assert_eq!(
        (status, res["kyc_status"].as_str()),
        (200, Some("rejected"))
    );
    let (_, queue) = app.get("/api/v1/admin/kyc/queue", Some(&admin)).await;
    assert!(queue["items"].as_array().unwrap().is_empty());
    let (_, mine) = app.get("/api/v1/kyc/submissions", Some(&token)).await;
    assert_eq!(mine["items"][0]["decision_note"], "blurred photo");
}

#[tokio::test]
async fn compliance_sees_a_players_history_and_players_do_not() {
    let app = spawn().await;
    let email = unique_email("hist");
    let (player_id, token) = app.register(&email).await;
    put(
        &app,
        LIMITS,
        json!({"kind": "loss", "period": "month", "amount": "500.00"}),
        &token,
    )
    .await;
    put(
        &app,
        LIMITS,
        json!({"kind": "loss", "period": "month", "amount": "200.00"}),
        &token,
    )
    .await;
    let path = format!("/api/v1/admin/players/{player_id}/responsible-gaming");
    assert_eq!(app.get(&path, Some(&token)).await.0, 403);
    let admin = app.admin_token().await;
    let (status, history) = app.get(&path, Some(&admin)).await;
    assert_eq!(status, 200);
    let changes = history["limit_changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0]["old_amount"], "500.00");
    assert_eq!(changes[0]["new_amount"], "200.00");
    assert_eq!(changes[0]["actor_id"], player_id.as_str());
    let unknown = format!(
        "/api/v1/admin/players/{}/responsible-gaming",
        uuid::Uuid::now_v7()
    );
    assert_eq!(app.get(&unknown, Some(&admin)).await.0, 404);
    assert_eq!(
        app.get(
            "/api/v1/admin/players/not-a-uuid/responsible-gaming",
            Some(&admin)
        )
        .await
        .0,
        404
    );
    let (status, found) = app
        .get(
            &format!("/api/v1/admin/players?q={}", &email[..8]),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(found["items"][0]["player_id"], player_id.as_str());

    let (status, _) = put(
        &app,
        &format!("/api/v1/admin/players/{player_id}/loss-alert"),
        json!({"amount": "75.00"}),
        &admin,
    )
    .await;
    assert_eq!(status, 200);
    let (_, settings) = app
        .get("/api/v1/responsible-gaming/settings", Some(&token))
        .await;
    assert_eq!(settings["operator_loss_alert"], "75.00");
    let (status, alerts) = app.get("/api/v1/admin/loss-alerts", Some(&admin)).await;
    assert_eq!(status, 200);
    assert!(alerts["items"].is_array());
}

#[tokio::test]
async fn jurisdictions_are_seeded_and_editable_by_compliance_only() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let (status, list) = app.get("/api/v1/admin/jurisdictions", Some(&admin)).await;
    assert_eq!(status, 200);
    let countries: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|j| j["country"].as_str())
        .collect();
    assert_eq!(countries, vec!["BR", "GB", "MT", "MX", "SE"]);
    let se = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["country"] == "SE")
        .unwrap();
    assert_eq!(se["deposit_limit_prompt_mandatory"], true);

    let rules = json!({"country": "DE", "minimum_age": 18, "deposit_limit_prompt_mandatory": true,
                       "mandatory_reality_check_minutes": 60, "minimum_self_exclusion_months": 6,
                       "kyc_required_before_first_deposit": true});
    let (status, res) = put(
        &app,
        "/api/v1/admin/jurisdictions/DE",
        rules.clone(),
        &admin,
    )
    .await;
    assert_eq!(status, 200, "{res}");
    let mut bad = rules.clone();
    bad["minimum_age"] = json!(12);
    let (status, res) = put(&app, "/api/v1/admin/jurisdictions/DE", bad, &admin).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (422, Some("validation_failed"))
    );
    let (_, token) = app.register(&unique_email("jur")).await;
    let (status, _) = put(&app, "/api/v1/admin/jurisdictions/DE", rules, &token).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn every_responsible_gaming_endpoint_is_in_the_openapi_document() {
    let app = spawn().await;
    let (_, doc) = app.get("/api/v1/openapi.json", None).await;
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/responsible-gaming/limits",
        "/api/v1/responsible-gaming/limits/{kind}/{period}",
        "/api/v1/responsible-gaming/exclusions",
        "/api/v1/responsible-gaming/settings",
        "/api/v1/responsible-gaming/session",
        "/api/v1/responsible-gaming/reality-check/acknowledge",
        "/api/v1/responsible-gaming/deposit-limit-prompt",
        "/api/v1/responsible-gaming/history",
        "/api/v1/kyc/submissions",
        "/api/v1/kyc/webhooks/sandbox",
        "/api/v1/admin/kyc/queue",
        "/api/v1/admin/players",
        "/api/v1/admin/players/{player_id}/responsible-gaming",
        "/api/v1/admin/players/{player_id}/loss-alert",
        "/api/v1/admin/loss-alerts",
        "/api/v1/admin/exclusions",
        "/api/v1/admin/jurisdictions",
        "/api/v1/admin/jurisdictions/{country}",
    ] {
        assert!(paths.contains_key(path), "{path} missing");
    }
}

#[tokio::test]
async fn a_crossed_loss_threshold_reaches_the_player_and_compliance_over_the_websocket() {
    let app = spawn().await;
    let (player_id, token) = app.register(&unique_email("alerted")).await;
    let (status, _) = put(
        &app,
        "/api/v1/responsible-gaming/settings",
        json!({"loss_alert": "20.00", "loss_alert_period": "day"}),
        &token,
    )
    .await;
    assert_eq!(status, 200);
    let admin = app.admin_token().await;
    let mut player_ws = subscribed(&app, Some(&token), &[format!("player:{player_id}")]).await;
    let mut compliance_ws = subscribed(&app, Some(&admin), &["compliance:alerts".to_owned()]).await;

    // A stake recorded by a play path (as the casino does, in its own
    // transaction) crosses the threshold.
    let player = uuid::Uuid::parse_str(&player_id).unwrap();
    let stake =
        domain::money::Money::parse_positive("25.00", domain::money::Currency::EUR).unwrap();
    engine::compliance::record_play(
        &app.db.db,
        player,
        domain::compliance::ActivityKind::Stake,
        stake,
        "round:test",
        Utc::now(),
    )
    .await
    .unwrap();
    app.state.engine.events().wake();

    let to_player = next_event(&mut player_ws, "rg.loss_alert").await;
    assert_eq!(to_player["payload"]["net_loss"], "25.00");
    assert_eq!(to_player["payload"]["threshold"], "20.00");
    let to_compliance = next_event(&mut compliance_ws, "rg.loss_alert").await;
    assert_eq!(to_compliance["payload"]["player_id"], player_id.as_str());
    let (_, alerts) = app.get("/api/v1/admin/loss-alerts", Some(&admin)).await;
    assert_eq!(alerts["items"][0]["player_id"], player_id.as_str());
}

#[tokio::test]
async fn the_app_asks_for_a_deposit_limit_until_the_player_answers_or_has_one() {
    let app = spawn().await;
    let (_, capped) = app.register(&unique_email("prompt-cap")).await;
    let (status, prompt) = rpc(&app, "rg_prompt", &[], &capped).await;
    assert_eq!(status, 200, "{prompt}");
    assert_eq!(prompt, json!({"currency": "EUR", "mandatory": false}));
    let (status, body) = put(
        &app,
        LIMITS,
        json!({"kind": "deposit", "period": "week", "amount": "50.00"}),
        &capped,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        rpc(&app, "rg_prompt", &[], &capped).await,
        (200, Value::Null)
    );

    // Declining is an answer too; a limit of another kind is not.
    let (_, declined) = app.register(&unique_email("prompt-no")).await;
    let (status, body) = put(
        &app,
        LIMITS,
        json!({"kind": "loss", "period": "week", "amount": "50.00"}),
        &declined,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        rpc(&app, "rg_prompt", &[], &declined).await.1["mandatory"],
        false
    );
    let (status, body) = app
        .post(
            "/api/v1/responsible-gaming/deposit-limit-prompt",
            json!({}),
            Some(&declined),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        rpc(&app, "rg_prompt", &[], &declined).await,
        (200, Value::Null)
    );

    // Staff and visitors are never asked.
    let admin = app.admin_token().await;
    assert_eq!(
        rpc(&app, "rg_prompt", &[], &admin).await,
        (200, Value::Null)
    );
    assert_eq!(rpc(&app, "rg_prompt", &[], "").await, (200, Value::Null));
}
