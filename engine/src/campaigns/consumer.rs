//! The engagement consumer: reads the events the rest of the platform
//! writes and turns them into awards (campaign triggers), wagering progress
//! (bonus money) and the campaigns' turnover figures.
//!
//! Rules:
//! - It runs on the shared runner (`crate::events::consumer`: the bus
//!   loop, the sweep beside it, taken and released ids). Every event is
//!   queued for the consumer's lanes, which handle whatever has queued as
//!   one batch (`super::batch`: one transaction for many players' awards),
//!   so an award lands within a second of the triggering commit while a
//!   thousand events a second flow. At most [`CONCURRENCY`] events wait
//!   at once.
//! - A crash between the triggering commit and the award loses nothing:
//!   the outbox is replayed, and the award key, `processed_events` and the
//!   wagering mark make a replay a no-op.
//! - Every effect is idempotent, so two replicas handling the same event
//!   (NATS delivers to each) pay once.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use domain::campaign::Vertical;
use domain::events::EventData;
use domain::money::Money;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::batch::{EngagementBatch, Job, LANES, TURNOVER};
use super::trigger::{self, TRIGGER_KINDS, bet_odds};
use crate::Engine;
use crate::batching::Batcher;
use crate::events::Event;
use crate::events::consumer::{self as runner, Consumer, Handler};
use entity::campaign_players;

/// Between two catch-up sweeps.
pub const SWEEP_EVERY: Duration = Duration::from_secs(10);
/// How far back the first sweep after start reaches.
pub const STARTUP_LOOKBACK: chrono::Duration = chrono::Duration::hours(24);
/// Events queued at once (the lanes handle them in batches).
pub const CONCURRENCY: usize = 4_096;

/// The campaign consumer's kinds and limits.
pub const CONSUMER: Consumer = Consumer {
    name: "campaigns",
    kinds: TRIGGER_KINDS,
    concurrency: CONCURRENCY,
    sweep_every: SWEEP_EVERY,
    startup_lookback: STARTUP_LOOKBACK,
};

/// Submits each event to `lanes` (alone when they are gone).
fn handler(lanes: Arc<Batcher<EngagementBatch>>) -> Handler {
    Arc::new(move |engine, event| {
        let lanes = lanes.clone();
        Box::pin(async move {
            match lanes.submit(Job::new(event.clone())).await {
                Some(ok) => ok,
                None => handle_logged(&engine, &event).await,
            }
        })
    })
}

/// Starts the consumer on the runtime.
pub fn spawn(engine: Engine) -> tokio::task::JoinHandle<()> {
    let lanes = Arc::new(Batcher::start(&engine, LANES));
    runner::spawn(engine, CONSUMER, handler(lanes))
}

/// Handles every relevant outbox row written since `since` (what a
/// restarted server does first). Idempotent.
pub async fn catch_up(engine: &Engine, since: DateTime<Utc>) -> anyhow::Result<()> {
    let lanes = Arc::new(Batcher::start(engine, LANES));
    runner::catch_up(engine, &CONSUMER, &handler(lanes), since).await
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

/// Between two runs of the bonus expiry, the period closes, the loyalty
/// tier review and tier cashback, and the venue nonce purge.
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
    match crate::loyalty::tiers::review_tiers(engine, engine.now()).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(changed = n, "loyalty tiers reviewed"),
        Err(e) => tracing::warn!(error = %format!("{e:#}"), "loyalty tier review failed"),
    }
    match crate::loyalty::cashback::pay_due(engine, engine.now()).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(periods = n, "loyalty tier cashback paid"),
        Err(e) => tracing::warn!(error = %format!("{e:#}"), "loyalty tier cashback failed"),
    }
    if let Err(e) = crate::venues::purge_nonces(engine, engine.now()).await {
        tracing::warn!(error = %format!("{e:#}"), "venue nonce purge failed");
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
