//! Rolling-window usage of limits, headroom and the checks before a deposit
//! or a bet, plus the loss alert.
//!
//! A record is in the window of a period when it is younger than the
//! period's length: `now - window < at`. A record exactly one window old has
//! just dropped out. Records dated after `now` (a replica's clock a little
//! ahead) are counted, so clock skew can never let money slip past a limit.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::limits::{Limit, LimitKind, LimitPeriod};
use crate::money::coded_enum;

coded_enum! {
    /// What a piece of activity was.
    ActivityKind, parse_error("activity kind"), {
        /// A completed deposit.
        Deposit => "deposit",
        /// A stake placed (sportsbook bet or casino round bet), counted when
        /// placed: an open bet counts as lost until its winnings are recorded.
        Stake => "stake",
        /// Winnings paid back (including a returned stake on a won or void bet).
        Winnings => "winnings",
    }
}

/// One money movement that counts against limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Activity {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// What it was.
    pub kind: ActivityKind,
    /// Its size in minor units, a magnitude. Negative amounts are ignored,
    /// so a malformed record can never create headroom; a rollback is the
    /// removal of the record, not a negative one.
    pub amount_minor: i64,
}

/// Totals of activity in one window. Sums saturate instead of overflowing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Usage {
    /// Gross deposits.
    pub deposits_minor: i64,
    /// Stakes placed.
    pub stakes_minor: i64,
    /// Winnings paid.
    pub winnings_minor: i64,
}

impl Usage {
    /// Adds one record (negative amounts ignored).
    pub fn add(&mut self, activity: &Activity) {
        let amount = activity.amount_minor.max(0);
        let total = match activity.kind {
            ActivityKind::Deposit => &mut self.deposits_minor,
            ActivityKind::Stake => &mut self.stakes_minor,
            ActivityKind::Winnings => &mut self.winnings_minor,
        };
        *total = total.saturating_add(amount);
    }

    /// Stakes minus winnings; negative when the player is ahead.
    #[must_use]
    pub const fn net_loss_minor(&self) -> i64 {
        self.stakes_minor.saturating_sub(self.winnings_minor)
    }

    /// What counts against a limit of `kind`: deposits, stakes, or the net
    /// loss floored at zero (being ahead does not raise a loss limit).
    #[must_use]
    pub const fn used_minor(&self, kind: LimitKind) -> i64 {
        match kind {
            LimitKind::Deposit => self.deposits_minor,
            LimitKind::Wager => self.stakes_minor,
            LimitKind::Loss => {
                let loss = self.net_loss_minor();
                if loss > 0 { loss } else { 0 }
            }
        }
    }
}

/// Whether a record at `at` is in the `period` window ending at `now`
/// (`now - window < at`; later records included, see the module doc).
#[must_use]
pub fn in_window(at: DateTime<Utc>, now: DateTime<Utc>, period: LimitPeriod) -> bool {
    // A window reaching before the start of time holds everything.
    now.checked_sub_signed(period.window())
        .is_none_or(|start| at > start)
}

/// Usage in the `period` window ending at `now`.
#[must_use]
pub fn usage_in_window(activity: &[Activity], now: DateTime<Utc>, period: LimitPeriod) -> Usage {
    let mut usage = Usage::default();
    for a in activity.iter().filter(|a| in_window(a.at, now, period)) {
        usage.add(a);
    }
    usage
}

/// Usage in each period's window ending at the same `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct WindowUsage {
    /// The last 24 hours.
    pub day: Usage,
    /// The last 7 days.
    pub week: Usage,
    /// The last 30 days.
    pub month: Usage,
}

impl WindowUsage {
    /// Usage of every window, in one pass over the records.
    #[must_use]
    pub fn compute(activity: &[Activity], now: DateTime<Utc>) -> Self {
        let mut usage = Self::default();
        for a in activity {
            for period in LimitPeriod::ALL {
                if in_window(a.at, now, *period) {
                    usage.get_mut(*period).add(a);
                }
            }
        }
        usage
    }

    /// The usage of one period's window.
    #[must_use]
    pub const fn get(&self, period: LimitPeriod) -> &Usage {
        match period {
            LimitPeriod::Day => &self.day,
            LimitPeriod::Week => &self.week,
            LimitPeriod::Month => &self.month,
        }
    }

