//! Per-player settings (reality-check interval, session time limit and its
//! break, loss-alert thresholds, the deposit-limit prompt) and the play
//! session of each login: its start, reality checks and the session break.
//!
//! A play session belongs to one token (`sessions.id`) and starts the first
//! time that session is checked (the UI asks at once after login). The
//! session break is per player: while any of their sessions is on a break,
//! every session is refused, so logging in again does not skip it. When a
//! break is over the session starts afresh.

use chrono::{DateTime, TimeDelta, Utc};
use domain::compliance::{
    self as rules, LimitPeriod, PendingSessionLimit, RealityCheckInterval, SessionLimitDecision,
    SessionStatus, SessionTimeLimit,
};
use domain::money::Money;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Compliance, ComplianceError, currency_of, jurisdictions, load_player, minutes};
use crate::auth::{Principal, Role};
use entity::{rg_play_sessions, rg_settings};

/// The player's settings as the API shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SettingsView {
    /// The reality-check interval the player chose, minutes.
    pub reality_check_minutes: Option<u32>,
    /// The interval the player's country imposes, minutes.
    pub mandatory_reality_check_minutes: Option<u32>,
    /// The interval that applies (the shorter of the two), minutes.
    pub effective_reality_check_minutes: Option<u32>,
    /// Session time limit in force, minutes.
    pub session_limit_minutes: Option<u32>,
    /// The break after the session limit, minutes.
    pub session_break_minutes: Option<u32>,
    /// A looser session limit waiting out the 24-hour cooling-off.
    pub pending_session_limit: Option<PendingSessionLimitView>,
    /// Loss-alert threshold set by the player, a money string.
    pub loss_alert: Option<String>,
    /// Loss-alert threshold set by the operator, a money string.
    pub operator_loss_alert: Option<String>,
    /// The rolling window of loss alerts: `day`, `week` or `month`.
    pub loss_alert_period: String,
    /// The player's country asks for a deposit limit before the first
    /// deposit.
    pub deposit_limit_prompt_mandatory: bool,
    /// The player answered the deposit-limit prompt (set one or declined).
    pub deposit_limit_prompt_answered: bool,
}

/// A looser session limit that applies later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingSessionLimitView {
    /// The session limit that will apply, minutes; `None`: no limit.
    pub limit_minutes: Option<u32>,
    /// Its break, minutes.
    pub break_minutes: Option<u32>,
    /// When it applies.
    pub effective_at: DateTime<Utc>,
}

/// A settings change from the player; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsChange {
    /// Reality-check interval, 10 to 480 minutes; `0` switches it off.
    #[serde(default)]
    pub reality_check_minutes: Option<u32>,
    /// Session time limit, 10 to 1440 minutes; `0` switches it off.
    #[serde(default)]
    pub session_limit_minutes: Option<u32>,
    /// Break after the session limit, 1 to 1440 minutes.
    #[serde(default)]
    pub session_break_minutes: Option<u32>,
    /// Loss-alert threshold, a positive money string; `""` switches it off.
    #[serde(default)]
    pub loss_alert: Option<String>,
    /// The rolling window of loss alerts.
    #[serde(default)]
    pub loss_alert_period: Option<LimitPeriod>,
}

/// Where a reality check stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RealityCheckState {
    /// The interval that applies, minutes.
    pub interval_minutes: u32,
    /// When the next check falls (or fell) due.
    pub due_at: DateTime<Utc>,
    /// True when play is paused until the player acknowledges.
    pub due: bool,
    /// Time played in the session, seconds.
    pub time_played_secs: i64,
    /// Stakes in the session, a money string.
    pub stakes: String,
    /// Winnings in the session, a money string.
    pub winnings: String,
    /// Net result of the session (winnings − stakes), a money string,
    /// negative for a loss.
    pub net: String,
}

