//! `rg_limits`: a player's responsible-gaming limits, one row per kind and period, with the pending (cooling-off) change.

use sea_orm::entity::prelude::*;

/// One `rg_limits` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rg_limits")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// `deposit`, `loss` or `wager`.
    pub kind: String,
    /// `day`, `week` or `month`.
    pub period: String,
    /// The amount in force, minor units of the player's currency.
    pub amount_minor: i64,
    /// Since when the amount is in force.
    pub effective_at: DateTimeUtc,
    /// True when a change waits for its cooling-off.
    pub pending_set: bool,
    /// The pending amount; None with `pending_set` means a removal.
    pub pending_amount_minor: Option<i64>,
    /// When the pending change takes effect.
    pub pending_effective_at: Option<DateTimeUtc>,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `rg_limits`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
