//! A tower layer that guards a whole router or group of routes, for apps that would
//! rather not add an extractor to every handler.
//!
//! A plain `tower::Layer` rather than `axum::middleware::from_fn_with_state`: it needs
//! no application state type, so it drops into any stack (`route_layer`, a
//! `ServiceBuilder`, a nested router) with just a `Verifier`.

use std::{
    future::Future,
    pin::Pin,
    task::{Context, Poll},
};

use axum::{
    extract::Request,
    response::{IntoResponse, Response},
};
use tower::{Layer, Service};

use super::{error::VerifyError, extract::session_token, verifier::Verifier};

/// Rejects requests without a valid session (same token rule and error body as the
/// [`Session`](super::Session) extractor) and hands the claims to handlers as
/// `Extension<SessionClaims>`.
#[derive(Debug, Clone)]
pub struct RequireSessionLayer {
    verifier: Verifier,
}

impl RequireSessionLayer {
    pub fn new(verifier: Verifier) -> Self {
        RequireSessionLayer { verifier }
    }
}

impl<S> Layer<S> for RequireSessionLayer {
    type Service = RequireSession<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RequireSession {
            inner,
            verifier: self.verifier.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct RequireSession<S> {
    inner: S,
    verifier: Verifier,
}

impl<S> Service<Request> for RequireSession<S>
where
    S: Service<Request, Response = Response> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        // The service that was polled ready is the one that must be called; leave a
        // fresh clone behind for the next request.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let verifier = self.verifier.clone();
        Box::pin(async move {
            // Split so only the (`Sync`) parts are borrowed across the await; the body
            // type is not `Sync`.
            let (mut parts, body) = request.into_parts();
            let verified = match session_token(&parts.headers) {
                None => Err(VerifyError::Missing),
                Some(token) => verifier.verify(token).await,
            };
            match verified {
                Ok(claims) => {
                    parts.extensions.insert(claims);
                    inner.call(Request::from_parts(parts, body)).await
                }
                Err(err) => Ok(err.into_response()),
            }
        })
    }
}
