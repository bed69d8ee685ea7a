//! Closing a period, paying its prizes, and the board jobs.
//!
//! Rules:
//! - The close freezes the standings first: every entry of the period in
//!   rank order, without the players excluded at that moment. The frozen
//!   table's SHA-256 is recorded with it (`rank:player:score:reached`
//!   lines), and its top (every paid rank, at least [`KEPT_ROWS`]) is kept
//!   for the results page.
//! - The claim is one guarded update of the period, `open` → `closing`,
//!   carrying the frozen table: of two closes only one freezes. A close
//!   that finds the period `closing` (the other close is paying, or one was
//!   interrupted) pays from the frozen table too: every prize is granted
//!   through [`crate::rewards::grant`] under the key
//!   `leaderboard:{board}:{period}:{rank}`, which pays at most once.
//! - The grant re-checks responsible gaming: a player excluded after the
//!   freeze is refused and the prize is shown unpaid.
//! - Last, a guarded update `closing` → `closed` that only one close wins;
//!   the winner opens the next period of a recurring board (or ends a
//!   one-off board) in the same transaction. A close of a closed period is
//!   `already_closed`.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, Utc};
use domain::api::leaderboard::{
    LeaderboardChanged, LeaderboardStatus, PeriodClosedBoard, PeriodList, PeriodStatus,
    PeriodSummary, Winner,
};
use domain::events::{EventData, Topic};
use domain::leaderboard::{RankBoard, RankKey, Ranked};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::spec::Definition;
use super::{LeaderboardError, live, views};
use crate::Engine;
use crate::events::Event;
use crate::rewards::{Grant, Granted, NoGuard, Source};
use entity::{awards, leaderboard_entries, leaderboard_periods, leaderboards};

/// Fewest rows of a frozen table kept for the results page.
pub const KEPT_ROWS: u64 = 100;
/// Between two pushes of one board's top, at least.
pub const PUSH_EVERY: Duration = Duration::from_secs(1);
/// Between two runs of the due closes.
pub const CLOSE_EVERY: Duration = Duration::from_secs(10);
/// Between two checks of the in-memory rankings against the database.
pub const CHECK_EVERY: Duration = Duration::from_secs(300);

/// One frozen row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrozenRow {
    /// 1-based.
    pub rank: u64,
    /// The player.
    pub player_id: Uuid,
    /// The score.
    pub score: i64,
    /// When it was reached (microseconds).
    pub reached_at: i64,
}

impl FrozenRow {
    fn ranked(&self) -> Ranked {
        Ranked {
            rank: self.rank,
            key: RankKey {
                score: self.score,
                reached: self.reached_at,
                player: self.player_id,
            },
        }
    }
}

fn frozen_rows(period: &leaderboard_periods::Model) -> Vec<FrozenRow> {
    period
        .standings
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default()
}

/// The top `limit` of a closed period and the caller's place.
pub fn frozen_top(
    period: &leaderboard_periods::Model,
    limit: usize,
    me: Option<Uuid>,
) -> (Vec<Ranked>, Option<(u64, i64)>) {
    let rows = frozen_rows(period);
    let mine = me.and_then(|m| {
        rows.iter()
            .find(|r| r.player_id == m)
            .map(|r| (r.rank, r.score))
    });
    (
        rows.iter().take(limit).map(FrozenRow::ranked).collect(),
        mine,
    )
}

/// Around the player in a closed period (within the kept rows).
pub fn frozen_around(period: &leaderboard_periods::Model, player: Uuid, n: usize) -> Vec<Ranked> {
    let rows = frozen_rows(period);
    let Some(at) = rows.iter().position(|r| r.player_id == player) else {
        return Vec::new();
    };
    let from = at.saturating_sub(n);
    let to = (at + n + 1).min(rows.len());
    rows[from..to].iter().map(FrozenRow::ranked).collect()
}

/// Players excluded at `now`.
async fn excluded_players(
    engine: &Engine,
    now: DateTime<Utc>,
) -> Result<HashSet<Uuid>, sea_orm::DbErr> {
    let rows = entity::rg_exclusions::Entity::find()
        .filter(entity::rg_exclusions::Column::StartedAt.lte(now))
        .filter(
            Condition::any()
                .add(entity::rg_exclusions::Column::Until.is_null())
                .add(entity::rg_exclusions::Column::Until.gt(now)),
        )
        .all(engine.db())
        .await?;
    Ok(rows
        .iter()
        .filter(|r| crate::compliance::exclusion_of(r).is_some_and(|e| e.is_active(now)))
        .map(|r| r.player_id)
        .collect())
}

