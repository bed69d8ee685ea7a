//! `awards`: one row per reward granted, unique by award key.

use sea_orm::entity::prelude::*;

/// One grant.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "awards")]
pub struct Model {
    /// UUID v7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// What makes the grant unique (`campaign:{id}:{event}`, ...).
    pub award_key: String,
    /// `campaign`, `leaderboard`, `store` or `manual`.
    pub source: String,
    /// The campaign, board or store item.
    pub source_id: Option<Uuid>,
    /// The player.
    pub player_id: Uuid,
    /// The campaign variant's name.
    pub variant: Option<String>,
    /// The reward (`domain::reward::RewardSpec` as JSON).
    pub reward: String,
    /// Face value in minor units of `currency`.
    pub face_minor: i64,
    /// The currency of the face value.
    pub currency: String,
    /// The ledger transaction that moved money, if any.
    pub transaction_id: Option<Uuid>,
    /// The player's bonus made by the grant.
    pub bonus_id: Option<Uuid>,
    /// When granted.
    pub created_at: DateTimeUtc,
}

/// Relations of `awards`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
