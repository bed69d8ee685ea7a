//! European roulette: the wheel and ball, the betting board and the wagers.

use crate::i18n::{CasinoMsg, Locale, Msg, messages, use_locale};
use domain::casino::{RouletteBetSpec, RouletteRound};
use domain::money::Money;
use leptos::prelude::*;

use super::after;
use super::game::{Outcome, StakeInput, Table};
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY};

/// Pockets in wheel order (European single zero).
const WHEEL: [u8; 37] = [
    0, 32, 15, 19, 4, 21, 2, 25, 17, 34, 6, 27, 13, 36, 11, 30, 8, 23, 10, 5, 24, 16, 33, 1, 20,
    14, 31, 9, 22, 18, 29, 7, 28, 12, 35, 3, 26,
];
/// The red numbers.
const RED: [u8; 18] = [
    1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36,
];

/// A pocket's colour on the wheel.
fn pocket_colour(n: u8) -> &'static str {
    if n == 0 {
        "#15803d"
    } else if RED.contains(&n) {
        "#b91c1c"
    } else {
        "#0f172a"
    }
}

/// A pocket's colour on the table.
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

/// The wheel's pockets as a CSS conic gradient.
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

/// A bet's name, for people.
fn bet_label(l: Locale, spec: &RouletteBetSpec) -> String {
    match spec {
        RouletteBetSpec::Straight { number } => format!("{number}"),
        RouletteBetSpec::Split { numbers } => {
            messages::roulette_bet(l, "split", &format!("{}/{}", numbers[0], numbers[1]))
        }
        RouletteBetSpec::Street { numbers } => {
            messages::roulette_bet(l, "street", &numbers[0].to_string())
        }
        RouletteBetSpec::Corner { numbers } => {
            messages::roulette_bet(l, "corner", &numbers[0].to_string())
        }
        RouletteBetSpec::SixLine { numbers } => {
            messages::roulette_bet(l, "six_line", &numbers[0].to_string())
        }
        RouletteBetSpec::Column { column } => {
            messages::roulette_bet(l, "column", &column.to_string())
        }
        RouletteBetSpec::Dozen { dozen } => messages::dozen(l, *dozen),
        RouletteBetSpec::Red => l.t(CasinoMsg::Red).to_owned(),
        RouletteBetSpec::Black => l.t(CasinoMsg::Black).to_owned(),
        RouletteBetSpec::Even => l.t(CasinoMsg::Even).to_owned(),
        RouletteBetSpec::Odd => l.t(CasinoMsg::OddNumbers).to_owned(),
        RouletteBetSpec::Low => "1–18".to_owned(),
        RouletteBetSpec::High => "19–36".to_owned(),
    }
}

/// A pocket's colour in words (lower case: `red`).
fn colour_name(l: Locale, colour: domain::casino::Colour) -> &'static str {
    l.t(match colour {
        domain::casino::Colour::Red => CasinoMsg::ColourRed,
        domain::casino::Colour::Black => CasinoMsg::ColourBlack,
        domain::casino::Colour::Green => CasinoMsg::ColourGreen,
    })
}

/// The round on the table, as roulette's result.
fn round_of(table: Table) -> Option<RouletteRound> {
    table
        .round
        .get()
        .and_then(|r| serde_json::from_value::<RouletteRound>(r.result).ok())
}

/// European roulette.
#[component]
pub(super) fn RouletteTable(table: Table) -> impl IntoView {
    let l = use_locale();
    let stake = RwSignal::new("1.00".to_owned());
    let bets = RwSignal::new(vec![RouletteBetSpec::Red]);
    let wheel_deg = RwSignal::new(0.0f64);
    let ball_deg = RwSignal::new(0.0f64);
    spin_wheel(table, wheel_deg, ball_deg);
    view! {
        <section class="rounded-3xl border border-rose-950 bg-gradient-to-b from-emerald-950 to-slate-950 p-3 sm:p-5" aria-labelledby="wheel-title">
            <h2 id="wheel-title" class="sr-only">{l.t(CasinoMsg::Wheel)}</h2>
            <div class="flex flex-col items-center gap-4 sm:flex-row sm:items-start">
                <Wheel wheel_deg ball_deg/>
                <RoundResult table/>
            </div>
            <BettingBoard bets/>
            <RouletteControls table stake bets/>
        </section>
        <Outcome table/>
    }
    .into_any()
}

