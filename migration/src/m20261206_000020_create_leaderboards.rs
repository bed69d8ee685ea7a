//! Leaderboards and tournaments.
//!
//! - `leaderboards`: one board, its validated definition as JSON (`spec`)
//!   beside the columns the engine filters on (metric, recurrence,
//!   timezone, opt-in, the limits, status).
//! - `leaderboard_periods`: one row per period of a board, unique by
//!   (board, sequence number). `status` moves open → closing → closed with
//!   guarded updates: the update that moves it to `closing` is the claim of
//!   the close, so one close runs per period. `standings` keeps the frozen
//!   table as JSON and `standings_hash` its SHA-256.
//! - `leaderboard_entries`: a player's score in one period, with when the
//!   score was reached (microseconds since the epoch, for ties) and the
//!   login-streak state; `version` counts its changes (the in-memory
//!   ranking applies a row only when it is newer). `participants` on the period counts them, guarded
//!   by the board's maximum.
//! - `leaderboard_marks`: the distinct games and sports a player has
//!   counted in a period (`game_diversity`), one row each.
//! - `player_nicknames`: the public names players pick, unique without
//!   regard to case (`nickname_key` is the lower-cased name).
//!
//! Prizes are `awards` rows (key `leaderboard:{board}:{period}:{rank}`);
//! events already scored are `processed_events` rows.

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
                    .table(Leaderboards::Table)
                    .if_not_exists()
                    .col(pk_uuid(Leaderboards::Id))
                    .col(string_len(Leaderboards::Name, 200))
                    .col(string_len(Leaderboards::Metric, 32))
                    .col(string_len(Leaderboards::Recurrence, 16))
                    .col(string_len(Leaderboards::Timezone, 64))
                    .col(text(Leaderboards::Spec))
                    .col(string_len(Leaderboards::Currency, 3))
                    .col(string_len(Leaderboards::Verticals, 64))
                    .col(boolean(Leaderboards::OptIn).default(false))
                    .col(big_integer_null(Leaderboards::MaxParticipants))
                    .col(big_integer_null(Leaderboards::MinStakeMinor))
                    .col(string_len(Leaderboards::Status, 16))
                    .col(boolean(Leaderboards::Demo).default(false))
                    .col(timestamp_with_time_zone(Leaderboards::StartsAt))
                    .col(timestamp_with_time_zone_null(Leaderboards::EndsAt))
                    .col(uuid_null(Leaderboards::CreatedBy))
                    .col(timestamp_with_time_zone(Leaderboards::CreatedAt))
                    .col(timestamp_with_time_zone(Leaderboards::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_leaderboards_status",
            Leaderboards::Table,
            &[Leaderboards::Status, Leaderboards::CreatedAt],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(LeaderboardPeriods::Table)
                    .if_not_exists()
                    .col(pk_uuid(LeaderboardPeriods::Id))
                    .col(uuid(LeaderboardPeriods::LeaderboardId))
                    .col(integer(LeaderboardPeriods::Seq))
                    .col(timestamp_with_time_zone(LeaderboardPeriods::StartsAt))
                    .col(timestamp_with_time_zone(LeaderboardPeriods::EndsAt))
                    .col(string_len(LeaderboardPeriods::Status, 16))
                    .col(big_integer(LeaderboardPeriods::Participants).default(0))
                    .col(text_null(LeaderboardPeriods::Standings))
                    .col(string_len_null(LeaderboardPeriods::StandingsHash, 64))
                    .col(timestamp_with_time_zone_null(LeaderboardPeriods::ClosedAt))
                    .col(uuid_null(LeaderboardPeriods::ClosedBy))
                    .col(timestamp_with_time_zone(LeaderboardPeriods::CreatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_leaderboard_periods_seq",
            LeaderboardPeriods::Table,
            &[LeaderboardPeriods::LeaderboardId, LeaderboardPeriods::Seq],
            true,
        )
        .await?;
        index(
            manager,
            "idx_leaderboard_periods_status",
            LeaderboardPeriods::Table,
            &[LeaderboardPeriods::Status, LeaderboardPeriods::EndsAt],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(LeaderboardEntries::Table)
                    .if_not_exists()
                    .col(uuid(LeaderboardEntries::PeriodId))
                    .col(uuid(LeaderboardEntries::PlayerId))
                    .col(uuid(LeaderboardEntries::LeaderboardId))
                    .col(big_integer(LeaderboardEntries::Score).default(0))
                    .col(big_integer(LeaderboardEntries::ReachedAt))
                    .col(integer_null(LeaderboardEntries::StreakDay))
                    .col(integer(LeaderboardEntries::Streak).default(0))
                    .col(big_integer(LeaderboardEntries::Version).default(0))
                    .col(timestamp_with_time_zone(LeaderboardEntries::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(LeaderboardEntries::PeriodId)
                            .col(LeaderboardEntries::PlayerId),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_leaderboard_entries_player",
            LeaderboardEntries::Table,
            &[LeaderboardEntries::PlayerId],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(LeaderboardMarks::Table)
                    .if_not_exists()
                    .col(uuid(LeaderboardMarks::PeriodId))
                    .col(uuid(LeaderboardMarks::PlayerId))
                    .col(string_len(LeaderboardMarks::Mark, 120))
                    .primary_key(
                        Index::create()
                            .col(LeaderboardMarks::PeriodId)
                            .col(LeaderboardMarks::PlayerId)
                            .col(LeaderboardMarks::Mark),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PlayerNicknames::Table)
                    .if_not_exists()
                    .col(pk_uuid(PlayerNicknames::PlayerId))
                    .col(string_len(PlayerNicknames::Nickname, 20))
                    .col(string_len(PlayerNicknames::NicknameKey, 20))
                    .col(timestamp_with_time_zone(PlayerNicknames::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_player_nicknames_key",
            PlayerNicknames::Table,
            &[PlayerNicknames::NicknameKey],
            true,
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_index(manager, "idx_player_nicknames_key", PlayerNicknames::Table).await?;
        for table in [
            PlayerNicknames::Table.into_iden(),
            LeaderboardMarks::Table.into_iden(),
            LeaderboardEntries::Table.into_iden(),
            LeaderboardPeriods::Table.into_iden(),
            Leaderboards::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Leaderboards {
    Table,
    Id,
    Name,
    Metric,
    Recurrence,
    Timezone,
    Spec,
    Currency,
    Verticals,
    OptIn,
    MaxParticipants,
    MinStakeMinor,
    Status,
    Demo,
    StartsAt,
    EndsAt,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum LeaderboardPeriods {
    Table,
    Id,
    LeaderboardId,
    Seq,
    StartsAt,
    EndsAt,
    Status,
    Participants,
    Standings,
    StandingsHash,
    ClosedAt,
    ClosedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum LeaderboardEntries {
    Table,
    PeriodId,
    PlayerId,
    LeaderboardId,
    Score,
    ReachedAt,
    StreakDay,
    Streak,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum LeaderboardMarks {
    Table,
    PeriodId,
    PlayerId,
    Mark,
}

#[derive(DeriveIden, Clone, Copy)]
enum PlayerNicknames {
    Table,
    PlayerId,
    Nickname,
    NicknameKey,
    UpdatedAt,
}
