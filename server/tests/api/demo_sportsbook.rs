//! The demo sportsbook: seeded labelled events with priced markets (once),
//! the demo odds feed moving their odds through the feed path with
//! `odds.changed` on `odds:{event_id}`, leaving other events alone, and the
//! demo lifecycle: bets taken, started events replaced, finished ones
//! settled.

use std::collections::HashSet;

use crate::common::{TestApp, call, spawn, trader, unique_email, winner};
use crate::ws::{next_event, subscribed};
use chrono::{DateTime, TimeDelta, Utc};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::{Value, json};
use server::demo::DemoFeed;

async fn demo_events(app: &TestApp) -> Vec<Value> {
    let (status, list) = app.get("/api/v1/events", None).await;
    assert_eq!(status, 200, "{list}");
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["demo"] == true)
        .cloned()
        .collect()
}

fn odds(s: &Value) -> f64 {
    s["odds"].as_str().unwrap().parse().unwrap()
}

fn starts_at(e: &Value) -> DateTime<Utc> {
    e["starts_at"].as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn seeding_creates_labelled_priced_demo_events_once() {
    let app = spawn().await;
    let engine = &app.state.engine;
    let created = server::demo::seed_sportsbook(engine).await.unwrap();
    assert!((12..=20).contains(&created), "{created} demo events");

    let events = demo_events(&app).await;
    assert_eq!(events.len(), created);
    let sports: HashSet<&str> = events
        .iter()
        .map(|e| e["sport"].as_str().unwrap())
        .collect();
    for sport in ["Football", "Tennis", "Basketball", "Ice hockey"] {
        assert!(sports.contains(sport), "{sport} in {sports:?}");
    }
    let now = Utc::now();
    let mut kinds = HashSet::new();
    let mut quarter_lines = 0;
    for e in &events {
        assert_eq!(e["status"], "scheduled");
        assert!(starts_at(e) > now, "{e}");
        assert!(starts_at(e) < now + TimeDelta::days(8), "{e}");
        let markets = e["markets"].as_array().unwrap();
        assert!(markets.len() >= 2, "a main market and more: {e}");
        assert!(
            ["match_result", "moneyline"].contains(&markets[0]["kind"].as_str().unwrap()),
            "the main market first: {e}"
        );
        for m in markets {
            assert_eq!(m["status"], "open");
            kinds.insert(m["kind"].as_str().unwrap().to_owned());
            let line = m["line"].as_str().unwrap_or("");
            if m["kind"] == "asian_handicap" && (line.ends_with(".25") || line.ends_with(".75")) {
                quarter_lines += 1;
            }
            // A bookmaker margin: the implied probabilities add up to a
            // little over 1.
            let overround: f64 = m["selections"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    assert!(odds(s) >= 1.01, "{s}");
                    1.0 / odds(s)
                })
                .sum();
            assert!((1.02..1.12).contains(&overround), "{overround} in {m}");
        }
    }
    for kind in [
        "match_result",
        "moneyline",
        "total",
        "asian_handicap",
        "spread",
    ] {
        assert!(kinds.contains(kind), "{kind} in {kinds:?}");
    }
    assert!(quarter_lines > 0, "Asian handicaps on quarter lines");

    // Seeding again adds nothing.
    assert_eq!(server::demo::seed_sportsbook(engine).await.unwrap(), 0);
    assert_eq!(demo_events(&app).await.len(), created);
}

