//! `sportsbook_bet_legs`: One leg of a bet: the selection, the odds taken (or the teased line) and its result.

use sea_orm::entity::prelude::*;

/// One `sportsbook_bet_legs` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sportsbook_bet_legs")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The bet.
    pub bet_id: Uuid,
    /// Order within the bet.
    pub position: i32,
    /// The selection.
    pub selection_id: Uuid,
    /// Its market.
    pub market_id: Uuid,
    /// Its event.
    pub event_id: Uuid,
    /// Odds taken (None for teaser legs).
    pub odds: Option<String>,
    /// Odds the player asked for.
    pub requested_odds: Option<String>,
    /// Teased selection line (teaser legs).
    pub line: Option<String>,
    /// The selection's side (teaser legs).
    pub side: Option<String>,
    /// Result once the market settled.
    pub result: Option<String>,
    /// Dead-heat factor of a win.
    pub dead_heat_factor: Option<String>,
    /// Rule 4 deduction of a win.
    pub rule4_deduction: Option<String>,
}

/// Relations of `sportsbook_bet_legs`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
