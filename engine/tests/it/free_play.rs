//! Free bets and free spins against a real database (SQLite, or PostgreSQL
//! when `TEST_DATABASE_URL` says so): the house pays the stake, a win pays
//! only what exceeds it, a loss costs the player nothing, a token is used
//! once however many placements race for it, a void bet gives the token
//! back, free spins play their rounds and then stop, their wins go to
//! bonus money when the grant has a wagering multiplier, using free play
//! sends bonus events, cashback leaves out stakes the house paid, and the
//! ledger verifies after each.

use domain::api::engagement::BonusStatus;
use domain::betting::{BetKind, Odds, OddsChangePolicy};
use domain::casino::{DICE_CODE, SLOT_CODE};
use domain::money::{Currency, Money};
use domain::reward::Reward;
use engine::casino::CasinoError;
use engine::rewards::{Grant, Granted, NoGuard, Source};
use engine::sportsbook::{BetRequest, LegRequest, SportsbookError};
use engine::wallet::verify::verify;
use engine::{Engine, Principal, Role};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::common::{
    self, eur, funded_player, odds, principal, setup, trader, unique_email, won_by,
};

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
    free_spins_wagered(engine, player, game, rounds, None).await
}

/// Free spins at 0.20 whose wins are wagered `multiplier` times.
async fn free_spins_wagered(
    engine: &Engine,
    player: Uuid,
    game: &str,
    rounds: u32,
    multiplier: Option<&str>,
) -> Uuid {
    grant(
        engine,
        player,
        Reward::FreeSpins {
            game_code: game.to_owned(),
            rounds,
            stake: eur("0.20"),
            wagering_multiplier: multiplier.map(|m| m.parse().unwrap()),
            expires_in_days: Some(7),
        },
    )
    .await
}

