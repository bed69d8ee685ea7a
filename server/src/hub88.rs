//! The Hub88 operator wallet API (API.md "Casino: Hub88-compatible wallet
//! callbacks"): the aggregator calls `POST /api/hub88/user/info`,
//! `/user/balance`, `/transaction/bet`, `/transaction/win` and
//! `/transaction/rollback`; we answer HTTP 200 with a Hub88 status code.
//!
//! Signatures: every request's raw body must carry a valid
//! `X-Hub88-Signature` (base64 RSA-SHA256, PKCS#1 v1.5) made with the
//! aggregator's private key; we check it with the public key in the PEM
//! file named by `CROUPIER_HUB88_PUBLIC_KEY`. Without that key every
//! callback is refused with `RS_ERROR_INVALID_SIGNATURE`: an unauthenticated
//! wallet must not move money. Every response body is signed the same way
//! with the operator's private key (`CROUPIER_HUB88_PRIVATE_KEY`); when none
//! is configured, one is generated once and kept under the data directory
//! (`hub88_operator_private.pem`, mode 0600), like the token secret, and its
//! public half written beside it to hand to Hub88.
//!
//! Amounts are integers, currency units × 100000; they convert exactly to
//! the wallet's minor units or the request is refused with
//! `RS_ERROR_WRONG_TYPES`. The duplicate and rollback rules live in the
//! engine ([`engine::casino`]). Contract monitoring: unknown fields, missing
//! fields, wrong types and signature failures are counted per provider and
//! endpoint in `croupier_provider_contract_violations`, and the same events
//! in the engine's provider health (the back office's monitoring page).

use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use domain::money::{Currency, Money};
use engine::casino::health::{CallbackOutcome, Violation};
use engine::casino::{Callback, CallbackError, SeamlessWalletProtocol};
use ring::rand::SystemRandom;
use ring::signature::{
    RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256, RsaKeyPair, UnparsedPublicKey,
};
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey, EncodeRsaPublicKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, LineEnding};
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::config::Settings;

/// The signature header.
pub const SIGNATURE_HEADER: &str = "x-hub88-signature";
/// Hub88 amounts are currency units times this.
pub const AMOUNT_SCALE_DIGITS: u32 = 5;
/// File the generated operator key is kept in, under the data directory.
pub const GENERATED_KEY_FILE: &str = "hub88_operator_private.pem";

/// The Hub88 protocol's constants and amount conversion.
pub struct Hub88;

impl SeamlessWalletProtocol for Hub88 {
    const PROVIDER: &'static str = "hub88";

    fn to_money(wire: i64, currency: Currency) -> Option<Money> {
        if wire < 0 {
            return None;
        }
        let exponent = currency.exponent();
        if exponent <= AMOUNT_SCALE_DIGITS {
            let divisor = 10i64.checked_pow(AMOUNT_SCALE_DIGITS - exponent)?;
            (wire % divisor == 0).then(|| Money::new(wire / divisor, currency))
        } else {
            let factor = 10i64.checked_pow(exponent - AMOUNT_SCALE_DIGITS)?;
            wire.checked_mul(factor).map(|m| Money::new(m, currency))
        }
    }

    fn from_money(money: Money) -> Option<i64> {
        let exponent = money.currency().exponent();
        if exponent <= AMOUNT_SCALE_DIGITS {
            money
                .minor()
                .checked_mul(10i64.checked_pow(AMOUNT_SCALE_DIGITS - exponent)?)
        } else {
            // Finer than the wire can carry: round down to what it can.
            Some(money.minor() / 10i64.checked_pow(exponent - AMOUNT_SCALE_DIGITS)?)
        }
    }
}

