//! The sportsbook: the catalog (sports, competitions, events, markets by
//! kind and line, selections with side and odds, odds history), trader
//! operations ([`trading`]), bet placement in one database transaction
//! ([`placement`]), settlement in restart-safe batches ([`settlement`]) and
//! risk ([`Sportsbook::market_risk`]).
//!
//! The betting rules themselves — bet kinds and lines, leg factors, line
//! markets settled by score, teasers, exact returns — are
//! `domain::betting`; this module loads what they need, asks them, and
//! persists the answers. Money moves only through the wallet
//! (`crate::wallet::sportsbook`), in the same transaction as the bet row
//! whose status makes the move happen once.
//!
//! Engine API for adapters (REST, server functions):
//! - catalog: [`Sportsbook::events`], [`Sportsbook::event`],
//!   [`Sportsbook::teaser_tables`], [`Sportsbook::odds_history`];
//! - players: [`Sportsbook::place_bet`], [`Sportsbook::bet`],
//!   [`Sportsbook::bets`], [`Sportsbook::cash_out_quote`],
//!   [`Sportsbook::cash_out`] ([`cashout`]);
//! - traders: [`Sportsbook::create_event`], [`Sportsbook::update_event`],
//!   [`Sportsbook::add_market`], [`Sportsbook::set_odds`],
//!   [`Sportsbook::suspend_market`], [`Sportsbook::resume_market`],
//!   [`Sportsbook::set_market_limits`], [`Sportsbook::set_selection_limits`],
//!   [`Sportsbook::set_teaser_table`], [`Sportsbook::settle_market`],
//!   [`Sportsbook::resettle_market`], [`Sportsbook::void_market`],
//!   [`Sportsbook::market_risk`], [`Sportsbook::worst_cases`];
//! - workers: [`Sportsbook::settle_batch`],
//!   [`Sportsbook::resume_settlements`].

pub(crate) mod book_exposure;
pub mod cashout;
pub mod placement;
pub mod settlement;
pub mod trading;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use domain::betting::{BetError, Odds, OddsChangePolicy, TeaserTable};
use domain::money::{Currency, Money};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::compliance::ComplianceError;
use crate::paging;
use crate::wallet::WalletError;
use crate::{Engine, Principal, Role};
use entity::{
    sportsbook_bet_legs as legs, sportsbook_bets as bets, sportsbook_competitions as competitions,
    sportsbook_events as events, sportsbook_markets as markets,
    sportsbook_odds_history as odds_history, sportsbook_selections as selections,
    sportsbook_sports as sports, sportsbook_teaser_tables as teaser_tables,
};

pub use cashout::CashOutQuote;
pub use domain::api::sportsbook::{
    Bet, BetKindCode, BetLeg, BetStatus, BetsPage, Event, EventStatus, Market, MarketRisk,
    MarketStatus, OddsHistory, OddsPoint, OddsSource as OddsPointSource, Selection, SelectionRisk,
    SelectionStatus,
};
pub use placement::{BetRequest, LegRequest};
/// Re-exported for adapters that parse limits and teaser points.
pub use rust_decimal::Decimal;
pub use settlement::{Outcome, SettleReport, Settlement};
pub use trading::{
    EventChange, FeedItem, FeedReport, MarketLimits, NewEvent, NewMarket, NewSelection, OddsSource,
    SelectionLimits,
};

/// Most events one catalog page lists.
pub const MAX_EVENTS: u64 = 200;
/// Most bets one page of "my bets" lists.
pub const MAX_BETS_PAGE: u64 = 100;
/// Most points one page of odds history lists (also the default).
pub const MAX_ODDS_HISTORY_PAGE: u64 = 200;
/// Longest in-play bet delay a trader may set.
pub const MAX_BET_DELAY_MS: i32 = 30_000;

