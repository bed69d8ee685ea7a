//! Finance endpoints against the real app: ECB import (upload and the
//! scheduled feed), stored rates, the per-currency summary in the reporting
//! currency, the daily journal (CSV and JSON), the daily reconciliation, and
//! role checks.

use chrono::Utc;
use domain::money::{Currency, Money};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{Value, json};

use crate::common::{TestApp, spawn, unique_email};

const ECB: &str = include_str!("../fixtures/ecb-eurofxref-daily.xml");

async fn upload(app: &TestApp, token: &str, xml: &str) -> (u16, Value) {
    let res = app
        .client
        .post(app.url("/api/v1/admin/fx/ecb"))
        .bearer_auth(token)
        .header("content-type", "application/xml")
        .body(xml.to_owned())
        .send()
        .await
        .expect("request");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
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

fn today() -> String {
    Utc::now().date_naive().to_string()
}

#[tokio::test]
async fn ecb_upload_is_idempotent_and_malformed_files_get_422() {
    let app = spawn().await;
    let admin = app.admin_token().await;

    let (status, body) = upload(&app, &admin, ECB).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["days"], json!(["2026-11-30"]));
    assert_eq!(body["inserted"], 30);
    let (status, body) = upload(&app, &admin, ECB).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["inserted"].clone(), body["unchanged"].clone()),
        (json!(0), json!(30))
    );

    let (status, rates) = app
        .get("/api/v1/admin/fx/rates?quote=USD", Some(&admin))
        .await;
    assert_eq!(status, 200, "{rates}");
    assert_eq!(rates["latest"].as_array().unwrap().len(), 30);
    let usd = &rates["history"][0];
    assert_eq!(usd["base"], "EUR");
    assert_eq!(usd["quote"], "USD");
    assert_eq!(usd["rate"], "1.0512");
    assert_eq!(usd["rate_date"], "2026-11-30");
    assert_eq!(usd["source"], "ecb");
    assert!(usd["imported_by"].is_string());
    assert_eq!(rates["history"].as_array().unwrap().len(), 1);

    for bad in [
        "",
        "<html><body>nope</body></html>",
        &ECB.replace("rate='1.0512'", "rate='abc'"),
        &ECB.replace("</Cube>\n\t</Cube>", ""),
    ] {
        let (status, body) = upload(&app, &admin, bad).await;
        assert_eq!(status, 422, "{bad:.60}: {body}");
        assert_eq!(body["error"]["code"], "validation_failed");
        assert!(body["error"]["message"].as_str().unwrap().contains("ECB"));
    }
    let (status, body) = app
        .get("/api/v1/admin/fx/rates?quote=usd", Some(&admin))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("validation_failed"))
    );
}

#[tokio::test]
async fn players_and_strangers_cannot_reach_finance() {
    let app = spawn().await;
    let (_, player) = app.register(&unique_email("fin")).await;
    let day = today();
    let gets = [
        "/api/v1/admin/fx/rates".to_owned(),
        format!("/api/v1/admin/reports/currency-summary?date={day}"),
        format!("/api/v1/admin/ledger/journal?date={day}&format=json"),
        format!("/api/v1/admin/ledger/reconciliation?date={day}"),
    ];
    for path in &gets {
        let (status, body) = app.get(path, Some(&player)).await;
        assert_eq!(status, 403, "{path}: {body}");
        assert_eq!(body["error"]["code"], "forbidden");
        let (status, _) = app.get(path, None).await;
        assert_eq!(status, 401, "{path}");
    }
    let (status, body) = upload(&app, &player, ECB).await;
    assert_eq!(status, 403, "{body}");
    let admin = app.admin_token().await;
    let (_, rates) = app.get("/api/v1/admin/fx/rates", Some(&admin)).await;
    assert_eq!(
        rates["latest"],
        json!([]),
        "the player's upload stored nothing"
    );
}

