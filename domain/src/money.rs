//! Money: currencies and their minor-unit exponents, exact amounts in integer
//! minor units, strict parsing and formatting of the decimal strings used at
//! the API edge, conversion to and from `Decimal`, and FX conversion with an
//! explicit rounding rule.
//!
//! Amounts never pass through floating point. `Money` is an `i64` of minor
//! units (cents, satoshis, yen) plus its `Currency`; all arithmetic is
//! checked and reports overflow as an error.

#![deny(missing_docs)]

use core::fmt;
use core::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// Longest decimal string accepted anywhere in the domain (amounts, odds,
/// lines); longer input is malformed, whatever it holds.
pub const MAX_NUMBER_CHARS: usize = 40;

/// Why an amount, a currency or a rate was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Not a plain decimal number (`-?digits(.digits)?`).
    #[error("amount is not a plain decimal number")]
    Malformed,
    /// More fractional digits than the currency has minor digits.
    #[error("amount has more than {max} decimals, the most {currency} allows")]
    TooManyDecimals {
        /// The currency the amount was parsed for.
        currency: Currency,
        /// Its number of minor digits.
        max: u32,
    },
    /// Zero or negative where a positive amount is needed.
    #[error("amount must be greater than zero")]
    NotPositive,
    /// Negative where zero or more is needed.
    #[error("amount must not be negative")]
    Negative,
    /// The result does not fit in `i64` minor units.
    #[error("amount is out of range")]
    Overflow,
    /// Two amounts, or an amount and a rate, in different currencies.
    #[error("currency mismatch: {left} and {right}")]
    CurrencyMismatch {
        /// The currency on the left-hand side.
        left: Currency,
        /// The currency on the right-hand side.
        right: Currency,
    },
    /// Not one of the supported ISO 4217 (or crypto) codes.
    #[error("unknown currency code")]
    UnknownCurrency,
    /// An exchange rate that is zero, negative, or not 1 between a currency
    /// and itself.
    #[error("exchange rate must be greater than zero")]
    InvalidRate,
}

