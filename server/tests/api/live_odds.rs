//! Live sportsbook over the websocket: bursts of odds moves coalesced per
//! selection, suspensions, resumptions and settlements reaching
//! `odds:{event_id}`, and the traders-only `risk:{event_id}` topic pushing
//! `risk.changed` when bets are placed and settled.

use std::time::Duration;

use serde_json::json;

use crate::common::{event_with, moneyline, move_odds, spawn, trader, unique_email};
use crate::ws::{connect, next_event, next_json, next_within, subscribe};

#[tokio::test]
async fn ten_quick_moves_of_a_selection_reach_a_subscriber_as_a_couple_ending_on_the_last() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (event, _, sels) = event_with(&app, &trader, moneyline("2.00", "2.00")).await;
    let event_id = event["id"].as_str().unwrap();
    let mut ws = connect(&app, None).await;
    assert_eq!(
        subscribe(&mut ws, &format!("odds:{event_id}")).await["type"],
        "subscribed"
    );

    let odds: Vec<String> = (1..=10).map(|i| format!("2.{:02}", i * 5)).collect();
    let statuses = futures::future::join_all(
        odds.iter()
            .map(|o| async { move_odds(&app, &trader, &sels[0], o).await.0 }),
    )
    .await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    let (_, now) = app.get(&format!("/api/v1/events/{event_id}"), None).await;
    let last = now["markets"][0]["selections"][0]["odds"]
        .as_str()
        .unwrap()
        .to_owned();

    // Messages until the final odds arrive, then a quiet spell.
    let mut received = Vec::new();
    loop {
        let v = next_event(&mut ws, "odds.changed").await;
        assert_eq!(v["topic"], format!("odds:{event_id}"));
        assert_eq!(v["payload"]["selection_id"], sels[0]);
        let done = v["payload"]["odds"] == last;
        received.push(v["payload"].clone());
        if done {
            break;
        }
    }
    while let Some(v) = next_within(&mut ws, Duration::from_millis(600)).await {
        received.push(v);
    }
    assert!(
        received.len() <= 3,
        "10 moves came as {} messages: {received:?}",
        received.len()
    );
    assert_eq!(received.last().unwrap()["odds"], last);
    // Each message says where the odds came from, for the up/down flash.
    for pair in received.windows(2) {
        assert_eq!(pair[1]["previous_odds"], pair[0]["odds"]);
    }
}

#[tokio::test]
async fn suspending_resuming_and_settling_a_market_reach_the_event_topic_in_order() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (event, market, sels) = event_with(&app, &trader, moneyline("2.00", "2.00")).await;
    let event_id = event["id"].as_str().unwrap();
    let mut ws = connect(&app, None).await;
    assert_eq!(
        subscribe(&mut ws, &format!("odds:{event_id}")).await["type"],
        "subscribed"
    );

    // A move then a suspension at once: the move is not overtaken.
    assert_eq!(move_odds(&app, &trader, &sels[1], "1.90").await.0, 200);
    let (status, body) = app
        .post(
            &format!("/api/v1/admin/markets/{market}/suspend"),
            json!({}),
            Some(&trader),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let moved = next_json(&mut ws).await;
    assert_eq!(moved["kind"], "odds.changed");
    assert_eq!(moved["payload"]["odds"], "1.90");
    let suspended = next_event(&mut ws, "market.status_changed").await;
    assert_eq!(suspended["payload"]["market_id"], market);
    assert_eq!(suspended["payload"]["status"], "suspended");

    let (status, _) = app
        .post(
            &format!("/api/v1/admin/markets/{market}/resume"),
            json!({}),
            Some(&trader),
        )
        .await;
    assert_eq!(status, 200);
    let resumed = next_event(&mut ws, "market.status_changed").await;
    assert_eq!(resumed["payload"]["status"], "open");

    let (status, body) = app
        .post(
            &format!("/api/v1/admin/markets/{market}/void"),
            json!({"reason": "abandoned"}),
            Some(&trader),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let settled = next_event(&mut ws, "market.settled").await;
    assert_eq!(settled["payload"]["market_id"], market);
    assert_eq!(settled["payload"]["action"], "void");
}

#[tokio::test]
async fn the_risk_topic_is_for_traders_and_pushes_when_bets_are_placed_and_settled() {
    let app = spawn().await;
    let trader = trader(&app).await;
    let (event, market, sels) = event_with(&app, &trader, moneyline("2.00", "2.00")).await;
    let event_id = event["id"].as_str().unwrap();
    let topic = format!("risk:{event_id}");

    // Players and anonymous clients are refused.
    let (_, player) = app.register(&unique_email("risk-player")).await;
    let mut ws = connect(&app, Some(&player)).await;
    let refused = subscribe(&mut ws, &topic).await;
    assert_eq!(
        (refused["type"].as_str(), refused["code"].as_str()),
        (Some("error"), Some("forbidden"))
    );
    let mut anonymous = connect(&app, None).await;
    assert_eq!(subscribe(&mut anonymous, &topic).await["code"], "forbidden");

    // A trader is allowed.
    let mut desk = connect(&app, Some(&trader)).await;
    assert_eq!(
        subscribe(&mut desk, &topic).await,
        json!({"type": "subscribed", "topic": topic})
    );

    // A bet on the event: the desk hears of it.
    let (status, body) = app
        .post(
            "/api/v1/wallet/deposits",
            json!({"amount": "50.00", "method": "sandbox"}),
            Some(&player),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, bet) = app
        .post(
            "/api/v1/bets",
            json!({"kind": "single", "unit_stake": "5.00", "odds_change": "reject",
                   "legs": [{"selection_id": sels[0], "odds": "2.00"}]}),
            Some(&player),
        )
        .await;
    assert_eq!(status, 201, "{bet}");
    let pushed = next_event(&mut desk, "risk.changed").await;
    assert_eq!(pushed["topic"], topic);
    assert_eq!(pushed["payload"]["event_id"], event_id);
    let (status, risk) = app
        .get(
            &format!("/api/v1/admin/markets/{market}/risk"),
            Some(&trader),
        )
        .await;
    assert_eq!(status, 200, "{risk}");
    assert_eq!(risk["selections"][0]["bets"], 1);

    // Settling the market pushes again (throttled, never lost).
    let (status, body) = app
        .post(
            &format!("/api/v1/admin/markets/{market}/settle"),
            json!({"outcomes": [{"selection_id": sels[0], "result": "win"},
                                {"selection_id": sels[1], "result": "lose"}]}),
            Some(&trader),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let mut causes = Vec::new();
    while !causes.iter().any(|c| c == "bet.settled") {
        let v = next_event(&mut desk, "risk.changed").await;
        causes.push(
            v["payload"]["cause"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        );
    }
}
