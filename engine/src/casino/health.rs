//! Contract monitoring of game providers: per provider, how many wallet
//! callbacks arrived, how they were answered, and how often they broke the
//! protocol (unknown or missing fields, wrong types or syntax, bad
//! signatures). The protocol adapters record here at the same points where
//! they count the Prometheus metrics, so the back office and `/metrics` show
//! the same numbers.
//!
//! The counters live in memory, per server process, from its start (like
//! the Prometheus counters they mirror); with several replicas each shows
//! its own share. The alert threshold starts at
//! [`DEFAULT_ALERT_ERROR_RATE_BP`] and an admin may change it at run time.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

use super::CasinoError;
use crate::{Engine, Principal, Role};

/// Default alert threshold: an error rate of 5 % (in basis points).
pub const DEFAULT_ALERT_ERROR_RATE_BP: u32 = 500;
/// Basis points in one (100 %).
pub const BASIS_POINTS: u32 = 10_000;
/// Most providers tracked; callbacks of further providers are not counted
/// (provider codes come from our own adapters, so this is only a guard).
pub const MAX_PROVIDERS: usize = 64;

/// How a callback was answered, as far as monitoring cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackOutcome {
    /// Accepted.
    Ok,
    /// Refused for the player's sake (not enough money, limits, self-
    /// exclusion, expired token): the integration works as intended.
    Refused,
    /// Refused because the provider or the platform got something wrong
    /// (bad signature, syntax, types, unknown token or game, duplicates,
    /// unexpected failures). These make up the error rate.
    Error,
}

/// A breach of a provider protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Violation {
    /// A field the protocol does not define.
    UnknownField,
    /// A required field absent or null.
    MissingField,
    /// A field of the wrong type or an amount that does not convert.
    WrongTypes,
    /// A body that is not a JSON object.
    WrongSyntax,
    /// A missing or wrong signature.
    InvalidSignature,
}

impl Violation {
    /// The code `/metrics` labels it with.
    pub const fn code(self) -> &'static str {
        match self {
            Self::UnknownField => "unknown_field",
            Self::MissingField => "missing_field",
            Self::WrongTypes => "wrong_types",
            Self::WrongSyntax => "wrong_syntax",
            Self::InvalidSignature => "invalid_signature",
        }
    }
}

/// Counters of one provider.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderCounts {
    /// Callbacks answered.
    pub callbacks: u64,
    /// Answered OK.
    pub ok: u64,
    /// Refused for the player's sake.
    pub refused: u64,
    /// Answered with an error status.
    pub errors: u64,
    /// Fields outside the protocol (counted once per field).
    pub unknown_fields: u64,
    /// Requests missing a required field.
    pub missing_fields: u64,
    /// Requests with wrongly typed fields.
    pub wrong_types: u64,
    /// Bodies that were not JSON objects.
    pub wrong_syntax: u64,
    /// Requests whose signature failed.
    pub signature_failures: u64,
    /// Answers by the protocol's status code.
    pub by_status: BTreeMap<String, u64>,
}

/// One provider's health as the back office shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderHealthRow {
    /// Provider code (`hub88`).
    pub provider: String,
    /// The counters.
    pub counts: ProviderCounts,
    /// Errors per callback in basis points (0 without callbacks).
    pub error_rate_bp: u32,
    /// True when the error rate is above the alert threshold.
    pub alert: bool,
}

/// The health of every provider seen since the start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthReport {
    /// The alert threshold in basis points.
    pub alert_error_rate_bp: u32,
    /// Providers by code.
    pub providers: Vec<ProviderHealthRow>,
}

#[derive(Debug)]
struct State {
    threshold_bp: u32,
    providers: BTreeMap<String, ProviderCounts>,
}

/// The in-memory store; cheap to clone (shared).
#[derive(Debug, Clone)]
pub struct ProviderHealth {
    state: Arc<Mutex<State>>,
}

impl Default for ProviderHealth {
    fn default() -> Self {
        Self {
            state: Arc::new(Mutex::new(State {
                threshold_bp: DEFAULT_ALERT_ERROR_RATE_BP,
                providers: BTreeMap::new(),
            })),
        }
    }
}

/// `errors / callbacks` in basis points, rounded down.
pub fn error_rate_bp(counts: &ProviderCounts) -> u32 {
    if counts.callbacks == 0 {
        return 0;
    }
    let bp = u128::from(counts.errors) * u128::from(BASIS_POINTS) / u128::from(counts.callbacks);
    u32::try_from(bp).unwrap_or(BASIS_POINTS)
}

