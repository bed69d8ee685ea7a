//! sea-orm entities, one module per table. Plain data: the rules live in
//! `domain`, the transactions in `engine`.

pub mod audit_log;
pub mod outbox;
pub mod processed_events;
pub mod sessions;
pub mod users;
