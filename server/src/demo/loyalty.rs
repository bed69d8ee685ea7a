//! The demo loyalty programme, labelled as demo content: three tiers
//! (Bronze 0, Silver 1000 ×1.25 with 5 % cashback shown, Gold 5000 ×1.5),
//! earning on sportsbook and casino play, and a few store items whose
//! names end "(demo)". The demo player starts with demo points (their
//! history says so). Seeded once: a programme someone set is never
//! replaced, and items are added only while no demo item exists.

use domain::api::loyalty::{ProgrammeSpec, StoreItemSpec};
use engine::Engine;
use serde_json::json;

/// The demo player's opening points (Silver: the store's tier items show).
pub const DEMO_OPENING_POINTS: i64 = 1_500;

fn programme() -> serde_json::Value {
    json!({
        "earning": [
            {"vertical": "sportsbook", "per": "1.00", "points": 1, "min_odds": "1.50"},
            {"vertical": "casino", "category": "slots", "per": "1.00", "points": 1},
            {"vertical": "casino", "category": "table", "per": "10.00", "points": 1},
            {"vertical": "casino", "per": "5.00", "points": 1}
        ],
        "tiers": [
            {"name": "Bronze", "threshold": 0},
            {"name": "Silver", "threshold": 1000, "points_multiplier": "1.25", "cashback_percent": "5"},
            {"name": "Gold", "threshold": 5000, "points_multiplier": "1.5", "cashback_percent": "10"}
        ],
        "qualification_days": 90,
        "downgrade_grace_days": 30,
        "vip_rules": {"min_deposits_30d": "5000.00", "min_ggr_30d": "1000.00"}
    })
}

fn items() -> Vec<serde_json::Value> {
    vec![
        json!({"name": "5.00 free bet (demo)", "cost_points": 500,
               "reward": {"kind": "free_bet", "amount": "5.00", "expires_in_days": 30}}),
        json!({"name": "20 free spins on Slot (demo)", "cost_points": 300,
               "reward": {"kind": "free_spins", "game_code": "slot", "rounds": 20, "stake": "0.20",
                          "expires_in_days": 30}}),
        json!({"name": "1000 coins bonus (demo)", "cost_points": 200,
               "reward": {"kind": "coins", "coins": 1000}}),
        json!({"name": "10.00 bonus money, Silver and up (demo)", "cost_coins": 1000, "stock": 50,
               "min_tier": "Silver",
               "reward": {"kind": "bonus_money", "amount": "10.00", "wagering_multiplier": "5"}}),
    ]
}

/// Seeds the demo programme, store items and the demo player's points.
pub async fn seed_loyalty(engine: &Engine) -> anyhow::Result<()> {
    let loyalty = engine.loyalty();
    let fail = |what: &'static str| {
        move |e: engine::loyalty::LoyaltyError| anyhow::anyhow!("{what}: {e:?}")
    };
    if loyalty
        .programme()
        .await
        .map_err(fail("reading the programme"))?
        .is_none()
    {
        let spec: ProgrammeSpec = serde_json::from_value(programme())?;
        loyalty
            .store_programme(&spec, None, true)
            .await
            .map_err(fail("demo loyalty programme"))?;
    }
    let existing = loyalty
        .items(true)
        .await
        .map_err(fail("listing store items"))?;
    if !existing.items.iter().any(|i| i.demo) {
        for body in items() {
            let spec: StoreItemSpec = serde_json::from_value(body)?;
            loyalty
                .insert_item(&spec, None, true)
                .await
                .map_err(fail("demo store item"))?;
        }
    }
    let player = loyalty
        .player_by_email("player@demo.croupier.dev")
        .await
        .map_err(fail("finding the demo player"))?;
    if let Some(player) = player {
        loyalty
            .credit_points(
                player,
                DEMO_OPENING_POINTS,
                "Demo opening points (demo)",
                "demo:opening-points",
            )
            .await
            .map_err(fail("demo opening points"))?;
    }
    Ok(())
}
