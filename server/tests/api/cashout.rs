//! Cash-out (`GET`/`POST /api/v1/bets/{id}/cash-out`) against the real
//! app: the quote of a single and of an accumulator with a won leg, the
//! configured margin, acceptance crediting exactly the quote (balances,
//! ledger entry and chain verification), refusal after an odds move with a
//! fresh quote, every ineligible case, another player's bet, concurrent
//! acceptances and a concurrent settlement paying once, idempotent replay,
//! and later settlement or resettlement of the market never paying again.

use crate::common::{
    TestApp, acca, accept, call, cash, cents, funded, market, place, quote, risk, set_odds, single,
    spawn, spawn_with, trader, winner, zero,
};
use chrono::{TimeDelta, Utc};
use serde_json::{Value, json};

fn reason(body: &Value) -> (Option<&str>, Option<&str>) {
    (
        body["error"]["code"].as_str(),
        body["error"]["details"]["reason"].as_str(),
    )
}

/// The cash-out ledger entry of a bet: (kind, postings as (account, cents)).
async fn cash_out_entry(app: &TestApp, player: &str, bet: &str) -> (String, Vec<(String, i64)>) {
    let admin = app.admin_token().await;
    let (status, ledger) = app
        .get(
            &format!("/api/v1/admin/players/{player}/ledger"),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 200, "{ledger}");
    let items = ledger["items"].as_array().unwrap();
    let reference = format!("bet:{bet}:cash_out");
    let found: Vec<&Value> = items
        .iter()
        .filter(|t| t["reference"] == json!(reference))
        .collect();
    assert_eq!(found.len(), 1, "one cash-out entry: {ledger}");
    let entry = found[0];
    let postings = entry["postings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let amount = p["amount"].as_str().unwrap();
            let minor = if let Some(neg) = amount.strip_prefix('-') {
                -cents(neg)
            } else {
                cents(amount)
            };
            (p["account"].as_str().unwrap().to_owned(), minor)
        })
        .collect();
    (entry["kind"].as_str().unwrap().to_owned(), postings)
}

async fn ledger_verifies(app: &TestApp) {
    let summary = engine::wallet::verify::verify(app.state.engine.db())
        .await
        .unwrap();
    assert!(summary.is_ok(), "{summary:?}");
}

