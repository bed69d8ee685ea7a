//! `venues`: a physical casino's system, allowed to call the venue API.

use sea_orm::entity::prelude::*;

/// One venue.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "venues")]
pub struct Model {
    /// The venue id (`X-Venue-Id`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// The HMAC key as issued (hex); never answered after creation.
    pub secret: String,
    /// Refused like an unknown venue when true.
    pub disabled: bool,
    /// The admin who created it.
    pub created_by: Option<Uuid>,
    /// When it was created.
    pub created_at: DateTimeUtc,
    /// When it was disabled.
    pub disabled_at: Option<DateTimeUtc>,
}

/// Relations of `venues`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
