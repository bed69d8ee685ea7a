//! The audit trail: an append-only record of back-office and system actions.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use uuid::Uuid;

/// Appends one audit row, made `at` (the engine's time), in the caller's
/// connection or transaction.
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    at: DateTime<Utc>,
    actor: Option<Uuid>,
    action: &str,
    subject: &str,
    details: serde_json::Value,
) -> Result<(), DbErr> {
    entity::audit_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        actor_id: Set(actor),
        action: Set(action.to_owned()),
        subject: Set(subject.to_owned()),
        details: Set(details.to_string()),
        created_at: Set(at),
    }
    .insert(conn)
    .await?;
    Ok(())
}
