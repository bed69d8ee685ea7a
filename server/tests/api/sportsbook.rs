//! The Sportsbook contract of API.md against the real app: every case of
//! `domain/tests/vectors/settlement.json` placed and settled through the API with
//! its exact lines, stakes, potential return and return (and the wallet
//! moving by exactly that), line markets settled by score, teasers, every
//! error code, related selections, the odds-change policies, resettlement
//! reversing exactly, concurrent bets never overdrawing, idempotent bets,
//! trader roles and the OpenAPI document.

use std::collections::BTreeMap;

use crate::common::{
    bet, cash, cents, event_at, event_with, funded, moneyline, put, send, settle, single, spawn,
    tomorrow, trader,
};
use chrono::{TimeDelta, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../domain/tests/vectors/settlement.json"
);

#[derive(Deserialize)]
struct Vectors {
    bets: Vec<BetCase>,
    line_legs: Vec<LineLegCase>,
    teasers: Vec<TeaserCase>,
}

#[derive(Deserialize)]
struct BetCase {
    name: String,
    kind: String,
    system: Option<String>,
    unit_stake: String,
    legs: Vec<LegCase>,
    lines: u64,
    total_stake: String,
    potential_return: String,
    #[serde(rename = "return")]
    returned: String,
}

#[derive(Deserialize)]
struct LegCase {
    odds: String,
    result: String,
    dead_heat_factor: Option<String>,
    rule4_deduction: Option<String>,
}

#[derive(Deserialize)]
struct LineLegCase {
    kind: String,
    line: String,
    side: String,
    score: [u32; 2],
    result: String,
}

#[derive(Deserialize)]
struct TeaserCase {
    name: String,
    points: String,
    unit_stake: String,
    table: BTreeMap<String, String>,
    legs: Vec<TeaserLegCase>,
    teased_lines: Vec<String>,
    leg_results: Vec<String>,
    #[serde(rename = "return")]
    returned: String,
}

#[derive(Deserialize)]
struct TeaserLegCase {
    kind: String,
    line: String,
    side: String,
    score: [u32; 2],
}

fn load() -> Vectors {
    serde_json::from_str(&std::fs::read_to_string(VECTORS).expect("settlement.json"))
        .expect("settlement.json parses")
}

fn eur(c: i64) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

/// A two-way market whose first selection has `odds`.
fn two_way(odds: &str) -> Value {
    moneyline(odds, "2.00")
}

