//! The wallet engine against a real database (SQLite, or PostgreSQL when
//! `TEST_DATABASE_URL` says so): every command, its balance checks,
//! idempotency, concurrency without overdraft, and tamper detection.

use chrono::Utc;
use domain::money::{Currency, Money};
use engine::wallet::verify::{rebuild, verify};
use engine::wallet::{AdjustTarget, House, Idempotency, WalletError};
use engine::{Engine, EngineConfig};
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, Set};
use serde_json::json;
use uuid::Uuid;

use crate::common::{engine_with, eur, inserted_player, setup, setup_with};

async fn cash_of(engine: &Engine, p: Uuid) -> String {
    engine
        .wallet()
        .balances(p)
        .await
        .unwrap()
        .cash
        .format_amount()
}

async fn assert_verified(engine: &Engine) {
    match verify(engine.db()).await.expect("verify runs") {
        Ok(_) => {}
        Err(problem) => panic!("ledger verify failed: {problem}"),
    }
}

#[tokio::test]
async fn a_deposit_credits_cash_from_psp_clearing_and_the_books_balance() {
    let (_db, engine) = setup().await;
    let p = inserted_player(&engine, "EUR", "unverified").await;
    let receipt = engine
        .wallet()
        .deposit(p, eur("25.50"), "sandbox", None)
        .await
        .unwrap();
    assert_eq!(receipt.value.status, "completed");
    assert_eq!(receipt.value.amount, "25.50");
    let balances = engine.wallet().balances(p).await.unwrap();
    assert_eq!(balances.cash, eur("25.50"));
    assert_eq!(balances.bonus, eur("0"));
    let history = engine
        .wallet()
        .history(p, engine::wallet::query::DEFAULT_PAGE, None)
        .await
        .unwrap()
        .items;
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].kind, "deposit");
    assert_eq!(history[0].balance_after, eur("25.50"));
    let ledger = engine.wallet().ledger(p, None, None).await.unwrap();
    let sum: i64 = ledger[0].postings.iter().map(|l| l.amount.minor()).sum();
    assert_eq!(sum, 0, "postings sum to zero");
    assert_verified(&engine).await;
}

#[tokio::test]
async fn a_withdrawal_needs_kyc_and_never_takes_bonus_money() {
    let (_db, engine) = setup().await;
    let unverified = inserted_player(&engine, "EUR", "unverified").await;
    engine
        .wallet()
        .deposit(unverified, eur("10"), "sandbox", None)
        .await
        .unwrap();
    assert!(matches!(
        engine
            .wallet()
            .withdraw(unverified, eur("1"), "sandbox", None)
            .await,
        Err(WalletError::KycRequired)
    ));

    let admin = Uuid::now_v7();
    let p = inserted_player(&engine, "EUR", "verified").await;
    engine
        .wallet()
        .deposit(p, eur("10"), "sandbox", None)
        .await
        .unwrap();
    engine
        .wallet()
        .adjust(admin, p, AdjustTarget::Bonus, eur("50"), "welcome", None)
        .await
        .unwrap();
    assert!(matches!(
        engine
            .wallet()
            .withdraw(p, eur("10.01"), "sandbox", None)
            .await,
        Err(WalletError::InsufficientFunds)
    ));
    let done = engine
        .wallet()
        .withdraw(p, eur("10"), "sandbox", None)
        .await
        .unwrap();
    assert_eq!(done.value.status, "completed");
    let balances = engine.wallet().balances(p).await.unwrap();
    assert_eq!(
        (balances.cash, balances.bonus, balances.reserved),
        (eur("0"), eur("50"), eur("0"))
    );
    assert_verified(&engine).await;
}

#[tokio::test]
async fn a_declined_payout_returns_the_held_money() {
    let (_db, engine) = setup().await;
    let p = inserted_player(&engine, "EUR", "verified").await;
    engine
        .wallet()
        .deposit(p, eur("30"), "sandbox", None)
        .await
        .unwrap();
    engine
        .payments()
        .sandbox()
        .set_mode(engine::payments::sandbox::SandboxMode {
            decline: true,
            ..Default::default()
        });
    let declined = engine
        .wallet()
        .withdraw(p, eur("20"), "sandbox", None)
        .await
        .unwrap();
    assert_eq!(declined.value.status, "declined");
    assert_eq!(cash_of(&engine, p).await, "30.00");
    let kinds: Vec<String> = engine
        .wallet()
        .history(p, engine::wallet::query::DEFAULT_PAGE, None)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|h| h.kind)
        .collect();
    assert_eq!(kinds, ["release", "withdrawal", "deposit"]);
    // A declined deposit moves nothing.
    let deposit = engine
        .wallet()
        .deposit(p, eur("5"), "sandbox", None)
        .await
        .unwrap();
    assert_eq!(deposit.value.status, "declined");
    assert_eq!(cash_of(&engine, p).await, "30.00");
    assert_verified(&engine).await;
}

