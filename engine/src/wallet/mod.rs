//! The wallet: one double-entry, multi-currency ledger that every vertical
//! moves money through, so a balance is one number everywhere and the books
//! always balance.
//!
//! Accounts: per player `player_cash`, `player_bonus` and `player_reserved`
//! (open bets and pending withdrawals), opened on first use in the player's
//! currency; house accounts per vertical (`house_sportsbook`,
//! `house_casino`, `house_bonus_cost`), `psp_clearing` and `fx`. House
//! accounts are split into [`store::HOUSE_SHARDS`] rows per kind and currency
//! (a player always uses the same shard) and may go negative: their balance
//! is the house's net position, and they never gate a command, so no single
//! house row serialises the players.
//!
//! Commands — [`Wallet::deposit`], [`Wallet::withdraw`], [`Wallet::reserve`],
//! [`Wallet::release`], [`Wallet::capture`], [`Wallet::credit`],
//! [`Wallet::reverse`], [`Wallet::adjust`] — each run in one database
//! transaction: lock the player's chain, check the idempotency key, check
//! and change balances (cash never negative), append one immutable,
//! hash-chained ledger transaction, store the idempotency key with its
//! answer, and write `wallet.balance_changed` to the outbox. After commit
//! the dispatcher is woken. Transient conflicts are retried a bounded number
//! of times. Reserve, release, capture and credit commands that are in
//! flight together share database transactions ([`batch`]: group commit),
//! each keeping its own ledger transaction, answer, event and key.
//!
//! Hash chains: one chain per player (`player:{id}`) plus one for
//! house-only movements (`house`). A single global chain would serialise
//! every money movement of the platform through one row; a chain per player
//! serialises only what has to be serialised anyway (one player's balance
//! checks), while tampering anywhere is still caught, because
//! [`verify::verify`] walks every chain from its first row and checks each
//! chain's stored head. Every transaction in this module touches exactly
//! one player, so each belongs to exactly one chain. `ledger_transactions`
//! and `ledger_postings` are only ever inserted: a correction is a new
//! transaction ([`Wallet::reverse`], [`Wallet::adjust`]).
//!
//! Withdrawals hold first: cash → reserved (`withdrawal`), then the
//! provider's answer either captures the hold into PSP clearing (`capture`)
//! or returns it to cash (`release`). Deposits credit cash from PSP clearing
//! (`deposit`) when the provider confirms. Webhooks settle a pending payment
//! at most once, whatever arrives late or twice.

pub mod batch;
mod cashier;
pub mod casino;
mod corrections;
pub mod export;
pub mod gate;
mod locked;
mod moves;
pub mod query;
pub mod sportsbook;
pub mod store;
mod types;
pub mod verify;

use chrono::{DateTime, Utc};
use domain::events::{self, EventData, Topic};
use domain::ledger::{AccountKind, AccountRef, TransactionKind};
use domain::money::{Currency, Money};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Set,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::Engine;
use crate::payments::{PaymentStatus, ProviderStatus};
use store::{Leg, PlayerAccounts, StoredAnswer, with_retry};

/// Longest idempotency key accepted.
pub const MAX_IDEMPOTENCY_KEY_CHARS: usize = 255;
/// Longest reason of a manual adjustment.
pub const MAX_REASON_CHARS: usize = 500;
/// Longest free reference of a ledger transaction.
pub const MAX_REFERENCE_CHARS: usize = 255;

pub use locked::Locked;
pub use types::{
    AdjustTarget, Balances, DepositReceipt, House, Idempotency, MoveReceipt, Recorded, WalletError,
    WithdrawalReceipt,
};

/// Wallet state shared by every handle: the house account id cache and
/// the players' account ids (which never change once opened).
#[derive(Default)]
pub struct WalletService {
    house: store::HouseCache,
    players: store::PlayerCache,
    /// The group-commit queue, started on first use (it needs the runtime).
    batcher: std::sync::OnceLock<crate::batching::Batcher<batch::Moves>>,
    /// What the last batches left for their players (`batch`).
    known: store::Known,
    /// The connections the guarded batches run on (`batch`).
    kept: crate::db::Kept,
}

/// The wallet bound to an engine.
pub struct Wallet<'a> {
    engine: &'a Engine,
    svc: &'a WalletService,
}

/// What a command does inside its locked transaction, before the answer.
enum Begun {
    Fresh(DatabaseTransaction, store::ChainHead),
    Replay(StoredAnswer),
}

fn player_ref(kind: AccountKind, player: Uuid) -> Result<AccountRef, WalletError> {
    AccountRef::player(kind, player).map_err(|e| WalletError::Unexpected(e.into()))
}

fn house_ref(kind: AccountKind) -> Result<AccountRef, WalletError> {
    AccountRef::house(kind).map_err(|e| WalletError::Unexpected(e.into()))
}

fn decode<T: serde::de::DeserializeOwned>(answer: StoredAnswer) -> Result<T, WalletError> {
    serde_json::from_value(answer.body)
        .map_err(|e| WalletError::Unexpected(anyhow::anyhow!("stored answer: {e}")))
}

fn check_amount(amount: Money, currency: Currency) -> Result<(), WalletError> {
    if amount.currency() != currency {
        return Err(WalletError::validation(
            "amount",
            "The amount is not in the wallet's currency.",
        ));
    }
    if !amount.is_positive() {
        return Err(WalletError::validation(
            "amount",
            "The amount must be greater than zero.",
        ));
    }
    Ok(())
}

fn check_reference(reference: &str) -> Result<(), WalletError> {
    if reference.chars().count() > MAX_REFERENCE_CHARS {
        return Err(WalletError::validation(
            "reference",
            "The reference must have at most 255 characters.",
        ));
    }
    Ok(())
}

impl<'a> Wallet<'a> {
    pub(crate) fn new(engine: &'a Engine, svc: &'a WalletService) -> Self {
        Self { engine, svc }
    }

    /// The player's accounts, opened on first use (`NotFound` for unknown
    /// users and staff).
    pub async fn accounts(&self, player: Uuid) -> Result<PlayerAccounts, WalletError> {
        if let Some(found) = self.svc.players.get(player) {
            return Ok(found);
        }
        let found = with_retry!(store::player_accounts(
            self.engine.db(),
            player,
            self.engine.now()
        ))?;
        self.svc.players.put(found);
        Ok(found)
    }

    /// The player's wallet currency.
    pub async fn currency(&self, player: Uuid) -> Result<Currency, WalletError> {
        Ok(self.accounts(player).await?.currency)
    }

    /// The player's balances.
    pub async fn balances(&self, player: Uuid) -> Result<Balances, WalletError> {
        let accounts = self.accounts(player).await?;
        store::balances(self.engine.db(), &accounts).await
    }
}
