//! The points and coins ledgers: integer balances per player with an
//! append-only entry for every change, carrying the running balance, a
//! reason and, for manual adjustments, the author.
//!
//! Rules:
//! - A change is one guarded update of the balance row (the new balance
//!   may not be negative) and one entry, in the caller's transaction:
//!   concurrent spends can never take a balance below zero, and an entry
//!   always agrees with the balance it records.
//! - An entry with a `reference` is unique per player and unit: posting the
//!   same reference twice fails on the index inside the caller's
//!   transaction, so it changes nothing.
//! - Deltas are bounded by [`MAX_DELTA`] so no sum can overflow.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use entity::{loyalty_accounts, loyalty_entries};

/// Largest change one entry may make, either way.
pub const MAX_DELTA: i64 = 1_000_000_000;

/// Which balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Loyalty points.
    Points,
    /// Coins (the in-game currency).
    Coins,
}

impl Unit {
    /// The stored code.
    pub const fn code(self) -> &'static str {
        match self {
            Unit::Points => "points",
            Unit::Coins => "coins",
        }
    }
}

/// Why a change was refused.
#[derive(Debug, thiserror::Error)]
pub enum LedgerChangeError {
    /// The balance would go below zero.
    #[error("not enough {0}")]
    Insufficient(&'static str),
    /// Zero or beyond [`MAX_DELTA`].
    #[error("the change is zero or too large")]
    BadDelta,
    /// The reference was posted before.
    #[error("already posted")]
    Duplicate,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// One change to post.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    /// The player.
    pub player_id: Uuid,
    /// Which balance.
    pub unit: Unit,
    /// By how much (negative spends).
    pub delta: i64,
    /// Why, for people.
    pub reason: &'a str,
    /// What caused it, unique per player and unit.
    pub reference: Option<&'a str>,
    /// The staff member, for manual adjustments.
    pub author: Option<Uuid>,
}

/// Balances after a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Balances {
    /// Points.
    pub points: i64,
    /// Coins.
    pub coins: i64,
}

/// Posts `change` in the caller's transaction; answers the balances after.
pub async fn post<C: ConnectionTrait>(
    conn: &C,
    change: &Change<'_>,
    at: DateTime<Utc>,
) -> Result<Balances, LedgerChangeError> {
    if change.delta == 0 || change.delta.abs() > MAX_DELTA {
        return Err(LedgerChangeError::BadDelta);
    }
    if let Some(reference) = change.reference {
        let seen = loyalty_entries::Entity::find()
            .filter(loyalty_entries::Column::PlayerId.eq(change.player_id))
            .filter(loyalty_entries::Column::Unit.eq(change.unit.code()))
            .filter(loyalty_entries::Column::Reference.eq(reference))
            .one(conn)
            .await?;
        if seen.is_some() {
            return Err(LedgerChangeError::Duplicate);
        }
    }
    open_account(conn, change.player_id, at).await?;
    let column = match change.unit {
        Unit::Points => loyalty_accounts::Column::Points,
        Unit::Coins => loyalty_accounts::Column::Coins,
    };
    let updated = loyalty_accounts::Entity::update_many()
        .col_expr(column, Expr::col(column).add(change.delta))
        .col_expr(loyalty_accounts::Column::UpdatedAt, Expr::value(at))
        .filter(loyalty_accounts::Column::PlayerId.eq(change.player_id))
        .filter(Expr::col(column).add(change.delta).gte(0))
        .exec(conn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(LedgerChangeError::Insufficient(change.unit.code()));
    }
    let now = balances(conn, change.player_id).await?;
    let balance_after = match change.unit {
        Unit::Points => now.points,
        Unit::Coins => now.coins,
    };
    let entry = loyalty_entries::ActiveModel {
        id: Set(Uuid::now_v7()),
        player_id: Set(change.player_id),
        unit: Set(change.unit.code().to_owned()),
        delta: Set(change.delta),
        balance_after: Set(balance_after),
        reason: Set(change.reason.chars().take(500).collect()),
        reference: Set(change.reference.map(str::to_owned)),
        author: Set(change.author),
        created_at: Set(at),
    };
    match loyalty_entries::Entity::insert(entry).exec(conn).await {
        Ok(_) => Ok(now),
        Err(e)
            if matches!(
                e.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            Err(LedgerChangeError::Duplicate)
        }
        Err(e) => Err(e.into()),
    }
}

