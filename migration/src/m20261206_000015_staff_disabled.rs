//! Staff accounts can be disabled: `users.disabled`, false for every
//! existing row. A disabled user cannot log in and their sessions are
//! revoked when they are disabled (engine `staff`); the row stays, so the
//! audit trail keeps naming who acted.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // NOT NULL with a default: SQLite may add such a column in place,
        // and existing rows read as enabled on both databases.
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(boolean(Users::Disabled).default(false))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::Disabled)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    /// True when the account may not log in.
    Disabled,
}
