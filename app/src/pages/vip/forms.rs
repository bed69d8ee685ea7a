//! The forms of the player 360: points adjustment, tier override, manager
//! assignment, note, task, check and designation. Each is an `ActionForm`
//! (keyboard and no-script friendly) posting to a server function that
//! checks the role; the server's field errors show under their inputs and
//! refusals (`self_excluded`, `checks_required`) as the form's alert.

use leptos::prelude::*;

use crate::api::vip::{
    VipAddCheck, VipAddNote, VipAddTask, VipAdjustPoints, VipDesignate, VipSetManager, VipSetTier,
};
use crate::components::{BUTTON_PRIMARY, CARD, FormErrorBanner, INPUT};
use crate::model::FormOutcome;

/// The latest answer of `action` as a form outcome.
fn outcome_of<A>(action: ServerAction<A>) -> Signal<Option<FormOutcome>>
where
    A: leptos::server_fn::ServerFn<Output = FormOutcome> + Clone + Send + Sync + 'static,
    A::Error: Clone + Send + Sync + 'static,
{
    Signal::derive(move || {
        action.value().get().map(|r| match r {
            Ok(o) => o,
            Err(_) => FormOutcome::form("Something went wrong. Please try again."),
        })
    })
}

/// A labelled input whose id is `{form}-{name}`, with the server's error.
fn input(
    form: &'static str,
    label: &'static str,
    name: &'static str,
    kind: &'static str,
    outcome: Signal<Option<FormOutcome>>,
) -> impl IntoView {
    let id = format!("{form}-{name}");
    let error_id = format!("{id}-error");
    let error = move || outcome.get().and_then(|o| o.field(name));
    let (for_id, testid, described) = (id.clone(), id.clone(), error_id.clone());
    view! {
        <div class="min-w-0 space-y-1.5">
            <label for=for_id class="block text-sm font-medium text-slate-200">{label}</label>
            <input
                id=id
                name=name
                type=kind
                class=INPUT
                data-testid=testid
                aria-invalid=move || error().map(|_| "true")
                aria-describedby=move || error().map(|_| described.clone())
            />
            {move || error().map(|m| view! { <p id=error_id.clone() class="text-sm text-rose-400" data-testid=format!("{form}-{name}-error")>{m}</p> })}
        </div>
    }
}

/// The success line of a form.
fn saved(
    outcome: Signal<Option<FormOutcome>>,
    text: &'static str,
    testid: &'static str,
) -> impl IntoView {
    move || {
        outcome
            .get()
            .filter(|o| o.ok)
            .map(|_| view! { <p role="status" class="text-sm text-emerald-300" data-testid=testid>{text}</p> })
    }
}

/// A form card with a heading.
fn card(title: &'static str, id: &'static str, body: impl IntoView) -> impl IntoView {
    let heading = format!("{id}-heading");
    let labelled_by = heading.clone();
    view! {
        <section class=CARD aria-labelledby=labelled_by data-testid=id>
            <h3 id=heading class="text-base font-semibold text-white">{title}</h3>
            {body}
        </section>
    }
}

/// Points adjustment (reason required; negative removes).
#[component]
pub fn PointsForm(player_id: String, action: ServerAction<VipAdjustPoints>) -> impl IntoView {
    let outcome = outcome_of(action);
    card(
        "Adjust points",
        "vip-points-form",
        view! {
            <ActionForm action attr:class="mt-3 grid gap-3" attr:novalidate=true>
                <input type="hidden" name="player_id" value=player_id/>
                <FormErrorBanner outcome/>
                {input("points", "Points (negative removes)", "points", "number", outcome)}
                {input("points", "Reason", "reason", "text", outcome)}
                <div class="flex items-center gap-3">
                    <button type="submit" class=BUTTON_PRIMARY data-testid="points-submit" disabled=move || action.pending().get()>"Adjust"</button>
                    {saved(outcome, "Points adjusted.", "points-saved")}
                </div>
            </ActionForm>
        },
    )
}

