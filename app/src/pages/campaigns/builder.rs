//! `/backoffice/campaigns/new`: the step-by-step campaign builder
//! (trigger → conditions → reward → limits → variants → schedule → review).
//! The form is one [`Draft`] of plain strings; [`Draft::to_spec`] turns it
//! into the wire [`CampaignSpec`] the engine validates, leaving out what is
//! empty and only sending the fields the chosen reward kind uses. Every edit
//! is checked on the server after a short pause (debounced): the players
//! who would qualify today, the field errors, and the jurisdiction rules
//! broken per targeted country, so the marketer sees a refused launch
//! coming before pressing Launch.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use domain::campaign::{CampaignSpec, ConditionsSpec, LimitsSpec, TriggerSpec, VariantSpec};
use domain::reward::RewardSpec;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::{StateActions, command_notice, reward_label, trigger_label};
use crate::api::engagement::{
    CampaignCheck, CampaignCommand, CampaignCreate, CheckReport, campaigns_page, rule_text,
};
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, INPUT, Loading};
use crate::pages::backoffice::guarded;

/// Field path → message.
type Errors = BTreeMap<String, String>;

/// How long the builder waits after the last edit before checking.
const CHECK_DELAY: Duration = Duration::from_millis(400);

/// The builder's steps, in order.
const STEPS: [&str; 7] = [
    "Trigger",
    "Conditions",
    "Reward",
    "Limits",
    "Variants",
    "Schedule",
    "Review",
];

/// The trigger events the builder offers, as (code, label).
const TRIGGERS: [&str; 8] = [
    "deposit",
    "registration",
    "login",
    "bet_placed",
    "bet_settled",
    "casino_round",
    "opt_in",
    "period_end",
];

/// The reward kinds the builder offers.
const KINDS: [&str; 7] = [
    "cash",
    "bonus_money",
    "free_bet",
    "free_spins",
    "cashback",
    "coins",
    "loyalty_points",
];

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

/// The step a field path belongs to.
fn step_of(field: &str) -> usize {
    if field.starts_with("trigger.conditions") {
        1
    } else if field.starts_with("reward") {
        2
    } else if field.starts_with("limits") || field == "exclusive_group" || field == "priority" {
        3
    } else if field.starts_with("variants") || field == "holdout_percent" {
        4
    } else if field == "starts_at" || field == "ends_at" {
        5
    } else {
        0
    }
}

/// A server message (`is required`) as a sentence (`Is required.`).
fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let mut s = chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default();
    if !s.ends_with('.') {
        s.push('.');
    }
    s
}

/// Shared state of the builder's inputs.
#[derive(Clone, Copy)]
struct Form {
    draft: RwSignal<Draft>,
    /// Every problem known: the form's own and the latest check's.
    errors: Memo<Errors>,
    /// Fields edited and left, whose errors show.
    touched: RwSignal<BTreeSet<String>>,
    /// After a save attempt every error shows.
    show_all: RwSignal<bool>,
    /// The currency amounts are typed in.
    currency: StoredValue<String>,
}

impl Form {
    fn error(&self, key: &str) -> Option<String> {
        let shown = self.show_all.get() || self.touched.with(|t| t.contains(key));
        if !shown {
            return None;
        }
        self.errors.with(|e| e.get(key).map(|m| sentence(m)))
    }
}

/// Where a reward lives in the draft: the single reward or variant `i`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Single,
    Variant(usize),
}

impl Slot {
    fn get(self, d: &Draft) -> Option<&RewardDraft> {
        match self {
            Slot::Single => Some(&d.reward),
            Slot::Variant(i) => d.variants.get(i).map(|v| &v.reward),
        }
    }
    fn get_mut(self, d: &mut Draft) -> Option<&mut RewardDraft> {
        match self {
            Slot::Single => Some(&mut d.reward),
            Slot::Variant(i) => d.variants.get_mut(i).map(|v| &mut v.reward),
        }
    }
    /// The field path of the reward.
    fn path(self) -> String {
        match self {
            Slot::Single => "reward".into(),
            Slot::Variant(i) => format!("variants[{i}].reward"),
        }
    }
    /// The prefix of the inputs' ids.
    fn id(self) -> String {
        match self {
            Slot::Single => "reward".into(),
            Slot::Variant(i) => format!("v{i}"),
        }
    }
}

