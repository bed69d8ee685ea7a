//! `vip_profiles`: a player's VIP marking and assigned manager (one row per
//! player a manager has touched).

use sea_orm::entity::prelude::*;

/// One player's VIP profile.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "vip_profiles")]
pub struct Model {
    /// The player.
    #[sea_orm(primary_key, auto_increment = false)]
    pub player_id: Uuid,
    /// Marked VIP by a manager.
    pub marked: bool,
    /// Who marked (or unmarked) last.
    pub marked_by: Option<Uuid>,
    /// When.
    pub marked_at: Option<DateTimeUtc>,
    /// Why.
    pub mark_reason: Option<String>,
    /// The assigned VIP manager.
    pub manager_id: Option<Uuid>,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `vip_profiles`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
