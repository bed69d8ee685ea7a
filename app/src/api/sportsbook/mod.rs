//! Sportsbook server functions: the catalog (events by sport, one event,
//! teaser tables), placing bets from the betslip, the player's bets and
//! cash-out, and for traders (and admins) creating events, moving odds,
//! suspending, settling, voiding, resettling, limits and market risk. Thin
//! adapters over `engine::sportsbook`.
//!
//! Events, markets, selections, bets and risk travel as the REST API's
//! shapes (`domain::api::sportsbook`, what the engine builds): one type per
//! shape. Failures a person can act on come back as data ([`BetOutcome`],
//! [`CashOutData`], [`TradeOutcome`]) with a stable code from
//! [`crate::model::codes`] and a human message.
//!
//! Here: those answer types and the helpers the server functions share.
//! Beside it: `catalog` (public reads), `bets` (placing, My bets, cash-out),
//! `trading` (events, markets, odds, settlement, risk), `limits` (stake and
//! liability limits, teaser tables) and `convert` (engine refusals as
//! answers, server only).

mod bets;
mod catalog;
#[cfg(feature = "ssr")]
mod convert;
mod limits;
mod trading;

use serde::{Deserialize, Serialize};

pub use bets::*;
pub use catalog::*;
/// The REST API's shapes, used as they are by the pages.
pub use domain::api::sportsbook::{
    Bet, BetKindCode, BetLeg, BetStatus, BetsPage, Event, EventStatus, Market, MarketRisk,
    MarketStatus, Selection, SelectionRisk, SelectionStatus,
};
pub use limits::*;
pub use trading::*;

/// A cash-out offer, or the answer to accepting one. Not the REST
/// `CashOutQuote`: My bets needs a refusal (code, reason, message) and the
/// cashed-out bet in the same answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashOutData {
    /// An offer stands (quote), or the bet was cashed out (accept).
    pub ok: bool,
    /// Stable code when not: `cash_out_unavailable`, `odds_changed`,
    /// `quote_expired`, ...
    pub code: Option<String>,
    /// Why cash-out is unavailable (`suspended`, `leg_lost`, ...).
    pub reason: Option<String>,
    /// What happened, for people.
    pub message: String,
    /// The amount offered (the current offer after `odds_changed`).
    pub amount: Option<String>,
    /// Currency code of the amount.
    pub currency: String,
    /// Accept with this (the current offer after `odds_changed`).
    pub quote_id: Option<String>,
    /// The bet, once cashed out.
    pub bet: Option<Bet>,
}

/// The answer to placing a bet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BetOutcome {
    /// True when the bet was placed.
    pub ok: bool,
    /// Stable code on failure (`odds_changed`, `insufficient_funds`, ...).
    pub code: Option<String>,
    /// What happened, for people.
    pub message: String,
    /// The bet, when placed.
    pub bet: Option<Bet>,
    /// Selections the failure is about (unavailable, related, limits).
    pub selection_ids: Vec<String>,
    /// Current odds by selection, after `odds_changed`.
    pub current_odds: Vec<(String, String)>,
}

/// The answer of a trader command.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradeOutcome {
    /// True when it was done.
    pub ok: bool,
    /// Stable code on failure.
    pub code: Option<String>,
    /// What happened, for people.
    pub message: String,
    /// The id of what was created (a new event).
    pub id: Option<String>,
}

/// The engine's messages start lower-case (they follow a field name).
#[cfg(feature = "ssr")]
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// An id from the client; one that does not parse is `not_found`.
#[cfg(feature = "ssr")]
fn parse_id(raw: &str) -> Result<uuid::Uuid, leptos::prelude::ServerFnError> {
    uuid::Uuid::parse_str(raw.trim())
        .map_err(|_| crate::api::server::coded(crate::model::codes::NOT_FOUND))
}

/// A trader command that was done.
#[cfg(feature = "ssr")]
fn trade_ok(message: impl Into<String>) -> TradeOutcome {
    TradeOutcome {
        ok: true,
        code: None,
        message: message.into(),
        id: None,
    }
}

/// A trader command refused for its input (`validation_failed`).
#[cfg(feature = "ssr")]
fn trade_invalid(message: impl Into<String>) -> TradeOutcome {
    TradeOutcome {
        ok: false,
        code: Some(crate::model::codes::VALIDATION_FAILED.to_owned()),
        message: message.into(),
        id: None,
    }
}

/// The caller, who must be a trader (admins included).
#[cfg(feature = "ssr")]
async fn trader(
    engine: &engine::Engine,
) -> Result<engine::Principal, leptos::prelude::ServerFnError> {
    crate::api::server::require(engine, &[engine::Role::Trader]).await
}