#[tokio::test]
async fn every_bet_vector_is_placed_and_settled_through_the_api_exactly() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let vectors = load();
    let mut failures = Vec::new();
    for case in &vectors.bets {
        let (_, jwt) = funded(&app, "1000.00").await;
        let mut legs = Vec::new();
        let mut markets = Vec::new();
        for leg in &case.legs {
            let (_, market, sels) = event_with(&app, &trader, two_way(&leg.odds)).await;
            legs.push(json!({"selection_id": sels[0], "odds": leg.odds}));
            markets.push((market, sels));
        }
        let mut body = json!({"kind": case.kind, "unit_stake": case.unit_stake,
                              "legs": legs, "odds_change": "reject"});
        if let Some(system) = &case.system {
            body["system"] = json!(system);
        }
        let (status, placed) = bet(&app, &jwt, body, None).await;
        assert_eq!(status, 201, "{}: {placed}", case.name);
        let name = &case.name;
        let check = |failures: &mut Vec<String>, what: &str, got: &Value, want: String| {
            if *got != json!(want) {
                failures.push(format!("{name}: {what} = {got}, expected {want}"));
            }
        };
        if placed["lines"] != json!(case.lines) {
            failures.push(format!("{name}: lines = {}", placed["lines"]));
        }
        check(
            &mut failures,
            "total_stake",
            &placed["total_stake"],
            eur(cents(&case.total_stake)),
        );
        check(
            &mut failures,
            "potential_return",
            &placed["potential_return"],
            eur(cents(&case.potential_return)),
        );
        assert_eq!(placed["status"], "open");
        assert!(placed["return"].is_null());
        assert_eq!(
            cash(&app, &jwt).await,
            (100_000 - cents(&case.total_stake), cents(&case.total_stake))
        );
        for (leg, (market, sels)) in case.legs.iter().zip(&markets) {
            let mut first = json!({"selection_id": sels[0], "result": leg.result});
            if let Some(h) = &leg.dead_heat_factor {
                first["dead_heat_factor"] = json!(h);
            }
            if let Some(d) = &leg.rule4_deduction {
                first["rule4_deduction"] = json!(d);
            }
            let other = json!({"selection_id": sels[1], "result": "lose"});
            let (status, res) =
                settle(&app, &trader, market, json!({"outcomes": [first, other]})).await;
            assert_eq!(status, 200, "{name}: {res}");
        }
        let id = placed["bet_id"].as_str().unwrap();
        let (status, settled) = app.get(&format!("/api/v1/bets/{id}"), Some(&jwt)).await;
        assert_eq!(status, 200);
        assert_eq!(settled["status"], "settled", "{name}");
        check(
            &mut failures,
            "return",
            &settled["return"],
            eur(cents(&case.returned)),
        );
        let want_cash = 100_000 - cents(&case.total_stake) + cents(&case.returned);
        if cash(&app, &jwt).await != (want_cash, 0) {
            failures.push(format!("{name}: wallet does not show the return"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn every_line_leg_vector_settles_by_score_through_the_api() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, jwt) = funded(&app, "1000.00").await;
    for case in load().line_legs {
        let sides = if case.kind == "total" {
            ["over", "under"]
        } else {
            ["home", "away"]
        };
        let market = json!({"name": "Line", "kind": case.kind, "line": case.line, "selections": [
            {"name": "A", "side": sides[0], "odds": "2.00"},
            {"name": "B", "side": sides[1], "odds": "2.00"}]});
        let (_, market_id, sels) = event_with(&app, &trader, market).await;
        let pick = if case.side == sides[0] {
            &sels[0]
        } else {
            &sels[1]
        };
        let (status, placed) = bet(&app, &jwt, single(pick, "2.00", "10.00"), None).await;
        assert_eq!(status, 201, "{placed}");
        let (status, res) = settle(
            &app,
            &trader,
            &market_id,
            json!({"score": {"home": case.score[0], "away": case.score[1]}}),
        )
        .await;
        assert_eq!(status, 200, "{res}");
        assert_eq!(res["settled_bets"], 1);
        let id = placed["bet_id"].as_str().unwrap();
        let (_, settled) = app.get(&format!("/api/v1/bets/{id}"), Some(&jwt)).await;
        let what = format!(
            "{} {} {} at {:?}",
            case.kind, case.side, case.line, case.score
        );
        assert_eq!(settled["legs"][0]["result"], case.result, "{what}");
        let want = match case.result.as_str() {
            "win" => "20.00",
            "push" | "void" => "10.00",
            "half_win" => "15.00",
            "half_lose" => "5.00",
            _ => "0.00",
        };
        assert_eq!(settled["return"], want, "{what}");
    }
}

#[tokio::test]
async fn every_teaser_vector_is_placed_and_settled_through_the_api() {
    let app = spawn().await;
    let trader = trader(&app).await;
    for case in load().teasers {
        let (status, table) = put(
            &app,
            &format!("/api/v1/admin/teaser-tables/{}", case.points),
            json!({"prices": case.table}),
            &trader,
        )
        .await;
        assert_eq!(status, 200, "{table}");
        let (_, jwt) = funded(&app, "100.00").await;
        let mut legs = Vec::new();
        let mut markets = Vec::new();
        for leg in &case.legs {
            let (sides, market_line) = match leg.kind.as_str() {
                "total" => (["over", "under"], leg.line.clone()),
                // A teaser leg's line is the selection's own; the market's is home's.
                _ if leg.side == "away" => (["home", "away"], negate(&leg.line)),
                _ => (["home", "away"], leg.line.clone()),
            };
            let market = json!({"name": "Line", "kind": leg.kind, "line": market_line, "selections": [
                {"name": "A", "side": sides[0], "odds": "1.91"},
                {"name": "B", "side": sides[1], "odds": "1.91"}]});
            let (_, market_id, sels) = event_with(&app, &trader, market).await;
            let pick = if leg.side == sides[0] {
                &sels[0]
            } else {
                &sels[1]
            };
            legs.push(json!({"selection_id": pick}));
            markets.push((market_id, leg.score));
        }
        let (status, placed) = bet(
            &app,
            &jwt,
            json!({"kind": "teaser", "teaser_points": case.points, "unit_stake": case.unit_stake,
                   "legs": legs, "odds_change": "reject"}),
            None,
        )
        .await;
        assert_eq!(status, 201, "{}: {placed}", case.name);
        assert_eq!(placed["lines"], 1);
        let teased: Vec<f64> = placed["legs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["line"].as_str().unwrap().parse().unwrap())
            .collect();
        let want: Vec<f64> = case
            .teased_lines
            .iter()
            .map(|l| l.parse().unwrap())
            .collect();
        assert_eq!(teased, want, "{}", case.name);
        for (market_id, score) in &markets {
            let (status, res) = settle(
                &app,
                &trader,
                market_id,
                json!({"score": {"home": score[0], "away": score[1]}}),
            )
            .await;
            assert_eq!(status, 200, "{res}");
        }
        let id = placed["bet_id"].as_str().unwrap();
        let (_, settled) = app.get(&format!("/api/v1/bets/{id}"), Some(&jwt)).await;
        let results: Vec<String> = settled["legs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["result"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(results, case.leg_results, "{}", case.name);
        assert_eq!(
            settled["return"],
            eur(cents(&case.returned)),
            "{}",
            case.name
        );
        assert_eq!(
            cash(&app, &jwt).await,
            (10_000 - cents(&case.unit_stake) + cents(&case.returned), 0)
        );
    }
}

fn negate(line: &str) -> String {
    match line.strip_prefix('-') {
        Some(rest) => rest.to_owned(),
        None => format!("-{}", line.trim_start_matches('+')),
    }
}

#[tokio::test]
async fn the_catalog_lists_events_with_markets_and_hides_nothing_needed() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (event, _, sels) = event_with(&app, &trader, two_way("2.50")).await;
    assert_eq!(event["sport"], "Football");
    assert_eq!(event["competition"], "Test League");
    assert_eq!(event["status"], "scheduled");
    let market = &event["markets"][0];
    assert_eq!(market["kind"], "moneyline");
    assert!(market["line"].is_null());
    assert_eq!(market["status"], "open");
    assert_eq!(market["selections"][0]["odds"], "2.50");
    assert!(market["selections"][0]["side"].is_null());
    assert_eq!(market["selections"][0]["status"], "open");
    let (status, list) = app.get("/api/v1/events", None).await;
    assert_eq!(status, 200);
    assert!(
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == event["id"])
    );
    let id = event["id"].as_str().unwrap();
    let (status, one) = app.get(&format!("/api/v1/events/{id}"), None).await;
    assert_eq!((status, &one["id"]), (200, &event["id"]));
    let (status, body) = app
        .get(&format!("/api/v1/events/{}", uuid::Uuid::now_v7()), None)
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
    let (status, _) = app.get("/api/v1/events/not-an-id", None).await;
    assert_eq!(status, 404);

    // Odds moves answer the selection and are kept in the history.
    let (status, sel) = put(
        &app,
        &format!("/api/v1/admin/selections/{}/odds", sels[0]),
        json!({"odds": "2.40"}),
        &trader,
    )
    .await;
    assert_eq!((status, sel["odds"].as_str()), (200, Some("2.40")));
    let (status, history) = app
        .get(
            &format!("/api/v1/admin/selections/{}/odds-history", sels[0]),
            Some(&trader),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(history["items"][0]["odds"], "2.40");
    assert_eq!(history["items"][0]["previous_odds"], "2.50");
    let (status, body) = put(
        &app,
        &format!("/api/v1/admin/selections/{}/odds", sels[0]),
        json!({"odds": "1.00"}),
        &trader,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("validation_failed"))
    );
}

#[tokio::test]
async fn odds_history_pages_through_a_cursor_seeing_each_point_once() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, _, sels) = event_with(&app, &trader, two_way("2.00")).await;
    let moves = ["2.10", "2.20", "2.30", "2.40", "2.50"];
    for odds in moves {
        crate::common::set_odds(&app, &trader, &sels[0], odds).await;
    }
    let base = format!("/api/v1/admin/selections/{}/odds-history", sels[0]);
    let mut seen = Vec::new();
    let mut path = format!("{base}?limit=2");
    for page_no in 0.. {
        assert!(page_no < 10, "paging does not end");
        let (status, page) = app.get(&path, Some(&trader)).await;
        assert_eq!(status, 200, "{page}");
        let items = page["items"].as_array().unwrap();
        seen.extend(items.iter().map(|p| p["odds"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(next) => path = format!("{base}?limit=2&cursor={next}"),
            None => break,
        }
    }
    // Newest first: the five moves, then the odds it was created with.
    assert_eq!(seen, ["2.50", "2.40", "2.30", "2.20", "2.10", "2.00"]);
    let (_, all) = app.get(&base, Some(&trader)).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 6);
    assert!(all["next_cursor"].is_null(), "{all}");
    let (status, body) = app.get(&format!("{base}?cursor=nope"), Some(&trader)).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("validation_failed"))
    );
    let (status, _) = app.get(&format!("{base}?limit=0"), Some(&trader)).await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn only_traders_and_admins_trade_and_players_need_a_token_to_bet() {
    let app = spawn().await;
    let (_, jwt) = funded(&app, "10.00").await;
    let body = json!({"sport": "Tennis", "competition": "Open", "name": "A v B",
                      "starts_at": tomorrow(), "markets": [two_way("1.50")]});
    let (status, res) = app
        .post("/api/v1/admin/events", body.clone(), Some(&jwt))
        .await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );
    let (status, _) = app.post("/api/v1/admin/events", body.clone(), None).await;
    assert_eq!(status, 401);
    let admin = app.admin_token().await;
    let (status, event) = app.post("/api/v1/admin/events", body, Some(&admin)).await;
    assert_eq!(status, 201, "{event}");
    let market = event["markets"][0]["id"].as_str().unwrap();
    for path in ["suspend", "resume"] {
        let (status, _) = app
            .post(
                &format!("/api/v1/admin/markets/{market}/{path}"),
                json!({}),
                Some(&jwt),
            )
            .await;
        assert_eq!(status, 403);
    }
    let sel = event["markets"][0]["selections"][0]["id"].as_str().unwrap();
    let (status, _) = app
        .post("/api/v1/bets", single(sel, "1.50", "1.00"), None)
        .await;
    assert_eq!(status, 401);
    // A trader cannot bet.
    let (status, res) = bet(&app, &admin, single(sel, "1.50", "1.00"), None).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );
}

