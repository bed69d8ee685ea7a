//! Settings from the environment (API.md "Start-up and operators"), built
//! once at start and passed in; never read again from a global.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Args;

/// Everything the server needs to start, as given by the environment or flags.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Database URL (`sqlite://...` or `postgres://...`). Default: an SQLite
    /// file under the data directory.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,

    /// Address to listen on.
    #[arg(long, env = "CROUPIER_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// HS256 secret for tokens; generated and kept under the data directory
    /// when unset.
    #[arg(long, env = "CROUPIER_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,

    /// NATS server for the scale-out event bus; in-process bus when unset.
    #[arg(long, env = "NATS_URL")]
    pub nats_url: Option<String>,

    /// `1` seeds labelled demo content. Default: on for an empty embedded
    /// database, off otherwise.
    #[arg(long, env = "CROUPIER_DEMO")]
    pub demo: Option<String>,

    /// Seconds between two moves of the demo sportsbook's odds feed (runs
    /// only with demo content); 0 turns it off.
    #[arg(long, env = "CROUPIER_DEMO_FEED_SECS", default_value_t = 5)]
    pub demo_feed_secs: u64,

    /// Bootstrap admin e-mail (with `CROUPIER_ADMIN_PASSWORD`).
    #[arg(long, env = "CROUPIER_ADMIN_EMAIL")]
    pub admin_email: Option<String>,

    /// Bootstrap admin password.
    #[arg(long, env = "CROUPIER_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,

    /// Folder for the embedded database and the generated secret.
    #[arg(long, env = "CROUPIER_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Folder with the built site (WASM, JS, CSS, icons): `pkg/` and the
    /// files of `public/`.
    #[arg(long, env = "CROUPIER_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// Token lifetime in seconds.
    #[arg(long, env = "CROUPIER_TOKEN_TTL_SECS", default_value_t = 12 * 3600)]
    pub token_ttl_secs: i64,

    /// Per-country minimum ages overriding 18, e.g. `US=21,GR=21`.
    #[arg(long, env = "CROUPIER_MIN_AGES", default_value = "")]
    pub min_ages: String,

    /// Largest accepted request body in bytes.
    #[arg(long, env = "CROUPIER_MAX_BODY_BYTES", default_value_t = 64 * 1024)]
    pub max_body_bytes: usize,

    /// Log as JSON lines (for log shippers) instead of text.
    #[arg(long, env = "CROUPIER_LOG_JSON", default_value_t = false)]
    pub log_json: bool,

    /// Our operator id at Hub88.
    #[arg(long, env = "CROUPIER_HUB88_OPERATOR_ID")]
    pub hub88_operator_id: Option<String>,

    /// PEM file with Hub88's public key, to check callback signatures.
    /// Unset: every Hub88 callback is refused (`RS_ERROR_INVALID_SIGNATURE`).
    #[arg(long, env = "CROUPIER_HUB88_PUBLIC_KEY")]
    pub hub88_public_key: Option<PathBuf>,

    /// PEM file with our private key, to sign Hub88 responses. Unset: one
    /// is generated once under the data directory.
    #[arg(long, env = "CROUPIER_HUB88_PRIVATE_KEY")]
    pub hub88_private_key: Option<PathBuf>,

    /// API key an odds feed sends as `X-Feed-Key` to `POST /api/v1/admin/feed`
    /// (traders use their token instead). Unset: only traders may post.
    #[arg(long, env = "CROUPIER_FEED_API_KEY", hide_env_values = true)]
    pub feed_api_key: Option<String>,

    /// Bets a sportsbook settlement pays per database transaction (1 to
    /// 2000). Larger windows pay big markets faster and hold the players'
    /// ledger chains longer while they commit.
    #[arg(long, env = "CROUPIER_SETTLEMENT_WINDOW", default_value_t = 2000,
          value_parser = clap::value_parser!(u64).range(1..=2000))]
    pub settlement_window: u64,

    /// Group-commit lanes (1 to 8): how many batches of wallet commands,
    /// and how many of bet placements, run at once. Commands in flight
    /// together share a database transaction per lane.
    #[arg(long, env = "CROUPIER_COMMIT_LANES", default_value_t = 2,
          value_parser = clap::value_parser!(u64).range(1..=8))]
    pub commit_lanes: u64,

    /// Identity verification (KYC) provider: `sandbox` (the built-in test
    /// provider, the only one so far). Any other value stops start-up.
    #[arg(long, env = "CROUPIER_KYC_PROVIDER", default_value = "sandbox")]
    pub kyc_provider: String,

    /// FX feed, reporting currency and retention.
    #[command(flatten)]
    pub finance: FinanceSettings,
}

/// Finance settings: the ECB rates feed, the reporting currency, how
/// long idempotency keys are kept and the sportsbook cash-out margin.
#[derive(Debug, Clone, Args)]
pub struct FinanceSettings {
    /// Currency finance reports total in.
    #[arg(long, env = "CROUPIER_REPORTING_CURRENCY", default_value = "EUR")]
    pub reporting_currency: String,

