//! The compliance side of responsible gaming (compliance officers and
//! admins): the KYC queue and decisions, loss alerts, exclusions in force,
//! a player's RG record, the operator's loss alert and the jurisdiction
//! rules.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{ExclusionRow, KycRow, LimitChangeRow, LimitRow, RgOutcome};

/// A loss alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LossAlertRow {
    /// The player.
    pub player_id: String,
    /// The player's e-mail.
    pub email: String,
    /// `player` or `operator`.
    pub source: String,
    /// Window.
    pub period: String,
    /// Threshold.
    pub threshold: String,
    /// Net loss when raised.
    pub net_loss: String,
    /// Raised, RFC 3339.
    pub created_at: String,
}

/// A player's record for compliance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayerRgView {
    /// The player.
    pub player_id: String,
    /// E-mail.
    pub email: String,
    /// Country.
    pub country: String,
    /// Currency.
    pub currency: String,
    /// KYC status.
    pub kyc_status: String,
    /// Limits.
    pub limits: Vec<LimitRow>,
    /// Limit history.
    pub history: Vec<LimitChangeRow>,
    /// Exclusions.
    pub exclusions: Vec<ExclusionRow>,
    /// Loss alerts.
    pub loss_alerts: Vec<LossAlertRow>,
    /// Operator loss-alert threshold.
    pub operator_loss_alert: Option<String>,
}

/// A country's rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JurisdictionRow {
    /// ISO alpha-2.
    pub country: String,
    /// Minimum age.
    pub minimum_age: u32,
    /// Deposit-limit prompt mandatory.
    pub deposit_limit_prompt_mandatory: bool,
    /// Mandatory reality-check interval, minutes.
    pub mandatory_reality_check_minutes: Option<u32>,
    /// Minimum self-exclusion, months.
    pub minimum_self_exclusion_months: u32,
    /// KYC before the first deposit.
    pub kyc_required_before_first_deposit: bool,
}

#[cfg(feature = "ssr")]
fn kyc_row(v: engine::compliance::kyc::KycSubmissionView) -> KycRow {
    KycRow {
        player_id: v.player_id.to_string(),
        email: v.email,
        document_type: v.document_type,
        document_country: v.document_country,
        document_number_last4: v.document_number_last4,
        full_name: v.full_name,
        status: v.status,
        provider_outcome: v.provider_outcome,
        decision_note: v.decision_note,
        created_at: v.created_at.to_rfc3339(),
    }
}

#[cfg(feature = "ssr")]
fn alert_row(v: engine::compliance::alerts::LossAlertView) -> LossAlertRow {
    LossAlertRow {
        player_id: v.player_id.to_string(),
        email: v.email,
        source: v.source,
        period: v.period,
        threshold: v.threshold,
        net_loss: v.net_loss,
        created_at: v.created_at.to_rfc3339(),
    }
}

#[cfg(feature = "ssr")]
async fn officer() -> Result<(engine::Engine, engine::Principal), ServerFnError> {
    let engine = crate::api::server::engine()?;
    let principal = crate::api::server::require(&engine, &[engine::Role::Compliance]).await?;
    Ok((engine, principal))
}

/// KYC submissions waiting for a decision (compliance, admin).
#[server(prefix = "/rpc", endpoint = "rg_kyc_queue")]
pub async fn rg_kyc_queue() -> Result<Vec<KycRow>, ServerFnError> {
    let (engine, p) = officer().await?;
    Ok(engine
        .compliance()
        .kyc_queue(&p)
        .await
        .map_err(|e| crate::api::server::internal("loading the KYC queue", e))?
        .into_iter()
        .map(kyc_row)
        .collect())
}

/// Approves (`verified`) or rejects a player's identity with a note
/// (compliance, admin); audited.
#[server(prefix = "/rpc", endpoint = "rg_kyc_decide")]
pub async fn rg_kyc_decide(
    player_id: String,
    status: String,
    #[server(default)] note: String,
) -> Result<RgOutcome, ServerFnError> {
    use engine::auth::KycStatus;
    let (engine, p) = officer().await?;
    let Ok(player) = uuid::Uuid::parse_str(player_id.trim()) else {
        return Ok(RgOutcome::failure("not_found", "No such player."));
    };
    let status = match status.as_str() {
        "verified" => KycStatus::Verified,
        "rejected" => KycStatus::Rejected,
        _ => {
            return Ok(RgOutcome::failure(
                "validation_failed",
                "Approve or reject.",
            ));
        }
    };
    if note.chars().count() > 2000 {
        return Ok(RgOutcome::failure(
            "validation_failed",
            "The note is too long.",
        ));
    }
    let note = Some(note.trim().to_owned()).filter(|n| !n.is_empty());
    Ok(
        match engine
            .compliance()
            .review_kyc(&p, player, status, note)
            .await
        {
            Ok(s) => RgOutcome::done(format!("Identity {}.", s.code())),
            Err(e) => super::convert::outcome_of(e),
        },
    )
}

/// Loss alerts across players, newest first (compliance, admin).
#[server(prefix = "/rpc", endpoint = "rg_loss_alerts")]
pub async fn rg_loss_alerts() -> Result<Vec<LossAlertRow>, ServerFnError> {
    let (engine, _) = officer().await?;
    Ok(engine
        .compliance()
        .loss_alerts(None, 200)
        .await
        .map_err(|e| crate::api::server::internal("loading loss alerts", e))?
        .into_iter()
        .map(alert_row)
        .collect())
}

