//! Group commit for the ledger commands ([`Wallet::reserve`],
//! [`Wallet::release`], [`Wallet::capture`], [`Wallet::credit`]), on the
//! lanes of [`crate::batching`] (by house shard, so lanes never touch the
//! same rows).
//!
//! A batch runs with a fixed number of statements: lock every chain
//! involved and read the players' balances under the locks, look every
//! idempotency key up, decide each command in its arrival order against
//! the balances the earlier ones leave (a refused command changes nothing
//! and does not disturb the others), then write every accepted command's
//! ledger transaction, postings, balance change, stored answer and
//! `wallet.balance_changed` event together (on PostgreSQL one statement,
//! which answers the balances it left, checked against the batch's own
//! reckoning) and commit.
//!
//! On PostgreSQL a batch whose players the wallet knows from its last
//! batch for them ([`store::Known`]: their chain heads and balances) skips
//! the locking read: it decides against what it knows and writes in one
//! guarded statement, its own transaction, which refuses itself (and all it
//! wrote) unless every chain moved from the head it was hashed from and
//! every balance landed where the batch reckoned. A refused statement, a
//! command the known balances would refuse, or an unknown player sends the
//! batch the long way above, which refreshes what the wallet knows. A
//! lone caller then pays one round trip and one commit, as a one-statement
//! update would. These statements run on connections the wallet keeps
//! ([`crate::db::Kept`]), sparing the check sqlx makes (a round trip) each
//! time a pooled connection goes back.
//!
//! Each command keeps its own meaning: its own hash-chained ledger
//! transaction, its own answer and balances after it, its own event, its
//! own idempotency record. When the commit itself fails, the outcome is
//! unknown and the commands that wrote answer with the error, as a lone
//! command would.
//!
//! Trade-offs: a batch waits for the slowest chain lock in it (a player
//! being paid by a settlement window holds up that lane's batch, not just
//! that player's command), and the lanes run on the runtime of the first
//! command.

use std::collections::{BTreeSet, HashMap};

use domain::ledger::{AccountKind, TransactionKind};
use domain::money::Money;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::store::{self, Draft, PlayerAccounts, with_retry};
use super::{Idempotency, MoveReceipt, Recorded, WalletError, decode};
use crate::Engine;
use crate::batching::Batched;
use entity::idempotency_keys;

/// Batches in flight at once by default: one filling while one commits.
pub const LANES: usize = 2;

/// One queued ledger command: a move between two accounts of (or for) one
/// player, as [`Wallet::run_move`] describes it.
#[derive(Debug, Clone)]
pub(crate) struct Move {
    pub player: PlayerAccounts,
    pub kind: TransactionKind,
    /// The account money leaves, and whether it is the player's.
    pub from: (AccountKind, bool),
    /// The account money enters, and whether it is the player's.
    pub to: (AccountKind, bool),
    pub amount: Money,
    pub reference: String,
    pub idem: Option<Idempotency>,
}

type Answer = Result<Recorded<MoveReceipt>, WalletError>;

/// The ledger commands, batched.
pub(crate) struct Moves;

impl Batched for Moves {
    type Command = Move;
    type Answer = Answer;
    type Error = WalletError;
    const NAME: &'static str = "wallet";

    fn shard(command: &Move) -> usize {
        usize::try_from(store::house_shard(command.player.player_id)).unwrap_or(0)
    }

    fn idempotency_key(command: &Move) -> Option<(&str, &str)> {
        command.idem.as_ref().map(Idempotency::scoped_key)
    }

    async fn run_batch<'a>(
        engine: &'a Engine,
        commands: &'a [&'a Move],
    ) -> Result<Vec<Answer>, WalletError> {
        if let Some(answers) = try_known(engine, commands).await {
            return Ok(answers);
        }
        with_retry!(try_batch(engine, commands))
    }

    async fn run_alone<'a>(engine: &'a Engine, command: &'a Move) -> Answer {
        engine.wallet().move_alone(command).await
    }

    fn stopped() -> Answer {
        Err(WalletError::Unexpected(anyhow::anyhow!(
            "the wallet stopped while the command was in flight"
        )))
    }
}

