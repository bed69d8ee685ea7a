//! `rg_limit_changes`: the append-only history of limit changes: who, when, old → new and when it takes effect.

use sea_orm::entity::prelude::*;

/// One `rg_limit_changes` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rg_limit_changes")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// Who asked (the player, or staff); None for the system.
    pub actor_id: Option<Uuid>,
    /// `deposit`, `loss` or `wager`.
    pub kind: String,
    /// `day`, `week` or `month`.
    pub period: String,
    /// The amount in force before; None when there was no limit.
    pub old_amount_minor: Option<i64>,
    /// The amount asked for; None for a removal.
    pub new_amount_minor: Option<i64>,
    /// When the new amount takes effect.
    pub effective_at: DateTimeUtc,
    /// When it was asked for.
    pub created_at: DateTimeUtc,
}

/// Relations of `rg_limit_changes`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
