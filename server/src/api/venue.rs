//! Physical casino venues (API.md "Venue API"): the admin endpoints that
//! issue and disable venue keys under `/api/v1/admin/venues`, and the
//! venue API itself under `/api/venue/v1`.
//!
//! Rules:
//! - Admin endpoints: admin only (`Authorized<Admins>`, checked before the
//!   body is parsed); the secret is in the creation answer and nowhere
//!   else.
//! - Venue endpoints: [`authenticate`] runs before any handler. It reads
//!   the raw body (at most [`MAX_BODY_BYTES`], else 413), checks the
//!   `X-Venue-*` headers and the HMAC over the exact bytes received, and
//!   records the nonce; every refusal is 401 `invalid_signature` and
//!   records nothing. Only then is the body parsed as JSON (400 when it is
//!   not) and validated (422 naming the field).
//! - The authenticated venue reaches the handlers as a request extension;
//!   no handler can be reached without it.

use axum::Json;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Extension, middleware};
use engine::venues::ops::{
    CardLookup, CardView, PlayAnswer, RedemptionAnswer, VenueOpError, VenuePlay, VenueRedemption,
};
use engine::venues::{
    AuthenticatedVenue, Credentials, MAX_BODY_BYTES, NewVenue, Refused, VenueAdminError,
    VenueCreated, VenueList, VenueView, auth,
};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{Admins, ApiJson, Authorized};
use crate::state::AppState;

/// The admin routes, merged into `/api/v1`.
pub fn admin_routes() -> Router<AppState> {
    Router::new()
        .route("/admin/venues", post(create).get(list))
        .route("/admin/venues/{id}/disable", post(disable))
}

/// The venue API, nested at `/api/venue/v1`: every route behind
/// [`authenticate`].
pub fn venue_routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/cards/lookup", post(lookup))
        .route("/play", post(play))
        .route("/redemptions", post(redeem))
        .route_layer(middleware::from_fn_with_state(state, authenticate))
        .fallback(super::not_found)
}

/// 401 `invalid_signature`.
fn invalid_signature() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "invalid_signature",
        "The request's venue signature is missing, wrong, stale or replayed.",
    )
}

fn header(headers: &HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Authenticates a venue request before its handler (see the module's
/// rules) and hands the handler the venue and the body read.
pub async fn authenticate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "The request body is too large.",
        )
        .into_response();
    };
    let credentials = Credentials {
        venue_id: header(&parts.headers, auth::HEADER_VENUE_ID),
        timestamp: header(&parts.headers, auth::HEADER_TIMESTAMP),
        nonce: header(&parts.headers, auth::HEADER_NONCE),
        signature: header(&parts.headers, auth::HEADER_SIGNATURE),
    };
    match state
        .engine
        .venues()
        .authenticate(&credentials, &bytes)
        .await
    {
        Ok(venue) => {
            let mut request = Request::from_parts(parts, Body::from(bytes));
            request.extensions_mut().insert(venue);
            next.run(request).await
        }
        Err(Refused::InvalidSignature) => invalid_signature().into_response(),
        Err(Refused::Db(e)) => ApiError::internal(&e).into_response(),
    }
}

/// The body as `T`; not JSON of that shape → 400 `bad_request`.
fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::bad_request(format!("Malformed JSON: {e}")))
}

/// Creates a venue and answers its secret, this once.
#[utoipa::path(post, path = "/api/v1/admin/venues", tag = "venues",
    request_body = NewVenue,
    responses((status = 201, body = VenueCreated), (status = 400, body = ErrorBody),
              (status = 422, description = "validation_failed", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(
    caller: Authorized<Admins>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<NewVenue>,
) -> ApiResult<(StatusCode, Json<VenueCreated>)> {
    let created = state
        .engine
        .venues()
        .create(&body, caller.0.user_id)
        .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Every venue, newest first, without secrets.
#[utoipa::path(get, path = "/api/v1/admin/venues", tag = "venues",
    responses((status = 200, body = VenueList)),
    security(("bearer" = [])))]
pub async fn list(
    _caller: Authorized<Admins>,
    State(state): State<AppState>,
) -> ApiResult<Json<VenueList>> {
    Ok(Json(state.engine.venues().list().await?))
}

/// Disables a venue: its requests are refused from now on.
#[utoipa::path(post, path = "/api/v1/admin/venues/{id}/disable", tag = "venues",
    params(("id" = Uuid, Path, description = "The venue")),
    responses((status = 200, body = VenueView), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn disable(
    caller: Authorized<Admins>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<VenueView>> {
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::not_found())?;
    Ok(Json(
        state.engine.venues().disable(id, caller.0.user_id).await?,
    ))
}

/// The card's holder, tier and points.
#[utoipa::path(post, path = "/api/venue/v1/cards/lookup", tag = "venues",
    params(VenueHeaders),
    request_body = CardLookup,
    responses((status = 200, body = CardView), (status = 400, body = ErrorBody),
              (status = 401, description = "invalid_signature", body = ErrorBody),
              (status = 404, description = "not_found", body = ErrorBody),
              (status = 413, description = "payload_too_large", body = ErrorBody),
              (status = 422, description = "validation_failed", body = ErrorBody)))]
