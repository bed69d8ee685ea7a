//! Signing and verifying venue requests, and the nonces they leave.
//!
//! Rules (API.md "Venue API"):
//! - The signature is the lowercase hex HMAC-SHA256, keyed with the UTF-8
//!   bytes of the venue's secret, of `timestamp + "\n" + nonce + "\n" +
//!   raw body`; it is compared in constant time (`Mac::verify_slice`).
//! - The timestamp (Unix seconds) may be at most [`WINDOW_SECS`] away from
//!   the engine's clock, either way; the nonce is 16–64 visible ASCII
//!   characters.
//! - A nonce is recorded only once everything else checked out (a forged
//!   request cannot burn a venue's nonce), by an insert the primary key
//!   (venue, nonce) makes unique: of two concurrent requests with one
//!   nonce, exactly one passes.
//! - Nonces are kept for [`NONCE_RETENTION_SECS`] (twice the window: a
//!   request whose timestamp is `WINDOW_SECS` in the future stays
//!   acceptable until `2 × WINDOW_SECS` after it was seen) and then purged
//!   by [`purge_nonces`].
//! - Every failure is the same [`Refused`] to the caller; the reason is
//!   only logged.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, SqlErr};
use sha2::Sha256;
use uuid::Uuid;

use crate::Engine;
use entity::{venue_nonces, venues};

type HmacSha256 = Hmac<Sha256>;

/// How far (seconds) a request's timestamp may be from the engine's clock.
pub const WINDOW_SECS: i64 = 300;
/// How long a used nonce is remembered (seconds after it was seen).
pub const NONCE_RETENTION_SECS: i64 = 2 * WINDOW_SECS;
/// Shortest and longest nonce, in characters.
pub const NONCE_CHARS: std::ops::RangeInclusive<usize> = 16..=64;

/// The venue id header.
pub const HEADER_VENUE_ID: &str = "x-venue-id";
/// The timestamp header (Unix seconds).
pub const HEADER_TIMESTAMP: &str = "x-venue-timestamp";
/// The nonce header.
pub const HEADER_NONCE: &str = "x-venue-nonce";
/// The signature header (lowercase hex).
pub const HEADER_SIGNATURE: &str = "x-venue-signature";

/// The authentication headers of one request, as received (absent ones
/// empty).
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    /// `X-Venue-Id`.
    pub venue_id: String,
    /// `X-Venue-Timestamp`.
    pub timestamp: String,
    /// `X-Venue-Nonce`.
    pub nonce: String,
    /// `X-Venue-Signature`.
    pub signature: String,
}

/// The request was not authenticated (answered 401 `invalid_signature`).
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// Any authentication failure; the reason is only logged.
    #[error("invalid signature")]
    InvalidSignature,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

/// An authenticated venue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthenticatedVenue {
    /// The venue.
    pub venue_id: Uuid,
    /// Its name.
    pub name: String,
}

/// The signature of `body` sent at `timestamp` with `nonce`, keyed with
/// `secret`: lowercase hex HMAC-SHA256 over `timestamp\nnonce\nbody`.
pub fn sign(secret: &str, timestamp: &str, nonce: &str, body: &[u8]) -> String {
    hex::encode(mac(secret, timestamp, nonce, body).finalize().into_bytes())
}

fn mac(secret: &str, timestamp: &str, nonce: &str, body: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length: `new_from_slice` cannot fail here.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(timestamp.as_bytes());
    mac.update(b"\n");
    mac.update(nonce.as_bytes());
    mac.update(b"\n");
    mac.update(body);
    mac
}

/// Whether `signature` (lowercase hex) is that of the message, in constant
/// time.
pub fn signature_matches(
    secret: &str,
    timestamp: &str,
    nonce: &str,
    body: &[u8],
    signature: &str,
) -> bool {
    let lowercase_hex = signature.len() == 64
        && signature
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let Ok(bytes) = hex::decode(signature) else {
        return false;
    };
    lowercase_hex
        && mac(secret, timestamp, nonce, body)
            .verify_slice(&bytes)
            .is_ok()
}

/// A fresh nonce: 32 hex characters from the OS-seeded generator.
pub fn new_nonce() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}

/// Why a request's headers are unacceptable before any lookup, if they are.
fn header_problem(credentials: &Credentials, now: DateTime<Utc>) -> Option<&'static str> {
    let nonce_ok = NONCE_CHARS.contains(&credentials.nonce.len())
        && credentials.nonce.bytes().all(|b| b.is_ascii_graphic());
    if !nonce_ok {
        return Some("nonce");
    }
    let Ok(timestamp) = credentials.timestamp.parse::<i64>() else {
        return Some("timestamp unreadable");
    };
    if credentials.timestamp.starts_with('+') {
        return Some("timestamp unreadable");
    }
    if now.timestamp().abs_diff(timestamp) > WINDOW_SECS.unsigned_abs() {
        return Some("timestamp outside the window");
    }
    None
}

