//! Casino money movements: a provider's bet, win and rollback, and a
//! Croupier Originals round (bet and win in one go), each in one database
//! transaction under the player's chain lock, together with the casino
//! record that makes it idempotent.
//!
//! A provider transaction is keyed by the provider's transaction id: the
//! lookup of that id, the balance check, the ledger entry and the casino
//! record all happen under the player's chain lock, so two deliveries of
//! one id can never both move money. Bets move cash → `house_casino`
//! (`casino_bet`), wins `house_casino` → cash (`casino_win`), rollbacks
//! compensate the referenced transaction (`casino_rollback`). Stakes and
//! winnings are recorded for responsible-gaming limits in the same
//! transaction.
//!
//! Bonus money (rules in `crate::bonuses`): a stake takes cash first, then
//! bonus money (`domain::bonus::split_stake`). A stake is first tried
//! against cash alone, which needs no read of the balances; only when cash
//! does not cover it is it tried again (a transaction of its own) with the
//! balances read and the rest taken from bonus money. A provider bet
//! records its bonus part (`bonus_amount`, `bonus_id`). A win pays the
//! bonus share of the stake it refers to (of the round's stake for an
//! Originals round; `domain::bonus::split_return`) to bonus money while a
//! bonus-money bonus is active (to cash once the bonus completed, to the
//! house once it was forfeited or expired), the rest to cash; a win
//! records its bonus share. A rollback of a bet returns each part where it
//! came from (the bonus part by the same rule); a rollback of a win with a
//! bonus share takes back exactly what the win posted.

use chrono::{DateTime, Utc};
use domain::compliance::ActivityKind;
use domain::events::{EventData, RoundCompleted, Topic};
use domain::ledger::{AccountKind, TransactionKind};
use domain::money::Money;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::store::{self, ChainHead, PlayerAccounts, with_retry};
use super::{Idempotency, Wallet, WalletError};
use entity::casino_transactions;

mod bonus_money;
mod free_spins;

/// What a provider transaction does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderTxKind {
    /// Takes the stake.
    Bet,
    /// Pays a win for an earlier bet (zero allowed: a lost round closing).
    Win,
    /// Cancels an earlier bet (or win).
    Rollback,
}

impl ProviderTxKind {
    /// Stored code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Bet => "bet",
            Self::Win => "win",
            Self::Rollback => "rollback",
        }
    }
}

/// One bet, win or rollback as a provider sent it.
#[derive(Debug, Clone)]
pub struct ProviderTransaction<'a> {
    /// Provider code, e.g. `hub88`.
    pub provider: &'a str,
    /// The provider's transaction id: processed once.
    pub transaction_uuid: &'a str,
    /// Bet, win or rollback.
    pub kind: ProviderTxKind,
    /// The player.
    pub player: Uuid,
    /// The game.
    pub game_code: &'a str,
    /// The provider's round id.
    pub round: &'a str,
    /// The amount in the wallet's currency (zero for rollbacks).
    pub amount: Money,
    /// The transaction a win or rollback refers to.
    pub reference: Option<&'a str>,
    /// SHA-256 (hex) of the content a repeat must match.
    pub fingerprint: String,
}

/// How a provider transaction ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderOutcome {
    /// Processed now.
    Applied,
    /// The same transaction had been processed before: nothing happened.
    Replayed,
    /// The id was used before with different content.
    Duplicate,
    /// A win refers to a bet that does not exist.
    UnknownReference,
    /// The stake exceeds the cash and bonus money together.
    InsufficientFunds,
    /// A bet whose rollback arrived first: refused for good.
    AlreadyRolledBack,
}

/// The outcome and the player's playable balance (cash and bonus money)
/// afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProviderAnswer {
    /// What happened.
    pub outcome: ProviderOutcome,
    /// Cash and bonus money after (the real balance, also on refusals).
    pub balance: Money,
}

