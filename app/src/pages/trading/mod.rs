//! Back office, traders and admins: `/backoffice/trading` (events and the
//! create-event form), `/backoffice/trading/{id}` (an event's markets: add
//! one, move odds, suspend or resume, settle by result or score, void with
//! a reason, resettle, limits), `/backoffice/trading/{id}/risk` (stakes,
//! potential payout and liability per selection) and
//! `/backoffice/trading/teasers`. Every command is role-checked on the
//! server; answers show inline.
//!
//! Here: what the pages share (the answer banner, running a command, the
//! market kinds). Beside it: `events` (the list and the create-event form),
//! `event` (one event and its market panels), `add_market`, `settle`
//! (settle and void forms), `limits`, `risk` and `teasers`.

mod add_market;
mod event;
mod events;
mod limits;
mod risk;
mod settle;
mod teasers;

pub use event::TradingEvent;
pub use events::TradingEvents;
pub use risk::TradingRisk;
pub use teasers::TradingTeasers;

use leptos::prelude::*;

use crate::api::sportsbook::TradeOutcome;

/// A form label.
const LABEL: &str = "block text-xs font-medium text-slate-300";
/// A small secondary button.
const SMALL_BUTTON: &str = "inline-flex items-center justify-center rounded-lg border border-slate-700 bg-slate-900 px-3 py-1.5 text-xs font-semibold text-slate-100 transition hover:border-slate-500 hover:bg-slate-800 disabled:opacity-50";

/// The answer of the latest command, as a banner.
#[component]
fn Answer(outcome: RwSignal<Option<TradeOutcome>>) -> impl IntoView {
    move || {
        outcome.get().map(|o| {
            let class = if o.ok {
                "rounded-lg border border-emerald-400/40 bg-emerald-400/10 px-3 py-2 text-sm text-emerald-200"
            } else {
                "rounded-lg border border-rose-500/40 bg-rose-500/10 px-3 py-2 text-sm text-rose-200"
            };
            view! {
                <p role="status" class=class data-testid="trade-answer" data-ok=o.ok.to_string()>
                    {o.message}
                </p>
            }
        })
    }
}

/// Runs a trader command, shows its answer and bumps `done` on success.
fn run<F>(outcome: RwSignal<Option<TradeOutcome>>, done: RwSignal<u64>, call: F)
where
    F: std::future::Future<Output = Result<TradeOutcome, ServerFnError>> + 'static,
{
    leptos::task::spawn_local(async move {
        let answer = call.await.unwrap_or_else(|_| TradeOutcome {
            ok: false,
            code: Some("internal".to_owned()),
            message: "The command could not be sent. Try again.".to_owned(),
            id: None,
        });
        if answer.ok {
            done.update(|n| *n += 1);
        }
        outcome.set(Some(answer));
    });
}

/// The market kinds a trader can create, with their labels.
const MARKET_KINDS: [(&str, &str); 6] = [
    ("match_result", "Match result (1X2)"),
    ("moneyline", "Moneyline"),
    ("outright", "Outright"),
    ("asian_handicap", "Asian handicap (line)"),
    ("spread", "Spread (line)"),
    ("total", "Total over/under (line)"),
];

/// Whether a market of `kind` has a line (and exactly two sides).
fn is_line_kind(kind: &str) -> bool {
    matches!(kind, "asian_handicap" | "spread" | "total")
}

/// The two sides of a line market of `kind`, as (code, label).
fn line_sides(kind: &str) -> [(&'static str, &'static str); 2] {
    if kind == "total" {
        [("over", "Over"), ("under", "Under")]
    } else {
        [("home", "Home"), ("away", "Away")]
    }
}
