//! Demo leaderboards, labelled "Demo" in their names: a daily wager race
//! and a weekly login-streak board, both in Europe/Malta time with small
//! cash and points prizes. Seeded once (when no demo board exists yet).

use domain::api::leaderboard::LeaderboardSpec;
use engine::Engine;
use serde_json::json;

/// The demo boards' bodies (API.md "Leaderboards and tournaments").
fn bodies() -> Vec<serde_json::Value> {
    vec![
        json!({
            "name": "Demo: Daily wager race",
            "metric": "wagered",
            "recurrence": "daily",
            "timezone": "Europe/Malta",
            "min_stake": "0.50",
            "prizes": [
                {"from_rank": 1, "to_rank": 1, "reward": {"kind": "cash", "amount": "50.00"}},
                {"from_rank": 2, "to_rank": 3, "reward": {"kind": "cash", "amount": "20.00"}},
                {"from_rank": 4, "to_rank": 10, "reward": {"kind": "loyalty_points", "points": 500}}
            ]
        }),
        json!({
            "name": "Demo: Weekly login streak",
            "metric": "login_streak",
            "recurrence": "weekly",
            "timezone": "Europe/Malta",
            "opt_in": true,
            "prizes": [
                {"from_rank": 1, "to_rank": 10, "reward": {"kind": "coins", "coins": 100}}
            ]
        }),
    ]
}

/// Creates the demo boards unless a demo board exists.
pub async fn seed_leaderboards(engine: &Engine) -> anyhow::Result<()> {
    let existing = engine
        .leaderboards()
        .list_admin()
        .await
        .map_err(|e| anyhow::anyhow!("listing leaderboards: {e}"))?;
    if existing.items.iter().any(|b| b.demo) {
        return Ok(());
    }
    for body in bodies() {
        let spec: LeaderboardSpec = serde_json::from_value(body)?;
        engine
            .leaderboards()
            .create_with(&spec, None, true)
            .await
            .map_err(|e| anyhow::anyhow!("demo leaderboard {}: {e:?}", spec.name))?;
    }
    Ok(())
}
