//! The programme editor's and the store item form's data as typed, and
//! their conversion to the wire bodies.
//!
//! Rules: every input is kept as the plain string typed; `to_spec` trims,
//! leaves out what is blank, and records by wire field path
//! (`tiers[1].threshold`) every count that is not a whole number, so the
//! form can name it before anything is sent. Amounts, odds, multipliers
//! and percents stay decimal strings: the engine parses them, never floats
//! here.

use domain::api::loyalty::{EarningRuleSpec, ProgrammeSpec, StoreItemSpec, TierSpec, VipRulesSpec};

use crate::components::inputs::Errors;
use crate::pages::campaigns::builder::RewardDraft;
use crate::pages::campaigns::builder::reward::RewardSlot;

/// One earning rule as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleDraft {
    /// `sportsbook` or `casino`.
    pub vertical: String,
    /// Casino category, blank for any.
    pub category: String,
    /// The stake that earns the points.
    pub per: String,
    /// Points per `per`.
    pub points: String,
    /// Shortest odds (sportsbook).
    pub min_odds: String,
}

impl Default for RuleDraft {
    fn default() -> Self {
        Self {
            vertical: "casino".into(),
            category: String::new(),
            per: String::new(),
            points: "1".into(),
            min_odds: String::new(),
        }
    }
}

/// One tier as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TierDraft {
    /// Its name.
    pub name: String,
    /// Qualifying points.
    pub threshold: String,
    /// Points multiplier, blank for 1.
    pub points_multiplier: String,
    /// Cashback percent, blank for none.
    pub cashback_percent: String,
}

/// The programme as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeDraft {
    /// Earning rules.
    pub earning: Vec<RuleDraft>,
    /// Tiers, lowest first.
    pub tiers: Vec<TierDraft>,
    /// The qualification window in days.
    pub qualification_days: String,
    /// The downgrade grace in days.
    pub downgrade_grace_days: String,
    /// VIP rule: least deposits over 30 days.
    pub min_deposits_30d: String,
    /// VIP rule: least GGR over 30 days.
    pub min_ggr_30d: String,
}

impl Default for ProgrammeDraft {
    fn default() -> Self {
        Self {
            earning: vec![RuleDraft::default()],
            tiers: vec![TierDraft {
                threshold: "0".into(),
                ..TierDraft::default()
            }],
            qualification_days: "90".into(),
            downgrade_grace_days: "30".into(),
            min_deposits_30d: String::new(),
            min_ggr_30d: String::new(),
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

/// A required whole number: blank is an error too.
fn required(s: &str, field: &str, errors: &mut Errors) -> i64 {
    if s.trim().is_empty() {
        errors.insert(field.to_owned(), "is required".into());
        return 0;
    }
    whole(s, field, errors).unwrap_or(0)
}

impl ProgrammeDraft {
    /// The form holding `spec` (the programme as saved).
    pub fn of(spec: &ProgrammeSpec) -> Self {
        let vip = spec.vip_rules.clone().unwrap_or_default();
        Self {
            earning: spec
                .earning
                .iter()
                .map(|r| RuleDraft {
                    vertical: r.vertical.clone(),
                    category: r.category.clone().unwrap_or_default(),
                    per: r.per.clone(),
                    points: r.points.to_string(),
                    min_odds: r.min_odds.clone().unwrap_or_default(),
                })
                .collect(),
            tiers: spec
                .tiers
                .iter()
                .map(|t| TierDraft {
                    name: t.name.clone(),
                    threshold: t.threshold.to_string(),
                    points_multiplier: t.points_multiplier.clone().unwrap_or_default(),
                    cashback_percent: t.cashback_percent.clone().unwrap_or_default(),
                })
                .collect(),
            qualification_days: spec.qualification_days.to_string(),
            downgrade_grace_days: spec.downgrade_grace_days.to_string(),
            min_deposits_30d: vip.min_deposits_30d.unwrap_or_default(),
            min_ggr_30d: vip.min_ggr_30d.unwrap_or_default(),
        }
    }

    /// The wire programme and the problems found reading the form.
    pub fn to_spec(&self) -> (ProgrammeSpec, Errors) {
        let mut errors = Errors::new();
        let earning = self
            .earning
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let sportsbook = r.vertical == "sportsbook";
                EarningRuleSpec {
                    vertical: r.vertical.clone(),
                    category: if sportsbook { None } else { opt(&r.category) },
                    per: r.per.trim().to_owned(),
                    points: required(&r.points, &format!("earning[{i}].points"), &mut errors),
                    min_odds: if sportsbook { opt(&r.min_odds) } else { None },
                }
            })
            .collect();
        let tiers = self
            .tiers
            .iter()
            .enumerate()
            .map(|(i, t)| TierSpec {
                name: t.name.trim().to_owned(),
                threshold: required(&t.threshold, &format!("tiers[{i}].threshold"), &mut errors),
                points_multiplier: opt(&t.points_multiplier),
                cashback_percent: opt(&t.cashback_percent),
            })
            .collect();
        let vip = VipRulesSpec {
            min_deposits_30d: opt(&self.min_deposits_30d),
            min_ggr_30d: opt(&self.min_ggr_30d),
        };
        let spec = ProgrammeSpec {
            earning,
            tiers,
            qualification_days: required(
                &self.qualification_days,
                "qualification_days",
                &mut errors,
            ),
            downgrade_grace_days: required(
                &self.downgrade_grace_days,
                "downgrade_grace_days",
                &mut errors,
            ),
            vip_rules: (vip != VipRulesSpec::default()).then_some(vip),
        };
        (spec, errors)
    }
}

/// A store item as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemDraft {
    /// Its name.
    pub name: String,
    /// Price in points, blank for none.
    pub cost_points: String,
    /// Price in coins, blank for none.
    pub cost_coins: String,
    /// Stock, blank for unlimited.
    pub stock: String,
    /// Lowest tier, blank for every tier.
    pub min_tier: String,
    /// What the player receives.
    pub reward: RewardDraft,
}

