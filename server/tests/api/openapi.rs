//! The OpenAPI document against the real app: every operation of
//! `GET /api/v1/openapi.json` is called with valid input (success answers)
//! and some invalid input (error answers), and each JSON answer is
//! validated against the schema the document gives for that operation and
//! status (components resolved), so drift between handlers and document
//! fails here.
//!
//! To add an endpoint: add its calls to [`calls`]. An operation of the
//! document that no call exercises fails the test.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{TestApp, spawn, unique_email};

const ECB: &str = include_str!("../fixtures/ecb-eurofxref-daily.xml");

/// The body of a call.
enum Body {
    None,
    Json(Value),
    /// Raw bytes with a content type.
    Raw(&'static str, String),
    /// A payment webhook notice, signed by the sandbox payment provider.
    PaymentSigned(Value),
    /// A KYC webhook notice, signed by the sandbox KYC provider.
    KycSigned(Value),
    /// A JSON body with a wrong signature.
    BadSignature(Value),
    /// A venue API body signed as venue `{venue_id}` with `{venue_secret}`.
    VenueSigned(Value),
}

/// One request and the status it must answer. Paths and bodies may name
/// earlier results as `{name}` (see [`Call::save`]).
struct Call {
    method: Method,
    path: String,
    /// The name of the token to send (`""`: none).
    who: &'static str,
    body: Body,
    headers: Vec<(&'static str, String)>,
    expect: u16,
    /// `(name, JSON pointer)`: values of the answer kept for later calls.
    save: Vec<(&'static str, &'static str)>,
}

impl Call {
    fn new(method: Method, path: &str, who: &'static str, expect: u16) -> Self {
        Self {
            method,
            path: path.to_owned(),
            who,
            body: Body::None,
            headers: Vec::new(),
            expect,
            save: Vec::new(),
        }
    }

    fn json(mut self, body: Value) -> Self {
        self.body = Body::Json(body);
        self
    }

    fn body(mut self, body: Body) -> Self {
        self.body = body;
        self
    }

    fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_owned()));
        self
    }

    fn save(mut self, name: &'static str, pointer: &'static str) -> Self {
        self.save.push((name, pointer));
        self
    }
}

fn get(path: &str, who: &'static str, expect: u16) -> Call {
    Call::new(Method::GET, path, who, expect)
}

fn post(path: &str, who: &'static str, expect: u16) -> Call {
    Call::new(Method::POST, path, who, expect)
}

fn put(path: &str, who: &'static str, expect: u16) -> Call {
    Call::new(Method::PUT, path, who, expect)
}

fn patch(path: &str, who: &'static str, expect: u16) -> Call {
    Call::new(Method::PATCH, path, who, expect)
}

fn delete(path: &str, who: &'static str, expect: u16) -> Call {
    Call::new(Method::DELETE, path, who, expect)
}

