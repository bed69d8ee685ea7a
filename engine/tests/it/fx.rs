//! Finance against a real database: ECB rate import (idempotent, corrected
//! days audited, malformed files refused), rate lookup and conversion with
//! the recorded rate, the per-currency summary, the daily journal, the daily
//! reconciliation catching injected mismatches, and the idempotency-key
//! purge.

use chrono::{Duration, NaiveDate, Utc};
use domain::money::{Currency, Money, RoundingRule, convert};
use engine::finance::report::currency_summary;
use engine::finance::{FinanceError, import_ecb, rate_for};
use engine::wallet::Idempotency;
use engine::wallet::export::{MismatchReason, daily_journal, journal_csv, reconcile_day};
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};
use uuid::Uuid;

use crate::common::{inserted_player, setup, setup_at_t0};

const ECB: &str = include_str!("../../../server/tests/fixtures/ecb-eurofxref-daily.xml");

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[tokio::test]
async fn ecb_import_is_idempotent_and_corrections_are_audited() {
    let (_db, engine) = setup().await;
    let db = engine.db();
    let first = import_ecb(db, ECB, None, engine.now()).await.unwrap();
    assert_eq!(first.days, vec![day("2026-11-30")]);
    assert_eq!(
        (first.inserted, first.unchanged, first.corrected),
        (30, 0, 0)
    );
    let again = import_ecb(db, ECB, None, engine.now()).await.unwrap();
    assert_eq!(
        (again.inserted, again.unchanged, again.corrected),
        (0, 30, 0)
    );
    assert_eq!(
        entity::fx_rates::Entity::find().count(db).await.unwrap(),
        30
    );

    let corrected = import_ecb(db, &ECB.replace("'1.0512'", "'1.0513'"), None, engine.now())
        .await
        .unwrap();
    assert_eq!(
        (corrected.inserted, corrected.unchanged, corrected.corrected),
        (0, 29, 1)
    );
    let used = rate_for(db, Currency::EUR, Currency::USD, day("2026-11-30"))
        .await
        .unwrap();
    assert_eq!(used.rate.rate(), Decimal::new(10513, 4));
    let audits = entity::audit_log::Entity::find().all(db).await.unwrap();
    let fx: Vec<_> = audits.iter().filter(|a| a.action == "fx.import").collect();
    assert_eq!(
        fx.len(),
        2,
        "first import and the correction, not the replay"
    );
    assert!(fx.iter().any(|a| a.details.contains("\"old\":\"1.0512\"")));

    // A second day is added next to the first: history is kept.
    let next = import_ecb(
        db,
        &ECB.replace("2026-11-30", "2026-12-01"),
        None,
        engine.now(),
    )
    .await
    .unwrap();
    assert_eq!(next.inserted, 30);
    let latest = engine::finance::latest_rates(db).await.unwrap();
    assert_eq!(latest.len(), 30);
    assert!(latest.iter().all(|r| r.rate_date == day("2026-12-01")));
    let usd = engine::finance::rate_history(db, Some("USD"), 10)
        .await
        .unwrap();
    assert_eq!(usd.len(), 2);
}

#[tokio::test]
async fn malformed_files_are_refused_and_store_nothing() {
    let (_db, engine) = setup().await;
    let db = engine.db();
    for bad in [
        "not xml at all",
        "<gesmes:Envelope><Cube><Cube time='2026-11-30'></Cube></Cube></gesmes:Envelope>",
        &ECB.replace("</gesmes:Envelope>", ""),
        &ECB.replace("'19.0813'", "'19,0813'"),
    ] {
        let e = import_ecb(db, bad, None, engine.now()).await.unwrap_err();
        assert!(matches!(e, FinanceError::Malformed(_)), "{e}");
    }
    assert_eq!(entity::fx_rates::Entity::find().count(db).await.unwrap(), 0);
}

