//! European roulette: 37 pockets 0–36 with their real colours, the inside and
//! outside bets of the single-zero layout, their payouts, and the settlement
//! of a spin.
//!
//! A round draws exactly one value, `below(37)`, from the fair stream: the
//! winning pocket. Each bet returns `stake × (payout + 1)` when its numbers
//! include the pocket and nothing otherwise (zero loses every outside bet; no
//! *la partage*). Every bet covering `k` numbers pays `36/k − 1` to one, so
//! its RTP is `k/37 × 36/k = 36/37` exactly.

use core::num::NonZeroU32;

use serde::{Deserialize, Serialize};

use super::{CasinoError, FairStream, Ratio};
use crate::money::{Money, coded_enum};

/// Pockets on the wheel: 0 to 36.
pub const POCKETS: u8 = 37;

/// Most bets in one round.
pub const MAX_ROULETTE_BETS: usize = 100;

/// The red numbers of the European wheel; 0 is green, the rest black.
const RED: [u8; 18] = [
    1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36,
];

coded_enum! {
    /// A pocket's colour.
    Colour, CasinoError, CasinoError::UnknownCode, {
        /// Zero.
        Green => "green",
        /// The 18 red numbers.
        Red => "red",
        /// The 18 black numbers.
        Black => "black",
    }
}

/// A pocket of the wheel, 0–36. Serialized as the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Pocket(u8);

impl Pocket {
    /// Validates a pocket number.
    pub const fn new(number: u8) -> Result<Self, CasinoError> {
        if number < POCKETS {
            Ok(Pocket(number))
        } else {
            Err(CasinoError::InvalidPocket)
        }
    }

    /// The number, 0–36.
    pub const fn number(self) -> u8 {
        self.0
    }

    /// The pocket's colour.
    pub fn colour(self) -> Colour {
        if self.0 == 0 {
            Colour::Green
        } else if RED.contains(&self.0) {
            Colour::Red
        } else {
            Colour::Black
        }
    }

    /// Every pocket, 0 to 36.
    pub fn all() -> impl Iterator<Item = Pocket> {
        (0..POCKETS).map(Pocket)
    }
}

impl TryFrom<u8> for Pocket {
    type Error = CasinoError;

    fn try_from(number: u8) -> Result<Self, Self::Error> {
        Pocket::new(number)
    }
}

impl From<Pocket> for u8 {
    fn from(pocket: Pocket) -> Self {
        pocket.0
    }
}

coded_enum! {
    /// The kinds of bet on the European layout.
    RouletteBetKind, CasinoError, CasinoError::UnknownCode, {
        /// One number, 35 to 1.
        Straight => "straight",
        /// Two adjacent numbers (or 0 with 1, 2 or 3), 17 to 1.
        Split => "split",
        /// A row of three (or the trios 0-1-2, 0-2-3), 11 to 1.
        Street => "street",
        /// Four numbers meeting at a corner (or 0-1-2-3), 8 to 1.
        Corner => "corner",
        /// Two adjacent rows, 5 to 1.
        SixLine => "six_line",
        /// One of the three columns, 2 to 1.
        Column => "column",
        /// 1–12, 13–24 or 25–36, 2 to 1.
        Dozen => "dozen",
        /// The red numbers, 1 to 1.
        Red => "red",
        /// The black numbers, 1 to 1.
        Black => "black",
        /// Even numbers (not 0), 1 to 1.
        Even => "even",
        /// Odd numbers, 1 to 1.
        Odd => "odd",
        /// 1–18, 1 to 1.
        Low => "low",
        /// 19–36, 1 to 1.
        High => "high",
    }
}

impl RouletteBetKind {
    /// What a winning bet pays to one (the win on top of the stake).
    pub const fn payout_to_one(self) -> u32 {
        match self {
            RouletteBetKind::Straight => 35,
            RouletteBetKind::Split => 17,
            RouletteBetKind::Street => 11,
            RouletteBetKind::Corner => 8,
            RouletteBetKind::SixLine => 5,
            RouletteBetKind::Column | RouletteBetKind::Dozen => 2,
            RouletteBetKind::Red
            | RouletteBetKind::Black
            | RouletteBetKind::Even
            | RouletteBetKind::Odd
            | RouletteBetKind::Low
            | RouletteBetKind::High => 1,
        }
    }
}

