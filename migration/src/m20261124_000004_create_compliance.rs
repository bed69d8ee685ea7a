//! Responsible gaming and KYC: limits with their full change history,
//! time-outs and self-exclusions, per-player settings (reality checks,
//! session limits, loss alerts), play sessions, play activity for loss and
//! wager limits, loss alerts, per-country jurisdiction rules (seeded from
//! `domain::compliance::defaults_for`) and KYC submissions.
//!
//! Money is `BIGINT` minor units of the player's wallet currency.

use domain::compliance::{CountryCode, defaults_for};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The countries seeded with their platform defaults.
const SEEDED_COUNTRIES: [&str; 5] = ["MT", "GB", "SE", "BR", "MX"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_limits(manager).await?;
        create_exclusions(manager).await?;
        create_settings_and_sessions(manager).await?;
        create_activity_and_alerts(manager).await?;
        create_jurisdictions(manager).await?;
        create_kyc(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            KycSubmissions::Table.into_iden(),
            Jurisdictions::Table.into_iden(),
            RgLossAlerts::Table.into_iden(),
            RgActivity::Table.into_iden(),
            RgPlaySessions::Table.into_iden(),
            RgSettings::Table.into_iden(),
            RgExclusions::Table.into_iden(),
            RgLimitChanges::Table.into_iden(),
            RgLimits::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: &[DynIden],
    unique: bool,
) -> Result<(), DbErr> {
    let mut idx = Index::create();
    idx.name(name).table(table);
    for c in cols {
        idx.col(c.clone());
    }
    if unique {
        idx.unique();
    }
    manager.create_index(idx.to_owned()).await
}

async fn create_limits(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(RgLimits::Table)
                .if_not_exists()
                .col(pk_uuid(RgLimits::Id))
                .col(uuid(RgLimits::PlayerId))
                .col(string_len(RgLimits::Kind, 16))
                .col(string_len(RgLimits::Period, 16))
                .col(big_integer(RgLimits::AmountMinor))
                .col(timestamp_with_time_zone(RgLimits::EffectiveAt))
                .col(boolean(RgLimits::PendingSet).default(false))
                .col(big_integer_null(RgLimits::PendingAmountMinor))
                .col(timestamp_with_time_zone_null(RgLimits::PendingEffectiveAt))
                .col(timestamp_with_time_zone(RgLimits::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(RgLimits::Table, RgLimits::PlayerId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_rg_limits_player_kind_period",
        RgLimits::Table,
        &[
            RgLimits::PlayerId.into_iden(),
            RgLimits::Kind.into_iden(),
            RgLimits::Period.into_iden(),
        ],
        true,
    )
    .await?;
    manager
        .create_table(
            Table::create()
                .table(RgLimitChanges::Table)
                .if_not_exists()
                .col(pk_uuid(RgLimitChanges::Id))
                .col(uuid(RgLimitChanges::PlayerId))
                .col(uuid_null(RgLimitChanges::ActorId))
                .col(string_len(RgLimitChanges::Kind, 16))
                .col(string_len(RgLimitChanges::Period, 16))
                .col(big_integer_null(RgLimitChanges::OldAmountMinor))
                .col(big_integer_null(RgLimitChanges::NewAmountMinor))
                .col(timestamp_with_time_zone(RgLimitChanges::EffectiveAt))
                .col(timestamp_with_time_zone(RgLimitChanges::CreatedAt))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_rg_limit_changes_player",
        RgLimitChanges::Table,
        &[
            RgLimitChanges::PlayerId.into_iden(),
            RgLimitChanges::CreatedAt.into_iden(),
        ],
        false,
    )
    .await
}

async fn create_exclusions(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(RgExclusions::Table)
                .if_not_exists()
                .col(pk_uuid(RgExclusions::Id))
                .col(uuid(RgExclusions::PlayerId))
                .col(uuid_null(RgExclusions::ActorId))
                .col(string_len(RgExclusions::Kind, 16))
                .col(timestamp_with_time_zone(RgExclusions::StartedAt))
                .col(timestamp_with_time_zone_null(RgExclusions::Until))
                .col(timestamp_with_time_zone(RgExclusions::CreatedAt))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_rg_exclusions_player",
        RgExclusions::Table,
        &[RgExclusions::PlayerId.into_iden()],
        false,
    )
    .await
}

async fn create_settings_and_sessions(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(RgSettings::Table)
                .if_not_exists()
                .col(uuid(RgSettings::PlayerId).primary_key())
                .col(integer_null(RgSettings::RealityCheckMinutes))
                .col(integer_null(RgSettings::SessionLimitMinutes))
                .col(integer_null(RgSettings::SessionBreakMinutes))
                .col(big_integer_null(RgSettings::LossAlertMinor))
                .col(big_integer_null(RgSettings::OperatorLossAlertMinor))
                .col(string_len(RgSettings::LossAlertPeriod, 16).default("week"))
                .col(timestamp_with_time_zone_null(
                    RgSettings::DepositLimitPromptAnsweredAt,
                ))
                .col(timestamp_with_time_zone(RgSettings::UpdatedAt))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(RgPlaySessions::Table)
                .if_not_exists()
                .col(uuid(RgPlaySessions::SessionId).primary_key())
                .col(uuid(RgPlaySessions::PlayerId))
                .col(timestamp_with_time_zone(RgPlaySessions::StartedAt))
                .col(timestamp_with_time_zone_null(
                    RgPlaySessions::RealityCheckAckAt,
                ))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_rg_play_sessions_player",
        RgPlaySessions::Table,
        &[
            RgPlaySessions::PlayerId.into_iden(),
            RgPlaySessions::StartedAt.into_iden(),
        ],
        false,
    )
    .await
}

async fn create_activity_and_alerts(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(RgActivity::Table)
                .if_not_exists()
                .col(pk_uuid(RgActivity::Id))
                .col(uuid(RgActivity::PlayerId))
                .col(string_len(RgActivity::Kind, 16))
                .col(big_integer(RgActivity::AmountMinor))
                .col(string_len(RgActivity::Reference, 255))
                .col(timestamp_with_time_zone(RgActivity::At))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_rg_activity_player_at",
        RgActivity::Table,
        &[RgActivity::PlayerId.into_iden(), RgActivity::At.into_iden()],
        false,
    )
    .await?;
    manager
        .create_table(
            Table::create()
                .table(RgLossAlerts::Table)
                .if_not_exists()
                .col(pk_uuid(RgLossAlerts::Id))
                .col(uuid(RgLossAlerts::PlayerId))
                .col(string_len(RgLossAlerts::Source, 16))
                .col(string_len(RgLossAlerts::Period, 16))
                .col(big_integer(RgLossAlerts::ThresholdMinor))
                .col(big_integer(RgLossAlerts::NetLossMinor))
                .col(string_len(RgLossAlerts::Currency, 3))
                .col(timestamp_with_time_zone(RgLossAlerts::CreatedAt))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_rg_loss_alerts_player",
        RgLossAlerts::Table,
        &[
            RgLossAlerts::PlayerId.into_iden(),
            RgLossAlerts::CreatedAt.into_iden(),
        ],
        false,
    )
    .await
}

