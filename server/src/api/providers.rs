//! Contract monitoring of game providers over HTTP (admin): per provider the
//! callbacks answered, protocol violations, the error rate and whether it
//! crossed the alert threshold; and setting that threshold. The counts are
//! the ones `/metrics` exports (see [`engine::casino::health`]).

use axum::Json;
use axum::extract::State;
use engine::casino::health::{BASIS_POINTS, HealthReport};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{Admins, ApiJson, Authorized};
use crate::state::AppState;

/// One provider's callback health.
#[derive(Serialize, ToSchema)]
pub struct ProviderHealthResponse {
    /// Provider code, e.g. `hub88`.
    pub provider: String,
    /// Callbacks answered since the server started.
    pub callbacks: u64,
    /// Answered OK.
    pub ok: u64,
    /// Refused for the player's sake (not enough money, limits,
    /// self-exclusion, expired token).
    pub refused: u64,
    /// Answered with an error status (bad signature, syntax or types,
    /// unknown token or game, duplicates, unexpected failures).
    pub errors: u64,
    /// Fields outside the protocol.
    pub unknown_fields: u64,
    /// Requests missing a required field.
    pub missing_fields: u64,
    /// Requests with wrongly typed fields.
    pub wrong_types: u64,
    /// Bodies that were not JSON objects.
    pub wrong_syntax: u64,
    /// Requests whose signature failed.
    pub signature_failures: u64,
    /// Answers by status code.
    pub by_status: std::collections::BTreeMap<String, u64>,
    /// `errors / callbacks` as a decimal fraction string (`"0.0125"`).
    pub error_rate: String,
    /// True when the error rate is above the alert threshold.
    pub alert: bool,
}

/// The health of every provider seen since the start.
#[derive(Serialize, ToSchema)]
pub struct ProvidersHealthResponse {
    /// Alert threshold, a decimal fraction string (`"0.05"` = 5 %).
    pub alert_error_rate: String,
    /// Providers by code.
    pub items: Vec<ProviderHealthResponse>,
}

/// Basis points as a decimal fraction string (`500` → `"0.05"`).
fn fraction(bp: u32) -> String {
    let whole = bp / BASIS_POINTS;
    let part = format!("{:04}", bp % BASIS_POINTS);
    let part = part.trim_end_matches('0');
    if part.is_empty() {
        whole.to_string()
    } else {
        format!("{whole}.{part}")
    }
}

impl From<HealthReport> for ProvidersHealthResponse {
    fn from(r: HealthReport) -> Self {
        Self {
            alert_error_rate: fraction(r.alert_error_rate_bp),
            items: r
                .providers
                .into_iter()
                .map(|p| ProviderHealthResponse {
                    provider: p.provider,
                    callbacks: p.counts.callbacks,
                    ok: p.counts.ok,
                    refused: p.counts.refused,
                    errors: p.counts.errors,
                    unknown_fields: p.counts.unknown_fields,
                    missing_fields: p.counts.missing_fields,
                    wrong_types: p.counts.wrong_types,
                    wrong_syntax: p.counts.wrong_syntax,
                    signature_failures: p.counts.signature_failures,
                    by_status: p.counts.by_status,
                    error_rate: fraction(p.error_rate_bp),
                    alert: p.alert,
                })
                .collect(),
        }
    }
}

/// `GET /admin/providers/health` (admin).
#[utoipa::path(get, path = "/api/v1/admin/providers/health", tag = "casino",
    security(("bearer" = [])),
    responses((status = 200, body = ProvidersHealthResponse), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub async fn health(
    caller: Authorized<Admins>,
    State(state): State<AppState>,
) -> ApiResult<Json<ProvidersHealthResponse>> {
    let actor = &caller.0;
    Ok(Json(state.engine.casino().provider_health(actor)?.into()))
}

/// A new alert threshold.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThresholdBody {
    /// Error rate above which a provider is flagged, a decimal fraction
    /// string above 0 and at most 1 with at most 4 decimals (`"0.05"`).
    pub alert_error_rate: String,
}

/// The threshold in basis points, or a 422.
pub fn threshold_bp(value: &str) -> ApiResult<u32> {
    let invalid = || {
        ApiError::validation(
            "alert_error_rate",
            "Give a fraction above 0 and at most 1 with at most 4 decimals, such as 0.05.",
        )
    };
    let value = value.trim();
    let (whole, part) = value.split_once('.').unwrap_or((value, ""));
    if whole.is_empty()
        || part.len() > 4
        || !whole
            .chars()
            .chain(part.chars())
            .all(|c| c.is_ascii_digit())
        || whole.len() > 2
    {
        return Err(invalid());
    }
    let whole: u32 = whole.parse().map_err(|_| invalid())?;
    let part: u32 = format!("{part:0<4}").parse().map_err(|_| invalid())?;
    let bp = whole * BASIS_POINTS + part;
    if bp == 0 || bp > BASIS_POINTS {
        return Err(invalid());
    }
    Ok(bp)
}

/// `PUT /admin/providers/health/threshold` (admin): sets the alert
/// threshold (kept in memory until the server restarts; audited).
#[utoipa::path(put, path = "/api/v1/admin/providers/health/threshold", tag = "casino",
    request_body = ThresholdBody, security(("bearer" = [])),
    responses((status = 200, body = ProvidersHealthResponse), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn set_threshold(
    caller: Authorized<Admins>,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<ThresholdBody>,
) -> ApiResult<Json<ProvidersHealthResponse>> {
    let actor = &caller.0;
    let bp = threshold_bp(&body.alert_error_rate)?;
    Ok(Json(
        state
            .engine
            .casino()
            .set_alert_threshold(actor, bp)
            .await?
            .into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_fractions_with_at_most_four_decimals() {
        assert_eq!(threshold_bp("0.05").ok(), Some(500));
        assert_eq!(threshold_bp("1").ok(), Some(10_000));
        assert_eq!(threshold_bp("0.0001").ok(), Some(1));
        for bad in ["0", "-0.1", "1.0001", "0.00005", "abc", ""] {
            assert!(threshold_bp(bad).is_err(), "{bad}");
        }
        assert_eq!(fraction(500), "0.05");
        assert_eq!(fraction(0), "0");
    }
}
