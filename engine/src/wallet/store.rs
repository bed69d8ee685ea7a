//! The storage primitives every wallet command is built from: opening
//! accounts, locking a chain, applying postings with balance checks,
//! appending a hash-chained ledger transaction, stored idempotency keys, the
//! balance event, and the bounded retry of transient database conflicts.
//!
//! Locking protocol (the same on SQLite and PostgreSQL): the first statement
//! of every money transaction is a write to its chain's row in
//! `ledger_chains`. On PostgreSQL that takes the row lock, so commands on one
//! player run one after another while other players run in parallel; on
//! SQLite it takes the database write lock before anything is read (a
//! deferred transaction that reads first and writes later fails with
//! `SQLITE_BUSY` instead of waiting). Everything after that — the
//! idempotency check, the balance checks, the chain head — is read under the
//! lock. Player balances are then changed with conditional updates
//! (`balance + x >= 0`), house balances last and unconditionally, player
//! rows before house rows and each group in id order, so two transactions
//! never wait on each other in opposite orders.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use domain::ledger::{
    AccountKind, AccountRef, CanonicalTransaction, Posting, TransactionDraft, TransactionKind,
    canonical_transaction_bytes,
};
use domain::money::{Currency, Money};
use sea_orm::Condition;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, Set, SqlErr,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{Balances, Idempotency, WalletError};
use crate::db::Writes;
use entity::{accounts, idempotency_keys, ledger_chains, ledger_postings, ledger_transactions};

/// How many house-account shards each house kind and currency is split
/// into, so concurrent players do not queue on one row.
pub const HOUSE_SHARDS: u32 = 8;
/// Attempts of one command when the database reports a transient conflict.
pub const MAX_ATTEMPTS: u32 = 8;

/// The chain a transaction touching this player belongs to.
pub fn player_chain(player_id: Uuid) -> String {
    format!("player:{player_id}")
}

/// The chain of transactions that touch no player.
pub const HOUSE_CHAIN: &str = "house";

/// The house shard a player's transactions use.
pub fn house_shard(player_id: Uuid) -> i32 {
    let shard = player_id.as_u128() % u128::from(HOUSE_SHARDS);
    i32::try_from(shard).unwrap_or(0)
}

/// The unique natural key of an account row.
pub fn account_key(account: &AccountRef, currency: Currency, shard: i32) -> String {
    let owner = account
        .player_id()
        .map_or_else(|| "house".to_owned(), |id| id.to_string());
    format!(
        "{}:{owner}:{}:{shard}",
        account.kind().code(),
        currency.code()
    )
}

/// Truncates a timestamp to the microsecond, the precision both databases
/// store and the canonical encoding covers.
pub fn micros(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

/// SHA-256 (hex) of a transaction's canonical bytes.
pub fn transaction_hash(tx: &CanonicalTransaction<'_>) -> String {
    hex::encode(Sha256::digest(canonical_transaction_bytes(tx)))
}

/// True for errors worth retrying: lock waits that timed out, SQLite busy,
/// PostgreSQL serialization failures and deadlocks.
pub fn is_transient(e: &DbErr) -> bool {
    // PostgreSQL by SQLSTATE: serialization failure, deadlock, lock not
    // available.
    if matches!(sql_state(e).as_deref(), Some("40001" | "40P01" | "55P03")) {
        return true;
    }
    let text = e.to_string().to_ascii_lowercase();
    [
        "database is locked",
        "database table is locked",
        "sqlite_busy",
        "deadlock detected",
        "could not serialize",
        "40001",
        "40p01",
        "pool timed out",
    ]
    .iter()
    .any(|needle| text.contains(needle))
}

/// Waits a little longer after each failed attempt (bounded, with jitter so
/// retries do not collide again).
pub async fn backoff(attempt: u32) {
    let base = 5u64 * u64::from(Ord::min(attempt, 6));
    let jitter = rand::random::<u64>() % 10;
    tokio::time::sleep(Duration::from_millis(base + jitter)).await;
}

/// Runs `$body` (an expression producing a `Result<_, WalletError>` future)
/// until it succeeds, fails for good, or [`MAX_ATTEMPTS`] run out.
macro_rules! with_retry {
    ($body:expr) => {{
        let mut attempt = 1u32;
        loop {
            match $body.await {
                Err(e) if e.is_retryable() && attempt < $crate::wallet::store::MAX_ATTEMPTS => {
                    $crate::wallet::store::backoff(attempt).await;
                    attempt += 1;
                }
                other => break other,
            }
        }
    }};
}
pub(crate) use with_retry;

/// Ids of a player's three accounts and their currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlayerAccounts {
    /// The player.
    pub player_id: Uuid,
    /// Wallet currency.
    pub currency: Currency,
    /// Withdrawable cash.
    pub cash: Uuid,
    /// Bonus money.
    pub bonus: Uuid,
    /// Held money (open bets, pending withdrawals).
    pub reserved: Uuid,
}

impl PlayerAccounts {
    /// The id of the account of `kind` (a player kind).
    pub fn id_of(&self, kind: AccountKind) -> Option<Uuid> {
        match kind {
            AccountKind::PlayerCash => Some(self.cash),
            AccountKind::PlayerBonus => Some(self.bonus),
            AccountKind::PlayerReserved => Some(self.reserved),
            _ => None,
        }
    }
}

/// Cache of house account ids by natural key (a few dozen rows at most).
#[derive(Default)]
pub struct HouseCache {
    ids: Mutex<HashMap<String, Uuid>>,
}

/// Cache of players' account ids: a player's three accounts and currency
/// are fixed once opened, so they are read from the database once per
/// process. Bounded: emptied when it reaches [`PlayerCache::CAPACITY`].
#[derive(Default)]
pub struct PlayerCache {
    by_player: Mutex<HashMap<Uuid, PlayerAccounts>>,
}

impl PlayerCache {
    /// Most players kept.
    pub const CAPACITY: usize = 100_000;

    /// The cached accounts of `player`.
    pub fn get(&self, player: Uuid) -> Option<PlayerAccounts> {
        self.by_player.lock().ok()?.get(&player).copied()
    }

    /// Remembers `accounts`.
    pub fn put(&self, accounts: PlayerAccounts) {
        if let Ok(mut map) = self.by_player.lock() {
            if map.len() >= Self::CAPACITY {
                map.clear();
            }
            map.insert(accounts.player_id, accounts);
        }
    }
}

/// Inserts an account row unless its key exists; returns nothing either way.
async fn insert_account_if_missing<C: ConnectionTrait>(
    conn: &C,
    key: &str,
    owner: Option<Uuid>,
    kind: AccountKind,
    currency: Currency,
    shard: i32,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let row = accounts::ActiveModel {
        id: Set(Uuid::now_v7()),
        account_key: Set(key.to_owned()),
        owner_id: Set(owner),
        kind: Set(kind.code().to_owned()),
        currency: Set(currency.code().to_owned()),
        shard: Set(shard),
        balance: Set(0),
        updated_at: Set(at),
    };
    accounts::Entity::insert(row)
        .on_conflict_do_nothing_on([accounts::Column::AccountKey])
        .exec(conn)
        .await?;
    Ok(())
}

/// Makes sure the chain row exists (created `at`).
pub async fn ensure_chain<C: ConnectionTrait>(
    conn: &C,
    chain_key: &str,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let row = ledger_chains::ActiveModel {
        chain_key: Set(chain_key.to_owned()),
        seq: Set(0),
        head_hash: Set(String::new()),
        updated_at: Set(at),
    };
    ledger_chains::Entity::insert(row)
        .on_conflict_do_nothing()
        .exec(conn)
        .await?;
    Ok(())
}