async fn create_jurisdictions(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Jurisdictions::Table)
                .if_not_exists()
                .col(string_len(Jurisdictions::Country, 2).primary_key())
                .col(integer(Jurisdictions::MinimumAge))
                .col(boolean(Jurisdictions::DepositLimitPromptMandatory))
                .col(integer_null(Jurisdictions::MandatoryRealityCheckMinutes))
                .col(integer(Jurisdictions::MinimumSelfExclusionMonths))
                .col(boolean(Jurisdictions::KycRequiredBeforeFirstDeposit))
                .col(timestamp_with_time_zone(Jurisdictions::UpdatedAt))
                .col(uuid_null(Jurisdictions::UpdatedBy))
                .to_owned(),
        )
        .await?;
    for code in SEEDED_COUNTRIES {
        let country: CountryCode = code
            .parse()
            .map_err(|e| DbErr::Custom(format!("seeding {code}: {e}")))?;
        let rules = defaults_for(country);
        let insert = Query::insert()
            .into_table(Jurisdictions::Table)
            .columns([
                Jurisdictions::Country,
                Jurisdictions::MinimumAge,
                Jurisdictions::DepositLimitPromptMandatory,
                Jurisdictions::MandatoryRealityCheckMinutes,
                Jurisdictions::MinimumSelfExclusionMonths,
                Jurisdictions::KycRequiredBeforeFirstDeposit,
                Jurisdictions::UpdatedAt,
            ])
            .values([
                code.into(),
                to_i32(rules.minimum_age).into(),
                rules.deposit_limit_prompt_mandatory.into(),
                rules
                    .mandatory_reality_check_interval
                    .map(|i| to_i32(i.minutes()))
                    .into(),
                to_i32(rules.minimum_self_exclusion_months).into(),
                rules.kyc_required_before_first_deposit.into(),
                Expr::current_timestamp(),
            ])
            .map_err(|e| DbErr::Custom(format!("seeding {code}: {e}")))?
            .to_owned();
        manager.exec_stmt(insert).await?;
    }
    Ok(())
}

