//! The loyalty programme's pure rules: the programme parsed strictly from
//! its body, the points a stake earns, the tier a player holds and the
//! tier above it.
//!
//! Rules (API.md "Loyalty"):
//! - A programme has earning rules (vertical `sportsbook` or `casino`, an
//!   optional casino category, `per` > 0 in the reporting currency,
//!   `points` > 0, optional `min_odds` for the sportsbook), tiers (unique
//!   names, thresholds non-negative integers strictly increasing from 0,
//!   `points_multiplier` ≥ 1, `cashback_percent` 0–100),
//!   `qualification_days` 1–730, `downgrade_grace_days` 0–365 and optional
//!   VIP rules. Every problem is reported, naming its field
//!   (`tiers[1].threshold`).
//! - A stake earns `floor(floor(stake ÷ per) × points × multiplier)`, the
//!   multiplier being that of the tier held when the points are earned.
//! - A casino round earns by the rule naming its category, else by the
//!   casino rule without a category; a bet earns by the sportsbook rule
//!   when its odds reach `min_odds`.
//! - The tier is the highest whose threshold the points earned in the
//!   window reach. A player below their tier's threshold keeps it for
//!   `downgrade_grace_days` from when they fell below; a rise (or a return
//!   above the threshold) applies at once and ends the grace.
//! - Tier cashback: a tier's `cashback_percent` of the player's net loss
//!   (stakes of settled bets and played casino rounds minus what they
//!   returned, per currency) over each weekly period (Monday 00:00 UTC to
//!   the next Monday, [`cashback_period`]), rounded down to the minor unit
//!   and paid in cash once the period is over; nothing for a net win, a
//!   break-even or a tier without cashback ([`tier_cashback`]).

use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::api::loyalty::{EarningRuleSpec, NextTier, ProgrammeSpec, TierSpec, VipRulesSpec};
use crate::betting::Odds;
use crate::campaign::Vertical;
use crate::money::{Currency, Money};
use crate::reward::CashbackPeriod;
use crate::validation::{FieldError, FieldErrors, index, join};

/// Most earning rules.
pub const MAX_RULES: usize = 50;
/// Most tiers.
pub const MAX_TIERS: usize = 20;
/// Longest tier name.
pub const MAX_TIER_NAME_CHARS: usize = 50;
/// Longest casino category.
pub const MAX_CATEGORY_CHARS: usize = 50;
/// Largest points per rule (a sane cap far below overflow).
pub const MAX_RULE_POINTS: i64 = 1_000_000;
/// Largest tier threshold.
pub const MAX_THRESHOLD: i64 = 1_000_000_000_000;
/// Largest points multiplier.
pub const MAX_MULTIPLIER: i64 = 100;
/// Range of `qualification_days`.
pub const QUALIFICATION_DAYS: std::ops::RangeInclusive<i64> = 1..=730;
/// Range of `downgrade_grace_days`.
pub const GRACE_DAYS: std::ops::RangeInclusive<i64> = 0..=365;

/// One earning rule, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarningRule {
    /// The vertical.
    pub vertical: Vertical,
    /// The casino category (casino only; `None`: any other category).
    pub category: Option<String>,
    /// The stake that earns `points`.
    pub per: Money,
    /// Points per `per`.
    pub points: i64,
    /// Shortest odds that earn (sportsbook only).
    pub min_odds: Option<Odds>,
}

/// One tier, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tier {
    /// Its name.
    pub name: String,
    /// Points earned in the window that reach it.
    pub threshold: i64,
    /// Multiplies earned points (1 when the body names none).
    pub points_multiplier: Decimal,
    /// Percent of the net loss paid back, if any.
    pub cashback_percent: Option<Decimal>,
}

/// VIP rules, parsed (reporting currency).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VipRules {
    /// Least completed deposits over 30 days.
    pub min_deposits_30d: Option<Money>,
    /// Least gross gaming revenue over 30 days.
    pub min_ggr_30d: Option<Money>,
}

/// A valid programme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Programme {
    /// Earning rules.
    pub earning: Vec<EarningRule>,
    /// Tiers, thresholds strictly increasing from 0.
    pub tiers: Vec<Tier>,
    /// The qualification window.
    pub qualification_days: i64,
    /// The downgrade grace.
    pub downgrade_grace_days: i64,
    /// VIP rules (none given: nobody is a VIP by rule).
    pub vip_rules: Option<VipRules>,
}

/// A tier as one player holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierState {
    /// The tier's name.
    pub tier: String,
    /// Since when it is held.
    pub since: DateTime<Utc>,
    /// When the player fell below its threshold (the grace started).
    pub below_since: Option<DateTime<Utc>>,
}

