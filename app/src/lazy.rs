//! Routes whose code the browser loads only when they are visited.
//!
//! Rules:
//! - The first load carries what a new visitor needs: the shell (header,
//!   menus, prompts, betslip), the home page and the sportsbook's list of
//!   events. Everything else is a lazy route here: an event's markets,
//!   logging in and registering, the player's account pages, the casino,
//!   promotions, bonuses, leaderboards, loyalty and responsible gaming, and
//!   the whole back office.
//! - Each lazy route is its own split module (`cargo xtask build` splits the
//!   WASM at these functions, see `xtask/src/split.rs`); code that several
//!   of them share goes into shared chunks, loaded with whichever needs it
//!   first. The server renders every route in full as before; the page
//!   hydrates once the modules of its route have arrived
//!   (`hydrate_from_async` in the `frontend` crate), so no button is live
//!   before its code is.
//! - A lazy route is the page component unchanged: [`lazy_pages!`] wraps it.

// The split points are declared by `#[lazy_route]` as imported loader
// functions (`extern` blocks the macro writes); there is no hand-written
// unsafe code here.
#![allow(unsafe_code)]

use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

use crate::pages;

/// Declares, for each `Lazy => page::Component`, a route type whose view is
/// the component, loaded on first use.
macro_rules! lazy_pages {
    ($($lazy:ident => $($page:ident)::+;)*) => {
        $(
            #[doc = concat!("`", stringify!($($page)::+), "`, loaded when first visited.")]
            pub struct $lazy;

            #[lazy_route]
            impl LazyRoute for $lazy {
                fn data() -> Self {
                    Self
                }

                fn view(_this: Self) -> AnyView {
                    view! { <$($page)::+/> }.into_any()
                }
            }
        )*
    };
}

lazy_pages! {
    // The account forms: one tap away from the first load.
    LoginPage => pages::auth::Login;
    RegisterPage => pages::auth::Register;
    // The player's pages beyond the first load.
    SportsEventPage => pages::sportsbook::SportsEvent;
    AccountPage => pages::account::Account;
    WalletPage => pages::wallet::Wallet;
    MyBetsPage => pages::sportsbook::MyBets;
    PromotionsPage => pages::bonuses::Promotions;
    MyBonusesPage => pages::bonuses::MyBonuses;
    LeaderboardsListPage => pages::leaderboards::LeaderboardsPage;
    LeaderboardBoardPage => pages::leaderboards::LeaderboardPage;
    LoyaltyPlayerPage => pages::loyalty::LoyaltyPage;
    LoyaltyStorePage => pages::loyalty::LoyaltyStore;
    CasinoLobbyPage => pages::casino::CasinoLobby;
    CasinoGamePage => pages::casino::CasinoGame;
    ResponsibleGamingPage => pages::responsible_gaming::ResponsibleGaming;
    // The back office.
    BackofficeLayoutPage => pages::backoffice::BackofficeLayout;
    OverviewPage => pages::backoffice::Overview;
    PlayersPage => pages::backoffice::Players;
    PlayerWalletPage => pages::player_wallet::PlayerWallet;
    AuditLogPage => pages::backoffice::AuditLog;
    KycQueuePage => pages::compliance::KycQueue;
    RgSearchPage => pages::compliance::RgSearch;
    PlayerRgPage => pages::compliance::PlayerRg;
    LossAlertsPage => pages::compliance::LossAlerts;
    ExclusionsPage => pages::compliance::Exclusions;
    JurisdictionsPage => pages::compliance::Jurisdictions;
    TradingEventsPage => pages::trading::TradingEvents;
    TradingTeasersPage => pages::trading::TradingTeasers;
    TradingEventPage => pages::trading::TradingEvent;
    TradingRiskPage => pages::trading::TradingRisk;
    FxRatesPage => pages::finance::FxRates;
    ExportsPage => pages::finance::Exports;
    ReconciliationPage => pages::finance::Reconciliation;
    CasinoCatalogPage => pages::casino_admin::CasinoCatalog;
    ProviderHealthPage => pages::casino_admin::ProviderHealth;
    StaffAccountsPage => pages::staff::StaffAccounts;
    VenuesAdminPage => pages::venues::VenuesAdmin;
    CampaignsListPage => pages::campaigns::CampaignsList;
    CampaignBuilderPage => pages::campaigns::CampaignBuilder;
    CampaignDashboard => pages::campaigns::CampaignDashboardPage;
    LeaderboardsAdminPage => pages::leaderboards::LeaderboardsAdmin;
    LeaderboardCreatePage => pages::leaderboards::LeaderboardCreate;
    LeaderboardAdmin => pages::leaderboards::LeaderboardAdminPage;
    LoyaltyAdminPage => pages::loyalty::LoyaltyAdmin;
    VipPlayersPage => pages::vip::VipPlayers;
    VipReports => pages::vip::VipReportsPage;
    VipPlayer360Page => pages::vip::VipPlayer360;
}
