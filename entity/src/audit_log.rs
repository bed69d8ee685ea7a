//! `audit_log`: who did what to whom, for back-office actions. Append-only.

use sea_orm::entity::prelude::*;

/// One audit row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    /// UUID v7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The acting user, if any (None for the system).
    pub actor_id: Option<Uuid>,
    /// Dotted action code, e.g. `user.bootstrap_admin`.
    pub action: String,
    /// What the action was about, e.g. `user:{id}`.
    pub subject: String,
    /// JSON details.
    pub details: String,
    /// When.
    pub created_at: DateTimeUtc,
}

/// Relations of `audit_log`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
