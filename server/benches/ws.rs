//! Memory a node spends per idle websocket connection.
//!
//! The server runs in a child process (this bench binary started again with
//! `WS_BENCH_SERVE=1`, on a fresh SQLite database, with the server's
//! allocator), so the figure is the server's alone: the child's resident
//! memory (`VmRSS`) is read before and after `BENCH_WS_CONNECTIONS` (default
//! 2,000) clients connect and each subscribes to one public topic, then the
//! difference is divided by the number of connections. It prints figures;
//! nothing is asserted.
//!
//! Run: `cargo bench -p server --bench ws`.

#[path = "../tests/api/common.rs"]
#[expect(
    dead_code,
    reason = "the bench starts the server as the suite does and needs few of its other helpers"
)]
mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::Context as _;
use futures::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

fn main() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    if std::env::var_os("WS_BENCH_SERVE").is_some() {
        runtime.block_on(serve())
    } else {
        runtime.block_on(measure())
    }
}

/// The child: a server on a fresh database; prints its port, then serves.
async fn serve() -> anyhow::Result<()> {
    let db = engine::testing::TestDb::new().await?;
    let data_dir = std::env::temp_dir().join(format!("croupier-ws-bench-{}", uuid::Uuid::now_v7()));
    let server = server::Server::build(common::settings(&db.url, &data_dir)).await?;
    println!("port {}", server.local_addr()?.port());
    server.run(std::future::pending()).await?;
    Ok(())
}

/// Resident memory of a process in KiB.
fn rss_kib(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("VmRSS")
}

async fn measure() -> anyhow::Result<()> {
    let connections: usize = std::env::var("BENCH_WS_CONNECTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let mut child = Command::new(std::env::current_exe()?)
        .env("WS_BENCH_SERVE", "1")
        .stdout(Stdio::piped())
        .spawn()?;
    let stdout = child.stdout.take().context("child stdout")?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    let port: u16 = line
        .trim()
        .strip_prefix("port ")
        .and_then(|p| p.parse().ok())
        .context("the child's port")?;
    let pid = child.id();
    let result = connect_all(pid, port, connections).await;
    let _ = child.kill();
    let _ = child.wait();
    result
}

async fn connect_all(pid: u32, port: u16, connections: usize) -> anyhow::Result<()> {
    let url = format!("ws://127.0.0.1:{port}/ws");
    // Warm the server's paths once so the figure is the connections' cost.
    let (mut warm, _) = tokio_tungstenite::connect_async(url.as_str()).await?;
    warm.close(None).await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = rss_kib(pid)?;
    let mut config = WebSocketConfig::default();
    config.read_buffer_size = 4096;
    config.write_buffer_size = 0;
    let mut open = Vec::with_capacity(connections);
    for _ in 0..connections {
        let (mut ws, _) =
            tokio_tungstenite::connect_async_with_config(url.as_str(), Some(config), false).await?;
        let subscribe = r#"{"op":"subscribe","topic":"odds:00000000-0000-0000-0000-000000000000"}"#;
        ws.send(Message::text(subscribe)).await?;
        open.push(ws);
    }
    // Every subscription answered, so each connection is fully set up.
    for ws in &mut open {
        let _ = tokio::time::timeout(Duration::from_secs(5), ws.next()).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = rss_kib(pid)?;
    let per = (after.saturating_sub(before)) as f64 / connections as f64;
    println!(
        "\nidle websocket connections: {connections}, server RSS {before} KiB → {after} KiB\n\
         {:<28} {per:>7.1} KiB per connection ({:.0} MB for 10,000)",
        "memory per connection",
        per * 10_000.0 / 1024.0
    );
    Ok(())
}
