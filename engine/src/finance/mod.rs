//! Finance: FX rates (imported with their history from the ECB reference
//! rates), conversion of report figures into a reporting currency with the
//! rate recorded next to each figure, and the per-currency summary report.
//! The journal export and the payment reconciliation live with the ledger in
//! [`crate::wallet::export`].
//!
//! Rates: the ECB publishes EUR → X once per business day. A figure of day
//! D converts with the newest rate published on or before D (weekends and
//! holidays use the previous business day); the rate's own day is reported
//! with it. Between two non-EUR currencies the cross rate goes through EUR,
//! using the newest day on which both were published. Every converted figure
//! is rounded once to the reporting currency's minor unit, half to even
//! ([`domain::money::RoundingRule::HalfToEven`]); totals add the rounded
//! figures, so a reader can re-add the rows and get the total.

pub mod ecb;
pub mod report;
pub mod retention;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use domain::money::{Currency, FxRate};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use uuid::Uuid;

use crate::paging::{self, Cursor, Page};
use entity::fx_rates;

/// The `source` of rates from the ECB.
pub const SOURCE_ECB: &str = "ecb";
/// How many published days back a lookup searches before giving up.
const LOOKBACK_ROWS: u64 = 40;
/// Most history rows one request returns.
pub const MAX_HISTORY: u64 = 1_000;

/// Failures of finance commands and reports, mapped to API codes at the
/// edge.
#[derive(Debug, thiserror::Error)]
pub enum FinanceError {
    /// The uploaded rates file is malformed (422 `validation_failed`).
    #[error("{0}")]
    Malformed(#[from] ecb::EcbError),
    /// Input failed validation (422 `validation_failed`).
    #[error("{field}: {message}")]
    Validation {
        /// The offending field.
        field: String,
        /// What is wrong, for people.
        message: String,
    },
    /// No rate to convert with (422 `fx_rate_missing`).
    #[error("no {from}→{to} rate published on or before {day}")]
    RateMissing {
        /// Currency converted from.
        from: Currency,
        /// Currency converted to.
        to: Currency,
        /// The day a rate was needed for.
        day: NaiveDate,
    },
    /// Anything else (database): logged once at the edge.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for FinanceError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Unexpected(e.into())
    }
}

impl FinanceError {
    /// A validation failure of `field`.
    pub fn validation(field: &str, message: &str) -> Self {
        Self::Validation {
            field: field.to_owned(),
            message: message.to_owned(),
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// The source, `ecb`.
    pub source: String,
    /// The days the file held, oldest first.
    pub days: Vec<NaiveDate>,
    /// Rates not seen before.
    pub inserted: u32,
    /// Rates already stored with the same value (a re-import).
    pub unchanged: u32,
    /// Rates already stored for that day with another value, now replaced
    /// (the old value is in the audit log).
    pub corrected: u32,
}

/// One stored rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RateRow {
    /// Currency converted from.
    pub base: String,
    /// Currency converted to.
    pub quote: String,
    /// Units of `quote` per unit of `base`, as published.
    pub rate: String,
    /// The day it was published for.
    pub rate_date: NaiveDate,
    /// Where it came from.
    pub source: String,
    /// When it was imported.
    pub imported_at: chrono::DateTime<Utc>,
    /// Who imported it (None: the scheduled feed).
    pub imported_by: Option<Uuid>,
}

impl From<fx_rates::Model> for RateRow {
    fn from(m: fx_rates::Model) -> Self {
        Self {
            base: m.base,
            quote: m.quote,
            rate: m.rate,
            rate_date: m.rate_date,
            source: m.source,
            imported_at: m.imported_at,
            imported_by: m.imported_by,
        }
    }
}

/// The rate a conversion used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsedRate {
    /// The rate to convert with: as published (EUR → X) when one side is
    /// EUR, else the cross rate from → to through EUR. Use it with
    /// [`domain::money::convert`], which multiplies or divides by direction.
    pub rate: FxRate,
    /// The day of the published rate(s); None for a currency into itself.
    pub rate_date: Option<NaiveDate>,
    /// The source; None for a currency into itself.
    pub source: Option<String>,
}

fn stored_rate(row: &fx_rates::Model) -> Result<Decimal, FinanceError> {
    Decimal::from_str_exact(&row.rate)
        .map_err(|e| anyhow::anyhow!("stored rate {} is not a decimal: {e}", row.id).into())
}

/// Imports an ECB reference-rates document (daily or history file) in one
/// transaction. Idempotent: a day already imported with the same values
/// changes nothing; a different value for a stored day replaces it and the
/// audit log keeps the old one. `actor` is the back-office user (None for
/// the scheduled feed); `at` is the engine's time ([`crate::Engine::now`]),
/// when the rows count as imported.
pub async fn import_ecb(
    db: &DatabaseConnection,
    xml: &str,
    actor: Option<Uuid>,
    at: DateTime<Utc>,
) -> Result<ImportSummary, FinanceError> {
    let rates = ecb::parse(xml)?;
    let mut attempt = 0;
    loop {
        match try_import(db, &rates, actor, at).await {
            // Two imports of the same new day at once: the loser's insert
            // hits the unique index; run again and it finds the rows.
            Err(FinanceError::Unexpected(e)) if attempt < 3 && is_retryable(&e) => {
                attempt += 1;
                crate::wallet::store::backoff(attempt).await;
            }
            other => return other,
        }
    }
}