/// The period's standings now, without excluded players: the kept top,
/// the hash of the whole table, and how many are ranked.
async fn freeze(
    engine: &Engine,
    def: &Definition,
    period: &leaderboard_periods::Model,
) -> Result<(String, String, i64), LeaderboardError> {
    let excluded = excluded_players(engine, engine.now()).await?;
    let entries = leaderboard_entries::Entity::find()
        .filter(leaderboard_entries::Column::PeriodId.eq(period.id))
        .all(engine.db())
        .await?;
    let board = RankBoard::from_entries(
        entries
            .iter()
            .filter(|e| !excluded.contains(&e.player_id))
            .map(live::key_of),
    );
    let ordered = board.ordered();
    let mut hasher = Sha256::new();
    let keep = def.last_paid_rank().max(KEPT_ROWS) as usize;
    let mut kept = Vec::with_capacity(keep.min(ordered.len()));
    for (i, key) in ordered.iter().enumerate() {
        let rank = i as u64 + 1;
        hasher.update(format!("{rank}:{}:{}:{}\n", key.player, key.score, key.reached).as_bytes());
        if i < keep {
            kept.push(FrozenRow {
                rank,
                player_id: key.player,
                score: key.score,
                reached_at: key.reached,
            });
        }
    }
    let json = serde_json::to_string(&kept).map_err(anyhow::Error::from)?;
    Ok((json, hex::encode(hasher.finalize()), ordered.len() as i64))
}

fn award_key(board: Uuid, period: Uuid, rank: u64) -> String {
    format!("leaderboard:{board}:{period}:{rank}")
}

/// Pays every prize of the frozen table (each at most once).
async fn pay(
    engine: &Engine,
    board: &leaderboards::Model,
    def: &Definition,
    period: &leaderboard_periods::Model,
) -> Result<Vec<Winner>, LeaderboardError> {
    let currency = views::currency_of(board)?;
    let metric = def.metric;
    let rows = frozen_rows(period);
    let players: Vec<Uuid> = rows.iter().map(|r| r.player_id).collect();
    let names = views::names(engine, &players).await?;
    let mut winners = Vec::new();
    for row in rows {
        let Some(prize) = def.prize_for(row.rank) else {
            continue;
        };
        let grant = Grant {
            award_key: award_key(board.id, period.id, row.rank),
            source: Source::Leaderboard(board.id),
            variant: None,
            player_id: row.player_id,
            reward: &prize.reward,
            currency,
            basis: None,
            reason: format!("{} (rank {})", board.name, row.rank),
        };
        // The award key makes a retry harmless (the grant retries transient
        // conflicts itself).
        let outcome = crate::rewards::grant(engine, &grant, &NoGuard)
            .await
            .map_err(|e| LeaderboardError::Unexpected(anyhow::anyhow!("prize grant: {e}")))?;
        let paid = match outcome {
            Granted::New { .. } => true,
            Granted::Already => award_exists(engine, &grant.award_key).await?,
            Granted::Refused(reason) => {
                tracing::info!(board = %board.id, rank = row.rank, %reason, "leaderboard prize refused");
                false
            }
        };
        winners.push(Winner {
            rank: row.rank,
            player_id: row.player_id,
            player: names
                .get(&row.player_id)
                .cloned()
                .unwrap_or_else(|| views::masked(row.player_id)),
            score: views::score_text(metric, currency, row.score),
            reward: prize.reward.to_spec(),
            paid,
        });
    }
    Ok(winners)
}

async fn award_exists(engine: &Engine, key: &str) -> Result<bool, sea_orm::DbErr> {
    Ok(awards::Entity::find()
        .filter(awards::Column::AwardKey.eq(key))
        .one(engine.db())
        .await?
        .is_some())
}

