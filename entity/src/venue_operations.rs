//! `venue_operations`: a play or redemption reference a venue sent, with
//! the answer given, so a repeat answers the same.

use sea_orm::entity::prelude::*;

/// One operation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "venue_operations")]
pub struct Model {
    /// The venue.
    #[sea_orm(primary_key, auto_increment = false)]
    pub venue_id: Uuid,
    /// `play` or `redemption`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    /// The venue's reference (1–100 characters).
    #[sea_orm(primary_key, auto_increment = false)]
    pub reference: String,
    /// SHA-256 (hex) of the request's fields, to tell a repeat from a
    /// different request under the same reference.
    pub fingerprint: String,
    /// The player whose card it was.
    pub player_id: Uuid,
    /// The answer given, JSON.
    pub answer: String,
    /// When it was done.
    pub created_at: DateTimeUtc,
}

/// Relations of `venue_operations`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
