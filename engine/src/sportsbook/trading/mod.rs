//! Trader operations: events and markets, odds moves (with history and an
//! `odds.changed` event on `odds:{event_id}`), suspend and resume, stake
//! and liability limits, teaser tables. Every change is audited.
//!
//! Events and new markets live here; moves on existing markets (odds,
//! status, limits, teaser tables) in `moves`, odds-feed batches in
//! `feed`.

mod feed;
mod moves;

pub use feed::{FeedItem, FeedReport, MAX_FEED_ITEMS};
pub(crate) use moves::{SuspendedBy, mark_market};

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use domain::betting::{Line, MarketKind, Odds, Side};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Set,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    Event, EventStatus, Market, MarketStatus, OddsPointSource, SelectionStatus, Sportsbook,
    SportsbookError, event_views, require_trader,
};
use crate::Principal;
use entity::{
    sportsbook_competitions as competitions, sportsbook_events as events,
    sportsbook_markets as markets, sportsbook_odds_history as odds_history,
    sportsbook_selections as selections, sportsbook_sports as sports,
};

/// Most markets per event and selections per market.
pub const MAX_MARKETS: usize = 100;
/// Most selections per market.
pub const MAX_SELECTIONS: usize = 100;

/// A selection of a new market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSelection {
    /// Display name.
    pub name: String,
    /// `home`/`away` or `over`/`under` in line markets; None otherwise.
    pub side: Option<String>,
    /// Decimal odds.
    pub odds: Odds,
}

/// A new market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMarket {
    /// Display name.
    pub name: String,
    /// Market kind code.
    pub kind: String,
    /// Line (home handicap or total) for line markets.
    pub line: Option<String>,
    /// Its selections.
    pub selections: Vec<NewSelection>,
}

/// A new event with its markets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEvent {
    /// Sport name (created on first use).
    pub sport: String,
    /// Competition name (created on first use within the sport).
    pub competition: String,
    /// Display name.
    pub name: String,
    /// Scheduled start.
    pub starts_at: DateTime<Utc>,
    /// Keep taking bets after the start.
    pub in_play_betting: bool,
    /// In-play acceptance delay, 0 to 30 000 ms.
    pub bet_delay_ms: i32,
    /// Labelled demo content.
    pub demo: bool,
    /// Its markets.
    pub markets: Vec<NewMarket>,
}

/// A change to an event; None leaves a field alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventChange {
    /// New name.
    pub name: Option<String>,
    /// New start.
    pub starts_at: Option<DateTime<Utc>>,
    /// `scheduled`, `live`, `ended` or `cancelled`.
    pub status: Option<EventStatus>,
    /// In-play betting on or off.
    pub in_play_betting: Option<bool>,
    /// In-play acceptance delay.
    pub bet_delay_ms: Option<i32>,
}

/// A market's limits; None clears a limit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketLimits {
    /// Largest total stake of one bet on the market (decimal amount).
    pub max_stake: Option<Decimal>,
    /// Liability at which the market suspends itself (with `auto_suspend`).
    pub liability_limit: Option<Decimal>,
    /// Suspend when a selection's liability reaches `liability_limit`.
    pub auto_suspend: bool,
}

/// A selection's limits; None clears a limit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectionLimits {
    /// Largest total stake of one bet on the selection (decimal amount).
    pub max_stake: Option<Decimal>,
    /// Most the book may lose on it; bets beyond are refused.
    pub liability_limit: Option<Decimal>,
}

/// Who moved the odds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OddsSource {
    /// A trader in the back office or over the API.
    Trader,
    /// An odds feed.
    Feed,
}

impl OddsSource {
    fn code(self) -> &'static str {
        match self {
            OddsSource::Trader => "trader",
            OddsSource::Feed => "feed",
        }
    }
}

fn check_name(field: &str, value: &str, max: usize) -> Result<String, SportsbookError> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > max {
        return Err(SportsbookError::validation(
            field,
            format!("Give 1 to {max} characters."),
        ));
    }
    Ok(value.to_owned())
}

