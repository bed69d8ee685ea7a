//! Back office, traders and admins: `/backoffice/trading` (events and the
//! create-event form), `/backoffice/trading/{id}` (an event's markets: add one, move
//! odds, suspend or resume, settle by result or score, void with a reason,
//! resettle) and `/backoffice/trading/{id}/risk` (stakes, potential payout
//! and liability per selection). Every command is role-checked on the
//! server; answers show inline.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::sportsbook::{
    EventData, MarketData, MarketLimitsData, NewEventInput, NewMarketInput, NewSelectionInput,
    OutcomeInput, SettleInput, TeaserTableInput, TradeOutcome, teaser_tables, trading_add_market,
    trading_create_event, trading_event, trading_events, trading_limits, trading_risk,
    trading_set_market_limits, trading_set_odds, trading_set_selection_limits,
    trading_set_teaser_table, trading_settle, trading_suspend, trading_void,
};
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, INPUT, Loading, short_time};
use crate::pages::backoffice::guarded;

const LABEL: &str = "block text-xs font-medium text-slate-300";
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

/// `/backoffice/trading`.
#[component]
pub fn TradingEvents() -> impl IntoView {
    let done = RwSignal::new(0u64);
    let events = Resource::new(move || done.get(), |_| trading_events());
    view! {
        <Title text="Trading · Back office"/>
        <h1 class="text-2xl font-bold tracking-tight text-white">"Trading"</h1>
        <p class="mt-1 text-sm text-slate-400">"Upcoming and live events. Open one to move odds, suspend, settle and see risk."</p>
        <A href="/backoffice/trading/teasers" attr:class="mt-2 inline-block text-sm text-emerald-300 underline">"Teaser tables"</A>
        // The form stays outside the list's Transition: refetching the list
        // after a create keeps the form's answer and its link.
        <div class="mt-5 grid gap-6 xl:grid-cols-[minmax(0,1fr)_24rem] xl:items-start">
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(events.await, move |list| view! {
                        <div class=format!("{CARD} relative min-w-0 overflow-x-auto p-0 sm:p-0")>
                            <table class="w-full text-left text-sm" data-testid="trading-events">
                                <caption class="sr-only">"Events"</caption>
                                <thead class="text-xs uppercase tracking-wider text-slate-500">
                                    <tr>
                                        <th scope="col" class="px-4 py-3">"Event"</th>
                                        <th scope="col" class="px-4 py-3">"Starts (UTC)"</th>
                                        <th scope="col" class="px-4 py-3">"Markets"</th>
                                        <th scope="col" class="px-4 py-3"><span class="sr-only">"Risk"</span></th>
                                    </tr>
                                </thead>
                                <tbody class="divide-y divide-slate-800">
                                    {list.is_empty().then(|| view! {
                                        <tr><td colspan="4" class="px-4 py-6 text-slate-400">"No events yet. Create one."</td></tr>
                                    })}
                                    {list.into_iter().map(|e| {
                                        let open = e.markets.iter().filter(|m| m.status == "open").count();
                                        view! {
                                            <tr data-testid="trading-event-row">
                                                <td class="px-4 py-3">
                                                    <A href=format!("/backoffice/trading/{}", e.id) attr:class="font-medium text-emerald-300 hover:underline">
                                                        {e.name.clone()}
                                                    </A>
                                                    <p class="text-xs text-slate-500">{format!("{} · {}", e.sport, e.competition)}{e.demo.then_some(" · demo")}</p>
                                                </td>
                                                <td class="whitespace-nowrap px-4 py-3 tabular-nums text-slate-300">{short_time(&e.starts_at)}</td>
                                                <td class="px-4 py-3 text-slate-300">{format!("{} ({open} open)", e.markets.len())}</td>
                                                <td class="px-4 py-3">
                                                    <A href=format!("/backoffice/trading/{}/risk", e.id) attr:class="text-xs text-slate-300 underline hover:text-white">"Risk"</A>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                })
            })}
        </Transition>
        <CreateEvent done/>
        </div>
    }
    .into_any()
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

/// `/backoffice/trading/teasers`: the teaser tables and a form to create
/// or replace one.
#[component]
pub fn TradingTeasers() -> impl IntoView {
    let done = RwSignal::new(0u64);
    let tables = Resource::new(move || done.get(), |_| teaser_tables());
    let outcome = RwSignal::new(None::<TradeOutcome>);
    let points = NodeRef::<leptos::html::Input>::new();
    let odds: Vec<(usize, NodeRef<leptos::html::Input>)> =
        (2..=6usize).map(|n| (n, NodeRef::new())).collect();
    let submit_odds = odds.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = TeaserTableInput {
            points: points
                .get_untracked()
                .map(|i| i.value())
                .unwrap_or_default(),
            prices: submit_odds
                .iter()
                .map(|(n, r)| {
                    (
                        n.to_string(),
                        r.get_untracked().map(|i| i.value()).unwrap_or_default(),
                    )
                })
                .collect(),
        };
        run(outcome, done, trading_set_teaser_table(input));
    };
    view! {
        <Title text="Teaser tables · Trading"/>
        <A href="/backoffice/trading" attr:class="text-xs text-slate-400 hover:text-emerald-300">"← Trading"</A>
        <h1 class="mt-2 text-2xl font-bold tracking-tight text-white">"Teaser tables"</h1>
        <p class="mt-1 text-sm text-slate-400">"Decimal odds of a teaser by number of legs, one table per number of points. Saving a table for existing points replaces it; bets already placed keep their prices."</p>
        <div class="mt-5 grid gap-6 xl:grid-cols-[1fr_24rem]">
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    guarded(tables.await, move |list| view! {
                        <div class=format!("{CARD} overflow-x-auto") data-testid="teaser-tables">
                            {list.is_empty().then(|| view! { <p class="text-sm text-slate-400">"No teaser tables yet."</p> })}
                            <ul class="divide-y divide-slate-800">
                                {list.into_iter().map(|t| view! {
                                    <li class="py-2" data-testid="teaser-table" data-points=t.points().normalize().to_string()>
                                        <h2 class="font-semibold text-white">{format!("{} points", t.points().normalize())}</h2>
                                        <p class="text-sm tabular-nums text-slate-300">
                                            {t.prices().iter().map(|(legs, o)| format!("{legs} legs {o}")).collect::<Vec<_>>().join(" · ")}
                                        </p>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </div>
                    })
                })}
            </Transition>
            <form class=format!("{CARD} space-y-3") on:submit=on_submit data-testid="teaser-form">
                <h2 class="text-lg font-semibold text-white">"Create or replace a table"</h2>
                <div>
                    <label for="tt-points" class=LABEL>"Points (e.g. 6 or 6.5)"</label>
                    <input id="tt-points" node_ref=points required inputmode="decimal" class=format!("{INPUT} mt-1 tabular-nums")/>
                </div>
                <fieldset class="space-y-2">
                    <legend class=LABEL>"Decimal odds by number of legs (leave empty for none)"</legend>
                    {odds.into_iter().map(|(n, r)| view! {
                        <div class="grid grid-cols-[6rem_1fr] items-center gap-2">
                            <label for=format!("tt-odds-{n}") class="text-sm text-slate-200">{format!("{n} legs")}</label>
                            <input id=format!("tt-odds-{n}") node_ref=r inputmode="decimal" placeholder="1.91" class=format!("{INPUT} tabular-nums")/>
                        </div>
                    }).collect_view()}
                </fieldset>
                <button type="submit" class=format!("{BUTTON_PRIMARY} w-full")>"Save table"</button>
                <Answer outcome/>
            </form>
        </div>
    }
    .into_any()
}

/// `/backoffice/trading/{id}`.
#[component]
pub fn TradingEvent() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let done = RwSignal::new(0u64);
    let event = Resource::new(move || (id(), done.get()), |(id, _)| trading_event(id));
    let limits = Resource::new(move || (id(), done.get()), |(id, _)| trading_limits(id));
    let outcome = RwSignal::new(None::<TradeOutcome>);
    view! {
        <Title text="Event · Trading"/>
        <A href="/backoffice/trading" attr:class="text-xs text-slate-400 hover:text-emerald-300">"← Trading"</A>
        <div class="mt-2 grid gap-6 xl:grid-cols-[minmax(0,1fr)_24rem] xl:items-start">
            <div class="min-w-0">
                <Transition fallback=|| view! { <Loading/> }>
                    {move || Suspend::new(async move {
                        let limits = limits.await.unwrap_or_default();
                        guarded(event.await, move |e: EventData| view! {
                            <div class="flex flex-wrap items-baseline justify-between gap-3">
                                <div class="min-w-0">
                                    <h1 class="break-words text-2xl font-bold tracking-tight text-white" data-testid="trading-event-name">{e.name.clone()}</h1>
                                    <p class="text-sm text-slate-400">{format!("{} · {} · {} UTC · {}", e.sport, e.competition, short_time(&e.starts_at), e.status)}</p>
                                </div>
                                <A href=format!("/backoffice/trading/{}/risk", e.id) attr:class=BUTTON_SECONDARY>"Risk"</A>
                            </div>
                            <div class="mt-4"><Answer outcome/></div>
                            <div class="mt-4 space-y-4">
                                {e.markets.is_empty().then(|| view! { <p class="text-sm text-slate-400">"No markets yet. Add one."</p> })}
                                {e.markets.into_iter().map(|m| {
                                    let l = limits.iter().find(|l| l.market_id == m.id).cloned();
                                    view! { <MarketPanel market=m limits=l outcome done/> }
                                }).collect_view()}
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

/// One selection row of the add-market form.
#[derive(Clone, Copy)]
struct SelectionRow {
    key: u64,
    name: RwSignal<String>,
    side: RwSignal<String>,
    odds: RwSignal<String>,
    field: NodeRef<leptos::html::Input>,
}

impl SelectionRow {
    fn new(key: u64) -> Self {
        Self {
            key,
            name: RwSignal::new(String::new()),
            side: RwSignal::new(String::new()),
            odds: RwSignal::new(String::new()),
            field: NodeRef::new(),
        }
    }
}

/// Adds a market to the event: name, kind, line for line markets and a
/// list of selections (two to a hundred; a line market has exactly its
/// two sides).
#[component]
fn AddMarket(event_id: Signal<String>, done: RwSignal<u64>) -> impl IntoView {
    let outcome = RwSignal::new(None::<TradeOutcome>);
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new("match_result".to_owned());
    let line = RwSignal::new(String::new());
    let next_key = StoredValue::new(3u64);
    let rows = RwSignal::new((0..3).map(SelectionRow::new).collect::<Vec<_>>());
    let add_button = NodeRef::<leptos::html::Button>::new();
    let is_line = move || is_line_kind(&kind.get());
    // Rows are made in handlers and an effect: their signals belong to the
    // form, not to whatever runs at the time (an effect disposes what it
    // made when it runs again).
    let owner = StoredValue::new(Owner::current());
    let new_row = move || {
        let k = next_key.get_value();
        next_key.set_value(k + 1);
        match owner.get_value() {
            Some(o) => o.with(|| SelectionRow::new(k)),
            None => SelectionRow::new(k),
        }
    };
    let reset = move || {
        name.set(String::new());
        line.set(String::new());
        kind.set("match_result".to_owned());
        rows.set((0..3).map(|_| new_row()).collect());
    };
    // A line market has exactly its two sides, in order.
    let on_kind = move |ev: leptos::ev::Event| {
        let k = event_target_value(&ev);
        if is_line_kind(&k) {
            let sides = line_sides(&k);
            rows.update(|r| {
                r.truncate(2);
                while r.len() < 2 {
                    r.push(new_row());
                }
                for (row, (code, _)) in r.iter().zip(sides) {
                    row.side.set(code.to_owned());
                }
            });
        }
        kind.set(k);
    };
    let add_row = move |_| {
        let row = new_row();
        rows.update(|r| r.push(row));
        request_animation_frame(move || {
            if let Some(input) = row.field.get_untracked() {
                let _ = input.focus();
            }
        });
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let line_market = is_line();
        let input = NewMarketInput {
            event_id: event_id.get_untracked(),
            name: name.get_untracked(),
            kind: kind.get_untracked(),
            line: if line_market {
                line.get_untracked()
            } else {
                String::new()
            },
            selections: rows
                .get_untracked()
                .iter()
                .map(|r| NewSelectionInput {
                    name: r.name.get_untracked(),
                    side: if line_market {
                        r.side.get_untracked()
                    } else {
                        String::new()
                    },
                    odds: r.odds.get_untracked(),
                })
                .collect(),
        };
        run(outcome, done, trading_add_market(input));
    };
    // Clear the form once the market is added (the answer stays).
    Effect::new(move |_| {
        if outcome.with(|o| o.as_ref().is_some_and(|o| o.ok)) {
            reset();
        }
    });
    let row_count = move || rows.with(Vec::len);
    let selections = view! {
        <fieldset class="space-y-2">
            <legend class=LABEL>
                {move || if is_line() { "Selections: one per side, with decimal odds" } else { "Selections and decimal odds (at least two)" }}
            </legend>
            <ol class="space-y-2" data-testid="add-market-selections">
                <For
                    each={move || rows.get().into_iter().enumerate().collect::<Vec<_>>()}
                    key={|(i, r): &(usize, SelectionRow)| (*i, r.key)}
                    children={move |(i, row): (usize, SelectionRow)| {
                        let n = i + 1;
                        let k = row.key;
                        view! {
                            <li class="flex flex-wrap items-center gap-2" data-testid="add-market-selection">
                                <label class="sr-only" for=format!("am-sel-{k}")>{format!("Selection {n} name")}</label>
                                <input id=format!("am-sel-{k}") node_ref=row.field required maxlength="200"
                                    class=format!("{INPUT} min-w-0 flex-1 basis-24")
                                    placeholder=move || if is_line() { line_sides(&kind.get())[i.min(1)].1.to_owned() } else { format!("Selection {n}") }
                                    prop:value=move || row.name.get() on:input=move |ev| row.name.set(event_target_value(&ev))/>
                                <Show when=is_line>
                                    <label class="sr-only" for=format!("am-side-{k}")>{format!("Selection {n} side")}</label>
                                    <select id=format!("am-side-{k}") class="w-24 rounded-lg border border-slate-700 bg-slate-900 px-2 py-2.5 text-base text-slate-100 sm:text-sm"
                                        prop:value=move || row.side.get() on:change=move |ev| row.side.set(event_target_value(&ev))>
                                        {move || line_sides(&kind.get()).into_iter().map(|(code, label)| view! {
                                            <option value=code selected=move || row.side.get() == code>{label}</option>
                                        }).collect_view()}
                                    </select>
                                </Show>
                                <label class="sr-only" for=format!("am-odds-{k}")>{format!("Selection {n} odds")}</label>
                                <input id=format!("am-odds-{k}") required inputmode="decimal" placeholder="2.00"
                                    class="w-20 rounded-lg border border-slate-700 bg-slate-900 px-2 py-2.5 text-base tabular-nums text-slate-100 placeholder:text-slate-500 sm:text-sm"
                                    prop:value=move || row.odds.get() on:input=move |ev| row.odds.set(event_target_value(&ev))/>
                                <button type="button" class=SMALL_BUTTON
                                    aria-label=format!("Remove selection {n}")
                                    hidden=is_line
                                    disabled=move || row_count() <= 2
                                    on:click=move |_| {
                                        rows.update(|r| r.retain(|x| x.key != k));
                                        if let Some(b) = add_button.get_untracked() {
                                            let _ = b.focus();
                                        }
                                    }
                                >
                                    "Remove"
                                </button>
                            </li>
                        }
                        .into_any()
                    }}
                />
            </ol>
            <button type="button" class=SMALL_BUTTON node_ref=add_button hidden=is_line on:click=add_row data-testid="add-selection">
                "+ Add selection"
            </button>
        </fieldset>
    }
    .into_any();
    view! {
        <form class=format!("{CARD} min-w-0 space-y-3") on:submit=on_submit data-testid="add-market" aria-labelledby="am-title">
            <h2 id="am-title" class="text-lg font-semibold text-white">"Add a market"</h2>
            <div class="grid gap-3 sm:grid-cols-2 xl:grid-cols-1">
                <div>
                    <label for="am-name" class=LABEL>"Market name"</label>
                    <input id="am-name" required maxlength="200" class=format!("{INPUT} mt-1") placeholder="Total goals"
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </div>
                <div>
                    <label for="am-kind" class=LABEL>"Kind"</label>
                    <select id="am-kind" class=format!("{INPUT} mt-1") prop:value=move || kind.get() on:change=on_kind>
                        {MARKET_KINDS.into_iter().map(|(code, label)| view! {
                            <option value=code selected=move || kind.get() == code>{label}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <Show when=is_line>
                <div>
                    <label for="am-line" class=LABEL>"Line (home handicap or total, e.g. -1.5 or 2.5)"</label>
                    <input id="am-line" required inputmode="decimal" class=format!("{INPUT} mt-1 tabular-nums") placeholder="2.5"
                        prop:value=move || line.get() on:input=move |ev| line.set(event_target_value(&ev))/>
                </div>
            </Show>
            {selections}
            <button type="submit" class=format!("{BUTTON_PRIMARY} w-full") data-testid="add-market-submit">"Add market"</button>
            <Answer outcome/>
        </form>
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
    market: MarketData,
    limits: Option<MarketLimitsData>,
    outcome: RwSignal<Option<TradeOutcome>>,
    done: RwSignal<u64>,
) -> impl IntoView {
    let closed = matches!(market.status.as_str(), "settled" | "void");
    let market_id = market.id.clone();
    let suspended = market.status == "suspended";
    let toggle = {
        let id = market_id.clone();
        move |_| run(outcome, done, trading_suspend(id.clone(), !suspended))
    };
    let line = market.line.clone();
    let has_line = market.has_line();
    let status_class = match market.status.as_str() {
        "open" => "text-emerald-300",
        "suspended" => "text-amber-300",
        _ => "text-slate-400",
    };
    view! {
        <section class=CARD data-testid="trading-market" data-market=market.id.clone() aria-label=market.name.clone()>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h2 class="font-semibold text-white">
                    {market.name.clone()}
                    {line.map(|l| format!(" ({l})"))}
                </h2>
                <div class="flex items-center gap-2">
                    <span class=format!("text-xs font-semibold uppercase tracking-wider {status_class}") data-testid="market-status">{market.status.clone()}</span>
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
                    let sid = s.id.clone();
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
                                {s.side.clone().map(|side| view! { <span class="ml-1 text-xs text-slate-500">{side}</span> })}
                                {s.result.clone().map(|r| view! { <span class="ml-2 text-xs font-semibold text-emerald-300">{r}</span> })}
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
                <VoidForm market_id=market_id.clone() outcome done disabled=market.status == "void"/>
            </details>
            {limits.map(|l| view! { <LimitsPanel market=market.clone() limits=l outcome done/> })}
        </section>
    }
    .into_any()
}

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
fn LimitsPanel(
    market: MarketData,
    limits: MarketLimitsData,
    outcome: RwSignal<Option<TradeOutcome>>,
    done: RwSignal<u64>,
) -> impl IntoView {
    let mid = market.id.clone();
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
        limits.max_stake.as_deref(),
        limits.liability_limit.as_deref(),
    );
    if limits.auto_suspend {
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
                        <input id=format!("mlim-max-{mid}") node_ref=max_ref class=format!("{INPUT} mt-1 tabular-nums") inputmode="decimal" placeholder="No limit" value=limits.max_stake.clone().unwrap_or_default()/>
                    </div>
                    <div>
                        <label for=format!("mlim-liab-{mid}") class=LABEL>"Liability limit"</label>
                        <input id=format!("mlim-liab-{mid}") node_ref=liab_ref class=format!("{INPUT} mt-1 tabular-nums") inputmode="decimal" placeholder="No limit" value=limits.liability_limit.clone().unwrap_or_default()/>
                    </div>
                </div>
                <div class="flex flex-wrap items-center justify-between gap-2">
                    <label class="flex items-center gap-2 text-xs text-slate-300">
                        <input type="checkbox" node_ref=auto_ref checked=limits.auto_suspend/>
                        "Auto-suspend at the liability limit"
                    </label>
                    <button type="submit" class=SMALL_BUTTON>"Save market limits"</button>
                </div>
            </form>
            <ul class="mt-3 divide-y divide-slate-800 border-t border-slate-800">
                {selections.into_iter().map(|s| {
                    let current = limits.selections.iter().find(|l| l.selection_id == s.id).cloned();
                    let (max, liab) = current.map(|c| (c.max_stake, c.liability_limit)).unwrap_or_default();
                    let max_ref = NodeRef::<leptos::html::Input>::new();
                    let liab_ref = NodeRef::<leptos::html::Input>::new();
                    let sid = s.id.clone();
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

/// Settle (or resettle) by per-selection results, or by score for line
/// markets.
#[component]
fn SettleForm(
    market: MarketData,
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
                s.id.clone(),
                s.name.clone(),
                RwSignal::new(if s.result.is_some() {
                    s.result.clone().unwrap_or_default()
                } else {
                    "lose".to_owned()
                }),
            )
        })
        .collect();
    let home = RwSignal::new(String::new());
    let away = RwSignal::new(String::new());
    let market_id = market.id.clone();
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
    let mid = market.id.clone();
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

#[component]
fn VoidForm(
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

/// `/backoffice/trading/{id}/risk`: refreshed live while open (the
/// server pushes `risk.changed` on `risk:{event_id}`, traders only, when
/// bets on the event are placed or settled or its markets change status).
#[component]
pub fn TradingRisk() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    move || view! { <RiskBody id=id.get()/> }
}

#[component]
fn RiskBody(id: String) -> impl IntoView {
    let live = crate::live::use_live_risk(id.clone());
    // Refetch shortly after the latest push (the server already throttles
    // them per event); the figures stay on screen meanwhile.
    let refresh = RwSignal::new(0u64);
    Effect::new(move |_| {
        let n = live.changes();
        if n == 0 {
            return;
        }
        set_timeout(
            move || {
                let latest = live.changes();
                if refresh.get_untracked() != latest {
                    refresh.set(latest);
                }
            },
            std::time::Duration::from_millis(250),
        );
    });
    let risk = Resource::new(
        move || (id.clone(), refresh.get()),
        |(id, _)| trading_risk(id),
    );
    view! {
        <Title text="Risk · Trading"/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(risk.await, move |(event, markets)| view! {
                    <A href=format!("/backoffice/trading/{}", event.id) attr:class="text-xs text-slate-400 hover:text-emerald-300">"← Event"</A>
                    <h1 class="mt-2 text-2xl font-bold tracking-tight text-white">{format!("Risk · {}", event.name)}</h1>
                    <p class="text-xs text-slate-500" data-testid="risk-live" data-live=move || live.subscribed().to_string() data-refreshes=move || refresh.get().to_string()>
                        {move || if live.subscribed() { "Updates live as bets are placed and settled." } else { "" }}
                    </p>
                    <p class="text-sm text-slate-400">"Open bets only. Liability: what the book pays if the selection wins, minus the singles' stakes it keeps on the market; accumulators count in full on each open leg."</p>
                    <div class="mt-5 space-y-4">
                        {markets.into_iter().map(|(name, m)| view! {
                            <section class=format!("{CARD} overflow-x-auto") data-testid="risk-market">
                                <h2 class="font-semibold text-white">
                                    {name}
                                    <span class="ml-2 text-xs font-normal text-slate-500">{m.status.code()}</span>
                                    {m.liability_limit.clone().map(|l| view! { <span class="ml-2 text-xs font-normal text-slate-400">{format!("auto-suspend at {l}")}</span> })}
                                </h2>
                                {if m.selections.is_empty() {
                                    view! { <p class="mt-2 text-sm text-slate-400">"No open bets."</p> }.into_any()
                                } else {
                                    view! {
                                        <table class="mt-3 w-full text-left text-sm">
                                            <thead class="text-xs uppercase tracking-wider text-slate-500">
                                                <tr>
                                                    <th scope="col" class="py-2 pr-3">"Selection"</th>
                                                    <th scope="col" class="py-2 pr-3 text-right">"Bets"</th>
                                                    <th scope="col" class="py-2 pr-3 text-right">"Stakes"</th>
                                                    <th scope="col" class="py-2 pr-3 text-right">"Potential payout"</th>
                                                    <th scope="col" class="py-2 text-right">"Liability"</th>
                                                </tr>
                                            </thead>
                                            <tbody class="divide-y divide-slate-800 tabular-nums">
                                                {m.selections.into_iter().map(|s| {
                                                    let negative = s.liability.starts_with('-');
                                                    view! {
                                                        <tr data-testid="risk-row">
                                                            <td class="py-2 pr-3 text-slate-100">{s.name}</td>
                                                            <td class="py-2 pr-3 text-right">{s.bets}</td>
                                                            <td class="py-2 pr-3 text-right">{format!("{} {}", s.stakes, s.currency)}</td>
                                                            <td class="py-2 pr-3 text-right">{format!("{} {}", s.potential_payout, s.currency)}</td>
                                                            <td class=if negative { "py-2 text-right text-emerald-300" } else { "py-2 text-right font-semibold text-rose-300" }>
                                                                {format!("{} {}", s.liability, s.currency)}
                                                                {s.liability_limit.map(|l| format!(" / {l}"))}
                                                            </td>
                                                        </tr>
                                                    }
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    }.into_any()
                                }}
                            </section>
                        }).collect_view()}
                    </div>
                })
            })}
        </Transition>
    }
    .into_any()
}
