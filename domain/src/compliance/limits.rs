//! Deposit, loss and wager limits and the cooling-off on loosening them.
//!
//! A lower limit takes effect at once; a higher limit or a removal waits
//! [`COOLING_OFF`] (24 hours) as a pending change, so a player cannot loosen
//! a limit in the heat of a session (UKGC RTS 12, MGA Player Protection
//! Directive). A new request replaces an earlier pending one; a tightening
//! request applies at once and drops any pending loosening.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::money::coded_enum;

/// How long an increase or a removal of a limit waits before it applies.
pub const COOLING_OFF: TimeDelta = TimeDelta::hours(24);

/// The largest limit amount accepted, in minor units: 10^12, i.e. ten
/// billion in a two-decimal currency. Far above any real limit, far below
/// `i64::MAX`, so sums over windows stay far from overflow.
pub const MAX_LIMIT_MINOR: i64 = 1_000_000_000_000;

coded_enum! {
    /// What a limit counts.
    LimitKind, parse_error("limit kind"), {
        /// Gross deposits.
        Deposit => "deposit",
        /// Net loss: stakes minus winnings.
        Loss => "loss",
        /// Stakes placed.
        Wager => "wager",
    }
}

coded_enum! {
    /// The rolling window a limit applies to.
    LimitPeriod, parse_error("limit period"), {
        /// The last 24 hours.
        Day => "day",
        /// The last 7 days.
        Week => "week",
        /// The last 30 days (a fixed 30 days, not a calendar month, so the
        /// window is the same length in February and in March).
        Month => "month",
    }
}

impl LimitPeriod {
    /// The length of the rolling window.
    #[must_use]
    pub const fn window(self) -> TimeDelta {
        match self {
            Self::Day => TimeDelta::hours(24),
            Self::Week => TimeDelta::days(7),
            Self::Month => TimeDelta::days(30),
        }
    }
}

/// A change to a limit that waits for its cooling-off to end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PendingChange {
    /// The new amount in minor units; `None` is a removal of the limit.
    pub amount_minor: Option<i64>,
    /// When the change applies.
    pub effective_at: DateTime<Utc>,
}

/// One limit of a player: a kind, a period, the amount in force and
/// possibly a pending change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Limit {
    /// What the limit counts.
    pub kind: LimitKind,
    /// Its rolling window.
    pub period: LimitPeriod,
    /// The amount in force, in minor units.
    pub amount_minor: i64,
    /// When the amount in force took effect (informational: the amount in
    /// force always applies, even if a skewed clock put this in the future).
    pub effective_at: DateTime<Utc>,
    /// An increase or a removal waiting for its cooling-off.
    pub pending: Option<PendingChange>,
}

impl Limit {
    /// A limit in force from `now` with nothing pending.
    #[must_use]
    pub const fn new(
        kind: LimitKind,
        period: LimitPeriod,
        amount_minor: i64,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            kind,
            period,
            amount_minor,
            effective_at: now,
            pending: None,
        }
    }

    /// Whether the pending change's time has come at `now` (the engine then
    /// persists [`materialise`]'s answer).
    #[must_use]
    pub fn pending_due(&self, now: DateTime<Utc>) -> bool {
        self.pending.is_some_and(|p| p.effective_at <= now)
    }

    /// The amount that applies at `now`, taking a due pending change into
    /// account; `None` when a due removal has ended the limit.
    #[must_use]
    pub fn amount_at(&self, now: DateTime<Utc>) -> Option<i64> {
        match self.pending {
            Some(p) if p.effective_at <= now => p.amount_minor,
            _ => Some(self.amount_minor),
        }
    }
}

/// The outcome of a limit request, to persist and answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitChange {
    /// In force at once: a first limit, a decrease, or the amount already in
    /// force (which cancels a pending change). Nothing is pending.
    Immediate(Limit),
    /// An increase or a removal: the amount in force is unchanged and the
    /// request waits in `pending` for the cooling-off.
    Scheduled(Limit),
}

