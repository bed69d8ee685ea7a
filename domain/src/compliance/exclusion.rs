//! Time-outs and self-exclusions: validation of a request, the end date, and
//! the rule that an exclusion in force can only be extended, never
//! shortened.
//!
//! Both take effect at once with no cooling-off (BETTING_RULES.md). A
//! time-out lasts whole days of 24 hours; a self-exclusion lasts calendar
//! months added with chrono's `checked_add_months`, which keeps the time of
//! day and clamps the day to the end of a shorter month (31 August + 6
//! months = 28 or 29 February), or is permanent.

use chrono::{DateTime, Months, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::money::coded_enum;

/// The shortest time-out, in days (API.md).
pub const TIME_OUT_MIN_DAYS: u32 = 1;
/// The longest time-out, in days (API.md): six weeks.
pub const TIME_OUT_MAX_DAYS: u32 = 42;
/// The shortest fixed self-exclusion, in months, whatever the jurisdiction
/// (API.md; UKGC SR code 3.5.3 and the MGA directive ask for at least 6).
pub const SELF_EXCLUSION_MIN_MONTHS: u32 = 6;
/// The longest fixed self-exclusion, in months (five years); longer is
/// `permanent`.
pub const SELF_EXCLUSION_MAX_MONTHS: u32 = 60;

coded_enum! {
    /// The kind of an exclusion.
    ExclusionKind, parse_error("exclusion kind"), {
        /// A short break, 1 to 42 days.
        TimeOut => "time_out",
        /// A self-exclusion of months or for ever.
        SelfExclusion => "self_exclusion",
    }
}

/// A player's request for an exclusion, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExclusionRequest {
    /// `{"kind":"time_out","days":N}`.
    TimeOut {
        /// How many days.
        days: u32,
    },
    /// `{"kind":"self_exclusion","months":N}`.
    SelfExclusion {
        /// How many calendar months.
        months: u32,
    },
    /// `{"kind":"self_exclusion","permanent":true}`.
    PermanentSelfExclusion,
}

/// The JSON body of `POST /responsible-gaming/exclusions` as it arrives;
/// convert with `ExclusionRequest::try_from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExclusionRequestBody {
    /// `time_out` or `self_exclusion`.
    pub kind: ExclusionKind,
    /// Days of a time-out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// Months of a self-exclusion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<u32>,
    /// `true` for a permanent self-exclusion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permanent: Option<bool>,
}

/// Why an exclusion request is refused (422 `validation_failed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ExclusionError {
    /// A time-out outside 1..=42 days.
    #[error("a time-out lasts {min} to {max} days, got {days}")]
    DaysOutOfRange {
        /// The rejected number of days.
        days: u32,
        /// The shortest allowed.
        min: u32,
        /// The longest allowed.
        max: u32,
    },
    /// A self-exclusion outside the allowed months.
    #[error("a self-exclusion lasts {min} to {max} months or is permanent, got {months}")]
    MonthsOutOfRange {
        /// The rejected number of months.
        months: u32,
        /// The shortest allowed here (the jurisdiction may raise it).
        min: u32,
        /// The longest allowed.
        max: u32,
    },
    /// The body's fields do not fit its kind: days on a self-exclusion,
    /// months or `permanent` on a time-out, none or both of months and
    /// `permanent: true` on a self-exclusion.
    #[error("the fields of a {kind} request do not fit: {reason}")]
    Malformed {
        /// The requested kind.
        kind: ExclusionKind,
        /// What is wrong.
        reason: &'static str,
    },
    /// The end date is past the representable range of time.
    #[error("the exclusion's end is out of the representable time range")]
    TimeOutOfRange,
}

impl TryFrom<ExclusionRequestBody> for ExclusionRequest {
    type Error = ExclusionError;

