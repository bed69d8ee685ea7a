//! Leg results and their factors, and exact bet settlement: a line returns
//! `unit_stake × Π factor` rounded down to the minor unit once, a bet the sum
//! of its lines.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::BetError;
use super::kind::{BetKind, line_count, lines};
use super::odds::Odds;
use crate::money::{Money, coded_enum};

coded_enum! {
    /// The result of one leg.
    LegResult, BetError, BetError::UnknownCode, {
        /// Won: factor = odds (adjusted by dead heat and rule 4).
        Win => "win",
        /// Lost: factor 0.
        Lose => "lose",
        /// Voided: factor 1, the leg drops out.
        Void => "void",
        /// Pushed (tie on the line): factor 1, the leg drops out.
        Push => "push",
        /// Half won, half refunded: factor (1 + odds) / 2.
        HalfWin => "half_win",
        /// Half lost, half refunded: factor 1/2.
        HalfLose => "half_lose",
    }
}

const HALF: Decimal = Decimal::from_parts(5, 0, 0, false, 1);
const MAX_RULE4: Decimal = Decimal::from_parts(90, 0, 0, false, 2);

/// A settled leg: its result, and for a win an optional dead-heat factor `h`
/// in (0, 1] and rule 4 deduction `d` in [0, 0.90].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "LegOutcomeRepr", into = "LegOutcomeRepr")]
pub struct LegOutcome {
    result: LegResult,
    dead_heat_factor: Option<Decimal>,
    rule4_deduction: Option<Decimal>,
}

/// Wire form of [`LegOutcome`] (decimals as strings).
#[derive(Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LegOutcomeRepr {
    result: LegResult,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dead_heat_factor: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rule4_deduction: Option<Decimal>,
}

impl From<LegOutcome> for LegOutcomeRepr {
    fn from(outcome: LegOutcome) -> Self {
        LegOutcomeRepr {
            result: outcome.result,
            dead_heat_factor: outcome.dead_heat_factor,
            rule4_deduction: outcome.rule4_deduction,
        }
    }
}

impl TryFrom<LegOutcomeRepr> for LegOutcome {
    type Error = BetError;

    fn try_from(repr: LegOutcomeRepr) -> Result<Self, Self::Error> {
        LegOutcome::new(repr.result, repr.dead_heat_factor, repr.rule4_deduction)
    }
}

impl From<LegResult> for LegOutcome {
    fn from(result: LegResult) -> Self {
        LegOutcome {
            result,
            dead_heat_factor: None,
            rule4_deduction: None,
        }
    }
}

impl LegOutcome {
    /// Validates an outcome: adjustments only on `win`, `0 < h ≤ 1`,
    /// `0 ≤ d ≤ 0.90`.
    pub fn new(
        result: LegResult,
        dead_heat_factor: Option<Decimal>,
        rule4_deduction: Option<Decimal>,
    ) -> Result<Self, BetError> {
        let adjusted = dead_heat_factor.is_some() || rule4_deduction.is_some();
        if adjusted && result != LegResult::Win {
            return Err(BetError::AdjustmentOnNonWin);
        }
        if dead_heat_factor.is_some_and(|h| h <= Decimal::ZERO || h > Decimal::ONE) {
            return Err(BetError::InvalidDeadHeatFactor);
        }
        if rule4_deduction.is_some_and(|d| d < Decimal::ZERO || d > MAX_RULE4) {
            return Err(BetError::InvalidRule4Deduction);
        }
        Ok(LegOutcome {
            result,
            dead_heat_factor,
            rule4_deduction,
        })
    }

    /// The result.
    pub const fn result(&self) -> LegResult {
        self.result
    }

    /// The dead-heat factor, if any.
    pub const fn dead_heat_factor(&self) -> Option<Decimal> {
        self.dead_heat_factor
    }

    /// The rule 4 deduction, if any.
    pub const fn rule4_deduction(&self) -> Option<Decimal> {
        self.rule4_deduction
    }
}

/// One leg of a settled bet: the odds taken and how it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SettledLeg {
    /// The odds taken at placement.
    pub odds: Odds,
    /// How the leg ended.
    pub outcome: LegOutcome,
}

