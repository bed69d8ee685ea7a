//! The Emerald Nights slot: reels that stop one by one, winning paylines
//! that light up, free spins that play out, and the paytable.

use crate::i18n::{CasinoMsg, Locale, messages, use_locale};
use domain::casino::{PAYLINES, SlotRound, SlotSpin, Symbol};
use domain::money::Money;
use leptos::prelude::*;

use super::after;
use super::game::{Outcome, StakeInput, Table};
use crate::components::{BUTTON_PRIMARY, CARD};

/// The reels' state for the round on the table (`Copy` handles).
#[derive(Clone, Copy)]
struct Reels {
    table: Table,
    /// Reels already stopped (0–5) for the spin on screen.
    stopped: RwSignal<usize>,
    /// Which spin of the round is on screen: None the base game, Some(i)
    /// free spin i.
    free_index: RwSignal<Option<usize>>,
}

impl Reels {
    fn new(table: Table) -> Self {
        Self {
            table,
            stopped: RwSignal::new(5),
            free_index: RwSignal::new(None),
        }
    }

    /// The round on the table, as the slot's result.
    fn round(self) -> Option<SlotRound> {
        self.table
            .round
            .get()
            .and_then(|r| serde_json::from_value::<SlotRound>(r.result).ok())
    }

    /// The spin on screen: the base game or a free spin.
    fn current_spin(self) -> Option<SlotSpin> {
        let round = self.round()?;
        match self.free_index.get() {
            Some(i) => round.free_spins.get(i).cloned(),
            None => Some(round.base),
        }
    }

    /// True while a reel still turns.
    fn spinning(self) -> bool {
        self.stopped.get() < 5
    }