#[tokio::test]
async fn market_creation_is_validated() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let bad_markets = [
        json!({"name": "X", "kind": "nonsense", "selections": [{"name": "a", "odds": "2.00"}, {"name": "b", "odds": "2.00"}]}),
        json!({"name": "X", "kind": "total", "selections": [{"name": "a", "side": "over", "odds": "2.00"}, {"name": "b", "side": "under", "odds": "2.00"}]}),
        json!({"name": "X", "kind": "spread", "line": "-0.25", "selections": [{"name": "a", "side": "home", "odds": "2.00"}, {"name": "b", "side": "away", "odds": "2.00"}]}),
        json!({"name": "X", "kind": "total", "line": "2.5", "selections": [{"name": "a", "side": "over", "odds": "2.00"}, {"name": "b", "side": "over", "odds": "2.00"}]}),
        json!({"name": "X", "kind": "moneyline", "line": "1", "selections": [{"name": "a", "odds": "2.00"}, {"name": "b", "odds": "2.00"}]}),
        json!({"name": "X", "kind": "moneyline", "selections": [{"name": "a", "odds": "0.90"}, {"name": "b", "odds": "2.00"}]}),
        json!({"name": "X", "kind": "moneyline", "selections": [{"name": "a", "odds": "2.00"}]}),
    ];
    for market in bad_markets {
        let (status, res) = app
            .post(
                "/api/v1/admin/events",
                json!({"sport": "F", "competition": "C", "name": "A v B",
                       "starts_at": tomorrow(), "markets": [market]}),
                Some(&trader),
            )
            .await;
        assert_eq!(status, 422, "{res}");
        assert_eq!(res["error"]["code"], "validation_failed");
    }
    let (status, res) = app
        .post(
            "/api/v1/admin/events",
            json!({"sport": "F", "competition": "C", "name": "A v B", "starts_at": "tomorrow"}),
            Some(&trader),
        )
        .await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (422, Some("validation_failed"))
    );
    let (status, res) = app
        .post("/api/v1/admin/events", json!({"sport": 5}), Some(&trader))
        .await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (400, Some("bad_request"))
    );
}

