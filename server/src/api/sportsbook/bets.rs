//! Players' bets: placing one (idempotent), listing and reading their own,
//! and cashing out (a quote, then accepting it, idempotent).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use domain::api::sportsbook::{Bet, BetsPage, CashOutQuote};
use domain::betting::BetKind;
use domain::money::Money;
use engine::sportsbook::{BetFilter, BetRequest, LegRequest, parse_policy};
use serde::Deserialize;
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{id_or_404, parse_body, parse_decimal, parse_odds};
use crate::api::error::{ApiError, ApiResult, ErrorBody};
use crate::api::extract::{ApiJson, ApiQuery, Authorized, Caller, Players};
use crate::api::wallet::idempotency;
use crate::state::AppState;

/// A leg of a bet.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LegBody {
    /// Selection id.
    pub selection_id: String,
    /// The odds you accept, e.g. `"2.00"` (not for teaser legs).
    pub odds: Option<String>,
}

/// A bet to place.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceBetBody {
    /// `single`, `accumulator`, `system` or `teaser`.
    pub kind: String,
    /// For systems: `trixie`, `patent`, `yankee`, `lucky15`, `canadian`, `lucky31`,
    /// `heinz`, `lucky63`, `super_heinz`, `goliath` or `K/N`.
    pub system: Option<String>,
    /// For teasers: the points, e.g. `"6"`.
    pub teaser_points: Option<String>,
    /// Stake per line; not with `free_bet_id`.
    pub unit_stake: Option<String>,
    /// Legs.
    pub legs: Vec<LegBody>,
    /// `reject` (default), `accept_higher` or `accept_any`.
    pub odds_change: Option<String>,
    /// A free bet bonus of yours, instead of `unit_stake` (`single` or
    /// `accumulator` only): the stake is its amount, paid by the house; a
    /// win pays the return less the stake. Odds below its `min_odds`, or a
    /// token used, expired or another player's → 422
    /// `free_bet_not_eligible`.
    pub free_bet_id: Option<String>,
}

/// Accepting a cash-out quote.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CashOutBody {
    /// `quote_id` of the quote accepted.
    pub quote_id: String,
}

/// `POST /bets` (player): places a bet.
#[utoipa::path(post, path = "/api/v1/bets", tag = "sportsbook", request_body = PlaceBetBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "1–255 characters; a replay answers the same")),
    security(("bearer" = [])),
    responses((status = 201, body = Bet), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "self_excluded, forbidden"),
        (status = 409, body = ErrorBody, description = "odds_changed with details.legs"),
        (status = 422, body = ErrorBody, description = "validation_failed, insufficient_funds, selection_unavailable, related_selections, stake_limit_exceeded, exposure_limit_exceeded, wager_limit_exceeded, loss_limit_exceeded, idempotency_key_reused, free_bet_not_eligible")))]
pub async fn place_bet(
    caller: Authorized<Players>,
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(raw): ApiJson<Value>,
) -> ApiResult<(StatusCode, Json<Bet>)> {
    let principal = &caller.0;
    let body: PlaceBetBody = parse_body(&raw)?;
    let idem = idempotency(
        &headers,
        principal.user_id,
        "POST",
        "/api/v1/bets",
        &raw,
        StatusCode::CREATED,
    )?;
    let kind = BetKind::from_parts(&body.kind, body.system.as_deref()).map_err(|_| {
        ApiError::validation(
            "kind",
            "Use single, accumulator, teaser, or system with a system type.",
        )
    })?;
    let currency = state.engine.wallet().currency(principal.user_id).await?;
    let free_bet_id = match (&body.free_bet_id, &body.unit_stake) {
        (Some(_), Some(_)) => {
            return Err(ApiError::validation(
                "unit_stake",
                "Give a unit_stake or a free_bet_id, not both.",
            ));
        }
        (Some(id), None) => Some(
            Uuid::parse_str(id.trim())
                .map_err(|_| ApiError::validation("free_bet_id", "Give a bonus id."))?,
        ),
        (None, _) => None,
    };
    // A free bet's stake is its amount (set by the engine).
    let unit_stake = match (&free_bet_id, &body.unit_stake) {
        (Some(_), _) => Money::zero(currency),
        // As when the field was required of every bet.
        (None, None) => {
            return Err(ApiError::bad_request(
                "Malformed body: missing field `unit_stake`",
            ));
        }
        (None, Some(raw)) => Money::parse_positive(raw.trim(), currency)
            .map_err(|e| ApiError::validation("unit_stake", &e.to_string()))?,
    };
    let teaser_points = parse_decimal("teaser_points", body.teaser_points.as_deref())?;
    let odds_change = parse_policy(body.odds_change.as_deref().unwrap_or("reject"))?;
    let mut legs = Vec::with_capacity(body.legs.len());
    for leg in &body.legs {
        let selection_id = Uuid::parse_str(leg.selection_id.trim())
            .map_err(|_| ApiError::validation("legs.selection_id", "Unknown selection."))?;
        let odds = match (&leg.odds, kind) {
            (_, BetKind::Teaser) | (None, _) => None,
            (Some(raw), _) => Some(parse_odds("legs.odds", raw)?),
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
    let sportsbook = state.engine.sportsbook();
    let placed = match free_bet_id {
        Some(id) => {
            sportsbook
                .place_free_bet(principal, &request, id, idem.as_ref())
                .await?
        }
        None => {
            sportsbook
                .place_bet(principal, &request, idem.as_ref())
                .await?
        }
    };
    Ok((StatusCode::CREATED, Json(placed.value)))
}

/// Which bets, and which page.
#[derive(Deserialize, IntoParams)]
pub struct BetsQuery {
    /// `open` or `settled`; all when absent.
    pub status: Option<String>,
    /// Bets per page, 1–100, default 50.
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page (absent: the newest bets). A
    /// malformed cursor → 422 `validation_failed` on `cursor`.
    pub cursor: Option<String>,
}

/// `GET /bets` (player): one page of the caller's bets, newest first;
/// `next_cursor` (null on the last page) fetches the next, older one.
#[utoipa::path(get, path = "/api/v1/bets", tag = "sportsbook", params(BetsQuery),
    security(("bearer" = [])),
    responses((status = 200, body = BetsPage), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "validation_failed on status, limit or cursor")))]
