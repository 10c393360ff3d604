//! Every error an HTTP client can receive, mapped to a status and a stable code here and
//! nowhere else. The body follows Clerk's shape, so existing client code can read it:
//! `{"errors": [{"code": "...", "message": "..."}]}`.

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("Nothing exists at this address.")]
    NotFound,
    #[error("The request body is larger than this server accepts.")]
    PayloadTooLarge,
    #[error("The request took too long and was abandoned.")]
    Timeout,
    #[error("The database is unreachable; try again shortly.")]
    DatabaseUnavailable(#[source] StoreError),
    #[error("Something went wrong on our side; the error has been logged.")]
    Internal,
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Timeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::DatabaseUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::NotFound => "resource_not_found",
            ApiError::PayloadTooLarge => "request_body_too_large",
            ApiError::Timeout => "request_timeout",
            ApiError::DatabaseUnavailable(_) => "database_unavailable",
            ApiError::Internal => "internal_error",
        }
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    errors: [ErrorEntry<'a>; 1],
}

#[derive(Serialize)]
struct ErrorEntry<'a> {
    code: &'a str,
    message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        match &self {
            ApiError::DatabaseUnavailable(source) => {
                tracing::warn!(error = %source, "database unavailable")
            }
            ApiError::Internal => tracing::error!("internal error"),
            _ => {}
        }
        let body = ErrorBody {
            errors: [ErrorEntry {
                code: self.code(),
                message: self.to_string(),
            }],
        };
        (status, Json(body)).into_response()
    }
}

/// tower-http's limit and timeout layers answer in plain text; give their answers the same
/// JSON shape as every other error.
pub async fn normalize_layer_errors(response: Response) -> Response {
    let is_json = response.headers().get(header::CONTENT_TYPE)
        == Some(&HeaderValue::from_static("application/json"));
    match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE if !is_json => ApiError::PayloadTooLarge.into_response(),
        StatusCode::REQUEST_TIMEOUT if !is_json => ApiError::Timeout.into_response(),
        _ => response,
    }
}

/// A panic in a handler becomes a logged 500 with the usual body instead of a dropped
/// connection.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = detail, "handler panicked");
    ApiError::Internal.into_response()
}
