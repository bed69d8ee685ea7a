//! `rg_activity`: stakes and winnings recorded by the sportsbook and casino in their own transactions, for loss and wager limits, loss alerts and reality checks.

use sea_orm::entity::prelude::*;

/// One `rg_activity` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rg_activity")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// `stake` or `winnings`.
    pub kind: String,
    /// Minor units, positive.
    pub amount_minor: i64,
    /// What it belongs to, e.g. `bet:{id}`.
    pub reference: String,
    /// When.
    pub at: DateTimeUtc,
}

/// Relations of `rg_activity`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
