//! Trader commands on events and markets (traders and admins): the
//! console's events, creating an event, adding a market, moving odds,
//! suspending and resuming, settling, resettling, voiding, and risk.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use super::{Event, MarketRisk, TradeOutcome};
#[cfg(feature = "ssr")]
use super::{convert, parse_id, trade_invalid, trade_ok, trader};
#[cfg(feature = "ssr")]
use crate::api::server;

/// An event in the trading console's list, with the book's worst case on
/// it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradingRow {
    /// The event and its markets.
    pub event: Event,
    /// Per currency, `(amount, currency)`: the sum over its markets of each
    /// market's costliest outcome. Empty when nobody has bet on it.
    pub worst_case: Vec<(String, String)>,
    /// Some outcome costs the book money (a worst case above zero).
    pub at_risk: bool,
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
    let engine = server::engine()?;
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

/// Events for the trading console with the book's worst case on each
/// (trader, admin).
#[server(prefix = "/rpc", endpoint = "trading_events")]
pub async fn trading_events() -> Result<Vec<TradingRow>, ServerFnError> {
    let engine = server::engine()?;
    let principal = trader(&engine).await?;
    let book = engine.sportsbook();
    let events = book
        .events(None)
        .await
        .map_err(|e| server::internal("listing events", e))?;
    let mut worst = book
        .worst_cases(&principal, &events)
        .await
        .map_err(|e| server::internal("the book's worst cases", e))?;
    Ok(events
        .into_iter()
        .map(|event| {
            let worst = worst.remove(&event.id).unwrap_or_default();
            TradingRow {
                at_risk: worst.iter().any(|m| m.minor() > 0),
                worst_case: worst
                    .into_iter()
                    .map(|m| (m.format_amount(), m.currency().code().to_owned()))
                    .collect(),
                event,
            }
        })
        .collect())
}

/// Creates an event with one market (trader, admin).
#[server(prefix = "/rpc", endpoint = "trading_create_event", input = Json)]
pub async fn trading_create_event(input: NewEventInput) -> Result<TradeOutcome, ServerFnError> {
    use engine::sportsbook::NewEvent;

    let engine = server::engine()?;
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

    let engine = server::engine()?;
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
    let engine = server::engine()?;
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

    let engine = server::engine()?;
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
    let engine = server::engine()?;
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
) -> Result<(Event, Vec<(String, MarketRisk)>), ServerFnError> {
    use engine::sportsbook::SportsbookError;

    let engine = server::engine()?;
    let principal = trader(&engine).await?;
    let id = parse_id(&event_id)?;
    let book = engine.sportsbook();
    let event = match book.event(id).await {
        Ok(e) => e,
        Err(SportsbookError::NotFound) => {
            return Err(server::coded(crate::model::codes::NOT_FOUND));
        }
        Err(e) => return Err(server::internal("loading an event", e)),
    };
    let mut out = Vec::new();
    for m in &event.markets {
        let risk = book
            .market_risk(&principal, m.id)
            .await
            .map_err(|e| server::internal("market risk", e))?;
        out.push((m.name.clone(), risk));
    }
    Ok((event, out))
}

/// One event for the trading console, any status (trader, admin).
#[server(prefix = "/rpc", endpoint = "trading_event")]
pub async fn trading_event(id: String) -> Result<Event, ServerFnError> {
    use engine::sportsbook::SportsbookError;

    let engine = server::engine()?;
    trader(&engine).await?;
    let id = parse_id(&id)?;
    match engine.sportsbook().event(id).await {
        Ok(e) => Ok(e),
        Err(SportsbookError::NotFound) => Err(server::coded(crate::model::codes::NOT_FOUND)),
        Err(e) => Err(server::internal("loading an event", e)),
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
