//! Wallet server functions: the caller's balances and history, deposits and
//! withdrawals through the sandbox, and for the back office a player's
//! wallet, ledger and manual adjustments. Thin adapters over
//! `engine::wallet`; failures a person can act on come back as a
//! [`WalletOutcome`] for the form to show.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Rows of history per page on the wallet page.
pub const HISTORY_PAGE_SIZE: u64 = 20;
/// Ledger entries shown on the back-office player page.
pub const LEDGER_PAGE_SIZE: u64 = 50;

/// A player's balances as the UI shows them (decimal strings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletView {
    /// The player.
    pub player_id: String,
    /// Wallet currency code.
    pub currency: String,
    /// Withdrawable cash.
    pub cash: String,
    /// Bonus money.
    pub bonus: String,
    /// Held for open bets and pending withdrawals.
    pub reserved: String,
}

/// One line of the cash history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    /// Ledger transaction id.
    pub id: String,
    /// Kind code, e.g. `deposit`.
    pub kind: String,
    /// Signed change of cash.
    pub amount: String,
    /// Cash after.
    pub balance_after: String,
    /// RFC 3339 UTC.
    pub created_at: String,
}

/// A page of history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryPage {
    /// Newest first.
    pub rows: Vec<HistoryRow>,
    /// Cursor of the next (older) page, if there may be one.
    pub next_cursor: Option<String>,
}

/// The answer of a money form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletOutcome {
    /// True when the money moved (or the payment is on its way).
    pub ok: bool,
    /// What happened, for people.
    pub message: String,
    /// The stable error code on failure, e.g. `insufficient_funds`.
    pub code: Option<String>,
    /// The balances right after a successful command.
    pub wallet: Option<WalletView>,
}

#[cfg(feature = "ssr")]
impl WalletOutcome {
    fn failure(code: &str, message: impl Into<String>) -> Self {
        Self {
            ok: false,
            message: message.into(),
            code: Some(code.to_owned()),
            wallet: None,
        }
    }
}

/// One posting in the back-office ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerLineView {
    /// Account kind code.
    pub account: String,
    /// Signed change.
    pub amount: String,
    /// Balance after.
    pub balance_after: String,
}

/// One transaction in the back-office ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntryView {
    /// Position in the player's chain.
    pub seq: i64,
    /// Kind code.
    pub kind: String,
    /// Reference.
    pub reference: String,
    /// RFC 3339 UTC.
    pub created_at: String,
    /// Chain hash (hex).
    pub hash: String,
    /// Postings.
    pub postings: Vec<LedgerLineView>,
}

/// A player's wallet for the back office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayerWalletView {
    /// The player's e-mail.
    pub email: String,
    /// KYC status.
    pub kyc_status: String,
    /// Balances.
    pub wallet: WalletView,
    /// Newest ledger entries.
    pub ledger: Vec<LedgerEntryView>,
}

#[cfg(feature = "ssr")]
mod convert {
    use engine::WalletError;

    use super::{WalletOutcome, WalletView};

    /// Balances for the UI.
    pub fn view(player: uuid::Uuid, b: &engine::wallet::Balances) -> WalletView {
        WalletView {
            player_id: player.to_string(),
            currency: b.currency.code().to_owned(),
            cash: b.cash.format_amount(),
            bonus: b.bonus.format_amount(),
            reserved: b.reserved.format_amount(),
        }
    }

    /// What a form shows for a failed command.
    pub fn outcome_of(error: WalletError) -> WalletOutcome {
        match error {
            WalletError::InsufficientFunds => WalletOutcome::failure(
                "insufficient_funds",
                "Not enough cash for this. Bonus money cannot be withdrawn.",
            ),
            WalletError::KycRequired => WalletOutcome::failure(
                "kyc_required",
                "Verify your identity before withdrawing: your KYC check is not complete yet.",
            ),
            WalletError::SelfExcluded { .. } => WalletOutcome::failure(
                "self_excluded",
                "You are excluded from depositing at the moment.",
            ),
            WalletError::LimitExceeded { remaining } => WalletOutcome::failure(
                "deposit_limit_exceeded",
                format!(
                    "This would exceed your deposit limit; you can still deposit {} {}.",
                    remaining.format_amount(),
                    remaining.currency()
                ),
            ),
            WalletError::IdempotencyKeyReused => WalletOutcome::failure(
                "idempotency_key_reused",
                "This request was already made with different details.",
            ),
            WalletError::NotFound => WalletOutcome::failure("not_found", "No wallet here."),
            WalletError::Validation { message, .. } => {
                WalletOutcome::failure("validation_failed", message)
            }
            WalletError::AlreadyReversed => {
                WalletOutcome::failure("already_reversed", "Already reversed.")
            }
            WalletError::Conflict => WalletOutcome::failure(
                "conflict",
                "Another request is in progress. Please try again.",
            ),
            WalletError::Unexpected(e) => {
                leptos::logging::error!("wallet form: {e:#}");
                WalletOutcome::failure(
                    "internal",
                    "Something went wrong on our side. Please try again.",
                )
            }
        }
    }

