//! The back office's campaigns (marketing; admins too): `/backoffice/campaigns`
//! lists them with their state and the state actions (launch, pause,
//! resume, stop), [`builder`] is the step-by-step builder at
//! `/backoffice/campaigns/new`, and [`dashboard`] a campaign's live numbers
//! at `/backoffice/campaigns/:id`. The server checks the role on every call
//! and explains refused commands (a launch refused for compliance names the
//! rules).

pub mod builder;
pub mod dashboard;

pub use builder::CampaignBuilder;
pub use dashboard::CampaignDashboardPage;

use domain::api::engagement::{CampaignStatus, CampaignView};
use domain::campaign::CampaignSpec;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::api::engagement::{CampaignCommand, CommandReport, campaigns_page, rule_text};
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, Loading};
use crate::pages::backoffice::guarded;

pub(crate) const TH: &str = "px-4 py-3";
pub(crate) const TD: &str = "px-4 py-3 align-top text-slate-300";

/// An amount with its currency (`€12.50`): the app's one money formatter.
pub(crate) use crate::format::money;

/// A status as a coloured pill.
pub(crate) fn status_pill(status: CampaignStatus) -> impl IntoView {
    let (label, class) = match status {
        CampaignStatus::Draft => ("Draft", "bg-slate-700/60 text-slate-200"),
        CampaignStatus::Live => ("Live", "bg-emerald-400/15 text-emerald-300"),
        CampaignStatus::Paused => ("Paused", "bg-amber-400/15 text-amber-200"),
        CampaignStatus::Ended => ("Ended", "bg-rose-500/15 text-rose-200"),
    };
    view! {
        <span
            data-testid="campaign-status"
            class=format!("inline-block rounded-full px-2 py-0.5 text-xs font-semibold {class}")
        >
            {label}
        </span>
    }
    .into_any()
}

/// A trigger event code in words.
pub(crate) fn trigger_label(code: &str) -> &'static str {
    match code {
        "registration" => "Registration",
        "login" => "Login",
        "deposit" => "Deposit",
        "bet_placed" => "Bet placed",
        "bet_settled" => "Bet settled",
        "casino_round" => "Casino round",
        "opt_in" => "Opt-in",
        "period_end" => "End of period",
        _ => "Unknown trigger",
    }
}

/// A reward kind code in words.
pub(crate) fn reward_label(code: &str) -> &'static str {
    match code {
        "cash" => "Cash",
        "bonus_money" => "Bonus money",
        "free_bet" => "Free bet",
        "free_spins" => "Free spins",
        "cashback" => "Cashback",
        "coins" => "Coins",
        "loyalty_points" => "Loyalty points",
        _ => "Reward",
    }
}

/// What a campaign gives, in words: its reward's kind, or the size of its
/// A/B test.
pub(crate) fn reward_headline(spec: &CampaignSpec) -> String {
    match (&spec.reward, &spec.variants) {
        (Some(r), _) => reward_label(&r.kind).to_owned(),
        (None, Some(v)) => format!("A/B test, {} variants", v.len()),
        _ => String::new(),
    }
}

/// What a campaign gives, in a few words.
fn reward_summary(c: &CampaignView) -> String {
    match (&c.spec.reward, &c.spec.variants) {
        (Some(r), _) => reward_label(&r.kind).to_owned(),
        (None, Some(v)) => format!("{} variants", v.len()),
        _ => String::new(),
    }
}