#[tokio::test]
async fn conversion_uses_the_newest_rate_on_or_before_the_day() {
    let (_db, engine) = setup().await;
    let db = engine.db();
    let before = rate_for(db, Currency::USD, Currency::EUR, day("2026-11-29")).await;
    assert!(matches!(before, Err(FinanceError::RateMissing { .. })));
    import_ecb(db, ECB, None, engine.now()).await.unwrap();

    // Saturday 5 December uses Monday's rate, and says so.
    let used = rate_for(db, Currency::USD, Currency::EUR, day("2026-12-05"))
        .await
        .unwrap();
    assert_eq!(used.rate_date, Some(day("2026-11-30")));
    assert_eq!(used.source.as_deref(), Some("ecb"));
    let ten_usd = Money::parse("10.00", Currency::USD).unwrap();
    // 10 / 1.0512 = 9.51293… → 9.51
    let eur = convert(ten_usd, &used.rate, Currency::EUR, RoundingRule::HalfToEven).unwrap();
    assert_eq!(eur.to_string(), "9.51");

    // GBP → USD crosses through EUR: 100 × 1.0512 / 0.83155 = 126.4145…
    let cross = rate_for(db, Currency::GBP, Currency::USD, day("2026-11-30"))
        .await
        .unwrap();
    let gbp = Money::parse("100.00", Currency::GBP).unwrap();
    let usd = convert(gbp, &cross.rate, Currency::USD, RoundingRule::HalfToEven).unwrap();
    assert_eq!(usd.to_string(), "126.41");
    // EUR → JPY multiplies into a currency without minor units.
    let to_jpy = rate_for(db, Currency::EUR, Currency::JPY, day("2026-11-30"))
        .await
        .unwrap();
    let jpy = convert(
        Money::parse("12.34", Currency::EUR).unwrap(),
        &to_jpy.rate,
        Currency::JPY,
        RoundingRule::HalfToEven,
    )
    .unwrap();
    assert_eq!(jpy.to_string(), "1990"); // 1989.58…
    // BTC is not published by the ECB.
    let missing = rate_for(db, Currency::BTC, Currency::EUR, day("2026-11-30")).await;
    assert!(matches!(
        missing,
        Err(FinanceError::RateMissing {
            from: Currency::BTC,
            ..
        })
    ));
}

#[tokio::test]
async fn the_summary_converts_each_currency_and_states_the_rate() {
    let (_db, engine) = setup().await;
    let db = engine.db();
    let today = Utc::now().date_naive();
    let eur_player = inserted_player(&engine, "EUR", "verified").await;
    let usd_player = inserted_player(&engine, "USD", "verified").await;
    let wallet = engine.wallet();
    wallet
        .deposit(
            eur_player,
            Money::parse("20.00", Currency::EUR).unwrap(),
            "sandbox",
            None,
        )
        .await
        .unwrap();
    wallet
        .deposit(
            usd_player,
            Money::parse("10.00", Currency::USD).unwrap(),
            "sandbox",
            None,
        )
        .await
        .unwrap();

    let missing = currency_summary(db, today, Currency::EUR)
        .await
        .unwrap_err();
    assert!(
        matches!(
            missing,
            FinanceError::RateMissing {
                from: Currency::USD,
                to: Currency::EUR,
                ..
            }
        ),
        "{missing}"
    );

    let rates = ECB.replace("2026-11-30", &today.to_string());
    import_ecb(db, &rates, None, engine.now()).await.unwrap();
    let report = currency_summary(db, today, Currency::EUR).await.unwrap();
    assert_eq!(report.reporting_currency, "EUR");
    assert_eq!(report.rows.len(), 2);
    let eur = report.rows.iter().find(|r| r.currency == "EUR").unwrap();
    assert_eq!(eur.deposits.amount, "20.00");
    assert_eq!(eur.deposits.converted, "20.00");
    assert_eq!(eur.rate, "1");
    assert_eq!(eur.rate_date, None);
    let usd = report.rows.iter().find(|r| r.currency == "USD").unwrap();
    assert_eq!(usd.deposits.amount, "10.00");
    assert_eq!(usd.deposits.converted, "9.51");
    assert_eq!(usd.rate, "1.0512");
    assert_eq!(usd.rate_pair, "EUR/USD");
    assert_eq!(usd.rate_date, Some(today));
    // Each deposit credits cash once: that is the day's volume.
    assert_eq!(usd.volume.amount, "10.00");
    assert_eq!(report.total_deposits, "29.51");
    assert_eq!(report.total_volume, "29.51");
    assert_eq!(report.total_house_position, "0.00");
}