#[tokio::test]
async fn holds_release_capture_credit_and_reverse_move_money_between_the_right_accounts() {
    let (_db, engine) = setup().await;
    let p = inserted_player(&engine, "EUR", "unverified").await;
    let w = engine.wallet();
    w.deposit(p, eur("100"), "sandbox", None).await.unwrap();
    w.reserve(p, eur("40"), "bet:1", None).await.unwrap();
    assert!(matches!(
        w.reserve(p, eur("60.01"), "bet:2", None).await,
        Err(WalletError::InsufficientFunds)
    ));
    w.release(p, eur("10"), "bet:1", None).await.unwrap();
    let captured = w
        .capture(p, House::Sportsbook, eur("30"), "bet:1", None)
        .await
        .unwrap();
    assert_eq!(captured.value.reserved, "0.00");
    assert!(matches!(
        w.release(p, eur("0.01"), "bet:1", None).await,
        Err(WalletError::InsufficientFunds)
    ));
    let credit = w
        .credit(p, House::Sportsbook, eur("75"), "bet:1", None)
        .await
        .unwrap();
    assert_eq!(credit.value.cash, "145.00");
    let reversed = w
        .reverse(p, credit.value.transaction_id, None)
        .await
        .unwrap();
    assert_eq!(reversed.value.amount, "-75.00");
    assert_eq!(reversed.value.cash, "70.00");
    assert!(matches!(
        w.reverse(p, credit.value.transaction_id, None).await,
        Err(WalletError::AlreadyReversed)
    ));
    assert!(matches!(
        w.reverse(p, Uuid::now_v7(), None).await,
        Err(WalletError::NotFound)
    ));
    assert_verified(&engine).await;
}

#[tokio::test]
async fn an_adjustment_needs_a_reason_never_overdraws_and_is_audited() {
    let (_db, engine) = setup().await;
    let p = inserted_player(&engine, "EUR", "unverified").await;
    let admin = Uuid::now_v7();
    let w = engine.wallet();
    assert!(matches!(
        w.adjust(admin, p, AdjustTarget::Cash, eur("5"), "  ", None)
            .await,
        Err(WalletError::Validation { .. })
    ));
    w.adjust(admin, p, AdjustTarget::Cash, eur("5"), "goodwill", None)
        .await
        .unwrap();
    let rows = |db: sea_orm::DatabaseConnection| async move {
        (
            entity::ledger_transactions::Entity::find()
                .count(&db)
                .await
                .unwrap(),
            entity::ledger_postings::Entity::find()
                .count(&db)
                .await
                .unwrap(),
        )
    };
    let before = rows(engine.db().clone()).await;
    // Refused by the balance update's own check (this command reads no
    // balance first): nothing it would have written stays.
    assert!(matches!(
        w.adjust(admin, p, AdjustTarget::Cash, eur("-5.01"), "oops", None)
            .await,
        Err(WalletError::InsufficientFunds)
    ));
    assert_eq!(rows(engine.db().clone()).await, before);
    assert_eq!(cash_of(&engine, p).await, "5.00");
    let back = w
        .adjust(admin, p, AdjustTarget::Cash, eur("-2"), "correction", None)
        .await
        .unwrap();
    assert_eq!(back.value.amount, "-2.00");
    assert_eq!(back.value.cash, "3.00");
    let audits = entity::audit_log::Entity::find()
        .all(engine.db())
        .await
        .unwrap();
    assert_eq!(
        audits
            .iter()
            .filter(|a| a.action == "wallet.adjust")
            .count(),
        2
    );
    assert!(audits.iter().any(|a| a.details.contains("correction")));
    assert_verified(&engine).await;
}

