//! Settlement walks a market's bets in bet id order, a window at a time:
//! an index on `(market_id, bet_id)` of the legs reads each window without
//! sorting the market's legs again. It replaces the index on `market_id`
//! alone, which it covers.

use sea_orm_migration::prelude::*;

use crate::util::{drop_index, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let by_market_bet = [SportsbookBetLegs::MarketId, SportsbookBetLegs::BetId];
        index(
            manager,
            "idx_sb_bet_legs_market_bet",
            SportsbookBetLegs::Table,
            &by_market_bet,
            false,
        )
        .await?;
        drop_index(manager, "idx_sb_bet_legs_market", SportsbookBetLegs::Table).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let by_market = [SportsbookBetLegs::MarketId];
        index(
            manager,
            "idx_sb_bet_legs_market",
            SportsbookBetLegs::Table,
            &by_market,
            false,
        )
        .await?;
        drop_index(
            manager,
            "idx_sb_bet_legs_market_bet",
            SportsbookBetLegs::Table,
        )
        .await
    }
}

#[derive(DeriveIden, Clone)]
enum SportsbookBetLegs {
    Table,
    MarketId,
    BetId,
}
