//! Read models of the wallet: a player's cash history with running balance
//! (the API's transaction list) and a player's full ledger (back office).
//! Both page newest first with a bounded page size and the shared opaque
//! cursor ([`crate::paging`]): the history by posting, the ledger by chain
//! position (its cursor names a transaction of the chain, whose sequence
//! the next page continues below; the legacy `before_seq` still works).

use chrono::{DateTime, Utc};
use domain::ledger::{AccountKind, TransactionKind};
use domain::money::Money;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use uuid::Uuid;

use super::{Wallet, WalletError, store};
use crate::paging::{self, Cursor, Page};
use entity::{accounts, ledger_postings, ledger_transactions};

/// Largest page of history or ledger.
pub const MAX_PAGE: u64 = 200;
/// Page size when none is asked for.
pub const DEFAULT_PAGE: u64 = 50;

/// One change of the player's cash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryItem {
    /// The ledger transaction.
    pub id: Uuid,
    /// Its kind code.
    pub kind: String,
    /// The signed change of cash (negative for debits).
    pub amount: Money,
    /// Cash right after.
    pub balance_after: Money,
    /// When.
    pub created_at: DateTime<Utc>,
    /// The cash posting's id: the history's position of this item, which
    /// the REST API's legacy `before` parameter takes
    /// ([`history_cursor`] turns it into a cursor).
    pub cursor: Uuid,
}

/// The history cursor of the item whose [`HistoryItem::cursor`] is
/// `posting`: what `GET /wallet/transactions?before=<posting id>` (the
/// name and form before cursors were opaque) means.
pub fn history_cursor(posting: Uuid) -> String {
    // The history's keyset is the posting id alone (see `history`), so the
    // time half of this cursor is never read.
    Cursor::new(DateTime::UNIX_EPOCH, posting).encode()
}

/// One posting as the back office sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerLine {
    /// Account kind code.
    pub account: String,
    /// True for a house account.
    pub house: bool,
    /// Signed change.
    pub amount: Money,
    /// The account's balance right after.
    pub balance_after: Money,
}

/// One transaction of a player's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerEntry {
    /// The transaction.
    pub id: Uuid,
    /// Position in the player's chain.
    pub seq: i64,
    /// Kind code.
    pub kind: String,
    /// Reference.
    pub reference: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Its chain hash.
    pub hash: String,
    /// Its postings.
    pub postings: Vec<LedgerLine>,
}

fn clamp(limit: Option<u64>) -> u64 {
    limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE)
}

