//! Websockets at `/ws`: clients subscribe to topics and receive the bus'
//! events for them. Private topics (`wallet:{player_id}`,
//! `player:{player_id}`) are for their owner only; staff topics need a
//! back-office role. Every connection has a bounded queue: a client too slow
//! to drain it is dropped, so memory never grows with a slow reader.
//!
//! Odds moves are coalesced per selection before fan-out (see
//! `Coalescer`): a burst reaches subscribers as its first move and then
//! the latest odds at most every [`ODDS_WINDOW`]. Market status changes and
//! settlements travel on `odds:{event_id}` too. Traders may watch
//! `risk:{event_id}`: `risk.changed` (throttled per event) whenever bets on
//! the event are placed or settled or its markets change status.
//!
//! Protocol (JSON text frames):
//! - client: `{"op":"subscribe","topic":"odds:…"}`, `{"op":"unsubscribe","topic":…}`, `{"op":"ping"}`
//! - server: `{"type":"subscribed","topic"}`, `{"type":"unsubscribed","topic"}`,
//!   `{"type":"event","topic","kind","id","payload","created_at"}`,
//!   `{"type":"error","code","message","topic"?}`, `{"type":"pong"}`

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use domain::betting::Odds;
use domain::events::{EventData, RiskChanged, Topic};
use engine::events::Event;
use engine::{Principal, Role};
use futures::{SinkExt, StreamExt};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::{Notify, broadcast, mpsc};
use uuid::Uuid;

use crate::credentials::token_from_headers;

/// Messages queued per connection before it counts as too slow.
pub const QUEUE_CAPACITY: usize = 256;
/// Topics one connection may hold.
pub const MAX_TOPICS: usize = 64;
/// Largest client frame in bytes.
pub const MAX_FRAME_BYTES: usize = 4096;
/// Longest topic name.
const MAX_TOPIC_LEN: usize = 128;
/// Read buffer per connection: clients only send small frames, and the
/// 128 KiB default would make 10,000 idle connections cost over 1 GiB.
const READ_BUFFER_BYTES: usize = 4096;

struct Conn {
    tx: mpsc::Sender<Utf8Bytes>,
    overflowed: AtomicBool,
    kill: Notify,
}

/// The fan-out hub: topic → connections.
#[derive(Clone, Default)]
pub struct Hub {
    inner: Arc<HubInner>,
}

#[derive(Default)]
struct HubInner {
    topics: RwLock<HashMap<String, HashMap<u64, Arc<Conn>>>>,
    next_id: AtomicU64,
}

impl Hub {
    /// Delivers one message to every subscriber of `topic`; a subscriber
    /// whose queue is full is marked and told to close.
    pub fn deliver(&self, topic: &str, message: Utf8Bytes) -> usize {
        let Ok(topics) = self.inner.topics.read() else {
            return 0;
        };
        let Some(conns) = topics.get(topic) else {
            return 0;
        };
        let mut delivered = 0;
        for conn in conns.values() {
            match conn.tx.try_send(message.clone()) {
                Ok(()) => delivered += 1,
                Err(mpsc::error::TrySendError::Full(_)) => {
                    if !conn.overflowed.swap(true, Ordering::SeqCst) {
                        conn.kill.notify_one();
                    }
                }
                Err(mpsc::error::TrySendError::Closed(_)) => {}
            }
        }
        delivered
    }

    fn add(&self, topic: &str, id: u64, conn: &Arc<Conn>) {
        if let Ok(mut topics) = self.inner.topics.write() {
            topics
                .entry(topic.to_owned())
                .or_default()
                .insert(id, conn.clone());
        }
    }

    fn remove(&self, topic: &str, id: u64) {
        if let Ok(mut topics) = self.inner.topics.write()
            && let Some(conns) = topics.get_mut(topic)
        {
            conns.remove(&id);
            if conns.is_empty() {
                topics.remove(topic);
            }
        }
    }

    /// Number of subscriptions to `topic` (tests, metrics).
    pub fn subscribers(&self, topic: &str) -> usize {
        self.inner
            .topics
            .read()
            .map(|t| t.get(topic).map_or(0, HashMap::len))
            .unwrap_or(0)
    }

