//! "Emerald Nights", a 5-reel, 3-row, 20-line video slot with a free-spins
//! feature, and its exact RTP.
//!
//! # Rules
//!
//! - **Reels.** Five strips of 30 symbols ([`REELS`]): nine regular symbols,
//!   a wild and a scatter (the full moon). A stop `s` shows the strip's
//!   symbols `s, s+1, s+2` (wrapping round) in rows 0 (top) to 2 (bottom).
//! - **Stake.** The total stake must be a positive multiple of 20 minor
//!   units; the line bet is a twentieth of it. Line wins are whole multiples
//!   of the line bet and scatter wins whole multiples of the stake, so every
//!   win is an exact number of minor units and nothing is ever rounded.
//! - **Lines.** The 20 fixed [`PAYLINES`] each pick one row per reel. A line
//!   pays [`line_pay`] for 3, 4 or 5 of a kind from the leftmost reel. The
//!   wild substitutes for every regular symbol and also pays on its own;
//!   when a line could pay either way it pays the higher, the regular symbol
//!   on a tie. The scatter never counts on a line. Only the best win per line
//!   pays.
//! - **Scatter.** Scatters anywhere in the window pay [`scatter_pay`] × the
//!   stake (3 → 2×, 4 → 10×, 5 → 100×); a strip holds one scatter, so a reel
//!   shows at most one.
//! - **Free spins.** 3 or more scatters award [`FREE_SPINS_AWARD`] free
//!   spins, played on the same reels at no cost with every win (lines and
//!   scatter) multiplied by [`FREE_SPINS_MULTIPLIER`]. 3 or more scatters in
//!   a free spin award 10 more, but a feature never holds more than
//!   [`FREE_SPINS_CAP`] spins in all (a retrigger past the cap awards only
//!   what is left).
//!
//! # Draws
//!
//! A round draws the base spin's stops `below(len₁) … below(len₅)` from the
//! fair stream, reel 1 first, then, if the feature triggers, five stops per
//! free spin in order, all from the same stream (so the round index only
//! grows). The whole round, feature included, is one bet.
//!
//! # Exact RTP
//!
//! A payline shows on each reel the symbol at `stop + row`, and with the stop
//! uniform that symbol is distributed as the strip's symbol frequencies,
//! independently per reel. So every line has the same win distribution and
//! the line RTP is `E[line pay] / 1` (20 lines of one line bet each against a
//! stake of 20 line bets): enumerating the 11⁵ symbol tuples weighted by
//! their counts gives it exactly. The scatter count is the sum over reels of
//! the scatters in each 3-stop window; counting windows per strip and
//! convolving gives its distribution exactly, hence the scatter RTP and the
//! trigger probability `p`. Whether a free spin is played depends only on
//! earlier spins, so the feature is worth `multiplier × E[spins] × base RTP`
//! (Wald), and the whole game `base + p × that`. `E[spins]` follows from an
//! exact recursion over (spins played, spins awarded) with the cap, computed
//! in `Decimal` (28 significant digits; the error is far below 10⁻²⁰).

use core::num::NonZeroU32;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{CasinoError, FairStream, Ratio};
use crate::money::{Money, MoneyError, coded_enum};

coded_enum! {
    /// A reel symbol. Nine regular symbols from the lowest pay to the
    /// highest, then the wild and the scatter.
    Symbol, CasinoError, CasinoError::UnknownCode, {
        /// 9, lowest.
        Nine => "nine",
        /// 10.
        Ten => "ten",
        /// Jack.
        Jack => "jack",
        /// Queen.
        Queen => "queen",
        /// King.
        King => "king",
        /// Ace.
        Ace => "ace",
        /// Lantern.
        Lantern => "lantern",
        /// Owl.
        Owl => "owl",
        /// Emerald, the top regular symbol.
        Emerald => "emerald",
        /// Wild: substitutes for every regular symbol, pays on its own.
        Wild => "wild",
        /// Scatter (the full moon): pays anywhere, triggers free spins.
        Scatter => "scatter",
    }
}

impl Symbol {
    /// Neither wild nor scatter.
    pub const fn is_regular(self) -> bool {
        !matches!(self, Symbol::Wild | Symbol::Scatter)
    }

