//! Using free bets and free spins: the token checks and the guarded status
//! changes of their bonus rows. The money moves in `crate::wallet` (free
//! bet stakes and settlements in `wallet::sportsbook::free_bets`, free
//! spin rounds in `wallet::casino::free_spins`), in the same database
//! transaction as the changes here.
//!
//! Rules:
//! - A free bet (`free_bet` bonus, `active`, not expired, the player's
//!   own) stakes its `amount` on a single or an accumulator whose (combined)
//!   odds are at least its `min_odds`. The house pays the stake:
//!   `house_bonus_cost` → `player_reserved` (`bet_place`). The bonus turns
//!   `used` with a guarded update (`WHERE status = 'active'`) in the
//!   placement's transaction, which holds the player's chain: of two
//!   placements with one token exactly one succeeds.
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
//!   (`used` → `active`, guarded, in the settlement's transaction). A
//!   resettlement compensates the earlier settlement and settles anew with
//!   the same rule but leaves the token as it is; when the player's cash no
//!   longer holds the earlier winnings the net correction moves cash only
//!   (as for any bet), leaving the earlier split between the house
//!   accounts.
//! - A free bet is never cashed out (409 `cash_out_unavailable`, reason
//!   `free_bet`), is not a stake for responsible-gaming limits (its
//!   winnings are) and counts towards no wagering.
//! - A free spin (`free_spins` bonus, `active`, rounds left, not expired,
//!   the player's own) plays one Originals slot round at the grant's stake,
//!   paid by the house (`house_bonus_cost` → `house_casino`, `casino_bet`);
//!   a win goes to cash (`house_casino` → cash, `casino_win`), always, also
//!   when the grant has a wagering multiplier (bonus-money wins are not
//!   implemented). `rounds_left` drops by one with a guarded update in the
//!   round's transaction; at zero the bonus is `used`. No round left, or a
//!   token of another kind, game or player: `free_spins_used`.

use chrono::{DateTime, Utc};
use domain::api::engagement::BonusStatus;
use domain::betting::Odds;
use domain::money::{Currency, Money};
use domain::reward::RewardKind;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde_json::Value;
use uuid::Uuid;

use entity::bonuses;

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

/// Still running at `at`: no expiry, or one later than `at`.
fn not_expired(at: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(bonuses::Column::ExpiresAt.is_null())
        .add(bonuses::Column::ExpiresAt.gt(at))
}

fn terms_of(row: &bonuses::Model) -> Value {
    serde_json::from_str(&row.terms).unwrap_or(Value::Null)
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
/// one); false when it was not.
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
    Ok(done.rows_affected == 1)
}

/// Gives a used free bet back to its player (its bet was void); false
/// when it was not `used`.
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
    Ok(done.rows_affected == 1)
}

/// The stake of one free spin of the player's grant `bonus_id` on
/// `game_code`, if one is left at `at` (see the module rules); `None`
/// otherwise. Read it in the transaction that takes the spin.
pub(crate) async fn free_spin_stake<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
    bonus_id: Uuid,
    game_code: &str,
    currency: Currency,
    at: DateTime<Utc>,
) -> Result<Option<Money>, DbErr> {
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
    Ok(terms["stake"]
        .as_str()
        .and_then(|s| Money::parse(s, currency).ok())
        .filter(|m| m.is_positive()))
}

/// True when a grant's game code names `game_code` (the full code, or the
/// short name the Originals path uses, e.g. `slot`).
fn same_game(granted: &str, game_code: &str) -> bool {
    use domain::casino::{DICE_CODE, ROULETTE_CODE, SLOT_CODE};
    let short = match game_code {
        SLOT_CODE => "slot",
        ROULETTE_CODE => "roulette",
        DICE_CODE => "dice",
        _ => return granted == game_code,
    };
    granted == game_code || granted == short
}

/// Takes one spin of the grant (guarded: only an active one with rounds
/// left); the bonus turns `used` with its last spin. False when no spin
/// was left.
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
    bonuses::Entity::update_many()
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
    Ok(true)
}