#[tokio::test]
async fn a_single_cashes_out_for_exactly_its_quote_once_and_settlement_never_pays_it() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (player, jwt) = funded(&app, "100.00").await;
    let (mkt, sels) = market(&app, &trader, "3.00", "1.40").await;
    let bet = place(&app, &jwt, single(&sels[0], "3.00", "10.00")).await;
    assert_eq!(risk(&app, &trader, &mkt, &sels[0]).await.0, 1);
    set_odds(&app, &trader, &sels[0], "2.00").await;

    // 10 × 3.00 ÷ 2.00 = 15.00, less the default 5 % margin.
    let (status, q) = quote(&app, &jwt, &bet).await;
    assert_eq!(status, 200, "{q}");
    assert_eq!(q["bet_id"], json!(bet));
    assert_eq!(q["amount"], "14.25");
    assert_eq!(q["currency"], "EUR");
    assert_eq!(q["stake"], "10.00");
    assert_eq!(q["margin"], "0.05");
    assert_eq!(q["legs"][0]["odds"], "3.00");
    assert_eq!(q["legs"][0]["current_odds"], "2.00");
    assert!(q["expires_at"].as_str().is_some());
    let quote_id = q["quote_id"].as_str().unwrap().to_owned();

    let (status, done) = accept(&app, &jwt, &bet, &quote_id, Some("co-1")).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["status"], "settled");
    assert_eq!(done["cashed_out"], true);
    assert_eq!(done["return"], "14.25");
    assert!(done["settled_at"].as_str().is_some());
    assert_eq!(cash(&app, &jwt).await, (10_425, 0));

    // A replay under the key answers the same and pays nothing more.
    let (status, again) = accept(&app, &jwt, &bet, &quote_id, Some("co-1")).await;
    assert_eq!((status, &again), (200, &done));
    assert_eq!(cash(&app, &jwt).await, (10_425, 0));
    // Another body under the key is refused.
    let other_quote = format!("1.{}", "0".repeat(64));
    let (status, other) = accept(&app, &jwt, &bet, &other_quote, Some("co-1")).await;
    assert_eq!(
        (status, other["error"]["code"].as_str()),
        (422, Some("idempotency_key_reused")),
        "{other}"
    );
    // Without the key: the bet is no longer open.
    let (status, res) = accept(&app, &jwt, &bet, &quote_id, None).await;
    assert_eq!(status, 409, "{res}");
    assert_eq!(
        reason(&res),
        (Some("cash_out_unavailable"), Some("not_open"))
    );
    let (status, res) = quote(&app, &jwt, &bet).await;
    assert_eq!(status, 409);
    assert_eq!(
        reason(&res),
        (Some("cash_out_unavailable"), Some("not_open"))
    );

    // One double-entry transaction: stake reserved → house, 14.25 house → cash.
    let (kind, postings) = cash_out_entry(&app, &player, &bet).await;
    assert_eq!(kind, "bet_settle");
    assert_eq!(postings.iter().map(|p| p.1).sum::<i64>(), 0, "{postings:?}");
    let of = |account: &str| -> i64 {
        postings
            .iter()
            .filter(|p| p.0 == account)
            .map(|p| p.1)
            .sum()
    };
    assert_eq!(of("player_cash"), 1_425);
    assert_eq!(of("player_reserved"), -1_000);
    assert_eq!(of("house_sportsbook"), 1_000 - 1_425);
    ledger_verifies(&app).await;

    // Listed as settled, with the amount; no longer in the risk figures.
    let (_, open) = app.get("/api/v1/bets?status=open", Some(&jwt)).await;
    assert_eq!(open["items"].as_array().unwrap().len(), 0);
    let (_, settled) = app.get("/api/v1/bets?status=settled", Some(&jwt)).await;
    assert_eq!(settled["items"][0]["bet_id"], json!(bet));
    assert_eq!(settled["items"][0]["cashed_out"], true);
    assert_eq!(risk(&app, &trader, &mkt, &sels[0]).await, zero());

    // Settling the market, and resettling it, never pays the bet again.
    let res = call(&app, &trader, &mkt, "settle", winner(&sels, 0)).await;
    assert_eq!(res["settled_bets"], 0, "{res}");
    let (status, res) = app
        .post(
            &format!("/api/v1/admin/markets/{mkt}/resettle"),
            json!({"outcomes": [{"selection_id": sels[1], "result": "win"},
                                {"selection_id": sels[0], "result": "lose"}]}),
            Some(&trader),
        )
        .await;
    assert_eq!(
        (status, res["resettled_bets"].as_u64()),
        (200, Some(0)),
        "{res}"
    );
    assert_eq!(cash(&app, &jwt).await, (10_425, 0));
    let (_, b) = app.get(&format!("/api/v1/bets/{bet}"), Some(&jwt)).await;
    assert_eq!(
        (
            b["status"].as_str(),
            b["cashed_out"].as_bool(),
            b["return"].as_str()
        ),
        (Some("settled"), Some(true), Some("14.25"))
    );
    ledger_verifies(&app).await;
}

#[tokio::test]
async fn an_accumulator_with_a_won_leg_cashes_out_on_its_open_legs_at_the_configured_margin() {
    let app = spawn_with(|s| s.finance.cash_out_margin = "0.10".to_owned()).await;
    let trader = trader(&app).await;
    let (_, jwt) = funded(&app, "100.00").await;
    let (first, a) = market(&app, &trader, "2.00", "1.80").await;
    let (second, b) = market(&app, &trader, "3.00", "1.40").await;
    let bet = place(
        &app,
        &jwt,
        acca(&[(&a[0], "2.00"), (&b[0], "3.00")], "10.00"),
    )
    .await;
    call(&app, &trader, &first, "settle", winner(&a, 0)).await;
    set_odds(&app, &trader, &b[0], "1.50").await;

    // 10 × 2.00 (won) × 3.00 ÷ 1.50 = 40.00, less 10 %.
    let (status, q) = quote(&app, &jwt, &bet).await;
    assert_eq!(status, 200, "{q}");
    assert_eq!(
        (q["amount"].as_str(), q["margin"].as_str()),
        (Some("36.00"), Some("0.1"))
    );
    assert_eq!(q["legs"][0]["result"], "win");
    assert_eq!(q["legs"][0]["current_odds"], Value::Null);
    assert_eq!(q["legs"][1]["current_odds"], "1.50");
    assert_eq!(risk(&app, &trader, &second, &b[0]).await.0, 1);
    let (status, done) = accept(&app, &jwt, &bet, q["quote_id"].as_str().unwrap(), None).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["return"], "36.00");
    assert_eq!(cash(&app, &jwt).await, (12_600, 0));
    assert_eq!(risk(&app, &trader, &second, &b[0]).await.0, 0);

    // The open leg loses later: nothing changes.
    let res = call(&app, &trader, &second, "settle", winner(&b, 1)).await;
    assert_eq!(res["settled_bets"], 0);
    assert_eq!(cash(&app, &jwt).await, (12_600, 0));
    ledger_verifies(&app).await;
}

