//! The sportsbook over a real database: settlement paid exactly once when
//! run twice, when interrupted between batches and resumed, and when
//! several workers settle one market at once; resettlement compensating
//! with new ledger entries (house and player balances exact, the hash
//! chains still verifying); a resettle after the winnings were spent; one
//! batch holding first settlements and resettlements of the same players.

use domain::betting::{BetKind, LegOutcome, LegResult, OddsChangePolicy};
use engine::sportsbook::{BetRequest, LegRequest, Outcome, Settlement, SportsbookError};
use engine::testing::TestDb;
use engine::{Engine, EngineConfig, Principal, Role};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::common::{eur, funded_player, odds, principal, setup, setup_with, unique_email};

fn trader() -> Principal {
    principal(Role::Trader)
}

/// An event with one two-way market (`Home` at `home_odds`, `Away` at
/// 2.00); returns (market id, selection ids).
async fn market(engine: &Engine, home_odds: &str) -> (Uuid, Vec<Uuid>) {
    crate::common::market(engine, "Engine League", home_odds).await
}

async fn single(engine: &Engine, p: &Principal, selection: Uuid, at: &str, stake: &str) -> Uuid {
    place(engine, p, BetKind::Single, &[(selection, at)], stake).await
}

/// Places a bet of `kind` on `legs` (selection, odds taken).
async fn place(
    engine: &Engine,
    p: &Principal,
    kind: BetKind,
    legs: &[(Uuid, &str)],
    stake: &str,
) -> Uuid {
    engine
        .sportsbook()
        .place_bet(
            p,
            &BetRequest {
                kind,
                teaser_points: None,
                unit_stake: eur(stake),
                legs: legs
                    .iter()
                    .map(|(selection_id, at)| LegRequest {
                        selection_id: *selection_id,
                        odds: Some(odds(at)),
                    })
                    .collect(),
                odds_change: OddsChangePolicy::Reject,
            },
            None,
        )
        .await
        .unwrap()
        .value
        .bet_id
}

