//! `/backoffice/trading/{id}`: one event, a panel per market (odds,
//! suspend or resume, settle or void, limits) and the add-market form.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::add_market::AddMarket;
use super::limits::LimitsPanel;
use super::settle::{SettleForm, VoidForm};
use super::{Answer, SMALL_BUTTON, run};
use crate::api::sportsbook::{
    Event, Market, MarketStatus, TradeOutcome, trading_event, trading_set_odds, trading_suspend,
};
use crate::components::{BUTTON_SECONDARY, CARD, Loading, short_time};
use crate::pages::backoffice::guarded;

/// `/backoffice/trading/{id}`.
#[component]
pub fn TradingEvent() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let done = RwSignal::new(0u64);
    let event = crate::resource::resource(move || (id(), done.get()), |(id, _)| trading_event(id));
    let outcome = RwSignal::new(None::<TradeOutcome>);
    view! {
        <Title text="Event · Trading"/>
        <A href="/backoffice/trading" attr:class="text-xs text-slate-400 hover:text-emerald-300">"← Trading"</A>
        <div class="mt-2 grid gap-6 xl:grid-cols-[minmax(0,1fr)_24rem] xl:items-start">
            <div class="min-w-0">
                <Transition fallback=|| view! { <Loading/> }>
                    {move || Suspend::new(async move {
                        guarded(event.await, move |e: Event| view! {
                            <div class="flex flex-wrap items-baseline justify-between gap-3">
                                <div class="min-w-0">
                                    <h1 class="break-words text-2xl font-bold tracking-tight text-white" data-testid="trading-event-name">{e.name.clone()}</h1>
                                    <p class="text-sm text-slate-400">{format!("{} · {} · {} UTC · {}", e.sport, e.competition, short_time(&e.starts_at.to_rfc3339()), e.status)}</p>
                                </div>
                                <A href=format!("/backoffice/trading/{}/risk", e.id) attr:class=BUTTON_SECONDARY>"Risk"</A>
                            </div>
                            <div class="mt-4"><Answer outcome/></div>
                            <div class="mt-4 space-y-4">
                                {e.markets.is_empty().then(|| view! { <p class="text-sm text-slate-400">"No markets yet. Add one."</p> })}
                                {e.markets.into_iter().map(|m| view! { <MarketPanel market=m outcome done/> }).collect_view()}
                            </div>
                        })
                    })}
                </Transition>
            </div>
            <AddMarket event_id=Signal::derive(id) done/>
        </div>
    }
    .into_any()
}

/// What a suspension's origin means for the trader.
fn suspended_by_hint(by: &str) -> &'static str {
    match by {
        "feed" => "Suspended by the odds feed: the feed resumes it, or a trader can.",
        "liability" => "Suspended when a selection's liability reached the market's limit.",
        _ => "Suspended by a trader: only a trader resumes it.",
    }
}

/// One market: odds inputs, suspend/resume, settle, void, resettle.
#[component]
fn MarketPanel(
    market: Market,
    outcome: RwSignal<Option<TradeOutcome>>,
    done: RwSignal<u64>,
) -> impl IntoView {
    let closed = matches!(market.status, MarketStatus::Settled | MarketStatus::Void);
    let market_id = market.id.to_string();
    let suspended = market.status == MarketStatus::Suspended;
    let toggle = {
        let id = market_id.clone();
        move |_| run(outcome, done, trading_suspend(id.clone(), !suspended))
    };
    let line = market.line.clone();
    let has_line = market.has_line();
    let status_class = match market.status {
        MarketStatus::Open => "text-emerald-300",
        MarketStatus::Suspended => "text-amber-300",
        MarketStatus::Settled | MarketStatus::Void => "text-slate-400",
    };
    view! {
        <section class=CARD data-testid="trading-market" data-market=market_id.clone() aria-label=market.name.clone()>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h2 class="font-semibold text-white">
                    {market.name.clone()}
                    {line.map(|l| format!(" ({l})"))}
                </h2>
                <div class="flex items-center gap-2">
                    <span class=format!("text-xs font-semibold uppercase tracking-wider {status_class}") data-testid="market-status">{market.status.code()}</span>
                    {market.suspended_by.clone().map(|by| view! {
                        <span class="text-xs text-slate-400" data-testid="suspended-by" title=suspended_by_hint(&by)>{format!("by {by}")}</span>
                    })}
                    {(!closed).then(|| view! {
                        <button type="button" class=SMALL_BUTTON on:click=toggle.clone() data-testid="toggle-suspend">
                            {if suspended { "Resume" } else { "Suspend" }}
                        </button>
                    })}
                </div>
            </div>
            <ul class="mt-3 divide-y divide-slate-800">
                {market.selections.iter().map(|s| {
                    let input = NodeRef::<leptos::html::Input>::new();
                    let sid = s.id.to_string();
                    let set = move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        let odds = input.get_untracked().map(|i| i.value()).unwrap_or_default();
                        run(outcome, done, trading_set_odds(sid.clone(), odds));
                    };
                    let input_id = format!("odds-{}", s.id);
                    view! {
                        <li class="flex flex-wrap items-center justify-between gap-2 py-2">
                            <span class="text-sm text-slate-100">
                                {s.name.clone()}
                                {s.side.map(|side| view! { <span class="ml-1 text-xs text-slate-500">{side.code()}</span> })}
                                {s.result.map(|r| view! { <span class="ml-2 text-xs font-semibold text-emerald-300">{r.code()}</span> })}
                            </span>
                            <form class="flex items-center gap-2" on:submit=set>
                                <label class="sr-only" for=input_id.clone()>{format!("Odds of {}", s.name)}</label>
                                <input
                                    id=input_id
                                    node_ref=input
                                    class="w-24 rounded-lg border border-slate-700 bg-slate-950 px-2 py-1.5 text-sm tabular-nums text-slate-100"
                                    value=s.odds.clone()
                                    inputmode="decimal"
                                    disabled=closed
                                />
                                <button type="submit" class=SMALL_BUTTON disabled=closed>"Set odds"</button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <details class="mt-3 rounded-xl border border-slate-800 p-3" open=false>
                <summary class="cursor-pointer text-sm font-semibold text-slate-200">
                    {if closed { "Resettle or void" } else { "Settle or void" }}
                </summary>
                <SettleForm market=market.clone() has_line resettle=closed outcome done/>
                <VoidForm market_id=market_id.clone() outcome done disabled=market.status == MarketStatus::Void/>
            </details>
            <LimitsPanel market=market.clone() outcome done/>
        </section>
    }
    .into_any()
}
