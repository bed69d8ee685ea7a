//! The per-currency summary of one day, converted into the reporting
//! currency with the rate of each row stated next to it.
//!
//! Per currency: the house position at the end of the day (the sum of the
//! sportsbook, casino and bonus-cost house accounts: what the house has won,
//! net of bonuses), the deposits and withdrawals the providers completed that
//! day, and the day's ledger volume (the sum of every credit posting, i.e.
//! all money moved once). Each figure is converted with
//! [`super::rate_for`] and rounded once, half to even.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use domain::ledger::AccountKind;
use domain::money::{Currency, Money, RoundingRule, convert};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, JoinType, QueryFilter, QuerySelect};
use serde::Serialize;
use uuid::Uuid;

use super::{FinanceError, UsedRate, rate_for};
use entity::{accounts, ledger_postings, ledger_transactions, payments};

/// One figure in its own currency and converted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figure {
    /// In the row's currency, a decimal string.
    pub amount: String,
    /// In the reporting currency, a decimal string.
    pub converted: String,
}

/// One currency of the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SummaryRow {
    /// The currency.
    pub currency: String,
    /// House position at the end of the day.
    pub house_position: Figure,
    /// Deposits completed that day.
    pub deposits: Figure,
    /// Withdrawals completed that day.
    pub withdrawals: Figure,
    /// Every credit posting of the day added up.
    pub volume: Figure,
    /// The rate used, e.g. `1.0512` (exact; a cross rate has up to 28
    /// significant digits).
    pub rate: String,
    /// Its direction, `BASE/QUOTE`: one BASE is `rate` QUOTE (e.g.
    /// `EUR/USD`); converting QUOTE into BASE divides.
    pub rate_pair: String,
    /// The day the rate was published for (None: no conversion needed).
    pub rate_date: Option<NaiveDate>,
    /// Where the rate came from (None: no conversion needed).
    pub rate_source: Option<String>,
}

/// The summary report of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurrencySummary {
    /// The day (UTC).
    pub day: NaiveDate,
    /// The currency totals are in.
    pub reporting_currency: String,
    /// How converted figures were rounded.
    pub rounding: String,
    /// One row per currency with accounts or payments, by code.
    pub rows: Vec<SummaryRow>,
    /// Sum of the converted house positions.
    pub total_house_position: String,
    /// Sum of the converted deposits.
    pub total_deposits: String,
    /// Sum of the converted withdrawals.
    pub total_withdrawals: String,
    /// Sum of the converted volumes.
    pub total_volume: String,
}

/// `[start, end)` of a UTC day.
pub fn day_bounds(day: NaiveDate) -> Result<(DateTime<Utc>, DateTime<Utc>), FinanceError> {
    let start = day
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc())
        .ok_or_else(|| FinanceError::validation("date", "Not a valid day."))?;
    let end = day
        .succ_opt()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
        .ok_or_else(|| FinanceError::validation("date", "Not a valid day."))?;
    Ok((start, end))
}

fn posting_to_transaction() -> sea_orm::RelationDef {
    ledger_postings::Entity::belongs_to(ledger_transactions::Entity)
        .from(ledger_postings::Column::TransactionId)
        .to(ledger_transactions::Column::Id)
        .into()
}

/// Totals per currency in minor units.
#[derive(Default, Clone, Copy)]
struct Totals {
    house: i64,
    deposits: i64,
    withdrawals: i64,
    volume: i64,
}

fn add(total: &mut i64, amount: i64) -> Result<(), FinanceError> {
    *total = total
        .checked_add(amount)
        .ok_or_else(|| anyhow::anyhow!("report total overflows"))?;
    Ok(())
}

