//! `/backoffice/campaigns/new`: the step-by-step campaign builder
//! (trigger → conditions → reward → limits → variants → schedule → review).
//!
//! Rules: the form is one [`Draft`] of plain strings; [`Draft::to_spec`]
//! turns it into the wire [`CampaignSpec`] the engine validates, leaving out
//! what is empty and only sending the fields the chosen reward kind uses.
//! Every edit is checked on the server after a short pause (debounced): the
//! players who would qualify today, the field errors, and the jurisdiction
//! rules broken per targeted country, so the marketer sees a refused launch
//! coming before pressing Launch. A check's answer only counts while the
//! form still holds the body it was sent for.
//!
//! Layout: [`draft`] holds the form's data and its conversion, `inputs` the
//! small bound inputs, `steps`, `reward`, `variants` and `review` the
//! steps; this module the page, the step navigation and the live check.

mod draft;
mod inputs;
mod review;
pub mod reward;
mod steps;
mod variants;

use std::collections::BTreeSet;
use std::time::Duration;

use domain::api::engagement::CampaignView;
use domain::campaign::CampaignSpec;
use leptos::prelude::*;
use leptos_meta::Title;

pub use draft::{Draft, RewardDraft, VariantDraft};

use super::BackToCampaigns;
use crate::api::engagement::{
    CampaignCheck, CampaignCommand, CampaignCreate, CheckReport, campaigns_page,
};
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, Loading};
use crate::pages::backoffice::guarded;
use draft::Errors;
use inputs::Form;
use review::ReviewStep;
use variants::VariantsStep;

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

/// `/backoffice/campaigns/new`.
#[component]
pub fn CampaignBuilder() -> impl IntoView {
    // The list tells the currency and checks the role before the form.
    let setup = crate::resource::resource(|| (), |_| campaigns_page(String::new()));
    view! {
        <Title text="New campaign · Back office · Croupier"/>
        <BackToCampaigns/>
        <h1 class="mt-2 text-2xl font-bold tracking-tight text-white">"New campaign"</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(setup.await, |page| view! { <BuilderForm currency=page.currency/> })
            })}
        </Suspense>
    }
    .into_any()
}

/// The builder's shared state: the form, the current step, the live check
/// and the save and launch actions.
#[derive(Clone, Copy)]
struct Builder {
    form: Form,
    /// Index into [`STEPS`].
    step: RwSignal<usize>,
    /// The form as the wire spec, with the form's own problems.
    spec: Memo<(CampaignSpec, Errors)>,
    /// The newest check's answer while it describes the form, else empty.
    report: Memo<CheckReport>,
    create: ServerAction<CampaignCreate>,
    command: ServerAction<CampaignCommand>,
    /// The saved draft, once saved.
    created: Memo<Option<CampaignView>>,
}

impl Builder {
    /// A blank form in `currency`, checked after each edit; a launch opens
    /// the campaign's dashboard.
    fn new(currency: String) -> Self {
        let draft = RwSignal::new(Draft::default());
        let check = ServerAction::<CampaignCheck>::new();
        let create = ServerAction::<CampaignCreate>::new();
        let command = ServerAction::<CampaignCommand>::new();
        let spec = Memo::new(move |_| draft.with(Draft::to_spec));
        // The body the newest check was sent for.
        let sent = RwSignal::new(None::<CampaignSpec>);
        let report = current_report(spec, sent, check);
        let form = Form {
            draft,
            errors: all_errors(spec, report, create),
            touched: RwSignal::new(BTreeSet::new()),
            show_all: RwSignal::new(false),
            currency: StoredValue::new(currency),
        };
        check_after_each_edit(spec, sent, check);
        open_dashboard_on_launch(command);
        let created = Memo::new(move |_| {
            create
                .value()
                .get()
                .and_then(Result::ok)
                .filter(|r| r.ok)
                .and_then(|r| r.campaign)
        });
        Self {
            form,
            step: RwSignal::new(0),
            spec,
            report,
            create,
            command,
            created,
        }
    }
}

