//! A looser session time limit (longer, shorter break or none) waits out a
//! 24-hour cooling-off like a raised money limit: the pending change and
//! when it applies live beside the current limit in `rg_settings`.
//!
//! One column per `ALTER TABLE`, as SQLite requires.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            integer_null(RgSettings::PendingSessionLimitMinutes),
            integer_null(RgSettings::PendingSessionBreakMinutes),
            timestamp_with_time_zone_null(RgSettings::PendingSessionLimitAt),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(RgSettings::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            RgSettings::PendingSessionLimitAt,
            RgSettings::PendingSessionBreakMinutes,
            RgSettings::PendingSessionLimitMinutes,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(RgSettings::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum RgSettings {
    Table,
    /// The pending session limit, minutes; `NULL` with a pending time means
    /// the limit is being removed.
    PendingSessionLimitMinutes,
    /// The pending break, minutes.
    PendingSessionBreakMinutes,
    /// When the pending change applies; `NULL` when none is pending.
    PendingSessionLimitAt,
}
