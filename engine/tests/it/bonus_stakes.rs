//! Stakes from cash first, then bonus money, against a real database
//! (SQLite, or PostgreSQL when `TEST_DATABASE_URL` says so): a bet bigger
//! than the cash takes the rest from bonus money; its return goes back in
//! proportion (bonus share to bonus money while the bonus is active, to
//! the house once it was forfeited); losers, voids, cash-outs and
//! resettlements; casino bets, wins and rollbacks; and many placements
//! racing on cash + bonus never overdraw. The bonus row's balance follows
//! the bonus money, and the ledger verifies after each.

use domain::api::engagement::BonusStatus;
use domain::money::{Currency, Money};
use domain::reward::{BonusAmount, BonusMoney, Contributions, Reward};
use engine::casino::originals::OriginalsBet;
use engine::rewards::{Grant, Granted, NoGuard, Source};
use engine::sportsbook::SportsbookError;
use engine::wallet::WalletError;
use engine::wallet::casino::{ProviderOutcome, ProviderTransaction, ProviderTxKind};
use engine::wallet::verify::verify;
use engine::{Engine, Principal};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::common::{self, eur, funded_player, setup, trader, unique_email, won_by};

/// Grants `amount` of bonus money to wager 10× (so it stays active); the
/// bonus id.
async fn bonus_money(engine: &Engine, player: Uuid, amount: &str) -> Uuid {
    let reward = Reward::BonusMoney(BonusMoney {
        amount: BonusAmount::Fixed(eur(amount)),
        wagering_multiplier: "10".parse().unwrap(),
        contributions: Contributions::default(),
        min_odds: None,
        max_conversion: None,
        expires_in_days: Some(30),
    });
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
            reason: "bonus stakes test".to_owned(),
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

/// A player with `cash` deposited and `bonus` bonus money; (player, bonus id).
async fn player_with(engine: &Engine, cash: &str, bonus: &str) -> (Principal, Uuid) {
    let p = funded_player(engine, &unique_email(), cash).await;
    let id = bonus_money(engine, p.user_id, bonus).await;
    (p, id)
}

/// An event with one two-way market at `home` and 2.00; (market, selections).
async fn market(engine: &Engine, home: &str) -> (Uuid, Vec<Uuid>) {
    common::market(engine, "Bonus League", home).await
}

async fn place(
    engine: &Engine,
    p: &Principal,
    selection: Uuid,
    at: &str,
    stake: &str,
) -> Result<domain::api::sportsbook::Bet, SportsbookError> {
    common::place_single(engine, p, selection, at, stake).await
}

/// (cash, bonus, reserved) in minor units.
async fn balances(engine: &Engine, p: &Principal) -> (i64, i64, i64) {
    let b = engine.wallet().balances(p.user_id).await.unwrap();
    (b.cash.minor(), b.bonus.minor(), b.reserved.minor())
}

/// The bonus row's balance (minor units) and status.
async fn bonus_row(engine: &Engine, bonus: Uuid) -> (i64, String) {
    let row = entity::bonuses::Entity::find_by_id(bonus)
        .one(engine.db())
        .await
        .unwrap()
        .expect("the bonus row");
    (row.balance_minor, row.status)
}

/// The bet row.
async fn bet_row(engine: &Engine, bet: Uuid) -> entity::sportsbook_bets::Model {
    entity::sportsbook_bets::Entity::find_by_id(bet)
        .one(engine.db())
        .await
        .unwrap()
        .expect("the bet row")
}

/// The postings of the ledger transaction `id`, as (account kind,
/// amount), sorted.
async fn postings_of(engine: &Engine, id: Uuid) -> Vec<(String, i64)> {
    let postings = entity::ledger_postings::Entity::find()
        .filter(entity::ledger_postings::Column::TransactionId.eq(id))
        .all(engine.db())
        .await
        .unwrap();
    let mut out = Vec::new();
    for p in postings {
        let account = entity::accounts::Entity::find_by_id(p.account_id)
            .one(engine.db())
            .await
            .unwrap()
            .unwrap();
        out.push((account.kind, p.amount));
    }
    out.sort();
    out
}

fn legs(expected: &[(&str, i64)]) -> Vec<(String, i64)> {
    let mut v: Vec<(String, i64)> = expected
        .iter()
        .map(|(k, a)| ((*k).to_owned(), *a))
        .collect();
    v.sort();
    v
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

async fn assert_books_balance(engine: &Engine) {
    if let Err(problem) = verify(engine.db()).await.expect("verify runs") {
        panic!("ledger verify failed: {problem}");
    }
}

/// A player with 10.00 cash and 20.00 bonus money who bets 25.00 at 2.00:
/// (player, bonus id, market, selections, bet id).
async fn bet_25_on_10_cash_and_20_bonus(
    engine: &Engine,
) -> (Principal, Uuid, Uuid, Vec<Uuid>, Uuid) {
    let (p, bonus) = player_with(engine, "10.00", "20.00").await;
    let (m, sels) = market(engine, "2.00").await;
    let bet = place(engine, &p, sels[0], "2.00", "25.00")
        .await
        .expect("placed");
    (p, bonus, m, sels, bet.bet_id)
}

#[tokio::test]
async fn a_bet_bigger_than_the_cash_takes_the_rest_from_bonus_money() {
    let (_db, engine) = setup().await;
    let (p, bonus, _m, sels, bet_id) = bet_25_on_10_cash_and_20_bonus(&engine).await;
    assert_eq!(balances(&engine, &p).await, (0, 500, 2500));
    let row = bet_row(&engine, bet_id).await;
    assert_eq!((row.total_stake, row.bonus_stake_minor), (2500, 1500));
    assert_eq!(row.bonus_id, Some(bonus));
    assert_eq!(
        postings_of(&engine, row.place_transaction_id).await,
        legs(&[
            ("player_cash", -1000),
            ("player_bonus", -1500),
            ("player_reserved", 2500)
        ])
    );
    assert_eq!(
        bonus_row(&engine, bonus).await.0,
        500,
        "My bonuses shows 5.00"
    );
    // Cash first: a bet the cash covers leaves the bonus money alone.
    let (q, _) = player_with(&engine, "10.00", "20.00").await;
    let small = place(&engine, &q, sels[0], "2.00", "4.00").await.unwrap();
    assert_eq!(balances(&engine, &q).await, (600, 2000, 400));
    assert_eq!(bet_row(&engine, small.bet_id).await.bonus_stake_minor, 0);
    // Beyond cash + bonus: the same refusal as ever, nothing moves.
    assert!(matches!(
        place(&engine, &p, sels[0], "2.00", "5.01").await,
        Err(SportsbookError::Wallet(WalletError::InsufficientFunds))
    ));
    assert_eq!(balances(&engine, &p).await, (0, 500, 2500));
    assert_books_balance(&engine).await;
}

#[tokio::test]
async fn a_winner_pays_the_bonus_share_to_bonus_money_and_the_rest_to_cash() {
    let (_db, engine) = setup().await;
    let (p, bonus, m, sels, bet_id) = bet_25_on_10_cash_and_20_bonus(&engine).await;
    engine
        .sportsbook()
        .settle_market(&trader(), m, &won_by(&sels, Some(0)))
        .await
        .unwrap();
    // 50.00 back: 15/25 of it (30.00) is bonus money, 20.00 cash.
    assert_eq!(balances(&engine, &p).await, (2000, 3500, 0));
    assert_eq!(bonus_row(&engine, bonus).await.0, 3500);
    let row = bet_row(&engine, bet_id).await;
    assert_eq!(
        postings_of(&engine, row.settle_transaction_id.unwrap()).await,
        legs(&[
            ("player_reserved", -2500),
            ("house_sportsbook", -2500),
            ("player_cash", 2000),
            ("player_bonus", 3000)
        ])
    );
    assert_books_balance(&engine).await;
}

#[tokio::test]
async fn the_bonus_share_floors_and_the_remainder_is_cash() {
    let (_db, engine) = setup().await;
    let (p, bonus) = player_with(&engine, "1.00", "20.00").await;
    let (m, sels) = market(&engine, "1.57").await;
    let bet = place(&engine, &p, sels[0], "1.57", "1.03").await.unwrap();
    assert_eq!(balances(&engine, &p).await, (0, 1997, 103));
    engine
        .sportsbook()
        .settle_market(&trader(), m, &won_by(&sels, Some(0)))
        .await
        .unwrap();
    let paid = bet_row(&engine, bet.bet_id).await.return_amount.unwrap();
    // 0.03 of the 1.03 stake was bonus money: its share rounds down.
    let share = paid * 3 / 103;
    assert!(paid * 3 % 103 != 0, "a share with a remainder ({paid})");
    assert_eq!(balances(&engine, &p).await, (paid - share, 1997 + share, 0));
    assert_eq!(bonus_row(&engine, bonus).await.0, 1997 + share);
    assert_books_balance(&engine).await;
}

#[tokio::test]
async fn a_loser_costs_cash_and_bonus_money_and_a_void_returns_each_part() {
    let (_db, engine) = setup().await;
    let (p, bonus, m, sels, _) = bet_25_on_10_cash_and_20_bonus(&engine).await;
    engine
        .sportsbook()
        .settle_market(&trader(), m, &won_by(&sels, Some(1)))
        .await
        .unwrap();
    assert_eq!(balances(&engine, &p).await, (0, 500, 0));
    assert_eq!(bonus_row(&engine, bonus).await.0, 500);
    assert_eq!(house(&engine, "house_sportsbook").await, 2500);

    let (q, other) = player_with(&engine, "10.00", "20.00").await;
    let (m2, sels2) = market(&engine, "2.00").await;
    place(&engine, &q, sels2[0], "2.00", "25.00").await.unwrap();
    engine
        .sportsbook()
        .void_market(&trader(), m2, "abandoned")
        .await
        .unwrap();
    assert_eq!(balances(&engine, &q).await, (1000, 2000, 0));
    assert_eq!(bonus_row(&engine, other).await.0, 2000);
    assert_books_balance(&engine).await;
}

#[tokio::test]
async fn a_cash_out_splits_like_a_return() {
    let (_db, engine) = setup().await;
    let (p, bonus, _m, _sels, bet_id) = bet_25_on_10_cash_and_20_bonus(&engine).await;
    let quote = engine
        .sportsbook()
        .cash_out_quote(&p, bet_id)
        .await
        .unwrap();
    engine
        .sportsbook()
        .cash_out(&p, bet_id, &quote.quote_id, None)
        .await
        .unwrap();
    let amount = eur(&quote.amount);
    let (cash, to_bonus) = domain::bonus::split_return(amount, eur("25.00"), eur("15.00"));
    assert!(to_bonus.is_positive());
    assert_eq!(
        balances(&engine, &p).await,
        (cash.minor(), 500 + to_bonus.minor(), 0)
    );
    assert_eq!(bonus_row(&engine, bonus).await.0, 500 + to_bonus.minor());
    assert_books_balance(&engine).await;
}

#[tokio::test]
async fn resettlement_takes_each_part_back_from_where_it_went() {
    let (_db, engine) = setup().await;
    let (p, bonus, m, sels, bet_id) = bet_25_on_10_cash_and_20_bonus(&engine).await;
    let book = engine.sportsbook();
    book.settle_market(&trader(), m, &won_by(&sels, Some(0)))
        .await
        .unwrap();
    assert_eq!(balances(&engine, &p).await, (2000, 3500, 0));
    // Lost after all: the winnings are reversed, cash and bonus money alike.
    book.resettle_market(&trader(), m, &won_by(&sels, Some(1)))
        .await
        .unwrap();
    assert_eq!(balances(&engine, &p).await, (0, 500, 0));
    assert_eq!(bonus_row(&engine, bonus).await.0, 500);
    // And won again.
    book.resettle_market(&trader(), m, &won_by(&sels, Some(0)))
        .await
        .unwrap();
    assert_eq!(balances(&engine, &p).await, (2000, 3500, 0));
    assert_eq!(bonus_row(&engine, bonus).await.0, 3500);
    assert_eq!(bet_row(&engine, bet_id).await.shortfall, 0);

    // The winnings are staked again (20.00 cash + 30.00 bonus money), then
    // the first bet turns out lost: only the 5.00 bonus money left can be
    // taken back; the rest is the shortfall.
    let (_, other) = market(&engine, "2.00").await;
    place(&engine, &p, other[0], "2.00", "50.00").await.unwrap();
    assert_eq!(balances(&engine, &p).await, (0, 500, 5000));
    book.resettle_market(&trader(), m, &won_by(&sels, Some(1)))
        .await
        .unwrap();
    assert_eq!(balances(&engine, &p).await, (0, 0, 5000));
    assert_eq!(bonus_row(&engine, bonus).await.0, 0);
    assert_eq!(bet_row(&engine, bet_id).await.shortfall, 4500);
    // Won once more: the net correction pays what the bet's settlements
    // have not paid yet (20.00 cash and 25.00 bonus money of 30.00 net so
    // far): 5.00 bonus money.
    book.resettle_market(&trader(), m, &won_by(&sels, Some(0)))
        .await
        .unwrap();
    assert_eq!(balances(&engine, &p).await, (0, 500, 5000));
    assert_eq!(bonus_row(&engine, bonus).await.0, 500);
    assert_books_balance(&engine).await;
}

#[tokio::test]
async fn once_the_bonus_is_forfeited_its_share_of_a_win_stays_with_the_house() {
    let (_db, engine) = setup().await;
    let (p, bonus, m, sels, _) = bet_25_on_10_cash_and_20_bonus(&engine).await;
    engine.bonuses().forfeit(p.user_id, bonus).await.unwrap();
    assert_eq!(balances(&engine, &p).await, (0, 0, 2500));
    assert_eq!(
        bonus_row(&engine, bonus).await,
        (0, BonusStatus::Forfeited.code().to_owned())
    );
    engine
        .sportsbook()
        .settle_market(&trader(), m, &won_by(&sels, Some(0)))
        .await
        .unwrap();
    // 50.00 back: the 30.00 bonus share is not paid, 20.00 reaches cash.
    assert_eq!(balances(&engine, &p).await, (2000, 0, 0));
    assert_eq!(house(&engine, "house_sportsbook").await, 2500 - 2000);
    assert_books_balance(&engine).await;
}

fn hub88<'a>(
    player: Uuid,
    id: &'a str,
    kind: ProviderTxKind,
    amount: &str,
    reference: Option<&'a str>,
) -> ProviderTransaction<'a> {
    ProviderTransaction {
        provider: "hub88",
        transaction_uuid: id,
        kind,
        player,
        game_code: "test_slot",
        round: "round-1",
        amount: eur(amount),
        reference,
        fingerprint: format!("{id}:{amount}"),
    }
}

