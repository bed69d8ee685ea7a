//! Sportsbook server functions: the catalog (events by sport, one event,
//! teaser tables), placing bets from the betslip, the player's bets, and
//! for traders (and admins) creating events, moving odds, suspending,
//! settling, voiding, resettling and market risk. Thin adapters over
//! `engine::sportsbook`; failures a person can act on come back as data
//! ([`BetOutcome`], [`TradeOutcome`]) with a stable code from
//! [`crate::model::codes`] and a human message.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// A bet and its legs: the REST API's shapes (`domain::api::sportsbook`).
pub use domain::api::sportsbook::{
    Bet, BetKindCode, BetLeg, BetStatus, BetsPage, MarketRisk, SelectionRisk,
};

/// A selection as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectionData {
    /// Selection id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `home`/`away`/`over`/`under` in line markets.
    pub side: Option<String>,
    /// Current decimal odds, e.g. `"2.50"`.
    pub odds: String,
    /// `open`, `suspended` or `settled`.
    pub status: String,
    /// The result once settled.
    pub result: Option<String>,
}

/// A market with its selections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketData {
    /// Market id.
    pub id: String,
    /// The event.
    pub event_id: String,
    /// Display name.
    pub name: String,
    /// Kind code (`match_result`, `total`, ...).
    pub kind: String,
    /// Home handicap or total, for line markets.
    pub line: Option<String>,
    /// `open`, `suspended`, `settled` or `void`.
    pub status: String,
    /// Who suspended it (`trader`, `feed` or `liability`), while suspended.
    #[serde(default)]
    pub suspended_by: Option<String>,
    /// Selections in display order.
    pub selections: Vec<SelectionData>,
}

impl MarketData {
    /// True for line markets (settled by score).
    pub fn has_line(&self) -> bool {
        matches!(self.kind.as_str(), "asian_handicap" | "spread" | "total")
    }
}

/// An event with its markets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventData {
    /// Event id.
    pub id: String,
    /// Sport name.
    pub sport: String,
    /// Competition name.
    pub competition: String,
    /// Display name.
    pub name: String,
    /// Scheduled start, RFC 3339 UTC.
    pub starts_at: String,
    /// `scheduled`, `live`, `ended` or `cancelled`.
    pub status: String,
    /// Labelled demo content.
    pub demo: bool,
    /// Markets in display order.
    pub markets: Vec<MarketData>,
}

/// A cash-out offer, or the answer to accepting one.
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

/// One leg the betslip asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlipLegInput {
    /// The selection.
    pub selection_id: String,
    /// The odds the player saw (ignored for teasers).
    pub odds: String,
}

/// A bet the betslip asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceBetInput {
    /// `single`, `accumulator`, `system` or `teaser`.
    pub kind: String,
    /// System type (`trixie`, `2/3`, ...) for system bets.
    pub system: Option<String>,
    /// Teaser points, for teasers.
    pub teaser_points: Option<String>,
    /// Stake per line, decimal string.
    pub unit_stake: String,
    /// Legs in order.
    pub legs: Vec<SlipLegInput>,
    /// `reject`, `accept_higher` or `accept_any`.
    pub odds_change: String,
    /// Idempotency key of this submission (a retry reuses it).
    pub idempotency_key: String,
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

/// One selection of a new market (trader form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSelectionInput {
    /// Display name.
    pub name: String,
    /// `home`/`away`/`over`/`under` for line markets, else empty.
    pub side: String,
    /// Decimal odds.
    pub odds: String,
}

/// A new event with one market (trader form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEventInput {
    /// Sport name.
    pub sport: String,
    /// Competition name.
    pub competition: String,
    /// Event name.
    pub name: String,
    /// Start, RFC 3339 or `YYYY-MM-DDTHH:MM` (UTC, as a datetime-local
    /// input sends it).
    pub starts_at: String,
    /// Market name.
    pub market_name: String,
    /// Market kind code.
    pub market_kind: String,
    /// Line for line markets, else empty.
    pub line: String,
    /// Its selections.
    pub selections: Vec<NewSelectionInput>,
}

/// One selection's result in a settle form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeInput {
    /// The selection.
    pub selection_id: String,
    /// `win`, `lose`, `void`, `push`, `half_win` or `half_lose`.
    pub result: String,
}

/// How a market is settled (trader form): outcomes, or a score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettleInput {
    /// The market.
    pub market_id: String,
    /// Results per selection (empty when settling by score).
    pub outcomes: Vec<OutcomeInput>,
    /// Final score (home, away), for line markets.
    pub score: Option<(String, String)>,
    /// Resettle a settled market instead of settling.
    pub resettle: bool,
}

#[cfg(feature = "ssr")]
mod convert {
    use engine::WalletError;
    use engine::compliance::ComplianceError;
    use engine::sportsbook::{CashOutQuote, EventView, MarketView, SportsbookError};

    use super::{BetOutcome, CashOutData, EventData, MarketData, SelectionData};
    use super::{TradeOutcome, capitalised};
    use crate::model::codes;

