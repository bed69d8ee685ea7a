//! `processed_events`: which consumer handled which event, so consumers are
//! idempotent by event id.

use sea_orm::entity::prelude::*;

/// One handled event.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "processed_events")]
pub struct Model {
    /// Consumer name.
    #[sea_orm(primary_key, auto_increment = false)]
    pub consumer: String,
    /// Event id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub event_id: Uuid,
    /// When it was handled.
    pub processed_at: DateTimeUtc,
}

/// Relations of `processed_events`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