/// Tier override (tier and until).
#[component]
pub fn TierForm(
    player_id: String,
    tiers: Vec<String>,
    action: ServerAction<VipSetTier>,
) -> impl IntoView {
    let outcome = outcome_of(action);
    let error = move || outcome.get().and_then(|o| o.field("tier"));
    card(
        "Tier override",
        "vip-tier-form",
        view! {
            <ActionForm action attr:class="mt-3 grid gap-3" attr:novalidate=true>
                <input type="hidden" name="player_id" value=player_id/>
                <FormErrorBanner outcome/>
                <div class="space-y-1.5">
                    <label for="tier-tier" class="block text-sm font-medium text-slate-200">"Tier"</label>
                    <select id="tier-tier" name="tier" class=INPUT data-testid="tier-tier" aria-invalid=move || error().map(|_| "true")>
                        {tiers.into_iter().map(|t| {
                        let value = t.clone();
                        view! { <option value=value>{t}</option> }
                    }).collect_view()}
                    </select>
                    {move || error().map(|m| view! { <p class="text-sm text-rose-400">{m}</p> })}
                </div>
                {input("tier", "Until (date)", "until", "date", outcome)}
                {input("tier", "Reason (optional)", "reason", "text", outcome)}
                <div class="flex items-center gap-3">
                    <button type="submit" class=BUTTON_PRIMARY data-testid="tier-submit" disabled=move || action.pending().get()>"Hold tier"</button>
                    {saved(outcome, "Tier override set.", "tier-saved")}
                </div>
            </ActionForm>
        },
    )
}

/// Manager assignment.
#[component]
pub fn ManagerForm(
    player_id: String,
    managers: Vec<domain::api::vip::ManagerOption>,
    current: Option<uuid::Uuid>,
    action: ServerAction<VipSetManager>,
) -> impl IntoView {
    let outcome = outcome_of(action);
    let error = move || outcome.get().and_then(|o| o.field("manager_id"));
    card(
        "Manager",
        "vip-manager-form",
        view! {
            <ActionForm action attr:class="mt-3 grid gap-3" attr:novalidate=true>
                <input type="hidden" name="player_id" value=player_id/>
                <FormErrorBanner outcome/>
                <div class="space-y-1.5">
                    <label for="manager-manager_id" class="block text-sm font-medium text-slate-200">"VIP manager"</label>
                    <select id="manager-manager_id" name="manager_id" class=INPUT data-testid="manager-select" aria-invalid=move || error().map(|_| "true")>
                        <option value="" selected=current.is_none()>"Unassigned"</option>
                        {managers.into_iter().map(|m| {
                            let selected = current == Some(m.user_id);
                            view! { <option value=m.user_id.to_string() selected=selected>{m.email}</option> }
                        }).collect_view()}
                    </select>
                    {move || error().map(|m| view! { <p class="text-sm text-rose-400">{m}</p> })}
                </div>
                <div class="flex items-center gap-3">
                    <button type="submit" class=BUTTON_PRIMARY data-testid="manager-submit" disabled=move || action.pending().get()>"Assign"</button>
                    {saved(outcome, "Manager saved.", "manager-saved")}
                </div>
            </ActionForm>
        },
    )
}

/// A new note.
#[component]
pub fn NoteForm(player_id: String, action: ServerAction<VipAddNote>) -> impl IntoView {
    let outcome = outcome_of(action);
    let error = move || outcome.get().and_then(|o| o.field("text"));
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if outcome.get().is_some_and(|o| o.ok)
            && let Some(f) = form.get()
        {
            f.reset();
        }
    });
    view! {
        <ActionForm action node_ref=form attr:class="mt-3 grid gap-3" attr:novalidate=true attr:data-testid="vip-note-form">
            <input type="hidden" name="player_id" value=player_id/>
            <FormErrorBanner outcome/>
            <label for="note-text" class="block text-sm font-medium text-slate-200">"New note"</label>
            <textarea id="note-text" name="text" rows="3" class=INPUT data-testid="note-text" aria-invalid=move || error().map(|_| "true")></textarea>
            {move || error().map(|m| view! { <p class="text-sm text-rose-400" data-testid="note-text-error">{m}</p> })}
            <div class="flex items-center gap-3">
                <button type="submit" class=BUTTON_PRIMARY data-testid="note-submit" disabled=move || action.pending().get()>"Add note"</button>
                {saved(outcome, "Note added.", "note-saved")}
            </div>
        </ActionForm>
    }
}

