//! Settlement: the trader's results (by outcomes or by score), voids and
//! resettlements, and the batches that pay the bets.
//!
//! Restart safety comes from two rules. (1) Recording a market's results is
//! one transaction: the selections' and every leg's results, the market's
//! status and a `sportsbook_settlements` row marked `pending`. (2) Paying is
//! data-driven and keyed by the bet row: a batch picks bets that are `open`
//! (or `resettle_pending`) and have no unsettled leg left, and for each one,
//! in one transaction under the player's chain lock, flips the bet's status
//! with a conditional update (same status and settle count as read) and
//! writes its ledger entry. A repeat finds the status already changed and
//! does nothing; a crash loses at most the uncommitted batch, which the next
//! run ([`Sportsbook::resume_settlements`], run at start) picks up again.
//!
//! Recording lives in `record`, paying a batch in `pay`, and what closing
//! bets writes besides the money in `closings`.

mod closings;
mod pay;
mod record;

pub(crate) use closings::{Closed, Closings};

use std::collections::HashMap;

use domain::betting::LegOutcome;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{BetState, Sportsbook, SportsbookError, require_trader};
use crate::Principal;
use crate::wallet::store::{self, with_retry};
use entity::{
    sportsbook_bet_legs as legs, sportsbook_bets as bets, sportsbook_settlements as settlements,
};

/// Lanes a settlement run pays in side by side (see [`Sportsbook::run`]).
const LANES: usize = 4;

/// The lane of a player's bets: by house shard, so that lanes share no
/// house account.
fn lane_of(player: Uuid) -> usize {
    usize::try_from(store::house_shard(player)).unwrap_or(0) % LANES
}

/// The exposure shard a lane writes to (placement adds to every shard;
/// only the sums count).
fn lane_shard(lane: usize) -> i32 {
    i32::try_from(lane).unwrap_or(0)
}

/// Bets paid per database transaction unless configured
/// ([`crate::EngineConfig::settlement_window`]).
pub const BATCH: u64 = 2_000;

/// One selection's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The selection.
    pub selection_id: Uuid,
    /// Its result (with dead heat and rule 4 for a win).
    pub outcome: LegOutcome,
}

/// How a market is settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Settlement {
    /// A result for every selection of the market, each exactly once.
    Outcomes(Vec<Outcome>),
    /// The final score (line markets only).
    Score {
        /// Home score.
        home: u32,
        /// Away score.
        away: u32,
    },
}

/// What a settle, resettle or void did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettleReport {
    /// The market.
    pub market_id: Uuid,
    /// Bets paid (or paid again) by this call.
    pub bets: usize,
}

/// What a trader's call records on a market.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Settle,
    Resettle,
    Void,
}

impl Action {
    /// Stored code (settlement runs, events, audit).
    fn code(self) -> &'static str {
        match self {
            Action::Settle => "settle",
            Action::Resettle => "resettle",
            Action::Void => "void",
        }
    }
}

