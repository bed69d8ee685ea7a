//! The casino: the game catalog (seeded with the Croupier Originals games
//! and their exact RTPs), game sessions (launch tokens), provider
//! transactions (bet, win, rollback; the provider's transaction id is the
//! idempotency key) and rounds (with the provably-fair data of Originals).
//!
//! Money is `BIGINT` minor units; RTPs are decimal strings.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CasinoGames::Table)
                    .if_not_exists()
                    .col(string_len(CasinoGames::GameCode, 128).primary_key())
                    .col(string_len(CasinoGames::Provider, 64))
                    .col(string_len(CasinoGames::Name, 200))
                    .col(string_len(CasinoGames::Category, 32))
                    .col(string_len_null(CasinoGames::Rtp, 32))
                    .col(string_len_null(CasinoGames::Volatility, 32))
                    .col(string_len(CasinoGames::Tags, 1000).default(""))
                    .col(string_len(CasinoGames::Jurisdictions, 1000).default(""))
                    .col(boolean(CasinoGames::Enabled).default(true))
                    .col(timestamp_with_time_zone(CasinoGames::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_casino_games_provider")
                    .table(CasinoGames::Table)
                    .col(CasinoGames::Provider)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CasinoSessions::Table)
                    .if_not_exists()
                    .col(string_len(CasinoSessions::Token, 64).primary_key())
                    .col(uuid(CasinoSessions::PlayerId))
                    .col(uuid(CasinoSessions::AuthSessionId))
                    .col(string_len(CasinoSessions::GameCode, 128))
                    .col(string_len(CasinoSessions::Provider, 64))
                    .col(timestamp_with_time_zone(CasinoSessions::CreatedAt))
                    .col(timestamp_with_time_zone(CasinoSessions::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_casino_sessions_player")
                    .table(CasinoSessions::Table)
                    .col(CasinoSessions::PlayerId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CasinoTransactions::Table)
                    .if_not_exists()
                    .col(pk_uuid(CasinoTransactions::Id))
                    .col(string_len(CasinoTransactions::Provider, 64))
                    .col(string_len(CasinoTransactions::TransactionUuid, 128))
                    .col(string_len(CasinoTransactions::Kind, 16))
                    .col(uuid(CasinoTransactions::PlayerId))
                    .col(string_len(CasinoTransactions::GameCode, 128))
                    .col(string_len(CasinoTransactions::Round, 255))
                    .col(big_integer(CasinoTransactions::Amount))
                    .col(string_len(CasinoTransactions::Currency, 3))
                    .col(string_len_null(
                        CasinoTransactions::ReferenceTransactionUuid,
                        128,
                    ))
                    .col(string_len(CasinoTransactions::Fingerprint, 64))
                    .col(uuid_null(CasinoTransactions::LedgerTransactionId))
                    .col(boolean(CasinoTransactions::RolledBack).default(false))
                    .col(timestamp_with_time_zone(CasinoTransactions::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_casino_transactions_uuid")
                    .table(CasinoTransactions::Table)
                    .col(CasinoTransactions::Provider)
                    .col(CasinoTransactions::TransactionUuid)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_casino_transactions_reference")
                    .table(CasinoTransactions::Table)
                    .col(CasinoTransactions::Provider)
                    .col(CasinoTransactions::ReferenceTransactionUuid)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CasinoRounds::Table)
                    .if_not_exists()
                    .col(pk_uuid(CasinoRounds::Id))
                    .col(uuid(CasinoRounds::PlayerId))
                    .col(string_len(CasinoRounds::Provider, 64))
                    .col(string_len(CasinoRounds::GameCode, 128))
                    .col(big_integer(CasinoRounds::Stake))
                    .col(big_integer(CasinoRounds::Win))
                    .col(big_integer(CasinoRounds::BalanceAfter))
                    .col(string_len(CasinoRounds::Currency, 3))
                    .col(text(CasinoRounds::Result))
                    .col(string_len(CasinoRounds::Commitment, 64))
                    .col(string_len(CasinoRounds::ServerSeed, 64))
                    .col(string_len(CasinoRounds::ClientSeed, 64))
                    .col(big_integer(CasinoRounds::Nonce))
                    .col(uuid(CasinoRounds::BetTransactionId))
                    .col(uuid_null(CasinoRounds::WinTransactionId))
                    .col(timestamp_with_time_zone(CasinoRounds::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_casino_rounds_player")
                    .table(CasinoRounds::Table)
                    .col(CasinoRounds::PlayerId)
                    .col(CasinoRounds::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CasinoSeeds::Table)
                    .if_not_exists()
                    .col(uuid(CasinoSeeds::PlayerId).primary_key())
                    .col(string_len(CasinoSeeds::ServerSeed, 64))
                    .col(string_len(CasinoSeeds::ClientSeed, 64))
                    .col(big_integer(CasinoSeeds::Nonce).default(0))
                    .col(timestamp_with_time_zone(CasinoSeeds::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        // The built-in games are real games, not demo content.
        let now = "2026-11-24T00:00:00Z";
        for game in domain::casino::catalog() {
            manager
                .exec_stmt(
                    Query::insert()
                        .into_table(CasinoGames::Table)
                        .columns([
                            CasinoGames::GameCode,
                            CasinoGames::Provider,
                            CasinoGames::Name,
                            CasinoGames::Category,
                            CasinoGames::Rtp,
                            CasinoGames::Volatility,
                            CasinoGames::Tags,
                            CasinoGames::Jurisdictions,
                            CasinoGames::Enabled,
                            CasinoGames::CreatedAt,
                        ])
                        .values_panic([
                            game.code.into(),
                            "originals".into(),
                            game.name.into(),
                            game.category.code().into(),
                            game.rtp.to_string().into(),
                            game.volatility.code().into(),
                            "originals,provably-fair".into(),
                            "".into(),
                            true.into(),
                            Expr::cust(format!("'{now}'")),
                        ])
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CasinoSeeds::Table.into_iden(),
            CasinoRounds::Table.into_iden(),
            CasinoTransactions::Table.into_iden(),
            CasinoSessions::Table.into_iden(),
            CasinoGames::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum CasinoGames {
    Table,
    GameCode,
    Provider,
    Name,
    Category,
    Rtp,
    Volatility,
    Tags,
    Jurisdictions,
    Enabled,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CasinoSessions {
    Table,
    Token,
    PlayerId,
    AuthSessionId,
    GameCode,
    Provider,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum CasinoTransactions {
    Table,
    Id,
    Provider,
    TransactionUuid,
    Kind,
    PlayerId,
    GameCode,
    Round,
    Amount,
    Currency,
    ReferenceTransactionUuid,
    Fingerprint,
    LedgerTransactionId,
    RolledBack,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CasinoRounds {
    Table,
    Id,
    PlayerId,
    Provider,
    GameCode,
    Stake,
    Win,
    BalanceAfter,
    Currency,
    Result,
    Commitment,
    ServerSeed,
    ClientSeed,
    Nonce,
    BetTransactionId,
    WinTransactionId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CasinoSeeds {
    Table,
    PlayerId,
    ServerSeed,
    ClientSeed,
    Nonce,
    UpdatedAt,
}
