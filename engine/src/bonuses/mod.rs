//! The player's bonuses: what each award left them holding, and the bonus
//! money rules.
//!
//! Rules:
//! - Every award has a bonus row (cash, coins and points are `completed` at
//!   once). Bonus money is `active` until its wagering is met
//!   (`completed`: what is left of it, up to `max_conversion`, moves to cash
//!   in one ledger transaction, any excess back to the house), the player
//!   forfeits it, a withdrawal forfeits it, or it expires.
//! - Wagering: a stake (its cash and bonus parts alike) counts once,
//!   towards the player's oldest active bonus, with the contribution of its
//!   vertical or casino category (floored to minor units): sportsbook stakes when their bet first
//!   settles (not void, not below the bonus's `min_odds`), casino stakes when
//!   the round is played. A bet counts once, however often it is resettled.
//! - Stakes take the player's cash first, then bonus money
//!   (`domain::bonus::split_stake`), on every vertical (free bets and free
//!   spins aside: the house pays those). A row's `balance_minor` is the
//!   bonus money attributed to it, so the rows' active balances add up to
//!   the player's bonus account: a stake's bonus part is debited from the
//!   active bonus-money rows oldest first (each down to zero; the bet or
//!   casino bet remembers the first row), and bonus money coming back is
//!   credited to the oldest active row.
//! - A return (winnings, a void, a cash-out, a rollback of a casino bet)
//!   splits in proportion to the stake (`domain::bonus::split_return`:
//!   bonus part = floor(return × bonus stake / stake), the rest cash). The
//!   bonus part goes to bonus money while the player has an active
//!   bonus-money bonus; otherwise to cash when the bonus the stake came
//!   from completed (it would have converted), and back to the house when
//!   it was forfeited or expired. Taking a return back (a resettlement) takes
//!   each part back from where it went, debiting the rows as a stake does.
//! - Conversion, forfeiture and expiry move min(row balance, bonus held),
//!   so with the rows kept as above they move exactly the row's money.
//! - Every change of status is a guarded update (`WHERE status = 'active'`)
//!   inside the transaction that holds the player's wallet chain, so a
//!   bonus converts, is forfeited or expires exactly once, whichever of the
//!   expiry job (on any replica), the player or a withdrawal comes first.
//!   Cash is never touched by a forfeiture.

pub(crate) mod free_play;

use chrono::{DateTime, Utc};
use domain::api::engagement::{Bonus, BonusList, BonusStatus, FreeBetTerms, FreeSpinsTerms};
use domain::events::{BonusChanged, EventData, Topic};
use domain::ledger::{AccountKind, TransactionKind};
use domain::money::{Currency, Money};
use domain::reward::RewardKind;
use rust_decimal::Decimal;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::Value;
use uuid::Uuid;

use crate::Engine;
use crate::rewards::Grant;
use crate::wallet::store::with_retry;
use crate::wallet::{Locked, WalletError};
use entity::bonuses;

/// Most bonuses listed at once.
pub const MAX_LISTED: u64 = 200;
/// Most expired bonuses one expiry run handles.
pub const EXPIRY_BATCH: u64 = 500;

