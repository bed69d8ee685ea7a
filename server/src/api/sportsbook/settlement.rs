//! Settling markets by outcomes or score, resettling them, and voiding
//! them (trader).

use axum::Json;
use axum::extract::{Path, State};
use domain::api::sportsbook::{Resettled, Settled};
use domain::betting::LegOutcome;
use engine::sportsbook::{Outcome, Settlement};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{id_or_404, parse_decimal};
use crate::api::error::{ApiError, ApiResult, ErrorBody};
use crate::api::extract::{ApiJson, Authorized, Traders};
use crate::state::AppState;

/// One selection's result.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeBody {
    /// Selection id.
    pub selection_id: String,
    /// `win`, `lose`, `void`, `push`, `half_win` or `half_lose`.
    pub result: String,
    /// Dead-heat factor of a win, e.g. `"0.5"`.
    pub dead_heat_factor: Option<String>,
    /// Rule 4 deduction of a win, e.g. `"0.15"`.
    pub rule4_deduction: Option<String>,
}

/// A final score.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreBody {
    /// Home score.
    pub home: u32,
    /// Away score.
    pub away: u32,
}

/// Results: `outcomes` naming every selection once, or (line markets) `score`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettleBody {
    /// Every selection's result.
    pub outcomes: Option<Vec<OutcomeBody>>,
    /// The final score.
    pub score: Option<ScoreBody>,
}

/// Why a market is void.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoidBody {
    /// The reason, 1–500 characters.
    pub reason: String,
}

/// The engine's settlement for a settle or resettle body.
fn settlement_of(body: SettleBody) -> ApiResult<Settlement> {
    match (body.outcomes, body.score) {
        (Some(outcomes), None) => {
            let mut out = Vec::with_capacity(outcomes.len());
            for o in outcomes {
                let selection_id = Uuid::parse_str(o.selection_id.trim()).map_err(|_| {
                    ApiError::validation("outcomes.selection_id", "Unknown selection.")
                })?;
                let result = o.result.parse().map_err(|_| {
                    ApiError::validation(
                        "outcomes.result",
                        "Use win, lose, void, push, half_win or half_lose.",
                    )
                })?;
                let outcome = LegOutcome::new(
                    result,
                    parse_decimal("outcomes.dead_heat_factor", o.dead_heat_factor.as_deref())?,
                    parse_decimal("outcomes.rule4_deduction", o.rule4_deduction.as_deref())?,
                )
                .map_err(|e| ApiError::validation("outcomes", &e.to_string()))?;
                out.push(Outcome {
                    selection_id,
                    outcome,
                });
            }
            Ok(Settlement::Outcomes(out))
        }
        (None, Some(score)) => Ok(Settlement::Score {
            home: score.home,
            away: score.away,
        }),
        _ => Err(ApiError::validation(
            "outcomes",
            "Give either outcomes or a score.",
        )),
    }
}

/// `POST /admin/markets/{id}/settle` (trader): by outcomes or, for line
/// markets, by score; pays every bet whose legs are all settled.
#[utoipa::path(post, path = "/api/v1/admin/markets/{id}/settle", tag = "sportsbook",
    params(("id" = Uuid, Path, description = "Market id")), request_body = SettleBody,
    security(("bearer" = [])),
    responses((status = 200, body = Settled), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "already_settled"),
        (status = 422, body = ErrorBody)))]
pub async fn settle_market(
    caller: Authorized<Traders>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SettleBody>,
) -> ApiResult<Json<Settled>> {
    let actor = &caller.0;
    let id = id_or_404(&id)?;
    let settlement = settlement_of(body)?;
    let report = state
        .engine
        .sportsbook()
        .settle_market(actor, id, &settlement)
        .await?;
    Ok(Json(Settled {
        market_id: report.market_id,
        settled_bets: report.bets,
    }))
}

/// `POST /admin/markets/{id}/resettle` (trader): reverses earlier payouts
/// with new ledger entries and applies the new result.
#[utoipa::path(post, path = "/api/v1/admin/markets/{id}/resettle", tag = "sportsbook",
    params(("id" = Uuid, Path, description = "Market id")), request_body = SettleBody,
    security(("bearer" = [])),
    responses((status = 200, body = Resettled), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "not_settled"),
        (status = 422, body = ErrorBody)))]
pub async fn resettle_market(
    caller: Authorized<Traders>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SettleBody>,
) -> ApiResult<Json<Resettled>> {
    let actor = &caller.0;
    let id = id_or_404(&id)?;
    let settlement = settlement_of(body)?;
    let report = state
        .engine
        .sportsbook()
        .resettle_market(actor, id, &settlement)
        .await?;
    Ok(Json(Resettled {
        market_id: report.market_id,
        resettled_bets: report.bets,
    }))
}

/// `POST /admin/markets/{id}/void` (trader): voids every leg on the market.
#[utoipa::path(post, path = "/api/v1/admin/markets/{id}/void", tag = "sportsbook",
    params(("id" = Uuid, Path, description = "Market id")), request_body = VoidBody,
    security(("bearer" = [])),
    responses((status = 200, body = Settled), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn void_market(
    caller: Authorized<Traders>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<VoidBody>,
) -> ApiResult<Json<Settled>> {
    let actor = &caller.0;
    let id = id_or_404(&id)?;
    let report = state
        .engine
        .sportsbook()
        .void_market(actor, id, &body.reason)
        .await?;
    Ok(Json(Settled {
        market_id: report.market_id,
        settled_bets: report.bets,
    }))
}
