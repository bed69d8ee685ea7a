//! Connecting to the database (SQLite or PostgreSQL) and migrating it.

use std::fmt::Write as _;
use std::time::Duration;

use anyhow::Context as _;
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::{self, Postgres, pool::PoolConnection};
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, Condition, ConnectOptions, ConnectionTrait,
    Database, DatabaseBackend, DatabaseConnection, DatabaseConnectionType, DbErr, EntityName,
    EntityTrait, IdenStatic, IntoActiveModel, Iterable, QueryResult, SqliteTransactionMode,
    Statement, TransactionOptions, TransactionTrait,
};

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

/// True when the database has no users yet (used to decide on demo content).
pub async fn is_empty(db: &DatabaseConnection) -> anyhow::Result<bool> {
    use sea_orm::{EntityTrait, PaginatorTrait};
    Ok(entity::users::Entity::find().count(db).await? == 0)
}

/// Bound parameters per insert statement where rows go as `VALUES` lists
/// (SQLite's bound is 32,766; staying well under it keeps statements
/// small).
const MAX_PARAMS: usize = 8_000;

/// Rows per statement on PostgreSQL, where each column goes as one array.
const ARRAY_ROWS: usize = 10_000;

/// Inserts `rows` (each setting the same columns) in `conn`'s transaction
/// with as few statements as the database allows: on PostgreSQL one
/// `INSERT … SELECT FROM UNNEST(…)` per [`ARRAY_ROWS`] rows, each column
/// bound as one array (one statement text whatever the row count, so it
/// is prepared once, and no parse of thousands of placeholders);
/// elsewhere, or for a column type without arrays, `VALUES` lists of at
/// most [`MAX_PARAMS`] parameters.
pub async fn insert_all<A, C>(conn: &C, mut rows: Vec<A>) -> Result<(), DbErr>
where
    A: ActiveModelTrait + Send,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
    C: ConnectionTrait,
{
    let postgres = conn.get_database_backend() == DatabaseBackend::Postgres;
    let columns = <A::Entity as EntityTrait>::Column::iter().count().max(1);
    let chunk = if postgres {
        ARRAY_ROWS
    } else {
        (MAX_PARAMS / columns).max(1)
    };
    while !rows.is_empty() {
        let rest = rows.split_off(rows.len().min(chunk));
        match postgres.then(|| unnest_insert(&rows)).flatten() {
            Some(statement) => {
                conn.execute_raw(statement).await?;
            }
            None => {
                A::Entity::insert_many(rows)
                    .exec_without_returning(conn)
                    .await?;
            }
        }
        rows = rest;
    }
    Ok(())
}

/// Writes gathered so that they reach the database together at the end of
/// a transaction's work: on PostgreSQL as one statement, each write a
/// data-modifying `WITH` part (one round trip instead of one per write);
/// elsewhere each runs at once.
///
/// The gathered writes run together and cannot see one another's effects
/// (nor can anything in the transaction see them before [`Writes::run`]),
/// except through a named part's `RETURNING` rows ([`Writes::push_named`]),
/// which later parts and the [`Writes::returning`] query may read: gather
/// only writes to rows that nothing reads or writes again before it, such
/// as new ledger rows, outbox events and stored answers.
///
/// Every gathered statement must be SQL this crate writes ([`postgres`] of
/// a statement text built in code, never one holding input; or
/// [`insert_all`]'s): to make one statement of several, their `$n`
/// placeholders are renumbered by reading the text, which understands only
/// identifiers, `'…'` strings, `"…"` identifiers and `$n`. A text with a
/// comment (`--`, `/*`), a dollar quote (`$$`, `$tag$`) or an escape string
/// (`E'…'`) could hide a `$n` or show a false one, so it is refused rather
/// than numbered wrong: [`Writes::run`] fails, [`Writes::into_statement`]
/// answers None.
#[derive(Default)]
pub struct Writes {
    pending: Vec<(Option<&'static str>, Statement)>,
    returning: Option<Statement>,
    /// Never write at once: a write that cannot be gathered is an error.
    strict: bool,
}

impl Writes {
    /// Writes that must all reach the database in the one statement (a
    /// statement that is its own transaction): where [`Writes::insert_all`]
    /// would write at once (not PostgreSQL, a column without an array
    /// binding), it fails instead.
    pub fn all_in_one() -> Self {
        Self {
            strict: true,
            ..Self::default()
        }
    }

