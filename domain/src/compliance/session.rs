//! Reality checks and session time limits.
//!
//! A reality check stops the session at the interval the player chose (10
//! minutes to 8 hours) until they acknowledge a summary of the time played
//! and the net win or loss of the session. A session time limit stops play
//! when reached and starts a mandatory break.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::usage::{Activity, ActivityKind};

/// How often reality checks interrupt a session: 10 to 480 minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct RealityCheckInterval {
    minutes: u32,
}

/// A reality-check interval outside 10 minutes to 8 hours (422).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "a reality check interval is {min} to {max} minutes, got {minutes}",
    min = RealityCheckInterval::MIN_MINUTES,
    max = RealityCheckInterval::MAX_MINUTES
)]
pub struct RealityCheckError {
    /// The rejected interval.
    pub minutes: u32,
}

impl RealityCheckInterval {
    /// The shortest interval: 10 minutes.
    pub const MIN_MINUTES: u32 = 10;
    /// The longest interval: 8 hours.
    pub const MAX_MINUTES: u32 = 8 * 60;

    /// Parses an interval in minutes.
    ///
    /// # Errors
    /// [`RealityCheckError`] outside 10..=480.
    pub const fn from_minutes(minutes: u32) -> Result<Self, RealityCheckError> {
        if minutes >= Self::MIN_MINUTES && minutes <= Self::MAX_MINUTES {
            Ok(Self { minutes })
        } else {
            Err(RealityCheckError { minutes })
        }
    }

    /// The interval in minutes.
    #[must_use]
    pub const fn minutes(self) -> u32 {
        self.minutes
    }

    /// The interval as a duration.
    #[must_use]
    pub const fn duration(self) -> TimeDelta {
        TimeDelta::minutes(self.minutes as i64)
    }
}

impl TryFrom<u32> for RealityCheckInterval {
    type Error = RealityCheckError;

    fn try_from(minutes: u32) -> Result<Self, Self::Error> {
        Self::from_minutes(minutes)
    }
}

impl From<RealityCheckInterval> for u32 {
    fn from(interval: RealityCheckInterval) -> Self {
        interval.minutes
    }
}

/// The interval that applies: the player's choice, but never longer than a
/// jurisdiction's mandatory interval (a player may always ask for more
/// frequent checks). `None` when neither asks for reality checks.
#[must_use]
pub fn effective_reality_check_interval(
    chosen: Option<RealityCheckInterval>,
    mandatory: Option<RealityCheckInterval>,
) -> Option<RealityCheckInterval> {
    match (chosen, mandatory) {
        (Some(c), Some(m)) => Some(c.min(m)),
        (c, m) => c.or(m),
    }
}

/// When the next reality check falls: one interval after the later of the
/// session start and the last acknowledgement (an acknowledgement from an
/// earlier session does not count). Saturates at the end of time.
#[must_use]
pub fn next_reality_check_at(
    interval: RealityCheckInterval,
    session_started_at: DateTime<Utc>,
    last_acknowledged_at: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    let since = last_acknowledged_at.map_or(session_started_at, |ack| ack.max(session_started_at));
    since
        .checked_add_signed(interval.duration())
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// Whether a reality check is due at `now` (due from the exact moment the
/// interval has passed).
#[must_use]
pub fn reality_check_due(
    interval: RealityCheckInterval,
    session_started_at: DateTime<Utc>,
    last_acknowledged_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    now >= next_reality_check_at(interval, session_started_at, last_acknowledged_at)
}

/// What the player acknowledges at a reality check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RealityCheckSummary {
    /// When the session began.
    pub session_started_at: DateTime<Utc>,
    /// When the summary was made.
    pub at: DateTime<Utc>,
    /// Whole seconds played since the session began (zero if the clock
    /// says the session has not begun).
    pub time_played_secs: i64,
    /// Stakes placed in the session, minor units.
    pub stakes_minor: i64,
    /// Winnings paid in the session, minor units.
    pub winnings_minor: i64,
    /// Winnings minus stakes: positive is a net win, negative a net loss.
    pub net_win_minor: i64,
}

