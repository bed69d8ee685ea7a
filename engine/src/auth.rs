//! Accounts and authentication: registration with an age check, login with
//! argon2id and throttling, JWT issue and verification, sessions (so logout
//! revokes), roles, and the bootstrap admin.

use domain::events::{self, EventData, Topic};
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, NaiveDate, Utc};
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, SqlErr};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Engine, EngineConfig};
use entity::{sessions, users};

/// Failures of the auth service, mapped to API codes at the edge.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Input failed validation; one entry per offending field.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// Below the country's minimum age.
    #[error("below the minimum age of {min_age}")]
    Underage {
        /// The minimum age that applies.
        min_age: u32,
    },
    /// The e-mail address is already registered.
    #[error("email already registered")]
    EmailTaken,
    /// Unknown e-mail or wrong password (deliberately indistinguishable).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// A time-out or self-exclusion is in force: login is refused until it
    /// ends.
    #[error("self-excluded")]
    SelfExcluded {
        /// End of the exclusion; None when permanent.
        until: Option<DateTime<Utc>>,
    },
    /// Too many failed logins for this account or address.
    #[error("too many attempts")]
    TooManyAttempts {
        /// Seconds until the next attempt is allowed.
        retry_after_secs: u64,
    },
    /// Missing, malformed, expired or revoked token.
    #[error("unauthorized")]
    Unauthorized,
    /// Authenticated but lacking the role.
    #[error("forbidden")]
    Forbidden,
    /// The user does not exist.
    #[error("not found")]
    NotFound,
    /// Anything else (database, hashing): logged once at the edge.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for AuthError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Unexpected(e.into())
    }
}

/// One field's validation failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field name as in the request.
    pub field: String,
    /// What is wrong, for people.
    pub message: String,
}

impl FieldError {
    /// A failure of `field`.
    pub(crate) fn new(field: &str, message: &str) -> Self {
        Self {
            field: field.to_owned(),
            message: message.to_owned(),
        }
    }
}

/// A role. Every back-office role but `player`; `admin` holds all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A customer.
    Player,
    /// Every back-office permission.
    Admin,
    /// Odds, markets, settlement, risk.
    Trader,
    /// Campaigns and leaderboards.
    Marketing,
    /// The loyalty console.
    VipManager,
    /// KYC and responsible gaming.
    Compliance,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 6] = [
        Role::Player,
        Role::Admin,
        Role::Trader,
        Role::Marketing,
        Role::VipManager,
        Role::Compliance,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Role::Player => "player",
            Role::Admin => "admin",
            Role::Trader => "trader",
            Role::Marketing => "marketing",
            Role::VipManager => "vip_manager",
            Role::Compliance => "compliance",
        }
    }

    /// True for staff roles.
    pub fn is_backoffice(self) -> bool {
        self != Role::Player
    }
}

impl FromStr for Role {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Role::ALL.into_iter().find(|r| r.code() == s).ok_or(())
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The roles of a `users.roles` column (space-separated codes).
pub(crate) fn roles_from_column(s: &str) -> Vec<Role> {
    s.split_whitespace()
        .filter_map(|r| r.parse().ok())
        .collect()
}

/// The `users.roles` column for `roles`.
pub(crate) fn roles_to_column(roles: &[Role]) -> String {
    roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(" ")
}

/// The authenticated caller, from a verified token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The user.
    pub user_id: Uuid,
    /// The session (token `jti`).
    pub session_id: Uuid,
    /// Roles held.
    pub roles: Vec<Role>,
}

impl Principal {
    /// True when the caller holds `role`, or is admin and `role` is a
    /// back-office role.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role) || (role.is_backoffice() && self.roles.contains(&Role::Admin))
    }

    /// True when the caller holds any of `roles`.
    pub fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has(*r))
    }

    /// True for staff.
    pub fn is_backoffice(&self) -> bool {
        self.roles.iter().any(|r| r.is_backoffice())
    }

    /// `Ok` when the caller holds any of `roles`, `Forbidden` otherwise.
    pub fn require(&self, roles: &[Role]) -> Result<(), AuthError> {
        if self.has_any(roles) {
            Ok(())
        } else {
            Err(AuthError::Forbidden)
        }
    }
}

