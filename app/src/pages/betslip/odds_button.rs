//! The odds button of the sportsbook pages: adds a selection to the
//! betslip or removes it, shows live moves and a market's suspension.

use domain::betting::Odds;
use leptos::prelude::*;

use super::use_betslip;
use crate::api::sportsbook::{Event, Market, MarketStatus, Selection, SelectionStatus};

/// An odds button: adds the selection to the betslip or removes it.
#[component]
pub fn OddsButton(
    /// The event.
    event: Event,
    /// The market.
    market: Market,
    /// The selection.
    selection: Selection,
    /// Show the selection name above the odds.
    #[prop(optional)]
    labelled: bool,
    /// Odds pushed live for this selection: (odds, previous).
    #[prop(optional, into)]
    live: Option<Signal<Option<(String, String)>>>,
) -> impl IntoView {
    let slip = use_betslip();
    let id = selection.id.to_string();
    let id_check = id.clone();
    let selected = Signal::derive(move || slip.contains(&id_check));
    // The market's status as pushed live (suspended, resumed, settled),
    // else as loaded.
    let topics = crate::live::use_live_topics();
    let open = {
        let market_id = market.id.to_string();
        let loaded_open = market.status == MarketStatus::Open;
        let selection_open = selection.status == SelectionStatus::Open;
        Signal::derive(move || {
            selection_open
                && topics
                    .and_then(|t| t.market_status(&market_id))
                    .map_or(loaded_open, |pushed| pushed == "open")
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
    let l = crate::i18n::use_locale();
    let label = {
        let name = name.clone();
        let market_name = market.name.clone();
        let odds = odds.clone();
        move || {
            if open.get() {
                crate::i18n::messages::odds_button_label(
                    l,
                    &name,
                    &market_name,
                    &slip.show(&odds()),
                )
            } else {
                crate::i18n::messages::odds_button_closed(l, &name, &market_name)
            }
        }
    };
    let on_click = {
        let (event, market, selection) = (event.clone(), market.clone(), selection.clone());
        let odds = odds.clone();
        move |_| {
            let mut selection = selection.clone();
            selection.odds = odds();
            let adding = !slip.contains(&selection.id.to_string());
            slip.toggle(&event, &market, &selection);
            // On wide screens the drawer opens beside the page; on a phone
            // the sheet would cover the odds, so the betslip button (shown
            // now that the slip has legs) opens it when the player is ready.
            if adding && super::drawer::is_panel() {
                slip.open.set(true);
            }
        }
    };
    view! {
        <button
            type="button"
            data-testid="odds-button"
            data-selection=id
            data-market=market.id.to_string()
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
                                "w-full break-words text-center text-xs leading-tight text-slate-900"
                            } else {
                                "w-full break-words text-center text-xs leading-tight text-slate-400"
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
