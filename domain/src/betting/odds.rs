//! Decimal odds: validation, parsing, and display as decimal, fractional and
//! American odds; the odds-change policy applied at placement.

use core::fmt;
use core::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::money::{coded_enum, parse_plain_decimal, serde_via_str, split_plain_decimal};

/// Why odds were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OddsError {
    /// Not a plain decimal number (`digits[.digits]`, no sign).
    #[error("odds must be a plain decimal number such as 2.50")]
    Malformed,
    /// Below 1.01 or above 10000.
    #[error("odds must be between 1.01 and 10000")]
    OutOfRange,
    /// More than three decimal places (after dropping trailing zeros).
    #[error("odds may have at most 3 decimal places")]
    TooManyDecimals,
    /// A fractional price that is not `num/den` with positive integers.
    #[error("fractional odds must look like 6/4")]
    InvalidFractional,
    /// An American price that is not an integer ≤ −100 or ≥ +100.
    #[error("American odds must be an integer of at least 100 or at most -100")]
    InvalidAmerican,
}

/// Decimal odds: the return per unit staked, stake included.
///
/// Valid odds are 1.01 to 10000 inclusive, with at most 3 decimal places
/// (trailing zeros do not count: `"2.5000"` is 2.50). They are kept exactly
/// as given, displayed with at least 2 decimals (`2.5` → `"2.50"`,
/// `1.333` → `"1.333"`) and serialized as that string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Odds(Decimal);

/// Whole-number denominators up to this are "simple" for fractional display.
const SIMPLE_DENOMINATOR: u128 = 20;

impl Odds {
    /// The shortest odds accepted, 1.01.
    pub const MIN: Odds = Odds(Decimal::from_parts(101, 0, 0, false, 2));
    /// The longest odds accepted, 10000.
    pub const MAX: Odds = Odds(Decimal::from_parts(10_000, 0, 0, false, 0));
    /// Most decimal places.
    pub const MAX_DECIMALS: u32 = 3;

    /// Validates decimal odds.
    pub fn new(value: Decimal) -> Result<Self, OddsError> {
        let value = value.normalize();
        if value < Odds::MIN.0 || value > Odds::MAX.0 {
            return Err(OddsError::OutOfRange);
        }
        if value.scale() > Odds::MAX_DECIMALS {
            return Err(OddsError::TooManyDecimals);
        }
        Ok(Odds(value))
    }

    /// Parses decimal odds such as `"2.50"`.
    pub fn parse(s: &str) -> Result<Self, OddsError> {
        let parts = split_plain_decimal(s, false).ok_or(OddsError::Malformed)?;
        let value = parse_plain_decimal(s, false).ok_or(OddsError::Malformed)?;
        if parts.negative {
            return Err(OddsError::OutOfRange);
        }
        Odds::new(value)
    }

    /// The decimal value.
    pub const fn value(self) -> Decimal {
        self.0
    }

    /// Odds from a fractional price `num/den` (6/4 → 2.50), rounded half
    /// away from zero to 2 decimals as printed price ladders do
    /// (10/11 → 1.91, 4/6 → 1.67).
    pub fn from_fractional(num: u32, den: u32) -> Result<Self, OddsError> {
        if num == 0 || den == 0 {
            return Err(OddsError::InvalidFractional);
        }
        let ratio = Decimal::from(num)
            .checked_div(Decimal::from(den))
            .and_then(|r| r.checked_add(Decimal::ONE))
            .ok_or(OddsError::OutOfRange)?;
        Odds::new(ratio.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    }

    /// Parses a fractional price such as `"6/4"` (see [`Odds::from_fractional`]).
    pub fn parse_fractional(s: &str) -> Result<Self, OddsError> {
        let (num, den) = s.split_once('/').ok_or(OddsError::InvalidFractional)?;
        let int = |part: &str| -> Result<u32, OddsError> {
            if part.is_empty() || part.len() > 9 || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(OddsError::InvalidFractional);
            }
            part.parse().map_err(|_| OddsError::InvalidFractional)
        };
        Odds::from_fractional(int(num)?, int(den)?)
    }