/// The keys of the Hub88 integration.
///
/// The `rsa` crate only reads PEM files and generates the operator key (once,
/// offline). Every signature made or checked per request goes through `ring`:
/// its RSA private-key operation is blinded and constant-time (the `rsa`
/// crate's is not: RUSTSEC-2023-0071, the Marvin attack, would leak the
/// operator key's timing over the network) and several times faster.
pub struct Hub88Keys {
    /// Checks the aggregator's request signatures; None refuses all.
    aggregator: Option<UnparsedPublicKey<Vec<u8>>>,
    /// Signs our responses.
    operator: RsaKeyPair,
    rng: SystemRandom,
    /// Our operator id at Hub88, when configured.
    pub operator_id: Option<String>,
}

fn read_private(pem: &str) -> anyhow::Result<RsaPrivateKey> {
    RsaPrivateKey::from_pkcs8_pem(pem)
        .or_else(|_| RsaPrivateKey::from_pkcs1_pem(pem))
        .context("not an RSA private key in PKCS#8 or PKCS#1 PEM")
}

fn read_public(pem: &str) -> anyhow::Result<RsaPublicKey> {
    RsaPublicKey::from_public_key_pem(pem)
        .or_else(|_| RsaPublicKey::from_pkcs1_pem(pem))
        .context("not an RSA public key in SPKI or PKCS#1 PEM")
}

/// The aggregator's key in the form `ring` checks signatures with (PKCS#1
/// DER).
fn verifying_key(key: &RsaPublicKey) -> anyhow::Result<UnparsedPublicKey<Vec<u8>>> {
    let der = key
        .to_pkcs1_der()
        .context("encoding the public key as PKCS#1")?;
    Ok(UnparsedPublicKey::new(
        &RSA_PKCS1_2048_8192_SHA256,
        der.as_bytes().to_vec(),
    ))
}

/// The operator key in the form `ring` signs with.
fn signing_key(key: &RsaPrivateKey) -> anyhow::Result<RsaKeyPair> {
    let der = key
        .to_pkcs8_der()
        .context("encoding the private key as PKCS#8")?;
    RsaKeyPair::from_pkcs8(der.as_bytes())
        .map_err(|e| anyhow::anyhow!("the RSA private key is not usable for signing: {e}"))
}