    /// True for a cell that is part of a win on the spin on screen.
    fn winning(self, row: usize, reel: usize) -> bool {
        if self.spinning() {
            return false;
        }
        let Some(spin) = self.current_spin() else {
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
    }
}

/// The Emerald Nights slot.
#[component]
pub(super) fn SlotTable(table: Table) -> impl IntoView {
    let l = use_locale();
    let reels = Reels::new(table);
    animate(reels);
    view! {
        <section class="rounded-3xl border border-emerald-900/60 bg-gradient-to-b from-emerald-950 via-slate-950 to-slate-950 p-3 shadow-xl sm:p-5" aria-labelledby="slot-title">
            <h2 id="slot-title" class="sr-only">{l.t(CasinoMsg::Reels)}</h2>
            <div class="flex items-center justify-between gap-2 pb-2 text-xs text-emerald-200/80">
                <span>{l.t(CasinoMsg::SlotSummary)}</span>
                <FreeSpinCounter reels/>
            </div>
            <ReelWindow reels/>
            <LineWins reels/>
            <SpinControls table/>
        </section>
        <Outcome table/>
        <Paytable/>
    }
    .into_any()
}

/// Turns the reels: they start as soon as the button is pressed, stop where
/// they were if the round is refused, and for a new round stop one by one,
/// then play the free spins.
fn animate(reels: Reels) {
    let Reels {
        table,
        stopped,
        free_index,
    } = reels;
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
    Effect::new(move |_| {
        let spin = table.spin.get();
        if spin == 0 {
            return;
        }
        let Some(round) = reels.round() else {
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
}

/// "Free spin 2 / 10 · ×2" while the free spins play.
#[component]
fn FreeSpinCounter(reels: Reels) -> impl IntoView {
    let l = use_locale();
    view! {
        <span data-testid="free-spins" class="font-semibold text-amber-200">
            {move || {
                let total = reels.round().map(|r| r.free_spins.len()).unwrap_or(0);
                reels.free_index.get().map(|i| messages::free_spin_counter(l, i + 1, total, domain::casino::FREE_SPINS_MULTIPLIER))
            }}
        </span>
    }
    .into_any()
}

/// The five reels.
#[component]
fn ReelWindow(reels: Reels) -> impl IntoView {
    let busy = reels.table.busy();
    view! {
        <div
            class="slot-window relative grid grid-cols-5 gap-1.5 rounded-2xl bg-slate-950/80 p-1.5 ring-1 ring-emerald-400/20 sm:gap-2 sm:p-2"
            data-testid="slot-reels"
            data-spinning=move || reels.spinning().to_string()
            aria-live="polite"
            aria-busy=move || busy.get().to_string()
        >
            {(0..5usize).map(|reel| view! { <Reel reels reel/> }).collect_view()}
        </div>
    }
    .into_any()
}

/// One reel: a turning strip, or the three symbols it stopped on.
#[component]
fn Reel(reels: Reels, reel: usize) -> impl IntoView {
    view! {
        <div class="reel relative overflow-hidden rounded-xl bg-gradient-to-b from-slate-900 via-slate-800/70 to-slate-900">
            {move || {
                if reels.stopped.get() <= reel {
                    view! {
                        <div class="reel-strip flex flex-col" aria-hidden="true">
                            {STRIP.iter().chain(STRIP.iter()).map(|s| view! { <div class="reel-cell"><SymbolFace symbol=*s/></div> }).collect_view()}
                        </div>
                    }
                        .into_any()
                } else {
                    let spin = reels.current_spin();
                    view! {
                        <div class="reel-land flex flex-col">
                            {(0..3usize)
                                .map(|row| {
                                    let symbol = spin.as_ref().map_or(IDLE[row][reel], |s| s.window[row][reel]);
                                    view! {
                                        <div
                                            class="reel-cell"
                                            class:cell-win=move || reels.winning(row, reel)
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
    .into_any()
}

/// What the spin on screen paid, line by line, once the reels stopped.
#[component]
fn LineWins(reels: Reels) -> impl IntoView {
    let l = use_locale();
    view! {
        <ul class="mt-2 min-h-6 space-y-0.5 text-xs text-amber-100" data-testid="line-wins">
            {move || {
                if reels.spinning() {
                    return Vec::new();
                }
                let Some(spin) = reels.current_spin() else { return Vec::new() };
                let mut items: Vec<AnyView> = spin
                    .line_wins
                    .iter()
                    .map(|w| view! {
                        <li>{messages::line_pays(l, w.line + 1, w.count, symbol_name(l, w.symbol), &w.win.format_amount())}</li>
                    }.into_any())
                    .collect();
                if spin.scatter_win.is_positive() || spin.free_spins_awarded > 0 {
                    items.push(view! {
                        <li>{messages::moons_pay(l, spin.scatter_count, &spin.scatter_win.format_amount(), spin.free_spins_awarded)}</li>
                    }.into_any());
                }
                items
            }}
        </ul>
    }
    .into_any()
}

/// The stake and the spin button. The stake is spread over the lines, so
/// it must divide by their number.
#[component]
fn SpinControls(table: Table) -> impl IntoView {
    let l = use_locale();
    let stake = RwSignal::new("1.00".to_owned());
    let spin_now = move |_| {
        let Some(money) = table.stake(&stake.get_untracked()) else {
            return;
        };
        let lines = domain::casino::LINE_COUNT as i64;
        if money.minor() % lines != 0 {
            table.fail(messages::stake_covers_lines(
                l,
                lines,
                &crate::format::money_of(Money::new(lines, money.currency())),
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
        <div class="mt-3 flex flex-wrap items-end gap-3">
            <StakeInput value=stake presets=&["0.20", "1.00", "2.00", "5.00"] hint=l.t(CasinoMsg::SlotHint)/>
            <button
                type="button"
                class=format!("{BUTTON_PRIMARY} h-12 min-w-32 grow text-base sm:grow-0")
                data-testid="play"
                disabled=move || busy.get()
                on:click=spin_now
            >
                {move || l.t(if busy.get() { CasinoMsg::Spinning } else { CasinoMsg::Spin })}
            </button>
        </div>
    }
    .into_any()
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

/// A symbol's name, for people.
fn symbol_name(l: Locale, s: Symbol) -> &'static str {
    match s {
        Symbol::Nine => "9",
        Symbol::Ten => "10",
        Symbol::Jack => "J",
        Symbol::Queen => "Q",
        Symbol::King => "K",
        Symbol::Ace => "A",
        Symbol::Lantern => l.t(CasinoMsg::SymbolLantern),
        Symbol::Owl => l.t(CasinoMsg::SymbolOwl),
        Symbol::Emerald => l.t(CasinoMsg::SymbolEmerald),
        Symbol::Wild => l.t(CasinoMsg::SymbolWild),
        Symbol::Scatter => l.t(CasinoMsg::SymbolMoon),
    }
}

/// One reel symbol.
#[component]
fn SymbolFace(symbol: Symbol) -> impl IntoView {
    let l = use_locale();
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
        <span class="flex h-full w-full items-center justify-center" title=symbol_name(l, symbol)>
            {face}
            <span class="sr-only">{symbol_name(l, symbol)}</span>
        </span>
    }
    .into_any()
}

/// The emerald gem.
#[component]
pub(super) fn EmeraldMark(#[prop(default = "h-8 w-8")] class: &'static str) -> impl IntoView {
    view! {
        <svg viewBox="0 0 32 32" class=class aria-hidden="true">
            <path d="M9 4 H23 L29 12 L16 29 L3 12 Z" fill="#10b981"></path>
            <path d="M9 4 L12 12 L16 29 L3 12 Z" fill="#34d399"></path>
            <path d="M23 4 L20 12 L16 29 L29 12 Z" fill="#047857"></path>
            <path d="M3 12 H29 L23 4 H9 Z" fill="#6ee7b7" opacity="0.8"></path>
        </svg>
    }
    .into_any()
}

/// The slot's pays, from the domain's tables.
#[component]
fn Paytable() -> impl IntoView {
    let l = use_locale();
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
            <summary class="cursor-pointer text-sm font-semibold text-slate-200">{l.t(CasinoMsg::Paytable)}</summary>
            <table class="mt-3 w-full text-left text-sm tabular-nums">
                <thead class="text-xs uppercase text-slate-500">
                    <tr><th scope="col" class="py-1">{l.t(CasinoMsg::Symbol)}</th><th scope="col">"3"</th><th scope="col">"4"</th><th scope="col">"5"</th></tr>
                </thead>
                <tbody class="text-slate-300">
                    {rows
                        .into_iter()
                        .map(|(s, pays)| view! {
                            <tr class="border-t border-slate-800">
                                <td class="py-1">{symbol_name(l, s)}</td>
                                <td>{pays[0]}</td>
                                <td>{pays[1]}</td>
                                <td>{pays[2]}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
            <p class="mt-2 text-xs text-slate-400">
                {messages::slot_paytable_note(
                    l,
                    [
                        domain::casino::scatter_pay(3),
                        domain::casino::scatter_pay(4),
                        domain::casino::scatter_pay(5),
                    ],
                    domain::casino::FREE_SPINS_AWARD,
                    domain::casino::FREE_SPINS_MULTIPLIER,
                    domain::casino::FREE_SPINS_CAP,
                )}
            </p>
        </details>
    }
    .into_any()
}
