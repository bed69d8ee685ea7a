//! The one error type at the HTTP edge: every failure becomes
//! `{"error":{"code","message","details"?}}` with a stable snake_case code
//! (API.md). Unexpected causes are logged once and answered opaquely.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use engine::AuthError;
use serde::Serialize;
use serde_json::{Value, json};

/// An API failure.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable code from API.md.
    pub code: &'static str,
    /// Human text.
    pub message: String,
    /// Optional structured details.
    pub details: Option<Value>,
}

/// The error body, for OpenAPI.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// Inside the error body.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code.
    pub code: String,
    /// Human text.
    pub message: String,
    /// Structured details, when any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<Value>,
}

impl ApiError {
    /// A new error.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            details: None,
        }
    }

    /// Adds details.
    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    /// 404 `not_found`.
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "Not found.")
    }

    /// 400 `bad_request`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 422 `validation_failed` with one field.
    pub fn validation(field: &str, message: &str) -> Self {
        Self::validation_fields([(field.to_owned(), message.to_owned())])
    }

    /// 422 `validation_failed` naming each failed field:
    /// `details.fields` maps the field to what is wrong with it.
    pub fn validation_fields(fields: impl IntoIterator<Item = (String, String)>) -> Self {
        let map: serde_json::Map<String, Value> = fields
            .into_iter()
            .map(|(field, message)| (field, Value::String(message)))
            .collect();
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            "The request failed validation.",
        )
        .with_details(json!({ "fields": map }))
    }

    /// 401 `unauthorized`.
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "A valid token is required.",
        )
    }

    /// 403 `forbidden`.
    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Your role does not allow this.",
        )
    }

    /// 403 `self_excluded` with `details.until` (null when permanent).
    pub fn self_excluded(until: Option<chrono::DateTime<chrono::Utc>>) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "self_excluded",
            "You have excluded yourself from gambling for now.",
        )
        .with_details(json!({ "until": until }))
    }

    /// 500 `internal`: logs the cause, tells the client nothing about it.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "unexpected error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Something went wrong on our side.",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_owned(),
                message: self.message,
                details: self.details,
            },
        };
        (self.status, Json(body)).into_response()
    }
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> Self {
        match e {
            AuthError::Validation(fields) => {
                Self::validation_fields(fields.into_iter().map(|f| (f.field, f.message)))
            }
            AuthError::Underage { min_age } => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "underage",
                format!("You must be at least {min_age} to register."),
            )
            .with_details(json!({ "min_age": min_age })),
            AuthError::EmailTaken => Self::new(
                StatusCode::CONFLICT,
                "email_taken",
                "This e-mail address is already registered.",
            ),
            AuthError::InvalidCredentials => Self::new(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "E-mail or password is wrong.",
            ),
            AuthError::SelfExcluded { until } => Self::self_excluded(until),
            AuthError::TooManyAttempts { retry_after_secs } => Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                "Too many failed attempts; try again later.",
            )
            .with_details(json!({ "retry_after_secs": retry_after_secs })),
            AuthError::Unauthorized => Self::unauthorized(),
            AuthError::Forbidden => Self::forbidden(),
            AuthError::NotFound => Self::not_found(),
            AuthError::Unexpected(e) => Self::internal(&format!("{e:#}")),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::BytesRejection(_)
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                Self::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    "The request body is too large.",
                )
            }
            JsonRejection::MissingJsonContentType(_) => {
                Self::bad_request("Send the body as JSON with Content-Type: application/json.")
            }
            other => Self::bad_request(format!("Malformed JSON: {}", other.body_text())),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        Self::bad_request(format!("Malformed query string: {}", rejection.body_text()))
    }
}

/// Handler result.
pub type ApiResult<T> = Result<T, ApiError>;