async fn apply(engine: &Engine, tx: &ProviderTransaction<'_>) {
    let answer = engine.wallet().provider_transaction(tx).await.unwrap();
    assert_eq!(
        answer.outcome,
        ProviderOutcome::Applied,
        "{}",
        tx.transaction_uuid
    );
}

#[tokio::test]
async fn casino_bets_wins_and_rollbacks_move_bonus_money_where_it_belongs() {
    let (_db, engine) = setup().await;
    let (p, bonus) = player_with(&engine, "10.00", "20.00").await;
    let me = p.user_id;
    use ProviderTxKind::{Bet, Rollback, Win};
    apply(&engine, &hub88(me, "bet-a", Bet, "25.00", None)).await;
    assert_eq!(balances(&engine, &p).await, (0, 500, 0));
    assert_eq!(bonus_row(&engine, bonus).await.0, 500);
    apply(&engine, &hub88(me, "win-a", Win, "50.00", Some("bet-a"))).await;
    assert_eq!(balances(&engine, &p).await, (2000, 3500, 0));
    apply(&engine, &hub88(me, "bet-b", Bet, "30.00", None)).await;
    assert_eq!(balances(&engine, &p).await, (0, 2500, 0));
    apply(&engine, &hub88(me, "rb-b", Rollback, "0", Some("bet-b"))).await;
    assert_eq!(balances(&engine, &p).await, (2000, 3500, 0));
    apply(
        &engine,
        &hub88(me, "rb-win-a", Rollback, "0", Some("win-a")),
    )
    .await;
    assert_eq!(balances(&engine, &p).await, (0, 500, 0));
    apply(&engine, &hub88(me, "rb-a", Rollback, "0", Some("bet-a"))).await;
    assert_eq!(balances(&engine, &p).await, (1000, 2000, 0));
    assert_eq!(bonus_row(&engine, bonus).await.0, 2000);
    assert_eq!(house(&engine, "house_casino").await, 0);
    // More than cash and bonus money together: refused, nothing moves.
    let refused = engine
        .wallet()
        .provider_transaction(&hub88(me, "bet-c", Bet, "30.01", None))
        .await
        .unwrap();
    assert_eq!(refused.outcome, ProviderOutcome::InsufficientFunds);
    // The provider is told what can be staked: cash and bonus money.
    assert_eq!(refused.balance, eur("30.00"));

    // An Originals round staked with bonus money only pays its win there.
    let q = crate::common::player(&engine, &unique_email()).await;
    let other = bonus_money(&engine, q.user_id, "20.00").await;
    let round = engine
        .casino()
        .play_originals(&q, &OriginalsBet::Slot { stake: eur("1.00") }, None)
        .await
        .unwrap();
    let win = Money::parse(&round.win, Currency::EUR).unwrap().minor();
    assert_eq!(balances(&engine, &q).await, (0, 1900 + win, 0));
    assert_eq!(bonus_row(&engine, other).await.0, 1900 + win);
    assert_books_balance(&engine).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_placements_never_spend_more_than_cash_and_bonus_money() {
    let (_db, engine) = setup().await;
    let (p, bonus) = player_with(&engine, "10.00", "20.00").await;
    let (_m, sels) = market(&engine, "2.00").await;
    let tasks: Vec<_> = (0..80)
        .map(|_| {
            let (engine, p) = (engine.clone(), p.clone());
            let selection = sels[0];
            tokio::spawn(async move { place(&engine, &p, selection, "2.00", "1.00").await })
        })
        .collect();
    let mut placed = 0;
    let mut from_bonus = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(bet) => {
                placed += 1;
                from_bonus += bet_row(&engine, bet.bet_id).await.bonus_stake_minor;
            }
            Err(SportsbookError::Wallet(WalletError::InsufficientFunds)) => {}
            Err(e) => panic!("unexpected failure: {e:?}"),
        }
    }
    assert_eq!(placed, 30, "10.00 cash and 20.00 bonus money, 1.00 a bet");
    assert_eq!(from_bonus, 2000);
    assert_eq!(balances(&engine, &p).await, (0, 0, 3000));
    assert_eq!(bonus_row(&engine, bonus).await.0, 0);
    assert_books_balance(&engine).await;
}
