//! `rg_loss_alerts`: net-loss alerts raised when a threshold set by the player or the operator was crossed.

use sea_orm::entity::prelude::*;

/// One `rg_loss_alerts` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rg_loss_alerts")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// `player` or `operator`: whose threshold.
    pub source: String,
    /// The rolling window: `day`, `week` or `month`.
    pub period: String,
    /// The threshold crossed, minor units.
    pub threshold_minor: i64,
    /// The net loss in the window when raised, minor units.
    pub net_loss_minor: i64,
    /// The player's currency.
    pub currency: String,
    /// When raised.
    pub created_at: DateTimeUtc,
}

/// Relations of `rg_loss_alerts`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