fn load_or_generate(path: &Path) -> anyhow::Result<RsaPrivateKey> {
    if let Ok(pem) = std::fs::read_to_string(path) {
        return read_private(&pem).with_context(|| format!("reading {}", path.display()));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let key = RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048)
        .context("generating the Hub88 operator key")?;
    let pem = key
        .to_pkcs8_pem(LineEnding::LF)
        .context("encoding the Hub88 operator key")?;
    std::fs::write(path, pem.as_bytes()).with_context(|| format!("writing {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    let public = RsaPublicKey::from(&key)
        .to_pkcs1_pem(LineEnding::LF)
        .context("encoding the Hub88 operator public key")?;
    let public_path = path.with_file_name("hub88_operator_public.pem");
    std::fs::write(&public_path, public)
        .with_context(|| format!("writing {}", public_path.display()))?;
    Ok(key)
}

impl Hub88Keys {
    /// Loads the configured keys, generating the operator key under the
    /// data directory when none is configured.
    pub fn load(settings: &Settings) -> anyhow::Result<Self> {
        let aggregator = match &settings.hub88_public_key {
            Some(path) => {
                let pem = std::fs::read_to_string(path).with_context(|| {
                    format!("reading CROUPIER_HUB88_PUBLIC_KEY {}", path.display())
                })?;
                let key = read_public(&pem)
                    .with_context(|| format!("CROUPIER_HUB88_PUBLIC_KEY {}", path.display()))?;
                Some(verifying_key(&key)?)
            }
            None => {
                tracing::warn!(
                    "CROUPIER_HUB88_PUBLIC_KEY is not set: Hub88 callbacks are refused with RS_ERROR_INVALID_SIGNATURE"
                );
                None
            }
        };
        let operator = match &settings.hub88_private_key {
            Some(path) => {
                let pem = std::fs::read_to_string(path).with_context(|| {
                    format!("reading CROUPIER_HUB88_PRIVATE_KEY {}", path.display())
                })?;
                read_private(&pem)
                    .with_context(|| format!("CROUPIER_HUB88_PRIVATE_KEY {}", path.display()))?
            }
            None => load_or_generate(&settings.data_dir.join(GENERATED_KEY_FILE))?,
        };
        Ok(Self {
            aggregator,
            operator: signing_key(&operator)?,
            rng: SystemRandom::new(),
            operator_id: settings.hub88_operator_id.clone(),
        })
    }

    /// True when `signature` (base64) signs `body` with the aggregator key.
    pub fn verify(&self, body: &[u8], signature: Option<&str>) -> bool {
        let (Some(key), Some(signature)) = (&self.aggregator, signature) else {
            return false;
        };
        let Ok(bytes) = BASE64.decode(signature.trim()) else {
            return false;
        };
        key.verify(body, &bytes).is_ok()
    }

    /// The base64 signature of `body` with the operator key (RSA PKCS#1 v1.5
    /// over SHA-256).
    pub fn sign(&self, body: &[u8]) -> String {
        let mut signature = vec![0; self.operator.public().modulus_len()];
        match self
            .operator
            .sign(&RSA_PKCS1_SHA256, &self.rng, body, &mut signature)
        {
            Ok(()) => BASE64.encode(signature),
            // Only a failing system random source gets here; an empty
            // signature is refused by the aggregator rather than trusted.
            Err(_) => {
                tracing::error!("signing a Hub88 answer failed: no system randomness");
                String::new()
            }
        }
    }
}

/// Hub88's status codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Success.
    Ok,
    /// Anything unexpected.
    Unknown,
    /// Unknown token or user.
    InvalidToken,
    /// Unknown game.
    InvalidGame,
    /// Not the wallet's currency.
    WrongCurrency,
    /// Not enough money.
    NotEnoughMoney,
    /// Self-excluded.
    UserDisabled,
    /// Bad or missing signature.
    InvalidSignature,
    /// Session expired.
    TokenExpired,
    /// Not JSON or fields missing.
    WrongSyntax,
    /// Fields of the wrong type or value.
    WrongTypes,
    /// Transaction id reused with other content.
    DuplicateTransaction,
    /// Referenced transaction unknown.
    TransactionDoesNotExist,
    /// A responsible-gaming limit.
    LimitReached,
}

impl Status {
    /// How monitoring classes the answer: refusals that protect the player
    /// are the wallet working as intended; the rest of the failures count
    /// towards the provider's error rate.
    pub const fn outcome(self) -> CallbackOutcome {
        match self {
            Self::Ok => CallbackOutcome::Ok,
            Self::NotEnoughMoney | Self::UserDisabled | Self::TokenExpired | Self::LimitReached => {
                CallbackOutcome::Refused
            }
            Self::Unknown
            | Self::InvalidToken
            | Self::InvalidGame
            | Self::WrongCurrency
            | Self::InvalidSignature
            | Self::WrongSyntax
            | Self::WrongTypes
            | Self::DuplicateTransaction
            | Self::TransactionDoesNotExist => CallbackOutcome::Error,
        }
    }

    /// The wire code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Ok => "RS_OK",
            Self::Unknown => "RS_ERROR_UNKNOWN",
            Self::InvalidToken => "RS_ERROR_INVALID_TOKEN",
            Self::InvalidGame => "RS_ERROR_INVALID_GAME",
            Self::WrongCurrency => "RS_ERROR_WRONG_CURRENCY",
            Self::NotEnoughMoney => "RS_ERROR_NOT_ENOUGH_MONEY",
            Self::UserDisabled => "RS_ERROR_USER_DISABLED",
            Self::InvalidSignature => "RS_ERROR_INVALID_SIGNATURE",
            Self::TokenExpired => "RS_ERROR_TOKEN_EXPIRED",
            Self::WrongSyntax => "RS_ERROR_WRONG_SYNTAX",
            Self::WrongTypes => "RS_ERROR_WRONG_TYPES",
            Self::DuplicateTransaction => "RS_ERROR_DUPLICATE_TRANSACTION",
            Self::TransactionDoesNotExist => "RS_ERROR_TRANSACTION_DOES_NOT_EXIST",
            Self::LimitReached => "RS_ERROR_LIMIT_REACHED",
        }
    }
}

