//! `sportsbook_settlements`: A settle, resettle or void run of a market; pending until every affected bet is paid, so a restart resumes it.

use sea_orm::entity::prelude::*;

/// One `sportsbook_settlements` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sportsbook_settlements")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The market.
    pub market_id: Uuid,
    /// `settle`, `resettle` or `void`.
    pub action: String,
    /// The market's settle version it applies.
    pub version: i32,
    /// `pending` or `done`.
    pub status: String,
    /// Bets paid by this run so far.
    pub bets_settled: i32,
    /// The trader.
    pub actor_id: Option<Uuid>,
    /// When started.
    pub created_at: DateTimeUtc,
    /// When done.
    pub finished_at: Option<DateTimeUtc>,
}

/// Relations of `sportsbook_settlements`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