/// The player's accounts, opening them (and their chain) on first use.
/// Fails with `NotFound` for unknown users and staff.
pub async fn player_accounts<C: ConnectionTrait>(
    conn: &C,
    player_id: Uuid,
    at: DateTime<Utc>,
) -> Result<PlayerAccounts, WalletError> {
    if let Some(found) = load_player_accounts(conn, player_id).await? {
        return Ok(found);
    }
    let user = entity::users::Entity::find_by_id(player_id)
        .one(conn)
        .await?
        .ok_or(WalletError::NotFound)?;
    if !user.roles.split_whitespace().any(|r| r == "player") {
        return Err(WalletError::NotFound);
    }
    let currency: Currency = user.currency.parse().map_err(|_| {
        anyhow::anyhow!("player {player_id} has unknown currency {}", user.currency)
    })?;
    for kind in [
        AccountKind::PlayerCash,
        AccountKind::PlayerBonus,
        AccountKind::PlayerReserved,
    ] {
        let account = AccountRef::player(kind, player_id).map_err(anyhow::Error::from)?;
        let key = account_key(&account, currency, 0);
        insert_account_if_missing(conn, &key, Some(player_id), kind, currency, 0, at).await?;
    }
    ensure_chain(conn, &player_chain(player_id), at).await?;
    load_player_accounts(conn, player_id)
        .await?
        .ok_or_else(|| WalletError::Unexpected(anyhow::anyhow!("player accounts vanished")))
}

async fn load_player_accounts<C: ConnectionTrait>(
    conn: &C,
    player_id: Uuid,
) -> Result<Option<PlayerAccounts>, WalletError> {
    let rows = accounts::Entity::find()
        .filter(accounts::Column::OwnerId.eq(player_id))
        .all(conn)
        .await?;
    let find = |kind: AccountKind| rows.iter().find(|r| r.kind == kind.code());
    match (
        find(AccountKind::PlayerCash),
        find(AccountKind::PlayerBonus),
        find(AccountKind::PlayerReserved),
    ) {
        (Some(cash), Some(bonus), Some(reserved)) => {
            let currency = cash
                .currency
                .parse()
                .map_err(|_| anyhow::anyhow!("account {} has unknown currency", cash.id))?;
            Ok(Some(PlayerAccounts {
                player_id,
                currency,
                cash: cash.id,
                bonus: bonus.id,
                reserved: reserved.id,
            }))
        }
        _ => Ok(None),
    }
}

impl HouseCache {
    /// The id of the house account of `kind` in `currency`, `shard`,
    /// creating the row on first use (`at`).
    pub async fn id<C: ConnectionTrait>(
        &self,
        conn: &C,
        kind: AccountKind,
        currency: Currency,
        shard: i32,
        at: DateTime<Utc>,
    ) -> Result<Uuid, WalletError> {
        let account = AccountRef::house(kind).map_err(anyhow::Error::from)?;
        let key = account_key(&account, currency, shard);
        if let Some(id) = self.ids.lock().ok().and_then(|ids| ids.get(&key).copied()) {
            return Ok(id);
        }
        insert_account_if_missing(conn, &key, None, kind, currency, shard, at).await?;
        let row = accounts::Entity::find()
            .filter(accounts::Column::AccountKey.eq(key.clone()))
            .one(conn)
            .await?
            .ok_or_else(|| anyhow::anyhow!("house account {key} vanished"))?;
        if let Ok(mut ids) = self.ids.lock() {
            ids.insert(key, row.id);
        }
        Ok(row.id)
    }
}

/// Most players [`Known`] remembers before it starts over.
const KNOWN_PLAYERS: usize = 65_536;

/// What the engine's last committed wallet batch for a player left: the
/// head of the player's chain and the balances of the three accounts. A
/// batch of players all known here runs as one guarded statement
/// (`wallet::batch`); a copy gone stale (another command, another server)
/// only costs that batch a refused statement and the long way, which
/// refreshes it.
#[derive(Debug, Default)]
pub struct Known(std::sync::Mutex<HashMap<Uuid, (ChainHead, [i64; 3])>>);

impl Known {
    /// The chain heads and balances of every one of `players`, or None
    /// when one is not known.
    pub fn get(
        &self,
        players: &[PlayerAccounts],
    ) -> Option<(HashMap<String, ChainHead>, HashMap<Uuid, i64>)> {
        let known = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut heads = HashMap::with_capacity(players.len());
        let mut balances = HashMap::with_capacity(players.len() * 3);
        for p in players {
            let (head, [cash, bonus, reserved]) = known.get(&p.player_id)?;
            heads.insert(head.chain_key.clone(), head.clone());
            balances.extend([(p.cash, *cash), (p.bonus, *bonus), (p.reserved, *reserved)]);
        }
        Some((heads, balances))
    }

    /// Remembers what a committed batch left for `players` (those whose
    /// chain and three balances are all in `heads` and `balances`).
    pub fn put(
        &self,
        players: &[PlayerAccounts],
        heads: &HashMap<String, ChainHead>,
        balances: &HashMap<Uuid, i64>,
    ) {
        let mut known = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if known.len() + players.len() > KNOWN_PLAYERS {
            known.clear();
        }
        for p in players {
            let head = heads.get(&player_chain(p.player_id));
            let amounts = [p.cash, p.bonus, p.reserved].map(|id| balances.get(&id).copied());
            match (head, amounts) {
                (Some(head), [Some(cash), Some(bonus), Some(reserved)]) => {
                    known.insert(p.player_id, (head.clone(), [cash, bonus, reserved]));
                }
                _ => {
                    known.remove(&p.player_id);
                }
            }
        }
    }

    /// Forgets `players` (their copy proved stale, or a batch's outcome is
    /// unknown).
    pub fn forget(&self, players: &[PlayerAccounts]) {
        let mut known = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for p in players {
            known.remove(&p.player_id);
        }
    }
}

/// The locked head of a chain.
#[derive(Debug, Clone)]
pub struct ChainHead {
    /// The chain.
    pub chain_key: String,
    /// Sequence number of its last transaction.
    pub seq: i64,
    /// Hash of its last transaction.
    pub head_hash: String,
}

/// Locks the chain row (the first write of the transaction, stamping it
/// `at`) and reads its head under the lock.
pub async fn lock_chain(
    txn: &DatabaseTransaction,
    chain_key: &str,
    at: DateTime<Utc>,
) -> Result<ChainHead, WalletError> {
    let mut heads = lock_chains(txn, &[chain_key.to_owned()], at).await?;
    heads.remove(chain_key).ok_or_else(|| {
        WalletError::Unexpected(anyhow::anyhow!("ledger chain {chain_key} was not locked"))
    })
}

/// Locks every chain row in one statement (the first write of the
/// transaction) and reads their heads under the lock. Two transactions
/// locking overlapping sets may meet in opposite orders on PostgreSQL; the
/// database then aborts one as a deadlock, which [`is_transient`] retries.
/// The rows are stamped `at` (the engine's time).
pub async fn lock_chains(
    txn: &DatabaseTransaction,
    chain_keys: &[String],
    at: DateTime<Utc>,
) -> Result<HashMap<String, ChainHead>, WalletError> {
    let update = ledger_chains::Entity::update_many()
        .col_expr(ledger_chains::Column::UpdatedAt, Expr::value(at))
        .filter(crate::db::one_of(
            txn.get_database_backend(),
            ledger_chains::Column::ChainKey,
            chain_keys.to_vec(),
        ));
    // One round trip where the database can return the locked rows.
    let rows = if txn.support_returning() {
        update.exec_with_returning(txn).await?
    } else {
        update.exec(txn).await?;
        ledger_chains::Entity::find()
            .filter(ledger_chains::Column::ChainKey.is_in(chain_keys.iter().cloned()))
            .all(txn)
            .await?
    };
    let heads: HashMap<String, ChainHead> = rows
        .into_iter()
        .map(|row| {
            (
                row.chain_key.clone(),
                ChainHead {
                    chain_key: row.chain_key,
                    seq: row.seq,
                    head_hash: row.head_hash,
                },
            )
        })
        .collect();
    all_locked(chain_keys, &heads)?;
    Ok(heads)
}

