//! Settling, resettling and voiding a market.

use leptos::prelude::*;

use super::{LABEL, SMALL_BUTTON, run};
use crate::api::sportsbook::{
    Market, OutcomeInput, SettleInput, TradeOutcome, trading_settle, trading_void,
};
use crate::components::{BUTTON_PRIMARY, INPUT};

/// Settle (or resettle) by per-selection results, or by score for line
/// markets.
#[component]
pub(super) fn SettleForm(
    market: Market,
    has_line: bool,
    resettle: bool,
    outcome: RwSignal<Option<TradeOutcome>>,
    done: RwSignal<u64>,
) -> impl IntoView {
    let by_score = RwSignal::new(has_line);
    let results: Vec<(String, String, RwSignal<String>)> = market
        .selections
        .iter()
        .map(|s| {
            (
                s.id.to_string(),
                s.name.clone(),
                RwSignal::new(s.result.map_or("lose", |r| r.code()).to_owned()),
            )
        })
        .collect();
    let home = RwSignal::new(String::new());
    let away = RwSignal::new(String::new());
    let market_id = market.id.to_string();
    let submit_results = results.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = SettleInput {
            market_id: market_id.clone(),
            outcomes: if by_score.get_untracked() {
                Vec::new()
            } else {
                submit_results
                    .iter()
                    .map(|(id, _, r)| OutcomeInput {
                        selection_id: id.clone(),
                        result: r.get_untracked(),
                    })
                    .collect()
            },
            score: by_score
                .get_untracked()
                .then(|| (home.get_untracked(), away.get_untracked())),
            resettle,
        };
        run(outcome, done, trading_settle(input));
    };
    let options = [
        ("win", "Win"),
        ("lose", "Lose"),
        ("void", "Void"),
        ("push", "Push"),
        ("half_win", "Half win"),
        ("half_lose", "Half lose"),
    ];
    let mid = market.id.to_string();
    view! {
        <form class="mt-3 space-y-2" on:submit=on_submit data-testid="settle-form">
            {has_line.then(|| view! {
                <label class="flex items-center gap-2 text-xs text-slate-300">
                    <input type="checkbox" prop:checked=move || by_score.get() on:change=move |ev| by_score.set(event_target_checked(&ev))/>
                    "Settle by final score"
                </label>
            })}
            <Show
                when=move || by_score.get()
                fallback={
                    let results = results.clone();
                    let mid = mid.clone();
                    move || {
                        results.iter().map(|(id, name, r)| {
                            let r = *r;
                            let field = format!("result-{mid}-{id}");
                            view! {
                                <div class="flex items-center justify-between gap-2">
                                    <label for=field.clone() class="text-sm text-slate-200">{name.clone()}</label>
                                    <select
                                        id=field
                                        data-testid="settle-result"
                                        class="rounded-lg border border-slate-700 bg-slate-950 px-2 py-1.5 text-sm text-slate-100"
                                        prop:value=move || r.get()
                                        on:change=move |ev| r.set(event_target_value(&ev))
                                    >
                                        {options.into_iter().map(|(code, label)| view! { <option value=code selected=move || r.get() == code>{label}</option> }).collect_view()}
                                    </select>
                                </div>
                            }
                        }).collect_view()
                    }
                }
            >
                <div class="flex items-center gap-2">
                    <label class="text-sm text-slate-200" for=format!("home-{}", market.id)>"Home"</label>
                    <input id=format!("home-{}", market.id) class="w-16 rounded-lg border border-slate-700 bg-slate-950 px-2 py-1.5 text-sm" inputmode="numeric" on:input=move |ev| home.set(event_target_value(&ev))/>
                    <label class="text-sm text-slate-200" for=format!("away-{}", market.id)>"Away"</label>
                    <input id=format!("away-{}", market.id) class="w-16 rounded-lg border border-slate-700 bg-slate-950 px-2 py-1.5 text-sm" inputmode="numeric" on:input=move |ev| away.set(event_target_value(&ev))/>
                </div>
            </Show>
            <button type="submit" class=format!("{BUTTON_PRIMARY} w-full") data-testid="settle-submit">
                {if resettle { "Resettle market" } else { "Settle market" }}
            </button>
        </form>
    }
    .into_any()
}

/// Voids the market with a reason: every leg on it becomes void.
#[component]
pub(super) fn VoidForm(
    market_id: String,
    outcome: RwSignal<Option<TradeOutcome>>,
    done: RwSignal<u64>,
    disabled: bool,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let field = format!("void-{market_id}");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        run(
            outcome,
            done,
            trading_void(market_id.clone(), reason.get_untracked()),
        );
    };
    view! {
        <form class="mt-3 flex flex-wrap items-end gap-2 border-t border-slate-800 pt-3" on:submit=on_submit>
            <div class="min-w-0 flex-1">
                <label for=field.clone() class=LABEL>"Void reason"</label>
                <input id=field class=format!("{INPUT} mt-1") required disabled=disabled on:input=move |ev| reason.set(event_target_value(&ev))/>
            </div>
            <button type="submit" class=SMALL_BUTTON disabled=disabled>"Void market"</button>
        </form>
    }
    .into_any()
}
