//! Responsible gaming and KYC over REST (API.md "Responsible gaming"):
//! the player's limits, exclusions, settings, play session and reality
//! checks, identity documents and the provider webhook; for compliance the
//! KYC queue, a player's RG history, loss alerts, exclusions in force,
//! operator loss thresholds and the jurisdiction rules; the back office's
//! lists (KYC queue, loss alerts, exclusions in force, player search, audit
//! trail) are in [`lists`], re-exported here.
//!
//! Bodies are typed: a body that is not JSON of the documented shape (a
//! wrong type, a missing or unknown field) is 400 `bad_request` from the
//! extractor; a well-formed body with a bad value is 422
//! `validation_failed` naming the field.
//!
//! Handlers are thin: authorize, convert, call `engine.compliance()`,
//! convert back. The clock is read here, at the edge.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Utc};
use domain::compliance::{ExclusionKind, ExclusionRequestBody, LimitKind, LimitPeriod};
use engine::compliance::jurisdictions::JurisdictionView;
use engine::compliance::kyc::KycSubmissionView;
use engine::compliance::session::{SessionState, SettingsChange, SettingsView};
use engine::compliance::{
    ComplianceError, ExclusionView, KycDocument, LimitChangeView, LimitView, RgHistory,
};
use engine::paging::{LIMIT_FIELD, checked_limit};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{ApiJson, ApiQuery, Authorized, Caller, ComplianceTeam};
use crate::state::AppState;

mod lists;

pub use lists::*;

impl From<ComplianceError> for ApiError {
    fn from(e: ComplianceError) -> Self {
        match e {
            ComplianceError::Validation { field, message } => Self::validation(&field, &message),
            ComplianceError::NotFound => Self::not_found(),
            ComplianceError::Forbidden => Self::forbidden(),
            ComplianceError::SelfExcluded { until } => Self::self_excluded(until),
            ComplianceError::DepositLimitExceeded { remaining } => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "deposit_limit_exceeded",
                format!("This deposit would exceed your deposit limit; {remaining} remains."),
            )
            .with_details(json!({ "remaining": remaining.format_amount() })),
            ComplianceError::PlayLimitExceeded {
                kind,
                period,
                remaining,
            } => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                if kind == LimitKind::Loss {
                    "loss_limit_exceeded"
                } else {
                    "wager_limit_exceeded"
                },
                format!("This stake would exceed your {kind} limit per {period}."),
            )
            .with_details(json!({ "remaining": remaining.format_amount(), "period": period })),
            ComplianceError::SessionBreak { until } => Self::new(
                StatusCode::FORBIDDEN,
                "session_break",
                "Your session limit was reached; play resumes after the break.",
            )
            .with_details(json!({ "until": until })),
            ComplianceError::RealityCheckDue { due_at } => Self::new(
                StatusCode::FORBIDDEN,
                "reality_check_due",
                "Acknowledge the reality check to continue.",
            )
            .with_details(json!({ "due_at": due_at })),
            ComplianceError::KycRequired => Self::new(
                StatusCode::FORBIDDEN,
                "kyc_required",
                "Verify your identity first.",
            ),
            ComplianceError::DepositLimitPromptRequired => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "deposit_limit_prompt_required",
                "Set a deposit limit, or decline, before your first deposit.",
            ),
            ComplianceError::InvalidSignature => Self::new(
                StatusCode::UNAUTHORIZED,
                "invalid_signature",
                "The webhook signature is missing or wrong.",
            ),
            ComplianceError::Unexpected(e) => Self::internal(&format!("{e:#}")),
        }
    }
}

/// A limit request.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LimitBody {
    /// `deposit`, `loss` or `wager`.
    pub kind: String,
    /// `day`, `week` or `month` (rolling windows of 24 hours, 7 and 30 days).
    pub period: String,
    /// A positive money string in the player's currency.
    pub amount: String,
}

/// The player's limits.
#[derive(Serialize, ToSchema)]
pub struct LimitsResponse {
    /// Every limit in force.
    pub items: Vec<LimitView>,
}

/// An exclusion request: `{"kind":"time_out","days":1..42}`,
/// `{"kind":"self_exclusion","months":6..60}` or
/// `{"kind":"self_exclusion","permanent":true}`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExclusionBody {
    /// `time_out` or `self_exclusion`.
    pub kind: String,
    /// Days of a time-out, 1 to 42.
    pub days: Option<i64>,
    /// Months of a self-exclusion, 6 (or the jurisdiction's minimum) to 60.
    pub months: Option<i64>,
    /// A permanent self-exclusion.
    pub permanent: Option<bool>,
}

