//! The Hub88 operator wallet API against a simulated aggregator: it signs
//! its requests with its own RSA key (fixtures generated once with
//! openssl), checks that every answer is signed with the operator key, and
//! walks the protocol's rules: the happy path, money, duplicates, wins and
//! rollbacks of unknown bets, signatures, currencies, excluded players,
//! expired tokens; then a deposit, a sports bet, a Hub88 round and an
//! Originals round on one wallet, with the ledger verified.

use crate::common::{TestApp, spawn_with, unique_email};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::DecodePublicKey;
use rsa::sha2::Sha256;
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::{RsaPrivateKey, RsaPublicKey};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{Value, json};
use uuid::Uuid;

const GAME: &str = "hub88.sim.book-of-tests";

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The aggregator: its signing key and our public key.
struct Aggregator {
    signer: SigningKey<Sha256>,
    operator: VerifyingKey<Sha256>,
}

impl Aggregator {
    fn new() -> Self {
        let private = std::fs::read_to_string(fixture("hub88_aggregator_private.pem")).unwrap();
        let public = std::fs::read_to_string(fixture("hub88_operator_public.pem")).unwrap();
        Self {
            signer: SigningKey::new(RsaPrivateKey::from_pkcs1_pem(&private).unwrap()),
            operator: VerifyingKey::new(RsaPublicKey::from_public_key_pem(&public).unwrap()),
        }
    }

    fn sign(&self, body: &[u8]) -> String {
        BASE64.encode(self.signer.sign(body).to_bytes())
    }

    /// Sends `body` signed (or with `signature` instead) and checks our
    /// answer's signature.
    async fn call_with(
        &self,
        app: &TestApp,
        endpoint: &str,
        body: &Value,
        signature: Option<String>,
    ) -> Value {
        let raw = body.to_string();
        let signature = signature.unwrap_or_else(|| self.sign(raw.as_bytes()));
        let res = app
            .client
            .post(app.url(&format!("/api/hub88/{endpoint}")))
            .header("content-type", "application/json")
            .header("x-hub88-signature", signature)
            .body(raw)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200, "Hub88 answers are always 200");
        let answer_signature = res
            .headers()
            .get("x-hub88-signature")
            .expect("every answer is signed")
            .to_str()
            .unwrap()
            .to_owned();
        let bytes = res.bytes().await.unwrap();
        let sig = Signature::try_from(BASE64.decode(answer_signature).unwrap().as_slice()).unwrap();
        self.operator
            .verify(&bytes, &sig)
            .expect("the answer's signature checks with the operator key");
        let answer: Value = serde_json::from_slice(&bytes).unwrap();
        for key in ["user", "status", "request_uuid", "currency", "balance"] {
            assert!(answer.get(key).is_some(), "{key} missing in {answer}");
        }
        assert_eq!(answer["request_uuid"], body["request_uuid"]);
        answer
    }

    async fn call(&self, app: &TestApp, endpoint: &str, body: &Value) -> Value {
        self.call_with(app, endpoint, body, None).await
    }
}

async fn spawn_hub88() -> TestApp {
    spawn_with(|s| {
        s.hub88_public_key = Some(fixture("hub88_aggregator_public.pem"));
        s.hub88_private_key = Some(fixture("hub88_operator_private.pem"));
        s.hub88_operator_id = Some("42".to_owned());
    })
    .await
}

