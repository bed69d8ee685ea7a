//! Leptos components, pages, routes and server functions of the Croupier web
//! app: the HTML [`shell`] the server renders, the [`App`] with its router,
//! and the `#[server]` functions under `/rpc` (thin adapters over `engine`,
//! compiled with the `ssr` feature only).

// Deeply nested views (forms inside suspended pages) need more than the
// default 128 when the WASM build computes their hydration futures.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod format;
pub mod i18n;
pub mod lazy;
pub mod live;
pub mod model;
pub mod pages;
pub mod resource;
pub mod session;

use leptos::prelude::*;
use leptos_meta::{MetaTags, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{Lazy, SsrMode, path};

use crate::components::{Footer, Header};
use crate::pages::bonuses::BonusToast;
use crate::pages::errors::NotFound;
use crate::pages::lobby::Lobby;
use crate::pages::responsible_gaming::{DepositLimitPrompt, LossAlertToast, RealityCheckDialog};
use crate::pages::sportsbook::SportsLobby;

/// True once the browser has hydrated the page (never on the server). A
/// lazy route hydrates asynchronously, and effects run while it waits for
/// the route's modules: an effect that changes what the server rendered
/// (the betslip restoring its legs, the responsible-gaming clock, pushed
/// odds) waits for this, or hydration meets a page it did not render.
pub fn page_hydrated() -> ArcRwSignal<bool> {
    static HYDRATED: std::sync::OnceLock<ArcRwSignal<bool>> = std::sync::OnceLock::new();
    HYDRATED.get_or_init(|| ArcRwSignal::new(false)).clone()
}

/// Registers `/sw.js` once the page has loaded, where service workers exist.
const REGISTER_SERVICE_WORKER: &str = "if ('serviceWorker' in navigator) { window.addEventListener('load', function () { navigator.serviceWorker.register('/sw.js').catch(function () {}); }); }";

/// The stylesheet's URL: its content-hashed name when the build wrote one
/// (`css: <hash>` in the hash file Leptos reads for the bundle's names).
/// The file is read once per site (the build that wrote it is the one
/// being served), not on every render.
fn stylesheet_href(options: &leptos::config::LeptosOptions) -> String {
    static HREFS: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<String, String>>> =
        std::sync::LazyLock::new(Default::default);
    let key = format!("{}|{}", options.hash_files, options.hash_file);
    let mut hrefs = HREFS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    hrefs
        .entry(key)
        .or_insert_with(|| read_stylesheet_href(options))
        .clone()
}

fn read_stylesheet_href(options: &leptos::config::LeptosOptions) -> String {
    let name = &options.output_name;
    let hash = options
        .hash_files
        .then(|| std::fs::read_to_string(options.hash_file.as_ref()).ok())
        .flatten()
        .and_then(|text| {
            text.lines().find_map(|line| {
                let (kind, hash) = line.split_once(':')?;
                (kind.trim() == "css").then(|| hash.trim().to_owned())
            })
        });
    match hash {
        Some(hash) => format!("/{}/{name}.{hash}.css", options.site_pkg_dir),
        None => format!("/{}/{name}.css", options.site_pkg_dir),
    }
}

/// The whole HTML document the server renders around [`App`].
pub fn shell(options: leptos::config::LeptosOptions) -> impl IntoView {
    // The request's language; the browser reads it back from `<html lang>`.
    let locale = i18n::request_locale();
    view! {
        <!DOCTYPE html>
        <html lang=locale.tag() class="bg-slate-950">
            <head>
                <meta charset="utf-8"/>
                <meta
                    name="viewport"
                    content="width=device-width, initial-scale=1, viewport-fit=cover"
                />
                <meta name="theme-color" content="#020617"/>
                <meta name="color-scheme" content="dark"/>
                <meta
                    name="description"
                    content=locale.t(i18n::Msg::MetaDescription)
                />
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="apple-touch-icon" href="/icons/icon-192.png"/>
                <link rel="stylesheet" href=stylesheet_href(&options)/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
                <script inner_html=REGISTER_SERVICE_WORKER></script>
            </head>
            <body class="min-h-dvh bg-slate-950 font-sans text-slate-100 antialiased">
                <App/>
            </body>
        </html>
    }
}

/// The application: session state, header, routes and footer.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = i18n::provide_locale();
    session::provide_session();
    live::provide_live_wallet();
    pages::responsible_gaming::provide_rg_state();
    pages::betslip::provide_betslip();

    view! {
        <Router>
            <div class="flex min-h-dvh flex-col">
                <a
                    href="#main"
                    class="sr-only z-50 rounded-md bg-emerald-400 px-3 py-2 font-semibold text-slate-950 focus:not-sr-only focus:absolute focus:left-3 focus:top-3"
                >
                    {locale.t(i18n::Msg::SkipToContent)}
                </a>
                <Header/>
                <DepositLimitPrompt/>
                <RealityCheckDialog/>
                <LossAlertToast/>
                <BonusToast/>
                <main id="main" class="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:py-10">
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view=Lobby/>
                        <Route path=path!("/login") view={Lazy::<lazy::LoginPage>::new()}/>
                        <Route path=path!("/register") view={Lazy::<lazy::RegisterPage>::new()}/>
                        <Route path=path!("/account") view={Lazy::<lazy::AccountPage>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/wallet") view={Lazy::<lazy::WalletPage>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/sports") view=SportsLobby ssr=SsrMode::Async/>
                        <Route
                            path=path!("/sports/event/:id")
                            view={Lazy::<lazy::SportsEventPage>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/bets") view={Lazy::<lazy::MyBetsPage>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/promotions") view={Lazy::<lazy::PromotionsPage>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/bonuses") view={Lazy::<lazy::MyBonusesPage>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/leaderboards") view={Lazy::<lazy::LeaderboardsListPage>::new()} ssr=SsrMode::Async/>
                        <Route
                            path=path!("/leaderboards/:id")
                            view={Lazy::<lazy::LeaderboardBoardPage>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/loyalty") view={Lazy::<lazy::LoyaltyPlayerPage>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/loyalty/store") view={Lazy::<lazy::LoyaltyStorePage>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/casino") view={Lazy::<lazy::CasinoLobbyPage>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/casino/:code") view={Lazy::<lazy::CasinoGamePage>::new()} ssr=SsrMode::Async/>
                        // Where game sessions of Croupier Originals launch.
                        <Route
                            path=path!("/casino/originals/:code")
                            view={Lazy::<lazy::CasinoGamePage>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/responsible-gaming")
                            view={Lazy::<lazy::ResponsibleGamingPage>::new()}
                            ssr=SsrMode::Async
                        />
                        <ParentRoute
                            path=path!("/backoffice")
                            view={Lazy::<lazy::BackofficeLayoutPage>::new()}
                            ssr=SsrMode::Async
                        >
                            <Route path=path!("") view={Lazy::<lazy::OverviewPage>::new()}/>
                            <Route path=path!("players") view={Lazy::<lazy::PlayersPage>::new()}/>
                            <Route path=path!("players/:id") view={Lazy::<lazy::PlayerWalletPage>::new()}/>
                            <Route path=path!("audit") view={Lazy::<lazy::AuditLogPage>::new()}/>
                            <Route path=path!("kyc") view={Lazy::<lazy::KycQueuePage>::new()}/>
                            <Route path=path!("rg") view={Lazy::<lazy::RgSearchPage>::new()}/>
                            <Route path=path!("rg/:id") view={Lazy::<lazy::PlayerRgPage>::new()}/>
                            <Route path=path!("loss-alerts") view={Lazy::<lazy::LossAlertsPage>::new()}/>
                            <Route path=path!("exclusions") view={Lazy::<lazy::ExclusionsPage>::new()}/>
                            <Route path=path!("jurisdictions") view={Lazy::<lazy::JurisdictionsPage>::new()}/>
                            <Route path=path!("trading") view={Lazy::<lazy::TradingEventsPage>::new()}/>
                            <Route path=path!("trading/teasers") view={Lazy::<lazy::TradingTeasersPage>::new()}/>
                            <Route path=path!("trading/:id") view={Lazy::<lazy::TradingEventPage>::new()}/>
                            <Route path=path!("trading/:id/risk") view={Lazy::<lazy::TradingRiskPage>::new()}/>
                            <Route path=path!("fx") view={Lazy::<lazy::FxRatesPage>::new()}/>
                            <Route path=path!("exports") view={Lazy::<lazy::ExportsPage>::new()}/>
                            <Route path=path!("reconciliation") view={Lazy::<lazy::ReconciliationPage>::new()}/>
                            <Route path=path!("casino") view={Lazy::<lazy::CasinoCatalogPage>::new()}/>
                            <Route path=path!("providers") view={Lazy::<lazy::ProviderHealthPage>::new()}/>
                            <Route path=path!("staff") view={Lazy::<lazy::StaffAccountsPage>::new()}/>
                            <Route path=path!("venues") view={Lazy::<lazy::VenuesAdminPage>::new()}/>
                            <Route path=path!("campaigns") view={Lazy::<lazy::CampaignsListPage>::new()}/>
                            <Route path=path!("campaigns/new") view={Lazy::<lazy::CampaignBuilderPage>::new()}/>
                            <Route path=path!("campaigns/:id") view={Lazy::<lazy::CampaignDashboard>::new()}/>
                            <Route path=path!("leaderboards") view={Lazy::<lazy::LeaderboardsAdminPage>::new()}/>
                            <Route path=path!("leaderboards/new") view={Lazy::<lazy::LeaderboardCreatePage>::new()}/>
                            <Route path=path!("leaderboards/:id") view={Lazy::<lazy::LeaderboardAdmin>::new()}/>
                            <Route path=path!("loyalty") view={Lazy::<lazy::LoyaltyAdminPage>::new()}/>
                            <Route path=path!("vip") view={Lazy::<lazy::VipPlayersPage>::new()}/>
                            <Route path=path!("vip/reports") view={Lazy::<lazy::VipReports>::new()}/>
                            <Route path=path!("vip/:id") view={Lazy::<lazy::VipPlayer360Page>::new()}/>
                        </ParentRoute>
                    </Routes>
                </main>
                <Footer/>
                <crate::pages::betslip::BetslipDrawer/>
            </div>
        </Router>
    }
}
