//! Wallet throughput on PostgreSQL: ledger transactions per second through
//! `engine::wallet` with 1, 8 and 32 concurrent workers, uncontended (each
//! worker moves its own player's money: reserve/release) and with every
//! transfer touching the casino house account (credit house → player), next
//! to `pgbench` running a one-statement balance update on the same server
//! (the yardstick), and, for reference, `pgbench` running a plain
//! double-entry transfer in SQL (one transaction row, two postings, two
//! balance updates), once as five statements in one transaction and once
//! as one statement: the database work of a transfer without the engine
//! (the one-statement form is the most a caller that waits for each
//! transfer can get from the server; the engine also writes the hash
//! chain, the balance event, and checks every balance).
//!
//! Run: `cargo bench -p engine --bench wallet` (PostgreSQL from
//! `TEST_DATABASE_URL`, default the local server through its Unix socket
//! when it has one; pgbench connects the same way). `BENCH_SECS` sets the
//! length of each measurement (default 5), `BENCH_WALLET_LANES` the
//! wallet's group-commit lanes (default [`engine::wallet::batch::LANES`]),
//! `BENCH_WORKERS` the worker counts (comma-separated, default 1,8,32),
//! `BENCH_THREADS` the runtime's threads (default 1: the engine and its
//! callers on one thread, leaving the other cores to PostgreSQL on a small
//! machine that runs both; more gives a multi-thread runtime, whose
//! cross-thread wake-ups cost more than they bring on two cores).
//! It prints figures; it asserts nothing.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use domain::money::{Currency, Money};
use engine::auth::RegisterInput;
use engine::testing::TestDb;
use engine::wallet::House;
use engine::{Engine, EngineConfig};

const WORKERS: [usize; 3] = [1, 8, 32];

/// The server's allocator (see `server`), so the figures are the server's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let threads: usize = std::env::var("BENCH_THREADS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let runtime = if threads <= 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .enable_all()
            .build()?
    };
    runtime.block_on(bench(threads.max(1)))
}