    /// The failure for an amount that does not parse.
    pub fn bad_amount(error: domain::money::MoneyError) -> WalletOutcome {
        WalletOutcome::failure("validation_failed", format!("Amount: {error}."))
    }
}

/// The signed-in player's balances; `None` when signed out or for staff
/// (who have no wallet).
#[server(prefix = "/rpc", endpoint = "my_wallet")]
pub async fn my_wallet() -> Result<Option<WalletView>, ServerFnError> {
    let engine = super::server::engine()?;
    let Some(principal) = super::server::principal(&engine).await? else {
        return Ok(None);
    };
    if !principal.has(engine::Role::Player) {
        return Ok(None);
    }
    match engine.wallet().balances(principal.user_id).await {
        Ok(b) => Ok(Some(convert::view(principal.user_id, &b))),
        Err(engine::WalletError::NotFound) => Ok(None),
        Err(e) => Err(super::server::internal("loading a wallet", e)),
    }
}

/// The signed-in player's cash history, newest first, a page older than
/// `before` (a cursor from the previous page; empty for the first).
#[server(prefix = "/rpc", endpoint = "wallet_history")]
pub async fn wallet_history(before: String) -> Result<HistoryPage, ServerFnError> {
    let engine = super::server::engine()?;
    let principal = super::server::require(&engine, &[engine::Role::Player]).await?;
    let page = engine
        .wallet()
        .history(principal.user_id, HISTORY_PAGE_SIZE, Some(before.as_str()))
        .await
        .map_err(|e| super::server::internal("loading wallet history", e))?;
    Ok(HistoryPage {
        rows: page
            .items
            .into_iter()
            .map(|i| HistoryRow {
                id: i.id.to_string(),
                kind: i.kind,
                amount: i.amount.format_amount(),
                balance_after: i.balance_after.format_amount(),
                created_at: i.created_at.to_rfc3339(),
            })
            .collect(),
        next_cursor: page.next_cursor,
    })
}

/// Which way money goes in [`run_payment`].
#[cfg(feature = "ssr")]
#[derive(Clone, Copy)]
enum Direction {
    Deposit,
    Withdrawal,
}

#[cfg(feature = "ssr")]
async fn run_payment(direction: Direction, amount: String) -> Result<WalletOutcome, ServerFnError> {
    use domain::money::Money;

    let engine = super::server::engine()?;
    let principal = super::server::require(&engine, &[engine::Role::Player]).await?;
    let wallet = engine.wallet();
    let currency = match wallet.currency(principal.user_id).await {
        Ok(c) => c,
        Err(e) => return Ok(convert::outcome_of(e)),
    };
    let amount = super::server::typed_amount(&amount);
    let amount = match Money::parse_positive(amount.trim(), currency) {
        Ok(a) => a,
        Err(e) => return Ok(convert::bad_amount(e)),
    };
    let shown = format!("{} {}", amount.format_amount(), currency);
    let result = match direction {
        Direction::Deposit => wallet
            .deposit(principal.user_id, amount, "sandbox", None)
            .await
            .map(|r| r.value.status),
        Direction::Withdrawal => wallet
            .withdraw(principal.user_id, amount, "sandbox", None)
            .await
            .map(|r| r.value.status),
    };
    Ok(match result {
        Ok(status) => {
            let what = match direction {
                Direction::Deposit => "Deposit",
                Direction::Withdrawal => "Withdrawal",
            };
            let message = match status.as_str() {
                "completed" => format!("{what} of {shown} completed."),
                "pending" => format!("{what} of {shown} is on its way."),
                _ => format!("{what} of {shown} was declined by the payment provider."),
            };
            let now = wallet.balances(principal.user_id).await.ok();
            WalletOutcome {
                ok: status != "declined",
                message,
                code: None,
                wallet: now.map(|b| convert::view(principal.user_id, &b)),
            }
        }
        Err(e) => convert::outcome_of(e),
    })
}

/// Deposits `amount` through the sandbox.
#[server(prefix = "/rpc", endpoint = "wallet_deposit")]
pub async fn wallet_deposit(amount: String) -> Result<WalletOutcome, ServerFnError> {
    run_payment(Direction::Deposit, amount).await
}