/// A bet as the player states it, not yet checked against the layout; turn
/// it into a [`RouletteBet`] with [`RouletteBet::new`]. JSON:
/// `{"kind": "split", "numbers": [17, 20]}`, `{"kind": "column", "column": 2}`,
/// `{"kind": "red"}`. Numbers may come in any order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RouletteBetSpec {
    /// One number 0–36.
    Straight {
        /// The number.
        number: u8,
    },
    /// Two numbers side by side or one above the other on the layout, or 0
    /// with 1, 2 or 3.
    Split {
        /// The two numbers.
        numbers: [u8; 2],
    },
    /// A row `n, n+1, n+2` with `n = 1, 4, …, 34`, or 0-1-2 or 0-2-3.
    Street {
        /// The three numbers.
        numbers: [u8; 3],
    },
    /// `n, n+1, n+3, n+4` with `n` not in the third column and `n ≤ 32`, or
    /// 0-1-2-3.
    Corner {
        /// The four numbers.
        numbers: [u8; 4],
    },
    /// Two adjacent rows `n … n+5` with `n = 1, 4, …, 31`.
    SixLine {
        /// The six numbers.
        numbers: [u8; 6],
    },
    /// Column 1 (1, 4, …, 34), 2 (2, 5, …, 35) or 3 (3, 6, …, 36).
    Column {
        /// 1, 2 or 3.
        column: u8,
    },
    /// Dozen 1 (1–12), 2 (13–24) or 3 (25–36).
    Dozen {
        /// 1, 2 or 3.
        dozen: u8,
    },
    /// The red numbers.
    Red,
    /// The black numbers.
    Black,
    /// The even numbers 2–36.
    Even,
    /// The odd numbers 1–35.
    Odd,
    /// 1–18.
    Low,
    /// 19–36.
    High,
}

impl RouletteBetSpec {
    /// The kind of bet.
    pub const fn kind(&self) -> RouletteBetKind {
        match self {
            RouletteBetSpec::Straight { .. } => RouletteBetKind::Straight,
            RouletteBetSpec::Split { .. } => RouletteBetKind::Split,
            RouletteBetSpec::Street { .. } => RouletteBetKind::Street,
            RouletteBetSpec::Corner { .. } => RouletteBetKind::Corner,
            RouletteBetSpec::SixLine { .. } => RouletteBetKind::SixLine,
            RouletteBetSpec::Column { .. } => RouletteBetKind::Column,
            RouletteBetSpec::Dozen { .. } => RouletteBetKind::Dozen,
            RouletteBetSpec::Red => RouletteBetKind::Red,
            RouletteBetSpec::Black => RouletteBetKind::Black,
            RouletteBetSpec::Even => RouletteBetKind::Even,
            RouletteBetSpec::Odd => RouletteBetKind::Odd,
            RouletteBetSpec::Low => RouletteBetKind::Low,
            RouletteBetSpec::High => RouletteBetKind::High,
        }
    }
}

/// A bet checked against the layout, with the set of numbers it covers.
/// Serialized as its [`RouletteBetSpec`] (numbers in ascending order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RouletteBetSpec", into = "RouletteBetSpec")]
pub struct RouletteBet {
    spec: RouletteBetSpec,
    /// Bit `n` set when the bet covers number `n`.
    covered: u64,
}

fn mask<I: IntoIterator<Item = u8>>(numbers: I) -> u64 {
    numbers.into_iter().fold(0, |m, n| m | (1u64 << n))
}

/// Sorts `numbers` and checks they are distinct pockets.
fn sorted_pockets<const N: usize>(mut numbers: [u8; N]) -> Option<[u8; N]> {
    numbers.sort_unstable();
    let in_range = numbers.iter().all(|&n| n < POCKETS);
    let distinct = numbers.windows(2).all(|w| w[0] != w[1]);
    (in_range && distinct).then_some(numbers)
}

/// Whether sorted `[a, b]` are neighbours on the layout: same row and next
/// column, same column and next row, or 0 with 1, 2 or 3.
fn is_split([a, b]: [u8; 2]) -> bool {
    if a == 0 {
        return (1..=3).contains(&b);
    }
    (b == a + 1 && a % 3 != 0) || b == a + 3
}

