//! The VIP console's server functions (API.md "VIP console"): thin
//! adapters over `engine.vip(caller)`.
//!
//! Rules:
//! - Every function checks on the server that the caller holds
//!   `vip_manager` (admins hold it implicitly): 401 signed out, 403
//!   otherwise; the engine checks again.
//! - Expected refusals (validation, `self_excluded`, `checks_required`,
//!   not a VIP manager, below zero) come back as a [`FormOutcome`] the form
//!   explains next to the field; authorization failures as coded errors.
//! - Money stays a decimal string next to its currency; points are
//!   integers parsed on the server (a non-number is a field error).

use domain::api::vip::{ManagerOption, VipPlayer, VipPlayerList, VipReports};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::FormOutcome;

/// The list page: one page of players and the managers to filter by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VipListPage {
    /// The players.
    pub list: VipPlayerList,
    /// Who can be assigned players.
    pub managers: Vec<ManagerOption>,
}

/// The player 360 page: the player and the managers to assign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VipPlayerPage {
    /// The player 360.
    pub player: VipPlayer,
    /// Who can be assigned players.
    pub managers: Vec<ManagerOption>,
    /// The programme's tiers, lowest first (empty without a programme).
    pub tiers: Vec<String>,
}

#[cfg(feature = "ssr")]
mod convert {
    use engine::vip::VipError;
    use leptos::prelude::ServerFnError;

    use crate::model::{FormOutcome, codes};

    /// A refusal as form data; authorization and unexpected failures as
    /// errors.
    pub fn outcome(what: &str, e: VipError) -> Result<FormOutcome, ServerFnError> {
        let field = |name: &str, message: &str| {
            let mut o = FormOutcome::default();
            o.field_errors.insert(name.to_owned(), message.to_owned());
            Ok(o)
        };
        match e {
            VipError::Validation(fields) => {
                let mut o = FormOutcome::default();
                for f in fields {
                    o.field_errors.entry(f.field).or_insert(f.message);
                }
                Ok(o)
            }
            VipError::InsufficientPoints => {
                field("points", "That would take the balance below zero.")
            }
            VipError::NotVipManager => {
                field("manager_id", "That user is not an active VIP manager.")
            }
            VipError::SelfExcluded { .. } => Ok(FormOutcome::form(
                "This player has a time-out or self-exclusion in force: VIP actions are suppressed.",
            )),
            VipError::ChecksRequired => Ok(FormOutcome::form(
                "Record a passing affordability and harm check (all four reviews) within the last 90 days first.",
            )),
            VipError::NotFound => Ok(FormOutcome::form("This player or task no longer exists.")),
            VipError::RateMissing { from, to } => Ok(FormOutcome::form(format!(
                "No {from}→{to} exchange rate is stored; import the ECB rates first."
            ))),
            VipError::Forbidden => Err(super::super::server::coded(codes::FORBIDDEN)),
            VipError::Unexpected(e) => Err(super::super::server::internal(what, e)),
        }
    }

    /// A read's failure as an error.
    pub fn error(what: &str, e: VipError) -> ServerFnError {
        match e {
            VipError::Forbidden => super::super::server::coded(codes::FORBIDDEN),
            VipError::NotFound => super::super::server::coded(codes::NOT_FOUND),
            other => super::super::server::internal(what, other),
        }
    }
}

#[cfg(feature = "ssr")]
async fn manager() -> Result<(engine::Engine, engine::Principal), ServerFnError> {
    let engine = super::server::engine()?;
    let principal = super::server::require(&engine, &[engine::Role::VipManager]).await?;
    Ok((engine, principal))
}

#[cfg(feature = "ssr")]
fn uuid_of(raw: &str) -> Option<uuid::Uuid> {
    uuid::Uuid::parse_str(raw.trim()).ok()
}

