//! Events: the transactional outbox, the dispatcher that publishes it, and
//! the bus: in-process (tokio broadcast) by default, NATS JetStream when
//! configured (a durable stream with de-duplication by event id).
//!
//! Delivery is at least once; consumers are idempotent by event id through
//! [`mark_processed`]. Rows still pending at start are replayed.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, SqlErr,
};
use serde::{Deserialize, Serialize};
use tokio::sync::{Notify, broadcast};
use uuid::Uuid;

use entity::{outbox, processed_events};

/// How long the dispatcher gathers events after a wake-up before it
/// delivers them: the most an event waits for a relay that has nothing
/// else to do.
const GATHER: Duration = Duration::from_millis(20);
/// Largest batch the dispatcher takes from the outbox at once.
const BATCH: u64 = 1_024;
/// Capacity of the in-process fan-out channel; a receiver that lags further
/// loses the oldest events and is told how many.
const FANOUT_CAPACITY: usize = 4096;
/// The JetStream stream and subject prefix.
const STREAM: &str = "CROUPIER_EVENTS";
const SUBJECT_PREFIX: &str = "croupier.events";

pub mod consumer;

pub use domain::events::{EventData, Topic};

/// One event, as published: `{"id", "topic", "kind", "payload",
/// "created_at"}` on the bus and to websocket clients.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Unique id (UUID v7); the de-duplication key everywhere.
    pub id: Uuid,
    /// Who it is for.
    pub topic: Topic,
    /// What happened (its kind and payload).
    #[serde(flatten)]
    pub data: EventData,
    /// Commit time of the change.
    pub created_at: DateTime<Utc>,
}

impl Event {
    /// A new event (a fresh id) created at `created_at`.
    pub fn new(topic: Topic, data: EventData, created_at: DateTime<Utc>) -> Self {
        Self {
            id: Uuid::now_v7(),
            topic,
            data,
            created_at,
        }
    }

    /// The event's kind (`bet.placed`).
    pub fn kind(&self) -> &'static str {
        self.data.kind()
    }

    /// Reads an outbox row; `None` for a kind or payload this build cannot
    /// read (a row written by a newer build), which is skipped with a
    /// warning rather than stopping the relay.
    pub(crate) fn from_row(row: &outbox::Model) -> Option<Self> {
        let topic = row.topic.parse().ok();
        let mut payload = serde_json::Deserializer::from_str(&row.payload);
        let data = EventData::deserialize_payload(&row.kind, &mut payload);
        match (topic, data) {
            (Some(topic), Ok(Some(data))) => Some(Self {
                id: row.id,
                topic,
                data,
                created_at: row.created_at,
            }),
            (topic, data) => {
                tracing::warn!(
                    event_id = %row.id,
                    kind = %row.kind,
                    topic = %row.topic,
                    known_topic = topic.is_some(),
                    error = ?data.err(),
                    "an outbox row this build cannot read is skipped"
                );
                None
            }
        }
    }
}

/// The payload alone, as the outbox stores it.
struct PayloadOf<'a>(&'a EventData);

impl Serialize for PayloadOf<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_payload(serializer)
    }
}

/// Writes an event created `at` (the engine's time) to the outbox in the
/// caller's transaction, so it exists exactly when the change it describes
/// does.
pub async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    at: DateTime<Utc>,
    topic: Topic,
    data: EventData,
) -> Result<Uuid, DbErr> {
    let mut pending = Pending::new(at);
    let id = pending.push(topic, data);
    pending.flush(conn).await?;
    Ok(id)
}

/// Events written together: collected while a transaction works, then
/// inserted into the outbox together ([`crate::db::insert_all`]) in that
/// transaction (so they exist exactly when the change does), all created
/// at one time.
pub struct Pending {
    rows: Vec<outbox::ActiveModel>,
    at: DateTime<Utc>,
}

impl Pending {
    /// No events yet; those pushed are created `at` (the engine's time).
    pub fn new(at: DateTime<Utc>) -> Self {
        Self {
            rows: Vec::new(),
            at,
        }
    }

    /// Adds an event; returns its id.
    pub fn push(&mut self, topic: Topic, data: EventData) -> Uuid {
        let id = Uuid::now_v7();
        // A payload of strings, numbers and ids always serializes.
        let payload = serde_json::to_string(&PayloadOf(&data)).unwrap_or_else(|e| {
            tracing::error!(kind = data.kind(), error = %e, "event payload did not serialize");
            "null".to_owned()
        });
        self.rows.push(outbox::ActiveModel {
            id: Set(id),
            kind: Set(data.kind().to_owned()),
            topic: Set(topic.to_string()),
            payload: Set(payload),
            created_at: Set(self.at),
            published_at: Set(None),
            attempts: Set(0),
        });
        id
    }

    /// Writes the collected events to the outbox in `conn`'s transaction.
    pub async fn flush<C: ConnectionTrait>(self, conn: &C) -> Result<(), DbErr> {
        crate::db::insert_all(conn, self.rows).await
    }

