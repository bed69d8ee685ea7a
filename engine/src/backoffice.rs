//! Back-office lists that belong to no single bounded context: every
//! registered user (players and staff), paged and searchable by e-mail
//! prefix, and the latest rows of the audit trail ([`crate::audit`]).
//! Both are for compliance (admins included); the caller's role is checked
//! here, whatever the adapter checked before.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::LikeExpr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Engine;
use crate::auth::{Principal, Role};
use entity::{audit_log, users};

/// Deepest page [`Backoffice::users`] serves: deep pages are pointless for
/// a list people read; narrow the search instead.
pub const MAX_USERS_PAGE: u64 = 1_000;

/// Largest page size [`Backoffice::users`] accepts.
pub const MAX_USERS_PAGE_SIZE: u64 = 200;

/// Most rows [`Backoffice::audit_log`] answers.
pub const MAX_AUDIT_ROWS: u64 = 500;

/// Failures of the back-office lists.
#[derive(Debug, thiserror::Error)]
pub enum BackofficeError {
    /// The caller is not compliance (or admin).
    #[error("forbidden")]
    Forbidden,
    /// Anything else (database).
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
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
            let escaped = prefix
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            query = query.filter(
                users::Column::Email.like(LikeExpr::new(format!("{escaped}%")).escape('\\')),
            );
        }
        let mut rows = query
            .offset(page * page_size)
            .limit(page_size + 1)
            .all(self.engine.db())
            .await?;
        let has_more = rows.len() as u64 > page_size;
        rows.truncate(usize::try_from(page_size).unwrap_or(usize::MAX));
        Ok(UsersPage {
            rows: rows
                .into_iter()
                .map(|u| UserSummary {
                    id: u.id,
                    email: u.email,
                    roles: u.roles.split_whitespace().map(str::to_owned).collect(),
                    country: u.country,
                    currency: u.currency,
                    kyc_status: u.kyc_status,
                    created_at: u.created_at,
                })
                .collect(),
            page,
            has_more,
        })
    }

    /// The latest `limit` rows of the audit trail (at most
    /// [`MAX_AUDIT_ROWS`]), newest first. Compliance.
    pub async fn audit_log(
        &self,
        actor: &Principal,
        limit: u64,
    ) -> Result<Vec<AuditEntry>, BackofficeError> {
        actor
            .require(&[Role::Compliance])
            .map_err(|_| BackofficeError::Forbidden)?;
        Ok(audit_log::Entity::find()
            .order_by_desc(audit_log::Column::CreatedAt)
            .order_by_desc(audit_log::Column::Id)
            .limit(limit.min(MAX_AUDIT_ROWS))
            .all(self.engine.db())
            .await?
            .into_iter()
            .map(|r| AuditEntry {
                id: r.id,
                actor_id: r.actor_id,
                action: r.action,
                subject: r.subject,
                details: r.details,
                created_at: r.created_at,
            })
            .collect())
    }
}
