//! Campaigns and bonuses (API.md "Campaigns", "Player bonuses"): thin
//! adapters over `engine.campaigns()` and `engine.bonuses()`. The builder's
//! functions require the marketing role (admins hold it implicitly); the
//! promotions and bonus functions act on the signed-in player's own data
//! only. Expected failures (validation, a refused launch, a bonus no longer
//! active) come back as data the page explains; authorization failures as
//! coded errors.

use std::collections::BTreeMap;

use domain::api::engagement::{BonusList, CampaignStats, CampaignView, Explanation, PromotionList};
use domain::campaign::CampaignSpec;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::model::refusable;
#[cfg(feature = "ssr")]
use crate::model::{Refusal, codes};

/// The builder's live check of a campaign being edited.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckReport {
    /// Players who would qualify today; `None` while the body is invalid.
    pub eligible_players: Option<i64>,
    /// Validation problems by field path (`reward.amount`, `variants[0].weight`).
    pub field_errors: BTreeMap<String, String>,
    /// Per targeted country, the jurisdiction rules some variant breaks
    /// there (only countries with a problem are listed).
    pub countries: Vec<CountryRules>,
    /// Non-empty when launch would be refused: every targeted country has
    /// every variant breaking one of these rules.
    pub launch_refused: Vec<String>,
    /// The countries checked.
    pub targeted: Vec<String>,
}

/// The rules a campaign breaks in one country.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryRules {
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// `(variant name, rule codes)` for each variant with a problem.
    pub variants: Vec<(String, Vec<String>)>,
}

/// The answer of a campaign command (create, launch, pause, resume, stop).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CommandReport {
    /// True when it was done.
    pub ok: bool,
    /// What happened, for people.
    pub message: String,
    /// The API error code on failure (`compliance_violation`,
    /// `invalid_state`, `validation_failed`, `not_found`).
    pub code: Option<String>,
    /// The broken jurisdiction rules of a refused launch.
    pub rules: Vec<String>,
    /// Validation problems by field path, for a refused create.
    pub field_errors: BTreeMap<String, String>,
    /// The campaign as it now stands.
    pub campaign: Option<CampaignView>,
}

/// The back office's campaign list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignListing {
    /// Newest first.
    pub items: Vec<CampaignView>,
    /// The cursor of the next (older) page.
    pub next_cursor: Option<String>,
    /// The currency campaign amounts are entered in (the reporting
    /// currency).
    pub currency: String,
}

/// One campaign with its live numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardData {
    /// The campaign.
    pub campaign: CampaignView,
    /// Its numbers.
    pub stats: CampaignStats,
}

/// The answer of `explain`: the checks, or why there are none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExplainReport {
    /// The checks, when the player and campaign exist.
    pub explanation: Option<Explanation>,
    /// Why there is no explanation.
    pub message: Option<String>,
}

/// The answer of a player's action (opt in, forfeit).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayerReport {
    /// True when it was done.
    pub ok: bool,
    /// What happened, for people.
    pub message: String,
    /// The API error code on failure (`not_found`, `invalid_state`).
    pub code: Option<String>,
}

refusable!(CommandReport, PlayerReport);

/// A jurisdiction rule code in words, for marketers.
pub fn rule_text(code: &str) -> &'static str {
    match code {
        "gb_wagering_cap" => {
            "GB: bonus wagering requirements may be at most 10× (UKGC). Lower the wagering multiplier."
        }
        "gb_mixed_product" => {
            "GB: play in one product may not be rewarded with a bonus usable in another. Reward sportsbook play with sportsbook rewards, casino play with casino rewards."
        }
        _ => "A jurisdiction rule of a targeted country.",
    }
}

#[cfg(feature = "ssr")]
mod convert {

    use engine::bonuses::BonusError;
    use engine::campaigns::CampaignError;
    use leptos::prelude::ServerFnError;

    use super::{CommandReport, PlayerReport};
    use crate::api::server;
    use crate::model::{Refusal, codes};

    pub use crate::api::server::fields;