    /// [`Pending::flush`], gathered into `writes`.
    pub async fn gather<C: ConnectionTrait>(
        self,
        conn: &C,
        writes: &mut crate::db::Writes,
    ) -> Result<(), DbErr> {
        writes.insert_all(conn, self.rows).await
    }
}

/// Records that `consumer` handled `event_id` `at` (the engine's time), in
/// the caller's transaction. Returns false when it had already been
/// handled: the caller then skips (and rolls back) its effect.
pub async fn mark_processed<C: ConnectionTrait>(
    conn: &C,
    consumer: &str,
    event_id: Uuid,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let row = processed_events::ActiveModel {
        consumer: Set(consumer.to_owned()),
        event_id: Set(event_id),
        processed_at: Set(at),
    };
    match processed_events::Entity::insert(row).exec(conn).await {
        Ok(_) => Ok(true),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Where events go.
enum Transport {
    InProcess,
    Nats(Box<Nats>),
}

/// The NATS connection and its JetStream context.
struct Nats {
    client: async_nats::Client,
    jetstream: async_nats::jetstream::Context,
}

/// The event bus handle: cheap to clone.
#[derive(Clone)]
pub struct EventBus {
    inner: Arc<BusInner>,
}

struct BusInner {
    transport: Transport,
    fanout: broadcast::Sender<Arc<Event>>,
    wake: Notify,
}

impl EventBus {
    /// An in-process bus.
    pub fn in_process() -> Self {
        Self::with(Transport::InProcess)
    }

    /// A bus over NATS JetStream at `url`: makes sure the durable stream
    /// exists (two-minute de-duplication window) and forwards every event
    /// published by any replica to this replica's local subscribers.
    pub async fn nats(url: &str) -> anyhow::Result<Self> {
        let client = async_nats::connect(url).await?;
        let jetstream = async_nats::jetstream::new(client.clone());
        jetstream
            .get_or_create_stream(async_nats::jetstream::stream::Config {
                name: STREAM.to_owned(),
                subjects: vec![format!("{SUBJECT_PREFIX}.>")],
                duplicate_window: Duration::from_secs(120),
                max_age: Duration::from_secs(7 * 24 * 3600),
                ..Default::default()
            })
            .await
            .map_err(|e| anyhow::anyhow!("creating the JetStream stream: {e}"))?;
        let mut subscriber = client.subscribe(format!("{SUBJECT_PREFIX}.>")).await?;
        let bus = Self::with(Transport::Nats(Box::new(Nats { client, jetstream })));
        let fanout = bus.inner.fanout.clone();
        tokio::spawn(async move {
            while let Some(message) = subscriber.next().await {
                match serde_json::from_slice::<Event>(&message.payload) {
                    Ok(event) => {
                        let _ = fanout.send(Arc::new(event));
                    }
                    Err(e) => tracing::warn!(error = %e, "undecodable event on the bus"),
                }
            }
        });
        Ok(bus)
    }

    fn with(transport: Transport) -> Self {
        let (fanout, _) = broadcast::channel(FANOUT_CAPACITY);
        Self {
            inner: Arc::new(BusInner {
                transport,
                fanout,
                wake: Notify::new(),
            }),
        }
    }

    /// True when events travel over NATS.
    pub fn is_nats(&self) -> bool {
        matches!(self.inner.transport, Transport::Nats(_))
    }

    /// Every event delivered on this replica from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Event>> {
        self.inner.fanout.subscribe()
    }

    /// Tells the dispatcher that new rows were committed.
    pub fn wake(&self) {
        self.inner.wake.notify_one();
    }

    /// Publishes one event. On NATS it waits for the stream's ack; a
    /// duplicate (same id within the window) is acknowledged, not stored.
    /// Returns false for such a duplicate.
    pub async fn publish(&self, event: &Event) -> anyhow::Result<bool> {
        match &self.inner.transport {
            Transport::InProcess => {
                let _ = self.inner.fanout.send(Arc::new(event.clone()));
                Ok(true)
            }
            Transport::Nats(nats) => {
                let jetstream = &nats.jetstream;
                let subject = format!("{SUBJECT_PREFIX}.{}", event.kind());
                let body = serde_json::to_vec(event)?;
                let ack = jetstream
                    .send_publish(
                        subject,
                        async_nats::jetstream::message::PublishMessage::build()
                            .payload(body.into())
                            .message_id(event.id.to_string()),
                    )
                    .await
                    .map_err(|e| anyhow::anyhow!("publishing: {e}"))?
                    .await
                    .map_err(|e| anyhow::anyhow!("awaiting the ack: {e}"))?;
                if ack.duplicate {
                    tracing::debug!(event_id = %event.id, "duplicate publish ignored by the stream");
                }
                Ok(!ack.duplicate)
            }
        }
    }

    /// A durable JetStream pull consumer shared by every replica under
    /// `name`: each event goes to one of them. None on the in-process bus.
    pub async fn durable_consumer(
        &self,
        name: &str,
    ) -> anyhow::Result<
        Option<
            async_nats::jetstream::consumer::Consumer<
                async_nats::jetstream::consumer::pull::Config,
            >,
        >,
    > {
        let Transport::Nats(nats) = &self.inner.transport else {
            return Ok(None);
        };
        let stream = nats
            .jetstream
            .get_stream(STREAM)
            .await
            .map_err(|e| anyhow::anyhow!("opening the stream: {e}"))?;
        let consumer = stream
            .get_or_create_consumer(
                name,
                async_nats::jetstream::consumer::pull::Config {
                    durable_name: Some(name.to_owned()),
                    ack_policy: async_nats::jetstream::consumer::AckPolicy::Explicit,
                    ..Default::default()
                },
            )
            .await
            .map_err(|e| anyhow::anyhow!("creating consumer {name}: {e}"))?;
        Ok(Some(consumer))
    }

    /// Flushes the NATS connection (tests, shutdown).
    pub async fn flush(&self) -> anyhow::Result<()> {
        if let Transport::Nats(nats) = &self.inner.transport {
            nats.client.flush().await?;
        }
        Ok(())
    }
}

/// Publishes one batch of pending outbox rows, oldest first, and marks them
/// delivered. Returns how many were published. On PostgreSQL the rows are
/// claimed with `FOR UPDATE SKIP LOCKED` so replicas share the work; the
/// bus' de-duplication covers the rest.
pub async fn dispatch_once(db: &DatabaseConnection, bus: &EventBus) -> anyhow::Result<usize> {
    // A cheap read first, so an idle dispatcher never takes the write lock
    // (in id order, as the partial index of undelivered rows has them:
    // without order and without statistics, a planner may walk the
    // delivered rows to find one).
    let any_pending = outbox::Entity::find()
        .filter(outbox::Column::PublishedAt.is_null())
        .order_by_asc(outbox::Column::Id)
        .one(db)
        .await?
        .is_some();
    if !any_pending {
        return Ok(0);
    }
    let txn = crate::db::begin_write(db).await?;
    let mut query = outbox::Entity::find()
        .filter(outbox::Column::PublishedAt.is_null())
        .order_by_asc(outbox::Column::Id)
        .limit(BATCH);
    if db.get_database_backend() == DatabaseBackend::Postgres {
        query = query.lock_with_behavior(
            sea_orm::sea_query::LockType::Update,
            sea_orm::sea_query::LockBehavior::SkipLocked,
        );
    }
    let rows = query.all(&txn).await?;
    let mut published = Vec::with_capacity(rows.len());
    for row in &rows {
        let Some(event) = Event::from_row(row) else {
            // Marked delivered: nothing here can read it, and it must not
            // hold back the rows behind it.
            published.push(row.id);
            continue;
        };
        match bus.publish(&event).await {
            Ok(_) => published.push(row.id),
            Err(e) => {
                // Keep order: stop at the first failure and retry later.
                tracing::warn!(event_id = %row.id, error = %e, "publishing failed; will retry");
                outbox::Entity::update_many()
                    .col_expr(
                        outbox::Column::Attempts,
                        sea_orm::sea_query::ExprTrait::add(
                            sea_orm::sea_query::Expr::col(outbox::Column::Attempts),
                            1,
                        ),
                    )
                    .filter(outbox::Column::Id.eq(row.id))
                    .exec(&txn)
                    .await?;
                break;
            }
        }
    }
    if !published.is_empty() {
        outbox::Entity::update_many()
            .col_expr(
                outbox::Column::PublishedAt,
                // When the relay published them: the machine's time.
                sea_orm::sea_query::Expr::value(Some(Utc::now())),
            )
            .filter(crate::db::one_of(
                db.get_database_backend(),
                outbox::Column::Id,
                published.clone(),
            ))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(published.len())
}

/// Runs the dispatcher until the process ends: drains the outbox (which
/// replays whatever was left undelivered by a previous run), then waits for
/// a wake-up or a short poll interval.
pub async fn run_dispatcher(db: DatabaseConnection, bus: EventBus) {
    loop {
        match dispatch_once(&db, &bus).await {
            Ok(n) if n as u64 == BATCH => continue,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "outbox dispatch failed"),
        }
        tokio::select! {
            () = bus.inner.wake.notified() => {}
            () = tokio::time::sleep(Duration::from_millis(500)) => {}
        }
        // Every committed transaction wakes the relay: under load, waiting
        // a moment lets one relay transaction carry the events of many
        // (the relay's own updates and commits were the largest share of
        // the database's work in a placement benchmark).
        tokio::time::sleep(GATHER).await;
    }
}

/// Pending (undelivered) outbox rows, for metrics and tests.
pub async fn pending_count(db: &DatabaseConnection) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    outbox::Entity::find()
        .filter(outbox::Column::PublishedAt.is_null())
        .count(db)
        .await
}
