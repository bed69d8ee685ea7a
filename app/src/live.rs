//! Live balances: the player's wallet as app-wide state, loaded through a
//! server function and kept current by the websocket `/ws` (topic
//! `wallet:{player_id}`, `wallet.balance_changed` events; the session cookie
//! authenticates the socket). The header shows it; the wallet page reads it.
//! The socket exists only in the browser (`hydrate`); it reconnects with a
//! bounded back-off when it drops.
//!
//! The same socket carries the topics pages ask for through [`LiveTopics`]:
//! `odds:{event_id}` (`odds.changed`, coalesced per selection by the server;
//! `market.status_changed` and `market.settled`, so suspensions reach open
//! pages) and, for traders, `risk:{event_id}` (`risk.changed`). It opens for
//! signed-out visitors too while a page wants a topic.
//!
//! This is the browser's only websocket client: one socket per tab, every
//! topic multiplexed on it. Any component can receive the typed events of a
//! topic with [`use_live_events`] (for example the loss-alert toast on
//! `player:{id}`); the socket subscribes while someone listens.

use std::collections::{BTreeMap, HashMap};
#[cfg(feature = "hydrate")]
use std::sync::Arc;

use domain::events::{EventKind, Topic};
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::api::wallet::{WalletView, my_wallet};
use crate::resource::JsonBytes;
use crate::session::use_session;

/// Live wallet state shared through context (`Copy` handles).
#[derive(Clone, Copy)]
pub struct LiveWallet {
    /// The balances as loaded.
    pub loaded: Resource<Result<Option<WalletView>, ServerFnError>, JsonBytes>,
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
    let loaded = crate::resource::resource(move || session.revision(), |_| my_wallet());
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
    let topics = LiveTopics {
        wanted: RwSignal::new(BTreeMap::new()),
        odds: RwSignal::new(HashMap::new()),
        markets: RwSignal::new(HashMap::new()),
        subscribed: RwSignal::new(BTreeMap::new()),
        #[cfg(feature = "hydrate")]
        listeners: StoredValue::new(Vec::new()),
        #[cfg(feature = "hydrate")]
        next_listener: StoredValue::new(0),
    };
    provide_context(topics);
    #[cfg(feature = "hydrate")]
    socket::watch(live, topics);
    live
}

/// Public topics the pages want on the shared socket, and what arrived on
/// them (`Copy` handles, provided with the live wallet).
#[derive(Clone, Copy)]
pub struct LiveTopics {
    /// Topic → number of components that want it.
    wanted: RwSignal<BTreeMap<String, usize>>,
    /// Selection id → its latest `odds.changed`.
    odds: RwSignal<HashMap<String, OddsTick>>,
    /// Market id → (status, event id) from `market.status_changed` and
    /// `market.settled` events.
    markets: RwSignal<HashMap<String, (String, String)>>,
    /// Topics the server confirmed (value unused).
    subscribed: RwSignal<BTreeMap<String, ()>>,
    /// Components receiving a topic's events: (listener id, topic, handler).
    #[cfg(feature = "hydrate")]
    listeners: StoredValue<Vec<(u64, String, Listener)>>,
    /// The id of the next listener.
    #[cfg(feature = "hydrate")]
    next_listener: StoredValue<u64>,
}

/// A component's handler for the events of one topic.
#[cfg(feature = "hydrate")]
type Listener = Arc<dyn Fn(&LiveEvent<'_>) + Send + Sync>;

/// An event pushed on a topic, as a page's listener gets it: its kind, and
/// its payload still as JSON, which the listener reads for the kinds it
/// handles ([`LiveEvent::read`]). Reading there rather than in the socket
/// keeps each payload's reader in the code of the page that needs it.
#[derive(Clone, Copy, Debug)]
pub struct LiveEvent<'a> {
    kind: &'a str,
    payload: &'a str,
}

impl<'a> LiveEvent<'a> {
    /// An event of the kind named `kind` (`odds.changed`) with `payload`
    /// (its JSON).
    pub fn new(kind: &'a str, payload: &'a str) -> Self {
        Self { kind, payload }
    }

