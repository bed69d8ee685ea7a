//! Staff accounts (admin): create, list, change roles, disable or enable
//! (API.md "Staff accounts"). Thin adapters over `engine::staff`; staff log
//! in through `POST /auth/login` like players.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use engine::staff::{NewStaff, StaffMember};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{Admins, ApiJson, Authorized};
use crate::state::AppState;

/// The staff routes, merged into the `/api/v1` router.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/staff", get(list).post(create))
        .route("/admin/staff/{id}/roles", put(set_roles))
        .route("/admin/staff/{id}/disabled", put(set_disabled))
}

/// A new staff account.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"email": "ana@croupier.example", "password": "a-long-secret-1",
    "roles": ["marketing"]}))]
pub struct CreateStaffBody {
    /// E-mail address, the login.
    pub email: String,
    /// 8 to 128 characters.
    pub password: String,
    /// Back-office roles, at least one: `admin`, `trader`, `marketing`,
    /// `vip_manager`, `compliance` (never `player`).
    pub roles: Vec<String>,
}

/// New roles for a staff account (they replace the old ones).
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"roles": ["marketing", "vip_manager"]}))]
pub struct StaffRolesBody {
    /// Back-office roles, at least one; never `player`.
    pub roles: Vec<String>,
}

/// Disables or enables a staff account.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"disabled": true}))]
pub struct StaffDisabledBody {
    /// True: the account cannot log in and its sessions end. False: it may
    /// log in again.
    pub disabled: bool,
}

/// A staff account.
#[derive(Serialize, ToSchema)]
pub struct StaffUser {
    /// The user.
    pub user_id: Uuid,
    /// E-mail address (lower-cased).
    pub email: String,
    /// Back-office roles held.
    pub roles: Vec<String>,
    /// True when the account may not log in.
    pub disabled: bool,
}

impl From<StaffMember> for StaffUser {
    fn from(m: StaffMember) -> Self {
        Self {
            user_id: m.user_id,
            email: m.email,
            roles: m.roles.iter().map(|r| r.code().to_owned()).collect(),
            disabled: m.disabled,
        }
    }
}

/// Every staff account.
#[derive(Serialize, ToSchema)]
pub struct StaffList {
    /// By e-mail.
    pub items: Vec<StaffUser>,
}

/// An id from the path; anything but a UUID names no account.
fn staff_id(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| ApiError::not_found())
}

/// Creates a staff account (admin).
#[utoipa::path(post, path = "/api/v1/admin/staff", tag = "staff", request_body = CreateStaffBody,
    responses((status = 201, body = StaffUser),
              (status = 409, description = "email_taken", body = ErrorBody),
              (status = 422, description = "validation_failed: email, password or roles",
               body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(
    caller: Authorized<Admins>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CreateStaffBody>,
) -> ApiResult<(StatusCode, Json<StaffUser>)> {
    let member = state
        .engine
        .staff()
        .create(
            &caller,
            NewStaff {
                email: body.email,
                password: body.password,
                roles: body.roles,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(member.into())))
}

/// Lists the staff accounts (admin).
#[utoipa::path(get, path = "/api/v1/admin/staff", tag = "staff",
    responses((status = 200, body = StaffList)),
    security(("bearer" = [])))]
pub async fn list(
    caller: Authorized<Admins>,
    State(state): State<AppState>,
) -> ApiResult<Json<StaffList>> {
    let members = state.engine.staff().list(&caller).await?;
    Ok(Json(StaffList {
        items: members.into_iter().map(StaffUser::from).collect(),
    }))
}

/// Replaces a staff account's roles (admin). Admins may not remove their
/// own admin role.
#[utoipa::path(put, path = "/api/v1/admin/staff/{id}/roles", tag = "staff",
    request_body = StaffRolesBody, params(("id" = Uuid, Path, description = "The staff user")),
    responses((status = 200, body = StaffUser),
              (status = 404, description = "not_found: no such staff account", body = ErrorBody),
              (status = 422, description = "validation_failed: roles", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn set_roles(
    caller: Authorized<Admins>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<StaffRolesBody>,
) -> ApiResult<Json<StaffUser>> {
    let id = staff_id(&id)?;
    let member = state
        .engine
        .staff()
        .set_roles(&caller, id, &body.roles)
        .await?;
    Ok(Json(member.into()))
}

/// Disables or enables a staff account (admin). A disabled account cannot
/// log in and its tokens stop working; admins may not disable themselves.
#[utoipa::path(put, path = "/api/v1/admin/staff/{id}/disabled", tag = "staff",
    request_body = StaffDisabledBody, params(("id" = Uuid, Path, description = "The staff user")),
    responses((status = 200, body = StaffUser),
              (status = 404, description = "not_found: no such staff account", body = ErrorBody),
              (status = 422, description = "validation_failed: disabled (yourself)",
               body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn set_disabled(
    caller: Authorized<Admins>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<StaffDisabledBody>,
) -> ApiResult<Json<StaffUser>> {
    let id = staff_id(&id)?;
    let member = state
        .engine
        .staff()
        .set_disabled(&caller, id, body.disabled)
        .await?;
    Ok(Json(member.into()))
}
