//! The one reward model shared by campaigns, leaderboard prizes and loyalty
//! redemptions: cash, bonus money, free bets, free spins, cashback, coins
//! and loyalty points. It owns the wire form ([`RewardSpec`]), its
//! validation into typed values ([`Reward::parse`]), the way back
//! ([`Reward::to_spec`]), the face value counted against a budget, the
//! wagering contributions of bonus money and where a reward can be used.
//!
//! Amounts are `Money` in the campaign's currency, multipliers and percents
//! exact `Decimal`s; nothing here touches floating point.

#![deny(missing_docs)]

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::betting::Odds;
use crate::campaign::Vertical;
use crate::casino::SLOT_CODE;
use crate::money::{Currency, Money, MoneyError, RoundingRule, coded_enum, parse_plain_decimal};
use crate::validation::{FieldError, FieldErrors, count, join};

coded_enum! {
    /// What a reward gives.
    RewardKind, parse_error("reward kind"), {
        /// Withdrawable cash.
        Cash => "cash",
        /// Bonus money, converted to cash once wagered.
        BonusMoney => "bonus_money",
        /// A sportsbook stake paid by the house (winnings without the stake).
        FreeBet => "free_bet",
        /// Rounds of one casino game at a fixed stake.
        FreeSpins => "free_spins",
        /// A share of the net loss over a period, paid as cash.
        Cashback => "cashback",
        /// Coins for the loyalty shop.
        Coins => "coins",
        /// Loyalty points (tier progress).
        LoyaltyPoints => "loyalty_points",
    }
}

coded_enum! {
    /// The period over which cashback measures the net loss.
    CashbackPeriod, parse_error("cashback period"), {
        /// A UTC calendar day.
        Day => "day",
        /// An ISO week (Monday 00:00 UTC to the next Monday).
        Week => "week",
    }
}

/// The highest wagering multiplier accepted anywhere (jurisdictions may
/// cap lower: GB at [`crate::campaign::GB_MAX_WAGERING_MULTIPLIER`]).
pub const MAX_WAGERING_MULTIPLIER: Decimal = Decimal::from_parts(50, 0, 0, false, 0);

/// The highest percent bonus: ten times the triggering amount.
pub const MAX_BONUS_PERCENT: Decimal = Decimal::from_parts(1000, 0, 0, false, 0);

/// Most decimals of a percent or a multiplier (`"12.50"`).
pub const PERCENT_DECIMALS: u32 = 2;

/// The longest validity of a reward, in days (ten years).
pub const MAX_EXPIRES_IN_DAYS: i64 = 3650;

/// Most free-spin rounds in one reward.
pub const MAX_ROUNDS: i64 = 10_000;

/// Most coins or loyalty points in one reward (a trillion: far beyond any
/// real grant, far below overflow when balances add up).
pub const MAX_UNITS: i64 = 1_000_000_000_000;

/// Longest game code or contribution key.
const MAX_CODE_CHARS: usize = 100;

/// The wire form of a reward: a flat object, `kind` plus the fields that
/// kind uses, every decimal as a string, every count as an integer.
///
/// Only the JSON types are checked when this is deserialized (a number
/// where a string is due fails, which the server answers with 400);
/// everything else is checked by [`Reward::parse`] (422 naming the field).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RewardSpec {
    /// `cash`, `bonus_money`, `free_bet`, `free_spins`, `cashback`, `coins`
    /// or `loyalty_points` (checked by [`Reward::parse`]).
    #[serde(default)]
    pub kind: String,
    /// Fixed amount (cash, bonus money, free bet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    /// Percent of the triggering amount (bonus money) or of the net loss
    /// (cashback).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<String>,
    /// Cap of a percent bonus or of cashback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_amount: Option<String>,
    /// Times the bonus must be wagered before it converts (0–50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wagering_multiplier: Option<String>,
    /// Percent of a stake that counts towards wagering, by vertical or
    /// casino category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contributions: Option<BTreeMap<String, String>>,
    /// Shortest odds a qualifying bet may have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_odds: Option<String>,
    /// Most bonus money converted to cash; the rest is forfeited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_conversion: Option<String>,
    /// Days the reward stays usable after it is awarded.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "count::option"
    )]
    pub expires_in_days: Option<i64>,
    /// The free spins' game.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub game_code: Option<String>,
    /// Number of free spins.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "count::option"
    )]
    pub rounds: Option<i64>,
    /// Stake of each free spin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stake: Option<String>,
    /// Cashback period: `day` or `week`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Number of coins.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "count::option"
    )]
    pub coins: Option<i64>,
    /// Number of loyalty points.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "count::option"
    )]
    pub points: Option<i64>,
}

