//! Cash-out of an open single or accumulator on My bets: the current offer
//! on a button (fetched in the browser), a confirmation, and the answer —
//! when the odds moved meanwhile, the new offer to confirm instead.

use leptos::prelude::*;
use uuid::Uuid;

use crate::api::sportsbook::{CashOut, CashOutData, cash_out_offer};
use crate::i18n::{AccountMsg, Msg, messages, use_locale};
use crate::live::{use_live_odds, use_live_topics};
use crate::pages::betslip::use_betslip;

/// The last cash-out of the page, for people (My bets shows it above the
/// list, which no longer holds the bet).
#[derive(Clone, Copy)]
pub(super) struct CashOutDone(pub(super) RwSignal<Option<String>>);

/// How often an offer on screen is fetched again (quotes live 30 s).
#[cfg(feature = "hydrate")]
const CASH_OUT_REFRESH: std::time::Duration = std::time::Duration::from_secs(10);

/// Buttons of the panel.
const BUTTON: &str = "rounded-lg px-3 py-2 text-sm font-semibold transition focus:outline-none focus-visible:ring-2 focus-visible:ring-amber-300 disabled:opacity-50";

/// One bet's cash-out state (`Copy` handles shared by the panel's parts).
#[derive(Clone, Copy)]
struct CashOutState {
    /// Bumped to fetch the offer again.
    refresh: RwSignal<u32>,
    /// True while the player is confirming an offer.
    confirming: RwSignal<bool>,
    /// Accepting an offer.
    accept: ServerAction<CashOut>,
    /// The offer shown: as fetched, or as a refusal brought it.
    current: RwSignal<Option<CashOutData>>,
    /// The last answer, for people: (message, is an error).
    note: RwSignal<Option<(String, bool)>>,
}

impl CashOutState {
    fn new() -> Self {
        Self {
            refresh: RwSignal::new(0),
            confirming: RwSignal::new(false),
            accept: ServerAction::new(),
            current: RwSignal::new(None),
            note: RwSignal::new(None),
        }
    }

    /// Fetches the offer again, unless the player is confirming one (the
    /// answer then brings the new offer).
    fn refetch(self) {
        if !self.confirming.get_untracked() && !self.accept.pending().get_untracked() {
            self.refresh.update(|n| *n += 1);
        }
    }

    /// The amount on offer, e.g. `€14.25`, while an offer stands.
    fn amount(self) -> Option<String> {
        self.current.with(|c| {
            c.as_ref().filter(|d| d.ok).and_then(|d| {
                d.amount
                    .as_deref()
                    .map(|a| crate::format::money(a, &d.currency))
            })
        })
    }

    /// Why cash-out is unavailable, for people.
    fn unavailable(self) -> Option<String> {
        self.current.with(|c| {
            c.as_ref()
                .filter(|d| !d.ok && d.code.as_deref() == Some("cash_out_unavailable"))
                .map(|d| d.message.clone())
        })
    }
}

/// A bet's cash-out. The offer keeps itself fresh: fetched again when the
/// odds of one of the bet's selections move (`odds.changed` on its events'
/// `odds:{event_id}` topics) and every 10 s while the page is visible, but
/// not while the player is confirming one.
#[component]
pub(super) fn CashOutPanel(
    bet_id: String,
    /// The bet's legs: (selection id, event id).
    legs: Vec<(String, Uuid)>,
) -> impl IntoView {
    let state = CashOutState::new();
    refetch_on_odds_moves(state, legs);
    refetch_periodically(state);
    load_offer(state, bet_id.clone());
    apply_answers(state);
    view! {
        <div class="mt-3" data-testid="cash-out-panel">
            <CashOutOffer state bet_id/>
            <CashOutNote note=state.note/>
        </div>
    }
    .into_any()
}

/// Fetches the offer again when the odds of one of the legs move.
fn refetch_on_odds_moves(state: CashOutState, legs: Vec<(String, Uuid)>) {
    let mut events: Vec<Uuid> = legs.iter().map(|(_, e)| *e).collect();
    events.sort();
    events.dedup();
    for event in events {
        use_live_odds(event);
    }
    let topics = use_live_topics();
    let selections: Vec<String> = legs.into_iter().map(|(s, _)| s).collect();
    let moves = Memo::new(move |_| {
        topics.map_or(0, |t| selections.iter().map(|s| t.moves(s)).sum::<u64>())
    });
    Effect::new(move |seen: Option<u64>| {
        let now = moves.get();
        if seen.is_some_and(|seen| seen != now) {
            state.refetch();
        }
        now
    });
}

