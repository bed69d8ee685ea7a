//! Player sportsbook pages: `/sports` (sports, competitions, upcoming events
//! with their main market as odds buttons), `/sports/event/{id}` (every
//! market), and `/bets` (the player's open and settled bets with legs,
//! results and returns). Odds buttons feed the betslip drawer.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::sportsbook::{
    Bet, CashOut, CashOutData, EventData, MarketData, cash_out_offer, my_bets, sports_event,
    sports_events,
};
use crate::components::{CARD, LoadError, Loading, short_time};
use crate::live::{use_live_odds, use_live_topics, use_live_wallet};
use crate::model::percent_encode;
use crate::pages::betslip::{OddsButton, use_betslip};
use crate::pages::errors::{NotFound, error_code, is_unauthorized};

/// A readable market-kind label.
fn kind_label(kind: &str) -> &'static str {
    match kind {
        "match_result" => "Match result",
        "moneyline" => "Moneyline",
        "outright" => "Outright",
        "asian_handicap" => "Asian handicap",
        "spread" => "Spread",
        "total" => "Total",
        _ => "Market",
    }
}

/// The selection name with its line, for line markets (`Home -1.5`,
/// `Over 2.5`).
fn with_line(market: &MarketData, name: &str, side: Option<&str>) -> String {
    let Some(line) = market.line.as_deref() else {
        return name.to_owned();
    };
    let shown = match side {
        Some("away") => line
            .strip_prefix('-')
            .map(|l| format!("+{l}"))
            .unwrap_or_else(|| format!("-{}", line.trim_start_matches('+'))),
        Some("home") if !line.starts_with('-') && !line.starts_with('+') => format!("+{line}"),
        _ => line.to_owned(),
    };
    let shown = if shown == "+0" || shown == "-0" {
        "0".to_owned()
    } else {
        shown
    };
    format!("{name} {shown}")
}

/// The badge of labelled demo content.
#[component]
fn DemoBadge() -> impl IntoView {
    view! {
        <span class="rounded-full border border-amber-400/40 bg-amber-400/10 px-2 py-0.5 text-[0.65rem] font-semibold uppercase tracking-wider text-amber-200">
            "Demo"
        </span>
    }
}