#[tokio::test]
async fn the_summary_converts_with_the_recorded_rate_or_says_which_is_missing() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let (_, player) = app.register(&unique_email("fin")).await;
    deposit(&app, &player, "20.00").await;
    let day = today();

    // EUR into EUR needs no rate; into USD it does.
    let (status, body) = app
        .get(
            &format!("/api/v1/admin/reports/currency-summary?date={day}"),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["reporting_currency"], "EUR");
    assert_eq!(body["total_deposits"], "20.00");
    let path = format!("/api/v1/admin/reports/currency-summary?date={day}&currency=USD");
    let (status, body) = app.get(&path, Some(&admin)).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "fx_rate_missing");
    assert_eq!(body["error"]["details"]["from"], "EUR");
    assert_eq!(body["error"]["details"]["to"], "USD");

    let (status, _) = upload(&app, &admin, &ECB.replace("2026-11-30", &day)).await;
    assert_eq!(status, 200);
    let (status, body) = app.get(&path, Some(&admin)).await;
    assert_eq!(status, 200, "{body}");
    let row = &body["rows"][0];
    assert_eq!(row["currency"], "EUR");
    assert_eq!(row["deposits"]["amount"], "20.00");
    assert_eq!(row["deposits"]["converted"], "21.02"); // 20 × 1.0512 = 21.024
    assert_eq!(row["rate"], "1.0512");
    assert_eq!(row["rate_pair"], "EUR/USD");
    assert_eq!(row["rate_date"], day);
    assert_eq!(row["rate_source"], "ecb");
    assert_eq!(body["total_deposits"], "21.02");
    assert_eq!(body["rounding"], "half_to_even");

    for bad in [
        "date=2026-13-01",
        "date=yesterday",
        "",
        "date=2026-12-01&currency=XXX",
    ] {
        let (status, body) = app
            .get(
                &format!("/api/v1/admin/reports/currency-summary?{bad}"),
                Some(&admin),
            )
            .await;
        assert_eq!(status, 422, "{bad}: {body}");
    }
}

#[tokio::test]
async fn the_daily_journal_downloads_as_csv_and_json_with_balanced_columns() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let (_, player) = app.register(&unique_email("fin")).await;
    let first = deposit(&app, &player, "12.34").await;
    deposit(&app, &player, "0.66").await;
    let day = today();

    let (status, body) = app
        .get(
            &format!("/api/v1/admin/ledger/journal?date={day}&format=json"),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["date"], day);
    let lines = body["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 4);
    assert_eq!(
        body["totals"],
        json!([{"currency": "EUR", "debit": "13.00", "credit": "13.00"}])
    );
    let reference = format!("deposit:{}", first["deposit_id"].as_str().unwrap());
    let psp = lines
        .iter()
        .find(|l| l["reference"] == reference && l["account_kind"] == "psp_clearing")
        .unwrap();
    assert_eq!(
        (psp["debit"].as_str(), psp["credit"].as_str()),
        (Some("12.34"), Some(""))
    );
    assert_eq!(psp["kind"], "deposit");
    assert_eq!(psp["currency"], "EUR");
    assert!(psp["transaction_id"].is_string() && psp["created_at"].is_string());

    let res = app
        .client
        .get(app.url(&format!(
            "/api/v1/admin/ledger/journal?date={day}&format=csv"
        )))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(&format!("croupier-journal-{day}.csv"))
    );
    let csv = res.text().await.unwrap();
    let mut rows = csv.lines();
    assert_eq!(
        rows.next(),
        Some(
            "transaction_id,created_at,account,account_kind,owner_id,debit,credit,currency,kind,reference"
        )
    );
    let (mut debit, mut credit) = (0i64, 0i64);
    let cents = |s: &str| {
        if s.is_empty() {
            0
        } else {
            Money::parse(s, Currency::EUR).unwrap().minor()
        }
    };
    let mut count = 0;
    for row in rows {
        let cols: Vec<&str> = row.split(',').collect();
        assert_eq!(cols.len(), 10, "{row}");
        debit += cents(cols[5]);
        credit += cents(cols[6]);
        count += 1;
    }
    assert_eq!(count, 4);
    assert_eq!((debit, credit), (1300, 1300));

    let (status, empty) = app
        .get(
            "/api/v1/admin/ledger/journal?date=2020-01-01&format=json",
            Some(&admin),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(empty["lines"], json!([]));
    let (status, body) = app
        .get(
            &format!("/api/v1/admin/ledger/journal?date={day}&format=xlsx"),
            Some(&admin),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("validation_failed"))
    );
}