/// The newest check's answer, only while the form still holds the body it
/// was sent for (no stale errors appearing under a field just edited).
fn current_report(
    spec: Memo<(CampaignSpec, Errors)>,
    sent: RwSignal<Option<CampaignSpec>>,
    check: ServerAction<CampaignCheck>,
) -> Memo<CheckReport> {
    Memo::new(move |_| {
        let current = spec.with(|(s, _)| sent.with(|sent| sent.as_ref() == Some(s)));
        if !current || check.pending().get() {
            return CheckReport::default();
        }
        check.value().get().and_then(Result::ok).unwrap_or_default()
    })
}

/// Every problem known: the check's, a refused save's, and the form's own
/// (which win).
fn all_errors(
    spec: Memo<(CampaignSpec, Errors)>,
    report: Memo<CheckReport>,
    create: ServerAction<CampaignCreate>,
) -> Memo<Errors> {
    Memo::new(move |_| {
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
    })
}

/// Debounced check: each edit restarts the wait; only the newest edit's
/// timer dispatches.
fn check_after_each_edit(
    spec: Memo<(CampaignSpec, Errors)>,
    sent: RwSignal<Option<CampaignSpec>>,
    check: ServerAction<CampaignCheck>,
) {
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
}

/// A launched campaign opens its dashboard.
fn open_dashboard_on_launch(command: ServerAction<CampaignCommand>) {
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
}

/// The builder proper, once the currency is known.
#[component]
fn BuilderForm(currency: String) -> impl IntoView {
    let builder = Builder::new(currency.clone());
    view! {
        <p class="mt-2 text-sm text-slate-400">
            {format!("Amounts are in {currency}, the reporting currency; players in other currencies get the converted value.")}
        </p>
        <div class="mt-4 grid gap-4 lg:grid-cols-[1fr_16rem]">
            <div class="min-w-0">
                <StepNav form=builder.form step=builder.step/>
                <StepCard builder/>
            </div>
            <LiveCheck report=builder.report spec=builder.spec/>
        </div>
    }
    .into_any()
}

/// The steps as buttons; after a save attempt, the ones with a problem
/// are marked.
#[component]
fn StepNav(form: Form, step: RwSignal<usize>) -> impl IntoView {
    let step_errors = move |i: usize| form.errors.with(|e| e.keys().any(|k| step_of(k) == i));
    view! {
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
    }
    .into_any()
}

/// The current step: its title, its inputs, Back and Next.
#[component]
fn StepCard(builder: Builder) -> impl IntoView {
    let step = builder.step;
    view! {
        <section class=format!("{CARD} mt-3") aria-live="off">
            <h2 class="text-lg font-semibold text-white" data-testid="step-title">
                {move || STEPS[step.get()]}
            </h2>
            <div class="mt-4 space-y-4">
                {move || step_body(builder, step.get())}
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
    }
    .into_any()
}

/// The inputs of step `i`.
fn step_body(builder: Builder, i: usize) -> AnyView {
    let Builder {
        form,
        report,
        spec,
        create,
        command,
        created,
        ..
    } = builder;
    match i {
        0 => steps::trigger_step(form).into_any(),
        1 => steps::conditions_step(form).into_any(),
        2 => steps::reward_step(form).into_any(),
        3 => steps::limits_step(form).into_any(),
        4 => view! { <VariantsStep form/> }.into_any(),
        5 => steps::schedule_step(form).into_any(),
        _ => view! { <ReviewStep form report spec create command created/> }.into_any(),
    }
}

/// The side panel: players eligible today, and what stands in the way.
#[component]
fn LiveCheck(report: Memo<CheckReport>, spec: Memo<(CampaignSpec, Errors)>) -> impl IntoView {
    view! {
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
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

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
