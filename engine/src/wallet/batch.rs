//! Group commit for the ledger commands ([`Wallet::reserve`],
//! [`Wallet::release`], [`Wallet::capture`], [`Wallet::credit`]).
//!
//! A command costs about ten statements and a commit whatever it moves, so
//! with many callers the database spends its time on statement overhead,
//! not on money. The commands therefore queue here, each player's in one of
//! [`LANES`] lanes (by house shard, so lanes never touch the same rows),
//! and each lane takes whatever has queued (up to [`MAX_BATCH`]) and runs
//! it as one database transaction with a fixed number of statements: lock
//! every chain involved, look every idempotency key up, read the players'
//! balances, decide each command in its arrival order against the balances
//! the earlier ones leave (a refused command changes nothing and does not
//! disturb the others), then write every accepted command's ledger
//! transaction, postings, balance change, stored answer and
//! `wallet.balance_changed` event together and commit.
//!
//! Each command keeps its own meaning: its own hash-chained ledger
//! transaction, its own answer and balances after it, its own event, its
//! own idempotency record. Two commands with one idempotency key never
//! share a batch: the batch ends before the repeat, which (with whatever
//! queued after it) goes into the next one and replays the first answer.
//! When a batch fails as a whole before its commit (a database error, not
//! a refusal), nothing of it was written and every command in it runs
//! again alone, so one bad command cannot take others down with it; when
//! the commit itself fails, the outcome is unknown and the commands that
//! wrote answer with the error, as a lone command would. A caller that
//! gives up before its batch begins is not run. A lone caller pays about
//! what it paid before (a batch of one); callers in parallel share commits.
//!
//! Trade-offs: a batch waits for the slowest chain lock in it (a player
//! being paid by a settlement window holds up that lane's batch, not just
//! that player's command), and the lanes run on the runtime of the first
//! command.

use std::collections::{BTreeSet, HashMap, HashSet};

use domain::ledger::{AccountKind, TransactionKind};
use domain::money::Money;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use super::store::{self, Draft, PlayerAccounts, with_retry};
use super::{Idempotency, MoveReceipt, Recorded, WalletError, decode};
use crate::{Engine, WeakEngine};
use entity::{accounts, idempotency_keys};

/// Batches in flight at once by default: one filling while one commits.
pub const LANES: usize = 2;
/// Most commands in one batch.
pub const MAX_BATCH: usize = 256;

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

struct Job {
    command: Move,
    reply: oneshot::Sender<Answer>,
}

/// The queues in front of the lanes, one per lane.
pub(crate) struct Batcher {
    lanes: Vec<mpsc::UnboundedSender<Job>>,
}

impl Batcher {
    /// Starts `lanes` lanes for `engine` (they end with its last handle).
    pub(crate) fn start(engine: &Engine, lanes: usize) -> Self {
        let lanes = (0..lanes.max(1))
            .map(|_| {
                let (queue, receiver) = mpsc::unbounded_channel();
                tokio::spawn(lane(receiver, engine.downgrade()));
                queue
            })
            .collect();
        Self { lanes }
    }

    /// Queues `command` and waits for its answer; `None` when the lanes are
    /// gone (their runtime ended), and the caller runs it alone.
    ///
    /// A player's commands always go to the same lane, chosen by the
    /// player's house shard: two lanes of one process never lock the same
    /// chain, player account or house account row, so its batches never
    /// wait on each other. (Lanes of two replicas can: a deadlock between
    /// them is a transient conflict, and the batch runs again.)
    pub(crate) async fn submit(&self, command: Move) -> Option<Answer> {
        let shard = usize::try_from(store::house_shard(command.player.player_id)).unwrap_or(0);
        let queue = self.lanes.get(shard % self.lanes.len())?;
        let (reply, answer) = oneshot::channel();
        queue.send(Job { command, reply }).ok()?;
        match answer.await {
            Ok(answer) => Some(answer),
            // The lane was dropped mid-batch: only when its runtime shuts
            // down. Whether the batch committed is unknown here; the
            // caller's idempotency key (if any) tells on a retry.
            Err(_) => Some(Err(WalletError::Unexpected(anyhow::anyhow!(
                "the wallet stopped while the command was in flight"
            )))),
        }
    }
}

async fn lane(mut receiver: mpsc::UnboundedReceiver<Job>, engine: WeakEngine) {
    // Jobs queued behind a repeated idempotency key wait here for the next
    // batch, in their order.
    let mut queued: Vec<Job> = Vec::new();
    loop {
        if queued.is_empty() {
            match receiver.recv().await {
                Some(job) => queued.push(job),
                None => return,
            }
        }
        while queued.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(job) => queued.push(job),
                Err(_) => break,
            }
        }
        // A caller that gave up before its batch began is not run (alone,
        // its transaction would have been dropped uncommitted too).
        queued.retain(|job| !job.reply.is_closed());
        let batch = take_batch(&mut queued);
        if batch.is_empty() {
            continue;
        }
        // A queued job holds no engine handle, but its caller does (it
        // borrows the engine while it waits), so this only fails when
        // every caller has gone.
        let Some(engine) = engine.upgrade() else {
            return;
        };
        // Its own task, so that a bug panicking in one batch fails only
        // that batch's callers (their answers are dropped) and the lane
        // goes on.
        if let Err(e) = tokio::spawn(async move { run(&engine, batch).await }).await {
            tracing::error!(error = %e, "a wallet batch panicked");
        }
    }
}