/// Failures of bonus commands, mapped to API codes at the edge.
#[derive(Debug, thiserror::Error)]
pub enum BonusError {
    /// No such bonus of this player.
    #[error("not found")]
    NotFound,
    /// The bonus is not active.
    #[error("the bonus is {0}")]
    InvalidState(String),
    /// The wallet failed.
    #[error(transparent)]
    Wallet(#[from] WalletError),
    /// Anything else.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl BonusError {
    /// A transient conflict worth running the command again for.
    pub fn is_retryable(&self) -> bool {
        matches!(self, BonusError::Wallet(e) if e.is_retryable())
    }
}

impl From<DbErr> for BonusError {
    fn from(e: DbErr) -> Self {
        BonusError::Wallet(e.into())
    }
}

/// A bonus row about to be written.
pub(crate) fn new_row(
    award_id: Uuid,
    grant: &Grant<'_>,
    currency: Currency,
    at: DateTime<Utc>,
    kind: RewardKind,
) -> bonuses::Model {
    let (campaign_id, variant) = match grant.source {
        crate::rewards::Source::Campaign(id) => (Some(id), grant.variant.clone()),
        _ => (None, None),
    };
    let terms = serde_json::to_string(&grant.reward.to_spec()).unwrap_or_else(|_| "{}".into());
    bonuses::Model {
        id: Uuid::now_v7(),
        award_id,
        player_id: grant.player_id,
        campaign_id,
        variant,
        kind: kind.code().to_owned(),
        status: BonusStatus::Active.code().to_owned(),
        currency: currency.code().to_owned(),
        amount_minor: 0,
        balance_minor: 0,
        wagering_required_minor: 0,
        wagering_done_minor: 0,
        rounds_left: None,
        terms,
        expires_at: None,
        created_at: at,
        updated_at: at,
        finished_at: None,
    }
}

/// Writes a new bonus row.
pub(crate) async fn insert<C: ConnectionTrait>(
    conn: &C,
    mut row: bonuses::Model,
) -> Result<bonuses::Model, DbErr> {
    if row.amount_minor == 0 {
        row.amount_minor = granted_minor(&row);
    }
    let active: bonuses::ActiveModel = row.clone().into();
    bonuses::Entity::insert(active.reset_all())
        .exec(conn)
        .await?;
    Ok(row)
}

/// The amount a bonus row stands for, from its terms when not set.
fn granted_minor(row: &bonuses::Model) -> i64 {
    if row.balance_minor > 0 {
        return row.balance_minor;
    }
    let terms = terms_of(row);
    let currency: Currency = row.currency.parse().unwrap_or(Currency::EUR);
    let money = |v: &Value| {
        v.as_str()
            .and_then(|s| Money::parse(s, currency).ok())
            .map(Money::minor)
    };
    match row.kind.as_str() {
        "free_spins" => {
            let stake = money(&terms["stake"]).unwrap_or(0);
            let rounds = terms["rounds"].as_i64().unwrap_or(0);
            stake.saturating_mul(rounds)
        }
        _ => money(&terms["amount"]).unwrap_or(0),
    }
}

fn terms_of(row: &bonuses::Model) -> Value {
    serde_json::from_str(&row.terms).unwrap_or(Value::Null)
}

/// The player's view of a bonus row.
pub fn view(row: &bonuses::Model) -> Bonus {
    let currency: Currency = row.currency.parse().unwrap_or(Currency::EUR);
    let fmt = |minor: i64| Money::new(minor, currency).format_amount();
    let terms = terms_of(row);
    let text = |v: &Value| v.as_str().map(str::to_owned);
    let free_bet = (row.kind == RewardKind::FreeBet.code()).then(|| FreeBetTerms {
        min_odds: text(&terms["min_odds"]),
    });
    let free_spins = (row.kind == RewardKind::FreeSpins.code()).then(|| FreeSpinsTerms {
        game_code: text(&terms["game_code"]).unwrap_or_default(),
        rounds_left: row.rounds_left.unwrap_or(0).max(0) as u32,
        stake: text(&terms["stake"]).unwrap_or_default(),
    });
    Bonus {
        bonus_id: row.id,
        campaign_id: row.campaign_id,
        variant: row.variant.clone(),
        kind: row.kind.clone(),
        status: row.status.parse().unwrap_or(BonusStatus::Active),
        amount: fmt(row.amount_minor),
        balance: fmt(row.balance_minor),
        currency: row.currency.clone(),
        wagering_required: fmt(row.wagering_required_minor),
        wagering_done: fmt(row.wagering_done_minor),
        coins: (row.kind == RewardKind::Coins.code()).then(|| terms["coins"].as_i64().unwrap_or(0)),
        points: (row.kind == RewardKind::LoyaltyPoints.code())
            .then(|| terms["points"].as_i64().unwrap_or(0)),
        expires_at: row.expires_at,
        free_bet,
        free_spins,
        terms: describe(&terms),
        created_at: row.created_at,
    }
}

/// A reward's terms in words, for players.
pub fn describe(terms: &Value) -> String {
    let s = |key: &str| terms[key].as_str().unwrap_or("").to_owned();
    let n = |key: &str| terms[key].as_i64();
    let mut parts = Vec::new();
    match terms["kind"].as_str().unwrap_or("") {
        "cash" => parts.push(format!("{} in cash", s("amount"))),
        "bonus_money" => {
            if terms["percent"].is_string() {
                parts.push(format!(
                    "{}% of the qualifying amount as bonus money, up to {}",
                    s("percent"),
                    s("max_amount")
                ));
            } else {
                parts.push(format!("{} bonus money", s("amount")));
            }
            let multiplier = s("wagering_multiplier");
            if !multiplier.is_empty() && multiplier != "0" {
                parts.push(format!(
                    "wager {multiplier}× the bonus before it turns into cash"
                ));
            }
            if terms["min_odds"].is_string() {
                parts.push(format!("bets count at odds of {} or more", s("min_odds")));
            }
            if terms["max_conversion"].is_string() {
                parts.push(format!("at most {} converts to cash", s("max_conversion")));
            }
        }
        "free_bet" => {
            parts.push(format!(
                "a {} free bet (the stake is not returned)",
                s("amount")
            ));
            if terms["min_odds"].is_string() {
                parts.push(format!("odds of {} or more", s("min_odds")));
            }
        }
        "free_spins" => parts.push(format!(
            "{} free spins at {} on {}",
            n("rounds").unwrap_or(0),
            s("stake"),
            s("game_code")
        )),
        "cashback" => parts.push(format!(
            "{}% of your net loss each {} back in cash, up to {}",
            s("percent"),
            s("period"),
            s("max_amount")
        )),
        "coins" => parts.push(format!("{} coins", n("coins").unwrap_or(0))),
        "loyalty_points" => parts.push(format!("{} loyalty points", n("points").unwrap_or(0))),
        _ => {}
    }
    if let Some(days) = n("expires_in_days") {
        parts.push(format!("expires {days} days after it is awarded"));
    }
    parts.join("; ")
}

/// Bonus commands for one engine.
pub struct Bonuses<'a> {
    engine: &'a Engine,
}

