//! The trader's back office: events and markets, odds and their history,
//! suspend and resume, stake and liability limits, risk, teaser tables.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::api::sportsbook::{
    Event, EventStatus, Market, MarketRisk, OddsHistory, Selection, TeaserPrices,
};
use domain::betting::TeaserTable;
use engine::sportsbook::{
    Decimal, EventChange, MarketLimits, NewEvent, NewMarket, NewSelection, OddsSource,
    SelectionLimits,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::catalog::teaser_response;
use super::{id_or_404, parse_decimal, parse_odds, parse_time};
use crate::api::error::{ApiError, ApiResult, ErrorBody};
use crate::api::extract::{ApiJson, ApiQuery, Authorized, Traders};
use crate::state::AppState;

/// A selection of a new market.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSelectionBody {
    /// Display name.
    pub name: String,
    /// `home`/`away` or `over`/`under` (line markets only).
    pub side: Option<String>,
    /// Decimal odds.
    pub odds: String,
}

/// A new market.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMarketBody {
    /// Display name.
    pub name: String,
    /// Market kind.
    pub kind: String,
    /// Line (asian_handicap, spread, total): the home handicap or the total.
    pub line: Option<String>,
    /// Selections.
    pub selections: Vec<NewSelectionBody>,
}

/// A new event.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEventBody {
    /// Sport name.
    pub sport: String,
    /// Competition name.
    pub competition: String,
    /// Display name.
    pub name: String,
    /// RFC 3339.
    pub starts_at: String,
    /// Markets.
    #[serde(default)]
    pub markets: Vec<NewMarketBody>,
    /// Take bets after the start (default false).
    pub in_play_betting: Option<bool>,
    /// In-play acceptance delay, 0–30000 ms (default 0).
    pub bet_delay_ms: Option<i32>,
}

/// A change to an event; absent fields stay.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventChangeBody {
    /// New name.
    pub name: Option<String>,
    /// New start, RFC 3339.
    pub starts_at: Option<String>,
    /// `scheduled`, `live`, `ended` or `cancelled`.
    pub status: Option<String>,
    /// In-play betting on or off.
    pub in_play_betting: Option<bool>,
    /// In-play acceptance delay.
    pub bet_delay_ms: Option<i32>,
}

/// New odds.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OddsBody {
    /// Decimal odds.
    pub odds: String,
}

/// Limits of a market.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarketLimitsBody {
    /// Largest total stake of one bet; null clears.
    pub max_stake: Option<String>,
    /// Liability at which the market suspends itself; null clears.
    pub liability_limit: Option<String>,
    /// Suspend at the liability limit.
    #[serde(default)]
    pub auto_suspend: bool,
}

/// Limits of a selection.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SelectionLimitsBody {
    /// Largest total stake of one bet; null clears.
    pub max_stake: Option<String>,
    /// Most the book may lose on it; null clears.
    pub liability_limit: Option<String>,
}

/// A teaser table's prices.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeaserTableBody {
    /// Decimal odds by number of legs, e.g. `{"2": "1.91", "3": "2.80"}`.
    pub prices: BTreeMap<String, String>,
}

/// The engine's new market for a request body (every odds parsed).
fn new_market(body: NewMarketBody) -> ApiResult<NewMarket> {
    let mut selections = Vec::with_capacity(body.selections.len());
    for s in body.selections {
        selections.push(NewSelection {
            odds: parse_odds("markets.selections.odds", &s.odds)?,
            name: s.name,
            side: s.side,
        });
    }
    Ok(NewMarket {
        name: body.name,
        kind: body.kind,
        line: body.line,
        selections,
    })
}

