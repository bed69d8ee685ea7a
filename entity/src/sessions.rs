//! `sessions`: one row per issued token (its `jti`), so logout can revoke it.

use sea_orm::entity::prelude::*;

/// One session row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    /// The token's `jti`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// Issue time.
    pub created_at: DateTimeUtc,
    /// Expiry (same as the token's `exp`).
    pub expires_at: DateTimeUtc,
    /// Set by logout.
    pub revoked_at: Option<DateTimeUtc>,
}

/// Relations of `sessions`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
