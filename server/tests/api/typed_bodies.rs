//! The typed bodies of the responsible-gaming, KYC and jurisdiction
//! endpoints: JSON of the wrong shape (a wrong type, an unknown field) is
//! 400 `bad_request` from the extractor, while a well-formed body with a
//! bad value stays 422 `validation_failed` naming the field.

use serde_json::{Value, json};

use crate::common::{TestApp, put, spawn, unique_email};

/// Asserts a 400 `bad_request`.
fn assert_bad_request(status: u16, body: &Value) {
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("bad_request")),
        "{body}"
    );
}

/// Asserts a 422 `validation_failed` on `field`.
fn assert_invalid(status: u16, body: &Value, field: &str) {
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (422, Some("validation_failed")),
        "{body}"
    );
    assert!(
        body["error"]["details"]["fields"][field].is_string(),
        "{field}: {body}"
    );
}

async fn player(app: &TestApp) -> String {
    app.register(&unique_email("typed")).await.1
}

#[tokio::test]
async fn settings_of_the_wrong_type_are_a_bad_request_and_bad_values_fail_validation() {
    let app = spawn().await;
    let token = player(&app).await;
    let path = "/api/v1/responsible-gaming/settings";
    for wrong in [
        json!({"reality_check_minutes": "sixty"}),
        json!({"loss_alert": 100}),
        json!({"session_limit_minutes": 60, "colour": "red"}),
        json!(["reality_check_minutes", 60]),
    ] {
        let (status, body) = put(&app, path, wrong, &token).await;
        assert_bad_request(status, &body);
    }
    let (status, body) = put(&app, path, json!({"reality_check_minutes": 5}), &token).await;
    assert_invalid(status, &body, "reality_check_minutes");
    let (status, body) = put(&app, path, json!({"reality_check_minutes": -60}), &token).await;
    assert_invalid(status, &body, "reality_check_minutes");
    let (status, body) = put(&app, path, json!({"loss_alert_period": "year"}), &token).await;
    assert_invalid(status, &body, "loss_alert_period");
    let (status, body) = put(
        &app,
        path,
        json!({"reality_check_minutes": 60, "loss_alert": "100.00", "loss_alert_period": "week"}),
        &token,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["reality_check_minutes"], 60, "{body}");
}

#[tokio::test]
async fn an_exclusion_of_the_wrong_type_is_a_bad_request_and_bad_values_fail_validation() {
    let app = spawn().await;
    let token = player(&app).await;
    let path = "/api/v1/responsible-gaming/exclusions";
    for wrong in [
        json!({"kind": "time_out", "days": "7"}),
        json!({"kind": 1, "days": 7}),
        json!({"kind": "self_exclusion", "permanent": "yes"}),
        json!({"kind": "time_out", "days": 7, "reason": "tired"}),
    ] {
        let (status, body) = app.post(path, wrong, Some(&token)).await;
        assert_bad_request(status, &body);
    }
    let (status, body) = app
        .post(path, json!({"kind": "nap", "days": 7}), Some(&token))
        .await;
    assert_invalid(status, &body, "kind");
    let (status, body) = app
        .post(path, json!({"kind": "time_out", "days": -7}), Some(&token))
        .await;
    assert_invalid(status, &body, "days");
    let (status, body) = app
        .post(path, json!({"kind": "time_out", "days": 400}), Some(&token))
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = app
        .post(path, json!({"kind": "time_out", "days": 1}), Some(&token))
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["kind"], "time_out");
}

#[tokio::test]
async fn kyc_documents_of_the_wrong_type_are_a_bad_request_and_bad_values_fail_validation() {
    let app = spawn().await;
    let token = player(&app).await;
    let path = "/api/v1/kyc/submissions";
    let good = json!({"document_type": "passport", "document_country": "MT",
                      "document_number": "P1234560", "full_name": "Ada Lovelace"});
    let mut numeric = good.clone();
    numeric["document_number"] = json!(1234560);
    let mut extra = good.clone();
    extra["photo"] = json!("base64…");
    for wrong in [numeric, extra, json!("passport")] {
        let (status, body) = app.post(path, wrong, Some(&token)).await;
        assert_bad_request(status, &body);
    }
    let mut bad_type = good.clone();
    bad_type["document_type"] = json!("library_card");
    let (status, body) = app.post(path, bad_type, Some(&token)).await;
    assert_invalid(status, &body, "document_type");
    let (status, body) = app.post(path, good, Some(&token)).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["status"], "pending");
}

#[tokio::test]
async fn jurisdiction_rules_of_the_wrong_type_are_a_bad_request_and_bad_values_fail_validation() {
    let app = spawn().await;
    let admin = app.admin_token().await;
    let path = "/api/v1/admin/jurisdictions/DE";
    let good = json!({"country": "DE", "minimum_age": 18, "deposit_limit_prompt_mandatory": false,
                      "mandatory_reality_check_minutes": null, "minimum_self_exclusion_months": 6,
                      "kyc_required_before_first_deposit": false});
    let mut text_age = good.clone();
    text_age["minimum_age"] = json!("18");
    let mut text_flag = good.clone();
    text_flag["deposit_limit_prompt_mandatory"] = json!("no");
    let mut extra = good.clone();
    extra["currency"] = json!("EUR");
    for wrong in [text_age, text_flag, extra] {
        let (status, body) = put(&app, path, wrong, &admin).await;
        assert_bad_request(status, &body);
    }
    let mut young = good.clone();
    young["minimum_age"] = json!(12);
    let (status, body) = put(&app, path, young, &admin).await;
    assert_eq!(status, 422, "{body}");
    let mut negative = good.clone();
    negative["minimum_self_exclusion_months"] = json!(-6);
    let (status, body) = put(&app, path, negative, &admin).await;
    assert_invalid(status, &body, "minimum_self_exclusion_months");
    let mut elsewhere = good.clone();
    elsewhere["country"] = json!("FR");
    let (status, body) = put(&app, path, elsewhere, &admin).await;
    assert_invalid(status, &body, "country");
    let (status, body) = put(&app, path, good, &admin).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["minimum_age"], 18);
}
