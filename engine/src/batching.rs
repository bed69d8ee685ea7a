//! Group commit, shared by the wallet's ledger commands
//! ([`crate::wallet::batch`]) and bet placement
//! ([`crate::sportsbook::placement`]).
//!
//! A command that costs a dozen statements and a commit whatever it moves
//! leaves the database busy with statement overhead when many callers come
//! at once. Such commands queue here instead, each in one of a few lanes
//! (by the player's house shard, so that two lanes of one process never
//! lock the same rows), and each lane takes whatever has queued (up to
//! [`MAX_BATCH`]) and hands it to [`Batched::run_batch`], which runs it as
//! one database transaction and answers every command on its own.
//!
//! The rules every batch keeps:
//! - Two commands with one idempotency key never share a batch: the batch
//!   ends before the repeat, which (with whatever queued after it) goes
//!   into the next one, in arrival order, and replays the first answer.
//! - A batch that fails as a whole before its commit wrote nothing; every
//!   command in it then runs alone ([`Batched::run_alone`]), so one bad
//!   command cannot take the others down with it.
//! - A caller that gives up before its batch begins is not run (alone, its
//!   transaction would have been dropped uncommitted too).
//! - A batch that panics fails only its own callers; the lane goes on.
//!
//! A lone caller pays about what it would pay alone (a batch of one);
//! callers in parallel share statements and commits.

use std::collections::HashSet;
use std::future::Future;

use tokio::sync::{mpsc, oneshot};

use crate::{Engine, WeakEngine};

/// Most commands in one batch.
pub const MAX_BATCH: usize = 256;

/// A kind of command that runs in batches.
pub(crate) trait Batched: Send + Sync + 'static {
    /// One queued command.
    type Command: Send + Sync + 'static;
    /// Its answer.
    type Answer: Send + 'static;
    /// Why a whole batch failed.
    type Error: std::fmt::Display + Send;
    /// What the log calls these commands.
    const NAME: &'static str;

    /// The command's shard: commands of one shard share a lane. (The
    /// wallet and placement answer the player's house shard, so two lanes
    /// never lock the same chain, player account or house account row.)
    fn shard(command: &Self::Command) -> usize;

    /// The command's idempotency scope and key, when it has one: two
    /// commands with the same never share a batch.
    fn idempotency_key(command: &Self::Command) -> Option<(&str, &str)>;

    /// Runs `commands` as one transaction, one answer each in order; `Err`
    /// only when the batch as a whole failed before its commit (it wrote
    /// nothing, and its commands may run again).
    fn run_batch<'a>(
        engine: &'a Engine,
        commands: &'a [&'a Self::Command],
    ) -> impl Future<Output = Result<Vec<Self::Answer>, Self::Error>> + Send + 'a;

    /// Runs one command in a transaction of its own.
    fn run_alone<'a>(
        engine: &'a Engine,
        command: &'a Self::Command,
    ) -> impl Future<Output = Self::Answer> + Send + 'a;

    /// The answer of a command whose lane stopped while it was in flight
    /// (only when the runtime shuts down): whether it committed is unknown.
    fn stopped() -> Self::Answer;
}

struct Job<B: Batched> {
    command: B::Command,
    reply: oneshot::Sender<B::Answer>,
}

/// The queues in front of the lanes of one kind of command.
pub(crate) struct Batcher<B: Batched> {
    lanes: Vec<mpsc::UnboundedSender<Job<B>>>,
}

impl<B: Batched> Batcher<B> {
    /// Starts `lanes` lanes for `engine` (they end with its last handle).
    pub(crate) fn start(engine: &Engine, lanes: usize) -> Self {
        let lanes = (0..lanes.max(1))
            .map(|_| {
                let (queue, receiver) = mpsc::unbounded_channel();
                tokio::spawn(lane::<B>(receiver, engine.downgrade()));
                queue
            })
            .collect();
        Self { lanes }
    }

