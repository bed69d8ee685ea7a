//! Each player's tier: computed from the points earned in the
//! qualification window, kept through the downgrade grace, held by a
//! manager's override until it expires.
//!
//! Rules:
//! - Qualifying points: the sum of the player's points entries of the last
//!   `qualification_days` that are credits, or manual adjustments (so a
//!   manager's correction lowers them); spending never does.
//! - The stored state (`loyalty_tiers`) is recomputed in the transaction of
//!   every points change (earning, adjustment, awarded points) and by
//!   [`review_tiers`], which applies downgrades whose grace ran out and
//!   clears expired overrides. Reads ([`status`]) compute the same pure
//!   function on the stored state, so what a player sees is right even
//!   between two reviews.
//! - The tier held ([`held`]) is the override while it lasts (and names a
//!   tier of the programme), else the computed tier.
//! - A recompute that changes the held tier, and every points change,
//!   publishes `loyalty.changed` on `player:{id}` with the tier.

use chrono::{DateTime, Duration, Utc};
use domain::api::loyalty::LoyaltyStatus;
use domain::events::{EventData, LoyaltyChanged, Topic};
use domain::loyalty::{Programme, TierState};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use super::ledger::{self, Balances, Change, LedgerChangeError, Unit};
use super::{LoyaltyError, MAX_REASON_CHARS};
use crate::Engine;
use crate::events::Pending;
use entity::{loyalty_cards, loyalty_entries, loyalty_tiers};

/// Most players one [`review_tiers`] pass recomputes.
pub const REVIEW_BATCH: u64 = 1_000;

/// Points earned by `player` since `since` (see the module rules).
pub(crate) async fn qualifying_points<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
    since: DateTime<Utc>,
) -> Result<i64, sea_orm::DbErr> {
    let total: Option<i64> = loyalty_entries::Entity::find()
        .select_only()
        .column_as(
            Expr::cust("CAST(COALESCE(SUM(delta), 0) AS BIGINT)"),
            "total",
        )
        .filter(loyalty_entries::Column::PlayerId.eq(player))
        .filter(loyalty_entries::Column::Unit.eq(Unit::Points.code()))
        .filter(loyalty_entries::Column::CreatedAt.gt(since))
        .filter(
            Condition::any()
                .add(loyalty_entries::Column::Delta.gt(0))
                .add(loyalty_entries::Column::Author.is_not_null()),
        )
        .into_tuple()
        .one(conn)
        .await?;
    Ok(total.unwrap_or(0).max(0))
}

/// The start of the qualification window ending `now`.
pub(crate) fn window_start(programme: &Programme, now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::days(programme.qualification_days)
}

fn state_of(row: &loyalty_tiers::Model) -> TierState {
    TierState {
        tier: row.tier.clone(),
        since: row.since,
        below_since: row.below_since,
    }
}

/// The tier held: the override while it lasts, else `computed`.
pub(crate) fn held<'p>(
    programme: &'p Programme,
    row: Option<&loyalty_tiers::Model>,
    computed: &TierState,
    now: DateTime<Utc>,
) -> &'p domain::loyalty::Tier {
    if let Some(row) = row
        && let (Some(tier), Some(until)) = (&row.override_tier, row.override_until)
        && until > now
        && let Some(t) = programme.tier(tier)
    {
        return t;
    }
    programme
        .tier(&computed.tier)
        .unwrap_or(&programme.tiers[0])
}

/// What a player's tier is at `now`, without writing.
pub(crate) struct TierNow<'p> {
    /// The stored row, if any.
    pub(crate) row: Option<loyalty_tiers::Model>,
    /// The computed state.
    pub(crate) computed: TierState,
    /// The tier held.
    pub(crate) held: &'p domain::loyalty::Tier,
    /// Points earned in the window.
    pub(crate) qualifying: i64,
}