#[tokio::test]
async fn a_replayed_key_has_no_second_effect_and_a_reused_key_is_refused() {
    let (_db, engine) = setup().await;
    let p = inserted_player(&engine, "EUR", "unverified").await;
    let body = json!({"amount": "10.00", "method": "sandbox"});
    let key = Idempotency::new(p, "dep-1", &body, 201).unwrap();
    let first = engine
        .wallet()
        .deposit(p, eur("10"), "sandbox", Some(&key))
        .await
        .unwrap();
    let again = engine
        .wallet()
        .deposit(p, eur("10"), "sandbox", Some(&key))
        .await
        .unwrap();
    assert!(!first.replayed);
    assert!(again.replayed);
    assert_eq!(first.value, again.value);
    assert_eq!(cash_of(&engine, p).await, "10.00");

    let other = Idempotency::new(p, "dep-1", &json!({"amount": "11.00"}), 201).unwrap();
    assert!(matches!(
        engine
            .wallet()
            .deposit(p, eur("11"), "sandbox", Some(&other))
            .await,
        Err(WalletError::IdempotencyKeyReused)
    ));
    // Keys are scoped per user: another player may use the same key.
    let q = inserted_player(&engine, "EUR", "unverified").await;
    let theirs = Idempotency::new(q, "dep-1", &body, 201).unwrap();
    assert!(
        !engine
            .wallet()
            .deposit(q, eur("10"), "sandbox", Some(&theirs))
            .await
            .unwrap()
            .replayed
    );
    assert!(Idempotency::new(p, "", &body, 201).is_err());
    assert!(Idempotency::new(p, &"k".repeat(256), &body, 201).is_err());
    assert_verified(&engine).await;
}

#[tokio::test]
async fn two_hundred_parallel_withdrawals_never_overdraw() {
    let (_db, engine) = setup().await;
    let p = inserted_player(&engine, "EUR", "verified").await;
    engine
        .wallet()
        .deposit(p, eur("50"), "sandbox", None)
        .await
        .unwrap();
    let tasks: Vec<_> = (0..200)
        .map(|_| {
            let engine = engine.clone();
            tokio::spawn(
                async move { engine.wallet().withdraw(p, eur("1"), "sandbox", None).await },
            )
        })
        .collect();
    let mut ok = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(r) => {
                assert_eq!(r.value.status, "completed");
                ok += 1;
            }
            Err(WalletError::InsufficientFunds) => {}
            Err(e) => panic!("unexpected failure: {e:?}"),
        }
    }
    assert_eq!(ok, 50);
    let b = engine.wallet().balances(p).await.unwrap();
    assert_eq!((b.cash, b.reserved), (eur("0"), eur("0")));
    assert_verified(&engine).await;
}

#[tokio::test]
async fn two_hundred_parallel_reserves_never_overdraw() {
    let (_db, engine) = setup().await;
    let p = inserted_player(&engine, "EUR", "unverified").await;
    engine
        .wallet()
        .deposit(p, eur("20"), "sandbox", None)
        .await
        .unwrap();
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let engine = engine.clone();
            tokio::spawn(async move {
                engine
                    .wallet()
                    .reserve(p, eur("0.50"), &format!("bet:{i}"), None)
                    .await
            })
        })
        .collect();
    let mut ok = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => ok += 1,
            Err(WalletError::InsufficientFunds) => {}
            Err(e) => panic!("unexpected failure: {e:?}"),
        }
    }
    assert_eq!(ok, 40);
    let b = engine.wallet().balances(p).await.unwrap();
    assert_eq!((b.cash, b.reserved), (eur("0"), eur("20")));
    assert_verified(&engine).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn batched_reserves_racing_lone_withdrawals_on_one_balance_never_overdraw() {
    // Reserves go through the wallet's batches, which read the balance
    // under the chain lock; withdrawals run alone and take the same lock
    // in between, so batches keep waiting for it and must read what the
    // withdrawal left, not what was there before the wait.
    let (_db, engine) = setup().await;
    let p = inserted_player(&engine, "EUR", "verified").await;
    engine
        .wallet()
        .deposit(p, eur("30"), "sandbox", None)
        .await
        .unwrap();
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let engine = engine.clone();
            tokio::spawn(async move {
                let w = engine.wallet();
                if i % 2 == 0 {
                    w.reserve(p, eur("0.50"), &format!("bet:{i}"), None)
                        .await
                        .map(|_| true)
                } else {
                    w.withdraw(p, eur("0.50"), "sandbox", None)
                        .await
                        .map(|_| false)
                }
            })
        })
        .collect();
    let (mut reserved, mut withdrawn) = (0i64, 0i64);
    for task in tasks {
        match task.await.unwrap() {
            Ok(true) => reserved += 1,
            Ok(false) => withdrawn += 1,
            Err(WalletError::InsufficientFunds) => {}
            Err(e) => panic!("unexpected failure: {e:?}"),
        }
    }
    assert_eq!(reserved + withdrawn, 60, "30.00 pays exactly sixty halves");
    let b = engine.wallet().balances(p).await.unwrap();
    assert_eq!(b.cash, eur("0"));
    assert_eq!(b.reserved.minor(), 50 * reserved);
    assert_verified(&engine).await;
}

