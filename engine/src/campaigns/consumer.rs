//! The engagement consumer: reads the events the rest of the platform
//! writes and turns them into awards (campaign triggers), wagering progress
//! (bonus money) and the campaigns' turnover figures.
//!
//! Rules:
//! - Fast path: every event the bus delivers is queued at once for the
//!   consumer's lanes, which handle whatever has queued as one batch
//!   (`super::batch`: one transaction for many players' awards), so an
//!   award lands within a second of the triggering commit while a
//!   thousand events a second flow. At most [`CONCURRENCY`] events wait
//!   at once; beyond that the bus buffers, and the sweep catches what it
//!   drops.
//! - Catch-up: every [`SWEEP_EVERY`] the consumer re-reads the outbox rows
//!   of the kinds it cares about written since its last sweep (minus
//!   [`SWEEP_OVERLAP`], for transactions that committed late), and at start
//!   those of the last [`STARTUP_LOOKBACK`]; rows it already took in this
//!   process (from the bus or a sweep, and not failed) are skipped. A sweep
//!   runs beside the bus loop, never inside it: a sweep that waited on the
//!   lanes inside the loop left the bus unread for seconds, the bus dropped
//!   events meanwhile, and those waited for the next sweep (a 10 s tail). So a crash between the triggering commit and the
//!   award loses nothing: the outbox is replayed, and the award key,
//!   `processed_events` and the wagering mark make a replay a no-op.
//! - Every effect is idempotent, so two replicas handling the same event
//!   (NATS delivers to each) pay once.
//! - Failures are logged and left to the next sweep; they never stop the
//!   consumer.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use domain::campaign::Vertical;
use domain::events::EventData;
use domain::money::Money;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

use super::batch::{EngagementBatch, Job, LANES, TURNOVER};
use super::trigger::{self, TRIGGER_KINDS, bet_odds};
use crate::Engine;
use crate::batching::Batcher;
use crate::events::Event;
use entity::{campaign_players, outbox};

/// Between two catch-up sweeps.
pub const SWEEP_EVERY: Duration = Duration::from_secs(10);
/// How far back a sweep reaches before the previous one's start.
pub const SWEEP_OVERLAP: chrono::Duration = chrono::Duration::seconds(60);
/// How far back the first sweep after start reaches.
pub const STARTUP_LOOKBACK: chrono::Duration = chrono::Duration::hours(24);
/// Most outbox rows one sweep reads.
pub const SWEEP_BATCH: u64 = 20_000;
/// Events queued at once from the bus (the lanes handle them in batches).
pub const CONCURRENCY: usize = 4_096;
/// Sweep rows queued at once.
const SWEEP_CHUNK: usize = 1_024;
/// Event ids remembered as handled (the sweep skips them).
const REMEMBERED: usize = 200_000;

/// Events handled by this process, oldest first, bounded.
#[derive(Default)]
struct Handled {
    set: HashSet<Uuid>,
    order: VecDeque<Uuid>,
}

/// [`Handled`] shared by the bus loop and the sweep beside it.
type Shared = Arc<std::sync::Mutex<Handled>>;

/// Marks `id` as taken; false when it already was.
fn take(handled: &std::sync::Mutex<Handled>, id: Uuid) -> bool {
    let mut handled = handled
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if handled.set.contains(&id) {
        return false;
    }
    handled.insert(id);
    true
}

/// Forgets `id` after it failed, so the next sweep retries it.
fn release(handled: &std::sync::Mutex<Handled>, id: Uuid) {
    let mut handled = handled
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    handled.set.remove(&id);
}

impl Handled {
    fn insert(&mut self, id: Uuid) {
        if self.set.insert(id) {
            self.order.push_back(id);
            if self.order.len() > REMEMBERED
                && let Some(old) = self.order.pop_front()
            {
                self.set.remove(&old);
            }
        }
    }
}

/// The kinds the consumer handles.
fn relevant(kind: &str) -> bool {
    TRIGGER_KINDS.contains(&kind)
}

