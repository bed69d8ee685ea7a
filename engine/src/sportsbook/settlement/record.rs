//! Recording a market's results in one transaction (rule (1) of
//! [`super`]): the selections' and legs' results, the exposure of the
//! multiples they decide, the market's new status and its pending run.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use domain::betting::{
    LegOutcome, LegResult, Line, MarketKind, Side, TeaserLeg, result_from_score,
};
use domain::events::{EventData, Topic};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Set,
};
use uuid::Uuid;

use super::super::book_exposure::{ExposureDelta, counted_legs};
use super::super::{BetState, MarketStatus, SelectionStatus, Sportsbook, SportsbookError};
use super::{Action, Settlement};
use crate::Principal;
use entity::{
    sportsbook_bet_legs as legs, sportsbook_bets as bets, sportsbook_markets as markets,
    sportsbook_selections as selections, sportsbook_settlements as settlements,
};

/// A decimal as stored (normalized text), or None.
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
    /// Records a market's results in one transaction (see the module docs):
    /// the action checked against the market's status, every selection's
    /// and leg's result written, the exposure of multiples the results
    /// decide moved, the market closed, bets already paid reopened for a
    /// resettle, and the pending run logged.
    pub(super) async fn record(
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
        let (action, redo) = checked_action(&market, action)?;
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
        write_selection_results(&txn, &sels, &outcomes, now).await?;
        let teased = self
            .settle_teaser_legs(&txn, &market, &outcomes, settlement)
            .await?;
        multiples_delta(market_id, &multiples, &dead_before, &outcomes, &teased)
            .apply(&txn, 0)
            .await?;
        let score = match settlement {
            Some(Settlement::Score { home, away }) => Some((*home, *away)),
            _ => None,
        };
        let event_id = market.event_id;
        let version = close_market(&txn, market, action, score, reason, now).await?;
        if redo {
            reopen_paid_bets(&txn, market_id).await?;
        }
        let recorded = Recorded {
            market_id,
            event_id,
            action,
            version,
            score,
            reason,
            at: now,
        };
        log_run(&txn, actor, &recorded, &outcomes).await?;
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
}

/// The action to record on `market` and whether it redoes an earlier
/// settlement: `AlreadySettled` to settle a settled or void market or to
/// void a void one, `NotSettled` to resettle an unsettled one.
fn checked_action(
    market: &markets::Model,
    action: Action,
) -> Result<(Action, bool), SportsbookError> {
    let settled =
        market.status == MarketStatus::Settled.code() || market.status == MarketStatus::Void.code();
    let action = match action {
        Action::Settle if settled => return Err(SportsbookError::AlreadySettled),
        Action::Resettle if !settled => return Err(SportsbookError::NotSettled),
        Action::Void if market.status == MarketStatus::Void.code() => {
            return Err(SportsbookError::AlreadySettled);
        }
        other => other,
    };
    Ok((action, settled))
}

/// Writes each selection's outcome to it (settled) and to every untreated
/// leg on it (teaser legs, on a line of their own, are settled apart).
async fn write_selection_results(
    txn: &DatabaseTransaction,
    sels: &[selections::Model],
    outcomes: &HashMap<Uuid, LegOutcome>,
    now: DateTime<Utc>,
) -> Result<(), SportsbookError> {
    for s in sels {
        let o = outcomes[&s.id];
        let mut active: selections::ActiveModel = s.clone().into();
        active.result = Set(Some(o.result().code().to_owned()));
        active.dead_heat_factor = Set(opt_str(o.dead_heat_factor()));
        active.rule4_deduction = Set(opt_str(o.rule4_deduction()));
        active.status = Set(SelectionStatus::Settled.code().to_owned());
        active.updated_at = Set(now);
        active.update(txn).await?;
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
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// How the exposure of the open `multiples` on the market changes with its
/// results. A multiple leaves the exposure of each leg whose result is now
/// recorded, and of all its legs once a losing leg loses it; it comes back
/// where a resettle reopens or revives it. Its legs after are those read
/// before (`dead_before`) with this market's results, as written.
fn multiples_delta(
    market_id: Uuid,
    multiples: &[bets::Model],
    dead_before: &HashMap<Uuid, Vec<legs::Model>>,
    outcomes: &HashMap<Uuid, LegOutcome>,
    teased: &HashMap<(Uuid, String), LegResult>,
) -> ExposureDelta {
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
    for bet in multiples {
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
    delta
}

/// Closes the market as settled (or void) with its score, void reason and
/// a settle version one up; returns that version.
async fn close_market(
    txn: &DatabaseTransaction,
    market: markets::Model,
    action: Action,
    score: Option<(u32, u32)>,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<i32, SportsbookError> {
    let version = market.settle_version + 1;
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
    active.update(txn).await?;
    Ok(version)
}

/// Marks the bets already paid on the market `resettle_pending`, so that
/// the batches pay them again.
async fn reopen_paid_bets(
    txn: &DatabaseTransaction,
    market_id: Uuid,
) -> Result<(), SportsbookError> {
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
        .exec(txn)
        .await?;
    Ok(())
}

/// A market's results as recorded, for [`log_run`].
struct Recorded<'a> {
    market_id: Uuid,
    event_id: Uuid,
    action: Action,
    /// The market's settle version after this.
    version: i32,
    score: Option<(u32, u32)>,
    reason: Option<&'a str>,
    at: DateTime<Utc>,
}

/// Logs the recording: its `pending` settlement run (which the batches pay
/// and finish), its `market.settled` event and its audit entry.
async fn log_run(
    txn: &DatabaseTransaction,
    actor: &Principal,
    recorded: &Recorded<'_>,
    outcomes: &HashMap<Uuid, LegOutcome>,
) -> Result<(), SportsbookError> {
    let Recorded {
        market_id,
        event_id,
        action,
        version,
        score,
        reason,
        at: now,
    } = *recorded;
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
    .insert(txn)
    .await?;
    crate::events::enqueue(
        txn,
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
        txn,
        now,
        Some(actor.user_id),
        &format!("sportsbook.market_{}", action.code()),
        &format!("market:{market_id}"),
        serde_json::json!({ "version": version, "score": score, "reason": reason }),
    )
    .await
    .map_err(|e| SportsbookError::Unexpected(anyhow::anyhow!("audit: {e}")))?;
    Ok(())
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
