//! `rank-live`: bet → rank change on an open websocket. A live wager race
//! counts every bet; 64 players bet over HTTP at `BENCH_CAMPAIGN_RATE` per
//! second (default 1,000) while probe players, one after another, each
//! with a websocket subscribed to its own `player:{id}` topic, place a
//! first bet (a new entrant always changes rank) and wait for their
//! `leaderboard.rank_changed`. Prints p50, p99 and max of the time from
//! sending the bet to receiving the push, and how many pushes never came.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use futures::{SinkExt as _, StreamExt as _};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use super::{common, event, percentiles, post, steady_bets, trader};

/// Probe players (each measures one bet).
const PROBES: usize = 100;
/// The longest a probe waits for its push.
const PATIENCE: Duration = Duration::from_secs(5);

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub(super) async fn run(secs: u64, rate: u64) -> anyhow::Result<()> {
    let app = Arc::new(super::spawn().await?);
    let trader = trader(&app).await?;
    let (_, selections) = event(&app, &trader, "Rank bench Home v Away").await?;
    let marketing = common::unique_email("marketing");
    app.state
        .engine
        .auth()
        .ensure_staff(&marketing, "marketing-pass-1", &[engine::Role::Marketing])
        .await
        .map_err(|e| anyhow::anyhow!("marketing: {e}"))?;
    let marketing = app.login(&marketing, "marketing-pass-1").await;
    let ends_at = (chrono::Utc::now() + chrono::TimeDelta::days(2)).to_rfc3339();
    let (status, board) = post(
        &app,
        "/api/v1/admin/leaderboards",
        &json!({"name": "Bench wager race", "metric": "wagered", "recurrence": "once",
                "timezone": "UTC", "ends_at": ends_at,
                "prizes": [{"from_rank": 1, "to_rank": 1, "reward": {"kind": "loyalty_points", "points": 10}}]}),
        &marketing,
        None,
    )
    .await?;
    if status != 201 {
        bail!("leaderboard answered {status}: {board}");
    }
    let mut probes = Vec::with_capacity(PROBES);
    for _ in 0..PROBES {
        let (id, jwt) = app.register(&common::unique_email("probe")).await;
        let (status, body) = post(
            &app,
            "/api/v1/wallet/deposits",
            &json!({"amount": "100.00", "method": "sandbox"}),
            &jwt,
            None,
        )
        .await?;
        if status != 201 {
            bail!("deposit answered {status}: {body}");
        }
        probes.push((id, jwt));
    }
    let load = steady_bets(
        app.clone(),
        super::players(&app, 64, "100000.00").await?,
        selections.clone(),
        rate,
        secs,
    );
    let started = Instant::now();
    let mut micros = Vec::new();
    let mut after_answer = Vec::new();
    let mut missed = 0;
    let gap = Duration::from_secs(secs) / PROBES as u32;
    for (i, (id, jwt)) in probes.iter().enumerate() {
        let mut ws = subscribed(&app, jwt, &format!("player:{id}")).await?;
        let body = json!({"kind": "single", "unit_stake": "1.00", "odds_change": "accept_any",
                          "legs": [{"selection_id": selections[i % selections.len()], "odds": "1.01"}]});
        let sent = Instant::now();
        let (status, answer) = post(&app, "/api/v1/bets", &body, jwt, None).await?;
        if status != 201 {
            bail!("probe bet answered {status}: {answer}");
        }
        let answered = Instant::now();
        match rank_change(&mut ws).await {
            Some(()) => {
                micros.push(sent.elapsed().as_micros() as u64);
                after_answer.push(answered.elapsed().as_micros() as u64);
            }
            None => missed += 1,
        }
        let next = started + gap * (i as u32 + 1);
        tokio::time::sleep_until(next.into()).await;
    }
    let (placed, failed) = load.await?;
    let max_ms = micros.iter().copied().max().unwrap_or(0) as f64 / 1000.0;
    let n = micros.len();
    let (p50, p99) = percentiles(micros);
    let (answer_p50, answer_p99) = percentiles(after_answer);
    println!(
        "\nbet → rank change on an open websocket (PostgreSQL, a live wager race, bets flowing over HTTP)\n\
         {:<28} {:>8.0} bets/s background ({placed} ok, {failed} failed), {n} probes\n\
         {:<28} p50 {p50:>7.2} ms  p99 {p99:>7.2} ms  max {max_ms:>7.2} ms  ({missed} without a push in {} s)\n\
         {:<28} p50 {answer_p50:>7.2} ms  p99 {answer_p99:>7.2} ms",
        format!("target {rate}/s"),
        placed as f64 / secs as f64,
        "bet sent → push",
        PATIENCE.as_secs(),
        "bet answered → push",
    );
    Ok(())
}

/// A websocket with `token`, subscribed to `topic`.
async fn subscribed(app: &common::TestApp, token: &str, topic: &str) -> anyhow::Result<Ws> {
    let url = format!("ws://{}/ws?token={token}", app.addr);
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await?;
    ws.send(Message::text(
        json!({"op": "subscribe", "topic": topic}).to_string(),
    ))
    .await?;
    loop {
        let frame = tokio::time::timeout(PATIENCE, ws.next())
            .await
            .context("no subscription answer")?
            .context("websocket closed")??;
        if let Message::Text(text) = frame {
            let value: Value = serde_json::from_str(text.as_str())?;
            if value["type"] == "subscribed" {
                return Ok(ws);
            }
        }
    }
}

/// Waits for a `leaderboard.rank_changed` (None after [`PATIENCE`]).
async fn rank_change(ws: &mut Ws) -> Option<()> {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let frame = tokio::time::timeout_at(deadline, ws.next())
            .await
            .ok()??
            .ok()?;
        if let Message::Text(text) = frame
            && serde_json::from_str::<Value>(text.as_str())
                .is_ok_and(|v| v["kind"] == "leaderboard.rank_changed")
        {
            return Some(());
        }
    }
}
