//! Tier cashback: the `cashback_percent` of a player's tier, paid in cash
//! on their net loss of each weekly period.
//!
//! Rules (API.md "Loyalty"):
//! - A period is a week, Monday 00:00 UTC to the next Monday
//!   ([`domain::loyalty::cashback_period`]); it is paid once it is over,
//!   by the chores that also review tiers (every 30 s, on every replica).
//! - Net loss: stakes of bets settled and casino rounds played in the
//!   period minus what they returned, per player and currency, stakes the
//!   house paid (free bets, free spins) left out: the measure campaign
//!   cashback uses (`campaigns::insight::net_losses`).
//! - A player is paid `tier_cashback(net loss, percent)`
//!   ([`domain::loyalty::tier_cashback`]: rounded down, nothing without a
//!   loss) of the tier they hold when the period is paid (normally within
//!   30 s of its end), as a `cashback` reward through the one reward grant
//!   ([`crate::rewards::grant`]): cash from `house_bonus_cost` to
//!   `player_cash` in one ledger transaction, shown among the player's
//!   bonuses. Excluded players are refused by the grant.
//! - Exactly once: the award key `tier-cashback:{player}:{period start}`
//!   is unique, so a rerun, a retry after a crash or a second replica
//!   paying the same period moves nothing twice.
//! - Periods are rows of `loyalty_cashback_periods` (unique start): the
//!   first run with a programme opens the running week, measured from that
//!   moment; later runs open every week that closed since the latest row
//!   (a week missed while no replica ran is paid by the next run), pay
//!   the open periods that are over, oldest first, then mark them `paid`
//!   with a guarded update. A period that ends while no tier offers
//!   cashback is marked paid with nobody paid.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use domain::loyalty::{CASHBACK_PERIOD, Programme, cashback_period, tier_cashback};
use domain::money::{Currency, Money};
use domain::reward::Reward;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::Engine;
use crate::rewards::{self, Grant, Granted, NoGuard, Source};
use entity::{awards, loyalty_cashback_periods as periods};

/// The status of a period not paid yet.
pub const OPEN: &str = "open";
/// The status of a period whose cashback was paid.
pub const PAID: &str = "paid";

/// The award key of `player`'s cashback for the period starting at
/// `period_start`.
pub fn award_key(player: Uuid, period_start: DateTime<Utc>) -> String {
    format!(
        "tier-cashback:{player}:{}",
        period_start.format("%Y-%m-%dT%H:%MZ")
    )
}

/// What one period's payment did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeriodPaid {
    /// The period's start.
    pub period_start: DateTime<Utc>,
    /// Players paid by this run.
    pub players: usize,
    /// Cash paid by this run, minor units per currency.
    pub paid: BTreeMap<Currency, i64>,
}

/// Pays every cashback period over by `now` that is not paid yet (see the
/// module rules); answers how many periods this run marked paid. Safe to
/// run on every replica at once.
pub async fn pay_due(engine: &Engine, now: DateTime<Utc>) -> anyhow::Result<usize> {
    Ok(pay_due_periods(engine, now).await?.len())
}

