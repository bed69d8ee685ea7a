//! `casino_transactions`: every bet, win and rollback a provider sent,
//! keyed by the provider's transaction id (processed once), with the
//! fingerprint of its content and the ledger transaction it wrote.

use sea_orm::entity::prelude::*;

/// One provider transaction.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "casino_transactions")]
pub struct Model {
    /// UUID v7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Provider code, e.g. `hub88`, `originals`.
    pub provider: String,
    /// The provider's transaction id (unique per provider).
    pub transaction_uuid: String,
    /// `bet`, `win` or `rollback`.
    pub kind: String,
    /// The player.
    pub player_id: Uuid,
    /// The game.
    pub game_code: String,
    /// The provider's round id.
    pub round: String,
    /// Amount in minor units (0 for rollbacks and empty wins).
    pub amount: i64,
    /// Currency code.
    pub currency: String,
    /// The bet a win or rollback refers to.
    pub reference_transaction_uuid: Option<String>,
    /// SHA-256 (hex) of the content that must match on a repeat.
    pub fingerprint: String,
    /// The ledger transaction written, when money moved.
    pub ledger_transaction_id: Option<Uuid>,
    /// True once a rollback reversed this transaction.
    pub rolled_back: bool,
    /// When it was processed.
    pub created_at: DateTimeUtc,
    /// The part of a bet's amount taken from bonus money (cash went
    /// first), minor units; 0 otherwise.
    pub bonus_amount: i64,
    /// The bonus row a bet's bonus part was taken from first, if any.
    pub bonus_id: Option<Uuid>,
}

/// Relations of `casino_transactions`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