/// The five callbacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `user/info`.
    UserInfo,
    /// `user/balance`.
    Balance,
    /// `transaction/bet`.
    Bet,
    /// `transaction/win`.
    Win,
    /// `transaction/rollback`.
    Rollback,
}

impl Endpoint {
    /// The path under `/api/hub88`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::UserInfo => "user/info",
            Self::Balance => "user/balance",
            Self::Bet => "transaction/bet",
            Self::Win => "transaction/win",
            Self::Rollback => "transaction/rollback",
        }
    }

    /// Required fields and their JSON types.
    fn required(self) -> &'static [(&'static str, Kind)] {
        use Kind::{Bool, Int, Str};
        match self {
            Self::UserInfo => &[("user", Str), ("request_uuid", Str)],
            Self::Balance => &[("user", Str), ("token", Str), ("request_uuid", Str)],
            Self::Bet => &[
                ("user", Str),
                ("transaction_uuid", Str),
                ("supplier_transaction_id", Str),
                ("token", Str),
                ("round", Str),
                ("request_uuid", Str),
                ("is_free", Bool),
                ("game_code", Str),
                ("currency", Str),
                ("amount", Int),
            ],
            Self::Win => &[
                ("user", Str),
                ("transaction_uuid", Str),
                ("supplier_transaction_id", Str),
                ("token", Str),
                ("round", Str),
                ("request_uuid", Str),
                ("reference_transaction_uuid", Str),
                ("is_free", Bool),
                ("game_code", Str),
                ("currency", Str),
                ("amount", Int),
            ],
            Self::Rollback => &[
                ("user", Str),
                ("transaction_uuid", Str),
                ("supplier_transaction_id", Str),
                ("token", Str),
                ("round", Str),
                ("request_uuid", Str),
                ("reference_transaction_uuid", Str),
                ("game_code", Str),
            ],
        }
    }

    /// Optional fields the protocol defines (any JSON type accepted).
    fn optional(self) -> &'static [&'static str] {
        match self {
            Self::UserInfo => &["country", "game_code", "token"],
            Self::Balance => &["game_code", "game_id"],
            Self::Bet => &["reward_uuid", "is_aggregated", "bet", "meta", "game_id"],
            Self::Win => &["reward_uuid", "is_aggregated", "bet", "meta", "game_id"],
            Self::Rollback => &["meta", "game_id", "is_free", "currency", "amount"],
        }
    }
}

/// A JSON type of a required field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Str,
    Int,
    Bool,
}

impl Kind {
    fn fits(self, value: &Value) -> bool {
        match self {
            Self::Str => value.is_string(),
            Self::Int => value.as_i64().is_some(),
            Self::Bool => value.is_boolean(),
        }
    }
}

/// The parts of a callback body we read (after the schema check).
#[derive(Debug, Deserialize)]
struct Request {
    user: String,
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    transaction_uuid: Option<String>,
    #[serde(default)]
    round: Option<String>,
    #[serde(default)]
    game_code: Option<String>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    amount: Option<i64>,
    #[serde(default)]
    reference_transaction_uuid: Option<String>,
    #[serde(default)]
    is_free: Option<bool>,
}

/// What the Hub88 callbacks need of the application state.
#[derive(Clone)]
pub struct Hub88State {
    /// The services.
    pub engine: engine::Engine,
    /// Contract violations and callbacks are counted here.
    pub metrics: std::sync::Arc<crate::metrics::Metrics>,
    /// Signature keys.
    pub hub88: SharedKeys,
}

/// The router of `/api/hub88`, for any application state that holds what
/// [`Hub88State`] needs.
pub fn router<S>() -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Hub88State: axum::extract::FromRef<S>,
{
    Router::new()
        .route("/user/info", post(user_info))
        .route("/user/balance", post(user_balance))
        .route("/transaction/bet", post(bet))
        .route("/transaction/win", post(win))
        .route("/transaction/rollback", post(rollback))
}

