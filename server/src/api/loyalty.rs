//! Loyalty (API.md "Loyalty"): the player's points, tier, history, store
//! and card; the programme and the store's items for VIP managers.
//!
//! Roles: players for `/loyalty*` (their own only); `vip_manager` and admin
//! for `/admin/loyalty/*`. Errors: 422 `validation_failed` naming the field
//! (`tiers[1].threshold`), 422 `insufficient_points`, 409 `out_of_stock`,
//! 403 `tier_required`, `self_excluded`, `kyc_required`.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use domain::api::loyalty::{
    CardIssued, LoyaltyStatus, LoyaltyTransactionList, ProgrammeSpec, ProgrammeView, RedeemBody,
    Redemption, StoreItem, StoreItemList, StoreItemSpec,
};
use engine::loyalty::{DEFAULT_LIMIT, LoyaltyError, MAX_LIMIT};
use engine::paging::{CURSOR_FIELD, Cursor, LIMIT_FIELD, checked_limit};
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{ApiJson, ApiQuery, Authorized, Players};
use super::vip::VipTeam;
use super::wallet::IDEMPOTENCY_HEADER;
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/loyalty", get(status))
        .route("/loyalty/transactions", get(transactions))
        .route("/loyalty/rewards", get(rewards))
        .route("/loyalty/redemptions", post(redeem))
        .route("/loyalty/card", post(card))
        .route(
            "/admin/loyalty/programme",
            get(programme).put(set_programme),
        )
        .route("/admin/loyalty/rewards", post(create_item).get(items_admin))
}

/// The player's points, coins, tier, progress to the next tier and card.
#[utoipa::path(get, path = "/api/v1/loyalty", tag = "loyalty",
    responses((status = 200, body = LoyaltyStatus)),
    security(("bearer" = [])))]
pub async fn status(
    caller: Authorized<Players>,
    State(state): State<AppState>,
) -> ApiResult<Json<LoyaltyStatus>> {
    Ok(Json(state.engine.loyalty().status(caller.0.user_id).await?))
}

/// `GET /loyalty/transactions`.
#[derive(Deserialize, IntoParams)]
pub struct TransactionsQuery {
    /// Entries, 1 to 100 (default 20).
    pub limit: Option<u64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The player's points and coins entries, newest first.
#[utoipa::path(get, path = "/api/v1/loyalty/transactions", tag = "loyalty",
    params(TransactionsQuery),
    responses((status = 200, body = LoyaltyTransactionList),
              (status = 422, body = ErrorBody, description = "validation_failed on limit or cursor")),
    security(("bearer" = [])))]
pub async fn transactions(
    caller: Authorized<Players>,
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<TransactionsQuery>,
) -> ApiResult<Json<LoyaltyTransactionList>> {
    let limit = checked_limit(q.limit, DEFAULT_LIMIT, MAX_LIMIT)
        .map_err(|e| ApiError::validation(LIMIT_FIELD, &e.to_string()))?;
    let cursor = Cursor::decode_opt(q.cursor.as_deref())
        .map_err(|e| ApiError::validation(CURSOR_FIELD, &e.to_string()))?;
    Ok(Json(
        state
            .engine
            .loyalty()
            .transactions(caller.0.user_id, cursor, limit)
            .await?,
    ))
}

/// The store's items on offer.
#[utoipa::path(get, path = "/api/v1/loyalty/rewards", tag = "loyalty",
    responses((status = 200, body = StoreItemList)),
    security(("bearer" = [])))]
pub async fn rewards(
    _caller: Authorized<Players>,
    State(state): State<AppState>,
) -> ApiResult<Json<StoreItemList>> {
    Ok(Json(state.engine.loyalty().items(false).await?))
}

/// Redeems a store item, once per `Idempotency-Key` (required).
#[utoipa::path(post, path = "/api/v1/loyalty/redemptions", tag = "loyalty",
    request_body = RedeemBody,
    params(("Idempotency-Key" = String, Header, description = "1–200 characters; the same key answers the same redemption")),
    responses((status = 201, body = Redemption), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "insufficient_points, or validation_failed (no Idempotency-Key)"),
              (status = 409, body = ErrorBody, description = "out_of_stock"),
              (status = 403, body = ErrorBody, description = "tier_required, self_excluded")),
    security(("bearer" = [])))]
