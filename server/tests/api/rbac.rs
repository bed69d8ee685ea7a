//! Role checks come before any parsing. Every back-office route (every
//! `/api/v1/admin/...` operation of the OpenAPI document, so a new route is
//! covered as soon as it is documented) answers: no token → 401, a player's
//! token with a malformed body → 403 (never 400), and each back-office
//! role → 403 unless [`BACK_OFFICE`] lets it in. Signed-in routes outside
//! the back office answer 401 to an anonymous malformed request, and the
//! player-only ones 403 to staff. The feed's `X-Feed-Key` is checked
//! before its body too.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::Value;

use crate::common::{TestApp, spawn, spawn_with, unique_email};

/// A truncated JSON body: parsing it would fail with 400.
const MALFORMED: &str = r#"{"x":"#;

const ADMIN: &str = "admin";
const TRADER: &str = "trader";
const MARKETING: &str = "marketing";
const VIP_MANAGER: &str = "vip_manager";
const COMPLIANCE: &str = "compliance";

/// Every back-office role.
const STAFF_ROLES: [&str; 5] = [ADMIN, TRADER, MARKETING, VIP_MANAGER, COMPLIANCE];

const ADMIN_ONLY: &[&str] = &[ADMIN];
const TRADING: &[&str] = &[ADMIN, TRADER];
const COMPLIANCE_TEAM: &[&str] = &[ADMIN, COMPLIANCE];
const MARKETING_TEAM: &[&str] = &[ADMIN, MARKETING];
const VIP_TEAM: &[&str] = &[ADMIN, VIP_MANAGER];