fn outcomes(sels: &[Uuid], winner: usize) -> Settlement {
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

async fn cash(engine: &Engine, p: &Principal) -> (i64, i64) {
    let b = engine.wallet().balances(p.user_id).await.unwrap();
    (b.cash.minor(), b.reserved.minor())
}

async fn ledger_count(db: &TestDb, kind: &str) -> usize {
    entity::ledger_transactions::Entity::find()
        .filter(entity::ledger_transactions::Column::Kind.eq(kind))
        .all(&db.db)
        .await
        .unwrap()
        .len()
}

async fn house_sportsbook(db: &TestDb) -> i64 {
    entity::accounts::Entity::find()
        .filter(entity::accounts::Column::Kind.eq("house_sportsbook"))
        .all(&db.db)
        .await
        .unwrap()
        .iter()
        .map(|a| a.balance)
        .sum()
}

async fn verifies(db: &TestDb) {
    let checked = engine::wallet::verify::verify(&db.db).await.unwrap();
    assert!(checked.is_ok(), "the ledger verifies: {checked:?}");
}

#[tokio::test]
async fn an_interrupted_settlement_resumes_and_pays_every_bet_exactly_once() {
    let (db, engine) = setup().await;
    let (market_id, sels) = market(&engine, "2.00").await;
    let mut players = Vec::new();
    for _ in 0..5 {
        let p = funded_player(&engine, &unique_email(), "100.00").await;
        single(&engine, &p, sels[0], "2.00", "10.00").await;
        players.push(p);
    }
    let book = engine.sportsbook();
    book.record_results(&trader(), market_id, &outcomes(&sels, 0))
        .await
        .unwrap();
    // Nothing is paid until a batch runs.
    assert_eq!(cash(&engine, &players[0]).await, (9_000, 1_000));
    // One batch of two, then the "process dies".
    assert_eq!(book.settle_batch(market_id, 2).await.unwrap(), 2);
    // At the next start the worker resumes and pays the other three once.
    assert_eq!(book.resume_settlements().await.unwrap(), 3);
    assert_eq!(book.resume_settlements().await.unwrap(), 0);
    assert_eq!(book.settle_batch(market_id, 100).await.unwrap(), 0);
    for p in &players {
        assert_eq!(cash(&engine, p).await, (11_000, 0));
    }
    assert_eq!(ledger_count(&db, "bet_settle").await, 5);
    assert_eq!(house_sportsbook(&db).await, -5_000);
    let run = entity::sportsbook_settlements::Entity::find()
        .filter(entity::sportsbook_settlements::Column::MarketId.eq(market_id))
        .one(&db.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((run.status.as_str(), run.bets_settled), ("done", 5));
    // Settling again is refused, not paid twice.
    assert!(matches!(
        book.settle_market(&trader(), market_id, &outcomes(&sels, 0))
            .await,
        Err(engine::sportsbook::SportsbookError::AlreadySettled)
    ));
    verifies(&db).await;
}

#[tokio::test]
async fn concurrent_settlement_workers_pay_each_bet_once() {
    let (db, engine) = setup().await;
    let (market_id, sels) = market(&engine, "3.00").await;
    let mut players = Vec::new();
    for _ in 0..4 {
        let p = funded_player(&engine, &unique_email(), "50.00").await;
        for _ in 0..3 {
            single(&engine, &p, sels[0], "3.00", "1.00").await;
        }
        players.push(p);
    }
    engine
        .sportsbook()
        .record_results(&trader(), market_id, &outcomes(&sels, 0))
        .await
        .unwrap();
    let mut workers = Vec::new();
    for _ in 0..3 {
        let engine = engine.clone();
        workers.push(tokio::spawn(async move {
            let mut paid = 0;
            loop {
                let n = engine
                    .sportsbook()
                    .settle_batch(market_id, 2)
                    .await
                    .unwrap();
                if n == 0 {
                    break paid;
                }
                paid += n;
            }
        }));
    }
    let mut total = 0;
    for w in workers {
        total += w.await.unwrap();
    }
    assert_eq!(total, 12);
    for p in &players {
        assert_eq!(cash(&engine, p).await, (5_000 - 300 + 900, 0));
    }
    assert_eq!(ledger_count(&db, "bet_settle").await, 12);
    verifies(&db).await;
}

#[tokio::test]
async fn a_run_in_small_windows_pays_every_player_once_beside_a_worker() {
    // Windows of three bets: many windows, split between the run's lanes.
    let (db, engine) = setup_with(EngineConfig {
        settlement_window: 3,
        ..EngineConfig::for_tests()
    })
    .await;
    let (market_id, sels) = market(&engine, "2.00").await;
    let mut players = Vec::new();
    for _ in 0..12 {
        let p = funded_player(&engine, &unique_email(), "20.00").await;
        single(&engine, &p, sels[0], "2.00", "1.00").await;
        single(&engine, &p, sels[1], "2.00", "2.00").await;
        players.push(p);
    }
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let worker = {
        let (engine, done) = (engine.clone(), done.clone());
        tokio::spawn(async move {
            let mut paid = 0;
            loop {
                let finished = done.load(std::sync::atomic::Ordering::SeqCst);
                let n = engine
                    .sportsbook()
                    .settle_batch(market_id, 2)
                    .await
                    .unwrap();
                paid += n;
                if n == 0 && finished {
                    break paid;
                }
                tokio::task::yield_now().await;
            }
        })
    };
    let report = engine
        .sportsbook()
        .settle_market(&trader(), market_id, &outcomes(&sels, 0))
        .await
        .unwrap();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let by_worker = worker.await.unwrap();
    assert_eq!(report.bets + by_worker, 24);
    for p in &players {
        // 1.00 won at 2.00, 2.00 lost.
        assert_eq!(cash(&engine, p).await, (2_000 - 300 + 200, 0));
    }
    assert_eq!(ledger_count(&db, "bet_settle").await, 24);
    assert_eq!(house_sportsbook(&db).await, 12 * (300 - 200));
    for sel in &sels {
        assert_eq!(
            risk_of(&engine, market_id, *sel).await,
            (0, "0.00".to_owned(), "0.00".to_owned())
        );
    }
    verifies(&db).await;
}

#[tokio::test]
async fn resettling_compensates_with_new_entries_and_keeps_the_books_balanced() {
    let (db, engine) = setup().await;
    let (market_id, sels) = market(&engine, "2.50").await;
    let p = funded_player(&engine, &unique_email(), "100.00").await;
    single(&engine, &p, sels[0], "2.50", "10.00").await;
    single(&engine, &p, sels[1], "2.00", "10.00").await;
    let book = engine.sportsbook();
    let report = book
        .settle_market(&trader(), market_id, &outcomes(&sels, 0))
        .await
        .unwrap();
    assert_eq!(report.bets, 2);
    assert_eq!(cash(&engine, &p).await, (10_500, 0));
    assert_eq!(house_sportsbook(&db).await, -500);
    let settles_before = ledger_count(&db, "bet_settle").await;
    let report = book
        .resettle_market(&trader(), market_id, &outcomes(&sels, 1))
        .await
        .unwrap();
    assert_eq!(report.bets, 2);
    // Every earlier settlement is reversed by a new entry, then settled anew.
    assert_eq!(ledger_count(&db, "reverse").await, 2);
    assert_eq!(ledger_count(&db, "bet_settle").await, settles_before + 2);
    assert_eq!(cash(&engine, &p).await, (10_000, 0));
    assert_eq!(house_sportsbook(&db).await, 0);
    // A resettle needs a settled market.
    let (fresh, fresh_sels) = market(&engine, "2.00").await;
    assert!(matches!(
        book.resettle_market(&trader(), fresh, &outcomes(&fresh_sels, 0))
            .await,
        Err(engine::sportsbook::SportsbookError::NotSettled)
    ));
    verifies(&db).await;
}

#[tokio::test]
async fn a_resettle_after_the_winnings_were_withdrawn_takes_what_cash_there_is() {
    let (db, engine) = setup().await;
    let (market_id, sels) = market(&engine, "3.00").await;
    let p = funded_player(&engine, &unique_email(), "10.00").await;
    let bet = single(&engine, &p, sels[0], "3.00", "10.00").await;
    let book = engine.sportsbook();
    book.settle_market(&trader(), market_id, &outcomes(&sels, 0))
        .await
        .unwrap();
    assert_eq!(cash(&engine, &p).await, (3_000, 0));
    // 25.00 of the 30.00 won is held elsewhere (e.g. a pending withdrawal).
    engine
        .wallet()
        .reserve(p.user_id, eur("25.00"), "spent elsewhere", None)
        .await
        .unwrap();
    let report = book
        .resettle_market(&trader(), market_id, &outcomes(&sels, 1))
        .await
        .unwrap();
    assert_eq!(report.bets, 1);
    // 30.00 must come back; 5.00 of cash was there, 25.00 is owed.
    assert_eq!(cash(&engine, &p).await, (0, 2_500));
    let row = entity::sportsbook_bets::Entity::find_by_id(bet)
        .one(&db.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.return_amount, row.shortfall), (Some(0), 2_500));
    verifies(&db).await;
}

/// Bets counted on a selection, its stakes and potential payout (minor
/// units), from the trader's risk view.
async fn risk_of(engine: &Engine, market_id: Uuid, selection: Uuid) -> (i32, String, String) {
    let risk = engine
        .sportsbook()
        .market_risk(&trader(), market_id)
        .await
        .unwrap();
    risk.selections
        .iter()
        .find(|s| s.selection_id == selection)
        .map_or((0, "0.00".to_owned(), "0.00".to_owned()), |s| {
            (s.bets, s.stakes.clone(), s.potential_payout.clone())
        })
}

#[tokio::test]
async fn the_trading_list_shows_each_events_worst_case_and_only_to_traders() {
    let (_db, engine) = setup().await;
    let (market_id, sels) = market(&engine, "3.00").await;
    let (idle_market, _) = market(&engine, "1.50").await;
    let home = funded_player(&engine, &unique_email(), "10.00").await;
    let away = funded_player(&engine, &unique_email(), "10.00").await;
    single(&engine, &home, sels[0], "3.00", "10.00").await;
    single(&engine, &away, sels[1], "2.00", "10.00").await;
    let book = engine.sportsbook();
    let events: Vec<_> = book
        .events(None)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| {
            e.markets
                .iter()
                .any(|m| [market_id, idle_market].contains(&m.id))
        })
        .collect();
    assert_eq!(events.len(), 2);
    let worst = book.worst_cases(&trader(), &events).await.unwrap();
    let event = events
        .iter()
        .find(|e| e.markets.iter().any(|m| m.id == market_id))
        .unwrap();
    // Home wins: 30.00 paid out of the 20.00 staked on the market.
    assert_eq!(worst.get(&event.id), Some(&vec![eur("10.00")]));
    assert_eq!(worst.len(), 1, "the event nobody bet on has no worst case");
    assert!(matches!(
        book.worst_cases(&home, &events).await,
        Err(SportsbookError::Forbidden)
    ));
}

