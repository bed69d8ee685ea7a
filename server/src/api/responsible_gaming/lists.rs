//! The compliance back office's lists (API.md "Back office"): the KYC
//! queue, loss alerts and exclusions in force across players, the player
//! search and the audit trail. Rules:
//!
//! - Every list is for compliance (admins included), checked by the
//!   extractor here and, for the back-office lists, again in the engine.
//! - Every list pages with the shared cursor ([`engine::paging`]):
//!   `?limit=N&cursor=…`, answering `next_cursor` (null on the last page);
//!   a `limit` out of range or a cursor this server did not make is 422
//!   `validation_failed` on `limit` or `cursor`. All are newest first but
//!   the KYC queue, a work queue served oldest first.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use engine::backoffice::{AuditEntry, BackofficeError, UserSummary};
use engine::compliance::alerts::LossAlertView;
use engine::compliance::kyc::KycSubmissionView;
use engine::paging::{LIMIT_FIELD, checked_limit};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::error::{ApiError, ApiResult, ErrorBody};
use crate::api::extract::{ApiQuery, Authorized, ComplianceTeam};
use crate::state::AppState;

/// Longest page of a [`ListQuery`] list, and its size when not told.
const MAX_LIST: u64 = 200;

/// Players one page of `GET /admin/players` lists when not told.
const DEFAULT_PLAYERS_PAGE: u64 = 20;

/// Rows one page of `GET /admin/audit-log` lists when not told.
const DEFAULT_AUDIT_PAGE: u64 = 100;

impl From<BackofficeError> for ApiError {
    fn from(e: BackofficeError) -> Self {
        match e {
            BackofficeError::Forbidden => Self::forbidden(),
            BackofficeError::Validation { field, message } => Self::validation(field, &message),
            BackofficeError::Unexpected(e) => Self::internal(&format!("{e:#}")),
        }
    }
}

/// A player search: one page of the players whose e-mail contains `q`.
#[derive(Deserialize, IntoParams)]
pub struct PlayerSearch {
    /// Part of an e-mail address (absent or blank: every player).
    pub q: Option<String>,
    /// 1–100, default 20; out of range → 422 `validation_failed` on `limit`.
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page (absent: the newest players). A
    /// malformed cursor → 422 `validation_failed` on `cursor`.
    pub cursor: Option<String>,
}

/// One page of found players.
#[derive(Serialize, ToSchema)]
pub struct PlayersResponse {
    /// Newest registration first.
    pub items: Vec<PlayerHit>,
    /// Give it as `cursor` for the next (older) page; null on the last page.
    pub next_cursor: Option<String>,
}

/// A page of the audit trail.
#[derive(Deserialize, IntoParams)]
pub struct AuditQuery {
    /// 1–500, default 100; out of range → 422 `validation_failed` on `limit`.
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page (absent: the newest rows). A
    /// malformed cursor → 422 `validation_failed` on `cursor`.
    pub cursor: Option<String>,
}

/// A page of a list of at most 200 a page (the KYC queue, loss alerts,
/// exclusions in force; the player's own exclusions and limit history).
#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// 1–200, default 200; out of range → 422 `validation_failed` on `limit`.
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page (absent: the first page). A
    /// malformed cursor → 422 `validation_failed` on `cursor`.
    pub cursor: Option<String>,
}

/// One page of a list.
#[derive(Serialize, ToSchema)]
pub struct Paged<T> {
    /// The page's items, in the list's order.
    pub items: Vec<T>,
    /// Give it as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

impl<T> From<engine::paging::Page<T>> for Paged<T> {
    fn from(page: engine::paging::Page<T>) -> Self {
        Self {
            items: page.items,
            next_cursor: page.next_cursor,
        }
    }
}

/// The page size asked of a [`ListQuery`] list: [`MAX_LIST`] when not told.
pub(super) fn list_limit(asked: Option<u64>) -> ApiResult<u64> {
    checked_limit(asked, MAX_LIST, MAX_LIST)
        .map_err(|e| ApiError::validation(LIMIT_FIELD, &e.to_string()))
}

/// One row of the audit trail.
#[derive(Serialize, ToSchema)]
pub struct AuditRow {
    /// Row id.
    pub id: Uuid,
    /// Who acted; null for the system.
    pub actor_id: Option<Uuid>,
    /// What was done, e.g. `player.kyc_submitted`.
    pub action: String,
    /// What it was done to, e.g. `user:<id>`.
    pub subject: String,
    /// Details, a JSON object.
    #[schema(value_type = Object)]
    pub details: Value,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl From<AuditEntry> for AuditRow {
    fn from(e: AuditEntry) -> Self {
        // Rows are written from JSON values (`engine::audit::record`); one
        // that does not parse is shown as its text rather than hidden.
        let details = serde_json::from_str(&e.details)
            .ok()
            .filter(Value::is_object)
            .unwrap_or_else(|| json!({ "text": e.details }));
        Self {
            id: e.id,
            actor_id: e.actor_id,
            action: e.action,
            subject: e.subject,
            details,
            created_at: e.created_at,
        }
    }
}

/// One page of the audit trail.
#[derive(Serialize, ToSchema)]
pub struct AuditResponse {
    /// Newest first.
    pub items: Vec<AuditRow>,
    /// Give it as `cursor` for the next (older) page; null on the last page.
    pub next_cursor: Option<String>,
}

/// A player found by search.
#[derive(Serialize, ToSchema)]
pub struct PlayerHit {
    /// The player.
    pub player_id: Uuid,
    /// E-mail address.
    pub email: String,
    /// Country.
    pub country: String,
    /// KYC status.
    pub kyc_status: String,
}

/// One page of the submissions waiting for a compliance decision, oldest
/// first (the order they are worked); `next_cursor` (null on the last page)
/// fetches the next, newer one (compliance, admin).
#[utoipa::path(get, path = "/api/v1/admin/kyc/queue", tag = "compliance",
    params(ListQuery),
    responses((status = 200, body = Paged<KycSubmissionView>), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "validation_failed on limit or cursor")),
    security(("bearer" = [])))]
