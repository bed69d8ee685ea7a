//! The Campaigns and Player bonuses contract of API.md, against the real
//! app: marketing builds and launches a campaign, a player's deposit is
//! awarded within a second and shows in `GET /bonuses` and the wallet;
//! malformed campaigns answer 422 naming the field (400 for wrong JSON
//! types); states, compliance, explain, preview and stats.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::{TestApp, spawn, unique_email};

const STAFF_PASSWORD: &str = "marketing-pass-2026";

/// A marketing user's token (created by the admin).
async fn marketing(app: &TestApp) -> String {
    let admin = app.admin_token().await;
    let email = unique_email("marketing");
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

fn welcome() -> Value {
    json!({
        "name": "Welcome cash",
        "description": "5.00 in cash on your first deposit of 20.00 or more",
        "trigger": {"event": "deposit", "conditions": {"first_only": true, "min_amount": "20.00"}},
        "reward": {"kind": "cash", "amount": "5.00"},
        "limits": {"per_player": 1, "budget": "100.00"}
    })
}

async fn created(app: &TestApp, token: &str, body: Value) -> String {
    let (status, answer) = app.post("/api/v1/admin/campaigns", body, Some(token)).await;
    assert_eq!(status, 201, "{answer}");
    assert_eq!(answer["status"], "draft");
    answer["campaign_id"].as_str().unwrap().to_owned()
}

async fn act(app: &TestApp, token: &str, id: &str, action: &str) -> (u16, Value) {
    app.post(
        &format!("/api/v1/admin/campaigns/{id}/{action}"),
        json!({}),
        Some(token),
    )
    .await
}

/// Polls `GET /bonuses` until it lists `n` items (or 5 s pass).
async fn bonuses_when(app: &TestApp, token: &str, n: usize) -> Value {
    let started = Instant::now();
    loop {
        let (status, body) = app.get("/api/v1/bonuses", Some(token)).await;
        assert_eq!(status, 200, "{body}");
        if body["items"].as_array().unwrap().len() >= n
            || started.elapsed() > Duration::from_secs(5)
        {
            return body;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_launched_campaign_awards_a_qualifying_deposit_within_a_second() {
    let app = spawn().await;
    let team = marketing(&app).await;
    let id = created(&app, &team, welcome()).await;
    let (status, live) = act(&app, &team, &id, "launch").await;
    assert_eq!(
        (status, live["status"].as_str()),
        (200, Some("live")),
        "{live}"
    );
    assert_eq!(live["reward"]["amount"], "5.00", "the body is echoed");

    let (_, player) = app.register(&unique_email("p")).await;
    let (status, promotions) = app.get("/api/v1/promotions", Some(&player)).await;
    assert_eq!(status, 200);
    assert_eq!(promotions["items"][0]["campaign_id"], id.as_str());

    let started = Instant::now();
    let (status, body) = app
        .post(
            "/api/v1/wallet/deposits",
            json!({"amount": "25.00", "method": "sandbox"}),
            Some(&player),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let bonuses = bonuses_when(&app, &player, 1).await;
    let waited = started.elapsed();
    let bonus = &bonuses["items"][0];
    assert_eq!(bonus["kind"], "cash");
    assert_eq!(bonus["status"], "completed");
    assert_eq!(bonus["campaign_id"], id.as_str());
    assert!(waited < Duration::from_secs(2), "awarded after {waited:?}");
    let (_, wallet) = app.get("/api/v1/wallet", Some(&player)).await;
    assert_eq!(wallet["cash"], "30.00", "{wallet}");

    // A second deposit is not the first: nothing more.
    app.post(
        "/api/v1/wallet/deposits",
        json!({"amount": "25.00", "method": "sandbox"}),
        Some(&player),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (_, stats) = app
        .get(&format!("/api/v1/admin/campaigns/{id}/stats"), Some(&team))
        .await;
    assert_eq!(stats["awards"], 1, "{stats}");
    assert_eq!(stats["cost"], "5.00");
    assert_eq!(stats["budget_left"], "95.00");
    assert_eq!(stats["participants"], 1);
    assert_eq!(stats["variants"][0]["players"], 1);
}

#[tokio::test]
async fn malformed_campaigns_answer_422_naming_the_field_and_wrong_types_400() {
    let app = spawn().await;
    let team = marketing(&app).await;
    let cases = [
        (
            json!({"name": "x", "trigger": {"event": "tuesday"},
                "reward": {"kind": "cash", "amount": "1.00"}}),
            "trigger.event",
        ),
        (
            json!({"name": "x", "trigger": {"event": "deposit"},
                "reward": {"kind": "lottery"}}),
            "reward.kind",
        ),
        (
            json!({"name": "x", "trigger": {"event": "deposit"},
                "reward": {"kind": "cash", "amount": "-1.00"}}),
            "reward.amount",
        ),
        (
            json!({"name": "x", "trigger": {"event": "deposit"},
                "reward": {"kind": "cash", "amount": "1.001"}}),
            "reward.amount",
        ),
        (
            json!({"name": "x", "trigger": {"event": "deposit"},
                "variants": [{"name": "A", "weight": 30, "reward": {"kind": "cash", "amount": "1.00"}},
                             {"name": "B", "weight": 30, "reward": {"kind": "cash", "amount": "1.00"}}]}),
            "variants",
        ),
        (
            json!({"name": "x", "trigger": {"event": "deposit"},
                "reward": {"kind": "cash", "amount": "1.00"},
                "limits": {"budget": "99999999999999999999.00"}}),
            "limits.budget",
        ),
    ];
    for (body, field) in cases {
        let (status, answer) = app
            .post("/api/v1/admin/campaigns", body.clone(), Some(&team))
            .await;
        assert_eq!(status, 422, "{body} → {answer}");
        assert_eq!(answer["error"]["code"], "validation_failed");
        let fields = answer["error"]["details"]["fields"].as_object().unwrap();
        assert!(
            fields.keys().any(|k| k.starts_with(field)),
            "{field} not named in {answer}"
        );
    }
    let (status, answer) = app
        .post(
            "/api/v1/admin/campaigns",
            json!({"name": "x", "trigger": {"event": "deposit"},
                   "reward": {"kind": "cash", "amount": 5}}),
            Some(&team),
        )
        .await;
    assert_eq!(status, 400, "money as a JSON number: {answer}");
    assert_eq!(answer["error"]["code"], "bad_request");
}

#[tokio::test]
async fn states_compliance_and_explain_follow_the_contract() {
    let app = spawn().await;
    let team = marketing(&app).await;
    let id = created(&app, &team, welcome()).await;
    let (status, answer) = act(&app, &team, &id, "pause").await;
    assert_eq!(status, 409, "{answer}");
    assert_eq!(answer["error"]["code"], "invalid_state");
    assert_eq!(act(&app, &team, &id, "launch").await.0, 200);
    assert_eq!(act(&app, &team, &id, "launch").await.0, 409);

    let gb = created(
        &app,
        &team,
        json!({"name": "GB heavy", "trigger": {"event": "deposit", "conditions": {"countries": ["GB"]}},
               "reward": {"kind": "bonus_money", "amount": "10.00", "wagering_multiplier": "40"}}),
    )
    .await;
    let (status, answer) = act(&app, &team, &gb, "launch").await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(answer["error"]["code"], "compliance_violation");
    assert_eq!(
        answer["error"]["details"]["rules"],
        json!(["gb_wagering_cap"])
    );

    let (player_id, _) = app.register(&unique_email("p")).await;
    let (status, explained) = app
        .get(
            &format!("/api/v1/admin/campaigns/{id}/explain/{player_id}"),
            Some(&team),
        )
        .await;
    assert_eq!(status, 200, "{explained}");
    assert_eq!(explained["eligible"], true, "{explained}");
    assert_eq!(explained["reasons"][0]["check"], "state");

    let (status, preview) = app
        .post("/api/v1/admin/campaigns/preview", welcome(), Some(&team))
        .await;
    assert_eq!(status, 200, "{preview}");
    assert_eq!(preview["eligible_players"], 1);

    let (status, list) = app.get("/api/v1/admin/campaigns", Some(&team)).await;
    assert_eq!(status, 200);
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    let (status, _) = app
        .get(
            &format!("/api/v1/admin/campaigns/{}", uuid::Uuid::now_v7()),
            Some(&team),
        )
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_player_opts_in_and_forfeits_a_bonus() {
    let app = spawn().await;
    let team = marketing(&app).await;
    let id = created(
        &app,
        &team,
        json!({"name": "Opt-in bonus", "opt_in": true,
               "trigger": {"event": "opt_in"},
               "reward": {"kind": "bonus_money", "amount": "10.00", "wagering_multiplier": "5",
                          "expires_in_days": 7}}),
    )
    .await;
    act(&app, &team, &id, "launch").await;
    let (_, player) = app.register(&unique_email("p")).await;
    let (status, answer) = app
        .post(
            &format!("/api/v1/promotions/{id}/opt-in"),
            json!({}),
            Some(&player),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["opted_in"], true);
    let bonuses = bonuses_when(&app, &player, 1).await;
    let bonus = &bonuses["items"][0];
    assert_eq!(bonus["status"], "active", "{bonuses}");
    assert_eq!(bonus["wagering_required"], "50.00");
    let (_, wallet) = app.get("/api/v1/wallet", Some(&player)).await;
    assert_eq!(wallet["bonus"], "10.00", "{wallet}");

    let bonus_id = bonus["bonus_id"].as_str().unwrap();
    let (status, forfeited) = app
        .post(
            &format!("/api/v1/bonuses/{bonus_id}/forfeit"),
            json!({}),
            Some(&player),
        )
        .await;
    assert_eq!(status, 200, "{forfeited}");
    assert_eq!(forfeited["status"], "forfeited");
    let (_, wallet) = app.get("/api/v1/wallet", Some(&player)).await;
    assert_eq!(wallet["bonus"], "0.00");
    let (status, again) = app
        .post(
            &format!("/api/v1/bonuses/{bonus_id}/forfeit"),
            json!({}),
            Some(&player),
        )
        .await;
    assert_eq!(
        (status, again["error"]["code"].as_str()),
        (409, Some("invalid_state"))
    );
    let (status, _) = app
        .post(
            &format!("/api/v1/bonuses/{}/forfeit", uuid::Uuid::now_v7()),
            json!({}),
            Some(&player),
        )
        .await;
    assert_eq!(status, 404);
}
