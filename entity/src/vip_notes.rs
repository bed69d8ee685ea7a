//! `vip_notes`: a VIP manager's notes on a player.

use sea_orm::entity::prelude::*;

/// One note.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "vip_notes")]
pub struct Model {
    /// UUID v7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// The text.
    pub body: String,
    /// Who wrote it.
    pub author_id: Uuid,
    /// When.
    pub created_at: DateTimeUtc,
}

/// Relations of `vip_notes`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
