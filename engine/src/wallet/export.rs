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

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use domain::ledger::AccountKind;
use domain::money::{Currency, Money};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use uuid::Uuid;

use entity::{accounts, ledger_postings, ledger_transactions, payments};

/// Transactions read per batch.
const BATCH: u64 = 500;

/// The CSV header of the journal.
pub const JOURNAL_HEADER: &str = "transaction_id,chain,seq,kind,reference,created_at,account_kind,owner_id,shard,currency,amount,balance_after,hash";

/// A CSV writer (RFC 4180: a field is quoted only when it holds a comma, a
/// quote or a line end, a quote inside doubled) ending its records with
/// `terminator`. Every record must have the header's number of fields.
fn csv_writer<W: Write>(out: W, terminator: csv::Terminator) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(terminator)
        .from_writer(out)
}

/// Calls `line` for every posting of every transaction created in
/// `[from, to)` (either bound optional), oldest transaction first, postings
/// in insertion order; reads in batches so memory stays flat.
async fn walk_journal(
    db: &DatabaseConnection,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    mut line: impl FnMut(
        &ledger_transactions::Model,
        &ledger_postings::Model,
        &accounts::Model,
        Currency,
    ) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
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
                let currency: Currency = p.currency.parse()?;
                line(tx, p, account, currency)?;
                lines += 1;
            }
        }
    }
    Ok(lines)
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
    let mut csv = csv_writer(out, csv::Terminator::Any(b'\n'));
    csv.write_record(JOURNAL_HEADER.split(','))?;
    let lines = walk_journal(db, from, to, |tx, p, account, currency| {
        let money = |minor| Money::new(minor, currency).format_amount();
        csv.write_record([
            tx.id.to_string().as_str(),
            &tx.chain_key,
            &tx.seq.to_string(),
            &tx.kind,
            &tx.reference,
            &tx.created_at.to_rfc3339_opts(SecondsFormat::Micros, true),
            &account.kind,
            &account.owner_id.map(|o| o.to_string()).unwrap_or_default(),
            &account.shard.to_string(),
            currency.code(),
            &money(p.amount),
            &money(p.balance_after),
            &tx.hash,
        ])?;
        Ok(())
    })
    .await?;
    csv.flush()?;
    Ok(lines)
}

/// The CSV header of the accounting journal ([`daily_journal`]).
pub const DAILY_JOURNAL_HEADER: &str =
    "transaction_id,created_at,account,account_kind,owner_id,debit,credit,currency,kind,reference";

/// One line of the accounting journal: one posting, its amount in the debit
/// column when it takes money out of the account and in the credit column
/// when it puts money in (the account holder's view, as on a statement: a
/// deposit credits the player's cash and debits PSP clearing). Every
/// transaction's postings sum to zero per currency, so per currency the
/// debits of a day equal its credits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JournalLine {
    /// The ledger transaction.
    pub transaction_id: Uuid,
    /// When it was written, RFC 3339 UTC with microseconds.
    pub created_at: String,
    /// The account's stable key (kind, owner or shard, currency).
    pub account: String,
    /// The account kind, e.g. `player_cash`, `psp_clearing`.
    pub account_kind: String,
    /// The player for player accounts.
    pub owner_id: Option<Uuid>,
    /// Money taken out, a decimal string, or empty.
    pub debit: String,
    /// Money put in, a decimal string, or empty.
    pub credit: String,
    /// Currency code.
    pub currency: String,
    /// Transaction kind, e.g. `deposit`.
    pub kind: String,
    /// The transaction's reference, e.g. `deposit:<payment id>`.
    pub reference: String,
}

/// Every posting of the transactions created on `day` (UTC), oldest first.
pub async fn daily_journal(
    db: &DatabaseConnection,
    day: NaiveDate,
) -> anyhow::Result<Vec<JournalLine>> {
    let (start, end) =
        crate::finance::report::day_bounds(day).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut lines = Vec::new();
    walk_journal(db, Some(start), Some(end), |tx, p, account, currency| {
        let money = Money::new(p.amount, currency);
        let (debit, credit) = if p.amount < 0 {
            (money.checked_neg()?.format_amount(), String::new())
        } else {
            (String::new(), money.format_amount())
        };
        lines.push(JournalLine {
            transaction_id: tx.id,
            created_at: tx.created_at.to_rfc3339_opts(SecondsFormat::Micros, true),
            account: account.account_key.clone(),
            account_kind: account.kind.clone(),
            owner_id: account.owner_id,
            debit,
            credit,
            currency: currency.code().to_owned(),
            kind: tx.kind.clone(),
            reference: tx.reference.clone(),
        });
        Ok(())
    })
    .await?;
    Ok(lines)
}

