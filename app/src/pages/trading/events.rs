//! `/backoffice/trading`: the events and the create-event form.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::{Answer, LABEL, MARKET_KINDS, is_line_kind, run};
use crate::api::sportsbook::{
    MarketStatus, NewEventInput, NewSelectionInput, TradeOutcome, TradingRow, trading_create_event,
    trading_events,
};
use crate::components::{BUTTON_PRIMARY, CARD, INPUT, Loading, short_time};
use crate::format::money;
use crate::pages::backoffice::guarded;

/// `/backoffice/trading`.
#[component]
pub fn TradingEvents() -> impl IntoView {
    let done = RwSignal::new(0u64);
    let events = crate::resource::resource(move || done.get(), |_| trading_events());
    view! {
        <Title text="Trading · Back office"/>
        <h1 class="text-2xl font-bold tracking-tight text-white">"Trading"</h1>
        <p class="mt-1 text-sm text-slate-400">"Upcoming and live events. Open one to move odds, suspend, settle and see risk."</p>
        <A href="/backoffice/trading/teasers" attr:class="mt-2 inline-block text-sm text-emerald-300 underline">"Teaser tables"</A>
        // The form stays outside the list's Transition: refetching the list
        // after a create keeps the form's answer and its link.
        <div class="mt-5 space-y-6">
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(events.await, move |list| view! {
                        // The table keeps a readable width and scrolls
                        // inside its card on a phone.
                        <div class=format!("{CARD} relative min-w-0 overflow-x-auto p-0 sm:p-0")>
                            <table class="w-full min-w-[46rem] text-left text-sm" data-testid="trading-events">
                                <caption class="sr-only">"Events"</caption>
                                <thead class="text-xs uppercase tracking-wider text-slate-500">
                                    <tr>
                                        <th scope="col" class="px-4 py-3">"Event"</th>
                                        <th scope="col" class="px-4 py-3">"Starts (UTC)"</th>
                                        <th scope="col" class="px-4 py-3">"First market: prices"</th>
                                        <th scope="col" class="px-4 py-3">"Markets"</th>
                                        <th scope="col" class="px-4 py-3">"Worst case"</th>
                                    </tr>
                                </thead>
                                <tbody class="divide-y divide-slate-800">
                                    {list.is_empty().then(|| view! {
                                        <tr><td colspan="5" class="px-4 py-6 text-slate-400">"No events yet. Create one below."</td></tr>
                                    })}
                                    {list.into_iter().map(event_row).collect_view()}
                                </tbody>
                            </table>
                        </div>
                })
            })}
        </Transition>
        <div class="max-w-2xl">
            <CreateEvent done/>
        </div>
        </div>
    }
    .into_any()
}

