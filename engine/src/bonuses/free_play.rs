//! Using free bets and free spins: the token checks, the guarded status
//! changes of their bonus rows and the bonus events they send. The money
//! moves in `crate::wallet` (free bet stakes and settlements in
//! `wallet::sportsbook::free_bets`, free spin rounds in
//! `wallet::casino::free_spins`), in the same database transaction as the
//! changes here.
//!
//! Rules:
//! - A free bet (`free_bet` bonus, `active`, not expired, the player's
//!   own) stakes its `amount` on a single or an accumulator whose (combined)
//!   odds are at least its `min_odds`. The house pays the stake:
//!   `house_bonus_cost` → `player_reserved` (`bet_place`). The bonus turns
//!   `used` with a guarded update (`WHERE status = 'active'`) in the
//!   placement's transaction, which holds the player's chain: of two
//!   placements with one token exactly one succeeds. That transaction also
//!   sends `bonus.completed` (the token is used up) on `player:{id}`.
//! - A free bet's settlement (`bet_settle`) takes the stake out of
//!   reserved; of the gross return (stake × odds, as for any bet) the
//!   player's cash gets what exceeds the stake, `house_bonus_cost` gets the
//!   rest up to the stake back, and `house_sportsbook` posts the stake less
//!   the gross return, as for any bet. So a loss costs the player nothing
//!   and moves the stake to `house_sportsbook` (the promotion's cost stays
//!   in `house_bonus_cost`); a 5.00 free bet won at 3.00 pays 10.00 to cash,
//!   5.00 back to `house_bonus_cost`, and `house_sportsbook` pays 10.00 net.
//!   The bet's view shows `free_bet: true` and its `potential_return` and
//!   `return` without the stake.
//! - A void free bet (every leg void: the gross return is the stake) gives
//!   the stake back to `house_bonus_cost` and the token back to the player
//!   (`used` → `active`, guarded, in the settlement's transaction, with
//!   `bonus.progressed`). A resettlement compensates the earlier settlement
//!   and settles anew with the same rule but leaves the token as it is;
//!   when the player's cash no longer holds the earlier winnings the net
//!   correction moves cash only (as for any bet), leaving the earlier split
//!   between the house accounts.
//! - A free bet is never cashed out (409 `cash_out_unavailable`, reason
//!   `free_bet`), is not a stake for responsible-gaming limits (its
//!   winnings are) and counts towards no wagering.
//! - A free spin (`free_spins` bonus, `active`, rounds left, not expired,
//!   the player's own, granted for the built-in slot: `slot` or its full
//!   code; campaign validation refuses any other game) plays one Originals
//!   slot round at the grant's stake, paid by the house
//!   (`house_bonus_cost` → `house_casino`, `casino_bet`). `rounds_left`
//!   drops by one with a guarded update in the round's transaction; at zero
//!   the bonus is `used`. The same transaction sends `bonus.progressed`
//!   (rounds left) or `bonus.completed` (the last round). No round left, or
//!   a token of another kind, game or player: `free_spins_used`.
//! - A free spin's win goes to cash (`house_casino` → cash, `casino_win`)
//!   when the grant has no `wagering_multiplier` or 0. With a multiplier
//!   above 0 it goes to bonus money (`house_casino` → `player_bonus`,
//!   `casino_win`) held by ONE `bonus_money` row per grant (same
//!   `award_id`): the first win creates it (`bonus.awarded`), each later
//!   win tops it up (`bonus.progressed`) while it is `active`; its amount
//!   and bonus money are the wins so far and its wagering requirement is
//!   their sum × the multiplier (rounded up to the minor unit). A win after
//!   that row ended (wagered, forfeited, expired) starts a new row. The row
//!   expires `expires_in_days` (the grant's) after it was created, counts
//!   casino stakes only (`contributions`: `sportsbook` 0, the casino
//!   defaults) and then wagers, converts, is forfeited or expires as any
//!   bonus money does (`crate::bonuses`). Money and row change in the
//!   round's transaction, after its guarded spin: a retried or replayed
//!   round (idempotency key) credits nothing twice. Such wins are not cash
//!   and are not recorded as winnings for responsible-gaming limits.
//! - Cashback's net loss (`crate::campaigns`) leaves out stakes the house
//!   paid: a free bet counts only what it paid into cash (as a return), a
//!   free-spin round only its win (as a return), see [`bet_net_loss`] and
//!   [`house_paid_rounds`].

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use domain::api::engagement::BonusStatus;
use domain::betting::Odds;
use domain::events::{BonusChanged, EventData, Topic};
use domain::ledger::AccountKind;
use domain::money::{Currency, Money};
use domain::reward::{RewardKind, RewardSpec};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde_json::Value;
use uuid::Uuid;

