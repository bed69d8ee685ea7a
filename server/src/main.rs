//! The `croupier` binary: `serve` (the default), `migrate`, `ledger
//! verify` / `ledger rebuild`, and `venue sign`.

use clap::{Parser, Subcommand};
use server::{Server, Settings};
use tracing_subscriber::EnvFilter;

/// Croupier: sportsbook, casino and wallet platform.
#[derive(Parser)]
#[command(name = "croupier", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    settings: Settings,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app, REST API and websockets (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Check or repair the wallet ledger.
    Ledger {
        #[command(subcommand)]
        action: LedgerAction,
    },
    /// Physical casino venues: sign (and send) a venue API request.
    Venue {
        #[command(subcommand)]
        action: server::venue_cli::VenueAction,
    },
}

#[derive(Subcommand)]
enum LedgerAction {
    /// Recompute every hash chain and the invariants (postings sum to zero,
    /// every balance equals the sum of its postings); exits 1 naming the
    /// first bad row.
    Verify,
    /// Recompute every balance from its postings (run with the server
    /// stopped).
    Rebuild,
    /// Write the journal (one CSV line per posting) to stdout.
    Export {
        /// Only transactions at or after this RFC 3339 time.
        #[arg(long)]
        from: Option<chrono::DateTime<chrono::Utc>>,
        /// Only transactions before this RFC 3339 time.
        #[arg(long)]
        to: Option<chrono::DateTime<chrono::Utc>>,
    },
    /// Reconcile PSP clearing with completed payments per currency; exits 1
    /// on a difference.
    Reconcile,
}

/// Runs a `ledger` subcommand; returns the process exit code.
async fn ledger(settings: &Settings, action: LedgerAction) -> anyhow::Result<i32> {
    let db = engine::db::connect_migrated(&settings.database_url()).await?;
    match action {
        LedgerAction::Verify => match engine::wallet::verify::verify(&db).await? {
            Ok(summary) => {
                println!(
                    "ledger ok: {} chains, {} transactions, {} postings, {} balances",
                    summary.chains, summary.transactions, summary.postings, summary.accounts
                );
                Ok(0)
            }
            Err(problem) => {
                eprintln!("ledger verify failed: {problem}");
                Ok(1)
            }
        },
        LedgerAction::Rebuild => {
            let changed = engine::wallet::verify::rebuild(&db).await?;
            println!("balances rebuilt from postings: {changed} changed");
            Ok(0)
        }
        LedgerAction::Export { from, to } => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let lines = engine::wallet::export::export_journal(&db, from, to, &mut out).await?;
            std::io::Write::flush(&mut out)?;
            eprintln!("{lines} postings exported");
            Ok(0)
        }
        LedgerAction::Reconcile => {
            let mut code = 0;
            for r in engine::wallet::export::reconcile(&db).await? {
                let verdict = if r.balanced() { "ok" } else { "MISMATCH" };
                println!(
                    "{} psp_clearing={} deposits={} withdrawals={} {verdict}",
                    r.currency, r.psp_clearing, r.deposits, r.withdrawals
                );
                if !r.balanced() {
                    code = 1;
                }
            }
            Ok(code)
        }
    }
}

fn init_tracing(json: bool) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,async_nats=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    init_tracing(cli.settings.log_json);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Migrate => {
            let db = engine::db::connect(&cli.settings.database_url()).await?;
            engine::db::migrate(&db).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Ledger { action } => {
            let code = ledger(&cli.settings, action).await?;
            if code != 0 {
                std::process::exit(code);
            }
            Ok(())
        }
        Command::Venue { action } => {
            let code = server::venue_cli::run(action, &mut std::io::stdout().lock()).await?;
            if code != 0 {
                std::process::exit(code);
            }
            Ok(())
        }
        Command::Serve => {
            let server = Server::build(cli.settings).await?;
            let addr = server.local_addr()?;
            println!("Croupier is running at http://{addr}");
            if server.demo_seeded {
                println!(
                    "Demo content (labelled demo) is loaded. Demo logins, password {:?}:",
                    server::demo::DEMO_PASSWORD
                );
                for login in &server::demo::DEMO_LOGINS {
                    println!("  {:<12} {}", login.role, login.email);
                }
            }
            tracing::info!(%addr, "listening");
            server.run(server::startup::shutdown_signal()).await
        }
    }
}
