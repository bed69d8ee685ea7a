//! Deposits, withdrawals and the settlement of pending payments.

use super::*;

impl Wallet<'_> {
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
        // A withdrawal forfeits active bonus money (API.md "Player
        // bonuses"); the hold above never touched it, and cash never is.
        if let Err(e) = self.engine.bonuses().forfeit_for_withdrawal(player).await {
            tracing::warn!(%player, error = %e, "forfeiting bonuses on withdrawal failed");
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
