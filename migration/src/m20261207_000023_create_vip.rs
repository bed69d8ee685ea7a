//! The VIP console (issue 23).
//!
//! - `vip_profiles`: one row per player a manager has touched: marked VIP
//!   (with who, when and why), the assigned VIP manager. A player without a
//!   row is unmarked and unassigned.
//! - `vip_notes`: free-text notes on a player, with their author.
//! - `vip_tasks`: follow-ups on a player (title, due date, assignee, done).
//! - `vip_checks`: the affordability and harm checks recorded before a
//!   designation (UK Gambling Commission high-value-customer guidance):
//!   affordability evidence, source of funds, markers of harm and the
//!   responsible-gaming state reviewed, an outcome and the evidence.
//!
//! Points and tier overrides live in the loyalty tables, not here.

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
                    .table(VipProfiles::Table)
                    .if_not_exists()
                    .col(pk_uuid(VipProfiles::PlayerId))
                    .col(boolean(VipProfiles::Marked).default(false))
                    .col(uuid_null(VipProfiles::MarkedBy))
                    .col(timestamp_with_time_zone_null(VipProfiles::MarkedAt))
                    .col(text_null(VipProfiles::MarkReason))
                    .col(uuid_null(VipProfiles::ManagerId))
                    .col(timestamp_with_time_zone(VipProfiles::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_vip_profiles_manager",
            VipProfiles::Table,
            &[VipProfiles::ManagerId],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(VipNotes::Table)
                    .if_not_exists()
                    .col(pk_uuid(VipNotes::Id))
                    .col(uuid(VipNotes::PlayerId))
                    .col(text(VipNotes::Body))
                    .col(uuid(VipNotes::AuthorId))
                    .col(timestamp_with_time_zone(VipNotes::CreatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_vip_notes_player",
            VipNotes::Table,
            &[VipNotes::PlayerId, VipNotes::CreatedAt],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(VipTasks::Table)
                    .if_not_exists()
                    .col(pk_uuid(VipTasks::Id))
                    .col(uuid(VipTasks::PlayerId))
                    .col(string_len(VipTasks::Title, 200))
                    .col(timestamp_with_time_zone_null(VipTasks::DueAt))
                    .col(boolean(VipTasks::Done).default(false))
                    .col(timestamp_with_time_zone_null(VipTasks::DoneAt))
                    .col(uuid_null(VipTasks::AssigneeId))
                    .col(uuid(VipTasks::AuthorId))
                    .col(timestamp_with_time_zone(VipTasks::CreatedAt))
                    .col(timestamp_with_time_zone(VipTasks::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_vip_tasks_player",
            VipTasks::Table,
            &[VipTasks::PlayerId, VipTasks::CreatedAt],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(VipChecks::Table)
                    .if_not_exists()
                    .col(pk_uuid(VipChecks::Id))
                    .col(uuid(VipChecks::PlayerId))
                    .col(boolean(VipChecks::AffordabilityReviewed))
                    .col(boolean(VipChecks::SourceOfFundsVerified))
                    .col(boolean(VipChecks::HarmMarkersReviewed))
                    .col(boolean(VipChecks::RgStateReviewed))
                    .col(string_len(VipChecks::Outcome, 16))
                    .col(text(VipChecks::Evidence))
                    .col(uuid(VipChecks::AuthorId))
                    .col(timestamp_with_time_zone(VipChecks::CreatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_vip_checks_player",
            VipChecks::Table,
            &[VipChecks::PlayerId, VipChecks::CreatedAt],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_index(manager, "idx_vip_checks_player", VipChecks::Table).await?;
        drop_index(manager, "idx_vip_tasks_player", VipTasks::Table).await?;
        drop_index(manager, "idx_vip_notes_player", VipNotes::Table).await?;
        drop_index(manager, "idx_vip_profiles_manager", VipProfiles::Table).await?;
        for table in [
            VipChecks::Table.into_iden(),
            VipTasks::Table.into_iden(),
            VipNotes::Table.into_iden(),
            VipProfiles::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum VipProfiles {
    Table,
    PlayerId,
    Marked,
    MarkedBy,
    MarkedAt,
    MarkReason,
    ManagerId,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum VipNotes {
    Table,
    Id,
    PlayerId,
    Body,
    AuthorId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum VipTasks {
    Table,
    Id,
    PlayerId,
    Title,
    DueAt,
    Done,
    DoneAt,
    AssigneeId,
    AuthorId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum VipChecks {
    Table,
    Id,
    PlayerId,
    AffordabilityReviewed,
    SourceOfFundsVerified,
    HarmMarkersReviewed,
    RgStateReviewed,
    Outcome,
    Evidence,
    AuthorId,
    CreatedAt,
}
