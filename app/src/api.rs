//! Server functions: thin adapters over the engine, mounted under `/rpc` (the
//! REST API owns `/api`). Each authorizes from the `croupier_token` cookie,
//! converts, calls the engine and converts back. Failures of a form come back
//! as data ([`FormOutcome`]); authorization failures as
//! `ServerFnError::ServerError` carrying a code from [`crate::model::codes`];
//! unexpected failures are logged here and reach the client only as
//! `internal`.

use leptos::prelude::*;

pub mod casino;
pub mod engagement;
pub mod finance;
pub mod leaderboards;
pub mod loyalty;
pub mod responsible_gaming;
pub mod sportsbook;
pub mod staff;
pub mod venues;
pub mod vip;
pub mod wallet;

use crate::model::{
    AuditRow, BackofficeInfo, LoginOutcome, PlayersPage, RegisterOutcome, SessionInfo,
};
#[cfg(feature = "ssr")]
use crate::model::{FormOutcome, codes};

/// Server-side helpers: cookies, the caller, error mapping.
#[cfg(feature = "ssr")]
mod server {
    use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
    use engine::{Engine, Principal};
    use leptos::prelude::*;
    use leptos_axum::ResponseOptions;

    use crate::model::{FormOutcome, SessionInfo, codes};
    use engine::auth::TOKEN_COOKIE;

    /// An error carrying one of the stable [`codes`].
    pub fn coded(code: &str) -> ServerFnError {
        ServerFnError::ServerError(code.to_owned())
    }

    /// Field errors by field path, the first message of each field (what
    /// the forms show under their inputs).
    pub fn fields(
        errors: Vec<domain::validation::FieldError>,
    ) -> std::collections::BTreeMap<String, String> {
        let mut map = std::collections::BTreeMap::new();
        for f in errors {
            map.entry(f.field).or_insert(f.message);
        }
        map
    }

    /// Logs an unexpected failure once and returns the opaque `internal` error.
    pub fn internal(what: &str, cause: impl std::fmt::Display) -> ServerFnError {
        leptos::logging::error!("{what}: {cause}");
        coded(codes::INTERNAL)
    }

    /// An amount as the player typed it into a form of the player app, in
    /// the API's form, read in the request's language
    /// ([`crate::format::normalize_amount`]: `12,50` is 12.50 in Spanish and
    /// Portuguese). The player app's amount forms post what was typed, with
    /// JavaScript or without, and their server functions read it here.
    pub fn typed_amount(text: &str) -> String {
        crate::format::normalize_amount(crate::i18n::request_locale(), text)
    }

    /// The engine the server provides as context.
    pub fn engine() -> Result<Engine, ServerFnError> {
        use_context::<Engine>().ok_or_else(|| internal("server fn", "no engine in context"))
    }

    /// The request headers.
    pub async fn headers() -> Result<HeaderMap, ServerFnError> {
        leptos_axum::extract::<HeaderMap>()
            .await
            .map_err(|e| internal("reading headers", e))
    }

    /// The session token from the `Cookie` header(s), if any.
    pub fn token(headers: &HeaderMap) -> Option<String> {
        engine::auth::token_from_cookies(
            headers
                .get_all(header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok()),
        )
    }

    /// The caller, or `None` when not signed in (no, bad, expired or revoked
    /// token).
    pub async fn principal(engine: &Engine) -> Result<Option<Principal>, ServerFnError> {
        let headers = headers().await?;
        let Some(token) = token(&headers) else {
            return Ok(None);
        };
        match engine.auth().verify(&token).await {
            Ok(p) => Ok(Some(p)),
            Err(engine::AuthError::Unexpected(e)) => Err(internal("verifying a token", e)),
            Err(_) => Ok(None),
        }
    }

