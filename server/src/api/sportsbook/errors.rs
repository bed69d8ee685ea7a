//! How the engine's sportsbook refusals answer over HTTP: status, stable
//! code, message for people and `details`.

use axum::http::StatusCode;
use engine::sportsbook::SportsbookError;
use serde_json::json;

use crate::api::error::ApiError;

impl From<SportsbookError> for ApiError {
    fn from(e: SportsbookError) -> Self {
        let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
        match e {
            SportsbookError::NotFound => ApiError::not_found(),
            SportsbookError::Forbidden => ApiError::forbidden(),
            SportsbookError::Validation { field, message } => {
                ApiError::validation(&field, &message)
            }
            SportsbookError::SelectionUnavailable { selection_id } => ApiError::new(
                unprocessable,
                "selection_unavailable",
                "This selection is not available for betting now.",
            )
            .with_details(json!({ "selection_id": selection_id })),
            SportsbookError::RelatedSelections { selection_ids } => ApiError::new(
                unprocessable,
                "related_selections",
                "Two legs of one event cannot be combined in one bet.",
            )
            .with_details(json!({ "selection_ids": selection_ids })),
            SportsbookError::OddsChanged { legs } => ApiError::new(
                StatusCode::CONFLICT,
                "odds_changed",
                "The odds changed; check the current odds and try again.",
            )
            .with_details(json!({
                "legs": legs.iter().map(|(id, odds)| json!({
                    "selection_id": id, "odds": odds.to_string()
                })).collect::<Vec<_>>()
            })),
            SportsbookError::StakeLimitExceeded {
                selection_id,
                max_stake,
            } => ApiError::new(
                unprocessable,
                "stake_limit_exceeded",
                format!("The most you can stake on this selection is {max_stake}."),
            )
            .with_details(json!({ "selection_id": selection_id, "max_stake": max_stake })),
            SportsbookError::ExposureLimitExceeded { selection_id } => ApiError::new(
                unprocessable,
                "exposure_limit_exceeded",
                "This bet would exceed what we accept on this selection.",
            )
            .with_details(json!({ "selection_id": selection_id })),
            SportsbookError::AlreadySettled => ApiError::new(
                StatusCode::CONFLICT,
                "already_settled",
                "This market is settled already.",
            ),
            SportsbookError::NotSettled => ApiError::new(
                StatusCode::CONFLICT,
                "not_settled",
                "This market is not settled yet.",
            ),
            SportsbookError::FreeBetNotEligible => ApiError::new(
                unprocessable,
                "free_bet_not_eligible",
                "This free bet cannot stake this bet (used, expired, not yours, or odds below its minimum).",
            ),
            SportsbookError::CashOutUnavailable { reason } => ApiError::new(
                StatusCode::CONFLICT,
                "cash_out_unavailable",
                cash_out_refusal(reason),
            )
            .with_details(json!({ "reason": reason })),
            SportsbookError::CashOutChanged { quote, expired } => {
                let (code, message) = if expired {
                    (
                        "quote_expired",
                        "The cash-out offer expired; here is the current one.",
                    )
                } else {
                    (
                        "odds_changed",
                        "The odds changed since the cash-out offer; here is the current one.",
                    )
                };
                ApiError::new(StatusCode::CONFLICT, code, message)
                    .with_details(json!({ "quote": quote }))
            }
            SportsbookError::Compliance(e) => e.into(),
            SportsbookError::Wallet(e) => crate::api::wallet::stake_error(e),
            SportsbookError::Unexpected(e) => ApiError::internal(&format!("{e:#}")),
        }
    }
}

/// Why a bet cannot be cashed out, for people.
fn cash_out_refusal(reason: &str) -> &'static str {
    use engine::sportsbook::cashout::reason;
    match reason {
        reason::NOT_OPEN => "This bet is settled or cashed out already.",
        reason::BET_KIND => "Only singles and accumulators can be cashed out.",
        reason::LEG_LOST => "A leg of this bet did not win.",
        reason::SUSPENDED => {
            "Cash-out is suspended while a market of this bet is closed for betting."
        }
        reason::NO_OPEN_LEG => "Every leg of this bet is settled; it is being paid.",
        reason::FREE_BET => "A free bet cannot be cashed out.",
        _ => "This bet cannot be cashed out now.",
    }
}
