//! How the built site's files and the dynamic answers reach the browser.
//!
//! Rules:
//! - `/pkg/` (the WASM bundle, its JS and the stylesheet) is served from the
//!   site root with the precompressed `.br`/`.gz` copies the build writes,
//!   chosen by `Accept-Encoding`. When the build wrote `hash.txt` the names
//!   are content-hashed, so these files are `Cache-Control: public,
//!   max-age=31536000, immutable`; without it (a bare dev build) `no-cache`.
//! - HTML pages and API answers are compressed on the fly (brotli or gzip,
//!   at tower-http's fast default levels); the websocket upgrade and the
//!   Hub88 wallet callbacks (signed byte for byte) are left as they are.

use std::path::{Path, PathBuf};

use axum::Router;
use axum::http::{HeaderValue, header};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// Cache policy of content-hashed files.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The build's hash file (absolute, as Leptos joins it to the binary's
/// folder), when the site was built with hashed names.
pub fn hash_file(site_root: &Path) -> Option<PathBuf> {
    let path = std::path::absolute(site_root.join("hash.txt")).ok()?;
    path.is_file().then_some(path)
}

/// `/pkg/`: the bundle and stylesheet, precompressed, cached by name.
pub fn pkg(site_root: &Path, hashed: bool) -> Router {
    let files = ServeDir::new(site_root.join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    let policy = HeaderValue::from_static(if hashed { IMMUTABLE } else { "no-cache" });
    Router::new().nest_service(
        "/pkg",
        tower::ServiceBuilder::new()
            .layer(SetResponseHeaderLayer::overriding(
                header::CACHE_CONTROL,
                policy,
            ))
            .service(files),
    )
}

/// On-the-fly compression of pages and API answers.
pub fn compression() -> CompressionLayer {
    CompressionLayer::new().br(true).gzip(true)
}
