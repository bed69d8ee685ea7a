//! Physical casino venues for the back office (admin only): list them,
//! create one (its secret shown once), disable one, and a sandbox that
//! signs a lookup, play or redemption as a venue system would and sends it
//! to this server's own venue API. Thin adapters over `engine.venues()`.
//!
//! Rules:
//! - Every call checks the admin role on the server.
//! - The secret comes back only in the creation answer; the list never
//!   carries it. The sandbox takes the secret from the form (the admin
//!   pastes it, or the page fills in the one just created) and never
//!   echoes it: the answer shows the signed request's headers and body.
//! - The sandbox sends only to this server's own address (the address it
//!   listens on), never to a URL from the request, and only to the venue
//!   API's paths.
//! - Expected refusals (validation, an unknown venue) come back as data
//!   the page explains; authorization failures as coded errors.

// The sandbox form posts its nine plain fields as the server function's
// arguments (what `ActionForm` encodes without any nesting syntax); the
// lint fires on the client stub `#[server]` generates, where an item
// attribute does not reach.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::FormOutcome;

/// One venue as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VenueRow {
    /// The venue id (`X-Venue-Id`).
    pub venue_id: String,
    /// Display name.
    pub name: String,
    /// Refused by the venue API when true.
    pub disabled: bool,
    /// When it was created, RFC 3339.
    pub created_at: String,
}

/// The page's data: every venue, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VenuesPage {
    /// The venues.
    pub rows: Vec<VenueRow>,
}

/// The answer of the create and disable forms.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VenueOutcome {
    /// True when it was done.
    pub ok: bool,
    /// What happened, for people.
    pub message: String,
    /// Field errors and the form's error.
    pub form: FormOutcome,
    /// The new venue's id (create only).
    pub venue_id: Option<String>,
    /// The new venue's secret, this once (create only).
    pub secret: Option<String>,
}

/// What the sandbox sent and what came back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxOutcome {
    /// True when the request was signed and sent (whatever the answer).
    pub sent: bool,
    /// Why it was not, for people.
    pub message: String,
    /// `POST <url>` of the request.
    pub request_line: String,
    /// The headers sent, in order (the signature among them; never the
    /// secret).
    pub headers: Vec<(String, String)>,
    /// The body, exactly as signed.
    pub body: String,
    /// The HTTP status answered.
    pub status: u16,
    /// The answer's body (pretty-printed when it is JSON).
    pub answer: String,
}

