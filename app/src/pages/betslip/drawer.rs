//! The drawer: its toggle, header (odds format, close), the legs, the
//! controls (in `controls`) and the answers of the latest placement. The
//! drawer derives what its parts share (teaser table, currency, quote,
//! related legs) and starts the watchers of `sync`.
//!
//! Rules: the toggle shows only while the slip has legs. On wide screens
//! (≥ 1024 px) the open drawer is a panel beside the page, which makes room
//! for it (style/tailwind.css), so it never covers the odds it refers to;
//! below that it is a modal bottom sheet over a backdrop that traps focus
//! (Tab cycles inside, Escape or the backdrop closes). Closing returns
//! focus to the toggle (or, when the slip is now empty, to whatever opened
//! it).

use domain::betting::{BetKind, TeaserTable};
use domain::money::Currency;
use leptos::prelude::*;
use leptos_router::components::A;

use super::controls::SlipControls;
use super::leg::SlipLegRow;
use super::{SlipQuote, quote, related, sync, use_betslip};
use crate::api::sportsbook::teaser_tables;
use crate::format::money;
use crate::i18n::{Msg, messages, use_locale};
use crate::live::use_live_wallet;

pub(super) use focus::is_panel;

/// The betslip drawer and its toggle, mounted once in the app shell.
#[component]
pub fn BetslipDrawer() -> impl IntoView {
    let slip = use_betslip();
    let live = use_live_wallet();
    let tables = crate::resource::resource(|| (), |_| teaser_tables());
    let teaser = Signal::derive(move || -> Option<TeaserTable> {
        let tables = tables.get().and_then(Result::ok).unwrap_or_default();
        // The 6-point table when there is one, else the first configured.
        tables
            .iter()
            .find(|t| t.points().to_string() == "6")
            .or(tables.first())
            .cloned()
    });
    let currency_code = Signal::derive(move || {
        live.and_then(|l| l.current())
            .map(|w| w.currency)
            .unwrap_or_else(|| "EUR".to_owned())
    });
    sync::keep_current(slip, teaser);

    let quoted = Signal::derive(move || -> Result<SlipQuote, String> {
        let currency = currency_code
            .get()
            .parse::<Currency>()
            .unwrap_or(Currency::EUR);
        slip.legs.with(|legs| {
            quote(
                legs,
                slip.mode.get(),
                &slip.stake.get(),
                currency,
                teaser.get().as_ref(),
            )
        })
    });
    let related_ids = Signal::derive(move || {
        if slip.mode.get() == BetKind::Single {
            Vec::new()
        } else {
            slip.legs.with(|legs| related(legs))
        }
    });

    let aside = NodeRef::<leptos::html::Aside>::new();
    focus::return_on_close(slip.open);

    view! {
        <SlipToggle/>
        <div
            class="fixed inset-0 z-40 bg-black/60 lg:hidden"
            data-testid="betslip-backdrop"
            aria-hidden="true"
            hidden=move || !slip.open.get()
            on:click=move |_| slip.open.set(false)
        ></div>
        <aside
            id="betslip"
            node_ref=aside
            data-testid="betslip"
            aria-label=use_locale().t(Msg::Betslip)
            class="fixed inset-x-0 bottom-0 z-50 flex max-h-[70dvh] flex-col rounded-t-2xl border border-slate-700 bg-slate-900 shadow-2xl shadow-black/60 lg:inset-x-auto lg:bottom-4 lg:right-4 lg:top-20 lg:max-h-none lg:w-96 lg:rounded-2xl"
            hidden=move || !slip.open.get()
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    slip.open.set(false);
                } else if ev.key() == "Tab" {
                    focus::trap(&ev, aside);
                }
            }
        >
            <DrawerHeader/>
            <LegList related_ids/>
            <Show when=move || !slip.legs.with(Vec::is_empty)>
                <SlipControls teaser currency_code quoted related_ids/>
            </Show>
            <SlipResults/>
        </aside>
    }
    .into_any()
}

/// The floating button that opens the drawer, showing the number of legs.
#[component]
fn SlipToggle() -> impl IntoView {
    let slip = use_betslip();
    let l = use_locale();
    let count = move || slip.legs.with(Vec::len);
    // An empty slip keeps out of the way (it would sit on a game's
    // controls and on the back office's tables); picking odds shows it.
    view! {
        <button
            type="button"
            data-testid="betslip-toggle"
            data-empty=move || (count() == 0).to_string()
            class="fixed bottom-[calc(1rem+env(safe-area-inset-bottom))] right-4 z-40 inline-flex items-center gap-2 rounded-full bg-emerald-400 px-4 py-3 text-sm font-bold text-slate-950 shadow-lg shadow-black/40 transition hover:bg-emerald-300"
            aria-controls="betslip"
            aria-expanded=move || slip.open.get().to_string()
            on:click=move |_| slip.open.update(|o| *o = !*o)
            hidden=move || slip.open.get() || count() == 0
        >
            {l.t(Msg::BetslipShort)}
            <span
                class="inline-flex h-6 min-w-6 items-center justify-center rounded-full bg-slate-950 px-1.5 text-xs text-emerald-300"
                data-testid="betslip-count"
            >
                {count}
            </span>
        </button>
    }
    .into_any()
}

