//! `leaderboard_entries`: a player's score in one period.

use sea_orm::entity::prelude::*;

/// One entry.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "leaderboard_entries")]
pub struct Model {
    /// The period.
    #[sea_orm(primary_key, auto_increment = false)]
    pub period_id: Uuid,
    /// The player.
    #[sea_orm(primary_key, auto_increment = false)]
    pub player_id: Uuid,
    /// The board.
    pub leaderboard_id: Uuid,
    /// Minor units, a count, a streak or a multiplier × 100.
    pub score: i64,
    /// When the score was reached, microseconds since the epoch.
    pub reached_at: i64,
    /// Login streak: the last local day with a login (days since the epoch).
    pub streak_day: Option<i32>,
    /// Login streak: consecutive days up to `streak_day`.
    pub streak: i32,
    /// Changes so far (newer rows win in memory).
    pub version: i64,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `leaderboard_entries`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