/// For every new round, turns the wheel so that the pocket ends under the
/// ball at the top while the ball runs the other way and settles there,
/// then reveals the round.
fn spin_wheel(table: Table, wheel_deg: RwSignal<f64>, ball_deg: RwSignal<f64>) {
    Effect::new(move |_| {
        let spin = table.spin.get();
        if spin == 0 {
            return;
        }
        let Some(round) = round_of(table) else {
            table.revealed.set(true);
            return;
        };
        let n = round.pocket.number();
        let index = WHEEL.iter().position(|p| *p == n).unwrap_or(0) as f64;
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
}

/// The wheel and the ball, turned to the given angles.
#[component]
fn Wheel(wheel_deg: RwSignal<f64>, ball_deg: RwSignal<f64>) -> impl IntoView {
    let gradient = wheel_gradient();
    view! {
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
    }
    .into_any()
}

/// The pocket and what each bet paid, once revealed.
#[component]
fn RoundResult(table: Table) -> impl IntoView {
    let l = use_locale();
    let busy = table.busy();
    view! {
        <div class="min-w-0 flex-1 text-center sm:text-left" aria-live="polite">
            {move || {
                let round = round_of(table).filter(|_| table.revealed.get());
                match round {
                    Some(r) => {
                        let n = r.pocket.number();
                        view! {
                            <div class="win-pop inline-flex flex-col items-center gap-1">
                                <span class=format!("flex h-16 w-16 items-center justify-center rounded-full text-2xl font-black text-white ring-4 ring-amber-300/60 {}", pocket_class(n)) data-testid="roulette-pocket">
                                    {n}
                                </span>
                                <span class="text-sm text-slate-300">{colour_name(l, r.colour)}</span>
                            </div>
                            <ul class="mt-2 space-y-0.5 text-xs text-slate-300">
                                {r.results.iter().map(|b| view! {
                                    <li class:text-amber-200=b.won>
                                        {format!("{}: {}", bet_label(l, &(b.bet).into()), if b.won { messages::pays(l, &b.payout.format_amount()) } else { l.t(CasinoMsg::LostLower).to_owned() })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                    None => view! {
                        <p class="text-sm text-slate-400">
                            {move || l.t(if busy.get() { CasinoMsg::NoMoreBets } else { CasinoMsg::ChooseBetsThenSpin })}
                        </p>
                    }
                        .into_any(),
                }
            }}
        </div>
    }
    .into_any()
}

/// The betting table: zero, the numbers, dozens, columns and even chances.
#[component]
fn BettingBoard(bets: RwSignal<Vec<RouletteBetSpec>>) -> impl IntoView {
    let l = use_locale();
    let spot =
        move |spec: RouletteBetSpec, class: &'static str| view! { <BetSpot bets spec class/> };
    view! {
        <div class="mt-4 space-y-2" role="group" aria-label=l.t(CasinoMsg::BettingTable)>
            {spot(RouletteBetSpec::Straight { number: 0 }, "w-full bg-green-800/80")}
            <div class="grid grid-cols-12 gap-1">
                {[3u8, 2, 1]
                    .into_iter()
                    .flat_map(|row| (0..12u8).map(move |col| col * 3 + row))
                    .map(|n| spot(RouletteBetSpec::Straight { number: n }, pocket_class(n)))
                    .collect_view()}
            </div>
            <div class="grid grid-cols-3 gap-1">
                {(1..=3u8).map(|d| spot(RouletteBetSpec::Dozen { dozen: d }, "bg-slate-800")).collect_view()}
                {(1..=3u8).map(|c| spot(RouletteBetSpec::Column { column: c }, "bg-slate-800")).collect_view()}
            </div>
            <div class="grid grid-cols-3 gap-1 sm:grid-cols-6">
                {spot(RouletteBetSpec::Low, "bg-slate-800")}
                {spot(RouletteBetSpec::Even, "bg-slate-800")}
                {spot(RouletteBetSpec::Red, "bg-red-700")}
                {spot(RouletteBetSpec::Black, "bg-slate-950")}
                {spot(RouletteBetSpec::Odd, "bg-slate-800")}
                {spot(RouletteBetSpec::High, "bg-slate-800")}
            </div>
        </div>
    }
    .into_any()
}

/// One spot of the table: pressing it adds the bet or takes it back (up to
/// the most bets a round takes).
#[component]
fn BetSpot(
    bets: RwSignal<Vec<RouletteBetSpec>>,
    spec: RouletteBetSpec,
    class: &'static str,
) -> impl IntoView {
    let l = use_locale();
    let toggle = move |_| {
        bets.update(|b| {
            if let Some(i) = b.iter().position(|x| *x == spec) {
                b.remove(i);
            } else if b.len() < domain::casino::MAX_ROULETTE_BETS {
                b.push(spec);
            }
        });
    };
    view! {
        <button
            type="button"
            class=format!("roulette-spot {class}")
            aria-pressed=move || bets.with(|b| b.contains(&spec)).to_string()
            on:click=toggle
        >
            {bet_label(l, &spec)}
        </button>
    }
    .into_any()
}

/// The stake per bet, the total, clearing the table and the spin button.
#[component]
fn RouletteControls(
    table: Table,
    stake: RwSignal<String>,
    bets: RwSignal<Vec<RouletteBetSpec>>,
) -> impl IntoView {
    let l = use_locale();
    let spin_now = move |_| {
        let Some(money) = table.stake(&stake.get_untracked()) else {
            return;
        };
        let chosen = bets.get_untracked();
        if chosen.is_empty() {
            table.fail(l.t(CasinoMsg::PlaceOneBet));
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
        let each =
            Money::parse_positive(&crate::format::typed_amount(&stake.get()), currency).ok()?;
        each.checked_mul(count).ok().map(crate::format::money_of)
    };
    view! {
        <div class="mt-4 flex flex-wrap items-end gap-3">
            <StakeInput value=stake presets=&["0.10", "1.00", "5.00"] hint=l.t(CasinoMsg::RouletteHint)/>
            <div class="text-sm text-slate-300">
                <span class="block text-xs text-slate-500">{l.t(Msg::Total)}</span>
                <span data-testid="roulette-total" class="tabular-nums">{move || total().unwrap_or_default()}</span>
            </div>
            <button type="button" class=format!("{BUTTON_SECONDARY} h-12") on:click=move |_| bets.set(Vec::new())>{l.t(CasinoMsg::Clear)}</button>
            <button type="button" class=format!("{BUTTON_PRIMARY} h-12 min-w-32 grow text-base sm:grow-0") data-testid="play" disabled=move || busy.get() on:click=spin_now>
                {move || l.t(if busy.get() { CasinoMsg::Spinning } else { CasinoMsg::Spin })}
            </button>
        </div>
    }
    .into_any()
}
