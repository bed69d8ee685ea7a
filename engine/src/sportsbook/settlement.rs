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

use domain::events::{EventData, Topic};
use std::collections::{BTreeMap, HashMap};

use chrono::Utc;
use domain::betting::{
    BetKind, LegOutcome, LegResult, Line, MarketKind, SettledLeg, Side, TeaserLeg,
    result_from_score, settle_return, settle_teaser,
};
use domain::compliance::ActivityKind;
use domain::ledger::TransactionKind;
use domain::money::Money;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::book_exposure::{ExposureDelta, counted_legs, exposed_legs};
use super::{
    BetState, MarketStatus, SelectionStatus, Sportsbook, SportsbookError, require_trader,
    stored_currency, stored_decimal, stored_odds, table_of,
};
use crate::Principal;
use crate::wallet::store::{self, PlayerAccounts, with_retry};
use entity::{
    sportsbook_bet_legs as legs, sportsbook_bets as bets, sportsbook_markets as markets,
    sportsbook_selections as selections, sportsbook_settlements as settlements,
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Settle,
    Resettle,
    Void,
}

impl Action {
    fn code(self) -> &'static str {
        match self {
            Action::Settle => "settle",
            Action::Resettle => "resettle",
            Action::Void => "void",
        }
    }
}

fn opt_str(d: Option<rust_decimal::Decimal>) -> Option<String> {
    d.map(|d| d.normalize().to_string())
}

