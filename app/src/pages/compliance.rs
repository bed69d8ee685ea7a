//! Compliance back office (admin, compliance): the KYC review queue with
//! approve/reject and a note, player search into a player's responsible-
//! gaming record (limits, limit history, exclusions, loss alerts, the
//! operator's loss threshold), loss alerts and exclusions across players,
//! and the per-country jurisdiction rules. Every decision is audited by the
//! engine; the server checks the role on every call.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::list_players;
use crate::api::responsible_gaming::{
    ExclusionRow, JurisdictionRow, LossAlertRow, RgKycDecide, RgOutcome, RgSetJurisdiction,
    RgSetOperatorAlert, rg_exclusions, rg_jurisdictions, rg_kyc_queue, rg_loss_alerts, rg_player,
};
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, INPUT, Loading, short_time};
use crate::pages::backoffice::guarded;
use crate::pages::errors::set_status;

const TH: &str = "px-4 py-3";
const TD: &str = "px-4 py-3 text-slate-300";

fn player_link(player_id: &str, email: String) -> impl IntoView + use<> {
    view! {
        <A
            href=format!("/backoffice/rg/{player_id}")
            attr:class="text-slate-100 hover:text-emerald-300 hover:underline"
            attr:data-testid="rg-player-link"
        >
            {email}
        </A>
    }
}

fn outcome_notice(outcome: Option<Result<RgOutcome, ServerFnError>>) -> Option<AnyView> {
    outcome.map(|o| {
        let (ok, message) = match o {
            Ok(o) => (o.ok, o.message),
            Err(_) => (false, "Something went wrong. Please try again.".to_owned()),
        };
        let class = if ok {
            "mt-4 rounded-lg border border-emerald-400/40 bg-emerald-400/10 px-3 py-2 text-sm text-emerald-200"
        } else {
            "mt-4 rounded-lg border border-rose-500/40 bg-rose-500/10 px-3 py-2 text-sm text-rose-200"
        };
        view! { <div role="status" data-testid="bo-notice" class=class>{message}</div> }.into_any()
    })
}