    const fn get_mut(&mut self, period: LimitPeriod) -> &mut Usage {
        match period {
            LimitPeriod::Day => &mut self.day,
            LimitPeriod::Week => &mut self.week,
            LimitPeriod::Month => &mut self.month,
        }
    }
}

/// What is left under the binding limit of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Headroom {
    /// The kind of limit.
    pub kind: LimitKind,
    /// The period of the limit that binds (the lowest remaining).
    pub period: LimitPeriod,
    /// That limit's amount in force.
    pub limit_minor: i64,
    /// What its window has used.
    pub used_minor: i64,
    /// `limit - used`, never below zero.
    pub remaining_minor: i64,
}

/// The headroom under the `kind` limits in force at `now` (pending changes
/// that are due count, see [`Limit::amount_at`]): with several limits of one
/// kind the lowest remaining applies, ties going to the shorter period.
/// `None` when the player has no limit of that kind.
#[must_use]
pub fn headroom(
    limits: &[Limit],
    usage: &WindowUsage,
    kind: LimitKind,
    now: DateTime<Utc>,
) -> Option<Headroom> {
    limits
        .iter()
        .filter(|l| l.kind == kind)
        .filter_map(|l| {
            let limit_minor = l.amount_at(now)?;
            let used_minor = usage.get(l.period).used_minor(kind);
            Some(Headroom {
                kind,
                period: l.period,
                limit_minor,
                used_minor,
                remaining_minor: limit_minor.saturating_sub(used_minor).max(0),
            })
        })
        .min_by_key(|h| (h.remaining_minor, h.period))
}

/// A deposit or a bet that a limit refuses: `deposit_limit_exceeded` and its
/// kin at the edge, with `details.remaining`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("{kind} limit per {period} exceeded: {remaining_minor} remaining")]
pub struct LimitExceeded {
    /// The kind of the binding limit.
    pub kind: LimitKind,
    /// Its period.
    pub period: LimitPeriod,
    /// What may still be spent under it, in minor units.
    pub remaining_minor: i64,
}

fn check_usage(
    limits: &[Limit],
    usage: &WindowUsage,
    now: DateTime<Utc>,
    kind: LimitKind,
    amount_minor: i64,
) -> Result<(), LimitExceeded> {
    match headroom(limits, usage, kind, now) {
        Some(h) if amount_minor > h.remaining_minor => Err(LimitExceeded {
            kind,
            period: h.period,
            remaining_minor: h.remaining_minor,
        }),
        _ => Ok(()),
    }
}

/// Whether spending `amount_minor` now stays within every `kind` limit.
/// For a loss limit, pass the stake: a bet can lose at most its stake, so
/// the stake must fit in the loss headroom. Amounts of zero or less always
/// pass (validating them is the caller's job).
///
/// # Errors
/// [`LimitExceeded`] with the binding limit and what remains under it.
pub fn check(
    limits: &[Limit],
    activity: &[Activity],
    now: DateTime<Utc>,
    kind: LimitKind,
    amount_minor: i64,
) -> Result<(), LimitExceeded> {
    check_usage(
        limits,
        &WindowUsage::compute(activity, now),
        now,
        kind,
        amount_minor,
    )
}

/// [`check`] before a deposit: the deposit limits.
///
/// # Errors
/// [`LimitExceeded`] for the binding deposit limit.
pub fn check_deposit(
    limits: &[Limit],
    activity: &[Activity],
    now: DateTime<Utc>,
    amount_minor: i64,
) -> Result<(), LimitExceeded> {
    check(limits, activity, now, LimitKind::Deposit, amount_minor)
}

/// [`check`] before a bet or a casino round: the stake against both the
/// wager and the loss limits.
///
/// # Errors
/// [`LimitExceeded`] for whichever refusing limit has the least remaining
/// (wager on a tie).
pub fn check_bet(
    limits: &[Limit],
    activity: &[Activity],
    now: DateTime<Utc>,
    stake_minor: i64,
) -> Result<(), LimitExceeded> {
    let usage = WindowUsage::compute(activity, now);
    let wager = check_usage(limits, &usage, now, LimitKind::Wager, stake_minor);
    let loss = check_usage(limits, &usage, now, LimitKind::Loss, stake_minor);
    match (wager, loss) {
        (Err(w), Err(l)) if l.remaining_minor < w.remaining_minor => Err(l),
        (Err(w), _) => Err(w),
        (Ok(()), loss) => loss,
    }
}