#[tokio::test]
async fn an_accumulator_counts_on_each_open_leg_only_and_leaves_every_leg_when_settled() {
    let (_db, engine) = setup().await;
    let p = funded_player(&engine, &unique_email(), "100.00").await;
    let (m1, s1) = market(&engine, "2.00").await;
    let (m2, s2) = market(&engine, "3.00").await;
    let book = engine.sportsbook();
    place(
        &engine,
        &p,
        BetKind::Accumulator,
        &[(s1[0], "2.00"), (s2[0], "3.00")],
        "10.00",
    )
    .await;
    let counted = (1, "10.00".to_owned(), "60.00".to_owned());
    assert_eq!(risk_of(&engine, m1, s1[0]).await, counted);
    assert_eq!(risk_of(&engine, m2, s2[0]).await, counted);

    // Leg 1 wins: the bet is still open, on leg 2 only.
    book.settle_market(&trader(), m1, &outcomes(&s1, 0))
        .await
        .unwrap();
    assert_eq!(risk_of(&engine, m1, s1[0]).await.0, 0);
    assert_eq!(risk_of(&engine, m2, s2[0]).await, counted);

    // A resettle that loses leg 1 kills the bet: it leaves leg 2 too; one
    // that wins it again brings it back on leg 2 (never on leg 1).
    book.resettle_market(&trader(), m1, &outcomes(&s1, 1))
        .await
        .unwrap();
    assert_eq!(risk_of(&engine, m1, s1[0]).await.0, 0);
    assert_eq!(risk_of(&engine, m2, s2[0]).await.0, 0);
    book.resettle_market(&trader(), m1, &outcomes(&s1, 0))
        .await
        .unwrap();
    assert_eq!(risk_of(&engine, m1, s1[0]).await.0, 0);
    assert_eq!(risk_of(&engine, m2, s2[0]).await, counted);

    // Leg 2 wins: the bet is paid and counts nowhere.
    book.settle_market(&trader(), m2, &outcomes(&s2, 0))
        .await
        .unwrap();
    assert_eq!(risk_of(&engine, m1, s1[0]).await.0, 0);
    assert_eq!(risk_of(&engine, m2, s2[0]).await.0, 0);
    assert_eq!(cash(&engine, &p).await, (15_000, 0));
    verifies(&_db).await;
}

