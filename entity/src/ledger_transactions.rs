//! `ledger_transactions`: immutable, hash-chained ledger transactions. Rows
//! are only ever inserted; a correction is a new transaction.

use sea_orm::entity::prelude::*;

/// One ledger transaction.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_transactions")]
pub struct Model {
    /// UUID v7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The chain it belongs to (see `ledger_chains`).
    pub chain_key: String,
    /// Position in the chain, from 1, without gaps.
    pub seq: i64,
    /// `domain::ledger::TransactionKind` code.
    pub kind: String,
    /// Free reference: payment id, bet id, reversed transaction id.
    pub reference: String,
    /// Whose idempotency key produced it, if any.
    pub idempotency_scope: Option<String>,
    /// The idempotency key, if any.
    pub idempotency_key: Option<String>,
    /// When it was written, truncated to the microsecond.
    pub created_at: DateTimeUtc,
    /// Hash of the previous transaction in the chain (empty for the first).
    pub prev_hash: String,
    /// SHA-256 (hex) of the canonical bytes, which include `prev_hash`.
    pub hash: String,
}

/// Relations of `ledger_transactions`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
