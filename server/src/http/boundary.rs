//! What every request passes before its handler: its body is read in full, and a NUL
//! character anywhere a handler could take a value from is refused.
//!
//! A handler that answers without reading the body leaves it on the connection; when the
//! body arrives after the headers, hyper can only close the connection after the answer,
//! and the client's next request on it gets nothing. Reading it here, within the body
//! limit of the route, means no handler can forget.
//!
//! PostgreSQL cannot store NUL in text, so a NUL reaching a query is a server error there
//! (and nowhere a legitimate value): it is refused at the door, for every door.

use axum::{
    body::{Body, Bytes},
    extract::Request,
    http::{HeaderMap, Uri, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http_body_util::LengthLimitError;
use percent_encoding::percent_decode;
use serde_json::Value;

use super::error::ApiError;

/// Where the Leptos server functions are mounted. They decode their arguments as a form
/// whatever the `Content-Type` says.
pub const SERVER_FN_PREFIX: &str = "/api/";

pub async fn read_body(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(error) => return unreadable(&error).into_response(),
    };
    if has_nul(&parts.uri, &parts.headers, &body) {
        return ApiError::NulByte.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(body))).await
}

/// The route's body limit wraps the body before it gets here, so its error is the one
/// that says the body was too large.
fn unreadable(error: &axum::Error) -> ApiError {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = cause {
        if error.is::<LengthLimitError>() {
            return ApiError::PayloadTooLarge;
        }
        cause = error.source();
    }
    ApiError::IncompleteBody
}

fn has_nul(uri: &Uri, headers: &HeaderMap, body: &Bytes) -> bool {
    let query = uri.query().unwrap_or_default();
    if decodes_to_nul(uri.path().as_bytes()) || decodes_to_nul(query.as_bytes()) {
        return true;
    }
    if body.is_empty() {
        return false;
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|essence| essence.trim().to_ascii_lowercase())
        .unwrap_or_default();
    // Uploads are files: their bytes are the picture's, not text anyone stores.
    if content_type.starts_with("multipart/") {
        return false;
    }
    let server_fn = uri.path().starts_with(SERVER_FN_PREFIX);
    if content_type == "application/json" || content_type.ends_with("+json") {
        json_has_nul(body) || (server_fn && decodes_to_nul(body))
    } else {
        decodes_to_nul(body)
    }
}

/// A NUL byte, raw or percent-encoded: paths, queries and form fields alike.
fn decodes_to_nul(bytes: &[u8]) -> bool {
    percent_decode(bytes).any(|byte| byte == 0)
}

/// A NUL in any string or key of a JSON body, which can only arrive escaped (`\u0000`).
/// A body that is not JSON is left to the handler's own refusal.
fn json_has_nul(body: &[u8]) -> bool {
    fn contains_nul(value: &Value) -> bool {
        match value {
            Value::String(text) => text.contains('\0'),
            Value::Array(items) => items.iter().any(contains_nul),
            Value::Object(fields) => fields
                .iter()
                .any(|(name, value)| name.contains('\0') || contains_nul(value)),
            Value::Null | Value::Bool(_) | Value::Number(_) => false,
        }
    }
    serde_json::from_slice::<Value>(body).is_ok_and(|value| contains_nul(&value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(uri: &str, content_type: &str, body: &'static str) -> bool {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, content_type.parse().unwrap());
        has_nul(
            &uri.parse().unwrap(),
            &headers,
            &Bytes::from_static(body.as_bytes()),
        )
    }

    #[test]
    fn nul_is_found_wherever_a_value_can_come_from() {
        assert!(refused("/v1/profile_images/%00", "", ""));
        assert!(refused("/v1/verify?token=a%00b", "", ""));
        assert!(refused(
            "/user/sessions/revoke",
            "application/x-www-form-urlencoded",
            "session_id=%00"
        ));
        assert!(refused(
            "/user/x",
            "application/x-www-form-urlencoded",
            "na%00me=x"
        ));
        assert!(refused(
            "/v1/client/sign_ins",
            "application/json",
            r#"{"identifier": "a\u0000b"}"#
        ));
        assert!(refused(
            "/v1/x",
            "application/json; charset=utf-8",
            r#"[{"a\u0000": 1}]"#
        ));
        assert!(refused(
            "/api/sign_in",
            "text/plain",
            "identifier=%00&password=x"
        ));
    }

    #[test]
    fn server_functions_read_json_labelled_bodies_as_forms() {
        let both = r#""x&identifier=%00&password=y""#;

        assert!(refused("/api/sign_in", "application/json", both));
        assert!(!refused("/v1/client/sign_ins", "application/json", both));
    }

    #[test]
    fn look_alikes_pass() {
        assert!(!refused("/v1/x?token=%2500", "", ""));
        assert!(!refused(
            "/v1/x",
            "application/json",
            r#"{"password": "pass%00word \\u0000"}"#
        ));
        assert!(!refused(
            "/v1/me/profile_image",
            "multipart/form-data; boundary=x",
            "%00"
        ));
    }
}