/// Every selection's outcome from the trader's input, checked.
fn outcomes_of(
    market: &markets::Model,
    sels: &[selections::Model],
    settlement: &Settlement,
) -> Result<HashMap<Uuid, LegOutcome>, SportsbookError> {
    match settlement {
        Settlement::Outcomes(list) => {
            let mut out = HashMap::new();
            for o in list {
                if !sels.iter().any(|s| s.id == o.selection_id) {
                    return Err(SportsbookError::validation(
                        "outcomes",
                        format!("{} is not a selection of this market.", o.selection_id),
                    ));
                }
                if out.insert(o.selection_id, o.outcome).is_some() {
                    return Err(SportsbookError::validation(
                        "outcomes",
                        format!("{} is named more than once.", o.selection_id),
                    ));
                }
            }
            if out.len() != sels.len() {
                return Err(SportsbookError::validation(
                    "outcomes",
                    "Name every selection of the market exactly once.",
                ));
            }
            Ok(out)
        }
        Settlement::Score { home, away } => {
            let kind: MarketKind = market.kind.parse().map_err(anyhow::Error::from)?;
            if !kind.has_line() {
                return Err(SportsbookError::validation(
                    "score",
                    "Only asian_handicap, spread and total markets settle by score.",
                ));
            }
            let line = Line::parse(market.line.as_deref().unwrap_or_default())
                .map_err(anyhow::Error::from)?;
            let mut out = HashMap::new();
            for s in sels {
                let side: Side = s
                    .side
                    .as_deref()
                    .unwrap_or_default()
                    .parse()
                    .map_err(anyhow::Error::from)?;
                let result = result_from_score(kind, line, side, *home, *away)
                    .map_err(|e| SportsbookError::bet("score", e))?;
                out.insert(s.id, LegOutcome::from(result));
            }
            Ok(out)
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

    /// Records a market's results in one transaction (see the module docs).
    async fn record(
        &self,
        actor: &Principal,
        market_id: Uuid,
        settlement: Option<&Settlement>,
        action: Action,
        reason: Option<&str>,
    ) -> Result<(), SportsbookError> {
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let market = markets::Entity::find_by_id(market_id)
            .one(&txn)
            .await?
            .ok_or(SportsbookError::NotFound)?;
        let settled = market.status == MarketStatus::Settled.code()
            || market.status == MarketStatus::Void.code();
        let action = match action {
            Action::Settle if settled => return Err(SportsbookError::AlreadySettled),
            Action::Resettle if !settled => return Err(SportsbookError::NotSettled),
            Action::Void if market.status == MarketStatus::Void.code() => {
                return Err(SportsbookError::AlreadySettled);
            }
            other => other,
        };
        let redo = settled;
        let sels = selections::Entity::find()
            .filter(selections::Column::MarketId.eq(market_id))
            .all(&txn)
            .await?;
        let outcomes = match settlement {
            Some(s) => outcomes_of(&market, &sels, s)?,
            None => sels
                .iter()
                .map(|s| (s.id, LegOutcome::from(LegResult::Void)))
                .collect(),
        };
        // Open multiples on this market whose fate a result may decide.
        let multiples = open_multiples(&txn, market_id).await?;
        let dead_before = legs_by_bet(&txn, &multiples).await?;
        let now = self.engine.now();
        for s in &sels {
            let o = outcomes[&s.id];
            let mut active: selections::ActiveModel = s.clone().into();
            active.result = Set(Some(o.result().code().to_owned()));
            active.dead_heat_factor = Set(opt_str(o.dead_heat_factor()));
            active.rule4_deduction = Set(opt_str(o.rule4_deduction()));
            active.status = Set(SelectionStatus::Settled.code().to_owned());
            active.updated_at = Set(now);
            active.update(&txn).await?;
            legs::Entity::update_many()
                .col_expr(legs::Column::Result, Expr::value(o.result().code()))
                .col_expr(
                    legs::Column::DeadHeatFactor,
                    Expr::value(opt_str(o.dead_heat_factor())),
                )
                .col_expr(
                    legs::Column::Rule4Deduction,
                    Expr::value(opt_str(o.rule4_deduction())),
                )
                .filter(legs::Column::SelectionId.eq(s.id))
                .filter(legs::Column::Line.is_null())
                .exec(&txn)
                .await?;
        }
        let teased = self
            .settle_teaser_legs(&txn, &market, &outcomes, settlement)
            .await?;
        // A multiple leaves the exposure of each leg whose result is now
        // recorded, and of all its legs once a losing leg loses it; it
        // comes back where a resettle reopens or revives it. Its legs after
        // are those read before with this market's results, as written.
        let mut after = dead_before.clone();
        for leg in after.values_mut().flatten() {
            if leg.market_id != market_id {
                continue;
            }
            let result = match &leg.line {
                None => outcomes.get(&leg.selection_id).map(|o| o.result()),
                Some(line) => teased.get(&(leg.selection_id, line.clone())).copied(),
            };
            if let Some(result) = result {
                leg.result = Some(result.code().to_owned());
            }
        }
        let mut delta = ExposureDelta::default();
        for bet in &multiples {
            let before_legs = dead_before
                .get(&bet.id)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let after_legs = after.get(&bet.id).map(Vec::as_slice).unwrap_or_default();
            let before = counted_legs(bet, before_legs);
            let after = counted_legs(bet, after_legs);
            delta.add(
                bet,
                before.iter().filter(|l| !after.contains(l)).copied(),
                -1,
            );
            delta.add(
                bet,
                after.iter().filter(|l| !before.contains(l)).copied(),
                1,
            );
        }
        delta.apply(&txn, 0).await?;
        let score = match settlement {
            Some(Settlement::Score { home, away }) => Some((*home, *away)),
            _ => None,
        };
        let version = market.settle_version + 1;
        let event_id = market.event_id;
        let mut active: markets::ActiveModel = market.into();
        active.status = Set(if action == Action::Void {
            MarketStatus::Void.code().to_owned()
        } else {
            MarketStatus::Settled.code().to_owned()
        });
        active.settle_version = Set(version);
        active.score_home = Set(score.map(|s| i32::try_from(s.0).unwrap_or(i32::MAX)));
        active.score_away = Set(score.map(|s| i32::try_from(s.1).unwrap_or(i32::MAX)));
        active.void_reason = Set(reason.map(str::to_owned));
        active.settled_at = Set(Some(now));
        active.updated_at = Set(now);
        active.update(&txn).await?;
        if redo {
            // Bets already paid on this market are paid again by the batches.
            let on_market = Query::select()
                .column(legs::Column::BetId)
                .from(legs::Entity)
                .and_where(Expr::col(legs::Column::MarketId).eq(market_id))
                .to_owned();
            bets::Entity::update_many()
                .col_expr(
                    bets::Column::Status,
                    Expr::value(BetState::ResettlePending.code()),
                )
                .filter(bets::Column::Status.eq(BetState::Settled.code()))
                .filter(bets::Column::Id.in_subquery(on_market))
                .exec(&txn)
                .await?;
        }
        settlements::ActiveModel {
            id: Set(Uuid::now_v7()),
            market_id: Set(market_id),
            action: Set(action.code().to_owned()),
            version: Set(version),
            status: Set("pending".to_owned()),
            bets_settled: Set(0),
            actor_id: Set(Some(actor.user_id)),
            created_at: Set(now),
            finished_at: Set(None),
        }
        .insert(&txn)
        .await?;
        crate::events::enqueue(
            &txn,
            now,
            Topic::Odds(event_id),
            EventData::MarketSettled(domain::events::MarketSettled {
                event_id,
                market_id,
                action: action.code().to_owned(),
                version,
                results: outcomes.iter().map(|(id, o)| (*id, o.result())).collect(),
            }),
        )
        .await?;
        crate::audit::record(
            &txn,
            now,
            Some(actor.user_id),
            &format!("sportsbook.market_{}", action.code()),
            &format!("market:{market_id}"),
            serde_json::json!({ "version": version, "score": score, "reason": reason }),
        )
        .await
        .map_err(|e| SportsbookError::Unexpected(anyhow::anyhow!("audit: {e}")))?;
        txn.commit().await?;
        self.engine.events().wake();
        Ok(())
    }

    /// Teaser legs settle on their own teased line: from the score, or void
    /// with a void selection. Other outcomes cannot price a teased line.
    /// Returns the result written per selection and teased line.
    async fn settle_teaser_legs(
        &self,
        txn: &DatabaseTransaction,
        market: &markets::Model,
        outcomes: &HashMap<Uuid, LegOutcome>,
        settlement: Option<&Settlement>,
    ) -> Result<HashMap<(Uuid, String), LegResult>, SportsbookError> {
        let teased = legs::Entity::find()
            .filter(legs::Column::MarketId.eq(market.id))
            .filter(legs::Column::Line.is_not_null())
            .all(txn)
            .await?;
        let mut done: HashMap<(Uuid, String), LegResult> = HashMap::new();
        for leg in &teased {
            let line_code = leg.line.clone().unwrap_or_default();
            let key = (leg.selection_id, line_code.clone());
            if done.contains_key(&key) {
                continue;
            }
            let selection_void = outcomes
                .get(&leg.selection_id)
                .is_some_and(|o| o.result() == LegResult::Void);
            let result = match settlement {
                Some(Settlement::Score { home, away }) => {
                    let t = TeaserLeg {
                        kind: market.kind.parse().map_err(anyhow::Error::from)?,
                        line: Line::parse(&line_code).map_err(anyhow::Error::from)?,
                        side: leg
                            .side
                            .as_deref()
                            .unwrap_or_default()
                            .parse()
                            .map_err(anyhow::Error::from)?,
                    };
                    t.result(*home, *away)
                        .map_err(|e| SportsbookError::bet("score", e))?
                }
                _ if selection_void || settlement.is_none() => LegResult::Void,
                _ => {
                    return Err(SportsbookError::validation(
                        "outcomes",
                        "Teaser bets on this market are settled by score (or void).",
                    ));
                }
            };
            legs::Entity::update_many()
                .col_expr(legs::Column::Result, Expr::value(result.code()))
                .filter(legs::Column::SelectionId.eq(leg.selection_id))
                .filter(legs::Column::Line.eq(line_code))
                .exec(txn)
                .await?;
            done.insert(key, result);
        }
        Ok(done)
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

    /// Pays the candidates whose legs are all settled in one transaction:
    /// first-time settlements together (their status flips, ledger entries,
    /// winnings and events written by a fixed number of statements), then
    /// resettlements one by one.
    async fn try_batch(
        &self,
        market_id: Uuid,
        candidates: &[bets::Model],
        accounts: &HashMap<Uuid, PlayerAccounts>,
        shard: i32,
    ) -> Result<usize, SportsbookError> {
        let wallet = self.engine.wallet();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let ids: Vec<Uuid> = candidates.iter().map(|b| b.id).collect();
        let mut legs_of: HashMap<Uuid, Vec<legs::Model>> = HashMap::new();
        for leg in legs::Entity::find()
            .filter(crate::db::one_of(
                txn.get_database_backend(),
                legs::Column::BetId,
                ids,
            ))
            .order_by_asc(legs::Column::Position)
            .all(&txn)
            .await?
        {
            legs_of.entry(leg.bet_id).or_default().push(leg);
        }
        let ready: Vec<(&bets::Model, &[legs::Model])> = candidates
            .iter()
            .map(|bet| {
                let bet_legs = legs_of.get(&bet.id).map(Vec::as_slice).unwrap_or_default();
                (bet, bet_legs)
            })
            .filter(|(_, bet_legs)| {
                !bet_legs.is_empty() && bet_legs.iter().all(|l| l.result.is_some())
            })
            .collect();
        if ready.is_empty() {
            return Ok(0);
        }
        let player_of = |bet: &bets::Model| {
            accounts
                .get(&bet.player_id)
                .ok_or_else(|| anyhow::anyhow!("accounts of {} not loaded", bet.player_id))
        };
        let mut chain_keys: Vec<String> = ready
            .iter()
            .map(|(bet, _)| store::player_chain(bet.player_id))
            .collect();
        chain_keys.sort();
        chain_keys.dedup();
        let now = self.engine.now();
        let mut heads = store::lock_chains(&txn, &chain_keys, now).await?;

        // First settlements: one conditional update flips them all.
        let mut fresh = Vec::new();
        for (bet, bet_legs) in ready
            .iter()
            .filter(|(b, _)| b.status == BetState::Open.code())
        {
            fresh.push(Payment {
                bet,
                legs: bet_legs,
                payout: bet_return(bet, bet_legs)?,
                transaction_id: Uuid::now_v7(),
            });
        }
        let flipped = flip_settled(&txn, &fresh, now).await?;
        let mut drafts = Vec::new();
        let mut players: Vec<PlayerAccounts> = Vec::new();
        let mut closings = Closings::new(now);
        let mut delta = ExposureDelta::default();
        let mut last_tx: HashMap<Uuid, Uuid> = HashMap::new();
        let mut paid = 0usize;
        for pay in fresh.iter().filter(|p| flipped.contains(&p.bet.id)) {
            let (bet, bet_legs) = (pay.bet, pay.legs);
            let player = player_of(bet)?;
            let count = bet.settle_count + 1;
            let stake = Money::new(bet.total_stake, pay.payout.currency());
            drafts.push(
                wallet
                    .settle_draft(
                        &txn,
                        player,
                        stake,
                        pay.payout,
                        bet.id,
                        count,
                        pay.transaction_id,
                    )
                    .await?,
            );
            if !players.contains(player) {
                players.push(*player);
            }
            // An open single leaves the exposure when it is paid (a
            // multiple left each leg's selection when that leg's result
            // was recorded).
            delta.add(bet, exposed_legs(bet, bet_legs), -1);
            closings.add(
                bet,
                bet_legs,
                Closed {
                    payout: pay.payout,
                    winnings: pay.payout,
                    count,
                    resettled: false,
                    cashed_out: false,
                },
            )?;
            last_tx.insert(bet.player_id, pay.transaction_id);
            paid += 1;
        }
        // Nothing to write when another runner flipped them first.
        let mut known: HashMap<Uuid, crate::wallet::Balances> = HashMap::new();
        if !drafts.is_empty() {
            let (_, after) = store::append_many(&txn, now, &mut heads, drafts, &players).await?;
            known = players
                .iter()
                .map(|p| (p.player_id, store::balances_of(p, &after)))
                .collect();
        }

        // Resettlements, each with its compensating entries.
        for (bet, bet_legs) in ready
            .iter()
            .filter(|(b, _)| b.status == BetState::ResettlePending.code())
        {
            let player = player_of(bet)?;
            let chain = heads
                .get_mut(&store::player_chain(bet.player_id))
                .ok_or_else(|| anyhow::anyhow!("chain of {} not locked", bet.player_id))?;
            let currency = stored_currency(&bet.currency)?;
            let payout = bet_return(bet, bet_legs)?;
            let count = bet.settle_count + 1;
            let flipped = bets::Entity::update_many()
                .col_expr(bets::Column::Status, Expr::value(BetState::Settled.code()))
                .col_expr(bets::Column::ReturnAmount, Expr::value(payout.minor()))
                .col_expr(bets::Column::SettledAt, Expr::value(now))
                .col_expr(bets::Column::SettleCount, Expr::value(count))
                .filter(bets::Column::Id.eq(bet.id))
                .filter(bets::Column::Status.eq(bet.status.clone()))
                .filter(bets::Column::SettleCount.eq(bet.settle_count))
                .exec(&txn)
                .await?;
            if flipped.rows_affected != 1 {
                continue;
            }
            let stake = Money::new(bet.total_stake, currency);
            let previous = bet
                .settle_transaction_id
                .ok_or_else(|| anyhow::anyhow!("settled bet {} without its entry", bet.id))?;
            let previous_payout = Money::new(bet.return_amount.unwrap_or(0), currency);
            let r = wallet
                .resettle_bet(
                    &txn,
                    chain,
                    player,
                    stake,
                    previous,
                    previous_payout,
                    payout,
                    bet.id,
                    count,
                )
                .await?;
            let more = payout.minor() - previous_payout.minor();
            bets::Entity::update_many()
                .col_expr(
                    bets::Column::SettleTransactionId,
                    Expr::value(r.transaction_id),
                )
                .col_expr(
                    bets::Column::Shortfall,
                    Expr::value(bet.shortfall + r.shortfall.minor()),
                )
                .filter(bets::Column::Id.eq(bet.id))
                .exec(&txn)
                .await?;
            closings.add(
                bet,
                bet_legs,
                Closed {
                    payout,
                    winnings: Money::new(Ord::max(more, 0), currency),
                    count,
                    resettled: true,
                    cashed_out: false,
                },
            )?;
            // Read again below: the batch's own balances are stale now.
            known.remove(&bet.player_id);
            last_tx.insert(bet.player_id, r.transaction_id);
            paid += 1;
        }
        let mut events = closings.flush_plays(&txn).await?;
        for (player, tx) in &last_tx {
            if let Some(a) = accounts.get(player) {
                let now = match known.get(player) {
                    Some(now) => *now,
                    None => store::balances(&txn, a).await?,
                };
                store::push_balances(&mut events, a, now, *tx, TransactionKind::BetSettle);
            }
        }
        events.flush(&txn).await?;
        delta.apply(&txn, shard).await?;
        if paid > 0 {
            settlements::Entity::update_many()
                .col_expr(
                    settlements::Column::BetsSettled,
                    Expr::col(settlements::Column::BetsSettled)
                        .add(i32::try_from(paid).unwrap_or(i32::MAX)),
                )
                .filter(settlements::Column::MarketId.eq(market_id))
                .filter(settlements::Column::Status.eq("pending"))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        self.engine.events().wake();
        Ok(paid)
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

/// A first settlement about to be paid.
struct Payment<'a> {
    bet: &'a bets::Model,
    legs: &'a [legs::Model],
    payout: Money,
    /// The id its ledger transaction will have.
    transaction_id: Uuid,
}

/// Flips the open bets of `batch` to settled with their returns and ledger
/// transaction ids in one statement, each only if still open with the
/// settle count read; returns the ids it flipped.
async fn flip_settled(
    txn: &DatabaseTransaction,
    batch: &[Payment<'_>],
    now: chrono::DateTime<Utc>,
) -> Result<std::collections::HashSet<Uuid>, SportsbookError> {
    use sea_orm::sea_query::CaseStatement;
    if txn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        return flip_settled_joined(txn, batch, now).await;
    }
    let mut returns: Option<CaseStatement> = None;
    let mut entries: Option<CaseStatement> = None;
    let mut by_count: BTreeMap<i32, Vec<Uuid>> = BTreeMap::new();
    for pay in batch {
        let when = || Expr::col(bets::Column::Id).eq(pay.bet.id);
        returns = Some(match returns {
            None => Expr::case(when(), pay.payout.minor()),
            Some(case) => case.case(when(), pay.payout.minor()),
        });
        entries = Some(match entries {
            None => Expr::case(when(), pay.transaction_id),
            Some(case) => case.case(when(), pay.transaction_id),
        });
        by_count
            .entry(pay.bet.settle_count)
            .or_default()
            .push(pay.bet.id);
    }
    let (Some(returns), Some(entries)) = (returns, entries) else {
        return Ok(std::collections::HashSet::new());
    };
    let mut same = sea_orm::Condition::any();
    for (count, ids) in by_count {
        same = same.add(
            sea_orm::Condition::all()
                .add(bets::Column::SettleCount.eq(count))
                .add(bets::Column::Id.is_in(ids)),
        );
    }
    let update = bets::Entity::update_many()
        .col_expr(bets::Column::Status, Expr::value(BetState::Settled.code()))
        .col_expr(
            bets::Column::ReturnAmount,
            returns
                .finally(Expr::col(bets::Column::ReturnAmount))
                .into(),
        )
        .col_expr(bets::Column::SettledAt, Expr::value(now))
        .col_expr(
            bets::Column::SettleCount,
            Expr::col(bets::Column::SettleCount).add(1),
        )
        .col_expr(
            bets::Column::SettleTransactionId,
            entries
                .finally(Expr::col(bets::Column::SettleTransactionId))
                .into(),
        )
        .filter(bets::Column::Status.eq(BetState::Open.code()))
        .filter(same);
    if txn.support_returning() {
        return Ok(update
            .exec_with_returning(txn)
            .await?
            .into_iter()
            .map(|b| b.id)
            .collect());
    }
    update.exec(txn).await?;
    Ok(bets::Entity::find()
        .select_only()
        .column(bets::Column::Id)
        .filter(bets::Column::SettleTransactionId.is_in(batch.iter().map(|p| p.transaction_id)))
        .into_tuple::<Uuid>()
        .all(txn)
        .await?
        .into_iter()
        .collect())
}

/// [`flip_settled`] on PostgreSQL: the batch goes as four arrays joined
/// to the bets (a `CASE` of one branch per bet would make the update
/// quadratic in the batch).
async fn flip_settled_joined(
    txn: &DatabaseTransaction,
    batch: &[Payment<'_>],
    now: chrono::DateTime<Utc>,
) -> Result<std::collections::HashSet<Uuid>, SportsbookError> {
    use sea_orm::{EntityName, IdenStatic};
    let col = |c: bets::Column| c.as_str();
    let sql = format!(
        "UPDATE \"{table}\" AS b SET \"{status}\" = $1, \"{settled_at}\" = $2, \
         \"{count}\" = b.\"{count}\" + 1, \"{ret}\" = u.ret, \"{entry}\" = u.entry \
         FROM UNNEST($3, $4, $5, $6) AS u(id, cnt, ret, entry) \
         WHERE b.\"{id}\" = u.id AND b.\"{count}\" = u.cnt AND b.\"{status}\" = $7 \
         RETURNING b.\"{id}\"",
        table = bets::Entity.table_name(),
        status = col(bets::Column::Status),
        settled_at = col(bets::Column::SettledAt),
        count = col(bets::Column::SettleCount),
        ret = col(bets::Column::ReturnAmount),
        entry = col(bets::Column::SettleTransactionId),
        id = col(bets::Column::Id),
    );
    let values: Vec<sea_orm::Value> = vec![
        BetState::Settled.code().into(),
        now.into(),
        crate::db::array(batch.iter().map(|p| p.bet.id)),
        crate::db::array(batch.iter().map(|p| p.bet.settle_count)),
        crate::db::array(batch.iter().map(|p| p.payout.minor())),
        crate::db::array(batch.iter().map(|p| p.transaction_id)),
        BetState::Open.code().into(),
    ];
    let rows = txn.query_all_raw(crate::db::postgres(sql, values)).await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get::<Uuid>("", col(bets::Column::Id)))
        .collect::<Result<_, _>>()?)
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

/// What a bet whose legs are all settled returns (BETTING_RULES.md).
fn bet_return(bet: &bets::Model, bet_legs: &[legs::Model]) -> Result<Money, SportsbookError> {
    let currency = stored_currency(&bet.currency)?;
    let unit = Money::new(bet.unit_stake, currency);
    let result_of = |leg: &legs::Model| -> Result<LegResult, SportsbookError> {
        leg.result
            .as_deref()
            .unwrap_or_default()
            .parse()
            .map_err(|e| SportsbookError::Unexpected(anyhow::anyhow!("leg result: {e}")))
    };
    let bad = |e: domain::betting::BetError| {
        SportsbookError::Unexpected(anyhow::anyhow!("settling bet {}: {e}", bet.id))
    };
    if bet.kind == BetKind::Teaser.code() {
        let table = table_of(
            bet.teaser_points.as_deref().unwrap_or_default(),
            bet.teaser_prices.as_deref().unwrap_or("{}"),
        )?;
        let results = bet_legs
            .iter()
            .map(result_of)
            .collect::<Result<Vec<_>, _>>()?;
        return settle_teaser(unit, &table, &results).map_err(bad);
    }
    let kind = BetKind::from_parts(&bet.kind, bet.system.as_deref()).map_err(bad)?;
    let settled = bet_legs
        .iter()
        .map(|leg| {
            let odds = stored_odds(leg.odds.as_deref().unwrap_or_default())?;
            let outcome = LegOutcome::new(
                result_of(leg)?,
                stored_decimal(leg.dead_heat_factor.as_deref())?,
                stored_decimal(leg.rule4_deduction.as_deref())?,
            )
            .map_err(bad)?;
            Ok(SettledLeg { odds, outcome })
        })
        .collect::<Result<Vec<_>, SportsbookError>>()?;
    settle_return(kind, unit, &settled).map_err(bad)
}

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

/// Open multiples (every kind but single) with a leg on the market.
async fn open_multiples<C: ConnectionTrait>(
    conn: &C,
    market_id: Uuid,
) -> Result<Vec<bets::Model>, SportsbookError> {
    let on_market = Query::select()
        .column(legs::Column::BetId)
        .from(legs::Entity)
        .and_where(Expr::col(legs::Column::MarketId).eq(market_id))
        .to_owned();
    Ok(bets::Entity::find()
        .filter(bets::Column::Status.eq(BetState::Open.code()))
        .filter(bets::Column::Kind.ne("single"))
        .filter(bets::Column::Id.in_subquery(on_market))
        .all(conn)
        .await?)
}

/// The legs of the bets, by bet.
async fn legs_by_bet<C: ConnectionTrait>(
    conn: &C,
    of: &[bets::Model],
) -> Result<HashMap<Uuid, Vec<legs::Model>>, SportsbookError> {
    let mut out: HashMap<Uuid, Vec<legs::Model>> = HashMap::new();
    for chunk in of.chunks(2_000) {
        for leg in legs::Entity::find()
            .filter(crate::db::one_of(
                conn.get_database_backend(),
                legs::Column::BetId,
                chunk.iter().map(|b| b.id).collect(),
            ))
            .all(conn)
            .await?
        {
            out.entry(leg.bet_id).or_default().push(leg);
        }
    }
    Ok(out)
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
