//! `sportsbook_odds_history`: Every price a selection had, with who or what moved it.

use sea_orm::entity::prelude::*;

/// One `sportsbook_odds_history` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sportsbook_odds_history")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The selection.
    pub selection_id: Uuid,
    /// The new odds.
    pub odds: String,
    /// The odds before (None when created).
    pub previous_odds: Option<String>,
    /// `create`, `trader` or `feed`.
    pub source: String,
    /// The trader, when a person moved it.
    pub actor_id: Option<Uuid>,
    /// When.
    pub created_at: DateTimeUtc,
}

/// Relations of `sportsbook_odds_history`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
