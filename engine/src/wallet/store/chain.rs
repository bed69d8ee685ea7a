//! Chain locking: the heads the engine knows, locking one or many chains
//! and reading them under the lock.

use super::*;

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
pub(super) fn account_ids(
    players: impl Iterator<Item = PlayerAccounts>,
) -> std::collections::BTreeSet<Uuid> {
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
