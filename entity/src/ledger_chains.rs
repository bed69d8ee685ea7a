//! `ledger_chains`: the head of each hash chain of ledger transactions (one
//! chain per player, one for house-only movements). Locking a chain's row is
//! the first write of every money transaction.

use sea_orm::entity::prelude::*;

/// One chain head.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_chains")]
pub struct Model {
    /// `player:{uuid}` or `house`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub chain_key: String,
    /// Sequence number of the last transaction in the chain (0: empty).
    pub seq: i64,
    /// Hash of the last transaction (empty when the chain is empty).
    pub head_hash: String,
    /// Last append.
    pub updated_at: DateTimeUtc,
}

/// Relations of `ledger_chains`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