impl ProviderHealth {
    fn lock(&self) -> MutexGuard<'_, State> {
        // Counters stay usable even if a holder panicked mid-update.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn with_provider(&self, provider: &str, f: impl FnOnce(&mut ProviderCounts)) {
        let mut state = self.lock();
        if !state.providers.contains_key(provider) && state.providers.len() >= MAX_PROVIDERS {
            return;
        }
        f(state.providers.entry(provider.to_owned()).or_default());
    }

    /// Counts one answered callback with its protocol status.
    pub fn record_callback(&self, provider: &str, status: &str, outcome: CallbackOutcome) {
        self.with_provider(provider, |c| {
            c.callbacks += 1;
            match outcome {
                CallbackOutcome::Ok => c.ok += 1,
                CallbackOutcome::Refused => c.refused += 1,
                CallbackOutcome::Error => c.errors += 1,
            }
            // Status codes come from the adapter's fixed list.
            *c.by_status.entry(status.to_owned()).or_default() += 1;
        });
    }

    /// Counts one protocol violation.
    pub fn record_violation(&self, provider: &str, violation: Violation) {
        self.with_provider(provider, |c| match violation {
            Violation::UnknownField => c.unknown_fields += 1,
            Violation::MissingField => c.missing_fields += 1,
            Violation::WrongTypes => c.wrong_types += 1,
            Violation::WrongSyntax => c.wrong_syntax += 1,
            Violation::InvalidSignature => c.signature_failures += 1,
        });
    }

    /// The current counters, error rates and alerts.
    pub fn report(&self) -> HealthReport {
        let state = self.lock();
        let threshold = state.threshold_bp;
        HealthReport {
            alert_error_rate_bp: threshold,
            providers: state
                .providers
                .iter()
                .map(|(provider, counts)| {
                    let rate = error_rate_bp(counts);
                    ProviderHealthRow {
                        provider: provider.clone(),
                        counts: counts.clone(),
                        error_rate_bp: rate,
                        alert: counts.callbacks > 0 && rate > threshold,
                    }
                })
                .collect(),
        }
    }

    fn set_threshold(&self, bp: u32) {
        self.lock().threshold_bp = bp;
    }
}

impl super::Casino<'_> {
    /// Provider callback health (admin).
    pub fn provider_health(&self, actor: &Principal) -> Result<HealthReport, CasinoError> {
        actor
            .require(&[Role::Admin])
            .map_err(|_| CasinoError::Forbidden)?;
        Ok(self.engine.provider_health().report())
    }

    /// Sets the error rate (basis points, 1–10000) above which a provider is
    /// flagged (admin), audited.
    pub async fn set_alert_threshold(
        &self,
        actor: &Principal,
        bp: u32,
    ) -> Result<HealthReport, CasinoError> {
        actor
            .require(&[Role::Admin])
            .map_err(|_| CasinoError::Forbidden)?;
        if bp == 0 || bp > BASIS_POINTS {
            return Err(CasinoError::validation(
                "alert_error_rate",
                "The threshold lies above 0 % and at most 100 %.",
            ));
        }
        crate::audit::record(
            self.engine.db(),
            self.engine.now(),
            Some(actor.user_id),
            "casino.provider_alert_threshold_set",
            "casino:providers",
            serde_json::json!({ "alert_error_rate_bp": bp }),
        )
        .await?;
        self.engine.provider_health().set_threshold(bp);
        Ok(self.engine.provider_health().report())
    }
}

impl Engine {
    /// The game providers' callback counters.
    pub fn provider_health(&self) -> &ProviderHealth {
        &self.inner.provider_health
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_rate_counts_errors_not_player_refusals_and_alerts_above_the_threshold() {
        let health = ProviderHealth::default();
        for _ in 0..18 {
            health.record_callback("hub88", "RS_OK", CallbackOutcome::Ok);
        }
        health.record_callback(
            "hub88",
            "RS_ERROR_NOT_ENOUGH_MONEY",
            CallbackOutcome::Refused,
        );
        health.record_callback(
            "hub88",
            "RS_ERROR_INVALID_SIGNATURE",
            CallbackOutcome::Error,
        );
        health.record_violation("hub88", Violation::InvalidSignature);
        health.record_violation("hub88", Violation::UnknownField);
        let report = health.report();
        let row = &report.providers[0];
        assert_eq!(row.counts.callbacks, 20);
        assert_eq!(row.counts.errors, 1);
        assert_eq!(row.counts.refused, 1);
        assert_eq!(row.counts.signature_failures, 1);
        assert_eq!(row.counts.unknown_fields, 1);
        assert_eq!(row.counts.by_status["RS_OK"], 18);
        // 1 of 20 is exactly 5 %: not above the default threshold.
        assert_eq!(row.error_rate_bp, 500);
        assert!(!row.alert);
        health.set_threshold(499);
        assert!(health.report().providers[0].alert);
    }

    #[test]
    fn a_provider_without_callbacks_has_no_error_rate() {
        assert_eq!(error_rate_bp(&ProviderCounts::default()), 0);
    }
}
