//! `campaign_players`: one player's standing in one campaign.

use sea_orm::entity::prelude::*;

/// A player in a campaign.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign_players")]
pub struct Model {
    /// The campaign.
    #[sea_orm(primary_key, auto_increment = false)]
    pub campaign_id: Uuid,
    /// The player.
    #[sea_orm(primary_key, auto_increment = false)]
    pub player_id: Uuid,
    /// Index of the assigned variant; none: the holdout group.
    pub variant: Option<i32>,
    /// Opted in.
    pub opted_in: bool,
    /// Awards received.
    pub awards: i32,
    /// Stakes since assignment, minor units of the campaign's currency.
    pub turnover_minor: i64,
    /// Played (a bet or a round) since assignment.
    pub converted: bool,
    /// When assigned.
    pub assigned_at: DateTimeUtc,
}

/// Relations of `campaign_players`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
