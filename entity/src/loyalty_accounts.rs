//! `loyalty_accounts`: a player's points and coins balances.

use sea_orm::entity::prelude::*;

/// One player's balances.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "loyalty_accounts")]
pub struct Model {
    /// The player.
    #[sea_orm(primary_key, auto_increment = false)]
    pub player_id: Uuid,
    /// Loyalty points.
    pub points: i64,
    /// Coins.
    pub coins: i64,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `loyalty_accounts`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
