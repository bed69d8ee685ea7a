//! A board's definition: the body validated into typed values, and the
//! periods it runs in.
//!
//! Rules:
//! - Every problem of a body is reported with its field: `name`, `metric`
//!   (unknown code), `recurrence`, `timezone` (not an IANA zone),
//!   `starts_at`/`ends_at` (not RFC 3339, inverted, `ends_at` missing on a
//!   `once` board or given on a recurring one), `verticals[i]`,
//!   `max_participants` (< 1), `min_stake`, `prizes` (none, or overlapping
//!   ranges), `prizes[i].from_rank`/`to_rank` (< 1, inverted, beyond
//!   [`MAX_PAID_RANK`]), `prizes[i].reward.*` (the reward's own checks;
//!   cashback and percent bonuses have no basis on a leaderboard).
//! - Periods of a recurring board are calendar periods of its timezone:
//!   a local day, a week from Monday, a month from the 1st, each starting
//!   at the first valid local time of its first day (so DST changes give
//!   23- or 25-hour days). The first period is the one containing
//!   `starts_at` (absent: the creation time), starting no earlier than it.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use domain::api::leaderboard::{LeaderboardSpec, Metric, Period, PrizeRange, Recurrence};
use domain::money::{Currency, Money};
use domain::reward::{Reward, RewardKind};
use domain::validation::{FieldError, FieldErrors, index, join};

/// Longest board name.
pub const MAX_NAME_CHARS: usize = 200;
/// Highest rank a prize may pay.
pub const MAX_PAID_RANK: i64 = 10_000;
/// Most prize ranges.
pub const MAX_PRIZES: usize = 100;
/// Largest `max_participants`.
pub const MAX_PARTICIPANTS: i64 = 100_000_000;

/// A validated board.
#[derive(Debug, Clone)]
pub struct Definition {
    /// 1–200 characters.
    pub name: String,
    /// What it ranks by.
    pub metric: Metric,
    /// How often it restarts.
    pub recurrence: Recurrence,
    /// Its timezone.
    pub tz: Tz,
    /// Verticals that score (empty: all).
    pub verticals: Vec<String>,
    /// `starts_at`, if given.
    pub starts_at: Option<DateTime<Utc>>,
    /// `ends_at` of a one-off board.
    pub ends_at: Option<DateTime<Utc>>,
    /// Players must join first.
    pub opt_in: bool,
    /// Most players per period.
    pub max_participants: Option<i64>,
    /// Smallest stake that scores.
    pub min_stake: Option<Money>,
    /// Prizes, by rank range, sorted by `from_rank`.
    pub prizes: Vec<Prize>,
}

/// One validated prize range.
#[derive(Debug, Clone)]
pub struct Prize {
    /// First rank (≥ 1).
    pub from_rank: u64,
    /// Last rank (≥ `from_rank`).
    pub to_rank: u64,
    /// What each rank gets.
    pub reward: Reward,
}