fn check_limit(field: &str, value: Option<Decimal>) -> Result<Option<String>, SportsbookError> {
    match value {
        Some(v) if v <= Decimal::ZERO || v.scale() > 8 => Err(SportsbookError::validation(
            field,
            "A limit is a positive amount.",
        )),
        Some(v) => Ok(Some(v.normalize().to_string())),
        None => Ok(None),
    }
}

/// A checked market: its kind, line and each selection's side.
type CheckedMarket = (MarketKind, Option<Line>, Vec<Option<Side>>);

/// Validates a market and its selections.
fn check_market(market: &NewMarket) -> Result<CheckedMarket, SportsbookError> {
    check_name("markets.name", &market.name, 200)?;
    let kind: MarketKind = market.kind.parse().map_err(|_| {
        SportsbookError::validation(
            "markets.kind",
            "Use match_result, moneyline, outright, asian_handicap, spread or total.",
        )
    })?;
    let line = match (kind.has_line(), market.line.as_deref()) {
        (true, Some(line)) => {
            let line = Line::parse(line).map_err(|e| SportsbookError::bet("markets.line", e))?;
            if line.is_quarter() && !kind.allows_quarter_lines() {
                return Err(SportsbookError::validation(
                    "markets.line",
                    "This market takes whole or half lines only.",
                ));
            }
            Some(line)
        }
        (true, None) => {
            return Err(SportsbookError::validation(
                "markets.line",
                "A line market needs a line.",
            ));
        }
        (false, Some(_)) => {
            return Err(SportsbookError::validation(
                "markets.line",
                "Only asian_handicap, spread and total markets have a line.",
            ));
        }
        (false, None) => None,
    };
    let n = market.selections.len();
    if !(2..=MAX_SELECTIONS).contains(&n) {
        return Err(SportsbookError::validation(
            "markets.selections",
            format!("A market has 2 to {MAX_SELECTIONS} selections."),
        ));
    }
    let mut sides = Vec::with_capacity(n);
    let mut seen = HashSet::new();
    for s in &market.selections {
        check_name("markets.selections.name", &s.name, 200)?;
        let side = match (kind.has_line(), s.side.as_deref()) {
            (true, Some(code)) => {
                let side: Side = code.parse().map_err(|_| {
                    SportsbookError::validation("markets.selections.side", "Unknown side.")
                })?;
                if !kind.sides().contains(&side) || !seen.insert(side) {
                    return Err(SportsbookError::validation(
                        "markets.selections.side",
                        "A line market has each of its two sides once (home/away or over/under).",
                    ));
                }
                Some(side)
            }
            (true, None) => {
                return Err(SportsbookError::validation(
                    "markets.selections.side",
                    "Every selection of a line market has a side.",
                ));
            }
            (false, Some(_)) => {
                return Err(SportsbookError::validation(
                    "markets.selections.side",
                    "Only line markets have sides.",
                ));
            }
            (false, None) => None,
        };
        sides.push(side);
    }
    if kind.has_line() && n != 2 {
        return Err(SportsbookError::validation(
            "markets.selections",
            "A line market has exactly two selections.",
        ));
    }
    Ok((kind, line, sides))
}