impl LimitChange {
    /// The limit to store.
    #[must_use]
    pub const fn limit(&self) -> &Limit {
        match self {
            Self::Immediate(l) | Self::Scheduled(l) => l,
        }
    }

    /// The limit to store, by value.
    #[must_use]
    pub const fn into_limit(self) -> Limit {
        match self {
            Self::Immediate(l) | Self::Scheduled(l) => l,
        }
    }
}

/// Why a limit request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    /// The amount is zero or negative (422).
    #[error("a limit must be a positive amount, got {amount_minor}")]
    NotPositive {
        /// The rejected amount.
        amount_minor: i64,
    },
    /// The amount is above [`MAX_LIMIT_MINOR`] (422).
    #[error("a limit may be at most {max_minor}, got {amount_minor}")]
    TooLarge {
        /// The rejected amount.
        amount_minor: i64,
        /// The cap.
        max_minor: i64,
    },
    /// A removal of a limit the player does not have (404).
    #[error("there is no {kind} limit per {period}")]
    NoSuchLimit {
        /// The requested kind.
        kind: LimitKind,
        /// The requested period.
        period: LimitPeriod,
    },
    /// The engine passed a current limit of another kind or period: a bug
    /// in the caller, refused rather than silently mixed up.
    #[error("the current limit is {current_kind}/{current_period}, not {kind}/{period}")]
    WrongLimit {
        /// The requested kind.
        kind: LimitKind,
        /// The requested period.
        period: LimitPeriod,
        /// The kind of the limit passed as current.
        current_kind: LimitKind,
        /// The period of the limit passed as current.
        current_period: LimitPeriod,
    },
    /// `now` is so close to the end of time that the cooling-off cannot be
    /// represented.
    #[error("the cooling-off end is out of the representable time range")]
    TimeOutOfRange,
}

fn validate_amount(amount_minor: i64) -> Result<(), LimitError> {
    if amount_minor <= 0 {
        return Err(LimitError::NotPositive { amount_minor });
    }
    if amount_minor > MAX_LIMIT_MINOR {
        return Err(LimitError::TooLarge {
            amount_minor,
            max_minor: MAX_LIMIT_MINOR,
        });
    }
    Ok(())
}

/// The limit as it stands at `now`: a due pending change is applied (its
/// `effective_at` becomes the limit's), a due removal gives `None`, anything
/// else is returned unchanged.
#[must_use]
pub fn materialise(limit: &Limit, now: DateTime<Utc>) -> Option<Limit> {
    match limit.pending {
        Some(p) if p.effective_at <= now => p.amount_minor.map(|amount_minor| Limit {
            amount_minor,
            effective_at: p.effective_at,
            pending: None,
            ..*limit
        }),
        _ => Some(*limit),
    }
}

/// [`materialise`] over a player's limits, dropping those a due removal
/// ended.
#[must_use]
pub fn materialise_all(limits: &[Limit], now: DateTime<Utc>) -> Vec<Limit> {
    limits.iter().filter_map(|l| materialise(l, now)).collect()
}

