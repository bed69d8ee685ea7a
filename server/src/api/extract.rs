//! Request extractors: JSON bodies whose rejections use our error shape, and
//! the authenticated caller from a bearer token or the session cookie.

use axum::extract::{FromRequest, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use engine::{Principal, Role};

use super::error::ApiError;
use crate::state::AppState;

pub use engine::auth::TOKEN_COOKIE;

/// A JSON body; malformed JSON or wrong types → 400 `bad_request`, too
/// large → 413 `payload_too_large`.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// The authenticated caller. Missing or bad token → 401.
pub struct Caller(pub Principal);

impl Caller {
    /// Fails with 403 unless the caller holds one of `roles` (admin holds
    /// every back-office role).
    pub fn require(&self, roles: &[Role]) -> Result<&Principal, ApiError> {
        if self.0.has_any(roles) {
            Ok(&self.0)
        } else {
            Err(ApiError::forbidden())
        }
    }
}

/// The token from `Authorization: Bearer …` or, failing that, the cookie.
pub fn token_from_headers(headers: &HeaderMap) -> Option<String> {
    if let Some(value) = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        let value = value.trim();
        if let Some(token) = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
        {
            return Some(token.trim().to_owned());
        }
    }
    engine::auth::token_from_cookies(
        headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok()),
    )
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = token_from_headers(&parts.headers).ok_or_else(ApiError::unauthorized)?;
        let principal = state.engine.auth().verify(&token).await?;
        Ok(Caller(principal))
    }
}

/// The caller if a valid token came with the request, else None.
pub struct MaybeCaller(pub Option<Principal>);

impl FromRequestParts<AppState> for MaybeCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(token) = token_from_headers(&parts.headers) else {
            return Ok(MaybeCaller(None));
        };
        Ok(MaybeCaller(state.engine.auth().verify(&token).await.ok()))
    }
}

/// The client's address for throttling: the first `X-Forwarded-For` hop
/// (behind a proxy) or the peer address.
pub struct ClientAddr(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let forwarded = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty());
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip().to_string());
        Ok(ClientAddr(forwarded.or(peer)))
    }
}