/// The player's tier at `now` under `programme`, read in `conn`.
pub(crate) async fn tier_now<'p, C: ConnectionTrait>(
    conn: &C,
    programme: &'p Programme,
    player: Uuid,
    now: DateTime<Utc>,
) -> Result<TierNow<'p>, sea_orm::DbErr> {
    let row = loyalty_tiers::Entity::find_by_id(player).one(conn).await?;
    let qualifying = qualifying_points(conn, player, window_start(programme, now)).await?;
    let computed = programme.next_state(row.as_ref().map(state_of).as_ref(), qualifying, now);
    let held = held(programme, row.as_ref(), &computed, now);
    Ok(TierNow {
        row,
        computed,
        held,
        qualifying,
    })
}

/// Stores the computed state (and clears an expired override) in `conn`;
/// answers the tier held after, and whether it differs from before.
pub(crate) async fn store<C: ConnectionTrait>(
    conn: &C,
    programme: &Programme,
    player: Uuid,
    now: DateTime<Utc>,
) -> Result<(String, bool), sea_orm::DbErr> {
    let before = loyalty_tiers::Entity::find_by_id(player).one(conn).await?;
    // What the player was last told: an override still on the row (even
    // one that has just expired: clearing it is the change), else the
    // stored tier.
    let held_before = before.as_ref().map(|row| {
        row.override_tier
            .clone()
            .filter(|t| programme.tier(t).is_some())
            .unwrap_or_else(|| row.tier.clone())
    });
    let t = tier_now(conn, programme, player, now).await?;
    let expired = t
        .row
        .as_ref()
        .is_some_and(|r| r.override_until.is_some_and(|u| u <= now));
    let mut row = loyalty_tiers::ActiveModel {
        player_id: Set(player),
        tier: Set(t.computed.tier.clone()),
        since: Set(t.computed.since),
        below_since: Set(t.computed.below_since),
        override_tier: Set(None),
        override_until: Set(None),
        override_by: Set(None),
        updated_at: Set(now),
    };
    let mut columns = vec![
        loyalty_tiers::Column::Tier,
        loyalty_tiers::Column::Since,
        loyalty_tiers::Column::BelowSince,
        loyalty_tiers::Column::UpdatedAt,
    ];
    if expired {
        columns.extend([
            loyalty_tiers::Column::OverrideTier,
            loyalty_tiers::Column::OverrideUntil,
            loyalty_tiers::Column::OverrideBy,
        ]);
    } else if let Some(r) = &t.row {
        row.override_tier = Set(r.override_tier.clone());
        row.override_until = Set(r.override_until);
        row.override_by = Set(r.override_by);
    }
    loyalty_tiers::Entity::insert(row)
        .on_conflict(
            OnConflict::column(loyalty_tiers::Column::PlayerId)
                .update_columns(columns)
                .to_owned(),
        )
        .exec(conn)
        .await?;
    let name = t.held.name.clone();
    let changed = held_before.as_deref() != Some(name.as_str());
    Ok((name, changed))
}

/// The `loyalty.changed` event.
pub(crate) fn changed_event(
    player: Uuid,
    now: Balances,
    points_delta: i64,
    coins_delta: i64,
    reason: &str,
    tier: Option<String>,
) -> EventData {
    EventData::LoyaltyChanged(LoyaltyChanged {
        player_id: player,
        points: now.points,
        coins: now.coins,
        points_delta,
        coins_delta,
        reason: reason.chars().take(MAX_REASON_CHARS).collect(),
        tier,
    })
}