impl Wallet<'_> {
    /// One page of the player's cash history, newest first: at most
    /// `limit` items (1 to [`MAX_PAGE`]) older than `cursor` (a
    /// `next_cursor` of an earlier page; a malformed one is a validation
    /// failure on `cursor`). `next_cursor` is set when the page is full.
    pub async fn history(
        &self,
        player: Uuid,
        limit: u64,
        cursor: Option<&str>,
    ) -> Result<Page<HistoryItem>, WalletError> {
        let after = Cursor::decode_opt(cursor)?;
        let limit = paging::clamp_limit(limit, MAX_PAGE);
        let accounts = self.accounts(player).await?;
        let db = self.engine.db();
        // Postings have no time of their own, and their ids are UUID v7
        // drawn as they are written, so the id alone orders them the way
        // they happened; the cursor carries the transaction's time only
        // because every list shares one cursor format.
        let mut query = ledger_postings::Entity::find()
            .filter(ledger_postings::Column::AccountId.eq(accounts.cash));
        if let Some(after) = after {
            query = query.filter(ledger_postings::Column::Id.lt(after.id));
        }
        let postings = query
            .order_by_desc(ledger_postings::Column::Id)
            .limit(limit)
            .all(db)
            .await?;
        let ids: Vec<Uuid> = postings.iter().map(|p| p.transaction_id).collect();
        let transactions = ledger_transactions::Entity::find()
            .filter(ledger_transactions::Column::Id.is_in(ids))
            .all(db)
            .await?;
        let items = postings
            .into_iter()
            .map(|p| {
                let tx = transactions
                    .iter()
                    .find(|t| t.id == p.transaction_id)
                    .ok_or_else(|| anyhow::anyhow!("posting {} without transaction", p.id))?;
                Ok(HistoryItem {
                    id: tx.id,
                    kind: tx.kind.clone(),
                    amount: Money::new(p.amount, accounts.currency),
                    balance_after: Money::new(p.balance_after, accounts.currency),
                    created_at: tx.created_at,
                    cursor: p.id,
                })
            })
            .collect::<Result<Vec<_>, WalletError>>()?;
        Ok(Page::of(
            items,
            limit,
            |i| Cursor::new(i.created_at, i.cursor),
            |i| i,
        ))
    }

    /// The player's ledger (every transaction of their chain with every
    /// posting), newest first, `limit` entries below sequence `before_seq`:
    /// the items of [`Wallet::ledger_page`] without a cursor.
    pub async fn ledger(
        &self,
        player: Uuid,
        limit: Option<u64>,
        before_seq: Option<i64>,
    ) -> Result<Vec<LedgerEntry>, WalletError> {
        Ok(self
            .ledger_page(player, clamp(limit), None, before_seq)
            .await?
            .items)
    }

    /// One page of the player's ledger, newest first by chain position: at
    /// most `limit` entries (1 to [`MAX_PAGE`]) below the entry `cursor`
    /// names (a `next_cursor` of an earlier page; a malformed one, or one
    /// naming no entry of this chain, is a validation failure on `cursor`)
    /// and below sequence `before_seq` (the legacy keyset).
    pub async fn ledger_page(
        &self,
        player: Uuid,
        limit: u64,
        cursor: Option<&str>,
        before_seq: Option<i64>,
    ) -> Result<Page<LedgerEntry>, WalletError> {
        let after = Cursor::decode_opt(cursor)?;
        let limit = paging::clamp_limit(limit, MAX_PAGE);
        self.accounts(player).await?;
        let db = self.engine.db();
        let chain = store::player_chain(player);
        let mut query = ledger_transactions::Entity::find()
            .filter(ledger_transactions::Column::ChainKey.eq(chain.clone()));
        if let Some(after) = after {
            let named = ledger_transactions::Entity::find_by_id(after.id)
                .filter(ledger_transactions::Column::ChainKey.eq(chain))
                .one(db)
                .await?
                .ok_or(paging::InvalidCursor)?;
            query = query.filter(ledger_transactions::Column::Seq.lt(named.seq));
        }
        if let Some(before) = before_seq {
            query = query.filter(ledger_transactions::Column::Seq.lt(before));
        }
        let transactions = query
            .order_by_desc(ledger_transactions::Column::Seq)
            .limit(limit)
            .all(db)
            .await?;
        let ids: Vec<Uuid> = transactions.iter().map(|t| t.id).collect();
        let postings = ledger_postings::Entity::find()
            .filter(ledger_postings::Column::TransactionId.is_in(ids))
            .order_by_asc(ledger_postings::Column::Id)
            .all(db)
            .await?;
        let account_ids: Vec<Uuid> = postings.iter().map(|p| p.account_id).collect();
        let account_rows = accounts::Entity::find()
            .filter(accounts::Column::Id.is_in(account_ids))
            .all(db)
            .await?;
        let mut entries = Vec::with_capacity(transactions.len());
        for tx in transactions {
            let mut lines = Vec::new();
            for p in postings.iter().filter(|p| p.transaction_id == tx.id) {
                let account = account_rows
                    .iter()
                    .find(|a| a.id == p.account_id)
                    .ok_or_else(|| anyhow::anyhow!("posting {} without account", p.id))?;
                let currency = p.currency.parse().map_err(anyhow::Error::from)?;
                let kind: AccountKind = account.kind.parse().map_err(anyhow::Error::from)?;
                lines.push(LedgerLine {
                    account: kind.code().to_owned(),
                    house: !kind.is_player(),
                    amount: Money::new(p.amount, currency),
                    balance_after: Money::new(p.balance_after, currency),
                });
            }
            let kind: TransactionKind = tx.kind.parse().map_err(anyhow::Error::from)?;
            entries.push(LedgerEntry {
                id: tx.id,
                seq: tx.seq,
                kind: kind.code().to_owned(),
                reference: tx.reference,
                created_at: tx.created_at,
                hash: tx.hash,
                postings: lines,
            });
        }
        Ok(Page::of(
            entries,
            limit,
            |e| Cursor::new(e.created_at, e.id),
            |e| e,
        ))
    }
}
