//! Scoring: turns outbox events into leaderboard entries.
//!
//! Rules:
//! - What counts (amounts converted into the board's currency at the day's
//!   reference rate): `bet.placed` (not a free bet) and
//!   `game.round_completed` (not a free spin) add their stake to `wagered`;
//!   a first settlement of a bet (not a free bet, not void) and a round
//!   add return − stake to `net_win` and offer return ÷ stake (in
//!   hundredths) to `biggest_multiplier`; a round marks its game and a bet
//!   the sports of its events for `game_diversity`; `player.logged_in`
//!   extends the `login_streak` by local days of the board's timezone;
//!   `loyalty.changed` adds the points earned to `points`.
//! - An event scores on a board when its time falls in the board's open
//!   period, its vertical is one the board counts, its stake is at least
//!   the board's `min_stake`, the player is not excluded, and (opt-in
//!   boards) the player joined. A new entrant takes a place only while the
//!   period is below its `max_participants` (a guarded update).
//! - Each (period, event) is recorded in `processed_events` in the
//!   transaction that moves the score: an event delivered twice, by the
//!   bus and the sweep, or on two replicas, scores once.
//! - Equal scores rank by who reached them first: `reached_at` is the time
//!   of the event that set the score (an event that does not raise a
//!   best-of score leaves it).
//! - `rg.exclusion_started` removes the player from every open period.

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use domain::api::leaderboard::{Metric, PeriodStatus, RankChanged};
use domain::events::{EventData, Topic};
use domain::money::{Currency, Money};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Set, SqlErr,
};
use uuid::Uuid;

use super::views;
use crate::Engine;
use crate::events::Event;
use crate::events::consumer::{self as runner, Consumer, Handler};
use entity::{leaderboard_entries, leaderboard_marks, leaderboard_periods, leaderboards};

/// The kinds scoring reads.
pub const KINDS: &[&str] = &[
    "bet.placed",
    "bet.settled",
    "game.round_completed",
    "player.logged_in",
    "loyalty.changed",
    "rg.exclusion_started",
];
/// Between two catch-up sweeps of the outbox.
pub const SWEEP_EVERY: Duration = Duration::from_secs(10);
/// How far back the first sweep after start reaches.
pub const STARTUP_LOOKBACK: chrono::Duration = chrono::Duration::hours(1);
/// Events scored at once (each in its own transactions; an entry is locked
/// before it is read, and the ranking keeps the newest version).
pub const CONCURRENCY: usize = 64;

/// The scoring consumer's kinds and limits.
pub const CONSUMER: Consumer = Consumer {
    name: "leaderboards",
    kinds: KINDS,
    concurrency: CONCURRENCY,
    sweep_every: SWEEP_EVERY,
    startup_lookback: STARTUP_LOOKBACK,
};

/// What one event offers a metric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offer {
    /// Adds to the score.
    Add(i64),
    /// Replaces the score when higher.
    Max(i64),
    /// A distinct game or sport (+1 the first time).
    Mark(String),
    /// A login (streak days).
    Login,
}

/// An event as scoring sees it.
#[derive(Debug, Clone)]
pub struct Scorable {
    /// Whose score.
    pub player: Uuid,
    /// `sportsbook`, `casino` or none (logins, points).
    pub vertical: Option<&'static str>,
    /// The stake in the board currency (for `min_stake`).
    pub stake: Option<i64>,
    /// What it offers each metric.
    pub offers: Vec<(Metric, Offer)>,
}

fn handler() -> Handler {
    runner::logged(CONSUMER.name, |engine, event| async move {
        handle(&engine, &event).await
    })
}

/// Starts the scoring consumer on the runtime (rankings loaded first).
pub fn spawn(engine: Engine) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        if let Err(e) = super::live::warm(&engine).await {
            tracing::warn!(error = %e, "leaderboard rankings not loaded at start");
        }
        runner::run(engine, CONSUMER, handler()).await;
    })
}

/// Scores every relevant outbox row written since `since` (idempotent).
pub async fn catch_up(engine: &Engine, since: DateTime<Utc>) -> anyhow::Result<()> {
    runner::catch_up(engine, &CONSUMER, &handler(), since).await
}