#[tokio::test]
async fn settlement_outcomes_must_name_every_selection_once_and_settle_once() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, market, sels) = event_with(&app, &trader, two_way("2.00")).await;
    let unknown = uuid::Uuid::now_v7().to_string();
    for outcomes in [
        json!([{"selection_id": sels[0], "result": "win"}]),
        json!([{"selection_id": sels[0], "result": "win"}, {"selection_id": sels[0], "result": "lose"}]),
        json!([{"selection_id": sels[0], "result": "win"}, {"selection_id": unknown, "result": "lose"}]),
        json!([{"selection_id": sels[0], "result": "win"}, {"selection_id": sels[1], "result": "lose"},
               {"selection_id": unknown, "result": "lose"}]),
        json!([{"selection_id": sels[0], "result": "lose", "dead_heat_factor": "0.5"},
               {"selection_id": sels[1], "result": "win"}]),
        json!([{"selection_id": sels[0], "result": "won"}, {"selection_id": sels[1], "result": "lose"}]),
    ] {
        let (status, res) = settle(&app, &trader, &market, json!({"outcomes": outcomes})).await;
        assert_eq!(status, 422, "{outcomes}: {res}");
        assert_eq!(res["error"]["code"], "validation_failed");
    }
    // Score settles line markets only.
    let (status, res) = settle(
        &app,
        &trader,
        &market,
        json!({"score": {"home": 1, "away": 0}}),
    )
    .await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (422, Some("validation_failed"))
    );
    let (status, res) = app
        .post(&format!("/api/v1/admin/markets/{market}/resettle"),
            json!({"outcomes": [{"selection_id": sels[0], "result": "win"}, {"selection_id": sels[1], "result": "lose"}]}),
            Some(&trader))
        .await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (409, Some("not_settled"))
    );
    let good = json!({"outcomes": [{"selection_id": sels[0], "result": "win"},
                                   {"selection_id": sels[1], "result": "lose"}]});
    let (status, res) = settle(&app, &trader, &market, good.clone()).await;
    assert_eq!(status, 200, "{res}");
    assert_eq!(res["market_id"], json!(market));
    assert_eq!(res["settled_bets"], 0);
    let (status, res) = settle(&app, &trader, &market, good).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (409, Some("already_settled"))
    );
    let (status, _) = settle(
        &app,
        &trader,
        &uuid::Uuid::now_v7().to_string(),
        json!({"score": {"home": 1, "away": 0}}),
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn bets_are_refused_with_the_contract_codes() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, jwt) = funded(&app, "5.00").await;
    let (event, market, sels) = event_with(&app, &trader, two_way("2.00")).await;

    // Not enough cash.
    let (status, res) = bet(&app, &jwt, single(&sels[0], "2.00", "5.01"), None).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (422, Some("insufficient_funds"))
    );
    // Bad stakes and shapes.
    for body in [
        single(&sels[0], "2.00", "0.00"),
        single(&sels[0], "2.00", "1.001"),
        single(&sels[0], "2.00", "-1.00"),
        json!({"kind": "single", "unit_stake": "1.00", "legs": []}),
        json!({"kind": "accumulator", "unit_stake": "1.00", "legs": [{"selection_id": sels[0], "odds": "2.00"}]}),
        json!({"kind": "system", "system": "yankee", "unit_stake": "1.00", "legs": [{"selection_id": sels[0], "odds": "2.00"}]}),
        json!({"kind": "system", "unit_stake": "1.00", "legs": [{"selection_id": sels[0], "odds": "2.00"}]}),
        json!({"kind": "single", "unit_stake": "1.00", "legs": [{"selection_id": sels[0]}]}),
        json!({"kind": "single", "unit_stake": "1.00", "legs": [{"selection_id": "nope", "odds": "2.00"}]}),
        json!({"kind": "single", "unit_stake": "1.00", "legs": [{"selection_id": uuid::Uuid::now_v7(), "odds": "2.00"}]}),
        json!({"kind": "single", "unit_stake": "1.00", "odds_change": "sometimes", "legs": [{"selection_id": sels[0], "odds": "2.00"}]}),
    ] {
        let (status, res) = bet(&app, &jwt, body.clone(), None).await;
        assert_eq!(status, 422, "{body}: {res}");
        assert_eq!(res["error"]["code"], "validation_failed", "{body}");
    }
    let (status, res) = bet(&app, &jwt, json!({"kind": 1}), None).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (400, Some("bad_request"))
    );

    // Suspended market.
    let (status, m) = app
        .post(
            &format!("/api/v1/admin/markets/{market}/suspend"),
            json!({}),
            Some(&trader),
        )
        .await;
    assert_eq!((status, m["status"].as_str()), (200, Some("suspended")));
    let (status, res) = bet(&app, &jwt, single(&sels[0], "2.00", "1.00"), None).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (422, Some("selection_unavailable"))
    );
    let (status, m) = app
        .post(
            &format!("/api/v1/admin/markets/{market}/resume"),
            json!({}),
            Some(&trader),
        )
        .await;
    assert_eq!((status, m["status"].as_str()), (200, Some("open")));
    let (status, res) = bet(&app, &jwt, single(&sels[0], "2.00", "1.00"), None).await;
    assert_eq!(status, 201, "{res}");

    // Started event without in-play; then in-play allowed.
    let past = (Utc::now() - TimeDelta::minutes(5)).to_rfc3339();
    let (started, _, started_sels) = event_at(&app, &trader, two_way("2.00"), &past).await;
    let (status, res) = bet(&app, &jwt, single(&started_sels[0], "2.00", "1.00"), None).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (422, Some("selection_unavailable"))
    );
    let (status, _) = send(
        &app,
        reqwest::Method::PATCH,
        &format!("/api/v1/admin/events/{}", started["id"].as_str().unwrap()),
        Some(json!({"in_play_betting": true, "bet_delay_ms": 50, "status": "live"})),
        Some(&trader),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (status, res) = bet(&app, &jwt, single(&started_sels[0], "2.00", "1.00"), None).await;
    assert_eq!(status, 201, "in-play after the delay: {res}");

    // Settled market.
    settle(
        &app,
        &trader,
        &market,
        json!({"outcomes": [
        {"selection_id": sels[0], "result": "lose"}, {"selection_id": sels[1], "result": "win"}]}),
    )
    .await;
    let (status, res) = bet(&app, &jwt, single(&sels[1], "2.00", "1.00"), None).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (422, Some("selection_unavailable"))
    );
    let (status, res) = app
        .post(
            &format!("/api/v1/admin/markets/{market}/suspend"),
            json!({}),
            Some(&trader),
        )
        .await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (409, Some("already_settled"))
    );
    let _ = event;
}

#[tokio::test]
async fn two_legs_of_one_event_are_related_in_any_multiple() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, jwt) = funded(&app, "50.00").await;
    let (status, event) = app
        .post(
            "/api/v1/admin/events",
            json!({"sport": "Football", "competition": "L", "name": "A v B", "starts_at": tomorrow(),
                   "markets": [two_way("2.00"),
                               {"name": "Goals", "kind": "total", "line": "2.5", "selections": [
                                   {"name": "Over", "side": "over", "odds": "1.90"},
                                   {"name": "Under", "side": "under", "odds": "1.90"}]}]}),
            Some(&trader),
        )
        .await;
    assert_eq!(status, 201);
    let a = event["markets"][0]["selections"][0]["id"].as_str().unwrap();
    let b = event["markets"][1]["selections"][0]["id"].as_str().unwrap();
    let (_, _, other) = event_with(&app, &trader, two_way("3.00")).await;
    let (_, _, third) = event_with(&app, &trader, two_way("4.00")).await;
    let acca = json!({"kind": "accumulator", "unit_stake": "1.00",
                      "legs": [{"selection_id": a, "odds": "2.00"}, {"selection_id": b, "odds": "1.90"}]});
    let (status, res) = bet(&app, &jwt, acca, None).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (422, Some("related_selections"))
    );
    let trixie = json!({"kind": "system", "system": "trixie", "unit_stake": "1.00",
                        "legs": [{"selection_id": a, "odds": "2.00"}, {"selection_id": b, "odds": "1.90"},
                                 {"selection_id": other[0], "odds": "3.00"}]});
    let (status, res) = bet(&app, &jwt, trixie, None).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (422, Some("related_selections"))
    );
    let same = json!({"kind": "accumulator", "unit_stake": "1.00",
                      "legs": [{"selection_id": a, "odds": "2.00"}, {"selection_id": a, "odds": "2.00"}]});
    let (status, res) = bet(&app, &jwt, same, None).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (422, Some("related_selections"))
    );
    // Different events combine.
    let ok = json!({"kind": "system", "system": "2/3", "unit_stake": "1.00",
                    "legs": [{"selection_id": a, "odds": "2.00"}, {"selection_id": other[0], "odds": "3.00"},
                             {"selection_id": third[0], "odds": "4.00"}]});
    let (status, res) = bet(&app, &jwt, ok, None).await;
    assert_eq!(status, 201, "{res}");
    assert_eq!(
        (res["lines"].as_u64(), res["total_stake"].as_str()),
        (Some(3), Some("3.00"))
    );
    assert_eq!(res["system"], "2/3");
    assert_eq!(res["potential_return"], "26.00");
}

