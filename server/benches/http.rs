//! End-to-end HTTP load on PostgreSQL, the load generator on the same
//! machine as the server (both in this process, over real sockets):
//!
//! - `bets`: sportsbook bet placements (`POST /api/v1/bets`, singles with
//!   an idempotency key) from 16, 32 and 64 concurrent clients, each client
//!   betting for its own players; placements per second, p50 and p99.
//! - `hub88`: Hub88 `transaction/bet` + `transaction/win` callback pairs,
//!   RSA-signed by the simulated aggregator and checked answers; pairs per
//!   second, p50 and p99 of a pair.
//! - `settle`: one market with `BENCH_SETTLE_BETS` (default 100,000) open
//!   bets of mixed kinds (singles on it, doubles and trixies whose other
//!   legs have already won) settled by one trader call; seconds taken.
//!
//! - `campaigns`: (1) one event evaluated in process against 1,000 live
//!   campaigns compiled into the trigger index (candidates, then each
//!   candidate's conditions), mean and p99 per event; (2) bets placed over
//!   HTTP at `BENCH_CAMPAIGN_RATE` per second (default 1,000) while a live
//!   campaign awards every placement, and the time from each bet's commit
//!   to its award's commit (p50, p99, max), read back from the database.
//!
//! - `ranks`: the in-memory leaderboard ranking (`domain::leaderboard`)
//!   with 1,000,000 entries: score updates per second, and the time of a
//!   rank and of an around-me query.
//!
//! - `rank-live`: bet → `leaderboard.rank_changed` on an open websocket
//!   while bets flow at `BENCH_CAMPAIGN_RATE` per second (`http/rank_live.rs`).
//!
//! Run: `cargo bench -p server --bench http [-- bets|hub88|settle|campaigns|ranks|rank-live]`
//! (all six without an argument). PostgreSQL from `TEST_DATABASE_URL`, default
//! the local server (through its Unix socket when it has one at
//! `/var/run/postgresql`); `BENCH_SECS` (default 10) is the length of each
//! throughput measurement; `BENCH_SETTLE_WINDOW` sets the server's
//! settlement window (bets per window, default 2000) and
//! `BENCH_COMMIT_LANES` its group-commit lanes (default 2). It prints figures; it asserts only that the
//! answers were successes.

#[path = "../tests/api/common.rs"]
#[expect(
    dead_code,
    reason = "the bench starts the server as the suite does and needs few of its other helpers"
)]
mod common;
#[path = "http/rank_live.rs"]
mod rank_live;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use engine::testing::TestDb;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs1v15::SigningKey;
use rsa::sha2::Sha256;
use rsa::signature::{SignatureEncoding, Signer};
use serde_json::{Value, json};
use uuid::Uuid;

/// Clients for the throughput runs.
const CLIENTS: [usize; 3] = [16, 32, 64];
/// Players per client, so a client's bets do not all queue on one wallet.
const PLAYERS_PER_CLIENT: usize = 4;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let which: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wants = |name: &str| which.is_empty() || which.iter().any(|w| w == name);
    let secs: u64 = env_or("BENCH_SECS", 10);
    if wants("bets") {
        bets(secs).await?;
    }
    if wants("hub88") {
        hub88(secs).await?;
    }
    if wants("settle") {
        settle(env_or("BENCH_SETTLE_BETS", 100_000)).await?;
    }
    if wants("ranks") {
        ranks();
    }
    if wants("campaigns") {
        campaign_index();
        campaign_awards(secs, env_or("BENCH_CAMPAIGN_RATE", 1_000)).await?;
    }
    if wants("rank-live") {
        rank_live::run(secs, env_or("BENCH_CAMPAIGN_RATE", 1_000)).await?;
    }
    Ok(())
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The app on a fresh PostgreSQL database, with the Hub88 keys of the test
/// fixtures.
async fn spawn() -> anyhow::Result<common::TestApp> {
    let admin_url = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
        .unwrap_or_else(engine::testing::local_postgres_url);
    let db = TestDb::postgres(&admin_url).await?;
    let data_dir = std::env::temp_dir().join(format!("croupier-bench-{}", Uuid::now_v7()));
    let mut settings = common::settings(&db.url, &data_dir);
    settings.hub88_public_key = Some(fixture("hub88_aggregator_public.pem"));
    settings.hub88_private_key = Some(fixture("hub88_operator_private.pem"));
    settings.hub88_operator_id = Some("42".to_owned());
    settings.settlement_window = env_or("BENCH_SETTLE_WINDOW", settings.settlement_window);
    settings.commit_lanes = env_or("BENCH_COMMIT_LANES", settings.commit_lanes);
    let server = server::Server::build(settings).await?;
    let addr = server.local_addr()?;
    let state = server.state.clone();
    tokio::spawn(server.run(std::future::pending()));
    Ok(common::TestApp::from_parts(addr, state, db, data_dir))
}