    /// Queues `command` on its lane and waits for its answer; `None` when
    /// the lanes are gone (their runtime ended), and the caller runs it
    /// alone.
    pub(crate) async fn submit(&self, command: B::Command) -> Option<B::Answer> {
        let queue = self.lanes.get(B::shard(&command) % self.lanes.len())?;
        let (reply, answer) = oneshot::channel();
        queue.send(Job { command, reply }).ok()?;
        // A dropped reply means the lane went mid-batch: whether the batch
        // committed is unknown here; the caller's idempotency key (if any)
        // tells on a retry.
        Some(answer.await.unwrap_or_else(|_| B::stopped()))
    }
}

async fn lane<B: Batched>(mut receiver: mpsc::UnboundedReceiver<Job<B>>, engine: WeakEngine) {
    // Jobs queued behind a repeated idempotency key wait here for the next
    // batch, in their order.
    let mut queued: Vec<Job<B>> = Vec::new();
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
        queued.retain(|job| !job.reply.is_closed());
        let batch = take_batch::<B>(&mut queued);
        if batch.is_empty() {
            continue;
        }
        // A queued job holds no engine handle, but its caller does (it
        // borrows the engine while it waits), so this only fails when
        // every caller has gone.
        let Some(engine) = engine.upgrade() else {
            return;
        };
        if let Err(e) = tokio::spawn(async move { run::<B>(&engine, batch).await }).await {
            tracing::error!(error = %e, commands = B::NAME, "a batch panicked");
        }
    }
}

/// The longest run of `queued` from its start in which no idempotency key
/// repeats.
fn take_batch<B: Batched>(queued: &mut Vec<Job<B>>) -> Vec<Job<B>> {
    let mut keys = HashSet::new();
    let cut = queued
        .iter()
        .position(|job| B::idempotency_key(&job.command).is_some_and(|key| !keys.insert(key)))
        .unwrap_or(queued.len());
    let rest = queued.split_off(cut);
    std::mem::replace(queued, rest)
}

async fn run<B: Batched>(engine: &Engine, batch: Vec<Job<B>>) {
    let commands: Vec<&B::Command> = batch.iter().map(|j| &j.command).collect();
    let outcome = B::run_batch(engine, &commands).await;
    drop(commands);
    match outcome {
        Ok(answers) => {
            for (job, answer) in batch.into_iter().zip(answers) {
                let _ = job.reply.send(answer);
            }
        }
        Err(e) => {
            if batch.len() > 1 {
                tracing::warn!(error = %e, commands = B::NAME, count = batch.len(),
                    "a batch failed; running its commands one by one");
            }
            for job in batch {
                if job.reply.is_closed() {
                    continue;
                }
                let answer = B::run_alone(engine, &job.command).await;
                let _ = job.reply.send(answer);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Labels;

    impl Batched for Labels {
        type Command = (&'static str, Option<&'static str>);
        type Answer = ();
        type Error = String;
        const NAME: &'static str = "test";

        fn shard(_: &Self::Command) -> usize {
            0
        }

        fn idempotency_key(command: &Self::Command) -> Option<(&str, &str)> {
            command.1.map(|key| ("player", key))
        }

        async fn run_batch<'a>(
            _: &'a Engine,
            commands: &'a [&'a Self::Command],
        ) -> Result<Vec<()>, String> {
            Ok(vec![(); commands.len()])
        }

        async fn run_alone<'a>(_: &'a Engine, _: &'a Self::Command) {}

        fn stopped() {}
    }

    fn job(label: &'static str, key: Option<&'static str>) -> Job<Labels> {
        let (reply, _answer) = oneshot::channel();
        Job {
            command: (label, key),
            reply,
        }
    }

    fn labels(jobs: &[Job<Labels>]) -> Vec<&str> {
        jobs.iter().map(|j| j.command.0).collect()
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
        assert_eq!(labels(&first), ["a", "b"]);
        assert_eq!(labels(&queued), ["c", "d", "e"]);
        let second = take_batch(&mut queued);
        assert_eq!(labels(&second), ["c", "d", "e"]);
        assert!(queued.is_empty());
        assert!(take_batch(&mut queued).is_empty());
    }
}