#[tokio::test]
async fn the_daily_journal_balances_and_reconciliation_finds_injected_mismatches() {
    let (_db, engine) = setup().await;
    let db = engine.db();
    let today = Utc::now().date_naive();
    let p = inserted_player(&engine, "EUR", "verified").await;
    let wallet = engine.wallet();
    let d1 = wallet
        .deposit(
            p,
            Money::parse("25.00", Currency::EUR).unwrap(),
            "sandbox",
            None,
        )
        .await
        .unwrap()
        .value;
    wallet
        .deposit(
            p,
            Money::parse("5.50", Currency::EUR).unwrap(),
            "sandbox",
            None,
        )
        .await
        .unwrap();
    let w = wallet
        .withdraw(
            p,
            Money::parse("10.00", Currency::EUR).unwrap(),
            "sandbox",
            None,
        )
        .await
        .unwrap()
        .value;
    assert_eq!(w.status, "completed");

    let lines = daily_journal(db, today).await.unwrap();
    // Two deposits (2 postings each), the withdrawal hold and its capture.
    assert_eq!(lines.len(), 8);
    let cents = |s: &str| {
        if s.is_empty() {
            0
        } else {
            Money::parse(s, Currency::EUR).unwrap().minor()
        }
    };
    let debit: i64 = lines.iter().map(|l| cents(&l.debit)).sum();
    let credit: i64 = lines.iter().map(|l| cents(&l.credit)).sum();
    assert_eq!(debit, credit);
    assert!(
        lines
            .iter()
            .all(|l| l.debit.is_empty() != l.credit.is_empty())
    );
    let deposit_cash = lines
        .iter()
        .find(|l| {
            l.reference == format!("deposit:{}", d1.deposit_id) && l.account_kind == "player_cash"
        })
        .unwrap();
    assert_eq!(
        (deposit_cash.credit.as_str(), deposit_cash.debit.as_str()),
        ("25.00", "")
    );
    let csv = journal_csv(&lines);
    assert!(csv.starts_with("transaction_id,created_at,account,account_kind,owner_id,debit,credit,currency,kind,reference\r\n"));
    assert_eq!(csv.lines().count(), 9);
    assert!(
        daily_journal(db, today - Duration::days(1))
            .await
            .unwrap()
            .is_empty()
    );

    let clean = reconcile_day(db, today).await.unwrap();
    assert!(clean.balanced(), "{:?}", clean.mismatches);
    assert_eq!(clean.payments_checked, 3);
    assert_eq!(clean.totals[0].confirmed_deposits, "30.50");
    assert_eq!(clean.totals[0].confirmed_withdrawals, "10.00");
    assert_eq!(clean.totals[0].posted_psp_clearing, "-20.50");
    assert_eq!(clean.totals[0].expected_psp_clearing, "-20.50");

    // The provider says the first deposit was 26.00; and it confirms a
    // deposit the ledger never saw.
    let row = entity::payments::Entity::find_by_id(d1.deposit_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut changed: entity::payments::ActiveModel = row.clone().into();
    changed.amount = Set(2600);
    changed.update(db).await.unwrap();
    let ghost = Uuid::now_v7();
    let now = Utc::now();
    entity::payments::ActiveModel {
        id: Set(ghost),
        player_id: Set(p),
        direction: Set("deposit".to_owned()),
        provider: Set("sandbox".to_owned()),
        provider_reference: Set(Some("psp-ghost".to_owned())),
        status: Set("completed".to_owned()),
        amount: Set(700),
        currency: Set("EUR".to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        completed_at: Set(Some(now)),
    }
    .insert(db)
    .await
    .unwrap();

    let report = reconcile_day(db, today).await.unwrap();
    assert!(!report.balanced());
    assert_eq!(report.mismatches.len(), 2, "{:?}", report.mismatches);
    let amount = report
        .mismatches
        .iter()
        .find(|m| m.payment_id == Some(d1.deposit_id))
        .unwrap();
    assert_eq!(amount.reason, MismatchReason::AmountMismatch);
    assert_eq!(
        (amount.expected.as_str(), amount.posted.as_str()),
        ("-26.00", "-25.00")
    );
    let missing = report
        .mismatches
        .iter()
        .find(|m| m.payment_id == Some(ghost))
        .unwrap();
    assert_eq!(missing.reason, MismatchReason::MissingPosting);
    assert_eq!(missing.posted, "0.00");
    assert!(missing.transaction_ids.is_empty());
}

#[tokio::test]
async fn old_idempotency_keys_are_purged_and_recent_ones_kept() {
    let (_db, engine, clock) = setup_at_t0().await;
    let db = engine.db();
    let p = inserted_player(&engine, "EUR", "verified").await;
    let body = serde_json::json!({"amount": "1.00"});
    // "old" is stored at t0, "new" 200 days later.
    for key in ["old", "new"] {
        if key == "new" {
            clock.advance(Duration::days(200));
        }
        let idem = Idempotency::new(p, key, &body, 201).unwrap();
        engine
            .wallet()
            .deposit(
                p,
                Money::parse("1.00", Currency::EUR).unwrap(),
                "sandbox",
                Some(&idem),
            )
            .await
            .unwrap();
    }

    let cutoff = engine.now() - Duration::days(180);
    let purged = engine::finance::retention::purge_idempotency_keys(db, cutoff)
        .await
        .unwrap();
    assert_eq!(purged, 1);
    let left = entity::idempotency_keys::Entity::find()
        .all(db)
        .await
        .unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].key, "new");
    // The money the purged key moved stays in the ledger.
    assert_eq!(
        engine.wallet().balances(p).await.unwrap().cash.to_string(),
        "2.00"
    );
}