/// Sends a JSON POST; the status and body.
async fn post(
    app: &common::TestApp,
    path: &str,
    body: &Value,
    token: &str,
    key: Option<&str>,
) -> anyhow::Result<(u16, Value)> {
    let mut req = app.client.post(app.url(path)).bearer_auth(token).json(body);
    if let Some(key) = key {
        req = req.header("idempotency-key", key);
    }
    let res = req.send().await?;
    let status = res.status().as_u16();
    let text = res.text().await?;
    Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
}

/// `n` registered players with `deposit` EUR each: their tokens (8
/// registrations at a time: password hashing is deliberately slow).
async fn players(app: &common::TestApp, n: usize, deposit: &str) -> anyhow::Result<Vec<String>> {
    let mut tokens = Vec::with_capacity(n);
    for chunk in (0..n).collect::<Vec<_>>().chunks(8) {
        let made = futures::future::join_all(chunk.iter().map(|_| async {
            let (_, jwt) = app.register(&common::unique_email("bench")).await;
            let (status, body) = post(
                app,
                "/api/v1/wallet/deposits",
                &json!({"amount": deposit, "method": "sandbox"}),
                &jwt,
                None,
            )
            .await?;
            if status != 201 {
                bail!("deposit answered {status}: {body}");
            }
            Ok(jwt)
        }))
        .await;
        for jwt in made {
            tokens.push(jwt?);
        }
    }
    Ok(tokens)
}

async fn trader(app: &common::TestApp) -> anyhow::Result<String> {
    let email = common::unique_email("trader");
    app.state
        .engine
        .auth()
        .ensure_staff(&email, "trader-pass-1", &[engine::Role::Trader])
        .await
        .map_err(|e| anyhow::anyhow!("trader: {e}"))?;
    Ok(app.login(&email, "trader-pass-1").await)
}

/// An event tomorrow with one three-way market at 2.00 / 3.40 / 3.80;
/// returns (market id, selection ids).
async fn event(
    app: &common::TestApp,
    trader: &str,
    name: &str,
) -> anyhow::Result<(String, Vec<String>)> {
    let starts_at = (chrono::Utc::now() + chrono::TimeDelta::days(1)).to_rfc3339();
    let (status, body) = post(
        app,
        "/api/v1/admin/events",
        &json!({"sport": "Football", "competition": "Bench League", "name": name,
                "starts_at": starts_at, "markets": [{"name": "Match result", "kind": "match_result",
                "selections": [{"name": "Home", "odds": "2.00"}, {"name": "Draw", "odds": "3.40"},
                               {"name": "Away", "odds": "3.80"}]}]}),
        trader,
        None,
    )
    .await?;
    if status != 201 {
        bail!("creating an event answered {status}: {body}");
    }
    let market = &body["markets"][0];
    let selections = market["selections"]
        .as_array()
        .context("selections")?
        .iter()
        .filter_map(|s| s["id"].as_str().map(str::to_owned))
        .collect();
    Ok((
        market["id"].as_str().context("market id")?.to_owned(),
        selections,
    ))
}

