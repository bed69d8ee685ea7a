//! The wallet over HTTP (API.md "Wallet"): balances, deposits, withdrawals
//! and the transaction history for players; a player's wallet, ledger and
//! manual adjustments for the back office; the sandbox provider's webhook.
//!
//! Idempotency: every POST here that moves money accepts an
//! `Idempotency-Key` header (1–255 characters, scoped per user). The
//! handler fingerprints the request (method, path, canonical JSON body) and
//! hands key and fingerprint to the engine, which checks and stores them in
//! the same database transaction as the money movement; a replay gets the
//! stored first answer (same status, same body), a different request under
//! the same key gets 422 `idempotency_key_reused`.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use domain::money::{Currency, Money, MoneyError};
use engine::payments::{WebhookError, WebhookFailure};
use engine::wallet::{AdjustTarget, Idempotency, MoveReceipt, WalletError};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;
use uuid::Uuid;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{ApiJson, ApiQuery, Authorized, Caller, ComplianceTeam};
use crate::state::AppState;

/// The idempotency header.
pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";

/// Balances answer.
#[derive(Serialize, ToSchema)]
pub struct WalletResponse {
    /// Wallet currency.
    pub currency: String,
    /// Withdrawable cash, a decimal string.
    pub cash: String,
    /// Bonus money (not withdrawable).
    pub bonus: String,
    /// Held for open bets and pending withdrawals.
    pub reserved: String,
    /// In-game coins (an integer, not money), spent in the loyalty store.
    pub coins: i64,
}

/// A deposit or withdrawal request.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentBody {
    /// Positive amount with at most the currency's minor digits, e.g. `"10.00"`.
    pub amount: String,
    /// Payment method: `sandbox`.
    pub method: String,
}

/// A deposit answer.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct DepositResponse {
    /// The deposit.
    pub deposit_id: Uuid,
    /// `completed`, `pending` or `declined`.
    pub status: String,
    /// The amount.
    pub amount: String,
    /// Its currency.
    pub currency: String,
}

/// A withdrawal answer.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct WithdrawalResponse {
    /// The withdrawal.
    pub withdrawal_id: Uuid,
    /// `completed`, `pending` or `declined`.
    pub status: String,
    /// The amount.
    pub amount: String,
    /// Its currency.
    pub currency: String,
}

/// One history item.
#[derive(Serialize, ToSchema)]
pub struct TransactionItem {
    /// Ledger transaction id.
    pub id: Uuid,
    /// Kind, e.g. `deposit`, `withdrawal`, `release`.
    pub kind: String,
    /// Signed change of cash (negative for debits).
    pub amount: String,
    /// Currency.
    pub currency: String,
    /// Cash after this change.
    pub balance_after: String,
    /// RFC 3339 UTC.
    pub created_at: String,
    /// Legacy: pass as `before` for the page older than this item (prefer
    /// the answer's `next_cursor`, given as `cursor`).
    pub cursor: Uuid,
}

/// History answer: one page, newest first.
#[derive(Serialize, ToSchema)]
pub struct TransactionsResponse {
    /// Newest first.
    pub items: Vec<TransactionItem>,
    /// Give it as `cursor` for the next (older) page; null on the last page.
    pub next_cursor: Option<String>,
}

/// A player's wallet, for the back office.
#[derive(Serialize, ToSchema)]
pub struct AdminWalletResponse {
    /// The player.
    pub player_id: Uuid,
    /// Wallet currency.
    pub currency: String,
    /// Cash.
    pub cash: String,
    /// Bonus.
    pub bonus: String,
    /// Reserved.
    pub reserved: String,
}

/// One posting of a ledger entry.
#[derive(Serialize, ToSchema)]
pub struct LedgerLineResponse {
    /// Account kind, e.g. `player_cash`, `psp_clearing`.
    pub account: String,
    /// True for house accounts.
    pub house: bool,
    /// Signed change.
    pub amount: String,
    /// Currency.
    pub currency: String,
    /// The account's balance after.
    pub balance_after: String,
}

