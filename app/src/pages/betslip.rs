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
//! chosen odds-change policy does not accept (any move under `reject`, a
//! drop under `accept_higher`) holds the slip until the player accepts the
//! new odds; a suspended, settled or void market marks its legs and blocks
//! placing until it reopens.

use std::collections::{BTreeMap, HashMap};

use domain::betting::{
    BetKind, Odds, OddsFormat, SystemType, TeaserTable, line_count, potential_return, quote_bet,
    teaser_quote,
};
use domain::money::{Currency, Money};
use leptos::prelude::*;
use leptos_router::components::A;
use serde::{Deserialize, Serialize};

use crate::api::sportsbook::{
    BetOutcome, EventData, MarketData, PlaceBetInput, SelectionData, SlipLegInput, place_bet,
    sports_markets, teaser_tables,
};
use crate::components::{BUTTON_PRIMARY, INPUT};
use crate::live::use_live_wallet;
use crate::session::use_session;

/// Where the slip is kept between page loads.
const STORAGE_KEY: &str = "croupier.betslip.v1";

/// One leg in the betslip, with what the slip shows about it.
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
    /// Market kind code.
    pub market_kind: String,
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

/// True when the odds-change policy `policy` takes a move from `before` to
/// `now` without asking (`accept_any`; `accept_higher` for a rise).
pub fn policy_accepts(policy: &str, before: &str, now: &str) -> bool {
    match policy {
        "accept_any" => true,
        "accept_higher" => matches!(
            (Odds::parse(before), Odds::parse(now)),
            (Ok(b), Ok(n)) if n >= b
        ),
        _ => before == now,
    }
}

