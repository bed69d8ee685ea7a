//! The builder's simple steps: trigger, conditions, reward, limits and
//! schedule (the variants and the review have their own modules).
//!
//! Rules: a step only lays out inputs bound to the [`Draft`]; the field
//! paths of their errors are the wire names, which is how
//! [`super::step_of`] finds the step of any error.
//!
//! [`Draft`]: super::draft::Draft

use leptos::prelude::*;

use super::draft::Slot;
use super::inputs::{Form, checkbox, field_error, select, text_input};
use super::reward::reward_editor;
use crate::components::INPUT;
use crate::pages::campaigns::trigger_label;

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

/// Step 1: the name, the description and the event that awards.
pub(super) fn trigger_step(form: Form) -> impl IntoView {
    view! {
        {text_input(form, "Name".into(), "name".into(), "name".into(), Some("Players see it on Promotions.".into()), "text", |d| d.name.clone(), |d, v| d.name = v)}
        {description_input(form)}
        {select(
            form,
            "Trigger event".into(),
            "event".into(),
            TRIGGERS.iter().map(|t| (*t, trigger_label(t).to_owned())).collect(),
            |d| d.event.clone(),
            |d, v| d.event = v,
        )}
        {field_error(form, "trigger.event", Some("error-event"))}
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

/// The description, several lines of it, for players.
fn description_input(form: Form) -> impl IntoView {
    view! {
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
    }
    .into_any()
}

/// Step 2: the optional conditions an event must meet.
pub(super) fn conditions_step(form: Form) -> impl IntoView {
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
            {field_error(form, "trigger.conditions.verticals", None)}
        </fieldset>
    }
    .into_any()
}

/// Step 4: how much it may award, and its exclusive group.
pub(super) fn limits_step(form: Form) -> impl IntoView {
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

/// Step 6: when it runs.
pub(super) fn schedule_step(form: Form) -> impl IntoView {
    view! {
        <p class="text-sm text-slate-400">"Times are UTC. Blank start: from launch; blank end: until stopped."</p>
        <div class="grid gap-4 sm:grid-cols-2">
            {text_input(form, "Starts (UTC)".into(), "starts_at".into(), "starts_at".into(), None, "datetime-local", |d| d.starts_at.clone(), |d, v| d.starts_at = v)}
            {text_input(form, "Ends (UTC)".into(), "ends_at".into(), "ends_at".into(), None, "datetime-local", |d| d.ends_at.clone(), |d, v| d.ends_at = v)}
        </div>
    }
    .into_any()
}

/// Step 3: the single reward, and a note when the variants' rewards
/// replace it.
pub(super) fn reward_step(form: Form) -> impl IntoView {
    view! { {reward_editor(form, Slot::Single)} <VariantsNote form/> }.into_any()
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
