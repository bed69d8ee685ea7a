//! Engine refusals as the answers the pages show: a refused bet
//! ([`BetOutcome`]), cash-out ([`CashOutData`]) or trader command
//! ([`TradeOutcome`]), each with a stable code and a message for people.
//! Server only.

use engine::WalletError;
use engine::compliance::ComplianceError;
use engine::sportsbook::{CashOutQuote, SportsbookError};

use super::{BetOutcome, CashOutData, TradeOutcome, capitalised};
use crate::model::codes;

/// A cash-out offer as My bets shows it.
pub fn offer(q: CashOutQuote, ok: bool, message: String) -> CashOutData {
    CashOutData {
        ok,
        message,
        amount: Some(q.amount),
        currency: q.currency,
        quote_id: Some(q.quote_id),
        ..CashOutData::default()
    }
}

/// A refused cash-out (or offer) as My bets shows it.
pub fn cash_out_refused(e: SportsbookError) -> CashOutData {
    use engine::sportsbook::cashout::reason;
    match e {
        SportsbookError::CashOutChanged { quote, expired } => {
            let amount = format!("{} {}", quote.amount, quote.currency);
            let (code, message) = if expired {
                (
                    codes::QUOTE_EXPIRED,
                    format!("The offer expired. The cash-out offer is now {amount}."),
                )
            } else {
                (
                    codes::ODDS_CHANGED,
                    format!("The odds changed. The cash-out offer is now {amount}."),
                )
            };
            CashOutData {
                code: Some(code.to_owned()),
                ..offer(*quote, false, message)
            }
        }
        SportsbookError::CashOutUnavailable { reason: why } => CashOutData {
            code: Some(codes::CASH_OUT_UNAVAILABLE.to_owned()),
            reason: Some(why.to_owned()),
            message: match why {
                reason::NOT_OPEN => "This bet is settled or cashed out already.",
                reason::BET_KIND => "Only singles and accumulators can be cashed out.",
                reason::LEG_LOST => "A leg of this bet did not win.",
                reason::SUSPENDED => "Cash-out is suspended while a market is closed.",
                reason::NO_OPEN_LEG => "Every leg is settled; the bet is being paid.",
                _ => "Cash-out is not available for this bet now.",
            }
            .to_owned(),
            ..CashOutData::default()
        },
        SportsbookError::NotFound => CashOutData {
            code: Some(codes::NOT_FOUND.to_owned()),
            message: "This bet was not found.".to_owned(),
            ..CashOutData::default()
        },
        SportsbookError::Wallet(WalletError::Conflict) => CashOutData {
            code: Some(codes::CONFLICT.to_owned()),
            message: "Another payment is in progress. Please try again.".to_owned(),
            ..CashOutData::default()
        },
        other => {
            leptos::logging::error!("cash-out: {other}");
            CashOutData {
                code: Some(codes::INTERNAL.to_owned()),
                message: "The cash-out could not be completed. Please try again.".to_owned(),
                ..CashOutData::default()
            }
        }
    }
}

fn failure(code: &str, message: impl Into<String>) -> BetOutcome {
    BetOutcome {
        code: Some(code.to_owned()),
        message: message.into(),
        ..BetOutcome::default()
    }
}

