//! Finance server functions for the back office (admin, compliance): FX
//! rates and the ECB upload, the daily summary in the reporting currency,
//! and the daily reconciliation. Thin adapters over `engine::finance` and
//! `engine::wallet::export`; the journal downloads are the REST endpoints
//! (`/api/v1/admin/ledger/journal`), which accept the session cookie.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// History rows shown on the FX page.
pub const FX_HISTORY_ROWS: u64 = 120;

/// One stored rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FxRateView {
    /// Base currency (`EUR`).
    pub base: String,
    /// Quote currency.
    pub quote: String,
    /// Units of quote per base, as published.
    pub rate: String,
    /// Day of the rate.
    pub rate_date: String,
    /// Source code.
    pub source: String,
    /// When imported, RFC 3339.
    pub imported_at: String,
    /// Who imported it: `feed` for the scheduled import.
    pub imported_by: String,
}

/// The FX page's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FxRatesView {
    /// The newest day's rates.
    pub latest: Vec<FxRateView>,
    /// Recent history, newest first.
    pub history: Vec<FxRateView>,
}

/// The answer of the upload form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinanceOutcome {
    /// True when the file was imported.
    pub ok: bool,
    /// What happened, for people.
    pub message: String,
}

/// One figure of the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FigureView {
    /// In the row's currency.
    pub amount: String,
    /// In the reporting currency.
    pub converted: String,
}

/// One currency of the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryRowView {
    /// Currency code.
    pub currency: String,
    /// House position at the end of the day.
    pub house_position: FigureView,
    /// Completed deposits.
    pub deposits: FigureView,
    /// Completed withdrawals.
    pub withdrawals: FigureView,
    /// Ledger volume.
    pub volume: FigureView,
    /// The rate used, e.g. `EUR/USD 1.0512 (2026-11-30, ecb)`, or `—`.
    pub rate: String,
}

/// The daily summary, or why it cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryView {
    /// The day.
    pub date: String,
    /// Reporting currency.
    pub reporting_currency: String,
    /// Rows by currency.
    pub rows: Vec<SummaryRowView>,
    /// Totals in the reporting currency: house, deposits, withdrawals, volume.
    pub totals: [String; 4],
    /// Set when a rate is missing (the rows are then empty).
    pub problem: Option<String>,
}

/// One mismatch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MismatchView {
    /// Reason code, e.g. `amount_mismatch`.
    pub reason: String,
    /// The payment, if known.
    pub payment_id: String,
    /// Direction and status, e.g. `deposit · completed`.
    pub payment: String,
    /// Currency.
    pub currency: String,
    /// Expected PSP clearing change.
    pub expected: String,
    /// Posted PSP clearing change.
    pub posted: String,
}

/// Per-currency reconciliation figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconTotalView {
    /// Currency.
    pub currency: String,
    /// Confirmed deposits.
    pub deposits: String,
    /// Confirmed withdrawals.
    pub withdrawals: String,
    /// Expected PSP clearing change.
    pub expected: String,
    /// Posted PSP clearing change.
    pub posted: String,
}

/// A day's reconciliation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconciliationView {
    /// The day.
    pub date: String,
    /// Payments compared.
    pub payments_checked: u32,
    /// Figures per currency.
    pub totals: Vec<ReconTotalView>,
    /// Every mismatch.
    pub mismatches: Vec<MismatchView>,
}

#[cfg(feature = "ssr")]
mod convert {
    use super::{FxRateView, ServerFnError};

    pub fn rate(r: engine::finance::RateRow) -> FxRateView {
        FxRateView {
            base: r.base,
            quote: r.quote,
            rate: r.rate,
            rate_date: r.rate_date.to_string(),
            source: r.source,
            imported_at: r.imported_at.to_rfc3339(),
            imported_by: r
                .imported_by
                .map_or_else(|| "feed".to_owned(), |u| u.to_string()),
        }
    }

    /// The day asked for, or `today` (the engine's, UTC) when empty.
    pub fn day(raw: &str, today: chrono::NaiveDate) -> Result<chrono::NaiveDate, ServerFnError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(today);
        }
        chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .ok()
            .filter(|_| raw.len() == 10)
            .ok_or_else(|| crate::api::server::coded("validation_failed"))
    }
}

/// The caller, who must hold the compliance role (admin holds every role).
#[cfg(feature = "ssr")]
async fn finance_officer() -> Result<(engine::Engine, engine::Principal), ServerFnError> {
    let engine = super::server::engine()?;
    let principal = super::server::require(&engine, &[engine::Role::Compliance]).await?;
    Ok((engine, principal))
}

/// The newest day's rates and recent history (admin, compliance).
#[server(prefix = "/rpc", endpoint = "finance_fx_rates")]
pub async fn finance_fx_rates() -> Result<FxRatesView, ServerFnError> {
    let (engine, _) = finance_officer().await?;
    let db = engine.db();
    let latest = engine::finance::latest_rates(db)
        .await
        .map_err(|e| super::server::internal("loading FX rates", e))?;
    let history = engine::finance::rate_history(db, None, FX_HISTORY_ROWS)
        .await
        .map_err(|e| super::server::internal("loading FX history", e))?;
    Ok(FxRatesView {
        latest: latest.into_iter().map(convert::rate).collect(),
        history: history.into_iter().map(convert::rate).collect(),
    })
}

