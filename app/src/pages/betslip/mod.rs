//! The betslip: a drawer on every page (mounted once in the app shell), its
//! state in a context and in `localStorage` so it survives navigation and
//! reloads. Singles, the accumulator, the system types the number of legs
//! allows and a teaser when every leg is on a spread or total market; the
//! lines, total stake and potential return are computed here, in the
//! browser, with `domain::betting` — the functions the server settles with.
//! Odds show in the player's format (decimal, fractional, American); legs
//! of one event are flagged before a multiple is placed.
//!
//! Live: the legs' events are watched on the shared socket. A move the
//! chosen odds-change policy ([`OddsChangePolicy::accepts`]) does not take
//! (any move under `Reject`, a drop under `AcceptHigher`) holds the slip
//! until the player accepts the new odds; a suspended, settled or void
//! market marks its legs and blocks placing until it reopens.
//!
//! Here: the state ([`Betslip`], [`SlipLeg`]) and its storage. Beside it:
//! `quote` (bet types, lines and returns, no UI), `sync` (keeping the legs
//! current: server refreshes, live moves and market statuses), `place`
//! (turning the slip into bets and applying the answers), `drawer` and
//! `controls` (the drawer's parts), `leg` (one leg's row) and
//! `odds_button` (the button that adds a selection).

mod controls;
mod drawer;
mod leg;
mod odds_button;
mod place;
mod quote;
mod sync;

pub use drawer::BetslipDrawer;
pub use odds_button::OddsButton;
pub use quote::{SlipQuote, quote, related, systems_for};

use domain::betting::{BetKind, MarketKind, Odds, OddsChangePolicy, OddsFormat};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::sportsbook::{BetOutcome, Event, Market, Selection};
use quote::{mode_code, parse_mode};

/// Where the slip is kept between page loads.
const STORAGE_KEY: &str = "croupier.betslip.v1";

/// One leg in the betslip, with what the slip shows about it. Ids are kept
/// as text: this is what `localStorage` holds, and the live odds and market
/// statuses ([`crate::live::LiveTopics`]) are keyed by the ids' text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlipLeg {
    /// The selection.
    pub selection_id: String,
    /// Its market.
    pub market_id: String,
    /// Its event.
    pub event_id: String,
    /// Event name.
    pub event_name: String,
    /// Market name.
    pub market_name: String,
    /// Market kind.
    pub market_kind: MarketKind,
    /// Market line, for line markets.
    pub line: Option<String>,
    /// Selection name.
    pub selection_name: String,
    /// The odds the player accepts (decimal).
    pub odds: String,
    /// The odds before the latest change seen, to show the move.
    #[serde(default)]
    pub previous_odds: Option<String>,
    /// False when the market or selection stopped taking bets.
    #[serde(default = "yes")]
    pub available: bool,
    /// True when the odds moved in a way the policy does not accept: the
    /// player accepts the new odds before placing.
    #[serde(default)]
    pub needs_accept: bool,
}

/// True when `policy` takes a move from `before` to `now` without asking
/// (the domain's rule, the one the server strikes bets under); odds that do
/// not read as odds always ask.
fn takes(policy: OddsChangePolicy, before: &str, now: &str) -> bool {
    match (Odds::parse(before), Odds::parse(now)) {
        (Ok(before), Ok(now)) => policy.accepts(before, now),
        _ => false,
    }
}

impl SlipLeg {
    /// Applies new odds under `policy`: the old ones are kept to show the
    /// move, and a move the policy does not take must be accepted.
    pub fn move_to(&mut self, odds: &str, policy: OddsChangePolicy) {
        if self.odds == odds {
            return;
        }
        if !takes(policy, &self.odds, odds) {
            self.needs_accept = true;
        }
        self.previous_odds = Some(std::mem::replace(&mut self.odds, odds.to_owned()));
    }

    /// True when `policy` takes the leg's latest move (from the previous
    /// odds to the current ones) without asking.
    pub fn move_taken_by(&self, policy: OddsChangePolicy) -> bool {
        self.previous_odds
            .as_deref()
            .is_some_and(|before| takes(policy, before, &self.odds))
    }
}

fn yes() -> bool {
    true
}

