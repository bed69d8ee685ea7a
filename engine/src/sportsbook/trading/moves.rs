//! Trader moves on existing markets: odds (with history and an
//! `odds.changed` event), suspend and resume, stake and liability limits,
//! and teaser tables. Every change is audited.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use domain::betting::{Odds, TeaserTable};
use domain::events::{EventData, Topic};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Set,
};
use uuid::Uuid;

use super::super::{
    Market, MarketStatus, Selection, SelectionStatus, Sportsbook, SportsbookError, require_trader,
    selection_view,
};
use super::{MarketLimits, OddsSource, SelectionLimits, audit, check_limit};
use crate::Principal;
use entity::{
    sportsbook_markets as markets, sportsbook_odds_history as odds_history,
    sportsbook_selections as selections, sportsbook_teaser_tables as teaser_tables,
};

impl Sportsbook<'_> {
    /// Moves a selection's odds (trader or feed): records the history and
    /// writes `odds.changed` on `odds:{event_id}` in the same transaction.
    /// Unchanged odds write nothing. Settled selections refuse
    /// (`AlreadySettled`).
    pub async fn set_odds(
        &self,
        actor: Option<&Principal>,
        selection_id: Uuid,
        odds: Odds,
        source: OddsSource,
    ) -> Result<Selection, SportsbookError> {
        if let Some(actor) = actor {
            require_trader(actor)?;
        }
        let now = self.engine.now();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let view = self
            .set_odds_in(
                &txn,
                now,
                actor.map(|a| a.user_id),
                selection_id,
                odds,
                source,
            )
            .await?;
        txn.commit().await?;
        self.engine.events().wake();
        Ok(view)
    }

    pub(crate) async fn set_odds_in(
        &self,
        txn: &DatabaseTransaction,
        now: DateTime<Utc>,
        actor: Option<Uuid>,
        selection_id: Uuid,
        odds: Odds,
        source: OddsSource,
    ) -> Result<Selection, SportsbookError> {
        let row = selections::Entity::find_by_id(selection_id)
            .one(txn)
            .await?
            .ok_or(SportsbookError::NotFound)?;
        if row.status == SelectionStatus::Settled.code() {
            return Err(SportsbookError::AlreadySettled);
        }
        let new = odds.to_string();
        if row.odds == new {
            return selection_view(&row);
        }
        let previous = row.odds.clone();
        let event_id = row.event_id;
        let market_id = row.market_id;
        let mut active: selections::ActiveModel = row.into();
        active.odds = Set(new.clone());
        active.updated_at = Set(now);
        let row = active.update(txn).await?;
        odds_history::ActiveModel {
            id: Set(Uuid::now_v7()),
            selection_id: Set(selection_id),
            odds: Set(new.clone()),
            previous_odds: Set(Some(previous.clone())),
            source: Set(source.code().to_owned()),
            actor_id: Set(actor),
            created_at: Set(now),
        }
        .insert(txn)
        .await?;
        crate::events::enqueue(
            txn,
            now,
            Topic::Odds(event_id),
            EventData::OddsChanged(domain::events::OddsChanged {
                event_id,
                market_id,
                selection_id,
                odds,
                // Stored odds were written from an `Odds`; an unreadable
                // row reads as the new price (no move shown).
                previous_odds: previous.parse().unwrap_or(odds),
                source: source.code().to_owned(),
                coalesced: None,
            }),
        )
        .await?;
        selection_view(&row)
    }

    /// Suspends a market (trader): no bets until resumed.
    pub async fn suspend_market(
        &self,
        actor: &Principal,
        id: Uuid,
    ) -> Result<Market, SportsbookError> {
        require_trader(actor)?;
        self.set_market_status(actor, id, MarketStatus::Suspended)
            .await
    }

    /// Resumes a suspended market (trader). Settled or void markets refuse
    /// (`AlreadySettled`).
    pub async fn resume_market(
        &self,
        actor: &Principal,
        id: Uuid,
    ) -> Result<Market, SportsbookError> {
        require_trader(actor)?;
        self.set_market_status(actor, id, MarketStatus::Open).await
    }

    /// A trader opens or suspends a market. Suspending a market the feed
    /// or the liability rule suspended takes it over (only a trader
    /// resumes it then); each change is audited.
    async fn set_market_status(
        &self,
        actor: &Principal,
        id: Uuid,
        new_status: MarketStatus,
    ) -> Result<Market, SportsbookError> {
        let now = self.engine.now();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let row = markets::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(SportsbookError::NotFound)?;
        if row.status == MarketStatus::Settled.code() || row.status == MarketStatus::Void.code() {
            return Err(SportsbookError::AlreadySettled);
        }
        let event_id = row.event_id;
        let trader = SuspendedBy::Trader.code();
        let taken_over = (row.status == new_status.code() && new_status == MarketStatus::Suspended)
            .then_some(row.suspended_by.as_deref())
            .flatten()
            .filter(|by| *by != trader);
        if let Some(from) = taken_over {
            markets::Entity::update_many()
                .col_expr(markets::Column::SuspendedBy, Expr::value(trader))
                .filter(markets::Column::Id.eq(id))
                .exec(&txn)
                .await?;
            audit(
                &txn,
                now,
                actor,
                "sportsbook.market_suspended",
                &format!("market:{id}"),
                serde_json::json!({ "taken_over_from": from }),
            )
            .await?;
        } else if row.status != new_status.code() {
            mark_market(
                &txn,
                id,
                event_id,
                new_status,
                Some(SuspendedBy::Trader),
                now,
            )
            .await?;
            audit(
                &txn,
                now,
                actor,
                &format!("sportsbook.market_{new_status}"),
                &format!("market:{id}"),
                serde_json::json!({}),
            )
            .await?;
        }
        txn.commit().await?;
        self.engine.events().wake();
        self.market(id).await
    }

    /// Sets a market's stake and liability limits (trader).
    pub async fn set_market_limits(
        &self,
        actor: &Principal,
        id: Uuid,
        limits: MarketLimits,
    ) -> Result<Market, SportsbookError> {
        require_trader(actor)?;
        let max_stake = check_limit("max_stake", limits.max_stake)?;
        let liability = check_limit("liability_limit", limits.liability_limit)?;
        let now = self.engine.now();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let row = markets::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(SportsbookError::NotFound)?;
        let mut active: markets::ActiveModel = row.into();
        active.max_stake = Set(max_stake.clone());
        active.liability_limit = Set(liability.clone());
        active.auto_suspend = Set(limits.auto_suspend);
        active.updated_at = Set(now);
        active.update(&txn).await?;
        audit(
            &txn,
            now,
            actor,
            "sportsbook.market_limits",
            &format!("market:{id}"),
            serde_json::json!({ "max_stake": max_stake, "liability_limit": liability,
                "auto_suspend": limits.auto_suspend }),
        )
        .await?;
        txn.commit().await?;
        self.market(id).await
    }

    /// Sets a selection's stake and liability limits (trader).
    pub async fn set_selection_limits(
        &self,
        actor: &Principal,
        id: Uuid,
        limits: SelectionLimits,
    ) -> Result<Selection, SportsbookError> {
        require_trader(actor)?;
        let max_stake = check_limit("max_stake", limits.max_stake)?;
        let liability = check_limit("liability_limit", limits.liability_limit)?;
        let now = self.engine.now();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let row = selections::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(SportsbookError::NotFound)?;
        let mut active: selections::ActiveModel = row.into();
        active.max_stake = Set(max_stake.clone());
        active.liability_limit = Set(liability.clone());
        active.updated_at = Set(now);
        let row = active.update(&txn).await?;
        audit(
            &txn,
            now,
            actor,
            "sportsbook.selection_limits",
            &format!("selection:{id}"),
            serde_json::json!({ "max_stake": max_stake, "liability_limit": liability }),
        )
        .await?;
        txn.commit().await?;
        selection_view(&row)
    }

    /// Creates or replaces the teaser table for its number of points
    /// (trader). Bets already placed keep the prices they were struck at.
    pub async fn set_teaser_table(
        &self,
        actor: &Principal,
        table: TeaserTable,
    ) -> Result<TeaserTable, SportsbookError> {
        require_trader(actor)?;
        let points = table.points().normalize().to_string();
        let prices: BTreeMap<String, String> = table
            .prices()
            .iter()
            .map(|(legs, odds)| (legs.to_string(), odds.to_string()))
            .collect();
        let prices = serde_json::to_string(&prices).map_err(anyhow::Error::from)?;
        let now = self.engine.now();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        teaser_tables::Entity::delete_by_id(points.clone())
            .exec(&txn)
            .await?;
        teaser_tables::ActiveModel {
            points: Set(points.clone()),
            prices: Set(prices.clone()),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        audit(
            &txn,
            now,
            actor,
            "sportsbook.teaser_table",
            &format!("teaser:{points}"),
            serde_json::json!({ "prices": prices }),
        )
        .await?;
        txn.commit().await?;
        Ok(table)
    }
}

