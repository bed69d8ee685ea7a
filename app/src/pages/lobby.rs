//! The home page: what is on right now. Live and upcoming events with
//! their main odds, featured casino games, and for a signed-in player
//! their balance and open bets, each linking into its page. Every section
//! shows what the server has; "nothing here" only when there truly is
//! nothing, and then it says what to do.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::casino::casino_lobby;
use crate::api::sportsbook::{Event, EventStatus, my_bets, sports_events};
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, LoadError};
use crate::i18n::{Msg, messages, use_locale};
use crate::live::use_live_wallet;
use crate::pages::betslip::use_betslip;
use crate::pages::casino::GameTile;
use crate::pages::sportsbook::EventCard;
use crate::session::use_session;

/// Events shown on the home page.
const EVENTS_SHOWN: usize = 4;
/// Games shown on the home page.
const GAMES_SHOWN: usize = 4;

/// Classes of a section's "see all" link.
const SEE_ALL: &str = "shrink-0 rounded-lg px-2 py-1 text-sm font-semibold text-emerald-300 hover:bg-slate-800 hover:text-emerald-200";
/// Classes of an empty section's note.
const EMPTY: &str =
    "mt-3 rounded-xl border border-slate-800 bg-slate-900/60 px-4 py-3 text-sm text-slate-300";

/// The live events first, then the rest in start order (as listed), at
/// most `n`.
fn featured_events(mut events: Vec<Event>, n: usize) -> Vec<Event> {
    // A stable sort keeps the start order within live and upcoming.
    events.sort_by_key(|e| e.status != EventStatus::Live);
    events.truncate(n);
    events
}

/// The landing page at `/`.
#[component]
pub fn Lobby() -> impl IntoView {
    let l = use_locale();
    view! {
        <Title text=l.t(Msg::HomeTitle)/>
        <Hero/>
        <SportsSection/>
        <CasinoSection/>
        <section class="mt-10 rounded-2xl border border-rose-500/30 bg-rose-500/5 p-5 sm:p-6" aria-labelledby="rg-title">
            <h2 id="rg-title" class="text-lg font-bold text-white">{l.t(Msg::ResponsibleGaming)}</h2>
            <p class="mt-2 text-slate-300">
                {l.t(Msg::RgNote)}
            </p>
        </section>
    }
}

/// The greeting: for visitors what Croupier is and how to get in; for a
/// player their balance and open bets; for staff the way to the back
/// office.
#[component]
fn Hero() -> impl IntoView {
    let session = use_session();
    let l = use_locale();
    view! {
        <section class="relative overflow-hidden rounded-3xl border border-slate-800 bg-gradient-to-br from-slate-900 via-slate-900 to-emerald-950 px-5 py-6 sm:px-8 sm:py-8">
            <div
                class="pointer-events-none absolute -right-24 -top-24 h-72 w-72 rounded-full bg-emerald-400/10 blur-3xl"
                aria-hidden="true"
            ></div>
            <Transition fallback=|| view! { <div class="h-24"></div> }>
                {move || {
                    match session.user.get().and_then(Result::ok).flatten() {
                        Some(user) if user.is_staff() => {
                            view! {
                                <h1 class="text-2xl font-extrabold tracking-tight text-white sm:text-3xl">
                                    {l.t(Msg::WelcomeBack)}
                                </h1>
                                <p class="mt-2 text-slate-300">
                                    {l.t(Msg::StaffPlayersView)}
                                </p>
                                <div class="mt-5 flex flex-wrap gap-3">
                                    <A href="/backoffice" attr:class=BUTTON_PRIMARY>
                                        {l.t(Msg::OpenBackOffice)}
                                    </A>
                                </div>
                            }
                                .into_any()
                        }
                        Some(_) => view! { <PlayerSummary/> }.into_any(),
                        None => {
                            view! {
                                <p class="text-xs font-semibold uppercase tracking-widest text-emerald-400">
                                    {l.t(Msg::SportsbookCasino)}
                                </p>
                                <h1 class="mt-2 max-w-2xl text-2xl font-extrabold tracking-tight text-white sm:text-4xl">
                                    {l.t(Msg::HeroPitch)}
                                </h1>
                                <div class="mt-5 flex flex-wrap gap-3">
                                    <A href="/register" attr:class=BUTTON_PRIMARY>
                                        {l.t(Msg::CreateAccount)}
                                    </A>
                                    <A href="/login" attr:class=BUTTON_SECONDARY>
                                        {l.t(Msg::LogIn)}
                                    </A>
                                </div>
                            }
                                .into_any()
                        }
                    }
                }}
            </Transition>
        </section>
    }
}