impl SlipLeg {
    /// Applies new odds under `policy`: the old ones are kept to show the
    /// move, and a move the policy does not take must be accepted.
    pub fn move_to(&mut self, odds: &str, policy: &str) {
        if self.odds == odds {
            return;
        }
        if !policy_accepts(policy, &self.odds, odds) {
            self.needs_accept = true;
        }
        self.previous_odds = Some(std::mem::replace(&mut self.odds, odds.to_owned()));
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
    policy: String,
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
    /// Odds-change policy code.
    pub policy: RwSignal<String>,
    /// Bet type: `singles`, `accumulator`, `teaser` or a system code.
    pub mode: RwSignal<String>,
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
    pub fn toggle(&self, event: &EventData, market: &MarketData, selection: &SelectionData) {
        let id = selection.id.clone();
        if self.contains(&id) {
            self.legs
                .update(|legs| legs.retain(|l| l.selection_id != id));
            return;
        }
        let leg = SlipLeg {
            selection_id: id,
            market_id: market.id.clone(),
            event_id: event.id.clone(),
            event_name: event.name.clone(),
            market_name: market.name.clone(),
            market_kind: market.kind.clone(),
            line: market.line.clone(),
            selection_name: selection.name.clone(),
            odds: selection.odds.clone(),
            previous_odds: None,
            available: true,
            needs_accept: false,
        };
        self.legs.update(|legs| {
            legs.retain(|l| l.market_id != market.id);
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
                l.move_to(odds, &policy);
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
        policy: RwSignal::new("accept_higher".to_owned()),
        mode: RwSignal::new("singles".to_owned()),
        stake: RwSignal::new("5.00".to_owned()),
        results: RwSignal::new(Vec::new()),
        placing: RwSignal::new(false),
        placed: RwSignal::new(0),
        key: RwSignal::new(String::new()),
    };
    provide_context(slip);
    // Effects run only in the browser: restore once, then save every change.
    let restored = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(stored) = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            && let Ok(stored) = serde_json::from_str::<Stored>(&stored)
        {
            slip.legs.set(stored.legs);
            if !stored.format.is_empty() {
                slip.format.set(stored.format);
            }
            if !stored.policy.is_empty() {
                slip.policy.set(stored.policy);
            }
            if !stored.mode.is_empty() {
                slip.mode.set(stored.mode);
            }
            if !stored.stake.is_empty() {
                slip.stake.set(stored.stake);
            }
        }
        restored.set(true);
    });
    Effect::new(move |_| {
        let stored = Stored {
            legs: slip.legs.get(),
            format: slip.format.get(),
            policy: slip.policy.get(),
            mode: slip.mode.get(),
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

/// The system types `n` legs allow, with their labels.
pub fn systems_for(n: usize) -> Vec<(String, String)> {
    let named: &[(SystemType, &str)] = match n {
        3 => &[
            (SystemType::Trixie, "Trixie"),
            (SystemType::Patent, "Patent"),
        ],
        4 => &[
            (SystemType::Yankee, "Yankee"),
            (SystemType::Lucky15, "Lucky 15"),
        ],
        5 => &[
            (SystemType::Canadian, "Canadian"),
            (SystemType::Lucky31, "Lucky 31"),
        ],
        6 => &[
            (SystemType::Heinz, "Heinz"),
            (SystemType::Lucky63, "Lucky 63"),
        ],
        7 => &[(SystemType::SuperHeinz, "Super Heinz")],
        8 => &[(SystemType::Goliath, "Goliath")],
        _ => &[],
    };
    let mut out: Vec<(String, String)> = named
        .iter()
        .map(|(s, label)| (s.to_string(), (*label).to_owned()))
        .collect();
    // K/N: every K from doubles to one below the accumulator.
    if n >= 3 {
        for k in 2..n {
            if let (Ok(k8), Ok(n8)) = (u8::try_from(k), u8::try_from(n))
                && let Ok(s) = SystemType::k_of_n(k8, n8)
            {
                out.push((s.to_string(), format!("{k} from {n}")));
            }
        }
    }
    out
}

/// The bet kind of a mode code (None for singles).
fn kind_of(mode: &str) -> Option<BetKind> {
    match mode {
        "singles" => None,
        "accumulator" => Some(BetKind::Accumulator),
        "teaser" => Some(BetKind::Teaser),
        system => system.parse().ok().map(BetKind::System),
    }
}

/// Legs sharing an event with another leg.
pub fn related(legs: &[SlipLeg]) -> Vec<String> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for l in legs {
        *count.entry(l.event_id.as_str()).or_default() += 1;
    }
    legs.iter()
        .filter(|l| count.get(l.event_id.as_str()).copied().unwrap_or(0) > 1)
        .map(|l| l.selection_id.clone())
        .collect()
}

/// Lines, total stake and potential return of the slip as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlipQuote {
    /// Number of lines (singles: number of bets).
    pub lines: usize,
    /// What the player pays.
    pub total_stake: Money,
    /// Return if every leg wins.
    pub potential_return: Money,
}

/// Quotes the slip with `domain::betting`; `Err` explains what is missing.
pub fn quote(
    legs: &[SlipLeg],
    mode: &str,
    stake: &str,
    currency: Currency,
    teaser: Option<&TeaserTable>,
) -> Result<SlipQuote, String> {
    if legs.is_empty() {
        return Err("Add selections to your betslip.".to_owned());
    }
    let unit = Money::parse_positive(stake.trim(), currency).map_err(|_| {
        format!(
            "Enter a stake greater than zero with at most {} decimals.",
            currency.exponent()
        )
    })?;
    let odds: Vec<Odds> = legs
        .iter()
        .map(|l| Odds::parse(&l.odds))
        .collect::<Result<_, _>>()
        .map_err(|_| "A selection has invalid odds.".to_owned())?;
    let err = |e: domain::betting::BetError| e.to_string();
    match kind_of(mode) {
        None => {
            let mut total = Money::zero(currency);
            let mut ret = Money::zero(currency);
            for o in &odds {
                total = total.checked_add(unit).map_err(|e| e.to_string())?;
                let r = potential_return(BetKind::Single, unit, &[*o]).map_err(err)?;
                ret = ret.checked_add(r).map_err(|e| e.to_string())?;
            }
            Ok(SlipQuote {
                lines: odds.len(),
                total_stake: total,
                potential_return: ret,
            })
        }
        Some(BetKind::Teaser) => {
            let table = teaser.ok_or_else(|| "No teaser table is set.".to_owned())?;
            let q = teaser_quote(unit, table, legs.len()).map_err(err)?;
            Ok(SlipQuote {
                lines: q.lines,
                total_stake: q.total_stake,
                potential_return: q.potential_return,
            })
        }
        Some(kind) => {
            let q = quote_bet(kind, unit, &odds).map_err(err)?;
            Ok(SlipQuote {
                lines: q.lines,
                total_stake: q.total_stake,
                potential_return: q.potential_return,
            })
        }
    }
}

/// The bet types the legs allow: (code, label).
fn modes(legs: &[SlipLeg], teaser: Option<&TeaserTable>) -> Vec<(String, String)> {
    let n = legs.len();
    let mut out = vec![(
        "singles".to_owned(),
        if n == 1 { "Single" } else { "Singles" }.to_owned(),
    )];
    if n >= 2 {
        out.push(("accumulator".to_owned(), format!("Accumulator ({n} folds)")));
    }
    out.extend(systems_for(n).into_iter().map(|(code, label)| {
        let lines = code
            .parse::<SystemType>()
            .ok()
            .and_then(|s| line_count(BetKind::System(s), n).ok())
            .unwrap_or(0);
        (code, format!("{label} · {lines} bets"))
    }));
    let teasable = n >= 2
        && legs
            .iter()
            .all(|l| matches!(l.market_kind.as_str(), "spread" | "total"))
        && teaser.is_some_and(|t| t.price(n).is_some());
    if teasable && let Some(t) = teaser {
        out.push(("teaser".to_owned(), format!("Teaser {} pts", t.points())));
    }
    out
}

/// The floating button that opens the drawer, showing the number of legs.
#[component]
fn SlipToggle() -> impl IntoView {
    let slip = use_betslip();
    let count = move || slip.legs.with(Vec::len);
    let location = leptos_router::hooks::use_location();
    let backoffice = move || location.pathname.with(|p| p.starts_with("/backoffice"));
    // On a phone an empty slip keeps out of the way (it would sit on a
    // game's controls), and in the back office at any width (it would sit
    // on the consoles' tables and forms); picking odds opens the drawer
    // anyway.
    view! {
        <button
            type="button"
            data-testid="betslip-toggle"
            data-empty=move || (count() == 0).to_string()
            class="fixed bottom-[calc(1rem+env(safe-area-inset-bottom))] right-4 z-40 inline-flex items-center gap-2 rounded-full bg-emerald-400 px-4 py-3 text-sm font-bold text-slate-950 shadow-lg shadow-black/40 transition hover:bg-emerald-300 data-[empty=true]:max-sm:hidden"
            aria-controls="betslip"
            aria-expanded=move || slip.open.get().to_string()
            on:click=move |_| slip.open.update(|o| *o = !*o)
            hidden=move || slip.open.get() || (count() == 0 && backoffice())
        >
            "Betslip"
            <span
                class="inline-flex h-6 min-w-6 items-center justify-center rounded-full bg-slate-950 px-1.5 text-xs text-emerald-300"
                data-testid="betslip-count"
            >
                {count}
            </span>
        </button>
    }
    .into_any()
}

/// The betslip drawer and its toggle, mounted once in the app shell.
#[component]
pub fn BetslipDrawer() -> impl IntoView {
    let slip = use_betslip();
    let session = use_session();
    let live = use_live_wallet();
    let tables = Resource::new(|| (), |_| teaser_tables());
    let teaser = move || -> Option<TeaserTable> {
        let tables = tables.get().and_then(Result::ok).unwrap_or_default();
        // The 6-point table when there is one, else the first configured.
        tables
            .iter()
            .find(|t| t.points().to_string() == "6")
            .or(tables.first())
            .cloned()
    };
    let currency_code = move || {
        live.and_then(|l| l.current())
            .map(|w| w.currency)
            .unwrap_or_else(|| "EUR".to_owned())
    };
    let currency = move || currency_code().parse::<Currency>().unwrap_or(Currency::EUR);
    let signed_in = move || session.user.get().and_then(Result::ok).flatten();

    // Keep the mode valid for the legs there are.
    Effect::new(move |_| {
        let options = slip.legs.with(|legs| modes(legs, teaser().as_ref()));
        let mode = slip.mode.get();
        if !options.iter().any(|(code, _)| *code == mode) {
            let n = slip.legs.with(Vec::len);
            slip.mode
                .set(if n >= 2 { "accumulator" } else { "singles" }.to_owned());
        }
    });

    // Refresh the legs' odds and availability whenever the drawer opens
    // and the page regains focus (the event page also pushes live moves).
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
                let by_id: BTreeMap<String, MarketData> =
                    markets.into_iter().map(|m| (m.id.clone(), m)).collect();
                slip.legs.update(|legs| {
                    for l in legs.iter_mut() {
                        let Some(m) = by_id.get(&l.market_id) else {
                            l.available = false;
                            continue;
                        };
                        let Some(s) = m.selections.iter().find(|s| s.id == l.selection_id) else {
                            l.available = false;
                            continue;
                        };
                        l.available = m.status == "open" && s.status == "open";
                        l.move_to(&s.odds, &policy);
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

    // Live odds of the legs' events on the shared socket; moves apply to
    // the legs (the bet is struck under the chosen odds-change policy).
    if let Some(topics) = crate::live::use_live_topics() {
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
                if slip.legs.with_untracked(|legs| {
                    legs.iter().any(|l| l.selection_id == id && l.odds != odds)
                }) {
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
                        if let Some((_, status)) =
                            changed.iter().find(|(id, _)| **id == l.market_id)
                        {
                            l.available = status.as_str() == "open";
                        }
                    }
                });
            }
            now
        });
    }
    // A looser policy takes the moves it now covers.
    Effect::new(move |_| {
        let policy = slip.policy.get();
        if slip
            .legs
            .with_untracked(|legs| legs.iter().any(|l| l.needs_accept))
        {
            slip.legs.update(|legs| {
                for l in legs.iter_mut().filter(|l| l.needs_accept) {
                    if let Some(before) = &l.previous_odds
                        && policy_accepts(&policy, before, &l.odds)
                    {
                        l.needs_accept = false;
                    }
                }
            });
        }
    });

    let quoted = move || {
        let legs = slip.legs.get();
        quote(
            &legs,
            &slip.mode.get(),
            &slip.stake.get(),
            currency(),
            teaser().as_ref(),
        )
    };
    let related_ids = move || {
        if slip.mode.get() == "singles" {
            Vec::new()
        } else {
            slip.legs.with(|legs| related(legs))
        }
    };

    let place = move |_| {
        if slip.placing.get_untracked() {
            return;
        }
        let legs = slip.legs.get_untracked();
        let mode = slip.mode.get_untracked();
        let stake = slip.stake.get_untracked().trim().to_owned();
        let policy = slip.policy.get_untracked();
        let key = slip.key.get_untracked();
        let table_points = teaser().map(|t| t.points().to_string());
        let inputs: Vec<PlaceBetInput> = if mode == "singles" {
            legs.iter()
                .enumerate()
                .map(|(i, l)| PlaceBetInput {
                    kind: "single".to_owned(),
                    system: None,
                    teaser_points: None,
                    unit_stake: stake.clone(),
                    legs: vec![SlipLegInput {
                        selection_id: l.selection_id.clone(),
                        odds: l.odds.clone(),
                    }],
                    odds_change: policy.clone(),
                    idempotency_key: format!("{key}-{i}"),
                })
                .collect()
        } else {
            let (kind, system, teaser_points) = match mode.as_str() {
                "accumulator" => ("accumulator", None, None),
                "teaser" => ("teaser", None, table_points),
                s => ("system", Some(s.to_owned()), None),
            };
            vec![PlaceBetInput {
                kind: kind.to_owned(),
                system,
                teaser_points,
                unit_stake: stake.clone(),
                legs: legs
                    .iter()
                    .map(|l| SlipLegInput {
                        selection_id: l.selection_id.clone(),
                        odds: l.odds.clone(),
                    })
                    .collect(),
                odds_change: policy.clone(),
                idempotency_key: key.clone(),
            }]
        };
        slip.placing.set(true);
        slip.results.set(Vec::new());
        let policy_now = policy.clone();
        leptos::task::spawn_local(async move {
            let mut results = Vec::new();
            for input in inputs {
                let outcome = match place_bet(input).await {
                    Ok(o) => o,
                    Err(_) => BetOutcome {
                        code: Some("internal".to_owned()),
                        message: "The bet could not be sent. Check your connection and try again."
                            .to_owned(),
                        ..BetOutcome::default()
                    },
                };
                results.push(outcome);
            }
            let placed: Vec<String> = results
                .iter()
                .filter_map(|r| r.bet.as_ref())
                .flat_map(|b| b.legs.iter().map(|l| l.selection_id.clone()))
                .collect();
            // Placed legs leave the slip; refused ones stay with the news.
            let mut current: HashMap<String, String> = HashMap::new();
            let mut unavailable: Vec<String> = Vec::new();
            for r in &results {
                current.extend(r.current_odds.iter().cloned());
                if r.code.as_deref() == Some("selection_unavailable") {
                    unavailable.extend(r.selection_ids.iter().cloned());
                }
            }
            slip.legs.update(|legs| {
                legs.retain(|l| !placed.contains(&l.selection_id));
                for l in legs.iter_mut() {
                    if let Some(now) = current.get(&l.selection_id) {
                        l.move_to(now, &policy_now);
                    }
                    if unavailable.contains(&l.selection_id) {
                        l.available = false;
                    }
                }
            });
            if !placed.is_empty() {
                slip.placed.update(|n| *n += 1);
            }
            slip.results.set(results);
            slip.placing.set(false);
        });
    };

    let close_ref = NodeRef::<leptos::html::Button>::new();
    // Focus moves into the drawer when it opens.
    Effect::new(move |_| {
        if slip.open.get()
            && let Some(b) = close_ref.get_untracked()
        {
            let _ = b.focus();
        }
    });

    view! {
        <SlipToggle/>
        <aside
            id="betslip"
            data-testid="betslip"
            aria-label="Betslip"
            class="fixed inset-x-0 bottom-0 z-50 flex max-h-[85dvh] flex-col rounded-t-2xl border border-slate-700 bg-slate-900 shadow-2xl shadow-black/60 sm:inset-x-auto sm:bottom-4 sm:right-4 sm:max-h-[calc(100dvh-6rem)] sm:w-96 sm:rounded-2xl"
            hidden=move || !slip.open.get()
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    slip.open.set(false);
                }
            }
        >
            {view! {
            <div class="flex items-center justify-between gap-2 border-b border-slate-800 px-4 py-3">
                <h2 class="text-base font-bold text-white">
                    "Betslip "
                    <span class="text-sm font-medium text-slate-400">
                        {move || format!("({})", slip.legs.with(Vec::len))}
                    </span>
                </h2>
                <div class="flex items-center gap-1">
                    <label class="sr-only" for="odds-format">"Odds format"</label>
                    <select
                        id="odds-format"
                        data-testid="odds-format"
                        class="rounded-lg border border-slate-700 bg-slate-950 px-2 py-1 text-xs text-slate-200"
                        prop:value=move || slip.format.get()
                        on:change=move |ev| slip.format.set(event_target_value(&ev))
                    >
                        <option value="decimal">"Decimal"</option>
                        <option value="fractional">"Fractional"</option>
                        <option value="american">"American"</option>
                    </select>
                    <button
                        type="button"
                        node_ref=close_ref
                        data-testid="betslip-close"
                        class="inline-flex h-9 w-9 items-center justify-center rounded-lg text-slate-300 hover:bg-slate-800 hover:text-white"
                        aria-label="Close the betslip"
                        on:click=move |_| slip.open.set(false)
                    >
                        <svg class="h-5 w-5" viewBox="0 0 24 24" fill="none" aria-hidden="true">
                            <path
                                d="M6 6l12 12M18 6L6 18"
                                stroke="currentColor"
                                stroke-width="2"
                                stroke-linecap="round"
                            ></path>
                        </svg>
                    </button>
                </div>
            </div>
            }.into_any()}
            {view! {
            <div class="min-h-0 flex-1 overflow-y-auto px-4 py-3">
                <Show
                    when=move || !slip.legs.with(Vec::is_empty)
                    fallback=|| {
                        view! {
                            <p class="py-6 text-center text-sm text-slate-400">
                                "Your betslip is empty. Pick odds in "
                                <A href="/sports" attr:class="text-emerald-300 underline">
                                    "Sports"
                                </A>
                                " to add selections."
                            </p>
                        }
                    }
                >
                    <ul class="space-y-2" data-testid="betslip-legs">
                        <For
                            each=move || slip.legs.get()
                            key=|l| (l.selection_id.clone(), l.odds.clone(), l.available, l.needs_accept)
                            let:leg
                        >
                            <SlipLegRow leg related=Signal::derive(related_ids)/>
                        </For>
                    </ul>
                    {move || {
                        (!related_ids().is_empty())
                            .then(|| {
                                view! {
                                    <p
                                        role="alert"
                                        data-testid="betslip-related"
                                        class="mt-2 rounded-lg border border-amber-400/40 bg-amber-400/10 px-3 py-2 text-xs text-amber-200"
                                    >
                                        "Selections marked “same event” cannot be combined. Place them as singles or remove one."
                                    </p>
                                }
                            })
                    }}
                </Show>
            </div>
            }.into_any()}
            {view! {
            <Show when=move || !slip.legs.with(Vec::is_empty)>
                <div class="space-y-3 border-t border-slate-800 px-4 py-3">
                    <div class="grid grid-cols-2 gap-2">
                        <div>
                            <label for="bet-type" class="block text-xs font-medium text-slate-400">
                                "Bet type"
                            </label>
                            <select
                                id="bet-type"
                                data-testid="bet-type"
                                class=format!("{INPUT} mt-1 py-2")
                                prop:value=move || slip.mode.get()
                                on:change=move |ev| slip.mode.set(event_target_value(&ev))
                            >
                                {move || {
                                    let current = slip.mode.get();
                                    slip.legs
                                        .with(|legs| modes(legs, teaser().as_ref()))
                                        .into_iter()
                                        .map(|(code, label)| {
                                            let selected = code == current;
                                            view! {
                                                <option value=code selected=selected>
                                                    {label}
                                                </option>
                                            }
                                        })
                                        .collect_view()
                                }}
                            </select>
                        </div>
                        <div>
                            <label for="bet-stake" class="block text-xs font-medium text-slate-400">
                                {move || {
                                    match slip.mode.get().as_str() {
                                        "singles" => "Stake per single",
                                        "accumulator" | "teaser" => "Stake",
                                        _ => "Stake per bet",
                                    }
                                }}
                            </label>
                            <input
                                id="bet-stake"
                                data-testid="bet-stake"
                                type="text"
                                inputmode="decimal"
                                autocomplete="off"
                                class=format!("{INPUT} mt-1 py-2 tabular-nums")
                                prop:value=move || slip.stake.get()
                                on:input=move |ev| slip.stake.set(event_target_value(&ev))
                            />
                        </div>
                    </div>
                    <div>
                        <label for="odds-policy" class="block text-xs font-medium text-slate-400">
                            "If the odds change"
                        </label>
                        <select
                            id="odds-policy"
                            data-testid="odds-policy"
                            class=format!("{INPUT} mt-1 py-2")
                            prop:value=move || slip.policy.get()
                            on:change=move |ev| slip.policy.set(event_target_value(&ev))
                        >
                            <option value="reject">"Ask me (reject any change)"</option>
                            <option value="accept_higher">"Accept higher odds"</option>
                            <option value="accept_any">"Accept any odds"</option>
                        </select>
                    </div>
                    <dl class="grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
                        {move || match quoted() {
                            Ok(q) => {
                                let code = currency_code();
                                view! {
                                    <dt class="text-slate-400">"Bets"</dt>
                                    <dd class="text-right tabular-nums" data-testid="betslip-lines">
                                        {q.lines}
                                    </dd>
                                    <dt class="text-slate-400">"Total stake"</dt>
                                    <dd class="text-right tabular-nums" data-testid="betslip-total-stake">
                                        {format!("{} {code}", q.total_stake.format_amount())}
                                    </dd>
                                    <dt class="font-semibold text-slate-200">"Potential return"</dt>
                                    <dd
                                        class="text-right text-base font-bold tabular-nums text-emerald-300"
                                        data-testid="betslip-return"
                                    >
                                        {format!("{} {code}", q.potential_return.format_amount())}
                                    </dd>
                                }
                                    .into_any()
                            }
                            Err(why) => {
                                view! {
                                    <dd class="col-span-2 text-xs text-slate-400" data-testid="betslip-hint">
                                        {why}
                                    </dd>
                                }
                                    .into_any()
                            }
                        }}
                    </dl>
                    {move || {
                        let unavailable = slip.legs.with(|l| l.iter().filter(|l| !l.available).count());
                        (unavailable > 0).then(|| view! {
                            <p
                                role="alert"
                                data-testid="betslip-unavailable"
                                class="rounded-lg border border-amber-400/40 bg-amber-400/10 px-3 py-2 text-xs text-amber-200"
                            >
                                {if unavailable == 1 {
                                    "A selection is not taking bets now (suspended or closed). Remove it, or wait for the market to reopen.".to_owned()
                                } else {
                                    format!("{unavailable} selections are not taking bets now (suspended or closed). Remove them, or wait for their markets to reopen.")
                                }}
                            </p>
                        })
                    }}
                    {move || {
                        let changed = slip.legs.with(|l| l.iter().filter(|l| l.needs_accept && l.available).count());
                        (changed > 0).then(|| view! {
                            <div
                                role="alert"
                                data-testid="betslip-odds-changed"
                                class="space-y-2 rounded-lg border border-sky-400/40 bg-sky-400/10 px-3 py-2 text-xs text-sky-100"
                            >
                                <p>
                                    {if changed == 1 {
                                        "The odds of a selection changed. Check the new odds and accept them to place your bet.".to_owned()
                                    } else {
                                        format!("The odds of {changed} selections changed. Check the new odds and accept them to place your bet.")
                                    }}
                                </p>
                                <button
                                    type="button"
                                    data-testid="accept-odds"
                                    class="w-full rounded-lg bg-sky-400 px-3 py-2 text-sm font-bold text-slate-950 hover:bg-sky-300"
                                    on:click=move |_| slip.accept_odds()
                                >
                                    "Accept new odds"
                                </button>
                            </div>
                        })
                    }}
                    {move || {
                        if signed_in().is_some() {
                            let disabled = move || {
                                slip.placing.get() || quoted().is_err() || !related_ids().is_empty()
                                    || slip.legs.with(|l| l.iter().any(|l| !l.available || l.needs_accept))
                            };
                            view! {
                                <button
                                    type="button"
                                    data-testid="place-bet"
                                    class=format!("{BUTTON_PRIMARY} w-full py-3 text-base")
                                    disabled=disabled
                                    on:click=place
                                >
                                    {move || if slip.placing.get() { "Placing…" } else { "Place bet" }}
                                </button>
                            }
                                .into_any()
                        } else {
                            view! {
                                <A
                                    href="/login"
                                    attr:class=format!("{BUTTON_PRIMARY} w-full py-3 text-base")
                                >
                                    "Log in to place bets"
                                </A>
                            }
                                .into_any()
                        }
                    }}
                </div>
            </Show>
            }.into_any()}
            <SlipResults/>
        </aside>
    }
    .into_any()
}

