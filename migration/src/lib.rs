//! Database schema migrations, applied in order at start-up and by
//! `croupier migrate`. One file per migration: `mYYYYMMDD_NNNNNN_verb_noun.rs`.

pub use sea_orm_migration::prelude::*;

mod m20261124_000001_create_accounts;
mod m20261124_000002_create_events;
mod m20261124_000003_create_wallet;
mod m20261124_000004_create_compliance;
mod m20261124_000005_create_casino;
mod m20261202_000006_create_sportsbook;
mod m20261202_000007_create_fx;
mod m20261202_000008_add_pending_session_limit;
mod m20261203_000009_index_bet_legs_by_market;
mod m20261203_000010_shard_exposure;
mod m20261203_000011_settlement_indexes;
mod m20261203_000012_market_suspended_by;
mod m20261204_000013_postings_without_foreign_keys;
mod m20261205_000014_wallet_guard;
mod m20261206_000015_staff_disabled;
mod m20261206_000016_create_engagement;
mod m20261206_000017_bet_free_bet;
mod m20261206_000018_bet_bonus_stake;
mod m20261206_000020_create_leaderboards;
mod m20261207_000021_create_loyalty;
mod m20261207_000022_create_venues;
mod m20261207_000023_create_vip;
mod m20261207_000024_create_loyalty_cashback;
mod util;

/// The list of every migration, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_create_accounts::Migration),
            Box::new(m20261124_000002_create_events::Migration),
            Box::new(m20261124_000003_create_wallet::Migration),
            Box::new(m20261124_000004_create_compliance::Migration),
            Box::new(m20261124_000005_create_casino::Migration),
            Box::new(m20261202_000006_create_sportsbook::Migration),
            Box::new(m20261202_000007_create_fx::Migration),
            Box::new(m20261202_000008_add_pending_session_limit::Migration),
            Box::new(m20261203_000009_index_bet_legs_by_market::Migration),
            Box::new(m20261203_000010_shard_exposure::Migration),
            Box::new(m20261203_000011_settlement_indexes::Migration),
            Box::new(m20261203_000012_market_suspended_by::Migration),
            Box::new(m20261204_000013_postings_without_foreign_keys::Migration),
            Box::new(m20261205_000014_wallet_guard::Migration),
            Box::new(m20261206_000015_staff_disabled::Migration),
            Box::new(m20261206_000016_create_engagement::Migration),
            Box::new(m20261206_000017_bet_free_bet::Migration),
            Box::new(m20261206_000018_bet_bonus_stake::Migration),
            Box::new(m20261206_000020_create_leaderboards::Migration),
            Box::new(m20261207_000021_create_loyalty::Migration),
            Box::new(m20261207_000023_create_vip::Migration),
            Box::new(m20261207_000022_create_venues::Migration),
            Box::new(m20261207_000024_create_loyalty_cashback::Migration),
        ]
    }
}