/// Who suspended a market. A feed resumes only what a feed suspended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SuspendedBy {
    /// A trader, by hand.
    Trader,
    /// An odds feed.
    Feed,
    /// The market's own liability limit (auto-suspend).
    Liability,
}

impl SuspendedBy {
    pub(crate) const fn code(self) -> &'static str {
        match self {
            SuspendedBy::Trader => "trader",
            SuspendedBy::Feed => "feed",
            SuspendedBy::Liability => "liability",
        }
    }
}

/// Sets a market's status (and its selections') and tells `odds:{event}`.
pub(crate) async fn mark_market<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    event_id: Uuid,
    new_status: MarketStatus,
    by: Option<SuspendedBy>,
    now: DateTime<Utc>,
) -> Result<(), SportsbookError> {
    markets::Entity::update_many()
        .col_expr(markets::Column::Status, Expr::value(new_status.code()))
        .col_expr(
            markets::Column::SuspendedBy,
            Expr::value(
                by.filter(|_| new_status == MarketStatus::Suspended)
                    .map(SuspendedBy::code),
            ),
        )
        .col_expr(markets::Column::UpdatedAt, Expr::value(now))
        .filter(markets::Column::Id.eq(id))
        .exec(conn)
        .await?;
    crate::events::enqueue(
        conn,
        now,
        Topic::Odds(event_id),
        EventData::MarketStatusChanged(domain::events::MarketStatusChanged {
            event_id,
            market_id: id,
            status: new_status.code().to_owned(),
        }),
    )
    .await?;
    Ok(())
}