#[tokio::test]
async fn a_batch_on_a_stale_copy_of_the_balances_decides_on_the_real_ones() {
    // A batch remembers what it left for its players, and the next batch
    // for them skips reading (one guarded statement on PostgreSQL). Lone
    // commands in between (a withdrawal, a deposit) make that copy stale:
    // the next batch must decide on what they left.
    let (_db, engine) = setup().await;
    let p = inserted_player(&engine, "EUR", "verified").await;
    let w = engine.wallet();
    w.deposit(p, eur("10"), "sandbox", None).await.unwrap();
    w.reserve(p, eur("1"), "bet:1", None).await.unwrap();
    w.withdraw(p, eur("9"), "sandbox", None).await.unwrap();
    assert!(matches!(
        w.reserve(p, eur("5"), "bet:2", None).await,
        Err(WalletError::InsufficientFunds)
    ));
    w.release(p, eur("1"), "bet:1", None).await.unwrap();
    w.deposit(p, eur("4"), "sandbox", None).await.unwrap();
    let last = w.reserve(p, eur("5"), "bet:3", None).await.unwrap();
    assert_eq!(last.value.cash, "0.00");
    assert_eq!(last.value.reserved, "5.00");
    let b = w.balances(p).await.unwrap();
    assert_eq!((b.cash, b.reserved), (eur("0"), eur("5")));
    assert_verified(&engine).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_batching_for_one_player_never_overdraw_nor_fork_the_chain() {
    // Two engines on one database (two servers): each remembers what its
    // own batches left, which the other's batches make stale at once.
    let (db, one) = setup().await;
    let two = engine_with(&db, EngineConfig::for_tests());
    let p = inserted_player(&one, "EUR", "unverified").await;
    one.wallet()
        .deposit(p, eur("20"), "sandbox", None)
        .await
        .unwrap();
    let tasks: Vec<_> = (0..120)
        .map(|i| {
            let engine = if i % 2 == 0 { one.clone() } else { two.clone() };
            tokio::spawn(async move {
                engine
                    .wallet()
                    .reserve(p, eur("0.25"), &format!("bet:{i}"), None)
                    .await
            })
        })
        .collect();
    let mut reserved = 0i64;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => reserved += 1,
            Err(WalletError::InsufficientFunds) => {}
            Err(e) => panic!("unexpected failure: {e:?}"),
        }
    }
    assert_eq!(reserved, 80, "20.00 holds exactly eighty quarters");
    let b = one.wallet().balances(p).await.unwrap();
    assert_eq!((b.cash, b.reserved), (eur("0"), eur("20")));
    assert_verified(&one).await;
}

#[tokio::test]
async fn a_repeated_key_replays_when_the_batch_knows_the_balances() {
    // The batch that knows the balances does not look keys up: a stored
    // key makes its statement fail, and the long way replays it.
    let (_db, engine) = setup().await;
    let p = inserted_player(&engine, "EUR", "unverified").await;
    let w = engine.wallet();
    w.deposit(p, eur("10"), "sandbox", None).await.unwrap();
    w.reserve(p, eur("1"), "warm", None).await.unwrap();
    let key = Idempotency::new(p, "stake-1", &json!({"amount": "2.00"}), 200).unwrap();
    let first = w.reserve(p, eur("2"), "bet:1", Some(&key)).await.unwrap();
    let again = w.reserve(p, eur("2"), "bet:1", Some(&key)).await.unwrap();
    assert!(!first.replayed);
    assert!(again.replayed);
    assert_eq!(first.value.transaction_id, again.value.transaction_id);
    let after = w.release(p, eur("1"), "warm", None).await.unwrap();
    assert_eq!(
        (after.value.cash.as_str(), after.value.reserved.as_str()),
        ("8.00", "2.00")
    );
    assert_verified(&engine).await;
}

#[tokio::test]
async fn the_wallet_guard_refuses_a_statement_on_postgres() {
    let (db, _engine) = setup().await;
    let backend = db.db.get_database_backend();
    if backend != sea_orm::DatabaseBackend::Postgres {
        return;
    }
    let pass = db
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            backend,
            "SELECT croupier_wallet_guard(true) AS ok",
        ))
        .await
        .unwrap()
        .unwrap();
    assert!(pass.try_get::<bool>("", "ok").unwrap());
    let refused = db
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            backend,
            "SELECT croupier_wallet_guard(false)",
        ))
        .await
        .unwrap_err();
    assert!(
        engine::wallet::store::is_guard_refusal(&refused),
        "{refused}"
    );
}

