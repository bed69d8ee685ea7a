//! Keyset paging, the one way every list of the API pages (bets, odds
//! history, wallet transactions, a player's ledger, casino rounds, players,
//! the audit trail, loss alerts, exclusions in force, FX rate history):
//! newest first by `(time, id)`, a page of at most `limit` items, and an
//! opaque `next_cursor` that names the last item of a full page. The next
//! page is everything strictly older than that item, so rows written
//! between two requests neither repeat nor vanish, unlike offsets.
//!
//! A work queue (the KYC queue) pages the same way oldest first: the next
//! page is everything strictly newer than the item the cursor names.
//!
//! A list whose order is not `(time, id)` (a ledger chain by sequence, FX
//! rates by day then currency) still hands out this cursor, naming its
//! last item by time and id; its query looks that item up and continues
//! strictly after it in the list's own order, and a cursor naming no item
//! of the list is refused like a malformed one.
//!
//! A cursor is the hex of `<time in nanoseconds since the epoch>:<id>`:
//! URL-safe with no escaping, and the format `GET /bets` has always
//! answered, so cursors handed out before this module still work. Clients
//! treat it as opaque; anything this module did not make is refused as a
//! validation failure on the `cursor` field (422 over HTTP).

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The request field a bad cursor is reported on.
pub const CURSOR_FIELD: &str = "cursor";

/// The request field a page size out of range is reported on.
pub const LIMIT_FIELD: &str = "limit";

/// The position of one item in a newest-first list: its time and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cursor {
    /// The item's time (placed, created, registered…).
    pub at: DateTime<Utc>,
    /// The item's id, which orders items of the same time.
    pub id: Uuid,
}

/// A `cursor` this server did not make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("Not a cursor of this list; give a next_cursor as it was answered.")]
pub struct InvalidCursor;

/// A `limit` outside `1..=max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("Use a whole number from 1 to {max}.")]
pub struct LimitOutOfRange {
    /// The largest page the list serves.
    pub max: u64,
}

impl Cursor {
    /// The cursor of the item at `at` with `id`.
    pub fn new(at: DateTime<Utc>, id: Uuid) -> Self {
        Self { at, id }
    }

    /// The opaque, URL-safe text of this cursor.
    pub fn encode(&self) -> String {
        // Times past 2262 do not fit in i64 nanoseconds; none are stored.
        let nanos = self.at.timestamp_nanos_opt().unwrap_or(i64::MAX);
        hex::encode(format!("{nanos}:{}", self.id))
    }

    /// Reads a cursor made by [`Cursor::encode`].
    pub fn decode(raw: &str) -> Result<Self, InvalidCursor> {
        let text = hex::decode(raw.trim()).map_err(|_| InvalidCursor)?;
        let text = String::from_utf8(text).map_err(|_| InvalidCursor)?;
        let (nanos, id) = text.split_once(':').ok_or(InvalidCursor)?;
        let nanos: i64 = nanos.parse().map_err(|_| InvalidCursor)?;
        let id = Uuid::parse_str(id).map_err(|_| InvalidCursor)?;
        Ok(Self::new(DateTime::from_timestamp_nanos(nanos), id))
    }

    /// Reads an optional cursor; absent or blank means the first page.
    pub fn decode_opt(raw: Option<&str>) -> Result<Option<Self>, InvalidCursor> {
        match raw.map(str::trim) {
            None | Some("") => Ok(None),
            Some(raw) => Self::decode(raw).map(Some),
        }
    }
}

/// The page size an adapter asked for: `default` when absent, an error
/// unless in `1..=max` (adapters answer 422 on `limit`, as `GET /bets`).
pub fn checked_limit(asked: Option<u64>, default: u64, max: u64) -> Result<u64, LimitOutOfRange> {
    match asked {
        None => Ok(default.clamp(1, max)),
        Some(n) if (1..=max).contains(&n) => Ok(n),
        Some(_) => Err(LimitOutOfRange { max }),
    }
}

/// The page size a query serves: `limit` brought into `1..=max`. Engine
/// queries clamp whatever the adapter checked, so no caller can ask for an
/// unbounded page.
pub fn clamp_limit(limit: u64, max: u64) -> u64 {
    limit.clamp(1, max.max(1))
}

/// One page of a newest-first list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    /// Newest first.
    pub items: Vec<T>,
    /// Give it as `cursor` for the next (older) page; `None` on the last.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// The page of `rows` (at most `limit`, as queried by [`newest_first`]);
    /// a full page names its last row's cursor, since more may follow.
    pub fn of<R>(
        rows: Vec<R>,
        limit: u64,
        cursor_of: impl Fn(&R) -> Cursor,
        item: impl FnMut(R) -> T,
    ) -> Self {
        let next_cursor = next_cursor(&rows, limit, cursor_of);
        Self {
            items: rows.into_iter().map(item).collect(),
            next_cursor,
        }
    }

    /// The same page with each item converted, failing on the first error.
    pub fn try_map<U, E>(self, f: impl FnMut(T) -> Result<U, E>) -> Result<Page<U>, E> {
        Ok(Page {
            items: self.items.into_iter().map(f).collect::<Result<_, E>>()?,
            next_cursor: self.next_cursor,
        })
    }
}