    /// URL of the ECB reference rates (eurofxref-daily.xml format) to import
    /// on a schedule. Unset: rates are only imported by upload.
    #[arg(long, env = "CROUPIER_FX_ECB_URL")]
    pub fx_ecb_url: Option<String>,

    /// Seconds between two fetches of `CROUPIER_FX_ECB_URL` (at least 60).
    #[arg(long, env = "CROUPIER_FX_ECB_INTERVAL_SECS", default_value_t = 6 * 3600)]
    pub fx_ecb_interval_secs: u64,

    /// Days an idempotency key is kept before the daily purge removes it.
    /// Hub88 retries for up to four months, so at least 122.
    #[arg(
        long,
        env = "CROUPIER_IDEMPOTENCY_RETENTION_DAYS",
        default_value_t = 180
    )]
    pub idempotency_retention_days: u32,

    /// What a sportsbook cash-out keeps of the bet's fair value (stake ×
    /// odds taken ÷ current odds), a decimal in [0, 0.5]: `0.05` pays 95 %.
    #[arg(long, env = "CROUPIER_CASHOUT_MARGIN", default_value = "0.05")]
    pub cash_out_margin: String,
}

impl Default for FinanceSettings {
    fn default() -> Self {
        Self {
            reporting_currency: "EUR".to_owned(),
            fx_ecb_url: None,
            fx_ecb_interval_secs: 6 * 3600,
            idempotency_retention_days: 180,
            cash_out_margin: "0.05".to_owned(),
        }
    }
}

/// Shortest idempotency-key retention accepted: four months (Hub88).
pub const MIN_IDEMPOTENCY_RETENTION_DAYS: u32 = 122;

impl FinanceSettings {
    /// The reporting currency, checked.
    pub fn reporting_currency(&self) -> anyhow::Result<domain::money::Currency> {
        self.reporting_currency.trim().parse().map_err(|_| {
            anyhow::anyhow!(
                "CROUPIER_REPORTING_CURRENCY {:?} is not a supported currency",
                self.reporting_currency
            )
        })
    }

    /// The ECB feed URL and interval, when a URL is configured.
    pub fn ecb_feed(&self) -> anyhow::Result<Option<(String, std::time::Duration)>> {
        let Some(url) = self
            .fx_ecb_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        else {
            return Ok(None);
        };
        anyhow::ensure!(
            url.starts_with("https://") || url.starts_with("http://"),
            "CROUPIER_FX_ECB_URL must be an http(s) URL"
        );
        anyhow::ensure!(
            self.fx_ecb_interval_secs >= 60,
            "CROUPIER_FX_ECB_INTERVAL_SECS must be at least 60"
        );
        Ok(Some((
            url.to_owned(),
            std::time::Duration::from_secs(self.fx_ecb_interval_secs),
        )))
    }

    /// The cash-out margin, checked: a decimal from 0 to 0.5.
    pub fn cash_out_margin(&self) -> anyhow::Result<engine::sportsbook::Decimal> {
        let raw = self.cash_out_margin.trim();
        let margin: engine::sportsbook::Decimal = raw
            .parse()
            .map_err(|_| anyhow::anyhow!("CROUPIER_CASHOUT_MARGIN {raw:?} is not a decimal"))?;
        anyhow::ensure!(
            margin >= engine::sportsbook::Decimal::ZERO
                && margin <= engine::sportsbook::Decimal::new(5, 1),
            "CROUPIER_CASHOUT_MARGIN must be from 0 to 0.5"
        );
        Ok(margin)
    }

    /// The idempotency-key retention, checked against the four-month floor.
    pub fn idempotency_retention(&self) -> anyhow::Result<chrono::Duration> {
        anyhow::ensure!(
            self.idempotency_retention_days >= MIN_IDEMPOTENCY_RETENTION_DAYS,
            "CROUPIER_IDEMPOTENCY_RETENTION_DAYS must be at least {MIN_IDEMPOTENCY_RETENTION_DAYS} (four months)"
        );
        Ok(chrono::Duration::days(i64::from(
            self.idempotency_retention_days,
        )))
    }
}

