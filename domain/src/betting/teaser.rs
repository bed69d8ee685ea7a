//! Teasers: moving a leg's line by the teaser points in the bettor's favour,
//! the trader's teaser table (points × legs → odds), and teaser settlement
//! with pushed legs dropping out.
//!
//! A teaser leg's `line` is the **selection's own line** ("away +3"), as a
//! teaser card prints it and as BETTING_RULES.md teases it (home or away:
//! line + points). This differs from a line market's `line`, which is the
//! home handicap: [`Side::selection_line`] converts, and
//! [`TeaserLeg::result`] converts back before settling by score.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::line_market::{Line, MarketKind, Side, result_from_score};
use super::odds::Odds;
use super::settle::{BetQuote, LegResult, floor_product};
use super::{BetError, MAX_LEGS};
use crate::money::Money;

const MAX_POINTS: Decimal = Decimal::from_parts(20, 0, 0, false, 0);

fn validate_points(points: Decimal) -> Result<(), BetError> {
    let halves = points * Decimal::TWO;
    if points > Decimal::ZERO && points <= MAX_POINTS && halves.fract().is_zero() {
        Ok(())
    } else {
        Err(BetError::InvalidTeaserPoints)
    }
}

/// Moves a selection's own `line` by `points` in the bettor's favour: home
/// or away `line + points`, over `line − points`, under `line + points`.
/// `points` must be a positive multiple of 0.5 up to 20.
pub fn tease_line(side: Side, line: Line, points: Decimal) -> Result<Line, BetError> {
    validate_points(points)?;
    match side {
        Side::Over => line.checked_add(-points),
        Side::Home | Side::Away | Side::Under => line.checked_add(points),
    }
}

/// One teaser leg: a spread or total selection with its own line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TeaserLeg {
    /// `spread` or `total`.
    pub kind: MarketKind,
    /// The selection's own line (away +3 is `3` on the away side).
    pub line: Line,
    /// The selection's side.
    pub side: Side,
}

impl TeaserLeg {
    /// Checks the leg may be teased: a spread or total market, a side of that
    /// market, and a whole or half line.
    pub fn validate(&self) -> Result<(), BetError> {
        if !matches!(self.kind, MarketKind::Spread | MarketKind::Total) || self.line.is_quarter() {
            return Err(BetError::TeaserLegNotAllowed);
        }
        if !self.kind.sides().contains(&self.side) {
            return Err(BetError::SideNotInMarket);
        }
        Ok(())
    }

    /// The same leg with its line teased by `points` (see [`tease_line`]).
    pub fn teased(&self, points: Decimal) -> Result<TeaserLeg, BetError> {
        self.validate()?;
        Ok(TeaserLeg {
            line: tease_line(self.side, self.line, points)?,
            ..*self
        })
    }

    /// Settles this leg (already teased) from the final score.
    pub fn result(&self, home: u32, away: u32) -> Result<LegResult, BetError> {
        self.validate()?;
        let market_line = self.side.market_line(self.line);
        result_from_score(self.kind, market_line, self.side, home, away)
    }
}

/// The trader's teaser table for one number of points: decimal odds by
/// number of legs. Serialized as `{"points": "6", "prices": {"2": "1.91"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "TeaserTableRepr", into = "TeaserTableRepr")]
pub struct TeaserTable {
    points: Decimal,
    prices: BTreeMap<usize, Odds>,
}

/// Wire form of [`TeaserTable`].
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TeaserTableRepr {
    points: Decimal,
    prices: BTreeMap<usize, Odds>,
}

impl From<TeaserTable> for TeaserTableRepr {
    fn from(table: TeaserTable) -> Self {
        TeaserTableRepr {
            points: table.points,
            prices: table.prices,
        }
    }
}

impl TryFrom<TeaserTableRepr> for TeaserTable {
    type Error = BetError;

    fn try_from(repr: TeaserTableRepr) -> Result<Self, Self::Error> {
        TeaserTable::new(repr.points, repr.prices)
    }
}

impl TeaserTable {
    /// A table: valid points and at least one price, for 2 to [`MAX_LEGS`]
    /// legs.
    pub fn new(points: Decimal, prices: BTreeMap<usize, Odds>) -> Result<Self, BetError> {
        validate_points(points)?;
        if prices.is_empty() || prices.keys().any(|legs| !(2..=MAX_LEGS).contains(legs)) {
            return Err(BetError::InvalidTeaserTable);
        }
        Ok(TeaserTable { points, prices })
    }