impl<'a> Bonuses<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    /// The player's bonuses, newest first.
    pub async fn list(&self, player: Uuid) -> Result<BonusList, BonusError> {
        let rows = bonuses::Entity::find()
            .filter(bonuses::Column::PlayerId.eq(player))
            .order_by_desc(bonuses::Column::CreatedAt)
            .order_by_desc(bonuses::Column::Id)
            .limit(MAX_LISTED)
            .all(self.engine.db())
            .await?;
        Ok(BonusList {
            items: rows.iter().map(view).collect(),
        })
    }

    /// The player gives up an active bonus: its bonus money goes back to
    /// the house.
    pub async fn forfeit(&self, player: Uuid, bonus_id: Uuid) -> Result<Bonus, BonusError> {
        let row = bonuses::Entity::find_by_id(bonus_id)
            .one(self.engine.db())
            .await?
            .filter(|b| b.player_id == player)
            .ok_or(BonusError::NotFound)?;
        if row.status != BonusStatus::Active.code() {
            return Err(BonusError::InvalidState(row.status));
        }
        match with_retry!(self.end(row.id, BonusStatus::Forfeited))? {
            Some(bonus) => Ok(bonus),
            None => {
                let now = bonuses::Entity::find_by_id(bonus_id)
                    .one(self.engine.db())
                    .await?
                    .ok_or(BonusError::NotFound)?;
                Err(BonusError::InvalidState(now.status))
            }
        }
    }

    /// Forfeits every active bonus-money bonus of the player (a withdrawal
    /// was requested). Answers how many.
    pub async fn forfeit_for_withdrawal(&self, player: Uuid) -> Result<usize, BonusError> {
        let active = bonuses::Entity::find()
            .filter(bonuses::Column::PlayerId.eq(player))
            .filter(bonuses::Column::Status.eq(BonusStatus::Active.code()))
            .filter(bonuses::Column::Kind.eq(RewardKind::BonusMoney.code()))
            .all(self.engine.db())
            .await?;
        let mut ended = 0;
        for row in active {
            if with_retry!(self.end(row.id, BonusStatus::Forfeited))?.is_some() {
                ended += 1;
            }
        }
        Ok(ended)
    }

    /// Expires bonuses whose time ran out at `now` (at most
    /// [`EXPIRY_BATCH`]); answers how many this call expired. Safe to run on
    /// every replica at once: each bonus ends once.
    pub async fn expire_due(&self, now: DateTime<Utc>) -> Result<usize, BonusError> {
        let due = bonuses::Entity::find()
            .filter(bonuses::Column::Status.eq(BonusStatus::Active.code()))
            .filter(bonuses::Column::ExpiresAt.lte(now))
            .order_by_asc(bonuses::Column::ExpiresAt)
            .limit(EXPIRY_BATCH)
            .all(self.engine.db())
            .await?;
        let mut ended = 0;
        for row in due {
            if with_retry!(self.end(row.id, BonusStatus::Expired))?.is_some() {
                ended += 1;
            }
        }
        Ok(ended)
    }

    /// Ends an active bonus as `status` (forfeited or expired): claims it
    /// with a guarded update, returns its remaining bonus money to the
    /// house. `None` when it was no longer active.
    async fn end(&self, bonus_id: Uuid, status: BonusStatus) -> Result<Option<Bonus>, BonusError> {
        let Some(row) = bonuses::Entity::find_by_id(bonus_id)
            .one(self.engine.db())
            .await?
        else {
            return Ok(None);
        };
        let wallet = self.engine.wallet();
        let mut unit = wallet
            .lock(row.player_id, &[AccountKind::HouseBonusCost])
            .await?;
        let at = unit.at();
        if !claim(unit.txn(), bonus_id, status, at).await? {
            return Ok(None);
        }
        // Read again under the chain lock: stakes and returns change the
        // row's balance.
        let row = bonuses::Entity::find_by_id(bonus_id)
            .one(unit.txn())
            .await?
            .unwrap_or(row);
        let back = self.take_back(&mut unit, &row, row.balance_minor).await?;
        let mut ended = row.clone();
        ended.status = status.code().to_owned();
        ended.balance_minor = row.balance_minor - back;
        ended.finished_at = Some(at);
        ended.updated_at = at;
        bonuses::Entity::update_many()
            .col_expr(bonuses::Column::BalanceMinor, Expr::value(0i64))
            .filter(bonuses::Column::Id.eq(bonus_id))
            .exec(unit.txn())
            .await?;
        ended.balance_minor = 0;
        let bonus = view(&ended);
        emit(&unit, EventData::BonusForfeited, &bonus).await?;
        unit.commit().await?;
        Ok(Some(bonus))
    }

    /// Moves up to `minor` of the player's bonus money back to the house
    /// (never more than the bonus account holds); answers what moved.
    async fn take_back(
        &self,
        unit: &mut Locked<'_>,
        row: &bonuses::Model,
        minor: i64,
    ) -> Result<i64, BonusError> {
        let held = unit.balances().await?.bonus.minor();
        let back = minor.min(held);
        if back > 0 {
            let currency = unit.accounts().currency;
            unit.transfer(
                TransactionKind::BonusForfeit,
                (AccountKind::PlayerBonus, true),
                (AccountKind::HouseBonusCost, false),
                Money::new(back, currency),
                &format!("bonus:{}", row.id),
            )
            .await?;
        }
        Ok(back)
    }

    /// Counts a stake towards the player's oldest active bonus-money bonus
    /// (see the module rules). `dedupe` names the stake (a bet id, a round
    /// event id): the same stake never counts twice. `percent_for` gives the
    /// contribution of the stake under a bonus's terms (None: does not
    /// count, e.g. odds below the bonus's minimum).
    pub async fn wager(
        &self,
        player: Uuid,
        stake: Money,
        dedupe: Uuid,
        percent_for: impl Fn(&domain::reward::Reward) -> Option<Decimal>,
    ) -> Result<(), BonusError> {
        let oldest = bonuses::Entity::find()
            .filter(bonuses::Column::PlayerId.eq(player))
            .filter(bonuses::Column::Status.eq(BonusStatus::Active.code()))
            .filter(bonuses::Column::Kind.eq(RewardKind::BonusMoney.code()))
            .order_by_asc(bonuses::Column::CreatedAt)
            .one(self.engine.db())
            .await?;
        let Some(row) = oldest else {
            return Ok(());
        };
        let spec: domain::reward::RewardSpec =
            serde_json::from_str(&row.terms).map_err(anyhow::Error::from)?;
        let currency: Currency = row.currency.parse().map_err(anyhow::Error::from)?;
        let Ok(reward) = domain::reward::Reward::parse(&spec, currency, "reward") else {
            return Ok(());
        };
        let Some(percent) = percent_for(&reward) else {
            return Ok(());
        };
        if stake.currency() != currency {
            return Ok(());
        }
        let credit = domain::bonus::wagering_credit(stake, percent);
        if !credit.is_positive() {
            return Ok(());
        }
        with_retry!(self.try_wager(&row, credit, dedupe))
    }

    async fn try_wager(
        &self,
        row: &bonuses::Model,
        credit: Money,
        dedupe: Uuid,
    ) -> Result<(), BonusError> {
        let wallet = self.engine.wallet();
        let mut unit = wallet
            .lock(row.player_id, &[AccountKind::HouseBonusCost])
            .await?;
        let at = unit.at();
        if !crate::events::mark_processed(unit.txn(), "bonus.wagering", dedupe, at).await? {
            return Ok(());
        }
        let Some(mut now) = bonuses::Entity::find_by_id(row.id).one(unit.txn()).await? else {
            return Ok(());
        };
        if now.status != BonusStatus::Active.code() {
            return Ok(());
        }
        now.wagering_done_minor = now
            .wagering_done_minor
            .saturating_add(credit.minor())
            .min(now.wagering_required_minor);
        now.updated_at = at;
        let done = now.wagering_done_minor >= now.wagering_required_minor;
        if done {
            self.convert(&mut unit, &mut now).await?;
        }
        let mut active: bonuses::ActiveModel = now.clone().into();
        active.wagering_done_minor = Set(now.wagering_done_minor);
        active.status = Set(now.status.clone());
        active.balance_minor = Set(now.balance_minor);
        active.updated_at = Set(at);
        active.finished_at = Set(now.finished_at);
        active.update(unit.txn()).await?;
        let bonus = view(&now);
        let kind = if done {
            EventData::BonusCompleted
        } else {
            EventData::BonusProgressed
        };
        emit(&unit, kind, &bonus).await?;
        unit.commit().await?;
        Ok(())
    }

    /// Wagering met: the bonus money left (up to `max_conversion`) moves to
    /// cash; any excess goes back to the house.
    async fn convert(
        &self,
        unit: &mut Locked<'_>,
        row: &mut bonuses::Model,
    ) -> Result<(), BonusError> {
        let currency = unit.accounts().currency;
        let held = unit.balances().await?.bonus.minor();
        let left = Money::new(row.balance_minor.min(held), currency);
        let max_conversion = serde_json::from_str::<Value>(&row.terms)
            .ok()
            .and_then(|t| t["max_conversion"].as_str().map(str::to_owned))
            .and_then(|s| Money::parse(&s, currency).ok());
        let (to_cash, forfeited) = domain::bonus::conversion(left, max_conversion);
        if to_cash.is_positive() {
            unit.transfer(
                TransactionKind::BonusConvert,
                (AccountKind::PlayerBonus, true),
                (AccountKind::PlayerCash, true),
                to_cash,
                &format!("bonus:{}", row.id),
            )
            .await?;
        }
        if forfeited.is_positive() {
            unit.transfer(
                TransactionKind::BonusForfeit,
                (AccountKind::PlayerBonus, true),
                (AccountKind::HouseBonusCost, false),
                forfeited,
                &format!("bonus:{}:excess", row.id),
            )
            .await?;
        }
        row.balance_minor = 0;
        row.status = BonusStatus::Completed.code().to_owned();
        row.finished_at = Some(unit.at());
        Ok(())
    }
}