/// Authenticates one request (its headers and raw body) and records its
/// nonce; see the module's rules.
pub(crate) async fn authenticate(
    engine: &Engine,
    credentials: &Credentials,
    body: &[u8],
) -> Result<AuthenticatedVenue, Refused> {
    let now = engine.now();
    let refuse = |why: &str| {
        tracing::info!(venue = %credentials.venue_id, why, "venue request refused");
        Refused::InvalidSignature
    };
    if let Some(why) = header_problem(credentials, now) {
        return Err(refuse(why));
    }
    let Ok(venue_id) = Uuid::parse_str(credentials.venue_id.trim()) else {
        return Err(refuse("venue id unreadable"));
    };
    let venue = venues::Entity::find_by_id(venue_id)
        .one(engine.db())
        .await?;
    let Some(venue) = venue else {
        return Err(refuse("unknown venue"));
    };
    if venue.disabled {
        return Err(refuse("venue disabled"));
    }
    if !signature_matches(
        &venue.secret,
        &credentials.timestamp,
        &credentials.nonce,
        body,
        &credentials.signature,
    ) {
        return Err(refuse("bad signature"));
    }
    let recorded = venue_nonces::ActiveModel {
        venue_id: Set(venue_id),
        nonce: Set(credentials.nonce.clone()),
        seen_at: Set(now),
    }
    .insert(engine.db())
    .await;
    match recorded {
        Ok(_) => Ok(AuthenticatedVenue {
            venue_id,
            name: venue.name,
        }),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Err(refuse("nonce used before"))
        }
        Err(e) => Err(e.into()),
    }
}

/// Forgets the nonces seen more than [`NONCE_RETENTION_SECS`] before
/// `now` (they can no longer pass the timestamp check); answers how many.
/// A chore for the server's periodic jobs.
pub async fn purge_nonces(engine: &Engine, now: DateTime<Utc>) -> Result<u64, sea_orm::DbErr> {
    let cutoff = now - chrono::Duration::seconds(NONCE_RETENTION_SECS);
    let deleted = venue_nonces::Entity::delete_many()
        .filter(venue_nonces::Column::SeenAt.lt(cutoff))
        .exec(engine.db())
        .await?;
    Ok(deleted.rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_covers_timestamp_nonce_and_body() {
        let secret = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        let sig = sign(secret, "1700000000", "abcdefghijklmnop", b"{}");
        assert_eq!(sig.len(), 64);
        assert!(signature_matches(
            secret,
            "1700000000",
            "abcdefghijklmnop",
            b"{}",
            &sig
        ));
        for (ts, nonce, body) in [
            ("1700000001", "abcdefghijklmnop", &b"{}"[..]),
            ("1700000000", "abcdefghijklmnoq", &b"{}"[..]),
            ("1700000000", "abcdefghijklmnop", &b"{ }"[..]),
        ] {
            assert!(!signature_matches(secret, ts, nonce, body, &sig));
        }
        assert!(!signature_matches(
            "another",
            "1700000000",
            "abcdefghijklmnop",
            b"{}",
            &sig
        ));
        assert!(!signature_matches(
            secret,
            "1700000000",
            "abcdefghijklmnop",
            b"{}",
            &sig.to_uppercase()
        ));
    }

    #[test]
    fn known_answer() {
        // HMAC-SHA256(key "key", "1\nnonce-nonce-nonce\n{}"), computed with
        // `printf '1\nnonce-nonce-nonce\n{}' | openssl dgst -sha256 -hmac key`.
        let sig = sign("key", "1", "nonce-nonce-nonce", b"{}");
        assert_eq!(sig, KNOWN);
    }

    const KNOWN: &str = "528e1633f19e8e5e8a1e61d8ff0dc9b8f247805b4635a4460179bb6937ebc370";

    #[test]
    fn headers_outside_the_rules_are_refused() {
        let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let ok = Credentials {
            venue_id: String::new(),
            timestamp: "1700000000".into(),
            nonce: "n".repeat(16),
            signature: String::new(),
        };
        assert_eq!(header_problem(&ok, now), None);
        for (ts, nonce) in [
            ("1700000301", "n".repeat(16)),
            ("1699999699", "n".repeat(16)),
            ("1700000300", "n".repeat(15)),
            ("1700000300", "n".repeat(65)),
            ("1700000300", format!("{} ", "n".repeat(16))),
            ("soon", "n".repeat(16)),
            ("+1700000000", "n".repeat(16)),
        ] {
            let c = Credentials {
                timestamp: ts.into(),
                nonce,
                ..ok.clone()
            };
            assert!(header_problem(&c, now).is_some(), "{ts} {:?}", c.nonce);
        }
        for ts in ["1700000300", "1699999700"] {
            let c = Credentials {
                timestamp: ts.into(),
                ..ok.clone()
            };
            assert_eq!(header_problem(&c, now), None, "{ts}");
        }
    }
}