/// An error naming the first of `chain_keys` without a locked head (a
/// chain that does not exist).
fn all_locked(
    chain_keys: &[String],
    heads: &HashMap<String, ChainHead>,
) -> Result<(), WalletError> {
    match chain_keys.iter().find(|k| !heads.contains_key(*k)) {
        Some(missing) => Err(WalletError::Unexpected(anyhow::anyhow!(
            "ledger chain {missing} does not exist"
        ))),
        None => Ok(()),
    }
}

/// The ids of `players`' three accounts each, in order.
fn account_ids(players: impl Iterator<Item = PlayerAccounts>) -> std::collections::BTreeSet<Uuid> {
    players
        .flat_map(|p| [p.cash, p.bonus, p.reserved])
        .collect()
}

/// [`lock_chains`], then [`player_balances`] of `players` under the locks:
/// on PostgreSQL in one statement, where the accounts are read with a row
/// lock taken after every chain lock (the part reading them waits for the
/// count of locked chains). A locking read answers an account's latest
/// committed balance even when the statement waited for a chain lock,
/// where a plain read would answer the snapshot from before the wait; the
/// rows are the ones the transaction updates anyway, under those chains.
pub async fn lock_chains_reading(
    txn: &DatabaseTransaction,
    chain_keys: &[String],
    players: impl Iterator<Item = PlayerAccounts>,
    at: DateTime<Utc>,
) -> Result<(HashMap<String, ChainHead>, HashMap<Uuid, i64>), WalletError> {
    use sea_orm::{EntityName, IdenStatic};
    if txn.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        let heads = lock_chains(txn, chain_keys, at).await?;
        return Ok((heads, player_balances(txn, players).await?));
    }
    let ids = account_ids(players);
    let chain = |c: ledger_chains::Column| c.as_str();
    let account = |c: accounts::Column| c.as_str();
    let sql = format!(
        "WITH locked AS (UPDATE \"{chains}\" SET \"{updated}\" = $1 WHERE \"{key}\" = ANY($2) \
         RETURNING \"{key}\" AS chain_key, \"{seq}\" AS seq, \"{hash}\" AS head_hash), \
         held AS (SELECT \"{id}\" AS id, \"{balance}\" AS balance FROM \"{accounts}\" \
         WHERE \"{id}\" = ANY($3) AND (SELECT count(*) FROM locked) > 0 FOR NO KEY UPDATE) \
         SELECT chain_key, seq, head_hash, NULL::uuid AS id, NULL::bigint AS balance FROM locked \
         UNION ALL SELECT NULL, NULL, NULL, id, balance FROM held",
        chains = ledger_chains::Entity.table_name(),
        updated = chain(ledger_chains::Column::UpdatedAt),
        key = chain(ledger_chains::Column::ChainKey),
        seq = chain(ledger_chains::Column::Seq),
        hash = chain(ledger_chains::Column::HeadHash),
        accounts = accounts::Entity.table_name(),
        id = account(accounts::Column::Id),
        balance = account(accounts::Column::Balance),
    );
    let values: Vec<sea_orm::Value> = vec![
        at.into(),
        crate::db::array(chain_keys.iter().cloned()),
        crate::db::array(ids),
    ];
    let rows = txn.query_all_raw(crate::db::postgres(sql, values)).await?;
    let mut heads = HashMap::new();
    let mut balances = HashMap::new();
    for row in rows {
        let key: Option<String> = row.try_get_by_index(0)?;
        match key {
            Some(chain_key) => {
                let head = ChainHead {
                    chain_key: chain_key.clone(),
                    seq: row.try_get_by_index(1)?,
                    head_hash: row.try_get_by_index(2)?,
                };
                heads.insert(chain_key, head);
            }
            None => {
                balances.insert(row.try_get_by_index(3)?, row.try_get_by_index(4)?);
            }
        }
    }
    all_locked(chain_keys, &heads)?;
    Ok((heads, balances))
}

/// A stored answer to an idempotent request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    /// HTTP status of the first answer.
    pub status: u16,
    /// Its JSON body.
    pub body: serde_json::Value,
}

/// Looks the key up under the chain lock: the stored answer for the same
/// request, `IdempotencyKeyReused` for a different one, None when new.
pub async fn find_idempotent<C: ConnectionTrait>(
    conn: &C,
    idem: &Idempotency,
) -> Result<Option<StoredAnswer>, WalletError> {
    idempotency_keys::Entity::find_by_id((idem.scope.clone(), idem.key.clone()))
        .one(conn)
        .await?
        .map(|row| stored_answer(row, idem))
        .transpose()
}

/// A stored key's answer to `idem`: its answer for the same request,
/// `IdempotencyKeyReused` for a different one.
pub fn stored_answer(
    row: idempotency_keys::Model,
    idem: &Idempotency,
) -> Result<StoredAnswer, WalletError> {
    if row.request_hash != idem.request_hash {
        return Err(WalletError::IdempotencyKeyReused);
    }
    Ok(StoredAnswer {
        status: u16::try_from(row.response_status).unwrap_or(200),
        body: serde_json::from_str(&row.response_body)
            .map_err(|e| anyhow::anyhow!("stored idempotent answer is not JSON: {e}"))?,
    })
}

/// Stores the answer with the effect, in the same transaction. A concurrent
/// request that stored the same key first makes this one retry (and then
/// replay).
pub async fn store_idempotent<C: ConnectionTrait>(
    conn: &C,
    idem: &Idempotency,
    body: &serde_json::Value,
    at: DateTime<Utc>,
) -> Result<(), WalletError> {
    store_idempotent_many(conn, vec![idempotency_row(idem, body, at)]).await
}

/// The row storing `body` as the answer to `idem`, stored `at` (the
/// engine's time; the retention of stored answers counts from it).
pub fn idempotency_row(
    idem: &Idempotency,
    body: &serde_json::Value,
    at: DateTime<Utc>,
) -> idempotency_keys::ActiveModel {
    idempotency_keys::ActiveModel {
        scope: Set(idem.scope.clone()),
        key: Set(idem.key.clone()),
        request_hash: Set(idem.request_hash.clone()),
        response_status: Set(i32::from(idem.status)),
        response_body: Set(body.to_string()),
        created_at: Set(at),
    }
}

/// [`store_idempotent`] for many answers in one statement: `Conflict` when
/// any key was stored meanwhile.
pub async fn store_idempotent_many<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<idempotency_keys::ActiveModel>,
) -> Result<(), WalletError> {
    if rows.is_empty() {
        return Ok(());
    }
    crate::db::insert_all(conn, rows)
        .await
        .map_err(conflict_or_error)
}

/// [`store_idempotent_many`], gathered into `writes` (to run with
/// [`run_writes`]).
pub async fn gather_idempotent<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<idempotency_keys::ActiveModel>,
    writes: &mut Writes,
) -> Result<(), WalletError> {
    writes
        .insert_all(conn, rows)
        .await
        .map_err(conflict_or_error)
}

/// A unique key's violation (an idempotency key stored by another request
/// since the lookup) as `Conflict`, which the retry replays.
fn conflict_or_error(e: DbErr) -> WalletError {
    if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
        WalletError::Conflict
    } else {
        e.into()
    }
}