/// The factor a settled leg contributes to each line it is in
/// (BETTING_RULES.md): win `odds`, with rule 4 `1 + (odds − 1)(1 − d)`, with
/// dead heat `× h`; void/push 1; half_win `(1 + odds)/2`; half_lose 1/2;
/// lose 0. Exact.
pub fn leg_factor(odds: Odds, outcome: &LegOutcome) -> Result<Decimal, BetError> {
    let o = odds.value();
    let factor = match outcome.result {
        LegResult::Lose => Some(Decimal::ZERO),
        LegResult::Void | LegResult::Push => Some(Decimal::ONE),
        LegResult::HalfLose => Some(HALF),
        LegResult::HalfWin => o
            .checked_add(Decimal::ONE)
            .and_then(|x| x.checked_mul(HALF)),
        LegResult::Win => {
            let won = match outcome.rule4_deduction {
                None => Some(o),
                Some(d) => (o - Decimal::ONE)
                    .checked_mul(Decimal::ONE - d)
                    .and_then(|x| x.checked_add(Decimal::ONE)),
            };
            match outcome.dead_heat_factor {
                None => won,
                Some(h) => won.and_then(|x| x.checked_mul(h)),
            }
        }
    };
    factor.ok_or(BetError::Overflow)
}

/// A tiny unsigned big integer (little-endian 64-bit limbs), just enough to
/// multiply exact decimal mantissas and divide by powers of ten. The `as u64`
/// casts below keep the low 64 bits on purpose (limb arithmetic).
struct Natural(Vec<u64>);

impl Natural {
    fn mul_u64(&mut self, m: u64) {
        let mut carry: u128 = 0;
        for limb in &mut self.0 {
            let wide = u128::from(*limb) * u128::from(m) + carry;
            *limb = wide as u64;
            carry = wide >> 64;
        }
        if carry != 0 {
            self.0.push(carry as u64);
        }
    }

    fn mul_u128(&mut self, m: u128) {
        let (low, high) = (m as u64, (m >> 64) as u64);
        if high == 0 {
            self.mul_u64(low);
            return;
        }
        // self·m = self·low + (self·high) << 64
        let mut shifted = Natural(self.0.clone());
        shifted.mul_u64(high);
        shifted.0.insert(0, 0);
        self.mul_u64(low);
        let len = self.0.len().max(shifted.0.len());
        self.0.resize(len, 0);
        let mut carry = false;
        for (limb, add) in self
            .0
            .iter_mut()
            .zip(shifted.0.iter().chain(core::iter::repeat(&0)))
        {
            let (sum, c1) = limb.overflowing_add(*add);
            let (sum, c2) = sum.overflowing_add(u64::from(carry));
            *limb = sum;
            carry = c1 || c2;
        }
        if carry {
            self.0.push(1);
        }
    }

    /// Floor division by `d` (> 0).
    fn div_u64(&mut self, d: u64) {
        let mut rem: u128 = 0;
        for limb in self.0.iter_mut().rev() {
            let cur = (rem << 64) | u128::from(*limb);
            *limb = (cur / u128::from(d)) as u64;
            rem = cur % u128::from(d);
        }
    }

    fn to_i64(&self) -> Option<i64> {
        let mut limbs = self.0.iter().rev().skip_while(|l| **l == 0);
        match (limbs.next(), limbs.next()) {
            (None, _) => Some(0),
            (Some(low), None) => i64::try_from(*low).ok(),
            _ => None,
        }
    }
}

/// `floor(stake_minor × Π factors)`, exactly, for a non-negative stake and
/// non-negative factors.
pub(super) fn floor_product(stake_minor: i64, factors: &[Decimal]) -> Result<i64, BetError> {
    let stake = u64::try_from(stake_minor).map_err(|_| BetError::StakeNotPositive)?;
    let mut product = Natural(vec![stake]);
    let mut scale: u32 = 0;
    for factor in factors {
        let factor = factor.normalize();
        let mantissa = u128::try_from(factor.mantissa()).map_err(|_| BetError::Overflow)?;
        if mantissa == 0 {
            return Ok(0);
        }
        product.mul_u128(mantissa);
        scale = scale
            .checked_add(factor.scale())
            .ok_or(BetError::Overflow)?;
    }
    const CHUNK: u32 = 19;
    while scale > 0 {
        let step = scale.min(CHUNK);
        product.div_u64(10u64.pow(step));
        scale -= step;
    }
    product.to_i64().ok_or(BetError::Overflow)
}

/// The return of each line of a `kind` bet whose legs have these
/// `factors`, in [`lines`] order: `floor(unit_stake × Π factor)` to the minor
/// unit. Not for teasers (priced from their table).
pub fn line_returns(
    kind: BetKind,
    unit_stake: Money,
    factors: &[Decimal],
) -> Result<Vec<Money>, BetError> {
    if kind == BetKind::Teaser {
        return Err(BetError::TeaserNeedsTable);
    }
    if !unit_stake.is_positive() {
        return Err(BetError::StakeNotPositive);
    }
    let mut line_factors = Vec::with_capacity(factors.len());
    lines(kind, factors.len())?
        .into_iter()
        .map(|line| {
            line_factors.clear();
            for leg in line {
                line_factors.push(*factors.get(leg).ok_or(BetError::Overflow)?);
            }
            let minor = floor_product(unit_stake.minor(), &line_factors)?;
            Ok(Money::new(minor, unit_stake.currency()))
        })
        .collect()
}