/// An event with one two-way market at `home` and 2.00; (market, selections).
async fn market(engine: &Engine, home: &str) -> (Uuid, Vec<Uuid>) {
    common::market(engine, "Free Play League", home).await
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
        .settle_market(&trader(), m, &won_by(&sels, Some(0)))
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
        .settle_market(&trader(), m, &won_by(&sels, Some(1)))
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
        .settle_market(&trader(), m, &won_by(&sels, Some(0)))
        .await
        .unwrap();
    assert_eq!(balances(&engine, &p).await, (3000, 0));

    engine
        .sportsbook()
        .resettle_market(&trader(), m, &won_by(&sels, Some(1)))
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

/// (cash, bonus) in minor units.
async fn cash_and_bonus(engine: &Engine, player: Uuid) -> (i64, i64) {
    let b = engine.wallet().balances(player).await.unwrap();
    (b.cash.minor(), b.bonus.minor())
}

/// The player's bonus-money rows, oldest first.
async fn bonus_money_rows(engine: &Engine, player: Uuid) -> Vec<entity::bonuses::Model> {
    let mut rows = entity::bonuses::Entity::find()
        .filter(entity::bonuses::Column::PlayerId.eq(player))
        .filter(entity::bonuses::Column::Kind.eq("bonus_money"))
        .all(engine.db())
        .await
        .unwrap();
    rows.sort_by_key(|r| (r.created_at, r.id));
    rows
}

/// The sum of every posting to the player's account of `kind`.
async fn posted_to(engine: &Engine, player: Uuid, kind: &str) -> i64 {
    let account = entity::accounts::Entity::find()
        .filter(entity::accounts::Column::OwnerId.eq(player))
        .filter(entity::accounts::Column::Kind.eq(kind))
        .one(engine.db())
        .await
        .unwrap()
        .expect("the player's account");
    entity::ledger_postings::Entity::find()
        .filter(entity::ledger_postings::Column::AccountId.eq(account.id))
        .all(engine.db())
        .await
        .unwrap()
        .iter()
        .map(|p| p.amount)
        .sum()
}

/// One free spin of `spins`; its win in minor units.
async fn spin(engine: &Engine, p: &Principal, spins: Uuid) -> i64 {
    let round = engine
        .casino()
        .play_free_spin(p, SLOT_CODE, spins, None)
        .await
        .expect("a spin is left");
    Money::parse(&round.win, Currency::EUR).unwrap().minor()
}

/// Spins until `wins` rounds have won (at most `limit` spins); (spins
/// played, total won).
async fn spin_until_wins(
    engine: &Engine,
    p: &Principal,
    spins: Uuid,
    wins: usize,
    limit: usize,
) -> (i64, i64) {
    let (mut played, mut won, mut winning) = (0, 0, 0);
    while winning < wins {
        assert!(played < limit as i64, "no {wins} wins in {limit} spins");
        let win = spin(engine, p, spins).await;
        played += 1;
        won += win;
        if win > 0 {
            winning += 1;
        }
    }
    (played, won)
}

/// The slot's share of a stake towards a bonus-money reward's wagering.
fn slots_percent(reward: &Reward) -> Option<rust_decimal::Decimal> {
    match reward {
        Reward::BonusMoney(b) => Some(
            b.contributions
                .percent_for(domain::campaign::Vertical::Casino, Some("slots")),
        ),
        _ => None,
    }
}

#[tokio::test]
async fn free_spin_wins_with_wagering_become_one_bonus_money_bonus_wagered_into_cash() {
    let (_db, engine) = setup().await;
    let p = funded_player(&engine, &unique_email(), "10.00").await;
    let spins = free_spins_wagered(&engine, p.user_id, "slot", 300, Some("10")).await;
    let award = entity::bonuses::Entity::find_by_id(spins)
        .one(engine.db())
        .await
        .unwrap()
        .unwrap()
        .award_id;

    let (played, won) = spin_until_wins(&engine, &p, spins, 2, 300).await;
    assert_eq!(
        cash_and_bonus(&engine, p.user_id).await,
        (1000, won),
        "the wins are bonus money, not cash"
    );
    let rows = bonus_money_rows(&engine, p.user_id).await;
    assert_eq!(rows.len(), 1, "one bonus topped up: {rows:?}");
    let b = &rows[0];
    assert_eq!(b.award_id, award);
    assert_eq!(b.status, "active");
    assert_eq!((b.amount_minor, b.balance_minor), (won, won));
    assert_eq!(b.wagering_required_minor, won * 10);
    assert!(b.expires_at.is_some());
    let listed = engine.bonuses().list(p.user_id).await.unwrap();
    let view = listed.items.iter().find(|v| v.bonus_id == b.id).unwrap();
    assert_eq!(
        view.wagering_required,
        Money::new(won * 10, Currency::EUR).format_amount()
    );
    assert_eq!(
        status_of(&engine, p.user_id, spins).await.1,
        300 - played as u32
    );
    assert_eq!(posted_to(&engine, p.user_id, "player_bonus").await, won);
    assert_eq!(house(&engine, "house_bonus_cost").await, -20 * played);
    assert_eq!(house(&engine, "house_casino").await, 20 * played - won);
    assert_books_balance(&engine).await;

    // Sportsbook stakes do not count towards it; slot stakes do, once.
    let spec: domain::reward::RewardSpec = serde_json::from_str(&b.terms).unwrap();
    let reward = Reward::parse(&spec, Currency::EUR, "reward").unwrap();
    let Reward::BonusMoney(terms) = &reward else {
        panic!("bonus money terms: {reward:?}")
    };
    assert_eq!(
        terms
            .contributions
            .percent_for(domain::campaign::Vertical::Sportsbook, None),
        rust_decimal::Decimal::ZERO
    );
    let stake = Money::new(won * 10, Currency::EUR);
    let dedupe = Uuid::now_v7();
    for _ in 0..2 {
        engine
            .bonuses()
            .wager(p.user_id, stake, dedupe, slots_percent)
            .await
            .unwrap();
    }
    let done = &bonus_money_rows(&engine, p.user_id).await[0];
    assert_eq!(done.status, "completed");
    assert_eq!(done.wagering_done_minor, won * 10);
    assert_eq!(
        cash_and_bonus(&engine, p.user_id).await,
        (1000 + won, 0),
        "wagered: the wins are cash"
    );

    // A win after that bonus ended starts a new one.
    let (_, later) = spin_until_wins(&engine, &p, spins, 1, 300 - played as usize).await;
    let rows = bonus_money_rows(&engine, p.user_id).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1].award_id, award);
    assert_eq!(rows[1].status, "active");
    assert_eq!(rows[1].amount_minor, later);
    assert_eq!(rows[1].wagering_required_minor, later * 10);
    assert_eq!(
        cash_and_bonus(&engine, p.user_id).await,
        (1000 + won, later)
    );
    assert_books_balance(&engine).await;
}

