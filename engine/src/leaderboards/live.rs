//! The in-memory rankings of open periods, one [`RankBoard`] per board.
//!
//! Rules:
//! - A board's ranking is loaded from `leaderboard_entries` the first time
//!   it is needed (and by [`warm`] at start), then kept current by the
//!   scoring consumer, which applies a row only when its `version` is
//!   newer than the one held (two replicas, or two events of one player
//!   finishing out of order, never move a score back).
//! - [`check`] compares a ranking with a fresh load from the database and
//!   replaces it when they differ (the periodic job and the tests use it).
//! - Every lock is held for an in-memory operation only, never across a
//!   database call.

use std::collections::HashMap;
use std::sync::RwLock;

use domain::leaderboard::{RankBoard, RankKey};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::Engine;
use entity::leaderboard_entries;

/// One board's ranking of its open period.
pub struct LiveBoard {
    /// The period ranked.
    pub period_id: Uuid,
    /// The ranking.
    pub board: RankBoard,
    /// The entry version each player's key came from.
    versions: HashMap<Uuid, i64>,
    /// The top changed since the last `leaderboard.changed` push.
    pub dirty: bool,
}

impl LiveBoard {
    fn from_rows(period_id: Uuid, rows: &[leaderboard_entries::Model]) -> Self {
        Self {
            period_id,
            board: RankBoard::from_entries(rows.iter().map(key_of)),
            versions: rows.iter().map(|r| (r.player_id, r.version)).collect(),
            dirty: true,
        }
    }
}

/// An entry's place in the ranking.
pub fn key_of(row: &leaderboard_entries::Model) -> RankKey {
    RankKey {
        score: row.score,
        reached: row.reached_at,
        player: row.player_id,
    }
}

/// The rankings of this engine, by board.
#[derive(Default)]
pub struct Boards {
    boards: RwLock<HashMap<Uuid, LiveBoard>>,
}

impl Boards {
    /// Runs `f` on the board's ranking when it holds `period_id`.
    pub fn read<T>(
        &self,
        board: Uuid,
        period_id: Uuid,
        f: impl FnOnce(&LiveBoard) -> T,
    ) -> Option<T> {
        let guard = self.boards.read().unwrap_or_else(|e| e.into_inner());
        guard
            .get(&board)
            .filter(|b| b.period_id == period_id)
            .map(f)
    }

    /// Applies `row` when the board holds its period and the row is newer
    /// than what it holds; answers (rank before, rank after) when applied.
    pub fn apply(&self, row: &leaderboard_entries::Model) -> Option<(Option<u64>, Option<u64>)> {
        let mut guard = self.boards.write().unwrap_or_else(|e| e.into_inner());
        let live = guard
            .get_mut(&row.leaderboard_id)
            .filter(|b| b.period_id == row.period_id)?;
        if live
            .versions
            .get(&row.player_id)
            .is_some_and(|v| *v >= row.version)
        {
            return None;
        }
        let before = live.board.rank(row.player_id);
        let top_before = before.is_some_and(|r| r <= super::PUSH_TOP as u64);
        live.board.upsert(key_of(row));
        live.versions.insert(row.player_id, row.version);
        let after = live.board.rank(row.player_id);
        if top_before || after.is_some_and(|r| r <= super::PUSH_TOP as u64) {
            live.dirty = true;
        }
        Some((before, after))
    }

    /// Removes the player from every board's ranking; answers the boards.
    pub fn remove_player(&self, player: Uuid) -> Vec<Uuid> {
        let mut guard = self.boards.write().unwrap_or_else(|e| e.into_inner());
        let mut out = Vec::new();
        for (id, live) in guard.iter_mut() {
            let rank = live.board.rank(player);
            if live.board.remove(player).is_some() {
                live.versions.remove(&player);
                if rank.is_some_and(|r| r <= super::PUSH_TOP as u64) {
                    live.dirty = true;
                }
                out.push(*id);
            }
        }
        out
    }

    /// Forgets the board's ranking (its period closed).
    pub fn forget(&self, board: Uuid) {
        let mut guard = self.boards.write().unwrap_or_else(|e| e.into_inner());
        guard.remove(&board);
    }

    /// Boards whose top changed since their last push; clears the marks.
    pub fn take_dirty(&self) -> Vec<(Uuid, Uuid)> {
        let mut guard = self.boards.write().unwrap_or_else(|e| e.into_inner());
        guard
            .iter_mut()
            .filter(|(_, b)| b.dirty)
            .map(|(id, b)| {
                b.dirty = false;
                (*id, b.period_id)
            })
            .collect()
    }

    /// The boards held, with their periods.
    pub fn held(&self) -> Vec<(Uuid, Uuid)> {
        let guard = self.boards.read().unwrap_or_else(|e| e.into_inner());
        guard.iter().map(|(id, b)| (*id, b.period_id)).collect()
    }

    fn install(&self, board: Uuid, live: LiveBoard, replace: bool) {
        let mut guard = self.boards.write().unwrap_or_else(|e| e.into_inner());
        match guard.get(&board) {
            Some(held) if !replace && held.period_id == live.period_id => {}
            _ => {
                guard.insert(board, live);
            }
        }
    }
}

async fn load(
    engine: &Engine,
    period_id: Uuid,
) -> Result<Vec<leaderboard_entries::Model>, sea_orm::DbErr> {
    leaderboard_entries::Entity::find()
        .filter(leaderboard_entries::Column::PeriodId.eq(period_id))
        .all(engine.db())
        .await
}

/// Makes sure the board's ranking of `period_id` is in memory.
pub async fn ensure(engine: &Engine, board: Uuid, period_id: Uuid) -> Result<(), sea_orm::DbErr> {
    let boards = engine.leaderboard_boards();
    if boards.read(board, period_id, |_| ()).is_some() {
        return Ok(());
    }
    let rows = load(engine, period_id).await?;
    boards.install(board, LiveBoard::from_rows(period_id, &rows), false);
    Ok(())
}

/// Loads the rankings of every open period (at start).
pub async fn warm(engine: &Engine) -> Result<usize, sea_orm::DbErr> {
    let open = super::open_periods(engine).await?;
    for (board, period) in &open {
        ensure(engine, board.id, period.id).await?;
    }
    Ok(open.len())
}

/// Compares the board's ranking with the database; when they differ the
/// rebuilt one replaces it. Answers true when they were equal.
pub async fn check(engine: &Engine, board: Uuid, period_id: Uuid) -> Result<bool, sea_orm::DbErr> {
    let rows = load(engine, period_id).await?;
    let rebuilt = LiveBoard::from_rows(period_id, &rows);
    let boards = engine.leaderboard_boards();
    let equal = boards
        .read(board, period_id, |live| {
            live.board.ordered() == rebuilt.board.ordered()
        })
        .unwrap_or(false);
    if !equal {
        boards.install(board, rebuilt, true);
    }
    Ok(equal)
}
