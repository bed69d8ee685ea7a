//! Dice: roll under or over a target, the roll sliding onto the target bar.

use crate::i18n::{CasinoMsg, messages, use_locale};
use domain::casino::DiceRound;
use leptos::prelude::*;

use super::after;
use super::game::{ChoiceButton, Outcome, StakeInput, Table};
use crate::components::{BUTTON_PRIMARY, INPUT};

/// A die face with 1–6 pips.
#[component]
pub(super) fn DieFace(pips: u8) -> impl IntoView {
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
pub(super) fn DiceTable(table: Table) -> impl IntoView {
    let l = use_locale();
    let stake = RwSignal::new("1.00".to_owned());
    let direction = RwSignal::new("under".to_owned());
    let target = RwSignal::new("49.50".to_owned());
    let bet = move || {
        serde_json::from_value::<domain::casino::DiceBet>(
            serde_json::json!({ "direction": direction.get(), "target": crate::format::typed_amount(&target.get()) }),
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
            table.fail(l.t(CasinoMsg::DiceTargetInvalid));
            return;
        }
        table.dispatch(
            "dice",
            money.format_amount(),
            direction.get_untracked(),
            crate::format::typed_amount(&target.get_untracked()),
            String::new(),
        );
    };
    let busy = table.busy();
    // Position of the target on the 0–100 bar, in percent of its width.
    let target_pos = move || {
        crate::format::typed_amount(&target.get())
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
            <h2 id="dice-title" class="sr-only">{l.t(CasinoMsg::Dice)}</h2>
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
                    <span class="block text-sm font-medium text-slate-200">{l.t(CasinoMsg::Roll)}</span>
                    <div class="mt-1.5 flex gap-2" role="group" aria-label=l.t(CasinoMsg::Direction)>
                        {dir_button("under", l.t(CasinoMsg::Under))}
                        {dir_button("over", l.t(CasinoMsg::Over))}
                    </div>
                </div>
                <div>
                    <label for="dice-target" class="block text-sm font-medium text-slate-200">{l.t(CasinoMsg::Target)}</label>
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
                    Some(b) => messages::dice_odds(l, b.win_chance_percent(), b.multiplier()),
                    None => l.t(CasinoMsg::DiceChanceInvalid).to_owned(),
                }}
            </p>
            <div class="mt-4 flex flex-wrap items-end gap-3">
                <StakeInput value=stake presets=&["0.10", "1.00", "5.00"] hint=l.t(CasinoMsg::DiceHint)/>
                <button type="button" class=format!("{BUTTON_PRIMARY} h-12 min-w-32 grow text-base sm:grow-0") data-testid="play" disabled=move || busy.get() on:click=roll_now>
                    {move || l.t(if busy.get() { CasinoMsg::Rolling } else { CasinoMsg::Roll })}
                </button>
            </div>
        </section>
        <Outcome table/>
    }
}
