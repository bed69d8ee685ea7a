//! The routed pages.

pub mod account;
pub mod auth;
pub mod backoffice;
pub mod betslip;
pub mod bonuses;
pub mod campaigns;
pub mod casino;
pub mod casino_admin;
pub mod compliance;
pub mod errors;
pub mod finance;
pub mod leaderboards;
pub mod lobby;
pub mod loyalty;
pub mod player_wallet;
pub mod responsible_gaming;
pub mod sportsbook;
pub mod staff;
pub mod trading;
pub mod venues;
pub mod vip;
pub mod wallet;
