//! Every error an HTTP client can receive, mapped to a status and a stable code here and
//! nowhere else. The body follows Clerk's shape, so existing client code can read it:
//! `{"errors": [{"code": "...", "message": "..."}]}`.

use std::borrow::Cow;

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use serde_json::{Value, json};

use crate::{auth::AuthError, store::StoreError, verify::VerifyError};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("Nothing exists at this address.")]
    NotFound,
    #[error("The request body is larger than this server accepts.")]
    PayloadTooLarge,
    #[error("The request took too long and was abandoned.")]
    Timeout,
    #[error("Send the request body as JSON, with Content-Type: application/json.")]
    UnsupportedMediaType,
    #[error("The request body is not valid JSON: {0}")]
    MalformedJson(String),
    #[error("The request body does not have the expected fields: {0}")]
    InvalidBody(String),
    #[error("Requests from this origin are not allowed.")]
    OriginNotAllowed,
    #[error("The database is unreachable; try again shortly.")]
    DatabaseUnavailable(#[source] StoreError),
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Verify(VerifyError),
    #[error("Something went wrong on our side; the error has been logged.")]
    Internal,
}

#[derive(Serialize)]
struct ErrorBody {
    errors: Vec<ErrorEntry>,
}

#[derive(Serialize)]
struct ErrorEntry {
    code: Cow<'static, str>,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<Value>,
}

impl ErrorEntry {
    fn new(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            meta: None,
        }
    }

    fn param(mut self, name: &str) -> Self {
        self.meta = Some(json!({ "param_name": name }));
        self
    }
}

/// Connection trouble means "try again" (503); anything else from the database is our bug.
fn store_failure(error: &StoreError) -> (StatusCode, ErrorEntry) {
    let unavailable = matches!(
        error,
        StoreError::Connect { .. }
            | StoreError::Timeout(_)
            | StoreError::FileMissing(_)
            | StoreError::Query(
                sqlx::Error::Io(_)
                    | sqlx::Error::PoolTimedOut
                    | sqlx::Error::PoolClosed
                    | sqlx::Error::Tls(_)
            )
    );
    if unavailable {
        tracing::warn!(%error, "database unavailable");
        let message = "The database is unreachable; try again shortly.";
        (
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorEntry::new("database_unavailable", message),
        )
    } else {
        tracing::error!(%error, "database error");
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorEntry::new("internal_error", ApiError::Internal.to_string()),
        )
    }
}

