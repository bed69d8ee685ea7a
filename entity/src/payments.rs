//! `payments`: deposits and withdrawals through a payment provider, with
//! their status. Money moves in the ledger; this row tracks the provider's
//! side and makes a late or repeated webhook harmless.

use sea_orm::entity::prelude::*;

/// One deposit or withdrawal.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payments")]
pub struct Model {
    /// UUID v7; the `deposit_id` / `withdrawal_id` of the API.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// `deposit` or `withdrawal`.
    pub direction: String,
    /// Provider code, e.g. `sandbox`.
    pub provider: String,
    /// The provider's own reference, once known.
    pub provider_reference: Option<String>,
    /// `pending`, `completed` or `declined`.
    pub status: String,
    /// Amount in minor units (positive).
    pub amount: i64,
    /// Currency code.
    pub currency: String,
    /// When it was started.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
    /// When it reached a final status.
    pub completed_at: Option<DateTimeUtc>,
}

/// Relations of `payments`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