/// Everything one event means to the leaderboards.
pub async fn handle(engine: &Engine, event: &Event) -> anyhow::Result<()> {
    if let EventData::ExclusionStarted(e) = &event.data {
        engine.leaderboards().remove_player(e.player_id).await?;
        return Ok(());
    }
    let open = super::open_periods(engine).await?;
    let open: Vec<_> = open
        .into_iter()
        .filter(|(b, p)| {
            p.starts_at <= event.created_at && event.created_at < p.ends_at && b.status != "closed"
        })
        .collect();
    if open.is_empty() {
        return Ok(());
    }
    let Some(currency) = open
        .first()
        .and_then(|(b, _)| b.currency.parse::<Currency>().ok())
    else {
        return Ok(());
    };
    let Some(scorable) = scorable(engine, event, currency).await? else {
        return Ok(());
    };
    let mut checked_exclusion = false;
    for (board, period) in &open {
        let Ok(metric) = views::metric_of(board) else {
            continue;
        };
        let Some(offer) = scorable
            .offers
            .iter()
            .find(|(m, _)| *m == metric)
            .map(|(_, o)| o)
        else {
            continue;
        };
        if !counts(board, &scorable) {
            continue;
        }
        if !checked_exclusion {
            if engine.compliance().is_excluded(scorable.player).await {
                return Ok(());
            }
            checked_exclusion = true;
        }
        apply(engine, board, period, event, scorable.player, offer).await?;
    }
    Ok(())
}

/// The board counts the event's vertical and stake.
fn counts(board: &leaderboards::Model, s: &Scorable) -> bool {
    if let Some(v) = s.vertical
        && !board.verticals.is_empty()
        && !board.verticals.split(' ').any(|b| b == v)
    {
        return false;
    }
    match (board.min_stake_minor, s.stake) {
        (Some(min), Some(stake)) => stake >= min,
        _ => true,
    }
}

/// Hundredths of return ÷ stake (same currency; none for no stake).
fn multiplier(stake: i64, ret: i64) -> Option<i64> {
    (stake > 0)
        .then(|| i64::try_from(i128::from(ret) * 100 / i128::from(stake)).unwrap_or(i64::MAX))
}

