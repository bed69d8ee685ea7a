//! The real app on port 0 over a fresh database (SQLite or PostgreSQL, as
//! `TEST_DATABASE_URL` selects), with a reqwest client.

use std::net::SocketAddr;
use std::path::PathBuf;

use engine::testing::TestDb;
use serde_json::Value;
use server::{Server, Settings};

pub const ADMIN_EMAIL: &str = "root@admin.example.com";
pub const ADMIN_PASSWORD: &str = "admin-password-1";
pub const JWT_SECRET: &str = "integration-test-secret-0123456789abcdef";

pub struct TestApp {
    pub addr: SocketAddr,
    pub base: String,
    pub client: reqwest::Client,
    pub state: server::state::AppState,
    pub db: TestDb,
    data_dir: PathBuf,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

pub fn settings(database_url: &str, data_dir: &std::path::Path) -> Settings {
    Settings {
        database_url: Some(database_url.to_owned()),
        addr: "127.0.0.1:0".parse().unwrap(),
        jwt_secret: Some(JWT_SECRET.to_owned()),
        nats_url: None,
        demo: Some("0".to_owned()),
        demo_feed_secs: 0,
        admin_email: Some(ADMIN_EMAIL.to_owned()),
        admin_password: Some(ADMIN_PASSWORD.to_owned()),
        data_dir: data_dir.to_path_buf(),
        site_root: data_dir.join("site"),
        token_ttl_secs: 3600,
        min_ages: "US=21".to_owned(),
        max_body_bytes: 16 * 1024,
        log_json: false,
        hub88_operator_id: None,
        hub88_public_key: None,
        hub88_private_key: None,
        feed_api_key: None,
        settlement_window: engine::sportsbook::settlement::BATCH,
        commit_lanes: engine::wallet::batch::LANES as u64,
        kyc_provider: "sandbox".to_owned(),
        finance: Default::default(),
    }
}

pub async fn spawn() -> TestApp {
    spawn_with(|_| {}).await
}

pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let db = TestDb::new().await.expect("test database");
    let data_dir = std::env::temp_dir().join(format!("croupier-it-{}", uuid::Uuid::now_v7()));
    let mut settings = settings(&db.url, &data_dir);
    adjust(&mut settings);
    let server = Server::build(settings).await.expect("server builds");
    let addr = server.local_addr().unwrap();
    let state = server.state.clone();
    tokio::spawn(server.run(std::future::pending()));
    TestApp::from_parts(addr, state, db, data_dir)
}

