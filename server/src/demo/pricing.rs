//! Demo prices: a fixture's markets (outcome markets, and line markets at
//! the line that balances the sides best) priced from simulated matches
//! with a bookmaker margin on top.

use domain::betting::{LegResult, Line, MarketKind, Odds, Side, result_from_score};
use engine::sportsbook::{Decimal, NewMarket, NewSelection};
use rand::Rng;

use super::fixtures::DemoSport::{Basketball, Football, IceHockey, Tennis};
use super::fixtures::Fixture;
use super::simulation::{Final, Winner, simulate};

/// Simulated matches behind each opening price.
const SAMPLES: usize = 4000;
/// Longest demo odds.
const MAX_ODDS_HUNDREDTHS: i64 = 5_001;

/// The implied probability of a line-market side over `samples`: the
/// inverse of the odds that return the stake on average (pushes and half
/// results included). None when the side never wins.
fn line_probability(samples: &[Final], kind: MarketKind, line: Line, side: Side) -> Option<f64> {
    let (mut win, mut half_win, mut push, mut half_lose) = (0usize, 0usize, 0usize, 0usize);
    for s in samples {
        match result_from_score(kind, line, side, s.home, s.away).ok()? {
            LegResult::Win => win += 1,
            LegResult::HalfWin => half_win += 1,
            LegResult::Push | LegResult::Void => push += 1,
            LegResult::HalfLose => half_lose += 1,
            LegResult::Lose => {}
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let share = |k: usize| k as f64 / samples.len() as f64;
    let won = share(win) + share(half_win) / 2.0;
    let staked = 1.0 - share(push) - share(half_win) / 2.0 - share(half_lose) / 2.0;
    (won > 0.0 && staked > 0.0).then(|| (won / staked).clamp(0.01, 0.99))
}

/// The bookmaker margin of a market kind.
pub(super) fn margin(kind: &str) -> f64 {
    if kind == "match_result" { 0.06 } else { 0.05 }
}

/// Odds for probabilities (normalised first) with `margin` on top.
pub(super) fn price(probabilities: &[f64], margin: f64) -> Vec<Odds> {
    let total: f64 = probabilities.iter().sum();
    probabilities
        .iter()
        .map(|p| {
            let fair = (p / total).max(1e-6);
            // Bounded, so the cast cannot truncate.
            #[allow(clippy::cast_possible_truncation)]
            let hundredths = (100.0 / (fair * (1.0 + margin))).round().clamp(101.0, 1e6) as i64;
            Odds::new(Decimal::new(hundredths.clamp(101, MAX_ODDS_HUNDREDTHS), 2))
                .unwrap_or(Odds::MIN)
        })
        .collect()
}

/// A line market: the line in `candidates` that balances the two sides best.
fn line_market(
    samples: &[Final],
    name: &str,
    kind: MarketKind,
    candidates: impl Iterator<Item = Decimal>,
    names: [&str; 2],
) -> Option<NewMarket> {
    let sides = kind.sides();
    let mut best: Option<(f64, Line, [f64; 2])> = None;
    for value in candidates {
        let Ok(line) = Line::new(value) else { continue };
        let (Some(a), Some(b)) = (
            line_probability(samples, kind, line, sides[0]),
            line_probability(samples, kind, line, sides[1]),
        ) else {
            continue;
        };
        let imbalance = (a / (a + b) - 0.5).abs();
        if best.as_ref().is_none_or(|(i, _, _)| imbalance < *i) {
            best = Some((imbalance, line, [a, b]));
        }
    }
    let (_, line, probabilities) = best?;
    let odds = price(&probabilities, margin(kind.code()));
    Some(NewMarket {
        name: name.to_owned(),
        kind: kind.code().to_owned(),
        line: Some(line.to_string()),
        selections: names
            .iter()
            .zip(sides)
            .zip(odds)
            .map(|((n, side), odds)| NewSelection {
                name: (*n).to_owned(),
                side: Some(side.code().to_owned()),
                odds,
            })
            .collect(),
    })
}

/// Lines `offset + k × step` within three steps of `center`, with `step`
/// and `offset` in quarters of a point.
fn lines_near(center: f64, step: i32, offset: i32) -> impl Iterator<Item = Decimal> {
    // Bounded by the simulated scores, so the cast cannot truncate.
    #[allow(clippy::cast_possible_truncation)]
    let k = ((center * 4.0 - f64::from(offset)) / f64::from(step)).round() as i64;
    (k - 3..=k + 3).map(move |k| Decimal::new((i64::from(offset) + k * i64::from(step)) * 25, 2))
}

/// An outcome market priced from `samples`.
fn outcome_market(
    samples: &[Final],
    name: &str,
    kind: &str,
    selections: &[(&str, Winner)],
) -> NewMarket {
    #[allow(clippy::cast_precision_loss)]
    let probabilities: Vec<f64> = selections
        .iter()
        .map(|(_, w)| {
            let n = samples.iter().filter(|s| s.winner == *w).count();
            (n as f64 / samples.len() as f64).clamp(0.01, 0.99)
        })
        .collect();
    NewMarket {
        name: name.to_owned(),
        kind: kind.to_owned(),
        line: None,
        selections: selections
            .iter()
            .zip(price(&probabilities, margin(kind)))
            .map(|((n, _), odds)| NewSelection {
                name: (*n).to_owned(),
                side: None,
                odds,
            })
            .collect(),
    }
}

/// The markets of a fixture, with opening prices from simulated matches.
pub(super) fn markets(f: &Fixture, rng: &mut impl Rng) -> Vec<NewMarket> {
    let samples: Vec<Final> = (0..SAMPLES).map(|_| simulate(f, rng)).collect();
    #[allow(clippy::cast_precision_loss)]
    let n = samples.len() as f64;
    let total = samples
        .iter()
        .map(|s| f64::from(s.home) + f64::from(s.away))
        .sum::<f64>()
        / n;
    // The home handicap that levels the sides: minus the mean margin.
    let handicap = samples
        .iter()
        .map(|s| f64::from(s.away) - f64::from(s.home))
        .sum::<f64>()
        / n;
    // Half lines (x.5) and quarter lines (x.25, x.75).
    let half = |center: f64| lines_near(center, 4, 2);
    let teams = [f.home, f.away];
    let winner_of = |name: &str| {
        outcome_market(
            &samples,
            name,
            "moneyline",
            &[(f.home, Winner::Home), (f.away, Winner::Away)],
        )
    };
    let mut out = Vec::new();
    match f.sport {
        Football => {
            out.push(outcome_market(
                &samples,
                "Match result",
                "match_result",
                &[
                    (f.home, Winner::Home),
                    ("Draw", Winner::Draw),
                    (f.away, Winner::Away),
                ],
            ));
            out.extend(line_market(
                &samples,
                "Total goals",
                MarketKind::Total,
                half(total),
                ["Over", "Under"],
            ));
            out.extend(line_market(
                &samples,
                "Asian handicap",
                MarketKind::AsianHandicap,
                // Quarter lines only (x.25, x.75).
                lines_near(handicap, 2, 1),
                teams,
            ));
        }
        Tennis => {
            out.push(winner_of("Match winner"));
            out.extend(line_market(
                &samples,
                "Game handicap",
                MarketKind::Spread,
                half(handicap),
                teams,
            ));
            out.extend(line_market(
                &samples,
                "Total games",
                MarketKind::Total,
                half(total),
                ["Over", "Under"],
            ));
        }
        Basketball => {
            out.push(winner_of("Match winner (incl. overtime)"));
            out.extend(line_market(
                &samples,
                "Point spread",
                MarketKind::Spread,
                half(handicap),
                teams,
            ));
            out.extend(line_market(
                &samples,
                "Total points",
                MarketKind::Total,
                half(total),
                ["Over", "Under"],
            ));
        }
        IceHockey => {
            out.push(winner_of("Match winner (incl. overtime)"));
            // The puck line: the favourite gives 1.5 goals.
            let puck = if f.home_rate >= f.away_rate { -6 } else { 6 };
            out.extend(line_market(
                &samples,
                "Puck line",
                MarketKind::Spread,
                [Decimal::new(puck * 25, 2)].into_iter(),
                teams,
            ));
            out.extend(line_market(
                &samples,
                "Total goals",
                MarketKind::Total,
                half(total),
                ["Over", "Under"],
            ));
        }
    }
    out
}
