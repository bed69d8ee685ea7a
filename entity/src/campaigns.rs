//! `campaigns`: marketing campaigns, their validated definition and the
//! counters the award transaction guards on.

use sea_orm::entity::prelude::*;

/// One campaign.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaigns")]
pub struct Model {
    /// UUID v7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Name, for staff.
    pub name: String,
    /// `draft`, `live`, `paused` or `ended`.
    pub status: String,
    /// The validated definition (`domain::campaign::CampaignSpec` as JSON).
    pub spec: String,
    /// The currency its amounts are in.
    pub currency: String,
    /// The trigger event code.
    pub trigger_event: String,
    /// Exclusive group, if any.
    pub exclusive_group: Option<String>,
    /// Priority within the group (higher wins).
    pub priority: i32,
    /// Whether players must opt in.
    pub opt_in: bool,
    /// Awards per player at most.
    pub per_player: i32,
    /// Budget in minor units; none: unlimited.
    pub budget_minor: Option<i64>,
    /// Face value awarded so far, in minor units.
    pub spent_minor: i64,
    /// Awards so far.
    pub awards: i64,
    /// Players awarded at least once.
    pub participants: i64,
    /// Not before.
    pub starts_at: Option<DateTimeUtc>,
    /// Not after.
    pub ends_at: Option<DateTimeUtc>,
    /// Start of the running period (`period_end` campaigns).
    pub period_started_at: Option<DateTimeUtc>,
    /// First launch.
    pub launched_at: Option<DateTimeUtc>,
    /// Who created it.
    pub created_by: Option<Uuid>,
    /// Creation time.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `campaigns`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