async fn bench(threads: usize) -> anyhow::Result<()> {
    let admin_url = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
        .unwrap_or_else(engine::testing::local_postgres_url);
    let secs: u64 = std::env::var("BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let db = TestDb::postgres(&admin_url).await?;
    let lanes: usize = std::env::var("BENCH_WALLET_LANES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(engine::wallet::batch::LANES);
    let engine = Engine::new(
        db.db.clone(),
        EngineConfig {
            wallet_lanes: lanes,
            ..EngineConfig::for_tests()
        },
        engine::events::EventBus::in_process(),
    );

    let workers_list: Vec<usize> = std::env::var("BENCH_WORKERS")
        .ok()
        .map(|s| {
            s.split(',')
                .filter_map(|n| n.trim().parse().ok())
                .filter(|&n| n > 0)
                .collect()
        })
        .filter(|l: &Vec<usize>| !l.is_empty())
        .unwrap_or_else(|| WORKERS.to_vec());
    let max_workers = workers_list.iter().copied().max().unwrap_or(1);
    let mut players = Vec::with_capacity(max_workers);
    let today = engine.now().date_naive();
    for i in 0..max_workers {
        let registered = engine
            .auth()
            .register(
                RegisterInput {
                    email: format!("bench{i}@example.com"),
                    password: "bench-password".to_owned(),
                    date_of_birth: "1990-01-01".to_owned(),
                    country: "MT".to_owned(),
                    currency: "EUR".to_owned(),
                },
                today,
            )
            .await
            .map_err(|e| anyhow::anyhow!("registering: {e}"))?;
        engine
            .wallet()
            .credit(
                registered.player_id,
                House::Casino,
                Money::new(1_000_000, Currency::EUR),
                "bench opening balance",
                None,
            )
            .await
            .map_err(|e| anyhow::anyhow!("funding: {e}"))?;
        players.push(registered.player_id);
    }

    let pgbench_script = write_script(
        &format!("croupier-pgbench-{}.sql", db.name()),
        "\\set aid random(1, 100000)\nUPDATE pgbench_balances SET balance = balance + 1 WHERE aid = :aid;\n",
    )?;
    let ledger_script = write_script(
        &format!("croupier-pgbench-ledger-{}.sql", db.name()),
        // Balances updated in key order, so two clients never deadlock.
        "\\set a random(1, 100000)\n\\set b random(1, 100000)\n\
         \\set lo least(:a, :b)\n\\set hi greatest(:a, :b)\n\\set amount random(1, 100)\n\
         BEGIN;\n\
         INSERT INTO pgbench_transfers (kind, created_at) VALUES ('bench', now());\n\
         INSERT INTO pgbench_postings (transfer_id, aid, amount) VALUES \
         (currval('pgbench_transfers_id_seq'), :lo, -(:amount)::bigint), (currval('pgbench_transfers_id_seq'), :hi, :amount);\n\
         UPDATE pgbench_balances SET balance = balance - :amount WHERE aid = :lo;\n\
         UPDATE pgbench_balances SET balance = balance + :amount WHERE aid = :hi;\n\
         END;\n",
    )?;
    let ledger_one_script = write_script(
        &format!("croupier-pgbench-ledger-one-{}.sql", db.name()),
        // The same transfer as one statement, its own transaction: one round
        // trip and one commit, as the wallet's guarded batch of one.
        "\\set a random(1, 100000)\n\\set b random(1, 100000)\n\
         \\set lo least(:a, :b)\n\\set hi greatest(:a, :b)\n\\set amount random(1, 100)\n\
         WITH t AS (INSERT INTO pgbench_transfers (kind, created_at) VALUES ('bench', now()) \
         RETURNING id), \
         p AS (INSERT INTO pgbench_postings (transfer_id, aid, amount) \
         SELECT t.id, v.aid, v.amount FROM t, \
         (VALUES ((:lo)::int, -(:amount)::bigint), ((:hi)::int, (:amount)::bigint)) AS v(aid, amount)), \
         b AS (UPDATE pgbench_balances SET balance = balance + \
         CASE WHEN aid = :lo THEN -(:amount)::bigint ELSE (:amount)::bigint END \
         WHERE aid IN (:lo, :hi) RETURNING balance) \
         SELECT count(*) FROM b;\n",
    )?;
    use sea_orm::ConnectionTrait;
    db.db
        .execute_unprepared(
            "CREATE TABLE pgbench_balances (aid INTEGER PRIMARY KEY, balance BIGINT NOT NULL);
             INSERT INTO pgbench_balances SELECT g, 0 FROM generate_series(1, 100000) g;
             CREATE TABLE pgbench_transfers (id BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL,
                 created_at TIMESTAMPTZ NOT NULL);
             CREATE TABLE pgbench_postings (id BIGSERIAL PRIMARY KEY, transfer_id BIGINT NOT NULL,
                 aid INTEGER NOT NULL, amount BIGINT NOT NULL);
             CREATE INDEX ON pgbench_postings (transfer_id);
             CREATE INDEX ON pgbench_postings (aid, id);",
        )
        .await?;

    let via = if admin_url.contains("host=/") {
        "Unix socket"
    } else {
        "TCP"
    };
    println!(
        "wallet benchmark on PostgreSQL ({via}), {secs} s per figure (transactions per second), \
         {lanes} wallet lanes, {threads} runtime thread{}",
        if threads == 1 { "" } else { "s" }
    );
    println!(
        "{:>7} | {:>11} | {:>9} | {:>7} | {:>10} | {:>7} | {:>13} | {:>13} | {:>13}",
        "workers",
        "uncontended",
        "hot house",
        "pgbench",
        "uncont/pgb",
        "hot/pgb",
        "ledger 5 stmt",
        "ledger 1 stmt",
        "uncont/ledg 1"
    );
    for workers in workers_list {
        let uncontended = run(&engine, &players[..workers], secs, Mode::Uncontended).await;
        let hot = run(&engine, &players[..workers], secs, Mode::HotHouse).await;
        let pgbench_rate = pgbench(&admin_url, &db.name(), &pgbench_script, workers, secs).await?;
        let ledger = pgbench(&admin_url, &db.name(), &ledger_script, workers, secs).await?;
        let ledger_one = pgbench(&admin_url, &db.name(), &ledger_one_script, workers, secs).await?;
        println!(
            "{workers:>7} | {uncontended:>11.0} | {hot:>9.0} | {pgbench_rate:>7.0} | {:>10.2} | {:>7.2} | {ledger:>13.0} | {ledger_one:>13.0} | {:>13.2}",
            uncontended / pgbench_rate,
            hot / pgbench_rate,
            uncontended / ledger_one
        );
    }

    match engine::wallet::verify::verify(engine.db()).await? {
        Ok(summary) => println!("ledger verify after the run: ok ({summary:?})"),
        Err(problem) => println!("ledger verify after the run FAILED: {problem:?}"),
    }
    for script in [pgbench_script, ledger_script, ledger_one_script] {
        let _ = std::fs::remove_file(script);
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Mode {
    /// reserve/release on the worker's own player: no shared rows.
    Uncontended,
    /// credit from the casino house account: every transfer touches it.
    HotHouse,
}

async fn run(engine: &Engine, players: &[uuid::Uuid], secs: u64, mode: Mode) -> f64 {
    let done = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for &player in players {
        let engine = engine.clone();
        let done = done.clone();
        let failed = failed.clone();
        let stop = stop.clone();
        tasks.push(tokio::spawn(async move {
            let cent = Money::new(1, Currency::EUR);
            let mut n: u64 = 0;
            while !stop.load(Ordering::Relaxed) {
                let wallet = engine.wallet();
                let result = match mode {
                    Mode::Uncontended if n.is_multiple_of(2) => wallet
                        .reserve(player, cent, "bench", None)
                        .await
                        .map(|_| ()),
                    Mode::Uncontended => wallet
                        .release(player, cent, "bench", None)
                        .await
                        .map(|_| ()),
                    Mode::HotHouse => wallet
                        .credit(player, House::Casino, cent, "bench", None)
                        .await
                        .map(|_| ()),
                };
                match result {
                    Ok(()) => {
                        done.fetch_add(1, Ordering::Relaxed);
                        n += 1;
                    }
                    Err(_) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(secs)).await;
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        let _ = task.await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let failures = failed.load(Ordering::Relaxed);
    if failures > 0 {
        eprintln!("  ({failures} failed commands)");
    }
    done.load(Ordering::Relaxed) as f64 / elapsed
}

/// Writes the pgbench script `text` to `name` in the temporary folder.
fn write_script(name: &str, text: &str) -> anyhow::Result<std::path::PathBuf> {
    let path = std::env::temp_dir().join(name);
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

async fn pgbench(
    admin_url: &str,
    database: &str,
    script: &std::path::Path,
    clients: usize,
    secs: u64,
) -> anyhow::Result<f64> {
    // postgres://user@host:port/db[?host=/socket/dir] → the parts pgbench
    // wants (the same way in as the wallet's connections).
    let (base, query) = admin_url.split_once('?').unwrap_or((admin_url, ""));
    let rest = base.split_once("://").map(|(_, r)| r).unwrap_or(base);
    let (user, hostport) = rest.split_once('@').unwrap_or(("postgres", rest));
    let user = user.split(':').next().unwrap_or("postgres");
    let hostport = hostport.split('/').next().unwrap_or("127.0.0.1:5432");
    let (host, port) = hostport.split_once(':').unwrap_or((hostport, "5432"));
    let host = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("host="))
        .unwrap_or(host);
    let output = tokio::process::Command::new("pgbench")
        .args([
            "-n",
            // Prepared once per connection, as the engine's statements are.
            "-M",
            "prepared",
            "-f",
            &script.display().to_string(),
            "-c",
            &clients.to_string(),
            "-j",
            &clients.min(2).to_string(),
            "-T",
            &secs.to_string(),
            "-h",
            host,
            "-p",
            port,
            "-U",
            user,
            database,
        ])
        .output()
        .await
        .context("running pgbench (Debian package postgresql-client)")?;
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("tps = ")
                .and_then(|r| r.split_whitespace().next())
                .and_then(|n| n.parse::<f64>().ok())
        })
        .with_context(|| {
            format!(
                "no tps in pgbench output: {text}{}",
                String::from_utf8_lossy(&output.stderr)
            )
        })
}
