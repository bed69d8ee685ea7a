//! `sportsbook_teaser_tables`: A trader's teaser table: decimal odds by number of legs for one number of points.

use sea_orm::entity::prelude::*;

/// One `sportsbook_teaser_tables` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sportsbook_teaser_tables")]
pub struct Model {
    /// Teaser points, e.g. `6`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub points: String,
    /// JSON object legs → odds, e.g. `{"2":"1.91"}`.
    pub prices: String,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `sportsbook_teaser_tables`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
