//! sea-orm entities, one module per table. Plain data: the rules live in
//! `domain`, the transactions in `engine`.

pub mod accounts;
pub mod audit_log;
pub mod idempotency_keys;
pub mod ledger_chains;
pub mod ledger_postings;
pub mod ledger_transactions;
pub mod outbox;
pub mod payments;
pub mod processed_events;
pub mod sessions;
pub mod users;
