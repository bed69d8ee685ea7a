//! The `croupier` binary: `serve` (the default) and `migrate`.

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
