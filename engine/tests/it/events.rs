//! The outbox and the bus: in-process and over the local NATS JetStream
//! server (`NATS_URL`, default nats://127.0.0.1:4222).

use std::time::Duration;

use domain::events::{EventData, LoggedIn, Topic};
use engine::events::{self, Event, EventBus};
use engine::testing::TestDb;
use uuid::Uuid;

use crate::common::t0;

/// A login of a fresh user: an event any test can send.
fn logged_in() -> (Topic, EventData) {
    let user_id = Uuid::now_v7();
    (
        Topic::Player(user_id),
        EventData::LoggedIn(LoggedIn { user_id }),
    )
}

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
    let (topic, data) = logged_in();
    let id = events::enqueue(&db.db, t0(), topic, data.clone())
        .await
        .unwrap();
    assert_eq!(events::dispatch_once(&db.db, &bus).await.unwrap(), 1);
    let event = receive(&mut rx, id).await;
    assert_eq!(event.kind(), "player.logged_in");
    assert_eq!((event.topic, event.data), (topic, data));
    assert_eq!(events::pending_count(&db.db).await.unwrap(), 0);
    // A second pass has nothing left to send.
    assert_eq!(events::dispatch_once(&db.db, &bus).await.unwrap(), 0);
}

/// A row written by a newer build (a kind this one does not know) is
/// passed over and marked, so it never holds back the rows behind it.
#[tokio::test]
async fn an_outbox_row_this_build_cannot_read_does_not_hold_back_the_rest() {
    use sea_orm::{ActiveModelTrait, Set};
    let db = TestDb::new().await.unwrap();
    let bus = EventBus::in_process();
    let mut rx = bus.subscribe();
    entity::outbox::ActiveModel {
        id: Set(Uuid::now_v7()),
        kind: Set("future.kind".to_owned()),
        topic: Set("lobby".to_owned()),
        payload: Set("{\"x\":1}".to_owned()),
        created_at: Set(chrono::Utc::now()),
        published_at: Set(None),
        attempts: Set(0),
    }
    .insert(&db.db)
    .await
    .unwrap();
    let (topic, data) = logged_in();
    let id = events::enqueue(&db.db, t0(), topic, data.clone())
        .await
        .unwrap();
    assert_eq!(events::dispatch_once(&db.db, &bus).await.unwrap(), 2);
    assert_eq!(receive(&mut rx, id).await.data, data);
    assert_eq!(events::pending_count(&db.db).await.unwrap(), 0);
}

#[tokio::test]
async fn an_event_rolled_back_with_its_change_is_never_published() {
    use sea_orm::TransactionTrait;
    let db = TestDb::new().await.unwrap();
    let txn = db.db.begin().await.unwrap();
    let (topic, data) = logged_in();
    events::enqueue(&txn, t0(), topic, data).await.unwrap();
    txn.rollback().await.unwrap();
    assert_eq!(events::pending_count(&db.db).await.unwrap(), 0);
}

#[tokio::test]
async fn consumers_handle_an_event_once() {
    let db = TestDb::new().await.unwrap();
    let id = Uuid::now_v7();
    assert!(
        events::mark_processed(&db.db, "bonus", id, t0())
            .await
            .unwrap()
    );
    assert!(
        !events::mark_processed(&db.db, "bonus", id, t0())
            .await
            .unwrap()
    );
    assert!(
        events::mark_processed(&db.db, "loyalty", id, t0())
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn jetstream_deduplicates_by_event_id_and_fans_out() {
    let bus = EventBus::nats(&nats_url())
        .await
        .expect("local NATS with JetStream");
    let mut rx = bus.subscribe();
    let (topic, data) = logged_in();
    let event = Event::new(topic, data, t0());
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
    let (topic, data) = logged_in();
    let id = events::enqueue(&db.db, t0(), topic, data.clone())
        .await
        .unwrap();
    assert_eq!(events::dispatch_once(&db.db, &bus).await.unwrap(), 1);
    assert_eq!(receive(&mut rx, id).await.data, data);
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