impl RewardSpec {
    /// The names of the fields present besides `kind`, in declaration order.
    fn present_fields(&self) -> Vec<&'static str> {
        [
            ("amount", self.amount.is_some()),
            ("percent", self.percent.is_some()),
            ("max_amount", self.max_amount.is_some()),
            ("wagering_multiplier", self.wagering_multiplier.is_some()),
            ("contributions", self.contributions.is_some()),
            ("min_odds", self.min_odds.is_some()),
            ("max_conversion", self.max_conversion.is_some()),
            ("expires_in_days", self.expires_in_days.is_some()),
            ("game_code", self.game_code.is_some()),
            ("rounds", self.rounds.is_some()),
            ("stake", self.stake.is_some()),
            ("period", self.period.is_some()),
            ("coins", self.coins.is_some()),
            ("points", self.points.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, present)| present.then_some(name))
        .collect()
    }
}

impl RewardKind {
    /// The fields (besides `kind`) a reward of this kind may carry.
    pub const fn fields(self) -> &'static [&'static str] {
        match self {
            RewardKind::Cash => &["amount"],
            RewardKind::BonusMoney => &[
                "amount",
                "percent",
                "max_amount",
                "wagering_multiplier",
                "contributions",
                "min_odds",
                "max_conversion",
                "expires_in_days",
            ],
            RewardKind::FreeBet => &["amount", "min_odds", "expires_in_days"],
            RewardKind::FreeSpins => &[
                "game_code",
                "rounds",
                "stake",
                "wagering_multiplier",
                "expires_in_days",
            ],
            RewardKind::Cashback => &["percent", "max_amount", "period"],
            RewardKind::Coins => &["coins"],
            RewardKind::LoyaltyPoints => &["points"],
        }
    }
}

/// How much bonus money a reward gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BonusAmount {
    /// A fixed amount.
    Fixed(Money),
    /// A percent of the triggering deposit or stake, capped.
    Percent {
        /// Percent of the triggering amount (100 doubles a deposit).
        percent: Decimal,
        /// The most it gives.
        max_amount: Money,
    },
}

/// A bonus-money reward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BonusMoney {
    /// How much.
    pub amount: BonusAmount,
    /// Times the awarded amount must be wagered (0–50).
    pub wagering_multiplier: Decimal,
    /// Share of each stake that counts towards wagering.
    pub contributions: Contributions,
    /// Bets at shorter odds do not count towards wagering.
    pub min_odds: Option<Odds>,
    /// Most converted to cash once wagered; the rest is forfeited.
    pub max_conversion: Option<Money>,
    /// Days until an unfinished bonus is forfeited.
    pub expires_in_days: Option<u32>,
}

/// A validated reward. Built by [`Reward::parse`]; [`Reward::to_spec`]
/// gives back its wire form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reward {
    /// Withdrawable cash.
    Cash {
        /// How much.
        amount: Money,
    },
    /// Bonus money.
    BonusMoney(BonusMoney),
    /// A free bet.
    FreeBet {
        /// Its stake.
        amount: Money,
        /// The shortest odds it may be placed at.
        min_odds: Option<Odds>,
        /// Days until it lapses unused.
        expires_in_days: Option<u32>,
    },
    /// Free spins on one game.
    FreeSpins {
        /// The game.
        game_code: String,
        /// How many rounds.
        rounds: u32,
        /// Stake of each round.
        stake: Money,
        /// Times the winnings must be wagered (absent: paid as cash).
        wagering_multiplier: Option<Decimal>,
        /// Days until unused spins lapse.
        expires_in_days: Option<u32>,
    },
    /// A share of the net loss over a period, paid as cash at its end.
    Cashback {
        /// Percent of the net loss (0 < percent ≤ 100).
        percent: Decimal,
        /// The most paid for one period.
        max_amount: Money,
        /// The period measured.
        period: CashbackPeriod,
    },
    /// Loyalty-shop coins.
    Coins {
        /// How many.
        coins: u64,
        /// The campaign's currency, in which the (zero) face value is stated.
        currency: Currency,
    },
    /// Loyalty points.
    LoyaltyPoints {
        /// How many.
        points: u64,
        /// The campaign's currency, in which the (zero) face value is stated.
        currency: Currency,
    },
}