    pub fn market(m: MarketView) -> MarketData {
        MarketData {
            id: m.id.to_string(),
            event_id: m.event_id.to_string(),
            name: m.name,
            kind: m.kind.code().to_owned(),
            line: m.line,
            status: m.status.code().to_owned(),
            suspended_by: m.suspended_by,
            selections: m
                .selections
                .into_iter()
                .map(|s| SelectionData {
                    id: s.id.to_string(),
                    name: s.name,
                    side: s.side.map(|v| v.code().to_owned()),
                    odds: s.odds,
                    status: s.status.code().to_owned(),
                    result: s.result.map(|r| r.code().to_owned()),
                })
                .collect(),
        }
    }

    pub fn event(e: EventView) -> EventData {
        EventData {
            id: e.id.to_string(),
            sport: e.sport,
            competition: e.competition,
            name: e.name,
            starts_at: e.starts_at.to_rfc3339(),
            status: e.status.code().to_owned(),
            demo: e.demo,
            markets: e.markets.into_iter().map(market).collect(),
        }
    }

    pub fn offer(q: CashOutQuote, ok: bool, message: String) -> CashOutData {
        CashOutData {
            ok,
            message,
            amount: Some(q.amount),
            currency: q.currency,
            quote_id: Some(q.quote_id),
            ..CashOutData::default()
        }
    }

    /// A refused cash-out (or offer) as My bets shows it.
    pub fn cash_out_refused(e: SportsbookError) -> CashOutData {
        use engine::sportsbook::cashout::reason;
        match e {
            SportsbookError::CashOutChanged { quote, expired } => {
                let amount = format!("{} {}", quote.amount, quote.currency);
                let (code, message) = if expired {
                    (
                        codes::QUOTE_EXPIRED,
                        format!("The offer expired. The cash-out offer is now {amount}."),
                    )
                } else {
                    (
                        codes::ODDS_CHANGED,
                        format!("The odds changed. The cash-out offer is now {amount}."),
                    )
                };
                CashOutData {
                    code: Some(code.to_owned()),
                    ..offer(*quote, false, message)
                }
            }
            SportsbookError::CashOutUnavailable { reason: why } => CashOutData {
                code: Some(codes::CASH_OUT_UNAVAILABLE.to_owned()),
                reason: Some(why.to_owned()),
                message: match why {
                    reason::NOT_OPEN => "This bet is settled or cashed out already.",
                    reason::BET_KIND => "Only singles and accumulators can be cashed out.",
                    reason::LEG_LOST => "A leg of this bet did not win.",
                    reason::SUSPENDED => "Cash-out is suspended while a market is closed.",
                    reason::NO_OPEN_LEG => "Every leg is settled; the bet is being paid.",
                    _ => "Cash-out is not available for this bet now.",
                }
                .to_owned(),
                ..CashOutData::default()
            },
            SportsbookError::NotFound => CashOutData {
                code: Some(codes::NOT_FOUND.to_owned()),
                message: "This bet was not found.".to_owned(),
                ..CashOutData::default()
            },
            SportsbookError::Wallet(WalletError::Conflict) => CashOutData {
                code: Some(codes::CONFLICT.to_owned()),
                message: "Another payment is in progress. Please try again.".to_owned(),
                ..CashOutData::default()
            },
            other => {
                leptos::logging::error!("cash-out: {other}");
                CashOutData {
                    code: Some(codes::INTERNAL.to_owned()),
                    message: "The cash-out could not be completed. Please try again.".to_owned(),
                    ..CashOutData::default()
                }
            }
        }
    }

    fn failure(code: &str, message: impl Into<String>) -> BetOutcome {
        BetOutcome {
            code: Some(code.to_owned()),
            message: message.into(),
            ..BetOutcome::default()
        }
    }