/// `POST /admin/events` (trader): creates an event with its markets.
#[utoipa::path(post, path = "/api/v1/admin/events", tag = "sportsbook", request_body = NewEventBody,
    security(("bearer" = [])),
    responses((status = 201, body = Event), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_event(
    caller: Authorized<Traders>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<NewEventBody>,
) -> ApiResult<(StatusCode, Json<Event>)> {
    let actor = &caller.0;
    let starts_at = parse_time("starts_at", &body.starts_at)?;
    let mut markets = Vec::with_capacity(body.markets.len());
    for m in body.markets {
        markets.push(new_market(m)?);
    }
    let event = state
        .engine
        .sportsbook()
        .create_event(
            actor,
            NewEvent {
                sport: body.sport,
                competition: body.competition,
                name: body.name,
                starts_at,
                in_play_betting: body.in_play_betting.unwrap_or(false),
                bet_delay_ms: body.bet_delay_ms.unwrap_or(0),
                demo: false,
                markets,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(event)))
}

/// `PATCH /admin/events/{id}` (trader): changes name, start, status,
/// in-play betting or bet delay.
#[utoipa::path(patch, path = "/api/v1/admin/events/{id}", tag = "sportsbook",
    params(("id" = Uuid, Path, description = "Event id")), request_body = EventChangeBody,
    security(("bearer" = [])),
    responses((status = 200, body = Event), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_event(
    caller: Authorized<Traders>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<EventChangeBody>,
) -> ApiResult<Json<Event>> {
    let actor = &caller.0;
    let id = id_or_404(&id)?;
    let starts_at = body
        .starts_at
        .as_deref()
        .map(|t| parse_time("starts_at", t))
        .transpose()?;
    let status = body
        .status
        .as_deref()
        .map(|s| {
            s.trim().parse::<EventStatus>().map_err(|_| {
                ApiError::validation("status", "Use scheduled, live, ended or cancelled.")
            })
        })
        .transpose()?;
    Ok(Json(
        state
            .engine
            .sportsbook()
            .update_event(
                actor,
                id,
                EventChange {
                    name: body.name,
                    starts_at,
                    status,
                    in_play_betting: body.in_play_betting,
                    bet_delay_ms: body.bet_delay_ms,
                },
            )
            .await?,
    ))
}

/// `POST /admin/events/{id}/markets` (trader): adds a market.
#[utoipa::path(post, path = "/api/v1/admin/events/{id}/markets", tag = "sportsbook",
    params(("id" = Uuid, Path, description = "Event id")), request_body = NewMarketBody,
    security(("bearer" = [])),
    responses((status = 201, body = Market), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_market(
    caller: Authorized<Traders>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewMarketBody>,
) -> ApiResult<(StatusCode, Json<Market>)> {
    let actor = &caller.0;
    let id = id_or_404(&id)?;
    let market = new_market(body)?;
    let view = state
        .engine
        .sportsbook()
        .add_market(actor, id, market)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// `PUT /admin/selections/{id}/odds` (trader): moves the odds.
#[utoipa::path(put, path = "/api/v1/admin/selections/{id}/odds", tag = "sportsbook",
    params(("id" = Uuid, Path, description = "Selection id")), request_body = OddsBody,
    security(("bearer" = [])),
    responses((status = 200, body = Selection), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "already_settled"),
        (status = 422, body = ErrorBody)))]
pub async fn set_odds(
    caller: Authorized<Traders>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<OddsBody>,
) -> ApiResult<Json<Selection>> {
    let actor = &caller.0;
    let id = id_or_404(&id)?;
    let odds = parse_odds("odds", &body.odds)?;
    Ok(Json(
        state
            .engine
            .sportsbook()
            .set_odds(Some(actor), id, odds, OddsSource::Trader)
            .await?,
    ))
}

/// A page of odds history.
#[derive(Deserialize, IntoParams)]
pub struct OddsHistoryQuery {
    /// Points per page, 1–200, default 200.
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page (absent: the newest points). A
    /// malformed cursor → 422 `validation_failed` on `cursor`.
    pub cursor: Option<String>,
}

/// `GET /admin/selections/{id}/odds-history` (trader): one page, newest
/// first; `next_cursor` (null on the last page) fetches the next, older one.
#[utoipa::path(get, path = "/api/v1/admin/selections/{id}/odds-history", tag = "sportsbook",
    params(("id" = Uuid, Path, description = "Selection id"), OddsHistoryQuery),
    security(("bearer" = [])),
    responses((status = 200, body = OddsHistory), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "validation_failed on limit or cursor")))]
pub async fn odds_history(
    _: Authorized<Traders>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<OddsHistoryQuery>,
) -> ApiResult<Json<OddsHistory>> {
    let id = id_or_404(&id)?;
    let limit = q.limit.unwrap_or(engine::sportsbook::MAX_ODDS_HISTORY_PAGE);
    if !(1..=engine::sportsbook::MAX_ODDS_HISTORY_PAGE).contains(&limit) {
        return Err(ApiError::validation("limit", "Use 1 to 200."));
    }
    let cursor = q.cursor.as_deref().filter(|c| !c.is_empty());
    Ok(Json(
        state
            .engine
            .sportsbook()
            .odds_history(id, limit, cursor)
            .await?,
    ))
}

