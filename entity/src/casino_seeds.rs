//! `casino_seeds`: each player's current provably-fair seed pair for
//! Croupier Originals: the next server seed (only its commitment is shown),
//! the player's client seed and the nonce of the next round.

use sea_orm::entity::prelude::*;

/// One player's seed pair.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "casino_seeds")]
pub struct Model {
    /// The player.
    #[sea_orm(primary_key, auto_increment = false)]
    pub player_id: Uuid,
    /// The server seed (hex) of the next round; secret until used.
    pub server_seed: String,
    /// The player's client seed.
    pub client_seed: String,
    /// Rounds played under this server seed.
    pub nonce: i64,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `casino_seeds`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
