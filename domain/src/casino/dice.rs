//! Dice: a roll of 0.00–99.99 (10 000 equally likely outcomes) and a bet that
//! it lands under or over a target the player picks.
//!
//! A round draws exactly one value, `below(10000)`, from the fair stream; the
//! roll is that number of hundredths (`5731` is 57.31). Under `t` wins when
//! `roll < t`, over `t` when `roll > t`, so the winning outcomes `w` are `t`
//! and `9999 − t` in hundredths. The chance to win must be 1 %–98 %
//! (`100 ≤ w ≤ 9800`). The multiplier is `(1 − 1 %) × 10000 / w` truncated
//! to 4 decimals, i.e. `⌊99 000 000 / w⌋ / 10 000`, so the exact RTP of a
//! bet is `w × ⌊99 000 000 / w⌋ / 10⁸`: at most 0.99 and at least 0.989 902.
//! A win pays `stake × multiplier` rounded down to the minor unit (which
//! costs the player less than one minor unit per win on top of that RTP).

use core::fmt;
use core::num::NonZeroU32;
use core::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{CasinoError, FairStream, Ratio};
use crate::money::{Money, MoneyError, coded_enum, serde_via_str};

/// Equally likely rolls: 0.00 to 99.99.
pub const DICE_OUTCOMES: u32 = 10_000;

/// The house edge built into every multiplier: 1 %.
pub const DICE_HOUSE_EDGE: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

/// Fewest winning outcomes a bet may have (a 1 % chance).
pub const MIN_WINNING_OUTCOMES: u32 = 100;

/// Most winning outcomes a bet may have (a 98 % chance).
pub const MAX_WINNING_OUTCOMES: u32 = 9_800;

/// `(1 − house edge) × 10000 × 10⁴`: the multiplier in ten-thousandths is
/// this divided by the winning outcomes, rounded down.
const MULTIPLIER_NUMERATOR: u32 = 99_000_000;

coded_enum! {
    /// Which side of the target wins.
    DiceDirection, CasinoError, CasinoError::UnknownCode, {
        /// The roll must be below the target.
        Under => "under",
        /// The roll must be above the target.
        Over => "over",
    }
}

/// Hundredths 0–9999 from a decimal with at most 2 decimals in 0–99.99.
fn hundredths(value: Decimal) -> Option<u16> {
    let value = value.normalize();
    if value.is_sign_negative() || value.scale() > 2 {
        return None;
    }
    let scaled = value
        .mantissa()
        .checked_mul(10i128.pow(2 - value.scale()))?;
    u16::try_from(scaled)
        .ok()
        .filter(|&h| u32::from(h) < DICE_OUTCOMES)
}

/// A roll, 0.00–99.99, kept as hundredths. Shown and serialized as
/// `"57.31"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DiceRoll(u16);

impl DiceRoll {
    /// The roll of `hundredths` (0–9999).
    pub const fn new(hundredths: u16) -> Result<Self, CasinoError> {
        if (hundredths as u32) < DICE_OUTCOMES {
            Ok(DiceRoll(hundredths))
        } else {
            Err(CasinoError::InvalidRoll)
        }
    }

    /// The roll in hundredths, 0–9999.
    pub const fn hundredths(self) -> u16 {
        self.0
    }

    /// The roll as a decimal, 0.00–99.99.
    pub fn value(self) -> Decimal {
        Decimal::new(i64::from(self.0), 2)
    }
}

impl fmt::Display for DiceRoll {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

impl FromStr for DiceRoll {
    type Err = CasinoError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parsed = crate::money::parse_plain_decimal(s, false).ok_or(CasinoError::InvalidRoll)?;
        hundredths(parsed)
            .map(DiceRoll)
            .ok_or(CasinoError::InvalidRoll)
    }
}

serde_via_str!(DiceRoll);

/// A checked dice bet: a direction and a target with at most 2 decimals
/// whose chance to win is 1 %–98 %. JSON: `{"direction": "under",
/// "target": "49.50"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "DiceBetRepr", into = "DiceBetRepr")]
pub struct DiceBet {
    direction: DiceDirection,
    /// Hundredths, 0–9999.
    target: u16,
}

/// Wire form of [`DiceBet`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DiceBetRepr {
    direction: DiceDirection,
    target: Decimal,
}

impl From<DiceBet> for DiceBetRepr {
    fn from(bet: DiceBet) -> Self {
        DiceBetRepr {
            direction: bet.direction,
            target: bet.target(),
        }
    }
}

impl TryFrom<DiceBetRepr> for DiceBet {
    type Error = CasinoError;

    fn try_from(repr: DiceBetRepr) -> Result<Self, Self::Error> {
        DiceBet::new(repr.direction, repr.target)
    }
}

impl DiceBet {
    /// Checks a bet: the target has at most 2 decimals and lies in
    /// 0–99.99, and the chance to win is 1 %–98 %.
    pub fn new(direction: DiceDirection, target: Decimal) -> Result<Self, CasinoError> {
        let target = hundredths(target).ok_or(CasinoError::InvalidDiceTarget)?;
        let bet = DiceBet { direction, target };
        let winning = bet.winning_outcomes();
        if (MIN_WINNING_OUTCOMES..=MAX_WINNING_OUTCOMES).contains(&winning) {
            Ok(bet)
        } else {
            Err(CasinoError::WinChanceOutOfRange)
        }
    }

