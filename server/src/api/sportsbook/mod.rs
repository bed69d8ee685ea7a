//! The sportsbook over HTTP (API.md "Sportsbook"): the public catalog,
//! placing and listing bets for players, and the trader's back office —
//! events and markets, odds, suspend and resume, limits, teaser tables,
//! settle, resettle, void and risk. Handlers authorize, parse, call
//! `engine::sportsbook`, and answer; the rules live in the engine.
//!
//! `POST /bets` moves money, so it takes an `Idempotency-Key` (1–255
//! characters, per user): a repeat with the same body replays the first
//! answer, another body under the key is 422 `idempotency_key_reused`.
//! So does `POST /bets/{id}/cash-out`, which accepts a quote from
//! `GET /bets/{id}/cash-out` (409 `odds_changed` with a fresh
//! `details.quote` when the odds moved since).
//!
//! Split by concern: `catalog` (public), `bets` (players), `trading`
//! (events, markets, odds, limits, risk, teaser tables), `settlement`
//! (settle, resettle, void), `feed` (the odds feed) and `errors` (how
//! engine refusals answer).

mod bets;
mod catalog;
mod errors;
mod feed;
mod settlement;
mod trading;

// Glob re-exports, so `api::sportsbook::<handler>` keeps naming each handler
// together with the `__path_<handler>` item `#[utoipa::path]` generates
// beside it (which `ApiDoc`'s `paths(...)` looks up).
pub use bets::*;
pub use catalog::*;
pub use feed::*;
pub use settlement::*;
pub use trading::*;

use chrono::{DateTime, Utc};
use domain::betting::Odds;
use engine::sportsbook::Decimal;
use serde_json::Value;
use uuid::Uuid;

use super::error::{ApiError, ApiResult};

// ---- Parsing helpers shared by the handlers.

fn id_or_404(raw: &str) -> ApiResult<Uuid> {
    Uuid::parse_str(raw).map_err(|_| ApiError::not_found())
}

fn parse_odds(field: &str, raw: &str) -> ApiResult<Odds> {
    Odds::parse(raw.trim()).map_err(|e| ApiError::validation(field, &e.to_string()))
}

fn parse_decimal(field: &str, raw: Option<&str>) -> ApiResult<Option<Decimal>> {
    raw.map(|r| {
        r.trim()
            .parse::<Decimal>()
            .map_err(|_| ApiError::validation(field, "Give a decimal number as a string."))
    })
    .transpose()
}

fn parse_time(field: &str, raw: &str) -> ApiResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(raw.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| ApiError::validation(field, "Give an RFC 3339 time."))
}

fn parse_body<T: serde::de::DeserializeOwned>(raw: &Value) -> ApiResult<T> {
    serde_json::from_value(raw.clone())
        .map_err(|e| ApiError::bad_request(format!("Malformed body: {e}")))
}
