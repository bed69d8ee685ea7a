//! Sportsbook money movements, composed by `crate::sportsbook` inside its
//! own database transactions under the player's chain lock, together with
//! the bet rows that make them idempotent:
//!
//! - placement: the total stake moves to reserved (`bet_place`), taken
//!   from cash first and then from bonus money (`domain::bonus::split_stake`,
//!   rules in `crate::bonuses`); the bet keeps the bonus part;
//! - settlement: one `bet_settle` transaction takes the stake out of
//!   reserved, pays the return and posts the difference to
//!   `house_sportsbook` once (the stake reserved → house and the return
//!   house → player, netted on the house side: three postings for a
//!   winner staked with cash, not four, which matters when a market
//!   settles 100,000 bets). The return splits in proportion to the stake
//!   (`domain::bonus::split_return`): the bonus part goes to bonus money
//!   while the player has an active bonus-money bonus, to cash once the
//!   bonus the stake came from completed, and stays with the house once it
//!   was forfeited or expired; the rest goes to cash. Only a bet with a
//!   bonus part reads the bonus rows;
//! - cash-out: the same with the cash-out amount as the return,
//!   one `bet_settle` transaction referenced `bet:{id}:cash_out` and
//!   carrying the player's idempotency key;
//! - resettlement: the earlier `bet_settle` is compensated by a `reverse`
//!   transaction carrying its negated postings (never by editing it), then
//!   the new result is settled again; when the player no longer holds what
//!   the earlier settlement paid (in cash or in bonus money), or it was a
//!   net correction itself, one net correction is posted instead: per
//!   account, the new return less everything the bet's settlements paid so
//!   far, taking at most what the account holds, and what it cannot cover
//!   is reported as a shortfall.
//!
//! None of these commit: the caller owns the transaction, locks the chain
//! with [`Wallet::sportsbook_lock`] first, and writes its bet rows in the
//! same transaction, so a bet's status and its money change together.

use domain::ledger::{AccountKind, TransactionKind};
use domain::money::{Currency, Money};
use sea_orm::{ColumnTrait, Condition, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::store::{self, ChainHead, PlayerAccounts};
use super::{Balances, Idempotency, Wallet, WalletError};
use crate::bonuses::{self, BonusReturn};
use entity::{ledger_postings, ledger_transactions};

mod free_bets;

pub(crate) use free_bets::free_bet_winnings;

/// What a resettlement posted for one bet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resettled {
    /// The new `bet_settle` (or net correction) transaction.
    pub transaction_id: Uuid,
    /// What the player's cash and bonus money could not cover (zero
    /// normally).
    pub shortfall: Money,
}

/// A bet's stake as its return needs it: the total, the part of it that
/// was bonus money, and the bonus row that part was taken from first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Staked {
    /// The total stake.
    pub total: Money,
    /// Its bonus-money part.
    pub bonus: Money,
    /// The bonus row the bonus part came from first.
    pub bonus_id: Option<Uuid>,
}

impl Staked {
    /// The stake of a bet row.
    pub(crate) fn of(bet: &entity::sportsbook_bets::Model, currency: Currency) -> Self {
        Self {
            total: Money::new(bet.total_stake, currency),
            bonus: Money::new(bet.bonus_stake_minor, currency),
            bonus_id: bet.bonus_id,
        }
    }
}

/// Where a return goes: cash, bonus money (attributed to an active bonus
/// row), the rest staying with the house.
#[derive(Debug, Clone, Copy)]
struct Returned {
    cash: Money,
    bonus: Money,
    row: Option<Uuid>,
}