/// A labelled text input bound to one string of the draft; its error shows
/// once it was edited and left (or after a save attempt).
#[allow(clippy::too_many_arguments)]
fn text_input(
    form: Form,
    label: String,
    id: String,
    key: String,
    hint: Option<String>,
    kind: &'static str,
    get: impl Fn(&Draft) -> String + Copy + Send + Sync + 'static,
    set: impl Fn(&mut Draft, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let error = {
        let key = key.clone();
        move || form.error(&key)
    };
    let error_id = format!("error-{id}");
    let hint_id = format!("hint-{id}");
    let described = {
        let (error, error_id, hint_id, has_hint) = (
            error.clone(),
            error_id.clone(),
            hint_id.clone(),
            hint.is_some(),
        );
        move || {
            let ids: Vec<String> = error()
                .map(|_| error_id.clone())
                .into_iter()
                .chain(has_hint.then(|| hint_id.clone()))
                .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let inputmode = match kind {
        "decimal" => Some("decimal"),
        "numeric" => Some("numeric"),
        _ => None,
    };
    let input_type = match kind {
        "datetime-local" => "datetime-local",
        _ => "text",
    };
    let touch_key = key.clone();
    view! {
        <div class="space-y-1.5">
            <label for=id.clone() class="block text-sm font-medium text-slate-200">{label}</label>
            <input
                id=id.clone()
                type=input_type
                inputmode=inputmode
                autocomplete="off"
                data-testid=id.clone()
                class=INPUT
                prop:value=move || form.draft.with(get)
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    form.draft.update(|d| set(d, v));
                }
                on:change=move |_| form.touched.update(|t| {
                    t.insert(touch_key.clone());
                })
                aria-invalid={
                    let error = error.clone();
                    move || error().map(|_| "true")
                }
                aria-describedby=described
            />
            {hint.map(|h| view! { <p id=hint_id class="text-xs text-slate-500">{h}</p> })}
            {move || error().map(|m| view! {
                <p id=error_id.clone() data-testid=error_id.clone() class="text-sm text-rose-400">{m}</p>
            })}
        </div>
    }
    .into_any()
}

/// A labelled checkbox bound to one flag of the draft.
fn checkbox(
    form: Form,
    label: &'static str,
    id: &'static str,
    hint: Option<&'static str>,
    get: impl Fn(&Draft) -> bool + Copy + Send + Sync + 'static,
    set: impl Fn(&mut Draft, bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div>
            <label for=id class="flex items-center gap-2 text-sm text-slate-200">
                <input
                    id=id
                    type="checkbox"
                    class="h-4 w-4 accent-emerald-400"
                    data-testid=id
                    prop:checked=move || form.draft.with(get)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        form.draft.update(|d| set(d, on));
                    }
                />
                {label}
            </label>
            {hint.map(|h| view! { <p class="mt-1 pl-6 text-xs text-slate-500">{h}</p> })}
        </div>
    }
    .into_any()
}

/// A labelled select bound to one string of the draft.
fn select(
    form: Form,
    label: String,
    id: String,
    options: Vec<(&'static str, String)>,
    get: impl Fn(&Draft) -> String + Copy + Send + Sync + 'static,
    set: impl Fn(&mut Draft, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="space-y-1.5">
            <label for=id.clone() class="block text-sm font-medium text-slate-200">{label}</label>
            <select
                id=id.clone()
                data-testid=id
                class=INPUT
                prop:value=move || form.draft.with(get)
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    form.draft.update(|d| set(d, v));
                }
            >
                {options
                    .into_iter()
                    .map(|(value, text)| view! {
                        <option value=value selected=move || form.draft.with(get) == value>{text}</option>
                    })
                    .collect_view()}
            </select>
        </div>
    }
    .into_any()
}

/// The inputs of one reward; which ones depends on its kind.
fn reward_editor(form: Form, slot: Slot) -> impl IntoView {
    let kind = Memo::new(move |_| {
        form.draft
            .with(|d| slot.get(d).map(|r| r.kind.clone()).unwrap_or_default())
    });
    let percent_mode = Memo::new(move |_| {
        form.draft
            .with(|d| slot.get(d).is_some_and(|r| r.percent_mode))
    });
    let currency = form.currency.get_value();
    let path = slot.path();
    let id = slot.id();
    // One text input of this reward: `field` is also the wire name.
    let field = {
        let (path, id) = (path.clone(), id.clone());
        move |label: String,
              field: &'static str,
              hint: Option<String>,
              kind: &'static str,
              get: fn(&RewardDraft) -> &String,
              set: fn(&mut RewardDraft) -> &mut String| {
            text_input(
                form,
                label,
                format!("{id}-{field}"),
                format!("{path}.{field}"),
                hint,
                kind,
                move |d| slot.get(d).map(|r| get(r).clone()).unwrap_or_default(),
                move |d, v| {
                    if let Some(r) = slot.get_mut(d) {
                        *set(r) = v;
                    }
                },
            )
            .into_any()
        }
    };
    let kind_select = select(
        form,
        "Reward kind".into(),
        format!("{id}-kind"),
        KINDS
            .iter()
            .map(|k| (*k, reward_label(k).to_owned()))
            .collect(),
        move |d| slot.get(d).map(|r| r.kind.clone()).unwrap_or_default(),
        move |d, v| {
            if let Some(r) = slot.get_mut(d) {
                r.kind = v;
            }
        },
    );
    let mode_id = format!("{id}-percent-mode");
    let fields = move || {
        let c = currency.clone();
        let f = field.clone();
        let days = || {
            f(
                "Expires after (days)".into(),
                "expires_in_days",
                Some("Blank: never.".into()),
                "numeric",
                |r| &r.expires_in_days,
                |r| &mut r.expires_in_days,
            )
        };
        let amount = |label: &str| {
            f(
                format!("{label} ({c})"),
                "amount",
                None,
                "decimal",
                |r| &r.amount,
                |r| &mut r.amount,
            )
        };
        let wagering = || {
            f(
                "Wagering multiplier".into(),
                "wagering_multiplier",
                Some(
                    "Times the bonus is staked before it converts, 0 to 50. GB allows at most 10."
                        .into(),
                ),
                "decimal",
                |r| &r.wagering_multiplier,
                |r| &mut r.wagering_multiplier,
            )
        };
        let min_odds = || {
            f(
                "Minimum odds".into(),
                "min_odds",
                Some("Blank: any odds.".into()),
                "decimal",
                |r| &r.min_odds,
                |r| &mut r.min_odds,
            )
        };
        match kind.get().as_str() {
            "cash" => vec![amount("Amount")],
            "bonus_money" => {
                let mode_id = mode_id.clone();
                let mut v = vec![view! {
                    <fieldset class="space-y-2">
                        <legend class="text-sm font-medium text-slate-200">"Amount"</legend>
                        <div class="flex flex-wrap gap-4 text-sm text-slate-200">
                            <label class="flex items-center gap-2">
                                <input
                                    type="radio"
                                    name=mode_id.clone()
                                    class="h-4 w-4 accent-emerald-400"
                                    prop:checked=move || !percent_mode.get()
                                    on:change=move |_| form.draft.update(|d| {
                                        if let Some(r) = slot.get_mut(d) { r.percent_mode = false; }
                                    })
                                />
                                "Fixed"
                            </label>
                            <label class="flex items-center gap-2">
                                <input
                                    type="radio"
                                    name=mode_id
                                    data-testid=format!("{}-percent-mode", slot.id())
                                    class="h-4 w-4 accent-emerald-400"
                                    prop:checked=move || percent_mode.get()
                                    on:change=move |_| form.draft.update(|d| {
                                        if let Some(r) = slot.get_mut(d) { r.percent_mode = true; }
                                    })
                                />
                                "Percent of the qualifying amount, with a maximum"
                            </label>
                        </div>
                    </fieldset>
                }
                .into_any()];
                if percent_mode.get() {
                    v.push(f("Percent".into(), "percent", Some("E.g. 100 doubles the deposit.".into()), "decimal", |r| &r.percent, |r| &mut r.percent));
                    v.push(f(format!("Maximum ({c})"), "max_amount", None, "decimal", |r| &r.max_amount, |r| &mut r.max_amount));
                } else {
                    v.push(amount("Amount"));
                }
                v.push(wagering());
                v.push(min_odds());
                v.push(f(
                    format!("Maximum conversion to cash ({c})"),
                    "max_conversion",
                    Some("Blank: no cap; above it the rest is forfeited.".into()),
                    "decimal",
                    |r| &r.max_conversion,
                    |r| &mut r.max_conversion,
                ));
                v.push(days());
                v
            }
            "free_bet" => vec![amount("Stake"), min_odds(), days()],
            "free_spins" => vec![
                f("Game code".into(), "game_code", None, "text", |r| &r.game_code, |r| &mut r.game_code),
                f("Rounds".into(), "rounds", None, "numeric", |r| &r.rounds, |r| &mut r.rounds),
                f(format!("Stake per round ({c})"), "stake", None, "decimal", |r| &r.stake, |r| &mut r.stake),
                wagering(),
                days(),
            ],
            "cashback" => vec![
                f("Percent of net loss".into(), "percent", None, "decimal", |r| &r.percent, |r| &mut r.percent),
                f(format!("Maximum ({c})"), "max_amount", None, "decimal", |r| &r.max_amount, |r| &mut r.max_amount),
                select(
                    form,
                    "Period".into(),
                    format!("{}-period", slot.id()),
                    vec![("day", "Day".into()), ("week", "Week".into())],
                    move |d| slot.get(d).map(|r| r.period.clone()).unwrap_or_default(),
                    move |d, v| {
                        if let Some(r) = slot.get_mut(d) {
                            r.period = v;
                        }
                    },
                )
                .into_any(),
                view! {
                    <p class="text-xs text-amber-200">"Cashback needs the trigger “End of period”."</p>
                }
                .into_any(),
            ],
            "coins" => vec![f("Coins".into(), "coins", None, "numeric", |r| &r.coins, |r| &mut r.coins)],
            "loyalty_points" => vec![f("Points".into(), "points", None, "numeric", |r| &r.points, |r| &mut r.points)],
            _ => vec![],
        }
    };
    view! {
        <div class="grid gap-4 sm:grid-cols-2">
            <div class="sm:col-span-2">{kind_select}</div>
            {fields}
        </div>
    }
    .into_any()
}

/// `/backoffice/campaigns/new`.
#[component]
pub fn CampaignBuilder() -> impl IntoView {
    // The list tells the currency and checks the role before the form.
    let setup = Resource::new(|| (), |_| campaigns_page(String::new()));
    view! {
        <Title text="New campaign · Back office · Croupier"/>
        <p class="text-sm">
            <A href="/backoffice/campaigns" attr:class="text-emerald-300 underline-offset-2 hover:underline">"← Campaigns"</A>
        </p>
        <h1 class="mt-2 text-2xl font-bold tracking-tight text-white">"New campaign"</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(setup.await, |page| view! { <BuilderForm currency=page.currency/> })
            })}
        </Suspense>
    }
    .into_any()
}