/// `GET /loyalty`.
pub(crate) async fn status(engine: &Engine, player: Uuid) -> Result<LoyaltyStatus, LoyaltyError> {
    let db = engine.db();
    let balances = ledger::balances(db, player).await?;
    let card = loyalty_cards::Entity::find()
        .filter(loyalty_cards::Column::PlayerId.eq(player))
        .one(db)
        .await?
        .map(|c| c.card_number);
    let Some(programme) = super::programme::current(engine).await? else {
        return Ok(LoyaltyStatus {
            points: balances.points,
            coins: balances.coins,
            tier: None,
            qualifying_points: 0,
            next_tier: None,
            card_number: card,
            points_multiplier: "1".to_owned(),
            cashback_percent: None,
            tier_override_until: None,
            below_threshold_since: None,
        });
    };
    let now = engine.now();
    let t = tier_now(db, &programme, player, now).await?;
    let override_until = t
        .row
        .as_ref()
        .and_then(|r| r.override_until)
        .filter(|u| *u > now && t.row.as_ref().is_some_and(|r| r.override_tier.is_some()));
    Ok(LoyaltyStatus {
        points: balances.points,
        coins: balances.coins,
        tier: Some(t.held.name.clone()),
        qualifying_points: t.qualifying,
        next_tier: programme.next_tier(&t.held.name),
        card_number: card,
        points_multiplier: t.held.points_multiplier.normalize().to_string(),
        cashback_percent: t.held.cashback_percent.map(|p| p.normalize().to_string()),
        tier_override_until: override_until,
        below_threshold_since: t.computed.below_since,
    })
}

/// The points multiplier of the tier `player` holds now (1 without a
/// programme), read in `conn`.
pub(crate) async fn multiplier_now<C: ConnectionTrait>(
    conn: &C,
    programme: &Programme,
    player: Uuid,
    now: DateTime<Utc>,
) -> Result<Decimal, sea_orm::DbErr> {
    Ok(tier_now(conn, programme, player, now)
        .await?
        .held
        .points_multiplier)
}

/// A manager's points adjustment (see [`super::Loyalty::adjust_points`]);
/// `extra` is the caller's own audit row, written in the same
/// transaction (with `balance_after` added to an object's details).
pub(crate) async fn adjust_points(
    engine: &Engine,
    player: Uuid,
    delta: i64,
    reason: &str,
    author: Uuid,
    extra: Option<super::AuditRow>,
) -> Result<i64, LoyaltyError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        return Err(LoyaltyError::field(
            "reason",
            "give a reason of 1 to 500 characters",
        ));
    }
    if delta == 0 || delta.abs() > ledger::MAX_DELTA {
        return Err(LoyaltyError::field(
            "points",
            "must be a non-zero whole number of at most 1000000000 either way",
        ));
    }
    let now = engine.now();
    let txn = crate::db::begin_write(engine.db()).await?;
    let change = Change {
        player_id: player,
        unit: Unit::Points,
        delta,
        reason,
        reference: None,
        author: Some(author),
    };
    let after = match ledger::post(&txn, &change, now).await {
        Ok(after) => after,
        Err(LedgerChangeError::Insufficient(_)) => {
            return Err(LoyaltyError::field(
                "points",
                "would take the player's points below zero",
            ));
        }
        Err(LedgerChangeError::Db(e)) => return Err(e.into()),
        Err(e) => return Err(anyhow::anyhow!("{e}").into()),
    };
    let tier = match super::programme::load(&txn).await? {
        Some((programme, _)) => Some(store(&txn, &programme, player, now).await?.0),
        None => None,
    };
    crate::audit::record(
        &txn,
        now,
        Some(author),
        "loyalty.points_adjusted",
        &format!("player:{player}"),
        serde_json::json!({"points": delta, "reason": reason, "points_after": after.points}),
    )
    .await?;
    if let Some(mut extra) = extra {
        if let Some(details) = extra.details.as_object_mut() {
            details.insert("balance_after".to_owned(), after.points.into());
        }
        extra.record(&txn, now, author).await?;
    }
    let mut events = Pending::new(now);
    events.push(
        Topic::Player(player),
        changed_event(player, after, delta, 0, reason, tier),
    );
    events.flush(&txn).await?;
    txn.commit().await?;
    engine.events().wake();
    Ok(after.points)
}

