//! Websockets at `/ws`: clients subscribe to topics and receive the bus'
//! events for them. Private topics (`wallet:{player_id}`,
//! `player:{player_id}`) are for their owner only; staff topics need a
//! back-office role. Every connection has a bounded queue: a client too slow
//! to drain it is dropped, so memory never grows with a slow reader.
//!
//! Protocol (JSON text frames):
//! - client: `{"op":"subscribe","topic":"odds:…"}`, `{"op":"unsubscribe","topic":…}`, `{"op":"ping"}`
//! - server: `{"type":"subscribed","topic"}`, `{"type":"unsubscribed","topic"}`,
//!   `{"type":"event","topic","kind","id","payload","created_at"}`,
//!   `{"type":"error","code","message","topic"?}`, `{"type":"pong"}`

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use engine::{Principal, Role};
use futures::{SinkExt, StreamExt};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::{Notify, broadcast, mpsc};

use crate::api::extract::token_from_headers;
use crate::state::AppState;

/// Messages queued per connection before it counts as too slow.
pub const QUEUE_CAPACITY: usize = 256;
/// Topics one connection may hold.
pub const MAX_TOPICS: usize = 64;
/// Largest client frame in bytes.
pub const MAX_FRAME_BYTES: usize = 4096;
/// Longest topic name.
const MAX_TOPIC_LEN: usize = 128;

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

    /// Forwards the bus' events to subscribers until the bus closes.
    pub async fn run(self, mut events: broadcast::Receiver<Arc<engine::events::Event>>) {
        loop {
            match events.recv().await {
                Ok(event) => {
                    let message = json!({
                        "type": "event",
                        "topic": event.topic,
                        "kind": event.kind,
                        "id": event.id,
                        "payload": event.payload,
                        "created_at": event.created_at,
                    })
                    .to_string();
                    self.deliver(&event.topic, message.into());
                }
                Err(broadcast::error::RecvError::Lagged(n)) => {
                    tracing::warn!(missed = n, "websocket hub lagged behind the bus");
                }
                Err(broadcast::error::RecvError::Closed) => return,
            }
        }
    }
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

/// `GET /ws`: upgrades and serves one connection.
pub async fn upgrade(
    State(state): State<AppState>,
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
        .on_upgrade(move |socket| serve(socket, state, principal))
}

async fn serve(socket: WebSocket, state: AppState, principal: Option<Principal>) {
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
