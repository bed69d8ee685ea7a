//! Unit and property tests of the programme's pure rules.

use chrono::{Duration, TimeZone, Utc};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::json;

use super::*;

fn spec(body: serde_json::Value) -> ProgrammeSpec {
    serde_json::from_value(body).expect("a programme body")
}

fn demo() -> serde_json::Value {
    json!({
        "earning": [{"vertical": "sportsbook", "per": "1.00", "points": 1, "min_odds": "1.50"},
                    {"vertical": "casino", "category": "slots", "per": "1.00", "points": 1},
                    {"vertical": "casino", "category": "table", "per": "10.00", "points": 1}],
        "tiers": [{"name": "Bronze", "threshold": 0},
                  {"name": "Silver", "threshold": 1000, "points_multiplier": "1.25", "cashback_percent": "5"},
                  {"name": "Gold", "threshold": 5000, "points_multiplier": "1.5"}],
        "qualification_days": 90, "downgrade_grace_days": 30,
        "vip_rules": {"min_deposits_30d": "5000.00", "min_ggr_30d": "1000.00"}
    })
}

fn programme() -> Programme {
    Programme::parse(&spec(demo()), Currency::EUR).expect("valid")
}

fn fields(body: serde_json::Value) -> Vec<String> {
    Programme::parse(&spec(body), Currency::EUR)
        .expect_err("invalid")
        .into_iter()
        .map(|e| e.field)
        .collect()
}

fn eur(s: &str) -> Money {
    Money::parse(s, Currency::EUR).unwrap()
}

#[test]
fn the_contract_example_parses_and_round_trips() {
    let p = programme();
    assert_eq!(p.tiers.len(), 3);
    assert_eq!(p.tiers[1].points_multiplier, Decimal::new(125, 2));
    assert_eq!(p.tiers[0].points_multiplier, Decimal::ONE);
    assert_eq!(Programme::parse(&p.to_spec(), Currency::EUR).unwrap(), p);
}

#[test]
fn malformed_programmes_name_their_fields() {
    let mut body = demo();
    body["tiers"][1]["threshold"] = json!(-5);
    assert_eq!(fields(body), vec!["tiers[1].threshold"]);
    let mut body = demo();
    body["tiers"][2]["threshold"] = json!(1000);
    assert_eq!(fields(body), vec!["tiers[2].threshold"]);
    let mut body = demo();
    body["tiers"][0]["threshold"] = json!(10);
    assert_eq!(fields(body), vec!["tiers[0].threshold"]);
    let mut body = demo();
    body["tiers"][2]["name"] = json!("Silver");
    assert_eq!(fields(body), vec!["tiers[2].name"]);
    let mut body = demo();
    body["tiers"][1]["points_multiplier"] = json!("0.5");
    body["tiers"][1]["cashback_percent"] = json!("101");
    assert_eq!(
        fields(body),
        vec!["tiers[1].points_multiplier", "tiers[1].cashback_percent"]
    );
    let mut body = demo();
    body["earning"][0]["per"] = json!("0");
    body["earning"][1]["points"] = json!(0);
    body["earning"][2]["vertical"] = json!("bingo");
    body["qualification_days"] = json!(0);
    body["downgrade_grace_days"] = json!(366);
    body["vip_rules"]["min_ggr_30d"] = json!("abc");
    assert_eq!(
        fields(body),
        vec![
            "earning[0].per",
            "earning[1].points",
            "earning[2].vertical",
            "qualification_days",
            "downgrade_grace_days",
            "vip_rules.min_ggr_30d"
        ]
    );
    let mut body = demo();
    body["tiers"] = json!([]);
    assert_eq!(fields(body), vec!["tiers"]);
}