/// What `event` offers the metrics, amounts in `currency`.
async fn scorable(
    engine: &Engine,
    event: &Event,
    currency: Currency,
) -> anyhow::Result<Option<Scorable>> {
    let at = event.created_at;
    Ok(match &event.data {
        EventData::BetPlaced(b) if !b.free_bet => {
            let Ok(stake) = Money::parse(&b.total_stake, b.currency) else {
                return Ok(None);
            };
            let Some(stake) = crate::rewards::in_currency(engine, stake, currency, at)
                .await?
                .map(Money::minor)
            else {
                return Ok(None);
            };
            let mut offers = vec![(Metric::Wagered, Offer::Add(stake))];
            let sports = entity::sportsbook_events::Entity::find()
                .filter(entity::sportsbook_events::Column::Id.is_in(b.events.iter().copied()))
                .all(engine.db())
                .await?;
            let distinct: HashSet<Uuid> = sports.iter().map(|e| e.sport_id).collect();
            for sport in distinct {
                offers.push((Metric::GameDiversity, Offer::Mark(format!("sport:{sport}"))));
            }
            Some(Scorable {
                player: b.player_id,
                vertical: Some("sportsbook"),
                stake: Some(stake),
                offers,
            })
        }
        EventData::BetSettled(b) if !b.resettled && b.settle_count <= 1 => {
            let bet = entity::sportsbook_bets::Entity::find_by_id(b.bet_id)
                .one(engine.db())
                .await?;
            if bet
                .as_ref()
                .is_none_or(|bet| bet.status == "void" || bet.free_bet_id.is_some())
            {
                return Ok(None);
            }
            let (Ok(stake), Ok(ret)) = (
                Money::parse(&b.total_stake, b.currency),
                Money::parse(&b.r#return, b.currency),
            ) else {
                return Ok(None);
            };
            let Some(net) =
                crate::rewards::in_currency(engine, ret.checked_sub(stake)?, currency, at)
                    .await?
                    .map(Money::minor)
            else {
                return Ok(None);
            };
            let stake_board = crate::rewards::in_currency(engine, stake, currency, at)
                .await?
                .map(Money::minor);
            let mut offers = vec![(Metric::NetWin, Offer::Add(net))];
            if let Some(m) = multiplier(stake.minor(), ret.minor()) {
                offers.push((Metric::BiggestMultiplier, Offer::Max(m)));
            }
            Some(Scorable {
                player: b.player_id,
                vertical: Some("sportsbook"),
                stake: stake_board,
                offers,
            })
        }
        EventData::RoundCompleted(r) if !r.free_spin => {
            let (Ok(stake), Ok(win)) = (
                Money::parse(&r.stake, r.currency),
                Money::parse(&r.win, r.currency),
            ) else {
                return Ok(None);
            };
            let Some(stake_board) = crate::rewards::in_currency(engine, stake, currency, at)
                .await?
                .map(Money::minor)
            else {
                return Ok(None);
            };
            let Some(net) =
                crate::rewards::in_currency(engine, win.checked_sub(stake)?, currency, at)
                    .await?
                    .map(Money::minor)
            else {
                return Ok(None);
            };
            let mut offers = vec![
                (Metric::Wagered, Offer::Add(stake_board)),
                (Metric::NetWin, Offer::Add(net)),
                (
                    Metric::GameDiversity,
                    Offer::Mark(format!("game:{}", r.game_code)),
                ),
            ];
            if let Some(m) = multiplier(stake.minor(), win.minor()) {
                offers.push((Metric::BiggestMultiplier, Offer::Max(m)));
            }
            Some(Scorable {
                player: r.player_id,
                vertical: Some("casino"),
                stake: Some(stake_board),
                offers,
            })
        }
        EventData::LoggedIn(l) => {
            let user = entity::users::Entity::find_by_id(l.user_id)
                .one(engine.db())
                .await?;
            if !user.is_some_and(|u| u.roles.split(' ').any(|r| r == "player")) {
                return Ok(None);
            }
            Some(Scorable {
                player: l.user_id,
                vertical: None,
                stake: None,
                offers: vec![(Metric::LoginStreak, Offer::Login)],
            })
        }
        EventData::LoyaltyChanged(l) if l.points_delta > 0 => Some(Scorable {
            player: l.player_id,
            vertical: None,
            stake: None,
            offers: vec![(Metric::Points, Offer::Add(l.points_delta))],
        }),
        _ => None,
    })
}

/// What [`enter`] did.
pub enum Entered {
    /// A new entry (score as given).
    New(leaderboard_entries::Model),
    /// The player already had one.
    Already,
    /// The period is at its maximum.
    Full,
}

/// Enters `player` in the period with `score` when not there yet, taking a
/// place under the board's maximum (a guarded update of `participants`).
pub async fn enter(
    txn: &DatabaseTransaction,
    board: &leaderboards::Model,
    period: &leaderboard_periods::Model,
    player: Uuid,
    at: DateTime<Utc>,
    score: i64,
) -> Result<Entered, sea_orm::DbErr> {
    let existing = leaderboard_entries::Entity::find_by_id((period.id, player))
        .one(txn)
        .await?;
    if existing.is_some() {
        return Ok(Entered::Already);
    }
    let mut place = leaderboard_periods::Entity::update_many()
        .col_expr(
            leaderboard_periods::Column::Participants,
            Expr::col(leaderboard_periods::Column::Participants).add(1),
        )
        .filter(leaderboard_periods::Column::Id.eq(period.id))
        .filter(leaderboard_periods::Column::Status.eq(PeriodStatus::Open.code()));
    if let Some(max) = board.max_participants {
        place = place.filter(leaderboard_periods::Column::Participants.lt(max));
    }
    if place.exec(txn).await?.rows_affected != 1 {
        return Ok(Entered::Full);
    }
    let row = leaderboard_entries::Model {
        period_id: period.id,
        player_id: player,
        leaderboard_id: board.id,
        score,
        reached_at: super::micros(at),
        streak_day: None,
        streak: 0,
        version: 1,
        updated_at: at,
    };
    match leaderboard_entries::ActiveModel::from(row.clone())
        .reset_all()
        .insert(txn)
        .await
    {
        Ok(_) => Ok(Entered::New(row)),
        // Entered by a concurrent transaction: this one rolls back.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Ok(Entered::Already)
        }
        Err(e) => Err(e),
    }
}

