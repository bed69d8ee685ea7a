//! Cursor paging of the lists (API.md "Paging"): each list walked page by
//! page with `limit` and `next_cursor` gives every item once, newest
//! first, exactly as one big page does; a cursor the server did not make
//! is 422 `validation_failed` on `cursor`, a `limit` out of range 422 on
//! `limit`. `GET /bets` and the odds history are walked in sportsbook.rs.

use std::collections::HashSet;

use serde_json::{Value, json};

use crate::common::{TestApp, spawn, unique_email};

/// Where the lists are served: the app, or (for a handler not yet routed)
/// a server of its own on the app's state.
struct Lists {
    http: reqwest::Client,
    root: String,
}

impl Lists {
    fn of(app: &TestApp) -> Self {
        Self {
            http: app.client.clone(),
            root: app.base.clone(),
        }
    }

    async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let mut req = self.http.get(format!("{}{path}", self.root));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }
}

/// Every page of the list at `base` (which may carry a query string),
/// `limit` items a page, following `next_cursor` until it is null.
async fn walk(app: &Lists, token: &str, base: &str, limit: u64) -> Vec<Vec<Value>> {
    let sep = if base.contains('?') { '&' } else { '?' };
    let mut path = format!("{base}{sep}limit={limit}");
    let mut pages = Vec::new();
    loop {
        assert!(pages.len() < 50, "paging {base} does not end");
        let (status, page) = app.get(&path, Some(token)).await;
        assert_eq!(status, 200, "{path}: {page}");
        let items = page["items"].as_array().expect("items").clone();
        assert!(items.len() as u64 <= limit, "{path}: {page}");
        pages.push(items);
        match page["next_cursor"].as_str() {
            Some(next) => path = format!("{base}{sep}limit={limit}&cursor={next}"),
            None => break,
        }
    }
    pages
}

/// Walks `base` two items a page and checks the walk against one page of
/// everything: the same items in the same order, none twice, every page
/// but the last full. Returns the items in order.
async fn walk_checked(app: &Lists, token: &str, base: &str, id: &str) -> Vec<Value> {
    let pages = walk(app, token, base, 2).await;
    for page in &pages[..pages.len() - 1] {
        assert_eq!(page.len(), 2, "only the last page may be short");
    }
    let walked: Vec<Value> = pages.into_iter().flatten().collect();
    let ids: Vec<&Value> = walked.iter().map(|i| &i[id]).collect();
    let unique: HashSet<String> = ids.iter().map(|i| i.to_string()).collect();
    assert_eq!(unique.len(), ids.len(), "an item came twice: {ids:?}");
    let all = walk(app, token, base, 100).await;
    assert_eq!(all.len(), 1, "one page holds everything");
    let everything: Vec<&Value> = all[0].iter().map(|i| &i[id]).collect();
    assert_eq!(ids, everything, "the walk skipped or reordered items");
    walked
}

/// Asserts `base?cursor=…` with a made-up cursor, and `limit=0`, are 422
/// `validation_failed` on the field.
async fn refuses_bad_cursor_and_limit(app: &Lists, token: &str, base: &str) {
    let sep = if base.contains('?') { '&' } else { '?' };
    for (query, field) in [
        ("cursor=nope", "cursor"),
        ("cursor=6869", "cursor"),
        ("limit=0", "limit"),
        ("limit=100000", "limit"),
    ] {
        let (status, body) = app.get(&format!("{base}{sep}{query}"), Some(token)).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (422, Some("validation_failed")),
            "{base} {query}: {body}"
        );
        assert!(
            body["error"]["details"]["fields"][field].is_string(),
            "{base} {query}: {body}"
        );
    }
}