/// Imports an ECB reference-rates XML document (admin, compliance);
/// re-importing a day changes nothing.
#[server(prefix = "/rpc", endpoint = "finance_import_ecb")]
pub async fn finance_import_ecb(xml: String) -> Result<FinanceOutcome, ServerFnError> {
    use engine::finance::FinanceError;
    let (engine, principal) = finance_officer().await?;
    if xml.trim().is_empty() {
        return Ok(FinanceOutcome {
            ok: false,
            message: "Choose the ECB XML file (or paste its contents) first.".to_owned(),
        });
    }
    Ok(
        match engine::finance::import_ecb(engine.db(), &xml, Some(principal.user_id), engine.now())
            .await
        {
            Ok(s) => FinanceOutcome {
                ok: true,
                message: format!(
                    "Imported {} day(s) ({}): {} new, {} unchanged, {} corrected.",
                    s.days.len(),
                    s.days
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                    s.inserted,
                    s.unchanged,
                    s.corrected
                ),
            },
            Err(FinanceError::Malformed(e)) => FinanceOutcome {
                ok: false,
                message: format!("This is not a valid ECB reference-rates file: {e}."),
            },
            Err(e) => return Err(super::server::internal("importing ECB rates", e)),
        },
    )
}

/// The per-currency summary of a day in the reporting currency (admin,
/// compliance). An empty `date` means today (UTC).
#[server(prefix = "/rpc", endpoint = "finance_summary")]
pub async fn finance_summary(date: String) -> Result<SummaryView, ServerFnError> {
    use engine::finance::FinanceError;
    let (engine, _) = finance_officer().await?;
    let day = convert::day(&date, engine.now().date_naive())?;
    let reporting = engine.config().reporting_currency;
    let empty = |problem: String| SummaryView {
        date: day.to_string(),
        reporting_currency: reporting.code().to_owned(),
        rows: Vec::new(),
        totals: Default::default(),
        problem: Some(problem),
    };
    let s = match engine::finance::report::currency_summary(engine.db(), day, reporting).await {
        Ok(s) => s,
        Err(e @ FinanceError::RateMissing { .. }) => {
            return Ok(empty(format!(
                "Cannot convert: {e}. Import the ECB rates on the FX rates page."
            )));
        }
        Err(e) => return Err(super::server::internal("the daily summary", e)),
    };
    let figure = |f: engine::finance::report::Figure| FigureView {
        amount: f.amount,
        converted: f.converted,
    };
    Ok(SummaryView {
        date: s.day.to_string(),
        reporting_currency: s.reporting_currency,
        rows: s
            .rows
            .into_iter()
            .map(|r| SummaryRowView {
                rate: match (&r.rate_date, &r.rate_source) {
                    (Some(d), Some(src)) => format!("{} {} ({d}, {src})", r.rate_pair, r.rate),
                    _ => "—".to_owned(),
                },
                currency: r.currency,
                house_position: figure(r.house_position),
                deposits: figure(r.deposits),
                withdrawals: figure(r.withdrawals),
                volume: figure(r.volume),
            })
            .collect(),
        totals: [
            s.total_house_position,
            s.total_deposits,
            s.total_withdrawals,
            s.total_volume,
        ],
        problem: None,
    })
}

/// The payment reconciliation of a day (admin, compliance). An empty `date`
/// means today (UTC).
#[server(prefix = "/rpc", endpoint = "finance_reconciliation")]
pub async fn finance_reconciliation(date: String) -> Result<ReconciliationView, ServerFnError> {
    let (engine, _) = finance_officer().await?;
    let day = convert::day(&date, engine.now().date_naive())?;
    let r = engine::wallet::export::reconcile_day(engine.db(), day)
        .await
        .map_err(|e| super::server::internal("reconciling", e))?;
    Ok(ReconciliationView {
        date: r.day.to_string(),
        payments_checked: r.payments_checked,
        totals: r
            .totals
            .into_iter()
            .map(|t| ReconTotalView {
                currency: t.currency,
                deposits: t.confirmed_deposits,
                withdrawals: t.confirmed_withdrawals,
                expected: t.expected_psp_clearing,
                posted: t.posted_psp_clearing,
            })
            .collect(),
        mismatches: r
            .mismatches
            .into_iter()
            .map(|m| MismatchView {
                reason: serde_json::to_value(m.reason)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                payment_id: m.payment_id.map(|p| p.to_string()).unwrap_or_default(),
                payment: match (m.direction, m.status) {
                    (Some(d), Some(s)) => format!("{d} · {s}"),
                    _ => "unknown".to_owned(),
                },
                currency: m.currency,
                expected: m.expected,
                posted: m.posted,
            })
            .collect(),
    })
}
