//! Cash-out: the player sells an open single or accumulator back to the
//! book before it settles.
//!
//! A quote is `domain::betting::cash_out_quote`: stake × Π(won legs'
//! factors) × Π(odds taken ÷ current odds of open legs) × (1 − margin),
//! rounded down, the margin being `EngineConfig::cash_out_margin`. Only
//! open singles and accumulators qualify, whose settled legs won (or were
//! void/pushed) and whose open legs' markets are open for betting.
//!
//! Quotes are stateless: `quote_id` is `{expires_ms}.{mac}`, the mac an
//! HMAC-SHA256 (keyed with the engine secret) over the bet, its settle
//! count, the margin, every leg's state (current odds of open legs, result
//! of settled ones), the amount and the expiry. Accepting recomputes the
//! quote from the rows inside the transaction that pays it, under the
//! player's chain lock, and refuses with a fresh quote when anything
//! differs (`CashOutChanged`) or the quote expired. The payment then flips
//! the bet `open` → `cashed_out` with a conditional update (so it happens
//! once, and settlement — which only picks `open` bets — never pays it),
//! moves the stake out of reserved and the amount into cash, the house
//! taking the difference, in one ledger transaction, takes the bet out of the market exposure, records
//! the return for responsible gaming and writes `bet.settled` (with
//! `cashed_out: true`) and `wallet.balance_changed` to the outbox.

use chrono::{DateTime, Utc};
use domain::betting::{BetError, BetKind, CashOutLeg, LegOutcome, LegResult, SettledLeg};
use domain::ledger::TransactionKind;
use domain::money::Money;
use hmac::{Hmac, Mac};
use rust_decimal::Decimal;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use sha2::Sha256;
use uuid::Uuid;

use super::book_exposure::{ExposureDelta, exposed_legs};
use super::{
    Bet, BetState, Sportsbook, SportsbookError, bet_views, stored_currency, stored_decimal,
    stored_odds,
};
use crate::Principal;
use crate::wallet::store::{self, PlayerAccounts, with_retry};
use crate::wallet::{Idempotency, Recorded};
use entity::{sportsbook_bet_legs as legs, sportsbook_bets as bets};

type HmacSha256 = Hmac<Sha256>;

/// How long a quote may be accepted, seconds.
pub const QUOTE_TTL_SECS: i64 = 30;

/// Why a bet cannot be cashed out (`details.reason` of
/// `cash_out_unavailable`).
pub mod reason {
    /// The bet is settled or cashed out already.
    pub const NOT_OPEN: &str = "not_open";
    /// Only singles and accumulators cash out.
    pub const BET_KIND: &str = "bet_kind";
    /// A settled leg did not win.
    pub const LEG_LOST: &str = "leg_lost";
    /// An open leg's market is suspended or its event closed for betting.
    pub const SUSPENDED: &str = "suspended";
    /// Every leg is settled: the bet is being paid.
    pub const NO_OPEN_LEG: &str = "no_open_leg";
    /// The offer rounds down to nothing.
    pub const NO_VALUE: &str = "no_value";
    /// A free bet is never cashed out (`crate::bonuses::free_play`).
    pub const FREE_BET: &str = "free_bet";
}

pub use domain::api::sportsbook::CashOutQuote;

/// A bet priced from its rows.
struct Priced {
    amount: Money,
    legs: Vec<domain::api::sportsbook::CashOutLeg>,
    /// Every leg's result as read (a concurrent settlement is detected).
    results: Vec<Option<String>>,
    fingerprint: String,
}

fn unavailable(reason: &'static str) -> SportsbookError {
    SportsbookError::CashOutUnavailable { reason }
}

