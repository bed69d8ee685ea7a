//! Bet placement in one database transaction under the player's chain
//! lock: the idempotency key, every leg's market open and event not started
//! (unless in-play, after its bet delay), no related legs, the odds-change
//! policy, stake and liability limits, the wallet reserve (cash →
//! reserved), the responsible-gaming record, the bet and its legs, the
//! exposure it adds, and `bet.placed` in the outbox. The
//! responsible-gaming check (exclusions, wager and loss limits) runs just
//! before, as for casino rounds.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::Utc;
use domain::betting::{
    BetKind, Line, MarketKind, Odds, OddsChangePolicy, Side, TeaserLeg, line_count, quote_bet,
    teaser_quote,
};
use domain::compliance::ActivityKind;
use domain::money::Money;
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, DatabaseTransaction, EntityTrait, Set};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::book_exposure::{ExposedLeg, ExposureDelta};
use super::{
    BetLegView, BetView, Sportsbook, SportsbookError, bet_view, status, stored_decimal,
    stored_odds, table_of,
};
use crate::wallet::store::{self, PlayerAccounts, with_retry};
use crate::wallet::{Idempotency, Recorded};
use crate::{Principal, Role};
use entity::{
    sportsbook_bet_legs as legs, sportsbook_bets as bets, sportsbook_events as events,
    sportsbook_markets as markets, sportsbook_selections as selections,
    sportsbook_teaser_tables as teaser_tables,
};

/// One leg as the player asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegRequest {
    /// The selection.
    pub selection_id: Uuid,
    /// The odds the player saw; required except for teaser legs.
    pub odds: Option<Odds>,
}

/// A bet as the player asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BetRequest {
    /// Kind (and system type).
    pub kind: BetKind,
    /// Teaser points (teasers only).
    pub teaser_points: Option<Decimal>,
    /// Stake per line, in the wallet's currency.
    pub unit_stake: Money,
    /// The legs, in order.
    pub legs: Vec<LegRequest>,
    /// What to do when the odds moved.
    pub odds_change: OddsChangePolicy,
}

/// What one placement attempt came to.
enum Placed {
    /// Placed (or replayed).
    Done(Box<Recorded<BetView>>),
    /// An in-play leg: wait this long, then check everything again.
    WaitFirst(Duration),
}

/// A leg resolved against the catalog inside the transaction.
struct Resolved {
    selection: selections::Model,
    market: markets::Model,
    event: events::Model,
    odds: Option<Odds>,
    teased_line: Option<Line>,
}

fn decimal_of(money: Money) -> Decimal {
    money.to_decimal()
}

