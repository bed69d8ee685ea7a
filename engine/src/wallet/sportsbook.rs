//! Sportsbook money movements, composed by `crate::sportsbook` inside its
//! own database transactions under the player's chain lock, together with
//! the bet rows that make them idempotent:
//!
//! - placement: the total stake moves cash → reserved (`bet_place`);
//! - settlement: one `bet_settle` transaction takes the stake out of
//!   reserved, pays the return into cash and posts the difference to
//!   `house_sportsbook` once (the stake reserved → house and the return
//!   house → cash, netted on the house side: three postings for a winner,
//!   not four, which matters when a market settles 100,000 bets);
//! - cash-out: the same with the cash-out amount as the return,
//!   one `bet_settle` transaction referenced `bet:{id}:cash_out` and
//!   carrying the player's idempotency key;
//! - resettlement: the earlier `bet_settle` is compensated by a `reverse`
//!   transaction carrying its negated postings (never by editing it), then
//!   the new result is settled again; when the player no longer has the
//!   earlier winnings in cash, one net correction is posted instead and
//!   what cash cannot cover is reported as a shortfall.
//!
//! None of these commit: the caller owns the transaction, locks the chain
//! with [`Wallet::sportsbook_lock`] first, and writes its bet rows in the
//! same transaction, so a bet's status and its money change together.

use domain::ledger::{AccountKind, TransactionKind};
use domain::money::{Currency, Money};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::store::{self, ChainHead, PlayerAccounts};
use super::{Balances, Idempotency, Wallet, WalletError};

mod free_bets;

pub(crate) use free_bets::free_bet_winnings;

/// What a resettlement posted for one bet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resettled {
    /// The new `bet_settle` (or net correction) transaction.
    pub transaction_id: Uuid,
    /// What the player's cash could not cover (zero normally).
    pub shortfall: Money,
}

/// The reference of a bet's `n`th settlement.
fn settle_reference(bet_id: Uuid, count: i32) -> String {
    format!("bet:{bet_id}:settle:{count}")
}

fn neg(amount: Money) -> Result<Money, WalletError> {
    amount
        .checked_neg()
        .map_err(|e| WalletError::Unexpected(e.into()))
}