/// The builder proper, once the currency is known.
#[component]
fn BuilderForm(currency: String) -> impl IntoView {
    let draft = RwSignal::new(Draft::default());
    let step = RwSignal::new(0usize);
    let check = ServerAction::<CampaignCheck>::new();
    let create = ServerAction::<CampaignCreate>::new();
    let command = ServerAction::<CampaignCommand>::new();
    let spec = Memo::new(move |_| draft.with(Draft::to_spec));
    // The body the newest check was sent for: its answer only describes
    // the form while the form still holds that body (no stale errors
    // appearing under a field just edited).
    let sent = RwSignal::new(None::<CampaignSpec>);
    let report = Memo::new(move |_| {
        let current = spec.with(|(s, _)| sent.with(|sent| sent.as_ref() == Some(s)));
        if !current || check.pending().get() {
            return CheckReport::default();
        }
        check.value().get().and_then(Result::ok).unwrap_or_default()
    });
    let errors = Memo::new(move |_| {
        let mut all = report.with(|r| r.field_errors.clone());
        if let Some(Ok(created)) = create.value().get()
            && !created.ok
        {
            for (k, v) in created.field_errors {
                all.entry(k).or_insert(v);
            }
        }
        for (k, v) in spec.with(|(_, local)| local.clone()) {
            all.insert(k, v);
        }
        all
    });
    let form = Form {
        draft,
        errors,
        touched: RwSignal::new(BTreeSet::new()),
        show_all: RwSignal::new(false),
        currency: StoredValue::new(currency.clone()),
    };

    // Debounced check: each edit restarts the wait; only the newest edit's
    // timer dispatches.
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let (body, _) = spec.get();
        let this = generation.get_value() + 1;
        generation.set_value(this);
        set_timeout(
            move || {
                if generation.try_get_value() == Some(this) {
                    sent.set(Some(body.clone()));
                    check.dispatch(CampaignCheck { spec: body });
                }
            },
            CHECK_DELAY,
        );
    });

    // A launched campaign opens its dashboard.
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(done)) = command.value().get()
            && done.ok
            && let Some(c) = done.campaign
        {
            navigate(
                &format!("/backoffice/campaigns/{}", c.campaign_id),
                Default::default(),
            );
        }
    });

    let created = Memo::new(move |_| {
        create
            .value()
            .get()
            .and_then(Result::ok)
            .filter(|r| r.ok)
            .and_then(|r| r.campaign)
    });
    let step_errors = move |i: usize| errors.with(|e| e.keys().any(|k| step_of(k) == i));

    view! {
        <p class="mt-2 text-sm text-slate-400">
            {format!("Amounts are in {currency}, the reporting currency; players in other currencies get the converted value.")}
        </p>
        <div class="mt-4 grid gap-4 lg:grid-cols-[1fr_16rem]">
            <div class="min-w-0">
                {view! {
                <nav aria-label="Builder steps">
                    <ol class="flex gap-1 overflow-x-auto pb-1" data-testid="builder-steps">
                        {STEPS
                            .iter()
                            .enumerate()
                            .map(|(i, label)| view! {
                                <li>
                                    <button
                                        type="button"
                                        data-testid=format!("step-{i}")
                                        class="whitespace-nowrap rounded-lg px-3 py-2 text-sm font-medium text-slate-300 hover:bg-slate-800 aria-[current=step]:bg-emerald-400/10 aria-[current=step]:text-emerald-300"
                                        aria-current=move || (step.get() == i).then_some("step")
                                        on:click=move |_| step.set(i)
                                    >
                                        {format!("{}. {label}", i + 1)}
                                        {move || (form.show_all.get() && i < 6 && step_errors(i)).then(|| view! {
                                            <span class="ml-1 text-rose-300" aria-label="has problems">"!"</span>
                                        })}
                                    </button>
                                </li>
                            })
                            .collect_view()}
                    </ol>
                </nav>
                }.into_any()}
                {view! {
                <section class=format!("{CARD} mt-3") aria-live="off">
                    <h2 class="text-lg font-semibold text-white" data-testid="step-title">
                        {move || STEPS[step.get()]}
                    </h2>
                    <div class="mt-4 space-y-4">
                        {move || match step.get() {
                            0 => trigger_step(form).into_any(),
                            1 => conditions_step(form).into_any(),
                            2 => view! { {reward_editor(form, Slot::Single)} <VariantsNote form/> }.into_any(),
                            3 => limits_step(form).into_any(),
                            4 => view! { <VariantsStep form/> }.into_any(),
                            5 => schedule_step(form).into_any(),
                            _ => view! { <ReviewStep form report spec create command created/> }.into_any(),
                        }}
                    </div>
                    <div class="mt-6 flex flex-wrap justify-between gap-3">
                        <button
                            type="button"
                            class=BUTTON_SECONDARY
                            data-testid="step-back"
                            disabled=move || step.get() == 0
                            on:click=move |_| step.update(|s| *s = s.saturating_sub(1))
                        >
                            "Back"
                        </button>
                        <Show when=move || { step.get() + 1 < STEPS.len() }>
                            <button
                                type="button"
                                class=BUTTON_PRIMARY
                                data-testid="step-next"
                                on:click=move |_| step.update(|s| *s = (*s + 1).min(STEPS.len() - 1))
                            >
                                "Next"
                            </button>
                        </Show>
                    </div>
                </section>
                }.into_any()}
            </div>
            {view! {
            <aside class=format!("{CARD} h-fit") aria-label="Live check">
                <h2 class="text-sm font-semibold uppercase tracking-wider text-slate-400">"Eligible today"</h2>
                <p class="mt-2 text-3xl font-bold tabular-nums text-white" aria-live="polite" data-testid="eligible-count">
                    {move || match report.get().eligible_players {
                        Some(1) => "1 player".to_owned(),
                        Some(n) => format!("{n} players"),
                        None if report.with(|r| r.field_errors.is_empty()) => "Checking…".to_owned(),
                        None => "—".to_owned(),
                    }}
                </p>
                <p class="mt-1 text-xs text-slate-500">
                    "Players who would qualify now (country, conditions, exclusions, holdout). Updates as you edit."
                </p>
                {move || {
                    let n = report.with(|r| r.field_errors.len()) + spec.with(|(_, l)| l.len());
                    (n > 0).then(|| view! {
                        <p class="mt-3 text-sm text-amber-200">{format!("{n} field(s) to fix before it can be saved.")}</p>
                    })
                }}
                {move || {
                    let r = report.get();
                    (!r.launch_refused.is_empty()).then(|| view! {
                        <p class="mt-3 text-sm text-rose-300" data-testid="launch-blocked">
                            "Launch would be refused: see Review."
                        </p>
                    })
                }}
            </aside>
            }.into_any()}
        </div>
    }
    .into_any()
}

