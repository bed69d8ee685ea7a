//! The loyalty API's shapes (API.md "Loyalty"): the programme a VIP manager
//! writes, what a player reads of their points, tier, history and card,
//! the store's items and redemptions, and the console's reports.
//!
//! Rules:
//! - Bodies ([`ProgrammeSpec`], [`StoreItemSpec`]) check only JSON types
//!   when they are deserialized (a wrong type is 400); names, ranges and
//!   ordering are checked by [`crate::loyalty::Programme::parse`] and the
//!   engine (422 naming the field, `tiers[1].threshold`).
//! - Money and decimals travel as strings (reporting currency), points,
//!   coins, thresholds and days as JSON integers.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::reward::RewardSpec;
use crate::validation::count;

/// `PUT /admin/loyalty/programme`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeSpec {
    /// How points are earned, per vertical (and casino category).
    #[serde(default)]
    pub earning: Vec<EarningRuleSpec>,
    /// Tiers, thresholds strictly increasing from 0.
    #[serde(default)]
    pub tiers: Vec<TierSpec>,
    /// The rolling window whose earned points decide the tier (1–730).
    #[serde(default, deserialize_with = "count::required")]
    pub qualification_days: i64,
    /// How long a player below their tier's threshold keeps it (0–365).
    #[serde(default, deserialize_with = "count::required")]
    pub downgrade_grace_days: i64,
    /// Rules that make a player a VIP (every rule given must be met).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vip_rules: Option<VipRulesSpec>,
}

/// One earning rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EarningRuleSpec {
    /// `sportsbook` or `casino`.
    #[serde(default)]
    pub vertical: String,
    /// A casino category (`slots`, `table`, ...); absent: every category
    /// no other rule names. Casino only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The stake that earns `points` (reporting currency, above zero).
    #[serde(default)]
    pub per: String,
    /// Points per `per` staked (above zero).
    #[serde(default, deserialize_with = "count::required")]
    pub points: i64,
    /// Shortest odds of a bet that earns (sportsbook only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_odds: Option<String>,
}

/// One tier.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TierSpec {
    /// Unique, 1–50 characters.
    #[serde(default)]
    pub name: String,
    /// Points earned in the window that reach the tier (the first: 0).
    #[serde(default, deserialize_with = "count::required")]
    pub threshold: i64,
    /// Multiplies earned points (at least 1; absent: 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points_multiplier: Option<String>,
    /// Percent of the net loss paid back (0–100; absent: none): paid in
    /// cash after each week (Monday 00:00 UTC) on that week's net loss.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cashback_percent: Option<String>,
}

/// VIP identification rules over the last 30 days (reporting currency).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VipRulesSpec {
    /// Least completed deposits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_deposits_30d: Option<String>,
    /// Least gross gaming revenue (stakes minus returns).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_ggr_30d: Option<String>,
}

/// The programme as `GET`/`PUT /admin/loyalty/programme` answer it: the
/// body, normalized, and who changed it last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeView {
    /// The programme.
    #[serde(flatten)]
    pub spec: ProgrammeSpec,
    /// Demo content (set by the demo seed), labelled as such in the UI.
    #[serde(default)]
    pub demo: bool,
    /// The staff member who set it.
    pub updated_by: Option<Uuid>,
    /// When.
    pub updated_at: DateTime<Utc>,
}

/// The tier above the player's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextTier {
    /// Its name.
    pub name: String,
    /// Points earned in the window that reach it.
    pub threshold: i64,
}

/// `GET /loyalty`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoyaltyStatus {
    /// Points balance.
    pub points: i64,
    /// Coins balance.
    pub coins: i64,
    /// The tier held (null while no programme is set).
    pub tier: Option<String>,
    /// Points earned in the qualification window.
    pub qualifying_points: i64,
    /// The tier above, null at the top.
    pub next_tier: Option<NextTier>,
    /// The loyalty card, once issued.
    pub card_number: Option<String>,
    /// The held tier's points multiplier (`"1"` when it names none).
    pub points_multiplier: String,
    /// The held tier's cashback percent, if any.
    pub cashback_percent: Option<String>,
    /// Until when a manager's override holds the tier, if one does.
    pub tier_override_until: Option<DateTime<Utc>>,
    /// When the player fell below the held tier's threshold (the
    /// downgrade comes `downgrade_grace_days` later), if they did.
    pub below_threshold_since: Option<DateTime<Utc>>,
}

