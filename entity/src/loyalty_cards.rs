//! `loyalty_cards`: loyalty card numbers, one per player.

use sea_orm::entity::prelude::*;

/// One card.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "loyalty_cards")]
pub struct Model {
    /// 16 digits, the last a Luhn check digit.
    #[sea_orm(primary_key, auto_increment = false)]
    pub card_number: String,
    /// The player (unique).
    pub player_id: Uuid,
    /// When it was issued.
    pub created_at: DateTimeUtc,
}

/// Relations of `loyalty_cards`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