/// The venue API body of a sandbox operation, from the form's fields.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn sandbox_body(
    operation: &str,
    fields: &SandboxFields,
) -> Result<(&'static str, serde_json::Value), &'static str> {
    use serde_json::json;
    let card = fields.card_number.trim();
    match operation {
        "lookup" => Ok(("/cards/lookup", json!({ "card_number": card }))),
        "play" => Ok((
            "/play",
            json!({
                "card_number": card,
                "kind": fields.kind.trim(),
                "amount": fields.amount.trim(),
                "currency": fields.currency.trim().to_uppercase(),
                "reference": fields.reference.trim(),
            }),
        )),
        "redemption" => {
            // A number when it is one, so the API's own validation answers
            // the rest.
            let points = fields
                .points
                .trim()
                .parse::<i64>()
                .map_or_else(|_| json!(fields.points.trim()), |n| json!(n));
            Ok((
                "/redemptions",
                json!({
                    "card_number": card,
                    "points": points,
                    "reference": fields.reference.trim(),
                }),
            ))
        }
        _ => Err("Choose lookup, play or redemption."),
    }
}

/// The sandbox form's operation fields.
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
struct SandboxFields {
    card_number: String,
    kind: String,
    amount: String,
    currency: String,
    points: String,
    reference: String,
}

#[cfg(feature = "ssr")]
mod server {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

    use super::{VenueOutcome, VenueRow};
    use crate::model::FormOutcome;
    use engine::venues::{VenueAdminError, VenueView};
    use leptos::prelude::ServerFnError;

    pub fn row(v: VenueView) -> VenueRow {
        VenueRow {
            venue_id: v.venue_id.to_string(),
            name: v.name,
            disabled: v.disabled,
            created_at: v.created_at.to_rfc3339(),
        }
    }

    pub fn failure(e: VenueAdminError) -> Result<VenueOutcome, ServerFnError> {
        let (message, form) = match e {
            VenueAdminError::Validation(fields) => {
                let mut form = FormOutcome::default();
                for f in fields {
                    form.field_errors.entry(f.field).or_insert(f.message);
                }
                ("Please check the form.".to_owned(), form)
            }
            VenueAdminError::NotFound => (
                "This venue no longer exists.".to_owned(),
                FormOutcome::form("This venue no longer exists."),
            ),
            VenueAdminError::Db(e) => return Err(super::super::server::internal("venues", e)),
        };
        Ok(VenueOutcome {
            ok: false,
            message,
            form,
            ..VenueOutcome::default()
        })
    }

    /// This server's own base URL: the address it listens on (loopback
    /// when it listens on every interface).
    pub fn own_base_url() -> Result<String, ServerFnError> {
        let options = leptos::prelude::use_context::<leptos::config::LeptosOptions>()
            .ok_or_else(|| super::super::server::internal("venue sandbox", "no options"))?;
        let addr: SocketAddr = options.site_addr;
        let ip = match addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        Ok(format!("http://{}", SocketAddr::new(ip, addr.port())))
    }
}

/// Every venue, newest first. Admin only.
#[server(prefix = "/rpc", endpoint = "venues_list")]
pub async fn venues_list() -> Result<VenuesPage, ServerFnError> {
    let engine = super::server::engine()?;
    super::server::require(&engine, &[engine::Role::Admin]).await?;
    let list = engine
        .venues()
        .list()
        .await
        .map_err(|e| super::server::internal("listing venues", e))?;
    Ok(VenuesPage {
        rows: list.items.into_iter().map(server::row).collect(),
    })
}

/// Creates a venue; the answer carries its secret, this once. Admin only.
#[server(prefix = "/rpc", endpoint = "venue_create")]
pub async fn venue_create(#[server(default)] name: String) -> Result<VenueOutcome, ServerFnError> {
    let engine = super::server::engine()?;
    let actor = super::server::require(&engine, &[engine::Role::Admin]).await?;
    let body = engine::venues::NewVenue { name };
    match engine.venues().create(&body, actor.user_id).await {
        Ok(created) => Ok(VenueOutcome {
            ok: true,
            message: "Venue created. Copy the secret now: it is not shown again.".to_owned(),
            form: FormOutcome::success(),
            venue_id: Some(created.venue_id.to_string()),
            secret: Some(created.secret),
        }),
        Err(e) => server::failure(e),
    }
}

/// Disables a venue: its requests are refused from now on. Admin only.
#[server(prefix = "/rpc", endpoint = "venue_disable")]
pub async fn venue_disable(venue_id: String) -> Result<VenueOutcome, ServerFnError> {
    let engine = super::server::engine()?;
    let actor = super::server::require(&engine, &[engine::Role::Admin]).await?;
    let Ok(id) = uuid::Uuid::parse_str(venue_id.trim()) else {
        return server::failure(engine::venues::VenueAdminError::NotFound);
    };
    match engine.venues().disable(id, actor.user_id).await {
        Ok(v) => Ok(VenueOutcome {
            ok: true,
            message: format!("{} is disabled: its requests are refused.", v.name),
            form: FormOutcome::success(),
            ..VenueOutcome::default()
        }),
        Err(e) => server::failure(e),
    }
}

/// Signs an operation as venue `venue_id` holding `secret` and sends it to
/// this server's venue API; answers the request and the answer. Admin
/// only.
#[server(prefix = "/rpc", endpoint = "venue_sandbox")]
pub async fn venue_sandbox(
    #[server(default)] venue_id: String,
    #[server(default)] secret: String,
    #[server(default)] operation: String,
    #[server(default)] card_number: String,
    #[server(default)] kind: String,
    #[server(default)] amount: String,
    #[server(default)] currency: String,
    #[server(default)] points: String,
    #[server(default)] reference: String,
) -> Result<SandboxOutcome, ServerFnError> {
    let engine = super::server::engine()?;
    super::server::require(&engine, &[engine::Role::Admin]).await?;
    let fields = SandboxFields {
        card_number,
        kind,
        amount,
        currency,
        points,
        reference,
    };
    let refused = |message: &str| SandboxOutcome {
        message: message.to_owned(),
        ..SandboxOutcome::default()
    };
    let (path, body) = match sandbox_body(operation.trim(), &fields) {
        Ok(found) => found,
        Err(message) => return Ok(refused(message)),
    };
    let body = body.to_string();
    let base = server::own_base_url()?;
    let timestamp = engine.now().timestamp();
    let request =
        match engine::venues::sandbox::prepare(&base, &venue_id, &secret, path, &body, timestamp) {
            Ok(request) => request,
            Err(e) => return Ok(refused(&e.to_string())),
        };
    let answer = engine::venues::sandbox::send(&request)
        .await
        .map_err(|e| super::server::internal("venue sandbox request", e))?;
    let pretty = serde_json::from_str::<serde_json::Value>(&answer.body)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or(answer.body);
    Ok(SandboxOutcome {
        sent: true,
        message: String::new(),
        request_line: format!("POST {}", request.url),
        headers: request.headers,
        body: request.body,
        status: answer.status,
        answer: pretty,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(points: &str) -> SandboxFields {
        SandboxFields {
            card_number: " 9123 ".to_owned(),
            kind: "slot".to_owned(),
            amount: "10.00".to_owned(),
            currency: "eur".to_owned(),
            points: points.to_owned(),
            reference: "r-1".to_owned(),
        }
    }

    #[test]
    fn each_operation_has_its_path_and_body() {
        let (path, body) = sandbox_body("lookup", &fields("")).unwrap();
        assert_eq!(
            (path, body.to_string()),
            ("/cards/lookup", r#"{"card_number":"9123"}"#.to_owned())
        );
        let (path, body) = sandbox_body("play", &fields("")).unwrap();
        assert_eq!(path, "/play");
        assert_eq!(body["currency"], "EUR");
        let (path, body) = sandbox_body("redemption", &fields("25")).unwrap();
        assert_eq!((path, body["points"].as_i64()), ("/redemptions", Some(25)));
        let (_, body) = sandbox_body("redemption", &fields("lots")).unwrap();
        assert_eq!(body["points"], "lots");
        assert!(sandbox_body("admin", &fields("")).is_err());
    }
}
