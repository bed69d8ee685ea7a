//! Responsible gaming and KYC over the database: deposit, loss and wager
//! limits with their full change history, time-outs and self-exclusions,
//! the checks every path that takes money or play runs (deposits, bets,
//! casino rounds), session time limits and reality checks, loss alerts,
//! per-country jurisdiction rules and identity verification.
//!
//! The rules themselves live in `domain::compliance` (pure, clock passed
//! in); this module loads what they need, asks them, and persists what they
//! answer, with an audit row and an outbox event for every change.
//!
//! Usage for limits: deposits are read from the wallet's `payments` table
//! (pending and completed deposits count, so a deposit waiting for its
//! provider cannot be doubled past a limit); stakes and winnings are
//! recorded in `rg_activity` by the sportsbook and casino through
//! [`record_play`] in the same database transaction as the bet or round.

pub mod alerts;
pub mod jurisdictions;
pub mod kyc;
pub mod session;

use chrono::{DateTime, SubsecRound, TimeDelta, Utc};
use domain::compliance::{
    self as rules, Activity, ActivityKind, Exclusion, ExclusionKind, ExclusionRequest,
    ExclusionRequestBody, Limit, LimitChange, LimitKind, LimitPeriod, PendingChange,
};
use domain::events::{EventData, Topic};
use domain::money::{Currency, Money};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Engine;
use crate::auth::{Principal, Role};
use crate::paging::{self, Cursor, Page};
use entity::{payments, rg_activity, rg_exclusions, rg_limit_changes, rg_limits, users};

pub use alerts::{play_row, record_play, record_plays};
pub use kyc::{KycDocument, KycProvider, KycProviderKind, SandboxKyc, UnknownKycProvider};

/// Longest history page.
pub const MAX_HISTORY_ROWS: u64 = 200;

/// Failures of responsible-gaming commands and checks, mapped to API codes
/// at the edge.
#[derive(Debug, thiserror::Error)]
pub enum ComplianceError {
    /// Input failed validation (422 `validation_failed`).
    #[error("{field}: {message}")]
    Validation {
        /// The offending field.
        field: String,
        /// What is wrong, for people.
        message: String,
    },
    /// No such player, limit or submission (404 `not_found`).
    #[error("not found")]
    NotFound,
    /// The caller's role does not allow this (403 `forbidden`).
    #[error("forbidden")]
    Forbidden,
    /// A time-out or self-exclusion is in force (403 `self_excluded`).
    #[error("self-excluded")]
    SelfExcluded {
        /// End of the exclusion; None when permanent.
        until: Option<DateTime<Utc>>,
    },
    /// A deposit would exceed a deposit limit (422 `deposit_limit_exceeded`).
    #[error("deposit limit exceeded")]
    DepositLimitExceeded {
        /// What may still be deposited in the tightest window.
        remaining: Money,
    },
    /// A stake would exceed a wager or loss limit (422
    /// `wager_limit_exceeded` / `loss_limit_exceeded`).
    #[error("{kind} limit exceeded")]
    PlayLimitExceeded {
        /// `wager` or `loss`.
        kind: LimitKind,
        /// The window of the tightest limit.
        period: LimitPeriod,
        /// What may still be staked.
        remaining: Money,
    },
    /// The session limit was reached: a break is running (403
    /// `session_break`).
    #[error("session limit reached, on a break")]
    SessionBreak {
        /// When play may resume.
        until: DateTime<Utc>,
    },
    /// A reality check waits for the player's acknowledgement (403
    /// `reality_check_due`).
    #[error("reality check due")]
    RealityCheckDue {
        /// When it fell due.
        due_at: DateTime<Utc>,
    },
    /// The player's country requires verified identity first (403
    /// `kyc_required`).
    #[error("KYC verification required")]
    KycRequired,
    /// The player's country requires a deposit limit (or an explicit
    /// decline) before the first deposit (422 `deposit_limit_prompt_required`).
    #[error("deposit limit prompt not answered")]
    DepositLimitPromptRequired,
    /// A webhook's signature did not verify (401 `invalid_signature`).
    #[error("invalid signature")]
    InvalidSignature,
    /// Anything else (database): logged once at the edge.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for ComplianceError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Unexpected(e.into())
    }
}