    /// The default 6-point table: 2 legs 1.91, 3 legs 2.80, 4 legs 4.00,
    /// 5 legs 5.50, 6 legs 7.00.
    pub fn default_six_point() -> Self {
        let price = |mantissa: u32| Odds::new(Decimal::new(i64::from(mantissa), 2));
        let prices = [(2, 191), (3, 280), (4, 400), (5, 550), (6, 700)]
            .into_iter()
            .filter_map(|(legs, mantissa)| price(mantissa).ok().map(|odds| (legs, odds)))
            .collect();
        TeaserTable {
            points: Decimal::from(6),
            prices,
        }
    }

    /// The points every leg is teased by.
    pub const fn points(&self) -> Decimal {
        self.points
    }

    /// The price for `legs` legs, if the table has one.
    pub fn price(&self, legs: usize) -> Option<Odds> {
        self.prices.get(&legs).copied()
    }

    /// Every price, by number of legs.
    pub const fn prices(&self) -> &BTreeMap<usize, Odds> {
        &self.prices
    }
}

/// `floor(stake × odds)` to the minor unit, for a positive stake.
fn pay(stake: Money, odds: Odds) -> Result<Money, BetError> {
    if !stake.is_positive() {
        return Err(BetError::StakeNotPositive);
    }
    let minor = floor_product(stake.minor(), &[odds.value()])?;
    Ok(Money::new(minor, stake.currency()))
}

/// The return if every leg of an `legs`-leg teaser wins.
pub fn teaser_potential_return(
    unit_stake: Money,
    table: &TeaserTable,
    legs: usize,
) -> Result<Money, BetError> {
    let odds = teaser_price(table, legs)?;
    pay(unit_stake, odds)
}

fn teaser_price(table: &TeaserTable, legs: usize) -> Result<Odds, BetError> {
    if !(2..=MAX_LEGS).contains(&legs) {
        return Err(BetError::WrongLegCount {
            min: 2,
            max: MAX_LEGS,
            actual: legs,
        });
    }
    table.price(legs).ok_or(BetError::NoTeaserPrice { legs })
}

/// Lines (1), total stake and potential return of a teaser.
pub fn teaser_quote(
    unit_stake: Money,
    table: &TeaserTable,
    legs: usize,
) -> Result<BetQuote, BetError> {
    Ok(BetQuote {
        lines: 1,
        total_stake: unit_stake,
        potential_return: teaser_potential_return(unit_stake, table, legs)?,
    })
}

