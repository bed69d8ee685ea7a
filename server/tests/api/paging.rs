//! Cursor paging of the lists (API.md "Paging"): each list walked page by
//! page with `limit` and `next_cursor` gives every item once, in the list's
//! order (newest first; the KYC queue oldest first), exactly as one big
//! page does; a cursor the server did not make is 422 `validation_failed`
//! on `cursor`, a `limit` out of range 422 on `limit`. Walked here: wallet
//! transactions, casino rounds, the player search, the audit trail, a
//! player's ledger, loss alerts, exclusions in force, the FX rate history,
//! the KYC queue, and a player's own exclusions, limit history and KYC
//! submissions, and the campaigns. `GET /bets` and the odds history are
//! walked in sportsbook.rs.

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
/// answered under `list`, `limit` items a page, following `next_cursor`
/// until it is null.
async fn walk_list(
    app: &Lists,
    token: &str,
    base: &str,
    list: &str,
    limit: u64,
) -> Vec<Vec<Value>> {
    let sep = if base.contains('?') { '&' } else { '?' };
    let mut path = format!("{base}{sep}limit={limit}");
    let mut pages = Vec::new();
    loop {
        assert!(pages.len() < 50, "paging {base} does not end");
        let (status, page) = app.get(&path, Some(token)).await;
        assert_eq!(status, 200, "{path}: {page}");
        let items = page[list].as_array().expect("items").clone();
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
    walk_checked_by(app, token, base, "items", |i| i[id].to_string()).await
}

/// [`walk_checked`] of the list answered under `list`, its items told
/// apart by `key`.
async fn walk_checked_by(
    app: &Lists,
    token: &str,
    base: &str,
    list: &str,
    key: impl Fn(&Value) -> String,
) -> Vec<Value> {
    let pages = walk_list(app, token, base, list, 2).await;
    for page in &pages[..pages.len() - 1] {
        assert_eq!(page.len(), 2, "only the last page may be short");
    }
    let walked: Vec<Value> = pages.into_iter().flatten().collect();
    let ids: Vec<String> = walked.iter().map(&key).collect();
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "an item came twice: {ids:?}");
    let all = walk_list(app, token, base, list, 100).await;
    assert_eq!(all.len(), 1, "one page holds everything");
    let everything: Vec<String> = all[0].iter().map(&key).collect();
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

/// A cursor of the shared format that names no item of any list.
fn cursor_of_nothing() -> String {
    hex::encode(format!("1765000000000000000:{}", uuid::Uuid::now_v7()))
}

/// Asserts that `path` is 422 `validation_failed` on `field`.
async fn refused_on(lists: &Lists, token: &str, path: &str, field: &str) {
    let (status, body) = lists.get(path, Some(token)).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("validation_failed")),
        "{path}: {body}"
    );
    assert!(
        body["error"]["details"]["fields"][field].is_string(),
        "{path}: {body}"
    );
}

#[tokio::test]
async fn a_players_ledger_pages_with_a_cursor_down_the_chain() {
    let app = spawn().await;
    let (player, token) = app.register(&unique_email("paged-ledger")).await;
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
    let admin = app.admin_token().await;
    let lists = Lists::of(&app);
    let base = format!("/api/v1/admin/players/{player}/ledger");
    let items = walk_checked(&lists, &admin, &base, "id").await;
    // The whole chain, newest first: sequences count down to 1.
    let seqs: Vec<i64> = items.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    let chain: Vec<i64> = (1..=seqs.len() as i64).rev().collect();
    assert_eq!(seqs, chain);
    assert!(seqs.len() >= 5, "{seqs:?}");
    assert_newest_first(&items, "created_at");
    refuses_bad_cursor_and_limit(&lists, &admin, &base).await;

    // The legacy keyset still answers, alongside the cursor.
    let (_, first) = app.get(&format!("{base}?limit=2"), Some(&admin)).await;
    assert_eq!(first["next_before_seq"], json!(seqs[1]));
    let next = first["next_cursor"].as_str().unwrap();
    let (_, by_seq) = app
        .get(
            &format!("{base}?limit=2&before_seq={}", seqs[1]),
            Some(&admin),
        )
        .await;
    let (_, by_cursor) = app
        .get(&format!("{base}?limit=2&cursor={next}"), Some(&admin))
        .await;
    assert_eq!(by_seq["items"], by_cursor["items"]);
    refused_on(
        &lists,
        &admin,
        &format!("{base}?cursor={next}&before_seq=3"),
        "before_seq",
    )
    .await;
    // A cursor of another chain, or of nothing, names no entry here.
    let (other, other_token) = app.register(&unique_email("other-ledger")).await;
    app.post(
        "/api/v1/wallet/deposits",
        json!({"amount": "1.00", "method": "sandbox"}),
        Some(&other_token),
    )
    .await;
    let (_, theirs) = app
        .get(
            &format!("/api/v1/admin/players/{other}/ledger?limit=1"),
            Some(&admin),
        )
        .await;
    let foreign = theirs["next_cursor"].as_str().unwrap();
    refused_on(
        &lists,
        &admin,
        &format!("{base}?cursor={foreign}"),
        "cursor",
    )
    .await;
    let nothing = cursor_of_nothing();
    refused_on(
        &lists,
        &admin,
        &format!("{base}?cursor={nothing}"),
        "cursor",
    )
    .await;
}