/// The longest run of `queued` from its start in which no idempotency key
/// repeats: a repeat (and everything after it) waits for the next batch,
/// so it sees the first one's stored answer and the arrival order holds.
fn take_batch(queued: &mut Vec<Job>) -> Vec<Job> {
    let mut keys = HashSet::new();
    let cut = queued
        .iter()
        .position(|job| {
            job.command
                .idem
                .as_ref()
                .is_some_and(|i| !keys.insert((i.scope.clone(), i.key.clone())))
        })
        .unwrap_or(queued.len());
    let rest = queued.split_off(cut);
    std::mem::replace(queued, rest)
}

/// Runs `batch` as one transaction (retrying it while the database reports
/// transient conflicts); when it fails before its commit, each job runs
/// alone.
async fn run(engine: &Engine, batch: Vec<Job>) {
    let commands: Vec<&Move> = batch.iter().map(|j| &j.command).collect();
    let outcome = with_retry!(try_batch(engine, &commands));
    match outcome {
        Ok(answers) => {
            for (job, answer) in batch.into_iter().zip(answers) {
                let _ = job.reply.send(answer);
            }
        }
        Err(e) => {
            if batch.len() > 1 {
                tracing::warn!(error = %e, commands = batch.len(), "wallet batch failed; running its commands one by one");
            }
            let wallet = engine.wallet();
            for job in batch {
                if job.reply.is_closed() {
                    continue;
                }
                let answer = wallet.move_alone(&job.command).await;
                let _ = job.reply.send(answer);
            }
        }
    }
}

/// One transaction for every command in `commands` (see the module docs),
/// an answer for each. `Err` only when the batch as a whole failed before
/// its commit, so it wrote nothing and its commands may run again.
async fn try_batch(engine: &Engine, commands: &[&Move]) -> Result<Vec<Answer>, WalletError> {
    let db = engine.db();
    let txn = crate::db::begin_write(db).await?;
    let chains: Vec<String> = commands
        .iter()
        .map(|c| store::player_chain(c.player.player_id))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut heads = store::lock_chains(&txn, &chains).await?;
    let found = find_keys(&txn, commands).await?;

    let mut players: Vec<PlayerAccounts> = Vec::new();
    for command in commands {
        if !players
            .iter()
            .any(|p| p.player_id == command.player.player_id)
        {
            players.push(command.player);
        }
    }
    // Player balances cannot change under us: player rows are only written
    // under their chain's lock, which this transaction now holds.
    let ids: Vec<Uuid> = players
        .iter()
        .flat_map(|p| [p.cash, p.bonus, p.reserved])
        .collect();
    let mut balance: HashMap<Uuid, i64> = accounts::Entity::find()
        .filter(accounts::Column::Id.is_in(ids))
        .all(&txn)
        .await?
        .into_iter()
        .map(|a| (a.id, a.balance))
        .collect();

    let wallet = engine.wallet();
    let mut answers = Vec::with_capacity(commands.len());
    let mut drafts = Vec::new();
    let mut events = crate::events::Pending::default();
    let mut stored = Vec::new();
    for command in commands {
        if let Some(idem) = &command.idem
            && let Some(row) = found.get(&(idem.scope.clone(), idem.key.clone()))
        {
            answers.push(store::stored_answer(row.clone(), idem).and_then(|answer| {
                Ok(Recorded {
                    value: decode(answer)?,
                    replayed: true,
                })
            }));
            continue;
        }
        let player = &command.player;
        let legs = wallet
            .move_legs(&txn, player, command.from, command.to, command.amount)
            .await?;
        // The player's balances after this command, checked as the single
        // path's statement checks them.
        let mut next: Vec<(Uuid, Option<i64>)> = Vec::with_capacity(legs.len());
        for leg in legs.iter().filter(|l| l.account.kind().is_player()) {
            let now = balance.get(&leg.account_id).copied().unwrap_or(0);
            next.push((leg.account_id, now.checked_add(leg.amount.minor())));
        }
        if next.iter().any(|(_, after)| after.is_none()) {
            answers.push(Err(WalletError::Unexpected(anyhow::anyhow!(
                "the balance would overflow"
            ))));
            continue;
        }
        if next.iter().any(|(_, after)| after.is_some_and(|a| a < 0)) {
            answers.push(Err(WalletError::InsufficientFunds));
            continue;
        }
        for (id, after) in next {
            balance.insert(id, after.unwrap_or(0));
        }
        let now = store::balances_of(player, &balance);
        let id = Uuid::now_v7();
        let receipt = MoveReceipt::new(id, command.kind, command.amount, now);
        store::push_balances(&mut events, player, now, id, command.kind);
        if let Some(idem) = &command.idem {
            let body = serde_json::to_value(&receipt).map_err(anyhow::Error::from)?;
            stored.push(store::idempotency_row(idem, &body));
        }
        drafts.push(Draft {
            id,
            chain_key: store::player_chain(player.player_id),
            kind: command.kind,
            reference: command.reference.clone(),
            idempotency: command
                .idem
                .as_ref()
                .map(|i| (i.scope.clone(), i.key.clone())),
            legs,
        });
        answers.push(Ok(Recorded {
            value: receipt,
            replayed: false,
        }));
    }
    if drafts.is_empty() {
        txn.rollback().await?;
        return Ok(answers);
    }
    let (_, after) = store::append_many(&txn, &mut heads, drafts, &players).await?;
    // The database applied the net change of the whole batch; it must
    // land where the command-by-command reckoning did.
    if let Some(id) = balance
        .iter()
        .find(|(id, b)| after.get(*id).is_some_and(|a| a != *b))
        .map(|(id, _)| *id)
    {
        return Err(WalletError::Unexpected(anyhow::anyhow!(
            "account {id}: the batch's balance differs from the database's"
        )));
    }
    events.flush(&txn).await?;
    // A key stored by a request outside the batch since the lookup is a
    // `Conflict`: the retry replays it.
    store::store_idempotent_many(&txn, stored).await?;
    if let Err(e) = txn.commit().await {
        // Whether the database committed is unknown: running the commands
        // again could apply them twice, so each command that wrote gets the
        // failure (as a lone command's caller would); replays and refusals
        // keep their answers.
        let message = format!("committing a wallet batch: {e}");
        for answer in &mut answers {
            if matches!(
                answer,
                Ok(Recorded {
                    replayed: false,
                    ..
                })
            ) {
                *answer = Err(WalletError::Unexpected(anyhow::anyhow!(message.clone())));
            }
        }
        return Ok(answers);
    }
    engine.events().wake();
    Ok(answers)
}