/// The journal lines as CSV (RFC 4180, `\r\n` line ends, with
/// [`DAILY_JOURNAL_HEADER`]).
pub fn journal_csv(lines: &[JournalLine]) -> String {
    let mut out = Vec::with_capacity(64 + lines.len() * 160);
    // Into memory, every record as long as the header: nothing can fail.
    let written = write_journal_csv(lines, &mut out);
    debug_assert!(written.is_ok(), "{written:?}");
    // Every field is a string: the bytes are UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn write_journal_csv(lines: &[JournalLine], out: impl Write) -> csv::Result<()> {
    let mut csv = csv_writer(out, csv::Terminator::CRLF);
    csv.write_record(DAILY_JOURNAL_HEADER.split(','))?;
    for l in lines {
        csv.write_record([
            l.transaction_id.to_string().as_str(),
            &l.created_at,
            &l.account,
            &l.account_kind,
            &l.owner_id.map(|o| o.to_string()).unwrap_or_default(),
            &l.debit,
            &l.credit,
            &l.currency,
            &l.kind,
            &l.reference,
        ])?;
    }
    csv.flush()?;
    Ok(())
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

/// Why a payment and the ledger disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MismatchReason {
    /// The provider confirmed the payment but PSP clearing never moved.
    MissingPosting,
    /// PSP clearing moved for a payment the provider has not confirmed.
    UnconfirmedPosting,
    /// Both exist but the amounts differ.
    AmountMismatch,
    /// The posting is in another currency than the payment.
    CurrencyMismatch,
    /// A PSP clearing posting names no known payment.
    UnknownPayment,
}

/// One difference found by [`reconcile_day`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mismatch {
    /// What is wrong.
    pub reason: MismatchReason,
    /// The payment, when one is named.
    pub payment_id: Option<Uuid>,
    /// `deposit` or `withdrawal`, when the payment is known.
    pub direction: Option<String>,
    /// The payment's status, when known.
    pub status: Option<String>,
    /// The ledger transactions involved.
    pub transaction_ids: Vec<Uuid>,
    /// Currency code.
    pub currency: String,
    /// What PSP clearing should have moved by, signed (a deposit takes from
    /// it, a withdrawal puts back), a decimal string.
    pub expected: String,
    /// What it moved by in the ledger, signed.
    pub posted: String,
}

/// One currency's figures of the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayTotals {
    /// Currency code.
    pub currency: String,
    /// Deposits the providers completed that day.
    pub confirmed_deposits: String,
    /// Withdrawals the providers completed that day.
    pub confirmed_withdrawals: String,
    /// Net PSP clearing postings of the day.
    pub posted_psp_clearing: String,
    /// What PSP clearing should have moved by: withdrawals − deposits.
    pub expected_psp_clearing: String,
}

/// The reconciliation of one day: every payment completed that day and
/// every payment PSP clearing moved for that day, each compared with all of
/// its PSP clearing postings (whatever day they carry, so a payment that
/// straddles midnight is not a false alarm).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DailyReconciliation {
    /// The day (UTC).
    pub day: NaiveDate,
    /// Payments compared.
    pub payments_checked: u32,
    /// Per-currency figures.
    pub totals: Vec<DayTotals>,
    /// Every difference; empty when the day reconciles.
    pub mismatches: Vec<Mismatch>,
}

impl DailyReconciliation {
    /// True when nothing differs.
    pub fn balanced(&self) -> bool {
        self.mismatches.is_empty()
    }
}

/// The payment a PSP clearing transaction belongs to, from its reference.
fn payment_of(reference: &str) -> Option<Uuid> {
    reference
        .strip_prefix("deposit:")
        .or_else(|| reference.strip_prefix("withdrawal:"))
        .and_then(|id| Uuid::parse_str(id).ok())
}

/// PSP clearing postings: (transaction, reference, amount, currency).
type PspPosting = (Uuid, String, i64, String);