#[tokio::test]
async fn one_batch_pays_first_settlements_and_resettlements_of_the_same_players_exactly() {
    let (db, engine) = setup().await;
    let (m, ms) = market(&engine, "2.00").await;
    let (n, ns) = market(&engine, "2.00").await;
    let p1 = funded_player(&engine, &unique_email(), "100.00").await;
    let p2 = funded_player(&engine, &unique_email(), "100.00").await;
    let s1 = single(&engine, &p1, ms[0], "2.00", "10.00").await;
    let acc = place(
        &engine,
        &p1,
        BetKind::Accumulator,
        &[(ms[0], "2.00"), (ns[0], "2.00")],
        "10.00",
    )
    .await;
    // Several bets of one player in one batch: running balances per posting.
    for _ in 0..3 {
        single(&engine, &p2, ms[1], "2.00", "5.00").await;
        single(&engine, &p2, ms[0], "2.00", "5.00").await;
    }
    let book = engine.sportsbook();
    let report = book
        .settle_market(&trader(), m, &outcomes(&ms, 0))
        .await
        .unwrap();
    assert_eq!(report.bets, 7, "the accumulator waits for its other leg");
    assert_eq!(cash(&engine, &p1).await, (8_000 + 2_000, 1_000));
    assert_eq!(cash(&engine, &p2).await, (7_000 + 3_000, 0));
    verifies(&db).await;
    // The other leg's result is recorded but not paid, then the first
    // market is resettled: one window holds the accumulator's first
    // settlement and the singles' resettlements.
    book.record_results(&trader(), n, &outcomes(&ns, 0))
        .await
        .unwrap();
    let report = book
        .resettle_market(&trader(), m, &outcomes(&ms, 1))
        .await
        .unwrap();
    assert_eq!(report.bets, 8);
    assert_eq!(cash(&engine, &p1).await, (8_000, 0));
    assert_eq!(cash(&engine, &p2).await, (7_000 + 3_000, 0));
    assert_eq!(house_sportsbook(&db).await, 5_000 - 3_000);
    for (bet, settle_count) in [(s1, 2), (acc, 1)] {
        let row = entity::sportsbook_bets::Entity::find_by_id(bet)
            .one(&db.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (row.status.as_str(), row.return_amount, row.settle_count),
            ("settled", Some(0), settle_count)
        );
        let entry =
            entity::ledger_transactions::Entity::find_by_id(row.settle_transaction_id.unwrap())
                .one(&db.db)
                .await
                .unwrap()
                .unwrap();
        assert_eq!(entry.reference, format!("bet:{bet}:settle:{settle_count}"));
    }
    // Run again: nothing more is paid.
    assert_eq!(book.resume_settlements().await.unwrap(), 0);
    assert_eq!(book.settle_batch(m, 100).await.unwrap(), 0);
    verifies(&db).await;
}

