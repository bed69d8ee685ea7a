//! The outbox consumer runner: one loop shared by every consumer of the
//! platform's events (campaign awards, leaderboard scores, loyalty points),
//! so each keeps up with the bet stream the same way.
//!
//! Rules:
//! - Fast path: an event the bus delivers is taken at once and handled in
//!   its own task, at most [`Consumer::concurrency`] at a time; waiting for
//!   a permit is the back-pressure (the bus buffers meanwhile, and the
//!   sweep catches what it drops). The loop itself never waits on a
//!   handler, so one slow event never holds up the next.
//! - Catch-up: every [`Consumer::sweep_every`] the runner re-reads the
//!   outbox rows of the consumer's kinds written since its last sweep
//!   (minus [`SWEEP_OVERLAP`], for transactions that committed late), and
//!   at start those of the last [`Consumer::startup_lookback`]. A sweep
//!   runs beside the bus loop, never inside it: a sweep inside the loop
//!   leaves the bus unread for seconds, the bus drops events meanwhile, and
//!   those wait for the next sweep.
//! - An event is marked taken when it is received (from the bus or a
//!   sweep), so the sweep skips what the bus already delivered; a handler
//!   that fails releases it, and the next sweep retries it. At most
//!   [`REMEMBERED`] ids are kept, oldest forgotten first.
//! - Handlers must be idempotent by event id (`mark_processed` in the
//!   transaction that has the effect): NATS delivers to every replica, and
//!   the sweep may re-read an event another process handled.
//! - Failures are logged by the handler and left to the next sweep; they
//!   never stop the runner.

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

use super::Event;
use crate::Engine;
use entity::outbox;

/// How far back a sweep reaches before the previous one's start.
pub const SWEEP_OVERLAP: chrono::Duration = chrono::Duration::seconds(60);
/// Most outbox rows one sweep reads at once.
pub const SWEEP_BATCH: u64 = 20_000;
/// Sweep rows handled at once.
const SWEEP_CHUNK: usize = 1_024;
/// Event ids remembered as taken.
pub const REMEMBERED: usize = 200_000;

/// Handles one event; answers whether it is done (false: the next sweep
/// retries it). Errors are the handler's to log.
pub type Handler = Arc<dyn Fn(Engine, Arc<Event>) -> BoxFuture<'static, bool> + Send + Sync>;

/// What a consumer reads and how hard it may push.
#[derive(Debug, Clone, Copy)]
pub struct Consumer {
    /// Its name in logs.
    pub name: &'static str,
    /// The outbox kinds it handles.
    pub kinds: &'static [&'static str],
    /// Events handled at once.
    pub concurrency: usize,
    /// Between two catch-up sweeps.
    pub sweep_every: Duration,
    /// How far back the first sweep after start reaches.
    pub startup_lookback: chrono::Duration,
}

/// Wraps a handler that answers a result: failures are logged with the
/// consumer's name and the event, and answered as not done.
pub fn logged<F, Fut>(name: &'static str, handle: F) -> Handler
where
    F: Fn(Engine, Arc<Event>) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = anyhow::Result<()>> + Send + 'static,
{
    let handle = Arc::new(handle);
    Arc::new(move |engine, event| {
        let handle = handle.clone();
        Box::pin(async move {
            let (id, kind) = (event.id, event.kind());
            match handle(engine, event).await {
                Ok(()) => true,
                Err(e) => {
                    tracing::warn!(consumer = name, event = %id, kind, error = %format!("{e:#}"),
                        "event failed; the next sweep retries it");
                    false
                }
            }
        })
    })
}

/// Event ids taken by this process, oldest first, bounded.
#[derive(Default)]
struct Taken {
    set: HashSet<Uuid>,
    order: VecDeque<Uuid>,
}

type Shared = Arc<Mutex<Taken>>;

/// Marks `id` as taken; false when it already was.
fn take(taken: &Mutex<Taken>, id: Uuid) -> bool {
    let mut taken = taken.lock().unwrap_or_else(PoisonError::into_inner);
    if !taken.set.insert(id) {
        return false;
    }
    taken.order.push_back(id);
    if taken.order.len() > REMEMBERED
        && let Some(old) = taken.order.pop_front()
    {
        taken.set.remove(&old);
    }
    true
}

/// Forgets `id` after it failed, so the next sweep retries it.
fn release(taken: &Mutex<Taken>, id: Uuid) {
    taken
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .set
        .remove(&id);
}

/// Starts the consumer on the runtime.
pub fn spawn(engine: Engine, consumer: Consumer, handler: Handler) -> tokio::task::JoinHandle<()> {
    tokio::spawn(run(engine, consumer, handler))
}

/// Runs the consumer until the bus closes.
pub async fn run(engine: Engine, consumer: Consumer, handler: Handler) {
    let mut rx = engine.events().subscribe();
    let taken: Shared = Arc::default();
    let mut since = engine.now() - consumer.startup_lookback;
    let mut sweeping: Option<tokio::task::JoinHandle<DateTime<Utc>>> = None;
    let mut sweeps = tokio::time::interval(consumer.sweep_every);
    sweeps.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let permits = Arc::new(tokio::sync::Semaphore::new(consumer.concurrency.max(1)));
    let mut running: tokio::task::JoinSet<()> = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            received = rx.recv() => match received {
                Ok(event) if consumer.kinds.contains(&event.kind()) => {
                    if !take(&taken, event.id) {
                        continue;
                    }
                    let Ok(permit) = permits.clone().acquire_owned().await else {
                        return;
                    };
                    let (engine, handler, taken) = (engine.clone(), handler.clone(), taken.clone());
                    running.spawn(async move {
                        let id = event.id;
                        if !handler(engine, event).await {
                            release(&taken, id);
                        }
                        drop(permit);
                    });
                }
                Ok(_) => {}
                Err(RecvError::Lagged(missed)) => {
                    tracing::warn!(consumer = consumer.name, missed, "consumer lagged; the sweep catches up");
                }
                Err(RecvError::Closed) => return,
            },
            Some(_) = running.join_next() => {}
            _ = sweeps.tick() => {
                if let Some(task) = sweeping.take() {
                    if !task.is_finished() {
                        sweeping = Some(task);
                        continue;
                    }
                    if let Ok(next) = task.await {
                        since = next;
                    }
                }
                let (engine, handler, taken) = (engine.clone(), handler.clone(), taken.clone());
                sweeping = Some(tokio::spawn(async move {
                    sweep_beside(&engine, &consumer, &handler, &taken, since).await
                }));
            }
        }
    }
}