impl TestApp {
    /// A running server's parts; `data_dir` is removed on drop.
    pub fn from_parts(
        addr: SocketAddr,
        state: server::state::AppState,
        db: TestDb,
        data_dir: PathBuf,
    ) -> Self {
        Self {
            addr,
            base: format!("http://{addr}"),
            client: reqwest::Client::new(),
            state,
            db,
            data_dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn post(&self, path: &str, body: Value, token: Option<&str>) -> (u16, Value) {
        let mut req = self.client.post(self.url(path)).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        let text = res.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let mut req = self.client.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        let text = res.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Registers a player; returns (player_id, token).
    pub async fn register(&self, email: &str) -> (String, String) {
        let (status, body) = self
            .post(
                "/api/v1/auth/register",
                serde_json::json!({
                    "email": email, "password": "player-pass-1",
                    "date_of_birth": "1990-01-01", "country": "MT", "currency": "EUR"
                }),
                None,
            )
            .await;
        assert_eq!(status, 201, "{body}");
        (
            body["player_id"].as_str().unwrap().to_owned(),
            body["token"].as_str().unwrap().to_owned(),
        )
    }

    pub async fn login(&self, email: &str, password: &str) -> String {
        let (status, body) = self
            .post(
                "/api/v1/auth/login",
                serde_json::json!({"email": email, "password": password}),
                None,
            )
            .await;
        assert_eq!(status, 200, "{body}");
        body["token"].as_str().unwrap().to_owned()
    }

    pub async fn admin_token(&self) -> String {
        self.login(ADMIN_EMAIL, ADMIN_PASSWORD).await
    }
}

pub fn unique_email(prefix: &str) -> String {
    format!("{prefix}-{}@example.com", uuid::Uuid::now_v7().simple())
}

// Sportsbook helpers shared by the cash-out, live odds, risk and
// sportsbook modules.

/// Cents of a EUR amount string ("10.00" → 1000).
pub fn cents(s: &str) -> i64 {
    let (whole, frac) = s.split_once('.').unwrap_or((s, "0"));
    let frac = format!("{frac:0<2}");
    whole.parse::<i64>().unwrap() * 100 + frac[..2].parse::<i64>().unwrap()
}

/// This time tomorrow, RFC 3339.
pub fn tomorrow() -> String {
    (chrono::Utc::now() + chrono::TimeDelta::days(1)).to_rfc3339()
}

/// Any request, with an optional body, bearer token and idempotency key.
pub async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
    token: Option<&str>,
    key: Option<&str>,
) -> (u16, Value) {
    let mut req = app.client.request(method, app.url(path));
    if let Some(b) = body {
        req = req.json(&b);
    }
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    let res = req.send().await.expect("request");
    let status = res.status().as_u16();
    let text = res.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Calls a server function as the browser does: form-encoded, the session
/// in the cookie. Returns the status and the JSON answer.
pub async fn rpc(
    app: &TestApp,
    endpoint: &str,
    form: &[(&str, &str)],
    token: &str,
) -> (u16, Value) {
    let res = app
        .client
        .post(app.url(&format!("/rpc/{endpoint}")))
        .header("cookie", format!("croupier_token={token}"))
        .form(form)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let text = res.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

pub async fn put(app: &TestApp, path: &str, body: Value, token: &str) -> (u16, Value) {
    send(
        app,
        reqwest::Method::PUT,
        path,
        Some(body),
        Some(token),
        None,
    )
    .await
}

/// A trader (the trader role only, not admin); returns its token.
pub async fn trader(app: &TestApp) -> String {
    let email = unique_email("trader");
    app.state
        .engine
        .auth()
        .ensure_staff(&email, "trader-pass-1", &[engine::Role::Trader])
        .await
        .unwrap();
    app.login(&email, "trader-pass-1").await
}

/// A player with a sandbox deposit of `amount`: (player id, token).
pub async fn funded(app: &TestApp, amount: &str) -> (String, String) {
    let (id, jwt) = app.register(&unique_email("bettor")).await;
    let (status, body) = app
        .post(
            "/api/v1/wallet/deposits",
            serde_json::json!({"amount": amount, "method": "sandbox"}),
            Some(&jwt),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    (id, jwt)
}

/// The player's (cash, reserved) in cents.
pub async fn cash(app: &TestApp, jwt: &str) -> (i64, i64) {
    let (status, w) = app.get("/api/v1/wallet", Some(jwt)).await;
    assert_eq!(status, 200, "{w}");
    (
        cents(w["cash"].as_str().unwrap()),
        cents(w["reserved"].as_str().unwrap()),
    )
}

/// A two-way moneyline market: Home at `home`, Away at `away`.
pub fn moneyline(home: &str, away: &str) -> Value {
    serde_json::json!({"name": "Winner", "kind": "moneyline", "selections": [
        {"name": "Home", "odds": home}, {"name": "Away", "odds": away}]})
}

/// An event starting tomorrow with one market; returns (event, market id,
/// selection ids).
pub async fn event_with(
    app: &TestApp,
    trader: &str,
    market: Value,
) -> (Value, String, Vec<String>) {
    event_at(app, trader, market, &tomorrow()).await
}

/// An event starting at `starts_at` with one market; returns (event,
/// market id, selection ids).
pub async fn event_at(
    app: &TestApp,
    trader: &str,
    market: Value,
    starts_at: &str,
) -> (Value, String, Vec<String>) {
    let (status, event) = app
        .post(
            "/api/v1/admin/events",
            serde_json::json!({"sport": "Football", "competition": "Test League",
                   "name": format!("Home v Away {}", uuid::Uuid::now_v7()),
                   "starts_at": starts_at, "markets": [market]}),
            Some(trader),
        )
        .await;
    assert_eq!(status, 201, "{event}");
    let m = &event["markets"][0];
    let ids = m["selections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    (event.clone(), m["id"].as_str().unwrap().to_owned(), ids)
}

/// A moneyline event starting tomorrow; (market id, [home, away]).
pub async fn market(app: &TestApp, trader: &str, home: &str, away: &str) -> (String, Vec<String>) {
    let (_, market, selections) = event_with(app, trader, moneyline(home, away)).await;
    (market, selections)
}

/// A single at `odds`, refused if the odds moved.
pub fn single(selection: &str, odds: &str, stake: &str) -> Value {
    serde_json::json!({"kind": "single", "unit_stake": stake, "odds_change": "reject",
           "legs": [{"selection_id": selection, "odds": odds}]})
}

/// An accumulator of (selection, odds) legs, refused if the odds moved.
pub fn acca(legs: &[(&str, &str)], stake: &str) -> Value {
    serde_json::json!({"kind": "accumulator", "unit_stake": stake, "odds_change": "reject",
           "legs": legs.iter().map(|(s, o)| serde_json::json!({"selection_id": s, "odds": o}))
               .collect::<Vec<_>>()})
}

/// `POST /api/v1/bets`, with an optional idempotency key.
pub async fn bet(app: &TestApp, jwt: &str, body: Value, key: Option<&str>) -> (u16, Value) {
    send(
        app,
        reqwest::Method::POST,
        "/api/v1/bets",
        Some(body),
        Some(jwt),
        key,
    )
    .await
}

/// Places a bet that must be accepted; returns its id.
pub async fn place(app: &TestApp, jwt: &str, body: Value) -> String {
    let (status, bet) = bet(app, jwt, body, None).await;
    assert_eq!(status, 201, "{bet}");
    bet["bet_id"].as_str().unwrap().to_owned()
}

/// `PUT /api/v1/admin/selections/{selection}/odds`.
pub async fn move_odds(app: &TestApp, trader: &str, selection: &str, odds: &str) -> (u16, Value) {
    put(
        app,
        &format!("/api/v1/admin/selections/{selection}/odds"),
        serde_json::json!({ "odds": odds }),
        trader,
    )
    .await
}

/// Moves a selection's odds, which must succeed.
pub async fn set_odds(app: &TestApp, trader: &str, selection: &str, odds: &str) {
    let (status, body) = move_odds(app, trader, selection, odds).await;
    assert_eq!(status, 200, "{body}");
}

/// `POST /api/v1/admin/markets/{market}/settle`.
pub async fn settle(app: &TestApp, trader: &str, market: &str, body: Value) -> (u16, Value) {
    app.post(
        &format!("/api/v1/admin/markets/{market}/settle"),
        body,
        Some(trader),
    )
    .await
}

/// `POST /api/v1/admin/markets/{market}/{action}` (settle, resettle,
/// void…), which must succeed; returns the answer.
pub async fn call(app: &TestApp, trader: &str, market: &str, action: &str, body: Value) -> Value {
    let (status, res) = app
        .post(
            &format!("/api/v1/admin/markets/{market}/{action}"),
            body,
            Some(trader),
        )
        .await;
    assert_eq!(status, 200, "{res}");
    res
}

/// Settlement outcomes: selection `won` of `sels` wins, the others lose.
pub fn winner(sels: &[String], won: usize) -> Value {
    serde_json::json!({"outcomes": sels.iter().enumerate().map(|(i, s)| serde_json::json!({
        "selection_id": s, "result": if i == won { "win" } else { "lose" }})).collect::<Vec<_>>()})
}

/// One selection's risk row: (bets, stakes, potential payout, liability).
pub type RiskRow = (i64, String, String, String);

/// The selection's risk row of a market (all zero when it has none).
pub async fn risk(app: &TestApp, trader: &str, market: &str, selection: &str) -> RiskRow {
    let (status, risk) = app
        .get(
            &format!("/api/v1/admin/markets/{market}/risk"),
            Some(trader),
        )
        .await;
    assert_eq!(status, 200, "{risk}");
    risk["selections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["selection_id"] == serde_json::json!(selection))
        .map(|s| {
            let f = |k: &str| s[k].as_str().unwrap().to_owned();
            (
                s["bets"].as_i64().unwrap(),
                f("stakes"),
                f("potential_payout"),
                f("liability"),
            )
        })
        .unwrap_or_else(zero)
}

/// A risk row with no bets.
pub fn zero() -> RiskRow {
    (0, "0.00".into(), "0.00".into(), "0.00".into())
}

/// A risk row.
pub fn row(bets: i64, stakes: &str, payout: &str, liability: &str) -> RiskRow {
    (bets, stakes.into(), payout.into(), liability.into())
}

/// `GET /api/v1/bets/{bet}/cash-out`.
pub async fn quote(app: &TestApp, jwt: &str, bet: &str) -> (u16, Value) {
    app.get(&format!("/api/v1/bets/{bet}/cash-out"), Some(jwt))
        .await
}

/// `POST /api/v1/bets/{bet}/cash-out` with `quote_id`.
pub async fn accept(
    app: &TestApp,
    jwt: &str,
    bet: &str,
    quote_id: &str,
    key: Option<&str>,
) -> (u16, Value) {
    send(
        app,
        reqwest::Method::POST,
        &format!("/api/v1/bets/{bet}/cash-out"),
        Some(serde_json::json!({ "quote_id": quote_id })),
        Some(jwt),
        key,
    )
    .await
}
