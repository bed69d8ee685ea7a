//! The casino back office and the casino server functions against the real
//! app: catalog edits (category, RTP, volatility; Originals' maths fixed),
//! provider health over REST (counts, error rate, alert threshold, the same
//! numbers as `/metrics`, admin only) and the `/rpc` functions the casino
//! pages call (lobby, a round with the wallet after it, verification,
//! admin-only functions refused to players).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use rsa::RsaPrivateKey;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs1v15::SigningKey;
use rsa::sha2::Sha256;
use rsa::signature::{SignatureEncoding, Signer};
use serde_json::{Value, json};

use crate::common::{TestApp, rpc, spawn, spawn_with, unique_email};

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

async fn spawn_hub88() -> TestApp {
    spawn_with(|s| {
        s.hub88_public_key = Some(fixture("hub88_aggregator_public.pem"));
        s.hub88_private_key = Some(fixture("hub88_operator_private.pem"));
        s.hub88_operator_id = Some("42".to_owned());
    })
    .await
}

/// Sends a Hub88 callback signed by the simulated aggregator (or with a
/// wrong signature) and returns the answered status.
async fn hub88(app: &TestApp, endpoint: &str, body: &Value, good_signature: bool) -> String {
    let raw = body.to_string();
    let signature = if good_signature {
        let pem = std::fs::read_to_string(fixture("hub88_aggregator_private.pem")).unwrap();
        let signer = SigningKey::<Sha256>::new(RsaPrivateKey::from_pkcs1_pem(&pem).unwrap());
        BASE64.encode(signer.sign(raw.as_bytes()).to_bytes())
    } else {
        BASE64.encode(b"not a signature")
    };
    let res = app
        .client
        .post(app.url(&format!("/api/hub88/{endpoint}")))
        .header("content-type", "application/json")
        .header("x-hub88-signature", signature)
        .body(raw)
        .send()
        .await
        .unwrap();
    let answer: Value = res.json().await.unwrap();
    answer["status"].as_str().unwrap().to_owned()
}