/// Why a reward's face value could not be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RewardError {
    /// A percent bonus without the deposit or stake it is a percent of.
    #[error("a percent bonus needs the triggering amount")]
    MissingTriggerAmount,
    /// Money arithmetic failed (currency mismatch, overflow).
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// Where a reward can be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsableIn {
    /// Anywhere: cash, cashback, coins and points are not tied to a product.
    Anywhere,
    /// Only in these verticals (possibly none).
    Verticals(Vec<Vertical>),
}

impl UsableIn {
    /// Usable in `vertical`.
    pub fn includes(&self, vertical: Vertical) -> bool {
        match self {
            UsableIn::Anywhere => true,
            UsableIn::Verticals(verticals) => verticals.contains(&vertical),
        }
    }

    /// Restricted to products, and usable in one other than `vertical`: what
    /// makes a promotion "mixed product".
    pub fn reaches_beyond(&self, vertical: Vertical) -> bool {
        match self {
            UsableIn::Anywhere => false,
            UsableIn::Verticals(verticals) => verticals.iter().any(|v| *v != vertical),
        }
    }
}

/// The share of a stake that counts towards wagering a bonus, by vertical
/// (`sportsbook`, `casino`) or casino category (`slots`, `table`, …).
///
/// Only the operator's overrides are kept; anything not overridden has the
/// default: sportsbook 100, slots 100, every other casino category 10.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contributions {
    overrides: BTreeMap<String, Decimal>,
}

/// The casino category that counts in full by default.
const FULL_CATEGORY: &str = "slots";

/// Default contribution of a casino category other than slots.
const OTHER_CATEGORY_PERCENT: Decimal = Decimal::from_parts(10, 0, 0, false, 0);

impl Contributions {
    /// Contributions with these overrides (keys as [`Contributions::parse`]
    /// accepts them; percents between 0 and 100).
    pub fn new(overrides: BTreeMap<String, Decimal>) -> Self {
        Contributions { overrides }
    }

    /// The overrides, as given.
    pub fn overrides(&self) -> &BTreeMap<String, Decimal> {
        &self.overrides
    }

    /// Percent of a stake in `vertical` (casino: in `category`, when known)
    /// that counts towards wagering. A category's own entry wins over the
    /// `casino` entry, which wins over the defaults.
    pub fn percent_for(&self, vertical: Vertical, category: Option<&str>) -> Decimal {
        match vertical {
            Vertical::Sportsbook => self
                .overrides
                .get(Vertical::Sportsbook.code())
                .copied()
                .unwrap_or(Decimal::ONE_HUNDRED),
            Vertical::Casino => {
                if let Some(percent) = category.and_then(|c| self.overrides.get(c)) {
                    return *percent;
                }
                if let Some(percent) = self.overrides.get(Vertical::Casino.code()) {
                    return *percent;
                }
                if category == Some(FULL_CATEGORY) {
                    Decimal::ONE_HUNDRED
                } else {
                    OTHER_CATEGORY_PERCENT
                }
            }
        }
    }

    /// The verticals where some stake counts towards wagering.
    pub fn contributing_verticals(&self) -> Vec<Vertical> {
        let sportsbook = self.percent_for(Vertical::Sportsbook, None) > Decimal::ZERO;
        let vertical_codes = [Vertical::Sportsbook.code(), Vertical::Casino.code()];
        let casino = self.percent_for(Vertical::Casino, Some(FULL_CATEGORY)) > Decimal::ZERO
            || self.percent_for(Vertical::Casino, None) > Decimal::ZERO
            || self
                .overrides
                .iter()
                .any(|(key, p)| !vertical_codes.contains(&key.as_str()) && *p > Decimal::ZERO);
        [
            (Vertical::Sportsbook, sportsbook),
            (Vertical::Casino, casino),
        ]
        .into_iter()
        .filter_map(|(v, counts)| counts.then_some(v))
        .collect()
    }