/// One leg in the drawer: names, odds (flashing when they moved), remove.
#[component]
fn SlipLegRow(leg: SlipLeg, related: Signal<Vec<String>>) -> impl IntoView {
    let slip = use_betslip();
    let id = leg.selection_id.clone();
    let id_related = id.clone();
    let is_related = Signal::derive(move || related.with(|r| r.contains(&id_related)));
    let movement = leg
        .previous_odds
        .as_deref()
        .and_then(|p| Some((Odds::parse(p).ok()?, Odds::parse(&leg.odds).ok()?)))
        .map(|(before, now)| now > before);
    let odds_class = match movement {
        Some(true) => "odds-up text-emerald-300",
        Some(false) => "odds-down text-rose-300",
        None => "text-white",
    };
    let odds_text = leg.odds.clone();
    let market = match &leg.line {
        Some(line) => format!("{} ({line})", leg.market_name),
        None => leg.market_name.clone(),
    };
    let remove_label = format!("Remove {} from the betslip", leg.selection_name);
    let why_unavailable = {
        let pushed = crate::live::use_live_topics().and_then(|t| t.market_status(&leg.market_id));
        match pushed.as_deref() {
            Some("suspended") => "Market suspended: betting resumes when it reopens",
            Some("settled") => "Market settled: remove this selection",
            Some("void") => "Market void: remove this selection",
            _ => "Not available now (suspended or closed)",
        }
    };
    view! {
        <li
            class="rounded-xl border border-slate-800 bg-slate-950/60 p-3 aria-[invalid=true]:border-amber-400/60"
            data-testid="betslip-leg"
            data-selection=leg.selection_id.clone()
            data-available=leg.available.to_string()
            data-needs-accept=leg.needs_accept.to_string()
            aria-invalid=move || (is_related.get() || !leg.available).then_some("true")
        >
            <div class="flex items-start justify-between gap-2">
                <div class="min-w-0">
                    <p class="truncate text-sm font-semibold text-white">{leg.selection_name.clone()}</p>
                    <p class="truncate text-xs text-slate-400">{market}</p>
                    <p class="truncate text-xs text-slate-500">{leg.event_name.clone()}</p>
                </div>
                <div class="flex shrink-0 items-center gap-1">
                    <span
                        class=format!("rounded-md px-2 py-1 text-sm font-bold tabular-nums {odds_class}")
                        data-testid="betslip-leg-odds"
                    >
                        {move || slip.show(&odds_text)}
                        {match movement {
                            Some(true) => view! { <span class="sr-only">" (odds up)"</span><span aria-hidden="true">" ▲"</span> }.into_any(),
                            Some(false) => view! { <span class="sr-only">" (odds down)"</span><span aria-hidden="true">" ▼"</span> }.into_any(),
                            None => ().into_any(),
                        }}
                    </span>
                    <button
                        type="button"
                        class="inline-flex h-8 w-8 items-center justify-center rounded-lg text-slate-400 hover:bg-slate-800 hover:text-white"
                        aria-label=remove_label
                        on:click=move |_| slip.legs.update(|legs| legs.retain(|l| l.selection_id != id))
                    >
                        <svg class="h-4 w-4" viewBox="0 0 24 24" fill="none" aria-hidden="true">
                            <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" stroke-width="2" stroke-linecap="round"></path>
                        </svg>
                    </button>
                </div>
            </div>
            {move || is_related.get().then(|| view! { <p class="mt-1 text-xs font-medium text-amber-300">"Same event as another selection"</p> })}
            {(!leg.available).then(|| view! { <p class="mt-1 text-xs font-medium text-amber-300" data-testid="betslip-leg-unavailable">{why_unavailable}</p> })}
            {(leg.needs_accept && leg.available).then(|| view! { <p class="mt-1 text-xs font-medium text-sky-300">"Odds changed: accept the new odds to place"</p> })}
        </li>
    }
    .into_any()
}

