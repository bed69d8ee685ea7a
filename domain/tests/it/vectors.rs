//! Known answers from `domain/tests/vectors/settlement.json` (the project's
//! copy of the shared settlement vectors): every bet, line-market leg and
//! teaser in the file must settle exactly as written. Cases are driven
//! through the same string parsing the API edge uses.

use std::collections::BTreeMap;

use domain::betting::{
    BetKind, LegOutcome, Line, MarketKind, Odds, SettledLeg, Side, TeaserLeg, TeaserTable,
    line_count, potential_return, result_from_score, settle_return, settle_teaser, total_stake,
};
use domain::money::{Currency, Money};
use serde::Deserialize;

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/settlement.json");

#[derive(Deserialize)]
struct Vectors {
    bets: Vec<BetCase>,
    line_legs: Vec<LineLegCase>,
    teasers: Vec<TeaserCase>,
}

#[derive(Deserialize)]
struct BetCase {
    name: String,
    kind: String,
    system: Option<String>,
    currency: Option<String>,
    unit_stake: String,
    legs: Vec<LegCase>,
    lines: usize,
    total_stake: String,
    potential_return: String,
    #[serde(rename = "return")]
    returned: String,
}

#[derive(Deserialize)]
struct LegCase {
    odds: String,
    result: String,
    dead_heat_factor: Option<String>,
    rule4_deduction: Option<String>,
}

#[derive(Deserialize)]
struct LineLegCase {
    kind: String,
    line: String,
    side: String,
    score: [u32; 2],
    result: String,
}

#[derive(Deserialize)]
struct TeaserCase {
    name: String,
    points: String,
    currency: Option<String>,
    unit_stake: String,
    table: BTreeMap<usize, String>,
    legs: Vec<TeaserLegCase>,
    teased_lines: Vec<String>,
    leg_results: Vec<String>,
    #[serde(rename = "return")]
    returned: String,
}

#[derive(Deserialize)]
struct TeaserLegCase {
    kind: String,
    line: String,
    side: String,
    score: [u32; 2],
}

fn load() -> Vectors {
    let text = std::fs::read_to_string(VECTORS).expect("domain/tests/vectors/settlement.json");
    serde_json::from_str(&text).expect("settlement.json parses")
}

fn currency(code: Option<&String>) -> Currency {
    code.map_or(Currency::EUR, |c| c.parse().unwrap())
}

fn outcome(leg: &LegCase) -> LegOutcome {
    let decimal = |s: &String| s.parse().unwrap();
    LegOutcome::new(
        leg.result.parse().unwrap(),
        leg.dead_heat_factor.as_ref().map(decimal),
        leg.rule4_deduction.as_ref().map(decimal),
    )
    .unwrap()
}

/// Collects every mismatch so one run shows them all.
fn check(failures: &mut Vec<String>, case: &str, what: &str, got: String, want: &str) {
    if got != want {
        failures.push(format!("{case}: {what} = {got}, expected {want}"));
    }
}

#[test]
fn every_bet_vector_settles_as_written() {
    let vectors = load();
    assert!(!vectors.bets.is_empty());
    let mut failures = Vec::new();
    for case in &vectors.bets {
        let name = case.name.as_str();
        let kind = BetKind::from_parts(&case.kind, case.system.as_deref()).unwrap();
        let stake =
            Money::parse_positive(&case.unit_stake, currency(case.currency.as_ref())).unwrap();
        let odds: Vec<Odds> = case
            .legs
            .iter()
            .map(|l| Odds::parse(&l.odds).unwrap())
            .collect();
        let settled: Vec<SettledLeg> = case
            .legs
            .iter()
            .zip(&odds)
            .map(|(leg, odds)| SettledLeg {
                odds: *odds,
                outcome: outcome(leg),
            })
            .collect();
        let show = |r: Result<Money, _>| r.map_or_else(|e| format!("error {e}"), |m| m.to_string());
        // Expected amounts are normalized through the same parser.
        let want = |s: &str| Money::parse(s, stake.currency()).unwrap().to_string();
        check(
            &mut failures,
            name,
            "lines",
            format!("{:?}", line_count(kind, odds.len())),
            &format!("Ok({})", case.lines),
        );
        check(
            &mut failures,
            name,
            "total_stake",
            show(total_stake(kind, stake, odds.len())),
            &want(&case.total_stake),
        );
        check(
            &mut failures,
            name,
            "potential_return",
            show(potential_return(kind, stake, &odds)),
            &want(&case.potential_return),
        );
        check(
            &mut failures,
            name,
            "return",
            show(settle_return(kind, stake, &settled)),
            &want(&case.returned),
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_line_leg_vector_settles_as_written() {
    let vectors = load();
    assert!(!vectors.line_legs.is_empty());
    let mut failures = Vec::new();
    for case in &vectors.line_legs {
        let kind: MarketKind = case.kind.parse().unwrap();
        let side: Side = case.side.parse().unwrap();
        let line = Line::parse(&case.line).unwrap();
        let [home, away] = case.score;
        let got = result_from_score(kind, line, side, home, away)
            .map_or_else(|e| format!("error {e}"), |r| r.to_string());
        let name = format!("{} {} {} at {home}-{away}", case.kind, case.side, case.line);
        check(&mut failures, &name, "result", got, &case.result);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_teaser_vector_settles_as_written() {
    let vectors = load();
    assert!(!vectors.teasers.is_empty());
    let mut failures = Vec::new();
    for case in &vectors.teasers {
        let name = case.name.as_str();
        let points = case.points.parse().unwrap();
        let prices = case
            .table
            .iter()
            .map(|(legs, odds)| (*legs, Odds::parse(odds).unwrap()))
            .collect();
        let table = TeaserTable::new(points, prices).unwrap();
        let stake =
            Money::parse_positive(&case.unit_stake, currency(case.currency.as_ref())).unwrap();
        let mut teased_lines = Vec::new();
        let mut results = Vec::new();
        for leg in &case.legs {
            let leg_in = TeaserLeg {
                kind: leg.kind.parse().unwrap(),
                line: Line::parse(&leg.line).unwrap(),
                side: leg.side.parse().unwrap(),
            };
            let teased = leg_in.teased(table.points()).unwrap();
            teased_lines.push(teased.line.to_string());
            let [home, away] = leg.score;
            results.push(teased.result(home, away).unwrap());
        }
        let want_lines: Vec<String> = case
            .teased_lines
            .iter()
            .map(|l| Line::parse(l).unwrap().to_string())
            .collect();
        check(
            &mut failures,
            name,
            "teased_lines",
            teased_lines.join(","),
            &want_lines.join(","),
        );
        let result_codes: Vec<String> = results.iter().map(ToString::to_string).collect();
        check(
            &mut failures,
            name,
            "leg_results",
            result_codes.join(","),
            &case.leg_results.join(","),
        );
        let returned = settle_teaser(stake, &table, &results)
            .map_or_else(|e| format!("error {e}"), |m| m.to_string());
        let want = Money::parse(&case.returned, stake.currency())
            .unwrap()
            .to_string();
        check(&mut failures, name, "return", returned, &want);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
