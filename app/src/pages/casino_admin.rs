//! Back office, admin only: `/backoffice/casino`, the game catalog (enable
//! or disable, category, RTP, volatility, tags, jurisdictions), and
//! `/backoffice/providers`, the game providers' callback health (callbacks,
//! unknown and missing fields, wrong types, signature failures, error rate)
//! with an alert above a threshold the admin sets.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::casino::{
    AdminUpdateGame, CatalogOutcome, GameCard, ProviderHealthView, SetProviderAlert,
    admin_casino_games, percent, percent_bp, provider_health,
};
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, INPUT, Loading};
use crate::pages::backoffice::guarded;

/// `/backoffice/casino`.
#[component]
pub fn CasinoCatalog() -> impl IntoView {
    let games = crate::resource::resource(|| (), |_| admin_casino_games());
    view! {
        <Title text="Casino catalog · Back office"/>
        <h1 class="text-2xl font-bold tracking-tight text-white">"Casino catalog"</h1>
        <p class="mt-1 text-sm text-slate-400">
            "Disabled games leave the lobby and refuse new sessions and bets; wins and rollbacks of rounds already played still land. Croupier Originals' RTP and volatility follow from their maths."
        </p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(games.await, |list| view! {
                    <ul class="mt-5 space-y-3" data-testid="catalog">
                        {list.into_iter().map(|g| view! { <CatalogRow game=g/> }).collect_view()}
                    </ul>
                })
            })}
        </Suspense>
    }
}