fn trigger_step(form: Form) -> impl IntoView {
    view! {
        {text_input(form, "Name".into(), "name".into(), "name".into(), Some("Players see it on Promotions.".into()), "text", |d| d.name.clone(), |d, v| d.name = v)}
        <div class="space-y-1.5">
            <label for="description" class="block text-sm font-medium text-slate-200">"Description"</label>
            <textarea
                id="description"
                data-testid="description"
                rows="3"
                class=INPUT
                prop:value=move || form.draft.with(|d| d.description.clone())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    form.draft.update(|d| d.description = v);
                }
            ></textarea>
            <p class="text-xs text-slate-500">"What the offer is, for players. Optional."</p>
        </div>
        {select(
            form,
            "Trigger event".into(),
            "event".into(),
            TRIGGERS.iter().map(|t| (*t, trigger_label(t).to_owned())).collect(),
            |d| d.event.clone(),
            |d, v| d.event = v,
        )}
        {move || form.error("trigger.event").map(|m| view! {
            <p data-testid="error-event" class="text-sm text-rose-400">{m}</p>
        })}
        {move || {
            let event = form.draft.with(|d| d.event.clone());
            if event == "opt_in" {
                view! { <p class="text-sm text-slate-400">"Awards when the player presses Opt in on Promotions; the campaign is opt-in."</p> }.into_any()
            } else {
                checkbox(
                    form,
                    "Players must opt in",
                    "opt_in",
                    Some("Only players who opted in on Promotions qualify."),
                    |d| d.opt_in,
                    |d, v| d.opt_in = v,
                )
                .into_any()
            }
        }}
    }
    .into_any()
}