/// The summary of the session from `session_started_at` to `now`: the
/// stakes and winnings in `activity` dated within it (both ends included;
/// deposits ignored, negative amounts ignored, sums saturate).
#[must_use]
pub fn reality_check_summary(
    session_started_at: DateTime<Utc>,
    activity: &[Activity],
    now: DateTime<Utc>,
) -> RealityCheckSummary {
    let (mut stakes_minor, mut winnings_minor) = (0_i64, 0_i64);
    for a in activity
        .iter()
        .filter(|a| a.at >= session_started_at && a.at <= now)
    {
        let amount = a.amount_minor.max(0);
        match a.kind {
            ActivityKind::Stake => stakes_minor = stakes_minor.saturating_add(amount),
            ActivityKind::Winnings => winnings_minor = winnings_minor.saturating_add(amount),
            ActivityKind::Deposit => {}
        }
    }
    RealityCheckSummary {
        session_started_at,
        at: now,
        time_played_secs: now
            .signed_duration_since(session_started_at)
            .num_seconds()
            .max(0),
        stakes_minor,
        winnings_minor,
        net_win_minor: winnings_minor.saturating_sub(stakes_minor),
    }
}

/// A session time limit and the break that follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "SessionTimeLimitRaw", into = "SessionTimeLimitRaw")]
pub struct SessionTimeLimit {
    limit_minutes: u32,
    break_minutes: u32,
}

#[derive(Serialize, Deserialize)]
struct SessionTimeLimitRaw {
    limit_minutes: u32,
    break_minutes: u32,
}

impl TryFrom<SessionTimeLimitRaw> for SessionTimeLimit {
    type Error = SessionLimitError;

    fn try_from(raw: SessionTimeLimitRaw) -> Result<Self, Self::Error> {
        Self::new(raw.limit_minutes, raw.break_minutes)
    }
}

impl From<SessionTimeLimit> for SessionTimeLimitRaw {
    fn from(l: SessionTimeLimit) -> Self {
        Self {
            limit_minutes: l.limit_minutes,
            break_minutes: l.break_minutes,
        }
    }
}

/// A session time limit or break out of bounds (422).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SessionLimitError {
    /// The session length is outside 10 minutes to 24 hours.
    #[error("a session limit is {min} to {max} minutes, got {minutes}", min = SessionTimeLimit::MIN_LIMIT_MINUTES, max = SessionTimeLimit::MAX_LIMIT_MINUTES)]
    LimitOutOfRange {
        /// The rejected length.
        minutes: u32,
    },
    /// The break is outside 1 minute to 24 hours.
    #[error("a session break is {min} to {max} minutes, got {minutes}", min = SessionTimeLimit::MIN_BREAK_MINUTES, max = SessionTimeLimit::MAX_BREAK_MINUTES)]
    BreakOutOfRange {
        /// The rejected break.
        minutes: u32,
    },
}

impl SessionTimeLimit {
    /// The shortest session limit, like the shortest reality check.
    pub const MIN_LIMIT_MINUTES: u32 = 10;
    /// The longest session limit: a day.
    pub const MAX_LIMIT_MINUTES: u32 = 24 * 60;
    /// The shortest break.
    pub const MIN_BREAK_MINUTES: u32 = 1;
    /// The longest break: a day (longer is what a time-out is for).
    pub const MAX_BREAK_MINUTES: u32 = 24 * 60;

    /// Parses a session limit and its break, both in minutes.
    ///
    /// # Errors
    /// [`SessionLimitError`] when either is out of bounds.
    pub const fn new(limit_minutes: u32, break_minutes: u32) -> Result<Self, SessionLimitError> {
        if limit_minutes < Self::MIN_LIMIT_MINUTES || limit_minutes > Self::MAX_LIMIT_MINUTES {
            return Err(SessionLimitError::LimitOutOfRange {
                minutes: limit_minutes,
            });
        }
        if break_minutes < Self::MIN_BREAK_MINUTES || break_minutes > Self::MAX_BREAK_MINUTES {
            return Err(SessionLimitError::BreakOutOfRange {
                minutes: break_minutes,
            });
        }
        Ok(Self {
            limit_minutes,
            break_minutes,
        })
    }

