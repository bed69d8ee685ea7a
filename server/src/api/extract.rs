//! Request extractors: JSON bodies and query strings whose rejections use
//! our error shape, and the caller from a bearer token or the session
//! cookie: [`Caller`] for any signed-in user, [`Authorized`] for the holders
//! of a set of roles.
//!
//! Authorization is part of extraction. axum runs the parts extractors in
//! argument order and the body extractor last, so a handler lists its
//! `Authorized<…>` (or `Caller`) first: a caller without a valid token gets
//! 401 and one without the role 403 before any path, query string or body
//! is parsed; only an authorized caller can get 400 for a malformed request.

use std::marker::PhantomData;
use std::ops::Deref;

use axum::extract::{FromRequest, FromRequestParts};
use axum::http::request::Parts;
use engine::{Principal, Role};

use super::error::ApiError;
use crate::state::AppState;

pub use crate::credentials::token_from_headers;
pub use engine::auth::TOKEN_COOKIE;

/// A JSON body; malformed JSON or wrong types → 400 `bad_request`, too
/// large → 413 `payload_too_large`.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// A query string; one that does not fit `T` → 400 `bad_request`.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// Any signed-in user, whatever their roles. Missing or bad token → 401.
/// Endpoints for particular roles take [`Authorized`] instead.
pub struct Caller(pub Principal);

/// The roles an endpoint admits, named by a marker type (see [`Players`],
/// [`Traders`], [`ComplianceTeam`], [`Admins`]).
pub trait Roles: Send + Sync + 'static {
    /// A caller holding any of these is let in; admin holds every
    /// back-office role ([`Principal::has`]).
    const ROLES: &'static [Role];
}

/// A signed-in caller holding one of `R::ROLES`: missing or bad token →
/// 401 `unauthorized`, no such role → 403 `forbidden`. List it as the
/// handler's first extractor so the check precedes all parsing.
pub struct Authorized<R: Roles>(pub Principal, PhantomData<fn() -> R>);

impl<R: Roles> Authorized<R> {
    /// Authorizes a verified caller: 403 unless they hold one of `R::ROLES`.
    pub fn check(principal: Principal) -> Result<Self, ApiError> {
        if principal.has_any(R::ROLES) {
            Ok(Self(principal, PhantomData))
        } else {
            Err(ApiError::forbidden())
        }
    }
}

impl<R: Roles> Deref for Authorized<R> {
    type Target = Principal;

    fn deref(&self) -> &Principal {
        &self.0
    }
}

impl<R: Roles> FromRequestParts<AppState> for Authorized<R> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Caller(principal) = Caller::from_request_parts(parts, state).await?;
        Self::check(principal)
    }
}

macro_rules! roles {
    ($($(#[$doc:meta])* $name:ident => [$($role:ident),+ $(,)?];)+) => {
        $(
            $(#[$doc])*
            pub enum $name {}

            impl Roles for $name {
                const ROLES: &'static [Role] = &[$(Role::$role),+];
            }
        )+
    };
}

roles! {
    /// Players (customers). Staff accounts, admin included, are refused.
    Players => [Player];
    /// Traders and admin: odds, markets, settlement, risk, the feed.
    Traders => [Trader];
    /// Compliance and admin: KYC, responsible gaming, player money, finance.
    ComplianceTeam => [Compliance];
    /// Admin only: the casino catalog and provider health.
    Admins => [Admin];
    /// Marketing and admin: campaigns and leaderboards.
    MarketingTeam => [Marketing];
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
