//! Campaigns: the wire form a marketer writes ([`CampaignSpec`]), its
//! validation into a [`Campaign`], the eligibility checks of one event
//! against a campaign's conditions (kept as a list so `explain` can show
//! each), stable assignment of players to A/B variants or the holdout, the
//! in-memory index that finds the few campaigns an event can match, and the
//! jurisdiction rules that forbid some rewards (GB for now).
//!
//! Pure: the engine supplies the clock, the player's tier and the stored
//! campaigns; nothing here reads them.

#![deny(missing_docs)]

use std::collections::BTreeSet;

use chrono::{DateTime, SecondsFormat, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::betting::Odds;
use crate::compliance::CountryCode;
use crate::money::{Currency, Money, coded_enum};
use crate::reward::{BonusAmount, BonusMoney, Reward, RewardKind, RewardSpec};
use crate::validation::{FieldError, FieldErrors, count, index, join};

coded_enum! {
    /// What fires a campaign.
    TriggerEvent, parse_error("trigger event"), {
        /// A player registered.
        Registration => "registration",
        /// A player logged in.
        Login => "login",
        /// A deposit was credited.
        Deposit => "deposit",
        /// A sportsbook bet was accepted.
        BetPlaced => "bet_placed",
        /// A sportsbook bet was settled.
        BetSettled => "bet_settled",
        /// A casino round was played.
        CasinoRound => "casino_round",
        /// The player opted in to the campaign.
        OptIn => "opt_in",
        /// A period (of cashback) ended.
        PeriodEnd => "period_end",
    }
}

coded_enum! {
    /// A product line.
    Vertical, parse_error("vertical"), {
        /// Sports betting.
        Sportsbook => "sportsbook",
        /// Casino games.
        Casino => "casino",
    }
}

coded_enum! {
    /// A jurisdiction's rule a reward can break.
    JurisdictionRule, parse_error("jurisdiction rule"), {
        /// GB: bonus wagering requirements of at most 10× (UKGC, 2026).
        GbWageringCap => "gb_wagering_cap",
        /// GB: no mixed-product promotions (play in one product rewarded
        /// with a bonus usable in another).
        GbMixedProduct => "gb_mixed_product",
    }
}

impl TriggerEvent {
    /// The event comes with an amount (a deposit or a stake), so a percent
    /// bonus and `min_amount` have something to measure.
    pub const fn carries_amount(self) -> bool {
        matches!(
            self,
            TriggerEvent::Deposit
                | TriggerEvent::BetPlaced
                | TriggerEvent::BetSettled
                | TriggerEvent::CasinoRound
        )
    }

    /// The vertical whose play fires the event: the casino for a round, the
    /// given vertical (else the sportsbook) for a bet, none for events that
    /// are not play in a product (registration, login, deposit, opt-in,
    /// period end).
    pub const fn played_vertical(self, vertical: Option<Vertical>) -> Option<Vertical> {
        match self {
            TriggerEvent::CasinoRound => Some(Vertical::Casino),
            TriggerEvent::BetPlaced | TriggerEvent::BetSettled => match vertical {
                Some(v) => Some(v),
                None => Some(Vertical::Sportsbook),
            },
            TriggerEvent::Registration
            | TriggerEvent::Login
            | TriggerEvent::Deposit
            | TriggerEvent::OptIn
            | TriggerEvent::PeriodEnd => None,
        }
    }
}

/// GB's cap on wagering multipliers.
pub const GB_MAX_WAGERING_MULTIPLIER: Decimal = Decimal::from_parts(10, 0, 0, false, 0);

/// Longest campaign or variant name.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest description.
pub const MAX_DESCRIPTION_CHARS: usize = 2000;
/// Longest exclusive group, tier name or game code.
pub const MAX_CODE_CHARS: usize = 100;
/// Most A/B variants.
pub const MAX_VARIANTS: usize = 20;
/// Most entries in a condition list.
pub const MAX_LIST_ITEMS: usize = 500;
/// Highest `per_player`.
pub const MAX_PER_PLAYER: i64 = 1_000_000;
/// Highest holdout percent (someone must get the reward).
pub const MAX_HOLDOUT_PERCENT: i64 = 99;
/// Name of the one variant a campaign with a single `reward` has.
pub const DEFAULT_VARIANT: &str = "default";

/// Wire form of a campaign (create and update bodies).
///
/// Only JSON types are checked when this is deserialized; everything else
/// by [`Campaign::parse`]. Missing strings deserialize as empty and are then
/// reported as required (422), like any other invalid value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignSpec {
    /// 1–200 characters.
    #[serde(default)]
    pub name: String,
    /// Free text for the back office, up to 2000 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What fires the campaign.
    #[serde(default)]
    pub trigger: TriggerSpec,
    /// The reward (or `variants`, not both).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reward: Option<RewardSpec>,
    /// How often and how much.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<LimitsSpec>,
    /// Players must opt in before it applies to them.
    #[serde(default)]
    pub opt_in: bool,
    /// At most one campaign of a group rewards a player.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive_group: Option<String>,
    /// Higher wins within an exclusive group.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "count::option"
    )]
    pub priority: Option<i64>,
    /// A/B variants (or `reward`, not both); weights add up to 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variants: Option<Vec<VariantSpec>>,
    /// Percent of players kept out as a control group (0–99).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "count::option"
    )]
    pub holdout_percent: Option<i64>,
    /// RFC 3339; absent: from launch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<String>,
    /// RFC 3339, after `starts_at`; absent: until stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<String>,
}

