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
//!
//! Modules: `page` (the page and its limit and settings sections),
//! `exclusions`, `kyc`, `prompts` (deposit-limit prompt, reality-check
//! dialog) and `loss_alert` (the toast); the state and small pieces they
//! share live here.

mod exclusions;
mod kyc;
mod loss_alert;
mod page;
mod prompts;

pub(crate) use kyc::status_label as kyc_status_label;
pub use loss_alert::LossAlertToast;
pub use page::ResponsibleGaming;
pub use prompts::{DepositLimitPrompt, RealityCheckDialog};

use leptos::prelude::*;

use crate::api::responsible_gaming::RgOutcome;
use crate::i18n::{Locale, Msg, use_locale};

/// App-wide responsible-gaming state: a refresh counter bumped after
/// settings change, and the page's clock in milliseconds (ticks every
/// second in the browser).
#[derive(Clone, Copy)]
pub struct RgState {
    /// Bump to refetch the session and the prompt.
    pub refresh: RwSignal<u64>,
    /// `performance.now()`, refreshed every second (0 on the server).
    pub clock: RwSignal<f64>,
    /// The page the deposit-limit prompt was first shown on in this tab.
    pub prompt_seen_on: RwSignal<Option<String>>,
    /// The player put the deposit-limit prompt off for this visit.
    pub prompt_later: RwSignal<bool>,
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
        prompt_seen_on: RwSignal::new(None),
        prompt_later: RwSignal::new(false),
    };
    provide_context(state);
    // The clock ticks once the page is hydrated (a tick while a lazy route
    // hydrates would change what the server rendered).
    #[cfg(feature = "hydrate")]
    {
        let clock = state.clock;
        let hydrated = crate::page_hydrated();
        // `hydrated` turns true once: the interval starts once.
        Effect::new(move |_| {
            if hydrated.get() {
                clock.set(now_ms());
                let _ = set_interval_with_handle(
                    move || clock.set(now_ms()),
                    std::time::Duration::from_secs(1),
                );
            }
        });
    }
    state
}

fn use_rg_state() -> RgState {
    use_context::<RgState>().unwrap_or_else(|| RgState {
        refresh: RwSignal::new(0),
        clock: RwSignal::new(0.0),
        prompt_seen_on: RwSignal::new(None),
        prompt_later: RwSignal::new(false),
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

fn kind_label(l: Locale, kind: &str) -> &'static str {
    l.t(match kind {
        "deposit" => Msg::KindDeposit,
        "loss" => Msg::KindLoss,
        "wager" => Msg::KindWager,
        _ => Msg::KindLimit,
    })
}

fn period_label(l: Locale, period: &str) -> &'static str {
    match period {
        "day" => l.t(Msg::PerDay),
        "week" => l.t(Msg::PerWeek),
        "month" => l.t(Msg::PerMonth),
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
            message: use_locale().t(Msg::SomethingWrong).to_owned(),
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
