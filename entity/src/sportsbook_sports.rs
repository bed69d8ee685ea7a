//! `sportsbook_sports`: A sport of the sportsbook catalog.

use sea_orm::entity::prelude::*;

/// One `sportsbook_sports` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sportsbook_sports")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Display name (unique).
    pub name: String,
    /// When created.
    pub created_at: DateTimeUtc,
}

/// Relations of `sportsbook_sports`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