    /// A refused bet as the betslip shows it.
    pub fn refused(e: SportsbookError) -> BetOutcome {
        match e {
            SportsbookError::OddsChanged { legs } => BetOutcome {
                current_odds: legs
                    .iter()
                    .map(|(id, odds)| (id.to_string(), odds.to_string()))
                    .collect(),
                ..failure(
                    codes::ODDS_CHANGED,
                    "The odds changed. Check the new odds and place the bet again, or accept odds changes.",
                )
            },
            SportsbookError::SelectionUnavailable { selection_id } => BetOutcome {
                selection_ids: vec![selection_id.to_string()],
                ..failure(
                    codes::SELECTION_UNAVAILABLE,
                    "A selection is not available for betting now (market suspended, settled or event started). Remove it to continue.",
                )
            },
            SportsbookError::RelatedSelections { selection_ids } => BetOutcome {
                selection_ids: selection_ids.iter().map(ToString::to_string).collect(),
                ..failure(
                    codes::RELATED_SELECTIONS,
                    "Two selections of one event cannot be combined in one bet. Place them as singles or remove one.",
                )
            },
            SportsbookError::StakeLimitExceeded {
                selection_id,
                max_stake,
            } => BetOutcome {
                selection_ids: vec![selection_id.to_string()],
                ..failure(
                    codes::STAKE_LIMIT_EXCEEDED,
                    format!("The most you can stake on this selection is {max_stake}."),
                )
            },
            SportsbookError::ExposureLimitExceeded { selection_id } => BetOutcome {
                selection_ids: vec![selection_id.to_string()],
                ..failure(
                    codes::EXPOSURE_LIMIT_EXCEEDED,
                    "This bet is more than we can accept on this selection. Lower the stake.",
                )
            },
            SportsbookError::Wallet(WalletError::InsufficientFunds) => failure(
                codes::INSUFFICIENT_FUNDS,
                "Not enough cash for this stake. Deposit in your wallet or lower the stake.",
            ),
            SportsbookError::Wallet(WalletError::IdempotencyKeyReused) => failure(
                codes::CONFLICT,
                "This betslip changed while it was being placed. Please place it again.",
            ),
            SportsbookError::Wallet(WalletError::Conflict) => failure(
                codes::CONFLICT,
                "Another bet is in progress. Please try again.",
            ),
            SportsbookError::Compliance(ComplianceError::SelfExcluded { until }) => failure(
                codes::SELF_EXCLUDED,
                match until {
                    Some(until) => format!(
                        "You have excluded yourself from gambling until {} UTC.",
                        until.format("%Y-%m-%d %H:%M")
                    ),
                    None => "You have excluded yourself from gambling.".to_owned(),
                },
            ),
            SportsbookError::Compliance(ComplianceError::PlayLimitExceeded {
                kind,
                period,
                remaining,
            }) => failure(
                if kind == domain::compliance::LimitKind::Loss {
                    codes::LOSS_LIMIT_EXCEEDED
                } else {
                    codes::WAGER_LIMIT_EXCEEDED
                },
                format!(
                    "This stake would exceed your {kind} limit per {period}; {} {} remains.",
                    remaining.format_amount(),
                    remaining.currency()
                ),
            ),
            SportsbookError::Compliance(ComplianceError::SessionBreak { until }) => failure(
                codes::SESSION_BREAK,
                format!(
                    "Your session limit was reached; betting resumes at {} UTC.",
                    until.format("%H:%M")
                ),
            ),
            SportsbookError::Compliance(ComplianceError::RealityCheckDue { .. }) => failure(
                codes::REALITY_CHECK_DUE,
                "Time for a reality check: acknowledge it to keep betting.",
            ),
            SportsbookError::Compliance(ComplianceError::KycRequired) => {
                failure(codes::KYC_REQUIRED, "Verify your identity before betting.")
            }
            SportsbookError::Validation { message, .. } => {
                failure(codes::VALIDATION_FAILED, capitalised(&message))
            }
            SportsbookError::NotFound => failure(
                codes::SELECTION_UNAVAILABLE,
                "A selection in your betslip no longer exists. Remove it to continue.",
            ),
            SportsbookError::Forbidden => {
                failure(codes::FORBIDDEN, "Only player accounts can place bets.")
            }
            other => {
                leptos::logging::error!("placing a bet: {other:#}");
                failure(
                    codes::INTERNAL,
                    "Something went wrong on our side. Please try again.",
                )
            }
        }
    }

