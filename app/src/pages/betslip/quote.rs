//! Bet types, lines, total stake and potential return of the slip as it
//! stands, with `domain::betting` (the functions the server settles with).
//! No UI here.

use std::collections::HashMap;

use domain::betting::{
    BetKind, Odds, SystemType, TeaserTable, line_count, potential_return, quote_bet, teaser_quote,
};
use domain::money::{Currency, Money};

use super::SlipLeg;

/// The system types `n` legs allow, with their labels.
pub fn systems_for(n: usize) -> Vec<(String, String)> {
    let named: &[(SystemType, &str)] = match n {
        3 => &[
            (SystemType::Trixie, "Trixie"),
            (SystemType::Patent, "Patent"),
        ],
        4 => &[
            (SystemType::Yankee, "Yankee"),
            (SystemType::Lucky15, "Lucky 15"),
        ],
        5 => &[
            (SystemType::Canadian, "Canadian"),
            (SystemType::Lucky31, "Lucky 31"),
        ],
        6 => &[
            (SystemType::Heinz, "Heinz"),
            (SystemType::Lucky63, "Lucky 63"),
        ],
        7 => &[(SystemType::SuperHeinz, "Super Heinz")],
        8 => &[(SystemType::Goliath, "Goliath")],
        _ => &[],
    };
    let mut out: Vec<(String, String)> = named
        .iter()
        .map(|(s, label)| (s.to_string(), (*label).to_owned()))
        .collect();
    // K/N: every K from doubles to one below the accumulator.
    if n >= 3 {
        for k in 2..n {
            if let (Ok(k8), Ok(n8)) = (u8::try_from(k), u8::try_from(n))
                && let Ok(s) = SystemType::k_of_n(k8, n8)
            {
                out.push((s.to_string(), format!("{k} from {n}")));
            }
        }
    }
    out
}

/// The bet kind of a mode code (None for singles).
fn kind_of(mode: &str) -> Option<BetKind> {
    match mode {
        "singles" => None,
        "accumulator" => Some(BetKind::Accumulator),
        "teaser" => Some(BetKind::Teaser),
        system => system.parse().ok().map(BetKind::System),
    }
}

/// Legs sharing an event with another leg.
pub fn related(legs: &[SlipLeg]) -> Vec<String> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for l in legs {
        *count.entry(l.event_id.as_str()).or_default() += 1;
    }
    legs.iter()
        .filter(|l| count.get(l.event_id.as_str()).copied().unwrap_or(0) > 1)
        .map(|l| l.selection_id.clone())
        .collect()
}

/// Lines, total stake and potential return of the slip as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlipQuote {
    /// Number of lines (singles: number of bets).
    pub lines: usize,
    /// What the player pays.
    pub total_stake: Money,
    /// Return if every leg wins.
    pub potential_return: Money,
}

/// Quotes the slip with `domain::betting`; `Err` explains what is missing.
pub fn quote(
    legs: &[SlipLeg],
    mode: &str,
    stake: &str,
    currency: Currency,
    teaser: Option<&TeaserTable>,
) -> Result<SlipQuote, String> {
    if legs.is_empty() {
        return Err("Add selections to your betslip.".to_owned());
    }
    let unit = Money::parse_positive(stake.trim(), currency).map_err(|_| {
        format!(
            "Enter a stake greater than zero with at most {} decimals.",
            currency.exponent()
        )
    })?;
    let odds: Vec<Odds> = legs
        .iter()
        .map(|l| Odds::parse(&l.odds))
        .collect::<Result<_, _>>()
        .map_err(|_| "A selection has invalid odds.".to_owned())?;
    let err = |e: domain::betting::BetError| e.to_string();
    match kind_of(mode) {
        None => {
            let mut total = Money::zero(currency);
            let mut ret = Money::zero(currency);
            for o in &odds {
                total = total.checked_add(unit).map_err(|e| e.to_string())?;
                let r = potential_return(BetKind::Single, unit, &[*o]).map_err(err)?;
                ret = ret.checked_add(r).map_err(|e| e.to_string())?;
            }
            Ok(SlipQuote {
                lines: odds.len(),
                total_stake: total,
                potential_return: ret,
            })
        }
        Some(BetKind::Teaser) => {
            let table = teaser.ok_or_else(|| "No teaser table is set.".to_owned())?;
            let q = teaser_quote(unit, table, legs.len()).map_err(err)?;
            Ok(SlipQuote {
                lines: q.lines,
                total_stake: q.total_stake,
                potential_return: q.potential_return,
            })
        }
        Some(kind) => {
            let q = quote_bet(kind, unit, &odds).map_err(err)?;
            Ok(SlipQuote {
                lines: q.lines,
                total_stake: q.total_stake,
                potential_return: q.potential_return,
            })
        }
    }
}

/// The bet types the legs allow: (code, label).
pub(super) fn modes(legs: &[SlipLeg], teaser: Option<&TeaserTable>) -> Vec<(String, String)> {
    let n = legs.len();
    let mut out = vec![(
        "singles".to_owned(),
        if n == 1 { "Single" } else { "Singles" }.to_owned(),
    )];
    if n >= 2 {
        out.push(("accumulator".to_owned(), format!("Accumulator ({n} folds)")));
    }
    out.extend(systems_for(n).into_iter().map(|(code, label)| {
        let lines = code
            .parse::<SystemType>()
            .ok()
            .and_then(|s| line_count(BetKind::System(s), n).ok())
            .unwrap_or(0);
        (code, format!("{label} · {lines} bets"))
    }));
    let teasable = n >= 2
        && legs
            .iter()
            .all(|l| matches!(l.market_kind.as_str(), "spread" | "total"))
        && teaser.is_some_and(|t| t.price(n).is_some());
    if teasable && let Some(t) = teaser {
        out.push(("teaser".to_owned(), format!("Teaser {} pts", t.points())));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::betslip::tests::leg;

    #[test]
    fn the_slip_quotes_with_the_settlement_rules() {
        let legs = vec![leg("a", "2.00"), leg("b", "1.50")];
        let q = quote(&legs, "accumulator", "10", Currency::EUR, None).unwrap();
        assert_eq!(q.lines, 1);
        assert_eq!(q.total_stake.format_amount(), "10.00");
        assert_eq!(q.potential_return.format_amount(), "30.00");
        let q = quote(&legs, "singles", "10", Currency::EUR, None).unwrap();
        assert_eq!(q.total_stake.format_amount(), "20.00");
        assert_eq!(q.potential_return.format_amount(), "35.00");
        let three = vec![leg("a", "2.00"), leg("b", "2.00"), leg("c", "2.00")];
        let q = quote(&three, "trixie", "1", Currency::EUR, None).unwrap();
        assert_eq!(q.lines, 4);
        assert_eq!(q.total_stake.format_amount(), "4.00");
        // 3 doubles at 4.00 and a treble at 8.00.
        assert_eq!(q.potential_return.format_amount(), "20.00");
        assert!(quote(&legs, "accumulator", "0", Currency::EUR, None).is_err());
    }

    #[test]
    fn systems_match_the_number_of_legs_and_related_legs_are_flagged() {
        let codes: Vec<String> = systems_for(4).into_iter().map(|(c, _)| c).collect();
        assert_eq!(codes, ["yankee", "lucky15", "2/4", "3/4"]);
        assert!(systems_for(2).is_empty());
        let legs = vec![leg("a", "2.00"), leg("a", "3.00"), leg("b", "1.50")];
        assert_eq!(related(&legs).len(), 2);
    }
}