/// Latencies in microseconds → (p50, p99) in milliseconds.
fn percentiles(mut micros: Vec<u64>) -> (f64, f64) {
    if micros.is_empty() {
        return (0.0, 0.0);
    }
    micros.sort_unstable();
    let at = |p: usize| micros[(micros.len() * p / 100).min(micros.len() - 1)] as f64 / 1000.0;
    (at(50), at(99))
}

/// Runs `clients` loops of `op` for `secs` seconds; prints operations per
/// second, p50 and p99. `op(client, i)` returns an error for a failed call.
async fn measure<F, Fut>(label: &str, clients: usize, secs: u64, op: F) -> anyhow::Result<()>
where
    F: Fn(usize, u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = anyhow::Result<()>> + Send,
{
    let op = Arc::new(op);
    let stop = Arc::new(AtomicBool::new(false));
    let failures = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut handles = Vec::with_capacity(clients);
    for client in 0..clients {
        let (op, stop, failures) = (op.clone(), stop.clone(), failures.clone());
        handles.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                let t = Instant::now();
                match op(client, i).await {
                    Ok(()) => latencies.push(t.elapsed().as_micros() as u64),
                    Err(e) => {
                        if failures.fetch_add(1, Ordering::Relaxed) == 0 {
                            eprintln!("first failure: {e:#}");
                        }
                    }
                }
                i += 1;
            }
            latencies
        }));
    }
    tokio::time::sleep(Duration::from_secs(secs)).await;
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    for h in handles {
        all.extend(h.await?);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let done = all.len();
    let (p50, p99) = percentiles(all);
    println!(
        "{label:<28} {clients:>3} clients  {:>8.0} /s  p50 {p50:>7.2} ms  p99 {p99:>7.2} ms  ({done} ok, {} failed)",
        done as f64 / elapsed,
        failures.load(Ordering::Relaxed)
    );
    Ok(())
}

async fn bets(secs: u64) -> anyhow::Result<()> {
    let app = Arc::new(spawn().await?);
    let trader = trader(&app).await?;
    let mut selections = Vec::new();
    for e in 0..20 {
        selections.extend(
            event(&app, &trader, &format!("Bench {e} Home v Away"))
                .await?
                .1,
        );
    }
    let max_clients = CLIENTS.iter().copied().max().unwrap_or(1);
    let tokens = Arc::new(players(&app, max_clients * PLAYERS_PER_CLIENT, "100000.00").await?);
    let selections = Arc::new(selections);
    println!("\nsportsbook bet placement over HTTP (PostgreSQL, single 1.00 EUR, accept_any)");
    for clients in CLIENTS {
        let (app, tokens, selections) = (app.clone(), tokens.clone(), selections.clone());
        measure("POST /api/v1/bets", clients, secs, move |client, i| {
            let (app, tokens, selections) = (app.clone(), tokens.clone(), selections.clone());
            async move {
                let player = client * PLAYERS_PER_CLIENT + (i as usize % PLAYERS_PER_CLIENT);
                let selection = &selections[(client * 7 + i as usize) % selections.len()];
                let key = Uuid::now_v7().to_string();
                let body = json!({"kind": "single", "unit_stake": "1.00", "odds_change": "accept_any",
                                  "legs": [{"selection_id": selection, "odds": "1.01"}]});
                let (status, answer) =
                    post(&app, "/api/v1/bets", &body, &tokens[player], Some(&key)).await?;
                if status != 201 {
                    bail!("bet answered {status}: {answer}");
                }
                Ok(())
            }
        })
        .await?;
    }
    Ok(())
}

const HUB88_GAME: &str = "hub88.bench.book-of-bench";

/// The simulated aggregator's signer.
struct Aggregator {
    signer: SigningKey<Sha256>,
}