/// The answer of a state action, explained.
pub(crate) fn command_notice(
    report: Option<Result<CommandReport, ServerFnError>>,
) -> Option<AnyView> {
    let report = report?;
    let report = match report {
        Ok(r) => r,
        Err(_) => CommandReport {
            message: "Something went wrong. Please try again.".into(),
            ..CommandReport::default()
        },
    };
    if report.ok {
        return Some(
            view! {
                <p role="status" data-testid="campaign-notice" class="mt-3 text-sm text-emerald-300">
                    {report.message}
                </p>
            }
            .into_any(),
        );
    }
    let rules = report.rules.clone();
    let fields = report.field_errors.clone();
    Some(
        view! {
            <div
                role="alert"
                data-testid="campaign-error"
                data-code=report.code.clone()
                class="mt-3 rounded-lg border border-rose-500/40 bg-rose-500/10 px-3 py-2 text-sm text-rose-200"
            >
                <p>{report.message}</p>
                {(!rules.is_empty())
                    .then(|| view! {
                        <ul class="mt-2 list-disc space-y-1 pl-5" data-testid="campaign-rules">
                            {rules
                                .into_iter()
                                .map(|r| view! { <li><code class="text-rose-100">{r.clone()}</code>": "{rule_text(&r)}</li> })
                                .collect_view()}
                        </ul>
                    })}
                {(!fields.is_empty())
                    .then(|| view! {
                        <ul class="mt-2 list-disc space-y-1 pl-5">
                            {fields
                                .into_iter()
                                .map(|(f, m)| view! { <li><code class="text-rose-100">{f}</code>": "{m}</li> })
                                .collect_view()}
                        </ul>
                    })}
            </div>
        }
        .into_any(),
    )
}

/// The answer of the latest state action, announced as it arrives.
#[component]
pub(crate) fn CommandNotice(action: ServerAction<CampaignCommand>) -> impl IntoView {
    view! { <div aria-live="polite">{move || command_notice(action.value().get())}</div> }
        .into_any()
}

/// The link back to the campaigns list, above a campaign page.
#[component]
pub(crate) fn BackToCampaigns() -> impl IntoView {
    view! {
        <p class="text-sm">
            <A href="/backoffice/campaigns" attr:class="text-emerald-300 underline-offset-2 hover:underline">"← Campaigns"</A>
        </p>
    }
    .into_any()
}

/// The state actions a campaign in `status` offers. Ending is for good,
/// so it asks to confirm first.
#[component]
pub(crate) fn StateActions(
    campaign_id: String,
    name: String,
    status: CampaignStatus,
    action: ServerAction<CampaignCommand>,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let buttons: Vec<(&'static str, &'static str, bool)> = match status {
        CampaignStatus::Draft => vec![("launch", "Launch", true)],
        CampaignStatus::Live => vec![("pause", "Pause", false)],
        CampaignStatus::Paused => vec![("resume", "Resume", true)],
        CampaignStatus::Ended => vec![],
    };
    let can_stop = status != CampaignStatus::Ended;
    let id = campaign_id.clone();
    let run = move |command: &'static str| {
        action.dispatch(CampaignCommand {
            campaign_id: id.clone(),
            command: command.to_owned(),
        });
    };
    let run_stop = run.clone();
    view! {
        <div class="flex flex-wrap items-center gap-2">
            {buttons
                .into_iter()
                .map(|(command, label, primary)| {
                    let run = run.clone();
                    view! {
                        <button
                            type="button"
                            class=if primary {
                                format!("{BUTTON_PRIMARY} px-3 py-1.5")
                            } else {
                                format!("{BUTTON_SECONDARY} px-3 py-1.5")
                            }
                            data-testid=format!("campaign-{command}")
                            aria-label=format!("{label} {name}")
                            disabled=move || action.pending().get()
                            on:click=move |_| run(command)
                        >
                            {label}
                        </button>
                    }
                })
                .collect_view()}
            {can_stop
                .then(|| {
                    let run_stop = run_stop.clone();
                    view! {
                        <Show
                            when=move || confirming.get()
                            fallback=move || view! {
                                <button
                                    type="button"
                                    class=format!("{BUTTON_SECONDARY} px-3 py-1.5")
                                    data-testid="campaign-stop"
                                    on:click=move |_| confirming.set(true)
                                >
                                    "Stop…"
                                </button>
                            }
                        >
                            <span class="text-xs text-slate-300">"End it for good? It cannot be restarted."</span>
                            <button
                                type="button"
                                class="rounded-lg bg-rose-500 px-3 py-1.5 text-sm font-semibold text-white hover:bg-rose-400"
                                data-testid="campaign-stop-confirm"
                                on:click={
                                    let run_stop = run_stop.clone();
                                    move |_| {
                                        confirming.set(false);
                                        run_stop("stop");
                                    }
                                }
                            >
                                "End campaign"
                            </button>
                            <button
                                type="button"
                                class=format!("{BUTTON_SECONDARY} px-3 py-1.5")
                                on:click=move |_| confirming.set(false)
                            >
                                "Cancel"
                            </button>
                        </Show>
                    }
                })}
        </div>
    }
    .into_any()
}