async fn user_info(State(state): State<Hub88State>, headers: HeaderMap, body: Bytes) -> Response {
    handle(&state, Endpoint::UserInfo, &headers, &body).await
}

async fn user_balance(
    State(state): State<Hub88State>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    handle(&state, Endpoint::Balance, &headers, &body).await
}

async fn bet(State(state): State<Hub88State>, headers: HeaderMap, body: Bytes) -> Response {
    handle(&state, Endpoint::Bet, &headers, &body).await
}

async fn win(State(state): State<Hub88State>, headers: HeaderMap, body: Bytes) -> Response {
    handle(&state, Endpoint::Win, &headers, &body).await
}

async fn rollback(State(state): State<Hub88State>, headers: HeaderMap, body: Bytes) -> Response {
    handle(&state, Endpoint::Rollback, &headers, &body).await
}

/// What the answer carries besides the status.
#[derive(Default)]
struct Answer {
    currency: Option<String>,
    balance: Option<i64>,
    extra: Map<String, Value>,
}

/// Counts a contract violation in `/metrics` and in the back office's
/// provider health, under the same code.
fn count(state: &Hub88State, endpoint: Endpoint, violation: Violation) {
    state
        .metrics
        .count_contract_violation(Hub88::PROVIDER, endpoint.name(), violation.code());
    state
        .engine
        .provider_health()
        .record_violation(Hub88::PROVIDER, violation);
}

async fn handle(
    state: &Hub88State,
    endpoint: Endpoint,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let parsed: Option<Map<String, Value>> = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v.as_object().cloned());
    let echo = |key: &str| {
        parsed
            .as_ref()
            .and_then(|m| m.get(key))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let user = echo("user");
    let request_uuid = echo("request_uuid");
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    let (status, answer) = if !state.hub88.verify(body, signature) {
        count(state, endpoint, Violation::InvalidSignature);
        (Status::InvalidSignature, Answer::default())
    } else {
        match parsed.as_ref() {
            None => {
                count(state, endpoint, Violation::WrongSyntax);
                (Status::WrongSyntax, Answer::default())
            }
            Some(map) => match check_schema(state, endpoint, map) {
                Err(status) => (status, Answer::default()),
                Ok(()) => match serde_json::from_value::<Request>(Value::Object(map.clone())) {
                    Err(_) => {
                        count(state, endpoint, Violation::WrongTypes);
                        (Status::WrongTypes, Answer::default())
                    }
                    Ok(request) => process(state, endpoint, &request).await,
                },
            },
        }
    };
    state
        .metrics
        .count_provider_callback(Hub88::PROVIDER, endpoint.name(), status.code());
    state.engine.provider_health().record_callback(
        Hub88::PROVIDER,
        status.code(),
        status.outcome(),
    );
    let mut out = Map::new();
    out.insert("user".to_owned(), Value::String(user));
    out.insert("status".to_owned(), Value::String(status.code().to_owned()));
    out.insert("request_uuid".to_owned(), Value::String(request_uuid));
    out.insert(
        "currency".to_owned(),
        answer.currency.map_or(Value::Null, Value::String),
    );
    out.insert(
        "balance".to_owned(),
        answer.balance.map_or(Value::Null, |b| json!(b)),
    );
    out.extend(answer.extra);
    let bytes = Value::Object(out).to_string().into_bytes();
    // An RSA signature is milliseconds of CPU: off the async workers, so
    // one callback's signing never stalls the other requests.
    let (keys, body) = (state.hub88.clone(), bytes.clone());
    let signature = match tokio::task::spawn_blocking(move || keys.sign(&body)).await {
        Ok(signature) => signature,
        Err(_) => state.hub88.sign(&bytes),
    };
    let mut response = (
        StatusCode::OK,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        bytes,
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&signature) {
        response.headers_mut().insert(SIGNATURE_HEADER, value);
    }
    response
}

