//! The 30-day figures of the VIP console, per player: completed deposits,
//! GGR (stakes minus winnings, sportsbook and casino) and the last play,
//! read in bulk from the tables that already hold them and converted into
//! the reporting currency.
//!
//! Rules:
//! - Deposits are `payments` rows of direction `deposit`, status
//!   `completed`, completed inside the window (what the finance report
//!   counts as completed deposits).
//! - Stakes and winnings are the `rg_activity` rows the sportsbook and the
//!   casino write in their own transactions (what loss limits count), in
//!   the player's wallet currency.
//! - Each currency's total converts once with the reference rate of the
//!   window's last day (half to even); no rate → [`VipError::RateMissing`].

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::compliance::ActivityKind;
use domain::money::{Currency, Money, RoundingRule};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, IdenStatic, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::VipError;
use crate::Engine;
use entity::{payments, rg_activity, users};

/// The window of the figures, in days.
pub const WINDOW_DAYS: i64 = 30;

/// One player's figures, in the reporting currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figures {
    /// Completed deposits in the window.
    pub deposits: Money,
    /// Stakes minus winnings in the window.
    pub ggr: Money,
    /// The last stake or win ever recorded.
    pub last_active_at: Option<DateTime<Utc>>,
}

/// Converts `minor` of `from` into `to` with the rate of `day`.
pub(crate) async fn to_reporting(
    engine: &Engine,
    minor: i64,
    from: Currency,
    day: NaiveDate,
) -> Result<Money, VipError> {
    let to = engine.config().reporting_currency;
    let money = Money::new(minor, from);
    if from == to {
        return Ok(money);
    }
    match crate::finance::rate_for(engine.db(), from, to, day).await {
        Ok(used) => domain::money::convert(money, &used.rate, to, RoundingRule::HalfToEven)
            .map_err(|e| VipError::Unexpected(anyhow::anyhow!("convert: {e}"))),
        Err(crate::finance::FinanceError::RateMissing { from, to, .. }) => {
            Err(VipError::RateMissing {
                from: from.code().to_owned(),
                to: to.code().to_owned(),
            })
        }
        Err(e) => Err(VipError::Unexpected(anyhow::anyhow!("{e}"))),
    }
}

/// The wallet currency of each of `players`.
pub(crate) async fn currencies(
    engine: &Engine,
    players: &[Uuid],
) -> Result<HashMap<Uuid, Currency>, VipError> {
    let rows: Vec<(Uuid, String)> = users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .column(users::Column::Currency)
        .filter(users::Column::Id.is_in(players.iter().copied()))
        .into_tuple()
        .all(engine.db())
        .await?;
    rows.into_iter()
        .map(|(id, code)| {
            let currency = code.parse::<Currency>().map_err(|e| {
                VipError::Unexpected(anyhow::anyhow!("stored currency {code}: {e}"))
            })?;
            Ok((id, currency))
        })
        .collect()
}

/// `SUM(sum)` of `query`'s rows per player (`player`) and `key`, as
/// `(player, key, total)` in minor units, for `players` only.
async fn grouped_sums<E: EntityTrait>(
    engine: &Engine,
    query: sea_orm::Select<E>,
    (player, key, sum): (E::Column, E::Column, E::Column),
    players: &[Uuid],
) -> Result<Vec<(Uuid, String, i64)>, VipError> {
    Ok(query
        .select_only()
        .column(player)
        .column(key)
        .column_as(
            Expr::cust(format!(
                "CAST(COALESCE(SUM({}), 0) AS BIGINT)",
                sum.as_str()
            )),
            "total",
        )
        .filter(player.is_in(players.iter().copied()))
        .group_by(player)
        .group_by(key)
        .into_tuple()
        .all(engine.db())
        .await?)
}

/// Completed deposits since `since` per player and currency, minor units.
async fn deposits(
    engine: &Engine,
    players: &[Uuid],
    since: DateTime<Utc>,
) -> Result<Vec<(Uuid, String, i64)>, VipError> {
    let completed = payments::Entity::find()
        .filter(payments::Column::Direction.eq("deposit"))
        .filter(payments::Column::Status.eq("completed"))
        .filter(payments::Column::CompletedAt.gte(since));
    grouped_sums(
        engine,
        completed,
        (
            payments::Column::PlayerId,
            payments::Column::Currency,
            payments::Column::Amount,
        ),
        players,
    )
    .await
}

/// Stakes and winnings since `since` per player and kind, minor units.
async fn activity(
    engine: &Engine,
    players: &[Uuid],
    since: DateTime<Utc>,
) -> Result<Vec<(Uuid, String, i64)>, VipError> {
    let recent = rg_activity::Entity::find().filter(rg_activity::Column::At.gte(since));
    grouped_sums(
        engine,
        recent,
        (
            rg_activity::Column::PlayerId,
            rg_activity::Column::Kind,
            rg_activity::Column::AmountMinor,
        ),
        players,
    )
    .await
}