impl Programme {
    /// Validates `spec` whose money is in `currency` (the reporting
    /// currency); every problem is reported with its field.
    pub fn parse(spec: &ProgrammeSpec, currency: Currency) -> Result<Programme, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        if spec.earning.len() > MAX_RULES {
            errors.add("earning", format!("at most {MAX_RULES} rules"));
        }
        let earning: Vec<Option<EarningRule>> = spec
            .earning
            .iter()
            .enumerate()
            .map(|(i, r)| parse_rule(r, currency, &index("earning", i), &mut errors))
            .collect();
        let mut seen_rules = std::collections::HashSet::new();
        for (i, rule) in earning.iter().enumerate() {
            if let Some(rule) = rule
                && !seen_rules.insert((rule.vertical, rule.category.clone()))
            {
                errors.add(
                    index("earning", i),
                    "another rule has this vertical and category",
                );
            }
        }
        let tiers = parse_tiers(&spec.tiers, &mut errors);
        if !QUALIFICATION_DAYS.contains(&spec.qualification_days) {
            errors.add("qualification_days", "must be a whole number from 1 to 730");
        }
        if !GRACE_DAYS.contains(&spec.downgrade_grace_days) {
            errors.add(
                "downgrade_grace_days",
                "must be a whole number from 0 to 365",
            );
        }
        let vip_rules = spec
            .vip_rules
            .as_ref()
            .map(|v| parse_vip(v, currency, &mut errors));
        let built = (|| {
            Some(Programme {
                earning: earning.into_iter().collect::<Option<Vec<_>>>()?,
                tiers: tiers?,
                qualification_days: spec.qualification_days,
                downgrade_grace_days: spec.downgrade_grace_days,
                vip_rules,
            })
        })();
        errors.finish(built, "programme")
    }

    /// The body this programme was parsed from, normalized.
    pub fn to_spec(&self) -> ProgrammeSpec {
        ProgrammeSpec {
            earning: self
                .earning
                .iter()
                .map(|r| EarningRuleSpec {
                    vertical: r.vertical.code().to_owned(),
                    category: r.category.clone(),
                    per: r.per.format_amount(),
                    points: r.points,
                    min_odds: r.min_odds.map(|o| o.value().normalize().to_string()),
                })
                .collect(),
            tiers: self
                .tiers
                .iter()
                .map(|t| TierSpec {
                    name: t.name.clone(),
                    threshold: t.threshold,
                    points_multiplier: (t.points_multiplier != Decimal::ONE)
                        .then(|| t.points_multiplier.normalize().to_string()),
                    cashback_percent: t.cashback_percent.map(|p| p.normalize().to_string()),
                })
                .collect(),
            qualification_days: self.qualification_days,
            downgrade_grace_days: self.downgrade_grace_days,
            vip_rules: self.vip_rules.map(|v| VipRulesSpec {
                min_deposits_30d: v.min_deposits_30d.map(Money::format_amount),
                min_ggr_30d: v.min_ggr_30d.map(Money::format_amount),
            }),
        }
    }

    /// The tier named `name`.
    pub fn tier(&self, name: &str) -> Option<&Tier> {
        self.tiers.iter().find(|t| t.name == name)
    }

    /// Position of the tier named `name` (0: the lowest).
    pub fn rank_of(&self, name: &str) -> Option<usize> {
        self.tiers.iter().position(|t| t.name == name)
    }

    /// The highest tier whose threshold `qualifying` reaches.
    pub fn tier_for(&self, qualifying: i64) -> &Tier {
        self.tiers
            .iter()
            .rev()
            .find(|t| t.threshold <= qualifying)
            .unwrap_or(&self.tiers[0])
    }

    /// The tier above the one named `held` (null at the top; the lowest
    /// tier's successor for an unknown name).
    pub fn next_tier(&self, held: &str) -> Option<NextTier> {
        let next = match self.rank_of(held) {
            Some(i) => self.tiers.get(i + 1),
            None => self.tiers.get(1),
        }?;
        Some(NextTier {
            name: next.name.clone(),
            threshold: next.threshold,
        })
    }

    /// The rule a stake of `vertical` (and casino `category`) earns by.
    pub fn rule_for(&self, vertical: Vertical, category: Option<&str>) -> Option<&EarningRule> {
        let of_vertical = || self.earning.iter().filter(move |r| r.vertical == vertical);
        if vertical == Vertical::Casino
            && let Some(category) = category
            && let Some(rule) = of_vertical().find(|r| r.category.as_deref() == Some(category))
        {
            return Some(rule);
        }
        of_vertical().find(|r| r.category.is_none())
    }

    /// The state after the player's points earned in the window became
    /// `qualifying` at `now`, from `state` (none: never placed). See the
    /// module rules: rises apply at once, falls after the grace.
    pub fn next_state(
        &self,
        state: Option<&TierState>,
        qualifying: i64,
        now: DateTime<Utc>,
    ) -> TierState {
        let target = self.tier_for(qualifying);
        let target_rank = self.rank_of(&target.name).unwrap_or(0);
        let fresh = |below_since| TierState {
            tier: target.name.clone(),
            since: now,
            below_since,
        };
        let Some(state) = state else {
            return fresh(None);
        };
        let Some(held_rank) = self.rank_of(&state.tier) else {
            return fresh(None);
        };
        if target_rank > held_rank {
            return fresh(None);
        }
        if target_rank == held_rank {
            return TierState {
                below_since: None,
                ..state.clone()
            };
        }
        let below_since = state.below_since.unwrap_or(now);
        if now >= below_since + Duration::days(self.downgrade_grace_days) {
            return fresh(None);
        }
        TierState {
            below_since: Some(below_since),
            ..state.clone()
        }
    }
}

