//! The leaderboard API's shapes (API.md "Leaderboards and tournaments"):
//! the body a marketer writes, a board as the back office and the players
//! read it, its standings, a period's winners and the websocket pushes.
//!
//! Rules:
//! - The body ([`LeaderboardSpec`]) checks only JSON types when it is
//!   deserialized (a wrong type is 400); codes, ranges and the timezone are
//!   checked by the engine (422 naming the field).
//! - Scores travel as strings: money metrics as decimals with the
//!   reporting currency's minor digits, the others as whole numbers
//!   (`biggest_multiplier` as a decimal with two places).
//! - `player` is always a public display name, never an e-mail.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::money::coded_enum;
use crate::reward::RewardSpec;
use crate::validation::count;

coded_enum! {
    /// What a board ranks by.
    Metric, parse_error("metric"), {
        /// Stakes placed or played, in the reporting currency.
        Wagered => "wagered",
        /// Returns minus stakes of settled bets and rounds.
        NetWin => "net_win",
        /// The highest return ÷ stake of one bet or round.
        BiggestMultiplier => "biggest_multiplier",
        /// Consecutive days with a login, in the board's timezone.
        LoginStreak => "login_streak",
        /// Distinct casino games played plus distinct sports bet on.
        GameDiversity => "game_diversity",
        /// Loyalty points earned.
        Points => "points",
    }
}

coded_enum! {
    /// How often a board starts a new period.
    Recurrence, parse_error("recurrence"), {
        /// One period, `starts_at` to `ends_at`.
        Once => "once",
        /// Each calendar day in the board's timezone.
        Daily => "daily",
        /// Each week, Monday 00:00 in the board's timezone.
        Weekly => "weekly",
        /// Each calendar month in the board's timezone.
        Monthly => "monthly",
    }
}

coded_enum! {
    /// Where a board stands.
    LeaderboardStatus, parse_error("leaderboard status"), {
        /// Its first period has not started.
        Scheduled => "scheduled",
        /// A period is open and scoring.
        Live => "live",
        /// Over for good (a one-off board after its close).
        Closed => "closed",
    }
}

coded_enum! {
    /// Where one period stands.
    PeriodStatus, parse_error("period status"), {
        /// Scoring.
        Open => "open",
        /// Standings frozen; prizes being paid.
        Closing => "closing",
        /// Prizes paid.
        Closed => "closed",
    }
}

/// One prize: every rank from `from_rank` to `to_rank` (inclusive, 1-based)
/// gets `reward`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrizeRange {
    /// First rank paid (≥ 1).
    #[serde(default, deserialize_with = "count::required")]
    pub from_rank: i64,
    /// Last rank paid (≥ `from_rank`).
    #[serde(default, deserialize_with = "count::required")]
    pub to_rank: i64,
    /// What each of those ranks gets.
    #[serde(default)]
    pub reward: RewardSpec,
}

/// `POST /admin/leaderboards`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaderboardSpec {
    /// 1–200 characters.
    #[serde(default)]
    pub name: String,
    /// One of the [`Metric`] codes.
    #[serde(default)]
    pub metric: String,
    /// `sportsbook` and/or `casino`; absent or empty: both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verticals: Option<Vec<String>>,
    /// One of the [`Recurrence`] codes.
    #[serde(default)]
    pub recurrence: String,
    /// An IANA timezone (`Europe/Malta`); periods and streak days follow it.
    #[serde(default)]
    pub timezone: String,
    /// RFC 3339: the start of a `once` board (absent: now), or the earliest
    /// start of a recurring one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<String>,
    /// RFC 3339, after `starts_at`: the end of a `once` board (required
    /// there; not allowed on a recurring board).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<String>,
    /// Players must join before they score.
    #[serde(default)]
    pub opt_in: bool,
    /// Most players per period (absent: no limit).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "count::option"
    )]
    pub max_participants: Option<i64>,
    /// Smallest stake that scores (reporting currency).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_stake: Option<String>,
    /// Prizes by rank range; ranges must not overlap.
    #[serde(default)]
    pub prizes: Vec<PrizeRange>,
}

/// One period of a board: `[starts_at, ends_at)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    /// Inclusive.
    pub starts_at: DateTime<Utc>,
    /// Exclusive.
    pub ends_at: DateTime<Utc>,
}