    /// Sets the response status: the `/rpc` answer's, or during server
    /// rendering the page's (which the page then confirms or overrides, e.g.
    /// with a redirect to `/login`).
    fn set_status(status: StatusCode) {
        if let Some(res) = use_context::<ResponseOptions>() {
            res.set_status(status);
        }
    }

    /// The caller, who must hold one of `roles`; 401 or 403 otherwise.
    pub async fn require(
        engine: &Engine,
        roles: &[engine::Role],
    ) -> Result<Principal, ServerFnError> {
        let Some(principal) = principal(engine).await? else {
            set_status(StatusCode::UNAUTHORIZED);
            return Err(coded(codes::UNAUTHORIZED));
        };
        if principal.has_any(roles) {
            Ok(principal)
        } else {
            set_status(StatusCode::FORBIDDEN);
            Err(coded(codes::FORBIDDEN))
        }
    }

    /// The caller's profile as the UI shows it.
    pub async fn session_info(
        engine: &Engine,
        principal: &Principal,
    ) -> Result<Option<SessionInfo>, ServerFnError> {
        match engine.auth().profile(principal.user_id).await {
            Ok(p) => Ok(Some(SessionInfo {
                user_id: p.user_id.to_string(),
                email: p.email,
                roles: p.roles.iter().map(|r| r.code().to_owned()).collect(),
                currency: p.currency,
                kyc_status: p.kyc_status,
                country: p.country,
                created_at: p.created_at.to_rfc3339(),
            })),
            Err(engine::AuthError::NotFound) => Ok(None),
            Err(e) => Err(internal("loading a profile", e)),
        }
    }

    /// True when the request came over https (directly or via a proxy).
    fn is_https(headers: &HeaderMap) -> bool {
        let forwarded = headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').next().is_some_and(|p| p.trim() == "https"));
        let direct = use_context::<axum::http::request::Parts>()
            .is_some_and(|parts| parts.uri.scheme_str() == Some("https"));
        forwarded || direct
    }

    /// The first address of `X-Forwarded-For`, for login throttling.
    pub fn client_address(headers: &HeaderMap) -> Option<String> {
        headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty() && v.len() <= 64)
    }

    /// True for a plain HTML form post (no JavaScript yet), which expects a
    /// redirect rather than data.
    pub fn is_plain_form_post(headers: &HeaderMap) -> bool {
        headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    }

    fn append_cookie(value: String) {
        let Some(res) = use_context::<ResponseOptions>() else {
            return;
        };
        if let Ok(v) = HeaderValue::from_str(&value) {
            res.append_header(header::SET_COOKIE, v);
        }
    }

    /// Sets the session cookie.
    pub fn set_token_cookie(headers: &HeaderMap, token: &str, max_age_secs: i64) {
        let secure = if is_https(headers) { "; Secure" } else { "" };
        append_cookie(format!(
            "{TOKEN_COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age={}{secure}",
            max_age_secs.max(0)
        ));
    }

    /// Clears the session cookie.
    pub fn clear_token_cookie(headers: &HeaderMap) {
        let secure = if is_https(headers) { "; Secure" } else { "" };
        append_cookie(format!(
            "{TOKEN_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0{secure}"
        ));
    }

    /// For a plain form post, redirects to `success` or back to `form_path`
    /// with the failure in the query string; script clients get the data.
    pub fn finish_form(headers: &HeaderMap, outcome: &FormOutcome, success: &str, form_path: &str) {
        if !is_plain_form_post(headers) {
            return;
        }
        if outcome.ok {
            leptos_axum::redirect(success);
        } else {
            leptos_axum::redirect(&format!("{form_path}?{}", outcome.to_query()));
        }
    }

    /// Maps an auth failure to what the form shows.
    pub fn outcome_of(error: engine::AuthError) -> FormOutcome {
        use engine::AuthError as E;
        match error {
            E::Validation(fields) => {
                let mut outcome = FormOutcome::default();
                for f in fields {
                    outcome.field_errors.entry(f.field).or_insert(f.message);
                }
                if outcome.field_errors.is_empty() {
                    outcome.form_error = Some("Please check the form.".to_owned());
                }
                outcome
            }
            E::Underage { min_age } => FormOutcome::form(format!(
                "You must be at least {min_age} years old to open an account."
            )),
            E::EmailTaken => FormOutcome::default().with_field(
                "email",
                "An account with this e-mail address already exists.",
            ),
            E::InvalidCredentials => {
                FormOutcome::form("The e-mail address or password is incorrect.")
            }
            E::TooManyAttempts { retry_after_secs } => FormOutcome::form(format!(
                "Too many failed attempts. Try again in {} minute(s).",
                retry_after_secs.div_ceil(60).max(1)
            )),
            E::SelfExcluded { until } => FormOutcome::form(match until {
                Some(until) => format!(
                    "You have excluded yourself from gambling until {} UTC.",
                    until.format("%Y-%m-%d %H:%M")
                ),
                None => "You have excluded yourself from gambling permanently.".to_owned(),
            }),
            E::Forbidden => FormOutcome::form("This account cannot sign in at the moment."),
            E::Unauthorized | E::NotFound => FormOutcome::form("Please sign in again."),
            E::Unexpected(e) => {
                leptos::logging::error!("auth form: {e:#}");
                FormOutcome::form("Something went wrong on our side. Please try again.")
            }
        }
    }
}