/// Where the bonus part of a return goes (see the module rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BonusReturn {
    /// To bonus money, attributed to this active bonus-money row.
    Bonus(Uuid),
    /// To cash: the bonus the stake came from completed.
    Cash,
    /// Back to the house: that bonus was forfeited or expired (or the
    /// stake came from no bonus row).
    House,
}

/// The player's active bonus-money rows, oldest first.
async fn active_money_rows<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
) -> Result<Vec<bonuses::Model>, DbErr> {
    bonuses::Entity::find()
        .filter(bonuses::Column::PlayerId.eq(player))
        .filter(bonuses::Column::Status.eq(BonusStatus::Active.code()))
        .filter(bonuses::Column::Kind.eq(RewardKind::BonusMoney.code()))
        .order_by_asc(bonuses::Column::CreatedAt)
        .order_by_asc(bonuses::Column::Id)
        .all(conn)
        .await
}

/// Takes `minor` of bonus money spent (a stake's bonus part, or bonus
/// winnings taken back) off the player's active bonus-money rows, oldest
/// first, each down to zero; answers the first row debited. Runs under the
/// player's chain lock, in the transaction that moves the money.
pub(crate) async fn debit<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
    minor: i64,
    at: DateTime<Utc>,
) -> Result<Option<Uuid>, DbErr> {
    if minor <= 0 {
        return Ok(None);
    }
    let mut left = minor;
    let mut first = None;
    for row in active_money_rows(conn, player).await? {
        let take = left.min(row.balance_minor.max(0));
        if take == 0 {
            continue;
        }
        bonuses::Entity::update_many()
            .col_expr(
                bonuses::Column::BalanceMinor,
                sea_orm::sea_query::ExprTrait::sub(Expr::col(bonuses::Column::BalanceMinor), take),
            )
            .col_expr(bonuses::Column::UpdatedAt, Expr::value(at))
            .filter(bonuses::Column::Id.eq(row.id))
            .exec(conn)
            .await?;
        first.get_or_insert(row.id);
        left -= take;
        if left == 0 {
            break;
        }
    }
    Ok(first)
}