/// Where the caller's play session stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionState {
    /// When play started in this session.
    pub started_at: DateTime<Utc>,
    /// The server's clock when answered.
    pub now: DateTime<Utc>,
    /// The reality check, when one applies.
    pub reality_check: Option<RealityCheckState>,
    /// Session time limit, minutes.
    pub session_limit_minutes: Option<u32>,
    /// When the session limit is reached.
    pub session_limit_at: Option<DateTime<Utc>>,
    /// While on a break: when play may resume.
    pub break_until: Option<DateTime<Utc>>,
}

/// True when the player answered the deposit-limit prompt.
pub(crate) async fn prompt_answered<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
) -> Result<bool, ComplianceError> {
    Ok(rg_settings::Entity::find_by_id(player)
        .one(conn)
        .await?
        .is_some_and(|s| s.deposit_limit_prompt_answered_at.is_some()))
}

/// The player's settings row, if they ever changed a setting.
pub(crate) async fn settings_row<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
) -> Result<Option<rg_settings::Model>, ComplianceError> {
    Ok(rg_settings::Entity::find_by_id(player).one(conn).await?)
}

fn blank_settings(player: Uuid, now: DateTime<Utc>) -> rg_settings::Model {
    rg_settings::Model {
        player_id: player,
        reality_check_minutes: None,
        session_limit_minutes: None,
        session_break_minutes: None,
        loss_alert_minor: None,
        operator_loss_alert_minor: None,
        loss_alert_period: LimitPeriod::Week.code().to_owned(),
        pending_session_limit_minutes: None,
        pending_session_break_minutes: None,
        pending_session_limit_at: None,
        deposit_limit_prompt_answered_at: None,
        updated_at: now,
    }
}

async fn save_settings<C: ConnectionTrait>(
    conn: &C,
    row: rg_settings::Model,
    existed: bool,
) -> Result<(), ComplianceError> {
    let mut active: rg_settings::ActiveModel = row.into();
    if existed {
        active = active.reset_all();
        active.update(conn).await?;
    } else {
        active = active.reset_all();
        active.insert(conn).await?;
    }
    Ok(())
}

fn to_u32(v: Option<i32>) -> Option<u32> {
    v.and_then(|m| u32::try_from(m).ok())
}

