//! Physical casino venues and what their signed requests leave behind.
//!
//! - `venues`: one venue system an admin registered, with its HMAC secret.
//!   The secret is kept as issued (hex) because verifying an HMAC needs
//!   the key itself: a one-way hash, as passwords get, could not check a
//!   signature. It never leaves the engine after the creation answer.
//!   `disabled` venues are refused like unknown ones.
//! - `venue_nonces`: the nonces a venue used, unique per venue (the primary
//!   key), kept for the timestamp window and purged after it
//!   (`idx_venue_nonces_seen` serves the purge).
//! - `venue_operations`: the play and redemption references a venue sent,
//!   unique per (venue, kind, reference), with a fingerprint of the request
//!   and the answer given, so a repeated reference answers the same
//!   numbers and has no second effect.

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
                    .table(Venues::Table)
                    .if_not_exists()
                    .col(pk_uuid(Venues::Id))
                    .col(string_len(Venues::Name, 120))
                    .col(string_len(Venues::Secret, 128))
                    .col(boolean(Venues::Disabled).default(false))
                    .col(uuid_null(Venues::CreatedBy))
                    .col(timestamp_with_time_zone(Venues::CreatedAt))
                    .col(timestamp_with_time_zone_null(Venues::DisabledAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(VenueNonces::Table)
                    .if_not_exists()
                    .col(uuid(VenueNonces::VenueId))
                    .col(string_len(VenueNonces::Nonce, 64))
                    .col(timestamp_with_time_zone(VenueNonces::SeenAt))
                    .primary_key(
                        Index::create()
                            .col(VenueNonces::VenueId)
                            .col(VenueNonces::Nonce),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_venue_nonces_seen",
            VenueNonces::Table,
            &[VenueNonces::SeenAt],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(VenueOperations::Table)
                    .if_not_exists()
                    .col(uuid(VenueOperations::VenueId))
                    .col(string_len(VenueOperations::Kind, 16))
                    .col(string_len(VenueOperations::Reference, 100))
                    .col(string_len(VenueOperations::Fingerprint, 64))
                    .col(uuid(VenueOperations::PlayerId))
                    .col(text(VenueOperations::Answer))
                    .col(timestamp_with_time_zone(VenueOperations::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(VenueOperations::VenueId)
                            .col(VenueOperations::Kind)
                            .col(VenueOperations::Reference),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_index(manager, "idx_venue_nonces_seen", VenueNonces::Table).await?;
        for table in [
            VenueOperations::Table.into_iden(),
            VenueNonces::Table.into_iden(),
            Venues::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Venues {
    Table,
    Id,
    Name,
    Secret,
    Disabled,
    CreatedBy,
    CreatedAt,
    DisabledAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum VenueNonces {
    Table,
    VenueId,
    Nonce,
    SeenAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum VenueOperations {
    Table,
    VenueId,
    Kind,
    Reference,
    Fingerprint,
    PlayerId,
    Answer,
    CreatedAt,
}