impl From<crate::auth::AuthError> for ComplianceError {
    fn from(e: crate::auth::AuthError) -> Self {
        use crate::auth::AuthError;
        match e {
            AuthError::NotFound => Self::NotFound,
            AuthError::Forbidden => Self::Forbidden,
            other => Self::Unexpected(anyhow::anyhow!("{other}")),
        }
    }
}

impl ComplianceError {
    /// A validation failure of `field`.
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Self::Validation {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// A pending limit change as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingView {
    /// The amount that will apply; None for a removal.
    pub amount: Option<String>,
    /// When it takes effect.
    pub effective_at: DateTime<Utc>,
}

/// A limit as the API shows it (API.md "Responsible gaming").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LimitView {
    /// `deposit`, `loss` or `wager`.
    pub kind: String,
    /// `day`, `week` or `month`.
    pub period: String,
    /// The amount in force, a money string.
    pub amount: String,
    /// Since when it is in force.
    pub effective_at: DateTime<Utc>,
    /// A change waiting for its cooling-off.
    pub pending: Option<PendingView>,
    /// Used in the current rolling window, a money string.
    pub used: String,
    /// Still available in the current rolling window, a money string.
    pub remaining: String,
}

/// One row of a player's limit history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LimitChangeView {
    /// Who asked; None for the system.
    pub actor_id: Option<Uuid>,
    /// `deposit`, `loss` or `wager`.
    pub kind: String,
    /// `day`, `week` or `month`.
    pub period: String,
    /// The amount before; None when there was none.
    pub old_amount: Option<String>,
    /// The amount asked for; None for a removal.
    pub new_amount: Option<String>,
    /// When it takes (or took) effect.
    pub effective_at: DateTime<Utc>,
    /// When it was asked for.
    pub created_at: DateTime<Utc>,
}

/// An exclusion as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExclusionView {
    /// `time_out` or `self_exclusion`.
    pub kind: String,
    /// Start.
    pub started_at: DateTime<Utc>,
    /// End; None when permanent.
    pub until: Option<DateTime<Utc>>,
    /// Who asked.
    pub actor_id: Option<Uuid>,
    /// True when in force now.
    pub active: bool,
}

impl ExclusionView {
    fn from_row(row: &rg_exclusions::Model, now: DateTime<Utc>) -> Self {
        Self {
            kind: row.kind.clone(),
            started_at: row.started_at,
            until: row.until,
            actor_id: row.actor_id,
            active: row.until.is_none_or(|u| now < u),
        }
    }
}

/// A player's whole responsible-gaming history, for compliance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RgHistory {
    /// The player.
    pub player_id: Uuid,
    /// E-mail address.
    pub email: String,
    /// Country.
    pub country: String,
    /// Wallet currency.
    pub currency: String,
    /// KYC status.
    pub kyc_status: String,
    /// Limits now.
    pub limits: Vec<LimitView>,
    /// Every limit change, newest first.
    pub limit_changes: Vec<LimitChangeView>,
    /// Every exclusion, newest first.
    pub exclusions: Vec<ExclusionView>,
    /// Loss alerts, newest first.
    pub loss_alerts: Vec<alerts::LossAlertView>,
}

/// Takes the write lock for `player` as the first statement of a
/// transaction: a no-op update of their row. On SQLite a transaction that
/// reads first and writes later fails with `SQLITE_BUSY` when another
/// connection wrote in between; writing first makes it wait instead. On
/// PostgreSQL it row-locks the player, so one player's changes serialise.
pub(crate) async fn lock_player<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
) -> Result<(), ComplianceError> {
    users::Entity::update_many()
        .col_expr(
            users::Column::UpdatedAt,
            sea_orm::sea_query::Expr::col(users::Column::UpdatedAt),
        )
        .filter(users::Column::Id.eq(player))
        .exec(conn)
        .await?;
    Ok(())
}