    /// Validates the wire map; errors are named `path.key`.
    pub fn parse(
        map: &BTreeMap<String, String>,
        path: &str,
    ) -> Result<Contributions, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let mut overrides = BTreeMap::new();
        for (key, value) in map {
            let field = join(path, key);
            if !is_code(key) {
                errors.add(
                    &field,
                    "must be a vertical or casino category code (lower-case letters, digits, _ or -)",
                );
                continue;
            }
            let percent = parse_decimal(
                value,
                PERCENT_DECIMALS,
                Decimal::ZERO,
                true,
                Decimal::ONE_HUNDRED,
            );
            if let Some(percent) = errors.take(&field, percent) {
                overrides.insert(key.clone(), percent);
            }
        }
        errors.finish(Some(Contributions { overrides }), path)
    }
}

/// A vertical or category code: 1 to 100 lower-case ASCII letters, digits,
/// `_` or `-`.
fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_CODE_CHARS
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// A game code: 1 to 100 ASCII letters, digits, `_`, `-`, `.` or `:`
/// (provider codes are namespaced).
fn is_game_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_CODE_CHARS
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.' || b == b':')
}

/// The short name of the built-in slot (its Originals path), accepted for
/// free spins beside its full code.
pub const FREE_SPINS_SHORT_CODE: &str = "slot";

/// True when free spins may be granted on `code`: the built-in slot, the
/// only game a free spin plays (`POST /casino/originals/slot/rounds`).
pub fn is_free_spins_game(code: &str) -> bool {
    code == SLOT_CODE || code == FREE_SPINS_SHORT_CODE
}

/// Parses a plain decimal string with at most `max_decimals` decimals,
/// above `min` (or at least `min` when `min_inclusive`) and at most `max`.
pub(crate) fn parse_decimal(
    text: &str,
    max_decimals: u32,
    min: Decimal,
    min_inclusive: bool,
    max: Decimal,
) -> Result<Decimal, String> {
    let value = parse_plain_decimal(text, false)
        .ok_or_else(|| "must be a plain decimal number such as 12.5".to_owned())?;
    if value.scale() > max_decimals {
        return Err(format!("may have at most {max_decimals} decimals"));
    }
    let above_min = if min_inclusive {
        value >= min
    } else {
        value > min
    };
    if !above_min || value > max {
        let lower = if min_inclusive { "at least" } else { "above" };
        return Err(format!("must be {lower} {min} and at most {max}"));
    }
    Ok(value)
}

/// A count (JSON integer) between `min` and `max` inclusive.
fn parse_count(value: i64, min: i64, max: i64) -> Result<i64, String> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(format!("must be between {min} and {max}"))
    }
}

/// The reward's fields, read one by one with errors named `path.field`.
struct Reader<'a> {
    path: &'a str,
    currency: Currency,
    errors: FieldErrors,
}

