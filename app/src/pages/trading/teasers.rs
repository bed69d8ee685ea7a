//! `/backoffice/trading/teasers`: the teaser tables and their form.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::{Answer, LABEL, run};
use crate::api::sportsbook::{
    TeaserTableInput, TradeOutcome, teaser_tables, trading_set_teaser_table,
};
use crate::components::{BUTTON_PRIMARY, CARD, INPUT, Loading};
use crate::pages::backoffice::guarded;

/// `/backoffice/trading/teasers`: the teaser tables and a form to create
/// or replace one.
#[component]
pub fn TradingTeasers() -> impl IntoView {
    let done = RwSignal::new(0u64);
    let tables = crate::resource::resource(move || done.get(), |_| teaser_tables());
    let outcome = RwSignal::new(None::<TradeOutcome>);
    let points = NodeRef::<leptos::html::Input>::new();
    let odds: Vec<(usize, NodeRef<leptos::html::Input>)> =
        (2..=6usize).map(|n| (n, NodeRef::new())).collect();
    let submit_odds = odds.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = TeaserTableInput {
            points: points
                .get_untracked()
                .map(|i| i.value())
                .unwrap_or_default(),
            prices: submit_odds
                .iter()
                .map(|(n, r)| {
                    (
                        n.to_string(),
                        r.get_untracked().map(|i| i.value()).unwrap_or_default(),
                    )
                })
                .collect(),
        };
        run(outcome, done, trading_set_teaser_table(input));
    };
    view! {
        <Title text="Teaser tables · Trading"/>
        <A href="/backoffice/trading" attr:class="text-xs text-slate-400 hover:text-emerald-300">"← Trading"</A>
        <h1 class="mt-2 text-2xl font-bold tracking-tight text-white">"Teaser tables"</h1>
        <p class="mt-1 text-sm text-slate-400">"Decimal odds of a teaser by number of legs, one table per number of points. Saving a table for existing points replaces it; bets already placed keep their prices."</p>
        <div class="mt-5 grid gap-6 xl:grid-cols-[1fr_24rem]">
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    guarded(tables.await, move |list| view! {
                        <div class=format!("{CARD} overflow-x-auto") data-testid="teaser-tables">
                            {list.is_empty().then(|| view! { <p class="text-sm text-slate-400">"No teaser tables yet."</p> })}
                            <ul class="divide-y divide-slate-800">
                                {list.into_iter().map(|t| view! {
                                    <li class="py-2" data-testid="teaser-table" data-points=t.points().normalize().to_string()>
                                        <h2 class="font-semibold text-white">{format!("{} points", t.points().normalize())}</h2>
                                        <p class="text-sm tabular-nums text-slate-300">
                                            {t.prices().iter().map(|(legs, o)| format!("{legs} legs {o}")).collect::<Vec<_>>().join(" · ")}
                                        </p>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </div>
                    })
                })}
            </Transition>
            <form class=format!("{CARD} space-y-3") on:submit=on_submit data-testid="teaser-form">
                <h2 class="text-lg font-semibold text-white">"Create or replace a table"</h2>
                <div>
                    <label for="tt-points" class=LABEL>"Points (e.g. 6 or 6.5)"</label>
                    <input id="tt-points" node_ref=points required inputmode="decimal" class=format!("{INPUT} mt-1 tabular-nums")/>
                </div>
                <fieldset class="space-y-2">
                    <legend class=LABEL>"Decimal odds by number of legs (leave empty for none)"</legend>
                    {odds.into_iter().map(|(n, r)| view! {
                        <div class="grid grid-cols-[6rem_1fr] items-center gap-2">
                            <label for=format!("tt-odds-{n}") class="text-sm text-slate-200">{format!("{n} legs")}</label>
                            <input id=format!("tt-odds-{n}") node_ref=r inputmode="decimal" placeholder="1.91" class=format!("{INPUT} tabular-nums")/>
                        </div>
                    }).collect_view()}
                </fieldset>
                <button type="submit" class=format!("{BUTTON_PRIMARY} w-full")>"Save table"</button>
                <Answer outcome/>
            </form>
        </div>
    }
    .into_any()
}
