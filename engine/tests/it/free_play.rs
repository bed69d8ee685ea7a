//! Free bets and free spins against a real database (SQLite, or PostgreSQL
//! when `TEST_DATABASE_URL` says so): the house pays the stake, a win pays
//! only what exceeds it, a loss costs the player nothing, a token is used
//! once however many placements race for it, a void bet gives the token
//! back, free spins play their rounds and then stop, and the ledger
//! verifies after each.

use chrono::{TimeDelta, Utc};
use domain::api::engagement::BonusStatus;
use domain::betting::{BetKind, LegOutcome, LegResult, Odds, OddsChangePolicy};
use domain::casino::{DICE_CODE, SLOT_CODE};
use domain::money::{Currency, Money};
use domain::reward::Reward;
use engine::casino::CasinoError;
use engine::rewards::{Grant, Granted, NoGuard, Source};
use engine::sportsbook::{
    BetRequest, LegRequest, NewEvent, NewMarket, NewSelection, Outcome, Settlement, SportsbookError,
};
use engine::wallet::verify::verify;
use engine::{Engine, Principal, Role};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::common::{eur, funded_player, odds, principal, setup, unique_email};

fn trader() -> Principal {
    principal(Role::Trader)
}

/// Grants `reward` to `player` (as the loyalty store would); the bonus id.
async fn grant(engine: &Engine, player: Uuid, reward: Reward) -> Uuid {
    let granted = engine::rewards::grant(
        engine,
        &Grant {
            award_key: format!("test:{}", Uuid::now_v7()),
            source: Source::Store(Uuid::now_v7()),
            variant: None,
            player_id: player,
            reward: &reward,
            currency: Currency::EUR,
            basis: None,
            reason: "free play test".to_owned(),
        },
        &NoGuard,
    )
    .await
    .expect("granted");
    match granted {
        Granted::New { bonus, .. } => bonus.bonus_id,
        other => panic!("not granted: {other:?}"),
    }
}

async fn free_bet(engine: &Engine, player: Uuid, amount: &str, min_odds: Option<&str>) -> Uuid {
    grant(
        engine,
        player,
        Reward::FreeBet {
            amount: eur(amount),
            min_odds: min_odds.map(|o| Odds::parse(o).unwrap()),
            expires_in_days: Some(7),
        },
    )
    .await
}

async fn free_spins(engine: &Engine, player: Uuid, game: &str, rounds: u32) -> Uuid {
    grant(
        engine,
        player,
        Reward::FreeSpins {
            game_code: game.to_owned(),
            rounds,
            stake: eur("0.20"),
            wagering_multiplier: None,
            expires_in_days: None,
        },
    )
    .await
}

/// An event with one two-way market at `home` and 2.00; (market, selections).
async fn market(engine: &Engine, home: &str) -> (Uuid, Vec<Uuid>) {
    let event = engine
        .sportsbook()
        .create_event(
            &trader(),
            NewEvent {
                sport: "Football".to_owned(),
                competition: "Free Play League".to_owned(),
                name: format!("Home v Away {}", Uuid::now_v7()),
                starts_at: Utc::now() + TimeDelta::days(1),
                in_play_betting: false,
                bet_delay_ms: 0,
                demo: false,
                markets: vec![NewMarket {
                    name: "Winner".to_owned(),
                    kind: "moneyline".to_owned(),
                    line: None,
                    selections: vec![
                        NewSelection {
                            name: "Home".to_owned(),
                            side: None,
                            odds: odds(home),
                        },
                        NewSelection {
                            name: "Away".to_owned(),
                            side: None,
                            odds: odds("2.00"),
                        },
                    ],
                }],
            },
        )
        .await
        .unwrap();
    let m = &event.markets[0];
    (m.id, m.selections.iter().map(|s| s.id).collect())
}

fn request(kind: BetKind, legs: &[(Uuid, &str)]) -> BetRequest {
    BetRequest {
        kind,
        teaser_points: None,
        // Ignored: a free bet stakes its own amount.
        unit_stake: eur("99.00"),
        legs: legs
            .iter()
            .map(|(selection_id, at)| LegRequest {
                selection_id: *selection_id,
                odds: Some(odds(at)),
            })
            .collect(),
        odds_change: OddsChangePolicy::Reject,
    }
}