    fn try_from(body: ExclusionRequestBody) -> Result<Self, Self::Error> {
        let kind = body.kind;
        let malformed = |reason| ExclusionError::Malformed { kind, reason };
        match (kind, body.days, body.months, body.permanent) {
            (ExclusionKind::TimeOut, Some(days), None, None) => Ok(Self::TimeOut { days }),
            (ExclusionKind::TimeOut, None, _, _) => Err(malformed("a time-out needs `days`")),
            (ExclusionKind::TimeOut, Some(_), _, _) => {
                Err(malformed("a time-out takes only `days`"))
            }
            (ExclusionKind::SelfExclusion, Some(_), _, _) => Err(malformed(
                "a self-exclusion takes `months` or `permanent`, not `days`",
            )),
            (ExclusionKind::SelfExclusion, None, Some(months), None | Some(false)) => {
                Ok(Self::SelfExclusion { months })
            }
            (ExclusionKind::SelfExclusion, None, None, Some(true)) => {
                Ok(Self::PermanentSelfExclusion)
            }
            (ExclusionKind::SelfExclusion, None, Some(_), Some(true)) => {
                Err(malformed("`months` and `permanent` exclude each other"))
            }
            (ExclusionKind::SelfExclusion, None, None, None | Some(false)) => Err(malformed(
                "a self-exclusion needs `months` or `permanent: true`",
            )),
        }
    }
}

impl std::fmt::Display for ExclusionRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TimeOut { days } => write!(f, "time_out for {days} days"),
            Self::SelfExclusion { months } => write!(f, "self_exclusion for {months} months"),
            Self::PermanentSelfExclusion => f.write_str("permanent self_exclusion"),
        }
    }
}

impl ExclusionRequest {
    /// The kind of exclusion requested.
    #[must_use]
    pub const fn kind(&self) -> ExclusionKind {
        match self {
            Self::TimeOut { .. } => ExclusionKind::TimeOut,
            Self::SelfExclusion { .. } | Self::PermanentSelfExclusion => {
                ExclusionKind::SelfExclusion
            }
        }
    }

    /// The shortest self-exclusion in months given the jurisdiction's own
    /// minimum: the jurisdiction can raise the API's floor of 6, never
    /// lower it.
    #[must_use]
    pub const fn min_self_exclusion_months(jurisdiction_min_months: u32) -> u32 {
        if jurisdiction_min_months > SELF_EXCLUSION_MIN_MONTHS {
            jurisdiction_min_months
        } else {
            SELF_EXCLUSION_MIN_MONTHS
        }
    }

    /// Validates the request and computes when it ends if it starts at
    /// `now`: `Ok(None)` for a permanent self-exclusion.
    ///
    /// # Errors
    /// [`ExclusionError::DaysOutOfRange`], [`ExclusionError::MonthsOutOfRange`]
    /// (a jurisdiction minimum above 60 months leaves only `permanent`), or
    /// [`ExclusionError::TimeOutOfRange`].
    pub fn until(
        &self,
        now: DateTime<Utc>,
        jurisdiction_min_months: u32,
    ) -> Result<Option<DateTime<Utc>>, ExclusionError> {
        match *self {
            Self::TimeOut { days } => {
                if !(TIME_OUT_MIN_DAYS..=TIME_OUT_MAX_DAYS).contains(&days) {
                    return Err(ExclusionError::DaysOutOfRange {
                        days,
                        min: TIME_OUT_MIN_DAYS,
                        max: TIME_OUT_MAX_DAYS,
                    });
                }
                TimeDelta::try_days(i64::from(days))
                    .and_then(|d| now.checked_add_signed(d))
                    .map(Some)
                    .ok_or(ExclusionError::TimeOutOfRange)
            }
            Self::SelfExclusion { months } => {
                let min = Self::min_self_exclusion_months(jurisdiction_min_months);
                if months < min || months > SELF_EXCLUSION_MAX_MONTHS {
                    return Err(ExclusionError::MonthsOutOfRange {
                        months,
                        min,
                        max: SELF_EXCLUSION_MAX_MONTHS,
                    });
                }
                now.checked_add_months(Months::new(months))
                    .map(Some)
                    .ok_or(ExclusionError::TimeOutOfRange)
            }
            Self::PermanentSelfExclusion => Ok(None),
        }
    }
}