/// A finished Originals round to post: stake, win and the round record.
#[derive(Debug, Clone)]
pub struct OriginalsPosting {
    /// The round id.
    pub round_id: Uuid,
    /// The game.
    pub game_code: String,
    /// Total stake (positive).
    pub stake: Money,
    /// Total win (zero or more).
    pub win: Money,
    /// The domain's result as JSON.
    pub result: serde_json::Value,
    /// SHA-256 commitment of the server seed.
    pub commitment: String,
    /// The revealed server seed (hex).
    pub server_seed: String,
    /// The client seed.
    pub client_seed: String,
    /// The nonce.
    pub nonce: i64,
    /// The server seed to use next (hex); replaces the used one.
    pub next_server_seed: String,
}

/// The stored round after posting, or the first answer on a replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostedRound {
    /// The round id (the first one's on a replay).
    pub round_id: Uuid,
    /// True when the idempotency key had been used before.
    pub replayed: bool,
}

impl Wallet<'_> {
    /// Processes a provider's bet, win or rollback exactly once (see the
    /// module docs); refusals come back as outcomes with the real balance,
    /// never as errors. Errors are only unexpected failures.
    pub async fn provider_transaction(
        &self,
        tx: &ProviderTransaction<'_>,
    ) -> Result<ProviderAnswer, WalletError> {
        let accounts = self.accounts(tx.player).await?;
        if tx.amount.currency() != accounts.currency || tx.amount.is_negative() {
            return Err(WalletError::validation(
                "amount",
                "The amount must be zero or more, in the wallet's currency.",
            ));
        }
        self.prepare_house(AccountKind::HouseCasino, &accounts)
            .await?;
        let mut outcome = with_retry!(self.try_provider_transaction(&accounts, tx, false))?;
        if outcome == ProviderOutcome::InsufficientFunds && tx.kind == ProviderTxKind::Bet {
            // Cash alone did not cover it: again, bonus money after cash.
            outcome = with_retry!(self.try_provider_transaction(&accounts, tx, true))?;
        }
        let balance = store::balances(self.engine.db(), &accounts)
            .await?
            .playable();
        Ok(ProviderAnswer { outcome, balance })
    }

    /// One attempt at [`Wallet::provider_transaction`]: under the player's
    /// chain lock, a repeat of the id is answered from its record;
    /// otherwise the bet, win or rollback moves the money (or is refused),
    /// and the casino record and balance event are written. A bet takes
    /// bonus money after cash only `with_bonus`.
    async fn try_provider_transaction(
        &self,
        player: &PlayerAccounts,
        tx: &ProviderTransaction<'_>,
        with_bonus: bool,
    ) -> Result<ProviderOutcome, WalletError> {
        let now = self.engine.now();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let chain = store::lock_chain(&txn, &store::player_chain(player.player_id), now).await?;
        if let Some(existing) = find_provider_tx(&txn, tx.provider, tx.transaction_uuid).await? {
            txn.rollback().await?;
            return Ok(if existing.fingerprint == tx.fingerprint {
                ProviderOutcome::Replayed
            } else {
                ProviderOutcome::Duplicate
            });
        }
        let reference_row = match tx.reference {
            Some(reference) => find_provider_tx(&txn, tx.provider, reference).await?,
            None => None,
        };
        let casino_tx_id = Uuid::now_v7();
        let reference = format!("{}:{}", tx.provider, tx.transaction_uuid);
        let mut applying = Applying {
            txn: &txn,
            chain,
            player,
            tx,
            reference: reference.chars().take(super::MAX_REFERENCE_CHARS).collect(),
            now,
            with_bonus,
            bonus: (0, None),
        };
        let moved = match tx.kind {
            ProviderTxKind::Bet => self.provider_bet(&mut applying).await?,
            ProviderTxKind::Win => self.provider_win(&mut applying, reference_row).await?,
            ProviderTxKind::Rollback => {
                self.provider_rollback(&mut applying, reference_row).await?
            }
        };
        let appended = match moved {
            Moved::Posted(appended) => appended,
            Moved::Refused(outcome) => {
                txn.rollback().await?;
                return Ok(outcome);
            }
        };
        let ledger_id = appended.as_ref().map(|a| a.id);
        let bonus = applying.bonus;
        insert_provider_tx(&txn, tx, player, (casino_tx_id, ledger_id, bonus), now).await?;
        if let Some(store::Appended {
            id,
            player: Some(after),
            ..
        }) = appended
        {
            let kind = match tx.kind {
                ProviderTxKind::Bet => TransactionKind::CasinoBet,
                ProviderTxKind::Win => TransactionKind::CasinoWin,
                ProviderTxKind::Rollback => TransactionKind::CasinoRollback,
            };
            store::emit_balances(&txn, now, player, after, id, kind).await?;
        }
        txn.commit().await?;
        self.engine.events().wake();
        Ok(ProviderOutcome::Applied)
    }

    /// A provider's bet: refused for good when its rollback came first; a
    /// positive stake moves cash (then bonus money, `with_bonus`) to the
    /// house (refused when it overdraws) and counts as a stake for
    /// responsible gaming.
    async fn provider_bet(&self, a: &mut Applying<'_>) -> Result<Moved, WalletError> {
        let (txn, player, tx, now) = (a.txn, a.player, a.tx, a.now);
        let rolled_back_first = casino_transactions::Entity::find()
            .filter(casino_transactions::Column::Provider.eq(tx.provider))
            .filter(casino_transactions::Column::Kind.eq(ProviderTxKind::Rollback.code()))
            .filter(
                casino_transactions::Column::ReferenceTransactionUuid
                    .eq(tx.transaction_uuid.to_owned()),
            )
            .one(txn)
            .await?;
        if rolled_back_first.is_some() {
            return Ok(Moved::Refused(ProviderOutcome::AlreadyRolledBack));
        }
        if !tx.amount.is_positive() {
            return Ok(Moved::Posted(None));
        }
        let from_bonus = if a.with_bonus {
            let held = store::balances(txn, player).await?;
            match domain::bonus::split_stake(tx.amount, held.cash, held.bonus) {
                Some((_, from_bonus)) => from_bonus,
                None => return Ok(Moved::Refused(ProviderOutcome::InsufficientFunds)),
            }
        } else {
            Money::zero(player.currency)
        };
        let legs = self
            .casino_stake_legs(txn, player, tx.amount, from_bonus, now)
            .await?;
        let Some(appended) = a
            .append_unless_short(TransactionKind::CasinoBet, &legs)
            .await?
        else {
            return Ok(Moved::Refused(ProviderOutcome::InsufficientFunds));
        };
        if from_bonus.is_positive() {
            let first =
                crate::bonuses::debit(txn, player.player_id, from_bonus.minor(), now).await?;
            a.bonus = (from_bonus.minor(), first);
        }
        record_play(
            txn,
            now,
            player,
            ActivityKind::Stake,
            tx.amount,
            &a.reference,
        )
        .await?;
        Ok(Moved::Posted(Some(appended)))
    }

    /// A provider's win for the player's bet `reference_row` (an unknown
    /// reference otherwise): a positive win moves house money to cash and
    /// counts as winnings; the round's `game.round_completed` goes out
    /// either way.
    async fn provider_win(
        &self,
        a: &mut Applying<'_>,
        reference_row: Option<casino_transactions::Model>,
    ) -> Result<Moved, WalletError> {
        let (txn, player, tx, now) = (a.txn, a.player, a.tx, a.now);
        let Some(bet) = reference_row
            .filter(|r| r.kind == ProviderTxKind::Bet.code() && r.player_id == player.player_id)
        else {
            return Ok(Moved::Refused(ProviderOutcome::UnknownReference));
        };
        let mut appended = None;
        let currency = player.currency;
        let (_, share) = domain::bonus::split_return(
            tx.amount,
            Money::new(bet.amount, currency),
            Money::new(bet.bonus_amount, currency),
        );
        a.bonus = (share.minor(), None);
        let (cash, bonus) = self
            .casino_return(
                txn,
                player,
                tx.amount,
                (bet.amount, bet.bonus_amount, bet.bonus_id),
                now,
            )
            .await?;
        let paid = cash.checked_add(bonus).map_err(anyhow::Error::from)?;
        if paid.is_positive() {
            let legs = self
                .casino_return_legs(txn, player, cash, bonus, now)
                .await?;
            appended = Some(
                store::append_for(
                    txn,
                    now,
                    &mut a.chain,
                    TransactionKind::CasinoWin,
                    &a.reference,
                    None,
                    &legs,
                    Some(player),
                )
                .await?,
            );
            record_play(txn, now, player, ActivityKind::Winnings, paid, &a.reference).await?;
        }
        crate::events::enqueue(
            txn,
            now,
            Topic::Player(player.player_id),
            EventData::RoundCompleted(RoundCompleted {
                player_id: player.player_id,
                provider: tx.provider.to_string(),
                game_code: tx.game_code.to_string(),
                round: tx.round.to_string(),
                stake: Money::new(bet.amount, player.currency).format_amount(),
                win: tx.amount.format_amount(),
                currency: player.currency,
                free_spin: false,
            }),
        )
        .await?;
        Ok(Moved::Posted(appended))
    }

    /// A provider's rollback of the player's bet or win `reference_row`
    /// (nothing to undo otherwise, or when rolled back already): the money
    /// goes back (refused when that overdraws the player), a returned
    /// stake counts as winnings, and the original is marked rolled back.
    async fn provider_rollback(
        &self,
        a: &mut Applying<'_>,
        reference_row: Option<casino_transactions::Model>,
    ) -> Result<Moved, WalletError> {
        let (txn, player, now) = (a.txn, a.player, a.now);
        let Some(original) = reference_row.filter(|r| {
            r.player_id == player.player_id
                && !r.rolled_back
                && r.kind != ProviderTxKind::Rollback.code()
        }) else {
            return Ok(Moved::Posted(None));
        };
        let mut appended = None;
        let legs = if original.amount > 0 {
            self.rollback_legs(txn, player, &original, now).await?
        } else {
            Vec::new()
        };
        if !legs.is_empty() {
            let Some(posted) = a
                .append_unless_short(TransactionKind::CasinoRollback, &legs)
                .await?
            else {
                return Ok(Moved::Refused(ProviderOutcome::InsufficientFunds));
            };
            appended = Some(posted);
            if original.kind == ProviderTxKind::Bet.code() {
                // What came back to the player counts as winnings.
                let back: i64 = legs
                    .iter()
                    .filter(|l| l.account_id == player.cash || l.account_id == player.bonus)
                    .map(|l| l.amount.minor())
                    .sum();
                if back > 0 {
                    record_play(
                        txn,
                        now,
                        player,
                        ActivityKind::Winnings,
                        Money::new(back, player.currency),
                        &a.reference,
                    )
                    .await?;
                }
            } else {
                // Bonus money taken back leaves the bonus rows too.
                let taken: i64 = legs
                    .iter()
                    .filter(|l| l.account_id == player.bonus)
                    .map(|l| -l.amount.minor())
                    .sum();
                crate::bonuses::debit(txn, player.player_id, taken, now).await?;
            }
        }
        let mut row: casino_transactions::ActiveModel = original.into();
        row.rolled_back = Set(true);
        row.update(txn).await?;
        Ok(Moved::Posted(appended))
    }

    /// Posts a finished Croupier Originals round in one transaction: the
    /// stake (cash → house casino), the win (house casino → cash) when
    /// there is one, the round record, the seed rotation, the
    /// responsible-gaming activity and `game.round_completed`. With an
    /// idempotency key a repeat returns the first round and changes
    /// nothing. `InsufficientFunds` when the stake exceeds the cash and bonus
    /// money together.
    pub async fn post_originals_round(
        &self,
        player: Uuid,
        round: &OriginalsPosting,
        idem: Option<&Idempotency>,
    ) -> Result<PostedRound, WalletError> {
        let accounts = self.accounts(player).await?;
        if round.stake.currency() != accounts.currency || !round.stake.is_positive() {
            return Err(WalletError::validation(
                "stake",
                "The stake must be greater than zero, in the wallet's currency.",
            ));
        }
        self.prepare_house(AccountKind::HouseCasino, &accounts)
            .await?;
        match with_retry!(self.try_post_round(&accounts, round, idem, false)) {
            // Cash alone did not cover it: again, bonus money after cash.
            Err(WalletError::InsufficientFunds) => {
                with_retry!(self.try_post_round(&accounts, round, idem, true))
            }
            other => other,
        }
    }

    /// One attempt at [`Wallet::post_originals_round`]: a repeat of the
    /// idempotency key answers the first round; otherwise the stake and
    /// win are posted, the round stored, the seed rotated and
    /// `game.round_completed` written before the commit. The stake takes
    /// bonus money after cash only `with_bonus`.
    async fn try_post_round(
        &self,
        player: &PlayerAccounts,
        round: &OriginalsPosting,
        idem: Option<&Idempotency>,
        with_bonus: bool,
    ) -> Result<PostedRound, WalletError> {
        let now = self.engine.now();
        let (txn, mut chain) = match self
            .begin(&store::player_chain(player.player_id), idem, now)
            .await?
        {
            super::Begun::Replay(answer) => {
                let round_id = answer
                    .body
                    .get("round_id")
                    .and_then(|v| v.as_str())
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| anyhow::anyhow!("stored round answer without round_id"))?;
                return Ok(PostedRound {
                    round_id,
                    replayed: true,
                });
            }
            super::Begun::Fresh(txn, chain) => (txn, chain),
        };
        let posting = Posting {
            txn: &txn,
            player,
            reference: format!("originals:{}", round.round_id),
            now,
        };
        let (bet, staked) = self
            .post_round_stake(&posting, &mut chain, round.stake, idem, with_bonus)
            .await?;
        let mut last = (bet, TransactionKind::CasinoBet);
        let mut win_id = None;
        if round.win.is_positive()
            && let Some(win) = self
                .post_round_return(&posting, &mut chain, round.win, staked)
                .await?
        {
            win_id = Some(win);
            last = (win, TransactionKind::CasinoWin);
        }
        let after = store::emit_balance_changed(&txn, now, player, last.0, last.1).await?;
        insert_round(&posting, round, after.cash, bet, win_id).await?;
        rotate_seed(&posting, round).await?;
        crate::events::enqueue(
            &txn,
            now,
            Topic::Player(player.player_id),
            EventData::RoundCompleted(RoundCompleted {
                player_id: player.player_id,
                provider: "originals".to_owned(),
                game_code: round.game_code.to_string(),
                round: round.round_id.to_string(),
                stake: round.stake.format_amount(),
                win: round.win.format_amount(),
                currency: player.currency,
                free_spin: false,
            }),
        )
        .await?;
        self.finish(
            txn,
            idem,
            &serde_json::json!({ "round_id": round.round_id }),
        )
        .await?;
        Ok(PostedRound {
            round_id: round.round_id,
            replayed: false,
        })
    }

    /// Posts an Originals round's stake (cash → house casino; `with_bonus`,
    /// cash first and then bonus money, the bonus rows debited; refused
    /// when it overdraws) under `idem`, counted as a stake for responsible
    /// gaming; returns its ledger transaction id and the stake's parts.
    async fn post_round_stake(
        &self,
        p: &Posting<'_>,
        chain: &mut ChainHead,
        stake: Money,
        idem: Option<&Idempotency>,
        with_bonus: bool,
    ) -> Result<(Uuid, bonus_money::StakeParts), WalletError> {
        let from_bonus = if with_bonus {
            let held = store::balances(p.txn, p.player).await?;
            domain::bonus::split_stake(stake, held.cash, held.bonus)
                .ok_or(WalletError::InsufficientFunds)?
                .1
        } else {
            Money::zero(p.player.currency)
        };
        let stake_legs = self
            .casino_stake_legs(p.txn, p.player, stake, from_bonus, p.now)
            .await?;
        let bet = store::append(
            p.txn,
            p.now,
            chain,
            TransactionKind::CasinoBet,
            &p.reference,
            idem,
            &stake_legs,
        )
        .await?;
        let first =
            crate::bonuses::debit(p.txn, p.player.player_id, from_bonus.minor(), p.now).await?;
        record_play(
            p.txn,
            p.now,
            p.player,
            ActivityKind::Stake,
            stake,
            &p.reference,
        )
        .await?;
        Ok((bet.id, (stake.minor(), from_bonus.minor(), first)))
    }

    /// Posts an Originals round's win (house casino → cash), counted as
    /// winnings for responsible gaming; returns its ledger transaction id.
    async fn post_round_win(
        &self,
        p: &Posting<'_>,
        chain: &mut ChainHead,
        win: Money,
    ) -> Result<Uuid, WalletError> {
        let staked = (win.minor(), 0, None);
        self.post_round_return(p, chain, win, staked)
            .await?
            .ok_or_else(|| anyhow::anyhow!("a win of {win:?} paid nothing").into())
    }

    /// Posts an Originals round's win (house casino → cash, the bonus share
    /// of a stake with a bonus part as a return goes), counted as winnings
    /// for responsible gaming; returns its ledger transaction id (none when
    /// the house keeps all of it).
    async fn post_round_return(
        &self,
        p: &Posting<'_>,
        chain: &mut ChainHead,
        win: Money,
        staked: bonus_money::StakeParts,
    ) -> Result<Option<Uuid>, WalletError> {
        let (cash, bonus) = self
            .casino_return(p.txn, p.player, win, staked, p.now)
            .await?;
        let paid = cash.checked_add(bonus).map_err(anyhow::Error::from)?;
        if !paid.is_positive() {
            return Ok(None);
        }
        let win_legs = self
            .casino_return_legs(p.txn, p.player, cash, bonus, p.now)
            .await?;
        let posted = store::append(
            p.txn,
            p.now,
            chain,
            TransactionKind::CasinoWin,
            &p.reference,
            None,
            &win_legs,
        )
        .await?;
        record_play(
            p.txn,
            p.now,
            p.player,
            ActivityKind::Winnings,
            paid,
            &p.reference,
        )
        .await?;
        Ok(Some(posted.id))
    }
}

