//! `leaderboards`: one leaderboard or tournament and its definition.

use sea_orm::entity::prelude::*;

/// One board.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "leaderboards")]
pub struct Model {
    /// UUID v7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Shown to players.
    pub name: String,
    /// `wagered`, `net_win`, `biggest_multiplier`, `login_streak`,
    /// `game_diversity` or `points`.
    pub metric: String,
    /// `once`, `daily`, `weekly` or `monthly`.
    pub recurrence: String,
    /// IANA timezone of the periods.
    pub timezone: String,
    /// The validated body as JSON (`LeaderboardSpec`).
    #[sea_orm(column_type = "Text")]
    pub spec: String,
    /// Currency of money scores and prizes (the reporting currency).
    pub currency: String,
    /// Space-separated verticals that score (empty: all).
    pub verticals: String,
    /// Players must join first.
    pub opt_in: bool,
    /// Most players per period.
    pub max_participants: Option<i64>,
    /// Smallest stake that scores, minor units.
    pub min_stake_minor: Option<i64>,
    /// `scheduled`, `live` or `closed`.
    pub status: String,
    /// Seeded demo content.
    pub demo: bool,
    /// Start of the first period.
    pub starts_at: DateTimeUtc,
    /// End of a one-off board.
    pub ends_at: Option<DateTimeUtc>,
    /// Who created it.
    pub created_by: Option<Uuid>,
    /// When created.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `leaderboards`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