/// Every distinct player of `commands`, in their first command's order.
fn players_of(commands: &[&Move]) -> Vec<PlayerAccounts> {
    let mut players: Vec<PlayerAccounts> = Vec::new();
    for command in commands {
        if !players
            .iter()
            .any(|p| p.player_id == command.player.player_id)
        {
            players.push(command.player);
        }
    }
    players
}

/// What a batch decided, command by command, before writing.
struct Decided {
    /// One answer per command (replays, refusals, and the receipts of the
    /// accepted ones, which hold only once the batch commits).
    answers: Vec<Answer>,
    /// The accepted commands' ledger transactions.
    drafts: Vec<Draft>,
    /// Their `wallet.balance_changed` events.
    events: crate::events::Pending,
    /// Their stored answers.
    stored: Vec<idempotency_keys::ActiveModel>,
}

/// Decides each command in its arrival order against `balance` (the
/// players' balances, which the accepted ones change): a key in `found`
/// replays, a command that would overdraw (or overflow) is refused and
/// changes nothing, the others are accepted.
async fn decide<C: sea_orm::ConnectionTrait>(
    engine: &Engine,
    conn: &C,
    commands: &[&Move],
    balance: &mut HashMap<uuid::Uuid, i64>,
    found: &HashMap<(String, String), idempotency_keys::Model>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<Decided, WalletError> {
    let wallet = engine.wallet();
    let mut decided = Decided {
        answers: Vec::with_capacity(commands.len()),
        drafts: Vec::new(),
        events: crate::events::Pending::new(at),
        stored: Vec::new(),
    };
    for command in commands {
        if let Some(idem) = &command.idem
            && let Some(row) = found.get(&idem.scope_key())
        {
            decided
                .answers
                .push(store::stored_answer(row.clone(), idem).and_then(|answer| {
                    Ok(Recorded {
                        value: decode(answer)?,
                        replayed: true,
                    })
                }));
            continue;
        }
        let player = &command.player;
        let legs = wallet
            .move_legs(conn, player, command.from, command.to, command.amount, at)
            .await?;
        // The player's balances after this command, checked as the single
        // path's statement checks them.
        let mut next: Vec<(Uuid, Option<i64>)> = Vec::with_capacity(legs.len());
        for leg in legs.iter().filter(|l| l.account.kind().is_player()) {
            let now = balance.get(&leg.account_id).copied().unwrap_or(0);
            next.push((leg.account_id, now.checked_add(leg.amount.minor())));
        }
        if next.iter().any(|(_, after)| after.is_none()) {
            decided
                .answers
                .push(Err(WalletError::Unexpected(anyhow::anyhow!(
                    "the balance would overflow"
                ))));
            continue;
        }
        if next.iter().any(|(_, after)| after.is_some_and(|a| a < 0)) {
            decided.answers.push(Err(WalletError::InsufficientFunds));
            continue;
        }
        for (id, after) in next {
            balance.insert(id, after.unwrap_or(0));
        }
        let now = store::balances_of(player, balance);
        let id = Uuid::now_v7();
        let receipt = MoveReceipt::new(id, command.kind, command.amount, now);
        store::push_balances(&mut decided.events, player, now, id, command.kind);
        if let Some(idem) = &command.idem {
            let body = serde_json::to_value(&receipt).map_err(anyhow::Error::from)?;
            decided.stored.push(store::idempotency_row(idem, &body, at));
        }
        decided.drafts.push(Draft {
            id,
            chain_key: store::player_chain(player.player_id),
            kind: command.kind,
            reference: command.reference.clone(),
            idempotency: command.idem.as_ref().map(|i| i.scope_key()),
            legs,
        });
        decided.answers.push(Ok(Recorded {
            value: receipt,
            replayed: false,
        }));
    }
    Ok(decided)
}

/// Each command that wrote gets `message` as its answer (the database's
/// commit of it is unknown, as a lone command's caller would hear);
/// replays and refusals keep theirs.
fn unknown_outcome(answers: &mut [Answer], message: &str) {
    for answer in answers {
        if matches!(
            answer,
            Ok(Recorded {
                replayed: false,
                ..
            })
        ) {
            *answer = Err(WalletError::Unexpected(anyhow::anyhow!(message.to_owned())));
        }
    }
}

/// The batch in one guarded statement on PostgreSQL, when the engine knows
/// every player's chain head and balances from its last batch for them
/// ([`store::Known`]) and each command is accepted against them: no
/// locking read, no `BEGIN` or `COMMIT` round trip. The statement writes
/// what [`try_batch`] would and, in its last part, refuses itself (and so
/// everything it wrote) unless every chain moved from the head the batch
/// hashed from and every player balance landed where the batch reckoned
/// ([`store::guarded_answer`]); a stale copy thus costs a refused
/// statement, and None sends the batch the long way. None as well when
/// the batch does not qualify: an unknown player or a refusal (which the
/// long way decides under its locks). Idempotency keys are not looked up:
/// a key stored before makes the statement fail on the key's uniqueness,
/// and the long way then replays it.
async fn try_known(engine: &Engine, commands: &[&Move]) -> Option<Vec<Answer>> {
    let db = engine.db();
    if db.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return None;
    }
    let players = players_of(commands);
    let known = &engine.wallet().svc.known;
    let (mut heads, mut balance) = known.get(&players)?;
    // The batch's time, read once for all of its commands.
    let at = engine.now();
    let mut decided = decide(engine, db, commands, &mut balance, &HashMap::new(), at)
        .await
        .ok()?;
    if decided.drafts.len() != commands.len() {
        return None;
    }
    let expected: HashMap<Uuid, i64> = players
        .iter()
        .flat_map(|p| [p.cash, p.bonus, p.reserved])
        .map(|id| (id, balance.get(&id).copied().unwrap_or(0)))
        .collect();
    let chains = heads.len();
    // Everything in the one guarded statement: a write made at once would
    // stay when the guard refuses the rest.
    let mut writes = crate::db::Writes::all_in_one();
    let (_, after) =
        store::append_many_guarded(db, at, &mut heads, decided.drafts, &players, &mut writes)
            .await
            .ok()?;
    decided.events.gather(db, &mut writes).await.ok()?;
    store::gather_idempotent(db, std::mem::take(&mut decided.stored), &mut writes)
        .await
        .ok()?;
    let store::After::Gathered { accounts } = after else {
        return None;
    };
    store::guarded_answer(&mut writes, chains, accounts, &expected);
    let statement = writes.into_statement()?;
    match engine.wallet().svc.kept.query_all(db, statement).await {
        Ok(rows) => {
            // The guard passed and the statement committed: the answers
            // stand.
            match after.read(&rows) {
                Ok(balances) => known.put(&players, &heads, &balances),
                Err(_) => known.forget(&players),
            }
            engine.events().wake();
            Some(decided.answers)
        }
        // Not sent: nothing happened.
        Err(sea_orm::DbErr::ConnectionAcquire(_)) => None,
        // The server refused the statement (the guard, a stored key, a
        // deadlock): it rolled back whole.
        Err(e) if store::is_refusal(&e) => {
            known.forget(&players);
            if !store::is_guard_refusal(&e) {
                tracing::debug!(error = %e, "a guarded wallet batch failed; taking the long way");
            }
            None
        }
        // The connection failed or the session ended with the statement
        // in flight: whether it committed is unknown.
        Err(e) => {
            known.forget(&players);
            unknown_outcome(
                &mut decided.answers,
                &format!("running a wallet batch: {e}"),
            );
            Some(decided.answers)
        }
    }
}

