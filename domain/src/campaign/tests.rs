//! Tests of `domain::campaign`.

use super::*;
use rand::{Rng, SeedableRng};

fn spec(json: &str) -> CampaignSpec {
    serde_json::from_str(json).unwrap()
}

fn parse(json: &str) -> Result<Campaign, Vec<FieldError>> {
    Campaign::parse(&spec(json), Currency::EUR)
}

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

const CASH: &str = r#"{"kind":"cash","amount":"10.00"}"#;

fn with_reward(event: &str, reward: &str) -> String {
    format!(r#"{{"name":"x","trigger":{{"event":"{event}"}},"reward":{reward}}}"#)
}

#[test]
fn a_full_campaign_round_trips_in_its_original_form() {
    let single = r#"{"name":"Welcome","description":"First deposit match","trigger":{"event":"deposit","conditions":{"first_only":true,"min_amount":"20.00","countries":["MT","GB"],"min_tier":"Silver"}},"reward":{"kind":"bonus_money","percent":"100","max_amount":"200.00","wagering_multiplier":"10"},"limits":{"per_player":1,"budget":"1000.00"},"opt_in":false,"exclusive_group":"welcome","priority":10,"holdout_percent":0,"starts_at":"2026-12-01T00:00:00Z","ends_at":"2027-01-01T00:00:00Z"}"#;
    let variants = r#"{"name":"Odds boost test","trigger":{"event":"bet_placed","conditions":{"min_odds":"1.50","verticals":["sportsbook"]}},"limits":{"per_player":3},"opt_in":true,"priority":0,"variants":[{"name":"A","weight":50,"reward":{"kind":"free_bet","amount":"5.00"}},{"name":"B","weight":50,"reward":{"kind":"cash","amount":"2.50"}}],"holdout_percent":10}"#;
    for json in [single, variants] {
        let campaign = parse(json).unwrap_or_else(|e| panic!("{e:?}"));
        let back = campaign.to_spec();
        assert_eq!(back, spec(json));
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        assert_eq!(Campaign::parse(&back, Currency::EUR), Ok(campaign));
    }
}

#[test]
fn a_single_reward_becomes_the_default_variant_and_defaults_are_filled() {
    let campaign = parse(&with_reward("login", CASH)).unwrap();
    assert_eq!(campaign.variants.len(), 1);
    assert_eq!(campaign.variants[0].name, DEFAULT_VARIANT);
    assert_eq!(campaign.weights(), [100]);
    assert_eq!(campaign.limits.per_player, 1);
    assert_eq!(campaign.holdout_percent, 0);
    assert_eq!(campaign.priority, 0);
    let back = campaign.to_spec();
    assert!(back.reward.is_some() && back.variants.is_none());
}

#[test]
fn missing_and_wrong_values_are_named_and_wrong_json_types_fail_to_deserialize() {
    assert_eq!(fields_of("{}"), ["name", "trigger.event", "reward"]);
    assert_eq!(
        fields_of(&with_reward("jackpot_won", CASH)),
        ["trigger.event"]
    );
    assert!(serde_json::from_str::<CampaignSpec>(r#"{"priority":"1"}"#).is_err());
    assert!(serde_json::from_str::<CampaignSpec>(r#"{"limits":{"budget":100}}"#).is_err());
    assert!(serde_json::from_str::<CampaignSpec>(r#"{"trigger":{"event":1}}"#).is_err());
}

#[test]
fn each_malformed_condition_names_its_field() {
    let with_conditions = |conditions: &str| {
        format!(
            r#"{{"name":"x","trigger":{{"event":"deposit","conditions":{conditions}}},"reward":{CASH}}}"#
        )
    };
    for (conditions, field) in [
        (r#"{"min_amount":"0"}"#, "trigger.conditions.min_amount"),
        (r#"{"min_amount":"1.001"}"#, "trigger.conditions.min_amount"),
        (r#"{"min_odds":"0.5"}"#, "trigger.conditions.min_odds"),
        (r#"{"countries":[]}"#, "trigger.conditions.countries"),
        (
            r#"{"countries":["MT","Malta"]}"#,
            "trigger.conditions.countries[1]",
        ),
        (
            r#"{"verticals":["poker"]}"#,
            "trigger.conditions.verticals[0]",
        ),
        (
            r#"{"game_codes":[" "]}"#,
            "trigger.conditions.game_codes[0]",
        ),
        (r#"{"min_tier":""}"#, "trigger.conditions.min_tier"),
    ] {
        assert_eq!(
            fields_of(&with_conditions(conditions)),
            [field],
            "{conditions}"
        );
    }
    let lower = parse(&with_conditions(r#"{"countries":["mt"]}"#)).unwrap();
    assert_eq!(
        lower.trigger.conditions.countries,
        Some(vec!["MT".to_owned()])
    );
}

#[test]
fn reward_and_variants_are_exclusive_and_weights_add_up_to_100() {
    let both = format!(
        r#"{{"name":"x","trigger":{{"event":"login"}},"reward":{CASH},"variants":[{{"name":"A","weight":100,"reward":{CASH}}}]}}"#
    );
    assert_eq!(fields_of(&both), ["variants"]);
    let variants =
        |list: &str| format!(r#"{{"name":"x","trigger":{{"event":"login"}},"variants":{list}}}"#);
    assert_eq!(fields_of(&variants("[]")), ["variants"]);
    assert_eq!(
        fields_of(&variants(&format!(
            r#"[{{"name":"A","weight":60,"reward":{CASH}}},{{"name":"B","weight":60,"reward":{CASH}}}]"#
        ))),
        ["variants"]
    );
    assert_eq!(
        fields_of(&variants(&format!(
            r#"[{{"name":"A","weight":0,"reward":{CASH}}},{{"name":"A","weight":100,"reward":{{"kind":"cash","amount":"-1"}}}}]"#
        ))),
        [
            "variants[0].weight",
            "variants[1].name",
            "variants[1].reward.amount"
        ]
    );
}

#[test]
fn limits_holdout_priority_and_times_are_checked() {
    let base = |extra: &str| {
        format!(r#"{{"name":"x","trigger":{{"event":"login"}},"reward":{CASH},{extra}}}"#)
    };
    for (extra, field) in [
        (r#""limits":{"per_player":0}"#, "limits.per_player"),
        (r#""limits":{"budget":"0"}"#, "limits.budget"),
        (r#""limits":{"budget":"10.001"}"#, "limits.budget"),
        (r#""holdout_percent":100"#, "holdout_percent"),
        (r#""holdout_percent":-1"#, "holdout_percent"),
        (r#""priority":3000000000"#, "priority"),
        (r#""priority":99999999999999999999"#, "priority"),
        (r#""limits":{"per_player":1e40}"#, "limits.per_player"),
        (r#""starts_at":"tomorrow""#, "starts_at"),
        (
            r#""starts_at":"2026-12-02T00:00:00Z","ends_at":"2026-12-01T00:00:00Z""#,
            "ends_at",
        ),
        (r#""exclusive_group":"  ""#, "exclusive_group"),
        (r#""exclusive_group":"a\u0000b""#, "exclusive_group"),
    ] {
        assert_eq!(fields_of(&base(extra)), [field], "{extra}");
    }
}

#[test]
fn names_and_descriptions_have_a_length_limit_and_variants_a_count_limit() {
    let long_name = "n".repeat(MAX_NAME_CHARS + 1);
    assert_eq!(
        fields_of(&format!(
            r#"{{"name":"{long_name}","trigger":{{"event":"login"}},"reward":{CASH}}}"#
        )),
        ["name"]
    );
    let long_text = "d".repeat(MAX_DESCRIPTION_CHARS + 1);
    assert_eq!(
        fields_of(&format!(
            r#"{{"name":"x","description":"{long_text}","trigger":{{"event":"login"}},"reward":{CASH}}}"#
        )),
        ["description"]
    );
    let one = format!(r#"{{"name":"v","weight":1,"reward":{CASH}}}"#);
    let many = vec![one; MAX_VARIANTS + 1].join(",");
    assert_eq!(
        fields_of(&format!(
            r#"{{"name":"x","trigger":{{"event":"login"}},"variants":[{many}]}}"#
        )),
        ["variants"]
    );
}

#[test]
fn cashback_needs_period_end_and_a_percent_bonus_needs_an_amount() {
    let cashback = r#"{"kind":"cashback","percent":"10","max_amount":"50","period":"week"}"#;
    assert_eq!(
        fields_of(&with_reward("deposit", cashback)),
        ["trigger.event"]
    );
    assert!(parse(&with_reward("period_end", cashback)).is_ok());
    let percent =
        r#"{"kind":"bonus_money","percent":"50","max_amount":"100","wagering_multiplier":"5"}"#;
    assert_eq!(
        fields_of(&with_reward("login", percent)),
        ["reward.percent"]
    );
    assert!(parse(&with_reward("deposit", percent)).is_ok());
}

fn facts(event: TriggerEvent) -> EventFacts {
    EventFacts {
        event,
        country: "MT".to_owned(),
        vertical: Some(Vertical::Sportsbook),
        category: None,
        game_code: None,
        amount: Some(eur("25")),
        odds: Some(Odds::parse("1.80").unwrap()),
        first_of_kind: true,
    }
}

#[test]
fn conditions_are_checked_one_by_one_in_a_fixed_order() {
    let campaign = parse(&format!(
        r#"{{"name":"x","trigger":{{"event":"bet_placed","conditions":{{"min_tier":"Gold","game_codes":["slot"],"verticals":["sportsbook"],"countries":["MT"],"min_odds":"2.00","min_amount":"20","first_only":true}}}},"reward":{CASH}}}"#
    ))
    .unwrap();
    let checks = campaign.check_conditions(&facts(TriggerEvent::BetPlaced), |t| t == "Silver");
    let summary: Vec<(&str, bool)> = checks.iter().map(|c| (c.check, c.passed)).collect();
    assert_eq!(
        summary,
        [
            ("first_only", true),
            ("min_amount", true),
            ("min_odds", false),
            ("countries", true),
            ("verticals", true),
            ("game_codes", false),
            ("min_tier", false),
        ]
    );
    assert_eq!(checks[2].detail, "odds 1.80 are below 2.00");
    assert_eq!(checks[1].detail, "amount 25.00 is at least 20.00");
    let plain = parse(&with_reward("login", CASH)).unwrap();
    assert!(
        plain
            .check_conditions(&facts(TriggerEvent::Login), |_| false)
            .is_empty()
    );
}

#[test]
fn a_player_always_lands_in_the_same_place() {
    let (campaign, player) = (Uuid::from_u128(1), Uuid::from_u128(2));
    let first = assign(campaign, player, &[50, 50], 10);
    for _ in 0..10 {
        assert_eq!(assign(campaign, player, &[50, 50], 10), first);
    }
    assert_eq!(bucket(campaign, player), bucket(campaign, player));
    assert_eq!(assign(campaign, player, &[], 0), Assignment::Holdout);
    assert_eq!(assign(campaign, player, &[0, 0], 0), Assignment::Holdout);
}

#[test]
fn assignment_proportions_follow_the_weights_and_the_holdout() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(21);
    let campaign = Uuid::from_u128(rng.random());
    let n = 100_000;
    let mut counts = [0usize; 4];
    for _ in 0..n {
        let player = Uuid::from_u128(rng.random());
        match assign(campaign, player, &[50, 30, 20], 10) {
            Assignment::Holdout => counts[0] += 1,
            Assignment::Variant(i) => counts[i + 1] += 1,
        }
    }
    for (count, expected) in counts.iter().zip([10.0, 45.0, 27.0, 18.0]) {
        let percent = *count as f64 * 100.0 / f64::from(n);
        assert!(
            (percent - expected).abs() < 1.0,
            "{percent} vs {expected} ({counts:?})"
        );
    }
}

#[test]
fn the_index_returns_exactly_the_campaigns_that_can_match() {
    let countries = ["MT", "GB", "DE", "SE", "FI"];
    let mut campaigns = Vec::new();
    for i in 0..1000usize {
        let event = TriggerEvent::ALL[i % TriggerEvent::ALL.len()];
        let countries_json = match i % 3 {
            0 => String::new(),
            1 => format!(r#""countries":["{}"]"#, countries[i % 5]),
            _ => format!(
                r#""countries":["{}","{}"]"#,
                countries[i % 5],
                countries[(i + 1) % 5]
            ),
        };
        let verticals_json = match i % 4 {
            0 | 1 => String::new(),
            2 => r#""verticals":["sportsbook"]"#.to_owned(),
            _ => r#""verticals":["casino","sportsbook"]"#.to_owned(),
        };
        let sep = if countries_json.is_empty() || verticals_json.is_empty() {
            ""
        } else {
            ","
        };
        let reward = if event == TriggerEvent::PeriodEnd {
            r#"{"kind":"cashback","percent":"10","max_amount":"50","period":"day"}"#
        } else {
            CASH
        };
        let json = format!(
            r#"{{"name":"c{i}","trigger":{{"event":"{event}","conditions":{{{countries_json}{sep}{verticals_json}}}}},"reward":{reward}}}"#
        );
        campaigns.push((i, parse(&json).unwrap_or_else(|e| panic!("{json}: {e:?}"))));
    }
    let index = CampaignIndex::new(campaigns.iter().map(|(i, c)| (*i, c)));
    assert_eq!(index.len(), 1000);
    for event in TriggerEvent::ALL {
        for country in ["MT", "de", "US"] {
            for vertical in [None, Some(Vertical::Sportsbook), Some(Vertical::Casino)] {
                let mut found: Vec<usize> = index
                    .candidates(*event, country, vertical)
                    .copied()
                    .collect();
                found.sort_unstable();
                let expected: Vec<usize> = campaigns
                    .iter()
                    .filter(|(_, c)| {
                        let cond = &c.trigger.conditions;
                        c.trigger.event == *event
                            && cond
                                .countries
                                .as_ref()
                                .is_none_or(|cs| cs.iter().any(|x| x.eq_ignore_ascii_case(country)))
                            && cond
                                .verticals
                                .as_ref()
                                .is_none_or(|vs| vertical.is_some_and(|v| vs.contains(&v)))
                    })
                    .map(|(i, _)| *i)
                    .collect();
                assert_eq!(found, expected, "{event} {country} {vertical:?}");
                // Only a small share of the 1,000 is ever looked at.
                assert!(found.len() < 100, "{}", found.len());
            }
        }
    }
}

fn reward(json: &str) -> Reward {
    Reward::parse(
        &serde_json::from_str(json).unwrap(),
        Currency::GBP,
        "reward",
    )
    .unwrap()
}

#[test]
fn gb_caps_wagering_at_10_and_forbids_mixed_products() {
    let heavy = reward(r#"{"kind":"bonus_money","amount":"10","wagering_multiplier":"10.01"}"#);
    assert_eq!(
        rule_violations(&heavy, TriggerEvent::Deposit, None, "GB"),
        [JurisdictionRule::GbWageringCap]
    );
    assert!(rule_violations(&heavy, TriggerEvent::Deposit, None, "MT").is_empty());
    let spins = reward(r#"{"kind":"free_spins","game_code":"slot","rounds":10,"stake":"0.10"}"#);
    assert_eq!(
        rule_violations(&spins, TriggerEvent::BetPlaced, None, "gb"),
        [JurisdictionRule::GbMixedProduct]
    );
    assert!(rule_violations(&spins, TriggerEvent::CasinoRound, None, "GB").is_empty());
    assert!(rule_violations(&spins, TriggerEvent::Deposit, None, "GB").is_empty());
    let free_bet = reward(r#"{"kind":"free_bet","amount":"5"}"#);
    assert_eq!(
        rule_violations(&free_bet, TriggerEvent::CasinoRound, None, "GB"),
        [JurisdictionRule::GbMixedProduct]
    );
    let cash = reward(r#"{"kind":"cash","amount":"5"}"#);
    assert!(rule_violations(&cash, TriggerEvent::CasinoRound, None, "GB").is_empty());
}

#[test]
fn a_campaign_is_refused_only_when_it_can_reward_nobody() {
    let campaign = |countries: &str, variants: &str| {
        Campaign::parse(
            &spec(&format!(
                r#"{{"name":"x","trigger":{{"event":"bet_placed","conditions":{{{countries}}}}},"variants":{variants}}}"#
            )),
            Currency::GBP,
        )
        .unwrap()
    };
    let heavy = r#"{"kind":"bonus_money","amount":"10","wagering_multiplier":"20","contributions":{"casino":"0","slots":"0"}}"#;
    let light = r#"{"kind":"bonus_money","amount":"10","wagering_multiplier":"5","contributions":{"casino":"0","slots":"0"}}"#;
    let spins = r#"{"kind":"free_spins","game_code":"slot","rounds":10,"stake":"0.10"}"#;
    let gb_only = campaign(
        r#""countries":["GB"]"#,
        &format!(
            r#"[{{"name":"A","weight":50,"reward":{heavy}}},{{"name":"B","weight":50,"reward":{spins}}}]"#
        ),
    );
    assert_eq!(
        gb_only.launch_violations(&[]),
        [
            JurisdictionRule::GbWageringCap,
            JurisdictionRule::GbMixedProduct
        ]
    );
    // One variant that GB allows is enough.
    let mixed = campaign(
        r#""countries":["GB"]"#,
        &format!(
            r#"[{{"name":"A","weight":50,"reward":{heavy}}},{{"name":"B","weight":50,"reward":{light}}}]"#
        ),
    );
    assert!(mixed.launch_violations(&[]).is_empty());
    // Without a country condition, the engine's markets count: one
    // market outside GB is enough.
    let anywhere = campaign(
        "",
        &format!(r#"[{{"name":"A","weight":100,"reward":{heavy}}}]"#),
    );
    let markets = |list: &[&str]| list.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        anywhere.launch_violations(&markets(&["GB"])),
        [JurisdictionRule::GbWageringCap]
    );
    assert!(
        anywhere
            .launch_violations(&markets(&["GB", "MT"]))
            .is_empty()
    );
    assert!(anywhere.launch_violations(&[]).is_empty());
    // A free bet for sportsbook or casino bets is mixed only for the
    // casino ones: the sportsbook bettors can still be rewarded.
    let free_bet = r#"{"kind":"free_bet","amount":"5"}"#;
    let both = campaign(
        r#""countries":["GB"],"verticals":["sportsbook","casino"]"#,
        &format!(r#"[{{"name":"A","weight":100,"reward":{free_bet}}}]"#),
    );
    assert!(both.launch_violations(&[]).is_empty());
    let casino_only = campaign(
        r#""countries":["GB"],"verticals":["casino"]"#,
        &format!(r#"[{{"name":"A","weight":100,"reward":{free_bet}}}]"#),
    );
    assert_eq!(
        casino_only.launch_violations(&[]),
        [JurisdictionRule::GbMixedProduct]
    );
}