/// Who may call each back-office operation (method, path under `/api/v1`).
/// Admin holds every back-office role. A route missing here fails the test:
/// add it with the roles of its handler's `Authorized<…>` marker.
const BACK_OFFICE: &[(&str, &str, &[&str])] = &[
    // Accounts and wallet (compliance).
    ("POST", "/admin/players/{player_id}/kyc", COMPLIANCE_TEAM),
    ("GET", "/admin/players/{player_id}/wallet", COMPLIANCE_TEAM),
    ("GET", "/admin/players/{player_id}/ledger", COMPLIANCE_TEAM),
    (
        "POST",
        "/admin/players/{player_id}/adjustments",
        COMPLIANCE_TEAM,
    ),
    // Responsible gaming (compliance).
    ("GET", "/admin/kyc/queue", COMPLIANCE_TEAM),
    ("GET", "/admin/players", COMPLIANCE_TEAM),
    (
        "GET",
        "/admin/players/{player_id}/responsible-gaming",
        COMPLIANCE_TEAM,
    ),
    (
        "PUT",
        "/admin/players/{player_id}/loss-alert",
        COMPLIANCE_TEAM,
    ),
    ("GET", "/admin/loss-alerts", COMPLIANCE_TEAM),
    ("GET", "/admin/exclusions", COMPLIANCE_TEAM),
    ("GET", "/admin/audit-log", COMPLIANCE_TEAM),
    ("GET", "/admin/jurisdictions", COMPLIANCE_TEAM),
    ("PUT", "/admin/jurisdictions/{country}", COMPLIANCE_TEAM),
    // Casino (admin).
    ("GET", "/admin/casino/games", ADMIN_ONLY),
    ("POST", "/admin/casino/games", ADMIN_ONLY),
    ("PATCH", "/admin/casino/games/{game_code}", ADMIN_ONLY),
    ("GET", "/admin/providers/health", ADMIN_ONLY),
    ("PUT", "/admin/providers/health/threshold", ADMIN_ONLY),
    // Finance (compliance).
    ("POST", "/admin/fx/ecb", COMPLIANCE_TEAM),
    ("GET", "/admin/fx/rates", COMPLIANCE_TEAM),
    ("GET", "/admin/reports/currency-summary", COMPLIANCE_TEAM),
    ("GET", "/admin/ledger/journal", COMPLIANCE_TEAM),
    ("GET", "/admin/ledger/reconciliation", COMPLIANCE_TEAM),
    // Sportsbook trading (trader).
    ("POST", "/admin/events", TRADING),
    ("PATCH", "/admin/events/{id}", TRADING),
    ("POST", "/admin/events/{id}/markets", TRADING),
    ("PUT", "/admin/selections/{id}/odds", TRADING),
    ("GET", "/admin/selections/{id}/odds-history", TRADING),
    ("PUT", "/admin/selections/{id}/limits", TRADING),
    ("POST", "/admin/markets/{id}/suspend", TRADING),
    ("POST", "/admin/markets/{id}/resume", TRADING),
    ("PUT", "/admin/markets/{id}/limits", TRADING),
    ("POST", "/admin/markets/{id}/settle", TRADING),
    ("POST", "/admin/markets/{id}/resettle", TRADING),
    ("POST", "/admin/markets/{id}/void", TRADING),
    ("GET", "/admin/markets/{id}/risk", TRADING),
    ("POST", "/admin/feed", TRADING),
    ("PUT", "/admin/teaser-tables/{points}", TRADING),
    // Staff accounts (admin).
    ("GET", "/admin/staff", ADMIN_ONLY),
    ("POST", "/admin/staff", ADMIN_ONLY),
    ("PUT", "/admin/staff/{id}/roles", ADMIN_ONLY),
    ("PUT", "/admin/staff/{id}/disabled", ADMIN_ONLY),
    // Campaigns (marketing).
    ("GET", "/admin/campaigns", MARKETING_TEAM),
    ("POST", "/admin/campaigns", MARKETING_TEAM),
    ("POST", "/admin/campaigns/preview", MARKETING_TEAM),
    ("GET", "/admin/campaigns/{id}", MARKETING_TEAM),
    ("POST", "/admin/campaigns/{id}/launch", MARKETING_TEAM),
    ("POST", "/admin/campaigns/{id}/pause", MARKETING_TEAM),
    ("POST", "/admin/campaigns/{id}/resume", MARKETING_TEAM),
    ("POST", "/admin/campaigns/{id}/stop", MARKETING_TEAM),
    ("GET", "/admin/campaigns/{id}/stats", MARKETING_TEAM),
    (
        "GET",
        "/admin/campaigns/{id}/explain/{player_id}",
        MARKETING_TEAM,
    ),
    ("POST", "/admin/campaigns/{id}/close-period", MARKETING_TEAM),
    // Leaderboards (marketing).
    ("GET", "/admin/leaderboards", MARKETING_TEAM),
    ("POST", "/admin/leaderboards", MARKETING_TEAM),
    ("GET", "/admin/leaderboards/{id}", MARKETING_TEAM),
    ("POST", "/admin/leaderboards/{id}/close", MARKETING_TEAM),
    ("GET", "/admin/leaderboards/{id}/periods", MARKETING_TEAM),
    // Loyalty programme and store (vip_manager).
    ("GET", "/admin/loyalty/programme", VIP_TEAM),
    ("PUT", "/admin/loyalty/programme", VIP_TEAM),
    ("GET", "/admin/loyalty/rewards", VIP_TEAM),
    ("POST", "/admin/loyalty/rewards", VIP_TEAM),
    // Venues (admin).
    ("GET", "/admin/venues", ADMIN_ONLY),
    ("POST", "/admin/venues", ADMIN_ONLY),
    ("POST", "/admin/venues/{id}/disable", ADMIN_ONLY),
    // VIP console (vip_manager).
    ("GET", "/admin/vip/players", VIP_TEAM),
    ("GET", "/admin/vip/players/{id}", VIP_TEAM),
    ("POST", "/admin/vip/players/{id}/points", VIP_TEAM),
    ("PUT", "/admin/vip/players/{id}/tier", VIP_TEAM),
    ("PUT", "/admin/vip/players/{id}/manager", VIP_TEAM),
    ("POST", "/admin/vip/players/{id}/notes", VIP_TEAM),
    ("PUT", "/admin/vip/players/{id}/vip", VIP_TEAM),
    ("POST", "/admin/vip/players/{id}/checks", VIP_TEAM),
    ("POST", "/admin/vip/players/{id}/tasks", VIP_TEAM),
    ("PUT", "/admin/vip/tasks/{id}", VIP_TEAM),
    ("GET", "/admin/vip/reports", VIP_TEAM),
];