impl Reader<'_> {
    fn field(&self, name: &str) -> String {
        join(self.path, name)
    }

    /// A required value, or "is required" on the field.
    fn required<'v, T: ?Sized>(&mut self, name: &str, value: Option<&'v T>) -> Option<&'v T> {
        if value.is_none() {
            self.errors.add(self.field(name), "is required");
        }
        value
    }

    fn money(&mut self, name: &str, text: &str) -> Option<Money> {
        let result = Money::parse_positive(text, self.currency);
        self.errors.take(&self.field(name), result)
    }

    fn required_money(&mut self, name: &str, text: Option<&String>) -> Option<Money> {
        let text = self.required(name, text)?;
        self.money(name, text)
    }

    /// `Some(None)` when absent, `Some(Some(_))` when valid, `None` when
    /// invalid (error recorded).
    fn optional_money(&mut self, name: &str, text: Option<&String>) -> Option<Option<Money>> {
        match text {
            None => Some(None),
            Some(text) => self.money(name, text).map(Some),
        }
    }

    fn decimal(
        &mut self,
        name: &str,
        text: &str,
        min: Decimal,
        min_inclusive: bool,
        max: Decimal,
    ) -> Option<Decimal> {
        let result = parse_decimal(text, PERCENT_DECIMALS, min, min_inclusive, max);
        self.errors.take(&self.field(name), result)
    }

    fn multiplier(&mut self, name: &str, text: &str) -> Option<Decimal> {
        self.decimal(name, text, Decimal::ZERO, true, MAX_WAGERING_MULTIPLIER)
    }

    fn optional_odds(&mut self, name: &str, text: Option<&String>) -> Option<Option<Odds>> {
        match text {
            None => Some(None),
            Some(text) => {
                let result = Odds::parse(text);
                self.errors.take(&self.field(name), result).map(Some)
            }
        }
    }

    fn count(&mut self, name: &str, value: i64, min: i64, max: i64) -> Option<i64> {
        let result = parse_count(value, min, max);
        self.errors.take(&self.field(name), result)
    }

    fn required_count(&mut self, name: &str, value: Option<i64>, max: i64) -> Option<i64> {
        let value = *self.required(name, value.as_ref())?;
        self.count(name, value, 1, max)
    }

    fn expires_in_days(&mut self, value: Option<i64>) -> Option<Option<u32>> {
        match value {
            None => Some(None),
            Some(days) => self
                .count("expires_in_days", days, 1, MAX_EXPIRES_IN_DAYS)
                .and_then(|d| u32::try_from(d).ok())
                .map(Some),
        }
    }
}

impl Reward {
    /// Validates a reward given in `currency`. `path` prefixes the field
    /// names of the errors (`"reward"` → `"reward.amount"`;
    /// `"variants[1].reward"` → `"variants[1].reward.wagering_multiplier"`).
    ///
    /// Every problem is reported, not just the first: an unknown kind, a
    /// field the kind does not use, a missing field, a malformed or
    /// out-of-range value, more decimals than the currency has, overflow.
    pub fn parse(
        spec: &RewardSpec,
        currency: Currency,
        path: &str,
    ) -> Result<Reward, Vec<FieldError>> {
        let mut r = Reader {
            path,
            currency,
            errors: FieldErrors::new(),
        };
        let kind = if spec.kind.is_empty() {
            r.errors.add(r.field("kind"), "is required");
            None
        } else {
            let result = spec.kind.parse::<RewardKind>();
            r.errors.take(&r.field("kind"), result)
        };
        let Some(kind) = kind else {
            return Err(r.errors.into_errors(path));
        };
        for name in spec.present_fields() {
            if !kind.fields().contains(&name) {
                r.errors
                    .add(r.field(name), format!("is not used by a {kind} reward"));
            }
        }
        let reward = match kind {
            RewardKind::Cash => r
                .required_money("amount", spec.amount.as_ref())
                .map(|amount| Reward::Cash { amount }),
            RewardKind::BonusMoney => parse_bonus_money(&mut r, spec).map(Reward::BonusMoney),
            RewardKind::FreeBet => {
                let amount = r.required_money("amount", spec.amount.as_ref());
                let min_odds = r.optional_odds("min_odds", spec.min_odds.as_ref());
                let expires_in_days = r.expires_in_days(spec.expires_in_days);
                match (amount, min_odds, expires_in_days) {
                    (Some(amount), Some(min_odds), Some(expires_in_days)) => {
                        Some(Reward::FreeBet {
                            amount,
                            min_odds,
                            expires_in_days,
                        })
                    }
                    _ => None,
                }
            }
            RewardKind::FreeSpins => parse_free_spins(&mut r, spec),
            RewardKind::Cashback => {
                let percent = r.required("percent", spec.percent.as_ref()).and_then(|p| {
                    r.decimal("percent", p, Decimal::ZERO, false, Decimal::ONE_HUNDRED)
                });
                let max_amount = r.required_money("max_amount", spec.max_amount.as_ref());
                let period = r.required("period", spec.period.as_ref()).and_then(|p| {
                    let result = p.parse::<CashbackPeriod>();
                    r.errors.take(&r.field("period"), result)
                });
                match (percent, max_amount, period) {
                    (Some(percent), Some(max_amount), Some(period)) => Some(Reward::Cashback {
                        percent,
                        max_amount,
                        period,
                    }),
                    _ => None,
                }
            }
            RewardKind::Coins => r
                .required_count("coins", spec.coins, MAX_UNITS)
                .and_then(|c| u64::try_from(c).ok())
                .map(|coins| Reward::Coins { coins, currency }),
            RewardKind::LoyaltyPoints => r
                .required_count("points", spec.points, MAX_UNITS)
                .and_then(|p| u64::try_from(p).ok())
                .map(|points| Reward::LoyaltyPoints { points, currency }),
        };
        r.errors.finish(reward, path)
    }

