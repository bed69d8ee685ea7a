//! Writing and reading many rows at once (`engine::db::insert_all`,
//! `engine::db::one_of`): every value, nulls among them, comes back as
//! written on each backend.

use chrono::{TimeZone, Utc};
use engine::testing::TestDb;
use entity::ledger_transactions as txs;
use sea_orm::{EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, TransactionTrait};
use uuid::Uuid;

fn row(n: i64) -> txs::Model {
    txs::Model {
        id: Uuid::now_v7(),
        chain_key: format!("test:{}", n % 3),
        seq: n,
        kind: "adjust".to_owned(),
        reference: format!("ref 'quoted' {n}"),
        // Nulls and values mixed in one column, a column all null, an
        // empty string that must stay empty.
        idempotency_scope: (n % 2 == 0).then(|| format!("player:{n}")),
        idempotency_key: (n % 5 == 0).then(String::new),
        created_at: Utc.timestamp_micros(1_700_000_000_000_000 + n).unwrap(),
        prev_hash: String::new(),
        hash: format!("{n:064}"),
    }
}

#[tokio::test]
async fn rows_inserted_together_read_back_as_written() {
    let db = TestDb::new().await.unwrap();
    let rows: Vec<txs::Model> = (1..=2_500).map(row).collect();
    let txn = db.db.begin().await.unwrap();
    engine::db::insert_all(
        &txn,
        rows.iter()
            .cloned()
            .map(IntoActiveModel::into_active_model)
            .collect(),
    )
    .await
    .unwrap();
    // No rows is no statement.
    engine::db::insert_all::<txs::ActiveModel, _>(&txn, Vec::new())
        .await
        .unwrap();
    txn.commit().await.unwrap();

    let back = txs::Entity::find()
        .order_by_asc(txs::Column::Seq)
        .all(&db.db)
        .await
        .unwrap();
    assert_eq!(back, rows);

    // A subset by id, asked for as one list.
    let wanted: Vec<Uuid> = rows.iter().step_by(7).map(|r| r.id).collect();
    let found = txs::Entity::find()
        .filter(engine::db::one_of(
            db.db.get_database_backend(),
            txs::Column::Id,
            wanted.clone(),
        ))
        .order_by_asc(txs::Column::Seq)
        .all(&db.db)
        .await
        .unwrap();
    assert_eq!(found.iter().map(|r| r.id).collect::<Vec<_>>(), wanted);
}

/// `engine::db::Kept`: statements run one after another on PostgreSQL reuse
/// one connection (no check on its return), one the server refused stays
/// usable, one the server dropped is not kept, and elsewhere it refuses to
/// run at all.
#[tokio::test]
async fn a_kept_connection_serves_statement_after_statement() {
    use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
    let db = TestDb::new().await.unwrap();
    let kept = engine::db::Kept::default();
    let pid =
        || Statement::from_string(DatabaseBackend::Postgres, "SELECT pg_backend_pid() AS pid");
    if db.db.get_database_backend() != DatabaseBackend::Postgres {
        assert!(kept.query_all(&db.db, pid()).await.is_err());
        return;
    }
    let pid_of = |rows: Vec<sea_orm::QueryResult>| rows[0].try_get::<i32>("", "pid").unwrap();
    let first = pid_of(kept.query_all(&db.db, pid()).await.unwrap());
    assert_eq!(pid_of(kept.query_all(&db.db, pid()).await.unwrap()), first);
    // A statement the server refuses leaves the connection between
    // statements: kept, and the next one runs on it.
    let refused = kept
        .query_all(
            &db.db,
            Statement::from_string(DatabaseBackend::Postgres, "SELECT 1 / 0"),
        )
        .await
        .unwrap_err();
    assert_eq!(
        engine::wallet::store::sql_state(&refused).as_deref(),
        Some("22012")
    );
    assert!(engine::wallet::store::is_refusal(&refused));
    assert!(!engine::wallet::store::is_transient(&refused));
    // Retried by its SQLSTATE, whatever its message says.
    let conflict = kept
        .query_all(
            &db.db,
            Statement::from_string(
                DatabaseBackend::Postgres,
                "DO $$ BEGIN RAISE EXCEPTION 'busy' USING ERRCODE = '40P01'; END $$",
            ),
        )
        .await
        .unwrap_err();
    assert!(engine::wallet::store::is_transient(&conflict), "{conflict}");
    assert_eq!(pid_of(kept.query_all(&db.db, pid()).await.unwrap()), first);
    // The server ends the session: the next statement fails (a FATAL
    // answer, not a refusal: after one, whether a statement committed is
    // not known), the connection is let go, and the one after runs on a
    // fresh one.
    db.db
        .execute_unprepared(&format!("SELECT pg_terminate_backend({first}, 5000)"))
        .await
        .unwrap();
    let ended = kept.query_all(&db.db, pid()).await.unwrap_err();
    assert!(!engine::wallet::store::is_refusal(&ended), "{ended}");
    let fresh = pid_of(kept.query_all(&db.db, pid()).await.unwrap());
    assert_ne!(fresh, first);
    // Parameters are bound as sea-orm binds them (arrays among them).
    let echoed = kept
        .query_all(
            &db.db,
            Statement::from_sql_and_values(
                DatabaseBackend::Postgres,
                "SELECT cardinality($1::bigint[]) AS n, $2::text AS s",
                [engine::db::array([1i64, 2, 3]), "it's".into()],
            ),
        )
        .await
        .unwrap();
    assert_eq!(echoed[0].try_get::<i32>("", "n").unwrap(), 3);
    assert_eq!(echoed[0].try_get::<String>("", "s").unwrap(), "it's");
}

/// Kept connections let go outside any runtime (a process ending after
/// its runtime) do not panic.
#[test]
fn kept_connections_dropped_outside_a_runtime_go_quietly() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (db, kept) = runtime.block_on(async {
        let db = TestDb::new().await.unwrap();
        let kept = engine::db::Kept::default();
        let answer = kept
            .query_all(
                &db.db,
                sea_orm::Statement::from_string(
                    sea_orm::DatabaseBackend::Postgres,
                    "SELECT 1 AS one",
                ),
            )
            .await;
        if db.is_postgres() {
            // The connection stays kept after its answer: dropping `kept`
            // below has one to let go.
            let rows = answer.unwrap();
            assert_eq!(rows[0].try_get::<i32>("", "one").unwrap(), 1);
        } else {
            // Elsewhere nothing is kept: a kept connection is refused.
            assert!(answer.is_err());
        }
        (db, kept)
    });
    drop(kept);
    runtime.block_on(async move { drop(db) });
}