/// The `next_cursor` of a page of `rows` queried with `limit`: the last
/// row's cursor when the page is full, else `None` (the last page).
pub fn next_cursor<R>(rows: &[R], limit: u64, cursor_of: impl Fn(&R) -> Cursor) -> Option<String> {
    match rows.last() {
        Some(last) if rows.len() as u64 >= limit => Some(cursor_of(last).encode()),
        _ => None,
    }
}

/// `query` ordered newest first by (`at`, `id`), limited to `limit` rows
/// and, with a cursor, to rows strictly older than it.
pub fn newest_first<E>(
    query: Select<E>,
    at: E::Column,
    id: E::Column,
    after: Option<Cursor>,
    limit: u64,
) -> Select<E>
where
    E: EntityTrait,
{
    let query = query.order_by_desc(at).order_by_desc(id).limit(limit);
    match after {
        None => query,
        Some(c) => query.filter(older_than(at, id, c)),
    }
}

/// `query` ordered oldest first by (`at`, `id`), limited to `limit` rows
/// and, with a cursor, to rows strictly newer than it: for a work queue
/// (the KYC queue), served in the order it is to be worked.
pub fn oldest_first<E>(
    query: Select<E>,
    at: E::Column,
    id: E::Column,
    after: Option<Cursor>,
    limit: u64,
) -> Select<E>
where
    E: EntityTrait,
{
    let query = query.order_by_asc(at).order_by_asc(id).limit(limit);
    match after {
        None => query,
        Some(c) => query.filter(
            Condition::any()
                .add(at.gt(c.at))
                .add(Condition::all().add(at.eq(c.at)).add(id.gt(c.id))),
        ),
    }
}

/// Rows strictly after `c` in newest-first order: older, or as old with a
/// smaller id.
pub fn older_than<C: ColumnTrait>(at: C, id: C, c: Cursor) -> Condition {
    Condition::any()
        .add(at.lt(c.at))
        .add(Condition::all().add(at.eq(c.at)).add(id.lt(c.id)))
}

// How each context reports a bad cursor: 422 `validation_failed` on
// `cursor`, through its own error type.

impl From<InvalidCursor> for crate::sportsbook::SportsbookError {
    fn from(e: InvalidCursor) -> Self {
        Self::validation(CURSOR_FIELD, e.to_string())
    }
}

impl From<InvalidCursor> for crate::wallet::WalletError {
    fn from(e: InvalidCursor) -> Self {
        Self::validation(CURSOR_FIELD, &e.to_string())
    }
}

impl From<InvalidCursor> for crate::casino::CasinoError {
    fn from(e: InvalidCursor) -> Self {
        Self::validation(CURSOR_FIELD, &e.to_string())
    }
}

impl From<InvalidCursor> for crate::compliance::ComplianceError {
    fn from(e: InvalidCursor) -> Self {
        Self::validation(CURSOR_FIELD, e.to_string())
    }
}

impl From<InvalidCursor> for crate::finance::FinanceError {
    fn from(e: InvalidCursor) -> Self {
        Self::validation(CURSOR_FIELD, &e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_as_the_item_it_names() {
        let at = DateTime::from_timestamp_nanos(1_765_000_000_123_456_000);
        let c = Cursor::new(at, Uuid::now_v7());
        let text = c.encode();
        assert!(text.chars().all(|ch| ch.is_ascii_hexdigit()), "{text}");
        assert_eq!(Cursor::decode(&text), Ok(c));
        assert_eq!(Cursor::decode_opt(Some(&text)), Ok(Some(c)));
    }

    #[test]
    fn anything_else_is_refused_and_blank_means_the_first_page() {
        for bad in [
            "nope",
            "zz",
            &hex::encode("12:not-a-uuid"),
            &hex::encode("x"),
        ] {
            assert_eq!(Cursor::decode(bad), Err(InvalidCursor), "{bad}");
        }
        assert_eq!(Cursor::decode_opt(None), Ok(None));
        assert_eq!(Cursor::decode_opt(Some("  ")), Ok(None));
    }

    #[test]
    fn a_limit_defaults_and_out_of_range_ones_are_refused_or_clamped() {
        assert_eq!(checked_limit(None, 50, 200), Ok(50));
        assert_eq!(checked_limit(Some(200), 50, 200), Ok(200));
        assert_eq!(
            checked_limit(Some(0), 50, 200),
            Err(LimitOutOfRange { max: 200 })
        );
        assert_eq!(
            checked_limit(Some(201), 50, 200),
            Err(LimitOutOfRange { max: 200 })
        );
        assert_eq!(clamp_limit(0, 100), 1);
        assert_eq!(clamp_limit(1_000, 100), 100);
    }

    #[test]
    fn only_a_full_page_names_a_next_cursor() {
        let at = DateTime::from_timestamp_nanos(0);
        let rows = [Uuid::now_v7(), Uuid::now_v7()];
        let key = |id: &Uuid| Cursor::new(at, *id);
        assert_eq!(
            next_cursor(&rows, 2, key),
            Some(Cursor::new(at, rows[1]).encode())
        );
        assert_eq!(next_cursor(&rows, 3, key), None);
        assert_eq!(next_cursor::<Uuid>(&[], 1, key), None);
    }
}