/// What the slip keeps in `localStorage`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Stored {
    legs: Vec<SlipLeg>,
    format: String,
    /// The policy's wire code (absent in a slip stored without one).
    #[serde(default)]
    policy: Option<OddsChangePolicy>,
    /// The bet type's code (see [`quote::mode_code`]).
    mode: String,
    stake: String,
}

/// Betslip state shared through context (`Copy` handles).
#[derive(Clone, Copy)]
pub struct Betslip {
    /// The legs in the order added.
    pub legs: RwSignal<Vec<SlipLeg>>,
    /// True while the drawer is open.
    pub open: RwSignal<bool>,
    /// Odds format code: `decimal`, `fractional` or `american`.
    pub format: RwSignal<String>,
    /// What to do when the odds move before the bet is struck.
    pub policy: RwSignal<OddsChangePolicy>,
    /// Bet type; [`BetKind::Single`] places one single per leg.
    pub mode: RwSignal<BetKind>,
    /// Stake per line (singles: per single), as typed.
    pub stake: RwSignal<String>,
    /// Answers of the latest placement (one per single).
    pub results: RwSignal<Vec<BetOutcome>>,
    /// True while a placement runs.
    pub placing: RwSignal<bool>,
    /// Bumped after bets were placed: My bets refetches on it.
    pub placed: RwSignal<u64>,
    /// Idempotency key of the current slip content (new when it changes).
    key: RwSignal<String>,
}

impl Betslip {
    /// True when the selection is in the slip.
    pub fn contains(&self, selection_id: &str) -> bool {
        self.legs
            .with(|legs| legs.iter().any(|l| l.selection_id == selection_id))
    }

    /// Adds the selection, or removes it when it is in the slip already.
    /// A second selection of the same market replaces the first.
    pub fn toggle(&self, event: &Event, market: &Market, selection: &Selection) {
        let id = selection.id.to_string();
        let market_id = market.id.to_string();
        if self.contains(&id) {
            self.legs
                .update(|legs| legs.retain(|l| l.selection_id != id));
            return;
        }
        let leg = SlipLeg {
            selection_id: id,
            market_id: market_id.clone(),
            event_id: event.id.to_string(),
            event_name: event.name.clone(),
            market_name: market.name.clone(),
            market_kind: market.kind,
            line: market.line.clone(),
            selection_name: selection.name.clone(),
            odds: selection.odds.clone(),
            previous_odds: None,
            available: true,
            needs_accept: false,
        };
        self.legs.update(|legs| {
            legs.retain(|l| l.market_id != market_id);
            if legs.len() < domain::betting::MAX_LEGS {
                legs.push(leg);
            }
        });
        self.results.set(Vec::new());
    }

    /// Odds in the player's format.
    pub fn show(&self, decimal: &str) -> String {
        let format = self
            .format
            .with(|f| f.parse::<OddsFormat>().unwrap_or(OddsFormat::Decimal));
        Odds::parse(decimal)
            .map(|o| o.format(format))
            .unwrap_or_else(|_| decimal.to_owned())
    }

    /// Applies a live odds change to the leg on `selection_id`, if any,
    /// under the chosen policy.
    pub fn odds_moved(&self, selection_id: &str, odds: &str) {
        let policy = self.policy.get_untracked();
        self.legs.update(|legs| {
            for l in legs.iter_mut().filter(|l| l.selection_id == selection_id) {
                l.move_to(odds, policy);
            }
        });
    }

    /// The player accepts the current odds of every leg.
    pub fn accept_odds(&self) {
        self.legs.update(|legs| {
            for l in legs.iter_mut() {
                l.needs_accept = false;
            }
        });
    }
}

/// The betslip provided by [`provide_betslip`].
pub fn use_betslip() -> Betslip {
    expect_context::<Betslip>()
}