impl Sportsbook<'_> {
    /// Settles a market (trader) by outcomes or, for line markets, by
    /// score, then pays every bet whose legs are now all settled.
    /// `AlreadySettled` for a settled or void market.
    pub async fn settle_market(
        &self,
        actor: &Principal,
        market_id: Uuid,
        settlement: &Settlement,
    ) -> Result<SettleReport, SportsbookError> {
        require_trader(actor)?;
        self.record(actor, market_id, Some(settlement), Action::Settle, None)
            .await?;
        self.pay(market_id).await
    }

    /// Settles a settled market again with a new result (trader): each
    /// affected bet's earlier settlement is compensated by new ledger
    /// entries and the new result paid. `NotSettled` otherwise.
    pub async fn resettle_market(
        &self,
        actor: &Principal,
        market_id: Uuid,
        settlement: &Settlement,
    ) -> Result<SettleReport, SportsbookError> {
        require_trader(actor)?;
        self.record(actor, market_id, Some(settlement), Action::Resettle, None)
            .await?;
        self.pay(market_id).await
    }

    /// Voids a market (trader): every leg on it is void (stakes back, a
    /// multiple loses a fold). A settled market is resettled as void;
    /// `AlreadySettled` when it is void already.
    pub async fn void_market(
        &self,
        actor: &Principal,
        market_id: Uuid,
        reason: &str,
    ) -> Result<SettleReport, SportsbookError> {
        require_trader(actor)?;
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 500 {
            return Err(SportsbookError::validation(
                "reason",
                "Give a reason of 1 to 500 characters.",
            ));
        }
        self.record(actor, market_id, None, Action::Void, Some(reason))
            .await?;
        self.pay(market_id).await
    }

    /// Records a market's results (trader) without paying: the bets are
    /// paid by [`Sportsbook::settle_batch`] or
    /// [`Sportsbook::resume_settlements`] (a worker). For deployments that
    /// settle big markets in the background; `settle_market` does both.
    pub async fn record_results(
        &self,
        actor: &Principal,
        market_id: Uuid,
        settlement: &Settlement,
    ) -> Result<(), SportsbookError> {
        require_trader(actor)?;
        self.record(actor, market_id, Some(settlement), Action::Settle, None)
            .await
    }

    /// Pays the market's bets ([`Self::run`]) in a task of its own, and
    /// waits for it: when the caller goes away first (a request timing
    /// out on a big market), the payment goes on.
    async fn pay(&self, market_id: Uuid) -> Result<SettleReport, SportsbookError> {
        let engine = self.engine.clone();
        tokio::spawn(async move { engine.sportsbook().run(market_id).await })
            .await
            .map_err(|e| SportsbookError::Unexpected(anyhow::anyhow!("settlement task: {e}")))?
    }

    /// Pays the market's bets window by window (in bet id order) until
    /// every bet on it has been looked at, then marks its runs done. One
    /// reader walks the windows while [`LANES`] lanes pay them, each in its
    /// own transactions: a bet goes to the lane of its player's house
    /// shard, so the lanes never lock the same ledger chain, player or
    /// house account, or exposure shard, and pay side by side.
    async fn run(&self, market_id: Uuid) -> Result<SettleReport, SportsbookError> {
        let _running = self.engine.settling().enter(market_id);
        let window = self.engine.config().settlement_window;
        let mut senders = Vec::with_capacity(LANES);
        let mut lanes = Vec::with_capacity(LANES);
        for lane in 0..LANES {
            let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<bets::Model>>(1);
            senders.push(tx);
            lanes.push(async move {
                let mut paid = 0;
                while let Some(batch) = rx.recv().await {
                    paid += self
                        .pay_candidates(market_id, &batch, lane_shard(lane))
                        .await?;
                }
                Ok::<_, SportsbookError>(paid)
            });
        }
        let reader = async move {
            let mut after = None;
            while let Some((candidates, last)) =
                self.window_candidates(market_id, after, window).await?
            {
                after = Some(last);
                let mut parts: Vec<Vec<bets::Model>> = vec![Vec::new(); LANES];
                for bet in candidates {
                    parts[lane_of(bet.player_id)].push(bet);
                }
                for (tx, part) in senders.iter().zip(parts) {
                    // A lane that failed has ended the run already.
                    if !part.is_empty() && tx.send(part).await.is_err() {
                        return Ok(());
                    }
                }
            }
            Ok::<_, SportsbookError>(())
        };
        let ((), paid) = futures::try_join!(reader, futures::future::try_join_all(lanes))?;
        self.finish_runs(market_id).await?;
        Ok(SettleReport {
            market_id,
            bets: paid.into_iter().sum(),
        })
    }

    /// Finishes every pending settlement run (at start, or by a worker):
    /// pays what an interrupted run left. Returns the bets paid.
    pub async fn resume_settlements(&self) -> Result<usize, SportsbookError> {
        let pending = settlements::Entity::find()
            .filter(settlements::Column::Status.eq("pending"))
            .order_by_asc(settlements::Column::CreatedAt)
            .all(self.engine.db())
            .await?;
        let mut markets_done = Vec::new();
        let mut total = 0;
        for run in pending {
            // A market another task of this process is paying is left to
            // it (two runners on one market pay each bet once, but wait on
            // each other's rows); one left unfinished is resumed next time.
            if markets_done.contains(&run.market_id) || self.engine.settling().busy(run.market_id) {
                continue;
            }
            markets_done.push(run.market_id);
            total += self.run(run.market_id).await?.bets;
        }
        Ok(total)
    }

    /// Pays the first bets of the market whose legs are all settled, in one
    /// database transaction per window of at most `limit` bets on the
    /// market, stopping after the first window that paid any; returns how
    /// many were paid (0 when none is left, which also marks the market's
    /// pending runs done). Idempotent: a bet is paid once whatever runs
    /// concurrently or again.
    pub async fn settle_batch(
        &self,
        market_id: Uuid,
        limit: u64,
    ) -> Result<usize, SportsbookError> {
        let mut after = None;
        while let Some((paid, last)) = self.settle_window(market_id, after, limit).await? {
            if paid > 0 {
                return Ok(paid);
            }
            after = Some(last);
        }
        self.finish_runs(market_id).await?;
        Ok(0)
    }

    /// Marks the market's pending settlement runs done.
    async fn finish_runs(&self, market_id: Uuid) -> Result<(), SportsbookError> {
        settlements::Entity::update_many()
            .col_expr(settlements::Column::Status, Expr::value("done"))
            .col_expr(
                settlements::Column::FinishedAt,
                Expr::value(self.engine.now()),
            )
            .filter(settlements::Column::MarketId.eq(market_id))
            .filter(settlements::Column::Status.eq("pending"))
            .exec(self.engine.db())
            .await?;
        Ok(())
    }

    /// Pays the payable bets among the next `limit` bets on the market
    /// after the bet id `after`: how many it paid and the last bet id it
    /// looked at, or None when no bet is left after `after`.
    async fn settle_window(
        &self,
        market_id: Uuid,
        after: Option<Uuid>,
        limit: u64,
    ) -> Result<Option<(usize, Uuid)>, SportsbookError> {
        let Some((candidates, last)) = self.window_candidates(market_id, after, limit).await?
        else {
            return Ok(None);
        };
        let paid = self.pay_candidates(market_id, &candidates, 0).await?;
        Ok(Some((paid, last)))
    }

    /// The open (or resettle-pending) bets among the next `limit` bets on
    /// the market after the bet id `after`, and the last bet id looked at;
    /// None when no bet is left after `after`.
    async fn window_candidates(
        &self,
        market_id: Uuid,
        after: Option<Uuid>,
        limit: u64,
    ) -> Result<Option<(Vec<bets::Model>, Uuid)>, SportsbookError> {
        let db = self.engine.db();
        let mut window = legs::Entity::find()
            .select_only()
            .column(legs::Column::BetId)
            .filter(legs::Column::MarketId.eq(market_id))
            .order_by_asc(legs::Column::BetId)
            .limit(limit.clamp(1, 10_000));
        if let Some(after) = after {
            window = window.filter(legs::Column::BetId.gt(after));
        }
        let mut window: Vec<Uuid> = window.into_tuple().all(db).await?;
        window.dedup();
        let Some(&last) = window.last() else {
            return Ok(None);
        };
        let candidates = bets::Entity::find()
            .filter(crate::db::one_of(
                db.get_database_backend(),
                bets::Column::Id,
                window,
            ))
            .filter(
                bets::Column::Status
                    .is_in([BetState::Open.code(), BetState::ResettlePending.code()]),
            )
            .order_by_asc(bets::Column::Id)
            .all(db)
            .await?;
        Ok(Some((candidates, last)))
    }

    /// Pays the payable ones of `candidates` ([`Self::try_batch`], again
    /// on a transient conflict), their exposure changes on `shard`.
    async fn pay_candidates(
        &self,
        market_id: Uuid,
        candidates: &[bets::Model],
        shard: i32,
    ) -> Result<usize, SportsbookError> {
        if candidates.is_empty() {
            return Ok(0);
        }
        let mut accounts = HashMap::new();
        for b in candidates {
            if let std::collections::hash_map::Entry::Vacant(slot) = accounts.entry(b.player_id) {
                slot.insert(
                    self.engine
                        .wallet()
                        .sportsbook_accounts(b.player_id)
                        .await?,
                );
            }
        }
        with_retry!(self.try_batch(market_id, candidates, &accounts, shard))
    }
}

