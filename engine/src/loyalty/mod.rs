//! Loyalty: the programme (earning rules, tiers, VIP rules), the points and
//! coins ledgers, each player's tier, the store, loyalty cards and the
//! venue play of physical casinos.
//!
//! Rules (API.md "Loyalty", DESIGN.md "Engagement"):
//! - Points and coins are integer ledgers ([`ledger`]): every change is one
//!   entry with the running balance and a reason; a manual adjustment
//!   carries its author; no balance goes below zero, whatever the
//!   concurrency.
//! - Points are earned by the programme's rules ([`earn`]) from settled
//!   bets, casino rounds and venue play, multiplied by the tier held at
//!   that moment, once per event or venue reference.
//! - Qualifying points are the points earned in the last
//!   `qualification_days`: every credit (earning, awarded points, positive
//!   adjustments) counts and manual corrections (negative adjustments)
//!   subtract; spending in the store or at a venue does not lower them.
//! - The tier follows [`domain::loyalty::Programme::next_state`] (rises at
//!   once, falls after the grace), recomputed whenever points change and
//!   by [`tiers::review_tiers`]; a manager's override holds a tier until
//!   its `until`, after which the computed tier applies again.
//! - Every points or tier change publishes `loyalty.changed` on
//!   `player:{id}` (through the outbox, in the change's transaction).
//! - Tier cashback ([`cashback`]): each closed weekly period pays the
//!   tier's `cashback_percent` of the player's net loss in cash through
//!   the reward grant, once per player and period.
//! - The store ([`store`]) spends, decrements stock and grants the reward
//!   in one transaction; cards ([`cards`]) need a verified KYC.

pub mod cards;
pub mod cashback;
pub mod earn;
pub mod ledger;
pub mod programme;
pub mod reports;
pub mod store;
pub mod tiers;
pub mod venue;

use domain::api::loyalty::{LoyaltyStatus, LoyaltyTransaction, LoyaltyTransactionList};
use domain::validation::FieldError;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::Engine;
use crate::paging::Cursor;
use entity::loyalty_entries;

pub use programme::Programme;

/// Largest page of `GET /loyalty/transactions`.
pub const MAX_LIMIT: u64 = 100;
/// The page size when none is asked.
pub const DEFAULT_LIMIT: u64 = 20;
/// Longest reason of a manual adjustment.
pub const MAX_REASON_CHARS: usize = 500;

/// Failures of loyalty commands, mapped to API codes at the edge.
#[derive(Debug, thiserror::Error)]
pub enum LoyaltyError {
    /// The body failed validation; one entry per field (422).
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// Not enough points or coins (422 `insufficient_points`).
    #[error("not enough points")]
    InsufficientPoints,
    /// The item's stock is gone (409 `out_of_stock`).
    #[error("out of stock")]
    OutOfStock,
    /// The item is reserved for a higher tier (403 `tier_required`).
    #[error("the item needs the tier {0}")]
    TierRequired(String),
    /// A time-out or self-exclusion is in force (403 `self_excluded`).
    #[error("the player is excluded")]
    SelfExcluded,
    /// The player's identity is not verified (403 `kyc_required`).
    #[error("identity verification is required")]
    KycRequired,
    /// No such item, player or card (404).
    #[error("not found")]
    NotFound,
    /// Anything else.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for LoyaltyError {
    fn from(e: sea_orm::DbErr) -> Self {
        LoyaltyError::Unexpected(e.into())
    }
}

impl LoyaltyError {
    /// A validation failure on one field.
    pub fn field(field: &str, message: &str) -> Self {
        LoyaltyError::Validation(vec![FieldError::new(field, message)])
    }
}

/// An audit row a caller (the VIP console) adds to a loyalty command's
/// own transaction, so the change and every record of it commit together.
#[derive(Debug, Clone)]
pub struct AuditRow {
    /// The action (`vip.points_adjusted`).
    pub action: &'static str,
    /// What it is about (`user:{id}`).
    pub subject: String,
    /// The details.
    pub details: serde_json::Value,
}