impl Definition {
    /// Validates `spec` with money in `currency` (see the module rules).
    pub fn parse(spec: &LeaderboardSpec, currency: Currency) -> Result<Self, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let built = build(spec, currency, &mut errors);
        errors.finish(built, "leaderboard")
    }

    /// The wire form again, normalised.
    pub fn to_spec(&self) -> LeaderboardSpec {
        LeaderboardSpec {
            name: self.name.clone(),
            metric: self.metric.code().to_owned(),
            verticals: (!self.verticals.is_empty()).then(|| self.verticals.clone()),
            recurrence: self.recurrence.code().to_owned(),
            timezone: self.tz.name().to_owned(),
            starts_at: self.starts_at.map(|t| t.to_rfc3339()),
            ends_at: self.ends_at.map(|t| t.to_rfc3339()),
            opt_in: self.opt_in,
            max_participants: self.max_participants,
            min_stake: self.min_stake.map(Money::format_amount),
            prizes: self
                .prizes
                .iter()
                .map(|p| PrizeRange {
                    from_rank: p.from_rank as i64,
                    to_rank: p.to_rank as i64,
                    reward: p.reward.to_spec(),
                })
                .collect(),
        }
    }

    /// The prize of `rank`, if any.
    pub fn prize_for(&self, rank: u64) -> Option<&Prize> {
        self.prizes
            .iter()
            .find(|p| p.from_rank <= rank && rank <= p.to_rank)
    }

    /// The highest rank paid.
    pub fn last_paid_rank(&self) -> u64 {
        self.prizes.iter().map(|p| p.to_rank).max().unwrap_or(0)
    }

    /// The first period, for a board created at `now`.
    pub fn first_period(&self, now: DateTime<Utc>) -> Period {
        let start = self.starts_at.unwrap_or(now);
        match self.recurrence {
            Recurrence::Once => Period {
                starts_at: start,
                ends_at: self.ends_at.unwrap_or(start + Duration::days(1)),
            },
            r => {
                let calendar = calendar_period(self.tz, r, start);
                Period {
                    starts_at: start.max(calendar.starts_at),
                    ends_at: calendar.ends_at,
                }
            }
        }
    }

    /// The period after `previous`, closed at `now`: none for a one-off
    /// board; the rest of the calendar period when closed early; else the
    /// calendar period containing `now` (periods nobody closed are skipped).
    pub fn next_period(&self, previous: Period, now: DateTime<Utc>) -> Option<Period> {
        if self.recurrence == Recurrence::Once {
            return None;
        }
        if now < previous.ends_at {
            let calendar = calendar_period(self.tz, self.recurrence, previous.ends_at);
            return Some(Period {
                starts_at: now,
                ends_at: if calendar.starts_at == previous.ends_at {
                    previous.ends_at
                } else {
                    calendar.ends_at
                },
            });
        }
        let calendar = calendar_period(self.tz, self.recurrence, now);
        Some(Period {
            starts_at: calendar.starts_at.max(previous.ends_at),
            ends_at: calendar.ends_at,
        })
    }

    /// The local calendar day of `at` in the board's timezone, as days
    /// since 1970-01-01 (login streaks).
    pub fn local_day(&self, at: DateTime<Utc>) -> i32 {
        let date = at.with_timezone(&self.tz).date_naive();
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
        i32::try_from((date - epoch).num_days()).unwrap_or(i32::MAX)
    }
}

/// The first instant of local `date` in `tz` (the first valid local time
/// from 00:00: a DST gap at midnight moves it to the gap's end).
pub fn start_of_day(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    for minutes in (0..24 * 60).step_by(15) {
        let local = date.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(minutes);
        if let Some(at) = tz.from_local_datetime(&local).earliest() {
            return at.with_timezone(&Utc);
        }
    }
    // No valid local time in a whole day does not happen in the IANA data.
    Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).unwrap_or_default())
}

/// The calendar period of `recurrence` in `tz` containing `at`.
pub fn calendar_period(tz: Tz, recurrence: Recurrence, at: DateTime<Utc>) -> Period {
    let date = at.with_timezone(&tz).date_naive();
    let (first, next) = match recurrence {
        Recurrence::Once | Recurrence::Daily => (date, date + Duration::days(1)),
        Recurrence::Weekly => {
            let monday = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
            (monday, monday + Duration::days(7))
        }
        Recurrence::Monthly => {
            let first = date.with_day(1).unwrap_or(date);
            let next = if first.month() == 12 {
                NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
            }
            .unwrap_or(first + Duration::days(31));
            (first, next)
        }
    };
    Period {
        starts_at: start_of_day(tz, first),
        ends_at: start_of_day(tz, next),
    }
}

fn text(errors: &mut FieldErrors, field: &str, value: &str) -> Option<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        errors.add(field, "is required");
        None
    } else if trimmed.chars().count() > MAX_NAME_CHARS {
        errors.add(
            field,
            format!("must be at most {MAX_NAME_CHARS} characters"),
        );
        None
    } else if trimmed.chars().any(char::is_control) {
        errors.add(field, "must not contain control characters");
        None
    } else {
        Some(trimmed.to_owned())
    }
}

fn code<T: std::str::FromStr>(errors: &mut FieldErrors, field: &str, value: &str) -> Option<T>
where
    T::Err: std::fmt::Display,
{
    if value.is_empty() {
        errors.add(field, "is required");
        return None;
    }
    errors.take(field, value.parse::<T>())
}