/// A player with `deposit` EUR and a Hub88 session: (player id, jwt, game token).
async fn player(app: &TestApp, deposit: &str) -> (String, String, String) {
    let (id, jwt) = app.register(&unique_email("hub88")).await;
    let (status, body) = app
        .post(
            "/api/v1/wallet/deposits",
            json!({"amount": deposit, "method": "sandbox"}),
            Some(&jwt),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let token = session(app, &jwt).await;
    (id, jwt, token)
}

async fn session(app: &TestApp, jwt: &str) -> String {
    let admin = app.admin_token().await;
    // Idempotent enough for tests: a second add answers 409.
    let (status, _) = app
        .post(
            "/api/v1/admin/casino/games",
            json!({"provider": "hub88", "game_code": GAME, "name": "Book of Tests",
                   "category": "slots", "rtp": "0.9612"}),
            Some(&admin),
        )
        .await;
    assert!(status == 201 || status == 409, "{status}");
    let (status, body) = app
        .post(
            "/api/v1/casino/sessions",
            json!({"game_code": GAME}),
            Some(jwt),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert!(body["launch_url"].as_str().unwrap().contains(GAME));
    body["token"].as_str().unwrap().to_owned()
}

fn bet(user: &str, token: &str, tx: &str, round: &str, amount: i64) -> Value {
    json!({
        "user": user, "transaction_uuid": tx, "supplier_transaction_id": format!("s-{tx}"),
        "token": token, "round": round, "request_uuid": Uuid::now_v7().to_string(),
        "is_free": false, "is_aggregated": false, "game_code": GAME, "currency": "EUR",
        "bet": "zero", "amount": amount, "meta": {"selection": "home_team"}
    })
}

fn win(user: &str, token: &str, tx: &str, reference: &str, round: &str, amount: i64) -> Value {
    json!({
        "user": user, "transaction_uuid": tx, "supplier_transaction_id": format!("s-{tx}"),
        "token": token, "round": round, "request_uuid": Uuid::now_v7().to_string(),
        "reference_transaction_uuid": reference, "is_free": false, "is_aggregated": false,
        "game_code": GAME, "currency": "EUR", "amount": amount
    })
}

fn rollback(user: &str, token: &str, tx: &str, reference: &str, round: &str) -> Value {
    json!({
        "user": user, "transaction_uuid": tx, "supplier_transaction_id": format!("s-{tx}"),
        "token": token, "round": round, "request_uuid": Uuid::now_v7().to_string(),
        "reference_transaction_uuid": reference, "game_code": GAME, "meta": {}
    })
}

fn id() -> String {
    Uuid::now_v7().to_string()
}

async fn cash(app: &TestApp, jwt: &str) -> String {
    let (status, body) = app.get("/api/v1/wallet", Some(jwt)).await;
    assert_eq!(status, 200);
    body["cash"].as_str().unwrap().to_owned()
}

async fn ledger_verifies(app: &TestApp) {
    let outcome = engine::wallet::verify::verify(&app.db.db).await.unwrap();
    assert!(outcome.is_ok(), "ledger verification failed: {outcome:?}");
}

#[tokio::test]
async fn a_round_bets_and_wins_with_signed_answers_and_exact_amounts() {
    let app = spawn_hub88().await;
    let sim = Aggregator::new();
    let (user, jwt, token) = player(&app, "100.00").await;

    let info = sim
        .call(
            &app,
            "user/info",
            &json!({"user": user, "request_uuid": id()}),
        )
        .await;
    assert_eq!(info["status"], "RS_OK");
    assert_eq!(info["currency"], "EUR");
    assert_eq!(info["balance"], 10_000_000);
    assert_eq!(info["country"], "MT");

    let balance = sim
        .call(
            &app,
            "user/balance",
            &json!({"user": user, "token": token, "request_uuid": id(), "game_code": GAME}),
        )
        .await;
    assert_eq!(balance["status"], "RS_OK");
    assert_eq!(balance["balance"], 10_000_000);

    let bet_id = id();
    let placed = sim
        .call(
            &app,
            "transaction/bet",
            &bet(&user, &token, &bet_id, "r1", 356_000),
        )
        .await;
    assert_eq!(placed["status"], "RS_OK", "{placed}");
    assert_eq!(placed["balance"], 9_644_000);
    assert_eq!(placed["user"], user);

    let paid = sim
        .call(
            &app,
            "transaction/win",
            &win(&user, &token, &id(), &bet_id, "r1", 1_000_000),
        )
        .await;
    assert_eq!(paid["status"], "RS_OK", "{paid}");
    assert_eq!(paid["balance"], 10_644_000);
    assert_eq!(cash(&app, &jwt).await, "106.44");

    // The round was announced for bonuses and leaderboards.
    let events = entity::outbox::Entity::find()
        .all(&app.db.db)
        .await
        .unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.kind == "game.round_completed" && e.payload.contains("\"win\":\"10.00\"")),
        "no game.round_completed event"
    );
    ledger_verifies(&app).await;
}