/// Every call, in order. Tokens prepared by the test: `admin`, `trader`,
/// `compliance`, `player` (funded, KYC verified), `fresh` (a new player);
/// `player_id`, `fresh_id`, `today` and `nobody` (an unknown UUID) too.
fn calls() -> Vec<Call> {
    let register = |email: &str| {
        json!({"email": email, "password": "player-pass-1",
               "date_of_birth": "1990-01-01", "country": "MT", "currency": "EUR"})
    };
    let taken = unique_email("taken");
    let in_three_days = (chrono::Utc::now() + chrono::TimeDelta::days(3)).to_rfc3339();
    let game_code = format!("hub88.openapi.{}", uuid::Uuid::now_v7().simple());
    let line = |name: &str| {
        json!({"name": name, "kind": "moneyline", "selections": [
            {"name": "Home", "odds": "2.00"}, {"name": "Away", "odds": "1.80"}]})
    };
    vec![
        // Operations.
        get("/healthz", "", 200),
        get("/api/v1/openapi.json", "", 200),
        // Accounts.
        post("/api/v1/auth/register", "", 201).json(register(&taken)),
        post("/api/v1/auth/register", "", 409).json(register(&taken)),
        post("/api/v1/auth/register", "", 422)
            .json(json!({"email": "nope", "password": "player-pass-1",
            "date_of_birth": "1990-01-01", "country": "MT", "currency": "EUR"})),
        post("/api/v1/auth/register", "", 400).json(json!({"email": "nope"})),
        post("/api/v1/auth/login", "", 200)
            .json(json!({"email": taken, "password": "player-pass-1"}))
            .save("leaving", "/token"),
        post("/api/v1/auth/login", "", 401)
            .json(json!({"email": taken, "password": "wrong-password"})),
        get("/api/v1/me", "player", 200),
        get("/api/v1/me", "", 401),
        post("/api/v1/admin/players/{player_id}/kyc", "compliance", 200)
            .json(json!({"status": "verified", "note": "documents checked"})),
        post("/api/v1/admin/players/{nobody}/kyc", "compliance", 404)
            .json(json!({"status": "verified"})),
        post("/api/v1/admin/players/{player_id}/kyc", "player", 403)
            .json(json!({"status": "verified"})),
        post("/api/v1/auth/logout", "leaving", 204),
        post("/api/v1/auth/logout", "", 401),
        // Wallet.
        get("/api/v1/wallet", "player", 200),
        get("/api/v1/wallet", "", 401),
        post("/api/v1/wallet/deposits", "player", 201)
            .json(json!({"amount": "25.00", "method": "sandbox"}))
            .header("idempotency-key", "openapi-deposit-1")
            .save("deposit", "/deposit_id"),
        post("/api/v1/wallet/deposits", "player", 422)
            .json(json!({"amount": "-1", "method": "sandbox"})),
        post("/api/v1/wallet/withdrawals", "player", 201)
            .json(json!({"amount": "5.00", "method": "sandbox"})),
        post("/api/v1/wallet/withdrawals", "player", 422)
            .json(json!({"amount": "1000000.00", "method": "sandbox"})),
        post("/api/v1/wallet/withdrawals", "fresh", 403)
            .json(json!({"amount": "1.00", "method": "sandbox"})),
        get("/api/v1/wallet/transactions?limit=2", "player", 200),
        get("/api/v1/wallet/transactions", "player", 200),
        get("/api/v1/wallet/transactions?limit=0", "player", 422),
        get(
            "/api/v1/admin/players/{player_id}/wallet",
            "compliance",
            200,
        ),
        get("/api/v1/admin/players/{nobody}/wallet", "compliance", 404),
        get(
            "/api/v1/admin/players/{player_id}/ledger?limit=2",
            "admin",
            200,
        ),
        get("/api/v1/admin/players/{nobody}/ledger", "admin", 404),
        get(
            "/api/v1/admin/players/{player_id}/ledger?limit=0",
            "admin",
            422,
        ),
        post(
            "/api/v1/admin/players/{player_id}/adjustments",
            "admin",
            201,
        )
        .json(json!({"amount": "2.50", "account": "bonus", "reason": "goodwill"})),
        post(
            "/api/v1/admin/players/{player_id}/adjustments",
            "admin",
            422,
        )
        .json(json!({"amount": "0", "account": "cash", "reason": "nothing"})),
        post("/api/v1/admin/players/{nobody}/adjustments", "admin", 404)
            .json(json!({"amount": "1.00", "account": "cash", "reason": "nobody"})),
        post("/api/v1/payments/sandbox/webhook", "", 200).body(Body::PaymentSigned(json!({
            "event_id": "{nobody}", "payment_id": "{deposit}",
            "reference": "sbx_openapi", "status": "completed"}))),
        post("/api/v1/payments/sandbox/webhook", "", 401).body(Body::BadSignature(json!({
            "event_id": "{nobody}", "payment_id": "{deposit}",
            "reference": "sbx_openapi", "status": "completed"}))),
        post("/api/v1/payments/sandbox/webhook", "", 400).body(Body::PaymentSigned(json!({}))),
        post("/api/v1/payments/sandbox/webhook", "", 404).body(Body::PaymentSigned(json!({
            "event_id": "{nobody}", "payment_id": "{nobody}",
            "reference": "sbx_unknown", "status": "completed"}))),
        // Responsible gaming.
        put("/api/v1/responsible-gaming/limits", "player", 200)
            .json(json!({"kind": "deposit", "period": "day", "amount": "1000.00"})),
        put("/api/v1/responsible-gaming/limits", "player", 422)
            .json(json!({"kind": "deposit", "period": "year", "amount": "1"})),
        get("/api/v1/responsible-gaming/limits", "player", 200),
        get("/api/v1/responsible-gaming/limits", "", 401),
        delete(
            "/api/v1/responsible-gaming/limits/deposit/day",
            "player",
            200,
        ),
        delete("/api/v1/responsible-gaming/limits/loss/week", "player", 404),
        post("/api/v1/responsible-gaming/exclusions", "excluded", 201)
            .json(json!({"kind": "time_out", "days": 1})),
        post("/api/v1/responsible-gaming/exclusions", "player", 422)
            .json(json!({"kind": "time_out", "days": 400})),
        get("/api/v1/responsible-gaming/exclusions", "excluded", 200),
        get("/api/v1/responsible-gaming/history", "player", 200),
        get("/api/v1/responsible-gaming/settings", "player", 200),
        put("/api/v1/responsible-gaming/settings", "player", 200)
            .json(json!({"reality_check_minutes": 60, "loss_alert": "100.00",
                         "loss_alert_period": "week"})),
        put("/api/v1/responsible-gaming/settings", "player", 422)
            .json(json!({"reality_check_minutes": 5})),
        post(
            "/api/v1/responsible-gaming/deposit-limit-prompt",
            "player",
            200,
        )
        .json(json!({})),
        get("/api/v1/responsible-gaming/session", "player", 200),
        post(
            "/api/v1/responsible-gaming/reality-check/acknowledge",
            "player",
            200,
        )
        .json(json!({})),
        post("/api/v1/kyc/submissions", "fresh", 201)
            .json(
                json!({"document_type": "passport", "document_country": "MT",
                         "document_number": "P1234560", "full_name": "Ada Lovelace"}),
            )
            .save("kyc_reference", "/reference"),
        post("/api/v1/kyc/submissions", "fresh", 422).json(
            json!({"document_type": "passport", "document_country": "MT",
                         "document_number": "P1234560", "full_name": "Ada Lovelace"}),
        ),
        get("/api/v1/kyc/submissions", "fresh", 200),
        post("/api/v1/kyc/webhooks/sandbox", "", 200).body(Body::KycSigned(
            json!({"reference": "{kyc_reference}", "outcome": "consider"}),
        )),
        post("/api/v1/kyc/webhooks/sandbox", "", 401).body(Body::BadSignature(
            json!({"reference": "{kyc_reference}", "outcome": "consider"}),
        )),
        post("/api/v1/kyc/webhooks/sandbox", "", 404).body(Body::KycSigned(
            json!({"reference": "no-such-reference", "outcome": "clear"}),
        )),
        get("/api/v1/admin/kyc/queue", "compliance", 200),
        get("/api/v1/admin/kyc/queue", "player", 403),
        get("/api/v1/admin/players?q=example", "compliance", 200),
        get(
            "/api/v1/admin/players/{player_id}/responsible-gaming",
            "compliance",
            200,
        ),
        get(
            "/api/v1/admin/players/{nobody}/responsible-gaming",
            "compliance",
            404,
        ),
        put(
            "/api/v1/admin/players/{player_id}/loss-alert",
            "compliance",
            200,
        )
        .json(json!({"amount": "500.00"})),
        put(
            "/api/v1/admin/players/{player_id}/loss-alert",
            "compliance",
            422,
        )
        .json(json!({"amount": "lots"})),
        get("/api/v1/admin/loss-alerts", "compliance", 200),
        get("/api/v1/admin/exclusions", "compliance", 200),
        get("/api/v1/admin/jurisdictions", "compliance", 200),
        put("/api/v1/admin/jurisdictions/DE", "compliance", 200).json(json!({
            "country": "DE", "minimum_age": 18, "deposit_limit_prompt_mandatory": false,
            "mandatory_reality_check_minutes": null, "minimum_self_exclusion_months": 6,
            "kyc_required_before_first_deposit": false})),
        put("/api/v1/admin/jurisdictions/DE", "compliance", 422).json(json!({
            "country": "FR", "minimum_age": 18, "deposit_limit_prompt_mandatory": false,
            "mandatory_reality_check_minutes": null, "minimum_self_exclusion_months": 6,
            "kyc_required_before_first_deposit": false})),
        // Casino.
        get("/api/v1/casino/games", "", 200),
        get("/api/v1/casino/games?category=slots", "player", 200),
        get("/api/v1/admin/casino/games", "admin", 200),
        get("/api/v1/admin/casino/games", "player", 403),
        post("/api/v1/admin/casino/games", "admin", 201).json(json!({
            "provider": "hub88", "game_code": game_code, "name": "OpenAPI Slot",
            "category": "slots", "rtp": "0.965", "volatility": "high",
            "tags": ["new"], "jurisdictions": ["MT"]})),
        post("/api/v1/admin/casino/games", "admin", 409).json(json!({
            "provider": "hub88", "game_code": game_code, "name": "OpenAPI Slot",
            "category": "slots"})),
        post("/api/v1/admin/casino/games", "admin", 422).json(json!({
            "provider": "hub88", "game_code": "hub88.openapi.bad", "name": "Bad",
            "category": "slots", "volatility": "extreme"})),
        post("/api/v1/admin/casino/games", "admin", 400).json(json!({"provider": 1})),
        patch(
            &format!("/api/v1/admin/casino/games/{game_code}"),
            "admin",
            200,
        )
        .json(json!({"enabled": true, "tags": ["new", "hot"]})),
        patch("/api/v1/admin/casino/games/no.such.game", "admin", 404)
            .json(json!({"enabled": false})),
        post("/api/v1/casino/sessions", "player", 201).json(json!({"game_code": "originals.dice"})),
        post("/api/v1/casino/sessions", "player", 404).json(json!({"game_code": "no.such.game"})),
        get("/api/v1/casino/originals/seeds", "player", 200),
        get("/api/v1/casino/originals/seeds", "admin", 403),
        put("/api/v1/casino/originals/seeds", "player", 200)
            .json(json!({"client_seed": "openapi-seed"})),
        put("/api/v1/casino/originals/seeds", "player", 422)
            .json(json!({"client_seed": "has spaces"})),
        post("/api/v1/casino/originals/dice/rounds", "player", 201)
            .json(json!({"stake": "1.00", "direction": "under", "target": "49.50"}))
            .save("round", "/round_id"),
        post("/api/v1/casino/originals/slot/rounds", "player", 201).json(json!({"stake": "0.20"})),
        post("/api/v1/casino/originals/slot/rounds", "player", 422)
            .json(json!({"free_spins_id": "{nobody}"})),
        post("/api/v1/casino/originals/roulette/rounds", "player", 201).json(json!({
            "wagers": [{"bet": {"kind": "straight", "number": 17}, "stake": "1.00"}]})),
        post("/api/v1/casino/originals/dice/rounds", "player", 422)
            .json(json!({"stake": "1.00", "direction": "sideways", "target": "49.50"})),
        post("/api/v1/casino/originals/nothing/rounds", "player", 404)
            .json(json!({"stake": "1.00"})),
        get("/api/v1/casino/rounds?limit=2", "player", 200),
        get("/api/v1/casino/rounds", "admin", 403),
        get("/api/v1/casino/rounds/{round}/verify", "player", 200),
        get("/api/v1/casino/rounds/{nobody}/verify", "player", 404),
        get("/api/v1/admin/providers/health", "admin", 200),
        get("/api/v1/admin/providers/health", "player", 403),
        put("/api/v1/admin/providers/health/threshold", "admin", 200)
            .json(json!({"alert_error_rate": "0.05"})),
        put("/api/v1/admin/providers/health/threshold", "admin", 422)
            .json(json!({"alert_error_rate": "2"})),
        // Finance.
        post("/api/v1/admin/fx/ecb", "admin", 200).body(Body::Raw("application/xml", ECB.into())),
        post("/api/v1/admin/fx/ecb", "admin", 422)
            .body(Body::Raw("application/xml", "<nope/>".into())),
        get("/api/v1/admin/fx/rates?quote=USD", "compliance", 200),
        get("/api/v1/admin/fx/rates?limit=0", "compliance", 422),
        get(
            "/api/v1/admin/reports/currency-summary?date={today}&currency=EUR",
            "admin",
            200,
        ),
        get(
            "/api/v1/admin/reports/currency-summary?date=yesterday",
            "admin",
            422,
        ),
        get(
            "/api/v1/admin/ledger/journal?date={today}&format=json",
            "admin",
            200,
        ),
        get("/api/v1/admin/ledger/journal?date={today}", "admin", 200),
        get(
            "/api/v1/admin/ledger/journal?date={today}&format=xlsx",
            "admin",
            422,
        ),
        get(
            "/api/v1/admin/ledger/reconciliation?date={today}",
            "admin",
            200,
        ),
        get(
            "/api/v1/admin/ledger/reconciliation?date=never",
            "admin",
            422,
        ),
        // Staff accounts.
        post("/api/v1/admin/staff", "admin", 201)
            .json(
                json!({"email": "openapi-staff@example.com", "password": "staff-pass-1",
                         "roles": ["marketing"]}),
            )
            .save("staffer", "/user_id"),
        post("/api/v1/admin/staff", "admin", 409).json(
            json!({"email": "openapi-staff@example.com", "password": "staff-pass-1",
                         "roles": ["trader"]}),
        ),
        post("/api/v1/admin/staff", "admin", 422).json(
            json!({"email": "openapi-staff-2@example.com", "password": "staff-pass-1",
                         "roles": ["player"]}),
        ),
        post("/api/v1/admin/staff", "admin", 400).json(json!({"roles": "marketing"})),
        post("/api/v1/admin/staff", "trader", 403).json(json!({})),
        get("/api/v1/admin/staff", "admin", 200),
        get("/api/v1/admin/staff", "", 401),
        put("/api/v1/admin/staff/{staffer}/roles", "admin", 200)
            .json(json!({"roles": ["marketing", "vip_manager"]})),
        put("/api/v1/admin/staff/{nobody}/roles", "admin", 404).json(json!({"roles": ["trader"]})),
        put("/api/v1/admin/staff/{staffer}/roles", "admin", 422).json(json!({"roles": []})),
        put("/api/v1/admin/staff/{staffer}/disabled", "admin", 200).json(json!({"disabled": true})),
        put("/api/v1/admin/staff/{nobody}/disabled", "admin", 404).json(json!({"disabled": true})),
        get("/api/v1/admin/audit-log?limit=2", "compliance", 200),
        get("/api/v1/admin/audit-log?cursor=nope", "compliance", 422),
        get("/api/v1/admin/audit-log", "player", 403),
        // Campaigns and player bonuses.
        post("/api/v1/admin/campaigns", "admin", 201)
            .json(json!({"name": "OpenAPI opt-in", "opt_in": true,
                         "trigger": {"event": "opt_in"},
                         "reward": {"kind": "bonus_money", "amount": "5.00",
                                    "wagering_multiplier": "3", "expires_in_days": 7}}))
            .save("campaign", "/campaign_id"),
        post("/api/v1/admin/campaigns", "admin", 422)
            .json(json!({"name": "x", "trigger": {"event": "never"},
                         "reward": {"kind": "cash", "amount": "1.00"}})),
        post("/api/v1/admin/campaigns", "admin", 400)
            .json(json!({"name": "x", "trigger": {"event": "deposit"},
                         "reward": {"kind": "cash", "amount": 1}})),
        post("/api/v1/admin/campaigns/preview", "admin", 200)
            .json(json!({"name": "x", "trigger": {"event": "deposit"},
                         "reward": {"kind": "cash", "amount": "1.00"}})),
        post("/api/v1/admin/campaigns/preview", "admin", 422)
            .json(json!({"name": "x", "trigger": {"event": "deposit"},
                         "reward": {"kind": "cash", "amount": "0.00"}})),
        get("/api/v1/admin/campaigns", "admin", 200),
        get("/api/v1/admin/campaigns?cursor=nonsense", "admin", 422),
        get("/api/v1/admin/campaigns/{campaign}", "admin", 200),
        get("/api/v1/admin/campaigns/{nobody}", "admin", 404),
        post("/api/v1/admin/campaigns/{campaign}/launch", "admin", 200),
        post("/api/v1/admin/campaigns/{campaign}/launch", "admin", 409),
        get("/api/v1/promotions", "player", 200),
        post("/api/v1/promotions/{campaign}/opt-in", "player", 200),
        post("/api/v1/promotions/{nobody}/opt-in", "player", 404),
        get("/api/v1/bonuses", "player", 200).save("bonus", "/items/0/bonus_id"),
        post("/api/v1/bonuses/{bonus}/forfeit", "player", 200),
        post("/api/v1/bonuses/{bonus}/forfeit", "player", 409),
        post("/api/v1/bonuses/{nobody}/forfeit", "player", 404),
        get("/api/v1/admin/campaigns/{campaign}/stats", "admin", 200),
        get("/api/v1/admin/campaigns/{nobody}/stats", "admin", 404),
        get(
            "/api/v1/admin/campaigns/{campaign}/explain/{player_id}",
            "admin",
            200,
        ),
        get(
            "/api/v1/admin/campaigns/{campaign}/explain/{nobody}",
            "admin",
            404,
        ),
        post("/api/v1/admin/campaigns/{campaign}/pause", "admin", 200),
        post("/api/v1/admin/campaigns/{campaign}/resume", "admin", 200),
        post(
            "/api/v1/admin/campaigns/{campaign}/close-period",
            "admin",
            409,
        ),
        post("/api/v1/admin/campaigns/{campaign}/stop", "admin", 200),
        post("/api/v1/admin/campaigns/{campaign}/pause", "admin", 409),
        // Leaderboards.
        post("/api/v1/admin/leaderboards", "admin", 201)
            .json(
                json!({"name": "OpenAPI race", "metric": "wagered", "recurrence": "once",
                         "timezone": "Europe/Malta", "ends_at": in_three_days,
                         "prizes": [{"from_rank": 1, "to_rank": 3,
                                     "reward": {"kind": "cash", "amount": "1.00"}}]}),
            )
            .save("board", "/leaderboard_id"),
        post("/api/v1/admin/leaderboards", "admin", 422).json(
            json!({"name": "x", "metric": "fastest", "recurrence": "daily",
                         "timezone": "UTC"}),
        ),
        post("/api/v1/admin/leaderboards", "admin", 400)
            .json(json!({"name": "x", "metric": "wagered", "max_participants": "many"})),
        get("/api/v1/admin/leaderboards", "admin", 200),
        get("/api/v1/admin/leaderboards/{board}", "admin", 200),
        get("/api/v1/admin/leaderboards/{nobody}", "admin", 404),
        get("/api/v1/leaderboards", "", 200),
        get("/api/v1/leaderboards/{board}?limit=5", "", 200),
        get("/api/v1/leaderboards/{board}?limit=0", "", 422),
        get("/api/v1/leaderboards/{nobody}", "", 404),
        put("/api/v1/me/nickname", "player", 204).json(json!({"nickname": "OpenApi_1"})),
        put("/api/v1/me/nickname", "player", 422).json(json!({"nickname": "x"})),
        put("/api/v1/me/nickname", "fresh", 409).json(json!({"nickname": "openapi_1"})),
        put("/api/v1/me/nickname", "player", 400).json(json!({"nickname": 7})),
        get("/api/v1/me/nickname", "player", 200),
        post("/api/v1/leaderboards/{board}/join", "player", 200),
        post("/api/v1/leaderboards/{nobody}/join", "player", 404),
        get("/api/v1/leaderboards/{board}/around-me?n=2", "player", 200),
        get("/api/v1/leaderboards/{board}/around-me?n=99", "player", 422),
        get("/api/v1/leaderboards/{nobody}/around-me", "player", 404),
        post("/api/v1/admin/leaderboards/{board}/close", "admin", 200),
        post("/api/v1/admin/leaderboards/{board}/close", "admin", 409),
        post("/api/v1/leaderboards/{board}/join", "player", 409),
        get("/api/v1/admin/leaderboards/{board}/periods", "admin", 200),
        get("/api/v1/admin/leaderboards/{nobody}/periods", "admin", 404),
        post("/api/v1/admin/leaderboards/{nobody}/close", "admin", 404),
        // Loyalty (admin holds vip_manager).
        get("/api/v1/admin/loyalty/programme", "admin", 404),
        put("/api/v1/admin/loyalty/programme", "admin", 422).json(json!({
            "earning": [], "tiers": [{"name": "Bronze", "threshold": 5}],
            "qualification_days": 90, "downgrade_grace_days": 30})),
        put("/api/v1/admin/loyalty/programme", "admin", 200).json(json!({
            "earning": [{"vertical": "casino", "category": "slots", "per": "1.00", "points": 1}],
            "tiers": [{"name": "Bronze", "threshold": 0},
                      {"name": "Silver", "threshold": 1000, "points_multiplier": "1.25"}],
            "qualification_days": 90, "downgrade_grace_days": 30})),
        get("/api/v1/admin/loyalty/programme", "admin", 200),
        post("/api/v1/admin/loyalty/rewards", "admin", 201)
            .json(
                json!({"name": "OpenAPI coins", "cost_points": 100, "stock": 5,
                         "reward": {"kind": "coins", "coins": 10}}),
            )
            .save("store_item", "/reward_id"),
        post("/api/v1/admin/loyalty/rewards", "admin", 422)
            .json(json!({"name": "", "reward": {"kind": "coins", "coins": 10}})),
        get("/api/v1/admin/loyalty/rewards", "admin", 200),
        get("/api/v1/loyalty", "player", 200),
        get("/api/v1/loyalty/transactions?limit=5", "player", 200),
        get("/api/v1/loyalty/transactions?limit=0", "player", 422),
        get("/api/v1/loyalty/rewards", "player", 200),
        post("/api/v1/loyalty/redemptions", "player", 422)
            .header("idempotency-key", "openapi-redeem-1")
            .json(json!({"reward_id": "{store_item}"})),
        post("/api/v1/loyalty/redemptions", "player", 404)
            .header("idempotency-key", "openapi-redeem-2")
            .json(json!({"reward_id": "{nobody}"})),
        // Venues and the venue API (the player is KYC-verified: a card).
        post("/api/v1/admin/venues", "admin", 201)
            .json(json!({"name": "OpenAPI venue"}))
            .save("venue_id", "/venue_id")
            .save("venue_secret", "/secret"),
        post("/api/v1/admin/venues", "admin", 422).json(json!({"name": ""})),
        get("/api/v1/admin/venues", "admin", 200),
        post("/api/v1/loyalty/card", "player", 201).save("venue_card", "/card_number"),
        post("/api/venue/v1/cards/lookup", "", 200)
            .body(Body::VenueSigned(json!({"card_number": "{venue_card}"}))),
        post("/api/venue/v1/cards/lookup", "", 404).body(Body::VenueSigned(
            json!({"card_number": "9000000000000000"}),
        )),
        post("/api/venue/v1/cards/lookup", "", 401)
            .body(Body::BadSignature(json!({"card_number": "{venue_card}"}))),
        post("/api/venue/v1/play", "", 200).body(Body::VenueSigned(json!({
            "card_number": "{venue_card}", "kind": "slot", "amount": "5.00",
            "currency": "EUR", "reference": "openapi-1"}))),
        post("/api/venue/v1/play", "", 422).body(Body::VenueSigned(json!({
            "card_number": "{venue_card}", "kind": "dice", "amount": "5",
            "currency": "EUR", "reference": "openapi-2"}))),
        post("/api/venue/v1/redemptions", "", 422).body(Body::VenueSigned(json!({
            "card_number": "{venue_card}", "points": 1000000, "reference": "openapi-3"}))),
        post("/api/venue/v1/redemptions", "", 400).body(Body::VenueSigned(json!({
            "card_number": "{venue_card}", "points": "ten", "reference": "openapi-4"}))),
        post("/api/v1/admin/venues/{venue_id}/disable", "admin", 200),
        post("/api/v1/admin/venues/{nobody}/disable", "admin", 404),
        // VIP console (admin holds vip_manager).
        get(
            "/api/v1/admin/vip/players?sort=points&limit=5",
            "admin",
            200,
        ),
        get("/api/v1/admin/vip/players?sort=email", "admin", 422),
        get("/api/v1/admin/vip/players/{player_id}", "admin", 200),
        get("/api/v1/admin/vip/players/{nobody}", "admin", 404),
        post("/api/v1/admin/vip/players/{player_id}/points", "admin", 200)
            .json(json!({"points": 10, "reason": "OpenAPI goodwill"})),
        post("/api/v1/admin/vip/players/{player_id}/points", "admin", 422)
            .json(json!({"points": 10})),
        put("/api/v1/admin/vip/players/{player_id}/tier", "admin", 422)
            .json(json!({"tier": "No such tier", "until": in_three_days})),
        put(
            "/api/v1/admin/vip/players/{player_id}/manager",
            "admin",
            422,
        )
        .json(json!({"manager_id": "{nobody}"})),
        put(
            "/api/v1/admin/vip/players/{player_id}/manager",
            "admin",
            200,
        )
        .json(json!({"manager_id": null})),
        post("/api/v1/admin/vip/players/{player_id}/notes", "admin", 201)
            .json(json!({"text": "OpenAPI note"})),
        put("/api/v1/admin/vip/players/{player_id}/vip", "admin", 422)
            .json(json!({"vip": true, "reason": "OpenAPI"})),
        post("/api/v1/admin/vip/players/{player_id}/checks", "admin", 201).json(json!({
            "affordability_reviewed": true, "source_of_funds_verified": true,
            "harm_markers_reviewed": true, "rg_state_reviewed": true,
            "outcome": "pass", "evidence": "OpenAPI evidence"})),
        put("/api/v1/admin/vip/players/{player_id}/vip", "admin", 200)
            .json(json!({"vip": true, "reason": "OpenAPI"})),
        post("/api/v1/admin/vip/players/{player_id}/tasks", "admin", 201)
            .json(json!({"title": "OpenAPI task", "due_at": "2030-01-31"}))
            .save("vip_task", "/task_id"),
        put("/api/v1/admin/vip/tasks/{vip_task}", "admin", 200).json(json!({"done": true})),
        put("/api/v1/admin/vip/tasks/{nobody}", "admin", 404).json(json!({"done": true})),
        get("/api/v1/admin/vip/reports?days=30", "admin", 200),
        get("/api/v1/admin/vip/reports?days=7", "admin", 422),
        // Sportsbook.
        get("/api/v1/teaser-tables", "", 200),
        put("/api/v1/admin/teaser-tables/6", "trader", 200)
            .json(json!({"prices": {"2": "1.91", "3": "2.80"}})),
        put("/api/v1/admin/teaser-tables/6", "trader", 422).json(json!({"prices": {"2": "x"}})),
        post("/api/v1/admin/events", "trader", 201)
            .json(json!({"sport": "Football", "competition": "OpenAPI League",
                         "name": "Home v Away", "starts_at": "{tomorrow}",
                         "markets": [line("Winner")]}))
            .save("event", "/id")
            .save("market", "/markets/0/id")
            .save("home", "/markets/0/selections/0/id"),
        post("/api/v1/admin/events", "trader", 422).json(json!({"sport": "Football",
            "competition": "OpenAPI League", "name": "Bad", "starts_at": "{tomorrow}",
            "markets": [{"name": "W", "kind": "moneyline",
                         "selections": [{"name": "H", "odds": "0.5"}]}]})),
        get("/api/v1/events", "", 200),
        get("/api/v1/events/{event}", "", 200),
        get("/api/v1/events/{nobody}", "", 404),
        patch("/api/v1/admin/events/{event}", "trader", 200)
            .json(json!({"name": "Home v Away (renamed)"})),
        patch("/api/v1/admin/events/{nobody}", "trader", 404).json(json!({"name": "x"})),
        post("/api/v1/admin/events/{event}/markets", "trader", 201)
            .json(line("Second"))
            .save("market2", "/id")
            .save("home2", "/selections/0/id")
            .save("away2", "/selections/1/id"),
        post("/api/v1/admin/events/{nobody}/markets", "trader", 404).json(line("Lost")),
        put("/api/v1/admin/selections/{home}/odds", "trader", 200).json(json!({"odds": "2.10"})),
        put("/api/v1/admin/selections/{home}/odds", "trader", 422).json(json!({"odds": "0.5"})),
        get(
            "/api/v1/admin/selections/{home}/odds-history",
            "trader",
            200,
        ),
        get(
            "/api/v1/admin/selections/{nobody}/odds-history",
            "trader",
            404,
        ),
        put("/api/v1/admin/selections/{home}/limits", "trader", 200)
            .json(json!({"max_stake": "500.00", "liability_limit": null})),
        put("/api/v1/admin/selections/{nobody}/limits", "trader", 404)
            .json(json!({"max_stake": "500.00", "liability_limit": null})),
        put("/api/v1/admin/markets/{market}/limits", "trader", 200).json(json!({
            "max_stake": "500.00", "liability_limit": "10000.00", "auto_suspend": false})),
        put("/api/v1/admin/markets/{nobody}/limits", "trader", 404)
            .json(json!({"max_stake": "500.00", "liability_limit": null})),
        post("/api/v1/bets", "player", 201)
            .json(
                json!({"kind": "single", "unit_stake": "5.00", "odds_change": "reject",
                         "legs": [{"selection_id": "{home}", "odds": "2.10"}]}),
            )
            .save("bet", "/bet_id"),
        post("/api/v1/bets", "player", 409).json(
            json!({"kind": "single", "unit_stake": "5.00", "odds_change": "reject",
                         "legs": [{"selection_id": "{home}", "odds": "1.50"}]}),
        ),
        post("/api/v1/bets", "player", 422)
            .json(json!({"kind": "single", "unit_stake": "0", "legs": []})),
        post("/api/v1/bets", "player", 422).json(
            json!({"kind": "single", "free_bet_id": "{nobody}", "odds_change": "reject",
                         "legs": [{"selection_id": "{home}", "odds": "2.10"}]}),
        ),
        get("/api/v1/bets", "player", 200),
        get("/api/v1/bets/{bet}", "player", 200),
        get("/api/v1/bets/{nobody}", "player", 404),
        get("/api/v1/bets/{bet}/cash-out", "player", 200).save("quote", "/quote_id"),
        get("/api/v1/bets/{nobody}/cash-out", "player", 404),
        post("/api/v1/bets/{bet}/cash-out", "player", 200).json(json!({"quote_id": "{quote}"})),
        post("/api/v1/bets/{bet}/cash-out", "player", 409).json(json!({"quote_id": "{quote}"})),
        get("/api/v1/admin/markets/{market}/risk", "trader", 200),
        get("/api/v1/admin/markets/{nobody}/risk", "trader", 404),
        post("/api/v1/admin/markets/{market}/suspend", "trader", 200),
        post("/api/v1/admin/markets/{nobody}/suspend", "trader", 404),
        post("/api/v1/admin/markets/{market}/resume", "trader", 200),
        post("/api/v1/admin/markets/{nobody}/resume", "trader", 404),
        post("/api/v1/admin/feed", "trader", 200)
            .json(json!({"items": [{"selection_id": "{home2}", "odds": "1.90"}]})),
        post("/api/v1/admin/feed", "trader", 404)
            .json(json!({"items": [{"selection_id": "{nobody}", "odds": "1.90"}]})),
        post("/api/v1/bets", "player", 201).json(
            json!({"kind": "single", "unit_stake": "2.00", "odds_change": "reject",
                         "legs": [{"selection_id": "{home2}", "odds": "1.90"}]}),
        ),
        post("/api/v1/admin/markets/{market2}/settle", "trader", 200).json(json!({"outcomes": [
            {"selection_id": "{home2}", "result": "win"},
            {"selection_id": "{away2}", "result": "lose"}]})),
        post("/api/v1/admin/markets/{market2}/settle", "trader", 409).json(json!({"outcomes": [
            {"selection_id": "{home2}", "result": "win"},
            {"selection_id": "{away2}", "result": "lose"}]})),
        post("/api/v1/admin/markets/{market2}/resettle", "trader", 200).json(json!({"outcomes": [
            {"selection_id": "{home2}", "result": "lose"},
            {"selection_id": "{away2}", "result": "win"}]})),
        post("/api/v1/admin/markets/{market}/resettle", "trader", 409).json(json!({"outcomes": [
            {"selection_id": "{home}", "result": "lose"}]})),
        post("/api/v1/admin/markets/{market}/void", "trader", 200)
            .json(json!({"reason": "abandoned"})),
        post("/api/v1/admin/markets/{market}/void", "trader", 409)
            .json(json!({"reason": "abandoned"})),
    ]
}