/// The player row, or `NotFound` for unknown ids and staff accounts.
pub(crate) async fn load_player<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
) -> Result<users::Model, ComplianceError> {
    let user = users::Entity::find_by_id(player)
        .one(conn)
        .await?
        .ok_or(ComplianceError::NotFound)?;
    if !is_player(&user) {
        return Err(ComplianceError::NotFound);
    }
    Ok(user)
}

/// Whether the user has the player role.
pub(crate) fn is_player(user: &users::Model) -> bool {
    user.roles
        .split_whitespace()
        .any(|r| r == Role::Player.code())
}

/// The player's wallet currency.
pub(crate) fn currency_of(user: &users::Model) -> Result<Currency, ComplianceError> {
    user.currency
        .parse()
        .map_err(|e| ComplianceError::Unexpected(anyhow::anyhow!("stored currency: {e:?}")))
}

fn money(minor: i64, currency: Currency) -> String {
    Money::new(minor, currency).format_amount()
}

fn limit_from_row(row: &rg_limits::Model) -> Option<Limit> {
    Some(Limit {
        kind: row.kind.parse().ok()?,
        period: row.period.parse().ok()?,
        amount_minor: row.amount_minor,
        effective_at: row.effective_at,
        pending: match (row.pending_set, row.pending_effective_at) {
            (true, Some(effective_at)) => Some(PendingChange {
                amount_minor: row.pending_amount_minor,
                effective_at,
            }),
            _ => None,
        },
    })
}

/// The limits of `player` as stored (pending changes not yet applied).
async fn stored_limits<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
) -> Result<Vec<(rg_limits::Model, Limit)>, ComplianceError> {
    Ok(rg_limits::Entity::find()
        .filter(rg_limits::Column::PlayerId.eq(player))
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|row| limit_from_row(&row).map(|l| (row, l)))
        .collect())
}

/// The limits in force at `now` (due pending changes applied, removed
/// limits gone).
pub(crate) async fn limits_in_force<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<Limit>, ComplianceError> {
    let stored: Vec<Limit> = stored_limits(conn, player)
        .await?
        .into_iter()
        .map(|(_, l)| l)
        .collect();
    Ok(rules::materialise_all(&stored, now))
}

/// Deposits and play in the longest window (30 days) before `now`.
pub(crate) async fn activity<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<Activity>, ComplianceError> {
    let since = now - LimitPeriod::Month.window();
    let mut out: Vec<Activity> = payments::Entity::find()
        .filter(payments::Column::PlayerId.eq(player))
        .filter(payments::Column::Direction.eq("deposit"))
        .filter(payments::Column::Status.is_in(["pending", "completed"]))
        .filter(payments::Column::CreatedAt.gt(since))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| Activity {
            at: p.created_at,
            kind: ActivityKind::Deposit,
            amount_minor: p.amount,
        })
        .collect();
    out.extend(
        rg_activity::Entity::find()
            .filter(rg_activity::Column::PlayerId.eq(player))
            .filter(rg_activity::Column::At.gt(since))
            .all(conn)
            .await?
            .into_iter()
            .filter_map(|a| {
                Some(Activity {
                    at: a.at,
                    kind: a.kind.parse().ok()?,
                    amount_minor: a.amount_minor,
                })
            }),
    );
    Ok(out)
}

/// Every exclusion of `player`, as the domain sees them.
pub(crate) async fn exclusions<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
) -> Result<Vec<Exclusion>, ComplianceError> {
    Ok(rg_exclusions::Entity::find()
        .filter(rg_exclusions::Column::PlayerId.eq(player))
        .all(conn)
        .await?
        .iter()
        .filter_map(exclusion_of)
        .collect())
}

/// An exclusion row as the domain sees it (None for an unknown kind).
pub(crate) fn exclusion_of(row: &rg_exclusions::Model) -> Option<Exclusion> {
    Some(Exclusion {
        kind: row.kind.parse().ok()?,
        started_at: row.started_at,
        until: row.until,
    })
}

/// Responsible gaming bound to an engine.
pub struct Compliance<'a> {
    engine: &'a Engine,
}

