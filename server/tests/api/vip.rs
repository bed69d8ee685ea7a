//! The VIP console contract against the real app: the list's shape,
//! filters and 422s, the player 360's sections, points adjustments (422
//! without a reason or below zero), tier overrides (422 unknown tier),
//! manager assignment (422 `not_vip_manager`), designation only after a
//! passing check (422 `checks_required`), tasks, reports, and self-excluded
//! players flagged and refused with 403 `self_excluded`; every change in
//! the audit log with its author. The roles of every route are in
//! `rbac.rs`.

use serde_json::{Value, json};

use crate::common::{TestApp, put, spawn, unique_email};

const STAFF_PASSWORD: &str = "vip-manager-pass-2026";

/// A new staff user with `roles`; (user id, token).
async fn staff(app: &TestApp, roles: &[&str]) -> (String, String) {
    let admin = app.admin_token().await;
    let email = unique_email("vip-staff");
    let (status, body) = app
        .post(
            "/api/v1/admin/staff",
            json!({"email": email, "password": STAFF_PASSWORD, "roles": roles}),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    (
        body["user_id"].as_str().unwrap().to_owned(),
        app.login(&email, STAFF_PASSWORD).await,
    )
}

async fn programme(app: &TestApp, token: &str) {
    let (status, body) = put(
        app,
        "/api/v1/admin/loyalty/programme",
        json!({
            "earning": [{"vertical": "casino", "category": "slots", "per": "1.00", "points": 1}],
            "tiers": [{"name": "Bronze", "threshold": 0},
                      {"name": "Silver", "threshold": 1000},
                      {"name": "Gold", "threshold": 5000}],
            "qualification_days": 90, "downgrade_grace_days": 30,
            "vip_rules": {"min_deposits_30d": "5000.00", "min_ggr_30d": "1000.00"}
        }),
        token,
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

fn field(body: &Value, name: &str) -> bool {
    body["error"]["code"] == "validation_failed"
        && body["error"]["details"]["fields"][name].is_string()
}

#[tokio::test]
async fn the_console_lists_shows_and_changes_players() {
    let app = spawn().await;
    let (manager_id, vip) = staff(&app, &["vip_manager"]).await;
    let (compliance_id, _) = staff(&app, &["compliance"]).await;
    programme(&app, &vip).await;
    let (player, _) = app.register(&unique_email("vip-player")).await;
    let base = format!("/api/v1/admin/vip/players/{player}");

    let (status, list) = app.get("/api/v1/admin/vip/players", Some(&vip)).await;
    assert_eq!(status, 200, "{list}");
    let row = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["player_id"] == player.as_str())
        .expect("the player is listed")
        .clone();
    for key in [
        "email",
        "tier",
        "points",
        "vip",
        "manager_id",
        "deposits_30d",
        "ggr_30d",
        "last_active_at",
        "self_excluded",
        "reporting_currency",
    ] {
        assert!(row.get(key).is_some(), "{key} missing in {row}");
    }
    assert_eq!(row["deposits_30d"], "0.00");
    assert_eq!(row["tier"], "Bronze");
    assert_eq!(row["vip"], false);
    let (status, body) = app
        .get("/api/v1/admin/vip/players?sort=email", Some(&vip))
        .await;
    assert_eq!(status, 422);
    assert!(field(&body, "sort"), "{body}");
    let (status, body) = app
        .get("/api/v1/admin/vip/players?vip=maybe", Some(&vip))
        .await;
    assert_eq!(status, 400, "{body}");

    let (status, view) = app.get(&base, Some(&vip)).await;
    assert_eq!(status, 200, "{view}");
    for key in [
        "player_id",
        "email",
        "tier",
        "tier_override",
        "points",
        "vip",
        "manager_id",
        "wallet",
        "bonuses",
        "recent_bets",
        "responsible_gaming",
        "notes",
        "deposits_30d",
        "ggr_30d",
        "loyalty",
        "tasks",
        "checks",
        "self_excluded",
    ] {
        assert!(view.get(key).is_some(), "{key} missing in the 360");
    }
    assert_eq!(view["wallet"]["currency"], "EUR");
    let (status, _) = app
        .get(
            &format!("/api/v1/admin/vip/players/{}", uuid::Uuid::now_v7()),
            Some(&vip),
        )
        .await;
    assert_eq!(status, 404);

    // Points: a reason is required, the balance never goes below zero.
    let (status, body) = app
        .post(&format!("{base}/points"), json!({"points": 50}), Some(&vip))
        .await;
    assert_eq!(status, 422);
    assert!(field(&body, "reason"), "{body}");
    let (status, body) = app
        .post(
            &format!("{base}/points"),
            json!({"points": 50, "reason": "Goodwill"}),
            Some(&vip),
        )
        .await;
    assert_eq!((status, body["points"].as_i64()), (200, Some(50)), "{body}");
    let (status, body) = app
        .post(
            &format!("{base}/points"),
            json!({"points": -60, "reason": "Correction"}),
            Some(&vip),
        )
        .await;
    assert_eq!(status, 422, "{body}");

    // Tier override.
    let until = (chrono::Utc::now() + chrono::TimeDelta::days(30)).to_rfc3339();
    let (status, body) = put(
        &app,
        &format!("{base}/tier"),
        json!({"tier": "Diamond", "until": until}),
        &vip,
    )
    .await;
    assert_eq!(status, 422);
    assert!(field(&body, "tier"), "{body}");
    let (status, body) = put(
        &app,
        &format!("{base}/tier"),
        json!({"tier": "Gold", "until": until}),
        &vip,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["tier"], "Gold");
    assert_eq!(body["tier_override"]["tier"], "Gold");

    // Manager assignment.
    let (status, body) = put(
        &app,
        &format!("{base}/manager"),
        json!({"manager_id": compliance_id}),
        &vip,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("not_vip_manager")),
        "{body}"
    );
    let (status, body) = put(
        &app,
        &format!("{base}/manager"),
        json!({"manager_id": manager_id}),
        &vip,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["manager_id"], manager_id.as_str());
    let (_, mine) = app
        .get(
            &format!("/api/v1/admin/vip/players?manager_id={manager_id}"),
            Some(&vip),
        )
        .await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1, "{mine}");

    // Notes and tasks.
    let (status, note) = app
        .post(
            &format!("{base}/notes"),
            json!({"text": "Met at the Malta event."}),
            Some(&vip),
        )
        .await;
    assert_eq!(status, 201, "{note}");
    for key in ["note_id", "text", "author", "created_at"] {
        assert!(note.get(key).is_some(), "{key} missing in {note}");
    }
    let (status, task) = app
        .post(
            &format!("{base}/tasks"),
            json!({"title": "Call back", "due_at": "2030-01-31"}),
            Some(&vip),
        )
        .await;
    assert_eq!(status, 201, "{task}");
    let task_id = task["task_id"].as_str().unwrap();
    let (status, done) = put(
        &app,
        &format!("/api/v1/admin/vip/tasks/{task_id}"),
        json!({"done": true}),
        &vip,
    )
    .await;
    assert_eq!(
        (status, done["done"].as_bool()),
        (200, Some(true)),
        "{done}"
    );

    // Designation needs a passing check first.
    let (status, body) = put(
        &app,
        &format!("{base}/vip"),
        json!({"vip": true, "reason": "High value"}),
        &vip,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("checks_required")),
        "{body}"
    );
    let (status, check) = app
        .post(
            &format!("{base}/checks"),
            json!({"affordability_reviewed": true, "source_of_funds_verified": true,
                   "harm_markers_reviewed": true, "rg_state_reviewed": true,
                   "outcome": "pass", "evidence": "Payslips and bank statements reviewed."}),
            Some(&vip),
        )
        .await;
    assert_eq!(status, 201, "{check}");
    let (status, body) = put(
        &app,
        &format!("{base}/vip"),
        json!({"vip": true, "reason": "High value"}),
        &vip,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["vip"], true);
    let (_, vips) = app
        .get("/api/v1/admin/vip/players?vip=true", Some(&vip))
        .await;
    assert_eq!(vips["items"].as_array().unwrap().len(), 1, "{vips}");

    let (status, reports) = app
        .get("/api/v1/admin/vip/reports?days=90", Some(&vip))
        .await;
    assert_eq!(status, 200, "{reports}");
    assert_eq!(reports["points_flow"].as_array().unwrap().len(), 90);
    assert_eq!(reports["vip_players"], 1);

    // Every change is in the audit log with its author.
    let admin = app.admin_token().await;
    let (status, audit) = app
        .get("/api/v1/admin/audit-log?limit=100", Some(&admin))
        .await;
    assert_eq!(status, 200, "{audit}");
    let text = audit.to_string();
    for action in [
        "vip.points_adjusted",
        "vip.tier_override",
        "vip.manager_assigned",
        "vip.note_added",
        "vip.task_created",
        "vip.task_updated",
        "vip.check_recorded",
        "vip.designation",
    ] {
        assert!(text.contains(action), "{action} not audited");
    }
}

