//! The sportsbook: the catalog (sports, competitions, events, markets,
//! selections, odds history), bets and their legs, teaser tables, exposure
//! per selection (what risk checks read at placement) and settlement runs
//! (what makes settlement resumable after a crash).
//!
//! Money is `BIGINT` minor units with its currency; odds, lines, dead-heat
//! factors, rule 4 deductions and trader limits are decimal strings (exact,
//! the same on SQLite and PostgreSQL).

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
                    .table(SportsbookSports::Table)
                    .if_not_exists()
                    .col(pk_uuid(SportsbookSports::Id))
                    .col(string_len(SportsbookSports::Name, 100).unique_key())
                    .col(timestamp_with_time_zone(SportsbookSports::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SportsbookCompetitions::Table)
                    .if_not_exists()
                    .col(pk_uuid(SportsbookCompetitions::Id))
                    .col(uuid(SportsbookCompetitions::SportId))
                    .col(string_len(SportsbookCompetitions::Name, 200))
                    .col(timestamp_with_time_zone(SportsbookCompetitions::CreatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_sb_competitions_sport_name",
            SportsbookCompetitions::Table,
            &[
                SportsbookCompetitions::SportId,
                SportsbookCompetitions::Name,
            ],
            true,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(SportsbookEvents::Table)
                    .if_not_exists()
                    .col(pk_uuid(SportsbookEvents::Id))
                    .col(uuid(SportsbookEvents::SportId))
                    .col(uuid(SportsbookEvents::CompetitionId))
                    .col(string_len(SportsbookEvents::Name, 200))
                    .col(timestamp_with_time_zone(SportsbookEvents::StartsAt))
                    .col(string_len(SportsbookEvents::Status, 16))
                    .col(boolean(SportsbookEvents::InPlayBetting).default(false))
                    .col(integer(SportsbookEvents::BetDelayMs).default(0))
                    .col(integer_null(SportsbookEvents::HomeScore))
                    .col(integer_null(SportsbookEvents::AwayScore))
                    .col(boolean(SportsbookEvents::Demo).default(false))
                    .col(timestamp_with_time_zone(SportsbookEvents::CreatedAt))
                    .col(timestamp_with_time_zone(SportsbookEvents::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_sb_events_starts_at",
            SportsbookEvents::Table,
            &[SportsbookEvents::StartsAt],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(SportsbookMarkets::Table)
                    .if_not_exists()
                    .col(pk_uuid(SportsbookMarkets::Id))
                    .col(uuid(SportsbookMarkets::EventId))
                    .col(string_len(SportsbookMarkets::Name, 200))
                    .col(string_len(SportsbookMarkets::Kind, 32))
                    .col(string_len_null(SportsbookMarkets::Line, 16))
                    .col(string_len(SportsbookMarkets::Status, 16))
                    .col(integer(SportsbookMarkets::Position).default(0))
                    .col(string_len_null(SportsbookMarkets::MaxStake, 32))
                    .col(string_len_null(SportsbookMarkets::LiabilityLimit, 32))
                    .col(boolean(SportsbookMarkets::AutoSuspend).default(false))
                    .col(integer(SportsbookMarkets::SettleVersion).default(0))
                    .col(integer_null(SportsbookMarkets::ScoreHome))
                    .col(integer_null(SportsbookMarkets::ScoreAway))
                    .col(string_len_null(SportsbookMarkets::VoidReason, 500))
                    .col(timestamp_with_time_zone_null(SportsbookMarkets::SettledAt))
                    .col(timestamp_with_time_zone(SportsbookMarkets::CreatedAt))
                    .col(timestamp_with_time_zone(SportsbookMarkets::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_sb_markets_event",
            SportsbookMarkets::Table,
            &[SportsbookMarkets::EventId],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(SportsbookSelections::Table)
                    .if_not_exists()
                    .col(pk_uuid(SportsbookSelections::Id))
                    .col(uuid(SportsbookSelections::MarketId))
                    .col(uuid(SportsbookSelections::EventId))
                    .col(string_len(SportsbookSelections::Name, 200))
                    .col(string_len_null(SportsbookSelections::Side, 8))
                    .col(string_len(SportsbookSelections::Odds, 16))
                    .col(string_len(SportsbookSelections::Status, 16))
                    .col(integer(SportsbookSelections::Position).default(0))
                    .col(string_len_null(SportsbookSelections::Result, 16))
                    .col(string_len_null(SportsbookSelections::DeadHeatFactor, 32))
                    .col(string_len_null(SportsbookSelections::Rule4Deduction, 32))
                    .col(string_len_null(SportsbookSelections::MaxStake, 32))
                    .col(string_len_null(SportsbookSelections::LiabilityLimit, 32))
                    .col(timestamp_with_time_zone(SportsbookSelections::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_sb_selections_market",
            SportsbookSelections::Table,
            &[SportsbookSelections::MarketId],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(SportsbookOddsHistory::Table)
                    .if_not_exists()
                    .col(pk_uuid(SportsbookOddsHistory::Id))
                    .col(uuid(SportsbookOddsHistory::SelectionId))
                    .col(string_len(SportsbookOddsHistory::Odds, 16))
                    .col(string_len_null(SportsbookOddsHistory::PreviousOdds, 16))
                    .col(string_len(SportsbookOddsHistory::Source, 16))
                    .col(uuid_null(SportsbookOddsHistory::ActorId))
                    .col(timestamp_with_time_zone(SportsbookOddsHistory::CreatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_sb_odds_history_selection",
            SportsbookOddsHistory::Table,
            &[
                SportsbookOddsHistory::SelectionId,
                SportsbookOddsHistory::CreatedAt,
            ],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(SportsbookBets::Table)
                    .if_not_exists()
                    .col(pk_uuid(SportsbookBets::Id))
                    .col(uuid(SportsbookBets::PlayerId))
                    .col(string_len(SportsbookBets::Kind, 16))
                    .col(string_len_null(SportsbookBets::System, 16))
                    .col(string_len_null(SportsbookBets::TeaserPoints, 8))
                    .col(text_null(SportsbookBets::TeaserPrices))
                    .col(integer(SportsbookBets::Lines))
                    .col(big_integer(SportsbookBets::UnitStake))
                    .col(big_integer(SportsbookBets::TotalStake))
                    .col(big_integer(SportsbookBets::PotentialReturn))
                    .col(string_len(SportsbookBets::Currency, 3))
                    .col(string_len(SportsbookBets::Status, 24))
                    .col(big_integer_null(SportsbookBets::ReturnAmount))
                    .col(string_len(SportsbookBets::OddsChange, 16))
                    .col(uuid(SportsbookBets::PlaceTransactionId))
                    .col(uuid_null(SportsbookBets::SettleTransactionId))
                    .col(integer(SportsbookBets::SettleCount).default(0))
                    .col(big_integer(SportsbookBets::Shortfall).default(0))
                    .col(timestamp_with_time_zone(SportsbookBets::PlacedAt))
                    .col(timestamp_with_time_zone_null(SportsbookBets::SettledAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_sb_bets_player",
            SportsbookBets::Table,
            &[SportsbookBets::PlayerId, SportsbookBets::PlacedAt],
            false,
        )
        .await?;
        index(
            manager,
            "idx_sb_bets_status",
            SportsbookBets::Table,
            &[SportsbookBets::Status],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(SportsbookBetLegs::Table)
                    .if_not_exists()
                    .col(pk_uuid(SportsbookBetLegs::Id))
                    .col(uuid(SportsbookBetLegs::BetId))
                    .col(integer(SportsbookBetLegs::Position))
                    .col(uuid(SportsbookBetLegs::SelectionId))
                    .col(uuid(SportsbookBetLegs::MarketId))
                    .col(uuid(SportsbookBetLegs::EventId))
                    .col(string_len_null(SportsbookBetLegs::Odds, 16))
                    .col(string_len_null(SportsbookBetLegs::RequestedOdds, 16))
                    .col(string_len_null(SportsbookBetLegs::Line, 16))
                    .col(string_len_null(SportsbookBetLegs::Side, 8))
                    .col(string_len_null(SportsbookBetLegs::Result, 16))
                    .col(string_len_null(SportsbookBetLegs::DeadHeatFactor, 32))
                    .col(string_len_null(SportsbookBetLegs::Rule4Deduction, 32))
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_sb_bet_legs_bet", SportsbookBetLegs::BetId),
            ("idx_sb_bet_legs_market", SportsbookBetLegs::MarketId),
            ("idx_sb_bet_legs_selection", SportsbookBetLegs::SelectionId),
        ] {
            index(manager, name, SportsbookBetLegs::Table, &[col], false).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(SportsbookTeaserTables::Table)
                    .if_not_exists()
                    .col(string_len(SportsbookTeaserTables::Points, 8).primary_key())
                    .col(text(SportsbookTeaserTables::Prices))
                    .col(timestamp_with_time_zone(SportsbookTeaserTables::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SportsbookExposure::Table)
                    .if_not_exists()
                    .col(uuid(SportsbookExposure::SelectionId))
                    .col(string_len(SportsbookExposure::Currency, 3))
                    .col(uuid(SportsbookExposure::MarketId))
                    .col(big_integer(SportsbookExposure::SingleStakes).default(0))
                    .col(big_integer(SportsbookExposure::Stakes).default(0))
                    .col(big_integer(SportsbookExposure::Payout).default(0))
                    .col(integer(SportsbookExposure::Bets).default(0))
                    .primary_key(
                        Index::create()
                            .col(SportsbookExposure::SelectionId)
                            .col(SportsbookExposure::Currency),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_sb_exposure_market",
            SportsbookExposure::Table,
            &[SportsbookExposure::MarketId],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(SportsbookSettlements::Table)
                    .if_not_exists()
                    .col(pk_uuid(SportsbookSettlements::Id))
                    .col(uuid(SportsbookSettlements::MarketId))
                    .col(string_len(SportsbookSettlements::Action, 16))
                    .col(integer(SportsbookSettlements::Version))
                    .col(string_len(SportsbookSettlements::Status, 16))
                    .col(integer(SportsbookSettlements::BetsSettled).default(0))
                    .col(uuid_null(SportsbookSettlements::ActorId))
                    .col(timestamp_with_time_zone(SportsbookSettlements::CreatedAt))
                    .col(timestamp_with_time_zone_null(
                        SportsbookSettlements::FinishedAt,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_sb_settlements_status",
            SportsbookSettlements::Table,
            &[SportsbookSettlements::Status],
            false,
        )
        .await?;

        // The default 6-point teaser table of BETTING_RULES.md: trading
        // configuration, not demo content.
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(SportsbookTeaserTables::Table)
                    .columns([
                        SportsbookTeaserTables::Points,
                        SportsbookTeaserTables::Prices,
                        SportsbookTeaserTables::UpdatedAt,
                    ])
                    .values_panic([
                        "6".into(),
                        r#"{"2":"1.91","3":"2.80","4":"4.00","5":"5.50","6":"7.00"}"#.into(),
                        Expr::cust("'2026-12-02T00:00:00Z'"),
                    ])
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SportsbookSettlements::Table.into_iden(),
            SportsbookExposure::Table.into_iden(),
            SportsbookTeaserTables::Table.into_iden(),
            SportsbookBetLegs::Table.into_iden(),
            SportsbookBets::Table.into_iden(),
            SportsbookOddsHistory::Table.into_iden(),
            SportsbookSelections::Table.into_iden(),
            SportsbookMarkets::Table.into_iden(),
            SportsbookEvents::Table.into_iden(),
            SportsbookCompetitions::Table.into_iden(),
            SportsbookSports::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone)]
enum SportsbookSports {
    Table,
    Id,
    Name,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum SportsbookCompetitions {
    Table,
    Id,
    SportId,
    Name,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum SportsbookEvents {
    Table,
    Id,
    SportId,
    CompetitionId,
    Name,
    StartsAt,
    Status,
    InPlayBetting,
    BetDelayMs,
    HomeScore,
    AwayScore,
    Demo,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum SportsbookMarkets {
    Table,
    Id,
    EventId,
    Name,
    Kind,
    Line,
    Status,
    Position,
    MaxStake,
    LiabilityLimit,
    AutoSuspend,
    SettleVersion,
    ScoreHome,
    ScoreAway,
    VoidReason,
    SettledAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum SportsbookSelections {
    Table,
    Id,
    MarketId,
    EventId,
    Name,
    Side,
    Odds,
    Status,
    Position,
    Result,
    DeadHeatFactor,
    Rule4Deduction,
    MaxStake,
    LiabilityLimit,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum SportsbookOddsHistory {
    Table,
    Id,
    SelectionId,
    Odds,
    PreviousOdds,
    Source,
    ActorId,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum SportsbookBets {
    Table,
    Id,
    PlayerId,
    Kind,
    System,
    TeaserPoints,
    TeaserPrices,
    Lines,
    UnitStake,
    TotalStake,
    PotentialReturn,
    Currency,
    Status,
    ReturnAmount,
    OddsChange,
    PlaceTransactionId,
    SettleTransactionId,
    SettleCount,
    Shortfall,
    PlacedAt,
    SettledAt,
}

#[derive(DeriveIden, Clone)]
enum SportsbookBetLegs {
    Table,
    Id,
    BetId,
    Position,
    SelectionId,
    MarketId,
    EventId,
    Odds,
    RequestedOdds,
    Line,
    Side,
    Result,
    DeadHeatFactor,
    Rule4Deduction,
}

#[derive(DeriveIden, Clone)]
enum SportsbookTeaserTables {
    Table,
    Points,
    Prices,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum SportsbookExposure {
    Table,
    SelectionId,
    Currency,
    MarketId,
    SingleStakes,
    Stakes,
    Payout,
    Bets,
}

#[derive(DeriveIden, Clone)]
enum SportsbookSettlements {
    Table,
    Id,
    MarketId,
    Action,
    Version,
    Status,
    BetsSettled,
    ActorId,
    CreatedAt,
    FinishedAt,
}