    const fn index(self) -> usize {
        self as usize
    }
}

/// Reels in the window.
pub const REEL_COUNT: usize = 5;

/// Rows in the window.
pub const ROWS: usize = 3;

/// Fixed paylines.
pub const LINE_COUNT: usize = 20;

/// Free spins awarded by 3 or more scatters.
pub const FREE_SPINS_AWARD: u32 = 10;

/// Most free spins one feature holds, retriggers included.
pub const FREE_SPINS_CAP: u32 = 50;

/// What every free-spin win is multiplied by.
pub const FREE_SPINS_MULTIPLIER: u32 = 2;

/// Scatters that trigger (or retrigger) the feature.
pub const SCATTERS_FOR_FEATURE: u8 = 3;

const NI: Symbol = Symbol::Nine;
const TE: Symbol = Symbol::Ten;
const JA: Symbol = Symbol::Jack;
const QU: Symbol = Symbol::Queen;
const KI: Symbol = Symbol::King;
const AC: Symbol = Symbol::Ace;
const LA: Symbol = Symbol::Lantern;
const OW: Symbol = Symbol::Owl;
const EM: Symbol = Symbol::Emerald;
const WI: Symbol = Symbol::Wild;
const SC: Symbol = Symbol::Scatter;

const REEL_1: [Symbol; 30] = [
    EM, QU, JA, KI, WI, TE, QU, LA, KI, OW, JA, NI, SC, LA, AC, //
    NI, TE, NI, QU, OW, JA, NI, KI, WI, TE, JA, EM, AC, LA, AC,
];
const REEL_2: [Symbol; 30] = [
    TE, JA, OW, KI, JA, WI, AC, QU, OW, KI, AC, KI, EM, TE, AC, //
    QU, TE, WI, NI, SC, WI, LA, JA, NI, EM, NI, LA, NI, TE, QU,
];
const REEL_3: [Symbol; 30] = [
    KI, LA, TE, KI, AC, QU, WI, NI, AC, EM, TE, NI, SC, QU, TE, //
    LA, WI, JA, EM, NI, JA, KI, JA, NI, JA, OW, QU, TE, AC, OW,
];
const REEL_4: [Symbol; 30] = [
    AC, KI, AC, TE, QU, WI, LA, JA, NI, WI, QU, WI, EM, NI, JA, //
    OW, TE, QU, NI, KI, AC, JA, TE, LA, KI, NI, EM, OW, SC, TE,
];
const REEL_5: [Symbol; 30] = [
    NI, EM, TE, SC, WI, QU, NI, JA, TE, AC, TE, EM, KI, NI, QU, //
    AC, JA, KI, TE, LA, QU, JA, KI, LA, OW, NI, JA, OW, WI, AC,
];

/// The five reel strips, reel 1 (leftmost) first.
///
/// | symbol | reel 1 | reel 2 | reel 3 | reel 4 | reel 5 |
/// |---|---|---|---|---|---|
/// | nine | 4 | 4 | 4 | 4 | 4 |
/// | ten | 3 | 4 | 4 | 4 | 4 |
/// | jack | 4 | 3 | 4 | 3 | 4 |
/// | queen | 3 | 3 | 3 | 3 | 3 |
/// | king | 3 | 3 | 3 | 3 | 3 |
/// | ace | 3 | 3 | 3 | 3 | 3 |
/// | lantern | 3 | 2 | 2 | 2 | 2 |
/// | owl | 2 | 2 | 2 | 2 | 2 |
/// | emerald | 2 | 2 | 2 | 2 | 2 |
/// | wild | 2 | 3 | 2 | 3 | 2 |
/// | scatter | 1 | 1 | 1 | 1 | 1 |
pub const REELS: [&[Symbol]; REEL_COUNT] = [&REEL_1, &REEL_2, &REEL_3, &REEL_4, &REEL_5];