async fn insert_market(
    txn: &DatabaseTransaction,
    actor: Uuid,
    event_id: Uuid,
    position: i32,
    market: &NewMarket,
    now: DateTime<Utc>,
) -> Result<Uuid, SportsbookError> {
    let (kind, line, sides) = check_market(market)?;
    let market_id = Uuid::now_v7();
    markets::ActiveModel {
        id: Set(market_id),
        event_id: Set(event_id),
        name: Set(market.name.trim().to_owned()),
        kind: Set(kind.code().to_owned()),
        line: Set(line.map(|l| l.to_string())),
        status: Set(MarketStatus::Open.code().to_owned()),
        suspended_by: Set(None),
        position: Set(position),
        max_stake: Set(None),
        liability_limit: Set(None),
        auto_suspend: Set(false),
        settle_version: Set(0),
        score_home: Set(None),
        score_away: Set(None),
        void_reason: Set(None),
        settled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await?;
    for (i, (s, side)) in market.selections.iter().zip(sides).enumerate() {
        let selection_id = Uuid::now_v7();
        selections::ActiveModel {
            id: Set(selection_id),
            market_id: Set(market_id),
            event_id: Set(event_id),
            name: Set(s.name.trim().to_owned()),
            side: Set(side.map(|s| s.code().to_owned())),
            odds: Set(s.odds.to_string()),
            status: Set(SelectionStatus::Open.code().to_owned()),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            result: Set(None),
            dead_heat_factor: Set(None),
            rule4_deduction: Set(None),
            max_stake: Set(None),
            liability_limit: Set(None),
            updated_at: Set(now),
        }
        .insert(txn)
        .await?;
        odds_history::ActiveModel {
            id: Set(Uuid::now_v7()),
            selection_id: Set(selection_id),
            odds: Set(s.odds.to_string()),
            previous_odds: Set(None),
            source: Set(OddsPointSource::Create.code().to_owned()),
            actor_id: Set(Some(actor)),
            created_at: Set(now),
        }
        .insert(txn)
        .await?;
    }
    Ok(market_id)
}

async fn sport_id(
    txn: &DatabaseTransaction,
    name: &str,
    now: DateTime<Utc>,
) -> Result<Uuid, SportsbookError> {
    if let Some(row) = sports::Entity::find()
        .filter(sports::Column::Name.eq(name))
        .one(txn)
        .await?
    {
        return Ok(row.id);
    }
    let id = Uuid::now_v7();
    sports::ActiveModel {
        id: Set(id),
        name: Set(name.to_owned()),
        created_at: Set(now),
    }
    .insert(txn)
    .await?;
    Ok(id)
}

async fn competition_id(
    txn: &DatabaseTransaction,
    sport: Uuid,
    name: &str,
    now: DateTime<Utc>,
) -> Result<Uuid, SportsbookError> {
    if let Some(row) = competitions::Entity::find()
        .filter(competitions::Column::SportId.eq(sport))
        .filter(competitions::Column::Name.eq(name))
        .one(txn)
        .await?
    {
        return Ok(row.id);
    }
    let id = Uuid::now_v7();
    competitions::ActiveModel {
        id: Set(id),
        sport_id: Set(sport),
        name: Set(name.to_owned()),
        created_at: Set(now),
    }
    .insert(txn)
    .await?;
    Ok(id)
}

fn check_delay(delay: i32) -> Result<(), SportsbookError> {
    if (0..=super::MAX_BET_DELAY_MS).contains(&delay) {
        Ok(())
    } else {
        Err(SportsbookError::validation(
            "bet_delay_ms",
            "The bet delay is 0 to 30000 ms.",
        ))
    }
}

async fn audit<C: ConnectionTrait>(
    conn: &C,
    at: DateTime<Utc>,
    actor: &Principal,
    action: &str,
    subject: &str,
    details: serde_json::Value,
) -> Result<(), SportsbookError> {
    crate::audit::record(conn, at, Some(actor.user_id), action, subject, details)
        .await
        .map_err(|e| SportsbookError::Unexpected(anyhow::anyhow!("audit: {e}")))
}

impl Sportsbook<'_> {
    /// Creates an event with its markets (trader). Sports and competitions
    /// are created on first use. Line markets need a line and exactly one
    /// selection per side; other markets take no line and no sides.
    pub async fn create_event(
        &self,
        actor: &Principal,
        event: NewEvent,
    ) -> Result<Event, SportsbookError> {
        require_trader(actor)?;
        let sport = check_name("sport", &event.sport, 100)?;
        let competition = check_name("competition", &event.competition, 200)?;
        let name = check_name("name", &event.name, 200)?;
        check_delay(event.bet_delay_ms)?;
        if event.markets.len() > MAX_MARKETS {
            return Err(SportsbookError::validation(
                "markets",
                format!("At most {MAX_MARKETS} markets per event."),
            ));
        }
        for m in &event.markets {
            check_market(m)?;
        }
        let now = self.engine.now();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let sport_id = sport_id(&txn, &sport, now).await?;
        let competition_id = competition_id(&txn, sport_id, &competition, now).await?;
        let event_id = Uuid::now_v7();
        let row = events::ActiveModel {
            id: Set(event_id),
            sport_id: Set(sport_id),
            competition_id: Set(competition_id),
            name: Set(name),
            starts_at: Set(event.starts_at),
            status: Set(EventStatus::Scheduled.code().to_owned()),
            in_play_betting: Set(event.in_play_betting),
            bet_delay_ms: Set(event.bet_delay_ms),
            home_score: Set(None),
            away_score: Set(None),
            demo: Set(event.demo),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        for (i, m) in event.markets.iter().enumerate() {
            let position = i32::try_from(i).unwrap_or(i32::MAX);
            insert_market(&txn, actor.user_id, event_id, position, m, now).await?;
        }
        audit(
            &txn,
            now,
            actor,
            "sportsbook.event_created",
            &format!("event:{event_id}"),
            serde_json::json!({ "name": row.name, "markets": event.markets.len() }),
        )
        .await?;
        let view = event_views(&txn, vec![row]).await?.pop();
        txn.commit().await?;
        view.ok_or(SportsbookError::NotFound)
    }

    /// Changes an event's name, start, status, in-play betting or bet delay
    /// (trader).
    pub async fn update_event(
        &self,
        actor: &Principal,
        id: Uuid,
        change: EventChange,
    ) -> Result<Event, SportsbookError> {
        require_trader(actor)?;
        let name = change
            .name
            .as_deref()
            .map(|n| check_name("name", n, 200))
            .transpose()?;
        if let Some(delay) = change.bet_delay_ms {
            check_delay(delay)?;
        }
        let now = self.engine.now();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let row = events::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(SportsbookError::NotFound)?;
        let mut active: events::ActiveModel = row.into();
        if let Some(name) = name {
            active.name = Set(name);
        }
        if let Some(starts_at) = change.starts_at {
            active.starts_at = Set(starts_at);
        }
        if let Some(s) = change.status {
            active.status = Set(s.code().to_owned());
        }
        if let Some(v) = change.in_play_betting {
            active.in_play_betting = Set(v);
        }
        if let Some(v) = change.bet_delay_ms {
            active.bet_delay_ms = Set(v);
        }
        active.updated_at = Set(now);
        let row = active.update(&txn).await?;
        audit(
            &txn,
            now,
            actor,
            "sportsbook.event_changed",
            &format!("event:{id}"),
            serde_json::to_value(&change).unwrap_or_default(),
        )
        .await?;
        let view = event_views(&txn, vec![row]).await?.pop();
        txn.commit().await?;
        view.ok_or(SportsbookError::NotFound)
    }

    /// Adds a market to an event (trader).
    pub async fn add_market(
        &self,
        actor: &Principal,
        event_id: Uuid,
        market: NewMarket,
    ) -> Result<Market, SportsbookError> {
        require_trader(actor)?;
        check_market(&market)?;
        let now = self.engine.now();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        events::Entity::find_by_id(event_id)
            .one(&txn)
            .await?
            .ok_or(SportsbookError::NotFound)?;
        let count = markets::Entity::find()
            .filter(markets::Column::EventId.eq(event_id))
            .all(&txn)
            .await?
            .len();
        if count >= MAX_MARKETS {
            return Err(SportsbookError::validation(
                "markets",
                format!("At most {MAX_MARKETS} markets per event."),
            ));
        }
        let position = i32::try_from(count).unwrap_or(i32::MAX);
        let id = insert_market(&txn, actor.user_id, event_id, position, &market, now).await?;
        audit(
            &txn,
            now,
            actor,
            "sportsbook.market_added",
            &format!("market:{id}"),
            serde_json::json!({ "event_id": event_id, "name": market.name }),
        )
        .await?;
        txn.commit().await?;
        self.market(id).await
    }
}