/// Missing or mistyped required fields refuse the request; unknown fields
/// are tolerated (the protocol grows) but counted.
fn check_schema(
    state: &Hub88State,
    endpoint: Endpoint,
    map: &Map<String, Value>,
) -> Result<(), Status> {
    let required = endpoint.required();
    for key in map.keys() {
        if !required.iter().any(|(k, _)| k == key) && !endpoint.optional().contains(&key.as_str()) {
            count(state, endpoint, Violation::UnknownField);
            tracing::info!(endpoint = endpoint.name(), field = %key, "Hub88 sent a field outside the protocol");
        }
    }
    let mut missing = false;
    let mut mistyped = false;
    for (key, kind) in required {
        match map.get(*key) {
            None | Some(Value::Null) => missing = true,
            Some(value) if !kind.fits(value) => mistyped = true,
            Some(_) => {}
        }
    }
    if missing {
        count(state, endpoint, Violation::MissingField);
        return Err(Status::WrongSyntax);
    }
    if mistyped {
        count(state, endpoint, Violation::WrongTypes);
        return Err(Status::WrongTypes);
    }
    Ok(())
}

fn status_of(e: &CallbackError) -> Status {
    match e {
        CallbackError::InvalidToken => Status::InvalidToken,
        CallbackError::TokenExpired => Status::TokenExpired,
        CallbackError::InvalidGame => Status::InvalidGame,
        CallbackError::WrongCurrency => Status::WrongCurrency,
        CallbackError::NotEnoughMoney { .. } => Status::NotEnoughMoney,
        CallbackError::UserDisabled => Status::UserDisabled,
        CallbackError::LimitReached => Status::LimitReached,
        CallbackError::DuplicateTransaction => Status::DuplicateTransaction,
        CallbackError::TransactionDoesNotExist => Status::TransactionDoesNotExist,
        CallbackError::WrongTypes => Status::WrongTypes,
        CallbackError::Unexpected(cause) => {
            tracing::error!(error = %format!("{cause:#}"), "Hub88 callback failed");
            Status::Unknown
        }
    }
}

async fn process(state: &Hub88State, endpoint: Endpoint, request: &Request) -> (Status, Answer) {
    let casino = state.engine.casino();
    let Ok(player) = request.user.parse::<Uuid>() else {
        return (Status::InvalidToken, Answer::default());
    };
    // The wallet's currency and balance go on every answer we can give
    // them on (a refusal for lack of money carries the real balance).
    let info = match casino.player_info(player).await {
        Ok(info) => info,
        Err(e) => return (status_of(&e), Answer::default()),
    };
    let mut answer = Answer {
        currency: Some(info.currency.code().to_owned()),
        balance: Hub88::from_money(info.balance),
        extra: Map::new(),
    };
    let result = match endpoint {
        Endpoint::UserInfo => {
            answer
                .extra
                .insert("country".to_owned(), json!(info.country));
            answer.extra.insert(
                "registration_date".to_owned(),
                json!(info.registered_at.date_naive().to_string()),
            );
            if let Some(dob) = &info.date_of_birth {
                answer.extra.insert("birth_date".to_owned(), json!(dob));
            }
            answer.extra.insert("tags".to_owned(), json!([]));
            Ok(info.balance)
        }
        Endpoint::Balance => casino
            .balance(player, request.token.as_deref().unwrap_or_default())
            .await
            .map(|i| i.balance),
        Endpoint::Bet | Endpoint::Win | Endpoint::Rollback => {
            transaction(&casino, endpoint, player, request, info.currency).await
        }
    };
    match result {
        Ok(balance) => {
            answer.balance = Hub88::from_money(balance);
            (Status::Ok, answer)
        }
        Err(e) => {
            if let CallbackError::NotEnoughMoney { balance } = &e {
                answer.balance = Hub88::from_money(*balance);
            } else if let Ok(now) = casino.player_info(player).await {
                answer.balance = Hub88::from_money(now.balance);
            }
            (status_of(&e), answer)
        }
    }
}

