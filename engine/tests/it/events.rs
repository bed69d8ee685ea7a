//! The outbox and the bus: in-process and over the local NATS JetStream
//! server (`NATS_URL`, default nats://127.0.0.1:4222).

use std::time::Duration;

use engine::events::{self, Event, EventBus};
use engine::testing::TestDb;
use serde_json::json;
use uuid::Uuid;

fn nats_url() -> String {
    std::env::var("NATS_URL").unwrap_or_else(|_| "nats://127.0.0.1:4222".to_owned())
}

async fn receive(
    rx: &mut tokio::sync::broadcast::Receiver<std::sync::Arc<Event>>,
    id: Uuid,
) -> Event {
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let event = rx.recv().await.expect("bus open");
            if event.id == id {
                return (*event).clone();
            }
        }
    })
    .await
    .expect("the event arrives")
}

#[tokio::test]
async fn the_dispatcher_delivers_committed_events_once_and_marks_them() {
    let db = TestDb::new().await.unwrap();
    let bus = EventBus::in_process();
    let mut rx = bus.subscribe();
    let id = events::enqueue(&db.db, "test.happened", "lobby", json!({"x": 1}))
        .await
        .unwrap();
    assert_eq!(events::dispatch_once(&db.db, &bus).await.unwrap(), 1);
    let event = receive(&mut rx, id).await;
    assert_eq!(event.kind, "test.happened");
    assert_eq!(event.payload, json!({"x": 1}));
    assert_eq!(events::pending_count(&db.db).await.unwrap(), 0);
    // A second pass has nothing left to send.
    assert_eq!(events::dispatch_once(&db.db, &bus).await.unwrap(), 0);
}

#[tokio::test]
async fn an_event_rolled_back_with_its_change_is_never_published() {
    use sea_orm::TransactionTrait;
    let db = TestDb::new().await.unwrap();
    let txn = db.db.begin().await.unwrap();
    events::enqueue(&txn, "test.rolled_back", "lobby", json!({}))
        .await
        .unwrap();
    txn.rollback().await.unwrap();
    assert_eq!(events::pending_count(&db.db).await.unwrap(), 0);
}

#[tokio::test]
async fn consumers_handle_an_event_once() {
    let db = TestDb::new().await.unwrap();
    let id = Uuid::now_v7();
    assert!(events::mark_processed(&db.db, "bonus", id).await.unwrap());
    assert!(!events::mark_processed(&db.db, "bonus", id).await.unwrap());
    assert!(events::mark_processed(&db.db, "loyalty", id).await.unwrap());
}

#[tokio::test]
async fn jetstream_deduplicates_by_event_id_and_fans_out() {
    let bus = EventBus::nats(&nats_url())
        .await
        .expect("local NATS with JetStream");
    let mut rx = bus.subscribe();
    let event = Event {
        id: Uuid::now_v7(),
        kind: "test.nats".to_owned(),
        topic: "lobby".to_owned(),
        payload: json!({"hello": "world"}),
        created_at: chrono::Utc::now(),
    };
    assert!(
        bus.publish(&event).await.unwrap(),
        "first publish is stored"
    );
    assert!(
        !bus.publish(&event).await.unwrap(),
        "the repeat is a duplicate"
    );
    let received = receive(&mut rx, event.id).await;
    assert_eq!(received, event);
}

#[tokio::test]
async fn the_outbox_dispatches_through_jetstream() {
    let db = TestDb::new().await.unwrap();
    let bus = EventBus::nats(&nats_url())
        .await
        .expect("local NATS with JetStream");
    let mut rx = bus.subscribe();
    let id = events::enqueue(&db.db, "test.via_nats", "lobby", json!({"n": 7}))
        .await
        .unwrap();
    assert_eq!(events::dispatch_once(&db.db, &bus).await.unwrap(), 1);
    assert_eq!(receive(&mut rx, id).await.payload, json!({"n": 7}));
    assert_eq!(events::pending_count(&db.db).await.unwrap(), 0);
}

#[tokio::test]
async fn a_durable_consumer_is_shared_by_name() {
    let bus = EventBus::nats(&nats_url())
        .await
        .expect("local NATS with JetStream");
    let name = format!("test_{}", Uuid::now_v7().simple());
    let consumer = bus
        .durable_consumer(&name)
        .await
        .unwrap()
        .expect("a consumer on NATS");
    let again = bus
        .durable_consumer(&name)
        .await
        .unwrap()
        .expect("the same consumer");
    assert_eq!(
        consumer.cached_info().config.durable_name,
        again.cached_info().config.durable_name
    );
    assert!(
        EventBus::in_process()
            .durable_consumer(&name)
            .await
            .unwrap()
            .is_none()
    );
}