/// One row of the events table: the event, its start, the first market's
/// prices, how many markets are open, and the book's worst case on it with
/// the way to the risk page (the liability per selection).
fn event_row(row: TradingRow) -> impl IntoView {
    let TradingRow {
        event: e,
        worst_case,
        at_risk,
    } = row;
    let open = e
        .markets
        .iter()
        .filter(|m| m.status == MarketStatus::Open)
        .count();
    let worst = if worst_case.is_empty() {
        "No open bets".to_owned()
    } else {
        worst_case
            .iter()
            .map(|(amount, currency)| money(amount, currency))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let prices = e.markets.first().cloned().map(|m| {
        let suspended = m.status != MarketStatus::Open;
        view! {
            <p class="text-xs text-slate-500">{m.name.clone()}{m.line.clone().map(|l| format!(" ({l})"))}{suspended.then_some(" · not open")}</p>
            <ul class="mt-1 flex flex-wrap gap-1.5" data-testid="trading-event-prices">
                {m.selections.into_iter().map(|s| view! {
                    <li class="whitespace-nowrap rounded-md border border-slate-700 px-2 py-0.5 text-xs">
                        <span class="text-slate-300">{s.name}</span>" "
                        <span class="font-semibold tabular-nums text-white">{s.odds}</span>
                    </li>
                }).collect_view()}
            </ul>
        }
    });
    view! {
        <tr data-testid="trading-event-row">
            <td class="px-4 py-3 align-top">
                <A href=format!("/backoffice/trading/{}", e.id) attr:class="font-medium text-emerald-300 hover:underline">
                    {e.name.clone()}
                </A>
                <p class="text-xs text-slate-500">{format!("{} · {}", e.sport, e.competition)}{e.demo.then_some(" · demo")}</p>
            </td>
            <td class="whitespace-nowrap px-4 py-3 align-top tabular-nums text-slate-300">{short_time(&e.starts_at.to_rfc3339())}</td>
            <td class="px-4 py-3 align-top">{prices}</td>
            <td class="whitespace-nowrap px-4 py-3 align-top text-slate-300">{format!("{} ({open} open)", e.markets.len())}</td>
            <td class="whitespace-nowrap px-4 py-3 align-top">
                <p
                    class=if at_risk { "text-sm font-semibold tabular-nums text-amber-300" } else { "text-sm tabular-nums text-slate-300" }
                    data-testid="trading-event-worst-case"
                >{worst}</p>
                <A href=format!("/backoffice/trading/{}/risk", e.id) attr:class="text-xs text-slate-300 underline hover:text-white">"Risk and liability"</A>
            </td>
        </tr>
    }
}

/// The create-event form: one market with up to three selections.
#[component]
fn CreateEvent(done: RwSignal<u64>) -> impl IntoView {
    let outcome = RwSignal::new(None::<TradeOutcome>);
    let kind = RwSignal::new("match_result".to_owned());
    let line_market = move || is_line_kind(&kind.get());
    // Field name → value, filled as the trader types.
    let fields = RwSignal::new(std::collections::HashMap::<String, String>::new());
    let value =
        move |name: &str| fields.with_untracked(|f| f.get(name).cloned().unwrap_or_default());
    let bind = move |name: &'static str| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            fields.update(|f| {
                f.insert(name.to_owned(), v);
            });
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let is_line = line_market();
        let kind_now = kind.get_untracked();
        let sides: [&str; 3] = if kind_now == "total" {
            ["over", "under", ""]
        } else {
            ["home", "away", ""]
        };
        let selections = (0..3)
            .map(|i| NewSelectionInput {
                name: value(&format!("sel_name_{i}")),
                side: if is_line {
                    sides[i].to_owned()
                } else {
                    String::new()
                },
                odds: value(&format!("sel_odds_{i}")),
            })
            .filter(|s| !(is_line && s.side.is_empty()))
            .collect();
        let input = NewEventInput {
            sport: value("sport"),
            competition: value("competition"),
            name: value("name"),
            starts_at: value("starts_at"),
            market_name: value("market_name"),
            market_kind: kind_now,
            line: if is_line {
                value("line")
            } else {
                String::new()
            },
            selections,
        };
        run(outcome, done, trading_create_event(input));
    };
    view! {
        <form class=format!("{CARD} space-y-3") on:submit=on_submit data-testid="create-event">
            <h2 class="text-lg font-semibold text-white">"Create an event"</h2>
            <div class="grid grid-cols-2 gap-3">
                <div>
                    <label for="ce-sport" class=LABEL>"Sport"</label>
                    <input id="ce-sport" name="sport" on:input=bind("sport") required class=format!("{INPUT} mt-1") placeholder="Football"/>
                </div>
                <div>
                    <label for="ce-competition" class=LABEL>"Competition"</label>
                    <input id="ce-competition" name="competition" on:input=bind("competition") required class=format!("{INPUT} mt-1") placeholder="Premier League"/>
                </div>
            </div>
            <div>
                <label for="ce-name" class=LABEL>"Event"</label>
                <input id="ce-name" name="name" on:input=bind("name") required class=format!("{INPUT} mt-1") placeholder="Home FC v Away United"/>
            </div>
            <div>
                <label for="ce-starts" class=LABEL>"Starts (UTC)"</label>
                <input id="ce-starts" name="starts_at" on:input=bind("starts_at") type="datetime-local" required class=format!("{INPUT} mt-1")/>
            </div>
            <div class="grid grid-cols-2 gap-3">
                <div>
                    <label for="ce-market" class=LABEL>"Market name"</label>
                    <input id="ce-market" name="market_name" on:input=bind("market_name") required class=format!("{INPUT} mt-1") placeholder="Match result"/>
                </div>
                <div>
                    <label for="ce-kind" class=LABEL>"Kind"</label>
                    <select
                        id="ce-kind"
                        name="market_kind"
                        class=format!("{INPUT} mt-1")
                        on:change=move |ev| kind.set(event_target_value(&ev))
                    >
                        {MARKET_KINDS.into_iter().map(|(code, label)| view! { <option value=code>{label}</option> }).collect_view()}
                    </select>
                </div>
            </div>
            <Show when=line_market>
                <div>
                    <label for="ce-line" class=LABEL>"Line (home handicap or total, e.g. -1.5 or 2.5)"</label>
                    <input id="ce-line" name="line" on:input=bind("line") required class=format!("{INPUT} mt-1") inputmode="decimal"/>
                </div>
            </Show>
            <fieldset class="space-y-2">
                <legend class=LABEL>"Selections and decimal odds"</legend>
                {(0..3usize).map(|i| {
                    let hidden = move || line_market() && i == 2;
                    let placeholder = move || match (kind.get().as_str(), i) {
                        ("total", 0) => "Over",
                        ("total", 1) => "Under",
                        (_, 0) => "Home",
                        (_, 1) => "Away",
                        _ => "Draw (optional)",
                    };
                    view! {
                        <div class="grid grid-cols-[1fr_6rem] gap-2" hidden=hidden>
                            <label class="sr-only" for=format!("ce-sel-{i}")>{format!("Selection {}", i + 1)}</label>
                            <input id=format!("ce-sel-{i}") name=format!("sel_name_{i}") on:input=move |ev| { let v = event_target_value(&ev); fields.update(|f| { f.insert(format!("sel_name_{i}"), v); }); } class=INPUT placeholder=placeholder required=i < 2/>
                            <label class="sr-only" for=format!("ce-odds-{i}")>{format!("Odds of selection {}", i + 1)}</label>
                            <input id=format!("ce-odds-{i}") name=format!("sel_odds_{i}") on:input=move |ev| { let v = event_target_value(&ev); fields.update(|f| { f.insert(format!("sel_odds_{i}"), v); }); } class=format!("{INPUT} tabular-nums") placeholder="2.00" inputmode="decimal" required=i < 2/>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class=format!("{BUTTON_PRIMARY} w-full")>"Create event"</button>
            <Answer outcome/>
            {move || outcome.get().and_then(|o| o.id).map(|id| view! {
                <A href=format!("/backoffice/trading/{id}") attr:class="block text-sm text-emerald-300 underline">"Open the new event"</A>
            })}
        </form>
    }
    .into_any()
}