/// Created times of `items`, which must be newest first.
fn assert_newest_first(items: &[Value], field: &str) {
    let times: Vec<chrono::DateTime<chrono::Utc>> = items
        .iter()
        .map(|i| i[field].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
}

#[tokio::test]
async fn wallet_transactions_page_with_a_cursor_and_still_take_the_legacy_before() {
    let app = spawn().await;
    let (_, token) = app.register(&unique_email("paged-wallet")).await;
    for amount in ["1.00", "2.00", "3.00", "4.00", "5.00"] {
        let (status, body) = app
            .post(
                "/api/v1/wallet/deposits",
                json!({"amount": amount, "method": "sandbox"}),
                Some(&token),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    let base = "/api/v1/wallet/transactions";
    let lists = Lists::of(&app);
    let items = walk_checked(&lists, &token, base, "id").await;
    let amounts: Vec<&str> = items
        .iter()
        .map(|i| i["amount"].as_str().unwrap())
        .collect();
    assert_eq!(amounts, ["5.00", "4.00", "3.00", "2.00", "1.00"]);
    assert_newest_first(&items, "created_at");
    refuses_bad_cursor_and_limit(&lists, &token, base).await;

    // `before`, the old name, takes an item's `cursor` (a UUID) or a
    // `next_cursor`, and means what `cursor` means.
    let (_, first) = app.get(&format!("{base}?limit=2"), Some(&token)).await;
    let next = first["next_cursor"].as_str().unwrap();
    let (_, by_cursor) = app
        .get(&format!("{base}?limit=2&cursor={next}"), Some(&token))
        .await;
    let (_, by_before) = app
        .get(&format!("{base}?limit=2&before={next}"), Some(&token))
        .await;
    let item_cursor = first["items"][1]["cursor"].as_str().unwrap();
    let (_, by_legacy) = app
        .get(
            &format!("{base}?limit=2&before={item_cursor}"),
            Some(&token),
        )
        .await;
    assert_eq!(by_cursor["items"][0]["amount"], "3.00");
    assert_eq!(by_before, by_cursor);
    assert_eq!(by_legacy, by_cursor);
    let (status, body) = app
        .get(&format!("{base}?cursor={next}&before={next}"), Some(&token))
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["details"]["fields"]["before"].is_string());
    let (status, body) = app.get(&format!("{base}?before=nope"), Some(&token)).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["details"]["fields"]["before"].is_string());
}

#[tokio::test]
async fn casino_rounds_page_with_a_cursor_newest_first() {
    let app = spawn().await;
    let (_, token) = app.register(&unique_email("paged-rounds")).await;
    let (status, body) = app
        .post(
            "/api/v1/wallet/deposits",
            json!({"amount": "50.00", "method": "sandbox"}),
            Some(&token),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let mut played = Vec::new();
    for _ in 0..5 {
        let (status, round) = app
            .post(
                "/api/v1/casino/originals/slot/rounds",
                json!({"stake": "1.00"}),
                Some(&token),
            )
            .await;
        assert_eq!(status, 201, "{round}");
        played.push(round["round_id"].clone());
    }
    let base = "/api/v1/casino/rounds";
    let lists = Lists::of(&app);
    let items = walk_checked(&lists, &token, base, "round_id").await;
    let ids: Vec<Value> = items.iter().map(|r| r["round_id"].clone()).collect();
    played.reverse();
    assert_eq!(ids, played, "newest first");
    assert_newest_first(&items, "created_at");
    refuses_bad_cursor_and_limit(&lists, &token, base).await;
}

#[tokio::test]
async fn the_player_search_pages_with_a_cursor_newest_registration_first() {
    let app = spawn().await;
    let marker = format!("pager{}", &uuid::Uuid::now_v7().simple().to_string()[20..]);
    let mut registered = Vec::new();
    for n in 0..5 {
        let (id, _) = app.register(&format!("{marker}-{n}@example.com")).await;
        registered.push(json!(id));
    }
    // Someone else, who must not match.
    app.register(&unique_email("other")).await;
    let admin = app.admin_token().await;
    let base = format!("/api/v1/admin/players?q={}", marker.to_uppercase());
    let lists = Lists::of(&app);
    let items = walk_checked(&lists, &admin, &base, "player_id").await;
    let ids: Vec<Value> = items.iter().map(|p| p["player_id"].clone()).collect();
    registered.reverse();
    assert_eq!(ids, registered);
    refuses_bad_cursor_and_limit(&lists, &admin, &base).await;
    // Staff are not players, whatever their e-mail.
    let (_, everyone) = app
        .get("/api/v1/admin/players?limit=100", Some(&admin))
        .await;
    assert!(
        everyone["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["email"] != crate::common::ADMIN_EMAIL),
        "{everyone}"
    );
}

/// Where `GET /api/v1/admin/audit-log` is served: the app once the route
/// is in its router (`server::api::router`); until then the handler
/// itself, on a server of its own over the app's state.
async fn audit_lists(app: &TestApp) -> Lists {
    let (status, _) = app.get("/api/v1/admin/audit-log", None).await;
    if status != 404 {
        return Lists::of(app);
    }
    let router = axum::Router::new()
        .route(
            "/api/v1/admin/audit-log",
            axum::routing::get(server::api::responsible_gaming::audit_log),
        )
        .with_state(app.state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    Lists {
        http: app.client.clone(),
        root: format!("http://{addr}"),
    }
}

#[tokio::test]
async fn the_audit_trail_pages_with_a_cursor_newest_first() {
    let app = spawn().await;
    let engine = &app.state.engine;
    for n in 0..5 {
        engine::audit::record(
            engine.db(),
            engine.now(),
            None,
            "test.paged",
            &format!("row:{n}"),
            json!({ "n": n }),
        )
        .await
        .unwrap();
    }
    let admin = app.admin_token().await;
    let audit = audit_lists(&app).await;
    let items = walk_checked(&audit, &admin, "/api/v1/admin/audit-log", "id").await;
    assert_newest_first(&items, "created_at");
    let mine: Vec<&str> = items
        .iter()
        .filter(|r| r["action"] == "test.paged")
        .map(|r| r["subject"].as_str().unwrap())
        .collect();
    assert_eq!(mine, ["row:4", "row:3", "row:2", "row:1", "row:0"]);
    let row = items.iter().find(|r| r["subject"] == "row:2").unwrap();
    assert_eq!(row["details"], json!({ "n": 2 }));
    refuses_bad_cursor_and_limit(&audit, &admin, "/api/v1/admin/audit-log").await;
    let (_, player) = app.register(&unique_email("nosy")).await;
    let (status, _) = audit.get("/api/v1/admin/audit-log", Some(&player)).await;
    assert_eq!(status, 403);
    let (status, _) = audit.get("/api/v1/admin/audit-log", None).await;
    assert_eq!(status, 401);
}
