//! The Loyalty contract of API.md against the real app: VIP managers set
//! the programme (422 naming the field, 400 for wrong JSON types) and the
//! store's items; players read their status and history, redeem once per
//! `Idempotency-Key` (422 `insufficient_points`, 409 `out_of_stock`, 403
//! `tier_required`), and get a card only once verified (403
//! `kyc_required`).

use serde_json::{Value, json};

use crate::common::{
    TestApp, cash, funded, market, place, put, send, settle, single, spawn, trader, unique_email,
    winner,
};

const STAFF_PASSWORD: &str = "vip-manager-pass-2026";

async fn vip_manager(app: &TestApp) -> String {
    let admin = app.admin_token().await;
    let email = unique_email("loyalty-vip");
    let (status, body) = app
        .post(
            "/api/v1/admin/staff",
            json!({"email": email, "password": STAFF_PASSWORD, "roles": ["vip_manager"]}),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    app.login(&email, STAFF_PASSWORD).await
}

fn programme() -> Value {
    json!({
        "earning": [{"vertical": "sportsbook", "per": "1.00", "points": 1, "min_odds": "1.50"},
                    {"vertical": "casino", "category": "slots", "per": "1.00", "points": 1}],
        "tiers": [{"name": "Bronze", "threshold": 0},
                  {"name": "Silver", "threshold": 1000, "points_multiplier": "1.25", "cashback_percent": "5"},
                  {"name": "Gold", "threshold": 5000, "points_multiplier": "1.5"}],
        "qualification_days": 90, "downgrade_grace_days": 30,
        "vip_rules": {"min_deposits_30d": "5000.00", "min_ggr_30d": "1000.00"}
    })
}

async fn redeem(app: &TestApp, token: &str, reward: &str, key: Option<&str>) -> (u16, Value) {
    send(
        app,
        reqwest::Method::POST,
        "/api/v1/loyalty/redemptions",
        Some(json!({"reward_id": reward})),
        Some(token),
        key,
    )
    .await
}

async fn item(app: &TestApp, token: &str, body: Value) -> String {
    let (status, answer) = app
        .post("/api/v1/admin/loyalty/rewards", body, Some(token))
        .await;
    assert_eq!(status, 201, "{answer}");
    answer["reward_id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_programme_is_validated_naming_each_field() {
    let app = spawn().await;
    let vip = vip_manager(&app).await;
    let (status, _) = app.get("/api/v1/admin/loyalty/programme", Some(&vip)).await;
    assert_eq!(status, 404, "no programme yet");
    let mut bad = programme();
    bad["tiers"][1]["threshold"] = json!(-1);
    bad["tiers"][2]["name"] = json!("Bronze");
    bad["earning"][0]["per"] = json!("0");
    let (status, body) = put(&app, "/api/v1/admin/loyalty/programme", bad, &vip).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "validation_failed");
    let fields: Vec<&str> = body["error"]["details"]["fields"]
        .as_object()
        .map(|f| f.keys().map(String::as_str).collect())
        .unwrap_or_default();
    for f in ["tiers[1].threshold", "tiers[2].name", "earning[0].per"] {
        assert!(fields.contains(&f), "{f} in {body}");
    }
    let mut wrong_type = programme();
    wrong_type["qualification_days"] = json!("ninety");
    let (status, _) = put(&app, "/api/v1/admin/loyalty/programme", wrong_type, &vip).await;
    assert_eq!(status, 400);
    let (status, body) = put(&app, "/api/v1/admin/loyalty/programme", programme(), &vip).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["tiers"][1]["points_multiplier"], "1.25");
    assert_eq!(body["qualification_days"], 90);
    let (status, read) = app.get("/api/v1/admin/loyalty/programme", Some(&vip)).await;
    assert_eq!((status, read), (200, body));
}

