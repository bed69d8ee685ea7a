//! The Wallet contract of API.md against the real app: balances, deposits,
//! withdrawals, history, idempotency, the back office, the sandbox webhook,
//! live balance events, and `croupier ledger verify`.

use std::time::Duration;

use crate::common::{TestApp, spawn, unique_email};
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

async fn post_with_key(
    app: &TestApp,
    path: &str,
    body: Value,
    token: &str,
    key: &str,
) -> (u16, String) {
    let res = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(&body)
        .send()
        .await
        .expect("request");
    (res.status().as_u16(), res.text().await.unwrap_or_default())
}

async fn deposit(app: &TestApp, token: &str, amount: &str) -> Value {
    let (status, body) = app
        .post(
            "/api/v1/wallet/deposits",
            json!({"amount": amount, "method": "sandbox"}),
            Some(token),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    body
}

async fn wallet(app: &TestApp, token: &str) -> Value {
    let (status, body) = app.get("/api/v1/wallet", Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn verify_kyc(app: &TestApp, player_id: &str) {
    let admin = app.admin_token().await;
    let (status, body) = app
        .post(
            &format!("/api/v1/admin/players/{player_id}/kyc"),
            json!({"status": "verified"}),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn a_new_player_has_an_empty_wallet_in_their_currency_and_strangers_none() {
    let app = spawn().await;
    let (status, body) = app.get("/api/v1/wallet", None).await;
    assert_eq!((status, error_code(&body)), (401, "unauthorized"));
    let (_, token) = app.register(&unique_email("w")).await;
    assert_eq!(
        wallet(&app, &token).await,
        json!({"currency": "EUR", "cash": "0.00", "bonus": "0.00", "reserved": "0.00", "coins": 0})
    );
}

#[tokio::test]
async fn a_sandbox_deposit_completes_at_once_and_shows_in_the_balance_and_history() {
    let app = spawn().await;
    let (_, token) = app.register(&unique_email("dep")).await;
    let body = deposit(&app, &token, "10.5").await;
    assert_eq!(body["status"], "completed");
    assert_eq!(body["amount"], "10.50");
    assert!(body["deposit_id"].as_str().is_some_and(|s| !s.is_empty()));
    assert_eq!(wallet(&app, &token).await["cash"], "10.50");

    let (status, history) = app
        .get("/api/v1/wallet/transactions?limit=10", Some(&token))
        .await;
    assert_eq!(status, 200);
    let item = &history["items"][0];
    assert_eq!(item["kind"], "deposit");
    assert_eq!(item["amount"], "10.50");
    assert_eq!(item["currency"], "EUR");
    assert_eq!(item["balance_after"], "10.50");
    assert!(chrono::DateTime::parse_from_rfc3339(item["created_at"].as_str().unwrap()).is_ok());
}

#[tokio::test]
async fn bad_amounts_and_bodies_get_clear_errors_never_a_5xx() {
    let app = spawn().await;
    let (_, token) = app.register(&unique_email("bad")).await;
    for amount in [
        "10.001",
        "-1.00",
        "0",
        "0.00",
        "abc",
        "",
        "1e3",
        "99999999999999999999",
    ] {
        let (status, body) = app
            .post(
                "/api/v1/wallet/deposits",
                json!({"amount": amount, "method": "sandbox"}),
                Some(&token),
            )
            .await;
        assert_eq!(
            (status, error_code(&body)),
            (422, "validation_failed"),
            "{amount}: {body}"
        );
        assert!(body["error"]["details"]["fields"]["amount"].is_string());
    }
    let (status, body) = app
        .post(
            "/api/v1/wallet/deposits",
            json!({"amount": 10, "method": "sandbox"}),
            Some(&token),
        )
        .await;
    assert_eq!((status, error_code(&body)), (400, "bad_request"));
    let (status, body) = app
        .post(
            "/api/v1/wallet/deposits",
            json!({"amount": "1.00", "method": "paypal"}),
            Some(&token),
        )
        .await;
    assert_eq!((status, error_code(&body)), (422, "validation_failed"));
    let res = app
        .client
        .post(app.url("/api/v1/wallet/withdrawals"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    let (status, body) = app
        .get("/api/v1/wallet/transactions?limit=0", Some(&token))
        .await;
    assert_eq!((status, error_code(&body)), (422, "validation_failed"));
    let (status, body) = app
        .get("/api/v1/wallet/transactions?limit=x", Some(&token))
        .await;
    assert_eq!((status, error_code(&body)), (422, "validation_failed"));
    assert_eq!(wallet(&app, &token).await["cash"], "0.00");
}

#[tokio::test]
async fn a_withdrawal_needs_verified_kyc_and_cash_not_bonus() {
    let app = spawn().await;
    let (player_id, token) = app.register(&unique_email("wd")).await;
    deposit(&app, &token, "20.00").await;
    let withdraw = |amount: &str| {
        app.post(
            "/api/v1/wallet/withdrawals",
            json!({"amount": amount, "method": "sandbox"}),
            Some(&token),
        )
    };
    let (status, body) = withdraw("5.00").await;
    assert_eq!((status, error_code(&body)), (403, "kyc_required"));

    verify_kyc(&app, &player_id).await;
    let admin = app.admin_token().await;
    let (status, body) = app
        .post(
            &format!("/api/v1/admin/players/{player_id}/adjustments"),
            json!({"amount": "100.00", "account": "bonus", "reason": "welcome bonus"}),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = withdraw("20.01").await;
    assert_eq!((status, error_code(&body)), (422, "insufficient_funds"));

    let (status, body) = withdraw("15.00").await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["status"], "completed");
    assert_eq!(body["amount"], "15.00");
    assert!(body["withdrawal_id"].is_string());
    let now = wallet(&app, &token).await;
    assert_eq!(
        (now["cash"].as_str(), now["bonus"].as_str()),
        (Some("5.00"), Some("100.00"))
    );

    let (_, history) = app.get("/api/v1/wallet/transactions", Some(&token)).await;
    let first = &history["items"][0];
    assert_eq!(first["kind"], "withdrawal");
    assert_eq!(first["amount"], "-15.00");
    assert_eq!(first["balance_after"], "5.00");
}

#[tokio::test]
async fn a_replay_answers_the_same_and_moves_money_once() {
    let app = spawn().await;
    let (player_id, token) = app.register(&unique_email("idem")).await;
    let body = json!({"amount": "7.00", "method": "sandbox"});
    let first = post_with_key(&app, "/api/v1/wallet/deposits", body.clone(), &token, "k-1").await;
    let again = post_with_key(&app, "/api/v1/wallet/deposits", body.clone(), &token, "k-1").await;
    assert_eq!(first.0, 201);
    assert_eq!(first, again, "same status, same body");
    assert_eq!(wallet(&app, &token).await["cash"], "7.00");

    let (status, text) = post_with_key(
        &app,
        "/api/v1/wallet/deposits",
        json!({"amount": "8.00", "method": "sandbox"}),
        &token,
        "k-1",
    )
    .await;
    let reused: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (status, error_code(&reused)),
        (422, "idempotency_key_reused")
    );

    // The same key on another endpoint is a different request, too.
    verify_kyc(&app, &player_id).await;
    let (status, _) = post_with_key(
        &app,
        "/api/v1/wallet/withdrawals",
        body.clone(),
        &token,
        "k-1",
    )
    .await;
    assert_eq!(status, 422);

    let (status, w1) = post_with_key(
        &app,
        "/api/v1/wallet/withdrawals",
        json!({"amount": "2.00", "method": "sandbox"}),
        &token,
        "w-1",
    )
    .await;
    let (_, w2) = post_with_key(
        &app,
        "/api/v1/wallet/withdrawals",
        json!({"method": "sandbox", "amount": "2.00"}),
        &token,
        "w-1",
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(w1, w2);
    assert_eq!(wallet(&app, &token).await["cash"], "5.00");

    // Keys are scoped per user.
    let (_, other) = app.register(&unique_email("idem2")).await;
    let (status, _) =
        post_with_key(&app, "/api/v1/wallet/deposits", body.clone(), &other, "k-1").await;
    assert_eq!(status, 201);
    assert_eq!(wallet(&app, &other).await["cash"], "7.00");

    let (status, text) = post_with_key(
        &app,
        "/api/v1/wallet/deposits",
        body,
        &token,
        &"x".repeat(256),
    )
    .await;
    let long: Value = serde_json::from_str(&text).unwrap();
    assert_eq!((status, error_code(&long)), (422, "validation_failed"));
}

#[tokio::test]
async fn history_pages_newest_first_with_running_balance() {
    let app = spawn().await;
    let (_, token) = app.register(&unique_email("hist")).await;
    for amount in ["1.00", "2.00", "3.00"] {
        deposit(&app, &token, amount).await;
    }
    let (_, page1) = app
        .get("/api/v1/wallet/transactions?limit=2", Some(&token))
        .await;
    let items = page1["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        (
            items[0]["amount"].as_str(),
            items[0]["balance_after"].as_str()
        ),
        (Some("3.00"), Some("6.00"))
    );
    assert_eq!(items[1]["balance_after"], "3.00");
    let cursor = page1["next_cursor"].as_str().unwrap();
    let (_, page2) = app
        .get(
            &format!("/api/v1/wallet/transactions?limit=2&before={cursor}"),
            Some(&token),
        )
        .await;
    let items = page2["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["balance_after"], "1.00");
}

#[tokio::test]
async fn the_back_office_sees_a_players_wallet_and_ledger_and_adjusts_with_a_reason() {
    let app = spawn().await;
    let (player_id, token) = app.register(&unique_email("bo")).await;
    deposit(&app, &token, "12.00").await;
    let admin = app.admin_token().await;
    let base = format!("/api/v1/admin/players/{player_id}");

    let (status, body) = app.get(&format!("{base}/wallet"), Some(&token)).await;
    assert_eq!((status, error_code(&body)), (403, "forbidden"));
    let (status, body) = app.get(&format!("{base}/wallet"), Some(&admin)).await;
    assert_eq!(status, 200);
    assert_eq!(body["cash"], "12.00");
    let (status, _) = app
        .get(
            &format!("/api/v1/admin/players/{}/wallet", uuid::Uuid::now_v7()),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = app
        .get("/api/v1/admin/players/nope/ledger", Some(&admin))
        .await;
    assert_eq!(status, 404);

    let (status, body) = app
        .post(
            &format!("{base}/adjustments"),
            json!({"amount": "-2.50", "account": "cash", "reason": ""}),
            Some(&admin),
        )
        .await;
    assert_eq!((status, error_code(&body)), (422, "validation_failed"));
    let (status, body) = app
        .post(
            &format!("{base}/adjustments"),
            json!({"amount": "-20.00", "account": "cash", "reason": "x"}),
            Some(&admin),
        )
        .await;
    assert_eq!((status, error_code(&body)), (422, "insufficient_funds"));
    let (status, body) = app
        .post(
            &format!("{base}/adjustments"),
            json!({"amount": "1.00", "account": "savings", "reason": "x"}),
            Some(&admin),
        )
        .await;
    assert_eq!((status, error_code(&body)), (422, "validation_failed"));
    let (status, body) = app
        .post(
            &format!("{base}/adjustments"),
            json!({"amount": "-2.50", "account": "cash", "reason": "duplicate deposit"}),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(
        (body["amount"].as_str(), body["cash"].as_str()),
        (Some("-2.50"), Some("9.50"))
    );
    let (status, _) = app
        .post(
            &format!("{base}/adjustments"),
            json!({"amount": "1.00", "account": "cash", "reason": "x"}),
            Some(&token),
        )
        .await;
    assert_eq!(status, 403);

    let (status, ledger) = app.get(&format!("{base}/ledger"), Some(&admin)).await;
    assert_eq!(status, 200);
    let items = ledger["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["kind"], "adjust");
    assert_eq!(items[0]["seq"], 2);
    for entry in items {
        let sum: i64 = entry["postings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let s = p["amount"].as_str().unwrap().replace('.', "");
                s.parse::<i64>().unwrap()
            })
            .sum();
        assert_eq!(sum, 0, "postings of {entry} sum to zero");
    }
    let audit = entity::audit_log::Entity::find()
        .all(app.state.engine.db())
        .await
        .unwrap();
    assert!(
        audit
            .iter()
            .any(|a| a.action == "wallet.adjust" && a.details.contains("duplicate deposit"))
    );
}

use sea_orm::EntityTrait;

async fn wait_for_cash(app: &TestApp, token: &str, expected: &str) {
    for _ in 0..100 {
        if wallet(app, token).await["cash"] == expected {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("cash never became {expected}: {}", wallet(app, token).await);
}

#[tokio::test]
async fn an_asynchronous_deposit_completes_by_signed_webhook_and_a_repeat_never_double_credits() {
    let app = spawn().await;
    let (_, token) = app.register(&unique_email("async")).await;
    let sandbox_mode = engine::payments::sandbox::SandboxMode {
        webhook_to: Some(app.addr),
        delay_ms: 50,
        decline: false,
    };
    app.state.engine.payments().sandbox().set_mode(sandbox_mode);
    let body = deposit(&app, &token, "40.00").await;
    assert_eq!(body["status"], "pending");
    wait_for_cash(&app, &token, "40.00").await;

    // The provider calls again (late, repeated): nothing moves twice.
    let notice = json!({
        "event_id": uuid::Uuid::now_v7(), "payment_id": body["deposit_id"],
        "reference": "sbx_repeat", "status": "completed"
    })
    .to_string();
    let signature = app
        .state
        .engine
        .payments()
        .sandbox()
        .sign(notice.as_bytes());
    let webhook = |signature: String, body: String| {
        app.client
            .post(app.url("/api/v1/payments/sandbox/webhook"))
            .header("content-type", "application/json")
            .header("X-Sandbox-Signature", signature)
            .body(body)
            .send()
    };
    let res = webhook(signature.clone(), notice.clone()).await.unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let answer: Value = res.json().await.unwrap();
    assert_eq!(answer["status"], "completed");
    // Even a contradicting late notice leaves a final payment alone.
    let declined = notice.replace("completed", "declined");
    let res = webhook(
        app.state
            .engine
            .payments()
            .sandbox()
            .sign(declined.as_bytes()),
        declined,
    )
    .await
    .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(wallet(&app, &token).await["cash"], "40.00");

    let res = webhook("sha256=00".to_owned(), notice.clone())
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 401);
    let body: Value = res.json().await.unwrap();
    assert_eq!(error_code(&body), "invalid_signature");
    let garbage = "{}".to_owned();
    let res = webhook(
        app.state
            .engine
            .payments()
            .sandbox()
            .sign(garbage.as_bytes()),
        garbage,
    )
    .await
    .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    let unknown = json!({"event_id": uuid::Uuid::now_v7(), "payment_id": uuid::Uuid::now_v7(),
                         "reference": "x", "status": "completed"})
    .to_string();
    let res = webhook(
        app.state
            .engine
            .payments()
            .sandbox()
            .sign(unknown.as_bytes()),
        unknown,
    )
    .await
    .unwrap();
    assert_eq!(res.status().as_u16(), 404);
}

#[tokio::test]
async fn a_declined_asynchronous_payout_holds_the_money_then_returns_it() {
    let app = spawn().await;
    let (player_id, token) = app.register(&unique_email("decl")).await;
    deposit(&app, &token, "30.00").await;
    verify_kyc(&app, &player_id).await;
    app.state
        .engine
        .payments()
        .sandbox()
        .set_mode(engine::payments::sandbox::SandboxMode {
            webhook_to: Some(app.addr),
            delay_ms: 300,
            decline: true,
        });
    let (status, body) = app
        .post(
            "/api/v1/wallet/withdrawals",
            json!({"amount": "25.00", "method": "sandbox"}),
            Some(&token),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["status"], "pending");
    let held = wallet(&app, &token).await;
    assert_eq!(
        (held["cash"].as_str(), held["reserved"].as_str()),
        (Some("5.00"), Some("25.00"))
    );
    wait_for_cash(&app, &token, "30.00").await;
    assert_eq!(wallet(&app, &token).await["reserved"], "0.00");
}

#[tokio::test]
async fn every_balance_change_reaches_the_players_wallet_topic() {
    let app = spawn().await;
    let (player_id, token) = app.register(&unique_email("live")).await;
    let (mut ws, _) =
        tokio_tungstenite::connect_async(format!("ws://{}/ws?token={token}", app.addr))
            .await
            .expect("websocket");
    let topic = format!("wallet:{player_id}");
    ws.send(Message::text(
        json!({"op": "subscribe", "topic": topic}).to_string(),
    ))
    .await
    .unwrap();
    // Only what is published after the subscription is in place arrives.
    loop {
        let message = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("the subscription is confirmed")
            .unwrap()
            .unwrap();
        if let Message::Text(text) = message
            && serde_json::from_str::<Value>(text.as_str()).unwrap()["type"] == "subscribed"
        {
            break;
        }
    }
    deposit(&app, &token, "3.25").await;
    let event = loop {
        let message = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("an event within 10 s")
            .unwrap()
            .unwrap();
        if let Message::Text(text) = message {
            let value: Value = serde_json::from_str(text.as_str()).unwrap();
            if value["type"] == "event" {
                break value;
            }
        }
    };
    assert_eq!(event["kind"], "wallet.balance_changed");
    assert_eq!(event["topic"], topic);
    assert_eq!(event["payload"]["currency"], "EUR");
    assert_eq!(event["payload"]["cash"], "3.25");
    assert_eq!(event["payload"]["bonus"], "0.00");
    assert_eq!(event["payload"]["reserved"], "0.00");
}

#[tokio::test]
async fn the_openapi_document_lists_every_wallet_endpoint() {
    let app = spawn().await;
    let (_, doc) = app.get("/api/v1/openapi.json", None).await;
    for path in [
        "/api/v1/wallet",
        "/api/v1/wallet/deposits",
        "/api/v1/wallet/withdrawals",
        "/api/v1/wallet/transactions",
        "/api/v1/admin/players/{player_id}/wallet",
        "/api/v1/admin/players/{player_id}/ledger",
        "/api/v1/admin/players/{player_id}/adjustments",
        "/api/v1/payments/sandbox/webhook",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
}

#[tokio::test]
async fn ledger_verify_passes_on_a_clean_ledger_and_names_a_tampered_row() {
    let app = spawn().await;
    let (_, token) = app.register(&unique_email("cli")).await;
    deposit(&app, &token, "9.00").await;
    // Awaited, not blocking: the app's own tasks share this test's one
    // runtime thread, and one of them frozen inside a write transaction
    // while the command waits would hold SQLite's write lock past the
    // command's busy timeout ("database is locked", seen in CI).
    let url = app.db.url.clone();
    let run = |action: &'static str| {
        let url = url.clone();
        async move {
            tokio::process::Command::new(env!("CARGO_BIN_EXE_croupier"))
                .args(["ledger", action])
                .env("DATABASE_URL", url)
                .env("CROUPIER_DEMO", "0")
                .env("RUST_LOG", "error")
                .output()
                .await
                .expect("croupier runs")
        }
    };
    let ok = run("verify").await;
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("ledger ok"));

    let export = run("export").await;
    assert!(export.status.success());
    let journal = String::from_utf8_lossy(&export.stdout).into_owned();
    assert_eq!(
        journal.lines().count(),
        3,
        "header and two postings: {journal}"
    );
    assert!(journal.lines().nth(1).unwrap().contains(",deposit,"));
    let reconciled = run("reconcile").await;
    assert!(reconciled.status.success());
    assert!(
        String::from_utf8_lossy(&reconciled.stdout)
            .contains("EUR psp_clearing=-900 deposits=900 withdrawals=0 ok")
    );

    use sea_orm::ConnectionTrait;
    app.state
        .engine
        .db()
        .execute_unprepared("UPDATE ledger_postings SET balance_after = balance_after + 1")
        .await
        .unwrap();
    let bad = run("verify").await;
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("ledger_postings row"), "{stderr}");

    app.state
        .engine
        .db()
        .execute_unprepared("UPDATE ledger_postings SET balance_after = balance_after - 1")
        .await
        .unwrap();
    app.state
        .engine
        .db()
        .execute_unprepared("UPDATE accounts SET balance = 0")
        .await
        .unwrap();
    assert_eq!(run("verify").await.status.code(), Some(1));
    let rebuilt = run("rebuild").await;
    assert!(
        rebuilt.status.success(),
        "{}",
        String::from_utf8_lossy(&rebuilt.stderr)
    );
    let verified = run("verify").await;
    assert!(
        verified.status.success(),
        "{}",
        String::from_utf8_lossy(&verified.stderr)
    );
}

#[tokio::test]
async fn the_demo_player_opens_with_a_labelled_sandbox_deposit() {
    let app = crate::common::spawn_with(|s| s.demo = Some("1".to_owned())).await;
    let token = app
        .login("player@demo.croupier.dev", server::demo::DEMO_PASSWORD)
        .await;
    assert_eq!(wallet(&app, &token).await["cash"], "100.00");
    let (_, history) = app.get("/api/v1/wallet/transactions", Some(&token)).await;
    assert_eq!(history["items"][0]["kind"], "deposit");
    let labelled = entity::ledger_transactions::Entity::find()
        .all(app.state.engine.db())
        .await
        .unwrap();
    assert!(
        labelled
            .iter()
            .any(|t| t.idempotency_key.as_deref() == Some(server::demo::DEMO_DEPOSIT_KEY))
    );
    // Seeding again (a restart) pays nothing twice.
    server::demo::seed(&app.state.engine).await.unwrap();
    assert_eq!(wallet(&app, &token).await["cash"], "100.00");
}

#[tokio::test]
async fn a_self_excluded_player_may_withdraw_cash_but_not_deposit() {
    let app = spawn().await;
    let (player_id, token) = app.register(&unique_email("excl")).await;
    deposit(&app, &token, "20.00").await;
    verify_kyc(&app, &player_id).await;
    let (status, body) = app
        .post(
            "/api/v1/responsible-gaming/exclusions",
            json!({"kind": "time_out", "days": 1}),
            Some(&token),
        )
        .await;
    assert_eq!(status, 201, "{body}");

    let (status, body) = app
        .post(
            "/api/v1/wallet/deposits",
            json!({"amount": "5.00", "method": "sandbox"}),
            Some(&token),
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (403, "self_excluded"),
        "{body}"
    );
    let (status, body) = app
        .post(
            "/api/v1/wallet/withdrawals",
            json!({"amount": "20.00", "method": "sandbox"}),
            Some(&token),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(wallet(&app, &token).await["cash"], "0.00");
}