fn to_i32(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

fn limit_of(minutes: Option<i32>, brk: Option<i32>) -> Option<SessionTimeLimit> {
    SessionTimeLimit::new(to_u32(minutes)?, to_u32(brk)?).ok()
}

/// The stored current session limit (before any due pending change).
fn current_limit(row: &rg_settings::Model) -> Option<SessionTimeLimit> {
    limit_of(row.session_limit_minutes, row.session_break_minutes)
}

/// The stored pending session-limit change.
fn pending_limit(row: &rg_settings::Model) -> Option<PendingSessionLimit> {
    Some(PendingSessionLimit {
        limit: limit_of(
            row.pending_session_limit_minutes,
            row.pending_session_break_minutes,
        ),
        effective_at: row.pending_session_limit_at?,
    })
}

/// The session limit in force at `now`.
fn session_limit(row: Option<&rg_settings::Model>, now: DateTime<Utc>) -> Option<SessionTimeLimit> {
    let row = row?;
    rules::session_limit_in_force(current_limit(row), pending_limit(row), now)
}

fn set_pending(row: &mut rg_settings::Model, pending: Option<PendingSessionLimit>) {
    let limit = pending.and_then(|p| p.limit);
    row.pending_session_limit_minutes = limit.map(|l| to_i32(l.limit_minutes()));
    row.pending_session_break_minutes = limit.map(|l| to_i32(l.break_minutes()));
    row.pending_session_limit_at = pending.map(|p| p.effective_at);
}

/// Makes `limit` the current session limit (a removal keeps the preferred
/// break) and drops any pending change.
fn set_current(row: &mut rg_settings::Model, limit: Option<SessionTimeLimit>) {
    row.session_limit_minutes = limit.map(|l| to_i32(l.limit_minutes()));
    if let Some(l) = limit {
        row.session_break_minutes = Some(to_i32(l.break_minutes()));
    }
    set_pending(row, None);
}

/// Moves a pending change that has come due into the current columns.
fn materialise_session_limit(row: &mut rg_settings::Model, now: DateTime<Utc>) {
    if let Some(p) = pending_limit(row).filter(|p| now >= p.effective_at) {
        set_current(row, p.limit);
    }
}

fn limit_error(e: rules::SessionLimitError) -> ComplianceError {
    match e {
        rules::SessionLimitError::LimitOutOfRange { .. } => {
            ComplianceError::validation("session_limit_minutes", e.to_string())
        }
        rules::SessionLimitError::BreakOutOfRange { .. } => {
            ComplianceError::validation("session_break_minutes", e.to_string())
        }
    }
}

impl Compliance<'_> {
    /// The player's settings now.
    pub async fn settings(&self, player: Uuid) -> Result<SettingsView, ComplianceError> {
        self.settings_at(player, self.engine.now()).await
    }

    /// The player's settings at `now` (the session limit in force then).
    pub async fn settings_at(
        &self,
        player: Uuid,
        now: DateTime<Utc>,
    ) -> Result<SettingsView, ComplianceError> {
        let db = self.engine().db();
        let user = load_player(db, player).await?;
        let currency = currency_of(&user)?;
        let rules = jurisdictions::rules_for(db, &user.country).await?;
        let row = settings_row(db, player).await?;
        let chosen = row
            .as_ref()
            .and_then(|r| to_u32(r.reality_check_minutes))
            .and_then(|m| RealityCheckInterval::from_minutes(m).ok());
        let mandatory = rules.mandatory_reality_check_interval;
        let fmt = |m: Option<i64>| m.map(|m| Money::new(m, currency).format_amount());
        let in_force = session_limit(row.as_ref(), now);
        Ok(SettingsView {
            reality_check_minutes: chosen.map(RealityCheckInterval::minutes),
            mandatory_reality_check_minutes: mandatory.map(RealityCheckInterval::minutes),
            effective_reality_check_minutes: rules::effective_reality_check_interval(
                chosen, mandatory,
            )
            .map(RealityCheckInterval::minutes),
            session_limit_minutes: in_force.map(SessionTimeLimit::limit_minutes),
            session_break_minutes: in_force.map_or_else(
                || row.as_ref().and_then(|r| to_u32(r.session_break_minutes)),
                |l| Some(l.break_minutes()),
            ),
            pending_session_limit: row
                .as_ref()
                .and_then(pending_limit)
                .filter(|p| now < p.effective_at)
                .map(|p| PendingSessionLimitView {
                    limit_minutes: p.limit.map(SessionTimeLimit::limit_minutes),
                    break_minutes: p.limit.map(SessionTimeLimit::break_minutes),
                    effective_at: p.effective_at,
                }),
            loss_alert: fmt(row.as_ref().and_then(|r| r.loss_alert_minor)),
            operator_loss_alert: fmt(row.as_ref().and_then(|r| r.operator_loss_alert_minor)),
            loss_alert_period: row
                .as_ref()
                .map_or_else(|| "week".to_owned(), |r| r.loss_alert_period.clone()),
            deposit_limit_prompt_mandatory: rules.deposit_limit_prompt_mandatory,
            deposit_limit_prompt_answered: row
                .as_ref()
                .is_some_and(|r| r.deposit_limit_prompt_answered_at.is_some()),
        })
    }

    /// Changes the player's own settings; audited.
    pub async fn update_settings(
        &self,
        actor: &Principal,
        change: SettingsChange,
        now: DateTime<Utc>,
    ) -> Result<SettingsView, ComplianceError> {
        let player = actor.user_id;
        let db = self.engine().db();
        let user = load_player(db, player).await?;
        let currency = currency_of(&user)?;
        let existing = settings_row(db, player).await?;
        let existed = existing.is_some();
        let mut row = existing.unwrap_or_else(|| blank_settings(player, now));
        if let Some(m) = change.reality_check_minutes {
            row.reality_check_minutes = if m == 0 {
                None
            } else {
                Some(to_i32(
                    RealityCheckInterval::from_minutes(m)
                        .map_err(|e| {
                            ComplianceError::validation("reality_check_minutes", e.to_string())
                        })?
                        .minutes(),
                ))
            };
        }
        materialise_session_limit(&mut row, now);
        let requested = if let Some(m) = change.session_limit_minutes {
            if m == 0 {
                Some(None)
            } else {
                let brk = change
                    .session_break_minutes
                    .or_else(|| to_u32(row.session_break_minutes))
                    .unwrap_or(15);
                Some(Some(SessionTimeLimit::new(m, brk).map_err(limit_error)?))
            }
        } else if let Some(b) = change.session_break_minutes {
            match current_limit(&row) {
                Some(c) => Some(Some(
                    SessionTimeLimit::new(c.limit_minutes(), b).map_err(limit_error)?,
                )),
                None => {
                    // No limit yet: remember the preferred break.
                    SessionTimeLimit::new(SessionTimeLimit::MIN_LIMIT_MINUTES, b)
                        .map_err(limit_error)?;
                    row.session_break_minutes = Some(to_i32(b));
                    None
                }
            }
        } else {
            None
        };
        if let Some(requested) = requested {
            match rules::decide_session_limit_change(current_limit(&row), requested, now) {
                SessionLimitDecision::Immediate(limit) => set_current(&mut row, limit),
                SessionLimitDecision::Pending(pending) => set_pending(&mut row, Some(pending)),
            }
        }
        if let Some(a) = &change.loss_alert {
            row.loss_alert_minor = if a.trim().is_empty() {
                None
            } else {
                Some(
                    Money::parse_positive(a.trim(), currency)
                        .map_err(|e| ComplianceError::validation("loss_alert", e.to_string()))?
                        .minor(),
                )
            };
        }
        if let Some(p) = change.loss_alert_period {
            row.loss_alert_period = p.code().to_owned();
        }
        row.updated_at = now;
        let txn = sea_orm::TransactionTrait::begin(db).await?;
        save_settings(&txn, row, existed).await?;
        crate::audit::record(
            &txn,
            now,
            Some(actor.user_id),
            "rg.settings_changed",
            &format!("user:{player}"),
            serde_json::to_value(&change).map_err(anyhow::Error::from)?,
        )
        .await?;
        txn.commit().await?;
        self.settings_at(player, now).await
    }

    /// Sets the operator's loss-alert threshold for a player (compliance);
    /// `None` removes it. Audited.
    pub async fn set_operator_loss_alert(
        &self,
        actor: &Principal,
        player: Uuid,
        amount: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<SettingsView, ComplianceError> {
        actor
            .require(&[Role::Compliance])
            .map_err(|_| ComplianceError::Forbidden)?;
        let db = self.engine().db();
        let user = load_player(db, player).await?;
        let currency = currency_of(&user)?;
        let minor = match amount.map(str::trim).filter(|a| !a.is_empty()) {
            Some(a) => Some(
                Money::parse_positive(a, currency)
                    .map_err(|e| ComplianceError::validation("amount", e.to_string()))?
                    .minor(),
            ),
            None => None,
        };
        let existing = settings_row(db, player).await?;
        let existed = existing.is_some();
        let mut row = existing.unwrap_or_else(|| blank_settings(player, now));
        row.operator_loss_alert_minor = minor;
        row.updated_at = now;
        let txn = sea_orm::TransactionTrait::begin(db).await?;
        save_settings(&txn, row, existed).await?;
        crate::audit::record(
            &txn,
            now,
            Some(actor.user_id),
            "rg.operator_loss_alert_set",
            &format!("user:{player}"),
            serde_json::json!({ "amount": amount }),
        )
        .await?;
        txn.commit().await?;
        self.settings(player).await
    }

    /// Records that the player answered the deposit-limit prompt: they set
    /// a limit, or declined (not allowed where the country makes a deposit
    /// limit mandatory).
    pub async fn answer_deposit_limit_prompt(
        &self,
        actor: &Principal,
        now: DateTime<Utc>,
    ) -> Result<SettingsView, ComplianceError> {
        let player = actor.user_id;
        let db = self.engine().db();
        let user = load_player(db, player).await?;
        let mandatory = jurisdictions::rules_for(db, &user.country)
            .await?
            .deposit_limit_prompt_mandatory;
        if mandatory
            && !super::limits_in_force(db, player, now)
                .await?
                .iter()
                .any(|l| l.kind == domain::compliance::LimitKind::Deposit)
        {
            return Err(ComplianceError::validation(
                "amount",
                "your country requires a deposit limit before the first deposit",
            ));
        }
        let existing = settings_row(db, player).await?;
        let existed = existing.is_some();
        let mut row = existing.unwrap_or_else(|| blank_settings(player, now));
        if row.deposit_limit_prompt_answered_at.is_none() {
            row.deposit_limit_prompt_answered_at = Some(now);
            row.updated_at = now;
            save_settings(db, row, existed).await?;
        }
        self.settings(player).await
    }

    /// The caller's play session at `now`, started if new and restarted
    /// after a finished break.
    pub async fn session_state(
        &self,
        principal: &Principal,
        now: DateTime<Utc>,
    ) -> Result<SessionState, ComplianceError> {
        let db = self.engine().db();
        let player = principal.user_id;
        let user = load_player(db, player).await?;
        let currency = currency_of(&user)?;
        let settings = settings_row(db, player).await?;
        let limit = session_limit(settings.as_ref(), now);
        let session = self
            .ensure_session(principal.session_id, player, limit, now)
            .await?;
        let break_until = match limit {
            Some(limit) => self.break_until(player, limit, now).await?,
            None => None,
        };
        let rules = jurisdictions::rules_for(db, &user.country).await?;
        let chosen = settings
            .as_ref()
            .and_then(|r| to_u32(r.reality_check_minutes))
            .and_then(|m| RealityCheckInterval::from_minutes(m).ok());
        let interval =
            rules::effective_reality_check_interval(chosen, rules.mandatory_reality_check_interval);
        let reality_check = match interval {
            Some(interval) => {
                let due_at = rules::next_reality_check_at(
                    interval,
                    session.started_at,
                    session.reality_check_ack_at,
                );
                let activity = super::activity(db, player, now).await?;
                let summary = rules::reality_check_summary(session.started_at, &activity, now);
                let fmt = |m: i64| Money::new(m, currency).format_amount();
                Some(RealityCheckState {
                    interval_minutes: interval.minutes(),
                    due_at,
                    due: now >= due_at,
                    time_played_secs: summary.time_played_secs,
                    stakes: fmt(summary.stakes_minor),
                    winnings: fmt(summary.winnings_minor),
                    net: fmt(summary.net_win_minor),
                })
            }
            None => None,
        };
        Ok(SessionState {
            started_at: session.started_at,
            now,
            reality_check,
            session_limit_minutes: limit.map(SessionTimeLimit::limit_minutes),
            session_limit_at: limit.map(|l| l.limit_reached_at(session.started_at)),
            break_until,
        })
    }

    /// The player acknowledges the reality check of the caller's session:
    /// the next one falls one interval from now.
    pub async fn acknowledge_reality_check(
        &self,
        principal: &Principal,
        now: DateTime<Utc>,
    ) -> Result<SessionState, ComplianceError> {
        let db = self.engine().db();
        let state = self.session_state(principal, now).await?;
        let session = rg_play_sessions::Entity::find_by_id(principal.session_id)
            .one(db)
            .await?
            .ok_or(ComplianceError::NotFound)?;
        let mut active: rg_play_sessions::ActiveModel = session.into();
        active.reality_check_ack_at = Set(Some(now));
        active.update(db).await?;
        crate::audit::record(
            db,
            now,
            Some(principal.user_id),
            "rg.reality_check_acknowledged",
            &format!("user:{}", principal.user_id),
            serde_json::json!({
                "session_id": principal.session_id,
                "summary": state.reality_check,
            }),
        )
        .await?;
        self.session_state(principal, now).await
    }

    async fn ensure_session(
        &self,
        session_id: Uuid,
        player: Uuid,
        limit: Option<SessionTimeLimit>,
        now: DateTime<Utc>,
    ) -> Result<rg_play_sessions::Model, ComplianceError> {
        let db = self.engine().db();
        match rg_play_sessions::Entity::find_by_id(session_id)
            .one(db)
            .await?
        {
            Some(s) if limit.is_some_and(|l| now >= l.break_ends_at(s.started_at)) => {
                let mut active: rg_play_sessions::ActiveModel = s.into();
                active.started_at = Set(now);
                active.reality_check_ack_at = Set(None);
                Ok(active.update(db).await?)
            }
            Some(s) => Ok(s),
            None => {
                let row = rg_play_sessions::ActiveModel {
                    session_id: Set(session_id),
                    player_id: Set(player),
                    started_at: Set(now),
                    reality_check_ack_at: Set(None),
                };
                match row.insert(db).await {
                    Ok(row) => Ok(row),
                    // A concurrent first check inserted it: read theirs.
                    Err(_) => rg_play_sessions::Entity::find_by_id(session_id)
                        .one(db)
                        .await?
                        .ok_or(ComplianceError::NotFound),
                }
            }
        }
    }

    /// The end of the break running for any of the player's sessions.
    async fn break_until(
        &self,
        player: Uuid,
        limit: SessionTimeLimit,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, ComplianceError> {
        let horizon = minutes(to_i32(limit.limit_minutes()))
            + minutes(to_i32(limit.break_minutes()))
            + TimeDelta::minutes(1);
        let sessions = rg_play_sessions::Entity::find()
            .filter(rg_play_sessions::Column::PlayerId.eq(player))
            .filter(rg_play_sessions::Column::StartedAt.gt(now - horizon))
            .order_by_desc(rg_play_sessions::Column::StartedAt)
            .all(self.engine().db())
            .await?;
        Ok(sessions
            .iter()
            .filter_map(|s| match rules::session_status(&limit, s.started_at, now) {
                SessionStatus::OnBreak { until } => Some(until),
                SessionStatus::Allowed => None,
            })
            .max())
    }
}

impl Compliance<'_> {
    /// [`Self::check_play`] for many plays at once (the bets of one
    /// placement batch), one answer each, with the same outcome as checking
    /// each alone. The common case (no session time limit, no wager or loss
    /// limit, a play session already open) is decided from one read per
    /// table for the whole batch: exclusions, players, settings, play
    /// sessions, limits and each country's rules. Any other play runs the
    /// full [`Self::check_play`].
    pub(crate) async fn check_plays(
        &self,
        plays: &[(&Principal, Money)],
        now: DateTime<Utc>,
    ) -> Result<Vec<Result<(), ComplianceError>>, ComplianceError> {
        use std::collections::{BTreeSet, HashMap};
        if plays.is_empty() {
            return Ok(Vec::new());
        }
        let db = self.engine().db();
        let players: BTreeSet<Uuid> = plays.iter().map(|(p, _)| p.user_id).collect();
        let sessions: BTreeSet<Uuid> = plays.iter().map(|(p, _)| p.session_id).collect();
        let backend = db.get_database_backend();
        let ids = || players.iter().copied().collect::<Vec<Uuid>>();
        // Five independent reads, side by side on the pool.
        let (exclusion_rows, users, settings, open, limit_rows) = futures::try_join!(
            entity::rg_exclusions::Entity::find()
                .filter(crate::db::one_of(
                    backend,
                    entity::rg_exclusions::Column::PlayerId,
                    ids()
                ))
                .all(db),
            entity::users::Entity::find()
                .filter(crate::db::one_of(backend, entity::users::Column::Id, ids()))
                .all(db),
            rg_settings::Entity::find()
                .filter(crate::db::one_of(
                    backend,
                    rg_settings::Column::PlayerId,
                    ids()
                ))
                .all(db),
            rg_play_sessions::Entity::find()
                .filter(crate::db::one_of(
                    backend,
                    rg_play_sessions::Column::SessionId,
                    sessions.into_iter().collect()
                ))
                .all(db),
            entity::rg_limits::Entity::find()
                .filter(crate::db::one_of(
                    backend,
                    entity::rg_limits::Column::PlayerId,
                    ids()
                ))
                .all(db),
        )?;
        let mut excluded: HashMap<Uuid, Vec<rules::Exclusion>> = HashMap::new();
        for row in &exclusion_rows {
            if let Some(exclusion) = super::exclusion_of(row) {
                excluded.entry(row.player_id).or_default().push(exclusion);
            }
        }
        let users: HashMap<Uuid, entity::users::Model> =
            users.into_iter().map(|u| (u.id, u)).collect();
        let settings: HashMap<Uuid, rg_settings::Model> =
            settings.into_iter().map(|s| (s.player_id, s)).collect();
        let open: HashMap<Uuid, rg_play_sessions::Model> =
            open.into_iter().map(|s| (s.session_id, s)).collect();
        let mut limited: BTreeSet<Uuid> = BTreeSet::new();
        let mut stored: HashMap<Uuid, Vec<rules::Limit>> = HashMap::new();
        for row in limit_rows {
            if let Some(limit) = super::limit_from_row(&row) {
                stored.entry(row.player_id).or_default().push(limit);
            }
        }
        for (player, limits) in &stored {
            if rules::materialise_all(limits, now)
                .iter()
                .any(|l| matches!(l.kind, rules::LimitKind::Wager | rules::LimitKind::Loss))
            {
                limited.insert(*player);
            }
        }
        let mut country_rules = HashMap::new();
        for country in users
            .values()
            .map(|u| u.country.clone())
            .collect::<BTreeSet<_>>()
        {
            if let Ok(found) = jurisdictions::rules_for(db, &country).await {
                country_rules.insert(country, found);
            }
        }

        let mut out = Vec::with_capacity(plays.len());
        for (principal, stake) in plays {
            let player = principal.user_id;
            if let Some(e) = excluded
                .get(&player)
                .and_then(|all| rules::active_exclusion(all, now))
            {
                out.push(Err(ComplianceError::SelfExcluded { until: e.until }));
                continue;
            }
            let quick = || -> Option<Result<(), ComplianceError>> {
                let user = users.get(&player).filter(|u| super::is_player(u))?;
                let settings = settings.get(&player);
                if session_limit(settings, now).is_some() || limited.contains(&player) {
                    return None;
                }
                let session = open
                    .get(&principal.session_id)
                    .filter(|s| s.player_id == player)?;
                let country = country_rules.get(&user.country)?;
                let chosen = settings
                    .and_then(|r| to_u32(r.reality_check_minutes))
                    .and_then(|m| RealityCheckInterval::from_minutes(m).ok());
                let interval = rules::effective_reality_check_interval(
                    chosen,
                    country.mandatory_reality_check_interval,
                );
                Some(match interval {
                    Some(interval) => {
                        let due_at = rules::next_reality_check_at(
                            interval,
                            session.started_at,
                            session.reality_check_ack_at,
                        );
                        if now >= due_at {
                            Err(ComplianceError::RealityCheckDue { due_at })
                        } else {
                            Ok(())
                        }
                    }
                    None => Ok(()),
                })
            };
            match quick() {
                Some(answer) => out.push(answer),
                None => out.push(self.check_play(principal, *stake, now).await),
            }
        }
        Ok(out)
    }
}
