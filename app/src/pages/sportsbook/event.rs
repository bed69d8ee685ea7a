//! `/sports/event/{id}`: every market of an event, live.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::{DemoBadge, kind_label, with_line};
use crate::api::sportsbook::{Event, EventStatus, MarketStatus, Selection, sports_event};
use crate::components::{CARD, LoadError, Loading};
use crate::format::LocalTime;
use crate::i18n::{AccountMsg, Msg, use_locale};
use crate::live::use_live_odds;
use crate::model::percent_encode;
use crate::pages::betslip::OddsButton;
use crate::pages::errors::{NotFound, error_code};

/// `/sports/event/{id}`: every market of an event.
#[component]
pub fn SportsEvent() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let event = crate::resource::resource(id, sports_event);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match event.await {
                    Ok(e) => view! { <EventBody event=e/> }.into_any(),
                    Err(e) if error_code(&e) == Some(crate::model::codes::NOT_FOUND) => {
                        view! { <NotFound/> }.into_any()
                    }
                    Err(_) => view! { <LoadError/> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

/// The event page once loaded: breadcrumb, name, start and every market.
#[component]
fn EventBody(event: Event) -> impl IntoView {
    let live = use_live_odds(event.id);
    let l = use_locale();
    let starts_at = event.starts_at.to_rfc3339();
    let title = format!("{} · Croupier", event.name);
    let sport = event.sport.clone();
    let sport_href = format!("/sports?sport={}", percent_encode(&event.sport));
    view! {
        <Title text=title/>
        <nav aria-label=l.t(Msg::Breadcrumb) class="text-xs text-slate-400">
            <A href="/sports" attr:class="hover:text-emerald-300">{l.t(Msg::Sports)}</A>
            " / "
            <A href=sport_href attr:class="hover:text-emerald-300">
                {sport}
            </A>
            " / "
            <span>{event.competition.clone()}</span>
        </nav>
        <div class="mt-2 flex flex-wrap items-center gap-3">
            <h1 class="min-w-0 break-words text-2xl font-bold tracking-tight text-white sm:text-3xl" data-testid="event-name">
                {event.name.clone()}
            </h1>
            {event.demo.then(|| view! { <DemoBadge/> })}
        </div>
        <p class="mt-1 text-sm text-slate-400">
            <LocalTime at=starts_at/>
            {match event.status {
                EventStatus::Live => l.t(AccountMsg::StatusLive),
                EventStatus::Ended => l.t(AccountMsg::StatusEnded),
                EventStatus::Cancelled => l.t(AccountMsg::StatusCancelled),
                EventStatus::Scheduled => "",
            }}
            <span class="ml-2 text-xs" data-testid="odds-live" data-live=move || live.subscribed().to_string()>
                {move || if live.subscribed() { l.t(AccountMsg::OddsUpdateLive) } else { "" }}
            </span>
        </p>
        <div class="mt-6 grid gap-4 lg:grid-cols-2">
            {event
                .markets
                .iter()
                .map(|m| {
                    let cols = m.selections.len().clamp(1, 3);
                    // 1X2 and other three-way markets on one row, even at 390 px.
                    let grid = match cols { 1 => "grid-cols-1", 2 => "grid-cols-2", _ => "grid-cols-3" };
                    // The kind only when the market's name does not already say it.
                    let kind = (!m.name.eq_ignore_ascii_case(kind_label(l, m.kind))).then(|| kind_label(l, m.kind));
                    // The status as pushed live (a trader or the feed
                    // suspends, resumes or settles), else as loaded.
                    let status = {
                        let (id, loaded) = (m.id.to_string(), m.status);
                        Signal::derive(move || {
                            live.market_status(&id)
                                .and_then(|pushed| pushed.parse::<MarketStatus>().ok())
                                .unwrap_or(loaded)
                        })
                    };
                    let badge = move || match status.get() {
                        MarketStatus::Suspended => Some(l.t(AccountMsg::Suspended)),
                        MarketStatus::Settled => Some(l.t(AccountMsg::Settled)),
                        MarketStatus::Void => Some(l.t(AccountMsg::Void)),
                        MarketStatus::Open => None,
                    };
                    view! {
                        <section
                            class=move || format!(
                                "{CARD} transition {}",
                                if status.get() == MarketStatus::Open { "" } else { "opacity-60 grayscale" },
                            )
                            data-testid="market"
                            data-market=m.id.to_string()
                            data-status=move || status.get().code()
                            aria-label=m.name.clone()
                        >
                            <div class="flex items-baseline justify-between gap-2">
                                <h2 class="min-w-0 break-words font-semibold text-white">{m.name.clone()}</h2>
                                <span class="shrink-0 text-xs text-slate-400">
                                    {kind}
                                    {move || badge().map(|s| view! { <span class="ml-2 font-semibold text-amber-300" data-testid="market-status">{s}</span> })}
                                </span>
                            </div>
                            {move || (status.get() == MarketStatus::Suspended).then(|| view! {
                                <p class="mt-1 text-xs text-amber-200" role="status">{l.t(AccountMsg::MarketSuspended)}</p>
                            })}
                            <div class=format!("mt-3 grid gap-2 {grid}")>
                                {m.selections.iter().map(|s| {
                                    let label = with_line(m, &s.name, s.side);
                                    let sel = Selection { name: label, ..s.clone() };
                                    let id = s.id.to_string();
                                    let tick = Signal::derive(move || live.tick(&id));
                                    view! { <OddsButton event=event.clone() market=m.clone() selection=sel labelled=true live=tick/> }.into_any()
                                }).collect_view()}
                            </div>
                        </section>
                    }
                    .into_any()
                })
                .collect_view()}
        </div>
    }
    .into_any()
}
