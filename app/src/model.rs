//! Plain data shared by the server functions and the pages, compiled for both
//! `ssr` and `hydrate`. No engine or database type crosses into the browser:
//! everything here is strings, numbers and maps.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The signed-in user, as the UI shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// The user id (UUID).
    pub user_id: String,
    /// E-mail address.
    pub email: String,
    /// Role codes (`player`, `admin`, `trader`, ...).
    pub roles: Vec<String>,
    /// Wallet currency (ISO 4217).
    pub currency: String,
    /// `unverified`, `pending`, `verified` or `rejected`.
    pub kyc_status: String,
    /// Country (ISO 3166-1 alpha-2).
    pub country: String,
    /// When the account was created, RFC 3339.
    pub created_at: String,
}

impl SessionInfo {
    /// True for staff (any role but `player`).
    pub fn is_staff(&self) -> bool {
        self.roles.iter().any(|r| r != "player")
    }
}

/// The answer to a login or registration form: either success, or what to
/// show next to which field. Failures of the form are data, not errors, so
/// the form can render them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormOutcome {
    /// True when the user is now signed in.
    pub ok: bool,
    /// A message about the whole form (invalid credentials, underage, ...).
    pub form_error: Option<String>,
    /// Field name → message.
    pub field_errors: BTreeMap<String, String>,
}

impl FormOutcome {
    /// A success.
    pub fn success() -> Self {
        Self {
            ok: true,
            ..Self::default()
        }
    }

    /// A failure of the whole form.
    pub fn form(message: impl Into<String>) -> Self {
        Self {
            form_error: Some(message.into()),
            ..Self::default()
        }
    }

    /// The message for `field`, if any.
    pub fn field(&self, field: &str) -> Option<String> {
        self.field_errors.get(field).cloned()
    }

    /// Adds a field error.
    pub fn with_field(mut self, field: &str, message: impl Into<String>) -> Self {
        self.field_errors.insert(field.to_owned(), message.into());
        self
    }

    /// Encodes a failure as query parameters, so a form posted without
    /// JavaScript can show it after the redirect back to the form.
    pub fn to_query(&self) -> String {
        let mut pairs = Vec::new();
        if let Some(msg) = &self.form_error {
            pairs.push(format!("form_error={}", percent_encode(msg)));
        }
        for (field, msg) in &self.field_errors {
            pairs.push(format!(
                "err_{}={}",
                percent_encode(field),
                percent_encode(msg)
            ));
        }
        pairs.join("&")
    }

    /// Reads a failure back from query parameters (see [`Self::to_query`]).
    pub fn from_query<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<Self> {
        let mut out = Self::default();
        let mut any = false;
        for (key, value) in params {
            if key == "form_error" {
                out.form_error = Some(value.to_owned());
                any = true;
            } else if let Some(field) = key.strip_prefix("err_") {
                out.field_errors.insert(field.to_owned(), value.to_owned());
                any = true;
            }
        }
        any.then_some(out)
    }
}

/// What the login form gets back.
pub type LoginOutcome = FormOutcome;
/// What the registration form gets back.
pub type RegisterOutcome = FormOutcome;

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One back-office section the caller may open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Absolute path.
    pub href: String,
    /// Navigation label.
    pub label: String,
}

/// A role and what it may do, for the overview page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleInfo {
    /// Role code.
    pub code: String,
    /// What the role may do.
    pub description: String,
    /// True when the caller holds it.
    pub held: bool,
}

/// The back-office landing data: who the caller is and where they may go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackofficeInfo {
    /// The caller.
    pub user: SessionInfo,
    /// Sections the caller's roles allow, in navigation order.
    pub sections: Vec<Section>,
    /// Every back-office role and what it may do.
    pub roles: Vec<RoleInfo>,
}

/// A registered user, as the Players list shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayerRow {
    /// User id.
    pub user_id: String,
    /// E-mail address.
    pub email: String,
    /// Role codes.
    pub roles: Vec<String>,
    /// Country.
    pub country: String,
    /// Currency.
    pub currency: String,
    /// KYC status.
    pub kyc_status: String,
    /// When created, RFC 3339.
    pub created_at: String,
}

