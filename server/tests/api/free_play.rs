//! Free bets and free spins over HTTP (API.md "Free bets and free spins"):
//! `free_bet_id` instead of `unit_stake` on `POST /bets`, `free_spins_id`
//! instead of a stake on `POST /casino/originals/slot/rounds`, their 422
//! codes, what the bet and the wallet show afterwards, free-spin wins held
//! as bonus money with wagering, free spins granted only on the built-in
//! slot, and the currency of promotion terms.

use domain::money::Currency;
use domain::reward::Reward;
use engine::rewards::{Grant, Granted, NoGuard, Source};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{TestApp, bet, cash, funded, market, settle, spawn, trader, winner};

/// Grants `reward` to the player `player` (as the loyalty store would);
/// the bonus id.
async fn grant(app: &TestApp, player: &str, reward: Value) -> String {
    let spec: domain::reward::RewardSpec = serde_json::from_value(reward).unwrap();
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
            reason: "free play test".to_owned(),
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

fn free_single(selection: &str, odds: &str, token: &str) -> Value {
    json!({"kind": "single", "free_bet_id": token, "odds_change": "reject",
           "legs": [{"selection_id": selection, "odds": odds}]})
}

#[tokio::test]
async fn a_free_bet_placed_and_won_pays_the_return_less_the_stake() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (player, jwt) = funded(&app, "20.00").await;
    let token = grant(
        &app,
        &player,
        json!({"kind": "free_bet", "amount": "5.00", "min_odds": "2.00"}),
    )
    .await;
    let (m, sels) = market(&app, &trader, "3.00", "1.40").await;

    let (status, placed) = bet(&app, &jwt, free_single(&sels[0], "3.00", &token), None).await;
    assert_eq!(status, 201, "{placed}");
    assert_eq!(placed["free_bet"], true);
    assert_eq!(placed["total_stake"], "5.00");
    assert_eq!(placed["potential_return"], "10.00");
    assert_eq!(cash(&app, &jwt).await, (2000, 500));

    let (status, again) = bet(&app, &jwt, free_single(&sels[0], "3.00", &token), None).await;
    assert_eq!(status, 422, "{again}");
    assert_eq!(again["error"]["code"], "free_bet_not_eligible");

    let (status, body) = settle(&app, &trader, &m, winner(&sels, 0)).await;
    assert_eq!(status, 200, "{body}");
    let id = placed["bet_id"].as_str().unwrap();
    let (status, settled) = app.get(&format!("/api/v1/bets/{id}"), Some(&jwt)).await;
    assert_eq!(status, 200, "{settled}");
    assert_eq!(settled["return"], "10.00");
    assert_eq!(settled["free_bet"], true);
    assert_eq!(cash(&app, &jwt).await, (3000, 0));

    let (_, bonuses) = app.get("/api/v1/bonuses", Some(&jwt)).await;
    let listed = bonuses["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["bonus_id"] == token.as_str())
        .cloned()
        .unwrap();
    assert_eq!(listed["status"], "used", "{bonuses}");
}

#[tokio::test]
async fn free_bet_refusals_answer_their_codes() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (player, jwt) = funded(&app, "20.00").await;
    let token = grant(
        &app,
        &player,
        json!({"kind": "free_bet", "amount": "5.00", "min_odds": "2.50"}),
    )
    .await;
    let (_, sels) = market(&app, &trader, "2.00", "1.80").await;

    let (status, short) = bet(&app, &jwt, free_single(&sels[0], "2.00", &token), None).await;
    assert_eq!(status, 422, "{short}");
    assert_eq!(short["error"]["code"], "free_bet_not_eligible");

    let (status, unknown) = bet(
        &app,
        &jwt,
        free_single(&sels[0], "2.00", &Uuid::now_v7().to_string()),
        None,
    )
    .await;
    assert_eq!(status, 422, "{unknown}");
    assert_eq!(unknown["error"]["code"], "free_bet_not_eligible");

    let mut both = free_single(&sels[0], "2.00", &token);
    both["unit_stake"] = json!("1.00");
    let (status, body) = bet(&app, &jwt, both, None).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "validation_failed");

    let (status, body) = bet(&app, &jwt, free_single(&sels[0], "2.00", "nope"), None).await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["details"]["fields"]["free_bet_id"].is_string(),
        "{body}"
    );

    let (status, body) = bet(
        &app,
        &jwt,
        json!({"kind": "single", "legs": [{"selection_id": sels[0], "odds": "2.00"}]}),
        None,
    )
    .await;
    assert_eq!(status, 400, "no stake at all is malformed: {body}");
    assert_eq!(cash(&app, &jwt).await, (2000, 0));
}