/// Reads `starts_at` and `ends_at` written without an offset (a form's
/// `YYYY-MM-DDTHH:MM[:SS]`) as wall-clock times in the board's timezone and
/// rewrites them in RFC 3339 (UTC). Times with an offset, anything
/// unreadable, and boards without a valid timezone are left for
/// validation to name. A wall-clock time that happens twice (the hour the
/// clocks go back) is its first; one that never happens (the hour they go
/// forward) is left as typed, so validation names the field.
pub fn in_board_time(spec: &mut LeaderboardSpec) {
    let Ok(tz) = spec.timezone.trim().parse::<Tz>() else {
        return;
    };
    for value in [&mut spec.starts_at, &mut spec.ends_at] {
        let Some(text) = value.as_deref() else {
            continue;
        };
        if DateTime::parse_from_rfc3339(text).is_ok() {
            continue;
        }
        let naive = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
            .or_else(|_| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"));
        if let Ok(naive) = naive
            && let Some(at) = naive.and_local_timezone(tz).earliest()
        {
            *value = Some(at.with_timezone(&Utc).to_rfc3339());
        }
    }
}

fn instant(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<&str>,
) -> Option<Option<DateTime<Utc>>> {
    match value {
        None => Some(None),
        Some(text) => match DateTime::parse_from_rfc3339(text) {
            Ok(at) => Some(Some(at.with_timezone(&Utc))),
            Err(_) => {
                errors.add(field, "must be an RFC 3339 time");
                None
            }
        },
    }
}

fn build(
    spec: &LeaderboardSpec,
    currency: Currency,
    errors: &mut FieldErrors,
) -> Option<Definition> {
    let name = text(errors, "name", &spec.name);
    let metric: Option<Metric> = code(errors, "metric", &spec.metric);
    let recurrence: Option<Recurrence> = code(errors, "recurrence", &spec.recurrence);
    let tz = if spec.timezone.is_empty() {
        errors.add("timezone", "is required");
        None
    } else {
        match spec.timezone.parse::<Tz>() {
            Ok(tz) => Some(tz),
            Err(_) => {
                errors.add("timezone", "is not an IANA timezone");
                None
            }
        }
    };
    let starts_at = instant(errors, "starts_at", spec.starts_at.as_deref());
    let ends_at = instant(errors, "ends_at", spec.ends_at.as_deref());
    if let (Some(recurrence), Some(starts), Some(ends)) = (recurrence, starts_at, ends_at) {
        match (recurrence, ends) {
            (Recurrence::Once, None) => errors.add("ends_at", "is required for a once board"),
            (Recurrence::Once, Some(ends)) => {
                if let Some(starts) = starts
                    && ends <= starts
                {
                    errors.add("ends_at", "must be after starts_at");
                }
            }
            (_, Some(_)) => errors.add("ends_at", "is only for a once board"),
            (_, None) => {}
        }
    }
    let verticals = verticals(errors, spec.verticals.as_deref());
    let max_participants = match spec.max_participants {
        Some(n) if !(1..=MAX_PARTICIPANTS).contains(&n) => {
            errors.add(
                "max_participants",
                format!("must be between 1 and {MAX_PARTICIPANTS}"),
            );
            None
        }
        other => Some(other),
    };
    let min_stake = match &spec.min_stake {
        None => Some(None),
        Some(text) => errors
            .take("min_stake", Money::parse_non_negative(text, currency))
            .map(Some),
    };
    let prizes = prizes(errors, &spec.prizes, currency);
    Some(Definition {
        name: name?,
        metric: metric?,
        recurrence: recurrence?,
        tz: tz?,
        verticals: verticals?,
        starts_at: starts_at?,
        ends_at: ends_at?,
        opt_in: spec.opt_in,
        max_participants: max_participants?,
        min_stake: min_stake?,
        prizes: prizes?,
    })
}

fn verticals(errors: &mut FieldErrors, list: Option<&[String]>) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut ok = true;
    for (i, v) in list.unwrap_or_default().iter().enumerate() {
        if v == "sportsbook" || v == "casino" {
            if !out.contains(v) {
                out.push(v.clone());
            }
        } else {
            errors.add(index("verticals", i), "must be sportsbook or casino");
            ok = false;
        }
    }
    out.sort();
    ok.then_some(out)
}