/// `{name}` → its value, for every known name.
fn fill(text: &str, vars: &HashMap<String, String>) -> String {
    let mut out = text.to_owned();
    for (k, v) in vars {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// An operation of the document.
struct Operation {
    method: String,
    /// The path template, e.g. `/api/v1/events/{id}`.
    template: String,
    /// The documented answers by status code.
    responses: serde_json::Map<String, Value>,
}

impl Operation {
    fn key(&self) -> String {
        format!("{} {}", self.method, self.template)
    }

    /// Whether the concrete `path` (no query) matches the template; the
    /// number of literal segments matched (more is more specific).
    fn matches(&self, method: &Method, path: &str) -> Option<usize> {
        if !self.method.eq_ignore_ascii_case(method.as_str()) {
            return None;
        }
        let t: Vec<&str> = self.template.split('/').collect();
        let p: Vec<&str> = path.split('/').collect();
        if t.len() != p.len() {
            return None;
        }
        let mut literal = 0;
        for (a, b) in t.iter().zip(&p) {
            if a.starts_with('{') && a.ends_with('}') {
                if b.is_empty() {
                    return None;
                }
            } else if a == b {
                literal += 1;
            } else {
                return None;
            }
        }
        Some(literal)
    }
}

fn operations(doc: &Value) -> Vec<Operation> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            if !["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                continue;
            }
            out.push(Operation {
                method: method.to_uppercase(),
                template: path.clone(),
                responses: op["responses"].as_object().cloned().unwrap_or_default(),
            });
        }
    }
    out
}

