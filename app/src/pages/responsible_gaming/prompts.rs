//! The app-wide pieces that ask the player something: the deposit-limit
//! prompt (until answered) and the reality-check / session-break dialog that
//! blocks play until acknowledged (or until the break ends).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::api::responsible_gaming::{
    RgAcknowledge, RgAnswerPrompt, SessionRow, rg_prompt, rg_session,
};
use crate::components::inputs::submit_form;
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, INPUT};
use crate::format::money;
use crate::i18n::{Msg, messages, use_locale};
use crate::session::use_session;

use super::{duration_text, now_ms, use_rg_state};

/// Where the deposit-limit prompt may show: the page a player lands on
/// after signing in or registering, and the wallet, where deposits are
/// made. Never on `/responsible-gaming`, whose limits form asks the same.
const PROMPT_PATHS: [&str; 2] = ["/account", "/wallet"];

/// Whether the prompt shows on `path`, given the page it was first shown
/// on in this tab (`seen_on`), whether the player put it off for this
/// visit, and whether the jurisdiction requires a cap before paying in.
/// It shows once per visit: on the first eligible page, and after that only
/// on the wallet while a cap is mandatory (a deposit needs one).
fn prompt_shows(path: &str, seen_on: Option<&str>, later: bool, mandatory: bool) -> bool {
    let eligible = PROMPT_PATHS.contains(&path);
    if !eligible {
        return false;
    }
    if mandatory && path == "/wallet" {
        return true;
    }
    !later && seen_on.is_none_or(|seen| seen == path)
}

/// The deposit-limit prompt: a compact strip under the header asking a
/// signed-in player who has neither set a deposit limit nor declined for
/// a cap, with the cap's amount and window on one line. Not modal, and
/// shown once per visit (see [`prompt_shows`]); "Not now" hides it for
/// the visit, "No thanks" declines for good (where allowed).
#[component]
pub fn DepositLimitPrompt() -> impl IntoView {
    let l = use_locale();
    let session = use_session();
    let rg = use_rg_state();
    let location = use_location();
    let answer = ServerAction::<RgAnswerPrompt>::new();
    let data = crate::resource::resource(
        move || (session.revision(), rg.refresh.get(), answer.version().get()),
        |_| rg_prompt(),
    );
    let failure = RwSignal::new(None::<String>);
    Effect::new(move |_| match answer.value().get() {
        Some(Ok(o)) if o.ok => {
            failure.set(None);
            rg.refresh.update(|n| *n += 1);
        }
        Some(Ok(o)) => failure.set(Some(o.message)),
        Some(Err(_)) => failure.set(Some(l.t(Msg::SomethingWrong).to_owned())),
        None => {}
    });
    // The page the prompt was first shown on in this tab.
    let shown_here = move |mandatory: bool| {
        let path = location.pathname.get();
        rg.prompt_seen_on
            .with(|seen| prompt_shows(&path, seen.as_deref(), rg.prompt_later.get(), mandatory))
    };
    view! {
        <Transition fallback=|| ()>
            {move || {
                data.get()
                    .and_then(Result::ok)
                    .flatten()
                    .filter(|p| shown_here(p.mandatory))
                    .map(|p| {
                        let mandatory = p.mandatory;
                        let currency = p.currency.clone();
                        // A deposit needs a cap here: it cannot be put off.
                        let required_here = mandatory && location.pathname.get_untracked() == "/wallet";
                        // Remember where it showed first (browser only:
                        // effects do not run on the server).
                        Effect::new(move |_| {
                            let path = location.pathname.get_untracked();
                            if rg.prompt_seen_on.with_untracked(Option::is_none) {
                                rg.prompt_seen_on.set(Some(path));
                            }
                        });
                        view! {
                            <aside
                                aria-label=l.t(Msg::DepositCap)
                                data-testid="deposit-limit-prompt"
                                class="mx-auto mt-3 w-full max-w-6xl px-4"
                            >
                                <div class="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-xl border border-emerald-400/30 bg-emerald-400/5 px-3 py-2.5 text-sm">
                                    <p class="min-w-0 flex-1 basis-64 text-slate-300">
                                        <span class="font-semibold text-white">{l.t(Msg::SetCapQuestion)}</span>
                                        {l.t(if mandatory { Msg::CapMandatory } else { Msg::CapOptional })}
                                    </p>
                                    <form
                                        action={<RgAnswerPrompt as leptos::server_fn::ServerFn>::url()}
                                        method="post"
                                        class="flex items-center gap-2"
                                        on:submit=submit_form(answer)
                                    >
                                        <input
                                            name="amount"
                                            type="text"
                                            inputmode="decimal"
                                            autocomplete="off"
                                            placeholder="500.00"
                                            aria-label=messages::cap_in(l, &currency)
                                            data-testid="prompt-cap"
                                            class=format!("{INPUT} w-24 py-1.5")
                                        />
                                        <select name="period" aria-label=l.t(Msg::Window) class=format!("{INPUT} w-auto py-1.5") data-testid="prompt-period">
                                            <option value="day">{l.t(Msg::ADay)}</option>
                                            <option value="week">{l.t(Msg::AWeek)}</option>
                                            <option value="month" selected=true>{l.t(Msg::AMonth)}</option>
                                        </select>
                                        <button type="submit" class=format!("{BUTTON_PRIMARY} px-3 py-1.5") data-testid="prompt-save">{l.t(Msg::SetCap)}</button>
                                    </form>
                                    <div class="flex items-center gap-3">
                                        {(!mandatory)
                                            .then(|| {
                                                view! {
                                                    <ActionForm action=answer>
                                                        <button type="submit" class="text-slate-400 underline hover:text-slate-200" data-testid="prompt-decline">
                                                            {l.t(Msg::NoThanks)}
                                                        </button>
                                                    </ActionForm>
                                                }
                                            })}
                                        {(!required_here)
                                            .then(|| {
                                                view! {
                                                    <button
                                                        type="button"
                                                        class="text-slate-400 underline hover:text-slate-200"
                                                        data-testid="prompt-later"
                                                        on:click=move |_| rg.prompt_later.set(true)
                                                    >
                                                        {l.t(Msg::NotNow)}
                                                    </button>
                                                }
                                            })}
                                    </div>
                                    {move || failure.get().map(|m| view! { <p role="alert" class="basis-full text-rose-300">{m}</p> })}
                                </div>
                            </aside>
                        }
                    })
            }}
        </Transition>
    }
    // Erased: the prompt sits in the app's root view, whose type would
    // otherwise grow past the compiler's limits.
    .into_any()
}

