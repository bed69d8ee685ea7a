//! Wagering math of bonus money and cashback: how a stake splits between
//! cash and bonus (cash first), how a return splits back in proportion,
//! how much must be wagered and how much a stake counts,
//! what converts to cash and what is forfeited, what cashback pays and the
//! period it measures.
//!
//! Every amount is `Money` in integer minor units; percents and multipliers
//! are exact `Decimal`s. Each rounding is stated: requirements round up
//! (the player never wagers less than promised), credits and payouts round
//! down (the house never gives more than promised); the bonus part of a
//! return rounds down (the remainder is cash).

#![deny(missing_docs)]

use chrono::{DateTime, Datelike, Days, NaiveTime, Utc};
use rust_decimal::Decimal;

use crate::money::{Money, RoundingRule};
use crate::reward::{CashbackPeriod, percent_of};

/// Splits a stake between the player's cash and bonus balances, cash
/// first, so bonus money is only risked once the cash is gone.
///
/// `Some((from_cash, from_bonus))` summing to `stake`; `None` when the two
/// balances together do not cover it, when the stake is negative or when
/// the currencies differ. Negative balances count as empty.
pub fn split_stake(stake: Money, cash: Money, bonus: Money) -> Option<(Money, Money)> {
    let currency = stake.currency();
    if stake.is_negative() || cash.currency() != currency || bonus.currency() != currency {
        return None;
    }
    let from_cash = stake.minor().min(cash.minor().max(0));
    let from_bonus = stake.minor() - from_cash;
    (from_bonus <= bonus.minor().max(0)).then(|| {
        (
            Money::new(from_cash, currency),
            Money::new(from_bonus, currency),
        )
    })
}

/// Splits what a bet or round returns (`payout`) between the stake's cash
/// and bonus parts, in proportion to the stake: `(cash_part, bonus_part)`
/// with `bonus_part = floor(payout × bonus_stake / stake)` and the rest
/// (the rounding remainder included) the cash part, so the two always sum
/// to `payout` and the bonus part never exceeds its exact share.
///
/// `bonus_stake` counts between zero and `stake`; with no positive stake,
/// or a negative payout, nothing is bonus. The product is taken in 128
/// bits, so no amount overflows.
pub fn split_return(payout: Money, stake: Money, bonus_stake: Money) -> (Money, Money) {
    let currency = payout.currency();
    let none = (payout, Money::zero(currency));
    if !stake.is_positive() || !bonus_stake.is_positive() || !payout.is_positive() {
        return none;
    }
    let bonus_stake = bonus_stake.minor().min(stake.minor());
    let exact = i128::from(payout.minor()) * i128::from(bonus_stake);
    // Both factors are positive: integer division floors.
    let Ok(bonus) = i64::try_from(exact / i128::from(stake.minor())) else {
        return none;
    };
    (
        Money::new(payout.minor() - bonus, currency),
        Money::new(bonus, currency),
    )
}

/// How much must be wagered to convert `amount` of bonus money:
/// `amount × multiplier`, rounded up to the minor unit.
///
/// Zero for a negative amount or multiplier. A requirement beyond the
/// largest amount saturates there: it cannot be met either way, and a
/// requirement is never an error once the reward was validated.
pub fn wagering_required(amount: Money, multiplier: Decimal) -> Money {
    let currency = amount.currency();
    if !amount.is_positive() || multiplier <= Decimal::ZERO {
        return Money::zero(currency);
    }
    amount
        .to_decimal()
        .checked_mul(multiplier)
        .and_then(|required| Money::from_decimal(required, currency, RoundingRule::Ceiling).ok())
        .unwrap_or(Money::new(i64::MAX, currency))
}

/// How much of `stake` counts towards wagering when `percent` of it
/// contributes (see [`crate::reward::Contributions`]): rounded down to the
/// minor unit, never more than the stake, zero for a negative stake.
pub fn wagering_credit(stake: Money, percent: Decimal) -> Money {
    if !stake.is_positive() {
        return Money::zero(stake.currency());
    }
    // percent_of only fails on overflow, i.e. a percent far above 100.
    let credit = percent_of(stake, percent).unwrap_or(stake);
    if credit.minor() > stake.minor() {
        stake
    } else {
        credit
    }
}

/// What becomes of the bonus money left when wagering is complete:
/// `(to_cash, forfeited)`, summing to `bonus_left`. Without a cap it all
/// converts; with one, anything above it is forfeited.
///
/// The cap must be in the bonus's currency (the engine converts it first):
/// a cap in another currency cannot be compared and is ignored rather than
/// taking the player's money. Nothing converts from a negative balance.
pub fn conversion(bonus_left: Money, max_conversion: Option<Money>) -> (Money, Money) {
    let currency = bonus_left.currency();
    let cap = max_conversion
        .filter(|cap| cap.currency() == currency)
        .map_or(i64::MAX, |cap| cap.minor().max(0));
    let to_cash = bonus_left.minor().clamp(0, cap);
    // to_cash lies between 0 and bonus_left (or is 0), so this cannot overflow.
    let forfeited = bonus_left.minor() - to_cash;
    (
        Money::new(to_cash, currency),
        Money::new(forfeited, currency),
    )
}