/// The 20 paylines: for each line, the row (0 top, 1 middle, 2 bottom) it
/// takes on reels 1 to 5. Line numbers in results are indexes into this.
pub const PAYLINES: [[u8; REEL_COUNT]; LINE_COUNT] = [
    [1, 1, 1, 1, 1],
    [0, 0, 0, 0, 0],
    [2, 2, 2, 2, 2],
    [0, 1, 2, 1, 0],
    [2, 1, 0, 1, 2],
    [0, 0, 1, 2, 2],
    [2, 2, 1, 0, 0],
    [1, 0, 0, 0, 1],
    [1, 2, 2, 2, 1],
    [0, 1, 1, 1, 0],
    [2, 1, 1, 1, 2],
    [1, 0, 1, 2, 1],
    [1, 2, 1, 0, 1],
    [0, 1, 0, 1, 0],
    [2, 1, 2, 1, 2],
    [1, 1, 0, 1, 1],
    [1, 1, 2, 1, 1],
    [0, 2, 0, 2, 0],
    [2, 0, 2, 0, 2],
    [0, 2, 2, 2, 0],
];

/// What `count` of `symbol` from the leftmost reel pay on a line, in line
/// bets (0 when that does not pay).
///
/// | symbol | 3 | 4 | 5 |
/// |---|---|---|---|
/// | nine, ten | 5 | 10 | 50 |
/// | jack | 5 | 15 | 75 |
/// | queen | 5 | 20 | 100 |
/// | king | 10 | 25 | 125 |
/// | ace | 10 | 30 | 150 |
/// | lantern | 15 | 50 | 250 |
/// | owl | 20 | 75 | 400 |
/// | emerald | 25 | 100 | 750 |
/// | wild | 50 | 250 | 2000 |
pub const fn line_pay(symbol: Symbol, count: usize) -> u32 {
    let pays: [u32; 3] = match symbol {
        Symbol::Nine | Symbol::Ten => [5, 10, 50],
        Symbol::Jack => [5, 15, 75],
        Symbol::Queen => [5, 20, 100],
        Symbol::King => [10, 25, 125],
        Symbol::Ace => [10, 30, 150],
        Symbol::Lantern => [15, 50, 250],
        Symbol::Owl => [20, 75, 400],
        Symbol::Emerald => [25, 100, 750],
        Symbol::Wild => [50, 250, 2000],
        Symbol::Scatter => [0, 0, 0],
    };
    match count {
        3 => pays[0],
        4 => pays[1],
        5 => pays[2],
        _ => 0,
    }
}

/// What `count` scatters anywhere pay, in multiples of the total stake.
pub const fn scatter_pay(count: u8) -> u32 {
    match count {
        0..=2 => 0,
        3 => 2,
        4 => 10,
        _ => 100,
    }
}

/// The visible symbols: `window[row][reel]`, row 0 on top.
pub type Window = [[Symbol; REEL_COUNT]; ROWS];

/// The window for these stops (each below its strip's length).
pub fn window(stops: [u32; REEL_COUNT]) -> Result<Window, CasinoError> {
    let mut window = [[Symbol::Nine; REEL_COUNT]; ROWS];
    for (reel, (&stop, strip)) in stops.iter().zip(REELS).enumerate() {
        let stop = usize::try_from(stop).map_err(|_| CasinoError::InvalidStop)?;
        if stop >= strip.len() {
            return Err(CasinoError::InvalidStop);
        }
        for (row, cells) in window.iter_mut().enumerate() {
            cells[reel] = strip[(stop + row) % strip.len()];
        }
    }
    Ok(window)
}

/// The best win of one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineHit {
    /// The paying symbol (the wild when wilds alone pay more).
    pub symbol: Symbol,
    /// How many reels from the left it covers, 3–5.
    pub count: u8,
    /// The pay in line bets.
    pub pay: u32,
}

/// The best win of the symbols on one line, left to right, or `None`.
pub fn evaluate_line(symbols: [Symbol; REEL_COUNT]) -> Option<LineHit> {
    let hit = |symbol: Symbol, count: usize| {
        let pay = line_pay(symbol, count);
        let count = u8::try_from(count).ok()?;
        (pay > 0).then_some(LineHit { symbol, count, pay })
    };
    let wilds = symbols.iter().take_while(|&&s| s == Symbol::Wild).count();
    let wild_hit = hit(Symbol::Wild, wilds);
    let regular_hit = symbols
        .get(wilds)
        .copied()
        .filter(|s| s.is_regular())
        .and_then(|symbol| {
            let count = symbols
                .iter()
                .take_while(|&&s| s == symbol || s == Symbol::Wild)
                .count();
            hit(symbol, count)
        });
    match (wild_hit, regular_hit) {
        (Some(w), Some(r)) => Some(if w.pay > r.pay { w } else { r }),
        (w, r) => w.or(r),
    }
}