/// Implements `Serialize`/`Deserialize` through `Display`/`FromStr`, so the
/// value travels as a JSON string.
macro_rules! serde_via_str {
    ($ty:ty) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                let text =
                    <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(::serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use serde_via_str;

/// Defines a fieldless enum with stable snake_case codes, `ALL`, `code()`,
/// `Display`, `FromStr` and string serde, from one table of
/// `Variant => "code"`, so the code stored, sent and parsed cannot drift
/// apart. The crate's one enum-to-string mechanism.
///
/// The parse error is either a fixed value (`Name, ErrType, ErrValue, {...}`)
/// or, with `Name, parse_error("what"), {...}`, a
/// [`crate::compliance::ParseEnumError`] naming the input and the codes
/// accepted.
macro_rules! coded_enum {
    (
        $(#[$meta:meta])*
        $name:ident, parse_error($what:literal), {
            $($(#[$vmeta:meta])* $variant:ident => $code:literal,)+
        }
    ) => {
        $crate::money::coded_enum!(@define $(#[$meta])* $name, {
            $($(#[$vmeta])* $variant => $code,)+
        });

        impl ::core::str::FromStr for $name {
            type Err = $crate::compliance::ParseEnumError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL.iter().copied().find(|k| k.code() == s).ok_or_else(|| {
                    $crate::compliance::ParseEnumError::new($what, &[$($code,)+], s)
                })
            }
        }
    };
    (
        $(#[$meta:meta])*
        $name:ident, $err_ty:ty, $err:expr, {
            $($(#[$vmeta:meta])* $variant:ident => $code:literal,)+
        }
    ) => {
        $crate::money::coded_enum!(@define $(#[$meta])* $name, {
            $($(#[$vmeta])* $variant => $code,)+
        });

        impl ::core::str::FromStr for $name {
            type Err = $err_ty;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL.iter().copied().find(|k| k.code() == s).ok_or($err)
            }
        }
    };
    (@define
        $(#[$meta:meta])*
        $name:ident, {
            $($(#[$vmeta:meta])* $variant:ident => $code:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The stable snake_case code stored and sent over the wire.
            pub const fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.code())
            }
        }

        // Rows keep codes as strings; a status compares with its code.
        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.code() == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.code() == *other
            }
        }

        $crate::money::serde_via_str!($name);

        // OpenAPI: a string, one of the codes (what serde sends).
        #[cfg(feature = "openapi")]
        impl ::utoipa::PartialSchema for $name {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                ::utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(::utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code,)+]))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl ::utoipa::ToSchema for $name {}
    };
}

pub(crate) use coded_enum;

/// A supported currency. Serialized as its code (`"EUR"`); codes are
/// case-sensitive upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Currency {
    /// Euro.
    EUR,
    /// US dollar.
    USD,
    /// Pound sterling.
    GBP,
    /// Swiss franc.
    CHF,
    /// Swedish krona.
    SEK,
    /// Norwegian krone.
    NOK,
    /// Danish krone.
    DKK,
    /// Polish złoty.
    PLN,
    /// Canadian dollar.
    CAD,
    /// Australian dollar.
    AUD,
    /// Brazilian real.
    BRL,
    /// Mexican peso.
    MXN,
    /// Indian rupee.
    INR,
    /// Japanese yen (no minor unit).
    JPY,
    /// Bitcoin (8 minor digits: satoshis).
    BTC,
}

impl Currency {
    /// Every supported currency.
    pub const ALL: [Currency; 15] = [
        Currency::EUR,
        Currency::USD,
        Currency::GBP,
        Currency::CHF,
        Currency::SEK,
        Currency::NOK,
        Currency::DKK,
        Currency::PLN,
        Currency::CAD,
        Currency::AUD,
        Currency::BRL,
        Currency::MXN,
        Currency::INR,
        Currency::JPY,
        Currency::BTC,
    ];

    /// The currency code, e.g. `"EUR"`.
    pub const fn code(self) -> &'static str {
        match self {
            Currency::EUR => "EUR",
            Currency::USD => "USD",
            Currency::GBP => "GBP",
            Currency::CHF => "CHF",
            Currency::SEK => "SEK",
            Currency::NOK => "NOK",
            Currency::DKK => "DKK",
            Currency::PLN => "PLN",
            Currency::CAD => "CAD",
            Currency::AUD => "AUD",
            Currency::BRL => "BRL",
            Currency::MXN => "MXN",
            Currency::INR => "INR",
            Currency::JPY => "JPY",
            Currency::BTC => "BTC",
        }
    }

    /// Number of minor digits: 2 for most, 0 for JPY, 8 for BTC.
    pub const fn exponent(self) -> u32 {
        match self {
            Currency::JPY => 0,
            Currency::BTC => 8,
            _ => 2,
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = MoneyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::ALL
            .iter()
            .copied()
            .find(|c| c.code() == s)
            .ok_or(MoneyError::UnknownCurrency)
    }
}

serde_via_str!(Currency);

/// A decimal string split into its parts by [`split_plain_decimal`].
pub(crate) struct PlainDecimal<'a> {
    /// A leading `-` was present.
    pub negative: bool,
    /// The digits before the point (at least one).
    pub int: &'a str,
    /// The digits after the point (empty when there is no point).
    pub frac: &'a str,
}

/// Accepts exactly `[-]digits[.digits]` (and a leading `+` when
/// `allow_plus`): no whitespace, no exponent, no `.5` or `5.`, at most
/// [`MAX_NUMBER_CHARS`] characters.
pub(crate) fn split_plain_decimal(s: &str, allow_plus: bool) -> Option<PlainDecimal<'_>> {
    if s.len() > MAX_NUMBER_CHARS {
        return None;
    }
    let (negative, body) = if let Some(rest) = s.strip_prefix('-') {
        (true, rest)
    } else if let Some(rest) = s.strip_prefix('+').filter(|_| allow_plus) {
        (false, rest)
    } else {
        (false, s)
    };
    let (int, frac) = match body.split_once('.') {
        Some((int, frac)) if !frac.is_empty() => (int, frac),
        Some(_) => return None,
        None => (body, ""),
    };
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    (!int.is_empty() && digits(int) && digits(frac)).then_some(PlainDecimal {
        negative,
        int,
        frac,
    })
}

/// Parses a plain decimal string (see [`split_plain_decimal`]) into an exact
/// `Decimal`; `None` when malformed or beyond `Decimal`'s 28 digits.
pub(crate) fn parse_plain_decimal(s: &str, allow_plus: bool) -> Option<Decimal> {
    let parts = split_plain_decimal(s, allow_plus)?;
    let body = s.strip_prefix('+').unwrap_or(s);
    let value = Decimal::from_str_exact(body).ok()?;
    // `from_str_exact` keeps every digit or fails; a sign mismatch would mean
    // it read something we did not.
    (value.is_sign_negative() == parts.negative || value.is_zero()).then_some(value)
}

/// How a non-representable amount is brought to the currency's minor unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingRule {
    /// Round half to even (banker's rounding): 0.125 → 0.12, 0.135 → 0.14.
    /// The default for FX, because it has no bias over many conversions.
    #[default]
    HalfToEven,
    /// Round half away from zero: 0.125 → 0.13, −0.125 → −0.13.
    HalfAwayFromZero,
    /// Drop the excess digits: 0.129 → 0.12, −0.129 → −0.12. Bet returns are
    /// rounded this way (returns are never negative).
    TowardZero,
    /// Toward negative infinity: −0.121 → −0.13.
    Floor,
    /// Toward positive infinity: 0.121 → 0.13.
    Ceiling,
}

impl RoundingRule {
    /// The matching `rust_decimal` strategy.
    pub const fn strategy(self) -> RoundingStrategy {
        match self {
            RoundingRule::HalfToEven => RoundingStrategy::MidpointNearestEven,
            RoundingRule::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
            RoundingRule::TowardZero => RoundingStrategy::ToZero,
            RoundingRule::Floor => RoundingStrategy::ToNegativeInfinity,
            RoundingRule::Ceiling => RoundingStrategy::ToPositiveInfinity,
        }
    }
}

/// An exact amount: integer minor units of one currency.
///
/// `Display` (and [`Money::format_amount`]) prints the bare amount with
/// exactly the currency's minor digits (`"10.00"`, `"1000"` for JPY); serde
/// uses `{"amount": "10.00", "currency": "EUR"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "MoneyRepr", into = "MoneyRepr")]
pub struct Money {
    minor: i64,
    currency: Currency,
}

/// Wire form of [`Money`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MoneyRepr {
    amount: String,
    currency: Currency,
}

impl From<Money> for MoneyRepr {
    fn from(money: Money) -> Self {
        MoneyRepr {
            amount: money.format_amount(),
            currency: money.currency,
        }
    }
}

impl TryFrom<MoneyRepr> for Money {
    type Error = MoneyError;

    fn try_from(repr: MoneyRepr) -> Result<Self, Self::Error> {
        Money::parse(&repr.amount, repr.currency)
    }
}

impl Money {
    /// An amount of `minor` minor units (cents for EUR).
    pub const fn new(minor: i64, currency: Currency) -> Self {
        Money { minor, currency }
    }

    /// Zero in `currency`.
    pub const fn zero(currency: Currency) -> Self {
        Money::new(0, currency)
    }

    /// The amount in minor units.
    pub const fn minor(self) -> i64 {
        self.minor
    }

    /// The currency.
    pub const fn currency(self) -> Currency {
        self.currency
    }

    /// Exactly zero.
    pub const fn is_zero(self) -> bool {
        self.minor == 0
    }

    /// Greater than zero.
    pub const fn is_positive(self) -> bool {
        self.minor > 0
    }

    /// Less than zero.
    pub const fn is_negative(self) -> bool {
        self.minor < 0
    }

    /// Parses an API amount for `currency`.
    ///
    /// Accepts `[-]digits[.digits]` with at most the currency's minor digits;
    /// fewer are fine (`"10"` and `"10.5"` are EUR 10.00 and 10.50). Refuses
    /// empty input, whitespace, `+`, exponents, `.5`/`5.` and overflow.
    pub fn parse(s: &str, currency: Currency) -> Result<Self, MoneyError> {
        let parts = split_plain_decimal(s, false).ok_or(MoneyError::Malformed)?;
        let exponent = currency.exponent();
        let missing = (exponent as usize).checked_sub(parts.frac.len()).ok_or(
            MoneyError::TooManyDecimals {
                currency,
                max: exponent,
            },
        )?;
        let digits = parts
            .int
            .bytes()
            .chain(parts.frac.bytes())
            .chain(core::iter::repeat_n(b'0', missing));
        // Accumulate towards the sign so that i64::MIN parses too.
        let mut minor: i64 = 0;
        for digit in digits {
            let digit = i64::from(digit.wrapping_sub(b'0'));
            let shifted = minor.checked_mul(10);
            minor = if parts.negative {
                shifted.and_then(|m| m.checked_sub(digit))
            } else {
                shifted.and_then(|m| m.checked_add(digit))
            }
            .ok_or(MoneyError::Overflow)?;
        }
        Ok(Money::new(minor, currency))
    }

    /// Like [`Money::parse`], and the amount must be greater than zero.
    pub fn parse_positive(s: &str, currency: Currency) -> Result<Self, MoneyError> {
        let money = Money::parse(s, currency)?;
        if money.is_positive() {
            Ok(money)
        } else {
            Err(MoneyError::NotPositive)
        }
    }

    /// Like [`Money::parse`], and the amount must not be negative.
    pub fn parse_non_negative(s: &str, currency: Currency) -> Result<Self, MoneyError> {
        let money = Money::parse(s, currency)?;
        if money.is_negative() {
            Err(MoneyError::Negative)
        } else {
            Ok(money)
        }
    }

    /// The amount with exactly the currency's minor digits: `"10.00"`,
    /// `"-3.50"`, `"1000"` (JPY), `"0.00000001"` (BTC).
    pub fn format_amount(self) -> String {
        let exponent = self.currency.exponent() as usize;
        let digits = self.minor.unsigned_abs().to_string();
        let sign = if self.minor < 0 { "-" } else { "" };
        if exponent == 0 {
            return format!("{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = exponent + 1);
        let (int, frac) = padded.split_at(padded.len() - exponent);
        format!("{sign}{int}.{frac}")
    }

    /// The amount in major units as an exact `Decimal` (EUR 10.50 → 10.50).
    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.minor, self.currency.exponent())
    }

    /// Major units → minor units, rounding to the currency's minor unit by
    /// `rule`.
    pub fn from_decimal(
        amount: Decimal,
        currency: Currency,
        rule: RoundingRule,
    ) -> Result<Self, MoneyError> {
        let exponent = currency.exponent();
        let rounded = amount.round_dp_with_strategy(exponent, rule.strategy());
        let shift = exponent.saturating_sub(rounded.scale());
        let minor = 10i128
            .checked_pow(shift)
            .and_then(|factor| rounded.mantissa().checked_mul(factor))
            .and_then(|m| i64::try_from(m).ok())
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(minor, currency))
    }

    fn same_currency(self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                left: self.currency,
                right: other.currency,
            })
        }
    }

    /// `self + other`; same currency only.
    pub fn checked_add(self, other: Money) -> Result<Self, MoneyError> {
        self.same_currency(other)?;
        let minor = self
            .minor
            .checked_add(other.minor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(minor, self.currency))
    }

    /// `self − other`; same currency only.
    pub fn checked_sub(self, other: Money) -> Result<Self, MoneyError> {
        self.same_currency(other)?;
        let minor = self
            .minor
            .checked_sub(other.minor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::new(minor, self.currency))
    }

    /// `−self`.
    pub fn checked_neg(self) -> Result<Self, MoneyError> {
        let minor = self.minor.checked_neg().ok_or(MoneyError::Overflow)?;
        Ok(Money::new(minor, self.currency))
    }

    /// `|self|`.
    pub fn checked_abs(self) -> Result<Self, MoneyError> {
        let minor = self.minor.checked_abs().ok_or(MoneyError::Overflow)?;
        Ok(Money::new(minor, self.currency))
    }

    /// `self × times` (e.g. unit stake × lines).
    pub fn checked_mul(self, times: i64) -> Result<Self, MoneyError> {
        let minor = self.minor.checked_mul(times).ok_or(MoneyError::Overflow)?;
        Ok(Money::new(minor, self.currency))
    }

    /// The sum of `amounts`, all in `currency` (zero when empty).
    pub fn checked_sum<I>(currency: Currency, amounts: I) -> Result<Self, MoneyError>
    where
        I: IntoIterator<Item = Money>,
    {
        amounts
            .into_iter()
            .try_fold(Money::zero(currency), Money::checked_add)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_amount())
    }
}