    /// Sends one event to its topic's subscribers.
    fn deliver_event(&self, event: &Event) -> usize {
        let topic = event.topic.to_string();
        if self.subscribers(&topic) == 0 {
            return 0;
        }
        /// `{"type":"event", ...the event}`.
        #[derive(serde::Serialize)]
        struct Outgoing<'a> {
            r#type: &'static str,
            #[serde(flatten)]
            event: &'a Event,
        }
        match serde_json::to_string(&Outgoing {
            r#type: "event",
            event,
        }) {
            Ok(message) => self.deliver(&topic, message.into()),
            Err(e) => {
                tracing::error!(event_id = %event.id, error = %e, "event did not serialize");
                0
            }
        }
    }

    /// Forwards the bus' events to subscribers until the bus closes, through
    /// a [`Coalescer`]: bursts of odds moves of one selection go out as at
    /// most one message per window, and traders watching `risk:{event_id}`
    /// get `risk.changed` when bets on the event are placed or settled or
    /// its markets change status.
    pub async fn run(self, mut events: broadcast::Receiver<Arc<Event>>) {
        let mut coalescer = Coalescer::new(ODDS_WINDOW, RISK_WINDOW);
        loop {
            let deadline = coalescer.next_deadline();
            let received = tokio::select! {
                received = events.recv() => Some(received),
                () = sleep_until(deadline), if deadline.is_some() => None,
            };
            let now = Instant::now();
            let out = match received {
                None => coalescer.flush_due(now),
                Some(Ok(event)) => {
                    coalescer.accept(&event, now, |topic| self.subscribers(topic) > 0)
                }
                Some(Err(broadcast::error::RecvError::Lagged(n))) => {
                    tracing::warn!(missed = n, "websocket hub lagged behind the bus");
                    continue;
                }
                Some(Err(broadcast::error::RecvError::Closed)) => {
                    for event in coalescer.flush_all() {
                        self.deliver_event(&event);
                    }
                    return;
                }
            };
            for event in out {
                self.deliver_event(&event);
            }
        }
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    if let Some(deadline) = deadline {
        tokio::time::sleep_until(deadline.into()).await;
    }
}

/// Odds moves of one selection within this window after a message reach
/// subscribers as one more message, with the latest odds.
pub const ODDS_WINDOW: Duration = Duration::from_millis(200);
/// `risk.changed` for one event goes out at most once per this window
/// (plus the first at once).
pub const RISK_WINDOW: Duration = Duration::from_millis(500);

/// One key's throttle: the first event passes at once and opens a window;
/// later ones within it wait, the newest replacing the older, and go out
/// as one when it closes (which opens the next window).
struct Window {
    until: Instant,
    /// Odds the subscribers saw last (odds windows).
    last_odds: Option<Odds>,
    /// The newest event held back, and how many it stands for.
    pending: Option<(Event, u32)>,
}

/// What a window throttles: one selection's odds on a topic, or (no
/// selection) one sporting event's risk.
type WindowKey = (Topic, Option<Uuid>);

/// Coalesces the bus' events for the websockets (pure: time is passed in).
///
/// - `odds.changed` is throttled per (topic, selection): a burst of moves
///   reaches subscribers as the first move at once and then at most one
///   message per [`ODDS_WINDOW`] carrying the latest odds, its
///   `previous_odds` being what subscribers saw last (so up/down is right)
///   and `coalesced` how many moves it stands for. The final value is never
///   dropped; a burst that ends where it started sends nothing more.
/// - Any other event on a topic first flushes the odds held for that topic,
///   so a suspension never overtakes the moves before it.
/// - Bets placed or settled (`bet.*` events whose payload lists `events`)
///   and market status changes or settlements on `odds:{event_id}` yield
///   `risk.changed` on `risk:{event_id}`, throttled per event, only while
///   someone subscribes to it.
struct Coalescer {
    odds_window: Duration,
    risk_window: Duration,
    windows: HashMap<WindowKey, Window>,
}

impl Coalescer {
    fn new(odds_window: Duration, risk_window: Duration) -> Self {
        Self {
            odds_window,
            risk_window,
            windows: HashMap::new(),
        }
    }

    /// The next time a held event is due.
    fn next_deadline(&self) -> Option<Instant> {
        self.windows
            .values()
            .filter(|w| w.pending.is_some())
            .map(|w| w.until)
            .min()
    }