impl Sportsbook<'_> {
    /// Places a bet for the calling player (see the module docs). With an
    /// idempotency key a repeat of the same request returns the first bet
    /// (`replayed`) and changes nothing; a different request under the key
    /// is `Wallet(IdempotencyKeyReused)`.
    pub async fn place_bet(
        &self,
        principal: &Principal,
        request: &BetRequest,
        idem: Option<&Idempotency>,
    ) -> Result<Recorded<BetView>, SportsbookError> {
        principal
            .require(&[Role::Player])
            .map_err(|_| SportsbookError::Forbidden)?;
        let n = request.legs.len();
        request
            .kind
            .validate_legs(n)
            .map_err(|e| SportsbookError::bet("legs", e))?;
        let lines = line_count(request.kind, n).map_err(|e| SportsbookError::bet("legs", e))?;
        let is_teaser = request.kind == BetKind::Teaser;
        if is_teaser != request.teaser_points.is_some() {
            return Err(SportsbookError::validation(
                "teaser_points",
                "Teasers, and only teasers, take teaser points.",
            ));
        }
        if !is_teaser && request.legs.iter().any(|l| l.odds.is_none()) {
            return Err(SportsbookError::validation(
                "legs.odds",
                "Every leg needs the odds you accept.",
            ));
        }
        let mut seen = HashSet::new();
        let dupes: Vec<Uuid> = request
            .legs
            .iter()
            .filter(|l| !seen.insert(l.selection_id))
            .map(|l| l.selection_id)
            .collect();
        if !dupes.is_empty() {
            return Err(SportsbookError::RelatedSelections {
                selection_ids: dupes,
            });
        }
        let wallet = self.engine.wallet();
        let accounts = wallet.accounts(principal.user_id).await?;
        if request.unit_stake.currency() != accounts.currency || !request.unit_stake.is_positive() {
            return Err(SportsbookError::validation(
                "unit_stake",
                "The stake must be greater than zero, in the wallet's currency.",
            ));
        }
        let lines_i64 = i64::try_from(lines).map_err(anyhow::Error::from)?;
        let total_stake = request
            .unit_stake
            .checked_mul(lines_i64)
            .map_err(|_| SportsbookError::validation("unit_stake", "The stake is too large."))?;
        // A replay answers as the first time did, whatever changed since.
        if let Some(idem) = idem
            && let Some(answer) = store::find_idempotent(self.engine.db(), idem).await?
        {
            return Ok(Recorded {
                value: serde_json::from_value(answer.body).map_err(anyhow::Error::from)?,
                replayed: true,
            });
        }
        let now = Utc::now();
        self.engine
            .compliance()
            .check_play(principal, total_stake, now)
            .await?;
        // In-play bets wait for the longest bet delay of their events
        // first; the checks then run again against the odds and status of
        // that moment.
        let mut waited = false;
        loop {
            match with_retry!(self.try_place(&accounts, request, lines, total_stake, idem, waited))?
            {
                Placed::Done(recorded) => return Ok(*recorded),
                Placed::WaitFirst(delay) => {
                    tokio::time::sleep(delay).await;
                    waited = true;
                }
            }
        }
    }

    async fn resolve(
        &self,
        txn: &DatabaseTransaction,
        request: &BetRequest,
    ) -> Result<Vec<Resolved>, SportsbookError> {
        let ids: Vec<Uuid> = request.legs.iter().map(|l| l.selection_id).collect();
        let mut found = super::catalog_of(txn, ids).await?;
        let now = Utc::now();
        let mut out = Vec::with_capacity(request.legs.len());
        for leg in &request.legs {
            let entry = found.remove(&leg.selection_id).ok_or_else(|| {
                SportsbookError::validation("legs.selection_id", "Unknown selection.")
            })?;
            if !entry.open_for_betting(now) {
                return Err(SportsbookError::SelectionUnavailable {
                    selection_id: entry.selection.id,
                });
            }
            let super::CatalogEntry {
                selection,
                market,
                event,
            } = entry;
            out.push(Resolved {
                odds: Some(stored_odds(&selection.odds)?),
                selection,
                market,
                event,
                teased_line: None,
            });
        }
        if out.len() > 1 {
            let mut by_event: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
            for r in &out {
                by_event.entry(r.event.id).or_default().push(r.selection.id);
            }
            let related: Vec<Uuid> = by_event
                .into_values()
                .filter(|v| v.len() > 1)
                .flatten()
                .collect();
            if !related.is_empty() {
                return Err(SportsbookError::RelatedSelections {
                    selection_ids: related,
                });
            }
        }
        Ok(out)
    }

    async fn try_place(
        &self,
        accounts: &PlayerAccounts,
        request: &BetRequest,
        lines: usize,
        total_stake: Money,
        idem: Option<&Idempotency>,
        waited: bool,
    ) -> Result<Placed, SportsbookError> {
        let wallet = self.engine.wallet();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let mut chain = wallet.sportsbook_lock(&txn, accounts).await?;
        if let Some(idem) = idem
            && let Some(answer) = store::find_idempotent(&txn, idem).await?
        {
            txn.rollback().await?;
            return Ok(Placed::Done(Box::new(Recorded {
                value: serde_json::from_value(answer.body).map_err(anyhow::Error::from)?,
                replayed: true,
            })));
        }
        let mut resolved = self.resolve(&txn, request).await?;
        if !waited {
            let now = Utc::now();
            let delay = resolved
                .iter()
                .map(|r| &r.event)
                .filter(|e| e.in_play_betting && (e.starts_at <= now || e.status == "live"))
                .map(|e| e.bet_delay_ms.clamp(0, super::MAX_BET_DELAY_MS))
                .max()
                .unwrap_or(0);
            if delay > 0 {
                txn.rollback().await?;
                return Ok(Placed::WaitFirst(Duration::from_millis(
                    u64::try_from(delay).unwrap_or(0),
                )));
            }
        }
        let currency = accounts.currency;

        // Price the bet.
        let (quote, teaser_prices) = if let Some(points) = request.teaser_points {
            let points_key = points.normalize().to_string();
            let row = teaser_tables::Entity::find_by_id(points_key.clone())
                .one(&txn)
                .await?
                .ok_or_else(|| {
                    SportsbookError::validation(
                        "teaser_points",
                        format!("There is no {points_key}-point teaser table."),
                    )
                })?;
            let table = table_of(&row.points, &row.prices)?;
            for r in &mut resolved {
                let kind: MarketKind = r.market.kind.parse().map_err(anyhow::Error::from)?;
                let side: Option<Side> = r
                    .selection
                    .side
                    .as_deref()
                    .map(str::parse)
                    .transpose()
                    .map_err(anyhow::Error::from)?;
                let line: Option<Line> = r
                    .market
                    .line
                    .as_deref()
                    .map(Line::parse)
                    .transpose()
                    .map_err(anyhow::Error::from)?;
                let (Some(side), Some(line)) = (side, line) else {
                    return Err(SportsbookError::validation(
                        "legs",
                        "Teaser legs must be spread or total selections.",
                    ));
                };
                let leg = TeaserLeg {
                    kind,
                    line: side.selection_line(line),
                    side,
                };
                let teased = leg
                    .teased(points)
                    .map_err(|e| SportsbookError::bet("legs", e))?;
                r.teased_line = Some(teased.line);
                r.odds = None;
            }
            let quote = teaser_quote(request.unit_stake, &table, resolved.len())
                .map_err(|e| SportsbookError::bet("legs", e))?;
            (quote, Some(row.prices))
        } else {
            let mut changed = false;
            for (r, leg) in resolved.iter().zip(&request.legs) {
                if let (Some(current), Some(asked)) = (r.odds, leg.odds)
                    && !request.odds_change.accepts(asked, current)
                {
                    changed = true;
                }
            }
            if changed {
                return Err(SportsbookError::OddsChanged {
                    legs: resolved
                        .iter()
                        .filter_map(|r| r.odds.map(|o| (r.selection.id, o)))
                        .collect(),
                });
            }
            let odds: Vec<Odds> = resolved.iter().filter_map(|r| r.odds).collect();
            let quote = quote_bet(request.kind, request.unit_stake, &odds)
                .map_err(|e| SportsbookError::bet("unit_stake", e))?;
            (quote, None)
        };
        debug_assert_eq!(quote.lines, lines);

        // Stake limits of every leg's market and selection.
        let stake = decimal_of(total_stake);
        for r in &resolved {
            for limit in [&r.market.max_stake, &r.selection.max_stake] {
                if let Some(max) = stored_decimal(limit.as_deref())?
                    && stake > max
                {
                    return Err(SportsbookError::StakeLimitExceeded {
                        selection_id: r.selection.id,
                        max_stake: {
                            let mut shown = max;
                            shown.rescale(currency.exponent());
                            shown.to_string()
                        },
                    });
                }
            }
        }

        // Liability: what each leg's selection would lose with this bet.
        let is_single = request.kind == BetKind::Single;
        let mut suspend = Vec::new();
        for r in &resolved {
            let auto_suspend = r.market.auto_suspend && r.market.liability_limit.is_some();
            if r.selection.liability_limit.is_none() && !auto_suspend {
                continue;
            }
            let rows =
                super::book_exposure::market_exposure(&txn, r.market.id, Some(currency.code()))
                    .await?;
            let kept: i64 = rows.iter().map(|e| e.single_stakes).sum::<i64>()
                + if is_single { total_stake.minor() } else { 0 };
            let payout = rows
                .iter()
                .find(|e| e.selection_id == r.selection.id)
                .map_or(0, |e| e.payout)
                + quote.potential_return.minor();
            let liability = decimal_of(Money::new(payout - kept, currency));
            if let Some(limit) = stored_decimal(r.selection.liability_limit.as_deref())?
                && liability > limit
            {
                return Err(SportsbookError::ExposureLimitExceeded {
                    selection_id: r.selection.id,
                });
            }
            if r.market.auto_suspend
                && let Some(limit) = stored_decimal(r.market.liability_limit.as_deref())?
                && liability >= limit
            {
                suspend.push((r.market.id, r.event.id));
            }
        }

        // Money, records, events.
        let bet_id = Uuid::now_v7();
        let (place_tx, balances) = wallet
            .stake_bet(&txn, &mut chain, accounts, total_stake, bet_id, idem)
            .await?;
        crate::compliance::record_play(
            &txn,
            accounts.player_id,
            ActivityKind::Stake,
            total_stake,
            &format!("bet:{bet_id}"),
            Utc::now(),
        )
        .await?;
        let placed_at = store::now_micros();
        let row = bets::ActiveModel {
            id: Set(bet_id),
            player_id: Set(accounts.player_id),
            kind: Set(request.kind.code().to_owned()),
            system: Set(request.kind.system().map(|s| s.to_string())),
            teaser_points: Set(request.teaser_points.map(|p| p.normalize().to_string())),
            teaser_prices: Set(teaser_prices),
            lines: Set(i32::try_from(lines).map_err(anyhow::Error::from)?),
            unit_stake: Set(request.unit_stake.minor()),
            total_stake: Set(total_stake.minor()),
            potential_return: Set(quote.potential_return.minor()),
            currency: Set(currency.code().to_owned()),
            status: Set(status::OPEN.to_owned()),
            return_amount: Set(None),
            odds_change: Set(request.odds_change.code().to_owned()),
            place_transaction_id: Set(place_tx),
            settle_transaction_id: Set(None),
            settle_count: Set(0),
            shortfall: Set(0),
            placed_at: Set(placed_at),
            settled_at: Set(None),
        }
        .insert(&txn)
        .await?;
        let leg_rows: Vec<legs::ActiveModel> = resolved
            .iter()
            .zip(&request.legs)
            .enumerate()
            .map(|(i, (r, asked))| legs::ActiveModel {
                id: Set(Uuid::now_v7()),
                bet_id: Set(bet_id),
                position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
                selection_id: Set(r.selection.id),
                market_id: Set(r.market.id),
                event_id: Set(r.event.id),
                odds: Set(r.odds.map(|o| o.to_string())),
                requested_odds: Set(asked.odds.map(|o| o.to_string())),
                line: Set(r.teased_line.map(|l| l.to_string())),
                side: Set(r.teased_line.and(r.selection.side.clone())),
                result: Set(None),
                dead_heat_factor: Set(None),
                rule4_deduction: Set(None),
            })
            .collect();
        legs::Entity::insert_many(leg_rows).exec(&txn).await?;
        let mut delta = ExposureDelta::default();
        delta.add(
            &row,
            resolved.iter().map(|r| ExposedLeg {
                selection_id: r.selection.id,
                market_id: r.market.id,
            }),
            1,
        );
        delta
            .apply(&txn, super::book_exposure::shard_of(accounts.player_id))
            .await?;
        for (market_id, event_id) in suspend {
            super::trading::mark_market(
                &txn,
                market_id,
                event_id,
                status::SUSPENDED,
                Some(super::trading::SuspendedBy::Liability),
            )
            .await?;
        }
        let mut pending = crate::events::Pending::default();
        store::push_balances(
            &mut pending,
            accounts,
            balances,
            place_tx,
            domain::ledger::TransactionKind::BetPlace,
        );
        let leg_views: Vec<BetLegView> = resolved
            .iter()
            .map(|r| BetLegView {
                selection_id: r.selection.id,
                market_id: r.market.id,
                event_id: r.event.id,
                event_name: r.event.name.clone(),
                market_name: r.market.name.clone(),
                selection_name: r.selection.name.clone(),
                odds: r.odds.map(|o| o.to_string()),
                line: r.teased_line.map(|l| l.to_string()),
                result: None,
                dead_heat_factor: None,
                rule4_deduction: None,
            })
            .collect();
        let view = bet_view(&row, leg_views)?;
        pending.push(
            "bet.placed",
            &format!("player:{}", accounts.player_id),
            serde_json::json!({
                "bet_id": bet_id,
                "player_id": accounts.player_id,
                "kind": view.kind,
                "system": view.system,
                "total_stake": view.total_stake,
                "potential_return": view.potential_return,
                "currency": view.currency,
                "selections": resolved.iter().map(|r| r.selection.id).collect::<Vec<_>>(),
                "markets": resolved.iter().map(|r| r.market.id).collect::<Vec<_>>(),
                "events": resolved.iter().map(|r| r.event.id).collect::<Vec<_>>(),
            }),
        );
        pending.flush(&txn).await?;
        let answer = serde_json::to_value(&view).map_err(anyhow::Error::from)?;
        wallet.finish(txn, idem, &answer).await?;
        Ok(Placed::Done(Box::new(Recorded {
            value: view,
            replayed: false,
        })))
    }
}
