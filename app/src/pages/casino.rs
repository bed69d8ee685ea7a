//! The casino: `/casino`, the lobby (categories, search, provider filter,
//! tiles with RTP and volatility), and `/casino/{code}`, a game. The
//! Croupier Originals each have their own animated table: the Emerald
//! Nights slot (reels stop one by one, winning paylines light up, free
//! spins play out), European roulette (wheel and ball) and dice (a roll
//! sliding onto the target bar). Around every Original: the stake checked
//! with the domain's money rules before it is sent, clear refusals
//! (funds, limits, exclusions, reality checks), the provably-fair panel
//! (commitment before, client seed, revealed seed after) and the round
//! history with a Verify action that re-runs a round on the server.

use std::time::Duration;

use domain::casino::{
    DICE_CODE, DiceRound, PAYLINES, ROULETTE_CODE, RouletteBetSpec, RouletteRound, SLOT_CODE,
    SlotRound, SlotSpin, Symbol,
};
use domain::money::{Currency, Money};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::casino::{
    CasinoPlay, CasinoSetSeed, CasinoVerify, GameCard, PlayOutcome, RoundInfo, SeedInfo,
    casino_game, casino_lobby, casino_rounds, casino_seeds, percent,
};
use crate::components::{
    BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, INPUT, LoadError, Loading, short_time,
};
use crate::live::use_live_wallet;
use crate::model::{codes, percent_encode};
use crate::session::use_session;

/// Runs `f` after `ms` milliseconds in the browser; nothing on the server,
/// which never animates.
fn after(ms: u64, f: impl FnOnce() + 'static) {
    #[cfg(feature = "hydrate")]
    set_timeout(f, Duration::from_millis(ms));
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (ms, f, Duration::ZERO);
    }
}

/// `Croupier Originals` for `originals`, the code otherwise.
fn provider_label(code: &str) -> String {
    match code {
        "originals" => domain::casino::PROVIDER_NAME.to_owned(),
        "hub88" => "Hub88".to_owned(),
        other => other.to_owned(),
    }
}