/// An exchange rate: one unit of `base` is worth `rate` units of `quote`
/// (ECB style: EUR→USD 1.0850 means EUR 1 = USD 1.0850).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "FxRateRepr", into = "FxRateRepr")]
pub struct FxRate {
    base: Currency,
    quote: Currency,
    rate: Decimal,
}

/// Wire form of [`FxRate`]; the rate travels as a string.
#[derive(Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FxRateRepr {
    base: Currency,
    quote: Currency,
    rate: Decimal,
}

impl From<FxRate> for FxRateRepr {
    fn from(rate: FxRate) -> Self {
        FxRateRepr {
            base: rate.base,
            quote: rate.quote,
            rate: rate.rate,
        }
    }
}

impl TryFrom<FxRateRepr> for FxRate {
    type Error = MoneyError;

    fn try_from(repr: FxRateRepr) -> Result<Self, Self::Error> {
        FxRate::new(repr.base, repr.quote, repr.rate)
    }
}

impl FxRate {
    /// A rate `base → quote`; it must be greater than zero, and exactly 1
    /// between a currency and itself.
    pub fn new(base: Currency, quote: Currency, rate: Decimal) -> Result<Self, MoneyError> {
        let valid = rate > Decimal::ZERO && (base != quote || rate == Decimal::ONE);
        if valid {
            Ok(FxRate { base, quote, rate })
        } else {
            Err(MoneyError::InvalidRate)
        }
    }