#[tokio::test]
async fn parallel_replays_of_one_key_move_money_once() {
    let (_db, engine) = setup().await;
    let p = inserted_player(&engine, "EUR", "unverified").await;
    let key = Idempotency::new(p, "same", &json!({"amount": "3.00"}), 201).unwrap();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (engine, key) = (engine.clone(), key.clone());
            tokio::spawn(async move {
                engine
                    .wallet()
                    .deposit(p, eur("3"), "sandbox", Some(&key))
                    .await
            })
        })
        .collect();
    let mut ids = std::collections::HashSet::new();
    for task in tasks {
        ids.insert(task.await.unwrap().unwrap().value.deposit_id);
    }
    assert_eq!(ids.len(), 1, "every replay answers the first deposit");
    assert_eq!(cash_of(&engine, p).await, "3.00");
    assert_verified(&engine).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn commands_in_flight_together_each_answer_with_their_own_balances() {
    // One lane: whatever queues while a batch commits goes into the next
    // one, so most of these share transactions.
    let (_db, engine) = setup_with(EngineConfig {
        wallet_lanes: 1,
        ..EngineConfig::for_tests()
    })
    .await;
    let mut players = Vec::new();
    for _ in 0..3 {
        let p = inserted_player(&engine, "EUR", "unverified").await;
        engine
            .wallet()
            .deposit(p, eur("10"), "sandbox", None)
            .await
            .unwrap();
        players.push(p);
    }
    let same = |p: Uuid, amount: &str| {
        Idempotency::new(p, "hold-1", &json!({ "amount": amount }), 200).unwrap()
    };
    let mut tasks = Vec::new();
    for &p in &players {
        for i in 0..15 {
            let engine = engine.clone();
            tasks.push(tokio::spawn(async move {
                let r = engine
                    .wallet()
                    .reserve(p, eur("1"), &format!("hold:{i}"), None)
                    .await;
                (p, r)
            }));
        }
        // The same key twice with one body (one effect), once with another
        // (refused), beside the holds.
        for amount in ["0.01", "0.01", "0.02"] {
            let (engine, key) = (engine.clone(), same(p, amount));
            tasks.push(tokio::spawn(async move {
                let r = engine
                    .wallet()
                    .credit(
                        p,
                        House::Casino,
                        Money::parse(amount, Currency::EUR).unwrap(),
                        "goodwill",
                        Some(&key),
                    )
                    .await;
                (p, r)
            }));
        }
    }
    let mut holds: std::collections::HashMap<Uuid, Vec<String>> = Default::default();
    let mut credits: std::collections::HashMap<Uuid, Vec<Uuid>> = Default::default();
    let mut reused: std::collections::HashMap<Uuid, usize> = Default::default();
    let mut refused = 0;
    for task in tasks {
        let (p, answer) = task.await.unwrap();
        match answer {
            Ok(receipt) if receipt.value.kind == "reserve" => {
                holds
                    .entry(p)
                    .or_default()
                    .push(receipt.value.reserved.clone());
            }
            Ok(receipt) => credits
                .entry(p)
                .or_default()
                .push(receipt.value.transaction_id),
            Err(WalletError::InsufficientFunds) => refused += 1,
            Err(WalletError::IdempotencyKeyReused) => *reused.entry(p).or_default() += 1,
            Err(e) => panic!("unexpected failure: {e:?}"),
        }
    }
    assert_eq!(refused, 3 * 5);
    for &p in &players {
        // Ten holds of 1.00 fit (the small credit lands before or after
        // some), and each hold's answer shows the reserved balance right
        // after it: 1.00, 2.00, ... 10.00 with no gaps or repeats.
        let mut seen = holds.remove(&p).unwrap_or_default();
        seen.sort_by_key(|s| Money::parse(s, Currency::EUR).unwrap().minor());
        let expected: Vec<String> = (1..=10).map(|n| format!("{n}.00")).collect();
        assert_eq!(seen, expected, "reserved after each hold");
        // Whichever body came first has the key: both 0.01 deliveries
        // answer one credit (0.02 refused), or the 0.02 does (both 0.01
        // refused).
        let ids = credits.remove(&p).unwrap_or_default();
        assert_eq!(ids.len() + reused.get(&p).copied().unwrap_or(0), 3);
        assert!(
            ids.iter().all(|id| *id == ids[0]),
            "one credit answers every delivery"
        );
        let credited = if ids.len() == 2 {
            eur("0.01")
        } else {
            eur("0.02")
        };
        let b = engine.wallet().balances(p).await.unwrap();
        assert_eq!((b.cash, b.reserved), (credited, eur("10")));
        use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter};
        let events = entity::outbox::Entity::find()
            .filter(entity::outbox::Column::Kind.eq("wallet.balance_changed"))
            .filter(entity::outbox::Column::Topic.eq(format!("wallet:{p}")))
            .count(engine.db())
            .await
            .unwrap();
        assert_eq!(events, 1 + 10 + 1, "the deposit, each hold and the credit");
    }
    // They did share commits: a batch stamps its transactions alike.
    let mut per_stamp: std::collections::HashMap<_, usize> = Default::default();
    for tx in entity::ledger_transactions::Entity::find()
        .all(engine.db())
        .await
        .unwrap()
    {
        *per_stamp.entry(tx.created_at).or_default() += 1;
    }
    assert!(
        per_stamp.values().any(|n| *n > 1),
        "no batch held two commands"
    );
    assert_verified(&engine).await;
}

