//! Market kinds, selection sides and handicap/total lines, and the
//! settlement of a line-market leg from the final score (quarter lines as
//! two half stakes).

use core::cmp::Ordering;
use core::fmt;
use core::str::FromStr;

use rust_decimal::Decimal;

use super::BetError;
use super::settle::LegResult;
use crate::money::{coded_enum, parse_plain_decimal, serde_via_str};

coded_enum! {
    /// The kind of a market.
    MarketKind, BetError, BetError::UnknownCode, {
        /// 1X2, settled by outcomes.
        MatchResult => "match_result",
        /// Two-way winner, settled by outcomes.
        Moneyline => "moneyline",
        /// One winner among many, settled by outcomes.
        Outright => "outright",
        /// Handicap with whole, half and quarter lines, settled by score.
        AsianHandicap => "asian_handicap",
        /// Points spread with whole and half lines, settled by score.
        Spread => "spread",
        /// Over/under with whole, half and quarter lines, settled by score.
        Total => "total",
    }
}

impl MarketKind {
    /// Has a line and is settled by score.
    pub const fn has_line(self) -> bool {
        matches!(
            self,
            MarketKind::AsianHandicap | MarketKind::Spread | MarketKind::Total
        )
    }

    /// Takes quarter lines (x.25, x.75).
    pub const fn allows_quarter_lines(self) -> bool {
        matches!(self, MarketKind::AsianHandicap | MarketKind::Total)
    }

    /// The sides its selections take: home/away for handicaps, over/under
    /// for totals, none for outcome markets.
    pub const fn sides(self) -> &'static [Side] {
        match self {
            MarketKind::AsianHandicap | MarketKind::Spread => &[Side::Home, Side::Away],
            MarketKind::Total => &[Side::Over, Side::Under],
            _ => &[],
        }
    }
}

coded_enum! {
    /// The side of a selection in a line market.
    Side, BetError, BetError::UnknownCode, {
        /// The home team, with the market line as its handicap.
        Home => "home",
        /// The away team, with the negated market line as its handicap.
        Away => "away",
        /// More than the line in total.
        Over => "over",
        /// Less than the line in total.
        Under => "under",
    }
}

impl Side {
    /// The selection's own line from the market line: the away side's
    /// handicap is the negation of the (home) market line; other sides keep it.
    pub fn selection_line(self, market_line: Line) -> Line {
        match self {
            Side::Away => Line(-market_line.0),
            _ => market_line,
        }
    }

    /// The market line from a selection's own line (the inverse of
    /// [`Side::selection_line`]).
    pub fn market_line(self, selection_line: Line) -> Line {
        self.selection_line(selection_line)
    }
}

/// A handicap or total line: a multiple of 0.25 from −1000 to 1000.
///
/// Parsed from `"-0.25"`, `"2.5"`, `"+3"`; displayed without trailing zeros
/// (`"-3"`, `"44.5"`, `"-0.25"`) and serialized as that string. Whether a
/// market takes quarter lines is checked where the line meets its market.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Line(Decimal);

const QUARTER: Decimal = Decimal::from_parts(25, 0, 0, false, 2);
const LINE_LIMIT: Decimal = Decimal::from_parts(1000, 0, 0, false, 0);

impl Line {
    /// Validates a line.
    pub fn new(value: Decimal) -> Result<Self, BetError> {
        let in_range = value.abs() <= LINE_LIMIT;
        let quarters = value.checked_div(QUARTER).ok_or(BetError::InvalidLine)?;
        if in_range && quarters.fract().is_zero() {
            Ok(Line(value.normalize()))
        } else {
            Err(BetError::InvalidLine)
        }
    }

    /// Parses `[+|-]digits[.digits]`.
    pub fn parse(s: &str) -> Result<Self, BetError> {
        Line::new(parse_plain_decimal(s, true).ok_or(BetError::InvalidLine)?)
    }