/// A new task.
#[component]
pub fn TaskForm(player_id: String, action: ServerAction<VipAddTask>) -> impl IntoView {
    let outcome = outcome_of(action);
    view! {
        <ActionForm action attr:class="mt-3 grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end" attr:novalidate=true attr:data-testid="vip-task-form">
            <input type="hidden" name="player_id" value=player_id/>
            <div class="sm:col-span-3"><FormErrorBanner outcome/></div>
            {input("task", "New task", "title", "text", outcome)}
            {input("task", "Due (date)", "due_at", "date", outcome)}
            <button type="submit" class=BUTTON_PRIMARY data-testid="task-submit" disabled=move || action.pending().get()>"Add task"</button>
        </ActionForm>
    }
}

/// The affordability and harm checks before a designation.
#[component]
pub fn CheckForm(player_id: String, action: ServerAction<VipAddCheck>) -> impl IntoView {
    let outcome = outcome_of(action);
    let outcome_error = move || outcome.get().and_then(|o| o.field("outcome"));
    let tick = |name: &'static str, label: &'static str| {
        let id = format!("check-{name}");
        let label_for = id.clone();
        view! {
            <label for=label_for class="flex items-center gap-2 text-sm text-slate-200">
                <input id=id type="checkbox" name=name value="true" class="h-4 w-4 accent-emerald-400" data-testid=format!("check-{name}")/>
                {label}
            </label>
        }
    };
    card(
        "Affordability and harm check",
        "vip-check-form",
        view! {
            <p class="mt-1 text-xs text-slate-400">"UK Gambling Commission high-value-customer guidance: review these before designating a VIP. A pass needs all four."</p>
            <ActionForm action attr:class="mt-3 grid gap-3" attr:novalidate=true>
                <input type="hidden" name="player_id" value=player_id/>
                <FormErrorBanner outcome/>
                <fieldset class="grid gap-2">
                    <legend class="text-sm font-medium text-slate-200">"Reviewed"</legend>
                    {tick("affordability_reviewed", "Affordability evidence")}
                    {tick("source_of_funds_verified", "Source of funds verified")}
                    {tick("harm_markers_reviewed", "Markers of harm")}
                    {tick("rg_state_reviewed", "Responsible-gaming state")}
                </fieldset>
                <div class="space-y-1.5">
                    <label for="check-outcome" class="block text-sm font-medium text-slate-200">"Outcome"</label>
                    <select id="check-outcome" name="outcome" class=INPUT data-testid="check-outcome" aria-invalid=move || outcome_error().map(|_| "true")>
                        <option value="pass">"Pass"</option>
                        <option value="refer">"Refer"</option>
                        <option value="fail">"Fail"</option>
                    </select>
                    {move || outcome_error().map(|m| view! { <p class="text-sm text-rose-400" data-testid="check-outcome-error">{m}</p> })}
                </div>
                {input("check", "Evidence", "evidence", "text", outcome)}
                <div class="flex items-center gap-3">
                    <button type="submit" class=BUTTON_PRIMARY data-testid="check-submit" disabled=move || action.pending().get()>"Record check"</button>
                    {saved(outcome, "Check recorded.", "check-saved")}
                </div>
            </ActionForm>
        },
    )
}

/// Marks or unmarks the player as a VIP.
#[component]
pub fn DesignationForm(
    player_id: String,
    marked: bool,
    action: ServerAction<VipDesignate>,
) -> impl IntoView {
    let outcome = outcome_of(action);
    card(
        "VIP designation",
        "vip-designation-form",
        view! {
            <ActionForm action attr:class="mt-3 grid gap-3" attr:novalidate=true>
                <input type="hidden" name="player_id" value=player_id/>
                <input type="hidden" name="vip" value=if marked { "false" } else { "true" }/>
                <FormErrorBanner outcome/>
                {input("designation", "Reason", "reason", "text", outcome)}
                <div class="flex items-center gap-3">
                    <button type="submit" class=BUTTON_PRIMARY data-testid="designation-submit" disabled=move || action.pending().get()>
                        {if marked { "Remove VIP marking" } else { "Mark as VIP" }}
                    </button>
                    {saved(outcome, "Designation saved.", "designation-saved")}
                </div>
            </ActionForm>
        },
    )
}