/// Signed-in routes outside the back office that only players may use
/// (`Authorized<Players>`); staff, admin included, get 403.
const PLAYER_ONLY: &[(&str, &str)] = &[
    ("POST", "/bets"),
    ("GET", "/bets/{id}/cash-out"),
    ("POST", "/bets/{id}/cash-out"),
    ("POST", "/casino/sessions"),
    ("GET", "/casino/originals/seeds"),
    ("PUT", "/casino/originals/seeds"),
    ("POST", "/casino/originals/{game}/rounds"),
    ("GET", "/casino/rounds"),
    ("GET", "/bonuses"),
    ("POST", "/bonuses/{bonus_id}/forfeit"),
    ("GET", "/promotions"),
    ("POST", "/promotions/{id}/opt-in"),
    ("GET", "/leaderboards/{id}/around-me"),
    ("POST", "/leaderboards/{id}/join"),
    ("PUT", "/me/nickname"),
    ("GET", "/me/nickname"),
    ("GET", "/loyalty"),
    ("GET", "/loyalty/transactions"),
    ("GET", "/loyalty/rewards"),
    ("POST", "/loyalty/redemptions"),
    ("POST", "/loyalty/card"),
];

/// One documented operation.
struct Operation {
    method: Method,
    /// Under `/api/v1`, with `{params}`.
    template: String,
    /// A concrete URL path (from `/api/v1`), path parameters filled in and
    /// every documented query parameter given twice with a nonsense value,
    /// which a typed query extractor would refuse with 400.
    url: String,
    /// Whether the operation requires a bearer token.
    signed_in: bool,
    /// The documented answers' status codes.
    responses: BTreeSet<String>,
}

/// A plausible value for a path parameter; ids are fresh UUIDs.
fn path_value(name: &str) -> String {
    match name {
        "game_code" => "no-such-game".to_owned(),
        "country" => "MT".to_owned(),
        "points" => "6".to_owned(),
        "kind" => "deposit".to_owned(),
        "period" => "day".to_owned(),
        "game" => "dice".to_owned(),
        _ => uuid::Uuid::now_v7().to_string(),
    }
}

/// Every operation of the OpenAPI document under `/api/v1`.
async fn operations(app: &TestApp) -> Vec<Operation> {
    let (status, doc) = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(status, 200, "{doc}");
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let Some(template) = path.strip_prefix("/api/v1") else {
            continue;
        };
        for (method, op) in item.as_object().expect("path item") {
            let Ok(method) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let mut url = template.to_owned();
            let mut query = Vec::new();
            for p in &params {
                let name = p["name"].as_str().expect("parameter name");
                match p["in"].as_str() {
                    Some("path") => {
                        url = url.replace(&format!("{{{name}}}"), &path_value(name));
                    }
                    Some("query") => {
                        query.push(format!("{name}=not-a-value&{name}=again"));
                    }
                    _ => {}
                }
            }
            assert!(
                !url.contains('{'),
                "{method} {template}: undocumented path parameter"
            );
            if !query.is_empty() {
                url = format!("{url}?{}", query.join("&"));
            }
            let signed_in = op["security"]
                .as_array()
                .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
            let responses = op["responses"]
                .as_object()
                .map(|r| r.keys().cloned().collect())
                .unwrap_or_default();
            out.push(Operation {
                method,
                template: template.to_owned(),
                url,
                signed_in,
                responses,
            });
        }
    }
    out
}

/// Sends `op` with a malformed JSON body (except GETs), an optional bearer
/// token and extra headers; returns the status and the error code.
async fn call(
    app: &TestApp,
    op: &Operation,
    token: Option<&str>,
    headers: &[(&str, &str)],
) -> (u16, String) {
    let mut req = app
        .client
        .request(op.method.clone(), app.url(&format!("/api/v1{}", op.url)));
    if op.method != Method::GET {
        req = req
            .header("content-type", "application/json")
            .body(MALFORMED);
    }
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let res = req.send().await.expect("request");
    let status = res.status().as_u16();
    let body: Value =
        serde_json::from_str(&res.text().await.unwrap_or_default()).unwrap_or(Value::Null);
    let code = body["error"]["code"].as_str().unwrap_or("-").to_owned();
    (status, code)
}

/// A staff member holding only `role`; returns the token.
async fn staff(app: &TestApp, role: &str) -> String {
    let email = unique_email(&format!("rbac-{role}"));
    let role: engine::Role = role.parse().expect("a role");
    app.state
        .engine
        .auth()
        .ensure_staff(&email, "staff-pass-1", &[role])
        .await
        .expect("staff user");
    app.login(&email, "staff-pass-1").await
}