impl Wallet<'_> {
    /// The player's accounts with the sportsbook house row of their shard
    /// created, before any money transaction starts (so that transaction's
    /// first write is the chain lock).
    pub(crate) async fn sportsbook_accounts(
        &self,
        player: Uuid,
    ) -> Result<PlayerAccounts, WalletError> {
        let accounts = self.accounts(player).await?;
        self.prepare_house(AccountKind::HouseSportsbook, &accounts)
            .await?;
        Ok(accounts)
    }

    /// Locks the player's chain in `txn` (must be its first write).
    pub(crate) async fn sportsbook_lock(
        &self,
        txn: &DatabaseTransaction,
        player: &PlayerAccounts,
    ) -> Result<ChainHead, WalletError> {
        store::lock_chain(
            txn,
            &store::player_chain(player.player_id),
            self.engine.now(),
        )
        .await
    }

    /// The legs that hold a bet's total stake: cash → reserved (a
    /// `bet_place` transaction, reference `bet:{id}`, that the cash must
    /// cover).
    pub(crate) fn stake_legs(
        player: &PlayerAccounts,
        stake: Money,
    ) -> Result<Vec<store::Leg>, WalletError> {
        Ok(vec![
            Self::player_leg(player, AccountKind::PlayerCash, neg(stake)?)?,
            Self::player_leg(player, AccountKind::PlayerReserved, stake)?,
        ])
    }

    /// Settles a bet ([`Self::settle_legs`]) as one `bet_settle`
    /// transaction (reference `bet:{id}:settle:{n}`), with the balances
    /// after it.
    #[expect(clippy::too_many_arguments, reason = "one ledger step of a settlement")]
    pub(crate) async fn settle_bet(
        &self,
        txn: &DatabaseTransaction,
        chain: &mut ChainHead,
        player: &PlayerAccounts,
        stake: Money,
        payout: Money,
        bet_id: Uuid,
        count: i32,
    ) -> Result<(Uuid, Balances), WalletError> {
        let draft = self
            .settle_draft(txn, player, stake, payout, bet_id, count, Uuid::now_v7())
            .await?;
        let appended = store::append_for(
            txn,
            self.engine.now(),
            chain,
            draft.kind,
            &draft.reference,
            None,
            &draft.legs,
            Some(player),
        )
        .await?;
        Ok((appended.id, appended.player_balances()?))
    }

    /// A bet's settlement as a draft for [`store::append_many`]: the same
    /// transaction [`Wallet::settle_bet`] writes, with the id `id`.
    #[expect(clippy::too_many_arguments, reason = "one ledger step of a settlement")]
    pub(crate) async fn settle_draft(
        &self,
        txn: &DatabaseTransaction,
        player: &PlayerAccounts,
        stake: Money,
        payout: Money,
        bet_id: Uuid,
        count: i32,
        id: Uuid,
    ) -> Result<store::Draft, WalletError> {
        Ok(store::Draft {
            id,
            chain_key: store::player_chain(player.player_id),
            kind: TransactionKind::BetSettle,
            reference: settle_reference(bet_id, count),
            idempotency: None,
            legs: self.settle_legs(txn, player, stake, payout).await?,
        })
    }

    /// The legs of a settlement: the stake leaves reserved, the return
    /// (when any) reaches cash, and the house takes the difference in one
    /// posting (stake less return: negative when the house pays out, none
    /// when they are equal, as for a void).
    async fn settle_legs(
        &self,
        txn: &DatabaseTransaction,
        player: &PlayerAccounts,
        stake: Money,
        payout: Money,
    ) -> Result<Vec<store::Leg>, WalletError> {
        let mut legs = vec![Self::player_leg(
            player,
            AccountKind::PlayerReserved,
            neg(stake)?,
        )?];
        let house = stake
            .checked_sub(payout)
            .map_err(|e| WalletError::Unexpected(e.into()))?;
        if !house.is_zero() {
            legs.push(
                self.house_leg(
                    txn,
                    AccountKind::HouseSportsbook,
                    player,
                    house,
                    self.engine.now(),
                )
                .await?,
            );
        }
        if payout.is_positive() {
            legs.push(Self::player_leg(player, AccountKind::PlayerCash, payout)?);
        }
        Ok(legs)
    }

    /// Cashes a bet out: settles it for `amount` ([`Self::settle_legs`]),
    /// as one `bet_settle` transaction (reference
    /// `bet:{id}:cash_out`, with the request's idempotency key).
    #[expect(clippy::too_many_arguments, reason = "one ledger step of a cash-out")]
    pub(crate) async fn cash_out_bet(
        &self,
        txn: &DatabaseTransaction,
        chain: &mut ChainHead,
        player: &PlayerAccounts,
        stake: Money,
        amount: Money,
        bet_id: Uuid,
        idem: Option<&Idempotency>,
    ) -> Result<Uuid, WalletError> {
        if !amount.is_positive() {
            return Err(WalletError::Unexpected(anyhow::anyhow!(
                "cash-out of bet {bet_id} for {amount:?}"
            )));
        }
        let legs = self.settle_legs(txn, player, stake, amount).await?;
        let appended = store::append(
            txn,
            self.engine.now(),
            chain,
            TransactionKind::BetSettle,
            &format!("bet:{bet_id}:cash_out"),
            idem,
            &legs,
        )
        .await?;
        Ok(appended.id)
    }

    /// Settles a bet again with a new `payout` after its earlier settlement
    /// `previous` (which paid `previous_payout`): compensates `previous`
    /// with a `reverse` transaction of its negated postings (the stake goes
    /// back to reserved, the payout back to the house), then settles anew.
    /// When the cash no longer holds the earlier payout, posts the net
    /// difference only, taking at most the cash there is; the rest is the
    /// shortfall.
    #[expect(clippy::too_many_arguments, reason = "one ledger step of a resettle")]
    pub(crate) async fn resettle_bet(
        &self,
        txn: &DatabaseTransaction,
        chain: &mut ChainHead,
        player: &PlayerAccounts,
        stake: Money,
        previous: Uuid,
        previous_payout: Money,
        payout: Money,
        bet_id: Uuid,
        count: i32,
    ) -> Result<Resettled, WalletError> {
        let cash = store::balances(txn, player).await?.cash;
        if cash.minor() >= previous_payout.minor() {
            self.reverse_in(txn, chain, player, previous).await?;
            let (transaction_id, _) = self
                .settle_bet(txn, chain, player, stake, payout, bet_id, count)
                .await?;
            return Ok(Resettled {
                transaction_id,
                shortfall: Money::zero(player.currency),
            });
        }
        // The earlier winnings are gone: correct by the net difference.
        let owed = previous_payout.minor() - payout.minor();
        let taken = owed.min(cash.minor());
        let shortfall = Money::new(owed - taken, player.currency);
        let delta = Money::new(-taken, player.currency);
        let reference = settle_reference(bet_id, count);
        let legs = [
            Self::player_leg(player, AccountKind::PlayerCash, delta)?,
            self.house_leg(
                txn,
                AccountKind::HouseSportsbook,
                player,
                neg(delta)?,
                self.engine.now(),
            )
            .await?,
        ];
        let transaction_id = if taken > 0 {
            store::append(
                txn,
                self.engine.now(),
                chain,
                TransactionKind::BetSettle,
                &reference,
                None,
                &legs,
            )
            .await?
            .id
        } else {
            previous
        };
        Ok(Resettled {
            transaction_id,
            shortfall,
        })
    }

    /// Compensates `original` (a transaction of this player's chain) with
    /// its negated postings, kind `reverse`, reference `reverse:{id}`.
    async fn reverse_in(
        &self,
        txn: &DatabaseTransaction,
        chain: &mut ChainHead,
        player: &PlayerAccounts,
        original: Uuid,
    ) -> Result<Uuid, WalletError> {
        let postings = entity::ledger_postings::Entity::find()
            .filter(entity::ledger_postings::Column::TransactionId.eq(original))
            .all(txn)
            .await?;
        let mut legs = Vec::with_capacity(postings.len());
        for posting in &postings {
            let account = entity::accounts::Entity::find_by_id(posting.account_id)
                .one(txn)
                .await?
                .ok_or_else(|| anyhow::anyhow!("account {} vanished", posting.account_id))?;
            let kind: AccountKind = account.kind.parse().map_err(anyhow::Error::from)?;
            let currency: Currency = posting.currency.parse().map_err(anyhow::Error::from)?;
            let account_ref = match account.owner_id {
                Some(owner) => super::player_ref(kind, owner)?,
                None => super::house_ref(kind)?,
            };
            legs.push(store::Leg {
                account: account_ref,
                account_id: account.id,
                amount: Money::new(-posting.amount, currency),
            });
        }
        if legs.is_empty() {
            return Err(WalletError::Unexpected(anyhow::anyhow!(
                "settlement {original} of player {} has no postings",
                player.player_id
            )));
        }
        let appended = store::append(
            txn,
            self.engine.now(),
            chain,
            TransactionKind::Reverse,
            &format!("reverse:{original}"),
            None,
            &legs,
        )
        .await?;
        Ok(appended.id)
    }
}
