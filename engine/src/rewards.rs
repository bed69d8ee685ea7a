//! The one reward grant, used by campaigns, leaderboard prizes and the
//! loyalty store.
//!
//! Rules, in the order a grant applies them, all in ONE database
//! transaction that holds the player's wallet chain:
//! 1. The award key (`campaign:{id}:{event}`, `leaderboard:{id}:{period}:
//!    {rank}`, `store:{redemption}`) is inserted into `awards`, whose unique
//!    index refuses a second row: a retry, a replayed event or a second
//!    replica granting the same key moves nothing ([`Granted::Already`]).
//! 2. The player is re-checked: a time-out or self-exclusion in force
//!    refuses the grant (responsible gaming is checked at payout, not only
//!    when the event was judged).
//! 3. Money moves as one ledger transaction against `house_bonus_cost`:
//!    cash and cashback to `player_cash`; bonus money to `player_bonus`
//!    (straight to cash when its wagering multiplier is 0); free bets and
//!    free spins move nothing until they are used (the house pays the
//!    stake then). Coins and points are one entry in their own ledger.
//! 4. A `bonuses` row records what the player holds, and `bonus.awarded`
//!    goes to the outbox for `player:{id}`.
//! 5. Last, the source's guard runs ([`Guard`]): a campaign counts the
//!    player's awards against `per_player` and, when it has a budget,
//!    reserves the face value with a guarded update of its row; a refusal
//!    rolls everything back. Running it last keeps a budget row that many
//!    awards share locked only for the commit.
//!
//! Amounts of a reward are in the currency it was defined in (a campaign's
//! currency, the reporting currency); a player whose wallet is in another
//! currency receives the amount converted at the day's reference rate,
//! rounded down. The face value counted against a budget stays in the
//! reward's currency.

use chrono::{DateTime, Duration, Utc};
use domain::events::{BonusChanged, EventData, Topic};
use domain::ledger::{AccountKind, TransactionKind};
use domain::money::{Currency, Money};
use domain::reward::Reward;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, Set, SqlErr};
use uuid::Uuid;

use crate::Engine;
use crate::loyalty::ledger::{self as points_ledger, Change, LedgerChangeError, Unit};
use crate::wallet::{Locked, WalletError};
use entity::{awards, bonuses};

/// Where a grant comes from (the `awards.source` code and id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A campaign.
    Campaign(Uuid),
    /// A leaderboard's prize.
    Leaderboard(Uuid),
    /// A loyalty store item.
    Store(Uuid),
}

impl Source {
    fn code(self) -> &'static str {
        match self {
            Source::Campaign(_) => "campaign",
            Source::Leaderboard(_) => "leaderboard",
            Source::Store(_) => "store",
        }
    }

    fn id(self) -> Uuid {
        match self {
            Source::Campaign(id) | Source::Leaderboard(id) | Source::Store(id) => id,
        }
    }
}

/// One grant to make.
#[derive(Debug, Clone)]
pub struct Grant<'a> {
    /// Unique per grant: the same key never grants twice.
    pub award_key: String,
    /// Where it comes from.
    pub source: Source,
    /// The campaign variant's name, if any.
    pub variant: Option<String>,
    /// Who receives it.
    pub player_id: Uuid,
    /// What they receive.
    pub reward: &'a Reward,
    /// What the reward's amounts are in.
    pub currency: Currency,
    /// The triggering deposit or stake (percent bonuses), or the net loss
    /// (cashback), in `currency`.
    pub basis: Option<Money>,
    /// Why, for the points and coins ledgers and the audit trail.
    pub reason: String,
}

/// Why a grant was not made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// A time-out or self-exclusion is in force.
    #[error("the player is excluded")]
    Excluded,
    /// The source refused (budget, per-player limit, state, stock).
    #[error("{0}")]
    Guard(String),
    /// Nothing to give (a cashback on no loss, a percent of nothing).
    #[error("the reward is worth nothing")]
    Nothing,
    /// No reference rate to convert into the player's currency.
    #[error("no exchange rate from {from} to {to}")]
    NoRate {
        /// The reward's currency.
        from: Currency,
        /// The player's.
        to: Currency,
    },
}

