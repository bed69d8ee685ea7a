//! Accounting hand-off: the journal export (every posting of every ledger
//! transaction in a time window, as CSV, one line per posting) and the PSP
//! reconciliation (the PSP clearing balance per currency against the
//! payments the providers completed).
//!
//! Reconciliation rule: a completed deposit takes its amount from PSP
//! clearing and a completed withdrawal puts it back (pending withdrawals are
//! held in the player's reserved account and do not touch PSP clearing), so
//! per currency `psp_clearing = completed withdrawals − completed deposits`.

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{DateTime, SecondsFormat, Utc};
use domain::ledger::AccountKind;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use entity::{accounts, ledger_postings, ledger_transactions, payments};

/// Transactions read per batch.
const BATCH: u64 = 500;

/// The CSV header of the journal.
pub const JOURNAL_HEADER: &str = "transaction_id,chain,seq,kind,reference,created_at,account_kind,owner_id,shard,currency,amount,balance_after,hash";

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// Writes the journal of transactions created in `[from, to)` (either bound
/// optional) as CSV to `out`, oldest first; amounts are decimal strings in
/// their currency. Returns the number of posting lines written.
pub async fn export_journal(
    db: &DatabaseConnection,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    out: &mut impl Write,
) -> anyhow::Result<u64> {
    writeln!(out, "{JOURNAL_HEADER}")?;
    let account_rows: BTreeMap<Uuid, accounts::Model> = accounts::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let mut lines = 0u64;
    let mut after: Option<(DateTime<Utc>, Uuid)> = None;
    loop {
        let mut query = ledger_transactions::Entity::find();
        if let Some(from) = from {
            query = query.filter(ledger_transactions::Column::CreatedAt.gte(from));
        }
        if let Some(to) = to {
            query = query.filter(ledger_transactions::Column::CreatedAt.lt(to));
        }
        if let Some((at, id)) = after {
            query = query.filter(
                sea_orm::Condition::any()
                    .add(ledger_transactions::Column::CreatedAt.gt(at))
                    .add(
                        sea_orm::Condition::all()
                            .add(ledger_transactions::Column::CreatedAt.eq(at))
                            .add(ledger_transactions::Column::Id.gt(id)),
                    ),
            );
        }
        let batch = query
            .order_by_asc(ledger_transactions::Column::CreatedAt)
            .order_by_asc(ledger_transactions::Column::Id)
            .limit(BATCH)
            .all(db)
            .await?;
        let Some(last) = batch.last() else { break };
        after = Some((last.created_at, last.id));
        let ids: Vec<Uuid> = batch.iter().map(|t| t.id).collect();
        let postings = ledger_postings::Entity::find()
            .filter(ledger_postings::Column::TransactionId.is_in(ids))
            .order_by_asc(ledger_postings::Column::Id)
            .all(db)
            .await?;
        for tx in &batch {
            for p in postings.iter().filter(|p| p.transaction_id == tx.id) {
                let account = account_rows
                    .get(&p.account_id)
                    .ok_or_else(|| anyhow::anyhow!("posting {} on an unknown account", p.id))?;
                let currency: domain::money::Currency = p.currency.parse()?;
                let money = |minor| domain::money::Money::new(minor, currency).format_amount();
                writeln!(
                    out,
                    "{},{},{},{},{},{},{},{},{},{},{},{},{}",
                    tx.id,
                    csv(&tx.chain_key),
                    tx.seq,
                    csv(&tx.kind),
                    csv(&tx.reference),
                    tx.created_at.to_rfc3339_opts(SecondsFormat::Micros, true),
                    csv(&account.kind),
                    account.owner_id.map(|o| o.to_string()).unwrap_or_default(),
                    account.shard,
                    currency.code(),
                    money(p.amount),
                    money(p.balance_after),
                    tx.hash,
                )?;
                lines += 1;
            }
        }
    }
    Ok(lines)
}

/// One currency's reconciliation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reconciliation {
    /// Currency code.
    pub currency: String,
    /// PSP clearing balance over all shards, minor units.
    pub psp_clearing: i64,
    /// Sum of completed deposits, minor units.
    pub deposits: i64,
    /// Sum of completed withdrawals, minor units.
    pub withdrawals: i64,
}

impl Reconciliation {
    /// True when the ledger agrees with the payments.
    pub fn balanced(&self) -> bool {
        i128::from(self.psp_clearing) == i128::from(self.withdrawals) - i128::from(self.deposits)
    }
}

/// Reconciles PSP clearing with completed payments, per currency.
pub async fn reconcile(db: &DatabaseConnection) -> anyhow::Result<Vec<Reconciliation>> {
    let mut by_currency: BTreeMap<String, Reconciliation> = BTreeMap::new();
    let entry = |map: &mut BTreeMap<String, Reconciliation>, currency: &str| {
        map.entry(currency.to_owned())
            .or_insert_with(|| Reconciliation {
                currency: currency.to_owned(),
                psp_clearing: 0,
                deposits: 0,
                withdrawals: 0,
            })
            .currency
            .clone()
    };
    for account in accounts::Entity::find()
        .filter(accounts::Column::Kind.eq(AccountKind::PspClearing.code()))
        .all(db)
        .await?
    {
        let key = entry(&mut by_currency, &account.currency);
        if let Some(r) = by_currency.get_mut(&key) {
            r.psp_clearing = r
                .psp_clearing
                .checked_add(account.balance)
                .ok_or_else(|| anyhow::anyhow!("PSP clearing overflows"))?;
        }
    }
    for payment in payments::Entity::find()
        .filter(payments::Column::Status.eq("completed"))
        .all(db)
        .await?
    {
        let key = entry(&mut by_currency, &payment.currency);
        if let Some(r) = by_currency.get_mut(&key) {
            let total = if payment.direction == "deposit" {
                &mut r.deposits
            } else {
                &mut r.withdrawals
            };
            *total = total
                .checked_add(payment.amount)
                .ok_or_else(|| anyhow::anyhow!("payment totals overflow"))?;
        }
    }
    Ok(by_currency.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::csv;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv("deposit:1"), "deposit:1");
        assert_eq!(csv("a,b"), "\"a,b\"");
        assert_eq!(csv("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