/// The summary of `day` in `reporting` currency. `RateMissing` names the
/// first currency without a usable rate.
pub async fn currency_summary(
    db: &DatabaseConnection,
    day: NaiveDate,
    reporting: Currency,
) -> Result<CurrencySummary, FinanceError> {
    let (start, end) = day_bounds(day)?;
    let mut totals: BTreeMap<Currency, Totals> = BTreeMap::new();
    let currency = |code: &str| -> Result<Currency, FinanceError> {
        code.parse()
            .map_err(|e| anyhow::anyhow!("stored currency {code}: {e}").into())
    };

    // House position now, minus what moved on the house accounts since the
    // end of the day.
    let house_kinds = [
        AccountKind::HouseSportsbook,
        AccountKind::HouseCasino,
        AccountKind::HouseBonusCost,
    ]
    .map(|k| k.code());
    let mut house_currency: BTreeMap<Uuid, Currency> = BTreeMap::new();
    for account in accounts::Entity::find().all(db).await? {
        let c = currency(&account.currency)?;
        let entry = totals.entry(c).or_default();
        if house_kinds.contains(&account.kind.as_str()) {
            add(&mut entry.house, account.balance)?;
            house_currency.insert(account.id, c);
        }
    }
    if !house_currency.is_empty() {
        let later: Vec<(Uuid, i64)> = ledger_postings::Entity::find()
            .select_only()
            .column(ledger_postings::Column::AccountId)
            .column(ledger_postings::Column::Amount)
            .join(JoinType::InnerJoin, posting_to_transaction())
            .filter(ledger_transactions::Column::CreatedAt.gte(end))
            .filter(ledger_postings::Column::AccountId.is_in(house_currency.keys().copied()))
            .into_tuple()
            .all(db)
            .await?;
        for (account, amount) in later {
            if let Some(c) = house_currency.get(&account) {
                let entry = totals.entry(*c).or_default();
                let undone = amount
                    .checked_neg()
                    .ok_or_else(|| anyhow::anyhow!("posting amount overflows"))?;
                add(&mut entry.house, undone)?;
            }
        }
    }

    let credits: Vec<(String, i64)> = ledger_postings::Entity::find()
        .select_only()
        .column(ledger_postings::Column::Currency)
        .column(ledger_postings::Column::Amount)
        .join(JoinType::InnerJoin, posting_to_transaction())
        .filter(ledger_transactions::Column::CreatedAt.gte(start))
        .filter(ledger_transactions::Column::CreatedAt.lt(end))
        .filter(ledger_postings::Column::Amount.gt(0))
        .into_tuple()
        .all(db)
        .await?;
    for (code, amount) in credits {
        add(
            &mut totals.entry(currency(&code)?).or_default().volume,
            amount,
        )?;
    }

    for p in payments::Entity::find()
        .filter(payments::Column::Status.eq("completed"))
        .filter(payments::Column::CompletedAt.gte(start))
        .filter(payments::Column::CompletedAt.lt(end))
        .all(db)
        .await?
    {
        let entry = totals.entry(currency(&p.currency)?).or_default();
        if p.direction == "deposit" {
            add(&mut entry.deposits, p.amount)?;
        } else {
            add(&mut entry.withdrawals, p.amount)?;
        }
    }

    let mut rows = Vec::with_capacity(totals.len());
    let mut sums = Totals::default();
    let used_currencies: BTreeSet<Currency> = totals.keys().copied().collect();
    for c in used_currencies {
        let t = totals[&c];
        let used: UsedRate = rate_for(db, c, reporting, day).await?;
        let figure = |minor: i64, sum: &mut i64| -> Result<Figure, FinanceError> {
            let money = Money::new(minor, c);
            let converted = convert(money, &used.rate, reporting, RoundingRule::HalfToEven)
                .map_err(|e| anyhow::anyhow!("converting {money} {c}: {e}"))?;
            add(sum, converted.minor())?;
            Ok(Figure {
                amount: money.format_amount(),
                converted: converted.format_amount(),
            })
        };
        rows.push(SummaryRow {
            currency: c.code().to_owned(),
            house_position: figure(t.house, &mut sums.house)?,
            deposits: figure(t.deposits, &mut sums.deposits)?,
            withdrawals: figure(t.withdrawals, &mut sums.withdrawals)?,
            volume: figure(t.volume, &mut sums.volume)?,
            rate: used.rate.rate().to_string(),
            rate_pair: format!("{}/{}", used.rate.base(), used.rate.quote()),
            rate_date: used.rate_date,
            rate_source: used.source.clone(),
        });
    }
    let total = |minor| Money::new(minor, reporting).format_amount();
    Ok(CurrencySummary {
        day,
        reporting_currency: reporting.code().to_owned(),
        rounding: "half_to_even".to_owned(),
        rows,
        total_house_position: total(sums.house),
        total_deposits: total(sums.deposits),
        total_withdrawals: total(sums.withdrawals),
        total_volume: total(sums.volume),
    })
}