/// Wire form of a trigger.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TriggerSpec {
    /// One of the [`TriggerEvent`] codes.
    #[serde(default)]
    pub event: String,
    /// Conditions on the event; all optional.
    #[serde(default)]
    pub conditions: ConditionsSpec,
}

/// Wire form of a trigger's conditions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConditionsSpec {
    /// Only the player's first event of this kind (first deposit, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_only: Option<bool>,
    /// The event's amount (deposit, stake) must be at least this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_amount: Option<String>,
    /// The bet's odds must be at least this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_odds: Option<String>,
    /// The player's country must be one of these (ISO 3166-1 alpha-2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub countries: Option<Vec<String>>,
    /// The event's vertical must be one of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verticals: Option<Vec<String>>,
    /// The casino round's game must be one of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub game_codes: Option<Vec<String>>,
    /// The player's loyalty tier must be at least this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_tier: Option<String>,
}

/// Wire form of a campaign's limits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LimitsSpec {
    /// Rewards per player (default 1).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "count::option"
    )]
    pub per_player: Option<i64>,
    /// Total face value the campaign may award.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<String>,
}

/// Wire form of an A/B variant.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VariantSpec {
    /// Unique within the campaign.
    #[serde(default)]
    pub name: String,
    /// Share of the non-holdout players, percent (weights add up to 100).
    #[serde(default, deserialize_with = "count::required")]
    pub weight: i64,
    /// What this variant gives.
    #[serde(default)]
    pub reward: RewardSpec,
}

/// A trigger's conditions; each one absent is no condition.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conditions {
    /// Only the player's first event of the kind.
    pub first_only: bool,
    /// The event's amount is at least this.
    pub min_amount: Option<Money>,
    /// The bet's odds are at least this.
    pub min_odds: Option<Odds>,
    /// The player's country is one of these (upper case).
    pub countries: Option<Vec<String>>,
    /// The event's vertical is one of these.
    pub verticals: Option<Vec<Vertical>>,
    /// The round's game is one of these.
    pub game_codes: Option<Vec<String>>,
    /// The player's tier is at least this.
    pub min_tier: Option<String>,
}

/// What fires a campaign, and when it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    /// The event.
    pub event: TriggerEvent,
    /// Its conditions.
    pub conditions: Conditions,
}

/// A campaign's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Rewards per player (at least 1).
    pub per_player: u32,
    /// Total face value the campaign may award.
    pub budget: Option<Money>,
}

/// One A/B variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Unique within the campaign ([`DEFAULT_VARIANT`] for a single reward).
    pub name: String,
    /// Percent of the non-holdout players.
    pub weight: u32,
    /// What it gives.
    pub reward: Reward,
}