/// Runs raw SQL that works on both backends.
async fn sql(engine: &Engine, statement: &str) {
    engine
        .db()
        .execute_unprepared(statement)
        .await
        .expect(statement);
}

#[tokio::test]
async fn tampering_with_any_ledger_row_is_caught_and_named() {
    let (_db, engine) = setup().await;
    let p = inserted_player(&engine, "EUR", "unverified").await;
    let w = engine.wallet();
    w.deposit(p, eur("10"), "sandbox", None).await.unwrap();
    let reserve = w.reserve(p, eur("4"), "bet:9", None).await.unwrap();
    w.release(p, eur("1"), "bet:9", None).await.unwrap();
    assert_verified(&engine).await;
    let tx = reserve.value.transaction_id;

    // A posting's amount changed (and its partner, so it still sums to zero).
    let postings = entity::ledger_postings::Entity::find()
        .all(engine.db())
        .await
        .unwrap();
    let victim = postings
        .iter()
        .find(|p| p.transaction_id == tx && p.amount > 0)
        .unwrap();
    let partner = postings
        .iter()
        .find(|p| p.transaction_id == tx && p.amount < 0)
        .unwrap();
    let backend = engine.db().get_database_backend();
    let id_literal = |id: Uuid| match backend {
        sea_orm::DatabaseBackend::Postgres => format!("'{id}'"),
        _ => format!("X'{}'", id.simple()),
    };
    sql(
        &engine,
        &format!(
            "UPDATE ledger_postings SET amount = 500 WHERE id = {}",
            id_literal(victim.id)
        ),
    )
    .await;
    sql(
        &engine,
        &format!(
            "UPDATE ledger_postings SET amount = -500 WHERE id = {}",
            id_literal(partner.id)
        ),
    )
    .await;
    let problem = verify(engine.db()).await.unwrap().unwrap_err();
    assert_eq!(problem.table, "ledger_transactions");
    assert_eq!(problem.row, tx.to_string());
    assert!(problem.detail.contains("hash"), "{problem}");
    sql(
        &engine,
        &format!(
            "UPDATE ledger_postings SET amount = 400 WHERE id = {}",
            id_literal(victim.id)
        ),
    )
    .await;
    sql(
        &engine,
        &format!(
            "UPDATE ledger_postings SET amount = -400 WHERE id = {}",
            id_literal(partner.id)
        ),
    )
    .await;
    assert_verified(&engine).await;

    // A reference rewritten.
    sql(
        &engine,
        &format!(
            "UPDATE ledger_transactions SET reference = 'bet:8' WHERE id = {}",
            id_literal(tx)
        ),
    )
    .await;
    let problem = verify(engine.db()).await.unwrap().unwrap_err();
    assert_eq!(problem.row, tx.to_string());
    sql(
        &engine,
        &format!(
            "UPDATE ledger_transactions SET reference = 'bet:9' WHERE id = {}",
            id_literal(tx)
        ),
    )
    .await;

    // A balance edited behind the ledger's back; rebuild repairs it.
    let accounts = w.accounts(p).await.unwrap();
    sql(
        &engine,
        &format!(
            "UPDATE accounts SET balance = balance + 1 WHERE id = {}",
            id_literal(accounts.cash)
        ),
    )
    .await;
    let problem = verify(engine.db()).await.unwrap().unwrap_err();
    assert_eq!(
        (problem.table, problem.row.clone()),
        ("accounts", accounts.cash.to_string())
    );
    assert_eq!(rebuild(engine.db()).await.unwrap(), 1);
    assert_verified(&engine).await;

    // The newest transaction deleted: the chain head no longer matches.
    let last = w.ledger(p, Some(1), None).await.unwrap().remove(0);
    sql(
        &engine,
        &format!(
            "DELETE FROM ledger_postings WHERE transaction_id = {}",
            id_literal(last.id)
        ),
    )
    .await;
    sql(
        &engine,
        &format!(
            "DELETE FROM ledger_transactions WHERE id = {}",
            id_literal(last.id)
        ),
    )
    .await;
    let problem = verify(engine.db()).await.unwrap().unwrap_err();
    assert_eq!(problem.table, "ledger_chains");
}