/// Replaces a stored answer's body (a withdrawal whose provider answered
/// while the request was still open).
pub async fn update_idempotent<C: ConnectionTrait>(
    conn: &C,
    idem: &Idempotency,
    body: &serde_json::Value,
) -> Result<(), WalletError> {
    idempotency_keys::Entity::update_many()
        .col_expr(
            idempotency_keys::Column::ResponseBody,
            Expr::value(body.to_string()),
        )
        .filter(idempotency_keys::Column::Scope.eq(idem.scope.clone()))
        .filter(idempotency_keys::Column::Key.eq(idem.key.clone()))
        .exec(conn)
        .await?;
    Ok(())
}

/// One leg of a transaction, resolved to its row.
#[derive(Debug, Clone, Copy)]
pub struct Leg {
    /// The account.
    pub account: AccountRef,
    /// Its row id.
    pub account_id: Uuid,
    /// The signed change.
    pub amount: Money,
}

/// What [`append`] wrote.
#[derive(Debug, Clone)]
pub struct Appended {
    /// The transaction id.
    pub id: Uuid,
    /// Its sequence in the chain.
    pub seq: i64,
    /// Its hash.
    pub hash: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// The player's balances after it, when asked for ([`append_for`]).
    pub player: Option<Balances>,
}

impl Appended {
    /// The player's balances after it ([`append_for`] with a player).
    pub fn player_balances(&self) -> Result<Balances, WalletError> {
        self.player.ok_or_else(|| {
            anyhow::anyhow!("transaction {} read no player balances", self.id).into()
        })
    }
}

/// Applies `legs` and writes them as one hash-chained transaction at the
/// head of the locked `chain`. Player balances may not go below zero
/// (`InsufficientFunds`); house balances are not checked. Written `at`
/// (the engine's time).
pub async fn append(
    txn: &DatabaseTransaction,
    at: DateTime<Utc>,
    chain: &mut ChainHead,
    kind: TransactionKind,
    reference: &str,
    idem: Option<&Idempotency>,
    legs: &[Leg],
) -> Result<Appended, WalletError> {
    append_for(txn, at, chain, kind, reference, idem, legs, None).await
}

/// [`append`], also reading `player`'s three balances after it in the same
/// statement that applies the legs (for the balance event), in
/// [`Appended::player`].
#[expect(clippy::too_many_arguments, reason = "append with its time and reader")]
pub async fn append_for(
    txn: &DatabaseTransaction,
    at: DateTime<Utc>,
    chain: &mut ChainHead,
    kind: TransactionKind,
    reference: &str,
    idem: Option<&Idempotency>,
    legs: &[Leg],
    player: Option<&PlayerAccounts>,
) -> Result<Appended, WalletError> {
    let mut heads = HashMap::from([(chain.chain_key.clone(), chain.clone())]);
    let draft = Draft {
        id: Uuid::now_v7(),
        chain_key: chain.chain_key.clone(),
        kind,
        reference: reference.to_owned(),
        idempotency: idem.map(|i| (i.scope.clone(), i.key.clone())),
        legs: legs.to_vec(),
    };
    let players: Vec<PlayerAccounts> = player.into_iter().copied().collect();
    let (mut appended, after) = append_many(txn, at, &mut heads, vec![draft], &players).await?;
    if let Some(head) = heads.remove(&chain.chain_key) {
        *chain = head;
    }
    let mut one = appended
        .pop()
        .ok_or_else(|| anyhow::anyhow!("append wrote no transaction"))?;
    one.player = player.map(|p| balances_of(p, &after));
    Ok(one)
}

/// One transaction for [`append_many`].
#[derive(Debug, Clone)]
pub struct Draft {
    /// Its id (chosen by the caller, so rows written beside it can name it).
    pub id: Uuid,
    /// The chain it joins (locked in the caller's transaction).
    pub chain_key: String,
    /// Its kind.
    pub kind: TransactionKind,
    /// Its reference.
    pub reference: String,
    /// Idempotency scope and key, when the request carried one.
    pub idempotency: Option<(String, String)>,
    /// Its legs (summing to zero per currency).
    pub legs: Vec<Leg>,
}

/// The balances of the player accounts of `players` (cash, bonus and
/// reserved of each), by account id, in one query. Under the players'
/// chain locks they cannot change: player rows are written only under them.
pub async fn player_balances(
    txn: &DatabaseTransaction,
    players: impl Iterator<Item = PlayerAccounts>,
) -> Result<HashMap<Uuid, i64>, DbErr> {
    let ids = account_ids(players);
    Ok(accounts::Entity::find()
        .filter(crate::db::one_of(
            txn.get_database_backend(),
            accounts::Column::Id,
            ids.into_iter().collect(),
        ))
        .all(txn)
        .await?
        .into_iter()
        .map(|a| (a.id, a.balance))
        .collect())
}

/// Checks that a batch's own reckoning of the balances (`expected`) is
/// where the database's net change of the batch (`after`) landed.
pub fn same_balances(
    expected: &HashMap<Uuid, i64>,
    after: &HashMap<Uuid, i64>,
) -> Result<(), WalletError> {
    match expected
        .iter()
        .find(|(id, b)| after.get(*id).is_some_and(|a| a != *b))
    {
        Some((id, _)) => Err(WalletError::Unexpected(anyhow::anyhow!(
            "account {id}: the batch's balance differs from the database's"
        ))),
        None => Ok(()),
    }
}

/// `player`'s balances among the balances `after`, by account id.
pub fn balances_of(player: &PlayerAccounts, after: &HashMap<Uuid, i64>) -> Balances {
    let of = |id: Uuid| Money::new(after.get(&id).copied().unwrap_or(0), player.currency);
    Balances {
        currency: player.currency,
        cash: of(player.cash),
        bonus: of(player.bonus),
        reserved: of(player.reserved),
    }
}

/// Applies and writes many transactions, in their order, each at the head
/// of its chain (every chain locked in `txn`; `heads` advance with them),
/// with a fixed number of statements whatever their count: one balance
/// update for the net change per account, the transactions and postings
/// inserted in chunks, one update of the chain heads (on PostgreSQL all of
/// it one statement). Returns what each wrote and the balance after all of
/// them of every touched account and of each of `players`' accounts.
/// `InsufficientFunds` when a player account would go below zero over the
/// whole set (the caller then rolls its transaction back). All are
/// written `at` (the engine's time, read once for the batch).
pub async fn append_many(
    txn: &DatabaseTransaction,
    at: DateTime<Utc>,
    heads: &mut HashMap<String, ChainHead>,
    drafts: Vec<Draft>,
    players: &[PlayerAccounts],
) -> Result<(Vec<Appended>, HashMap<Uuid, i64>), WalletError> {
    let mut writes = Writes::default();
    let (appended, after) =
        append_many_gathered(txn, at, heads, drafts, players, &mut writes).await?;
    let rows = writes.run(txn).await?;
    Ok((appended, after.read(&rows)?))
}

/// The balances [`append_many_gathered`] leaves, by account id: known at
/// once where its balance update ran at once (SQLite), or answered by the
/// gathered statement when it runs (PostgreSQL; [`After::read`]).
#[derive(Debug)]
pub enum After {
    /// Read when the update ran.
    Known(HashMap<Uuid, i64>),
    /// The gathered statement answers one row per account it changed or
    /// read, of these many.
    Gathered {
        /// The accounts it must answer.
        accounts: usize,
    },
}