/// [`pay_due`], answering what each period marked paid by this run paid.
pub async fn pay_due_periods(
    engine: &Engine,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<PeriodPaid>> {
    let Some(programme) = super::programme::current(engine)
        .await
        .map_err(|e| anyhow::anyhow!("reading the loyalty programme: {e}"))?
    else {
        return Ok(Vec::new());
    };
    open_periods(engine, now).await?;
    let due = periods::Entity::find()
        .filter(periods::Column::Status.eq(OPEN))
        .filter(periods::Column::PeriodEnd.lte(now))
        .order_by_asc(periods::Column::PeriodStart)
        .limit(domain::loyalty::MAX_CASHBACK_PERIODS_PER_RUN as u64)
        .all(engine.db())
        .await?;
    let mut out = Vec::new();
    for period in due {
        let paid = pay_period(engine, &programme, &period, now).await?;
        let players = awards::Entity::find()
            .filter(awards::Column::Source.eq("tier_cashback"))
            .filter(awards::Column::SourceId.eq(period.id))
            .count(engine.db())
            .await?;
        let closed = periods::Entity::update_many()
            .col_expr(periods::Column::Status, Expr::value(PAID))
            .col_expr(
                periods::Column::Players,
                Expr::value(i64::try_from(players).unwrap_or(i64::MAX)),
            )
            .col_expr(periods::Column::PaidAt, Expr::value(now))
            .filter(periods::Column::Id.eq(period.id))
            .filter(periods::Column::Status.eq(OPEN))
            .exec(engine.db())
            .await?;
        if closed.rows_affected > 0 {
            out.push(paid);
        }
    }
    if !out.is_empty() {
        engine.events().wake();
    }
    Ok(out)
}

/// Opens the periods the module rules call for (idempotent: the unique
/// start keeps one row per period whoever inserts it).
async fn open_periods(engine: &Engine, now: DateTime<Utc>) -> anyhow::Result<()> {
    let db = engine.db();
    let latest = periods::Entity::find()
        .order_by_desc(periods::Column::PeriodStart)
        .one(db)
        .await?;
    let starts: Vec<(DateTime<Utc>, DateTime<Utc>)> = match &latest {
        // The first period: the running week, measured from now.
        None => vec![(cashback_period(now).0, now)],
        Some(latest) => domain::loyalty::cashback_periods_after(latest.period_start, now)
            .into_iter()
            .map(|start| (start, start))
            .collect(),
    };
    for (start, measured_from) in starts {
        let (start, end) = cashback_period(start);
        let row = periods::ActiveModel {
            id: Set(Uuid::now_v7()),
            period_start: Set(start),
            period_end: Set(end),
            measured_from: Set(measured_from),
            status: Set(OPEN.to_owned()),
            players: Set(0),
            paid_at: Set(None),
            created_at: Set(now),
        };
        periods::Entity::insert(row)
            .on_conflict_do_nothing_on([periods::Column::PeriodStart])
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Pays each player's cashback of `period` (at most once each: the award
/// key); answers what this run paid.
async fn pay_period(
    engine: &Engine,
    programme: &Programme,
    period: &periods::Model,
    now: DateTime<Utc>,
) -> anyhow::Result<PeriodPaid> {
    let mut done = PeriodPaid {
        period_start: period.period_start,
        ..PeriodPaid::default()
    };
    if !programme.pays_cashback() {
        return Ok(done);
    }
    let losses =
        crate::campaigns::insight::net_losses(engine, period.measured_from, period.period_end)
            .await
            .map_err(|e| anyhow::anyhow!("net losses: {e}"))?;
    let week = period.period_start.format("%Y-%m-%d");
    for ((player, currency), loss) in losses {
        if loss <= 0 {
            continue;
        }
        let Ok(currency) = currency.parse::<Currency>() else {
            continue;
        };
        let tier = super::tiers::tier_now(engine.db(), programme, player, now).await?;
        let loss = Money::new(loss, currency);
        let amount = tier_cashback(loss, tier.held.cashback_percent);
        let Some(percent) = tier.held.cashback_percent.filter(|_| amount.is_positive()) else {
            continue;
        };
        // The cap is the amount the tier's rule gives, so the grant pays
        // exactly that and the award shows it as its face value.
        let reward = Reward::Cashback {
            percent,
            max_amount: amount,
            period: CASHBACK_PERIOD,
        };
        let grant = Grant {
            award_key: award_key(player, period.period_start),
            source: Source::TierCashback(period.id),
            variant: None,
            player_id: player,
            reward: &reward,
            currency,
            basis: Some(loss),
            reason: format!(
                "{} tier cashback: {}% of the net loss of the week from {week}",
                tier.held.name,
                percent.normalize()
            ),
        };
        match rewards::grant(engine, &grant, &NoGuard)
            .await
            .map_err(|e| anyhow::anyhow!("granting tier cashback: {e}"))?
        {
            Granted::New { face, .. } => {
                done.players += 1;
                *done.paid.entry(face.currency()).or_default() += face.minor();
            }
            Granted::Already => {}
            Granted::Refused(reason) => {
                tracing::info!(%player, %reason, "tier cashback not paid");
            }
        }
    }
    Ok(done)
}