/// A player's identity verification status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KycStatus {
    /// Nothing submitted.
    Unverified,
    /// Documents under review.
    Pending,
    /// Identity confirmed.
    Verified,
    /// Refused.
    Rejected,
}

impl KycStatus {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            KycStatus::Unverified => "unverified",
            KycStatus::Pending => "pending",
            KycStatus::Verified => "verified",
            KycStatus::Rejected => "rejected",
        }
    }
}

/// Name of the cookie that carries the session token in the browser.
pub const TOKEN_COOKIE: &str = "croupier_token";

/// Finds the session token among `Cookie` header values.
pub fn token_from_cookies<'a>(values: impl Iterator<Item = &'a str>) -> Option<String> {
    values
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == TOKEN_COOKIE)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// JWT claims.
#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: Uuid,
    jti: Uuid,
    roles: Vec<Role>,
    iat: i64,
    exp: i64,
}

/// Registration input, as received.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RegisterInput {
    /// E-mail address.
    pub email: String,
    /// Password, 8 to 128 characters.
    pub password: String,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// ISO 4217, one the wallet supports.
    pub currency: String,
}

/// A new player and their first token.
#[derive(Debug, Clone)]
pub struct Registered {
    /// The player.
    pub player_id: Uuid,
    /// A token for the new session.
    pub token: String,
}

/// A successful login.
#[derive(Debug, Clone)]
pub struct LoggedIn {
    /// The token.
    pub token: String,
    /// The user.
    pub user_id: Uuid,
    /// Roles held.
    pub roles: Vec<Role>,
    /// Token expiry.
    pub expires_at: DateTime<Utc>,
}

/// What `/me` shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Profile {
    /// The user.
    pub user_id: Uuid,
    /// E-mail address.
    pub email: String,
    /// Roles held.
    pub roles: Vec<Role>,
    /// Wallet currency.
    pub currency: String,
    /// KYC status.
    pub kyc_status: String,
    /// Country.
    pub country: String,
    /// Since when.
    pub created_at: DateTime<Utc>,
}

/// Clock skew a token's expiry tolerates, in seconds.
const LEEWAY_SECS: i64 = 5;
const MAX_FAILURES_PER_ACCOUNT: u32 = 5;
const MAX_FAILURES_PER_ADDRESS: u32 = 20;
const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
const MAX_TRACKED_KEYS: usize = 100_000;

/// Failed-login counters per key (account or client address), in memory.
/// Per replica: with N replicas an attacker gets at most N× the budget,
/// which still stops guessing.
#[derive(Default)]
struct Throttle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl Throttle {
    /// Seconds to wait if `key` is over `max` failures in the window.
    fn blocked(&self, key: &str, max: u32) -> Option<u64> {
        let map = self.failures.lock().ok()?;
        let (count, first) = map.get(key)?;
        let elapsed = first.elapsed();
        (*count >= max && elapsed < FAILURE_WINDOW)
            .then(|| (FAILURE_WINDOW - elapsed).as_secs().max(1))
    }

    fn record_failure(&self, key: &str) {
        let Ok(mut map) = self.failures.lock() else {
            return;
        };
        if map.len() >= MAX_TRACKED_KEYS {
            map.retain(|_, (_, first)| first.elapsed() < FAILURE_WINDOW);
        }
        if map.len() >= MAX_TRACKED_KEYS {
            return;
        }
        let entry = map.entry(key.to_owned()).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= FAILURE_WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }

    fn clear(&self, key: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(key);
        }
    }
}

/// Long-lived auth state: keys and throttles.
pub struct AuthService {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    throttle: Throttle,
    ttl_secs: i64,
    /// A real hash of a random password, verified against when the e-mail is
    /// unknown so both failures take the same time.
    dummy_hash: String,
}

