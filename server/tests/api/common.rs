//! The real app on port 0 over a fresh database (SQLite or PostgreSQL, as
//! `TEST_DATABASE_URL` selects), with a reqwest client.

#![allow(dead_code)]

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