/// A validated campaign. A single `reward` is kept as one variant named
/// [`DEFAULT_VARIANT`] with weight 100, so awarding code has one path;
/// [`Campaign::to_spec`] writes it back as `reward`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    /// Display name.
    pub name: String,
    /// Back-office description.
    pub description: Option<String>,
    /// What fires it.
    pub trigger: Trigger,
    /// Rewards per player and budget.
    pub limits: Limits,
    /// Players must opt in.
    pub opt_in: bool,
    /// At most one campaign of the group rewards a player.
    pub exclusive_group: Option<String>,
    /// Higher wins within an exclusive group.
    pub priority: i32,
    /// The variants (one for a single reward), weights adding up to 100.
    pub variants: Vec<Variant>,
    /// The variants came from a single `reward`.
    pub single_reward: bool,
    /// Percent of players kept out as a control group.
    pub holdout_percent: u8,
    /// Start, when set.
    pub starts_at: Option<DateTime<Utc>>,
    /// End, when set (after the start).
    pub ends_at: Option<DateTime<Utc>>,
    /// The currency its amounts are in.
    pub currency: Currency,
}

/// A non-blank text of at most `max` characters, or an error on `field`.
fn text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> Option<String> {
    if value.trim().is_empty() {
        errors.add(field, "is required");
        None
    } else if value.chars().count() > max {
        errors.add(field, format!("must be at most {max} characters"));
        None
    } else if value.chars().any(char::is_control) {
        errors.add(field, "must not contain control characters");
        None
    } else {
        Some(value.to_owned())
    }
}

/// A condition list: present, 1 to [`MAX_LIST_ITEMS`] items, each parsed by
/// `item` (errors on `field[i]`).
fn list<T>(
    errors: &mut FieldErrors,
    field: &str,
    items: &[String],
    mut item: impl FnMut(&mut FieldErrors, &str, &str) -> Option<T>,
) -> Option<Vec<T>> {
    if items.is_empty() {
        errors.add(field, "must not be empty (leave it out for no condition)");
        return None;
    }
    if items.len() > MAX_LIST_ITEMS {
        errors.add(field, format!("must have at most {MAX_LIST_ITEMS} items"));
        return None;
    }
    let parsed: Vec<Option<T>> = items
        .iter()
        .enumerate()
        .map(|(i, value)| item(errors, &index(field, i), value))
        .collect();
    parsed.into_iter().collect()
}

/// Parses an RFC 3339 time on `field`.
fn time(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<&String>,
) -> Option<Option<DateTime<Utc>>> {
    let Some(value) = value else {
        return Some(None);
    };
    match DateTime::parse_from_rfc3339(value) {
        Ok(t) => Some(Some(t.to_utc())),
        Err(_) => {
            errors.add(
                field,
                "must be an RFC 3339 time such as 2026-12-01T00:00:00Z",
            );
            None
        }
    }
}

fn format_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

impl Conditions {
    /// Validates the wire conditions; errors named `path.field`.
    pub fn parse(
        spec: &ConditionsSpec,
        currency: Currency,
        path: &str,
    ) -> Result<Conditions, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let f = |name: &str| join(path, name);
        let min_amount = match &spec.min_amount {
            None => Some(None),
            Some(text) => errors
                .take(&f("min_amount"), Money::parse_positive(text, currency))
                .map(Some),
        };
        let min_odds = match &spec.min_odds {
            None => Some(None),
            Some(text) => errors.take(&f("min_odds"), Odds::parse(text)).map(Some),
        };
        let countries = match &spec.countries {
            None => Some(None),
            Some(items) => list(
                &mut errors,
                &f("countries"),
                items,
                |errors, field, value| {
                    let code = value.parse::<CountryCode>();
                    errors.take(field, code).map(|c| c.to_string())
                },
            )
            .map(Some),
        };
        let verticals = match &spec.verticals {
            None => Some(None),
            Some(items) => list(
                &mut errors,
                &f("verticals"),
                items,
                |errors, field, value| errors.take(field, value.parse::<Vertical>()),
            )
            .map(Some),
        };
        let game_codes = match &spec.game_codes {
            None => Some(None),
            Some(items) => list(
                &mut errors,
                &f("game_codes"),
                items,
                |errors, field, value| text(errors, field, value, MAX_CODE_CHARS),
            )
            .map(Some),
        };
        let min_tier = match &spec.min_tier {
            None => Some(None),
            Some(tier) => text(&mut errors, &f("min_tier"), tier, MAX_CODE_CHARS).map(Some),
        };
        let conditions = match (
            min_amount, min_odds, countries, verticals, game_codes, min_tier,
        ) {
            (
                Some(min_amount),
                Some(min_odds),
                Some(countries),
                Some(verticals),
                Some(game_codes),
                Some(min_tier),
            ) => Some(Conditions {
                first_only: spec.first_only.unwrap_or(false),
                min_amount,
                min_odds,
                countries,
                verticals,
                game_codes,
                min_tier,
            }),
            _ => None,
        };
        errors.finish(conditions, path)
    }

    /// The wire form (`first_only` only when true).
    pub fn to_spec(&self) -> ConditionsSpec {
        ConditionsSpec {
            first_only: self.first_only.then_some(true),
            min_amount: self.min_amount.map(Money::format_amount),
            min_odds: self.min_odds.map(|o| o.to_string()),
            countries: self.countries.clone(),
            verticals: self
                .verticals
                .as_ref()
                .map(|vs| vs.iter().map(|v| v.code().to_owned()).collect()),
            game_codes: self.game_codes.clone(),
            min_tier: self.min_tier.clone(),
        }
    }
}

