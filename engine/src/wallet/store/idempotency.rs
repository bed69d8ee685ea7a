//! Idempotency: stored answers to idempotent requests.

use super::*;

/// A stored answer to an idempotent request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    /// HTTP status of the first answer.
    pub status: u16,
    /// Its JSON body.
    pub body: serde_json::Value,
}

/// Looks the key up under the chain lock: the stored answer for the same
/// request, `IdempotencyKeyReused` for a different one, None when new.
pub async fn find_idempotent<C: ConnectionTrait>(
    conn: &C,
    idem: &Idempotency,
) -> Result<Option<StoredAnswer>, WalletError> {
    idempotency_keys::Entity::find_by_id((idem.scope.clone(), idem.key.clone()))
        .one(conn)
        .await?
        .map(|row| stored_answer(row, idem))
        .transpose()
}

/// A stored key's answer to `idem`: its answer for the same request,
/// `IdempotencyKeyReused` for a different one.
pub fn stored_answer(
    row: idempotency_keys::Model,
    idem: &Idempotency,
) -> Result<StoredAnswer, WalletError> {
    if row.request_hash != idem.request_hash {
        return Err(WalletError::IdempotencyKeyReused);
    }
    Ok(StoredAnswer {
        status: u16::try_from(row.response_status).unwrap_or(200),
        body: serde_json::from_str(&row.response_body)
            .map_err(|e| anyhow::anyhow!("stored idempotent answer is not JSON: {e}"))?,
    })
}

/// Stores the answer with the effect, in the same transaction. A concurrent
/// request that stored the same key first makes this one retry (and then
/// replay).
pub async fn store_idempotent<C: ConnectionTrait>(
    conn: &C,
    idem: &Idempotency,
    body: &serde_json::Value,
    at: DateTime<Utc>,
) -> Result<(), WalletError> {
    store_idempotent_many(conn, vec![idempotency_row(idem, body, at)]).await
}

/// The row storing `body` as the answer to `idem`, stored `at` (the
/// engine's time; the retention of stored answers counts from it).
pub fn idempotency_row(
    idem: &Idempotency,
    body: &serde_json::Value,
    at: DateTime<Utc>,
) -> idempotency_keys::ActiveModel {
    idempotency_keys::ActiveModel {
        scope: Set(idem.scope.clone()),
        key: Set(idem.key.clone()),
        request_hash: Set(idem.request_hash.clone()),
        response_status: Set(i32::from(idem.status)),
        response_body: Set(body.to_string()),
        created_at: Set(at),
    }
}

/// [`store_idempotent`] for many answers in one statement: `Conflict` when
/// any key was stored meanwhile.
pub async fn store_idempotent_many<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<idempotency_keys::ActiveModel>,
) -> Result<(), WalletError> {
    if rows.is_empty() {
        return Ok(());
    }
    crate::db::insert_all(conn, rows)
        .await
        .map_err(conflict_or_error)
}

/// [`store_idempotent_many`], gathered into `writes` (to run with
/// [`run_writes`]).
pub async fn gather_idempotent<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<idempotency_keys::ActiveModel>,
    writes: &mut Writes,
) -> Result<(), WalletError> {
    writes
        .insert_all(conn, rows)
        .await
        .map_err(conflict_or_error)
}

/// A unique key's violation (an idempotency key stored by another request
/// since the lookup) as `Conflict`, which the retry replays.
pub(super) fn conflict_or_error(e: DbErr) -> WalletError {
    if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
        WalletError::Conflict
    } else {
        e.into()
    }
}

/// Replaces a stored answer's body (a withdrawal whose provider answered
/// while the request was still open).
pub async fn update_idempotent<C: ConnectionTrait>(
    conn: &C,
    idem: &Idempotency,
    body: &serde_json::Value,
) -> Result<(), WalletError> {
    idempotency_keys::Entity::update_many()
        .col_expr(
            idempotency_keys::Column::ResponseBody,
            Expr::value(body.to_string()),
        )
        .filter(idempotency_keys::Column::Scope.eq(idem.scope.clone()))
        .filter(idempotency_keys::Column::Key.eq(idem.key.clone()))
        .exec(conn)
        .await?;
    Ok(())
}