    /// Parses an American price: `"+150"` or `"150"` → 2.50, `"-200"` →
    /// 1.50, `"-110"` → 1.91 (rounded half away from zero to 2 decimals).
    pub fn parse_american(s: &str) -> Result<Self, OddsError> {
        let (negative, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(OddsError::InvalidAmerican);
        }
        let magnitude: Decimal = digits
            .parse::<u32>()
            .map(Decimal::from)
            .map_err(|_| OddsError::InvalidAmerican)?;
        if magnitude < Decimal::ONE_HUNDRED {
            return Err(OddsError::InvalidAmerican);
        }
        let profit = if negative {
            Decimal::ONE_HUNDRED.checked_div(magnitude)
        } else {
            magnitude.checked_div(Decimal::ONE_HUNDRED)
        };
        let value = profit
            .and_then(|p| p.checked_add(Decimal::ONE))
            .ok_or(OddsError::OutOfRange)?;
        Odds::new(value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    }

    /// Parses odds written in `format`.
    pub fn parse_in(format: OddsFormat, s: &str) -> Result<Self, OddsError> {
        match format {
            OddsFormat::Decimal => Odds::parse(s),
            OddsFormat::Fractional => Odds::parse_fractional(s),
            OddsFormat::American => Odds::parse_american(s),
        }
    }

    /// The fractional price `(num, den)` of `odds − 1`, in lowest terms.
    ///
    /// Exact when the exact fraction is simple — denominator at most 20
    /// (2.50 → 3/2, 2.375 → 11/8) or numerator 1 (1.01 → 1/100). Otherwise
    /// the simplest fraction (smallest denominator, then numerator) that
    /// rounds back to the same decimal odds at their displayed precision:
    /// 1.91 → 10/11, 1.83 → 5/6, 1.33 → 1/3.
    pub fn to_fractional(self) -> (u128, u128) {
        let profit = self.0 - Decimal::ONE;
        let scale = profit.scale();
        let num = profit.mantissa().unsigned_abs();
        let den = 10u128.pow(scale);
        let divisor = gcd(num, den);
        let (num, den) = (num / divisor, den / divisor);
        if den <= SIMPLE_DENOMINATOR || num == 1 {
            return (num, den);
        }
        // Values that display as these odds lie in [x − ½ulp, x + ½ulp) with
        // ulp = 10^-shown; in integers: [(2m − 1) / 2·10^s, (2m + 1) / 2·10^s).
        let shown = scale.max(2);
        let m = profit.mantissa().unsigned_abs() * 10u128.pow(shown - scale);
        let (lo, hi, d) = (2 * m - 1, 2 * m + 1, 2 * 10u128.pow(shown));
        for q in 1..=d {
            let p = (lo * q).div_ceil(d);
            if p * d < hi * q {
                let g = gcd(p, q);
                return (p / g, q / g);
            }
        }
        (num, den)
    }

    /// The American price: `+150` for 2.50, `-200` for 1.50, rounded half
    /// away from zero to a whole number (1.91 → −110).
    pub fn to_american(self) -> Decimal {
        let profit = self.0 - Decimal::ONE;
        let value = if self.0 >= Decimal::TWO {
            profit * Decimal::ONE_HUNDRED
        } else {
            // profit ≥ 0.01, so the quotient is at most 10000.
            -(Decimal::ONE_HUNDRED / profit)
        };
        value.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
    }

    /// The odds written in `format`: `"2.50"`, `"3/2"`, `"+150"`.
    pub fn format(self, format: OddsFormat) -> String {
        match format {
            OddsFormat::Decimal => self.to_string(),
            OddsFormat::Fractional => {
                let (num, den) = self.to_fractional();
                format!("{num}/{den}")
            }
            OddsFormat::American => {
                let value = self.to_american();
                if value.is_sign_negative() {
                    value.to_string()
                } else {
                    format!("+{value}")
                }
            }
        }
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

impl fmt::Display for Odds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut value = self.0;
        if value.scale() < 2 {
            value.rescale(2);
        }
        write!(f, "{value}")
    }
}

impl FromStr for Odds {
    type Err = OddsError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Odds::parse(s)
    }
}

impl TryFrom<Decimal> for Odds {
    type Error = OddsError;

    fn try_from(value: Decimal) -> Result<Self, Self::Error> {
        Odds::new(value)
    }
}

serde_via_str!(Odds);

coded_enum! {
    /// How odds are shown to a player.
    OddsFormat, OddsError, OddsError::Malformed, {
        /// `2.50`.
        Decimal => "decimal",
        /// `3/2`.
        Fractional => "fractional",
        /// `+150`.
        American => "american",
    }
}

coded_enum! {
    /// What the bettor accepts when the odds moved between the betslip and
    /// placement. The bet is always struck at the current odds.
    OddsChangePolicy, OddsError, OddsError::Malformed, {
        /// Only the exact odds requested.
        Reject => "reject",
        /// The requested odds or better.
        AcceptHigher => "accept_higher",
        /// Whatever the odds are now.
        AcceptAny => "accept_any",
    }
}