    /// A refused trader command.
    pub fn trade_refused(e: SportsbookError) -> TradeOutcome {
        let (code, message) = match e {
            SportsbookError::Validation { field, message } => (
                codes::VALIDATION_FAILED,
                format!("{}: {}", field.replace('_', " "), capitalised(&message)),
            ),
            SportsbookError::NotFound => (codes::NOT_FOUND, "Not found.".to_owned()),
            SportsbookError::Forbidden => (
                codes::FORBIDDEN,
                "Only traders and admins can do this.".to_owned(),
            ),
            SportsbookError::AlreadySettled => (
                codes::ALREADY_SETTLED,
                "This market is settled or void already; resettle it instead.".to_owned(),
            ),
            SportsbookError::NotSettled => (
                codes::NOT_SETTLED,
                "This market is not settled yet; settle it first.".to_owned(),
            ),
            other => {
                leptos::logging::error!("trading: {other:#}");
                (
                    codes::INTERNAL,
                    "Something went wrong on our side. Please try again.".to_owned(),
                )
            }
        };
        TradeOutcome {
            ok: false,
            code: Some(code.to_owned()),
            message,
            id: None,
        }
    }
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

#[cfg(feature = "ssr")]
fn parse_id(raw: &str) -> Result<uuid::Uuid, ServerFnError> {
    uuid::Uuid::parse_str(raw.trim())
        .map_err(|_| super::server::coded(crate::model::codes::NOT_FOUND))
}

#[cfg(feature = "ssr")]
fn trade_ok(message: impl Into<String>) -> TradeOutcome {
    TradeOutcome {
        ok: true,
        code: None,
        message: message.into(),
        id: None,
    }
}

#[cfg(feature = "ssr")]
fn trade_invalid(message: impl Into<String>) -> TradeOutcome {
    TradeOutcome {
        ok: false,
        code: Some(crate::model::codes::VALIDATION_FAILED.to_owned()),
        message: message.into(),
        id: None,
    }
}

/// A market from a trader form: the line when given and the selections
/// with a name or odds, in order (a row with neither is skipped).
#[cfg(feature = "ssr")]
fn new_market(
    name: String,
    kind: String,
    line: &str,
    inputs: &[NewSelectionInput],
) -> Result<engine::sportsbook::NewMarket, TradeOutcome> {
    use domain::betting::Odds;
    use engine::sportsbook::{NewMarket, NewSelection};

    let mut selections = Vec::with_capacity(inputs.len());
    for (i, s) in inputs.iter().enumerate() {
        if s.name.trim().is_empty() && s.odds.trim().is_empty() {
            continue;
        }
        let Ok(odds) = Odds::parse(s.odds.trim()) else {
            return Err(trade_invalid(format!(
                "Selection {}: enter decimal odds between 1.01 and 10000.",
                i + 1
            )));
        };
        selections.push(NewSelection {
            name: s.name.trim().to_owned(),
            side: Some(s.side.trim().to_owned()).filter(|v| !v.is_empty()),
            odds,
        });
    }
    Ok(NewMarket {
        name,
        kind,
        line: Some(line.trim().to_owned()).filter(|v| !v.is_empty()),
        selections,
    })
}

/// The caller, who must be a trader (admins included).
#[cfg(feature = "ssr")]
async fn trader(engine: &engine::Engine) -> Result<engine::Principal, ServerFnError> {
    super::server::require(engine, &[engine::Role::Trader]).await
}

/// Upcoming and live events, by start, optionally of one sport. Public.
#[server(prefix = "/rpc", endpoint = "sports_events")]
pub async fn sports_events(
    #[server(default)] sport: String,
) -> Result<Vec<EventData>, ServerFnError> {
    let engine = super::server::engine()?;
    let sport = Some(sport.as_str()).filter(|s| !s.trim().is_empty());
    match engine.sportsbook().events(sport).await {
        Ok(events) => Ok(events.into_iter().map(convert::event).collect()),
        Err(e) => Err(super::server::internal("listing events", e)),
    }
}

/// One event with every market; `not_found` when unknown. Public.
#[server(prefix = "/rpc", endpoint = "sports_event")]
pub async fn sports_event(id: String) -> Result<EventData, ServerFnError> {
    use engine::sportsbook::SportsbookError;

    let engine = super::server::engine()?;
    let id = parse_id(&id)?;
    match engine.sportsbook().event(id).await {
        Ok(e) => Ok(convert::event(e)),
        Err(SportsbookError::NotFound) => Err(super::server::coded(crate::model::codes::NOT_FOUND)),
        Err(e) => Err(super::server::internal("loading an event", e)),
    }
}

/// The current state of some markets (the betslip refreshes its legs'
/// odds and availability with it). Unknown ids are left out. Public.
#[server(prefix = "/rpc", endpoint = "sports_markets", input = Json)]
pub async fn sports_markets(ids: Vec<String>) -> Result<Vec<MarketData>, ServerFnError> {
    use engine::sportsbook::SportsbookError;

    let engine = super::server::engine()?;
    let mut out = Vec::new();
    for raw in ids.iter().take(domain::betting::MAX_LEGS) {
        let Ok(id) = uuid::Uuid::parse_str(raw.trim()) else {
            continue;
        };
        match engine.sportsbook().market(id).await {
            Ok(m) => out.push(convert::market(m)),
            Err(SportsbookError::NotFound) => {}
            Err(e) => return Err(super::server::internal("loading a market", e)),
        }
    }
    Ok(out)
}

/// The trader-configured teaser tables, by points. Public.
#[server(prefix = "/rpc", endpoint = "teaser_tables")]
pub async fn teaser_tables() -> Result<Vec<domain::betting::TeaserTable>, ServerFnError> {
    let engine = super::server::engine()?;
    engine
        .sportsbook()
        .teaser_tables()
        .await
        .map_err(|e| super::server::internal("loading teaser tables", e))
}

/// Places the betslip's bet for the calling player. Refusals come back as
/// a [`BetOutcome`] with a stable code and, after `odds_changed`, the
/// current odds.
#[server(prefix = "/rpc", endpoint = "place_bet", input = Json)]
pub async fn place_bet(input: PlaceBetInput) -> Result<BetOutcome, ServerFnError> {
    use crate::model::codes;
    use domain::betting::BetKind;
    use domain::money::Money;
    use engine::sportsbook::{BetRequest, Decimal, LegRequest};

    let engine = super::server::engine()?;
    let principal = super::server::require(&engine, &[engine::Role::Player]).await?;
    let invalid = |message: &str| {
        Ok(BetOutcome {
            code: Some(codes::VALIDATION_FAILED.to_owned()),
            message: message.to_owned(),
            ..BetOutcome::default()
        })
    };
    let Ok(kind) = BetKind::from_parts(&input.kind, input.system.as_deref()) else {
        return invalid("Choose a bet type.");
    };
    let currency = match engine.wallet().currency(principal.user_id).await {
        Ok(c) => c,
        Err(e) => return Err(super::server::internal("reading the wallet currency", e)),
    };
    let Ok(unit_stake) = Money::parse_positive(input.unit_stake.trim(), currency) else {
        return invalid(&format!(
            "Enter a stake greater than zero with at most {} decimals.",
            currency.exponent()
        ));
    };
    let teaser_points = match input.teaser_points.as_deref().map(str::trim) {
        Some(p) if kind == BetKind::Teaser => match p.parse::<Decimal>() {
            Ok(d) => Some(d),
            Err(_) => return invalid("Choose the teaser points."),
        },
        _ => None,
    };
    let Ok(odds_change) = engine::sportsbook::parse_policy(&input.odds_change) else {
        return invalid("Choose what to do when the odds change.");
    };
    let mut legs = Vec::with_capacity(input.legs.len());
    for leg in input.legs.iter().take(domain::betting::MAX_LEGS + 1) {
        let Ok(selection_id) = uuid::Uuid::parse_str(leg.selection_id.trim()) else {
            return invalid("A selection in your betslip is unknown; remove it.");
        };
        let odds = if kind == BetKind::Teaser {
            None
        } else {
            match domain::betting::Odds::parse(leg.odds.trim()) {
                Ok(o) => Some(o),
                Err(_) => return invalid("A selection in your betslip has invalid odds."),
            }
        };
        legs.push(LegRequest { selection_id, odds });
    }
    let request = BetRequest {
        kind,
        teaser_points,
        unit_stake,
        legs,
        odds_change,
    };
    // The key is scoped to the player and fingerprints the request, as the
    // REST API's Idempotency-Key does: a retry of the same slip places once.
    let key = input.idempotency_key.trim();
    let idem = if key.is_empty() {
        None
    } else {
        let fingerprint = serde_json::json!({"rpc": "place_bet", "request": &request});
        match engine::wallet::Idempotency::new(principal.user_id, key, &fingerprint, 201) {
            Ok(i) => Some(i),
            Err(_) => return invalid("This betslip could not be submitted; reload the page."),
        }
    };
    match engine
        .sportsbook()
        .place_bet(&principal, &request, idem.as_ref())
        .await
    {
        Ok(placed) => Ok(BetOutcome {
            ok: true,
            message: "Bet placed.".to_owned(),
            bet: Some(placed.value),
            ..BetOutcome::default()
        }),
        Err(e) => Ok(convert::refused(e)),
    }
}

/// One page of the caller's bets, newest first: `open`, `settled` or all
/// (empty); `cursor` is the `next_cursor` of the page before (empty: the
/// newest).
#[server(prefix = "/rpc", endpoint = "my_bets")]
pub async fn my_bets(
    #[server(default)] status: String,
    #[server(default)] cursor: String,
) -> Result<BetsPage, ServerFnError> {
    use engine::sportsbook::{BetFilter, MAX_BETS_PAGE};

    let engine = super::server::engine()?;
    let principal = super::server::require(&engine, &[engine::Role::Player]).await?;
    let filter = match status.as_str() {
        "open" => BetFilter::Open,
        "settled" => BetFilter::Settled,
        _ => BetFilter::All,
    };
    match engine
        .sportsbook()
        .bets(
            &principal,
            filter,
            MAX_BETS_PAGE,
            Some(cursor.trim()).filter(|c| !c.is_empty()),
        )
        .await
    {
        Ok(page) => Ok(page),
        Err(engine::sportsbook::SportsbookError::Validation { .. }) => {
            Err(super::server::coded(crate::model::codes::VALIDATION_FAILED))
        }
        Err(e) => Err(super::server::internal("listing bets", e)),
    }
}

/// What the caller's open bet cashes out for now. Unavailable cash-out
/// (suspended market, lost leg, settled bet, systems) comes back as data.
#[server(prefix = "/rpc", endpoint = "cash_out_offer")]
pub async fn cash_out_offer(bet_id: String) -> Result<CashOutData, ServerFnError> {
    let engine = super::server::engine()?;
    let principal = super::server::require(&engine, &[engine::Role::Player]).await?;
    let Ok(id) = uuid::Uuid::parse_str(bet_id.trim()) else {
        return Ok(convert::cash_out_refused(
            engine::sportsbook::SportsbookError::NotFound,
        ));
    };
    match engine.sportsbook().cash_out_quote(&principal, id).await {
        Ok(q) => Ok(convert::offer(q, true, String::new())),
        Err(e) => Ok(convert::cash_out_refused(e)),
    }
}

/// Cashes the caller's bet out at the offer `quote_id`. The key is the
/// quote's, so a retry of one confirmation pays once. When the odds moved
/// the answer carries the current offer to confirm instead.
#[server(prefix = "/rpc", endpoint = "cash_out")]
pub async fn cash_out(bet_id: String, quote_id: String) -> Result<CashOutData, ServerFnError> {
    let engine = super::server::engine()?;
    let principal = super::server::require(&engine, &[engine::Role::Player]).await?;
    let Ok(id) = uuid::Uuid::parse_str(bet_id.trim()) else {
        return Ok(convert::cash_out_refused(
            engine::sportsbook::SportsbookError::NotFound,
        ));
    };
    let fingerprint = serde_json::json!({"rpc": "cash_out", "bet_id": id, "quote_id": quote_id});
    let key = format!("cash-out:{}", quote_id.trim());
    let idem = engine::wallet::Idempotency::new(
        principal.user_id,
        &key.chars().take(255).collect::<String>(),
        &fingerprint,
        200,
    )
    .ok();
    match engine
        .sportsbook()
        .cash_out(&principal, id, &quote_id, idem.as_ref())
        .await
    {
        Ok(done) => {
            let bet = done.value;
            Ok(CashOutData {
                ok: true,
                message: format!(
                    "Cashed out for {} {}.",
                    bet.return_amount.clone().unwrap_or_default(),
                    bet.currency
                ),
                amount: bet.return_amount.clone(),
                currency: bet.currency.clone(),
                bet: Some(bet),
                ..CashOutData::default()
            })
        }
        Err(e) => Ok(convert::cash_out_refused(e)),
    }
}

/// Events for the trading console (trader, admin).
#[server(prefix = "/rpc", endpoint = "trading_events")]
pub async fn trading_events() -> Result<Vec<EventData>, ServerFnError> {
    let engine = super::server::engine()?;
    trader(&engine).await?;
    match engine.sportsbook().events(None).await {
        Ok(events) => Ok(events.into_iter().map(convert::event).collect()),
        Err(e) => Err(super::server::internal("listing events", e)),
    }
}

/// Creates an event with one market (trader, admin).
#[server(prefix = "/rpc", endpoint = "trading_create_event", input = Json)]
pub async fn trading_create_event(input: NewEventInput) -> Result<TradeOutcome, ServerFnError> {
    use engine::sportsbook::NewEvent;

    let engine = super::server::engine()?;
    let principal = trader(&engine).await?;
    let raw = input.starts_at.trim();
    let starts_at = match chrono::DateTime::parse_from_rfc3339(raw) {
        Ok(t) => t.with_timezone(&chrono::Utc),
        Err(_) => match chrono::NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M") {
            Ok(t) => t.and_utc(),
            Err(_) => return Ok(trade_invalid("Enter the start date and time (UTC).")),
        },
    };
    let market = match new_market(
        input.market_name,
        input.market_kind,
        &input.line,
        &input.selections,
    ) {
        Ok(m) => m,
        Err(refused) => return Ok(refused),
    };
    let new = NewEvent {
        sport: input.sport,
        competition: input.competition,
        name: input.name,
        starts_at,
        in_play_betting: false,
        bet_delay_ms: 0,
        demo: false,
        markets: vec![market],
    };
    match engine.sportsbook().create_event(&principal, new).await {
        Ok(e) => Ok(TradeOutcome {
            id: Some(e.id.to_string()),
            ..trade_ok(format!("Event “{}” created.", e.name))
        }),
        Err(e) => Ok(convert::trade_refused(e)),
    }
}