    /// What to deliver now for one event from the bus.
    fn accept(
        &mut self,
        event: &Event,
        now: Instant,
        watched: impl Fn(&str) -> bool,
    ) -> Vec<Event> {
        let mut out = self.flush_due(now);
        if let EventData::OddsChanged(change) = &event.data {
            self.throttle(
                (event.topic, Some(change.selection_id)),
                event.clone(),
                self.odds_window,
                now,
                &mut out,
            );
        } else {
            // Keep order on the topic: what was held goes first.
            let held: Vec<WindowKey> = self
                .windows
                .iter()
                .filter(|((topic, _), w)| *topic == event.topic && w.pending.is_some())
                .map(|(key, _)| *key)
                .collect();
            for key in held {
                if let Some(window) = self.windows.get_mut(&key) {
                    release(window, &mut out);
                }
            }
            out.push(event.clone());
        }
        for event_id in event.data.risk_events(&event.topic) {
            let topic = Topic::Risk(event_id);
            if !watched(&topic.to_string()) {
                continue;
            }
            let risk = Event::new(
                topic,
                EventData::RiskChanged(RiskChanged {
                    event_id,
                    cause: event.kind().to_owned(),
                }),
                event.created_at,
            );
            self.throttle((topic, None), risk, self.risk_window, now, &mut out);
        }
        out
    }

    fn throttle(
        &mut self,
        key: WindowKey,
        event: Event,
        window: Duration,
        now: Instant,
        out: &mut Vec<Event>,
    ) {
        let odds = match &event.data {
            EventData::OddsChanged(change) => Some(change.odds),
            _ => None,
        };
        match self.windows.get_mut(&key) {
            Some(w) if w.until > now => {
                let count = w.pending.as_ref().map_or(0, |(_, n)| *n).saturating_add(1);
                w.pending = Some((event, count));
            }
            _ => {
                out.push(event);
                self.windows.insert(
                    key,
                    Window {
                        until: now + window,
                        last_odds: odds,
                        pending: None,
                    },
                );
            }
        }
    }

    /// Releases what is due at `now` and forgets idle windows.
    fn flush_due(&mut self, now: Instant) -> Vec<Event> {
        let mut out = Vec::new();
        let odds_window = self.odds_window;
        let risk_window = self.risk_window;
        self.windows.retain(|(topic, _), w| {
            if w.until > now {
                return true;
            }
            if w.pending.is_none() {
                return false;
            }
            release(w, &mut out);
            let window = if matches!(topic, Topic::Risk(_)) {
                risk_window
            } else {
                odds_window
            };
            w.until = now + window;
            true
        });
        out.sort_by_key(|e| e.id);
        out
    }

    /// Everything held, at once (shutdown).
    fn flush_all(&mut self) -> Vec<Event> {
        let mut out = Vec::new();
        for w in self.windows.values_mut() {
            release(w, &mut out);
        }
        self.windows.clear();
        out.sort_by_key(|e| e.id);
        out
    }
}

/// Moves a window's held event to `out`, with `previous_odds` set to what
/// subscribers saw last; a move back to those odds sends nothing.
fn release(w: &mut Window, out: &mut Vec<Event>) {
    let Some((mut event, count)) = w.pending.take() else {
        return;
    };
    if let EventData::OddsChanged(change) = &mut event.data {
        if w.last_odds == Some(change.odds) {
            return;
        }
        if let Some(last) = w.last_odds {
            change.previous_odds = last;
            change.coalesced = Some(count);
        }
        w.last_odds = Some(change.odds);
    }
    out.push(event);
}

/// Why a topic is refused.
#[derive(Debug, PartialEq, Eq)]
enum TopicError {
    Unknown,
    Forbidden,
}

/// Who may subscribe to what.
fn authorize(topic: &str, principal: Option<&Principal>) -> Result<(), TopicError> {
    if topic.is_empty() || topic.len() > MAX_TOPIC_LEN {
        return Err(TopicError::Unknown);
    }
    let (prefix, rest) = topic.split_once(':').unwrap_or((topic, ""));
    match prefix {
        "odds" | "event" | "leaderboard" | "lobby" => Ok(()),
        "wallet" | "player" => match principal {
            Some(p) if p.user_id.to_string() == rest => Ok(()),
            _ => Err(TopicError::Forbidden),
        },
        "risk" => staff(principal, &[Role::Trader]),
        "campaign" => staff(principal, &[Role::Marketing]),
        "compliance" => staff(principal, &[Role::Compliance]),
        _ => Err(TopicError::Unknown),
    }
}