async fn place_free(
    engine: &Engine,
    p: &Principal,
    token: Uuid,
    legs: &[(Uuid, &str)],
) -> Result<domain::api::sportsbook::Bet, SportsbookError> {
    let kind = if legs.len() == 1 {
        BetKind::Single
    } else {
        BetKind::Accumulator
    };
    engine
        .sportsbook()
        .place_free_bet(p, &request(kind, legs), token, None)
        .await
        .map(|r| r.value)
}

fn won_by(sels: &[Uuid], winner: usize) -> Settlement {
    Settlement::Outcomes(
        sels.iter()
            .enumerate()
            .map(|(i, id)| Outcome {
                selection_id: *id,
                outcome: LegOutcome::from(if i == winner {
                    LegResult::Win
                } else {
                    LegResult::Lose
                }),
            })
            .collect(),
    )
}

/// (cash, reserved) in minor units.
async fn balances(engine: &Engine, p: &Principal) -> (i64, i64) {
    let b = engine.wallet().balances(p.user_id).await.unwrap();
    (b.cash.minor(), b.reserved.minor())
}

/// The sum of every shard's house account of `kind`.
async fn house(engine: &Engine, kind: &str) -> i64 {
    entity::accounts::Entity::find()
        .filter(entity::accounts::Column::Kind.eq(kind))
        .all(engine.db())
        .await
        .unwrap()
        .iter()
        .map(|a| a.balance)
        .sum()
}

async fn status_of(engine: &Engine, player: Uuid, bonus: Uuid) -> (BonusStatus, u32) {
    let list = engine.bonuses().list(player).await.unwrap();
    let b = list
        .items
        .iter()
        .find(|b| b.bonus_id == bonus)
        .expect("the bonus is listed");
    (b.status, b.free_spins.as_ref().map_or(0, |f| f.rounds_left))
}

async fn assert_books_balance(engine: &Engine) {
    if let Err(problem) = verify(engine.db()).await.expect("verify runs") {
        panic!("ledger verify failed: {problem}");
    }
}

#[tokio::test]
async fn a_free_bet_won_at_3_pays_10_net_into_cash_and_the_ledger_verifies() {
    let (_db, engine) = setup().await;
    let p = funded_player(&engine, &unique_email(), "20.00").await;
    let token = free_bet(&engine, p.user_id, "5.00", Some("2.00")).await;
    let (m, sels) = market(&engine, "3.00").await;

    let bet = place_free(&engine, &p, token, &[(sels[0], "3.00")])
        .await
        .expect("placed");
    assert!(bet.free_bet);
    assert_eq!(bet.total_stake, "5.00");
    assert_eq!(bet.potential_return, "10.00", "the stake is not returned");
    assert_eq!(
        balances(&engine, &p).await,
        (2000, 500),
        "the house paid the stake"
    );
    assert_eq!(house(&engine, "house_bonus_cost").await, -500);
    assert_eq!(
        status_of(&engine, p.user_id, token).await.0,
        BonusStatus::Used
    );

    engine
        .sportsbook()
        .settle_market(&trader(), m, &won_by(&sels, 0))
        .await
        .unwrap();
    let settled = engine.sportsbook().bet(&p, bet.bet_id).await.unwrap();
    assert_eq!(settled.return_amount.as_deref(), Some("10.00"));
    assert!(settled.free_bet);
    assert_eq!(
        balances(&engine, &p).await,
        (3000, 0),
        "10.00 net into cash"
    );
    assert_eq!(
        house(&engine, "house_bonus_cost").await,
        0,
        "the stake went back to the bonus cost"
    );
    assert_eq!(house(&engine, "house_sportsbook").await, -1000);
    assert_books_balance(&engine).await;
}

#[tokio::test]
async fn a_lost_free_bet_costs_the_player_nothing() {
    let (_db, engine) = setup().await;
    let p = funded_player(&engine, &unique_email(), "20.00").await;
    let token = free_bet(&engine, p.user_id, "5.00", None).await;
    let (m, sels) = market(&engine, "3.00").await;
    let bet = place_free(&engine, &p, token, &[(sels[0], "3.00")])
        .await
        .expect("placed");

    engine
        .sportsbook()
        .settle_market(&trader(), m, &won_by(&sels, 1))
        .await
        .unwrap();
    let settled = engine.sportsbook().bet(&p, bet.bet_id).await.unwrap();
    assert_eq!(settled.return_amount.as_deref(), Some("0.00"));
    assert_eq!(balances(&engine, &p).await, (2000, 0));
    assert_eq!(house(&engine, "house_bonus_cost").await, -500);
    assert_eq!(house(&engine, "house_sportsbook").await, 500);
    assert_books_balance(&engine).await;
}

