//! The VIP console (API.md "VIP console" and the additions in docs/API.md):
//! the player list and 360, points adjustments, tier overrides, manager
//! assignment, notes, the checks before a designation, the designation,
//! tasks and the reports.
//!
//! Roles: `vip_manager` and admin for every route; the role is checked
//! before any parsing ([`VipTeam`]) and again by the engine.
//! Errors: 404 unknown player or task; 422 `validation_failed` naming the
//! field, `insufficient_points` (an adjustment below zero),
//! `not_vip_manager`, `checks_required`, `fx_rate_missing`; 403
//! `self_excluded` for every VIP action on a player with a time-out or
//! self-exclusion in force.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use domain::api::vip::{
    CheckBody, DesignationBody, ManagerBody, NoteBody, PointsAdjusted, PointsBody, ReportsQuery,
    TaskBody, TaskUpdateBody, TierBody, VipCheck, VipListQuery, VipNote, VipPlayer, VipPlayerList,
    VipReports, VipTask,
};
use engine::Role;
use engine::vip::VipError;
use serde_json::json;
use uuid::Uuid;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{ApiJson, ApiQuery, Authorized, Roles};
use crate::state::AppState;

/// VIP managers and admin: the VIP console.
pub enum VipTeam {}

impl Roles for VipTeam {
    const ROLES: &'static [Role] = &[Role::VipManager];
}

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/vip/players", get(list))
        .route("/admin/vip/players/{id}", get(player))
        .route("/admin/vip/players/{id}/points", post(adjust_points))
        .route("/admin/vip/players/{id}/tier", put(set_tier))
        .route("/admin/vip/players/{id}/manager", put(set_manager))
        .route("/admin/vip/players/{id}/notes", post(add_note))
        .route("/admin/vip/players/{id}/vip", put(designate))
        .route("/admin/vip/players/{id}/checks", post(add_check))
        .route("/admin/vip/players/{id}/tasks", post(add_task))
        .route("/admin/vip/tasks/{id}", put(update_task))
        .route("/admin/vip/reports", get(reports))
}

fn id_of(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| ApiError::not_found())
}