fn category_label(code: &str) -> String {
    let mut chars = code.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

fn volatility_label(code: &str) -> &str {
    match code {
        "low" => "Low",
        "medium" => "Medium",
        "high" => "High",
        "player_chosen" => "Your choice",
        other => other,
    }
}

/// `/casino/{code}` for a game code (codes contain dots, never slashes).
pub fn game_href(code: &str) -> String {
    format!("/casino/{}", percent_encode(code))
}

// ---------------------------------------------------------------- lobby

/// `/casino`: the lobby.
#[component]
pub fn CasinoLobby() -> impl IntoView {
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let lobby = Resource::new(
        move || (param("category"), param("provider"), param("q")),
        |(category, provider, search)| casino_lobby(category, provider, search),
    );
    // A link that keeps the other filters and sets the category.
    let category_href = move |category: &str| {
        let mut parts = Vec::new();
        if !category.is_empty() {
            parts.push(format!("category={}", percent_encode(category)));
        }
        for key in ["provider", "q"] {
            let v = param(key);
            if !v.is_empty() {
                parts.push(format!("{key}={}", percent_encode(&v)));
            }
        }
        if parts.is_empty() {
            "/casino".to_owned()
        } else {
            format!("/casino?{}", parts.join("&"))
        }
    };
    let chip = "inline-flex shrink-0 items-center rounded-full border border-slate-700 px-3.5 py-1.5 text-sm font-medium text-slate-300 transition hover:border-slate-500 hover:text-white aria-[current=page]:border-emerald-400 aria-[current=page]:bg-emerald-400/15 aria-[current=page]:text-emerald-200";

    view! {
        <Title text="Casino · Croupier"/>
        <div class="flex flex-wrap items-end justify-between gap-3">
            <div>
                <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl">"Casino"</h1>
                <p class="mt-1 text-sm text-slate-400">
                    "Every game shows its return to player (RTP). Croupier Originals are provably fair."
                </p>
            </div>
        </div>
        <Form method="GET" action="/casino" attr:class="mt-5 grid gap-3 sm:grid-cols-[1fr_14rem_auto]" attr:role="search">
            <input type="hidden" name="category" prop:value=move || param("category")/>
            <div>
                <label for="casino-search" class="sr-only">"Search games"</label>
                <input
                    id="casino-search"
                    type="search"
                    name="q"
                    placeholder="Search games"
                    data-testid="casino-search"
                    class=INPUT
                    prop:value=move || param("q")
                />
            </div>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let providers = lobby.await.map(|l| l.providers).unwrap_or_default();
                    let selected = param("provider");
                    view! {
                        <div>
                            <label for="casino-provider" class="sr-only">"Provider"</label>
                            <select id="casino-provider" name="provider" data-testid="casino-provider" class=INPUT>
                                <option value="" selected=selected.is_empty()>"All providers"</option>
                                {providers
                                    .into_iter()
                                    .map(|p| {
                                        let is = p == selected;
                                        view! { <option value=p.clone() selected=is>{provider_label(&p)}</option> }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                    }
                })}
            </Suspense>
            <button type="submit" class=BUTTON_PRIMARY data-testid="casino-filter">"Search"</button>
        </Form>
        <Suspense fallback=|| view! { <div class="mt-6"><Loading/></div> }>
            {move || Suspend::new(async move {
                match lobby.await {
                    Ok(l) => {
                        let current = param("category");
                        let all_current = current.is_empty();
                        view! {
                            <nav aria-label="Categories" class="-mx-4 mt-5 flex gap-2 overflow-x-auto px-4 pb-1" data-testid="casino-categories">
                                // Plain links: the router's <A> marks every `/casino?…` link current.
                                <a href=category_href("") class=chip aria-current=all_current.then_some("page")>"All"</a>
                                {l.categories
                                    .into_iter()
                                    .map(|c| {
                                        let is = c == current;
                                        let href = category_href(&c);
                                        let testid = format!("category-{c}");
                                        view! {
                                            <a href=href class=chip aria-current=is.then_some("page") data-testid=testid>
                                                {category_label(&c)}
                                            </a>
                                        }
                                    })
                                    .collect_view()}
                            </nav>
                            {if l.games.is_empty() {
                                view! {
                                    <p class="mt-8 text-slate-400" data-testid="casino-empty">
                                        "No game matches. Try another search or category."
                                    </p>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <ul class="mt-5 grid grid-cols-2 gap-3 sm:gap-4 md:grid-cols-3 lg:grid-cols-4" data-testid="casino-games">
                                        {l.games.into_iter().map(|g| view! { <GameTile game=g/> }).collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }}
                        }
                            .into_any()
                    }
                    Err(_) => view! { <div class="mt-6"><LoadError/></div> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The art area of a tile: a gradient per game family and a mark.
fn tile_art(game: &GameCard) -> (&'static str, AnyView) {
    match game.game_code.as_str() {
        SLOT_CODE => (
            "from-emerald-700 via-emerald-900 to-slate-950",
            view! { <EmeraldMark class="h-14 w-14 drop-shadow-lg"/> }.into_any(),
        ),
        ROULETTE_CODE => (
            "from-rose-800 via-slate-900 to-slate-950",
            view! { <div class="h-16 w-16 rounded-full border-4 border-amber-300/80 roulette-mini shadow-lg"></div> }
                .into_any(),
        ),
        DICE_CODE => (
            "from-sky-800 via-indigo-950 to-slate-950",
            view! { <DieFace pips=5/> }.into_any(),
        ),
        _ => (
            "from-slate-700 via-slate-800 to-slate-950",
            view! { <span class="text-3xl font-black text-white/80">{game.name.chars().next().unwrap_or('?').to_string()}</span> }
                .into_any(),
        ),
    }
}

/// One game tile.
#[component]
fn GameTile(game: GameCard) -> impl IntoView {
    let (gradient, art) = tile_art(&game);
    let rtp = game.rtp.as_deref().and_then(percent);
    let href = game_href(&game.game_code);
    view! {
        <li>
            <A
                href=href
                attr:class="group block h-full overflow-hidden rounded-2xl border border-slate-800 bg-slate-900/60 transition hover:-translate-y-0.5 hover:border-emerald-400/50"
                attr:data-testid="game-tile"
                attr:data-code=game.game_code.clone()
            >
                <div class=format!("flex aspect-[4/3] items-center justify-center bg-gradient-to-br {gradient}")>
                    {art}
                </div>
                <div class="p-3 sm:p-4">
                    <h2 class="truncate font-semibold text-white group-hover:text-emerald-200">{game.name.clone()}</h2>
                    <p class="truncate text-xs text-slate-400">{provider_label(&game.provider)}</p>
                    <div class="mt-2 flex flex-wrap gap-1.5 text-[0.7rem] font-semibold">
                        {rtp.map(|r| view! {
                            <span class="rounded-full bg-emerald-400/15 px-2 py-0.5 text-emerald-300" data-testid="tile-rtp">
                                "RTP " {r} "%"
                            </span>
                        })}
                        {game.volatility.as_deref().map(|v| {
                            view! {
                                <span class="rounded-full bg-slate-800 px-2 py-0.5 text-slate-300">
                                    "Volatility: " {volatility_label(v).to_owned()}
                                </span>
                            }
                        })}
                    </div>
                </div>
            </A>
        </li>
    }
}

// ---------------------------------------------------------------- game page

/// `/casino/{code}`: one game.
#[component]
pub fn CasinoGame() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let game = Resource::new(code, casino_game);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match game.await {
                    Ok(Some(g)) => view! { <GamePage game=g/> }.into_any(),
                    Ok(None) => {
                        view! {
                            <Title text="Game not found · Croupier"/>
                            <h1 class="text-2xl font-bold text-white">"Game not found"</h1>
                            <p class="mt-2 text-slate-400">"This game does not exist or is not available in your country."</p>
                            <A href="/casino" attr:class=format!("{BUTTON_SECONDARY} mt-4")>"Back to the casino"</A>
                        }
                            .into_any()
                    }
                    Err(_) => view! { <LoadError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn GamePage(game: GameCard) -> impl IntoView {
    let rtp = game.rtp.as_deref().and_then(percent);
    let title = format!("{} · Croupier", game.name);
    let body = match game.game_code.as_str() {
        SLOT_CODE | ROULETTE_CODE | DICE_CODE => view! { <Originals game=game.clone()/> }.into_any(),
        _ => view! {
            <div class=format!("{CARD} mt-6")>
                <p class="text-slate-300">
                    "This game runs in " {provider_label(&game.provider)}
                    "'s game client, which this installation does not embed. Its bets and wins reach your wallet through the provider's wallet callbacks."
                </p>
            </div>
        }
        .into_any(),
    };
    view! {
        <Title text=title/>
        <nav aria-label="Breadcrumb" class="text-sm text-slate-400">
            <A href="/casino" attr:class="hover:text-white">"Casino"</A>
            " / "
            <span class="text-slate-300">{category_label(&game.category)}</span>
        </nav>
        <div class="mt-1 flex flex-wrap items-baseline gap-x-4 gap-y-1">
            <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl" data-testid="game-name">{game.name.clone()}</h1>
            <p class="text-sm text-slate-400">
                {provider_label(&game.provider)}
                {rtp.map(|r| view! { " · RTP " <span class="font-semibold text-emerald-300" data-testid="game-rtp">{r} "%"</span> })}
                {game.volatility.as_deref().map(|v| format!(" · Volatility: {}", volatility_label(v)))}
            </p>
        </div>
        // Room below the controls for the floating betslip button.
        <div class="pb-20">{body}</div>
    }
}

/// What a game table needs from the shared frame.
#[derive(Clone, Copy)]
struct Table {
    /// The play action.
    play: ServerAction<CasinoPlay>,
    /// The round on the table (set when its answer arrives).
    round: RwSignal<Option<RoundInfo>>,
    /// Bumped for every new round: animations key on it.
    spin: RwSignal<u64>,
    /// True once the round's animation finished: win and revealed seed show.
    revealed: RwSignal<bool>,
    /// A refusal to show: (code, message).
    error: RwSignal<Option<(String, String)>>,
    /// Wallet currency, when known.
    currency: Signal<Option<Currency>>,
}

impl Table {
    fn busy(&self) -> Signal<bool> {
        let (play, spin, revealed, round) = (self.play, self.spin, self.revealed, self.round);
        Signal::derive(move || {
            play.pending().get() || (spin.get() > 0 && round.get().is_some() && !revealed.get())
        })
    }

    fn fail(&self, message: impl Into<String>) {
        self.error
            .set(Some((codes::VALIDATION_FAILED.to_owned(), message.into())));
    }

    /// Parses a stake with the wallet's currency rules, or shows why not.
    fn stake(&self, text: &str) -> Option<Money> {
        let Some(currency) = self.currency.get_untracked() else {
            self.fail("Your wallet is still loading. Try again in a moment.");
            return None;
        };
        match Money::parse_positive(text.trim(), currency) {
            Ok(m) => Some(m),
            Err(e) => {
                self.fail(format!("Stake: {e}."));
                None
            }
        }
    }

    fn dispatch(
        &self,
        game: &str,
        stake: String,
        direction: String,
        target: String,
        wagers: String,
    ) {
        self.error.set(None);
        self.play.dispatch(CasinoPlay {
            game: game.to_owned(),
            stake,
            direction,
            target,
            wagers,
        });
    }
}

/// The frame around every Original: table, fairness panel and history.
#[component]
fn Originals(game: GameCard) -> impl IntoView {
    let session = use_session();
    let live = use_live_wallet();
    let play = ServerAction::<CasinoPlay>::new();
    let seeds_loaded = Resource::new(move || session.revision(), |_| casino_seeds());
    let seeds = RwSignal::new(None::<SeedInfo>);
    Effect::new(move |_| {
        if let Some(Ok(s)) = seeds_loaded.get() {
            seeds.set(s);
        }
    });
    let currency = Signal::derive(move || {
        live.and_then(|l| l.current())
            .and_then(|w| w.currency.parse::<Currency>().ok())
    });
    let table = Table {
        play,
        round: RwSignal::new(None),
        spin: RwSignal::new(0),
        revealed: RwSignal::new(true),
        error: RwSignal::new(None),
        currency,
    };
    let history_rev = RwSignal::new(0u64);
    // The commitment the round on the table was played against.
    Effect::new(move |_| {
        let Some(result) = play.value().get() else {
            return;
        };
        match result {
            Ok(PlayOutcome {
                ok: true,
                round: Some(round),
                wallet,
                seeds: next,
                ..
            }) => {
                if let (Some(live), Some(w)) = (live, wallet) {
                    live.pushed.set(Some(w));
                }
                table.revealed.set(false);
                table.round.set(Some(round));
                table.spin.update(|n| *n += 1);
                seeds.set(next);
            }
            Ok(o) => {
                let code = o.code.unwrap_or_else(|| codes::INTERNAL.to_owned());
                if code == codes::REALITY_CHECK_DUE || code == codes::SESSION_BREAK {
                    // Let the app-wide dialog ask for the acknowledgement.
                    if let Some(rg) = use_context::<crate::pages::responsible_gaming::RgState>() {
                        rg.refresh.update(|n| *n += 1);
                    }
                }
                table.error.set(Some((code, o.message)));
            }
            Err(_) => table.error.set(Some((
                codes::INTERNAL.to_owned(),
                "Something went wrong. Please check your connection and try again.".to_owned(),
            ))),
        }
    });
    // The history refreshes once the round's result is on screen.
    Effect::new(move |_| {
        if table.revealed.get() && table.spin.get_untracked() > 0 {
            history_rev.update(|n| *n += 1);
        }
    });
    let signed_in = move || session.user.get().and_then(Result::ok).flatten();
    let code = game.game_code.clone();
    let table_view = match game.game_code.as_str() {
        SLOT_CODE => view! { <SlotTable table/> }.into_any(),
        ROULETTE_CODE => view! { <RouletteTable table/> }.into_any(),
        _ => view! { <DiceTable table/> }.into_any(),
    };
    view! {
        <div class="mt-5 grid gap-5 lg:grid-cols-[minmax(0,1fr)_22rem]">
            <div class="min-w-0 space-y-4">
                {table_view}
                <Transition fallback=|| ()>
                    {move || {
                        match signed_in() {
                            None => Some(view! {
                                <p class="rounded-lg border border-slate-700 bg-slate-900 px-3 py-2 text-sm text-slate-300">
                                    <A href="/login" attr:class="font-semibold text-emerald-300 underline">"Log in"</A>
                                    " to play with your wallet."
                                </p>
                            }.into_any()),
                            Some(u) if u.is_staff() => Some(view! {
                                <p class="rounded-lg border border-slate-700 bg-slate-900 px-3 py-2 text-sm text-slate-300">
                                    "Staff accounts have no wallet and cannot play."
                                </p>
                            }.into_any()),
                            Some(_) => None,
                        }
                    }}
                </Transition>
                {move || table.error.get().map(|(code, message)| view! {
                    <div role="alert" data-testid="play-error" data-code=code class="rounded-lg border border-rose-500/40 bg-rose-500/10 px-3 py-2 text-sm text-rose-200">
                        {message}
                    </div>
                })}
            </div>
            <aside class="min-w-0 space-y-4">
                <FairPanel seeds table/>
                <History game_code=code rev=history_rev/>
            </aside>
        </div>
    }
}

/// The win banner under a table once the round is revealed.
#[component]
fn Outcome(table: Table) -> impl IntoView {
    move || {
        let round = table.round.get()?;
        if !table.revealed.get() {
            return None;
        }
        let won = round.win.trim_start_matches(['0', '.']).is_empty();
        Some(view! {
            <div
                role="status"
                data-testid="round-outcome"
                class=if won { "rounded-xl border border-slate-700 bg-slate-900 px-4 py-3 text-sm text-slate-300" } else { "win-pop rounded-xl border border-amber-300/50 bg-amber-300/10 px-4 py-3 text-amber-100" }
            >
                {if won {
                    format!("No win this time. Stake {} {}.", round.stake, round.currency)
                } else {
                    format!("You win {} {} (stake {} {}).", round.win, round.currency, round.stake, round.currency)
                }}
                <span class="ml-2 text-xs text-slate-400">
                    "Balance after: "
                    <span data-testid="round-balance">{round.balance_after.clone()}</span>
                </span>
            </div>
        })
    }
}

/// A button that makes `value` the `choice`, pressed while it is.
#[component]
fn ChoiceButton(
    /// The current choice.
    choice: RwSignal<String>,
    /// What this button chooses.
    value: &'static str,
    /// Its text.
    label: &'static str,
    /// Its classes.
    class: &'static str,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class=class
            aria-pressed=move || (choice.get() == value).to_string()
            on:click=move |_| choice.set(value.to_owned())
        >
            {label}
        </button>
    }
}

/// Stake presets and input, shared by the tables.
#[component]
fn StakeInput(
    /// The field's value.
    value: RwSignal<String>,
    /// Preset stakes.
    presets: &'static [&'static str],
    /// Help text.
    hint: &'static str,
) -> impl IntoView {
    // One row on a phone too: a fixed-width field (not the full-width
    // `INPUT`) and presets sharing what is left.
    view! {
        <div class="min-w-0 flex-1 basis-72">
            <label for="stake" class="block text-sm font-medium text-slate-200">"Stake"</label>
            <div class="mt-1.5 flex items-stretch gap-1.5 sm:gap-2">
                <input
                    id="stake"
                    inputmode="decimal"
                    autocomplete="off"
                    data-testid="stake"
                    aria-describedby="stake-hint"
                    class="block w-20 flex-none rounded-lg border border-slate-700 bg-slate-900 px-2.5 py-2.5 text-base tabular-nums text-slate-100 placeholder:text-slate-500 transition hover:border-slate-500 focus:border-emerald-400 sm:w-28 sm:px-3 sm:text-sm"
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
                <div class="flex min-w-0 flex-1 gap-1.5 sm:flex-none sm:gap-2" role="group" aria-label="Preset stakes">
                    {presets
                        .iter()
                        .map(|&p| view! {
                            <ChoiceButton
                                choice=value
                                value=p
                                label=p
                                class="min-w-0 flex-1 rounded-lg border border-slate-700 px-1 py-2.5 text-xs font-semibold tabular-nums text-slate-300 hover:border-slate-500 hover:text-white aria-pressed:border-emerald-400 aria-pressed:text-emerald-200 sm:flex-none sm:px-2.5"
                            />
                        })
                        .collect_view()}
                </div>
            </div>
            <p id="stake-hint" class="mt-1 text-xs text-slate-500">{hint}</p>
        </div>
    }
}

// ---------------------------------------------------------------- slot

/// The Emerald Nights slot.
#[component]
fn SlotTable(table: Table) -> impl IntoView {
    let stake = RwSignal::new("1.00".to_owned());
    // Reels already stopped (0–5) for the spin on screen.
    let stopped = RwSignal::new(5usize);
    // Which spin of the round is on screen: None the base game, Some(i) free spin i.
    let free_index = RwSignal::new(None::<usize>);
    let parsed = move || {
        table
            .round
            .get()
            .and_then(|r| serde_json::from_value::<SlotRound>(r.result).ok())
    };
    let current_spin = move || -> Option<SlotSpin> {
        let round = parsed()?;
        match free_index.get() {
            Some(i) => round.free_spins.get(i).cloned(),
            None => Some(round.base),
        }
    };
    // Starts the reels turning as soon as the button is pressed, and stops
    // them where they were if the round is refused.
    Effect::new(move |_| {
        if table.play.pending().get() {
            stopped.set(0);
        }
    });
    Effect::new(move |_| {
        if table.error.get().is_some() {
            stopped.set(5);
        }
    });
    // A new round: stop the reels one by one, then play the free spins.
    Effect::new(move |_| {
        let spin = table.spin.get();
        if spin == 0 {
            return;
        }
        let Some(round) = parsed() else {
            stopped.set(5);
            table.revealed.set(true);
            return;
        };
        free_index.set(None);
        stopped.set(0);
        let free = round.free_spins.len();
        let live = move || table.spin.get_untracked() == spin;
        let mut at = 350u64;
        for reel in 1..=5 {
            at += 220;
            after(at, move || {
                if live() {
                    stopped.set(reel);
                }
            });
        }
        for i in 0..free {
            at += 900;
            after(at, move || {
                if live() {
                    free_index.set(Some(i));
                    stopped.set(0);
                }
            });
            for reel in 1..=5 {
                at += 90;
                after(at, move || {
                    if live() {
                        stopped.set(reel);
                    }
                });
            }
        }
        after(at + 250, move || {
            if live() {
                table.revealed.set(true);
            }
        });
    });
    // Cells that are part of a win on the spin on screen.
    let winning = move |row: usize, reel: usize| -> bool {
        if stopped.get() < 5 {
            return false;
        }
        let Some(spin) = current_spin() else {
            return false;
        };
        let on_line = spin.line_wins.iter().any(|w| {
            usize::from(w.count) > reel
                && PAYLINES
                    .get(usize::from(w.line))
                    .is_some_and(|l| usize::from(l[reel]) == row)
        });
        on_line
            || (spin.scatter_count >= domain::casino::SCATTERS_FOR_FEATURE
                && spin.window[row][reel] == Symbol::Scatter)
    };
    let spin_now = move |_| {
        let Some(money) = table.stake(&stake.get_untracked()) else {
            return;
        };
        let lines = domain::casino::LINE_COUNT as i64;
        if money.minor() % lines != 0 {
            table.fail(format!(
                "The stake covers {lines} lines: use a multiple of {} {}.",
                Money::new(lines, money.currency()).format_amount(),
                money.currency()
            ));
            return;
        }
        table.dispatch(
            "slot",
            money.format_amount(),
            String::new(),
            String::new(),
            String::new(),
        );
    };
    let busy = table.busy();

    view! {
        <section class="rounded-3xl border border-emerald-900/60 bg-gradient-to-b from-emerald-950 via-slate-950 to-slate-950 p-3 shadow-xl sm:p-5" aria-labelledby="slot-title">
            <h2 id="slot-title" class="sr-only">"Reels"</h2>
            <div class="flex items-center justify-between gap-2 pb-2 text-xs text-emerald-200/80">
                <span>"5 reels · 20 paylines · 3 moons = 10 free spins ×2"</span>
                <span data-testid="free-spins" class="font-semibold text-amber-200">
                    {move || {
                        let total = parsed().map(|r| r.free_spins.len()).unwrap_or(0);
                        free_index.get().map(|i| format!("Free spin {} / {total} · ×{}", i + 1, domain::casino::FREE_SPINS_MULTIPLIER))
                    }}
                </span>
            </div>
            <div
                class="slot-window relative grid grid-cols-5 gap-1.5 rounded-2xl bg-slate-950/80 p-1.5 ring-1 ring-emerald-400/20 sm:gap-2 sm:p-2"
                data-testid="slot-reels"
                data-spinning=move || (stopped.get() < 5).to_string()
                aria-live="polite"
                aria-busy=move || busy.get().to_string()
            >
                {(0..5usize)
                    .map(|reel| {
                        view! {
                            <div class="reel relative overflow-hidden rounded-xl bg-gradient-to-b from-slate-900 via-slate-800/70 to-slate-900">
                                {move || {
                                    if stopped.get() <= reel {
                                        view! {
                                            <div class="reel-strip flex flex-col" aria-hidden="true">
                                                {STRIP.iter().chain(STRIP.iter()).map(|s| view! { <div class="reel-cell"><SymbolFace symbol=*s/></div> }).collect_view()}
                                            </div>
                                        }
                                            .into_any()
                                    } else {
                                        let spin = current_spin();
                                        view! {
                                            <div class="reel-land flex flex-col">
                                                {(0..3usize)
                                                    .map(|row| {
                                                        let symbol = spin.as_ref().map_or(IDLE[row][reel], |s| s.window[row][reel]);
                                                        view! {
                                                            <div
                                                                class="reel-cell"
                                                                class:cell-win=move || winning(row, reel)
                                                                data-testid="slot-cell"
                                                            >
                                                                <SymbolFace symbol/>
                                                            </div>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </div>
                                        }
                                            .into_any()
                                    }
                                }}
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
            <ul class="mt-2 min-h-6 space-y-0.5 text-xs text-amber-100" data-testid="line-wins">
                {move || {
                    if stopped.get() < 5 {
                        return Vec::new();
                    }
                    let Some(spin) = current_spin() else { return Vec::new() };
                    let mut items: Vec<AnyView> = spin
                        .line_wins
                        .iter()
                        .map(|w| view! {
                            <li>{format!("Line {}: {} × {} pays {}", w.line + 1, w.count, symbol_name(w.symbol), w.win.format_amount())}</li>
                        }.into_any())
                        .collect();
                    if spin.scatter_win.is_positive() || spin.free_spins_awarded > 0 {
                        items.push(view! {
                            <li>{format!(
                                "{} moons pay {}{}",
                                spin.scatter_count,
                                spin.scatter_win.format_amount(),
                                if spin.free_spins_awarded > 0 { format!(" and award {} free spins", spin.free_spins_awarded) } else { String::new() }
                            )}</li>
                        }.into_any());
                    }
                    items
                }}
            </ul>
            <div class="mt-3 flex flex-wrap items-end gap-3">
                <StakeInput value=stake presets=&["0.20", "1.00", "2.00", "5.00"] hint="Spread over 20 lines: a multiple of 0.20."/>
                <button
                    type="button"
                    class=format!("{BUTTON_PRIMARY} h-12 min-w-32 grow text-base sm:grow-0")
                    data-testid="play"
                    disabled=move || busy.get()
                    on:click=spin_now
                >
                    {move || if busy.get() { "Spinning…" } else { "Spin" }}
                </button>
            </div>
        </section>
        <Outcome table/>
        <Paytable/>
    }
}

/// Symbols the spinning strip cycles through.
const STRIP: [Symbol; 7] = [
    Symbol::Ace,
    Symbol::Owl,
    Symbol::Nine,
    Symbol::Emerald,
    Symbol::King,
    Symbol::Lantern,
    Symbol::Scatter,
];

/// The window before the first spin.
const IDLE: [[Symbol; 5]; 3] = [
    [
        Symbol::Ace,
        Symbol::Owl,
        Symbol::Queen,
        Symbol::Lantern,
        Symbol::King,
    ],
    [
        Symbol::Emerald,
        Symbol::Emerald,
        Symbol::Wild,
        Symbol::Emerald,
        Symbol::Emerald,
    ],
    [
        Symbol::Ten,
        Symbol::Scatter,
        Symbol::Jack,
        Symbol::Nine,
        Symbol::Owl,
    ],
];

fn symbol_name(s: Symbol) -> &'static str {
    match s {
        Symbol::Nine => "9",
        Symbol::Ten => "10",
        Symbol::Jack => "J",
        Symbol::Queen => "Q",
        Symbol::King => "K",
        Symbol::Ace => "A",
        Symbol::Lantern => "Lantern",
        Symbol::Owl => "Owl",
        Symbol::Emerald => "Emerald",
        Symbol::Wild => "Wild",
        Symbol::Scatter => "Moon",
    }
}

/// One reel symbol.
#[component]
fn SymbolFace(symbol: Symbol) -> impl IntoView {
    let rank = |text: &'static str, class: &'static str| {
        view! { <span class=format!("font-black tracking-tight {class}")>{text}</span> }.into_any()
    };
    let face = match symbol {
        Symbol::Nine => rank("9", "text-sky-300"),
        Symbol::Ten => rank("10", "text-teal-300"),
        Symbol::Jack => rank("J", "text-violet-300"),
        Symbol::Queen => rank("Q", "text-pink-300"),
        Symbol::King => rank("K", "text-orange-300"),
        Symbol::Ace => rank("A", "text-rose-300"),
        Symbol::Lantern => view! {
            <svg viewBox="0 0 32 32" class="h-3/5 w-3/5" aria-hidden="true">
                <rect x="13" y="3" width="6" height="4" rx="1" fill="#92400e"></rect>
                <rect x="8" y="7" width="16" height="20" rx="5" fill="#f59e0b"></rect>
                <rect x="11" y="10" width="10" height="14" rx="3" fill="#fde68a"></rect>
                <rect x="12" y="27" width="8" height="3" rx="1" fill="#92400e"></rect>
            </svg>
        }
        .into_any(),
        Symbol::Owl => view! {
            <svg viewBox="0 0 32 32" class="h-3/5 w-3/5" aria-hidden="true">
                <path d="M6 8 L11 12 L21 12 L26 8 L26 24 Q16 31 6 24 Z" fill="#a16207"></path>
                <circle cx="12" cy="16" r="4.5" fill="#fef3c7"></circle>
                <circle cx="20" cy="16" r="4.5" fill="#fef3c7"></circle>
                <circle cx="12" cy="16" r="2" fill="#1c1917"></circle>
                <circle cx="20" cy="16" r="2" fill="#1c1917"></circle>
                <path d="M15 20 L17 20 L16 23 Z" fill="#f59e0b"></path>
            </svg>
        }
        .into_any(),
        Symbol::Emerald => view! { <EmeraldMark class="h-3/5 w-3/5"/> }.into_any(),
        Symbol::Wild => view! {
            <span class="rounded-md bg-gradient-to-b from-amber-200 to-amber-500 px-1 text-[0.65rem] font-black tracking-wider text-amber-950 sm:text-xs">"WILD"</span>
        }
        .into_any(),
        Symbol::Scatter => view! {
            <svg viewBox="0 0 32 32" class="h-3/5 w-3/5" aria-hidden="true">
                <circle cx="16" cy="16" r="12" fill="#e2e8f0"></circle>
                <circle cx="12" cy="13" r="2.5" fill="#cbd5e1"></circle>
                <circle cx="19" cy="19" r="3" fill="#cbd5e1"></circle>
                <circle cx="20" cy="10" r="1.5" fill="#cbd5e1"></circle>
            </svg>
        }
        .into_any(),
    };
    view! {
        <span class="flex h-full w-full items-center justify-center" title=symbol_name(symbol)>
            {face}
            <span class="sr-only">{symbol_name(symbol)}</span>
        </span>
    }
}

/// The emerald gem.
#[component]
fn EmeraldMark(#[prop(default = "h-8 w-8")] class: &'static str) -> impl IntoView {
    view! {
        <svg viewBox="0 0 32 32" class=class aria-hidden="true">
            <path d="M9 4 H23 L29 12 L16 29 L3 12 Z" fill="#10b981"></path>
            <path d="M9 4 L12 12 L16 29 L3 12 Z" fill="#34d399"></path>
            <path d="M23 4 L20 12 L16 29 L29 12 Z" fill="#047857"></path>
            <path d="M3 12 H29 L23 4 H9 Z" fill="#6ee7b7" opacity="0.8"></path>
        </svg>
    }
}

/// The slot's pays, from the domain's tables.
#[component]
fn Paytable() -> impl IntoView {
    let rows: Vec<(Symbol, [u32; 3])> = Symbol::ALL
        .iter()
        .filter(|s| **s != Symbol::Scatter)
        .rev()
        .map(|s| {
            (
                *s,
                [
                    domain::casino::line_pay(*s, 3),
                    domain::casino::line_pay(*s, 4),
                    domain::casino::line_pay(*s, 5),
                ],
            )
        })
        .collect();
    view! {
        <details class=format!("{CARD} p-4 sm:p-4")>
            <summary class="cursor-pointer text-sm font-semibold text-slate-200">"Paytable (in line bets)"</summary>
            <table class="mt-3 w-full text-left text-sm tabular-nums">
                <thead class="text-xs uppercase text-slate-500">
                    <tr><th scope="col" class="py-1">"Symbol"</th><th scope="col">"3"</th><th scope="col">"4"</th><th scope="col">"5"</th></tr>
                </thead>
                <tbody class="text-slate-300">
                    {rows
                        .into_iter()
                        .map(|(s, pays)| view! {
                            <tr class="border-t border-slate-800">
                                <td class="py-1">{symbol_name(s)}</td>
                                <td>{pays[0]}</td>
                                <td>{pays[1]}</td>
                                <td>{pays[2]}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
            <p class="mt-2 text-xs text-slate-400">
                {format!(
                    "Moons pay anywhere ({}×, {}×, {}× the stake for 3, 4, 5); 3 or more award {} free spins at ×{}, up to {} in a round. Wild substitutes for every symbol but the moon.",
                    domain::casino::scatter_pay(3),
                    domain::casino::scatter_pay(4),
                    domain::casino::scatter_pay(5),
                    domain::casino::FREE_SPINS_AWARD,
                    domain::casino::FREE_SPINS_MULTIPLIER,
                    domain::casino::FREE_SPINS_CAP
                )}
            </p>
        </details>
    }
}

// ---------------------------------------------------------------- roulette

/// Pockets in wheel order (European single zero).
const WHEEL: [u8; 37] = [
    0, 32, 15, 19, 4, 21, 2, 25, 17, 34, 6, 27, 13, 36, 11, 30, 8, 23, 10, 5, 24, 16, 33, 1, 20,
    14, 31, 9, 22, 18, 29, 7, 28, 12, 35, 3, 26,
];
const RED: [u8; 18] = [
    1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36,
];

fn pocket_colour(n: u8) -> &'static str {
    if n == 0 {
        "#15803d"
    } else if RED.contains(&n) {
        "#b91c1c"
    } else {
        "#0f172a"
    }
}

fn pocket_class(n: u8) -> &'static str {
    if n == 0 {
        "bg-green-700"
    } else if RED.contains(&n) {
        "bg-red-700"
    } else {
        "bg-slate-950"
    }
}

/// Degrees per pocket. Angles here only place graphics, never money.
const SLICE: f64 = 360.0 / 37.0;

fn wheel_gradient() -> String {
    let stops: Vec<String> = WHEEL
        .iter()
        .enumerate()
        .map(|(i, n)| {
            format!(
                "{} {:.3}deg {:.3}deg",
                pocket_colour(*n),
                i as f64 * SLICE,
                (i + 1) as f64 * SLICE
            )
        })
        .collect();
    format!(
        "background: conic-gradient(from {:.3}deg, {})",
        -SLICE / 2.0,
        stops.join(", ")
    )
}

fn bet_label(spec: &RouletteBetSpec) -> String {
    match spec {
        RouletteBetSpec::Straight { number } => format!("{number}"),
        RouletteBetSpec::Split { numbers } => format!("Split {}/{}", numbers[0], numbers[1]),
        RouletteBetSpec::Street { numbers } => format!("Street {}", numbers[0]),
        RouletteBetSpec::Corner { numbers } => format!("Corner {}", numbers[0]),
        RouletteBetSpec::SixLine { numbers } => format!("Six line {}", numbers[0]),
        RouletteBetSpec::Column { column } => format!("Column {column}"),
        RouletteBetSpec::Dozen { dozen } => match dozen {
            1 => "1st 12".to_owned(),
            2 => "2nd 12".to_owned(),
            _ => "3rd 12".to_owned(),
        },
        RouletteBetSpec::Red => "Red".to_owned(),
        RouletteBetSpec::Black => "Black".to_owned(),
        RouletteBetSpec::Even => "Even".to_owned(),
        RouletteBetSpec::Odd => "Odd".to_owned(),
        RouletteBetSpec::Low => "1–18".to_owned(),
        RouletteBetSpec::High => "19–36".to_owned(),
    }
}

/// European roulette.
#[component]
fn RouletteTable(table: Table) -> impl IntoView {
    let stake = RwSignal::new("1.00".to_owned());
    let bets = RwSignal::new(vec![RouletteBetSpec::Red]);
    let wheel_deg = RwSignal::new(0.0f64);
    let ball_deg = RwSignal::new(0.0f64);
    let parsed = move || {
        table
            .round
            .get()
            .and_then(|r| serde_json::from_value::<RouletteRound>(r.result).ok())
    };
    Effect::new(move |_| {
        let spin = table.spin.get();
        if spin == 0 {
            return;
        }
        let Some(round) = parsed() else {
            table.revealed.set(true);
            return;
        };
        let n = round.pocket.number();
        let index = WHEEL.iter().position(|p| *p == n).unwrap_or(0) as f64;
        // The wheel turns so that the pocket ends under the ball at the top;
        // the ball runs the other way and settles there.
        let current = wheel_deg.get_untracked();
        let base = current - current.rem_euclid(360.0);
        wheel_deg.set(base + 360.0 * 4.0 + (360.0 - index * SLICE));
        ball_deg.set(
            ball_deg.get_untracked() - ball_deg.get_untracked().rem_euclid(360.0) - 360.0 * 6.0,
        );
        after(3400, move || {
            if table.spin.get_untracked() == spin {
                table.revealed.set(true);
            }
        });
    });
    let toggle = move |spec: RouletteBetSpec| {
        bets.update(|b| {
            if let Some(i) = b.iter().position(|x| *x == spec) {
                b.remove(i);
            } else if b.len() < domain::casino::MAX_ROULETTE_BETS {
                b.push(spec);
            }
        });
    };
    let chip = move |spec: RouletteBetSpec, class: &'static str| {
        let label = bet_label(&spec);
        view! {
            <button
                type="button"
                class=format!("roulette-spot {class}")
                aria-pressed=move || bets.with(|b| b.contains(&spec)).to_string()
                on:click=move |_| toggle(spec)
            >
                {label}
            </button>
        }
    };
    let spin_now = move |_| {
        let Some(money) = table.stake(&stake.get_untracked()) else {
            return;
        };
        let chosen = bets.get_untracked();
        if chosen.is_empty() {
            table.fail("Place at least one bet on the table.");
            return;
        }
        let wagers: Vec<serde_json::Value> = chosen
            .iter()
            .map(|b| serde_json::json!({ "bet": b, "stake": money.format_amount() }))
            .collect();
        table.dispatch(
            "roulette",
            String::new(),
            String::new(),
            String::new(),
            serde_json::Value::Array(wagers).to_string(),
        );
    };
    let busy = table.busy();
    let total = move || {
        let count = bets.with(Vec::len) as i64;
        let currency = table.currency.get()?;
        let each = Money::parse_positive(stake.get().trim(), currency).ok()?;
        each.checked_mul(count)
            .ok()
            .map(|t| format!("{} {}", t.format_amount(), currency))
    };
    let gradient = wheel_gradient();

    view! {
        <section class="rounded-3xl border border-rose-950 bg-gradient-to-b from-emerald-950 to-slate-950 p-3 sm:p-5" aria-labelledby="wheel-title">
            <h2 id="wheel-title" class="sr-only">"Wheel"</h2>
            <div class="flex flex-col items-center gap-4 sm:flex-row sm:items-start">
                <div class="relative h-60 w-60 shrink-0 sm:h-64 sm:w-64">
                    <div class="absolute inset-0 rounded-full border-8 border-amber-900 bg-amber-950 shadow-2xl"></div>
                    <div
                        class="roulette-wheel absolute inset-2 rounded-full"
                        data-testid="roulette-wheel"
                        style=move || format!("{gradient}; transform: rotate({:.3}deg)", wheel_deg.get())
                    >
                        {WHEEL
                            .iter()
                            .enumerate()
                            .map(|(i, n)| view! {
                                <div class="absolute inset-0" style=format!("transform: rotate({:.3}deg)", i as f64 * SLICE)>
                                    <span class="absolute left-1/2 top-1 -translate-x-1/2 text-[0.6rem] font-bold text-white">{*n}</span>
                                </div>
                            })
                            .collect_view()}
                        <div class="absolute inset-[22%] rounded-full bg-gradient-to-br from-amber-700 to-amber-950 ring-2 ring-amber-400/50"></div>
                    </div>
                    <div class="roulette-ball absolute inset-2" style=move || format!("transform: rotate({:.3}deg)", ball_deg.get())>
                        <span class="absolute left-1/2 top-3.5 h-3 w-3 -translate-x-1/2 rounded-full bg-white shadow"></span>
                    </div>
                    <div class="absolute left-1/2 top-0 -translate-x-1/2 -translate-y-1 border-x-8 border-t-[12px] border-x-transparent border-t-amber-300" aria-hidden="true"></div>
                </div>
                <div class="min-w-0 flex-1 text-center sm:text-left" aria-live="polite">
                    {move || {
                        let round = parsed().filter(|_| table.revealed.get());
                        match round {
                            Some(r) => {
                                let n = r.pocket.number();
                                view! {
                                    <div class="win-pop inline-flex flex-col items-center gap-1">
                                        <span class=format!("flex h-16 w-16 items-center justify-center rounded-full text-2xl font-black text-white ring-4 ring-amber-300/60 {}", pocket_class(n)) data-testid="roulette-pocket">
                                            {n}
                                        </span>
                                        <span class="text-sm text-slate-300">{r.colour.to_string()}</span>
                                    </div>
                                    <ul class="mt-2 space-y-0.5 text-xs text-slate-300">
                                        {r.results.iter().map(|b| view! {
                                            <li class:text-amber-200=b.won>
                                                {format!("{}: {}", bet_label(&(b.bet).into()), if b.won { format!("pays {}", b.payout.format_amount()) } else { "lost".to_owned() })}
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                            None => view! {
                                <p class="text-sm text-slate-400">
                                    {move || if busy.get() { "No more bets…" } else { "Choose your bets, then spin." }}
                                </p>
                            }
                                .into_any(),
                        }
                    }}
                </div>
            </div>
            <div class="mt-4 space-y-2" role="group" aria-label="Betting table">
                {chip(RouletteBetSpec::Straight { number: 0 }, "w-full bg-green-800/80")}
                <div class="grid grid-cols-12 gap-1">
                    {[3u8, 2, 1]
                        .into_iter()
                        .flat_map(|row| (0..12u8).map(move |col| col * 3 + row))
                        .map(|n| chip(RouletteBetSpec::Straight { number: n }, pocket_class(n)))
                        .collect_view()}
                </div>
                <div class="grid grid-cols-3 gap-1">
                    {(1..=3u8).map(|d| chip(RouletteBetSpec::Dozen { dozen: d }, "bg-slate-800")).collect_view()}
                    {(1..=3u8).map(|c| chip(RouletteBetSpec::Column { column: c }, "bg-slate-800")).collect_view()}
                </div>
                <div class="grid grid-cols-3 gap-1 sm:grid-cols-6">
                    {chip(RouletteBetSpec::Low, "bg-slate-800")}
                    {chip(RouletteBetSpec::Even, "bg-slate-800")}
                    {chip(RouletteBetSpec::Red, "bg-red-700")}
                    {chip(RouletteBetSpec::Black, "bg-slate-950")}
                    {chip(RouletteBetSpec::Odd, "bg-slate-800")}
                    {chip(RouletteBetSpec::High, "bg-slate-800")}
                </div>
            </div>
            <div class="mt-4 flex flex-wrap items-end gap-3">
                <StakeInput value=stake presets=&["0.10", "1.00", "5.00"] hint="Per bet on the table."/>
                <div class="text-sm text-slate-300">
                    <span class="block text-xs text-slate-500">"Total"</span>
                    <span data-testid="roulette-total" class="tabular-nums">{move || total().unwrap_or_default()}</span>
                </div>
                <button type="button" class=format!("{BUTTON_SECONDARY} h-12") on:click=move |_| bets.set(Vec::new())>"Clear"</button>
                <button type="button" class=format!("{BUTTON_PRIMARY} h-12 min-w-32 grow text-base sm:grow-0") data-testid="play" disabled=move || busy.get() on:click=spin_now>
                    {move || if busy.get() { "Spinning…" } else { "Spin" }}
                </button>
            </div>
        </section>
        <Outcome table/>
    }
}

// ---------------------------------------------------------------- dice

/// A die face with 1–6 pips.
#[component]
fn DieFace(pips: u8) -> impl IntoView {
    let spots: &[(u8, u8)] = match pips {
        1 => &[(16, 16)],
        2 => &[(9, 9), (23, 23)],
        3 => &[(9, 9), (16, 16), (23, 23)],
        4 => &[(9, 9), (23, 9), (9, 23), (23, 23)],
        5 => &[(9, 9), (23, 9), (16, 16), (9, 23), (23, 23)],
        _ => &[(9, 8), (23, 8), (9, 16), (23, 16), (9, 24), (23, 24)],
    };
    view! {
        <svg viewBox="0 0 32 32" class="h-14 w-14 drop-shadow-lg" aria-hidden="true">
            <rect x="2" y="2" width="28" height="28" rx="6" fill="#f8fafc"></rect>
            {spots.iter().map(|(x, y)| view! { <circle cx=*x cy=*y r="2.6" fill="#1e293b"></circle> }).collect_view()}
        </svg>
    }
}

/// Dice: roll under or over a target.
#[component]
fn DiceTable(table: Table) -> impl IntoView {
    let stake = RwSignal::new("1.00".to_owned());
    let direction = RwSignal::new("under".to_owned());
    let target = RwSignal::new("49.50".to_owned());
    let bet = move || {
        serde_json::from_value::<domain::casino::DiceBet>(
            serde_json::json!({ "direction": direction.get(), "target": target.get().trim() }),
        )
        .ok()
    };
    let parsed = move || {
        table
            .round
            .get()
            .and_then(|r| serde_json::from_value::<DiceRound>(r.result).ok())
    };
    Effect::new(move |_| {
        let spin = table.spin.get();
        if spin == 0 {
            return;
        }
        after(1100, move || {
            if table.spin.get_untracked() == spin {
                table.revealed.set(true);
            }
        });
    });
    let roll_now = move |_| {
        let Some(money) = table.stake(&stake.get_untracked()) else {
            return;
        };
        if bet().is_none() {
            table.fail(
                "The target has at most 2 decimals and the chance to win lies between 1% and 98%.",
            );
            return;
        }
        table.dispatch(
            "dice",
            money.format_amount(),
            direction.get_untracked(),
            target.get_untracked().trim().to_owned(),
            String::new(),
        );
    };
    let busy = table.busy();
    // Position of the target on the 0–100 bar, in percent of its width.
    let target_pos = move || {
        target
            .get()
            .trim()
            .parse::<f64>()
            .unwrap_or(50.0)
            .clamp(0.0, 100.0)
    };
    let roll_pos = move || {
        parsed()
            .map(|r| f64::from(r.roll.hundredths()) / 100.0)
            .unwrap_or(50.0)
    };
    let dir_button = move |value: &'static str, label: &'static str| {
        view! {
            <ChoiceButton
                choice=direction
                value
                label
                class="flex-1 rounded-lg border border-slate-700 px-3 py-2 text-sm font-semibold text-slate-300 aria-pressed:border-sky-400 aria-pressed:bg-sky-400/15 aria-pressed:text-sky-100"
            />
        }
    };
    view! {
        <section class="rounded-3xl border border-indigo-950 bg-gradient-to-b from-indigo-950 to-slate-950 p-4 sm:p-6" aria-labelledby="dice-title">
            <h2 id="dice-title" class="sr-only">"Dice"</h2>
            <div class="flex items-center justify-center gap-4" aria-live="polite">
                <div class:dice-rolling=move || busy.get()>
                    <DieFace pips=6/>
                </div>
                <span
                    class="min-w-32 text-center text-5xl font-black tabular-nums text-white"
                    class:win-pop=move || table.revealed.get() && parsed().is_some()
                    data-testid="dice-roll"
                >
                    {move || {
                        if busy.get() {
                            "··.··".to_owned()
                        } else {
                            parsed().map(|r| r.roll.to_string()).unwrap_or_else(|| "–".to_owned())
                        }
                    }}
                </span>
            </div>
            <div class="relative mt-6 h-4 rounded-full bg-rose-500/70" aria-hidden="true">
                <div
                    class="absolute inset-y-0 rounded-full bg-emerald-400/90 transition-all"
                    style=move || {
                        let t = target_pos();
                        if direction.get() == "under" { format!("left: 0; width: {t:.2}%") } else { format!("left: {t:.2}%; right: 0") }
                    }
                ></div>
                <div
                    class="dice-marker absolute -top-2 h-8 w-1.5 -translate-x-1/2 rounded bg-white shadow"
                    style=move || format!("left: {:.2}%", roll_pos())
                    class:opacity-0=move || parsed().is_none()
                ></div>
            </div>
            <div class="mt-1 flex justify-between text-xs tabular-nums text-slate-500"><span>"0"</span><span>"50"</span><span>"100"</span></div>
            <div class="mt-4 grid gap-3 sm:grid-cols-2">
                <div>
                    <span class="block text-sm font-medium text-slate-200">"Roll"</span>
                    <div class="mt-1.5 flex gap-2" role="group" aria-label="Direction">
                        {dir_button("under", "Under")}
                        {dir_button("over", "Over")}
                    </div>
                </div>
                <div>
                    <label for="dice-target" class="block text-sm font-medium text-slate-200">"Target"</label>
                    <input
                        id="dice-target"
                        inputmode="decimal"
                        data-testid="dice-target"
                        class=format!("{INPUT} mt-1.5 tabular-nums")
                        prop:value=move || target.get()
                        on:input=move |ev| target.set(event_target_value(&ev))
                    />
                </div>
            </div>
            <p class="mt-2 text-sm text-slate-300" data-testid="dice-odds">
                {move || match bet() {
                    Some(b) => format!("Chance to win {}% · pays ×{}", b.win_chance_percent(), b.multiplier()),
                    None => "The chance to win must lie between 1% and 98%.".to_owned(),
                }}
            </p>
            <div class="mt-4 flex flex-wrap items-end gap-3">
                <StakeInput value=stake presets=&["0.10", "1.00", "5.00"] hint="Paid back times the multiplier when you win."/>
                <button type="button" class=format!("{BUTTON_PRIMARY} h-12 min-w-32 grow text-base sm:grow-0") data-testid="play" disabled=move || busy.get() on:click=roll_now>
                    {move || if busy.get() { "Rolling…" } else { "Roll" }}
                </button>
            </div>
        </section>
        <Outcome table/>
    }
}

// ---------------------------------------------------------------- fairness

/// The seed pair before the next round, the client seed form, and the
/// revealed seed of the round on the table.
#[component]
fn FairPanel(seeds: RwSignal<Option<SeedInfo>>, table: Table) -> impl IntoView {
    let set_seed = ServerAction::<CasinoSetSeed>::new();
    let notice = RwSignal::new(None::<(bool, String)>);
    let input = RwSignal::new(String::new());
    Effect::new(move |_| match set_seed.value().get() {
        Some(Ok(o)) => {
            if let Some(s) = o.seeds {
                seeds.set(Some(s));
            }
            notice.set(Some((o.ok, o.message)));
        }
        Some(Err(_)) => notice.set(Some((
            false,
            "The seed could not be saved. Please try again.".to_owned(),
        ))),
        None => {}
    });
    view! {
        <section class=format!("{CARD} p-4 sm:p-5") aria-labelledby="fair-title">
            <h2 id="fair-title" class="text-base font-semibold text-white">"Provably fair"</h2>
            {move || match seeds.get() {
                None => view! { <p class="mt-2 text-sm text-slate-400">"Log in as a player to see your seeds."</p> }.into_any(),
                Some(s) => view! {
                    <dl class="mt-3 space-y-2 text-xs">
                        <div>
                            <dt class="text-slate-400">"Next server seed hash (SHA-256)"</dt>
                            <dd class="break-all font-mono text-slate-200" data-testid="fair-commitment">{s.commitment.clone()}</dd>
                        </div>
                        <div class="flex gap-6">
                            <div>
                                <dt class="text-slate-400">"Client seed"</dt>
                                <dd class="break-all font-mono text-slate-200" data-testid="fair-client-seed">{s.client_seed.clone()}</dd>
                            </div>
                            <div>
                                <dt class="text-slate-400">"Nonce"</dt>
                                <dd class="font-mono text-slate-200" data-testid="fair-nonce">{s.nonce}</dd>
                            </div>
                        </div>
                    </dl>
                    <form
                        class="mt-3 flex gap-2"
                        on:submit=move |ev| {
                            ev.prevent_default();
                            set_seed.dispatch(CasinoSetSeed { client_seed: input.get_untracked() });
                        }
                    >
                        <label for="client-seed" class="sr-only">"New client seed"</label>
                        <input
                            id="client-seed"
                            data-testid="client-seed"
                            placeholder="Your client seed"
                            maxlength="64"
                            autocomplete="off"
                            class=format!("{INPUT} min-w-0 font-mono")
                            prop:value=move || input.get()
                            on:input=move |ev| input.set(event_target_value(&ev))
                        />
                        <button type="submit" class=BUTTON_SECONDARY data-testid="client-seed-save">"Set"</button>
                    </form>
                }
                .into_any(),
            }}
            {move || notice.get().map(|(ok, msg)| view! {
                <p class=if ok { "mt-2 text-xs text-emerald-300" } else { "mt-2 text-xs text-rose-300" } role="status">{msg}</p>
            })}
            {move || {
                let round = table.round.get().filter(|_| table.revealed.get())?;
                Some(view! {
                    <div class="mt-4 border-t border-slate-800 pt-3 text-xs">
                        <p class="font-semibold text-slate-300">"Last round, revealed"</p>
                        <p class="mt-1 text-slate-400">"Server seed"</p>
                        <p class="break-all font-mono text-amber-200" data-testid="fair-revealed">{round.server_seed.clone()}</p>
                        <p class="mt-1 text-slate-400">"Its hash, shown before the round"</p>
                        <p class="break-all font-mono text-slate-300">{round.commitment.clone()}</p>
                    </div>
                })
            }}
        </section>
    }
}

/// The player's latest rounds of a game with a Verify action each.
#[component]
fn History(game_code: String, rev: RwSignal<u64>) -> impl IntoView {
    let session = use_session();
    let code = game_code.clone();
    let rounds = Resource::new(
        move || (rev.get(), session.revision()),
        move |_| casino_rounds(code.clone()),
    );
    view! {
        <section class=format!("{CARD} p-4 sm:p-5") aria-labelledby="history-title">
            <h2 id="history-title" class="text-base font-semibold text-white">"Your rounds"</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match rounds.await {
                        Ok(list) if list.is_empty() => view! { <p class="mt-2 text-sm text-slate-400">"No rounds yet."</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="mt-2 divide-y divide-slate-800" data-testid="round-history">
                                {list.into_iter().map(|r| view! { <HistoryRow round=r/> }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(_) => view! { <p class="mt-2 text-sm text-slate-400">"Log in as a player to see your rounds."</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn HistoryRow(round: RoundInfo) -> impl IntoView {
    let verify = ServerAction::<CasinoVerify>::new();
    let id = round.round_id.clone();
    let won = !round.win.trim_start_matches(['0', '.']).is_empty();
    view! {
        <li class="py-2 text-xs" data-testid="round-row">
            <div class="flex items-center justify-between gap-2">
                <div class="min-w-0">
                    <p class="tabular-nums text-slate-300">
                        {format!("Stake {} · ", round.stake)}
                        <span class=if won { "font-semibold text-amber-200" } else { "text-slate-400" }>{format!("Win {}", round.win)}</span>
                    </p>
                    <p class="text-slate-500">{short_time(&round.created_at)} {format!(" · nonce {}", round.nonce)}</p>
                </div>
                <button
                    type="button"
                    class="shrink-0 rounded-lg border border-slate-700 px-2.5 py-1.5 font-semibold text-slate-200 hover:border-emerald-400 hover:text-emerald-200"
                    data-testid="verify"
                    disabled=move || verify.pending().get()
                    on:click=move |_| { verify.dispatch(CasinoVerify { round_id: id.clone() }); }
                >
                    "Verify"
                </button>
            </div>
            {move || verify.value().get().map(|answer| match answer {
                Ok(Some(v)) => {
                    let good = v.commitment_matches && v.result_matches;
                    view! {
                        <div
                            role="status"
                            data-testid="verify-result"
                            data-verified=good.to_string()
                            class=if good { "mt-1.5 rounded-md bg-emerald-400/10 px-2 py-1.5 text-emerald-200" } else { "mt-1.5 rounded-md bg-rose-500/10 px-2 py-1.5 text-rose-200" }
                        >
                            <p>{if v.commitment_matches { "✓ SHA-256 of the revealed seed matches the hash shown before the round." } else { "✗ The revealed seed does not match the hash." }}</p>
                            <p>{if v.result_matches { "✓ Replaying the seeds gives the same result." } else { "✗ Replaying the seeds gives a different result." }}</p>
                            <p class="mt-1 break-all font-mono text-[0.65rem] text-slate-400">{format!("server {} · client {} · nonce {}", v.server_seed, v.client_seed, v.nonce)}</p>
                        </div>
                    }
                    .into_any()
                }
                Ok(None) => view! { <p class="mt-1 text-rose-300">"Round not found."</p> }.into_any(),
                Err(_) => view! { <p class="mt-1 text-rose-300">"Verification failed to load. Try again."</p> }.into_any(),
            })}
        </li>
    }
}
