//! The server's integration suite: one test binary (one link of the whole
//! app instead of one per file, which saves minutes and gigabytes), one
//! module per area of API.md.

mod common;
mod ws;

mod accounts;
mod assets;
mod bonus_stakes;
mod campaigns;
mod cashout;
mod casino;
mod casino_admin;
mod demo_sportsbook;
mod edge;
mod finance;
mod free_play;
mod hub88;
mod leaderboards;
mod live_odds;
mod loyalty;
mod openapi;
mod paging;
mod rbac;
mod realtime;
mod responsible_gaming;
mod sportsbook;
mod sportsbook_risk;
mod staff;
mod typed_bodies;
mod venue;
mod vip;
mod wallet;
