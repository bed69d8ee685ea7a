//! The sportsbook's API shapes (API.md "Sportsbook", "Sportsbook trading,
//! risk and feed", "Cash-out"): events, markets, selections, bets and the
//! trader's answers. Money, odds and limits travel as decimal strings;
//! statuses and kinds as enums serialized as their snake_case codes.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::betting::{BetKind, LegResult, MarketKind, Side, SystemType};
use crate::money::coded_enum;

coded_enum! {
    /// The state of an event.
    EventStatus, parse_error("event status"), {
        /// Not started.
        Scheduled => "scheduled",
        /// In play.
        Live => "live",
        /// Finished.
        Ended => "ended",
        /// Will not be played.
        Cancelled => "cancelled",
    }
}

coded_enum! {
    /// The state of a market.
    MarketStatus, parse_error("market status"), {
        /// Open for bets.
        Open => "open",
        /// Closed for bets for now.
        Suspended => "suspended",
        /// Results known, bets paid.
        Settled => "settled",
        /// Voided by the trader: every leg void.
        Void => "void",
    }
}

coded_enum! {
    /// The state of a selection.
    SelectionStatus, parse_error("selection status"), {
        /// Open for bets.
        Open => "open",
        /// Closed for bets for now.
        Suspended => "suspended",
        /// Its result is known.
        Settled => "settled",
        /// Voided with its market.
        Void => "void",
    }
}

coded_enum! {
    /// The state of a bet as its player sees it.
    BetStatus, parse_error("bet status"), {
        /// Waiting for results.
        Open => "open",
        /// Paid (or lost, or cashed out).
        Settled => "settled",
    }
}

coded_enum! {
    /// The kind of a bet as the API names it (the system type is the bet's
    /// own `system` field).
    BetKindCode, parse_error("bet kind"), {
        /// One leg.
        Single => "single",
        /// Two or more legs, one line.
        Accumulator => "accumulator",
        /// Several lines over the legs.
        System => "system",
        /// Teased spread/total legs.
        Teaser => "teaser",
    }
}

impl From<BetKind> for BetKindCode {
    fn from(kind: BetKind) -> Self {
        match kind {
            BetKind::Single => BetKindCode::Single,
            BetKind::Accumulator => BetKindCode::Accumulator,
            BetKind::System(_) => BetKindCode::System,
            BetKind::Teaser => BetKindCode::Teaser,
        }
    }
}

coded_enum! {
    /// Who moved the odds.
    OddsSource, parse_error("odds source"), {
        /// Set when the selection was created.
        Create => "create",
        /// A trader.
        Trader => "trader",
        /// An odds feed.
        Feed => "feed",
    }
}

/// A selection as players and traders see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Selection {
    /// Selection id.
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// `home`, `away`, `over` or `under` in line markets.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub side: Option<Side>,
    /// Current decimal odds, e.g. `"2.50"`.
    pub odds: String,
    /// `open`, `suspended` or `settled`.
    pub status: SelectionStatus,
    /// The result once settled: `win`, `lose`, `void`, `push`,
    /// `half_win` or `half_lose`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub result: Option<LegResult>,
    /// Largest stake of one bet (trader limit), when set.
    pub max_stake: Option<String>,
    /// Liability limit (trader), when set.
    pub liability_limit: Option<String>,
}

/// A market with its selections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Market {
    /// Market id.
    pub id: Uuid,
    /// The event.
    pub event_id: Uuid,
    /// Display name.
    pub name: String,
    /// `match_result`, `moneyline`, `outright`, `asian_handicap`, `spread`
    /// or `total`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: MarketKind,
    /// The home handicap or total, for line markets.
    pub line: Option<String>,
    /// `open`, `suspended`, `settled` or `void`.
    pub status: MarketStatus,
    /// Who suspended it (`trader`, `feed` or `liability`), while suspended.
    pub suspended_by: Option<String>,
    /// Largest stake of one bet (trader limit), when set.
    pub max_stake: Option<String>,
    /// Liability at which it suspends itself, when set.
    pub liability_limit: Option<String>,
    /// Suspends itself when a selection's liability reaches the limit.
    pub auto_suspend: bool,
    /// Its selections in display order.
    pub selections: Vec<Selection>,
}

