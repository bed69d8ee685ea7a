//! Indexes for settling big markets.
//!
//! - The outbox dispatcher reads the oldest undelivered rows
//!   (`published_at IS NULL ORDER BY id LIMIT n`). A partial index on `id`
//!   over the undelivered rows alone stays as small as the backlog, whatever
//!   the outbox holds, and matches the query's filter and order, so the
//!   planner never walks the delivered rows (which took hundreds of
//!   milliseconds per poll once a settlement had written a few hundred
//!   thousand events). It replaces the index on `(published_at, id)`, which
//!   every delivery had to update as well.
//! - The index on the bets' `status` goes: every query on bets by status
//!   also names the bets (by id or player), and with few distinct statuses
//!   the planner took it for "the open bets" and filtered a whole market's
//!   worth of rows to flip a window of them; each status change also had to
//!   move its entry.

use sea_orm_migration::prelude::*;

use crate::util::{drop_index, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_unpublished")
                    .if_not_exists()
                    .table(Outbox::Table)
                    .col(Outbox::Id)
                    .and_where(Expr::col(Outbox::PublishedAt).is_null())
                    .to_owned(),
            )
            .await?;
        drop_index(manager, "idx_outbox_pending", Outbox::Table).await?;
        drop_index(manager, "idx_sb_bets_status", SportsbookBets::Table).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        index(
            manager,
            "idx_sb_bets_status",
            SportsbookBets::Table,
            &[SportsbookBets::Status],
            false,
        )
        .await?;
        index(
            manager,
            "idx_outbox_pending",
            Outbox::Table,
            &[Outbox::PublishedAt, Outbox::Id],
            false,
        )
        .await?;
        drop_index(manager, "idx_outbox_unpublished", Outbox::Table).await
    }
}

#[derive(DeriveIden, Clone)]
enum Outbox {
    Table,
    Id,
    PublishedAt,
}

#[derive(DeriveIden, Clone)]
enum SportsbookBets {
    Table,
    Status,
}