#[tokio::test]
async fn odds_changes_follow_each_policy_and_bets_strike_at_the_current_odds() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, jwt) = funded(&app, "100.00").await;
    let (_, _, sels) = event_with(&app, &trader, two_way("2.00")).await;
    let (_, _, other) = event_with(&app, &trader, two_way("3.00")).await;
    let move_to = |odds: &'static str, sel: String| {
        let app = &app;
        let trader = trader.clone();
        async move {
            let (status, _) = put(
                app,
                &format!("/api/v1/admin/selections/{sel}/odds"),
                json!({"odds": odds}),
                &trader,
            )
            .await;
            assert_eq!(status, 200);
        }
    };
    let with_policy = |sel: &str, odds: &str, policy: &str| {
        json!({"kind": "single", "unit_stake": "1.00", "odds_change": policy,
               "legs": [{"selection_id": sel, "odds": odds}]})
    };
    // The price drops from 2.00 to 1.80.
    move_to("1.80", sels[0].clone()).await;
    for policy in ["reject", "accept_higher"] {
        let (status, res) = bet(&app, &jwt, with_policy(&sels[0], "2.00", policy), None).await;
        assert_eq!(status, 409, "{policy}: {res}");
        assert_eq!(res["error"]["code"], "odds_changed");
        assert_eq!(
            res["error"]["details"]["legs"][0]["selection_id"],
            json!(sels[0])
        );
        assert_eq!(res["error"]["details"]["legs"][0]["odds"], "1.80");
    }
    let (status, res) = bet(
        &app,
        &jwt,
        with_policy(&sels[0], "2.00", "accept_any"),
        None,
    )
    .await;
    assert_eq!(status, 201, "{res}");
    assert_eq!(res["legs"][0]["odds"], "1.80");
    assert_eq!(res["potential_return"], "1.80");
    // The price rises from 1.80 to 2.20.
    move_to("2.20", sels[0].clone()).await;
    let (status, res) = bet(&app, &jwt, with_policy(&sels[0], "1.80", "reject"), None).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (409, Some("odds_changed"))
    );
    let (status, res) = bet(
        &app,
        &jwt,
        with_policy(&sels[0], "1.80", "accept_higher"),
        None,
    )
    .await;
    assert_eq!(status, 201, "{res}");
    assert_eq!(res["legs"][0]["odds"], "2.20");
    // An accumulator reports every leg's current odds.
    let acca = json!({"kind": "accumulator", "unit_stake": "1.00", "odds_change": "reject",
                      "legs": [{"selection_id": sels[0], "odds": "2.00"}, {"selection_id": other[0], "odds": "3.00"}]});
    let (status, res) = bet(&app, &jwt, acca, None).await;
    assert_eq!(status, 409);
    let legs = res["error"]["details"]["legs"].as_array().unwrap();
    assert_eq!(legs.len(), 2);
    assert_eq!(legs[0]["odds"], "2.20");
    assert_eq!(legs[1]["odds"], "3.00");
    // Nothing was taken for the refused bets.
    assert_eq!(cash(&app, &jwt).await, (9_800, 200));
}

#[tokio::test]
async fn stake_and_exposure_limits_refuse_bets_and_risk_shows_the_liability() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, jwt) = funded(&app, "100.00").await;
    let (_, market, sels) = event_with(&app, &trader, two_way("3.00")).await;
    let (status, m) = put(
        &app,
        &format!("/api/v1/admin/markets/{market}/limits"),
        json!({"max_stake": "20.00"}),
        &trader,
    )
    .await;
    assert_eq!((status, m["max_stake"].as_str()), (200, Some("20")));
    let (status, res) = bet(&app, &jwt, single(&sels[0], "3.00", "20.01"), None).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (422, Some("stake_limit_exceeded"))
    );
    let (status, _) = put(
        &app,
        &format!("/api/v1/admin/selections/{}/limits", sels[0]),
        json!({"max_stake": "5", "liability_limit": "25.00"}),
        &trader,
    )
    .await;
    assert_eq!(status, 200);
    let (status, res) = bet(&app, &jwt, single(&sels[0], "3.00", "6.00"), None).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (422, Some("stake_limit_exceeded"))
    );
    assert_eq!(res["error"]["details"]["max_stake"], "5.00");
    // 5.00 at 3.00: liability 15 − 5 = 10; another 5.00: 30 − 10 = 20; a
    // third would make 45 − 15 = 30 > 25.
    for _ in 0..2 {
        let (status, res) = bet(&app, &jwt, single(&sels[0], "3.00", "5.00"), None).await;
        assert_eq!(status, 201, "{res}");
    }
    let (status, res) = bet(&app, &jwt, single(&sels[0], "3.00", "5.00"), None).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (422, Some("exposure_limit_exceeded"))
    );
    // Stakes on the other side lower the liability.
    let (status, _) = bet(&app, &jwt, single(&sels[1], "2.00", "5.00"), None).await;
    assert_eq!(status, 201);
    let (status, res) = bet(&app, &jwt, single(&sels[0], "3.00", "5.00"), None).await;
    assert_eq!(status, 201, "{res}");
    let (status, risk) = app
        .get(
            &format!("/api/v1/admin/markets/{market}/risk"),
            Some(&trader),
        )
        .await;
    assert_eq!(status, 200, "{risk}");
    let home = risk["selections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["selection_id"] == json!(sels[0]))
        .unwrap();
    assert_eq!(home["bets"], 3);
    assert_eq!(home["stakes"], "15.00");
    assert_eq!(home["potential_payout"], "45.00");
    assert_eq!(home["liability"], "25.00");
    let (status, _) = app
        .get(&format!("/api/v1/admin/markets/{market}/risk"), Some(&jwt))
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_market_suspends_itself_when_its_liability_limit_is_reached() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, jwt) = funded(&app, "100.00").await;
    let (_, market, sels) = event_with(&app, &trader, two_way("3.00")).await;
    put(
        &app,
        &format!("/api/v1/admin/markets/{market}/limits"),
        json!({"liability_limit": "20.00", "auto_suspend": true}),
        &trader,
    )
    .await;
    let (status, _) = bet(&app, &jwt, single(&sels[0], "3.00", "5.00"), None).await;
    assert_eq!(status, 201);
    let (status, _) = bet(&app, &jwt, single(&sels[0], "3.00", "5.00"), None).await;
    assert_eq!(status, 201, "the bet reaching the limit is taken");
    let (status, res) = bet(&app, &jwt, single(&sels[1], "2.00", "1.00"), None).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (422, Some("selection_unavailable"))
    );
}

