//! A free spin's money (the rules are in `crate::bonuses::free_play`): one
//! Originals round whose stake the house pays (`house_bonus_cost` →
//! `house_casino`, `casino_bet`) and whose win goes to cash as any round's
//! does, or to bonus money (`house_casino` → `player_bonus`, `casino_win`,
//! with its bonus row) when the grant has a wagering multiplier, with the
//! spin taken from the grant in the same transaction.

use domain::events::{EventData, RoundCompleted, Topic};
use domain::ledger::{AccountKind, TransactionKind};
use domain::money::Money;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::super::store::{self, ChainHead, PlayerAccounts, with_retry};
use super::super::{Begun, Idempotency, Wallet, WalletError};
use super::{OriginalsPosting, PostedRound, Posting, insert_round, rotate_seed};
use crate::bonuses::free_play;

impl Wallet<'_> {
    /// Posts an Originals round played with a free spin of the player's
    /// grant `bonus_id`: the spin is taken (guarded), the house pays the
    /// stake, the win goes to cash (to bonus money when the grant has a
    /// wagering multiplier), and the round is stored with its seed
    /// rotation and `game.round_completed`, in one transaction. `None`
    /// (nothing written) when the grant has no spin left for this game at
    /// this stake. With an idempotency key a repeat returns the first round.
    pub async fn post_free_spin_round(
        &self,
        player: Uuid,
        bonus_id: Uuid,
        round: &OriginalsPosting,
        idem: Option<&Idempotency>,
    ) -> Result<Option<PostedRound>, WalletError> {
        let accounts = self.accounts(player).await?;
        if round.stake.currency() != accounts.currency || !round.stake.is_positive() {
            return Err(WalletError::validation(
                "stake",
                "The stake must be greater than zero, in the wallet's currency.",
            ));
        }
        for house in [AccountKind::HouseCasino, AccountKind::HouseBonusCost] {
            self.prepare_house(house, &accounts).await?;
        }
        with_retry!(self.try_post_free_round(&accounts, bonus_id, round, idem))
    }

    async fn try_post_free_round(
        &self,
        player: &PlayerAccounts,
        bonus_id: Uuid,
        round: &OriginalsPosting,
        idem: Option<&Idempotency>,
    ) -> Result<Option<PostedRound>, WalletError> {
        let now = self.engine.now();
        let (txn, mut chain) = match self
            .begin(&store::player_chain(player.player_id), idem, now)
            .await?
        {
            Begun::Replay(answer) => {
                let round_id = answer
                    .body
                    .get("round_id")
                    .and_then(|v| v.as_str())
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| anyhow::anyhow!("stored round answer without round_id"))?;
                return Ok(Some(PostedRound {
                    round_id,
                    replayed: true,
                }));
            }
            Begun::Fresh(txn, chain) => (txn, chain),
        };
        // The grant is read again under the chain lock: the stake the round
        // was played at must still be the grant's, with a spin left.
        let grant = free_play::free_spin_grant(
            &txn,
            player.player_id,
            bonus_id,
            &round.game_code,
            player.currency,
            now,
        )
        .await?;
        let Some(grant) = grant.filter(|g| g.stake == round.stake) else {
            txn.rollback().await?;
            return Ok(None);
        };
        if !free_play::take_free_spin(&txn, player.player_id, bonus_id, now).await? {
            txn.rollback().await?;
            return Ok(None);
        }
        let posting = Posting {
            txn: &txn,
            player,
            reference: format!("originals:{}", round.round_id),
            now,
        };
        let stake_legs = [
            self.house_leg(
                &txn,
                AccountKind::HouseBonusCost,
                player,
                round.stake.checked_neg().map_err(anyhow::Error::from)?,
                now,
            )
            .await?,
            self.house_leg(&txn, AccountKind::HouseCasino, player, round.stake, now)
                .await?,
        ];
        let bet = store::append(
            &txn,
            now,
            &mut chain,
            TransactionKind::CasinoBet,
            &posting.reference,
            idem,
            &stake_legs,
        )
        .await?
        .id;
        let mut last = (bet, TransactionKind::CasinoBet);
        let mut win_id = None;
        if round.win.is_positive() {
            let win = if grant.wagering_multiplier > Decimal::ZERO {
                self.post_bonus_win(&posting, &mut chain, &grant, round.win)
                    .await?
            } else {
                self.post_round_win(&posting, &mut chain, round.win).await?
            };
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
                game_code: round.game_code.clone(),
                round: round.round_id.to_string(),
                stake: round.stake.format_amount(),
                win: round.win.format_amount(),
                currency: player.currency,
                free_spin: true,
            }),
        )
        .await?;
        self.finish(
            txn,
            idem,
            &serde_json::json!({ "round_id": round.round_id }),
        )
        .await?;
        Ok(Some(PostedRound {
            round_id: round.round_id,
            replayed: false,
        }))
    }

    /// A free spin's win held as bonus money: `house_casino` →
    /// `player_bonus` (`casino_win`), and the grant's bonus-money row
    /// started or topped up (`free_play::credit_spin_win`).
    async fn post_bonus_win(
        &self,
        p: &Posting<'_>,
        chain: &mut ChainHead,
        grant: &free_play::FreeSpinGrant,
        win: Money,
    ) -> Result<Uuid, WalletError> {
        let legs = [
            self.house_leg(
                p.txn,
                AccountKind::HouseCasino,
                p.player,
                win.checked_neg().map_err(anyhow::Error::from)?,
                p.now,
            )
            .await?,
            Self::player_leg(p.player, AccountKind::PlayerBonus, win)?,
        ];
        let posted = store::append(
            p.txn,
            p.now,
            chain,
            TransactionKind::CasinoWin,
            &p.reference,
            None,
            &legs,
        )
        .await?;
        free_play::credit_spin_win(p.txn, grant, win, p.now).await?;
        Ok(posted.id)
    }
}
