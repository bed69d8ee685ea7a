//! Earning: points from the outbox's settled bets and casino rounds, and
//! from venue play (see [`super::venue`]).
//!
//! Rules (API.md "Loyalty"):
//! - `bet.settled`: the first settlement of a bet that is not void and not
//!   a free bet earns by the sportsbook rule when the bet's odds (return ÷
//!   stake at placement) reach the rule's `min_odds`.
//! - `game.round_completed`: a round that is not a free spin earns by the
//!   rule of its game's casino category (else the casino rule without a
//!   category).
//! - Stakes are converted into the reporting currency at the day's
//!   reference rate (rounded down); no rate, no points.
//! - Points = `floor(floor(stake ÷ per) × points × multiplier)`, the
//!   multiplier of the tier held when they are earned.
//! - Once per event: the event is marked processed under [`CONSUMER`] in
//!   the transaction that posts the points (and the entry's reference, the
//!   bet or round, is unique per player), so a replay, the sweep and a
//!   second replica earn nothing twice. The tier is recomputed and
//!   `loyalty.changed` published in that same transaction.

use chrono::{DateTime, Utc};
use domain::campaign::Vertical;
use domain::events::{EventData, Topic};
use domain::loyalty::Programme;
use domain::money::Money;
use sea_orm::{ConnectionTrait, DatabaseTransaction, EntityTrait};
use uuid::Uuid;

use super::ledger::{self, Balances, Change, LedgerChangeError, Unit};
use crate::Engine;
use crate::events::consumer::{self as runner, Consumer, Handler};
use crate::events::{Event, Pending};

/// The outbox kinds earning reads.
pub const KINDS: &[&str] = &["bet.settled", "game.round_completed"];
/// The consumer name in `processed_events`.
pub const CONSUMER: &str = "loyalty.earn";

/// The earning consumer on the shared runner (`crate::events::consumer`).
pub const RUNNER: Consumer = Consumer {
    name: CONSUMER,
    kinds: KINDS,
    concurrency: 64,
    sweep_every: std::time::Duration::from_secs(10),
    startup_lookback: chrono::Duration::hours(24),
};

fn handler() -> Handler {
    runner::logged(CONSUMER, |engine, event| async move {
        handle(&engine, &event).await
    })
}

/// Starts earning from the bus (and the outbox sweep) on the runtime.
pub fn spawn(engine: Engine) -> tokio::task::JoinHandle<()> {
    runner::spawn(engine, RUNNER, handler())
}

/// Earns for every relevant outbox row written since `since` (idempotent).
pub async fn catch_up(engine: &Engine, since: DateTime<Utc>) -> anyhow::Result<()> {
    runner::catch_up(engine, &RUNNER, &handler(), since).await
}

/// What one stake offers.
#[derive(Debug, Clone)]
pub(crate) struct Play {
    /// Whose.
    pub(crate) player: Uuid,
    /// The vertical.
    pub(crate) vertical: Vertical,
    /// The casino category.
    pub(crate) category: Option<String>,
    /// The stake, in the player's (or venue's) currency.
    pub(crate) stake: Money,
    /// The bet's odds (sportsbook).
    pub(crate) odds: Option<domain::betting::Odds>,
    /// Unique per player: what earned (`bet:{id}`, `round:{provider}:{id}`,
    /// `venue-play:{reference}`).
    pub(crate) reference: String,
    /// Why, for the player's history.
    pub(crate) reason: String,
}

/// What an earning did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Earned {
    /// Posted now: points awarded and the balances after.
    New(i64, Balances),
    /// Nothing to earn (no programme, no rule, below `per`, below
    /// `min_odds`, no rate): the balances now.
    Nothing(Balances),
    /// The reference (or event) was handled before.
    Already,
}

/// Earns points for the event, once (see the module rules).
pub async fn handle(engine: &Engine, event: &Event) -> anyhow::Result<()> {
    let Some(play) = play_of(engine, event).await? else {
        return Ok(());
    };
    earn(engine, &play, Some(event.id)).await?;
    Ok(())
}