    /// True when the event is of `kind`.
    pub fn is(&self, kind: EventKind) -> bool {
        self.kind == kind.code()
    }

    /// The payload, when the event is of `kind` and its payload reads as a
    /// `T` (the payload type of that kind in [`domain::events::EventData`]).
    pub fn read<T: serde::de::DeserializeOwned>(&self, kind: EventKind) -> Option<T> {
        if !self.is(kind) {
            return None;
        }
        serde_json::from_slice(self.payload.as_bytes()).ok()
    }
}

impl LiveTopics {
    /// Asks for `topic` (counted: every `want` needs an [`Self::unwant`]).
    pub fn want(&self, topic: &str) {
        self.wanted
            .update(|w| *w.entry(topic.to_owned()).or_default() += 1);
    }

    /// Gives `topic` up; the socket unsubscribes when nobody wants it.
    pub fn unwant(&self, topic: &str) {
        self.wanted.update(|w| {
            if let Some(n) = w.get_mut(topic) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    w.remove(topic);
                }
            }
        });
    }

    /// The latest pushed odds of a selection: (odds, previous odds).
    pub fn tick(&self, selection_id: &str) -> Option<(String, String)> {
        self.odds.with(|o| {
            o.get(selection_id)
                .map(|t| (t.odds.clone(), t.previous.clone()))
        })
    }

    /// How many moves of a selection arrived (tracked): changes with every
    /// move, so a flash can restart.
    pub fn moves(&self, selection_id: &str) -> u64 {
        self.odds.with(|o| o.get(selection_id).map_or(0, |t| t.seq))
    }

    /// Every selection with pushed odds: id → odds (tracked).
    pub fn all_odds(&self) -> Vec<(String, String)> {
        self.odds.with(|o| {
            o.iter()
                .map(|(id, t)| (id.clone(), t.odds.clone()))
                .collect()
        })
    }

    /// The pushed status of a market (`open`, `suspended`, `settled`,
    /// `void`), if one arrived (tracked).
    pub fn market_status(&self, market_id: &str) -> Option<String> {
        self.markets
            .with(|m| m.get(market_id).map(|(status, _)| status.clone()))
    }

    /// Every market with a pushed status: id → status (tracked).
    pub fn all_market_statuses(&self) -> Vec<(String, String)> {
        self.markets.with(|m| {
            m.iter()
                .map(|(id, (status, _))| (id.clone(), status.clone()))
                .collect()
        })
    }

    /// Forgets what was pushed for an event once nobody watches it: a later
    /// page loads fresh data, which stale pushes must not override.
    #[cfg(feature = "hydrate")]
    fn forget_event(&self, event_id: &str) {
        if self
            .odds
            .with_untracked(|o| o.values().any(|t| t.event_id == event_id))
        {
            self.odds
                .update(|o| o.retain(|_, t| t.event_id != event_id));
        }
        if self
            .markets
            .with_untracked(|m| m.values().any(|(_, e)| e == event_id))
        {
            self.markets.update(|m| m.retain(|_, (_, e)| e != event_id));
        }
    }

    /// True while the server confirms a subscription to `topic`.
    pub fn is_subscribed(&self, topic: &str) -> bool {
        self.subscribed.with(|s| s.contains_key(topic))
    }

    /// Registers `on_event` for the events of `topic`; returns its id for
    /// [`Self::remove_listener`]. (Wanting the topic is separate.)
    #[cfg(feature = "hydrate")]
    fn add_listener(&self, topic: String, on_event: Listener) -> u64 {
        let id = self.next_listener.get_value();
        self.next_listener.set_value(id + 1);
        self.listeners
            .update_value(|l| l.push((id, topic, on_event)));
        id
    }

    /// Drops the listener `id`.
    #[cfg(feature = "hydrate")]
    fn remove_listener(&self, id: u64) {
        self.listeners
            .try_update_value(|l| l.retain(|(i, _, _)| *i != id));
    }

    /// Hands an event to the listeners of its topic (taken out first, so a
    /// handler may add or drop listeners).
    #[cfg(feature = "hydrate")]
    fn dispatch(&self, topic: &Topic, event: &LiveEvent<'_>) {
        let name = topic.to_string();
        let matching: Vec<Listener> = self
            .listeners
            .try_with_value(|l| {
                l.iter()
                    .filter(|(_, t, _)| *t == name)
                    .map(|(_, _, f)| f.clone())
                    .collect()
            })
            .unwrap_or_default();
        for on_event in matching {
            on_event(event);
        }
    }
}

