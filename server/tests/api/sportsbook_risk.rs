//! Market risk (`GET /api/v1/admin/markets/{id}/risk`) counts open bets
//! only: settling, voiding, resettling and cashing out take a bet out of the
//! exposure of every one of its legs, once, whatever the batches do; a lost
//! accumulator leaves its other open legs when its losing leg is recorded,
//! and comes back if a resettle revives it.

use crate::common::{
    acca, accept, call, funded, market, place, quote, risk, row, single, spawn, trader, winner,
    zero,
};
use domain::betting::{LegOutcome, LegResult};
use engine::sportsbook::{Outcome, Settlement};
use engine::{Principal, Role};
use serde_json::json;
use uuid::Uuid;

#[tokio::test]
async fn settling_a_market_takes_its_singles_and_the_lost_accumulator_out_of_the_risk() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, jwt) = funded(&app, "500.00").await;
    let (a, sa) = market(&app, &trader, "2.00", "3.00").await;
    let (b, sb) = market(&app, &trader, "2.00", "3.00").await;
    place(&app, &jwt, single(&sa[0], "2.00", "10.00")).await;
    place(&app, &jwt, single(&sa[1], "3.00", "5.00")).await;
    place(
        &app,
        &jwt,
        acca(&[(&sa[1], "3.00"), (&sb[0], "2.00")], "2.00"),
    )
    .await;
    place(&app, &jwt, single(&sb[0], "2.00", "4.00")).await;
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
    let (_, jwt) = funded(&app, "500.00").await;
    let (a, sa) = market(&app, &trader, "2.00", "3.00").await;
    let (b, sb) = market(&app, &trader, "2.00", "3.00").await;
    place(
        &app,
        &jwt,
        acca(&[(&sa[0], "2.00"), (&sb[1], "3.00")], "5.00"),
    )
    .await;
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
async fn a_system_bet_leaves_each_legs_risk_when_that_leg_is_recorded() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, jwt) = funded(&app, "500.00").await;
    let a = market(&app, &trader, "2.00", "3.00").await;
    let b = market(&app, &trader, "2.00", "3.00").await;
    let c = market(&app, &trader, "2.00", "3.00").await;
    let leg = |s: &str| json!({"selection_id": s, "odds": "2.00"});
    place(
        &app,
        &jwt,
        json!({"kind": "system", "system": "trixie", "unit_stake": "1.00",
               "odds_change": "reject",
               "legs": [leg(&a.1[0]), leg(&b.1[0]), leg(&c.1[0])]}),
    )
    .await;
    // Four lines of 1.00: three doubles paying 4.00 and a treble paying 8.00.
    let open = row(1, "4.00", "20.00", "20.00");
    for (m, s) in [&a, &b, &c] {
        assert_eq!(risk(&app, &trader, m, &s[0]).await, open);
    }
    // Each leg's result takes the bet off that leg only, until it is paid.
    let res = call(&app, &trader, &a.0, "settle", winner(&a.1, 0)).await;
    assert_eq!(res["settled_bets"], 0, "{res}");
    assert_eq!(risk(&app, &trader, &a.0, &a.1[0]).await, zero());
    assert_eq!(risk(&app, &trader, &b.0, &b.1[0]).await, open);
    call(&app, &trader, &b.0, "settle", winner(&b.1, 1)).await;
    assert_eq!(risk(&app, &trader, &b.0, &b.1[0]).await, zero());
    assert_eq!(risk(&app, &trader, &c.0, &c.1[0]).await, open);
    let res = call(&app, &trader, &c.0, "settle", winner(&c.1, 0)).await;
    assert_eq!(res["settled_bets"], 1, "{res}");
    for (m, s) in [&a, &b, &c] {
        for sel in s {
            assert_eq!(risk(&app, &trader, m, sel).await, zero());
        }
    }
}

#[tokio::test]
async fn a_void_market_takes_its_singles_out_and_a_cash_out_takes_the_bet_out_once() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, jwt) = funded(&app, "500.00").await;
    let (a, sa) = market(&app, &trader, "2.00", "3.00").await;
    let (b, sb) = market(&app, &trader, "2.00", "3.00").await;
    place(&app, &jwt, single(&sa[0], "2.00", "10.00")).await;
    let acca = place(
        &app,
        &jwt,
        acca(&[(&sa[1], "3.00"), (&sb[0], "2.00")], "1.00"),
    )
    .await;
    let res = call(&app, &trader, &a, "void", json!({"reason": "abandoned"})).await;
    assert_eq!(res["settled_bets"], 1, "{res}");
    assert_eq!(risk(&app, &trader, &a, &sa[0]).await, zero());
    // The acca goes on with its void leg.
    assert_eq!(
        risk(&app, &trader, &b, &sb[0]).await,
        row(1, "1.00", "6.00", "6.00")
    );

    let (status, q) = quote(&app, &jwt, &acca).await;
    assert_eq!(status, 200, "{q}");
    let (status, done) = accept(&app, &jwt, &acca, q["quote_id"].as_str().unwrap(), None).await;
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
    let (_, jwt) = funded(&app, "500.00").await;
    let (a, sa) = market(&app, &trader_jwt, "2.00", "3.00").await;
    for _ in 0..3 {
        place(&app, &jwt, single(&sa[0], "2.00", "10.00")).await;
    }
    place(&app, &jwt, single(&sa[1], "3.00", "1.00")).await;
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
