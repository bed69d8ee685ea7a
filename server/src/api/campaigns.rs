//! Campaigns (API.md "Campaigns"): the marketing builder's endpoints, and
//! the player's promotions and opt-in.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use domain::api::engagement::{
    CampaignList, CampaignStats, CampaignView, Explanation, OptedIn, PeriodClosed, Preview,
    PromotionList,
};
use domain::campaign::CampaignSpec;
use engine::campaigns::CampaignError;
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;
use uuid::Uuid;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{ApiJson, ApiQuery, Authorized, MarketingTeam, Players};
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/campaigns", post(create).get(list))
        .route("/admin/campaigns/preview", post(preview))
        .route("/admin/campaigns/{id}", get(one))
        .route("/admin/campaigns/{id}/launch", post(launch))
        .route("/admin/campaigns/{id}/pause", post(pause))
        .route("/admin/campaigns/{id}/resume", post(resume))
        .route("/admin/campaigns/{id}/stop", post(stop))
        .route("/admin/campaigns/{id}/stats", get(stats))
        .route("/admin/campaigns/{id}/explain/{player_id}", get(explain))
        .route("/admin/campaigns/{id}/close-period", post(close_period))
        .route("/promotions", get(promotions))
        .route("/promotions/{id}/opt-in", post(opt_in))
}

fn id_of(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| ApiError::not_found())
}