#[tokio::test]
async fn a_feed_tick_moves_demo_odds_live_and_leaves_other_events_alone() {
    let app = spawn().await;
    let engine = &app.state.engine;
    server::demo::seed_sportsbook(engine).await.unwrap();
    let demo_ids: HashSet<String> = demo_events(&app)
        .await
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect();

    // A real (non-demo) event, starting soon.
    let email = unique_email("trader");
    engine
        .auth()
        .ensure_staff(&email, "trader-pass-1", &[engine::Role::Trader])
        .await
        .unwrap();
    let trader = app.login(&email, "trader-pass-1").await;
    let (status, real) = app
        .post(
            "/api/v1/admin/events",
            json!({"sport": "Football", "competition": "Premier League", "name": "Arsenal v Chelsea",
                   "starts_at": (Utc::now() + TimeDelta::hours(2)).to_rfc3339(),
                   "markets": [{"name": "Winner", "kind": "moneyline", "selections": [
                       {"name": "Arsenal", "odds": "1.90"}, {"name": "Chelsea", "odds": "1.90"}]}]}),
            Some(&trader),
        )
        .await;
    assert_eq!(status, 201, "{real}");
    let real_id = real["id"].as_str().unwrap().to_owned();
    let real_path = format!("/api/v1/events/{real_id}");
    let (_, before) = app.get(&real_path, None).await;

    // A websocket client watching every event's odds, subscribed before
    // the feed moves anything.
    let topics: Vec<String> = demo_ids
        .iter()
        .chain([&real_id])
        .map(|id| format!("odds:{id}"))
        .collect();
    let mut ws = subscribed(&app, None, &topics).await;

    let mut feed = DemoFeed::new(StdRng::seed_from_u64(7));
    let tick = feed.tick(engine, Utc::now()).await.unwrap();
    assert!(tick.odds_changed >= 1, "{tick:?}");
    assert_eq!((tick.started, tick.finished), (0, 0), "{tick:?}");

    // odds.changed reaches a demo event's topic, from the feed.
    let change = next_event(&mut ws, "odds.changed").await;
    let event_id = change["payload"]["event_id"].as_str().unwrap();
    assert!(demo_ids.contains(event_id), "{change}");
    assert_eq!(change["topic"], format!("odds:{event_id}"));
    assert_eq!(change["payload"]["source"], "feed");
    assert_ne!(
        change["payload"]["odds"],
        change["payload"]["previous_odds"]
    );
    let (_, now) = app.get(&format!("/api/v1/events/{event_id}"), None).await;
    let moved = now["markets"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["selections"].as_array().unwrap())
        .find(|s| s["id"] == change["payload"]["selection_id"])
        .unwrap();
    assert!(odds(moved) >= 1.01);

    // More ticks, with suspensions and resumptions; the real event is never
    // touched and every demo market keeps a sensible overround.
    for _ in 0..20 {
        feed.tick(engine, Utc::now()).await.unwrap();
    }
    let (_, after) = app.get(&real_path, None).await;
    assert_eq!(before, after);
    for e in demo_events(&app).await {
        for m in e["markets"].as_array().unwrap() {
            let overround: f64 = m["selections"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| 1.0 / odds(s))
                .sum();
            assert!((1.02..1.12).contains(&overround), "{overround} in {m}");
        }
    }
}

#[tokio::test]
async fn demo_events_take_bets_and_are_replaced_then_settled_when_they_start() {
    let app = spawn().await;
    let engine = &app.state.engine;
    server::demo::seed_sportsbook(engine).await.unwrap();
    let event = demo_events(&app)
        .await
        .into_iter()
        .find(|e| e["sport"] == "Football")
        .unwrap();
    let name = event["name"].as_str().unwrap().to_owned();
    let id = event["id"].as_str().unwrap().to_owned();
    let home = &event["markets"][0]["selections"][0];

    let (_, jwt) = app.register(&unique_email("demo-bettor")).await;
    let (status, body) = app
        .post(
            "/api/v1/wallet/deposits",
            json!({"amount": "10.00", "method": "sandbox"}),
            Some(&jwt),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, bet) = app
        .post(
            "/api/v1/bets",
            json!({"kind": "single", "unit_stake": "2.00", "odds_change": "accept_any",
                   "legs": [{"selection_id": home["id"], "odds": home["odds"]}]}),
            Some(&jwt),
        )
        .await;
    assert_eq!(status, 201, "{bet}");
    let bet_id = bet["bet_id"].as_str().unwrap();

    // At the start: live, markets suspended, next week's fixture in its place.
    let start = starts_at(&event);
    let mut feed = DemoFeed::new(StdRng::seed_from_u64(11));
    let tick = feed
        .tick(engine, start + TimeDelta::minutes(1))
        .await
        .unwrap();
    assert!(tick.started >= 1 && tick.rolled >= 1, "{tick:?}");
    let (_, live) = app.get(&format!("/api/v1/events/{id}"), None).await;
    assert_eq!(live["status"], "live");
    assert!(
        live["markets"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["status"] == "suspended"),
        "{live}"
    );
    let next: Vec<Value> = demo_events(&app)
        .await
        .into_iter()
        .filter(|e| e["name"] == name.as_str() && e["status"] == "scheduled")
        .collect();
    assert_eq!(next.len(), 1, "{next:?}");
    assert_eq!(starts_at(&next[0]), start + TimeDelta::days(7));
    // Seeding again does not add another.
    assert_eq!(server::demo::seed_sportsbook(engine).await.unwrap(), 0);

    // When its time is up: a simulated result settles every market and the
    // bet.
    let tick = feed
        .tick(engine, start + TimeDelta::hours(3))
        .await
        .unwrap();
    assert!(tick.finished >= 1, "{tick:?}");
    let (_, ended) = app.get(&format!("/api/v1/events/{id}"), None).await;
    assert_eq!(ended["status"], "ended");
    assert!(
        ended["markets"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["status"] == "settled"),
        "{ended}"
    );
    let (status, settled) = app.get(&format!("/api/v1/bets/{bet_id}"), Some(&jwt)).await;
    assert_eq!(status, 200, "{settled}");
    assert_eq!(settled["status"], "settled", "{settled}");
}