#[tokio::test]
async fn free_spin_wins_with_a_multiplier_of_0_go_to_cash() {
    let (_db, engine) = setup().await;
    let p = funded_player(&engine, &unique_email(), "10.00").await;
    let spins = free_spins_wagered(&engine, p.user_id, "slot", 300, Some("0")).await;
    let (played, won) = spin_until_wins(&engine, &p, spins, 1, 300).await;
    assert_eq!(cash_and_bonus(&engine, p.user_id).await, (1000 + won, 0));
    assert!(bonus_money_rows(&engine, p.user_id).await.is_empty());
    assert_eq!(posted_to(&engine, p.user_id, "player_bonus").await, 0);
    assert_eq!(house(&engine, "house_casino").await, 20 * played - won);
    assert_books_balance(&engine).await;
}

#[tokio::test]
async fn a_replayed_free_spin_credits_its_bonus_money_once() {
    let (_db, engine) = setup().await;
    let p = funded_player(&engine, &unique_email(), "10.00").await;
    let spins = free_spins_wagered(&engine, p.user_id, "slot", 300, Some("5")).await;
    // Spin with a key each time until a round wins, then replay that one.
    for n in 0..300 {
        let body = serde_json::json!({ "free_spins_id": spins, "n": n });
        let idem =
            engine::wallet::Idempotency::new(p.user_id, &format!("spin-{n}"), &body, 201).unwrap();
        let first = engine
            .casino()
            .play_free_spin(&p, SLOT_CODE, spins, Some(&idem))
            .await
            .unwrap();
        let won = Money::parse(&first.win, Currency::EUR).unwrap().minor();
        if won == 0 {
            continue;
        }
        let before = (
            cash_and_bonus(&engine, p.user_id).await,
            status_of(&engine, p.user_id, spins).await,
            bonus_money_rows(&engine, p.user_id).await,
        );
        let again = engine
            .casino()
            .play_free_spin(&p, SLOT_CODE, spins, Some(&idem))
            .await
            .unwrap();
        assert_eq!(first, again);
        let after = (
            cash_and_bonus(&engine, p.user_id).await,
            status_of(&engine, p.user_id, spins).await,
            bonus_money_rows(&engine, p.user_id).await,
        );
        assert_eq!(before, after, "the replay changed nothing");
        assert_eq!(after.0, (1000, won));
        assert_eq!(after.2.len(), 1);
        assert_eq!(after.2[0].wagering_required_minor, won * 5);
        assert_books_balance(&engine).await;
        return;
    }
    panic!("no winning spin in 300");
}

