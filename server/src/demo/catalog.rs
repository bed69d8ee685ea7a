//! The demo sportsbook's catalog: demo events created from the fixtures,
//! started on time (and replaced by next week's), and settled with a
//! simulated result once their time is up — all as the demo trader.

use chrono::{DateTime, TimeDelta, Utc};
use domain::betting::{LegOutcome, LegResult};
use engine::sportsbook::{
    Event, EventChange, EventStatus, FeedItem, MarketStatus, NewEvent, Outcome, Settlement,
};
use engine::{Engine, Principal, Role};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

use super::feed::FeedTick;
use super::fixtures::{FIXTURES, Fixture};
use super::pricing::markets;
use super::simulation::{Winner, simulate};

/// The actor the demo sportsbook's catalog changes (events created, started,
/// settled) are audited as. No account has this id; odds moves and
/// suspensions go through the feed path, which has no actor.
pub const DEMO_FEED_ACTOR: Uuid = Uuid::from_u128(0x0000_0000_0000_7000_8000_0000_00de_0f33);

/// The demo fixture as a new event starting at `starts_at`.
fn new_event(f: &Fixture, starts_at: DateTime<Utc>, rng: &mut impl Rng) -> NewEvent {
    NewEvent {
        sport: f.sport.name().to_owned(),
        competition: f.competition.to_owned(),
        name: f.name(),
        starts_at,
        in_play_betting: false,
        bet_delay_ms: 0,
        demo: true,
        markets: markets(f, rng),
    }
}

/// The first start of a fixture: its day and time, at least 20 minutes
/// from `now`.
fn first_start(f: &Fixture, now: DateTime<Utc>) -> DateTime<Utc> {
    let midnight = now
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .map_or(now, |t| t.and_utc());
    let mut at = midnight
        + TimeDelta::days(f.day)
        + TimeDelta::hours(i64::from(f.hour))
        + TimeDelta::minutes(i64::from(f.minute));
    while at < now + TimeDelta::minutes(20) {
        at += TimeDelta::days(1);
    }
    at
}

/// The trader the demo sportsbook acts as.
fn demo_trader() -> Principal {
    Principal {
        user_id: DEMO_FEED_ACTOR,
        session_id: Uuid::nil(),
        roles: vec![Role::Trader],
    }
}

/// Demo events still to be played or in play (as the catalog lists them).
pub(super) async fn demo_events(engine: &Engine) -> anyhow::Result<Vec<Event>> {
    let events = engine
        .sportsbook()
        .events(None)
        .await
        .map_err(|e| anyhow::anyhow!("listing the demo events: {e}"))?;
    Ok(events.into_iter().filter(|e| e.demo).collect())
}

/// True when the catalog holds demo events still to be played or in play.
pub async fn has_demo_sportsbook(engine: &Engine) -> anyhow::Result<bool> {
    Ok(!demo_events(engine).await?.is_empty())
}

/// True when a scheduled demo event of `name` exists (other than `except`).
fn scheduled(events: &[Event], name: &str, except: Option<Uuid>) -> bool {
    events
        .iter()
        .any(|e| e.name == name && e.status == "scheduled" && Some(e.id) != except)
}

/// Seeds the demo sportsbook: each demo fixture without a scheduled event
/// gets one, starting within the next days, with its main market and line
/// markets priced with a bookmaker margin. Idempotent. Returns the number
/// of events created.
pub async fn seed_sportsbook(engine: &Engine) -> anyhow::Result<usize> {
    let now = engine.now();
    let existing = demo_events(engine).await?;
    let mut rng = StdRng::from_os_rng();
    let mut created = 0;
    for f in &FIXTURES {
        if scheduled(&existing, &f.name(), None) {
            continue;
        }
        engine
            .sportsbook()
            .create_event(&demo_trader(), new_event(f, first_start(f, now), &mut rng))
            .await
            .map_err(|e| anyhow::anyhow!("seeding the demo event {}: {e}", f.name()))?;
        created += 1;
    }
    Ok(created)
}

/// Settles every market of a finished demo event with a simulated result.
async fn settle(
    engine: &Engine,
    event: &Event,
    f: &Fixture,
    rng: &mut impl Rng,
) -> anyhow::Result<()> {
    let result = simulate(f, rng);
    let outcome = |won: bool| {
        LegOutcome::new(
            if won { LegResult::Win } else { LegResult::Lose },
            None,
            None,
        )
        .map_err(|e| anyhow::anyhow!("{e}"))
    };
    for m in &event.markets {
        if m.status == MarketStatus::Settled || m.status == MarketStatus::Void {
            continue;
        }
        let winners: &[Winner] = match (m.kind.code(), m.selections.len()) {
            ("asian_handicap" | "spread" | "total", 2) => &[],
            ("match_result", 3) => &[Winner::Home, Winner::Draw, Winner::Away],
            ("moneyline", 2) => &[Winner::Home, Winner::Away],
            _ => continue,
        };
        let settlement = if winners.is_empty() {
            Settlement::Score {
                home: result.home,
                away: result.away,
            }
        } else {
            Settlement::Outcomes(
                m.selections
                    .iter()
                    .zip(winners)
                    .map(|(s, w)| {
                        Ok(Outcome {
                            selection_id: s.id,
                            outcome: outcome(result.winner == *w)?,
                        })
                    })
                    .collect::<anyhow::Result<_>>()?,
            )
        };
        engine
            .sportsbook()
            .settle_market(&demo_trader(), m.id, &settlement)
            .await
            .map_err(|e| anyhow::anyhow!("settling the demo market {}: {e}", m.id))?;
    }
    Ok(())
}

/// Moves a started demo event on: live with its markets suspended (through
/// the feed), replaced by next week's fixture; and once its time is up,
/// settled with a simulated result and ended.
pub(super) async fn advance(
    engine: &Engine,
    events: &[Event],
    event: &Event,
    f: &Fixture,
    now: DateTime<Utc>,
    rng: &mut StdRng,
    tick: &mut FeedTick,
) -> anyhow::Result<()> {
    let book = engine.sportsbook();
    let actor = demo_trader();
    let change = |status: EventStatus| EventChange {
        status: Some(status),
        ..EventChange::default()
    };
    if event.status == "scheduled" {
        let items: Vec<FeedItem> = event
            .markets
            .iter()
            .filter(|m| m.status == MarketStatus::Open)
            .map(|m| FeedItem::Suspend {
                market_id: m.id,
                suspended: true,
            })
            .collect();
        if !items.is_empty() {
            tick.suspended += book.apply_feed(None, &items).await?.suspended;
        }
        book.update_event(&actor, event.id, change(EventStatus::Live))
            .await?;
        tick.started += 1;
        if !scheduled(events, &event.name, Some(event.id)) {
            let mut at = event.starts_at + TimeDelta::days(7);
            while at < now + TimeDelta::hours(1) {
                at += TimeDelta::days(7);
            }
            book.create_event(&actor, new_event(f, at, rng)).await?;
            tick.rolled += 1;
        }
    } else if event.status == "live" && now >= event.starts_at + f.sport.duration() {
        settle(engine, event, f, rng).await?;
        book.update_event(&actor, event.id, change(EventStatus::Ended))
            .await?;
        tick.finished += 1;
    }
    Ok(())
}
