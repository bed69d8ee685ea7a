//! `/casino`: the lobby (categories, search, provider filter, tiles with
//! RTP and volatility).

use crate::i18n::{CasinoMsg, Msg, use_locale};
use domain::casino::{DICE_CODE, ROULETTE_CODE, SLOT_CODE};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

use super::dice::DieFace;
use super::slot::EmeraldMark;
use super::{DemoBadge, category_label, game_href, is_demo, provider_label, volatility_label};
use crate::api::casino::{GameCard, casino_lobby, percent};
use crate::components::{BUTTON_PRIMARY, INPUT, LoadError, Loading};
use crate::model::percent_encode;

/// `/casino`: the lobby.
#[component]
pub fn CasinoLobby() -> impl IntoView {
    let l = use_locale();
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let lobby = crate::resource::resource(
        move || (param("category"), param("provider"), param("q")),
        |(category, provider, search)| casino_lobby(category, provider, search),
    );
    // A link that keeps the other filters and sets the category.
    let category_href = move |category: &str| {
        let mut parts = Vec::new();
        if !category.is_empty() {
            parts.push(format!("category={}", percent_encode(category)));
        }
        for key in ["provider", "q"] {
            let v = param(key);
            if !v.is_empty() {
                parts.push(format!("{key}={}", percent_encode(&v)));
            }
        }
        if parts.is_empty() {
            "/casino".to_owned()
        } else {
            format!("/casino?{}", parts.join("&"))
        }
    };
    let chip = "inline-flex shrink-0 items-center rounded-full border border-slate-700 px-3.5 py-1.5 text-sm font-medium text-slate-300 transition hover:border-slate-500 hover:text-white aria-[current=page]:border-emerald-400 aria-[current=page]:bg-emerald-400/15 aria-[current=page]:text-emerald-200";

    view! {
        <Title text=l.t(CasinoMsg::CasinoTitle)/>
        <div class="flex flex-wrap items-end justify-between gap-3">
            <div>
                <h1 class="text-2xl font-bold tracking-tight text-white sm:text-3xl">{l.t(Msg::Casino)}</h1>
                <p class="mt-1 text-sm text-slate-400">
                    {l.t(CasinoMsg::CasinoIntro)}
                </p>
            </div>
        </div>
        <Form method="GET" action="/casino" attr:class="mt-5 grid gap-3 sm:grid-cols-[1fr_14rem_auto]" attr:role="search">
            <input type="hidden" name="category" prop:value=move || param("category")/>
            <div>
                <label for="casino-search" class="sr-only">{l.t(CasinoMsg::SearchGames)}</label>
                <input
                    id="casino-search"
                    type="search"
                    name="q"
                    placeholder=l.t(CasinoMsg::SearchGames)
                    data-testid="casino-search"
                    class=INPUT
                    prop:value=move || param("q")
                />
            </div>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let providers = lobby.await.map(|lv| lv.providers).unwrap_or_default();
                    let selected = param("provider");
                    view! {
                        <div>
                            <label for="casino-provider" class="sr-only">{l.t(CasinoMsg::Provider)}</label>
                            <select id="casino-provider" name="provider" data-testid="casino-provider" class=INPUT>
                                <option value="" selected=selected.is_empty()>{l.t(CasinoMsg::AllProviders)}</option>
                                {providers
                                    .into_iter()
                                    .map(|p| {
                                        let is = p == selected;
                                        view! { <option value=p.clone() selected=is>{provider_label(&p)}</option> }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                    }
                })}
            </Suspense>
            <button type="submit" class=BUTTON_PRIMARY data-testid="casino-filter">{l.t(CasinoMsg::Search)}</button>
        </Form>
        <Suspense fallback=|| view! { <div class="mt-6"><Loading/></div> }>
            {move || Suspend::new(async move {
                match lobby.await {
                    Ok(lv) => {
                        let current = param("category");
                        let all_current = current.is_empty();
                        view! {
                            <nav aria-label=l.t(CasinoMsg::Categories) class="-mx-4 mt-5 flex gap-2 overflow-x-auto px-4 pb-1" data-testid="casino-categories">
                                // Plain links: the router's <A> marks every `/casino?…` link current.
                                <a href=category_href("") class=chip aria-current=all_current.then_some("page")>{l.t(Msg::All)}</a>
                                {lv.categories
                                    .into_iter()
                                    .map(|c| {
                                        let is = c == current;
                                        let href = category_href(&c);
                                        let testid = format!("category-{c}");
                                        view! {
                                            <a href=href class=chip aria-current=is.then_some("page") data-testid=testid>
                                                {category_label(l, &c)}
                                            </a>
                                        }
                                    })
                                    .collect_view()}
                            </nav>
                            {lv.games.iter().any(|g| is_demo(&g.provider)).then(|| view! {
                                <p class="mt-4 flex flex-wrap items-center gap-2 rounded-xl border border-amber-400/30 bg-amber-400/5 px-3 py-2 text-sm text-amber-100" data-testid="demo-games">
                                    <span class="rounded-full border border-amber-400/40 bg-amber-400/10 px-2 py-0.5 text-[0.65rem] font-semibold uppercase tracking-wider text-amber-200">
                                        {l.t(CasinoMsg::DemoGames)}
                                    </span>
                                    {l.t(CasinoMsg::DemoGamesNote)}
                                </p>
                            })}
                            {if lv.games.is_empty() {
                                view! {
                                    <p class="mt-8 text-slate-400" data-testid="casino-empty">
                                        {l.t(CasinoMsg::NoGameMatches)}
                                    </p>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <ul class="mt-5 grid grid-cols-2 gap-3 sm:gap-4 md:grid-cols-3 lg:grid-cols-4" data-testid="casino-games">
                                        {lv.games.into_iter().map(|g| view! { <GameTile game=g/> }).collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }}
                        }
                            .into_any()
                    }
                    Err(_) => view! { <div class="mt-6"><LoadError/></div> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The art area of a tile: a gradient per game family and a mark.
fn tile_art(game: &GameCard) -> (&'static str, AnyView) {
    match game.game_code.as_str() {
        SLOT_CODE => (
            "from-emerald-700 via-emerald-900 to-slate-950",
            view! { <EmeraldMark class="h-14 w-14 drop-shadow-lg"/> }.into_any(),
        ),
        ROULETTE_CODE => (
            "from-rose-800 via-slate-900 to-slate-950",
            view! { <div class="h-16 w-16 rounded-full border-4 border-amber-300/80 roulette-mini shadow-lg"></div> }
                .into_any(),
        ),
        DICE_CODE => (
            "from-sky-800 via-indigo-950 to-slate-950",
            view! { <DieFace pips=5/> }.into_any(),
        ),
        _ => (
            "from-slate-700 via-slate-800 to-slate-950",
            view! { <span class="text-3xl font-black text-white/80">{game.name.chars().next().unwrap_or('?').to_string()}</span> }
                .into_any(),
        ),
    }
}

/// One game tile (in the lobby and on the home page).
#[component]
pub(crate) fn GameTile(game: GameCard) -> impl IntoView {
    let l = use_locale();
    let (gradient, art) = tile_art(&game);
    let rtp = game.rtp.as_deref().and_then(percent);
    let href = game_href(&game.game_code);
    view! {
        <li>
            <A
                href=href
                attr:class="group block h-full overflow-hidden rounded-2xl border border-slate-800 bg-slate-900/60 transition hover:-translate-y-0.5 hover:border-emerald-400/50"
                attr:data-testid="game-tile"
                attr:data-code=game.game_code.clone()
            >
                <div class=format!("flex aspect-[4/3] items-center justify-center bg-gradient-to-br {gradient}")>
                    {art}
                </div>
                <div class="p-3 sm:p-4">
                    <h2 class="break-words font-semibold leading-snug text-white group-hover:text-emerald-200">{game.name.clone()}</h2>
                    <p class="break-words text-xs text-slate-400">{provider_label(&game.provider)}</p>
                    <div class="mt-2 flex flex-wrap gap-1.5 text-[0.7rem] font-semibold">
                        {is_demo(&game.provider).then(|| view! { <DemoBadge/> })}
                        {rtp.map(|r| view! {
                            <span class="rounded-full bg-emerald-400/15 px-2 py-0.5 text-emerald-300" data-testid="tile-rtp">
                                "RTP " {r} "%"
                            </span>
                        })}
                        {game.volatility.as_deref().map(|v| {
                            view! {
                                <span class="rounded-full bg-slate-800 px-2 py-0.5 text-slate-300">
                                    {l.t(Msg::VolatilityLabel)} {volatility_label(l, v).to_owned()}
                                </span>
                            }
                        })}
                    </div>
                </div>
            </A>
        </li>
    }
}
