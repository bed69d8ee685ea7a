//! A bet placed with a free bet names the bonus that paid its stake
//! (`free_bet_id`, `NULL` for a bet staked with the player's money).
//! Settlement reads it to pay the return less the stake and give the stake
//! back to the house; the bet's view shows `free_bet: true`.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(SportsbookBets::Table)
                    .add_column(uuid_null(SportsbookBets::FreeBetId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(SportsbookBets::Table)
                    .drop_column(SportsbookBets::FreeBetId)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum SportsbookBets {
    Table,
    FreeBetId,
}
