//! The casino REST contract against the real app: the catalog and its
//! filters, the admin catalog, game sessions (API.md: 201 token and
//! launch_url, 404 unknown game, 403 self-excluded), Croupier Originals
//! rounds with idempotency, seeds, history and verification, and the
//! OpenAPI document.

use crate::common::{TestApp, spawn, unique_email};
use serde_json::{Value, json};

async fn funded_player(app: &TestApp, amount: &str) -> String {
    let (_, jwt) = app.register(&unique_email("casino")).await;
    let (status, body) = app
        .post(
            "/api/v1/wallet/deposits",
            json!({"amount": amount, "method": "sandbox"}),
            Some(&jwt),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    jwt
}

async fn play_with_key(
    app: &TestApp,
    jwt: &str,
    game: &str,
    body: &Value,
    key: &str,
) -> (u16, Value) {
    let res = app
        .client
        .post(app.url(&format!("/api/v1/casino/originals/{game}/rounds")))
        .bearer_auth(jwt)
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_lobby_lists_the_originals_and_filters_by_category_provider_and_search() {
    let app = spawn().await;
    let (status, body) = app.get("/api/v1/casino/games", None).await;
    assert_eq!(status, 200);
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    let roulette = items
        .iter()
        .find(|g| g["game_code"] == "originals.roulette.european")
        .unwrap();
    assert_eq!(roulette["rtp"], "0.972972972973");
    assert_eq!(roulette["provider"], "originals");
    let (_, slots) = app.get("/api/v1/casino/games?category=slots", None).await;
    assert_eq!(slots["items"].as_array().unwrap().len(), 1);
    assert_eq!(slots["items"][0]["name"], "Emerald Nights");
    let (_, dice) = app.get("/api/v1/casino/games?search=DICE", None).await;
    assert_eq!(dice["items"].as_array().unwrap().len(), 1);
    let (_, none) = app.get("/api/v1/casino/games?provider=hub88", None).await;
    assert!(none["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn only_admins_add_games_and_jurisdictions_hide_them_elsewhere() {
    let app = spawn().await;
    let jwt = funded_player(&app, "1.00").await;
    let game = json!({"provider": "hub88", "game_code": "hub88.de.only", "name": "German Slot",
                      "category": "slots", "rtp": "0.95"});
    let (status, body) = app
        .post("/api/v1/admin/casino/games", game.clone(), Some(&jwt))
        .await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "forbidden");
    let (status, _) = app
        .post("/api/v1/admin/casino/games", game.clone(), None)
        .await;
    assert_eq!(status, 401);
    let admin = app.admin_token().await;
    let mut restricted = game.clone();
    restricted["jurisdictions"] = json!(["DE"]);
    let (status, body) = app
        .post("/api/v1/admin/casino/games", restricted, Some(&admin))
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["rtp"], "0.95");
    let (status, body) = app
        .post("/api/v1/admin/casino/games", game, Some(&admin))
        .await;
    assert_eq!(status, 409, "{body}");
    let (status, body) = app
        .post(
            "/api/v1/admin/casino/games",
            json!({"provider": "hub88", "game_code": "x", "name": "X", "category": "slots", "rtp": "2"}),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "validation_failed");
    // A Maltese player neither sees nor launches the German-only game.
    let (_, lobby) = app
        .get("/api/v1/casino/games?provider=hub88", Some(&jwt))
        .await;
    assert!(lobby["items"].as_array().unwrap().is_empty());
    let (_, anonymous) = app.get("/api/v1/casino/games?provider=hub88", None).await;
    assert_eq!(anonymous["items"].as_array().unwrap().len(), 1);
    let (status, _) = app
        .post(
            "/api/v1/casino/sessions",
            json!({"game_code": "hub88.de.only"}),
            Some(&jwt),
        )
        .await;
    assert_eq!(status, 404);

    // Opened to every country, then disabled: gone from the lobby, still
    // in the back office.
    let patch = |body: Value, token: String| {
        let app = &app;
        async move {
            let res = app
                .client
                .patch(app.url("/api/v1/admin/casino/games/hub88.de.only"))
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        }
    };
    let (status, _) = patch(json!({"enabled": false}), jwt.clone()).await;
    assert_eq!(status, 403);
    let (status, body) = patch(json!({"jurisdictions": ["Germany"]}), admin.clone()).await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = patch(json!({"jurisdictions": []}), admin.clone()).await;
    assert_eq!(status, 200, "{body}");
    let (_, lobby) = app
        .get("/api/v1/casino/games?provider=hub88", Some(&jwt))
        .await;
    assert_eq!(lobby["items"].as_array().unwrap().len(), 1);
    let (status, body) = patch(json!({"enabled": false}), admin.clone()).await;
    assert_eq!(status, 200);
    assert_eq!(body["enabled"], false);
    let (_, lobby) = app.get("/api/v1/casino/games?provider=hub88", None).await;
    assert!(lobby["items"].as_array().unwrap().is_empty());
    let (status, all) = app.get("/api/v1/admin/casino/games", Some(&admin)).await;
    assert_eq!(status, 200);
    assert_eq!(all["items"].as_array().unwrap().len(), 4);
    let (status, _) = app
        .post(
            "/api/v1/casino/sessions",
            json!({"game_code": "hub88.de.only"}),
            Some(&jwt),
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = app.get("/api/v1/admin/casino/games", Some(&jwt)).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_session_needs_a_known_game_and_a_player_who_is_not_excluded() {
    let app = spawn().await;
    let jwt = funded_player(&app, "1.00").await;
    let (status, body) = app
        .post(
            "/api/v1/casino/sessions",
            json!({"game_code": "originals.dice"}),
            Some(&jwt),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["token"].as_str().unwrap().len(), 64);
    assert!(
        body["launch_url"]
            .as_str()
            .unwrap()
            .starts_with("/casino/originals/originals.dice")
    );
    let (status, body) = app
        .post(
            "/api/v1/casino/sessions",
            json!({"game_code": "no.such.game"}),
            Some(&jwt),
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
    let (status, _) = app
        .post("/api/v1/casino/sessions", json!({"game": 1}), Some(&jwt))
        .await;
    assert_eq!(status, 400);
    let admin = app.admin_token().await;
    let (status, _) = app
        .post(
            "/api/v1/casino/sessions",
            json!({"game_code": "originals.dice"}),
            Some(&admin),
        )
        .await;
    assert_eq!(status, 403, "staff do not play");
    app.post(
        "/api/v1/responsible-gaming/exclusions",
        json!({"kind": "self_exclusion", "months": 6}),
        Some(&jwt),
    )
    .await;
    let (status, body) = app
        .post(
            "/api/v1/casino/sessions",
            json!({"game_code": "originals.dice"}),
            Some(&jwt),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "self_excluded");
    let (status, body) = app
        .post(
            "/api/v1/casino/originals/dice/rounds",
            json!({"stake": "0.10", "direction": "over", "target": "50.00"}),
            Some(&jwt),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "self_excluded");
}

#[tokio::test]
async fn an_originals_round_is_provably_fair_and_replayed_by_its_idempotency_key() {
    let app = spawn().await;
    let jwt = funded_player(&app, "20.00").await;
    let (status, seeds) = app
        .client
        .put(app.url("/api/v1/casino/originals/seeds"))
        .bearer_auth(&jwt)
        .json(&json!({"client_seed": "table-seven"}))
        .send()
        .await
        .map(|r| (r.status().as_u16(), r))
        .unwrap();
    assert_eq!(status, 200);
    let seeds: Value = seeds.json().await.unwrap();
    assert_eq!(seeds["client_seed"], "table-seven");

    let body = json!({"wagers": [{"bet": {"kind": "red"}, "stake": "1.00"},
                                 {"bet": {"kind": "split", "numbers": [17, 20]}, "stake": "0.50"}]});
    let (status, round) = play_with_key(&app, &jwt, "roulette", &body, "spin-1").await;
    assert_eq!(status, 201, "{round}");
    assert_eq!(round["stake"], "1.50");
    assert_eq!(round["fairness"]["commitment"], seeds["commitment"]);
    assert_eq!(round["fairness"]["client_seed"], "table-seven");
    assert_eq!(round["fairness"]["server_seed"].as_str().unwrap().len(), 64);
    let pocket = round["result"]["pocket"].as_u64().unwrap();
    assert!(pocket <= 36);

    let (status, again) = play_with_key(&app, &jwt, "roulette", &body, "spin-1").await;
    assert_eq!(status, 201);
    assert_eq!(again, round, "the replay is the first answer");
    let (status, reused) = play_with_key(
        &app,
        &jwt,
        "roulette",
        &json!({"wagers": [{"bet": {"kind": "black"}, "stake": "1.00"}]}),
        "spin-1",
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(reused["error"]["code"], "idempotency_key_reused");

    let (_, wallet) = app.get("/api/v1/wallet", Some(&jwt)).await;
    assert_eq!(wallet["cash"], round["balance_after"]);

    let id = round["round_id"].as_str().unwrap();
    let (status, check) = app
        .get(&format!("/api/v1/casino/rounds/{id}/verify"), Some(&jwt))
        .await;
    assert_eq!(status, 200);
    assert_eq!(check["commitment_matches"], true);
    assert_eq!(check["result_matches"], true);
    let (_, history) = app.get("/api/v1/casino/rounds", Some(&jwt)).await;
    assert_eq!(history["items"].as_array().unwrap().len(), 1);

    // Someone else's round is not found.
    let other = funded_player(&app, "1.00").await;
    let (status, _) = app
        .get(&format!("/api/v1/casino/rounds/{id}/verify"), Some(&other))
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn bad_bets_are_clear_errors_never_5xx() {
    let app = spawn().await;
    let jwt = funded_player(&app, "5.00").await;
    for (game, body, status, code) in [
        ("slot", json!({"stake": "0.30"}), 422, "validation_failed"),
        ("slot", json!({"stake": "-1.00"}), 422, "validation_failed"),
        ("slot", json!({"stake": "1.001"}), 422, "validation_failed"),
        ("slot", json!({"stake": "6.00"}), 422, "insufficient_funds"),
        ("slot", json!({"stake": 1}), 400, "bad_request"),
        (
            "dice",
            json!({"stake": "1.00", "direction": "under", "target": "0.50"}),
            422,
            "validation_failed",
        ),
        (
            "roulette",
            json!({"wagers": [{"bet": {"kind": "split", "numbers": [1, 36]}, "stake": "1.00"}]}),
            422,
            "validation_failed",
        ),
        ("roulette", json!({"wagers": []}), 422, "validation_failed"),
        ("poker", json!({"stake": "1.00"}), 404, "not_found"),
    ] {
        let (got, body) = app
            .post(
                &format!("/api/v1/casino/originals/{game}/rounds"),
                body.clone(),
                Some(&jwt),
            )
            .await;
        assert_eq!(got, status, "{game} {body}");
        assert_eq!(body["error"]["code"], code, "{game} {body}");
    }
    let (_, wallet) = app.get("/api/v1/wallet", Some(&jwt)).await;
    assert_eq!(wallet["cash"], "5.00");
    let (status, _) = app
        .post(
            "/api/v1/casino/originals/slot/rounds",
            json!({"stake": "1.00"}),
            None,
        )
        .await;
    assert_eq!(status, 401);
    let (status, _) = app
        .get("/api/v1/casino/rounds/not-a-uuid/verify", Some(&jwt))
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_openapi_document_lists_the_casino_endpoints() {
    let app = spawn().await;
    let (_, doc) = app.get("/api/v1/openapi.json", None).await;
    for path in [
        "/api/v1/casino/games",
        "/api/v1/admin/casino/games",
        "/api/v1/admin/casino/games/{game_code}",
        "/api/v1/casino/sessions",
        "/api/v1/casino/originals/seeds",
        "/api/v1/casino/originals/{game}/rounds",
        "/api/v1/casino/rounds",
        "/api/v1/casino/rounds/{id}/verify",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
}