/// A refused bet as the betslip shows it.
pub fn refused(e: SportsbookError) -> BetOutcome {
    match e {
        SportsbookError::OddsChanged { legs } => BetOutcome {
            current_odds: legs
                .iter()
                .map(|(id, odds)| (id.to_string(), odds.to_string()))
                .collect(),
            ..failure(
                codes::ODDS_CHANGED,
                "The odds changed. Check the new odds and place the bet again, or accept odds changes.",
            )
        },
        SportsbookError::SelectionUnavailable { selection_id } => BetOutcome {
            selection_ids: vec![selection_id.to_string()],
            ..failure(
                codes::SELECTION_UNAVAILABLE,
                "A selection is not available for betting now (market suspended, settled or event started). Remove it to continue.",
            )
        },
        SportsbookError::RelatedSelections { selection_ids } => BetOutcome {
            selection_ids: selection_ids.iter().map(ToString::to_string).collect(),
            ..failure(
                codes::RELATED_SELECTIONS,
                "Two selections of one event cannot be combined in one bet. Place them as singles or remove one.",
            )
        },
        SportsbookError::StakeLimitExceeded {
            selection_id,
            max_stake,
        } => BetOutcome {
            selection_ids: vec![selection_id.to_string()],
            ..failure(
                codes::STAKE_LIMIT_EXCEEDED,
                format!("The most you can stake on this selection is {max_stake}."),
            )
        },
        SportsbookError::ExposureLimitExceeded { selection_id } => BetOutcome {
            selection_ids: vec![selection_id.to_string()],
            ..failure(
                codes::EXPOSURE_LIMIT_EXCEEDED,
                "This bet is more than we can accept on this selection. Lower the stake.",
            )
        },
        SportsbookError::Wallet(WalletError::InsufficientFunds) => failure(
            codes::INSUFFICIENT_FUNDS,
            "Not enough cash for this stake. Deposit in your wallet or lower the stake.",
        ),
        SportsbookError::Wallet(WalletError::IdempotencyKeyReused) => failure(
            codes::CONFLICT,
            "This betslip changed while it was being placed. Please place it again.",
        ),
        SportsbookError::Wallet(WalletError::Conflict) => failure(
            codes::CONFLICT,
            "Another bet is in progress. Please try again.",
        ),
        SportsbookError::Compliance(ComplianceError::SelfExcluded { until }) => failure(
            codes::SELF_EXCLUDED,
            match until {
                Some(until) => format!(
                    "You have excluded yourself from gambling until {} UTC.",
                    until.format("%Y-%m-%d %H:%M")
                ),
                None => "You have excluded yourself from gambling.".to_owned(),
            },
        ),
        SportsbookError::Compliance(ComplianceError::PlayLimitExceeded {
            kind,
            period,
            remaining,
        }) => failure(
            if kind == domain::compliance::LimitKind::Loss {
                codes::LOSS_LIMIT_EXCEEDED
            } else {
                codes::WAGER_LIMIT_EXCEEDED
            },
            format!(
                "This stake would exceed your {kind} limit per {period}; {} {} remains.",
                remaining.format_amount(),
                remaining.currency()
            ),
        ),
        SportsbookError::Compliance(ComplianceError::SessionBreak { until }) => failure(
            codes::SESSION_BREAK,
            format!(
                "Your session limit was reached; betting resumes at {} UTC.",
                until.format("%H:%M")
            ),
        ),
        SportsbookError::Compliance(ComplianceError::RealityCheckDue { .. }) => failure(
            codes::REALITY_CHECK_DUE,
            "Time for a reality check: acknowledge it to keep betting.",
        ),
        SportsbookError::Compliance(ComplianceError::KycRequired) => {
            failure(codes::KYC_REQUIRED, "Verify your identity before betting.")
        }
        SportsbookError::Validation { message, .. } => {
            failure(codes::VALIDATION_FAILED, capitalised(&message))
        }
        SportsbookError::NotFound => failure(
            codes::SELECTION_UNAVAILABLE,
            "A selection in your betslip no longer exists. Remove it to continue.",
        ),
        SportsbookError::Forbidden => {
            failure(codes::FORBIDDEN, "Only player accounts can place bets.")
        }
        other => {
            leptos::logging::error!("placing a bet: {other:#}");
            failure(
                codes::INTERNAL,
                "Something went wrong on our side. Please try again.",
            )
        }
    }
}

/// A refused trader command.
pub fn trade_refused(e: SportsbookError) -> TradeOutcome {
    let (code, message) = match e {
        SportsbookError::Validation { field, message } => (
            codes::VALIDATION_FAILED,
            format!("{}: {}", field.replace('_', " "), capitalised(&message)),
        ),
        SportsbookError::NotFound => (codes::NOT_FOUND, "Not found.".to_owned()),
        SportsbookError::Forbidden => (
            codes::FORBIDDEN,
            "Only traders and admins can do this.".to_owned(),
        ),
        SportsbookError::AlreadySettled => (
            codes::ALREADY_SETTLED,
            "This market is settled or void already; resettle it instead.".to_owned(),
        ),
        SportsbookError::NotSettled => (
            codes::NOT_SETTLED,
            "This market is not settled yet; settle it first.".to_owned(),
        ),
        other => {
            leptos::logging::error!("trading: {other:#}");
            (
                codes::INTERNAL,
                "Something went wrong on our side. Please try again.".to_owned(),
            )
        }
    };
    TradeOutcome {
        ok: false,
        code: Some(code.to_owned()),
        message,
        id: None,
    }
}