/// The period tier cashback is measured and paid over: a week.
pub const CASHBACK_PERIOD: CashbackPeriod = CashbackPeriod::Week;

/// Most cashback periods one run pays (a job down for longer catches up
/// over several runs).
pub const MAX_CASHBACK_PERIODS_PER_RUN: usize = 8;

impl Programme {
    /// True when some tier pays cashback (a percent above zero).
    pub fn pays_cashback(&self) -> bool {
        self.tiers
            .iter()
            .any(|t| t.cashback_percent.is_some_and(|p| p > Decimal::ZERO))
    }
}

/// The tier cashback period containing `at`, as `[start, end)`: Monday
/// 00:00 UTC to the next Monday 00:00 UTC.
pub fn cashback_period(at: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    crate::bonus::cashback_period_bounds(CASHBACK_PERIOD, at)
}

/// The starts of the periods that follow the period starting at `last`
/// and have ended by `now`, oldest first, at most
/// [`MAX_CASHBACK_PERIODS_PER_RUN`]: the periods a run still has to open
/// and pay (a missed week is paid by the next run).
pub fn cashback_periods_after(last: DateTime<Utc>, now: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let mut out = Vec::new();
    let (_, mut next) = cashback_period(last);
    while out.len() < MAX_CASHBACK_PERIODS_PER_RUN {
        let (start, end) = cashback_period(next);
        if start != next || end > now {
            break;
        }
        out.push(start);
        next = end;
    }
    out
}

/// A tier's cashback on a period's `net_loss`: `percent` of it rounded
/// down to the minor unit, in the loss's currency; zero for a net win or
/// break-even, and for no (or a zero) percent.
pub fn tier_cashback(net_loss: Money, percent: Option<Decimal>) -> Money {
    let zero = Money::zero(net_loss.currency());
    match percent {
        Some(p) if p > Decimal::ZERO && net_loss.is_positive() => {
            // Only overflow fails, far beyond any real loss: pay nothing
            // rather than guess.
            crate::reward::percent_of(net_loss, p.min(Decimal::ONE_HUNDRED)).unwrap_or(zero)
        }
        _ => zero,
    }
}

/// `floor(floor(stake ÷ per) × points × multiplier)`: the points a stake
/// earns (0 for a stake below `per`, a non-positive one, or `per` in
/// another currency).
pub fn points_for(stake: Money, per: Money, points: i64, multiplier: Decimal) -> i64 {
    if stake.currency() != per.currency() || !stake.is_positive() || !per.is_positive() {
        return 0;
    }
    let units = stake.minor() / per.minor();
    let raw = Decimal::from(units)
        .checked_mul(Decimal::from(points))
        .and_then(|d| d.checked_mul(multiplier));
    raw.and_then(|d| d.floor().to_i64())
        .unwrap_or(i64::MAX)
        .clamp(0, crate::reward::MAX_UNITS)
}

fn parse_rule(
    r: &EarningRuleSpec,
    currency: Currency,
    path: &str,
    errors: &mut FieldErrors,
) -> Option<EarningRule> {
    let vertical = errors.take(&join(path, "vertical"), r.vertical.parse::<Vertical>());
    let mut category = None;
    if let Some(c) = &r.category {
        let c = c.trim();
        if vertical == Some(Vertical::Sportsbook) {
            errors.add(join(path, "category"), "only casino rules have a category");
        } else if c.is_empty() || c.chars().count() > MAX_CATEGORY_CHARS {
            errors.add(join(path, "category"), "must be 1 to 50 characters");
        } else {
            category = Some(c.to_owned());
        }
    }
    let per = errors.take(&join(path, "per"), Money::parse_positive(&r.per, currency));
    let mut points = Some(r.points);
    if !(1..=MAX_RULE_POINTS).contains(&r.points) {
        errors.add(
            join(path, "points"),
            "must be a whole number from 1 to 1000000",
        );
        points = None;
    }
    let mut min_odds = None;
    if let Some(o) = &r.min_odds {
        if vertical == Some(Vertical::Casino) {
            errors.add(
                join(path, "min_odds"),
                "only sportsbook rules have min_odds",
            );
        } else {
            min_odds = errors.take(&join(path, "min_odds"), Odds::parse(o));
        }
    }
    Some(EarningRule {
        vertical: vertical?,
        category,
        per: per?,
        points: points?,
        min_odds,
    })
}