#[tokio::test]
async fn a_bet_beyond_the_balance_is_refused_with_the_real_balance() {
    let app = spawn_hub88().await;
    let sim = Aggregator::new();
    let (user, jwt, token) = player(&app, "10.00").await;
    let answer = sim
        .call(
            &app,
            "transaction/bet",
            &bet(&user, &token, &id(), "r1", 1_000_100_000),
        )
        .await;
    assert_eq!(answer["status"], "RS_ERROR_NOT_ENOUGH_MONEY");
    assert_eq!(answer["balance"], 1_000_000);
    assert_eq!(cash(&app, &jwt).await, "10.00");
}

#[tokio::test]
async fn a_repeated_transaction_is_processed_once_and_a_changed_one_is_a_duplicate() {
    let app = spawn_hub88().await;
    let sim = Aggregator::new();
    let (user, jwt, token) = player(&app, "50.00").await;
    let tx = id();
    let first = sim
        .call(
            &app,
            "transaction/bet",
            &bet(&user, &token, &tx, "r1", 500_000),
        )
        .await;
    assert_eq!(first["status"], "RS_OK");
    assert_eq!(first["balance"], 4_500_000);
    let again = sim
        .call(
            &app,
            "transaction/bet",
            &bet(&user, &token, &tx, "r1", 500_000),
        )
        .await;
    assert_eq!(again["status"], "RS_OK");
    assert_eq!(again["balance"], 4_500_000, "debited once");
    let changed = sim
        .call(
            &app,
            "transaction/bet",
            &bet(&user, &token, &tx, "r1", 600_000),
        )
        .await;
    assert_eq!(changed["status"], "RS_ERROR_DUPLICATE_TRANSACTION");
    let other_round = sim
        .call(
            &app,
            "transaction/bet",
            &bet(&user, &token, &tx, "r2", 500_000),
        )
        .await;
    assert_eq!(other_round["status"], "RS_ERROR_DUPLICATE_TRANSACTION");

    let win_id = id();
    let w = win(&user, &token, &win_id, &tx, "r1", 200_000);
    assert_eq!(
        sim.call(&app, "transaction/win", &w).await["status"],
        "RS_OK"
    );
    let repeat = sim.call(&app, "transaction/win", &w).await;
    assert_eq!(repeat["status"], "RS_OK");
    assert_eq!(repeat["balance"], 4_700_000, "credited once");
    assert_eq!(cash(&app, &jwt).await, "47.00");
    ledger_verifies(&app).await;
}

#[tokio::test]
async fn concurrent_deliveries_of_one_bet_debit_once() {
    let app = spawn_hub88().await;
    let sim = Aggregator::new();
    let (user, jwt, token) = player(&app, "30.00").await;
    let body = bet(&user, &token, &id(), "r1", 1_000_000);
    let answers =
        futures::future::join_all((0..6).map(|_| sim.call(&app, "transaction/bet", &body))).await;
    for answer in &answers {
        assert_eq!(answer["status"], "RS_OK", "{answer}");
    }
    assert_eq!(cash(&app, &jwt).await, "20.00");
    ledger_verifies(&app).await;
}

