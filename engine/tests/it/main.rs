//! The engine's integration suite against a real database, as one test
//! binary with a module per service.

mod auth;
mod casino;
mod common;
mod compliance;
mod db;
mod engagement;
mod events;
mod free_play;
mod fx;
mod sportsbook;
mod wallet;
