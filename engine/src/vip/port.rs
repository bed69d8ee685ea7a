//! What the VIP console asks of the loyalty programme, in one place:
//! standings, the VIP rules, point adjustments, tier overrides and the
//! programme's reports. Points and tiers live in the loyalty tables only;
//! the console never keeps its own copy.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use domain::api::loyalty::{LoyaltyStatus, PointsFlowDay, TierCount};
use domain::loyalty::VipRules;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::VipError;
use crate::Engine;
use crate::loyalty::{AuditRow, LoyaltyError};
use entity::loyalty_accounts;

/// Maps the loyalty programme's failures onto the console's.
fn from_loyalty(e: LoyaltyError) -> VipError {
    match e {
        LoyaltyError::Validation(fields) => VipError::Validation(fields),
        LoyaltyError::InsufficientPoints => VipError::InsufficientPoints,
        LoyaltyError::NotFound => VipError::NotFound,
        LoyaltyError::SelfExcluded => VipError::SelfExcluded { until: None },
        other => VipError::Unexpected(anyhow::anyhow!("{other}")),
    }
}

/// The player's loyalty standing.
pub(crate) async fn status(engine: &Engine, player: Uuid) -> Result<LoyaltyStatus, VipError> {
    engine.loyalty().status(player).await.map_err(from_loyalty)
}

/// The points balance of each of `players` (absent: zero).
pub(crate) async fn points_of(
    engine: &Engine,
    players: &[Uuid],
) -> Result<HashMap<Uuid, i64>, VipError> {
    let mut out = HashMap::new();
    for chunk in players.chunks(500) {
        let rows: Vec<(Uuid, i64)> = loyalty_accounts::Entity::find()
            .select_only()
            .column(loyalty_accounts::Column::PlayerId)
            .column(loyalty_accounts::Column::Points)
            .filter(loyalty_accounts::Column::PlayerId.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(engine.db())
            .await?;
        out.extend(rows);
    }
    Ok(out)
}

/// The programme's VIP rules (None: no programme or no rules).
pub(crate) async fn vip_rules(engine: &Engine) -> Result<Option<VipRules>, VipError> {
    Ok(engine
        .loyalty()
        .programme()
        .await
        .map_err(from_loyalty)?
        .and_then(|p| p.vip_rules))
}

/// Adds `delta` points (negative removes) with `reason` by `author`, the
/// console's `audit` row in the same transaction; answers the balance
/// after. Below zero → `InsufficientPoints`.
pub(crate) async fn adjust_points(
    engine: &Engine,
    player: Uuid,
    delta: i64,
    reason: &str,
    author: Uuid,
    audit: AuditRow,
) -> Result<i64, VipError> {
    engine
        .loyalty()
        .adjust_points_audited(player, delta, reason, author, audit)
        .await
        .map_err(from_loyalty)
}

/// Holds `tier` for the player until `until`, whatever their points, the
/// console's `audit` row in the same transaction.
pub(crate) async fn set_tier_override(
    engine: &Engine,
    player: Uuid,
    tier: &str,
    until: DateTime<Utc>,
    author: Uuid,
    audit: AuditRow,
) -> Result<(), VipError> {
    engine
        .loyalty()
        .set_tier_override_audited(player, tier, until, author, audit)
        .await
        .map_err(from_loyalty)
}

/// Players per tier, lowest tier first.
pub(crate) async fn tier_distribution(engine: &Engine) -> Result<Vec<TierCount>, VipError> {
    engine
        .loyalty()
        .tier_distribution()
        .await
        .map_err(from_loyalty)
}

/// Points issued and redeemed per UTC day from `from` to `to`, oldest
/// first, one row per day.
pub(crate) async fn points_flow(
    engine: &Engine,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<PointsFlowDay>, VipError> {
    engine
        .loyalty()
        .points_flow(from, to)
        .await
        .map_err(from_loyalty)
}