/// The state stored in a bet row (`sportsbook_bets.status`). Players see
/// [`BetStatus`]: `open`, or `settled` for the other three.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BetState {
    /// Waiting for results.
    Open,
    /// Results known, paid.
    Settled,
    /// Waiting for its settlement to be redone.
    ResettlePending,
    /// Cashed out by the player: final, settlement skips it. Shown as
    /// `settled` with `cashed_out: true`.
    CashedOut,
}

impl BetState {
    /// Every state.
    pub const ALL: [BetState; 4] = [
        BetState::Open,
        BetState::Settled,
        BetState::ResettlePending,
        BetState::CashedOut,
    ];

    /// The code stored in the row.
    pub const fn code(self) -> &'static str {
        match self {
            BetState::Open => "open",
            BetState::Settled => "settled",
            BetState::ResettlePending => "resettle_pending",
            BetState::CashedOut => "cashed_out",
        }
    }

    /// A stored code back to the state.
    pub fn parse(code: &str) -> Result<Self, SportsbookError> {
        Self::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .ok_or_else(|| SportsbookError::Unexpected(anyhow::anyhow!("stored bet status {code}")))
    }

    /// What the player sees.
    pub const fn shown(self) -> BetStatus {
        match self {
            BetState::Open => BetStatus::Open,
            _ => BetStatus::Settled,
        }
    }
}

/// Failures of the sportsbook, mapped to API codes at the edge.
#[derive(Debug, thiserror::Error)]
pub enum SportsbookError {
    /// Unknown event, market, selection or bet (404 `not_found`).
    #[error("not found")]
    NotFound,
    /// The caller's role does not allow this (403 `forbidden`).
    #[error("forbidden")]
    Forbidden,
    /// Input failed validation (422 `validation_failed`).
    #[error("{field}: {message}")]
    Validation {
        /// The offending field.
        field: String,
        /// What is wrong, for people.
        message: String,
    },
    /// A leg's market is suspended or settled, or its event started
    /// without in-play (422 `selection_unavailable`).
    #[error("selection unavailable")]
    SelectionUnavailable {
        /// The selection.
        selection_id: Uuid,
    },
    /// Two legs of one event in a multiple (422 `related_selections`).
    #[error("related selections")]
    RelatedSelections {
        /// The legs sharing an event.
        selection_ids: Vec<Uuid>,
    },
    /// The odds moved beyond what the policy accepts (409 `odds_changed`).
    #[error("odds changed")]
    OddsChanged {
        /// Every leg with its current odds.
        legs: Vec<(Uuid, Odds)>,
    },
    /// The stake is above a market's or selection's limit (422
    /// `stake_limit_exceeded`).
    #[error("stake limit exceeded")]
    StakeLimitExceeded {
        /// The selection whose limit refused.
        selection_id: Uuid,
        /// The limit, a decimal string.
        max_stake: String,
    },
    /// The bet would take a selection's liability over its limit (422
    /// `exposure_limit_exceeded`).
    #[error("exposure limit exceeded")]
    ExposureLimitExceeded {
        /// The selection.
        selection_id: Uuid,
    },
    /// The market was settled or voided already (409 `already_settled`).
    #[error("already settled")]
    AlreadySettled,
    /// Resettling a market that is not settled (409 `not_settled`).
    #[error("not settled")]
    NotSettled,
    /// The free bet named cannot stake this bet: not the player's, not
    /// active, expired, or the (combined) odds are below its minimum (422
    /// `free_bet_not_eligible`).
    #[error("free bet not eligible")]
    FreeBetNotEligible,
    /// The bet cannot be cashed out now (409 `cash_out_unavailable`).
    #[error("cash-out unavailable: {reason}")]
    CashOutUnavailable {
        /// Why: `not_open`, `bet_kind`, `leg_lost`, `suspended`,
        /// `no_open_leg`, `no_value` or `free_bet` ([`cashout::reason`]).
        reason: &'static str,
    },
    /// The cash-out quote no longer holds (409 `odds_changed`, or
    /// `quote_expired` when only its time ran out): here is a new one.
    #[error("cash-out quote changed")]
    CashOutChanged {
        /// The quote now.
        quote: Box<CashOutQuote>,
        /// True when the odds are the same but the quote expired.
        expired: bool,
    },
    /// Responsible gaming refuses the bet (403 `self_excluded`, 422
    /// `wager_limit_exceeded` / `loss_limit_exceeded`, ...).
    #[error(transparent)]
    Compliance(ComplianceError),
    /// A wallet failure (insufficient funds, idempotency key reused, ...).
    #[error(transparent)]
    Wallet(WalletError),
    /// Anything else: logged once at the edge.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for SportsbookError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Unexpected(e.into())
    }
}

