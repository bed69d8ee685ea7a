//! `croupier ledger verify` and `croupier ledger rebuild`.
//!
//! Verify walks every hash chain from its first transaction and checks, in
//! this order, stopping at the first bad row: sequence numbers run 1, 2, 3…
//! without gaps; each row's `prev_hash` is the previous row's hash; each
//! row's hash recomputes from its content and postings; its postings are
//! valid (two or more, none zero, summing to zero per currency, in their
//! account's currency) and touch only the chain's player (and house
//! accounts); each player posting's `balance_after` is the running sum of
//! that account's postings; the chain's stored head is its last row. Then
//! it checks that no transaction or posting lies outside the chains and
//! that every account's balance equals the sum of its postings.
//!
//! Rebuild recomputes every balance from its postings (run it with the
//! server stopped; the postings are the truth, the balances a projection).

use std::collections::HashMap;
use std::fmt;

use domain::ledger::{
    AccountKind, AccountRef, CanonicalTransaction, Posting, TransactionKind, validate_postings,
};
use domain::money::{Currency, Money};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Statement,
};
use uuid::Uuid;

use super::store::{HOUSE_CHAIN, transaction_hash};
use entity::{accounts, ledger_chains, ledger_postings, ledger_transactions};

/// Transactions loaded per batch while walking a chain.
const BATCH: u64 = 500;

/// What a clean verification covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Chains walked.
    pub chains: u64,
    /// Transactions checked.
    pub transactions: u64,
    /// Postings checked.
    pub postings: u64,
    /// Account balances checked.
    pub accounts: u64,
}

/// The first bad row found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The table of the bad row.
    pub table: &'static str,
    /// The row's id (or key).
    pub row: String,
    /// What is wrong with it.
    pub detail: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} row {}: {}", self.table, self.row, self.detail)
    }
}

fn problem(table: &'static str, row: impl fmt::Display, detail: impl Into<String>) -> Problem {
    Problem {
        table,
        row: row.to_string(),
        detail: detail.into(),
    }
}

/// An account as verification needs it.
struct AccountInfo {
    kind: AccountKind,
    owner: Option<Uuid>,
    currency: Currency,
    balance: i64,
}

async fn load_accounts(
    db: &DatabaseConnection,
) -> anyhow::Result<Result<HashMap<Uuid, AccountInfo>, Problem>> {
    let mut map = HashMap::new();
    for row in accounts::Entity::find().all(db).await? {
        let Ok(kind) = row.kind.parse::<AccountKind>() else {
            return Ok(Err(problem("accounts", row.id, "unknown account kind")));
        };
        let Ok(currency) = row.currency.parse::<Currency>() else {
            return Ok(Err(problem("accounts", row.id, "unknown currency")));
        };
        if kind.is_player() != row.owner_id.is_some() {
            return Ok(Err(problem(
                "accounts",
                row.id,
                "owner does not fit the kind",
            )));
        }
        map.insert(
            row.id,
            AccountInfo {
                kind,
                owner: row.owner_id,
                currency,
                balance: row.balance,
            },
        );
    }
    Ok(Ok(map))
}