impl Settings {
    /// The database URL, defaulting to `<data_dir>/croupier.db`.
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("croupier.db").display()
            )
        })
    }

    /// True when the database is the embedded SQLite.
    pub fn is_embedded(&self) -> bool {
        self.database_url().starts_with("sqlite")
    }

    /// Whether to seed demo content given whether the database is empty.
    pub fn demo_enabled(&self, database_empty: bool) -> bool {
        match self.demo.as_deref().map(str::trim) {
            Some("1") | Some("true") | Some("yes") => true,
            Some("0") | Some("false") | Some("no") => false,
            _ => database_empty && self.is_embedded(),
        }
    }

    /// The KYC provider, checked: a code this build knows.
    pub fn kyc_provider(&self) -> anyhow::Result<engine::compliance::KycProviderKind> {
        self.kyc_provider
            .parse()
            .map_err(|e| anyhow::anyhow!("CROUPIER_KYC_PROVIDER: {e}"))
    }

    /// Minimum-age overrides parsed from `min_ages`.
    pub fn min_age_overrides(&self) -> anyhow::Result<Vec<(String, u32)>> {
        self.min_ages
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|pair| {
                let (country, age) = pair
                    .split_once('=')
                    .with_context(|| format!("CROUPIER_MIN_AGES entry {pair:?} is not CC=AGE"))?;
                let age = age
                    .trim()
                    .parse()
                    .with_context(|| format!("CROUPIER_MIN_AGES age in {pair:?}"))?;
                Ok((country.trim().to_uppercase(), age))
            })
            .collect()
    }

    /// The token secret: the configured one, or one generated once and kept
    /// in `<data_dir>/jwt_secret` (mode 0600) so restarts keep sessions.
    pub fn jwt_secret(&self) -> anyhow::Result<Vec<u8>> {
        if let Some(secret) = &self.jwt_secret {
            anyhow::ensure!(
                secret.len() >= 32,
                "CROUPIER_JWT_SECRET must have at least 32 characters"
            );
            return Ok(secret.as_bytes().to_vec());
        }
        load_or_create_secret(&self.data_dir.join("jwt_secret"))
    }
}

fn load_or_create_secret(path: &Path) -> anyhow::Result<Vec<u8>> {
    if let Ok(existing) = std::fs::read_to_string(path) {
        let existing = existing.trim();
        if existing.len() >= 32 {
            return Ok(existing.as_bytes().to_vec());
        }
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let secret = hex::encode(rand::random::<[u8; 32]>());
    std::fs::write(path, &secret).with_context(|| format!("writing {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(secret.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Wrap {
        #[command(flatten)]
        settings: Settings,
    }

    fn settings(args: &[&str]) -> Settings {
        let mut all = vec!["x"];
        all.extend_from_slice(args);
        Wrap::parse_from(all).settings
    }

    #[test]
    fn demo_content_defaults_to_an_empty_embedded_database_only() {
        let s = settings(&["--database-url", "sqlite://x.db"]);
        assert!(s.demo_enabled(true));
        assert!(!s.demo_enabled(false));
        let s = settings(&["--database-url", "postgres://h/db"]);
        assert!(!s.demo_enabled(true));
        let s = settings(&["--database-url", "postgres://h/db", "--demo", "1"]);
        assert!(s.demo_enabled(false));
    }

    #[test]
    fn minimum_ages_are_parsed_per_country() {
        let s = settings(&["--min-ages", "us=21, GR=21"]);
        assert_eq!(
            s.min_age_overrides().unwrap(),
            vec![("US".to_owned(), 21), ("GR".to_owned(), 21)]
        );
        assert!(
            settings(&["--min-ages", "US21"])
                .min_age_overrides()
                .is_err()
        );
    }

    #[test]
    fn the_cash_out_margin_is_a_decimal_from_zero_to_one_half() {
        // `--flag=value` so that a negative value is not read as a flag.
        let margin = |raw: &str| {
            let arg = format!("--cash-out-margin={raw}");
            settings(&[arg.as_str()]).finance.cash_out_margin()
        };
        assert_eq!(
            settings(&[]).finance.cash_out_margin().unwrap().to_string(),
            "0.05"
        );
        assert_eq!(margin(" 0 ").unwrap().to_string(), "0");
        assert!(margin("0.5").is_ok());
        assert!(margin("0.51").is_err());
        assert!(margin("-0.01").is_err());
        assert!(margin("five").is_err());
    }

    #[test]
    fn the_kyc_provider_defaults_to_the_sandbox_and_refuses_unknown_codes() {
        use engine::compliance::KycProviderKind;
        assert_eq!(
            settings(&[]).kyc_provider().unwrap(),
            KycProviderKind::Sandbox
        );
        assert_eq!(
            settings(&["--kyc-provider", " Sandbox "])
                .kyc_provider()
                .unwrap(),
            KycProviderKind::Sandbox
        );
        let err = settings(&["--kyc-provider", "onfido"])
            .kyc_provider()
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("CROUPIER_KYC_PROVIDER") && err.contains("onfido"),
            "{err}"
        );
    }

    #[test]
    fn a_generated_secret_is_kept_across_restarts() {
        let dir = std::env::temp_dir().join(format!("croupier-secret-{}", uuid::Uuid::now_v7()));
        let path = dir.join("jwt_secret");
        let first = load_or_create_secret(&path).unwrap();
        let second = load_or_create_secret(&path).unwrap();
        assert_eq!(first, second);
        assert!(first.len() >= 32);
        let _ = std::fs::remove_dir_all(dir);
    }
}