use entity::{accounts, bonuses, casino_rounds, ledger_postings, sportsbook_bets};

/// A free bet the player may stake now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FreeBetToken {
    /// The bonus row.
    pub bonus_id: Uuid,
    /// What it stakes, in the player's currency.
    pub stake: Money,
    /// The least (combined) odds it may be placed at.
    pub min_odds: Option<Odds>,
}

/// A free-spin grant with a spin left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FreeSpinGrant {
    /// The grant's bonus row, as read.
    pub row: bonuses::Model,
    /// Stake of each spin, in the player's currency.
    pub stake: Money,
    /// Times its wins must be wagered; zero: wins go to cash.
    pub wagering_multiplier: Decimal,
}

/// Still running at `at`: no expiry, or one later than `at`.
fn not_expired(at: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(bonuses::Column::ExpiresAt.is_null())
        .add(bonuses::Column::ExpiresAt.gt(at))
}

fn terms_of(row: &bonuses::Model) -> Value {
    serde_json::from_str(&row.terms).unwrap_or(Value::Null)
}

/// Sends `bonus.*` for `row` on its player's topic, in `conn`'s
/// transaction.
async fn emit<C: ConnectionTrait>(
    conn: &C,
    at: DateTime<Utc>,
    kind: fn(BonusChanged) -> EventData,
    row: &bonuses::Model,
) -> Result<(), DbErr> {
    crate::events::enqueue(
        conn,
        at,
        Topic::Player(row.player_id),
        kind(BonusChanged {
            player_id: row.player_id,
            bonus: Box::new(crate::bonuses::view(row)),
        }),
    )
    .await?;
    Ok(())
}

/// Reads `bonus_id` again and sends `kind` for it.
async fn emit_current<C: ConnectionTrait>(
    conn: &C,
    at: DateTime<Utc>,
    kind: fn(BonusChanged) -> EventData,
    bonus_id: Uuid,
) -> Result<(), DbErr> {
    if let Some(row) = bonuses::Entity::find_by_id(bonus_id).one(conn).await? {
        emit(conn, at, kind, &row).await?;
    }
    Ok(())
}

/// The player's free bet `bonus_id` if it may be staked at `at` in
/// `currency` (see the module rules); `None` otherwise.
pub(crate) async fn free_bet_token<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
    bonus_id: Uuid,
    currency: Currency,
    at: DateTime<Utc>,
) -> Result<Option<FreeBetToken>, DbErr> {
    let Some(row) = bonuses::Entity::find_by_id(bonus_id).one(conn).await? else {
        return Ok(None);
    };
    let usable = row.player_id == player
        && row.kind == RewardKind::FreeBet.code()
        && row.status == BonusStatus::Active.code()
        && row.expires_at.is_none_or(|e| e > at)
        && row.currency == currency.code()
        && row.amount_minor > 0;
    if !usable {
        return Ok(None);
    }
    let min_odds = terms_of(&row)["min_odds"]
        .as_str()
        .and_then(|s| Odds::parse(s).ok());
    Ok(Some(FreeBetToken {
        bonus_id,
        stake: Money::new(row.amount_minor, currency),
        min_odds,
    }))
}

