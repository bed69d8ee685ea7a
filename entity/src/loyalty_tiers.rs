//! `loyalty_tiers`: a player's tier state and a manager's override.

use sea_orm::entity::prelude::*;

/// One player's tier state.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "loyalty_tiers")]
pub struct Model {
    /// The player.
    #[sea_orm(primary_key, auto_increment = false)]
    pub player_id: Uuid,
    /// The tier held by points.
    pub tier: String,
    /// Since when.
    pub since: DateTimeUtc,
    /// When the player fell below its threshold (the grace runs from then).
    pub below_since: Option<DateTimeUtc>,
    /// A manager's override.
    pub override_tier: Option<String>,
    /// Until when the override holds.
    pub override_until: Option<DateTimeUtc>,
    /// Who set it.
    pub override_by: Option<Uuid>,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `loyalty_tiers`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
