//! Inserting many rows in few statements, and gathering writes into one
//! PostgreSQL statement ([`Writes`]).

use std::fmt::Write as _;

use sea_orm::{
    ActiveModelTrait, ActiveValue, ConnectionTrait, DatabaseBackend, DbErr, EntityName,
    EntityTrait, IdenStatic, IntoActiveModel, Iterable, Statement,
};

use super::postgres;
use super::renumber::push_renumbered;

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
    /// run. For a caller that runs it itself ([`super::Kept`]). None as well,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{connect, connect_migrated};

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
        let db = connect_migrated(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
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
}