/// Starts the consumer on the runtime.
pub fn spawn(engine: Engine) -> tokio::task::JoinHandle<()> {
    tokio::spawn(run(engine))
}

type Lanes = Arc<Batcher<EngagementBatch>>;

fn lanes(engine: &Engine) -> Lanes {
    Arc::new(Batcher::start(engine, LANES))
}

/// Handles `event` in the lanes (alone when they are gone).
async fn submit(lanes: &Lanes, engine: &Engine, event: Arc<Event>) -> bool {
    match lanes.submit(Job::new(event.clone())).await {
        Some(ok) => ok,
        None => handle_logged(engine, &event).await,
    }
}

async fn run(engine: Engine) {
    let mut rx = engine.events().subscribe();
    let lanes = lanes(&engine);
    let handled: Shared = Arc::default();
    let mut since = engine.now() - STARTUP_LOOKBACK;
    let mut sweeping: Option<tokio::task::JoinHandle<DateTime<Utc>>> = None;
    let mut sweeps = tokio::time::interval(SWEEP_EVERY);
    sweeps.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let permits = Arc::new(tokio::sync::Semaphore::new(CONCURRENCY));
    let mut running: tokio::task::JoinSet<()> = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            received = rx.recv() => match received {
                Ok(event) if relevant(event.kind()) => {
                    if !take(&handled, event.id) {
                        continue;
                    }
                    // Waiting for a permit is the back-pressure: the bus
                    // buffers meanwhile, and the sweep catches what it drops.
                    let Ok(permit) = permits.clone().acquire_owned().await else {
                        return;
                    };
                    let (engine, lanes, handled) = (engine.clone(), lanes.clone(), handled.clone());
                    running.spawn(async move {
                        let id = event.id;
                        if !submit(&lanes, &engine, event).await {
                            release(&handled, id);
                        }
                        drop(permit);
                    });
                }
                Ok(_) => {}
                Err(RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "engagement consumer lagged; the sweep catches up");
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
                sweeping = Some(tokio::spawn(sweep_beside(
                    engine.clone(),
                    lanes.clone(),
                    handled.clone(),
                    since,
                )));
            }
        }
    }
}

/// One sweep beside the bus loop; answers where the next one starts.
async fn sweep_beside(
    engine: Engine,
    lanes: Lanes,
    handled: Shared,
    since: DateTime<Utc>,
) -> DateTime<Utc> {
    let started = engine.now();
    match sweep(&engine, &lanes, since, &handled).await {
        // A full batch: carry on from its last row next time.
        Ok(Some(last)) if last > since => last,
        Ok(_) => started - SWEEP_OVERLAP,
        Err(e) => {
            tracing::warn!(error = %format!("{e:#}"), "engagement sweep failed");
            since
        }
    }
}

/// Handles every relevant outbox row written since `since` (what a
/// restarted server does first); answers how many were read. Idempotent.
pub async fn catch_up(engine: &Engine, mut since: DateTime<Utc>) -> anyhow::Result<()> {
    let handled = std::sync::Mutex::new(Handled::default());
    let lanes = lanes(engine);
    // A batch that does not move forward (every row at one instant) ends
    // the catch-up rather than repeating itself.
    while let Some(last) = sweep(engine, &lanes, since, &handled).await?
        && last > since
    {
        since = last;
    }
    Ok(())
}

/// Re-handles outbox rows written since `since` that this process has not
/// handled. A full batch answers its last row's time (more may follow).
async fn sweep(
    engine: &Engine,
    lanes: &Lanes,
    since: DateTime<Utc>,
    handled: &std::sync::Mutex<Handled>,
) -> anyhow::Result<Option<DateTime<Utc>>> {
    let rows = outbox::Entity::find()
        .filter(outbox::Column::CreatedAt.gte(since))
        .filter(outbox::Column::Kind.is_in(TRIGGER_KINDS.iter().copied()))
        .order_by_asc(outbox::Column::CreatedAt)
        .limit(SWEEP_BATCH)
        .all(engine.db())
        .await?;
    let full = rows.len() as u64 == SWEEP_BATCH;
    let last = rows.last().map(|r| r.created_at);
    let events: Vec<Arc<Event>> = rows
        .iter()
        .filter_map(|row| Event::from_row(row).map(Arc::new))
        .filter(|event| take(handled, event.id))
        .collect();
    // Queued together, so the lanes batch them.
    for chunk in events.chunks(SWEEP_CHUNK) {
        let done =
            futures::future::join_all(chunk.iter().map(|event| async move {
                (event.id, submit(lanes, engine, event.clone()).await)
            }))
            .await;
        for (id, ok) in done {
            if !ok {
                release(handled, id);
            }
        }
    }
    Ok(if full { last } else { None })
}