/// What a grant did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Granted {
    /// Granted now: the award and the bonus the player holds.
    New {
        /// The award row's id.
        award_id: Uuid,
        /// The player's bonus.
        bonus: Box<domain::api::engagement::Bonus>,
        /// Face value in the reward's currency.
        face: Money,
    },
    /// The key was granted before: nothing happened.
    Already,
    /// Refused: nothing happened.
    Refused(Refusal),
}

/// Failures (not refusals) of a grant.
#[derive(Debug, thiserror::Error)]
pub enum GrantError {
    /// The wallet failed (retried by [`grant`] when transient).
    #[error(transparent)]
    Wallet(#[from] WalletError),
    /// Anything else.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<DbErr> for GrantError {
    fn from(e: DbErr) -> Self {
        GrantError::Wallet(e.into())
    }
}

impl GrantError {
    fn is_retryable(&self) -> bool {
        matches!(self, GrantError::Wallet(e) if e.is_retryable())
    }
}

/// What a source checks and reserves inside the grant's transaction.
pub trait Guard: Sync {
    /// Reserves `face` (in the reward's currency) for `player`; `Err` with a
    /// reason refuses the grant (the transaction rolls back).
    fn reserve(
        &self,
        txn: &DatabaseTransaction,
        player: Uuid,
        face: Money,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<Result<(), String>, DbErr>> + Send;
}

/// A guard that reserves nothing (leaderboard prizes: the close job is the
/// guard).
pub struct NoGuard;

impl Guard for NoGuard {
    async fn reserve(
        &self,
        _txn: &DatabaseTransaction,
        _player: Uuid,
        _face: Money,
        _at: DateTime<Utc>,
    ) -> Result<Result<(), String>, DbErr> {
        Ok(Ok(()))
    }
}

/// Grants `grant` once (see the module documentation), retrying transient
/// conflicts.
pub async fn grant<G: Guard>(
    engine: &Engine,
    grant: &Grant<'_>,
    guard: &G,
) -> Result<Granted, GrantError> {
    crate::wallet::store::with_retry!(try_grant(engine, grant, guard))
}

/// What the player receives, in the player's currency.
struct Resolved {
    /// Face value, reward currency.
    face: Money,
    /// Money credited or held, player currency (zero for coins and points).
    amount: Money,
}

async fn try_grant<G: Guard>(
    engine: &Engine,
    grant: &Grant<'_>,
    guard: &G,
) -> Result<Granted, GrantError> {
    let wallet = engine.wallet();
    let mut unit = wallet
        .lock(grant.player_id, &[AccountKind::HouseBonusCost])
        .await?;
    let at = unit.at();
    let Some(award_id) = claim_key(unit.txn(), grant, at).await? else {
        return Ok(Granted::Already);
    };
    if excluded(unit.txn(), grant.player_id, at).await? {
        return Ok(Granted::Refused(Refusal::Excluded));
    }
    let player_currency = unit.accounts().currency;
    let resolved = match resolve(engine, grant, player_currency, at).await? {
        Ok(resolved) => resolved,
        Err(refusal) => return Ok(Granted::Refused(refusal)),
    };
    let (transaction_id, bonus) = match pay(&mut unit, grant, &resolved, award_id).await? {
        Ok(paid) => paid,
        Err(refusal) => return Ok(Granted::Refused(refusal)),
    };
    awards::Entity::update(awards::ActiveModel {
        id: Set(award_id),
        face_minor: Set(resolved.face.minor()),
        transaction_id: Set(transaction_id),
        bonus_id: Set(Some(bonus.id)),
        ..Default::default()
    })
    .exec(unit.txn())
    .await?;
    let view = crate::bonuses::view(&bonus);
    crate::events::enqueue(
        unit.txn(),
        at,
        Topic::Player(grant.player_id),
        EventData::BonusAwarded(BonusChanged {
            player_id: grant.player_id,
            bonus: Box::new(view.clone()),
        }),
    )
    .await?;
    // Last, so a budget row many awards share is locked only for the
    // commit; a refusal rolls back everything above.
    if let Err(reason) = guard
        .reserve(unit.txn(), grant.player_id, resolved.face, at)
        .await?
    {
        return Ok(Granted::Refused(Refusal::Guard(reason)));
    }
    unit.commit().await?;
    Ok(Granted::New {
        award_id,
        bonus: Box::new(view),
        face: resolved.face,
    })
}

/// Inserts the award row; `None` when the key was granted before.
async fn claim_key(
    txn: &DatabaseTransaction,
    grant: &Grant<'_>,
    at: DateTime<Utc>,
) -> Result<Option<Uuid>, GrantError> {
    let id = Uuid::now_v7();
    let spec = serde_json::to_string(&grant.reward.to_spec()).map_err(anyhow::Error::from)?;
    let row = awards::ActiveModel {
        id: Set(id),
        award_key: Set(grant.award_key.clone()),
        source: Set(grant.source.code().to_owned()),
        source_id: Set(Some(grant.source.id())),
        player_id: Set(grant.player_id),
        variant: Set(grant.variant.clone()),
        reward: Set(spec),
        face_minor: Set(0),
        currency: Set(grant.currency.code().to_owned()),
        transaction_id: Set(None),
        bonus_id: Set(None),
        created_at: Set(at),
    };
    match awards::Entity::insert(row).exec(txn).await {
        Ok(_) => Ok(Some(id)),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// True when a time-out or self-exclusion is in force, read in the grant's
/// transaction.
async fn excluded<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
    at: DateTime<Utc>,
) -> Result<bool, GrantError> {
    let all = crate::compliance::exclusions(conn, player)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(domain::compliance::is_excluded(&all, at))
}

/// The face value and the player's amount.
async fn resolve(
    engine: &Engine,
    grant: &Grant<'_>,
    player_currency: Currency,
    at: DateTime<Utc>,
) -> Result<Result<Resolved, Refusal>, GrantError> {
    let face = grant
        .reward
        .face_value(grant.basis)
        .map_err(|e| anyhow::anyhow!("face value: {e}"))?;
    let nominal = match grant.reward {
        Reward::Cashback {
            percent,
            max_amount,
            ..
        } => {
            let Some(net_loss) = grant.basis else {
                return Ok(Err(Refusal::Nothing));
            };
            domain::bonus::cashback_amount(net_loss, *percent, *max_amount)
        }
        _ => face,
    };
    let face = if matches!(grant.reward, Reward::Cashback { .. }) {
        nominal
    } else {
        face
    };
    let needs_money = !matches!(
        grant.reward,
        Reward::Coins { .. } | Reward::LoyaltyPoints { .. }
    );
    if needs_money && !nominal.is_positive() {
        return Ok(Err(Refusal::Nothing));
    }
    let amount = if nominal.currency() == player_currency {
        nominal
    } else {
        match crate::finance::rate_for(
            engine.db(),
            nominal.currency(),
            player_currency,
            at.date_naive(),
        )
        .await
        {
            Ok(used) => domain::money::convert(
                nominal,
                &used.rate,
                player_currency,
                domain::money::RoundingRule::TowardZero,
            )
            .map_err(|e| anyhow::anyhow!("convert: {e}"))?,
            Err(crate::finance::FinanceError::RateMissing { from, to, .. }) => {
                return Ok(Err(Refusal::NoRate { from, to }));
            }
            Err(e) => return Err(anyhow::anyhow!("{e}").into()),
        }
    };
    if needs_money && !amount.is_positive() {
        return Ok(Err(Refusal::Nothing));
    }
    Ok(Ok(Resolved { face, amount }))
}

/// Moves the money (or points) and writes the bonus row.
async fn pay(
    unit: &mut Locked<'_>,
    grant: &Grant<'_>,
    resolved: &Resolved,
    award_id: Uuid,
) -> Result<Result<(Option<Uuid>, bonuses::Model), Refusal>, GrantError> {
    use domain::api::engagement::BonusStatus;
    let at = unit.at();
    let reference = format!("award:{award_id}");
    let house = (AccountKind::HouseBonusCost, false);
    let amount = resolved.amount;
    let expires = |days: Option<u32>| days.map(|d| at + Duration::days(i64::from(d)));
    let mut row =
        crate::bonuses::new_row(award_id, grant, amount.currency(), at, grant.reward.kind());
    let mut transaction_id = None;
    match grant.reward {
        Reward::Cash { .. } | Reward::Cashback { .. } => {
            let (id, _) = unit
                .transfer(
                    TransactionKind::Credit,
                    house,
                    (AccountKind::PlayerCash, true),
                    amount,
                    &reference,
                )
                .await?;
            transaction_id = Some(id);
            row.status = BonusStatus::Completed.code().to_owned();
            row.finished_at = Some(at);
        }
        Reward::BonusMoney(b) => {
            let required = domain::bonus::wagering_required(amount, b.wagering_multiplier);
            if required.is_zero() {
                let (id, _) = unit
                    .transfer(
                        TransactionKind::BonusAward,
                        house,
                        (AccountKind::PlayerCash, true),
                        amount,
                        &reference,
                    )
                    .await?;
                transaction_id = Some(id);
                row.status = BonusStatus::Completed.code().to_owned();
                row.finished_at = Some(at);
            } else {
                let (id, _) = unit
                    .transfer(
                        TransactionKind::BonusAward,
                        house,
                        (AccountKind::PlayerBonus, true),
                        amount,
                        &reference,
                    )
                    .await?;
                transaction_id = Some(id);
                row.balance_minor = amount.minor();
                row.wagering_required_minor = required.minor();
                row.expires_at = expires(b.expires_in_days);
            }
        }
        Reward::FreeBet {
            expires_in_days, ..
        } => {
            row.expires_at = expires(*expires_in_days);
        }
        Reward::FreeSpins {
            rounds,
            expires_in_days,
            ..
        } => {
            row.rounds_left = Some(i32::try_from(*rounds).unwrap_or(i32::MAX));
            row.expires_at = expires(*expires_in_days);
        }
        Reward::Coins { coins, .. } | Reward::LoyaltyPoints { points: coins, .. } => {
            let unit_kind = if matches!(grant.reward, Reward::Coins { .. }) {
                Unit::Coins
            } else {
                Unit::Points
            };
            let delta = i64::try_from(*coins).map_err(anyhow::Error::from)?;
            let change = Change {
                player_id: grant.player_id,
                unit: unit_kind,
                delta,
                reason: &grant.reason,
                reference: Some(&grant.award_key),
                author: None,
            };
            match points_ledger::post(unit.txn(), &change, at).await {
                Ok(now) => {
                    crate::events::enqueue(
                        unit.txn(),
                        at,
                        Topic::Player(grant.player_id),
                        EventData::LoyaltyChanged(domain::events::LoyaltyChanged {
                            player_id: grant.player_id,
                            points: now.points,
                            coins: now.coins,
                            points_delta: if unit_kind == Unit::Points { delta } else { 0 },
                            coins_delta: if unit_kind == Unit::Coins { delta } else { 0 },
                            reason: grant.reason.clone(),
                        }),
                    )
                    .await?;
                }
                Err(LedgerChangeError::Db(e)) => return Err(e.into()),
                Err(e) => return Ok(Err(Refusal::Guard(e.to_string()))),
            }
            row.status = BonusStatus::Completed.code().to_owned();
            row.finished_at = Some(at);
        }
    }
    let model = crate::bonuses::insert(unit.txn(), row).await?;
    Ok(Ok((transaction_id, model)))
}