#[test]
fn points_follow_the_formula() {
    let p = programme();
    assert_eq!(points_for(eur("10.99"), eur("1.00"), 1, Decimal::ONE), 10);
    assert_eq!(
        points_for(eur("10.99"), eur("1.00"), 1, Decimal::new(125, 2)),
        12
    );
    assert_eq!(points_for(eur("9.99"), eur("10.00"), 1, Decimal::ONE), 0);
    assert_eq!(
        points_for(eur("25.00"), eur("10.00"), 3, Decimal::new(15, 1)),
        9
    );
    assert_eq!(points_for(eur("-5.00"), eur("1.00"), 1, Decimal::ONE), 0);
    let table = p.rule_for(Vertical::Casino, Some("table")).unwrap();
    assert_eq!(table.per, eur("10.00"));
    assert!(p.rule_for(Vertical::Casino, Some("live")).is_none());
    assert!(
        p.rule_for(Vertical::Sportsbook, None)
            .unwrap()
            .min_odds
            .is_some()
    );
}

#[test]
fn tiers_rise_at_once_and_fall_after_the_grace() {
    let p = programme();
    let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let s = p.next_state(None, 1200, t0);
    assert_eq!(s.tier, "Silver");
    let s = p.next_state(Some(&s), 6000, t0 + Duration::days(1));
    assert_eq!((s.tier.as_str(), s.below_since), ("Gold", None));
    let fell = t0 + Duration::days(2);
    let s = p.next_state(Some(&s), 100, fell);
    assert_eq!((s.tier.as_str(), s.below_since), ("Gold", Some(fell)));
    let s = p.next_state(Some(&s), 100, fell + Duration::days(29));
    assert_eq!((s.tier.as_str(), s.below_since), ("Gold", Some(fell)));
    let s = p.next_state(Some(&s), 100, fell + Duration::days(30));
    assert_eq!((s.tier.as_str(), s.below_since), ("Bronze", None));
    // Back above the threshold during the grace ends it.
    let g = p.next_state(None, 5000, t0);
    let g = p.next_state(Some(&g), 10, t0 + Duration::days(1));
    let g = p.next_state(Some(&g), 5000, t0 + Duration::days(2));
    assert_eq!((g.tier.as_str(), g.below_since), ("Gold", None));
    assert_eq!(p.next_tier("Silver").unwrap().name, "Gold");
    assert!(p.next_tier("Gold").is_none());
}

#[test]
fn card_numbers_carry_a_luhn_check_digit() {
    assert_eq!(luhn_check_digit("7992739871"), '3');
    assert!(luhn_valid("79927398713"));
    assert!(!luhn_valid("79927398710"));
    assert!(!luhn_valid("7a"));
}

proptest! {
    #[test]
    fn points_never_exceed_the_exact_product(stake in 0i64..10_000_000, per in 1i64..100_000,
                                             points in 1i64..100, m in 100i64..1000) {
        let multiplier = Decimal::new(m, 2);
        let got = points_for(Money::new(stake, Currency::EUR), Money::new(per, Currency::EUR), points, multiplier);
        let exact = Decimal::from(stake) / Decimal::from(per) * Decimal::from(points) * multiplier;
        prop_assert!(Decimal::from(got) <= exact);
        prop_assert!(got >= 0);
        // At least the unmultiplied floor.
        prop_assert!(got >= (stake / per) * points);
    }

    #[test]
    fn the_tier_is_the_highest_reached(q in 0i64..20_000) {
        let p = programme();
        let t = p.tier_for(q);
        prop_assert!(t.threshold <= q);
        prop_assert!(p.tiers.iter().all(|o| o.threshold <= t.threshold || o.threshold > q));
    }

    #[test]
    fn a_held_tier_never_falls_before_the_grace(q in 0i64..20_000, days in 0i64..29) {
        let p = programme();
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let gold = p.next_state(None, 5000, t0);
        let fell = p.next_state(Some(&gold), q, t0);
        let later = p.next_state(Some(&fell), q, t0 + Duration::days(days));
        prop_assert_eq!(later.tier.as_str(), "Gold");
    }
}

