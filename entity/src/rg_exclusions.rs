//! `rg_exclusions`: time-outs and self-exclusions, append-only (an extension is a new row).

use sea_orm::entity::prelude::*;

/// One `rg_exclusions` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rg_exclusions")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// Who asked (the player, or staff).
    pub actor_id: Option<Uuid>,
    /// `time_out` or `self_exclusion`.
    pub kind: String,
    /// Start.
    pub started_at: DateTimeUtc,
    /// End; None when permanent.
    pub until: Option<DateTimeUtc>,
    /// When it was recorded.
    pub created_at: DateTimeUtc,
}

/// Relations of `rg_exclusions`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