fn parse_tiers(specs: &[TierSpec], errors: &mut FieldErrors) -> Option<Vec<Tier>> {
    if specs.is_empty() {
        errors.add("tiers", "at least one tier is required");
        return None;
    }
    if specs.len() > MAX_TIERS {
        errors.add("tiers", format!("at most {MAX_TIERS} tiers"));
    }
    let mut tiers = Vec::with_capacity(specs.len());
    let mut ok = true;
    for (i, t) in specs.iter().enumerate() {
        let path = index("tiers", i);
        let name = t.name.trim();
        if name.is_empty() || name.chars().count() > MAX_TIER_NAME_CHARS {
            errors.add(join(&path, "name"), "must be 1 to 50 characters");
            ok = false;
        } else if specs[..i].iter().any(|o| o.name.trim() == name) {
            errors.add(join(&path, "name"), "another tier has this name");
            ok = false;
        }
        if !(0..=MAX_THRESHOLD).contains(&t.threshold) {
            errors.add(
                join(&path, "threshold"),
                "must be a non-negative whole number",
            );
            ok = false;
        } else if i == 0 && t.threshold != 0 {
            errors.add(join(&path, "threshold"), "the first tier starts at 0");
            ok = false;
        } else if i > 0 && t.threshold <= specs[i - 1].threshold {
            errors.add(
                join(&path, "threshold"),
                "must be above the previous tier's threshold",
            );
            ok = false;
        }
        let multiplier = match &t.points_multiplier {
            None => Some(Decimal::ONE),
            Some(m) => match Decimal::from_str(m.trim()) {
                Ok(d)
                    if d >= Decimal::ONE
                        && d <= Decimal::from(MAX_MULTIPLIER)
                        && d.scale() <= 4 =>
                {
                    Some(d)
                }
                _ => {
                    errors.add(
                        join(&path, "points_multiplier"),
                        "must be a decimal from 1 to 100 (at most 4 places)",
                    );
                    None
                }
            },
        };
        let cashback = match &t.cashback_percent {
            None => Some(None),
            Some(p) => match Decimal::from_str(p.trim()) {
                Ok(d) if d >= Decimal::ZERO && d <= Decimal::ONE_HUNDRED && d.scale() <= 2 => {
                    Some(Some(d))
                }
                _ => {
                    errors.add(
                        join(&path, "cashback_percent"),
                        "must be a percent from 0 to 100 (at most 2 places)",
                    );
                    None
                }
            },
        };
        match (multiplier, cashback) {
            (Some(points_multiplier), Some(cashback_percent)) if ok => tiers.push(Tier {
                name: name.to_owned(),
                threshold: t.threshold,
                points_multiplier,
                cashback_percent,
            }),
            _ => ok = false,
        }
    }
    ok.then_some(tiers)
}

fn parse_vip(v: &VipRulesSpec, currency: Currency, errors: &mut FieldErrors) -> VipRules {
    let mut money = |field: &str, value: &Option<String>| {
        value.as_ref().and_then(|s| {
            errors.take(
                &join("vip_rules", field),
                Money::parse_non_negative(s, currency),
            )
        })
    };
    VipRules {
        min_deposits_30d: money("min_deposits_30d", &v.min_deposits_30d),
        min_ggr_30d: money("min_ggr_30d", &v.min_ggr_30d),
    }
}

/// The Luhn check digit of `digits` (ASCII digits), so that `digits`
/// followed by it passes [`luhn_valid`].
pub fn luhn_check_digit(digits: &str) -> char {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    char::from_digit((10 - sum % 10) % 10, 10).unwrap_or('0')
}

/// True for a string of digits whose last digit is its Luhn check digit.
pub fn luhn_valid(number: &str) -> bool {
    number.len() >= 2
        && number.bytes().all(|b| b.is_ascii_digit())
        && number[number.len() - 1..].starts_with(luhn_check_digit(&number[..number.len() - 1]))
}

#[cfg(test)]
mod tests;
