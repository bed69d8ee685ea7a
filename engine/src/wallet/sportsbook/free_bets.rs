//! A free bet's money (the rules are in `crate::bonuses::free_play`): the
//! house pays the stake (`house_bonus_cost` → reserved), and settlement
//! pays the player only what the gross return exceeds the stake by, the
//! rest of the stake going back to `house_bonus_cost`. Like the other
//! sportsbook movements here, nothing commits: the caller owns the
//! transaction and has locked the player's chain.

use domain::ledger::{AccountKind, TransactionKind};
use domain::money::Money;
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

use super::super::store::{self, ChainHead, PlayerAccounts};
use super::super::{Wallet, WalletError};
use super::{Resettled, neg, settle_reference};

/// What a free bet returns to the player's cash for a gross return of
/// `gross` (stake × odds): what exceeds the stake, never below zero.
pub(crate) fn free_bet_winnings(stake: Money, gross: Money) -> Money {
    Money::new(Ord::max(gross.minor() - stake.minor(), 0), stake.currency())
}

impl Wallet<'_> {
    /// The player's accounts with the house rows a free bet moves money
    /// through (`house_bonus_cost`, `house_sportsbook`) created, before the
    /// transaction starts.
    pub(crate) async fn free_bet_accounts(
        &self,
        player: Uuid,
    ) -> Result<PlayerAccounts, WalletError> {
        let accounts = self.sportsbook_accounts(player).await?;
        self.prepare_house(AccountKind::HouseBonusCost, &accounts)
            .await?;
        Ok(accounts)
    }

    /// The legs that hold a free bet's stake: `house_bonus_cost` →
    /// reserved (a `bet_place` transaction).
    pub(crate) async fn free_bet_stake_legs(
        &self,
        txn: &DatabaseTransaction,
        player: &PlayerAccounts,
        stake: Money,
    ) -> Result<Vec<store::Leg>, WalletError> {
        Ok(vec![
            self.house_leg(
                txn,
                AccountKind::HouseBonusCost,
                player,
                neg(stake)?,
                self.engine.now(),
            )
            .await?,
            Self::player_leg(player, AccountKind::PlayerReserved, stake)?,
        ])
    }

    /// A free bet's settlement as a draft (reference
    /// `bet:{id}:settle:{n}`): the stake leaves reserved, cash gets the
    /// winnings ([`free_bet_winnings`]), `house_bonus_cost` the gross
    /// return up to the stake, `house_sportsbook` the stake less the gross
    /// return.
    #[expect(clippy::too_many_arguments, reason = "one ledger step of a settlement")]
    pub(crate) async fn free_bet_settle_draft(
        &self,
        txn: &DatabaseTransaction,
        player: &PlayerAccounts,
        stake: Money,
        gross: Money,
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
            legs: self.free_bet_settle_legs(txn, player, stake, gross).await?,
        })
    }

    async fn free_bet_settle_legs(
        &self,
        txn: &DatabaseTransaction,
        player: &PlayerAccounts,
        stake: Money,
        gross: Money,
    ) -> Result<Vec<store::Leg>, WalletError> {
        let now = self.engine.now();
        let winnings = free_bet_winnings(stake, gross);
        let to_bonus_cost = Money::new(
            Ord::min(gross.minor(), stake.minor()).max(0),
            stake.currency(),
        );
        let sportsbook = Money::new(stake.minor() - gross.minor(), stake.currency());
        let mut legs = vec![Self::player_leg(
            player,
            AccountKind::PlayerReserved,
            neg(stake)?,
        )?];
        if !sportsbook.is_zero() {
            legs.push(
                self.house_leg(txn, AccountKind::HouseSportsbook, player, sportsbook, now)
                    .await?,
            );
        }
        if to_bonus_cost.is_positive() {
            legs.push(
                self.house_leg(txn, AccountKind::HouseBonusCost, player, to_bonus_cost, now)
                    .await?,
            );
        }
        if winnings.is_positive() {
            legs.push(Self::player_leg(player, AccountKind::PlayerCash, winnings)?);
        }
        Ok(legs)
    }

    /// Settles a free bet again with a new gross return (see
    /// `Wallet::resettle_bet`): the earlier settlement `previous` (gross
    /// `previous_gross`) is compensated and the new one settled when the
    /// cash still holds the earlier winnings; otherwise the net difference
    /// of the winnings is taken from cash, at most the cash there is.
    #[expect(clippy::too_many_arguments, reason = "one ledger step of a resettle")]
    pub(crate) async fn resettle_free_bet(
        &self,
        txn: &DatabaseTransaction,
        chain: &mut ChainHead,
        player: &PlayerAccounts,
        stake: Money,
        previous: Uuid,
        previous_gross: Money,
        gross: Money,
        bet_id: Uuid,
        count: i32,
    ) -> Result<Resettled, WalletError> {
        let now = self.engine.now();
        let before = free_bet_winnings(stake, previous_gross);
        let after = free_bet_winnings(stake, gross);
        let cash = store::balances(txn, player).await?.cash;
        if cash.minor() >= before.minor() {
            self.reverse_in(txn, chain, player, previous).await?;
            let legs = self.free_bet_settle_legs(txn, player, stake, gross).await?;
            let appended = store::append(
                txn,
                now,
                chain,
                TransactionKind::BetSettle,
                &settle_reference(bet_id, count),
                None,
                &legs,
            )
            .await?;
            return Ok(Resettled {
                transaction_id: appended.id,
                shortfall: Money::zero(player.currency),
            });
        }
        let owed = before.minor() - after.minor();
        let taken = owed.min(cash.minor());
        let delta = Money::new(-taken, player.currency);
        let transaction_id = if taken != 0 {
            let legs = [
                Self::player_leg(player, AccountKind::PlayerCash, delta)?,
                self.house_leg(txn, AccountKind::HouseSportsbook, player, neg(delta)?, now)
                    .await?,
            ];
            store::append(
                txn,
                now,
                chain,
                TransactionKind::BetSettle,
                &settle_reference(bet_id, count),
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
            shortfall: Money::new(owed - taken, player.currency),
        })
    }
}
