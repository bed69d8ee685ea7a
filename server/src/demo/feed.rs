//! The demo odds feed: each tick advances the demo events (see
//! `super::catalog`) and, on upcoming ones, moves a few prices and now and
//! then suspends or resumes a market, through the same path as
//! `POST /admin/feed`.

use chrono::{DateTime, Utc};
use domain::betting::Odds;
use engine::Engine;
use engine::sportsbook::{FeedItem, Market, MarketStatus, SelectionStatus};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

use super::catalog::{advance, demo_events};
use super::fixtures::fixture_of;
use super::pricing::{margin, price};

/// Open markets whose odds one feed tick moves.
pub const MOVES_PER_TICK: usize = 3;
/// Most markets of upcoming demo events the feed keeps suspended itself at
/// once (markets a trader suspended do not count).
const MAX_SUSPENDED: usize = 2;
/// Chance per tick that the feed suspends one more market.
const SUSPEND_CHANCE: f64 = 0.1;
/// Chance per tick that a market the feed suspended is resumed.
const RESUME_CHANCE: f64 = 0.35;
/// How much of the way back to its first price a move pulls a selection.
const REVERSION: f64 = 0.2;

/// What one demo feed tick did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FeedTick {
    /// Selections whose odds moved.
    pub odds_changed: usize,
    /// Markets suspended.
    pub suspended: usize,
    /// Markets resumed.
    pub resumed: usize,
    /// Demo events that started (now live, markets suspended).
    pub started: usize,
    /// Demo events created to replace started ones.
    pub rolled: usize,
    /// Demo events settled with a simulated result and ended.
    pub finished: usize,
}

/// New odds for a market: one selection's probability moves by 2 to 7 %,
/// pulled back part of the way towards its `anchor` (so prices wander but
/// do not drift off), the others make room, and the market is priced again
/// with its margin. None when nothing would change.
fn nudge(
    market: &Market,
    anchors: &mut HashMap<Uuid, Vec<f64>>,
    rng: &mut impl Rng,
) -> Option<Vec<FeedItem>> {
    let current: Vec<Odds> = market
        .selections
        .iter()
        .map(|s| Odds::parse(&s.odds).ok())
        .collect::<Option<_>>()?;
    if current.len() < 2
        || market
            .selections
            .iter()
            .any(|s| s.status == SelectionStatus::Settled)
    {
        return None;
    }
    let implied: Vec<f64> = current
        .iter()
        .map(|o| 1.0 / o.value().to_string().parse::<f64>().unwrap_or(2.0))
        .collect();
    let total: f64 = implied.iter().sum();
    let mut p: Vec<f64> = implied.iter().map(|q| q / total).collect();
    let anchor = anchors.entry(market.id).or_insert_with(|| p.clone());
    if anchor.len() != p.len() {
        anchor.clone_from(&p);
    }
    let j = rng.random_range(0..p.len());
    let step = rng.random_range(0.02..0.07) * if rng.random_bool(0.5) { 1.0 } else { -1.0 };
    let pull = REVERSION * (anchor[j].ln() - p[j].ln());
    let moved = (p[j].ln() + step + pull).exp().clamp(0.02, 0.96);
    let others: f64 = p
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != j)
        .map(|(_, v)| v)
        .sum();
    if others <= 0.0 {
        return None;
    }
    for (i, v) in p.iter_mut().enumerate() {
        *v = if i == j {
            moved
        } else {
            *v * (1.0 - moved) / others
        };
    }
    let items: Vec<FeedItem> = market
        .selections
        .iter()
        .zip(current)
        .zip(price(&p, margin(market.kind.code())))
        .filter(|((_, old), new)| old != new)
        .map(|((s, _), odds)| FeedItem::Odds {
            selection_id: s.id,
            odds,
        })
        .collect();
    (!items.is_empty()).then_some(items)
}

/// The demo odds feed: its random numbers, per market the fair
/// probabilities it first saw, which moves are pulled back towards, and the
/// markets it suspended itself (the only ones it ever resumes).
pub struct DemoFeed {
    rng: StdRng,
    anchors: HashMap<Uuid, Vec<f64>>,
    own: HashSet<Uuid>,
}