impl<'a> Compliance<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    /// The engine this service runs on.
    pub(crate) fn engine(&self) -> &'a Engine {
        self.engine
    }

    /// The player's limits in force at `now`, with their pending changes and
    /// the usage of their current rolling window.
    pub async fn limits(
        &self,
        player: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Vec<LimitView>, ComplianceError> {
        let db = self.engine.db();
        let user = load_player(db, player).await?;
        let currency = currency_of(&user)?;
        let limits = limits_in_force(db, player, now).await?;
        let usage = rules::WindowUsage::compute(&activity(db, player, now).await?, now);
        let mut views: Vec<LimitView> = limits.iter().map(|l| view(l, &usage, currency)).collect();
        views.sort_by_key(|v| (kind_rank(&v.kind), period_rank(&v.period)));
        Ok(views)
    }

    /// Sets (`Some`) or removes (`None`) the player's `kind` limit per
    /// `period`: a decrease (or a first limit) applies at once, an increase
    /// or a removal after the 24-hour cooling-off. `amount` is a money
    /// string in the player's currency. Recorded in the limit history with
    /// `actor`, audited, and announced on `player:{id}`.
    pub async fn set_limit(
        &self,
        actor: &Principal,
        player: Uuid,
        kind: LimitKind,
        period: LimitPeriod,
        amount: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<LimitView, ComplianceError> {
        if actor.user_id != player {
            actor
                .require(&[Role::Compliance])
                .map_err(|_| ComplianceError::Forbidden)?;
        }
        // Stored timestamps keep microseconds (PostgreSQL): answer what is
        // stored.
        let now = now.trunc_subsecs(6);
        let txn = self.engine.db().begin().await?;
        lock_player(&txn, player).await?;
        let user = load_player(&txn, player).await?;
        let currency = currency_of(&user)?;
        let new_minor = match amount {
            Some(a) => Some(
                Money::parse_positive(a.trim(), currency)
                    .map_err(|e| ComplianceError::validation("amount", e.to_string()))?
                    .minor(),
            ),
            None => None,
        };
        let current = rg_limits::Entity::find()
            .filter(rg_limits::Column::PlayerId.eq(player))
            .filter(rg_limits::Column::Kind.eq(kind.code()))
            .filter(rg_limits::Column::Period.eq(period.code()))
            .one(&txn)
            .await?;
        let current_limit = current.as_ref().and_then(limit_from_row);
        let in_force_before = current_limit
            .as_ref()
            .and_then(|l| rules::materialise(l, now));
        let change = rules::request_change(kind, period, current_limit.as_ref(), new_minor, now)
            .map_err(|e| match e {
                rules::LimitError::NoSuchLimit { .. } => ComplianceError::NotFound,
                other => ComplianceError::validation("amount", other.to_string()),
            })?;
        let limit = *change.limit();
        let effective_at = match change {
            LimitChange::Immediate(l) => l.effective_at,
            LimitChange::Scheduled(l) => l.pending.map_or(now, |p| p.effective_at),
        };
        let pending = limit.pending;
        let row = rg_limits::ActiveModel {
            id: Set(current.as_ref().map_or_else(Uuid::now_v7, |c| c.id)),
            player_id: Set(player),
            kind: Set(kind.code().to_owned()),
            period: Set(period.code().to_owned()),
            amount_minor: Set(limit.amount_minor),
            effective_at: Set(limit.effective_at),
            pending_set: Set(pending.is_some()),
            pending_amount_minor: Set(pending.and_then(|p| p.amount_minor)),
            pending_effective_at: Set(pending.map(|p| p.effective_at)),
            updated_at: Set(now),
        };
        if current.is_some() {
            row.update(&txn).await?;
        } else {
            row.insert(&txn).await?;
        }
        rg_limit_changes::ActiveModel {
            id: Set(Uuid::now_v7()),
            player_id: Set(player),
            actor_id: Set(Some(actor.user_id)),
            kind: Set(kind.code().to_owned()),
            period: Set(period.code().to_owned()),
            old_amount_minor: Set(in_force_before.map(|l| l.amount_minor)),
            new_amount_minor: Set(new_minor),
            effective_at: Set(effective_at),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let change = domain::events::LimitChanged {
            kind,
            period,
            old: in_force_before.map(|l| money(l.amount_minor, currency)),
            new: new_minor.map(|m| money(m, currency)),
            effective_at,
        };
        crate::audit::record(
            &txn,
            now,
            Some(actor.user_id),
            "rg.limit_changed",
            &format!("user:{player}"),
            serde_json::to_value(&change).map_err(anyhow::Error::from)?,
        )
        .await?;
        crate::events::enqueue(
            &txn,
            now,
            Topic::Player(player),
            EventData::LimitChanged(change),
        )
        .await?;
        let usage = rules::WindowUsage::compute(&activity(&txn, player, now).await?, now);
        txn.commit().await?;
        self.engine.events().wake();
        Ok(view(&limit, &usage, currency))
    }

    /// The limit history of `player`, newest first (at most
    /// [`MAX_HISTORY_ROWS`]: the first page of
    /// [`Compliance::limit_history_page`]).
    pub async fn limit_history(
        &self,
        player: Uuid,
    ) -> Result<Vec<LimitChangeView>, ComplianceError> {
        let page = self.limit_history_page(player, MAX_HISTORY_ROWS, None);
        Ok(page.await?.items)
    }

    /// One page of the limit changes of `player`, newest first: at most
    /// `limit` (1 to [`MAX_HISTORY_ROWS`]) older than `cursor` (a
    /// `next_cursor` of an earlier page; a malformed one is a validation
    /// failure on `cursor`).
    pub async fn limit_history_page(
        &self,
        player: Uuid,
        limit: u64,
        cursor: Option<&str>,
    ) -> Result<Page<LimitChangeView>, ComplianceError> {
        let after = Cursor::decode_opt(cursor)?;
        let limit = paging::clamp_limit(limit, MAX_HISTORY_ROWS);
        let db = self.engine.db();
        let user = load_player(db, player).await?;
        let currency = currency_of(&user)?;
        let rows = paging::newest_first(
            rg_limit_changes::Entity::find().filter(rg_limit_changes::Column::PlayerId.eq(player)),
            rg_limit_changes::Column::CreatedAt,
            rg_limit_changes::Column::Id,
            after,
            limit,
        )
        .all(db)
        .await?;
        Ok(Page::of(
            rows,
            limit,
            |c| Cursor::new(c.created_at, c.id),
            |c| LimitChangeView {
                actor_id: c.actor_id,
                kind: c.kind,
                period: c.period,
                old_amount: c.old_amount_minor.map(|m| money(m, currency)),
                new_amount: c.new_amount_minor.map(|m| money(m, currency)),
                effective_at: c.effective_at,
                created_at: c.created_at,
            },
        ))
    }

    /// Starts a time-out or self-exclusion for `player`, effective at once
    /// for every session. An exclusion in force is never shortened: a
    /// request that would end sooner answers the exclusion in force and
    /// changes nothing. Audited; announced on `player:{id}` and
    /// `compliance:alerts`.
    pub async fn exclude(
        &self,
        actor: &Principal,
        player: Uuid,
        body: ExclusionRequestBody,
        now: DateTime<Utc>,
    ) -> Result<Exclusion, ComplianceError> {
        if actor.user_id != player {
            actor
                .require(&[Role::Compliance])
                .map_err(|_| ComplianceError::Forbidden)?;
        }
        // Stored timestamps keep microseconds (PostgreSQL): answer what is
        // stored.
        let now = now.trunc_subsecs(6);
        let request = ExclusionRequest::try_from(body)
            .map_err(|e| ComplianceError::validation("kind", e.to_string()))?;
        let txn = self.engine.db().begin().await?;
        lock_player(&txn, player).await?;
        let user = load_player(&txn, player).await?;
        let min_months = jurisdictions::rules_for(&txn, &user.country)
            .await?
            .minimum_self_exclusion_months;
        let existing = exclusions(&txn, player).await?;
        let field = match request.kind() {
            ExclusionKind::TimeOut => "days",
            ExclusionKind::SelfExclusion => "months",
        };
        let exclusion = rules::request_exclusion(&existing, request, now, min_months)
            .map_err(|e| ComplianceError::validation(field, e.to_string()))?;
        // The domain answers the exclusion in force when the request would
        // not extend it: then nothing changes.
        if rules::active_exclusion(&existing, now) != Some(&exclusion) {
            rg_exclusions::ActiveModel {
                id: Set(Uuid::now_v7()),
                player_id: Set(player),
                actor_id: Set(Some(actor.user_id)),
                kind: Set(exclusion.kind.code().to_owned()),
                started_at: Set(exclusion.started_at),
                until: Set(exclusion.until),
                created_at: Set(now),
            }
            .insert(&txn)
            .await?;
            let started = domain::events::ExclusionStarted {
                player_id: player,
                kind: exclusion.kind,
                until: exclusion.until,
                request: request.to_string(),
            };
            crate::audit::record(
                &txn,
                now,
                Some(actor.user_id),
                "rg.exclusion_started",
                &format!("user:{player}"),
                serde_json::to_value(&started).map_err(anyhow::Error::from)?,
            )
            .await?;
            let data = EventData::ExclusionStarted(started);
            crate::events::enqueue(&txn, now, Topic::Player(player), data.clone()).await?;
            crate::events::enqueue(&txn, now, Topic::ComplianceAlerts, data).await?;
        }
        txn.commit().await?;
        self.engine.events().wake();
        Ok(exclusion)
    }

    /// The exclusion in force for `player` at `now` (the one ending last).
    pub async fn active_exclusion(
        &self,
        player: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Option<Exclusion>, ComplianceError> {
        let all = exclusions(self.engine.db(), player).await?;
        Ok(rules::active_exclusion(&all, now).copied())
    }

    /// True when a time-out or self-exclusion is in force for `player` now.
    /// Bonus awards and marketing messages ask this before reaching a
    /// player; on a database error it answers true, so nobody excluded is
    /// ever contacted by mistake.
    pub async fn is_excluded(&self, player: Uuid) -> bool {
        match exclusions(self.engine.db(), player).await {
            Ok(all) => rules::is_excluded(&all, self.engine.now()),
            Err(e) => {
                tracing::warn!(error = %e, %player, "exclusion lookup failed; treating as excluded");
                true
            }
        }
    }

    /// Every exclusion of `player`, newest first (at most
    /// [`MAX_HISTORY_ROWS`]: the first page of
    /// [`Compliance::exclusion_history_page`]).
    pub async fn exclusion_history(
        &self,
        player: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Vec<ExclusionView>, ComplianceError> {
        let page = self.exclusion_history_page(player, now, MAX_HISTORY_ROWS, None);
        Ok(page.await?.items)
    }

    /// One page of the exclusions of `player`, newest first: at most
    /// `limit` (1 to [`MAX_HISTORY_ROWS`]) older than `cursor` (a
    /// `next_cursor` of an earlier page; a malformed one is a validation
    /// failure on `cursor`).
    pub async fn exclusion_history_page(
        &self,
        player: Uuid,
        now: DateTime<Utc>,
        limit: u64,
        cursor: Option<&str>,
    ) -> Result<Page<ExclusionView>, ComplianceError> {
        let after = Cursor::decode_opt(cursor)?;
        let limit = paging::clamp_limit(limit, MAX_HISTORY_ROWS);
        let rows = paging::newest_first(
            rg_exclusions::Entity::find().filter(rg_exclusions::Column::PlayerId.eq(player)),
            rg_exclusions::Column::CreatedAt,
            rg_exclusions::Column::Id,
            after,
            limit,
        )
        .all(self.engine.db())
        .await?;
        Ok(Page::of(
            rows,
            limit,
            |r| Cursor::new(r.created_at, r.id),
            |r| ExclusionView::from_row(&r, now),
        ))
    }

    /// Exclusions in force across all players, newest first (compliance):
    /// at most `limit` (1 to [`MAX_HISTORY_ROWS`]), the first page of
    /// [`Compliance::active_exclusions_page`].
    pub async fn active_exclusions(
        &self,
        now: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<(Uuid, String, ExclusionView)>, ComplianceError> {
        Ok(self.active_exclusions_page(now, limit, None).await?.items)
    }

    /// One page of the exclusions in force at `now` across all players,
    /// each with its player's id and e-mail, newest first: at most `limit`
    /// (1 to [`MAX_HISTORY_ROWS`]) older than `cursor` (a `next_cursor` of
    /// an earlier page; a malformed one is a validation failure on
    /// `cursor`). Compliance.
    pub async fn active_exclusions_page(
        &self,
        now: DateTime<Utc>,
        limit: u64,
        cursor: Option<&str>,
    ) -> Result<Page<(Uuid, String, ExclusionView)>, ComplianceError> {
        let after = Cursor::decode_opt(cursor)?;
        let limit = paging::clamp_limit(limit, MAX_HISTORY_ROWS);
        let db = self.engine.db();
        let in_force = rg_exclusions::Entity::find().filter(
            sea_orm::Condition::any()
                .add(rg_exclusions::Column::Until.is_null())
                .add(rg_exclusions::Column::Until.gt(now)),
        );
        let rows = paging::newest_first(
            in_force,
            rg_exclusions::Column::CreatedAt,
            rg_exclusions::Column::Id,
            after,
            limit,
        )
        .all(db)
        .await?;
        let ids: Vec<Uuid> = rows.iter().map(|r| r.player_id).collect();
        let emails: std::collections::HashMap<Uuid, String> = users::Entity::find()
            .filter(users::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.email))
            .collect();
        Ok(Page::of(
            rows,
            limit,
            |r| Cursor::new(r.created_at, r.id),
            |r| {
                (
                    r.player_id,
                    emails.get(&r.player_id).cloned().unwrap_or_default(),
                    ExclusionView::from_row(&r, now),
                )
            },
        ))
    }

    /// Refuses with `SelfExcluded` while an exclusion is in force.
    pub async fn ensure_not_excluded(
        &self,
        player: Uuid,
        now: DateTime<Utc>,
    ) -> Result<(), ComplianceError> {
        match self.active_exclusion(player, now).await? {
            Some(e) => Err(ComplianceError::SelfExcluded { until: e.until }),
            None => Ok(()),
        }
    }

    /// The check every deposit runs before money moves; see
    /// [`check_deposit`].
    pub async fn check_deposit(
        &self,
        player: Uuid,
        amount: Money,
        now: DateTime<Utc>,
    ) -> Result<(), ComplianceError> {
        check_deposit(self.engine.db(), player, amount, now).await
    }

    /// The check every bet and casino round runs before the stake moves,
    /// for the caller's session: no exclusion, no session break, no
    /// reality check waiting, and the wager and loss limits' headroom.
    /// Starts the session's play clock on first use.
    pub async fn check_play(
        &self,
        principal: &Principal,
        stake: Money,
        now: DateTime<Utc>,
    ) -> Result<(), ComplianceError> {
        let player = principal.user_id;
        self.ensure_not_excluded(player, now).await?;
        let state = self.session_state(principal, now).await?;
        if let Some(until) = state.break_until {
            return Err(ComplianceError::SessionBreak { until });
        }
        if let Some(rc) = &state.reality_check
            && rc.due
        {
            return Err(ComplianceError::RealityCheckDue { due_at: rc.due_at });
        }
        let db = self.engine.db();
        let limits = limits_in_force(db, player, now).await?;
        // Only wager and loss limits look at play: without one, every
        // stake is within limits and the month of activity is not read.
        if !limits
            .iter()
            .any(|l| matches!(l.kind, LimitKind::Wager | LimitKind::Loss))
        {
            return Ok(());
        }
        let activity = activity(db, player, now).await?;
        rules::check_bet(&limits, &activity, now, stake.minor()).map_err(|e| {
            ComplianceError::PlayLimitExceeded {
                kind: e.kind,
                period: e.period,
                remaining: Money::new(e.remaining_minor, stake.currency()),
            }
        })
    }

    /// Players whose e-mail contains `query` (compliance), at most 20.
    pub async fn find_players(
        &self,
        actor: &Principal,
        query: &str,
    ) -> Result<Vec<users::Model>, ComplianceError> {
        actor
            .require(&[Role::Compliance])
            .map_err(|_| ComplianceError::Forbidden)?;
        let query: String = query.trim().to_lowercase().chars().take(100).collect();
        Ok(users::Entity::find()
            .filter(users::Column::Email.contains(query.as_str()))
            .filter(users::Column::Roles.contains(Role::Player.code()))
            .order_by_asc(users::Column::Email)
            .limit(20)
            .all(self.engine.db())
            .await?)
    }

    /// A player's whole responsible-gaming record, for compliance.
    pub async fn history(
        &self,
        actor: &Principal,
        player: Uuid,
        now: DateTime<Utc>,
    ) -> Result<RgHistory, ComplianceError> {
        actor
            .require(&[Role::Compliance])
            .map_err(|_| ComplianceError::Forbidden)?;
        let user = load_player(self.engine.db(), player).await?;
        Ok(RgHistory {
            player_id: player,
            email: user.email,
            country: user.country,
            currency: user.currency,
            kyc_status: user.kyc_status,
            limits: self.limits(player, now).await?,
            limit_changes: self.limit_history(player).await?,
            exclusions: self.exclusion_history(player, now).await?,
            loss_alerts: self.loss_alerts(Some(player), MAX_HISTORY_ROWS).await?,
        })
    }
}

/// The check every deposit runs before money moves (the wallet's gate
/// calls it): no exclusion in force, KYC verified and the deposit-limit
/// prompt answered where the player's country requires it, and the deposit
/// limits' headroom in every rolling window.
pub async fn check_deposit<C: ConnectionTrait>(
    conn: &C,
    player: Uuid,
    amount: Money,
    now: DateTime<Utc>,
) -> Result<(), ComplianceError> {
    let user = load_player(conn, player).await?;
    if let Some(e) = rules::active_exclusion(&exclusions(conn, player).await?, now) {
        return Err(ComplianceError::SelfExcluded { until: e.until });
    }
    let jurisdiction = jurisdictions::rules_for(conn, &user.country).await?;
    if jurisdiction.kyc_required_before_first_deposit && user.kyc_status != "verified" {
        return Err(ComplianceError::KycRequired);
    }
    let limits = limits_in_force(conn, player, now).await?;
    if jurisdiction.deposit_limit_prompt_mandatory
        && !limits.iter().any(|l| l.kind == LimitKind::Deposit)
        && !session::prompt_answered(conn, player).await?
    {
        return Err(ComplianceError::DepositLimitPromptRequired);
    }
    let activity = activity(conn, player, now).await?;
    rules::check_deposit(&limits, &activity, now, amount.minor()).map_err(|e| {
        ComplianceError::DepositLimitExceeded {
            remaining: Money::new(e.remaining_minor, amount.currency()),
        }
    })
}

fn view(limit: &Limit, usage: &rules::WindowUsage, currency: Currency) -> LimitView {
    let used = usage.get(limit.period).used_minor(limit.kind);
    LimitView {
        kind: limit.kind.code().to_owned(),
        period: limit.period.code().to_owned(),
        amount: money(limit.amount_minor, currency),
        effective_at: limit.effective_at,
        pending: limit.pending.map(|p| PendingView {
            amount: p.amount_minor.map(|m| money(m, currency)),
            effective_at: p.effective_at,
        }),
        used: money(used, currency),
        remaining: money(limit.amount_minor.saturating_sub(used).max(0), currency),
    }
}

fn kind_rank(kind: &str) -> usize {
    LimitKind::ALL
        .iter()
        .position(|k| k.code() == kind)
        .unwrap_or(usize::MAX)
}

fn period_rank(period: &str) -> usize {
    LimitPeriod::ALL
        .iter()
        .position(|p| p.code() == period)
        .unwrap_or(usize::MAX)
}

/// Whole minutes as a `TimeDelta`, for settings stored as integers.
pub(crate) fn minutes(m: i32) -> TimeDelta {
    TimeDelta::minutes(i64::from(m))
}