#[tokio::test]
async fn exposure_shards_sum_to_the_selection_and_survive_migrating_down_and_up() {
    use migration::MigratorTrait;
    let (db, engine) = setup().await;
    let (market_id, sels) = market(&engine, "2.00").await;
    for _ in 0..6 {
        let p = funded_player(&engine, &unique_email(), "100.00").await;
        single(&engine, &p, sels[0], "2.00", "10.00").await;
    }
    let counted = (6, "60.00".to_owned(), "120.00".to_owned());
    assert_eq!(risk_of(&engine, market_id, sels[0]).await, counted);
    // The shards migration (and every one after it) undone and done again:
    // the shards fold into one row per selection and back.
    let all = migration::Migrator::migrations();
    let shards = all
        .iter()
        .position(|m| m.name() == "m20261203_000010_shard_exposure")
        .expect("the shards migration");
    let undo = u32::try_from(all.len() - shards).unwrap();
    migration::Migrator::down(&db.db, Some(undo)).await.unwrap();
    migration::Migrator::up(&db.db, None).await.unwrap();
    assert_eq!(risk_of(&engine, market_id, sels[0]).await, counted);
    let rows = entity::sportsbook_exposure::Entity::find()
        .filter(entity::sportsbook_exposure::Column::SelectionId.eq(sels[0]))
        .all(&db.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1, "one row after the copy: {rows:?}");
}

/// A single of `stake` at 2.00 on `selection`, keyed when `key` is given.
async fn try_single(
    engine: &Engine,
    p: &Principal,
    selection: Uuid,
    stake: &str,
    key: Option<&str>,
) -> Result<
    engine::wallet::Recorded<domain::api::sportsbook::Bet>,
    engine::sportsbook::SportsbookError,