/// A signed-in player's balance and open bets, each a link into its page.
#[component]
fn PlayerSummary() -> impl IntoView {
    let session = use_session();
    let live = use_live_wallet();
    let slip = use_betslip();
    let l = use_locale();
    // Refetch when the session changes, bets were placed or the balance
    // moved (a settlement).
    let open = crate::resource::resource(
        move || {
            (
                session.revision(),
                slip.placed.get(),
                live.map(|l| l.events.get()).unwrap_or_default(),
            )
        },
        move |_| async move {
            // Right after logging out this component still shows the old
            // session: ask for bets only once the session says "player".
            match session.user.await {
                Ok(Some(user)) if !user.is_staff() => {
                    my_bets("open".to_owned(), String::new()).await.map(Some)
                }
                _ => Ok(None),
            }
        },
    );
    let tile = "block rounded-2xl border border-slate-700/80 bg-slate-950/40 px-4 py-3 transition hover:border-emerald-400/50";
    view! {
        <h1 class="text-2xl font-extrabold tracking-tight text-white sm:text-3xl">{l.t(Msg::WelcomeBack)}</h1>
        <div class="mt-4 grid grid-cols-2 gap-3 sm:max-w-md">
            <A href="/wallet" attr:class=tile attr:data-testid="home-balance-link">
                <span class="block text-xs font-medium text-slate-400">{l.t(Msg::Balance)}</span>
                <span class="mt-0.5 block break-words text-lg font-bold tabular-nums text-emerald-300" data-testid="home-balance">
                    {move || {
                        live.and_then(|l| l.current())
                            .map(|w| crate::format::money(&w.cash, &w.currency))
                            .unwrap_or_else(|| "–".to_owned())
                    }}
                </span>
                {move || {
                    live.and_then(|l| l.current())
                        .and_then(|w| {
                            crate::format::amount(&w.bonus, &w.currency)
                                .filter(|b| b.is_positive())
                                .map(|b| messages::plus_bonus(l, &crate::format::money_of(b)))
                        })
                        .map(|text| view! {
                            <span class="block text-xs font-medium text-emerald-200" data-testid="home-bonus">{text}</span>
                        })
                }}
            </A>
            <A href="/bets" attr:class=tile attr:data-testid="home-open-bets-link">
                <span class="block text-xs font-medium text-slate-400">{l.t(Msg::OpenBets)}</span>
                <span class="mt-0.5 block text-lg font-bold tabular-nums text-white" data-testid="home-open-bets">
                    <Transition fallback=|| "…">
                        {move || {
                            open.get()
                                .map(|page| match page {
                                    Ok(Some(p)) if p.next_cursor.is_some() => format!("{}+", p.items.len()),
                                    Ok(Some(p)) => p.items.len().to_string(),
                                    Ok(None) | Err(_) => "–".to_owned(),
                                })
                        }}
                    </Transition>
                </span>
            </A>
        </div>
    }
}