/// A provider transaction being applied, inside its database transaction
/// and under the player's chain lock.
struct Applying<'t> {
    txn: &'t DatabaseTransaction,
    /// The player's locked chain.
    chain: ChainHead,
    player: &'t PlayerAccounts,
    tx: &'t ProviderTransaction<'t>,
    /// The ledger reference: `provider:transaction_uuid`, cut to the
    /// longest reference allowed.
    reference: String,
    now: DateTime<Utc>,
    /// A bet may take bonus money after cash.
    with_bonus: bool,
    /// What the casino record keeps of bonus money: a bet's bonus part and
    /// the bonus row it came from first, a win's bonus share.
    bonus: (i64, Option<Uuid>),
}

impl Applying<'_> {
    /// Appends `legs` as `kind` to the player's chain; None when it would
    /// overdraw the player (a refusal, not an error).
    async fn append_unless_short(
        &mut self,
        kind: TransactionKind,
        legs: &[store::Leg],
    ) -> Result<Option<store::Appended>, WalletError> {
        match store::append_for(
            self.txn,
            self.now,
            &mut self.chain,
            kind,
            &self.reference,
            None,
            legs,
            Some(self.player),
        )
        .await
        {
            Ok(appended) => Ok(Some(appended)),
            Err(WalletError::InsufficientFunds) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// What a provider transaction's money movement came to.
enum Moved {
    /// Done: its ledger entry, when money moved.
    Posted(Option<store::Appended>),
    /// Refused: nothing is written and this is the answer.
    Refused(ProviderOutcome),
}

/// The provider's transaction `uuid`, as recorded, if it was.
async fn find_provider_tx(
    txn: &DatabaseTransaction,
    provider: &str,
    uuid: &str,
) -> Result<Option<casino_transactions::Model>, WalletError> {
    Ok(casino_transactions::Entity::find()
        .filter(casino_transactions::Column::Provider.eq(provider))
        .filter(casino_transactions::Column::TransactionUuid.eq(uuid.to_owned()))
        .one(txn)
        .await?)
}

/// Records the applied provider transaction (what makes a repeat of its id
/// a replay), with its id, its ledger transaction when money moved, and
/// its bonus part (see [`Applying::bonus`]).
async fn insert_provider_tx(
    txn: &DatabaseTransaction,
    tx: &ProviderTransaction<'_>,
    player: &PlayerAccounts,
    (id, ledger_id, (bonus_amount, bonus_id)): (Uuid, Option<Uuid>, (i64, Option<Uuid>)),
    now: DateTime<Utc>,
) -> Result<(), WalletError> {
    casino_transactions::ActiveModel {
        id: Set(id),
        provider: Set(tx.provider.to_owned()),
        transaction_uuid: Set(tx.transaction_uuid.to_owned()),
        kind: Set(tx.kind.code().to_owned()),
        player_id: Set(player.player_id),
        game_code: Set(tx.game_code.to_owned()),
        round: Set(tx.round.to_owned()),
        amount: Set(tx.amount.minor()),
        currency: Set(player.currency.code().to_owned()),
        reference_transaction_uuid: Set(tx.reference.map(str::to_owned)),
        fingerprint: Set(tx.fingerprint.clone()),
        ledger_transaction_id: Set(ledger_id),
        rolled_back: Set(false),
        created_at: Set(now),
        bonus_amount: Set(bonus_amount),
        bonus_id: Set(bonus_id),
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// An Originals round being posted, inside its database transaction.
struct Posting<'t> {
    txn: &'t DatabaseTransaction,
    player: &'t PlayerAccounts,
    /// The ledger reference, `originals:{round_id}`.
    reference: String,
    now: DateTime<Utc>,
}

/// Stores the round record (its result, seeds, and the ledger transactions
/// of its stake and win) with the cash balance after it.
async fn insert_round(
    p: &Posting<'_>,
    round: &OriginalsPosting,
    cash_after: Money,
    bet_id: Uuid,
    win_id: Option<Uuid>,
) -> Result<(), WalletError> {
    entity::casino_rounds::ActiveModel {
        id: Set(round.round_id),
        player_id: Set(p.player.player_id),
        provider: Set("originals".to_owned()),
        game_code: Set(round.game_code.clone()),
        stake: Set(round.stake.minor()),
        win: Set(round.win.minor()),
        balance_after: Set(cash_after.minor()),
        currency: Set(p.player.currency.code().to_owned()),
        result: Set(round.result.to_string()),
        commitment: Set(round.commitment.clone()),
        server_seed: Set(round.server_seed.clone()),
        client_seed: Set(round.client_seed.clone()),
        nonce: Set(round.nonce),
        bet_transaction_id: Set(bet_id),
        win_transaction_id: Set(win_id),
        created_at: Set(p.now),
    }
    .insert(p.txn)
    .await?;
    Ok(())
}

/// Replaces the player's used server seed with the next one. The used seed
/// must still be the current one: a concurrent round that used it first
/// makes this one retry with fresh seeds (`Conflict`).
async fn rotate_seed(p: &Posting<'_>, round: &OriginalsPosting) -> Result<(), WalletError> {
    let rotated = entity::casino_seeds::Entity::update_many()
        .col_expr(
            entity::casino_seeds::Column::ServerSeed,
            sea_orm::sea_query::Expr::value(round.next_server_seed.clone()),
        )
        .col_expr(
            entity::casino_seeds::Column::Nonce,
            sea_orm::sea_query::Expr::value(round.nonce + 1),
        )
        .col_expr(
            entity::casino_seeds::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(p.now),
        )
        .filter(entity::casino_seeds::Column::PlayerId.eq(p.player.player_id))
        .filter(entity::casino_seeds::Column::ServerSeed.eq(round.server_seed.clone()))
        .filter(entity::casino_seeds::Column::Nonce.eq(round.nonce))
        .exec(p.txn)
        .await?;
    if rotated.rows_affected != 1 {
        return Err(WalletError::Conflict);
    }
    Ok(())
}

/// Records a stake or winnings for responsible-gaming limits.
async fn record_play(
    txn: &DatabaseTransaction,
    at: chrono::DateTime<chrono::Utc>,
    player: &PlayerAccounts,
    kind: ActivityKind,
    amount: Money,
    reference: &str,
) -> Result<(), WalletError> {
    crate::compliance::record_play(txn, player.player_id, kind, amount, reference, at)
        .await
        .map_err(|e| WalletError::Unexpected(anyhow::anyhow!("recording play: {e}")))
}
