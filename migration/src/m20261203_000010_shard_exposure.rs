//! Exposure rows are split into shards per selection and currency: every
//! bet on a selection added to one row, so bets on a popular selection
//! queued on that row's lock until each commit. A bet now adds to the
//! shard of its player (as house postings do); readers sum the shards.
//! The rows move to a new table, `sportsbook_exposure_shards`, with
//! `shard` in its primary key (SQLite cannot change a primary key in
//! place); existing rows become shard 0.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COPIED: [SportsbookExposure; 7] = [
    SportsbookExposure::SelectionId,
    SportsbookExposure::Currency,
    SportsbookExposure::MarketId,
    SportsbookExposure::SingleStakes,
    SportsbookExposure::Stakes,
    SportsbookExposure::Payout,
    SportsbookExposure::Bets,
];

/// The exposure table `name`, with or without the shard column.
fn table(name: SportsbookExposure, sharded: bool) -> TableCreateStatement {
    let mut key = Index::create();
    key.col(SportsbookExposure::SelectionId)
        .col(SportsbookExposure::Currency);
    let mut t = Table::create();
    t.table(name)
        .col(uuid(SportsbookExposure::SelectionId))
        .col(string_len(SportsbookExposure::Currency, 3))
        .col(uuid(SportsbookExposure::MarketId))
        .col(big_integer(SportsbookExposure::SingleStakes).default(0))
        .col(big_integer(SportsbookExposure::Stakes).default(0))
        .col(big_integer(SportsbookExposure::Payout).default(0))
        .col(integer(SportsbookExposure::Bets).default(0));
    if sharded {
        t.col(integer(SportsbookExposure::Shard).default(0));
        key.col(SportsbookExposure::Shard);
    }
    t.primary_key(&mut key).to_owned()
}

/// Creates `to`, fills it by `fill` from `from`, drops `from` and indexes
/// `to` by market.
async fn swap(
    manager: &SchemaManager<'_>,
    from: SportsbookExposure,
    to: TableCreateStatement,
    fill: InsertStatement,
) -> Result<(), DbErr> {
    manager.create_table(to).await?;
    manager.exec_stmt(fill).await?;
    manager
        .drop_table(Table::drop().table(from).to_owned())
        .await?;
    let (name, table) = match from {
        SportsbookExposure::Table => ("idx_sb_exposure_shards_market", SportsbookExposure::Shards),
        _ => ("idx_sb_exposure_market", SportsbookExposure::Table),
    };
    index(manager, name, table, &[SportsbookExposure::MarketId], false).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut columns = COPIED.to_vec();
        columns.push(SportsbookExposure::Shard);
        let fill = Query::insert()
            .into_table(SportsbookExposure::Shards)
            .columns(columns)
            .select_from(
                Query::select()
                    .columns(COPIED)
                    .expr(Expr::val(0))
                    .from(SportsbookExposure::Table)
                    .to_owned(),
            )
            .map_err(|e| DbErr::Migration(e.to_string()))?
            .to_owned();
        swap(
            manager,
            SportsbookExposure::Table,
            table(SportsbookExposure::Shards, true),
            fill,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sum = |c: SportsbookExposure| Expr::col(c).sum();
        let fill = Query::insert()
            .into_table(SportsbookExposure::Table)
            .columns(COPIED)
            .select_from(
                Query::select()
                    .columns(COPIED[..3].to_vec())
                    .expr(sum(SportsbookExposure::SingleStakes))
                    .expr(sum(SportsbookExposure::Stakes))
                    .expr(sum(SportsbookExposure::Payout))
                    .expr(sum(SportsbookExposure::Bets))
                    .from(SportsbookExposure::Shards)
                    .group_by_columns(COPIED[..3].to_vec())
                    .to_owned(),
            )
            .map_err(|e| DbErr::Migration(e.to_string()))?
            .to_owned();
        swap(
            manager,
            SportsbookExposure::Shards,
            table(SportsbookExposure::Table, false),
            fill,
        )
        .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum SportsbookExposure {
    Table,
    /// The sharded table.
    #[sea_orm(iden = "sportsbook_exposure_shards")]
    Shards,
    SelectionId,
    Currency,
    MarketId,
    SingleStakes,
    Stakes,
    Payout,
    Bets,
    /// Which of the selection's rows (0 to 7).
    Shard,
}
