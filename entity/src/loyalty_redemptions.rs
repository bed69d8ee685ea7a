//! `loyalty_redemptions`: store redemptions, unique per player and
//! idempotency key.

use sea_orm::entity::prelude::*;

/// One redemption.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "loyalty_redemptions")]
pub struct Model {
    /// UUID v7 (the award key is `store:{id}`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// The store item.
    pub item_id: Uuid,
    /// The client's `Idempotency-Key`.
    pub idempotency_key: String,
    /// Points spent.
    pub points_spent: i64,
    /// Coins spent.
    pub coins_spent: i64,
    /// `fulfilled`.
    pub status: String,
    /// When.
    pub created_at: DateTimeUtc,
}

/// Relations of `loyalty_redemptions`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
