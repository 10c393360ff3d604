//! Why a session was refused, as a stable code a client can branch on and a response
//! in the same `{"errors":[{"code","message"}]}` shape as Hallpass's own API. Built here,
//! not by the Hallpass server, because app backends use the verifier without it.

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("No session token was sent.")]
    Missing,
    /// The reason is fixed text chosen by this module, never parser output, so nothing
    /// about the verifier's internals reaches the client.
    #[error("The session token is malformed: {0}.")]
    Malformed(&'static str),
    #[error("The session token has expired.")]
    Expired,
    #[error("The session token is not valid yet.")]
    NotYetValid,
    #[error("The session token's signature does not match its contents.")]
    InvalidSignature,
    #[error("The session token was signed with a key this server does not know.")]
    UnknownKey,
    #[error("The session token was issued by another issuer.")]
    InvalidIssuer,
    #[error("The session token was issued for another application.")]
    UnauthorizedParty,
    /// The detail (an address, a transport error) is for logs and `Debug` only.
    #[error("The signing keys could not be loaded; try again shortly.")]
    JwksUnavailable(String),
}

impl VerifyError {
    pub fn code(&self) -> &'static str {
        match self {
            VerifyError::Missing => "token_missing",
            VerifyError::Malformed(_) => "token_malformed",
            VerifyError::Expired => "token_expired",
            VerifyError::NotYetValid => "token_not_yet_valid",
            VerifyError::InvalidSignature => "token_invalid_signature",
            VerifyError::UnknownKey => "token_unknown_key",
            VerifyError::InvalidIssuer => "token_invalid_issuer",
            VerifyError::UnauthorizedParty => "token_unauthorized_party",
            VerifyError::JwksUnavailable(_) => "jwks_unavailable",
        }
    }

    /// Every token problem is a 401. Failing to load keys is ours, not the caller's: a
    /// 401 there would make clients sign a perfectly good user out during an outage, so
    /// it is a 503 instead.
    pub fn status(&self) -> StatusCode {
        match self {
            VerifyError::JwksUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::UNAUTHORIZED,
        }
    }
}

impl IntoResponse for VerifyError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = json!({
            "errors": [{ "code": self.code(), "message": self.to_string() }]
        });
        let mut response = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            // RFC 6750 §3: a 401 names the scheme that would have worked.
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
