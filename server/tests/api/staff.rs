//! The Staff accounts contract of API.md, against the real app: admins
//! create staff, list them, change their roles and disable them; staff log
//! in like players; nobody locks themselves out; every change is audited.

use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::common::{JWT_SECRET, TestApp, put, send, spawn, unique_email};

const STAFF_PASSWORD: &str = "staff-pass-2026";

/// Creates a staff account as `admin`; returns its answer.
async fn create(app: &TestApp, admin: &str, email: &str, roles: Value) -> Value {
    let (status, body) = app
        .post(
            "/api/v1/admin/staff",
            json!({"email": email, "password": STAFF_PASSWORD, "roles": roles}),
            Some(admin),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    body
}

/// Logs in; returns the status and the answer.
async fn try_login(app: &TestApp, email: &str, password: &str) -> (u16, Value) {
    app.post(
        "/api/v1/auth/login",
        json!({"email": email, "password": password}),
        None,
    )
    .await
}

/// The roles a token carries in its claims.
fn token_roles(token: &str) -> Value {
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.set_required_spec_claims(&["exp", "sub"]);
    let data = jsonwebtoken::decode::<Value>(
        token,
        &jsonwebtoken::DecodingKey::from_secret(JWT_SECRET.as_bytes()),
        &validation,
    )
    .expect("a token signed by the server");
    data.claims["roles"].clone()
}

/// The field names a 422 answer names.
fn fields(body: &Value) -> Vec<String> {
    body["error"]["details"]["fields"]
        .as_object()
        .map(|f| f.keys().cloned().collect())
        .unwrap_or_default()
}

/// The audit rows about `user_id`, oldest first: action and actor.
async fn audit_actions(app: &TestApp, user_id: &str) -> Vec<(String, Option<String>)> {
    let rows = entity::audit_log::Entity::find()
        .filter(entity::audit_log::Column::Subject.eq(format!("user:{user_id}")))
        .all(app.state.engine.db())
        .await
        .unwrap();
    let mut rows: Vec<_> = rows
        .into_iter()
        .map(|r| (r.created_at, r.id, r.action, r.actor_id))
        .collect();
    rows.sort();
    rows.into_iter()
        .map(|(_, _, action, actor)| (action, actor.map(|a| a.to_string())))
        .collect()
}

/// `GET /me` with `token`, which must succeed.
async fn me(app: &TestApp, token: &str) -> Value {
    let (status, body) = app.get("/api/v1/me", Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body
}

#[tokio::test]
async fn an_admin_creates_a_marketing_user_who_then_logs_in_with_that_role() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let email = unique_email("Market");

    let created = create(&app, &admin, &email, json!(["marketing"])).await;
    assert_eq!(created["email"], email.to_lowercase());
    assert_eq!(created["roles"], json!(["marketing"]));
    assert!(created["user_id"].is_string());

    let (status, login) = try_login(&app, &email, STAFF_PASSWORD).await;
    assert_eq!(status, 200, "{login}");
    assert_eq!(login["user_id"], created["user_id"]);
    assert_eq!(login["roles"], json!(["marketing"]));
    let token = login["token"].as_str().unwrap();
    assert_eq!(token_roles(token), json!(["marketing"]));
    assert_eq!(me(&app, token).await["roles"], json!(["marketing"]));

    let (status, list) = app.get("/api/v1/admin/staff", Some(&admin)).await;
    assert_eq!(status, 200, "{list}");
    let row = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["user_id"] == created["user_id"])
        .expect("the new user is listed");
    assert_eq!(row["roles"], json!(["marketing"]));
    assert_eq!(row["disabled"], false);
    // Players are not staff.
    let (_, player) = app.register(&unique_email("not-staff")).await;
    let player_id = me(&app, &player).await["user_id"].clone();
    assert!(
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["user_id"] != player_id && r["roles"] != json!(["player"]))
    );
}

#[tokio::test]
async fn an_email_already_registered_by_staff_or_a_player_is_taken() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let email = unique_email("dup-staff");
    create(&app, &admin, &email, json!(["trader"])).await;
    let player_email = unique_email("player-first");
    app.register(&player_email).await;

    for taken in [email.to_uppercase(), player_email] {
        let (status, body) = app
            .post(
                "/api/v1/admin/staff",
                json!({"email": taken, "password": STAFF_PASSWORD, "roles": ["trader"]}),
                Some(&admin),
            )
            .await;
        assert_eq!(status, 409, "{body}");
        assert_eq!(body["error"]["code"], "email_taken");
    }
}