/// `PUT /admin/selections/{id}/limits` (trader).
#[utoipa::path(put, path = "/api/v1/admin/selections/{id}/limits", tag = "sportsbook",
    params(("id" = Uuid, Path, description = "Selection id")), request_body = SelectionLimitsBody,
    security(("bearer" = [])),
    responses((status = 200, body = Selection), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn selection_limits(
    caller: Authorized<Traders>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SelectionLimitsBody>,
) -> ApiResult<Json<Selection>> {
    let actor = &caller.0;
    let id = id_or_404(&id)?;
    let limits = SelectionLimits {
        max_stake: parse_decimal("max_stake", body.max_stake.as_deref())?,
        liability_limit: parse_decimal("liability_limit", body.liability_limit.as_deref())?,
    };
    Ok(Json(
        state
            .engine
            .sportsbook()
            .set_selection_limits(actor, id, limits)
            .await?,
    ))
}

/// `POST /admin/markets/{id}/suspend` (trader).
#[utoipa::path(post, path = "/api/v1/admin/markets/{id}/suspend", tag = "sportsbook",
    params(("id" = Uuid, Path, description = "Market id")), security(("bearer" = [])),
    responses((status = 200, body = Market), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn suspend_market(
    caller: Authorized<Traders>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Market>> {
    let actor = &caller.0;
    Ok(Json(
        state
            .engine
            .sportsbook()
            .suspend_market(actor, id_or_404(&id)?)
            .await?,
    ))
}

/// `POST /admin/markets/{id}/resume` (trader).
#[utoipa::path(post, path = "/api/v1/admin/markets/{id}/resume", tag = "sportsbook",
    params(("id" = Uuid, Path, description = "Market id")), security(("bearer" = [])),
    responses((status = 200, body = Market), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn resume_market(
    caller: Authorized<Traders>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Market>> {
    let actor = &caller.0;
    Ok(Json(
        state
            .engine
            .sportsbook()
            .resume_market(actor, id_or_404(&id)?)
            .await?,
    ))
}

/// `PUT /admin/markets/{id}/limits` (trader).
#[utoipa::path(put, path = "/api/v1/admin/markets/{id}/limits", tag = "sportsbook",
    params(("id" = Uuid, Path, description = "Market id")), request_body = MarketLimitsBody,
    security(("bearer" = [])),
    responses((status = 200, body = Market), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn market_limits(
    caller: Authorized<Traders>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MarketLimitsBody>,
) -> ApiResult<Json<Market>> {
    let actor = &caller.0;
    let id = id_or_404(&id)?;
    let limits = MarketLimits {
        max_stake: parse_decimal("max_stake", body.max_stake.as_deref())?,
        liability_limit: parse_decimal("liability_limit", body.liability_limit.as_deref())?,
        auto_suspend: body.auto_suspend,
    };
    Ok(Json(
        state
            .engine
            .sportsbook()
            .set_market_limits(actor, id, limits)
            .await?,
    ))
}

/// `GET /admin/markets/{id}/risk` (trader): stakes, potential payout and
/// liability per selection.
#[utoipa::path(get, path = "/api/v1/admin/markets/{id}/risk", tag = "sportsbook",
    params(("id" = Uuid, Path, description = "Market id")), security(("bearer" = [])),
    responses((status = 200, body = MarketRisk), (status = 404, body = ErrorBody)))]
pub async fn market_risk(
    caller: Authorized<Traders>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<MarketRisk>> {
    let actor = &caller.0;
    Ok(Json(
        state
            .engine
            .sportsbook()
            .market_risk(actor, id_or_404(&id)?)
            .await?,
    ))
}

/// `PUT /admin/teaser-tables/{points}` (trader): sets a teaser table.
#[utoipa::path(put, path = "/api/v1/admin/teaser-tables/{points}", tag = "sportsbook",
    params(("points" = String, Path, description = "Teaser points, e.g. 6")),
    request_body = TeaserTableBody, security(("bearer" = [])),
    responses((status = 200, body = TeaserPrices), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn set_teaser_table(
    caller: Authorized<Traders>,
    State(state): State<AppState>,
    Path(points): Path<String>,
    ApiJson(body): ApiJson<TeaserTableBody>,
) -> ApiResult<Json<TeaserPrices>> {
    let actor = &caller.0;
    let points: Decimal = points
        .trim()
        .parse()
        .map_err(|_| ApiError::validation("points", "Give the points, e.g. 6 or 6.5."))?;
    let mut prices = BTreeMap::new();
    for (legs, odds) in &body.prices {
        let legs: usize = legs
            .parse()
            .map_err(|_| ApiError::validation("prices", "Keys are numbers of legs."))?;
        prices.insert(legs, parse_odds("prices", odds)?);
    }
    let table = TeaserTable::new(points, prices)
        .map_err(|e| ApiError::validation("prices", &e.to_string()))?;
    let table = state
        .engine
        .sportsbook()
        .set_teaser_table(actor, table)
        .await?;
    Ok(Json(teaser_response(&table)))
}
