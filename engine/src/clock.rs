//! The engine's clock: where every rule with a period, a cooling-off, an
//! expiry or a window reads the time.
//!
//! Rules:
//! - Engine code reads the time from [`crate::Engine::now`] (or takes `now`
//!   as a parameter from a caller that did), never from `Utc::now()`, so a
//!   test can run any rule at a chosen instant.
//! - Production uses [`Clock::system`]. Tests use [`Clock::manual`], a clock
//!   that stands still until the test sets or advances it.
//! - A manual clock never goes backwards by itself; a test that sets it back
//!   does so on purpose.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeDelta, Utc};

/// A source of the current time, cheap to clone (clones share the time).
#[derive(Clone, Default)]
pub struct Clock(Source);

#[derive(Clone, Default)]
enum Source {
    /// The operating system's clock.
    #[default]
    System,
    /// A time a test controls.
    Manual(Arc<Mutex<DateTime<Utc>>>),
}

impl Clock {
    /// The operating system's clock.
    pub fn system() -> Self {
        Self(Source::System)
    }

    /// A clock standing at `at` until [`Clock::set`] or [`Clock::advance`]
    /// moves it (tests).
    pub fn manual(at: DateTime<Utc>) -> Self {
        Self(Source::Manual(Arc::new(Mutex::new(at))))
    }

    /// The current time.
    pub fn now(&self) -> DateTime<Utc> {
        match &self.0 {
            Source::System => Utc::now(),
            Source::Manual(at) => *at.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }

    /// Moves a manual clock to `at`; false (and nothing changes) for the
    /// system clock.
    pub fn set(&self, at: DateTime<Utc>) -> bool {
        match &self.0 {
            Source::System => false,
            Source::Manual(time) => {
                *time.lock().unwrap_or_else(|e| e.into_inner()) = at;
                true
            }
        }
    }

    /// Moves a manual clock forward by `by`; false for the system clock.
    pub fn advance(&self, by: TimeDelta) -> bool {
        self.set(self.now() + by) && !matches!(self.0, Source::System)
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Source::System => f.write_str("Clock::system"),
            Source::Manual(_) => write!(f, "Clock::manual({})", self.now()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_stands_still_until_moved_and_clones_share_it() {
        let start = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let clock = Clock::manual(start);
        let shared = clock.clone();
        assert_eq!(clock.now(), start);
        assert!(clock.advance(TimeDelta::hours(25)));
        assert_eq!(shared.now(), start + TimeDelta::hours(25));
        assert!(shared.set(start));
        assert_eq!(clock.now(), start);
    }

    #[test]
    fn the_system_clock_cannot_be_moved() {
        let clock = Clock::system();
        assert!(!clock.set(DateTime::from_timestamp(0, 0).unwrap()));
        assert!(!clock.advance(TimeDelta::days(1)));
        assert!(clock.now() > DateTime::from_timestamp(1_700_000_000, 0).unwrap());
    }
}
