//! `/backoffice/loyalty` (VIP managers and admins): the programme editor
//! (earning rules, tiers, windows, VIP rules) and the store's items (list
//! and create).
//!
//! Rules:
//! - The forms use the shared bound inputs ([`crate::components::inputs`])
//!   and the campaign builder's reward editor, so errors are keyed by the
//!   wire path the server names (`tiers[1].threshold`, `reward.amount`) and
//!   show inline under their input.
//! - Counts that are not whole numbers are named before anything is sent;
//!   everything else is the server's to judge (422 naming the field). A
//!   server's errors count only while the form still holds the body they
//!   were given for.
//! - Amount labels name the currency they are typed in (the reporting
//!   currency).

use std::collections::BTreeSet;

use domain::api::loyalty::{ProgrammeSpec, ProgrammeView, StoreItem, StoreItemSpec};
use leptos::prelude::*;
use leptos_meta::Title;

use super::draft::{ItemDraft, ItemReward, ProgrammeDraft, RuleDraft, TierDraft};
use super::{cost_text, grouped};
use crate::api::loyalty::{
    LoyaltyCreateItem, LoyaltySaveProgramme, ProgrammeAdmin, SaveReport, loyalty_admin,
};
use crate::components::inputs::{Errors, Form, field_error, select, sentence, text_input};
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, INPUT, Loading};
use crate::format::LocalTime;
use crate::pages::backoffice::guarded;
use crate::pages::campaigns::builder::reward::reward_editor;
use crate::pages::leaderboards::prize_label;

/// `/backoffice/loyalty`.
#[component]
pub fn LoyaltyAdmin() -> impl IntoView {
    let data = crate::resource::resource(|| (), |_| loyalty_admin());
    view! {
        <Title text="Loyalty programme · Back office · Croupier"/>
        <h1 class="text-2xl font-bold tracking-tight text-white">"Loyalty programme"</h1>
        <p class="mt-1 text-sm text-slate-300">
            "How players earn points, the tiers they climb and what the store offers. Changes apply from the moment they are saved."
        </p>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(data.await, |admin| view! { <Editor admin/> })
            })}
        </Transition>
    }
    .into_any()
}

/// The loaded editor: the programme, then the store.
#[component]
fn Editor(admin: ProgrammeAdmin) -> impl IntoView {
    let ProgrammeAdmin {
        programme,
        items,
        currency,
    } = admin;
    let tiers = RwSignal::new(
        programme
            .as_ref()
            .map(|p| p.spec.tiers.iter().map(|t| t.name.clone()).collect())
            .unwrap_or_default(),
    );
    view! {
        <ProgrammeForm programme currency=currency.clone() tiers/>
        <StoreSection items currency tiers/>
    }
    .into_any()
}

