//! `/bets`: the player's bets, open or settled, a page at a time.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_query_map;

use domain::betting::LegResult;

use super::cash_out::{CashOutDone, CashOutPanel};
use crate::api::sportsbook::{Bet, BetKindCode, BetStatus, my_bets};
use crate::components::{CARD, LoadError, Loading};
use crate::format::{LocalTime, money, short_ref};
use crate::i18n::{AccountMsg, Locale, Msg, messages, use_locale};
use crate::live::use_live_wallet;
use crate::model::percent_encode;
use crate::pages::betslip::use_betslip;
use crate::pages::errors::is_unauthorized;

/// A readable result label and its colour.
fn result_badge(locale: Locale, result: Option<LegResult>) -> (&'static str, &'static str) {
    let (msg, colour) = match result {
        Some(LegResult::Win) => (AccountMsg::Won, "text-emerald-300"),
        Some(LegResult::HalfWin) => (AccountMsg::HalfWon, "text-emerald-300"),
        Some(LegResult::Lose) => (AccountMsg::Lost, "text-rose-300"),
        Some(LegResult::HalfLose) => (AccountMsg::HalfLost, "text-rose-300"),
        Some(LegResult::Void) => (AccountMsg::Void, "text-slate-300"),
        Some(LegResult::Push) => (AccountMsg::Push, "text-slate-300"),
        None => (AccountMsg::Open, "text-slate-400"),
    };
    (locale.t(msg), colour)
}