/// Cashback on `net_loss` (stakes minus winnings over the period):
/// `percent` of it rounded down to the minor unit, at most `max_amount`;
/// zero unless the player lost. A cap in another currency is ignored (see
/// [`conversion`]).
pub fn cashback_amount(net_loss: Money, percent: Decimal, max_amount: Money) -> Money {
    let currency = net_loss.currency();
    if !net_loss.is_positive() {
        return Money::zero(currency);
    }
    // percent_of only fails on overflow, far beyond any cap.
    let share = percent_of(net_loss, percent).unwrap_or(Money::new(i64::MAX, currency));
    if max_amount.currency() == currency && share.minor() > max_amount.minor() {
        Money::new(max_amount.minor().max(0), currency)
    } else {
        share
    }
}

/// The cashback period containing `at`, as `[start, end)`: a day starts at
/// 00:00 UTC, a week on Monday 00:00 UTC.
pub fn cashback_period_bounds(
    period: CashbackPeriod,
    at: DateTime<Utc>,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let day = at.date_naive();
    let (first, days) = match period {
        CashbackPeriod::Day => (day, 1),
        CashbackPeriod::Week => {
            let since_monday = u64::from(day.weekday().num_days_from_monday());
            (
                day.checked_sub_days(Days::new(since_monday)).unwrap_or(day),
                7,
            )
        }
    };
    let start = first.and_time(NaiveTime::MIN).and_utc();
    // Only the last representable week could overflow; it then ends at the
    // largest instant.
    let end = start
        .checked_add_days(Days::new(days))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn eur(s: &str) -> Money {
        Money::parse(s, Currency::EUR).unwrap()
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    #[test]
    fn a_stake_takes_cash_first_then_bonus() {
        assert_eq!(
            split_stake(eur("10"), eur("4"), eur("20")),
            Some((eur("4"), eur("6")))
        );
        assert_eq!(
            split_stake(eur("10"), eur("15"), eur("20")),
            Some((eur("10"), eur("0")))
        );
        assert_eq!(split_stake(eur("10"), eur("4"), eur("5.99")), None);
        assert_eq!(
            split_stake(eur("10"), Money::new(400, Currency::GBP), eur("20")),
            None
        );
        assert_eq!(split_stake(eur("-1"), eur("4"), eur("5")), None);
    }

    #[test]
    fn a_return_splits_in_proportion_to_the_stake_rounding_the_bonus_down() {
        // 10 staked, 4 from bonus: a 25 return is 15 cash + 10 bonus.
        assert_eq!(
            split_return(eur("25"), eur("10"), eur("4")),
            (eur("15"), eur("10"))
        );
        // 0.03 staked, 0.01 from bonus, 0.05 back: 0.0166… floors to 0.01.
        assert_eq!(
            split_return(eur("0.05"), eur("0.03"), eur("0.01")),
            (eur("0.04"), eur("0.01"))
        );
        // A void returns each part exactly.
        assert_eq!(
            split_return(eur("10"), eur("10"), eur("4")),
            (eur("6"), eur("4"))
        );
        assert_eq!(
            split_return(eur("0"), eur("10"), eur("4")),
            (eur("0"), eur("0"))
        );
        assert_eq!(
            split_return(eur("7"), eur("10"), eur("0")),
            (eur("7"), eur("0"))
        );
        assert_eq!(
            split_return(eur("7"), eur("10"), eur("10")),
            (eur("0"), eur("7"))
        );
        // A bonus part above the stake counts as the whole stake.
        assert_eq!(
            split_return(eur("7"), eur("10"), eur("12")),
            (eur("0"), eur("7"))
        );
        assert_eq!(
            split_return(eur("7"), eur("0"), eur("3")),
            (eur("7"), eur("0"))
        );
    }

    #[test]
    fn the_requirement_rounds_up_and_the_credit_rounds_down() {
        assert_eq!(wagering_required(eur("10.01"), d("35")), eur("350.35"));
        assert_eq!(wagering_required(eur("0.03"), d("1.5")), eur("0.05"));
        assert_eq!(wagering_required(eur("10"), d("0")), eur("0"));
        assert_eq!(
            wagering_required(Money::new(i64::MAX, Currency::EUR), d("50")),
            Money::new(i64::MAX, Currency::EUR)
        );
        assert_eq!(wagering_credit(eur("0.15"), d("10")), eur("0.01"));
        assert_eq!(wagering_credit(eur("5"), d("100")), eur("5"));
        assert_eq!(wagering_credit(eur("5"), d("0")), eur("0"));
    }

    #[test]
    fn conversion_caps_what_becomes_cash_and_forfeits_the_rest() {
        assert_eq!(conversion(eur("80"), None), (eur("80"), eur("0")));
        assert_eq!(
            conversion(eur("80"), Some(eur("50"))),
            (eur("50"), eur("30"))
        );
        assert_eq!(
            conversion(eur("20"), Some(eur("50"))),
            (eur("20"), eur("0"))
        );
        assert_eq!(
            conversion(eur("80"), Some(Money::new(100, Currency::GBP))),
            (eur("80"), eur("0"))
        );
    }

    #[test]
    fn cashback_pays_a_capped_share_of_a_net_loss_only() {
        assert_eq!(
            cashback_amount(eur("123.45"), d("10"), eur("100")),
            eur("12.34")
        );
        assert_eq!(
            cashback_amount(eur("5000"), d("10"), eur("100")),
            eur("100")
        );
        assert_eq!(cashback_amount(eur("0"), d("10"), eur("100")), eur("0"));
        assert_eq!(cashback_amount(eur("-50"), d("10"), eur("100")), eur("0"));
    }

    #[test]
    fn cashback_periods_start_at_midnight_and_on_monday() {
        // 2026-12-06 is a Sunday.
        let sunday = at("2026-12-06T18:47:00Z");
        assert_eq!(
            cashback_period_bounds(CashbackPeriod::Day, sunday),
            (at("2026-12-06T00:00:00Z"), at("2026-12-07T00:00:00Z"))
        );
        assert_eq!(
            cashback_period_bounds(CashbackPeriod::Week, sunday),
            (at("2026-11-30T00:00:00Z"), at("2026-12-07T00:00:00Z"))
        );
        let monday_midnight = at("2026-12-07T00:00:00Z");
        assert_eq!(
            cashback_period_bounds(CashbackPeriod::Week, monday_midnight),
            (monday_midnight, at("2026-12-14T00:00:00Z"))
        );
    }

    proptest::proptest! {
        #[test]
        fn a_split_stake_adds_up_to_the_stake(
            stake in 0i64..=1_000_000_000_000,
            cash in -1_000i64..=1_000_000_000_000,
            bonus in -1_000i64..=1_000_000_000_000,
        ) {
            let m = |minor| Money::new(minor, Currency::EUR);
            match split_stake(m(stake), m(cash), m(bonus)) {
                Some((from_cash, from_bonus)) => {
                    proptest::prop_assert_eq!(from_cash.minor() + from_bonus.minor(), stake);
                    proptest::prop_assert!(from_cash.minor() >= 0 && from_cash.minor() <= cash.max(0));
                    proptest::prop_assert!(from_bonus.minor() >= 0 && from_bonus.minor() <= bonus.max(0));
                    // Bonus is only touched once the cash is used up.
                    proptest::prop_assert!(from_bonus.is_zero() || from_cash.minor() == cash.max(0));
                }
                None => proptest::prop_assert!(i128::from(stake) > i128::from(cash.max(0)) + i128::from(bonus.max(0))),
            }
        }

        #[test]
        fn a_split_return_adds_up_floors_and_is_never_negative(
            payout in 0i64..=i64::MAX,
            stake in 1i64..=1_000_000_000_000,
            bonus_stake in 0i64..=1_000_000_000_000,
        ) {
            let m = |minor| Money::new(minor, Currency::EUR);
            let (cash, bonus) = split_return(m(payout), m(stake), m(bonus_stake));
            proptest::prop_assert_eq!(
                i128::from(cash.minor()) + i128::from(bonus.minor()),
                i128::from(payout)
            );
            proptest::prop_assert!(cash.minor() >= 0 && bonus.minor() >= 0);
            // Floor: bonus × stake ≤ payout × bonus share < (bonus + 1) × stake.
            let share = i128::from(bonus_stake.min(stake));
            let exact = i128::from(payout) * share;
            proptest::prop_assert!(i128::from(bonus.minor()) * i128::from(stake) <= exact);
            proptest::prop_assert!((i128::from(bonus.minor()) + 1) * i128::from(stake) > exact);
        }

        #[test]
        fn conversion_accounts_for_every_unit_of_bonus_left(
            left in i64::MIN..=i64::MAX,
            cap in proptest::option::of(i64::MIN..=i64::MAX),
        ) {
            let m = |minor| Money::new(minor, Currency::EUR);
            let (to_cash, forfeited) = conversion(m(left), cap.map(m));
            proptest::prop_assert_eq!(
                i128::from(to_cash.minor()) + i128::from(forfeited.minor()),
                i128::from(left)
            );
            proptest::prop_assert!(to_cash.minor() >= 0);
            if let Some(cap) = cap {
                proptest::prop_assert!(to_cash.minor() <= cap.max(0));
            }
        }

        #[test]
        fn a_wagering_credit_never_exceeds_the_stake(
            stake in i64::MIN..=i64::MAX,
            percent_hundredths in 0i64..=1_000_000,
        ) {
            let stake = Money::new(stake, Currency::EUR);
            let credit = wagering_credit(stake, Decimal::new(percent_hundredths, 2));
            proptest::prop_assert!(credit.minor() <= stake.minor().max(0));
            proptest::prop_assert!(credit.minor() >= 0);
        }
    }
}
