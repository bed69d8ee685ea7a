//! Tier cashback periods (issue 23): `loyalty_cashback_periods`, one row
//! per weekly cashback period (Monday 00:00 UTC to the next Monday) from
//! the first one the loyalty programme was seen in.
//!
//! - `period_start` is unique: every replica creating the same period
//!   finds it there (`ON CONFLICT DO NOTHING`).
//! - `measured_from`: where the net losses of the period are counted from
//!   (its start, or for the very first period the moment the job first
//!   ran, so losses from before the programme are not paid back).
//! - `status` is `open` until every player of the period was paid (each
//!   through the reward grant's award key, so a rerun pays nobody twice),
//!   then `paid` with the players paid and when.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{drop_index, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LoyaltyCashbackPeriods::Table)
                    .if_not_exists()
                    .col(pk_uuid(LoyaltyCashbackPeriods::Id))
                    .col(timestamp_with_time_zone(
                        LoyaltyCashbackPeriods::PeriodStart,
                    ))
                    .col(timestamp_with_time_zone(LoyaltyCashbackPeriods::PeriodEnd))
                    .col(timestamp_with_time_zone(
                        LoyaltyCashbackPeriods::MeasuredFrom,
                    ))
                    .col(string_len(LoyaltyCashbackPeriods::Status, 16))
                    .col(big_integer(LoyaltyCashbackPeriods::Players).default(0))
                    .col(timestamp_with_time_zone_null(
                        LoyaltyCashbackPeriods::PaidAt,
                    ))
                    .col(timestamp_with_time_zone(LoyaltyCashbackPeriods::CreatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_loyalty_cashback_periods_start",
            LoyaltyCashbackPeriods::Table,
            &[LoyaltyCashbackPeriods::PeriodStart],
            true,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_index(
            manager,
            "idx_loyalty_cashback_periods_start",
            LoyaltyCashbackPeriods::Table,
        )
        .await?;
        manager
            .drop_table(
                Table::drop()
                    .table(LoyaltyCashbackPeriods::Table)
                    .if_exists()
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum LoyaltyCashbackPeriods {
    Table,
    Id,
    PeriodStart,
    PeriodEnd,
    MeasuredFrom,
    Status,
    Players,
    PaidAt,
    CreatedAt,
}