async fn transaction(
    casino: &engine::casino::Casino<'_>,
    endpoint: Endpoint,
    player: Uuid,
    request: &Request,
    wallet_currency: Currency,
) -> Result<Money, CallbackError> {
    let currency = request
        .currency
        .as_deref()
        .unwrap_or(wallet_currency.code());
    if endpoint == Endpoint::Bet && request.is_free == Some(true) {
        // This operator issues no Hub88 rewards, so no free bet can be
        // funded: refuse it rather than take or pay money nobody staked.
        // Wins are always accepted; one for a refused free bet finds no bet.
        return Err(CallbackError::WrongTypes);
    }
    let amount = match (endpoint, request.amount) {
        (Endpoint::Rollback, _) | (_, None) => None,
        (_, Some(wire)) => {
            if currency != wallet_currency.code() {
                return Err(CallbackError::WrongCurrency);
            }
            Some((
                wire,
                Hub88::to_money(wire, wallet_currency).ok_or(CallbackError::WrongTypes)?,
            ))
        }
    };
    let callback = Callback {
        player,
        token: request.token.as_deref().unwrap_or_default(),
        transaction_uuid: request.transaction_uuid.as_deref().unwrap_or_default(),
        round: request.round.as_deref().unwrap_or_default(),
        game_code: request.game_code.as_deref().unwrap_or_default(),
        currency,
        amount,
        reference: request.reference_transaction_uuid.as_deref(),
    };
    match endpoint {
        Endpoint::Bet => casino.bet(Hub88::PROVIDER, &callback).await,
        Endpoint::Win => casino.win(Hub88::PROVIDER, &callback).await,
        _ => casino.rollback(Hub88::PROVIDER, &callback).await,
    }
}

/// Shared handle to the keys, for the state.
pub type SharedKeys = Arc<Hub88Keys>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_convert_exactly_or_not_at_all() {
        assert_eq!(
            Hub88::to_money(356_000, Currency::EUR),
            Some(Money::new(356, Currency::EUR))
        );
        assert_eq!(Hub88::to_money(356_001, Currency::EUR), None);
        assert_eq!(Hub88::to_money(-1000, Currency::EUR), None);
        assert_eq!(
            Hub88::from_money(Money::new(356, Currency::EUR)),
            Some(356_000)
        );
        assert_eq!(
            Hub88::to_money(1, Currency::BTC),
            Some(Money::new(1000, Currency::BTC))
        );
    }

    #[test]
    fn a_generated_operator_key_is_kept_across_restarts_and_signs_verifiably() {
        let dir = std::env::temp_dir().join(format!("croupier-hub88-{}", Uuid::now_v7()));
        let path = dir.join(GENERATED_KEY_FILE);
        let first = load_or_generate(&path).unwrap();
        let second = load_or_generate(&path).unwrap();
        assert_eq!(first, second);
        let public = std::fs::read_to_string(dir.join("hub88_operator_public.pem")).unwrap();
        let verifier = verifying_key(&read_public(&public).unwrap()).unwrap();
        let signer = signing_key(&second).unwrap();
        let mut signature = vec![0; signer.public().modulus_len()];
        signer
            .sign(
                &RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                b"{\"status\":\"RS_OK\"}",
                &mut signature,
            )
            .unwrap();
        assert!(
            verifier
                .verify(b"{\"status\":\"RS_OK\"}", &signature)
                .is_ok()
        );
        assert!(
            verifier
                .verify(b"{\"status\":\"RS_ERROR\"}", &signature)
                .is_err()
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn every_status_has_its_hub88_code() {
        assert_eq!(Status::Ok.code(), "RS_OK");
        assert_eq!(
            Status::TransactionDoesNotExist.code(),
            "RS_ERROR_TRANSACTION_DOES_NOT_EXIST"
        );
        assert_eq!(Status::LimitReached.code(), "RS_ERROR_LIMIT_REACHED");
    }
}
