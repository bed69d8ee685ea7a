//! Back-office lists that belong to no single bounded context: every
//! registered user (players and staff) in numbered pages searchable by
//! e-mail prefix (the back-office pages), the players whose e-mail contains
//! a text (`GET /admin/players`), and the audit trail ([`crate::audit`]);
//! the last two page with the shared cursor ([`crate::paging`]). All are
//! for compliance (admins included); the caller's role is checked here,
//! whatever the adapter checked before.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::LikeExpr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Engine;
use crate::auth::{Principal, Role};
use crate::paging::{self, Cursor, InvalidCursor, Page};
use entity::{audit_log, users};

/// Deepest page [`Backoffice::users`] serves: deep pages are pointless for
/// a list people read; narrow the search instead.
pub const MAX_USERS_PAGE: u64 = 1_000;

/// Largest page size [`Backoffice::users`] accepts.
pub const MAX_USERS_PAGE_SIZE: u64 = 200;

/// Most rows one page of [`Backoffice::audit_log`] answers.
pub const MAX_AUDIT_ROWS: u64 = 500;

/// Most players one page of [`Backoffice::players`] answers.
pub const MAX_PLAYERS_PAGE: u64 = 100;

/// Failures of the back-office lists.
#[derive(Debug, thiserror::Error)]
pub enum BackofficeError {
    /// The caller is not compliance (or admin).
    #[error("forbidden")]
    Forbidden,
    /// A request field is wrong (422 `validation_failed` on `field`).
    #[error("{field}: {message}")]
    Validation {
        /// The field, e.g. `cursor`.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// Anything else (database).
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<InvalidCursor> for BackofficeError {
    fn from(e: InvalidCursor) -> Self {
        Self::Validation {
            field: paging::CURSOR_FIELD,
            message: e.to_string(),
        }
    }
}

impl From<sea_orm::DbErr> for BackofficeError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Unexpected(e.into())
    }
}

/// A registered user as the back office lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    /// User id.
    pub id: Uuid,
    /// E-mail address.
    pub email: String,
    /// Role codes, as stored.
    pub roles: Vec<String>,
    /// Country (ISO 3166-1 alpha-2).
    pub country: String,
    /// Wallet currency.
    pub currency: String,
    /// `unverified`, `pending`, `verified` or `rejected`.
    pub kyc_status: String,
    /// Registered.
    pub created_at: DateTime<Utc>,
}

/// One page of [`UserSummary`] rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersPage {
    /// Newest first.
    pub rows: Vec<UserSummary>,
    /// The zero-based page served (the one asked for, at most
    /// [`MAX_USERS_PAGE`]).
    pub page: u64,
    /// True when a further page has rows.
    pub has_more: bool,
}

/// One row of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Row id.
    pub id: Uuid,
    /// Who acted; `None` for the system.
    pub actor_id: Option<Uuid>,
    /// What was done, e.g. `player.kyc_submitted`.
    pub action: String,
    /// What it was done to, e.g. `user:<id>`.
    pub subject: String,
    /// Details, a JSON document.
    pub details: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// The back-office lists bound to an engine.
pub struct Backoffice<'a> {
    engine: &'a Engine,
}

impl From<users::Model> for UserSummary {
    fn from(u: users::Model) -> Self {
        Self {
            id: u.id,
            email: u.email,
            roles: u.roles.split_whitespace().map(str::to_owned).collect(),
            country: u.country,
            currency: u.currency,
            kyc_status: u.kyc_status,
            created_at: u.created_at,
        }
    }
}

impl From<audit_log::Model> for AuditEntry {
    fn from(r: audit_log::Model) -> Self {
        Self {
            id: r.id,
            actor_id: r.actor_id,
            action: r.action,
            subject: r.subject,
            details: r.details,
            created_at: r.created_at,
        }
    }
}

/// A `LIKE` pattern matching `text` literally (`\` escapes `%` and `_`),
/// wrapped in `before` and `after` (`%` or nothing).
fn like(before: &str, text: &str, after: &str) -> LikeExpr {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    LikeExpr::new(format!("{before}{escaped}{after}")).escape('\\')
}