    /// A refused campaign command as the page explains it.
    pub fn command_failure(e: CampaignError) -> Result<CommandReport, ServerFnError> {
        match e {
            CampaignError::Validation(errors) => Ok(CommandReport {
                field_errors: fields(errors),
                ..Refusal::new(
                    codes::VALIDATION_FAILED,
                    "Some fields need attention; see the marked steps.",
                )
                .into()
            }),
            CampaignError::NotFound => {
                Refusal::new(codes::NOT_FOUND, "This campaign no longer exists.").answer()
            }
            CampaignError::InvalidState(status) => Refusal::new(
                "invalid_state",
                format!(
                    "The campaign is {status}, so this does not apply. Reload to see where it stands."
                ),
            )
            .answer(),
            CampaignError::Compliance(rules) => Ok(CommandReport {
                rules,
                ..Refusal::new(
                    "compliance_violation",
                    "Launch refused: in every country it targets, the campaign would break a jurisdiction's rules, so nobody could be rewarded.",
                )
                .into()
            }),
            CampaignError::Unexpected(e) => Err(server::internal("a campaign command", e)),
        }
    }

    /// A refused bonus command, for the player.
    pub fn bonus_failure(e: BonusError) -> Result<PlayerReport, ServerFnError> {
        match e {
            BonusError::NotFound => {
                Refusal::new(codes::NOT_FOUND, "This bonus no longer exists.").answer()
            }
            BonusError::InvalidState(status) => Refusal::new(
                "invalid_state",
                format!("This bonus is {status} already, so there is nothing to forfeit."),
            )
            .answer(),
            e => Err(server::internal("forfeiting a bonus", e)),
        }
    }

    /// Maps an unexpected campaign failure, keeping `not_found`.
    pub fn campaign_error(what: &str, e: CampaignError) -> ServerFnError {
        match e {
            CampaignError::NotFound => server::coded(crate::model::codes::NOT_FOUND),
            e => server::internal(what, e),
        }
    }
}

/// A page of campaigns, newest first (`cursor`: empty for the first page).
/// Marketing only.
#[server(prefix = "/rpc", endpoint = "campaigns_page")]
pub async fn campaigns_page(
    #[server(default)] cursor: String,
) -> Result<CampaignListing, ServerFnError> {
    let engine = super::server::engine()?;
    super::server::require(&engine, &[engine::Role::Marketing]).await?;
    let campaigns = engine.campaigns();
    let cursor = Some(cursor.trim()).filter(|c| !c.is_empty());
    let list = match campaigns.list(cursor, None).await {
        Ok(list) => list,
        // A stale or edited cursor: start from the newest.
        Err(engine::campaigns::CampaignError::Validation(_)) => campaigns
            .list(None, None)
            .await
            .map_err(|e| super::server::internal("listing campaigns", e))?,
        Err(e) => return Err(super::server::internal("listing campaigns", e)),
    };
    Ok(CampaignListing {
        items: list.items,
        next_cursor: list.next_cursor,
        currency: campaigns.currency().code().to_owned(),
    })
}

/// Checks a campaign being built: its validation problems, how many
/// players would qualify today, and the jurisdiction rules it breaks per
/// targeted country. Marketing only; changes nothing.
#[server(prefix = "/rpc", endpoint = "campaign_check", input = Json)]
pub async fn campaign_check(spec: CampaignSpec) -> Result<CheckReport, ServerFnError> {
    use engine::campaigns::CampaignError;

    let engine = super::server::engine()?;
    super::server::require(&engine, &[engine::Role::Marketing]).await?;
    let campaigns = engine.campaigns();
    let campaign = match campaigns.validate(&spec) {
        Ok(c) => c,
        Err(CampaignError::Validation(errors)) => {
            return Ok(CheckReport {
                field_errors: convert::fields(errors),
                ..CheckReport::default()
            });
        }
        Err(e) => return Err(super::server::internal("checking a campaign", e)),
    };
    let preview = campaigns
        .preview(&spec)
        .await
        .map_err(|e| super::server::internal("previewing a campaign", e))?;
    // The operator's markets, as launch reads them, unless the campaign
    // names its countries.
    let markets: Vec<String> = match &campaign.trigger.conditions.countries {
        Some(countries) => countries.clone(),
        None => engine
            .compliance()
            .jurisdictions()
            .await
            .map_err(|e| super::server::internal("listing jurisdictions", e))?
            .into_iter()
            .map(|j| j.country)
            .collect(),
    };
    let vertical = campaign
        .trigger
        .conditions
        .verticals
        .as_ref()
        .and_then(|v| v.first().copied());
    let countries = markets
        .iter()
        .filter_map(|country| {
            let variants: Vec<(String, Vec<String>)> = campaign
                .variants
                .iter()
                .filter_map(|v| {
                    let rules = domain::campaign::rule_violations(
                        &v.reward,
                        campaign.trigger.event,
                        vertical,
                        country,
                    );
                    (!rules.is_empty()).then(|| {
                        (
                            v.name.clone(),
                            rules.iter().map(|r| r.code().to_owned()).collect(),
                        )
                    })
                })
                .collect();
            (!variants.is_empty()).then(|| super::engagement::CountryRules {
                country: country.clone(),
                variants,
            })
        })
        .collect();
    Ok(CheckReport {
        eligible_players: Some(preview.eligible_players),
        field_errors: BTreeMap::new(),
        countries,
        launch_refused: campaign
            .launch_violations(&markets)
            .iter()
            .map(|r| r.code().to_owned())
            .collect(),
        targeted: markets,
    })
}

