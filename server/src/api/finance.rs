//! Finance over HTTP (admin, compliance): FX rates (ECB import and the
//! stored rates with history), the per-currency summary converted into the
//! reporting currency, the daily journal export (CSV or JSON) and the daily
//! payment reconciliation.

use std::collections::{BTreeMap, HashMap};

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use domain::money::{Currency, Money};
use engine::finance::report::CurrencySummary;
use engine::finance::{FinanceError, ImportSummary, RateRow};
use engine::wallet::export::{DailyReconciliation, JournalLine};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{ApiQuery, Authorized, ComplianceTeam};
use crate::state::AppState;

/// Who may use the finance endpoints: compliance (and admin, who holds
/// every back-office role).
type Finance = ComplianceTeam;

impl From<FinanceError> for ApiError {
    fn from(e: FinanceError) -> Self {
        match e {
            FinanceError::Malformed(e) => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                format!("The rates file is not a valid ECB reference-rates document: {e}."),
            )
            .with_details(json!({ "fields": { "body": e.to_string() }, "line": e.line })),
            FinanceError::Validation { field, message } => ApiError::validation(&field, &message),
            FinanceError::RateMissing { from, to, day } => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "fx_rate_missing",
                format!("No {from}→{to} rate was published on or before {day}; import the ECB rates first."),
            )
            .with_details(json!({ "from": from, "to": to, "date": day })),
            FinanceError::Unexpected(e) => ApiError::internal(&format!("{e:#}")),
        }
    }
}

/// The `date` query parameter: a day `YYYY-MM-DD`.
fn day_param(query: &HashMap<String, String>) -> ApiResult<NaiveDate> {
    let raw = query
        .get("date")
        .ok_or_else(|| ApiError::validation("date", "Give the day as YYYY-MM-DD."))?;
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .ok()
        .filter(|_| raw.trim().len() == 10)
        .ok_or_else(|| ApiError::validation("date", "Give the day as YYYY-MM-DD."))
}

/// An ECB import's answer.
#[derive(Serialize, ToSchema)]
pub struct ImportResponse {
    /// `ecb`.
    pub source: String,
    /// The days in the file, `YYYY-MM-DD`, oldest first.
    pub days: Vec<String>,
    /// New rates stored.
    pub inserted: u32,
    /// Rates already stored with the same value.
    pub unchanged: u32,
    /// Stored rates replaced by a different value (old ones are audited).
    pub corrected: u32,
}

impl From<ImportSummary> for ImportResponse {
    fn from(s: ImportSummary) -> Self {
        Self {
            source: s.source,
            days: s.days.iter().map(ToString::to_string).collect(),
            inserted: s.inserted,
            unchanged: s.unchanged,
            corrected: s.corrected,
        }
    }
}