/// Handles one event alone, logging a failure (left to the next sweep).
pub(crate) async fn handle_logged(engine: &Engine, event: &Event) -> bool {
    match handle(engine, event).await {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(event = %event.id, kind = event.kind(), error = %format!("{e:#}"),
                "engagement event failed; the next sweep retries it");
            false
        }
    }
}

/// Everything one event means to engagement.
pub async fn handle(engine: &Engine, event: &Event) -> anyhow::Result<()> {
    trigger::handle(engine, event).await?;
    wagering(engine, event).await?;
    turnover(engine, event).await?;
    Ok(())
}

/// Counts a settled bet's or played round's stake towards bonus wagering.
pub(crate) async fn wagering(engine: &Engine, event: &Event) -> anyhow::Result<()> {
    match &event.data {
        EventData::BetSettled(b) => {
            let Some(bet) = entity::sportsbook_bets::Entity::find_by_id(b.bet_id)
                .one(engine.db())
                .await?
            else {
                return Ok(());
            };
            // A void bet staked nothing; a free bet's stake was the house's.
            if bet.status == "void" || bet.free_bet_id.is_some() {
                return Ok(());
            }
            let Ok(stake) = Money::parse(&b.total_stake, b.currency) else {
                return Ok(());
            };
            let odds = bet_odds(bet.total_stake, bet.potential_return);
            engine
                .bonuses()
                .wager(b.player_id, stake, b.bet_id, |reward| {
                    let domain::reward::Reward::BonusMoney(bonus) = reward else {
                        return None;
                    };
                    if let (Some(min), Some(odds)) = (bonus.min_odds, odds)
                        && odds < min
                    {
                        return None;
                    }
                    Some(bonus.contributions.percent_for(Vertical::Sportsbook, None))
                })
                .await?;
        }
        EventData::RoundCompleted(r) if !r.free_spin => {
            let Ok(stake) = Money::parse(&r.stake, r.currency) else {
                return Ok(());
            };
            if !stake.is_positive() {
                return Ok(());
            }
            let category = entity::casino_games::Entity::find_by_id(r.game_code.clone())
                .one(engine.db())
                .await?
                .map(|g| g.category);
            engine
                .bonuses()
                .wager(r.player_id, stake, event.id, |reward| {
                    let domain::reward::Reward::BonusMoney(bonus) = reward else {
                        return None;
                    };
                    Some(
                        bonus
                            .contributions
                            .percent_for(Vertical::Casino, category.as_deref()),
                    )
                })
                .await?;
        }
        _ => {}
    }
    Ok(())
}

/// The player and stake of a placed bet or played round that counts as
/// turnover (not a free bet or free spin).
pub(crate) fn stake_of(event: &Event) -> Option<(Uuid, Money)> {
    let (player, stake, currency) = match &event.data {
        EventData::BetPlaced(b) if !b.free_bet => (b.player_id, &b.total_stake, b.currency),
        EventData::RoundCompleted(r) if !r.free_spin => (r.player_id, &r.stake, r.currency),
        _ => return None,
    };
    Some((player, Money::parse(stake, currency).ok()?))
}

