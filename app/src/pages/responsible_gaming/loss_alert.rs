//! The app-wide loss-alert toast.

use domain::compliance::LimitPeriod;
use domain::events::{EventKind, LossAlert, Topic};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::BUTTON_SECONDARY;
use crate::format::money;
use crate::i18n::{Msg, messages, use_locale};
use crate::session::use_session;

use super::use_rg_state;

/// The loss-alert toast: `rg.loss_alert` events pushed on the player's
/// websocket topic `player:{id}` (through the shared socket of
/// [`crate::live`]) appear here until dismissed.
#[component]
pub fn LossAlertToast() -> impl IntoView {
    let l = use_locale();
    let alert = RwSignal::new(None::<LossAlert>);
    let session = use_session();
    let refresh = use_rg_state().refresh;
    crate::live::use_live_events(
        move || {
            session
                .user
                .get()
                .and_then(Result::ok)
                .flatten()
                .filter(|u| !u.is_staff())
                .and_then(|u| u.user_id.parse().ok())
                .map(Topic::Player)
        },
        move |event| {
            if let Some(a) = event.read::<LossAlert>(EventKind::LossAlert) {
                alert.set(Some(a));
                refresh.update(|n| *n += 1);
            }
        },
    );
    view! {
        {move || {
            alert
                .get()
                .map(|a| {
                    let days = match a.period {
                        LimitPeriod::Day => 1,
                        LimitPeriod::Week => 7,
                        LimitPeriod::Month => 30,
                    };
                    let currency = a.currency.code();
                    view! {
                        <div
                            role="status"
                            aria-live="polite"
                            data-testid="loss-alert-toast"
                            class="fixed bottom-4 right-4 z-40 max-w-sm rounded-2xl border border-amber-400/40 bg-slate-900 p-4 shadow-xl"
                        >
                            <p class="font-semibold text-amber-200">{l.t(Msg::LossAlertTitle)}</p>
                            <p class="mt-1 text-sm text-slate-200">
                                {messages::lost_past_alert(
                                    l,
                                    &money(&a.net_loss, currency),
                                    days,
                                    a.source == "operator",
                                    &money(&a.threshold, currency),
                                )}
                            </p>
                            <div class="mt-3 flex flex-wrap gap-3">
                                <A href="/responsible-gaming" attr:class=BUTTON_SECONDARY>
                                    {l.t(Msg::SetLimitsButton)}
                                </A>
                                <button type="button" class=BUTTON_SECONDARY on:click=move |_| alert.set(None)>
                                    {l.t(Msg::Dismiss)}
                                </button>
                            </div>
                        </div>
                    }
                })
        }}
    }
    // Erased: the toast sits in the app's root view, whose type would
    // otherwise grow past the compiler's limits.
    .into_any()
}