/// (kind, bonus id, status) of the `bonus.*` events on the player's topic,
/// in order.
async fn bonus_events(engine: &Engine, player: Uuid) -> Vec<(String, Uuid, String)> {
    let mut rows = entity::outbox::Entity::find()
        .filter(entity::outbox::Column::Topic.eq(format!("player:{player}")))
        .all(engine.db())
        .await
        .unwrap();
    rows.sort_by_key(|r| (r.created_at, r.id));
    rows.iter()
        .filter(|r| r.kind.starts_with("bonus."))
        .map(|r| {
            let payload: serde_json::Value = serde_json::from_str(&r.payload).unwrap();
            let bonus = &payload["bonus"];
            (
                r.kind.clone(),
                bonus["bonus_id"].as_str().unwrap().parse().unwrap(),
                bonus["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn using_free_spins_and_free_bets_sends_bonus_events() {
    let (_db, engine) = setup().await;
    let p = funded_player(&engine, &unique_email(), "10.00").await;
    let spins = free_spins(&engine, p.user_id, "slot", 2).await;
    spin(&engine, &p, spins).await;
    spin(&engine, &p, spins).await;
    let of_spins: Vec<_> = bonus_events(&engine, p.user_id)
        .await
        .into_iter()
        .filter(|e| e.1 == spins)
        .map(|e| (e.0, e.2))
        .collect();
    let pair = |k: &str, s: &str| (k.to_owned(), s.to_owned());
    assert_eq!(
        of_spins,
        [
            pair("bonus.awarded", "active"),
            pair("bonus.progressed", "active"),
            pair("bonus.completed", "used"),
        ]
    );

    let token = free_bet(&engine, p.user_id, "5.00", None).await;
    let (m, sels) = market(&engine, "3.00").await;
    place_free(&engine, &p, token, &[(sels[0], "3.00")])
        .await
        .expect("placed");
    engine
        .sportsbook()
        .void_market(&trader(), m, "abandoned")
        .await
        .unwrap();
    let of_token: Vec<_> = bonus_events(&engine, p.user_id)
        .await
        .into_iter()
        .filter(|e| e.1 == token)
        .map(|e| (e.0, e.2))
        .collect();
    assert_eq!(
        of_token,
        [
            pair("bonus.awarded", "active"),
            pair("bonus.completed", "used"),
            pair("bonus.progressed", "active"),
        ]
    );
}

#[tokio::test]
async fn cashback_leaves_out_stakes_the_house_paid() {
    let (_db, engine) = setup().await;
    let marketing = principal(Role::Marketing);
    let spec: domain::campaign::CampaignSpec = serde_json::from_value(serde_json::json!({
        "name": "Daily cashback",
        "trigger": {"event": "period_end"},
        "reward": {"kind": "cashback", "percent": "10", "max_amount": "100.00", "period": "day"}
    }))
    .unwrap();
    let campaign = engine
        .campaigns()
        .create(&marketing, &spec)
        .await
        .expect("created")
        .campaign_id;
    engine
        .campaigns()
        .launch(&marketing, campaign)
        .await
        .expect("launched");
    let p = funded_player(&engine, &unique_email(), "100.00").await;

    // The player's own 10.00, lost.
    let (m, sels) = market(&engine, "3.00").await;
    let mut own = request(BetKind::Single, &[(sels[0], "3.00")]);
    own.unit_stake = eur("10.00");
    engine
        .sportsbook()
        .place_bet(&p, &own, None)
        .await
        .expect("placed");
    // A 5.00 free bet, lost: the house's stake.
    let token = free_bet(&engine, p.user_id, "5.00", None).await;
    place_free(&engine, &p, token, &[(sels[0], "3.00")])
        .await
        .expect("placed");
    engine
        .sportsbook()
        .settle_market(&trader(), m, &won_by(&sels, Some(1)))
        .await
        .unwrap();
    // Three free spins: their stakes are the house's, their wins returns.
    let spins = free_spins(&engine, p.user_id, "slot", 3).await;
    let mut won = 0;
    for _ in 0..3 {
        won += spin(&engine, &p, spins).await;
    }
    let before = cash_and_bonus(&engine, p.user_id).await.0;

    let closed = engine
        .campaigns()
        .close_period(Some(&marketing), campaign)
        .await
        .expect("closed");
    let loss = Money::new(1000 - won, Currency::EUR);
    let expected = domain::bonus::cashback_amount(loss, "10".parse().unwrap(), eur("100.00"));
    assert_eq!(closed.cost, expected.format_amount(), "{closed:?}");
    assert_eq!(
        cash_and_bonus(&engine, p.user_id).await.0,
        before + expected.minor(),
        "10% of the 10.00 the player lost less the spins' wins ({won})"
    );
    assert_books_balance(&engine).await;
}
