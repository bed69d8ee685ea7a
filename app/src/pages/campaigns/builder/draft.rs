//! The builder's form as typed, and its conversion to the wire spec.
//!
//! Rules: every input is kept as the plain string typed (no parsing while
//! editing); [`Draft::to_spec`] trims, leaves out what is blank, sends only
//! the fields the chosen reward kind uses, and records by field path every
//! number that is not a whole number. Amounts stay decimal strings: the
//! engine parses them into minor units, never floats here.

use std::collections::BTreeMap;

use domain::campaign::{CampaignSpec, ConditionsSpec, LimitsSpec, TriggerSpec, VariantSpec};
use domain::reward::RewardSpec;

/// Field path → message.
pub type Errors = BTreeMap<String, String>;

/// One reward as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RewardDraft {
    /// Reward kind code.
    pub kind: String,
    /// Bonus money: `true` for a percent of the qualifying amount.
    pub percent_mode: bool,
    /// Fixed amount.
    pub amount: String,
    /// Percent (bonus money, cashback).
    pub percent: String,
    /// Cap of a percent bonus or cashback.
    pub max_amount: String,
    /// Wagering multiplier.
    pub wagering_multiplier: String,
    /// Shortest odds.
    pub min_odds: String,
    /// Most converted to cash.
    pub max_conversion: String,
    /// Days usable.
    pub expires_in_days: String,
    /// Free spins' game.
    pub game_code: String,
    /// Free spins.
    pub rounds: String,
    /// Stake of a free spin.
    pub stake: String,
    /// Cashback period (`day`, `week`).
    pub period: String,
    /// Coins.
    pub coins: String,
    /// Loyalty points.
    pub points: String,
}

impl Default for RewardDraft {
    fn default() -> Self {
        Self {
            kind: "cash".into(),
            percent_mode: false,
            amount: String::new(),
            percent: String::new(),
            max_amount: String::new(),
            wagering_multiplier: String::new(),
            min_odds: String::new(),
            max_conversion: String::new(),
            expires_in_days: String::new(),
            game_code: String::new(),
            rounds: String::new(),
            stake: String::new(),
            period: "week".into(),
            coins: String::new(),
            points: String::new(),
        }
    }
}

/// One A/B variant as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VariantDraft {
    /// Unique name.
    pub name: String,
    /// Percent of the non-holdout players.
    pub weight: String,
    /// Its reward.
    pub reward: RewardDraft,
}

/// The whole builder form, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Display name.
    pub name: String,
    /// Back-office description, shown to players with the offer.
    pub description: String,
    /// Trigger event code.
    pub event: String,
    /// Players must opt in.
    pub opt_in: bool,
    /// Only the first event of its kind.
    pub first_only: bool,
    /// Smallest qualifying amount.
    pub min_amount: String,
    /// Shortest qualifying odds.
    pub min_odds: String,
    /// Countries, separated by commas or spaces.
    pub countries: String,
    /// Sportsbook events qualify.
    pub sportsbook: bool,
    /// Casino events qualify.
    pub casino: bool,
    /// Game codes, separated by commas or spaces.
    pub game_codes: String,
    /// Lowest loyalty tier.
    pub min_tier: String,
    /// The single reward (when not A/B testing).
    pub reward: RewardDraft,
    /// Rewards per player.
    pub per_player: String,
    /// Total face value.
    pub budget: String,
    /// Exclusive group.
    pub exclusive_group: String,
    /// Priority within the group.
    pub priority: String,
    /// A/B test with `variants` instead of `reward`.
    pub use_variants: bool,
    /// The variants.
    pub variants: Vec<VariantDraft>,
    /// Holdout percent.
    pub holdout: String,
    /// Start, `YYYY-MM-DDTHH:MM` UTC.
    pub starts_at: String,
    /// End, `YYYY-MM-DDTHH:MM` UTC.
    pub ends_at: String,
}

