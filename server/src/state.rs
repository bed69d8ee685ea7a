//! The application state, built once in `startup` and passed to every
//! handler.

use std::sync::Arc;

use crate::config::Settings;
use crate::metrics::Metrics;
use crate::ws::Hub;

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