/// One winning line of a spin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineWin {
    /// Index into [`PAYLINES`], 0–19.
    pub line: u8,
    /// The paying symbol.
    pub symbol: Symbol,
    /// How many reels from the left, 3–5.
    pub count: u8,
    /// The win: pay × line bet × the spin's multiplier.
    pub win: Money,
}

/// One spin, base or free.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotSpin {
    /// The stop of each reel.
    pub stops: [u32; REEL_COUNT],
    /// The symbols shown.
    pub window: Window,
    /// The paying lines, by line index.
    pub line_wins: Vec<LineWin>,
    /// Scatters in the window.
    pub scatter_count: u8,
    /// The scatter win: pay × stake × multiplier.
    pub scatter_win: Money,
    /// 1 for the base spin, [`FREE_SPINS_MULTIPLIER`] for a free spin.
    pub multiplier: u32,
    /// Free spins this spin added to the feature (after the cap).
    pub free_spins_awarded: u32,
    /// Line wins plus the scatter win.
    pub win: Money,
}

/// A whole slot round: the base spin and every free spin it led to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotRound {
    /// The total stake.
    pub stake: Money,
    /// The stake per line: a twentieth of it.
    pub line_bet: Money,
    /// The paid spin.
    pub base: SlotSpin,
    /// The free spins, in play order (empty without the feature).
    pub free_spins: Vec<SlotSpin>,
    /// Everything the round returns.
    pub total_win: Money,
}

/// The line bet of a valid stake: positive, a multiple of 20 minor units.
fn line_bet(stake: Money) -> Result<Money, CasinoError> {
    if !stake.is_positive() {
        return Err(CasinoError::StakeNotPositive);
    }
    let lines = LINE_COUNT as i64;
    if stake.minor() % lines != 0 {
        return Err(CasinoError::StakeNotMultipleOfLines);
    }
    Ok(Money::new(stake.minor() / lines, stake.currency()))
}

/// The most a round can win, in line bets: every line paying five wilds
/// plus five scatters, on the base spin and on every free spin.
const MAX_ROUND_LINE_BETS: i64 = {
    let spin = LINE_COUNT as i64 * line_pay(Symbol::Wild, 5) as i64
        + scatter_pay(REEL_COUNT as u8) as i64 * LINE_COUNT as i64;
    spin * (1 + FREE_SPINS_CAP as i64 * FREE_SPINS_MULTIPLIER as i64)
};

/// Settles one spin at `stops` for `stake` (a positive multiple of 20 minor
/// units) with every win multiplied by `multiplier`. Awards
/// [`FREE_SPINS_AWARD`] free spins on 3 or more scatters; [`play_slot`]
/// applies the cap.
pub fn settle_spin(
    stops: [u32; REEL_COUNT],
    stake: Money,
    multiplier: u32,
) -> Result<SlotSpin, CasinoError> {
    let line_bet = line_bet(stake)?;
    let window = window(stops)?;
    let multiplier_i64 = i64::from(multiplier);
    let mut line_wins = Vec::new();
    let mut win = Money::zero(stake.currency());
    for (line, rows) in PAYLINES.iter().enumerate() {
        let symbols: [Symbol; REEL_COUNT] =
            core::array::from_fn(|reel| window[usize::from(rows[reel])][reel]);
        if let Some(hit) = evaluate_line(symbols) {
            let line_win = line_bet
                .checked_mul(i64::from(hit.pay))?
                .checked_mul(multiplier_i64)?;
            win = win.checked_add(line_win)?;
            line_wins.push(LineWin {
                line: u8::try_from(line).map_err(|_| MoneyError::Overflow)?,
                symbol: hit.symbol,
                count: hit.count,
                win: line_win,
            });
        }
    }
    let scatters = window
        .iter()
        .flatten()
        .filter(|&&s| s == Symbol::Scatter)
        .count();
    let scatter_count = u8::try_from(scatters).map_err(|_| MoneyError::Overflow)?;
    let scatter_win = stake
        .checked_mul(i64::from(scatter_pay(scatter_count)))?
        .checked_mul(multiplier_i64)?;
    win = win.checked_add(scatter_win)?;
    let free_spins_awarded = if scatter_count >= SCATTERS_FOR_FEATURE {
        FREE_SPINS_AWARD
    } else {
        0
    };
    Ok(SlotSpin {
        stops,
        window,
        line_wins,
        scatter_count,
        scatter_win,
        multiplier,
        free_spins_awarded,
        win,
    })
}