fn conditions_step(form: Form) -> impl IntoView {
    let c = form.currency.get_value();
    view! {
        <p class="text-sm text-slate-400">"All optional: a blank condition does not restrict."</p>
        {checkbox(form, "First event of its kind only", "first_only", Some("E.g. a first-deposit bonus."), |d| d.first_only, |d, v| d.first_only = v)}
        <div class="grid gap-4 sm:grid-cols-2">
            {text_input(form, format!("Minimum amount ({c})"), "min_amount".into(), "trigger.conditions.min_amount".into(), Some("Deposit or stake.".into()), "decimal", |d| d.min_amount.clone(), |d, v| d.min_amount = v)}
            {text_input(form, "Minimum odds".into(), "cond_min_odds".into(), "trigger.conditions.min_odds".into(), Some("Bets only, e.g. 1.50.".into()), "decimal", |d| d.min_odds.clone(), |d, v| d.min_odds = v)}
            {text_input(form, "Countries".into(), "countries".into(), "trigger.conditions.countries".into(), Some("ISO codes separated by commas, e.g. GB, MT. Blank: every market.".into()), "text", |d| d.countries.clone(), |d, v| d.countries = v)}
            {text_input(form, "Game codes".into(), "game_codes".into(), "trigger.conditions.game_codes".into(), Some("Casino rounds only; separated by commas.".into()), "text", |d| d.game_codes.clone(), |d, v| d.game_codes = v)}
            {text_input(form, "Lowest loyalty tier".into(), "min_tier".into(), "trigger.conditions.min_tier".into(), None, "text", |d| d.min_tier.clone(), |d, v| d.min_tier = v)}
        </div>
        <fieldset>
            <legend class="text-sm font-medium text-slate-200">"Verticals"</legend>
            <div class="mt-2 flex flex-wrap gap-4">
                {checkbox(form, "Sportsbook", "vertical_sportsbook", None, |d| d.sportsbook, |d, v| d.sportsbook = v)}
                {checkbox(form, "Casino", "vertical_casino", None, |d| d.casino, |d, v| d.casino = v)}
            </div>
            <p class="mt-1 text-xs text-slate-500">"None ticked: any."</p>
            {move || form.error("trigger.conditions.verticals").map(|m| view! { <p class="text-sm text-rose-400">{m}</p> })}
        </fieldset>
    }
    .into_any()
}