/// The drawer's header: the number of legs, the odds format and the close
/// button (focused when the drawer opens).
#[component]
fn DrawerHeader() -> impl IntoView {
    let slip = use_betslip();
    let close_ref = NodeRef::<leptos::html::Button>::new();
    let l = use_locale();
    // Focus moves into the drawer when it opens, in the next frame: the
    // drawer's `hidden` attribute is another effect of the same signal, and
    // a hidden button does not take focus.
    Effect::new(move |_| {
        if slip.open.get() {
            request_animation_frame(move || {
                if slip.open.get_untracked()
                    && let Some(b) = close_ref.get_untracked()
                {
                    let _ = b.focus();
                }
            });
        }
    });
    view! {
        <div class="flex items-center justify-between gap-2 border-b border-slate-800 px-4 py-3">
            <h2 class="text-base font-bold text-white">
                {l.t(Msg::Betslip)}
                " "
                <span class="text-sm font-medium text-slate-400">
                    {move || format!("({})", slip.legs.with(Vec::len))}
                </span>
            </h2>
            <div class="flex items-center gap-1">
                <label class="sr-only" for="odds-format">{l.t(Msg::OddsFormat)}</label>
                <select
                    id="odds-format"
                    data-testid="odds-format"
                    class="rounded-lg border border-slate-700 bg-slate-950 px-2 py-1 text-xs text-slate-200"
                    prop:value=move || slip.format.get()
                    on:change=move |ev| slip.format.set(event_target_value(&ev))
                >
                    <option value="decimal">{l.t(Msg::Decimal)}</option>
                    <option value="fractional">{l.t(Msg::Fractional)}</option>
                    <option value="american">{l.t(Msg::American)}</option>
                </select>
                <button
                    type="button"
                    node_ref=close_ref
                    data-testid="betslip-close"
                    class="inline-flex h-9 w-9 items-center justify-center rounded-lg text-slate-300 hover:bg-slate-800 hover:text-white"
                    aria-label=l.t(Msg::CloseBetslip)
                    on:click=move |_| slip.open.set(false)
                >
                    <svg class="h-5 w-5" viewBox="0 0 24 24" fill="none" aria-hidden="true">
                        <path
                            d="M6 6l12 12M18 6L6 18"
                            stroke="currentColor"
                            stroke-width="2"
                            stroke-linecap="round"
                        ></path>
                    </svg>
                </button>
            </div>
        </div>
    }
    .into_any()
}

/// The legs (or how to add some), and the warning when legs of one event
/// would be combined.
#[component]
fn LegList(related_ids: Signal<Vec<String>>) -> impl IntoView {
    let slip = use_betslip();
    let l = use_locale();
    view! {
        <div class="min-h-0 flex-1 overflow-y-auto px-4 py-3">
            <Show
                when=move || !slip.legs.with(Vec::is_empty)
                fallback=move || {
                    view! {
                        <p class="py-6 text-center text-sm text-slate-400">
                            {l.t(Msg::BetslipEmptyBefore)}
                            <A href="/sports" attr:class="text-emerald-300 underline">
                                {l.t(Msg::Sports)}
                            </A>
                            {l.t(Msg::BetslipEmptyAfter)}
                        </p>
                    }
                }
            >
                <ul class="space-y-2" data-testid="betslip-legs">
                    <For
                        each=move || slip.legs.get()
                        key=|l| (l.selection_id.clone(), l.odds.clone(), l.available, l.needs_accept)
                        let:leg
                    >
                        <SlipLegRow leg related=related_ids/>
                    </For>
                </ul>
                {move || {
                    (!related_ids.with(Vec::is_empty))
                        .then(|| {
                            view! {
                                <p
                                    role="alert"
                                    data-testid="betslip-related"
                                    class="mt-2 rounded-lg border border-amber-400/40 bg-amber-400/10 px-3 py-2 text-xs text-amber-200"
                                >
                                    {l.t(Msg::SameEventCombined)}
                                </p>
                            }
                        })
                }}
            </Show>
        </div>
    }
    .into_any()
}

/// What the latest placement answered: bet ids or the reasons.
#[component]
fn SlipResults() -> impl IntoView {
    let slip = use_betslip();
    let l = use_locale();
    (move || {
        let results = slip.results.get();
        (!results.is_empty()).then(|| {
            view! {
                <div class="space-y-2 border-t border-slate-800 px-4 py-3" aria-live="polite">
                    {results
                        .into_iter()
                        .map(|r| {
                            if let Some(bet) = r.bet {
                                view! {
                                    <p
                                        class="rounded-lg border border-emerald-400/40 bg-emerald-400/10 px-3 py-2 text-sm text-emerald-200"
                                        data-testid="bet-placed"
                                    >
                                        {l.t(Msg::BetPlaced)}
                                        <A href="/bets" attr:class="text-xs underline">
                                            {l.t(Msg::RefShort)}
                                            <span class="font-mono" data-testid="bet-id" data-bet=bet.bet_id.to_string()>
                                                {crate::format::short_ref(&bet.bet_id.to_string())}
                                            </span>
                                        </A>
                                        <span class="block text-xs text-emerald-300/80">
                                            {messages::stake_and_return(
                                                l,
                                                &money(&bet.total_stake, &bet.currency),
                                                &money(&bet.potential_return, &bet.currency),
                                            )}
                                        </span>
                                    </p>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <p
                                        role="alert"
                                        class="rounded-lg border border-rose-500/40 bg-rose-500/10 px-3 py-2 text-sm text-rose-200"
                                        data-testid="bet-error"
                                        data-code=r.code.clone().unwrap_or_default()
                                    >
                                        {r.message}
                                    </p>
                                }
                                    .into_any()
                            }
                        })
                        .collect_view()}
                </div>
            }
        })
    })
    .into_any()
}