/// The PSP clearing postings on `psp_accounts` of the transactions
/// `filter` picks.
async fn psp_postings(
    db: &DatabaseConnection,
    psp_accounts: &[Uuid],
    filter: sea_orm::Condition,
) -> anyhow::Result<Vec<PspPosting>> {
    Ok(ledger_postings::Entity::find()
        .select_only()
        .column(ledger_transactions::Column::Id)
        .column(ledger_transactions::Column::Reference)
        .column(ledger_postings::Column::Amount)
        .column(ledger_postings::Column::Currency)
        .join(
            sea_orm::JoinType::InnerJoin,
            ledger_postings::Entity::belongs_to(ledger_transactions::Entity)
                .from(ledger_postings::Column::TransactionId)
                .to(ledger_transactions::Column::Id)
                .into(),
        )
        .filter(ledger_postings::Column::AccountId.is_in(psp_accounts.iter().copied()))
        .filter(filter)
        .into_tuple()
        .all(db)
        .await?)
}

/// Per currency: (confirmed deposits, confirmed withdrawals, posted to PSP
/// clearing), in minor units.
type Totals = BTreeMap<String, (i64, i64, i64)>;

/// Reconciles `day` (UTC): provider-confirmed payments against the ledger's
/// PSP clearing postings, listing every mismatch.
pub async fn reconcile_day(
    db: &DatabaseConnection,
    day: NaiveDate,
) -> anyhow::Result<DailyReconciliation> {
    let (start, end) =
        crate::finance::report::day_bounds(day).map_err(|e| anyhow::anyhow!("{e}"))?;
    let psp_accounts = psp_clearing_accounts(db).await?;
    let of_day = psp_postings(
        db,
        &psp_accounts,
        sea_orm::Condition::all()
            .add(ledger_transactions::Column::CreatedAt.gte(start))
            .add(ledger_transactions::Column::CreatedAt.lt(end)),
    )
    .await?;
    let completed = payments::Entity::find()
        .filter(payments::Column::Status.eq("completed"))
        .filter(payments::Column::CompletedAt.gte(start))
        .filter(payments::Column::CompletedAt.lt(end))
        .all(db)
        .await?;

    let mut mismatches = Vec::new();
    let mut totals = confirmed_totals(&completed)?;
    let reversed_refs = reversed_references(db, &of_day).await?;
    let mut payment_ids: Vec<Uuid> = completed.iter().map(|p| p.id).collect();
    for (tx, reference, amount, currency) in &of_day {
        bump(&mut totals.entry(currency.clone()).or_default().2, *amount)?;
        match resolve_payment(reference, &reversed_refs) {
            Some(id) => payment_ids.push(id),
            None => mismatches.push(Mismatch {
                reason: MismatchReason::UnknownPayment,
                payment_id: None,
                direction: None,
                status: None,
                transaction_ids: vec![*tx],
                currency: currency.clone(),
                expected: format_minor(0, currency),
                posted: format_minor(*amount, currency),
            }),
        }
    }
    payment_ids.sort();
    payment_ids.dedup();

    let mut by_payment = postings_by_payment(db, &psp_accounts, &payment_ids).await?;
    let known = payments_by_id(db, &payment_ids).await?;
    for id in &payment_ids {
        let postings = by_payment.remove(id).unwrap_or_default();
        if let Some(mismatch) = payment_mismatch(*id, &postings, known.get(id))? {
            mismatches.push(mismatch);
        }
    }
    Ok(DailyReconciliation {
        day,
        payments_checked: u32::try_from(known.len()).unwrap_or(u32::MAX),
        totals: day_totals(totals),
        mismatches,
    })
}

/// Adds `by` to a reconciliation total, failing rather than wrapping.
fn bump(v: &mut i64, by: i64) -> anyhow::Result<()> {
    *v = v
        .checked_add(by)
        .ok_or_else(|| anyhow::anyhow!("reconciliation total overflows"))?;
    Ok(())
}

