//! Settlement walks a market's bets in bet id order, a window at a time:
//! an index on `(market_id, bet_id)` of the legs reads each window without
//! sorting the market's legs again. It replaces the index on `market_id`
//! alone, which it covers.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_sb_bet_legs_market_bet")
                    .table(SportsbookBetLegs::Table)
                    .col(SportsbookBetLegs::MarketId)
                    .col(SportsbookBetLegs::BetId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_sb_bet_legs_market")
                    .table(SportsbookBetLegs::Table)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_sb_bet_legs_market")
                    .table(SportsbookBetLegs::Table)
                    .col(SportsbookBetLegs::MarketId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_sb_bet_legs_market_bet")
                    .table(SportsbookBetLegs::Table)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum SportsbookBetLegs {
    Table,
    MarketId,
    BetId,
}
