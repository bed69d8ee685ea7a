//! The lobby: what Croupier is, what exists today, and how to get in. No
//! invented odds or games: sections that are not built yet say so.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD};
use crate::session::use_session;

/// The landing page at `/`.
#[component]
pub fn Lobby() -> impl IntoView {
    let session = use_session();
    let signed_in = move || matches!(session.user.get(), Some(Ok(Some(_))));

    view! {
        <Title text="Croupier · Sportsbook and casino"/>
        <section class="relative overflow-hidden rounded-3xl border border-slate-800 bg-gradient-to-br from-slate-900 via-slate-900 to-emerald-950 px-5 py-10 sm:px-10 sm:py-14">
            <div
                class="pointer-events-none absolute -right-24 -top-24 h-72 w-72 rounded-full bg-emerald-400/10 blur-3xl"
                aria-hidden="true"
            ></div>
            <p class="text-sm font-semibold uppercase tracking-widest text-emerald-400">
                "Sportsbook · Casino"
            </p>
            <h1 class="mt-3 max-w-2xl text-3xl font-extrabold tracking-tight text-white sm:text-5xl">
                "One account and one wallet for sports and casino."
            </h1>
            <p class="mt-4 max-w-xl text-base text-slate-300 sm:text-lg">
                "Croupier is an open-source betting platform. Open your account now; markets and games appear here as soon as the operator publishes them."
            </p>
            <div class="mt-8 flex flex-wrap gap-3">
                <Transition fallback=|| ()>
                    {move || {
                        if signed_in() {
                            view! {
                                <A href="/account" attr:class=BUTTON_PRIMARY>
                                    "Go to your account"
                                </A>
                            }
                                .into_any()
                        } else {
                            view! {
                                <A href="/register" attr:class=BUTTON_PRIMARY>
                                    "Create an account"
                                </A>
                                <A href="/login" attr:class=BUTTON_SECONDARY>
                                    "Log in"
                                </A>
                            }
                                .into_any()
                        }
                    }}
                </Transition>
            </div>
        </section>

        <section class="mt-8 grid gap-4 sm:grid-cols-2" aria-label="Products">
            <article class=CARD>
                <div class="flex items-center gap-3">
                    <span
                        class="inline-flex h-10 w-10 items-center justify-center rounded-xl bg-emerald-400/15 text-emerald-300"
                        aria-hidden="true"
                    >
                        <svg class="h-6 w-6" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8">
                            <circle cx="12" cy="12" r="9"></circle>
                            <path d="M12 3l2.5 5.5L12 12 9.5 8.5zM12 12l5 3M12 12l-5 3M12 12v9"></path>
                        </svg>
                    </span>
                    <h2 class="text-xl font-bold text-white">"Sportsbook"</h2>
                </div>
                <p class="mt-3 text-slate-300">
                    "Bet on sports at decimal odds, paid from the same wallet as the casino."
                </p>
                <p class="mt-4 rounded-lg bg-slate-800/70 px-3 py-2 text-sm text-slate-400">
                    "No events are open for betting yet."
                </p>
            </article>
            <article class=CARD>
                <div class="flex items-center gap-3">
                    <span
                        class="inline-flex h-10 w-10 items-center justify-center rounded-xl bg-lime-400/15 text-lime-300"
                        aria-hidden="true"
                    >
                        <svg class="h-6 w-6" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8">
                            <rect x="4" y="3" width="16" height="18" rx="3"></rect>
                            <circle cx="9" cy="8" r="1.2" fill="currentColor"></circle>
                            <circle cx="15" cy="16" r="1.2" fill="currentColor"></circle>
                            <circle cx="12" cy="12" r="1.2" fill="currentColor"></circle>
                        </svg>
                    </span>
                    <h2 class="text-xl font-bold text-white">"Casino"</h2>
                </div>
                <p class="mt-3 text-slate-300">
                    "Slots and table games from connected studios, paid from the same wallet as your bets."
                </p>
                <p class="mt-4 rounded-lg bg-slate-800/70 px-3 py-2 text-sm text-slate-400">
                    "No games are listed yet."
                </p>
            </article>
        </section>

        <section class="mt-8 rounded-2xl border border-rose-500/30 bg-rose-500/5 p-5 sm:p-6" aria-labelledby="rg-title">
            <h2 id="rg-title" class="text-lg font-bold text-white">"Responsible gaming"</h2>
            <p class="mt-2 text-slate-300">
                "You must be 18 or older (or the legal age where you live) to play. Decide in advance how much time and money you spend, never chase losses, and take a break when it stops being fun."
            </p>
        </section>
    }
}
