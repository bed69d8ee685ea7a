//! `vip_checks`: the affordability and harm checks recorded on a player
//! before a VIP designation.

use sea_orm::entity::prelude::*;

/// One recorded check.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "vip_checks")]
pub struct Model {
    /// UUID v7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// Evidence of affordability was reviewed.
    pub affordability_reviewed: bool,
    /// The source of funds was verified.
    pub source_of_funds_verified: bool,
    /// Markers of harm were reviewed.
    pub harm_markers_reviewed: bool,
    /// The responsible-gaming state (limits, exclusions, alerts) was reviewed.
    pub rg_state_reviewed: bool,
    /// `pass`, `refer` or `fail`.
    pub outcome: String,
    /// What was looked at.
    pub evidence: String,
    /// Who recorded it.
    pub author_id: Uuid,
    /// When.
    pub created_at: DateTimeUtc,
}

/// Relations of `vip_checks`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