/// `/backoffice/kyc`: submissions waiting for a decision.
#[component]
pub fn KycQueue() -> impl IntoView {
    let decide = ServerAction::<RgKycDecide>::new();
    let queue = crate::resource::resource(move || decide.version().get(), |_| rg_kyc_queue());
    view! {
        <Title text="KYC queue · Back office · Croupier"/>
        <h1 class="text-2xl font-bold tracking-tight text-white">"KYC review queue"</h1>
        <p class="mt-2 text-sm text-slate-400">
            "Identity submissions waiting for a person, oldest first. The provider's outcome is shown when it has answered."
        </p>
        {move || outcome_notice(decide.value().get())}
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(
                    queue.await,
                    move |rows| {
                        if rows.is_empty() {
                            return view! { <p class="mt-6 text-slate-400" data-testid="kyc-queue-empty">"Nothing to review."</p> }.into_any();
                        }
                        view! {
                            <ul class="mt-6 space-y-4" data-testid="kyc-queue">
                                {rows
                                    .into_iter()
                                    .map(|k| {
                                        view! {
                                            <li class=CARD data-testid="kyc-item">
                                                <div class="flex flex-wrap items-baseline justify-between gap-2">
                                                    {player_link(&k.player_id, k.email.clone())}
                                                    <span class="text-xs text-slate-500">{short_time(&k.created_at)}</span>
                                                </div>
                                                <p class="mt-2 text-sm text-slate-300">
                                                    {format!(
                                                        "{} · {} · ends {} · {}",
                                                        k.document_type.replace('_', " "),
                                                        k.document_country,
                                                        k.document_number_last4,
                                                        k.full_name,
                                                    )}
                                                </p>
                                                <p class="mt-1 text-sm text-slate-400">
                                                    "Provider: "
                                                    {if k.provider_outcome.is_empty() { "no answer yet".to_owned() } else { k.provider_outcome.clone() }}
                                                </p>
                                                <ActionForm action=decide attr:class="mt-3 flex flex-wrap items-end gap-3">
                                                    <input type="hidden" name="player_id" value=k.player_id.clone()/>
                                                    <div class="min-w-0 flex-1 space-y-1.5">
                                                        <label class="block text-sm font-medium text-slate-200" for=format!("note-{}", k.player_id)>"Note"</label>
                                                        <input id=format!("note-{}", k.player_id) name="note" maxlength="2000" class=INPUT data-testid="kyc-note"/>
                                                    </div>
                                                    <button type="submit" name="status" value="verified" class=BUTTON_PRIMARY data-testid="kyc-approve">"Approve"</button>
                                                    <button type="submit" name="status" value="rejected" class=BUTTON_SECONDARY data-testid="kyc-reject">"Reject"</button>
                                                </ActionForm>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    },
                )
            })}
        </Transition>
    }
}

/// `/backoffice/rg`: find a player to open their responsible-gaming record.
#[component]
pub fn RgSearch() -> impl IntoView {
    let query = use_query_map();
    let search = move || query.with(|q| q.get("q").unwrap_or_default());
    let players = crate::resource::resource(search, |q| list_players(q, 0));
    view! {
        <Title text="Responsible gaming · Back office · Croupier"/>
        <h1 class="text-2xl font-bold tracking-tight text-white">"Responsible gaming"</h1>
        <Form method="GET" action="" attr:class="mt-4 flex flex-wrap items-end gap-3">
            <div class="min-w-0 flex-1 space-y-1.5">
                <label for="rg-q" class="block text-sm font-medium text-slate-200">"E-mail starts with"</label>
                <input id="rg-q" name="q" type="search" autocomplete="off" class=INPUT prop:value=search data-testid="rg-search"/>
            </div>
            <button type="submit" class=BUTTON_PRIMARY>"Find"</button>
        </Form>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(
                    players.await,
                    |page| {
                        view! {
                            <ul class="mt-6 divide-y divide-slate-800">
                                {page
                                    .rows
                                    .into_iter()
                                    .filter(|u| u.roles.iter().any(|r| r == "player"))
                                    .map(|u| {
                                        view! {
                                            <li class="flex flex-wrap justify-between gap-2 py-2">
                                                {player_link(&u.user_id, u.email)}
                                                <span class="text-sm text-slate-400">{format!("{} · KYC {}", u.country, u.kyc_status)}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    },
                )
            })}
        </Transition>
    }
}

fn exclusions_table(rows: Vec<ExclusionRow>, with_player: bool) -> AnyView {
    if rows.is_empty() {
        return view! { <p class="mt-2 text-sm text-slate-400">"None."</p> }.into_any();
    }
    view! {
        <div class="mt-3 overflow-x-auto">
        <table class="w-full text-left text-sm" data-testid="exclusions-table">
            <thead class="text-xs uppercase tracking-wider text-slate-500">
                <tr>
                    {with_player.then(|| view! { <th scope="col" class=TH>"Player"</th> })}
                    <th scope="col" class=TH>"Kind"</th>
                    <th scope="col" class=TH>"Since (UTC)"</th>
                    <th scope="col" class=TH>"Until (UTC)"</th>
                    <th scope="col" class=TH>"In force"</th>
                </tr>
            </thead>
            <tbody class="divide-y divide-slate-800">
                {rows
                    .into_iter()
                    .map(|e| {
                        view! {
                            <tr data-testid="exclusion-row">
                                {with_player.then(|| view! { <td class=TD>{player_link(&e.player_id, e.email.clone())}</td> })}
                                <td class=TD>{e.kind.replace('_', " ")}</td>
                                <td class=TD>{short_time(&e.started_at)}</td>
                                <td class=TD>{e.until.as_deref().map_or_else(|| "permanent".to_owned(), short_time)}</td>
                                <td class=TD>{if e.active { "yes" } else { "no" }}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        </div>
    }
    .into_any()
}

fn alerts_table(rows: Vec<LossAlertRow>, with_player: bool) -> AnyView {
    if rows.is_empty() {
        return view! { <p class="mt-2 text-sm text-slate-400" data-testid="loss-alerts-empty">"None."</p> }.into_any();
    }
    view! {
        <div class="mt-3 overflow-x-auto">
        <table class="w-full text-left text-sm" data-testid="loss-alerts-table">
            <thead class="text-xs uppercase tracking-wider text-slate-500">
                <tr>
                    {with_player.then(|| view! { <th scope="col" class=TH>"Player"</th> })}
                    <th scope="col" class=TH>"Threshold of"</th>
                    <th scope="col" class=TH>"Window"</th>
                    <th scope="col" class=TH>"Threshold"</th>
                    <th scope="col" class=TH>"Net loss"</th>
                    <th scope="col" class=TH>"When (UTC)"</th>
                </tr>
            </thead>
            <tbody class="divide-y divide-slate-800">
                {rows
                    .into_iter()
                    .map(|a| {
                        view! {
                            <tr data-testid="loss-alert-row">
                                {with_player.then(|| view! { <td class=TD>{player_link(&a.player_id, a.email.clone())}</td> })}
                                <td class=TD>{a.source}</td>
                                <td class=TD>{a.period}</td>
                                <td class=format!("{TD} tabular-nums")>{a.threshold}</td>
                                <td class=format!("{TD} tabular-nums text-rose-300")>{a.net_loss}</td>
                                <td class=TD>{short_time(&a.created_at)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        </div>
    }
    .into_any()
}

/// `/backoffice/loss-alerts`: loss alerts across players, newest first.
#[component]
pub fn LossAlerts() -> impl IntoView {
    let rows = crate::resource::resource(|| (), |_| rg_loss_alerts());
    view! {
        <Title text="Loss alerts · Back office · Croupier"/>
        <h1 class="text-2xl font-bold tracking-tight text-white">"Loss alerts"</h1>
        <p class="mt-2 text-sm text-slate-400">"Raised when a player's net loss in the window crossed their own or the operator's threshold."</p>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(rows.await, |rows| view! { <div class=format!("{CARD} mt-4 overflow-x-auto")>{alerts_table(rows, true)}</div> })
            })}
        </Transition>
    }
}

/// `/backoffice/exclusions`: time-outs and self-exclusions in force.
#[component]
pub fn Exclusions() -> impl IntoView {
    let rows = crate::resource::resource(|| (), |_| rg_exclusions());
    view! {
        <Title text="Exclusions · Back office · Croupier"/>
        <h1 class="text-2xl font-bold tracking-tight text-white">"Exclusions in force"</h1>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(rows.await, |rows| view! { <div class=format!("{CARD} mt-4 overflow-x-auto")>{exclusions_table(rows, true)}</div> })
            })}
        </Transition>
    }
}

/// `/backoffice/rg/:id`: one player's responsible-gaming record.
#[component]
pub fn PlayerRg() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let set_alert = ServerAction::<RgSetOperatorAlert>::new();
    let data = crate::resource::resource(
        move || (id(), set_alert.version().get()),
        |(id, _)| rg_player(id),
    );
    view! {
        <Title text="Player RG record · Back office · Croupier"/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(
                    data.await,
                    move |p| {
                        let Some(p) = p else {
                            set_status(404);
                            return view! { <p class="text-slate-400" data-testid="rg-player-missing">"No such player."</p> }.into_any();
                        };
                        let currency = p.currency.clone();
                        view! {
                            <h1 class="text-2xl font-bold tracking-tight text-white" data-testid="rg-player-email">{p.email.clone()}</h1>
                            <p class="mt-1 text-sm text-slate-400">
                                {format!("{} · {} · KYC {}", p.country, p.currency, p.kyc_status)}
                                " · "
                                <A href=format!("/backoffice/players/{}", p.player_id) attr:class="text-emerald-300 underline">"Wallet"</A>
                            </p>
                            <section class=format!("{CARD} mt-6") aria-labelledby="bo-limits">
                                <h2 id="bo-limits" class="text-lg font-semibold text-white">"Limits"</h2>
                                {if p.limits.is_empty() {
                                    view! { <p class="mt-2 text-sm text-slate-400">"None."</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="mt-2 space-y-1 text-sm text-slate-300">
                                            {p.limits
                                                .into_iter()
                                                .map(|l| view! {
                                                    <li class="tabular-nums">
                                                        {format!("{} per {}: {} {currency} (used {}){}", l.kind, l.period, l.amount, l.used,
                                                            l.pending.map(|(a, at)| format!(" → {} on {}", a.unwrap_or_else(|| "removed".into()), short_time(&at))).unwrap_or_default())}
                                                    </li>
                                                })
                                                .collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                            <section class=format!("{CARD} mt-6 overflow-x-auto") aria-labelledby="bo-history">
                                <h2 id="bo-history" class="text-lg font-semibold text-white">"Limit history"</h2>
                                <table class="mt-3 w-full text-left text-sm" data-testid="bo-limit-history">
                                    <thead class="text-xs uppercase tracking-wider text-slate-500">
                                        <tr>
                                            <th scope="col" class=TH>"When (UTC)"</th>
                                            <th scope="col" class=TH>"Limit"</th>
                                            <th scope="col" class=TH>"Old → new"</th>
                                            <th scope="col" class=TH>"Effective (UTC)"</th>
                                            <th scope="col" class=TH>"By"</th>
                                        </tr>
                                    </thead>
                                    <tbody class="divide-y divide-slate-800">
                                        {p.history
                                            .into_iter()
                                            .map(|h| view! {
                                                <tr>
                                                    <td class=TD>{short_time(&h.created_at)}</td>
                                                    <td class=TD>{format!("{} per {}", h.kind, h.period)}</td>
                                                    <td class=format!("{TD} tabular-nums")>{format!("{} → {}", h.old_amount.unwrap_or_else(|| "none".into()), h.new_amount.unwrap_or_else(|| "none".into()))}</td>
                                                    <td class=TD>{short_time(&h.effective_at)}</td>
                                                    <td class=TD>{if h.by == "you" { "player".to_owned() } else { h.by }}</td>
                                                </tr>
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </section>
                            <section class=format!("{CARD} mt-6 overflow-x-auto") aria-labelledby="bo-exclusions">
                                <h2 id="bo-exclusions" class="text-lg font-semibold text-white">"Exclusions"</h2>
                                {exclusions_table(p.exclusions, false)}
                            </section>
                            <section class=format!("{CARD} mt-6 overflow-x-auto") aria-labelledby="bo-alerts">
                                <h2 id="bo-alerts" class="text-lg font-semibold text-white">"Loss alerts"</h2>
                                {alerts_table(p.loss_alerts, false)}
                                <ActionForm action=set_alert attr:class="mt-4 flex flex-wrap items-end gap-3">
                                    <input type="hidden" name="player_id" value=p.player_id.clone()/>
                                    <div class="space-y-1.5">
                                        <label for="op-alert" class="block text-sm font-medium text-slate-200">
                                            {format!("Operator threshold ({}; empty removes it)", p.currency)}
                                        </label>
                                        <input id="op-alert" name="amount" value=p.operator_loss_alert.unwrap_or_default() class=INPUT data-testid="operator-alert"/>
                                    </div>
                                    <button type="submit" class=BUTTON_PRIMARY data-testid="operator-alert-save">"Save threshold"</button>
                                </ActionForm>
                                {move || outcome_notice(set_alert.value().get())}
                            </section>
                        }
                            .into_any()
                    },
                )
            })}
        </Transition>
    }
}

/// `/backoffice/jurisdictions`: per-country rules, editable.
#[component]
pub fn Jurisdictions() -> impl IntoView {
    let save = ServerAction::<RgSetJurisdiction>::new();
    let rows = crate::resource::resource(move || save.version().get(), |_| rg_jurisdictions());
    view! {
        <Title text="Jurisdictions · Back office · Croupier"/>
        <h1 class="text-2xl font-bold tracking-tight text-white">"Jurisdictions"</h1>
        <p class="mt-2 text-sm text-slate-400">
            "Per-country rules: minimum age (a CROUPIER_MIN_AGES override wins), the deposit-limit prompt, a mandatory reality check, the shortest self-exclusion, and identity checks before the first deposit."
        </p>
        {move || outcome_notice(save.value().get())}
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(
                    rows.await,
                    move |rows| {
                        let blank = JurisdictionRow {
                            country: String::new(),
                            minimum_age: 18,
                            deposit_limit_prompt_mandatory: false,
                            mandatory_reality_check_minutes: None,
                            minimum_self_exclusion_months: 6,
                            kyc_required_before_first_deposit: false,
                        };
                        view! {
                            <div class="mt-6 space-y-4">
                                {rows
                                    .into_iter()
                                    .chain([blank])
                                    .map(|j| view! { <JurisdictionForm row=j save/> })
                                    .collect_view()}
                            </div>
                        }
                    },
                )
            })}
        </Transition>
    }
}

#[component]
fn JurisdictionForm(row: JurisdictionRow, save: ServerAction<RgSetJurisdiction>) -> impl IntoView {
    let new = row.country.is_empty();
    let key = if new {
        "new".to_owned()
    } else {
        row.country.clone()
    };
    let id = move |f: &str| format!("{f}-{key}");
    let label = "block text-xs font-medium text-slate-400";
    view! {
        <ActionForm action=save attr:class=format!("{CARD} grid gap-3 sm:grid-cols-7 sm:items-end") attr:data-testid="jurisdiction-form">
            <div class="space-y-1">
                <label class=label for=id("country")>"Country"</label>
                {if new {
                    view! { <input id=id("country") name="country" maxlength="2" required=true placeholder="DE" class=INPUT/> }.into_any()
                } else {
                    view! {
                        <input id=id("country") name="country" value=row.country.clone() readonly=true class=INPUT/>
                    }.into_any()
                }}
            </div>
            <div class="space-y-1">
                <label class=label for=id("age")>"Min. age"</label>
                <input id=id("age") name="minimum_age" type="number" min="16" max="25" value=row.minimum_age.to_string() class=INPUT/>
            </div>
            <div class="space-y-1">
                <label class=label for=id("rc")>"Reality check (min)"</label>
                <input id=id("rc") name="mandatory_reality_check_minutes" type="number" min="0" max="480"
                    value=row.mandatory_reality_check_minutes.map(|m| m.to_string()).unwrap_or_default() class=INPUT/>
            </div>
            <div class="space-y-1">
                <label class=label for=id("se")>"Min. self-exclusion (months)"</label>
                <input id=id("se") name="minimum_self_exclusion_months" type="number" min="6" max="60"
                    value=row.minimum_self_exclusion_months.to_string() class=INPUT/>
            </div>
            <label class="flex items-center gap-2 text-sm text-slate-300">
                <input type="checkbox" name="deposit_limit_prompt_mandatory" checked=row.deposit_limit_prompt_mandatory/>
                "Limit prompt mandatory"
            </label>
            <label class="flex items-center gap-2 text-sm text-slate-300">
                <input type="checkbox" name="kyc_required_before_first_deposit" checked=row.kyc_required_before_first_deposit/>
                "KYC before first deposit"
            </label>
            <button type="submit" class=BUTTON_PRIMARY>{if new { "Add" } else { "Save" }}</button>
        </ActionForm>
    }
}
