//! Server-side services of Croupier, one module per bounded context. The
//! engine owns database transactions and knows nothing of HTTP or Leptos:
//! the REST handlers and server functions are thin adapters over it.

pub mod audit;
pub mod auth;
pub mod backoffice;
pub mod batching;
pub mod bonuses;
pub mod campaigns;
pub mod casino;
pub mod clock;
pub mod compliance;
pub mod db;
pub mod events;
pub mod finance;
pub mod leaderboards;
pub mod loyalty;
pub mod paging;
pub mod payments;
pub mod rewards;
pub mod sportsbook;
pub mod staff;
/// Fresh test databases (CREATE/DROP DATABASE): only in test builds and
/// for crates that enable the `testing` feature as a dev-dependency, never
/// in the production binary.
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod venues;
pub mod vip;
pub mod wallet;

use std::sync::Arc;

use sea_orm::DatabaseConnection;

pub use auth::{AuthError, Principal, Role};
pub use wallet::WalletError;

/// Engine-wide configuration, built once by the server from its settings.
#[derive(Clone, Debug)]
pub struct EngineConfig {
    /// HMAC secret for HS256 tokens.
    pub jwt_secret: Vec<u8>,
    /// Token lifetime in seconds.
    pub token_ttl_secs: i64,
    /// Minimum age per country code (ISO alpha-2); others use `default_min_age`.
    pub min_age_overrides: Vec<(String, u32)>,
    /// Minimum age where no override applies.
    pub default_min_age: u32,
    /// The currency finance reports total in.
    pub reporting_currency: domain::money::Currency,
    /// What a sportsbook cash-out keeps of the bet's fair value, in [0, 1)
    /// (`0.05` keeps 5 %).
    pub cash_out_margin: rust_decimal::Decimal,
    /// Bets a settlement run pays per database transaction (at least 1).
    pub settlement_window: u64,
    /// Group commit ([`batching`]): how many batches of wallet ledger
    /// commands, and how many of bet placements, run at once (at least 1).
    pub wallet_lanes: usize,
    /// The identity verification (KYC) provider submissions go to.
    pub kyc_provider: compliance::KycProviderKind,
    /// Where the engine reads the time ([`clock`]): the system clock in
    /// production, a manual one in tests.
    pub clock: clock::Clock,
}

impl EngineConfig {
    /// A configuration for tests: a fixed secret, one-hour tokens.
    pub fn for_tests() -> Self {
        Self {
            jwt_secret: b"test-secret-test-secret-test-secret!".to_vec(),
            token_ttl_secs: 3600,
            min_age_overrides: Vec::new(),
            default_min_age: 18,
            reporting_currency: domain::money::Currency::EUR,
            cash_out_margin: rust_decimal::Decimal::new(5, 2),
            settlement_window: sportsbook::settlement::BATCH,
            wallet_lanes: wallet::batch::LANES,
            kyc_provider: compliance::KycProviderKind::Sandbox,
            clock: clock::Clock::system(),
        }
    }
}

/// The engine: shared, cheap to clone, passed into every adapter.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

struct Inner {
    db: DatabaseConnection,
    config: EngineConfig,
    auth: auth::AuthService,
    events: events::EventBus,
    wallet: wallet::WalletService,
    payments: payments::PaymentRegistry,
    kyc: compliance::kyc::KycProviders,
    provider_health: casino::health::ProviderHealth,
    settling: sportsbook::settlement::Runs,
    placing: std::sync::OnceLock<batching::Batcher<sportsbook::placement::Placements>>,
    campaigns: campaigns::LiveCache,
    loyalty: loyalty::programme::ProgrammeCache,
    p_values: campaigns::insight::PValues,
    leaderboards: leaderboards::Boards,
}

impl Engine {
    /// Builds the engine over a migrated database and a started event bus.
    pub fn new(db: DatabaseConnection, config: EngineConfig, events: events::EventBus) -> Self {
        let auth = auth::AuthService::new(&config);
        let payments = payments::PaymentRegistry::new(&config);
        let kyc = compliance::kyc::KycProviders::new(&config);
        Self {
            inner: Arc::new(Inner {
                db,
                config,
                auth,
                events,
                wallet: wallet::WalletService::default(),
                payments,
                kyc,
                provider_health: casino::health::ProviderHealth::default(),
                settling: sportsbook::settlement::Runs::default(),
                placing: std::sync::OnceLock::new(),
                campaigns: campaigns::LiveCache::default(),
                loyalty: loyalty::programme::ProgrammeCache::default(),
                p_values: campaigns::insight::PValues::default(),
                leaderboards: leaderboards::Boards::default(),
            }),
        }
    }