/// Marks the player's free bet used (guarded: only an active, unexpired
/// one) and sends `bonus.completed`; false when it was not.
pub(crate) async fn use_free_bet<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
    bonus_id: Uuid,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let done = bonuses::Entity::update_many()
        .col_expr(
            bonuses::Column::Status,
            Expr::value(BonusStatus::Used.code()),
        )
        .col_expr(bonuses::Column::FinishedAt, Expr::value(at))
        .col_expr(bonuses::Column::UpdatedAt, Expr::value(at))
        .filter(bonuses::Column::Id.eq(bonus_id))
        .filter(bonuses::Column::PlayerId.eq(player))
        .filter(bonuses::Column::Kind.eq(RewardKind::FreeBet.code()))
        .filter(bonuses::Column::Status.eq(BonusStatus::Active.code()))
        .filter(not_expired(at))
        .exec(conn)
        .await?;
    if done.rows_affected != 1 {
        return Ok(false);
    }
    emit_current(conn, at, EventData::BonusCompleted, bonus_id).await?;
    Ok(true)
}

/// Gives a used free bet back to its player (its bet was void) and sends
/// `bonus.progressed`; false when it was not `used`.
pub(crate) async fn recredit_free_bet<C: ConnectionTrait>(
    conn: &C,
    bonus_id: Uuid,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let done = bonuses::Entity::update_many()
        .col_expr(
            bonuses::Column::Status,
            Expr::value(BonusStatus::Active.code()),
        )
        .col_expr(
            bonuses::Column::FinishedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(bonuses::Column::UpdatedAt, Expr::value(at))
        .filter(bonuses::Column::Id.eq(bonus_id))
        .filter(bonuses::Column::Status.eq(BonusStatus::Used.code()))
        .exec(conn)
        .await?;
    if done.rows_affected != 1 {
        return Ok(false);
    }
    emit_current(conn, at, EventData::BonusProgressed, bonus_id).await?;
    Ok(true)
}

/// The player's free-spin grant `bonus_id` on `game_code` if a spin of it
/// is left at `at` (see the module rules); `None` otherwise. Read it in the
/// transaction that takes the spin.
pub(crate) async fn free_spin_grant<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
    bonus_id: Uuid,
    game_code: &str,
    currency: Currency,
    at: DateTime<Utc>,
) -> Result<Option<FreeSpinGrant>, DbErr> {
    let Some(row) = bonuses::Entity::find_by_id(bonus_id).one(conn).await? else {
        return Ok(None);
    };
    let terms = terms_of(&row);
    let usable = row.player_id == player
        && row.kind == RewardKind::FreeSpins.code()
        && row.status == BonusStatus::Active.code()
        && row.rounds_left.unwrap_or(0) > 0
        && row.expires_at.is_none_or(|e| e > at)
        && row.currency == currency.code()
        && same_game(terms["game_code"].as_str().unwrap_or(""), game_code);
    if !usable {
        return Ok(None);
    }
    // The grant's stake is in the row's currency (as its amount is).
    let Some(stake) = terms["stake"]
        .as_str()
        .and_then(|s| Money::parse(s, currency).ok())
        .filter(|m| m.is_positive())
    else {
        return Ok(None);
    };
    let wagering_multiplier = terms["wagering_multiplier"]
        .as_str()
        .and_then(|s| s.parse::<Decimal>().ok())
        .filter(|m| *m > Decimal::ZERO)
        .unwrap_or(Decimal::ZERO);
    Ok(Some(FreeSpinGrant {
        row,
        stake,
        wagering_multiplier,
    }))
}

/// The stake of one free spin of the player's grant `bonus_id` on
/// `game_code`, if one is left at `at` ([`free_spin_grant`]).
pub(crate) async fn free_spin_stake<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
    bonus_id: Uuid,
    game_code: &str,
    currency: Currency,
    at: DateTime<Utc>,
) -> Result<Option<Money>, DbErr> {
    Ok(
        free_spin_grant(conn, player, bonus_id, game_code, currency, at)
            .await?
            .map(|g| g.stake),
    )
}

