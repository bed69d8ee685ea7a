//! The engagement half: campaigns, who they reached, the awards they (and
//! leaderboards and the loyalty store) granted, the player's bonuses, and
//! the points and coins ledgers.
//!
//! - `campaigns` keeps the validated definition as JSON (`spec`) beside the
//!   columns the engine filters and guards on: status, trigger, the budget
//!   and what has been spent of it. The award's transaction reserves budget
//!   with one guarded update (`spent_minor + face <= budget_minor`), so no
//!   concurrency can overspend.
//! - `campaign_players` is a player's standing in one campaign: the variant
//!   assigned once (null: the holdout group), the opt-in, how many awards
//!   and the play since assignment (turnover, for the A/B statistics).
//! - `awards` has one row per grant, unique by `award_key`
//!   (`campaign:{id}:{event}`, `leaderboard:{id}:{period}:{rank}`, ...):
//!   a second grant of the same key fails on the index inside the
//!   transaction that would move the money, so it moves nothing.
//! - `bonuses` is what the player sees of each award: kind, status,
//!   wagering, the bonus money still attributed to it, free bet and free
//!   spin details, expiry.
//! - `loyalty_accounts` and `loyalty_entries`: integer ledgers for points
//!   and coins, append-only entries with the running balance and a reason.
//!   A guarded update keeps balances from going below zero.

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
                    .table(Campaigns::Table)
                    .if_not_exists()
                    .col(pk_uuid(Campaigns::Id))
                    .col(string_len(Campaigns::Name, 200))
                    .col(string_len(Campaigns::Status, 16))
                    .col(text(Campaigns::Spec))
                    .col(string_len(Campaigns::Currency, 3))
                    .col(string_len(Campaigns::TriggerEvent, 32))
                    .col(string_len_null(Campaigns::ExclusiveGroup, 100))
                    .col(integer(Campaigns::Priority).default(0))
                    .col(boolean(Campaigns::OptIn).default(false))
                    .col(integer(Campaigns::PerPlayer).default(1))
                    .col(big_integer_null(Campaigns::BudgetMinor))
                    .col(big_integer(Campaigns::SpentMinor).default(0))
                    .col(big_integer(Campaigns::Awards).default(0))
                    .col(big_integer(Campaigns::Participants).default(0))
                    .col(timestamp_with_time_zone_null(Campaigns::StartsAt))
                    .col(timestamp_with_time_zone_null(Campaigns::EndsAt))
                    .col(timestamp_with_time_zone_null(Campaigns::PeriodStartedAt))
                    .col(timestamp_with_time_zone_null(Campaigns::LaunchedAt))
                    .col(uuid_null(Campaigns::CreatedBy))
                    .col(timestamp_with_time_zone(Campaigns::CreatedAt))
                    .col(timestamp_with_time_zone(Campaigns::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_campaigns_status",
            Campaigns::Table,
            &[Campaigns::Status, Campaigns::CreatedAt],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(CampaignPlayers::Table)
                    .if_not_exists()
                    .col(uuid(CampaignPlayers::CampaignId))
                    .col(uuid(CampaignPlayers::PlayerId))
                    .col(integer_null(CampaignPlayers::Variant))
                    .col(boolean(CampaignPlayers::OptedIn).default(false))
                    .col(integer(CampaignPlayers::Awards).default(0))
                    .col(big_integer(CampaignPlayers::TurnoverMinor).default(0))
                    .col(boolean(CampaignPlayers::Converted).default(false))
                    .col(timestamp_with_time_zone(CampaignPlayers::AssignedAt))
                    .primary_key(
                        Index::create()
                            .col(CampaignPlayers::CampaignId)
                            .col(CampaignPlayers::PlayerId),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_campaign_players_player",
            CampaignPlayers::Table,
            &[CampaignPlayers::PlayerId],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Awards::Table)
                    .if_not_exists()
                    .col(pk_uuid(Awards::Id))
                    .col(string_len(Awards::AwardKey, 255))
                    .col(string_len(Awards::Source, 16))
                    .col(uuid_null(Awards::SourceId))
                    .col(uuid(Awards::PlayerId))
                    .col(string_len_null(Awards::Variant, 100))
                    .col(text(Awards::Reward))
                    .col(big_integer(Awards::FaceMinor))
                    .col(string_len(Awards::Currency, 3))
                    .col(uuid_null(Awards::TransactionId))
                    .col(uuid_null(Awards::BonusId))
                    .col(timestamp_with_time_zone(Awards::CreatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_awards_key",
            Awards::Table,
            &[Awards::AwardKey],
            true,
        )
        .await?;
        index(
            manager,
            "idx_awards_source",
            Awards::Table,
            &[Awards::SourceId, Awards::CreatedAt],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Bonuses::Table)
                    .if_not_exists()
                    .col(pk_uuid(Bonuses::Id))
                    .col(uuid(Bonuses::AwardId))
                    .col(uuid(Bonuses::PlayerId))
                    .col(uuid_null(Bonuses::CampaignId))
                    .col(string_len_null(Bonuses::Variant, 100))
                    .col(string_len(Bonuses::Kind, 16))
                    .col(string_len(Bonuses::Status, 16))
                    .col(string_len(Bonuses::Currency, 3))
                    .col(big_integer(Bonuses::AmountMinor))
                    .col(big_integer(Bonuses::BalanceMinor).default(0))
                    .col(big_integer(Bonuses::WageringRequiredMinor).default(0))
                    .col(big_integer(Bonuses::WageringDoneMinor).default(0))
                    .col(integer_null(Bonuses::RoundsLeft))
                    .col(text(Bonuses::Terms))
                    .col(timestamp_with_time_zone_null(Bonuses::ExpiresAt))
                    .col(timestamp_with_time_zone(Bonuses::CreatedAt))
                    .col(timestamp_with_time_zone(Bonuses::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Bonuses::FinishedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_bonuses_player",
            Bonuses::Table,
            &[Bonuses::PlayerId, Bonuses::Status],
            false,
        )
        .await?;
        index(
            manager,
            "idx_bonuses_expiry",
            Bonuses::Table,
            &[Bonuses::Status, Bonuses::ExpiresAt],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(LoyaltyAccounts::Table)
                    .if_not_exists()
                    .col(pk_uuid(LoyaltyAccounts::PlayerId))
                    .col(big_integer(LoyaltyAccounts::Points).default(0))
                    .col(big_integer(LoyaltyAccounts::Coins).default(0))
                    .col(timestamp_with_time_zone(LoyaltyAccounts::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoyaltyEntries::Table)
                    .if_not_exists()
                    .col(pk_uuid(LoyaltyEntries::Id))
                    .col(uuid(LoyaltyEntries::PlayerId))
                    .col(string_len(LoyaltyEntries::Unit, 8))
                    .col(big_integer(LoyaltyEntries::Delta))
                    .col(big_integer(LoyaltyEntries::BalanceAfter))
                    .col(string_len(LoyaltyEntries::Reason, 500))
                    .col(string_len_null(LoyaltyEntries::Reference, 255))
                    .col(uuid_null(LoyaltyEntries::Author))
                    .col(timestamp_with_time_zone(LoyaltyEntries::CreatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_loyalty_entries_player",
            LoyaltyEntries::Table,
            &[LoyaltyEntries::PlayerId, LoyaltyEntries::CreatedAt],
            false,
        )
        .await?;
        index(
            manager,
            "idx_loyalty_entries_reference",
            LoyaltyEntries::Table,
            &[
                LoyaltyEntries::PlayerId,
                LoyaltyEntries::Unit,
                LoyaltyEntries::Reference,
            ],
            true,
        )
        .await?;

        // The campaign engine's catch-up sweep reads recent outbox rows.
        index(
            manager,
            "idx_outbox_created",
            Outbox::Table,
            &[Outbox::CreatedAt],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_index(manager, "idx_outbox_created", Outbox::Table).await?;
        for table in [
            LoyaltyEntries::Table.into_iden(),
            LoyaltyAccounts::Table.into_iden(),
            Bonuses::Table.into_iden(),
            Awards::Table.into_iden(),
            CampaignPlayers::Table.into_iden(),
            Campaigns::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Campaigns {
    Table,
    Id,
    Name,
    Status,
    Spec,
    Currency,
    TriggerEvent,
    ExclusiveGroup,
    Priority,
    OptIn,
    PerPlayer,
    BudgetMinor,
    SpentMinor,
    Awards,
    Participants,
    StartsAt,
    EndsAt,
    PeriodStartedAt,
    LaunchedAt,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CampaignPlayers {
    Table,
    CampaignId,
    PlayerId,
    Variant,
    OptedIn,
    Awards,
    TurnoverMinor,
    Converted,
    AssignedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Awards {
    Table,
    Id,
    AwardKey,
    Source,
    SourceId,
    PlayerId,
    Variant,
    Reward,
    FaceMinor,
    Currency,
    TransactionId,
    BonusId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Bonuses {
    Table,
    Id,
    AwardId,
    PlayerId,
    CampaignId,
    Variant,
    Kind,
    Status,
    Currency,
    AmountMinor,
    BalanceMinor,
    WageringRequiredMinor,
    WageringDoneMinor,
    RoundsLeft,
    Terms,
    ExpiresAt,
    CreatedAt,
    UpdatedAt,
    FinishedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum LoyaltyAccounts {
    Table,
    PlayerId,
    Points,
    Coins,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum LoyaltyEntries {
    Table,
    Id,
    PlayerId,
    Unit,
    Delta,
    BalanceAfter,
    Reason,
    Reference,
    Author,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Outbox {
    Table,
    CreatedAt,
}