#[tokio::test]
async fn a_win_for_an_unknown_bet_does_not_exist() {
    let app = spawn_hub88().await;
    let sim = Aggregator::new();
    let (user, jwt, token) = player(&app, "20.00").await;
    let answer = sim
        .call(
            &app,
            "transaction/win",
            &win(&user, &token, &id(), &id(), "r1", 100_000),
        )
        .await;
    assert_eq!(answer["status"], "RS_ERROR_TRANSACTION_DOES_NOT_EXIST");
    assert_eq!(answer["balance"], 2_000_000);
    assert_eq!(cash(&app, &jwt).await, "20.00");
}

#[tokio::test]
async fn a_rollback_before_its_bet_is_recorded_and_the_late_bet_refused() {
    let app = spawn_hub88().await;
    let sim = Aggregator::new();
    let (user, jwt, token) = player(&app, "20.00").await;
    let bet_id = id();
    let rb = rollback(&user, &token, &id(), &bet_id, "r1");
    let answer = sim.call(&app, "transaction/rollback", &rb).await;
    assert_eq!(answer["status"], "RS_OK");
    assert_eq!(answer["balance"], 2_000_000);
    let late = sim
        .call(
            &app,
            "transaction/bet",
            &bet(&user, &token, &bet_id, "r1", 100_000),
        )
        .await;
    assert_ne!(late["status"], "RS_OK", "{late}");
    assert_eq!(late["status"], "RS_ERROR_DUPLICATE_TRANSACTION");
    assert_eq!(cash(&app, &jwt).await, "20.00");

    // A rollback of a real bet refunds it once.
    let placed = id();
    sim.call(
        &app,
        "transaction/bet",
        &bet(&user, &token, &placed, "r2", 300_000),
    )
    .await;
    assert_eq!(cash(&app, &jwt).await, "17.00");
    let rb = rollback(&user, &token, &id(), &placed, "r2");
    let refunded = sim.call(&app, "transaction/rollback", &rb).await;
    assert_eq!(refunded["status"], "RS_OK");
    assert_eq!(refunded["balance"], 2_000_000);
    let repeated = sim.call(&app, "transaction/rollback", &rb).await;
    assert_eq!(repeated["status"], "RS_OK");
    let second = rollback(&user, &token, &id(), &placed, "r2");
    assert_eq!(
        sim.call(&app, "transaction/rollback", &second).await["status"],
        "RS_OK"
    );
    assert_eq!(cash(&app, &jwt).await, "20.00", "refunded once");
    ledger_verifies(&app).await;
}

#[tokio::test]
async fn a_bad_or_missing_signature_is_refused_and_counted() {
    let app = spawn_hub88().await;
    let sim = Aggregator::new();
    let (user, jwt, token) = player(&app, "20.00").await;
    let body = bet(&user, &token, &id(), "r1", 100_000);
    // Signed over another body.
    let forged = sim.sign(b"{\"amount\":1}");
    let answer = sim
        .call_with(&app, "transaction/bet", &body, Some(forged))
        .await;
    assert_eq!(answer["status"], "RS_ERROR_INVALID_SIGNATURE");
    let garbage = sim
        .call_with(
            &app,
            "transaction/bet",
            &body,
            Some("not base64!".to_owned()),
        )
        .await;
    assert_eq!(garbage["status"], "RS_ERROR_INVALID_SIGNATURE");
    assert_eq!(cash(&app, &jwt).await, "20.00");
    let (_, _) = app.get("/metrics", None).await;
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.lines().any(
            |l| l.starts_with("croupier_provider_contract_violations_total")
                && l.contains("provider=\"hub88\"")
                && l.contains("outcome=\"invalid_signature\"")
                && l.ends_with(" 2")
        ),
        "{metrics}"
    );
}

