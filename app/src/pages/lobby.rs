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
    view! {
        <Title text="Croupier · Sportsbook and casino"/>
        <Hero/>
        <SportsSection/>
        <CasinoSection/>
        <section class="mt-10 rounded-2xl border border-rose-500/30 bg-rose-500/5 p-5 sm:p-6" aria-labelledby="rg-title">
            <h2 id="rg-title" class="text-lg font-bold text-white">"Responsible gaming"</h2>
            <p class="mt-2 text-slate-300">
                "You must be 18 or older (or the legal age where you live) to play. Decide in advance how much time and money you spend, never chase losses, and take a break when it stops being fun."
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
                                    "Welcome back"
                                </h1>
                                <p class="mt-2 text-slate-300">
                                    "This is the players' view. Your work is in the back office."
                                </p>
                                <div class="mt-5 flex flex-wrap gap-3">
                                    <A href="/backoffice" attr:class=BUTTON_PRIMARY>
                                        "Open the back office"
                                    </A>
                                </div>
                            }
                                .into_any()
                        }
                        Some(_) => view! { <PlayerSummary/> }.into_any(),
                        None => {
                            view! {
                                <p class="text-xs font-semibold uppercase tracking-widest text-emerald-400">
                                    "Sportsbook · Casino"
                                </p>
                                <h1 class="mt-2 max-w-2xl text-2xl font-extrabold tracking-tight text-white sm:text-4xl">
                                    "One account and one wallet for sports and casino."
                                </h1>
                                <div class="mt-5 flex flex-wrap gap-3">
                                    <A href="/register" attr:class=BUTTON_PRIMARY>
                                        "Create an account"
                                    </A>
                                    <A href="/login" attr:class=BUTTON_SECONDARY>
                                        "Log in"
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
    // Refetch when the session changes, bets were placed or the balance
    // moved (a settlement).
    let open = Resource::new(
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
        <h1 class="text-2xl font-extrabold tracking-tight text-white sm:text-3xl">"Welcome back"</h1>
        <div class="mt-4 grid grid-cols-2 gap-3 sm:max-w-md">
            <A href="/wallet" attr:class=tile attr:data-testid="home-balance-link">
                <span class="block text-xs font-medium text-slate-400">"Balance"</span>
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
                                .map(|b| format!("+{} bonus", crate::format::money_of(b)))
                        })
                        .map(|text| view! {
                            <span class="block text-xs font-medium text-emerald-200" data-testid="home-bonus">{text}</span>
                        })
                }}
            </A>
            <A href="/bets" attr:class=tile attr:data-testid="home-open-bets-link">
                <span class="block text-xs font-medium text-slate-400">"Open bets"</span>
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
    let events = Resource::new(|| (), |_| sports_events(String::new()));
    view! {
        <section class="mt-8" aria-labelledby="home-sports">
            <div class="flex items-baseline justify-between gap-3">
                <h2 id="home-sports" class="text-xl font-bold text-white">"Live and upcoming"</h2>
                <A href="/sports" attr:class=SEE_ALL>"All sports →"</A>
            </div>
            <Suspense fallback=|| view! { <SkeletonCards/> }>
                {move || Suspend::new(async move {
                    match events.await {
                        Err(_) => view! { <div class="mt-3"><LoadError/></div> }.into_any(),
                        Ok(all) if all.is_empty() => view! {
                            <p class=EMPTY data-testid="home-no-events">
                                "No events are open for betting right now. New fixtures show up here and on "
                                <A href="/sports" attr:class="text-emerald-300 underline">"Sports"</A>
                                " as soon as they are published; meanwhile the casino is open."
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
                                    {match live {
                                        0 => format!("{total} events open for betting."),
                                        1 => format!("{total} events open for betting, 1 live now."),
                                        n => format!("{total} events open for betting, {n} live now."),
                                    }}
                                    {demo.then_some(" Events marked Demo are sample fixtures with simulated results.")}
                                </p>
                                <ul class="mt-3 grid gap-3 lg:grid-cols-2" data-testid="home-events">
                                    {shown.into_iter().map(|e| view! { <EventCard event=e/> }.into_any()).collect_view()}
                                </ul>
                                {(more > 0).then(|| view! {
                                    <A href="/sports" attr:class=format!("{BUTTON_SECONDARY} mt-3 w-full sm:w-auto")>
                                        {format!("See {more} more events")}
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
    // Players see the games of their country: reload when they sign in.
    let lobby = Resource::new(
        move || session.revision(),
        |_| casino_lobby(String::new(), String::new(), String::new()),
    );
    view! {
        <section class="mt-10" aria-labelledby="home-casino">
            <div class="flex items-baseline justify-between gap-3">
                <h2 id="home-casino" class="text-xl font-bold text-white">"Casino"</h2>
                <A href="/casino" attr:class=SEE_ALL>"All games →"</A>
            </div>
            <Suspense fallback=|| view! { <SkeletonCards/> }>
                {move || Suspend::new(async move {
                    match lobby.await {
                        Err(_) => view! { <div class="mt-3"><LoadError/></div> }.into_any(),
                        Ok(l) if l.games.is_empty() => view! {
                            <p class=EMPTY data-testid="home-no-games">
                                "No casino games are available where you are right now. The sportsbook is open: pick an event above."
                            </p>
                        }
                        .into_any(),
                        Ok(l) => {
                            let total = l.games.len();
                            view! {
                                <p class="mt-1 text-sm text-slate-400">
                                    {if total == 1 { "1 game. ".to_owned() } else { format!("{total} games. ") }}
                                    "Each shows its return to player (RTP)."
                                </p>
                                <ul class="mt-3 grid grid-cols-2 gap-3 sm:gap-4 md:grid-cols-3 lg:grid-cols-4" data-testid="home-games">
                                    {l.games.into_iter().take(GAMES_SHOWN).map(|g| view! { <GameTile game=g/> }).collect_view()}
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
    view! {
        <div class="mt-3 grid gap-3 lg:grid-cols-2" aria-hidden="true">
            <div class="h-28 animate-pulse rounded-2xl bg-slate-900"></div>
            <div class="h-28 animate-pulse rounded-2xl bg-slate-900"></div>
        </div>
        <p class="sr-only" aria-live="polite">"Loading…"</p>
    }
}