/// What the latest placement answered: bet ids or the reasons.
#[component]
fn SlipResults() -> impl IntoView {
    let slip = use_betslip();
    move || {
        let results = slip.results.get();
        (!results.is_empty()).then(|| {
            view! {
                <div class="space-y-2 border-t border-slate-800 px-4 py-3" aria-live="polite">
                    {results
                        .into_iter()
                        .map(|r| {
                            if let Some(bet) = r.bet {
                                view! {
                                    <p
                                        class="rounded-lg border border-emerald-400/40 bg-emerald-400/10 px-3 py-2 text-sm text-emerald-200"
                                        data-testid="bet-placed"
                                    >
                                        "Bet placed · "
                                        <A href="/bets" attr:class="font-mono text-xs underline">
                                            <span data-testid="bet-id">{bet.bet_id.clone()}</span>
                                        </A>
                                        <span class="block text-xs text-emerald-300/80">
                                            {format!(
                                                "Stake {} {} · potential return {} {}",
                                                bet.total_stake,
                                                bet.currency,
                                                bet.potential_return,
                                                bet.currency,
                                            )}
                                        </span>
                                    </p>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <p
                                        role="alert"
                                        class="rounded-lg border border-rose-500/40 bg-rose-500/10 px-3 py-2 text-sm text-rose-200"
                                        data-testid="bet-error"
                                        data-code=r.code.clone().unwrap_or_default()
                                    >
                                        {r.message}
                                    </p>
                                }
                                    .into_any()
                            }
                        })
                        .collect_view()}
                </div>
            }
        })
    }
}

