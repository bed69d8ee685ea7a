//! Responsible-gaming rules: deposit, loss and wager limits with their
//! cooling-off, rolling-window usage and headroom, time-outs and
//! self-exclusions, reality checks, session time limits, loss alerts, age
//! checks and per-country jurisdiction rules.
//!
//! Everything here is pure: the clock is always passed in as a
//! `DateTime<Utc>` (`now`), amounts are `i64` minor units of the player's
//! wallet currency, and no function panics on any input. The engine loads
//! limits, exclusions and activity, asks this module, and persists what it
//! answers. The rules follow API.md ("Responsible gaming") and
//! BETTING_RULES.md ("Responsible gaming rules").

#![deny(missing_docs)]

mod age;
mod exclusion;
mod jurisdiction;
mod limits;
mod parse;
mod session;
mod usage;

pub use age::{age_on, meets_minimum_age};
pub use exclusion::{
    Exclusion, ExclusionError, ExclusionKind, ExclusionRequest, ExclusionRequestBody,
    SELF_EXCLUSION_MAX_MONTHS, SELF_EXCLUSION_MIN_MONTHS, TIME_OUT_MAX_DAYS, TIME_OUT_MIN_DAYS,
    active_exclusion, is_excluded, request_exclusion,
};
pub use jurisdiction::{
    CountryCode, CountryCodeError, DEFAULT_MINIMUM_AGE, JurisdictionRules, defaults_for,
};
pub use limits::{
    COOLING_OFF, Limit, LimitChange, LimitError, LimitKind, LimitPeriod, MAX_LIMIT_MINOR,
    PendingChange, materialise, materialise_all, request_change,
};
pub use parse::ParseEnumError;
pub use session::{
    PendingSessionLimit, RealityCheckError, RealityCheckInterval, RealityCheckSummary,
    SessionLimitDecision, SessionLimitError, SessionStatus, SessionTimeLimit,
    decide_session_limit_change, effective_reality_check_interval, next_reality_check_at,
    reality_check_due, reality_check_summary, session_limit_in_force, session_status,
};
pub use usage::{
    Activity, ActivityKind, Headroom, LimitExceeded, Usage, WindowUsage, check, check_bet,
    check_deposit, headroom, in_window, loss_alert_due, usage_in_window,
};