/// The entry after `offer` (or none when it changes nothing).
fn offered(
    def_day: impl Fn(DateTime<Utc>) -> i32,
    row: &leaderboard_entries::Model,
    offer: &Offer,
    mark_new: bool,
    at: DateTime<Utc>,
) -> Option<leaderboard_entries::Model> {
    let mut next = row.clone();
    let t = super::micros(at);
    match offer {
        Offer::Add(0) => return None,
        Offer::Add(n) => {
            next.score = row.score.saturating_add(*n);
            next.reached_at = t;
        }
        Offer::Max(n) if *n > row.score => {
            next.score = *n;
            next.reached_at = t;
        }
        Offer::Max(_) => return None,
        Offer::Mark(_) if mark_new => {
            next.score = row.score.saturating_add(1);
            next.reached_at = t;
        }
        Offer::Mark(_) => return None,
        Offer::Login => {
            let day = def_day(at);
            let streak = match row.streak_day {
                Some(d) if d >= day => return None,
                Some(d) if d == day - 1 => row.streak.saturating_add(1),
                _ => 1,
            };
            next.streak_day = Some(day);
            next.streak = streak;
            if i64::from(streak) > row.score {
                next.score = i64::from(streak);
                next.reached_at = t;
            }
        }
    }
    Some(next)
}