/// One ledger entry of `GET /loyalty/transactions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoyaltyTransaction {
    /// The entry.
    pub id: Uuid,
    /// `points` or `coins`.
    pub unit: String,
    /// The change to points (0 for a coins entry).
    pub points: i64,
    /// The change to coins (0 for a points entry).
    pub coins: i64,
    /// The balance of `unit` after it.
    pub balance_after: i64,
    /// Why.
    pub reason: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// `GET /loyalty/transactions`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoyaltyTransactionList {
    /// One page.
    pub items: Vec<LoyaltyTransaction>,
    /// The next page's cursor, when this page is full.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// `POST /admin/loyalty/rewards`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoreItemSpec {
    /// 1–200 characters.
    #[serde(default)]
    pub name: String,
    /// Price in points (above zero).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "count::option"
    )]
    pub cost_points: Option<i64>,
    /// Price in coins (above zero); at least one price is required.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "count::option"
    )]
    pub cost_coins: Option<i64>,
    /// What the player receives (API.md "Rewards"; reporting currency).
    #[serde(default)]
    pub reward: RewardSpec,
    /// How many can be redeemed in all (absent: unlimited).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "count::option"
    )]
    pub stock: Option<i64>,
    /// The lowest tier that may redeem it (a tier of the programme).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_tier: Option<String>,
}

/// A store item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoreItem {
    /// The item.
    pub reward_id: Uuid,
    /// Its name.
    pub name: String,
    /// Price in points.
    pub cost_points: Option<i64>,
    /// Price in coins.
    pub cost_coins: Option<i64>,
    /// What the player receives.
    pub reward: RewardSpec,
    /// The stock it started with (null: unlimited).
    pub stock: Option<i64>,
    /// What is left (null: unlimited).
    pub stock_left: Option<i64>,
    /// The lowest tier that may redeem it.
    pub min_tier: Option<String>,
    /// Offered to players.
    pub active: bool,
    /// Demo content (its name says so too).
    #[serde(default)]
    pub demo: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

/// `GET /loyalty/rewards`, `GET /admin/loyalty/rewards`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoreItemList {
    /// The items, cheapest first.
    pub items: Vec<StoreItem>,
}

/// `POST /loyalty/redemptions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedeemBody {
    /// The store item.
    pub reward_id: Uuid,
}

/// A redemption (201 of `POST /loyalty/redemptions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Redemption {
    /// The redemption.
    pub redemption_id: Uuid,
    /// The store item.
    pub reward_id: Uuid,
    /// Points spent.
    pub points_spent: i64,
    /// Coins spent.
    pub coins_spent: i64,
    /// Always `fulfilled`: a redemption exists only once granted.
    pub status: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// `POST /loyalty/card`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardIssued {
    /// 16 digits, the last a Luhn check digit.
    pub card_number: String,
}

/// Players per tier (the console's report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TierCount {
    /// The tier.
    pub tier: String,
    /// Players holding it.
    pub players: u64,
}

/// Points issued and redeemed on one day (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsFlowDay {
    /// The day.
    pub day: NaiveDate,
    /// Points credited (earning, awards, positive adjustments).
    pub issued: i64,
    /// Points spent (store, venue redemptions, negative adjustments).
    pub redeemed: i64,
}

/// What a venue reports playing (`POST /api/venue/v1/play` `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum VenuePlayKind {
    /// Slot machine play: the casino category `slots`.
    #[serde(rename = "slot")]
    Slot,
    /// Table game play: the casino category `table`.
    #[serde(rename = "table")]
    Table,
}

impl VenuePlayKind {
    /// The casino category this play earns as.
    pub const fn category(self) -> &'static str {
        match self {
            VenuePlayKind::Slot => "slots",
            VenuePlayKind::Table => "table",
        }
    }
}