/// Moves a selection's odds (trader, admin).
#[server(prefix = "/rpc", endpoint = "trading_set_odds")]
pub async fn trading_set_odds(
    selection_id: String,
    odds: String,
) -> Result<TradeOutcome, ServerFnError> {
    use engine::sportsbook::OddsSource;

    let engine = super::server::engine()?;
    let principal = trader(&engine).await?;
    let id = parse_id(&selection_id)?;
    let Ok(odds) = domain::betting::Odds::parse(odds.trim()) else {
        return Ok(trade_invalid(
            "Enter decimal odds between 1.01 and 10000, e.g. 2.50.",
        ));
    };
    match engine
        .sportsbook()
        .set_odds(Some(&principal), id, odds, OddsSource::Trader)
        .await
    {
        Ok(s) => Ok(trade_ok(format!("{} now at {}.", s.name, s.odds))),
        Err(e) => Ok(convert::trade_refused(e)),
    }
}

/// Suspends (`suspend = true`) or resumes a market (trader, admin).
#[server(prefix = "/rpc", endpoint = "trading_suspend")]
pub async fn trading_suspend(
    market_id: String,
    suspend: bool,
) -> Result<TradeOutcome, ServerFnError> {
    let engine = super::server::engine()?;
    let principal = trader(&engine).await?;
    let id = parse_id(&market_id)?;
    let book = engine.sportsbook();
    let done = if suspend {
        book.suspend_market(&principal, id).await
    } else {
        book.resume_market(&principal, id).await
    };
    match done {
        Ok(m) => Ok(trade_ok(format!("{} is {}.", m.name, m.status))),
        Err(e) => Ok(convert::trade_refused(e)),
    }
}

