//! The drawer's controls under the legs: bet type and stake, the
//! odds-change policy, the quote, what blocks placing (unavailable legs,
//! odds to accept) and the place button.

use domain::betting::{BetKind, OddsChangePolicy, TeaserTable};
use leptos::prelude::*;
use leptos_router::components::A;

use super::quote::{mode_code, modes, parse_mode};
use super::{SlipQuote, place, use_betslip};
use crate::components::{BUTTON_PRIMARY, INPUT};
use crate::format::money_of;
use crate::i18n::{Locale, Msg, messages, use_locale};
use crate::session::use_session;

/// Everything under the legs (shown while the slip has legs).
#[component]
pub(super) fn SlipControls(
    teaser: Signal<Option<TeaserTable>>,
    currency_code: Signal<String>,
    quoted: Signal<Result<SlipQuote, String>>,
    related_ids: Signal<Vec<String>>,
) -> impl IntoView {
    view! {
        <div class="space-y-3 border-t border-slate-800 px-4 py-3">
            <div class="grid grid-cols-2 gap-2">
                <BetTypeSelect teaser/>
                <StakeField currency_code/>
            </div>
            <PolicySelect/>
            <QuoteSummary quoted/>
            <UnavailableNotice/>
            <OddsChangedNotice/>
            <PlaceButton teaser quoted related_ids/>
        </div>
    }
    .into_any()
}

