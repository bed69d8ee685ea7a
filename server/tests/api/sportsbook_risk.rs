//! Market risk (`GET /api/v1/admin/markets/{id}/risk`) counts open bets
//! only: settling, voiding, resettling and cashing out take a bet out of the
//! exposure of every one of its legs, once, whatever the batches do; a lost
//! accumulator leaves its other open legs when its losing leg is recorded,
//! and comes back if a resettle revives it.

use crate::common::{TestApp, spawn, unique_email};
use chrono::{TimeDelta, Utc};
use domain::betting::{LegOutcome, LegResult};
use engine::sportsbook::{Outcome, Settlement};
use engine::{Principal, Role};
use serde_json::{Value, json};
use uuid::Uuid;

async fn trader(app: &TestApp) -> String {
    let email = unique_email("risk-trader");
    app.state
        .engine
        .auth()
        .ensure_staff(&email, "trader-pass-1", &[Role::Trader])
        .await
        .unwrap();
    app.login(&email, "trader-pass-1").await
}

async fn player(app: &TestApp) -> String {
    let (_, jwt) = app.register(&unique_email("risk")).await;
    let (status, body) = app
        .post(
            "/api/v1/wallet/deposits",
            json!({"amount": "500.00", "method": "sandbox"}),
            Some(&jwt),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    jwt
}

/// A moneyline event starting tomorrow; (market id, [home, away]).
async fn market(app: &TestApp, trader: &str) -> (String, Vec<String>) {
    let (status, event) = app
        .post(
            "/api/v1/admin/events",
            json!({"sport": "Football", "competition": "Risk League",
                   "name": format!("Home v Away {}", Uuid::now_v7()),
                   "starts_at": (Utc::now() + TimeDelta::days(1)).to_rfc3339(),
                   "markets": [{"name": "Winner", "kind": "moneyline", "selections": [
                       {"name": "Home", "odds": "2.00"}, {"name": "Away", "odds": "3.00"}]}]}),
            Some(trader),
        )
        .await;
    assert_eq!(status, 201, "{event}");
    let m = &event["markets"][0];
    let ids = m["selections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    (m["id"].as_str().unwrap().to_owned(), ids)
}

async fn place(app: &TestApp, jwt: &str, legs: &[(&str, &str)], stake: &str) -> String {
    let kind = if legs.len() == 1 {
        "single"
    } else {
        "accumulator"
    };
    let (status, bet) = app
        .post(
            "/api/v1/bets",
            json!({"kind": kind, "unit_stake": stake, "odds_change": "reject",
                   "legs": legs.iter().map(|(s, o)| json!({"selection_id": s, "odds": o}))
                       .collect::<Vec<_>>()}),
            Some(jwt),
        )
        .await;
    assert_eq!(status, 201, "{bet}");
    bet["bet_id"].as_str().unwrap().to_owned()
}

/// The selection's risk row: (bets, stakes, potential payout, liability).
async fn risk(
    app: &TestApp,
    trader: &str,
    market: &str,
    selection: &str,
) -> (i64, String, String, String) {
    let (status, risk) = app
        .get(
            &format!("/api/v1/admin/markets/{market}/risk"),
            Some(trader),
        )
        .await;
    assert_eq!(status, 200, "{risk}");
    risk["selections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["selection_id"] == json!(selection))
        .map(|s| {
            let f = |k: &str| s[k].as_str().unwrap().to_owned();
            (
                s["bets"].as_i64().unwrap(),
                f("stakes"),
                f("potential_payout"),
                f("liability"),
            )
        })
        .unwrap_or((0, "0.00".into(), "0.00".into(), "0.00".into()))
}

fn zero() -> (i64, String, String, String) {
    (0, "0.00".into(), "0.00".into(), "0.00".into())
}

fn row(bets: i64, stakes: &str, payout: &str, liability: &str) -> (i64, String, String, String) {
    (bets, stakes.into(), payout.into(), liability.into())
}

async fn call(app: &TestApp, trader: &str, market: &str, action: &str, body: Value) -> Value {
    let (status, res) = app
        .post(
            &format!("/api/v1/admin/markets/{market}/{action}"),
            body,
            Some(trader),
        )
        .await;
    assert_eq!(status, 200, "{res}");
    res
}

fn winner(sels: &[String], won: usize) -> Value {
    json!({"outcomes": sels.iter().enumerate().map(|(i, s)| json!({
        "selection_id": s, "result": if i == won { "win" } else { "lose" }})).collect::<Vec<_>>()})
}

#[tokio::test]
async fn settling_a_market_takes_its_singles_and_the_lost_accumulator_out_of_the_risk() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let jwt = player(&app).await;
    let (a, sa) = market(&app, &trader).await;
    let (b, sb) = market(&app, &trader).await;
    place(&app, &jwt, &[(&sa[0], "2.00")], "10.00").await;
    place(&app, &jwt, &[(&sa[1], "3.00")], "5.00").await;
    place(&app, &jwt, &[(&sa[1], "3.00"), (&sb[0], "2.00")], "2.00").await;
    place(&app, &jwt, &[(&sb[0], "2.00")], "4.00").await;
    // Singles on A keep 15.00: home pays 20.00, away 15.00 + the acca's 12.00.
    assert_eq!(
        risk(&app, &trader, &a, &sa[0]).await,
        row(1, "10.00", "20.00", "5.00")
    );
    assert_eq!(
        risk(&app, &trader, &a, &sa[1]).await,
        row(2, "7.00", "27.00", "12.00")
    );
    assert_eq!(
        risk(&app, &trader, &b, &sb[0]).await,
        row(2, "6.00", "20.00", "16.00")
    );

    // Home wins A: the singles are settled, the acca lost on its A leg.
    let res = call(&app, &trader, &a, "settle", winner(&sa, 0)).await;
    assert_eq!(res["settled_bets"], 2, "{res}");
    assert_eq!(risk(&app, &trader, &a, &sa[0]).await, zero());
    assert_eq!(risk(&app, &trader, &a, &sa[1]).await, zero());
    // Only B's single is left on B.
    assert_eq!(
        risk(&app, &trader, &b, &sb[0]).await,
        row(1, "4.00", "8.00", "4.00")
    );

    // B settles: the acca is paid (lost) without leaving anything twice.
    let res = call(&app, &trader, &b, "settle", winner(&sb, 0)).await;
    assert_eq!(res["settled_bets"], 2, "{res}");
    for (m, s) in [(&a, &sa), (&b, &sb)] {
        for sel in s {
            assert_eq!(risk(&app, &trader, m, sel).await, zero());
        }
    }
    // Resettling either market changes nothing in the risk.
    call(&app, &trader, &a, "resettle", winner(&sa, 1)).await;
    call(&app, &trader, &b, "void", json!({"reason": "abandoned"})).await;
    for (m, s) in [(&a, &sa), (&b, &sb)] {
        for sel in s {
            assert_eq!(risk(&app, &trader, m, sel).await, zero());
        }
    }
}

#[tokio::test]
async fn a_won_leg_keeps_the_accumulator_on_its_open_leg_and_a_resettle_revives_a_lost_one() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let jwt = player(&app).await;
    let (a, sa) = market(&app, &trader).await;
    let (b, sb) = market(&app, &trader).await;
    place(&app, &jwt, &[(&sa[0], "2.00"), (&sb[1], "3.00")], "5.00").await;
    let open = row(1, "5.00", "30.00", "30.00");
    assert_eq!(risk(&app, &trader, &b, &sb[1]).await, open);

    // A's leg wins: the acca is still open and counts on B.
    let res = call(&app, &trader, &a, "settle", winner(&sa, 0)).await;
    assert_eq!(res["settled_bets"], 0, "{res}");
    assert_eq!(risk(&app, &trader, &b, &sb[1]).await, open);
    // Resettled as lost: out of B; back to won: on B again; void: still on B.
    call(&app, &trader, &a, "resettle", winner(&sa, 1)).await;
    assert_eq!(risk(&app, &trader, &b, &sb[1]).await, zero());
    call(&app, &trader, &a, "resettle", winner(&sa, 0)).await;
    assert_eq!(risk(&app, &trader, &b, &sb[1]).await, open);
    call(&app, &trader, &a, "void", json!({"reason": "wrong result"})).await;
    assert_eq!(risk(&app, &trader, &b, &sb[1]).await, open);

    // B settles the acca (won): it leaves every leg once.
    let res = call(&app, &trader, &b, "settle", winner(&sb, 1)).await;
    assert_eq!(res["settled_bets"], 1, "{res}");
    assert_eq!(risk(&app, &trader, &b, &sb[1]).await, zero());
    assert_eq!(risk(&app, &trader, &a, &sa[0]).await, zero());
    call(&app, &trader, &b, "resettle", winner(&sb, 0)).await;
    assert_eq!(risk(&app, &trader, &b, &sb[1]).await, zero());
    assert_eq!(risk(&app, &trader, &a, &sa[0]).await, zero());
}

#[tokio::test]
async fn a_void_market_takes_its_singles_out_and_a_cash_out_takes_the_bet_out_once() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let jwt = player(&app).await;
    let (a, sa) = market(&app, &trader).await;
    let (b, sb) = market(&app, &trader).await;
    place(&app, &jwt, &[(&sa[0], "2.00")], "10.00").await;
    let acca = place(&app, &jwt, &[(&sa[1], "3.00"), (&sb[0], "2.00")], "1.00").await;
    let res = call(&app, &trader, &a, "void", json!({"reason": "abandoned"})).await;
    assert_eq!(res["settled_bets"], 1, "{res}");
    assert_eq!(risk(&app, &trader, &a, &sa[0]).await, zero());
    // The acca goes on with its void leg.
    assert_eq!(
        risk(&app, &trader, &b, &sb[0]).await,
        row(1, "1.00", "6.00", "6.00")
    );

    let (status, q) = app
        .get(&format!("/api/v1/bets/{acca}/cash-out"), Some(&jwt))
        .await;
    assert_eq!(status, 200, "{q}");
    let (status, done) = app
        .post(
            &format!("/api/v1/bets/{acca}/cash-out"),
            json!({"quote_id": q["quote_id"]}),
            Some(&jwt),
        )
        .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(risk(&app, &trader, &b, &sb[0]).await, zero());
    assert_eq!(risk(&app, &trader, &a, &sa[1]).await, zero());
    let res = call(&app, &trader, &b, "settle", winner(&sb, 0)).await;
    assert_eq!(res["settled_bets"], 0, "{res}");
    assert_eq!(risk(&app, &trader, &b, &sb[0]).await, zero());
    assert_eq!(risk(&app, &trader, &a, &sa[1]).await, zero());
}

