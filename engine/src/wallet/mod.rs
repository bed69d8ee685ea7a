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
pub mod casino;
pub mod export;
pub mod gate;
pub mod query;
pub mod sportsbook;
pub mod store;
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
    fn new(id: Uuid, kind: TransactionKind, amount: Money, now: Balances) -> Self {
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
    fn kind(self) -> AccountKind {
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

    /// Opens the transaction at `at`: lock the chain first, then look the
    /// key up.
    async fn begin(
        &self,
        chain_key: &str,
        idem: Option<&Idempotency>,
        at: DateTime<Utc>,
    ) -> Result<Begun, WalletError> {
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let chain = store::lock_chain(&txn, chain_key, at).await?;
        if let Some(idem) = idem
            && let Some(answer) = store::find_idempotent(&txn, idem).await?
        {
            txn.rollback().await?;
            return Ok(Begun::Replay(answer));
        }
        Ok(Begun::Fresh(txn, chain))
    }

    async fn house_leg<C: ConnectionTrait>(
        &self,
        txn: &C,
        house: AccountKind,
        player: &PlayerAccounts,
        amount: Money,
        at: DateTime<Utc>,
    ) -> Result<Leg, WalletError> {
        let shard = store::house_shard(player.player_id);
        let account_id = self
            .svc
            .house
            .id(txn, house, player.currency, shard, at)
            .await?;
        Ok(Leg {
            account: house_ref(house)?,
            account_id,
            amount,
        })
    }

    fn player_leg(
        player: &PlayerAccounts,
        kind: AccountKind,
        amount: Money,
    ) -> Result<Leg, WalletError> {
        Ok(Leg {
            account: player_ref(kind, player.player_id)?,
            account_id: player
                .id_of(kind)
                .ok_or_else(|| anyhow::anyhow!("{kind} is not a player account"))?,
            amount,
        })
    }

    /// The two legs of a move of `amount` from one account of (or for)
    /// `player` to another; the flag says whether the account is the
    /// player's (else a house account of the player's shard, opened `at`
    /// on first use).
    async fn move_legs<C: ConnectionTrait>(
        &self,
        txn: &C,
        player: &PlayerAccounts,
        from: (AccountKind, bool),
        to: (AccountKind, bool),
        amount: Money,
        at: DateTime<Utc>,
    ) -> Result<Vec<Leg>, WalletError> {
        let negated = amount.checked_neg().map_err(anyhow::Error::from)?;
        let mut legs = Vec::with_capacity(2);
        for ((kind, is_player), value) in [(from, negated), (to, amount)] {
            legs.push(if is_player {
                Self::player_leg(player, kind, value)?
            } else {
                self.house_leg(txn, kind, player, value, at).await?
            });
        }
        Ok(legs)
    }

    /// Makes sure the house shard rows a command needs exist before the
    /// money transaction starts, so that transaction's first write is the
    /// chain lock.
    async fn prepare_house(
        &self,
        house: AccountKind,
        player: &PlayerAccounts,
    ) -> Result<(), WalletError> {
        let shard = store::house_shard(player.player_id);
        with_retry!(self.svc.house.id(
            self.engine.db(),
            house,
            player.currency,
            shard,
            self.engine.now()
        ))?;
        Ok(())
    }

    /// Moves `amount` between two accounts of (or for) one player as one
    /// ledger transaction; the shared body of the ledger commands.
    #[expect(
        clippy::too_many_arguments,
        reason = "one private helper for eight commands"
    )]
    async fn try_move(
        &self,
        player: &PlayerAccounts,
        kind: TransactionKind,
        from: (AccountKind, bool),
        to: (AccountKind, bool),
        amount: Money,
        reference: &str,
        idem: Option<&Idempotency>,
        audit: Option<(Uuid, &str)>,
    ) -> Result<Recorded<MoveReceipt>, WalletError> {
        let at = self.engine.now();
        let (txn, mut chain) = match self
            .begin(&store::player_chain(player.player_id), idem, at)
            .await?
        {
            Begun::Replay(answer) => {
                return Ok(Recorded {
                    value: decode(answer)?,
                    replayed: true,
                });
            }
            Begun::Fresh(txn, chain) => (txn, chain),
        };
        let legs = self.move_legs(&txn, player, from, to, amount, at).await?;
        let (appended, now) =
            store::append_and_emit(&txn, at, &mut chain, kind, reference, idem, &legs, player)
                .await?;
        let display_amount = if kind == TransactionKind::Adjust && !to.1 {
            amount.checked_neg().map_err(anyhow::Error::from)?
        } else {
            amount
        };
        let receipt = MoveReceipt::new(appended.id, kind, display_amount, now);
        if let Some((actor, reason)) = audit {
            crate::audit::record(
                &txn,
                at,
                Some(actor),
                "wallet.adjust",
                &format!("player:{}", player.player_id),
                serde_json::json!({
                    "transaction_id": appended.id,
                    "amount": display_amount.format_amount(),
                    "currency": player.currency.code(),
                    "reason": reason,
                }),
            )
            .await?;
        }
        self.commit_recorded(txn, idem, receipt).await
    }

    /// The common end of every command: stores `answer` under the
    /// idempotency key (if any) in the same transaction, commits, and wakes
    /// the outbox dispatcher.
    pub(crate) async fn finish(
        &self,
        txn: DatabaseTransaction,
        idem: Option<&Idempotency>,
        answer: &serde_json::Value,
    ) -> Result<(), WalletError> {
        if let Some(idem) = idem {
            store::store_idempotent(&txn, idem, answer, self.engine.now()).await?;
        }
        txn.commit().await?;
        self.engine.events().wake();
        Ok(())
    }

    /// [`Self::finish`] with the receipt itself as the stored answer.
    async fn commit_recorded<T: Serialize>(
        &self,
        txn: DatabaseTransaction,
        idem: Option<&Idempotency>,
        receipt: T,
    ) -> Result<Recorded<T>, WalletError> {
        let answer = serde_json::to_value(&receipt).map_err(anyhow::Error::from)?;
        self.finish(txn, idem, &answer).await?;
        Ok(Recorded {
            value: receipt,
            replayed: false,
        })
    }

    #[expect(clippy::too_many_arguments, reason = "see try_move")]
    async fn run_move(
        &self,
        player: Uuid,
        kind: TransactionKind,
        from: (AccountKind, bool),
        to: (AccountKind, bool),
        amount: Money,
        reference: &str,
        idem: Option<&Idempotency>,
        audit: Option<(Uuid, &str)>,
    ) -> Result<Recorded<MoveReceipt>, WalletError> {
        check_reference(reference)?;
        let accounts = self.accounts(player).await?;
        check_amount(amount, accounts.currency)?;
        for (kind, is_player) in [from, to] {
            if !is_player {
                self.prepare_house(kind, &accounts).await?;
            }
        }
        if audit.is_none() {
            let command = batch::Move {
                player: accounts,
                kind,
                from,
                to,
                amount,
                reference: reference.to_owned(),
                idem: idem.cloned(),
            };
            let batcher = self.svc.batcher.get_or_init(|| {
                crate::batching::Batcher::start(self.engine, self.engine.config().wallet_lanes)
            });
            if let Some(answer) = batcher.submit(command).await {
                return answer;
            }
        }
        with_retry!(self.try_move(&accounts, kind, from, to, amount, reference, idem, audit))
    }

    /// A queued command run in a transaction of its own (when its batch
    /// failed, or it shares an idempotency key with an earlier command of
    /// the batch).
    async fn move_alone(
        &self,
        command: &batch::Move,
    ) -> Result<Recorded<MoveReceipt>, WalletError> {
        with_retry!(self.try_move(
            &command.player,
            command.kind,
            command.from,
            command.to,
            command.amount,
            &command.reference,
            command.idem.as_ref(),
            None
        ))
    }

    /// Holds `amount` of cash (cash → reserved), e.g. a bet stake.
    pub async fn reserve(
        &self,
        player: Uuid,
        amount: Money,
        reference: &str,
        idem: Option<&Idempotency>,
    ) -> Result<Recorded<MoveReceipt>, WalletError> {
        self.run_move(
            player,
            TransactionKind::Reserve,
            (AccountKind::PlayerCash, true),
            (AccountKind::PlayerReserved, true),
            amount,
            reference,
            idem,
            None,
        )
        .await
    }

    /// Returns held money to cash (reserved → cash).
    pub async fn release(
        &self,
        player: Uuid,
        amount: Money,
        reference: &str,
        idem: Option<&Idempotency>,
    ) -> Result<Recorded<MoveReceipt>, WalletError> {
        self.run_move(
            player,
            TransactionKind::Release,
            (AccountKind::PlayerReserved, true),
            (AccountKind::PlayerCash, true),
            amount,
            reference,
            idem,
            None,
        )
        .await
    }

    /// Takes held money into a house account (reserved → house), e.g. a
    /// lost bet.
    pub async fn capture(
        &self,
        player: Uuid,
        house: House,
        amount: Money,
        reference: &str,
        idem: Option<&Idempotency>,
    ) -> Result<Recorded<MoveReceipt>, WalletError> {
        self.run_move(
            player,
            TransactionKind::Capture,
            (AccountKind::PlayerReserved, true),
            (house.kind(), false),
            amount,
            reference,
            idem,
            None,
        )
        .await
    }

    /// Pays the player from a house account (house → cash), e.g. a win.
    pub async fn credit(
        &self,
        player: Uuid,
        house: House,
        amount: Money,
        reference: &str,
        idem: Option<&Idempotency>,
    ) -> Result<Recorded<MoveReceipt>, WalletError> {
        self.run_move(
            player,
            TransactionKind::Credit,
            (house.kind(), false),
            (AccountKind::PlayerCash, true),
            amount,
            reference,
            idem,
            None,
        )
        .await
    }

    /// A manual back-office adjustment of the player's cash or bonus against
    /// the bonus-cost house account: positive credits, negative debits (never
    /// below zero). The reason is mandatory and audited with the actor.
    pub async fn adjust(
        &self,
        actor: Uuid,
        player: Uuid,
        target: AdjustTarget,
        amount: Money,
        reason: &str,
        idem: Option<&Idempotency>,
    ) -> Result<Recorded<MoveReceipt>, WalletError> {
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
            return Err(WalletError::validation(
                "reason",
                "Give a reason of 1 to 500 characters.",
            ));
        }
        if amount.is_zero() {
            return Err(WalletError::validation(
                "amount",
                "The adjustment must not be zero.",
            ));
        }
        let account = match target {
            AdjustTarget::Cash => AccountKind::PlayerCash,
            AdjustTarget::Bonus => AccountKind::PlayerBonus,
        };
        let house = (AccountKind::HouseBonusCost, false);
        let player_side = (account, true);
        let magnitude = amount.checked_abs().map_err(anyhow::Error::from)?;
        let (from, to) = if amount.is_positive() {
            (house, player_side)
        } else {
            (player_side, house)
        };
        let reference = format!("adjust:{actor}");
        self.run_move(
            player,
            TransactionKind::Adjust,
            from,
            to,
            magnitude,
            &reference,
            idem,
            Some((actor, reason)),
        )
        .await
    }

    /// Compensates an earlier transaction of the player with a new one of
    /// kind `reverse` carrying the negated postings (player balances may not
    /// go below zero). A transaction is reversed at most once.
    pub async fn reverse(
        &self,
        player: Uuid,
        transaction_id: Uuid,
        idem: Option<&Idempotency>,
    ) -> Result<Recorded<MoveReceipt>, WalletError> {
        let accounts = self.accounts(player).await?;
        with_retry!(self.try_reverse(&accounts, transaction_id, idem))
    }

    async fn try_reverse(
        &self,
        player: &PlayerAccounts,
        transaction_id: Uuid,
        idem: Option<&Idempotency>,
    ) -> Result<Recorded<MoveReceipt>, WalletError> {
        let chain_key = store::player_chain(player.player_id);
        let at = self.engine.now();
        let (txn, mut chain) = match self.begin(&chain_key, idem, at).await? {
            Begun::Replay(answer) => {
                return Ok(Recorded {
                    value: decode(answer)?,
                    replayed: true,
                });
            }
            Begun::Fresh(txn, chain) => (txn, chain),
        };
        let original = entity::ledger_transactions::Entity::find_by_id(transaction_id)
            .one(&txn)
            .await?
            .filter(|t| t.chain_key == chain_key)
            .ok_or(WalletError::NotFound)?;
        let reference = format!("reverse:{}", original.id);
        let already = entity::ledger_transactions::Entity::find()
            .filter(entity::ledger_transactions::Column::ChainKey.eq(chain_key.clone()))
            .filter(entity::ledger_transactions::Column::Reference.eq(reference.clone()))
            .one(&txn)
            .await?;
        if already.is_some() || original.kind == TransactionKind::Reverse.code() {
            return Err(WalletError::AlreadyReversed);
        }
        let postings = entity::ledger_postings::Entity::find()
            .filter(entity::ledger_postings::Column::TransactionId.eq(original.id))
            .all(&txn)
            .await?;
        let mut legs = Vec::with_capacity(postings.len());
        let mut cash_change = 0i64;
        for posting in &postings {
            let account = entity::accounts::Entity::find_by_id(posting.account_id)
                .one(&txn)
                .await?
                .ok_or_else(|| anyhow::anyhow!("account {} vanished", posting.account_id))?;
            let kind: AccountKind = account.kind.parse().map_err(anyhow::Error::from)?;
            let currency: Currency = posting.currency.parse().map_err(anyhow::Error::from)?;
            let account_ref = match account.owner_id {
                Some(owner) => player_ref(kind, owner)?,
                None => house_ref(kind)?,
            };
            if account.id == player.cash {
                cash_change -= posting.amount;
            }
            legs.push(Leg {
                account: account_ref,
                account_id: account.id,
                amount: Money::new(-posting.amount, currency),
            });
        }
        let (appended, now) = store::append_and_emit(
            &txn,
            at,
            &mut chain,
            TransactionKind::Reverse,
            &reference,
            idem,
            &legs,
            player,
        )
        .await?;
        let receipt = MoveReceipt {
            transaction_id: appended.id,
            kind: TransactionKind::Reverse.code().to_owned(),
            amount: Money::new(cash_change, player.currency).format_amount(),
            currency: player.currency.code().to_owned(),
            cash: now.cash.format_amount(),
            bonus: now.bonus.format_amount(),
            reserved: now.reserved.format_amount(),
        };
        self.commit_recorded(txn, idem, receipt).await
    }

    /// Deposits `amount` through the payment provider `method`. The
    /// responsible-gaming gate runs first; the sandbox completes at once
    /// (or later, by webhook, in its asynchronous mode).
    pub async fn deposit(
        &self,
        player: Uuid,
        amount: Money,
        method: &str,
        idem: Option<&Idempotency>,
    ) -> Result<Recorded<DepositReceipt>, WalletError> {
        let provider = self.engine.payments().provider(method)?;
        let accounts = self.accounts(player).await?;
        check_amount(amount, accounts.currency)?;
        // A replay answers as the first time did, whatever changed since.
        if let Some(answer) = self.peek_idempotent(idem).await? {
            return Ok(Recorded {
                value: decode(answer)?,
                replayed: true,
            });
        }
        gate::check_deposit(self.engine.db(), player, amount, self.engine.now()).await?;
        self.prepare_house(AccountKind::PspClearing, &accounts)
            .await?;
        let payment_id = Uuid::now_v7();
        let answer = provider
            .start_deposit(&crate::payments::PaymentRequest {
                payment_id,
                player_id: player,
                amount,
            })
            .await
            .map_err(|e| WalletError::Unexpected(e.context("starting a deposit")))?;
        with_retry!(self.try_record_deposit(
            &accounts,
            payment_id,
            provider.code(),
            &answer,
            amount,
            idem
        ))
    }

    /// Looks a key up without locking, to skip a provider call for a
    /// replay; the authoritative check runs again under the lock.
    async fn peek_idempotent(
        &self,
        idem: Option<&Idempotency>,
    ) -> Result<Option<StoredAnswer>, WalletError> {
        match idem {
            Some(idem) => store::find_idempotent(self.engine.db(), idem).await,
            None => Ok(None),
        }
    }

    async fn try_record_deposit(
        &self,
        player: &PlayerAccounts,
        payment_id: Uuid,
        provider: &str,
        answer: &crate::payments::ProviderAnswer,
        amount: Money,
        idem: Option<&Idempotency>,
    ) -> Result<Recorded<DepositReceipt>, WalletError> {
        let now = self.engine.now();
        let (txn, mut chain) = match self
            .begin(&store::player_chain(player.player_id), idem, now)
            .await?
        {
            Begun::Replay(answer) => {
                return Ok(Recorded {
                    value: decode(answer)?,
                    replayed: true,
                });
            }
            Begun::Fresh(txn, chain) => (txn, chain),
        };
        let status = PaymentStatus::from(answer.status);
        entity::payments::ActiveModel {
            id: Set(payment_id),
            player_id: Set(player.player_id),
            direction: Set("deposit".to_owned()),
            provider: Set(provider.to_owned()),
            provider_reference: Set(Some(answer.reference.clone())),
            status: Set(status.code().to_owned()),
            amount: Set(amount.minor()),
            currency: Set(amount.currency().code().to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
            completed_at: Set((status != PaymentStatus::Pending).then_some(now)),
        }
        .insert(&txn)
        .await?;
        if status == PaymentStatus::Completed {
            self.post_deposit(&txn, &mut chain, player, payment_id, amount, idem, now)
                .await?;
        }
        let receipt = DepositReceipt {
            deposit_id: payment_id,
            status: status.code().to_owned(),
            amount: amount.format_amount(),
            currency: amount.currency().code().to_owned(),
        };
        self.commit_recorded(txn, idem, receipt).await
    }

    /// PSP clearing → cash for a confirmed deposit `at`, with its events.
    #[expect(clippy::too_many_arguments, reason = "one ledger step of a deposit")]
    async fn post_deposit(
        &self,
        txn: &DatabaseTransaction,
        chain: &mut store::ChainHead,
        player: &PlayerAccounts,
        payment_id: Uuid,
        amount: Money,
        idem: Option<&Idempotency>,
        at: DateTime<Utc>,
    ) -> Result<(), WalletError> {
        let negated = amount.checked_neg().map_err(anyhow::Error::from)?;
        let legs = [
            self.house_leg(txn, AccountKind::PspClearing, player, negated, at)
                .await?,
            Self::player_leg(player, AccountKind::PlayerCash, amount)?,
        ];
        let reference = format!("deposit:{payment_id}");
        store::append_and_emit(
            txn,
            at,
            chain,
            TransactionKind::Deposit,
            &reference,
            idem,
            &legs,
            player,
        )
        .await?;
        crate::events::enqueue(
            txn,
            at,
            Topic::Player(player.player_id),
            EventData::DepositCompleted(events::PaymentChanged {
                player_id: player.player_id,
                deposit_id: payment_id,
                amount: amount.format_amount(),
                currency: amount.currency(),
            }),
        )
        .await?;
        Ok(())
    }

    /// Withdraws `amount` of cash through the provider `method`: needs
    /// verified KYC; holds the money (cash → reserved) until the provider
    /// confirms (→ PSP clearing) or declines (→ back to cash). Bonus money
    /// cannot be withdrawn.
    pub async fn withdraw(
        &self,
        player: Uuid,
        amount: Money,
        method: &str,
        idem: Option<&Idempotency>,
    ) -> Result<Recorded<WithdrawalReceipt>, WalletError> {
        let provider = self.engine.payments().provider(method)?;
        let accounts = self.accounts(player).await?;
        check_amount(amount, accounts.currency)?;
        if let Some(answer) = self.peek_idempotent(idem).await? {
            return Ok(Recorded {
                value: decode(answer)?,
                replayed: true,
            });
        }
        let user = entity::users::Entity::find_by_id(player)
            .one(self.engine.db())
            .await?
            .ok_or(WalletError::NotFound)?;
        if user.kyc_status != "verified" {
            return Err(WalletError::KycRequired);
        }
        self.prepare_house(AccountKind::PspClearing, &accounts)
            .await?;
        let payment_id = Uuid::now_v7();
        let held = with_retry!(self.try_hold_withdrawal(
            &accounts,
            payment_id,
            provider.code(),
            amount,
            idem
        ))?;
        if held.replayed {
            return Ok(held);
        }
        let answer = provider
            .start_payout(&crate::payments::PaymentRequest {
                payment_id,
                player_id: player,
                amount,
            })
            .await;
        let answer = match answer {
            Ok(answer) => answer,
            Err(e) => {
                // The provider never took the payout: give the money back.
                tracing::warn!(error = %format!("{e:#}"), %payment_id, "payout failed to start; releasing the hold");
                crate::payments::ProviderAnswer {
                    reference: String::new(),
                    status: ProviderStatus::Declined,
                }
            }
        };
        let status = PaymentStatus::from(answer.status);
        if status == PaymentStatus::Pending {
            self.engine
                .payments()
                .set_reference(payment_id, &answer.reference)
                .await?;
            return Ok(held);
        }
        let settled = self
            .settle_payment(payment_id, Some(&answer.reference), status, idem)
            .await?;
        Ok(Recorded {
            value: WithdrawalReceipt {
                status: settled.code().to_owned(),
                ..held.value
            },
            replayed: false,
        })
    }

    async fn try_hold_withdrawal(
        &self,
        player: &PlayerAccounts,
        payment_id: Uuid,
        provider: &str,
        amount: Money,
        idem: Option<&Idempotency>,
    ) -> Result<Recorded<WithdrawalReceipt>, WalletError> {
        let now = self.engine.now();
        let (txn, mut chain) = match self
            .begin(&store::player_chain(player.player_id), idem, now)
            .await?
        {
            Begun::Replay(answer) => {
                return Ok(Recorded {
                    value: decode(answer)?,
                    replayed: true,
                });
            }
            Begun::Fresh(txn, chain) => (txn, chain),
        };
        let negated = amount.checked_neg().map_err(anyhow::Error::from)?;
        let legs = [
            Self::player_leg(player, AccountKind::PlayerCash, negated)?,
            Self::player_leg(player, AccountKind::PlayerReserved, amount)?,
        ];
        let reference = format!("withdrawal:{payment_id}");
        store::append_and_emit(
            &txn,
            now,
            &mut chain,
            TransactionKind::Withdrawal,
            &reference,
            idem,
            &legs,
            player,
        )
        .await?;
        entity::payments::ActiveModel {
            id: Set(payment_id),
            player_id: Set(player.player_id),
            direction: Set("withdrawal".to_owned()),
            provider: Set(provider.to_owned()),
            provider_reference: Set(None),
            status: Set(PaymentStatus::Pending.code().to_owned()),
            amount: Set(amount.minor()),
            currency: Set(amount.currency().code().to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
            completed_at: Set(None),
        }
        .insert(&txn)
        .await?;
        let receipt = WithdrawalReceipt {
            withdrawal_id: payment_id,
            status: PaymentStatus::Pending.code().to_owned(),
            amount: amount.format_amount(),
            currency: amount.currency().code().to_owned(),
        };
        self.commit_recorded(txn, idem, receipt).await
    }

    /// Brings a pending payment to its final `status` (from the provider's
    /// immediate answer or its webhook): a deposit credits cash, a
    /// withdrawal captures or releases its hold. A payment already final is
    /// left alone, so a late or repeated notice never moves money twice.
    /// Returns the payment's status afterwards.
    pub async fn settle_payment(
        &self,
        payment_id: Uuid,
        reference: Option<&str>,
        status: PaymentStatus,
        idem: Option<&Idempotency>,
    ) -> Result<PaymentStatus, WalletError> {
        let payment = entity::payments::Entity::find_by_id(payment_id)
            .one(self.engine.db())
            .await?
            .ok_or(WalletError::NotFound)?;
        let accounts = self.accounts(payment.player_id).await?;
        self.prepare_house(AccountKind::PspClearing, &accounts)
            .await?;
        with_retry!(self.try_settle(&accounts, payment_id, reference, status, idem))
    }

    async fn try_settle(
        &self,
        player: &PlayerAccounts,
        payment_id: Uuid,
        reference: Option<&str>,
        status: PaymentStatus,
        idem: Option<&Idempotency>,
    ) -> Result<PaymentStatus, WalletError> {
        let now = self.engine.now();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let mut chain =
            store::lock_chain(&txn, &store::player_chain(player.player_id), now).await?;
        let payment = entity::payments::Entity::find_by_id(payment_id)
            .one(&txn)
            .await?
            .ok_or(WalletError::NotFound)?;
        let current: PaymentStatus = payment.status.parse().map_err(anyhow::Error::from)?;
        if current != PaymentStatus::Pending || status == PaymentStatus::Pending {
            if current != status && status != PaymentStatus::Pending {
                tracing::warn!(%payment_id, current = current.code(), notified = status.code(),
                    "a notice contradicts a final payment status; ignored");
            }
            txn.rollback().await?;
            return Ok(current);
        }
        let currency: Currency = payment.currency.parse().map_err(anyhow::Error::from)?;
        let amount = Money::new(payment.amount, currency);
        let negated = amount.checked_neg().map_err(anyhow::Error::from)?;
        match (payment.direction.as_str(), status) {
            ("deposit", PaymentStatus::Completed) => {
                self.post_deposit(&txn, &mut chain, player, payment_id, amount, None, now)
                    .await?;
            }
            ("deposit", _) => {}
            ("withdrawal", PaymentStatus::Completed) => {
                let legs = [
                    Self::player_leg(player, AccountKind::PlayerReserved, negated)?,
                    self.house_leg(&txn, AccountKind::PspClearing, player, amount, now)
                        .await?,
                ];
                store::append_and_emit(
                    &txn,
                    now,
                    &mut chain,
                    TransactionKind::Capture,
                    &format!("withdrawal:{payment_id}"),
                    None,
                    &legs,
                    player,
                )
                .await?;
            }
            ("withdrawal", _) => {
                let legs = [
                    Self::player_leg(player, AccountKind::PlayerReserved, negated)?,
                    Self::player_leg(player, AccountKind::PlayerCash, amount)?,
                ];
                store::append_and_emit(
                    &txn,
                    now,
                    &mut chain,
                    TransactionKind::Release,
                    &format!("withdrawal:{payment_id}"),
                    None,
                    &legs,
                    player,
                )
                .await?;
            }
            (other, _) => {
                return Err(WalletError::Unexpected(anyhow::anyhow!(
                    "payment {payment_id} has unknown direction {other}"
                )));
            }
        }
        let mut row: entity::payments::ActiveModel = payment.clone().into();
        row.status = Set(status.code().to_owned());
        row.updated_at = Set(now);
        row.completed_at = Set(Some(now));
        if let Some(reference) = reference.filter(|r| !r.is_empty()) {
            row.provider_reference = Set(Some(reference.to_owned()));
        }
        row.update(&txn).await?;
        if payment.direction == "withdrawal" {
            let change = events::WithdrawalChanged {
                player_id: player.player_id,
                withdrawal_id: payment_id,
                amount: amount.format_amount(),
                currency,
            };
            // Pending never gets here: only a final status is applied.
            let data = if status == PaymentStatus::Completed {
                EventData::WithdrawalCompleted(change)
            } else {
                EventData::WithdrawalDeclined(change)
            };
            crate::events::enqueue(&txn, now, Topic::Player(player.player_id), data).await?;
            if let Some(idem) = idem {
                let receipt = WithdrawalReceipt {
                    withdrawal_id: payment_id,
                    status: status.code().to_owned(),
                    amount: amount.format_amount(),
                    currency: currency.code().to_owned(),
                };
                store::update_idempotent(
                    &txn,
                    idem,
                    &serde_json::to_value(&receipt).map_err(anyhow::Error::from)?,
                )
                .await?;
            }
        }
        txn.commit().await?;
        self.engine.events().wake();
        Ok(status)
    }
}
