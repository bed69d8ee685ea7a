//! The one reward grant, used by campaigns, leaderboard prizes, the
//! loyalty store and tier cashback.
//!
//! Rules, all in ONE database transaction (which holds the player's
//! wallet chain when the reward moves money):
//! 1. The player is re-checked: a time-out or self-exclusion in force
//!    refuses the grant (responsible gaming is checked at payout, not only
//!    when the event was judged).
//! 2. Money moves as one ledger transaction against `house_bonus_cost`:
//!    cash and cashback to `player_cash`; bonus money to `player_bonus`
//!    (straight to cash when its wagering multiplier is 0); free bets and
//!    free spins move nothing until they are used (the house pays the
//!    stake then). Coins and points are one entry in their own ledger,
//!    whose reference is the award key.
//! 3. A `bonuses` row records what the player holds; the award row is
//!    inserted complete, keyed by the award key (`campaign:{id}:{event}`,
//!    `leaderboard:{id}:{period}:{rank}`, `store:{redemption}`,
//!    `tier-cashback:{player}:{period start}`), whose
//!    unique index refuses a second row: a retry, a replayed event or a
//!    second replica granting the same key rolls back and moves nothing
//!    ([`Granted::Already`]; so does a points or coins entry whose
//!    reference was posted before). `bonus.awarded` goes to the outbox for
//!    `player:{id}`.
//! 4. Last, the source's guard runs ([`Guard`]): a campaign counts the
//!    player's awards against `per_player` and, when it has a budget,
//!    reserves the face value with a guarded update of its row; a refusal
//!    rolls everything back. Running it last keeps a budget row that many
//!    awards share locked only for the commit.
//!
//! Campaign awards of rewards that move no money may also be granted many
//! at once, in one transaction, by the campaign consumer
//! (`campaigns::batch`), under the same rules.
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
use crate::events::Pending;
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
    /// A loyalty tier's cashback for one period (the period's id).
    TierCashback(Uuid),
}

