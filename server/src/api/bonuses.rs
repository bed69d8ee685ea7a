//! Player bonuses (API.md "Player bonuses"): the caller's bonuses and
//! forfeiting one.

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use domain::api::engagement::{Bonus, BonusList};
use engine::bonuses::BonusError;
use serde_json::json;
use uuid::Uuid;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{Authorized, Players};
use crate::state::AppState;

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/bonuses", get(list))
        .route("/bonuses/{bonus_id}/forfeit", post(forfeit))
}

/// The caller's bonuses, newest first.
#[utoipa::path(get, path = "/api/v1/bonuses", tag = "bonuses",
    responses((status = 200, body = BonusList), (status = 401, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list(
    caller: Authorized<Players>,
    State(state): State<AppState>,
) -> ApiResult<Json<BonusList>> {
    Ok(Json(state.engine.bonuses().list(caller.0.user_id).await?))
}

/// Gives up an active bonus: its bonus money goes back; cash is untouched.
#[utoipa::path(post, path = "/api/v1/bonuses/{bonus_id}/forfeit", tag = "bonuses",
    params(("bonus_id" = Uuid, Path, description = "The bonus")),
    responses((status = 200, body = Bonus), (status = 404, body = ErrorBody),
              (status = 409, description = "invalid_state", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn forfeit(
    caller: Authorized<Players>,
    State(state): State<AppState>,
    Path(bonus_id): Path<String>,
) -> ApiResult<Json<Bonus>> {
    let bonus_id = Uuid::parse_str(&bonus_id).map_err(|_| ApiError::not_found())?;
    let bonus = state
        .engine
        .bonuses()
        .forfeit(caller.0.user_id, bonus_id)
        .await?;
    state.engine.events().wake();
    Ok(Json(bonus))
}

impl From<BonusError> for ApiError {
    fn from(e: BonusError) -> Self {
        match e {
            BonusError::NotFound => ApiError::not_found(),
            BonusError::InvalidState(status) => ApiError::new(
                StatusCode::CONFLICT,
                "invalid_state",
                format!("The bonus is {status}."),
            )
            .with_details(json!({ "status": status })),
            BonusError::Wallet(e) => e.into(),
            BonusError::Unexpected(e) => ApiError::internal(&format!("{e:#}")),
        }
    }
}