/// Fetches the offer again every [`CASH_OUT_REFRESH`] while the page is
/// visible.
fn refetch_periodically(state: CashOutState) {
    // Timers are browser state: the server render starts none.
    #[cfg(feature = "hydrate")]
    if let Ok(timer) = set_interval_with_handle(
        move || {
            if !document().hidden() {
                state.refetch();
            }
        },
        CASH_OUT_REFRESH,
    ) {
        on_cleanup(move || timer.clear());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = state;
}

/// Loads the offer (in the browser) whenever a refetch is asked for.
fn load_offer(state: CashOutState, bet_id: String) {
    let offer = LocalResource::new(move || {
        state.refresh.track();
        cash_out_offer(bet_id.clone())
    });
    Effect::new(move |_| {
        if let Some(Ok(data)) = offer.get() {
            state.current.set(Some(data));
        }
    });
}

/// Applies the answer of accepting an offer: done (My bets refetches and
/// says so), a new offer to confirm, or a failure.
fn apply_answers(state: CashOutState) {
    let slip = use_betslip();
    let done = use_context::<CashOutDone>();
    let l = use_locale();
    Effect::new(move |_| match state.accept.value().get() {
        Some(Ok(data)) if data.ok => {
            state.note.set(Some((data.message.clone(), false)));
            state.confirming.set(false);
            state.current.set(None);
            if let Some(done) = done {
                done.0.set(Some(data.message.clone()));
            }
            // My bets refetches: the bet moves to Settled.
            slip.placed.update(|n| *n += 1);
        }
        Some(Ok(data)) => {
            state.note.set(Some((data.message.clone(), true)));
            let fresh = data.quote_id.is_some();
            state.confirming.set(fresh);
            state.current.set(Some(CashOutData { ok: fresh, ..data }));
        }
        Some(Err(_)) => state
            .note
            .set(Some((l.t(AccountMsg::CashOutFailed).to_owned(), true))),
        None => {}
    });
}

/// The offer: a button, the confirmation, or why there is none.
#[component]
fn CashOutOffer(state: CashOutState, bet_id: String) -> impl IntoView {
    let l = use_locale();
    move || {
        if let Some(amount) = state.amount() {
            if state.confirming.get() {
                view! { <ConfirmCashOut state bet_id=bet_id.clone() amount/> }.into_any()
            } else {
                view! {
                    <button
                        type="button"
                        class=format!("{BUTTON} w-full border border-amber-400/50 bg-amber-400/10 text-amber-200 hover:bg-amber-400/20 sm:w-auto")
                        data-testid="cash-out"
                        on:click=move |_| {
                            state.note.set(None);
                            state.confirming.set(true);
                        }
                    >
                        {messages::cash_out_for(l, &amount)}
                    </button>
                }
                .into_any()
            }
        } else if let Some(why) = state.unavailable() {
            view! { <p class="text-xs text-slate-500" data-testid="cash-out-unavailable">{why}</p> }
                .into_any()
        } else {
            ().into_any()
        }
    }
}

/// Confirming an offer of `amount`: accept it, or cancel (which fetches a
/// fresh offer).
#[component]
fn ConfirmCashOut(state: CashOutState, bet_id: String, amount: String) -> impl IntoView {
    let accept = state.accept;
    let l = use_locale();
    let confirm = move |_| {
        let Some(quote_id) = state
            .current
            .with_untracked(|c| c.as_ref().and_then(|d| d.quote_id.clone()))
        else {
            return;
        };
        state.note.set(None);
        accept.dispatch(CashOut {
            bet_id: bet_id.clone(),
            quote_id,
        });
    };
    view! {
        <div role="group" aria-label=l.t(AccountMsg::ConfirmCashOutLabel) class="rounded-xl border border-amber-400/30 bg-amber-400/5 p-3">
            <p class="text-sm text-amber-100">
                {l.t(AccountMsg::CashOutThisBetFor)}
                <strong class="tabular-nums text-white" data-testid="cash-out-amount">{amount}</strong>
                {l.t(AccountMsg::CashOutClosesNow)}
            </p>
            <div class="mt-2 flex flex-wrap gap-2">
                <button
                    type="button"
                    class=format!("{BUTTON} bg-amber-400 text-slate-950 hover:bg-amber-300")
                    data-testid="cash-out-confirm"
                    disabled=move || accept.pending().get()
                    on:click=confirm
                >
                    {move || l.t(if accept.pending().get() { AccountMsg::CashingOut } else { AccountMsg::ConfirmCashOutLabel })}
                </button>
                <button
                    type="button"
                    class=format!("{BUTTON} border border-slate-700 text-slate-200 hover:bg-slate-800")
                    data-testid="cash-out-cancel"
                    on:click=move |_| {
                        state.confirming.set(false);
                        state.note.set(None);
                        state.refresh.update(|n| *n += 1);
                    }
                >
                    {l.t(Msg::Cancel)}
                </button>
            </div>
        </div>
    }
    .into_any()
}

/// The last answer, for people.
#[component]
fn CashOutNote(note: RwSignal<Option<(String, bool)>>) -> impl IntoView {
    move || {
        note.get().map(|(message, error)| {
            view! {
                <p
                    class=if error { "mt-2 text-sm text-amber-200" } else { "mt-2 text-sm text-emerald-300" }
                    role=if error { "alert" } else { "status" }
                    data-testid="cash-out-note"
                >
                    {message}
                </p>
            }
        })
    }
}
