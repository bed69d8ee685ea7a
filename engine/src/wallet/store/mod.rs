//! The storage primitives every wallet command is built from: opening
//! accounts, locking a chain, applying postings with balance checks,
//! appending a hash-chained ledger transaction, stored idempotency keys, the
//! balance event, and the bounded retry of transient database conflicts.
//!
//! Locking protocol (the same on SQLite and PostgreSQL): the first statement
//! of every money transaction is a write to its chain's row in
//! `ledger_chains`. On PostgreSQL that takes the row lock, so commands on one
//! player run one after another while other players run in parallel; on
//! SQLite it takes the database write lock before anything is read (a
//! deferred transaction that reads first and writes later fails with
//! `SQLITE_BUSY` instead of waiting). Everything after that — the
//! idempotency check, the balance checks, the chain head — is read under the
//! lock. Player balances are then changed with conditional updates
//! (`balance + x >= 0`), house balances last and unconditionally, player
//! rows before house rows and each group in id order, so two transactions
//! never wait on each other in opposite orders.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use domain::ledger::{
    AccountKind, AccountRef, CanonicalTransaction, Posting, TransactionDraft, TransactionKind,
    canonical_transaction_bytes,
};
use domain::money::{Currency, Money};
use sea_orm::Condition;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, Set, SqlErr,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{Balances, Idempotency, WalletError};
use crate::db::Writes;
use entity::{accounts, idempotency_keys, ledger_chains, ledger_postings, ledger_transactions};

/// How many house-account shards each house kind and currency is split
/// into, so concurrent players do not queue on one row.
pub const HOUSE_SHARDS: u32 = 8;
/// Attempts of one command when the database reports a transient conflict.
pub const MAX_ATTEMPTS: u32 = 8;

/// The chain of transactions that touch no player.
pub const HOUSE_CHAIN: &str = "house";

mod account;
mod append;
mod chain;
mod errors;
mod events;
mod idempotency;
mod writes;

pub use account::{
    HouseCache, PlayerAccounts, PlayerCache, account_key, ensure_chain, house_shard,
    player_accounts, player_chain,
};
pub use append::{
    After, Appended, Draft, Leg, append, append_for, append_many, append_many_gathered,
    append_many_guarded, balances_of, micros, player_balances, run_writes, same_balances,
    transaction_hash,
};
pub use chain::{ChainHead, Known, lock_chain, lock_chains, lock_chains_reading};
pub(crate) use errors::with_retry;
pub use errors::{backoff, is_guard_refusal, is_refusal, is_transient, sql_state};
pub use events::{append_and_emit, balances, emit_balance_changed, emit_balances, push_balances};
pub use idempotency::{
    StoredAnswer, find_idempotent, gather_idempotent, idempotency_row, store_idempotent,
    store_idempotent_many, stored_answer, update_idempotent,
};
pub use writes::{GUARDED_CHAINS, guarded_answer};