impl From<WalletError> for SportsbookError {
    fn from(e: WalletError) -> Self {
        match e {
            WalletError::Unexpected(e) => Self::Unexpected(e),
            other => Self::Wallet(other),
        }
    }
}

impl From<ComplianceError> for SportsbookError {
    fn from(e: ComplianceError) -> Self {
        match e {
            ComplianceError::Unexpected(e) => Self::Unexpected(e),
            other => Self::Compliance(other),
        }
    }
}

impl SportsbookError {
    /// A validation failure of `field`.
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Self::Validation {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    /// True when running the command again may succeed (lock conflicts).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Wallet(e) => e.is_retryable(),
            Self::Unexpected(e) => e
                .downcast_ref::<sea_orm::DbErr>()
                .is_some_and(crate::wallet::store::is_transient),
            _ => false,
        }
    }

    fn bet(field: &str, e: BetError) -> Self {
        Self::validation(field, e.to_string())
    }
}

/// Which bets "my bets" lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BetFilter {
    /// Every bet.
    All,
    /// Open bets only.
    Open,
    /// Settled bets only.
    Settled,
}

/// The sportsbook bound to an engine.
pub struct Sportsbook<'a> {
    engine: &'a Engine,
}

pub(crate) fn require_trader(actor: &Principal) -> Result<(), SportsbookError> {
    actor
        .require(&[Role::Trader])
        .map_err(|_| SportsbookError::Forbidden)
}

/// A stored odds string back to `Odds` (stored values were validated).
pub(crate) fn stored_odds(s: &str) -> Result<Odds, SportsbookError> {
    Odds::parse(s).map_err(|e| SportsbookError::Unexpected(anyhow::anyhow!("stored odds {s}: {e}")))
}

pub(crate) fn stored_decimal(s: Option<&str>) -> Result<Option<Decimal>, SportsbookError> {
    s.map(|v| {
        v.parse::<Decimal>()
            .map_err(|e| SportsbookError::Unexpected(anyhow::anyhow!("stored decimal {v}: {e}")))
    })
    .transpose()
}

/// A stored code (status, kind, side, result) back to its enum.
pub(crate) fn stored<T>(what: &str, code: &str) -> Result<T, SportsbookError>
where
    T: std::str::FromStr,
{
    code.parse()
        .map_err(|_| SportsbookError::Unexpected(anyhow::anyhow!("stored {what} {code:?}")))
}

/// An optional stored code back to its enum.
pub(crate) fn stored_opt<T>(what: &str, code: Option<&str>) -> Result<Option<T>, SportsbookError>
where
    T: std::str::FromStr,
{
    code.map(|c| stored(what, c)).transpose()
}

pub(crate) fn stored_currency(s: &str) -> Result<Currency, SportsbookError> {
    s.parse()
        .map_err(|_| SportsbookError::Unexpected(anyhow::anyhow!("stored currency {s}")))
}

/// A teaser table row as the domain type.
pub(crate) fn table_of(points: &str, prices: &str) -> Result<TeaserTable, SportsbookError> {
    let prices: BTreeMap<usize, Odds> = serde_json::from_str(prices)
        .map_err(|e| SportsbookError::Unexpected(anyhow::anyhow!("teaser prices: {e}")))?;
    let points: Decimal = points
        .parse()
        .map_err(|e| SportsbookError::Unexpected(anyhow::anyhow!("teaser points: {e}")))?;
    TeaserTable::new(points, prices)
        .map_err(|e| SportsbookError::Unexpected(anyhow::anyhow!("teaser table: {e}")))
}

