//! `sportsbook_exposure_shards`: Open risk per selection and currency (in shards): stakes and potential payouts of the bets on it.

use sea_orm::entity::prelude::*;

/// One `sportsbook_exposure_shards` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sportsbook_exposure_shards")]
pub struct Model {
    /// The selection.
    #[sea_orm(primary_key, auto_increment = false)]
    pub selection_id: Uuid,
    /// Currency code.
    #[sea_orm(primary_key, auto_increment = false)]
    pub currency: String,
    /// Which of the selection's rows: bets add to their player's shard so
    /// concurrent bets on one selection do not queue on one row; the
    /// selection's figures are the sums over its shards.
    #[sea_orm(primary_key, auto_increment = false)]
    pub shard: i32,
    /// Its market.
    pub market_id: Uuid,
    /// Stakes of singles on this selection, minor units.
    pub single_stakes: i64,
    /// Stakes of every bet with a leg on it, minor units.
    pub stakes: i64,
    /// Potential returns of every bet with a leg on it (worst case), minor units.
    pub payout: i64,
    /// Bets with a leg on it.
    pub bets: i32,
}

/// Relations of `sportsbook_exposure_shards`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