fn at(s: &str) -> chrono::DateTime<Utc> {
    chrono::DateTime::parse_from_rfc3339(s)
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn tier_cashback_is_the_percent_of_the_loss_rounded_down() {
    let five = Some(Decimal::from(5));
    // 5% of 123.45 = 6.1725 → 6.17.
    assert_eq!(tier_cashback(eur("123.45"), five), eur("6.17"));
    // 2.5% of 0.39 = 0.00975 → 0.00.
    assert_eq!(
        tier_cashback(eur("0.39"), Some(Decimal::new(25, 1))),
        eur("0.00")
    );
    // 12.34% of 1000.00 = 123.40 exactly.
    assert_eq!(
        tier_cashback(eur("1000.00"), Some(Decimal::new(1234, 2))),
        eur("123.40")
    );
    // A whole loss back at 100%.
    assert_eq!(
        tier_cashback(eur("9.99"), Some(Decimal::ONE_HUNDRED)),
        eur("9.99")
    );
    // Other currencies keep theirs (JPY has no minor digits).
    let yen = Money::parse("1999", Currency::JPY).unwrap();
    assert_eq!(tier_cashback(yen, five), Money::new(99, Currency::JPY));
}

#[test]
fn no_loss_or_no_percent_pays_nothing() {
    let five = Some(Decimal::from(5));
    assert!(tier_cashback(eur("0.00"), five).is_zero());
    assert!(tier_cashback(eur("-250.00"), five).is_zero(), "a net win");
    assert!(tier_cashback(eur("100.00"), None).is_zero());
    assert!(tier_cashback(eur("100.00"), Some(Decimal::ZERO)).is_zero());
    assert_eq!(tier_cashback(eur("100.00"), None).currency(), Currency::EUR);
}

#[test]
fn the_cashback_period_is_a_week_from_monday_midnight_utc() {
    let (start, end) = cashback_period(at("2026-12-09T15:30:00Z"));
    assert_eq!(start, at("2026-12-07T00:00:00Z"));
    assert_eq!(end, at("2026-12-14T00:00:00Z"));
    // Monday 00:00 itself starts a period.
    assert_eq!(cashback_period(at("2026-12-14T00:00:00Z")).0, end);
    // Sunday 23:59:59 is still in the previous one.
    assert_eq!(cashback_period(at("2026-12-13T23:59:59Z")).0, start);
}

#[test]
fn the_periods_after_the_last_are_the_closed_ones_oldest_first() {
    let last = at("2026-11-30T00:00:00Z");
    // Until the week after `last` is over, nothing after it has closed.
    assert!(cashback_periods_after(last, at("2026-12-13T23:59:59Z")).is_empty());
    assert!(cashback_periods_after(last, at("2026-12-01T00:00:00Z")).is_empty());
    // At Monday 00:00 it has.
    assert_eq!(
        cashback_periods_after(last, at("2026-12-14T00:00:00Z")),
        [last + Duration::days(7)]
    );
    // Three missed weeks come back in order.
    assert_eq!(
        cashback_periods_after(last, at("2026-12-28T08:00:00Z")),
        [
            at("2026-12-07T00:00:00Z"),
            at("2026-12-14T00:00:00Z"),
            at("2026-12-21T00:00:00Z")
        ]
    );
    // A long outage is caught up a bounded number of weeks per run.
    assert_eq!(
        cashback_periods_after(last, at("2027-06-01T00:00:00Z")).len(),
        MAX_CASHBACK_PERIODS_PER_RUN
    );
}

#[test]
fn a_programme_pays_cashback_when_a_tier_has_a_percent() {
    assert!(programme().pays_cashback());
    let mut body = demo();
    body["tiers"][1]["cashback_percent"] = json!("0");
    let p = Programme::parse(&spec(body), Currency::EUR).unwrap();
    assert!(!p.pays_cashback());
}

proptest! {
    #[test]
    fn tier_cashback_never_exceeds_the_loss_nor_goes_negative(
        minor in -10_000_000i64..10_000_000,
        percent_hundredths in 0i64..=10_000,
    ) {
        let loss = Money::new(minor, Currency::EUR);
        let percent = Decimal::new(percent_hundredths, 2);
        let paid = tier_cashback(loss, Some(percent));
        prop_assert!(paid.minor() >= 0);
        prop_assert!(paid.minor() <= minor.max(0));
        // Rounded down: the exact share is within one minor unit above.
        let exact = Decimal::from(minor.max(0)) * percent / Decimal::ONE_HUNDRED;
        prop_assert!(Decimal::from(paid.minor()) <= exact);
        prop_assert!(exact - Decimal::from(paid.minor()) < Decimal::ONE);
    }
}
