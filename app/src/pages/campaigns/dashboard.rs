//! `/backoffice/campaigns/:id`: a campaign's live numbers (awards, cost,
//! budget left, participants, holdout), its variants with conversion and
//! the always-valid p-value, a bar chart of awards and cost per variant, the
//! state actions, and "explain for player". The numbers load once and then
//! arrive pushed on the websocket topic `campaign:{id}` (`campaign.stats`).

use domain::api::engagement::{CampaignStats, CampaignView};
use domain::events::{EventKind, Topic};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{
    BackToCampaigns, CommandNotice, StateActions, TD, TH, money, reward_headline, status_pill,
    trigger_label,
};
use crate::api::engagement::{CampaignCommand, CampaignExplain, campaign_dashboard};
use crate::components::{BUTTON_SECONDARY, CARD, INPUT, Loading};
use crate::pages::backoffice::guarded;

/// A decimal string as a number, for bar lengths only (never for money
/// arithmetic: amounts stay strings with their currency).
fn magnitude(s: &str) -> f64 {
    s.trim().parse::<f64>().unwrap_or(0.0).max(0.0)
}

/// A share (0 to 1) as a percent with one decimal.
fn percent(share: f64) -> String {
    format!("{:.1} %", share * 100.0)
}

/// `/backoffice/campaigns/:id`.
#[component]
pub fn CampaignDashboardPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let command = ServerAction::<CampaignCommand>::new();
    let data = crate::resource::resource(
        move || (id(), command.version().get()),
        |(id, _)| campaign_dashboard(id),
    );
    // The newest pushed numbers; they win over the loaded ones.
    let pushed = RwSignal::new(None::<CampaignStats>);
    let topic_id = Memo::new(move |_| id().parse::<uuid::Uuid>().ok());
    crate::live::use_live_events(
        move || topic_id.get().map(Topic::Campaign),
        move |event| {
            if let Some(stats) = event.read::<CampaignStats>(EventKind::CampaignStats) {
                pushed.set(Some(stats));
            }
        },
    );
    view! {
        <Title text="Campaign · Back office · Croupier"/>
        <BackToCampaigns/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(data.await, move |found| match found {
                    None => view! {
                        <p class=format!("{CARD} mt-4 text-slate-300") data-testid="campaign-missing">"No such campaign."</p>
                    }
                    .into_any(),
                    Some(d) => {
                        let loaded = d.stats.clone();
                        let stats = Signal::derive(move || {
                            pushed
                                .get()
                                .filter(|p| p.campaign_id == loaded.campaign_id)
                                .unwrap_or_else(|| loaded.clone())
                        });
                        view! { <Dashboard campaign=d.campaign stats command/> }.into_any()
                    }
                })
            })}
        </Transition>
    }
    .into_any()
}

/// The dashboard of one loaded campaign.
#[component]
fn Dashboard(
    campaign: CampaignView,
    stats: Signal<CampaignStats>,
    command: ServerAction<CampaignCommand>,
) -> impl IntoView {
    let budget = campaign.spec.limits.as_ref().and_then(|l| l.budget.clone());
    let reward = reward_headline(&campaign.spec);
    let id = campaign.campaign_id.to_string();
    let name = campaign.spec.name.clone();
    view! {
        <div class="mt-2 flex flex-wrap items-center gap-3">
            <h1 class="text-2xl font-bold tracking-tight text-white" data-testid="campaign-name">{name.clone()}</h1>
            {move || status_pill(stats.get().status)}
        </div>
        <p class="mt-1 text-sm text-slate-400">
            {format!("{} → {}{}", trigger_label(&campaign.spec.trigger.event), reward, if campaign.spec.opt_in { " · opt-in" } else { "" })}
        </p>
        <div class="mt-3">
            <StateActions campaign_id=id.clone() name=name status=campaign.status action=command/>
            <CommandNotice action=command/>
        </div>
        <section aria-label="Totals" class="mt-6 grid grid-cols-2 gap-3 lg:grid-cols-4" data-testid="campaign-stats">
            <Tile label="Awards" testid="stat-awards" value=Signal::derive(move || stats.get().awards.to_string())/>
            <Tile label="Cost" testid="stat-cost" value=Signal::derive(move || { let s = stats.get(); money(&s.cost, &s.currency) })/>
            <Tile label="Participants" testid="stat-participants" value=Signal::derive(move || stats.get().participants.to_string())/>
            <Tile
                label="Holdout"
                testid="stat-holdout"
                value=Signal::derive(move || {
                    let s = stats.get();
                    format!("{} players · {} played", s.holdout_players, percent(s.holdout_conversion))
                })
            />
        </section>
        <BudgetBar budget stats/>
        <VariantsTable stats/>
        <Chart stats/>
        <ExplainBox campaign_id=id/>
    }
    .into_any()
}

/// One number of the totals.
#[component]
fn Tile(label: &'static str, testid: &'static str, value: Signal<String>) -> impl IntoView {
    view! {
        <div class=CARD>
            <p class="text-xs font-semibold uppercase tracking-wider text-slate-500">{label}</p>
            <p class="mt-1 text-lg font-bold tabular-nums text-white sm:text-xl" data-testid=testid>{move || value.get()}</p>
        </div>
    }
    .into_any()
}

