//! Websockets and the outbox, end to end: a real websocket client, topic
//! authorization, events committed with a change reaching their topic, and
//! undelivered outbox rows replayed at start.

use std::time::Duration;

use crate::common::{spawn, unique_email};
use crate::ws::{connect, next_json, send, subscribe};
use futures::SinkExt;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

#[tokio::test]
async fn a_player_receives_events_on_their_own_topic_only() {
    let app = spawn().await;
    let email = unique_email("ws");
    let (player_id, token) = app.register(&email).await;
    let (other_id, _) = app.register(&unique_email("other")).await;
    let mut ws = connect(&app, Some(&token)).await;

    let player_topic = format!("player:{player_id}");
    assert_eq!(
        subscribe(&mut ws, &player_topic).await,
        json!({"type": "subscribed", "topic": player_topic})
    );
    let refused = subscribe(&mut ws, &format!("wallet:{other_id}")).await;
    assert_eq!(refused["type"], "error");
    assert_eq!(refused["code"], "forbidden");

    // Logging in commits a `player.logged_in` event with the session. The
    // registration's own event may still be on its way: skip it.
    app.login(&email, "player-pass-1").await;
    let mut event = next_json(&mut ws).await;
    while event["kind"] == "player.registered" {
        event = next_json(&mut ws).await;
    }
    assert_eq!(event["type"], "event");
    assert_eq!(event["kind"], "player.logged_in");
    assert_eq!(event["topic"], format!("player:{player_id}"));
    assert_eq!(event["payload"]["user_id"], player_id);
}

#[tokio::test]
async fn anonymous_clients_get_public_topics_only_and_bad_frames_get_errors() {
    let app = spawn().await;
    let mut ws = connect(&app, None).await;
    send(&mut ws, json!({"op": "subscribe", "topic": "odds:demo"})).await;
    assert_eq!(next_json(&mut ws).await["type"], "subscribed");
    send(
        &mut ws,
        json!({"op": "subscribe", "topic": format!("wallet:{}", uuid::Uuid::now_v7())}),
    )
    .await;
    assert_eq!(next_json(&mut ws).await["code"], "forbidden");
    send(&mut ws, json!({"op": "subscribe", "topic": "risk:all"})).await;
    assert_eq!(next_json(&mut ws).await["code"], "forbidden");
    ws.send(Message::text("{garbage")).await.unwrap();
    assert_eq!(next_json(&mut ws).await["code"], "bad_request");
    send(&mut ws, json!({"op": "ping"})).await;
    assert_eq!(next_json(&mut ws).await["type"], "pong");
    send(&mut ws, json!({"op": "unsubscribe", "topic": "odds:demo"})).await;
    assert_eq!(next_json(&mut ws).await["type"], "unsubscribed");
}

#[tokio::test]
async fn a_client_may_hold_a_bounded_number_of_topics() {
    let app = spawn().await;
    let mut ws = connect(&app, None).await;
    for i in 0..server::ws::MAX_TOPICS {
        send(
            &mut ws,
            json!({"op": "subscribe", "topic": format!("odds:{i}")}),
        )
        .await;
        assert_eq!(next_json(&mut ws).await["type"], "subscribed");
    }
    send(
        &mut ws,
        json!({"op": "subscribe", "topic": "odds:one-more"}),
    )
    .await;
    assert_eq!(next_json(&mut ws).await["code"], "too_many_topics");
}

#[tokio::test]
async fn outbox_rows_left_undelivered_are_replayed_at_start() {
    let db = engine::testing::TestDb::new().await.unwrap();
    let user_id = uuid::Uuid::now_v7();
    let id = engine::events::enqueue(
        &db.db,
        chrono::Utc::now(),
        domain::events::Topic::Player(user_id),
        domain::events::EventData::LoggedIn(domain::events::LoggedIn { user_id }),
    )
    .await
    .unwrap();
    assert_eq!(engine::events::pending_count(&db.db).await.unwrap(), 1);
    let data_dir = std::env::temp_dir().join(format!("croupier-replay-{id}"));
    let server = server::Server::build(crate::common::settings(&db.url, &data_dir))
        .await
        .unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while engine::events::pending_count(&db.db).await.unwrap() > 0 {
        assert!(tokio::time::Instant::now() < deadline, "outbox not drained");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop(server);
    let _ = std::fs::remove_dir_all(data_dir);
}