fn is_street([a, b, c]: [u8; 3]) -> bool {
    let row = a >= 1 && a % 3 == 1 && b == a + 1 && c == a + 2;
    row || [a, b, c] == [0, 1, 2] || [a, b, c] == [0, 2, 3]
}

fn is_corner([a, b, c, d]: [u8; 4]) -> bool {
    let square = a >= 1 && a % 3 != 0 && b == a + 1 && c == a + 3 && d == a + 4 && d <= 36;
    square || [a, b, c, d] == [0, 1, 2, 3]
}

fn is_six_line(numbers: [u8; 6]) -> bool {
    let a = numbers[0];
    a >= 1 && a % 3 == 1 && a <= 31 && numbers.iter().zip(a..).all(|(&n, m)| n == m)
}

impl RouletteBet {
    /// Checks a bet against the layout.
    pub fn new(spec: RouletteBetSpec) -> Result<Self, CasinoError> {
        let kind = spec.kind();
        let invalid = CasinoError::InvalidRouletteBet { kind };
        let (spec, covered) = match spec {
            RouletteBetSpec::Straight { number } => {
                let pocket = Pocket::new(number).map_err(|_| invalid)?;
                (spec, mask([pocket.number()]))
            }
            RouletteBetSpec::Split { numbers } => {
                let numbers = sorted_pockets(numbers)
                    .filter(|&n| is_split(n))
                    .ok_or(invalid)?;
                (RouletteBetSpec::Split { numbers }, mask(numbers))
            }
            RouletteBetSpec::Street { numbers } => {
                let numbers = sorted_pockets(numbers)
                    .filter(|&n| is_street(n))
                    .ok_or(invalid)?;
                (RouletteBetSpec::Street { numbers }, mask(numbers))
            }
            RouletteBetSpec::Corner { numbers } => {
                let numbers = sorted_pockets(numbers)
                    .filter(|&n| is_corner(n))
                    .ok_or(invalid)?;
                (RouletteBetSpec::Corner { numbers }, mask(numbers))
            }
            RouletteBetSpec::SixLine { numbers } => {
                let numbers = sorted_pockets(numbers)
                    .filter(|&n| is_six_line(n))
                    .ok_or(invalid)?;
                (RouletteBetSpec::SixLine { numbers }, mask(numbers))
            }
            RouletteBetSpec::Column { column } => {
                if !(1..=3).contains(&column) {
                    return Err(invalid);
                }
                (spec, mask((1..=36).filter(|n| n % 3 == column % 3)))
            }
            RouletteBetSpec::Dozen { dozen } => {
                if !(1..=3).contains(&dozen) {
                    return Err(invalid);
                }
                (spec, mask(12 * (dozen - 1) + 1..=12 * dozen))
            }
            RouletteBetSpec::Red => (spec, mask(RED)),
            RouletteBetSpec::Black => (spec, mask(1..=36) & !mask(RED)),
            RouletteBetSpec::Even => (spec, mask((1..=36).filter(|n| n % 2 == 0))),
            RouletteBetSpec::Odd => (spec, mask((1..=36).filter(|n| n % 2 == 1))),
            RouletteBetSpec::Low => (spec, mask(1..=18)),
            RouletteBetSpec::High => (spec, mask(19..=36)),
        };
        Ok(RouletteBet { spec, covered })
    }

    /// The bet as stated (inside numbers in ascending order).
    pub const fn spec(&self) -> &RouletteBetSpec {
        &self.spec
    }

    /// The kind of bet.
    pub const fn kind(&self) -> RouletteBetKind {
        self.spec.kind()
    }

    /// Whether the bet wins when the ball lands in `pocket`.
    pub const fn covers(&self, pocket: Pocket) -> bool {
        self.covered & (1 << pocket.0) != 0
    }

    /// The numbers the bet covers, ascending.
    pub fn numbers(&self) -> Vec<u8> {
        (0..POCKETS)
            .filter(|&n| self.covered & (1 << n) != 0)
            .collect()
    }

    /// What the bet pays to one.
    pub const fn payout_to_one(&self) -> u32 {
        self.kind().payout_to_one()
    }
}

impl TryFrom<RouletteBetSpec> for RouletteBet {
    type Error = CasinoError;

    fn try_from(spec: RouletteBetSpec) -> Result<Self, Self::Error> {
        RouletteBet::new(spec)
    }
}