#[cfg(feature = "ssr")]
fn opt(raw: String) -> Option<String> {
    let t = raw.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// One page of the player list with the filters and sort of the query
/// string (empty strings: no filter).
#[server(prefix = "/rpc", endpoint = "vip_players")]
pub async fn vip_players(
    tier: String,
    vip: String,
    manager_id: String,
    sort: String,
    cursor: String,
) -> Result<VipListPage, ServerFnError> {
    use domain::api::vip::VipListQuery;

    let (engine, caller) = manager().await?;
    let console = engine.vip(&caller);
    let query = VipListQuery {
        tier: opt(tier),
        vip: match vip.trim() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        manager_id: opt(manager_id),
        sort: opt(sort),
        cursor: opt(cursor),
        limit: None,
    };
    let list = match console.players(&query).await {
        Ok(list) => list,
        // A stale or foreign cursor, or an unknown sort: start over.
        Err(engine::vip::VipError::Validation(_)) => console
            .players(&VipListQuery::default())
            .await
            .map_err(|e| convert::error("listing VIP players", e))?,
        Err(e) => return Err(convert::error("listing VIP players", e)),
    };
    let managers = console
        .managers()
        .await
        .map_err(|e| convert::error("listing VIP managers", e))?;
    Ok(VipListPage { list, managers })
}

/// The player 360; `None` for an unknown player.
#[server(prefix = "/rpc", endpoint = "vip_player_view")]
pub async fn vip_player_view(player_id: String) -> Result<Option<VipPlayerPage>, ServerFnError> {
    let (engine, caller) = manager().await?;
    let Some(id) = uuid_of(&player_id) else {
        return Ok(None);
    };
    let console = engine.vip(&caller);
    let player = match console.player(id).await {
        Ok(p) => p,
        Err(engine::vip::VipError::NotFound) => return Ok(None),
        Err(e) => return Err(convert::error("loading a VIP player", e)),
    };
    let managers = console
        .managers()
        .await
        .map_err(|e| convert::error("listing VIP managers", e))?;
    let tiers = engine
        .loyalty()
        .programme()
        .await
        .map_err(|e| super::server::internal("loading the loyalty programme", e))?
        .map(|p| p.tiers.into_iter().map(|t| t.name).collect())
        .unwrap_or_default();
    Ok(Some(VipPlayerPage {
        player,
        managers,
        tiers,
    }))
}

/// Adds (or removes, negative) points with a reason.
#[server(prefix = "/rpc", endpoint = "vip_adjust_points")]
pub async fn vip_adjust_points(
    player_id: String,
    points: String,
    reason: String,
) -> Result<FormOutcome, ServerFnError> {
    use domain::api::vip::PointsBody;

    let (engine, caller) = manager().await?;
    let Some(id) = uuid_of(&player_id) else {
        return Ok(FormOutcome::form("This player no longer exists."));
    };
    let Ok(points) = points.trim().parse::<i64>() else {
        let mut o = FormOutcome::default();
        o.field_errors
            .insert("points".into(), "A whole number, e.g. 250 or -50.".into());
        return Ok(o);
    };
    match engine
        .vip(&caller)
        .adjust_points(id, &PointsBody { points, reason })
        .await
    {
        Ok(_) => {
            engine.events().wake();
            Ok(FormOutcome::success())
        }
        Err(e) => convert::outcome("adjusting points", e),
    }
}

/// Holds a tier until a date.
#[server(prefix = "/rpc", endpoint = "vip_set_tier")]
pub async fn vip_set_tier(
    player_id: String,
    tier: String,
    until: String,
    reason: String,
) -> Result<FormOutcome, ServerFnError> {
    use domain::api::vip::TierBody;

    let (engine, caller) = manager().await?;
    let Some(id) = uuid_of(&player_id) else {
        return Ok(FormOutcome::form("This player no longer exists."));
    };
    let body = TierBody {
        tier,
        until,
        reason: opt(reason),
    };
    match engine.vip(&caller).set_tier(id, &body).await {
        Ok(_) => {
            engine.events().wake();
            Ok(FormOutcome::success())
        }
        Err(e) => convert::outcome("overriding a tier", e),
    }
}

/// Assigns (or, with an empty id, unassigns) the player's manager.
#[server(prefix = "/rpc", endpoint = "vip_set_manager")]
pub async fn vip_set_manager(
    player_id: String,
    manager_id: String,
) -> Result<FormOutcome, ServerFnError> {
    use domain::api::vip::ManagerBody;

    let (engine, caller) = manager().await?;
    let Some(id) = uuid_of(&player_id) else {
        return Ok(FormOutcome::form("This player no longer exists."));
    };
    let body = ManagerBody {
        manager_id: opt(manager_id),
    };
    match engine.vip(&caller).set_manager(id, &body).await {
        Ok(_) => Ok(FormOutcome::success()),
        Err(e) => convert::outcome("assigning a manager", e),
    }
}

/// Adds a note.
#[server(prefix = "/rpc", endpoint = "vip_add_note")]
pub async fn vip_add_note(player_id: String, text: String) -> Result<FormOutcome, ServerFnError> {
    use domain::api::vip::NoteBody;

    let (engine, caller) = manager().await?;
    let Some(id) = uuid_of(&player_id) else {
        return Ok(FormOutcome::form("This player no longer exists."));
    };
    match engine.vip(&caller).add_note(id, &NoteBody { text }).await {
        Ok(_) => Ok(FormOutcome::success()),
        Err(e) => convert::outcome("adding a note", e),
    }
}

/// Adds a task.
#[server(prefix = "/rpc", endpoint = "vip_add_task")]
pub async fn vip_add_task(
    player_id: String,
    title: String,
    due_at: String,
) -> Result<FormOutcome, ServerFnError> {
    use domain::api::vip::TaskBody;

    let (engine, caller) = manager().await?;
    let Some(id) = uuid_of(&player_id) else {
        return Ok(FormOutcome::form("This player no longer exists."));
    };
    let body = TaskBody {
        title,
        due_at: opt(due_at),
        assignee_id: None,
    };
    match engine.vip(&caller).add_task(id, &body).await {
        Ok(_) => Ok(FormOutcome::success()),
        Err(e) => convert::outcome("adding a task", e),
    }
}

/// Marks a task done (`done` = "true") or open again.
#[server(prefix = "/rpc", endpoint = "vip_update_task")]
pub async fn vip_update_task(task_id: String, done: String) -> Result<FormOutcome, ServerFnError> {
    use domain::api::vip::TaskUpdateBody;

    let (engine, caller) = manager().await?;
    let Some(id) = uuid_of(&task_id) else {
        return Ok(FormOutcome::form("This task no longer exists."));
    };
    let body = TaskUpdateBody {
        done: done.trim() == "true",
    };
    match engine.vip(&caller).update_task(id, &body).await {
        Ok(_) => Ok(FormOutcome::success()),
        Err(e) => convert::outcome("updating a task", e),
    }
}

/// Records the affordability and harm checks (checkboxes send "on").
#[server(prefix = "/rpc", endpoint = "vip_add_check")]
#[allow(clippy::too_many_arguments)]
pub async fn vip_add_check(
    player_id: String,
    #[server(default)] affordability_reviewed: Option<String>,
    #[server(default)] source_of_funds_verified: Option<String>,
    #[server(default)] harm_markers_reviewed: Option<String>,
    #[server(default)] rg_state_reviewed: Option<String>,
    outcome: String,
    evidence: String,
) -> Result<FormOutcome, ServerFnError> {
    use domain::api::vip::CheckBody;

    let (engine, caller) = manager().await?;
    let Some(id) = uuid_of(&player_id) else {
        return Ok(FormOutcome::form("This player no longer exists."));
    };
    let ticked = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.is_empty() && s != "false");
    let body = CheckBody {
        affordability_reviewed: ticked(&affordability_reviewed),
        source_of_funds_verified: ticked(&source_of_funds_verified),
        harm_markers_reviewed: ticked(&harm_markers_reviewed),
        rg_state_reviewed: ticked(&rg_state_reviewed),
        outcome,
        evidence,
    };
    match engine.vip(&caller).add_check(id, &body).await {
        Ok(_) => Ok(FormOutcome::success()),
        Err(e) => convert::outcome("recording a check", e),
    }
}

