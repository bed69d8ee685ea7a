//! Stakes take the player's cash first, then bonus money: a bet records
//! the part of its stake that was bonus money (`bonus_stake_minor`, 0 for a
//! cash-only bet) and the bonus row it was taken from first (`bonus_id`),
//! so its return can go back in proportion (bonus part to bonus money
//! while a bonus is active, to cash once it completed, to the house once
//! it was forfeited or expired). A casino provider bet records the same
//! (`bonus_amount`, `bonus_id`) for its win and rollback.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(SportsbookBets::Table)
                    .add_column(big_integer(SportsbookBets::BonusStakeMinor).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(SportsbookBets::Table)
                    .add_column(uuid_null(SportsbookBets::BonusId))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(CasinoTransactions::Table)
                    .add_column(big_integer(CasinoTransactions::BonusAmount).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(CasinoTransactions::Table)
                    .add_column(uuid_null(CasinoTransactions::BonusId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in [
            (
                SportsbookBets::Table.into_iden(),
                SportsbookBets::BonusStakeMinor.into_iden(),
            ),
            (
                SportsbookBets::Table.into_iden(),
                SportsbookBets::BonusId.into_iden(),
            ),
            (
                CasinoTransactions::Table.into_iden(),
                CasinoTransactions::BonusAmount.into_iden(),
            ),
            (
                CasinoTransactions::Table.into_iden(),
                CasinoTransactions::BonusId.into_iden(),
            ),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum SportsbookBets {
    Table,
    BonusStakeMinor,
    BonusId,
}

#[derive(DeriveIden)]
enum CasinoTransactions {
    Table,
    BonusAmount,
    BonusId,
}