/// Prices an open bet (see the module docs) as `conn` sees it.
async fn price<C: ConnectionTrait>(
    conn: &C,
    bet: &bets::Model,
    margin: Decimal,
    now: DateTime<Utc>,
) -> Result<Priced, SportsbookError> {
    if bet.status != BetState::Open.code() {
        return Err(unavailable(reason::NOT_OPEN));
    }
    if bet.free_bet_id.is_some() {
        return Err(unavailable(reason::FREE_BET));
    }
    let bad = |e: BetError| SportsbookError::Unexpected(anyhow::anyhow!("bet {}: {e}", bet.id));
    let kind = match BetKind::from_parts(&bet.kind, None) {
        Ok(kind @ (BetKind::Single | BetKind::Accumulator)) => kind,
        _ => return Err(unavailable(reason::BET_KIND)),
    };
    let currency = stored_currency(&bet.currency)?;
    let bet_legs = legs::Entity::find()
        .filter(legs::Column::BetId.eq(bet.id))
        .order_by_asc(legs::Column::Position)
        .all(conn)
        .await?;
    let open_ids: Vec<Uuid> = bet_legs
        .iter()
        .filter(|l| l.result.is_none())
        .map(|l| l.selection_id)
        .collect();
    let catalog = super::catalog_of(conn, open_ids).await?;
    let mut domain_legs = Vec::with_capacity(bet_legs.len());
    let mut quoted = Vec::with_capacity(bet_legs.len());
    let mut fingerprint = format!(
        "cash_out:v1|{}|{}|{}",
        bet.id,
        bet.settle_count,
        margin.normalize()
    );
    for leg in &bet_legs {
        let taken = stored_odds(leg.odds.as_deref().unwrap_or_default())?;
        if let Some(code) = leg.result.as_deref() {
            let result: LegResult = code
                .parse()
                .map_err(|e| SportsbookError::Unexpected(anyhow::anyhow!("leg result: {e}")))?;
            if !matches!(result, LegResult::Win | LegResult::Void | LegResult::Push) {
                return Err(unavailable(reason::LEG_LOST));
            }
            let outcome = LegOutcome::new(
                result,
                stored_decimal(leg.dead_heat_factor.as_deref())?,
                stored_decimal(leg.rule4_deduction.as_deref())?,
            )
            .map_err(bad)?;
            domain_legs.push(CashOutLeg::Settled(SettledLeg {
                odds: taken,
                outcome,
            }));
            fingerprint.push_str(&format!(
                "|{}:settled:{code}:{}:{}",
                leg.selection_id,
                leg.dead_heat_factor.as_deref().unwrap_or("-"),
                leg.rule4_deduction.as_deref().unwrap_or("-"),
            ));
            quoted.push(domain::api::sportsbook::CashOutLeg {
                selection_id: leg.selection_id,
                odds: taken.to_string(),
                current_odds: None,
                result: Some(result),
            });
        } else {
            let entry = catalog
                .get(&leg.selection_id)
                .ok_or_else(|| anyhow::anyhow!("selection {} vanished", leg.selection_id))?;
            if !entry.open_for_betting(now) {
                return Err(unavailable(reason::SUSPENDED));
            }
            let selection = &entry.selection;
            let current = stored_odds(&selection.odds)?;
            domain_legs.push(CashOutLeg::Open { taken, current });
            fingerprint.push_str(&format!("|{}:open:{current}", leg.selection_id));
            quoted.push(domain::api::sportsbook::CashOutLeg {
                selection_id: leg.selection_id,
                odds: taken.to_string(),
                current_odds: Some(current.to_string()),
                result: None,
            });
        }
    }
    let stake = Money::new(bet.total_stake, currency);
    let amount = match domain::betting::cash_out_quote(kind, stake, &domain_legs, margin) {
        Ok(amount) => amount,
        Err(BetError::CashOutUnavailable) => return Err(unavailable(reason::NO_OPEN_LEG)),
        Err(e) => return Err(bad(e)),
    };
    if !amount.is_positive() {
        return Err(unavailable(reason::NO_VALUE));
    }
    fingerprint.push_str(&format!("|{}", amount.minor()));
    Ok(Priced {
        amount,
        legs: quoted,
        results: bet_legs.iter().map(|l| l.result.clone()).collect(),
        fingerprint,
    })
}

