//! The public catalog: events by sport, one event, the current state of
//! some markets (the betslip's refresh) and the teaser tables.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::parse_id;
use super::{Event, Market};
#[cfg(feature = "ssr")]
use crate::api::server;

/// Upcoming and live events, by start, optionally of one sport. Public.
#[server(prefix = "/rpc", endpoint = "sports_events")]
pub async fn sports_events(#[server(default)] sport: String) -> Result<Vec<Event>, ServerFnError> {
    let engine = server::engine()?;
    let sport = Some(sport.as_str()).filter(|s| !s.trim().is_empty());
    match engine.sportsbook().events(sport).await {
        Ok(events) => Ok(events),
        Err(e) => Err(server::internal("listing events", e)),
    }
}

/// One event with every market; `not_found` when unknown. Public.
#[server(prefix = "/rpc", endpoint = "sports_event")]
pub async fn sports_event(id: String) -> Result<Event, ServerFnError> {
    use engine::sportsbook::SportsbookError;

    let engine = server::engine()?;
    let id = parse_id(&id)?;
    match engine.sportsbook().event(id).await {
        Ok(e) => Ok(e),
        Err(SportsbookError::NotFound) => Err(server::coded(crate::model::codes::NOT_FOUND)),
        Err(e) => Err(server::internal("loading an event", e)),
    }
}

/// The current state of some markets (the betslip refreshes its legs'
/// odds and availability with it). Unknown ids are left out. Public.
#[server(prefix = "/rpc", endpoint = "sports_markets", input = Json)]
pub async fn sports_markets(ids: Vec<String>) -> Result<Vec<Market>, ServerFnError> {
    use engine::sportsbook::SportsbookError;

    let engine = server::engine()?;
    let mut out = Vec::new();
    for raw in ids.iter().take(domain::betting::MAX_LEGS) {
        let Ok(id) = uuid::Uuid::parse_str(raw.trim()) else {
            continue;
        };
        match engine.sportsbook().market(id).await {
            Ok(m) => out.push(m),
            Err(SportsbookError::NotFound) => {}
            Err(e) => return Err(server::internal("loading a market", e)),
        }
    }
    Ok(out)
}

/// The trader-configured teaser tables, by points. Public.
#[server(prefix = "/rpc", endpoint = "teaser_tables")]
pub async fn teaser_tables() -> Result<Vec<domain::betting::TeaserTable>, ServerFnError> {
    let engine = server::engine()?;
    engine
        .sportsbook()
        .teaser_tables()
        .await
        .map_err(|e| server::internal("loading teaser tables", e))
}