#[tokio::test]
async fn player_unknown_or_no_roles_fail_validation_on_roles() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    for roles in [
        json!(["player"]),
        json!(["marketing", "player"]),
        json!(["croupier"]),
        json!([]),
    ] {
        let (status, body) = app
            .post(
                "/api/v1/admin/staff",
                json!({"email": unique_email("bad-roles"), "password": STAFF_PASSWORD,
                       "roles": roles}),
                Some(&admin),
            )
            .await;
        assert_eq!(status, 422, "{roles}: {body}");
        assert_eq!(body["error"]["code"], "validation_failed");
        assert_eq!(fields(&body), vec!["roles"], "{roles}: {body}");
    }

    // Every bad field at once.
    let (status, body) = app
        .post(
            "/api/v1/admin/staff",
            json!({"email": "nope", "password": "short", "roles": []}),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(fields(&body), vec!["email", "password", "roles"]);
}

#[tokio::test]
async fn wrong_json_types_are_bad_requests() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let email = unique_email("types");
    for body in [
        json!({"email": email, "password": STAFF_PASSWORD, "roles": "marketing"}),
        json!({"email": 7, "password": STAFF_PASSWORD, "roles": ["marketing"]}),
        json!({"email": email, "password": STAFF_PASSWORD, "roles": [1]}),
        json!({"email": email}),
    ] {
        let (status, answer) = app
            .post("/api/v1/admin/staff", body.clone(), Some(&admin))
            .await;
        assert_eq!(status, 400, "{body}: {answer}");
        assert_eq!(answer["error"]["code"], "bad_request");
    }
    let created = create(&app, &admin, &email, json!(["trader"])).await;
    let id = created["user_id"].as_str().unwrap();
    let (status, answer) = put(
        &app,
        &format!("/api/v1/admin/staff/{id}/roles"),
        json!({"roles": "trader"}),
        &admin,
    )
    .await;
    assert_eq!(status, 400, "{answer}");
    let (status, answer) = put(
        &app,
        &format!("/api/v1/admin/staff/{id}/disabled"),
        json!({"disabled": "yes"}),
        &admin,
    )
    .await;
    assert_eq!(status, 400, "{answer}");
}

#[tokio::test]
async fn new_roles_show_at_the_next_login_and_on_existing_tokens() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let email = unique_email("promoted");
    let created = create(&app, &admin, &email, json!(["marketing"])).await;
    let id = created["user_id"].as_str().unwrap();
    let before = app.login(&email, STAFF_PASSWORD).await;

    let (status, body) = put(
        &app,
        &format!("/api/v1/admin/staff/{id}/roles"),
        json!({"roles": ["trader", "vip_manager"]}),
        &admin,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["user_id"], id);
    assert_eq!(body["email"], email.to_lowercase());
    assert_eq!(body["roles"], json!(["trader", "vip_manager"]));

    let (status, login) = try_login(&app, &email, STAFF_PASSWORD).await;
    assert_eq!(status, 200, "{login}");
    assert_eq!(login["roles"], json!(["trader", "vip_manager"]));
    assert_eq!(
        token_roles(login["token"].as_str().unwrap()),
        json!(["trader", "vip_manager"])
    );
    assert_eq!(
        me(&app, &before).await["roles"],
        json!(["trader", "vip_manager"])
    );
    // The token issued before the change has the trader's rights now.
    let (status, _) = app.get("/api/v1/admin/fx/rates", Some(&before)).await;
    assert_eq!(status, 403, "trader is not compliance");
    let (status, body) = send(
        &app,
        Method::POST,
        "/api/v1/admin/events",
        Some(json!({})),
        Some(&before),
        None,
    )
    .await;
    assert_ne!(status, 403, "a trader may create events: {body}");

    // Bad roles and unknown accounts.
    let (status, body) = put(
        &app,
        &format!("/api/v1/admin/staff/{id}/roles"),
        json!({"roles": ["player"]}),
        &admin,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(fields(&body), vec!["roles"]);
    for unknown in [
        uuid::Uuid::now_v7().to_string(),
        "not-a-uuid".to_owned(),
        me(&app, &app.register(&unique_email("a-player")).await.1).await["user_id"]
            .as_str()
            .unwrap()
            .to_owned(),
    ] {
        let (status, body) = put(
            &app,
            &format!("/api/v1/admin/staff/{unknown}/roles"),
            json!({"roles": ["trader"]}),
            &admin,
        )
        .await;
        assert_eq!(status, 404, "{unknown}: {body}");
        assert_eq!(body["error"]["code"], "not_found");
    }
}

