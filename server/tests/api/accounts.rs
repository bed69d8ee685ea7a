//! The Accounts contract of API.md, against the real app.

use crate::common::{ADMIN_EMAIL, JWT_SECRET, spawn, unique_email};
use serde_json::json;

fn register_body(email: &str, dob: &str, country: &str) -> serde_json::Value {
    json!({"email": email, "password": "player-pass-1", "date_of_birth": dob,
           "country": country, "currency": "EUR"})
}

#[tokio::test]
async fn a_registered_player_sees_their_account_with_the_token() {
    let app = spawn().await;
    let email = unique_email("Reg");
    let (player_id, token) = app.register(&email).await;
    let (status, me) = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!(status, 200);
    assert_eq!(me["user_id"], player_id);
    assert_eq!(me["email"], email.to_lowercase());
    assert_eq!(me["roles"], json!(["player"]));
    assert_eq!(me["currency"], "EUR");
    assert_eq!(me["kyc_status"], "unverified");
}

#[tokio::test]
async fn an_email_registers_once_whatever_its_case() {
    let app = spawn().await;
    let email = unique_email("dup");
    app.register(&email).await;
    let (status, body) = app
        .post(
            "/api/v1/auth/register",
            register_body(&email.to_uppercase(), "1990-01-01", "MT"),
            None,
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "email_taken");
}

#[tokio::test]
async fn bad_registrations_name_every_bad_field() {
    let app = spawn().await;
    let (status, body) = app
        .post(
            "/api/v1/auth/register",
            json!({"email": "nope", "password": "short", "date_of_birth": "1990-13-01",
                   "country": "Malta", "currency": "XXX"}),
            None,
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "validation_failed");
    let fields = body["error"]["details"]["fields"].as_object().unwrap();
    for field in ["email", "password", "date_of_birth", "country", "currency"] {
        assert!(fields.contains_key(field), "{field} missing in {body}");
    }
}

#[tokio::test]
async fn the_underage_are_refused_by_their_country_minimum() {
    let app = spawn().await;
    let today = chrono::Utc::now().date_naive();
    let seventeen = today.with_year_minus(17).format("%Y-%m-%d").to_string();
    let (status, body) = app
        .post(
            "/api/v1/auth/register",
            register_body(&unique_email("kid"), &seventeen, "MT"),
            None,
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "underage");

    // 20 is old enough in Malta but not where the minimum is configured as 21.
    let twenty = today.with_year_minus(20).format("%Y-%m-%d").to_string();
    let (status, body) = app
        .post(
            "/api/v1/auth/register",
            register_body(&unique_email("us"), &twenty, "US"),
            None,
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "underage");
    let (status, _) = app
        .post(
            "/api/v1/auth/register",
            register_body(&unique_email("mt"), &twenty, "MT"),
            None,
        )
        .await;
    assert_eq!(status, 201);
}

trait MinusYears {
    fn with_year_minus(self, years: i32) -> chrono::NaiveDate;
}

impl MinusYears for chrono::NaiveDate {
    fn with_year_minus(self, years: i32) -> chrono::NaiveDate {
        use chrono::Datelike;
        // One day less than `years` old: the day before the birthday.
        let birthday = self.with_year(self.year() - years).unwrap_or_else(|| {
            self.with_day(28)
                .unwrap()
                .with_year(self.year() - years)
                .unwrap()
        });
        birthday.succ_opt().unwrap()
    }
}

