//! Sportsbook rules from BETTING_RULES.md: odds and their display formats,
//! bet kinds and their expansion into lines, leg results and their factors,
//! exact settlement (each line rounded down to the minor unit once), line
//! markets settled by score (quarter lines included), teasers, liability and
//! cash-out quotes.
//!
//! Everything is exact: odds and factors are `Decimal`, stakes and returns
//! are `Money` in integer minor units, a line's product is computed with
//! exact integer arithmetic before its single rounding. No function panics
//! on any input; every limit (legs, lines, ranges) is an error.

#![deny(missing_docs)]

mod kind;
mod line_market;
mod odds;
mod risk;
mod settle;
mod teaser;

pub use kind::{BetKind, SystemType, line_count, lines};
pub use line_market::{Line, MarketKind, Side, result_from_score};
pub use odds::{Odds, OddsChangePolicy, OddsError, OddsFormat};
pub use risk::{CashOutLeg, LiabilityEntry, cash_out_quote, selection_liability};
pub use settle::{
    BetQuote, LegOutcome, LegResult, SettledLeg, leg_factor, line_returns, potential_return,
    quote_bet, settle_return, total_stake,
};
pub use teaser::{
    TeaserLeg, TeaserTable, settle_teaser, tease_line, teaser_potential_return, teaser_quote,
};

use crate::money::MoneyError;

/// Most legs in one bet (accumulator, teaser, `K/N` system).
pub const MAX_LEGS: usize = 20;

/// Most lines one bet may expand to (2¹²); Goliath has 247.
pub const MAX_LINES: usize = 4096;

/// Why a bet, a leg, odds or a line was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BetError {
    /// Bad odds.
    #[error(transparent)]
    Odds(#[from] OddsError),
    /// Bad or mismatched amount, or amount overflow.
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// Not one of the codes of a betting enum (kind, system, result, ...).
    #[error("unknown code")]
    UnknownCode,
    /// A `K/N` system outside `1 ≤ K ≤ N ≤ MAX_LEGS`.
    #[error("a K/N system needs 1 ≤ K ≤ N ≤ {MAX_LEGS}")]
    InvalidSystem,
    /// The number of legs does not fit the bet kind.
    #[error("this bet kind takes {min} to {max} legs, not {actual}")]
    WrongLegCount {
        /// Fewest legs allowed.
        min: usize,
        /// Most legs allowed.
        max: usize,
        /// Legs given.
        actual: usize,
    },
    /// The bet would expand to more than [`MAX_LINES`] lines.
    #[error("a bet may have at most {MAX_LINES} lines")]
    TooManyLines,
    /// The unit stake must be greater than zero.
    #[error("the stake must be greater than zero")]
    StakeNotPositive,
    /// A dead-heat factor outside (0, 1].
    #[error("a dead-heat factor must be greater than 0 and at most 1")]
    InvalidDeadHeatFactor,
    /// A rule 4 deduction outside [0, 0.90].
    #[error("a rule 4 deduction must be between 0 and 0.90")]
    InvalidRule4Deduction,
    /// Dead-heat factor or rule 4 deduction on a result other than `win`.
    #[error("dead heat and rule 4 apply to a win only")]
    AdjustmentOnNonWin,
    /// An amount or factor outside what the arithmetic can hold.
    #[error("amount out of range")]
    Overflow,
    /// A line that is not a multiple of 0.25 or is out of range.
    #[error("a line must be a multiple of 0.25 between -1000 and 1000")]
    InvalidLine,
    /// A quarter line on a market that only takes whole or half lines.
    #[error("this market takes whole or half lines only")]
    QuarterLineNotAllowed,
    /// Score settlement asked of a market settled by outcomes.
    #[error("this market is not settled by score")]
    NotALineMarket,
    /// A side the market does not have (e.g. `over` on a spread).
    #[error("this side does not belong to this market")]
    SideNotInMarket,
    /// Teaser points not a positive multiple of 0.5 up to 20.
    #[error("teaser points must be a positive multiple of 0.5, at most 20")]
    InvalidTeaserPoints,
    /// A teaser table without prices, or with a leg count outside 2..=MAX_LEGS.
    #[error("a teaser table needs prices for 2 to {MAX_LEGS} legs")]
    InvalidTeaserTable,
    /// The teaser table has no price for this number of legs.
    #[error("no teaser price for {legs} legs")]
    NoTeaserPrice {
        /// The number of legs asked for.
        legs: usize,
    },
    /// Teasers are priced from a teaser table, not from leg odds.
    #[error("teasers are priced from the teaser table")]
    TeaserNeedsTable,
    /// A teaser leg on a market other than spread or total, or a quarter line.
    #[error("teaser legs must be whole or half lines on spread or total markets")]
    TeaserLegNotAllowed,
    /// A half result on a teaser leg (teasers have no quarter lines).
    #[error("a teaser leg cannot be half won or half lost")]
    TeaserHalfResult,
    /// A cash-out margin outside [0, 1).
    #[error("the cash-out margin must be at least 0 and below 1")]
    InvalidMargin,
    /// Cash-out is offered on singles and accumulators whose settled legs won
    /// (or were void), with at least one leg still open.
    #[error("cash-out is not available for this bet")]
    CashOutUnavailable,
}