/// `/bets`: the player's bets, open or settled.
#[component]
pub fn MyBets() -> impl IntoView {
    let query = use_query_map();
    let status = move || {
        query.with(|q| match q.get("status").as_deref() {
            Some("settled") => "settled".to_owned(),
            _ => "open".to_owned(),
        })
    };
    // The page of older bets (`next_cursor` of the page before), if any.
    let cursor = move || query.with(|q| q.get("cursor").unwrap_or_default());
    let slip = use_betslip();
    let live = use_live_wallet();
    // Refetch when bets were placed or the balance moved (a settlement).
    let bets = crate::resource::resource(
        move || {
            (
                status(),
                cursor(),
                slip.placed.get(),
                live.map(|l| l.events.get()).unwrap_or_default(),
            )
        },
        |(s, c, _, _)| my_bets(s, c),
    );
    let tab = "rounded-lg px-4 py-2 text-sm font-semibold transition";
    let l = use_locale();
    let cashed = RwSignal::new(None::<String>);
    provide_context(CashOutDone(cashed));
    view! {
        <Title text=l.t(AccountMsg::MyBetsTitle)/>
        <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl">{l.t(Msg::MyBets)}</h1>
        <nav aria-label=l.t(AccountMsg::BetStatus) class="mt-4 inline-flex gap-1 rounded-xl border border-slate-800 bg-slate-900 p-1">
            {[("open", l.t(AccountMsg::Open)), ("settled", l.t(AccountMsg::Settled))]
                .into_iter()
                .map(|(code, label)| {
                    let active = Signal::derive(move || status() == code);
                    view! {
                        <A
                            href=format!("/bets?status={code}")
                            attr:data-testid=format!("bets-tab-{code}")
                            attr:aria-current=move || active.get().then_some("page")
                            attr:class=move || format!(
                                "{tab} {}",
                                if active.get() { "bg-emerald-400 text-slate-950" } else { "text-slate-300 hover:bg-slate-800" },
                            )
                        >
                            {label}
                        </A>
                    }
                })
                .collect_view()}
        </nav>
        {move || cashed.get().map(|message| view! {
            <p class="mt-4 rounded-xl border border-emerald-400/30 bg-emerald-400/5 px-3 py-2 text-sm text-emerald-200" role="status" data-testid="cash-out-done">
                {message} " " <A href="/bets?status=settled" attr:class="underline">{l.t(AccountMsg::SeeSettledBets)}</A>
            </p>
        })}
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match bets.await {
                    Ok(page) if page.items.is_empty() => view! {
                        <p class="mt-8 text-slate-400" data-testid="no-bets">
                            {if status() == "open" { l.t(AccountMsg::NoOpenBets) } else { l.t(AccountMsg::NoSettledBets) }}
                            " "
                            <A href="/sports" attr:class="text-emerald-300 underline">{l.t(AccountMsg::BrowseSports)}</A>
                        </p>
                    }.into_any(),
                    Ok(page) => view! {
                        <ul class="mt-5 grid gap-3 lg:grid-cols-2" data-testid="bets">
                            {page.items.into_iter().map(|b| view! { <BetCard bet=b/> }.into_any()).collect_view()}
                        </ul>
                        {page.next_cursor.map(|next| view! {
                            <p class="mt-4">
                                <A
                                    href=format!("/bets?status={}&cursor={}", status(), percent_encode(&next))
                                    attr:class="text-emerald-300 underline"
                                    attr:data-testid="bets-older"
                                >
                                    {l.t(AccountMsg::OlderBets)}
                                </A>
                            </p>
                        })}
                    }.into_any(),
                    Err(e) if is_unauthorized(&e) => view! { <Redirect path="/login"/> }.into_any(),
                    Err(_) => view! {
                        <p class="mt-6 text-slate-400">{l.t(AccountMsg::BetsForPlayers)}</p>
                        <LoadError/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

/// Labels of bet kinds.
fn bet_label(l: Locale, b: &Bet) -> String {
    let system = b.system.map(|s| s.to_string());
    match (b.kind, system.as_deref()) {
        (BetKindCode::Single, _) => l.t(Msg::Single).to_owned(),
        (BetKindCode::Accumulator, _) => messages::accumulator_folds(l, b.legs.len()),
        (BetKindCode::Teaser, _) => {
            messages::teaser_points(l, &b.teaser_points.clone().unwrap_or_default())
        }
        (_, Some(system)) => {
            let name = crate::pages::betslip::systems_for(b.legs.len())
                .into_iter()
                .find(|(code, _)| code == system)
                .map(|(_, label)| label)
                .unwrap_or_else(|| system.to_owned());
            messages::system_lines(l, &name, b.lines)
        }
        _ => b.kind.code().to_owned(),
    }
}

#[component]
fn BetCard(bet: Bet) -> impl IntoView {
    let slip = use_betslip();
    let l = use_locale();
    let settled = bet.status == BetStatus::Settled;
    let cashed_out = bet.cashed_out;
    let cashable = !settled && matches!(bet.kind, BetKindCode::Single | BetKindCode::Accumulator);
    let returned = bet.return_amount.clone();
    let won = returned
        .as_deref()
        .is_some_and(|r| r.chars().any(|c| c.is_ascii_digit() && c != '0'));
    view! {
        <li class=CARD data-testid="bet" data-bet=bet.bet_id.to_string() data-status=bet.status.code()>
            <div class="flex items-start justify-between gap-3">
                <div>
                    <p class="font-semibold text-white">{bet_label(l, &bet)}</p>
                    <p class="text-[0.7rem] text-slate-500" title=l.t(AccountMsg::QuoteRef)>
                        {l.t(Msg::RefShort)} <span class="font-mono">{short_ref(&bet.bet_id.to_string())}</span>
                    </p>
                </div>
                <span class=format!(
                    "rounded-full px-2.5 py-1 text-xs font-semibold {}",
                    if !settled { "bg-sky-400/10 text-sky-300" } else if cashed_out { "bg-amber-400/10 text-amber-200" } else if won { "bg-emerald-400/10 text-emerald-300" } else { "bg-slate-700/60 text-slate-300" },
                ) data-testid="bet-badge">
                    {l.t(if !settled { AccountMsg::Open } else if cashed_out { AccountMsg::CashedOut } else if won { AccountMsg::Paid } else { AccountMsg::Settled })}
                </span>
            </div>
            <ul class="mt-3 divide-y divide-slate-800 border-y border-slate-800">
                {bet.legs.iter().map(|leg| {
                    let (label, colour) = result_badge(l, leg.result);
                    let odds = leg.odds.clone().map(|o| slip.show(&o)).unwrap_or_default();
                    view! {
                        <li class="flex items-start justify-between gap-3 py-2" data-testid="bet-leg">
                            <div class="min-w-0">
                                <p class="break-words text-sm font-medium text-slate-100">
                                    {leg.selection_name.clone()}
                                    {leg.line.clone().map(|line| format!(" ({line})"))}
                                </p>
                                <p class="break-words text-xs text-slate-400">{format!("{} · {}", leg.market_name, leg.event_name)}</p>
                            </div>
                            <div class="shrink-0 text-right">
                                <p class="text-sm font-bold tabular-nums text-white">{odds}</p>
                                <p class=format!("text-xs font-semibold {colour}") data-testid="bet-leg-result">{label}</p>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <dl class="mt-3 grid grid-cols-3 gap-2 text-sm">
                <div>
                    <dt class="text-xs text-slate-500">{l.t(Msg::Stake)}</dt>
                    <dd class="tabular-nums">{money(&bet.total_stake, &bet.currency)}</dd>
                </div>
                <div>
                    <dt class="text-xs text-slate-500">{l.t(Msg::PotentialReturn)}</dt>
                    <dd class="tabular-nums">{money(&bet.potential_return, &bet.currency)}</dd>
                </div>
                <div>
                    <dt class="text-xs text-slate-500">{l.t(if cashed_out { AccountMsg::CashedOutFor } else { AccountMsg::Return })}</dt>
                    <dd class=if won { "font-bold tabular-nums text-emerald-300" } else { "tabular-nums" } data-testid="bet-return">
                        {returned.map(|r| money(&r, &bet.currency)).unwrap_or_else(|| "–".to_owned())}
                    </dd>
                </div>
            </dl>
            {cashable.then(|| {
                let legs = bet
                    .legs
                    .iter()
                    .map(|leg| (leg.selection_id.to_string(), leg.event_id))
                    .collect::<Vec<_>>();
                view! { <CashOutPanel bet_id=bet.bet_id.to_string() legs=legs/> }
            })}
            <p class="mt-2 text-xs text-slate-500">
                {l.t(AccountMsg::Placed)} <LocalTime at=bet.placed_at.to_rfc3339()/>
                {bet.settled_at.map(|t| view! {
                    {l.t(if cashed_out { AccountMsg::CashedOutAt } else { AccountMsg::SettledAt })}
                    <LocalTime at=t.to_rfc3339()/>
                })}
            </p>
        </li>
    }
    .into_any()
}