impl After {
    /// The balances, from the rows the gathered writes answered
    /// ([`crate::db::Writes::run`]). `InsufficientFunds` when the update
    /// left an account out: its balance check refused it (the accounts
    /// exist: their ids came from the caller's lookup), and the rows
    /// written beside it must be rolled back.
    pub fn read(self, rows: &[sea_orm::QueryResult]) -> Result<HashMap<Uuid, i64>, WalletError> {
        match self {
            After::Known(after) => Ok(after),
            After::Gathered { accounts } => {
                if rows.len() != accounts {
                    return Err(WalletError::InsufficientFunds);
                }
                rows.iter()
                    .map(|r| Ok((r.try_get_by_index(0)?, r.try_get_by_index(1)?)))
                    .collect::<Result<_, DbErr>>()
                    .map_err(WalletError::from)
            }
        }
    }
}

/// Runs a batch's gathered `writes` and reads the balances its append left
/// ([`After::read`]): `Conflict` when a stored answer among them had its
/// key stored meanwhile, as in [`store_idempotent_many`].
pub async fn run_writes(
    txn: &DatabaseTransaction,
    writes: Writes,
    after: After,
) -> Result<HashMap<Uuid, i64>, WalletError> {
    let rows = writes.run(txn).await.map_err(conflict_or_error)?;
    after.read(&rows)
}

/// [`append_many`], gathered: on PostgreSQL the balance update, ledger
/// transactions, postings (their balances after taken from the update's
/// answer) and chain heads go into `writes`, for the caller to run with
/// its other writes before the commit ([`run_writes`]), which answers the
/// balances; on SQLite they run at once. Nothing may read them before.
/// One append per `writes`. All are written `at`.
pub async fn append_many_gathered(
    txn: &DatabaseTransaction,
    at: DateTime<Utc>,
    heads: &mut HashMap<String, ChainHead>,
    drafts: Vec<Draft>,
    players: &[PlayerAccounts],
    writes: &mut Writes,
) -> Result<(Vec<Appended>, After), WalletError> {
    append_gathered(txn, at, heads, drafts, players, writes, false).await
}

/// [`append_many_gathered`] outside a transaction that locked the chains
/// (PostgreSQL only): `heads` are what the caller believes the chains'
/// heads are, and the gathered chain update ([`GUARDED_CHAINS`]) moves
/// only a chain still at that head; the caller's guard
/// ([`guarded_answer`]) refuses the statement unless every one moved.
pub async fn append_many_guarded<C: ConnectionTrait>(
    conn: &C,
    at: DateTime<Utc>,
    heads: &mut HashMap<String, ChainHead>,
    drafts: Vec<Draft>,
    players: &[PlayerAccounts],
    writes: &mut Writes,
) -> Result<(Vec<Appended>, After), WalletError> {
    append_gathered(conn, at, heads, drafts, players, writes, true).await
}

async fn append_gathered<C: ConnectionTrait>(
    txn: &C,
    now: DateTime<Utc>,
    heads: &mut HashMap<String, ChainHead>,
    drafts: Vec<Draft>,
    players: &[PlayerAccounts],
    writes: &mut Writes,
    guarded: bool,
) -> Result<(Vec<Appended>, After), WalletError> {
    let mut all_legs = Vec::new();
    let mut postings_of = Vec::with_capacity(drafts.len());
    for draft in &drafts {
        let postings: Vec<Posting> = draft
            .legs
            .iter()
            .map(|l| Posting {
                account: l.account,
                amount: l.amount,
            })
            .collect();
        TransactionDraft::new(draft.kind, postings.clone())
            .map_err(|e| WalletError::Unexpected(anyhow::anyhow!("unbalanced transaction: {e}")))?;
        postings_of.push(postings);
        all_legs.extend_from_slice(&draft.legs);
    }
    let net = net_changes(&all_legs, players)?;
    let postgres = txn.get_database_backend() == sea_orm::DatabaseBackend::Postgres;
    if guarded && !postgres {
        return Err(WalletError::Unexpected(anyhow::anyhow!(
            "a guarded append runs on PostgreSQL only"
        )));
    }
    let after = if postgres {
        gather_net_joined(&net, &all_legs, now, writes);
        After::Gathered {
            accounts: net.len(),
        }
    } else {
        After::Known(apply_net(txn, &net, now).await?)
    };
    let mut offsets = leg_offsets(&all_legs).into_iter();
    // Each chain's seq before this append, for the guarded chain update.
    let before: HashMap<String, i64> = if guarded {
        heads.iter().map(|(k, h)| (k.clone(), h.seq)).collect()
    } else {
        HashMap::new()
    };
    let created_at = micros(now);
    let mut tx_rows = Vec::with_capacity(drafts.len());
    let mut posting_rows = Vec::with_capacity(all_legs.len());
    let mut appended = Vec::with_capacity(drafts.len());
    let mut touched = std::collections::BTreeSet::new();
    for (draft, postings) in drafts.into_iter().zip(postings_of) {
        let chain = heads
            .get_mut(&draft.chain_key)
            .ok_or_else(|| anyhow::anyhow!("ledger chain {} is not locked", draft.chain_key))?;
        let seq = chain.seq + 1;
        let hash = transaction_hash(&CanonicalTransaction {
            prev_hash: &chain.head_hash,
            id: draft.id,
            kind: draft.kind,
            created_at,
            reference: &draft.reference,
            postings: &postings,
        });
        let (scope, key) = draft.idempotency.unzip();
        tx_rows.push(ledger_transactions::ActiveModel {
            id: Set(draft.id),
            chain_key: Set(draft.chain_key.clone()),
            seq: Set(seq),
            kind: Set(draft.kind.code().to_owned()),
            reference: Set(draft.reference),
            idempotency_scope: Set(scope),
            idempotency_key: Set(key),
            created_at: Set(created_at),
            prev_hash: Set(chain.head_hash.clone()),
            hash: Set(hash.clone()),
        });
        for (leg, offset) in draft.legs.iter().zip(offsets.by_ref()) {
            posting_rows.push(PostingRow {
                id: Uuid::now_v7(),
                transaction_id: draft.id,
                leg: *leg,
                offset,
            });
        }
        chain.seq = seq;
        chain.head_hash.clone_from(&hash);
        touched.insert(draft.chain_key);
        appended.push(Appended {
            id: draft.id,
            seq,
            hash,
            created_at,
            player: None,
        });
    }
    writes.insert_all(txn, tx_rows).await?;
    match &after {
        After::Known(balances) => {
            let rows = posting_rows
                .iter()
                .map(|p| p.model(balances.get(&p.leg.account_id).copied().unwrap_or(0)))
                .collect::<Vec<_>>();
            writes.insert_all(txn, rows).await?;
        }
        After::Gathered { .. } => gather_postings_joined(&posting_rows, writes),
    }
    if guarded {
        update_heads_joined(heads, &touched, writes, Some(&before));
    } else {
        update_heads(txn, heads, &touched, writes).await?;
    }
    Ok((appended, after))
}

/// A posting about to be written: its balance after is the account's
/// balance after the whole append plus `offset` (minus what the account's
/// later legs in the append add).
struct PostingRow {
    id: Uuid,
    transaction_id: Uuid,
    leg: Leg,
    offset: i64,
}

impl PostingRow {
    /// Its row, given its account's balance after the whole append.
    fn model(&self, final_balance: i64) -> ledger_postings::ActiveModel {
        ledger_postings::ActiveModel {
            id: Set(self.id),
            transaction_id: Set(self.transaction_id),
            account_id: Set(self.leg.account_id),
            amount: Set(self.leg.amount.minor()),
            currency: Set(self.leg.amount.currency().code().to_owned()),
            balance_after: Set(final_balance + self.offset),
        }
    }
}

