//! An error type for server functions whose failures the caller must tell apart: signed
//! out, bad input, not found, try again later. It carries the HTTP status and a stable
//! code, like Hallpass's JSON API, instead of the opaque 500 that `ServerFnError` becomes.

use std::fmt;

use leptos::server_fn::{
    Bytes, Encodes,
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// Return it from a server function (`Result<T, AppError>`) and the client gets it back
/// whole, with `code` to branch on and `message` to show. On the server the response
/// also carries `status`, so callers that are not Leptos clients see a 4xx or 503
/// rather than a 500.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppError {
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl AppError {
    pub fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.into(),
            message: message.into(),
        }
    }

    /// Input that can never succeed as sent (422).
    pub fn invalid(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(422, code, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(404, "resource_not_found", message)
    }

    /// Our bug, not the caller's; the detail belongs in the server's logs, not here.
    pub fn internal() -> Self {
        Self::new(
            500,
            "internal_error",
            "Something went wrong on our side; please try again shortly.",
        )
    }

    /// A failure on the engine's side: `detail` is logged, the caller gets
    /// [`AppError::internal`].
    #[cfg(feature = "ssr")]
    pub fn engine_failure(detail: crate::engine::EngineError) -> Self {
        tracing::error!(%detail, "server function failed");
        Self::internal()
    }

    /// Arguments the server could not read from the request, or could not make sense of:
    /// the caller's to fix (400), never a server error.
    fn unreadable_arguments(message: String) -> Self {
        Self::new(400, "malformed_request_body", message)
    }

    /// The status is set on the response when the error is serialised into it, because
    /// that is the one place every error passes through, including the ones Leptos
    /// raises before the function body runs (unreadable arguments). A plain HTML form
    /// post is left alone: Leptos answers it with a redirect back to the page, the error
    /// in the URL, and a 4xx status would turn that redirect into a dead end.
    #[cfg(feature = "ssr")]
    fn set_response_status(&self) {
        use leptos::prelude::use_context;

        let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
            return;
        };
        let redirected_form_post = use_context::<http::request::Parts>().is_some_and(|parts| {
            let accepts_html = parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|value| value.to_str().ok())
                .is_some_and(|accept| accept.contains("text/html"));
            accepts_html && parts.headers.contains_key(http::header::REFERER)
        });
        if !redirected_form_post {
            let status = http::StatusCode::from_u16(self.status)
                .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
            response.set_status(status);
        }
    }
}

/// For axum handlers: the status, and the `{"errors": [{"code", "message"}]}` body of
/// Hallpass's JSON API.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = http::StatusCode::from_u16(self.status)
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::json!({
            "errors": [{ "code": self.code, "message": self.message }]
        });
        (status, axum::Json(body)).into_response()
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) => {
                Self::unreadable_arguments("The request's arguments could not be read.".into())
            }
            ServerFnErrorErr::MissingArg(name) => {
                Self::unreadable_arguments(format!("The request is missing the argument `{name}`."))
            }
            // On the server, only a request's body is deserialized (not valid UTF-8, say);
            // a client that cannot decode an answer has met a failure of ours.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(_) => Self::unreadable_arguments(
                "The request's body could not be read as arguments.".into(),
            ),
            ServerFnErrorErr::Request(_) => Self::new(
                503,
                "network_error",
                "The server could not be reached; check the connection and try again.",
            ),
            _ => Self::internal(),
        }
    }

    fn ser(&self) -> Bytes {
        #[cfg(feature = "ssr")]
        self.set_response_status();
        // Three plain fields always serialise; the fallback only satisfies the signature.
        JsonEncoding::encode(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_arguments_are_the_callers_problem() {
        let args = AppError::from_server_fn_error(ServerFnErrorErr::Args("bad".into()));
        let missing = AppError::from_server_fn_error(ServerFnErrorErr::MissingArg("body".into()));

        for error in [args, missing] {
            assert_eq!(
                (error.status, error.code.as_str()),
                (400, "malformed_request_body")
            );
        }
    }

    #[test]
    fn the_client_decodes_what_the_server_encodes() {
        let error = AppError::invalid("entry_empty", "Write something first.");

        let decoded = AppError::de(error.ser());

        assert_eq!(decoded, error);
    }
}
