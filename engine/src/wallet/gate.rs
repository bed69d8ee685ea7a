//! The responsible-gaming gate in front of deposits: the one place the
//! wallet asks whether a player may deposit this amount now. It asks
//! [`crate::compliance::check_deposit`] (time-outs and self-exclusions,
//! KYC and the deposit-limit prompt where the country requires them,
//! deposit limits over their rolling windows) and translates the answer:
//! `SelfExcluded { until }` and `LimitExceeded { remaining }` map to 403
//! `self_excluded` and 422 `deposit_limit_exceeded` with
//! `details.remaining`, a verification the country requires first to 403
//! `kyc_required`, an unanswered mandatory deposit-limit prompt to 422
//! `validation_failed` on `deposit_limit`.

use domain::money::Money;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::WalletError;
use crate::compliance::ComplianceError;

/// May `player` deposit `amount` at `now` (the engine's time)? `Ok(())`
/// allows.
pub async fn check_deposit<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
    amount: Money,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), WalletError> {
    crate::compliance::check_deposit(conn, player, amount, now)
        .await
        .map_err(|e| match e {
            ComplianceError::SelfExcluded { until } => WalletError::SelfExcluded { until },
            ComplianceError::DepositLimitExceeded { remaining } => {
                WalletError::LimitExceeded { remaining }
            }
            ComplianceError::KycRequired => WalletError::KycRequired,
            ComplianceError::DepositLimitPromptRequired => WalletError::validation(
                "deposit_limit",
                "Set a deposit limit, or decline, before your first deposit.",
            ),
            ComplianceError::NotFound => WalletError::NotFound,
            other => WalletError::Unexpected(anyhow::anyhow!("deposit gate: {other}")),
        })
}
