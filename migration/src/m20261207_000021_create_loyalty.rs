//! The loyalty programme: its definition, each player's tier, the store,
//! redemptions and loyalty cards (the points and coins ledgers are
//! `loyalty_accounts` and `loyalty_entries`, migration 000016).
//!
//! - `loyalty_programme`: one current row (`id` = 1) with the validated
//!   programme as JSON and who set it when.
//! - `loyalty_tiers`: a player's tier state: the tier held and since when,
//!   when the player fell below its threshold (the downgrade grace runs
//!   from then), and a manager's override (tier, until, author).
//! - `loyalty_store_items`: what the store offers: prices in points and/or
//!   coins, the reward as JSON, the stock and what is left of it (null:
//!   unlimited; decremented with a guarded update `stock_left > 0`), the
//!   lowest tier that may redeem it.
//! - `loyalty_redemptions`: one row per redemption, unique by (player,
//!   idempotency key), inserted in the transaction that spends and grants.
//! - `loyalty_cards`: card numbers (16 digits with a Luhn check digit),
//!   unique, one per player.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LoyaltyProgramme::Table)
                    .if_not_exists()
                    .col(integer(LoyaltyProgramme::Id).primary_key())
                    .col(text(LoyaltyProgramme::Spec))
                    .col(string_len(LoyaltyProgramme::Currency, 3))
                    .col(boolean(LoyaltyProgramme::Demo).default(false))
                    .col(uuid_null(LoyaltyProgramme::UpdatedBy))
                    .col(timestamp_with_time_zone(LoyaltyProgramme::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoyaltyTiers::Table)
                    .if_not_exists()
                    .col(pk_uuid(LoyaltyTiers::PlayerId))
                    .col(string_len(LoyaltyTiers::Tier, 50))
                    .col(timestamp_with_time_zone(LoyaltyTiers::Since))
                    .col(timestamp_with_time_zone_null(LoyaltyTiers::BelowSince))
                    .col(string_len_null(LoyaltyTiers::OverrideTier, 50))
                    .col(timestamp_with_time_zone_null(LoyaltyTiers::OverrideUntil))
                    .col(uuid_null(LoyaltyTiers::OverrideBy))
                    .col(timestamp_with_time_zone(LoyaltyTiers::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_loyalty_tiers_tier",
            LoyaltyTiers::Table,
            &[LoyaltyTiers::Tier],
            false,
        )
        .await?;
        index(
            manager,
            "idx_loyalty_tiers_below",
            LoyaltyTiers::Table,
            &[LoyaltyTiers::BelowSince],
            false,
        )
        .await?;
        index(
            manager,
            "idx_loyalty_tiers_override",
            LoyaltyTiers::Table,
            &[LoyaltyTiers::OverrideUntil],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoyaltyStoreItems::Table)
                    .if_not_exists()
                    .col(pk_uuid(LoyaltyStoreItems::Id))
                    .col(string_len(LoyaltyStoreItems::Name, 200))
                    .col(big_integer_null(LoyaltyStoreItems::CostPoints))
                    .col(big_integer_null(LoyaltyStoreItems::CostCoins))
                    .col(text(LoyaltyStoreItems::Reward))
                    .col(string_len(LoyaltyStoreItems::Currency, 3))
                    .col(big_integer_null(LoyaltyStoreItems::Stock))
                    .col(big_integer_null(LoyaltyStoreItems::StockLeft))
                    .col(string_len_null(LoyaltyStoreItems::MinTier, 50))
                    .col(boolean(LoyaltyStoreItems::Active).default(true))
                    .col(boolean(LoyaltyStoreItems::Demo).default(false))
                    .col(uuid_null(LoyaltyStoreItems::CreatedBy))
                    .col(timestamp_with_time_zone(LoyaltyStoreItems::CreatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_loyalty_store_items_active",
            LoyaltyStoreItems::Table,
            &[LoyaltyStoreItems::Active, LoyaltyStoreItems::CreatedAt],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoyaltyRedemptions::Table)
                    .if_not_exists()
                    .col(pk_uuid(LoyaltyRedemptions::Id))
                    .col(uuid(LoyaltyRedemptions::PlayerId))
                    .col(uuid(LoyaltyRedemptions::ItemId))
                    .col(string_len(LoyaltyRedemptions::IdempotencyKey, 200))
                    .col(big_integer(LoyaltyRedemptions::PointsSpent))
                    .col(big_integer(LoyaltyRedemptions::CoinsSpent))
                    .col(string_len(LoyaltyRedemptions::Status, 16))
                    .col(timestamp_with_time_zone(LoyaltyRedemptions::CreatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_loyalty_redemptions_key",
            LoyaltyRedemptions::Table,
            &[
                LoyaltyRedemptions::PlayerId,
                LoyaltyRedemptions::IdempotencyKey,
            ],
            true,
        )
        .await?;
        index(
            manager,
            "idx_loyalty_redemptions_item",
            LoyaltyRedemptions::Table,
            &[LoyaltyRedemptions::ItemId],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoyaltyCards::Table)
                    .if_not_exists()
                    .col(string_len(LoyaltyCards::CardNumber, 16).primary_key())
                    .col(uuid(LoyaltyCards::PlayerId))
                    .col(timestamp_with_time_zone(LoyaltyCards::CreatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_loyalty_cards_player",
            LoyaltyCards::Table,
            &[LoyaltyCards::PlayerId],
            true,
        )
        .await?;
        // Points issued and redeemed per day read entries by time.
        index(
            manager,
            "idx_loyalty_entries_created",
            LoyaltyEntries::Table,
            &[LoyaltyEntries::CreatedAt],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::util::drop_index(
            manager,
            "idx_loyalty_entries_created",
            LoyaltyEntries::Table,
        )
        .await?;
        for table in [
            LoyaltyCards::Table.into_iden(),
            LoyaltyRedemptions::Table.into_iden(),
            LoyaltyStoreItems::Table.into_iden(),
            LoyaltyTiers::Table.into_iden(),
            LoyaltyProgramme::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum LoyaltyProgramme {
    Table,
    Id,
    Spec,
    Currency,
    Demo,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum LoyaltyTiers {
    Table,
    PlayerId,
    Tier,
    Since,
    BelowSince,
    OverrideTier,
    OverrideUntil,
    OverrideBy,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum LoyaltyStoreItems {
    Table,
    Id,
    Name,
    CostPoints,
    CostCoins,
    Reward,
    Currency,
    Stock,
    StockLeft,
    MinTier,
    Active,
    Demo,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum LoyaltyRedemptions {
    Table,
    Id,
    PlayerId,
    ItemId,
    IdempotencyKey,
    PointsSpent,
    CoinsSpent,
    Status,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum LoyaltyCards {
    Table,
    CardNumber,
    PlayerId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum LoyaltyEntries {
    Table,
    CreatedAt,
}
