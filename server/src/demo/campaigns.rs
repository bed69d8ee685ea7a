//! Demo campaigns, labelled as such in their names and descriptions: a
//! welcome bonus, a free bet, a weekly cashback and an A/B test, launched
//! so marketing's dashboard and the player's promotions have something
//! real to show. Seeded once (when no campaign exists yet).

use domain::campaign::CampaignSpec;
use engine::{Engine, Principal, Role};
use serde_json::json;

/// The demo campaigns' bodies (API.md "Campaigns").
fn bodies() -> Vec<serde_json::Value> {
    vec![
        json!({
            "name": "Demo: Welcome bonus",
            "description": "Demo campaign. 100% of your first deposit of 20.00 or more as bonus money, up to 100.00; wager it 5 times within 30 days and it turns into cash.",
            "trigger": {"event": "deposit", "conditions": {"first_only": true, "min_amount": "20.00"}},
            "reward": {"kind": "bonus_money", "percent": "100", "max_amount": "100.00",
                       "wagering_multiplier": "5", "expires_in_days": 30},
            "limits": {"per_player": 1, "budget": "10000.00"},
            "exclusive_group": "deposit", "priority": 10
        }),
        json!({
            "name": "Demo: Deposit A/B test",
            "description": "Demo campaign. Bonus money on deposits of 20.00 or more after the first: two offers tested against each other, one player in ten held out.",
            "trigger": {"event": "deposit", "conditions": {"min_amount": "20.00"}},
            "variants": [
                {"name": "Small, easy", "weight": 50,
                 "reward": {"kind": "bonus_money", "amount": "5.00", "wagering_multiplier": "3",
                            "expires_in_days": 14}},
                {"name": "Large, harder", "weight": 50,
                 "reward": {"kind": "bonus_money", "amount": "10.00", "wagering_multiplier": "8",
                            "expires_in_days": 14}}
            ],
            "holdout_percent": 10,
            "limits": {"per_player": 3, "budget": "5000.00"},
            "exclusive_group": "deposit", "priority": 5
        }),
        json!({
            "name": "Demo: Free bet on your first settled bet",
            "description": "Demo campaign. A 5.00 free bet when your first bet at odds of 1.50 or more settles.",
            "trigger": {"event": "bet_settled", "conditions": {"min_odds": "1.50", "verticals": ["sportsbook"]}},
            "reward": {"kind": "free_bet", "amount": "5.00", "min_odds": "1.50", "expires_in_days": 7},
            "limits": {"per_player": 1, "budget": "2000.00"}
        }),
        json!({
            "name": "Demo: Weekly cashback",
            "description": "Demo campaign. 10% of your net loss each week back in cash, up to 50.00, paid on Mondays.",
            "trigger": {"event": "period_end"},
            "reward": {"kind": "cashback", "percent": "10", "max_amount": "50.00", "period": "week"},
            "limits": {"budget": "5000.00"}
        }),
    ]
}

/// Creates and launches the demo campaigns, as the demo marketing user,
/// unless campaigns exist.
pub async fn seed_campaigns(engine: &Engine) -> anyhow::Result<()> {
    let existing = engine
        .campaigns()
        .list(None, Some(1))
        .await
        .map_err(|e| anyhow::anyhow!("listing campaigns: {e}"))?;
    if !existing.items.is_empty() {
        return Ok(());
    }
    let login = super::DEMO_LOGINS
        .iter()
        .find(|l| l.role == "marketing")
        .ok_or_else(|| anyhow::anyhow!("no demo marketing login"))?;
    let user_id = engine
        .auth()
        .ensure_staff(login.email, super::DEMO_PASSWORD, &[Role::Marketing])
        .await
        .map_err(|e| anyhow::anyhow!("the demo marketing user: {e}"))?;
    let marketing = Principal {
        user_id,
        session_id: uuid::Uuid::nil(),
        roles: vec![Role::Marketing],
    };
    for body in bodies() {
        let spec: CampaignSpec = serde_json::from_value(body)?;
        let created = engine
            .campaigns()
            .create(&marketing, &spec)
            .await
            .map_err(|e| anyhow::anyhow!("demo campaign {}: {e:?}", spec.name))?;
        engine
            .campaigns()
            .launch(&marketing, created.campaign_id)
            .await
            .map_err(|e| anyhow::anyhow!("launching demo campaign {}: {e:?}", spec.name))?;
    }
    Ok(())
}
