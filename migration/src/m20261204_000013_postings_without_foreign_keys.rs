//! Ledger postings without foreign keys on PostgreSQL.
//!
//! Every posting is written by the wallet's one append path, in the same
//! transaction as its ledger transaction, on accounts it has just read.
//! The two foreign keys (posting → transaction, posting → account) made
//! PostgreSQL run a lookup and take a row lock (a WAL record) for each
//! posting: without them the 100,000-bet settlement benchmark (300,000
//! postings) went from about 9.4 s to about 7.3 s. `croupier ledger
//! verify` checks the same thing and more:
//! it fails on a posting outside every transaction and on a posting on an
//! account that does not exist.
//!
//! SQLite keeps them: it cannot drop a constraint without rebuilding the
//! table, and its volumes never needed this.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The constraints as PostgreSQL named them when the table was created.
const TO_TRANSACTION: &str = "ledger_postings_transaction_id_fkey";
const TO_ACCOUNT: &str = "ledger_postings_account_id_fkey";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(());
        }
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "ALTER TABLE \"ledger_postings\" \
                 DROP CONSTRAINT IF EXISTS \"{TO_TRANSACTION}\", \
                 DROP CONSTRAINT IF EXISTS \"{TO_ACCOUNT}\""
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(());
        }
        for (name, column, table, id) in [
            (
                TO_TRANSACTION,
                LedgerPostings::TransactionId,
                LedgerTransactions::Table.into_iden(),
                LedgerTransactions::Id.into_iden(),
            ),
            (
                TO_ACCOUNT,
                LedgerPostings::AccountId,
                Accounts::Table.into_iden(),
                Accounts::Id.into_iden(),
            ),
        ] {
            manager
                .create_foreign_key(
                    ForeignKey::create()
                        .name(name)
                        .from(LedgerPostings::Table, column)
                        .to(table, id)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum LedgerPostings {
    Table,
    TransactionId,
    AccountId,
}

#[derive(DeriveIden)]
enum LedgerTransactions {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}
