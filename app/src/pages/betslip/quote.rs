//! Bet types, lines, total stake and potential return of the slip as it
//! stands, with `domain::betting` (the functions the server settles with).
//! No UI here.

use std::collections::HashMap;

use domain::betting::{
    BetKind, MarketKind, Odds, SystemType, TeaserTable, line_count, potential_return, quote_bet,
    teaser_quote,
};
use domain::money::{Currency, Money};

use super::SlipLeg;
use crate::i18n::{Msg, messages, use_locale};

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
    let l = use_locale();
    if n >= 3 {
        for k in 2..n {
            if let (Ok(k8), Ok(n8)) = (u8::try_from(k), u8::try_from(n))
                && let Ok(s) = SystemType::k_of_n(k8, n8)
            {
                out.push((s.to_string(), messages::k_from_n(l, k, n)));
            }
        }
    }
    out
}

/// The code of a bet type in the bet-type select and in `localStorage`:
/// `singles` (one single per leg), `accumulator`, `teaser` or the system
/// type's code.
pub(super) fn mode_code(mode: BetKind) -> String {
    match mode {
        BetKind::Single => "singles".to_owned(),
        BetKind::Accumulator => "accumulator".to_owned(),
        BetKind::Teaser => "teaser".to_owned(),
        BetKind::System(system) => system.to_string(),
    }
}

/// The bet type of a [`mode_code`]; `None` for an unknown code.
pub(super) fn parse_mode(code: &str) -> Option<BetKind> {
    match code {
        "singles" => Some(BetKind::Single),
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
    mode: BetKind,
    stake: &str,
    currency: Currency,
    teaser: Option<&TeaserTable>,
) -> Result<SlipQuote, String> {
    let l = use_locale();
    if legs.is_empty() {
        return Err(l.t(Msg::AddSelections).to_owned());
    }
    if stake.trim().is_empty() {
        return Err(l.t(Msg::EnterStake).to_owned());
    }
    let unit = Money::parse_positive(&crate::format::normalize_amount(l, stake), currency)
        .map_err(|_| messages::stake_decimals(l, currency.exponent()))?;
    let odds: Vec<Odds> = legs
        .iter()
        .map(|l| Odds::parse(&l.odds))
        .collect::<Result<_, _>>()
        .map_err(|_| l.t(Msg::InvalidOdds).to_owned())?;
    let err = |e: domain::betting::BetError| e.to_string();
    match mode {
        BetKind::Single => {
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
        BetKind::Teaser => {
            let table = teaser.ok_or_else(|| l.t(Msg::NoTeaserTable).to_owned())?;
            let q = teaser_quote(unit, table, legs.len()).map_err(err)?;
            Ok(SlipQuote {
                lines: q.lines,
                total_stake: q.total_stake,
                potential_return: q.potential_return,
            })
        }
        kind => {
            let q = quote_bet(kind, unit, &odds).map_err(err)?;
            Ok(SlipQuote {
                lines: q.lines,
                total_stake: q.total_stake,
                potential_return: q.potential_return,
            })
        }
    }
}

/// The bet types the legs allow: (bet type, label).
pub(super) fn modes(legs: &[SlipLeg], teaser: Option<&TeaserTable>) -> Vec<(BetKind, String)> {
    let n = legs.len();
    let l = use_locale();
    let mut out = vec![(
        BetKind::Single,
        l.t(if n == 1 { Msg::Single } else { Msg::Singles })
            .to_owned(),
    )];
    if n >= 2 {
        out.push((BetKind::Accumulator, messages::accumulator_option(l, n)));
    }
    out.extend(systems_for(n).into_iter().filter_map(|(code, label)| {
        let kind = BetKind::System(code.parse::<SystemType>().ok()?);
        let lines = line_count(kind, n).unwrap_or(0);
        Some((kind, messages::system_lines(l, &label, lines)))
    }));
    let teasable = n >= 2
        && legs
            .iter()
            .all(|l| matches!(l.market_kind, MarketKind::Spread | MarketKind::Total))
        && teaser.is_some_and(|t| t.price(n).is_some());
    if teasable && let Some(t) = teaser {
        out.push((BetKind::Teaser, messages::teaser_option(l, t.points())));
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
        let q = quote(&legs, BetKind::Accumulator, "10", Currency::EUR, None).unwrap();
        assert_eq!(q.lines, 1);
        assert_eq!(q.total_stake.format_amount(), "10.00");
        assert_eq!(q.potential_return.format_amount(), "30.00");
        let q = quote(&legs, BetKind::Single, "10", Currency::EUR, None).unwrap();
        assert_eq!(q.total_stake.format_amount(), "20.00");
        assert_eq!(q.potential_return.format_amount(), "35.00");
        let three = vec![leg("a", "2.00"), leg("b", "2.00"), leg("c", "2.00")];
        let q = quote(
            &three,
            BetKind::System(SystemType::Trixie),
            "1",
            Currency::EUR,
            None,
        )
        .unwrap();
        assert_eq!(q.lines, 4);
        assert_eq!(q.total_stake.format_amount(), "4.00");
        // 3 doubles at 4.00 and a treble at 8.00.
        assert_eq!(q.potential_return.format_amount(), "20.00");
        assert!(quote(&legs, BetKind::Accumulator, "0", Currency::EUR, None).is_err());
    }

    #[test]
    fn systems_match_the_number_of_legs_and_related_legs_are_flagged() {
        let codes: Vec<String> = systems_for(4).into_iter().map(|(c, _)| c).collect();
        assert_eq!(codes, ["yankee", "lucky15", "2/4", "3/4"]);
        assert!(systems_for(2).is_empty());
        let legs = vec![leg("a", "2.00"), leg("a", "3.00"), leg("b", "1.50")];
        assert_eq!(related(&legs).len(), 2);
    }

    #[test]
    fn every_bet_type_keeps_its_code_through_the_select_and_storage() {
        for mode in [
            BetKind::Single,
            BetKind::Accumulator,
            BetKind::Teaser,
            BetKind::System(SystemType::Yankee),
            BetKind::System(SystemType::k_of_n(2, 3).unwrap()),
        ] {
            assert_eq!(parse_mode(&mode_code(mode)), Some(mode));
        }
        assert_eq!(mode_code(BetKind::Single), "singles");
        assert_eq!(parse_mode("nonsense"), None);
    }
}
