//! `sportsbook_markets`: A market of an event: its kind, line, status and the trader's limits.

use sea_orm::entity::prelude::*;

/// One `sportsbook_markets` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sportsbook_markets")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The event.
    pub event_id: Uuid,
    /// Display name.
    pub name: String,
    /// `match_result`, `moneyline`, `outright`, `asian_handicap`, `spread` or `total`.
    pub kind: String,
    /// The home handicap or the total, for line markets.
    pub line: Option<String>,
    /// `open`, `suspended`, `settled` or `void`.
    pub status: String,
    /// Who suspended it (`trader`, `feed` or `liability`); None unless
    /// suspended. A feed resumes only what a feed suspended.
    pub suspended_by: Option<String>,
    /// Display order.
    pub position: i32,
    /// Largest total stake of one bet on this market (decimal, in the bet's currency).
    pub max_stake: Option<String>,
    /// Liability at which the market suspends itself when `auto_suspend`.
    pub liability_limit: Option<String>,
    /// Suspend when a selection's liability reaches `liability_limit`.
    pub auto_suspend: bool,
    /// Incremented by every settle, resettle and void.
    pub settle_version: i32,
    /// Home score it was settled by.
    pub score_home: Option<i32>,
    /// Away score it was settled by.
    pub score_away: Option<i32>,
    /// Why the trader voided it.
    pub void_reason: Option<String>,
    /// When last settled.
    pub settled_at: Option<DateTimeUtc>,
    /// When created.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `sportsbook_markets`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