fn is_retryable(e: &anyhow::Error) -> bool {
    e.downcast_ref::<sea_orm::DbErr>().is_some_and(|db| {
        crate::wallet::store::is_transient(db)
            || matches!(
                db.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            )
    })
}

async fn try_import(
    db: &DatabaseConnection,
    rates: &[ecb::EcbRate],
    actor: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<ImportSummary, FinanceError> {
    let mut days: Vec<NaiveDate> = rates.iter().map(|r| r.day).collect();
    days.sort();
    days.dedup();
    let txn = crate::db::begin_write(db).await?;
    let existing: BTreeMap<(NaiveDate, String), fx_rates::Model> = fx_rates::Entity::find()
        .filter(fx_rates::Column::Source.eq(SOURCE_ECB))
        .filter(fx_rates::Column::Base.eq(Currency::EUR.code()))
        .filter(fx_rates::Column::RateDate.is_in(days.clone()))
        .all(&txn)
        .await?
        .into_iter()
        .map(|m| ((m.rate_date, m.quote.clone()), m))
        .collect();
    let mut summary = ImportSummary {
        source: SOURCE_ECB.to_owned(),
        days: days.clone(),
        inserted: 0,
        unchanged: 0,
        corrected: 0,
    };
    let mut corrections = Vec::new();
    let mut fresh = Vec::new();
    for r in rates {
        match existing.get(&(r.day, r.currency.clone())) {
            Some(row) if stored_rate(row)? == r.value => summary.unchanged += 1,
            Some(row) => {
                corrections.push(serde_json::json!({
                    "day": r.day, "quote": r.currency, "old": row.rate, "new": r.rate,
                }));
                let mut active: fx_rates::ActiveModel = row.clone().into();
                active.rate = Set(r.rate.clone());
                active.imported_at = Set(now);
                active.imported_by = Set(actor);
                active.update(&txn).await?;
                summary.corrected += 1;
            }
            None => {
                fresh.push(fx_rates::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    base: Set(Currency::EUR.code().to_owned()),
                    quote: Set(r.currency.clone()),
                    rate: Set(r.rate.clone()),
                    rate_date: Set(r.day),
                    source: Set(SOURCE_ECB.to_owned()),
                    imported_at: Set(now),
                    imported_by: Set(actor),
                });
                summary.inserted += 1;
            }
        }
    }
    for chunk in fresh.chunks(200) {
        fx_rates::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    if summary.inserted > 0 || summary.corrected > 0 {
        crate::audit::record(
            &txn,
            now,
            actor,
            "fx.import",
            &format!("fx:{SOURCE_ECB}"),
            serde_json::json!({
                "days": summary.days,
                "inserted": summary.inserted,
                "unchanged": summary.unchanged,
                "corrected": summary.corrected,
                "corrections": corrections,
            }),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(summary)
}

/// The rates of the newest imported day (every pair published that day),
/// ordered by quote currency.
pub async fn latest_rates(db: &DatabaseConnection) -> Result<Vec<RateRow>, FinanceError> {
    let Some(newest) = fx_rates::Entity::find()
        .order_by_desc(fx_rates::Column::RateDate)
        .one(db)
        .await?
    else {
        return Ok(Vec::new());
    };
    Ok(fx_rates::Entity::find()
        .filter(fx_rates::Column::RateDate.eq(newest.rate_date))
        .order_by_asc(fx_rates::Column::Base)
        .order_by_asc(fx_rates::Column::Quote)
        .all(db)
        .await?
        .into_iter()
        .map(RateRow::from)
        .collect())
}

/// Stored rates, newest day first, optionally of one quote currency, at
/// most `limit` (capped at [`MAX_HISTORY`]): the first page of
/// [`rate_history_page`].
pub async fn rate_history(
    db: &DatabaseConnection,
    quote: Option<&str>,
    limit: u64,
) -> Result<Vec<RateRow>, FinanceError> {
    Ok(rate_history_page(db, quote, limit, None).await?.items)
}

/// One page of the stored rates, optionally of one quote currency: newest
/// day first, then by quote, base and source currency (and id), at most
/// `limit` (1 to [`MAX_HISTORY`]) after the rate `cursor` names (a
/// `next_cursor` of an earlier page; a malformed one, or one naming no
/// stored rate, is a validation failure on `cursor`).
pub async fn rate_history_page(
    db: &DatabaseConnection,
    quote: Option<&str>,
    limit: u64,
    cursor: Option<&str>,
) -> Result<Page<RateRow>, FinanceError> {
    let after = Cursor::decode_opt(cursor)?;
    let limit = paging::clamp_limit(limit, MAX_HISTORY);
    let mut query = fx_rates::Entity::find();
    if let Some(quote) = quote {
        query = query.filter(fx_rates::Column::Quote.eq(quote));
    }
    if let Some(after) = after {
        let named = fx_rates::Entity::find_by_id(after.id)
            .one(db)
            .await?
            .ok_or(paging::InvalidCursor)?;
        query = query.filter(after_rate(&named));
    }
    let rows = query
        .order_by_desc(fx_rates::Column::RateDate)
        .order_by_asc(fx_rates::Column::Quote)
        .order_by_asc(fx_rates::Column::Base)
        .order_by_asc(fx_rates::Column::Source)
        .order_by_asc(fx_rates::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    Ok(Page::of(
        rows,
        limit,
        |r| Cursor::new(r.rate_date.and_time(NaiveTime::MIN).and_utc(), r.id),
        RateRow::from,
    ))
}

/// Rates after `named` in the history's order: an older day, or the same
/// day and after it by quote, base, source and id.
fn after_rate(named: &fx_rates::Model) -> Condition {
    use fx_rates::Column as C;
    let same_day = C::RateDate.eq(named.rate_date);
    let same_quote = C::Quote.eq(named.quote.clone());
    let same_base = C::Base.eq(named.base.clone());
    let same_source = C::Source.eq(named.source.clone());
    Condition::any()
        .add(C::RateDate.lt(named.rate_date))
        .add(
            Condition::all()
                .add(same_day.clone())
                .add(C::Quote.gt(named.quote.clone())),
        )
        .add(
            Condition::all()
                .add(same_day.clone())
                .add(same_quote.clone())
                .add(C::Base.gt(named.base.clone())),
        )
        .add(
            Condition::all()
                .add(same_day.clone())
                .add(same_quote.clone())
                .add(same_base.clone())
                .add(C::Source.gt(named.source.clone())),
        )
        .add(
            Condition::all()
                .add(same_day)
                .add(same_quote)
                .add(same_base)
                .add(same_source)
                .add(C::Id.gt(named.id)),
        )
}

/// EUR → `quote` rows published on or before `day`, newest first.
async fn eur_rows(
    db: &DatabaseConnection,
    quote: Currency,
    day: NaiveDate,
) -> Result<Vec<fx_rates::Model>, FinanceError> {
    Ok(fx_rates::Entity::find()
        .filter(fx_rates::Column::Source.eq(SOURCE_ECB))
        .filter(fx_rates::Column::Base.eq(Currency::EUR.code()))
        .filter(fx_rates::Column::Quote.eq(quote.code()))
        .filter(fx_rates::Column::RateDate.lte(day))
        .order_by_desc(fx_rates::Column::RateDate)
        .limit(LOOKBACK_ROWS)
        .all(db)
        .await?)
}

/// The rate to convert `from` → `to` for a figure of `day` (see the module
/// documentation for which rate that is); `RateMissing` when none is stored.
pub async fn rate_for(
    db: &DatabaseConnection,
    from: Currency,
    to: Currency,
    day: NaiveDate,
) -> Result<UsedRate, FinanceError> {
    let missing = || FinanceError::RateMissing { from, to, day };
    let invalid = |e: domain::money::MoneyError| FinanceError::Unexpected(anyhow::anyhow!("{e}"));
    if from == to {
        return Ok(UsedRate {
            rate: FxRate::new(from, to, Decimal::ONE).map_err(invalid)?,
            rate_date: None,
            source: None,
        });
    }
    let used = |rate: FxRate, date: NaiveDate| UsedRate {
        rate,
        rate_date: Some(date),
        source: Some(SOURCE_ECB.to_owned()),
    };
    if from == Currency::EUR || to == Currency::EUR {
        let other = if from == Currency::EUR { to } else { from };
        let row = eur_rows(db, other, day)
            .await?
            .into_iter()
            .next()
            .ok_or_else(missing)?;
        // Kept as published (EUR → other): `convert` divides for the other
        // direction, which is exact where a stored inverse would not be.
        let eur_rate = FxRate::new(Currency::EUR, other, stored_rate(&row)?).map_err(invalid)?;
        return Ok(used(eur_rate, row.rate_date));
    }
    let from_rows = eur_rows(db, from, day).await?;
    let to_rows: BTreeMap<NaiveDate, fx_rates::Model> = eur_rows(db, to, day)
        .await?
        .into_iter()
        .map(|r| (r.rate_date, r))
        .collect();
    let (a, b) = from_rows
        .iter()
        .find_map(|a| to_rows.get(&a.rate_date).map(|b| (a, b)))
        .ok_or_else(missing)?;
    let eur_from = FxRate::new(Currency::EUR, from, stored_rate(a)?).map_err(invalid)?;
    let eur_to = FxRate::new(Currency::EUR, to, stored_rate(b)?).map_err(invalid)?;
    Ok(used(
        FxRate::cross(&eur_from, &eur_to).map_err(invalid)?,
        a.rate_date,
    ))
}