    /// The currency converted from.
    pub const fn base(&self) -> Currency {
        self.base
    }

    /// The currency converted to.
    pub const fn quote(&self) -> Currency {
        self.quote
    }

    /// Units of `quote` per unit of `base`.
    pub const fn rate(&self) -> Decimal {
        self.rate
    }

    /// The rate `quote → base` (`1 / rate`, to `Decimal`'s 28 significant
    /// digits).
    pub fn inverse(&self) -> Result<Self, MoneyError> {
        let rate = Decimal::ONE
            .checked_div(self.rate)
            .ok_or(MoneyError::Overflow)?;
        FxRate::new(self.quote, self.base, rate)
    }

    /// A cross rate through a common base: from `base → a` and `base → b`
    /// (e.g. EUR→USD and EUR→GBP) gives `a → b` = `(base→b) / (base→a)`.
    pub fn cross(base_to_from: &FxRate, base_to_to: &FxRate) -> Result<Self, MoneyError> {
        if base_to_from.base != base_to_to.base {
            return Err(MoneyError::CurrencyMismatch {
                left: base_to_from.base,
                right: base_to_to.base,
            });
        }
        let rate = base_to_to
            .rate
            .checked_div(base_to_from.rate)
            .ok_or(MoneyError::Overflow)?;
        FxRate::new(base_to_from.quote, base_to_to.quote, rate)
    }
}

