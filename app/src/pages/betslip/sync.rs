//! Keeping the slip current while the drawer is mounted: the bet type stays
//! one the legs allow, the legs' odds and availability are refreshed from
//! the server when the drawer opens or the page regains focus, live moves
//! and market statuses arrive on the shared socket, and a looser odds-change
//! policy takes the moves it now covers.

use std::collections::{BTreeMap, HashMap};

use domain::betting::{BetKind, TeaserTable};
use leptos::prelude::*;

use super::Betslip;
use super::quote::modes;
use crate::api::sportsbook::{Market, MarketStatus, SelectionStatus, sports_markets};

/// Starts every watcher of this module for the calling component's life.
pub(super) fn keep_current(slip: Betslip, teaser: Signal<Option<TeaserTable>>) {
    keep_mode_valid(slip, teaser);
    refresh_from_server(slip);
    follow_live(slip);
    apply_looser_policy(slip);
}

/// Keeps the mode one of those the legs allow.
fn keep_mode_valid(slip: Betslip, teaser: Signal<Option<TeaserTable>>) {
    Effect::new(move |_| {
        let options = slip.legs.with(|legs| modes(legs, teaser.get().as_ref()));
        let mode = slip.mode.get();
        if !options.iter().any(|(kind, _)| *kind == mode) {
            let n = slip.legs.with(Vec::len);
            slip.mode.set(if n >= 2 {
                BetKind::Accumulator
            } else {
                BetKind::Single
            });
        }
    });
}

/// Refreshes the legs' odds and availability whenever the drawer opens
/// and the page regains focus (the event page also pushes live moves).
fn refresh_from_server(slip: Betslip) {
    let refresh = move || {
        let ids: Vec<String> = slip.legs.with_untracked(|legs| {
            let mut ids: Vec<String> = legs.iter().map(|l| l.market_id.clone()).collect();
            ids.sort();
            ids.dedup();
            ids
        });
        if ids.is_empty() {
            return;
        }
        let policy = slip.policy.get_untracked();
        leptos::task::spawn_local(async move {
            if let Ok(markets) = sports_markets(ids).await {
                let by_id: BTreeMap<String, Market> =
                    markets.into_iter().map(|m| (m.id.to_string(), m)).collect();
                slip.legs.update(|legs| {
                    for l in legs.iter_mut() {
                        let Some(m) = by_id.get(&l.market_id) else {
                            l.available = false;
                            continue;
                        };
                        let Some(s) = m
                            .selections
                            .iter()
                            .find(|s| s.id.to_string() == l.selection_id)
                        else {
                            l.available = false;
                            continue;
                        };
                        l.available =
                            m.status == MarketStatus::Open && s.status == SelectionStatus::Open;
                        l.move_to(&s.odds, policy);
                    }
                });
            }
        });
    };
    Effect::new(move |_| {
        if slip.open.get() {
            refresh();
        }
    });
    let _focus = leptos::prelude::window_event_listener(leptos::ev::focus, move |_| refresh());
}

/// Live odds of the legs' events on the shared socket; moves apply to the
/// legs (the bet is struck under the chosen odds-change policy).
fn follow_live(slip: Betslip) {
    let Some(topics) = crate::live::use_live_topics() else {
        return;
    };
    Effect::new(move |before: Option<Vec<String>>| {
        let mut now: Vec<String> = slip.legs.with(|legs| {
            legs.iter()
                .map(|l| format!("odds:{}", l.event_id))
                .collect()
        });
        now.sort();
        now.dedup();
        let before = before.unwrap_or_default();
        for t in now.iter().filter(|t| !before.contains(t)) {
            topics.want(t);
        }
        for t in before.iter().filter(|t| !now.contains(t)) {
            topics.unwant(t);
        }
        now
    });
    Effect::new(move |_| {
        for (id, odds) in topics.all_odds() {
            if slip
                .legs
                .with_untracked(|legs| legs.iter().any(|l| l.selection_id == id && l.odds != odds))
            {
                slip.odds_moved(&id, &odds);
            }
        }
    });
    // Markets suspended, resumed, settled or voided: only the statuses
    // that changed apply, so a refusal from the server is not undone.
    Effect::new(move |before: Option<HashMap<String, String>>| {
        let now: HashMap<String, String> = topics.all_market_statuses().into_iter().collect();
        let before = before.unwrap_or_default();
        let changed: Vec<(&String, &String)> = now
            .iter()
            .filter(|(id, status)| before.get(*id) != Some(*status))
            .collect();
        if !changed.is_empty()
            && slip.legs.with_untracked(|legs| {
                legs.iter()
                    .any(|l| changed.iter().any(|(id, _)| **id == l.market_id))
            })
        {
            slip.legs.update(|legs| {
                for l in legs.iter_mut() {
                    if let Some((_, status)) = changed.iter().find(|(id, _)| **id == l.market_id) {
                        l.available = status.as_str() == "open";
                    }
                }
            });
        }
        now
    });
}

/// A looser policy takes the moves it now covers.
fn apply_looser_policy(slip: Betslip) {
    Effect::new(move |_| {
        let policy = slip.policy.get();
        if slip
            .legs
            .with_untracked(|legs| legs.iter().any(|l| l.needs_accept))
        {
            slip.legs.update(|legs| {
                for l in legs.iter_mut().filter(|l| l.needs_accept) {
                    if l.move_taken_by(policy) {
                        l.needs_accept = false;
                    }
                }
            });
        }
    });
}