/// One sweep beside the bus loop; answers where the next one starts.
async fn sweep_beside(
    engine: &Engine,
    consumer: &Consumer,
    handler: &Handler,
    taken: &Mutex<Taken>,
    since: DateTime<Utc>,
) -> DateTime<Utc> {
    let started = engine.now();
    match sweep(engine, consumer, handler, taken, since).await {
        // A full batch: carry on from its last row next time.
        Ok(Some(last)) if last > since => last,
        Ok(_) => started - SWEEP_OVERLAP,
        Err(e) => {
            tracing::warn!(consumer = consumer.name, error = %format!("{e:#}"), "sweep failed");
            since
        }
    }
}

/// Handles every outbox row of the consumer's kinds written since `since`
/// (what a restarted server does first, and what tests call). Idempotent.
pub async fn catch_up(
    engine: &Engine,
    consumer: &Consumer,
    handler: &Handler,
    mut since: DateTime<Utc>,
) -> anyhow::Result<()> {
    let taken = Mutex::new(Taken::default());
    // A batch that does not move forward (every row at one instant) ends
    // the catch-up rather than repeating itself.
    while let Some(last) = sweep(engine, consumer, handler, &taken, since).await?
        && last > since
    {
        since = last;
    }
    Ok(())
}

/// Handles the rows written since `since` that were not taken yet. A full
/// batch answers its last row's time (more may follow).
async fn sweep(
    engine: &Engine,
    consumer: &Consumer,
    handler: &Handler,
    taken: &Mutex<Taken>,
    since: DateTime<Utc>,
) -> anyhow::Result<Option<DateTime<Utc>>> {
    let rows = outbox::Entity::find()
        .filter(outbox::Column::CreatedAt.gte(since))
        .filter(outbox::Column::Kind.is_in(consumer.kinds.iter().copied()))
        .order_by_asc(outbox::Column::CreatedAt)
        .limit(SWEEP_BATCH)
        .all(engine.db())
        .await?;
    let full = rows.len() as u64 == SWEEP_BATCH;
    let last = rows.last().map(|r| r.created_at);
    let events: Vec<Arc<Event>> = rows
        .iter()
        .filter_map(|row| Event::from_row(row).map(Arc::new))
        .filter(|event| take(taken, event.id))
        .collect();
    for chunk in events.chunks(SWEEP_CHUNK.min(consumer.concurrency.max(1))) {
        let done =
            futures::future::join_all(chunk.iter().map(|event| async move {
                (event.id, handler(engine.clone(), event.clone()).await)
            }))
            .await;
        for (id, ok) in done {
            if !ok {
                release(taken, id);
            }
        }
    }
    Ok(if full { last } else { None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_taken_once_until_released() {
        let taken = Mutex::new(Taken::default());
        let id = Uuid::now_v7();
        assert!(take(&taken, id));
        assert!(!take(&taken, id));
        release(&taken, id);
        assert!(take(&taken, id));
    }

    #[test]
    fn the_oldest_ids_are_forgotten_beyond_the_bound() {
        let taken = Mutex::new(Taken::default());
        let first = Uuid::now_v7();
        assert!(take(&taken, first));
        for _ in 0..REMEMBERED {
            take(&taken, Uuid::now_v7());
        }
        assert!(take(&taken, first), "the first id was forgotten");
    }
}