    /// How long a session may last, in minutes.
    #[must_use]
    pub const fn limit_minutes(self) -> u32 {
        self.limit_minutes
    }

    /// How long the break lasts, in minutes.
    #[must_use]
    pub const fn break_minutes(self) -> u32 {
        self.break_minutes
    }

    /// When a session begun at `session_started_at` reaches the limit
    /// (saturating at the end of time).
    #[must_use]
    pub fn limit_reached_at(self, session_started_at: DateTime<Utc>) -> DateTime<Utc> {
        session_started_at
            .checked_add_signed(TimeDelta::minutes(i64::from(self.limit_minutes)))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    /// When the break after that session ends (saturating at the end of
    /// time).
    #[must_use]
    pub fn break_ends_at(self, session_started_at: DateTime<Utc>) -> DateTime<Utc> {
        self.limit_reached_at(session_started_at)
            .checked_add_signed(TimeDelta::minutes(i64::from(self.break_minutes)))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }
}

/// Whether a player under a session time limit may play.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SessionStatus {
    /// Play is allowed.
    Allowed,
    /// The limit was reached: no play until the break ends.
    OnBreak {
        /// When the break ends.
        until: DateTime<Utc>,
    },
}

/// The status at `now` of a session begun at `session_started_at`:
/// allowed before the limit, on break from the moment the limit is reached
/// until the break ends, allowed again from then on — the engine then
/// starts a new session (its start is the break's end or the next play).
#[must_use]
pub fn session_status(
    limit: &SessionTimeLimit,
    session_started_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> SessionStatus {
    let until = limit.break_ends_at(session_started_at);
    if now >= limit.limit_reached_at(session_started_at) && now < until {
        SessionStatus::OnBreak { until }
    } else {
        SessionStatus::Allowed
    }
}

/// A session-limit change waiting out the cooling-off: `limit` (`None`
/// removes the limit) applies from `effective_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PendingSessionLimit {
    /// The limit that will apply; `None` removes it.
    pub limit: Option<SessionTimeLimit>,
    /// When it applies.
    pub effective_at: DateTime<Utc>,
}

/// How a requested session-limit change takes effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SessionLimitDecision {
    /// A new or stricter limit (shorter session, longer break): at once,
    /// replacing any pending change.
    Immediate(Option<SessionTimeLimit>),
    /// A looser one (longer session, shorter break, or none at all): after
    /// the 24-hour cooling-off that applies to raising money limits, so a
    /// player cannot lift a limit in the heat of a session.
    Pending(PendingSessionLimit),
}

/// Decides how changing the session limit from `current` to `requested`
/// takes effect at `now`.
#[must_use]
pub fn decide_session_limit_change(
    current: Option<SessionTimeLimit>,
    requested: Option<SessionTimeLimit>,
    now: DateTime<Utc>,
) -> SessionLimitDecision {
    let loosens = match (current, requested) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(c), Some(r)) => {
            r.limit_minutes > c.limit_minutes || r.break_minutes < c.break_minutes
        }
    };
    if loosens {
        SessionLimitDecision::Pending(PendingSessionLimit {
            limit: requested,
            effective_at: now
                .checked_add_signed(super::limits::COOLING_OFF)
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
        })
    } else {
        SessionLimitDecision::Immediate(requested)
    }
}

