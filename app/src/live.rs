//! Live balances: the player's wallet as app-wide state, loaded through a
//! server function and kept current by the websocket `/ws` (topic
//! `wallet:{player_id}`, `wallet.balance_changed` events; the session cookie
//! authenticates the socket). The header shows it; the wallet page reads it.
//! The socket exists only in the browser (`hydrate`); it reconnects with a
//! bounded back-off when it drops.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::wallet::{WalletView, my_wallet};
use crate::session::use_session;

/// Live wallet state shared through context (`Copy` handles).
#[derive(Clone, Copy)]
pub struct LiveWallet {
    /// The balances as loaded.
    pub loaded: Resource<Result<Option<WalletView>, ServerFnError>>,
    /// The newest balances from a `wallet.balance_changed` event.
    pub pushed: RwSignal<Option<WalletView>>,
    /// Bumped on every pushed event: track it to refetch dependent data.
    pub events: RwSignal<u64>,
    /// True while the websocket subscription to the wallet topic is live.
    pub subscribed: RwSignal<bool>,
}

impl LiveWallet {
    /// The newest balances known: pushed ones win over loaded ones.
    pub fn current(&self) -> Option<WalletView> {
        let loaded = self.loaded.get().and_then(Result::ok).flatten();
        match (self.pushed.get(), loaded) {
            (Some(pushed), Some(loaded)) if pushed.player_id == loaded.player_id => Some(pushed),
            (_, loaded) => loaded,
        }
    }
}

/// Creates the live wallet state and provides it as context; call once in
/// the app root, after the session.
pub fn provide_live_wallet() -> LiveWallet {
    let session = use_session();
    // Loaded once per session; afterwards balances arrive pushed (from the
    // websocket, or from a form's answer), so pages never suspend again.
    let loaded = Resource::new(move || session.revision(), |_| my_wallet());
    let live = LiveWallet {
        loaded,
        pushed: RwSignal::new(None),
        events: RwSignal::new(0),
        subscribed: RwSignal::new(false),
    };
    provide_context(live);
    // A new load (other user, fresh data) supersedes older pushed values.
    Effect::new(move |_| {
        if loaded.get().is_some() {
            live.pushed.set(None);
        }
    });
    #[cfg(feature = "hydrate")]
    socket::watch(live);
    live
}

/// The live wallet state provided by [`provide_live_wallet`].
pub fn use_live_wallet() -> Option<LiveWallet> {
    use_context::<LiveWallet>()
}

/// The cash balance in the header (players only), linking to the wallet;
/// `data-testid="header-balance"`. Updates without a reload.
#[component]
pub fn HeaderBalance() -> impl IntoView {
    let Some(live) = use_live_wallet() else {
        return ().into_any();
    };
    view! {
        <Transition fallback=|| ()>
            {move || {
                live.current()
                    .map(|w| {
                        let shown = format!("{} {}", w.cash, w.currency);
                        let label = format!("Balance: {shown}. Open your wallet");
                        view! {
                            <A
                                href="/wallet"
                                attr:class="inline-flex items-center gap-1.5 whitespace-nowrap rounded-lg border border-emerald-400/30 bg-emerald-400/10 px-2.5 py-1.5 text-sm font-semibold tabular-nums text-emerald-300 hover:border-emerald-400/60 hover:bg-emerald-400/20"
                                attr:aria-label=label
                            >
                                <span
                                    data-testid="header-balance"
                                    data-live=move || live.subscribed.get().to_string()
                                >
                                    {w.cash}
                                    " "
                                    <span class="max-sm:sr-only">{w.currency}</span>
                                </span>
                            </A>
                        }
                    })
            }}
        </Transition>
    }
    .into_any()
}

#[cfg(feature = "hydrate")]
mod socket {
    //! The browser side: one websocket, subscribed to the player's topic.

    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    use std::time::Duration;

    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{MessageEvent, WebSocket};

    use super::LiveWallet;
    use crate::api::wallet::WalletView;

    /// Longest wait before a reconnect.
    const MAX_BACKOFF_MS: u64 = 30_000;

    /// Which connection is current (a new player starts a new generation)
    /// and its socket.
    #[derive(Clone, Default)]
    struct Slot {
        generation: Rc<Cell<u64>>,
        socket: Rc<RefCell<Option<WebSocket>>>,
    }

    impl Slot {
        /// Starts a new generation, closing the old socket for good.
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

    /// Opens the socket whenever a player's wallet is known, and applies
    /// their balance events.
    pub fn watch(live: LiveWallet) {
        let slot = Slot::default();
        Effect::new(move |_| {
            let player = live
                .loaded
                .get()
                .and_then(Result::ok)
                .flatten()
                .map(|w| w.player_id);
            let generation = slot.renew();
            if let Some(player) = player {
                connect(live, player, slot.clone(), generation, 0);
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

    fn connect(live: LiveWallet, player: String, slot: Slot, generation: u64, attempt: u32) {
        if !slot.is_current(generation) {
            return;
        }
        let Some(url) = url() else { return };
        let Ok(ws) = WebSocket::new(&url) else {
            retry(live, player, slot, generation, attempt);
            return;
        };
        let opened = Rc::new(Cell::new(false));
        let on_open = {
            let ws = ws.clone();
            let opened = opened.clone();
            let frame = serde_json::json!({"op": "subscribe", "topic": format!("wallet:{player}")})
                .to_string();
            Closure::<dyn FnMut()>::new(move || {
                opened.set(true);
                let _ = ws.send_with_str(&frame);
            })
        };
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        on_open.forget();

        let on_message = {
            let player = player.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let Some(text) = event.data().as_string() else {
                    return;
                };
                let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
                    return;
                };
                if value["type"] == "subscribed" {
                    live.subscribed.set(true);
                    return;
                }
                if value["type"] != "event" || value["kind"] != "wallet.balance_changed" {
                    return;
                }
                let payload = &value["payload"];
                let field = |name: &str| payload[name].as_str().unwrap_or_default().to_owned();
                live.pushed.set(Some(WalletView {
                    player_id: player.clone(),
                    currency: field("currency"),
                    cash: field("cash"),
                    bonus: field("bonus"),
                    reserved: field("reserved"),
                }));
                live.events.update(|n| *n += 1);
            })
        };
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();

        let on_close = {
            let slot = slot.clone();
            Closure::<dyn FnMut()>::new(move || {
                live.subscribed.set(false);
                // A socket that had opened starts the back-off afresh.
                let next = if opened.get() { 0 } else { attempt + 1 };
                retry(live, player.clone(), slot.clone(), generation, next);
            })
        };
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        on_close.forget();
        *slot.socket.borrow_mut() = Some(ws);
    }

    fn retry(live: LiveWallet, player: String, slot: Slot, generation: u64, attempt: u32) {
        if !slot.is_current(generation) {
            return;
        }
        let delay = (500u64 << attempt.min(6)).min(MAX_BACKOFF_MS);
        set_timeout(
            move || connect(live, player, slot, generation, attempt),
            Duration::from_millis(delay),
        );
    }
}
