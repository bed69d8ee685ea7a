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

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Utc};
use domain::api::sportsbook::{
    Bet, BetsPage, CashOutQuote, Event, EventStatus, Events, FeedResult, Market, MarketRisk,
    OddsHistory, Resettled, Selection, Settled, TeaserPrices, TeaserTables,
};
use domain::betting::{BetKind, LegOutcome, Odds, TeaserTable};
use domain::money::Money;
use engine::sportsbook::{
    BetFilter, BetRequest, Decimal, EventChange, LegRequest, MarketLimits, NewEvent, NewMarket,
    NewSelection, OddsSource, Outcome, SelectionLimits, Settlement, SportsbookError, parse_policy,
};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{ApiJson, ApiQuery, Authorized, Caller, Players, Traders};
use super::wallet::idempotency;
use crate::state::AppState;

impl From<SportsbookError> for ApiError {
    fn from(e: SportsbookError) -> Self {
        let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
        match e {
            SportsbookError::NotFound => ApiError::not_found(),
            SportsbookError::Forbidden => ApiError::forbidden(),
            SportsbookError::Validation { field, message } => {
                ApiError::validation(&field, &message)
            }
            SportsbookError::SelectionUnavailable { selection_id } => ApiError::new(
                unprocessable,
                "selection_unavailable",
                "This selection is not available for betting now.",
            )
            .with_details(json!({ "selection_id": selection_id })),
            SportsbookError::RelatedSelections { selection_ids } => ApiError::new(
                unprocessable,
                "related_selections",
                "Two legs of one event cannot be combined in one bet.",
            )
            .with_details(json!({ "selection_ids": selection_ids })),
            SportsbookError::OddsChanged { legs } => ApiError::new(
                StatusCode::CONFLICT,
                "odds_changed",
                "The odds changed; check the current odds and try again.",
            )
            .with_details(json!({
                "legs": legs.iter().map(|(id, odds)| json!({
                    "selection_id": id, "odds": odds.to_string()
                })).collect::<Vec<_>>()
            })),
            SportsbookError::StakeLimitExceeded {
                selection_id,
                max_stake,
            } => ApiError::new(
                unprocessable,
                "stake_limit_exceeded",
                format!("The most you can stake on this selection is {max_stake}."),
            )
            .with_details(json!({ "selection_id": selection_id, "max_stake": max_stake })),
            SportsbookError::ExposureLimitExceeded { selection_id } => ApiError::new(
                unprocessable,
                "exposure_limit_exceeded",
                "This bet would exceed what we accept on this selection.",
            )
            .with_details(json!({ "selection_id": selection_id })),
            SportsbookError::AlreadySettled => ApiError::new(
                StatusCode::CONFLICT,
                "already_settled",
                "This market is settled already.",
            ),
            SportsbookError::NotSettled => ApiError::new(
                StatusCode::CONFLICT,
                "not_settled",
                "This market is not settled yet.",
            ),
            SportsbookError::CashOutUnavailable { reason } => ApiError::new(
                StatusCode::CONFLICT,
                "cash_out_unavailable",
                cash_out_refusal(reason),
            )
            .with_details(json!({ "reason": reason })),
            SportsbookError::CashOutChanged { quote, expired } => {
                let (code, message) = if expired {
                    (
                        "quote_expired",
                        "The cash-out offer expired; here is the current one.",
                    )
                } else {
                    (
                        "odds_changed",
                        "The odds changed since the cash-out offer; here is the current one.",
                    )
                };
                ApiError::new(StatusCode::CONFLICT, code, message)
                    .with_details(json!({ "quote": quote }))
            }
            SportsbookError::Compliance(e) => e.into(),
            SportsbookError::Wallet(e) => super::wallet::stake_error(e),
            SportsbookError::Unexpected(e) => ApiError::internal(&format!("{e:#}")),
        }
    }
}

/// Why a bet cannot be cashed out, for people.
fn cash_out_refusal(reason: &str) -> &'static str {
    use engine::sportsbook::cashout::reason;
    match reason {
        reason::NOT_OPEN => "This bet is settled or cashed out already.",
        reason::BET_KIND => "Only singles and accumulators can be cashed out.",
        reason::LEG_LOST => "A leg of this bet did not win.",
        reason::SUSPENDED => {
            "Cash-out is suspended while a market of this bet is closed for betting."
        }
        reason::NO_OPEN_LEG => "Every leg of this bet is settled; it is being paid.",
        _ => "This bet cannot be cashed out now.",
    }
}