/// Closes the board's current period (see the module rules).
pub async fn close(
    engine: &Engine,
    id: Uuid,
    by: Option<Uuid>,
) -> Result<PeriodClosedBoard, LeaderboardError> {
    let board = leaderboards::Entity::find_by_id(id)
        .one(engine.db())
        .await?
        .ok_or(LeaderboardError::NotFound)?;
    let def = views::definition(&board)?;
    let period = super::current_period(engine, id)
        .await?
        .ok_or(LeaderboardError::AlreadyClosed)?;
    match views::period_status(&period) {
        PeriodStatus::Closed => return Err(LeaderboardError::AlreadyClosed),
        PeriodStatus::Open => {
            let (json, hash, participants) = freeze(engine, &def, &period).await?;
            leaderboard_periods::Entity::update_many()
                .col_expr(
                    leaderboard_periods::Column::Status,
                    Expr::value(PeriodStatus::Closing.code()),
                )
                .col_expr(leaderboard_periods::Column::Standings, Expr::value(json))
                .col_expr(
                    leaderboard_periods::Column::StandingsHash,
                    Expr::value(hash),
                )
                .col_expr(
                    leaderboard_periods::Column::Participants,
                    Expr::value(participants),
                )
                .filter(leaderboard_periods::Column::Id.eq(period.id))
                .filter(leaderboard_periods::Column::Status.eq(PeriodStatus::Open.code()))
                .exec(engine.db())
                .await?;
        }
        PeriodStatus::Closing => {}
    }
    // Whoever froze it, pay from the table now stored.
    let period = leaderboard_periods::Entity::find_by_id(period.id)
        .one(engine.db())
        .await?
        .ok_or(LeaderboardError::NotFound)?;
    if views::period_status(&period) == PeriodStatus::Closed {
        return Err(LeaderboardError::AlreadyClosed);
    }
    let winners = pay(engine, &board, &def, &period).await?;
    finish(engine, &board, &def, &period, by).await?;
    engine.leaderboard_boards().forget(id);
    Ok(PeriodClosedBoard {
        leaderboard_id: id,
        period: views::period_of(&period),
        winners,
    })
}

