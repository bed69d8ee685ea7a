//! `croupier venue sign`: signs a venue API request as a physical casino's
//! system would, prints it, and with `--url` sends it and prints the
//! answer, so the venue flow can be tried end to end from a shell.
//!
//! Rules:
//! - The signature is made by [`engine::venues::sandbox::prepare`], the
//!   same code the back office's sandbox uses, over the body exactly as
//!   given, with the current Unix time (or `--timestamp`) and a fresh
//!   nonce.
//! - Only the venue API's paths are accepted (`/cards/lookup`, `/play`,
//!   `/redemptions`).
//! - The secret may come from `CROUPIER_VENUE_SECRET` instead of the
//!   command line (which other users of the machine can see); it is
//!   never printed.
//! - Exit code: 0 when signed (and, with `--url`, answered 2xx), 1 when the
//!   server answered otherwise, 2 for unusable arguments.

use std::io::Write;

use clap::{Args, Subcommand};
use engine::venues::sandbox::{self, SignedRequest};

/// `croupier venue …`.
#[derive(Debug, Subcommand)]
pub enum VenueAction {
    /// Sign a venue API request and print it; with --url, send it and
    /// print the answer.
    Sign(SignArgs),
}

/// The arguments of `croupier venue sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The venue id (from POST /api/v1/admin/venues).
    #[arg(long)]
    pub venue_id: String,
    /// The venue's secret.
    #[arg(long, env = "CROUPIER_VENUE_SECRET", hide_env_values = true)]
    pub secret: String,
    /// /cards/lookup, /play or /redemptions.
    #[arg(long)]
    pub path: String,
    /// The JSON body, sent byte for byte as given.
    #[arg(long)]
    pub body: String,
    /// The server's base URL (`http://127.0.0.1:3000`): send the request.
    #[arg(long)]
    pub url: Option<String>,
    /// Sign with this Unix time instead of now (to try stale requests).
    #[arg(long, allow_hyphen_values = true)]
    pub timestamp: Option<i64>,
}

/// Runs a `venue` subcommand, writing to `out`; returns the exit code.
pub async fn run(action: VenueAction, out: &mut impl Write) -> anyhow::Result<i32> {
    match action {
        VenueAction::Sign(args) => sign(args, out).await,
    }
}

async fn sign(args: SignArgs, out: &mut impl Write) -> anyhow::Result<i32> {
    let base = args.url.as_deref().unwrap_or("http://127.0.0.1:3000");
    let timestamp = args
        .timestamp
        .unwrap_or_else(|| chrono::Utc::now().timestamp());
    let request = match sandbox::prepare(
        base,
        &args.venue_id,
        &args.secret,
        &args.path,
        &args.body,
        timestamp,
    ) {
        Ok(request) => request,
        Err(e) => {
            writeln!(out, "cannot sign: {e}")?;
            return Ok(2);
        }
    };
    print_request(&request, out)?;
    if args.url.is_none() {
        writeln!(out)?;
        writeln!(
            out,
            "# send it with curl (or pass --url to send it from here):"
        )?;
        writeln!(out, "{}", curl_line(&request))?;
        return Ok(0);
    }
    let answer = sandbox::send(&request).await?;
    writeln!(out)?;
    writeln!(out, "HTTP {}", answer.status)?;
    writeln!(out, "{}", answer.body)?;
    Ok(if (200..300).contains(&answer.status) {
        0
    } else {
        1
    })
}

/// The request as it goes on the wire (request line, headers, body).
fn print_request(request: &SignedRequest, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "POST {}", request.url)?;
    for (name, value) in &request.headers {
        writeln!(out, "{name}: {value}")?;
    }
    writeln!(out)?;
    writeln!(out, "{}", request.body)
}

/// A POSIX shell `curl` command sending the request.
fn curl_line(request: &SignedRequest) -> String {
    let mut line = format!("curl -sS -X POST {}", quote(&request.url));
    for (name, value) in &request.headers {
        line.push_str(&format!(" -H {}", quote(&format!("{name}: {value}"))));
    }
    line.push_str(&format!(" --data-binary {}", quote(&request.body)));
    line
}

/// `s` single-quoted for a POSIX shell.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn prints_a_signed_request_without_the_secret() {
        let args = SignArgs {
            venue_id: "0193a0a0-0000-7000-8000-000000000001".into(),
            secret: "s3cret-s3cret".into(),
            path: "/cards/lookup".into(),
            body: r#"{"card_number":"it's"}"#.into(),
            url: None,
            timestamp: Some(1_700_000_000),
        };
        let mut out = Vec::new();
        assert_eq!(run(VenueAction::Sign(args), &mut out).await.unwrap(), 0);
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("POST http://127.0.0.1:3000/api/venue/v1/cards/lookup"));
        assert!(text.contains("X-Venue-Timestamp: 1700000000"));
        assert!(text.contains("X-Venue-Signature: "));
        assert!(text.contains(r#"--data-binary '{"card_number":"it'\''s"}'"#));
        assert!(!text.contains("s3cret"));
    }

    #[tokio::test]
    async fn refuses_other_paths() {
        let args = SignArgs {
            venue_id: "v".into(),
            secret: "s".into(),
            path: "/api/v1/admin/venues".into(),
            body: "{}".into(),
            url: None,
            timestamp: None,
        };
        let mut out = Vec::new();
        assert_eq!(run(VenueAction::Sign(args), &mut out).await.unwrap(), 2);
    }
}