impl DemoFeed {
    /// A feed drawing from `rng`.
    pub fn new(rng: StdRng) -> Self {
        Self {
            rng,
            anchors: HashMap::new(),
            own: HashSet::new(),
        }
    }

    /// One tick at `now`: see `feed_tick`.
    pub async fn tick(&mut self, engine: &Engine, now: DateTime<Utc>) -> anyhow::Result<FeedTick> {
        feed_tick(engine, self, now).await
    }
}

/// One tick of the demo odds feed, at `now`. It touches only the demo
/// fixtures' events: started ones go live (open markets suspended) and are
/// replaced by next week's, finished ones have their unsettled markets
/// settled with a simulated result; on upcoming ones it moves the odds of a
/// few open markets and now and then suspends an open market or resumes
/// one it suspended itself, all in one batch through the same path as
/// `POST /admin/feed` (so `odds.changed` reaches `odds:{event_id}`).
///
/// A market suspended by anyone else (a trader, or the market's liability
/// limit) is never resumed and its odds never move, and settled or void
/// markets are never touched. The feed's own suspensions are the ones it
/// made and saw applied; one that reopened meanwhile (a trader resumed it)
/// stops being its own. They are kept in memory: after a restart the
/// earlier ones stay suspended until a trader resumes them or the event
/// starts.
async fn feed_tick(
    engine: &Engine,
    feed: &mut DemoFeed,
    now: DateTime<Utc>,
) -> anyhow::Result<FeedTick> {
    let DemoFeed { rng, anchors, own } = feed;
    let events = demo_events(engine).await?;
    let mut tick = FeedTick::default();
    for event in events.iter().filter(|e| e.starts_at <= now) {
        let Some(f) = fixture_of(event) else { continue };
        if let Err(e) = advance(engine, &events, event, f, now, rng, &mut tick).await {
            tracing::warn!(event = %event.id, error = %format!("{e:#}"), "demo event not advanced");
        }
    }

    let upcoming = events
        .iter()
        .filter(|e| e.starts_at > now && e.status == "scheduled" && fixture_of(e).is_some());
    let (mut open, mut suspended) = (Vec::new(), Vec::new());
    for m in upcoming.flat_map(|e| &e.markets) {
        match m.status {
            MarketStatus::Open => open.push(m),
            MarketStatus::Suspended => suspended.push(m),
            _ => {}
        }
    }
    // Anchors of markets no longer upcoming are dropped; so are the feed's
    // own suspensions of markets no longer upcoming and suspended (reopened
    // by a trader, settled, voided, or their event started).
    anchors.retain(|id, _| open.iter().chain(&suspended).any(|m| m.id == *id));
    own.retain(|id| suspended.iter().any(|m| m.id == *id));
    let mut items = Vec::new();
    let mut resuming = Vec::new();
    for m in suspended.iter().filter(|m| own.contains(&m.id)) {
        if rng.random_bool(RESUME_CHANCE) {
            items.push(FeedItem::Suspend {
                market_id: m.id,
                suspended: false,
            });
            resuming.push(m.id);
        }
    }
    open.shuffle(rng);
    let mut candidates = open.into_iter();
    let mut moved = 0;
    for m in candidates.by_ref() {
        if moved == MOVES_PER_TICK {
            break;
        }
        if let Some(changes) = nudge(m, anchors, rng) {
            items.extend(changes);
            moved += 1;
        }
    }
    let mut suspending = None;
    if own.len() < MAX_SUSPENDED
        && rng.random_bool(SUSPEND_CHANCE)
        && let Some(m) = candidates.next()
    {
        items.push(FeedItem::Suspend {
            market_id: m.id,
            suspended: true,
        });
        suspending = Some(m.id);
    }
    if !items.is_empty() {
        let report = engine
            .sportsbook()
            .apply_feed(None, &items)
            .await
            .map_err(|e| anyhow::anyhow!("demo feed batch: {e}"))?;
        tick.odds_changed += report.odds_changed;
        tick.suspended += report.suspended;
        tick.resumed += report.resumed;
        for id in &resuming {
            own.remove(id);
        }
        // Its own only if this batch suspended it (not already suspended by
        // a trader meanwhile).
        if let Some(id) = suspending
            && report.suspended == 1
        {
            own.insert(id);
        }
    }
    Ok(tick)
}
