//! A market's limits and its selections'.

use leptos::prelude::*;

use super::{LABEL, SMALL_BUTTON, run};
use crate::api::sportsbook::{
    Market, TradeOutcome, trading_set_market_limits, trading_set_selection_limits,
};
use crate::components::INPUT;

/// "max stake 50 · liability 1000", or "no limits".
fn describe_limits(max_stake: Option<&str>, liability: Option<&str>) -> String {
    let parts: Vec<String> = [("max stake", max_stake), ("liability limit", liability)]
        .into_iter()
        .filter_map(|(label, v)| v.map(|v| format!("{label} {v}")))
        .collect();
    if parts.is_empty() {
        "no limits".to_owned()
    } else {
        parts.join(" · ")
    }
}

/// A market's limits (max stake, liability limit, auto-suspend) and each
/// selection's (max stake, liability limit). Empty fields clear a limit.
#[component]
pub(super) fn LimitsPanel(
    market: Market,
    outcome: RwSignal<Option<TradeOutcome>>,
    done: RwSignal<u64>,
) -> impl IntoView {
    let mid = market.id.to_string();
    let max_ref = NodeRef::<leptos::html::Input>::new();
    let liab_ref = NodeRef::<leptos::html::Input>::new();
    let auto_ref = NodeRef::<leptos::html::Input>::new();
    let save_market = {
        let mid = mid.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let max = max_ref
                .get_untracked()
                .map(|i| i.value())
                .unwrap_or_default();
            let liab = liab_ref
                .get_untracked()
                .map(|i| i.value())
                .unwrap_or_default();
            let auto = auto_ref.get_untracked().is_some_and(|i| i.checked());
            run(
                outcome,
                done,
                trading_set_market_limits(mid.clone(), max, liab, auto),
            );
        }
    };
    let mut summary = describe_limits(
        market.max_stake.as_deref(),
        market.liability_limit.as_deref(),
    );
    if market.auto_suspend {
        summary.push_str(" · auto-suspend on");
    }
    let selections = market.selections.clone();
    view! {
        <details class="mt-3 rounded-xl border border-slate-800 p-3" data-testid="limits">
            <summary class="cursor-pointer text-sm font-semibold text-slate-200">
                "Limits "
                <span class="font-normal text-slate-400" data-testid="market-limits-summary">{format!("({summary})")}</span>
            </summary>
            <form class="mt-3 space-y-2" on:submit=save_market data-testid="market-limits">
                <p class="text-xs text-slate-400">"Market: largest stake of one bet, and the liability at which the market suspends itself. Leave an amount empty for no limit."</p>
                <div class="grid grid-cols-2 gap-2">
                    <div>
                        <label for=format!("mlim-max-{mid}") class=LABEL>"Max stake"</label>
                        <input id=format!("mlim-max-{mid}") node_ref=max_ref class=format!("{INPUT} mt-1 tabular-nums") inputmode="decimal" placeholder="No limit" value=market.max_stake.clone().unwrap_or_default()/>
                    </div>
                    <div>
                        <label for=format!("mlim-liab-{mid}") class=LABEL>"Liability limit"</label>
                        <input id=format!("mlim-liab-{mid}") node_ref=liab_ref class=format!("{INPUT} mt-1 tabular-nums") inputmode="decimal" placeholder="No limit" value=market.liability_limit.clone().unwrap_or_default()/>
                    </div>
                </div>
                <div class="flex flex-wrap items-center justify-between gap-2">
                    <label class="flex items-center gap-2 text-xs text-slate-300">
                        <input type="checkbox" node_ref=auto_ref checked=market.auto_suspend/>
                        "Auto-suspend at the liability limit"
                    </label>
                    <button type="submit" class=SMALL_BUTTON>"Save market limits"</button>
                </div>
            </form>
            <ul class="mt-3 divide-y divide-slate-800 border-t border-slate-800">
                {selections.into_iter().map(|s| {
                    let (max, liab) = (s.max_stake.clone(), s.liability_limit.clone());
                    let max_ref = NodeRef::<leptos::html::Input>::new();
                    let liab_ref = NodeRef::<leptos::html::Input>::new();
                    let sid = s.id.to_string();
                    let save = {
                        let sid = sid.clone();
                        move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            let max = max_ref.get_untracked().map(|i| i.value()).unwrap_or_default();
                            let liab = liab_ref.get_untracked().map(|i| i.value()).unwrap_or_default();
                            run(outcome, done, trading_set_selection_limits(sid.clone(), max, liab));
                        }
                    };
                    view! {
                        <li class="py-2">
                            <form class="flex flex-wrap items-end gap-2" on:submit=save data-testid="selection-limits" data-selection=sid.clone()>
                                <p class="w-full text-sm text-slate-100">
                                    {s.name.clone()}
                                    <span class="ml-2 text-xs text-slate-400" data-testid="selection-limits-summary">{describe_limits(max.as_deref(), liab.as_deref())}</span>
                                </p>
                                <div class="min-w-0 flex-1">
                                    <label for=format!("slim-max-{sid}") class=LABEL>{format!("Max stake on {}", s.name)}</label>
                                    <input id=format!("slim-max-{sid}") node_ref=max_ref class=format!("{INPUT} mt-1 tabular-nums") inputmode="decimal" placeholder="No limit" value=max.clone().unwrap_or_default()/>
                                </div>
                                <div class="min-w-0 flex-1">
                                    <label for=format!("slim-liab-{sid}") class=LABEL>{format!("Liability limit on {}", s.name)}</label>
                                    <input id=format!("slim-liab-{sid}") node_ref=liab_ref class=format!("{INPUT} mt-1 tabular-nums") inputmode="decimal" placeholder="No limit" value=liab.clone().unwrap_or_default()/>
                                </div>
                                <button type="submit" class=SMALL_BUTTON>"Save"</button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </details>
    }
    .into_any()
}
