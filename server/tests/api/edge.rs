//! The API edge: error shapes for bad input, limits, health, metrics,
//! OpenAPI.

use crate::common::spawn;
use serde_json::Value;

#[tokio::test]
async fn malformed_json_and_wrong_types_are_400() {
    let app = spawn().await;
    for body in ["{not json", "{\"email\": 5, \"password\": []}", "[]"] {
        let res = app
            .client
            .post(app.url("/api/v1/auth/login"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 400, "{body}");
        let json: Value = res.json().await.unwrap();
        assert_eq!(json["error"]["code"], "bad_request");
    }
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
}

#[tokio::test]
async fn an_oversized_body_is_413() {
    let app = spawn().await;
    let big = format!(
        "{{\"email\":\"{}\",\"password\":\"x\"}}",
        "a".repeat(64 * 1024)
    );
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 413);
    let json: Value = res.json().await.unwrap();
    assert_eq!(json["error"]["code"], "payload_too_large");
}

#[tokio::test]
async fn unknown_api_routes_are_json_404() {
    let app = spawn().await;
    for path in [
        "/api/v1/nope",
        "/api/nope",
        "/api/v1/admin/nothing/here",
        "/rpc/nothing",
    ] {
        let (status, body) = app.get(path, None).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(body["error"]["code"], "not_found", "{path}");
    }
    let res = app
        .client
        .delete(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 405);
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = spawn().await;
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert!(res.headers().get("x-request-id").is_some());
    let res = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "abc-123");
}

#[tokio::test]
async fn health_and_metrics_answer() {
    let app = spawn().await;
    let (status, body) = app.get("/healthz", None).await;
    assert_eq!(status, 200);
    assert_eq!(body, serde_json::json!({"status": "ok"}));
    let text = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("croupier_http_requests_total"), "{text}");
    assert!(text.contains("route=\"/healthz\""), "{text}");
    assert!(text.contains("croupier_outbox_pending"), "{text}");
}

#[tokio::test]
async fn the_openapi_document_lists_every_endpoint() {
    let app = spawn().await;
    let (status, doc) = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/logout",
        "/api/v1/me",
        "/api/v1/admin/players/{player_id}/kyc",
        "/api/v1/openapi.json",
        "/healthz",
    ] {
        assert!(paths.contains_key(path), "{path} missing");
    }
}
