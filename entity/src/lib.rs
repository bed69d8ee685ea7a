//! sea-orm entities, one module per table. Plain data: the rules live in
//! `domain`, the transactions in `engine`.

pub mod accounts;
pub mod audit_log;
pub mod casino_games;
pub mod casino_rounds;
pub mod casino_seeds;
pub mod casino_sessions;
pub mod casino_transactions;
pub mod idempotency_keys;
pub mod jurisdictions;
pub mod kyc_submissions;
pub mod ledger_chains;
pub mod ledger_postings;
pub mod ledger_transactions;
pub mod outbox;
pub mod payments;
pub mod processed_events;
pub mod rg_activity;
pub mod rg_exclusions;
pub mod rg_limit_changes;
pub mod rg_limits;
pub mod rg_loss_alerts;
pub mod rg_play_sessions;
pub mod rg_settings;
pub mod sessions;
pub mod users;