/// Checks a reward against what its trigger allows: cashback only at a
/// period's end, a percent bonus only on an event with an amount.
fn check_reward_fits_trigger(
    errors: &mut FieldErrors,
    reward: &Reward,
    event: TriggerEvent,
    reward_path: &str,
) {
    if reward.kind() == RewardKind::Cashback && event != TriggerEvent::PeriodEnd {
        errors.add(
            "trigger.event",
            "a cashback reward needs the trigger period_end",
        );
    }
    if let Reward::BonusMoney(BonusMoney {
        amount: BonusAmount::Percent { .. },
        ..
    }) = reward
        && !event.carries_amount()
    {
        errors.add(
            join(reward_path, "percent"),
            "a percent bonus needs a trigger with an amount: deposit, bet_placed, bet_settled or casino_round",
        );
    }
}

fn parse_variants(
    spec: &CampaignSpec,
    currency: Currency,
    errors: &mut FieldErrors,
) -> Option<(Vec<Variant>, bool)> {
    match (&spec.reward, &spec.variants) {
        (Some(_), Some(_)) => {
            errors.add("variants", "give either reward or variants, not both");
            None
        }
        (None, None) => {
            errors.add("reward", "is required (or variants)");
            None
        }
        (Some(reward), None) => {
            let reward = errors.absorb(Reward::parse(reward, currency, "reward"))?;
            Some((
                vec![Variant {
                    name: DEFAULT_VARIANT.to_owned(),
                    weight: 100,
                    reward,
                }],
                true,
            ))
        }
        (None, Some(specs)) => {
            if specs.is_empty() || specs.len() > MAX_VARIANTS {
                errors.add(
                    "variants",
                    format!("must have 1 to {MAX_VARIANTS} variants"),
                );
                return None;
            }
            let mut names = BTreeSet::new();
            let parsed: Vec<Option<Variant>> = specs
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let path = index("variants", i);
                    let name = text(errors, &join(&path, "name"), &v.name, MAX_NAME_CHARS);
                    let name = name.filter(|n| {
                        let fresh = names.insert(n.clone());
                        if !fresh {
                            errors.add(join(&path, "name"), "is used by another variant");
                        }
                        fresh
                    });
                    let weight = if (1..=100).contains(&v.weight) {
                        u32::try_from(v.weight).ok()
                    } else {
                        errors.add(join(&path, "weight"), "must be between 1 and 100");
                        None
                    };
                    let reward =
                        errors.absorb(Reward::parse(&v.reward, currency, &join(&path, "reward")));
                    Some(Variant {
                        name: name?,
                        weight: weight?,
                        reward: reward?,
                    })
                })
                .collect();
            let all_weights_valid = specs.iter().all(|v| (1..=100).contains(&v.weight));
            let total: i64 = specs.iter().map(|v| v.weight.clamp(0, 100)).sum();
            if all_weights_valid && total != 100 {
                errors.add(
                    "variants",
                    format!("the weights must add up to 100, not {total}"),
                );
            }
            let variants: Option<Vec<Variant>> = parsed.into_iter().collect();
            variants.map(|v| (v, false))
        }
    }
}