impl Default for Draft {
    fn default() -> Self {
        Self {
            name: String::new(),
            description: String::new(),
            event: "deposit".into(),
            opt_in: false,
            first_only: false,
            min_amount: String::new(),
            min_odds: String::new(),
            countries: String::new(),
            sportsbook: false,
            casino: false,
            game_codes: String::new(),
            min_tier: String::new(),
            reward: RewardDraft::default(),
            per_player: "1".into(),
            budget: String::new(),
            exclusive_group: String::new(),
            priority: String::new(),
            use_variants: false,
            variants: Vec::new(),
            holdout: "0".into(),
            starts_at: String::new(),
            ends_at: String::new(),
        }
    }
}

/// A trimmed text, `None` when blank.
fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// A whole number typed into `field`: `None` when blank; an error recorded
/// when it is not a whole number.
fn whole(s: &str, field: &str, errors: &mut Errors) -> Option<i64> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    match t.parse::<i64>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.insert(field.to_owned(), "must be a whole number".into());
            None
        }
    }
}

/// A list typed with commas or spaces; `None` when empty.
fn list(s: &str, upper: bool) -> Option<Vec<String>> {
    let items: Vec<String> = s
        .split([',', ' ', ';', '\n'])
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .map(|i| {
            if upper {
                i.to_uppercase()
            } else {
                i.to_owned()
            }
        })
        .collect();
    (!items.is_empty()).then_some(items)
}

/// A `datetime-local` value read as UTC, in RFC 3339.
fn utc(s: &str) -> Option<String> {
    let t = opt(s)?;
    // `YYYY-MM-DDTHH:MM` or with seconds; anything else goes as typed and
    // the server names the field.
    Some(match t.len() {
        16 => format!("{t}:00Z"),
        19 => format!("{t}Z"),
        _ => t,
    })
}

impl RewardDraft {
    /// The wire reward: the kind and the fields that kind uses, non-blank.
    /// `path` names the reward in errors (`reward`, `variants[1].reward`).
    pub fn to_spec(&self, path: &str, errors: &mut Errors) -> RewardSpec {
        let days = |errors: &mut Errors| {
            whole(
                &self.expires_in_days,
                &format!("{path}.expires_in_days"),
                errors,
            )
        };
        let mut spec = RewardSpec {
            kind: self.kind.clone(),
            ..RewardSpec::default()
        };
        match self.kind.as_str() {
            "cash" => spec.amount = opt(&self.amount),
            "bonus_money" => {
                if self.percent_mode {
                    spec.percent = opt(&self.percent);
                    spec.max_amount = opt(&self.max_amount);
                } else {
                    spec.amount = opt(&self.amount);
                }
                spec.wagering_multiplier = opt(&self.wagering_multiplier);
                spec.min_odds = opt(&self.min_odds);
                spec.max_conversion = opt(&self.max_conversion);
                spec.expires_in_days = days(errors);
            }
            "free_bet" => {
                spec.amount = opt(&self.amount);
                spec.min_odds = opt(&self.min_odds);
                spec.expires_in_days = days(errors);
            }
            "free_spins" => {
                spec.game_code = opt(&self.game_code);
                spec.rounds = whole(&self.rounds, &format!("{path}.rounds"), errors);
                spec.stake = opt(&self.stake);
                spec.wagering_multiplier = opt(&self.wagering_multiplier);
                spec.expires_in_days = days(errors);
            }
            "cashback" => {
                spec.percent = opt(&self.percent);
                spec.max_amount = opt(&self.max_amount);
                spec.period = opt(&self.period);
            }
            "coins" => spec.coins = whole(&self.coins, &format!("{path}.coins"), errors),
            "loyalty_points" => {
                spec.points = whole(&self.points, &format!("{path}.points"), errors)
            }
            _ => {}
        }
        spec
    }
}

