//! Helpers shared by the migrations.

use sea_orm_migration::prelude::*;

/// Creates the index `name` of `table` on `cols` (unique when asked),
/// unless it exists: a migration done again after an interrupted or
/// partial undo finds what it would create already there.
pub(crate) async fn index<T: IntoIden + Clone + 'static, C: IntoIden + Clone + 'static>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    cols: &[C],
    unique: bool,
) -> Result<(), DbErr> {
    let mut stmt = Index::create();
    stmt.name(name).table(table).if_not_exists();
    for col in cols {
        stmt.col(col.clone());
    }
    if unique {
        stmt.unique();
    }
    manager.create_index(stmt.to_owned()).await
}

/// Drops the index `name` of `table` if it exists.
pub(crate) async fn drop_index<T: IntoIden + 'static>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
) -> Result<(), DbErr> {
    manager
        .drop_index(Index::drop().name(name).table(table).if_exists().to_owned())
        .await
}
