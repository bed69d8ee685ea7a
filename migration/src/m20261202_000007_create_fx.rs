//! FX rates with their history, plus the indexes the finance reports need.
//!
//! `fx_rates` keeps every imported rate: one row per source, pair and rate
//! date (the source's publication day), so re-importing a day is idempotent
//! and reports can state exactly which rate and day they used. Rates are
//! exact decimal strings (ECB publishes up to 4 decimals for most pairs;
//! a string keeps whatever precision a source sends, on SQLite and
//! PostgreSQL alike), never floats.
//!
//! Indexes: ledger transactions and payments by time (daily journal and
//! reconciliation), idempotency keys by age (retention purge).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FxRates::Table)
                    .if_not_exists()
                    .col(pk_uuid(FxRates::Id))
                    .col(string_len(FxRates::Base, 3))
                    .col(string_len(FxRates::Quote, 3))
                    .col(string_len(FxRates::Rate, 40))
                    .col(date(FxRates::RateDate))
                    .col(string_len(FxRates::Source, 32))
                    .col(timestamp_with_time_zone(FxRates::ImportedAt))
                    .col(uuid_null(FxRates::ImportedBy))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_fx_rates_pair_day")
                    .table(FxRates::Table)
                    .col(FxRates::Source)
                    .col(FxRates::Base)
                    .col(FxRates::Quote)
                    .col(FxRates::RateDate)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_fx_rates_day")
                    .table(FxRates::Table)
                    .col(FxRates::RateDate)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_ledger_transactions_created")
                    .table(LedgerTransactions::Table)
                    .col(LedgerTransactions::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_payments_completed")
                    .table(Payments::Table)
                    .col(Payments::CompletedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_idempotency_keys_created")
                    .table(IdempotencyKeys::Table)
                    .col(IdempotencyKeys::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            (
                "idx_idempotency_keys_created",
                IdempotencyKeys::Table.into_iden(),
            ),
            ("idx_payments_completed", Payments::Table.into_iden()),
            (
                "idx_ledger_transactions_created",
                LedgerTransactions::Table.into_iden(),
            ),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        manager
            .drop_table(Table::drop().table(FxRates::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum FxRates {
    Table,
    Id,
    Base,
    Quote,
    Rate,
    RateDate,
    Source,
    ImportedAt,
    ImportedBy,
}

#[derive(DeriveIden)]
enum LedgerTransactions {
    Table,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Payments {
    Table,
    CompletedAt,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    CreatedAt,
}
