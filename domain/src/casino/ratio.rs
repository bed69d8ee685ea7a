//! Exact non-negative fractions for return-to-player figures: 36/37 has no
//! finite decimal form, so RTPs are computed and compared as fractions and
//! only turned into a `Decimal` for display.

use core::fmt;
use core::str::FromStr;

use rust_decimal::Decimal;

use super::CasinoError;
use crate::money::serde_via_str;

/// A non-negative fraction `numerator / denominator` in lowest terms
/// (so `==` compares values). Serialized as the string `"36/37"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ratio {
    numerator: u128,
    denominator: u128,
}

const fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        let r = a % b;
        a = b;
        b = r;
    }
    a
}

impl Ratio {
    /// Zero.
    pub const ZERO: Ratio = Ratio {
        numerator: 0,
        denominator: 1,
    };

    /// One.
    pub const ONE: Ratio = Ratio {
        numerator: 1,
        denominator: 1,
    };

    /// `numerator / denominator` in lowest terms; the denominator must not be
    /// zero.
    pub const fn new(numerator: u128, denominator: u128) -> Result<Self, CasinoError> {
        if denominator == 0 {
            return Err(CasinoError::InvalidRatio);
        }
        let g = gcd(numerator, denominator);
        Ok(Ratio {
            numerator: numerator / g,
            denominator: denominator / g,
        })
    }

    /// The numerator in lowest terms.
    pub const fn numerator(self) -> u128 {
        self.numerator
    }

    /// The denominator in lowest terms (at least 1).
    pub const fn denominator(self) -> u128 {
        self.denominator
    }

    /// The value as a `Decimal`, exact when it has a finite decimal form of at
    /// most 28 significant digits and otherwise rounded in its last digit
    /// (`Decimal` division). A fraction whose terms do not fit 96 bits is first reduced in
    /// precision by dropping low bits of both terms (never the case for the
    /// RTPs of this module).
    pub fn to_decimal(self) -> Decimal {
        let (mut n, mut d) = (self.numerator, self.denominator);
        // Decimal mantissas hold 96 bits.
        while n >= 1 << 96 || d >= 1 << 96 {
            n >>= 1;
            d >>= 1;
        }
        let (Ok(n), Ok(d)) = (i128::try_from(n), i128::try_from(d.max(1))) else {
            return Decimal::ZERO;
        };
        Decimal::from_i128_with_scale(n, 0)
            .checked_div(Decimal::from_i128_with_scale(d, 0))
            .unwrap_or(Decimal::ZERO)
    }

    /// `self + other`, or `None` when a term overflows `u128`.
    pub fn checked_add(self, other: Ratio) -> Option<Ratio> {
        let g = gcd(self.denominator, other.denominator);
        let left = self.numerator.checked_mul(other.denominator / g)?;
        let right = other.numerator.checked_mul(self.denominator / g)?;
        let denominator = (self.denominator / g).checked_mul(other.denominator)?;
        Ratio::new(left.checked_add(right)?, denominator).ok()
    }

    /// `self × other`, or `None` when a term overflows `u128`.
    pub fn checked_mul(self, other: Ratio) -> Option<Ratio> {
        let g1 = gcd(self.numerator, other.denominator).max(1);
        let g2 = gcd(other.numerator, self.denominator).max(1);
        let numerator = (self.numerator / g1).checked_mul(other.numerator / g2)?;
        let denominator = (self.denominator / g2).checked_mul(other.denominator / g1)?;
        Ratio::new(numerator, denominator).ok()
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        let left = self.numerator.checked_mul(other.denominator)?;
        let right = other.numerator.checked_mul(self.denominator)?;
        Some(left.cmp(&right))
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.numerator, self.denominator)
    }
}

impl FromStr for Ratio {
    type Err = CasinoError;

    /// Parses `"a/b"` with decimal digits only.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (n, d) = s.split_once('/').ok_or(CasinoError::InvalidRatio)?;
        let digits =
            |t: &str| !t.is_empty() && t.len() <= 39 && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(n) || !digits(d) {
            return Err(CasinoError::InvalidRatio);
        }
        let n = n.parse().map_err(|_| CasinoError::InvalidRatio)?;
        let d = d.parse().map_err(|_| CasinoError::InvalidRatio)?;
        Ratio::new(n, d)
    }
}

serde_via_str!(Ratio);