#[tokio::test]
async fn responsible_gaming_refuses_bets_with_its_codes() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, _, sels) = event_with(&app, &trader, two_way("2.00")).await;
    let (_, jwt) = funded(&app, "100.00").await;
    let (status, _) = put(
        &app,
        "/api/v1/responsible-gaming/limits",
        json!({"kind": "wager", "period": "day", "amount": "10.00"}),
        &jwt,
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = bet(&app, &jwt, single(&sels[0], "2.00", "6.00"), None).await;
    assert_eq!(status, 201);
    let (status, res) = bet(&app, &jwt, single(&sels[0], "2.00", "5.00"), None).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (422, Some("wager_limit_exceeded"))
    );

    let (_, jwt) = funded(&app, "100.00").await;
    put(
        &app,
        "/api/v1/responsible-gaming/limits",
        json!({"kind": "loss", "period": "week", "amount": "3.00"}),
        &jwt,
    )
    .await;
    let (status, res) = bet(&app, &jwt, single(&sels[0], "2.00", "4.00"), None).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (422, Some("loss_limit_exceeded"))
    );

    let (_, jwt) = funded(&app, "100.00").await;
    let (status, _) = app
        .post(
            "/api/v1/responsible-gaming/exclusions",
            json!({"kind": "time_out", "days": 1}),
            Some(&jwt),
        )
        .await;
    assert_eq!(status, 201);
    let (status, res) = bet(&app, &jwt, single(&sels[0], "2.00", "1.00"), None).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (403, Some("self_excluded"))
    );
    assert_eq!(cash(&app, &jwt).await, (10_000, 0));
}

#[tokio::test]
async fn a_bet_is_its_players_alone_and_lists_by_status() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, alice) = funded(&app, "20.00").await;
    let (_, bob) = funded(&app, "20.00").await;
    let (_, market, sels) = event_with(&app, &trader, two_way("2.00")).await;
    let (_, _, later) = event_with(&app, &trader, two_way("2.00")).await;
    let (_, first) = bet(&app, &alice, single(&sels[0], "2.00", "2.00"), None).await;
    let (_, second) = bet(&app, &alice, single(&later[0], "2.00", "3.00"), None).await;
    let id = first["bet_id"].as_str().unwrap();
    let (status, res) = app.get(&format!("/api/v1/bets/{id}"), Some(&bob)).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
    let (status, mine) = app.get(&format!("/api/v1/bets/{id}"), Some(&alice)).await;
    assert_eq!(status, 200);
    for key in [
        "bet_id",
        "status",
        "kind",
        "system",
        "lines",
        "unit_stake",
        "total_stake",
        "potential_return",
        "return",
        "legs",
        "placed_at",
        "settled_at",
    ] {
        assert!(mine.get(key).is_some(), "bet has {key}: {mine}");
    }
    assert_eq!(mine["legs"][0]["selection_id"], json!(sels[0]));
    assert_eq!(mine["legs"][0]["odds"], "2.00");
    assert!(mine["legs"][0]["result"].is_null());
    settle(
        &app,
        &trader,
        &market,
        json!({"outcomes": [
        {"selection_id": sels[0], "result": "lose"}, {"selection_id": sels[1], "result": "win"}]}),
    )
    .await;
    let (_, open) = app.get("/api/v1/bets?status=open", Some(&alice)).await;
    let (_, settled) = app.get("/api/v1/bets?status=settled", Some(&alice)).await;
    let (_, all) = app.get("/api/v1/bets", Some(&alice)).await;
    assert_eq!(open["items"].as_array().unwrap().len(), 1);
    assert_eq!(open["items"][0]["bet_id"], second["bet_id"]);
    assert_eq!(settled["items"][0]["bet_id"], first["bet_id"]);
    assert_eq!(settled["items"][0]["return"], "0.00");
    assert_eq!(settled["items"][0]["legs"][0]["result"], "lose");
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    let (_, none) = app.get("/api/v1/bets", Some(&bob)).await;
    assert!(none["items"].as_array().unwrap().is_empty());
    let (status, _) = app.get("/api/v1/bets?status=won", Some(&alice)).await;
    assert_eq!(status, 422);
    let (status, _) = app.get("/api/v1/bets/xyz", Some(&alice)).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn bets_page_through_a_cursor_seeing_each_bet_once() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, jwt) = funded(&app, "100.00").await;
    let (_, _, sels) = event_with(&app, &trader, two_way("2.00")).await;
    let mut placed = Vec::new();
    for _ in 0..7 {
        let (status, bet) = bet(&app, &jwt, single(&sels[0], "2.00", "1.00"), None).await;
        assert_eq!(status, 201, "{bet}");
        placed.push(bet["bet_id"].as_str().unwrap().to_owned());
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/bets?limit=3".to_owned();
    let mut pages = 0;
    loop {
        let (status, page) = app.get(&path, Some(&jwt)).await;
        assert_eq!(status, 200, "{page}");
        pages += 1;
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 3, "{page}");
        seen.extend(
            items
                .iter()
                .map(|b| b["bet_id"].as_str().unwrap().to_owned()),
        );
        match page["next_cursor"].as_str() {
            Some(next) => {
                assert_eq!(items.len(), 3, "a page with a next cursor is full");
                path = format!("/api/v1/bets?limit=3&cursor={next}");
            }
            None => {
                assert!(page["next_cursor"].is_null(), "{page}");
                break;
            }
        }
        assert!(pages < 10, "paging does not end");
    }
    assert_eq!(pages, 3);
    // Newest first, each bet once.
    placed.reverse();
    assert_eq!(seen, placed);
    // The whole list in one page has no next cursor.
    let (_, all) = app.get("/api/v1/bets", Some(&jwt)).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 7);
    assert!(all["next_cursor"].is_null(), "{all}");
    // A cursor that is not one of ours is 422 validation_failed on `cursor`.
    for bad in ["nope", "zz", "00", "3132333a78797a"] {
        let (status, body) = app
            .get(&format!("/api/v1/bets?cursor={bad}"), Some(&jwt))
            .await;
        assert_eq!(status, 422, "{bad}: {body}");
        assert_eq!(body["error"]["code"], "validation_failed", "{body}");
        assert!(
            body["error"]["details"]["fields"]["cursor"].is_string(),
            "{body}"
        );
    }
}