impl ApiError {
    /// The status, the error entries and, for throttled requests, when to come back.
    fn parts(&self) -> (StatusCode, Vec<ErrorEntry>, Option<u64>) {
        let message = self.to_string();
        let one = |status, code: &'static str| {
            (status, vec![ErrorEntry::new(code, message.clone())], None)
        };
        match self {
            ApiError::NotFound => one(StatusCode::NOT_FOUND, "resource_not_found"),
            ApiError::PayloadTooLarge => {
                one(StatusCode::PAYLOAD_TOO_LARGE, "request_body_too_large")
            }
            ApiError::Timeout => one(StatusCode::REQUEST_TIMEOUT, "request_timeout"),
            ApiError::UnsupportedMediaType => {
                one(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            ApiError::MalformedJson(_) => one(StatusCode::BAD_REQUEST, "malformed_request_body"),
            ApiError::InvalidBody(_) => {
                one(StatusCode::UNPROCESSABLE_ENTITY, "invalid_request_body")
            }
            ApiError::OriginNotAllowed => one(StatusCode::FORBIDDEN, "origin_invalid"),
            ApiError::DatabaseUnavailable(_) => {
                one(StatusCode::SERVICE_UNAVAILABLE, "database_unavailable")
            }
            ApiError::Verify(error) => (
                error.status(),
                vec![ErrorEntry::new(error.code(), message)],
                None,
            ),
            ApiError::Internal => {
                tracing::error!("internal error");
                one(StatusCode::INTERNAL_SERVER_ERROR, "internal_error")
            }
            ApiError::Auth(error) => auth_parts(error),
        }
    }
}

fn auth_parts(error: &AuthError) -> (StatusCode, Vec<ErrorEntry>, Option<u64>) {
    let message = error.to_string();
    let unprocessable = |entry: ErrorEntry| (StatusCode::UNPROCESSABLE_ENTITY, vec![entry], None);
    match error {
        AuthError::Fields(fields) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            fields
                .iter()
                .map(|field| ErrorEntry::new(field.code, field.message.clone()).param(field.param))
                .collect(),
            None,
        ),
        AuthError::Password(rejection) => {
            unprocessable(ErrorEntry::new(rejection.code(), message).param("password"))
        }
        AuthError::EmailTaken => {
            unprocessable(ErrorEntry::new("form_identifier_exists", message).param("email_address"))
        }
        AuthError::UsernameTaken => {
            unprocessable(ErrorEntry::new("form_identifier_exists", message).param("username"))
        }
        AuthError::IncorrectCredentials => {
            unprocessable(ErrorEntry::new("form_password_incorrect", message).param("password"))
        }
        AuthError::SessionExists => unprocessable(ErrorEntry::new("session_exists", message)),
        AuthError::InvalidStep(_) => unprocessable(ErrorEntry::new("invalid_step", message)),
        AuthError::EmailNotVerified => {
            unprocessable(ErrorEntry::new("email_address_not_verified", message))
        }
        AuthError::PrimaryEmailRemoval => {
            unprocessable(ErrorEntry::new("primary_email_address_removal", message))
        }
        AuthError::Image(error) => {
            use crate::identity::image::ImageError;
            let (status, code) = match error {
                ImageError::Missing => (StatusCode::UNPROCESSABLE_ENTITY, "form_param_missing"),
                ImageError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "image_too_large"),
                ImageError::UnsupportedType => {
                    (StatusCode::UNSUPPORTED_MEDIA_TYPE, "image_type_unsupported")
                }
            };
            (
                status,
                vec![ErrorEntry::new(code, message).param("file")],
                None,
            )
        }
        AuthError::Locked { retry_after } => {
            let mut entry = ErrorEntry::new("user_locked", message);
            entry.meta =
                Some(json!({ "lockout_expires_in_seconds": retry_after.as_secs().max(1) }));
            (StatusCode::FORBIDDEN, vec![entry], None)
        }
        AuthError::Banned => (
            StatusCode::FORBIDDEN,
            vec![ErrorEntry::new("user_banned", message)],
            None,
        ),
        AuthError::RateLimited { retry_after } => (
            StatusCode::TOO_MANY_REQUESTS,
            vec![ErrorEntry::new("too_many_requests", message)],
            Some(retry_after.as_secs().max(1)),
        ),
        AuthError::NotFound(_) => (
            StatusCode::NOT_FOUND,
            vec![ErrorEntry::new("resource_not_found", message)],
            None,
        ),
        AuthError::SignedOut => (
            StatusCode::UNAUTHORIZED,
            vec![ErrorEntry::new("signed_out", message)],
            None,
        ),
        AuthError::SessionInactive(status) => (
            StatusCode::UNAUTHORIZED,
            vec![ErrorEntry::new(format!("session_{status}"), message)],
            None,
        ),
        AuthError::Store(error) => {
            let (status, entry) = store_failure(error);
            (status, vec![entry], None)
        }
        AuthError::Keys(error) => {
            tracing::error!(%error, "signing keys");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                vec![ErrorEntry::new(
                    "internal_error",
                    ApiError::Internal.to_string(),
                )],
                None,
            )
        }
        AuthError::Hash(error) => {
            tracing::error!(%error, "password hashing");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                vec![ErrorEntry::new(
                    "internal_error",
                    ApiError::Internal.to_string(),
                )],
                None,
            )
        }
    }
}

/// A refusal as the components show it, with the same codes the JSON API answers; `None`
/// for failures on our side, which are not the person's to fix.
pub fn issues(error: &AuthError) -> Option<Vec<hallpass::account::Issue>> {
    let (status, entries, _) = auth_parts(error);
    if status.is_server_error() {
        return None;
    }
    Some(
        entries
            .into_iter()
            .map(|entry| hallpass::account::Issue {
                param: entry
                    .meta
                    .as_ref()
                    .and_then(|meta| meta["param_name"].as_str())
                    .map(str::to_owned),
                code: entry.code.into_owned(),
                message: entry.message,
            })
            .collect(),
    )
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::DatabaseUnavailable(source) = &self {
            tracing::warn!(error = %source, "database unavailable");
        }
        let (status, errors, retry_after) = self.parts();
        let mut response = (status, Json(ErrorBody { errors })).into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
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
