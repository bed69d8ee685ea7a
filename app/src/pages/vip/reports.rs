//! `/backoffice/vip/reports`: players per tier (bars), points issued vs
//! redeemed per day (lines) and the VIPs' GGR per day (line), over 30 or
//! 90 days, each chart with a data table for keyboard and screen-reader
//! users.

use domain::money::{Currency, Money};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::{TD, TH};
use crate::api::vip::vip_report_data;
use crate::components::charts::{BarChart, LineChart, Series};
use crate::components::{BUTTON_PRIMARY, BUTTON_SECONDARY, CARD, Loading};
use crate::pages::backoffice::guarded;

/// Whole numbers as labels.
fn count(v: i64) -> String {
    v.to_string()
}

/// Minor units of a money string in `currency` (0 when unreadable).
fn minor(amount: &str, currency: &str) -> i64 {
    currency
        .parse::<Currency>()
        .ok()
        .and_then(|c| Money::parse(amount, c).ok())
        .map_or(0, |m| m.minor())
}

/// `/backoffice/vip/reports?days=30|90`.
#[component]
pub fn VipReportsPage() -> impl IntoView {
    let query = use_query_map();
    let days = move || {
        query.with(|q| match q.get("days").as_deref() {
            Some("90") => 90u32,
            _ => 30,
        })
    };
    let reports = crate::resource::resource(days, vip_report_data);
    let window = move |d: u32| {
        let class = move || {
            if days() == d {
                BUTTON_PRIMARY
            } else {
                BUTTON_SECONDARY
            }
        };
        view! {
            <A href=format!("/backoffice/vip/reports?days={d}") attr:class=class attr:data-testid=format!("vip-reports-{d}")>
                {format!("{d} days")}
            </A>
        }
    };
    view! {
        <Title text="VIP reports · Back office · Croupier"/>
        <h1 class="text-2xl font-bold tracking-tight text-white">"VIP reports"</h1>
        <nav aria-label="Window" class="mt-4 flex gap-3">{window(30)}{window(90)}</nav>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(reports.await, |r| {
                    let rc = r.reporting_currency.clone();
                    let currency = rc.parse::<Currency>().ok();
                    // Money labels from minor units, with the currency's digits.
                    let as_money = Callback::new(move |v: i64| match currency {
                        Some(c) => crate::format::money_of(Money::new(v, c)),
                        None => v.to_string(),
                    });
                    let as_count = Callback::new(count);
                    let bars: Vec<(String, i64)> = r
                        .tier_distribution
                        .iter()
                        .map(|t| (t.tier.clone(), i64::try_from(t.players).unwrap_or(i64::MAX)))
                        .collect();
                    let days: Vec<String> = r.points_flow.iter().map(|d| d.day.format("%d %b").to_string()).collect();
                    let flow = vec![
                        Series { name: "Issued".into(), color: "#34d399", values: r.points_flow.iter().map(|d| d.issued).collect() },
                        Series { name: "Redeemed".into(), color: "#f472b6", values: r.points_flow.iter().map(|d| d.redeemed).collect() },
                    ];
                    let ggr_days: Vec<String> = r.vip_ggr.iter().map(|d| d.day.format("%d %b").to_string()).collect();
                    let ggr = vec![Series {
                        name: format!("VIP GGR ({rc})"),
                        color: "#60a5fa",
                        values: r.vip_ggr.iter().map(|d| minor(&d.ggr, &rc)).collect(),
                    }];
                    let rows = r.vip_ggr.iter().zip(r.points_flow.iter()).map(|(g, p)| view! {
                        <tr>
                            <td class=format!("{TD} whitespace-nowrap")>{g.day.to_string()}</td>
                            <td class=format!("{TD} text-right tabular-nums")>{p.issued}</td>
                            <td class=format!("{TD} text-right tabular-nums")>{p.redeemed}</td>
                            <td class=format!("{TD} whitespace-nowrap text-right tabular-nums")>{crate::format::money(&g.ggr, &rc)}</td>
                        </tr>
                    }).collect_view();
                    view! {
                        <p class="mt-3 text-sm text-slate-400" data-testid="vip-reports-summary">
                            {format!("{} VIP players now. Money in {}.", r.vip_players, r.reporting_currency)}
                        </p>
                        <div class="mt-4 grid gap-6 lg:grid-cols-2">
                            <section class=format!("{CARD} min-w-0") aria-labelledby="vip-tiers-heading">
                                <h2 id="vip-tiers-heading" class="text-lg font-semibold text-white">"Tier distribution"</h2>
                                <BarChart title="Players per tier".into() y_label="Players" bars format=as_count testid="vip-chart-tiers"/>
                            </section>
                            <section class=format!("{CARD} min-w-0") aria-labelledby="vip-flow-heading">
                                <h2 id="vip-flow-heading" class="text-lg font-semibold text-white">"Points issued vs redeemed"</h2>
                                <LineChart title=format!("Points issued and redeemed per day, last {} days", r.days) y_label="Points" x_labels=days series=flow format=as_count testid="vip-chart-points"/>
                            </section>
                            <section class=format!("{CARD} min-w-0 lg:col-span-2") aria-labelledby="vip-ggr-heading">
                                <h2 id="vip-ggr-heading" class="text-lg font-semibold text-white">{format!("VIP GGR per day ({rc})")}</h2>
                                <LineChart title=format!("GGR of the current VIPs per day in {rc}, last {} days", r.days) y_label="GGR" x_labels=ggr_days series=ggr format=as_money testid="vip-chart-ggr"/>
                            </section>
                        </div>
                        <details class=format!("{CARD} mt-6")>
                            <summary class="cursor-pointer text-sm font-semibold text-white">"Data table"</summary>
                            <div class="mt-3 overflow-x-auto">
                                <table class="w-full min-w-[28rem] text-left text-sm" data-testid="vip-reports-table">
                                    <caption class="sr-only">"Per day: points issued, redeemed, VIP GGR"</caption>
                                    <thead class="text-xs uppercase tracking-wider text-slate-500">
                                        <tr>
                                            <th scope="col" class=TH>"Day"</th>
                                            <th scope="col" class=format!("{TH} text-right")>"Issued"</th>
                                            <th scope="col" class=format!("{TH} text-right")>"Redeemed"</th>
                                            <th scope="col" class=format!("{TH} text-right")>"VIP GGR"</th>
                                        </tr>
                                    </thead>
                                    <tbody class="divide-y divide-slate-800">{rows}</tbody>
                                </table>
                            </div>
                        </details>
                    }
                })
            })}
        </Suspense>
    }
}