impl OddsChangePolicy {
    /// Whether a bet requested at `requested` may be struck at `current`.
    pub fn accepts(self, requested: Odds, current: Odds) -> bool {
        match self {
            OddsChangePolicy::Reject => current == requested,
            OddsChangePolicy::AcceptHigher => current >= requested,
            OddsChangePolicy::AcceptAny => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn odds(s: &str) -> Odds {
        Odds::parse(s).unwrap()
    }

    #[test]
    fn odds_keep_their_digits_and_show_at_least_two_decimals() {
        assert_eq!(odds("2.5").to_string(), "2.50");
        assert_eq!(odds("2.50").to_string(), "2.50");
        assert_eq!(odds("2.5000").to_string(), "2.50");
        assert_eq!(odds("1.333").to_string(), "1.333");
        assert_eq!(odds("3").to_string(), "3.00");
        assert_eq!(odds("10000").to_string(), "10000.00");
        assert_eq!(odds("2.5"), odds("2.50"));
    }

    #[test]
    fn out_of_range_imprecise_and_malformed_odds_are_refused() {
        assert_eq!(Odds::parse("1.00"), Err(OddsError::OutOfRange));
        assert_eq!(Odds::parse("1.009"), Err(OddsError::OutOfRange));
        assert_eq!(Odds::parse("10000.01"), Err(OddsError::OutOfRange));
        assert_eq!(Odds::parse("-2.00"), Err(OddsError::OutOfRange));
        assert_eq!(Odds::parse("2.0001"), Err(OddsError::TooManyDecimals));
        for bad in [
            "", "2,50", "+2.50", " 2.50", "2.5e0", ".5", "2.", "abc", "1/2",
        ] {
            assert_eq!(Odds::parse(bad), Err(OddsError::Malformed), "{bad:?}");
        }
        assert!(serde_json::from_str::<Odds>("\"0.5\"").is_err());
        assert!(serde_json::from_str::<Odds>("2.5").is_err());
        assert_eq!(serde_json::to_string(&odds("2.5")).unwrap(), "\"2.50\"");
    }

    #[test]
    fn fractional_display_is_exact_when_simple_and_nearest_simple_otherwise() {
        let frac = |s: &str| odds(s).format(OddsFormat::Fractional);
        assert_eq!(frac("2.50"), "3/2");
        assert_eq!(frac("2.00"), "1/1");
        assert_eq!(frac("3.10"), "21/10");
        assert_eq!(frac("2.375"), "11/8");
        assert_eq!(frac("1.01"), "1/100");
        assert_eq!(frac("1.91"), "10/11");
        assert_eq!(frac("1.83"), "5/6");
        assert_eq!(frac("1.33"), "1/3");
        assert_eq!(frac("1.333"), "1/3");
        assert_eq!(frac("101"), "100/1");
        assert_eq!(frac("1.67"), "2/3");
    }

    #[test]
    fn fractional_and_american_prices_parse_to_decimal_odds() {
        assert_eq!(Odds::parse_fractional("6/4").unwrap(), odds("2.50"));
        assert_eq!(Odds::parse_fractional("10/11").unwrap(), odds("1.91"));
        assert_eq!(Odds::parse_fractional("4/6").unwrap(), odds("1.67"));
        assert_eq!(
            Odds::parse_fractional("0/1"),
            Err(OddsError::InvalidFractional)
        );
        assert_eq!(
            Odds::parse_fractional("1/0"),
            Err(OddsError::InvalidFractional)
        );
        assert_eq!(
            Odds::parse_fractional("-1/2"),
            Err(OddsError::InvalidFractional)
        );
        assert_eq!(Odds::parse_american("+150").unwrap(), odds("2.50"));
        assert_eq!(Odds::parse_american("150").unwrap(), odds("2.50"));
        assert_eq!(Odds::parse_american("-200").unwrap(), odds("1.50"));
        assert_eq!(Odds::parse_american("-110").unwrap(), odds("1.91"));
        assert_eq!(Odds::parse_american("+100").unwrap(), odds("2.00"));
        assert_eq!(Odds::parse_american("-99"), Err(OddsError::InvalidAmerican));
        assert_eq!(
            Odds::parse_american("+1.5"),
            Err(OddsError::InvalidAmerican)
        );
        assert_eq!(
            Odds::parse_in(OddsFormat::Decimal, "2.5").unwrap(),
            odds("2.50")
        );
    }

    #[test]
    fn american_display_has_a_sign_and_no_decimals() {
        let us = |s: &str| odds(s).format(OddsFormat::American);
        assert_eq!(us("2.50"), "+150");
        assert_eq!(us("1.50"), "-200");
        assert_eq!(us("2.00"), "+100");
        assert_eq!(us("1.91"), "-110");
        assert_eq!(us("1.01"), "-10000");
        assert_eq!(us("10000"), "+999900");
    }

    #[test]
    fn odds_change_policy_decides_on_the_current_price() {
        let (low, high) = (odds("1.90"), odds("2.00"));
        assert!(OddsChangePolicy::Reject.accepts(low, low));
        assert!(!OddsChangePolicy::Reject.accepts(low, high));
        assert!(OddsChangePolicy::AcceptHigher.accepts(low, high));
        assert!(!OddsChangePolicy::AcceptHigher.accepts(high, low));
        assert!(OddsChangePolicy::AcceptAny.accepts(high, low));
        assert_eq!("accept_higher".parse(), Ok(OddsChangePolicy::AcceptHigher));
    }
}