#[tokio::test]
async fn missing_and_unknown_fields_are_counted_and_missing_ones_refused() {
    let app = spawn_hub88().await;
    let sim = Aggregator::new();
    let (user, _jwt, token) = player(&app, "20.00").await;
    let mut body = bet(&user, &token, &id(), "r1", 100_000);
    body.as_object_mut().unwrap().remove("round");
    let answer = sim.call(&app, "transaction/bet", &body).await;
    assert_eq!(answer["status"], "RS_ERROR_WRONG_SYNTAX");
    let mut body = bet(&user, &token, &id(), "r1", 100_000);
    body["brand_new_field"] = json!(1);
    assert_eq!(
        sim.call(&app, "transaction/bet", &body).await["status"],
        "RS_OK"
    );
    let mut body = bet(&user, &token, &id(), "r1", 100_000);
    body["amount"] = json!("1.00");
    assert_eq!(
        sim.call(&app, "transaction/bet", &body).await["status"],
        "RS_ERROR_WRONG_TYPES"
    );
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for outcome in ["missing_field", "unknown_field", "wrong_types"] {
        assert!(
            metrics
                .lines()
                .any(|l| l.contains("provider_contract_violations") && l.contains(outcome)),
            "{outcome} not counted"
        );
    }
}

#[tokio::test]
async fn a_wrong_currency_and_an_inexact_amount_are_refused() {
    let app = spawn_hub88().await;
    let sim = Aggregator::new();
    let (user, jwt, token) = player(&app, "20.00").await;
    let mut body = bet(&user, &token, &id(), "r1", 100_000);
    body["currency"] = json!("USD");
    let answer = sim.call(&app, "transaction/bet", &body).await;
    assert_eq!(answer["status"], "RS_ERROR_WRONG_CURRENCY");
    assert_eq!(answer["currency"], "EUR");
    // 1.00001 EUR is not a whole number of cents.
    let answer = sim
        .call(
            &app,
            "transaction/bet",
            &bet(&user, &token, &id(), "r1", 100_001),
        )
        .await;
    assert_eq!(answer["status"], "RS_ERROR_WRONG_TYPES");
    // No rewards are issued here, so a free bet is refused.
    let free_bet = id();
    let mut body = bet(&user, &token, &free_bet, "r2", 100_000);
    body["is_free"] = json!(true);
    body["reward_uuid"] = json!(id());
    let answer = sim.call(&app, "transaction/bet", &body).await;
    assert_eq!(answer["status"], "RS_ERROR_WRONG_TYPES");
    let answer = sim
        .call(
            &app,
            "transaction/win",
            &win(&user, &token, &id(), &free_bet, "r2", 100_000),
        )
        .await;
    assert_eq!(answer["status"], "RS_ERROR_TRANSACTION_DOES_NOT_EXIST");
    assert_eq!(cash(&app, &jwt).await, "20.00");
}

