//! `venue_nonces`: a nonce a venue used, unique per venue, kept for the
//! timestamp window.

use sea_orm::entity::prelude::*;

/// One used nonce.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "venue_nonces")]
pub struct Model {
    /// The venue.
    #[sea_orm(primary_key, auto_increment = false)]
    pub venue_id: Uuid,
    /// The nonce as sent (16–64 characters).
    #[sea_orm(primary_key, auto_increment = false)]
    pub nonce: String,
    /// When the request carrying it was accepted.
    pub seen_at: DateTimeUtc,
}

/// Relations of `venue_nonces`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
