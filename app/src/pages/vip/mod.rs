//! `/backoffice/vip...`: the VIP manager's console. The player list with
//! filters and sorting (this module), the player 360 with its forms
//! ([`player`], [`forms`]) and the reports with charts ([`reports`]).
//!
//! Every page reads through the server functions of [`crate::api::vip`],
//! which check the `vip_manager` role on the server. Filters are a plain
//! GET form (they work before the WebAssembly loads and by keyboard);
//! tables scroll inside their card on a phone; money is always shown with
//! its currency.

pub mod forms;
pub mod player;
pub mod reports;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

use crate::api::vip::vip_players;
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, INPUT, Loading, short_time};
use crate::format::money;
use crate::model::percent_encode;
use crate::pages::backoffice::guarded;

pub use player::VipPlayer360;
pub use reports::VipReportsPage;

pub(crate) const TH: &str = "px-4 py-3";
pub(crate) const TD: &str = "px-4 py-3 align-top text-slate-300";

/// A small coloured label.
pub(crate) fn badge(text: &'static str, tone: &'static str) -> impl IntoView {
    let class = match tone {
        "danger" => "rounded-full bg-rose-500/15 px-2 py-0.5 text-xs font-semibold text-rose-300",
        "good" => {
            "rounded-full bg-emerald-400/15 px-2 py-0.5 text-xs font-semibold text-emerald-300"
        }
        _ => "rounded-full bg-slate-700/60 px-2 py-0.5 text-xs font-semibold text-slate-300",
    };
    view! { <span class=class>{text}</span> }
}

