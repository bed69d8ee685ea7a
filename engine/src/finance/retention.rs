//! Retention of stored idempotency keys. A key answers replays of a
//! money-moving request; once no client can still retry it, it is only
//! weight. Hub88 may retry a callback for up to four months, so the server
//! refuses a retention shorter than that and purges daily.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use entity::idempotency_keys;

/// Deletes the idempotency keys stored before `cutoff`; returns how many.
/// The ledger rows they produced stay (they are the record); only the
/// replay answer goes, so a retry after the cutoff is a new request.
pub async fn purge_idempotency_keys(
    db: &DatabaseConnection,
    cutoff: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let done = idempotency_keys::Entity::delete_many()
        .filter(idempotency_keys::Column::CreatedAt.lt(cutoff))
        .exec(db)
        .await?;
    Ok(done.rows_affected)
}