/// The name of the gathered balance update's part ([`gather_net_joined`]).
const CHANGED_ACCOUNTS: &str = "changed_accounts";

/// The postings on PostgreSQL, gathered: their balances after come from
/// the gathered balance update's answer, joined by account (a posting of an
/// account the update left out is not written, and [`After::read`] then
/// refuses the whole append).
fn gather_postings_joined(rows: &[PostingRow], writes: &mut Writes) {
    use sea_orm::{EntityName, IdenStatic};
    if rows.is_empty() {
        return;
    }
    let col = |c: ledger_postings::Column| c.as_str();
    let sql = format!(
        "INSERT INTO \"{table}\" (\"{id}\", \"{tx}\", \"{account}\", \"{amount}\", \"{currency}\", \"{after}\") \
         SELECT u.id, u.tx, u.account, u.amount, u.currency, a.balance + u.shift \
         FROM UNNEST($1, $2, $3, $4, $5, $6) AS u(id, tx, account, amount, currency, shift) \
         JOIN {CHANGED_ACCOUNTS} AS a ON a.id = u.account",
        table = ledger_postings::Entity.table_name(),
        id = col(ledger_postings::Column::Id),
        tx = col(ledger_postings::Column::TransactionId),
        account = col(ledger_postings::Column::AccountId),
        amount = col(ledger_postings::Column::Amount),
        currency = col(ledger_postings::Column::Currency),
        after = col(ledger_postings::Column::BalanceAfter),
    );
    let values: Vec<sea_orm::Value> = vec![
        crate::db::array(rows.iter().map(|r| r.id)),
        crate::db::array(rows.iter().map(|r| r.transaction_id)),
        crate::db::array(rows.iter().map(|r| r.leg.account_id)),
        crate::db::array(rows.iter().map(|r| r.leg.amount.minor())),
        crate::db::array(
            rows.iter()
                .map(|r| r.leg.amount.currency().code().to_owned()),
        ),
        crate::db::array(rows.iter().map(|r| r.offset)),
    ];
    writes.push(crate::db::postgres(sql, values));
}

/// Writes the heads of the `touched` chains in one statement (gathered
/// into `writes` on PostgreSQL).
async fn update_heads<C: ConnectionTrait>(
    txn: &C,
    heads: &HashMap<String, ChainHead>,
    touched: &std::collections::BTreeSet<String>,
    writes: &mut Writes,
) -> Result<(), DbErr> {
    if txn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        update_heads_joined(heads, touched, writes, None);
        return Ok(());
    }
    let mut seq: Option<sea_orm::sea_query::CaseStatement> = None;
    let mut hash: Option<sea_orm::sea_query::CaseStatement> = None;
    for head in touched.iter().filter_map(|key| heads.get(key)) {
        let when = || Expr::col(ledger_chains::Column::ChainKey).eq(head.chain_key.clone());
        seq = Some(match seq {
            None => Expr::case(when(), head.seq),
            Some(case) => case.case(when(), head.seq),
        });
        hash = Some(match hash {
            None => Expr::case(when(), head.head_hash.clone()),
            Some(case) => case.case(when(), head.head_hash.clone()),
        });
    }
    let (Some(seq), Some(hash)) = (seq, hash) else {
        return Ok(());
    };
    ledger_chains::Entity::update_many()
        .col_expr(
            ledger_chains::Column::Seq,
            seq.finally(Expr::col(ledger_chains::Column::Seq)).into(),
        )
        .col_expr(
            ledger_chains::Column::HeadHash,
            hash.finally(Expr::col(ledger_chains::Column::HeadHash))
                .into(),
        )
        .filter(ledger_chains::Column::ChainKey.is_in(touched.iter().cloned()))
        .exec(txn)
        .await?;
    Ok(())
}

/// The name of the guarded chain update's part ([`update_heads_joined`]).
pub const GUARDED_CHAINS: &str = "guarded_chains";

/// [`update_heads`] on PostgreSQL, gathered: the heads go as arrays joined
/// to the chains (one statement text whatever their number). With
/// `before` (each chain's seq before the append), a chain moves only from
/// that seq, and the part [`GUARDED_CHAINS`] answers the chains it moved.
fn update_heads_joined(
    heads: &HashMap<String, ChainHead>,
    touched: &std::collections::BTreeSet<String>,
    writes: &mut Writes,
    before: Option<&HashMap<String, i64>>,
) {
    use sea_orm::{EntityName, IdenStatic};
    let touched: Vec<&ChainHead> = touched.iter().filter_map(|key| heads.get(key)).collect();
    if touched.is_empty() {
        return;
    }
    let col = |c: ledger_chains::Column| c.as_str();
    let table = ledger_chains::Entity.table_name();
    let seq = col(ledger_chains::Column::Seq);
    let hash = col(ledger_chains::Column::HeadHash);
    let key = col(ledger_chains::Column::ChainKey);
    let mut values: Vec<sea_orm::Value> = vec![
        crate::db::array(touched.iter().map(|h| h.chain_key.clone())),
        crate::db::array(touched.iter().map(|h| h.seq)),
        crate::db::array(touched.iter().map(|h| h.head_hash.clone())),
    ];
    match before {
        None => writes.push(crate::db::postgres(
            format!(
                "UPDATE \"{table}\" AS c SET \"{seq}\" = u.seq, \"{hash}\" = u.hash \
                 FROM UNNEST($1, $2, $3) AS u(chain_key, seq, hash) WHERE c.\"{key}\" = u.chain_key"
            ),
            values,
        )),
        Some(before) => {
            values.push(crate::db::array(
                touched
                    .iter()
                    .map(|h| before.get(&h.chain_key).copied().unwrap_or(-1)),
            ));
            writes.push_named(
                GUARDED_CHAINS,
                crate::db::postgres(
                    format!(
                        "UPDATE \"{table}\" AS c SET \"{seq}\" = u.seq, \"{hash}\" = u.hash \
                         FROM UNNEST($1, $2, $3, $4) AS u(chain_key, seq, hash, before) \
                         WHERE c.\"{key}\" = u.chain_key AND c.\"{seq}\" = u.before \
                         RETURNING c.\"{key}\""
                    ),
                    values,
                ),
            );
        }
    }
}

/// The net change of `legs` per account, and whether it is a player's
/// (with each of `players`' three accounts, changed or not).
fn net_changes(
    legs: &[Leg],
    players: &[PlayerAccounts],
) -> Result<std::collections::BTreeMap<Uuid, (i64, bool)>, WalletError> {
    // account id → (net change, is a player account)
    let mut net: std::collections::BTreeMap<Uuid, (i64, bool)> = std::collections::BTreeMap::new();
    for leg in legs {
        let entry = net
            .entry(leg.account_id)
            .or_insert((0, leg.account.kind().is_player()));
        entry.0 = entry
            .0
            .checked_add(leg.amount.minor())
            .ok_or_else(|| anyhow::anyhow!("posting amounts overflow"))?;
    }
    for p in players {
        for id in [p.cash, p.bonus, p.reserved] {
            net.entry(id).or_insert((0, true));
        }
    }
    Ok(net)
}