/// `/backoffice/vip`: the player list.
#[component]
pub fn VipPlayers() -> impl IntoView {
    let query = use_query_map();
    let get = move |k: &'static str| move || query.with(|q| q.get(k).unwrap_or_default());
    let (tier, vip, manager, sort, cursor) = (
        get("tier"),
        get("vip"),
        get("manager_id"),
        get("sort"),
        get("cursor"),
    );
    let page = crate::resource::resource(
        move || (tier(), vip(), manager(), sort(), cursor()),
        |(t, v, m, s, c)| vip_players(t, v, m, s, c),
    );
    view! {
        <Title text="VIP players · Back office · Croupier"/>
        <h1 class="text-2xl font-bold tracking-tight text-white">"VIP players"</h1>
        <p class="mt-2 text-sm text-slate-400">
            "Deposits and GGR (stakes minus wins, sportsbook and casino) over the last 30 days, in the reporting currency. A player is a VIP when they meet every rule of the loyalty programme or a manager marked them. Players with a time-out or self-exclusion are flagged and every VIP action on them is refused."
        </p>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(page.await, move |p| {
                    let managers = p.managers.clone();
                    let filter = (tier(), vip(), manager(), sort());
                    let next = p.list.next_cursor.clone().map(|c| {
                        format!(
                            "/backoffice/vip?tier={}&vip={}&manager_id={}&sort={}&cursor={}",
                            percent_encode(&filter.0),
                            percent_encode(&filter.1),
                            percent_encode(&filter.2),
                            percent_encode(&filter.3),
                            percent_encode(&c),
                        )
                    });
                    let emails: std::collections::HashMap<uuid::Uuid, String> =
                        managers.iter().map(|m| (m.user_id, m.email.clone())).collect();
                    view! {
                        <Filters managers filter/>
                        <p class="mt-4 text-sm text-slate-400" data-testid="vip-count">
                            {match p.list.items.len() {
                                0 => "No players match.".to_owned(),
                                1 => "1 player.".to_owned(),
                                n => format!("{n} players."),
                            }}
                        </p>
                        <div class=format!("{CARD} mt-3 overflow-x-auto p-0 sm:p-0")>
                            <table class="w-full min-w-[56rem] text-left text-sm" data-testid="vip-table">
                                <caption class="sr-only">"VIP console players"</caption>
                                <thead class="text-xs uppercase tracking-wider text-slate-500">
                                    <tr>
                                        <th scope="col" class=TH>"Player"</th>
                                        <th scope="col" class=TH>"Tier"</th>
                                        <th scope="col" class=format!("{TH} text-right")>"Points"</th>
                                        <th scope="col" class=format!("{TH} text-right")>"Deposits 30d"</th>
                                        <th scope="col" class=format!("{TH} text-right")>"GGR 30d"</th>
                                        <th scope="col" class=TH>"Manager"</th>
                                        <th scope="col" class=TH>"Last active (UTC)"</th>
                                        <th scope="col" class=TH>"Status"</th>
                                    </tr>
                                </thead>
                                <tbody class="divide-y divide-slate-800">
                                    {p.list.items.into_iter().map(|r| {
                                        let manager = r.manager_id.map(|m| emails.get(&m).cloned().unwrap_or_else(|| m.to_string()));
                                        view! {
                                            <tr data-testid="vip-row">
                                                <td class=format!("{TD} text-slate-100")>
                                                    <A href=format!("/backoffice/vip/{}", r.player_id) attr:class="hover:text-emerald-300 hover:underline" attr:data-testid="vip-player-link">
                                                        {r.email}
                                                    </A>
                                                </td>
                                                <td class=TD>{r.tier.unwrap_or_else(|| "—".into())}</td>
                                                <td class=format!("{TD} text-right tabular-nums")>{r.points}</td>
                                                <td class=format!("{TD} whitespace-nowrap text-right tabular-nums")>{money(&r.deposits_30d, &r.reporting_currency)}</td>
                                                <td class=format!("{TD} whitespace-nowrap text-right tabular-nums")>{money(&r.ggr_30d, &r.reporting_currency)}</td>
                                                <td class=TD>{manager.unwrap_or_else(|| "—".into())}</td>
                                                <td class=format!("{TD} whitespace-nowrap")>{r.last_active_at.map(|t| short_time(&t.to_rfc3339())).unwrap_or_else(|| "—".into())}</td>
                                                <td class=format!("{TD} space-x-1 whitespace-nowrap")>
                                                    {r.vip.then(|| badge("VIP", "good"))}
                                                    {r.self_excluded.then(|| view! { <span data-testid="vip-excluded">{badge("Self-excluded", "danger")}</span> })}
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <nav aria-label="Pages" class="mt-4 flex gap-3">
                            {next.map(|href| view! { <A href=href attr:class=BUTTON_SECONDARY attr:data-testid="vip-next">"Next page"</A> })}
                        </nav>
                    }
                })
            })}
        </Suspense>
    }
}

/// The filter and sort form (GET, so it is the page's address).
#[component]
fn Filters(
    managers: Vec<domain::api::vip::ManagerOption>,
    filter: (String, String, String, String),
) -> impl IntoView {
    let (tier, vip, manager, sort) = filter;
    let select = |name: &'static str,
                  label: &'static str,
                  options: Vec<(String, String)>,
                  chosen: String| {
        view! {
            <div class="min-w-0 space-y-1.5">
                <label for=format!("vip-filter-{name}") class="block text-sm font-medium text-slate-200">{label}</label>
                <select id=format!("vip-filter-{name}") name=name class=INPUT data-testid=format!("vip-filter-{name}")>
                    {options.into_iter().map(|(value, text)| {
                        let selected = value == chosen;
                        view! { <option value=value selected=selected>{text}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let s = |v: &str, t: &str| (v.to_owned(), t.to_owned());
    let mut manager_options = vec![s("", "Any manager")];
    manager_options.extend(
        managers
            .into_iter()
            .map(|m| (m.user_id.to_string(), m.email)),
    );
    view! {
        <Form method="GET" action="/backoffice/vip" attr:class=format!("{CARD} mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-5 lg:items-end") attr:role="search" attr:data-testid="vip-filters">
            <div class="min-w-0 space-y-1.5">
                <label for="vip-filter-tier" class="block text-sm font-medium text-slate-200">"Tier"</label>
                <input id="vip-filter-tier" name="tier" type="search" placeholder="Any tier" class=INPUT data-testid="vip-filter-tier" prop:value=tier/>
            </div>
            {select("vip", "VIP", vec![s("", "Everyone"), s("true", "VIPs only"), s("false", "Not VIP")], vip)}
            {select("manager_id", "Manager", manager_options, manager)}
            {select("sort", "Sort by", vec![s("points", "Points"), s("deposits_30d", "Deposits 30d"), s("ggr_30d", "GGR 30d"), s("last_active_at", "Last active")], sort)}
            <button type="submit" class=BUTTON_PRIMARY data-testid="vip-filter-apply">"Apply"</button>
        </Form>
    }
}