impl Aggregator {
    fn new() -> anyhow::Result<Self> {
        let private = std::fs::read_to_string(fixture("hub88_aggregator_private.pem"))?;
        Ok(Self {
            signer: SigningKey::new(rsa::RsaPrivateKey::from_pkcs1_pem(&private)?),
        })
    }

    /// One signed callback; fails unless the answer is `RS_OK`.
    async fn call(
        &self,
        app: &common::TestApp,
        endpoint: &str,
        body: &Value,
    ) -> anyhow::Result<Value> {
        let raw = body.to_string();
        let signature = BASE64.encode(self.signer.sign(raw.as_bytes()).to_bytes());
        let res = app
            .client
            .post(app.url(&format!("/api/hub88/{endpoint}")))
            .header("content-type", "application/json")
            .header("x-hub88-signature", signature)
            .body(raw)
            .send()
            .await?;
        let answer: Value = res.json().await?;
        if answer["status"] != "RS_OK" {
            bail!("{endpoint} answered {answer}");
        }
        Ok(answer)
    }
}

async fn hub88(secs: u64) -> anyhow::Result<()> {
    let app = Arc::new(spawn().await?);
    let admin = app.admin_token().await;
    let (status, body) = post(
        &app,
        "/api/v1/admin/casino/games",
        &json!({"provider": "hub88", "game_code": HUB88_GAME, "name": "Book of Bench",
                "category": "slots", "rtp": "0.9612"}),
        &admin,
        None,
    )
    .await?;
    if status != 201 {
        bail!("adding the game answered {status}: {body}");
    }
    let max_clients = CLIENTS.iter().copied().max().unwrap_or(1);
    let mut sessions = Vec::new();
    for jwt in players(&app, max_clients * PLAYERS_PER_CLIENT, "100000.00").await? {
        let (status, body) = post(
            &app,
            "/api/v1/casino/sessions",
            &json!({"game_code": HUB88_GAME}),
            &jwt,
            None,
        )
        .await?;
        if status != 201 {
            bail!("a game session answered {status}: {body}");
        }
        let (_, me) = app.get("/api/v1/me", Some(&jwt)).await;
        let user = me["user_id"]
            .as_str()
            .context("user_id from /me")?
            .to_owned();
        let token = body["token"].as_str().context("session token")?.to_owned();
        sessions.push((user, token));
    }
    let sessions = Arc::new(sessions);
    let sim = Arc::new(Aggregator::new()?);
    println!("\nHub88 bet + win callback pairs over HTTP (PostgreSQL, RSA-SHA256 both ways)");
    for clients in CLIENTS {
        let (app, sessions, sim) = (app.clone(), sessions.clone(), sim.clone());
        measure("transaction/bet + win", clients, secs, move |client, i| {
            let (app, sessions, sim) = (app.clone(), sessions.clone(), sim.clone());
            async move {
                let (user, token) =
                    &sessions[client * PLAYERS_PER_CLIENT + (i as usize % PLAYERS_PER_CLIENT)];
                let (bet_id, round) = (Uuid::now_v7().to_string(), Uuid::now_v7().to_string());
                let common = |tx: &str| {
                    json!({"user": user, "transaction_uuid": tx,
                           "supplier_transaction_id": format!("s-{tx}"), "token": token,
                           "round": round, "request_uuid": Uuid::now_v7().to_string(),
                           "is_free": false, "is_aggregated": false, "game_code": HUB88_GAME,
                           "currency": "EUR"})
                };
                let mut bet = common(&bet_id);
                bet["bet"] = json!("spin");
                bet["amount"] = json!(100_000);
                sim.call(&app, "transaction/bet", &bet).await?;
                let mut win = common(&Uuid::now_v7().to_string());
                win["reference_transaction_uuid"] = json!(bet_id);
                win["amount"] = json!(150_000);
                sim.call(&app, "transaction/win", &win).await?;
                Ok(())
            }
        })
        .await?;
    }
    Ok(())
}

