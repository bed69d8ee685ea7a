//! Property tests and end-to-end stories for `domain::compliance`, through
//! its public API only, with a fixed fake clock.

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeDelta, TimeZone, Utc};
use domain::compliance::{
    Activity, ActivityKind, COOLING_OFF, Exclusion, ExclusionRequest, Limit, LimitChange,
    LimitExceeded, LimitKind, LimitPeriod, MAX_LIMIT_MINOR, RealityCheckInterval, SessionStatus,
    SessionTimeLimit, WindowUsage, age_on, check, check_bet, check_deposit, defaults_for, headroom,
    is_excluded, materialise, meets_minimum_age, reality_check_due, reality_check_summary,
    request_change, request_exclusion, session_status,
};
use proptest::prelude::*;

fn clock() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 9, 1, 10, 0, 0)
        .single()
        .expect("valid")
}

fn kind_strategy() -> impl Strategy<Value = LimitKind> {
    prop::sample::select(LimitKind::ALL.to_vec())
}

fn period_strategy() -> impl Strategy<Value = LimitPeriod> {
    prop::sample::select(LimitPeriod::ALL.to_vec())
}

fn activity_kind_strategy() -> impl Strategy<Value = ActivityKind> {
    prop::sample::select(ActivityKind::ALL.to_vec())
}

/// Records from 40 days before the clock to an hour after it, with any
/// amount at all (negative and huge ones included).
fn activity_strategy() -> impl Strategy<Value = Activity> {
    (
        -40 * 86_400_i64..3_600,
        activity_kind_strategy(),
        prop_oneof![0..1_000_000_i64, any::<i64>()],
    )
        .prop_map(|(offset_s, kind, amount_minor)| Activity {
            at: clock() + TimeDelta::seconds(offset_s),
            kind,
            amount_minor,
        })
}

/// Limits with any amount (even invalid stored ones) and maybe a pending
/// change around the clock.
fn limit_strategy() -> impl Strategy<Value = Limit> {
    (
        kind_strategy(),
        period_strategy(),
        prop_oneof![1..100_000_i64, any::<i64>()],
        prop::option::of((
            prop::option::of(prop_oneof![1..100_000_i64, any::<i64>()]),
            -86_400_i64..86_400,
        )),
    )
        .prop_map(|(kind, period, amount_minor, pending)| Limit {
            kind,
            period,
            amount_minor,
            effective_at: clock() - TimeDelta::days(60),
            pending: pending.map(
                |(amount_minor, offset_s)| domain::compliance::PendingChange {
                    amount_minor,
                    effective_at: clock() + TimeDelta::seconds(offset_s),
                },
            ),
        })
}

