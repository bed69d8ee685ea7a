//! A venue's side of the API, for trying the flow end to end: sign a body
//! as a venue system would, and send it. Used by `croupier venue sign` and
//! the back office's sandbox form.
//!
//! Rules:
//! - Only the venue API's own paths ([`PATHS`]) are signed or sent; the
//!   base URL is the caller's (the CLI's `--url`, or the server's own
//!   address for the back-office form), never a value a request supplies.
//! - The body is signed and sent byte for byte as given; the signature
//!   headers are exactly those a venue sends ([`auth`]).
//! - The HTTP client goes straight to the address (no proxy from the
//!   environment, no redirects) and gives up after 15 s.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::auth;

/// The venue API's base path.
pub const BASE_PATH: &str = "/api/venue/v1";
/// The paths under [`BASE_PATH`] a venue may call.
pub const PATHS: [&str; 3] = ["/cards/lookup", "/play", "/redemptions"];

/// A request signed for sending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedRequest {
    /// The full URL (`{base}/api/venue/v1{path}`).
    pub url: String,
    /// The headers to send, in order (`Content-Type` and the four
    /// `X-Venue-*`).
    pub headers: Vec<(String, String)>,
    /// The body, exactly as signed.
    pub body: String,
}

/// What the server answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The body as received.
    pub body: String,
}

/// Why a request could not be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// The path is not one of [`PATHS`].
    #[error("unknown path {0:?}: use one of /cards/lookup, /play, /redemptions")]
    UnknownPath(String),
    /// The venue id or secret is empty.
    #[error("the venue id and the secret are both needed")]
    MissingKey,
}

/// Signs `body` for `path` as venue `venue_id` holding `secret`, at Unix
/// time `timestamp`, with a fresh nonce.
pub fn prepare(
    base_url: &str,
    venue_id: &str,
    secret: &str,
    path: &str,
    body: &str,
    timestamp: i64,
) -> Result<SignedRequest, SignError> {
    let path = normalise_path(path)?;
    let (venue_id, secret) = (venue_id.trim(), secret.trim());
    if venue_id.is_empty() || secret.is_empty() {
        return Err(SignError::MissingKey);
    }
    let timestamp = timestamp.to_string();
    let nonce = auth::new_nonce();
    let signature = auth::sign(secret, &timestamp, &nonce, body.as_bytes());
    Ok(SignedRequest {
        url: format!("{}{BASE_PATH}{path}", base_url.trim_end_matches('/')),
        headers: vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("X-Venue-Id".to_owned(), venue_id.to_owned()),
            ("X-Venue-Timestamp".to_owned(), timestamp),
            ("X-Venue-Nonce".to_owned(), nonce),
            ("X-Venue-Signature".to_owned(), signature),
        ],
        body: body.to_owned(),
    })
}

/// `path` as one of [`PATHS`] (a leading `/api/venue/v1` or a missing `/`
/// are accepted).
fn normalise_path(path: &str) -> Result<&'static str, SignError> {
    let trimmed = path.trim();
    let short = trimmed.strip_prefix(BASE_PATH).unwrap_or(trimmed);
    let short = short.strip_prefix('/').unwrap_or(short);
    PATHS
        .iter()
        .find(|p| p[1..] == *short)
        .copied()
        .ok_or_else(|| SignError::UnknownPath(path.to_owned()))
}

/// Sends a signed request and reads the answer.
pub async fn send(request: &SignedRequest) -> anyhow::Result<Answer> {
    let client = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(15))
        .build()?;
    let mut builder = client.post(&request.url).body(request.body.clone());
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let response = builder.send().await?;
    let status = response.status().as_u16();
    let body = response.text().await?;
    Ok(Answer { status, body })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prepared_request_verifies() {
        let r = prepare("http://h:1/", "v", "s3cret", "cards/lookup", "{}", 42).unwrap();
        assert_eq!(r.url, "http://h:1/api/venue/v1/cards/lookup");
        let h = |n: &str| {
            r.headers
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        assert_eq!(h("X-Venue-Timestamp"), "42");
        assert!(auth::signature_matches(
            "s3cret",
            "42",
            &h("X-Venue-Nonce"),
            b"{}",
            &h("X-Venue-Signature")
        ));
        assert!(prepare("http://h", "v", "s", "/api/venue/v1/play", "{}", 1).is_ok());
        assert_eq!(
            prepare("http://h", "v", "s", "/admin", "{}", 1),
            Err(SignError::UnknownPath("/admin".into()))
        );
        assert_eq!(
            prepare("http://h", " ", "s", "/play", "{}", 1),
            Err(SignError::MissingKey)
        );
    }
}