#[component]
fn CatalogRow(game: GameCard) -> impl IntoView {
    let save = ServerAction::<AdminUpdateGame>::new();
    let shown = RwSignal::new(game.clone());
    Effect::new(move |_| {
        if let Some(Ok(CatalogOutcome { game: Some(g), .. })) = save.value().get() {
            shown.set(g);
        }
    });
    let originals = game.provider == "originals";
    let code = game.game_code.clone();
    let id = |field: &str| format!("{field}-{}", game.game_code.replace('.', "-"));
    let (enabled_id, category_id, rtp_id, vol_id, tags_id, jur_id) = (
        id("enabled"),
        id("category"),
        id("rtp"),
        id("volatility"),
        id("tags"),
        id("jurisdictions"),
    );
    let label = "block text-xs font-medium text-slate-300";
    view! {
        <li class=format!("{CARD} p-4 sm:p-5") data-testid="catalog-row" data-code=code.clone()>
            {move || {
                let g = shown.get();
                let rtp = g.rtp.as_deref().and_then(percent).map(|r| format!("RTP {r} %")).unwrap_or_else(|| "RTP unknown".to_owned());
                view! {
                    <div class="flex flex-wrap items-center justify-between gap-2">
                        <div class="min-w-0">
                            <p class="font-semibold text-white">{g.name.clone()}</p>
                            <p class="break-all font-mono text-xs text-slate-500">{format!("{} · {}", g.provider, g.game_code)}</p>
                        </div>
                        <div class="flex flex-wrap gap-1.5 text-xs font-semibold">
                            <span
                                data-testid="catalog-status"
                                class=if g.enabled { "rounded-full bg-emerald-400/15 px-2 py-0.5 text-emerald-300" } else { "rounded-full bg-slate-700 px-2 py-0.5 text-slate-300" }
                            >
                                {if g.enabled { "Enabled" } else { "Disabled" }}
                            </span>
                            <span class="rounded-full bg-slate-800 px-2 py-0.5 text-slate-300">{g.category.clone()}</span>
                            <span class="rounded-full bg-slate-800 px-2 py-0.5 text-slate-300">{rtp}</span>
                            <span class="rounded-full bg-slate-800 px-2 py-0.5 text-slate-300">
                                {if g.jurisdictions.is_empty() { "Everywhere".to_owned() } else { g.jurisdictions.join(", ") }}
                            </span>
                        </div>
                    </div>
                }
            }}
            <details class="mt-3">
                <summary class="cursor-pointer text-sm font-semibold text-emerald-300">"Edit"</summary>
                <ActionForm action=save attr:class="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
                    <input type="hidden" name="game_code" value=game.game_code.clone()/>
                    <label class="flex items-center gap-2 text-sm text-slate-200 sm:col-span-2 lg:col-span-3" for=enabled_id.clone()>
                        <input id=enabled_id.clone() type="checkbox" name="enabled" checked=game.enabled class="h-4 w-4 accent-emerald-400" data-testid="catalog-enabled"/>
                        "Enabled (shown in the lobby, playable)"
                    </label>
                    <div>
                        <label class=label for=category_id.clone()>"Category"</label>
                        <input id=category_id.clone() name="category" value=game.category.clone() class=INPUT required=true/>
                    </div>
                    <div>
                        <label class=label for=rtp_id.clone()>"RTP (fraction, e.g. 0.965)"</label>
                        <input id=rtp_id.clone() name="rtp" value=game.rtp.clone().unwrap_or_default() class=INPUT readonly=originals data-testid="catalog-rtp"/>
                    </div>
                    <div>
                        <label class=label for=vol_id.clone()>"Volatility"</label>
                        {if originals {
                            view! {
                                <input id=vol_id.clone() name="volatility" value=game.volatility.clone().unwrap_or_default() class=INPUT readonly=true/>
                            }
                            .into_any()
                        } else {
                            let current = game.volatility.clone().unwrap_or_default();
                            view! {
                                <select id=vol_id.clone() name="volatility" class=INPUT>
                                    {[("", "Unknown"), ("low", "Low"), ("medium", "Medium"), ("high", "High")]
                                        .into_iter()
                                        .map(|(v, t)| view! { <option value=v selected=current == v>{t}</option> })
                                        .collect_view()}
                                </select>
                            }
                            .into_any()
                        }}
                    </div>
                    <div>
                        <label class=label for=tags_id.clone()>"Tags (comma-separated)"</label>
                        <input id=tags_id.clone() name="tags" value=game.tags.join(", ") class=INPUT/>
                    </div>
                    <div class="sm:col-span-2">
                        <label class=label for=jur_id.clone()>"Jurisdictions (ISO codes, comma-separated; empty: everywhere)"</label>
                        <input id=jur_id.clone() name="jurisdictions" value=game.jurisdictions.join(", ") class=INPUT/>
                    </div>
                    <div class="flex items-center gap-3 sm:col-span-2 lg:col-span-3">
                        <button type="submit" class=BUTTON_PRIMARY data-testid="catalog-save" disabled=move || save.pending().get()>"Save"</button>
                        {move || save.value().get().map(|r| match r {
                            Ok(o) => view! {
                                <p role="status" data-testid="catalog-notice" class=if o.ok { "text-sm text-emerald-300" } else { "text-sm text-rose-300" }>{o.message}</p>
                            }.into_any(),
                            Err(_) => view! { <p role="alert" class="text-sm text-rose-300">"Could not save. Please try again."</p> }.into_any(),
                        })}
                    </div>
                </ActionForm>
            </details>
        </li>
    }
}