/// Applies the net changes `net` (SQLite) in one statement and returns every
/// account's balance after it. A player account whose balance would go
/// below zero is left out by the statement's condition, which makes the
/// whole transaction `InsufficientFunds`. Player rows are only ever written
/// under their chain's lock, so two transactions never wait on each other
/// in opposite orders.
async fn apply_net<C: ConnectionTrait>(
    txn: &C,
    net: &std::collections::BTreeMap<Uuid, (i64, bool)>,
    now: DateTime<Utc>,
) -> Result<HashMap<Uuid, i64>, WalletError> {
    let mut change: Option<sea_orm::sea_query::CaseStatement> = None;
    let mut guard = Condition::all();
    for (&id, &(delta, is_player)) in net {
        if delta != 0 {
            let when = Expr::col(accounts::Column::Id).eq(id);
            change = Some(match change {
                None => Expr::case(when, delta),
                Some(case) => case.case(when, delta),
            });
        }
        if is_player && delta < 0 {
            guard = guard.add(
                Condition::any()
                    .add(accounts::Column::Id.ne(id))
                    .add(accounts::Column::Balance.gte(-delta)),
            );
        }
    }
    let ids: Vec<Uuid> = net.keys().copied().collect();
    let mut update = accounts::Entity::update_many()
        .col_expr(accounts::Column::UpdatedAt, Expr::value(now))
        .filter(accounts::Column::Id.is_in(ids.clone()))
        .filter(guard);
    if let Some(change) = change {
        update = update.col_expr(
            accounts::Column::Balance,
            Expr::col(accounts::Column::Balance).add(change.finally(0i64)),
        );
    }
    let rows: Vec<(Uuid, i64)> = if txn.support_returning() {
        update
            .exec_with_returning(txn)
            .await?
            .into_iter()
            .map(|r| (r.id, r.balance))
            .collect()
    } else if usize::try_from(update.exec(txn).await?.rows_affected).ok() == Some(ids.len()) {
        accounts::Entity::find()
            .filter(accounts::Column::Id.is_in(ids.clone()))
            .all(txn)
            .await?
            .into_iter()
            .map(|r| (r.id, r.balance))
            .collect()
    } else {
        Vec::new()
    };
    // A missing row: a balance check refused it (the accounts exist: their
    // ids came from the caller's lookup).
    if rows.len() != ids.len() {
        return Err(WalletError::InsufficientFunds);
    }
    Ok(rows.into_iter().collect())
}

/// The balance update on PostgreSQL, gathered as the part
/// [`CHANGED_ACCOUNTS`], which answers every changed account's id and
/// balance after: the net changes go as arrays joined to the accounts,
/// where a `CASE` of one branch per account would make it quadratic. A
/// player account whose balance would go below zero is left out by its
/// condition ([`After::read`] refuses it). PostgreSQL locks the rows in
/// index (id) order within the statement; player rows are only ever
/// written under their chain's lock, so two transactions never wait on
/// each other in opposite orders.
///
/// The gathered statement answers the changed accounts and, read beside
/// them, the accounts in `net` without a leg (a player's other accounts,
/// for the balance event): not updating those saves a row version each. A
/// plain read is current for them: they are player accounts, written only
/// under their chains' locks, which this transaction took in an earlier
/// statement.
fn gather_net_joined(
    net: &std::collections::BTreeMap<Uuid, (i64, bool)>,
    legs: &[Leg],
    now: DateTime<Utc>,
    writes: &mut Writes,
) {
    use sea_orm::{EntityName, IdenStatic};
    let with_legs: std::collections::HashSet<Uuid> = legs.iter().map(|l| l.account_id).collect();
    let (changed, unchanged): (Vec<_>, Vec<_>) =
        net.iter().partition(|(id, _)| with_legs.contains(*id));
    let col = |c: accounts::Column| c.as_str();
    let sql = format!(
        "UPDATE \"{table}\" AS a SET \"{balance}\" = a.\"{balance}\" + u.delta, \
         \"{updated}\" = $1 FROM UNNEST($2, $3, $4) AS u(id, delta, guarded) \
         WHERE a.\"{id}\" = u.id AND (NOT u.guarded OR a.\"{balance}\" + u.delta >= 0) \
         RETURNING a.\"{id}\" AS id, a.\"{balance}\" AS balance",
        table = accounts::Entity.table_name(),
        balance = col(accounts::Column::Balance),
        updated = col(accounts::Column::UpdatedAt),
        id = col(accounts::Column::Id),
    );
    let values: Vec<sea_orm::Value> = vec![
        now.into(),
        crate::db::array(changed.iter().map(|(id, _)| **id)),
        crate::db::array(changed.iter().map(|(_, (delta, _))| *delta)),
        // A player account may not go below zero.
        crate::db::array(
            changed
                .iter()
                .map(|(_, (delta, is_player))| *is_player && *delta < 0),
        ),
    ];
    writes.push_named(CHANGED_ACCOUNTS, crate::db::postgres(sql, values));
    let balances = if unchanged.is_empty() {
        crate::db::postgres(
            format!("SELECT id, balance FROM {CHANGED_ACCOUNTS}"),
            Vec::new(),
        )
    } else {
        crate::db::postgres(
            format!(
                "SELECT id, balance FROM {CHANGED_ACCOUNTS} UNION ALL \
                 SELECT \"{id}\", \"{balance}\" FROM \"{table}\" WHERE \"{id}\" = ANY($1)",
                table = accounts::Entity.table_name(),
                balance = col(accounts::Column::Balance),
                id = col(accounts::Column::Id),
            ),
            vec![crate::db::array(unchanged.iter().map(|(id, _)| **id))],
        )
    };
    writes.push_named(BALANCES_AFTER, balances);
    writes.returning(crate::db::postgres(
        format!("SELECT id, balance FROM {BALANCES_AFTER}"),
        Vec::new(),
    ));
}

/// The name of the part answering the balances after an append on
/// PostgreSQL ([`gather_net_joined`]).
const BALANCES_AFTER: &str = "balances_after";

/// Makes the gathered statement of a guarded append
/// ([`append_many_guarded`]) answer its balances only when every one of
/// its `chains` chains moved from the head it was hashed from and every
/// balance in `expected` (the players' accounts, by id) is what the caller
/// reckoned, of the `accounts` it answers; else `croupier_wallet_guard`
/// raises `CRW01` ([`is_guard_refusal`]) and nothing of the statement
/// stays. The guard is the outer side of the query, so it runs before any
/// row is answered (and before the parts nobody reads run, at its end).
pub fn guarded_answer(
    writes: &mut Writes,
    chains: usize,
    accounts: usize,
    expected: &HashMap<Uuid, i64>,
) {
    let (ids, balances): (Vec<Uuid>, Vec<i64>) = expected.iter().map(|(k, v)| (*k, *v)).unzip();
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    writes.returning(crate::db::postgres(
        format!(
            "SELECT b.id, b.balance FROM (SELECT croupier_wallet_guard(\
               (SELECT count(*) FROM {GUARDED_CHAINS}) = $1 \
               AND (SELECT count(*) FROM {BALANCES_AFTER}) = $2 \
               AND (SELECT count(*) FROM {BALANCES_AFTER} AS a \
                    JOIN UNNEST($3::uuid[], $4::bigint[]) AS e(id, balance) \
                    ON a.id = e.id AND a.balance = e.balance) = $5) AS ok) AS g \
             CROSS JOIN LATERAL (SELECT id, balance FROM {BALANCES_AFTER} WHERE g.ok) AS b"
        ),
        vec![
            count(chains).into(),
            count(accounts).into(),
            crate::db::array(ids),
            crate::db::array(balances),
            count(expected.len()).into(),
        ],
    ));
}

/// True when the server refused the statement with an error, so nothing of
/// it stays ([`crate::db::refused`]); false for an error that ended the
/// session or when no answer came, after which whether it committed is not
/// known.
pub fn is_refusal(e: &DbErr) -> bool {
    sqlx_error(e).is_some_and(crate::db::refused)
}

/// True when `e` is the guard of a guarded append refusing its statement
/// ([`guarded_answer`]): nothing of it was written.
pub fn is_guard_refusal(e: &DbErr) -> bool {
    sql_state(e).as_deref() == Some("CRW01")
}