proptest! {
    #[test]
    fn headroom_is_never_negative(
        limits in prop::collection::vec(limit_strategy(), 0..8),
        activity in prop::collection::vec(activity_strategy(), 0..40),
        kind in kind_strategy(),
    ) {
        let usage = WindowUsage::compute(&activity, clock());
        if let Some(h) = headroom(&limits, &usage, kind, clock()) {
            prop_assert!(h.remaining_minor >= 0);
            prop_assert!(h.used_minor >= 0);
            prop_assert_eq!(h.kind, kind);
            // The binding limit is the lowest: every other has at least as much left.
            for l in limits.iter().filter(|l| l.kind == kind) {
                if let Some(amount) = l.amount_at(clock()) {
                    let left = amount
                        .saturating_sub(usage.get(l.period).used_minor(kind))
                        .max(0);
                    prop_assert!(h.remaining_minor <= left);
                }
            }
        }
    }

    #[test]
    fn usage_is_monotone_in_added_stakes(
        activity in prop::collection::vec(activity_strategy(), 0..40),
        extra in activity_strategy(),
        stake in 0..1_000_000_000_i64,
        limits in prop::collection::vec(limit_strategy(), 0..6),
    ) {
        let before = WindowUsage::compute(&activity, clock());
        let mut more = activity;
        more.push(Activity { kind: ActivityKind::Stake, amount_minor: stake, ..extra });
        let after = WindowUsage::compute(&more, clock());
        for period in LimitPeriod::ALL {
            for kind in [LimitKind::Wager, LimitKind::Loss] {
                prop_assert!(
                    after.get(*period).used_minor(kind) >= before.get(*period).used_minor(kind)
                );
            }
            prop_assert_eq!(after.get(*period).deposits_minor, before.get(*period).deposits_minor);
        }
        for kind in [LimitKind::Wager, LimitKind::Loss] {
            let h0 = headroom(&limits, &before, kind, clock()).map(|h| h.remaining_minor);
            let h1 = headroom(&limits, &after, kind, clock()).map(|h| h.remaining_minor);
            prop_assert!(h1 <= h0, "headroom grew from {h0:?} to {h1:?}");
        }
    }

    #[test]
    fn a_check_passes_exactly_when_the_amount_fits_the_headroom(
        limits in prop::collection::vec(limit_strategy(), 0..6),
        activity in prop::collection::vec(activity_strategy(), 0..30),
        kind in kind_strategy(),
        amount in any::<i64>(),
    ) {
        let usage = WindowUsage::compute(&activity, clock());
        let fits = headroom(&limits, &usage, kind, clock())
            .is_none_or(|h| amount <= h.remaining_minor);
        prop_assert_eq!(check(&limits, &activity, clock(), kind, amount).is_ok(), fits);
    }

    #[test]
    fn a_limit_is_never_loosened_at_once(
        current in prop::option::of(limit_strategy()),
        amount in prop::option::of(prop_oneof![1..200_000_i64, any::<i64>()]),
        offset_s in -86_400_i64..3 * 86_400,
    ) {
        let now = clock() + TimeDelta::seconds(offset_s);
        let (kind, period) = current.map_or((LimitKind::Deposit, LimitPeriod::Day), |c| (c.kind, c.period));
        let in_force = current.and_then(|c| materialise(&c, now)).map(|l| l.amount_minor);
        match request_change(kind, period, current.as_ref(), amount, now) {
            Ok(LimitChange::Immediate(l)) => {
                prop_assert!(l.pending.is_none());
                prop_assert!(l.amount_minor > 0 && l.amount_minor <= MAX_LIMIT_MINOR);
                if let Some(before) = in_force {
                    prop_assert!(l.amount_minor <= before);
                }
            }
            Ok(LimitChange::Scheduled(l)) => {
                prop_assert_eq!(Some(l.amount_minor), in_force);
                let p = l.pending.expect("a scheduled change is pending");
                prop_assert!(p.effective_at > now && p.effective_at <= now + COOLING_OFF);
                prop_assert!(p.amount_minor.is_none_or(|a| Some(a) > in_force));
            }
            Err(_) => {}
        }
    }

    #[test]
    fn an_exclusion_is_never_shortened(
        first_days in 1..=42_u32,
        first_months in 6..=60_u32,
        first_kind in 0..3_u8,
        second_days in 0..=50_u32,
        second_months in 0..=70_u32,
        second_kind in 0..3_u8,
        later_s in 0..400 * 86_400_i64,
    ) {
        let request = |k: u8, days, months| match k {
            0 => ExclusionRequest::TimeOut { days },
            1 => ExclusionRequest::SelfExclusion { months },
            _ => ExclusionRequest::PermanentSelfExclusion,
        };
        let first = request_exclusion(&[], request(first_kind, first_days, first_months), clock(), 6)
            .expect("valid first request");
        let later = clock() + TimeDelta::seconds(later_s);
        if let Ok(after) = request_exclusion(&[first], request(second_kind, second_days, second_months), later, 6) {
            prop_assert!(after.is_active(later));
            if first.is_active(later) {
                match (first.until, after.until) {
                    (None, until) => prop_assert_eq!(until, None),
                    (Some(a), Some(b)) => prop_assert!(b >= a),
                    (Some(_), None) => {}
                }
            }
        }
    }

    #[test]
    fn age_grows_by_one_on_each_birthday(
        dob_days in 0..60_000_u64,
        years in 0..120_u32,
    ) {
        let dob = NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid")
            .checked_add_days(Days::new(dob_days)).expect("in range");
        prop_assume!(!(dob.month() == 2 && dob.day() == 29));
        let birthday = dob.with_year(dob.year() + i32::try_from(years).expect("small"))
            .expect("not a leap day");
        prop_assert_eq!(age_on(dob, birthday), years);
        if years > 0 {
            prop_assert_eq!(age_on(dob, birthday.pred_opt().expect("in range")), years - 1);
        }
    }

    #[test]
    fn a_reality_check_is_never_due_before_its_interval(
        minutes in 10..=480_u32,
        elapsed_s in 0..10 * 3_600_i64,
    ) {
        let interval = RealityCheckInterval::from_minutes(minutes).expect("in bounds");
        let due = reality_check_due(interval, clock(), None, clock() + TimeDelta::seconds(elapsed_s));
        prop_assert_eq!(due, elapsed_s >= i64::from(minutes) * 60);
    }
}