impl Source {
    fn code(self) -> &'static str {
        match self {
            Source::Campaign(_) => "campaign",
            Source::Leaderboard(_) => "leaderboard",
            Source::Store(_) => "store",
            Source::TierCashback(_) => "tier_cashback",
        }
    }

    fn id(self) -> Uuid {
        match self {
            Source::Campaign(id)
            | Source::Leaderboard(id)
            | Source::Store(id)
            | Source::TierCashback(id) => id,
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
    if excluded(unit.txn(), grant.player_id, at).await? {
        return Ok(Granted::Refused(Refusal::Excluded));
    }
    let player_currency = unit.accounts().currency;
    let resolved = match resolve(engine, grant, player_currency, at).await? {
        Ok(resolved) => resolved,
        Err(refusal) => return Ok(Granted::Refused(refusal)),
    };
    let award_id = Uuid::now_v7();
    let mut events = Pending::new(at);
    let (transaction_id, bonus) =
        match pay(&mut unit, grant, &resolved, award_id, &mut events).await? {
            Ok(paid) => paid,
            Err(Refusal::Guard(reason)) if reason == ALREADY => return Ok(Granted::Already),
            Err(refusal) => return Ok(Granted::Refused(refusal)),
        };
    // The award row, complete, after the payment: a key granted before
    // fails on its unique index here and everything above rolls back.
    let row = award_row(grant, award_id, resolved.face, transaction_id, bonus.id, at)?;
    match awards::Entity::insert(row).exec(unit.txn()).await {
        Ok(_) => {}
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Ok(Granted::Already);
        }
        Err(e) => return Err(e.into()),
    }
    let view = crate::bonuses::view(&bonus);
    events.push(
        Topic::Player(grant.player_id),
        EventData::BonusAwarded(BonusChanged {
            player_id: grant.player_id,
            bonus: Box::new(view.clone()),
        }),
    );
    events.flush(unit.txn()).await?;
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

/// The refusal reason of a points or coins entry whose reference (the
/// award key) was posted before: the key was granted.
const ALREADY: &str = "already granted";

/// The complete award row of `grant`.
pub(crate) fn award_row(
    grant: &Grant<'_>,
    award_id: Uuid,
    face: Money,
    transaction_id: Option<Uuid>,
    bonus_id: Uuid,
    at: DateTime<Utc>,
) -> Result<awards::ActiveModel, GrantError> {
    let spec = serde_json::to_string(&grant.reward.to_spec()).map_err(anyhow::Error::from)?;
    Ok(awards::ActiveModel {
        id: Set(award_id),
        award_key: Set(grant.award_key.clone()),
        source: Set(grant.source.code().to_owned()),
        source_id: Set(Some(grant.source.id())),
        player_id: Set(grant.player_id),
        variant: Set(grant.variant.clone()),
        reward: Set(spec),
        face_minor: Set(face.minor()),
        currency: Set(grant.currency.code().to_owned()),
        transaction_id: Set(transaction_id),
        bonus_id: Set(Some(bonus_id)),
        created_at: Set(at),
    })
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

/// `amount` in `currency` at the day's reference rate of `at`, rounded
/// down; `Ok(None)` when no rate is known. The one conversion of reward
/// amounts, trigger amounts and bases.
pub(crate) async fn in_currency(
    engine: &Engine,
    amount: Money,
    currency: Currency,
    at: DateTime<Utc>,
) -> Result<Option<Money>, GrantError> {
    if amount.currency() == currency {
        return Ok(Some(amount));
    }
    match crate::finance::rate_for(engine.db(), amount.currency(), currency, at.date_naive()).await
    {
        Ok(used) => Ok(Some(
            domain::money::convert(
                amount,
                &used.rate,
                currency,
                domain::money::RoundingRule::TowardZero,
            )
            .map_err(|e| anyhow::anyhow!("convert: {e}"))?,
        )),
        Err(crate::finance::FinanceError::RateMissing { .. }) => Ok(None),
        Err(e) => Err(anyhow::anyhow!("{e}").into()),
    }
}

/// What the player receives, in the player's currency.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resolved {
    /// Face value, reward currency.
    pub(crate) face: Money,
    /// Money credited or held, player currency (zero for coins and points).
    pub(crate) amount: Money,
}

/// The face value and the player's amount.
pub(crate) async fn resolve(
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
    let Some(amount) = in_currency(engine, nominal, player_currency, at).await? else {
        return Ok(Err(Refusal::NoRate {
            from: nominal.currency(),
            to: player_currency,
        }));
    };
    if needs_money && !amount.is_positive() {
        return Ok(Err(Refusal::Nothing));
    }
    Ok(Ok(Resolved { face, amount }))
}

/// True when the reward moves money (cash, cashback, bonus money): its
/// grant holds the player's wallet chain. The others (free bets, free
/// spins, coins, points) move nothing until they are used.
pub(crate) fn moves_money(reward: &Reward) -> bool {
    matches!(
        reward,
        Reward::Cash { .. } | Reward::Cashback { .. } | Reward::BonusMoney(_)
    )
}

/// A reward that moves no money: its bonus row and the points or coins
/// it posts.
pub(crate) type InKind = (bonuses::Model, Option<(Unit, i64)>);

/// The bonus row of a reward that moves no money (`None` for one that
/// does), and the points or coins it posts.
pub(crate) fn in_kind(
    grant: &Grant<'_>,
    resolved: &Resolved,
    award_id: Uuid,
    at: DateTime<Utc>,
) -> Result<Option<InKind>, GrantError> {
    use domain::api::engagement::BonusStatus;
    let expires = |days: Option<u32>| days.map(|d| at + Duration::days(i64::from(d)));
    let mut row = crate::bonuses::new_row(
        award_id,
        grant,
        resolved.amount.currency(),
        at,
        grant.reward.kind(),
    );
    let mut points = None;
    match grant.reward {
        Reward::Cash { .. } | Reward::Cashback { .. } | Reward::BonusMoney(_) => return Ok(None),
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
            let unit = if matches!(grant.reward, Reward::Coins { .. }) {
                Unit::Coins
            } else {
                Unit::Points
            };
            points = Some((unit, i64::try_from(*coins).map_err(anyhow::Error::from)?));
            row.status = BonusStatus::Completed.code().to_owned();
            row.finished_at = Some(at);
        }
    }
    Ok(Some((row, points)))
}