    fn at_once(&self) -> Result<(), DbErr> {
        if self.strict {
            Err(DbErr::Custom(
                "a write that must be gathered cannot be (not PostgreSQL, or a column without \
                 an array binding)"
                    .to_owned(),
            ))
        } else {
            Ok(())
        }
    }

    /// [`insert_all`], gathered.
    pub async fn insert_all<A, C>(&mut self, conn: &C, mut rows: Vec<A>) -> Result<(), DbErr>
    where
        A: ActiveModelTrait + Send,
        <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
        C: ConnectionTrait,
    {
        if conn.get_database_backend() != DatabaseBackend::Postgres {
            self.at_once()?;
            return insert_all(conn, rows).await;
        }
        while !rows.is_empty() {
            let rest = rows.split_off(rows.len().min(ARRAY_ROWS));
            match unnest_insert(&rows) {
                Some(statement) => self.push(statement),
                // A column this cannot bind as an array: on its own.
                None => {
                    self.at_once()?;
                    insert_all(conn, rows).await?;
                }
            }
            rows = rest;
        }
        Ok(())
    }

    /// Gathers a PostgreSQL `statement` ([`postgres`]; SQL this crate
    /// writes, see [`Writes`]).
    pub fn push(&mut self, statement: Statement) {
        self.pending.push((None, statement));
    }

    /// Gathers a PostgreSQL `statement` as the `WITH` part `name`, whose
    /// `RETURNING` rows the parts gathered after it and the
    /// [`Writes::returning`] query can read by that name (SQL this crate
    /// writes, see [`Writes`]).
    pub fn push_named(&mut self, name: &'static str, statement: Statement) {
        debug_assert!(
            !self.pending.iter().any(|(n, _)| *n == Some(name)),
            "two gathered parts named {name}"
        );
        self.pending.push((Some(name), statement));
    }

    /// Makes the gathered statement answer the rows of `select` (a
    /// PostgreSQL query, which may read named parts; SQL this crate writes,
    /// see [`Writes`]), which [`Writes::run`] returns.
    pub fn returning(&mut self, select: Statement) {
        self.returning = Some(select);
    }

    /// Runs what was gathered, in one statement, and returns the rows of
    /// its [`Writes::returning`] query (none without one). Until then
    /// nothing is written: a caller runs it before its commit (an error on
    /// the way drops it with the rolled-back transaction). Fails without
    /// sending anything when a gathered text cannot be renumbered
    /// ([`Writes`]).
    pub async fn run<C: ConnectionTrait>(
        self,
        conn: &C,
    ) -> Result<Vec<sea_orm::QueryResult>, DbErr> {
        let answers = self.returning.is_some();
        match combined(self.pending, self.returning)? {
            Some(statement) if answers => conn.query_all_raw(statement).await,
            Some(statement) => conn.execute_raw(statement).await.map(|_| Vec::new()),
            None => Ok(Vec::new()),
        }
    }