    /// The wire form; [`Reward::parse`] of it gives this reward back.
    /// Amounts are written with the currency's minor digits (`"10.00"`),
    /// odds with at least two decimals (`"1.50"`), percents and multipliers
    /// as given.
    pub fn to_spec(&self) -> RewardSpec {
        let money = |m: Money| Some(m.format_amount());
        let kind = self.kind().code().to_owned();
        match self {
            Reward::Cash { amount } => RewardSpec {
                kind,
                amount: money(*amount),
                ..RewardSpec::default()
            },
            Reward::BonusMoney(bonus) => {
                let (amount, percent, max_amount) = match bonus.amount {
                    BonusAmount::Fixed(amount) => (money(amount), None, None),
                    BonusAmount::Percent {
                        percent,
                        max_amount,
                    } => (None, Some(percent.to_string()), money(max_amount)),
                };
                let overrides = bonus.contributions.overrides();
                RewardSpec {
                    kind,
                    amount,
                    percent,
                    max_amount,
                    wagering_multiplier: Some(bonus.wagering_multiplier.to_string()),
                    contributions: (!overrides.is_empty()).then(|| {
                        overrides
                            .iter()
                            .map(|(k, v)| (k.clone(), v.to_string()))
                            .collect()
                    }),
                    min_odds: bonus.min_odds.map(|o| o.to_string()),
                    max_conversion: bonus.max_conversion.and_then(money),
                    expires_in_days: bonus.expires_in_days.map(i64::from),
                    ..RewardSpec::default()
                }
            }
            Reward::FreeBet {
                amount,
                min_odds,
                expires_in_days,
            } => RewardSpec {
                kind,
                amount: money(*amount),
                min_odds: min_odds.map(|o| o.to_string()),
                expires_in_days: expires_in_days.map(i64::from),
                ..RewardSpec::default()
            },
            Reward::FreeSpins {
                game_code,
                rounds,
                stake,
                wagering_multiplier,
                expires_in_days,
            } => RewardSpec {
                kind,
                game_code: Some(game_code.clone()),
                rounds: Some(i64::from(*rounds)),
                stake: money(*stake),
                wagering_multiplier: wagering_multiplier.map(|m| m.to_string()),
                expires_in_days: expires_in_days.map(i64::from),
                ..RewardSpec::default()
            },
            Reward::Cashback {
                percent,
                max_amount,
                period,
            } => RewardSpec {
                kind,
                percent: Some(percent.to_string()),
                max_amount: money(*max_amount),
                period: Some(period.code().to_owned()),
                ..RewardSpec::default()
            },
            Reward::Coins { coins, .. } => RewardSpec {
                kind,
                coins: i64::try_from(*coins).ok(),
                ..RewardSpec::default()
            },
            Reward::LoyaltyPoints { points, .. } => RewardSpec {
                kind,
                points: i64::try_from(*points).ok(),
                ..RewardSpec::default()
            },
        }
    }

    /// The reward's kind.
    pub const fn kind(&self) -> RewardKind {
        match self {
            Reward::Cash { .. } => RewardKind::Cash,
            Reward::BonusMoney(_) => RewardKind::BonusMoney,
            Reward::FreeBet { .. } => RewardKind::FreeBet,
            Reward::FreeSpins { .. } => RewardKind::FreeSpins,
            Reward::Cashback { .. } => RewardKind::Cashback,
            Reward::Coins { .. } => RewardKind::Coins,
            Reward::LoyaltyPoints { .. } => RewardKind::LoyaltyPoints,
        }
    }

