//! `sportsbook_events`: An event (match, race) with its start time and status.

use sea_orm::entity::prelude::*;

/// One `sportsbook_events` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sportsbook_events")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The sport.
    pub sport_id: Uuid,
    /// The competition.
    pub competition_id: Uuid,
    /// Display name, e.g. `Home v Away`.
    pub name: String,
    /// Scheduled start.
    pub starts_at: DateTimeUtc,
    /// `scheduled`, `live`, `ended` or `cancelled`.
    pub status: String,
    /// Bets stay open after the start (in-play).
    pub in_play_betting: bool,
    /// In-play bets are accepted after this delay, at the odds then.
    pub bet_delay_ms: i32,
    /// Last known home score.
    pub home_score: Option<i32>,
    /// Last known away score.
    pub away_score: Option<i32>,
    /// Labelled demo content.
    pub demo: bool,
    /// When created.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `sportsbook_events`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
