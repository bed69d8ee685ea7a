//! The Leaderboards contract of API.md against the real app: marketing
//! creates boards (422 naming the field, 400 for wrong JSON types), anyone
//! reads the tables, players join (409 `leaderboard_full`), scores arrive
//! from events within a second, the close pays once (409
//! `already_closed` after), nicknames are unique and shown instead of
//! masked ids, and every route checks its role.

use std::time::{Duration, Instant};

use domain::events::{EventData, RoundCompleted, Topic};
use domain::money::Currency;
use engine::events::Event;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{TestApp, cash, put, spawn, unique_email};

const STAFF_PASSWORD: &str = "marketing-pass-2026";

async fn marketing(app: &TestApp) -> String {
    let admin = app.admin_token().await;
    let email = unique_email("lb-marketing");
    let (status, body) = app
        .post(
            "/api/v1/admin/staff",
            json!({"email": email, "password": STAFF_PASSWORD, "roles": ["marketing"]}),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    app.login(&email, STAFF_PASSWORD).await
}

fn race(extra: Value) -> Value {
    let mut body = json!({
        "name": "Weekend wager race",
        "metric": "wagered",
        "recurrence": "once",
        "timezone": "Europe/Malta",
        "ends_at": (chrono::Utc::now() + chrono::TimeDelta::days(2)).to_rfc3339(),
        "prizes": [{"from_rank": 1, "to_rank": 1, "reward": {"kind": "cash", "amount": "25.00"}},
                   {"from_rank": 2, "to_rank": 5, "reward": {"kind": "loyalty_points", "points": 100}}]
    });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    body
}

async fn create(app: &TestApp, token: &str, body: Value) -> String {
    let (status, answer) = app
        .post("/api/v1/admin/leaderboards", body, Some(token))
        .await;
    assert_eq!(status, 201, "{answer}");
    assert_eq!(answer["status"], "live");
    answer["leaderboard_id"].as_str().unwrap().to_owned()
}

fn round(player: Uuid, stake: &str) -> Event {
    Event::new(
        Topic::Player(player),
        EventData::RoundCompleted(RoundCompleted {
            player_id: player,
            provider: "test".to_owned(),
            game_code: "slot".to_owned(),
            round: Uuid::now_v7().to_string(),
            stake: stake.to_owned(),
            win: "0.00".to_owned(),
            currency: Currency::EUR,
            free_spin: false,
        }),
        chrono::Utc::now(),
    )
}

/// The standings once `ready` holds (scores arrive within a second).
async fn standings_when(
    app: &TestApp,
    id: &str,
    token: Option<&str>,
    ready: impl Fn(&Value) -> bool,
) -> Value {
    let started = Instant::now();
    loop {
        let (status, body) = app.get(&format!("/api/v1/leaderboards/{id}"), token).await;
        assert_eq!(status, 200, "{body}");
        if ready(&body) {
            return body;
        }
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "scores did not arrive: {body}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn bad_boards_answer_422_naming_the_field_and_wrong_types_400() {
    let app = spawn().await;
    let token = marketing(&app).await;
    let field = |body: Value| {
        let app = &app;
        let token = token.clone();
        async move {
            let (status, answer) = app
                .post("/api/v1/admin/leaderboards", body, Some(&token))
                .await;
            assert_eq!(status, 422, "{answer}");
            assert_eq!(answer["error"]["code"], "validation_failed");
            answer["error"]["details"]["fields"].clone()
        }
    };
    let fields = field(race(json!({"metric": "fastest"}))).await;
    assert!(fields.get("metric").is_some(), "{fields}");
    let fields = field(race(json!({"timezone": "Europe/Atlantis"}))).await;
    assert!(fields.get("timezone").is_some(), "{fields}");
    let fields = field(race(json!({"prizes": [
        {"from_rank": 1, "to_rank": 3, "reward": {"kind": "cash", "amount": "1.00"}},
        {"from_rank": 2, "to_rank": 4, "reward": {"kind": "cash", "amount": "1.00"}}]})))
    .await;
    assert!(fields.get("prizes").is_some(), "{fields}");
    let fields = field(race(json!({"prizes": [
        {"from_rank": 3, "to_rank": 1, "reward": {"kind": "cash", "amount": "1.00"}}]})))
    .await;
    assert!(fields.get("prizes[0].to_rank").is_some(), "{fields}");
    let (status, _) = app
        .post(
            "/api/v1/admin/leaderboards",
            race(json!({"max_participants": "ten"})),
            Some(&token),
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = app
        .get(&format!("/api/v1/leaderboards/{}", Uuid::now_v7()), None)
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_race_scores_live_closes_once_and_shows_its_winners() {
    let app = spawn().await;
    let token = marketing(&app).await;
    let id = create(&app, &token, race(json!({}))).await;
    let (a_id, a) = app.register(&unique_email("lb-a")).await;
    let (b_id, b) = app.register(&unique_email("lb-b")).await;
    let (status, _) = put(
        &app,
        "/api/v1/me/nickname",
        json!({"nickname": "HighRoller"}),
        &a,
    )
    .await;
    assert_eq!(status, 204);
    let (status, body) = app.get("/api/v1/me/nickname", Some(&a)).await;
    assert_eq!((status, body), (200, json!({"nickname": "HighRoller"})));
    let (status, body) = app.get("/api/v1/me/nickname", Some(&b)).await;
    assert_eq!((status, body), (200, json!({"nickname": null})));
    let (status, body) = put(
        &app,
        "/api/v1/me/nickname",
        json!({"nickname": "highroller"}),
        &b,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("nickname_taken"))
    );
    let (status, body) = put(&app, "/api/v1/me/nickname", json!({"nickname": "a b"}), &b).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["details"]["fields"].get("nickname").is_some());

    let engine = &app.state.engine;
    let (a_uuid, b_uuid) = (
        Uuid::parse_str(&a_id).unwrap(),
        Uuid::parse_str(&b_id).unwrap(),
    );
    engine
        .events()
        .publish(&round(a_uuid, "12.00"))
        .await
        .unwrap();
    engine
        .events()
        .publish(&round(b_uuid, "7.50"))
        .await
        .unwrap();
    let table = standings_when(&app, &id, Some(&b), |t| {
        t["items"].as_array().is_some_and(|i| i.len() == 2)
    })
    .await;
    assert_eq!(table["items"][0]["player"], "HighRoller");
    assert_eq!(table["items"][0]["score"], "12.00");
    assert_eq!(table["items"][1]["me"], true);
    assert!(
        !table.to_string().contains("@example.com"),
        "no e-mails: {table}"
    );
    assert_eq!(table["me"]["rank"], 2);
    let (status, around) = app
        .get(
            &format!("/api/v1/leaderboards/{id}/around-me?n=1"),
            Some(&b),
        )
        .await;
    assert_eq!(status, 200, "{around}");
    assert_eq!(around["items"].as_array().unwrap().len(), 2);
    let (status, list) = app.get("/api/v1/leaderboards", None).await;
    assert_eq!(status, 200);
    assert!(
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["leaderboard_id"] == id.as_str())
    );

    let (before, _) = cash(&app, &a).await;
    let (status, closed) = app
        .post(
            &format!("/api/v1/admin/leaderboards/{id}/close"),
            json!({}),
            Some(&token),
        )
        .await;
    assert_eq!(status, 200, "{closed}");
    assert_eq!(closed["winners"][0]["player_id"], a_id.as_str());
    assert_eq!(closed["winners"][0]["paid"], true);
    let (status, again) = app
        .post(
            &format!("/api/v1/admin/leaderboards/{id}/close"),
            json!({}),
            Some(&token),
        )
        .await;
    assert_eq!(
        (status, again["error"]["code"].as_str()),
        (409, Some("already_closed"))
    );
    let (after, _) = cash(&app, &a).await;
    assert_eq!(after - before, 2500);
    let (status, periods) = app
        .get(
            &format!("/api/v1/admin/leaderboards/{id}/periods"),
            Some(&token),
        )
        .await;
    assert_eq!(status, 200, "{periods}");
    assert_eq!(periods["items"][0]["status"], "closed");
    assert_eq!(periods["items"][0]["winners"].as_array().unwrap().len(), 2);
    let (status, _) = app
        .post(
            &format!("/api/v1/leaderboards/{id}/join"),
            json!({}),
            Some(&a),
        )
        .await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn a_full_board_answers_409_and_roles_are_checked() {
    let app = spawn().await;
    let token = marketing(&app).await;
    let id = create(
        &app,
        &token,
        race(json!({"opt_in": true, "max_participants": 1})),
    )
    .await;
    let (_, a) = app.register(&unique_email("lb-full-a")).await;
    let (_, b) = app.register(&unique_email("lb-full-b")).await;
    let join = format!("/api/v1/leaderboards/{id}/join");
    let (status, body) = app.post(&join, json!({}), Some(&a)).await;
    assert_eq!((status, body["joined"].as_bool()), (200, Some(true)));
    let (status, body) = app.post(&join, json!({}), Some(&b)).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("leaderboard_full"))
    );
    let (status, _) = app
        .post(
            &format!("/api/v1/leaderboards/{}/join", Uuid::now_v7()),
            json!({}),
            Some(&a),
        )
        .await;
    assert_eq!(status, 404);
    // Players may not use the back office; staff may not join; nobody
    // signed out may join.
    let (status, _) = app
        .post("/api/v1/admin/leaderboards", race(json!({})), Some(&a))
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .post(
            &format!("/api/v1/admin/leaderboards/{id}/close"),
            json!({}),
            Some(&a),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .get(
            &format!("/api/v1/admin/leaderboards/{id}/periods"),
            Some(&a),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app.post(&join, json!({}), Some(&token)).await;
    assert_eq!(status, 403);
    let (status, _) = app.post(&join, json!({}), None).await;
    assert_eq!(status, 401);
    let (status, _) = app
        .get(&format!("/api/v1/leaderboards/{id}/around-me"), None)
        .await;
    assert_eq!(status, 401);
    let (status, _) = app.get(&format!("/api/v1/leaderboards/{id}"), None).await;
    assert_eq!(status, 200);
    let (status, view) = app
        .get(&format!("/api/v1/admin/leaderboards/{id}"), Some(&token))
        .await;
    assert_eq!(status, 200, "{view}");
    assert_eq!(view["max_participants"], 1);
}