#[tokio::test]
async fn self_excluded_players_are_flagged_and_refused() {
    let app = spawn().await;
    let (manager_id, vip) = staff(&app, &["vip_manager"]).await;
    programme(&app, &vip).await;
    let (player, token) = app.register(&unique_email("vip-excluded")).await;
    let (status, body) = app
        .post(
            "/api/v1/responsible-gaming/exclusions",
            json!({"kind": "time_out", "days": 7}),
            Some(&token),
        )
        .await;
    assert!(status == 200 || status == 201, "{status} {body}");
    let base = format!("/api/v1/admin/vip/players/{player}");
    let until = (chrono::Utc::now() + chrono::TimeDelta::days(30)).to_rfc3339();
    let refused = [
        app.post(
            &format!("{base}/points"),
            json!({"points": 10, "reason": "Promo"}),
            Some(&vip),
        )
        .await,
        put(
            &app,
            &format!("{base}/tier"),
            json!({"tier": "Gold", "until": until}),
            &vip,
        )
        .await,
        put(
            &app,
            &format!("{base}/manager"),
            json!({"manager_id": manager_id}),
            &vip,
        )
        .await,
        put(
            &app,
            &format!("{base}/vip"),
            json!({"vip": true, "reason": "x"}),
            &vip,
        )
        .await,
    ];
    for (status, body) in refused {
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (403, Some("self_excluded")),
            "{body}"
        );
    }
    let (_, view) = app.get(&base, Some(&vip)).await;
    assert_eq!(view["self_excluded"], true);
    assert_eq!(view["responsible_gaming"]["self_excluded"], true);
    assert_eq!(view["points"], 0);
    let (_, list) = app.get("/api/v1/admin/vip/players", Some(&vip)).await;
    let row = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["player_id"] == player.as_str())
        .unwrap()
        .clone();
    assert_eq!(row["self_excluded"], true);
}