/// Converts `money` into `target` with `rate`, rounding once to the target's
/// minor unit by `rule` ([`RoundingRule::HalfToEven`] unless there is a reason
/// otherwise).
///
/// The rate may be used either way round: `base → quote` multiplies,
/// `quote → base` divides (the quotient is exact to 28 significant digits
/// before rounding). Converting into the amount's own currency returns it
/// unchanged. Any other pairing is a [`MoneyError::CurrencyMismatch`].
pub fn convert(
    money: Money,
    rate: &FxRate,
    target: Currency,
    rule: RoundingRule,
) -> Result<Money, MoneyError> {
    if money.currency == target {
        return Ok(money);
    }
    let amount = money.to_decimal();
    let converted = if money.currency == rate.base && target == rate.quote {
        amount.checked_mul(rate.rate)
    } else if money.currency == rate.quote && target == rate.base {
        amount.checked_div(rate.rate)
    } else {
        return Err(MoneyError::CurrencyMismatch {
            left: money.currency,
            right: target,
        });
    };
    Money::from_decimal(converted.ok_or(MoneyError::Overflow)?, target, rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(s: &str) -> Result<Money, MoneyError> {
        Money::parse(s, Currency::EUR)
    }

    #[test]
    fn fewer_decimals_are_padded_and_more_are_refused() {
        assert_eq!(eur("10").unwrap().minor(), 1000);
        assert_eq!(eur("10.5").unwrap().minor(), 1050);
        assert_eq!(eur("10.00").unwrap().minor(), 1000);
        assert_eq!(
            eur("10.000"),
            Err(MoneyError::TooManyDecimals {
                currency: Currency::EUR,
                max: 2
            })
        );
        assert!(matches!(
            Money::parse("1000.0", Currency::JPY),
            Err(MoneyError::TooManyDecimals { .. })
        ));
    }

    #[test]
    fn anything_but_a_plain_decimal_is_malformed() {
        for bad in [
            "", "-", "+1", " 1", "1 ", "1e2", "1E2", ".5", "5.", "1.2.3", "--1", "1,00", "½",
            "0x10", "NaN", "1_000",
        ] {
            assert_eq!(eur(bad), Err(MoneyError::Malformed), "{bad:?}");
        }
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        assert_eq!(eur("92233720368547758.08"), Err(MoneyError::Overflow));
        assert_eq!(eur("92233720368547758.07").unwrap().minor(), i64::MAX);
        assert_eq!(eur("-92233720368547758.08").unwrap().minor(), i64::MIN);
        assert_eq!(eur("-92233720368547758.09"), Err(MoneyError::Overflow));
        let max = Money::new(i64::MAX, Currency::EUR);
        assert_eq!(
            max.checked_add(Money::new(1, Currency::EUR)),
            Err(MoneyError::Overflow)
        );
        assert_eq!(
            Money::new(i64::MIN, Currency::EUR).checked_neg(),
            Err(MoneyError::Overflow)
        );
        assert_eq!(max.checked_mul(2), Err(MoneyError::Overflow));
    }

    #[test]
    fn positive_and_non_negative_parsing_refuse_the_wrong_sign() {
        assert_eq!(
            Money::parse_positive("0.00", Currency::EUR),
            Err(MoneyError::NotPositive)
        );
        assert_eq!(
            Money::parse_positive("-1", Currency::EUR),
            Err(MoneyError::NotPositive)
        );
        assert_eq!(
            Money::parse_non_negative("-0.01", Currency::EUR),
            Err(MoneyError::Negative)
        );
        assert!(
            Money::parse_non_negative("0", Currency::EUR)
                .unwrap()
                .is_zero()
        );
    }

    #[test]
    fn amounts_print_exactly_the_minor_digits() {
        assert_eq!(eur("10").unwrap().to_string(), "10.00");
        assert_eq!(eur("-3.5").unwrap().to_string(), "-3.50");
        assert_eq!(eur("-0.05").unwrap().to_string(), "-0.05");
        assert_eq!(Money::new(1000, Currency::JPY).to_string(), "1000");
        assert_eq!(Money::new(1, Currency::BTC).to_string(), "0.00000001");
        assert_eq!(
            Money::new(i64::MIN, Currency::EUR).to_string(),
            "-92233720368547758.08"
        );
    }

    #[test]
    fn money_serializes_as_amount_and_currency_strings() {
        let money = eur("10").unwrap();
        let json = serde_json::to_string(&money).unwrap();
        assert_eq!(json, r#"{"amount":"10.00","currency":"EUR"}"#);
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), money);
        assert!(serde_json::from_str::<Money>(r#"{"amount":"1.001","currency":"EUR"}"#).is_err());
        assert!(serde_json::from_str::<Money>(r#"{"amount":"1","currency":"eur"}"#).is_err());
    }

    #[test]
    fn currencies_round_trip_through_their_codes() {
        for currency in Currency::ALL {
            assert_eq!(currency.code().parse::<Currency>(), Ok(currency));
        }
        assert_eq!("XXX".parse::<Currency>(), Err(MoneyError::UnknownCurrency));
        assert_eq!(Currency::JPY.exponent(), 0);
        assert_eq!(Currency::BTC.exponent(), 8);
        assert_eq!(Currency::INR.exponent(), 2);
    }

    #[test]
    fn decimals_convert_with_the_chosen_rounding() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let to = |s, rule| {
            Money::from_decimal(d(s), Currency::EUR, rule)
                .unwrap()
                .minor()
        };
        assert_eq!(to("0.125", RoundingRule::HalfToEven), 12);
        assert_eq!(to("0.135", RoundingRule::HalfToEven), 14);
        assert_eq!(to("0.125", RoundingRule::HalfAwayFromZero), 13);
        assert_eq!(to("-0.129", RoundingRule::TowardZero), -12);
        assert_eq!(to("-0.121", RoundingRule::Floor), -13);
        assert_eq!(to("0.121", RoundingRule::Ceiling), 13);
        assert_eq!(to("7", RoundingRule::HalfToEven), 700);
        assert_eq!(eur("12.34").unwrap().to_decimal(), d("12.34"));
        assert_eq!(
            Money::from_decimal(
                d("100000000000000000000"),
                Currency::EUR,
                RoundingRule::HalfToEven
            ),
            Err(MoneyError::Overflow)
        );
    }

    #[test]
    fn fx_converts_both_ways_and_crosses_through_the_base() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let eur_usd = FxRate::new(Currency::EUR, Currency::USD, d("1.0850")).unwrap();
        let eur_gbp = FxRate::new(Currency::EUR, Currency::GBP, d("0.8500")).unwrap();
        let ten = eur("10").unwrap();
        let usd = convert(ten, &eur_usd, Currency::USD, RoundingRule::HalfToEven).unwrap();
        assert_eq!(usd.to_string(), "10.85");
        let back = convert(usd, &eur_usd, Currency::EUR, RoundingRule::HalfToEven).unwrap();
        assert_eq!(back, ten);
        // 0.125 USD at 1.0 → banker's rounding keeps the even cent.
        let half = Money::new(1, Currency::EUR);
        let r = FxRate::new(Currency::EUR, Currency::USD, d("12.5")).unwrap();
        assert_eq!(
            convert(half, &r, Currency::USD, RoundingRule::HalfToEven)
                .unwrap()
                .minor(),
            12
        );
        let usd_gbp = FxRate::cross(&eur_usd, &eur_gbp).unwrap();
        assert_eq!(
            (usd_gbp.base(), usd_gbp.quote()),
            (Currency::USD, Currency::GBP)
        );
        let gbp = convert(usd, &usd_gbp, Currency::GBP, RoundingRule::HalfToEven).unwrap();
        assert_eq!(gbp.to_string(), "8.50");
        assert_eq!(eur_usd.inverse().unwrap().base(), Currency::USD);
        assert!(matches!(
            convert(ten, &eur_usd, Currency::GBP, RoundingRule::HalfToEven),
            Err(MoneyError::CurrencyMismatch { .. })
        ));
        assert_eq!(
            FxRate::new(Currency::EUR, Currency::USD, Decimal::ZERO),
            Err(MoneyError::InvalidRate)
        );
        let jpy = FxRate::new(Currency::EUR, Currency::JPY, d("161.23")).unwrap();
        assert_eq!(
            convert(ten, &jpy, Currency::JPY, RoundingRule::HalfToEven)
                .unwrap()
                .to_string(),
            "1612"
        );
    }
}