impl ItemDraft {
    /// The wire item and the problems found reading the form.
    pub fn to_spec(&self) -> (StoreItemSpec, Errors) {
        let mut errors = Errors::new();
        let spec = StoreItemSpec {
            name: self.name.trim().to_owned(),
            cost_points: whole(&self.cost_points, "cost_points", &mut errors),
            cost_coins: whole(&self.cost_coins, "cost_coins", &mut errors),
            reward: self.reward.to_spec("reward", &mut errors),
            stock: whole(&self.stock, "stock", &mut errors),
            min_tier: opt(&self.min_tier),
        };
        (spec, errors)
    }
}

/// The store item form's one reward.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemReward;

impl RewardSlot for ItemReward {
    type Draft = ItemDraft;
    fn reward(self, d: &ItemDraft) -> Option<&RewardDraft> {
        Some(&d.reward)
    }
    fn reward_mut(self, d: &mut ItemDraft) -> Option<&mut RewardDraft> {
        Some(&mut d.reward)
    }
    fn path(self) -> String {
        "reward".into()
    }
    fn id(self) -> String {
        "item-reward".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_programme_reads_back_into_the_same_body() {
        let spec = ProgrammeSpec {
            earning: vec![
                EarningRuleSpec {
                    vertical: "sportsbook".into(),
                    category: None,
                    per: "1.00".into(),
                    points: 1,
                    min_odds: Some("1.50".into()),
                },
                EarningRuleSpec {
                    vertical: "casino".into(),
                    category: Some("table".into()),
                    per: "10.00".into(),
                    points: 1,
                    min_odds: None,
                },
            ],
            tiers: vec![
                TierSpec {
                    name: "Bronze".into(),
                    threshold: 0,
                    ..TierSpec::default()
                },
                TierSpec {
                    name: "Silver".into(),
                    threshold: 1000,
                    points_multiplier: Some("1.25".into()),
                    cashback_percent: Some("5".into()),
                },
            ],
            qualification_days: 90,
            downgrade_grace_days: 30,
            vip_rules: Some(VipRulesSpec {
                min_deposits_30d: Some("5000.00".into()),
                min_ggr_30d: None,
            }),
        };
        let (back, errors) = ProgrammeDraft::of(&spec).to_spec();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(back, spec);
    }

    #[test]
    fn counts_that_are_not_whole_numbers_are_named_by_their_wire_path() {
        let mut draft = ProgrammeDraft::default();
        draft.tiers.push(TierDraft {
            name: "Silver".into(),
            threshold: "1e3".into(),
            ..TierDraft::default()
        });
        draft.earning[0].points = String::new();
        draft.qualification_days = "ninety".into();
        let (_, errors) = draft.to_spec();
        let keys: Vec<&str> = errors.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "earning[0].points",
                "qualification_days",
                "tiers[1].threshold"
            ]
        );
    }

    #[test]
    fn sportsbook_rules_send_odds_and_casino_rules_a_category_only() {
        let draft = ProgrammeDraft {
            earning: vec![
                RuleDraft {
                    vertical: "sportsbook".into(),
                    category: "slots".into(),
                    per: " 1.00 ".into(),
                    points: "2".into(),
                    min_odds: "1.50".into(),
                },
                RuleDraft {
                    vertical: "casino".into(),
                    category: " ".into(),
                    per: "1".into(),
                    points: "1".into(),
                    min_odds: "2.00".into(),
                },
            ],
            ..ProgrammeDraft::default()
        };
        let (spec, _) = draft.to_spec();
        assert_eq!(spec.earning[0].category, None);
        assert_eq!(spec.earning[0].min_odds.as_deref(), Some("1.50"));
        assert_eq!(spec.earning[0].per, "1.00");
        assert_eq!(spec.earning[1].category, None);
        assert_eq!(spec.earning[1].min_odds, None);
        assert_eq!(spec.vip_rules, None);
    }

    #[test]
    fn an_item_sends_only_the_prices_given() {
        let draft = ItemDraft {
            name: " Free spins ".into(),
            cost_points: "500".into(),
            stock: "ten".into(),
            reward: RewardDraft {
                kind: "coins".into(),
                coins: "20".into(),
                ..RewardDraft::default()
            },
            ..ItemDraft::default()
        };
        let (spec, errors) = draft.to_spec();
        assert_eq!(spec.name, "Free spins");
        assert_eq!(spec.cost_points, Some(500));
        assert_eq!(spec.cost_coins, None);
        assert_eq!(spec.reward.coins, Some(20));
        assert!(errors.contains_key("stock"));
    }
}