impl From<RouletteBet> for RouletteBetSpec {
    fn from(bet: RouletteBet) -> Self {
        bet.spec
    }
}

/// The exact RTP of a bet: `(payout + 1) × covered / 37`, which is 36/37
/// for every bet on the layout.
pub fn roulette_rtp(bet: &RouletteBet) -> Ratio {
    let covered = u128::from(bet.covered.count_ones());
    let paid = u128::from(bet.payout_to_one()) + 1;
    Ratio::new(paid * covered, u128::from(POCKETS)).unwrap_or(Ratio::ZERO)
}

/// One bet of a round and its stake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouletteWager {
    /// The bet.
    pub bet: RouletteBet,
    /// The stake, greater than zero.
    pub stake: Money,
}

/// How one bet of a round settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouletteBetResult {
    /// The bet.
    pub bet: RouletteBet,
    /// Its stake.
    pub stake: Money,
    /// Whether the pocket was one of its numbers.
    pub won: bool,
    /// What the bet returns, stake included: `stake × (payout + 1)` or zero.
    pub payout: Money,
}

/// A settled roulette round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouletteRound {
    /// Where the ball landed.
    pub pocket: Pocket,
    /// The pocket's colour.
    pub colour: Colour,
    /// Each bet's result, in the order the bets were given.
    pub results: Vec<RouletteBetResult>,
    /// The sum of the stakes.
    pub total_stake: Money,
    /// The sum of the payouts.
    pub total_payout: Money,
}

/// Checks the wagers and returns their total stake. Also checks that the
/// sum of every bet's winning payout fits, so no pocket can overflow.
fn check_wagers(wagers: &[RouletteWager]) -> Result<Money, CasinoError> {
    let first = wagers.first().ok_or(CasinoError::NoBets)?;
    if wagers.len() > MAX_ROULETTE_BETS {
        return Err(CasinoError::TooManyBets);
    }
    let currency = first.stake.currency();
    let mut total_stake = Money::zero(currency);
    let mut most_payout = Money::zero(currency);
    for wager in wagers {
        if !wager.stake.is_positive() {
            return Err(CasinoError::StakeNotPositive);
        }
        total_stake = total_stake.checked_add(wager.stake)?;
        let payout = wager
            .stake
            .checked_mul(i64::from(wager.bet.payout_to_one()) + 1)?;
        most_payout = most_payout.checked_add(payout)?;
    }
    Ok(total_stake)
}

/// Settles `wagers` for a ball in `pocket`. Needs 1 to
/// [`MAX_ROULETTE_BETS`] wagers, each stake positive, all in one currency.
pub fn settle_roulette(
    pocket: Pocket,
    wagers: &[RouletteWager],
) -> Result<RouletteRound, CasinoError> {
    let total_stake = check_wagers(wagers)?;
    let currency = total_stake.currency();
    let mut results = Vec::with_capacity(wagers.len());
    let mut total_payout = Money::zero(currency);
    for wager in wagers {
        let won = wager.bet.covers(pocket);
        let payout = if won {
            wager
                .stake
                .checked_mul(i64::from(wager.bet.payout_to_one()) + 1)?
        } else {
            Money::zero(currency)
        };
        total_payout = total_payout.checked_add(payout)?;
        results.push(RouletteBetResult {
            bet: wager.bet,
            stake: wager.stake,
            won,
            payout,
        });
    }
    Ok(RouletteRound {
        pocket,
        colour: pocket.colour(),
        results,
        total_stake,
        total_payout,
    })
}

/// Plays a round: checks the wagers, draws the pocket as
/// `stream.below(37)` (the round's only draw) and settles.
pub fn spin_roulette(
    stream: &mut FairStream,
    wagers: &[RouletteWager],
) -> Result<RouletteRound, CasinoError> {
    // Refuse bad wagers before touching the stream.
    check_wagers(wagers)?;
    let pockets = NonZeroU32::new(u32::from(POCKETS)).ok_or(CasinoError::InvalidPocket)?;
    let drawn = stream.below(pockets);
    let pocket = u8::try_from(drawn)
        .map_err(|_| CasinoError::InvalidPocket)
        .and_then(Pocket::new)?;
    settle_roulette(pocket, wagers)
}