#[tokio::test]
async fn a_bet_with_an_idempotency_key_is_placed_once_and_replayed() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, jwt) = funded(&app, "10.00").await;
    let (_, _, sels) = event_with(&app, &trader, two_way("2.00")).await;
    let body = single(&sels[0], "2.00", "4.00");
    let (status, first) = bet(&app, &jwt, body.clone(), Some("bet-key-1")).await;
    assert_eq!(status, 201);
    // The odds move; the replay still answers the first bet.
    put(
        &app,
        &format!("/api/v1/admin/selections/{}/odds", sels[0]),
        json!({"odds": "1.50"}),
        &trader,
    )
    .await;
    let (status, again) = bet(&app, &jwt, body, Some("bet-key-1")).await;
    assert_eq!((status, &again), (201, &first));
    assert_eq!(cash(&app, &jwt).await, (600, 400));
    let (status, res) = bet(
        &app,
        &jwt,
        single(&sels[0], "1.50", "1.00"),
        Some("bet-key-1"),
    )
    .await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (422, Some("idempotency_key_reused"))
    );
    let (_, all) = app.get("/api/v1/bets", Some(&jwt)).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn concurrent_bets_on_one_balance_never_overdraw() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, jwt) = funded(&app, "10.00").await;
    let (_, _, sels) = event_with(&app, &trader, two_way("2.00")).await;
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let client = app.client.clone();
        let url = app.url("/api/v1/bets");
        let jwt = jwt.clone();
        let body = single(&sels[0], "2.00", "2.00");
        tasks.push(tokio::spawn(async move {
            let res = client
                .post(url)
                .bearer_auth(jwt)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            let body: Value = res.json().await.unwrap();
            (status, body)
        }));
    }
    let mut placed = 0;
    for t in tasks {
        let (status, body) = t.await.unwrap();
        match status {
            201 => placed += 1,
            422 => assert_eq!(body["error"]["code"], "insufficient_funds"),
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!(placed, 5);
    assert_eq!(cash(&app, &jwt).await, (0, 1_000));
}

#[tokio::test]
async fn resettling_reverses_the_payout_exactly_and_applies_the_new_result() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, jwt) = funded(&app, "100.00").await;
    let (_, market, sels) = event_with(&app, &trader, two_way("2.50")).await;
    let (_, _, later) = event_with(&app, &trader, two_way("2.00")).await;
    let (_, win_single) = bet(&app, &jwt, single(&sels[0], "2.50", "10.00"), None).await;
    let (_, lose_single) = bet(&app, &jwt, single(&sels[1], "2.00", "10.00"), None).await;
    // An accumulator still open on another event is only repriced.
    let acca = json!({"kind": "accumulator", "unit_stake": "5.00", "odds_change": "reject",
                      "legs": [{"selection_id": sels[0], "odds": "2.50"}, {"selection_id": later[0], "odds": "2.00"}]});
    let (status, acca) = bet(&app, &jwt, acca, None).await;
    assert_eq!(status, 201);
    assert_eq!(cash(&app, &jwt).await, (7_500, 2_500));
    let (status, res) = settle(
        &app,
        &trader,
        &market,
        json!({"outcomes": [
        {"selection_id": sels[0], "result": "win"}, {"selection_id": sels[1], "result": "lose"}]}),
    )
    .await;
    assert_eq!((status, res["settled_bets"].as_u64()), (200, Some(2)));
    assert_eq!(cash(&app, &jwt).await, (10_000, 500));
    let (status, res) = app
        .post(&format!("/api/v1/admin/markets/{market}/resettle"), json!({"outcomes": [
            {"selection_id": sels[0], "result": "lose"}, {"selection_id": sels[1], "result": "win"}]}),
            Some(&trader))
        .await;
    assert_eq!(status, 200, "{res}");
    assert_eq!(res["resettled_bets"], 2);
    // 100 − 25 staked; the 2.00 single now returns 20.00, the 2.50 nothing.
    assert_eq!(cash(&app, &jwt).await, (9_500, 500));
    let get = |b: &Value| format!("/api/v1/bets/{}", b["bet_id"].as_str().unwrap());
    let (_, w) = app.get(&get(&win_single), Some(&jwt)).await;
    let (_, l) = app.get(&get(&lose_single), Some(&jwt)).await;
    let (_, a) = app.get(&get(&acca), Some(&jwt)).await;
    assert_eq!(
        (w["return"].as_str(), l["return"].as_str()),
        (Some("0.00"), Some("20.00"))
    );
    assert_eq!(
        (a["status"].as_str(), a["legs"][0]["result"].as_str()),
        (Some("open"), Some("lose"))
    );
    // Resettling back restores the first result exactly.
    let (status, _) = app
        .post(&format!("/api/v1/admin/markets/{market}/resettle"), json!({"outcomes": [
            {"selection_id": sels[0], "result": "win"}, {"selection_id": sels[1], "result": "lose"}]}),
            Some(&trader))
        .await;
    assert_eq!(status, 200);
    assert_eq!(cash(&app, &jwt).await, (10_000, 500));
    // Voiding refunds every stake on the market.
    let (status, res) = app
        .post(
            &format!("/api/v1/admin/markets/{market}/void"),
            json!({"reason": "abandoned"}),
            Some(&trader),
        )
        .await;
    assert_eq!(
        (status, res["settled_bets"].as_u64()),
        (200, Some(2)),
        "{res}"
    );
    assert_eq!(cash(&app, &jwt).await, (9_500, 500));
    let (status, res) = app
        .post(
            &format!("/api/v1/admin/markets/{market}/void"),
            json!({"reason": "again"}),
            Some(&trader),
        )
        .await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (409, Some("already_settled"))
    );
    // The ledger still verifies and balances.
    let (status, ledger) = app
        .get(
            &format!(
                "/api/v1/admin/players/{}/ledger",
                app.state.engine.auth().verify(&jwt).await.unwrap().user_id
            ),
            Some(&app.admin_token().await),
        )
        .await;
    assert_eq!(status, 200, "{ledger}");
    let kinds: Vec<&str> = ledger["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"reverse") && kinds.contains(&"bet_settle"),
        "{kinds:?}"
    );
}

#[tokio::test]
async fn a_void_market_refunds_singles_and_drops_a_fold_from_accumulators() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (_, jwt) = funded(&app, "50.00").await;
    let (_, market, sels) = event_with(&app, &trader, two_way("2.00")).await;
    let (_, other_market, other) = event_with(&app, &trader, two_way("3.00")).await;
    bet(&app, &jwt, single(&sels[0], "2.00", "10.00"), None).await;
    let acca = json!({"kind": "accumulator", "unit_stake": "10.00", "odds_change": "reject",
                      "legs": [{"selection_id": sels[0], "odds": "2.00"}, {"selection_id": other[0], "odds": "3.00"}]});
    let (status, _) = bet(&app, &jwt, acca, None).await;
    assert_eq!(status, 201);
    let (status, res) = app
        .post(
            &format!("/api/v1/admin/markets/{market}/void"),
            json!({"reason": "postponed"}),
            Some(&trader),
        )
        .await;
    assert_eq!((status, res["settled_bets"].as_u64()), (200, Some(1)));
    assert_eq!(cash(&app, &jwt).await, (4_000, 1_000));
    settle(&app, &trader, &other_market, json!({"outcomes": [
        {"selection_id": other[0], "result": "win"}, {"selection_id": other[1], "result": "lose"}]}))
    .await;
    assert_eq!(cash(&app, &jwt).await, (7_000, 0));
}