#[tokio::test]
async fn reconciliation_lists_an_injected_mismatch() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let (_, player) = app.register(&unique_email("fin")).await;
    let d = deposit(&app, &player, "40.00").await;
    let day = today();
    let path = format!("/api/v1/admin/ledger/reconciliation?date={day}");

    let (status, body) = app.get(&path, Some(&admin)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["mismatches"], json!([]));
    assert_eq!(body["payments_checked"], 1);
    assert_eq!(body["totals"][0]["confirmed_deposits"], "40.00");
    assert_eq!(body["totals"][0]["posted_psp_clearing"], "-40.00");

    // The provider's record now says 45.00: the ledger still has 40.00.
    let id: uuid::Uuid = d["deposit_id"].as_str().unwrap().parse().unwrap();
    let db = app.state.engine.db();
    let row = entity::payments::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut changed: entity::payments::ActiveModel = row.into();
    changed.amount = Set(4500);
    changed.update(db).await.unwrap();

    let (status, body) = app.get(&path, Some(&admin)).await;
    assert_eq!(status, 200, "{body}");
    let mismatches = body["mismatches"].as_array().unwrap();
    assert_eq!(mismatches.len(), 1, "{body}");
    let m = &mismatches[0];
    assert_eq!(m["reason"], "amount_mismatch");
    assert_eq!(m["payment_id"], d["deposit_id"]);
    assert_eq!(m["expected"], "-45.00");
    assert_eq!(m["posted"], "-40.00");
    assert_eq!(m["transaction_ids"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_scheduled_feed_imports_from_a_url_and_survives_failures() {
    let app = spawn().await;
    // A stand-in for the ECB: serves the fixture over HTTP.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let ecb =
        axum::Router::new().route("/eurofxref-daily.xml", axum::routing::get(|| async { ECB }));
    tokio::spawn(async move { axum::serve(listener, ecb).await });
    let client = reqwest::Client::new();
    let url = format!("http://{addr}/eurofxref-daily.xml");

    let summary = server::jobs::fetch_ecb(&app.state.engine, &client, &url)
        .await
        .unwrap();
    assert_eq!(summary.inserted, 30);
    let again = server::jobs::fetch_ecb(&app.state.engine, &client, &url)
        .await
        .unwrap();
    assert_eq!((again.inserted, again.unchanged), (0, 30));
    let admin = app.admin_token().await;
    let (_, rates) = app
        .get("/api/v1/admin/fx/rates?quote=JPY", Some(&admin))
        .await;
    assert_eq!(rates["history"][0]["rate"], "161.23");
    assert!(
        rates["history"][0]["imported_by"].is_null(),
        "the feed imports as the system"
    );

    let missing = format!("http://{addr}/nothing-here.xml");
    assert!(
        server::jobs::fetch_ecb(&app.state.engine, &client, &missing)
            .await
            .is_err()
    );

    let mut settings = server::config::FinanceSettings::default();
    assert!(settings.ecb_feed().unwrap().is_none());
    settings.fx_ecb_url = Some(url);
    settings.fx_ecb_interval_secs = 5;
    assert!(settings.ecb_feed().is_err());
    settings.idempotency_retention_days = 30;
    assert!(
        settings.idempotency_retention().is_err(),
        "Hub88 needs four months"
    );
    settings.reporting_currency = "XXX".to_owned();
    assert!(settings.reporting_currency().is_err());
}

#[tokio::test]
async fn finance_endpoints_are_in_the_openapi_document() {
    let app = spawn().await;
    let (status, doc) = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(status, 200);
    for path in [
        "/api/v1/admin/fx/ecb",
        "/api/v1/admin/fx/rates",
        "/api/v1/admin/reports/currency-summary",
        "/api/v1/admin/ledger/journal",
        "/api/v1/admin/ledger/reconciliation",
    ] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
}