impl Campaign {
    /// Validates a campaign whose amounts are in `currency`, reporting every
    /// problem with its field (`"trigger.event"`,
    /// `"trigger.conditions.min_amount"`, `"limits.budget"`, `"variants"`,
    /// `"variants[0].weight"`, `"holdout_percent"`, `"ends_at"`, …).
    pub fn parse(spec: &CampaignSpec, currency: Currency) -> Result<Campaign, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let campaign = Campaign::build(spec, currency, &mut errors);
        errors.finish(campaign, "campaign")
    }

    /// [`Campaign::parse`]'s work: every field read (errors recorded), the
    /// campaign built when all are valid.
    fn build(
        spec: &CampaignSpec,
        currency: Currency,
        errors: &mut FieldErrors,
    ) -> Option<Campaign> {
        let name = text(errors, "name", &spec.name, MAX_NAME_CHARS);
        let description = match &spec.description {
            Some(d) if d.chars().count() > MAX_DESCRIPTION_CHARS => {
                errors.add(
                    "description",
                    format!("must be at most {MAX_DESCRIPTION_CHARS} characters"),
                );
                None
            }
            other => Some(other.clone()),
        };
        let event = if spec.trigger.event.is_empty() {
            errors.add("trigger.event", "is required");
            None
        } else {
            errors.take("trigger.event", spec.trigger.event.parse::<TriggerEvent>())
        };
        let conditions = errors.absorb(Conditions::parse(
            &spec.trigger.conditions,
            currency,
            "trigger.conditions",
        ));
        let variants = parse_variants(spec, currency, errors);
        if let (Some(event), Some((variants, single))) = (event, &variants) {
            for (i, variant) in variants.iter().enumerate() {
                let path = if *single {
                    "reward".to_owned()
                } else {
                    join(&index("variants", i), "reward")
                };
                check_reward_fits_trigger(errors, &variant.reward, event, &path);
            }
        }
        let limits_spec = spec.limits.clone().unwrap_or_default();
        let per_player = match limits_spec.per_player {
            None => Some(1),
            Some(n) if (1..=MAX_PER_PLAYER).contains(&n) => u32::try_from(n).ok(),
            Some(_) => {
                errors.add(
                    "limits.per_player",
                    format!("must be between 1 and {MAX_PER_PLAYER}"),
                );
                None
            }
        };
        let budget = match &limits_spec.budget {
            None => Some(None),
            Some(text) => errors
                .take("limits.budget", Money::parse_positive(text, currency))
                .map(Some),
        };
        let exclusive_group = match &spec.exclusive_group {
            None => Some(None),
            Some(group) => text(errors, "exclusive_group", group, MAX_CODE_CHARS).map(Some),
        };
        let priority = match spec.priority {
            None => Some(0),
            Some(p) => {
                let priority = i32::try_from(p).ok();
                if priority.is_none() {
                    errors.add("priority", "is out of range");
                }
                priority
            }
        };
        let holdout_percent = match spec.holdout_percent {
            None => Some(0),
            Some(h) if (0..=MAX_HOLDOUT_PERCENT).contains(&h) => u8::try_from(h).ok(),
            Some(_) => {
                errors.add(
                    "holdout_percent",
                    format!("must be between 0 and {MAX_HOLDOUT_PERCENT}"),
                );
                None
            }
        };
        let starts_at = time(errors, "starts_at", spec.starts_at.as_ref());
        let ends_at = time(errors, "ends_at", spec.ends_at.as_ref());
        if let (Some(Some(start)), Some(Some(end))) = (starts_at, ends_at)
            && end <= start
        {
            errors.add("ends_at", "must be after starts_at");
        }
        let (variants, single_reward) = variants?;
        Some(Campaign {
            name: name?,
            description: description?,
            trigger: Trigger {
                event: event?,
                conditions: conditions?,
            },
            limits: Limits {
                per_player: per_player?,
                budget: budget?,
            },
            opt_in: spec.opt_in,
            exclusive_group: exclusive_group?,
            priority: priority?,
            variants,
            single_reward,
            holdout_percent: holdout_percent?,
            starts_at: starts_at?,
            ends_at: ends_at?,
            currency,
        })
    }

    /// The wire form: `reward` for a single reward, `variants` otherwise;
    /// limits, priority and holdout always written out (defaults included).
    /// [`Campaign::parse`] of it gives this campaign back.
    pub fn to_spec(&self) -> CampaignSpec {
        let (reward, variants) = match (self.single_reward, self.variants.as_slice()) {
            (true, [only]) => (Some(only.reward.to_spec()), None),
            _ => (
                None,
                Some(
                    self.variants
                        .iter()
                        .map(|v| VariantSpec {
                            name: v.name.clone(),
                            weight: i64::from(v.weight),
                            reward: v.reward.to_spec(),
                        })
                        .collect(),
                ),
            ),
        };
        CampaignSpec {
            name: self.name.clone(),
            description: self.description.clone(),
            trigger: TriggerSpec {
                event: self.trigger.event.code().to_owned(),
                conditions: self.trigger.conditions.to_spec(),
            },
            reward,
            limits: Some(LimitsSpec {
                per_player: Some(i64::from(self.limits.per_player)),
                budget: self.limits.budget.map(Money::format_amount),
            }),
            opt_in: self.opt_in,
            exclusive_group: self.exclusive_group.clone(),
            priority: Some(i64::from(self.priority)),
            variants,
            holdout_percent: Some(i64::from(self.holdout_percent)),
            starts_at: self.starts_at.map(format_time),
            ends_at: self.ends_at.map(format_time),
        }
    }

    /// The variants' weights, in order (for [`assign`]).
    pub fn weights(&self) -> Vec<u32> {
        self.variants.iter().map(|v| v.weight).collect()
    }

    /// Where `player_id` lands in this campaign (stored as `campaign_id`):
    /// [`assign`] with its weights and holdout.
    pub fn assign(&self, campaign_id: Uuid, player_id: Uuid) -> Assignment {
        assign(
            campaign_id,
            player_id,
            &self.weights(),
            self.holdout_percent,
        )
    }

    /// Checks `facts` against each condition present, in a fixed order
    /// (`first_only`, `min_amount`, `min_odds`, `countries`, `verticals`,
    /// `game_codes`, `min_tier`), so `explain` can show which passed and
    /// why. The event itself is matched by the [`CampaignIndex`], not here.
    /// `tier_at_least(t)` says whether the player's tier is `t` or higher.
    pub fn check_conditions(
        &self,
        facts: &EventFacts,
        tier_at_least: impl Fn(&str) -> bool,
    ) -> Vec<Check> {
        let c = &self.trigger.conditions;
        let mut checks = Vec::new();
        if c.first_only {
            let passed = facts.first_of_kind;
            let detail = if passed {
                format!("the player's first {}", facts.event)
            } else {
                format!("not the player's first {}", facts.event)
            };
            checks.push(Check::new("first_only", passed, detail));
        }
        if let Some(min) = c.min_amount {
            let (passed, detail) = match facts.amount {
                None => (false, "the event has no amount".to_owned()),
                Some(amount) if amount.currency() != min.currency() => (
                    false,
                    format!(
                        "the amount is in {}, the minimum in {}",
                        amount.currency(),
                        min.currency()
                    ),
                ),
                Some(amount) if amount.minor() >= min.minor() => {
                    (true, format!("amount {amount} is at least {min}"))
                }
                Some(amount) => (false, format!("amount {amount} is below {min}")),
            };
            checks.push(Check::new("min_amount", passed, detail));
        }
        if let Some(min) = c.min_odds {
            let (passed, detail) = match facts.odds {
                None => (false, "the event has no odds".to_owned()),
                Some(odds) if odds >= min => (true, format!("odds {odds} are at least {min}")),
                Some(odds) => (false, format!("odds {odds} are below {min}")),
            };
            checks.push(Check::new("min_odds", passed, detail));
        }
        if let Some(countries) = &c.countries {
            let passed = countries
                .iter()
                .any(|c| c.eq_ignore_ascii_case(&facts.country));
            let detail = if passed {
                format!("country {} is targeted", facts.country)
            } else {
                format!(
                    "country {} is not among {}",
                    facts.country,
                    countries.join(", ")
                )
            };
            checks.push(Check::new("countries", passed, detail));
        }
        if let Some(verticals) = &c.verticals {
            let wanted = || {
                verticals
                    .iter()
                    .map(|v| v.code())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let (passed, detail) = match facts.vertical {
                None => (false, "the event has no vertical".to_owned()),
                Some(v) if verticals.contains(&v) => (true, format!("vertical {v} is targeted")),
                Some(v) => (false, format!("vertical {v} is not among {}", wanted())),
            };
            checks.push(Check::new("verticals", passed, detail));
        }
        if let Some(codes) = &c.game_codes {
            let (passed, detail) = match &facts.game_code {
                None => (false, "the event has no game".to_owned()),
                Some(code) if codes.contains(code) => (true, format!("game {code} is targeted")),
                Some(code) => (
                    false,
                    format!("game {code} is not among {}", codes.join(", ")),
                ),
            };
            checks.push(Check::new("game_codes", passed, detail));
        }
        if let Some(tier) = &c.min_tier {
            let passed = tier_at_least(tier);
            let detail = if passed {
                format!("tier is at least {tier}")
            } else {
                format!("tier is below {tier}")
            };
            checks.push(Check::new("min_tier", passed, detail));
        }
        checks
    }

    /// The campaign's countries when it names some, else `targeted` (the
    /// operator's markets, from the engine).
    fn targeted_countries<'a>(&'a self, targeted: &'a [String]) -> Vec<&'a str> {
        match &self.trigger.conditions.countries {
            Some(countries) => countries.iter().map(String::as_str).collect(),
            None => targeted.iter().map(String::as_str).collect(),
        }
    }

    /// The rules that make the campaign pointless to launch: non-empty only
    /// when in EVERY targeted country EVERY variant breaks some rule (then
    /// nobody could be rewarded). The targeted countries are the
    /// campaign's `countries` condition, or `targeted_countries` (the
    /// engine's list) when it has none. A campaign that works somewhere
    /// launches; the engine then withholds the offending rewards per
    /// player with [`rule_violations`].
    pub fn launch_violations(&self, targeted_countries: &[String]) -> Vec<JurisdictionRule> {
        let countries = self.targeted_countries(targeted_countries);
        if countries.is_empty() {
            return Vec::new();
        }
        let trigger_verticals: Vec<Option<Vertical>> = match &self.trigger.conditions.verticals {
            Some(verticals) => verticals.iter().copied().map(Some).collect(),
            None => vec![None],
        };
        // Someone can be rewarded as soon as one (country, variant, played
        // vertical) breaks nothing.
        let mut broken = BTreeSet::new();
        for country in countries {
            for variant in &self.variants {
                for vertical in &trigger_verticals {
                    let rules =
                        rule_violations(&variant.reward, self.trigger.event, *vertical, country);
                    if rules.is_empty() {
                        return Vec::new();
                    }
                    broken.extend(rules);
                }
            }
        }
        broken.into_iter().collect()
    }
}