#[tokio::test]
async fn odds_below_the_minimum_are_not_eligible_and_leave_the_token_active() {
    let (_db, engine) = setup().await;
    let p = funded_player(&engine, &unique_email(), "20.00").await;
    let token = free_bet(&engine, p.user_id, "5.00", Some("2.50")).await;
    let (_, a) = market(&engine, "1.50").await;
    let (_, b) = market(&engine, "1.50").await;
    let (_, c) = market(&engine, "2.00").await;

    let single = place_free(&engine, &p, token, &[(a[0], "1.50")]).await;
    assert!(matches!(single, Err(SportsbookError::FreeBetNotEligible)));
    // 1.50 × 1.50 = 2.25 is still short of 2.50.
    let short = place_free(&engine, &p, token, &[(a[0], "1.50"), (b[0], "1.50")]).await;
    assert!(matches!(short, Err(SportsbookError::FreeBetNotEligible)));
    assert_eq!(
        status_of(&engine, p.user_id, token).await.0,
        BonusStatus::Active
    );
    assert_eq!(balances(&engine, &p).await, (2000, 0));

    // 1.50 × 2.00 = 3.00 qualifies.
    let acca = place_free(&engine, &p, token, &[(a[0], "1.50"), (c[0], "2.00")])
        .await
        .expect("combined odds of 3.00");
    assert_eq!(acca.potential_return, "10.00");
    assert_books_balance(&engine).await;
}

#[tokio::test]
async fn a_used_token_cannot_be_used_again_nor_by_another_player() {
    let (_db, engine) = setup().await;
    let p = funded_player(&engine, &unique_email(), "20.00").await;
    let other = funded_player(&engine, &unique_email(), "20.00").await;
    let token = free_bet(&engine, p.user_id, "5.00", None).await;
    let (_, sels) = market(&engine, "3.00").await;

    let theirs = place_free(&engine, &other, token, &[(sels[0], "3.00")]).await;
    assert!(matches!(theirs, Err(SportsbookError::FreeBetNotEligible)));
    place_free(&engine, &p, token, &[(sels[0], "3.00")])
        .await
        .expect("first use");
    let again = place_free(&engine, &p, token, &[(sels[1], "2.00")]).await;
    assert!(matches!(again, Err(SportsbookError::FreeBetNotEligible)));
    assert_eq!(house(&engine, "house_bonus_cost").await, -500);
    assert_books_balance(&engine).await;
}

#[tokio::test]
async fn of_two_placements_racing_with_one_token_exactly_one_is_placed() {
    let (_db, engine) = setup().await;
    let p = funded_player(&engine, &unique_email(), "20.00").await;
    let token = free_bet(&engine, p.user_id, "5.00", None).await;
    let (_, sels) = market(&engine, "3.00").await;

    let (home, away) = ([(sels[0], "3.00")], [(sels[1], "2.00")]);
    let (first, second) = tokio::join!(
        place_free(&engine, &p, token, &home),
        place_free(&engine, &p, token, &away),
    );
    let placed = [&first, &second].iter().filter(|r| r.is_ok()).count();
    assert_eq!(placed, 1, "{first:?} / {second:?}");
    assert!(
        [first, second]
            .into_iter()
            .any(|r| matches!(r, Err(SportsbookError::FreeBetNotEligible)))
    );
    assert_eq!(balances(&engine, &p).await, (2000, 500));
    assert_eq!(house(&engine, "house_bonus_cost").await, -500);
    assert_books_balance(&engine).await;
}

#[tokio::test]
async fn a_void_free_bet_gives_the_token_back_and_the_stake_to_the_house() {
    let (_db, engine) = setup().await;
    let p = funded_player(&engine, &unique_email(), "20.00").await;
    let token = free_bet(&engine, p.user_id, "5.00", None).await;
    let (m, sels) = market(&engine, "3.00").await;
    let bet = place_free(&engine, &p, token, &[(sels[0], "3.00")])
        .await
        .expect("placed");

    engine
        .sportsbook()
        .void_market(&trader(), m, "abandoned")
        .await
        .unwrap();
    let settled = engine.sportsbook().bet(&p, bet.bet_id).await.unwrap();
    assert_eq!(settled.return_amount.as_deref(), Some("0.00"));
    assert_eq!(balances(&engine, &p).await, (2000, 0));
    assert_eq!(house(&engine, "house_bonus_cost").await, 0);
    assert_eq!(
        status_of(&engine, p.user_id, token).await.0,
        BonusStatus::Active,
        "the token is the player's again"
    );
    let (_, again) = market(&engine, "2.00").await;
    place_free(&engine, &p, token, &[(again[0], "2.00")])
        .await
        .expect("the token stakes again");
    assert_books_balance(&engine).await;
}