fn staff(principal: Option<&Principal>, roles: &[Role]) -> Result<(), TopicError> {
    match principal {
        Some(p) if p.has_any(roles) => Ok(()),
        _ => Err(TopicError::Forbidden),
    }
}

#[derive(Deserialize)]
struct ClientMessage {
    op: String,
    topic: Option<String>,
}

/// Query of the upgrade request: browsers cannot set headers on a
/// websocket, so a token may come as `?token=` (the cookie works too).
#[derive(Deserialize)]
pub struct WsQuery {
    token: Option<String>,
}

/// What the websocket endpoint needs of the application state.
#[derive(Clone)]
pub struct WsState {
    /// The services (tokens are checked at the upgrade).
    pub engine: engine::Engine,
    /// The fan-out.
    pub hub: Hub,
    /// Connection counts.
    pub metrics: Arc<crate::metrics::Metrics>,
}

/// `GET /ws`: upgrades and serves one connection.
pub async fn upgrade(
    State(state): State<WsState>,
    Query(query): Query<WsQuery>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let token = query.token.or_else(|| token_from_headers(&headers));
    let principal = match token {
        Some(token) => state.engine.auth().verify(&token).await.ok(),
        None => None,
    };
    ws.max_message_size(MAX_FRAME_BYTES)
        .max_frame_size(MAX_FRAME_BYTES)
        .read_buffer_size(READ_BUFFER_BYTES)
        // Pushes are written as they come (each is one small message), so no
        // write buffer builds up per connection.
        .write_buffer_size(0)
        .on_upgrade(move |socket| serve(socket, state, principal))
}

async fn serve(socket: WebSocket, state: WsState, principal: Option<Principal>) {
    let hub = state.hub.clone();
    let id = hub.inner.next_id.fetch_add(1, Ordering::Relaxed);
    let (tx, mut rx) = mpsc::channel::<Utf8Bytes>(QUEUE_CAPACITY);
    let conn = Arc::new(Conn {
        tx,
        overflowed: AtomicBool::new(false),
        kill: Notify::new(),
    });
    let mut topics: HashSet<String> = HashSet::new();
    let (mut sink, mut stream) = socket.split();
    state.metrics.ws_connections.inc();

    loop {
        tokio::select! {
            () = conn.kill.notified() => {
                state.metrics.ws_dropped_slow.inc();
                let _ = sink.send(Message::Close(Some(CloseFrame {
                    code: 1008,
                    reason: "too slow: queue full".into(),
                }))).await;
                break;
            }
            outgoing = rx.recv() => {
                let Some(text) = outgoing else { break };
                if sink.send(Message::Text(text)).await.is_err() {
                    break;
                }
            }
            incoming = stream.next() => {
                let text = match incoming {
                    Some(Ok(Message::Text(text))) => text,
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                    Some(Ok(Message::Binary(_))) => {
                        send_reply(&conn, json!({"type":"error","code":"bad_request","message":"Send JSON text frames."}));
                        continue;
                    }
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                };
                handle(&hub, id, &conn, &mut topics, principal.as_ref(), text.as_str());
            }
        }
    }
    for topic in &topics {
        hub.remove(topic, id);
    }
    state.metrics.ws_connections.dec();
}

fn send_reply(conn: &Arc<Conn>, value: serde_json::Value) {
    if let Err(mpsc::error::TrySendError::Full(_)) = conn.tx.try_send(value.to_string().into())
        && !conn.overflowed.swap(true, Ordering::SeqCst)
    {
        conn.kill.notify_one();
    }
}