/// PostgreSQL keeps no foreign keys on the postings (see migration 13):
/// a posting outside every transaction, or on an account that does not
/// exist, is refused by SQLite's constraint or caught by `ledger verify`.
#[tokio::test]
async fn postings_outside_the_ledger_are_refused_or_caught() {
    let (_db, engine) = setup().await;
    let p = inserted_player(&engine, "EUR", "unverified").await;
    let w = engine.wallet();
    w.deposit(p, eur("10"), "sandbox", None).await.unwrap();
    let reserve = w.reserve(p, eur("4"), "bet:9", None).await.unwrap();
    let cash = w.accounts(p).await.unwrap().cash;
    let cases = [
        (Uuid::now_v7(), cash, "posting outside every transaction"),
        (
            reserve.value.transaction_id,
            Uuid::now_v7(),
            "posting on an unknown account",
        ),
    ];
    for (transaction_id, account_id, detail) in cases {
        let id = Uuid::now_v7();
        let stray = entity::ledger_postings::ActiveModel {
            id: Set(id),
            transaction_id: Set(transaction_id),
            account_id: Set(account_id),
            amount: Set(0),
            currency: Set("EUR".to_owned()),
            balance_after: Set(0),
        };
        let inserted = entity::ledger_postings::Entity::insert(stray)
            .exec_without_returning(engine.db())
            .await;
        if inserted.is_err() {
            assert_eq!(
                engine.db().get_database_backend(),
                sea_orm::DatabaseBackend::Sqlite
            );
            continue;
        }
        let problem = verify(engine.db()).await.unwrap().unwrap_err();
        assert_eq!(
            (problem.table, problem.row.as_str(), problem.detail.as_str()),
            ("ledger_postings", id.to_string().as_str(), detail),
        );
        entity::ledger_postings::Entity::delete_by_id(id)
            .exec(engine.db())
            .await
            .unwrap();
        assert_verified(&engine).await;
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Op {
        Deposit(i64),
        Withdraw(i64),
        Reserve(i64),
        Release(i64),
        Capture(i64),
        Credit(i64),
        Adjust(i64),
        ReverseLast,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (1i64..5_000).prop_map(Op::Deposit),
            (1i64..5_000).prop_map(Op::Withdraw),
            (1i64..5_000).prop_map(Op::Reserve),
            (1i64..5_000).prop_map(Op::Release),
            (1i64..5_000).prop_map(Op::Capture),
            (1i64..5_000).prop_map(Op::Credit),
            (-5_000i64..5_000)
                .prop_filter("non-zero", |x| *x != 0)
                .prop_map(Op::Adjust),
            Just(Op::ReverseLast),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

        /// Whatever commands run, in whatever order, cash and reserved
        /// match a simple model, never go negative, and `verify` finds the
        /// chains intact and every balance equal to its postings.
        #[test]
        fn any_sequence_of_commands_keeps_every_invariant(ops in proptest::collection::vec(op(), 1..24)) {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async move {
                let (_db, engine) = setup().await;
                let p = inserted_player(&engine, "EUR", "verified").await;
                let w = engine.wallet();
                let (mut cash, mut reserved) = (0i64, 0i64);
                let mut last: Option<(Uuid, i64, i64)> = None;
                for op in ops {
                    let m = |x: i64| Money::new(x, Currency::EUR);
                    match op {
                        Op::Deposit(x) => { w.deposit(p, m(x), "sandbox", None).await.unwrap(); cash += x; last = None; }
                        Op::Withdraw(x) => match w.withdraw(p, m(x), "sandbox", None).await {
                            Ok(_) => { cash -= x; last = None; }
                            Err(WalletError::InsufficientFunds) => assert!(x > cash),
                            Err(e) => panic!("{e:?}"),
                        },
                        Op::Reserve(x) => match w.reserve(p, m(x), "r", None).await {
                            Ok(r) => { cash -= x; reserved += x; last = Some((r.value.transaction_id, x, -x)); }
                            Err(WalletError::InsufficientFunds) => assert!(x > cash),
                            Err(e) => panic!("{e:?}"),
                        },
                        Op::Release(x) => match w.release(p, m(x), "r", None).await {
                            Ok(r) => { cash += x; reserved -= x; last = Some((r.value.transaction_id, -x, x)); }
                            Err(WalletError::InsufficientFunds) => assert!(x > reserved),
                            Err(e) => panic!("{e:?}"),
                        },
                        Op::Capture(x) => match w.capture(p, House::Casino, m(x), "c", None).await {
                            Ok(r) => { reserved -= x; last = Some((r.value.transaction_id, 0, x)); }
                            Err(WalletError::InsufficientFunds) => assert!(x > reserved),
                            Err(e) => panic!("{e:?}"),
                        },
                        Op::Credit(x) => {
                            let r = w.credit(p, House::Casino, m(x), "w", None).await.unwrap();
                            cash += x;
                            last = Some((r.value.transaction_id, -x, 0));
                        }
                        Op::Adjust(x) => match w.adjust(Uuid::nil(), p, AdjustTarget::Cash, m(x), "prop", None).await {
                            Ok(r) => { cash += x; last = Some((r.value.transaction_id, -x, 0)); }
                            Err(WalletError::InsufficientFunds) => assert!(-x > cash),
                            Err(e) => panic!("{e:?}"),
                        },
                        Op::ReverseLast => if let Some((id, dc, dr)) = last.take() {
                            match w.reverse(p, id, None).await {
                                Ok(_) => { cash += dc; reserved += dr; }
                                Err(WalletError::InsufficientFunds) => assert!(cash + dc < 0 || reserved + dr < 0),
                                Err(e) => panic!("{e:?}"),
                            }
                        },
                    }
                    let b = w.balances(p).await.unwrap();
                    assert_eq!((b.cash.minor(), b.reserved.minor()), (cash, reserved));
                    assert!(cash >= 0 && reserved >= 0);
                }
                assert_verified(&engine).await;
            });
        }
    }
}

