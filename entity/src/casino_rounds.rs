//! `casino_rounds`: completed Croupier Originals rounds with their full
//! result and the provably-fair data to verify them.

use sea_orm::entity::prelude::*;

/// One round.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "casino_rounds")]
pub struct Model {
    /// UUID v7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// Provider code (`originals`).
    pub provider: String,
    /// The game.
    pub game_code: String,
    /// Total stake in minor units.
    pub stake: i64,
    /// Total win in minor units.
    pub win: i64,
    /// The player's cash after the round, minor units.
    pub balance_after: i64,
    /// Currency code.
    pub currency: String,
    /// The domain's round result as JSON.
    pub result: String,
    /// SHA-256 commitment of the server seed, shown before the round.
    pub commitment: String,
    /// The server seed (hex), revealed after the round.
    pub server_seed: String,
    /// The player's client seed.
    pub client_seed: String,
    /// The nonce of the round under this seed pair.
    pub nonce: i64,
    /// The ledger transaction of the stake.
    pub bet_transaction_id: Uuid,
    /// The ledger transaction of the win, when there was one.
    pub win_transaction_id: Option<Uuid>,
    /// When it was played.
    pub created_at: DateTimeUtc,
}

/// Relations of `casino_rounds`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