mod focus {
    //! Focus around the drawer: back to the toggle when it closes, and
    //! kept inside while it is a modal sheet (narrow screens).

    use leptos::prelude::*;

    /// Width from which the drawer is a panel beside the page (Tailwind's
    /// `lg`), not a modal sheet.
    #[cfg(feature = "hydrate")]
    pub(super) const PANEL_MIN_WIDTH: f64 = 1024.0;

    /// True when the drawer opens as a panel beside the page (wide
    /// screens); false on the server and on phones.
    pub fn is_panel() -> bool {
        #[cfg(feature = "hydrate")]
        {
            window()
                .inner_width()
                .ok()
                .and_then(|w| w.as_f64())
                .is_some_and(|w| w >= PANEL_MIN_WIDTH)
        }
        #[cfg(not(feature = "hydrate"))]
        {
            false
        }
    }

    /// When the drawer closes, focus goes back to the betslip toggle, or,
    /// when the slip is empty (the toggle is hidden), to the element that
    /// had focus when it opened.
    pub(super) fn return_on_close(open: RwSignal<bool>) {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
            Effect::new(move |was_open: Option<bool>| {
                let now_open = open.get();
                let document = document();
                if now_open && was_open == Some(false) {
                    let active = document
                        .active_element()
                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                    opener.set_value(active);
                } else if !now_open && was_open == Some(true) {
                    // After the DOM shows the toggle again (next frame).
                    request_animation_frame(move || {
                        let toggle = document
                            .query_selector("[data-testid=betslip-toggle]:not([hidden])")
                            .ok()
                            .flatten()
                            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                        let target = toggle.or_else(|| {
                            opener
                                .try_get_value()
                                .flatten()
                                .filter(|e| e.is_connected() && !e.hidden())
                        });
                        if let Some(target) = target {
                            let _ = target.focus();
                        }
                    });
                }
                now_open
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = open;
    }

    /// Keeps Tab inside the sheet while it is modal: from the last
    /// focusable element Tab goes to the first, and Shift+Tab from the
    /// first to the last.
    pub(super) fn trap(ev: &leptos::ev::KeyboardEvent, aside: NodeRef<leptos::html::Aside>) {
        #[cfg(feature = "hydrate")]
        {
            if is_panel() {
                return;
            }
            let Some(aside) = aside.get_untracked() else {
                return;
            };
            let items = browser::focusables(&aside);
            let (Some(first), Some(last)) = (items.first(), items.last()) else {
                return;
            };
            let active = document().active_element();
            let at = |el: &web_sys::HtmlElement| {
                active
                    .as_ref()
                    .is_some_and(|a| a == AsRef::<web_sys::Element>::as_ref(el))
            };
            let inside = active
                .as_ref()
                .is_some_and(|a| AsRef::<web_sys::Node>::as_ref(&*aside).contains(Some(a)));
            if ev.shift_key() && (at(first) || !inside) {
                ev.prevent_default();
                let _ = last.focus();
            } else if !ev.shift_key() && (at(last) || !inside) {
                ev.prevent_default();
                let _ = first.focus();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, aside);
    }

    #[cfg(feature = "hydrate")]
    mod browser {
        //! `querySelectorAll`, bound here (the `NodeList` binding of
        //! web-sys is not enabled in this build).

        use wasm_bindgen::JsCast;
        use wasm_bindgen::prelude::wasm_bindgen;

        #[wasm_bindgen]
        extern "C" {
            /// A `NodeList`.
            type Found;

            #[wasm_bindgen(method, getter)]
            fn length(this: &Found) -> u32;

            #[wasm_bindgen(method)]
            fn item(this: &Found, index: u32) -> Option<web_sys::Element>;

            /// An element, seen through the one method used here.
            type Root;

            #[wasm_bindgen(method, js_name = querySelectorAll)]
            fn select_all(this: &Root, selectors: &str) -> Found;
        }

        /// What can take focus inside `root`, in document order, without
        /// the disabled and the hidden.
        pub(super) fn focusables(root: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
            let found = root.unchecked_ref::<Root>().select_all(
                "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])",
            );
            (0..found.length())
                .filter_map(|i| found.item(i))
                .filter_map(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                // Elements not rendered (`hidden`, `display: none`) have
                // no layout box.
                .filter(|e| e.offset_width() > 0 || e.offset_height() > 0)
                .collect()
        }
    }
}
