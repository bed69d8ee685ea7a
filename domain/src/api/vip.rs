//! The VIP console's shapes (API.md "VIP console" and its additions): the
//! player list, the player 360, the manager's commands (points, tier
//! override, manager, notes, tasks, checks, designation) and the reports.
//!
//! Rules:
//! - Bodies check only JSON types when deserialized (a wrong type is 400);
//!   reasons, tiers, dates and ids are checked by the engine (422 naming
//!   the field).
//! - Money travels as decimal strings with the currency's minor digits and
//!   always next to its currency code; `deposits_30d` and `ggr_30d` are in
//!   the reporting currency (`reporting_currency`).
//! - Points are JSON integers.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::api::engagement::Bonus;
use crate::api::loyalty::{NextTier, PointsFlowDay, TierCount};

/// How the player list is ordered (always highest or newest first).
pub const SORTS: [&str; 4] = ["points", "deposits_30d", "ggr_30d", "last_active_at"];

/// The outcomes of a VIP check; only `pass` allows a designation.
pub const CHECK_OUTCOMES: [&str; 3] = ["pass", "refer", "fail"];

/// `GET /admin/vip/players` query string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct VipListQuery {
    /// Only players holding this tier (by name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// `true`: only VIPs (by rules or marked); `false`: only the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vip: Option<bool>,
    /// Only players assigned to this manager.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager_id: Option<String>,
    /// `points` (default), `deposits_30d`, `ggr_30d` or `last_active_at`;
    /// highest (newest) first, ties by player id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Rows, 1 to 100 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
}

/// One row of the player list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VipPlayerRow {
    /// The player.
    pub player_id: Uuid,
    /// E-mail address.
    pub email: String,
    /// The loyalty tier held (None without a programme).
    pub tier: Option<String>,
    /// Loyalty points balance.
    pub points: i64,
    /// Meets every VIP rule of the programme, or marked by a manager.
    pub vip: bool,
    /// Marked VIP by a manager.
    pub marked: bool,
    /// The assigned VIP manager.
    pub manager_id: Option<Uuid>,
    /// Completed deposits of the last 30 days, reporting currency.
    pub deposits_30d: String,
    /// Stakes minus wins (sportsbook and casino) of the last 30 days,
    /// reporting currency.
    pub ggr_30d: String,
    /// The currency of `deposits_30d` and `ggr_30d`.
    pub reporting_currency: String,
    /// Last stake or win.
    pub last_active_at: Option<DateTime<Utc>>,
    /// A time-out or self-exclusion is in force: every VIP action is refused.
    pub self_excluded: bool,
}

/// `GET /admin/vip/players`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VipPlayerList {
    /// In the asked order.
    pub items: Vec<VipPlayerRow>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// A tier override in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TierOverride {
    /// The tier held whatever the points.
    pub tier: String,
    /// Until when (None: until removed).
    pub until: Option<DateTime<Utc>>,
}

/// The player's loyalty standing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VipLoyalty {
    /// Points balance.
    pub points: i64,
    /// Coins balance.
    pub coins: i64,
    /// Tier held.
    pub tier: Option<String>,
    /// Points earned in the qualification window.
    pub qualifying_points: i64,
    /// The next tier, if any.
    pub next_tier: Option<NextTier>,
    /// The loyalty card, once issued.
    pub card_number: Option<String>,
}

/// The player's wallet, each amount in `currency`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VipWallet {
    /// Wallet currency.
    pub currency: String,
    /// Withdrawable cash.
    pub cash: String,
    /// Bonus money.
    pub bonus: String,
    /// Held by open bets and pending withdrawals.
    pub reserved: String,
}

/// A recent sportsbook bet or casino round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecentBet {
    /// The bet or round.
    pub id: Uuid,
    /// `sportsbook` or `casino`.
    pub vertical: String,
    /// The game code or the bet's kind.
    pub description: String,
    /// Stake.
    pub stake: String,
    /// What it returned (None while open).
    pub returned: Option<String>,
    /// Currency of both amounts.
    pub currency: String,
    /// `open`, `won`, `lost`, ... (a round: `played`).
    pub status: String,
    /// When.
    pub placed_at: DateTime<Utc>,
}

