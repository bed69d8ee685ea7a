//! Odds-feed batches: odds updates and market suspensions applied in one
//! transaction.

use domain::betting::Odds;
use sea_orm::EntityTrait;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::super::{MarketStatus, Sportsbook, SportsbookError, require_trader};
use super::{OddsSource, SuspendedBy, mark_market};
use crate::Principal;
use entity::{sportsbook_markets as markets, sportsbook_selections as selections};

/// Most items one feed batch may carry.
pub const MAX_FEED_ITEMS: usize = 1000;

/// One change from an odds feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeedItem {
    /// New odds for a selection.
    Odds {
        /// The selection.
        selection_id: Uuid,
        /// Its new odds.
        odds: Odds,
    },
    /// Suspend (`true`) or resume (`false`) a market.
    Suspend {
        /// The market.
        market_id: Uuid,
        /// Suspend or resume.
        suspended: bool,
    },
}

/// What a feed batch changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedReport {
    /// Selections whose odds moved (several updates of one selection in a
    /// batch count once: only the last applies).
    pub odds_changed: usize,
    /// Markets suspended.
    pub suspended: usize,
    /// Markets resumed.
    pub resumed: usize,
}

impl Sportsbook<'_> {
    /// Applies a batch from an odds feed in one transaction: odds updates
    /// (coalesced per selection: the last one wins, one `odds.changed`
    /// each) and market suspensions. Unknown ids are `NotFound`, settled
    /// markets or selections `AlreadySettled`; then nothing is applied.
    /// `actor` is the trader, or None for a feed authenticated by its key.
    pub async fn apply_feed(
        &self,
        actor: Option<&Principal>,
        items: &[FeedItem],
    ) -> Result<FeedReport, SportsbookError> {
        if let Some(actor) = actor {
            require_trader(actor)?;
        }
        if items.is_empty() || items.len() > MAX_FEED_ITEMS {
            return Err(SportsbookError::validation(
                "items",
                format!("Send 1 to {MAX_FEED_ITEMS} items."),
            ));
        }
        let mut last_odds: Vec<(Uuid, Odds)> = Vec::new();
        let mut statuses: Vec<(Uuid, bool)> = Vec::new();
        for item in items {
            match *item {
                FeedItem::Odds { selection_id, odds } => {
                    last_odds.retain(|(id, _)| *id != selection_id);
                    last_odds.push((selection_id, odds));
                }
                FeedItem::Suspend {
                    market_id,
                    suspended,
                } => {
                    statuses.retain(|(id, _)| *id != market_id);
                    statuses.push((market_id, suspended));
                }
            }
        }
        let now = self.engine.now();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let mut report = FeedReport::default();
        for (selection_id, odds) in last_odds {
            let before = selections::Entity::find_by_id(selection_id)
                .one(&txn)
                .await?
                .ok_or(SportsbookError::NotFound)?;
            self.set_odds_in(
                &txn,
                now,
                actor.map(|a| a.user_id),
                selection_id,
                odds,
                OddsSource::Feed,
            )
            .await?;
            if before.odds != odds.to_string() {
                report.odds_changed += 1;
            }
        }
        for (market_id, suspended) in statuses {
            let row = markets::Entity::find_by_id(market_id)
                .one(&txn)
                .await?
                .ok_or(SportsbookError::NotFound)?;
            if row.status == MarketStatus::Settled.code() || row.status == MarketStatus::Void.code()
            {
                return Err(SportsbookError::AlreadySettled);
            }
            let target = if suspended {
                MarketStatus::Suspended
            } else {
                MarketStatus::Open
            };
            // A suspension by a trader or by the liability limit is not
            // the feed's to lift.
            let feeds = row.suspended_by.as_deref() == Some(SuspendedBy::Feed.code());
            if row.status != target.code() && (suspended || feeds) {
                mark_market(
                    &txn,
                    market_id,
                    row.event_id,
                    target,
                    Some(SuspendedBy::Feed),
                    now,
                )
                .await?;
                if suspended {
                    report.suspended += 1;
                } else {
                    report.resumed += 1;
                }
            }
        }
        txn.commit().await?;
        self.engine.events().wake();
        Ok(report)
    }
}