/// Applies one event's offer to one board, once.
async fn apply(
    engine: &Engine,
    board: &leaderboards::Model,
    period: &leaderboard_periods::Model,
    event: &Event,
    player: Uuid,
    offer: &Offer,
) -> anyhow::Result<()> {
    let def = views::definition(board)?;
    let txn = crate::db::begin_write(engine.db()).await?;
    let consumer = format!("leaderboard:{}", period.id);
    if !crate::events::mark_processed(&txn, &consumer, event.id, engine.now()).await? {
        txn.rollback().await?;
        refresh(engine, period.id, player).await?;
        return Ok(());
    }
    let row = match enter(&txn, board, period, player, event.created_at, 0).await? {
        Entered::Full => {
            txn.rollback().await?;
            return Ok(());
        }
        Entered::New(_) if board.opt_in => {
            // Opt-in boards score only players who joined.
            txn.rollback().await?;
            return Ok(());
        }
        Entered::New(row) => row,
        Entered::Already => {
            // Lock the entry (its version moves) before reading it.
            leaderboard_entries::Entity::update_many()
                .col_expr(
                    leaderboard_entries::Column::Version,
                    Expr::col(leaderboard_entries::Column::Version).add(1),
                )
                .filter(leaderboard_entries::Column::PeriodId.eq(period.id))
                .filter(leaderboard_entries::Column::PlayerId.eq(player))
                .exec(&txn)
                .await?;
            let Some(row) = leaderboard_entries::Entity::find_by_id((period.id, player))
                .one(&txn)
                .await?
            else {
                txn.rollback().await?;
                return Ok(());
            };
            row
        }
    };
    let mark_new = match offer {
        Offer::Mark(mark) => mark_once(&txn, period.id, player, mark).await?,
        _ => false,
    };
    let Some(mut next) = offered(
        |at| def.local_day(at),
        &row,
        offer,
        mark_new,
        event.created_at,
    ) else {
        // Nothing moved, but the event is handled (and a new entry kept).
        txn.commit().await?;
        refresh(engine, period.id, player).await?;
        return Ok(());
    };
    next.updated_at = engine.now();
    leaderboard_entries::ActiveModel {
        period_id: Set(period.id),
        player_id: Set(player),
        score: Set(next.score),
        reached_at: Set(next.reached_at),
        streak_day: Set(next.streak_day),
        streak: Set(next.streak),
        updated_at: Set(next.updated_at),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    txn.commit().await?;
    publish_rank(engine, board, &next).await;
    Ok(())
}

/// Records a distinct game or sport; true when it is new.
async fn mark_once<C: ConnectionTrait>(
    conn: &C,
    period: Uuid,
    player: Uuid,
    mark: &str,
) -> Result<bool, sea_orm::DbErr> {
    let exists = leaderboard_marks::Entity::find_by_id((period, player, mark.to_owned()))
        .one(conn)
        .await?;
    if exists.is_some() {
        return Ok(false);
    }
    leaderboard_marks::ActiveModel {
        period_id: Set(period),
        player_id: Set(player),
        mark: Set(mark.to_owned()),
    }
    .insert(conn)
    .await?;
    Ok(true)
}

/// Brings the in-memory ranking up to the stored entry (another replica,
/// or an earlier delivery, scored it).
async fn refresh(engine: &Engine, period: Uuid, player: Uuid) -> Result<(), sea_orm::DbErr> {
    if let Some(row) = leaderboard_entries::Entity::find_by_id((period, player))
        .one(engine.db())
        .await?
    {
        engine.leaderboard_boards().apply(&row);
    }
    Ok(())
}

/// Applies the committed entry in memory and tells the player when their
/// rank moved (`leaderboard.rank_changed` on `player:{id}`).
async fn publish_rank(
    engine: &Engine,
    board: &leaderboards::Model,
    row: &leaderboard_entries::Model,
) {
    if let Err(e) = super::live::ensure(engine, board.id, row.period_id).await {
        tracing::warn!(error = %e, "leaderboard ranking not loaded");
        return;
    }
    let Some((before, after)) = engine.leaderboard_boards().apply(row) else {
        return;
    };
    if before == after {
        return;
    }
    let (Ok(metric), Ok(currency)) = (views::metric_of(board), views::currency_of(board)) else {
        return;
    };
    let event = Event::new(
        Topic::Player(row.player_id),
        EventData::LeaderboardRankChanged(RankChanged {
            leaderboard_id: board.id,
            rank: after,
            previous_rank: before,
            score: views::score_text(metric, currency, row.score),
        }),
        engine.now(),
    );
    if let Err(e) = engine.events().publish(&event).await {
        tracing::warn!(error = %format!("{e:#}"), "rank change not published");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(score: i64, streak_day: Option<i32>, streak: i32) -> leaderboard_entries::Model {
        leaderboard_entries::Model {
            period_id: Uuid::nil(),
            player_id: Uuid::nil(),
            leaderboard_id: Uuid::nil(),
            score,
            reached_at: 0,
            streak_day,
            streak,
            version: 2,
            updated_at: DateTime::<Utc>::MIN_UTC,
        }
    }

    #[test]
    fn a_login_streak_counts_consecutive_local_days() {
        let at = DateTime::<Utc>::MIN_UTC;
        let day = |d: i32| move |_: DateTime<Utc>| d;
        let first = offered(day(10), &row(0, None, 0), &Offer::Login, false, at).unwrap();
        assert_eq!((first.score, first.streak), (1, 1));
        let next = offered(day(11), &first, &Offer::Login, false, at).unwrap();
        assert_eq!((next.score, next.streak), (2, 2));
        assert!(offered(day(11), &next, &Offer::Login, false, at).is_none());
        let broken = offered(day(13), &next, &Offer::Login, false, at).unwrap();
        assert_eq!((broken.score, broken.streak), (2, 1));
    }

    #[test]
    fn a_best_of_score_only_rises() {
        let at = DateTime::<Utc>::MIN_UTC;
        let day = |_: DateTime<Utc>| 0;
        assert!(offered(day, &row(500, None, 0), &Offer::Max(300), false, at).is_none());
        assert_eq!(
            offered(day, &row(500, None, 0), &Offer::Max(700), false, at)
                .unwrap()
                .score,
            700
        );
        assert_eq!(multiplier(200, 500), Some(250));
        assert_eq!(multiplier(0, 500), None);
    }
}