/// Players with their tier, points, VIP state, manager and 30-day figures;
/// filters, sorting and cursor paging.
#[utoipa::path(get, path = "/api/v1/admin/vip/players", tag = "vip",
    params(VipListQuery),
    responses((status = 200, body = VipPlayerList),
              (status = 422, description = "validation_failed (sort, limit, cursor, manager_id), fx_rate_missing", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    caller: Authorized<VipTeam>,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<VipListQuery>,
) -> ApiResult<Json<VipPlayerList>> {
    Ok(Json(state.engine.vip(&caller).players(&query).await?))
}

/// The player 360.
#[utoipa::path(get, path = "/api/v1/admin/vip/players/{id}", tag = "vip",
    params(("id" = Uuid, Path, description = "The player")),
    responses((status = 200, body = VipPlayer), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn player(
    caller: Authorized<VipTeam>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<VipPlayer>> {
    Ok(Json(state.engine.vip(&caller).player(id_of(&id)?).await?))
}

/// Adds or removes points with a reason (never below zero).
#[utoipa::path(post, path = "/api/v1/admin/vip/players/{id}/points", tag = "vip",
    params(("id" = Uuid, Path, description = "The player")),
    request_body = PointsBody,
    responses((status = 200, body = PointsAdjusted), (status = 404, body = ErrorBody),
              (status = 403, description = "self_excluded", body = ErrorBody),
              (status = 422, description = "validation_failed (reason, points), insufficient_points", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn adjust_points(
    caller: Authorized<VipTeam>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PointsBody>,
) -> ApiResult<Json<PointsAdjusted>> {
    let id = id_of(&id)?;
    let done = state.engine.vip(&caller).adjust_points(id, &body).await?;
    state.engine.events().wake();
    Ok(Json(done))
}

/// Holds a tier until a time, whatever the points.
#[utoipa::path(put, path = "/api/v1/admin/vip/players/{id}/tier", tag = "vip",
    params(("id" = Uuid, Path, description = "The player")),
    request_body = TierBody,
    responses((status = 200, body = VipPlayer), (status = 404, body = ErrorBody),
              (status = 403, description = "self_excluded", body = ErrorBody),
              (status = 422, description = "validation_failed (tier: unknown tier, until)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn set_tier(
    caller: Authorized<VipTeam>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TierBody>,
) -> ApiResult<Json<VipPlayer>> {
    let id = id_of(&id)?;
    let view = state.engine.vip(&caller).set_tier(id, &body).await?;
    state.engine.events().wake();
    Ok(Json(view))
}

/// Assigns the player's VIP manager (null unassigns).
#[utoipa::path(put, path = "/api/v1/admin/vip/players/{id}/manager", tag = "vip",
    params(("id" = Uuid, Path, description = "The player")),
    request_body = ManagerBody,
    responses((status = 200, body = VipPlayer), (status = 404, body = ErrorBody),
              (status = 403, description = "self_excluded", body = ErrorBody),
              (status = 422, description = "not_vip_manager", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn set_manager(
    caller: Authorized<VipTeam>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ManagerBody>,
) -> ApiResult<Json<VipPlayer>> {
    let id = id_of(&id)?;
    Ok(Json(
        state.engine.vip(&caller).set_manager(id, &body).await?,
    ))
}

/// Adds a note.
#[utoipa::path(post, path = "/api/v1/admin/vip/players/{id}/notes", tag = "vip",
    params(("id" = Uuid, Path, description = "The player")),
    request_body = NoteBody,
    responses((status = 201, body = VipNote), (status = 404, body = ErrorBody),
              (status = 422, description = "validation_failed (text)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn add_note(
    caller: Authorized<VipTeam>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NoteBody>,
) -> ApiResult<(StatusCode, Json<VipNote>)> {
    let id = id_of(&id)?;
    let note = state.engine.vip(&caller).add_note(id, &body).await?;
    Ok((StatusCode::CREATED, Json(note)))
}

/// Marks (after a passing check in the last 90 days) or unmarks a VIP.
#[utoipa::path(put, path = "/api/v1/admin/vip/players/{id}/vip", tag = "vip",
    params(("id" = Uuid, Path, description = "The player")),
    request_body = DesignationBody,
    responses((status = 200, body = VipPlayer), (status = 404, body = ErrorBody),
              (status = 403, description = "self_excluded", body = ErrorBody),
              (status = 422, description = "checks_required, validation_failed (reason)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn designate(
    caller: Authorized<VipTeam>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<DesignationBody>,
) -> ApiResult<Json<VipPlayer>> {
    let id = id_of(&id)?;
    Ok(Json(state.engine.vip(&caller).designate(id, &body).await?))
}

/// Records the affordability and harm checks.
#[utoipa::path(post, path = "/api/v1/admin/vip/players/{id}/checks", tag = "vip",
    params(("id" = Uuid, Path, description = "The player")),
    request_body = CheckBody,
    responses((status = 201, body = VipCheck), (status = 404, body = ErrorBody),
              (status = 422, description = "validation_failed (outcome, evidence)", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn add_check(
    caller: Authorized<VipTeam>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CheckBody>,
) -> ApiResult<(StatusCode, Json<VipCheck>)> {
    let id = id_of(&id)?;
    let check = state.engine.vip(&caller).add_check(id, &body).await?;
    Ok((StatusCode::CREATED, Json(check)))
}

/// Adds a task on the player.
#[utoipa::path(post, path = "/api/v1/admin/vip/players/{id}/tasks", tag = "vip",
    params(("id" = Uuid, Path, description = "The player")),
    request_body = TaskBody,
    responses((status = 201, body = VipTask), (status = 404, body = ErrorBody),
              (status = 422, description = "validation_failed (title, due_at), not_vip_manager", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn add_task(
    caller: Authorized<VipTeam>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TaskBody>,
) -> ApiResult<(StatusCode, Json<VipTask>)> {
    let id = id_of(&id)?;
    let task = state.engine.vip(&caller).add_task(id, &body).await?;
    Ok((StatusCode::CREATED, Json(task)))
}

/// Marks a task done (or open again).
#[utoipa::path(put, path = "/api/v1/admin/vip/tasks/{id}", tag = "vip",
    params(("id" = Uuid, Path, description = "The task")),
    request_body = TaskUpdateBody,
    responses((status = 200, body = VipTask), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn update_task(
    caller: Authorized<VipTeam>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TaskUpdateBody>,
) -> ApiResult<Json<VipTask>> {
    let id = id_of(&id)?;
    Ok(Json(
        state.engine.vip(&caller).update_task(id, &body).await?,
    ))
}

/// Tier distribution, points issued vs redeemed per day and the VIPs' GGR
/// per day over 30 or 90 days.
#[utoipa::path(get, path = "/api/v1/admin/vip/reports", tag = "vip",
    params(ReportsQuery),
    responses((status = 200, body = VipReports),
              (status = 422, description = "validation_failed (days), fx_rate_missing", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn reports(
    caller: Authorized<VipTeam>,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ReportsQuery>,
) -> ApiResult<Json<VipReports>> {
    Ok(Json(state.engine.vip(&caller).reports(&query).await?))
}

impl From<VipError> for ApiError {
    fn from(e: VipError) -> Self {
        match e {
            VipError::Validation(fields) => {
                ApiError::validation_fields(fields.into_iter().map(|f| (f.field, f.message)))
            }
            VipError::NotFound => ApiError::not_found(),
            VipError::Forbidden => ApiError::forbidden(),
            VipError::SelfExcluded { until } => ApiError::new(
                StatusCode::FORBIDDEN,
                "self_excluded",
                "The player has a time-out or self-exclusion in force: VIP actions are suppressed.",
            )
            .with_details(json!({ "until": until })),
            VipError::ChecksRequired => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "checks_required",
                "Record a passing affordability and harm check (all four reviews) within the last 90 days before designating a VIP.",
            ),
            VipError::NotVipManager => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "not_vip_manager",
                "That user is not an active VIP manager.",
            )
            .with_details(json!({ "fields": { "manager_id": "Not a VIP manager." } })),
            VipError::InsufficientPoints => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "insufficient_points",
                "The adjustment would take the points balance below zero.",
            )
            .with_details(json!({ "fields": { "points": "Would go below zero." } })),
            VipError::RateMissing { from, to } => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "fx_rate_missing",
                format!("No {from}→{to} rate is stored; import the ECB rates first."),
            )
            .with_details(json!({ "from": from, "to": to })),
            VipError::Unexpected(e) => ApiError::internal(&format!("{e:#}")),
        }
    }
}