/// `closing` → `closed`, and the next period (or the board's end).
async fn finish(
    engine: &Engine,
    board: &leaderboards::Model,
    def: &Definition,
    period: &leaderboard_periods::Model,
    by: Option<Uuid>,
) -> Result<(), LeaderboardError> {
    let now = engine.now();
    let txn = crate::db::begin_write(engine.db()).await?;
    let won = leaderboard_periods::Entity::update_many()
        .col_expr(
            leaderboard_periods::Column::Status,
            Expr::value(PeriodStatus::Closed.code()),
        )
        .col_expr(leaderboard_periods::Column::ClosedAt, Expr::value(now))
        .col_expr(leaderboard_periods::Column::ClosedBy, Expr::value(by))
        .filter(leaderboard_periods::Column::Id.eq(period.id))
        .filter(leaderboard_periods::Column::Status.eq(PeriodStatus::Closing.code()))
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if !won {
        txn.rollback().await?;
        return Ok(());
    }
    match def.next_period(views::period_of(period), now) {
        Some(next) => {
            leaderboard_periods::ActiveModel::from(leaderboard_periods::Model {
                id: Uuid::now_v7(),
                leaderboard_id: board.id,
                seq: period.seq + 1,
                starts_at: next.starts_at,
                ends_at: next.ends_at,
                status: PeriodStatus::Open.code().to_owned(),
                participants: 0,
                standings: None,
                standings_hash: None,
                closed_at: None,
                closed_by: None,
                created_at: now,
            })
            .reset_all()
            .insert(&txn)
            .await?;
        }
        None => {
            leaderboards::Entity::update_many()
                .col_expr(
                    leaderboards::Column::Status,
                    Expr::value(LeaderboardStatus::Closed.code()),
                )
                .col_expr(leaderboards::Column::UpdatedAt, Expr::value(now))
                .filter(leaderboards::Column::Id.eq(board.id))
                .exec(&txn)
                .await?;
        }
    }
    crate::audit::record(
        &txn,
        now,
        by,
        "leaderboard.period_closed",
        &format!("leaderboard:{}", board.id),
        serde_json::json!({ "period": period.seq, "standings_hash": period.standings_hash }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The board's periods, newest first, with winners and what was paid.
pub async fn periods(
    engine: &Engine,
    board: &leaderboards::Model,
) -> Result<PeriodList, LeaderboardError> {
    let def = views::definition(board)?;
    let currency = views::currency_of(board)?;
    let rows = leaderboard_periods::Entity::find()
        .filter(leaderboard_periods::Column::LeaderboardId.eq(board.id))
        .order_by_desc(leaderboard_periods::Column::Seq)
        .all(engine.db())
        .await?;
    let keys: Vec<String> = rows
        .iter()
        .flat_map(|p| {
            frozen_rows(p)
                .into_iter()
                .filter(|r| def.prize_for(r.rank).is_some())
                .map(|r| award_key(board.id, p.id, r.rank))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut paid: HashSet<String> = HashSet::new();
    for chunk in keys.chunks(500) {
        for award in awards::Entity::find()
            .filter(awards::Column::AwardKey.is_in(chunk.iter().cloned()))
            .all(engine.db())
            .await?
        {
            paid.insert(award.award_key);
        }
    }
    let mut items = Vec::with_capacity(rows.len());
    for p in &rows {
        let frozen: Vec<FrozenRow> = frozen_rows(p)
            .into_iter()
            .filter(|r| def.prize_for(r.rank).is_some())
            .collect();
        let players: Vec<Uuid> = frozen.iter().map(|r| r.player_id).collect();
        let names: HashMap<Uuid, String> = views::names(engine, &players).await?;
        let winners = frozen
            .iter()
            .filter_map(|r| {
                let prize = def.prize_for(r.rank)?;
                Some(Winner {
                    rank: r.rank,
                    player_id: r.player_id,
                    player: names
                        .get(&r.player_id)
                        .cloned()
                        .unwrap_or_else(|| views::masked(r.player_id)),
                    score: views::score_text(def.metric, currency, r.score),
                    reward: prize.reward.to_spec(),
                    paid: paid.contains(&award_key(board.id, p.id, r.rank)),
                })
            })
            .collect();
        items.push(PeriodSummary {
            period: views::period_of(p),
            status: views::period_status(p),
            participants: p.participants,
            winners,
            standings_hash: p.standings_hash.clone(),
        });
    }
    Ok(PeriodList { items })
}

/// Closes every period that has ended, and finishes interrupted closes.
pub async fn close_due(engine: &Engine) -> Result<usize, LeaderboardError> {
    let now = engine.now();
    let due = leaderboard_periods::Entity::find()
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(leaderboard_periods::Column::Status.eq(PeriodStatus::Open.code()))
                        .add(leaderboard_periods::Column::EndsAt.lte(now)),
                )
                .add(leaderboard_periods::Column::Status.eq(PeriodStatus::Closing.code())),
        )
        .all(engine.db())
        .await?;
    let mut closed = 0;
    for period in due {
        match close(engine, period.leaderboard_id, None).await {
            Ok(_) => closed += 1,
            Err(LeaderboardError::AlreadyClosed) => {}
            Err(e) => {
                tracing::warn!(board = %period.leaderboard_id, error = %e, "leaderboard close failed")
            }
        }
    }
    Ok(closed)
}

/// Publishes `leaderboard.changed` for every board whose top changed.
pub async fn push_tops(engine: &Engine) -> Result<(), LeaderboardError> {
    for (id, period) in engine.leaderboard_boards().take_dirty() {
        let Some(top) = engine
            .leaderboard_boards()
            .read(id, period, |live| live.board.top(super::PUSH_TOP))
        else {
            continue;
        };
        let Some(board) = leaderboards::Entity::find_by_id(id)
            .one(engine.db())
            .await?
        else {
            continue;
        };
        let rows = views::rows(engine, &board, &top, None).await?;
        let event = Event::new(
            Topic::Leaderboard(id),
            EventData::LeaderboardChanged(LeaderboardChanged {
                leaderboard_id: id,
                top: rows,
            }),
            engine.now(),
        );
        engine
            .events()
            .publish(&event)
            .await
            .map_err(LeaderboardError::Unexpected)?;
    }
    Ok(())
}

/// Starts the board jobs: tops pushed at most once a second, due periods
/// closed every [`CLOSE_EVERY`], rankings checked every [`CHECK_EVERY`].
/// Each is safe on every replica at once.
pub fn spawn_jobs(engine: Engine) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(PUSH_EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last_close: Option<std::time::Instant> = None;
        let mut last_check = std::time::Instant::now();
        loop {
            ticks.tick().await;
            if let Err(e) = push_tops(&engine).await {
                tracing::warn!(error = %e, "leaderboard push failed");
            }
            if last_close.is_none_or(|at| at.elapsed() >= CLOSE_EVERY) {
                last_close = Some(std::time::Instant::now());
                if let Err(e) = close_due(&engine).await {
                    tracing::warn!(error = %e, "leaderboard closes failed");
                }
            }
            if last_check.elapsed() >= CHECK_EVERY {
                last_check = std::time::Instant::now();
                for (board, period) in engine.leaderboard_boards().held() {
                    match live::check(&engine, board, period).await {
                        Ok(true) => {}
                        Ok(false) => tracing::warn!(%board, "leaderboard ranking drifted; rebuilt"),
                        Err(e) => tracing::warn!(error = %e, "leaderboard check failed"),
                    }
                }
            }
        }
    })
}
