//! Trader limits and prices (traders and admins): a market's and a
//! selection's max stake and liability limit, auto-suspend, and the teaser
//! tables. The current limits are the market's own fields
//! ([`super::Market`]).

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use super::TradeOutcome;
#[cfg(feature = "ssr")]
use super::{capitalised, convert, parse_id, trade_invalid, trade_ok, trader};
#[cfg(feature = "ssr")]
use crate::api::server;

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

    let engine = server::engine()?;
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

    let engine = server::engine()?;
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

    let engine = server::engine()?;
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
