//! `loyalty_programme`: the one current loyalty programme (`id` = 1).

use sea_orm::entity::prelude::*;

/// The programme.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "loyalty_programme")]
pub struct Model {
    /// Always 1.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    /// The validated programme body, JSON.
    pub spec: String,
    /// The currency its money is in (the reporting currency).
    pub currency: String,
    /// Made by the demo seed.
    pub demo: bool,
    /// The staff member who set it.
    pub updated_by: Option<Uuid>,
    /// When.
    pub updated_at: DateTimeUtc,
}

/// Relations of `loyalty_programme`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
