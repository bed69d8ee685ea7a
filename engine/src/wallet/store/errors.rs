//! Classifying database errors: transient conflicts worth a retry (and
//! the retry itself), refusals, the guard's refusal and SQLSTATEs.

use super::*;

/// True for errors worth retrying: lock waits that timed out, SQLite busy,
/// PostgreSQL serialization failures and deadlocks.
pub fn is_transient(e: &DbErr) -> bool {
    // PostgreSQL by SQLSTATE: serialization failure, deadlock, lock not
    // available.
    if matches!(sql_state(e).as_deref(), Some("40001" | "40P01" | "55P03")) {
        return true;
    }
    let text = e.to_string().to_ascii_lowercase();
    [
        "database is locked",
        "database table is locked",
        "sqlite_busy",
        "deadlock detected",
        "could not serialize",
        "40001",
        "40p01",
        "pool timed out",
    ]
    .iter()
    .any(|needle| text.contains(needle))
}

/// Waits a little longer after each failed attempt (bounded, with jitter so
/// retries do not collide again).
pub async fn backoff(attempt: u32) {
    let base = 5u64 * u64::from(Ord::min(attempt, 6));
    let jitter = rand::random::<u64>() % 10;
    tokio::time::sleep(Duration::from_millis(base + jitter)).await;
}

/// Runs `$body` (an expression producing a `Result<_, WalletError>` future)
/// until it succeeds, fails for good, or [`MAX_ATTEMPTS`] run out.
macro_rules! with_retry {
    ($body:expr) => {{
        let mut attempt = 1u32;
        loop {
            match $body.await {
                Err(e) if e.is_retryable() && attempt < $crate::wallet::store::MAX_ATTEMPTS => {
                    $crate::wallet::store::backoff(attempt).await;
                    attempt += 1;
                }
                other => break other,
            }
        }
    }};
}
pub(crate) use with_retry;

/// True when the server refused the statement with an error, so nothing of
/// it stays ([`crate::db::refused`]); false for an error that ended the
/// session or when no answer came, after which whether it committed is not
/// known.
pub fn is_refusal(e: &DbErr) -> bool {
    sqlx_error(e).is_some_and(crate::db::refused)
}

/// True when `e` is the guard of a guarded append refusing its statement
/// ([`guarded_answer`]): nothing of it was written.
pub fn is_guard_refusal(e: &DbErr) -> bool {
    sql_state(e).as_deref() == Some("CRW01")
}

/// The SQLSTATE of a database error the server answered, if it is one.
pub fn sql_state(e: &DbErr) -> Option<String> {
    sqlx_error(e)?
        .as_database_error()
        .and_then(|d| d.code())
        .map(|c| c.into_owned())
}

/// The driver's error under a statement's `DbErr`, if it has one.
fn sqlx_error(e: &DbErr) -> Option<&sea_orm::sqlx::Error> {
    match e {
        DbErr::Query(sea_orm::RuntimeErr::SqlxError(e))
        | DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e)) => Some(e),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lock_conflicts_count_as_transient() {
        assert!(is_transient(&DbErr::Custom(
            "database is locked".to_owned()
        )));
        assert!(is_transient(&DbErr::Custom(
            "error returned from database: deadlock detected".to_owned()
        )));
        assert!(!is_transient(&DbErr::Custom("syntax error".to_owned())));
    }
}