/// Checks every chain and every balance; `Err(Problem)` names the first bad
/// row. The outer error is a database failure.
pub async fn verify(db: &DatabaseConnection) -> anyhow::Result<Result<Summary, Problem>> {
    let accounts = match load_accounts(db).await? {
        Ok(map) => map,
        Err(p) => return Ok(Err(p)),
    };
    let mut summary = Summary::default();
    let chains = ledger_chains::Entity::find()
        .order_by_asc(ledger_chains::Column::ChainKey)
        .all(db)
        .await?;
    let chain_keys: Vec<String> = chains.iter().map(|c| c.chain_key.clone()).collect();
    for chain in &chains {
        if let Err(p) = verify_chain(db, chain, &accounts, &mut summary).await? {
            return Ok(Err(p));
        }
        summary.chains += 1;
    }
    let stray = ledger_transactions::Entity::find()
        .filter(ledger_transactions::Column::ChainKey.is_not_in(chain_keys))
        .one(db)
        .await?;
    if let Some(tx) = stray {
        return Ok(Err(problem(
            "ledger_transactions",
            tx.id,
            format!("belongs to chain {} which has no head", tx.chain_key),
        )));
    }
    let total_postings = ledger_postings::Entity::find().count(db).await?;
    if total_postings != summary.postings {
        // In the database: a list of every transaction id would outgrow a
        // statement's parameters on any real ledger.
        use sea_orm::sea_query::{Expr, ExprTrait, Query};
        let orphan = ledger_postings::Entity::find()
            .filter(
                Expr::col((
                    ledger_postings::Entity,
                    ledger_postings::Column::TransactionId,
                ))
                .not_in_subquery(
                    Query::select()
                        .column(ledger_transactions::Column::Id)
                        .from(ledger_transactions::Entity)
                        .to_owned(),
                ),
            )
            .one(db)
            .await?;
        let row = orphan.map_or_else(|| "?".to_owned(), |p| p.id.to_string());
        return Ok(Err(problem(
            "ledger_postings",
            row,
            "posting outside every transaction",
        )));
    }
    let sums = posting_sums(db).await?;
    let mut ids: Vec<&Uuid> = accounts.keys().collect();
    ids.sort();
    for id in ids {
        let info = &accounts[id];
        let sum = sums.get(id).copied().unwrap_or(0);
        if i128::from(info.balance) != sum {
            return Ok(Err(problem(
                "accounts",
                id,
                format!("balance {} but its postings sum to {sum}", info.balance),
            )));
        }
        summary.accounts += 1;
    }
    if let Some(stray) = sums.keys().find(|id| !accounts.contains_key(id)) {
        return Ok(Err(problem(
            "ledger_postings",
            format!("for account {stray}"),
            "postings on an account that does not exist",
        )));
    }
    Ok(Ok(summary))
}

async fn verify_chain(
    db: &DatabaseConnection,
    chain: &ledger_chains::Model,
    accounts: &HashMap<Uuid, AccountInfo>,
    summary: &mut Summary,
) -> anyhow::Result<Result<(), Problem>> {
    let owner: Option<Uuid> = match chain.chain_key.strip_prefix("player:") {
        Some(id) => match id.parse() {
            Ok(id) => Some(id),
            Err(_) => {
                return Ok(Err(problem(
                    "ledger_chains",
                    &chain.chain_key,
                    "malformed chain key",
                )));
            }
        },
        None if chain.chain_key == HOUSE_CHAIN => None,
        None => {
            return Ok(Err(problem(
                "ledger_chains",
                &chain.chain_key,
                "unknown chain",
            )));
        }
    };
    let mut expected_seq = 1i64;
    let mut prev_hash = String::new();
    let mut running: HashMap<Uuid, i64> = HashMap::new();
    loop {
        let batch = ledger_transactions::Entity::find()
            .filter(ledger_transactions::Column::ChainKey.eq(chain.chain_key.clone()))
            .filter(ledger_transactions::Column::Seq.gte(expected_seq))
            .order_by_asc(ledger_transactions::Column::Seq)
            .limit(BATCH)
            .all(db)
            .await?;
        if batch.is_empty() {
            break;
        }
        let ids: Vec<Uuid> = batch.iter().map(|t| t.id).collect();
        let postings = ledger_postings::Entity::find()
            .filter(ledger_postings::Column::TransactionId.is_in(ids))
            .order_by_asc(ledger_postings::Column::Id)
            .all(db)
            .await?;
        for tx in &batch {
            let own: Vec<&ledger_postings::Model> = postings
                .iter()
                .filter(|p| p.transaction_id == tx.id)
                .collect();
            if let Err(p) = verify_transaction(
                tx,
                &own,
                expected_seq,
                &prev_hash,
                owner,
                accounts,
                &mut running,
            ) {
                return Ok(Err(p));
            }
            summary.transactions += 1;
            summary.postings += own.len() as u64;
            expected_seq += 1;
            prev_hash.clone_from(&tx.hash);
        }
    }
    if chain.seq != expected_seq - 1 || chain.head_hash != prev_hash {
        return Ok(Err(problem(
            "ledger_chains",
            &chain.chain_key,
            format!(
                "head says seq {} but the chain ends at seq {}",
                chain.seq,
                expected_seq - 1
            ),
        )));
    }
    Ok(Ok(()))
}