/// The errors of a form: its own, and the server's while the form still
/// holds the body they were given for.
fn merged<D, S>(
    draft: RwSignal<D>,
    to_spec: fn(&D) -> (S, Errors),
    server: RwSignal<Option<(S, Errors)>>,
) -> Memo<Errors>
where
    D: Send + Sync + 'static,
    S: PartialEq + Send + Sync + 'static,
{
    Memo::new(move |_| {
        let (spec, mut errors) = draft.with(to_spec);
        server.with(|s| {
            if let Some((sent, found)) = s
                && *sent == spec
            {
                for (k, v) in found {
                    errors.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        });
        errors
    })
}

/// Every problem of a form, listed after a save attempt (some, like a
/// whole list's, have no input of their own).
fn error_summary<D: Send + Sync + 'static>(form: Form<D>, testid: &'static str) -> impl IntoView {
    move || {
        let errors = form.errors.get();
        (form.show_all.get() && !errors.is_empty()).then(|| view! {
            <div role="alert" class="rounded-lg border border-rose-500/40 bg-rose-500/10 px-3 py-2 text-sm text-rose-200" data-testid=testid>
                <p class="font-semibold">{format!("{} to fix:", if errors.len() == 1 { "One field".to_owned() } else { format!("{} fields", errors.len()) })}</p>
                <ul class="mt-1 list-inside list-disc">
                    {errors.into_iter().map(|(k, v)| view! { <li><code class="text-rose-100">{k}</code>" "{sentence(&v)}</li> }).collect_view()}
                </ul>
            </div>
        })
    }
}

/// The outcome line of a save.
fn outcome_line(
    value: impl Fn() -> Option<Result<SaveReport, ServerFnError>> + Send + Sync + 'static,
    testid: &'static str,
) -> impl IntoView {
    move || {
        value().map(|r| {
            let (ok, message) = match r {
                Ok(r) => (r.ok, r.message),
                Err(_) => (false, "Something went wrong. Please try again.".to_owned()),
            };
            view! {
                <p role=if ok { "status" } else { "alert" } data-testid=testid
                    class=if ok { "text-sm text-emerald-300" } else { "text-sm text-rose-300" }>
                    {message}
                </p>
            }
        })
    }
}

/// The programme editor.
#[component]
fn ProgrammeForm(
    programme: Option<ProgrammeView>,
    currency: String,
    tiers: RwSignal<Vec<String>>,
) -> impl IntoView {
    let updated = RwSignal::new(programme.as_ref().map(|p| p.updated_at.to_rfc3339()));
    let draft = RwSignal::new(
        programme
            .as_ref()
            .map_or_else(ProgrammeDraft::default, |p| ProgrammeDraft::of(&p.spec)),
    );
    let server = RwSignal::new(None::<(ProgrammeSpec, Errors)>);
    let form = Form {
        draft,
        errors: merged(draft, ProgrammeDraft::to_spec, server),
        touched: RwSignal::new(BTreeSet::new()),
        show_all: RwSignal::new(false),
        currency: StoredValue::new(currency),
    };
    let save = ServerAction::<LoyaltySaveProgramme>::new();
    Effect::new(move |_| {
        if let Some(Ok(report)) = save.value().get() {
            if let Some(view) = report.programme {
                tiers.set(view.spec.tiers.iter().map(|t| t.name.clone()).collect());
                updated.set(Some(view.updated_at.to_rfc3339()));
                draft.set(ProgrammeDraft::of(&view.spec));
                form.show_all.set(false);
            } else if let Some((spec, _)) = server.get_untracked() {
                server.set(Some((spec, report.field_errors)));
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.show_all.set(true);
        let (spec, errors) = draft.with_untracked(ProgrammeDraft::to_spec);
        if errors.is_empty() {
            server.set(Some((spec.clone(), Errors::new())));
            save.dispatch(LoyaltySaveProgramme { spec });
        }
    };
    view! {
        <form class="mt-6 space-y-6" on:submit=on_submit novalidate=true data-testid="programme-form">
            {move || match updated.get() {
                Some(at) => view! { <p class="text-xs text-slate-400">"Last saved " <LocalTime at/></p> }.into_any(),
                None => view! { <p class="text-sm text-amber-200" data-testid="programme-missing">"No programme is set yet: players earn no points until one is saved."</p> }.into_any(),
            }}
            {error_summary(form, "programme-errors")}
            <EarningSection form/>
            <TiersSection form/>
            <WindowsSection form/>
            <div class="flex flex-wrap items-center gap-3">
                <button type="submit" class=BUTTON_PRIMARY data-testid="programme-save" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { "Saving…" } else { "Save programme" }}
                </button>
                <div aria-live="polite">{outcome_line(move || save.value().get(), "programme-outcome")}</div>
            </div>
        </form>
    }
    .into_any()
}

/// A "Remove" button for row `i` of a list.
fn remove_button(label: String, testid: String, on_remove: impl Fn() + 'static) -> impl IntoView {
    view! {
        <button type="button" class=format!("{BUTTON_SECONDARY} self-end") aria-label=label data-testid=testid on:click=move |_| on_remove()>
            "Remove"
        </button>
    }
}

/// The earning rules.
#[component]
fn EarningSection(form: Form<ProgrammeDraft>) -> impl IntoView {
    let len = Memo::new(move |_| form.draft.with(|d| d.earning.len()));
    let c = form.currency.get_value();
    let rows = move || {
        (0..len.get())
            .map(|i| {
                let vertical = Memo::new(move |_| {
                    form.draft.with(|d| d.earning.get(i).map(|r| r.vertical.clone()).unwrap_or_default())
                });
                let field = move |name: &str| format!("earning[{i}].{name}");
                let id = move |name: &str| format!("earning-{i}-{name}");
                let casino_or_odds = move || {
                    if vertical.get() == "sportsbook" {
                        text_input(form, "Minimum odds".into(), id("min_odds"), field("min_odds"), Some("Blank: any odds.".into()), "decimal",
                            move |d: &ProgrammeDraft| d.earning.get(i).map(|r| r.min_odds.clone()).unwrap_or_default(),
                            move |d: &mut ProgrammeDraft, v| if let Some(r) = d.earning.get_mut(i) { r.min_odds = v }).into_any()
                    } else {
                        text_input(form, "Casino category".into(), id("category"), field("category"), Some("E.g. slots, table. Blank: every other category.".into()), "text",
                            move |d: &ProgrammeDraft| d.earning.get(i).map(|r| r.category.clone()).unwrap_or_default(),
                            move |d: &mut ProgrammeDraft, v| if let Some(r) = d.earning.get_mut(i) { r.category = v }).into_any()
                    }
                };
                view! {
                    <li class="grid grid-cols-1 gap-3 rounded-xl border border-slate-800 p-3 sm:grid-cols-2 lg:grid-cols-5" data-testid="earning-rule">
                        {select(form, "Vertical".into(), id("vertical"), vec![("casino", "Casino".into()), ("sportsbook", "Sportsbook".into())],
                            move |d: &ProgrammeDraft| d.earning.get(i).map(|r| r.vertical.clone()).unwrap_or_default(),
                            move |d: &mut ProgrammeDraft, v| if let Some(r) = d.earning.get_mut(i) { r.vertical = v })}
                        {casino_or_odds}
                        {text_input(form, format!("Per stake of ({c})", c = form.currency.get_value()), id("per"), field("per"), None, "decimal",
                            move |d: &ProgrammeDraft| d.earning.get(i).map(|r| r.per.clone()).unwrap_or_default(),
                            move |d: &mut ProgrammeDraft, v| if let Some(r) = d.earning.get_mut(i) { r.per = v })}
                        {text_input(form, "Points".into(), id("points"), field("points"), None, "numeric",
                            move |d: &ProgrammeDraft| d.earning.get(i).map(|r| r.points.clone()).unwrap_or_default(),
                            move |d: &mut ProgrammeDraft, v| if let Some(r) = d.earning.get_mut(i) { r.points = v })}
                        {remove_button(format!("Remove earning rule {}", i + 1), id("remove"), move || form.draft.update(|d| {
                            if i < d.earning.len() { d.earning.remove(i); }
                        }))}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class=CARD>
            <legend class="px-1 text-lg font-semibold text-white">"Earning rules"</legend>
            <p class="text-sm text-slate-300">{format!("Points per stake, in {c}; multiplied by the player's tier. Casino rules may name a category; a rule without one covers every other category.")}</p>
            <ul class="mt-3 space-y-3">{rows}</ul>
            {field_error(form, "earning", Some("error-earning"))}
            <button type="button" class=format!("{BUTTON_SECONDARY} mt-3") data-testid="earning-add"
                on:click=move |_| form.draft.update(|d| d.earning.push(RuleDraft::default()))>
                "Add a rule"
            </button>
        </fieldset>
    }
    .into_any()
}

/// The tiers, lowest first.
#[component]
fn TiersSection(form: Form<ProgrammeDraft>) -> impl IntoView {
    let len = Memo::new(move |_| form.draft.with(|d| d.tiers.len()));
    type Get = fn(&TierDraft) -> &String;
    type Set = fn(&mut TierDraft) -> &mut String;
    let input = move |i: usize,
                      label: &str,
                      name: &str,
                      hint: Option<&str>,
                      kind: &'static str,
                      get: Get,
                      set: Set| {
        text_input(
            form,
            label.to_owned(),
            format!("tiers-{i}-{name}"),
            format!("tiers[{i}].{name}"),
            hint.map(str::to_owned),
            kind,
            move |d: &ProgrammeDraft| d.tiers.get(i).map(|t| get(t).clone()).unwrap_or_default(),
            move |d: &mut ProgrammeDraft, v| {
                if let Some(t) = d.tiers.get_mut(i) {
                    *set(t) = v;
                }
            },
        )
    };
    let rows = move || {
        (0..len.get())
            .map(|i| view! {
                <li class="grid grid-cols-1 gap-3 rounded-xl border border-slate-800 p-3 sm:grid-cols-2 lg:grid-cols-5" data-testid="tier">
                    {input(i, "Name", "name", None, "text", |t| &t.name, |t| &mut t.name)}
                    {input(i, "Qualifying points", "threshold", (i == 0).then_some("The first tier starts at 0."), "numeric", |t| &t.threshold, |t| &mut t.threshold)}
                    {input(i, "Points multiplier", "points_multiplier", Some("Blank: 1."), "decimal", |t| &t.points_multiplier, |t| &mut t.points_multiplier)}
                    {input(i, "Cashback (%)", "cashback_percent", Some("Blank: none."), "decimal", |t| &t.cashback_percent, |t| &mut t.cashback_percent)}
                    {remove_button(format!("Remove tier {}", i + 1), format!("tiers-{i}-remove"), move || form.draft.update(|d| {
                        if i < d.tiers.len() { d.tiers.remove(i); }
                    }))}
                </li>
            })
            .collect_view()
    };
    view! {
        <fieldset class=CARD>
            <legend class="px-1 text-lg font-semibold text-white">"Tiers"</legend>
            <p class="text-sm text-slate-300">"Lowest first; each needs more qualifying points than the one before."</p>
            <ul class="mt-3 space-y-3">{rows}</ul>
            {field_error(form, "tiers", Some("error-tiers"))}
            <button type="button" class=format!("{BUTTON_SECONDARY} mt-3") data-testid="tier-add"
                on:click=move |_| form.draft.update(|d| d.tiers.push(TierDraft::default()))>
                "Add a tier"
            </button>
        </fieldset>
    }
    .into_any()
}

/// The qualification window, the grace and the VIP rules.
#[component]
fn WindowsSection(form: Form<ProgrammeDraft>) -> impl IntoView {
    let c = form.currency.get_value();
    view! {
        <fieldset class=format!("{CARD} grid grid-cols-1 gap-4 sm:grid-cols-2")>
            <legend class="px-1 text-lg font-semibold text-white">"Windows and VIP rules"</legend>
            {text_input(form, "Qualification window (days)".into(), "qualification_days".into(), "qualification_days".into(),
                Some("Points earned in this many days decide the tier (1–730).".into()), "numeric",
                |d: &ProgrammeDraft| d.qualification_days.clone(), |d: &mut ProgrammeDraft, v| d.qualification_days = v)}
            {text_input(form, "Downgrade grace (days)".into(), "downgrade_grace_days".into(), "downgrade_grace_days".into(),
                Some("How long a player below their tier keeps it (0–365).".into()), "numeric",
                |d: &ProgrammeDraft| d.downgrade_grace_days.clone(), |d: &mut ProgrammeDraft, v| d.downgrade_grace_days = v)}
            {text_input(form, format!("VIP: deposits over 30 days ({c})"), "min_deposits_30d".into(), "vip_rules.min_deposits_30d".into(),
                Some("Blank: no deposit rule.".into()), "decimal",
                |d: &ProgrammeDraft| d.min_deposits_30d.clone(), |d: &mut ProgrammeDraft, v| d.min_deposits_30d = v)}
            {text_input(form, format!("VIP: GGR over 30 days ({c})"), "min_ggr_30d".into(), "vip_rules.min_ggr_30d".into(),
                Some("Blank: no GGR rule. A VIP meets every rule given.".into()), "decimal",
                |d: &ProgrammeDraft| d.min_ggr_30d.clone(), |d: &mut ProgrammeDraft, v| d.min_ggr_30d = v)}
        </fieldset>
    }
    .into_any()
}

/// The store's items and the form that adds one.
#[component]
fn StoreSection(
    items: Vec<StoreItem>,
    currency: String,
    tiers: RwSignal<Vec<String>>,
) -> impl IntoView {
    let items = RwSignal::new(items);
    let currency = StoredValue::new(currency);
    view! {
        <section class=format!("{CARD} mt-8 p-0 sm:p-0") aria-labelledby="store-title">
            <h2 id="store-title" class="px-4 pt-4 text-lg font-semibold text-white sm:px-5">"Store items"</h2>
            {move || if items.with(Vec::is_empty) {
                view! { <p class="px-4 py-3 text-sm text-slate-300 sm:px-5" data-testid="admin-items-empty">"No items yet."</p> }.into_any()
            } else {
                view! {
                    <div class="mt-2 overflow-x-auto">
                        <table class="w-full text-left text-sm" data-testid="admin-items">
                            <caption class="sr-only">"Store items"</caption>
                            <thead class="text-xs uppercase tracking-wider text-slate-400">
                                <tr>
                                    <th scope="col" class="px-3 py-2.5 sm:px-4">"Item"</th>
                                    <th scope="col" class="px-3 py-2.5 sm:px-4">"Reward"</th>
                                    <th scope="col" class="px-3 py-2.5 text-right sm:px-4">"Price"</th>
                                    <th scope="col" class="px-3 py-2.5 text-right sm:px-4">"Stock left"</th>
                                    <th scope="col" class="px-3 py-2.5 sm:px-4">"Tier"</th>
                                    <th scope="col" class="px-3 py-2.5 sm:px-4">"Status"</th>
                                </tr>
                            </thead>
                            <tbody class="divide-y divide-slate-800">
                                <For each=move || items.get() key=|i| (i.reward_id, i.stock_left, i.active) let:i>
                                    <tr data-testid="admin-item">
                                        <td class="px-3 py-2.5 font-semibold text-slate-100 sm:px-4">{i.name.clone()}</td>
                                        <td class="px-3 py-2.5 text-slate-300 sm:px-4">{currency.with_value(|c| prize_label(&i.reward, c))}</td>
                                        <td class="whitespace-nowrap px-3 py-2.5 text-right tabular-nums text-slate-300 sm:px-4">{cost_text(&i)}</td>
                                        <td class="whitespace-nowrap px-3 py-2.5 text-right tabular-nums text-slate-300 sm:px-4">
                                            {match (i.stock_left, i.stock) {
                                                (Some(left), Some(all)) => format!("{} of {}", grouped(left), grouped(all)),
                                                _ => "Unlimited".to_owned(),
                                            }}
                                        </td>
                                        <td class="px-3 py-2.5 text-slate-300 sm:px-4">{i.min_tier.clone().unwrap_or_else(|| "Any".into())}</td>
                                        <td class="px-3 py-2.5 text-slate-300 sm:px-4">{if i.active { "On offer" } else { "Withdrawn" }}</td>
                                    </tr>
                                </For>
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
            <ItemForm items currency=currency.get_value() tiers/>
        </section>
    }
    .into_any()
}

/// The form that adds a store item.
#[component]
fn ItemForm(
    items: RwSignal<Vec<StoreItem>>,
    currency: String,
    tiers: RwSignal<Vec<String>>,
) -> impl IntoView {
    let draft = RwSignal::new(ItemDraft::default());
    let server = RwSignal::new(None::<(StoreItemSpec, Errors)>);
    let form = Form {
        draft,
        errors: merged(draft, ItemDraft::to_spec, server),
        touched: RwSignal::new(BTreeSet::new()),
        show_all: RwSignal::new(false),
        currency: StoredValue::new(currency),
    };
    let create = ServerAction::<LoyaltyCreateItem>::new();
    Effect::new(move |_| {
        if let Some(Ok(report)) = create.value().get() {
            if let Some(item) = report.item {
                items.update(|list| list.push(item));
                draft.set(ItemDraft::default());
                form.show_all.set(false);
                form.touched.set(BTreeSet::new());
            } else if let Some((spec, _)) = server.get_untracked() {
                server.set(Some((spec, report.field_errors)));
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.show_all.set(true);
        let (spec, errors) = draft.with_untracked(ItemDraft::to_spec);
        if errors.is_empty() {
            server.set(Some((spec.clone(), Errors::new())));
            create.dispatch(LoyaltyCreateItem { spec });
        }
    };
    let tier_error = move || form.error("min_tier");
    view! {
        <form class="space-y-4 border-t border-slate-800 px-4 py-4 sm:px-5" on:submit=on_submit novalidate=true data-testid="item-form">
            <h3 class="text-base font-semibold text-white">"Add an item"</h3>
            {error_summary(form, "item-errors")}
            <div class="grid grid-cols-1 gap-4 sm:grid-cols-2">
                {text_input(form, "Name".into(), "item-name".into(), "name".into(), None, "text",
                    |d: &ItemDraft| d.name.clone(), |d: &mut ItemDraft, v| d.name = v)}
                <div class="space-y-1.5">
                    <label for="item-min-tier" class="block text-sm font-medium text-slate-200">"Lowest tier"</label>
                    <select id="item-min-tier" data-testid="item-min-tier" class=INPUT
                        aria-invalid=move || tier_error().map(|_| "true")
                        prop:value=move || draft.with(|d| d.min_tier.clone())
                        on:change=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.min_tier = v); }>
                        <option value="">"Every tier"</option>
                        {move || tiers.get().into_iter().map(|t| {
                            let selected = draft.with(|d| d.min_tier == t);
                            view! { <option value=t.clone() selected=selected>{t.clone()}</option> }
                        }).collect_view()}
                    </select>
                    {move || tier_error().map(|m| view! { <p class="text-sm text-rose-400" data-testid="error-item-min-tier">{m}</p> })}
                </div>
                {text_input(form, "Price in points".into(), "item-cost-points".into(), "cost_points".into(), Some("Blank: none. Give a price in points, coins or both.".into()), "numeric",
                    |d: &ItemDraft| d.cost_points.clone(), |d: &mut ItemDraft, v| d.cost_points = v)}
                {text_input(form, "Price in coins".into(), "item-cost-coins".into(), "cost_coins".into(), Some("Blank: none.".into()), "numeric",
                    |d: &ItemDraft| d.cost_coins.clone(), |d: &mut ItemDraft, v| d.cost_coins = v)}
                {text_input(form, "Stock".into(), "item-stock".into(), "stock".into(), Some("Blank: unlimited.".into()), "numeric",
                    |d: &ItemDraft| d.stock.clone(), |d: &mut ItemDraft, v| d.stock = v)}
            </div>
            <fieldset class="space-y-3">
                <legend class="text-sm font-semibold text-slate-200">"What the player receives"</legend>
                {reward_editor(form, ItemReward)}
            </fieldset>
            <div class="flex flex-wrap items-center gap-3">
                <button type="submit" class=BUTTON_PRIMARY data-testid="item-create" disabled=move || create.pending().get()>
                    {move || if create.pending().get() { "Adding…" } else { "Add to the store" }}
                </button>
                <div aria-live="polite">{outcome_line(move || create.value().get(), "item-outcome")}</div>
            </div>
        </form>
    }
    .into_any()
}
