//! Prometheus metrics: HTTP requests by route and status, latency, websocket
//! connections, and the outbox backlog; served as text on `/metrics`.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// Labels of an HTTP request.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct HttpLabels {
    method: String,
    route: String,
    status: u16,
}

/// Labels of a latency observation.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    method: String,
    route: String,
}

/// Labels of a provider callback contract observation.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ProviderLabels {
    provider: String,
    endpoint: String,
    /// `unknown_field`, `missing_field`, `wrong_types`, `wrong_syntax`,
    /// `invalid_signature` for violations; the answered status otherwise.
    outcome: String,
}

type HistogramFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.0005, 2.0, 16))
}

/// The registry and its metrics.
pub struct Metrics {
    registry: Registry,
    requests: Family<HttpLabels, Counter>,
    latency: HistogramFamily,
    /// Open websocket connections.
    pub ws_connections: Gauge,
    /// Websocket clients dropped for being too slow.
    pub ws_dropped_slow: Counter,
    /// Undelivered outbox rows at the last scrape.
    pub outbox_pending: Gauge,
    provider_contract: Family<ProviderLabels, Counter>,
    provider_callbacks: Family<ProviderLabels, Counter>,
}

impl Metrics {
    /// Registers every metric.
    pub fn new() -> Arc<Self> {
        let mut registry = Registry::with_prefix("croupier");
        let requests = Family::<HttpLabels, Counter>::default();
        let latency: HistogramFamily = Family::new_with_constructor(latency_histogram);
        let ws_connections = Gauge::default();
        let ws_dropped_slow = Counter::default();
        let outbox_pending = Gauge::default();
        registry.register("http_requests", "HTTP requests served", requests.clone());
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency",
            latency.clone(),
        );
        registry.register(
            "ws_connections",
            "Open websocket connections",
            ws_connections.clone(),
        );
        registry.register(
            "ws_dropped_slow_clients",
            "Websocket clients dropped because their queue was full",
            ws_dropped_slow.clone(),
        );
        registry.register(
            "outbox_pending",
            "Outbox events not yet delivered to the bus",
            outbox_pending.clone(),
        );
        let provider_contract = Family::<ProviderLabels, Counter>::default();
        let provider_callbacks = Family::<ProviderLabels, Counter>::default();
        registry.register(
            "provider_contract_violations",
            "Game provider callbacks that broke the protocol: unknown or missing fields, wrong types, bad signatures",
            provider_contract.clone(),
        );
        registry.register(
            "provider_callbacks",
            "Game provider callbacks answered, by status",
            provider_callbacks.clone(),
        );
        Arc::new(Self {
            registry,
            provider_contract,
            provider_callbacks,
            requests,
            latency,
            ws_connections,
            ws_dropped_slow,
            outbox_pending,
        })
    }

    /// Counts one contract violation of a provider's callback.
    pub fn count_contract_violation(&self, provider: &str, endpoint: &str, kind: &str) {
        self.provider_contract
            .get_or_create(&ProviderLabels {
                provider: provider.to_owned(),
                endpoint: endpoint.to_owned(),
                outcome: kind.to_owned(),
            })
            .inc();
    }

    /// Counts one answered provider callback by its status.
    pub fn count_provider_callback(&self, provider: &str, endpoint: &str, status: &str) {
        self.provider_callbacks
            .get_or_create(&ProviderLabels {
                provider: provider.to_owned(),
                endpoint: endpoint.to_owned(),
                outcome: status.to_owned(),
            })
            .inc();
    }

    /// The text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if prometheus_client::encoding::text::encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }
}

/// What the metrics endpoints need of the application state.
#[derive(Clone)]
pub struct MetricsState {
    /// The services (the outbox backlog is read at scrape time).
    pub engine: engine::Engine,
    /// The registry.
    pub metrics: Arc<Metrics>,
}

/// Middleware: counts and times every request by its route template (never
/// the raw path, so ids do not explode the label space).
pub async fn track(State(state): State<MetricsState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let response = next.run(request).await;
    state
        .metrics
        .requests
        .get_or_create(&HttpLabels {
            method: method.clone(),
            route: route.clone(),
            status: response.status().as_u16(),
        })
        .inc();
    state
        .metrics
        .latency
        .get_or_create(&RouteLabels { method, route })
        .observe(started.elapsed().as_secs_f64());
    response
}

/// `GET /metrics`.
pub async fn metrics(State(state): State<MetricsState>) -> Response {
    if let Ok(pending) = engine::events::pending_count(state.engine.db()).await {
        state
            .metrics
            .outbox_pending
            .set(i64::try_from(pending).unwrap_or(i64::MAX));
    }
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.render(),
    )
        .into_response()
}