#[tokio::test]
async fn every_sportsbook_endpoint_is_in_the_openapi_document() {
    let app = spawn().await;
    let (status, doc) = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(status, 200);
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/events",
        "/api/v1/events/{id}",
        "/api/v1/teaser-tables",
        "/api/v1/bets",
        "/api/v1/bets/{id}",
        "/api/v1/admin/events",
        "/api/v1/admin/events/{id}",
        "/api/v1/admin/events/{id}/markets",
        "/api/v1/admin/selections/{id}/odds",
        "/api/v1/admin/selections/{id}/odds-history",
        "/api/v1/admin/selections/{id}/limits",
        "/api/v1/admin/markets/{id}/suspend",
        "/api/v1/admin/markets/{id}/resume",
        "/api/v1/admin/markets/{id}/limits",
        "/api/v1/admin/markets/{id}/settle",
        "/api/v1/admin/markets/{id}/resettle",
        "/api/v1/admin/markets/{id}/void",
        "/api/v1/admin/markets/{id}/risk",
        "/api/v1/admin/teaser-tables/{points}",
        "/api/v1/admin/feed",
    ] {
        assert!(paths.contains_key(path), "{path} is documented");
    }
    assert!(paths["/api/v1/bets"].get("post").is_some());
    assert!(paths["/api/v1/bets"].get("get").is_some());
}

#[tokio::test]
async fn a_feed_moves_odds_and_suspends_markets_with_a_trader_token_or_its_key() {
    let app =
        crate::common::spawn_with(|s| s.feed_api_key = Some("feed-secret-1".to_owned())).await;
    let trader = trader(&app).await;
    let (_, jwt) = funded(&app, "10.00").await;
    let (event, market, sels) = event_with(&app, &trader, two_way("2.00")).await;
    let event_id = event["id"].as_str().unwrap();

    // A websocket client watching the event's odds.
    let mut ws = crate::ws::subscribed(&app, None, &[format!("odds:{event_id}")]).await;

    let batch = json!({"items": [
        {"selection_id": sels[0], "odds": "1.90"},
        {"selection_id": sels[0], "odds": "1.85"},
        {"selection_id": sels[1], "odds": "2.10"},
    ]});
    let feed = |key: Option<&'static str>, token: Option<String>, body: Value| {
        let app = &app;
        async move {
            let mut req = app.client.post(app.url("/api/v1/admin/feed")).json(&body);
            if let Some(k) = key {
                req = req.header("x-feed-key", k);
            }
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            let res = req.send().await.unwrap();
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let (status, _) = feed(None, None, batch.clone()).await;
    assert_eq!(status, 401);
    let (status, _) = feed(Some("wrong"), None, batch.clone()).await;
    assert_eq!(status, 401);
    let (status, _) = feed(None, Some(jwt.clone()), batch.clone()).await;
    assert_eq!(status, 403);
    let (status, res) = feed(Some("feed-secret-1"), None, batch).await;
    assert_eq!(status, 200, "{res}");
    assert_eq!(res["odds_changed"], 2);
    let (_, now) = app.get(&format!("/api/v1/events/{event_id}"), None).await;
    assert_eq!(now["markets"][0]["selections"][0]["odds"], "1.85");
    assert_eq!(now["markets"][0]["selections"][1]["odds"], "2.10");

    // odds.changed reaches the event's topic, once per selection.
    let mut changes = Vec::new();
    while changes.len() < 2 {
        let v = crate::ws::next_event(&mut ws, "odds.changed").await;
        assert_eq!(v["topic"], format!("odds:{event_id}"));
        changes.push(v["payload"].clone());
    }
    assert_eq!(changes[0]["odds"], "1.85");
    assert_eq!(changes[1]["odds"], "2.10");

    // A trader's token suspends through the feed too; bets are refused.
    let (status, res) = feed(
        None,
        Some(trader.clone()),
        json!({"items": [{"market_id": market, "suspended": true}]}),
    )
    .await;
    assert_eq!((status, res["suspended"].as_u64()), (200, Some(1)));
    let (status, res) = bet(&app, &jwt, single(&sels[0], "1.85", "1.00"), None).await;
    assert_eq!(
        (status, res["error"]["code"].as_str()),
        (422, Some("selection_unavailable"))
    );
    // A bad item applies nothing.
    let (status, _) = feed(
        None,
        Some(trader.clone()),
        json!({"items": [{"market_id": market, "suspended": false},
                         {"selection_id": uuid::Uuid::now_v7(), "odds": "3.00"}]}),
    )
    .await;
    assert_eq!(status, 404);
    let (_, now) = app.get(&format!("/api/v1/events/{event_id}"), None).await;
    assert_eq!(now["markets"][0]["status"], "suspended");
    let (status, _) = feed(None, Some(trader), json!({"items": [{"odds": "3.00"}]})).await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn a_feed_resumes_only_what_a_feed_suspended() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (event, market, _) = event_with(&app, &trader, two_way("2.00")).await;
    let event_id = event["id"].as_str().unwrap();
    let feed = |suspended: bool| {
        app.post(
            "/api/v1/admin/feed",
            json!({"items": [{"market_id": market, "suspended": suspended}]}),
            Some(&trader),
        )
    };
    // The status, with who suspended it while suspended.
    let status_now = || async {
        let (_, now) = app.get(&format!("/api/v1/events/{event_id}"), None).await;
        let market = &now["markets"][0];
        let status = market["status"].as_str().unwrap().to_owned();
        match market["suspended_by"].as_str() {
            Some(by) => format!("{status} by {by}"),
            None => status,
        }
    };
    let trader_says = |action: &'static str| {
        let path = format!("/api/v1/admin/markets/{market}/{action}");
        let (app, trader) = (&app, &trader);
        async move { app.post(&path, json!({}), Some(trader)).await }
    };

    // The feed suspends and resumes its own suspension.
    assert_eq!(feed(true).await.1["suspended"], 1);
    assert_eq!(status_now().await, "suspended by feed");
    assert_eq!(feed(false).await.1["resumed"], 1);
    assert_eq!(status_now().await, "open");

    // A trader's suspension stays when the feed says resume.
    assert_eq!(trader_says("suspend").await.0, 200);
    let (status, res) = feed(false).await;
    assert_eq!((status, res["resumed"].as_u64()), (200, Some(0)), "{res}");
    assert_eq!(status_now().await, "suspended by trader");
    assert_eq!(trader_says("resume").await.0, 200);
    assert_eq!(status_now().await, "open");

    // A market the feed suspended and a trader then suspended too is the
    // trader's to resume.
    assert_eq!(feed(true).await.1["suspended"], 1);
    assert_eq!(trader_says("suspend").await.0, 200);
    assert_eq!(feed(false).await.1["resumed"], 0);
    assert_eq!(status_now().await, "suspended by trader");
    assert_eq!(trader_says("resume").await.0, 200);
    assert_eq!(status_now().await, "open");
}