/// Whether to alert the player that their net loss over `period` has
/// reached `threshold_minor` (reaching it counts). At most once per period:
/// no alert while an earlier alert (`already_alerted_at`) is still inside
/// the rolling window ending at `now`. A threshold of zero or less means no
/// alerts.
#[must_use]
pub fn loss_alert_due(
    net_loss_minor: i64,
    threshold_minor: i64,
    period: LimitPeriod,
    already_alerted_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    threshold_minor > 0
        && net_loss_minor >= threshold_minor
        && !already_alerted_at.is_some_and(|at| in_window(at, now, period))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 6, 1, 18, 30, 0)
            .single()
            .expect("valid")
    }

    fn ago(d: TimeDelta) -> DateTime<Utc> {
        now() - d
    }

    fn rec(at: DateTime<Utc>, kind: ActivityKind, amount_minor: i64) -> Activity {
        Activity {
            at,
            kind,
            amount_minor,
        }
    }

    fn limit(kind: LimitKind, period: LimitPeriod, amount_minor: i64) -> Limit {
        Limit::new(kind, period, amount_minor, now() - TimeDelta::days(100))
    }

    const SECOND: TimeDelta = TimeDelta::seconds(1);

    #[test]
    fn a_record_exactly_one_window_old_has_dropped_out() {
        for period in LimitPeriod::ALL {
            let w = period.window();
            assert!(!in_window(ago(w), now(), *period), "{period}");
            assert!(in_window(ago(w - SECOND), now(), *period), "{period}");
            assert!(
                in_window(ago(w - TimeDelta::nanoseconds(1)), now(), *period),
                "{period}"
            );
            assert!(in_window(now(), now(), *period), "{period}");
        }
    }

    #[test]
    fn records_dated_after_now_still_count() {
        assert!(in_window(now() + SECOND, now(), LimitPeriod::Day));
    }

    #[test]
    fn windows_at_their_exact_boundaries() {
        let activity = [
            rec(ago(TimeDelta::hours(24)), ActivityKind::Deposit, 1),
            rec(
                ago(TimeDelta::hours(24) - SECOND),
                ActivityKind::Deposit,
                10,
            ),
            rec(ago(TimeDelta::days(7)), ActivityKind::Deposit, 100),
            rec(
                ago(TimeDelta::days(7) - SECOND),
                ActivityKind::Deposit,
                1_000,
            ),
            rec(ago(TimeDelta::days(30)), ActivityKind::Deposit, 10_000),
            rec(
                ago(TimeDelta::days(30) - SECOND),
                ActivityKind::Deposit,
                100_000,
            ),
        ];
        let u = WindowUsage::compute(&activity, now());
        assert_eq!(u.day.deposits_minor, 10);
        assert_eq!(u.week.deposits_minor, 1 + 10 + 1_000);
        assert_eq!(u.month.deposits_minor, 1 + 10 + 100 + 1_000 + 100_000);
        for period in LimitPeriod::ALL {
            assert_eq!(
                usage_in_window(&activity, now(), *period),
                *u.get(*period),
                "{period}"
            );
        }
    }

    #[test]
    fn loss_is_stakes_minus_winnings() {
        let activity = [
            rec(ago(TimeDelta::hours(1)), ActivityKind::Stake, 5_000),
            rec(ago(TimeDelta::hours(1)), ActivityKind::Winnings, 1_500),
            rec(ago(TimeDelta::hours(2)), ActivityKind::Stake, 2_000),
            rec(ago(TimeDelta::hours(2)), ActivityKind::Deposit, 50_000),
        ];
        let u = usage_in_window(&activity, now(), LimitPeriod::Day);
        assert_eq!(u.net_loss_minor(), 5_500);
        assert_eq!(u.used_minor(LimitKind::Loss), 5_500);
        assert_eq!(u.used_minor(LimitKind::Wager), 7_000);
        assert_eq!(u.used_minor(LimitKind::Deposit), 50_000);
    }

    #[test]
    fn a_player_who_is_ahead_has_no_loss_but_no_extra_headroom() {
        let activity = [
            rec(ago(TimeDelta::hours(1)), ActivityKind::Stake, 1_000),
            rec(ago(TimeDelta::hours(1)), ActivityKind::Winnings, 9_000),
        ];
        let u = WindowUsage::compute(&activity, now());
        assert_eq!(u.day.net_loss_minor(), -8_000);
        assert_eq!(u.day.used_minor(LimitKind::Loss), 0);
        let limits = [limit(LimitKind::Loss, LimitPeriod::Day, 2_000)];
        let h = headroom(&limits, &u, LimitKind::Loss, now()).expect("a loss limit");
        assert_eq!(h.remaining_minor, 2_000);
    }

    #[test]
    fn the_lowest_remaining_limit_applies() {
        // Day 100 with 20 used → 80 left; week 500 with 450 used → 50 left;
        // month 10 000 → plenty.
        let activity = [
            rec(ago(TimeDelta::hours(2)), ActivityKind::Deposit, 20),
            rec(ago(TimeDelta::days(3)), ActivityKind::Deposit, 430),
        ];
        let limits = [
            limit(LimitKind::Deposit, LimitPeriod::Day, 100),
            limit(LimitKind::Deposit, LimitPeriod::Week, 500),
            limit(LimitKind::Deposit, LimitPeriod::Month, 10_000),
            limit(LimitKind::Wager, LimitPeriod::Day, 1),
        ];
        let u = WindowUsage::compute(&activity, now());
        let h = headroom(&limits, &u, LimitKind::Deposit, now()).expect("deposit limits");
        assert_eq!(
            h,
            Headroom {
                kind: LimitKind::Deposit,
                period: LimitPeriod::Week,
                limit_minor: 500,
                used_minor: 450,
                remaining_minor: 50,
            }
        );
        assert_eq!(check_deposit(&limits, &activity, now(), 50), Ok(()));
        assert_eq!(
            check_deposit(&limits, &activity, now(), 51),
            Err(LimitExceeded {
                kind: LimitKind::Deposit,
                period: LimitPeriod::Week,
                remaining_minor: 50
            })
        );
    }

    #[test]
    fn the_lowest_limit_applies_even_if_it_is_the_longer_period() {
        let limits = [
            limit(LimitKind::Wager, LimitPeriod::Day, 1_000),
            limit(LimitKind::Wager, LimitPeriod::Month, 300),
        ];
        let h = headroom(&limits, &WindowUsage::default(), LimitKind::Wager, now())
            .expect("wager limits");
        assert_eq!((h.period, h.remaining_minor), (LimitPeriod::Month, 300));
    }

    #[test]
    fn no_limit_of_a_kind_means_no_headroom_and_any_amount_passes() {
        let limits = [limit(LimitKind::Loss, LimitPeriod::Day, 10)];
        assert_eq!(
            headroom(&limits, &WindowUsage::default(), LimitKind::Deposit, now()),
            None
        );
        assert_eq!(check_deposit(&limits, &[], now(), i64::MAX), Ok(()));
    }

    #[test]
    fn a_used_up_limit_has_zero_headroom_not_negative() {
        let activity = [rec(ago(TimeDelta::hours(1)), ActivityKind::Stake, 900)];
        let limits = [limit(LimitKind::Wager, LimitPeriod::Day, 500)];
        let u = WindowUsage::compute(&activity, now());
        let h = headroom(&limits, &u, LimitKind::Wager, now()).expect("limit");
        assert_eq!(h.remaining_minor, 0);
        assert_eq!(
            check_bet(&limits, &activity, now(), 1),
            Err(LimitExceeded {
                kind: LimitKind::Wager,
                period: LimitPeriod::Day,
                remaining_minor: 0
            })
        );
        assert_eq!(check_bet(&limits, &activity, now(), 0), Ok(()));
    }

    #[test]
    fn a_bet_stake_is_checked_against_the_loss_headroom() {
        let activity = [
            rec(ago(TimeDelta::hours(1)), ActivityKind::Stake, 3_000),
            rec(ago(TimeDelta::hours(1)), ActivityKind::Winnings, 1_000),
        ];
        let limits = [limit(LimitKind::Loss, LimitPeriod::Day, 5_000)];
        assert_eq!(check_bet(&limits, &activity, now(), 3_000), Ok(()));
        assert_eq!(
            check_bet(&limits, &activity, now(), 3_001),
            Err(LimitExceeded {
                kind: LimitKind::Loss,
                period: LimitPeriod::Day,
                remaining_minor: 3_000
            })
        );
    }

    #[test]
    fn check_bet_reports_the_tighter_of_wager_and_loss() {
        let limits = [
            limit(LimitKind::Wager, LimitPeriod::Week, 800),
            limit(LimitKind::Loss, LimitPeriod::Day, 300),
        ];
        let err = check_bet(&limits, &[], now(), 1_000).expect_err("over both");
        assert_eq!((err.kind, err.remaining_minor), (LimitKind::Loss, 300));
        let err = check_bet(&limits, &[], now(), 500).expect_err("over loss");
        assert_eq!(err.kind, LimitKind::Loss);
    }

    #[test]
    fn a_due_pending_change_counts_in_the_headroom() {
        let mut l = limit(LimitKind::Deposit, LimitPeriod::Day, 100);
        l.pending = Some(crate::compliance::PendingChange {
            amount_minor: Some(1_000),
            effective_at: now(),
        });
        assert!(check_deposit(&[l], &[], now() - SECOND, 101).is_err());
        assert_eq!(check_deposit(&[l], &[], now(), 1_000), Ok(()));
        l.pending = Some(crate::compliance::PendingChange {
            amount_minor: None,
            effective_at: now(),
        });
        assert_eq!(
            headroom(&[l], &WindowUsage::default(), LimitKind::Deposit, now()),
            None
        );
    }

    #[test]
    fn negative_amounts_are_ignored_and_sums_saturate() {
        let activity = [
            rec(now(), ActivityKind::Deposit, -5_000),
            rec(now(), ActivityKind::Stake, i64::MAX),
            rec(now(), ActivityKind::Stake, i64::MAX),
            rec(now(), ActivityKind::Winnings, i64::MIN),
        ];
        let u = usage_in_window(&activity, now(), LimitPeriod::Day);
        assert_eq!(u.deposits_minor, 0);
        assert_eq!(u.stakes_minor, i64::MAX);
        assert_eq!(u.winnings_minor, 0);
        assert_eq!(u.used_minor(LimitKind::Loss), i64::MAX);
    }

    #[test]
    fn a_window_that_starts_before_the_start_of_time_holds_everything() {
        let start = DateTime::<Utc>::MIN_UTC;
        assert!(in_window(start, start + SECOND, LimitPeriod::Month));
    }

    #[test]
    fn a_loss_alert_fires_once_per_period() {
        let p = LimitPeriod::Week;
        assert!(!loss_alert_due(999, 1_000, p, None, now()));
        assert!(loss_alert_due(1_000, 1_000, p, None, now()));
        assert!(loss_alert_due(5_000, 1_000, p, None, now()));
        let alerted = now() - TimeDelta::days(2);
        assert!(!loss_alert_due(5_000, 1_000, p, Some(alerted), now()));
        // Once the earlier alert is a full period old, a new one may fire.
        assert!(!loss_alert_due(
            5_000,
            1_000,
            p,
            Some(alerted),
            alerted + p.window() - SECOND
        ));
        assert!(loss_alert_due(
            5_000,
            1_000,
            p,
            Some(alerted),
            alerted + p.window()
        ));
        assert!(!loss_alert_due(5_000, 0, p, None, now()));
        assert!(!loss_alert_due(5_000, -1, p, None, now()));
    }

    #[test]
    fn activity_kind_names_round_trip() {
        for k in ActivityKind::ALL {
            assert_eq!(k.to_string().parse::<ActivityKind>(), Ok(*k));
            assert_eq!(
                serde_json::to_string(k).expect("serialise"),
                format!("\"{k}\"")
            );
        }
    }
}
