//! How boards, scores and players are shown.
//!
//! Rules:
//! - A player is shown by the nickname they picked, else by a mask of
//!   their id (`pl***3f2a`): never by an e-mail or any other personal data.
//! - Money scores (`wagered`, `net_win`) are decimals with the board
//!   currency's minor digits; `biggest_multiplier` is kept in hundredths
//!   and shown with two decimals; the other metrics are whole numbers.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use domain::api::leaderboard::{
    LeaderboardStatus, LeaderboardSummary, LeaderboardView, Metric, Period, PeriodStatus,
    PrizeRange, RankRow,
};
use domain::leaderboard::Ranked;
use domain::money::{Currency, Money};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::LeaderboardError;
use super::spec::Definition;
use crate::Engine;
use entity::{leaderboard_periods, leaderboards, player_nicknames};

/// The masked public name of a player without a nickname.
pub fn masked(player: Uuid) -> String {
    let hex = player.simple().to_string();
    format!("pl***{}", &hex[hex.len() - 4..])
}

/// Display names of `players` (nickname, else masked).
pub async fn names(
    engine: &Engine,
    players: &[Uuid],
) -> Result<HashMap<Uuid, String>, sea_orm::DbErr> {
    let mut out: HashMap<Uuid, String> = players.iter().map(|p| (*p, masked(*p))).collect();
    for chunk in players.chunks(500) {
        let rows = player_nicknames::Entity::find()
            .filter(player_nicknames::Column::PlayerId.is_in(chunk.iter().copied()))
            .all(engine.db())
            .await?;
        for row in rows {
            out.insert(row.player_id, row.nickname);
        }
    }
    Ok(out)
}

/// A score as shown.
pub fn score_text(metric: Metric, currency: Currency, score: i64) -> String {
    match metric {
        Metric::Wagered | Metric::NetWin => Money::new(score, currency).format_amount(),
        Metric::BiggestMultiplier => {
            let sign = if score < 0 { "-" } else { "" };
            let abs = score.unsigned_abs();
            format!("{sign}{}.{:02}", abs / 100, abs % 100)
        }
        Metric::LoginStreak | Metric::GameDiversity | Metric::Points => score.to_string(),
    }
}

/// Rows of a table, named.
pub async fn rows(
    engine: &Engine,
    board: &leaderboards::Model,
    ranked: &[Ranked],
    me: Option<Uuid>,
) -> Result<Vec<RankRow>, LeaderboardError> {
    let metric = metric_of(board)?;
    let currency = currency_of(board)?;
    let players: Vec<Uuid> = ranked.iter().map(|r| r.key.player).collect();
    let names = names(engine, &players).await?;
    Ok(ranked
        .iter()
        .map(|r| RankRow {
            rank: r.rank,
            player: names
                .get(&r.key.player)
                .cloned()
                .unwrap_or_else(|| masked(r.key.player)),
            score: score_text(metric, currency, r.key.score),
            me: me == Some(r.key.player),
        })
        .collect())
}

/// The stored metric.
pub fn metric_of(board: &leaderboards::Model) -> Result<Metric, LeaderboardError> {
    board
        .metric
        .parse()
        .map_err(|e| LeaderboardError::Unexpected(anyhow::anyhow!("stored metric: {e}")))
}

/// The stored currency.
pub fn currency_of(board: &leaderboards::Model) -> Result<Currency, LeaderboardError> {
    board
        .currency
        .parse()
        .map_err(|e| LeaderboardError::Unexpected(anyhow::anyhow!("stored currency: {e}")))
}

/// The stored definition.
pub fn definition(board: &leaderboards::Model) -> Result<Definition, LeaderboardError> {
    let spec = serde_json::from_str(&board.spec).map_err(anyhow::Error::from)?;
    Definition::parse(&spec, currency_of(board)?)
        .map_err(|e| LeaderboardError::Unexpected(anyhow::anyhow!("stored leaderboard: {e:?}")))
}

/// A period row's bounds.
pub fn period_of(row: &leaderboard_periods::Model) -> Period {
    Period {
        starts_at: row.starts_at,
        ends_at: row.ends_at,
    }
}

/// A period row's status.
pub fn period_status(row: &leaderboard_periods::Model) -> PeriodStatus {
    row.status.parse().unwrap_or(PeriodStatus::Closed)
}

/// The board's status at `now`, given its current period.
pub fn status(
    board: &leaderboards::Model,
    period: Option<&leaderboard_periods::Model>,
    now: DateTime<Utc>,
) -> LeaderboardStatus {
    match period {
        _ if board.status == LeaderboardStatus::Closed.code() => LeaderboardStatus::Closed,
        Some(p) if p.starts_at > now => LeaderboardStatus::Scheduled,
        Some(_) => LeaderboardStatus::Live,
        None => LeaderboardStatus::Closed,
    }
}

fn prizes(def: &Definition) -> Vec<PrizeRange> {
    def.to_spec().prizes
}

/// The back office's view.
pub fn view(
    board: &leaderboards::Model,
    period: Option<&leaderboard_periods::Model>,
    now: DateTime<Utc>,
) -> Result<LeaderboardView, LeaderboardError> {
    let def = definition(board)?;
    Ok(LeaderboardView {
        leaderboard_id: board.id,
        name: board.name.clone(),
        metric: def.metric,
        status: status(board, period, now),
        period: period.map(period_of),
        opt_in: board.opt_in,
        prizes: prizes(&def),
        verticals: def.verticals.clone(),
        recurrence: def.recurrence,
        timezone: board.timezone.clone(),
        max_participants: board.max_participants,
        min_stake: def.min_stake.map(Money::format_amount),
        currency: board.currency.clone(),
        demo: board.demo,
        created_at: board.created_at,
    })
}

/// The players' view.
pub fn summary(
    board: &leaderboards::Model,
    period: Option<&leaderboard_periods::Model>,
    now: DateTime<Utc>,
) -> Result<LeaderboardSummary, LeaderboardError> {
    let def = definition(board)?;
    Ok(LeaderboardSummary {
        leaderboard_id: board.id,
        name: board.name.clone(),
        metric: def.metric,
        status: status(board, period, now),
        period: period.map(period_of),
        opt_in: board.opt_in,
        prizes: prizes(&def),
        demo: board.demo,
    })
}