pub async fn bets(
    caller: Caller,
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<BetsQuery>,
) -> ApiResult<Json<BetsPage>> {
    let filter = match q.status.as_deref() {
        None | Some("") => BetFilter::All,
        Some("open") => BetFilter::Open,
        Some("settled") => BetFilter::Settled,
        Some(_) => return Err(ApiError::validation("status", "Use open or settled.")),
    };
    let limit = q.limit.unwrap_or(50);
    if !(1..=engine::sportsbook::MAX_BETS_PAGE).contains(&limit) {
        return Err(ApiError::validation("limit", "Use 1 to 100."));
    }
    let cursor = q.cursor.as_deref().filter(|c| !c.is_empty());
    Ok(Json(
        state
            .engine
            .sportsbook()
            .bets(&caller.0, filter, limit, cursor)
            .await?,
    ))
}

/// `GET /bets/{id}`: one of the caller's bets (404 for another player's).
#[utoipa::path(get, path = "/api/v1/bets/{id}", tag = "sportsbook",
    params(("id" = Uuid, Path, description = "Bet id")), security(("bearer" = [])),
    responses((status = 200, body = Bet), (status = 404, body = ErrorBody)))]
pub async fn bet(
    caller: Caller,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Bet>> {
    Ok(Json(
        state
            .engine
            .sportsbook()
            .bet(&caller.0, id_or_404(&id)?)
            .await?,
    ))
}

/// `GET /bets/{id}/cash-out` (player): what the bet cashes out for now.
#[utoipa::path(get, path = "/api/v1/bets/{id}/cash-out", tag = "sportsbook",
    params(("id" = Uuid, Path, description = "Bet id")), security(("bearer" = [])),
    responses((status = 200, body = CashOutQuote), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "forbidden: not a player"),
        (status = 404, body = ErrorBody, description = "unknown bet or another player's"),
        (status = 409, body = ErrorBody, description = "cash_out_unavailable with details.reason")))]
pub async fn cash_out_quote(
    caller: Authorized<Players>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<CashOutQuote>> {
    let principal = &caller.0;
    Ok(Json(
        state
            .engine
            .sportsbook()
            .cash_out_quote(principal, id_or_404(&id)?)
            .await?,
    ))
}

/// `POST /bets/{id}/cash-out` (player): accepts a cash-out quote; answers
/// the bet, settled with `cashed_out: true` and the amount as `return`.
#[utoipa::path(post, path = "/api/v1/bets/{id}/cash-out", tag = "sportsbook",
    request_body = CashOutBody,
    params(("id" = Uuid, Path, description = "Bet id"),
        ("Idempotency-Key" = Option<String>, Header, description = "1–255 characters; a replay answers the same")),
    security(("bearer" = [])),
    responses((status = 200, body = Bet), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "forbidden: not a player"),
        (status = 404, body = ErrorBody, description = "unknown bet or another player's"),
        (status = 409, body = ErrorBody, description = "odds_changed or quote_expired with details.quote (the current quote), cash_out_unavailable with details.reason"),
        (status = 422, body = ErrorBody, description = "validation_failed, idempotency_key_reused")))]
pub async fn cash_out(
    caller: Authorized<Players>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(raw): ApiJson<Value>,
) -> ApiResult<Json<Bet>> {
    let principal = &caller.0;
    let bet_id = id_or_404(&id)?;
    let body: CashOutBody = parse_body(&raw)?;
    let idem = idempotency(
        &headers,
        principal.user_id,
        "POST",
        &format!("/api/v1/bets/{bet_id}/cash-out"),
        &raw,
        StatusCode::OK,
    )?;
    let done = state
        .engine
        .sportsbook()
        .cash_out(principal, bet_id, &body.quote_id, idem.as_ref())
        .await?;
    Ok(Json(done.value))
}
