//! `rg_play_sessions`: one row per login session that played, with its start and the last reality-check acknowledgement.

use sea_orm::entity::prelude::*;

/// One `rg_play_sessions` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rg_play_sessions")]
pub struct Model {
    /// The auth session (token `jti`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub session_id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// When play started in this session.
    pub started_at: DateTimeUtc,
    /// The last acknowledged reality check.
    pub reality_check_ack_at: Option<DateTimeUtc>,
}

/// Relations of `rg_play_sessions`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