/// A board as the back office reads it (201 of the create, admin detail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaderboardView {
    /// The board.
    pub leaderboard_id: Uuid,
    /// Its name.
    pub name: String,
    /// What it ranks by.
    pub metric: Metric,
    /// Where it stands.
    pub status: LeaderboardStatus,
    /// The current (or next, or last) period.
    pub period: Option<Period>,
    /// Players must join first.
    pub opt_in: bool,
    /// Prizes by rank range.
    pub prizes: Vec<PrizeRange>,
    /// `sportsbook`, `casino` (empty: both).
    pub verticals: Vec<String>,
    /// How often it restarts.
    pub recurrence: Recurrence,
    /// IANA timezone.
    pub timezone: String,
    /// Most players per period.
    pub max_participants: Option<i64>,
    /// Smallest stake that scores.
    pub min_stake: Option<String>,
    /// The currency of money scores and money prizes.
    pub currency: String,
    /// Demo content, seeded by the server.
    pub demo: bool,
    /// When created.
    pub created_at: DateTime<Utc>,
}

/// `GET /admin/leaderboards`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaderboardViewList {
    /// Newest first.
    pub items: Vec<LeaderboardView>,
}

/// One board in `GET /leaderboards`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaderboardSummary {
    /// The board.
    pub leaderboard_id: Uuid,
    /// Its name.
    pub name: String,
    /// What it ranks by.
    pub metric: Metric,
    /// Where it stands.
    pub status: LeaderboardStatus,
    /// The current (or next) period.
    pub period: Option<Period>,
    /// Players must join first.
    pub opt_in: bool,
    /// Prizes by rank range.
    pub prizes: Vec<PrizeRange>,
    /// Demo content.
    pub demo: bool,
}

/// `GET /leaderboards`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaderboardList {
    /// Live boards first, then scheduled; newest first within each.
    pub items: Vec<LeaderboardSummary>,
}

/// One row of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankRow {
    /// 1-based.
    pub rank: u64,
    /// Public display name (nickname or masked).
    pub player: String,
    /// The score (see the module docs for its form).
    pub score: String,
    /// The caller's own row.
    pub me: bool,
}

/// The caller's place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyRank {
    /// 1-based.
    pub rank: u64,
    /// The score.
    pub score: String,
}

/// `GET /leaderboards/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Standings {
    /// The board.
    pub leaderboard_id: Uuid,
    /// Its name.
    pub name: String,
    /// What it ranks by.
    pub metric: Metric,
    /// The period shown.
    pub period: Option<Period>,
    /// The top rows.
    pub items: Vec<RankRow>,
    /// The caller's place, when signed in and ranked.
    pub me: Option<MyRank>,
}

/// `GET /leaderboards/{id}/around-me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AroundMe {
    /// Up to N above the caller, the caller, up to N below.
    pub items: Vec<RankRow>,
}

/// `POST /leaderboards/{id}/join`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Joined {
    /// The board.
    pub leaderboard_id: Uuid,
    /// Always true (joining twice is a no-op).
    pub joined: bool,
}

/// One paid rank of a closed period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Winner {
    /// 1-based.
    pub rank: u64,
    /// The player.
    pub player_id: Uuid,
    /// Public display name.
    pub player: String,
    /// The frozen score.
    pub score: String,
    /// The prize of the rank.
    pub reward: RewardSpec,
    /// True when the prize was paid (false: refused, e.g. the player was
    /// excluded after the standings froze).
    pub paid: bool,
}

/// `POST /admin/leaderboards/{id}/close`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodClosedBoard {
    /// The board.
    pub leaderboard_id: Uuid,
    /// The period closed.
    pub period: Period,
    /// Who was paid what.
    pub winners: Vec<Winner>,
}

/// One period in `GET /admin/leaderboards/{id}/periods`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodSummary {
    /// The period.
    pub period: Period,
    /// Where it stands.
    pub status: PeriodStatus,
    /// Players ranked.
    pub participants: i64,
    /// Who was paid what (empty while open).
    pub winners: Vec<Winner>,
    /// SHA-256 of the frozen standings (hex), once closed.
    pub standings_hash: Option<String>,
}

/// `GET /admin/leaderboards/{id}/periods`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodList {
    /// Newest first.
    pub items: Vec<PeriodSummary>,
}

/// `PUT /me/nickname`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NicknameBody {
    /// 3–20 letters, digits, `_` or `-`; unique.
    #[serde(default)]
    pub nickname: String,
}

/// `GET /me/nickname`: the player's nickname, if they chose one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Nickname {
    /// As the player wrote it; null when they appear under a masked name.
    pub nickname: Option<String>,
}

/// Websocket `leaderboard:{id}`: `leaderboard.changed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaderboardChanged {
    /// The board.
    pub leaderboard_id: Uuid,
    /// The top 10 (`me` always false).
    pub top: Vec<RankRow>,
}

/// Websocket `player:{id}`: `leaderboard.rank_changed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankChanged {
    /// The board.
    pub leaderboard_id: Uuid,
    /// The new rank (null: left the board).
    pub rank: Option<u64>,
    /// The rank before (null: newly ranked).
    pub previous_rank: Option<u64>,
    /// The new score.
    pub score: String,
}