/// True when a grant's game code and `game_code` both name the built-in
/// slot (its full code, or `slot` as the Originals path names it): free
/// spins play nothing else.
fn same_game(granted: &str, game_code: &str) -> bool {
    game_code == domain::casino::SLOT_CODE && domain::reward::is_free_spins_game(granted)
}

/// Takes one spin of the grant (guarded: only an active one with rounds
/// left); the bonus turns `used` with its last spin. Sends
/// `bonus.progressed`, or `bonus.completed` for the last spin. False when
/// no spin was left.
pub(crate) async fn take_free_spin<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
    bonus_id: Uuid,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let done = bonuses::Entity::update_many()
        .col_expr(
            bonuses::Column::RoundsLeft,
            Expr::col(bonuses::Column::RoundsLeft).sub(1),
        )
        .col_expr(bonuses::Column::UpdatedAt, Expr::value(at))
        .filter(bonuses::Column::Id.eq(bonus_id))
        .filter(bonuses::Column::PlayerId.eq(player))
        .filter(bonuses::Column::Kind.eq(RewardKind::FreeSpins.code()))
        .filter(bonuses::Column::Status.eq(BonusStatus::Active.code()))
        .filter(bonuses::Column::RoundsLeft.gt(0))
        .filter(not_expired(at))
        .exec(conn)
        .await?;
    if done.rows_affected != 1 {
        return Ok(false);
    }
    let finished = bonuses::Entity::update_many()
        .col_expr(
            bonuses::Column::Status,
            Expr::value(BonusStatus::Used.code()),
        )
        .col_expr(bonuses::Column::FinishedAt, Expr::value(at))
        .filter(bonuses::Column::Id.eq(bonus_id))
        .filter(bonuses::Column::Status.eq(BonusStatus::Active.code()))
        .filter(bonuses::Column::RoundsLeft.lte(0))
        .exec(conn)
        .await?;
    let kind = if finished.rows_affected == 1 {
        EventData::BonusCompleted
    } else {
        EventData::BonusProgressed
    };
    emit_current(conn, at, kind, bonus_id).await?;
    Ok(true)
}

/// The terms of the bonus money a grant's wins became: `amount` the wins
/// so far, the grant's multiplier and expiry, casino stakes only.
fn spin_win_terms(grant: &FreeSpinGrant, amount: Money) -> String {
    let spec = RewardSpec {
        kind: RewardKind::BonusMoney.code().to_owned(),
        amount: Some(amount.format_amount()),
        wagering_multiplier: Some(grant.wagering_multiplier.normalize().to_string()),
        contributions: Some(BTreeMap::from([(
            domain::campaign::Vertical::Sportsbook.code().to_owned(),
            "0".to_owned(),
        )])),
        expires_in_days: terms_of(&grant.row)["expires_in_days"].as_i64(),
        ..RewardSpec::default()
    };
    serde_json::to_string(&spec).unwrap_or_else(|_| "{}".to_owned())
}