#[tokio::test]
async fn loss_alerts_page_with_a_cursor_newest_first() {
    let app = spawn().await;
    let stake =
        domain::money::Money::parse_positive("25.00", domain::money::Currency::EUR).unwrap();
    let mut alerted = Vec::new();
    for n in 0..5 {
        let (player, token) = app.register(&unique_email(&format!("alerted{n}"))).await;
        let (status, body) = crate::common::put(
            &app,
            "/api/v1/responsible-gaming/settings",
            json!({"loss_alert": "20.00", "loss_alert_period": "day"}),
            &token,
        )
        .await;
        assert_eq!(status, 200, "{body}");
        engine::compliance::record_play(
            &app.db.db,
            uuid::Uuid::parse_str(&player).unwrap(),
            domain::compliance::ActivityKind::Stake,
            stake,
            "round:paged",
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        alerted.push(json!(player));
    }
    let admin = app.admin_token().await;
    let lists = Lists::of(&app);
    let base = "/api/v1/admin/loss-alerts";
    let items = walk_checked(&lists, &admin, base, "id").await;
    let players: Vec<Value> = items.iter().map(|a| a["player_id"].clone()).collect();
    alerted.reverse();
    assert_eq!(players, alerted, "one alert each, newest first");
    assert!(items.iter().all(|a| a["net_loss"] == "25.00"), "{items:?}");
    assert_newest_first(&items, "created_at");
    refuses_bad_cursor_and_limit(&lists, &admin, base).await;
    let (_, player) = app.register(&unique_email("nosy-alerts")).await;
    let (status, _) = lists.get(base, Some(&player)).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn exclusions_in_force_page_with_a_cursor_newest_first() {
    let app = spawn().await;
    let mut excluded = Vec::new();
    for n in 0..5 {
        let (player, token) = app.register(&unique_email(&format!("excluded{n}"))).await;
        let (status, body) = app
            .post(
                "/api/v1/responsible-gaming/exclusions",
                json!({"kind": "time_out", "days": n + 1}),
                Some(&token),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        excluded.push(json!(player));
    }
    let admin = app.admin_token().await;
    let lists = Lists::of(&app);
    let base = "/api/v1/admin/exclusions";
    let items = walk_checked(&lists, &admin, base, "player_id").await;
    let players: Vec<Value> = items.iter().map(|e| e["player_id"].clone()).collect();
    excluded.reverse();
    assert_eq!(players, excluded);
    assert!(items.iter().all(|e| e["kind"] == "time_out"), "{items:?}");
    assert_newest_first(&items, "started_at");
    refuses_bad_cursor_and_limit(&lists, &admin, base).await;
}

#[tokio::test]
async fn the_fx_rate_history_pages_with_a_cursor_newest_day_then_by_currency() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let ecb = include_str!("../fixtures/ecb-eurofxref-daily.xml");
    // The fixture's day, and the same rates published for the day before.
    for xml in [ecb.to_owned(), ecb.replace("2026-11-30", "2026-11-27")] {
        let res = app
            .client
            .post(app.url("/api/v1/admin/fx/ecb"))
            .bearer_auth(&admin)
            .header("content-type", "application/xml")
            .body(xml)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
    }
    let lists = Lists::of(&app);
    let key = |r: &Value| {
        format!(
            "{}/{}/{}/{}",
            r["rate_date"], r["quote"], r["base"], r["source"]
        )
    };
    let base = "/api/v1/admin/fx/rates";
    let rows = walk_checked_by(&lists, &admin, base, "history", key).await;
    let order: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r["rate_date"].to_string(), r["quote"].to_string()))
        .collect();
    let mut expected = order.clone();
    expected.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    assert_eq!(order, expected, "newest day first, then by quote");
    let days: HashSet<&str> = rows
        .iter()
        .map(|r| r["rate_date"].as_str().unwrap())
        .collect();
    assert_eq!(days, HashSet::from(["2026-11-30", "2026-11-27"]));
    assert_eq!(rows.len() % 2, 0, "the same currencies on both days");
    // `latest` is the newest day on every page.
    let (_, first) = app.get(&format!("{base}?limit=2"), Some(&admin)).await;
    let next = first["next_cursor"].as_str().unwrap();
    let (_, second) = app
        .get(&format!("{base}?limit=2&cursor={next}"), Some(&admin))
        .await;
    assert_eq!(first["latest"], second["latest"]);
    assert_eq!(first["latest"].as_array().unwrap().len(), rows.len() / 2);
    // One quote currency pages the same way.
    let usd = walk_checked_by(&lists, &admin, &format!("{base}?quote=USD"), "history", key).await;
    let usd_days: Vec<&str> = usd
        .iter()
        .map(|r| r["rate_date"].as_str().unwrap())
        .collect();
    assert_eq!(usd_days, ["2026-11-30", "2026-11-27"]);
    refuses_bad_cursor_and_limit(&lists, &admin, base).await;
    let nothing = cursor_of_nothing();
    refused_on(
        &lists,
        &admin,
        &format!("{base}?cursor={nothing}"),
        "cursor",
    )
    .await;
}

