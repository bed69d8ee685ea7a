//! The application state, built once in `startup` and passed to every
//! handler.

use std::sync::Arc;

use axum::extract::FromRef;

use crate::config::Settings;
use crate::hub88::Hub88State;
use crate::metrics::{Metrics, MetricsState};
use crate::ws::{Hub, WsState};

/// Shared state of the HTTP layer.
#[derive(Clone)]
pub struct AppState {
    /// The services.
    pub engine: engine::Engine,
    /// Websocket fan-out.
    pub hub: Hub,
    /// Prometheus metrics.
    pub metrics: Arc<Metrics>,
    /// Start-up settings.
    pub settings: Arc<Settings>,
    /// Hub88 signature keys.
    pub hub88: crate::hub88::SharedKeys,
}

// Each part of the HTTP layer names only the state it needs; this module,
// which knows them all, hands each its part.

impl FromRef<AppState> for WsState {
    fn from_ref(state: &AppState) -> Self {
        Self {
            engine: state.engine.clone(),
            hub: state.hub.clone(),
            metrics: state.metrics.clone(),
        }
    }
}

impl FromRef<AppState> for Hub88State {
    fn from_ref(state: &AppState) -> Self {
        Self {
            engine: state.engine.clone(),
            metrics: state.metrics.clone(),
            hub88: state.hub88.clone(),
        }
    }
}

impl FromRef<AppState> for MetricsState {
    fn from_ref(state: &AppState) -> Self {
        Self {
            engine: state.engine.clone(),
            metrics: state.metrics.clone(),
        }
    }
}