/// Accepting a cash-out quote.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CashOutBody {
    /// `quote_id` of the quote accepted.
    pub quote_id: String,
}

// ---- Requests.

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
    /// Stake per line.
    pub unit_stake: String,
    /// Legs.
    pub legs: Vec<LegBody>,
    /// `reject` (default), `accept_higher` or `accept_any`.
    pub odds_change: Option<String>,
}

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

/// One selection's result.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeBody {
    /// Selection id.
    pub selection_id: String,
    /// `win`, `lose`, `void`, `push`, `half_win` or `half_lose`.
    pub result: String,
    /// Dead-heat factor of a win, e.g. `"0.5"`.
    pub dead_heat_factor: Option<String>,
    /// Rule 4 deduction of a win, e.g. `"0.15"`.
    pub rule4_deduction: Option<String>,
}

/// A final score.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreBody {
    /// Home score.
    pub home: u32,
    /// Away score.
    pub away: u32,
}

/// Results: `outcomes` naming every selection once, or (line markets) `score`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettleBody {
    /// Every selection's result.
    pub outcomes: Option<Vec<OutcomeBody>>,
    /// The final score.
    pub score: Option<ScoreBody>,
}

/// Why a market is void.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoidBody {
    /// The reason, 1–500 characters.
    pub reason: String,
}

/// A teaser table's prices.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeaserTableBody {
    /// Decimal odds by number of legs, e.g. `{"2": "1.91", "3": "2.80"}`.
    pub prices: BTreeMap<String, String>,
}

// ---- Parsing helpers.

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

fn settlement_of(body: SettleBody) -> ApiResult<Settlement> {
    match (body.outcomes, body.score) {
        (Some(outcomes), None) => {
            let mut out = Vec::with_capacity(outcomes.len());
            for o in outcomes {
                let selection_id = Uuid::parse_str(o.selection_id.trim()).map_err(|_| {
                    ApiError::validation("outcomes.selection_id", "Unknown selection.")
                })?;
                let result = o.result.parse().map_err(|_| {
                    ApiError::validation(
                        "outcomes.result",
                        "Use win, lose, void, push, half_win or half_lose.",
                    )
                })?;
                let outcome = LegOutcome::new(
                    result,
                    parse_decimal("outcomes.dead_heat_factor", o.dead_heat_factor.as_deref())?,
                    parse_decimal("outcomes.rule4_deduction", o.rule4_deduction.as_deref())?,
                )
                .map_err(|e| ApiError::validation("outcomes", &e.to_string()))?;
                out.push(Outcome {
                    selection_id,
                    outcome,
                });
            }
            Ok(Settlement::Outcomes(out))
        }
        (None, Some(score)) => Ok(Settlement::Score {
            home: score.home,
            away: score.away,
        }),
        _ => Err(ApiError::validation(
            "outcomes",
            "Give either outcomes or a score.",
        )),
    }
}

fn teaser_response(table: &TeaserTable) -> TeaserPrices {
    TeaserPrices {
        points: table.points().normalize().to_string(),
        prices: table
            .prices()
            .iter()
            .map(|(legs, odds)| (legs.to_string(), odds.to_string()))
            .collect(),
    }
}

// ---- Public catalog.

/// Catalog filter.
#[derive(Deserialize, IntoParams)]
pub struct EventsQuery {
    /// Only this sport (by name).
    pub sport: Option<String>,
}

/// `GET /events`: events to come and in play, with markets and selections.
#[utoipa::path(get, path = "/api/v1/events", tag = "sportsbook", params(EventsQuery),
    responses((status = 200, body = Events)))]
pub async fn events(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<EventsQuery>,
) -> ApiResult<Json<Events>> {
    let items = state.engine.sportsbook().events(q.sport.as_deref()).await?;
    Ok(Json(Events { items }))
}

/// `GET /events/{id}`: one event.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "sportsbook",
    params(("id" = Uuid, Path, description = "Event id")),
    responses((status = 200, body = Event), (status = 404, body = ErrorBody)))]