/// One page of the Players list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayersPage {
    /// Rows, newest first, at most [`PLAYERS_PAGE_SIZE`].
    pub rows: Vec<PlayerRow>,
    /// Zero-based page number.
    pub page: u64,
    /// True when a further page exists.
    pub has_more: bool,
}

/// Rows per Players page.
pub const PLAYERS_PAGE_SIZE: u64 = 50;
/// Rows shown by the audit log page.
pub const AUDIT_LOG_LIMIT: u64 = 100;

/// One audit-log row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    /// Row id.
    pub id: String,
    /// The acting user id, if any.
    pub actor_id: Option<String>,
    /// Dotted action code.
    pub action: String,
    /// What the action was about.
    pub subject: String,
    /// JSON details.
    pub details: String,
    /// When, RFC 3339.
    pub created_at: String,
}

/// Countries offered at registration: (code, name).
pub const COUNTRIES: [(&str, &str); 12] = [
    ("MT", "Malta"),
    ("GB", "United Kingdom"),
    ("IE", "Ireland"),
    ("SE", "Sweden"),
    ("FI", "Finland"),
    ("NO", "Norway"),
    ("DE", "Germany"),
    ("BR", "Brazil"),
    ("MX", "Mexico"),
    ("CA", "Canada"),
    ("IN", "India"),
    ("JP", "Japan"),
];

/// Wallet currencies offered at registration.
pub const CURRENCIES: [&str; 11] = [
    "EUR", "GBP", "SEK", "NOK", "USD", "BRL", "MXN", "CAD", "JPY", "INR", "BTC",
];

/// Back-office roles and what each may do, with the consoles each opens.
pub const ROLE_DESCRIPTIONS: [(&str, &str); 5] = [
    (
        "admin",
        "Every back-office permission, plus the casino catalog, provider health, staff and venues.",
    ),
    (
        "trader",
        "Events, markets, odds, settlement and risk (the Trading console).",
    ),
    (
        "marketing",
        "Campaigns, bonuses and leaderboards (the Campaigns and Leaderboards consoles).",
    ),
    (
        "vip_manager",
        "Loyalty tiers, point rules and VIP players (the Loyalty and VIP consoles).",
    ),
    (
        "compliance",
        "Players, KYC, responsible gaming, exports and the audit trail.",
    ),
];

/// A coded refusal of an action: one of the API's error codes and what to
/// tell people. Server functions answer a refused action as data, a report
/// with `ok: false`, the code and the message (never as an error), so the
/// page can show it; every such report converts from a `Refusal` (see
/// [`refusable!`]), which keeps the mapping one line per case:
/// `return Refusal::new(codes::NOT_FOUND, "This board no longer exists.").answer();`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The API error code (`not_found`, `leaderboard_full`, ...).
    pub code: String,
    /// What happened, for people.
    pub message: String,
}

impl Refusal {
    /// A refusal with `code` (one of [`codes`] or an area's own code).
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
        }
    }

    /// The refusal as a server function's answer: `Ok(report)`.
    pub fn answer<R: From<Refusal>, E>(self) -> Result<R, E> {
        Ok(self.into())
    }
}

/// Makes reports answerable by a [`Refusal`]: each type must derive
/// `Default` and have the fields `ok: bool`, `code: Option<String>` and
/// `message: String`; the rest keep their defaults.
macro_rules! refusable {
    ($($report:ty),+ $(,)?) => {
        $(
            impl From<$crate::model::Refusal> for $report {
                // Some reports have no further fields.
                #[allow(clippy::needless_update)]
                fn from(r: $crate::model::Refusal) -> Self {
                    Self {
                        ok: false,
                        code: Some(r.code),
                        message: r.message,
                        ..Self::default()
                    }
                }
            }
        )+
    };
}
pub(crate) use refusable;

