//! `outbox`: events written in the same transaction as the change they
//! describe, published to the bus by the dispatcher.

use sea_orm::entity::prelude::*;

/// One outbox row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    /// Event id (UUID v7, so ids sort by creation).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Event kind, e.g. `player.logged_in`.
    pub kind: String,
    /// Websocket/bus topic, e.g. `wallet:{player_id}`.
    pub topic: String,
    /// JSON payload.
    pub payload: String,
    /// When the change committed.
    pub created_at: DateTimeUtc,
    /// When the dispatcher delivered it; None while pending.
    pub published_at: Option<DateTimeUtc>,
    /// Delivery attempts so far.
    pub attempts: i32,
}

/// Relations of `outbox`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