/// An odds button: adds the selection to the betslip or removes it.
#[component]
pub fn OddsButton(
    /// The event.
    event: EventData,
    /// The market.
    market: MarketData,
    /// The selection.
    selection: SelectionData,
    /// Show the selection name above the odds.
    #[prop(optional)]
    labelled: bool,
    /// Odds pushed live for this selection: (odds, previous).
    #[prop(optional, into)]
    live: Option<Signal<Option<(String, String)>>>,
) -> impl IntoView {
    let slip = use_betslip();
    let id = selection.id.clone();
    let id_check = id.clone();
    let selected = Signal::derive(move || slip.contains(&id_check));
    // The market's status as pushed live (suspended, resumed, settled),
    // else as loaded.
    let topics = crate::live::use_live_topics();
    let open = {
        let market_id = market.id.clone();
        let loaded = market.status.clone();
        let selection_open = selection.status == "open";
        Signal::derive(move || {
            selection_open
                && topics
                    .and_then(|t| t.market_status(&market_id))
                    .unwrap_or_else(|| loaded.clone())
                    == "open"
        })
    };
    let moves = {
        let id = id.clone();
        move || topics.map_or(0, |t| t.moves(&id))
    };
    let base_odds = selection.odds.clone();
    let odds = {
        let base = base_odds.clone();
        move || {
            live.and_then(|l| l.get())
                .map(|(o, _)| o)
                .unwrap_or_else(|| base.clone())
        }
    };
    // Up or down since the previous push; the flash restarts on every
    // move (the animation's name alternates).
    let direction = move || {
        live.and_then(|l| l.get()).and_then(|(now, before)| {
            let (now, before) = (Odds::parse(&now).ok()?, Odds::parse(&before).ok()?);
            match now.cmp(&before) {
                std::cmp::Ordering::Greater => Some("up"),
                std::cmp::Ordering::Less => Some("down"),
                std::cmp::Ordering::Equal => None,
            }
        })
    };
    let flash = move || {
        direction().map(|d| {
            let again = if moves() % 2 == 0 { " odds-again" } else { "" };
            format!("odds-{d}{again}")
        })
    };
    let name = selection.name.clone();
    let label = {
        let name = name.clone();
        let market_name = market.name.clone();
        let odds = odds.clone();
        move || {
            if open.get() {
                format!("{name}, {market_name}, odds {}", slip.show(&odds()))
            } else {
                format!("{name}, {market_name}, not taking bets now")
            }
        }
    };
    let on_click = {
        let (event, market, selection) = (event.clone(), market.clone(), selection.clone());
        let odds = odds.clone();
        move |_| {
            let mut selection = selection.clone();
            selection.odds = odds();
            let adding = !slip.contains(&selection.id);
            slip.toggle(&event, &market, &selection);
            if adding {
                slip.open.set(true);
            }
        }
    };
    view! {
        <button
            type="button"
            data-testid="odds-button"
            data-selection=id
            data-market=market.id.clone()
            data-flash=move || direction().unwrap_or("none")
            disabled=move || !open.get()
            aria-pressed=move || selected.get().to_string()
            aria-label=label
            class=move || {
                format!(
                    "flex min-h-11 w-full min-w-0 flex-col items-center justify-center rounded-lg border px-2 py-1.5 text-sm transition focus-visible:outline-2 focus-visible:outline-emerald-300 disabled:cursor-not-allowed disabled:opacity-40 {} {}",
                    if selected.get() {
                        "border-emerald-400 bg-emerald-400 text-slate-950"
                    } else {
                        "border-slate-700 bg-slate-800/80 text-slate-100 hover:border-emerald-400/60 hover:bg-slate-800"
                    },
                    flash().unwrap_or_default(),
                )
            }
            on:click=on_click
        >
            {labelled
                .then(|| {
                    view! {
                        <span class=move || {
                            if selected.get() {
                                "w-full truncate text-xs text-slate-900"
                            } else {
                                "w-full truncate text-xs text-slate-400"
                            }
                        }>{name.clone()}</span>
                    }
                })}
            <span class="font-bold tabular-nums">
                {move || if open.get() { slip.show(&odds()) } else { "–".to_owned() }}
            </span>
        </button>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leg(event: &str, odds: &str) -> SlipLeg {
        SlipLeg {
            selection_id: format!("s-{event}-{odds}"),
            market_id: format!("m-{event}"),
            event_id: event.to_owned(),
            event_name: event.to_owned(),
            market_name: "Match result".to_owned(),
            market_kind: "match_result".to_owned(),
            line: None,
            selection_name: "Home".to_owned(),
            odds: odds.to_owned(),
            previous_odds: None,
            available: true,
            needs_accept: false,
        }
    }

    #[test]
    fn the_slip_quotes_with_the_settlement_rules() {
        let legs = vec![leg("a", "2.00"), leg("b", "1.50")];
        let q = quote(&legs, "accumulator", "10", Currency::EUR, None).unwrap();
        assert_eq!(q.lines, 1);
        assert_eq!(q.total_stake.format_amount(), "10.00");
        assert_eq!(q.potential_return.format_amount(), "30.00");
        let q = quote(&legs, "singles", "10", Currency::EUR, None).unwrap();
        assert_eq!(q.total_stake.format_amount(), "20.00");
        assert_eq!(q.potential_return.format_amount(), "35.00");
        let three = vec![leg("a", "2.00"), leg("b", "2.00"), leg("c", "2.00")];
        let q = quote(&three, "trixie", "1", Currency::EUR, None).unwrap();
        assert_eq!(q.lines, 4);
        assert_eq!(q.total_stake.format_amount(), "4.00");
        // 3 doubles at 4.00 and a treble at 8.00.
        assert_eq!(q.potential_return.format_amount(), "20.00");
        assert!(quote(&legs, "accumulator", "0", Currency::EUR, None).is_err());
    }

    #[test]
    fn the_odds_change_policy_decides_which_moves_need_accepting() {
        let mut l = leg("a", "2.00");
        l.move_to("2.10", "accept_higher");
        assert!(!l.needs_accept);
        assert_eq!(l.previous_odds.as_deref(), Some("2.00"));
        l.move_to("1.90", "accept_higher");
        assert!(l.needs_accept);
        let mut l = leg("a", "2.00");
        l.move_to("2.50", "reject");
        assert!(l.needs_accept);
        let mut l = leg("a", "2.00");
        l.move_to("1.10", "accept_any");
        assert!(!l.needs_accept);
        l.move_to("1.10", "reject");
        assert!(!l.needs_accept);
        assert!(policy_accepts("accept_higher", "2.00", "2.00"));
        assert!(!policy_accepts("reject", "2.00", "2.01"));
    }

    #[test]
    fn systems_match_the_number_of_legs_and_related_legs_are_flagged() {
        let codes: Vec<String> = systems_for(4).into_iter().map(|(c, _)| c).collect();
        assert_eq!(codes, ["yankee", "lucky15", "2/4", "3/4"]);
        assert!(systems_for(2).is_empty());
        let legs = vec![leg("a", "2.00"), leg("a", "3.00"), leg("b", "1.50")];
        assert_eq!(related(&legs).len(), 2);
    }
}
