//! `vip_tasks`: follow-ups a VIP manager keeps on a player.

use sea_orm::entity::prelude::*;

/// One task.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "vip_tasks")]
pub struct Model {
    /// UUID v7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// What to do.
    pub title: String,
    /// When it is due.
    pub due_at: Option<DateTimeUtc>,
    /// Done.
    pub done: bool,
    /// When it was marked done.
    pub done_at: Option<DateTimeUtc>,
    /// Who should do it.
    pub assignee_id: Option<Uuid>,
    /// Who created it.
    pub author_id: Uuid,
    /// When.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `vip_tasks`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
