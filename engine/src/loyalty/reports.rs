//! Reports for the VIP console: players per tier and points issued versus
//! redeemed per day.
//!
//! Rules:
//! - Tier distribution counts every player with a tier state, by the tier
//!   they hold now (a manager's override while it lasts, else the stored
//!   tier), in the programme's tier order; tiers nobody holds count 0.
//! - Points flow sums the points ledger per UTC day of `[from, to)`:
//!   credits as issued, debits (store, venue, negative adjustments) as
//!   redeemed (a positive number); days without entries answer zeros.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use domain::api::loyalty::{PointsFlowDay, TierCount};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use super::ledger::Unit;
use super::{Loyalty, LoyaltyError};
use entity::{loyalty_entries, loyalty_tiers};

/// Longest points-flow report, in days.
pub const MAX_FLOW_DAYS: i64 = 366;

impl Loyalty<'_> {
    /// Players per tier now (empty without a programme).
    pub async fn tier_distribution(&self) -> Result<Vec<TierCount>, LoyaltyError> {
        let engine = self.engine();
        let Some(programme) = self.programme().await? else {
            return Ok(Vec::new());
        };
        let now = engine.now();
        let rows: Vec<(String, Option<String>, Option<DateTime<Utc>>)> =
            loyalty_tiers::Entity::find()
                .select_only()
                .column(loyalty_tiers::Column::Tier)
                .column(loyalty_tiers::Column::OverrideTier)
                .column(loyalty_tiers::Column::OverrideUntil)
                .into_tuple()
                .all(engine.db())
                .await?;
        let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
        for (tier, over, until) in &rows {
            let held = match (over, until) {
                (Some(o), Some(u)) if *u > now && programme.tier(o).is_some() => o.as_str(),
                _ if programme.tier(tier).is_some() => tier.as_str(),
                _ => programme.tiers[0].name.as_str(),
            };
            *counts.entry(held).or_default() += 1;
        }
        Ok(programme
            .tiers
            .iter()
            .map(|t| TierCount {
                tier: t.name.clone(),
                players: counts.get(t.name.as_str()).copied().unwrap_or(0),
            })
            .collect())
    }

    /// Points issued and redeemed per UTC day from `from` to `to`
    /// (at most [`MAX_FLOW_DAYS`] days, ending at `to`).
    pub async fn points_flow(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<PointsFlowDay>, LoyaltyError> {
        if to <= from {
            return Err(LoyaltyError::field("to", "must be after from"));
        }
        let from = from.max(to - chrono::Duration::days(MAX_FLOW_DAYS));
        let rows: Vec<(DateTime<Utc>, i64)> = loyalty_entries::Entity::find()
            .select_only()
            .column(loyalty_entries::Column::CreatedAt)
            .column(loyalty_entries::Column::Delta)
            .filter(loyalty_entries::Column::Unit.eq(Unit::Points.code()))
            .filter(loyalty_entries::Column::CreatedAt.gte(from))
            .filter(loyalty_entries::Column::CreatedAt.lt(to))
            .into_tuple()
            .all(self.engine().db())
            .await?;
        let mut days: BTreeMap<NaiveDate, (i64, i64)> = BTreeMap::new();
        let mut day = from.date_naive();
        while day <= to.date_naive() {
            days.insert(day, (0, 0));
            day = day.succ_opt().unwrap_or(day);
            if day == NaiveDate::MAX {
                break;
            }
        }
        for (at, delta) in rows {
            let e = days.entry(at.date_naive()).or_default();
            if delta > 0 {
                e.0 = e.0.saturating_add(delta);
            } else {
                e.1 = e.1.saturating_add(delta.saturating_neg());
            }
        }
        Ok(days
            .into_iter()
            .map(|(day, (issued, redeemed))| PointsFlowDay {
                day,
                issued,
                redeemed,
            })
            .collect())
    }
}
