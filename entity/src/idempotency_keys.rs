//! `idempotency_keys`: the outcome of every money-moving request that came
//! with an `Idempotency-Key`, stored with its effect, so a replay answers the
//! same and has no second effect.

use sea_orm::entity::prelude::*;

/// One stored key.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_keys")]
pub struct Model {
    /// Whose key: the calling user's id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope: String,
    /// The key as sent (1 to 255 characters).
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// SHA-256 (hex) of the request (method, path, body).
    pub request_hash: String,
    /// HTTP status of the first answer.
    pub response_status: i32,
    /// JSON body of the first answer.
    pub response_body: String,
    /// When it was stored.
    pub created_at: DateTimeUtc,
}

/// Relations of `idempotency_keys`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