/// Marks (`vip` = "true") or unmarks the player as a VIP, with a reason.
#[server(prefix = "/rpc", endpoint = "vip_designate")]
pub async fn vip_designate(
    player_id: String,
    vip: String,
    reason: String,
) -> Result<FormOutcome, ServerFnError> {
    use domain::api::vip::DesignationBody;

    let (engine, caller) = manager().await?;
    let Some(id) = uuid_of(&player_id) else {
        return Ok(FormOutcome::form("This player no longer exists."));
    };
    let body = DesignationBody {
        vip: vip.trim() == "true",
        reason,
    };
    match engine.vip(&caller).designate(id, &body).await {
        Ok(_) => Ok(FormOutcome::success()),
        Err(e) => convert::outcome("designating a VIP", e),
    }
}

/// The reports over `days` (30 or 90; anything else: 30).
#[server(prefix = "/rpc", endpoint = "vip_report_data")]
pub async fn vip_report_data(days: u32) -> Result<VipReports, ServerFnError> {
    use domain::api::vip::ReportsQuery;

    let (engine, caller) = manager().await?;
    let days = if days == 90 { 90 } else { 30 };
    engine
        .vip(&caller)
        .reports(&ReportsQuery { days: Some(days) })
        .await
        .map_err(|e| convert::error("loading VIP reports", e))
}
