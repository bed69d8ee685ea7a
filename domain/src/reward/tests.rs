//! Tests of `domain::reward`.

use super::*;

fn spec(json: &str) -> RewardSpec {
    serde_json::from_str(json).unwrap()
}

fn parse(json: &str) -> Result<Reward, Vec<FieldError>> {
    Reward::parse(&spec(json), Currency::EUR, "reward")
}

/// The field names of the errors a malformed reward gets.
fn fields_of(json: &str) -> Vec<String> {
    parse(json)
        .unwrap_err()
        .into_iter()
        .map(|e| e.field)
        .collect()
}

fn eur(s: &str) -> Money {
    Money::parse(s, Currency::EUR).unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn every_kind_round_trips_through_its_wire_form() {
    for json in [
        r#"{"kind":"cash","amount":"10.00"}"#,
        r#"{"kind":"bonus_money","amount":"50.00","wagering_multiplier":"35"}"#,
        r#"{"kind":"bonus_money","percent":"100","max_amount":"200.00","wagering_multiplier":"10.5","contributions":{"slots":"100","sportsbook":"0","table":"5"},"min_odds":"1.50","max_conversion":"500.00","expires_in_days":30}"#,
        r#"{"kind":"free_bet","amount":"5.00","min_odds":"2.00","expires_in_days":7}"#,
        r#"{"kind":"free_spins","game_code":"originals.slot.emerald-nights","rounds":50,"stake":"0.20","wagering_multiplier":"20","expires_in_days":3}"#,
        r#"{"kind":"free_spins","game_code":"slot","rounds":10,"stake":"0.10"}"#,
        r#"{"kind":"cashback","percent":"10","max_amount":"100.00","period":"week"}"#,
        r#"{"kind":"coins","coins":500}"#,
        r#"{"kind":"loyalty_points","points":1200}"#,
    ] {
        let reward = parse(json).unwrap_or_else(|e| panic!("{json}: {e:?}"));
        let back = reward.to_spec();
        assert_eq!(back, spec(json), "{json}");
        assert_eq!(
            serde_json::to_value(&back).unwrap(),
            serde_json::from_str::<serde_json::Value>(json).unwrap()
        );
        assert_eq!(Reward::parse(&back, Currency::EUR, "reward"), Ok(reward));
    }
}

#[test]
fn a_number_where_a_string_is_due_fails_deserialization() {
    assert!(serde_json::from_str::<RewardSpec>(r#"{"kind":"cash","amount":10}"#).is_err());
    assert!(serde_json::from_str::<RewardSpec>(r#"{"kind":"coins","coins":"10"}"#).is_err());
    assert!(serde_json::from_str::<RewardSpec>(r#"{"kind":7}"#).is_err());
}

#[test]
fn an_unknown_or_missing_kind_is_named() {
    assert_eq!(fields_of(r#"{"kind":"jackpot"}"#), ["reward.kind"]);
    assert_eq!(fields_of(r#"{"amount":"10"}"#), ["reward.kind"]);
    let message = &parse(r#"{"kind":"jackpot"}"#).unwrap_err()[0].message;
    assert!(message.contains("cash, bonus_money"), "{message}");
}

#[test]
fn amounts_must_be_positive_and_fit_the_currency() {
    assert_eq!(fields_of(r#"{"kind":"cash"}"#), ["reward.amount"]);
    assert_eq!(
        fields_of(r#"{"kind":"cash","amount":"0"}"#),
        ["reward.amount"]
    );
    assert_eq!(
        fields_of(r#"{"kind":"cash","amount":"-5"}"#),
        ["reward.amount"]
    );
    assert_eq!(
        fields_of(r#"{"kind":"cash","amount":"1.001"}"#),
        ["reward.amount"]
    );
    assert_eq!(
        fields_of(r#"{"kind":"cash","amount":"1e3"}"#),
        ["reward.amount"]
    );
    assert_eq!(
        fields_of(r#"{"kind":"cash","amount":"92233720368547758.08"}"#),
        ["reward.amount"]
    );
    let jpy = Reward::parse(
        &spec(r#"{"kind":"cash","amount":"10.5"}"#),
        Currency::JPY,
        "r",
    );
    assert_eq!(jpy.unwrap_err()[0].field, "r.amount");
}

#[test]
fn a_field_the_kind_does_not_use_is_refused() {
    assert_eq!(
        fields_of(r#"{"kind":"cash","amount":"10","rounds":5}"#),
        ["reward.rounds"]
    );
    assert_eq!(
        fields_of(r#"{"kind":"coins","coins":5,"expires_in_days":3}"#),
        ["reward.expires_in_days"]
    );
}

#[test]
fn bonus_money_needs_exactly_one_of_amount_and_percent() {
    assert_eq!(
        fields_of(r#"{"kind":"bonus_money","wagering_multiplier":"5"}"#),
        ["reward.amount"]
    );
    assert_eq!(
        fields_of(
            r#"{"kind":"bonus_money","amount":"5","percent":"50","max_amount":"5","wagering_multiplier":"5"}"#
        ),
        ["reward.percent"]
    );
    assert_eq!(
        fields_of(r#"{"kind":"bonus_money","percent":"50","wagering_multiplier":"5"}"#),
        ["reward.max_amount"]
    );
    assert_eq!(
        fields_of(
            r#"{"kind":"bonus_money","amount":"5","max_amount":"5","wagering_multiplier":"5"}"#
        ),
        ["reward.max_amount"]
    );
    assert_eq!(
        fields_of(
            r#"{"kind":"bonus_money","percent":"0","max_amount":"5","wagering_multiplier":"5"}"#
        ),
        ["reward.percent"]
    );
}

#[test]
fn the_wagering_multiplier_is_required_for_bonus_money_and_between_0_and_50() {
    assert_eq!(
        fields_of(r#"{"kind":"bonus_money","amount":"5"}"#),
        ["reward.wagering_multiplier"]
    );
    for bad in ["50.01", "-1", "abc", "1.234", "51"] {
        let json =
            format!(r#"{{"kind":"bonus_money","amount":"5","wagering_multiplier":"{bad}"}}"#);
        assert_eq!(fields_of(&json), ["reward.wagering_multiplier"], "{bad}");
    }
    for good in ["0", "50", "12.5"] {
        let json =
            format!(r#"{{"kind":"bonus_money","amount":"5","wagering_multiplier":"{good}"}}"#);
        assert!(parse(&json).is_ok(), "{good}");
    }
    let nested = Reward::parse(
        &spec(
            r#"{"kind":"free_spins","game_code":"slot","rounds":1,"stake":"1","wagering_multiplier":"60"}"#,
        ),
        Currency::EUR,
        "variants[1].reward",
    );
    assert_eq!(
        nested.unwrap_err()[0].field,
        "variants[1].reward.wagering_multiplier"
    );
}

#[test]
fn contributions_are_percents_of_known_shape_and_some_must_count() {
    assert_eq!(
        fields_of(
            r#"{"kind":"bonus_money","amount":"5","wagering_multiplier":"5","contributions":{"slots":"101"}}"#
        ),
        ["reward.contributions.slots"]
    );
    assert_eq!(
        fields_of(
            r#"{"kind":"bonus_money","amount":"5","wagering_multiplier":"5","contributions":{"Live Casino":"10"}}"#
        ),
        ["reward.contributions.Live Casino"]
    );
    assert_eq!(
        fields_of(
            r#"{"kind":"bonus_money","amount":"5","wagering_multiplier":"5","contributions":{"sportsbook":"0","casino":"0","slots":"0"}}"#
        ),
        ["reward.contributions"]
    );
    // Wager-free bonus money needs nothing to count.
    assert!(
        parse(
            r#"{"kind":"bonus_money","amount":"5","wagering_multiplier":"0","contributions":{"sportsbook":"0","casino":"0","slots":"0"}}"#
        )
        .is_ok()
    );
}

#[test]
fn contributions_default_to_full_sportsbook_and_slots_and_a_tenth_elsewhere() {
    let defaults = Contributions::default();
    assert_eq!(defaults.percent_for(Vertical::Sportsbook, None), d("100"));
    assert_eq!(
        defaults.percent_for(Vertical::Casino, Some("slots")),
        d("100")
    );
    assert_eq!(
        defaults.percent_for(Vertical::Casino, Some("table")),
        d("10")
    );
    assert_eq!(defaults.percent_for(Vertical::Casino, None), d("10"));
    let custom = Contributions::new(BTreeMap::from([
        ("casino".to_owned(), d("20")),
        ("table".to_owned(), d("0")),
    ]));
    assert_eq!(custom.percent_for(Vertical::Casino, Some("table")), d("0"));
    assert_eq!(custom.percent_for(Vertical::Casino, Some("slots")), d("20"));
    assert_eq!(custom.percent_for(Vertical::Casino, Some("live")), d("20"));
    assert_eq!(custom.percent_for(Vertical::Sportsbook, None), d("100"));
}

#[test]
fn free_spins_are_granted_only_on_the_built_in_slot() {
    for game in ["slot", "originals.slot.emerald-nights"] {
        let json =
            format!(r#"{{"kind":"free_spins","game_code":"{game}","rounds":5,"stake":"0.20"}}"#);
        assert!(parse(&json).is_ok(), "{game}");
    }
    for game in [
        "originals.dice",
        "dice",
        "originals.roulette.european",
        "no.such.game",
    ] {
        let json =
            format!(r#"{{"kind":"free_spins","game_code":"{game}","rounds":5,"stake":"0.20"}}"#);
        let errors = parse(&json).unwrap_err();
        assert_eq!(errors.len(), 1, "{game}: {errors:?}");
        assert_eq!(errors[0].field, "reward.game_code");
        assert!(errors[0].message.contains("built-in slot"), "{errors:?}");
    }
    assert!(is_free_spins_game(SLOT_CODE));
    assert!(!is_free_spins_game("SLOT"));
}

#[test]
fn free_spins_and_counts_are_checked() {
    assert_eq!(
        fields_of(r#"{"kind":"free_spins","rounds":0,"stake":"0.10"}"#),
        ["reward.game_code", "reward.rounds"]
    );
    assert_eq!(
        fields_of(r#"{"kind":"free_spins","game_code":"a b","rounds":10001,"stake":"0"}"#),
        ["reward.game_code", "reward.rounds", "reward.stake"]
    );
    assert_eq!(fields_of(r#"{"kind":"coins","coins":0}"#), ["reward.coins"]);
    assert_eq!(
        fields_of(r#"{"kind":"coins","coins":99999999999999999999}"#),
        ["reward.coins"]
    );
    assert_eq!(
        fields_of(r#"{"kind":"free_spins","game_code":"slot","rounds":1e30,"stake":"1"}"#),
        ["reward.rounds"]
    );
    assert_eq!(
        fields_of(r#"{"kind":"loyalty_points","points":-3}"#),
        ["reward.points"]
    );
    assert_eq!(
        fields_of(r#"{"kind":"free_bet","amount":"5","min_odds":"1.00","expires_in_days":0}"#),
        ["reward.min_odds", "reward.expires_in_days"]
    );
}

#[test]
fn cashback_needs_a_percent_up_to_100_a_cap_and_a_period() {
    assert_eq!(
        fields_of(r#"{"kind":"cashback"}"#),
        ["reward.percent", "reward.max_amount", "reward.period"]
    );
    assert_eq!(
        fields_of(r#"{"kind":"cashback","percent":"100.5","max_amount":"10","period":"month"}"#),
        ["reward.percent", "reward.period"]
    );
}

#[test]
fn face_value_is_the_cost_counted_against_a_budget() {
    let cash = parse(r#"{"kind":"cash","amount":"10"}"#).unwrap();
    assert_eq!(cash.face_value(None), Ok(eur("10")));
    let spins =
        parse(r#"{"kind":"free_spins","game_code":"slot","rounds":50,"stake":"0.20"}"#).unwrap();
    assert_eq!(spins.face_value(None), Ok(eur("10")));
    let points = parse(r#"{"kind":"loyalty_points","points":5}"#).unwrap();
    assert_eq!(points.face_value(None), Ok(eur("0")));
    let cashback =
        parse(r#"{"kind":"cashback","percent":"10","max_amount":"50","period":"day"}"#).unwrap();
    assert_eq!(cashback.face_value(Some(eur("100"))), Ok(eur("0")));
}

#[test]
fn a_percent_bonus_resolves_against_the_trigger_rounds_down_and_caps() {
    let bonus = parse(
        r#"{"kind":"bonus_money","percent":"33.33","max_amount":"100","wagering_multiplier":"5"}"#,
    )
    .unwrap();
    // 33.33 % of 10.01 = 3.336333 → 3.33.
    assert_eq!(bonus.face_value(Some(eur("10.01"))), Ok(eur("3.33")));
    assert_eq!(bonus.face_value(Some(eur("1000"))), Ok(eur("100")));
    assert_eq!(
        bonus.face_value(None),
        Err(RewardError::MissingTriggerAmount)
    );
    assert!(matches!(
        bonus.face_value(Some(Money::new(100, Currency::GBP))),
        Err(RewardError::Money(MoneyError::CurrencyMismatch { .. }))
    ));
}

#[test]
fn rewards_are_usable_where_their_product_is() {
    let free_bet = parse(r#"{"kind":"free_bet","amount":"5"}"#).unwrap();
    assert_eq!(
        free_bet.usable_verticals(),
        UsableIn::Verticals(vec![Vertical::Sportsbook])
    );
    let spins =
        parse(r#"{"kind":"free_spins","game_code":"slot","rounds":5,"stake":"1"}"#).unwrap();
    assert_eq!(
        spins.usable_verticals(),
        UsableIn::Verticals(vec![Vertical::Casino])
    );
    let default_bonus =
        parse(r#"{"kind":"bonus_money","amount":"5","wagering_multiplier":"5"}"#).unwrap();
    assert_eq!(
        default_bonus.usable_verticals(),
        UsableIn::Verticals(vec![Vertical::Sportsbook, Vertical::Casino])
    );
    let casino_only = parse(
        r#"{"kind":"bonus_money","amount":"5","wagering_multiplier":"5","contributions":{"sportsbook":"0"}}"#,
    )
    .unwrap();
    assert_eq!(
        casino_only.usable_verticals(),
        UsableIn::Verticals(vec![Vertical::Casino])
    );
    let sports_only = parse(
        r#"{"kind":"bonus_money","amount":"5","wagering_multiplier":"5","contributions":{"casino":"0","slots":"0"}}"#,
    )
    .unwrap();
    assert!(
        !sports_only
            .usable_verticals()
            .reaches_beyond(Vertical::Sportsbook)
    );
    let cash = parse(r#"{"kind":"cash","amount":"5"}"#).unwrap();
    assert_eq!(cash.usable_verticals(), UsableIn::Anywhere);
    assert!(!cash.usable_verticals().reaches_beyond(Vertical::Casino));
}

proptest::proptest! {
    #[test]
    fn any_valid_fixed_reward_round_trips(minor in 1i64..=i64::MAX, days in 1i64..=3650) {
        let reward = Reward::FreeBet {
            amount: Money::new(minor, Currency::EUR),
            min_odds: None,
            expires_in_days: u32::try_from(days).ok(),
        };
        proptest::prop_assert_eq!(
            Reward::parse(&reward.to_spec(), Currency::EUR, "reward"),
            Ok(reward)
        );
    }

    #[test]
    fn a_percent_bonus_never_exceeds_its_cap_or_the_percent(
        trigger in 0i64..=1_000_000_000_000,
        percent_hundredths in 1i64..=100_000,
        cap in 1i64..=1_000_000_000,
    ) {
        let percent = Decimal::new(percent_hundredths, 2);
        let reward = Reward::BonusMoney(BonusMoney {
            amount: BonusAmount::Percent { percent, max_amount: Money::new(cap, Currency::EUR) },
            wagering_multiplier: Decimal::ZERO,
            contributions: Contributions::default(),
            min_odds: None,
            max_conversion: None,
            expires_in_days: None,
        });
        let value = reward.face_value(Some(Money::new(trigger, Currency::EUR))).unwrap();
        proptest::prop_assert!(value.minor() <= cap);
        // value ≤ trigger × percent / 100, exactly, in integers.
        proptest::prop_assert!(
            i128::from(value.minor()) * 10_000 <= i128::from(trigger) * i128::from(percent_hundredths)
        );
    }
}
