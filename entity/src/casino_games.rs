//! `casino_games`: the lobby catalog, one row per game of any provider.

use sea_orm::entity::prelude::*;

/// One game.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "casino_games")]
pub struct Model {
    /// Stable game code (the provider's `game_code`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub game_code: String,
    /// Provider code, e.g. `originals`, `hub88`.
    pub provider: String,
    /// Display name.
    pub name: String,
    /// Lobby category, e.g. `slots`, `table`, `instant`, `live`.
    pub category: String,
    /// Return to player as a decimal string (`0.973`), when known.
    pub rtp: Option<String>,
    /// `low`, `medium`, `high` or `player_chosen`, when known.
    pub volatility: Option<String>,
    /// Comma-separated tags.
    pub tags: String,
    /// Comma-separated ISO country codes where the game may be played;
    /// empty means everywhere.
    pub jurisdictions: String,
    /// False hides the game and refuses new sessions.
    pub enabled: bool,
    /// When it entered the catalog.
    pub created_at: DateTimeUtc,
}

/// Relations of `casino_games`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