pub async fn kyc_queue(
    caller: Authorized<ComplianceTeam>,
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<Paged<KycSubmissionView>>> {
    let limit = list_limit(q.limit)?;
    let page = state
        .engine
        .compliance()
        .kyc_queue_page(&caller.0, limit, q.cursor.as_deref())
        .await?;
    Ok(Json(page.into()))
}

/// One page of the loss alerts across players, newest first; `next_cursor`
/// (null on the last page) fetches the next, older one (compliance, admin).
#[utoipa::path(get, path = "/api/v1/admin/loss-alerts", tag = "compliance",
    params(ListQuery),
    responses((status = 200, body = Paged<LossAlertView>), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "validation_failed on limit or cursor")),
    security(("bearer" = [])))]
pub async fn loss_alerts(
    _: Authorized<ComplianceTeam>,
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<Paged<LossAlertView>>> {
    let limit = list_limit(q.limit)?;
    let page = state
        .engine
        .compliance()
        .loss_alerts_page(None, limit, q.cursor.as_deref())
        .await?;
    Ok(Json(page.into()))
}

/// An exclusion in force, with its player.
#[derive(Serialize, ToSchema)]
pub struct ExclusionRow {
    /// The player.
    pub player_id: Uuid,
    /// E-mail address.
    pub email: String,
    /// `time_out` or `self_exclusion`.
    pub kind: String,
    /// Start.
    pub started_at: DateTime<Utc>,
    /// End; null when permanent.
    pub until: Option<DateTime<Utc>>,
}

/// One page of the exclusions in force, newest first; `next_cursor` (null
/// on the last page) fetches the next, older one (compliance, admin).
#[utoipa::path(get, path = "/api/v1/admin/exclusions", tag = "compliance",
    params(ListQuery),
    responses((status = 200, body = Paged<ExclusionRow>), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "validation_failed on limit or cursor")),
    security(("bearer" = [])))]
pub async fn active_exclusions(
    _: Authorized<ComplianceTeam>,
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<Paged<ExclusionRow>>> {
    let limit = list_limit(q.limit)?;
    let page = state
        .engine
        .compliance()
        .active_exclusions_page(state.engine.now(), limit, q.cursor.as_deref())
        .await?;
    Ok(Json(Paged {
        items: page
            .items
            .into_iter()
            .map(|(player_id, email, e)| ExclusionRow {
                player_id,
                email,
                kind: e.kind,
                started_at: e.started_at,
                until: e.until,
            })
            .collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One page of the players whose e-mail contains `q`, newest registration
/// first; `next_cursor` (null on the last page) fetches the next, older
/// one (compliance, admin).
#[utoipa::path(get, path = "/api/v1/admin/players", tag = "compliance",
    params(PlayerSearch),
    responses((status = 200, body = PlayersResponse),
              (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "validation_failed on limit or cursor")),
    security(("bearer" = [])))]
pub async fn search_players(
    caller: Authorized<ComplianceTeam>,
    State(state): State<AppState>,
    ApiQuery(search): ApiQuery<PlayerSearch>,
) -> ApiResult<Json<PlayersResponse>> {
    let limit = checked_limit(
        search.limit,
        DEFAULT_PLAYERS_PAGE,
        engine::backoffice::MAX_PLAYERS_PAGE,
    )
    .map_err(|e| ApiError::validation(LIMIT_FIELD, &e.to_string()))?;
    let page = state
        .engine
        .backoffice()
        .players(
            &caller.0,
            search.q.as_deref().unwrap_or_default(),
            limit,
            search.cursor.as_deref(),
        )
        .await?;
    Ok(Json(PlayersResponse {
        items: page
            .items
            .into_iter()
            .map(|u: UserSummary| PlayerHit {
                player_id: u.id,
                email: u.email,
                country: u.country,
                kyc_status: u.kyc_status,
            })
            .collect(),
        next_cursor: page.next_cursor,
    }))
}

/// `GET /admin/audit-log`: one page of the audit trail (back-office and
/// system actions), newest first; `next_cursor` (null on the last page)
/// fetches the next, older one (compliance, admin).
#[utoipa::path(get, path = "/api/v1/admin/audit-log", tag = "compliance",
    params(AuditQuery),
    responses((status = 200, body = AuditResponse),
              (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "validation_failed on limit or cursor")),
    security(("bearer" = [])))]
pub async fn audit_log(
    caller: Authorized<ComplianceTeam>,
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> ApiResult<Json<AuditResponse>> {
    let limit = checked_limit(
        q.limit,
        DEFAULT_AUDIT_PAGE,
        engine::backoffice::MAX_AUDIT_ROWS,
    )
    .map_err(|e| ApiError::validation(LIMIT_FIELD, &e.to_string()))?;
    let page = state
        .engine
        .backoffice()
        .audit_log(&caller.0, limit, q.cursor.as_deref())
        .await?;
    Ok(Json(AuditResponse {
        items: page.items.into_iter().map(AuditRow::from).collect(),
        next_cursor: page.next_cursor,
    }))
}