    /// The currency the reward was given in.
    pub const fn currency(&self) -> Currency {
        match self {
            Reward::Cash { amount } | Reward::FreeBet { amount, .. } => amount.currency(),
            Reward::BonusMoney(BonusMoney {
                amount: BonusAmount::Fixed(amount),
                ..
            }) => amount.currency(),
            Reward::BonusMoney(BonusMoney {
                amount: BonusAmount::Percent { max_amount, .. },
                ..
            }) => max_amount.currency(),
            Reward::FreeSpins { stake, .. } => stake.currency(),
            Reward::Cashback { max_amount, .. } => max_amount.currency(),
            Reward::Coins { currency, .. } | Reward::LoyaltyPoints { currency, .. } => *currency,
        }
    }

    /// What the reward costs the house, counted against a campaign budget:
    /// the amount (cash, fixed bonus, free bet); a percent bonus resolved
    /// against `trigger_amount` (the deposit or stake), rounded down to the
    /// minor unit and capped at its `max_amount`; rounds × stake for free
    /// spins; zero for coins and points (not money) and for cashback, whose
    /// cost is only known when it is paid.
    pub fn face_value(&self, trigger_amount: Option<Money>) -> Result<Money, RewardError> {
        match self {
            Reward::Cash { amount } | Reward::FreeBet { amount, .. } => Ok(*amount),
            Reward::BonusMoney(bonus) => match bonus.amount {
                BonusAmount::Fixed(amount) => Ok(amount),
                BonusAmount::Percent {
                    percent,
                    max_amount,
                } => {
                    let trigger = trigger_amount.ok_or(RewardError::MissingTriggerAmount)?;
                    if trigger.currency() != max_amount.currency() {
                        return Err(MoneyError::CurrencyMismatch {
                            left: trigger.currency(),
                            right: max_amount.currency(),
                        }
                        .into());
                    }
                    let share = percent_of(trigger, percent)?;
                    Ok(if share.minor() > max_amount.minor() {
                        max_amount
                    } else {
                        share
                    })
                }
            },
            Reward::FreeSpins { rounds, stake, .. } => Ok(stake.checked_mul(i64::from(*rounds))?),
            Reward::Cashback { .. } | Reward::Coins { .. } | Reward::LoyaltyPoints { .. } => {
                Ok(Money::zero(self.currency()))
            }
        }
    }

    /// Where the reward can be used: a free bet in the sportsbook, free
    /// spins in the casino, bonus money wherever a stake counts towards its
    /// wagering; cash, cashback (paid as cash), coins and points anywhere.
    pub fn usable_verticals(&self) -> UsableIn {
        match self {
            Reward::FreeBet { .. } => UsableIn::Verticals(vec![Vertical::Sportsbook]),
            Reward::FreeSpins { .. } => UsableIn::Verticals(vec![Vertical::Casino]),
            Reward::BonusMoney(bonus) => {
                UsableIn::Verticals(bonus.contributions.contributing_verticals())
            }
            Reward::Cash { .. }
            | Reward::Cashback { .. }
            | Reward::Coins { .. }
            | Reward::LoyaltyPoints { .. } => UsableIn::Anywhere,
        }
    }

    /// The wagering multiplier of bonus money or free-spin winnings.
    pub fn wagering_multiplier(&self) -> Option<Decimal> {
        match self {
            Reward::BonusMoney(bonus) => Some(bonus.wagering_multiplier),
            Reward::FreeSpins {
                wagering_multiplier,
                ..
            } => *wagering_multiplier,
            _ => None,
        }
    }
}

/// `percent` % of `amount`, rounded down to the minor unit; zero for a
/// negative amount.
pub(crate) fn percent_of(amount: Money, percent: Decimal) -> Result<Money, MoneyError> {
    if !amount.is_positive() || percent <= Decimal::ZERO {
        return Ok(Money::zero(amount.currency()));
    }
    let share = amount
        .to_decimal()
        .checked_mul(percent)
        .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
        .ok_or(MoneyError::Overflow)?;
    Money::from_decimal(share, amount.currency(), RoundingRule::Floor)
}