async fn settle(total: usize) -> anyhow::Result<()> {
    let app = Arc::new(spawn().await?);
    let trader = trader(&app).await?;
    let (target, target_sel) = event(&app, &trader, "Settle Target v Rivals").await?;
    let (other_b, b_sel) = event(&app, &trader, "Settle B v C").await?;
    let (other_c, c_sel) = event(&app, &trader, "Settle D v E").await?;
    let clients = 64;
    let tokens = Arc::new(players(&app, clients * PLAYERS_PER_CLIENT, "100000.00").await?);
    let (a, b, c) = (target_sel[0].clone(), b_sel[0].clone(), c_sel[0].clone());
    println!(
        "\nsettling one market with {total} open bets (50% singles, 30% doubles, 20% trixies)"
    );
    let placed = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut handles = Vec::new();
    for client in 0..clients {
        let (app, tokens, placed) = (app.clone(), tokens.clone(), placed.clone());
        let (a, b, c) = (a.clone(), b.clone(), c.clone());
        handles.push(tokio::spawn(async move {
            loop {
                let n = placed.fetch_add(1, Ordering::Relaxed) as usize;
                if n >= total {
                    return Ok::<(), anyhow::Error>(());
                }
                let leg = |s: &str| json!({"selection_id": s, "odds": "1.01"});
                let body = match n % 10 {
                    0..=4 => json!({"kind": "single", "unit_stake": "1.00",
                                    "odds_change": "accept_any", "legs": [leg(&a)]}),
                    5..=7 => json!({"kind": "accumulator", "unit_stake": "1.00",
                                    "odds_change": "accept_any", "legs": [leg(&a), leg(&b)]}),
                    _ => json!({"kind": "system", "system": "trixie", "unit_stake": "0.25",
                                "odds_change": "accept_any", "legs": [leg(&a), leg(&b), leg(&c)]}),
                };
                let player = client * PLAYERS_PER_CLIENT + n % PLAYERS_PER_CLIENT;
                let key = Uuid::now_v7().to_string();
                let (status, answer) =
                    post(&app, "/api/v1/bets", &body, &tokens[player], Some(&key)).await?;
                if status != 201 {
                    bail!("bet answered {status}: {answer}");
                }
            }
        }));
    }
    for h in handles {
        h.await??;
    }
    println!(
        "  placed {total} bets in {:.1} s ({:.0} /s)",
        started.elapsed().as_secs_f64(),
        total as f64 / started.elapsed().as_secs_f64()
    );
    // Current planner statistics, as autovacuum keeps them on a running
    // database (this machine's PostgreSQL runs with autovacuum off; a
    // database filled in minutes would otherwise be planned as empty).
    {
        use sea_orm::ConnectionTrait;
        app.state.engine.db().execute_unprepared("ANALYZE").await?;
    }
    // The other legs win first (nothing settles: every bet has a leg on
    // the target market), then the one timed call.
    for (market, selections) in [(&other_b, &b_sel), (&other_c, &c_sel)] {
        settle_call(&app, &trader, market, selections).await?;
    }
    let t = Instant::now();
    let by_call = settle_call(&app, &trader, &target, &target_sel).await?;
    // The call returns once no bet of the market is left to pay (the
    // settlement worker may have paid batches beside it, so count them
    // all). Past the request timeout it answers 408 and the payment goes
    // on in the server: wait until every bet is settled.
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let db = app.state.engine.db();
    if by_call.is_none() {
        // The run's row says when it is done (a cheap read, unlike
        // counting the bets, which would compete with the payment).
        while entity::sportsbook_settlements::Entity::find()
            .filter(entity::sportsbook_settlements::Column::Status.eq("pending"))
            .count(db)
            .await?
            > 0
        {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    let elapsed = t.elapsed().as_secs_f64();
    let settled = entity::sportsbook_bets::Entity::find()
        .filter(entity::sportsbook_bets::Column::Status.eq("settled"))
        .count(db)
        .await?;
    let how = match by_call {
        Some(n) => {
            format!("{n} paid by the call itself, the rest by the settlement worker beside it")
        }
        None => "the call timed out (408) and the server paid the rest after it".to_owned(),
    };
    println!(
        "  POST /admin/markets/{{id}}/settle: {settled} bets settled in {elapsed:.2} s ({how})"
    );
    Ok(())
}

/// Settles `market` with its first selection winning; the settled bets,
/// or None when the call outlasted the request timeout (408).
async fn settle_call(
    app: &common::TestApp,
    trader: &str,
    market: &str,
    selections: &[String],
) -> anyhow::Result<Option<u64>> {
    let outcomes: Vec<Value> = selections
        .iter()
        .enumerate()
        .map(|(i, s)| json!({"selection_id": s, "result": if i == 0 { "win" } else { "lose" }}))
        .collect();
    let (status, body) = post(
        app,
        &format!("/api/v1/admin/markets/{market}/settle"),
        &json!({ "outcomes": outcomes }),
        trader,
        None,
    )
    .await?;
    match status {
        200 => Ok(Some(body["settled_bets"].as_u64().context("settled_bets")?)),
        408 => Ok(None),
        _ => bail!("settling answered {status}: {body}"),
    }
}

/// One of 1,000 varied campaigns: triggers, countries and verticals spread
/// so the index has real buckets to choose between.
fn bench_campaign(i: usize) -> domain::campaign::Campaign {
    let events = [
        "deposit",
        "bet_placed",
        "bet_settled",
        "casino_round",
        "login",
    ];
    let countries = ["MT", "DE", "GB", "SE", "FI", "IE", "NL", "ES"];
    let event = events[i % events.len()];
    let mut conditions = json!({"min_amount": "5.00"});
    if !i.is_multiple_of(3) {
        conditions["countries"] = json!([countries[i % countries.len()]]);
    }
    match event {
        "bet_placed" | "bet_settled" => {
            conditions["verticals"] = json!(["sportsbook"]);
            conditions["min_odds"] = json!("1.50");
        }
        "casino_round" => conditions["verticals"] = json!(["casino"]),
        "login" => conditions = json!({}),
        _ => {}
    }
    let spec: domain::campaign::CampaignSpec = serde_json::from_value(json!({
        "name": format!("Bench {i}"),
        "trigger": {"event": event, "conditions": conditions},
        "reward": {"kind": "cash", "amount": "1.00"},
        "priority": i % 10
    }))
    .expect("bench campaign body");
    domain::campaign::Campaign::parse(&spec, domain::money::Currency::EUR).expect("bench campaign")
}

/// In-process evaluation of one event against 1,000 live campaigns.
fn campaign_index() {
    use domain::campaign::{CampaignIndex, EventFacts, TriggerEvent, Vertical};
    let campaigns: Vec<_> = (0..1_000).map(bench_campaign).collect();
    let index = CampaignIndex::new(campaigns.iter().enumerate());
    let facts = EventFacts {
        event: TriggerEvent::BetPlaced,
        country: "MT".to_owned(),
        vertical: Some(Vertical::Sportsbook),
        category: None,
        game_code: None,
        amount: Some(domain::money::Money::new(
            2_000,
            domain::money::Currency::EUR,
        )),
        odds: domain::betting::Odds::parse("2.10").ok(),
        first_of_kind: false,
    };
    let rounds = 100_000;
    let mut micros = Vec::with_capacity(rounds);
    let mut qualified = 0usize;
    let started = Instant::now();
    for _ in 0..rounds {
        let t = Instant::now();
        for &i in index.candidates(facts.event, &facts.country, facts.vertical) {
            if campaigns[i]
                .check_conditions(&facts, |_| false)
                .iter()
                .all(|c| c.passed)
            {
                qualified += 1;
            }
        }
        micros.push(t.elapsed().as_nanos() as u64);
    }
    let mean_us = started.elapsed().as_secs_f64() * 1e6 / rounds as f64;
    micros.sort_unstable();
    let p99_us = micros[micros.len() * 99 / 100] as f64 / 1000.0;
    let per_event = qualified / rounds;
    println!(
        "\ncampaign evaluation in process: 1,000 live campaigns, one bet_placed event\n\
         {:<28} mean {mean_us:>7.2} µs  p99 {p99_us:>7.2} µs  ({per_event} campaigns qualify per event)",
        "index + conditions"
    );
}

/// Bets at `rate` per second for `secs` seconds while a campaign awards
/// every placement; commit-to-award latency from the database.
async fn campaign_awards(secs: u64, rate: u64) -> anyhow::Result<()> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = Arc::new(spawn().await?);
    let trader = trader(&app).await?;
    let (_, selections) = event(&app, &trader, "Campaign bench Home v Away").await?;
    let marketing = common::unique_email("marketing");
    app.state
        .engine
        .auth()
        .ensure_staff(&marketing, "marketing-pass-1", &[engine::Role::Marketing])
        .await
        .map_err(|e| anyhow::anyhow!("marketing: {e}"))?;
    let marketing = app.login(&marketing, "marketing-pass-1").await;
    let (status, campaign) = post(
        &app,
        "/api/v1/admin/campaigns",
        &json!({"name": "Coin per bet", "trigger": {"event": "bet_placed"},
                "reward": {"kind": "coins", "coins": 1}, "limits": {"per_player": 1000000}}),
        &marketing,
        None,
    )
    .await?;
    if status != 201 {
        bail!("campaign answered {status}: {campaign}");
    }
    let id = campaign["campaign_id"]
        .as_str()
        .context("campaign id")?
        .to_owned();
    let (status, body) = post(
        &app,
        &format!("/api/v1/admin/campaigns/{id}/launch"),
        &json!({}),
        &marketing,
        None,
    )
    .await?;
    if status != 200 {
        bail!("launch answered {status}: {body}");
    }
    let tokens = players(&app, 64, "100000.00").await?;
    let started = Instant::now();
    let (placed, failed) = steady_bets(app.clone(), tokens, selections, rate, secs).await?;
    let elapsed = started.elapsed().as_secs_f64();
    // Let the last awards land, then read both sides back.
    let deadline = Instant::now() + Duration::from_secs(30);
    let campaign_id: Uuid = id.parse()?;
    let awards = loop {
        let awards = entity::awards::Entity::find()
            .filter(entity::awards::Column::SourceId.eq(campaign_id))
            .all(app.state.engine.db())
            .await?;
        if awards.len() as u64 >= placed || Instant::now() > deadline {
            break awards;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let bets: std::collections::HashMap<Uuid, chrono::DateTime<chrono::Utc>> =
        entity::sportsbook_bets::Entity::find()
            .all(app.state.engine.db())
            .await?
            .into_iter()
            .map(|b| (b.id, b.placed_at))
            .collect();
    let mut micros: Vec<u64> = awards
        .iter()
        .filter_map(|a| {
            let bet: Uuid = a.award_key.rsplit(':').next()?.parse().ok()?;
            let placed_at = bets.get(&bet)?;
            Some((a.created_at - *placed_at).num_microseconds()?.max(0) as u64)
        })
        .collect();
    let max_ms = micros.iter().copied().max().unwrap_or(0) as f64 / 1000.0;
    let n = micros.len();
    micros.sort_unstable();
    let (p50, p99) = percentiles(micros);
    println!(
        "\nbet → award while bets flow over HTTP (PostgreSQL, a live campaign awarding every placement)\n\
         {:<28} {:>8.0} bets/s placed ({placed} ok, {failed} failed), {n} awards  p50 {p50:>7.2} ms  p99 {p99:>7.2} ms  max {max_ms:>7.2} ms",
        format!("target {rate}/s"),
        placed as f64 / elapsed,
    );
    Ok(())
}

/// Singles placed over HTTP at `rate` per second for `secs` seconds, each
/// by the next of `tokens` on the next of `selections`; answers (placed,
/// failed) once every answer is in.
fn steady_bets(
    app: Arc<common::TestApp>,
    tokens: Vec<String>,
    selections: Vec<String>,
    rate: u64,
    secs: u64,
) -> tokio::task::JoinHandle<(u64, u64)> {
    tokio::spawn(async move {
        let (tokens, selections) = (Arc::new(tokens), Arc::new(selections));
        let placed = Arc::new(AtomicU64::new(0));
        let failed = Arc::new(AtomicU64::new(0));
        let mut ticks = tokio::time::interval(Duration::from_micros(1_000_000 / rate.max(1)));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
        let started = Instant::now();
        let mut handles = Vec::new();
        let mut i = 0usize;
        while started.elapsed() < Duration::from_secs(secs) {
            ticks.tick().await;
            let (app, tokens, selections) = (app.clone(), tokens.clone(), selections.clone());
            let (placed, failed) = (placed.clone(), failed.clone());
            handles.push(tokio::spawn(async move {
                let body = json!({"kind": "single", "unit_stake": "1.00", "odds_change": "accept_any",
                                  "legs": [{"selection_id": selections[i % selections.len()], "odds": "1.01"}]});
                match post(&app, "/api/v1/bets", &body, &tokens[i % tokens.len()], None).await {
                    Ok((201, _)) => placed.fetch_add(1, Ordering::Relaxed),
                    _ => failed.fetch_add(1, Ordering::Relaxed),
                };
            }));
            i += 1;
        }
        for h in handles {
            let _ = h.await;
        }
        (
            placed.load(Ordering::Relaxed),
            failed.load(Ordering::Relaxed),
        )
    })
}

/// The leaderboard ranking at 1,000,000 entries.
fn ranks() {
    use domain::leaderboard::{RankBoard, RankKey};
    const ENTRIES: u128 = 1_000_000;
    // A deterministic spread of scores (a linear congruential sequence).
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (x >> 33) as i64
    };
    let started = Instant::now();
    let mut board = RankBoard::from_entries((0..ENTRIES).map(|i| RankKey {
        score: next() % 1_000_000,
        reached: i as i64,
        player: Uuid::from_u128(i + 1),
    }));
    let built = started.elapsed();
    let updates = 1_000_000u64;
    let started = Instant::now();
    for i in 0..updates {
        let player = Uuid::from_u128(u128::from(next() as u64) % ENTRIES + 1);
        board.upsert(RankKey {
            score: next() % 1_000_000,
            reached: (ENTRIES as i64) + i as i64,
            player,
        });
    }
    let per_sec = updates as f64 / started.elapsed().as_secs_f64();
    let mut rank_ns = Vec::new();
    let mut around_ns = Vec::new();
    for _ in 0..10_000 {
        let player = Uuid::from_u128(u128::from(next() as u64) % ENTRIES + 1);
        let t = Instant::now();
        std::hint::black_box(board.rank(player));
        rank_ns.push(t.elapsed().as_nanos() as u64);
        let t = Instant::now();
        std::hint::black_box(board.around(player, 5));
        around_ns.push(t.elapsed().as_nanos() as u64);
    }
    let p99 = |mut v: Vec<u64>| {
        v.sort_unstable();
        v[v.len() * 99 / 100] as f64 / 1000.0
    };
    println!(
        "\nleaderboard ranking in memory, {} entries (built in {:.2} s)\n\
         {:<28} {per_sec:>10.0} updates/s   rank p99 {:>6.2} µs   around-me (±5) p99 {:>6.2} µs",
        board.len(),
        built.as_secs_f64(),
        "upsert / rank / around",
        p99(rank_ns),
        p99(around_ns)
    );
}
