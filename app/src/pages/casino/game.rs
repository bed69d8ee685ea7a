//! `/casino/{code}`: one game, and the frame around every Croupier Original
//! (the [`Table`] state the game tables share, the outcome line, the stake
//! input and choice buttons).

use crate::i18n::{CasinoMsg, Msg, messages, use_locale};
use domain::casino::{DICE_CODE, ROULETTE_CODE, SLOT_CODE};
use domain::money::{Currency, Money};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::dice::DiceTable;
use super::fairness::{FairPanel, History};
use super::roulette::RouletteTable;
use super::slot::SlotTable;
use super::{DemoBadge, category_label, is_demo, provider_label, volatility_label};
use crate::api::casino::{
    CasinoPlay, GameCard, PlayOutcome, RoundInfo, SeedInfo, casino_game, casino_seeds, percent,
};
use crate::components::{BUTTON_SECONDARY, CARD, LoadError, Loading};
use crate::format::money;
use crate::live::use_live_wallet;
use crate::model::codes;
use crate::pages::errors::set_status;
use crate::session::use_session;

/// `/casino/{code}`: one game.
#[component]
pub fn CasinoGame() -> impl IntoView {
    let l = use_locale();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let game = crate::resource::resource(code, casino_game);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match game.await {
                    Ok(Some(g)) => view! { <GamePage game=g/> }.into_any(),
                    Ok(None) => {
                        // A real 404, so links to retired games drop out of
                        // search engines and monitors see them.
                        set_status(404);
                        view! {
                            <Title text=l.t(CasinoMsg::GameNotFoundTitle)/>
                            <h1 class="text-2xl font-bold text-white" data-testid="game-not-found">{l.t(CasinoMsg::GameNotFound)}</h1>
                            <p class="mt-2 text-slate-400">{l.t(CasinoMsg::GameUnavailable)}</p>
                            <A href="/casino" attr:class=format!("{BUTTON_SECONDARY} mt-4")>{l.t(CasinoMsg::BackToCasino)}</A>
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
    let l = use_locale();
    let rtp = game.rtp.as_deref().and_then(percent);
    let title = format!("{} · Croupier", game.name);
    let body = match game.game_code.as_str() {
        SLOT_CODE | ROULETTE_CODE | DICE_CODE => {
            view! { <Originals game=game.clone()/> }.into_any()
        }
        _ => view! {
            <div class=format!("{CARD} mt-6")>
                <p class="text-slate-300">
                    {l.t(CasinoMsg::ExternalClientBefore)} {provider_label(&game.provider)}
                    {l.t(CasinoMsg::ExternalClientAfter)}
                </p>
            </div>
        }
        .into_any(),
    };
    view! {
        <Title text=title/>
        <nav aria-label=l.t(Msg::Breadcrumb) class="text-sm text-slate-400">
            <A href="/casino" attr:class="hover:text-white">{l.t(Msg::Casino)}</A>
            " / "
            <span class="text-slate-300">{category_label(l, &game.category)}</span>
        </nav>
        <div class="mt-1 flex flex-wrap items-baseline gap-x-4 gap-y-1">
            <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl" data-testid="game-name">{game.name.clone()}</h1>
            {is_demo(&game.provider).then(|| view! { <DemoBadge/> })}
            <p class="text-sm text-slate-400">
                {provider_label(&game.provider)}
                {rtp.map(|r| view! { " · RTP " <span class="font-semibold text-emerald-300" data-testid="game-rtp">{r} "%"</span> })}
                {game.volatility.as_deref().map(|v| messages::volatility_suffix(l, volatility_label(l, v)))}
            </p>
        </div>
        // Room below the controls for the floating betslip button.
        <div class="pb-20">{body}</div>
    }
}

/// What a game table needs from the shared frame.
#[derive(Clone, Copy)]
pub(super) struct Table {
    /// The play action.
    pub(super) play: ServerAction<CasinoPlay>,
    /// The round on the table (set when its answer arrives).
    pub(super) round: RwSignal<Option<RoundInfo>>,
    /// Bumped for every new round: animations key on it.
    pub(super) spin: RwSignal<u64>,
    /// True once the round's animation finished: win and revealed seed show.
    pub(super) revealed: RwSignal<bool>,
    /// A refusal to show: (code, message).
    pub(super) error: RwSignal<Option<(String, String)>>,
    /// Wallet currency, when known.
    pub(super) currency: Signal<Option<Currency>>,
}

impl Table {
    pub(super) fn busy(&self) -> Signal<bool> {
        let (play, spin, revealed, round) = (self.play, self.spin, self.revealed, self.round);
        Signal::derive(move || {
            play.pending().get() || (spin.get() > 0 && round.get().is_some() && !revealed.get())
        })
    }

    pub(super) fn fail(&self, message: impl Into<String>) {
        self.error
            .set(Some((codes::VALIDATION_FAILED.to_owned(), message.into())));
    }

    /// Parses a stake with the wallet's currency rules, or shows why not.
    pub(super) fn stake(&self, text: &str) -> Option<Money> {
        let Some(currency) = self.currency.get_untracked() else {
            self.fail(use_locale().t(CasinoMsg::WalletLoading));
            return None;
        };
        match Money::parse_positive(&crate::format::typed_amount(text), currency) {
            Ok(m) => Some(m),
            Err(e) => {
                self.fail(messages::stake_error(use_locale(), e));
                None
            }
        }
    }

    pub(super) fn dispatch(
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
    let l = use_locale();
    let session = use_session();
    let live = use_live_wallet();
    let play = ServerAction::<CasinoPlay>::new();
    let seeds_loaded = crate::resource::resource(move || session.revision(), |_| casino_seeds());
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
                use_locale().t(Msg::ConnectionError).to_owned(),
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
                                    <A href="/login" attr:class="font-semibold text-emerald-300 underline">{l.t(Msg::LogIn)}</A>
                                    {l.t(CasinoMsg::ToPlayWithWallet)}
                                </p>
                            }.into_any()),
                            Some(u) if u.is_staff() => Some(view! {
                                <p class="rounded-lg border border-slate-700 bg-slate-900 px-3 py-2 text-sm text-slate-300">
                                    {l.t(CasinoMsg::StaffCannotPlay)}
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
pub(super) fn Outcome(table: Table) -> impl IntoView {
    let l = use_locale();
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
                    messages::no_win(l, &money(&round.stake, &round.currency))
                } else {
                    messages::you_win(l, &money(&round.win, &round.currency), &money(&round.stake, &round.currency))
                }}
                <span class="ml-2 text-xs text-slate-400">
                    {l.t(CasinoMsg::CashAfterColon)}
                    <span data-testid="round-balance">{money(&round.balance_after, &round.currency)}</span>
                </span>
            </div>
        })
    }
}

