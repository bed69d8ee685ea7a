//! `loyalty_cashback_periods`: one weekly tier-cashback period (Monday
//! 00:00 UTC to the next Monday), `open` until its cashback is paid.

use sea_orm::entity::prelude::*;

/// One cashback period.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "loyalty_cashback_periods")]
pub struct Model {
    /// The period's id (the awards' `source_id`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Its start (Monday 00:00 UTC), unique.
    pub period_start: DateTimeUtc,
    /// Its end (the next Monday 00:00 UTC).
    pub period_end: DateTimeUtc,
    /// Where net losses are counted from (the start, or later for the
    /// first period).
    pub measured_from: DateTimeUtc,
    /// `open` or `paid`.
    pub status: String,
    /// Players paid, once `paid`.
    pub players: i64,
    /// When it was paid.
    pub paid_at: Option<DateTimeUtc>,
    /// When the row was made.
    pub created_at: DateTimeUtc,
}

/// Relations of `loyalty_cashback_periods`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
