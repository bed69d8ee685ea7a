//! Connecting to the database (SQLite or PostgreSQL) and migrating it,
//! and the small statement helpers every store shares. Batched inserts and
//! gathered writes ([`Writes`], [`insert_all`]) live in `writes` (their
//! placeholder renumbering in `renumber`), kept PostgreSQL connections
//! ([`Kept`]) in `kept`.

mod kept;
mod renumber;
mod writes;

use std::time::Duration;

use anyhow::Context as _;
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ColumnTrait, Condition, ConnectOptions, Database, DatabaseBackend, DatabaseConnection, DbErr,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};

pub use kept::{Kept, refused};
pub use writes::{Writes, insert_all};

/// How long an SQLite writer waits for the write lock before failing.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a pooled connection may sit idle before its next checkout
/// tests it.
const IDLE_BEFORE_PING: Duration = Duration::from_secs(10);

/// Connects to `url`, creating the SQLite file (and its folder) when needed,
/// with WAL and foreign keys on SQLite.
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    let mut url = url.to_owned();
    if let Some(path) = sqlite_path(&url) {
        if let Some(dir) = std::path::Path::new(&path).parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("creating the database folder {}", dir.display()))?;
        }
        if !url.contains("mode=") {
            url.push_str(if url.contains('?') {
                "&mode=rwc"
            } else {
                "?mode=rwc"
            });
        }
    }
    let mut options = ConnectOptions::new(url.clone());
    options
        .max_connections(if url.starts_with("sqlite") { 8 } else { 32 })
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30))
        // A connection is checked (one round trip) only when it sat idle
        // long enough for the server or a proxy to have dropped it; the
        // default pings on every checkout, a round trip more for each
        // statement run outside a transaction.
        .test_before_acquire_if_idle_for(IDLE_BEFORE_PING)
        .sqlx_logging(false)
        // Per-connection settings for every SQLite connection of the pool
        // (a PRAGMA run once would reach only one of them): WAL lets
        // readers run beside the one writer, the busy timeout makes a
        // second writer wait instead of failing, foreign keys are enforced.
        .map_sqlx_sqlite_opts(|o| {
            use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
            o.journal_mode(SqliteJournalMode::Wal)
                .foreign_keys(true)
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
                .synchronous(SqliteSynchronous::Normal)
        });
    let db = Database::connect(options)
        .await
        .with_context(|| format!("connecting to {}", redact(&url)))?;
    Ok(db)
}

/// Begins a transaction that will write. On SQLite it is `BEGIN IMMEDIATE`:
/// the write lock is taken up front, so a concurrent writer waits (up to the
/// busy timeout) instead of failing when a deferred transaction that has
/// already read tries to upgrade to a writer. Elsewhere a plain `BEGIN`.
pub async fn begin_write<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await.context("running migrations")
}

/// Connects to `url` ([`connect`]) with every migration applied
/// ([`migrate`]). On SQLite the pool that migrated is closed and a fresh one
/// opened: a pooled connection that opened while the migrations ran keeps
/// the schema it loaded then for the statements it prepares outside a
/// transaction, and an upsert prepared against a table whose unique index
/// it has not seen fails ("ON CONFLICT clause does not match any PRIMARY
/// KEY or UNIQUE constraint") instead of being prepared again.
pub async fn connect_migrated(url: &str) -> anyhow::Result<DatabaseConnection> {
    let db = connect(url).await?;
    migrate(&db).await?;
    if sqlite_path(url).is_none() {
        return Ok(db);
    }
    db.close()
        .await
        .context("closing the migrating connections")?;
    connect(url).await
}

/// True when the database has no users yet (used to decide on demo content).
pub async fn is_empty(db: &DatabaseConnection) -> anyhow::Result<bool> {
    use sea_orm::{EntityTrait, PaginatorTrait};
    Ok(entity::users::Entity::find().count(db).await? == 0)
}

/// A PostgreSQL statement of hand-written SQL (`$n` placeholders) and its
/// parameters, for the statements that bind whole arrays. One to gather
/// ([`Writes`]) must have its text written in code, without comments,
/// dollar quotes or escape strings.
pub fn postgres(sql: String, values: Vec<sea_orm::Value>) -> Statement {
    Statement::from_sql_and_values(DatabaseBackend::Postgres, sql, values)
}

/// `values` as one array parameter (PostgreSQL), e.g. a column of an
/// `UNNEST`.
pub fn array<T>(values: impl IntoIterator<Item = T>) -> sea_orm::Value
where
    Vec<T>: Into<sea_orm::Value>,
{
    values.into_iter().collect::<Vec<T>>().into()
}

/// `column IN (values…)`; on PostgreSQL `column = ANY($1)` with the values
/// as one array (one parameter and one statement text however many there
/// are, where a long `IN` list is parsed anew each time).
pub fn one_of<C, V>(backend: DatabaseBackend, column: C, values: Vec<V>) -> Condition
where
    C: ColumnTrait,
    V: Into<sea_orm::Value>,
    Vec<V>: Into<sea_orm::Value>,
{
    use sea_orm::sea_query::{Expr, ExprTrait, extension::postgres::PgFunc};
    if values.len() == 1 {
        // One value: `column IN ($1)`, which PostgreSQL plans once per
        // connection; for the array it kept planning every execution anew
        // (a lone wallet command's chain lock spent 55 µs of it).
        return Condition::all().add(column.is_in(values));
    }
    if backend == DatabaseBackend::Postgres {
        Condition::all()
            .add(Expr::col((column.entity_name(), column)).eq(PgFunc::any(Expr::val(values))))
    } else {
        Condition::all().add(column.is_in(values))
    }
}

/// The file path of an SQLite URL, or None for other databases and memory.
pub fn sqlite_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        None
    } else {
        Some(path.to_owned())
    }
}

/// The URL without its password, for logs and errors.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme + 3],
                    &creds[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_sqlite_url_names_its_file() {
        assert_eq!(
            sqlite_path("sqlite://data/x.db?mode=rwc").as_deref(),
            Some("data/x.db")
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://a@b/c"), None);
    }

    #[tokio::test]
    async fn every_pooled_sqlite_connection_has_the_settings() {
        use sea_orm::{ConnectionTrait, Statement};
        let path = std::env::temp_dir().join(format!("croupier-db-{}.db", uuid::Uuid::now_v7()));
        let db = connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        // Hold several connections at once so the checks run on different ones.
        let txns = futures::future::join_all((0..4).map(|_| db.begin())).await;
        drop(txns);
        let checks = (0..8).map(|_| async {
            let row = db
                .query_one_raw(Statement::from_string(
                    db.get_database_backend(),
                    "SELECT (SELECT foreign_keys FROM pragma_foreign_keys) AS fk, \
                     (SELECT timeout FROM pragma_busy_timeout) AS busy, \
                     (SELECT journal_mode FROM pragma_journal_mode) AS jm",
                ))
                .await
                .unwrap()
                .unwrap();
            (
                row.try_get::<i64>("", "fk").unwrap(),
                row.try_get::<i64>("", "busy").unwrap(),
                row.try_get::<String>("", "jm").unwrap(),
            )
        });
        for (fk, busy, jm) in futures::future::join_all(checks).await {
            assert_eq!((fk, busy, jm.as_str()), (1, 30_000, "wal"));
        }
        db.close().await.unwrap();
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }

    #[test]
    fn a_password_never_reaches_the_logs() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
    }
}