#[tokio::test]
async fn the_kyc_queue_pages_with_a_cursor_oldest_first() {
    let app = spawn().await;
    let mut submitted = Vec::new();
    for n in 0..5 {
        let (_, token) = app.register(&unique_email(&format!("queued{n}"))).await;
        // A document number ending in 0 waits for a person in the sandbox.
        let (status, sub) = app
            .post(
                "/api/v1/kyc/submissions",
                json!({"document_type": "passport", "document_country": "MT",
                       "document_number": format!("P12345{n}0"), "full_name": "Ada Lovelace"}),
                Some(&token),
            )
            .await;
        assert_eq!(status, 201, "{sub}");
        submitted.push(sub["id"].clone());
    }
    let admin = app.admin_token().await;
    let lists = Lists::of(&app);
    let base = "/api/v1/admin/kyc/queue";
    let items = walk_checked(&lists, &admin, base, "id").await;
    let ids: Vec<Value> = items.iter().map(|s| s["id"].clone()).collect();
    assert_eq!(ids, submitted, "oldest first, the order they are worked");
    let mut oldest_first = items.clone();
    oldest_first.reverse();
    assert_newest_first(&oldest_first, "created_at");
    refuses_bad_cursor_and_limit(&lists, &admin, base).await;
}

#[tokio::test]
async fn a_players_own_exclusions_limit_history_and_kyc_page_with_a_cursor() {
    let app = spawn().await;
    let (_, token) = app.register(&unique_email("own-lists")).await;
    let lists = Lists::of(&app);
    // Each lower deposit limit applies at once and is one history row.
    for amount in ["50.00", "40.00", "30.00", "20.00", "10.00"] {
        let (status, body) = crate::common::put(
            &app,
            "/api/v1/responsible-gaming/limits",
            json!({"kind": "deposit", "period": "day", "amount": amount}),
            &token,
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    let base = "/api/v1/responsible-gaming/history";
    let key = |c: &Value| format!("{}/{}", c["created_at"], c["new_amount"]);
    let items = walk_checked_by(&lists, &token, base, "items", key).await;
    let amounts: Vec<&str> = items
        .iter()
        .map(|c| c["new_amount"].as_str().unwrap())
        .collect();
    assert_eq!(amounts, ["10.00", "20.00", "30.00", "40.00", "50.00"]);
    assert_newest_first(&items, "created_at");
    refuses_bad_cursor_and_limit(&lists, &token, base).await;

    // The player's one submission: a full page of one, then the end.
    let (status, sub) = app
        .post(
            "/api/v1/kyc/submissions",
            json!({"document_type": "passport", "document_country": "MT",
                   "document_number": "P1234560", "full_name": "Ada Lovelace"}),
            Some(&token),
        )
        .await;
    assert_eq!(status, 201, "{sub}");
    let base = "/api/v1/kyc/submissions";
    let items = walk_checked(&lists, &token, base, "id").await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], sub["id"]);
    refuses_bad_cursor_and_limit(&lists, &token, base).await;

    // Each longer time-out is a new exclusion (last: they stop play).
    for days in 1..=5 {
        let (status, body) = app
            .post(
                "/api/v1/responsible-gaming/exclusions",
                json!({"kind": "time_out", "days": days}),
                Some(&token),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    let base = "/api/v1/responsible-gaming/exclusions";
    let key = |e: &Value| e["until"].to_string();
    let items = walk_checked_by(&lists, &token, base, "items", key).await;
    assert_eq!(items.len(), 5, "{items:?}");
    let ends: Vec<&str> = items.iter().map(|e| e["until"].as_str().unwrap()).collect();
    assert!(
        ends.windows(2).all(|w| w[0] > w[1]),
        "newest first: {ends:?}"
    );
    refuses_bad_cursor_and_limit(&lists, &token, base).await;
}

#[tokio::test]
async fn campaigns_page_with_a_cursor_newest_first() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let mut created = Vec::new();
    for n in 0..5 {
        let (status, body) = app
            .post(
                "/api/v1/admin/campaigns",
                json!({"name": format!("Paged {n}"), "trigger": {"event": "deposit"},
                       "reward": {"kind": "cash", "amount": "1.00"}}),
                Some(&admin),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        created.push(body["campaign_id"].clone());
    }
    let lists = Lists::of(&app);
    let base = "/api/v1/admin/campaigns";
    let items = walk_checked(&lists, &admin, base, "campaign_id").await;
    let ids: Vec<Value> = items.iter().map(|c| c["campaign_id"].clone()).collect();
    created.reverse();
    assert_eq!(ids, created);
    assert_newest_first(&items, "created_at");
    refuses_bad_cursor_and_limit(&lists, &admin, base).await;
}