/// One ledger transaction.
#[derive(Serialize, ToSchema)]
pub struct LedgerEntryResponse {
    /// Transaction id.
    pub id: Uuid,
    /// Position in the player's chain.
    pub seq: i64,
    /// Kind.
    pub kind: String,
    /// Reference.
    pub reference: String,
    /// RFC 3339 UTC.
    pub created_at: String,
    /// Chain hash (hex SHA-256).
    pub hash: String,
    /// Postings.
    pub postings: Vec<LedgerLineResponse>,
}

/// Ledger answer.
#[derive(Serialize, ToSchema)]
pub struct LedgerResponse {
    /// Newest first.
    pub items: Vec<LedgerEntryResponse>,
    /// Legacy: pass as `before_seq` for the next page (prefer
    /// `next_cursor`, given as `cursor`).
    pub next_before_seq: Option<i64>,
    /// Give it as `cursor` for the next (older) page; null on the last page.
    pub next_cursor: Option<String>,
}

/// A manual adjustment.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdjustmentBody {
    /// Signed amount: positive credits, negative debits.
    pub amount: String,
    /// `cash` or `bonus`.
    pub account: String,
    /// Why; mandatory, audited.
    pub reason: String,
}

/// An adjustment answer.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct AdjustmentResponse {
    /// The ledger transaction.
    pub transaction_id: Uuid,
    /// `adjust`.
    pub kind: String,
    /// Signed amount.
    pub amount: String,
    /// Currency.
    pub currency: String,
    /// Cash after.
    pub cash: String,
    /// Bonus after.
    pub bonus: String,
    /// Reserved after.
    pub reserved: String,
}

impl From<MoveReceipt> for AdjustmentResponse {
    fn from(r: MoveReceipt) -> Self {
        Self {
            transaction_id: r.transaction_id,
            kind: r.kind,
            amount: r.amount,
            currency: r.currency,
            cash: r.cash,
            bonus: r.bonus,
            reserved: r.reserved,
        }
    }
}

/// Webhook answer.
#[derive(Serialize, ToSchema)]
pub struct WebhookResponse {
    /// The payment.
    pub payment_id: Uuid,
    /// Its status after the notice.
    pub status: String,
}

/// JSON with object keys sorted at every level, so a fingerprint does not
/// depend on key order or whitespace.
fn canonical_json(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let fields: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{}:{}", Value::String(k.clone()), canonical_json(&map[k])))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(canonical_json)
                .collect::<Vec<_>>()
                .join(",")
        ),
        other => other.to_string(),
    }
}

/// The caller's idempotency key for this request, if one came: 422
/// `validation_failed` unless it has 1 to 255 characters.
pub fn idempotency(
    headers: &HeaderMap,
    caller: Uuid,
    method: &str,
    path: &str,
    body: &Value,
    status: StatusCode,
) -> ApiResult<Option<Idempotency>> {
    let Some(raw) = headers.get(IDEMPOTENCY_HEADER) else {
        return Ok(None);
    };
    let key = raw
        .to_str()
        .map_err(|_| ApiError::validation("Idempotency-Key", "The key must be printable ASCII."))?;
    let fingerprint = Value::String(format!("{method} {path} {}", canonical_json(body)));
    Ok(Some(Idempotency::new(
        caller,
        key,
        &fingerprint,
        status.as_u16(),
    )?))
}

fn parse_body<T: serde::de::DeserializeOwned>(body: &Value) -> ApiResult<T> {
    serde_json::from_value(body.clone())
        .map_err(|e| ApiError::bad_request(format!("Malformed body: {e}")))
}

fn amount_error(e: MoneyError) -> ApiError {
    ApiError::validation("amount", &e.to_string())
}

fn parse_positive(amount: &str, currency: Currency) -> ApiResult<Money> {
    Money::parse_positive(amount.trim(), currency).map_err(amount_error)
}