fn draw_stops(stream: &mut FairStream) -> Result<[u32; REEL_COUNT], CasinoError> {
    let mut stops = [0; REEL_COUNT];
    for (stop, strip) in stops.iter_mut().zip(REELS) {
        let len = u32::try_from(strip.len())
            .ok()
            .and_then(NonZeroU32::new)
            .ok_or(CasinoError::InvalidStop)?;
        *stop = stream.below(len);
    }
    Ok(stops)
}

/// Plays a whole round for `stake` (a positive multiple of 20 minor units):
/// the base spin and, when it triggers, every free spin, drawing all stops
/// from `stream` in order (module docs).
pub fn play_slot(stream: &mut FairStream, stake: Money) -> Result<SlotRound, CasinoError> {
    let line_bet = line_bet(stake)?;
    // Refuse a stake whose best possible round would overflow, so the
    // draws below always settle.
    line_bet.checked_mul(MAX_ROUND_LINE_BETS)?;
    let base = settle_spin(draw_stops(stream)?, stake, 1)?;
    let mut awarded = base.free_spins_awarded.min(FREE_SPINS_CAP);
    let mut total_win = base.win;
    let mut free_spins = Vec::new();
    while free_spins.len() < awarded as usize {
        let mut spin = settle_spin(draw_stops(stream)?, stake, FREE_SPINS_MULTIPLIER)?;
        spin.free_spins_awarded = spin
            .free_spins_awarded
            .min(FREE_SPINS_CAP.saturating_sub(awarded));
        awarded += spin.free_spins_awarded;
        total_win = total_win.checked_add(spin.win)?;
        free_spins.push(spin);
    }
    Ok(SlotRound {
        stake,
        line_bet,
        base,
        free_spins,
        total_win,
    })
}

/// The slot's return to player, piece by piece.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotRtp {
    /// Line wins of one spin per unit staked (exact).
    pub line: Ratio,
    /// Scatter wins of one spin per unit staked (exact).
    pub scatter: Ratio,
    /// `line + scatter`: one spin without the feature (exact).
    pub base: Ratio,
    /// The chance a spin shows 3 or more scatters (exact).
    pub trigger_probability: Ratio,
    /// The expected number of free spins a feature plays, with retriggers
    /// and the cap (error below 10⁻²⁰).
    pub expected_free_spins: Decimal,
    /// What the feature adds: `p × multiplier × E[spins] × base`.
    pub feature: Decimal,
    /// The whole game: `base + feature`.
    pub total: Decimal,
}

/// Numerator over `∏ strip lengths` of the expected pay of one line, in
/// line bets.
fn line_numerator(counts: &[[u128; Symbol::ALL.len()]; REEL_COUNT]) -> u128 {
    let n = Symbol::ALL.len();
    let mut total = 0;
    let mut digits = [0usize; REEL_COUNT];
    loop {
        let weight: u128 = digits
            .iter()
            .zip(counts)
            .map(|(&d, reel)| reel[d])
            .product();
        if weight > 0 {
            let symbols = digits.map(|d| Symbol::ALL[d]);
            if let Some(hit) = evaluate_line(symbols) {
                total += weight * u128::from(hit.pay);
            }
        }
        // Next tuple, reel 5 fastest.
        let mut reel = REEL_COUNT;
        loop {
            if reel == 0 {
                return total;
            }
            reel -= 1;
            digits[reel] += 1;
            if digits[reel] < n {
                break;
            }
            digits[reel] = 0;
        }
    }
}