/// The signed-in user, or `None`.
#[server(prefix = "/rpc", endpoint = "current_user")]
pub async fn current_user() -> Result<Option<SessionInfo>, ServerFnError> {
    let engine = server::engine()?;
    match server::principal(&engine).await? {
        Some(p) => server::session_info(&engine, &p).await,
        None => Ok(None),
    }
}

/// Signs in; sets the session cookie on success. Failures come back as a
/// [`LoginOutcome`] for the form to show.
#[server(prefix = "/rpc", endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<LoginOutcome, ServerFnError> {
    let engine = server::engine()?;
    let headers = server::headers().await?;
    let mut outcome = FormOutcome::default();
    if email.trim().is_empty() {
        outcome = outcome.with_field("email", "Enter your e-mail address.");
    }
    if password.is_empty() {
        outcome = outcome.with_field("password", "Enter your password.");
    }
    if email.len() > 254 || password.len() > 1024 {
        outcome = FormOutcome::form("The e-mail address or password is incorrect.");
    }
    if outcome.field_errors.is_empty() && outcome.form_error.is_none() {
        let client = server::client_address(&headers);
        outcome = match engine
            .auth()
            .login(&email, &password, client.as_deref())
            .await
        {
            Ok(done) => {
                // The session's expiry is on the engine's clock.
                let ttl = (done.expires_at - engine.now()).num_seconds();
                server::set_token_cookie(&headers, &done.token, ttl);
                FormOutcome::success()
            }
            Err(e) => server::outcome_of(e),
        };
    }
    server::finish_form(&headers, &outcome, "/account", "/login");
    Ok(outcome)
}

/// Opens a player account and signs in; sets the session cookie on success.
/// Field-level failures come back as a [`RegisterOutcome`]. `terms` is the
/// mandatory "I am 18 or older and accept the terms" box (any non-empty
/// value, a ticked checkbox sends `on`); without it nothing is created.
#[server(prefix = "/rpc", endpoint = "register")]
pub async fn register(
    email: String,
    password: String,
    date_of_birth: String,
    country: String,
    currency: String,
    #[server(default)] terms: Option<String>,
) -> Result<RegisterOutcome, ServerFnError> {
    let engine = server::engine()?;
    let headers = server::headers().await?;
    if terms.as_deref().is_none_or(|t| t.trim().is_empty()) {
        let outcome = FormOutcome::default().with_field(
            "terms",
            "Confirm that you are 18 or older and accept the terms.",
        );
        server::finish_form(&headers, &outcome, "/account", "/register");
        return Ok(outcome);
    }
    let input = engine::auth::RegisterInput {
        email,
        password,
        date_of_birth,
        country,
        currency,
    };
    let today = engine.now().date_naive();
    let outcome = match engine.auth().register(input, today).await {
        Ok(done) => {
            server::set_token_cookie(&headers, &done.token, engine.config().token_ttl_secs);
            FormOutcome::success()
        }
        Err(e) => server::outcome_of(e),
    };
    server::finish_form(&headers, &outcome, "/account", "/register");
    Ok(outcome)
}