/// The markets whose settlement runs this process is doing, with how many
/// runs each.
#[derive(Default)]
pub struct Runs(std::sync::Mutex<HashMap<Uuid, usize>>);

impl Runs {
    /// Counts a run of `market` until the guard is dropped.
    fn enter(&self, market: Uuid) -> Running<'_> {
        if let Ok(mut runs) = self.0.lock() {
            *runs.entry(market).or_default() += 1;
        }
        Running { runs: self, market }
    }

    /// True while a run of `market` is going on in this process.
    fn busy(&self, market: Uuid) -> bool {
        self.0.lock().is_ok_and(|runs| runs.contains_key(&market))
    }
}

/// A run in progress (see [`Runs::enter`]).
struct Running<'a> {
    runs: &'a Runs,
    market: Uuid,
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        if let Ok(mut runs) = self.runs.0.lock()
            && let Some(n) = runs.get_mut(&self.market)
        {
            *n -= 1;
            if *n == 0 {
                runs.remove(&self.market);
            }
        }
    }
}

/// Finishes interrupted settlement runs at start and then every `every`
/// (a crashed or failed run is paid by the next tick); runs until the
/// process ends. Errors are logged, never fatal.
pub async fn run_worker(engine: crate::Engine, every: std::time::Duration) {
    loop {
        match engine.sportsbook().resume_settlements().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(bets = n, "resumed interrupted sportsbook settlements"),
            Err(e) => tracing::warn!(error = %e, "resuming sportsbook settlements failed"),
        }
        tokio::time::sleep(every).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_market_is_busy_while_any_of_its_runs_goes_on() {
        let runs = Runs::default();
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        assert!(!runs.busy(a));
        let first = runs.enter(a);
        let second = runs.enter(a);
        assert!(runs.busy(a) && !runs.busy(b));
        drop(first);
        assert!(runs.busy(a), "one run is still going on");
        drop(second);
        assert!(!runs.busy(a));
    }
}