#[tokio::test]
async fn a_quote_is_refused_after_the_odds_moved_with_the_current_quote_in_the_answer() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, jwt) = funded(&app, "50.00").await;
    let (_, sels) = market(&app, &trader, "2.00", "2.00").await;
    let bet = place(&app, &jwt, single(&sels[0], "2.00", "10.00")).await;
    let (_, q) = quote(&app, &jwt, &bet).await;
    assert_eq!(q["amount"], "9.50");
    set_odds(&app, &trader, &sels[0], "2.50").await;

    let (status, res) = accept(&app, &jwt, &bet, q["quote_id"].as_str().unwrap(), None).await;
    assert_eq!(status, 409, "{res}");
    assert_eq!(res["error"]["code"], "odds_changed");
    // 10 × 2.00 ÷ 2.50 × 0.95 = 7.60
    let fresh = &res["error"]["details"]["quote"];
    assert_eq!(fresh["amount"], "7.60");
    assert_eq!(fresh["legs"][0]["current_odds"], "2.50");
    assert_eq!(cash(&app, &jwt).await, (4_000, 1_000));

    // A forged or malformed quote is refused too.
    let (status, res) = accept(&app, &jwt, &bet, "not-a-quote", None).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (422, Some("validation_failed")),
        "{res}"
    );
    let forged = format!(
        "{}.{}",
        (Utc::now() + TimeDelta::hours(1)).timestamp_millis(),
        "0".repeat(64)
    );
    let (status, res) = accept(&app, &jwt, &bet, &forged, None).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (409, Some("odds_changed"))
    );
    // The quote carried by the refusal is accepted.
    let (status, done) = accept(&app, &jwt, &bet, fresh["quote_id"].as_str().unwrap(), None).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["return"], "7.60");
    assert_eq!(cash(&app, &jwt).await, (4_760, 0));
}

#[tokio::test]
async fn ineligible_bets_and_other_players_bets_are_refused() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, jwt) = funded(&app, "100.00").await;
    let (_, other) = funded(&app, "10.00").await;
    let (m1, a) = market(&app, &trader, "2.00", "1.80").await;
    let (m2, b) = market(&app, &trader, "3.00", "1.40").await;
    let (m3, c) = market(&app, &trader, "2.50", "1.50").await;

    // A system bet.
    let trixie = json!({"kind": "system", "system": "trixie", "unit_stake": "1.00",
        "odds_change": "reject", "legs": [
            {"selection_id": a[0], "odds": "2.00"}, {"selection_id": b[0], "odds": "3.00"},
            {"selection_id": c[0], "odds": "2.50"}]});
    let system = place(&app, &jwt, trixie).await;
    let (status, res) = quote(&app, &jwt, &system).await;
    assert_eq!(status, 409, "{res}");
    assert_eq!(
        reason(&res),
        (Some("cash_out_unavailable"), Some("bet_kind"))
    );

    // Another player's bet is not found; so is an unknown one.
    let single_bet = place(&app, &jwt, single(&c[0], "2.50", "5.00")).await;
    let (status, _) = quote(&app, &other, &single_bet).await;
    assert_eq!(status, 404);
    let (_, q) = quote(&app, &jwt, &single_bet).await;
    let quote_id = q["quote_id"].as_str().unwrap().to_owned();
    let (status, _) = accept(&app, &other, &single_bet, &quote_id, None).await;
    assert_eq!(status, 404);
    let (status, _) = quote(&app, &jwt, &uuid::Uuid::now_v7().to_string()).await;
    assert_eq!(status, 404);
    let (status, _) = quote(&app, &jwt, "not-an-id").await;
    assert_eq!(status, 404);
    // Traders do not cash out; anonymous callers are unauthorized.
    let (status, _) = quote(&app, &trader, &single_bet).await;
    assert_eq!(status, 403);
    let (status, _) = app
        .get(&format!("/api/v1/bets/{single_bet}/cash-out"), None)
        .await;
    assert_eq!(status, 401);

    // A suspended market suspends cash-out.
    let (status, _) = app
        .post(
            &format!("/api/v1/admin/markets/{m3}/suspend"),
            json!({}),
            Some(&trader),
        )
        .await;
    assert_eq!(status, 200);
    let (status, res) = quote(&app, &jwt, &single_bet).await;
    assert_eq!(status, 409);
    assert_eq!(
        reason(&res),
        (Some("cash_out_unavailable"), Some("suspended"))
    );
    let (status, res) = accept(&app, &jwt, &single_bet, &quote_id, None).await;
    assert_eq!((status, reason(&res).1), (409, Some("suspended")));
    let (status, _) = app
        .post(
            &format!("/api/v1/admin/markets/{m3}/resume"),
            json!({}),
            Some(&trader),
        )
        .await;
    assert_eq!(status, 200);

    // An accumulator with a lost leg.
    let lost = place(
        &app,
        &jwt,
        acca(&[(&a[1], "1.80"), (&b[1], "1.40")], "5.00"),
    )
    .await;
    call(&app, &trader, &m1, "settle", winner(&a, 0)).await;
    let (status, res) = quote(&app, &jwt, &lost).await;
    assert_eq!(status, 409);
    assert_eq!(
        reason(&res),
        (Some("cash_out_unavailable"), Some("leg_lost"))
    );

    // A settled bet.
    call(&app, &trader, &m3, "settle", winner(&c, 0)).await;
    let (status, res) = quote(&app, &jwt, &single_bet).await;
    assert_eq!(status, 409);
    assert_eq!(
        reason(&res),
        (Some("cash_out_unavailable"), Some("not_open"))
    );
    let (status, res) = accept(&app, &jwt, &single_bet, &quote_id, None).await;
    assert_eq!((status, reason(&res).1), (409, Some("not_open")));
    let _ = m2;
}