/// Where the bonus part of a return goes for a stake taken first from
/// the bonus row `funded_by` (see the module rules).
pub(crate) async fn return_destination<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
    funded_by: Option<Uuid>,
) -> Result<BonusReturn, DbErr> {
    if let Some(oldest) = active_money_rows(conn, player).await?.first() {
        return Ok(BonusReturn::Bonus(oldest.id));
    }
    let Some(funded_by) = funded_by else {
        return Ok(BonusReturn::House);
    };
    let status = bonuses::Entity::find_by_id(funded_by)
        .one(conn)
        .await?
        .map(|row| row.status);
    Ok(match status {
        Some(s) if s == BonusStatus::Completed.code() => BonusReturn::Cash,
        _ => BonusReturn::House,
    })
}

/// Credits `minor` of bonus money coming back (see [`return_destination`])
/// to the active row `bonus_id`.
pub(crate) async fn credit<C: ConnectionTrait>(
    conn: &C,
    bonus_id: Uuid,
    minor: i64,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    if minor <= 0 {
        return Ok(());
    }
    bonuses::Entity::update_many()
        .col_expr(
            bonuses::Column::BalanceMinor,
            sea_orm::sea_query::ExprTrait::add(Expr::col(bonuses::Column::BalanceMinor), minor),
        )
        .col_expr(bonuses::Column::UpdatedAt, Expr::value(at))
        .filter(bonuses::Column::Id.eq(bonus_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Claims an active bonus for `status` with a guarded update; false when it
/// was no longer active.
async fn claim<C: ConnectionTrait>(
    conn: &C,
    bonus_id: Uuid,
    status: BonusStatus,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let done = bonuses::Entity::update_many()
        .col_expr(bonuses::Column::Status, Expr::value(status.code()))
        .col_expr(bonuses::Column::FinishedAt, Expr::value(at))
        .col_expr(bonuses::Column::UpdatedAt, Expr::value(at))
        .filter(bonuses::Column::Id.eq(bonus_id))
        .filter(bonuses::Column::Status.eq(BonusStatus::Active.code()))
        .exec(conn)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Writes a bonus event for the player.
async fn emit(
    unit: &Locked<'_>,
    kind: fn(BonusChanged) -> EventData,
    bonus: &Bonus,
) -> Result<(), DbErr> {
    let player_id = unit.accounts().player_id;
    crate::events::enqueue(
        unit.txn(),
        unit.at(),
        Topic::Player(player_id),
        kind(BonusChanged {
            player_id,
            bonus: Box::new(bonus.clone()),
        }),
    )
    .await?;
    Ok(())
}