/// A selection with its market and event.
pub(crate) struct CatalogEntry {
    pub selection: selections::Model,
    pub market: markets::Model,
    pub event: events::Model,
}

impl CatalogEntry {
    /// Whether bets (and cash-outs) are taken on the selection now: it and
    /// its market are open, its event has not ended or been cancelled, and
    /// it has not started unless it offers in-play betting.
    pub(crate) fn open_for_betting(&self, now: DateTime<Utc>) -> bool {
        let started = self.event.starts_at <= now || self.event.status == EventStatus::Live.code();
        let closed = self.event.status == EventStatus::Ended.code()
            || self.event.status == EventStatus::Cancelled.code();
        self.market.status == MarketStatus::Open.code()
            && self.selection.status == SelectionStatus::Open.code()
            && !closed
            && (!started || self.event.in_play_betting)
    }
}

/// The selections `ids` with their markets and events, in one joined
/// query, by selection id (unknown ids are absent).
pub(crate) async fn catalog_of<C: ConnectionTrait>(
    conn: &C,
    ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, CatalogEntry>, SportsbookError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = selections::Entity::find()
        .filter(crate::db::one_of(
            conn.get_database_backend(),
            selections::Column::Id,
            ids,
        ))
        .find_also_related(markets::Entity)
        .find_also_related(events::Entity)
        .all(conn)
        .await?;
    let mut out = HashMap::with_capacity(rows.len());
    for (selection, market, event) in rows {
        let (Some(market), Some(event)) = (market, event) else {
            return Err(
                anyhow::anyhow!("selection {} without its market or event", selection.id).into(),
            );
        };
        out.insert(
            selection.id,
            CatalogEntry {
                selection,
                market,
                event,
            },
        );
    }
    Ok(out)
}

pub(crate) fn selection_view(s: &selections::Model) -> Result<Selection, SportsbookError> {
    Ok(Selection {
        id: s.id,
        name: s.name.clone(),
        side: stored_opt("side", s.side.as_deref())?,
        odds: s.odds.clone(),
        status: stored("selection status", &s.status)?,
        result: stored_opt("result", s.result.as_deref())?,
        max_stake: s.max_stake.clone(),
        liability_limit: s.liability_limit.clone(),
    })
}

pub(crate) fn market_view(
    m: &markets::Model,
    sels: &[&selections::Model],
) -> Result<Market, SportsbookError> {
    let mut sels: Vec<&&selections::Model> = sels.iter().collect();
    sels.sort_by_key(|s| (s.position, s.id));
    let status: MarketStatus = stored("market status", &m.status)?;
    Ok(Market {
        id: m.id,
        event_id: m.event_id,
        name: m.name.clone(),
        kind: stored("market kind", &m.kind)?,
        line: m.line.clone(),
        status,
        suspended_by: m
            .suspended_by
            .clone()
            .filter(|_| status == MarketStatus::Suspended),
        max_stake: m.max_stake.clone(),
        liability_limit: m.liability_limit.clone(),
        auto_suspend: m.auto_suspend,
        selections: sels
            .into_iter()
            .map(|s| selection_view(s))
            .collect::<Result<_, _>>()?,
    })
}

