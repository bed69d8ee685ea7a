//! Corrections: manual adjustments and reversals of earlier transactions.

use super::*;

impl Wallet<'_> {
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
}