fn limits_step(form: Form) -> impl IntoView {
    let c = form.currency.get_value();
    view! {
        <div class="grid gap-4 sm:grid-cols-2">
            {text_input(form, "Rewards per player".into(), "per_player".into(), "limits.per_player".into(), Some("1 to 1,000,000.".into()), "numeric", |d| d.per_player.clone(), |d, v| d.per_player = v)}
            {text_input(form, format!("Budget ({c})"), "budget".into(), "limits.budget".into(), Some("Total face value it may award. Blank: no budget.".into()), "decimal", |d| d.budget.clone(), |d, v| d.budget = v)}
            {text_input(form, "Exclusive group".into(), "exclusive_group".into(), "exclusive_group".into(), Some("At most one campaign of a group rewards a player.".into()), "text", |d| d.exclusive_group.clone(), |d, v| d.exclusive_group = v)}
            {text_input(form, "Priority".into(), "priority".into(), "priority".into(), Some("Higher wins within the group.".into()), "numeric", |d| d.priority.clone(), |d, v| d.priority = v)}
        </div>
    }
    .into_any()
}

fn schedule_step(form: Form) -> impl IntoView {
    view! {
        <p class="text-sm text-slate-400">"Times are UTC. Blank start: from launch; blank end: until stopped."</p>
        <div class="grid gap-4 sm:grid-cols-2">
            {text_input(form, "Starts (UTC)".into(), "starts_at".into(), "starts_at".into(), None, "datetime-local", |d| d.starts_at.clone(), |d, v| d.starts_at = v)}
            {text_input(form, "Ends (UTC)".into(), "ends_at".into(), "ends_at".into(), None, "datetime-local", |d| d.ends_at.clone(), |d, v| d.ends_at = v)}
        </div>
    }
    .into_any()
}

/// On the reward step while A/B testing: the reward is per variant.
#[component]
fn VariantsNote(form: Form) -> impl IntoView {
    move || {
        form.draft.with(|d| d.use_variants).then(|| view! {
            <p class="text-sm text-amber-200">"A/B testing is on: each variant's reward (step 5) is used instead of this one."</p>
        })
    }
}

