//! Risk helpers for traders: a selection's liability, and cash-out quotes.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use super::BetError;
use super::kind::BetKind;
use super::odds::Odds;
use super::settle::{LegResult, SettledLeg, leg_factor};
use crate::money::{Currency, Money};

/// One open bet's stake in a market: the selection it backs there, its
/// stake and its potential return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiabilityEntry<K> {
    /// The selection of this market the bet backs.
    pub selection: K,
    /// The bet's total stake.
    pub stake: Money,
    /// The bet's full potential return (for multiples: as if every other leg
    /// wins too — the worst case).
    pub potential_return: Money,
    /// A single on this market. Only singles' stakes count as kept: a
    /// multiple's stake is only kept once its other legs are known, and it is
    /// counted in every market it touches.
    pub is_single: bool,
}

/// What the book pays out if `selection` wins, minus the stakes it keeps:
///
/// `Σ potential_return (entries on the selection, singles and multiples)
///  − Σ stake (every single in the market, whichever selection)`.
///
/// Positive means the book loses that much if the selection wins. Every
/// entry must be in `currency`.
pub fn selection_liability<K: PartialEq>(
    selection: &K,
    entries: &[LiabilityEntry<K>],
    currency: Currency,
) -> Result<Money, BetError> {
    let mut liability = Money::zero(currency);
    for entry in entries {
        if entry.selection == *selection {
            liability = liability.checked_add(entry.potential_return)?;
        }
        if entry.is_single {
            liability = liability.checked_sub(entry.stake)?;
        }
    }
    Ok(liability)
}

/// A leg of a bet being cashed out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum CashOutLeg {
    /// Not settled yet: the odds taken and the odds now.
    Open {
        /// The odds taken at placement.
        taken: Odds,
        /// The selection's current odds.
        current: Odds,
    },
    /// Settled: it must have won (any dead heat or rule 4), pushed or been
    /// voided.
    Settled(SettledLeg),
}

/// A cash-out offer for a single or an accumulator:
///
/// `stake × Π factor(settled legs) × Π (taken ÷ current)(open legs) × (1 − margin)`,
/// rounded down to the minor unit. Settled legs must have won (factor from
/// dead heat and rule 4 as settled) or been void/pushed (factor 1); at least
/// one leg must be open; `margin` is in [0, 1).
///
/// Unlike settlement this is a quote: the divisions are done in `Decimal`
/// (28 significant digits) before the single rounding down.
pub fn cash_out_quote(
    kind: BetKind,
    stake: Money,
    legs: &[CashOutLeg],
    margin: Decimal,
) -> Result<Money, BetError> {
    if !matches!(kind, BetKind::Single | BetKind::Accumulator) {
        return Err(BetError::CashOutUnavailable);
    }
    kind.validate_legs(legs.len())?;
    if margin < Decimal::ZERO || margin >= Decimal::ONE {
        return Err(BetError::InvalidMargin);
    }
    if !stake.is_positive() {
        return Err(BetError::StakeNotPositive);
    }
    if !legs
        .iter()
        .any(|leg| matches!(leg, CashOutLeg::Open { .. }))
    {
        return Err(BetError::CashOutUnavailable);
    }
    let mut value = Decimal::from(stake.minor());
    for leg in legs {
        value = match leg {
            CashOutLeg::Open { taken, current } => value
                .checked_mul(taken.value())
                .and_then(|v| v.checked_div(current.value())),
            CashOutLeg::Settled(settled) => match settled.outcome.result() {
                LegResult::Win | LegResult::Void | LegResult::Push => {
                    value.checked_mul(leg_factor(settled.odds, &settled.outcome)?)
                }
                _ => return Err(BetError::CashOutUnavailable),
            },
        }
        .ok_or(BetError::Overflow)?;
    }
    let minor = value
        .checked_mul(Decimal::ONE - margin)
        .and_then(|v| v.floor().to_i64())
        .ok_or(BetError::Overflow)?;
    Ok(Money::new(minor, stake.currency()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(minor: i64) -> Money {
        Money::new(minor, Currency::EUR)
    }

    fn odds(s: &str) -> Odds {
        Odds::parse(s).unwrap()
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn liability_is_payout_on_the_selection_minus_single_stakes_kept() {
        let entries = [
            LiabilityEntry {
                selection: "home",
                stake: eur(1000),
                potential_return: eur(3000),
                is_single: true,
            },
            LiabilityEntry {
                selection: "away",
                stake: eur(2000),
                potential_return: eur(4000),
                is_single: true,
            },
            LiabilityEntry {
                selection: "home",
                stake: eur(500),
                potential_return: eur(9000),
                is_single: false,
            },
        ];
        // Home wins: pay 30 + 90, keep 10 + 20 of singles' stakes.
        assert_eq!(
            selection_liability(&"home", &entries, Currency::EUR),
            Ok(eur(9000))
        );
        // Away wins: pay 40, keep 30; the accumulator's stake is not counted.
        assert_eq!(
            selection_liability(&"away", &entries, Currency::EUR),
            Ok(eur(1000))
        );
        assert_eq!(
            selection_liability(&"draw", &entries, Currency::EUR),
            Ok(eur(-3000))
        );
        assert!(selection_liability(&"home", &entries, Currency::USD).is_err());
    }

    #[test]
    fn a_single_cashes_out_at_taken_over_current_less_margin() {
        let leg = CashOutLeg::Open {
            taken: odds("3.00"),
            current: odds("2.00"),
        };
        assert_eq!(
            cash_out_quote(BetKind::Single, eur(1000), &[leg], Decimal::ZERO),
            Ok(eur(1500))
        );
        assert_eq!(
            cash_out_quote(BetKind::Single, eur(1000), &[leg], d("0.05")),
            Ok(eur(1425))
        );
        let drifted = CashOutLeg::Open {
            taken: odds("2.00"),
            current: odds("3.00"),
        };
        // 10 × 2/3 = 6.666… → 6.66
        assert_eq!(
            cash_out_quote(BetKind::Single, eur(1000), &[drifted], Decimal::ZERO),
            Ok(eur(666))
        );
    }

    #[test]
    fn an_accumulator_cashes_out_only_while_its_settled_legs_won() {
        let won = CashOutLeg::Settled(SettledLeg {
            odds: odds("2.00"),
            outcome: LegResult::Win.into(),
        });
        let void = CashOutLeg::Settled(SettledLeg {
            odds: odds("5.00"),
            outcome: LegResult::Void.into(),
        });
        let open = CashOutLeg::Open {
            taken: odds("3.00"),
            current: odds("1.50"),
        };
        let acca = BetKind::Accumulator;
        assert_eq!(
            cash_out_quote(acca, eur(1000), &[won, void, open], Decimal::ZERO),
            Ok(eur(4000))
        );
        let lost = CashOutLeg::Settled(SettledLeg {
            odds: odds("2.00"),
            outcome: LegResult::Lose.into(),
        });
        assert_eq!(
            cash_out_quote(acca, eur(1000), &[lost, open], Decimal::ZERO),
            Err(BetError::CashOutUnavailable)
        );
        assert_eq!(
            cash_out_quote(acca, eur(1000), &[won, won], Decimal::ZERO),
            Err(BetError::CashOutUnavailable)
        );
        let yankee = BetKind::System(crate::betting::SystemType::Yankee);
        assert_eq!(
            cash_out_quote(yankee, eur(1000), &[open; 4], Decimal::ZERO),
            Err(BetError::CashOutUnavailable)
        );
        assert_eq!(
            cash_out_quote(acca, eur(1000), &[won, open], Decimal::ONE),
            Err(BetError::InvalidMargin)
        );
    }
}