/// The session limit in force at `now`: the pending change once it is due,
/// else the current one.
#[must_use]
pub fn session_limit_in_force(
    current: Option<SessionTimeLimit>,
    pending: Option<PendingSessionLimit>,
    now: DateTime<Utc>,
) -> Option<SessionTimeLimit> {
    match pending {
        Some(p) if now >= p.effective_at => p.limit,
        _ => current,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn limit(minutes: u32, brk: u32) -> SessionTimeLimit {
        SessionTimeLimit::new(minutes, brk).expect("valid limit")
    }

    #[test]
    fn stricter_or_new_session_limits_apply_at_once() {
        let now = start();
        assert_eq!(
            decide_session_limit_change(None, Some(limit(60, 15)), now),
            SessionLimitDecision::Immediate(Some(limit(60, 15)))
        );
        assert_eq!(
            decide_session_limit_change(Some(limit(60, 15)), Some(limit(30, 30)), now),
            SessionLimitDecision::Immediate(Some(limit(30, 30)))
        );
        assert_eq!(
            decide_session_limit_change(None, None, now),
            SessionLimitDecision::Immediate(None)
        );
    }

    #[test]
    fn looser_session_limits_wait_out_the_cooling_off() {
        let now = start();
        let due = now + TimeDelta::hours(24);
        for requested in [
            None,
            Some(limit(90, 15)),
            Some(limit(60, 5)),
            Some(limit(30, 5)),
        ] {
            assert_eq!(
                decide_session_limit_change(Some(limit(60, 15)), requested, now),
                SessionLimitDecision::Pending(PendingSessionLimit {
                    limit: requested,
                    effective_at: due
                }),
                "{requested:?}"
            );
        }
        let pending = PendingSessionLimit {
            limit: None,
            effective_at: due,
        };
        let current = Some(limit(60, 15));
        assert_eq!(session_limit_in_force(current, Some(pending), now), current);
        assert_eq!(
            session_limit_in_force(current, Some(pending), due - TimeDelta::seconds(1)),
            current
        );
        assert_eq!(session_limit_in_force(current, Some(pending), due), None);
    }

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 2, 3, 20, 0, 0)
            .single()
            .expect("valid")
    }

    fn mins(m: i64) -> TimeDelta {
        TimeDelta::minutes(m)
    }

    fn every(m: u32) -> RealityCheckInterval {
        RealityCheckInterval::from_minutes(m).expect("valid interval")
    }

    #[test]
    fn a_reality_check_interval_is_10_minutes_to_8_hours() {
        assert!(RealityCheckInterval::from_minutes(10).is_ok());
        assert!(RealityCheckInterval::from_minutes(480).is_ok());
        for bad in [0, 9, 481, u32::MAX] {
            assert_eq!(
                RealityCheckInterval::from_minutes(bad),
                Err(RealityCheckError { minutes: bad })
            );
        }
        assert_eq!(every(480).duration(), TimeDelta::hours(8));
        assert_eq!(
            serde_json::from_str::<RealityCheckInterval>("60").ok(),
            Some(every(60))
        );
        assert!(serde_json::from_str::<RealityCheckInterval>("5").is_err());
        assert_eq!(
            serde_json::to_string(&every(60)).ok().as_deref(),
            Some("60")
        );
    }

    #[test]
    fn a_reality_check_is_due_exactly_one_interval_after_the_session_starts() {
        let i = every(30);
        assert!(!reality_check_due(i, start(), None, start() + mins(29)));
        assert!(!reality_check_due(
            i,
            start(),
            None,
            start() + mins(30) - TimeDelta::seconds(1)
        ));
        assert!(reality_check_due(i, start(), None, start() + mins(30)));
        assert!(reality_check_due(i, start(), None, start() + mins(300)));
    }

    #[test]
    fn an_acknowledgement_restarts_the_interval() {
        let i = every(30);
        let ack = start() + mins(31);
        assert!(!reality_check_due(
            i,
            start(),
            Some(ack),
            start() + mins(60)
        ));
        assert!(reality_check_due(i, start(), Some(ack), start() + mins(61)));
        assert_eq!(next_reality_check_at(i, start(), Some(ack)), ack + mins(30));
    }

    #[test]
    fn an_acknowledgement_from_an_earlier_session_does_not_count() {
        let i = every(10);
        let old_ack = start() - mins(500);
        assert_eq!(
            next_reality_check_at(i, start(), Some(old_ack)),
            start() + mins(10)
        );
    }

    #[test]
    fn a_mandatory_interval_caps_the_players_choice() {
        let m = Some(every(60));
        assert_eq!(effective_reality_check_interval(Some(every(120)), m), m);
        assert_eq!(
            effective_reality_check_interval(Some(every(20)), m),
            Some(every(20))
        );
        assert_eq!(effective_reality_check_interval(None, m), m);
        assert_eq!(
            effective_reality_check_interval(Some(every(20)), None),
            Some(every(20))
        );
        assert_eq!(effective_reality_check_interval(None, None), None);
    }

    #[test]
    fn the_summary_shows_time_played_and_the_net_result_of_the_session() {
        let act = |m: i64, kind, amount_minor| Activity {
            at: start() + mins(m),
            kind,
            amount_minor,
        };
        let activity = [
            act(-5, ActivityKind::Stake, 99_999), // before the session
            act(0, ActivityKind::Stake, 1_000),
            act(0, ActivityKind::Deposit, 50_000),
            act(10, ActivityKind::Winnings, 400),
            act(45, ActivityKind::Stake, 500),
            act(46, ActivityKind::Stake, 77_777), // after now
        ];
        let s = reality_check_summary(start(), &activity, start() + mins(45));
        assert_eq!(
            s,
            RealityCheckSummary {
                session_started_at: start(),
                at: start() + mins(45),
                time_played_secs: 45 * 60,
                stakes_minor: 1_500,
                winnings_minor: 400,
                net_win_minor: -1_100,
            }
        );
        let skewed = reality_check_summary(start(), &[], start() - mins(1));
        assert_eq!(skewed.time_played_secs, 0);
    }

    #[test]
    fn session_limits_and_breaks_are_bounded() {
        assert!(SessionTimeLimit::new(10, 1).is_ok());
        assert!(SessionTimeLimit::new(1_440, 1_440).is_ok());
        assert_eq!(
            SessionTimeLimit::new(9, 15),
            Err(SessionLimitError::LimitOutOfRange { minutes: 9 })
        );
        assert_eq!(
            SessionTimeLimit::new(1_441, 15),
            Err(SessionLimitError::LimitOutOfRange { minutes: 1_441 })
        );
        assert_eq!(
            SessionTimeLimit::new(60, 0),
            Err(SessionLimitError::BreakOutOfRange { minutes: 0 })
        );
        assert_eq!(
            SessionTimeLimit::new(60, u32::MAX),
            Err(SessionLimitError::BreakOutOfRange { minutes: u32::MAX })
        );
        let json = r#"{"limit_minutes":60,"break_minutes":15}"#;
        let l: SessionTimeLimit = serde_json::from_str(json).expect("valid");
        assert_eq!(serde_json::to_string(&l).ok().as_deref(), Some(json));
        assert!(
            serde_json::from_str::<SessionTimeLimit>(r#"{"limit_minutes":1,"break_minutes":15}"#)
                .is_err()
        );
    }

    #[test]
    fn reaching_the_session_limit_starts_a_break() {
        let l = SessionTimeLimit::new(60, 15).expect("valid");
        let until = start() + mins(75);
        assert_eq!(session_status(&l, start(), start()), SessionStatus::Allowed);
        assert_eq!(
            session_status(&l, start(), start() + mins(60) - TimeDelta::seconds(1)),
            SessionStatus::Allowed
        );
        assert_eq!(
            session_status(&l, start(), start() + mins(60)),
            SessionStatus::OnBreak { until }
        );
        assert_eq!(
            session_status(&l, start(), until - TimeDelta::seconds(1)),
            SessionStatus::OnBreak { until }
        );
        assert_eq!(session_status(&l, start(), until), SessionStatus::Allowed);
        assert_eq!(
            session_status(&l, start(), start() - mins(5)),
            SessionStatus::Allowed
        );
    }

    #[test]
    fn session_arithmetic_at_the_end_of_time_saturates() {
        let l = SessionTimeLimit::new(60, 15).expect("valid");
        let end = DateTime::<Utc>::MAX_UTC;
        assert_eq!(l.break_ends_at(end), end);
        assert_eq!(next_reality_check_at(every(10), end, None), end);
        assert!(!reality_check_due(every(10), end, None, end - mins(1)));
    }
}