/// An exclusion of a player.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Exclusion {
    /// Time-out or self-exclusion.
    pub kind: ExclusionKind,
    /// When it began.
    pub started_at: DateTime<Utc>,
    /// When it ends (exclusive); `None` when permanent.
    pub until: Option<DateTime<Utc>>,
}

impl Exclusion {
    /// Whether it is in force at `now`: until `until`, or for ever. A start
    /// after `now` (skewed clocks) still counts, as exclusions start at once.
    #[must_use]
    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        self.until.is_none_or(|until| now < until)
    }

    /// Whether it never ends.
    #[must_use]
    pub const fn is_permanent(&self) -> bool {
        self.until.is_none()
    }

    /// Whether `self` ends strictly later than `other` (permanent is latest).
    fn ends_after(&self, other: &Self) -> bool {
        match (self.until, other.until) {
            (None, Some(_)) => true,
            (Some(a), Some(b)) => a > b,
            (_, None) => false,
        }
    }
}

/// The exclusion in force at `now` that ends last (permanent first), if
/// any; its `until` is what login answers with (`details.until`).
#[must_use]
pub fn active_exclusion(exclusions: &[Exclusion], now: DateTime<Utc>) -> Option<&Exclusion> {
    exclusions
        .iter()
        .filter(|e| e.is_active(now))
        .reduce(|best, e| if e.ends_after(best) { e } else { best })
}

/// Whether any exclusion is in force at `now`: no deposits, bets, play,
/// bonuses or marketing; withdrawals of cash stay open.
#[must_use]
pub fn is_excluded(exclusions: &[Exclusion], now: DateTime<Utc>) -> bool {
    exclusions.iter().any(|e| e.is_active(now))
}

