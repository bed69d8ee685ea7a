//! `jurisdictions`: per-country responsible-gaming rules, editable by compliance.

use sea_orm::entity::prelude::*;

/// One `jurisdictions` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jurisdictions")]
pub struct Model {
    /// ISO 3166-1 alpha-2.
    #[sea_orm(primary_key, auto_increment = false)]
    pub country: String,
    /// Minimum age to register.
    pub minimum_age: i32,
    /// A deposit limit must be set (or declined) before the first deposit.
    pub deposit_limit_prompt_mandatory: bool,
    /// A reality-check interval imposed on every player, minutes.
    pub mandatory_reality_check_minutes: Option<i32>,
    /// Shortest self-exclusion, months.
    pub minimum_self_exclusion_months: i32,
    /// KYC must be verified before the first deposit.
    pub kyc_required_before_first_deposit: bool,
    /// Last change.
    pub updated_at: DateTimeUtc,
    /// Who changed it last.
    pub updated_by: Option<Uuid>,
}

/// Relations of `jurisdictions`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
