//! The VIP manager's commands: points adjustments and tier overrides
//! (through the loyalty programme), manager assignment, the VIP marking
//! and the checks it needs, notes and tasks. Each is audited with its
//! author and reason.

use chrono::{DateTime, NaiveDate, Utc};
use domain::api::vip::{
    CHECK_OUTCOMES, CheckBody, DesignationBody, ManagerBody, NoteBody, PointsAdjusted, PointsBody,
    TaskBody, TaskUpdateBody, TierBody, VipCheck, VipNote, VipPlayer, VipTask,
};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;
use uuid::Uuid;

use super::player::{allows_designation, check_view, note_view, task_view};
use super::{MAX_TEXT, MAX_TITLE, Vip, VipError, emails, port, required_text, vip_manager};
use crate::loyalty::AuditRow;
use entity::{vip_checks, vip_notes, vip_profiles, vip_tasks};

/// Longest reason of a points adjustment, in characters (the ledger keeps
/// 500).
pub const MAX_REASON: usize = 500;

/// An RFC 3339 time or a date (the end of that UTC day).
fn parse_time(field: &str, raw: &str) -> Result<DateTime<Utc>, VipError> {
    let raw = raw.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Ok(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map(|t| t.and_utc())
        .ok_or_else(|| VipError::field(field, "Use RFC 3339 (2026-12-31T18:00:00Z) or a date."))
}

impl Vip<'_> {
    /// Records `action` on `player` by the caller, on `conn` (the command's
    /// transaction, so the change and its audit row commit together).
    async fn audit<C: ConnectionTrait>(
        &self,
        conn: &C,
        action: &str,
        player: Uuid,
        details: serde_json::Value,
    ) -> Result<(), VipError> {
        crate::audit::record(
            conn,
            self.engine.now(),
            Some(self.caller.user_id),
            action,
            &format!("user:{player}"),
            details,
        )
        .await?;
        Ok(())
    }

    /// `POST /admin/vip/players/{id}/points`: adds (or removes) points with
    /// a reason; never below zero.
    pub async fn adjust_points(
        &self,
        player: Uuid,
        body: &PointsBody,
    ) -> Result<PointsAdjusted, VipError> {
        self.authorize()?;
        self.player_row(player).await?;
        let reason = required_text("reason", &body.reason, MAX_REASON)?;
        if body.points == 0 {
            return Err(VipError::field("points", "Not zero."));
        }
        self.ensure_not_excluded(player).await?;
        // The console's audit row commits with the adjustment
        // (`balance_after` is added by the loyalty transaction).
        let audit = AuditRow {
            action: "vip.points_adjusted",
            subject: format!("user:{player}"),
            details: json!({"points": body.points, "reason": reason}),
        };
        let points = port::adjust_points(
            self.engine,
            player,
            body.points,
            &reason,
            self.caller.user_id,
            audit,
        )
        .await?;
        Ok(PointsAdjusted { points })
    }

    /// `PUT /admin/vip/players/{id}/tier`: holds a tier until a time.
    pub async fn set_tier(&self, player: Uuid, body: &TierBody) -> Result<VipPlayer, VipError> {
        self.authorize()?;
        self.player_row(player).await?;
        let tier = required_text("tier", &body.tier, 50)?;
        if body.until.trim().is_empty() {
            return Err(VipError::field("until", "Required."));
        }
        let until = parse_time("until", &body.until)?;
        if until <= self.engine.now() {
            return Err(VipError::field("until", "Must be in the future."));
        }
        let reason = body
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(|r| r.chars().take(MAX_REASON).collect::<String>());
        self.ensure_not_excluded(player).await?;
        let audit = AuditRow {
            action: "vip.tier_override",
            subject: format!("user:{player}"),
            details: json!({"tier": tier, "until": until, "reason": reason}),
        };
        port::set_tier_override(
            self.engine,
            player,
            &tier,
            until,
            self.caller.user_id,
            audit,
        )
        .await?;
        self.player(player).await
    }

    /// `PUT /admin/vip/players/{id}/manager`: assigns a VIP manager (null
    /// unassigns).
    pub async fn set_manager(
        &self,
        player: Uuid,
        body: &ManagerBody,
    ) -> Result<VipPlayer, VipError> {
        self.authorize()?;
        self.player_row(player).await?;
        let manager = match body.manager_id.as_deref().filter(|m| !m.trim().is_empty()) {
            Some(raw) => Some(vip_manager(self.engine, "manager_id", raw).await?),
            None => None,
        };
        self.ensure_not_excluded(player).await?;
        let now = self.engine.now();
        let row = vip_profiles::ActiveModel {
            player_id: Set(player),
            marked: Set(false),
            marked_by: Set(None),
            marked_at: Set(None),
            mark_reason: Set(None),
            manager_id: Set(manager),
            updated_at: Set(now),
        };
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let before = vip_profiles::Entity::find_by_id(player).one(&txn).await?;
        vip_profiles::Entity::insert(row)
            .on_conflict(
                OnConflict::column(vip_profiles::Column::PlayerId)
                    .update_columns([
                        vip_profiles::Column::ManagerId,
                        vip_profiles::Column::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec(&txn)
            .await?;
        self.audit(
            &txn,
            "vip.manager_assigned",
            player,
            json!({"manager_id": manager, "previous": before.and_then(|b| b.manager_id)}),
        )
        .await?;
        txn.commit().await?;
        self.player(player).await
    }

    /// `PUT /admin/vip/players/{id}/vip`: marks (after a passing check) or
    /// unmarks a VIP. Unmarking is allowed while an exclusion is in force:
    /// it only takes the player further from VIP treatment.
    pub async fn designate(
        &self,
        player: Uuid,
        body: &DesignationBody,
    ) -> Result<VipPlayer, VipError> {
        self.authorize()?;
        self.player_row(player).await?;
        let reason = required_text("reason", &body.reason, MAX_REASON)?;
        let now = self.engine.now();
        if body.vip {
            self.ensure_not_excluded(player).await?;
            let latest = vip_checks::Entity::find()
                .filter(vip_checks::Column::PlayerId.eq(player))
                .order_by_desc(vip_checks::Column::CreatedAt)
                .all(self.engine.db())
                .await?;
            if !latest.iter().any(|c| allows_designation(c, now)) {
                return Err(VipError::ChecksRequired);
            }
        }
        let row = vip_profiles::ActiveModel {
            player_id: Set(player),
            marked: Set(body.vip),
            marked_by: Set(Some(self.caller.user_id)),
            marked_at: Set(Some(now)),
            mark_reason: Set(Some(reason.clone())),
            manager_id: Set(None),
            updated_at: Set(now),
        };
        let txn = crate::db::begin_write(self.engine.db()).await?;
        vip_profiles::Entity::insert(row)
            .on_conflict(
                OnConflict::column(vip_profiles::Column::PlayerId)
                    .update_columns([
                        vip_profiles::Column::Marked,
                        vip_profiles::Column::MarkedBy,
                        vip_profiles::Column::MarkedAt,
                        vip_profiles::Column::MarkReason,
                        vip_profiles::Column::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec(&txn)
            .await?;
        self.audit(
            &txn,
            "vip.designation",
            player,
            json!({"vip": body.vip, "reason": reason}),
        )
        .await?;
        txn.commit().await?;
        self.player(player).await
    }

    /// `POST /admin/vip/players/{id}/notes`.
    pub async fn add_note(&self, player: Uuid, body: &NoteBody) -> Result<VipNote, VipError> {
        self.authorize()?;
        self.player_row(player).await?;
        let text = required_text("text", &body.text, MAX_TEXT)?;
        let now = self.engine.now();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let row = vip_notes::ActiveModel {
            id: Set(Uuid::now_v7()),
            player_id: Set(player),
            body: Set(text),
            author_id: Set(self.caller.user_id),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        self.audit(&txn, "vip.note_added", player, json!({"note_id": row.id}))
            .await?;
        txn.commit().await?;
        let names = emails(self.engine, [row.author_id]).await?;
        Ok(note_view(row, &names))
    }

    /// `POST /admin/vip/players/{id}/checks`: records the affordability and
    /// harm checks; `pass` needs all four reviews.
    pub async fn add_check(&self, player: Uuid, body: &CheckBody) -> Result<VipCheck, VipError> {
        self.authorize()?;
        self.player_row(player).await?;
        let outcome = body.outcome.trim();
        if !CHECK_OUTCOMES.contains(&outcome) {
            return Err(VipError::field("outcome", "Use pass, refer or fail."));
        }
        let evidence = required_text("evidence", &body.evidence, MAX_TEXT)?;
        let all_reviewed = body.affordability_reviewed
            && body.source_of_funds_verified
            && body.harm_markers_reviewed
            && body.rg_state_reviewed;
        if outcome == "pass" && !all_reviewed {
            return Err(VipError::field(
                "outcome",
                "A pass needs affordability, source of funds, markers of harm and the responsible-gaming state reviewed.",
            ));
        }
        let now = self.engine.now();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let row = vip_checks::ActiveModel {
            id: Set(Uuid::now_v7()),
            player_id: Set(player),
            affordability_reviewed: Set(body.affordability_reviewed),
            source_of_funds_verified: Set(body.source_of_funds_verified),
            harm_markers_reviewed: Set(body.harm_markers_reviewed),
            rg_state_reviewed: Set(body.rg_state_reviewed),
            outcome: Set(outcome.to_owned()),
            evidence: Set(evidence),
            author_id: Set(self.caller.user_id),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        self.audit(
            &txn,
            "vip.check_recorded",
            player,
            json!({"check_id": row.id, "outcome": outcome}),
        )
        .await?;
        txn.commit().await?;
        let names = emails(self.engine, [row.author_id]).await?;
        Ok(check_view(row, &names, now))
    }

    /// `POST /admin/vip/players/{id}/tasks`.
    pub async fn add_task(&self, player: Uuid, body: &TaskBody) -> Result<VipTask, VipError> {
        self.authorize()?;
        self.player_row(player).await?;
        let title = required_text("title", &body.title, MAX_TITLE)?;
        let due_at = match body.due_at.as_deref().filter(|d| !d.trim().is_empty()) {
            Some(raw) => Some(parse_time("due_at", raw)?),
            None => None,
        };
        let assignee = match body.assignee_id.as_deref().filter(|a| !a.trim().is_empty()) {
            Some(raw) => vip_manager(self.engine, "assignee_id", raw).await?,
            None => self.caller.user_id,
        };
        let now = self.engine.now();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let row = vip_tasks::ActiveModel {
            id: Set(Uuid::now_v7()),
            player_id: Set(player),
            title: Set(title),
            due_at: Set(due_at),
            done: Set(false),
            done_at: Set(None),
            assignee_id: Set(Some(assignee)),
            author_id: Set(self.caller.user_id),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        self.audit(
            &txn,
            "vip.task_created",
            player,
            json!({"task_id": row.id, "assignee_id": assignee, "due_at": due_at}),
        )
        .await?;
        txn.commit().await?;
        let names = emails(self.engine, [row.author_id]).await?;
        Ok(task_view(row, &names))
    }

    /// `PUT /admin/vip/tasks/{id}`: marks a task done (or open again).
    pub async fn update_task(
        &self,
        task: Uuid,
        body: &TaskUpdateBody,
    ) -> Result<VipTask, VipError> {
        self.authorize()?;
        let now = self.engine.now();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let row = vip_tasks::Entity::find_by_id(task)
            .one(&txn)
            .await?
            .ok_or(VipError::NotFound)?;
        let player = row.player_id;
        let mut active = row.into_active_model();
        active.done = Set(body.done);
        active.done_at = Set(body.done.then_some(now));
        active.updated_at = Set(now);
        let row = active.update(&txn).await?;
        self.audit(
            &txn,
            "vip.task_updated",
            player,
            json!({"task_id": task, "done": body.done}),
        )
        .await?;
        txn.commit().await?;
        let names = emails(self.engine, [row.author_id]).await?;
        Ok(task_view(row, &names))
    }
}
