//! `/responsible-gaming`: the player's limits (with pending increases and
//! their countdown), time-out and self-exclusion with a confirmation step,
//! session-limit and reality-check settings, loss alerts, identity
//! documents and the history of every change; plus two app-wide pieces:
//! the reality-check / session-break dialog that blocks play until
//! acknowledged (or until the break ends), and the deposit-limit prompt
//! shown to a player who has not answered it yet.
//!
//! The dialog's timing comes from the server (`due_in_ms` relative to the
//! server's clock when it answered) and is counted down on the page's
//! monotonic clock (`performance.now()`), so a skewed device clock cannot
//! move a reality check; the server refuses play while one is due.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Redirect};

use crate::api::kyc_provider;
use crate::api::responsible_gaming::{
    LimitRow, RgAcknowledge, RgAnswerPrompt, RgExclude, RgOutcome, RgPage, RgRemoveLimit,
    RgSetLimit, RgSubmitKyc, RgUpdateSettings, SessionRow, rg_overview, rg_session,
};
use crate::components::{
    BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, INPUT, LoadError, Loading, short_time,
};
use crate::session::use_session;

/// App-wide responsible-gaming state: a refresh counter bumped after
/// settings change, and the page's clock in milliseconds (ticks every
/// second in the browser).
#[derive(Clone, Copy)]
pub struct RgState {
    /// Bump to refetch the session and the prompt.
    pub refresh: RwSignal<u64>,
    /// `performance.now()`, refreshed every second (0 on the server).
    pub clock: RwSignal<f64>,
}

/// Milliseconds on the page's monotonic clock; 0 on the server.
pub fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.0
    }
}

/// Creates the state and provides it as context; call once in the app root.
pub fn provide_rg_state() -> RgState {
    let state = RgState {
        refresh: RwSignal::new(0),
        clock: RwSignal::new(now_ms()),
    };
    provide_context(state);
    #[cfg(feature = "hydrate")]
    {
        let clock = state.clock;
        let _ = set_interval_with_handle(
            move || clock.set(now_ms()),
            std::time::Duration::from_secs(1),
        );
    }
    state
}

fn use_rg_state() -> RgState {
    use_context::<RgState>().unwrap_or_else(|| RgState {
        refresh: RwSignal::new(0),
        clock: RwSignal::new(0.0),
    })
}

/// `1 h 05 min`, `12 min 03 s`.
pub fn duration_text(secs: i64) -> String {
    let secs = secs.max(0);
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    if h > 0 {
        format!("{h} h {m:02} min")
    } else {
        format!("{m} min {s:02} s")
    }
}

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "deposit" => "Deposit",
        "loss" => "Loss",
        "wager" => "Wager",
        _ => "Limit",
    }
}

fn period_label(period: &str) -> &'static str {
    match period {
        "day" => "per day",
        "week" => "per week",
        "month" => "per month",
        _ => "",
    }
}

/// A notice for the latest answer of a form.
#[component]
fn Notice(outcome: RwSignal<Option<RgOutcome>>) -> impl IntoView {
    move || {
        outcome.get().map(|o| {
            let class = if o.ok {
                "mt-4 rounded-lg border border-emerald-400/40 bg-emerald-400/10 px-3 py-2 text-sm text-emerald-200"
            } else {
                "mt-4 rounded-lg border border-rose-500/40 bg-rose-500/10 px-3 py-2 text-sm text-rose-200"
            };
            view! {
                <div role="status" data-testid="rg-notice" data-ok=o.ok.to_string() class=class>
                    {o.message}
                </div>
            }
        })
    }
}

/// Stores the latest answer of an action (`value`) in `into` and bumps
/// `refresh` on success.
fn settle(
    value: impl Fn() -> Option<Result<RgOutcome, ServerFnError>> + Send + Sync + 'static,
    into: RwSignal<Option<RgOutcome>>,
    refresh: RwSignal<u64>,
) {
    Effect::new(move |_| match value() {
        Some(Ok(o)) => {
            if o.ok {
                refresh.update(|n| *n += 1);
            }
            into.set(Some(o));
        }
        Some(Err(_)) => into.set(Some(RgOutcome {
            ok: false,
            message: "Something went wrong. Please try again.".to_owned(),
            code: Some("internal".to_owned()),
        })),
        None => {}
    });
}

/// The latest answers of the page's forms. They live at page level
/// because a successful change refetches the page, which rebuilds the
/// sections; the answer must survive that.
#[derive(Clone, Copy)]
struct Notices {
    limits: RwSignal<Option<RgOutcome>>,
    session: RwSignal<Option<RgOutcome>>,
    alerts: RwSignal<Option<RgOutcome>>,
    exclusion: RwSignal<Option<RgOutcome>>,
    kyc: RwSignal<Option<RgOutcome>>,
}

fn notices() -> Notices {
    use_context::<Notices>().unwrap_or_else(|| Notices {
        limits: RwSignal::new(None),
        session: RwSignal::new(None),
        alerts: RwSignal::new(None),
        exclusion: RwSignal::new(None),
        kyc: RwSignal::new(None),
    })
}