impl Market {
    /// True for line markets (settled by score).
    pub fn has_line(&self) -> bool {
        self.kind.has_line()
    }
}

/// An event with its markets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    /// Event id.
    pub id: Uuid,
    /// Sport name.
    pub sport: String,
    /// Competition name.
    pub competition: String,
    /// Display name.
    pub name: String,
    /// Scheduled start (RFC 3339).
    pub starts_at: DateTime<Utc>,
    /// `scheduled`, `live`, `ended` or `cancelled`.
    pub status: EventStatus,
    /// Bets are taken after the start.
    pub in_play_betting: bool,
    /// In-play acceptance delay.
    pub bet_delay_ms: i32,
    /// Labelled demo content.
    pub demo: bool,
    /// Markets in display order.
    pub markets: Vec<Market>,
}

/// `GET /events`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Events {
    /// By start time.
    pub items: Vec<Event>,
}

/// One leg of a bet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BetLeg {
    /// The selection.
    pub selection_id: Uuid,
    /// Its market.
    pub market_id: Uuid,
    /// Its event.
    pub event_id: Uuid,
    /// Event name.
    pub event_name: String,
    /// Market name.
    pub market_name: String,
    /// Selection name.
    pub selection_name: String,
    /// Odds taken (null for teaser legs, priced by the table).
    pub odds: Option<String>,
    /// The teased selection line (teaser legs).
    pub line: Option<String>,
    /// The result once its market settled.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub result: Option<LegResult>,
    /// Dead-heat factor of a win.
    pub dead_heat_factor: Option<String>,
    /// Rule 4 deduction of a win.
    pub rule4_deduction: Option<String>,
}

/// A bet as its player sees it (API.md "A bet").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bet {
    /// Bet id.
    pub bet_id: Uuid,
    /// `open` or `settled`.
    pub status: BetStatus,
    /// True when the player cashed it out (then `settled`, and `return` is
    /// the cash-out amount).
    #[serde(default)]
    pub cashed_out: bool,
    /// `single`, `accumulator`, `system` or `teaser`.
    pub kind: BetKindCode,
    /// The system type (`yankee`, `2/3`, ...) for system bets.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub system: Option<SystemType>,
    /// Teaser points, for teasers.
    pub teaser_points: Option<String>,
    /// Number of lines.
    pub lines: i32,
    /// Stake per line.
    pub unit_stake: String,
    /// `unit_stake × lines`.
    pub total_stake: String,
    /// Return if every leg wins.
    pub potential_return: String,
    /// What settlement paid (`"0.00"` for a loss); null while open.
    #[serde(rename = "return")]
    pub return_amount: Option<String>,
    /// Currency code.
    pub currency: String,
    /// The legs in the order placed.
    pub legs: Vec<BetLeg>,
    /// When placed (RFC 3339).
    pub placed_at: DateTime<Utc>,
    /// When settled (RFC 3339); null while open.
    pub settled_at: Option<DateTime<Utc>>,
    /// True when a free bet paid the stake (API.md "Free bets and free
    /// spins"): then `potential_return` and `return` exclude the stake.
    /// Absent for a bet staked with the player's money.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub free_bet: bool,
}

impl Bet {
    /// The bet's kind with its system type.
    pub fn bet_kind(&self) -> Option<BetKind> {
        Some(match (self.kind, self.system) {
            (BetKindCode::Single, _) => BetKind::Single,
            (BetKindCode::Accumulator, _) => BetKind::Accumulator,
            (BetKindCode::Teaser, _) => BetKind::Teaser,
            (BetKindCode::System, Some(system)) => BetKind::System(system),
            (BetKindCode::System, None) => return None,
        })
    }
}

/// `GET /bets`: one page of the caller's bets, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BetsPage {
    /// Newest first.
    pub items: Vec<Bet>,
    /// Give it as `cursor` for the next (older) page; null on the last page.
    pub next_cursor: Option<String>,
}