/// Signs out: revokes the session and clears the cookie.
#[server(prefix = "/rpc", endpoint = "logout")]
pub async fn logout() -> Result<(), ServerFnError> {
    let engine = server::engine()?;
    let headers = server::headers().await?;
    if let Some(principal) = server::principal(&engine).await?
        && let Err(e) = engine.auth().logout(&principal).await
    {
        return Err(server::internal("logging out", e));
    }
    server::clear_token_cookie(&headers);
    if server::is_plain_form_post(&headers) {
        leptos_axum::redirect("/");
    }
    Ok(())
}

/// The back-office landing data. `unauthorized` when signed out,
/// `forbidden` for players.
#[server(prefix = "/rpc", endpoint = "backoffice_overview")]
pub async fn backoffice_overview() -> Result<BackofficeInfo, ServerFnError> {
    use crate::model::{ROLE_DESCRIPTIONS, RoleInfo, Section};
    use engine::Role;

    let engine = server::engine()?;
    let staff: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|r| r.is_backoffice())
        .collect();
    let principal = server::require(&engine, &staff).await?;
    let user = server::session_info(&engine, &principal)
        .await?
        .ok_or_else(|| server::coded(codes::UNAUTHORIZED))?;
    let mut sections = vec![Section {
        href: "/backoffice".to_owned(),
        label: "Overview".to_owned(),
    }];
    if principal.has(Role::Compliance) {
        sections.push(Section {
            href: "/backoffice/players".to_owned(),
            label: "Players".to_owned(),
        });
        sections.push(Section {
            href: "/backoffice/audit".to_owned(),
            label: "Audit log".to_owned(),
        });
        for (href, label) in [
            ("/backoffice/kyc", "KYC queue"),
            ("/backoffice/rg", "Responsible gaming"),
            ("/backoffice/loss-alerts", "Loss alerts"),
            ("/backoffice/exclusions", "Exclusions"),
            ("/backoffice/jurisdictions", "Jurisdictions"),
            ("/backoffice/fx", "FX rates"),
            ("/backoffice/exports", "Exports"),
            ("/backoffice/reconciliation", "Reconciliation"),
        ] {
            sections.push(Section {
                href: href.to_owned(),
                label: label.to_owned(),
            });
        }
    }
    if principal.has(Role::Admin) {
        for (href, label) in [
            ("/backoffice/casino", "Casino catalog"),
            ("/backoffice/providers", "Provider health"),
            ("/backoffice/staff", "Staff"),
            ("/backoffice/venues", "Venues"),
        ] {
            sections.push(Section {
                href: href.to_owned(),
                label: label.to_owned(),
            });
        }
    }
    if principal.has(Role::Marketing) {
        sections.push(Section {
            href: "/backoffice/campaigns".to_owned(),
            label: "Campaigns".to_owned(),
        });
        sections.push(Section {
            href: "/backoffice/leaderboards".to_owned(),
            label: "Leaderboards".to_owned(),
        });
    }
    if principal.has(Role::VipManager) {
        sections.push(Section {
            href: "/backoffice/loyalty".to_owned(),
            label: "Loyalty programme".to_owned(),
        });
        for (href, label) in [
            ("/backoffice/vip", "VIP players"),
            ("/backoffice/vip/reports", "VIP reports"),
        ] {
            sections.push(Section {
                href: href.to_owned(),
                label: label.to_owned(),
            });
        }
    }
    if principal.has(Role::Trader) {
        sections.push(Section {
            href: "/backoffice/trading".to_owned(),
            label: "Trading".to_owned(),
        });
    }
    let roles = ROLE_DESCRIPTIONS
        .iter()
        .map(|(code, description)| RoleInfo {
            code: (*code).to_owned(),
            description: (*description).to_owned(),
            held: code
                .parse::<Role>()
                .is_ok_and(|r| principal.roles.contains(&r)),
        })
        .collect();
    Ok(BackofficeInfo {
        user,
        sections,
        roles,
    })
}