/// Exclusions in force (compliance, admin).
#[server(prefix = "/rpc", endpoint = "rg_exclusions")]
pub async fn rg_exclusions() -> Result<Vec<ExclusionRow>, ServerFnError> {
    let (engine, _) = officer().await?;
    Ok(engine
        .compliance()
        .active_exclusions(engine.now(), 200)
        .await
        .map_err(|e| crate::api::server::internal("loading exclusions", e))?
        .into_iter()
        .map(|(player, email, e)| super::convert::exclusion(e, player, email))
        .collect())
}

/// A player's responsible-gaming record (compliance, admin); `None` for an
/// unknown player.
#[server(prefix = "/rpc", endpoint = "rg_player")]
pub async fn rg_player(player_id: String) -> Result<Option<PlayerRgView>, ServerFnError> {
    let (engine, p) = officer().await?;
    let Ok(player) = uuid::Uuid::parse_str(player_id.trim()) else {
        return Ok(None);
    };
    let rg = engine.compliance();
    let now = engine.now();
    let history = match rg.history(&p, player, now).await {
        Ok(h) => h,
        Err(engine::compliance::ComplianceError::NotFound) => return Ok(None),
        Err(e) => return Err(crate::api::server::internal("loading an RG record", e)),
    };
    let settings = rg
        .settings(player)
        .await
        .map_err(|e| crate::api::server::internal("loading settings", e))?;
    let email = history.email.clone();
    Ok(Some(PlayerRgView {
        player_id: player.to_string(),
        email: history.email,
        country: history.country,
        currency: history.currency,
        kyc_status: history.kyc_status,
        limits: history
            .limits
            .into_iter()
            .map(|v| super::convert::limit(v, now))
            .collect(),
        history: history
            .limit_changes
            .into_iter()
            .map(|c| super::convert::change(c, player))
            .collect(),
        exclusions: history
            .exclusions
            .into_iter()
            .map(|e| super::convert::exclusion(e, player, email.clone()))
            .collect(),
        loss_alerts: history.loss_alerts.into_iter().map(alert_row).collect(),
        operator_loss_alert: settings.operator_loss_alert,
    }))
}

/// Sets (or with an empty amount removes) the operator's loss-alert
/// threshold for a player (compliance, admin).
#[server(prefix = "/rpc", endpoint = "rg_set_operator_alert")]
pub async fn rg_set_operator_alert(
    player_id: String,
    #[server(default)] amount: String,
) -> Result<RgOutcome, ServerFnError> {
    let (engine, p) = officer().await?;
    let Ok(player) = uuid::Uuid::parse_str(player_id.trim()) else {
        return Ok(RgOutcome::failure("not_found", "No such player."));
    };
    let amount = Some(amount.trim()).filter(|a| !a.is_empty());
    Ok(
        match engine
            .compliance()
            .set_operator_loss_alert(&p, player, amount, engine.now())
            .await
        {
            Ok(_) => RgOutcome::done("The operator loss alert is saved."),
            Err(e) => super::convert::outcome_of(e),
        },
    )
}

/// Every configured country's rules (compliance, admin).
#[server(prefix = "/rpc", endpoint = "rg_jurisdictions")]
pub async fn rg_jurisdictions() -> Result<Vec<JurisdictionRow>, ServerFnError> {
    let (engine, _) = officer().await?;
    Ok(engine
        .compliance()
        .jurisdictions()
        .await
        .map_err(|e| crate::api::server::internal("loading jurisdictions", e))?
        .into_iter()
        .map(|j| JurisdictionRow {
            country: j.country,
            minimum_age: j.minimum_age,
            deposit_limit_prompt_mandatory: j.deposit_limit_prompt_mandatory,
            mandatory_reality_check_minutes: j.mandatory_reality_check_minutes,
            minimum_self_exclusion_months: j.minimum_self_exclusion_months,
            kyc_required_before_first_deposit: j.kyc_required_before_first_deposit,
        })
        .collect())
}

/// Creates or replaces a country's rules (compliance, admin); audited.
/// Checkboxes send any non-empty value when ticked.
#[server(prefix = "/rpc", endpoint = "rg_set_jurisdiction")]
pub async fn rg_set_jurisdiction(
    country: String,
    minimum_age: String,
    #[server(default)] mandatory_reality_check_minutes: String,
    minimum_self_exclusion_months: String,
    #[server(default)] deposit_limit_prompt_mandatory: Option<String>,
    #[server(default)] kyc_required_before_first_deposit: Option<String>,
) -> Result<RgOutcome, ServerFnError> {
    let (engine, p) = officer().await?;
    let ticked = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
    let (Ok(age), Ok(months)) = (
        minimum_age.trim().parse::<u32>(),
        minimum_self_exclusion_months.trim().parse::<u32>(),
    ) else {
        return Ok(RgOutcome::failure(
            "validation_failed",
            "Minimum age and minimum self-exclusion are whole numbers.",
        ));
    };
    let rc = match mandatory_reality_check_minutes.trim() {
        "" | "0" => None,
        m => match m.parse::<u32>() {
            Ok(m) => Some(m),
            Err(_) => {
                return Ok(RgOutcome::failure(
                    "validation_failed",
                    "The reality-check interval is whole minutes.",
                ));
            }
        },
    };
    let view = engine::compliance::jurisdictions::JurisdictionView {
        country: country.trim().to_uppercase(),
        minimum_age: age,
        deposit_limit_prompt_mandatory: ticked(&deposit_limit_prompt_mandatory),
        mandatory_reality_check_minutes: rc,
        minimum_self_exclusion_months: months,
        kyc_required_before_first_deposit: ticked(&kyc_required_before_first_deposit),
    };
    Ok(
        match engine
            .compliance()
            .set_jurisdiction(&p, view, engine.now())
            .await
        {
            Ok(j) => RgOutcome::done(format!("Rules for {} saved.", j.country)),
            Err(e) => super::convert::outcome_of(e),
        },
    )
}