/// Creates a draft campaign.
#[utoipa::path(post, path = "/api/v1/admin/campaigns", tag = "campaigns",
    request_body = CampaignSpec,
    responses((status = 201, body = CampaignView), (status = 400, body = ErrorBody),
              (status = 422, description = "validation_failed", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(
    caller: Authorized<MarketingTeam>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CampaignSpec>,
) -> ApiResult<(StatusCode, Json<CampaignView>)> {
    let created = state.engine.campaigns().create(&caller.0, &body).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// A page of the list.
#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 100.
    pub limit: Option<u64>,
}

/// Campaigns, newest first.
#[utoipa::path(get, path = "/api/v1/admin/campaigns", tag = "campaigns", params(ListQuery),
    responses((status = 200, body = CampaignList), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    _caller: Authorized<MarketingTeam>,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> ApiResult<Json<CampaignList>> {
    if query
        .limit
        .is_some_and(|l| !(1..=engine::campaigns::MAX_PAGE).contains(&l))
    {
        return Err(ApiError::validation(
            "limit",
            "Use a whole number from 1 to 100.",
        ));
    }
    Ok(Json(
        state
            .engine
            .campaigns()
            .list(query.cursor.as_deref(), query.limit)
            .await?,
    ))
}

/// One campaign.
#[utoipa::path(get, path = "/api/v1/admin/campaigns/{id}", tag = "campaigns",
    params(("id" = Uuid, Path, description = "The campaign")),
    responses((status = 200, body = CampaignView), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn one(
    _caller: Authorized<MarketingTeam>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<CampaignView>> {
    Ok(Json(state.engine.campaigns().get(id_of(&id)?).await?))
}

/// Launches a draft.
#[utoipa::path(post, path = "/api/v1/admin/campaigns/{id}/launch", tag = "campaigns",
    params(("id" = Uuid, Path, description = "The campaign")),
    responses((status = 200, body = CampaignView), (status = 404, body = ErrorBody),
              (status = 409, description = "invalid_state", body = ErrorBody),
              (status = 422, description = "compliance_violation", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn launch(
    caller: Authorized<MarketingTeam>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<CampaignView>> {
    Ok(Json(
        state
            .engine
            .campaigns()
            .launch(&caller.0, id_of(&id)?)
            .await?,
    ))
}

/// Pauses a live campaign.
#[utoipa::path(post, path = "/api/v1/admin/campaigns/{id}/pause", tag = "campaigns",
    params(("id" = Uuid, Path, description = "The campaign")),
    responses((status = 200, body = CampaignView), (status = 404, body = ErrorBody),
              (status = 409, description = "invalid_state", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn pause(
    caller: Authorized<MarketingTeam>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<CampaignView>> {
    Ok(Json(
        state
            .engine
            .campaigns()
            .pause(&caller.0, id_of(&id)?)
            .await?,
    ))
}

/// Resumes a paused campaign.
#[utoipa::path(post, path = "/api/v1/admin/campaigns/{id}/resume", tag = "campaigns",
    params(("id" = Uuid, Path, description = "The campaign")),
    responses((status = 200, body = CampaignView), (status = 404, body = ErrorBody),
              (status = 409, description = "invalid_state", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn resume(
    caller: Authorized<MarketingTeam>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<CampaignView>> {
    Ok(Json(
        state
            .engine
            .campaigns()
            .resume(&caller.0, id_of(&id)?)
            .await?,
    ))
}

/// Ends a campaign for good.
#[utoipa::path(post, path = "/api/v1/admin/campaigns/{id}/stop", tag = "campaigns",
    params(("id" = Uuid, Path, description = "The campaign")),
    responses((status = 200, body = CampaignView), (status = 404, body = ErrorBody),
              (status = 409, description = "invalid_state", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn stop(
    caller: Authorized<MarketingTeam>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<CampaignView>> {
    Ok(Json(
        state
            .engine
            .campaigns()
            .stop(&caller.0, id_of(&id)?)
            .await?,
    ))
}

/// How many players would qualify today for a campaign being built.
#[utoipa::path(post, path = "/api/v1/admin/campaigns/preview", tag = "campaigns",
    request_body = CampaignSpec,
    responses((status = 200, body = Preview), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn preview(
    _caller: Authorized<MarketingTeam>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CampaignSpec>,
) -> ApiResult<Json<Preview>> {
    Ok(Json(state.engine.campaigns().preview(&body).await?))
}

/// The campaign's live numbers, per variant.
#[utoipa::path(get, path = "/api/v1/admin/campaigns/{id}/stats", tag = "campaigns",
    params(("id" = Uuid, Path, description = "The campaign")),
    responses((status = 200, body = CampaignStats), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn stats(
    _caller: Authorized<MarketingTeam>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<CampaignStats>> {
    Ok(Json(state.engine.campaigns().stats(id_of(&id)?).await?))
}

/// Why a player would or would not be awarded now.
#[utoipa::path(get, path = "/api/v1/admin/campaigns/{id}/explain/{player_id}", tag = "campaigns",
    params(("id" = Uuid, Path, description = "The campaign"),
           ("player_id" = Uuid, Path, description = "The player")),
    responses((status = 200, body = Explanation), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn explain(
    _caller: Authorized<MarketingTeam>,
    State(state): State<AppState>,
    Path((id, player_id)): Path<(String, String)>,
) -> ApiResult<Json<Explanation>> {
    let (id, player) = (id_of(&id)?, id_of(&player_id)?);
    Ok(Json(state.engine.campaigns().explain(id, player).await?))
}

/// Pays a `period_end` campaign's running period and starts the next.
#[utoipa::path(post, path = "/api/v1/admin/campaigns/{id}/close-period", tag = "campaigns",
    params(("id" = Uuid, Path, description = "The campaign")),
    responses((status = 200, body = PeriodClosed), (status = 404, body = ErrorBody),
              (status = 409, description = "invalid_state", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn close_period(
    caller: Authorized<MarketingTeam>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<PeriodClosed>> {
    let closed = state
        .engine
        .campaigns()
        .close_period(Some(&caller.0), id_of(&id)?)
        .await?;
    state.engine.events().wake();
    Ok(Json(closed))
}

/// Live campaigns the caller may qualify for.
#[utoipa::path(get, path = "/api/v1/promotions", tag = "bonuses",
    responses((status = 200, body = PromotionList), (status = 401, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn promotions(
    caller: Authorized<Players>,
    State(state): State<AppState>,
) -> ApiResult<Json<PromotionList>> {
    Ok(Json(
        state
            .engine
            .campaigns()
            .promotions(caller.0.user_id)
            .await?,
    ))
}

/// Opts the caller in to a live campaign (again: no change).
#[utoipa::path(post, path = "/api/v1/promotions/{id}/opt-in", tag = "bonuses",
    params(("id" = Uuid, Path, description = "The campaign")),
    responses((status = 200, body = OptedIn), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn opt_in(
    caller: Authorized<Players>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<OptedIn>> {
    let opted = state
        .engine
        .campaigns()
        .opt_in(caller.0.user_id, id_of(&id)?)
        .await?;
    state.engine.events().wake();
    Ok(Json(opted))
}

impl From<CampaignError> for ApiError {
    fn from(e: CampaignError) -> Self {
        match e {
            CampaignError::Validation(fields) => {
                ApiError::validation_fields(fields.into_iter().map(|f| (f.field, f.message)))
            }
            CampaignError::NotFound => ApiError::not_found(),
            CampaignError::InvalidState(status) => ApiError::new(
                StatusCode::CONFLICT,
                "invalid_state",
                format!("The campaign is {status}."),
            )
            .with_details(json!({ "status": status })),
            CampaignError::Compliance(rules) => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "compliance_violation",
                "In every country it targets, the campaign would break a jurisdiction's rules.",
            )
            .with_details(json!({ "rules": rules })),
            CampaignError::Unexpected(e) => ApiError::internal(&format!("{e:#}")),
        }
    }
}
