//! Start-up: connect and migrate, choose the bus, build the engine and the
//! state once, make sure the bootstrap admin and demo content exist, start
//! the workers, and assemble the router.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::LeptosRoutes;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::api;
use crate::api::error::ApiError;
use crate::config::Settings;
use crate::metrics::Metrics;
use crate::state::AppState;
use crate::ws::Hub;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A built server, bound to its address, ready to run.
pub struct Server {
    listener: TcpListener,
    router: Router,
    /// The state (tests reach the engine through it).
    pub state: AppState,
    /// Whether demo content was seeded at this start.
    pub demo_seeded: bool,
}

impl Server {
    /// Builds everything from `settings` and binds the listener.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let database_url = settings.database_url();
        let db = engine::db::connect_migrated(&database_url).await?;
        let empty = engine::db::is_empty(&db).await?;

        let bus = match &settings.nats_url {
            Some(url) if !url.trim().is_empty() => engine::events::EventBus::nats(url)
                .await
                .with_context(|| format!("connecting to NATS at {url}"))?,
            _ => engine::events::EventBus::in_process(),
        };
        let config = engine::EngineConfig {
            jwt_secret: settings.jwt_secret()?,
            token_ttl_secs: settings.token_ttl_secs,
            min_age_overrides: settings.min_age_overrides()?,
            default_min_age: 18,
            reporting_currency: settings.finance.reporting_currency()?,
            cash_out_margin: settings.finance.cash_out_margin()?,
            settlement_window: settings.settlement_window,
            wallet_lanes: usize::try_from(settings.commit_lanes).unwrap_or(1),
            kyc_provider: settings.kyc_provider()?,
            clock: engine::clock::Clock::system(),
        };
        let engine = engine::Engine::new(db.clone(), config, bus.clone());

        if let (Some(email), Some(password)) = (&settings.admin_email, &settings.admin_password) {
            engine
                .auth()
                .ensure_staff(email, password, &[engine::Role::Admin])
                .await
                .map_err(|e| anyhow::anyhow!("bootstrap admin {email}: {e}"))?;
        }
        let demo_seeded = settings.demo_enabled(empty);
        if demo_seeded {
            crate::demo::seed(&engine).await?;
        }

        let hub = Hub::default();
        tokio::spawn(hub.clone().run(bus.subscribe()));
        tokio::spawn(engine::events::run_dispatcher(db, bus));
        // Pays what an interrupted sportsbook settlement left, now and every minute.
        tokio::spawn(engine::sportsbook::settlement::run_worker(
            engine.clone(),
            std::time::Duration::from_secs(60),
        ));
        // Campaign triggers, bonus wagering, expiry and campaign live numbers.
        engine::campaigns::consumer::spawn(engine.clone());
        engine::campaigns::consumer::spawn_jobs(engine.clone());
        // Leaderboard scoring, live tops, period closes.
        engine::leaderboards::score::spawn(engine.clone());
        engine::leaderboards::close::spawn_jobs(engine.clone());
        // Loyalty points from settled bets and played rounds.
        engine::loyalty::earn::spawn(engine.clone());
        if let Some((url, every)) = settings.finance.ecb_feed()? {
            crate::jobs::spawn_ecb_feed(engine.clone(), url, every);
        }
        crate::jobs::spawn_idempotency_purge(
            engine.clone(),
            settings.finance.idempotency_retention()?,
        );
        // The demo odds feed runs with demo content: seeded now, or seeded
        // at an earlier start and still there (unless demo mode is off).
        let demo_feed =
            demo_seeded || settings.demo_enabled(crate::demo::has_demo_sportsbook(&engine).await?);
        if demo_feed && settings.demo_feed_secs > 0 {
            crate::jobs::spawn_demo_feed(
                engine.clone(),
                std::time::Duration::from_secs(settings.demo_feed_secs),
            );
        }

