//! Where a caller's token is found in a request, shared by the REST API's
//! extractors and the websocket upgrade (which must not depend on the API's
//! state).

use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, COOKIE};

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