/// The last stake or win of each player that played.
async fn last_active(
    engine: &Engine,
    players: &[Uuid],
) -> Result<HashMap<Uuid, DateTime<Utc>>, VipError> {
    let rows: Vec<(Uuid, Option<DateTime<Utc>>)> = rg_activity::Entity::find()
        .select_only()
        .column(rg_activity::Column::PlayerId)
        .column_as(rg_activity::Column::At.max(), "last")
        .filter(rg_activity::Column::PlayerId.is_in(players.iter().copied()))
        .group_by(rg_activity::Column::PlayerId)
        .into_tuple()
        .all(engine.db())
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, at)| at.map(|at| (id, at)))
        .collect())
}

/// Adds `minor` of `currency` to a per-currency total.
fn add(totals: &mut HashMap<(Uuid, Currency), i64>, key: (Uuid, Currency), minor: i64) {
    let total = totals.entry(key).or_default();
    *total = total.saturating_add(minor);
}

/// The figures of each of `players` at `now` (players without activity
/// get zeros).
pub async fn figures(
    engine: &Engine,
    players: &[Uuid],
    now: DateTime<Utc>,
) -> Result<HashMap<Uuid, Figures>, VipError> {
    let reporting = engine.config().reporting_currency;
    let since = now - Duration::days(WINDOW_DAYS);
    let day = now.date_naive();
    let mut out = HashMap::with_capacity(players.len());
    // Chunks keep each IN list within every database's parameter limit.
    for chunk in players.chunks(500) {
        let wallet = currencies(engine, chunk).await?;
        let mut deposit_totals: HashMap<(Uuid, Currency), i64> = HashMap::new();
        for (player, code, minor) in deposits(engine, chunk, since).await? {
            let currency = code.parse::<Currency>().map_err(|e| {
                VipError::Unexpected(anyhow::anyhow!("stored currency {code}: {e}"))
            })?;
            add(&mut deposit_totals, (player, currency), minor);
        }
        let mut ggr_totals: HashMap<(Uuid, Currency), i64> = HashMap::new();
        for (player, kind, minor) in activity(engine, chunk, since).await? {
            let Some(&currency) = wallet.get(&player) else {
                continue;
            };
            let signed = if kind == ActivityKind::Stake.code() {
                minor
            } else if kind == ActivityKind::Winnings.code() {
                -minor
            } else {
                0
            };
            add(&mut ggr_totals, (player, currency), signed);
        }
        let last = last_active(engine, chunk).await?;
        for &player in chunk {
            out.insert(
                player,
                Figures {
                    deposits: Money::new(0, reporting),
                    ggr: Money::new(0, reporting),
                    last_active_at: last.get(&player).copied(),
                },
            );
        }
        for ((player, currency), minor) in deposit_totals {
            let converted = to_reporting(engine, minor, currency, day).await?;
            if let Some(f) = out.get_mut(&player) {
                f.deposits = f.deposits.checked_add(converted).unwrap_or(f.deposits);
            }
        }
        for ((player, currency), minor) in ggr_totals {
            let converted = to_reporting(engine, minor, currency, day).await?;
            if let Some(f) = out.get_mut(&player) {
                f.ggr = f.ggr.checked_add(converted).unwrap_or(f.ggr);
            }
        }
    }
    Ok(out)
}

/// Stakes minus winnings of `players` per UTC day in `[from, to)`, in the
/// reporting currency (each day converted with its own rate).
pub async fn ggr_by_day(
    engine: &Engine,
    players: &[Uuid],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(NaiveDate, Money)>, VipError> {
    let reporting = engine.config().reporting_currency;
    let mut per_day: HashMap<(NaiveDate, Currency), i64> = HashMap::new();
    for chunk in players.chunks(500) {
        let wallet = currencies(engine, chunk).await?;
        let rows: Vec<(Uuid, String, i64, DateTime<Utc>)> = rg_activity::Entity::find()
            .select_only()
            .column(rg_activity::Column::PlayerId)
            .column(rg_activity::Column::Kind)
            .column(rg_activity::Column::AmountMinor)
            .column(rg_activity::Column::At)
            .filter(rg_activity::Column::At.gte(from))
            .filter(rg_activity::Column::At.lt(to))
            .filter(rg_activity::Column::PlayerId.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(engine.db())
            .await?;
        for (player, kind, minor, at) in rows {
            let Some(&currency) = wallet.get(&player) else {
                continue;
            };
            let signed = if kind == ActivityKind::Stake.code() {
                minor
            } else if kind == ActivityKind::Winnings.code() {
                -minor
            } else {
                0
            };
            let total = per_day.entry((at.date_naive(), currency)).or_default();
            *total = total.saturating_add(signed);
        }
    }
    let mut days: Vec<(NaiveDate, Money)> = Vec::new();
    let mut day = from.date_naive();
    while day < to.date_naive() || (day == to.date_naive() && to.time() != chrono::NaiveTime::MIN) {
        let mut total = Money::new(0, reporting);
        for ((d, currency), minor) in per_day.iter().filter(|((d, _), _)| *d == day) {
            let converted = to_reporting(engine, *minor, *currency, *d).await?;
            total = total.checked_add(converted).unwrap_or(total);
        }
        days.push((day, total));
        let Some(next) = day.succ_opt() else { break };
        day = next;
    }
    Ok(days)
}
