//! `casino_sessions`: game launch tokens, one per player and game launch,
//! with an expiry; the provider quotes the token on every callback.

use sea_orm::entity::prelude::*;

/// One game session.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "casino_sessions")]
pub struct Model {
    /// The opaque token handed to the provider.
    #[sea_orm(primary_key, auto_increment = false)]
    pub token: String,
    /// The player.
    pub player_id: Uuid,
    /// The player's login session (token `jti`) that launched the game,
    /// so responsible-gaming session rules apply to play through it.
    pub auth_session_id: Uuid,
    /// The game launched.
    pub game_code: String,
    /// Its provider.
    pub provider: String,
    /// When it was issued.
    pub created_at: DateTimeUtc,
    /// After this, bets are refused (wins and rollbacks are not).
    pub expires_at: DateTimeUtc,
}

/// Relations of `casino_sessions`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