#[tokio::test]
async fn an_interrupted_settlement_resumed_twice_takes_each_bet_out_once() {
    let app = spawn().await;
    let trader_jwt = trader(&app).await;
    let jwt = player(&app).await;
    let (a, sa) = market(&app, &trader_jwt).await;
    for _ in 0..3 {
        place(&app, &jwt, &[(&sa[0], "2.00")], "10.00").await;
    }
    place(&app, &jwt, &[(&sa[1], "3.00")], "1.00").await;
    assert_eq!(
        risk(&app, &trader_jwt, &a, &sa[0]).await,
        row(3, "30.00", "60.00", "29.00")
    );

    let sportsbook = app.state.engine.sportsbook();
    let actor = Principal {
        user_id: Uuid::now_v7(),
        session_id: Uuid::now_v7(),
        roles: vec![Role::Trader],
    };
    let market_id: Uuid = a.parse().unwrap();
    let ids: Vec<Uuid> = sa.iter().map(|s| s.parse().unwrap()).collect();
    let settlement = Settlement::Outcomes(vec![
        Outcome {
            selection_id: ids[0],
            outcome: LegOutcome::from(LegResult::Win),
        },
        Outcome {
            selection_id: ids[1],
            outcome: LegOutcome::from(LegResult::Lose),
        },
    ]);
    sportsbook
        .record_results(&actor, market_id, &settlement)
        .await
        .unwrap();
    // Results alone take nothing out; one batch of two takes two bets out.
    assert_eq!(risk(&app, &trader_jwt, &a, &sa[0]).await.0, 3);
    assert_eq!(sportsbook.settle_batch(market_id, 2).await.unwrap(), 2);
    let left =
        risk(&app, &trader_jwt, &a, &sa[0]).await.0 + risk(&app, &trader_jwt, &a, &sa[1]).await.0;
    assert_eq!(left, 2);
    // Resumed, then resumed again and a stray batch: each bet once.
    assert_eq!(sportsbook.resume_settlements().await.unwrap(), 2);
    assert_eq!(sportsbook.resume_settlements().await.unwrap(), 0);
    assert_eq!(sportsbook.settle_batch(market_id, 10).await.unwrap(), 0);
    assert_eq!(risk(&app, &trader_jwt, &a, &sa[0]).await, zero());
    assert_eq!(risk(&app, &trader_jwt, &a, &sa[1]).await, zero());
}
