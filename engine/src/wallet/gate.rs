//! The responsible-gaming gate in front of deposits: the one place the
//! wallet asks whether a player may deposit this amount now. Responsible
//! gaming (deposit limits with their rolling windows, time-outs and
//! self-exclusions) plugs in here: it answers `SelfExcluded { until }` or
//! `LimitExceeded { remaining }`, which the API maps to 403 `self_excluded`
//! and 422 `deposit_limit_exceeded` with `details.remaining`. Until that
//! module lands every deposit is allowed.

use domain::money::Money;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::WalletError;

/// May `player` deposit `amount` now? `Ok(())` allows.
pub async fn check_deposit<C: ConnectionTrait>(
    _conn: &C,
    _player: Uuid,
    _amount: Money,
) -> Result<(), WalletError> {
    Ok(())
}
