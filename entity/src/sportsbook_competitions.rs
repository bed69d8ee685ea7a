//! `sportsbook_competitions`: A competition (league, tournament) within a sport.

use sea_orm::entity::prelude::*;

/// One `sportsbook_competitions` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sportsbook_competitions")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The sport.
    pub sport_id: Uuid,
    /// Display name, unique within the sport.
    pub name: String,
    /// When created.
    pub created_at: DateTimeUtc,
}

/// Relations of `sportsbook_competitions`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