/// Creates the betslip state and provides it; call once in the app root.
pub fn provide_betslip() -> Betslip {
    let slip = Betslip {
        legs: RwSignal::new(Vec::new()),
        open: RwSignal::new(false),
        format: RwSignal::new("decimal".to_owned()),
        policy: RwSignal::new(OddsChangePolicy::AcceptHigher),
        mode: RwSignal::new(BetKind::Single),
        // No stake is suggested: the player types the amount they mean.
        stake: RwSignal::new(String::new()),
        results: RwSignal::new(Vec::new()),
        placing: RwSignal::new(false),
        placed: RwSignal::new(0),
        key: RwSignal::new(String::new()),
    };
    provide_context(slip);
    // Effects run only in the browser: restore once the page is hydrated
    // (the server rendered an empty slip), then save every change.
    let restored = RwSignal::new(false);
    let hydrated = crate::page_hydrated();
    Effect::new(move |_| {
        // `hydrated` turns true once: this restores once.
        if !hydrated.get() {
            return;
        }
        if let Some(stored) = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            && let Ok(stored) = serde_json::from_slice::<Stored>(stored.as_bytes())
        {
            // A stake is kept only with the legs it was typed for.
            let with_legs = !stored.legs.is_empty();
            slip.legs.set(stored.legs);
            if !stored.format.is_empty() {
                slip.format.set(stored.format);
            }
            if let Some(policy) = stored.policy {
                slip.policy.set(policy);
            }
            if let Some(mode) = parse_mode(&stored.mode) {
                slip.mode.set(mode);
            }
            if with_legs && !stored.stake.is_empty() {
                slip.stake.set(stored.stake);
            }
        }
        restored.set(true);
    });
    Effect::new(move |_| {
        let stored = Stored {
            legs: slip.legs.get(),
            format: slip.format.get(),
            policy: Some(slip.policy.get()),
            mode: mode_code(slip.mode.get()),
            stake: slip.stake.get(),
        };
        if !restored.get() {
            return;
        }
        if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(&stored)) {
            let _ = s.set_item(STORAGE_KEY, &json);
        }
    });
    // A new key whenever what would be placed changes: a retry of the same
    // slip (a lost answer) places once; a changed slip is a new bet.
    Effect::new(move |_| {
        slip.legs.track();
        slip.mode.track();
        slip.stake.track();
        slip.policy.track();
        slip.placed.track();
        slip.key.set(new_key());
    });
    slip
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// A key unique per player and submission: the page's time origin plus
/// the high-resolution clock.
fn new_key() -> String {
    let now = window()
        .performance()
        .map(|p| p.time_origin() + p.now())
        .unwrap_or_default();
    format!("slip-{now:.3}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A leg of `event` at `odds`.
    pub(super) fn leg(event: &str, odds: &str) -> SlipLeg {
        SlipLeg {
            selection_id: format!("s-{event}-{odds}"),
            market_id: format!("m-{event}"),
            event_id: event.to_owned(),
            event_name: event.to_owned(),
            market_name: "Match result".to_owned(),
            market_kind: MarketKind::MatchResult,
            line: None,
            selection_name: "Home".to_owned(),
            odds: odds.to_owned(),
            previous_odds: None,
            available: true,
            needs_accept: false,
        }
    }

    #[test]
    fn the_odds_change_policy_decides_which_moves_need_accepting() {
        let mut l = leg("a", "2.00");
        l.move_to("2.10", OddsChangePolicy::AcceptHigher);
        assert!(!l.needs_accept);
        assert_eq!(l.previous_odds.as_deref(), Some("2.00"));
        l.move_to("1.90", OddsChangePolicy::AcceptHigher);
        assert!(l.needs_accept);
        assert!(!l.move_taken_by(OddsChangePolicy::AcceptHigher));
        assert!(l.move_taken_by(OddsChangePolicy::AcceptAny));
        let mut l = leg("a", "2.00");
        l.move_to("2.50", OddsChangePolicy::Reject);
        assert!(l.needs_accept);
        let mut l = leg("a", "2.00");
        l.move_to("1.10", OddsChangePolicy::AcceptAny);
        assert!(!l.needs_accept);
        l.move_to("1.10", OddsChangePolicy::Reject);
        assert!(!l.needs_accept);
    }

    #[test]
    fn a_stored_slip_keeps_its_policy_code() {
        let stored: Stored = serde_json::from_str(
            r#"{"legs":[],"format":"decimal","policy":"accept_any","mode":"singles","stake":"5.00"}"#,
        )
        .unwrap();
        assert_eq!(stored.policy, Some(OddsChangePolicy::AcceptAny));
        let text = serde_json::to_string(&stored).unwrap();
        assert!(text.contains(r#""policy":"accept_any""#));
    }
}
