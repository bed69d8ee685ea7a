//! Moving money between one player's accounts: opening the locked
//! transaction, the legs of a move, the common end of every command, and
//! reserve, release, capture and credit.

use super::*;

impl Wallet<'_> {
    /// Opens the transaction at `at`: lock the chain first, then look the
    /// key up.
    pub(super) async fn begin(
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

    pub(super) async fn house_leg<C: ConnectionTrait>(
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

    pub(super) fn player_leg(
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
    pub(super) async fn move_legs<C: ConnectionTrait>(
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
    pub(super) async fn prepare_house(
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
    pub(super) async fn commit_recorded<T: Serialize>(
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
    pub(super) async fn run_move(
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
    pub(super) async fn move_alone(
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
}