#[tokio::test]
async fn a_free_bet_resettled_from_a_win_to_a_loss_takes_back_only_its_winnings() {
    let (_db, engine) = setup().await;
    let p = funded_player(&engine, &unique_email(), "20.00").await;
    let token = free_bet(&engine, p.user_id, "5.00", None).await;
    let (m, sels) = market(&engine, "3.00").await;
    place_free(&engine, &p, token, &[(sels[0], "3.00")])
        .await
        .expect("placed");
    engine
        .sportsbook()
        .settle_market(&trader(), m, &won_by(&sels, 0))
        .await
        .unwrap();
    assert_eq!(balances(&engine, &p).await, (3000, 0));

    engine
        .sportsbook()
        .resettle_market(&trader(), m, &won_by(&sels, 1))
        .await
        .unwrap();
    assert_eq!(balances(&engine, &p).await, (2000, 0));
    assert_eq!(house(&engine, "house_bonus_cost").await, -500);
    assert_eq!(house(&engine, "house_sportsbook").await, 500);
    assert_books_balance(&engine).await;
}

#[tokio::test]
async fn a_free_bet_is_never_cashed_out() {
    let (_db, engine) = setup().await;
    let p = funded_player(&engine, &unique_email(), "20.00").await;
    let token = free_bet(&engine, p.user_id, "5.00", None).await;
    let (_, sels) = market(&engine, "3.00").await;
    let bet = place_free(&engine, &p, token, &[(sels[0], "3.00")])
        .await
        .expect("placed");
    let quote = engine.sportsbook().cash_out_quote(&p, bet.bet_id).await;
    assert!(
        matches!(
            quote,
            Err(SportsbookError::CashOutUnavailable { reason: "free_bet" })
        ),
        "{quote:?}"
    );
}

#[tokio::test]
async fn free_spins_play_their_rounds_into_cash_and_then_are_used() {
    let (_db, engine) = setup().await;
    let p = funded_player(&engine, &unique_email(), "10.00").await;
    let spins = free_spins(&engine, p.user_id, "slot", 3).await;

    let mut won = 0;
    for left in [2, 1, 0] {
        let round = engine
            .casino()
            .play_free_spin(&p, SLOT_CODE, spins, None)
            .await
            .expect("a spin is left");
        assert_eq!(round.stake, "0.20");
        won += Money::parse(&round.win, Currency::EUR).unwrap().minor();
        assert_eq!(status_of(&engine, p.user_id, spins).await.1, left);
    }
    let fourth = engine
        .casino()
        .play_free_spin(&p, SLOT_CODE, spins, None)
        .await;
    assert!(
        matches!(fourth, Err(CasinoError::FreeSpinsUsed)),
        "{fourth:?}"
    );
    assert_eq!(
        status_of(&engine, p.user_id, spins).await.0,
        BonusStatus::Used
    );
    assert_eq!(
        balances(&engine, &p).await,
        (1000 + won, 0),
        "wins land in cash; the stakes were the house's"
    );
    assert_eq!(house(&engine, "house_bonus_cost").await, -60);
    assert_eq!(house(&engine, "house_casino").await, 60 - won);
    assert_books_balance(&engine).await;
}

#[tokio::test]
async fn free_spins_are_for_their_game_and_their_player_only() {
    let (_db, engine) = setup().await;
    let p = funded_player(&engine, &unique_email(), "10.00").await;
    let other = funded_player(&engine, &unique_email(), "10.00").await;
    let spins = free_spins(&engine, p.user_id, SLOT_CODE, 1).await;

    let elsewhere = engine
        .casino()
        .play_free_spin(&p, DICE_CODE, spins, None)
        .await;
    assert!(matches!(elsewhere, Err(CasinoError::FreeSpinsUsed)));
    let theirs = engine
        .casino()
        .play_free_spin(&other, SLOT_CODE, spins, None)
        .await;
    assert!(matches!(theirs, Err(CasinoError::FreeSpinsUsed)));
    assert_eq!(status_of(&engine, p.user_id, spins).await.1, 1);
    assert_eq!(balances(&engine, &other).await, (1000, 0));
    assert_books_balance(&engine).await;
}
