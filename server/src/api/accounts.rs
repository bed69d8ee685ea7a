//! Accounts: register, login, logout, `/me`, and the compliance KYC
//! decision (API.md "Accounts").

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header::SET_COOKIE};
use axum::response::IntoResponse;
use engine::auth::{KycStatus, RegisterInput};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{ApiJson, Authorized, Caller, ClientAddr, ComplianceTeam, TOKEN_COOKIE};
use crate::state::AppState;

/// Registration request.
#[derive(Deserialize, ToSchema)]
pub struct RegisterBody {
    /// E-mail address.
    pub email: String,
    /// 8 to 128 characters.
    pub password: String,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// ISO 3166-1 alpha-2, e.g. `MT`.
    pub country: String,
    /// ISO 4217 wallet currency, e.g. `EUR`.
    pub currency: String,
}

/// Registration answer.
#[derive(Serialize, ToSchema)]
pub struct RegisterResponse {
    /// The new player.
    pub player_id: Uuid,
    /// A bearer token.
    pub token: String,
}

/// Login request.
#[derive(Deserialize, ToSchema)]
pub struct LoginBody {
    /// E-mail address.
    pub email: String,
    /// Password.
    pub password: String,
}

/// Login answer.
#[derive(Serialize, ToSchema)]
pub struct LoginResponse {
    /// A bearer token.
    pub token: String,
    /// The user.
    pub user_id: Uuid,
    /// Roles held.
    pub roles: Vec<String>,
    /// Token expiry (RFC 3339).
    pub expires_at: String,
}

/// `/me` answer.
#[derive(Serialize, ToSchema)]
pub struct MeResponse {
    /// The user.
    pub user_id: Uuid,
    /// E-mail address.
    pub email: String,
    /// Roles held.
    pub roles: Vec<String>,
    /// Wallet currency.
    pub currency: String,
    /// `unverified`, `pending`, `verified` or `rejected`.
    pub kyc_status: String,
    /// Country.
    pub country: String,
}

/// KYC decision.
#[derive(Deserialize, ToSchema)]
pub struct KycBody {
    /// `verified` or `rejected`.
    pub status: String,
    /// Reviewer's note.
    pub note: Option<String>,
}

/// KYC decision answer.
#[derive(Serialize, ToSchema)]
pub struct KycResponse {
    /// The player.
    pub player_id: Uuid,
    /// New status.
    pub kyc_status: String,
}

/// Registers a player.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "accounts", request_body = RegisterBody,
    responses((status = 201, body = RegisterResponse),
              (status = 409, description = "email_taken", body = ErrorBody),
              (status = 422, description = "validation_failed, underage", body = ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<RegisterBody>,
) -> ApiResult<(StatusCode, Json<RegisterResponse>)> {
    let registered = state
        .engine
        .auth()
        .register(
            RegisterInput {
                email: body.email,
                password: body.password,
                date_of_birth: body.date_of_birth,
                country: body.country,
                currency: body.currency,
            },
            state.engine.now().date_naive(),
        )
        .await?;
    state.engine.events().wake();
    Ok((
        StatusCode::CREATED,
        Json(RegisterResponse {
            player_id: registered.player_id,
            token: registered.token,
        }),
    ))
}

/// Logs in.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "accounts", request_body = LoginBody,
    responses((status = 200, body = LoginResponse),
              (status = 401, description = "invalid_credentials", body = ErrorBody),
              (status = 429, description = "too_many_attempts", body = ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<LoginBody>,
) -> ApiResult<Json<LoginResponse>> {
    let logged_in = state
        .engine
        .auth()
        .login(&body.email, &body.password, client.as_deref())
        .await?;
    state.engine.events().wake();
    Ok(Json(LoginResponse {
        token: logged_in.token,
        user_id: logged_in.user_id,
        roles: logged_in
            .roles
            .iter()
            .map(|r| r.code().to_owned())
            .collect(),
        expires_at: logged_in.expires_at.to_rfc3339(),
    }))
}

/// Revokes the caller's token and clears the session cookie.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accounts",
    responses((status = 204), (status = 401, body = ErrorBody)), security(("bearer" = [])))]
pub async fn logout(caller: Caller, State(state): State<AppState>) -> ApiResult<impl IntoResponse> {
    state.engine.auth().logout(&caller.0).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(
            SET_COOKIE,
            format!("{TOKEN_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0"),
        )],
    ))
}

/// The caller's account.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses((status = 200, body = MeResponse), (status = 401, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn me(caller: Caller, State(state): State<AppState>) -> ApiResult<Json<MeResponse>> {
    let profile = state.engine.auth().profile(caller.0.user_id).await?;
    Ok(Json(MeResponse {
        user_id: profile.user_id,
        email: profile.email,
        roles: profile.roles.iter().map(|r| r.code().to_owned()).collect(),
        currency: profile.currency,
        kyc_status: profile.kyc_status,
        country: profile.country,
    }))
}

/// Records a compliance decision on a player's identity (compliance, admin).
#[utoipa::path(post, path = "/api/v1/admin/players/{player_id}/kyc", tag = "compliance",
    request_body = KycBody, params(("player_id" = Uuid, Path, description = "The player")),
    responses((status = 200, body = KycResponse), (status = 404, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn set_kyc(
    caller: Authorized<ComplianceTeam>,
    State(state): State<AppState>,
    Path(player_id): Path<String>,
    ApiJson(body): ApiJson<KycBody>,
) -> ApiResult<Json<KycResponse>> {
    let player_id = Uuid::parse_str(&player_id).map_err(|_| ApiError::not_found())?;
    let status = match body.status.as_str() {
        "verified" => KycStatus::Verified,
        "rejected" => KycStatus::Rejected,
        _ => return Err(ApiError::validation("status", "Use verified or rejected.")),
    };
    if body.note.as_ref().is_some_and(|n| n.chars().count() > 2000) {
        return Err(ApiError::validation("note", "At most 2000 characters."));
    }
    let status = state
        .engine
        .compliance()
        .review_kyc(&caller.0, player_id, status, body.note)
        .await?;
    state.engine.events().wake();
    Ok(Json(KycResponse {
        player_id,
        kyc_status: status.code().to_owned(),
    }))
}