/// The reality-check and session-break dialog: blocks the page while a
/// reality check waits for acknowledgement or a session break runs.
#[component]
pub fn RealityCheckDialog() -> impl IntoView {
    let l = use_locale();
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
                            <h2 id="break-title" class="text-xl font-semibold text-white">{l.t(Msg::TimeForBreak)}</h2>
                            <p class="mt-2 text-slate-300">{l.t(Msg::BreakNote)}</p>
                            <p class="mt-3 text-3xl font-bold tabular-nums text-emerald-300" data-testid="break-countdown">
                                {duration_text(left / 1000)}
                            </p>
                            <A href="/responsible-gaming" attr:class=format!("{BUTTON_SECONDARY} mt-6")>{l.t(Msg::ResponsibleGaming)}</A>
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
                                <h2 id="rc-title" class="text-xl font-semibold text-white">{l.t(Msg::RealityCheck)}</h2>
                                <dl class="mt-4 grid grid-cols-2 gap-3 text-sm">
                                    <dt class="text-slate-400">{l.t(Msg::TimePlayed)}</dt>
                                    <dd class="text-right font-semibold tabular-nums text-white" data-testid="rc-time-played">
                                        {duration_text(played)}
                                    </dd>
                                    <dt class="text-slate-400">{l.t(Msg::SessionResult)}</dt>
                                    <dd class=if won { "text-right font-semibold tabular-nums text-emerald-300" } else { "text-right font-semibold tabular-nums text-rose-300" }
                                        data-testid="rc-net">
                                        {money(&net, &currency)}
                                    </dd>
                                    <dt class="text-slate-400">{l.t(Msg::StakedWon)}</dt>
                                    <dd class="text-right tabular-nums text-slate-300">{format!("{} / {}", money(&rc.stakes, &currency), money(&rc.winnings, &currency))}</dd>
                                </dl>
                                <p class="mt-4 text-sm text-slate-400">{l.t(Msg::PlayPaused)}</p>
                                <div class="mt-6 flex flex-wrap justify-end gap-3">
                                    <A href="/responsible-gaming" attr:class=BUTTON_SECONDARY>{l.t(Msg::SetLimitsButton)}</A>
                                    <button type="button" class=BUTTON_PRIMARY data-testid="rc-continue"
                                        disabled=move || acknowledge.pending().get()
                                        on:click=move |_| {
                                            acknowledge.dispatch(RgAcknowledge {});
                                        }>
                                        {l.t(Msg::Continue)}
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
    // Erased, as the prompt: part of the app's root view.
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::prompt_shows;

    #[test]
    fn the_prompt_shows_once_per_visit_and_never_over_the_limits_form() {
        // First eligible page of the visit.
        assert!(prompt_shows("/account", None, false, false));
        // Not on other pages, nor over the limits form.
        assert!(!prompt_shows("/sports", None, false, false));
        assert!(!prompt_shows("/responsible-gaming", None, false, false));
        // Seen on the account page: not again on the wallet...
        assert!(prompt_shows("/account", Some("/account"), false, false));
        assert!(!prompt_shows("/wallet", Some("/account"), false, false));
        // ...unless a cap is required before paying in.
        assert!(prompt_shows("/wallet", Some("/account"), true, true));
        // Put off for the visit.
        assert!(!prompt_shows("/account", None, true, false));
    }
}