/// Records a free-spin win of `grant` paid into bonus money (see the
/// module rules): tops up the grant's active `bonus_money` row, or starts
/// one, and sends `bonus.progressed` or `bonus.awarded`. Run it in the
/// round's transaction (which holds the player's chain) after the posting
/// of the win.
pub(crate) async fn credit_spin_win<C: ConnectionTrait>(
    conn: &C,
    grant: &FreeSpinGrant,
    win: Money,
    at: DateTime<Utc>,
) -> Result<bonuses::Model, DbErr> {
    let current = bonuses::Entity::find()
        .filter(bonuses::Column::AwardId.eq(grant.row.award_id))
        .filter(bonuses::Column::PlayerId.eq(grant.row.player_id))
        .filter(bonuses::Column::Kind.eq(RewardKind::BonusMoney.code()))
        .filter(bonuses::Column::Status.eq(BonusStatus::Active.code()))
        .order_by_desc(bonuses::Column::CreatedAt)
        .one(conn)
        .await?;
    if let Some(row) = current {
        let amount = Money::new(row.amount_minor.saturating_add(win.minor()), win.currency());
        let required = domain::bonus::wagering_required(amount, grant.wagering_multiplier);
        let done = bonuses::Entity::update_many()
            .col_expr(bonuses::Column::AmountMinor, Expr::value(amount.minor()))
            .col_expr(
                bonuses::Column::BalanceMinor,
                Expr::col(bonuses::Column::BalanceMinor).add(win.minor()),
            )
            .col_expr(
                bonuses::Column::WageringRequiredMinor,
                Expr::value(required.minor()),
            )
            .col_expr(
                bonuses::Column::Terms,
                Expr::value(spin_win_terms(grant, amount)),
            )
            .col_expr(bonuses::Column::UpdatedAt, Expr::value(at))
            .filter(bonuses::Column::Id.eq(row.id))
            .filter(bonuses::Column::Status.eq(BonusStatus::Active.code()))
            .exec(conn)
            .await?;
        if done.rows_affected == 1 {
            let now = bonuses::Entity::find_by_id(row.id)
                .one(conn)
                .await?
                .ok_or_else(|| DbErr::RecordNotFound("bonus just updated".to_owned()))?;
            emit(conn, at, EventData::BonusProgressed, &now).await?;
            return Ok(now);
        }
    }
    let expires_at = terms_of(&grant.row)["expires_in_days"]
        .as_i64()
        .map(|days| at + Duration::days(days));
    let row = bonuses::Model {
        id: Uuid::now_v7(),
        kind: RewardKind::BonusMoney.code().to_owned(),
        status: BonusStatus::Active.code().to_owned(),
        amount_minor: win.minor(),
        balance_minor: win.minor(),
        wagering_required_minor: domain::bonus::wagering_required(win, grant.wagering_multiplier)
            .minor(),
        wagering_done_minor: 0,
        rounds_left: None,
        terms: spin_win_terms(grant, win),
        expires_at,
        created_at: at,
        updated_at: at,
        finished_at: None,
        ..grant.row.clone()
    };
    let row = crate::bonuses::insert(conn, row).await?;
    emit(conn, at, EventData::BonusAwarded, &row).await?;
    Ok(row)
}

/// What a settled bet adds to its player's net loss for cashback: its
/// stake less its return, or for a free bet (whose stake the house paid)
/// minus what it paid into cash.
pub(crate) fn bet_net_loss(bet: &sportsbook_bets::Model) -> i64 {
    let returned = bet.return_amount.unwrap_or(0);
    if bet.free_bet_id.is_some() {
        -Ord::max(returned - bet.total_stake, 0)
    } else {
        bet.total_stake - returned
    }
}

/// The stake transactions of the casino rounds played in `[from, to)`
/// whose stake the house paid (free spins: `house_bonus_cost` paid it);
/// their stakes are no loss of the player's.
pub(crate) async fn house_paid_rounds<C: ConnectionTrait>(
    conn: &C,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<HashSet<Uuid>, DbErr> {
    let bonus_cost = Query::select()
        .column(accounts::Column::Id)
        .from(accounts::Entity)
        .and_where(accounts::Column::Kind.eq(AccountKind::HouseBonusCost.code()))
        .to_owned();
    let stakes = Query::select()
        .column(casino_rounds::Column::BetTransactionId)
        .from(casino_rounds::Entity)
        .and_where(casino_rounds::Column::CreatedAt.gte(from))
        .and_where(casino_rounds::Column::CreatedAt.lt(to))
        .to_owned();
    let ids: Vec<Uuid> = ledger_postings::Entity::find()
        .select_only()
        .column(ledger_postings::Column::TransactionId)
        .filter(ledger_postings::Column::AccountId.in_subquery(bonus_cost))
        .filter(ledger_postings::Column::TransactionId.in_subquery(stakes))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(ids.into_iter().collect())
}