impl<'a> Backoffice<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Self {
        Self { engine }
    }

    /// Registered users, newest first, `page_size` a page (1 to
    /// [`MAX_USERS_PAGE_SIZE`]), page `page` (zero-based, at most
    /// [`MAX_USERS_PAGE`]); only those whose e-mail starts with
    /// `email_prefix` (case-insensitive) unless it is blank. Compliance.
    pub async fn users(
        &self,
        actor: &Principal,
        email_prefix: &str,
        page: u64,
        page_size: u64,
    ) -> Result<UsersPage, BackofficeError> {
        actor
            .require(&[Role::Compliance])
            .map_err(|_| BackofficeError::Forbidden)?;
        let page = page.min(MAX_USERS_PAGE);
        let page_size = page_size.clamp(1, MAX_USERS_PAGE_SIZE);
        // E-mail addresses are stored lower-case.
        let prefix: String = email_prefix
            .trim()
            .to_lowercase()
            .chars()
            .take(254)
            .collect();
        let mut query = users::Entity::find()
            .order_by_desc(users::Column::CreatedAt)
            .order_by_desc(users::Column::Id);
        if !prefix.is_empty() {
            query = query.filter(users::Column::Email.like(like("", &prefix, "%")));
        }
        let mut rows = query
            .offset(page * page_size)
            .limit(page_size + 1)
            .all(self.engine.db())
            .await?;
        let has_more = rows.len() as u64 > page_size;
        rows.truncate(usize::try_from(page_size).unwrap_or(usize::MAX));
        Ok(UsersPage {
            rows: rows.into_iter().map(UserSummary::from).collect(),
            page,
            has_more,
        })
    }

    /// One page of the players (users holding the player role) whose
    /// e-mail contains `email_part` (case-insensitive; blank: all), newest
    /// registration first: at most `limit` (1 to [`MAX_PLAYERS_PAGE`])
    /// after `cursor` (a `next_cursor` of an earlier page; a malformed one
    /// is a validation failure on `cursor`). Compliance.
    pub async fn players(
        &self,
        actor: &Principal,
        email_part: &str,
        limit: u64,
        cursor: Option<&str>,
    ) -> Result<Page<UserSummary>, BackofficeError> {
        actor
            .require(&[Role::Compliance])
            .map_err(|_| BackofficeError::Forbidden)?;
        let after = Cursor::decode_opt(cursor)?;
        let limit = paging::clamp_limit(limit, MAX_PLAYERS_PAGE);
        // E-mail addresses are stored lower-case.
        let part: String = email_part.trim().to_lowercase().chars().take(254).collect();
        let mut query = users::Entity::find().filter(users::Column::Roles.like(like(
            "%",
            Role::Player.code(),
            "%",
        )));
        if !part.is_empty() {
            query = query.filter(users::Column::Email.like(like("%", &part, "%")));
        }
        let rows = paging::newest_first(
            query,
            users::Column::CreatedAt,
            users::Column::Id,
            after,
            limit,
        )
        .all(self.engine.db())
        .await?;
        Ok(Page::of(
            rows,
            limit,
            |u| Cursor::new(u.created_at, u.id),
            UserSummary::from,
        ))
    }

    /// One page of the audit trail, newest first: at most `limit` rows (1
    /// to [`MAX_AUDIT_ROWS`]) older than `cursor` (a `next_cursor` of an
    /// earlier page; a malformed one is a validation failure on `cursor`).
    /// Compliance.
    pub async fn audit_log(
        &self,
        actor: &Principal,
        limit: u64,
        cursor: Option<&str>,
    ) -> Result<Page<AuditEntry>, BackofficeError> {
        actor
            .require(&[Role::Compliance])
            .map_err(|_| BackofficeError::Forbidden)?;
        let after = Cursor::decode_opt(cursor)?;
        let limit = paging::clamp_limit(limit, MAX_AUDIT_ROWS);
        let rows = paging::newest_first(
            audit_log::Entity::find(),
            audit_log::Column::CreatedAt,
            audit_log::Column::Id,
            after,
            limit,
        )
        .all(self.engine.db())
        .await?;
        Ok(Page::of(
            rows,
            limit,
            |r| Cursor::new(r.created_at, r.id),
            AuditEntry::from,
        ))
    }
}
