//! Responsible-gaming server functions: the player's limits, exclusions,
//! settings, play session and reality check, identity documents and the
//! deposit-limit prompt; for compliance a player's RG record, the KYC
//! queue and decisions, loss alerts, exclusions in force and the
//! jurisdiction rules (in [`compliance`]). Thin adapters over
//! `engine::compliance`; failures a person can act on come back as an
//! [`RgOutcome`].

mod compliance;

pub use compliance::*;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The answer of a responsible-gaming form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RgOutcome {
    /// True when the change was made.
    pub ok: bool,
    /// What happened, for people.
    pub message: String,
    /// The stable error code on failure, e.g. `validation_failed`.
    pub code: Option<String>,
}

crate::model::refusable!(RgOutcome);

/// A limit as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitRow {
    /// `deposit`, `loss` or `wager`.
    pub kind: String,
    /// `day`, `week` or `month`.
    pub period: String,
    /// The amount in force.
    pub amount: String,
    /// Used in the current window.
    pub used: String,
    /// Left in the current window.
    pub remaining: String,
    /// A pending change: the amount (None = removal) and when (RFC 3339).
    pub pending: Option<(Option<String>, String)>,
    /// Seconds until the pending change takes effect, when answered.
    pub pending_in_secs: Option<i64>,
}

/// One line of limit history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitChangeRow {
    /// Who asked: `you`, `compliance` or `system`.
    pub by: String,
    /// `deposit`, `loss` or `wager`.
    pub kind: String,
    /// `day`, `week` or `month`.
    pub period: String,
    /// Before; None when there was none.
    pub old_amount: Option<String>,
    /// Asked for; None for a removal.
    pub new_amount: Option<String>,
    /// When it takes effect, RFC 3339.
    pub effective_at: String,
    /// When asked, RFC 3339.
    pub created_at: String,
}

/// An exclusion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExclusionRow {
    /// The player (back office).
    pub player_id: String,
    /// The player's e-mail (back office).
    pub email: String,
    /// `time_out` or `self_exclusion`.
    pub kind: String,
    /// Start, RFC 3339.
    pub started_at: String,
    /// End, RFC 3339; None when permanent.
    pub until: Option<String>,
    /// In force now.
    pub active: bool,
}

/// The player's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsRow {
    /// Chosen reality-check interval, minutes.
    pub reality_check_minutes: Option<u32>,
    /// Interval imposed by the country, minutes.
    pub mandatory_reality_check_minutes: Option<u32>,
    /// Session limit, minutes.
    pub session_limit_minutes: Option<u32>,
    /// Break after the session limit, minutes.
    pub session_break_minutes: Option<u32>,
    /// A looser session limit waiting out the cooling-off: its minutes
    /// (`None`: no limit) and when it applies (RFC 3339).
    pub pending_session_limit: Option<(Option<u32>, String)>,
    /// Loss-alert threshold.
    pub loss_alert: Option<String>,
    /// Operator's loss-alert threshold.
    pub operator_loss_alert: Option<String>,
    /// Loss-alert window.
    pub loss_alert_period: String,
    /// The country requires an answer to the deposit-limit prompt.
    pub deposit_limit_prompt_mandatory: bool,
    /// The prompt was answered.
    pub deposit_limit_prompt_answered: bool,
}

/// Everything the Responsible gaming page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RgPage {
    /// Wallet currency.
    pub currency: String,
    /// KYC status.
    pub kyc_status: String,
    /// Limits in force.
    pub limits: Vec<LimitRow>,
    /// Settings.
    pub settings: SettingsRow,
    /// Limit history, newest first.
    pub history: Vec<LimitChangeRow>,
    /// Exclusions, newest first.
    pub exclusions: Vec<ExclusionRow>,
}

/// What the app-wide deposit-limit prompt needs ([`rg_prompt`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositPrompt {
    /// Wallet currency (the cap's).
    pub currency: String,
    /// The country requires an answer before the first deposit.
    pub mandatory: bool,
}