/// Adds a placed bet's or played round's stake to the turnover of the
/// player's live campaigns (the A/B figures), once per event.
async fn turnover(engine: &Engine, event: &Event) -> anyhow::Result<()> {
    let Some((player, stake)) = stake_of(event) else {
        return Ok(());
    };
    let live = super::Campaigns::new(engine).live().await?;
    let ids: Vec<Uuid> = live.campaigns.iter().map(|c| c.id).collect();
    if ids.is_empty() {
        return Ok(());
    }
    let reporting = engine.config().reporting_currency;
    let Some(amount) =
        crate::rewards::in_currency(engine, stake, reporting, event.created_at).await?
    else {
        return Ok(());
    };
    let standing = campaign_players::Entity::find()
        .filter(campaign_players::Column::PlayerId.eq(player))
        .filter(campaign_players::Column::CampaignId.is_in(ids.clone()))
        .one(engine.db())
        .await?;
    if standing.is_none() {
        return Ok(());
    }
    let txn = crate::db::begin_write(engine.db()).await?;
    if !crate::events::mark_processed(&txn, TURNOVER, event.id, engine.now()).await? {
        txn.rollback().await?;
        return Ok(());
    }
    campaign_players::Entity::update_many()
        .col_expr(
            campaign_players::Column::TurnoverMinor,
            Expr::col(campaign_players::Column::TurnoverMinor).add(amount.minor()),
        )
        .col_expr(campaign_players::Column::Converted, Expr::value(true))
        .filter(campaign_players::Column::PlayerId.eq(player))
        .filter(campaign_players::Column::CampaignId.is_in(ids))
        .filter(campaign_players::Column::AssignedAt.lte(event.created_at))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Between two runs of the bonus expiry and the period closes.
pub const CHORES_EVERY: Duration = Duration::from_secs(30);
/// Between two `campaign.stats` pushes of one campaign, at least.
pub const STATS_EVERY: Duration = Duration::from_secs(1);

/// Starts the engagement chores: `campaign.stats` on `campaign:{id}` at
/// most once a second while a live campaign changes; bonus expiry and the
/// schedule's period closes every [`CHORES_EVERY`]. Each is safe on every
/// replica at once (see `bonuses` and `insight::close_period`).
pub fn spawn_jobs(engine: Engine) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(STATS_EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut pushed: std::collections::HashMap<Uuid, DateTime<Utc>> = Default::default();
        let mut last_chores: Option<std::time::Instant> = None;
        loop {
            ticks.tick().await;
            if let Err(e) = push_stats(&engine, &mut pushed).await {
                tracing::warn!(error = %format!("{e:#}"), "campaign stats push failed");
            }
            if last_chores.is_none_or(|at| at.elapsed() >= CHORES_EVERY) {
                last_chores = Some(std::time::Instant::now());
                chores(&engine).await;
            }
        }
    })
}

async fn chores(engine: &Engine) {
    match engine.bonuses().expire_due(engine.now()).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(expired = n, "bonuses expired"),
        Err(e) => tracing::warn!(error = %format!("{e:#}"), "bonus expiry failed"),
    }
    if let Err(e) = super::insight::close_due_periods(engine).await {
        tracing::warn!(error = %format!("{e:#}"), "campaign period close failed");
    }
}

/// Publishes the numbers of live campaigns that changed since their last
/// push (straight to the bus: a live figure, not a record).
async fn push_stats(
    engine: &Engine,
    pushed: &mut std::collections::HashMap<Uuid, DateTime<Utc>>,
) -> anyhow::Result<()> {
    let live = entity::campaigns::Entity::find()
        .filter(
            entity::campaigns::Column::Status
                .eq(domain::api::engagement::CampaignStatus::Live.code()),
        )
        .all(engine.db())
        .await?;
    for row in live {
        if pushed.get(&row.id) == Some(&row.updated_at) {
            continue;
        }
        let stats = super::insight::stats(engine, row.id).await?;
        let event = Event::new(
            domain::events::Topic::Campaign(row.id),
            EventData::CampaignStats(Box::new(stats)),
            engine.now(),
        );
        engine.events().publish(&event).await?;
        pushed.insert(row.id, row.updated_at);
    }
    Ok(())
}