/// `/backoffice/providers`.
#[component]
pub fn ProviderHealth() -> impl IntoView {
    let set_alert = ServerAction::<SetProviderAlert>::new();
    let refresh = RwSignal::new(0u64);
    let health = crate::resource::resource(
        move || (refresh.get(), set_alert.version().get()),
        |_| provider_health(),
    );
    view! {
        <Title text="Provider health · Back office"/>
        <div class="flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold tracking-tight text-white">"Provider health"</h1>
            <button type="button" class=BUTTON_SECONDARY on:click=move |_| refresh.update(|n| *n += 1)>"Refresh"</button>
        </div>
        <p class="mt-1 text-sm text-slate-400">
            "Game providers' wallet callbacks since this server started: the same counts as "
            <code class="text-slate-300">"/metrics"</code>
            ". Errors are answers other than OK that are not refusals protecting the player (not enough money, limits, exclusion, expired session)."
        </p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(health.await, move |h| {
                    let threshold = percent_bp(h.alert_error_rate_bp);
                    view! {
                        {h.providers.iter().filter(|p| p.alert).map(|p| view! {
                            <div role="alert" data-testid="provider-alert" class="mt-4 rounded-lg border border-rose-500/50 bg-rose-500/15 px-4 py-3 text-sm text-rose-100">
                                <span class="font-semibold">{p.provider.clone()}</span>
                                {format!(": error rate {} % is above the {} % threshold.", percent_bp(p.error_rate_bp), threshold)}
                            </div>
                        }).collect_view()}
                        <ActionForm action=set_alert attr:class="mt-4 flex flex-wrap items-end gap-3">
                            <div>
                                <label for="alert-percent" class="block text-sm font-medium text-slate-200">"Alert when the error rate is above (%)"</label>
                                <input id="alert-percent" name="percent" inputmode="decimal" value=threshold.clone() class=format!("{INPUT} mt-1.5 w-32") data-testid="alert-percent"/>
                            </div>
                            <button type="submit" class=BUTTON_PRIMARY data-testid="alert-save">"Set threshold"</button>
                            {move || set_alert.value().get().map(|r| match r {
                                Ok(o) => view! { <p role="status" class=if o.ok { "text-sm text-emerald-300" } else { "text-sm text-rose-300" }>{o.message}</p> }.into_any(),
                                Err(_) => view! { <p role="alert" class="text-sm text-rose-300">"Could not save. Please try again."</p> }.into_any(),
                            })}
                        </ActionForm>
                        {if h.providers.is_empty() {
                            view! { <p class="mt-6 text-slate-400" data-testid="providers-empty">"No provider callback has arrived since the server started."</p> }.into_any()
                        } else {
                            view! {
                                <div class="mt-6 grid gap-4 md:grid-cols-2">
                                    {h.providers.into_iter().map(|p| view! { <ProviderCard p/> }).collect_view()}
                                </div>
                            }
                            .into_any()
                        }}
                    }
                })
            })}
        </Suspense>
    }
}

#[component]
fn ProviderCard(p: ProviderHealthView) -> impl IntoView {
    let stat = |label: &'static str, value: u64, testid: &'static str| {
        view! {
            <div class="rounded-lg bg-slate-950/60 px-3 py-2">
                <dt class="text-xs text-slate-400">{label}</dt>
                <dd class="text-lg font-semibold tabular-nums text-white" data-testid=testid>{value}</dd>
            </div>
        }
    };
    view! {
        <section class=format!("{CARD} p-4 sm:p-5") data-testid="provider-card" data-provider=p.provider.clone()>
            <div class="flex items-center justify-between gap-2">
                <h2 class="text-lg font-semibold text-white">{p.provider.clone()}</h2>
                <span
                    class=if p.alert { "rounded-full bg-rose-500/20 px-2.5 py-0.5 text-sm font-semibold text-rose-200" } else { "rounded-full bg-emerald-400/15 px-2.5 py-0.5 text-sm font-semibold text-emerald-300" }
                    data-testid="provider-error-rate"
                >
                    {format!("{} % errors", percent_bp(p.error_rate_bp))}
                </span>
            </div>
            <dl class="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-3">
                {stat("Callbacks", p.callbacks, "provider-callbacks")}
                {stat("OK", p.ok, "provider-ok")}
                {stat("Player refusals", p.refused, "provider-refused")}
                {stat("Errors", p.errors, "provider-errors")}
                {stat("Signature failures", p.signature_failures, "provider-signature")}
                {stat("Unknown fields", p.unknown_fields, "provider-unknown")}
                {stat("Missing fields", p.missing_fields, "provider-missing")}
                {stat("Wrong types", p.wrong_types, "provider-types")}
                {stat("Bad syntax", p.wrong_syntax, "provider-syntax")}
            </dl>
            <details class="mt-3 text-sm">
                <summary class="cursor-pointer text-slate-300">"Answers by status"</summary>
                <ul class="mt-2 space-y-0.5 font-mono text-xs text-slate-400">
                    {p.by_status.into_iter().map(|(s, n)| view! { <li>{format!("{s}: {n}")}</li> }).collect_view()}
                </ul>
            </details>
        </section>
    }
}
