//! Leaderboards and tournaments (API.md "Leaderboards and tournaments"):
//! the marketing endpoints under `/admin/leaderboards`, the public tables,
//! joining, and the player's nickname.
//!
//! Roles: marketing and admin for `/admin/*`; anyone for the lists and
//! tables (the caller's own row is marked when a token comes along);
//! players for join, around-me and the nickname.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use domain::api::leaderboard::{
    AroundMe, Joined, LeaderboardList, LeaderboardSpec, LeaderboardView, LeaderboardViewList,
    Nickname, NicknameBody, PeriodClosedBoard, PeriodList, Standings,
};
use engine::leaderboards::{LeaderboardError, MAX_AROUND, MAX_LIMIT};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{ApiJson, ApiQuery, Authorized, MarketingTeam, MaybeCaller, Players};
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/leaderboards", post(create).get(list_admin))
        .route("/admin/leaderboards/{id}", get(one))
        .route("/admin/leaderboards/{id}/close", post(close))
        .route("/admin/leaderboards/{id}/periods", get(periods))
        .route("/leaderboards", get(list))
        .route("/leaderboards/{id}", get(standings))
        .route("/leaderboards/{id}/around-me", get(around_me))
        .route("/leaderboards/{id}/join", post(join))
        .route("/me/nickname", put(set_nickname).get(nickname))
}

fn id_of(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| ApiError::not_found())
}

