//! The engine's integration suite against a real database, as one test
//! binary with a module per service.

mod auth;
mod award_batch;
mod bonus_stakes;
mod casino;
mod common;
mod compliance;
mod db;
mod engagement;
mod events;
mod free_play;
mod fx;
mod leaderboards;
mod loyalty;
mod sportsbook;
mod venues;
mod vip;
mod wallet;
