//! `/responsible-gaming`: the player's limits (with pending increases and
//! their countdown), session-limit and reality-check settings, loss alerts,
//! and the history of every change; time-out, self-exclusion and identity
//! documents come from their own modules.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Redirect};

use crate::api::responsible_gaming::{
    ExclusionRow, LimitChangeRow, LimitRow, RgPage, RgRemoveLimit, RgSetLimit, RgUpdateSettings,
    rg_overview,
};
use crate::components::inputs::submit_form;
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, INPUT, LoadError, Loading};
use crate::format::{LocalTime, money};
use crate::i18n::{Msg, RgMsg, messages, use_locale};
use crate::session::use_session;

use super::exclusions::Exclusions;
use super::kyc::Kyc;
use super::{
    Notice, Notices, duration_text, kind_label, notices, now_ms, period_label, settle, use_rg_state,
};

/// The Responsible gaming page.
#[component]
pub fn ResponsibleGaming() -> impl IntoView {
    let l = use_locale();
    let session = use_session();
    let rg = use_rg_state();
    provide_context(Notices {
        limits: RwSignal::new(None),
        session: RwSignal::new(None),
        alerts: RwSignal::new(None),
        exclusion: RwSignal::new(None),
        kyc: RwSignal::new(None),
    });
    let data = crate::resource::resource(
        move || (session.revision(), rg.refresh.get()),
        |_| rg_overview(),
    );
    view! {
        <Title text=l.t(RgMsg::RgTitle)/>
        <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl">{l.t(Msg::ResponsibleGaming)}</h1>
        <p class="mt-2 max-w-2xl text-slate-400">
            {l.t(RgMsg::RgIntro)}
        </p>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(page)) => view! { <RgBody page/> }.into_any(),
                    Ok(None) => {
                        let staff = session
                            .user
                            .get_untracked()
                            .and_then(Result::ok)
                            .flatten()
                            .is_some();
                        if staff {
                            view! {
                                <p class="mt-4 text-slate-400">
                                    {l.t(RgMsg::RgStaffBefore)}
                                    <A href="/backoffice/kyc" attr:class="text-emerald-300 underline">{l.t(Msg::BackOfficeLower)}</A>
                                    {l.t(Msg::FullStop)}
                                </p>
                            }
                                .into_any()
                        } else {
                            view! { <Redirect path="/login"/> }.into_any()
                        }
                    }
                    Err(_) => view! { <LoadError/> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

/// The page of a signed-in player: an active exclusion, limits, session
/// and loss-alert settings, exclusions, identity documents and history.
#[component]
fn RgBody(page: RgPage) -> impl IntoView {
    let active_exclusion = page.exclusions.iter().find(|e| e.active).cloned();
    view! {
        {active_exclusion.map(|exclusion| view! { <ExcludedBanner exclusion/> })}
        <Limits limits=page.limits currency=page.currency.clone()/>
        <div class="mt-6 grid gap-6 lg:grid-cols-2">
            <SessionSettings settings=page.settings.clone()/>
            <LossAlertSettings settings=page.settings currency=page.currency.clone()/>
        </div>
        <Exclusions/>
        <Kyc status=page.kyc_status/>
        <LimitHistory history=page.history currency=page.currency/>
    }
    .into_any()
}

/// What an active time-out or self-exclusion means for the player.
#[component]
fn ExcludedBanner(exclusion: ExclusionRow) -> impl IntoView {
    let l = use_locale();
    view! {
        <div
            data-testid="rg-excluded"
            class="mt-6 rounded-2xl border border-amber-400/40 bg-amber-400/10 p-4 text-amber-100"
        >
            <p class="font-semibold">
                {l.t(if exclusion.kind == "time_out" { RgMsg::YouAreOnTimeOut } else { RgMsg::YouAreSelfExcluded })}
            </p>
            <p class="mt-1 text-sm">
                {match exclusion.until {
                    Some(u) => view! { {l.t(RgMsg::Until)} <LocalTime at=u/> {l.t(RgMsg::SentenceEnd)} }.into_any(),
                    None => l.t(RgMsg::Permanently).into_any(),
                }}
                {l.t(RgMsg::ExcludedNote)}
            </p>
        </div>
    }
    .into_any()
}

/// The player's limits and the form to set one.
#[component]
fn Limits(limits: Vec<LimitRow>, currency: String) -> impl IntoView {
    let l = use_locale();
    let rg = use_rg_state();
    let set_limit = ServerAction::<RgSetLimit>::new();
    let remove_limit = ServerAction::<RgRemoveLimit>::new();
    let limits_notice = notices().limits;
    settle(move || set_limit.value().get(), limits_notice, rg.refresh);
    settle(
        move || remove_limit.value().get(),
        limits_notice,
        rg.refresh,
    );
    view! {
        <section class=format!("{CARD} mt-6") aria-labelledby="limits-title">
            <h2 id="limits-title" class="text-lg font-semibold text-white">{l.t(RgMsg::Limits)}</h2>
            <p class="mt-1 text-sm text-slate-400">
                {l.t(RgMsg::LimitsIntro)}
            </p>
            {if limits.is_empty() {
                view! { <p class="mt-4 text-sm text-slate-400" data-testid="no-limits">{l.t(RgMsg::NoLimits)}</p> }.into_any()
            } else {
                let currency = currency.clone();
                view! {
                    <ul class="mt-4 divide-y divide-slate-800" data-testid="limits">
                        {limits
                            .into_iter()
                            .map(|limit| view! { <LimitItem limit currency=currency.clone() remove=remove_limit/> })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            <SetLimitForm set_limit currency/>
            <Notice outcome=limits_notice/>
        </section>
    }
    .into_any()
}

/// Kind, period and amount of a new limit.
#[component]
fn SetLimitForm(set_limit: ServerAction<RgSetLimit>, currency: String) -> impl IntoView {
    let l = use_locale();
    view! {
        <form
            action={<RgSetLimit as leptos::server_fn::ServerFn>::url()}
            method="post"
            class="mt-4 grid gap-3 sm:grid-cols-4 sm:items-end"
            on:submit=submit_form(set_limit)
        >
            <div class="space-y-1.5">
                <label for="limit-kind" class="block text-sm font-medium text-slate-200">{l.t(RgMsg::Kind)}</label>
                <select id="limit-kind" name="kind" data-testid="limit-kind" class=INPUT>
                    <option value="deposit">{l.t(Msg::KindDeposit)}</option>
                    <option value="loss">{l.t(Msg::KindLoss)}</option>
                    <option value="wager">{l.t(Msg::KindWager)}</option>
                </select>
            </div>
            <div class="space-y-1.5">
                <label for="limit-period" class="block text-sm font-medium text-slate-200">{l.t(RgMsg::Period)}</label>
                <select id="limit-period" name="period" data-testid="limit-period" class=INPUT>
                    <option value="day">{l.t(RgMsg::Day)}</option>
                    <option value="week">{l.t(RgMsg::Week)}</option>
                    <option value="month">{l.t(RgMsg::Month)}</option>
                </select>
            </div>
            <div class="space-y-1.5">
                <label for="limit-amount" class="block text-sm font-medium text-slate-200">
                    {messages::limit_in(l, &currency)}
                </label>
                <input
                    id="limit-amount"
                    name="amount"
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    placeholder="100.00"
                    required=true
                    data-testid="limit-amount"
                    class=INPUT
                />
            </div>
            <button type="submit" data-testid="limit-save" class=BUTTON_PRIMARY disabled=move || set_limit.pending().get()>
                {l.t(RgMsg::SaveLimit)}
            </button>
        </form>
    }
    .into_any()
}

/// Every change of the player's limits, newest first.
#[component]
fn LimitHistory(history: Vec<LimitChangeRow>, currency: String) -> impl IntoView {
    let l = use_locale();
    view! {
        <section class=format!("{CARD} mt-6 overflow-x-auto") aria-labelledby="history-title">
            <h2 id="history-title" class="text-lg font-semibold text-white">{l.t(Msg::History)}</h2>
            {if history.is_empty() {
                view! { <p class="mt-2 text-sm text-slate-400">{l.t(RgMsg::NoChanges)}</p> }.into_any()
            } else {
                view! {
                    <table class="mt-4 w-full text-left text-sm" data-testid="rg-history">
                        <thead class="text-xs uppercase tracking-wider text-slate-500">
                            <tr>
                                <th scope="col" class="py-2 pr-4">{l.t(Msg::When)}</th>
                                <th scope="col" class="py-2 pr-4">{l.t(Msg::KindLimit)}</th>
                                <th scope="col" class="py-2 pr-4">{l.t(RgMsg::FromTo)}</th>
                                <th scope="col" class="py-2 pr-4">{l.t(RgMsg::Applies)}</th>
                                <th scope="col" class="py-2">{l.t(RgMsg::By)}</th>
                            </tr>
                        </thead>
                        <tbody class="divide-y divide-slate-800">
                            {history
                                .into_iter()
                                .map(|h| {
                                    let shown = |a: Option<String>| a.map_or_else(|| l.t(RgMsg::NoneLower).to_owned(), |a| money(&a, &currency));
                                    view! {
                                        <tr>
                                            <td class="py-2 pr-4 text-slate-400"><LocalTime at=h.created_at/></td>
                                            <td class="py-2 pr-4">{format!("{} {}", kind_label(l, &h.kind), period_label(l, &h.period))}</td>
                                            <td class="py-2 pr-4 tabular-nums">
                                                {format!(
                                                    "{} → {}",
                                                    shown(h.old_amount),
                                                    shown(h.new_amount),
                                                )}
                                            </td>
                                            <td class="py-2 pr-4 text-slate-400"><LocalTime at=h.effective_at/></td>
                                            <td class="py-2 text-slate-400">{h.by}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
        </section>
    }
    .into_any()
}

/// One limit with its usage, its pending change counting down, and a
/// remove button.
#[component]
fn LimitItem(
    limit: LimitRow,
    currency: String,
    remove: ServerAction<RgRemoveLimit>,
) -> impl IntoView {
    let l = use_locale();
    let rg = use_rg_state();
    let loaded_at = now_ms();
    let pending_secs = limit.pending_in_secs;
    let countdown = move || {
        pending_secs.map(|secs| {
            let elapsed = ((rg.clock.get() - loaded_at) / 1000.0).max(0.0) as i64;
            duration_text(secs - elapsed)
        })
    };
    let pending = limit.pending.clone();
    let (kind, period) = (limit.kind.clone(), limit.period.clone());
    view! {
        <li class="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="limit-row" data-kind=limit.kind.clone() data-period=limit.period.clone()>
            <div>
                <p class="font-medium text-white">
                    {format!("{} {}", kind_label(l, &limit.kind), period_label(l, &limit.period))}
                    <span class="ml-2 tabular-nums text-emerald-300" data-testid="limit-amount-shown">
                        {money(&limit.amount, &currency)}
                    </span>
                </p>
                <p class="text-sm text-slate-400 tabular-nums">
                    {messages::used_left(l, &money(&limit.used, &currency), &money(&limit.remaining, &currency))}
                </p>
                {pending
                    .map(|(amount, at)| {
                        view! {
                            <p class="mt-1 text-sm text-amber-200" data-testid="limit-pending">
                                {match amount {
                                    Some(a) => messages::changes_to(l, &money(&a, &currency)),
                                    None => l.t(RgMsg::RemovedOn).to_owned(),
                                }}
                                <LocalTime at=at/>
                                {l.t(RgMsg::InCountdown)}
                                <span class="tabular-nums" data-testid="limit-countdown">{countdown}</span>
                            </p>
                        }
                    })}
            </div>
            <ActionForm action=remove>
                <input type="hidden" name="kind" value=kind/>
                <input type="hidden" name="period" value=period/>
                <button type="submit" class=BUTTON_SECONDARY data-testid="limit-remove">{l.t(RgMsg::Remove)}</button>
            </ActionForm>
        </li>
    }
    .into_any()
}

#[component]
fn SessionSettings(settings: crate::api::responsible_gaming::SettingsRow) -> impl IntoView {
    let l = use_locale();
    let rg = use_rg_state();
    let save = ServerAction::<RgUpdateSettings>::new();
    let notice = notices().session;
    settle(move || save.value().get(), notice, rg.refresh);
    let fmt = |v: Option<u32>| v.map(|m| m.to_string()).unwrap_or_default();
    view! {
        <section class=CARD aria-labelledby="session-title">
            <h2 id="session-title" class="text-lg font-semibold text-white">{l.t(RgMsg::SessionTitle)}</h2>
            <p class="mt-1 text-sm text-slate-400">
                {l.t(RgMsg::SessionIntro)}
            </p>
            {settings
                .mandatory_reality_check_minutes
                .map(|m| {
                    view! {
                        <p class="mt-2 text-sm text-amber-200">
                            {messages::mandatory_reality_check(l, m)}
                        </p>
                    }
                })}
            <ActionForm action=save attr:class="mt-4 grid gap-3 sm:grid-cols-3 sm:items-end">
                <div class="space-y-1.5">
                    <label for="rc-minutes" class="block text-sm font-medium text-slate-200">{l.t(RgMsg::RcMinutes)}</label>
                    <input id="rc-minutes" name="reality_check_minutes" type="number" min="0" max="480" inputmode="numeric"
                        value=fmt(settings.reality_check_minutes) data-testid="reality-check-minutes" class=INPUT/>
                </div>
                <div class="space-y-1.5">
                    <label for="session-minutes" class="block text-sm font-medium text-slate-200">{l.t(RgMsg::SessionMinutes)}</label>
                    <input id="session-minutes" name="session_limit_minutes" type="number" min="0" max="1440" inputmode="numeric"
                        value=fmt(settings.session_limit_minutes) data-testid="session-limit-minutes" class=INPUT/>
                </div>
                <div class="space-y-1.5">
                    <label for="break-minutes" class="block text-sm font-medium text-slate-200">{l.t(RgMsg::BreakMinutes)}</label>
                    <input id="break-minutes" name="session_break_minutes" type="number" min="1" max="1440" inputmode="numeric"
                        value=fmt(settings.session_break_minutes) data-testid="session-break-minutes" class=INPUT/>
                </div>
                <button type="submit" class=BUTTON_PRIMARY data-testid="session-save" disabled=move || save.pending().get()>
                    {l.t(RgMsg::SaveSession)}
                </button>
            </ActionForm>
            {settings
                .pending_session_limit
                .clone()
                .map(|(minutes, at)| {
                    view! {
                        <p class="mt-3 text-sm text-amber-200" data-testid="session-limit-pending">
                            {match minutes {
                                Some(m) => messages::session_limit_changes(l, m),
                                None => l.t(RgMsg::SessionLimitRemovedOn).to_owned(),
                            }}
                            <LocalTime at=at/>
                            {l.t(RgMsg::CoolingOff)}
                        </p>
                    }
                })}
            <Notice outcome=notice/>
        </section>
    }
    .into_any()
}

#[component]
fn LossAlertSettings(
    settings: crate::api::responsible_gaming::SettingsRow,
    currency: String,
) -> impl IntoView {
    let l = use_locale();
    let rg = use_rg_state();
    let save = ServerAction::<RgUpdateSettings>::new();
    let notice = notices().alerts;
    settle(move || save.value().get(), notice, rg.refresh);
    let period = settings.loss_alert_period.clone();
    view! {
        <section class=CARD aria-labelledby="alert-title">
            <h2 id="alert-title" class="text-lg font-semibold text-white">{l.t(RgMsg::LossAlerts)}</h2>
            <p class="mt-1 text-sm text-slate-400">
                {l.t(RgMsg::LossAlertsIntro)}
            </p>
            {settings
                .operator_loss_alert
                .map(|a| {
                    view! {
                        <p class="mt-2 text-sm text-slate-400">{messages::also_watch(l, &money(&a, &currency))}</p>
                    }
                })}
            <form
                action={<RgUpdateSettings as leptos::server_fn::ServerFn>::url()}
                method="post"
                class="mt-4 grid gap-3 sm:grid-cols-3 sm:items-end"
                on:submit=submit_form(save)
            >
                <div class="space-y-1.5">
                    <label for="alert-amount" class="block text-sm font-medium text-slate-200">{l.t(RgMsg::AlertAt)}</label>
                    <input id="alert-amount" name="loss_alert" type="text" inputmode="decimal" autocomplete="off"
                        value=settings.loss_alert.unwrap_or_default() placeholder="50.00" data-testid="loss-alert" class=INPUT/>
                </div>
                <div class="space-y-1.5">
                    <label for="alert-period" class="block text-sm font-medium text-slate-200">{l.t(Msg::Window)}</label>
                    <select id="alert-period" name="loss_alert_period" class=INPUT data-testid="loss-alert-period">
                        {["day", "week", "month"]
                            .into_iter()
                            .map(|p| view! { <option value=p selected=p == period>{period_label(l, p)}</option> })
                            .collect_view()}
                    </select>
                </div>
                <button type="submit" class=BUTTON_PRIMARY data-testid="loss-alert-save">{l.t(RgMsg::SaveAlert)}</button>
            </form>
            <Notice outcome=notice/>
        </section>
    }
    .into_any()
}