/// Live and upcoming events with their main market's odds.
#[component]
fn SportsSection() -> impl IntoView {
    let l = use_locale();
    let events = crate::resource::resource(|| (), |_| sports_events(String::new()));
    view! {
        <section class="mt-8" aria-labelledby="home-sports">
            <div class="flex items-baseline justify-between gap-3">
                <h2 id="home-sports" class="text-xl font-bold text-white">{l.t(Msg::LiveAndUpcoming)}</h2>
                <A href="/sports" attr:class=SEE_ALL>{l.t(Msg::AllSports)}</A>
            </div>
            <Suspense fallback=|| view! { <SkeletonCards/> }>
                {move || Suspend::new(async move {
                    match events.await {
                        Err(_) => view! { <div class="mt-3"><LoadError/></div> }.into_any(),
                        Ok(all) if all.is_empty() => view! {
                            <p class=EMPTY data-testid="home-no-events">
                                {l.t(Msg::HomeNoEventsBefore)}
                                <A href="/sports" attr:class="text-emerald-300 underline">{l.t(Msg::Sports)}</A>
                                {l.t(Msg::HomeNoEventsAfter)}
                            </p>
                        }
                        .into_any(),
                        Ok(all) => {
                            let total = all.len();
                            let live = all.iter().filter(|e| e.status == EventStatus::Live).count();
                            let demo = all.iter().any(|e| e.demo);
                            let shown = featured_events(all, EVENTS_SHOWN);
                            let more = total - shown.len();
                            view! {
                                <p class="mt-1 text-sm text-slate-400">
                                    {messages::events_open(l, total, live)}
                                    {demo.then_some(l.t(Msg::DemoEventsNote))}
                                </p>
                                <ul class="mt-3 grid gap-3 lg:grid-cols-2" data-testid="home-events">
                                    {shown.into_iter().map(|e| view! { <EventCard event=e/> }.into_any()).collect_view()}
                                </ul>
                                {(more > 0).then(|| view! {
                                    <A href="/sports" attr:class=format!("{BUTTON_SECONDARY} mt-3 w-full sm:w-auto")>
                                        {messages::see_more_events(l, more)}
                                    </A>
                                })}
                            }
                            .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// A few of the casino's games, as in its lobby.
#[component]
fn CasinoSection() -> impl IntoView {
    let session = use_session();
    let l = use_locale();
    // Players see the games of their country: reload when they sign in.
    let lobby = crate::resource::resource(
        move || session.revision(),
        |_| casino_lobby(String::new(), String::new(), String::new()),
    );
    view! {
        <section class="mt-10" aria-labelledby="home-casino">
            <div class="flex items-baseline justify-between gap-3">
                <h2 id="home-casino" class="text-xl font-bold text-white">{l.t(Msg::Casino)}</h2>
                <A href="/casino" attr:class=SEE_ALL>{l.t(Msg::AllGames)}</A>
            </div>
            <Suspense fallback=|| view! { <SkeletonCards/> }>
                {move || Suspend::new(async move {
                    match lobby.await {
                        Err(_) => view! { <div class="mt-3"><LoadError/></div> }.into_any(),
                        Ok(games) if games.games.is_empty() => view! {
                            <p class=EMPTY data-testid="home-no-games">
                                {l.t(Msg::HomeNoGames)}
                            </p>
                        }
                        .into_any(),
                        Ok(games) => {
                            let total = games.games.len();
                            view! {
                                <p class="mt-1 text-sm text-slate-400">
                                    {messages::games_count(l, total)}
                                    {l.t(Msg::RtpNote)}
                                </p>
                                <ul class="mt-3 grid grid-cols-2 gap-3 sm:gap-4 md:grid-cols-3 lg:grid-cols-4" data-testid="home-games">
                                    {games.games.into_iter().take(GAMES_SHOWN).map(|g| view! { <GameTile game=g/> }).collect_view()}
                                </ul>
                            }
                            .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Grey blocks where a section's cards arrive.
#[component]
fn SkeletonCards() -> impl IntoView {
    let l = use_locale();
    view! {
        <div class="mt-3 grid gap-3 lg:grid-cols-2" aria-hidden="true">
            <div class="h-28 animate-pulse rounded-2xl bg-slate-900"></div>
            <div class="h-28 animate-pulse rounded-2xl bg-slate-900"></div>
        </div>
        <p class="sr-only" aria-live="polite">{l.t(Msg::Loading)}</p>
    }
}