/// A demo market's status and its selections' odds.
async fn market_state(app: &TestApp, event: &str, market: &str) -> (String, Vec<String>) {
    let (status, e) = app.get(&format!("/api/v1/events/{event}"), None).await;
    assert_eq!(status, 200, "{e}");
    let m = e["markets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == market)
        .unwrap_or_else(|| panic!("{market} in {e}"));
    (
        m["status"].as_str().unwrap().to_owned(),
        m["selections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["odds"].as_str().unwrap().to_owned())
            .collect(),
    )
}

#[tokio::test]
async fn the_feed_never_resumes_a_market_a_trader_suspended_nor_touches_settled_or_void_ones() {
    let app = spawn().await;
    let engine = &app.state.engine;
    server::demo::seed_sportsbook(engine).await.unwrap();
    let trader = trader(&app).await;
    let events = demo_events(&app).await;
    let market_of = |i: usize| {
        (
            events[i]["id"].as_str().unwrap().to_owned(),
            events[i]["markets"][0]["id"].as_str().unwrap().to_owned(),
        )
    };

    // A trader suspends one demo market, settles another and voids a third.
    let (suspended_event, suspended) = market_of(0);
    call(&app, &trader, &suspended, "suspend", json!({})).await;
    let (settled_event, settled) = market_of(1);
    let selections: Vec<String> = events[1]["markets"][0]["selections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    call(&app, &trader, &settled, "settle", winner(&selections, 0)).await;
    let (void_event, void) = market_of(2);
    call(&app, &trader, &void, "void", json!({"reason": "demo test"})).await;
    let watched = [
        (&suspended_event, &suspended),
        (&settled_event, &settled),
        (&void_event, &void),
    ];
    let mut before = Vec::new();
    for (event, market) in watched {
        before.push(market_state(&app, event, market).await);
    }
    assert_eq!(before[0].0, "suspended");
    assert_eq!(before[1].0, "settled");
    assert_eq!(before[2].0, "void");

    // The feed ticks until it has suspended a market of its own and resumed
    // it again: the trader's markets stay as they were all along.
    let mut feed = DemoFeed::new(StdRng::seed_from_u64(3));
    let (mut own_suspended, mut own_resumed, mut ticks) = (0, 0, 0);
    while own_resumed == 0 || ticks < 30 {
        assert!(ticks < 400, "the feed never resumed its own suspension");
        let tick = feed.tick(engine, Utc::now()).await.unwrap();
        own_suspended += tick.suspended;
        if own_suspended > 0 {
            own_resumed += tick.resumed;
        }
        ticks += 1;
        for ((event, market), was) in watched.iter().zip(&before) {
            assert_eq!(
                &market_state(&app, event, market).await,
                was,
                "{market} after {ticks} ticks"
            );
        }
    }
    assert!(own_suspended >= 1 && own_resumed >= 1);
}