/// `E[spins]` of a feature: spin `k + 1` is played when the spins awarded
/// after `k` spins exceed `k`; each spin retriggers with probability `p`,
/// adding [`FREE_SPINS_AWARD`] up to the cap.
fn expected_free_spins(p: Decimal) -> Decimal {
    let cap = FREE_SPINS_CAP as usize;
    let award = FREE_SPINS_AWARD as usize;
    let q = Decimal::ONE - p;
    // mass[a]: probability that the spins awarded so far total a.
    let mut mass = vec![Decimal::ZERO; cap + 1];
    mass[award.min(cap)] = Decimal::ONE;
    let mut expected = Decimal::ZERO;
    for played in 0..cap {
        let mut next = vec![Decimal::ZERO; cap + 1];
        for (awarded, &m) in mass.iter().enumerate() {
            if m.is_zero() {
                continue;
            }
            if awarded > played {
                expected += m;
                next[(awarded + award).min(cap)] += m * p;
                next[awarded] += m * q;
            } else {
                next[awarded] += m;
            }
        }
        mass = next;
    }
    expected
}

fn compute_rtp() -> Result<SlotRtp, CasinoError> {
    let overflow = CasinoError::Money(MoneyError::Overflow);
    let mut counts = [[0u128; Symbol::ALL.len()]; REEL_COUNT];
    let mut denominator: u128 = 1;
    // scatter_hist[reel][k]: stops whose window shows k scatters.
    let mut scatter_hist = [[0u128; ROWS + 1]; REEL_COUNT];
    for (reel, strip) in REELS.iter().enumerate() {
        for &s in strip.iter() {
            counts[reel][s.index()] += 1;
        }
        for stop in 0..strip.len() {
            let k = (0..ROWS)
                .filter(|row| strip[(stop + row) % strip.len()] == Symbol::Scatter)
                .count();
            scatter_hist[reel][k] += 1;
        }
        denominator *= strip.len() as u128;
    }
    let line = Ratio::new(line_numerator(&counts), denominator)?;

    // dist[n]: stop combinations showing n scatters in all.
    let mut dist = vec![1u128];
    for hist in &scatter_hist {
        let mut next = vec![0u128; dist.len() + ROWS];
        for (n, &ways) in dist.iter().enumerate() {
            for (k, &w) in hist.iter().enumerate() {
                next[n + k] += ways * w;
            }
        }
        dist = next;
    }
    let mut scatter_paid = 0u128;
    let mut triggering = 0u128;
    for (n, &ways) in dist.iter().enumerate() {
        let n = u8::try_from(n).map_err(|_| overflow)?;
        scatter_paid += ways * u128::from(scatter_pay(n));
        if n >= SCATTERS_FOR_FEATURE {
            triggering += ways;
        }
    }
    let scatter = Ratio::new(scatter_paid, denominator)?;
    let trigger_probability = Ratio::new(triggering, denominator)?;
    let base = line.checked_add(scatter).ok_or(overflow)?;

    let expected = expected_free_spins(trigger_probability.to_decimal());
    let feature = trigger_probability.to_decimal()
        * Decimal::from(FREE_SPINS_MULTIPLIER)
        * expected
        * base.to_decimal();
    Ok(SlotRtp {
        line,
        scatter,
        base,
        trigger_probability,
        expected_free_spins: expected,
        feature,
        total: base.to_decimal() + feature,
    })
}

/// The slot's RTP and its parts, computed once (module docs, "Exact RTP").
pub fn slot_rtp_breakdown() -> SlotRtp {
    static RTP: OnceLock<SlotRtp> = OnceLock::new();
    RTP.get_or_init(|| {
        compute_rtp().unwrap_or(SlotRtp {
            line: Ratio::ZERO,
            scatter: Ratio::ZERO,
            base: Ratio::ZERO,
            trigger_probability: Ratio::ZERO,
            expected_free_spins: Decimal::ZERO,
            feature: Decimal::ZERO,
            total: Decimal::ZERO,
        })
    })
    .clone()
}

/// The slot's total RTP, exact to better than 10⁻²⁰.
pub fn slot_rtp() -> Decimal {
    slot_rtp_breakdown().total
}