/// A button that makes `value` the `choice`, pressed while it is.
#[component]
pub(super) fn ChoiceButton(
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
pub(super) fn StakeInput(
    /// The field's value.
    value: RwSignal<String>,
    /// Preset stakes.
    presets: &'static [&'static str],
    /// Help text.
    hint: &'static str,
) -> impl IntoView {
    let l = use_locale();
    let live = use_live_wallet();
    let currency = move || live.and_then(|l| l.current()).map(|w| w.currency);
    // One row on a phone too: a fixed-width field (not the full-width
    // `INPUT`) and presets sharing what is left.
    view! {
        <div class="min-w-0 flex-1 basis-72">
            <label for="stake" class="block text-sm font-medium text-slate-200">{l.t(Msg::Stake)}</label>
            <div class="mt-1.5 flex items-stretch gap-1.5 sm:gap-2">
                <span class="relative flex-none">
                <input
                    id="stake"
                    inputmode="decimal"
                    autocomplete="off"
                    data-testid="stake"
                    aria-describedby="stake-hint"
                    class="block w-24 rounded-lg border border-slate-700 bg-slate-900 py-2.5 pl-2.5 pr-10 text-base tabular-nums text-slate-100 placeholder:text-slate-400 transition hover:border-slate-500 focus:border-emerald-400 sm:w-32 sm:pl-3 sm:text-sm"
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
                <span class="pointer-events-none absolute inset-y-0 right-2 flex items-center text-xs font-semibold text-slate-300" data-testid="stake-currency">
                    {currency}
                </span>
                </span>
                <div class="flex min-w-0 flex-1 gap-1.5 sm:flex-none sm:gap-2" role="group" aria-label=l.t(CasinoMsg::PresetStakes)>
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
