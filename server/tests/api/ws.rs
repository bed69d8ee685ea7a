//! A websocket client for the tests: connect (anonymous or with a token),
//! send frames, read the next JSON message, subscribe and wait for the
//! server's answer, wait for an event of a kind.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use crate::common::TestApp;

pub type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// How long a test waits for a message it expects.
pub const WAIT: Duration = Duration::from_secs(10);

/// Connects to `/ws`, with `token` when given.
pub async fn connect(app: &TestApp, token: Option<&str>) -> Ws {
    let url = match token {
        Some(t) => format!("ws://{}/ws?token={t}", app.addr),
        None => format!("ws://{}/ws", app.addr),
    };
    tokio_tungstenite::connect_async(url)
        .await
        .expect("websocket")
        .0
}

/// Sends one JSON frame.
pub async fn send(ws: &mut Ws, value: Value) {
    ws.send(Message::text(value.to_string())).await.unwrap();
}

/// The next JSON message, or None after `wait` without one.
pub async fn next_within(ws: &mut Ws, wait: Duration) -> Option<Value> {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let message = tokio::time::timeout_at(deadline, ws.next()).await.ok()?;
        if let Message::Text(text) = message.expect("stream open").expect("frame") {
            return Some(serde_json::from_str(text.as_str()).unwrap());
        }
    }
}

/// The next JSON message (fails the test after [`WAIT`] without one).
pub async fn next_json(ws: &mut Ws) -> Value {
    next_within(ws, WAIT).await.expect("a message within 10 s")
}

/// Subscribes and returns the server's answer (`subscribed` or an error):
/// once it is `subscribed`, everything published to the topic arrives.
/// Events that come before the answer are skipped: the server joins the
/// topic before it answers, so something committed before the call (a
/// registration, a deposit) may be published in between.
pub async fn subscribe(ws: &mut Ws, topic: &str) -> Value {
    send(ws, json!({"op": "subscribe", "topic": topic})).await;
    loop {
        let answer = next_json(ws).await;
        if answer["type"] != "event" {
            return answer;
        }
    }
}

/// Connects and subscribes to each of `topics`, waiting for every
/// confirmation (fails the test on a refusal).
pub async fn subscribed(app: &TestApp, token: Option<&str>, topics: &[String]) -> Ws {
    let mut ws = connect(app, token).await;
    for topic in topics {
        let answer = subscribe(&mut ws, topic).await;
        assert_eq!(
            answer,
            json!({"type": "subscribed", "topic": topic}),
            "subscribing to {topic}"
        );
    }
    ws
}

/// The next event of `kind`, skipping other messages.
pub async fn next_event(ws: &mut Ws, kind: &str) -> Value {
    loop {
        let v = next_json(ws).await;
        if v["type"] == "event" && v["kind"] == kind {
            return v;
        }
    }
}