/// The play an event offers (`None`: it earns nothing).
async fn play_of(engine: &Engine, event: &Event) -> anyhow::Result<Option<Play>> {
    match &event.data {
        EventData::BetSettled(b) if !b.resettled && b.settle_count <= 1 => {
            let Some(bet) = entity::sportsbook_bets::Entity::find_by_id(b.bet_id)
                .one(engine.db())
                .await?
            else {
                return Ok(None);
            };
            if bet.status == "void" || bet.free_bet_id.is_some() {
                return Ok(None);
            }
            let Ok(stake) = Money::parse(&b.total_stake, b.currency) else {
                return Ok(None);
            };
            Ok(Some(Play {
                player: b.player_id,
                vertical: Vertical::Sportsbook,
                category: None,
                stake,
                odds: crate::campaigns::trigger::bet_odds(bet.total_stake, bet.potential_return),
                reference: format!("bet:{}", b.bet_id),
                reason: "sportsbook bet settled".to_owned(),
            }))
        }
        EventData::RoundCompleted(r) if !r.free_spin => {
            let Ok(stake) = Money::parse(&r.stake, r.currency) else {
                return Ok(None);
            };
            // The reason is shown to the player: the game's name, not its code.
            let game = entity::casino_games::Entity::find_by_id(r.game_code.clone())
                .one(engine.db())
                .await?;
            let reason = format!(
                "casino round: {}",
                game.as_ref()
                    .map_or(r.game_code.as_str(), |g| g.name.as_str())
            );
            let category = game.map(|g| g.category);
            Ok(Some(Play {
                player: r.player_id,
                vertical: Vertical::Casino,
                category,
                stake,
                odds: None,
                reference: format!("round:{}:{}", r.provider, r.round),
                reason,
            }))
        }
        _ => Ok(None),
    }
}

/// Earns the points `play` is worth, once per reference (and per
/// `event_id` when given), in one transaction. The programme is the
/// engine's cached, parsed one (read once per event).
pub(crate) async fn earn(
    engine: &Engine,
    play: &Play,
    event_id: Option<Uuid>,
) -> anyhow::Result<Earned> {
    let now = engine.now();
    let reporting = engine.config().reporting_currency;
    let programme = super::programme::current(engine)
        .await
        .map_err(|e| anyhow::anyhow!("reading the loyalty programme: {e}"))?;
    let stake = match &programme {
        Some(_) => crate::rewards::in_currency(engine, play.stake, reporting, now)
            .await
            .map_err(|e| anyhow::anyhow!("converting a stake: {e}"))?,
        None => None,
    };
    let txn = crate::db::begin_write(engine.db()).await?;
    if let Some(id) = event_id
        && !crate::events::mark_processed(&txn, CONSUMER, id, now).await?
    {
        return Ok(Earned::Already);
    }
    let points = match (&programme, stake) {
        (Some(programme), Some(stake)) => points_worth(&txn, programme, play, stake, now).await?,
        _ => 0,
    };
    if points <= 0 {
        let balances = ledger::balances(&txn, play.player).await?;
        txn.commit().await?;
        return Ok(Earned::Nothing(balances));
    }
    let outcome = post_earned(&txn, programme.as_deref(), play, points, now).await?;
    txn.commit().await?;
    if matches!(outcome, Earned::New(..)) {
        engine.events().wake();
    }
    Ok(outcome)
}

/// The points `play` (its stake `stake` in the reporting currency) earns
/// now under `programme`, the tier read in `conn`.
async fn points_worth<C: ConnectionTrait>(
    conn: &C,
    programme: &Programme,
    play: &Play,
    stake: Money,
    now: DateTime<Utc>,
) -> anyhow::Result<i64> {
    let Some(rule) = programme.rule_for(play.vertical, play.category.as_deref()) else {
        return Ok(0);
    };
    if let Some(min) = rule.min_odds
        && play.odds.is_none_or(|o| o.value() < min.value())
    {
        return Ok(0);
    }
    let multiplier = super::tiers::multiplier_now(conn, programme, play.player, now).await?;
    Ok(domain::loyalty::points_for(
        stake,
        rule.per,
        rule.points,
        multiplier,
    ))
}

/// Posts earned points, recomputes the tier under `programme` (none set:
/// no tier) and publishes the change.
pub(crate) async fn post_earned(
    txn: &DatabaseTransaction,
    programme: Option<&Programme>,
    play: &Play,
    points: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<Earned> {
    let change = Change {
        player_id: play.player,
        unit: Unit::Points,
        delta: points.min(ledger::MAX_DELTA),
        reason: &play.reason,
        reference: Some(&play.reference),
        author: None,
    };
    let after = match ledger::post(txn, &change, now).await {
        Ok(after) => after,
        Err(LedgerChangeError::Duplicate) => return Ok(Earned::Already),
        Err(e) => return Err(anyhow::anyhow!("posting earned points: {e}")),
    };
    let tier = match programme {
        Some(programme) => Some(
            super::tiers::store(txn, programme, play.player, now)
                .await?
                .0,
        ),
        None => None,
    };
    let mut events = Pending::new(now);
    events.push(
        Topic::Player(play.player),
        super::tiers::changed_event(play.player, after, change.delta, 0, &play.reason, tier),
    );
    events.flush(txn).await?;
    Ok(Earned::New(change.delta, after))
}