/// One leg of a cash-out quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CashOutLeg {
    /// The selection.
    pub selection_id: Uuid,
    /// Odds taken.
    pub odds: String,
    /// The selection's odds now (open legs).
    pub current_odds: Option<String>,
    /// The result (settled legs).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub result: Option<LegResult>,
}

/// What the book pays now to close a bet (`GET /bets/{id}/cash-out`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CashOutQuote {
    /// The bet.
    pub bet_id: Uuid,
    /// The offer, e.g. `"14.25"`.
    pub amount: String,
    /// Currency code.
    pub currency: String,
    /// The bet's total stake.
    pub stake: String,
    /// The margin applied, e.g. `"0.05"`.
    pub margin: String,
    /// Accept with this id (`POST /bets/{id}/cash-out`).
    pub quote_id: String,
    /// Accept before this (RFC 3339).
    pub expires_at: DateTime<Utc>,
    /// The legs in order, with the odds now.
    pub legs: Vec<CashOutLeg>,
}

/// One point of a selection's odds history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OddsPoint {
    /// The odds from then on.
    pub odds: String,
    /// The odds before.
    pub previous_odds: Option<String>,
    /// `create`, `trader` or `feed`.
    pub source: OddsSource,
    /// When (RFC 3339).
    pub at: DateTime<Utc>,
}

/// `GET /admin/selections/{id}/odds-history`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OddsHistory {
    /// Newest first.
    pub items: Vec<OddsPoint>,
    /// Give it as `cursor` for the next (older) page; null on the last page.
    pub next_cursor: Option<String>,
}

/// Open risk of one selection in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelectionRisk {
    /// The selection.
    pub selection_id: Uuid,
    /// Its name.
    pub name: String,
    /// Currency code.
    pub currency: String,
    /// Bets with a leg on it.
    pub bets: i32,
    /// Stakes of those bets.
    pub stakes: String,
    /// Their potential returns (open multiples counted in full on each leg
    /// without a result).
    pub potential_payout: String,
    /// What the book loses if it wins: potential payout minus the stakes of
    /// every single in the market.
    pub liability: String,
    /// The selection's liability limit, when set.
    pub liability_limit: Option<String>,
}

/// Risk of a market (`GET /admin/markets/{id}/risk`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarketRisk {
    /// The market.
    pub market_id: Uuid,
    /// Market status.
    pub status: MarketStatus,
    /// Market liability limit (auto-suspend), when set.
    pub liability_limit: Option<String>,
    /// Per selection and currency.
    pub selections: Vec<SelectionRisk>,
}

/// A teaser table as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeaserPrices {
    /// Points, e.g. `"6"`.
    pub points: String,
    /// Decimal odds by number of legs, e.g. `{"2": "1.91"}`.
    pub prices: BTreeMap<String, String>,
}

/// `GET /teaser-tables`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeaserTables {
    /// By points.
    pub items: Vec<TeaserPrices>,
}

/// The answer to settling or voiding a market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Settled {
    /// The market.
    pub market_id: Uuid,
    /// Bets paid.
    pub settled_bets: usize,
}

/// The answer to resettling a market.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Resettled {
    /// The market.
    pub market_id: Uuid,
    /// Bets paid again.
    pub resettled_bets: usize,
}

/// What a feed batch changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedResult {
    /// Selections whose odds moved (the last update of a selection wins).
    pub odds_changed: usize,
    /// Markets suspended.
    pub suspended: usize,
    /// Markets resumed.
    pub resumed: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_serialize_as_snake_case() {
        for s in MarketStatus::ALL {
            assert_eq!(s.code().parse::<MarketStatus>().unwrap(), *s);
            assert_eq!(
                serde_json::to_string(s).unwrap(),
                format!("\"{}\"", s.code())
            );
        }
        assert_eq!(EventStatus::Scheduled, "scheduled");
        assert!("resettle_pending".parse::<BetStatus>().is_err());
        assert_eq!(BetKindCode::from(BetKind::Teaser), BetKindCode::Teaser);
    }
}
