//! `POST /admin/feed`: batched odds moves and suspensions from the odds
//! feed (by its API key) or a trader.

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use domain::api::sportsbook::FeedResult;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::parse_odds;
use crate::api::error::{ApiError, ApiResult, ErrorBody};
use crate::api::extract::{ApiJson, Authorized, Traders};
use crate::state::AppState;

/// One feed item: `{"selection_id","odds"}` to move odds, or
/// `{"market_id","suspended": true|false}` to suspend or resume.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedItemBody {
    /// Selection whose odds move.
    pub selection_id: Option<String>,
    /// Its new decimal odds.
    pub odds: Option<String>,
    /// Market to suspend or resume.
    pub market_id: Option<String>,
    /// Suspend (true) or resume (false).
    pub suspended: Option<bool>,
}

/// A feed batch.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedBody {
    /// 1 to 1000 items, applied together (all or none).
    pub items: Vec<FeedItemBody>,
}

/// Constant-time comparison, so the key cannot be guessed byte by byte.
fn same_key(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// Who sends a feed batch, authorized from the request's parts before the
/// body is parsed: the feed itself by its `X-Feed-Key` (when
/// `CROUPIER_FEED_API_KEY` is set; a key that is wrong, or sent while none
/// is set, → 401 even with a token), else a trader's token
/// ([`Authorized<Traders>`]: 401 without a valid token, 403 without the
/// role).
pub enum FeedSender {
    /// The feed's API key.
    Feed,
    /// A trader (or admin).
    Trader(Authorized<Traders>),
}

impl FromRequestParts<AppState> for FeedSender {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(given) = parts.headers.get("x-feed-key") else {
            return Ok(Self::Trader(
                Authorized::from_request_parts(parts, state).await?,
            ));
        };
        match state.settings.feed_api_key.as_deref() {
            Some(expected)
                if !expected.is_empty() && same_key(given.as_bytes(), expected.as_bytes()) =>
            {
                Ok(Self::Feed)
            }
            _ => Err(ApiError::unauthorized()),
        }
    }
}

/// `POST /admin/feed` (trader token, or the feed's `X-Feed-Key` when
/// `CROUPIER_FEED_API_KEY` is set): batched odds updates and suspensions.
#[utoipa::path(post, path = "/api/v1/admin/feed", tag = "sportsbook", request_body = FeedBody,
    params(("X-Feed-Key" = Option<String>, Header, description = "The feed's API key, instead of a trader token")),
    security(("bearer" = [])),
    responses((status = 200, body = FeedResult), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "already_settled"),
        (status = 422, body = ErrorBody)))]
pub async fn feed(
    sender: FeedSender,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<FeedBody>,
) -> ApiResult<Json<FeedResult>> {
    let actor = match &sender {
        FeedSender::Feed => None,
        FeedSender::Trader(trader) => Some(&trader.0),
    };
    let mut items = Vec::with_capacity(body.items.len());
    for item in &body.items {
        let parse_id = |field: &str, raw: &str| {
            Uuid::parse_str(raw.trim()).map_err(|_| ApiError::validation(field, "Not an id."))
        };
        items.push(match item {
            FeedItemBody {
                selection_id: Some(id),
                odds: Some(odds),
                market_id: None,
                suspended: None,
            } => engine::sportsbook::FeedItem::Odds {
                selection_id: parse_id("items.selection_id", id)?,
                odds: parse_odds("items.odds", odds)?,
            },
            FeedItemBody {
                selection_id: None,
                odds: None,
                market_id: Some(id),
                suspended: Some(suspended),
            } => engine::sportsbook::FeedItem::Suspend {
                market_id: parse_id("items.market_id", id)?,
                suspended: *suspended,
            },
            _ => {
                return Err(ApiError::validation(
                    "items",
                    "Each item is {selection_id, odds} or {market_id, suspended}.",
                ));
            }
        });
    }
    let report = state.engine.sportsbook().apply_feed(actor, &items).await?;
    Ok(Json(FeedResult {
        odds_changed: report.odds_changed,
        suspended: report.suspended,
        resumed: report.resumed,
    }))
}