fn prizes(
    errors: &mut FieldErrors,
    specs: &[PrizeRange],
    currency: Currency,
) -> Option<Vec<Prize>> {
    if specs.len() > MAX_PRIZES {
        errors.add("prizes", format!("must have at most {MAX_PRIZES} ranges"));
        return None;
    }
    let mut out = Vec::with_capacity(specs.len());
    let mut ok = true;
    for (i, p) in specs.iter().enumerate() {
        let path = index("prizes", i);
        let mut valid = true;
        if !(1..=MAX_PAID_RANK).contains(&p.from_rank) {
            errors.add(
                join(&path, "from_rank"),
                format!("must be between 1 and {MAX_PAID_RANK}"),
            );
            valid = false;
        }
        if !(1..=MAX_PAID_RANK).contains(&p.to_rank) {
            errors.add(
                join(&path, "to_rank"),
                format!("must be between 1 and {MAX_PAID_RANK}"),
            );
            valid = false;
        } else if valid && p.to_rank < p.from_rank {
            errors.add(join(&path, "to_rank"), "must not be below from_rank");
            valid = false;
        }
        let reward_path = join(&path, "reward");
        let reward = errors.absorb(Reward::parse(&p.reward, currency, &reward_path));
        if let Some(reward) = &reward {
            if reward.kind() == RewardKind::Cashback {
                errors.add(
                    join(&reward_path, "kind"),
                    "cashback is not a leaderboard prize",
                );
                valid = false;
            } else if reward.face_value(None).is_err() {
                errors.add(
                    join(&reward_path, "percent"),
                    "a leaderboard prize needs a fixed amount",
                );
                valid = false;
            }
        }
        match (valid, reward) {
            (true, Some(reward)) => out.push(Prize {
                from_rank: p.from_rank as u64,
                to_rank: p.to_rank as u64,
                reward,
            }),
            _ => ok = false,
        }
    }
    if !ok {
        return None;
    }
    out.sort_by_key(|p| p.from_rank);
    for pair in out.windows(2) {
        if pair[1].from_rank <= pair[0].to_rank {
            errors.add(
                "prizes",
                format!(
                    "the ranges {}-{} and {}-{} overlap",
                    pair[0].from_rank, pair[0].to_rank, pair[1].from_rank, pair[1].to_rank
                ),
            );
            return None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timed(tz: &str, starts: &str, ends: &str) -> LeaderboardSpec {
        let mut spec = LeaderboardSpec {
            timezone: tz.into(),
            starts_at: Some(starts.into()),
            ends_at: Some(ends.into()),
            ..LeaderboardSpec::default()
        };
        in_board_time(&mut spec);
        spec
    }

    #[test]
    fn form_times_are_read_in_the_boards_timezone() {
        let spec = timed("Europe/Malta", "2026-07-01T20:00", "2026-12-01T20:00:30");
        assert_eq!(spec.starts_at.as_deref(), Some("2026-07-01T18:00:00+00:00"));
        assert_eq!(spec.ends_at.as_deref(), Some("2026-12-01T19:00:30+00:00"));
    }

    #[test]
    fn offsets_bad_zones_and_missing_hours_are_left_for_validation() {
        let spec = timed("Europe/Malta", "2026-07-01T20:00:00Z", "2026-03-29T02:30");
        assert_eq!(spec.starts_at.as_deref(), Some("2026-07-01T20:00:00Z"));
        assert_eq!(
            spec.ends_at.as_deref(),
            Some("2026-03-29T02:30"),
            "clocks jump 02:00 → 03:00"
        );
        let spec = timed("Mars/Olympus", "2026-07-01T20:00", "x");
        assert_eq!(spec.starts_at.as_deref(), Some("2026-07-01T20:00"));
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_daily_period_follows_dst_in_its_timezone() {
        let tz: Tz = "Europe/Malta".parse().unwrap();
        let spring = calendar_period(tz, Recurrence::Daily, at("2026-03-29T12:00:00Z"));
        assert_eq!(spring.starts_at, at("2026-03-28T23:00:00Z"));
        assert_eq!(spring.ends_at, at("2026-03-29T22:00:00Z"));
        let autumn = calendar_period(tz, Recurrence::Daily, at("2026-10-25T12:00:00Z"));
        assert_eq!((autumn.ends_at - autumn.starts_at).num_hours(), 25);
        let week = calendar_period(tz, Recurrence::Weekly, at("2026-03-29T12:00:00Z"));
        assert_eq!(week.starts_at, at("2026-03-22T23:00:00Z"));
        assert_eq!(week.ends_at, at("2026-03-29T22:00:00Z"));
        let month = calendar_period(tz, Recurrence::Monthly, at("2026-12-31T23:30:00Z"));
        assert_eq!(month.starts_at, at("2026-12-31T23:00:00Z"));
        assert_eq!(month.ends_at, at("2027-01-31T23:00:00Z"));
    }

    #[test]
    fn a_midnight_gap_starts_the_day_at_the_gaps_end() {
        // Santiago skips 00:00-01:00 on its spring change.
        let tz: Tz = "America/Santiago".parse().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 9, 6).unwrap();
        let start = start_of_day(tz, day).with_timezone(&tz);
        assert_eq!(start.date_naive(), day);
        assert!(start.time() > chrono::NaiveTime::MIN);
    }
}