/// Registered users, newest first, [`crate::model::PLAYERS_PAGE_SIZE`] a
/// page, optionally only those whose e-mail starts with `email_prefix`.
/// Admin and compliance only.
#[server(prefix = "/rpc", endpoint = "list_players")]
pub async fn list_players(email_prefix: String, page: u64) -> Result<PlayersPage, ServerFnError> {
    use crate::model::{PLAYERS_PAGE_SIZE, PlayerRow};

    let engine = server::engine()?;
    let principal = server::require(&engine, &[engine::Role::Compliance]).await?;
    let found = engine
        .backoffice()
        .users(&principal, &email_prefix, page, PLAYERS_PAGE_SIZE)
        .await
        .map_err(|e| match e {
            engine::backoffice::BackofficeError::Forbidden => server::coded(codes::FORBIDDEN),
            e => server::internal("listing players", e),
        })?;
    Ok(PlayersPage {
        rows: found
            .rows
            .into_iter()
            .map(|u| PlayerRow {
                user_id: u.id.to_string(),
                email: u.email,
                roles: u.roles,
                country: u.country,
                currency: u.currency,
                kyc_status: u.kyc_status,
                created_at: u.created_at.to_rfc3339(),
            })
            .collect(),
        page: found.page,
        has_more: found.has_more,
    })
}

/// The latest [`crate::model::AUDIT_LOG_LIMIT`] audit-log rows, newest
/// first. Admin and compliance only.
#[server(prefix = "/rpc", endpoint = "audit_log")]
pub async fn audit_log() -> Result<Vec<AuditRow>, ServerFnError> {
    use crate::model::AUDIT_LOG_LIMIT;

    let engine = server::engine()?;
    let principal = server::require(&engine, &[engine::Role::Compliance]).await?;
    let rows = engine
        .backoffice()
        .audit_log(&principal, AUDIT_LOG_LIMIT, None)
        .await
        .map_err(|e| match e {
            engine::backoffice::BackofficeError::Forbidden => server::coded(codes::FORBIDDEN),
            e => server::internal("reading the audit log", e),
        })?;
    Ok(rows
        .items
        .into_iter()
        .map(|r| AuditRow {
            id: r.id.to_string(),
            actor_id: r.actor_id.map(|a| a.to_string()),
            action: r.action,
            subject: r.subject,
            details: r.details,
            created_at: r.created_at.to_rfc3339(),
        })
        .collect())
}

/// Who checks players' identity documents, as the KYC form labels itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KycProviderInfo {
    /// The provider's name for players; a test provider says so.
    pub display_name: String,
    /// True for a test provider that checks nobody's identity.
    pub is_sandbox: bool,
}

/// The identity verification provider the server is configured with
/// (`CROUPIER_KYC_PROVIDER`). Public: it is only a label.
#[server(prefix = "/rpc", endpoint = "kyc_provider")]
pub async fn kyc_provider() -> Result<KycProviderInfo, ServerFnError> {
    let engine = server::engine()?;
    let rg = engine.compliance();
    let provider = rg.kyc_provider();
    Ok(KycProviderInfo {
        display_name: provider.display_name().to_owned(),
        is_sandbox: provider.is_sandbox(),
    })
}