/// Settles or resettles a market by outcomes or score (trader, admin).
#[server(prefix = "/rpc", endpoint = "trading_settle", input = Json)]
pub async fn trading_settle(input: SettleInput) -> Result<TradeOutcome, ServerFnError> {
    use domain::betting::LegResult;
    use engine::sportsbook::{Outcome, Settlement};

    let engine = super::server::engine()?;
    let principal = trader(&engine).await?;
    let id = parse_id(&input.market_id)?;
    let settlement = if let Some((home, away)) = &input.score {
        match (home.trim().parse::<u32>(), away.trim().parse::<u32>()) {
            (Ok(home), Ok(away)) => Settlement::Score { home, away },
            _ => return Ok(trade_invalid("Enter the final score as two whole numbers.")),
        }
    } else {
        let mut outcomes = Vec::new();
        for o in &input.outcomes {
            let Ok(selection_id) = uuid::Uuid::parse_str(o.selection_id.trim()) else {
                return Ok(trade_invalid("Unknown selection."));
            };
            let Ok(result) = o.result.parse::<LegResult>() else {
                return Ok(trade_invalid("Choose a result for every selection."));
            };
            outcomes.push(Outcome {
                selection_id,
                outcome: result.into(),
            });
        }
        Settlement::Outcomes(outcomes)
    };
    let book = engine.sportsbook();
    let done = if input.resettle {
        book.resettle_market(&principal, id, &settlement).await
    } else {
        book.settle_market(&principal, id, &settlement).await
    };
    match done {
        Ok(r) => Ok(trade_ok(format!(
            "Market {}: {} bet(s) paid.",
            if input.resettle {
                "resettled"
            } else {
                "settled"
            },
            r.bets
        ))),
        Err(e) => Ok(convert::trade_refused(e)),
    }
}