/// Creates a draft campaign. Marketing only.
#[server(prefix = "/rpc", endpoint = "campaign_create", input = Json)]
pub async fn campaign_create(spec: CampaignSpec) -> Result<CommandReport, ServerFnError> {
    let engine = super::server::engine()?;
    let actor = super::server::require(&engine, &[engine::Role::Marketing]).await?;
    match engine.campaigns().create(&actor, &spec).await {
        Ok(view) => Ok(CommandReport {
            ok: true,
            message: format!("Draft “{}” saved.", view.spec.name),
            campaign: Some(view),
            ..CommandReport::default()
        }),
        Err(e) => convert::command_failure(e),
    }
}

/// Moves a campaign: `command` is `launch`, `pause`, `resume` or `stop`.
/// Marketing only.
#[server(prefix = "/rpc", endpoint = "campaign_command")]
pub async fn campaign_command(
    campaign_id: String,
    command: String,
) -> Result<CommandReport, ServerFnError> {
    let engine = super::server::engine()?;
    let actor = super::server::require(&engine, &[engine::Role::Marketing]).await?;
    let Ok(id) = uuid::Uuid::parse_str(campaign_id.trim()) else {
        return convert::command_failure(engine::campaigns::CampaignError::NotFound);
    };
    let campaigns = engine.campaigns();
    let (done, result) = match command.as_str() {
        "launch" => ("launched", campaigns.launch(&actor, id).await),
        "pause" => ("paused", campaigns.pause(&actor, id).await),
        "resume" => ("resumed", campaigns.resume(&actor, id).await),
        "stop" => ("ended", campaigns.stop(&actor, id).await),
        _ => {
            return Refusal::new("bad_request", "Unknown command.").answer();
        }
    };
    match result {
        Ok(view) => Ok(CommandReport {
            ok: true,
            message: format!("“{}” {done}.", view.spec.name),
            campaign: Some(view),
            ..CommandReport::default()
        }),
        Err(e) => convert::command_failure(e),
    }
}

/// A campaign with its live numbers; `None` when there is no such
/// campaign. Marketing only.
#[server(prefix = "/rpc", endpoint = "campaign_dashboard")]
pub async fn campaign_dashboard(
    campaign_id: String,
) -> Result<Option<DashboardData>, ServerFnError> {
    use engine::campaigns::CampaignError;

    let engine = super::server::engine()?;
    super::server::require(&engine, &[engine::Role::Marketing]).await?;
    let Ok(id) = uuid::Uuid::parse_str(campaign_id.trim()) else {
        return Ok(None);
    };
    let campaigns = engine.campaigns();
    let campaign = match campaigns.get(id).await {
        Ok(c) => c,
        Err(CampaignError::NotFound) => return Ok(None),
        Err(e) => return Err(convert::campaign_error("loading a campaign", e)),
    };
    let stats = campaigns
        .stats(id)
        .await
        .map_err(|e| convert::campaign_error("loading campaign stats", e))?;
    Ok(Some(DashboardData { campaign, stats }))
}