#[tokio::test]
async fn an_excluded_player_cannot_bet_but_wins_and_rollbacks_still_land() {
    let app = spawn_hub88().await;
    let sim = Aggregator::new();
    let (user, jwt, token) = player(&app, "20.00").await;
    let open_bet = id();
    assert_eq!(
        sim.call(
            &app,
            "transaction/bet",
            &bet(&user, &token, &open_bet, "r1", 200_000)
        )
        .await["status"],
        "RS_OK"
    );
    let second_bet = id();
    assert_eq!(
        sim.call(
            &app,
            "transaction/bet",
            &bet(&user, &token, &second_bet, "r3", 100_000)
        )
        .await["status"],
        "RS_OK"
    );
    let (status, body) = app
        .post(
            "/api/v1/responsible-gaming/exclusions",
            json!({"kind": "time_out", "days": 1}),
            Some(&jwt),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let refused = sim
        .call(
            &app,
            "transaction/bet",
            &bet(&user, &token, &id(), "r2", 100_000),
        )
        .await;
    assert_eq!(refused["status"], "RS_ERROR_USER_DISABLED");
    assert_eq!(refused["balance"], 1_700_000);
    let rb = rollback(&user, &token, &id(), &second_bet, "r3");
    let refunded = sim.call(&app, "transaction/rollback", &rb).await;
    assert_eq!(refunded["status"], "RS_OK");
    assert_eq!(refunded["balance"], 1_800_000);
    let paid = sim
        .call(
            &app,
            "transaction/win",
            &win(&user, &token, &id(), &open_bet, "r1", 500_000),
        )
        .await;
    assert_eq!(paid["status"], "RS_OK");
    assert_eq!(paid["balance"], 2_300_000);
    // And no new game session either.
    let (status, body) = app
        .post(
            "/api/v1/casino/sessions",
            json!({"game_code": GAME}),
            Some(&jwt),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "self_excluded");
}

#[tokio::test]
async fn a_wager_limit_refuses_the_bet_with_limit_reached() {
    let app = spawn_hub88().await;
    let sim = Aggregator::new();
    let (user, jwt, token) = player(&app, "50.00").await;
    let (status, body) = app
        .client
        .put(app.url("/api/v1/responsible-gaming/limits"))
        .bearer_auth(&jwt)
        .json(&json!({"kind": "wager", "period": "day", "amount": "5.00"}))
        .send()
        .await
        .map(|r| (r.status().as_u16(), r))
        .unwrap();
    assert_eq!(status, 200, "{:?}", body.text().await);
    let answer = sim
        .call(
            &app,
            "transaction/bet",
            &bet(&user, &token, &id(), "r1", 600_000),
        )
        .await;
    assert_eq!(answer["status"], "RS_ERROR_LIMIT_REACHED");
    assert_eq!(cash(&app, &jwt).await, "50.00");
}

#[tokio::test]
async fn an_expired_token_stops_bets_but_not_wins() {
    let app = spawn_hub88().await;
    let sim = Aggregator::new();
    let (user, jwt, token) = player(&app, "20.00").await;
    let open_bet = id();
    sim.call(
        &app,
        "transaction/bet",
        &bet(&user, &token, &open_bet, "r1", 100_000),
    )
    .await;
    let row = entity::casino_sessions::Entity::find_by_id(token.clone())
        .one(&app.db.db)
        .await
        .unwrap()
        .unwrap();
    let mut row: entity::casino_sessions::ActiveModel = row.into();
    row.expires_at = Set(chrono::Utc::now() - chrono::TimeDelta::minutes(1));
    row.update(&app.db.db).await.unwrap();
    let refused = sim
        .call(
            &app,
            "transaction/bet",
            &bet(&user, &token, &id(), "r2", 100_000),
        )
        .await;
    assert_eq!(refused["status"], "RS_ERROR_TOKEN_EXPIRED");
    let paid = sim
        .call(
            &app,
            "transaction/win",
            &win(&user, &token, &id(), &open_bet, "r1", 300_000),
        )
        .await;
    assert_eq!(paid["status"], "RS_OK");
    assert_eq!(cash(&app, &jwt).await, "22.00");
    // A token of another player is no token at all.
    let (other, _, _) = player(&app, "1.00").await;
    let stolen = sim
        .call(
            &app,
            "transaction/bet",
            &bet(&other, &token, &id(), "r3", 100_000),
        )
        .await;
    assert_eq!(stolen["status"], "RS_ERROR_INVALID_TOKEN");
    let unknown_game = {
        let mut body = bet(&user, &session(&app, &jwt).await, &id(), "r4", 100_000);
        body["game_code"] = json!("no.such.game");
        sim.call(&app, "transaction/bet", &body).await
    };
    assert_eq!(unknown_game["status"], "RS_ERROR_INVALID_GAME");
}

#[tokio::test]
async fn without_the_aggregator_key_every_callback_is_refused() {
    let app = spawn_with(|s| {
        s.hub88_private_key = Some(fixture("hub88_operator_private.pem"));
    })
    .await;
    let sim = Aggregator::new();
    let (user, _) = app.register(&unique_email("nokey")).await;
    let answer = sim
        .call(
            &app,
            "user/info",
            &json!({"user": user, "request_uuid": id()}),
        )
        .await;
    assert_eq!(answer["status"], "RS_ERROR_INVALID_SIGNATURE");
}

#[tokio::test]
async fn sportsbook_cash_casino_and_originals_share_one_wallet_and_the_ledger_agrees() {
    let app = spawn_hub88().await;
    let sim = Aggregator::new();
    let (user, jwt, token) = player(&app, "100.00").await;

    // A sports bet: 5.00 at 2.00, reserved, then won (+10.00) → 105.00.
    let trader_email = unique_email("trader");
    app.state
        .engine
        .auth()
        .ensure_staff(&trader_email, "trader-pass-1", &[engine::Role::Trader])
        .await
        .unwrap();
    let trader = app.login(&trader_email, "trader-pass-1").await;
    let starts_at = (chrono::Utc::now() + chrono::TimeDelta::days(1)).to_rfc3339();
    let (status, event) = app
        .post(
            "/api/v1/admin/events",
            json!({"sport": "Football", "competition": "One Wallet League", "name": "Home v Away",
                   "starts_at": starts_at, "markets": [{"name": "Winner", "kind": "moneyline",
                   "selections": [{"name": "Home", "odds": "2.00"}, {"name": "Away", "odds": "1.80"}]}]}),
            Some(&trader),
        )
        .await;
    assert_eq!(status, 201, "{event}");
    let market = event["markets"][0]["id"].as_str().unwrap().to_owned();
    let home = event["markets"][0]["selections"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let away = event["markets"][0]["selections"][1]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, placed) = app
        .post(
            "/api/v1/bets",
            json!({"kind": "single", "unit_stake": "5.00", "odds_change": "reject",
                   "legs": [{"selection_id": home, "odds": "2.00"}]}),
            Some(&jwt),
        )
        .await;
    assert_eq!(status, 201, "{placed}");
    assert_eq!(cash(&app, &jwt).await, "95.00");
    let (status, settled) = app
        .post(
            &format!("/api/v1/admin/markets/{market}/settle"),
            json!({"outcomes": [{"selection_id": home, "result": "win"},
                                {"selection_id": away, "result": "lose"}]}),
            Some(&trader),
        )
        .await;
    assert_eq!(status, 200, "{settled}");
    assert_eq!(cash(&app, &jwt).await, "105.00");

    let bet_id = id();
    sim.call(
        &app,
        "transaction/bet",
        &bet(&user, &token, &bet_id, "r1", 1_000_000),
    )
    .await;
    sim.call(
        &app,
        "transaction/win",
        &win(&user, &token, &id(), &bet_id, "r1", 0),
    )
    .await;
    assert_eq!(cash(&app, &jwt).await, "95.00");

    let (status, round) = app
        .post(
            "/api/v1/casino/originals/dice/rounds",
            json!({"stake": "2.00", "direction": "under", "target": "49.50"}),
            Some(&jwt),
        )
        .await;
    assert_eq!(status, 201, "{round}");
    let expected = if round["result"]["won"] == true {
        // 2.00 × 0.99 / 0.4950 = 4.00
        "97.00"
    } else {
        "93.00"
    };
    assert_eq!(round["balance_after"], expected);
    assert_eq!(cash(&app, &jwt).await, expected);
    let (_, wallet) = app.get("/api/v1/wallet", Some(&jwt)).await;
    let info = sim
        .call(
            &app,
            "user/info",
            &json!({"user": user, "request_uuid": id()}),
        )
        .await;
    let cents: i64 = wallet["cash"]
        .as_str()
        .unwrap()
        .replace('.', "")
        .parse()
        .unwrap();
    assert_eq!(info["balance"], cents * 1000, "Hub88 sees the same balance");
    ledger_verifies(&app).await;
}