> {
    let idem = key.map(|k| engine::wallet::Idempotency {
        scope: p.user_id.to_string(),
        key: k.to_owned(),
        request_hash: "same-request".to_owned(),
        status: 201,
    });
    engine
        .sportsbook()
        .place_bet(
            p,
            &BetRequest {
                kind: BetKind::Single,
                teaser_points: None,
                unit_stake: eur(stake),
                legs: vec![LegRequest {
                    selection_id: selection,
                    odds: Some(odds("2.00")),
                }],
                odds_change: OddsChangePolicy::Reject,
            },
            idem.as_ref(),
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn placements_in_flight_together_are_each_decided_against_the_ones_before() {
    use engine::sportsbook::{SelectionLimits, SportsbookError};
    use engine::wallet::WalletError;
    let (db, engine) = setup().await;
    let (market_id, sels) = market(&engine, "2.00").await;
    // Each 10.00 single at 2.00 adds 10.00 of liability to Home: five fit
    // under 50.00, whichever batches they share.
    engine
        .sportsbook()
        .set_selection_limits(
            &trader(),
            sels[0],
            SelectionLimits {
                max_stake: None,
                liability_limit: Some("50".parse().unwrap()),
            },
        )
        .await
        .unwrap();
    let mut limited = Vec::new();
    for _ in 0..12 {
        limited.push(funded_player(&engine, &unique_email(), "100.00").await);
    }
    // Another market's stakes would lower Home's liability (the book
    // keeps them): the other bets go elsewhere.
    let (_, elsewhere) = market(&engine, "2.00").await;
    // One player's 40.00 bets: two fit in 100.00.
    let busy = funded_player(&engine, &unique_email(), "100.00").await;
    // One key sent three times at once: one bet, two replays of it.
    let keyed = funded_player(&engine, &unique_email(), "100.00").await;

    let mut tasks = Vec::new();
    for p in &limited {
        let (engine, p, home) = (engine.clone(), p.clone(), sels[0]);
        tasks.push(tokio::spawn(async move {
            (
                "limited",
                try_single(&engine, &p, home, "10.00", None).await,
            )
        }));
    }
    for _ in 0..4 {
        let (engine, p, away) = (engine.clone(), busy.clone(), elsewhere[1]);
        tasks.push(tokio::spawn(async move {
            ("busy", try_single(&engine, &p, away, "40.00", None).await)
        }));
    }
    for _ in 0..3 {
        let (engine, p, away) = (engine.clone(), keyed.clone(), elsewhere[1]);
        tasks.push(tokio::spawn(async move {
            (
                "keyed",
                try_single(&engine, &p, away, "5.00", Some("k-1")).await,
            )
        }));
    }
    let mut placed = std::collections::HashMap::<&str, usize>::new();
    let mut keyed_bets = std::collections::HashSet::new();
    let mut replays = 0;
    for task in tasks {
        let (who, answer) = task.await.unwrap();
        match (who, answer) {
            (_, Ok(bet)) => {
                if who == "keyed" {
                    keyed_bets.insert(bet.value.bet_id);
                    replays += usize::from(bet.replayed);
                }
                if !bet.replayed {
                    *placed.entry(who).or_default() += 1;
                }
            }
            ("limited", Err(SportsbookError::ExposureLimitExceeded { selection_id })) => {
                assert_eq!(selection_id, sels[0]);
            }
            ("busy", Err(SportsbookError::Wallet(WalletError::InsufficientFunds))) => {}
            (who, Err(e)) => panic!("{who}: unexpected {e:?}"),
        }
    }
    assert_eq!(placed.get("limited"), Some(&5));
    assert_eq!(placed.get("busy"), Some(&2));
    assert_eq!(
        (placed.get("keyed"), replays, keyed_bets.len()),
        (Some(&1), 2, 1)
    );

    let mut staked = 0;
    for p in &limited {
        let (cash, reserved) = cash(&engine, p).await;
        assert_eq!(cash + reserved, 10_000);
        assert!(reserved == 0 || reserved == 1_000);
        staked += reserved;
    }
    assert_eq!(staked, 5_000);
    assert_eq!(cash(&engine, &busy).await, (2_000, 8_000));
    assert_eq!(cash(&engine, &keyed).await, (9_500, 500));
    assert_eq!(ledger_count(&db, "bet_place").await, 8);
    assert_eq!(
        risk_of(&engine, market_id, sels[0]).await,
        (5, "50.00".to_owned(), "100.00".to_owned())
    );
    verifies(&db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_market_that_suspends_itself_mid_flight_refuses_the_bets_after() {
    use engine::sportsbook::{MarketLimits, SportsbookError};
    let (db, engine) = setup().await;
    let (market_id, sels) = market(&engine, "2.00").await;
    // Each 10.00 single at 2.00 adds 10.00 of liability to Home; the third
    // reaches 30.00 and suspends the market (it is still placed).
    engine
        .sportsbook()
        .set_market_limits(
            &trader(),
            market_id,
            MarketLimits {
                max_stake: None,
                liability_limit: Some("30".parse().unwrap()),
                auto_suspend: true,
            },
        )
        .await
        .unwrap();
    let mut players = Vec::new();
    for _ in 0..10 {
        players.push(funded_player(&engine, &unique_email(), "50.00").await);
    }
    let tasks: Vec<_> = players
        .iter()
        .map(|p| {
            let (engine, p, home) = (engine.clone(), p.clone(), sels[0]);
            tokio::spawn(async move { try_single(&engine, &p, home, "10.00", None).await })
        })
        .collect();
    let mut placed = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => placed += 1,
            Err(SportsbookError::SelectionUnavailable { selection_id }) => {
                assert_eq!(selection_id, sels[0]);
            }
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!(placed, 3);
    let view = engine.sportsbook().market(market_id).await.unwrap();
    assert_eq!(
        (view.status.code(), view.suspended_by.as_deref()),
        ("suspended", Some("liability"))
    );
    let mut reserved = 0;
    for p in &players {
        let (cash, held) = cash(&engine, p).await;
        assert_eq!(cash + held, 5_000);
        reserved += held;
    }
    assert_eq!(reserved, 3_000);
    assert_eq!(ledger_count(&db, "bet_place").await, 3);
    verifies(&db).await;
}
