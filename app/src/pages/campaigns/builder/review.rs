//! Step 7 of the builder: the review, then save and launch.
//!
//! Rules: saving first shows every error; the draft is only sent when the
//! form itself found no problem (the server checks the rest and its
//! errors join the list); the compliance check names each targeted
//! country's broken rules, per variant, and warns when the launch would be
//! refused; once saved, the draft offers its state actions (Launch).

use domain::api::engagement::CampaignView;
use domain::campaign::CampaignSpec;
use leptos::prelude::*;
use leptos_router::components::A;

use super::draft::Errors;
use super::inputs::{Form, sentence};
use super::{STEPS, step_of};
use crate::api::engagement::{
    CampaignCommand, CampaignCreate, CheckReport, CountryRules, rule_text,
};
use crate::components::BUTTON_PRIMARY;
use crate::pages::campaigns::{
    CommandNotice, StateActions, command_notice, reward_headline, trigger_label,
};

/// Step 7: every problem, the compliance check, and save / launch.
#[component]
pub(super) fn ReviewStep(
    form: Form,
    report: Memo<CheckReport>,
    spec: Memo<(CampaignSpec, Errors)>,
    create: ServerAction<CampaignCreate>,
    command: ServerAction<CampaignCommand>,
    created: Memo<Option<CampaignView>>,
) -> impl IntoView {
    let json = move || spec.with(|(s, _)| serde_json::to_string_pretty(s).unwrap_or_default());
    view! {
        <ReviewSummary spec/>
        <ComplianceCheck report/>
        <ProblemList form/>
        <details class="text-sm text-slate-400">
            <summary class="cursor-pointer">"The campaign as sent (JSON)"</summary>
            <pre class="mt-2 overflow-x-auto rounded-lg bg-slate-950 p-3 text-xs">{json}</pre>
        </details>
        {move || match created.get() {
            None => view! { <SaveButton form spec create/> }.into_any(),
            Some(c) => view! { <Saved campaign=c command/> }.into_any(),
        }}
    }
    .into_any()
}

/// The campaign in three lines: name, trigger, reward.
#[component]
fn ReviewSummary(spec: Memo<(CampaignSpec, Errors)>) -> impl IntoView {
    view! {
        <div data-testid="review-summary" class="space-y-1 text-sm text-slate-300">
            {move || {
                let (s, _) = spec.get();
                let reward = reward_headline(&s);
                view! {
                    <p><span class="text-slate-500">"Name: "</span>{s.name.clone()}</p>
                    <p><span class="text-slate-500">"Trigger: "</span>{trigger_label(&s.trigger.event)}{s.opt_in.then_some(" (opt-in)")}</p>
                    <p><span class="text-slate-500">"Reward: "</span>{reward}</p>
                }
            }}
        </div>
    }
    .into_any()
}

/// The jurisdiction rules the campaign breaks, once the form is valid.
#[component]
fn ComplianceCheck(report: Memo<CheckReport>) -> impl IntoView {
    view! {
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
                    {compliance_verdict(&r)}
                }
                .into_any()
            }}
        </section>
    }
    .into_any()
}

/// All clear, or the broken rules per country and whether a launch is
/// still allowed.
fn compliance_verdict(r: &CheckReport) -> AnyView {
    if r.countries.is_empty() {
        return view! { <p class="mt-2 text-sm text-emerald-300" data-testid="compliance-ok">"No jurisdiction rule is broken."</p> }.into_any();
    }
    view! {
        <ul class="mt-2 space-y-2 text-sm">
            {r.countries.iter().map(country_rules).collect_view()}
        </ul>
        {if r.launch_refused.is_empty() {
            view! { <p class="mt-2 text-sm text-amber-200">"It can launch; players in the countries above get nothing from the offending variants."</p> }.into_any()
        } else {
            view! { <p class="mt-2 text-sm text-rose-300" data-testid="launch-refused">"Launch will be refused: no targeted country allows any variant. Fix the rules above."</p> }.into_any()
        }}
    }
    .into_any()
}

/// One country and the rules it breaks, each named with its variant
/// unless it is the campaign's only reward.
fn country_rules(c: &CountryRules) -> AnyView {
    let lines = c
        .variants
        .iter()
        .flat_map(|(variant, rules)| {
            let prefix = if variant == domain::campaign::DEFAULT_VARIANT {
                String::new()
            } else {
                format!("Variant {variant}: ")
            };
            rules
                .iter()
                .map(move |rule| format!("{prefix}{}", rule_text(rule)))
        })
        .collect::<Vec<_>>();
    view! {
        <li>
            <span class="font-semibold text-amber-200">{c.country.clone()}</span>
            <ul class="list-disc pl-5 text-slate-300">
                {lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
            </ul>
        </li>
    }
    .into_any()
}

/// After a save attempt: every problem, with the step it is on.
#[component]
fn ProblemList(form: Form) -> impl IntoView {
    move || {
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
    }
}

/// "Save draft", and why the server refused the last save.
#[component]
fn SaveButton(
    form: Form,
    spec: Memo<(CampaignSpec, Errors)>,
    create: ServerAction<CampaignCreate>,
) -> impl IntoView {
    let save = move |_| {
        form.show_all.set(true);
        let (body, local) = spec.get_untracked();
        if local.is_empty() {
            create.dispatch(CampaignCreate { spec: body });
        }
    };
    view! {
        <button type="button" class=BUTTON_PRIMARY data-testid="campaign-save" disabled=move || create.pending().get() on:click=save>
            {move || if create.pending().get() { "Saving…" } else { "Save draft" }}
        </button>
        <div aria-live="polite">
            {move || create.value().get().filter(|r| !matches!(r, Ok(o) if o.ok)).and_then(|r| command_notice(Some(r)))}
        </div>
    }
    .into_any()
}

/// The saved draft: its state actions and a link to its dashboard.
#[component]
fn Saved(campaign: CampaignView, command: ServerAction<CampaignCommand>) -> impl IntoView {
    let c = campaign;
    let href = format!("/backoffice/campaigns/{}", c.campaign_id);
    view! {
        <div class="rounded-xl border border-emerald-400/30 bg-emerald-400/5 p-4" data-testid="campaign-saved">
            <p class="text-sm text-emerald-200">{format!("Draft “{}” saved. Launch it now, or later from the list.", c.spec.name)}</p>
            <div class="mt-3 flex flex-wrap items-center gap-3">
                <StateActions campaign_id=c.campaign_id.to_string() name=c.spec.name.clone() status=c.status action=command/>
                <A href=href attr:class="text-sm text-emerald-300 underline">"Open dashboard"</A>
            </div>
            <CommandNotice action=command/>
        </div>
    }
    .into_any()
}