impl Returned {
    /// What the player receives.
    fn paid(&self) -> Result<Money, WalletError> {
        self.cash
            .checked_add(self.bonus)
            .map_err(|e| WalletError::Unexpected(e.into()))
    }
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

fn minus(a: Money, b: Money) -> Result<Money, WalletError> {
    a.checked_sub(b)
        .map_err(|e| WalletError::Unexpected(e.into()))
}

/// The postings of the ledger transaction `id`.
async fn postings_of(
    txn: &DatabaseTransaction,
    id: Uuid,
) -> Result<Vec<ledger_postings::Model>, WalletError> {
    Ok(ledger_postings::Entity::find()
        .filter(ledger_postings::Column::TransactionId.eq(id))
        .all(txn)
        .await?)
}

/// The sum of `postings` on the account `account_id`.
fn posted_on(postings: &[ledger_postings::Model], account_id: Uuid) -> i64 {
    postings
        .iter()
        .filter(|p| p.account_id == account_id)
        .map(|p| p.amount)
        .sum()
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

    /// The legs that hold a bet's total stake: `stake - from_bonus` from
    /// cash and `from_bonus` from bonus money → reserved (a `bet_place`
    /// transaction, reference `bet:{id}`, that the balances must cover).
    pub(crate) fn stake_legs(
        player: &PlayerAccounts,
        stake: Money,
        from_bonus: Money,
    ) -> Result<Vec<store::Leg>, WalletError> {
        let from_cash = minus(stake, from_bonus)?;
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
        legs.push(Self::player_leg(
            player,
            AccountKind::PlayerReserved,
            stake,
        )?);
        Ok(legs)
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
        staked: Staked,
        payout: Money,
        bet_id: Uuid,
        count: i32,
    ) -> Result<(Uuid, Balances), WalletError> {
        let (draft, _) = self
            .settle_draft(txn, player, staked, payout, bet_id, count, Uuid::now_v7())
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
    /// transaction [`Wallet::settle_bet`] writes, with the id `id`, and
    /// what it pays the player (cash and bonus money).
    #[expect(clippy::too_many_arguments, reason = "one ledger step of a settlement")]
    pub(crate) async fn settle_draft(
        &self,
        txn: &DatabaseTransaction,
        player: &PlayerAccounts,
        staked: Staked,
        payout: Money,
        bet_id: Uuid,
        count: i32,
        id: Uuid,
    ) -> Result<(store::Draft, Money), WalletError> {
        let (legs, paid) = self.settle_legs(txn, player, staked, payout).await?;
        let draft = store::Draft {
            id,
            chain_key: store::player_chain(player.player_id),
            kind: TransactionKind::BetSettle,
            reference: settle_reference(bet_id, count),
            idempotency: None,
            legs,
        };
        Ok((draft, paid))
    }

    /// Where a return of `payout` goes (see the module docs). Reads the
    /// bonus rows only when the stake had a bonus part.
    async fn returned(
        &self,
        txn: &DatabaseTransaction,
        player: &PlayerAccounts,
        staked: Staked,
        payout: Money,
    ) -> Result<Returned, WalletError> {
        let (cash, bonus) = domain::bonus::split_return(payout, staked.total, staked.bonus);
        let none = Money::zero(payout.currency());
        if bonus.is_zero() {
            return Ok(Returned {
                cash,
                bonus,
                row: None,
            });
        }
        let to = bonuses::return_destination(txn, player.player_id, staked.bonus_id).await?;
        Ok(match to {
            BonusReturn::Bonus(row) => Returned {
                cash,
                bonus,
                row: Some(row),
            },
            BonusReturn::Cash => Returned {
                cash: payout,
                bonus: none,
                row: None,
            },
            BonusReturn::House => Returned {
                cash,
                bonus: none,
                row: None,
            },
        })
    }

    /// The legs of a settlement: the stake leaves reserved, the return
    /// (when any) reaches cash and bonus money ([`Self::returned`]; the
    /// bonus row is credited), and the house takes the difference in one
    /// posting (stake less what is paid: negative when the house pays out,
    /// none when they are equal, as for a void). Also answers what is paid.
    async fn settle_legs(
        &self,
        txn: &DatabaseTransaction,
        player: &PlayerAccounts,
        staked: Staked,
        payout: Money,
    ) -> Result<(Vec<store::Leg>, Money), WalletError> {
        let to = self.returned(txn, player, staked, payout).await?;
        if let Some(row) = to.row {
            bonuses::credit(txn, row, to.bonus.minor(), self.engine.now()).await?;
        }
        let paid = to.paid()?;
        let mut legs = vec![Self::player_leg(
            player,
            AccountKind::PlayerReserved,
            neg(staked.total)?,
        )?];
        let house = minus(staked.total, paid)?;
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
        if to.cash.is_positive() {
            legs.push(Self::player_leg(player, AccountKind::PlayerCash, to.cash)?);
        }
        if to.bonus.is_positive() {
            legs.push(Self::player_leg(
                player,
                AccountKind::PlayerBonus,
                to.bonus,
            )?);
        }
        Ok((legs, paid))
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
        staked: Staked,
        amount: Money,
        bet_id: Uuid,
        idem: Option<&Idempotency>,
    ) -> Result<Uuid, WalletError> {
        if !amount.is_positive() {
            return Err(WalletError::Unexpected(anyhow::anyhow!(
                "cash-out of bet {bet_id} for {amount:?}"
            )));
        }
        let (legs, _) = self.settle_legs(txn, player, staked, amount).await?;
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
    /// `previous`: when `previous` was a settlement of its own and the
    /// player still holds what it paid, compensates it with a `reverse`
    /// transaction of its negated postings (the stake goes back to
    /// reserved, the return back to the house; bonus money taken back is
    /// debited from the bonus rows), then settles anew. Otherwise posts a
    /// net correction ([`Self::net_correction`]).
    #[expect(clippy::too_many_arguments, reason = "one ledger step of a resettle")]
    pub(crate) async fn resettle_bet(
        &self,
        txn: &DatabaseTransaction,
        chain: &mut ChainHead,
        player: &PlayerAccounts,
        staked: Staked,
        previous: Uuid,
        payout: Money,
        bet_id: Uuid,
        count: i32,
    ) -> Result<Resettled, WalletError> {
        let postings = postings_of(txn, previous).await?;
        let held = store::balances(txn, player).await?;
        let paid_cash = posted_on(&postings, player.cash);
        let paid_bonus = posted_on(&postings, player.bonus);
        let own_settlement = posted_on(&postings, player.reserved) < 0;
        if own_settlement && held.cash.minor() >= paid_cash && held.bonus.minor() >= paid_bonus {
            self.reverse_postings(txn, chain, player, previous, &postings)
                .await?;
            bonuses::debit(txn, player.player_id, paid_bonus, self.engine.now()).await?;
            let (transaction_id, _) = self
                .settle_bet(txn, chain, player, staked, payout, bet_id, count)
                .await?;
            return Ok(Resettled {
                transaction_id,
                shortfall: Money::zero(player.currency),
            });
        }
        self.net_correction(
            txn, chain, player, staked, previous, payout, bet_id, count, held,
        )
        .await
    }

    /// The earlier winnings are gone (or `previous` was a correction
    /// itself): per account (cash, bonus money), posts the new return less
    /// what the bet's settlements paid so far, taking at most what the
    /// account holds; the house takes the other side. What cannot be taken
    /// is the shortfall. `previous` stays the bet's entry when nothing
    /// moves.
    #[expect(clippy::too_many_arguments, reason = "one ledger step of a resettle")]
    async fn net_correction(
        &self,
        txn: &DatabaseTransaction,
        chain: &mut ChainHead,
        player: &PlayerAccounts,
        staked: Staked,
        previous: Uuid,
        payout: Money,
        bet_id: Uuid,
        count: i32,
        held: Balances,
    ) -> Result<Resettled, WalletError> {
        let now = self.engine.now();
        let currency = player.currency;
        let (so_far_cash, so_far_bonus) = self.paid_so_far(txn, player, bet_id).await?;
        let to = self.returned(txn, player, staked, payout).await?;
        let owed_cash = to.cash.minor() - so_far_cash;
        let owed_bonus = to.bonus.minor() - so_far_bonus;
        // A negative amount is taken back: at most what the account holds.
        let cash = owed_cash.max(-held.cash.minor().max(0));
        let bonus = owed_bonus.max(-held.bonus.minor().max(0));
        let shortfall = Money::new((cash - owed_cash) + (bonus - owed_bonus), currency);
        let mut legs = Vec::with_capacity(3);
        if cash != 0 {
            legs.push(Self::player_leg(
                player,
                AccountKind::PlayerCash,
                Money::new(cash, currency),
            )?);
        }
        if bonus != 0 {
            legs.push(Self::player_leg(
                player,
                AccountKind::PlayerBonus,
                Money::new(bonus, currency),
            )?);
        }
        let house = -(cash + bonus);
        if house != 0 {
            legs.push(
                self.house_leg(
                    txn,
                    AccountKind::HouseSportsbook,
                    player,
                    Money::new(house, currency),
                    now,
                )
                .await?,
            );
        }
        if legs.is_empty() {
            return Ok(Resettled {
                transaction_id: previous,
                shortfall,
            });
        }
        match to.row {
            Some(row) if bonus > 0 => bonuses::credit(txn, row, bonus, now).await?,
            _ => {
                bonuses::debit(txn, player.player_id, -bonus, now).await?;
            }
        }
        let transaction_id = store::append(
            txn,
            now,
            chain,
            TransactionKind::BetSettle,
            &settle_reference(bet_id, count),
            None,
            &legs,
        )
        .await?
        .id;
        Ok(Resettled {
            transaction_id,
            shortfall,
        })
    }

    /// What the bet's settlements (`bet:{id}:settle:{n}`, a cash-out) and
    /// their reversals paid the player so far, net: (cash, bonus money).
    async fn paid_so_far(
        &self,
        txn: &DatabaseTransaction,
        player: &PlayerAccounts,
        bet_id: Uuid,
    ) -> Result<(i64, i64), WalletError> {
        let chain = store::player_chain(player.player_id);
        let settled: Vec<Uuid> = ledger_transactions::Entity::find()
            .filter(ledger_transactions::Column::ChainKey.eq(chain.clone()))
            .filter(
                Condition::any()
                    .add(
                        ledger_transactions::Column::Reference
                            .starts_with(format!("bet:{bet_id}:settle:")),
                    )
                    .add(
                        ledger_transactions::Column::Reference.eq(format!("bet:{bet_id}:cash_out")),
                    ),
            )
            .all(txn)
            .await?
            .into_iter()
            .map(|t| t.id)
            .collect();
        let reversals: Vec<Uuid> = ledger_transactions::Entity::find()
            .filter(ledger_transactions::Column::ChainKey.eq(chain))
            .filter(
                ledger_transactions::Column::Reference
                    .is_in(settled.iter().map(|id| format!("reverse:{id}"))),
            )
            .all(txn)
            .await?
            .into_iter()
            .map(|t| t.id)
            .collect();
        let postings = ledger_postings::Entity::find()
            .filter(
                ledger_postings::Column::TransactionId.is_in(settled.into_iter().chain(reversals)),
            )
            .filter(ledger_postings::Column::AccountId.is_in([player.cash, player.bonus]))
            .all(txn)
            .await?;
        Ok((
            posted_on(&postings, player.cash),
            posted_on(&postings, player.bonus),
        ))
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
        let postings = postings_of(txn, original).await?;
        self.reverse_postings(txn, chain, player, original, &postings)
            .await
    }

    /// [`Self::reverse_in`] with the postings of `original` read already.
    async fn reverse_postings(
        &self,
        txn: &DatabaseTransaction,
        chain: &mut ChainHead,
        player: &PlayerAccounts,
        original: Uuid,
        postings: &[ledger_postings::Model],
    ) -> Result<Uuid, WalletError> {
        let mut legs = Vec::with_capacity(postings.len());
        for posting in postings {
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
