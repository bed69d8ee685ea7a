//! Labelled demo content for a fresh embedded database: one account per
//! role on the `demo.croupier.dev` domain, with a shared demo password, and
//! a demo sportsbook (events flagged `demo`, shown with a "Demo" badge)
//! whose odds a demo feed keeps moving. Only seeded when demo mode is on
//! (see `Settings::demo_enabled`).
//!
//! - `accounts`: the demo logins and the player's opening balance;
//! - `fixtures`: the fixtures demo events are made from;
//! - `simulation` and `pricing`: simulated matches, and the prices
//!   and settlements that come from them;
//! - `catalog`: demo events created, started, rolled over and settled;
//! - `feed`: the demo odds feed that ticks in the background;
//! - `campaigns`: demo marketing campaigns (welcome bonus, A/B test, free
//!   bet, weekly cashback), launched;
//! - `leaderboards`: a demo daily wager race and weekly login-streak board;
//! - `loyalty`: a demo loyalty programme (three tiers), store items and the
//!   demo player's opening points.

mod accounts;
mod campaigns;
mod catalog;
mod feed;
mod fixtures;
mod leaderboards;
mod loyalty;
mod pricing;
mod simulation;

use engine::Engine;

pub use accounts::{
    DEMO_DEPOSIT_KEY, DEMO_LOGINS, DEMO_OPENING_BALANCE_MINOR, DEMO_PASSWORD, DemoLogin,
};
pub use catalog::{DEMO_FEED_ACTOR, has_demo_sportsbook, seed_sportsbook};
pub use feed::{DemoFeed, FeedTick, MOVES_PER_TICK};

/// Seeds the demo accounts, the demo sportsbook and the demo campaigns
/// (idempotent: existing ones are left alone).
pub async fn seed(engine: &Engine) -> anyhow::Result<()> {
    accounts::seed_accounts(engine).await?;
    seed_sportsbook(engine).await?;
    campaigns::seed_campaigns(engine).await?;
    leaderboards::seed_leaderboards(engine).await?;
    loyalty::seed_loyalty(engine).await?;
    Ok(())
}
