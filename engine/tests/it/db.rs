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
