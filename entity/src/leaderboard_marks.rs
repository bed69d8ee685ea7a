//! `leaderboard_marks`: the distinct games and sports a player counted in
//! one period (`game_diversity`).

use sea_orm::entity::prelude::*;

/// One distinct game or sport.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "leaderboard_marks")]
pub struct Model {
    /// The period.
    #[sea_orm(primary_key, auto_increment = false)]
    pub period_id: Uuid,
    /// The player.
    #[sea_orm(primary_key, auto_increment = false)]
    pub player_id: Uuid,
    /// `game:{code}` or `sport:{id}`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub mark: String,
}

/// Relations of `leaderboard_marks`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
