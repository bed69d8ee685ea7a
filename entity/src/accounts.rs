//! `accounts`: ledger accounts and their balances. A balance is a projection
//! of the account's postings (`croupier ledger verify` checks it, `rebuild`
//! recomputes it), kept here so a balance check is one row.

use sea_orm::entity::prelude::*;

/// One ledger account.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "accounts")]
pub struct Model {
    /// UUID v7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unique natural key `kind:owner-or-house:currency:shard`, so house
    /// accounts (no owner) are unique too.
    #[sea_orm(unique)]
    pub account_key: String,
    /// The owning player; None for house accounts.
    pub owner_id: Option<Uuid>,
    /// `domain::ledger::AccountKind` code, e.g. `player_cash`.
    pub kind: String,
    /// ISO 4217 (or crypto) currency code.
    pub currency: String,
    /// House accounts are split into shards so no single row is a hotspot;
    /// always 0 for player accounts.
    pub shard: i32,
    /// Balance in minor units.
    pub balance: i64,
    /// Last balance change.
    pub updated_at: DateTimeUtc,
}

/// Relations of `accounts`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