fn sum_lines(kind: BetKind, unit_stake: Money, factors: &[Decimal]) -> Result<Money, BetError> {
    let returns = line_returns(kind, unit_stake, factors)?;
    Ok(Money::checked_sum(unit_stake.currency(), returns)?)
}

/// `unit_stake × lines`.
pub fn total_stake(kind: BetKind, unit_stake: Money, legs: usize) -> Result<Money, BetError> {
    let count = line_count(kind, legs)?;
    let count = i64::try_from(count).map_err(|_| BetError::TooManyLines)?;
    Ok(unit_stake.checked_mul(count)?)
}

/// The return if every leg wins at `odds` (shown at placement), rounded
/// down per line like a settlement.
pub fn potential_return(
    kind: BetKind,
    unit_stake: Money,
    odds: &[Odds],
) -> Result<Money, BetError> {
    let factors: Vec<Decimal> = odds.iter().map(|o| o.value()).collect();
    sum_lines(kind, unit_stake, &factors)
}

/// What a settled bet pays: the sum over its lines of
/// `floor(unit_stake × Π leg_factor)`.
pub fn settle_return(
    kind: BetKind,
    unit_stake: Money,
    legs: &[SettledLeg],
) -> Result<Money, BetError> {
    let factors = legs
        .iter()
        .map(|leg| leg_factor(leg.odds, &leg.outcome))
        .collect::<Result<Vec<_>, _>>()?;
    sum_lines(kind, unit_stake, &factors)
}

/// What placement shows and stores: lines, total stake, potential return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BetQuote {
    /// Number of lines the bet expands to.
    pub lines: usize,
    /// `unit_stake × lines`.
    pub total_stake: Money,
    /// The return if every leg wins.
    pub potential_return: Money,
}