/// The `/admin/...` paths the router in `server/src/api/mod.rs` serves.
fn routed_admin_paths() -> BTreeSet<String> {
    let source = include_str!("../../src/api/mod.rs");
    source
        .split("\"/admin/")
        .skip(1)
        .filter_map(|rest| rest.split_once('"'))
        .map(|(path, _)| format!("/admin/{path}"))
        .collect()
}

fn expect(failures: &mut Vec<String>, what: String, got: (u16, String), want: u16, code: &str) {
    if got.0 != want || got.1 != code {
        failures.push(format!(
            "{what}: answered {} {}, expected {want} {code}",
            got.0, got.1
        ));
    }
}

#[tokio::test]
async fn every_back_office_route_checks_the_role_before_parsing_anything() {
    let app = spawn().await;
    let ops: Vec<Operation> = operations(&app)
        .await
        .into_iter()
        .filter(|op| op.template.starts_with("/admin/"))
        .collect();

    // The table, the document and the router agree.
    let documented: BTreeSet<(String, String)> = ops
        .iter()
        .map(|op| (op.method.to_string(), op.template.clone()))
        .collect();
    let tabled: BTreeSet<(String, String)> = BACK_OFFICE
        .iter()
        .map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(
        tabled.len(),
        BACK_OFFICE.len(),
        "BACK_OFFICE has duplicates"
    );
    let missing: Vec<_> = documented.difference(&tabled).collect();
    assert!(
        missing.is_empty(),
        "back-office operations without an entry in BACK_OFFICE (add their roles): {missing:?}"
    );
    let stale: Vec<_> = tabled.difference(&documented).collect();
    assert!(
        stale.is_empty(),
        "BACK_OFFICE entries that are not in the OpenAPI document: {stale:?}"
    );
    let documented_paths: BTreeSet<String> = documented.iter().map(|(_, p)| p.clone()).collect();
    let undocumented: Vec<_> = routed_admin_paths()
        .into_iter()
        .filter(|p| !documented_paths.contains(p))
        .collect();
    assert!(
        undocumented.is_empty(),
        "back-office routes missing from the OpenAPI document (add them to ApiDoc): {undocumented:?}"
    );
    assert!(ops.len() >= BACK_OFFICE.len());

    let (_, player) = app.register(&unique_email("rbac-player")).await;
    let mut tokens = Vec::new();
    for role in STAFF_ROLES {
        tokens.push((role, staff(&app, role).await));
    }

    let mut failures = Vec::new();
    let mut requests = 0;
    for op in &ops {
        let route = format!("{} /api/v1{}", op.method, op.template);
        assert!(op.signed_in, "{route} is not documented as needing a token");
        for status in ["401", "403"] {
            if !op.responses.contains(status) {
                failures.push(format!("{route}: {status} is not documented"));
            }
        }
        let allowed = BACK_OFFICE
            .iter()
            .find(|(m, p, _)| *m == op.method.as_str() && *p == op.template)
            .map(|(_, _, roles)| *roles)
            .expect("tabled");

        // (a) No token.
        let got = call(&app, op, None, &[]).await;
        expect(
            &mut failures,
            format!("{route}, no token"),
            got,
            401,
            "unauthorized",
        );
        // (b) A player's token.
        let got = call(&app, op, Some(&player), &[]).await;
        expect(
            &mut failures,
            format!("{route}, role player"),
            got,
            403,
            "forbidden",
        );
        requests += 2;
        // (c) Each back-office role.
        for (role, token) in &tokens {
            let got = call(&app, op, Some(token), &[]).await;
            requests += 1;
            let what = format!("{route}, role {role}");
            if allowed.contains(role) {
                if got.0 == 401 || got.0 == 403 {
                    failures.push(format!(
                        "{what}: answered {} {}, but the role may use the route",
                        got.0, got.1
                    ));
                } else if got.0 >= 400 && got.1 == "-" {
                    failures.push(format!(
                        "{what}: answered {} without the JSON error shape",
                        got.0
                    ));
                }
            } else {
                expect(&mut failures, what, got, 403, "forbidden");
            }
        }
    }

    // The feed without a configured key refuses any X-Feed-Key.
    let feed = ops
        .iter()
        .find(|op| op.template == "/admin/feed")
        .expect("the feed is documented");
    let trader = &tokens.iter().find(|(r, _)| *r == TRADER).unwrap().1;
    for token in [None, Some(trader.as_str())] {
        let got = call(&app, feed, token, &[("x-feed-key", "a-guess")]).await;
        expect(
            &mut failures,
            format!(
                "POST /api/v1/admin/feed, X-Feed-Key unset on the server, token {}",
                token.is_some()
            ),
            got,
            401,
            "unauthorized",
        );
    }

    println!(
        "checked {} back-office operations ({requests} requests)",
        ops.len()
    );
    assert!(
        failures.is_empty(),
        "{} wrong answers:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn the_feed_checks_its_key_or_the_role_before_parsing_the_body() {
    let app = spawn_with(|s| s.feed_api_key = Some("feed-secret-1".to_owned())).await;
    let feed = Operation {
        method: Method::POST,
        template: "/admin/feed".to_owned(),
        url: "/admin/feed".to_owned(),
        signed_in: true,
        responses: BTreeSet::new(),
    };
    let (_, player) = app.register(&unique_email("rbac-player")).await;
    let trader = staff(&app, TRADER).await;
    let compliance = staff(&app, COMPLIANCE).await;

    type Headers<'a> = &'a [(&'a str, &'a str)];
    let cases: [(&str, Option<&str>, Headers, u16, &str); 9] = [
        ("nothing", None, &[], 401, "unauthorized"),
        (
            "a wrong key",
            None,
            &[("x-feed-key", "feed-secret-2")],
            401,
            "unauthorized",
        ),
        (
            "an empty key",
            None,
            &[("x-feed-key", "")],
            401,
            "unauthorized",
        ),
        (
            "a trader's token with a wrong key",
            Some(&trader),
            &[("x-feed-key", "wrong")],
            401,
            "unauthorized",
        ),
        ("a player's token", Some(&player), &[], 403, "forbidden"),
        (
            "a compliance token",
            Some(&compliance),
            &[],
            403,
            "forbidden",
        ),
        ("a bad token", Some("not-a-token"), &[], 401, "unauthorized"),
        (
            "the key",
            None,
            &[("x-feed-key", "feed-secret-1")],
            400,
            "bad_request",
        ),
        ("a trader's token", Some(&trader), &[], 400, "bad_request"),
    ];
    let mut failures = Vec::new();
    for (what, token, headers, status, code) in cases {
        let got = call(&app, &feed, token, headers).await;
        expect(
            &mut failures,
            format!("POST /api/v1/admin/feed with {what} and a malformed body"),
            got,
            status,
            code,
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn signed_in_routes_refuse_before_parsing_anything() {
    let app = spawn().await;
    let ops: Vec<Operation> = operations(&app)
        .await
        .into_iter()
        .filter(|op| op.signed_in && !op.template.starts_with("/admin/"))
        .collect();
    let documented: BTreeSet<(String, String)> = ops
        .iter()
        .map(|op| (op.method.to_string(), op.template.clone()))
        .collect();
    let stale: Vec<_> = PLAYER_ONLY
        .iter()
        .filter(|(m, p)| !documented.contains(&((*m).to_owned(), (*p).to_owned())))
        .collect();
    assert!(
        stale.is_empty(),
        "PLAYER_ONLY entries not documented as signed-in: {stale:?}"
    );

    let admin = staff(&app, ADMIN).await;
    let trader = staff(&app, TRADER).await;
    let mut failures = Vec::new();
    for op in &ops {
        let route = format!("{} /api/v1{}", op.method, op.template);
        if !op.responses.contains("401") {
            failures.push(format!("{route}: 401 is not documented"));
        }
        let got = call(&app, op, None, &[]).await;
        expect(
            &mut failures,
            format!("{route}, no token"),
            got,
            401,
            "unauthorized",
        );
        let got = call(&app, op, Some("not-a-token"), &[]).await;
        expect(
            &mut failures,
            format!("{route}, bad token"),
            got,
            401,
            "unauthorized",
        );
        if PLAYER_ONLY
            .iter()
            .any(|(m, p)| *m == op.method.as_str() && *p == op.template)
        {
            for (role, token) in [(ADMIN, &admin), (TRADER, &trader)] {
                let got = call(&app, op, Some(token), &[]).await;
                expect(
                    &mut failures,
                    format!("{route}, role {role}"),
                    got,
                    403,
                    "forbidden",
                );
            }
        }
    }
    println!(
        "checked {} signed-in operations outside the back office",
        ops.len()
    );
    assert!(
        failures.is_empty(),
        "{} wrong answers:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