pub async fn redeem(
    caller: Authorized<Players>,
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<RedeemBody>,
) -> ApiResult<(StatusCode, Json<Redemption>)> {
    let key = headers
        .get(IDEMPOTENCY_HEADER)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            ApiError::validation("Idempotency-Key", "Send an Idempotency-Key header.")
        })?;
    let redemption = state
        .engine
        .loyalty()
        .redeem(caller.0.user_id, body.reward_id, key)
        .await?;
    Ok((StatusCode::CREATED, Json(redemption)))
}

/// The player's loyalty card, issued on the first call.
#[utoipa::path(post, path = "/api/v1/loyalty/card", tag = "loyalty",
    responses((status = 201, body = CardIssued),
              (status = 403, body = ErrorBody, description = "kyc_required")),
    security(("bearer" = [])))]
pub async fn card(
    caller: Authorized<Players>,
    State(state): State<AppState>,
) -> ApiResult<(StatusCode, Json<CardIssued>)> {
    let card_number = state.engine.loyalty().issue_card(caller.0.user_id).await?;
    Ok((StatusCode::CREATED, Json(CardIssued { card_number })))
}

/// The current programme (404 until one is set).
#[utoipa::path(get, path = "/api/v1/admin/loyalty/programme", tag = "loyalty",
    responses((status = 200, body = ProgrammeView), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn programme(
    _caller: Authorized<VipTeam>,
    State(state): State<AppState>,
) -> ApiResult<Json<ProgrammeView>> {
    state
        .engine
        .loyalty()
        .programme_view()
        .await?
        .map(Json)
        .ok_or_else(ApiError::not_found)
}

/// Replaces the programme.
#[utoipa::path(put, path = "/api/v1/admin/loyalty/programme", tag = "loyalty",
    request_body = ProgrammeSpec,
    responses((status = 200, body = ProgrammeView),
              (status = 422, body = ErrorBody, description = "validation_failed naming each field")),
    security(("bearer" = [])))]
pub async fn set_programme(
    caller: Authorized<VipTeam>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<ProgrammeSpec>,
) -> ApiResult<Json<ProgrammeView>> {
    Ok(Json(
        state
            .engine
            .loyalty()
            .set_programme(&body, caller.0.user_id)
            .await?,
    ))
}

/// Adds an item to the store.
#[utoipa::path(post, path = "/api/v1/admin/loyalty/rewards", tag = "loyalty",
    request_body = StoreItemSpec,
    responses((status = 201, body = StoreItem),
              (status = 422, body = ErrorBody, description = "validation_failed naming each field")),
    security(("bearer" = [])))]
pub async fn create_item(
    caller: Authorized<VipTeam>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<StoreItemSpec>,
) -> ApiResult<(StatusCode, Json<StoreItem>)> {
    let item = state
        .engine
        .loyalty()
        .create_item(&body, caller.0.user_id)
        .await?;
    Ok((StatusCode::CREATED, Json(item)))
}

/// Every store item, inactive ones included.
#[utoipa::path(get, path = "/api/v1/admin/loyalty/rewards", tag = "loyalty",
    responses((status = 200, body = StoreItemList)),
    security(("bearer" = [])))]
pub async fn items_admin(
    _caller: Authorized<VipTeam>,
    State(state): State<AppState>,
) -> ApiResult<Json<StoreItemList>> {
    Ok(Json(state.engine.loyalty().items(true).await?))
}

impl From<LoyaltyError> for ApiError {
    fn from(e: LoyaltyError) -> Self {
        match e {
            LoyaltyError::Validation(fields) => {
                ApiError::validation_fields(fields.into_iter().map(|f| (f.field, f.message)))
            }
            LoyaltyError::InsufficientPoints => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "insufficient_points",
                "Not enough points or coins.",
            ),
            LoyaltyError::OutOfStock => ApiError::new(
                StatusCode::CONFLICT,
                "out_of_stock",
                "This reward is out of stock.",
            ),
            LoyaltyError::TierRequired(tier) => ApiError::new(
                StatusCode::FORBIDDEN,
                "tier_required",
                format!("This reward needs the tier {tier}."),
            )
            .with_details(json!({ "tier": tier })),
            LoyaltyError::SelfExcluded => ApiError::new(
                StatusCode::FORBIDDEN,
                "self_excluded",
                "A time-out or self-exclusion is in force.",
            ),
            LoyaltyError::KycRequired => ApiError::new(
                StatusCode::FORBIDDEN,
                "kyc_required",
                "Verify your identity to get a loyalty card.",
            ),
            LoyaltyError::NotFound => ApiError::not_found(),
            LoyaltyError::Unexpected(e) => ApiError::internal(&format!("{e:#}")),
        }
    }
}