async fn health(app: &TestApp, token: &str) -> Value {
    let (status, body) = app.get("/api/v1/admin/providers/health", Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn metric(text: &str, outcome: &str) -> u64 {
    text.lines()
        .filter(|l| {
            l.starts_with("croupier_provider_contract_violations_total")
                && l.contains(&format!("outcome=\"{outcome}\""))
        })
        .filter_map(|l| l.rsplit(' ').next()?.parse::<u64>().ok())
        .sum()
}

#[tokio::test]
async fn provider_health_counts_callbacks_and_violations_like_the_metrics_and_alerts_above_the_threshold()
 {
    let app = spawn_hub88().await;
    let admin = app.admin_token().await;
    let (user, player) = app.register(&unique_email("health")).await;

    // Admin only, never a 5xx.
    let (status, _) = app.get("/api/v1/admin/providers/health", None).await;
    assert_eq!(status, 401);
    let (status, body) = app
        .get("/api/v1/admin/providers/health", Some(&player))
        .await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "forbidden");
    let start = health(&app, &admin).await;
    assert_eq!(start["items"], json!([]));
    assert_eq!(start["alert_error_rate"], "0.05");

    // 3 good calls (one with an unknown field), 1 bad signature, 1 missing field.
    for extra in [json!({}), json!({}), json!({"novelty": 1})] {
        let mut body = json!({"user": user, "request_uuid": uuid::Uuid::now_v7().to_string()});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        assert_eq!(hub88(&app, "user/info", &body, true).await, "RS_OK");
    }
    let body = json!({"user": user, "request_uuid": "r-sig"});
    assert_eq!(
        hub88(&app, "user/info", &body, false).await,
        "RS_ERROR_INVALID_SIGNATURE"
    );
    let body = json!({"request_uuid": "r-missing"});
    assert_eq!(
        hub88(&app, "user/info", &body, true).await,
        "RS_ERROR_WRONG_SYNTAX"
    );

    let report = health(&app, &admin).await;
    let hub = &report["items"][0];
    assert_eq!(hub["provider"], "hub88");
    assert_eq!(hub["callbacks"], 5);
    assert_eq!(hub["ok"], 3);
    assert_eq!(hub["errors"], 2);
    assert_eq!(hub["refused"], 0);
    assert_eq!(hub["signature_failures"], 1);
    assert_eq!(hub["unknown_fields"], 1);
    assert_eq!(hub["missing_fields"], 1);
    assert_eq!(hub["by_status"]["RS_OK"], 3);
    assert_eq!(hub["error_rate"], "0.4");
    assert_eq!(hub["alert"], true);

    // The same counts as /metrics.
    let text = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(metric(&text, "invalid_signature"), 1);
    assert_eq!(metric(&text, "unknown_field"), 1);
    assert_eq!(metric(&text, "missing_field"), 1);

    // The threshold: validated, admin only, and it moves the alert.
    let put = |token: String, value: &'static str| {
        let app = &app;
        async move {
            let res = app
                .client
                .put(app.url("/api/v1/admin/providers/health/threshold"))
                .bearer_auth(token)
                .json(&json!({ "alert_error_rate": value }))
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let (status, _) = put(player.clone(), "0.5").await;
    assert_eq!(status, 403);
    for bad in ["0", "1.5", "0.00001", "lots"] {
        let (status, body) = put(admin.clone(), bad).await;
        assert_eq!(status, 422, "{bad}: {body}");
        assert_eq!(body["error"]["code"], "validation_failed");
    }
    let (status, body) = put(admin.clone(), "0.5").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["alert_error_rate"], "0.5");
    assert_eq!(body["items"][0]["alert"], false);
    let openapi = app.get("/api/v1/openapi.json", None).await.1.to_string();
    assert!(openapi.contains("/api/v1/admin/providers/health"));
    assert!(openapi.contains("/api/v1/admin/providers/health/threshold"));
}

#[tokio::test]
async fn admins_edit_category_rtp_and_volatility_but_not_the_originals_maths() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let (status, _) = app
        .post(
            "/api/v1/admin/casino/games",
            json!({"provider": "hub88", "game_code": "hub88.edit-me", "name": "Edit Me",
                   "category": "slots", "rtp": "0.95", "volatility": "low"}),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 201);
    let patch = |code: &'static str, body: Value| {
        let app = &app;
        let admin = admin.clone();
        async move {
            let res = app
                .client
                .patch(app.url(&format!("/api/v1/admin/casino/games/{code}")))
                .bearer_auth(admin)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let (status, body) = patch(
        "hub88.edit-me",
        json!({"category": "Live", "rtp": "0.9650", "volatility": "high"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["category"], "live");
    assert_eq!(body["rtp"], "0.965");
    assert_eq!(body["volatility"], "high");
    let (status, body) = patch("hub88.edit-me", json!({"rtp": "", "volatility": ""})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["rtp"], Value::Null);
    assert_eq!(body["volatility"], Value::Null);
    for bad in [
        json!({"rtp": "1.2"}),
        json!({"volatility": "wild"}),
        json!({"category": ""}),
    ] {
        let (status, body) = patch("hub88.edit-me", bad.clone()).await;
        assert_eq!(status, 422, "{bad}: {body}");
    }

    // Originals: the category may change, the maths may not.
    let (status, body) = patch("originals.dice", json!({"rtp": "0.999"})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "validation_failed");
    let (_, catalog) = app.get("/api/v1/casino/games", None).await;
    let dice = catalog["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["game_code"] == "originals.dice")
        .unwrap()
        .clone();
    let (status, body) = patch(
        "originals.dice",
        json!({"rtp": dice["rtp"], "volatility": dice["volatility"], "category": "instant"}),
    )
    .await;
    assert_eq!(status, 200, "unchanged maths may be sent back: {body}");
}

#[tokio::test]
async fn the_casino_server_functions_play_verify_and_keep_admin_tools_to_admins() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let (_, player) = app.register(&unique_email("rpc")).await;
    let (status, body) = app
        .post(
            "/api/v1/wallet/deposits",
            json!({"amount": "10.00", "method": "sandbox"}),
            Some(&player),
        )
        .await;
    assert_eq!(status, 201, "{body}");

    // The lobby, filtered.
    let (status, lobby) = rpc(&app, "casino_lobby", &[("category", "slots")], &player).await;
    assert_eq!(status, 200, "{lobby}");
    let codes: Vec<&str> = lobby["games"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["game_code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["originals.slot.emerald-nights"]);
    assert!(lobby["categories"].as_array().unwrap().len() >= 3);

    // A slot round: the wallet after it is the round's balance.
    let (status, seeds) = rpc(&app, "casino_seeds", &[], &player).await;
    assert_eq!(status, 200);
    let (status, out) = rpc(
        &app,
        "casino_play",
        &[("game", "slot"), ("stake", "1.00")],
        &player,
    )
    .await;
    assert_eq!(status, 200, "{out}");
    assert_eq!(out["ok"], true, "{out}");
    let round = &out["round"];
    assert_eq!(round["stake"], "1.00");
    assert_eq!(round["commitment"], seeds["commitment"]);
    assert_eq!(out["wallet"]["cash"], round["balance_after"]);
    let expected = {
        let w = domain::money::Money::parse(
            round["win"].as_str().unwrap(),
            domain::money::Currency::EUR,
        )
        .unwrap();
        domain::money::Money::new(900 + w.minor(), domain::money::Currency::EUR).format_amount()
    };
    assert_eq!(round["balance_after"], expected.as_str());
    let (_, wallet) = app.get("/api/v1/wallet", Some(&player)).await;
    assert_eq!(wallet["cash"], expected.as_str());
    assert_ne!(out["seeds"]["commitment"], seeds["commitment"]);

    // Refusals are data with stable codes.
    let (_, refused) = rpc(
        &app,
        "casino_play",
        &[("game", "slot"), ("stake", "1000.00")],
        &player,
    )
    .await;
    assert_eq!(refused["ok"], false);
    assert_eq!(refused["code"], "insufficient_funds");
    let (_, refused) = rpc(
        &app,
        "casino_play",
        &[("game", "slot"), ("stake", "0.15")],
        &player,
    )
    .await;
    assert_eq!(refused["code"], "validation_failed");
    let (_, refused) = rpc(
        &app,
        "casino_play",
        &[
            ("game", "dice"),
            ("stake", "1.001"),
            ("direction", "under"),
            ("target", "50"),
        ],
        &player,
    )
    .await;
    assert_eq!(refused["code"], "validation_failed");

    // History and verification.
    let (_, rounds) = rpc(
        &app,
        "casino_rounds",
        &[("game_code", "originals.slot.emerald-nights")],
        &player,
    )
    .await;
    assert_eq!(rounds.as_array().unwrap().len(), 1);
    let id = rounds[0]["round_id"].as_str().unwrap();
    let (status, verified) = rpc(&app, "casino_verify", &[("round_id", id)], &player).await;
    assert_eq!(status, 200);
    assert_eq!(verified["commitment_matches"], true);
    assert_eq!(verified["result_matches"], true);
    // Another player cannot verify it.
    let (_, other) = app.register(&unique_email("rpc-other")).await;
    let (_, none) = rpc(&app, "casino_verify", &[("round_id", id)], &other).await;
    assert_eq!(none, Value::Null);

    // Admin tools: refused to players, working for admins.
    let (status, _) = rpc(&app, "provider_health", &[], &player).await;
    assert_eq!(status, 403);
    let (status, _) = rpc(&app, "admin_casino_games", &[], &player).await;
    assert_eq!(status, 403);
    let (status, _) = rpc(
        &app,
        "admin_update_game",
        &[("game_code", "originals.dice"), ("category", "instant")],
        &player,
    )
    .await;
    assert_eq!(status, 403);
    let (status, h) = rpc(&app, "provider_health", &[], &admin).await;
    assert_eq!(status, 200, "{h}");
    assert_eq!(h["alert_error_rate_bp"], 500);
    let (status, saved) = rpc(
        &app,
        "admin_update_game",
        &[
            ("game_code", "originals.dice"),
            ("category", "instant"),
            ("rtp", ""),
            ("volatility", "player_chosen"),
        ],
        &admin,
    )
    .await;
    assert_eq!(status, 200);
    // Clearing the Originals' RTP is refused; nothing changed.
    assert_eq!(saved["ok"], false, "{saved}");
    let (_, catalog) = rpc(&app, "admin_casino_games", &[], &admin).await;
    let dice = catalog
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["game_code"] == "originals.dice")
        .unwrap();
    assert!(dice["rtp"].is_string());
    assert_eq!(dice["enabled"], true);
    // Disabling takes the game out of the lobby.
    let rtp = dice["rtp"].as_str().unwrap().to_owned();
    let (_, saved) = rpc(
        &app,
        "admin_update_game",
        &[
            ("game_code", "originals.dice"),
            ("category", "instant"),
            ("rtp", &rtp),
            ("volatility", "player_chosen"),
        ],
        &admin,
    )
    .await;
    assert_eq!(saved["ok"], true, "{saved}");
    assert_eq!(saved["game"]["enabled"], false);
    let (_, lobby) = rpc(&app, "casino_lobby", &[], &player).await;
    assert!(
        lobby["games"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["game_code"] != "originals.dice")
    );
    let (_, set) = rpc(&app, "set_provider_alert", &[("percent", "12.5")], &admin).await;
    assert_eq!(set["ok"], true, "{set}");
    let report = health(&app, &admin).await;
    assert_eq!(report["alert_error_rate"], "0.125");
}