/// `/backoffice/campaigns`.
#[component]
pub fn CampaignsList() -> impl IntoView {
    let command = ServerAction::<CampaignCommand>::new();
    let cursor = RwSignal::new(String::new());
    let page = crate::resource::resource(
        move || (cursor.get(), command.version().get()),
        |(cursor, _)| campaigns_page(cursor),
    );
    view! {
        <Title text="Campaigns · Back office · Croupier"/>
        <div class="flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold tracking-tight text-white">"Campaigns"</h1>
            <A href="/backoffice/campaigns/new" attr:class=BUTTON_PRIMARY attr:data-testid="campaign-new">
                "New campaign"
            </A>
        </div>
        <p class="mt-2 text-sm text-slate-400">
            "Rewards that fire on a player's event. A draft awards nothing until launched; a paused campaign can resume; an ended one is over for good."
        </p>
        <CommandNotice action=command/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(page.await, move |page| {
                    let next = page.next_cursor.clone();
                    if page.items.is_empty() {
                        return view! {
                            <p class=format!("{CARD} mt-4 text-sm text-slate-300") data-testid="campaigns-empty">
                                "No campaigns yet. Start one with New campaign."
                            </p>
                        }
                        .into_any();
                    }
                    view! {
                        <div class=format!("{CARD} mt-4 overflow-x-auto p-0 sm:p-0")>
                            <table class="w-full min-w-[46rem] text-left text-sm" data-testid="campaigns-table">
                                <caption class="sr-only">"Campaigns, newest first"</caption>
                                <thead class="text-xs uppercase tracking-wider text-slate-500">
                                    <tr>
                                        <th scope="col" class=TH>"Name"</th>
                                        <th scope="col" class=TH>"Status"</th>
                                        <th scope="col" class=TH>"Trigger"</th>
                                        <th scope="col" class=TH>"Reward"</th>
                                        <th scope="col" class=format!("{TH} text-right")>"Awards"</th>
                                        <th scope="col" class=format!("{TH} text-right")>"Spent"</th>
                                        <th scope="col" class=TH>"Actions"</th>
                                    </tr>
                                </thead>
                                <tbody class="divide-y divide-slate-800">
                                    {page
                                        .items
                                        .into_iter()
                                        .map(|c| view! { <CampaignRow campaign=c command/> })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                        {next.map(|n| view! {
                            <button type="button" class=format!("{BUTTON_SECONDARY} mt-3") on:click=move |_| cursor.set(n.clone())>
                                "Older campaigns"
                            </button>
                        })}
                    }
                    .into_any()
                })
            })}
        </Transition>
    }
    .into_any()
}

/// One campaign of the list: its name linking to its dashboard, its
/// numbers and its state actions.
#[component]
fn CampaignRow(campaign: CampaignView, command: ServerAction<CampaignCommand>) -> impl IntoView {
    let c = campaign;
    let id = c.campaign_id.to_string();
    let href = format!("/backoffice/campaigns/{id}");
    let spent = money(&c.spent, &c.currency);
    let summary = reward_summary(&c);
    let name = c.spec.name.clone();
    let (row_name, link_name) = (name.clone(), name.clone());
    view! {
        <tr data-testid="campaign-row" data-name=row_name>
            <td class=format!("{TD} font-medium text-slate-100")>
                <A href=href attr:class="text-emerald-300 underline-offset-2 hover:underline">
                    {link_name}
                </A>
            </td>
            <td class=TD>{status_pill(c.status)}</td>
            <td class=TD>{trigger_label(&c.spec.trigger.event)}</td>
            <td class=TD>{summary}</td>
            <td class=format!("{TD} text-right tabular-nums")>{c.awards}</td>
            <td class=format!("{TD} text-right tabular-nums whitespace-nowrap")>{spent}</td>
            <td class=TD>
                <StateActions campaign_id=id name=name status=c.status action=command/>
            </td>
        </tr>
    }
    .into_any()
}
