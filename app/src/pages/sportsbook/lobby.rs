//! `/sports`: sports, competitions and upcoming events with their main
//! market.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::{DemoBadge, with_line};
use crate::api::sportsbook::{Event, EventStatus, Selection, sports_events};
use crate::components::{LoadError, Loading};
use crate::format::LocalTime;
use crate::i18n::{Msg, messages, use_locale};
use crate::live::use_live_odds;
use crate::model::percent_encode;
use crate::pages::betslip::OddsButton;

/// `/sports`: the lobby.
#[component]
pub fn SportsLobby() -> impl IntoView {
    let query = use_query_map();
    let sport = move || query.with(|q| q.get("sport").unwrap_or_default());
    // All events load once; the sport filter and chips work on them.
    let events = crate::resource::resource(|| (), |_| sports_events(String::new()));
    let l = use_locale();
    let chip = "whitespace-nowrap rounded-full border px-3 py-1.5 text-sm font-medium transition";
    view! {
        <Title text=l.t(Msg::SportsTitle)/>
        <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl">{l.t(Msg::Sports)}</h1>
        <p class="mt-1 text-sm text-slate-400">{l.t(Msg::SportsIntro)}</p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match events.await {
                    Err(_) => view! { <LoadError/> }.into_any(),
                    Ok(all) => {
                        let mut sports: Vec<String> = all.iter().map(|e| e.sport.clone()).collect();
                        sports.sort();
                        sports.dedup();
                        let demo = all.iter().any(|e| e.demo);
                        view! {
                            {demo.then(|| view! {
                                <p class="mt-4 flex flex-wrap items-center gap-2 rounded-xl border border-amber-400/30 bg-amber-400/5 px-3 py-2 text-sm text-amber-100" data-testid="demo-odds">
                                    <span class="rounded-full border border-amber-400/40 bg-amber-400/10 px-2 py-0.5 text-[0.65rem] font-semibold uppercase tracking-wider text-amber-200">
                                        {l.t(Msg::DemoOdds)}
                                    </span>
                                    {l.t(Msg::DemoOddsNote)}
                                </p>
                            })}
                            <nav aria-label=l.t(Msg::Sports) class="mt-5 flex gap-2 overflow-x-auto pb-1" data-testid="sports-nav">
                                <A
                                    href="/sports"
                                    exact=true
                                    attr:class=move || format!(
                                        "{chip} {}",
                                        if sport().is_empty() { "border-emerald-400 bg-emerald-400/10 text-emerald-300" } else { "border-slate-700 text-slate-300 hover:border-slate-500" },
                                    )
                                    attr:aria-current=move || sport().is_empty().then_some("page")
                                >
                                    {l.t(Msg::All)}
                                </A>
                                {sports
                                    .into_iter()
                                    .map(|s| {
                                        let href = format!("/sports?sport={}", percent_encode(&s));
                                        let name = s.clone();
                                        let active = Signal::derive(move || sport() == name);
                                        view! {
                                            <A
                                                href=href
                                                attr:class=move || format!(
                                                    "{chip} {}",
                                                    if active.get() { "border-emerald-400 bg-emerald-400/10 text-emerald-300" } else { "border-slate-700 text-slate-300 hover:border-slate-500" },
                                                )
                                                attr:aria-current=move || active.get().then_some("page")
                                            >
                                                {s}
                                            </A>
                                        }
                                    })
                                    .collect_view()}
                            </nav>
                            {move || {
                                let filter = sport();
                                let shown: Vec<Event> = all
                                    .iter()
                                    .filter(|e| filter.is_empty() || e.sport == filter)
                                    .cloned()
                                    .collect();
                                view! { <EventGroups events=shown/> }
                            }}
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
    .into_any()
}

/// Events grouped by sport and competition, in start order.
#[component]
fn EventGroups(events: Vec<Event>) -> impl IntoView {
    let l = use_locale();
    if events.is_empty() {
        return view! {
            <p class="mt-8 text-center text-slate-400" data-testid="no-events">
                {l.t(Msg::NoUpcomingEvents)}
            </p>
        }
        .into_any();
    }
    let mut groups: BTreeMap<(String, String), Vec<Event>> = BTreeMap::new();
    for e in events {
        groups
            .entry((e.sport.clone(), e.competition.clone()))
            .or_default()
            .push(e);
    }
    view! {
        <div class="mt-6 space-y-8">
            {groups
                .into_iter()
                .map(|((sport, competition), events)| {
                    let label = format!("{sport}: {competition}");
                    view! {
                        <section aria-label=label>
                            <h2 class="text-xs font-semibold uppercase tracking-widest text-slate-500">
                                {sport} " · "
                                <span class="text-slate-300">{competition}</span>
                            </h2>
                            <ul class="mt-3 grid gap-3 lg:grid-cols-2">
                                {events
                                    .into_iter()
                                    .map(|e| view! { <EventCard event=e/> }.into_any())
                                    .collect_view()}
                            </ul>
                        </section>
                    }
                    .into_any()
                })
                .collect_view()}
        </div>
    }
    .into_any()
}

/// One event in the lobby (and on the home page): name, start, main
/// market.
#[component]
pub(crate) fn EventCard(event: Event) -> impl IntoView {
    let href = format!("/sports/event/{}", event.id);
    let more = event.markets.len().saturating_sub(1);
    let main = event.markets.first().cloned();
    let live = use_live_odds(event.id);
    let l = use_locale();
    let name = event.name.clone();
    let starts_at = event.starts_at.to_rfc3339();
    view! {
        <li class="min-w-0 rounded-2xl border border-slate-800 bg-slate-900/60 p-4" data-testid="event-card" data-event=event.id.to_string()>
            <div class="flex items-start justify-between gap-3">
                <div class="min-w-0">
                    <A href=href.clone() attr:class="block break-words font-semibold text-white hover:text-emerald-300">
                        {name}
                    </A>
                    <p class="mt-0.5 text-xs text-slate-400">
                        <LocalTime at=starts_at/>
                        {(event.status == EventStatus::Live).then(|| view! { <span class="ml-2 font-semibold text-rose-400">{l.t(Msg::Live)}</span> })}
                    </p>
                </div>
                <div class="flex shrink-0 items-center gap-2">
                    {event.demo.then(|| view! { <DemoBadge/> })}
                    {(more > 0).then(|| view! {
                        <A href=href.clone() attr:class="rounded-lg px-2 py-1 text-xs font-medium text-emerald-300 hover:bg-slate-800">
                            {messages::more_markets(l, more)}
                        </A>
                    })}
                </div>
            </div>
            {main.map(|m| {
                let cols = m.selections.len().clamp(1, 3);
                let grid = match cols { 1 => "grid-cols-1", 2 => "grid-cols-2", _ => "grid-cols-3" };
                view! {
                    <p class="mt-3 text-xs text-slate-500">{m.name.clone()}</p>
                    <div class=format!("mt-1.5 grid gap-2 {grid}")>
                        {m.selections.iter().map(|s| {
                            let label = with_line(&m, &s.name, s.side);
                            let sel = Selection { name: label, ..s.clone() };
                            let id = s.id.to_string();
                            let tick = Signal::derive(move || live.tick(&id));
                            view! { <OddsButton event=event.clone() market=m.clone() selection=sel labelled=true live=tick/> }.into_any()
                        }).collect_view()}
                    </div>
                }
                .into_any()
            })}
        </li>
    }
    .into_any()
}