/// Voids a market with a reason (trader, admin).
#[server(prefix = "/rpc", endpoint = "trading_void")]
pub async fn trading_void(
    market_id: String,
    reason: String,
) -> Result<TradeOutcome, ServerFnError> {
    let engine = super::server::engine()?;
    let principal = trader(&engine).await?;
    let id = parse_id(&market_id)?;
    match engine
        .sportsbook()
        .void_market(&principal, id, &reason)
        .await
    {
        Ok(r) => Ok(trade_ok(format!(
            "Market void: {} bet(s) returned.",
            r.bets
        ))),
        Err(e) => Ok(convert::trade_refused(e)),
    }
}

/// Open risk of every market of an event, with the market's name (trader,
/// admin).
#[server(prefix = "/rpc", endpoint = "trading_risk")]
pub async fn trading_risk(
    event_id: String,
) -> Result<(EventData, Vec<(String, MarketRisk)>), ServerFnError> {
    use engine::sportsbook::SportsbookError;

    let engine = super::server::engine()?;
    let principal = trader(&engine).await?;
    let id = parse_id(&event_id)?;
    let book = engine.sportsbook();
    let event = match book.event(id).await {
        Ok(e) => e,
        Err(SportsbookError::NotFound) => {
            return Err(super::server::coded(crate::model::codes::NOT_FOUND));
        }
        Err(e) => return Err(super::server::internal("loading an event", e)),
    };
    let mut out = Vec::new();
    for m in &event.markets {
        let risk = book
            .market_risk(&principal, m.id)
            .await
            .map_err(|e| super::server::internal("market risk", e))?;
        out.push((m.name.clone(), risk));
    }
    Ok((convert::event(event), out))
}

/// One event for the trading console, any status (trader, admin).
#[server(prefix = "/rpc", endpoint = "trading_event")]
pub async fn trading_event(id: String) -> Result<EventData, ServerFnError> {
    use engine::sportsbook::SportsbookError;

    let engine = super::server::engine()?;
    trader(&engine).await?;
    let id = parse_id(&id)?;
    match engine.sportsbook().event(id).await {
        Ok(e) => Ok(convert::event(e)),
        Err(SportsbookError::NotFound) => Err(super::server::coded(crate::model::codes::NOT_FOUND)),
        Err(e) => Err(super::server::internal("loading an event", e)),
    }
}

/// A selection's limits as the trading page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectionLimitsData {
    /// Selection id.
    pub selection_id: String,
    /// Largest total stake of one bet, decimal amount; None for no limit.
    pub max_stake: Option<String>,
    /// Most the book may lose on it; None for no limit.
    pub liability_limit: Option<String>,
}

/// A market's limits and its selections' as the trading page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketLimitsData {
    /// Market id.
    pub market_id: String,
    /// Largest total stake of one bet, decimal amount; None for no limit.
    pub max_stake: Option<String>,
    /// Liability at which the market suspends itself (with auto-suspend).
    pub liability_limit: Option<String>,
    /// Suspend when a selection's liability reaches the limit.
    pub auto_suspend: bool,
    /// Per selection.
    pub selections: Vec<SelectionLimitsData>,
}

/// An optional positive limit from a form field: empty clears it.
#[cfg(feature = "ssr")]
fn limit_field(
    label: &str,
    raw: &str,
) -> Result<Option<engine::sportsbook::Decimal>, TradeOutcome> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<engine::sportsbook::Decimal>() {
        Ok(v) if v > engine::sportsbook::Decimal::ZERO && v.scale() <= 8 => Ok(Some(v)),
        _ => Err(trade_invalid(format!(
            "{label}: enter a positive amount such as 50 or 12.50, or leave it empty for no limit."
        ))),
    }
}

/// The current limits of every market of an event and of its selections
/// (trader, admin).
#[server(prefix = "/rpc", endpoint = "trading_limits")]
pub async fn trading_limits(event_id: String) -> Result<Vec<MarketLimitsData>, ServerFnError> {
    use engine::sportsbook::SportsbookError;

    let engine = super::server::engine()?;
    trader(&engine).await?;
    let id = parse_id(&event_id)?;
    let event = match engine.sportsbook().event(id).await {
        Ok(e) => e,
        Err(SportsbookError::NotFound) => {
            return Err(super::server::coded(crate::model::codes::NOT_FOUND));
        }
        Err(e) => return Err(super::server::internal("loading an event", e)),
    };
    Ok(event
        .markets
        .into_iter()
        .map(|m| MarketLimitsData {
            market_id: m.id.to_string(),
            max_stake: m.max_stake,
            liability_limit: m.liability_limit,
            auto_suspend: m.auto_suspend,
            selections: m
                .selections
                .into_iter()
                .map(|s| SelectionLimitsData {
                    selection_id: s.id.to_string(),
                    max_stake: s.max_stake,
                    liability_limit: s.liability_limit,
                })
                .collect(),
        })
        .collect())
}

