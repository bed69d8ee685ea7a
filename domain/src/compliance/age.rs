//! A player's age in whole years, for the minimum-age check at registration.
//!
//! Someone born on 29 February turns a year older on 1 March in common
//! years: on 28 February the anniversary has not yet come. Laws differ on
//! this edge (some count 28 February); 1 March is the conservative reading
//! for an age gate, so nobody is let in a day early.

use chrono::{Datelike, NaiveDate};

/// Age in whole years on `today` of someone born on `date_of_birth`; 0 if
/// `today` is before the birth.
#[must_use]
pub fn age_on(date_of_birth: NaiveDate, today: NaiveDate) -> u32 {
    if today <= date_of_birth {
        return 0;
    }
    // Both years are within chrono's ±262 143, so neither the difference
    // nor the conversion can fail; `unwrap_or(0)` keeps that a non-panic.
    let years = today.year() - date_of_birth.year();
    let before_anniversary =
        (today.month(), today.day()) < (date_of_birth.month(), date_of_birth.day());
    let whole_years = if before_anniversary { years - 1 } else { years };
    u32::try_from(whole_years).unwrap_or(0)
}

/// Whether someone born on `date_of_birth` is at least `minimum_age` years
/// old on `today`.
#[must_use]
pub fn meets_minimum_age(date_of_birth: NaiveDate, today: NaiveDate, minimum_age: u32) -> bool {
    age_on(date_of_birth, today) >= minimum_age
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn age_counts_whole_years() {
        let dob = d(2007, 6, 15);
        assert_eq!(age_on(dob, d(2025, 6, 14)), 17);
        assert_eq!(age_on(dob, d(2025, 6, 15)), 18);
        assert_eq!(age_on(dob, d(2026, 6, 14)), 18);
        assert_eq!(age_on(dob, dob), 0);
        assert_eq!(age_on(dob, d(2000, 1, 1)), 0);
    }

    #[test]
    fn a_leap_day_birthday_comes_on_the_first_of_march_in_common_years() {
        let dob = d(2008, 2, 29);
        assert_eq!(age_on(dob, d(2026, 2, 28)), 17);
        assert_eq!(age_on(dob, d(2026, 3, 1)), 18);
        assert!(!meets_minimum_age(dob, d(2026, 2, 28), 18));
        assert!(meets_minimum_age(dob, d(2026, 3, 1), 18));
    }

    #[test]
    fn a_leap_day_birthday_comes_on_the_day_in_leap_years() {
        let dob = d(2004, 2, 29);
        assert_eq!(age_on(dob, d(2024, 2, 28)), 19);
        assert_eq!(age_on(dob, d(2024, 2, 29)), 20);
        assert_eq!(age_on(dob, d(2024, 3, 1)), 20);
    }

    #[test]
    fn someone_born_on_the_28th_of_february_is_older_that_day() {
        let dob = d(2008, 2, 28);
        assert_eq!(age_on(dob, d(2026, 2, 27)), 17);
        assert_eq!(age_on(dob, d(2026, 2, 28)), 18);
    }

    #[test]
    fn the_minimum_age_is_reached_on_the_birthday() {
        let dob = d(2004, 12, 31);
        assert!(!meets_minimum_age(dob, d(2025, 12, 30), 21));
        assert!(meets_minimum_age(dob, d(2025, 12, 31), 21));
        assert!(meets_minimum_age(dob, dob, 0));
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        let span = NaiveDate::MAX.year() - NaiveDate::MIN.year();
        let expected = u32::try_from(span).expect("positive span");
        assert!(age_on(NaiveDate::MIN, NaiveDate::MAX).abs_diff(expected) <= 1);
        assert_eq!(age_on(NaiveDate::MAX, NaiveDate::MIN), 0);
    }
}
