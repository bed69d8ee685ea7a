//! `fx_rates`: every imported exchange rate, kept as history. One row per
//! source, pair and rate date; `rate` is an exact decimal string (units of
//! `quote` per unit of `base`).

use sea_orm::entity::prelude::*;

/// One rate of one day.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fx_rates")]
pub struct Model {
    /// UUID v7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Currency converted from, e.g. `EUR`.
    pub base: String,
    /// Currency converted to, e.g. `USD`.
    pub quote: String,
    /// Units of `quote` per unit of `base`, a plain decimal string.
    pub rate: String,
    /// The day the source published the rate for.
    pub rate_date: Date,
    /// Where it came from, e.g. `ecb`.
    pub source: String,
    /// When it was imported (or last corrected).
    pub imported_at: DateTimeUtc,
    /// Who imported it; None for the scheduled feed.
    pub imported_by: Option<Uuid>,
}

/// Relations of `fx_rates`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
