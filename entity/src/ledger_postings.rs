//! `ledger_postings`: the signed balance changes of a ledger transaction.
//! Immutable; they sum to zero per transaction and currency.

use sea_orm::entity::prelude::*;

/// One posting.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_postings")]
pub struct Model {
    /// UUID v7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The transaction.
    pub transaction_id: Uuid,
    /// The account whose balance changes.
    pub account_id: Uuid,
    /// Signed change in minor units (positive adds).
    pub amount: i64,
    /// Currency code of the amount.
    pub currency: String,
    /// The account's balance right after this posting.
    pub balance_after: i64,
}

/// Relations of `ledger_postings`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