pub async fn lookup(
    State(state): State<AppState>,
    Extension(venue): Extension<AuthenticatedVenue>,
    body: Bytes,
) -> ApiResult<Json<CardView>> {
    let body: CardLookup = parse(&body)?;
    Ok(Json(state.engine.venues().lookup(&venue, &body).await?))
}

/// Posts slot or table play on a card; a repeated `reference` answers the
/// same and has no second effect.
#[utoipa::path(post, path = "/api/venue/v1/play", tag = "venues",
    params(VenueHeaders),
    request_body = VenuePlay,
    responses((status = 200, body = PlayAnswer), (status = 400, body = ErrorBody),
              (status = 401, description = "invalid_signature", body = ErrorBody),
              (status = 404, description = "not_found", body = ErrorBody),
              (status = 413, description = "payload_too_large", body = ErrorBody),
              (status = 422, description = "validation_failed, idempotency_key_reused", body = ErrorBody)))]
pub async fn play(
    State(state): State<AppState>,
    Extension(venue): Extension<AuthenticatedVenue>,
    body: Bytes,
) -> ApiResult<Json<PlayAnswer>> {
    let body: VenuePlay = parse(&body)?;
    Ok(Json(state.engine.venues().play(&venue, &body).await?))
}

/// Spends points on a card; a repeated `reference` answers the same and
/// has no second effect.
#[utoipa::path(post, path = "/api/venue/v1/redemptions", tag = "venues",
    params(VenueHeaders),
    request_body = VenueRedemption,
    responses((status = 200, body = RedemptionAnswer), (status = 400, body = ErrorBody),
              (status = 401, description = "invalid_signature", body = ErrorBody),
              (status = 404, description = "not_found", body = ErrorBody),
              (status = 413, description = "payload_too_large", body = ErrorBody),
              (status = 422, description = "insufficient_points, validation_failed, idempotency_key_reused", body = ErrorBody)))]
pub async fn redeem(
    State(state): State<AppState>,
    Extension(venue): Extension<AuthenticatedVenue>,
    body: Bytes,
) -> ApiResult<Json<RedemptionAnswer>> {
    let body: VenueRedemption = parse(&body)?;
    Ok(Json(state.engine.venues().redeem(&venue, &body).await?))
}

/// The headers every venue request carries (for the OpenAPI document).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct VenueHeaders {
    /// The venue id issued by `POST /api/v1/admin/venues`.
    #[param(rename = "X-Venue-Id")]
    pub venue_id: Uuid,
    /// Unix seconds, at most 300 s from the server's clock.
    #[param(rename = "X-Venue-Timestamp")]
    pub timestamp: i64,
    /// 16–64 visible ASCII characters, never used twice by the venue.
    #[param(rename = "X-Venue-Nonce")]
    pub nonce: String,
    /// Lowercase hex HMAC-SHA256 (key: the secret's UTF-8 bytes) of
    /// `timestamp + "\n" + nonce + "\n" + raw body`.
    #[param(rename = "X-Venue-Signature")]
    pub signature: String,
}

impl From<VenueAdminError> for ApiError {
    fn from(e: VenueAdminError) -> Self {
        match e {
            VenueAdminError::Validation(fields) => {
                ApiError::validation_fields(fields.into_iter().map(|f| (f.field, f.message)))
            }
            VenueAdminError::NotFound => ApiError::not_found(),
            VenueAdminError::Db(e) => ApiError::internal(&e),
        }
    }
}

impl From<VenueOpError> for ApiError {
    fn from(e: VenueOpError) -> Self {
        match e {
            VenueOpError::Validation(fields) => {
                ApiError::validation_fields(fields.into_iter().map(|f| (f.field, f.message)))
            }
            VenueOpError::NotFound => ApiError::not_found(),
            VenueOpError::InsufficientPoints => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "insufficient_points",
                "The card's points do not cover this redemption.",
            ),
            VenueOpError::ReferenceReused => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                "This reference was used before with another request.",
            )
            .with_details(serde_json::json!({ "field": "reference" })),
            VenueOpError::Unexpected(e) => ApiError::internal(&format!("{e:#}")),
        }
    }
}
