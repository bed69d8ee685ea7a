//! Stakes from cash first, then bonus money, over HTTP (API.md "Player
//! bonuses"): a bet bigger than the cash is accepted when bonus money
//! covers the rest, the wallet and "My bonuses" show what it took, a bet
//! beyond both is refused as ever, and a win pays the bonus share back to
//! bonus money.

use domain::money::Currency;
use domain::reward::Reward;
use engine::rewards::{Grant, Granted, NoGuard, Source};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{TestApp, bet, cents, funded, market, settle, single, spawn, trader, winner};

/// Grants 20.00 of bonus money to wager 10× to `player`; the bonus id.
async fn bonus_money(app: &TestApp, player: &str) -> String {
    let spec: domain::reward::RewardSpec = serde_json::from_value(json!({
        "kind": "bonus_money", "amount": "20.00", "wagering_multiplier": "10"
    }))
    .unwrap();
    let reward = Reward::parse(&spec, Currency::EUR, "reward").unwrap();
    let granted = engine::rewards::grant(
        &app.state.engine,
        &Grant {
            award_key: format!("test:{}", Uuid::now_v7()),
            source: Source::Store(Uuid::now_v7()),
            variant: None,
            player_id: player.parse().unwrap(),
            reward: &reward,
            currency: Currency::EUR,
            basis: None,
            reason: "bonus stakes test".to_owned(),
        },
        &NoGuard,
    )
    .await
    .unwrap();
    match granted {
        Granted::New { bonus, .. } => bonus.bonus_id.to_string(),
        other => panic!("not granted: {other:?}"),
    }
}

/// The wallet's (cash, bonus, reserved) in cents.
async fn wallet(app: &TestApp, jwt: &str) -> (i64, i64, i64) {
    let (status, w) = app.get("/api/v1/wallet", Some(jwt)).await;
    assert_eq!(status, 200, "{w}");
    let of = |k: &str| cents(w[k].as_str().unwrap());
    (of("cash"), of("bonus"), of("reserved"))
}

/// The bonus's balance as "My bonuses" lists it.
async fn listed_balance(app: &TestApp, jwt: &str, bonus: &str) -> Value {
    let (status, list) = app.get("/api/v1/bonuses", Some(jwt)).await;
    assert_eq!(status, 200, "{list}");
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["bonus_id"] == bonus)
        .map(|b| b["balance"].clone())
        .unwrap()
}

#[tokio::test]
async fn a_bet_over_the_cash_is_staked_with_bonus_money_and_pays_it_back() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (player, jwt) = funded(&app, "10.00").await;
    let bonus = bonus_money(&app, &player).await;
    let (m, sels) = market(&app, &trader, "2.00", "2.00").await;

    let (status, placed) = bet(&app, &jwt, single(&sels[0], "2.00", "25.00"), None).await;
    assert_eq!(status, 201, "{placed}");
    assert_eq!(placed["total_stake"], "25.00");
    assert_eq!(wallet(&app, &jwt).await, (0, 500, 2500));
    assert_eq!(listed_balance(&app, &jwt, &bonus).await, "5.00");

    let (status, refused) = bet(&app, &jwt, single(&sels[0], "2.00", "5.01"), None).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["code"], "insufficient_funds");

    let (status, body) = settle(&app, &trader, &m, winner(&sels, 0)).await;
    assert_eq!(status, 200, "{body}");
    // 50.00 back: 15/25 of it to bonus money, the rest to cash.
    assert_eq!(wallet(&app, &jwt).await, (2000, 3500, 0));
    assert_eq!(listed_balance(&app, &jwt, &bonus).await, "35.00");
}