impl AuthService {
    /// Builds keys from the configuration.
    pub fn new(config: &EngineConfig) -> Self {
        let mut validation = Validation::new(jsonwebtoken::Algorithm::HS256);
        validation.leeway = LEEWAY_SECS as u64;
        // Expiry is checked against the engine's clock in `Auth::verify`.
        validation.validate_exp = false;
        validation.set_required_spec_claims(&["exp", "sub"]);
        Self {
            encoding: EncodingKey::from_secret(&config.jwt_secret),
            decoding: DecodingKey::from_secret(&config.jwt_secret),
            validation,
            throttle: Throttle::default(),
            ttl_secs: config.token_ttl_secs,
            dummy_hash: hash_password(&Uuid::now_v7().to_string()).unwrap_or_default(),
        }
    }
}

/// Hashes a password with argon2id and a random salt.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())
        .map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing: {e}"))
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Normalises an e-mail address for storage and lookup.
pub(crate) fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub(crate) fn validate_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && email.len() <= 254
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && !domain.contains('@')
}

/// Wallet currencies accepted at registration.
pub const SUPPORTED_CURRENCIES: [&str; 11] = [
    "EUR", "USD", "GBP", "SEK", "NOK", "BRL", "MXN", "CAD", "JPY", "INR", "BTC",
];

/// The auth service bound to an engine.
pub struct Auth<'a> {
    engine: &'a Engine,
    svc: &'a AuthService,
}

impl<'a> Auth<'a> {
    pub(crate) fn new(engine: &'a Engine, svc: &'a AuthService) -> Self {
        Self { engine, svc }
    }

    /// The minimum age for `country`: the `CROUPIER_MIN_AGES` override
    /// when configured, else the jurisdiction table's, else the default.
    async fn min_age(&self, country: &str) -> Result<u32, AuthError> {
        let cfg = self.engine.config();
        if let Some((_, age)) = cfg.min_age_overrides.iter().find(|(c, _)| c == country) {
            return Ok(*age);
        }
        let row = entity::jurisdictions::Entity::find_by_id(country.to_owned())
            .one(self.engine.db())
            .await?;
        Ok(row
            .and_then(|r| u32::try_from(r.minimum_age).ok())
            .unwrap_or(cfg.default_min_age))
    }

    /// Registers a player and opens their first session.
    pub async fn register(
        &self,
        input: RegisterInput,
        today: NaiveDate,
    ) -> Result<Registered, AuthError> {
        let email = normalise_email(&input.email);
        let mut errors = Vec::new();
        if !validate_email(&email) {
            errors.push(FieldError::new("email", "Enter a valid e-mail address."));
        }
        let pw_len = input.password.chars().count();
        if !(8..=128).contains(&pw_len) {
            errors.push(FieldError::new(
                "password",
                "The password must have 8 to 128 characters.",
            ));
        }
        let dob = NaiveDate::parse_from_str(input.date_of_birth.trim(), "%Y-%m-%d").ok();
        match dob {
            None => errors.push(FieldError::new(
                "date_of_birth",
                "Enter the date of birth as YYYY-MM-DD.",
            )),
            Some(d) if d > today => errors.push(FieldError::new(
                "date_of_birth",
                "The date of birth is in the future.",
            )),
            Some(_) => {}
        }
        let country = input.country.trim().to_uppercase();
        if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
            errors.push(FieldError::new(
                "country",
                "Enter a two-letter country code, e.g. MT.",
            ));
        }
        let currency = input.currency.trim().to_uppercase();
        if !SUPPORTED_CURRENCIES.contains(&currency.as_str()) {
            errors.push(FieldError::new(
                "currency",
                "This currency is not supported.",
            ));
        }
        if !errors.is_empty() {
            return Err(AuthError::Validation(errors));
        }
        let Some(dob) = dob else {
            return Err(AuthError::Validation(Vec::new()));
        };
        let min_age = self.min_age(&country).await?;
        if !domain::compliance::meets_minimum_age(dob, today, min_age) {
            return Err(AuthError::Underage { min_age });
        }
        let hash = {
            let password = input.password.clone();
            tokio::task::spawn_blocking(move || hash_password(&password))
                .await
                .map_err(anyhow::Error::from)??
        };
        let now = self.engine.now();
        let player_id = Uuid::now_v7();
        let user = users::ActiveModel {
            id: Set(player_id),
            email: Set(email),
            password_hash: Set(hash),
            roles: Set(Role::Player.code().to_owned()),
            date_of_birth: Set(Some(dob)),
            country: Set(country),
            currency: Set(currency),
            kyc_status: Set("unverified".to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
            disabled: Set(false),
        };
        let txn = crate::db::begin_write(self.engine.db()).await?;
        if let Err(e) = user.insert(&txn).await {
            return Err(match e.sql_err() {
                Some(SqlErr::UniqueConstraintViolation(_)) => AuthError::EmailTaken,
                _ => e.into(),
            });
        }
        crate::events::enqueue(
            &txn,
            now,
            Topic::Player(player_id),
            EventData::PlayerRegistered(events::PlayerRegistered { player_id }),
        )
        .await?;
        let (token, _) = self
            .open_session(&txn, player_id, &[Role::Player], now)
            .await?;
        txn.commit().await?;
        Ok(Registered { player_id, token })
    }

