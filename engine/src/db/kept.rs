//! PostgreSQL connections kept between statements that run on their own
//! ([`Kept`]), and reading a database error's severity ([`refused`]).

use sea_orm::sqlx::{self, Postgres, pool::PoolConnection};
use sea_orm::{DatabaseConnection, DatabaseConnectionType, DbErr, QueryResult, Statement};

use super::IDLE_BEFORE_PING;

/// Most connections a [`Kept`] holds.
const MAX_KEPT: usize = 8;

/// PostgreSQL connections kept between statements that run on their own
/// (each its own transaction), for a caller that runs many of them in a
/// row: sqlx checks every connection going back to its pool with a round
/// trip (one more per statement, and a wake-up of the server's process);
/// one kept here skips it. A connection is kept only after a statement the
/// server answered (done or refused: the connection is between
/// statements); one that sat idle longer than [`IDLE_BEFORE_PING`] goes
/// back to the pool, which checks it before its next use, and a fresh one
/// comes from the pool instead.
#[derive(Default)]
pub struct Kept(std::sync::Mutex<Vec<(PoolConnection<Postgres>, std::time::Instant)>>);

impl Kept {
    /// Runs `statement` on a kept connection (or one from `db`'s pool) and
    /// returns its rows. A pool that cannot give a connection is
    /// [`DbErr::ConnectionAcquire`], as for a pooled statement: nothing was
    /// sent.
    pub async fn query_all(
        &self,
        db: &DatabaseConnection,
        statement: Statement,
    ) -> Result<Vec<QueryResult>, DbErr> {
        let mut conn = match self.take() {
            Some(conn) => conn,
            None => {
                if !matches!(
                    db.inner,
                    DatabaseConnectionType::SqlxPostgresPoolConnection(_)
                ) {
                    return Err(DbErr::Custom(
                        "a kept connection is for PostgreSQL only".to_owned(),
                    ));
                }
                db.get_postgres_connection_pool()
                    .acquire()
                    .await
                    .map_err(acquire_error)?
            }
        };
        let values = statement
            .values
            .unwrap_or_else(|| sea_orm::sea_query::Values(Vec::new()));
        let outcome = sqlx::query_with(
            sqlx::AssertSqlSafe(statement.sql),
            sea_query_sqlx::SqlxValues(values),
        )
        .fetch_all(&mut *conn)
        .await;
        match &outcome {
            // Answered: the connection is between statements.
            Ok(_) => self.put(conn),
            Err(e) if refused(e) => self.put(conn),
            // Ended (a FATAL answer), broken, or in an unknown state: back
            // to the pool, which checks it.
            Err(_) => drop(conn),
        }
        match outcome {
            Ok(rows) => Ok(rows.into_iter().map(QueryResult::from).collect()),
            Err(e) => Err(DbErr::Query(sea_orm::RuntimeErr::SqlxError(
                std::sync::Arc::new(e),
            ))),
        }
    }

    /// A kept connection that has not sat idle too long (those found are
    /// let go to the pool).
    fn take(&self) -> Option<PoolConnection<Postgres>> {
        let mut kept = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        while let Some((conn, since)) = kept.pop() {
            if since.elapsed() < IDLE_BEFORE_PING {
                return Some(conn);
            }
            drop(conn);
        }
        None
    }

    fn put(&self, conn: PoolConnection<Postgres>) {
        let mut kept = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if kept.len() < MAX_KEPT {
            kept.push((conn, std::time::Instant::now()));
        }
    }
}

impl Drop for Kept {
    fn drop(&mut self) {
        // A pooled connection goes back through a task of the runtime
        // (sqlx panics with none); outside one (a process ending after
        // its runtime) the connections go with the process.
        if tokio::runtime::Handle::try_current().is_err() {
            let kept = std::mem::take(
                self.0
                    .get_mut()
                    .unwrap_or_else(std::sync::PoisonError::into_inner),
            );
            for (conn, _) in kept {
                std::mem::forget(conn);
            }
        }
    }
}

/// True when the server refused a statement with an error: the statement
/// (its own transaction, or the transaction it ran in) rolled back whole,
/// and the connection goes on. Not so for a FATAL or PANIC answer (the
/// server ends the session, and can do so right after a commit, before it
/// says the statement is done) nor when no answer came.
pub fn refused(e: &sqlx::Error) -> bool {
    use sqlx::postgres::{PgDatabaseError, PgSeverity};
    let sqlx::Error::Database(e) = e else {
        return false;
    };
    match e.try_downcast_ref::<PgDatabaseError>() {
        Some(pg) => matches!(pg.severity(), PgSeverity::Error),
        // SQLite answers errors only for the statement.
        None => true,
    }
}

/// A pool's failure to give a connection, as sea-orm reports it.
fn acquire_error(e: sqlx::Error) -> DbErr {
    match e {
        sqlx::Error::PoolTimedOut => {
            DbErr::ConnectionAcquire(sea_orm::error::ConnAcquireErr::Timeout)
        }
        sqlx::Error::PoolClosed => {
            DbErr::ConnectionAcquire(sea_orm::error::ConnAcquireErr::ConnectionClosed)
        }
        other => DbErr::Conn(sea_orm::RuntimeErr::SqlxError(std::sync::Arc::new(other))),
    }
}