/// The stored rows of the commands' idempotency keys, in one query.
async fn find_keys<C: sea_orm::ConnectionTrait>(
    conn: &C,
    commands: &[&Move],
) -> Result<HashMap<(String, String), idempotency_keys::Model>, WalletError> {
    let mut any = Condition::any();
    let mut keyed = false;
    for idem in commands.iter().filter_map(|c| c.idem.as_ref()) {
        keyed = true;
        any = any.add(
            Condition::all()
                .add(idempotency_keys::Column::Scope.eq(idem.scope.clone()))
                .add(idempotency_keys::Column::Key.eq(idem.key.clone())),
        );
    }
    if !keyed {
        return Ok(HashMap::new());
    }
    Ok(idempotency_keys::Entity::find()
        .filter(any)
        .all(conn)
        .await?
        .into_iter()
        .map(|row| ((row.scope.clone(), row.key.clone()), row))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::money::Currency;

    fn job(reference: &str, key: Option<&str>) -> Job {
        let player = PlayerAccounts {
            player_id: Uuid::from_u128(1),
            currency: Currency::EUR,
            cash: Uuid::from_u128(2),
            bonus: Uuid::from_u128(3),
            reserved: Uuid::from_u128(4),
        };
        let (reply, _answer) = oneshot::channel();
        Job {
            command: Move {
                player,
                kind: TransactionKind::Reserve,
                from: (AccountKind::PlayerCash, true),
                to: (AccountKind::PlayerReserved, true),
                amount: Money::new(100, Currency::EUR),
                reference: reference.to_owned(),
                idem: key.map(|k| Idempotency {
                    scope: "player".to_owned(),
                    key: k.to_owned(),
                    request_hash: "h".to_owned(),
                    status: 200,
                }),
            },
            reply,
        }
    }

    fn references(jobs: &[Job]) -> Vec<&str> {
        jobs.iter().map(|j| j.command.reference.as_str()).collect()
    }

    #[test]
    fn a_batch_ends_before_a_repeated_key_and_the_rest_keeps_its_order() {
        let mut queued = vec![
            job("a", Some("k1")),
            job("b", None),
            job("c", Some("k1")),
            job("d", Some("k2")),
            job("e", None),
        ];
        let first = take_batch(&mut queued);
        assert_eq!(references(&first), ["a", "b"]);
        assert_eq!(references(&queued), ["c", "d", "e"]);
        let second = take_batch(&mut queued);
        assert_eq!(references(&second), ["c", "d", "e"]);
        assert!(queued.is_empty());
        assert!(take_batch(&mut queued).is_empty());
    }
}