    async fn open_session<C: sea_orm::ConnectionTrait>(
        &self,
        conn: &C,
        user_id: Uuid,
        roles: &[Role],
        now: DateTime<Utc>,
    ) -> Result<(String, DateTime<Utc>), AuthError> {
        let expires_at = now + chrono::Duration::seconds(self.svc.ttl_secs);
        let jti = Uuid::now_v7();
        sessions::ActiveModel {
            id: Set(jti),
            user_id: Set(user_id),
            created_at: Set(now),
            expires_at: Set(expires_at),
            revoked_at: Set(None),
        }
        .insert(conn)
        .await?;
        let claims = Claims {
            sub: user_id,
            jti,
            roles: roles.to_vec(),
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
        };
        let token = jsonwebtoken::encode(&Header::default(), &claims, &self.svc.encoding)
            .map_err(|e| anyhow::anyhow!("signing token: {e}"))?;
        Ok((token, expires_at))
    }

    /// Logs in by e-mail and password. `client` is the caller's address, for
    /// per-address throttling.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        client: Option<&str>,
    ) -> Result<LoggedIn, AuthError> {
        let email = normalise_email(email);
        let account_key = format!("acct:{email}");
        let address_key = client.map(|c| format!("ip:{c}"));
        let blocked = self
            .svc
            .throttle
            .blocked(&account_key, MAX_FAILURES_PER_ACCOUNT)
            .or_else(|| {
                address_key
                    .as_deref()
                    .and_then(|k| self.svc.throttle.blocked(k, MAX_FAILURES_PER_ADDRESS))
            });
        if let Some(retry_after_secs) = blocked {
            return Err(AuthError::TooManyAttempts { retry_after_secs });
        }
        let user = users::Entity::find()
            .filter(users::Column::Email.eq(email.as_str()))
            .one(self.engine.db())
            .await?;
        let hash = user
            .as_ref()
            .map(|u| u.password_hash.clone())
            .unwrap_or_else(|| self.svc.dummy_hash.clone());
        let password = password.to_owned();
        let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
            .await
            .map_err(anyhow::Error::from)?;
        // A disabled account answers exactly like a wrong password, so
        // nobody learns from the login form that it exists.
        let user = match user {
            Some(u) if ok && !u.disabled => u,
            _ => {
                self.svc.throttle.record_failure(&account_key);
                if let Some(k) = &address_key {
                    self.svc.throttle.record_failure(k);
                }
                return Err(AuthError::InvalidCredentials);
            }
        };
        self.svc.throttle.clear(&account_key);
        let now = self.engine.now();
        let roles = roles_from_column(&user.roles);
        if roles.contains(&Role::Player)
            && let Some(exclusion) = self
                .engine
                .compliance()
                .active_exclusion(user.id, now)
                .await
                .map_err(|e| anyhow::anyhow!("checking exclusions: {e}"))?
        {
            return Err(AuthError::SelfExcluded {
                until: exclusion.until,
            });
        }
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let (token, expires_at) = self.open_session(&txn, user.id, &roles, now).await?;
        crate::events::enqueue(
            &txn,
            now,
            Topic::Player(user.id),
            EventData::LoggedIn(events::LoggedIn { user_id: user.id }),
        )
        .await?;
        txn.commit().await?;
        Ok(LoggedIn {
            token,
            user_id: user.id,
            roles,
            expires_at,
        })
    }

    /// Verifies a token's signature and expiry and that its session is live.
    pub async fn verify(&self, token: &str) -> Result<Principal, AuthError> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.svc.decoding, &self.svc.validation)
            .map_err(|_| AuthError::Unauthorized)?;
        let claims = data.claims;
        // The expiry is checked against the engine's clock, not the
        // library's reading of the system clock (`validate_exp` is off).
        let now = self.engine.now();
        if claims.exp.saturating_add(LEEWAY_SECS) < now.timestamp() {
            return Err(AuthError::Unauthorized);
        }
        let session = sessions::Entity::find_by_id(claims.jti)
            .one(self.engine.db())
            .await?
            .ok_or(AuthError::Unauthorized)?;
        if session.revoked_at.is_some()
            || session.user_id != claims.sub
            || session.expires_at <= now
        {
            return Err(AuthError::Unauthorized);
        }
        // The roles are read from the account, not the token: a role an
        // admin removes (or a disabled account) stops working at once
        // rather than when the token expires.
        let user = users::Entity::find_by_id(claims.sub)
            .one(self.engine.db())
            .await?
            .filter(|u| !u.disabled)
            .ok_or(AuthError::Unauthorized)?;
        Ok(Principal {
            user_id: claims.sub,
            session_id: claims.jti,
            roles: roles_from_column(&user.roles),
        })
    }

    /// Revokes the caller's session.
    pub async fn logout(&self, principal: &Principal) -> Result<(), AuthError> {
        sessions::Entity::update_many()
            .col_expr(
                sessions::Column::RevokedAt,
                sea_orm::sea_query::Expr::value(Some(self.engine.now())),
            )
            .filter(sessions::Column::Id.eq(principal.session_id))
            .exec(self.engine.db())
            .await?;
        Ok(())
    }

    /// The caller's profile.
    pub async fn profile(&self, user_id: Uuid) -> Result<Profile, AuthError> {
        let user = users::Entity::find_by_id(user_id)
            .one(self.engine.db())
            .await?
            .ok_or(AuthError::NotFound)?;
        Ok(Profile {
            user_id: user.id,
            email: user.email,
            roles: roles_from_column(&user.roles),
            currency: user.currency,
            kyc_status: user.kyc_status,
            country: user.country,
            created_at: user.created_at,
        })
    }

    /// Sets a player's KYC status (compliance decision), audited.
    pub async fn set_kyc_status(
        &self,
        actor: &Principal,
        player_id: Uuid,
        status: KycStatus,
        note: Option<String>,
    ) -> Result<KycStatus, AuthError> {
        actor.require(&[Role::Compliance])?;
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let user = users::Entity::find_by_id(player_id)
            .one(&txn)
            .await?
            .ok_or(AuthError::NotFound)?;
        if !roles_from_column(&user.roles).contains(&Role::Player) {
            return Err(AuthError::NotFound);
        }
        let old = user.kyc_status.clone();
        let now = self.engine.now();
        let mut active: users::ActiveModel = user.into();
        active.kyc_status = Set(status.code().to_owned());
        active.updated_at = Set(now);
        active.update(&txn).await?;
        crate::audit::record(
            &txn,
            now,
            Some(actor.user_id),
            "player.kyc_status_changed",
            &format!("user:{player_id}"),
            serde_json::json!({ "from": old, "to": status.code(), "note": note }),
        )
        .await?;
        crate::events::enqueue(
            &txn,
            now,
            Topic::Player(player_id),
            EventData::KycStatusChanged(events::KycStatusChanged {
                player_id,
                kyc_status: status.code().to_owned(),
            }),
        )
        .await?;
        txn.commit().await?;
        Ok(status)
    }

    /// Makes sure a user with `email` exists with exactly `roles` and
    /// `password` (used for the bootstrap admin and demo staff). Returns its id.
    pub async fn ensure_staff(
        &self,
        email: &str,
        password: &str,
        roles: &[Role],
    ) -> Result<Uuid, AuthError> {
        let email = normalise_email(email);
        if !validate_email(&email) || password.chars().count() < 8 {
            return Err(AuthError::Validation(vec![FieldError::new(
                "email",
                "A staff account needs a valid e-mail and a password of 8+ characters.",
            )]));
        }
        let hash = hash_password(password)?;
        let now = self.engine.now();
        let existing = users::Entity::find()
            .filter(users::Column::Email.eq(email.as_str()))
            .one(self.engine.db())
            .await?;
        let id = match existing {
            Some(u) => {
                let id = u.id;
                let mut active: users::ActiveModel = u.into();
                active.password_hash = Set(hash);
                active.roles = Set(roles_to_column(roles));
                active.updated_at = Set(now);
                active.update(self.engine.db()).await?;
                id
            }
            None => {
                let id = Uuid::now_v7();
                users::ActiveModel {
                    id: Set(id),
                    email: Set(email.clone()),
                    password_hash: Set(hash),
                    roles: Set(roles_to_column(roles)),
                    date_of_birth: Set(None),
                    country: Set("MT".to_owned()),
                    currency: Set("EUR".to_owned()),
                    kyc_status: Set("verified".to_owned()),
                    created_at: Set(now),
                    updated_at: Set(now),
                    disabled: Set(false),
                }
                .insert(self.engine.db())
                .await?;
                id
            }
        };
        crate::audit::record(
            self.engine.db(),
            now,
            None,
            "user.ensure_staff",
            &format!("user:{id}"),
            serde_json::json!({ "email": email, "roles": roles }),
        )
        .await?;
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_holds_every_backoffice_role_but_is_not_a_player() {
        let p = Principal {
            user_id: Uuid::nil(),
            session_id: Uuid::nil(),
            roles: vec![Role::Admin],
        };
        assert!(p.has(Role::Trader) && p.has(Role::Compliance));
        assert!(!p.has(Role::Player));
    }

    #[test]
    fn email_shapes_are_checked() {
        assert!(validate_email("a@b.co"));
        assert!(!validate_email("ab.co"));
        assert!(!validate_email("a@b"));
        assert!(!validate_email("a b@c.de"));
    }

    #[test]
    fn the_throttle_blocks_after_the_limit_and_clears_on_success() {
        let t = Throttle::default();
        for _ in 0..MAX_FAILURES_PER_ACCOUNT {
            assert!(t.blocked("k", MAX_FAILURES_PER_ACCOUNT).is_none());
            t.record_failure("k");
        }
        assert!(t.blocked("k", MAX_FAILURES_PER_ACCOUNT).is_some());
        t.clear("k");
        assert!(t.blocked("k", MAX_FAILURES_PER_ACCOUNT).is_none());
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        assert_eq!(
            token_from_cookies(["a=1; croupier_token=abc; b=2"].into_iter()).as_deref(),
            Some("abc")
        );
        assert_eq!(token_from_cookies(["a=1"].into_iter()), None);
        assert_eq!(token_from_cookies(["croupier_token="].into_iter()), None);
    }

    #[test]
    fn roles_round_trip_through_the_column() {
        let roles = vec![Role::Trader, Role::VipManager];
        assert_eq!(roles_from_column(&roles_to_column(&roles)), roles);
    }
}
