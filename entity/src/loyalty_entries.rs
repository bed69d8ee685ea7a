//! `loyalty_entries`: the append-only points and coins ledger.

use sea_orm::entity::prelude::*;

/// One entry.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "loyalty_entries")]
pub struct Model {
    /// UUID v7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// `points` or `coins`.
    pub unit: String,
    /// The change (negative for spending).
    pub delta: i64,
    /// The balance after it.
    pub balance_after: i64,
    /// Why, for people.
    pub reason: String,
    /// What caused it, unique per player and unit (an award key, a venue
    /// reference).
    pub reference: Option<String>,
    /// The staff member, for manual adjustments.
    pub author: Option<Uuid>,
    /// When.
    pub created_at: DateTimeUtc,
}

/// Relations of `loyalty_entries`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