/// The Responsible gaming page.
#[component]
pub fn ResponsibleGaming() -> impl IntoView {
    let session = use_session();
    let rg = use_rg_state();
    provide_context(Notices {
        limits: RwSignal::new(None),
        session: RwSignal::new(None),
        alerts: RwSignal::new(None),
        exclusion: RwSignal::new(None),
        kyc: RwSignal::new(None),
    });
    let data = Resource::new(
        move || (session.revision(), rg.refresh.get()),
        |_| rg_overview(),
    );
    view! {
        <Title text="Responsible gaming · Croupier"/>
        <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl">"Responsible gaming"</h1>
        <p class="mt-2 max-w-2xl text-slate-400">
            "Set limits, take a break and keep track of your play. Lower limits apply at once; higher limits and removals after 24 hours."
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
                                    "Staff accounts have no limits. Compliance tools are in the "
                                    <A href="/backoffice/kyc" attr:class="text-emerald-300 underline">"back office"</A>
                                    "."
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
}

#[component]
fn RgBody(page: RgPage) -> impl IntoView {
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

    let currency = page.currency.clone();
    let currency_label = page.currency.clone();
    let active_exclusion = page.exclusions.iter().find(|e| e.active).cloned();
    let limits = page.limits.clone();
    let settings = page.settings.clone();
    let history = page.history.clone();
    let kyc_status = page.kyc_status.clone();

    view! {
        {active_exclusion
            .map(|e| {
                view! {
                    <div
                        data-testid="rg-excluded"
                        class="mt-6 rounded-2xl border border-amber-400/40 bg-amber-400/10 p-4 text-amber-100"
                    >
                        <p class="font-semibold">
                            {if e.kind == "time_out" { "You are taking a time-out." } else { "You are self-excluded." }}
                        </p>
                        <p class="mt-1 text-sm">
                            {match e.until {
                                Some(u) => format!("Until {} UTC. ", short_time(&u)),
                                None => "Permanently. ".to_owned(),
                            }}
                            "You cannot deposit, bet or play, and you will get no bonuses or offers. You can still withdraw your cash."
                        </p>
                    </div>
                }
            })}

        <section class=format!("{CARD} mt-6") aria-labelledby="limits-title">
            <h2 id="limits-title" class="text-lg font-semibold text-white">"Limits"</h2>
            <p class="mt-1 text-sm text-slate-400">
                "Windows are rolling: a day is the last 24 hours, a week 7 days, a month 30 days. With several limits of one kind the lowest applies."
            </p>
            {if limits.is_empty() {
                view! { <p class="mt-4 text-sm text-slate-400" data-testid="no-limits">"No limits set."</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-4 divide-y divide-slate-800" data-testid="limits">
                        {limits
                            .into_iter()
                            .map(|l| view! { <LimitItem limit=l currency=currency.clone() remove=remove_limit/> })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            <ActionForm action=set_limit attr:class="mt-4 grid gap-3 sm:grid-cols-4 sm:items-end">
                <div class="space-y-1.5">
                    <label for="limit-kind" class="block text-sm font-medium text-slate-200">"Kind"</label>
                    <select id="limit-kind" name="kind" data-testid="limit-kind" class=INPUT>
                        <option value="deposit">"Deposit"</option>
                        <option value="loss">"Loss"</option>
                        <option value="wager">"Wager"</option>
                    </select>
                </div>
                <div class="space-y-1.5">
                    <label for="limit-period" class="block text-sm font-medium text-slate-200">"Period"</label>
                    <select id="limit-period" name="period" data-testid="limit-period" class=INPUT>
                        <option value="day">"Day"</option>
                        <option value="week">"Week"</option>
                        <option value="month">"Month"</option>
                    </select>
                </div>
                <div class="space-y-1.5">
                    <label for="limit-amount" class="block text-sm font-medium text-slate-200">
                        {format!("Limit ({currency_label})")}
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
                    "Save limit"
                </button>
            </ActionForm>
            <Notice outcome=limits_notice/>
        </section>

        <div class="mt-6 grid gap-6 lg:grid-cols-2">
            <SessionSettings settings=settings.clone()/>
            <LossAlertSettings settings=settings currency=page.currency.clone()/>
        </div>

        <Exclusions/>

        <Kyc status=kyc_status/>

        <section class=format!("{CARD} mt-6 overflow-x-auto") aria-labelledby="history-title">
            <h2 id="history-title" class="text-lg font-semibold text-white">"History"</h2>
            {if history.is_empty() {
                view! { <p class="mt-2 text-sm text-slate-400">"No changes yet."</p> }.into_any()
            } else {
                view! {
                    <table class="mt-4 w-full text-left text-sm" data-testid="rg-history">
                        <thead class="text-xs uppercase tracking-wider text-slate-500">
                            <tr>
                                <th scope="col" class="py-2 pr-4">"When"</th>
                                <th scope="col" class="py-2 pr-4">"Limit"</th>
                                <th scope="col" class="py-2 pr-4">"From → to"</th>
                                <th scope="col" class="py-2 pr-4">"Applies"</th>
                                <th scope="col" class="py-2">"By"</th>
                            </tr>
                        </thead>
                        <tbody class="divide-y divide-slate-800">
                            {history
                                .into_iter()
                                .map(|h| {
                                    view! {
                                        <tr>
                                            <td class="py-2 pr-4 text-slate-400">{short_time(&h.created_at)}</td>
                                            <td class="py-2 pr-4">{format!("{} {}", kind_label(&h.kind), period_label(&h.period))}</td>
                                            <td class="py-2 pr-4 tabular-nums">
                                                {format!(
                                                    "{} → {}",
                                                    h.old_amount.unwrap_or_else(|| "none".to_owned()),
                                                    h.new_amount.unwrap_or_else(|| "none".to_owned()),
                                                )}
                                            </td>
                                            <td class="py-2 pr-4 text-slate-400">{short_time(&h.effective_at)}</td>
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
}

/// One limit with its usage, its pending change counting down, and a
/// remove button.
#[component]
fn LimitItem(
    limit: LimitRow,
    currency: String,
    remove: ServerAction<RgRemoveLimit>,
) -> impl IntoView {
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
                    {format!("{} {}", kind_label(&limit.kind), period_label(&limit.period))}
                    <span class="ml-2 tabular-nums text-emerald-300" data-testid="limit-amount-shown">
                        {format!("{} {}", limit.amount, currency)}
                    </span>
                </p>
                <p class="text-sm text-slate-400 tabular-nums">
                    {format!("Used {} · left {}", limit.used, limit.remaining)}
                </p>
                {pending
                    .map(|(amount, at)| {
                        view! {
                            <p class="mt-1 text-sm text-amber-200" data-testid="limit-pending">
                                {match amount {
                                    Some(a) => format!("Changes to {a} on {} UTC", short_time(&at)),
                                    None => format!("Removed on {} UTC", short_time(&at)),
                                }}
                                " · in "
                                <span class="tabular-nums" data-testid="limit-countdown">{countdown}</span>
                            </p>
                        }
                    })}
            </div>
            <ActionForm action=remove>
                <input type="hidden" name="kind" value=kind/>
                <input type="hidden" name="period" value=period/>
                <button type="submit" class=BUTTON_SECONDARY data-testid="limit-remove">"Remove"</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn SessionSettings(settings: crate::api::responsible_gaming::SettingsRow) -> impl IntoView {
    let rg = use_rg_state();
    let save = ServerAction::<RgUpdateSettings>::new();
    let notice = notices().session;
    settle(move || save.value().get(), notice, rg.refresh);
    let fmt = |v: Option<u32>| v.map(|m| m.to_string()).unwrap_or_default();
    view! {
        <section class=CARD aria-labelledby="session-title">
            <h2 id="session-title" class="text-lg font-semibold text-white">"Session and reality checks"</h2>
            <p class="mt-1 text-sm text-slate-400">
                "A reality check pauses play at the interval you choose (10 minutes to 8 hours) and shows your time and result. A session limit stops play and starts a break; a longer limit or a shorter break applies after 24 hours."
            </p>
            {settings
                .mandatory_reality_check_minutes
                .map(|m| {
                    view! {
                        <p class="mt-2 text-sm text-amber-200">
                            {format!("Your country requires a reality check at least every {m} minutes.")}
                        </p>
                    }
                })}
            <ActionForm action=save attr:class="mt-4 grid gap-3 sm:grid-cols-3 sm:items-end">
                <div class="space-y-1.5">
                    <label for="rc-minutes" class="block text-sm font-medium text-slate-200">"Reality check (min, 0 = off)"</label>
                    <input id="rc-minutes" name="reality_check_minutes" type="number" min="0" max="480" inputmode="numeric"
                        value=fmt(settings.reality_check_minutes) data-testid="reality-check-minutes" class=INPUT/>
                </div>
                <div class="space-y-1.5">
                    <label for="session-minutes" class="block text-sm font-medium text-slate-200">"Session limit (min, 0 = off)"</label>
                    <input id="session-minutes" name="session_limit_minutes" type="number" min="0" max="1440" inputmode="numeric"
                        value=fmt(settings.session_limit_minutes) data-testid="session-limit-minutes" class=INPUT/>
                </div>
                <div class="space-y-1.5">
                    <label for="break-minutes" class="block text-sm font-medium text-slate-200">"Break after it (min)"</label>
                    <input id="break-minutes" name="session_break_minutes" type="number" min="1" max="1440" inputmode="numeric"
                        value=fmt(settings.session_break_minutes) data-testid="session-break-minutes" class=INPUT/>
                </div>
                <button type="submit" class=BUTTON_PRIMARY data-testid="session-save" disabled=move || save.pending().get()>
                    "Save session settings"
                </button>
            </ActionForm>
            {settings
                .pending_session_limit
                .clone()
                .map(|(minutes, at)| {
                    view! {
                        <p class="mt-3 text-sm text-amber-200" data-testid="session-limit-pending">
                            {match minutes {
                                Some(m) => format!("Your session limit changes to {m} minutes on {} UTC (24-hour cooling-off).", short_time(&at)),
                                None => format!("Your session limit is removed on {} UTC (24-hour cooling-off).", short_time(&at)),
                            }}
                        </p>
                    }
                })}
            <Notice outcome=notice/>
        </section>
    }
}

#[component]
fn LossAlertSettings(
    settings: crate::api::responsible_gaming::SettingsRow,
    currency: String,
) -> impl IntoView {
    let rg = use_rg_state();
    let save = ServerAction::<RgUpdateSettings>::new();
    let notice = notices().alerts;
    settle(move || save.value().get(), notice, rg.refresh);
    let period = settings.loss_alert_period.clone();
    view! {
        <section class=CARD aria-labelledby="alert-title">
            <h2 id="alert-title" class="text-lg font-semibold text-white">"Loss alerts"</h2>
            <p class="mt-1 text-sm text-slate-400">
                "We tell you when your net loss in the window passes this amount. Type off to switch it off."
            </p>
            {settings
                .operator_loss_alert
                .map(|a| {
                    view! {
                        <p class="mt-2 text-sm text-slate-400">{format!("We also watch a threshold of {a} {currency}.")}</p>
                    }
                })}
            <ActionForm action=save attr:class="mt-4 grid gap-3 sm:grid-cols-3 sm:items-end">
                <div class="space-y-1.5">
                    <label for="alert-amount" class="block text-sm font-medium text-slate-200">"Alert at"</label>
                    <input id="alert-amount" name="loss_alert" type="text" inputmode="decimal" autocomplete="off"
                        value=settings.loss_alert.unwrap_or_default() placeholder="50.00" data-testid="loss-alert" class=INPUT/>
                </div>
                <div class="space-y-1.5">
                    <label for="alert-period" class="block text-sm font-medium text-slate-200">"Window"</label>
                    <select id="alert-period" name="loss_alert_period" class=INPUT data-testid="loss-alert-period">
                        {["day", "week", "month"]
                            .into_iter()
                            .map(|p| view! { <option value=p selected=p == period>{period_label(p)}</option> })
                            .collect_view()}
                    </select>
                </div>
                <button type="submit" class=BUTTON_PRIMARY data-testid="loss-alert-save">"Save alert"</button>
            </ActionForm>
            <Notice outcome=notice/>
        </section>
    }
}

/// Time-out and self-exclusion, each behind a confirmation step.
#[component]
fn Exclusions() -> impl IntoView {
    let rg = use_rg_state();
    let exclude = ServerAction::<RgExclude>::new();
    let notice = notices().exclusion;
    settle(move || exclude.value().get(), notice, rg.refresh);
    // The choice waiting for confirmation: (kind, duration, description).
    let chosen = RwSignal::new(None::<(String, String, String)>);
    let kind = RwSignal::new("time_out".to_owned());
    let duration = RwSignal::new("1".to_owned());
    let describe = move |k: &str, d: &str| match (k, d) {
        ("time_out", d) => format!("a time-out of {d} day(s)"),
        (_, "permanent") => "a permanent self-exclusion".to_owned(),
        (_, m) => format!("a self-exclusion of {m} months"),
    };
    Effect::new(move |_| {
        if exclude.value().get().is_some_and(|r| r.is_ok_and(|o| o.ok)) {
            chosen.set(None);
        }
    });
    view! {
        <section class=format!("{CARD} mt-6") aria-labelledby="exclusion-title">
            <h2 id="exclusion-title" class="text-lg font-semibold text-white">"Take a break"</h2>
            <p class="mt-1 text-sm text-slate-400">
                "A time-out (1 to 42 days) or a self-exclusion (6 months to 5 years, or permanent) starts at once, on every device, and cannot be shortened. You will get no bonuses or offers; you can still withdraw your cash."
            </p>
            <div class="mt-4 grid gap-3 sm:grid-cols-3 sm:items-end">
                <div class="space-y-1.5">
                    <label for="exclusion-kind" class="block text-sm font-medium text-slate-200">"Type"</label>
                    <select id="exclusion-kind" class=INPUT data-testid="exclusion-kind"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            duration.set(if v == "time_out" { "1".to_owned() } else { "6".to_owned() });
                            kind.set(v);
                        }>
                        <option value="time_out">"Time-out"</option>
                        <option value="self_exclusion">"Self-exclusion"</option>
                    </select>
                </div>
                <div class="space-y-1.5">
                    <label for="exclusion-duration" class="block text-sm font-medium text-slate-200">"How long"</label>
                    <select id="exclusion-duration" class=INPUT data-testid="exclusion-duration"
                        prop:value=move || duration.get()
                        on:change=move |ev| duration.set(event_target_value(&ev))>
                        {move || {
                            if kind.get() == "time_out" {
                                [1, 2, 3, 7, 14, 30, 42]
                                    .into_iter()
                                    .map(|d| (d.to_string(), format!("{d} day(s)")))
                                    .collect::<Vec<_>>()
                            } else {
                                [6, 12, 24, 36, 60]
                                    .into_iter()
                                    .map(|m| (m.to_string(), format!("{m} months")))
                                    .chain([("permanent".to_owned(), "Permanent".to_owned())])
                                    .collect::<Vec<_>>()
                            }
                                .into_iter()
                                .map(|(v, t)| view! { <option value=v>{t}</option> })
                                .collect_view()
                        }}
                    </select>
                </div>
                <button type="button" class=BUTTON_SECONDARY data-testid="exclusion-start"
                    on:click=move |_| {
                        let (k, d) = (kind.get_untracked(), duration.get_untracked());
                        let text = describe(&k, &d);
                        chosen.set(Some((k, d, text)));
                    }>
                    "Continue"
                </button>
            </div>
            {move || {
                chosen.get().map(|(k, d, text)| {
                    view! {
                        <div class="mt-4 rounded-xl border border-amber-400/40 bg-amber-400/10 p-4" data-testid="exclusion-confirm">
                            <p class="font-semibold text-amber-100">{format!("Start {text} now?")}</p>
                            <p class="mt-1 text-sm text-amber-100/80">
                                "It takes effect at once and cannot be undone or shortened."
                            </p>
                            <ActionForm action=exclude attr:class="mt-3 flex flex-wrap items-center gap-3">
                                <input type="hidden" name="kind" value=k/>
                                <input type="hidden" name="duration" value=d/>
                                <label class="flex items-center gap-2 text-sm text-amber-100">
                                    <input type="checkbox" name="confirm" required=true data-testid="exclusion-confirm-box"/>
                                    "I understand"
                                </label>
                                <button type="submit" class=BUTTON_PRIMARY data-testid="exclusion-confirm-submit">
                                    "Confirm"
                                </button>
                                <button type="button" class=BUTTON_SECONDARY on:click=move |_| chosen.set(None)>
                                    "Cancel"
                                </button>
                            </ActionForm>
                        </div>
                    }
                })
            }}
            <Notice outcome=notice/>
        </section>
    }
}

/// Identity documents for verification, labelled with the provider the
/// server is configured with (a test provider says so).
#[component]
fn Kyc(status: String) -> impl IntoView {
    let rg = use_rg_state();
    let submit = ServerAction::<RgSubmitKyc>::new();
    let notice = notices().kyc;
    settle(move || submit.value().get(), notice, rg.refresh);
    let can_submit = status == "unverified" || status == "rejected";
    let provider = Resource::new(|| (), |_| kyc_provider());
    view! {
        <section class=format!("{CARD} mt-6") aria-labelledby="kyc-title">
            <h2 id="kyc-title" class="text-lg font-semibold text-white">"Identity check"</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    provider.await.ok().map(|p| {
                        let note = if p.is_sandbox {
                            " No real identity is checked: do not enter a real document."
                        } else {
                            ""
                        };
                        view! {
                            <p class="mt-1 text-sm text-slate-400" data-testid="kyc-provider">
                                {format!("Checked by: {}.{note}", p.display_name)}
                            </p>
                        }
                    })
                })}
            </Suspense>
            <p class="mt-1 text-sm text-slate-400">
                "Status: "
                <span class="font-medium text-slate-100" data-testid="kyc-status">{status.replace('_', " ")}</span>
                ". We keep only the last four characters of the document number."
            </p>
            {can_submit
                .then(|| {
                    view! {
                        <ActionForm action=submit attr:class="mt-4 grid gap-3 sm:grid-cols-2">
                            <div class="space-y-1.5">
                                <label for="doc-type" class="block text-sm font-medium text-slate-200">"Document"</label>
                                <select id="doc-type" name="document_type" class=INPUT data-testid="kyc-document-type">
                                    <option value="passport">"Passport"</option>
                                    <option value="id_card">"Identity card"</option>
                                    <option value="driving_licence">"Driving licence"</option>
                                </select>
                            </div>
                            <div class="space-y-1.5">
                                <label for="doc-country" class="block text-sm font-medium text-slate-200">"Issued in (country code)"</label>
                                <input id="doc-country" name="document_country" maxlength="2" required=true placeholder="MT" class=INPUT data-testid="kyc-document-country"/>
                            </div>
                            <div class="space-y-1.5">
                                <label for="doc-number" class="block text-sm font-medium text-slate-200">"Document number"</label>
                                <input id="doc-number" name="document_number" required=true autocomplete="off" class=INPUT data-testid="kyc-document-number"/>
                            </div>
                            <div class="space-y-1.5">
                                <label for="doc-name" class="block text-sm font-medium text-slate-200">"Full name as on the document"</label>
                                <input id="doc-name" name="full_name" required=true autocomplete="name" class=INPUT data-testid="kyc-full-name"/>
                            </div>
                            <button type="submit" class=BUTTON_PRIMARY data-testid="kyc-submit">"Send for checking"</button>
                        </ActionForm>
                    }
                })}
            <Notice outcome=notice/>
        </section>
    }
}

/// The deposit-limit prompt: shown to a signed-in player who has neither
/// set a deposit limit nor declined. Not modal: it sits under the header.
#[component]
pub fn DepositLimitPrompt() -> impl IntoView {
    let session = use_session();
    let rg = use_rg_state();
    let answer = ServerAction::<RgAnswerPrompt>::new();
    let data = Resource::new(
        move || (session.revision(), rg.refresh.get(), answer.version().get()),
        |_| rg_overview(),
    );
    let failure = RwSignal::new(None::<String>);
    Effect::new(move |_| match answer.value().get() {
        Some(Ok(o)) if o.ok => {
            failure.set(None);
            rg.refresh.update(|n| *n += 1);
        }
        Some(Ok(o)) => failure.set(Some(o.message)),
        Some(Err(_)) => failure.set(Some("Something went wrong. Please try again.".to_owned())),
        None => {}
    });
    view! {
        <Transition fallback=|| ()>
            {move || {
                data.get()
                    .and_then(Result::ok)
                    .flatten()
                    .filter(|p| {
                        !p.settings.deposit_limit_prompt_answered
                            && !p.limits.iter().any(|l| l.kind == "deposit")
                            && !p.exclusions.iter().any(|e| e.active)
                    })
                    .map(|p| {
                        let mandatory = p.settings.deposit_limit_prompt_mandatory;
                        view! {
                            <aside
                                aria-label="Set a spending cap"
                                data-testid="deposit-limit-prompt"
                                class="mx-auto mt-4 w-full max-w-6xl px-4"
                            >
                                <div class="rounded-2xl border border-emerald-400/30 bg-emerald-400/5 p-4">
                                    <p class="font-semibold text-white">"Set a cap on what you pay in?"</p>
                                    <p class="mt-1 text-sm text-slate-300">
                                        {if mandatory {
                                            "Your country requires one before your first payment. You can lower it at any time; raising it takes 24 hours."
                                        } else {
                                            "You can lower it at any time; raising it takes 24 hours."
                                        }}
                                    </p>
                                    <ActionForm action=answer attr:class="mt-3 flex flex-wrap items-end gap-3">
                                        <input
                                            name="amount"
                                            type="text"
                                            inputmode="decimal"
                                            autocomplete="off"
                                            placeholder=format!("500.00 {}", p.currency)
                                            aria-label="Cap"
                                            data-testid="prompt-cap"
                                            class=format!("{INPUT} max-w-40")
                                        />
                                        <select name="period" aria-label="Window" class=format!("{INPUT} max-w-36") data-testid="prompt-period">
                                            <option value="day">"per day"</option>
                                            <option value="week">"per week"</option>
                                            <option value="month" selected=true>"per month"</option>
                                        </select>
                                        <button type="submit" class=BUTTON_PRIMARY data-testid="prompt-save">"Set cap"</button>
                                    </ActionForm>
                                    {(!mandatory)
                                        .then(|| {
                                            view! {
                                                <ActionForm action=answer attr:class="mt-2">
                                                    <button type="submit" class="text-sm text-slate-400 underline hover:text-slate-200" data-testid="prompt-decline">
                                                        "No thanks"
                                                    </button>
                                                </ActionForm>
                                            }
                                        })}
                                    {move || failure.get().map(|m| view! { <p class="mt-2 text-sm text-rose-300">{m}</p> })}
                                </div>
                            </aside>
                        }
                    })
            }}
        </Transition>
    }
}

/// The reality-check and session-break dialog: blocks the page while a
/// reality check waits for acknowledgement or a session break runs.
#[component]
pub fn RealityCheckDialog() -> impl IntoView {
    let session = use_session();
    let rg = use_rg_state();
    let acknowledge = ServerAction::<RgAcknowledge>::new();
    // Fetched in the browser only: the dialog is never part of the server's
    // HTML, and its timing starts when the answer arrives on the page.
    let data = LocalResource::new(move || {
        let _ = (session.revision(), rg.refresh.get());
        rg_session()
    });
    // The session as last answered, with the page clock when it arrived.
    let base = RwSignal::new(None::<(f64, SessionRow)>);
    Effect::new(move |_| {
        if let Some(Ok(row)) = data.get() {
            base.set(row.map(|r| (now_ms(), r)));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(Some(mut row))) = acknowledge.value().get() {
            // Count the next interval from this acknowledgement on this page.
            if let Some(rc) = row.reality_check.as_mut() {
                rc.due_in_ms = rc.due_in_ms.max(i64::from(rc.interval_minutes) * 60_000);
            }
            base.set(Some((now_ms(), row)));
        }
    });
    let elapsed_ms = move || {
        base.get()
            .map(|(at, _)| (rg.clock.get() - at).max(0.0) as i64)
            .unwrap_or(0)
    };
    let due = move || {
        base.get().and_then(|(_, row)| {
            let rc = row.reality_check.clone()?;
            (elapsed_ms() >= rc.due_in_ms).then_some((rc, row.currency))
        })
    };
    let on_break = move || {
        base.get().and_then(|(_, row)| {
            let left = row.break_left_ms? - elapsed_ms();
            (left > 0).then_some(left)
        })
    };
    view! {
        {move || {
            if let Some(left) = on_break() {
                return view! {
                    <div class="fixed inset-0 z-50 flex items-center justify-center bg-slate-950/90 p-4">
                        <div role="dialog" aria-modal="true" aria-labelledby="break-title" data-testid="session-break"
                            class="w-full max-w-md rounded-2xl border border-slate-700 bg-slate-900 p-6 text-center">
                            <h2 id="break-title" class="text-xl font-semibold text-white">"Time for a break"</h2>
                            <p class="mt-2 text-slate-300">"You reached your session limit. Play resumes in"</p>
                            <p class="mt-3 text-3xl font-bold tabular-nums text-emerald-300" data-testid="break-countdown">
                                {duration_text(left / 1000)}
                            </p>
                            <A href="/responsible-gaming" attr:class=format!("{BUTTON_SECONDARY} mt-6")>"Responsible gaming"</A>
                        </div>
                    </div>
                }
                    .into_any();
            }
            match due() {
                Some((rc, currency)) => {
                    let played = rc.time_played_secs + elapsed_ms() / 1000;
                    let net = rc.net.clone();
                    let won = !net.starts_with('-');
                    view! {
                        <div class="fixed inset-0 z-50 flex items-center justify-center bg-slate-950/90 p-4">
                            <div role="dialog" aria-modal="true" aria-labelledby="rc-title" data-testid="reality-check"
                                class="w-full max-w-md rounded-2xl border border-slate-700 bg-slate-900 p-6">
                                <h2 id="rc-title" class="text-xl font-semibold text-white">"Reality check"</h2>
                                <dl class="mt-4 grid grid-cols-2 gap-3 text-sm">
                                    <dt class="text-slate-400">"Time played"</dt>
                                    <dd class="text-right font-semibold tabular-nums text-white" data-testid="rc-time-played">
                                        {duration_text(played)}
                                    </dd>
                                    <dt class="text-slate-400">"Session result"</dt>
                                    <dd class=if won { "text-right font-semibold tabular-nums text-emerald-300" } else { "text-right font-semibold tabular-nums text-rose-300" }
                                        data-testid="rc-net">
                                        {format!("{net} {currency}")}
                                    </dd>
                                    <dt class="text-slate-400">"Staked / won"</dt>
                                    <dd class="text-right tabular-nums text-slate-300">{format!("{} / {}", rc.stakes, rc.winnings)}</dd>
                                </dl>
                                <p class="mt-4 text-sm text-slate-400">"Play is paused until you continue."</p>
                                <div class="mt-6 flex flex-wrap justify-end gap-3">
                                    <A href="/responsible-gaming" attr:class=BUTTON_SECONDARY>"Set limits"</A>
                                    <button type="button" class=BUTTON_PRIMARY data-testid="rc-continue"
                                        disabled=move || acknowledge.pending().get()
                                        on:click=move |_| {
                                            acknowledge.dispatch(RgAcknowledge {});
                                        }>
                                        "Continue"
                                    </button>
                                </div>
                            </div>
                        </div>
                    }
                        .into_any()
                }
                // A scheduled check leaves a hidden marker with its interval,
                // so a test can tell when the page has the current schedule.
                None => match base.get().and_then(|(_, row)| row.reality_check) {
                    Some(rc) => view! {
                        <span hidden data-testid="rc-scheduled" data-interval-minutes=rc.interval_minutes.to_string()></span>
                    }
                        .into_any(),
                    None => ().into_any(),
                },
            }
        }}
    }
}

/// A loss alert as the toast shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LossAlertShown {
    /// Net loss in the window.
    pub net_loss: String,
    /// The threshold crossed.
    pub threshold: String,
    /// Currency code.
    pub currency: String,
    /// `day`, `week` or `month`.
    pub period: String,
    /// `player` or `operator`.
    pub source: String,
}

/// The loss-alert toast: `rg.loss_alert` events pushed on the player's
/// websocket topic `player:{id}` appear here until dismissed.
#[component]
pub fn LossAlertToast() -> impl IntoView {
    let alert = RwSignal::new(None::<LossAlertShown>);
    #[cfg(feature = "hydrate")]
    alerts_socket::watch(use_session(), alert, use_rg_state().refresh);
    view! {
        {move || {
            alert
                .get()
                .map(|a| {
                    let window = match a.period.as_str() {
                        "day" => "24 hours",
                        "week" => "7 days",
                        _ => "30 days",
                    };
                    let whose = if a.source == "operator" { "our" } else { "your" };
                    view! {
                        <div
                            role="status"
                            aria-live="polite"
                            data-testid="loss-alert-toast"
                            class="fixed bottom-4 right-4 z-40 max-w-sm rounded-2xl border border-amber-400/40 bg-slate-900 p-4 shadow-xl"
                        >
                            <p class="font-semibold text-amber-200">"Loss alert"</p>
                            <p class="mt-1 text-sm text-slate-200">
                                {format!(
                                    "You have lost {} {} in the last {window}, past {whose} alert of {} {}.",
                                    a.net_loss,
                                    a.currency,
                                    a.threshold,
                                    a.currency,
                                )}
                            </p>
                            <div class="mt-3 flex flex-wrap gap-3">
                                <A href="/responsible-gaming" attr:class=BUTTON_SECONDARY>
                                    "Set limits"
                                </A>
                                <button type="button" class=BUTTON_SECONDARY on:click=move |_| alert.set(None)>
                                    "Dismiss"
                                </button>
                            </div>
                        </div>
                    }
                })
        }}
    }
}

#[cfg(feature = "hydrate")]
mod alerts_socket {
    //! The browser side of loss alerts: one websocket subscribed to
    //! `player:{id}`, reconnecting with a bounded back-off.

    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    use std::time::Duration;

    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{MessageEvent, WebSocket};

    use super::LossAlertShown;
    use crate::session::Session;

    /// Longest wait before a reconnect.
    const MAX_BACKOFF_MS: u64 = 30_000;

    #[derive(Clone, Copy)]
    struct Sinks {
        alert: RwSignal<Option<LossAlertShown>>,
        refresh: RwSignal<u64>,
    }

    /// The current connection's generation and socket.
    #[derive(Clone, Default)]
    struct Slot {
        generation: Rc<Cell<u64>>,
        socket: Rc<RefCell<Option<WebSocket>>>,
    }

    impl Slot {
        fn renew(&self) -> u64 {
            self.generation.set(self.generation.get() + 1);
            if let Some(old) = self.socket.borrow_mut().take() {
                old.set_onclose(None);
                let _ = old.close();
            }
            self.generation.get()
        }

        fn is_current(&self, generation: u64) -> bool {
            self.generation.get() == generation
        }
    }

    /// Connects whenever a player is signed in.
    pub fn watch(
        session: Session,
        alert: RwSignal<Option<LossAlertShown>>,
        refresh: RwSignal<u64>,
    ) {
        let slot = Slot::default();
        let sinks = Sinks { alert, refresh };
        Effect::new(move |_| {
            let player = session
                .user
                .get()
                .and_then(Result::ok)
                .flatten()
                .filter(|u| !u.is_staff())
                .map(|u| u.user_id);
            let generation = slot.renew();
            if let Some(player) = player {
                connect(sinks, player, slot.clone(), generation, 0);
            }
        });
    }

    fn url() -> Option<String> {
        let location = window().location();
        let scheme = if location.protocol().ok()? == "https:" {
            "wss"
        } else {
            "ws"
        };
        Some(format!("{scheme}://{}/ws", location.host().ok()?))
    }

    fn connect(sinks: Sinks, player: String, slot: Slot, generation: u64, attempt: u32) {
        if !slot.is_current(generation) {
            return;
        }
        let Some(url) = url() else { return };
        let Ok(ws) = WebSocket::new(&url) else {
            retry(sinks, player, slot, generation, attempt);
            return;
        };
        let opened = Rc::new(Cell::new(false));
        let on_open = {
            let ws = ws.clone();
            let opened = opened.clone();
            let frame = serde_json::json!({"op": "subscribe", "topic": format!("player:{player}")})
                .to_string();
            Closure::<dyn FnMut()>::new(move || {
                opened.set(true);
                let _ = ws.send_with_str(&frame);
            })
        };
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        on_open.forget();

        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(text) = event.data().as_string() else {
                return;
            };
            let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
                return;
            };
            if value["type"] != "event" || value["kind"] != "rg.loss_alert" {
                return;
            }
            let payload = &value["payload"];
            let field = |name: &str| payload[name].as_str().unwrap_or_default().to_owned();
            sinks.alert.set(Some(LossAlertShown {
                net_loss: field("net_loss"),
                threshold: field("threshold"),
                currency: field("currency"),
                period: field("period"),
                source: field("source"),
            }));
            sinks.refresh.update(|n| *n += 1);
        });
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();

        let on_close = {
            let slot = slot.clone();
            Closure::<dyn FnMut()>::new(move || {
                let next = if opened.get() { 0 } else { attempt + 1 };
                retry(sinks, player.clone(), slot.clone(), generation, next);
            })
        };
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        on_close.forget();
        *slot.socket.borrow_mut() = Some(ws);
    }

    fn retry(sinks: Sinks, player: String, slot: Slot, generation: u64, attempt: u32) {
        if !slot.is_current(generation) {
            return;
        }
        let delay = (500u64 << attempt.min(6)).min(MAX_BACKOFF_MS);
        set_timeout(
            move || connect(sinks, player, slot, generation, attempt),
            Duration::from_millis(delay),
        );
    }
}