/// Lines, total stake and potential return of a bet at `odds` (not for
/// teasers: see `teaser_quote`).
pub fn quote_bet(kind: BetKind, unit_stake: Money, odds: &[Odds]) -> Result<BetQuote, BetError> {
    Ok(BetQuote {
        lines: line_count(kind, odds.len())?,
        total_stake: total_stake(kind, unit_stake, odds.len())?,
        potential_return: potential_return(kind, unit_stake, odds)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::betting::SystemType;
    use crate::money::Currency;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn eur(minor: i64) -> Money {
        Money::new(minor, Currency::EUR)
    }

    fn leg(odds: &str, result: LegResult) -> SettledLeg {
        SettledLeg {
            odds: Odds::parse(odds).unwrap(),
            outcome: result.into(),
        }
    }

    #[test]
    fn a_void_leg_drops_out_of_the_accumulator() {
        let legs = [
            leg("2.00", LegResult::Win),
            leg("5.00", LegResult::Void),
            leg("1.50", LegResult::Win),
        ];
        assert_eq!(
            settle_return(BetKind::Accumulator, eur(1000), &legs),
            Ok(eur(3000))
        );
    }

    #[test]
    fn dead_heat_and_rule_4_combine_on_a_win() {
        let odds = Odds::parse("5.00").unwrap();
        let both = LegOutcome::new(LegResult::Win, Some(d("0.5")), Some(d("0.25"))).unwrap();
        // (1 + 4 × 0.75) × 0.5 = 2
        assert_eq!(leg_factor(odds, &both), Ok(d("2")));
        let dh = LegOutcome::new(LegResult::Win, Some(d("0.3333")), None).unwrap();
        assert_eq!(leg_factor(odds, &dh), Ok(d("1.6665")));
        let r4 = LegOutcome::new(LegResult::Win, None, Some(d("0.90"))).unwrap();
        assert_eq!(leg_factor(odds, &r4), Ok(d("1.4")));
        let zero =
            LegOutcome::new(LegResult::Win, Some(Decimal::ONE), Some(Decimal::ZERO)).unwrap();
        assert_eq!(leg_factor(odds, &zero), Ok(d("5")));
        let single = SettledLeg {
            odds,
            outcome: both,
        };
        assert_eq!(
            settle_return(BetKind::Single, eur(1000), &[single]),
            Ok(eur(2000))
        );
    }

    #[test]
    fn adjustments_are_validated() {
        let new = |r, h: Option<&str>, r4: Option<&str>| LegOutcome::new(r, h.map(d), r4.map(d));
        assert_eq!(
            new(LegResult::Win, Some("0"), None),
            Err(BetError::InvalidDeadHeatFactor)
        );
        assert_eq!(
            new(LegResult::Win, Some("1.01"), None),
            Err(BetError::InvalidDeadHeatFactor)
        );
        assert_eq!(
            new(LegResult::Win, None, Some("0.91")),
            Err(BetError::InvalidRule4Deduction)
        );
        assert_eq!(
            new(LegResult::Win, None, Some("-0.05")),
            Err(BetError::InvalidRule4Deduction)
        );
        assert_eq!(
            new(LegResult::Lose, Some("0.5"), None),
            Err(BetError::AdjustmentOnNonWin)
        );
        assert_eq!(
            new(LegResult::HalfWin, None, Some("0.1")),
            Err(BetError::AdjustmentOnNonWin)
        );
        let json = r#"{"result":"void","rule4_deduction":"0.15"}"#;
        assert!(serde_json::from_str::<LegOutcome>(json).is_err());
        let json = r#"{"result":"win","dead_heat_factor":"0.5"}"#;
        let outcome: LegOutcome = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&outcome).unwrap(), json);
    }

    #[test]
    fn each_line_is_rounded_down_once_not_each_leg() {
        // 0.10 × 1.555 × 1.555 = 0.2418025 → 0.24
        let legs = [leg("1.555", LegResult::Win), leg("1.555", LegResult::Win)];
        assert_eq!(
            settle_return(BetKind::Accumulator, eur(10), &legs),
            Ok(eur(24))
        );
        // Rounding per leg would give 0.10 → 0.15 → 0.23.
        let trixie = BetKind::System(SystemType::Trixie);
        let legs = [
            leg("1.50", LegResult::Win),
            leg("2.50", LegResult::Win),
            leg("3.10", LegResult::Win),
        ];
        let per_line: Vec<i64> = line_returns(trixie, eur(100), &legs.map(|l| l.odds.value()))
            .unwrap()
            .into_iter()
            .map(Money::minor)
            .collect();
        assert_eq!(per_line, vec![375, 465, 775, 1162]);
    }

    #[test]
    fn huge_products_are_an_error_not_a_panic() {
        let odds = vec![Odds::MAX; 20];
        assert_eq!(
            potential_return(BetKind::Accumulator, eur(i64::MAX), &odds),
            Err(BetError::Overflow)
        );
        assert_eq!(
            potential_return(BetKind::Accumulator, eur(1), &odds),
            Err(BetError::Overflow)
        );
        assert_eq!(
            total_stake(BetKind::Single, eur(i64::MAX), 1),
            Ok(eur(i64::MAX))
        );
        let goliath = BetKind::System(SystemType::Goliath);
        assert!(matches!(
            total_stake(goliath, eur(i64::MAX), 8),
            Err(BetError::Money(_))
        ));
        // A long-odds 20-fold that still fits is exact.
        let legs = vec![Odds::parse("7.777").unwrap(); 20];
        let r = potential_return(BetKind::Accumulator, eur(1), &legs).unwrap();
        // floor(7.777^20), checked with exact fractions.
        assert_eq!(r.minor(), 655_001_024_230_973_796);
    }

    #[test]
    fn stakes_must_be_positive_and_teasers_need_their_table() {
        let odds = [Odds::parse("2").unwrap()];
        assert_eq!(
            potential_return(BetKind::Single, eur(0), &odds),
            Err(BetError::StakeNotPositive)
        );
        assert_eq!(
            potential_return(BetKind::Single, eur(-5), &odds),
            Err(BetError::StakeNotPositive)
        );
        let two = [odds[0], odds[0]];
        assert_eq!(
            potential_return(BetKind::Teaser, eur(5), &two),
            Err(BetError::TeaserNeedsTable)
        );
    }

    proptest::proptest! {
        #[test]
        fn the_exact_product_agrees_with_decimal_where_decimal_is_exact(
            stake in 0i64..=1_000_000_000,
            mantissas in proptest::collection::vec(0i64..=100_000, 0..=3),
        ) {
            let factors: Vec<Decimal> = mantissas.iter().map(|m| Decimal::new(*m, 3)).collect();
            let decimal = factors.iter().fold(Decimal::from(stake), |acc, f| acc * f);
            let expected = i64::try_from(decimal.floor().mantissa()).unwrap();
            proptest::prop_assert_eq!(floor_product(stake, &factors), Ok(expected));
        }
    }

    #[test]
    fn the_exact_product_handles_wide_mantissas() {
        // Factors whose mantissas exceed 64 bits exercise the 128-bit path.
        let h = d("0.3333333333333333333333333333");
        let f = vec![h, h, h];
        let exact = floor_product(1_000_000_000_000_000_000, &f).unwrap();
        // 10^18 × h³ = 37037037037037037.037… − 3.7·10^-11 (checked with exact fractions).
        assert_eq!(exact, 37_037_037_037_037_037);
        assert_eq!(floor_product(7, &[d("0.5"), d("0")]), Ok(0));
        assert_eq!(floor_product(7, &[]), Ok(7));
    }
}