    /// The value.
    pub const fn value(self) -> Decimal {
        self.0
    }

    /// x.25 or x.75: settled as two half stakes.
    pub fn is_quarter(self) -> bool {
        !(self.0 * Decimal::TWO).fract().is_zero()
    }

    /// A whole number (pushes are possible).
    pub fn is_whole(self) -> bool {
        self.0.fract().is_zero()
    }

    /// The line moved by `delta` (validated again).
    pub fn checked_add(self, delta: Decimal) -> Result<Self, BetError> {
        Line::new(self.0.checked_add(delta).ok_or(BetError::InvalidLine)?)
    }
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.normalize())
    }
}

impl FromStr for Line {
    type Err = BetError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Line::parse(s)
    }
}

serde_via_str!(Line);

/// The margin of `side` at `line` (the market line, home's handicap):
/// home `h − a + line`, away `a − h − line`, over `h + a − line`,
/// under `line − h − a`.
fn margin(side: Side, line: Decimal, home: u32, away: u32) -> Decimal {
    // u32 scores and |line| ≤ 1000.25 are far inside Decimal's range.
    let (h, a) = (Decimal::from(home), Decimal::from(away));
    match side {
        Side::Home => h - a + line,
        Side::Away => a - h - line,
        Side::Over => h + a - line,
        Side::Under => line - h - a,
    }
}