pub async fn event(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Event>> {
    Ok(Json(
        state.engine.sportsbook().event(id_or_404(&id)?).await?,
    ))
}

/// `GET /teaser-tables`: the teaser tables in force.
#[utoipa::path(get, path = "/api/v1/teaser-tables", tag = "sportsbook",
    responses((status = 200, body = TeaserTables)))]
pub async fn teaser_tables(State(state): State<AppState>) -> ApiResult<Json<TeaserTables>> {
    let tables = state.engine.sportsbook().teaser_tables().await?;
    Ok(Json(TeaserTables {
        items: tables.iter().map(teaser_response).collect(),
    }))
}

// ---- Players.

/// `POST /bets` (player): places a bet.
#[utoipa::path(post, path = "/api/v1/bets", tag = "sportsbook", request_body = PlaceBetBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "1–255 characters; a replay answers the same")),
    security(("bearer" = [])),
    responses((status = 201, body = Bet), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "self_excluded, forbidden"),
        (status = 409, body = ErrorBody, description = "odds_changed with details.legs"),
        (status = 422, body = ErrorBody, description = "validation_failed, insufficient_funds, selection_unavailable, related_selections, stake_limit_exceeded, exposure_limit_exceeded, wager_limit_exceeded, loss_limit_exceeded, idempotency_key_reused")))]
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
    let unit_stake = Money::parse_positive(body.unit_stake.trim(), currency)
        .map_err(|e| ApiError::validation("unit_stake", &e.to_string()))?;
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
    let placed = state
        .engine
        .sportsbook()
        .place_bet(
            principal,
            &BetRequest {
                kind,
                teaser_points,
                unit_stake,
                legs,
                odds_change,
            },
            idem.as_ref(),
        )
        .await?;
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

// ---- Traders.

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

/// `POST /admin/markets/{id}/settle` (trader): by outcomes or, for line
/// markets, by score; pays every bet whose legs are all settled.
#[utoipa::path(post, path = "/api/v1/admin/markets/{id}/settle", tag = "sportsbook",
    params(("id" = Uuid, Path, description = "Market id")), request_body = SettleBody,
    security(("bearer" = [])),
    responses((status = 200, body = Settled), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "already_settled"),
        (status = 422, body = ErrorBody)))]
pub async fn settle_market(
    caller: Authorized<Traders>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SettleBody>,
) -> ApiResult<Json<Settled>> {
    let actor = &caller.0;
    let id = id_or_404(&id)?;
    let settlement = settlement_of(body)?;
    let report = state
        .engine
        .sportsbook()
        .settle_market(actor, id, &settlement)
        .await?;
    Ok(Json(Settled {
        market_id: report.market_id,
        settled_bets: report.bets,
    }))
}

/// `POST /admin/markets/{id}/resettle` (trader): reverses earlier payouts
/// with new ledger entries and applies the new result.
#[utoipa::path(post, path = "/api/v1/admin/markets/{id}/resettle", tag = "sportsbook",
    params(("id" = Uuid, Path, description = "Market id")), request_body = SettleBody,
    security(("bearer" = [])),
    responses((status = 200, body = Resettled), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "not_settled"),
        (status = 422, body = ErrorBody)))]
pub async fn resettle_market(
    caller: Authorized<Traders>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SettleBody>,
) -> ApiResult<Json<Resettled>> {
    let actor = &caller.0;
    let id = id_or_404(&id)?;
    let settlement = settlement_of(body)?;
    let report = state
        .engine
        .sportsbook()
        .resettle_market(actor, id, &settlement)
        .await?;
    Ok(Json(Resettled {
        market_id: report.market_id,
        resettled_bets: report.bets,
    }))
}

/// `POST /admin/markets/{id}/void` (trader): voids every leg on the market.
#[utoipa::path(post, path = "/api/v1/admin/markets/{id}/void", tag = "sportsbook",
    params(("id" = Uuid, Path, description = "Market id")), request_body = VoidBody,
    security(("bearer" = [])),
    responses((status = 200, body = Settled), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn void_market(
    caller: Authorized<Traders>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<VoidBody>,
) -> ApiResult<Json<Settled>> {
    let actor = &caller.0;
    let id = id_or_404(&id)?;
    let report = state
        .engine
        .sportsbook()
        .void_market(actor, id, &body.reason)
        .await?;
    Ok(Json(Settled {
        market_id: report.market_id,
        settled_bets: report.bets,
    }))
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
