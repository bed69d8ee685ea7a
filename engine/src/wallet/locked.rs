//! One player's chain held open for a caller that writes other rows in the
//! same database transaction as the money it moves: the reward grant (an
//! award row, a budget reservation and the ledger transaction commit
//! together or not at all), bonus conversion, forfeiture and expiry.
//!
//! Rules: the chain lock is taken first, so everything the caller does for
//! this player is serialised with every other wallet command of the
//! player; each [`Locked::transfer`] appends one immutable ledger
//! transaction with its `wallet.balance_changed` event; nothing is visible
//! until [`Locked::commit`]. Dropping a `Locked` rolls everything back.
//! Callers retry the whole unit when [`WalletError::is_retryable`].

use super::*;

/// A player's chain, locked in an open transaction.
pub struct Locked<'w> {
    wallet: &'w Wallet<'w>,
    txn: DatabaseTransaction,
    chain: store::ChainHead,
    accounts: PlayerAccounts,
    at: DateTime<Utc>,
}

impl<'w> Wallet<'w> {
    /// Opens a transaction holding `player`'s chain, with the house accounts
    /// of `houses` opened beforehand (so the chain lock is the first write).
    pub async fn lock(
        &'w self,
        player: Uuid,
        houses: &[AccountKind],
    ) -> Result<Locked<'w>, WalletError> {
        let accounts = self.accounts(player).await?;
        for house in houses {
            self.prepare_house(*house, &accounts).await?;
        }
        let at = self.engine.now();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let chain = store::lock_chain(&txn, &store::player_chain(player), at).await?;
        Ok(Locked {
            wallet: self,
            txn,
            chain,
            accounts,
            at,
        })
    }
}

impl Locked<'_> {
    /// The open transaction, for the caller's own rows.
    pub fn txn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// The time the unit runs at (the engine's clock when it was opened).
    pub fn at(&self) -> DateTime<Utc> {
        self.at
    }

    /// The player's accounts.
    pub fn accounts(&self) -> &PlayerAccounts {
        &self.accounts
    }

    /// The player's balances as this transaction sees them.
    pub async fn balances(&self) -> Result<Balances, WalletError> {
        store::balances(&self.txn, &self.accounts).await
    }

    /// Appends one ledger transaction moving `amount` from one account of
    /// (or for) the player to another (the flag: a player account, else the
    /// house account of the player's shard). A player balance that would go
    /// below zero refuses the move. Returns the transaction id and the
    /// balances after it.
    pub async fn transfer(
        &mut self,
        kind: TransactionKind,
        from: (AccountKind, bool),
        to: (AccountKind, bool),
        amount: Money,
        reference: &str,
    ) -> Result<(Uuid, Balances), WalletError> {
        check_reference(reference)?;
        check_amount(amount, self.accounts.currency)?;
        let legs = self
            .wallet
            .move_legs(&self.txn, &self.accounts, from, to, amount, self.at)
            .await?;
        let (appended, now) = store::append_and_emit(
            &self.txn,
            self.at,
            &mut self.chain,
            kind,
            reference,
            None,
            &legs,
            &self.accounts,
        )
        .await?;
        Ok((appended.id, now))
    }

    /// Commits and wakes the outbox dispatcher.
    pub async fn commit(self) -> Result<(), WalletError> {
        self.txn.commit().await?;
        self.wallet.engine.events().wake();
        Ok(())
    }
}