/// Budget left as a progress bar (spent share filled).
#[component]
fn BudgetBar(budget: Option<String>, stats: Signal<CampaignStats>) -> impl IntoView {
    view! {
        <section class=format!("{CARD} mt-4") aria-labelledby="budget-title">
            <h2 id="budget-title" class="text-sm font-semibold text-white">"Budget"</h2>
            {move || {
                let s = stats.get();
                match (&budget, &s.budget_left) {
                    (Some(total), Some(left)) => {
                        let (t, l) = (magnitude(total), magnitude(left));
                        let used = if t > 0.0 { ((t - l) / t * 100.0).clamp(0.0, 100.0) } else { 0.0 };
                        view! {
                            <p class="mt-1 text-sm text-slate-300" data-testid="budget-left">
                                {format!("{} left of {}", money(left, &s.currency), money(total, &s.currency))}
                            </p>
                            <div
                                class="mt-2 h-3 w-full overflow-hidden rounded-full bg-slate-800"
                                role="progressbar"
                                aria-label="Budget used"
                                aria-valuemin="0"
                                aria-valuemax="100"
                                aria-valuenow=format!("{used:.0}")
                            >
                                <div class="h-full rounded-full bg-emerald-400" style=format!("width: {used:.1}%")></div>
                            </div>
                        }
                        .into_any()
                    }
                    _ => view! { <p class="mt-1 text-sm text-slate-400" data-testid="budget-left">"No budget: it awards until stopped."</p> }.into_any(),
                }
            }}
        </section>
    }
    .into_any()
}

