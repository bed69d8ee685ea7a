//! Background jobs the server starts: the ECB rates feed (only when
//! `CROUPIER_FX_ECB_URL` is set), the daily idempotency-key purge and, with
//! demo content, the demo sportsbook's odds feed.
//! Failures are logged and the job tries again at its next tick; they never
//! stop the server.

use std::time::Duration;

use engine::Engine;
use engine::finance::ImportSummary;

/// Longest wait for the rates file.
const FETCH_TIMEOUT: Duration = Duration::from_secs(30);
/// Between two purges.
const PURGE_EVERY: Duration = Duration::from_secs(24 * 3600);

/// Fetches the ECB file at `url` and imports it (idempotent).
pub async fn fetch_ecb(
    engine: &Engine,
    client: &reqwest::Client,
    url: &str,
) -> anyhow::Result<ImportSummary> {
    let response = client
        .get(url)
        .timeout(FETCH_TIMEOUT)
        .send()
        .await?
        .error_for_status()?;
    if response
        .content_length()
        .is_some_and(|n| n > engine::finance::ecb::MAX_BYTES as u64)
    {
        anyhow::bail!("the rates file is larger than 2 MB");
    }
    let body = response.text().await?;
    Ok(engine::finance::import_ecb(engine.db(), &body, None, engine.now()).await?)
}

/// Imports the ECB rates from `url` now and then every `every`.
pub fn spawn_ecb_feed(engine: Engine, url: String, every: Duration) {
    tokio::spawn(async move {
        let client = reqwest::Client::new();
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match fetch_ecb(&engine, &client, &url).await {
                Ok(s) => tracing::info!(
                    url, days = ?s.days, inserted = s.inserted, unchanged = s.unchanged,
                    corrected = s.corrected, "ECB rates imported"
                ),
                Err(e) => tracing::warn!(url, error = %format!("{e:#}"), "ECB rates feed failed"),
            }
        }
    });
}

/// Purges idempotency keys older than `retention`, now and daily.
pub fn spawn_idempotency_purge(engine: Engine, retention: chrono::Duration) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(PURGE_EVERY);
        loop {
            ticks.tick().await;
            let cutoff = engine.now() - retention;
            match engine::finance::retention::purge_idempotency_keys(engine.db(), cutoff).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(purged = n, %cutoff, "old idempotency keys purged"),
                Err(e) => tracing::warn!(error = %e, "idempotency key purge failed"),
            }
        }
    });
}

/// Runs the demo sportsbook's odds feed every `every` (demo mode only):
/// see [`crate::demo::DemoFeed`].
pub fn spawn_demo_feed(engine: Engine, every: Duration) {
    use rand::SeedableRng as _;
    tokio::spawn(async move {
        let mut feed = crate::demo::DemoFeed::new(rand::rngs::StdRng::from_os_rng());
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match feed.tick(&engine, engine.now()).await {
                Ok(t) => tracing::debug!(?t, "demo odds feed tick"),
                Err(e) => tracing::warn!(error = %format!("{e:#}"), "demo odds feed tick failed"),
            }
        }
    });
}