/// Applies a player's request to set (`Some(amount)`) or remove (`None`) the
/// `kind`/`period` limit whose stored state is `current`.
///
/// `current` is first [`materialise`]d at `now`, so a pending change whose
/// time has come counts as in force. Then:
/// - no limit yet: a new limit is in force at once;
/// - an amount at or below the one in force: in force at once, and any
///   pending change is dropped (a decrease while an increase is pending
///   wins at once);
/// - a higher amount or a removal: pending until `now` + [`COOLING_OFF`],
///   replacing any earlier pending change — except that repeating exactly
///   the pending change keeps its running cooling-off, so a retried request
///   does not restart it.
///
/// # Errors
/// [`LimitError::NotPositive`] / [`LimitError::TooLarge`] for a bad amount,
/// [`LimitError::NoSuchLimit`] for removing a limit that does not exist,
/// [`LimitError::WrongLimit`] if `current` is another kind or period,
/// [`LimitError::TimeOutOfRange`] if `now` + 24 h is not representable.
pub fn request_change(
    kind: LimitKind,
    period: LimitPeriod,
    current: Option<&Limit>,
    new_amount_minor: Option<i64>,
    now: DateTime<Utc>,
) -> Result<LimitChange, LimitError> {
    if let Some(amount_minor) = new_amount_minor {
        validate_amount(amount_minor)?;
    }
    if let Some(c) = current
        && (c.kind != kind || c.period != period)
    {
        return Err(LimitError::WrongLimit {
            kind,
            period,
            current_kind: c.kind,
            current_period: c.period,
        });
    }
    let in_force = current.and_then(|c| materialise(c, now));

    match (in_force, new_amount_minor) {
        (None, None) => Err(LimitError::NoSuchLimit { kind, period }),
        (None, Some(amount_minor)) => Ok(LimitChange::Immediate(Limit::new(
            kind,
            period,
            amount_minor,
            now,
        ))),
        (Some(limit), Some(amount_minor)) if amount_minor == limit.amount_minor => {
            Ok(LimitChange::Immediate(Limit {
                pending: None,
                ..limit
            }))
        }
        (Some(limit), Some(amount_minor)) if amount_minor < limit.amount_minor => {
            Ok(LimitChange::Immediate(Limit {
                amount_minor,
                effective_at: now,
                pending: None,
                ..limit
            }))
        }
        // An increase or a removal.
        (Some(limit), target) => {
            let mut effective_at = now
                .checked_add_signed(COOLING_OFF)
                .ok_or(LimitError::TimeOutOfRange)?;
            if let Some(p) = limit.pending
                && p.amount_minor == target
            {
                // A retry keeps the running cooling-off (never more than
                // 24 hours from now, whatever was stored).
                effective_at = effective_at.min(p.effective_at);
            }
            Ok(LimitChange::Scheduled(Limit {
                pending: Some(PendingChange {
                    amount_minor: target,
                    effective_at,
                }),
                ..limit
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 10, 12, 0, 0)
            .single()
            .expect("valid")
    }

    fn daily_deposit(amount_minor: i64) -> Limit {
        Limit::new(LimitKind::Deposit, LimitPeriod::Day, amount_minor, t0())
    }

    fn change(current: Option<&Limit>, amount: Option<i64>, now: DateTime<Utc>) -> LimitChange {
        request_change(LimitKind::Deposit, LimitPeriod::Day, current, amount, now)
            .expect("valid request")
    }

    #[test]
    fn a_first_limit_is_in_force_at_once() {
        let c = change(None, Some(10_000), t0());
        assert_eq!(c, LimitChange::Immediate(daily_deposit(10_000)));
    }

    #[test]
    fn a_decrease_is_in_force_at_once() {
        let now = t0() + TimeDelta::hours(3);
        let c = change(Some(&daily_deposit(10_000)), Some(5_000), now);
        let LimitChange::Immediate(l) = c else {
            panic!("expected immediate, got {c:?}")
        };
        assert_eq!(l.amount_minor, 5_000);
        assert_eq!(l.effective_at, now);
        assert_eq!(l.amount_at(now), Some(5_000));
        assert!(l.pending.is_none());
    }

    #[test]
    fn an_increase_waits_24_hours() {
        let now = t0() + TimeDelta::hours(1);
        let c = change(Some(&daily_deposit(10_000)), Some(20_000), now);
        let LimitChange::Scheduled(l) = c else {
            panic!("expected scheduled, got {c:?}")
        };
        assert_eq!(l.amount_minor, 10_000);
        let due = now + TimeDelta::hours(24);
        assert_eq!(
            l.pending,
            Some(PendingChange {
                amount_minor: Some(20_000),
                effective_at: due
            })
        );
        let just_before = due - TimeDelta::seconds(1);
        assert_eq!(l.amount_at(just_before), Some(10_000));
        assert!(!l.pending_due(just_before));
        assert_eq!(materialise(&l, just_before), Some(l));
        assert_eq!(l.amount_at(due), Some(20_000));
        assert!(l.pending_due(due));
        let m = materialise(&l, due).expect("still a limit");
        assert_eq!(m.amount_minor, 20_000);
        assert_eq!(m.effective_at, due);
        assert!(m.pending.is_none());
    }

    #[test]
    fn a_removal_counts_as_an_increase() {
        let now = t0() + TimeDelta::hours(1);
        let c = change(Some(&daily_deposit(10_000)), None, now);
        let LimitChange::Scheduled(l) = c else {
            panic!("expected scheduled, got {c:?}")
        };
        let due = now + COOLING_OFF;
        assert_eq!(
            l.pending,
            Some(PendingChange {
                amount_minor: None,
                effective_at: due
            })
        );
        assert_eq!(l.amount_at(due - TimeDelta::seconds(1)), Some(10_000));
        assert_eq!(l.amount_at(due), None);
        assert_eq!(materialise(&l, due), None);
        assert!(materialise_all(&[l], due).is_empty());
        assert_eq!(materialise_all(&[l], due - TimeDelta::seconds(1)), vec![l]);
    }

    #[test]
    fn removing_a_limit_that_does_not_exist_is_not_found() {
        let err = request_change(LimitKind::Loss, LimitPeriod::Week, None, None, t0());
        assert_eq!(
            err,
            Err(LimitError::NoSuchLimit {
                kind: LimitKind::Loss,
                period: LimitPeriod::Week
            })
        );
    }

    #[test]
    fn a_new_request_replaces_an_earlier_pending_one() {
        let first = change(Some(&daily_deposit(10_000)), Some(50_000), t0()).into_limit();
        let later = t0() + TimeDelta::hours(5);
        let second = change(Some(&first), Some(30_000), later).into_limit();
        assert_eq!(
            second.pending,
            Some(PendingChange {
                amount_minor: Some(30_000),
                effective_at: later + COOLING_OFF
            })
        );
        let third = change(Some(&second), None, later).into_limit();
        assert_eq!(third.pending.and_then(|p| p.amount_minor), None);
        assert!(third.pending.is_some());
    }

    #[test]
    fn repeating_the_pending_request_keeps_its_time() {
        let first = change(Some(&daily_deposit(10_000)), Some(50_000), t0()).into_limit();
        let retry = change(Some(&first), Some(50_000), t0() + TimeDelta::hours(23));
        assert_eq!(retry, LimitChange::Scheduled(first));
    }

    #[test]
    fn a_decrease_while_an_increase_is_pending_applies_at_once_and_clears_it() {
        let pending = change(Some(&daily_deposit(10_000)), Some(50_000), t0()).into_limit();
        let now = t0() + TimeDelta::hours(2);
        let c = change(Some(&pending), Some(4_000), now);
        assert_eq!(
            c,
            LimitChange::Immediate(Limit {
                amount_minor: 4_000,
                effective_at: now,
                pending: None,
                ..daily_deposit(0)
            })
        );
    }

    #[test]
    fn setting_the_amount_in_force_cancels_a_pending_increase() {
        let pending = change(Some(&daily_deposit(10_000)), None, t0()).into_limit();
        let c = change(Some(&pending), Some(10_000), t0() + TimeDelta::hours(2));
        assert_eq!(c, LimitChange::Immediate(daily_deposit(10_000)));
    }

    #[test]
    fn a_request_after_the_cooling_off_compares_with_the_materialised_limit() {
        let pending = change(Some(&daily_deposit(10_000)), Some(50_000), t0()).into_limit();
        let now = t0() + TimeDelta::hours(30);
        // 40 000 is below the now-effective 50 000: a decrease, at once.
        let c = change(Some(&pending), Some(40_000), now);
        let LimitChange::Immediate(l) = c else {
            panic!("expected immediate, got {c:?}")
        };
        assert_eq!(l.amount_minor, 40_000);
        // After a due removal, a new limit is a first limit.
        let removed = change(Some(&daily_deposit(10_000)), None, t0()).into_limit();
        let c = change(Some(&removed), Some(90_000), now);
        assert!(matches!(c, LimitChange::Immediate(l) if l.amount_minor == 90_000));
    }

    #[test]
    fn amounts_must_be_positive_and_capped() {
        for bad in [0, -1, i64::MIN] {
            assert_eq!(
                request_change(LimitKind::Wager, LimitPeriod::Day, None, Some(bad), t0()),
                Err(LimitError::NotPositive { amount_minor: bad })
            );
        }
        assert!(
            request_change(
                LimitKind::Wager,
                LimitPeriod::Day,
                None,
                Some(MAX_LIMIT_MINOR),
                t0()
            )
            .is_ok()
        );
        assert_eq!(
            request_change(
                LimitKind::Wager,
                LimitPeriod::Day,
                None,
                Some(i64::MAX),
                t0()
            ),
            Err(LimitError::TooLarge {
                amount_minor: i64::MAX,
                max_minor: MAX_LIMIT_MINOR
            })
        );
    }

    #[test]
    fn a_current_limit_of_another_kind_is_refused() {
        let other = Limit::new(LimitKind::Loss, LimitPeriod::Day, 100, t0());
        assert!(matches!(
            request_change(
                LimitKind::Deposit,
                LimitPeriod::Day,
                Some(&other),
                Some(50),
                t0()
            ),
            Err(LimitError::WrongLimit { .. })
        ));
    }

    #[test]
    fn an_increase_at_the_end_of_time_is_an_error_not_a_panic() {
        let end = DateTime::<Utc>::MAX_UTC;
        let l = Limit::new(LimitKind::Deposit, LimitPeriod::Day, 100, end);
        assert_eq!(
            request_change(
                LimitKind::Deposit,
                LimitPeriod::Day,
                Some(&l),
                Some(200),
                end
            ),
            Err(LimitError::TimeOutOfRange)
        );
    }

    #[test]
    fn periods_are_rolling_windows_of_fixed_length() {
        assert_eq!(LimitPeriod::Day.window(), TimeDelta::hours(24));
        assert_eq!(LimitPeriod::Week.window(), TimeDelta::hours(7 * 24));
        assert_eq!(LimitPeriod::Month.window(), TimeDelta::hours(30 * 24));
    }

    #[test]
    fn names_round_trip_through_display_from_str_and_serde() {
        for k in LimitKind::ALL {
            assert_eq!(k.to_string().parse::<LimitKind>(), Ok(*k));
            let json = serde_json::to_string(k).expect("serialise");
            assert_eq!(json, format!("\"{k}\""));
            assert_eq!(serde_json::from_str::<LimitKind>(&json).ok(), Some(*k));
        }
        for p in LimitPeriod::ALL {
            assert_eq!(p.to_string().parse::<LimitPeriod>(), Ok(*p));
            let json = serde_json::to_string(p).expect("serialise");
            assert_eq!(json, format!("\"{p}\""));
        }
        assert!("Deposit".parse::<LimitKind>().is_err());
        assert!("year".parse::<LimitPeriod>().is_err());
    }

    #[test]
    fn a_limit_serialises_with_a_null_pending_amount_for_a_removal() {
        let l = change(Some(&daily_deposit(10_000)), None, t0()).into_limit();
        let json = serde_json::to_value(l).expect("serialise");
        assert_eq!(json["pending"]["amount_minor"], serde_json::Value::Null);
        assert_eq!(json["kind"], "deposit");
        let back: Limit = serde_json::from_value(json).expect("deserialise");
        assert_eq!(back, l);
    }
}