/// The bet types the legs allow.
#[component]
fn BetTypeSelect(teaser: Signal<Option<TeaserTable>>) -> impl IntoView {
    let slip = use_betslip();
    let l = use_locale();
    view! {
        <div>
            <label for="bet-type" class="block text-xs font-medium text-slate-400">
                {l.t(Msg::BetType)}
            </label>
            <select
                id="bet-type"
                data-testid="bet-type"
                class=format!("{INPUT} mt-1 py-2")
                prop:value=move || mode_code(slip.mode.get())
                on:change=move |ev| {
                    if let Some(mode) = parse_mode(&event_target_value(&ev)) {
                        slip.mode.set(mode);
                    }
                }
            >
                {move || {
                    let current = slip.mode.get();
                    slip.legs
                        .with(|legs| modes(legs, teaser.get().as_ref()))
                        .into_iter()
                        .map(|(kind, label)| {
                            let selected = kind == current;
                            view! {
                                <option value=mode_code(kind) selected=selected>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
    .into_any()
}

/// The stake, per single, per bet or for the one bet.
#[component]
fn StakeField(currency_code: Signal<String>) -> impl IntoView {
    let slip = use_betslip();
    let l = use_locale();
    view! {
        <div>
            <label for="bet-stake" class="block text-xs font-medium text-slate-400">
                {move || {
                    match slip.mode.get() {
                        BetKind::Single => l.t(Msg::StakePerSingle),
                        BetKind::Accumulator | BetKind::Teaser => l.t(Msg::Stake),
                        _ => l.t(Msg::StakePerBet),
                    }
                }}
            </label>
            <div class="relative mt-1">
                <input
                    id="bet-stake"
                    data-testid="bet-stake"
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    class=format!("{INPUT} py-2 pr-12 tabular-nums")
                    prop:value=move || slip.stake.get()
                    on:input=move |ev| slip.stake.set(event_target_value(&ev))
                />
                <span
                    class="pointer-events-none absolute inset-y-0 right-3 flex items-center text-xs font-semibold text-slate-300"
                    data-testid="bet-stake-currency"
                >
                    {move || currency_code.get()}
                </span>
            </div>
        </div>
    }
    .into_any()
}

/// What a policy is called in the drawer.
fn policy_label(l: Locale, policy: OddsChangePolicy) -> &'static str {
    l.t(match policy {
        OddsChangePolicy::Reject => Msg::PolicyReject,
        OddsChangePolicy::AcceptHigher => Msg::PolicyHigher,
        OddsChangePolicy::AcceptAny => Msg::PolicyAny,
    })
}

/// The odds-change policy the bet is struck under.
#[component]
fn PolicySelect() -> impl IntoView {
    let slip = use_betslip();
    let l = use_locale();
    view! {
        <div>
            <label for="odds-policy" class="block text-xs font-medium text-slate-400">
                {l.t(Msg::IfOddsChange)}
            </label>
            <select
                id="odds-policy"
                data-testid="odds-policy"
                class=format!("{INPUT} mt-1 py-2")
                prop:value=move || slip.policy.get().code()
                on:change=move |ev| {
                    if let Ok(policy) = event_target_value(&ev).parse::<OddsChangePolicy>() {
                        slip.policy.set(policy);
                    }
                }
            >
                {OddsChangePolicy::ALL
                    .iter()
                    .map(|p| view! { <option value=p.code()>{policy_label(l, *p)}</option> })
                    .collect_view()}
            </select>
        </div>
    }
    .into_any()
}

/// Lines, total stake and potential return, or what is missing.
#[component]
fn QuoteSummary(quoted: Signal<Result<SlipQuote, String>>) -> impl IntoView {
    let l = use_locale();
    view! {
        <dl class="grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
            {move || match quoted.get() {
                Ok(q) => {
                    view! {
                        <dt class="text-slate-400">{l.t(Msg::Bets)}</dt>
                        <dd class="text-right tabular-nums" data-testid="betslip-lines">
                            {q.lines}
                        </dd>
                        <dt class="text-slate-400">{l.t(Msg::TotalStake)}</dt>
                        <dd class="text-right tabular-nums" data-testid="betslip-total-stake">
                            {money_of(q.total_stake)}
                        </dd>
                        <dt class="font-semibold text-slate-200">{l.t(Msg::PotentialReturn)}</dt>
                        <dd
                            class="text-right text-base font-bold tabular-nums text-emerald-300"
                            data-testid="betslip-return"
                        >
                            {money_of(q.potential_return)}
                        </dd>
                    }
                        .into_any()
                }
                Err(why) => {
                    view! {
                        <dd class="col-span-2 text-xs text-slate-400" data-testid="betslip-hint">
                            {why}
                        </dd>
                    }
                        .into_any()
                }
            }}
        </dl>
    }
    .into_any()
}

/// Shown while legs are not taking bets.
#[component]
fn UnavailableNotice() -> impl IntoView {
    let slip = use_betslip();
    let l = use_locale();
    (move || {
        let unavailable = slip
            .legs
            .with(|l| l.iter().filter(|l| !l.available).count());
        (unavailable > 0).then(|| view! {
            <p
                role="alert"
                data-testid="betslip-unavailable"
                class="rounded-lg border border-amber-400/40 bg-amber-400/10 px-3 py-2 text-xs text-amber-200"
            >
                {if unavailable == 1 {
                    l.t(Msg::OneUnavailable).to_owned()
                } else {
                    messages::many_unavailable(l, unavailable)
                }}
            </p>
        })
    })
    .into_any()
}

/// Shown while moved odds wait for the player's acceptance.
#[component]
fn OddsChangedNotice() -> impl IntoView {
    let slip = use_betslip();
    let l = use_locale();
    (move || {
        let changed = slip
            .legs
            .with(|l| l.iter().filter(|l| l.needs_accept && l.available).count());
        (changed > 0).then(|| view! {
            <div
                role="alert"
                data-testid="betslip-odds-changed"
                class="space-y-2 rounded-lg border border-sky-400/40 bg-sky-400/10 px-3 py-2 text-xs text-sky-100"
            >
                <p>
                    {if changed == 1 {
                        l.t(Msg::OneOddsChanged).to_owned()
                    } else {
                        messages::many_odds_changed(l, changed)
                    }}
                </p>
                <button
                    type="button"
                    data-testid="accept-odds"
                    class="w-full rounded-lg bg-sky-400 px-3 py-2 text-sm font-bold text-slate-950 hover:bg-sky-300"
                    on:click=move |_| slip.accept_odds()
                >
                    {l.t(Msg::AcceptNewOdds)}
                </button>
            </div>
        })
    })
    .into_any()
}

/// Place bet (disabled while something blocks it), or a login link.
#[component]
fn PlaceButton(
    teaser: Signal<Option<TeaserTable>>,
    quoted: Signal<Result<SlipQuote, String>>,
    related_ids: Signal<Vec<String>>,
) -> impl IntoView {
    let slip = use_betslip();
    let session = use_session();
    let l = use_locale();
    let signed_in = move || session.user.get().and_then(Result::ok).flatten();
    (move || {
        if signed_in().is_some() {
            let disabled = move || {
                slip.placing.get()
                    || quoted.with(Result::is_err)
                    || !related_ids.with(Vec::is_empty)
                    || slip
                        .legs
                        .with(|l| l.iter().any(|l| !l.available || l.needs_accept))
            };
            view! {
                <button
                    type="button"
                    data-testid="place-bet"
                    class=format!("{BUTTON_PRIMARY} w-full py-3 text-base")
                    disabled=disabled
                    on:click=move |_| {
                        place::place(slip, teaser.get_untracked().map(|t| t.points().to_string()))
                    }
                >
                    {move || l.t(if slip.placing.get() { Msg::Placing } else { Msg::PlaceBet })}
                </button>
            }
            .into_any()
        } else {
            view! {
                <A href="/login" attr:class=format!("{BUTTON_PRIMARY} w-full py-3 text-base")>
                    {l.t(Msg::LogInToBet)}
                </A>
            }
            .into_any()
        }
    })
    .into_any()
}
