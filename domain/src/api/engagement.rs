//! The engagement API's shapes (API.md "Campaigns", "Player bonuses"): a
//! player's bonuses and promotions, and a campaign's live numbers. Money
//! travels as decimal strings with the currency's minor digits; statuses
//! and kinds as their snake_case codes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::money::coded_enum;

coded_enum! {
    /// Where a bonus stands.
    BonusStatus, parse_error("bonus status"), {
        /// Wagering (bonus money), or usable (free bet, free spins).
        Active => "active",
        /// Done: wagering met, or granted complete (cash, coins, points).
        Completed => "completed",
        /// A free bet was bet, or the last free spin played.
        Used => "used",
        /// Given up by the player or by a withdrawal.
        Forfeited => "forfeited",
        /// Its time ran out.
        Expired => "expired",
    }
}

coded_enum! {
    /// Where a campaign stands.
    CampaignStatus, parse_error("campaign status"), {
        /// Being built; awards nothing.
        Draft => "draft",
        /// Awarding on its trigger.
        Live => "live",
        /// Stopped for now; can resume.
        Paused => "paused",
        /// Over for good.
        Ended => "ended",
    }
}

/// A free bet's terms on a bonus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FreeBetTerms {
    /// Lowest odds (combined, for an accumulator) the bet may have.
    pub min_odds: Option<String>,
}

/// Free spins' terms and what is left of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FreeSpinsTerms {
    /// The game they are for.
    pub game_code: String,
    /// Rounds not yet played.
    pub rounds_left: u32,
    /// The stake of each round.
    pub stake: String,
}

/// One bonus of the player (`GET /bonuses`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bonus {
    /// The bonus.
    pub bonus_id: Uuid,
    /// The campaign that awarded it, if any.
    pub campaign_id: Option<Uuid>,
    /// The campaign variant's name, if any.
    pub variant: Option<String>,
    /// The reward kind (`bonus_money`, `free_bet`, ...).
    pub kind: String,
    /// Where it stands.
    pub status: BonusStatus,
    /// What was granted (zero for coins and points).
    pub amount: String,
    /// Bonus money still attributed to it.
    pub balance: String,
    /// The player's currency.
    pub currency: String,
    /// Stakes to wager before it converts.
    pub wagering_required: String,
    /// Stakes wagered so far, with their contributions.
    pub wagering_done: String,
    /// Coins granted, for a `coins` award.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coins: Option<i64>,
    /// Points granted, for a `loyalty_points` award.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<i64>,
    /// When what is left is forfeited.
    pub expires_at: Option<DateTime<Utc>>,
    /// Free bet terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_bet: Option<FreeBetTerms>,
    /// Free spins terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_spins: Option<FreeSpinsTerms>,
    /// The terms as the player reads them.
    pub terms: String,
    /// When it was granted.
    pub created_at: DateTime<Utc>,
}

/// `GET /bonuses`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BonusList {
    /// Newest first.
    pub items: Vec<Bonus>,
}

/// One live campaign the player may qualify for (`GET /promotions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Promotion {
    /// The campaign.
    pub campaign_id: Uuid,
    /// Its name.
    pub name: String,
    /// What it offers, for players.
    pub description: String,
    /// Whether the player must opt in.
    pub opt_in: bool,
    /// Whether the player has.
    pub opted_in: bool,
    /// The reward's terms, for people.
    pub terms: String,
    /// The currency the terms' amounts are in (the campaign's).
    #[serde(default)]
    pub currency: String,
    /// When it ends, if ever.
    pub ends_at: Option<DateTime<Utc>>,
}

/// `GET /promotions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PromotionList {
    /// Live campaigns, highest priority first.
    pub items: Vec<Promotion>,
}

/// `POST /promotions/{id}/opt-in`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OptedIn {
    /// The campaign.
    pub campaign_id: Uuid,
    /// Always true.
    pub opted_in: bool,
}

/// One variant's numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VariantStats {
    /// The variant.
    pub name: String,
    /// Players assigned to it.
    pub players: i64,
    /// Awards made.
    pub awards: i64,
    /// Their face value.
    pub cost: String,
    /// Stakes of its players since assignment.
    pub turnover: String,
    /// Share of its players who played since assignment (0 to 1).
    pub conversion: f64,
    /// Always-valid p-value of its conversion against the first variant
    /// (mSPRT; null for the first variant and while there is no data).
    pub p_value: Option<f64>,
}

/// `GET /admin/campaigns/{id}/stats` and the `campaign.stats` event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignStats {
    /// The campaign.
    pub campaign_id: Uuid,
    /// Where it stands.
    pub status: CampaignStatus,
    /// Awards since launch.
    pub awards: i64,
    /// Their face value.
    pub cost: String,
    /// What is left of the budget; null without a budget.
    pub budget_left: Option<String>,
    /// The currency of cost and budget.
    pub currency: String,
    /// Players awarded at least once.
    pub participants: i64,
    /// Players in the holdout group.
    pub holdout_players: i64,
    /// Holdout players who played since assignment (0 to 1).
    pub holdout_conversion: f64,
    /// Per variant.
    pub variants: Vec<VariantStats>,
}

/// A campaign as the back office reads it: its id and state beside the
/// body it was created with (`POST /admin/campaigns`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignView {
    /// The campaign.
    pub campaign_id: Uuid,
    /// Where it stands.
    pub status: CampaignStatus,
    /// The body, as validated.
    #[serde(flatten)]
    pub spec: crate::campaign::CampaignSpec,
    /// The currency its amounts are in.
    pub currency: String,
    /// Face value awarded so far.
    pub spent: String,
    /// Awards so far.
    pub awards: i64,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// When first launched.
    pub launched_at: Option<DateTime<Utc>>,
}

/// `GET /admin/campaigns`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CampaignList {
    /// Newest first.
    pub items: Vec<CampaignView>,
    /// The cursor of the next (older) page; null on the last.
    pub next_cursor: Option<String>,
}

/// One check of `explain`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExplainCheck {
    /// What was checked (`state`, `dates`, `opt_in`, `min_amount`, ...).
    pub check: String,
    /// Whether it held.
    pub passed: bool,
    /// Why, for people.
    pub detail: String,
}

/// `GET /admin/campaigns/{id}/explain/{player_id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Explanation {
    /// Whether the player would be awarded now.
    pub eligible: bool,
    /// Every check, in order.
    pub reasons: Vec<ExplainCheck>,
}

/// `POST /admin/campaigns/preview`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Preview {
    /// Players who would qualify today.
    pub eligible_players: i64,
}

/// `POST /admin/campaigns/{id}/close-period`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodClosed {
    /// The campaign.
    pub campaign_id: Uuid,
    /// Awards of the closed period.
    pub awards: i64,
    /// Their cost.
    pub cost: String,
}
