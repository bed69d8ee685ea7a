//! What closing bets writes besides the money (responsible-gaming
//! winnings and `bet.settled` events), for settlement and cash-out alike.

use chrono::Utc;
use domain::compliance::ActivityKind;
use domain::events::{EventData, Topic};
use domain::money::Money;
use sea_orm::DatabaseTransaction;

use super::super::SportsbookError;
use entity::{sportsbook_bet_legs as legs, sportsbook_bets as bets};

/// How a bet closed, for [`Closings::add`].
pub(crate) struct Closed {
    /// What it returns.
    pub payout: Money,
    /// New winnings for responsible gaming (the return, or on a resettle
    /// what it adds to the earlier one).
    pub winnings: Money,
    /// Its settle count after this.
    pub count: i32,
    /// A resettlement.
    pub resettled: bool,
    /// A cash-out.
    pub cashed_out: bool,
}

/// What closing bets writes besides the money, collected over a
/// transaction and written together: each bet's winnings for responsible
/// gaming and its `bet.settled` event.
pub(crate) struct Closings {
    events: crate::events::Pending,
    plays: Vec<entity::rg_activity::ActiveModel>,
    at: chrono::DateTime<Utc>,
}

impl Closings {
    /// Nothing closed yet; what is added is written `at` (the
    /// transaction's time).
    pub(crate) fn new(at: chrono::DateTime<Utc>) -> Self {
        Self {
            events: crate::events::Pending::new(at),
            plays: Vec::new(),
            at,
        }
    }

    /// Adds a closed bet.
    pub(crate) fn add(
        &mut self,
        bet: &bets::Model,
        bet_legs: &[legs::Model],
        closed: Closed,
    ) -> Result<(), SportsbookError> {
        if closed.winnings.is_positive() {
            self.plays.push(crate::compliance::play_row(
                bet.player_id,
                ActivityKind::Winnings,
                closed.winnings,
                &format!("bet:{}", bet.id),
                self.at,
            )?);
        }
        let settled = domain::events::BetSettled {
            bet_id: bet.id,
            player_id: bet.player_id,
            total_stake: Money::new(bet.total_stake, closed.payout.currency()).format_amount(),
            r#return: closed.payout.format_amount(),
            currency: closed.payout.currency(),
            resettled: closed.resettled,
            settle_count: closed.count,
            events: bet_legs.iter().map(|l| l.event_id).collect(),
            cashed_out: closed.cashed_out,
        };
        self.events
            .push(Topic::Player(bet.player_id), EventData::BetSettled(settled));
        Ok(())
    }

    /// Writes the winnings; returns the events, for the caller to add its
    /// own and flush.
    pub(crate) async fn flush_plays(
        self,
        txn: &DatabaseTransaction,
    ) -> Result<crate::events::Pending, SportsbookError> {
        crate::compliance::record_plays(txn, self.plays).await?;
        Ok(self.events)
    }

    /// Writes everything.
    pub(crate) async fn flush(self, txn: &DatabaseTransaction) -> Result<(), SportsbookError> {
        self.flush_plays(txn).await?.flush(txn).await?;
        Ok(())
    }
}