impl AuditRow {
    async fn record<C: sea_orm::ConnectionTrait>(
        self,
        conn: &C,
        at: chrono::DateTime<chrono::Utc>,
        author: Uuid,
    ) -> Result<(), sea_orm::DbErr> {
        crate::audit::record(
            conn,
            at,
            Some(author),
            self.action,
            &self.subject,
            self.details,
        )
        .await
    }
}

/// Loyalty commands for one engine.
pub struct Loyalty<'a> {
    engine: &'a Engine,
}

impl Engine {
    /// The loyalty programme, points, tiers, store and cards.
    pub fn loyalty(&self) -> Loyalty<'_> {
        Loyalty { engine: self }
    }
}

impl<'a> Loyalty<'a> {
    /// The engine.
    pub(crate) fn engine(&self) -> &'a Engine {
        self.engine
    }

    /// The player's points, coins, tier, progress and card (`GET /loyalty`).
    pub async fn status(&self, player: Uuid) -> Result<LoyaltyStatus, LoyaltyError> {
        tiers::status(self.engine, player).await
    }

    /// The player's points and coins entries, newest first
    /// (`GET /loyalty/transactions`).
    pub async fn transactions(
        &self,
        player: Uuid,
        cursor: Option<Cursor>,
        limit: u64,
    ) -> Result<LoyaltyTransactionList, LoyaltyError> {
        let limit = crate::paging::clamp_limit(limit, MAX_LIMIT);
        let query =
            loyalty_entries::Entity::find().filter(loyalty_entries::Column::PlayerId.eq(player));
        let rows = crate::paging::newest_first(
            query,
            loyalty_entries::Column::CreatedAt,
            loyalty_entries::Column::Id,
            cursor,
            limit,
        )
        .all(self.engine.db())
        .await?;
        let page = crate::paging::Page::of(
            rows,
            limit,
            |r| Cursor::new(r.created_at, r.id),
            |r| {
                let points = r.unit == ledger::Unit::Points.code();
                LoyaltyTransaction {
                    id: r.id,
                    points: if points { r.delta } else { 0 },
                    coins: if points { 0 } else { r.delta },
                    unit: r.unit,
                    balance_after: r.balance_after,
                    reason: r.reason,
                    created_at: r.created_at,
                }
            },
        );
        Ok(LoyaltyTransactionList {
            items: page.items,
            next_cursor: page.next_cursor,
        })
    }

    /// Adds `delta` points (negative removes) for `reason`, by `author`;
    /// answers the points after. 422 without a reason or below zero.
    pub async fn adjust_points(
        &self,
        player: Uuid,
        delta: i64,
        reason: &str,
        author: Uuid,
    ) -> Result<i64, LoyaltyError> {
        tiers::adjust_points(self.engine, player, delta, reason, author, None).await
    }

    /// [`Loyalty::adjust_points`] with the caller's audit row `audit` in
    /// the same transaction (`balance_after` added to its details).
    pub async fn adjust_points_audited(
        &self,
        player: Uuid,
        delta: i64,
        reason: &str,
        author: Uuid,
        audit: AuditRow,
    ) -> Result<i64, LoyaltyError> {
        tiers::adjust_points(self.engine, player, delta, reason, author, Some(audit)).await
    }

    /// Holds `tier` for the player until `until`, by `author` (422 for a
    /// tier the programme does not have, or an `until` in the past).
    pub async fn set_tier_override(
        &self,
        player: Uuid,
        tier: &str,
        until: chrono::DateTime<chrono::Utc>,
        author: Uuid,
    ) -> Result<(), LoyaltyError> {
        tiers::set_override(self.engine, player, tier, until, author, None).await
    }

    /// [`Loyalty::set_tier_override`] with the caller's audit row `audit`
    /// in the same transaction.
    pub async fn set_tier_override_audited(
        &self,
        player: Uuid,
        tier: &str,
        until: chrono::DateTime<chrono::Utc>,
        author: Uuid,
        audit: AuditRow,
    ) -> Result<(), LoyaltyError> {
        tiers::set_override(self.engine, player, tier, until, author, Some(audit)).await
    }
}