fn rec(at: DateTime<Utc>, kind: ActivityKind, amount_minor: i64) -> Activity {
    Activity {
        at,
        kind,
        amount_minor,
    }
}

#[test]
fn a_players_deposit_limit_story() {
    let t0 = clock();
    let (k, p) = (LimitKind::Deposit, LimitPeriod::Day);
    // Registration: the player sets 100.00 a day; in force at once.
    let limit = request_change(k, p, None, Some(10_000), t0)
        .expect("valid")
        .into_limit();
    let mut activity = vec![rec(t0 + TimeDelta::hours(1), ActivityKind::Deposit, 8_000)];
    let t1 = t0 + TimeDelta::hours(2);
    assert_eq!(check_deposit(&[limit], &activity, t1, 2_000), Ok(()));
    assert_eq!(
        check_deposit(&[limit], &activity, t1, 2_001),
        Err(LimitExceeded {
            kind: k,
            period: p,
            remaining_minor: 2_000
        })
    );
    activity.push(rec(
        t1 + TimeDelta::minutes(30),
        ActivityKind::Deposit,
        2_000,
    ));
    // Asking for 500.00 does not help today: it waits 24 hours.
    let limit = request_change(k, p, Some(&limit), Some(50_000), t1)
        .expect("valid")
        .into_limit();
    let t2 = t1 + TimeDelta::hours(22);
    assert!(check_deposit(&[limit], &activity, t2, 1).is_err());
    // 24 hours after the request, the increase is in force and yesterday's
    // first deposit (at t0 + 1 h, now 25 h old) has left the window.
    let t3 = t1 + COOLING_OFF;
    assert_eq!(check_deposit(&[limit], &activity, t3, 48_000), Ok(()));
    assert!(check_deposit(&[limit], &activity, t3, 48_001).is_err());
    // A week limit added on top binds when it is lower.
    let week = request_change(k, LimitPeriod::Week, None, Some(15_000), t3)
        .expect("valid")
        .into_limit();
    assert_eq!(
        check_deposit(&[limit, week], &activity, t3, 5_001),
        Err(LimitExceeded {
            kind: k,
            period: LimitPeriod::Week,
            remaining_minor: 5_000
        })
    );
}

#[test]
fn loss_limits_count_stakes_minus_winnings_and_cap_each_stake() {
    let now = clock();
    let loss = Limit::new(
        LimitKind::Loss,
        LimitPeriod::Week,
        10_000,
        now - TimeDelta::days(9),
    );
    let activity = [
        rec(now - TimeDelta::days(8), ActivityKind::Stake, 99_000), // outside the week
        rec(now - TimeDelta::days(2), ActivityKind::Stake, 6_000),
        rec(now - TimeDelta::days(2), ActivityKind::Winnings, 2_500),
        rec(now - TimeDelta::hours(1), ActivityKind::Stake, 1_500),
    ];
    // Loss in the week: 6 000 + 1 500 − 2 500 = 5 000; 5 000 left.
    let usage = WindowUsage::compute(&activity, now);
    assert_eq!(usage.week.net_loss_minor(), 5_000);
    let h = headroom(&[loss], &usage, LimitKind::Loss, now).expect("loss limit");
    assert_eq!(h.remaining_minor, 5_000);
    assert_eq!(check_bet(&[loss], &activity, now, 5_000), Ok(()));
    assert_eq!(
        check_bet(&[loss], &activity, now, 5_001),
        Err(LimitExceeded {
            kind: LimitKind::Loss,
            period: LimitPeriod::Week,
            remaining_minor: 5_000
        })
    );
}