/// The reality check of the caller's session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RealityCheckRow {
    /// Interval, minutes.
    pub interval_minutes: u32,
    /// Milliseconds from the server's `now` until due (≤ 0 when due).
    pub due_in_ms: i64,
    /// Time played when answered, seconds.
    pub time_played_secs: i64,
    /// Net result of the session (winnings − stakes).
    pub net: String,
    /// Stakes in the session.
    pub stakes: String,
    /// Winnings in the session.
    pub winnings: String,
}

/// The caller's play session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    /// Wallet currency.
    pub currency: String,
    /// The reality check, when one applies.
    pub reality_check: Option<RealityCheckRow>,
    /// Milliseconds until the session limit is reached.
    pub limit_in_ms: Option<i64>,
    /// Milliseconds of break left (while on a break).
    pub break_left_ms: Option<i64>,
}

/// A KYC submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KycRow {
    /// The player.
    pub player_id: String,
    /// The player's e-mail.
    pub email: String,
    /// Document type.
    pub document_type: String,
    /// Issuing country.
    pub document_country: String,
    /// Last four characters of the number.
    pub document_number_last4: String,
    /// Name on the document.
    pub full_name: String,
    /// `pending`, `verified` or `rejected`.
    pub status: String,
    /// The provider's outcome.
    pub provider_outcome: String,
    /// The reviewer's note.
    pub decision_note: Option<String>,
    /// Submitted, RFC 3339.
    pub created_at: String,
}

#[cfg(feature = "ssr")]
mod convert {
    use chrono::{DateTime, Utc};
    use engine::compliance::{ComplianceError, ExclusionView, LimitChangeView, LimitView};
    use uuid::Uuid;

    use super::{ExclusionRow, LimitChangeRow, LimitRow, RgOutcome};

    impl RgOutcome {
        /// A success with `message`.
        pub fn done(message: impl Into<String>) -> Self {
            Self {
                ok: true,
                message: message.into(),
                code: None,
            }
        }

        /// A failure.
        pub fn failure(code: &str, message: impl Into<String>) -> Self {
            crate::model::Refusal::new(code, message).into()
        }
    }

    /// RFC 3339 for the page.
    pub fn time(t: DateTime<Utc>) -> String {
        t.to_rfc3339()
    }

    /// A limit for the page, its pending change counted down from `now`
    /// (the engine's time).
    pub fn limit(v: LimitView, now: DateTime<Utc>) -> LimitRow {
        LimitRow {
            kind: v.kind,
            period: v.period,
            amount: v.amount,
            used: v.used,
            remaining: v.remaining,
            pending_in_secs: v
                .pending
                .as_ref()
                .map(|p| (p.effective_at - now).num_seconds().max(0)),
            pending: v.pending.map(|p| (p.amount, time(p.effective_at))),
        }
    }

    /// A history line for the page; `player` tells own changes apart.
    pub fn change(v: LimitChangeView, player: Uuid) -> LimitChangeRow {
        LimitChangeRow {
            by: match v.actor_id {
                Some(a) if a == player => "You".to_owned(),
                Some(_) => "Our safer-gambling team".to_owned(),
                None => "Automatically".to_owned(),
            },
            kind: v.kind,
            period: v.period,
            old_amount: v.old_amount,
            new_amount: v.new_amount,
            effective_at: time(v.effective_at),
            created_at: time(v.created_at),
        }
    }

    /// An exclusion for the page.
    pub fn exclusion(v: ExclusionView, player: Uuid, email: String) -> ExclusionRow {
        ExclusionRow {
            player_id: player.to_string(),
            email,
            kind: v.kind,
            started_at: time(v.started_at),
            until: v.until.map(time),
            active: v.active,
        }
    }