fn parse_bonus_money(r: &mut Reader<'_>, spec: &RewardSpec) -> Option<BonusMoney> {
    let amount = match (&spec.amount, &spec.percent) {
        (Some(_), Some(_)) => {
            r.errors.add(
                r.field("percent"),
                "give either amount or percent, not both",
            );
            None
        }
        (None, None) => {
            r.errors.add(
                r.field("amount"),
                "is required (or percent with max_amount)",
            );
            None
        }
        (Some(amount), None) => {
            if spec.max_amount.is_some() {
                r.errors.add(
                    r.field("max_amount"),
                    "only caps a percent bonus; a fixed amount has no cap",
                );
            }
            r.money("amount", amount).map(BonusAmount::Fixed)
        }
        (None, Some(percent)) => {
            let percent = r.decimal("percent", percent, Decimal::ZERO, false, MAX_BONUS_PERCENT);
            let max_amount = r.required_money("max_amount", spec.max_amount.as_ref());
            percent
                .zip(max_amount)
                .map(|(percent, max_amount)| BonusAmount::Percent {
                    percent,
                    max_amount,
                })
        }
    };
    let wagering_multiplier = r
        .required("wagering_multiplier", spec.wagering_multiplier.as_ref())
        .and_then(|m| r.multiplier("wagering_multiplier", m));
    let contributions = match &spec.contributions {
        None => Some(Contributions::default()),
        Some(map) => {
            let result = Contributions::parse(map, &r.field("contributions"));
            r.errors.absorb(result)
        }
    };
    if let (Some(multiplier), Some(contributions)) = (wagering_multiplier, &contributions)
        && multiplier > Decimal::ZERO
        && contributions.contributing_verticals().is_empty()
    {
        r.errors.add(
            r.field("contributions"),
            "no stake would count towards wagering: give some vertical or category a percent above 0",
        );
    }
    let min_odds = r.optional_odds("min_odds", spec.min_odds.as_ref());
    let max_conversion = r.optional_money("max_conversion", spec.max_conversion.as_ref());
    let expires_in_days = r.expires_in_days(spec.expires_in_days);
    Some(BonusMoney {
        amount: amount?,
        wagering_multiplier: wagering_multiplier?,
        contributions: contributions?,
        min_odds: min_odds?,
        max_conversion: max_conversion?,
        expires_in_days: expires_in_days?,
    })
}

fn parse_free_spins(r: &mut Reader<'_>, spec: &RewardSpec) -> Option<Reward> {
    let game_code = r
        .required("game_code", spec.game_code.as_ref())
        .and_then(|code| {
            if !is_game_code(code) {
                r.errors.add(
                    r.field("game_code"),
                    "must be a game code of 1 to 100 letters, digits, _, -, . or :",
                );
                None
            } else if is_free_spins_game(code) {
                Some(code.clone())
            } else {
                r.errors.add(
                    r.field("game_code"),
                    format!(
                        "free spins play only the built-in slot: `{FREE_SPINS_SHORT_CODE}` or `{SLOT_CODE}`"
                    ),
                );
                None
            }
        });
    let rounds = r
        .required_count("rounds", spec.rounds, MAX_ROUNDS)
        .and_then(|n| u32::try_from(n).ok());
    let stake = r.required_money("stake", spec.stake.as_ref());
    if let (Some(rounds), Some(stake)) = (rounds, stake)
        && stake.checked_mul(i64::from(rounds)).is_err()
    {
        r.errors
            .add(r.field("stake"), "rounds × stake is out of range");
    }
    let wagering_multiplier = match &spec.wagering_multiplier {
        None => Some(None),
        Some(m) => r.multiplier("wagering_multiplier", m).map(Some),
    };
    let expires_in_days = r.expires_in_days(spec.expires_in_days);
    Some(Reward::FreeSpins {
        game_code: game_code?,
        rounds: rounds?,
        stake: stake?,
        wagering_multiplier: wagering_multiplier?,
        expires_in_days: expires_in_days?,
    })
}

#[cfg(test)]
mod tests;
