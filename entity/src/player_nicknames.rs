//! `player_nicknames`: the public name a player picked.

use sea_orm::entity::prelude::*;

/// One nickname.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "player_nicknames")]
pub struct Model {
    /// The player.
    #[sea_orm(primary_key, auto_increment = false)]
    pub player_id: Uuid,
    /// As the player wrote it.
    pub nickname: String,
    /// Lower-cased, unique.
    #[sea_orm(unique)]
    pub nickname_key: String,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `player_nicknames`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