/// Settles one leg of a line market from the final score.
///
/// `line` is the market line (the home side's handicap; see API.md). A
/// positive margin wins, zero pushes, negative loses. A quarter line is half
/// the stake on each adjacent half line: both win → `win`, win + push →
/// `half_win`, push + lose → `half_lose`, both lose → `lose`.
///
/// Errors: an outcome market, a side the market does not have, or a quarter
/// line on a spread.
pub fn result_from_score(
    kind: MarketKind,
    line: Line,
    side: Side,
    home: u32,
    away: u32,
) -> Result<LegResult, BetError> {
    if !kind.has_line() {
        return Err(BetError::NotALineMarket);
    }
    if !kind.sides().contains(&side) {
        return Err(BetError::SideNotInMarket);
    }
    let at = |line: Decimal| margin(side, line, home, away);
    if !line.is_quarter() {
        return Ok(match at(line.0).cmp(&Decimal::ZERO) {
            Ordering::Greater => LegResult::Win,
            Ordering::Equal => LegResult::Push,
            Ordering::Less => LegResult::Lose,
        });
    }
    if !kind.allows_quarter_lines() {
        return Err(BetError::QuarterLineNotAllowed);
    }
    // Of the two adjacent half lines one is whole and one ends in .5. With
    // whole-number scores the whole half decides unless it pushes; then the
    // .5 half wins or loses.
    let (lower, upper) = (line.0 - QUARTER, line.0 + QUARTER);
    let (whole, half) = if lower.fract().is_zero() {
        (lower, upper)
    } else {
        (upper, lower)
    };
    Ok(match at(whole).cmp(&Decimal::ZERO) {
        Ordering::Greater => LegResult::Win,
        Ordering::Less => LegResult::Lose,
        Ordering::Equal if at(half) > Decimal::ZERO => LegResult::HalfWin,
        Ordering::Equal => LegResult::HalfLose,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settle(kind: MarketKind, line: &str, side: Side, home: u32, away: u32) -> LegResult {
        result_from_score(kind, Line::parse(line).unwrap(), side, home, away).unwrap()
    }

    #[test]
    fn quarter_handicaps_split_into_two_half_stakes() {
        use LegResult::*;
        use MarketKind::AsianHandicap as Ah;
        // −0.25 = 0 and −0.5
        assert_eq!(settle(Ah, "-0.25", Side::Home, 1, 1), HalfLose);
        assert_eq!(settle(Ah, "-0.25", Side::Away, 1, 1), HalfWin);
        assert_eq!(settle(Ah, "-0.25", Side::Home, 2, 1), Win);
        assert_eq!(settle(Ah, "-0.25", Side::Home, 0, 1), Lose);
        // −0.75 = −0.5 and −1
        assert_eq!(settle(Ah, "-0.75", Side::Home, 2, 1), HalfWin);
        assert_eq!(settle(Ah, "-0.75", Side::Away, 2, 1), HalfLose);
        assert_eq!(settle(Ah, "-0.75", Side::Home, 3, 1), Win);
        assert_eq!(settle(Ah, "-0.75", Side::Home, 1, 1), Lose);
        // +0.25 = 0 and +0.5
        assert_eq!(settle(Ah, "0.25", Side::Home, 1, 1), HalfWin);
        assert_eq!(settle(Ah, "+1.25", Side::Home, 0, 1), HalfWin);
        assert_eq!(settle(Ah, "1.25", Side::Away, 0, 1), HalfLose);
    }

    #[test]
    fn quarter_totals_split_into_two_half_stakes() {
        use LegResult::*;
        use MarketKind::Total;
        // 2.75 = 2.5 and 3.0
        assert_eq!(settle(Total, "2.75", Side::Over, 2, 1), HalfWin);
        assert_eq!(settle(Total, "2.75", Side::Under, 2, 1), HalfLose);
        assert_eq!(settle(Total, "2.75", Side::Over, 2, 2), Win);
        assert_eq!(settle(Total, "2.25", Side::Under, 1, 1), HalfWin);
        assert_eq!(settle(Total, "2.25", Side::Over, 1, 1), HalfLose);
        assert_eq!(settle(Total, "2.25", Side::Over, 1, 0), Lose);
    }

    #[test]
    fn whole_lines_push_and_half_lines_cannot() {
        use LegResult::*;
        assert_eq!(settle(MarketKind::Spread, "-3", Side::Home, 24, 21), Push);
        assert_eq!(settle(MarketKind::Spread, "-3", Side::Away, 24, 21), Push);
        assert_eq!(settle(MarketKind::Spread, "-3", Side::Away, 22, 21), Win);
        assert_eq!(settle(MarketKind::Spread, "-3.5", Side::Home, 24, 21), Lose);
        assert_eq!(settle(MarketKind::Total, "3", Side::Over, 2, 1), Push);
        assert_eq!(
            settle(MarketKind::AsianHandicap, "0", Side::Home, 0, 0),
            Push
        );
    }

    #[test]
    fn markets_refuse_what_they_do_not_take() {
        let line = |s| Line::parse(s).unwrap();
        assert_eq!(
            result_from_score(MarketKind::Spread, line("-0.25"), Side::Home, 1, 1),
            Err(BetError::QuarterLineNotAllowed)
        );
        assert_eq!(
            result_from_score(MarketKind::Spread, line("-3"), Side::Over, 1, 1),
            Err(BetError::SideNotInMarket)
        );
        assert_eq!(
            result_from_score(MarketKind::MatchResult, line("0"), Side::Home, 1, 1),
            Err(BetError::NotALineMarket)
        );
        for bad in ["0.1", "-0.3", "1000.25", "1e1", "", "--1", " 1"] {
            assert_eq!(Line::parse(bad), Err(BetError::InvalidLine), "{bad:?}");
        }
    }

    #[test]
    fn lines_print_without_trailing_zeros() {
        assert_eq!(Line::parse("-3.00").unwrap().to_string(), "-3");
        assert_eq!(Line::parse("+44.50").unwrap().to_string(), "44.5");
        assert_eq!(Line::parse("-0.25").unwrap().to_string(), "-0.25");
        assert_eq!(Line::parse("-0").unwrap().to_string(), "0");
        assert_eq!(
            Side::Away
                .selection_line(Line::parse("-3").unwrap())
                .to_string(),
            "3"
        );
        assert_eq!(
            serde_json::to_string(&Line::parse("2.5").unwrap()).unwrap(),
            "\"2.5\""
        );
    }
}