        let listener = TcpListener::bind(settings.addr)
            .await
            .with_context(|| format!("binding {}", settings.addr))?;
        let state = AppState {
            engine,
            hub,
            metrics: Metrics::new(),
            hub88: Arc::new(crate::hub88::Hub88Keys::load(&settings)?),
            settings: Arc::new(settings),
        };
        let router = router(state.clone(), listener.local_addr()?)?;
        Ok(Self {
            listener,
            router,
            state,
            demo_seeded,
        })
    }

    /// The bound address (port 0 resolved).
    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// Serves until `shutdown` completes.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await?;
        Ok(())
    }
}

/// The Leptos options for the built site.
fn leptos_options(settings: &Settings, addr: SocketAddr) -> LeptosOptions {
    let hash_file = crate::assets::hash_file(&settings.site_root);
    LeptosOptions::builder()
        .output_name("croupier")
        .site_root(settings.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .env(leptos::config::Env::PROD)
        .hash_files(hash_file.is_some())
        .hash_file(hash_file.map_or_else(|| "hash.txt".into(), |p| p.display().to_string().into()))
        .build()
}

/// Assembles the whole application.
pub fn router(state: AppState, addr: SocketAddr) -> anyhow::Result<Router> {
    let options = leptos_options(&state.settings, addr);
    let pkg = crate::assets::pkg(&state.settings.site_root, options.hash_files);
    let routes = leptos_axum::generate_route_list(app::App);

    let context_engine = state.engine.clone();
    let provide = move || provide_context(context_engine.clone());
    let shell_options = options.clone();
    let site = Router::<LeptosOptions>::new()
        .leptos_routes_with_context(&options, routes, provide.clone(), move || {
            app::shell(shell_options.clone())
        })
        .fallback({
            let leptos_fallback = leptos_axum::file_and_error_handler_with_context::<
                LeptosOptions,
                _,
            >(provide, app::shell);
            move |uri: Uri, options: State<LeptosOptions>, request: Request<Body>| {
                let leptos_fallback = leptos_fallback.clone();
                async move {
                    let path = uri.path();
                    if path == "/api" || path.starts_with("/api/") || path.starts_with("/rpc/") {
                        api::not_found().await.into_response()
                    } else {
                        leptos_fallback(uri, options, request).await
                    }
                }
            }
        })
        .with_state(options);

    let max_body = state.settings.max_body_bytes;
    let track = axum::middleware::from_fn_with_state(state.clone(), crate::metrics::track);
    let compressed = Router::new()
        .nest("/api/v1", api::router())
        .route("/healthz", get(api::healthz))
        .route("/metrics", get(crate::metrics::metrics))
        .route_layer(track.clone())
        .with_state(state.clone())
        .merge(site)
        .layer(crate::assets::compression());
    let as_is = Router::new()
        .nest("/api/hub88", crate::hub88::router())
        .nest("/api/venue/v1", api::venue::venue_routes(state.clone()))
        .route("/ws", get(crate::ws::upgrade))
        .route_layer(track)
        .with_state(state);

    Ok(compressed
        .merge(as_is)
        .merge(pkg)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request<Body>| {
                let request_id = request
                    .headers()
                    .get(REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!(
                    "request",
                    method = %request.method(),
                    path = %request.uri().path(),
                    request_id = %request_id,
                )
            }),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        )))
}

/// A panic becomes an opaque 500 in our error shape; the cause is logged.
fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    ApiError::internal(&format!("handler panicked: {detail}")).into_response()
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::ServiceExt;

    #[tokio::test]
    async fn a_panicking_handler_becomes_an_opaque_500() {
        let router: Router = Router::new()
            .route(
                "/boom",
                get(|| async {
                    // Opaque to clippy, so the panic below stays the point.
                    let secret: Option<&str> = std::hint::black_box(None);
                    secret.expect("database password is hunter2")
                }),
            )
            .layer(CatchPanicLayer::custom(panic_response));
        let response = router
            .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["error"]["code"], "internal");
        assert!(!String::from_utf8_lossy(&body).contains("hunter2"));
    }
}
