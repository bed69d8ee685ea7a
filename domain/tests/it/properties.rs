//! Properties that must hold for every input: amounts survive a round trip
//! through their string form, settlement never pays more than the potential
//! return, line results mirror between the two sides, and postings validate
//! exactly when they balance.

use domain::betting::{
    BetKind, LegOutcome, LegResult, Line, MarketKind, Odds, SettledLeg, Side, SystemType,
    line_returns, lines, potential_return, result_from_score, settle_return,
};
use domain::ledger::{AccountKind, AccountRef, MAX_POSTINGS, Posting, validate_postings};
use domain::money::{Currency, Money};
use proptest::prelude::*;
use rust_decimal::Decimal;
use uuid::Uuid;

fn currency() -> impl Strategy<Value = Currency> {
    proptest::sample::select(Currency::ALL.to_vec())
}

fn odds() -> impl Strategy<Value = Odds> {
    // 1.01 to 10.000 with up to three decimals: 12 legs × 10 × stake 10^5
    // stays inside i64 minor units.
    (1_010i64..=10_000).prop_map(|m| Odds::new(Decimal::new(m, 3)).unwrap())
}

fn outcome() -> impl Strategy<Value = LegOutcome> {
    let result = proptest::sample::select(LegResult::ALL.to_vec());
    (
        result,
        proptest::option::of(1i64..=100),
        proptest::option::of(0i64..=90),
    )
        .prop_map(|(result, h, d)| {
            if result == LegResult::Win {
                let h = h.map(|h| Decimal::new(h, 2));
                let d = d.map(|d| Decimal::new(d, 2));
                LegOutcome::new(result, h, d).unwrap()
            } else {
                result.into()
            }
        })
}

fn kind_and_legs() -> impl Strategy<Value = (BetKind, usize)> {
    let named = [
        SystemType::Trixie,
        SystemType::Patent,
        SystemType::Yankee,
        SystemType::Lucky15,
        SystemType::Canadian,
        SystemType::Lucky31,
        SystemType::Heinz,
        SystemType::Lucky63,
        SystemType::SuperHeinz,
        SystemType::Goliath,
    ];
    prop_oneof![
        Just((BetKind::Single, 1)),
        (2usize..=12).prop_map(|n| (BetKind::Accumulator, n)),
        proptest::sample::select(named.to_vec()).prop_map(|s| (BetKind::System(s), s.legs())),
        (1u8..=6, 0u8..=3).prop_map(|(k, extra)| {
            let system = SystemType::k_of_n(k, k + extra).unwrap();
            (BetKind::System(system), system.legs())
        }),
    ]
}

fn mirror(result: LegResult) -> LegResult {
    match result {
        LegResult::Win => LegResult::Lose,
        LegResult::Lose => LegResult::Win,
        LegResult::HalfWin => LegResult::HalfLose,
        LegResult::HalfLose => LegResult::HalfWin,
        other => other,
    }
}