#[tokio::test]
async fn the_journal_exports_every_posting_and_psp_clearing_reconciles_with_payments() {
    let (_db, engine) = setup().await;
    let p = inserted_player(&engine, "EUR", "verified").await;
    let w = engine.wallet();
    w.deposit(p, eur("50"), "sandbox", None).await.unwrap();
    w.withdraw(p, eur("20"), "sandbox", None).await.unwrap();
    w.reserve(p, eur("5"), "bet, \"quoted\"", None)
        .await
        .unwrap();
    // A pending payout holds cash but does not touch PSP clearing yet.
    engine
        .payments()
        .sandbox()
        .set_mode(engine::payments::sandbox::SandboxMode {
            webhook_to: Some("127.0.0.1:9".parse().unwrap()),
            delay_ms: 60_000,
            decline: false,
        });
    let pending = w.withdraw(p, eur("10"), "sandbox", None).await.unwrap();
    assert_eq!(pending.value.status, "pending");

    let mut csv = Vec::new();
    let lines = engine::wallet::export::export_journal(engine.db(), None, None, &mut csv)
        .await
        .unwrap();
    let text = String::from_utf8(csv).unwrap();
    let postings = entity::ledger_postings::Entity::find()
        .all(engine.db())
        .await
        .unwrap();
    assert_eq!(lines as usize, postings.len());
    assert_eq!(text.lines().count(), postings.len() + 1);
    assert!(text.starts_with(engine::wallet::export::JOURNAL_HEADER));
    assert!(text.contains("\"bet, \"\"quoted\"\"\""), "{text}");
    let none = engine::wallet::export::export_journal(
        engine.db(),
        Some(Utc::now() + chrono::Duration::hours(1)),
        None,
        &mut Vec::new(),
    )
    .await
    .unwrap();
    assert_eq!(none, 0);

    let report = engine::wallet::export::reconcile(engine.db())
        .await
        .unwrap();
    assert_eq!(report.len(), 1);
    let eur_line = &report[0];
    assert_eq!(
        (
            eur_line.deposits,
            eur_line.withdrawals,
            eur_line.psp_clearing
        ),
        (5_000, 2_000, -3_000)
    );
    assert!(eur_line.balanced());

    // Money moved behind the payments' back shows up.
    sql(
        &engine,
        "UPDATE accounts SET balance = balance - 1 WHERE kind = 'psp_clearing'",
    )
    .await;
    let report = engine::wallet::export::reconcile(engine.db())
        .await
        .unwrap();
    assert!(!report[0].balanced());
}