#[tokio::test]
async fn players_read_status_and_redeem_once_per_key() {
    let app = spawn().await;
    let vip = vip_manager(&app).await;
    let (status, _) = put(&app, "/api/v1/admin/loyalty/programme", programme(), &vip).await;
    assert_eq!(status, 200);
    let (player_id, token) = app.register(&unique_email("loyalty")).await;
    let (status, body) = app.get("/api/v1/loyalty", Some(&token)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (
            &body["points"],
            &body["tier"],
            &body["next_tier"]["name"],
            &body["card_number"]
        ),
        (&json!(0), &json!("Bronze"), &json!("Silver"), &Value::Null)
    );
    let player: uuid::Uuid = player_id.parse().unwrap();
    app.state
        .engine
        .loyalty()
        .credit_points(player, 650, "test points", "test:1")
        .await
        .unwrap();
    let coins = item(
        &app,
        &vip,
        json!({"name": "Coins", "cost_points": 300, "stock": 1, "reward": {"kind": "coins", "coins": 10}}),
    )
    .await;
    let gold = item(
        &app,
        &vip,
        json!({"name": "Gold lounge", "cost_points": 1, "min_tier": "Gold", "reward": {"kind": "coins", "coins": 1}}),
    )
    .await;
    let (status, list) = app.get("/api/v1/loyalty/rewards", Some(&token)).await;
    assert_eq!(status, 200);
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    assert_eq!(list["items"][0]["stock_left"], json!(null));

    let (status, body) = redeem(&app, &token, &coins, None).await;
    assert_eq!(status, 422, "an Idempotency-Key is required: {body}");
    let (status, first) = redeem(&app, &token, &coins, Some("k-1")).await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(
        (
            &first["points_spent"],
            &first["coins_spent"],
            &first["status"]
        ),
        (&json!(300), &json!(0), &json!("fulfilled"))
    );
    let (status, again) = redeem(&app, &token, &coins, Some("k-1")).await;
    assert_eq!(
        (status, &again["redemption_id"]),
        (201, &first["redemption_id"])
    );
    let (status, body) = redeem(&app, &token, &coins, Some("k-2")).await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (409, &json!("out_of_stock"))
    );
    let (status, body) = redeem(&app, &token, &gold, Some("k-3")).await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (403, &json!("tier_required"))
    );
    let dear = item(
        &app,
        &vip,
        json!({"name": "Dear", "cost_points": 1000, "reward": {"kind": "coins", "coins": 1}}),
    )
    .await;
    let (status, body) = redeem(&app, &token, &dear, Some("k-4")).await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (422, &json!("insufficient_points"))
    );

    let (_, status_now) = app.get("/api/v1/loyalty", Some(&token)).await;
    assert_eq!(
        (&status_now["points"], &status_now["coins"]),
        (&json!(350), &json!(10))
    );
    let (status, page) = app
        .get("/api/v1/loyalty/transactions?limit=2", Some(&token))
        .await;
    assert_eq!(status, 200, "{page}");
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    for field in ["id", "points", "reason", "created_at"] {
        assert!(items[0].get(field).is_some(), "{field} in {page}");
    }
    let cursor = page["next_cursor"].as_str().unwrap();
    let (status, next) = app
        .get(
            &format!("/api/v1/loyalty/transactions?limit=2&cursor={cursor}"),
            Some(&token),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(next["items"].as_array().unwrap().len(), 1);
    let (status, _) = app
        .get("/api/v1/loyalty/transactions?limit=0", Some(&token))
        .await;
    assert_eq!(status, 422);
    let (status, _) = app
        .get("/api/v1/loyalty/transactions?cursor=zz", Some(&token))
        .await;
    assert_eq!(status, 422);
    let (status, all) = app.get("/api/v1/admin/loyalty/rewards", Some(&vip)).await;
    assert_eq!((status, all["items"].as_array().unwrap().len()), (200, 3));
}

#[tokio::test]
async fn a_card_needs_a_verified_identity_and_is_issued_once() {
    let app = spawn().await;
    let (player_id, token) = app.register(&unique_email("card")).await;
    let (status, body) = app
        .post("/api/v1/loyalty/card", json!({}), Some(&token))
        .await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (403, &json!("kyc_required"))
    );
    let admin = app.admin_token().await;
    let (status, _) = app
        .post(
            &format!("/api/v1/admin/players/{player_id}/kyc"),
            json!({"status": "verified", "note": "passport checked"}),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 200);
    let (status, card) = app
        .post("/api/v1/loyalty/card", json!({}), Some(&token))
        .await;
    assert_eq!(status, 201, "{card}");
    let number = card["card_number"].as_str().unwrap().to_owned();
    assert_eq!(number.len(), 16);
    let (status, again) = app
        .post("/api/v1/loyalty/card", json!({}), Some(&token))
        .await;
    assert_eq!(
        (status, again["card_number"].as_str()),
        (201, Some(number.as_str()))
    );
    let (_, status_now) = app.get("/api/v1/loyalty", Some(&token)).await;
    assert_eq!(status_now["card_number"], json!(number));
    // Items need a price and a valid reward.
    let vip = vip_manager(&app).await;
    let (status, body) = app
        .post(
            "/api/v1/admin/loyalty/rewards",
            json!({"name": "Nothing", "reward": {"kind": "cash"}}),
            Some(&vip),
        )
        .await;
    assert_eq!(status, 422, "{body}");
}

#[tokio::test]
async fn a_silver_players_weekly_net_loss_comes_back_as_cash_cashback() {
    let app = spawn().await;
    let vip = vip_manager(&app).await;
    let (status, _) = put(&app, "/api/v1/admin/loyalty/programme", programme(), &vip).await;
    assert_eq!(status, 200);
    let engine = &app.state.engine;
    // The job's first run opens the running week from now.
    engine::loyalty::cashback::pay_due(engine, engine.now())
        .await
        .unwrap();
    let (player_id, token) = funded(&app, "100.00").await;
    let player: uuid::Uuid = player_id.parse().unwrap();
    engine
        .loyalty()
        .credit_points(player, 1000, "test points", "test:silver")
        .await
        .unwrap();
    let (status, body) = app.get("/api/v1/loyalty", Some(&token)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (&body["tier"], &body["cashback_percent"]),
        (&json!("Silver"), &json!("5"))
    );
    // Loses 24.99: 5% = 1.2495 → 1.24.
    let trader = trader(&app).await;
    let (market, sels) = market(&app, &trader, "1.80", "2.00").await;
    place(&app, &token, single(&sels[0], "1.80", "24.99")).await;
    let (status, body) = settle(&app, &trader, &market, winner(&sels, 1)).await;
    assert_eq!(status, 200, "{body}");
    let (before, _) = cash(&app, &token).await;
    // A week later the week is over: paid once, however often it runs.
    let later = engine.now() + chrono::Duration::days(7);
    engine::loyalty::cashback::pay_due(engine, later)
        .await
        .unwrap();
    engine::loyalty::cashback::pay_due(engine, later)
        .await
        .unwrap();
    assert_eq!(cash(&app, &token).await.0, before + 124);
    let (status, bonuses) = app.get("/api/v1/bonuses", Some(&token)).await;
    assert_eq!(status, 200, "{bonuses}");
    let items: Vec<&Value> = bonuses["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["kind"] == "cashback")
        .collect();
    assert_eq!(items.len(), 1, "{bonuses}");
    assert_eq!(
        (&items[0]["status"], &items[0]["amount"]),
        (&json!("completed"), &json!("1.24"))
    );
}