/// Creates a board and opens its first period.
#[utoipa::path(post, path = "/api/v1/admin/leaderboards", tag = "leaderboards",
    request_body = LeaderboardSpec,
    responses((status = 201, body = LeaderboardView), (status = 400, body = ErrorBody),
              (status = 422, description = "validation_failed", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(
    caller: Authorized<MarketingTeam>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<LeaderboardSpec>,
) -> ApiResult<(StatusCode, Json<LeaderboardView>)> {
    let created = state
        .engine
        .leaderboards()
        .create(&body, caller.0.user_id)
        .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Every board, newest first.
#[utoipa::path(get, path = "/api/v1/admin/leaderboards", tag = "leaderboards",
    responses((status = 200, body = LeaderboardViewList)),
    security(("bearer" = [])))]
pub async fn list_admin(
    _caller: Authorized<MarketingTeam>,
    State(state): State<AppState>,
) -> ApiResult<Json<LeaderboardViewList>> {
    Ok(Json(state.engine.leaderboards().list_admin().await?))
}

/// One board.
#[utoipa::path(get, path = "/api/v1/admin/leaderboards/{id}", tag = "leaderboards",
    params(("id" = Uuid, Path, description = "The board")),
    responses((status = 200, body = LeaderboardView), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn one(
    _caller: Authorized<MarketingTeam>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<LeaderboardView>> {
    Ok(Json(state.engine.leaderboards().get(id_of(&id)?).await?))
}

/// Ends the current period and pays its prizes once.
#[utoipa::path(post, path = "/api/v1/admin/leaderboards/{id}/close", tag = "leaderboards",
    params(("id" = Uuid, Path, description = "The board")),
    responses((status = 200, body = PeriodClosedBoard), (status = 404, body = ErrorBody),
              (status = 409, description = "already_closed", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn close(
    caller: Authorized<MarketingTeam>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<PeriodClosedBoard>> {
    let closed = state
        .engine
        .leaderboards()
        .close(id_of(&id)?, Some(caller.0.user_id))
        .await?;
    state.engine.events().wake();
    Ok(Json(closed))
}

/// The board's periods with their winners and what was paid.
#[utoipa::path(get, path = "/api/v1/admin/leaderboards/{id}/periods", tag = "leaderboards",
    params(("id" = Uuid, Path, description = "The board")),
    responses((status = 200, body = PeriodList), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn periods(
    _caller: Authorized<MarketingTeam>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<PeriodList>> {
    Ok(Json(
        state.engine.leaderboards().periods(id_of(&id)?).await?,
    ))
}

/// Live and scheduled boards.
#[utoipa::path(get, path = "/api/v1/leaderboards", tag = "leaderboards",
    responses((status = 200, body = LeaderboardList)))]
pub async fn list(State(state): State<AppState>) -> ApiResult<Json<LeaderboardList>> {
    Ok(Json(state.engine.leaderboards().list().await?))
}

/// `?limit=N`.
#[derive(Deserialize, IntoParams)]
pub struct LimitQuery {
    /// Rows, 1 to 100 (default 10).
    pub limit: Option<u64>,
}

/// The top of the current period and the caller's place.
#[utoipa::path(get, path = "/api/v1/leaderboards/{id}", tag = "leaderboards",
    params(("id" = Uuid, Path, description = "The board"), LimitQuery),
    responses((status = 200, body = Standings), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn standings(
    MaybeCaller(caller): MaybeCaller,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<LimitQuery>,
) -> ApiResult<Json<Standings>> {
    let id = id_of(&id)?;
    let limit = query.limit.unwrap_or(10);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::validation(
            "limit",
            "Use a whole number from 1 to 100.",
        ));
    }
    let me = caller.map(|p| p.user_id);
    Ok(Json(
        state.engine.leaderboards().standings(id, limit, me).await?,
    ))
}

/// `?n=N`.
#[derive(Deserialize, IntoParams)]
pub struct AroundQuery {
    /// Rows either side, 0 to 50 (default 5).
    pub n: Option<u64>,
}

/// Up to N rows above the caller, the caller, up to N below.
#[utoipa::path(get, path = "/api/v1/leaderboards/{id}/around-me", tag = "leaderboards",
    params(("id" = Uuid, Path, description = "The board"), AroundQuery),
    responses((status = 200, body = AroundMe), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn around_me(
    caller: Authorized<Players>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<AroundQuery>,
) -> ApiResult<Json<AroundMe>> {
    let id = id_of(&id)?;
    let n = query.n.unwrap_or(5);
    if n > MAX_AROUND {
        return Err(ApiError::validation(
            "n",
            "Use a whole number from 0 to 50.",
        ));
    }
    Ok(Json(
        state
            .engine
            .leaderboards()
            .around(id, caller.0.user_id, n)
            .await?,
    ))
}

/// Joins the current period (again: no change).
#[utoipa::path(post, path = "/api/v1/leaderboards/{id}/join", tag = "leaderboards",
    params(("id" = Uuid, Path, description = "The board")),
    responses((status = 200, body = Joined), (status = 404, body = ErrorBody),
              (status = 409, description = "leaderboard_full, not_open", body = ErrorBody),
              (status = 403, description = "excluded", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn join(
    caller: Authorized<Players>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Joined>> {
    Ok(Json(
        state
            .engine
            .leaderboards()
            .join(id_of(&id)?, caller.0.user_id)
            .await?,
    ))
}

/// The caller's public nickname (null when they have none).
#[utoipa::path(get, path = "/api/v1/me/nickname", tag = "leaderboards",
    responses((status = 200, body = Nickname)),
    security(("bearer" = [])))]
pub async fn nickname(
    caller: Authorized<Players>,
    State(state): State<AppState>,
) -> ApiResult<Json<Nickname>> {
    Ok(Json(Nickname {
        nickname: state
            .engine
            .leaderboards()
            .nickname(caller.0.user_id)
            .await?,
    }))
}

/// Sets the caller's public nickname.
#[utoipa::path(put, path = "/api/v1/me/nickname", tag = "leaderboards",
    request_body = NicknameBody,
    responses((status = 204), (status = 400, body = ErrorBody),
              (status = 409, description = "nickname_taken", body = ErrorBody),
              (status = 422, description = "validation_failed", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn set_nickname(
    caller: Authorized<Players>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<NicknameBody>,
) -> ApiResult<StatusCode> {
    state
        .engine
        .leaderboards()
        .set_nickname(caller.0.user_id, &body.nickname)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

impl From<LeaderboardError> for ApiError {
    fn from(e: LeaderboardError) -> Self {
        match e {
            LeaderboardError::Validation(fields) => {
                ApiError::validation_fields(fields.into_iter().map(|f| (f.field, f.message)))
            }
            LeaderboardError::NotFound => ApiError::not_found(),
            LeaderboardError::Full => ApiError::new(
                StatusCode::CONFLICT,
                "leaderboard_full",
                "The leaderboard has its maximum number of players.",
            ),
            LeaderboardError::AlreadyClosed => ApiError::new(
                StatusCode::CONFLICT,
                "already_closed",
                "The period is already closed.",
            ),
            LeaderboardError::NotOpen => ApiError::new(
                StatusCode::CONFLICT,
                "not_open",
                "The leaderboard has no open period.",
            ),
            LeaderboardError::Excluded => ApiError::new(
                StatusCode::FORBIDDEN,
                "excluded",
                "A time-out or self-exclusion is in force.",
            ),
            LeaderboardError::NicknameTaken => ApiError::new(
                StatusCode::CONFLICT,
                "nickname_taken",
                "Another player has this nickname.",
            ),
            LeaderboardError::Unexpected(e) => ApiError::internal(&format!("{e:#}")),
        }
    }
}