/// Receives the typed events of a topic on the shared socket while the
/// calling component lives: `topic` is reactive (`None`: no topic, e.g.
/// while signed out); the socket subscribes to it while someone listens and
/// `on_event` runs for every event on it. Private topics (`player:{id}`,
/// `wallet:{id}`) are granted to their owner only.
pub fn use_live_events(
    topic: impl Fn() -> Option<Topic> + Send + Sync + 'static,
    on_event: impl Fn(&LiveEvent<'_>) + Send + Sync + 'static,
) {
    let Some(topics) = use_live_topics() else {
        return;
    };
    // Subscriptions are browser state: the server render asks for none.
    #[cfg(feature = "hydrate")]
    {
        let on_event: Listener = Arc::new(on_event);
        // The listener in place and its topic.
        let current = StoredValue::new(None::<(u64, String)>);
        let release = move || {
            if let Some((id, topic)) = current.try_get_value().flatten() {
                topics.remove_listener(id);
                topics.unwant(&topic);
            }
        };
        Effect::new(move |_| {
            let next = topic().map(|t| t.to_string());
            if current.get_value().map(|(_, t)| t) == next {
                return;
            }
            release();
            let placed = next.map(|t| {
                topics.want(&t);
                (topics.add_listener(t.clone(), on_event.clone()), t)
            });
            current.set_value(placed);
        });
        on_cleanup(release);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (topics, topic, on_event);
}

/// One selection's latest pushed odds.
#[derive(Clone, Debug, PartialEq, Eq)]
struct OddsTick {
    odds: String,
    previous: String,
    event_id: String,
    /// Moves received so far.
    seq: u64,
}

/// The live topics provided by [`provide_live_wallet`].
pub fn use_live_topics() -> Option<LiveTopics> {
    use_context::<LiveTopics>()
}

/// Odds of one event, pushed live while the calling component lives. The
/// socket keeps the moves and market statuses in [`LiveTopics`] (the
/// betslip follows its legs there on every page); this handle reads them.
#[derive(Clone, Copy)]
pub struct LiveOdds {
    topics: Option<LiveTopics>,
    topic: StoredValue<String>,
}

impl LiveOdds {
    /// The latest pushed odds of a selection: (odds, previous odds).
    pub fn tick(&self, selection_id: &str) -> Option<(String, String)> {
        self.topics.and_then(|t| t.tick(selection_id))
    }

    /// How many moves of a selection arrived (tracked).
    pub fn moves(&self, selection_id: &str) -> u64 {
        self.topics.map_or(0, |t| t.moves(selection_id))
    }

    /// The pushed status of a market, if one arrived (tracked).
    pub fn market_status(&self, market_id: &str) -> Option<String> {
        self.topics.and_then(|t| t.market_status(market_id))
    }

    /// True while the event's odds topic is subscribed.
    pub fn subscribed(&self) -> bool {
        self.topics
            .is_some_and(|t| self.topic.with_value(|topic| t.is_subscribed(topic)))
    }
}

/// Subscribes to `odds:{event_id}` for the lifetime of the calling
/// component, through [`use_live_events`] like every other page.
pub fn use_live_odds(event_id: Uuid) -> LiveOdds {
    let topic = Topic::Odds(event_id);
    // The socket applies the events to the shared state, which the handle
    // reads: the listener itself has nothing more to do.
    use_live_events(move || Some(topic), |_| {});
    LiveOdds {
        topics: use_live_topics(),
        topic: StoredValue::new(topic.to_string()),
    }
}

/// Risk of one event, pushed live to traders while the calling component
/// lives.
#[derive(Clone, Copy)]
pub struct LiveRisk {
    topics: Option<LiveTopics>,
    topic: StoredValue<Option<String>>,
    changes: RwSignal<u64>,
}

impl LiveRisk {
    /// Number of `risk.changed` events so far (tracked): refetch on it.
    pub fn changes(&self) -> u64 {
        self.changes.get()
    }

    /// True while the event's risk topic is subscribed.
    pub fn subscribed(&self) -> bool {
        self.topics.is_some_and(|t| {
            self.topic
                .with_value(|topic| topic.as_deref().is_some_and(|topic| t.is_subscribed(topic)))
        })
    }
}

/// Subscribes to `risk:{event_id}` (traders; the server refuses others)
/// for the lifetime of the calling component, counting its `risk.changed`
/// events. `None` (an id that does not parse) watches nothing.
pub fn use_live_risk(event_id: Option<Uuid>) -> LiveRisk {
    let topic = event_id.map(Topic::Risk);
    let changes = RwSignal::new(0u64);
    use_live_events(
        move || topic,
        move |event| {
            if event.is(EventKind::RiskChanged) {
                changes.update(|n| *n += 1);
            }
        },
    );
    LiveRisk {
        topics: use_live_topics(),
        topic: StoredValue::new(topic.map(|t| t.to_string())),
        changes,
    }
}

/// The live wallet state provided by [`provide_live_wallet`].
pub fn use_live_wallet() -> Option<LiveWallet> {
    use_context::<LiveWallet>()
}

/// The balance in the header (players only), linking to the wallet: the
/// cash (`data-testid="header-balance"`) and, while the player holds
/// bonus money, the bonus under it (`data-testid="header-bonus"`): both
/// with their currency, together what the player can stake. Updates
/// without a reload.
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
                        use crate::format::{amount, money, money_of, stakeable};
                        let cash = money(&w.cash, &w.currency);
                        let bonus = amount(&w.bonus, &w.currency)
                            .filter(|b| b.is_positive())
                            .map(money_of);
                        let label = match (&bonus, stakeable(&w.cash, &w.bonus, &w.currency)) {
                            (Some(b), Some(total)) => format!(
                                "Balance {cash} cash and {b} bonus, {} to stake. Open your wallet",
                                money_of(total)
                            ),
                            _ => format!("Balance {cash}. Open your wallet"),
                        };
                        view! {
                            <A
                                href="/wallet"
                                attr:class="inline-flex flex-col items-end whitespace-nowrap rounded-lg border border-emerald-400/30 bg-emerald-400/10 px-2.5 py-1 text-sm font-semibold leading-tight tabular-nums text-emerald-300 hover:border-emerald-400/60 hover:bg-emerald-400/20"
                                attr:aria-label=label.clone()
                                attr:title=label
                            >
                                <span
                                    data-testid="header-balance"
                                    data-live=move || live.subscribed.get().to_string()
                                >
                                    {cash}
                                </span>
                                {bonus
                                    .map(|b| {
                                        view! {
                                            <span
                                                class="text-[0.7rem] font-medium text-emerald-200"
                                                data-testid="header-bonus"
                                            >
                                                {format!("+{b} bonus")}
                                            </span>
                                        }
                                    })}
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
    //! The browser side: the tab's one websocket, subscribed to the
    //! player's wallet and to every topic the pages want; it reconnects
    //! with a bounded back-off.

    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    use std::time::Duration;

    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{MessageEvent, WebSocket};

    use std::collections::BTreeSet;

    use domain::events::{
        BalanceChanged, EventKind, MarketSettled, MarketStatusChanged, OddsChanged, Topic,
    };

    use super::{LiveEvent, LiveTopics, LiveWallet, OddsTick};
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

    /// Opens the socket once the wallet load has answered, whenever a
    /// player is signed in or a page wants a topic; applies the events,
    /// hands them to the pages' listeners, and keeps the subscriptions in
    /// step with what the pages want.
    pub fn watch(live: LiveWallet, topics: LiveTopics) {
        let slot = Slot::default();
        // The player once the wallet load has answered (`None` until then):
        // the socket waits for it, so a tab opens one socket, not one before
        // the answer and another after it.
        let player = Memo::new(move |_| {
            live.loaded
                .get()
                .map(|r| r.ok().flatten().map(|w| w.player_id))
        });
        let wanted = Memo::new(move |_| topics.wanted.with(|w| !w.is_empty()));
        // Nothing is pushed before the page is hydrated (a push while a lazy
        // route hydrates would change what the server rendered).
        let hydrated = crate::page_hydrated();
        {
            let slot = slot.clone();
            Effect::new(move |_| {
                if !hydrated.get() {
                    return;
                }
                let Some(player) = player.get() else { return };
                let needed = player.is_some() || wanted.get();
                let generation = slot.renew();
                if needed {
                    connect(live, topics, player, slot.clone(), generation, 0);
                }
            });
        }
        Effect::new(move |before: Option<BTreeSet<String>>| {
            let now: BTreeSet<String> = topics.wanted.with(|w| w.keys().cloned().collect());
            let before = before.unwrap_or_default();
            if let Some(ws) = slot.socket.borrow().as_ref()
                && ws.ready_state() == WebSocket::OPEN
            {
                for topic in now.difference(&before) {
                    let _ = ws.send_with_str(&frame("subscribe", topic));
                }
                for topic in before.difference(&now) {
                    let _ = ws.send_with_str(&frame("unsubscribe", topic));
                    topics.subscribed.update(|s| {
                        s.remove(topic);
                    });
                }
            }
            for topic in before.difference(&now) {
                if let Some(event_id) = topic.strip_prefix("odds:") {
                    topics.forget_event(event_id);
                }
            }
            now
        });
    }

    /// A server message ([`domain::events::ServerMessage`] as JSON), read
    /// only as far as the socket needs: its type, its topic and, for an
    /// event, its kind and payload (left as JSON for [`LiveEvent`]).
    #[derive(serde::Deserialize)]
    struct Envelope<'a> {
        #[serde(rename = "type")]
        message: String,
        #[serde(default)]
        topic: Option<String>,
        #[serde(default)]
        kind: Option<String>,
        #[serde(default, borrow)]
        payload: Option<&'a serde_json::value::RawValue>,
    }

    fn frame(op: &str, topic: &str) -> String {
        #[derive(serde::Serialize)]
        struct Frame<'a> {
            op: &'a str,
            topic: &'a str,
        }
        serde_json::to_string(&Frame { op, topic }).unwrap_or_default()
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

    fn connect(
        live: LiveWallet,
        topics: LiveTopics,
        player: Option<String>,
        slot: Slot,
        generation: u64,
        attempt: u32,
    ) {
        if !slot.is_current(generation) {
            return;
        }
        let Some(url) = url() else { return };
        let Ok(ws) = WebSocket::new(&url) else {
            retry(live, topics, player, slot, generation, attempt);
            return;
        };
        let opened = Rc::new(Cell::new(false));
        let on_open = {
            let ws = ws.clone();
            let opened = opened.clone();
            let wallet = player
                .as_ref()
                .map(|p| frame("subscribe", &format!("wallet:{p}")));
            Closure::<dyn FnMut()>::new(move || {
                opened.set(true);
                if let Some(wallet) = &wallet {
                    let _ = ws.send_with_str(wallet);
                }
                for topic in topics
                    .wanted
                    .with_untracked(|w| w.keys().cloned().collect::<Vec<_>>())
                {
                    let _ = ws.send_with_str(&frame("subscribe", &topic));
                }
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
                // A message this tab cannot read is passed over.
                let Ok(envelope) = serde_json::from_slice::<Envelope>(text.as_bytes()) else {
                    return;
                };
                let Some(topic) = envelope.topic else { return };
                match envelope.message.as_str() {
                    "subscribed" => {
                        if topic.starts_with("wallet:") {
                            live.subscribed.set(true);
                        } else {
                            topics.subscribed.update(|s| {
                                s.insert(topic, ());
                            });
                        }
                        return;
                    }
                    "event" => {}
                    _ => return,
                }
                let (Ok(topic), Some(kind), Some(payload)) =
                    (topic.parse::<Topic>(), envelope.kind, envelope.payload)
                else {
                    return;
                };
                let event = LiveEvent::new(&kind, payload.get());
                topics.dispatch(&topic, &event);
                match topic {
                    Topic::Odds(event_id) => {
                        if let Some(change) = event.read::<OddsChanged>(EventKind::OddsChanged) {
                            let id = change.selection_id.to_string();
                            topics.odds.update(|o| {
                                let seq = o.get(&id).map_or(0, |t| t.seq) + 1;
                                o.insert(
                                    id,
                                    OddsTick {
                                        odds: change.odds.to_string(),
                                        previous: change.previous_odds.to_string(),
                                        event_id: event_id.to_string(),
                                        seq,
                                    },
                                );
                            });
                        } else if let Some(change) =
                            event.read::<MarketStatusChanged>(EventKind::MarketStatusChanged)
                        {
                            topics.markets.update(|m| {
                                m.insert(
                                    change.market_id.to_string(),
                                    (change.status, event_id.to_string()),
                                );
                            });
                        } else if let Some(settled) =
                            event.read::<MarketSettled>(EventKind::MarketSettled)
                        {
                            let status = if settled.action == "void" {
                                "void"
                            } else {
                                "settled"
                            };
                            topics.markets.update(|m| {
                                m.insert(
                                    settled.market_id.to_string(),
                                    (status.to_owned(), event_id.to_string()),
                                );
                            });
                        }
                    }
                    Topic::Wallet(_) => {
                        let Some(balances) =
                            event.read::<BalanceChanged>(EventKind::BalanceChanged)
                        else {
                            return;
                        };
                        let Some(player) = player.clone() else { return };
                        live.pushed.set(Some(WalletView {
                            player_id: player,
                            currency: balances.currency.code().to_owned(),
                            cash: balances.cash,
                            bonus: balances.bonus,
                            reserved: balances.reserved,
                        }));
                        live.events.update(|n| *n += 1);
                    }
                    _ => {}
                }
            })
        };
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();

        let on_close = {
            let slot = slot.clone();
            Closure::<dyn FnMut()>::new(move || {
                live.subscribed.set(false);
                topics.subscribed.set(Default::default());
                // A socket that had opened starts the back-off afresh.
                let next = if opened.get() { 0 } else { attempt + 1 };
                retry(live, topics, player.clone(), slot.clone(), generation, next);
            })
        };
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        on_close.forget();
        *slot.socket.borrow_mut() = Some(ws);
    }

    fn retry(
        live: LiveWallet,
        topics: LiveTopics,
        player: Option<String>,
        slot: Slot,
        generation: u64,
        attempt: u32,
    ) {
        if !slot.is_current(generation) {
            return;
        }
        let delay = (500u64 << attempt.min(6)).min(MAX_BACKOFF_MS);
        set_timeout(
            move || connect(live, topics, player, slot, generation, attempt),
            Duration::from_millis(delay),
        );
    }
}

#[cfg(test)]
mod tests {
    use domain::events::{EventData, EventKind, RiskChanged};

    use super::LiveEvent;

    #[test]
    fn a_listener_reads_the_payload_of_the_kind_it_asks_for_only() {
        let risk = RiskChanged {
            event_id: uuid::Uuid::now_v7(),
            cause: "bet.placed".to_owned(),
        };
        let data = EventData::RiskChanged(risk.clone());
        let mut payload = Vec::new();
        data.serialize_payload(&mut serde_json::Serializer::new(&mut payload))
            .unwrap();
        let payload = String::from_utf8(payload).unwrap();
        let event = LiveEvent::new(data.kind(), &payload);
        assert!(event.is(EventKind::RiskChanged));
        assert_eq!(
            event.read::<RiskChanged>(EventKind::RiskChanged),
            Some(risk)
        );
        assert!(!event.is(EventKind::OddsChanged));
        assert_eq!(event.read::<RiskChanged>(EventKind::OddsChanged), None);
        let garbled = LiveEvent::new(data.kind(), "{\"event_id\": 1}");
        assert_eq!(garbled.read::<RiskChanged>(EventKind::RiskChanged), None);
    }
}