/// Posts `changes`, every one a gain with a reference, in the caller's
/// transaction: one balance update per player and unit, and the entries
/// together, each with the running balance after it (in order). Answers
/// each change's balances after it. A reference posted before fails on
/// the index ([`LedgerChangeError::Duplicate`] on SQLite; on PostgreSQL
/// the caller's transaction is then aborted).
pub(crate) async fn post_all<C: ConnectionTrait>(
    conn: &C,
    changes: &[Change<'_>],
    at: DateTime<Utc>,
) -> Result<Vec<Balances>, LedgerChangeError> {
    use std::collections::BTreeMap;
    if changes
        .iter()
        .any(|c| c.delta <= 0 || c.delta > MAX_DELTA || c.reference.is_none())
    {
        return Err(LedgerChangeError::BadDelta);
    }
    let mut totals: BTreeMap<(Uuid, &'static str), i64> = BTreeMap::new();
    for c in changes {
        *totals.entry((c.player_id, c.unit.code())).or_default() += c.delta;
    }
    let mut players: Vec<Uuid> = totals.keys().map(|(p, _)| *p).collect();
    players.dedup();
    for &player in &players {
        open_account(conn, player, at).await?;
    }
    for (&(player, unit), &total) in &totals {
        let column = if unit == Unit::Points.code() {
            loyalty_accounts::Column::Points
        } else {
            loyalty_accounts::Column::Coins
        };
        loyalty_accounts::Entity::update_many()
            .col_expr(column, Expr::col(column).add(total))
            .col_expr(loyalty_accounts::Column::UpdatedAt, Expr::value(at))
            .filter(loyalty_accounts::Column::PlayerId.eq(player))
            .exec(conn)
            .await?;
    }
    let mut now: BTreeMap<Uuid, Balances> = loyalty_accounts::Entity::find()
        .filter(loyalty_accounts::Column::PlayerId.is_in(players))
        .all(conn)
        .await?
        .into_iter()
        .map(|row| {
            (
                row.player_id,
                Balances {
                    points: row.points,
                    coins: row.coins,
                },
            )
        })
        .collect();
    // Walk back from the balances after every change to those before.
    for (&(player, unit), &total) in &totals {
        let b = now.entry(player).or_default();
        if unit == Unit::Points.code() {
            b.points -= total;
        } else {
            b.coins -= total;
        }
    }
    let mut after = Vec::with_capacity(changes.len());
    let mut entries = Vec::with_capacity(changes.len());
    for c in changes {
        let b = now.entry(c.player_id).or_default();
        let balance_after = match c.unit {
            Unit::Points => {
                b.points += c.delta;
                b.points
            }
            Unit::Coins => {
                b.coins += c.delta;
                b.coins
            }
        };
        after.push(*b);
        entries.push(loyalty_entries::ActiveModel {
            id: Set(Uuid::now_v7()),
            player_id: Set(c.player_id),
            unit: Set(c.unit.code().to_owned()),
            delta: Set(c.delta),
            balance_after: Set(balance_after),
            reason: Set(c.reason.chars().take(500).collect()),
            reference: Set(c.reference.map(str::to_owned)),
            author: Set(c.author),
            created_at: Set(at),
        });
    }
    match crate::db::insert_all(conn, entries).await {
        Ok(()) => Ok(after),
        Err(e)
            if matches!(
                e.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            Err(LedgerChangeError::Duplicate)
        }
        Err(e) => Err(e.into()),
    }
}

/// The player's balances (zero before the first entry).
pub async fn balances<C: ConnectionTrait>(conn: &C, player: Uuid) -> Result<Balances, DbErr> {
    Ok(loyalty_accounts::Entity::find_by_id(player)
        .one(conn)
        .await?
        .map(|row| Balances {
            points: row.points,
            coins: row.coins,
        })
        .unwrap_or_default())
}

/// Makes sure the player's balance row exists.
async fn open_account<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let row = loyalty_accounts::ActiveModel {
        player_id: Set(player),
        points: Set(0),
        coins: Set(0),
        updated_at: Set(at),
    };
    loyalty_accounts::Entity::insert(row)
        .on_conflict_do_nothing()
        .exec(conn)
        .await?;
    Ok(())
}