#[tokio::test]
async fn free_spins_play_their_rounds_then_answer_free_spins_used() {
    let app = spawn().await;
    let (player, jwt) = funded(&app, "10.00").await;
    let spins = grant(
        &app,
        &player,
        json!({"kind": "free_spins", "game_code": "slot", "rounds": 2, "stake": "0.20"}),
    )
    .await;

    let mut won = 0;
    for _ in 0..2 {
        let (status, round) = app
            .post(
                "/api/v1/casino/originals/slot/rounds",
                json!({"free_spins_id": spins}),
                Some(&jwt),
            )
            .await;
        assert_eq!(status, 201, "{round}");
        assert_eq!(round["stake"], "0.20");
        won += crate::common::cents(round["win"].as_str().unwrap());
    }
    let (status, used) = app
        .post(
            "/api/v1/casino/originals/slot/rounds",
            json!({"free_spins_id": spins}),
            Some(&jwt),
        )
        .await;
    assert_eq!(status, 422, "{used}");
    assert_eq!(used["error"]["code"], "free_spins_used");
    assert_eq!(cash(&app, &jwt).await, (1000 + won, 0), "wins land in cash");

    let (status, dice) = app
        .post(
            "/api/v1/casino/originals/dice/rounds",
            json!({"free_spins_id": spins}),
            Some(&jwt),
        )
        .await;
    assert_eq!(status, 422, "{dice}");
    assert_eq!(dice["error"]["code"], "free_spins_used");

    let (status, mixed) = app
        .post(
            "/api/v1/casino/originals/slot/rounds",
            json!({"free_spins_id": spins, "stake": "1.00"}),
            Some(&jwt),
        )
        .await;
    assert_eq!(status, 422, "{mixed}");
    assert_eq!(mixed["error"]["code"], "validation_failed");
}

/// Plays free spins of `spins` until one wins (at most `limit`); the win
/// in cents.
async fn spin_until_a_win(app: &TestApp, jwt: &str, spins: &str, limit: usize) -> i64 {
    for _ in 0..limit {
        let (status, round) = app
            .post(
                "/api/v1/casino/originals/slot/rounds",
                json!({"free_spins_id": spins}),
                Some(jwt),
            )
            .await;
        assert_eq!(status, 201, "{round}");
        let win = crate::common::cents(round["win"].as_str().unwrap());
        if win > 0 {
            return win;
        }
    }
    panic!("no winning spin in {limit}");
}

#[tokio::test]
async fn free_spin_wins_with_a_wagering_multiplier_are_bonus_money_to_wager() {
    let app = spawn().await;
    let (player, jwt) = funded(&app, "10.00").await;
    let spins = grant(
        &app,
        &player,
        json!({"kind": "free_spins", "game_code": "slot", "rounds": 300, "stake": "0.20",
               "wagering_multiplier": "10"}),
    )
    .await;

    let win = spin_until_a_win(&app, &jwt, &spins, 300).await;
    let (status, wallet) = app.get("/api/v1/wallet", Some(&jwt)).await;
    assert_eq!(status, 200, "{wallet}");
    assert_eq!(crate::common::cents(wallet["cash"].as_str().unwrap()), 1000);
    assert_eq!(crate::common::cents(wallet["bonus"].as_str().unwrap()), win);

    let (_, bonuses) = app.get("/api/v1/bonuses", Some(&jwt)).await;
    let items = bonuses["items"].as_array().unwrap();
    let money: Vec<&Value> = items
        .iter()
        .filter(|b| b["kind"] == "bonus_money")
        .collect();
    assert_eq!(money.len(), 1, "{bonuses}");
    assert_eq!(money[0]["status"], "active");
    assert_eq!(
        crate::common::cents(money[0]["amount"].as_str().unwrap()),
        win
    );
    assert_eq!(
        crate::common::cents(money[0]["wagering_required"].as_str().unwrap()),
        win * 10
    );
    assert_eq!(money[0]["wagering_done"], "0.00");
    let spins_row = items
        .iter()
        .find(|b| b["bonus_id"] == spins.as_str())
        .unwrap();
    assert_eq!(spins_row["status"], "active");
    assert!(spins_row["free_spins"]["rounds_left"].as_u64().unwrap() < 300);
}

#[tokio::test]
async fn free_spins_are_granted_only_on_the_built_in_slot() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let campaign = |game: &str| {
        json!({
            "name": format!("Spins on {game}"),
            "trigger": {"event": "deposit"},
            "reward": {"kind": "free_spins", "game_code": game, "rounds": 10, "stake": "0.10"}
        })
    };
    for game in ["originals.dice", "no.such.game"] {
        let (status, body) = app
            .post("/api/v1/admin/campaigns", campaign(game), Some(&admin))
            .await;
        assert_eq!(status, 422, "{game}: {body}");
        assert_eq!(body["error"]["code"], "validation_failed");
        assert!(
            body["error"]["details"]["fields"]["reward.game_code"].is_string(),
            "{body}"
        );
    }
    for game in ["slot", "originals.slot.emerald-nights"] {
        let (status, body) = app
            .post("/api/v1/admin/campaigns", campaign(game), Some(&admin))
            .await;
        assert_eq!(status, 201, "{game}: {body}");
    }
}

#[tokio::test]
async fn promotions_name_the_currency_of_their_terms() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let (status, created) = app
        .post(
            "/api/v1/admin/campaigns",
            json!({
                "name": "Deposit spins",
                "trigger": {"event": "deposit"},
                "reward": {"kind": "free_spins", "game_code": "slot", "rounds": 10, "stake": "0.10"}
            }),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["campaign_id"].as_str().unwrap();
    let (status, body) = app
        .post(
            &format!("/api/v1/admin/campaigns/{id}/launch"),
            json!({}),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    let (_, jwt) = funded(&app, "10.00").await;
    let (status, promotions) = app.get("/api/v1/promotions", Some(&jwt)).await;
    assert_eq!(status, 200, "{promotions}");
    let offer = promotions["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["campaign_id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("listed: {promotions}"));
    assert_eq!(offer["currency"], "EUR");
    assert!(offer["terms"].as_str().unwrap().contains("0.10"), "{offer}");
}
