//! Deciding each bet of a placement batch against the book (legs
//! resolved, in-play delay, price, stake and liability limits) and
//! accepting it (its stake checked against the balances and everything it
//! writes gathered), in arrival order.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use chrono::{DateTime, Utc};
use domain::betting::{
    BetKind, BetQuote, Line, MarketKind, Odds, Side, TeaserLeg, quote_bet, teaser_quote,
};
use domain::compliance::ActivityKind;
use domain::events::{EventData, Topic};
use domain::ledger::TransactionKind;
use domain::money::{Currency, Money};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::super::book_exposure::{ExposedLeg, Exposure};
use super::super::{
    Bet, BetLeg, BetState, EventStatus, SportsbookError, bet_view, stored_decimal, stored_odds,
    table_of,
};
use super::{
    Answer, BetRequest, Book, Decided, LegRequest, PlaceJob, Placed, Resolved, Writes, decimal_of,
};
use crate::wallet::store::{self, Draft, PlayerAccounts};
use crate::wallet::{Recorded, Wallet, WalletError};
use entity::{sportsbook_bet_legs as legs, sportsbook_bets as bets};

/// Every leg's selection, market and event: known, open for betting (and
/// not suspended by an earlier bet of the batch), no two legs on one event.
fn resolve(
    book: &Book,
    request: &BetRequest,
    now: DateTime<Utc>,
) -> Result<Vec<Resolved>, SportsbookError> {
    let mut out = Vec::with_capacity(request.legs.len());
    for leg in &request.legs {
        let entry = book.catalog.get(&leg.selection_id).ok_or_else(|| {
            SportsbookError::validation("legs.selection_id", "Unknown selection.")
        })?;
        if !entry.open_for_betting(now) || book.suspended.contains(&entry.market.id) {
            return Err(SportsbookError::SelectionUnavailable {
                selection_id: entry.selection.id,
            });
        }
        out.push(Resolved {
            odds: Some(stored_odds(&entry.selection.odds)?),
            selection: entry.selection.clone(),
            market: entry.market.clone(),
            event: entry.event.clone(),
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

/// Decides one bet against the book: `Ok(Err(delay))` when an in-play leg
/// makes it wait first, `Err` when it is refused. The steps: resolve the
/// legs, wait for in-play, price the bet, then check the stake and
/// liability limits.
pub(super) fn decide(
    job: &PlaceJob,
    book: &Book,
    now: DateTime<Utc>,
) -> Result<Result<Decided, Duration>, SportsbookError> {
    let request = &job.request;
    let mut resolved = resolve(book, request, now)?;
    if !job.waited {
        let delay = in_play_delay(&resolved, now);
        if !delay.is_zero() {
            return Ok(Err(delay));
        }
    }
    let currency = job.accounts.currency;

    // Price the bet.
    let (quote, teaser_prices) = if let Some(points) = request.teaser_points {
        price_teaser(book, request, points, &mut resolved)?
    } else {
        (price_at_odds(request, &resolved)?, None)
    };
    debug_assert_eq!(quote.lines, job.lines);

    check_stake_limits(&resolved, decimal_of(job.total_stake), currency)?;
    let suspend = check_liability(job, book, &resolved, quote.potential_return)?;
    Ok(Ok(Decided {
        resolved,
        potential_return: quote.potential_return,
        teaser_prices,
        suspend,
        house_paid: None,
    }))
}

/// The longest bet delay of the legs whose event is in play (zero when
/// none is).
fn in_play_delay(resolved: &[Resolved], now: DateTime<Utc>) -> Duration {
    let delay = resolved
        .iter()
        .map(|r| &r.event)
        .filter(|e| {
            e.in_play_betting && (e.starts_at <= now || e.status == EventStatus::Live.code())
        })
        .map(|e| e.bet_delay_ms.clamp(0, super::super::MAX_BET_DELAY_MS))
        .max()
        .unwrap_or(0);
    Duration::from_millis(u64::try_from(delay).unwrap_or(0))
}

/// Prices a teaser from the table of its points: every leg (a spread or
/// total selection) moves to its teased line and loses its own odds.
/// Returns the quote and the table's prices, kept with the bet.
fn price_teaser(
    book: &Book,
    request: &BetRequest,
    points: Decimal,
    resolved: &mut [Resolved],
) -> Result<(BetQuote, Option<String>), SportsbookError> {
    let points_key = points.normalize().to_string();
    let row = book.teasers.get(&points_key).ok_or_else(|| {
        SportsbookError::validation(
            "teaser_points",
            format!("There is no {points_key}-point teaser table."),
        )
    })?;
    let table = table_of(&row.points, &row.prices)?;
    for r in resolved.iter_mut() {
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
    Ok((quote, Some(row.prices.clone())))
}

/// Prices a bet at its legs' current odds; `OddsChanged` (with every
/// current price) when one moved in a way the player's policy refuses.
fn price_at_odds(request: &BetRequest, resolved: &[Resolved]) -> Result<BetQuote, SportsbookError> {
    let changed = resolved.iter().zip(&request.legs).any(|(r, leg)| {
        matches!((r.odds, leg.odds), (Some(current), Some(asked))
            if !request.odds_change.accepts(asked, current))
    });
    if changed {
        return Err(SportsbookError::OddsChanged {
            legs: resolved
                .iter()
                .filter_map(|r| r.odds.map(|o| (r.selection.id, o)))
                .collect(),
        });
    }
    let odds: Vec<Odds> = resolved.iter().filter_map(|r| r.odds).collect();
    quote_bet(request.kind, request.unit_stake, &odds)
        .map_err(|e| SportsbookError::bet("unit_stake", e))
}

/// The stake limits of every leg's market and selection.
fn check_stake_limits(
    resolved: &[Resolved],
    stake: Decimal,
    currency: Currency,
) -> Result<(), SportsbookError> {
    for r in resolved {
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
    Ok(())
}

/// Liability: what each leg's selection would lose with this bet, against
/// the selection's limit (refused beyond it) and the market's auto-suspend
/// limit. Returns the markets (with their events) the bet suspends.
fn check_liability(
    job: &PlaceJob,
    book: &Book,
    resolved: &[Resolved],
    potential_return: Money,
) -> Result<Vec<(Uuid, Uuid)>, SportsbookError> {
    let currency = job.accounts.currency;
    let is_single = job.request.kind == BetKind::Single;
    let mut suspend = Vec::new();
    for r in resolved {
        let auto_suspend = r.market.auto_suspend && r.market.liability_limit.is_some();
        if r.selection.liability_limit.is_none() && !auto_suspend {
            continue;
        }
        let rows = book.exposure.get(&r.market.id);
        let in_currency = || {
            rows.into_iter()
                .flat_map(BTreeMap::values)
                .filter(|e| e.currency == currency.code())
        };
        let kept: i64 = in_currency().map(|e| e.single_stakes).sum::<i64>()
            + if is_single {
                job.total_stake.minor()
            } else {
                0
            };
        let payout = in_currency()
            .find(|e| e.selection_id == r.selection.id)
            .map_or(0, |e| e.payout)
            + potential_return.minor();
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
    Ok(suspend)
}

/// Takes a decided bet's stake from the player's cash, then bonus money
/// (refused when the two do not cover it) and adds everything it writes to `w`, and what it changes
/// to `book` for the bets after it. Everything that can fail comes first:
/// a refused or failed bet leaves `w` and `book` as they were.
pub(super) fn accept(
    job: &PlaceJob,
    decided: Decided,
    now: DateTime<Utc>,
    book: &mut Book,
    w: &mut Writes,
) -> Answer {
    let accounts = &job.accounts;
    let request = &job.request;
    let currency = accounts.currency;
    let total_stake = job.total_stake;
    let Decided {
        resolved,
        potential_return,
        teaser_prices,
        suspend,
        house_paid,
    } = decided;

    // The money: cash first, then bonus money → reserved, checked as the
    // ledger's statement checks (a free bet's stake comes from the house
    // instead). The balances are the book's, read under the chain lock.
    let (stake_legs, from_bonus) = match house_paid {
        Some(legs) => (legs, Money::zero(currency)),
        None => {
            let held = |id: Uuid| Money::new(book.balance.get(&id).copied().unwrap_or(0), currency);
            let (_, from_bonus) =
                domain::bonus::split_stake(total_stake, held(accounts.cash), held(accounts.bonus))
                    .ok_or(WalletError::InsufficientFunds)?;
            (
                Wallet::stake_legs(accounts, total_stake, from_bonus)?,
                from_bonus,
            )
        }
    };
    let after = balances_after(accounts, book, &stake_legs)?;

    let bet_id = Uuid::now_v7();
    let place_tx = Uuid::now_v7();
    let reference = format!("bet:{bet_id}");
    let placed_at = store::micros(now);
    let play = crate::compliance::play_row(
        accounts.player_id,
        ActivityKind::Stake,
        total_stake,
        &reference,
        placed_at,
    )?;
    let bet = bets::Model {
        id: bet_id,
        player_id: accounts.player_id,
        kind: request.kind.code().to_owned(),
        system: request.kind.system().map(|s| s.to_string()),
        teaser_points: request.teaser_points.map(|p| p.normalize().to_string()),
        teaser_prices,
        lines: i32::try_from(job.lines).map_err(anyhow::Error::from)?,
        unit_stake: request.unit_stake.minor(),
        total_stake: total_stake.minor(),
        potential_return: potential_return.minor(),
        currency: currency.code().to_owned(),
        status: BetState::Open.code().to_owned(),
        return_amount: None,
        odds_change: request.odds_change.code().to_owned(),
        place_transaction_id: place_tx,
        settle_transaction_id: None,
        settle_count: 0,
        shortfall: 0,
        placed_at,
        settled_at: None,
        free_bet_id: job.free_bet.as_ref().map(|f| f.bonus_id),
        bonus_stake_minor: from_bonus.minor(),
        // Set when the batch debits the bonus rows (`Writes::bonus_stakes`).
        bonus_id: None,
    };
    let view = bet_view(&bet, leg_views(&resolved))?;
    let stored = match &job.idem {
        Some(idem) => Some(store::idempotency_row(
            idem,
            &serde_json::to_value(&view).map_err(anyhow::Error::from)?,
            now,
        )),
        None => None,
    };

    // Accepted: nothing below can fail.
    let balances = store::balances_of(accounts, &after);
    book.balance.extend(after);
    w.drafts.push(Draft {
        id: place_tx,
        chain_key: store::player_chain(accounts.player_id),
        kind: TransactionKind::BetPlace,
        reference,
        idempotency: job.idem.as_ref().map(|i| i.scope_key()),
        legs: stake_legs,
    });
    if !w.players.contains(accounts) {
        w.players.push(*accounts);
    }
    // A free bet's stake is not the player's money: no stake to count.
    if job.free_bet.is_none() {
        w.plays.push(play);
        if !w.staked.iter().any(|(p, _)| *p == accounts.player_id) {
            w.staked.push((accounts.player_id, currency));
        }
    }
    push_legs(w, bet_id, &resolved, &request.legs);
    add_exposure(book, w, &bet, &resolved, suspend);
    push_placed_events(w, accounts, balances, &bet, &view, &resolved);
    w.stored.extend(stored);
    if from_bonus.is_positive() {
        w.bonus_stakes
            .push((w.bets.len(), accounts.player_id, from_bonus.minor()));
    }
    w.bets.push(bet.into());
    Ok(Placed::Done(Box::new(Recorded {
        value: view,
        replayed: false,
    })))
}

/// The player's account balances after the stake legs, from the book's:
/// `InsufficientFunds` when one would go below zero.
fn balances_after(
    accounts: &PlayerAccounts,
    book: &Book,
    stake_legs: &[store::Leg],
) -> Result<HashMap<Uuid, i64>, SportsbookError> {
    let mut after: HashMap<Uuid, i64> = [accounts.cash, accounts.bonus, accounts.reserved]
        .into_iter()
        .map(|id| (id, book.balance.get(&id).copied().unwrap_or(0)))
        .collect();
    for leg in stake_legs {
        // A house leg (a free bet's stake) is not the player's to check.
        let Some(&now) = after.get(&leg.account_id) else {
            continue;
        };
        let next = now
            .checked_add(leg.amount.minor())
            .ok_or_else(|| anyhow::anyhow!("the balance would overflow"))?;
        if next < 0 {
            return Err(WalletError::InsufficientFunds.into());
        }
        after.insert(leg.account_id, next);
    }
    Ok(after)
}

/// The legs as the bet's view shows them.
fn leg_views(resolved: &[Resolved]) -> Vec<BetLeg> {
    resolved
        .iter()
        .map(|r| BetLeg {
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
        .collect()
}

/// Adds the bet's leg rows, in order, with the odds each was asked at.
fn push_legs(w: &mut Writes, bet_id: Uuid, resolved: &[Resolved], asked: &[LegRequest]) {
    for (i, (r, asked)) in resolved.iter().zip(asked).enumerate() {
        w.legs.push(
            legs::Model {
                id: Uuid::now_v7(),
                bet_id,
                position: i32::try_from(i).unwrap_or(i32::MAX),
                selection_id: r.selection.id,
                market_id: r.market.id,
                event_id: r.event.id,
                odds: r.odds.map(|o| o.to_string()),
                requested_odds: asked.odds.map(|o| o.to_string()),
                line: r.teased_line.map(|l| l.to_string()),
                side: r.teased_line.and(r.selection.side.clone()),
                result: None,
                dead_heat_factor: None,
                rule4_deduction: None,
            }
            .into(),
        );
    }
}

/// The exposure the bet adds, for the database and for the bets after it,
/// and the markets its liability suspends.
fn add_exposure(
    book: &mut Book,
    w: &mut Writes,
    bet: &bets::Model,
    resolved: &[Resolved],
    suspend: Vec<(Uuid, Uuid)>,
) {
    let exposed: Vec<ExposedLeg> = resolved
        .iter()
        .map(|r| ExposedLeg {
            selection_id: r.selection.id,
            market_id: r.market.id,
        })
        .collect();
    w.delta.add(bet, exposed.iter().copied(), 1);
    for leg in &exposed {
        if let Some(rows) = book.exposure.get_mut(&leg.market_id) {
            let row = rows
                .entry((leg.selection_id, bet.currency.clone()))
                .or_insert_with(|| Exposure::none(leg.selection_id, &bet.currency));
            if bet.kind == BetKind::Single.code() {
                row.single_stakes += bet.total_stake;
            }
            row.stakes += bet.total_stake;
            row.payout += bet.potential_return;
            row.bets += 1;
        }
    }
    for (market_id, event_id) in suspend {
        book.suspended.insert(market_id);
        w.suspend.insert((market_id, event_id));
    }
}

/// The player's balance change and `bet.placed`.
fn push_placed_events(
    w: &mut Writes,
    accounts: &PlayerAccounts,
    balances: crate::wallet::Balances,
    bet: &bets::Model,
    view: &Bet,
    resolved: &[Resolved],
) {
    store::push_balances(
        &mut w.events,
        accounts,
        balances,
        bet.place_transaction_id,
        TransactionKind::BetPlace,
    );
    w.events.push(
        Topic::Player(accounts.player_id),
        EventData::BetPlaced(domain::events::BetPlaced {
            bet_id: bet.id,
            player_id: accounts.player_id,
            kind: view.kind.code().to_owned(),
            system: view.system.map(|s| s.to_string()),
            total_stake: view.total_stake.clone(),
            potential_return: view.potential_return.clone(),
            currency: accounts.currency,
            selections: resolved.iter().map(|r| r.selection.id).collect(),
            markets: resolved.iter().map(|r| r.market.id).collect(),
            events: resolved.iter().map(|r| r.event.id).collect(),
            free_bet: bet.free_bet_id.is_some(),
        }),
    );
}
