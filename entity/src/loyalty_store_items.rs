//! `loyalty_store_items`: what the loyalty store offers.

use sea_orm::entity::prelude::*;

/// One item.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "loyalty_store_items")]
pub struct Model {
    /// UUID v7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Shown to players.
    pub name: String,
    /// Price in points.
    pub cost_points: Option<i64>,
    /// Price in coins.
    pub cost_coins: Option<i64>,
    /// The reward, JSON (a `RewardSpec`).
    pub reward: String,
    /// The reward's currency (the reporting currency).
    pub currency: String,
    /// Initial stock (null: unlimited).
    pub stock: Option<i64>,
    /// What is left (null: unlimited).
    pub stock_left: Option<i64>,
    /// Lowest tier that may redeem it.
    pub min_tier: Option<String>,
    /// Offered to players.
    pub active: bool,
    /// Made by the demo seed.
    pub demo: bool,
    /// Who created it.
    pub created_by: Option<Uuid>,
    /// When.
    pub created_at: DateTimeUtc,
}

/// Relations of `loyalty_store_items`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