/// The `loyalty.changed` event of a points or coins entry.
pub(crate) fn loyalty_changed(
    grant: &Grant<'_>,
    unit: Unit,
    delta: i64,
    now: points_ledger::Balances,
) -> EventData {
    EventData::LoyaltyChanged(domain::events::LoyaltyChanged {
        player_id: grant.player_id,
        points: now.points,
        coins: now.coins,
        points_delta: if unit == Unit::Points { delta } else { 0 },
        coins_delta: if unit == Unit::Coins { delta } else { 0 },
        reason: grant.reason.clone(),
        tier: None,
    })
}

/// Moves the money (or points) and writes the bonus row; events go to
/// `events`. A points or coins reference posted before refuses with
/// [`ALREADY`].
async fn pay(
    unit: &mut Locked<'_>,
    grant: &Grant<'_>,
    resolved: &Resolved,
    award_id: Uuid,
    events: &mut Pending,
) -> Result<Result<(Option<Uuid>, bonuses::Model), Refusal>, GrantError> {
    use domain::api::engagement::BonusStatus;
    let at = unit.at();
    if let Some((row, points)) = in_kind(grant, resolved, award_id, at)? {
        if let Some((points_unit, delta)) = points {
            let change = Change {
                player_id: grant.player_id,
                unit: points_unit,
                delta,
                reason: &grant.reason,
                reference: Some(&grant.award_key),
                author: None,
            };
            match points_ledger::post(unit.txn(), &change, at).await {
                Ok(now) => events.push(
                    Topic::Player(grant.player_id),
                    loyalty_changed(grant, points_unit, delta, now),
                ),
                Err(LedgerChangeError::Db(e)) => return Err(e.into()),
                Err(LedgerChangeError::Duplicate) => {
                    return Ok(Err(Refusal::Guard(ALREADY.into())));
                }
                Err(e) => return Ok(Err(Refusal::Guard(e.to_string()))),
            };
        }
        let model = crate::bonuses::insert(unit.txn(), row).await?;
        return Ok(Ok((None, model)));
    }
    let reference = format!("award:{award_id}");
    let house = (AccountKind::HouseBonusCost, false);
    let amount = resolved.amount;
    let mut row =
        crate::bonuses::new_row(award_id, grant, amount.currency(), at, grant.reward.kind());
    let (kind, to) = match grant.reward {
        Reward::BonusMoney(b) => {
            let required = domain::bonus::wagering_required(amount, b.wagering_multiplier);
            if required.is_zero() {
                (TransactionKind::BonusAward, AccountKind::PlayerCash)
            } else {
                row.balance_minor = amount.minor();
                row.wagering_required_minor = required.minor();
                row.expires_at = b.expires_in_days.map(|d| at + Duration::days(i64::from(d)));
                (TransactionKind::BonusAward, AccountKind::PlayerBonus)
            }
        }
        _ => (TransactionKind::Credit, AccountKind::PlayerCash),
    };
    if to == AccountKind::PlayerCash {
        // What was credited (a cashback's terms carry no `amount`).
        row.amount_minor = amount.minor();
        row.status = BonusStatus::Completed.code().to_owned();
        row.finished_at = Some(at);
    }
    let (id, _) = unit
        .transfer(kind, house, (to, true), amount, &reference)
        .await?;
    let model = crate::bonuses::insert(unit.txn(), row).await?;
    Ok(Ok((Some(id), model)))
}