#[tokio::test]
async fn concurrent_acceptances_pay_once() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, jwt) = funded(&app, "100.00").await;
    let (_, sels) = market(&app, &trader, "2.00", "2.00").await;
    let bet = place(&app, &jwt, single(&sels[0], "2.00", "20.00")).await;
    let (_, q) = quote(&app, &jwt, &bet).await;
    let quote_id = q["quote_id"].as_str().unwrap().to_owned();
    let tries = (0..6).map(|i| {
        let (app, jwt, bet, quote_id) = (&app, &jwt, &bet, &quote_id);
        async move {
            let key = format!("concurrent-{i}");
            accept(app, jwt, bet, quote_id, Some(&key)).await
        }
    });
    let answers = futures::future::join_all(tries).await;
    let ok = answers.iter().filter(|(s, _)| *s == 200).count();
    assert_eq!(ok, 1, "{answers:?}");
    for (status, body) in &answers {
        assert!(
            *status == 200 || reason(body) == (Some("cash_out_unavailable"), Some("not_open")),
            "{status} {body}"
        );
    }
    // 100 − 20 + 19.00
    assert_eq!(cash(&app, &jwt).await, (9_900, 0));
    ledger_verifies(&app).await;
}

#[tokio::test]
async fn a_cash_out_racing_the_settlement_is_paid_by_one_of_them_only() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, jwt) = funded(&app, "100.00").await;
    let (mkt, sels) = market(&app, &trader, "2.00", "2.00").await;
    let bet = place(&app, &jwt, single(&sels[0], "2.00", "10.00")).await;
    let (_, q) = quote(&app, &jwt, &bet).await;
    let quote_id = q["quote_id"].as_str().unwrap().to_owned();
    let settle_it = async {
        app.post(
            &format!("/api/v1/admin/markets/{mkt}/settle"),
            json!({"outcomes": [{"selection_id": sels[0], "result": "win"},
                                {"selection_id": sels[1], "result": "lose"}]}),
            Some(&trader),
        )
        .await
    };
    let ((cashed, body), (settled, res)) =
        tokio::join!(accept(&app, &jwt, &bet, &quote_id, None), settle_it);
    assert_eq!(settled, 200, "{res}");
    let (_, b) = app.get(&format!("/api/v1/bets/{bet}"), Some(&jwt)).await;
    if cashed == 200 {
        // Cashed out first: 90 + 9.50, and settlement skipped the bet.
        assert_eq!(res["settled_bets"], 0, "{res}");
        assert_eq!(b["cashed_out"], true);
        assert_eq!(cash(&app, &jwt).await, (9_950, 0));
    } else {
        // Settled first: 90 + 20.00, and the cash-out was refused.
        assert_eq!(cashed, 409, "{body}");
        assert_eq!(b["cashed_out"], false);
        assert_eq!(cash(&app, &jwt).await, (11_000, 0));
    }
    ledger_verifies(&app).await;
}

#[tokio::test]
async fn the_cash_out_endpoints_are_in_the_openapi_document() {
    let app = spawn().await;
    let (status, doc) = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(status, 200);
    let path = &doc["paths"]["/api/v1/bets/{id}/cash-out"];
    assert!(
        path.get("get").is_some() && path.get("post").is_some(),
        "{path}"
    );
}