/// One transaction for every command in `commands` (see the module docs),
/// an answer for each. `Err` only when the batch as a whole failed before
/// its commit, so it wrote nothing and its commands may run again.
async fn try_batch(engine: &Engine, commands: &[&Move]) -> Result<Vec<Answer>, WalletError> {
    let db = engine.db();
    // The batch's time, read once for all of its commands.
    let at = engine.now();
    let txn = crate::db::begin_write(db).await?;
    let players = players_of(commands);
    let chains: Vec<String> = players
        .iter()
        .map(|p| store::player_chain(p.player_id))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let (mut heads, mut balance) =
        store::lock_chains_reading(&txn, &chains, players.iter().copied(), at).await?;
    let found = find_keys(&txn, commands.iter().filter_map(|c| c.idem.as_ref())).await?;
    let Decided {
        mut answers,
        drafts,
        events,
        stored,
    } = decide(engine, &txn, commands, &mut balance, &found, at).await?;
    // Only the guarded path (PostgreSQL) reads what batches leave.
    let known = (db.get_database_backend() == sea_orm::DatabaseBackend::Postgres)
        .then_some(&engine.wallet().svc.known);
    if drafts.is_empty() {
        txn.rollback().await?;
        if let Some(known) = known {
            known.put(&players, &heads, &balance);
        }
        return Ok(answers);
    }
    // The ledger rows, events and stored answers go in one statement on
    // PostgreSQL.
    let mut writes = crate::db::Writes::default();
    let (_, after) =
        store::append_many_gathered(&txn, at, &mut heads, drafts, &players, &mut writes).await?;
    events.gather(&txn, &mut writes).await?;
    // A key stored by a request outside the batch since the lookup is a
    // `Conflict`: the retry replays it.
    store::gather_idempotent(&txn, stored, &mut writes).await?;
    let after = store::run_writes(&txn, writes, after).await?;
    // The database applied the net change of the whole batch; it must
    // land where the command-by-command reckoning did (else nothing
    // commits).
    store::same_balances(&balance, &after)?;
    if let Err(e) = txn.commit().await {
        // Whether the database committed is unknown: running the commands
        // again could apply them twice, so each command that wrote gets the
        // failure (as a lone command's caller would); replays and refusals
        // keep their answers.
        if let Some(known) = known {
            known.forget(&players);
        }
        unknown_outcome(&mut answers, &format!("committing a wallet batch: {e}"));
        return Ok(answers);
    }
    if let Some(known) = known {
        known.put(&players, &heads, &after);
    }
    engine.events().wake();
    Ok(answers)
}

