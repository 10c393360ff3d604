//! Axum extractors that turn a request into verified session claims.
//!
//! Where the token comes from: an `Authorization: Bearer <jwt>` header if the request
//! has one, otherwise the `__session` cookie. The header wins because it is an explicit
//! choice of the caller (a backend, a mobile app, a fetch with credentials set by hand),
//! while the cookie is ambient and may belong to another tab's session. A header with
//! another scheme (`Basic`, say) is not ours and is ignored.

use axum::{
    extract::{FromRef, FromRequestParts},
    http::{HeaderMap, header, request::Parts},
};

use super::{claims::SessionClaims, error::VerifyError, verifier::Verifier};

pub const SESSION_COOKIE: &str = "__session";

/// Rejects the request (401, or 503 if keys cannot be loaded) unless it carries a valid
/// session token.
#[derive(Debug, Clone)]
pub struct Session(pub SessionClaims);

/// For pages that work signed in or out: no token at all is `None`, but a token that
/// fails verification is still rejected, so a forged or expired session is never
/// silently downgraded to "signed out".
#[derive(Debug, Clone)]
pub struct OptionalSession(pub Option<SessionClaims>);

impl<S> FromRequestParts<S> for Session
where
    Verifier: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = VerifyError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let verifier = Verifier::from_ref(state);
        let token = session_token(&parts.headers).ok_or(VerifyError::Missing)?;
        verifier.verify(token).await.map(Session)
    }
}

impl<S> FromRequestParts<S> for OptionalSession
where
    Verifier: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = VerifyError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let verifier = Verifier::from_ref(state);
        match session_token(&parts.headers) {
            None => Ok(OptionalSession(None)),
            Some(token) => verifier
                .verify(token)
                .await
                .map(|c| OptionalSession(Some(c))),
        }
    }
}

/// The session token a request carries, by the rule in the module docs. An empty
/// `__session` cookie (what a sign-out leaves behind in some browsers) counts as none.
pub fn session_token(headers: &HeaderMap) -> Option<&str> {
    bearer_token(headers).or_else(|| cookie_token(headers))
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

fn cookie_token(headers: &HeaderMap) -> Option<&str> {
    cookie(headers, SESSION_COOKIE)
}

/// The value of the cookie `name` in the request's `Cookie` headers; an empty value
/// counts as none.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, value)| *key == name && !value.is_empty())
        .map(|(_, value)| value)
}