impl Sportsbook<'_> {
    fn mac(&self, fingerprint: &str, expires_ms: i64) -> Result<HmacSha256, SportsbookError> {
        let mut mac = HmacSha256::new_from_slice(&self.engine.config().jwt_secret)
            .map_err(|e| SportsbookError::Unexpected(anyhow::anyhow!("cash-out key: {e}")))?;
        mac.update(fingerprint.as_bytes());
        mac.update(format!("|{expires_ms}").as_bytes());
        Ok(mac)
    }

    fn quote_of(&self, bet: &bets::Model, priced: Priced) -> Result<CashOutQuote, SportsbookError> {
        let expires_at = self.engine.now() + chrono::Duration::seconds(QUOTE_TTL_SECS);
        let expires_ms = expires_at.timestamp_millis();
        let mac = self.mac(&priced.fingerprint, expires_ms)?;
        let quote_id = format!("{expires_ms}.{}", hex::encode(mac.finalize().into_bytes()));
        Ok(CashOutQuote {
            bet_id: bet.id,
            amount: priced.amount.format_amount(),
            currency: bet.currency.clone(),
            stake: Money::new(bet.total_stake, priced.amount.currency()).format_amount(),
            margin: self.engine.config().cash_out_margin.normalize().to_string(),
            quote_id,
            expires_at: DateTime::from_timestamp_millis(expires_ms).unwrap_or(expires_at),
            legs: priced.legs,
        })
    }

    /// The caller's bet, or `NotFound` (also for another player's bet).
    async fn own_bet<C: ConnectionTrait>(
        &self,
        conn: &C,
        caller: &Principal,
        bet_id: Uuid,
    ) -> Result<bets::Model, SportsbookError> {
        bets::Entity::find_by_id(bet_id)
            .one(conn)
            .await?
            .filter(|b| b.player_id == caller.user_id)
            .ok_or(SportsbookError::NotFound)
    }

    /// What the caller's bet cashes out for now, valid for
    /// [`QUOTE_TTL_SECS`]. `CashOutUnavailable` with a reason when it does
    /// not qualify; `NotFound` for another player's bet.
    pub async fn cash_out_quote(
        &self,
        caller: &Principal,
        bet_id: Uuid,
    ) -> Result<CashOutQuote, SportsbookError> {
        let db = self.engine.db();
        let bet = self.own_bet(db, caller, bet_id).await?;
        let priced = price(
            db,
            &bet,
            self.engine.config().cash_out_margin,
            self.engine.now(),
        )
        .await?;
        self.quote_of(&bet, priced)
    }

    /// Cashes the caller's bet out at a quote from
    /// [`Sportsbook::cash_out_quote`], atomically (see the module docs).
    /// `CashOutChanged` with a fresh quote when the odds, a leg or the
    /// margin changed since, or the quote expired; `CashOutUnavailable`
    /// when the bet no longer qualifies (cashed out or settled meanwhile).
    /// With an idempotency key a repeat answers the first cash-out
    /// (`replayed`).
    pub async fn cash_out(
        &self,
        caller: &Principal,
        bet_id: Uuid,
        quote_id: &str,
        idem: Option<&Idempotency>,
    ) -> Result<Recorded<Bet>, SportsbookError> {
        let invalid =
            || SportsbookError::validation("quote_id", "Give the quote_id of a cash-out quote.");
        let (expires, mac) = quote_id.trim().split_once('.').ok_or_else(invalid)?;
        let expires_ms: i64 = expires.parse().map_err(|_| invalid())?;
        let mac = hex::decode(mac).map_err(|_| invalid())?;
        if mac.len() != 32 {
            return Err(invalid());
        }
        let db = self.engine.db();
        if let Some(idem) = idem
            && let Some(answer) = store::find_idempotent(db, idem).await?
        {
            return Ok(Recorded {
                value: serde_json::from_value(answer.body).map_err(anyhow::Error::from)?,
                replayed: true,
            });
        }
        let bet = self.own_bet(db, caller, bet_id).await?;
        let accounts = self
            .engine
            .wallet()
            .sportsbook_accounts(bet.player_id)
            .await?;
        with_retry!(self.try_cash_out(&accounts, bet_id, expires_ms, &mac, idem))
    }

    async fn try_cash_out(
        &self,
        accounts: &PlayerAccounts,
        bet_id: Uuid,
        expires_ms: i64,
        mac: &[u8],
        idem: Option<&Idempotency>,
    ) -> Result<Recorded<Bet>, SportsbookError> {
        let wallet = self.engine.wallet();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let mut chain = wallet.sportsbook_lock(&txn, accounts).await?;
        if let Some(idem) = idem
            && let Some(answer) = store::find_idempotent(&txn, idem).await?
        {
            txn.rollback().await?;
            return Ok(Recorded {
                value: serde_json::from_value(answer.body).map_err(anyhow::Error::from)?,
                replayed: true,
            });
        }
        let bet = bets::Entity::find_by_id(bet_id)
            .one(&txn)
            .await?
            .filter(|b| b.player_id == accounts.player_id)
            .ok_or(SportsbookError::NotFound)?;
        let priced = price(
            &txn,
            &bet,
            self.engine.config().cash_out_margin,
            self.engine.now(),
        )
        .await?;
        let same = self
            .mac(&priced.fingerprint, expires_ms)?
            .verify_slice(mac)
            .is_ok();
        let expired = self.engine.now().timestamp_millis() > expires_ms;
        if !same || expired {
            txn.rollback().await?;
            return Err(SportsbookError::CashOutChanged {
                quote: Box::new(self.quote_of(&bet, priced)?),
                expired: same,
            });
        }
        let amount = priced.amount;
        let currency = amount.currency();
        let now = self.engine.now();
        let flipped = bets::Entity::update_many()
            .col_expr(
                bets::Column::Status,
                Expr::value(BetState::CashedOut.code()),
            )
            .col_expr(bets::Column::ReturnAmount, Expr::value(amount.minor()))
            .col_expr(bets::Column::SettledAt, Expr::value(now))
            .col_expr(bets::Column::SettleCount, Expr::value(bet.settle_count + 1))
            .filter(bets::Column::Id.eq(bet.id))
            .filter(bets::Column::Status.eq(BetState::Open.code()))
            .filter(bets::Column::SettleCount.eq(bet.settle_count))
            .exec(&txn)
            .await?;
        if flipped.rows_affected != 1 {
            txn.rollback().await?;
            return Err(unavailable(reason::NOT_OPEN));
        }
        // A result recorded meanwhile (it does not take the chain lock)
        // changes the price: refuse rather than pay on stale legs.
        let results_now: Vec<Option<String>> = legs::Entity::find()
            .filter(legs::Column::BetId.eq(bet.id))
            .order_by_asc(legs::Column::Position)
            .all(&txn)
            .await?
            .into_iter()
            .map(|l| l.result)
            .collect();
        if results_now != priced.results {
            txn.rollback().await?;
            let margin = self.engine.config().cash_out_margin;
            return Err(
                match price(self.engine.db(), &bet, margin, self.engine.now()).await {
                    Ok(fresh) => SportsbookError::CashOutChanged {
                        quote: Box::new(self.quote_of(&bet, fresh)?),
                        expired: false,
                    },
                    Err(e) => e,
                },
            );
        }
        let tx = wallet
            .cash_out_bet(
                &txn,
                &mut chain,
                accounts,
                crate::wallet::sportsbook::Staked::of(&bet, currency),
                amount,
                bet.id,
                idem,
            )
            .await?;
        bets::Entity::update_many()
            .col_expr(bets::Column::SettleTransactionId, Expr::value(tx))
            .filter(bets::Column::Id.eq(bet.id))
            .exec(&txn)
            .await?;
        // The bet leaves the book: its exposure goes.
        let bet_legs = legs::Entity::find()
            .filter(legs::Column::BetId.eq(bet.id))
            .all(&txn)
            .await?;
        let mut delta = ExposureDelta::default();
        delta.add(&bet, exposed_legs(&bet, &bet_legs), -1);
        delta
            .apply(&txn, super::book_exposure::shard_of(bet.player_id))
            .await?;
        let mut closings = super::settlement::Closings::new(now);
        closings.add(
            &bet,
            &bet_legs,
            super::settlement::Closed {
                payout: amount,
                winnings: amount,
                count: bet.settle_count + 1,
                resettled: false,
                cashed_out: true,
            },
        )?;
        closings.flush(&txn).await?;
        store::emit_balance_changed(&txn, now, accounts, tx, TransactionKind::BetSettle).await?;
        let row = bets::Entity::find_by_id(bet.id)
            .one(&txn)
            .await?
            .ok_or_else(|| anyhow::anyhow!("bet {} vanished", bet.id))?;
        let view = bet_views(&txn, vec![row])
            .await?
            .pop()
            .ok_or_else(|| anyhow::anyhow!("bet {} has no view", bet.id))?;
        let answer = serde_json::to_value(&view).map_err(anyhow::Error::from)?;
        wallet.finish(txn, idem, &answer).await?;
        Ok(Recorded {
            value: view,
            replayed: false,
        })
    }
}