proptest! {
    #[test]
    fn every_amount_survives_its_string_form(minor in any::<i64>(), currency in currency()) {
        let money = Money::new(minor, currency);
        prop_assert_eq!(Money::parse(&money.to_string(), currency), Ok(money));
        let json = serde_json::to_string(&money).unwrap();
        prop_assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), money);
    }

    #[test]
    fn parsing_any_text_never_panics(text in "\\PC{0,30}", currency in currency()) {
        let _ = Money::parse(&text, currency);
        let _ = Odds::parse(&text);
        let _ = Odds::parse_fractional(&text);
        let _ = Odds::parse_american(&text);
        let _ = Line::parse(&text);
        let _ = text.parse::<SystemType>();
    }

    #[test]
    fn decimal_strings_parse_to_the_same_value_they_print(
        int in "-?[0-9]{1,12}", frac in "[0-9]{0,2}",
    ) {
        let text = if frac.is_empty() { int.clone() } else { format!("{int}.{frac}") };
        let money = Money::parse(&text, Currency::EUR).unwrap();
        let exact: Decimal = text.parse().unwrap();
        prop_assert_eq!(money.to_decimal(), exact);
    }

    #[test]
    fn odds_survive_their_string_form(odds in odds()) {
        prop_assert_eq!(Odds::parse(&odds.to_string()), Ok(odds));
        // The fractional display rounds back to the same two-decimal price.
        let (num, den) = odds.to_fractional();
        let back = Decimal::from(num) / Decimal::from(den) + Decimal::ONE;
        let shown = odds.value().scale().max(2);
        let away = rust_decimal::RoundingStrategy::MidpointAwayFromZero;
        prop_assert_eq!(back.round_dp_with_strategy(shown, away), odds.value());
    }

    #[test]
    fn a_settled_bet_never_pays_more_than_its_potential_return(
        (kind, legs) in kind_and_legs(),
        stake_minor in 1i64..=100_000,
        picks in proptest::collection::vec((odds(), outcome()), 12),
    ) {
        let stake = Money::new(stake_minor, Currency::EUR);
        let picks = &picks[..legs];
        let odds: Vec<Odds> = picks.iter().map(|(o, _)| *o).collect();
        let settled: Vec<SettledLeg> =
            picks.iter().map(|(odds, outcome)| SettledLeg { odds: *odds, outcome: *outcome }).collect();
        let potential = potential_return(kind, stake, &odds).unwrap();
        let paid = settle_return(kind, stake, &settled).unwrap();
        prop_assert!(paid.minor() <= potential.minor(), "{paid} > {potential}");
        prop_assert!(paid.minor() >= 0);
        // The total is the sum of the per-line returns.
        let factors: Vec<Decimal> = odds.iter().map(|o| o.value()).collect();
        let per_line = line_returns(kind, stake, &factors).unwrap();
        prop_assert_eq!(per_line.len(), lines(kind, legs).unwrap().len());
        prop_assert_eq!(Money::checked_sum(Currency::EUR, per_line), Ok(potential));
    }

    #[test]
    fn the_two_sides_of_a_line_mirror_each_other(
        quarters in -40i64..=40, home in 0u32..8, away in 0u32..8, total in any::<bool>(),
    ) {
        let line = Line::new(Decimal::new(quarters * 25, 2)).unwrap();
        let (kind, a, b) = if total {
            (MarketKind::Total, Side::Over, Side::Under)
        } else {
            (MarketKind::AsianHandicap, Side::Home, Side::Away)
        };
        prop_assume!(!total || quarters >= 0);
        let first = result_from_score(kind, line, a, home, away).unwrap();
        let second = result_from_score(kind, line, b, home, away).unwrap();
        prop_assert_eq!(mirror(first), second);
    }

    #[test]
    fn postings_validate_exactly_when_they_balance(
        amounts in proptest::collection::vec((-1_000i64..=1_000, any::<bool>()), 0..=MAX_POSTINGS + 2),
        balance in any::<bool>(),
    ) {
        let account = AccountRef::player(AccountKind::PlayerCash, Uuid::from_u128(1)).unwrap();
        let house = AccountRef::house(AccountKind::HouseCasino).unwrap();
        let posting = |minor, usd: bool| Posting {
            account,
            amount: Money::new(minor, if usd { Currency::USD } else { Currency::EUR }),
        };
        let mut postings: Vec<Posting> = amounts.iter().map(|(m, usd)| posting(*m, *usd)).collect();
        if balance {
            // Offset each currency on the house account.
            for usd in [false, true] {
                let sum: i64 = postings.iter().filter(|p| (p.amount.currency() == Currency::USD) == usd)
                    .map(|p| p.amount.minor()).sum();
                if sum != 0 {
                    postings.push(Posting { account: house, amount: posting(-sum, usd).amount });
                }
            }
        }
        let balanced = [Currency::EUR, Currency::USD].iter().all(|c| {
            postings.iter().filter(|p| p.amount.currency() == *c).map(|p| p.amount.minor()).sum::<i64>() == 0
        });
        let valid = postings.len() >= 2
            && postings.len() <= MAX_POSTINGS
            && postings.iter().all(|p| !p.amount.is_zero())
            && balanced;
        prop_assert_eq!(validate_postings(&postings).is_ok(), valid);
    }
}