/// The stored rows of the idempotency keys `idems`, in one query.
pub(crate) async fn find_keys<'a, C: sea_orm::ConnectionTrait>(
    conn: &C,
    idems: impl Iterator<Item = &'a Idempotency>,
) -> Result<HashMap<(String, String), idempotency_keys::Model>, WalletError> {
    let wanted: std::collections::HashSet<(String, String)> =
        idems.map(Idempotency::scope_key).collect();
    if wanted.is_empty() {
        return Ok(HashMap::new());
    }
    let backend = conn.get_database_backend();
    let condition = if backend == sea_orm::DatabaseBackend::Postgres {
        // The pairs as two arrays (one statement text whatever their
        // count), each looked up by the primary key.
        let (scopes, keys): (Vec<String>, Vec<String>) = wanted.iter().cloned().unzip();
        Condition::all().add(sea_orm::sea_query::Expr::cust_with_values(
            format!(
                "(\"{}\", \"{}\") IN (SELECT * FROM UNNEST($1, $2))",
                sea_orm::IdenStatic::as_str(&idempotency_keys::Column::Scope),
                sea_orm::IdenStatic::as_str(&idempotency_keys::Column::Key),
            ),
            [sea_orm::Value::from(scopes), sea_orm::Value::from(keys)],
        ))
    } else {
        wanted.iter().fold(Condition::any(), |any, (scope, key)| {
            any.add(
                Condition::all()
                    .add(idempotency_keys::Column::Scope.eq(scope.clone()))
                    .add(idempotency_keys::Column::Key.eq(key.clone())),
            )
        })
    };
    Ok(idempotency_keys::Entity::find()
        .filter(condition)
        .all(conn)
        .await?
        .into_iter()
        .map(|row| ((row.scope.clone(), row.key.clone()), row))
        .filter(|(pair, _)| wanted.contains(pair))
        .collect())
}