/// A settings change; absent (or null) fields stay as they are.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsBody {
    /// Reality-check interval, 10 to 480 minutes; `0` switches it off.
    pub reality_check_minutes: Option<i64>,
    /// Session time limit, 10 to 1440 minutes; `0` switches it off.
    pub session_limit_minutes: Option<i64>,
    /// Break after the session limit, 1 to 1440 minutes.
    pub session_break_minutes: Option<i64>,
    /// Loss-alert threshold, a positive money string; `""` switches it off.
    pub loss_alert: Option<String>,
    /// The rolling window of loss alerts: `day`, `week` or `month`.
    pub loss_alert_period: Option<String>,
}

/// Identity document metadata for the KYC provider.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KycBody {
    /// `passport`, `id_card` or `driving_licence`.
    pub document_type: String,
    /// Issuing country, ISO 3166-1 alpha-2.
    pub document_country: String,
    /// The document number, 4 to 32 letters and digits.
    pub document_number: String,
    /// The name as on the document, 1 to 200 characters.
    pub full_name: String,
}

/// A country's rules; `country` must match the path.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JurisdictionBody {
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// Minimum age to register, 16 to 25.
    pub minimum_age: i64,
    /// A deposit limit must be set or declined before the first deposit.
    pub deposit_limit_prompt_mandatory: bool,
    /// Reality-check interval imposed on every player, 10 to 480 minutes;
    /// null for none.
    pub mandatory_reality_check_minutes: Option<i64>,
    /// Shortest self-exclusion, 6 to 60 months.
    pub minimum_self_exclusion_months: i64,
    /// Identity must be verified before the first deposit.
    pub kyc_required_before_first_deposit: bool,
}

/// A whole number a body gave for `field`, as the engine's `u32`: a
/// negative or huge one is a bad value (422 on `field`), not a bad shape.
fn count(field: &str, value: i64) -> Result<u32, ApiError> {
    u32::try_from(value).map_err(|_| ApiError::validation(field, "Out of range."))
}

/// [`count`] of an optional field.
fn count_opt(field: &str, value: Option<i64>) -> Result<Option<u32>, ApiError> {
    value.map(|v| count(field, v)).transpose()
}

/// The exclusion in force.
#[derive(Serialize, ToSchema)]
pub struct ExclusionResponse {
    /// `time_out` or `self_exclusion`.
    pub kind: String,
    /// End; null when permanent.
    pub until: Option<DateTime<Utc>>,
}

/// A list answer.
#[derive(Serialize, ToSchema)]
pub struct Items<T> {
    /// The items.
    pub items: Vec<T>,
}

/// An operator loss-alert threshold; null removes it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OperatorLossAlertBody {
    /// A positive money string in the player's currency, or null.
    pub amount: Option<String>,
}

fn parse_kind(s: &str) -> Result<LimitKind, ApiError> {
    s.parse()
        .map_err(|_| ApiError::validation("kind", "Use deposit, loss or wager."))
}

fn parse_period(s: &str) -> Result<LimitPeriod, ApiError> {
    s.parse()
        .map_err(|_| ApiError::validation("period", "Use day, week or month."))
}

fn parse_player(s: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(s).map_err(|_| ApiError::not_found())
}

