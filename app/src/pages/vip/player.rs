//! `/backoffice/vip/:id`: the player 360. Sections for the wallet, loyalty,
//! responsible-gaming state, recent bets and rounds, bonuses, notes, tasks
//! and checks, beside the manager's forms ([`super::forms`]). A
//! self-excluded player is flagged at the top and the forms of suppressed
//! actions are replaced by an explanation.

use domain::api::vip::VipPlayer;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::forms::{
    CheckForm, DesignationForm, ManagerForm, NoteForm, PointsForm, TaskForm, TierForm,
};
use super::{TD, TH, badge};
use crate::api::vip::{
    VipAddCheck, VipAddNote, VipAddTask, VipAdjustPoints, VipDesignate, VipSetManager, VipSetTier,
    VipUpdateTask, vip_player_view,
};
use crate::components::{BUTTON_SECONDARY, CARD, Loading, short_time};
use crate::format::money;
use crate::pages::backoffice::guarded;
use crate::pages::errors::NotFound;

/// A titled card.
fn section(title: &'static str, testid: &'static str, body: impl IntoView) -> impl IntoView {
    let heading = format!("{testid}-heading");
    let labelled_by = heading.clone();
    view! {
        <section class=format!("{CARD} min-w-0") aria-labelledby=labelled_by data-testid=testid>
            <h2 id=heading class="text-lg font-semibold text-white">{title}</h2>
            {body}
        </section>
    }
}

/// One label and value.
fn pair(label: &'static str, value: String) -> impl IntoView {
    view! {
        <div>
            <dt class="text-xs uppercase tracking-wider text-slate-500">{label}</dt>
            <dd class="mt-0.5 text-slate-100 tabular-nums">{value}</dd>
        </div>
    }
}

/// The actions every form shares, so the 360 reloads after any of them.
#[derive(Clone, Copy)]
struct Actions {
    points: ServerAction<VipAdjustPoints>,
    tier: ServerAction<VipSetTier>,
    manager: ServerAction<VipSetManager>,
    note: ServerAction<VipAddNote>,
    task: ServerAction<VipAddTask>,
    done: ServerAction<VipUpdateTask>,
    check: ServerAction<VipAddCheck>,
    designate: ServerAction<VipDesignate>,
}

impl Actions {
    fn version(&self) -> usize {
        self.points.version().get()
            + self.tier.version().get()
            + self.manager.version().get()
            + self.note.version().get()
            + self.task.version().get()
            + self.done.version().get()
            + self.check.version().get()
            + self.designate.version().get()
    }
}

/// `/backoffice/vip/:id`.
#[component]
pub fn VipPlayer360() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let actions = Actions {
        points: ServerAction::new(),
        tier: ServerAction::new(),
        manager: ServerAction::new(),
        note: ServerAction::new(),
        task: ServerAction::new(),
        done: ServerAction::new(),
        check: ServerAction::new(),
        designate: ServerAction::new(),
    };
    let page = crate::resource::resource(
        move || (id(), actions.version()),
        |(id, _)| vip_player_view(id),
    );
    view! {
        <Title text="VIP player · Back office · Croupier"/>
        <A href="/backoffice/vip" attr:class="text-sm text-emerald-300 hover:underline">"← VIP players"</A>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(page.await, move |found| match found {
                    None => view! { <NotFound/> }.into_any(),
                    Some(p) => view! { <Player page=p actions/> }.into_any(),
                })
            })}
        </Transition>
    }
}