/// The ids of every PSP clearing account.
async fn psp_clearing_accounts(db: &DatabaseConnection) -> anyhow::Result<Vec<Uuid>> {
    Ok(accounts::Entity::find()
        .filter(accounts::Column::Kind.eq(AccountKind::PspClearing.code()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect())
}

/// The confirmed deposits and withdrawals of the `completed` payments, per
/// currency (nothing posted yet).
fn confirmed_totals(completed: &[payments::Model]) -> anyhow::Result<Totals> {
    let mut totals = Totals::new();
    for p in completed {
        let t = totals.entry(p.currency.clone()).or_default();
        if p.direction == "deposit" {
            bump(&mut t.0, p.amount)?;
        } else {
            bump(&mut t.1, p.amount)?;
        }
    }
    Ok(totals)
}

/// The references of the transactions the day's reversals undo, by
/// transaction id: reversals name the transaction they undo, which names
/// its payment.
async fn reversed_references(
    db: &DatabaseConnection,
    of_day: &[PspPosting],
) -> anyhow::Result<BTreeMap<Uuid, String>> {
    let reversed: Vec<Uuid> = of_day
        .iter()
        .filter_map(|(_, r, _, _)| r.strip_prefix("reverse:"))
        .filter_map(|id| Uuid::parse_str(id).ok())
        .collect();
    if reversed.is_empty() {
        return Ok(BTreeMap::new());
    }
    Ok(ledger_transactions::Entity::find()
        .filter(ledger_transactions::Column::Id.is_in(reversed))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.reference))
        .collect())
}

/// The payment a PSP clearing transaction belongs to, following a reversal
/// to the transaction it undoes ([`reversed_references`]).
fn resolve_payment(reference: &str, reversed_refs: &BTreeMap<Uuid, String>) -> Option<Uuid> {
    payment_of(reference).or_else(|| {
        reference
            .strip_prefix("reverse:")
            .and_then(|id| Uuid::parse_str(id).ok())
            .and_then(|id| reversed_refs.get(&id))
            .and_then(|r| payment_of(r))
    })
}

/// Every PSP clearing posting of the payments, whatever its day, by
/// payment: their own transactions and the reversals of those.
async fn postings_by_payment(
    db: &DatabaseConnection,
    psp_accounts: &[Uuid],
    payment_ids: &[Uuid],
) -> anyhow::Result<BTreeMap<Uuid, Vec<PspPosting>>> {
    let mut refs: Vec<String> = Vec::with_capacity(payment_ids.len() * 2);
    for id in payment_ids {
        refs.push(format!("deposit:{id}"));
        refs.push(format!("withdrawal:{id}"));
    }
    let mut by_payment: BTreeMap<Uuid, Vec<PspPosting>> = BTreeMap::new();
    for chunk in refs.chunks(400) {
        let direct = psp_postings(
            db,
            psp_accounts,
            sea_orm::Condition::all()
                .add(ledger_transactions::Column::Reference.is_in(chunk.iter().cloned())),
        )
        .await?;
        let undo_refs: Vec<String> = direct
            .iter()
            .map(|(tx, ..)| format!("reverse:{tx}"))
            .collect();
        let mut rows = direct.clone();
        if !undo_refs.is_empty() {
            let undone = psp_postings(
                db,
                psp_accounts,
                sea_orm::Condition::all()
                    .add(ledger_transactions::Column::Reference.is_in(undo_refs)),
            )
            .await?;
            let origin: BTreeMap<String, String> = direct
                .iter()
                .map(|(tx, r, ..)| (format!("reverse:{tx}"), r.clone()))
                .collect();
            for (tx, r, amount, currency) in undone {
                if let Some(original) = origin.get(&r) {
                    rows.push((tx, original.clone(), amount, currency));
                }
            }
        }
        for row in rows {
            if let Some(id) = payment_of(&row.1) {
                by_payment.entry(id).or_default().push(row);
            }
        }
    }
    Ok(by_payment)
}

/// The payments that exist among `payment_ids`, by id.
async fn payments_by_id(
    db: &DatabaseConnection,
    payment_ids: &[Uuid],
) -> anyhow::Result<BTreeMap<Uuid, payments::Model>> {
    let mut found = BTreeMap::new();
    for chunk in payment_ids.chunks(400) {
        for p in payments::Entity::find()
            .filter(payments::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            found.insert(p.id, p);
        }
    }
    Ok(found)
}