fn verify_transaction(
    tx: &ledger_transactions::Model,
    rows: &[&ledger_postings::Model],
    expected_seq: i64,
    prev_hash: &str,
    owner: Option<Uuid>,
    accounts: &HashMap<Uuid, AccountInfo>,
    running: &mut HashMap<Uuid, i64>,
) -> Result<(), Problem> {
    let bad = |detail: String| {
        problem(
            "ledger_transactions",
            tx.id,
            format!("(chain {}, seq {}) {detail}", tx.chain_key, tx.seq),
        )
    };
    if tx.seq != expected_seq {
        return Err(bad(format!(
            "expected seq {expected_seq}: a row is missing"
        )));
    }
    if tx.prev_hash != prev_hash {
        return Err(bad("prev_hash is not the previous row's hash".to_owned()));
    }
    let kind: TransactionKind = tx
        .kind
        .parse()
        .map_err(|_| bad("unknown transaction kind".to_owned()))?;
    let mut postings = Vec::with_capacity(rows.len());
    for row in rows {
        let info = accounts
            .get(&row.account_id)
            .ok_or_else(|| problem("ledger_postings", row.id, "posting on an unknown account"))?;
        let currency: Currency = row
            .currency
            .parse()
            .map_err(|_| problem("ledger_postings", row.id, "unknown currency"))?;
        if currency != info.currency {
            return Err(problem(
                "ledger_postings",
                row.id,
                "currency differs from its account's",
            ));
        }
        if info.owner.is_some() && info.owner != owner {
            return Err(problem(
                "ledger_postings",
                row.id,
                "posting on another player's account",
            ));
        }
        let account = match info.owner {
            Some(player) => AccountRef::player(info.kind, player),
            None => AccountRef::house(info.kind),
        }
        .map_err(|_| problem("accounts", row.account_id, "owner does not fit the kind"))?;
        postings.push(Posting {
            account,
            amount: Money::new(row.amount, currency),
        });
    }
    validate_postings(&postings).map_err(|e| bad(format!("postings: {e}")))?;
    let hash = transaction_hash(&CanonicalTransaction {
        prev_hash: &tx.prev_hash,
        id: tx.id,
        kind,
        created_at: tx.created_at,
        reference: &tx.reference,
        postings: &postings,
    });
    if hash != tx.hash {
        return Err(bad("hash does not match its content".to_owned()));
    }
    for row in rows {
        if accounts
            .get(&row.account_id)
            .is_some_and(|a| a.owner.is_some())
        {
            let balance = running.entry(row.account_id).or_insert(0);
            *balance = balance
                .checked_add(row.amount)
                .ok_or_else(|| problem("ledger_postings", row.id, "balance overflows"))?;
            if *balance != row.balance_after {
                return Err(problem(
                    "ledger_postings",
                    row.id,
                    format!(
                        "balance_after {} but the running balance is {}",
                        row.balance_after, balance
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Sum of postings per account.
async fn posting_sums<C: ConnectionTrait>(conn: &C) -> anyhow::Result<HashMap<Uuid, i128>> {
    let backend = conn.get_database_backend();
    let rows = conn
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT account_id, CAST(SUM(amount) AS BIGINT) AS total \
             FROM ledger_postings GROUP BY account_id",
        ))
        .await?;
    let mut sums = HashMap::with_capacity(rows.len());
    for row in rows {
        let id: Uuid = row.try_get("", "account_id")?;
        let total: i64 = row.try_get("", "total")?;
        sums.insert(id, i128::from(total));
    }
    Ok(sums)
}

/// Recomputes every balance from its postings in one transaction; returns
/// how many balances changed. A transient conflict with a running server
/// (SQLite's write lock held past its busy timeout, a PostgreSQL deadlock)
/// runs it again; nothing is written until the one commit.
pub async fn rebuild(db: &DatabaseConnection) -> anyhow::Result<u64> {
    let mut attempt = 1;
    loop {
        match try_rebuild(db).await {
            Err(e)
                if attempt < super::store::MAX_ATTEMPTS
                    && e.downcast_ref::<sea_orm::DbErr>()
                        .is_some_and(super::store::is_transient) =>
            {
                super::store::backoff(attempt).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

async fn try_rebuild(db: &DatabaseConnection) -> anyhow::Result<u64> {
    let txn = crate::db::begin_write(db).await?;
    let sums = posting_sums(&txn).await?;
    let mut changed = 0;
    for account in accounts::Entity::find().all(&txn).await? {
        let sum = sums.get(&account.id).copied().unwrap_or(0);
        let sum =
            i64::try_from(sum).map_err(|_| anyhow::anyhow!("account {} overflows", account.id))?;
        if account.balance != sum {
            accounts::Entity::update_many()
                .col_expr(
                    accounts::Column::Balance,
                    sea_orm::sea_query::Expr::value(sum),
                )
                .filter(accounts::Column::Id.eq(account.id))
                .exec(&txn)
                .await?;
            changed += 1;
        }
    }
    txn.commit().await?;
    Ok(changed)
}