    /// The database connection (pool).
    pub fn db(&self) -> &DatabaseConnection {
        &self.inner.db
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), sea_orm::DbErr> {
        use sea_orm::ConnectionTrait;
        self.inner
            .db
            .execute_unprepared("SELECT 1")
            .await
            .map(|_| ())
    }

    /// The current time, from the configured [`clock::Clock`].
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.inner.config.clock.now()
    }

    /// The configuration.
    pub fn config(&self) -> &EngineConfig {
        &self.inner.config
    }

    /// Marketing campaigns.
    pub fn campaigns(&self) -> campaigns::Campaigns<'_> {
        campaigns::Campaigns::new(self)
    }

    /// The compiled live campaigns.
    pub(crate) fn campaign_cache(&self) -> &campaigns::LiveCache {
        &self.inner.campaigns
    }

    /// The parsed loyalty programme.
    pub(crate) fn loyalty_cache(&self) -> &loyalty::programme::ProgrammeCache {
        &self.inner.loyalty
    }

    /// The in-memory ranks of open leaderboard periods.
    pub(crate) fn leaderboard_boards(&self) -> &leaderboards::Boards {
        &self.inner.leaderboards
    }

    /// The running minimum p-values of live experiments.
    pub(crate) fn campaign_p_values(&self) -> &campaigns::insight::PValues {
        &self.inner.p_values
    }

    /// The players' bonuses and the bonus money rules.
    pub fn bonuses(&self) -> bonuses::Bonuses<'_> {
        bonuses::Bonuses::new(self)
    }

    /// Accounts, login and tokens.
    pub fn auth(&self) -> auth::Auth<'_> {
        auth::Auth::new(self, &self.inner.auth)
    }

    /// The wallet: balances, ledger commands, deposits and withdrawals.
    pub fn wallet(&self) -> wallet::Wallet<'_> {
        wallet::Wallet::new(self, &self.inner.wallet)
    }

    /// Payment providers and their webhooks.
    pub fn payments(&self) -> payments::Payments<'_> {
        payments::Payments::new(self, &self.inner.payments)
    }

    /// Responsible gaming and KYC: limits, exclusions, the checks before
    /// deposits and play, reality checks, loss alerts, jurisdictions.
    pub fn compliance(&self) -> compliance::Compliance<'_> {
        compliance::Compliance::new(self)
    }

    /// The KYC providers: the one configuration selected, and the sandbox.
    pub(crate) fn kyc_providers(&self) -> &compliance::kyc::KycProviders {
        &self.inner.kyc
    }

    /// Back-office lists that belong to no single context: registered
    /// users and the audit log.
    pub fn backoffice(&self) -> backoffice::Backoffice<'_> {
        backoffice::Backoffice::new(self)
    }

    /// Back-office staff accounts: create, list, roles, disable (admin).
    pub fn staff(&self) -> staff::Staff<'_> {
        staff::Staff::new(self)
    }

    /// The casino: catalog, game sessions, provider callbacks, Originals.
    pub fn casino(&self) -> casino::Casino<'_> {
        casino::Casino::new(self)
    }

    /// The sportsbook: catalog, trading, bets, settlement, risk.
    pub fn sportsbook(&self) -> sportsbook::Sportsbook<'_> {
        sportsbook::Sportsbook::new(self)
    }

    /// Markets this process is paying now.
    pub(crate) fn settling(&self) -> &sportsbook::settlement::Runs {
        &self.inner.settling
    }

    /// The event bus (outbox dispatcher and subscribers).
    pub fn events(&self) -> &events::EventBus {
        &self.inner.events
    }

    /// A handle that does not keep the engine alive (for its own background
    /// tasks, which must end when the last engine handle goes).
    /// The lanes bet placements run in (started by the first placement).
    pub(crate) fn placing(&self) -> &batching::Batcher<sportsbook::placement::Placements> {
        self.inner
            .placing
            .get_or_init(|| batching::Batcher::start(self, self.inner.config.wallet_lanes))
    }

    pub(crate) fn downgrade(&self) -> WeakEngine {
        WeakEngine(Arc::downgrade(&self.inner))
    }
}

/// See [`Engine::downgrade`].
#[derive(Clone)]
pub(crate) struct WeakEngine(std::sync::Weak<Inner>);

impl WeakEngine {
    /// The engine, while any handle to it lives.
    pub(crate) fn upgrade(&self) -> Option<Engine> {
        self.0.upgrade().map(|inner| Engine { inner })
    }
}