/// Validates `request` and answers the exclusion in force after it, given
/// the player's `existing` exclusions. An exclusion cannot be shortened: if
/// one in force ends at the same time or later (permanent wins), it is
/// returned unchanged and the request has no effect; otherwise the new
/// exclusion starts at `now`. The engine stores the answer when it differs
/// from [`active_exclusion`].
///
/// `jurisdiction_min_months` is the jurisdiction's minimum self-exclusion
/// (see [`ExclusionRequest::min_self_exclusion_months`]).
///
/// # Errors
/// As [`ExclusionRequest::until`]; an invalid request is refused even
/// while an exclusion is in force.
pub fn request_exclusion(
    existing: &[Exclusion],
    request: ExclusionRequest,
    now: DateTime<Utc>,
    jurisdiction_min_months: u32,
) -> Result<Exclusion, ExclusionError> {
    let requested = Exclusion {
        kind: request.kind(),
        started_at: now,
        until: request.until(now, jurisdiction_min_months)?,
    };
    Ok(match active_exclusion(existing, now) {
        Some(current) if !requested.ends_after(current) => *current,
        _ => requested,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 9, 15, 0)
            .single()
            .expect("valid")
    }

    fn now() -> DateTime<Utc> {
        at(2025, 1, 15)
    }

    fn ok(r: ExclusionRequest) -> Exclusion {
        request_exclusion(&[], r, now(), 6).expect("valid")
    }

    #[test]
    fn a_time_out_lasts_1_to_42_whole_days() {
        assert_eq!(
            ok(ExclusionRequest::TimeOut { days: 1 }).until,
            Some(now() + TimeDelta::hours(24))
        );
        assert_eq!(
            ok(ExclusionRequest::TimeOut { days: 42 }).until,
            Some(at(2025, 2, 26))
        );
        for days in [0, 43, u32::MAX] {
            assert_eq!(
                request_exclusion(&[], ExclusionRequest::TimeOut { days }, now(), 6),
                Err(ExclusionError::DaysOutOfRange {
                    days,
                    min: 1,
                    max: 42
                })
            );
        }
    }

    #[test]
    fn a_self_exclusion_lasts_6_to_60_calendar_months_or_ever() {
        let six = ok(ExclusionRequest::SelfExclusion { months: 6 });
        assert_eq!(six.kind, ExclusionKind::SelfExclusion);
        assert_eq!(six.until, Some(at(2025, 7, 15)));
        assert_eq!(
            ok(ExclusionRequest::SelfExclusion { months: 60 }).until,
            Some(at(2030, 1, 15))
        );
        let forever = ok(ExclusionRequest::PermanentSelfExclusion);
        assert_eq!(forever.until, None);
        assert!(forever.is_permanent());
        assert!(forever.is_active(DateTime::<Utc>::MAX_UTC));
        for months in [0, 5, 61, u32::MAX] {
            assert_eq!(
                request_exclusion(&[], ExclusionRequest::SelfExclusion { months }, now(), 6),
                Err(ExclusionError::MonthsOutOfRange {
                    months,
                    min: 6,
                    max: 60
                })
            );
        }
    }

    #[test]
    fn calendar_months_clamp_to_the_end_of_a_short_month() {
        let end_of_august = at(2027, 8, 31);
        let r = ExclusionRequest::SelfExclusion { months: 6 };
        assert_eq!(r.until(end_of_august, 6), Ok(Some(at(2028, 2, 29))));
        assert_eq!(r.until(at(2026, 8, 31), 6), Ok(Some(at(2027, 2, 28))));
    }

    #[test]
    fn a_jurisdiction_can_raise_the_minimum_but_not_lower_it() {
        let r = ExclusionRequest::SelfExclusion { months: 6 };
        assert!(r.until(now(), 3).is_ok());
        assert_eq!(
            r.until(now(), 12),
            Err(ExclusionError::MonthsOutOfRange {
                months: 6,
                min: 12,
                max: 60
            })
        );
        assert!(
            ExclusionRequest::SelfExclusion { months: 12 }
                .until(now(), 12)
                .is_ok()
        );
        // A minimum above 60 leaves only a permanent self-exclusion.
        assert!(
            ExclusionRequest::SelfExclusion { months: 60 }
                .until(now(), 100)
                .is_err()
        );
        assert_eq!(
            ExclusionRequest::PermanentSelfExclusion.until(now(), 100),
            Ok(None)
        );
    }

    #[test]
    fn an_exclusion_ends_exactly_at_until() {
        let e = ok(ExclusionRequest::TimeOut { days: 1 });
        let until = e.until.expect("fixed");
        assert!(is_excluded(&[e], now()));
        assert!(is_excluded(&[e], until - TimeDelta::seconds(1)));
        assert!(!is_excluded(&[e], until));
        assert!(!is_excluded(&[], now()));
        assert_eq!(active_exclusion(&[e], until), None);
    }

    #[test]
    fn an_exclusion_cannot_be_shortened() {
        let six_months = ok(ExclusionRequest::SelfExclusion { months: 6 });
        let later = now() + TimeDelta::days(10);
        // A time-out inside the self-exclusion changes nothing.
        let r = request_exclusion(
            &[six_months],
            ExclusionRequest::TimeOut { days: 7 },
            later,
            6,
        );
        assert_eq!(r, Ok(six_months));
        // Asking again for 6 months from a later day extends it.
        let r = request_exclusion(
            &[six_months],
            ExclusionRequest::SelfExclusion { months: 6 },
            later,
            6,
        )
        .expect("valid");
        assert_eq!(r.started_at, later);
        assert_eq!(r.until, Some(at(2025, 7, 25)));
    }

    #[test]
    fn a_permanent_exclusion_wins_over_everything() {
        let forever = ok(ExclusionRequest::PermanentSelfExclusion);
        let r = request_exclusion(
            &[forever],
            ExclusionRequest::SelfExclusion { months: 60 },
            now(),
            6,
        );
        assert_eq!(r, Ok(forever));
        let time_out = ok(ExclusionRequest::TimeOut { days: 3 });
        let r = request_exclusion(
            &[time_out],
            ExclusionRequest::PermanentSelfExclusion,
            now(),
            6,
        )
        .expect("valid");
        assert_eq!(r.until, None);
        assert_eq!(r.kind, ExclusionKind::SelfExclusion);
        assert_eq!(
            active_exclusion(&[time_out, forever, time_out], now()),
            Some(&forever)
        );
    }

    #[test]
    fn an_expired_exclusion_does_not_block_a_shorter_new_one() {
        let old = Exclusion {
            kind: ExclusionKind::SelfExclusion,
            started_at: at(2020, 1, 1),
            until: Some(at(2024, 1, 1)),
        };
        let r = request_exclusion(&[old], ExclusionRequest::TimeOut { days: 2 }, now(), 6)
            .expect("valid");
        assert_eq!(r.kind, ExclusionKind::TimeOut);
    }

    #[test]
    fn an_invalid_request_is_refused_even_while_excluded() {
        let forever = ok(ExclusionRequest::PermanentSelfExclusion);
        assert!(
            request_exclusion(&[forever], ExclusionRequest::TimeOut { days: 0 }, now(), 6).is_err()
        );
    }

    #[test]
    fn the_end_of_time_is_an_error_not_a_panic() {
        let end = DateTime::<Utc>::MAX_UTC;
        assert_eq!(
            ExclusionRequest::TimeOut { days: 1 }.until(end, 6),
            Err(ExclusionError::TimeOutOfRange)
        );
        assert_eq!(
            ExclusionRequest::SelfExclusion { months: 6 }.until(end, 6),
            Err(ExclusionError::TimeOutOfRange)
        );
    }

    #[test]
    fn request_bodies_parse_as_in_the_api() {
        let parse = |json: &str| -> Result<ExclusionRequest, ExclusionError> {
            serde_json::from_str::<ExclusionRequestBody>(json)
                .expect("well-formed json")
                .try_into()
        };
        assert_eq!(
            parse(r#"{"kind":"time_out","days":7}"#),
            Ok(ExclusionRequest::TimeOut { days: 7 })
        );
        assert_eq!(
            parse(r#"{"kind":"self_exclusion","months":12}"#),
            Ok(ExclusionRequest::SelfExclusion { months: 12 })
        );
        assert_eq!(
            parse(r#"{"kind":"self_exclusion","permanent":true}"#),
            Ok(ExclusionRequest::PermanentSelfExclusion)
        );
        for bad in [
            r#"{"kind":"time_out"}"#,
            r#"{"kind":"time_out","days":7,"months":1}"#,
            r#"{"kind":"time_out","days":7,"permanent":true}"#,
            r#"{"kind":"self_exclusion"}"#,
            r#"{"kind":"self_exclusion","permanent":false}"#,
            r#"{"kind":"self_exclusion","days":7}"#,
            r#"{"kind":"self_exclusion","months":6,"permanent":true}"#,
        ] {
            assert!(
                matches!(parse(bad), Err(ExclusionError::Malformed { .. })),
                "{bad}"
            );
        }
        assert!(serde_json::from_str::<ExclusionRequestBody>(r#"{"kind":"ban"}"#).is_err());
    }

    #[test]
    fn exclusion_kind_names_round_trip() {
        for k in ExclusionKind::ALL {
            assert_eq!(k.to_string().parse::<ExclusionKind>(), Ok(*k));
            assert_eq!(
                serde_json::to_string(k).expect("serialise"),
                format!("\"{k}\"")
            );
        }
        assert_eq!(
            ExclusionRequest::SelfExclusion { months: 6 }.to_string(),
            "self_exclusion for 6 months"
        );
    }
}