/// Events with their markets and selections, in the order of `rows`.
pub(crate) async fn event_views<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<events::Model>,
) -> Result<Vec<Event>, SportsbookError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let event_ids: Vec<Uuid> = rows.iter().map(|e| e.id).collect();
    let market_rows = markets::Entity::find()
        .filter(markets::Column::EventId.is_in(event_ids.clone()))
        .order_by_asc(markets::Column::Position)
        .order_by_asc(markets::Column::Id)
        .all(conn)
        .await?;
    let selection_rows = selections::Entity::find()
        .filter(selections::Column::EventId.is_in(event_ids))
        .all(conn)
        .await?;
    let sport_ids: Vec<Uuid> = rows.iter().map(|e| e.sport_id).collect();
    let competition_ids: Vec<Uuid> = rows.iter().map(|e| e.competition_id).collect();
    let sport_names: HashMap<Uuid, String> = sports::Entity::find()
        .filter(sports::Column::Id.is_in(sport_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let competition_names: HashMap<Uuid, String> = competitions::Entity::find()
        .filter(competitions::Column::Id.is_in(competition_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mut by_market: HashMap<Uuid, Vec<&selections::Model>> = HashMap::new();
    for s in &selection_rows {
        by_market.entry(s.market_id).or_default().push(s);
    }
    let mut by_event: HashMap<Uuid, Vec<Market>> = HashMap::new();
    for m in &market_rows {
        let sels = by_market.get(&m.id).map(Vec::as_slice).unwrap_or_default();
        by_event
            .entry(m.event_id)
            .or_default()
            .push(market_view(m, sels)?);
    }
    rows.into_iter()
        .map(|e| {
            Ok(Event {
                id: e.id,
                sport: sport_names.get(&e.sport_id).cloned().unwrap_or_default(),
                competition: competition_names
                    .get(&e.competition_id)
                    .cloned()
                    .unwrap_or_default(),
                markets: by_event.remove(&e.id).unwrap_or_default(),
                status: stored("event status", &e.status)?,
                name: e.name,
                starts_at: e.starts_at,
                in_play_betting: e.in_play_betting,
                bet_delay_ms: e.bet_delay_ms,
                demo: e.demo,
            })
        })
        .collect()
}

/// Bets with their legs (names included), in the order of `rows`.
pub(crate) async fn bet_views<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<bets::Model>,
) -> Result<Vec<Bet>, SportsbookError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let bet_ids: Vec<Uuid> = rows.iter().map(|b| b.id).collect();
    let leg_rows = legs::Entity::find()
        .filter(legs::Column::BetId.is_in(bet_ids))
        .order_by_asc(legs::Column::Position)
        .all(conn)
        .await?;
    let names = LegNames::load(conn, &leg_rows).await?;
    let mut by_bet: HashMap<Uuid, Vec<BetLeg>> = HashMap::new();
    for leg in &leg_rows {
        by_bet
            .entry(leg.bet_id)
            .or_default()
            .push(names.leg_view(leg)?);
    }
    rows.into_iter()
        .map(|b| {
            let legs = by_bet.remove(&b.id).unwrap_or_default();
            bet_view(&b, legs)
        })
        .collect()
}

pub(crate) fn bet_view(b: &bets::Model, legs: Vec<BetLeg>) -> Result<Bet, SportsbookError> {
    let currency = stored_currency(&b.currency)?;
    let money = |minor: i64| Money::new(minor, currency).format_amount();
    let state = BetState::parse(&b.status)?;
    // A free bet's player never staked: what it returns is shown without
    // the stake (the row keeps the gross figures, as exposure and
    // settlement reckon them).
    let free_bet = b.free_bet_id.is_some();
    let net = |minor: i64| {
        if free_bet {
            Ord::max(minor - b.total_stake, 0)
        } else {
            minor
        }
    };
    Ok(Bet {
        bet_id: b.id,
        status: state.shown(),
        cashed_out: state == BetState::CashedOut,
        kind: stored("bet kind", &b.kind)?,
        system: stored_opt("system type", b.system.as_deref())?,
        teaser_points: b.teaser_points.clone(),
        lines: b.lines,
        unit_stake: money(b.unit_stake),
        total_stake: money(b.total_stake),
        potential_return: money(net(b.potential_return)),
        return_amount: b.return_amount.map(|r| money(net(r))),
        currency: b.currency.clone(),
        legs,
        placed_at: b.placed_at,
        settled_at: b.settled_at,
        free_bet,
    })
}

/// Event, market and selection names of some legs.
pub(crate) struct LegNames {
    events: HashMap<Uuid, String>,
    markets: HashMap<Uuid, String>,
    selections: HashMap<Uuid, String>,
}

impl LegNames {
    async fn load<C: ConnectionTrait>(
        conn: &C,
        leg_rows: &[legs::Model],
    ) -> Result<Self, SportsbookError> {
        let ids = |f: fn(&legs::Model) -> Uuid| -> Vec<Uuid> {
            let mut v: Vec<Uuid> = leg_rows.iter().map(f).collect();
            v.sort();
            v.dedup();
            v
        };
        Ok(Self {
            events: events::Entity::find()
                .filter(events::Column::Id.is_in(ids(|l| l.event_id)))
                .all(conn)
                .await?
                .into_iter()
                .map(|e| (e.id, e.name))
                .collect(),
            markets: markets::Entity::find()
                .filter(markets::Column::Id.is_in(ids(|l| l.market_id)))
                .all(conn)
                .await?
                .into_iter()
                .map(|m| (m.id, m.name))
                .collect(),
            selections: selections::Entity::find()
                .filter(selections::Column::Id.is_in(ids(|l| l.selection_id)))
                .all(conn)
                .await?
                .into_iter()
                .map(|s| (s.id, s.name))
                .collect(),
        })
    }

    fn leg_view(&self, leg: &legs::Model) -> Result<BetLeg, SportsbookError> {
        Ok(BetLeg {
            selection_id: leg.selection_id,
            market_id: leg.market_id,
            event_id: leg.event_id,
            event_name: self.events.get(&leg.event_id).cloned().unwrap_or_default(),
            market_name: self
                .markets
                .get(&leg.market_id)
                .cloned()
                .unwrap_or_default(),
            selection_name: self
                .selections
                .get(&leg.selection_id)
                .cloned()
                .unwrap_or_default(),
            odds: leg.odds.clone(),
            line: leg.line.clone(),
            result: stored_opt("result", leg.result.as_deref())?,
            dead_heat_factor: leg.dead_heat_factor.clone(),
            rule4_deduction: leg.rule4_deduction.clone(),
        })
    }
}

impl<'a> Sportsbook<'a> {
    /// The sportsbook of `engine`.
    pub fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    /// Events still to be played or in play (not ended or cancelled), by
    /// start time, with every market and selection; at most
    /// [`MAX_EVENTS`]. `sport` filters by sport name.
    pub async fn events(&self, sport: Option<&str>) -> Result<Vec<Event>, SportsbookError> {
        let db = self.engine.db();
        let mut q = events::Entity::find()
            .filter(
                events::Column::Status
                    .is_in([EventStatus::Scheduled.code(), EventStatus::Live.code()]),
            )
            .order_by_asc(events::Column::StartsAt)
            .order_by_asc(events::Column::Id)
            .limit(MAX_EVENTS);
        if let Some(sport) = sport.map(str::trim).filter(|s| !s.is_empty()) {
            let Some(row) = sports::Entity::find()
                .filter(sports::Column::Name.eq(sport))
                .one(db)
                .await?
            else {
                return Ok(Vec::new());
            };
            q = q.filter(events::Column::SportId.eq(row.id));
        }
        event_views(db, q.all(db).await?).await
    }

    /// One event (any status) with its markets; `NotFound` when unknown.
    pub async fn event(&self, id: Uuid) -> Result<Event, SportsbookError> {
        let db = self.engine.db();
        let row = events::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(SportsbookError::NotFound)?;
        event_views(db, vec![row])
            .await?
            .pop()
            .ok_or(SportsbookError::NotFound)
    }

    /// One market with its selections.
    pub async fn market(&self, id: Uuid) -> Result<Market, SportsbookError> {
        let db = self.engine.db();
        let m = markets::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(SportsbookError::NotFound)?;
        let sels = selections::Entity::find()
            .filter(selections::Column::MarketId.eq(id))
            .all(db)
            .await?;
        let refs: Vec<&selections::Model> = sels.iter().collect();
        market_view(&m, &refs)
    }

    /// A bet of the caller (a player sees only their own: another's is
    /// `NotFound`; traders see every bet).
    pub async fn bet(&self, caller: &Principal, id: Uuid) -> Result<Bet, SportsbookError> {
        let db = self.engine.db();
        let row = bets::Entity::find_by_id(id)
            .one(db)
            .await?
            .filter(|b| b.player_id == caller.user_id || caller.has(Role::Trader))
            .ok_or(SportsbookError::NotFound)?;
        bet_views(db, vec![row])
            .await?
            .pop()
            .ok_or(SportsbookError::NotFound)
    }

    /// One page of the caller's bets, newest first: at most `limit` (1 to
    /// [`MAX_BETS_PAGE`]) older than `cursor` (a `next_cursor` of an earlier
    /// page; a malformed one is a validation failure on `cursor`).
    /// `next_cursor` is set when the page is full and null otherwise.
    pub async fn bets(
        &self,
        caller: &Principal,
        filter: BetFilter,
        limit: u64,
        cursor: Option<&str>,
    ) -> Result<BetsPage, SportsbookError> {
        let db = self.engine.db();
        let limit = limit.clamp(1, MAX_BETS_PAGE);
        let mut q = bets::Entity::find()
            .filter(bets::Column::PlayerId.eq(caller.user_id))
            .order_by_desc(bets::Column::PlacedAt)
            .order_by_desc(bets::Column::Id)
            .limit(limit);
        if let Some(after) = paging::Cursor::decode_opt(cursor)? {
            q = q.filter(paging::older_than(
                bets::Column::PlacedAt,
                bets::Column::Id,
                after,
            ));
        }
        q = match filter {
            BetFilter::All => q,
            BetFilter::Open => q.filter(bets::Column::Status.eq(BetState::Open.code())),
            BetFilter::Settled => q.filter(bets::Column::Status.is_in([
                BetState::Settled.code(),
                BetState::ResettlePending.code(),
                BetState::CashedOut.code(),
            ])),
        };
        let rows = q.all(db).await?;
        let next_cursor =
            paging::next_cursor(&rows, limit, |b| paging::Cursor::new(b.placed_at, b.id));
        Ok(BetsPage {
            items: bet_views(db, rows).await?,
            next_cursor,
        })
    }

    /// Every configured teaser table, by points.
    pub async fn teaser_tables(&self) -> Result<Vec<TeaserTable>, SportsbookError> {
        teaser_tables::Entity::find()
            .all(self.engine.db())
            .await?
            .iter()
            .map(|t| table_of(&t.points, &t.prices))
            .collect()
    }

    /// One page of a selection's odds history, newest first: at most
    /// `limit` (1 to [`MAX_ODDS_HISTORY_PAGE`]) points older than `cursor`
    /// (a `next_cursor` of an earlier page; a malformed one is a validation
    /// failure on `cursor`). `next_cursor` is set when the page is full.
    pub async fn odds_history(
        &self,
        selection_id: Uuid,
        limit: u64,
        cursor: Option<&str>,
    ) -> Result<OddsHistory, SportsbookError> {
        let db = self.engine.db();
        selections::Entity::find_by_id(selection_id)
            .one(db)
            .await?
            .ok_or(SportsbookError::NotFound)?;
        let limit = limit.clamp(1, MAX_ODDS_HISTORY_PAGE);
        let mut q = odds_history::Entity::find()
            .filter(odds_history::Column::SelectionId.eq(selection_id))
            .order_by_desc(odds_history::Column::CreatedAt)
            .order_by_desc(odds_history::Column::Id)
            .limit(limit);
        if let Some(after) = paging::Cursor::decode_opt(cursor)? {
            q = q.filter(paging::older_than(
                odds_history::Column::CreatedAt,
                odds_history::Column::Id,
                after,
            ));
        }
        let rows = q.all(db).await?;
        let next_cursor =
            paging::next_cursor(&rows, limit, |h| paging::Cursor::new(h.created_at, h.id));
        let items = rows
            .into_iter()
            .map(|h| {
                Ok(OddsPoint {
                    source: stored("odds source", &h.source)?,
                    odds: h.odds,
                    previous_odds: h.previous_odds,
                    at: h.created_at,
                })
            })
            .collect::<Result<_, SportsbookError>>()?;
        Ok(OddsHistory { items, next_cursor })
    }

    /// Open risk of a market per selection and currency (trader): stakes,
    /// potential payout (open multiples counted in full on each of their
    /// legs without a result) and liability against the limits.
    pub async fn market_risk(
        &self,
        actor: &Principal,
        market_id: Uuid,
    ) -> Result<MarketRisk, SportsbookError> {
        require_trader(actor)?;
        let db = self.engine.db();
        let market = markets::Entity::find_by_id(market_id)
            .one(db)
            .await?
            .ok_or(SportsbookError::NotFound)?;
        let sels = selections::Entity::find()
            .filter(selections::Column::MarketId.eq(market_id))
            .order_by_asc(selections::Column::Position)
            .all(db)
            .await?;
        let rows = book_exposure::market_exposure(db, market_id, None).await?;
        let mut singles: HashMap<String, i64> = HashMap::new();
        for r in &rows {
            *singles.entry(r.currency.clone()).or_default() += r.single_stakes;
        }
        let mut out = Vec::new();
        for s in &sels {
            for r in rows.iter().filter(|r| r.selection_id == s.id) {
                let currency = stored_currency(&r.currency)?;
                let kept = singles.get(&r.currency).copied().unwrap_or(0);
                out.push(SelectionRisk {
                    selection_id: s.id,
                    name: s.name.clone(),
                    currency: r.currency.clone(),
                    bets: r.bets,
                    stakes: Money::new(r.stakes, currency).format_amount(),
                    potential_payout: Money::new(r.payout, currency).format_amount(),
                    liability: Money::new(r.payout - kept, currency).format_amount(),
                    liability_limit: s.liability_limit.clone(),
                });
            }
        }
        Ok(MarketRisk {
            market_id,
            status: stored("market status", &market.status)?,
            liability_limit: market.liability_limit,
            selections: out,
        })
    }

    /// Each event's worst case per currency (trader): the sum over its
    /// markets of the market's costliest outcome
    /// ([`book_exposure::worst_case`]), in one query for every market of
    /// `events`. Events nobody has bet on are absent. Summing the markets'
    /// worst cases is the conservative figure: the outcomes of one event's
    /// markets need not all go against the book at once.
    pub async fn worst_cases(
        &self,
        actor: &Principal,
        events: &[Event],
    ) -> Result<HashMap<Uuid, Vec<Money>>, SportsbookError> {
        require_trader(actor)?;
        let market_ids = events
            .iter()
            .flat_map(|e| e.markets.iter().map(|m| m.id))
            .collect();
        let exposure = book_exposure::markets_exposure(self.engine.db(), market_ids).await?;
        let mut out = HashMap::new();
        for event in events {
            let mut sums: BTreeMap<String, i64> = BTreeMap::new();
            for market in &event.markets {
                let Some(rows) = exposure.get(&market.id) else {
                    continue;
                };
                let selections: Vec<Uuid> = market.selections.iter().map(|s| s.id).collect();
                for (currency, worst) in book_exposure::worst_case(&selections, rows) {
                    *sums.entry(currency).or_default() += worst;
                }
            }
            if !sums.is_empty() {
                let money = sums
                    .into_iter()
                    .map(|(c, minor)| Ok(Money::new(minor, stored_currency(&c)?)))
                    .collect::<Result<Vec<_>, SportsbookError>>()?;
                out.insert(event.id, money);
            }
        }
        Ok(out)
    }
}

/// Parses an odds-change policy code (`reject`, `accept_higher`,
/// `accept_any`).
pub fn parse_policy(code: &str) -> Result<OddsChangePolicy, SportsbookError> {
    code.parse().map_err(|_| {
        SportsbookError::validation("odds_change", "Use reject, accept_higher or accept_any.")
    })
}