/// Error codes the server functions return in `ServerFnError::ServerError`.
pub mod codes {
    /// Not signed in (or the session expired or was revoked).
    pub const UNAUTHORIZED: &str = "unauthorized";
    /// Signed in, lacking the role.
    pub const FORBIDDEN: &str = "forbidden";
    /// Something went wrong on the server; details are in the server log.
    pub const INTERNAL: &str = "internal";
    /// Input failed validation.
    pub const VALIDATION_FAILED: &str = "validation_failed";
    /// No such thing, or not for this caller.
    pub const NOT_FOUND: &str = "not_found";
    /// Not enough cash for the stake.
    pub const INSUFFICIENT_FUNDS: &str = "insufficient_funds";
    /// A time-out or self-exclusion is in force.
    pub const SELF_EXCLUDED: &str = "self_excluded";
    /// The stake would exceed a wager limit.
    pub const WAGER_LIMIT_EXCEEDED: &str = "wager_limit_exceeded";
    /// The stake would exceed a loss limit.
    pub const LOSS_LIMIT_EXCEEDED: &str = "loss_limit_exceeded";
    /// The session limit was reached; a break is running.
    pub const SESSION_BREAK: &str = "session_break";
    /// A reality check waits for acknowledgement.
    pub const REALITY_CHECK_DUE: &str = "reality_check_due";
    /// Identity verification is required first.
    pub const KYC_REQUIRED: &str = "kyc_required";
    /// A concurrent request got there first; try again.
    pub const CONFLICT: &str = "conflict";
    /// The odds moved beyond what the bet's odds-change policy accepts.
    pub const ODDS_CHANGED: &str = "odds_changed";
    /// A leg's market is suspended or settled, or its event started.
    pub const SELECTION_UNAVAILABLE: &str = "selection_unavailable";
    /// Two legs of one event in a multiple.
    pub const RELATED_SELECTIONS: &str = "related_selections";
    /// The stake is above a market's or selection's limit.
    pub const STAKE_LIMIT_EXCEEDED: &str = "stake_limit_exceeded";
    /// The bet would take a selection's liability over its limit.
    pub const EXPOSURE_LIMIT_EXCEEDED: &str = "exposure_limit_exceeded";
    /// The market is settled or void already.
    pub const ALREADY_SETTLED: &str = "already_settled";
    /// The market is not settled yet.
    pub const NOT_SETTLED: &str = "not_settled";
    /// The bet cannot be cashed out now.
    pub const CASH_OUT_UNAVAILABLE: &str = "cash_out_unavailable";
    /// The cash-out offer expired (the odds did not move).
    pub const QUOTE_EXPIRED: &str = "quote_expired";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq)]
    struct Report {
        ok: bool,
        code: Option<String>,
        message: String,
        extra: Option<u32>,
    }
    refusable!(Report);

    #[test]
    fn a_refusal_becomes_a_report_with_its_code_and_message() {
        let answer: Result<Report, ()> = Refusal::new(codes::NOT_FOUND, "Gone.").answer();
        assert_eq!(
            answer,
            Ok(Report {
                ok: false,
                code: Some("not_found".into()),
                message: "Gone.".into(),
                extra: None,
            })
        );
    }

    #[test]
    fn a_failure_survives_the_round_trip_through_the_query_string() {
        let outcome = FormOutcome::form("Wrong e-mail & password")
            .with_field("email", "Enter a valid e-mail address.");
        let q = outcome.to_query();
        assert!(!q.contains(' '));
        assert_eq!(q.matches('&').count(), 1);
        let decoded: Vec<(String, String)> = q
            .split('&')
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                let bytes = v.as_bytes();
                let mut out = Vec::new();
                let mut i = 0;
                while i < bytes.len() {
                    if bytes[i] == b'%' {
                        out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).unwrap());
                        i += 3;
                    } else {
                        out.push(bytes[i]);
                        i += 1;
                    }
                }
                (k.to_owned(), String::from_utf8(out).unwrap())
            })
            .collect();
        let back = FormOutcome::from_query(decoded.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(back, Some(outcome));
    }
}