/// Sets a market's max stake, liability limit and auto-suspend; an empty
/// amount clears that limit (trader, admin).
#[server(prefix = "/rpc", endpoint = "trading_set_market_limits")]
pub async fn trading_set_market_limits(
    market_id: String,
    max_stake: String,
    liability_limit: String,
    auto_suspend: bool,
) -> Result<TradeOutcome, ServerFnError> {
    use engine::sportsbook::MarketLimits;

    let engine = super::server::engine()?;
    let principal = trader(&engine).await?;
    let id = parse_id(&market_id)?;
    let max_stake = match limit_field("Market max stake", &max_stake) {
        Ok(v) => v,
        Err(refused) => return Ok(refused),
    };
    let liability_limit = match limit_field("Market liability limit", &liability_limit) {
        Ok(v) => v,
        Err(refused) => return Ok(refused),
    };
    if auto_suspend && liability_limit.is_none() {
        return Ok(trade_invalid(
            "Auto-suspend needs a liability limit: enter one or turn auto-suspend off.",
        ));
    }
    let limits = MarketLimits {
        max_stake,
        liability_limit,
        auto_suspend,
    };
    match engine
        .sportsbook()
        .set_market_limits(&principal, id, limits)
        .await
    {
        Ok(m) => Ok(trade_ok(format!("Limits of {} saved.", m.name))),
        Err(e) => Ok(convert::trade_refused(e)),
    }
}

/// Sets a selection's max stake and liability limit; an empty amount
/// clears that limit (trader, admin).
#[server(prefix = "/rpc", endpoint = "trading_set_selection_limits")]
pub async fn trading_set_selection_limits(
    selection_id: String,
    max_stake: String,
    liability_limit: String,
) -> Result<TradeOutcome, ServerFnError> {
    use engine::sportsbook::SelectionLimits;

    let engine = super::server::engine()?;
    let principal = trader(&engine).await?;
    let id = parse_id(&selection_id)?;
    let max_stake = match limit_field("Max stake", &max_stake) {
        Ok(v) => v,
        Err(refused) => return Ok(refused),
    };
    let liability_limit = match limit_field("Liability limit", &liability_limit) {
        Ok(v) => v,
        Err(refused) => return Ok(refused),
    };
    let limits = SelectionLimits {
        max_stake,
        liability_limit,
    };
    match engine
        .sportsbook()
        .set_selection_limits(&principal, id, limits)
        .await
    {
        Ok(s) => Ok(trade_ok(format!("Limits of {} saved.", s.name))),
        Err(e) => Ok(convert::trade_refused(e)),
    }
}

/// A teaser table from the trader form: points and (legs, decimal odds)
/// rows; rows with empty odds are left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeaserTableInput {
    /// Points, e.g. `"6"` or `"6.5"`.
    pub points: String,
    /// `(legs, odds)` pairs.
    pub prices: Vec<(String, String)>,
}

/// Creates or replaces the teaser table for its points (trader, admin).
#[server(prefix = "/rpc", endpoint = "trading_set_teaser_table", input = Json)]
pub async fn trading_set_teaser_table(
    input: TeaserTableInput,
) -> Result<TradeOutcome, ServerFnError> {
    use domain::betting::{Odds, TeaserTable};

    let engine = super::server::engine()?;
    let principal = trader(&engine).await?;
    let Ok(points) = input.points.trim().parse::<engine::sportsbook::Decimal>() else {
        return Ok(trade_invalid("Points: enter a number such as 6 or 6.5."));
    };
    let mut prices = std::collections::BTreeMap::new();
    for (legs, odds) in &input.prices {
        if odds.trim().is_empty() {
            continue;
        }
        let Ok(legs) = legs.trim().parse::<usize>() else {
            return Ok(trade_invalid("Legs: enter a whole number."));
        };
        let Ok(odds) = Odds::parse(odds.trim()) else {
            return Ok(trade_invalid(format!(
                "{legs} legs: enter decimal odds between 1.01 and 10000."
            )));
        };
        prices.insert(legs, odds);
    }
    if prices.is_empty() {
        return Ok(trade_invalid(
            "Enter a price for at least one number of legs.",
        ));
    }
    let table = match TeaserTable::new(points, prices) {
        Ok(t) => t,
        Err(e) => return Ok(trade_invalid(capitalised(&e.to_string()))),
    };
    match engine
        .sportsbook()
        .set_teaser_table(&principal, table)
        .await
    {
        Ok(t) => Ok(trade_ok(format!(
            "{}-point teaser table saved.",
            t.points().normalize()
        ))),
        Err(e) => Ok(convert::trade_refused(e)),
    }
}

/// A market to add to an existing event (trader form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMarketInput {
    /// The event.
    pub event_id: String,
    /// Market name.
    pub name: String,
    /// Market kind code.
    pub kind: String,
    /// Line for line markets, else empty.
    pub line: String,
    /// Its selections, in order.
    pub selections: Vec<NewSelectionInput>,
}

/// Adds a market to an event (trader, admin); the same engine call as
/// `POST /api/v1/admin/events/{id}/markets`.
#[server(prefix = "/rpc", endpoint = "trading_add_market", input = Json)]
pub async fn trading_add_market(input: NewMarketInput) -> Result<TradeOutcome, ServerFnError> {
    let engine = super::server::engine()?;
    let principal = trader(&engine).await?;
    let event_id = parse_id(&input.event_id)?;
    let market = match new_market(
        input.name.trim().to_owned(),
        input.kind.trim().to_owned(),
        &input.line,
        &input.selections,
    ) {
        Ok(m) => m,
        Err(refused) => return Ok(refused),
    };
    match engine
        .sportsbook()
        .add_market(&principal, event_id, market)
        .await
    {
        Ok(m) => Ok(TradeOutcome {
            id: Some(m.id.to_string()),
            ..trade_ok(format!("Market “{}” added.", m.name))
        }),
        Err(e) => Ok(convert::trade_refused(e)),
    }
}
