//! The wallet's errors, idempotency keys, balances and receipts, and the
//! house and adjustment targets of its commands.

use super::*;

/// Failures of wallet commands, mapped to API codes at the edge.
#[derive(Debug, thiserror::Error)]
pub enum WalletError {
    /// Not enough money in the account the command takes from.
    #[error("insufficient funds")]
    InsufficientFunds,
    /// Withdrawals need verified KYC.
    #[error("KYC verification required")]
    KycRequired,
    /// The player is self-excluded (responsible gaming).
    #[error("self-excluded")]
    SelfExcluded {
        /// End of the exclusion; None when permanent.
        until: Option<chrono::DateTime<chrono::Utc>>,
    },
    /// A responsible-gaming deposit limit would be exceeded.
    #[error("deposit limit exceeded")]
    LimitExceeded {
        /// What may still be deposited in the window.
        remaining: Money,
    },
    /// The idempotency key was used before with a different request.
    #[error("idempotency key reused with a different request")]
    IdempotencyKeyReused,
    /// The player, payment or transaction does not exist.
    #[error("not found")]
    NotFound,
    /// Input failed validation.
    #[error("{field}: {message}")]
    Validation {
        /// The offending field.
        field: String,
        /// What is wrong, for people.
        message: String,
    },
    /// The transaction was already reversed.
    #[error("already reversed")]
    AlreadyReversed,
    /// A concurrent request with the same idempotency key got there first;
    /// retried internally, only surfaces when the retries run out.
    #[error("concurrent request, try again")]
    Conflict,
    /// Anything else (database): logged once at the edge.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<crate::payments::UnknownMethod> for WalletError {
    fn from(_: crate::payments::UnknownMethod) -> Self {
        WalletError::validation("method", "Unknown payment method.")
    }
}

impl From<sea_orm::DbErr> for WalletError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Unexpected(e.into())
    }
}

impl WalletError {
    /// A validation failure of `field`.
    pub fn validation(field: &str, message: &str) -> Self {
        Self::Validation {
            field: field.to_owned(),
            message: message.to_owned(),
        }
    }

    /// True when running the command again may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Conflict => true,
            Self::Unexpected(e) => e
                .downcast_ref::<sea_orm::DbErr>()
                .is_some_and(store::is_transient),
            _ => false,
        }
    }
}

/// An idempotency key with the fingerprint of the request it came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idempotency {
    /// Whose key (the calling user's id): keys are scoped per user.
    pub scope: String,
    /// The key, 1 to 255 characters.
    pub key: String,
    /// SHA-256 (hex) of the request.
    pub request_hash: String,
    /// HTTP status the first answer has (stored for the replay).
    pub status: u16,
}

impl Idempotency {
    /// Its scope and key, borrowed (what makes two requests the same).
    pub fn scoped_key(&self) -> (&str, &str) {
        (&self.scope, &self.key)
    }

    /// Its scope and key, as stored answers are looked up by.
    pub fn scope_key(&self) -> (String, String) {
        (self.scope.clone(), self.key.clone())
    }

    /// A key for `scope`, fingerprinting `request` (method, path and body or
    /// any other value that identifies the request). Fails with
    /// `Validation` unless the key has 1 to 255 characters.
    pub fn new(
        scope: Uuid,
        key: &str,
        request: &serde_json::Value,
        status: u16,
    ) -> Result<Self, WalletError> {
        let chars = key.chars().count();
        if chars == 0 || chars > MAX_IDEMPOTENCY_KEY_CHARS {
            return Err(WalletError::validation(
                "Idempotency-Key",
                "The idempotency key must have 1 to 255 characters.",
            ));
        }
        Ok(Self {
            scope: scope.to_string(),
            key: key.to_owned(),
            request_hash: hex::encode(Sha256::digest(request.to_string().as_bytes())),
            status,
        })
    }
}

/// A command's answer and whether it was replayed from a stored key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded<T> {
    /// The answer (the same on a replay).
    pub value: T,
    /// True when the key had been used before and nothing happened now.
    pub replayed: bool,
}

/// A player's balances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Balances {
    /// Wallet currency.
    pub currency: Currency,
    /// Withdrawable cash.
    pub cash: Money,
    /// Bonus money (not withdrawable).
    pub bonus: Money,
    /// Held: stakes of open bets and pending withdrawals.
    pub reserved: Money,
}

impl Balances {
    /// What the player can stake: cash, then bonus money (stakes take cash
    /// first). This is the balance game providers are told.
    pub fn playable(&self) -> Money {
        self.cash.checked_add(self.bonus).unwrap_or(self.cash)
    }
}

/// The answer to a deposit (the API's response body).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositReceipt {
    /// The payment id.
    pub deposit_id: Uuid,
    /// `pending`, `completed` or `declined`.
    pub status: String,
    /// The amount, a decimal string.
    pub amount: String,
    /// Its currency.
    pub currency: String,
}

/// The answer to a withdrawal (the API's response body).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithdrawalReceipt {
    /// The payment id.
    pub withdrawal_id: Uuid,
    /// `pending`, `completed` or `declined`.
    pub status: String,
    /// The amount, a decimal string.
    pub amount: String,
    /// Its currency.
    pub currency: String,
}

/// The answer to a ledger command (reserve, release, capture, credit,
/// reverse, adjust).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveReceipt {
    /// The ledger transaction written.
    pub transaction_id: Uuid,
    /// Its kind code.
    pub kind: String,
    /// The amount moved, a decimal string (signed for adjustments).
    pub amount: String,
    /// Its currency.
    pub currency: String,
    /// Cash after, a decimal string.
    pub cash: String,
    /// Bonus after.
    pub bonus: String,
    /// Reserved after.
    pub reserved: String,
}

impl MoveReceipt {
    /// The receipt of ledger transaction `id` of `kind` moving `amount`,
    /// with the player's balances `now` after it.
    pub(super) fn new(id: Uuid, kind: TransactionKind, amount: Money, now: Balances) -> Self {
        Self {
            transaction_id: id,
            kind: kind.code().to_owned(),
            amount: amount.format_amount(),
            currency: now.currency.code().to_owned(),
            cash: now.cash.format_amount(),
            bonus: now.bonus.format_amount(),
            reserved: now.reserved.format_amount(),
        }
    }
}

/// A house account a vertical captures into or credits from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum House {
    /// The sportsbook.
    Sportsbook,
    /// The casino.
    Casino,
    /// Bonus cost (goodwill, manual adjustments).
    BonusCost,
}

impl House {
    pub(super) fn kind(self) -> AccountKind {
        match self {
            House::Sportsbook => AccountKind::HouseSportsbook,
            House::Casino => AccountKind::HouseCasino,
            House::BonusCost => AccountKind::HouseBonusCost,
        }
    }
}

/// Which player balance a manual adjustment changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdjustTarget {
    /// Cash.
    Cash,
    /// Bonus.
    Bonus,
}