/// The SQLSTATE of a database error the server answered, if it is one.
pub fn sql_state(e: &DbErr) -> Option<String> {
    sqlx_error(e)?
        .as_database_error()
        .and_then(|d| d.code())
        .map(|c| c.into_owned())
}

/// The driver's error under a statement's `DbErr`, if it has one.
fn sqlx_error(e: &DbErr) -> Option<&sea_orm::sqlx::Error> {
    match e {
        DbErr::Query(sea_orm::RuntimeErr::SqlxError(e))
        | DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e)) => Some(e),
        _ => None,
    }
}

/// Each leg's balance after it, less its account's balance after all of
/// `legs` (applying one account's legs in their order): the offset from
/// the final balance, which only the update knows where others write the
/// account too (a house account).
fn leg_offsets(legs: &[Leg]) -> Vec<i64> {
    let mut total: HashMap<Uuid, i64> = HashMap::new();
    for leg in legs {
        *total.entry(leg.account_id).or_insert(0) += leg.amount.minor();
    }
    let mut running: HashMap<Uuid, i64> = total.iter().map(|(id, sum)| (*id, -sum)).collect();
    legs.iter()
        .map(|leg| {
            let offset = running.entry(leg.account_id).or_insert(0);
            *offset += leg.amount.minor();
            *offset
        })
        .collect()
}

/// [`append_for`] `player`, then `wallet.balance_changed` with the
/// balances it read: the common shape of a player's money command. Both
/// are written `at` (the engine's time).
#[expect(clippy::too_many_arguments, reason = "append with its time and reader")]
pub async fn append_and_emit(
    txn: &DatabaseTransaction,
    at: DateTime<Utc>,
    chain: &mut ChainHead,
    kind: TransactionKind,
    reference: &str,
    idem: Option<&Idempotency>,
    legs: &[Leg],
    player: &PlayerAccounts,
) -> Result<(Appended, Balances), WalletError> {
    let appended = append_for(txn, at, chain, kind, reference, idem, legs, Some(player)).await?;
    let now = appended.player_balances()?;
    let now = emit_balances(txn, at, player, now, appended.id, kind).await?;
    Ok((appended, now))
}

/// The player's balances as seen inside `conn`.
pub async fn balances<C: ConnectionTrait>(
    conn: &C,
    accounts_of: &PlayerAccounts,
) -> Result<Balances, WalletError> {
    let rows = accounts::Entity::find()
        .filter(accounts::Column::Id.is_in([
            accounts_of.cash,
            accounts_of.bonus,
            accounts_of.reserved,
        ]))
        .all(conn)
        .await?;
    let of = |id: Uuid| rows.iter().find(|r| r.id == id).map_or(0, |r| r.balance);
    let currency = accounts_of.currency;
    Ok(Balances {
        currency,
        cash: Money::new(of(accounts_of.cash), currency),
        bonus: Money::new(of(accounts_of.bonus), currency),
        reserved: Money::new(of(accounts_of.reserved), currency),
    })
}

/// Writes `wallet.balance_changed` for the player to the outbox, in the
/// transaction that changed the balance, created `at`.
pub async fn emit_balance_changed<C: ConnectionTrait>(
    conn: &C,
    at: DateTime<Utc>,
    accounts_of: &PlayerAccounts,
    transaction_id: Uuid,
    kind: TransactionKind,
) -> Result<Balances, WalletError> {
    let now = balances(conn, accounts_of).await?;
    emit_balances(conn, at, accounts_of, now, transaction_id, kind).await
}

/// [`emit_balance_changed`] with balances already known (from
/// [`append_for`]).
pub async fn emit_balances<C: ConnectionTrait>(
    conn: &C,
    at: DateTime<Utc>,
    accounts_of: &PlayerAccounts,
    now: Balances,
    transaction_id: Uuid,
    kind: TransactionKind,
) -> Result<Balances, WalletError> {
    let mut pending = crate::events::Pending::new(at);
    push_balances(&mut pending, accounts_of, now, transaction_id, kind);
    pending.flush(conn).await?;
    Ok(now)
}

/// Adds `wallet.balance_changed` with the balances `now` to `pending`.
pub fn push_balances(
    pending: &mut crate::events::Pending,
    accounts_of: &PlayerAccounts,
    now: Balances,
    transaction_id: Uuid,
    kind: TransactionKind,
) {
    pending.push(
        domain::events::Topic::Wallet(accounts_of.player_id),
        domain::events::EventData::BalanceChanged(domain::events::BalanceChanged {
            player_id: accounts_of.player_id,
            currency: now.currency,
            cash: now.cash.format_amount(),
            bonus: now.bonus.format_amount(),
            reserved: now.reserved.format_amount(),
            transaction_id,
            kind,
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_leg_knows_its_balance_after_from_its_accounts_final_balance() {
        let player = Uuid::from_u128(7);
        let cash = AccountRef::player(AccountKind::PlayerCash, player).unwrap();
        let house = AccountRef::house(AccountKind::HouseCasino).unwrap();
        let leg = |account: AccountRef, id: u128, minor: i64| Leg {
            account,
            account_id: Uuid::from_u128(id),
            amount: Money::new(minor, Currency::EUR),
        };
        // Two transactions on one cash account and one house account:
        // cash +500 then -200, house -500 then +200.
        let legs = [
            leg(cash, 1, 500),
            leg(house, 2, -500),
            leg(cash, 1, -200),
            leg(house, 2, 200),
        ];
        let offsets = leg_offsets(&legs);
        assert_eq!(offsets, vec![200, -200, 0, 0]);
        // Cash ends at 1,300 (it was 1,000): after the first leg it held
        // 1,500; the house ends at -300 (it was 0): -500 after its first.
        let finals = [1_300, -300, 1_300, -300];
        let after: Vec<i64> = finals.iter().zip(&offsets).map(|(f, o)| f + o).collect();
        assert_eq!(after, vec![1_500, -500, 1_300, -300]);
    }

    #[test]
    fn account_keys_are_unique_per_kind_owner_currency_and_shard() {
        let player = Uuid::from_u128(7);
        let cash = AccountRef::player(AccountKind::PlayerCash, player).unwrap();
        let house = AccountRef::house(AccountKind::HouseCasino).unwrap();
        assert_eq!(
            account_key(&cash, Currency::EUR, 0),
            format!("player_cash:{player}:EUR:0")
        );
        assert_eq!(
            account_key(&house, Currency::EUR, 3),
            "house_casino:house:EUR:3"
        );
        assert_ne!(
            account_key(&house, Currency::EUR, 3),
            account_key(&house, Currency::USD, 3)
        );
    }

    #[test]
    fn a_player_always_uses_the_same_house_shard_and_shards_stay_in_range() {
        for n in 0..1_000u128 {
            let shard = house_shard(Uuid::from_u128(n * 7919));
            assert!((0..HOUSE_SHARDS as i32).contains(&shard));
            assert_eq!(shard, house_shard(Uuid::from_u128(n * 7919)));
        }
    }

    #[test]
    fn only_lock_conflicts_count_as_transient() {
        assert!(is_transient(&DbErr::Custom(
            "database is locked".to_owned()
        )));
        assert!(is_transient(&DbErr::Custom(
            "error returned from database: deadlock detected".to_owned()
        )));
        assert!(!is_transient(&DbErr::Custom("syntax error".to_owned())));
    }

    #[test]
    fn timestamps_keep_microseconds_only() {
        use chrono::Timelike;
        let at = DateTime::from_timestamp(1_700_000_000, 123_456_789).unwrap();
        assert_eq!(micros(at).nanosecond(), 123_456_000);
    }
}