    /// Under or over.
    pub const fn direction(self) -> DiceDirection {
        self.direction
    }

    /// The target, 0.00–99.99.
    pub fn target(self) -> Decimal {
        Decimal::new(i64::from(self.target), 2)
    }

    /// How many of the 10 000 rolls win.
    pub const fn winning_outcomes(self) -> u32 {
        match self.direction {
            DiceDirection::Under => self.target as u32,
            DiceDirection::Over => DICE_OUTCOMES - 1 - self.target as u32,
        }
    }

    /// The chance to win in per cent, e.g. `49.50`.
    pub fn win_chance_percent(self) -> Decimal {
        Decimal::new(i64::from(self.winning_outcomes()), 2)
    }

    /// The multiplier in ten-thousandths: `⌊99 000 000 / w⌋`.
    const fn multiplier_ten_thousandths(self) -> u32 {
        // w ≥ 100 by construction; max(1) keeps this total.
        let winning = self.winning_outcomes();
        let winning = if winning == 0 { 1 } else { winning };
        MULTIPLIER_NUMERATOR / winning
    }

    /// What a win returns per unit staked, stake included:
    /// `0.99 × 10000 / w` truncated to 4 decimals (49.50 % → 2.0000).
    pub fn multiplier(self) -> Decimal {
        Decimal::new(i64::from(self.multiplier_ten_thousandths()), 4)
    }

    /// Whether `roll` wins this bet.
    pub const fn wins(self, roll: DiceRoll) -> bool {
        match self.direction {
            DiceDirection::Under => roll.0 < self.target,
            DiceDirection::Over => roll.0 > self.target,
        }
    }

    /// The exact RTP: `w × ⌊99 000 000 / w⌋ / 10⁸`.
    pub fn rtp(self) -> Ratio {
        let paid =
            u128::from(self.winning_outcomes()) * u128::from(self.multiplier_ten_thousandths());
        Ratio::new(paid, 100_000_000).unwrap_or(Ratio::ZERO)
    }

    /// What `stake` returns on a win: `stake × multiplier`, rounded down to
    /// the minor unit.
    fn payout_on_win(self, stake: Money) -> Result<Money, CasinoError> {
        let product =
            i128::from(stake.minor()) * i128::from(self.multiplier_ten_thousandths()) / 10_000;
        let minor = i64::try_from(product).map_err(|_| MoneyError::Overflow)?;
        Ok(Money::new(minor, stake.currency()))
    }
}

/// The lowest exact RTP of any allowed dice bet (the catalog shows this; the
/// highest is 0.99 exactly).
pub fn dice_min_rtp() -> Ratio {
    (MIN_WINNING_OUTCOMES..=MAX_WINNING_OUTCOMES)
        .map(|w| u128::from(w) * u128::from(MULTIPLIER_NUMERATOR / w))
        .min()
        .and_then(|paid| Ratio::new(paid, 100_000_000).ok())
        .unwrap_or(Ratio::ZERO)
}

/// A settled dice round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiceRound {
    /// The bet.
    pub bet: DiceBet,
    /// The roll.
    pub roll: DiceRoll,
    /// Whether the roll won.
    pub won: bool,
    /// The bet's multiplier.
    pub multiplier: Decimal,
    /// The stake.
    pub stake: Money,
    /// What the round returns, stake included: `stake × multiplier` rounded
    /// down to the minor unit, or zero.
    pub payout: Money,
}

/// Settles `bet` for `roll`; the stake must be positive.
pub fn settle_dice(roll: DiceRoll, bet: DiceBet, stake: Money) -> Result<DiceRound, CasinoError> {
    if !stake.is_positive() {
        return Err(CasinoError::StakeNotPositive);
    }
    let won = bet.wins(roll);
    let payout = if won {
        bet.payout_on_win(stake)?
    } else {
        Money::zero(stake.currency())
    };
    Ok(DiceRound {
        bet,
        roll,
        won,
        multiplier: bet.multiplier(),
        stake,
        payout,
    })
}

/// Plays a round: checks the stake (and that a win would fit), draws the
/// roll as `stream.below(10000)` (the round's only draw) and settles.
pub fn roll_dice(
    stream: &mut FairStream,
    bet: DiceBet,
    stake: Money,
) -> Result<DiceRound, CasinoError> {
    if !stake.is_positive() {
        return Err(CasinoError::StakeNotPositive);
    }
    bet.payout_on_win(stake)?;
    let outcomes = NonZeroU32::new(DICE_OUTCOMES).ok_or(CasinoError::InvalidRoll)?;
    let drawn = stream.below(outcomes);
    let roll = u16::try_from(drawn)
        .map_err(|_| CasinoError::InvalidRoll)
        .and_then(DiceRoll::new)?;
    settle_dice(roll, bet, stake)
}