/// Imports the ECB euro reference rates: the body is the XML of
/// `eurofxref-daily.xml` (or the 90-day history file of the same shape).
/// Re-importing a day changes nothing.
#[utoipa::path(post, path = "/api/v1/admin/fx/ecb", tag = "finance",
    request_body(content = String, description = "ECB eurofxref XML", content_type = "application/xml"),
    responses((status = 200, body = ImportResponse), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody),
              (status = 422, description = "validation_failed: not a well-formed ECB file", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn import_ecb(
    caller: Authorized<Finance>,
    State(state): State<AppState>,
    body: Bytes,
) -> ApiResult<Json<ImportResponse>> {
    let actor = caller.user_id;
    let xml = std::str::from_utf8(&body)
        .map_err(|_| ApiError::validation("body", "The rates file must be UTF-8 XML."))?;
    let summary =
        engine::finance::import_ecb(state.engine.db(), xml, Some(actor), state.engine.now())
            .await?;
    Ok(Json(summary.into()))
}

/// One stored rate.
#[derive(Serialize, ToSchema)]
pub struct RateResponse {
    /// Currency converted from (`EUR` for the ECB).
    pub base: String,
    /// Currency converted to.
    pub quote: String,
    /// Units of `quote` per unit of `base`, as published.
    pub rate: String,
    /// The day it was published for.
    pub rate_date: String,
    /// Where it came from.
    pub source: String,
    /// When it was imported, RFC 3339 UTC.
    pub imported_at: String,
    /// Who imported it (null: the scheduled feed).
    pub imported_by: Option<String>,
}

impl From<RateRow> for RateResponse {
    fn from(r: RateRow) -> Self {
        Self {
            base: r.base,
            quote: r.quote,
            rate: r.rate,
            rate_date: r.rate_date.to_string(),
            source: r.source,
            imported_at: r
                .imported_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            imported_by: r.imported_by.map(|u| u.to_string()),
        }
    }
}

/// Stored rates.
#[derive(Serialize, ToSchema)]
pub struct RatesResponse {
    /// The newest day's rates (every page).
    pub latest: Vec<RateResponse>,
    /// One page of the history, newest day first, then by quote currency.
    pub history: Vec<RateResponse>,
    /// Give it as `cursor` for the next (older) page of `history`; null on
    /// the last page.
    pub next_cursor: Option<String>,
}

/// The stored FX rates: the newest day and one page of the history
/// (optionally of one quote currency); `next_cursor` (null on the last
/// page) fetches the next, older page of the history.
#[utoipa::path(get, path = "/api/v1/admin/fx/rates", tag = "finance",
    params(("quote" = Option<String>, Query, description = "only this quote currency, e.g. USD"),
           ("limit" = Option<u64>, Query, description = "history rows, 1-1000, default 200"),
           ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page (absent: the newest rates); a malformed cursor → 422 `validation_failed` on `cursor`")),
    responses((status = 200, body = RatesResponse), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody),
              (status = 422, description = "validation_failed on quote, limit or cursor", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn rates(
    _: Authorized<Finance>,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<HashMap<String, String>>,
) -> ApiResult<Json<RatesResponse>> {
    let quote = match query.get("quote").map(|q| q.trim()) {
        None | Some("") => None,
        Some(q) if q.len() == 3 && q.bytes().all(|b| b.is_ascii_uppercase()) => Some(q),
        Some(_) => {
            return Err(ApiError::validation(
                "quote",
                "Use a currency code like USD.",
            ));
        }
    };
    let limit = match query.get("limit") {
        None => 200,
        Some(raw) => raw
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=engine::finance::MAX_HISTORY).contains(n))
            .ok_or_else(|| ApiError::validation("limit", "Use a whole number from 1 to 1000."))?,
    };
    let cursor = query.get("cursor").map(String::as_str);
    let db = state.engine.db();
    let latest = engine::finance::latest_rates(db).await?;
    let history = engine::finance::rate_history_page(db, quote, limit, cursor).await?;
    Ok(Json(RatesResponse {
        latest: latest.into_iter().map(Into::into).collect(),
        history: history.items.into_iter().map(Into::into).collect(),
        next_cursor: history.next_cursor,
    }))
}

/// The per-currency summary of a day (house position, completed deposits
/// and withdrawals, ledger volume), each figure converted into the
/// reporting currency with the rate and its day stated per row.
#[utoipa::path(get, path = "/api/v1/admin/reports/currency-summary", tag = "finance",
    params(("date" = String, Query, description = "YYYY-MM-DD (UTC)"),
           ("currency" = Option<String>, Query, description = "reporting currency; default CROUPIER_REPORTING_CURRENCY")),
    responses((status = 200, description = "the summary", body = CurrencySummary),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 422, description = "validation_failed, fx_rate_missing", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn currency_summary(
    _: Authorized<Finance>,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<HashMap<String, String>>,
) -> ApiResult<Json<CurrencySummary>> {
    let day = day_param(&query)?;
    let reporting = match query.get("currency") {
        None => state.engine.config().reporting_currency,
        Some(code) => code
            .trim()
            .parse::<Currency>()
            .map_err(|_| ApiError::validation("currency", "Not a supported currency."))?,
    };
    let summary =
        engine::finance::report::currency_summary(state.engine.db(), day, reporting).await?;
    Ok(Json(summary))
}

/// Debits and credits of one currency in a journal.
#[derive(Serialize, ToSchema)]
pub struct JournalTotal {
    /// Currency code.
    pub currency: String,
    /// Sum of the debit column.
    pub debit: String,
    /// Sum of the credit column (equal to `debit`: the books balance).
    pub credit: String,
}

/// The journal of a day as JSON.
#[derive(Serialize, ToSchema)]
pub struct JournalResponse {
    /// The day.
    pub date: String,
    /// One line per posting, oldest first.
    pub lines: Vec<JournalLine>,
    /// Per-currency column sums.
    pub totals: Vec<JournalTotal>,
}

fn journal_totals(lines: &[JournalLine]) -> ApiResult<Vec<JournalTotal>> {
    let mut sums: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for l in lines {
        let currency: Currency = l
            .currency
            .parse()
            .map_err(|e| ApiError::internal(&format!("journal currency: {e}")))?;
        let minor = |s: &str| -> ApiResult<i64> {
            if s.is_empty() {
                return Ok(0);
            }
            Money::parse(s, currency)
                .map(Money::minor)
                .map_err(|e| ApiError::internal(&format!("journal amount: {e}")))
        };
        let entry = sums.entry(l.currency.as_str()).or_default();
        entry.0 = entry.0.saturating_add(minor(&l.debit)?);
        entry.1 = entry.1.saturating_add(minor(&l.credit)?);
    }
    sums.into_iter()
        .map(|(code, (debit, credit))| {
            let currency: Currency = code
                .parse()
                .map_err(|e| ApiError::internal(&format!("journal currency: {e}")))?;
            Ok(JournalTotal {
                currency: code.to_owned(),
                debit: Money::new(debit, currency).format_amount(),
                credit: Money::new(credit, currency).format_amount(),
            })
        })
        .collect()
}

/// The accounting journal of a day: one line per posting with debit and
/// credit columns, as CSV (a download) or JSON.
#[utoipa::path(get, path = "/api/v1/admin/ledger/journal", tag = "finance",
    params(("date" = String, Query, description = "YYYY-MM-DD (UTC)"),
           ("format" = Option<String>, Query, description = "csv (default) or json")),
    responses((status = 200, description = "text/csv attachment (format=csv) or JSON (format=json)",
               content((JournalResponse = "application/json"), (String = "text/csv"))),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn journal(
    _: Authorized<Finance>,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<HashMap<String, String>>,
) -> ApiResult<Response> {
    let day = day_param(&query)?;
    let format = query.get("format").map(|f| f.trim()).unwrap_or("csv");
    if format != "csv" && format != "json" {
        return Err(ApiError::validation("format", "Use csv or json."));
    }
    let lines = engine::wallet::export::daily_journal(state.engine.db(), day)
        .await
        .map_err(|e| ApiError::internal(&format!("{e:#}")))?;
    if format == "json" {
        let totals = journal_totals(&lines)?;
        return Ok(Json(JournalResponse {
            date: day.to_string(),
            lines,
            totals,
        })
        .into_response());
    }
    let body = engine::wallet::export::journal_csv(&lines);
    let disposition = HeaderValue::from_str(&format!(
        "attachment; filename=\"croupier-journal-{day}.csv\""
    ))
    .map_err(|e| ApiError::internal(&e))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

/// The payment reconciliation of a day: provider-confirmed payments against
/// the ledger's PSP clearing postings, with every mismatch listed.
#[utoipa::path(get, path = "/api/v1/admin/ledger/reconciliation", tag = "finance",
    params(("date" = String, Query, description = "YYYY-MM-DD (UTC)")),
    responses((status = 200, description = "The day's reconciliation", body = DailyReconciliation),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn reconciliation(
    _: Authorized<Finance>,
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<HashMap<String, String>>,
) -> ApiResult<Json<DailyReconciliation>> {
    let day = day_param(&query)?;
    let report = engine::wallet::export::reconcile_day(state.engine.db(), day)
        .await
        .map_err(|e| ApiError::internal(&format!("{e:#}")))?;
    Ok(Json(report))
}