/// Per-variant numbers with conversion and the always-valid p-value.
#[component]
fn VariantsTable(stats: Signal<CampaignStats>) -> impl IntoView {
    view! {
        <section class="mt-6" aria-labelledby="variants-title">
            <h2 id="variants-title" class="text-lg font-semibold text-white">"Variants"</h2>
            <p class="mt-1 text-sm text-slate-400">
                "Conversion: share of a variant's players who played after being assigned. The p-value compares each variant with the first, using an always-valid sequential test (mSPRT): it stays valid however often you look, so watching it live does not inflate false positives. Below 0.05 is a significant difference."
            </p>
            <div class=format!("{CARD} mt-3 overflow-x-auto p-0 sm:p-0")>
                <table class="w-full min-w-[40rem] text-left text-sm" data-testid="variants-table">
                    <caption class="sr-only">"Numbers per variant"</caption>
                    <thead class="text-xs uppercase tracking-wider text-slate-500">
                        <tr>
                            <th scope="col" class=TH>"Variant"</th>
                            <th scope="col" class=format!("{TH} text-right")>"Players"</th>
                            <th scope="col" class=format!("{TH} text-right")>"Awards"</th>
                            <th scope="col" class=format!("{TH} text-right")>"Cost"</th>
                            <th scope="col" class=format!("{TH} text-right")>"Turnover"</th>
                            <th scope="col" class=format!("{TH} text-right")>"Conversion"</th>
                            <th scope="col" class=format!("{TH} text-right")>"p-value"</th>
                        </tr>
                    </thead>
                    <tbody class="divide-y divide-slate-800">
                        {move || {
                            let s = stats.get();
                            let currency = s.currency.clone();
                            s.variants
                                .into_iter()
                                .enumerate()
                                .map(|(i, v)| {
                                    let p = match v.p_value {
                                        _ if i == 0 => "baseline".to_owned(),
                                        Some(p) => format!("{p:.3}"),
                                        None => "not enough data".to_owned(),
                                    };
                                    let significant = v.p_value.is_some_and(|p| p < 0.05);
                                    view! {
                                        <tr data-testid="variant-row">
                                            <th scope="row" class=format!("{TD} font-medium text-slate-100")>{v.name.clone()}</th>
                                            <td class=format!("{TD} text-right tabular-nums")>{v.players}</td>
                                            <td class=format!("{TD} text-right tabular-nums")>{v.awards}</td>
                                            <td class=format!("{TD} whitespace-nowrap text-right tabular-nums")>{money(&v.cost, &currency)}</td>
                                            <td class=format!("{TD} whitespace-nowrap text-right tabular-nums")>{money(&v.turnover, &currency)}</td>
                                            <td class=format!("{TD} text-right tabular-nums")>{percent(v.conversion)}</td>
                                            <td class=format!("{TD} text-right tabular-nums") class:text-emerald-300=significant>{p}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// Awards and cost per variant as horizontal bars (inline SVG), each
/// scaled to the largest value of its kind.
#[component]
fn Chart(stats: Signal<CampaignStats>) -> impl IntoView {
    view! {
        <section class=format!("{CARD} mt-6") aria-labelledby="chart-title">
            <h2 id="chart-title" class="text-lg font-semibold text-white">"Awards and cost by variant"</h2>
            {move || {
                let s = stats.get();
                let rows = s.variants.len().max(1);
                let max_awards = s.variants.iter().map(|v| v.awards).max().unwrap_or(0).max(1) as f64;
                let max_cost = s.variants.iter().map(|v| magnitude(&v.cost)).fold(0.0, f64::max).max(0.01);
                let row_h = 44.0;
                let height = rows as f64 * row_h + 8.0;
                let summary = s
                    .variants
                    .iter()
                    .map(|v| format!("{}: {} awards, {}", v.name, v.awards, money(&v.cost, &s.currency)))
                    .collect::<Vec<_>>()
                    .join("; ");
                view! {
                    <svg
                        class="mt-3 w-full max-w-md"
                        viewBox=format!("0 0 320 {height}")
                        role="img"
                        aria-label=format!("Awards and cost by variant. {summary}")
                        data-testid="campaign-chart"
                    >
                        {s.variants.iter().enumerate().map(|(i, v)| {
                            let y = i as f64 * row_h + 4.0;
                            let awards_w = v.awards as f64 / max_awards * 150.0;
                            let cost_w = magnitude(&v.cost) / max_cost * 150.0;
                            view! {
                                <g>
                                    <text x="0" y=y + 12.0 fill="#cbd5e1" font-size="11">{v.name.clone()}</text>
                                    <rect x="80" y=y + 2.0 width=awards_w.max(1.0) height="14" rx="3" fill="#34d399"></rect>
                                    <text x=86.0 + awards_w y=y + 13.0 fill="#e2e8f0" font-size="10">{format!("{} awards", v.awards)}</text>
                                    <rect x="80" y=y + 20.0 width=cost_w.max(1.0) height="14" rx="3" fill="#fbbf24"></rect>
                                    <text x=86.0 + cost_w y=y + 31.0 fill="#e2e8f0" font-size="10">{money(&v.cost, &s.currency)}</text>
                                </g>
                            }
                        }).collect_view()}
                    </svg>
                    <p class="mt-2 flex gap-4 text-xs text-slate-400">
                        <span><span class="mr-1 inline-block h-2 w-3 rounded bg-emerald-400"></span>"Awards"</span>
                        <span><span class="mr-1 inline-block h-2 w-3 rounded bg-amber-400"></span>{format!("Cost ({})", s.currency)}</span>
                    </p>
                }
            }}
        </section>
    }
    .into_any()
}

/// "Explain for player": the ordered checks for one player, pass or fail.
#[component]
fn ExplainBox(campaign_id: String) -> impl IntoView {
    let explain = ServerAction::<CampaignExplain>::new();
    view! {
        <section class=format!("{CARD} mt-6") aria-labelledby="explain-title">
            <h2 id="explain-title" class="text-lg font-semibold text-white">"Explain for a player"</h2>
            <p class="mt-1 text-sm text-slate-400">"Why a player would or would not be awarded right now, check by check."</p>
            <ActionForm action=explain attr:class="mt-3 flex flex-wrap items-end gap-3">
                <input type="hidden" name="campaign_id" value=campaign_id/>
                <div class="min-w-0 flex-1 space-y-1.5">
                    <label for="explain-player" class="block text-sm font-medium text-slate-200">"Player id"</label>
                    <input id="explain-player" name="player_id" type="text" autocomplete="off" required=true class=INPUT data-testid="explain-player"/>
                </div>
                <button type="submit" class=BUTTON_SECONDARY data-testid="explain-submit" disabled=move || explain.pending().get()>
                    "Explain"
                </button>
            </ActionForm>
            <div aria-live="polite" data-testid="explain-result">
                {move || explain.value().get().map(|r| match r {
                    Err(_) => view! { <p class="mt-3 text-sm text-rose-300">"Something went wrong. Please try again."</p> }.into_any(),
                    Ok(r) => match r.explanation {
                        None => view! { <p class="mt-3 text-sm text-rose-300">{r.message.unwrap_or_default()}</p> }.into_any(),
                        Some(e) => view! {
                            <p class="mt-3 text-sm font-semibold" class:text-emerald-300=e.eligible class:text-rose-300=!e.eligible>
                                {if e.eligible { "Would be awarded now." } else { "Would not be awarded now." }}
                            </p>
                            <ol class="mt-2 space-y-1 text-sm">
                                {e.reasons.into_iter().map(|c| view! {
                                    <li class="flex gap-2" data-testid="explain-check" data-passed=c.passed.to_string()>
                                        <span aria-hidden="true" class:text-emerald-300=c.passed class:text-rose-300=!c.passed>
                                            {if c.passed { "✓" } else { "✗" }}
                                        </span>
                                        <span class="sr-only">{if c.passed { "Passed: " } else { "Failed: " }}</span>
                                        <span><code class="text-slate-200">{c.check}</code>" — "<span class="text-slate-400">{c.detail}</span></span>
                                    </li>
                                }).collect_view()}
                            </ol>
                        }.into_any(),
                    },
                })}
            </div>
        </section>
    }
    .into_any()
}