/// The rules of `country` that `reward` breaks when `trigger` (in
/// `trigger_vertical`, for bets) awards it. GB only for now:
///
/// - [`JurisdictionRule::GbWageringCap`]: bonus money or free-spin winnings
///   with a wagering multiplier above 10;
/// - [`JurisdictionRule::GbMixedProduct`]: play in one vertical rewarded
///   with something usable in another. Deposits, registration, login,
///   opt-in and period ends are not play in a product, so never mixed.
pub fn rule_violations(
    reward: &Reward,
    trigger: TriggerEvent,
    trigger_vertical: Option<Vertical>,
    country: &str,
) -> Vec<JurisdictionRule> {
    if !country.eq_ignore_ascii_case("GB") {
        return Vec::new();
    }
    let mut rules = Vec::new();
    if reward
        .wagering_multiplier()
        .is_some_and(|m| m > GB_MAX_WAGERING_MULTIPLIER)
    {
        rules.push(JurisdictionRule::GbWageringCap);
    }
    if let Some(played) = trigger.played_vertical(trigger_vertical)
        && reward.usable_verticals().reaches_beyond(played)
    {
        rules.push(JurisdictionRule::GbMixedProduct);
    }
    rules
}

/// What the engine knows about an event, for checking conditions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFacts {
    /// The event.
    pub event: TriggerEvent,
    /// The player's country (ISO 3166-1 alpha-2).
    pub country: String,
    /// The vertical played, for bets and rounds.
    pub vertical: Option<Vertical>,
    /// The casino game's category (`slots`, `table`, …).
    pub category: Option<String>,
    /// The casino game's code.
    pub game_code: Option<String>,
    /// The deposit or stake.
    pub amount: Option<Money>,
    /// The bet's odds (total odds of a multiple).
    pub odds: Option<Odds>,
    /// The player's first event of this kind.
    pub first_of_kind: bool,
}

/// One condition checked against an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// The condition's name (`"min_amount"`).
    pub check: &'static str,
    /// It held.
    pub passed: bool,
    /// Why, for people (`"amount 10.00 is below 20.00"`).
    pub detail: String,
}

impl Check {
    fn new(check: &'static str, passed: bool, detail: String) -> Self {
        Check {
            check,
            passed,
            detail,
        }
    }
}

mod assign;
mod index;

pub use assign::{Assignment, BUCKETS, assign, bucket};
pub use index::CampaignIndex;

#[cfg(test)]
mod tests;