    /// What a form shows for a failed command.
    pub fn outcome_of(e: ComplianceError) -> RgOutcome {
        match e {
            ComplianceError::Validation { message, .. } => {
                RgOutcome::failure("validation_failed", format!("Please check: {message}."))
            }
            ComplianceError::NotFound => RgOutcome::failure("not_found", "Nothing to change."),
            ComplianceError::Forbidden => {
                RgOutcome::failure("forbidden", "Your role does not allow this.")
            }
            ComplianceError::SelfExcluded { .. } => {
                RgOutcome::failure("self_excluded", "You are excluded at the moment.")
            }
            ComplianceError::Unexpected(e) => {
                leptos::logging::error!("responsible gaming form: {e:#}");
                RgOutcome::failure(
                    "internal",
                    "Something went wrong on our side. Please try again.",
                )
            }
            other => RgOutcome::failure("validation_failed", other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
async fn player() -> Result<(engine::Engine, engine::Principal), ServerFnError> {
    let engine = super::server::engine()?;
    let principal = super::server::require(&engine, &[engine::Role::Player]).await?;
    Ok((engine, principal))
}

/// The caller when a player is signed in; `None` for visitors and staff
/// (the pages that ask show nothing then, rather than an error).
#[cfg(feature = "ssr")]
async fn signed_in_player() -> Result<Option<(engine::Engine, engine::Principal)>, ServerFnError> {
    let engine = super::server::engine()?;
    let Some(principal) = super::server::principal(&engine).await? else {
        return Ok(None);
    };
    Ok(principal
        .has(engine::Role::Player)
        .then_some((engine, principal)))
}

#[cfg(feature = "ssr")]
fn settings_row(s: engine::compliance::session::SettingsView) -> SettingsRow {
    SettingsRow {
        reality_check_minutes: s.reality_check_minutes,
        mandatory_reality_check_minutes: s.mandatory_reality_check_minutes,
        session_limit_minutes: s.session_limit_minutes,
        session_break_minutes: s.session_break_minutes,
        pending_session_limit: s
            .pending_session_limit
            .map(|p| (p.limit_minutes, p.effective_at.to_rfc3339())),
        loss_alert: s.loss_alert,
        operator_loss_alert: s.operator_loss_alert,
        loss_alert_period: s.loss_alert_period,
        deposit_limit_prompt_mandatory: s.deposit_limit_prompt_mandatory,
        deposit_limit_prompt_answered: s.deposit_limit_prompt_answered,
    }
}

/// The deposit-limit prompt the signed-in player has to see: `None` for
/// visitors and staff, and for a player who answered it, has a deposit
/// limit or is excluded. Every page asks, so it reads only what decides
/// that (not the whole [`rg_overview`]).
#[server(prefix = "/rpc", endpoint = "rg_prompt")]
pub async fn rg_prompt() -> Result<Option<DepositPrompt>, ServerFnError> {
    let Some((engine, principal)) = signed_in_player().await? else {
        return Ok(None);
    };
    let rg = engine.compliance();
    let now = engine.now();
    let me = principal.user_id;
    let fail = |e| super::server::internal("loading the deposit-limit prompt", e);
    let settings = rg.settings(me).await.map_err(fail)?;
    if settings.deposit_limit_prompt_answered
        || rg
            .limits(me, now)
            .await
            .map_err(fail)?
            .iter()
            .any(|l| l.kind == "deposit")
        || rg.active_exclusion(me, now).await.map_err(fail)?.is_some()
    {
        return Ok(None);
    }
    let profile = engine
        .auth()
        .profile(me)
        .await
        .map_err(|e| super::server::internal("loading a profile", e))?;
    Ok(Some(DepositPrompt {
        currency: profile.currency,
        mandatory: settings.deposit_limit_prompt_mandatory,
    }))
}

/// The signed-in player's limits, settings, history and exclusions; `None`
/// for staff and when signed out.
#[server(prefix = "/rpc", endpoint = "rg_overview")]
pub async fn rg_overview() -> Result<Option<RgPage>, ServerFnError> {
    let Some((engine, principal)) = signed_in_player().await? else {
        return Ok(None);
    };
    let rg = engine.compliance();
    let now = engine.now();
    let me = principal.user_id;
    let fail = |e| super::server::internal("loading responsible gaming", e);
    let profile = engine
        .auth()
        .profile(me)
        .await
        .map_err(|e| super::server::internal("loading a profile", e))?;
    Ok(Some(RgPage {
        currency: profile.currency,
        kyc_status: profile.kyc_status,
        limits: rg
            .limits(me, now)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|v| convert::limit(v, now))
            .collect(),
        settings: settings_row(rg.settings(me).await.map_err(fail)?),
        history: rg
            .limit_history(me)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|c| convert::change(c, me))
            .collect(),
        exclusions: rg
            .exclusion_history(me, now)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|e| convert::exclusion(e, me, String::new()))
            .collect(),
    }))
}

/// Sets a limit (`amount` a money string); lower at once, higher after 24
/// hours.
#[server(prefix = "/rpc", endpoint = "rg_set_limit")]
pub async fn rg_set_limit(
    kind: String,
    period: String,
    amount: String,
) -> Result<RgOutcome, ServerFnError> {
    let amount = super::server::typed_amount(&amount);
    let (engine, p) = player().await?;
    let (Ok(k), Ok(per)) = (
        kind.parse::<domain::compliance::LimitKind>(),
        period.parse::<domain::compliance::LimitPeriod>(),
    ) else {
        return Ok(RgOutcome::failure(
            "validation_failed",
            "Choose a kind and a period.",
        ));
    };
    Ok(
        match engine
            .compliance()
            .set_limit(&p, p.user_id, k, per, Some(&amount), engine.now())
            .await
        {
            Ok(v) => match v.pending {
                Some(p) => RgOutcome::done(format!(
                    "Your {kind} limit per {period} stays {} until {} UTC; then {} applies.",
                    v.amount,
                    p.effective_at.format("%Y-%m-%d %H:%M"),
                    p.amount.unwrap_or_else(|| "no limit".to_owned())
                )),
                None => RgOutcome::done(format!(
                    "Your {kind} limit per {period} is now {} and applies at once.",
                    v.amount
                )),
            },
            Err(e) => convert::outcome_of(e),
        },
    )
}

/// Removes a limit (after the 24-hour cooling-off).
#[server(prefix = "/rpc", endpoint = "rg_remove_limit")]
pub async fn rg_remove_limit(kind: String, period: String) -> Result<RgOutcome, ServerFnError> {
    let (engine, p) = player().await?;
    let (Ok(k), Ok(per)) = (
        kind.parse::<domain::compliance::LimitKind>(),
        period.parse::<domain::compliance::LimitPeriod>(),
    ) else {
        return Ok(RgOutcome::failure("not_found", "There is no such limit."));
    };
    Ok(
        match engine
            .compliance()
            .set_limit(&p, p.user_id, k, per, None, engine.now())
            .await
        {
            Ok(v) => RgOutcome::done(format!(
                "Your {kind} limit per {period} will be removed on {} UTC.",
                v.pending
                    .map(|p| p.effective_at.format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_default()
            )),
            Err(e) => convert::outcome_of(e),
        },
    )
}

/// Starts a time-out (`duration` = days) or a self-exclusion (`duration` =
/// months, or `permanent`). `confirm` must be ticked: the page asks twice.
#[server(prefix = "/rpc", endpoint = "rg_exclude")]
pub async fn rg_exclude(
    kind: String,
    duration: String,
    #[server(default)] confirm: Option<String>,
) -> Result<RgOutcome, ServerFnError> {
    use domain::compliance::{ExclusionKind, ExclusionRequestBody};
    let (engine, p) = player().await?;
    if confirm.as_deref().is_none_or(|c| c.trim().is_empty()) {
        return Ok(RgOutcome::failure(
            "validation_failed",
            "Tick the box to confirm: this cannot be undone or shortened.",
        ));
    }
    let duration = duration.trim();
    let body = match (kind.as_str(), duration) {
        ("time_out", d) => d.parse().ok().map(|days| ExclusionRequestBody {
            kind: ExclusionKind::TimeOut,
            days: Some(days),
            months: None,
            permanent: None,
        }),
        ("self_exclusion", "permanent") => Some(ExclusionRequestBody {
            kind: ExclusionKind::SelfExclusion,
            days: None,
            months: None,
            permanent: Some(true),
        }),
        ("self_exclusion", m) => m.parse().ok().map(|months| ExclusionRequestBody {
            kind: ExclusionKind::SelfExclusion,
            days: None,
            months: Some(months),
            permanent: None,
        }),
        _ => None,
    };
    let Some(body) = body else {
        return Ok(RgOutcome::failure("validation_failed", "Choose how long."));
    };
    Ok(
        match engine
            .compliance()
            .exclude(&p, p.user_id, body, engine.now())
            .await
        {
            Ok(e) => RgOutcome::done(match e.until {
                Some(until) => format!(
                    "You are excluded until {} UTC. You can still withdraw your cash.",
                    until.format("%Y-%m-%d %H:%M")
                ),
                None => {
                    "You are excluded permanently. You can still withdraw your cash.".to_owned()
                }
            }),
            Err(e) => convert::outcome_of(e),
        },
    )
}

/// Changes the reality-check interval, session limit and break, and the
/// loss alert. Empty fields stay as they are; `0` switches a timer off,
/// `off` the loss alert.
#[server(prefix = "/rpc", endpoint = "rg_update_settings")]
pub async fn rg_update_settings(
    #[server(default)] reality_check_minutes: String,
    #[server(default)] session_limit_minutes: String,
    #[server(default)] session_break_minutes: String,
    #[server(default)] loss_alert: String,
    #[server(default)] loss_alert_period: String,
) -> Result<RgOutcome, ServerFnError> {
    use engine::compliance::session::SettingsChange;
    let (engine, p) = player().await?;
    let number = |field: &str, v: &str| -> Result<Option<u32>, RgOutcome> {
        let v = v.trim();
        if v.is_empty() {
            return Ok(None);
        }
        v.parse().map(Some).map_err(|_| {
            RgOutcome::failure(
                "validation_failed",
                format!("{field}: enter whole minutes."),
            )
        })
    };
    let change = (|| -> Result<SettingsChange, RgOutcome> {
        Ok(SettingsChange {
            reality_check_minutes: number("Reality check", &reality_check_minutes)?,
            session_limit_minutes: number("Session limit", &session_limit_minutes)?,
            session_break_minutes: number("Break", &session_break_minutes)?,
            loss_alert: match loss_alert.trim() {
                "" => None,
                "off" => Some(String::new()),
                a => Some(super::server::typed_amount(a)),
            },
            loss_alert_period: match loss_alert_period.trim() {
                "" => None,
                per => Some(per.parse().map_err(|_| {
                    RgOutcome::failure("validation_failed", "Choose day, week or month.")
                })?),
            },
        })
    })();
    let change = match change {
        Ok(c) => c,
        Err(outcome) => return Ok(outcome),
    };
    Ok(
        match engine
            .compliance()
            .update_settings(&p, change, engine.now())
            .await
        {
            Ok(_) => RgOutcome::done("Your settings are saved."),
            Err(e) => convert::outcome_of(e),
        },
    )
}

/// Answers the deposit-limit prompt: with a daily/weekly/monthly `amount`
/// it sets that deposit limit; with an empty amount it declines (refused
/// where the country makes a limit mandatory).
#[server(prefix = "/rpc", endpoint = "rg_answer_prompt")]
pub async fn rg_answer_prompt(
    #[server(default)] amount: String,
    #[server(default)] period: String,
) -> Result<RgOutcome, ServerFnError> {
    let amount = super::server::typed_amount(&amount);
    let (engine, p) = player().await?;
    let rg = engine.compliance();
    let now = engine.now();
    if !amount.trim().is_empty() {
        let per = period
            .parse::<domain::compliance::LimitPeriod>()
            .unwrap_or(domain::compliance::LimitPeriod::Month);
        if let Err(e) = rg
            .set_limit(
                &p,
                p.user_id,
                domain::compliance::LimitKind::Deposit,
                per,
                Some(&amount),
                now,
            )
            .await
        {
            return Ok(convert::outcome_of(e));
        }
    }
    Ok(match rg.answer_deposit_limit_prompt(&p, now).await {
        Ok(_) if amount.trim().is_empty() => RgOutcome::done("No deposit limit for now."),
        Ok(_) => RgOutcome::done("Your deposit limit is set."),
        Err(e) => convert::outcome_of(e),
    })
}

#[cfg(feature = "ssr")]
fn session_row(s: engine::compliance::session::SessionState, currency: String) -> SessionRow {
    let ms = |t: chrono::DateTime<chrono::Utc>| (t - s.now).num_milliseconds();
    SessionRow {
        currency,
        reality_check: s.reality_check.map(|rc| RealityCheckRow {
            interval_minutes: rc.interval_minutes,
            due_in_ms: ms(rc.due_at),
            time_played_secs: rc.time_played_secs,
            net: rc.net,
            stakes: rc.stakes,
            winnings: rc.winnings,
        }),
        limit_in_ms: s.session_limit_at.map(ms),
        break_left_ms: s.break_until.map(ms),
    }
}

/// The signed-in player's play session (reality check due time and
/// summary, session limit and break); `None` for staff and when signed out.
#[server(prefix = "/rpc", endpoint = "rg_session")]
pub async fn rg_session() -> Result<Option<SessionRow>, ServerFnError> {
    let Some((engine, principal)) = signed_in_player().await? else {
        return Ok(None);
    };
    let currency = engine
        .auth()
        .profile(principal.user_id)
        .await
        .map_err(|e| super::server::internal("loading a profile", e))?
        .currency;
    let state = engine
        .compliance()
        .session_state(&principal, engine.now())
        .await
        .map_err(|e| super::server::internal("loading the play session", e))?;
    Ok(Some(session_row(state, currency)))
}

/// Acknowledges the reality check; answers the session afterwards.
#[server(prefix = "/rpc", endpoint = "rg_acknowledge")]
pub async fn rg_acknowledge() -> Result<Option<SessionRow>, ServerFnError> {
    let (engine, p) = player().await?;
    let currency = engine
        .auth()
        .profile(p.user_id)
        .await
        .map_err(|e| super::server::internal("loading a profile", e))?
        .currency;
    let state = engine
        .compliance()
        .acknowledge_reality_check(&p, engine.now())
        .await
        .map_err(|e| super::server::internal("acknowledging a reality check", e))?;
    Ok(Some(session_row(state, currency)))
}

/// Submits identity documents to the KYC provider.
#[server(prefix = "/rpc", endpoint = "rg_submit_kyc")]
pub async fn rg_submit_kyc(
    document_type: String,
    document_country: String,
    document_number: String,
    full_name: String,
) -> Result<RgOutcome, ServerFnError> {
    let (engine, p) = player().await?;
    let document = engine::compliance::KycDocument {
        document_type,
        document_country,
        document_number,
        full_name,
    };
    Ok(
        match engine
            .compliance()
            .submit_kyc(&p, document, engine.now())
            .await
        {
            Ok(_) => RgOutcome::done("Thank you. Your documents are being checked."),
            Err(e) => convert::outcome_of(e),
        },
    )
}