/// The player's limits in force with their pending changes.
#[utoipa::path(get, path = "/api/v1/responsible-gaming/limits", tag = "responsible_gaming",
    responses((status = 200, body = LimitsResponse), (status = 401, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_limits(
    caller: Caller,
    State(state): State<AppState>,
) -> ApiResult<Json<LimitsResponse>> {
    let items = state
        .engine
        .compliance()
        .limits(caller.0.user_id, state.engine.now())
        .await?;
    Ok(Json(LimitsResponse { items }))
}

/// Sets a limit: lower at once, higher after 24 hours (`pending`).
#[utoipa::path(put, path = "/api/v1/responsible-gaming/limits", tag = "responsible_gaming",
    request_body = LimitBody,
    responses((status = 200, body = LimitView), (status = 401, body = ErrorBody),
              (status = 422, description = "validation_failed", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn put_limit(
    caller: Caller,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<LimitBody>,
) -> ApiResult<Json<LimitView>> {
    let kind = parse_kind(&body.kind)?;
    let period = parse_period(&body.period)?;
    let view = state
        .engine
        .compliance()
        .set_limit(
            &caller.0,
            caller.0.user_id,
            kind,
            period,
            Some(&body.amount),
            state.engine.now(),
        )
        .await?;
    state.engine.events().wake();
    Ok(Json(view))
}

/// Removes a limit after the 24-hour cooling-off (a removal is an increase).
#[utoipa::path(delete, path = "/api/v1/responsible-gaming/limits/{kind}/{period}",
    tag = "responsible_gaming",
    params(("kind" = String, Path, description = "deposit, loss or wager"),
           ("period" = String, Path, description = "day, week or month")),
    responses((status = 200, body = LimitView), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn delete_limit(
    caller: Caller,
    State(state): State<AppState>,
    Path((kind, period)): Path<(String, String)>,
) -> ApiResult<Json<LimitView>> {
    let (Ok(kind), Ok(period)) = (kind.parse::<LimitKind>(), period.parse::<LimitPeriod>()) else {
        return Err(ApiError::not_found());
    };
    let view = state
        .engine
        .compliance()
        .set_limit(
            &caller.0,
            caller.0.user_id,
            kind,
            period,
            None,
            state.engine.now(),
        )
        .await?;
    Ok(Json(view))
}

/// Starts a time-out or self-exclusion, effective at once for every session.
#[utoipa::path(post, path = "/api/v1/responsible-gaming/exclusions", tag = "responsible_gaming",
    request_body = ExclusionBody,
    responses((status = 201, body = ExclusionResponse), (status = 401, body = ErrorBody),
              (status = 422, description = "validation_failed", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn post_exclusion(
    caller: Caller,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<ExclusionBody>,
) -> ApiResult<(StatusCode, Json<ExclusionResponse>)> {
    let kind: ExclusionKind = body.kind.parse().map_err(|_| {
        ApiError::validation(
            "kind",
            "time_out with days, or self_exclusion with months or permanent",
        )
    })?;
    let request = ExclusionRequestBody {
        kind,
        days: count_opt("days", body.days)?,
        months: count_opt("months", body.months)?,
        permanent: body.permanent,
    };
    let exclusion = state
        .engine
        .compliance()
        .exclude(&caller.0, caller.0.user_id, request, state.engine.now())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(ExclusionResponse {
            kind: exclusion.kind.code().to_owned(),
            until: exclusion.until,
        }),
    ))
}

/// One page of the player's exclusions, newest first; `next_cursor` (null
/// on the last page) fetches the next, older one.
#[utoipa::path(get, path = "/api/v1/responsible-gaming/exclusions", tag = "responsible_gaming",
    params(ListQuery),
    responses((status = 200, body = Paged<ExclusionView>),
              (status = 401, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "validation_failed on limit or cursor")),
    security(("bearer" = [])))]
pub async fn list_exclusions(
    caller: Caller,
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<Paged<ExclusionView>>> {
    let limit = lists::list_limit(q.limit)?;
    let page = state
        .engine
        .compliance()
        .exclusion_history_page(
            caller.0.user_id,
            state.engine.now(),
            limit,
            q.cursor.as_deref(),
        )
        .await?;
    Ok(Json(page.into()))
}

/// One page of the player's limit history (who, when, old → new, effective
/// when), newest first; `next_cursor` (null on the last page) fetches the
/// next, older one.
#[utoipa::path(get, path = "/api/v1/responsible-gaming/history", tag = "responsible_gaming",
    params(ListQuery),
    responses((status = 200, body = Paged<LimitChangeView>),
              (status = 401, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "validation_failed on limit or cursor")),
    security(("bearer" = [])))]
pub async fn own_history(
    caller: Caller,
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<Paged<LimitChangeView>>> {
    let limit = lists::list_limit(q.limit)?;
    let page = state
        .engine
        .compliance()
        .limit_history_page(caller.0.user_id, limit, q.cursor.as_deref())
        .await?;
    Ok(Json(page.into()))
}

/// The player's reality-check, session-limit and loss-alert settings.
#[utoipa::path(get, path = "/api/v1/responsible-gaming/settings", tag = "responsible_gaming",
    responses((status = 200, body = SettingsView), (status = 401, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_settings(
    caller: Caller,
    State(state): State<AppState>,
) -> ApiResult<Json<SettingsView>> {
    Ok(Json(
        state.engine.compliance().settings(caller.0.user_id).await?,
    ))
}

/// Changes settings: `reality_check_minutes` (10–480, 0 = off),
/// `session_limit_minutes` (10–1440, 0 = off), `session_break_minutes`
/// (1–1440), `loss_alert` (money string, "" = off), `loss_alert_period`.
/// A looser session limit (longer, shorter break, or off) is returned as
/// `pending_session_limit` and applies after a 24-hour cooling-off.
#[utoipa::path(put, path = "/api/v1/responsible-gaming/settings", tag = "responsible_gaming",
    request_body = SettingsBody,
    responses((status = 200, body = SettingsView), (status = 401, body = ErrorBody),
              (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn put_settings(
    caller: Caller,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<SettingsBody>,
) -> ApiResult<Json<SettingsView>> {
    let loss_alert_period = body
        .loss_alert_period
        .as_deref()
        .map(|p| {
            p.parse::<LimitPeriod>()
                .map_err(|_| ApiError::validation("loss_alert_period", "Use day, week or month."))
        })
        .transpose()?;
    let change = SettingsChange {
        reality_check_minutes: count_opt("reality_check_minutes", body.reality_check_minutes)?,
        session_limit_minutes: count_opt("session_limit_minutes", body.session_limit_minutes)?,
        session_break_minutes: count_opt("session_break_minutes", body.session_break_minutes)?,
        loss_alert: body.loss_alert,
        loss_alert_period,
    };
    Ok(Json(
        state
            .engine
            .compliance()
            .update_settings(&caller.0, change, state.engine.now())
            .await?,
    ))
}

/// Records the answer to the deposit-limit prompt (a limit was set, or the
/// player declined).
#[utoipa::path(post, path = "/api/v1/responsible-gaming/deposit-limit-prompt",
    tag = "responsible_gaming",
    responses((status = 200, body = SettingsView), (status = 401, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn answer_prompt(
    caller: Caller,
    State(state): State<AppState>,
) -> ApiResult<Json<SettingsView>> {
    Ok(Json(
        state
            .engine
            .compliance()
            .answer_deposit_limit_prompt(&caller.0, state.engine.now())
            .await?,
    ))
}

/// The caller's play session: start, reality check (`due_at`, summary),
/// session limit and break.
#[utoipa::path(get, path = "/api/v1/responsible-gaming/session", tag = "responsible_gaming",
    responses((status = 200, body = SessionState), (status = 401, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn session(
    caller: Caller,
    State(state): State<AppState>,
) -> ApiResult<Json<SessionState>> {
    Ok(Json(
        state
            .engine
            .compliance()
            .session_state(&caller.0, state.engine.now())
            .await?,
    ))
}

/// Acknowledges the reality check; play resumes and the next check falls
/// one interval later.
#[utoipa::path(post, path = "/api/v1/responsible-gaming/reality-check/acknowledge",
    tag = "responsible_gaming",
    responses((status = 200, body = SessionState), (status = 401, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn acknowledge(
    caller: Caller,
    State(state): State<AppState>,
) -> ApiResult<Json<SessionState>> {
    Ok(Json(
        state
            .engine
            .compliance()
            .acknowledge_reality_check(&caller.0, state.engine.now())
            .await?,
    ))
}

/// Submits identity documents (metadata) to the KYC provider.
#[utoipa::path(post, path = "/api/v1/kyc/submissions", tag = "responsible_gaming",
    request_body = KycBody,
    responses((status = 201, description = "The submission, `pending`", body = KycSubmissionView),
              (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn submit_kyc(
    caller: Caller,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<KycBody>,
) -> ApiResult<(StatusCode, Json<KycSubmissionView>)> {
    let document = KycDocument {
        document_type: body.document_type,
        document_country: body.document_country,
        document_number: body.document_number,
        full_name: body.full_name,
    };
    let view = state
        .engine
        .compliance()
        .submit_kyc(&caller.0, document, state.engine.now())
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// One page of the caller's KYC submissions, newest first; `next_cursor`
/// (null on the last page) fetches the next, older one.
#[utoipa::path(get, path = "/api/v1/kyc/submissions", tag = "responsible_gaming",
    params(("limit" = Option<u64>, Query, description = "1-200, default 20; out of range → 422 `validation_failed` on `limit`"),
           ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page (absent: the newest submissions); a malformed cursor → 422 `validation_failed` on `cursor`")),
    responses((status = 200, body = Paged<KycSubmissionView>), (status = 401, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "validation_failed on limit or cursor")),
    security(("bearer" = [])))]
pub async fn my_kyc(
    caller: Caller,
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<Paged<KycSubmissionView>>> {
    let limit = checked_limit(
        q.limit,
        engine::compliance::kyc::DEFAULT_OWN_SUBMISSIONS,
        engine::compliance::MAX_HISTORY_ROWS,
    )
    .map_err(|e| ApiError::validation(LIMIT_FIELD, &e.to_string()))?;
    let page = state
        .engine
        .compliance()
        .my_kyc_page(&caller.0, limit, q.cursor.as_deref())
        .await?;
    Ok(Json(page.into()))
}

/// The sandbox KYC provider's decision, HMAC-SHA256 signed over the raw
/// body in `X-Sandbox-Signature: sha256=<hex>`; body
/// `{"reference","outcome":"clear"|"consider"|"rejected"}`.
#[utoipa::path(post, path = "/api/v1/kyc/webhooks/sandbox", tag = "responsible_gaming",
    params(("X-Sandbox-Signature" = String, Header, description = "sha256=<hex HMAC-SHA256 of the body>")),
    request_body(content = String, description = "{\"reference\",\"outcome\":\"clear\"|\"consider\"|\"rejected\"}", content_type = "application/json"),
    responses((status = 200, body = KycSubmissionView),
              (status = 401, description = "invalid_signature", body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn kyc_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<KycSubmissionView>> {
    let headers: Vec<(String, String)> = headers
        .iter()
        .filter_map(|(name, value)| {
            value
                .to_str()
                .ok()
                .map(|v| (name.as_str().to_ascii_lowercase(), v.to_owned()))
        })
        .collect();
    let view = state
        .engine
        .compliance()
        .kyc_webhook(&headers, &body)
        .await?;
    Ok(Json(view))
}

/// A player's responsible-gaming record: limits, limit history,
/// exclusions, loss alerts (compliance, admin).
#[utoipa::path(get, path = "/api/v1/admin/players/{player_id}/responsible-gaming",
    tag = "compliance", params(("player_id" = Uuid, Path, description = "The player")),
    responses((status = 200, body = RgHistory), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn player_history(
    caller: Authorized<ComplianceTeam>,
    State(state): State<AppState>,
    Path(player_id): Path<String>,
) -> ApiResult<Json<RgHistory>> {
    let player = parse_player(&player_id)?;
    Ok(Json(
        state
            .engine
            .compliance()
            .history(&caller.0, player, state.engine.now())
            .await?,
    ))
}

/// Sets or removes (null) the operator's loss-alert threshold for a player
/// (compliance, admin).
#[utoipa::path(put, path = "/api/v1/admin/players/{player_id}/loss-alert", tag = "compliance",
    request_body = OperatorLossAlertBody,
    params(("player_id" = Uuid, Path, description = "The player")),
    responses((status = 200, description = "The player's settings", body = SettingsView),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn set_operator_loss_alert(
    caller: Authorized<ComplianceTeam>,
    State(state): State<AppState>,
    Path(player_id): Path<String>,
    ApiJson(body): ApiJson<OperatorLossAlertBody>,
) -> ApiResult<Json<SettingsView>> {
    let player = parse_player(&player_id)?;
    Ok(Json(
        state
            .engine
            .compliance()
            .set_operator_loss_alert(
                &caller.0,
                player,
                body.amount.as_deref(),
                state.engine.now(),
            )
            .await?,
    ))
}

/// Every configured country's rules (compliance, admin).
#[utoipa::path(get, path = "/api/v1/admin/jurisdictions", tag = "compliance",
    responses((status = 200, body = Items<JurisdictionView>), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_jurisdictions(
    _: Authorized<ComplianceTeam>,
    State(state): State<AppState>,
) -> ApiResult<Json<Items<JurisdictionView>>> {
    let items = state.engine.compliance().jurisdictions().await?;
    Ok(Json(Items { items }))
}

/// Creates or replaces a country's rules (compliance, admin); audited.
#[utoipa::path(put, path = "/api/v1/admin/jurisdictions/{country}", tag = "compliance",
    params(("country" = String, Path, description = "ISO 3166-1 alpha-2")),
    request_body = JurisdictionBody,
    responses((status = 200, body = JurisdictionView), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn put_jurisdiction(
    caller: Authorized<ComplianceTeam>,
    State(state): State<AppState>,
    Path(country): Path<String>,
    ApiJson(body): ApiJson<JurisdictionBody>,
) -> ApiResult<Json<JurisdictionView>> {
    let mut view = JurisdictionView {
        country: body.country,
        minimum_age: count("minimum_age", body.minimum_age)?,
        deposit_limit_prompt_mandatory: body.deposit_limit_prompt_mandatory,
        mandatory_reality_check_minutes: count_opt(
            "mandatory_reality_check_minutes",
            body.mandatory_reality_check_minutes,
        )?,
        minimum_self_exclusion_months: count(
            "minimum_self_exclusion_months",
            body.minimum_self_exclusion_months,
        )?,
        kyc_required_before_first_deposit: body.kyc_required_before_first_deposit,
    };
    if !view.country.eq_ignore_ascii_case(&country) {
        return Err(ApiError::validation(
            "country",
            "The body's country must match the path.",
        ));
    }
    view.country = country.to_uppercase();
    Ok(Json(
        state
            .engine
            .compliance()
            .set_jurisdiction(&caller.0, view, state.engine.now())
            .await?,
    ))
}