#[tokio::test]
async fn only_admins_manage_staff() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let (_, player) = app.register(&unique_email("nosy-player")).await;
    let email = unique_email("nosy-compliance");
    create(&app, &admin, &email, json!(["compliance", "trader"])).await;
    let staff = app.login(&email, STAFF_PASSWORD).await;
    let id = uuid::Uuid::now_v7();

    let requests = [
        (Method::GET, "/api/v1/admin/staff".to_owned(), None),
        (
            Method::POST,
            "/api/v1/admin/staff".to_owned(),
            Some(
                json!({"email": unique_email("x"), "password": STAFF_PASSWORD,
                        "roles": ["admin"]}),
            ),
        ),
        (
            Method::PUT,
            format!("/api/v1/admin/staff/{id}/roles"),
            Some(json!({"roles": ["admin"]})),
        ),
        (
            Method::PUT,
            format!("/api/v1/admin/staff/{id}/disabled"),
            Some(json!({"disabled": true})),
        ),
    ];
    for (method, path, body) in requests {
        for (who, token, want, code) in [
            ("anonymous", None, 401, "unauthorized"),
            ("a player", Some(player.as_str()), 403, "forbidden"),
            ("compliance", Some(staff.as_str()), 403, "forbidden"),
        ] {
            let (status, answer) =
                send(&app, method.clone(), &path, body.clone(), token, None).await;
            assert_eq!(status, want, "{method} {path} as {who}: {answer}");
            assert_eq!(answer["error"]["code"], code);
        }
    }
}

#[tokio::test]
async fn a_disabled_user_cannot_log_in_and_their_tokens_stop_working() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let email = unique_email("leaver");
    let created = create(&app, &admin, &email, json!(["vip_manager"])).await;
    let id = created["user_id"].as_str().unwrap();
    let token = app.login(&email, STAFF_PASSWORD).await;
    me(&app, &token).await;

    let (status, body) = put(
        &app,
        &format!("/api/v1/admin/staff/{id}/disabled"),
        json!({"disabled": true}),
        &admin,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["disabled"], true);

    let (status, _) = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!(status, 401, "the old token is revoked");
    let (status, body) = try_login(&app, &email, STAFF_PASSWORD).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(
        body["error"]["code"], "invalid_credentials",
        "the same answer as a wrong password"
    );
    let (_, list) = app.get("/api/v1/admin/staff", Some(&admin)).await;
    let row = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["user_id"] == id)
        .cloned()
        .unwrap();
    assert_eq!(row["disabled"], true);

    // Enabled again: a new login works; the old token stays revoked.
    let (status, body) = put(
        &app,
        &format!("/api/v1/admin/staff/{id}/disabled"),
        json!({"disabled": false}),
        &admin,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["disabled"], false);
    let fresh = app.login(&email, STAFF_PASSWORD).await;
    me(&app, &fresh).await;
    let (status, _) = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!(status, 401);

    let (status, _) = put(
        &app,
        &format!("/api/v1/admin/staff/{}/disabled", uuid::Uuid::now_v7()),
        json!({"disabled": true}),
        &admin,
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn an_admin_cannot_lock_themselves_out() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let admin_id = me(&app, &admin).await["user_id"]
        .as_str()
        .unwrap()
        .to_owned();

    let (status, body) = put(
        &app,
        &format!("/api/v1/admin/staff/{admin_id}/roles"),
        json!({"roles": ["trader"]}),
        &admin,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(fields(&body), vec!["roles"]);
    assert!(
        body["error"]["details"]["fields"]["roles"]
            .as_str()
            .unwrap()
            .contains("own admin role"),
        "{body}"
    );

    let (status, body) = put(
        &app,
        &format!("/api/v1/admin/staff/{admin_id}/disabled"),
        json!({"disabled": true}),
        &admin,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(fields(&body), vec!["disabled"]);

    // Still an admin, still signed in; adding roles to oneself is fine.
    assert_eq!(me(&app, &admin).await["roles"], json!(["admin"]));
    let (status, body) = put(
        &app,
        &format!("/api/v1/admin/staff/{admin_id}/roles"),
        json!({"roles": ["admin", "marketing"]}),
        &admin,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = app.get("/api/v1/admin/staff", Some(&admin)).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn every_change_is_in_the_audit_log_with_the_acting_admin() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let admin_id = me(&app, &admin).await["user_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let email = unique_email("audited");
    let created = create(&app, &admin, &email, json!(["marketing"])).await;
    let id = created["user_id"].as_str().unwrap();
    for (path, body) in [
        ("roles", json!({"roles": ["compliance"]})),
        ("disabled", json!({"disabled": true})),
        ("disabled", json!({"disabled": false})),
    ] {
        let (status, answer) = put(
            &app,
            &format!("/api/v1/admin/staff/{id}/{path}"),
            body,
            &admin,
        )
        .await;
        assert_eq!(status, 200, "{answer}");
    }
    let by_admin = Some(admin_id);
    assert_eq!(
        audit_actions(&app, id).await,
        vec![
            ("staff.created".to_owned(), by_admin.clone()),
            ("staff.roles_changed".to_owned(), by_admin.clone()),
            ("staff.disabled".to_owned(), by_admin.clone()),
            ("staff.enabled".to_owned(), by_admin),
        ]
    );
}