fn parse_limit(query: &HashMap<String, String>) -> ApiResult<Option<u64>> {
    // A `limit` that is not a number is a bad value here (422), as it
    // always was for these two lists.
    match query.get("limit") {
        None => Ok(None),
        Some(raw) => match raw.parse::<u64>() {
            Ok(n) if (1..=engine::wallet::query::MAX_PAGE).contains(&n) => Ok(Some(n)),
            _ => Err(ApiError::validation(
                "limit",
                "Use a whole number from 1 to 200.",
            )),
        },
    }
}

fn parse_player(id: &str) -> ApiResult<Uuid> {
    Uuid::parse_str(id).map_err(|_| ApiError::not_found())
}

/// The caller's balances.
#[utoipa::path(get, path = "/api/v1/wallet", tag = "wallet",
    responses((status = 200, body = WalletResponse), (status = 401, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn balances(
    caller: Caller,
    State(state): State<AppState>,
) -> ApiResult<Json<WalletResponse>> {
    let b = state.engine.wallet().balances(caller.0.user_id).await?;
    let loyalty = engine::loyalty::ledger::balances(state.engine.db(), caller.0.user_id)
        .await
        .map_err(|e| ApiError::internal(&e))?;
    Ok(Json(WalletResponse {
        currency: b.currency.code().to_owned(),
        cash: b.cash.format_amount(),
        bonus: b.bonus.format_amount(),
        reserved: b.reserved.format_amount(),
        coins: loyalty.coins,
    }))
}

/// Deposits money; the sandbox completes at once.
#[utoipa::path(post, path = "/api/v1/wallet/deposits", tag = "wallet", request_body = PaymentBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "1-255 characters; a replay answers the same")),
    responses((status = 201, body = DepositResponse), (status = 401, body = ErrorBody),
              (status = 403, description = "self_excluded", body = ErrorBody),
              (status = 422, description = "validation_failed, deposit_limit_exceeded, idempotency_key_reused", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn deposit(
    caller: Caller,
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(raw): ApiJson<Value>,
) -> ApiResult<(StatusCode, Json<DepositResponse>)> {
    let player = caller.0.user_id;
    let body: PaymentBody = parse_body(&raw)?;
    let idem = idempotency(
        &headers,
        player,
        "POST",
        "/api/v1/wallet/deposits",
        &raw,
        StatusCode::CREATED,
    )?;
    let wallet = state.engine.wallet();
    let amount = parse_positive(&body.amount, wallet.currency(player).await?)?;
    let receipt = wallet
        .deposit(player, amount, &body.method, idem.as_ref())
        .await?;
    let r = receipt.value;
    Ok((
        StatusCode::CREATED,
        Json(DepositResponse {
            deposit_id: r.deposit_id,
            status: r.status,
            amount: r.amount,
            currency: r.currency,
        }),
    ))
}

/// Withdraws cash (KYC must be verified); held until the provider confirms.
#[utoipa::path(post, path = "/api/v1/wallet/withdrawals", tag = "wallet", request_body = PaymentBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "1-255 characters; a replay answers the same")),
    responses((status = 201, body = WithdrawalResponse), (status = 401, body = ErrorBody),
              (status = 403, description = "kyc_required", body = ErrorBody),
              (status = 422, description = "validation_failed, insufficient_funds, idempotency_key_reused", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn withdraw(
    caller: Caller,
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(raw): ApiJson<Value>,
) -> ApiResult<(StatusCode, Json<WithdrawalResponse>)> {
    let player = caller.0.user_id;
    let body: PaymentBody = parse_body(&raw)?;
    let idem = idempotency(
        &headers,
        player,
        "POST",
        "/api/v1/wallet/withdrawals",
        &raw,
        StatusCode::CREATED,
    )?;
    let wallet = state.engine.wallet();
    let amount = parse_positive(&body.amount, wallet.currency(player).await?)?;
    let r = wallet
        .withdraw(player, amount, &body.method, idem.as_ref())
        .await?
        .value;
    Ok((
        StatusCode::CREATED,
        Json(WithdrawalResponse {
            withdrawal_id: r.withdrawal_id,
            status: r.status,
            amount: r.amount,
            currency: r.currency,
        }),
    ))
}

/// The caller's cash history, one page newest first; `next_cursor` (null on
/// the last page) fetches the next, older one.
#[utoipa::path(get, path = "/api/v1/wallet/transactions", tag = "wallet",
    params(("limit" = Option<u64>, Query, description = "1-200, default 50"),
           ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page (absent: the newest items); a malformed cursor → 422 `validation_failed` on `cursor`"),
           ("before" = Option<String>, Query, deprecated, description = "Legacy alias of `cursor`; also takes an item's `cursor` (a UUID). Not with `cursor`.")),
    responses((status = 200, body = TransactionsResponse), (status = 401, body = ErrorBody),
              (status = 422, description = "validation_failed on limit, cursor or before", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn transactions(
    caller: Caller,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<HashMap<String, String>>,
) -> ApiResult<Json<TransactionsResponse>> {
    let limit = parse_limit(&query)?.unwrap_or(engine::wallet::query::DEFAULT_PAGE);
    let given = |name: &str| {
        query
            .get(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let cursor = match (given("cursor"), given("before")) {
        (Some(_), Some(_)) => {
            return Err(ApiError::validation(
                "before",
                "Give cursor or its legacy alias before, not both.",
            ));
        }
        (Some(cursor), None) => Some(cursor),
        // `before` took an item's posting id before cursors were opaque;
        // it takes either that or a cursor, so old clients keep paging.
        (None, Some(before)) => Some(match Uuid::parse_str(&before) {
            Ok(posting) => engine::wallet::query::history_cursor(posting),
            Err(_) => {
                engine::paging::Cursor::decode(&before)
                    .map_err(|e| ApiError::validation("before", &e.to_string()))?;
                before
            }
        }),
        (None, None) => None,
    };
    let page = state
        .engine
        .wallet()
        .history(caller.0.user_id, limit, cursor.as_deref())
        .await?;
    Ok(Json(TransactionsResponse {
        items: page
            .items
            .into_iter()
            .map(|i| TransactionItem {
                id: i.id,
                kind: i.kind,
                amount: i.amount.format_amount(),
                currency: i.amount.currency().code().to_owned(),
                balance_after: i.balance_after.format_amount(),
                created_at: i
                    .created_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                cursor: i.cursor,
            })
            .collect(),
        next_cursor: page.next_cursor,
    }))
}

/// A player's wallet (admin, compliance).
#[utoipa::path(get, path = "/api/v1/admin/players/{player_id}/wallet", tag = "compliance",
    params(("player_id" = Uuid, Path, description = "The player")),
    responses((status = 200, body = AdminWalletResponse), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn admin_wallet(
    _: Authorized<ComplianceTeam>,
    State(state): State<AppState>,
    Path(player_id): Path<String>,
) -> ApiResult<Json<AdminWalletResponse>> {
    let player_id = parse_player(&player_id)?;
    let b = state.engine.wallet().balances(player_id).await?;
    Ok(Json(AdminWalletResponse {
        player_id,
        currency: b.currency.code().to_owned(),
        cash: b.cash.format_amount(),
        bonus: b.bonus.format_amount(),
        reserved: b.reserved.format_amount(),
    }))
}

/// A player's ledger: every transaction of their chain with its postings,
/// one page newest first; `next_cursor` (null on the last page) fetches the
/// next, older one (admin, compliance).
#[utoipa::path(get, path = "/api/v1/admin/players/{player_id}/ledger", tag = "compliance",
    params(("player_id" = Uuid, Path, description = "The player"),
           ("limit" = Option<u64>, Query, description = "1-200, default 50"),
           ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page (absent: the newest entries); a malformed cursor → 422 `validation_failed` on `cursor`"),
           ("before_seq" = Option<i64>, Query, description = "Legacy: only entries below this sequence. Not with `cursor`.")),
    responses((status = 200, body = LedgerResponse), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody),
              (status = 422, description = "validation_failed on limit, cursor or before_seq", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn admin_ledger(
    _: Authorized<ComplianceTeam>,
    State(state): State<AppState>,
    Path(player_id): Path<String>,
    ApiQuery(query): ApiQuery<HashMap<String, String>>,
) -> ApiResult<Json<LedgerResponse>> {
    let player_id = parse_player(&player_id)?;
    let limit = parse_limit(&query)?.unwrap_or(engine::wallet::query::DEFAULT_PAGE);
    let before_seq = match query.get("before_seq") {
        None => None,
        Some(raw) => Some(
            raw.parse::<i64>()
                .map_err(|_| ApiError::validation("before_seq", "Use a whole number."))?,
        ),
    };
    let cursor = query
        .get("cursor")
        .map(|c| c.trim())
        .filter(|c| !c.is_empty());
    if cursor.is_some() && before_seq.is_some() {
        return Err(ApiError::validation(
            "before_seq",
            "Give cursor or the legacy before_seq, not both.",
        ));
    }
    let page = state
        .engine
        .wallet()
        .ledger_page(player_id, limit, cursor, before_seq)
        .await?;
    let entries = page.items;
    let next_before_seq = entries.last().map(|e| e.seq).filter(|seq| *seq > 1);
    Ok(Json(LedgerResponse {
        items: entries
            .into_iter()
            .map(|e| LedgerEntryResponse {
                id: e.id,
                seq: e.seq,
                kind: e.kind,
                reference: e.reference,
                created_at: e
                    .created_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
                hash: e.hash,
                postings: e
                    .postings
                    .into_iter()
                    .map(|l| LedgerLineResponse {
                        account: l.account,
                        house: l.house,
                        amount: l.amount.format_amount(),
                        currency: l.amount.currency().code().to_owned(),
                        balance_after: l.balance_after.format_amount(),
                    })
                    .collect(),
            })
            .collect(),
        next_before_seq,
        next_cursor: page.next_cursor,
    }))
}

/// A manual adjustment of a player's cash or bonus against the bonus-cost
/// house account, with a mandatory, audited reason (admin, compliance).
#[utoipa::path(post, path = "/api/v1/admin/players/{player_id}/adjustments", tag = "compliance",
    request_body = AdjustmentBody,
    params(("player_id" = Uuid, Path, description = "The player"),
           ("Idempotency-Key" = Option<String>, Header, description = "1-255 characters")),
    responses((status = 201, body = AdjustmentResponse), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody),
              (status = 422, description = "validation_failed, insufficient_funds, idempotency_key_reused", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn admin_adjust(
    caller: Authorized<ComplianceTeam>,
    State(state): State<AppState>,
    Path(player_id): Path<String>,
    headers: HeaderMap,
    ApiJson(raw): ApiJson<Value>,
) -> ApiResult<(StatusCode, Json<AdjustmentResponse>)> {
    let actor = caller.user_id;
    let player_id = parse_player(&player_id)?;
    let body: AdjustmentBody = parse_body(&raw)?;
    let path = format!("/api/v1/admin/players/{player_id}/adjustments");
    let idem = idempotency(&headers, actor, "POST", &path, &raw, StatusCode::CREATED)?;
    let target = match body.account.as_str() {
        "cash" => AdjustTarget::Cash,
        "bonus" => AdjustTarget::Bonus,
        _ => return Err(ApiError::validation("account", "Use cash or bonus.")),
    };
    let wallet = state.engine.wallet();
    let currency = wallet.currency(player_id).await?;
    let amount = Money::parse(body.amount.trim(), currency).map_err(amount_error)?;
    let receipt = wallet
        .adjust(
            actor,
            player_id,
            target,
            amount,
            &body.reason,
            idem.as_ref(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(receipt.value.into())))
}

/// The sandbox provider's webhook: HMAC-SHA256 of the raw body in
/// `X-Sandbox-Signature: sha256=<hex>`. Idempotent: a payment settles once;
/// a late or repeated notice answers its current status.
#[utoipa::path(post, path = "/api/v1/payments/sandbox/webhook", tag = "wallet",
    params(("X-Sandbox-Signature" = String, Header, description = "sha256=<hex HMAC-SHA256 of the body>")),
    request_body(content = String, description = "{\"event_id\",\"payment_id\",\"reference\",\"status\":\"completed\"|\"declined\"}", content_type = "application/json"),
    responses((status = 200, body = WebhookResponse),
              (status = 400, description = "bad_request", body = ErrorBody),
              (status = 401, description = "invalid_signature", body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn sandbox_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<WebhookResponse>> {
    let headers: Vec<(String, String)> = headers
        .iter()
        .filter_map(|(name, value)| {
            value
                .to_str()
                .ok()
                .map(|v| (name.as_str().to_ascii_lowercase(), v.to_owned()))
        })
        .collect();
    match state
        .engine
        .payments()
        .handle_webhook("sandbox", &headers, &body)
        .await
    {
        Ok((payment_id, status)) => Ok(Json(WebhookResponse {
            payment_id,
            status: status.code().to_owned(),
        })),
        Err(WebhookFailure::Rejected(WebhookError::InvalidSignature)) => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_signature",
            "The webhook signature is missing or wrong.",
        )),
        Err(WebhookFailure::Rejected(WebhookError::Malformed(why))) => {
            Err(ApiError::bad_request(format!("Malformed webhook: {why}")))
        }
        Err(WebhookFailure::UnknownProvider) => Err(ApiError::not_found()),
        Err(WebhookFailure::Wallet(e)) => Err(e.into()),
    }
}

/// A wallet failure while staking (a bet, a casino round): as
/// [`From<WalletError>`], with a stake's wording for `insufficient_funds`
/// (the wallet's own speaks of withdrawals).
pub(crate) fn stake_error(e: WalletError) -> ApiError {
    match e {
        WalletError::InsufficientFunds => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "insufficient_funds",
            "Not enough money in the wallet for this stake.",
        ),
        e => e.into(),
    }
}

impl From<WalletError> for ApiError {
    fn from(e: WalletError) -> Self {
        match e {
            WalletError::InsufficientFunds => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "insufficient_funds",
                "Not enough cash for this (bonus money cannot be withdrawn).",
            ),
            WalletError::KycRequired => ApiError::new(
                StatusCode::FORBIDDEN,
                "kyc_required",
                "Verify your identity before withdrawing.",
            ),
            WalletError::SelfExcluded { until } => ApiError::new(
                StatusCode::FORBIDDEN,
                "self_excluded",
                "You are excluded from deposits for now.",
            )
            .with_details(json!({ "until": until.map(|u| u.to_rfc3339()) })),
            WalletError::LimitExceeded { remaining } => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "deposit_limit_exceeded",
                "This deposit would exceed your deposit limit.",
            )
            .with_details(json!({ "remaining": remaining.format_amount() })),
            WalletError::IdempotencyKeyReused => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                "This idempotency key was used with a different request.",
            ),
            WalletError::NotFound => ApiError::not_found(),
            WalletError::Validation { field, message } => ApiError::validation(&field, &message),
            WalletError::AlreadyReversed => ApiError::new(
                StatusCode::CONFLICT,
                "already_reversed",
                "This transaction was already reversed.",
            ),
            WalletError::Conflict => ApiError::new(
                StatusCode::CONFLICT,
                "conflict",
                "A concurrent request is in progress; try again.",
            ),
            WalletError::Unexpected(e) => ApiError::internal(&format!("{e:#}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_ignores_key_order_and_whitespace() {
        let a: Value = serde_json::from_str(r#"{"amount":"1.00","method":"sandbox"}"#).unwrap();
        let b: Value =
            serde_json::from_str(r#"{ "method": "sandbox", "amount": "1.00" }"#).unwrap();
        assert_eq!(canonical_json(&a), canonical_json(&b));
        let c: Value = serde_json::from_str(r#"{"amount":"1.01","method":"sandbox"}"#).unwrap();
        assert_ne!(canonical_json(&a), canonical_json(&c));
    }
}
