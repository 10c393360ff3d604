//! The verified user inside a Leptos server function, in one line.
//!
//! A server function must take the user from the session token, never from its
//! arguments: arguments are whatever the caller chose to send. These read the request
//! the function was called with and the [`Verifier`] the host server put into Leptos
//! context, and apply exactly the rules of the [`Session`](super::Session) and
//! [`OptionalSession`](super::OptionalSession) extractors.

use leptos::prelude::use_context;

use super::{SessionClaims, Verifier, VerifyError, session_token};
use crate::error::AppError;

/// The signed-in user's claims; `sub` is the user id. Signed out, or with a token that
/// fails verification, it fails with the verifier's code (`token_missing`,
/// `token_expired`, …) and status 401, or 503 `jwks_unavailable` when the keys cannot be
/// loaded.
///
/// ```no_run
/// use hallpass::{error::AppError, verify::require_session};
/// use leptos::prelude::*;
///
/// #[server]
/// pub async fn my_notes() -> Result<Vec<String>, AppError> {
///     let user_id = require_session().await?.sub;
///     # let _ = user_id;
///     Ok(Vec::new())
/// }
/// ```
pub async fn require_session() -> Result<SessionClaims, AppError> {
    session().await?.ok_or_else(|| VerifyError::Missing.into())
}

/// For functions that work signed in or out: no token at all is `None`, but a token
/// that fails verification is an error, so a forged or expired session is never quietly
/// treated as signed out.
pub async fn session() -> Result<Option<SessionClaims>, AppError> {
    let verifier = use_context::<Verifier>().ok_or_else(|| {
        tracing::error!("no hallpass::verify::Verifier in Leptos context");
        AppError::internal()
    })?;
    let parts = use_context::<http::request::Parts>().ok_or_else(|| {
        tracing::error!("no request in Leptos context: call this from a server function");
        AppError::internal()
    })?;
    match session_token(&parts.headers) {
        None => Ok(None),
        Some(token) => Ok(Some(verifier.verify(token).await?)),
    }
}

impl From<VerifyError> for AppError {
    fn from(error: VerifyError) -> Self {
        if let VerifyError::JwksUnavailable(detail) = &error {
            tracing::warn!(%detail, "signing keys unavailable");
        }
        AppError::new(error.status().as_u16(), error.code(), error.to_string())
    }
}