/// Step 5: the optional A/B variants and the holdout.
#[component]
fn VariantsStep(form: Form) -> impl IntoView {
    let count = Memo::new(move |_| form.draft.with(|d| d.variants.len()));
    let on = Memo::new(move |_| form.draft.with(|d| d.use_variants));
    let total = move || {
        form.draft.with(|d| {
            d.variants
                .iter()
                .map(|v| v.weight.trim().parse::<i64>().unwrap_or(0))
                .sum::<i64>()
        })
    };
    let add = move |_| {
        form.draft.update(|d| {
            let n = d.variants.len();
            if n < domain::campaign::MAX_VARIANTS {
                let letter = char::from(b'A' + (n % 26) as u8);
                d.variants.push(VariantDraft {
                    name: letter.to_string(),
                    weight: String::new(),
                    reward: d.reward.clone(),
                });
            }
        })
    };
    view! {
        {checkbox(
            form,
            "Run an A/B test",
            "use_variants",
            Some("Players are split by weight into variants, each with its own reward; the first variant is the baseline."),
            |d| d.use_variants,
            |d, on| {
                d.use_variants = on;
                if on && d.variants.is_empty() {
                    for name in ["A", "B"] {
                        d.variants.push(VariantDraft {
                            name: name.into(),
                            weight: "50".into(),
                            reward: d.reward.clone(),
                        });
                    }
                }
            },
        )}
        {move || form.error("variants").map(|m| view! { <p class="text-sm text-rose-400" data-testid="error-variants">{m}</p> })}
        <Show when=move || on.get()>
            <p class="text-sm" class:text-emerald-300=move || total() == 100 class:text-amber-200=move || total() != 100 data-testid="weights-total">
                {move || format!("Weights add up to {} (must be 100).", total())}
            </p>
            {move || {
                (0..count.get())
                    .map(|i| {
                        let legend = format!("Variant {}", i + 1);
                        view! {
                            <fieldset class="rounded-xl border border-slate-800 p-4">
                                <legend class="px-1 text-sm font-semibold text-white">{legend}</legend>
                                <div class="grid gap-4 sm:grid-cols-2">
                                    {text_input(form, "Variant name".into(), format!("v{i}-name"), format!("variants[{i}].name"), None, "text",
                                        move |d| d.variants.get(i).map(|v| v.name.clone()).unwrap_or_default(),
                                        move |d, v| if let Some(x) = d.variants.get_mut(i) { x.name = v })}
                                    {text_input(form, "Weight (%)".into(), format!("v{i}-weight"), format!("variants[{i}].weight"), None, "numeric",
                                        move |d| d.variants.get(i).map(|v| v.weight.clone()).unwrap_or_default(),
                                        move |d, v| if let Some(x) = d.variants.get_mut(i) { x.weight = v })}
                                </div>
                                <div class="mt-4">
                                    {reward_editor(form, Slot::Variant(i))}
                                </div>
                                <button
                                    type="button"
                                    class=format!("{BUTTON_SECONDARY} mt-4 px-3 py-1.5")
                                    aria-label=format!("Remove variant {}", i + 1)
                                    on:click=move |_| form.draft.update(|d| {
                                        if i < d.variants.len() {
                                            d.variants.remove(i);
                                        }
                                    })
                                >
                                    "Remove"
                                </button>
                            </fieldset>
                        }
                    })
                    .collect_view()
            }}
            <button type="button" class=BUTTON_SECONDARY data-testid="variant-add" on:click=add>
                "Add variant"
            </button>
        </Show>
        <div class="max-w-xs">
            {text_input(form, "Holdout (%)".into(), "holdout".into(), "holdout_percent".into(), Some("Players kept out as a control group, 0 to 99.".into()), "numeric", |d| d.holdout.clone(), |d, v| d.holdout = v)}
        </div>
    }
    .into_any()
}