impl Draft {
    /// The wire campaign, and the problems found while reading the form
    /// (numbers that are not whole numbers), by field path. An `opt_in`
    /// trigger always makes the campaign opt-in: the player's opt-in is
    /// the event.
    pub fn to_spec(&self) -> (CampaignSpec, Errors) {
        let mut errors = Errors::new();
        let verticals: Vec<String> = [("sportsbook", self.sportsbook), ("casino", self.casino)]
            .into_iter()
            .filter(|(_, on)| *on)
            .map(|(v, _)| v.to_owned())
            .collect();
        let conditions = ConditionsSpec {
            first_only: self.first_only.then_some(true),
            min_amount: opt(&self.min_amount),
            min_odds: opt(&self.min_odds),
            countries: list(&self.countries, true),
            verticals: (!verticals.is_empty()).then_some(verticals),
            game_codes: list(&self.game_codes, false),
            min_tier: opt(&self.min_tier),
        };
        let (reward, variants) = if self.use_variants {
            let variants = self
                .variants
                .iter()
                .enumerate()
                .map(|(i, v)| VariantSpec {
                    name: v.name.trim().to_owned(),
                    weight: whole(&v.weight, &format!("variants[{i}].weight"), &mut errors)
                        .unwrap_or(0),
                    reward: v
                        .reward
                        .to_spec(&format!("variants[{i}].reward"), &mut errors),
                })
                .collect();
            (None, Some(variants))
        } else {
            (Some(self.reward.to_spec("reward", &mut errors)), None)
        };
        let spec = CampaignSpec {
            name: self.name.trim().to_owned(),
            description: opt(&self.description),
            trigger: TriggerSpec {
                event: self.event.clone(),
                conditions,
            },
            reward,
            limits: Some(LimitsSpec {
                per_player: whole(&self.per_player, "limits.per_player", &mut errors),
                budget: opt(&self.budget),
            }),
            opt_in: self.opt_in || self.event == "opt_in",
            exclusive_group: opt(&self.exclusive_group),
            priority: whole(&self.priority, "priority", &mut errors),
            variants,
            holdout_percent: whole(&self.holdout, "holdout_percent", &mut errors),
            starts_at: utc(&self.starts_at),
            ends_at: utc(&self.ends_at),
        };
        (spec, errors)
    }
}

impl Draft {
    /// Turns A/B testing on or off; turning it on with no variants yet
    /// starts two, `A` and `B` at 50 each, both with the single reward.
    pub fn set_use_variants(&mut self, on: bool) {
        self.use_variants = on;
        if on && self.variants.is_empty() {
            for name in ["A", "B"] {
                self.variants.push(VariantDraft {
                    name: name.into(),
                    weight: "50".into(),
                    reward: self.reward.clone(),
                });
            }
        }
    }

    /// Adds a variant lettered by its position, with the single reward and
    /// no weight yet; nothing past [`domain::campaign::MAX_VARIANTS`].
    pub fn add_variant(&mut self) {
        let n = self.variants.len();
        if n < domain::campaign::MAX_VARIANTS {
            let letter = char::from(b'A' + (n % 26) as u8);
            self.variants.push(VariantDraft {
                name: letter.to_string(),
                weight: String::new(),
                reward: self.reward.clone(),
            });
        }
    }

    /// Removes variant `i`, if there is one.
    pub fn remove_variant(&mut self, i: usize) {
        if i < self.variants.len() {
            self.variants.remove(i);
        }
    }

    /// The variants' weights added up, a weight that is not a whole number
    /// counting as 0.
    pub fn weights_total(&self) -> i64 {
        self.variants
            .iter()
            .map(|v| v.weight.trim().parse::<i64>().unwrap_or(0))
            .sum()
    }
}

/// Where a reward lives in the draft: the single reward or variant `i`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    /// The campaign's one reward.
    Single,
    /// The reward of variant `i`.
    Variant(usize),
}