/// What a settled teaser pays.
///
/// Any losing leg loses the bet. Pushed (or voided) legs drop out; with two
/// or more winning legs left the bet is paid at the table price for that
/// many legs, rounded down to the minor unit. With fewer than two left — or
/// when the table has no price for the reduced number of legs — the stake is
/// refunded. Half results cannot occur (teaser legs have no quarter lines)
/// and are refused.
pub fn settle_teaser(
    unit_stake: Money,
    table: &TeaserTable,
    results: &[LegResult],
) -> Result<Money, BetError> {
    if !(2..=MAX_LEGS).contains(&results.len()) {
        return Err(BetError::WrongLegCount {
            min: 2,
            max: MAX_LEGS,
            actual: results.len(),
        });
    }
    if !unit_stake.is_positive() {
        return Err(BetError::StakeNotPositive);
    }
    let mut winners = 0;
    for result in results {
        match result {
            LegResult::Lose => return Ok(Money::zero(unit_stake.currency())),
            LegResult::HalfWin | LegResult::HalfLose => return Err(BetError::TeaserHalfResult),
            LegResult::Win => winners += 1,
            LegResult::Void | LegResult::Push => {}
        }
    }
    match table.price(winners) {
        Some(odds) if winners >= 2 => pay(unit_stake, odds),
        _ => Ok(unit_stake),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn line(s: &str) -> Line {
        Line::parse(s).unwrap()
    }

    fn eur(minor: i64) -> Money {
        Money::new(minor, Currency::EUR)
    }

    const SIX: Decimal = Decimal::from_parts(6, 0, 0, false, 0);

    #[test]
    fn teasing_moves_every_line_towards_the_bettor() {
        assert_eq!(tease_line(Side::Home, line("-7"), SIX), Ok(line("-1")));
        assert_eq!(tease_line(Side::Away, line("3"), SIX), Ok(line("9")));
        assert_eq!(tease_line(Side::Over, line("44.5"), SIX), Ok(line("38.5")));
        assert_eq!(tease_line(Side::Under, line("44.5"), SIX), Ok(line("50.5")));
        assert_eq!(
            tease_line(Side::Home, line("-7"), Decimal::ZERO),
            Err(BetError::InvalidTeaserPoints)
        );
        assert_eq!(
            tease_line(Side::Home, line("-7"), "6.25".parse().unwrap()),
            Err(BetError::InvalidTeaserPoints)
        );
    }

    #[test]
    fn an_away_teaser_leg_is_settled_on_its_own_line() {
        let away = TeaserLeg {
            kind: MarketKind::Spread,
            line: line("3"),
            side: Side::Away,
        };
        let teased = away.teased(SIX).unwrap();
        assert_eq!(teased.line, line("9"));
        assert_eq!(teased.result(24, 21), Ok(LegResult::Win));
        assert_eq!(teased.result(30, 21), Ok(LegResult::Push));
        assert_eq!(teased.result(31, 21), Ok(LegResult::Lose));
    }

    #[test]
    fn pushed_legs_drop_out_of_a_teaser() {
        use LegResult::*;
        let table = TeaserTable::default_six_point();
        let stake = eur(1000);
        assert_eq!(
            settle_teaser(stake, &table, &[Win, Win, Win]),
            Ok(eur(2800))
        );
        assert_eq!(
            settle_teaser(stake, &table, &[Win, Push, Win]),
            Ok(eur(1910))
        );
        assert_eq!(
            settle_teaser(stake, &table, &[Win, Push, Win, Win]),
            Ok(eur(2800))
        );
        assert_eq!(settle_teaser(stake, &table, &[Win, Push]), Ok(stake));
        assert_eq!(settle_teaser(stake, &table, &[Push, Void]), Ok(stake));
        assert_eq!(settle_teaser(stake, &table, &[Push, Lose]), Ok(eur(0)));
        assert_eq!(settle_teaser(stake, &table, &[Win, Win, Lose]), Ok(eur(0)));
        assert_eq!(
            settle_teaser(stake, &table, &[Win, HalfWin]),
            Err(BetError::TeaserHalfResult)
        );
    }

    #[test]
    fn a_missing_price_for_the_reduced_teaser_refunds_the_stake() {
        use LegResult::*;
        let prices = BTreeMap::from([(3, Odds::parse("2.80").unwrap())]);
        let table = TeaserTable::new(SIX, prices).unwrap();
        assert_eq!(
            settle_teaser(eur(1000), &table, &[Win, Push, Win]),
            Ok(eur(1000))
        );
        assert_eq!(
            teaser_potential_return(eur(1000), &table, 2),
            Err(BetError::NoTeaserPrice { legs: 2 })
        );
    }

    #[test]
    fn teaser_legs_are_whole_or_half_lines_on_spreads_and_totals() {
        let quarter = TeaserLeg {
            kind: MarketKind::Total,
            line: line("44.25"),
            side: Side::Over,
        };
        assert_eq!(quarter.teased(SIX), Err(BetError::TeaserLegNotAllowed));
        let handicap = TeaserLeg {
            kind: MarketKind::AsianHandicap,
            line: line("1"),
            side: Side::Home,
        };
        assert_eq!(handicap.teased(SIX), Err(BetError::TeaserLegNotAllowed));
        let wrong_side = TeaserLeg {
            kind: MarketKind::Total,
            line: line("44"),
            side: Side::Home,
        };
        assert_eq!(wrong_side.teased(SIX), Err(BetError::SideNotInMarket));
    }

    #[test]
    fn teaser_tables_round_trip_and_are_validated() {
        let table = TeaserTable::default_six_point();
        let json = serde_json::to_string(&table).unwrap();
        assert!(
            json.starts_with(r#"{"points":"6","prices":{"2":"1.91""#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<TeaserTable>(&json).unwrap(), table);
        let empty = TeaserTable::new(SIX, BTreeMap::new());
        assert_eq!(empty, Err(BetError::InvalidTeaserTable));
        let one_leg = BTreeMap::from([(1, Odds::parse("1.5").unwrap())]);
        assert_eq!(
            TeaserTable::new(SIX, one_leg),
            Err(BetError::InvalidTeaserTable)
        );
        let quote = teaser_quote(eur(1000), &table, 4).unwrap();
        assert_eq!(
            (quote.lines, quote.total_stake, quote.potential_return),
            (1, eur(1000), eur(4000))
        );
    }
}