/// A small count as an SQL integer (the seeds are all far below `i32::MAX`).
fn to_i32(v: u32) -> i32 {
    <i32 as std::convert::TryFrom<u32>>::try_from(v).unwrap_or(i32::MAX)
}

async fn create_kyc(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(KycSubmissions::Table)
                .if_not_exists()
                .col(pk_uuid(KycSubmissions::Id))
                .col(uuid(KycSubmissions::PlayerId))
                .col(string_len(KycSubmissions::Provider, 32))
                .col(string_len(KycSubmissions::ProviderReference, 64))
                .col(string_len(KycSubmissions::DocumentType, 32))
                .col(string_len(KycSubmissions::DocumentCountry, 2))
                .col(string_len(KycSubmissions::DocumentNumberLast4, 4))
                .col(string_len(KycSubmissions::FullName, 200))
                .col(string_len(KycSubmissions::Status, 16))
                .col(string_len(KycSubmissions::ProviderOutcome, 16).default(""))
                .col(text_null(KycSubmissions::DecisionNote))
                .col(uuid_null(KycSubmissions::DecidedBy))
                .col(timestamp_with_time_zone(KycSubmissions::CreatedAt))
                .col(timestamp_with_time_zone_null(KycSubmissions::DecidedAt))
                .to_owned(),
        )
        .await?;
    index(
        manager,
        "idx_kyc_submissions_reference",
        KycSubmissions::Table,
        &[KycSubmissions::ProviderReference.into_iden()],
        true,
    )
    .await?;
    index(
        manager,
        "idx_kyc_submissions_status",
        KycSubmissions::Table,
        &[
            KycSubmissions::Status.into_iden(),
            KycSubmissions::CreatedAt.into_iden(),
        ],
        false,
    )
    .await
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum RgLimits {
    Table,
    Id,
    PlayerId,
    Kind,
    Period,
    AmountMinor,
    EffectiveAt,
    PendingSet,
    PendingAmountMinor,
    PendingEffectiveAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RgLimitChanges {
    Table,
    Id,
    PlayerId,
    ActorId,
    Kind,
    Period,
    OldAmountMinor,
    NewAmountMinor,
    EffectiveAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RgExclusions {
    Table,
    Id,
    PlayerId,
    ActorId,
    Kind,
    StartedAt,
    Until,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RgSettings {
    Table,
    PlayerId,
    RealityCheckMinutes,
    SessionLimitMinutes,
    SessionBreakMinutes,
    LossAlertMinor,
    OperatorLossAlertMinor,
    LossAlertPeriod,
    DepositLimitPromptAnsweredAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RgPlaySessions {
    Table,
    SessionId,
    PlayerId,
    StartedAt,
    RealityCheckAckAt,
}

#[derive(DeriveIden)]
enum RgActivity {
    Table,
    Id,
    PlayerId,
    Kind,
    AmountMinor,
    Reference,
    At,
}

#[derive(DeriveIden)]
enum RgLossAlerts {
    Table,
    Id,
    PlayerId,
    Source,
    Period,
    ThresholdMinor,
    NetLossMinor,
    Currency,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Jurisdictions {
    Table,
    Country,
    MinimumAge,
    DepositLimitPromptMandatory,
    MandatoryRealityCheckMinutes,
    MinimumSelfExclusionMonths,
    KycRequiredBeforeFirstDeposit,
    UpdatedAt,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum KycSubmissions {
    Table,
    Id,
    PlayerId,
    Provider,
    ProviderReference,
    DocumentType,
    DocumentCountry,
    DocumentNumberLast4,
    FullName,
    Status,
    ProviderOutcome,
    DecisionNote,
    DecidedBy,
    CreatedAt,
    DecidedAt,
}
