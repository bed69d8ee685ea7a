//! `leaderboard_periods`: one period of a board and, once closed, its
//! frozen standings.

use sea_orm::entity::prelude::*;

/// One period.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "leaderboard_periods")]
pub struct Model {
    /// UUID v7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The board.
    pub leaderboard_id: Uuid,
    /// 1 for the first period, then 2, 3, ...
    pub seq: i32,
    /// Inclusive.
    pub starts_at: DateTimeUtc,
    /// Exclusive.
    pub ends_at: DateTimeUtc,
    /// `open`, `closing` or `closed`.
    pub status: String,
    /// Players entered.
    pub participants: i64,
    /// The frozen table as JSON, once closing.
    #[sea_orm(column_type = "Text", nullable)]
    pub standings: Option<String>,
    /// SHA-256 (hex) of `standings`.
    pub standings_hash: Option<String>,
    /// When the close finished.
    pub closed_at: Option<DateTimeUtc>,
    /// Who closed it (none: the schedule).
    pub closed_by: Option<Uuid>,
    /// When created.
    pub created_at: DateTimeUtc,
}

/// Relations of `leaderboard_periods`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
