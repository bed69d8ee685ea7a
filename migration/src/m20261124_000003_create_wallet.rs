//! The wallet: ledger accounts and their balances, the hash chains, ledger
//! transactions and postings, stored idempotency keys, and payments
//! (deposits and withdrawals through payment providers).
//!
//! Money is `BIGINT` minor units everywhere, never a float or a decimal.
//! Multi-currency from the start: every account and posting names its
//! currency, so an `fx_rates` table and FX conversions (postings through the
//! `fx` account) can come later without touching these tables.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Accounts::Table)
                    .if_not_exists()
                    .col(pk_uuid(Accounts::Id))
                    .col(string_len_uniq(Accounts::AccountKey, 128))
                    .col(uuid_null(Accounts::OwnerId))
                    .col(string_len(Accounts::Kind, 32))
                    .col(string_len(Accounts::Currency, 3))
                    .col(integer(Accounts::Shard).default(0))
                    .col(big_integer(Accounts::Balance).default(0))
                    .col(timestamp_with_time_zone(Accounts::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_accounts_owner")
                    .table(Accounts::Table)
                    .col(Accounts::OwnerId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LedgerChains::Table)
                    .if_not_exists()
                    .col(string_len(LedgerChains::ChainKey, 64).primary_key())
                    .col(big_integer(LedgerChains::Seq).default(0))
                    .col(string_len(LedgerChains::HeadHash, 64).default(""))
                    .col(timestamp_with_time_zone(LedgerChains::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LedgerTransactions::Table)
                    .if_not_exists()
                    .col(pk_uuid(LedgerTransactions::Id))
                    .col(string_len(LedgerTransactions::ChainKey, 64))
                    .col(big_integer(LedgerTransactions::Seq))
                    .col(string_len(LedgerTransactions::Kind, 32))
                    .col(string_len(LedgerTransactions::Reference, 255))
                    .col(string_len_null(LedgerTransactions::IdempotencyScope, 64))
                    .col(string_len_null(LedgerTransactions::IdempotencyKey, 255))
                    .col(timestamp_with_time_zone(LedgerTransactions::CreatedAt))
                    .col(string_len(LedgerTransactions::PrevHash, 64))
                    .col(string_len(LedgerTransactions::Hash, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_ledger_transactions_chain_seq")
                    .table(LedgerTransactions::Table)
                    .col(LedgerTransactions::ChainKey)
                    .col(LedgerTransactions::Seq)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_ledger_transactions_reference")
                    .table(LedgerTransactions::Table)
                    .col(LedgerTransactions::Reference)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LedgerPostings::Table)
                    .if_not_exists()
                    .col(pk_uuid(LedgerPostings::Id))
                    .col(uuid(LedgerPostings::TransactionId))
                    .col(uuid(LedgerPostings::AccountId))
                    .col(big_integer(LedgerPostings::Amount))
                    .col(string_len(LedgerPostings::Currency, 3))
                    .col(big_integer(LedgerPostings::BalanceAfter))
                    .foreign_key(
                        ForeignKey::create()
                            .from(LedgerPostings::Table, LedgerPostings::TransactionId)
                            .to(LedgerTransactions::Table, LedgerTransactions::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LedgerPostings::Table, LedgerPostings::AccountId)
                            .to(Accounts::Table, Accounts::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_ledger_postings_account")
                    .table(LedgerPostings::Table)
                    .col(LedgerPostings::AccountId)
                    .col(LedgerPostings::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_ledger_postings_transaction")
                    .table(LedgerPostings::Table)
                    .col(LedgerPostings::TransactionId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKeys::Table)
                    .if_not_exists()
                    .col(string_len(IdempotencyKeys::Scope, 64))
                    .col(string_len(IdempotencyKeys::Key, 255))
                    .col(string_len(IdempotencyKeys::RequestHash, 64))
                    .col(integer(IdempotencyKeys::ResponseStatus))
                    .col(text(IdempotencyKeys::ResponseBody))
                    .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(IdempotencyKeys::Scope)
                            .col(IdempotencyKeys::Key),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Payments::Table)
                    .if_not_exists()
                    .col(pk_uuid(Payments::Id))
                    .col(uuid(Payments::PlayerId))
                    .col(string_len(Payments::Direction, 16))
                    .col(string_len(Payments::Provider, 32))
                    .col(string_len_null(Payments::ProviderReference, 128))
                    .col(string_len(Payments::Status, 16))
                    .col(big_integer(Payments::Amount))
                    .col(string_len(Payments::Currency, 3))
                    .col(timestamp_with_time_zone(Payments::CreatedAt))
                    .col(timestamp_with_time_zone(Payments::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Payments::CompletedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Payments::Table, Payments::PlayerId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_payments_player")
                    .table(Payments::Table)
                    .col(Payments::PlayerId)
                    .col(Payments::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Payments::Table.into_iden(),
            IdempotencyKeys::Table.into_iden(),
            LedgerPostings::Table.into_iden(),
            LedgerTransactions::Table.into_iden(),
            LedgerChains::Table.into_iden(),
            Accounts::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
    AccountKey,
    OwnerId,
    Kind,
    Currency,
    Shard,
    Balance,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum LedgerChains {
    Table,
    ChainKey,
    Seq,
    HeadHash,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum LedgerTransactions {
    Table,
    Id,
    ChainKey,
    Seq,
    Kind,
    Reference,
    IdempotencyScope,
    IdempotencyKey,
    CreatedAt,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
enum LedgerPostings {
    Table,
    Id,
    TransactionId,
    AccountId,
    Amount,
    Currency,
    BalanceAfter,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Scope,
    Key,
    RequestHash,
    ResponseStatus,
    ResponseBody,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Payments {
    Table,
    Id,
    PlayerId,
    Direction,
    Provider,
    ProviderReference,
    Status,
    Amount,
    Currency,
    CreatedAt,
    UpdatedAt,
    CompletedAt,
}
