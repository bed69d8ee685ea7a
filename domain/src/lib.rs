//! Pure rules of Croupier: money, odds, bet expansion and settlement, ledger
//! postings, responsible-gaming limit windows. No I/O, no clock, no async:
//! this crate also compiles to WebAssembly so the betslip computes returns in
//! the browser with the same code the server settles with.

pub mod api;
pub mod betting;
pub mod bonus;
pub mod campaign;
pub mod casino;
pub mod compliance;
pub mod events;
pub mod leaderboard;
pub mod ledger;
pub mod loyalty;
pub mod money;
pub mod reward;
pub mod stats;
pub mod validation;