/// Step 7: every problem, the compliance check, and save / launch.
#[component]
fn ReviewStep(
    form: Form,
    report: Memo<CheckReport>,
    spec: Memo<(CampaignSpec, Errors)>,
    create: ServerAction<CampaignCreate>,
    command: ServerAction<CampaignCommand>,
    created: Memo<Option<domain::api::engagement::CampaignView>>,
) -> impl IntoView {
    let save = move |_| {
        form.show_all.set(true);
        let (body, local) = spec.get_untracked();
        if local.is_empty() {
            create.dispatch(CampaignCreate { spec: body });
        }
    };
    let json = move || spec.with(|(s, _)| serde_json::to_string_pretty(s).unwrap_or_default());
    view! {
        <div data-testid="review-summary" class="space-y-1 text-sm text-slate-300">
            {move || {
                let (s, _) = spec.get();
                let reward = match (&s.reward, &s.variants) {
                    (Some(r), _) => reward_label(&r.kind).to_owned(),
                    (None, Some(v)) => format!("A/B test, {} variants", v.len()),
                    _ => String::new(),
                };
                view! {
                    <p><span class="text-slate-500">"Name: "</span>{s.name.clone()}</p>
                    <p><span class="text-slate-500">"Trigger: "</span>{trigger_label(&s.trigger.event)}{s.opt_in.then_some(" (opt-in)")}</p>
                    <p><span class="text-slate-500">"Reward: "</span>{reward}</p>
                }
            }}
        </div>
        <section aria-labelledby="compliance-title" class="rounded-xl border border-slate-800 p-4" data-testid="compliance-check">
            <h3 id="compliance-title" class="font-semibold text-white">"Compliance check"</h3>
            {move || {
                let r = report.get();
                if r.eligible_players.is_none() {
                    return view! { <p class="mt-2 text-sm text-slate-400">"Shown once every field is valid."</p> }.into_any();
                }
                let targeted = if r.targeted.is_empty() { "none configured".to_owned() } else { r.targeted.join(", ") };
                view! {
                    <p class="mt-2 text-sm text-slate-400">{format!("Targeted countries: {targeted}.")}</p>
                    {if r.countries.is_empty() {
                        view! { <p class="mt-2 text-sm text-emerald-300" data-testid="compliance-ok">"No jurisdiction rule is broken."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="mt-2 space-y-2 text-sm">
                                {r.countries.iter().map(|c| {
                                    let lines = c.variants.iter().flat_map(|(variant, rules)| {
                                        rules.iter().map(move |rule| format!("{}{}", if variant == domain::campaign::DEFAULT_VARIANT { String::new() } else { format!("Variant {variant}: ") }, rule_text(rule)))
                                    }).collect::<Vec<_>>();
                                    view! {
                                        <li>
                                            <span class="font-semibold text-amber-200">{c.country.clone()}</span>
                                            <ul class="list-disc pl-5 text-slate-300">
                                                {lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                                            </ul>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            {if r.launch_refused.is_empty() {
                                view! { <p class="mt-2 text-sm text-amber-200">"It can launch; players in the countries above get nothing from the offending variants."</p> }.into_any()
                            } else {
                                view! { <p class="mt-2 text-sm text-rose-300" data-testid="launch-refused">"Launch will be refused: no targeted country allows any variant. Fix the rules above."</p> }.into_any()
                            }}
                        }.into_any()
                    }}
                }
                .into_any()
            }}
        </section>
        {move || {
            let all = form.errors.get();
            (form.show_all.get() && !all.is_empty()).then(|| view! {
                <div role="alert" class="rounded-lg border border-rose-500/40 bg-rose-500/10 px-3 py-2 text-sm text-rose-200" data-testid="builder-errors">
                    <p>"Fix these first:"</p>
                    <ul class="mt-1 list-disc pl-5">
                        {all.into_iter().map(|(k, m)| {
                            let step = step_of(&k);
                            view! { <li>{format!("{} (step {}, {}): {}", k, step + 1, STEPS[step], sentence(&m))}</li> }
                        }).collect_view()}
                    </ul>
                </div>
            })
        }}
        <details class="text-sm text-slate-400">
            <summary class="cursor-pointer">"The campaign as sent (JSON)"</summary>
            <pre class="mt-2 overflow-x-auto rounded-lg bg-slate-950 p-3 text-xs">{json}</pre>
        </details>
        {move || match created.get() {
            None => view! {
                <button type="button" class=BUTTON_PRIMARY data-testid="campaign-save" disabled=move || create.pending().get() on:click=save>
                    {move || if create.pending().get() { "Saving…" } else { "Save draft" }}
                </button>
                <div aria-live="polite">
                    {move || create.value().get().filter(|r| !matches!(r, Ok(o) if o.ok)).and_then(|r| command_notice(Some(r)))}
                </div>
            }.into_any(),
            Some(c) => {
                let href = format!("/backoffice/campaigns/{}", c.campaign_id);
                view! {
                    <div class="rounded-xl border border-emerald-400/30 bg-emerald-400/5 p-4" data-testid="campaign-saved">
                        <p class="text-sm text-emerald-200">{format!("Draft “{}” saved. Launch it now, or later from the list.", c.spec.name)}</p>
                        <div class="mt-3 flex flex-wrap items-center gap-3">
                            <StateActions campaign_id=c.campaign_id.to_string() name=c.spec.name.clone() status=c.status action=command/>
                            <A href=href attr:class="text-sm text-emerald-300 underline">"Open dashboard"</A>
                        </div>
                        <div aria-live="polite">{move || command_notice(command.value().get())}</div>
                    </div>
                }.into_any()
            }
        }}
    }
    .into_any()
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
    fn field_paths_map_to_their_builder_step() {
        assert_eq!(step_of("name"), 0);
        assert_eq!(step_of("trigger.conditions.min_amount"), 1);
        assert_eq!(step_of("reward.amount"), 2);
        assert_eq!(step_of("limits.budget"), 3);
        assert_eq!(step_of("variants[0].weight"), 4);
        assert_eq!(step_of("ends_at"), 5);
    }
}
