//! `/backoffice/trading/{id}/risk`: open risk per market and selection.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::sportsbook::trading_risk;
use crate::components::{CARD, Loading};
use crate::format::money;
use crate::pages::backoffice::guarded;

/// `/backoffice/trading/{id}/risk`: refreshed live while open (the
/// server pushes `risk.changed` on `risk:{event_id}`, traders only, when
/// bets on the event are placed or settled or its markets change status).
#[component]
pub fn TradingRisk() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    move || view! { <RiskBody id=id.get()/> }
}

#[component]
fn RiskBody(id: String) -> impl IntoView {
    let live = crate::live::use_live_risk(uuid::Uuid::parse_str(&id).ok());
    // Refetch shortly after the latest push (the server already throttles
    // them per event); the figures stay on screen meanwhile.
    let refresh = RwSignal::new(0u64);
    Effect::new(move |_| {
        let n = live.changes();
        if n == 0 {
            return;
        }
        set_timeout(
            move || {
                let latest = live.changes();
                if refresh.get_untracked() != latest {
                    refresh.set(latest);
                }
            },
            std::time::Duration::from_millis(250),
        );
    });
    let risk = crate::resource::resource(
        move || (id.clone(), refresh.get()),
        |(id, _)| trading_risk(id),
    );
    view! {
        <Title text="Risk · Trading"/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                guarded(risk.await, move |(event, markets)| view! {
                    <A href=format!("/backoffice/trading/{}", event.id) attr:class="text-xs text-slate-400 hover:text-emerald-300">"← Event"</A>
                    <h1 class="mt-2 text-2xl font-bold tracking-tight text-white">{format!("Risk · {}", event.name)}</h1>
                    <p class="text-xs text-slate-500" data-testid="risk-live" data-live=move || live.subscribed().to_string() data-refreshes=move || refresh.get().to_string()>
                        {move || if live.subscribed() { "Updates live as bets are placed and settled." } else { "" }}
                    </p>
                    <p class="text-sm text-slate-400">"Open bets only. Liability: what the book pays if the selection wins, minus the singles' stakes it keeps on the market; accumulators count in full on each open leg."</p>
                    <div class="mt-5 space-y-4">
                        {markets.into_iter().map(|(name, m)| view! {
                            <section class=format!("{CARD} overflow-x-auto") data-testid="risk-market">
                                <h2 class="font-semibold text-white">
                                    {name}
                                    <span class="ml-2 text-xs font-normal text-slate-500">{m.status.code()}</span>
                                    {m.liability_limit.clone().map(|l| view! { <span class="ml-2 text-xs font-normal text-slate-400">{format!("auto-suspend at {l}")}</span> })}
                                </h2>
                                {if m.selections.is_empty() {
                                    view! { <p class="mt-2 text-sm text-slate-400">"No open bets."</p> }.into_any()
                                } else {
                                    view! {
                                        <table class="mt-3 w-full min-w-[32rem] text-left text-sm">
                                            <thead class="text-xs uppercase tracking-wider text-slate-500">
                                                <tr>
                                                    <th scope="col" class="py-2 pr-3">"Selection"</th>
                                                    <th scope="col" class="py-2 pr-3 text-right">"Bets"</th>
                                                    <th scope="col" class="py-2 pr-3 text-right">"Stakes"</th>
                                                    <th scope="col" class="py-2 pr-3 text-right">"Potential payout"</th>
                                                    <th scope="col" class="py-2 text-right">"Liability"</th>
                                                </tr>
                                            </thead>
                                            <tbody class="divide-y divide-slate-800 tabular-nums">
                                                {m.selections.into_iter().map(|s| {
                                                    let negative = s.liability.starts_with('-');
                                                    view! {
                                                        <tr data-testid="risk-row">
                                                            <td class="py-2 pr-3 text-slate-100">{s.name}</td>
                                                            <td class="whitespace-nowrap py-2 pr-3 text-right">{s.bets}</td>
                                                            <td class="whitespace-nowrap py-2 pr-3 text-right">{money(&s.stakes, &s.currency)}</td>
                                                            <td class="whitespace-nowrap py-2 pr-3 text-right">{money(&s.potential_payout, &s.currency)}</td>
                                                            <td class=if negative { "whitespace-nowrap py-2 text-right text-emerald-300" } else { "whitespace-nowrap py-2 text-right font-semibold text-rose-300" }>
                                                                {money(&s.liability, &s.currency)}
                                                                {s.liability_limit.map(|l| format!(" / {}", money(&l, &s.currency)))}
                                                            </td>
                                                        </tr>
                                                    }
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    }.into_any()
                                }}
                            </section>
                        }).collect_view()}
                    </div>
                })
            })}
        </Transition>
    }
    .into_any()
}
