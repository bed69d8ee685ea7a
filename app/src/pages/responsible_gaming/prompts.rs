//! The app-wide pieces that ask the player something: the deposit-limit
//! prompt (until answered) and the reality-check / session-break dialog that
//! blocks play until acknowledged (or until the break ends).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::responsible_gaming::{
    RgAcknowledge, RgAnswerPrompt, SessionRow, rg_overview, rg_session,
};
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, INPUT};
use crate::session::use_session;

use super::{duration_text, now_ms, use_rg_state};

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
