//! Who suspended a market: `trader`, `feed` or `liability` (the market's
//! own liability limit), `NULL` while it is open. An odds feed may resume
//! only what a feed suspended: a trader's or the liability rule's
//! suspension stays until a trader resumes the market.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(SportsbookMarkets::Table)
                    .add_column(string_len_null(SportsbookMarkets::SuspendedBy, 16))
                    .to_owned(),
            )
            .await?;
        // Markets suspended before this was recorded were suspended by a
        // trader or the liability rule as far as anyone can tell: keep
        // them for a trader to resume.
        manager
            .exec_stmt(
                Query::update()
                    .table(SportsbookMarkets::Table)
                    .value(SportsbookMarkets::SuspendedBy, "trader")
                    .and_where(Expr::col(SportsbookMarkets::Status).eq("suspended"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(SportsbookMarkets::Table)
                    .drop_column(SportsbookMarkets::SuspendedBy)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum SportsbookMarkets {
    Table,
    Status,
    SuspendedBy,
}