fn handle(
    hub: &Hub,
    id: u64,
    conn: &Arc<Conn>,
    topics: &mut HashSet<String>,
    principal: Option<&Principal>,
    text: &str,
) {
    let Ok(message) = serde_json::from_str::<ClientMessage>(text) else {
        send_reply(
            conn,
            json!({"type":"error","code":"bad_request","message":"Expected {\"op\":…,\"topic\":…}."}),
        );
        return;
    };
    match (message.op.as_str(), message.topic) {
        ("ping", _) => send_reply(conn, json!({"type":"pong"})),
        ("subscribe", Some(topic)) => {
            if topics.contains(&topic) {
                send_reply(conn, json!({"type":"subscribed","topic":topic}));
                return;
            }
            if topics.len() >= MAX_TOPICS {
                send_reply(
                    conn,
                    json!({"type":"error","code":"too_many_topics","message":format!("At most {MAX_TOPICS} topics."),"topic":topic}),
                );
                return;
            }
            match authorize(&topic, principal) {
                Ok(()) => {
                    hub.add(&topic, id, conn);
                    send_reply(conn, json!({"type":"subscribed","topic":topic}));
                    topics.insert(topic);
                }
                Err(TopicError::Forbidden) => send_reply(
                    conn,
                    json!({"type":"error","code":"forbidden","message":"This topic is not yours.","topic":topic}),
                ),
                Err(TopicError::Unknown) => send_reply(
                    conn,
                    json!({"type":"error","code":"bad_request","message":"Unknown topic.","topic":topic}),
                ),
            }
        }
        ("unsubscribe", Some(topic)) => {
            if topics.remove(&topic) {
                hub.remove(&topic, id);
            }
            send_reply(conn, json!({"type":"unsubscribed","topic":topic}));
        }
        _ => send_reply(
            conn,
            json!({"type":"error","code":"bad_request","message":"Unknown op or missing topic."}),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn player(id: Uuid) -> Principal {
        Principal {
            user_id: id,
            session_id: Uuid::nil(),
            roles: vec![Role::Player],
        }
    }

    #[test]
    fn a_wallet_topic_is_only_for_its_owner() {
        let me = Uuid::now_v7();
        let other = Uuid::now_v7();
        assert_eq!(
            authorize(&format!("wallet:{me}"), Some(&player(me))),
            Ok(())
        );
        assert_eq!(
            authorize(&format!("wallet:{other}"), Some(&player(me))),
            Err(TopicError::Forbidden)
        );
        assert_eq!(
            authorize(&format!("wallet:{me}"), None),
            Err(TopicError::Forbidden)
        );
    }

    #[test]
    fn public_and_staff_topics() {
        assert_eq!(authorize("odds:abc", None), Ok(()));
        assert_eq!(
            authorize("risk:all", Some(&player(Uuid::nil()))),
            Err(TopicError::Forbidden)
        );
        assert_eq!(authorize("nonsense:x", None), Err(TopicError::Unknown));
    }

    const E1: Uuid = Uuid::from_u128(0xe1);
    const E2: Uuid = Uuid::from_u128(0xe2);

    fn selection(n: u128) -> Uuid {
        Uuid::from_u128(0x5e1 + n)
    }

    fn price(text: &str) -> Odds {
        text.parse().unwrap()
    }

    fn odds(selection: Uuid, odds: &str, previous: &str) -> Event {
        Event::new(
            Topic::Odds(E1),
            EventData::OddsChanged(domain::events::OddsChanged {
                event_id: E1,
                market_id: Uuid::from_u128(0x3a),
                selection_id: selection,
                odds: price(odds),
                previous_odds: price(previous),
                source: "trader".to_owned(),
                coalesced: None,
            }),
            chrono::DateTime::UNIX_EPOCH,
        )
    }

    fn suspended() -> Event {
        Event::new(
            Topic::Odds(E1),
            EventData::MarketStatusChanged(domain::events::MarketStatusChanged {
                event_id: E1,
                market_id: Uuid::from_u128(0x3a),
                status: "suspended".to_owned(),
            }),
            chrono::DateTime::UNIX_EPOCH,
        )
    }

    fn changed(event: &Event) -> &domain::events::OddsChanged {
        match &event.data {
            EventData::OddsChanged(change) => change,
            other => panic!("expected odds.changed, got {}", other.kind()),
        }
    }

    #[test]
    fn a_burst_of_moves_reaches_subscribers_as_the_first_and_the_last() {
        let mut c = Coalescer::new(Duration::from_millis(200), Duration::from_millis(500));
        let t0 = Instant::now();
        let mut sent = Vec::new();
        let mut previous = "2.00".to_owned();
        for i in 1..=10 {
            let now = format!("2.{i:02}");
            sent.extend(c.accept(&odds(selection(1), &now, &previous), t0, |_| false));
            previous = now;
        }
        // Another selection is not held back by the first one's window.
        sent.extend(c.accept(&odds(selection(2), "3.00", "2.50"), t0, |_| false));
        assert_eq!(sent.len(), 2);
        assert_eq!(changed(&sent[0]).odds, price("2.01"));
        assert_eq!(c.next_deadline(), Some(t0 + Duration::from_millis(200)));
        let later = c.flush_due(t0 + Duration::from_millis(200));
        assert_eq!(later.len(), 1);
        assert_eq!(changed(&later[0]).odds, price("2.10"));
        assert_eq!(changed(&later[0]).previous_odds, price("2.01"));
        assert_eq!(changed(&later[0]).coalesced, Some(9));
        assert_eq!(c.next_deadline(), None);
        // Idle windows are forgotten; the next move passes at once.
        let t1 = t0 + Duration::from_secs(1);
        assert_eq!(
            c.accept(&odds(selection(1), "2.20", "2.10"), t1, |_| false)
                .len(),
            1
        );
    }

    #[test]
    fn a_suspension_flushes_held_moves_first_and_a_round_trip_sends_nothing() {
        let mut c = Coalescer::new(Duration::from_millis(200), Duration::from_millis(500));
        let t0 = Instant::now();
        let s1 = selection(1);
        assert_eq!(c.accept(&odds(s1, "1.90", "2.00"), t0, |_| false).len(), 1);
        assert!(
            c.accept(&odds(s1, "1.80", "1.90"), t0, |_| false)
                .is_empty()
        );
        let out = c.accept(&suspended(), t0, |_| false);
        let kinds: Vec<&str> = out.iter().map(Event::kind).collect();
        assert_eq!(kinds, ["odds.changed", "market.status_changed"]);
        assert_eq!(changed(&out[0]).odds, price("1.80"));
        // Away and back within the window: subscribers already have it.
        assert!(
            c.accept(&odds(s1, "1.85", "1.80"), t0, |_| false)
                .is_empty()
        );
        assert!(
            c.accept(&odds(s1, "1.80", "1.85"), t0, |_| false)
                .is_empty()
        );
        assert!(c.flush_due(t0 + Duration::from_millis(250)).is_empty());
    }

    #[test]
    fn bets_and_market_changes_yield_throttled_risk_events_for_watched_events() {
        let mut c = Coalescer::new(Duration::from_millis(200), Duration::from_millis(500));
        let t0 = Instant::now();
        let player = Uuid::from_u128(0x91);
        let placed = Event::new(
            Topic::Player(player),
            EventData::BetPlaced(domain::events::BetPlaced {
                bet_id: Uuid::from_u128(0xb1),
                player_id: player,
                kind: "accumulator".to_owned(),
                system: None,
                total_stake: "1.00".to_owned(),
                potential_return: "4.00".to_owned(),
                currency: domain::money::Currency::EUR,
                selections: vec![selection(1), selection(2), selection(3)],
                markets: vec![Uuid::from_u128(0x3a); 3],
                events: vec![E1, E2, E1],
                free_bet: false,
            }),
            chrono::DateTime::UNIX_EPOCH,
        );
        let watched = Topic::Risk(E1).to_string();
        let out = c.accept(&placed, t0, |topic| topic == watched);
        let topics: Vec<Topic> = out.iter().map(|e| e.topic).collect();
        assert_eq!(topics, [Topic::Player(player), Topic::Risk(E1)]);
        assert_eq!(out[1].kind(), "risk.changed");
        assert_eq!(c.accept(&suspended(), t0, |t| t == watched).len(), 1);
        let due = c.flush_due(t0 + Duration::from_millis(500));
        assert_eq!(due.len(), 1);
        match &due[0].data {
            EventData::RiskChanged(risk) => assert_eq!(risk.cause, "market.status_changed"),
            other => panic!("expected risk.changed, got {}", other.kind()),
        }
    }

    #[tokio::test]
    async fn a_full_queue_marks_the_slow_client_for_dropping() {
        let hub = Hub::default();
        let (tx, _rx) = mpsc::channel(2);
        let conn = Arc::new(Conn {
            tx,
            overflowed: AtomicBool::new(false),
            kill: Notify::new(),
        });
        hub.add("odds:x", 1, &conn);
        assert_eq!(hub.deliver("odds:x", "a".into()), 1);
        assert_eq!(hub.deliver("odds:x", "b".into()), 1);
        assert_eq!(hub.deliver("odds:x", "c".into()), 0);
        assert!(conn.overflowed.load(Ordering::SeqCst));
    }
}
