//! Appending hash-chained ledger transactions: legs, drafts, and the
//! appends of one, many, gathered and guarded transactions.

use super::chain::account_ids;
use super::idempotency::conflict_or_error;
use super::writes::{
    PostingRow, apply_net, gather_net_joined, gather_postings_joined, leg_offsets, net_changes,
    update_heads, update_heads_joined,
};
use super::*;

/// Truncates a timestamp to the microsecond, the precision both databases
/// store and the canonical encoding covers.
pub fn micros(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

/// SHA-256 (hex) of a transaction's canonical bytes.
pub fn transaction_hash(tx: &CanonicalTransaction<'_>) -> String {
    hex::encode(Sha256::digest(canonical_transaction_bytes(tx)))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_keep_microseconds_only() {
        use chrono::Timelike;
        let at = DateTime::from_timestamp(1_700_000_000, 123_456_789).unwrap();
        assert_eq!(micros(at).nanosecond(), 123_456_000);
    }
}