/// A responsible-gaming limit in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VipLimit {
    /// `deposit`, `loss` or `wager`.
    pub kind: String,
    /// `day`, `week` or `month`.
    pub period: String,
    /// The limit.
    pub amount: String,
    /// Used in the current window.
    pub used: String,
    /// Wallet currency of the amounts.
    pub currency: String,
}

/// The player's responsible-gaming state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VipRgState {
    /// A time-out or self-exclusion is in force.
    pub self_excluded: bool,
    /// `time_out` or `self_exclusion`, when one is in force.
    pub exclusion_kind: Option<String>,
    /// Its end (None: permanent or none).
    pub excluded_until: Option<DateTime<Utc>>,
    /// Limits in force.
    pub limits: Vec<VipLimit>,
    /// KYC status.
    pub kyc_status: String,
}

/// A note (201 of `POST .../notes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VipNote {
    /// The note.
    pub note_id: Uuid,
    /// Its text.
    pub text: String,
    /// The author's e-mail address.
    pub author: String,
    /// The author.
    pub author_id: Uuid,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A task (201 of `POST .../tasks`, 200 of `PUT /admin/vip/tasks/{id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VipTask {
    /// The task.
    pub task_id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// What to do.
    pub title: String,
    /// When due.
    pub due_at: Option<DateTime<Utc>>,
    /// Done.
    pub done: bool,
    /// When marked done.
    pub done_at: Option<DateTime<Utc>>,
    /// Who should do it.
    pub assignee_id: Option<Uuid>,
    /// The author's e-mail address.
    pub author: String,
    /// When created.
    pub created_at: DateTime<Utc>,
}

/// A recorded check (201 of `POST .../checks`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VipCheck {
    /// The check.
    pub check_id: Uuid,
    /// Affordability evidence reviewed.
    pub affordability_reviewed: bool,
    /// Source of funds verified.
    pub source_of_funds_verified: bool,
    /// Markers of harm reviewed.
    pub harm_markers_reviewed: bool,
    /// Responsible-gaming state reviewed.
    pub rg_state_reviewed: bool,
    /// `pass`, `refer` or `fail`.
    pub outcome: String,
    /// The evidence looked at.
    pub evidence: String,
    /// The author's e-mail address.
    pub author: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// A passing check still recent enough to allow a designation.
    pub allows_designation: bool,
}

/// The manager's VIP marking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VipDesignation {
    /// Marked VIP by a manager.
    pub marked: bool,
    /// Who changed it last.
    pub by: Option<Uuid>,
    /// When.
    pub at: Option<DateTime<Utc>>,
    /// Why.
    pub reason: Option<String>,
}

/// `GET /admin/vip/players/{id}`: the player 360 (also the 200 of the
/// tier, manager and designation commands).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VipPlayer {
    /// The player.
    pub player_id: Uuid,
    /// E-mail address.
    pub email: String,
    /// Country (ISO alpha-2).
    pub country: String,
    /// Tier held.
    pub tier: Option<String>,
    /// A manual tier override in force.
    pub tier_override: Option<TierOverride>,
    /// Points balance.
    pub points: i64,
    /// Meets every VIP rule, or marked.
    pub vip: bool,
    /// The manager's marking.
    pub designation: VipDesignation,
    /// The assigned VIP manager.
    pub manager_id: Option<Uuid>,
    /// Wallet balances.
    pub wallet: VipWallet,
    /// Bonuses, newest first.
    pub bonuses: Vec<Bonus>,
    /// The latest bets and rounds, newest first.
    pub recent_bets: Vec<RecentBet>,
    /// Limits, exclusions, KYC.
    pub responsible_gaming: VipRgState,
    /// Notes, newest first.
    pub notes: Vec<VipNote>,
    /// Tasks, open first then newest.
    pub tasks: Vec<VipTask>,
    /// Checks, newest first.
    pub checks: Vec<VipCheck>,
    /// Completed deposits of the last 30 days, reporting currency.
    pub deposits_30d: String,
    /// Stakes minus wins of the last 30 days, reporting currency.
    pub ggr_30d: String,
    /// The currency of `deposits_30d` and `ggr_30d`.
    pub reporting_currency: String,
    /// Loyalty balances and tier progress.
    pub loyalty: VipLoyalty,
    /// Last stake or win.
    pub last_active_at: Option<DateTime<Utc>>,
    /// A time-out or self-exclusion is in force.
    pub self_excluded: bool,
}

/// `POST /admin/vip/players/{id}/points`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsBody {
    /// Points to add (negative removes); not zero.
    #[serde(default)]
    pub points: i64,
    /// Why (required, up to 500 characters).
    #[serde(default)]
    pub reason: String,
}

/// 200 of `POST /admin/vip/players/{id}/points`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsAdjusted {
    /// The balance after.
    pub points: i64,
}

/// `PUT /admin/vip/players/{id}/tier`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TierBody {
    /// A tier of the programme.
    #[serde(default)]
    pub tier: String,
    /// RFC 3339 (or a date: the end of that UTC day), in the future: when
    /// the override ends.
    #[serde(default)]
    pub until: String,
    /// Why (optional, audited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `PUT /admin/vip/players/{id}/manager`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagerBody {
    /// A staff user holding `vip_manager` (null: unassign).
    #[serde(default)]
    pub manager_id: Option<String>,
}

/// `POST /admin/vip/players/{id}/notes`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoteBody {
    /// 1–4000 characters.
    #[serde(default)]
    pub text: String,
}

/// `PUT /admin/vip/players/{id}/vip`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DesignationBody {
    /// Mark (true) or unmark (false).
    #[serde(default)]
    pub vip: bool,
    /// Why (required).
    #[serde(default)]
    pub reason: String,
}

/// `POST /admin/vip/players/{id}/checks`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckBody {
    /// Evidence of affordability was reviewed.
    #[serde(default)]
    pub affordability_reviewed: bool,
    /// The source of funds was verified.
    #[serde(default)]
    pub source_of_funds_verified: bool,
    /// Markers of harm were reviewed.
    #[serde(default)]
    pub harm_markers_reviewed: bool,
    /// The responsible-gaming state was reviewed.
    #[serde(default)]
    pub rg_state_reviewed: bool,
    /// `pass` (needs all four reviews), `refer` or `fail`.
    #[serde(default)]
    pub outcome: String,
    /// What was looked at (1–4000 characters).
    #[serde(default)]
    pub evidence: String,
}

/// `POST /admin/vip/players/{id}/tasks`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskBody {
    /// 1–200 characters.
    #[serde(default)]
    pub title: String,
    /// RFC 3339 or a date (`2026-12-31`, end of that day UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<String>,
    /// A staff user holding `vip_manager` (absent: the author).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee_id: Option<String>,
}

/// `PUT /admin/vip/tasks/{id}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskUpdateBody {
    /// Done or reopened.
    #[serde(default)]
    pub done: bool,
}

/// `GET /admin/vip/reports?days=30|90`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ReportsQuery {
    /// 30 (default) or 90.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
}

/// The GGR of the VIPs on one day (UTC), reporting currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GgrDay {
    /// The day.
    pub day: NaiveDate,
    /// Stakes minus wins.
    pub ggr: String,
}

/// `GET /admin/vip/reports`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VipReports {
    /// The window, in days.
    pub days: u32,
    /// The currency of `vip_ggr`.
    pub reporting_currency: String,
    /// Players per tier, lowest tier first.
    pub tier_distribution: Vec<TierCount>,
    /// One row per day of the window, oldest first.
    pub points_flow: Vec<PointsFlowDay>,
    /// One row per day of the window, oldest first: the players who are
    /// VIP now.
    pub vip_ggr: Vec<GgrDay>,
    /// How many players are VIP now.
    pub vip_players: i64,
}

/// A staff member who can be assigned players (the console's select).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagerOption {
    /// The user.
    pub user_id: Uuid,
    /// E-mail address.
    pub email: String,
}