/// Why `player_id` would or would not be awarded by the campaign now.
/// Marketing only.
#[server(prefix = "/rpc", endpoint = "campaign_explain")]
pub async fn campaign_explain(
    campaign_id: String,
    player_id: String,
) -> Result<ExplainReport, ServerFnError> {
    use engine::campaigns::CampaignError;

    let engine = super::server::engine()?;
    super::server::require(&engine, &[engine::Role::Marketing]).await?;
    let not_found = |message: &str| {
        Ok(ExplainReport {
            explanation: None,
            message: Some(message.to_owned()),
        })
    };
    let Ok(id) = uuid::Uuid::parse_str(campaign_id.trim()) else {
        return not_found("This campaign no longer exists.");
    };
    let Ok(player) = uuid::Uuid::parse_str(player_id.trim()) else {
        return not_found("Enter a player id: 36 characters like 0190…-…, from the Players page.");
    };
    match engine.campaigns().explain(id, player).await {
        Ok(explanation) => Ok(ExplainReport {
            explanation: Some(explanation),
            message: None,
        }),
        Err(CampaignError::NotFound) => not_found("No player with this id."),
        Err(e) => Err(super::server::internal("explaining a campaign", e)),
    }
}

/// The live campaigns the signed-in player may qualify for.
#[server(prefix = "/rpc", endpoint = "my_promotions")]
pub async fn my_promotions() -> Result<PromotionList, ServerFnError> {
    let engine = super::server::engine()?;
    let player = super::server::require(&engine, &[engine::Role::Player]).await?;
    engine
        .campaigns()
        .promotions(player.user_id)
        .await
        .map_err(|e| super::server::internal("listing promotions", e))
}

/// Opts the signed-in player in to a live campaign (an `opt_in` campaign
/// awards at once).
#[server(prefix = "/rpc", endpoint = "promotion_opt_in")]
pub async fn promotion_opt_in(campaign_id: String) -> Result<PlayerReport, ServerFnError> {
    use engine::campaigns::CampaignError;

    let engine = super::server::engine()?;
    let player = super::server::require(&engine, &[engine::Role::Player]).await?;
    let gone = || Refusal::new(codes::NOT_FOUND, "This promotion has ended.").answer();
    let Ok(id) = uuid::Uuid::parse_str(campaign_id.trim()) else {
        return gone();
    };
    match engine.campaigns().opt_in(player.user_id, id).await {
        Ok(_) => {
            // Awards are published by the outbox relay: nudge it.
            engine.events().wake();
            Ok(PlayerReport {
                ok: true,
                message: "You are in. Any reward shows in My bonuses.".into(),
                code: None,
            })
        }
        Err(CampaignError::NotFound) => gone(),
        Err(e) => Err(super::server::internal("opting in", e)),
    }
}

/// The signed-in player's bonuses, newest first.
#[server(prefix = "/rpc", endpoint = "my_bonuses")]
pub async fn my_bonuses() -> Result<BonusList, ServerFnError> {
    let engine = super::server::engine()?;
    let player = super::server::require(&engine, &[engine::Role::Player]).await?;
    engine
        .bonuses()
        .list(player.user_id)
        .await
        .map_err(|e| super::server::internal("listing bonuses", e))
}

/// Gives up one of the signed-in player's active bonuses: its bonus money
/// is lost; cash is untouched.
#[server(prefix = "/rpc", endpoint = "bonus_forfeit")]
pub async fn bonus_forfeit(bonus_id: String) -> Result<PlayerReport, ServerFnError> {
    let engine = super::server::engine()?;
    let player = super::server::require(&engine, &[engine::Role::Player]).await?;
    let Ok(id) = uuid::Uuid::parse_str(bonus_id.trim()) else {
        return convert::bonus_failure(engine::bonuses::BonusError::NotFound);
    };
    match engine.bonuses().forfeit(player.user_id, id).await {
        Ok(_) => {
            engine.events().wake();
            Ok(PlayerReport {
                ok: true,
                message: "Bonus forfeited. Your cash balance is unchanged.".into(),
                code: None,
            })
        }
        Err(e) => convert::bonus_failure(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_jurisdiction_rule_has_its_own_explanation() {
        use domain::campaign::JurisdictionRule;
        let unknown = rule_text("no_such_rule");
        for rule in [
            JurisdictionRule::GbWageringCap,
            JurisdictionRule::GbMixedProduct,
        ] {
            assert_ne!(rule_text(rule.code()), unknown, "{}", rule.code());
        }
    }
}