    /// What was gathered as one statement (answering the rows of its
    /// [`Writes::returning`] query, if any); None when there is nothing to
    /// run. For a caller that runs it itself ([`Kept`]). None as well,
    /// rather than a statement numbered wrong, when a gathered text cannot
    /// be renumbered ([`Writes`]; a debug build panics, [`Writes::run`]
    /// reports it as an error).
    pub fn into_statement(self) -> Option<Statement> {
        match combined(self.pending, self.returning) {
            Ok(statement) => statement,
            Err(e) => {
                tracing::error!(error = %e, "gathered writes cannot be combined");
                if cfg!(debug_assertions) {
                    panic!("{e}");
                }
                None
            }
        }
    }
}

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

/// One PostgreSQL statement running every one of `statements`: each as a
/// `WITH` part (named as given, or `w{i}`), their placeholders renumbered
/// after the earlier ones' parameters, with `returning` as the main query;
/// without it the last statement is the main one. None when there is
/// nothing to run; an error when a text cannot be renumbered
/// ([`push_renumbered`]).
fn combined(
    mut statements: Vec<(Option<&'static str>, Statement)>,
    returning: Option<Statement>,
) -> Result<Option<Statement>, DbErr> {
    let main = match returning {
        Some(select) => select,
        None => match statements.pop() {
            Some((_, last)) => last,
            None => return Ok(None),
        },
    };
    if statements.is_empty() {
        return Ok(Some(main));
    }
    let length = statements
        .iter()
        .map(|(_, s)| s.sql.len() + 16)
        .sum::<usize>();
    let mut sql = String::with_capacity(length + main.sql.len() + 8);
    sql.push_str("WITH ");
    let mut values: Vec<sea_orm::Value> = Vec::new();
    for (i, (name, statement)) in statements.into_iter().enumerate() {
        if i > 0 {
            sql.push_str(", ");
        }
        match name {
            Some(name) => sql.push_str(name),
            None => {
                let _ = write!(sql, "w{i}");
            }
        }
        sql.push_str(" AS (");
        push_renumbered(&mut sql, &statement.sql, values.len())?;
        sql.push(')');
        values.extend(statement.values.map(|v| v.0).unwrap_or_default());
    }
    sql.push(' ');
    push_renumbered(&mut sql, &main.sql, values.len())?;
    values.extend(main.values.map(|v| v.0).unwrap_or_default());
    Ok(Some(postgres(sql, values)))
}

/// `sql` with every `$n` placeholder outside quotes raised by `offset`.
#[cfg(test)]
fn renumbered(sql: &str, offset: usize) -> Result<String, DbErr> {
    let mut out = String::with_capacity(sql.len() + 16);
    push_renumbered(&mut out, sql, offset)?;
    Ok(out)
}

/// Appends `sql` (PostgreSQL this crate writes, [`Writes`]) to `out` with
/// every `$n` placeholder raised by `offset`, the text between placeholders
/// copied whole. It reads `'…'` strings and `"…"` identifiers (a doubled
/// quote inside reopens at once), names (whose `$` is no placeholder: `a$1`
/// is a name) and `$n`, and refuses, with `out` left part written, what it
/// does not understand and could mistake for a placeholder or hide one: a
/// comment (`--`, `/*`), a dollar quote (`$$`, `$tag$`), an escape string
/// (`E'…'`, which `\'` does not end). One pass over the bytes, which stops
/// only at a quote, `$`, `-` or `/`.
fn push_renumbered(out: &mut String, sql: &str, offset: usize) -> Result<(), DbErr> {
    let bytes = sql.as_bytes();
    let refuse = |what: &str, at: usize| {
        Err(DbErr::Custom(format!(
            "gathered SQL holds {what} (at byte {at}), which placeholder renumbering \
             does not read: {sql:.120}"
        )))
    };
    // The name (identifier or key word) that byte `at` ends, if any: the
    // run of name bytes before it starts like a name, not as a `$n` or a
    // number does.
    let ends_name = |at: usize| {
        let run = bytes[..at]
            .iter()
            .rev()
            .take_while(|b| is_name_byte(**b))
            .count();
        run > 0 && is_name_start(bytes[at - run])
    };
    let mut copied = 0;
    let mut i = 0;
    loop {
        // To the next byte that needs a look (most need none).
        while i < bytes.len() && !NOTABLE[usize::from(bytes[i])] {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        match bytes[i] {
            quote @ (b'\'' | b'"') => {
                if quote == b'\''
                    && i > 0
                    && matches!(bytes[i - 1], b'E' | b'e')
                    && !(i > 1 && is_name_byte(bytes[i - 2]))
                {
                    return refuse("an escape string", i - 1);
                }
                // To the closing quote (a doubled quote reopens at once).
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += 1;
                }
                i += 1;
            }
            b'$' => {
                let digits = bytes[i + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                let end = i + 1 + digits;
                if digits > 0 && !ends_name(i) {
                    // ASCII digits: a char boundary on both sides.
                    if let Ok(n) = sql[i + 1..end].parse::<usize>() {
                        out.push_str(&sql[copied..i]);
                        out.push('$');
                        out.push_str(itoa::Buffer::new().format(n + offset));
                        copied = end;
                    }
                } else if digits == 0 && !ends_name(i) {
                    // `$$` or `$tag$` opens a dollar-quoted string; a lone
                    // `$` is left as it is.
                    let tag = bytes[i + 1..]
                        .iter()
                        .take_while(|b| is_name_byte(**b) && **b != b'$')
                        .count();
                    let tagged = tag == 0 || is_name_start(bytes[i + 1]);
                    if tagged && bytes.get(i + 1 + tag) == Some(&b'$') {
                        return refuse("a dollar quote", i);
                    }
                }
                i = end;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => return refuse("a comment", i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => return refuse("a comment", i),
            _ => i += 1,
        }
    }
    out.push_str(&sql[copied.min(sql.len())..]);
    Ok(())
}

/// The bytes [`push_renumbered`] looks at: quotes, `$` and the first
/// bytes of comments.
const NOTABLE: [bool; 256] = {
    let mut notable = [false; 256];
    notable[b'\'' as usize] = true;
    notable[b'"' as usize] = true;
    notable[b'$' as usize] = true;
    notable[b'-' as usize] = true;
    notable[b'/' as usize] = true;
    notable
};

/// A byte that starts a PostgreSQL name (or a dollar quote's tag): a
/// letter, `_`, or any byte of a non-ASCII character.
fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

/// A byte of a PostgreSQL name after its first: those, a digit or `$`.
fn is_name_byte(b: u8) -> bool {
    is_name_start(b) || b.is_ascii_digit() || b == b'$'
}

/// The PostgreSQL statement inserting `rows` from one array per column: a
/// column holding nulls goes as its values (a placeholder where null) and
/// a flag array saying which are null. None when the rows set different
/// columns or a column's type has no array binding here.
fn unnest_insert<A: ActiveModelTrait>(rows: &[A]) -> Option<Statement> {
    use sea_orm::sea_query::{ArrayType, Value};
    let mut names = Vec::new();
    let mut selects = Vec::new();
    let mut aliases = Vec::new();
    let mut arrays = Vec::new();
    for column in <A::Entity as EntityTrait>::Column::iter() {
        let mut values = Vec::with_capacity(rows.len());
        for row in rows {
            match row.get(column) {
                ActiveValue::Set(v) | ActiveValue::Unchanged(v) => values.push(v),
                ActiveValue::NotSet => {}
            }
        }
        if values.is_empty() {
            continue;
        }
        let kind = values[0].array_type();
        let bindable = matches!(
            kind,
            ArrayType::Bool
                | ArrayType::Int
                | ArrayType::BigInt
                | ArrayType::String
                | ArrayType::Uuid
                | ArrayType::ChronoDateTimeUtc
                | ArrayType::ChronoDateTimeWithTimeZone
        );
        if values.len() != rows.len() || !bindable || values.iter().any(|v| v.array_type() != kind)
        {
            return None;
        }
        let n = names.len();
        names.push(format!("\"{}\"", column.as_str()));
        aliases.push(format!("c{n}"));
        if values.iter().all(Value::is_some) {
            selects.push(format!("u.c{n}"));
        } else {
            let nulls: Vec<bool> = values.iter().map(|v| !v.is_some()).collect();
            for v in &mut values {
                if !v.is_some() {
                    *v = v.dummy_value();
                }
            }
            aliases.push(format!("n{n}"));
            selects.push(format!("CASE WHEN u.n{n} THEN NULL ELSE u.c{n} END"));
            arrays.push(Value::Array(kind.clone(), Some(Box::new(values))));
            arrays.push(Value::from(nulls));
            continue;
        }
        arrays.push(Value::Array(kind, Some(Box::new(values))));
    }
    if names.is_empty() {
        return None;
    }
    let params: Vec<String> = (1..=arrays.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "INSERT INTO \"{}\" ({}) SELECT {} FROM UNNEST({}) AS u({})",
        A::Entity::default().table_name(),
        names.join(", "),
        selects.join(", "),
        params.join(", "),
        aliases.join(", "),
    );
    Some(postgres(sql, arrays))
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
    fn placeholders_are_renumbered_outside_quotes_only() {
        assert_eq!(
            renumbered("UPDATE t SET a = $1, b = '$2' WHERE \"c$3\" = $12", 4).unwrap(),
            "UPDATE t SET a = $5, b = '$2' WHERE \"c$3\" = $16"
        );
        assert_eq!(
            renumbered("SELECT 'it''s $1', $2", 1).unwrap(),
            "SELECT 'it''s $1', $3"
        );
        assert_eq!(renumbered("SELECT $1", 0).unwrap(), "SELECT $1");
        assert_eq!(
            renumbered("SELECT 'é $1 €', $2 || '€', $ || $x", 9).unwrap(),
            "SELECT 'é $1 €', $11 || '€', $ || $x"
        );
        assert_eq!(
            renumbered("SELECT $2, 'open $1", 1).unwrap(),
            "SELECT $3, 'open $1"
        );
        assert_eq!(renumbered("$1$2", 1).unwrap(), "$2$3");
    }

    #[test]
    fn a_dollar_inside_a_name_is_no_placeholder() {
        assert_eq!(
            renumbered("SELECT a$1, $1 FROM t$2 AS _x$3 WHERE é$4 = $2", 2).unwrap(),
            "SELECT a$1, $3 FROM t$2 AS _x$3 WHERE é$4 = $4"
        );
        assert_eq!(
            renumbered("UNNEST($3::uuid[], $4::bigint[]) AS e(id, balance)", 1).unwrap(),
            "UNNEST($4::uuid[], $5::bigint[]) AS e(id, balance)"
        );
    }

    #[test]
    fn text_the_renumbering_cannot_read_is_refused() {
        for (sql, what) in [
            ("SELECT $1 -- not $2\n, $2", "a comment"),
            ("SELECT $1--$2", "a comment"),
            ("SELECT /* $1 */ $1", "a comment"),
            ("SELECT $$ it's $1 $$, $1", "a dollar quote"),
            ("SELECT $q$ it's $1 $q$, $1", "a dollar quote"),
            ("SELECT $_1$ x $_1$", "a dollar quote"),
            ("SELECT $1, $$", "a dollar quote"),
            ("SELECT E'it\\'s $1', $1", "an escape string"),
            ("SELECT e'x', $1", "an escape string"),
        ] {
            let e = renumbered(sql, 1).unwrap_err();
            assert!(e.to_string().contains(what), "{sql}: {e}");
        }
        // Inside quotes they are text; near misses are not them.
        assert_eq!(
            renumbered(
                "SELECT '-- $1', \"/* $1\", '$$', $1 - -$2, 4 / $3, date'2026-01-01', $ x$",
                1
            )
            .unwrap(),
            "SELECT '-- $1', \"/* $1\", '$$', $2 - -$3, 4 / $4, date'2026-01-01', $ x$"
        );
    }

    #[test]
    fn gathered_text_that_cannot_be_renumbered_is_refused_not_numbered_wrong() {
        let commented = postgres(
            "UPDATE a SET x = $1 -- and $2".to_owned(),
            vec![1i64.into()],
        );
        let plain = postgres("UPDATE b SET y = $1".to_owned(), vec![2i64.into()]);
        // Alone it is not renumbered: it goes as written.
        let alone = combined(vec![(None, commented.clone())], None).unwrap();
        assert_eq!(alone.unwrap().sql, commented.sql);
        for (parts, returning) in [
            (vec![(None, commented.clone()), (None, plain.clone())], None),
            (vec![(None, plain.clone()), (None, commented.clone())], None),
            (
                vec![(Some("p"), plain.clone())],
                Some(postgres("SELECT $$p$$".to_owned(), Vec::new())),
            ),
        ] {
            let e = combined(parts, returning).unwrap_err();
            assert!(e.to_string().contains("renumbering"), "{e}");
        }
    }

    #[tokio::test]
    async fn running_gathered_text_that_cannot_be_renumbered_fails_before_sending() {
        let db = connect("sqlite::memory:").await.unwrap();
        let mut writes = Writes::default();
        writes.push(postgres(
            "UPDATE a SET x = $1".to_owned(),
            vec![1i64.into()],
        ));
        writes.push(postgres(
            "UPDATE b SET /* $1 */ y = $1".to_owned(),
            vec![2i64.into()],
        ));
        let e = writes.run(&db).await.unwrap_err();
        assert!(
            matches!(&e, DbErr::Custom(m) if m.contains("a comment")),
            "{e}"
        );
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "a dollar quote")]
    fn a_statement_of_text_that_cannot_be_renumbered_is_a_bug_in_a_debug_build() {
        let mut writes = Writes::default();
        writes.push(postgres(
            "UPDATE a SET x = $1".to_owned(),
            vec![1i64.into()],
        ));
        writes.returning(postgres("SELECT $x$ $1 $x$".to_owned(), Vec::new()));
        let _ = writes.into_statement();
    }

    #[test]
    fn gathered_writes_become_one_statement_with_every_parameter_in_order() {
        let a = postgres(
            "INSERT INTO a SELECT * FROM UNNEST($1, $2)".to_owned(),
            vec![1i64.into(), 2i64.into()],
        );
        let b = postgres("UPDATE b SET x = $1".to_owned(), vec![3i64.into()]);
        let c = postgres("INSERT INTO c VALUES ($1)".to_owned(), vec![4i64.into()]);
        assert!(combined(Vec::new(), None).unwrap().is_none());
        let one = combined(vec![(None, b.clone())], None).unwrap().unwrap();
        assert_eq!(one.sql, "UPDATE b SET x = $1");
        let all = combined(vec![(None, a.clone()), (None, b.clone()), (None, c)], None)
            .unwrap()
            .unwrap();
        assert_eq!(
            all.sql,
            "WITH w0 AS (INSERT INTO a SELECT * FROM UNNEST($1, $2)), w1 AS (UPDATE b SET x = $3) INSERT INTO c VALUES ($4)"
        );
        let values: Vec<sea_orm::Value> = all.values.unwrap().0;
        assert_eq!(
            values,
            vec![1i64.into(), 2i64.into(), 3i64.into(), 4i64.into()]
        );
    }

    #[test]
    fn named_parts_can_be_read_by_later_parts_and_the_returning_query() {
        let update = postgres(
            "UPDATE a SET x = x + $1 RETURNING id, x".to_owned(),
            vec![5i64.into()],
        );
        let insert = postgres(
            "INSERT INTO b SELECT id, x + $1 FROM changed".to_owned(),
            vec![7i64.into()],
        );
        let all = combined(
            vec![(Some("changed"), update), (None, insert)],
            Some(postgres(
                "SELECT id, x FROM changed UNION ALL SELECT id, x FROM a WHERE id = $1".to_owned(),
                vec![9i64.into()],
            )),
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            all.sql,
            "WITH changed AS (UPDATE a SET x = x + $1 RETURNING id, x), \
             w1 AS (INSERT INTO b SELECT id, x + $2 FROM changed) \
             SELECT id, x FROM changed UNION ALL SELECT id, x FROM a WHERE id = $3"
        );
        assert_eq!(
            all.values.unwrap().0,
            vec![5i64.into(), 7i64.into(), 9i64.into()]
        );
    }

    #[tokio::test]
    async fn writes_that_must_go_in_one_statement_never_write_at_once() {
        use sea_orm::{EntityTrait, PaginatorTrait};
        let path = std::env::temp_dir().join(format!("croupier-db-{}.db", uuid::Uuid::now_v7()));
        let db = connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        migrate(&db).await.unwrap();
        let at = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let row = || entity::fx_rates::ActiveModel {
            id: sea_orm::ActiveValue::Set(uuid::Uuid::now_v7()),
            base: sea_orm::ActiveValue::Set("EUR".to_owned()),
            quote: sea_orm::ActiveValue::Set("USD".to_owned()),
            rate: sea_orm::ActiveValue::Set("1.1".to_owned()),
            rate_date: sea_orm::ActiveValue::Set(at.date_naive()),
            source: sea_orm::ActiveValue::Set("test".to_owned()),
            imported_at: sea_orm::ActiveValue::Set(at),
            imported_by: sea_orm::ActiveValue::Set(None),
        };
        // SQLite cannot gather: the strict set refuses, the plain one
        // writes at once.
        let mut strict = Writes::all_in_one();
        assert!(strict.insert_all(&db, vec![row()]).await.is_err());
        assert_eq!(
            entity::fx_rates::Entity::find().count(&db).await.unwrap(),
            0
        );
        let mut plain = Writes::default();
        plain.insert_all(&db, vec![row()]).await.unwrap();
        assert_eq!(
            entity::fx_rates::Entity::find().count(&db).await.unwrap(),
            1
        );
        db.close().await.unwrap();
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }

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