/// A manager's tier override (see [`super::Loyalty::set_tier_override`]);
/// `extra` is the caller's own audit row, written in the same
/// transaction.
pub(crate) async fn set_override(
    engine: &Engine,
    player: Uuid,
    tier: &str,
    until: DateTime<Utc>,
    author: Uuid,
    extra: Option<super::AuditRow>,
) -> Result<(), LoyaltyError> {
    let now = engine.now();
    let txn = crate::db::begin_write(engine.db()).await?;
    let Some((programme, _)) = super::programme::load(&txn).await? else {
        return Err(LoyaltyError::field("tier", "no loyalty programme is set"));
    };
    if programme.tier(tier).is_none() {
        return Err(LoyaltyError::field(
            "tier",
            "is not a tier of the programme",
        ));
    }
    if until <= now {
        return Err(LoyaltyError::field("until", "must be in the future"));
    }
    store(&txn, &programme, player, now).await?;
    loyalty_tiers::Entity::update_many()
        .col_expr(loyalty_tiers::Column::OverrideTier, Expr::value(tier))
        .col_expr(loyalty_tiers::Column::OverrideUntil, Expr::value(until))
        .col_expr(loyalty_tiers::Column::OverrideBy, Expr::value(author))
        .col_expr(loyalty_tiers::Column::UpdatedAt, Expr::value(now))
        .filter(loyalty_tiers::Column::PlayerId.eq(player))
        .exec(&txn)
        .await?;
    crate::audit::record(
        &txn,
        now,
        Some(author),
        "loyalty.tier_overridden",
        &format!("player:{player}"),
        serde_json::json!({"tier": tier, "until": until}),
    )
    .await?;
    if let Some(extra) = extra {
        extra.record(&txn, now, author).await?;
    }
    let balances = ledger::balances(&txn, player).await?;
    let mut events = Pending::new(now);
    events.push(
        Topic::Player(player),
        changed_event(
            player,
            balances,
            0,
            0,
            "tier override",
            Some(tier.to_owned()),
        ),
    );
    events.flush(&txn).await?;
    txn.commit().await?;
    engine.events().wake();
    Ok(())
}

/// Applies downgrades whose grace ran out and clears expired overrides,
/// as of `now`; answers how many players' held tier changed. Run by the
/// chores loop; idempotent.
///
/// It also revisits players above the lowest tier who are not in a grace
/// yet, least recently updated first: points sliding out of the window
/// change no row, so a review is where such a player is found below
/// their threshold and their grace starts (at most one review interval
/// after the points slid out).
pub async fn review_tiers(engine: &Engine, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let db = engine.db();
    let Some(programme) = super::programme::current(engine)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
    else {
        return Ok(0);
    };
    let grace_over = now - Duration::days(programme.downgrade_grace_days);
    let lowest = programme.tiers[0].name.clone();
    let players: Vec<Uuid> = loyalty_tiers::Entity::find()
        .select_only()
        .column(loyalty_tiers::Column::PlayerId)
        .filter(
            Condition::any()
                .add(loyalty_tiers::Column::OverrideUntil.lte(now))
                .add(loyalty_tiers::Column::BelowSince.lte(grace_over))
                .add(
                    Condition::all()
                        .add(loyalty_tiers::Column::BelowSince.is_null())
                        .add(loyalty_tiers::Column::Tier.ne(lowest)),
                ),
        )
        .order_by_asc(loyalty_tiers::Column::UpdatedAt)
        .limit(REVIEW_BATCH)
        .into_tuple()
        .all(db)
        .await?;
    let mut changed = 0;
    for player in players {
        let txn = crate::db::begin_write(db).await?;
        let (tier, moved) = store(&txn, &programme, player, now).await?;
        if moved {
            let balances = ledger::balances(&txn, player).await?;
            let mut events = Pending::new(now);
            events.push(
                Topic::Player(player),
                changed_event(player, balances, 0, 0, "tier review", Some(tier)),
            );
            events.flush(&txn).await?;
            changed += 1;
        }
        txn.commit().await?;
    }
    if changed > 0 {
        engine.events().wake();
    }
    Ok(changed)
}