/// Withdraws `amount` of cash through the sandbox.
#[server(prefix = "/rpc", endpoint = "wallet_withdraw")]
pub async fn wallet_withdraw(amount: String) -> Result<WalletOutcome, ServerFnError> {
    run_payment(Direction::Withdrawal, amount).await
}

/// A player's wallet and newest ledger entries (admin, compliance).
#[server(prefix = "/rpc", endpoint = "player_wallet")]
pub async fn player_wallet(player_id: String) -> Result<Option<PlayerWalletView>, ServerFnError> {
    let engine = super::server::engine()?;
    super::server::require(&engine, &[engine::Role::Compliance]).await?;
    let Ok(player) = uuid::Uuid::parse_str(player_id.trim()) else {
        return Ok(None);
    };
    let profile = match engine.auth().profile(player).await {
        Ok(p) => p,
        Err(engine::AuthError::NotFound) => return Ok(None),
        Err(e) => return Err(super::server::internal("loading a profile", e)),
    };
    let wallet = engine.wallet();
    let (balances, ledger) = match wallet.balances(player).await {
        Ok(b) => {
            let ledger = wallet
                .ledger(player, Some(LEDGER_PAGE_SIZE), None)
                .await
                .map_err(|e| super::server::internal("loading a ledger", e))?;
            (convert::view(player, &b), ledger)
        }
        // An account that never had money (a staff member, a player before
        // a first deposit): its wallet is empty, not missing.
        Err(engine::WalletError::NotFound) => {
            let zero = profile
                .currency
                .parse()
                .map(domain::money::Money::zero)
                .map_err(|_| super::server::internal("a stored currency", &profile.currency))?
                .format_amount();
            let empty = WalletView {
                player_id: player.to_string(),
                currency: profile.currency.clone(),
                cash: zero.clone(),
                bonus: zero.clone(),
                reserved: zero,
            };
            (empty, Vec::new())
        }
        Err(e) => return Err(super::server::internal("loading a wallet", e)),
    };
    Ok(Some(PlayerWalletView {
        email: profile.email,
        kyc_status: profile.kyc_status,
        wallet: balances,
        ledger: ledger
            .into_iter()
            .map(|e| LedgerEntryView {
                seq: e.seq,
                kind: e.kind,
                reference: e.reference,
                created_at: e.created_at.to_rfc3339(),
                hash: e.hash,
                postings: e
                    .postings
                    .into_iter()
                    .map(|l| LedgerLineView {
                        account: l.account,
                        amount: l.amount.format_amount(),
                        balance_after: l.balance_after.format_amount(),
                    })
                    .collect(),
            })
            .collect(),
    }))
}

/// A manual adjustment of a player's `account` (`cash` or `bonus`) by a
/// signed `amount`, with a mandatory `reason` (admin, compliance; audited).
#[server(prefix = "/rpc", endpoint = "adjust_player")]
pub async fn adjust_player(
    player_id: String,
    amount: String,
    account: String,
    reason: String,
) -> Result<WalletOutcome, ServerFnError> {
    use domain::money::Money;
    use engine::wallet::AdjustTarget;

    let engine = super::server::engine()?;
    let actor = super::server::require(&engine, &[engine::Role::Compliance]).await?;
    let Ok(player) = uuid::Uuid::parse_str(player_id.trim()) else {
        return Ok(WalletOutcome::failure("not_found", "No such player."));
    };
    let target = match account.as_str() {
        "cash" => AdjustTarget::Cash,
        "bonus" => AdjustTarget::Bonus,
        _ => {
            return Ok(WalletOutcome::failure(
                "validation_failed",
                "Choose cash or bonus.",
            ));
        }
    };
    let wallet = engine.wallet();
    let currency = match wallet.currency(player).await {
        Ok(c) => c,
        Err(e) => return Ok(convert::outcome_of(e)),
    };
    let amount = match Money::parse(amount.trim(), currency) {
        Ok(a) => a,
        Err(e) => return Ok(convert::bad_amount(e)),
    };
    Ok(
        match wallet
            .adjust(actor.user_id, player, target, amount, &reason, None)
            .await
        {
            Ok(r) => WalletOutcome {
                ok: true,
                message: format!(
                    "Adjusted {} by {} {}: cash {}, bonus {}.",
                    account, r.value.amount, r.value.currency, r.value.cash, r.value.bonus
                ),
                code: None,
                wallet: None,
            },
            Err(e) => convert::outcome_of(e),
        },
    )
}
