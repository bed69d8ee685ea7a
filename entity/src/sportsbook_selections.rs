//! `sportsbook_selections`: A selection of a market with its current odds and, once settled, its result.

use sea_orm::entity::prelude::*;

/// One `sportsbook_selections` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sportsbook_selections")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The market.
    pub market_id: Uuid,
    /// The event (for related-leg checks).
    pub event_id: Uuid,
    /// Display name.
    pub name: String,
    /// `home`/`away`/`over`/`under` in line markets.
    pub side: Option<String>,
    /// Current decimal odds.
    pub odds: String,
    /// `open`, `suspended` or `settled`.
    pub status: String,
    /// Display order.
    pub position: i32,
    /// Settled result code.
    pub result: Option<String>,
    /// Dead-heat factor of a win.
    pub dead_heat_factor: Option<String>,
    /// Rule 4 deduction of a win.
    pub rule4_deduction: Option<String>,
    /// Largest total stake of one bet on this selection (decimal).
    pub max_stake: Option<String>,
    /// Most the book may lose on this selection (decimal); bets beyond are refused.
    pub liability_limit: Option<String>,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `sportsbook_selections`: its market and its event (for
/// joined catalog reads; the schema's foreign keys are in the migrations).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The market the selection belongs to.
    #[sea_orm(
        belongs_to = "super::sportsbook_markets::Entity",
        from = "Column::MarketId",
        to = "super::sportsbook_markets::Column::Id"
    )]
    Market,
    /// The event the selection belongs to.
    #[sea_orm(
        belongs_to = "super::sportsbook_events::Entity",
        from = "Column::EventId",
        to = "super::sportsbook_events::Column::Id"
    )]
    Event,
}

impl Related<super::sportsbook_markets::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Market.def()
    }
}

impl Related<super::sportsbook_events::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Event.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