/// `/sports`: the lobby.
#[component]
pub fn SportsLobby() -> impl IntoView {
    let query = use_query_map();
    let sport = move || query.with(|q| q.get("sport").unwrap_or_default());
    // All events load once; the sport filter and chips work on them.
    let events = Resource::new(|| (), |_| sports_events(String::new()));
    let chip = "whitespace-nowrap rounded-full border px-3 py-1.5 text-sm font-medium transition";
    view! {
        <Title text="Sports · Croupier"/>
        <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl">"Sports"</h1>
        <p class="mt-1 text-sm text-slate-400">"Upcoming events. Pick odds to add them to your betslip."</p>
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
                                        "Demo odds"
                                    </span>
                                    "Events marked Demo are sample fixtures: their prices move on their own and their results are simulated."
                                </p>
                            })}
                            <nav aria-label="Sports" class="mt-5 flex gap-2 overflow-x-auto pb-1" data-testid="sports-nav">
                                <A
                                    href="/sports"
                                    exact=true
                                    attr:class=move || format!(
                                        "{chip} {}",
                                        if sport().is_empty() { "border-emerald-400 bg-emerald-400/10 text-emerald-300" } else { "border-slate-700 text-slate-300 hover:border-slate-500" },
                                    )
                                    attr:aria-current=move || sport().is_empty().then_some("page")
                                >
                                    "All"
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
                                let shown: Vec<EventData> = all
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
fn EventGroups(events: Vec<EventData>) -> impl IntoView {
    if events.is_empty() {
        return view! {
            <p class="mt-8 text-center text-slate-400" data-testid="no-events">
                "No upcoming events right now. Check back soon."
            </p>
        }
        .into_any();
    }
    let mut groups: BTreeMap<(String, String), Vec<EventData>> = BTreeMap::new();
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

/// One event in the lobby: name, start, main market.
#[component]
fn EventCard(event: EventData) -> impl IntoView {
    let href = format!("/sports/event/{}", event.id);
    let more = event.markets.len().saturating_sub(1);
    let main = event.markets.first().cloned();
    let live = use_live_odds(event.id.clone());
    let name = event.name.clone();
    view! {
        <li class="min-w-0 rounded-2xl border border-slate-800 bg-slate-900/60 p-4" data-testid="event-card" data-event=event.id.clone()>
            <div class="flex items-start justify-between gap-3">
                <div class="min-w-0">
                    <A href=href.clone() attr:class="block truncate font-semibold text-white hover:text-emerald-300">
                        {name}
                    </A>
                    <p class="mt-0.5 text-xs text-slate-400">
                        <time datetime=event.starts_at.clone()>{short_time(&event.starts_at)} " UTC"</time>
                        {(event.status == "live").then(|| view! { <span class="ml-2 font-semibold text-rose-400">"LIVE"</span> })}
                    </p>
                </div>
                <div class="flex shrink-0 items-center gap-2">
                    {event.demo.then(|| view! { <DemoBadge/> })}
                    {(more > 0).then(|| view! {
                        <A href=href.clone() attr:class="rounded-lg px-2 py-1 text-xs font-medium text-emerald-300 hover:bg-slate-800">
                            {format!("+{more} markets")}
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
                            let label = with_line(&m, &s.name, s.side.as_deref());
                            let sel = crate::api::sportsbook::SelectionData { name: label, ..s.clone() };
                            let id = s.id.clone();
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

/// `/sports/event/{id}`: every market of an event.
#[component]
pub fn SportsEvent() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let event = Resource::new(id, sports_event);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match event.await {
                    Ok(e) => view! { <EventBody event=e/> }.into_any(),
                    Err(e) if error_code(&e) == Some(crate::model::codes::NOT_FOUND) => {
                        view! { <NotFound/> }.into_any()
                    }
                    Err(_) => view! { <LoadError/> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn EventBody(event: EventData) -> impl IntoView {
    let live = use_live_odds(event.id.clone());
    let title = format!("{} · Croupier", event.name);
    let sport = event.sport.clone();
    let sport_href = format!("/sports?sport={}", percent_encode(&event.sport));
    view! {
        <Title text=title/>
        <nav aria-label="Breadcrumb" class="text-xs text-slate-400">
            <A href="/sports" attr:class="hover:text-emerald-300">"Sports"</A>
            " / "
            <A href=sport_href attr:class="hover:text-emerald-300">
                {sport}
            </A>
            " / "
            <span>{event.competition.clone()}</span>
        </nav>
        <div class="mt-2 flex flex-wrap items-center gap-3">
            <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl" data-testid="event-name">
                {event.name.clone()}
            </h1>
            {event.demo.then(|| view! { <DemoBadge/> })}
        </div>
        <p class="mt-1 text-sm text-slate-400">
            <time datetime=event.starts_at.clone()>{short_time(&event.starts_at)} " UTC"</time>
            {match event.status.as_str() {
                "live" => " · Live",
                "ended" => " · Ended",
                "cancelled" => " · Cancelled",
                _ => "",
            }}
            <span class="ml-2 text-xs" data-testid="odds-live" data-live=move || live.subscribed().to_string()>
                {move || if live.subscribed() { "· odds update live" } else { "" }}
            </span>
        </p>
        <div class="mt-6 grid gap-4 lg:grid-cols-2">
            {event
                .markets
                .iter()
                .map(|m| {
                    let cols = m.selections.len().clamp(1, 3);
                    let grid = match cols { 1 => "grid-cols-1", 2 => "grid-cols-2", _ => "grid-cols-2 sm:grid-cols-3" };
                    // The status as pushed live (a trader or the feed
                    // suspends, resumes or settles), else as loaded.
                    let status = {
                        let (id, loaded) = (m.id.clone(), m.status.clone());
                        Signal::derive(move || live.market_status(&id).unwrap_or_else(|| loaded.clone()))
                    };
                    let badge = move || match status.get().as_str() {
                        "suspended" => Some("Suspended"),
                        "settled" => Some("Settled"),
                        "void" => Some("Void"),
                        _ => None,
                    };
                    view! {
                        <section
                            class=move || format!(
                                "{CARD} transition {}",
                                if status.get() == "open" { "" } else { "opacity-60 grayscale" },
                            )
                            data-testid="market"
                            data-market=m.id.clone()
                            data-status=move || status.get()
                            aria-label=m.name.clone()
                        >
                            <div class="flex items-baseline justify-between gap-2">
                                <h2 class="font-semibold text-white">{m.name.clone()}</h2>
                                <span class="text-xs text-slate-500">
                                    {kind_label(&m.kind)}
                                    {move || badge().map(|s| view! { <span class="ml-2 font-semibold text-amber-300" data-testid="market-status">{s}</span> })}
                                </span>
                            </div>
                            {move || (status.get() == "suspended").then(|| view! {
                                <p class="mt-1 text-xs text-amber-200" role="status">"Betting on this market is suspended for now."</p>
                            })}
                            <div class=format!("mt-3 grid gap-2 {grid}")>
                                {m.selections.iter().map(|s| {
                                    let label = with_line(m, &s.name, s.side.as_deref());
                                    let sel = crate::api::sportsbook::SelectionData { name: label, ..s.clone() };
                                    let id = s.id.clone();
                                    let tick = Signal::derive(move || live.tick(&id));
                                    view! { <OddsButton event=event.clone() market=m.clone() selection=sel labelled=true live=tick/> }.into_any()
                                }).collect_view()}
                            </div>
                        </section>
                    }
                    .into_any()
                })
                .collect_view()}
        </div>
    }
    .into_any()
}

/// A readable result label and its colour.
fn result_badge(result: Option<&str>) -> (&'static str, &'static str) {
    match result {
        Some("win") => ("Won", "text-emerald-300"),
        Some("half_win") => ("Half won", "text-emerald-300"),
        Some("lose") => ("Lost", "text-rose-300"),
        Some("half_lose") => ("Half lost", "text-rose-300"),
        Some("void") => ("Void", "text-slate-300"),
        Some("push") => ("Push", "text-slate-300"),
        Some(_) => ("Settled", "text-slate-300"),
        None => ("Open", "text-slate-400"),
    }
}

/// `/bets`: the player's bets, open or settled.
#[component]
pub fn MyBets() -> impl IntoView {
    let query = use_query_map();
    let status = move || {
        query.with(|q| match q.get("status").as_deref() {
            Some("settled") => "settled".to_owned(),
            _ => "open".to_owned(),
        })
    };
    // The page of older bets (`next_cursor` of the page before), if any.
    let cursor = move || query.with(|q| q.get("cursor").unwrap_or_default());
    let slip = use_betslip();
    let live = use_live_wallet();
    // Refetch when bets were placed or the balance moved (a settlement).
    let bets = Resource::new(
        move || {
            (
                status(),
                cursor(),
                slip.placed.get(),
                live.map(|l| l.events.get()).unwrap_or_default(),
            )
        },
        |(s, c, _, _)| my_bets(s, c),
    );
    let tab = "rounded-lg px-4 py-2 text-sm font-semibold transition";
    let cashed = RwSignal::new(None::<String>);
    provide_context(CashOutDone(cashed));
    view! {
        <Title text="My bets · Croupier"/>
        <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl">"My bets"</h1>
        <nav aria-label="Bet status" class="mt-4 inline-flex gap-1 rounded-xl border border-slate-800 bg-slate-900 p-1">
            {[("open", "Open"), ("settled", "Settled")]
                .into_iter()
                .map(|(code, label)| {
                    let active = Signal::derive(move || status() == code);
                    view! {
                        <A
                            href=format!("/bets?status={code}")
                            attr:data-testid=format!("bets-tab-{code}")
                            attr:aria-current=move || active.get().then_some("page")
                            attr:class=move || format!(
                                "{tab} {}",
                                if active.get() { "bg-emerald-400 text-slate-950" } else { "text-slate-300 hover:bg-slate-800" },
                            )
                        >
                            {label}
                        </A>
                    }
                })
                .collect_view()}
        </nav>
        {move || cashed.get().map(|message| view! {
            <p class="mt-4 rounded-xl border border-emerald-400/30 bg-emerald-400/5 px-3 py-2 text-sm text-emerald-200" role="status" data-testid="cash-out-done">
                {message} " " <A href="/bets?status=settled" attr:class="underline">"See settled bets"</A>
            </p>
        })}
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match bets.await {
                    Ok(page) if page.items.is_empty() => view! {
                        <p class="mt-8 text-slate-400" data-testid="no-bets">
                            {if status() == "open" { "You have no open bets." } else { "No settled bets yet." }}
                            " "
                            <A href="/sports" attr:class="text-emerald-300 underline">"Browse sports"</A>
                        </p>
                    }.into_any(),
                    Ok(page) => view! {
                        <ul class="mt-5 grid gap-3 lg:grid-cols-2" data-testid="bets">
                            {page.items.into_iter().map(|b| view! { <BetCard bet=b/> }.into_any()).collect_view()}
                        </ul>
                        {page.next_cursor.map(|next| view! {
                            <p class="mt-4">
                                <A
                                    href=format!("/bets?status={}&cursor={}", status(), percent_encode(&next))
                                    attr:class="text-emerald-300 underline"
                                    attr:data-testid="bets-older"
                                >
                                    "Older bets"
                                </A>
                            </p>
                        })}
                    }.into_any(),
                    Err(e) if is_unauthorized(&e) => view! { <Redirect path="/login"/> }.into_any(),
                    Err(_) => view! {
                        <p class="mt-6 text-slate-400">"My bets are for player accounts. "</p>
                        <LoadError/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

/// Labels of bet kinds.
fn bet_label(b: &Bet) -> String {
    let system = b.system.map(|s| s.to_string());
    match (b.kind.code(), system.as_deref()) {
        ("single", _) => "Single".to_owned(),
        ("accumulator", _) => format!("Accumulator · {} folds", b.legs.len()),
        ("teaser", _) => format!(
            "Teaser · {} pts",
            b.teaser_points.clone().unwrap_or_default()
        ),
        (_, Some(system)) => {
            let name = crate::pages::betslip::systems_for(b.legs.len())
                .into_iter()
                .find(|(code, _)| code == system)
                .map(|(_, label)| label)
                .unwrap_or_else(|| system.to_owned());
            format!("{name} · {} bets", b.lines)
        }
        _ => b.kind.code().to_owned(),
    }
}

#[component]
fn BetCard(bet: Bet) -> impl IntoView {
    let slip = use_betslip();
    let settled = bet.status == "settled";
    let cashed_out = bet.cashed_out;
    let cashable = !settled && matches!(bet.kind.code(), "single" | "accumulator");
    let returned = bet.return_amount.clone();
    let won = returned
        .as_deref()
        .is_some_and(|r| r.chars().any(|c| c.is_ascii_digit() && c != '0'));
    view! {
        <li class=CARD data-testid="bet" data-bet=bet.bet_id.to_string() data-status=bet.status.code()>
            <div class="flex items-start justify-between gap-3">
                <div>
                    <p class="font-semibold text-white">{bet_label(&bet)}</p>
                    <p class="font-mono text-[0.7rem] text-slate-500">{bet.bet_id.to_string()}</p>
                </div>
                <span class=format!(
                    "rounded-full px-2.5 py-1 text-xs font-semibold {}",
                    if !settled { "bg-sky-400/10 text-sky-300" } else if cashed_out { "bg-amber-400/10 text-amber-200" } else if won { "bg-emerald-400/10 text-emerald-300" } else { "bg-slate-700/60 text-slate-300" },
                ) data-testid="bet-badge">
                    {if !settled { "Open" } else if cashed_out { "Cashed out" } else if won { "Paid" } else { "Settled" }}
                </span>
            </div>
            <ul class="mt-3 divide-y divide-slate-800 border-y border-slate-800">
                {bet.legs.iter().map(|l| {
                    let (label, colour) = result_badge(l.result.map(|r| r.code()));
                    let odds = l.odds.clone().map(|o| slip.show(&o)).unwrap_or_default();
                    view! {
                        <li class="flex items-start justify-between gap-3 py-2" data-testid="bet-leg">
                            <div class="min-w-0">
                                <p class="truncate text-sm font-medium text-slate-100">
                                    {l.selection_name.clone()}
                                    {l.line.clone().map(|line| format!(" ({line})"))}
                                </p>
                                <p class="truncate text-xs text-slate-400">{format!("{} · {}", l.market_name, l.event_name)}</p>
                            </div>
                            <div class="shrink-0 text-right">
                                <p class="text-sm font-bold tabular-nums text-white">{odds}</p>
                                <p class=format!("text-xs font-semibold {colour}") data-testid="bet-leg-result">{label}</p>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <dl class="mt-3 grid grid-cols-3 gap-2 text-sm">
                <div>
                    <dt class="text-xs text-slate-500">"Stake"</dt>
                    <dd class="tabular-nums">{format!("{} {}", bet.total_stake, bet.currency)}</dd>
                </div>
                <div>
                    <dt class="text-xs text-slate-500">"Potential return"</dt>
                    <dd class="tabular-nums">{format!("{} {}", bet.potential_return, bet.currency)}</dd>
                </div>
                <div>
                    <dt class="text-xs text-slate-500">{if cashed_out { "Cashed out for" } else { "Return" }}</dt>
                    <dd class=if won { "font-bold tabular-nums text-emerald-300" } else { "tabular-nums" } data-testid="bet-return">
                        {returned.map(|r| format!("{r} {}", bet.currency)).unwrap_or_else(|| "–".to_owned())}
                    </dd>
                </div>
            </dl>
            {cashable.then(|| {
                let legs = bet
                    .legs
                    .iter()
                    .map(|l| (l.selection_id.to_string(), l.event_id.to_string()))
                    .collect::<Vec<_>>();
                view! { <CashOutPanel bet_id=bet.bet_id.to_string() legs=legs/> }
            })}
            <p class="mt-2 text-xs text-slate-500">
                "Placed " {short_time(&bet.placed_at.to_rfc3339())} " UTC"
                {bet.settled_at.map(|t| format!(" · {} {} UTC", if cashed_out { "cashed out" } else { "settled" }, short_time(&t.to_rfc3339())))}
            </p>
        </li>
    }
    .into_any()
}

/// The last cash-out of the page, for people (My bets shows it above the
/// list, which no longer holds the bet).
#[derive(Clone, Copy)]
struct CashOutDone(RwSignal<Option<String>>);

/// How often an offer on screen is fetched again (quotes live 30 s).
#[cfg(feature = "hydrate")]
const CASH_OUT_REFRESH: std::time::Duration = std::time::Duration::from_secs(10);

/// Cash-out of an open single or accumulator: the current offer on a
/// button (fetched in the browser), a confirmation, and the answer — when
/// the odds moved meanwhile, the new offer to confirm instead. The offer
/// keeps itself fresh: fetched again when the odds of one of the bet's
/// selections move (`odds.changed` on its events' `odds:{event_id}`
/// topics) and every 10 s while the page is visible, but not while the
/// player is confirming one (the answer then brings the new offer).
#[component]
fn CashOutPanel(
    bet_id: String,
    /// The bet's legs: (selection id, event id).
    legs: Vec<(String, String)>,
) -> impl IntoView {
    let slip = use_betslip();
    let done = use_context::<CashOutDone>();
    let refresh = RwSignal::new(0u32);
    let confirming = RwSignal::new(false);
    let accept = ServerAction::<CashOut>::new();
    let refetch = move || {
        if !confirming.get_untracked() && !accept.pending().get_untracked() {
            refresh.update(|n| *n += 1);
        }
    };
    let mut events: Vec<String> = legs.iter().map(|(_, e)| e.clone()).collect();
    events.sort();
    events.dedup();
    for event in events {
        use_live_odds(event);
    }
    let topics = use_live_topics();
    let selections: Vec<String> = legs.into_iter().map(|(s, _)| s).collect();
    let moves = Memo::new(move |_| {
        topics.map_or(0, |t| selections.iter().map(|s| t.moves(s)).sum::<u64>())
    });
    Effect::new(move |seen: Option<u64>| {
        let now = moves.get();
        if seen.is_some_and(|seen| seen != now) {
            refetch();
        }
        now
    });
    // Timers are browser state: the server render starts none.
    #[cfg(feature = "hydrate")]
    if let Ok(timer) = set_interval_with_handle(
        move || {
            if !document().hidden() {
                refetch();
            }
        },
        CASH_OUT_REFRESH,
    ) {
        on_cleanup(move || timer.clear());
    }
    let offer = {
        let bet_id = bet_id.clone();
        LocalResource::new(move || {
            refresh.track();
            cash_out_offer(bet_id.clone())
        })
    };
    // The offer shown: as fetched, or as a refusal brought it.
    let current = RwSignal::new(None::<CashOutData>);
    Effect::new(move |_| {
        if let Some(Ok(data)) = offer.get() {
            current.set(Some(data));
        }
    });
    // The last answer, for people: (message, is an error).
    let note = RwSignal::new(None::<(String, bool)>);
    Effect::new(move |_| match accept.value().get() {
        Some(Ok(data)) if data.ok => {
            note.set(Some((data.message.clone(), false)));
            confirming.set(false);
            current.set(None);
            if let Some(done) = done {
                done.0.set(Some(data.message.clone()));
            }
            // My bets refetches: the bet moves to Settled.
            slip.placed.update(|n| *n += 1);
        }
        Some(Ok(data)) => {
            note.set(Some((data.message.clone(), true)));
            let fresh = data.quote_id.is_some();
            confirming.set(fresh);
            current.set(Some(CashOutData { ok: fresh, ..data }));
        }
        Some(Err(_)) => note.set(Some((
            "The cash-out could not be completed. Please try again.".to_owned(),
            true,
        ))),
        None => {}
    });
    let amount = move || {
        current.with(|c| {
            c.as_ref()
                .filter(|d| d.ok)
                .and_then(|d| d.amount.clone().map(|a| format!("{a} {}", d.currency)))
        })
    };
    let unavailable = move || {
        current.with(|c| {
            c.as_ref()
                .filter(|d| !d.ok && d.code.as_deref() == Some("cash_out_unavailable"))
                .map(|d| d.message.clone())
        })
    };
    let confirm = {
        let bet_id = bet_id.clone();
        move |_| {
            let Some(quote_id) =
                current.with_untracked(|c| c.as_ref().and_then(|d| d.quote_id.clone()))
            else {
                return;
            };
            note.set(None);
            accept.dispatch(CashOut {
                bet_id: bet_id.clone(),
                quote_id,
            });
        }
    };
    let button = "rounded-lg px-3 py-2 text-sm font-semibold transition focus:outline-none focus-visible:ring-2 focus-visible:ring-amber-300 disabled:opacity-50";
    view! {
        <div class="mt-3" data-testid="cash-out-panel">
            {move || {
                if let Some(amount) = amount() {
                    if confirming.get() {
                        view! {
                            <div role="group" aria-label="Confirm cash-out" class="rounded-xl border border-amber-400/30 bg-amber-400/5 p-3">
                                <p class="text-sm text-amber-100">
                                    "Cash out this bet for "
                                    <strong class="tabular-nums text-white" data-testid="cash-out-amount">{amount}</strong>
                                    "? The bet closes now and pays nothing more."
                                </p>
                                <div class="mt-2 flex flex-wrap gap-2">
                                    <button
                                        type="button"
                                        class=format!("{button} bg-amber-400 text-slate-950 hover:bg-amber-300")
                                        data-testid="cash-out-confirm"
                                        disabled=move || accept.pending().get()
                                        on:click=confirm.clone()
                                    >
                                        {move || if accept.pending().get() { "Cashing out…" } else { "Confirm cash-out" }}
                                    </button>
                                    <button
                                        type="button"
                                        class=format!("{button} border border-slate-700 text-slate-200 hover:bg-slate-800")
                                        data-testid="cash-out-cancel"
                                        on:click=move |_| {
                                            confirming.set(false);
                                            note.set(None);
                                            refresh.update(|n| *n += 1);
                                        }
                                    >
                                        "Cancel"
                                    </button>
                                </div>
                            </div>
                        }
                        .into_any()
                    } else {
                        view! {
                            <button
                                type="button"
                                class=format!("{button} w-full border border-amber-400/50 bg-amber-400/10 text-amber-200 hover:bg-amber-400/20 sm:w-auto")
                                data-testid="cash-out"
                                on:click=move |_| {
                                    note.set(None);
                                    confirming.set(true);
                                }
                            >
                                {format!("Cash out {amount}")}
                            </button>
                        }
                        .into_any()
                    }
                } else if let Some(why) = unavailable() {
                    view! { <p class="text-xs text-slate-500" data-testid="cash-out-unavailable">{why}</p> }.into_any()
                } else {
                    ().into_any()
                }
            }}
            {move || note.get().map(|(message, error)| view! {
                <p
                    class=if error { "mt-2 text-sm text-amber-200" } else { "mt-2 text-sm text-emerald-300" }
                    role=if error { "alert" } else { "status" }
                    data-testid="cash-out-note"
                >
                    {message}
                </p>
            })}
        </div>
    }
    .into_any()
}