#[component]
fn Player(page: crate::api::vip::VipPlayerPage, actions: Actions) -> impl IntoView {
    let crate::api::vip::VipPlayerPage {
        player: p,
        managers,
        tiers,
    } = page;
    let id = p.player_id.to_string();
    let excluded = p.self_excluded;
    let manager_email = p.manager_id.and_then(|m| {
        managers
            .iter()
            .find(|o| o.user_id == m)
            .map(|o| o.email.clone())
    });
    view! {
        <header class="mt-3 flex flex-wrap items-center gap-3">
            <h1 class="min-w-0 break-all text-2xl font-bold tracking-tight text-white" data-testid="vip-player-email">{p.email.clone()}</h1>
            {p.vip.then(|| badge("VIP", "good"))}
            {p.tier.clone().map(|t| view! { <span data-testid="vip-player-tier" class="rounded-full bg-slate-700/60 px-2 py-0.5 text-xs font-semibold text-slate-200">{t}</span> })}
        </header>
        {excluded.then(|| view! {
            <p role="alert" data-testid="vip-player-excluded" class="mt-3 rounded-lg border border-rose-500/40 bg-rose-500/10 px-3 py-2 text-sm text-rose-200">
                "A time-out or self-exclusion is in force. VIP actions (points, tier override, designation, manager assignment) are suppressed."
            </p>
        })}
        <div class="mt-6 grid gap-6 lg:grid-cols-2">
            <Overview p=p.clone() manager_email/>
            {section("Responsible gaming", "vip-rg", rg_view(&p))}
            {section("Recent bets and rounds", "vip-bets", bets_view(&p))}
            {section("Bonuses", "vip-bonuses", bonuses_view(&p))}
            {section("Notes", "vip-notes", view! {
                <NoteForm player_id=id.clone() action=actions.note/>
                <ul class="mt-4 space-y-3" data-testid="vip-notes-list">
                    {p.notes.iter().map(|n| view! {
                        <li class="rounded-lg border border-slate-800 p-3" data-testid="vip-note">
                            <p class="whitespace-pre-wrap text-sm text-slate-100">{n.text.clone()}</p>
                            <p class="mt-1 text-xs text-slate-500">{format!("{} · {} UTC", n.author, short_time(&n.created_at.to_rfc3339()))}</p>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {section("Tasks", "vip-tasks", tasks_view(&p, id.clone(), actions))}
            {section("Checks", "vip-checks", checks_view(&p))}
            <div class="grid min-w-0 gap-6">
                {if excluded {
                    view! { <p class=format!("{CARD} text-sm text-slate-400")>"Points, tier, manager and designation forms are hidden while the exclusion is in force."</p> }.into_any()
                } else {
                    view! {
                        <PointsForm player_id=id.clone() action=actions.points/>
                        <TierForm player_id=id.clone() tiers action=actions.tier/>
                        <ManagerForm player_id=id.clone() managers current=p.manager_id action=actions.manager/>
                        <DesignationForm player_id=id.clone() marked=p.designation.marked action=actions.designate/>
                    }.into_any()
                }}
                <CheckForm player_id=id.clone() action=actions.check/>
            </div>
        </div>
    }
}

/// Wallet, loyalty and the 30-day figures.
#[component]
fn Overview(p: VipPlayer, manager_email: Option<String>) -> impl IntoView {
    let w = p.wallet.clone();
    let rc = p.reporting_currency.clone();
    let next = p
        .loyalty
        .next_tier
        .clone()
        .map(|t| format!("{} at {} qualifying points", t.name, t.threshold))
        .unwrap_or_else(|| "—".into());
    let over = p
        .tier_override
        .clone()
        .map(|o| {
            format!(
                "{} until {}",
                o.tier,
                o.until
                    .map(|u| short_time(&u.to_rfc3339()))
                    .unwrap_or_else(|| "removed".into())
            )
        })
        .unwrap_or_else(|| "None".into());
    section(
        "Wallet and loyalty",
        "vip-wallet",
        view! {
            <dl class="mt-3 grid grid-cols-2 gap-4 text-sm sm:grid-cols-3">
                {pair("Cash", money(&w.cash, &w.currency))}
                {pair("Bonus", money(&w.bonus, &w.currency))}
                {pair("Reserved", money(&w.reserved, &w.currency))}
                {pair("Deposits 30d", money(&p.deposits_30d, &rc))}
                {pair("GGR 30d", money(&p.ggr_30d, &rc))}
                {pair("Points", p.loyalty.points.to_string())}
                {pair("Coins", p.loyalty.coins.to_string())}
                {pair("Qualifying points", p.loyalty.qualifying_points.to_string())}
                {pair("Next tier", next)}
                {pair("Tier override", over)}
                {pair("Manager", manager_email.unwrap_or_else(|| "Unassigned".into()))}
                {pair("Card", p.loyalty.card_number.clone().unwrap_or_else(|| "Not issued".into()))}
            </dl>
            <p class="mt-3 text-xs text-slate-500" data-testid="vip-points">{format!("{} points", p.points)}</p>
        },
    )
}

fn rg_view(p: &VipPlayer) -> impl IntoView + use<> {
    let rg = p.responsible_gaming.clone();
    view! {
        <dl class="mt-3 grid grid-cols-2 gap-4 text-sm">
            {pair("KYC", rg.kyc_status.clone())}
            {pair("Exclusion", match (&rg.exclusion_kind, rg.excluded_until) {
                (Some(k), Some(u)) => format!("{} until {} UTC", k.replace('_', " "), short_time(&u.to_rfc3339())),
                (Some(k), None) => format!("{} (permanent)", k.replace('_', " ")),
                _ => "None".into(),
            })}
        </dl>
        <div class="mt-3 overflow-x-auto">
            <table class="w-full min-w-[24rem] text-left text-sm">
                <caption class="sr-only">"Limits in force"</caption>
                <thead class="text-xs uppercase tracking-wider text-slate-500">
                    <tr><th scope="col" class=TH>"Limit"</th><th scope="col" class=TH>"Amount"</th><th scope="col" class=TH>"Used"</th></tr>
                </thead>
                <tbody class="divide-y divide-slate-800">
                    {if rg.limits.is_empty() {
                        view! { <tr><td class=TD colspan="3">"No limits set."</td></tr> }.into_any()
                    } else {
                        rg.limits.into_iter().map(|l| view! {
                            <tr>
                                <td class=TD>{format!("{} per {}", l.kind, l.period)}</td>
                                <td class=format!("{TD} whitespace-nowrap")>{money(&l.amount, &l.currency)}</td>
                                <td class=format!("{TD} whitespace-nowrap")>{money(&l.used, &l.currency)}</td>
                            </tr>
                        }).collect_view().into_any()
                    }}
                </tbody>
            </table>
        </div>
    }
}

fn bets_view(p: &VipPlayer) -> impl IntoView + use<> {
    let bets = p.recent_bets.clone();
    view! {
        <div class="mt-3 overflow-x-auto">
            <table class="w-full min-w-[32rem] text-left text-sm">
                <caption class="sr-only">"Recent bets and rounds"</caption>
                <thead class="text-xs uppercase tracking-wider text-slate-500">
                    <tr>
                        <th scope="col" class=TH>"When (UTC)"</th>
                        <th scope="col" class=TH>"What"</th>
                        <th scope="col" class=TH>"Stake"</th>
                        <th scope="col" class=TH>"Returned"</th>
                        <th scope="col" class=TH>"Status"</th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-800">
                    {if bets.is_empty() {
                        view! { <tr><td class=TD colspan="5">"No bets or rounds yet."</td></tr> }.into_any()
                    } else {
                        bets.into_iter().map(|b| view! {
                            <tr>
                                <td class=format!("{TD} whitespace-nowrap")>{short_time(&b.placed_at.to_rfc3339())}</td>
                                <td class=TD>{format!("{} · {}", b.vertical, b.description)}</td>
                                <td class=format!("{TD} whitespace-nowrap")>{money(&b.stake, &b.currency)}</td>
                                <td class=format!("{TD} whitespace-nowrap")>{b.returned.map(|r| money(&r, &b.currency)).unwrap_or_else(|| "—".into())}</td>
                                <td class=TD>{b.status}</td>
                            </tr>
                        }).collect_view().into_any()
                    }}
                </tbody>
            </table>
        </div>
    }
}

fn bonuses_view(p: &VipPlayer) -> impl IntoView + use<> {
    let bonuses = p.bonuses.clone();
    view! {
        <ul class="mt-3 space-y-2 text-sm">
            {if bonuses.is_empty() {
                view! { <li class="text-slate-400">"No bonuses."</li> }.into_any()
            } else {
                bonuses.into_iter().map(|b| view! {
                    <li class="rounded-lg border border-slate-800 p-3">
                        <p class="text-slate-100">{format!("{} · {}", b.kind.replace('_', " "), b.status.code())}</p>
                        <p class="text-xs text-slate-400">{format!("{} · balance {}", b.terms, money(&b.balance, &b.currency))}</p>
                    </li>
                }).collect_view().into_any()
            }}
        </ul>
    }
}

fn tasks_view(p: &VipPlayer, player_id: String, actions: Actions) -> impl IntoView + use<> {
    let tasks = p.tasks.clone();
    view! {
        <TaskForm player_id action=actions.task/>
        <ul class="mt-4 space-y-2" data-testid="vip-tasks-list">
            {tasks.into_iter().map(|t| {
                let label = if t.done { "Reopen" } else { "Done" };
                view! {
                    <li class="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-slate-800 p-3 text-sm" data-testid="vip-task">
                        <span class=if t.done { "text-slate-500 line-through" } else { "text-slate-100" }>
                            {t.title.clone()}
                            {t.due_at.map(|d| format!(" · due {}", short_time(&d.to_rfc3339())))}
                        </span>
                        <ActionForm action=actions.done>
                            <input type="hidden" name="task_id" value=t.task_id.to_string()/>
                            <input type="hidden" name="done" value=if t.done { "false" } else { "true" }/>
                            <button type="submit" class=BUTTON_SECONDARY>{label}</button>
                        </ActionForm>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

fn checks_view(p: &VipPlayer) -> impl IntoView + use<> {
    let checks = p.checks.clone();
    view! {
        <ul class="mt-3 space-y-2 text-sm" data-testid="vip-checks-list">
            {if checks.is_empty() {
                view! { <li class="text-slate-400">"No checks recorded. A passing check is needed before a designation."</li> }.into_any()
            } else {
                checks.into_iter().map(|c| view! {
                    <li class="rounded-lg border border-slate-800 p-3">
                        <p class="text-slate-100">
                            {format!("{} · {} UTC · {}", c.outcome, short_time(&c.created_at.to_rfc3339()), c.author)}
                            {c.allows_designation.then(|| view! { <span class="ml-2">{badge("Allows designation", "good")}</span> })}
                        </p>
                        <p class="mt-1 text-xs text-slate-400">{c.evidence.clone()}</p>
                    </li>
                }).collect_view().into_any()
            }}
        </ul>
    }
}