impl Slot {
    pub(super) fn get(self, d: &Draft) -> Option<&RewardDraft> {
        match self {
            Slot::Single => Some(&d.reward),
            Slot::Variant(i) => d.variants.get(i).map(|v| &v.reward),
        }
    }
    pub(super) fn get_mut(self, d: &mut Draft) -> Option<&mut RewardDraft> {
        match self {
            Slot::Single => Some(&mut d.reward),
            Slot::Variant(i) => d.variants.get_mut(i).map(|v| &mut v.reward),
        }
    }
    /// The field path of the reward.
    pub(super) fn path(self) -> String {
        match self {
            Slot::Single => "reward".into(),
            Slot::Variant(i) => format!("variants[{i}].reward"),
        }
    }
    /// The prefix of the inputs' ids.
    pub(super) fn id(self) -> String {
        match self {
            Slot::Single => "reward".into(),
            Slot::Variant(i) => format!("v{i}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cash(amount: &str) -> RewardDraft {
        RewardDraft {
            amount: amount.into(),
            ..RewardDraft::default()
        }
    }

    #[test]
    fn a_cash_reward_sends_only_its_amount() {
        let mut errors = Errors::new();
        let mut reward = cash(" 5.00 ");
        reward.wagering_multiplier = "30".into();
        let spec = reward.to_spec("reward", &mut errors);
        assert_eq!(spec.kind, "cash");
        assert_eq!(spec.amount.as_deref(), Some("5.00"));
        assert_eq!(spec.wagering_multiplier, None);
        assert!(errors.is_empty());
    }

    #[test]
    fn a_percent_bonus_sends_percent_and_maximum_instead_of_an_amount() {
        let mut errors = Errors::new();
        let reward = RewardDraft {
            kind: "bonus_money".into(),
            percent_mode: true,
            amount: "10".into(),
            percent: "100".into(),
            max_amount: "200".into(),
            wagering_multiplier: "10".into(),
            expires_in_days: "30".into(),
            ..RewardDraft::default()
        };
        let spec = reward.to_spec("reward", &mut errors);
        assert_eq!(spec.amount, None);
        assert_eq!(spec.percent.as_deref(), Some("100"));
        assert_eq!(spec.max_amount.as_deref(), Some("200"));
        assert_eq!(spec.expires_in_days, Some(30));
    }

    #[test]
    fn an_opt_in_trigger_makes_the_campaign_opt_in_and_blank_fields_stay_out() {
        let draft = Draft {
            name: "Welcome".into(),
            event: "opt_in".into(),
            reward: cash("5.00"),
            countries: "gb, mt".into(),
            ..Draft::default()
        };
        let (spec, errors) = draft.to_spec();
        assert!(errors.is_empty());
        assert!(spec.opt_in);
        assert_eq!(
            spec.trigger.conditions.countries,
            Some(vec!["GB".into(), "MT".into()])
        );
        assert_eq!(spec.trigger.conditions.min_amount, None);
        assert_eq!(spec.variants, None);
        assert_eq!(spec.starts_at, None);
        assert!(domain::campaign::Campaign::parse(&spec, domain::money::Currency::EUR).is_ok());
    }

    #[test]
    fn variants_replace_the_reward_and_a_bad_weight_is_named() {
        let draft = Draft {
            name: "Split".into(),
            use_variants: true,
            variants: vec![
                VariantDraft {
                    name: "A".into(),
                    weight: "50".into(),
                    reward: cash("5"),
                },
                VariantDraft {
                    name: "B".into(),
                    weight: "fifty".into(),
                    reward: cash("10"),
                },
            ],
            starts_at: "2027-01-01T10:00".into(),
            ..Draft::default()
        };
        let (spec, errors) = draft.to_spec();
        assert_eq!(spec.reward, None);
        assert_eq!(spec.variants.as_ref().map(Vec::len), Some(2));
        assert_eq!(spec.starts_at.as_deref(), Some("2027-01-01T10:00:00Z"));
        assert!(errors.contains_key("variants[1].weight"));
    }

    #[test]
    fn turning_a_b_testing_on_starts_two_even_variants_with_the_reward() {
        let mut draft = Draft {
            reward: cash("5"),
            ..Draft::default()
        };
        draft.set_use_variants(true);
        let names: Vec<&str> = draft.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["A", "B"]);
        assert_eq!(draft.weights_total(), 100);
        assert!(draft.variants.iter().all(|v| v.reward == cash("5")));
        draft.add_variant();
        assert_eq!(draft.variants[2].name, "C");
        assert_eq!(draft.weights_total(), 100);
        draft.remove_variant(0);
        draft.remove_variant(9);
        assert_eq!(draft.variants.len(), 2);
        draft.set_use_variants(false);
        draft.set_use_variants(true);
        assert_eq!(draft.variants.len(), 2);
    }
}
