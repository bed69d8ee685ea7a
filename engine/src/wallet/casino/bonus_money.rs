//! Bonus money in casino movements (the rules are in `crate::bonuses` and
//! the parent module's docs): the legs of a stake taken from cash first and
//! then bonus money, where a return goes, and what a rollback posts.
//! Only a stake with a bonus part, or a return or rollback of one, reads
//! the bonus rows or the ledger.

use chrono::{DateTime, Utc};
use domain::ledger::AccountKind;
use domain::money::Money;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::super::store::{Leg, PlayerAccounts};
use super::super::{Wallet, WalletError};
use super::ProviderTxKind;
use crate::bonuses::{self, BonusReturn};
use entity::casino_transactions;

fn neg(amount: Money) -> Result<Money, WalletError> {
    amount
        .checked_neg()
        .map_err(|e| WalletError::Unexpected(e.into()))
}

/// A stake as a return needs it: (total, bonus part, the bonus row the
/// bonus part came from first), minor units.
pub(super) type StakeParts = (i64, i64, Option<Uuid>);

impl Wallet<'_> {
    /// The legs of a casino stake: `stake - from_bonus` from cash and
    /// `from_bonus` from bonus money → `house_casino`.
    pub(super) async fn casino_stake_legs(
        &self,
        txn: &DatabaseTransaction,
        player: &PlayerAccounts,
        stake: Money,
        from_bonus: Money,
        now: DateTime<Utc>,
    ) -> Result<Vec<Leg>, WalletError> {
        let from_cash = stake.checked_sub(from_bonus).map_err(anyhow::Error::from)?;
        let mut legs = Vec::with_capacity(3);
        if !from_cash.is_zero() {
            legs.push(Self::player_leg(
                player,
                AccountKind::PlayerCash,
                neg(from_cash)?,
            )?);
        }
        if !from_bonus.is_zero() {
            legs.push(Self::player_leg(
                player,
                AccountKind::PlayerBonus,
                neg(from_bonus)?,
            )?);
        }
        legs.push(
            self.house_leg(txn, AccountKind::HouseCasino, player, stake, now)
                .await?,
        );
        Ok(legs)
    }

    /// Where a return of `payout` for the stake `stake` goes: (to cash, to
    /// bonus money), the bonus row credited with its part; what neither
    /// gets stays with the house. A stake without a bonus part returns
    /// everything to cash without reading anything.
    pub(super) async fn casino_return(
        &self,
        txn: &DatabaseTransaction,
        player: &PlayerAccounts,
        payout: Money,
        (stake, bonus_stake, funded_by): StakeParts,
        now: DateTime<Utc>,
    ) -> Result<(Money, Money), WalletError> {
        let currency = player.currency;
        let zero = Money::zero(currency);
        if bonus_stake <= 0 {
            return Ok((payout, zero));
        }
        let (cash, bonus) = domain::bonus::split_return(
            payout,
            Money::new(stake, currency),
            Money::new(bonus_stake, currency),
        );
        if bonus.is_zero() {
            return Ok((cash, zero));
        }
        Ok(
            match bonuses::return_destination(txn, player.player_id, funded_by).await? {
                BonusReturn::Bonus(row) => {
                    bonuses::credit(txn, row, bonus.minor(), now).await?;
                    (cash, bonus)
                }
                BonusReturn::Cash => (payout, zero),
                BonusReturn::House => (cash, zero),
            },
        )
    }

    /// The legs paying `cash` and `bonus` out of `house_casino` (negative
    /// amounts take them back into it).
    pub(super) async fn casino_return_legs(
        &self,
        txn: &DatabaseTransaction,
        player: &PlayerAccounts,
        cash: Money,
        bonus: Money,
        now: DateTime<Utc>,
    ) -> Result<Vec<Leg>, WalletError> {
        let paid = cash.checked_add(bonus).map_err(anyhow::Error::from)?;
        let mut legs = Vec::with_capacity(3);
        if !paid.is_zero() {
            legs.push(
                self.house_leg(txn, AccountKind::HouseCasino, player, neg(paid)?, now)
                    .await?,
            );
        }
        if !cash.is_zero() {
            legs.push(Self::player_leg(player, AccountKind::PlayerCash, cash)?);
        }
        if !bonus.is_zero() {
            legs.push(Self::player_leg(player, AccountKind::PlayerBonus, bonus)?);
        }
        Ok(legs)
    }

    /// The legs of a rollback of `original` (a bet or a win of a positive
    /// amount): a bet's parts come back as a return of its whole stake
    /// ([`Self::casino_return`]); a win goes back from cash, or, when it
    /// had a bonus share, exactly as its postings paid it. Empty when
    /// nothing moves (a bet's bonus part kept by the house, say).
    pub(super) async fn rollback_legs(
        &self,
        txn: &DatabaseTransaction,
        player: &PlayerAccounts,
        original: &casino_transactions::Model,
        now: DateTime<Utc>,
    ) -> Result<Vec<Leg>, WalletError> {
        let currency = player.currency;
        let amount = Money::new(original.amount, currency);
        if original.kind == ProviderTxKind::Bet.code() {
            let stake = (original.amount, original.bonus_amount, original.bonus_id);
            let (cash, bonus) = self.casino_return(txn, player, amount, stake, now).await?;
            if cash.is_zero() && bonus.is_zero() {
                return Ok(Vec::new());
            }
            return self.casino_return_legs(txn, player, cash, bonus, now).await;
        }
        let (cash, bonus) = match (original.bonus_amount > 0, original.ledger_transaction_id) {
            (true, Some(id)) => {
                let postings = entity::ledger_postings::Entity::find()
                    .filter(entity::ledger_postings::Column::TransactionId.eq(id))
                    .all(txn)
                    .await?;
                let on = |account: Uuid| {
                    postings
                        .iter()
                        .filter(|p| p.account_id == account)
                        .map(|p| p.amount)
                        .sum::<i64>()
                };
                (
                    Money::new(on(player.cash), currency),
                    Money::new(on(player.bonus), currency),
                )
            }
            _ => (amount, Money::zero(currency)),
        };
        if cash.is_zero() && bonus.is_zero() {
            return Ok(Vec::new());
        }
        // The win's payment, negated.
        self.casino_return_legs(txn, player, neg(cash)?, neg(bonus)?, now)
            .await
    }
}