#[test]
fn removal_of_a_limit_takes_the_cooling_off_like_an_increase() {
    let t0 = clock();
    let wager = Limit::new(LimitKind::Wager, LimitPeriod::Month, 1_000, t0);
    let removing = request_change(LimitKind::Wager, LimitPeriod::Month, Some(&wager), None, t0)
        .expect("valid");
    let LimitChange::Scheduled(removing) = removing else {
        panic!("a removal must be scheduled, got {removing:?}")
    };
    let big_bet = 1_000_000;
    assert!(check_bet(&[removing], &[], t0 + TimeDelta::hours(23), big_bet).is_err());
    assert_eq!(
        check_bet(&[removing], &[], t0 + COOLING_OFF, big_bet),
        Ok(())
    );
    assert_eq!(materialise(&removing, t0 + COOLING_OFF), None);
}

#[test]
fn a_time_out_cannot_shorten_a_self_exclusion_and_login_waits_for_until() {
    let t0 = clock();
    let six_months = request_exclusion(
        &[],
        ExclusionRequest::SelfExclusion { months: 6 },
        t0,
        defaults_for("GB".parse().expect("code")).minimum_self_exclusion_months,
    )
    .expect("valid");
    let until = six_months.until.expect("fixed term");
    assert_eq!(
        until,
        Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0)
            .single()
            .expect("valid")
    );
    let after = request_exclusion(
        &[six_months],
        ExclusionRequest::TimeOut { days: 1 },
        t0 + TimeDelta::days(1),
        6,
    )
    .expect("valid");
    assert_eq!(after, six_months);
    let all: [Exclusion; 1] = [after];
    assert!(is_excluded(&all, until - TimeDelta::seconds(1)));
    assert!(!is_excluded(&all, until));
}

#[test]
fn reality_check_interval_bounds_are_10_minutes_and_8_hours() {
    assert!(RealityCheckInterval::from_minutes(9).is_err());
    assert!(RealityCheckInterval::from_minutes(10).is_ok());
    assert!(RealityCheckInterval::from_minutes(480).is_ok());
    assert!(RealityCheckInterval::from_minutes(481).is_err());
}

#[test]
fn a_session_with_a_reality_check_and_a_time_limit() {
    let start = clock();
    let every_hour = RealityCheckInterval::from_minutes(60).expect("valid");
    let limit = SessionTimeLimit::new(90, 30).expect("valid");
    let activity = [
        rec(start + TimeDelta::minutes(5), ActivityKind::Stake, 2_000),
        rec(
            start + TimeDelta::minutes(20),
            ActivityKind::Winnings,
            3_500,
        ),
    ];
    let at_hour = start + TimeDelta::hours(1);
    assert!(reality_check_due(every_hour, start, None, at_hour));
    let summary = reality_check_summary(start, &activity, at_hour);
    assert_eq!(summary.time_played_secs, 3_600);
    assert_eq!(summary.net_win_minor, 1_500);
    assert!(!reality_check_due(
        every_hour,
        start,
        Some(at_hour),
        at_hour
    ));
    assert_eq!(
        session_status(&limit, start, start + TimeDelta::minutes(90)),
        SessionStatus::OnBreak {
            until: start + TimeDelta::minutes(120)
        }
    );
}

#[test]
fn registration_age_gate_with_a_leap_day_birthday() {
    let rules = defaults_for("mt".parse().expect("code"));
    let dob = NaiveDate::from_ymd_opt(2008, 2, 29).expect("valid");
    let feb_28 = NaiveDate::from_ymd_opt(2026, 2, 28).expect("valid");
    let mar_1 = NaiveDate::from_ymd_opt(2026, 3, 1).expect("valid");
    assert!(!meets_minimum_age(dob, feb_28, rules.minimum_age));
    assert!(meets_minimum_age(dob, mar_1, rules.minimum_age));
}
