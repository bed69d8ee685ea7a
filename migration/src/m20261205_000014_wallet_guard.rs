//! A guard function for the wallet's one-statement batches on PostgreSQL.
//!
//! A wallet batch whose players' chain heads and balances the engine
//! already knows (from its own last batch for them) runs as one statement
//! in a transaction of its own: it writes, and its last part checks that
//! every chain was still at the head the batch hashed from and that every
//! player balance landed where the batch reckoned. When one was not (the
//! engine's copy was stale: another command or another server wrote
//! meanwhile), `croupier_wallet_guard` raises `CRW01`, the statement and
//! everything it wrote roll back, and the engine runs the batch again the
//! long way (locking and reading first). SQLite does not run that path.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(());
        }
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE OR REPLACE FUNCTION croupier_wallet_guard(ok boolean) RETURNS boolean \
                 LANGUAGE plpgsql VOLATILE AS $$ \
                 BEGIN \
                   IF ok IS NOT TRUE THEN \
                     RAISE EXCEPTION 'a wallet batch met a chain head or balance it did not expect' \
                       USING ERRCODE = 'CRW01'; \
                   END IF; \
                   RETURN true; \
                 END $$",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(());
        }
        manager
            .get_connection()
            .execute_unprepared("DROP FUNCTION IF EXISTS croupier_wallet_guard(boolean)")
            .await?;
        Ok(())
    }
}