#[tokio::test]
async fn unknown_email_and_wrong_password_get_the_same_answer() {
    let app = spawn().await;
    let email = unique_email("login");
    app.register(&email).await;
    let (s1, b1) = app
        .post(
            "/api/v1/auth/login",
            json!({"email": email, "password": "wrong-pass-1"}),
            None,
        )
        .await;
    let (s2, b2) = app
        .post(
            "/api/v1/auth/login",
            json!({"email": unique_email("ghost"), "password": "wrong-pass-1"}),
            None,
        )
        .await;
    assert_eq!((s1, s2), (401, 401));
    assert_eq!(b1, b2);
    assert_eq!(b1["error"]["code"], "invalid_credentials");
    let token = app.login(&email, "player-pass-1").await;
    let (status, _) = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn repeated_failures_are_throttled_per_account() {
    let app = spawn().await;
    let email = unique_email("brute");
    app.register(&email).await;
    for _ in 0..5 {
        let (status, _) = app
            .post(
                "/api/v1/auth/login",
                json!({"email": email, "password": "guess-guess"}),
                None,
            )
            .await;
        assert_eq!(status, 401);
    }
    let (status, body) = app
        .post(
            "/api/v1/auth/login",
            json!({"email": email, "password": "player-pass-1"}),
            None,
        )
        .await;
    assert_eq!(status, 429);
    assert_eq!(body["error"]["code"], "too_many_attempts");
}

#[tokio::test]
async fn repeated_failures_are_throttled_per_address() {
    let app = spawn().await;
    for i in 0..20 {
        let (status, _) = app
            .post(
                "/api/v1/auth/login",
                json!({"email": format!("spray{i}@example.com"), "password": "guess-guess"}),
                None,
            )
            .await;
        assert_eq!(status, 401);
    }
    let (status, body) = app
        .post(
            "/api/v1/auth/login",
            json!({"email": "another@example.com", "password": "guess-guess"}),
            None,
        )
        .await;
    assert_eq!(status, 429);
    assert_eq!(body["error"]["code"], "too_many_attempts");
}

#[tokio::test]
async fn tokens_that_are_missing_forged_expired_or_revoked_get_401() {
    let app = spawn().await;
    let (status, body) = app.get("/api/v1/me", None).await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "unauthorized");
    let (status, _) = app.get("/api/v1/me", Some("not-a-jwt")).await;
    assert_eq!(status, 401);

    // A well-signed token whose expiry has passed.
    let (player_id, token) = app.register(&unique_email("exp")).await;
    let expired = jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &json!({"sub": player_id, "jti": uuid::Uuid::now_v7(), "roles": ["player"],
                "iat": 1_000_000, "exp": 1_000_100}),
        &jsonwebtoken::EncodingKey::from_secret(JWT_SECRET.as_bytes()),
    )
    .unwrap();
    let (status, _) = app.get("/api/v1/me", Some(&expired)).await;
    assert_eq!(status, 401);

    // Logout revokes the token.
    let (status, _) = app
        .post("/api/v1/auth/logout", json!({}), Some(&token))
        .await;
    assert_eq!(status, 204);
    let (status, _) = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn the_session_cookie_authenticates_like_a_bearer_token() {
    let app = spawn().await;
    let (_, token) = app.register(&unique_email("cookie")).await;
    let res = app
        .client
        .get(app.url("/api/v1/me"))
        .header("cookie", format!("theme=dark; croupier_token={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
}

#[tokio::test]
async fn the_bootstrap_admin_exists_with_the_admin_role() {
    let app = spawn().await;
    let token = app.admin_token().await;
    let (status, me) = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!(status, 200);
    assert_eq!(me["email"], ADMIN_EMAIL);
    assert_eq!(me["roles"], json!(["admin"]));
}

#[tokio::test]
async fn only_compliance_and_admin_decide_kyc() {
    let app = spawn().await;
    let (player_id, player_token) = app.register(&unique_email("kyc")).await;
    let path = format!("/api/v1/admin/players/{player_id}/kyc");
    let (status, body) = app
        .post(&path, json!({"status": "verified"}), Some(&player_token))
        .await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "forbidden");

    let admin = app.admin_token().await;
    let (status, body) = app
        .post(
            &path,
            json!({"status": "verified", "note": "passport checked"}),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"player_id": player_id, "kyc_status": "verified"})
    );
    let (_, me) = app.get("/api/v1/me", Some(&player_token)).await;
    assert_eq!(me["kyc_status"], "verified");

    let (status, body) = app
        .post(&path, json!({"status": "maybe"}), Some(&admin))
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "validation_failed");
    let (status, body) = app
        .post(
            &format!("/api/v1/admin/players/{}/kyc", uuid::Uuid::now_v7()),
            json!({"status": "rejected"}),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
    let (status, _) = app
        .post(
            "/api/v1/admin/players/not-a-uuid/kyc",
            json!({"status": "rejected"}),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 404);
}