/// What is wrong with payment `id` given its PSP clearing `postings`, if
/// anything: an unknown payment, postings in another currency, or a
/// posted sum that is not what its status and direction expect.
fn payment_mismatch(
    id: Uuid,
    postings: &[PspPosting],
    payment: Option<&payments::Model>,
) -> anyhow::Result<Option<Mismatch>> {
    let transaction_ids: Vec<Uuid> = postings.iter().map(|(tx, ..)| *tx).collect();
    let Some(p) = payment else {
        let (currency, posted) = postings
            .iter()
            .fold((String::new(), 0i64), |(_, sum), (_, _, a, c)| {
                (c.clone(), sum.saturating_add(*a))
            });
        return Ok(Some(Mismatch {
            reason: MismatchReason::UnknownPayment,
            payment_id: Some(id),
            direction: None,
            status: None,
            transaction_ids,
            expected: format_minor(0, &currency),
            posted: format_minor(posted, &currency),
            currency,
        }));
    };
    let expected = match (p.status.as_str(), p.direction.as_str()) {
        ("completed", "deposit") => -p.amount,
        ("completed", _) => p.amount,
        _ => 0,
    };
    let mut posted = 0i64;
    let mut foreign = false;
    for (_, _, amount, currency) in postings {
        foreign |= *currency != p.currency;
        bump(&mut posted, *amount)?;
    }
    let reason = if foreign {
        Some(MismatchReason::CurrencyMismatch)
    } else if posted == expected {
        None
    } else if posted == 0 {
        Some(MismatchReason::MissingPosting)
    } else if expected == 0 {
        Some(MismatchReason::UnconfirmedPosting)
    } else {
        Some(MismatchReason::AmountMismatch)
    };
    Ok(reason.map(|reason| Mismatch {
        reason,
        payment_id: Some(p.id),
        direction: Some(p.direction.clone()),
        status: Some(p.status.clone()),
        transaction_ids,
        currency: p.currency.clone(),
        expected: format_minor(expected, &p.currency),
        posted: format_minor(posted, &p.currency),
    }))
}

/// The day's totals per currency, with the PSP clearing balance the
/// confirmed payments expect (withdrawals − deposits).
fn day_totals(totals: Totals) -> Vec<DayTotals> {
    totals
        .into_iter()
        .map(|(currency, (deposits, withdrawals, posted))| DayTotals {
            confirmed_deposits: format_minor(deposits, &currency),
            confirmed_withdrawals: format_minor(withdrawals, &currency),
            posted_psp_clearing: format_minor(posted, &currency),
            expected_psp_clearing: format_minor(withdrawals.saturating_sub(deposits), &currency),
            currency,
        })
        .collect()
}

/// Minor units as a decimal string of `currency` (the bare number when the
/// code is not one we know).
fn format_minor(minor: i64, currency: &str) -> String {
    match currency.parse::<Currency>() {
        Ok(c) => Money::new(minor, c).format_amount(),
        Err(_) => minor.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(account_kind: &str, reference: &str) -> JournalLine {
        JournalLine {
            transaction_id: Uuid::nil(),
            created_at: "2026-12-01T10:00:00.000000Z".to_owned(),
            account: "player_cash:1:EUR".to_owned(),
            account_kind: account_kind.to_owned(),
            owner_id: None,
            debit: String::new(),
            credit: "1.50".to_owned(),
            currency: "EUR".to_owned(),
            kind: "bet".to_owned(),
            reference: reference.to_owned(),
        }
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        let csv = journal_csv(&[
            line("player_cash", "deposit:1"),
            line("a,b", "say \"hi\""),
            line("two\nlines", "cr\rhere"),
        ]);
        let nil = Uuid::nil();
        assert_eq!(
            csv,
            format!(
                "{DAILY_JOURNAL_HEADER}\r\n\
                 {nil},2026-12-01T10:00:00.000000Z,player_cash:1:EUR,player_cash,,,1.50,EUR,bet,deposit:1\r\n\
                 {nil},2026-12-01T10:00:00.000000Z,player_cash:1:EUR,\"a,b\",,,1.50,EUR,bet,\"say \"\"hi\"\"\"\r\n\
                 {nil},2026-12-01T10:00:00.000000Z,player_cash:1:EUR,\"two\nlines\",,,1.50,EUR,bet,\"cr\rhere\"\r\n"
            )
        );
        assert_eq!(journal_csv(&[]), format!("{DAILY_JOURNAL_HEADER}\r\n"));
    }
}
