//! One leg in the drawer: names, odds in the player's format (flashing
//! when they moved), why it cannot be placed, and a remove button.

use domain::betting::Odds;
use leptos::prelude::*;

use super::{SlipLeg, use_betslip};
use crate::i18n::{Msg, messages, use_locale};

/// One leg in the drawer: names, odds (flashing when they moved), remove.
#[component]
pub(super) fn SlipLegRow(leg: SlipLeg, related: Signal<Vec<String>>) -> impl IntoView {
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
    let l = use_locale();
    let remove_label = messages::remove_from_slip(l, &leg.selection_name);
    let why_unavailable = {
        let pushed = crate::live::use_live_topics().and_then(|t| t.market_status(&leg.market_id));
        match pushed.as_deref() {
            Some("suspended") => l.t(Msg::MarketSuspendedResumes),
            Some("settled") => l.t(Msg::MarketSettledRemove),
            Some("void") => l.t(Msg::MarketVoidRemove),
            _ => l.t(Msg::NotAvailableNow),
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
                    <p class="break-words text-sm font-semibold text-white">{leg.selection_name.clone()}</p>
                    <p class="break-words text-xs text-slate-400">{market}</p>
                    <p class="break-words text-xs text-slate-500">{leg.event_name.clone()}</p>
                </div>
                <div class="flex shrink-0 items-center gap-1">
                    <span
                        class=format!("rounded-md px-2 py-1 text-sm font-bold tabular-nums {odds_class}")
                        data-testid="betslip-leg-odds"
                    >
                        {move || slip.show(&odds_text)}
                        {match movement {
                            Some(true) => view! { <span class="sr-only">{l.t(Msg::OddsUp)}</span><span aria-hidden="true">" ▲"</span> }.into_any(),
                            Some(false) => view! { <span class="sr-only">{l.t(Msg::OddsDown)}</span><span aria-hidden="true">" ▼"</span> }.into_any(),
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
            {move || is_related.get().then(|| view! { <p class="mt-1 text-xs font-medium text-amber-300">{l.t(Msg::SameEvent)}</p> })}
            {(!leg.available).then(|| view! { <p class="mt-1 text-xs font-medium text-amber-300" data-testid="betslip-leg-unavailable">{why_unavailable}</p> })}
            {(leg.needs_accept && leg.available).then(|| view! { <p class="mt-1 text-xs font-medium text-sky-300">{l.t(Msg::OddsChangedAccept)}</p> })}
        </li>
    }
    .into_any()
}