/// Rewrites `#/components/schemas/X` references to `#/$defs/X`.
fn rewrite_refs(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                if k == "$ref"
                    && let Value::String(s) = child
                    && let Some(name) = s.strip_prefix("#/components/schemas/")
                {
                    *s = format!("#/$defs/{name}");
                } else {
                    rewrite_refs(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

/// Merges an `allOf` of object schemas (what `#[serde(flatten)]` documents)
/// into one object schema, resolving `$ref`s in `defs`, so closing it below
/// refuses only what none of its parts names: `unevaluatedProperties` in
/// each part alone would refuse the other parts' fields.
fn merge_all_of(v: &mut Value, defs: &Value) {
    match v {
        Value::Object(map) => {
            for child in map.values_mut() {
                merge_all_of(child, defs);
            }
            let Some(Value::Array(parts)) = map.get("allOf") else {
                return;
            };
            let resolved: Vec<Value> = parts
                .iter()
                .map(|part| match part["$ref"].as_str() {
                    Some(r) => {
                        let name = r.rsplit('/').next().unwrap_or_default();
                        let mut target = defs[name].clone();
                        merge_all_of(&mut target, defs);
                        target
                    }
                    None => part.clone(),
                })
                .collect();
            if parts.len() < 2 || !resolved.iter().all(|p| p["properties"].is_object()) {
                return;
            }
            let mut properties = serde_json::Map::new();
            let mut required = Vec::new();
            for part in resolved {
                if let Value::Object(props) = &part["properties"] {
                    properties.extend(props.clone());
                }
                if let Value::Array(names) = &part["required"] {
                    required.extend(names.iter().cloned());
                }
            }
            map.remove("allOf");
            map.insert("type".to_owned(), json!("object"));
            map.insert("properties".to_owned(), Value::Object(properties));
            map.insert("required".to_owned(), Value::Array(required));
        }
        Value::Array(items) => items.iter_mut().for_each(|i| merge_all_of(i, defs)),
        _ => {}
    }
}

/// Makes every object schema that lists its properties refuse others
/// (`unevaluatedProperties: false`, which composes with `allOf`), so a
/// field the handler sends but the document does not name is drift too.
fn close_objects(v: &mut Value) {
    match v {
        Value::Object(map) => {
            let lists_properties = map.get("properties").is_some_and(Value::is_object);
            if lists_properties
                && !map.contains_key("additionalProperties")
                && !map.contains_key("unevaluatedProperties")
            {
                map.insert("unevaluatedProperties".to_owned(), Value::Bool(false));
            }
            for (k, child) in map.iter_mut() {
                // Property names are not schemas; their values are.
                if k == "properties" {
                    if let Value::Object(props) = child {
                        props.values_mut().for_each(close_objects);
                    }
                } else {
                    close_objects(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(close_objects),
        _ => {}
    }
}

/// Checks one answer against the document; `Err` says what is wrong.
fn conform(
    doc: &Value,
    op: &Operation,
    status: u16,
    content_type: &str,
    body: &str,
) -> Result<(), String> {
    let Some(response) = op
        .responses
        .get(&status.to_string())
        .or_else(|| op.responses.get("default"))
    else {
        return Err(format!("status {status} is not documented"));
    };
    let response = match response.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.rsplit('/').next().unwrap_or_default();
            &doc["components"]["responses"][name]
        }
        None => response,
    };
    let media = content_type.split(';').next().unwrap_or_default().trim();
    if body.is_empty() {
        return Ok(());
    }
    if media != "application/json" {
        // A non-JSON answer (a CSV export): the type must be documented.
        return match response["content"].get(media) {
            Some(_) => Ok(()),
            None => Err(format!(
                "status {status}: content type {media} not documented"
            )),
        };
    }
    let Some(schema) = response["content"]["application/json"].get("schema") else {
        return Err(format!(
            "status {status}: a JSON answer without a documented schema: {body:.300}"
        ));
    };
    let instance: Value =
        serde_json::from_str(body).map_err(|e| format!("status {status}: not JSON: {e}"))?;
    let mut schema = schema.clone();
    let mut defs = doc["components"]["schemas"].clone();
    rewrite_refs(&mut schema);
    rewrite_refs(&mut defs);
    let open_defs = defs.clone();
    merge_all_of(&mut schema, &open_defs);
    merge_all_of(&mut defs, &open_defs);
    close_objects(&mut schema);
    close_objects(&mut defs);
    let mut root = serde_json::Map::new();
    root.insert("$defs".to_owned(), defs);
    match schema {
        Value::Object(map) => root.extend(map),
        other => {
            root.insert("allOf".to_owned(), json!([other]));
        }
    }
    let root = Value::Object(root);
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&root)
        .map_err(|e| format!("status {status}: the documented schema is invalid: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "status {status}: {}; answer: {:.500}",
            errors.join("; "),
            instance.to_string()
        ))
    }
}

async fn staff(app: &TestApp, role: engine::Role) -> String {
    let email = unique_email("staff");
    app.state
        .engine
        .auth()
        .ensure_staff(&email, "staff-pass-1", &[role])
        .await
        .unwrap();
    app.login(&email, "staff-pass-1").await
}

#[tokio::test]
async fn every_operation_answers_as_the_openapi_document_says() {
    let app = spawn().await;
    let (status, doc) = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(status, 200, "{doc}");
    let ops = operations(&doc);

    let mut vars: HashMap<String, String> = HashMap::new();
    let (player_id, player) = app.register(&unique_email("oa-player")).await;
    let (s, b) = app
        .post(
            "/api/v1/wallet/deposits",
            json!({"amount": "200.00", "method": "sandbox"}),
            Some(&player),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    let (fresh_id, fresh) = app.register(&unique_email("oa-fresh")).await;
    let (_, excluded) = app.register(&unique_email("oa-excluded")).await;
    vars.insert("player_id".into(), player_id);
    vars.insert("player".into(), player);
    vars.insert("fresh_id".into(), fresh_id);
    vars.insert("fresh".into(), fresh);
    vars.insert("excluded".into(), excluded);
    vars.insert("admin".into(), app.admin_token().await);
    vars.insert("trader".into(), staff(&app, engine::Role::Trader).await);
    vars.insert(
        "compliance".into(),
        staff(&app, engine::Role::Compliance).await,
    );
    vars.insert("nobody".into(), uuid::Uuid::now_v7().to_string());
    vars.insert(
        "today".into(),
        chrono::Utc::now()
            .date_naive()
            .format("%Y-%m-%d")
            .to_string(),
    );
    vars.insert(
        "tomorrow".into(),
        (chrono::Utc::now() + chrono::TimeDelta::days(1)).to_rfc3339(),
    );

    // Per operation: calls made, failures (call, status, error).
    let mut exercised: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut problems: Vec<String> = Vec::new();
    for call in calls() {
        let path = fill(&call.path, &vars);
        let bare = path.split('?').next().unwrap_or_default().to_owned();
        let Some(op) = ops
            .iter()
            .filter_map(|op| op.matches(&call.method, &bare).map(|n| (n, op)))
            .max_by_key(|(n, _)| *n)
            .map(|(_, op)| op)
        else {
            problems.push(format!(
                "{} {path}: no operation of the document matches",
                call.method
            ));
            continue;
        };
        let mut req = app.client.request(call.method.clone(), app.url(&path));
        if !call.who.is_empty() {
            req = req.bearer_auth(&vars[call.who]);
        }
        for (name, value) in &call.headers {
            req = req.header(*name, fill(value, &vars));
        }
        req = match &call.body {
            Body::None => req,
            Body::Json(v) => req
                .header("content-type", "application/json")
                .body(fill(&v.to_string(), &vars)),
            Body::Raw(ct, text) => req.header("content-type", *ct).body(text.clone()),
            Body::PaymentSigned(v) => {
                let text = fill(&v.to_string(), &vars);
                let sig = app.state.engine.payments().sandbox().sign(text.as_bytes());
                req.header("content-type", "application/json")
                    .header("x-sandbox-signature", sig)
                    .body(text)
            }
            Body::KycSigned(v) => {
                let text = fill(&v.to_string(), &vars);
                let sig = app
                    .state
                    .engine
                    .compliance()
                    .kyc_sandbox()
                    .sign(text.as_bytes());
                req.header("content-type", "application/json")
                    .header("x-sandbox-signature", sig)
                    .body(text)
            }
            Body::BadSignature(v) => req
                .header("content-type", "application/json")
                .header("x-sandbox-signature", "sha256=00")
                .body(fill(&v.to_string(), &vars)),
            Body::VenueSigned(v) => {
                let text = fill(&v.to_string(), &vars);
                let (ts, nonce) = (
                    chrono::Utc::now().timestamp().to_string(),
                    engine::venues::auth::new_nonce(),
                );
                let sig = engine::venues::sign(&vars["venue_secret"], &ts, &nonce, text.as_bytes());
                req.header("content-type", "application/json")
                    .header("x-venue-id", &vars["venue_id"])
                    .header("x-venue-timestamp", ts)
                    .header("x-venue-nonce", nonce)
                    .header("x-venue-signature", sig)
                    .body(text)
            }
        };
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        let content_type = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let text = res.text().await.unwrap_or_default();
        let key = op.key();
        *exercised.entry(key.clone()).or_default() += 1;
        if status != call.expect {
            problems.push(format!(
                "{} {path}: expected {}, got {status}: {text:.300}",
                call.method, call.expect
            ));
            continue;
        }
        if let Err(e) = conform(&doc, op, status, &content_type, &text) {
            failures
                .entry(key)
                .or_default()
                .push(format!("{} {path}: {e}", call.method));
        }
        if !call.save.is_empty() {
            let answer: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            for (name, pointer) in &call.save {
                let value = answer
                    .pointer(pointer)
                    .unwrap_or_else(|| panic!("{} {path}: no {pointer} in {answer}", call.method));
                let value = value
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| value.to_string());
                vars.insert((*name).to_owned(), value);
            }
        }
    }

    let documented: BTreeSet<String> = ops.iter().map(Operation::key).collect();
    for op in &documented {
        if !exercised.contains_key(op) {
            problems.push(format!("{op}: not exercised (add it to calls())"));
        }
    }
    for errs in failures.values() {
        problems.extend(errs.iter().cloned());
    }
    let calls_made: usize = exercised.values().sum();
    eprintln!(
        "openapi conformance: {} operations, {} exercised by {calls_made} calls, \
         {} validated clean",
        documented.len(),
        exercised.len(),
        exercised.len() - failures.len(),
    );
    assert!(
        problems.is_empty(),
        "the API does not match its OpenAPI document:\n{}",
        problems.join("\n")
    );
}

/// The checker itself: references resolve, undocumented fields, wrong
/// types, undocumented statuses and schema-less JSON answers fail.
#[test]
fn the_checker_refuses_what_the_document_does_not_say() {
    let doc = json!({
        "components": {"schemas": {
            "Thing": {"type": "object", "required": ["id"],
                      "properties": {"id": {"type": "string", "format": "uuid"},
                                     "note": {"type": ["string", "null"]}}}}},
        "paths": {"/things/{id}": {"get": {"responses": {
            "200": {"description": "a thing", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Thing"}}}},
            "404": {"description": "no schema"}}}}}
    });
    let ops = operations(&doc);
    let op = &ops[0];
    assert_eq!(op.key(), "GET /things/{id}");
    assert_eq!(op.matches(&Method::GET, "/things/abc"), Some(2));
    assert_eq!(op.matches(&Method::POST, "/things/abc"), None);
    let json = "application/json";
    let id = uuid::Uuid::now_v7();
    assert_eq!(
        conform(
            &doc,
            op,
            200,
            json,
            &json!({"id": id, "note": null}).to_string()
        ),
        Ok(())
    );
    for (status, body) in [
        (200, json!({"id": id, "extra": 1})),
        (200, json!({"id": "not-a-uuid"})),
        (200, json!({"note": "no id"})),
        (404, json!({"error": {}})),
        (500, json!({})),
    ] {
        assert!(
            conform(&doc, op, status, json, &body.to_string()).is_err(),
            "{status} {body} passed"
        );
    }
    assert!(conform(&doc, op, 200, "text/csv", "a,b").is_err());
}
