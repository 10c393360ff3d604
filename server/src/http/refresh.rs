//! Re-mints an expiring `__session` on the way through, for apps that mount Hallpass on
//! their own site: any request carrying a valid `__client` cookie leaves with a fresh
//! session JWT, and the handler already sees it. No redirect, no cross-site handshake,
//! so no redirect loops.

use std::{
    future::Future,
    pin::Pin,
    task::{Context, Poll},
};

use axum::{
    extract::Request,
    http::{HeaderMap, HeaderValue, header},
    response::Response,
};
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use tower::{Layer, Service};

use super::frontend::{caller::allowed_origin, cookies};
use crate::{
    auth::{Auth, account},
    ids::now_ms,
    sessions::tokens::Target,
    verify::SESSION_COOKIE,
};

/// A token with less than this left is replaced: enough to cover the request it rides on
/// and the clock skew between instances.
const REFRESH_MARGIN_SECS: i64 = 10;

#[derive(Clone)]
pub struct RefreshSessionLayer {
    auth: Auth,
}

impl RefreshSessionLayer {
    pub fn new(auth: Auth) -> Self {
        Self { auth }
    }
}

impl<S> Layer<S> for RefreshSessionLayer {
    type Service = RefreshSession<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RefreshSession {
            inner,
            auth: self.auth.clone(),
        }
    }
}

#[derive(Clone)]
pub struct RefreshSession<S> {
    inner: S,
    auth: Auth,
}

impl<S> Service<Request> for RefreshSession<S>
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

    fn call(&mut self, mut request: Request) -> Self::Future {
        // The clone that was polled ready serves this request; a fresh clone waits for the next.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let auth = self.auth.clone();
        Box::pin(async move {
            let fresh =
                match !skips_refresh(request.uri().path()) && needs_refresh(request.headers()) {
                    true => mint_for_client(&auth, request.headers()).await,
                    false => None,
                };
            if let Some(jwt) = &fresh {
                replace_session_cookie(request.headers_mut(), jwt);
            }
            let mut response = inner.call(request).await?;
            if let Some(jwt) = fresh {
                let cookie = cookies::set_session(jwt, auth.settings.secure_cookies);
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            Ok(response)
        })
    }
}

/// Requests that mint their own token (the Frontend API's client endpoints, the
/// components' `session_token`) or never read one (the site's files): a refresh on the
/// way in would sign a token nobody uses, and a refresh request would pay for two.
fn skips_refresh(path: &str) -> bool {
    path == "/v1/client"
        || path.starts_with("/v1/client/")
        || path == "/api/session_token"
        || path.starts_with("/pkg/")
}

/// A client cookie is present and the session token is missing, unreadable, or about to
/// expire. Reading `exp` without checking the signature is safe here: the decision only
/// triggers minting, which the client cookie authorises, and a forged far-future `exp`
/// merely skips the refresh and then fails verification downstream.
fn needs_refresh(headers: &HeaderMap) -> bool {
    if cookies::client_token(headers).is_none() {
        return false;
    }
    let expires_at = crate::verify::cookie(headers, SESSION_COOKIE)
        .and_then(|jwt| jwt.split('.').nth(1))
        .and_then(|payload| URL_SAFE_NO_PAD.decode(payload).ok())
        .and_then(|json| serde_json::from_slice::<serde_json::Value>(&json).ok())
        .and_then(|claims| claims["exp"].as_i64());
    expires_at.is_none_or(|exp| exp - now_ms() / 1000 < REFRESH_MARGIN_SECS)
}

/// A token for the client's active session, or `None` when it has none that is active.
async fn mint_for_client(auth: &Auth, headers: &HeaderMap) -> Option<String> {
    let token = cookies::client_token(headers)?;
    let origin = allowed_origin(headers, &auth.settings);
    account::mint(auth, Some(&token), Target::Active, origin)
        .await
        .ok()
        .map(|minted| minted.jwt)
}

fn replace_session_cookie(headers: &mut HeaderMap, jwt: &str) {
    let others: Vec<String> = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .map(str::trim)
        .filter(|pair| !pair.is_empty() && !pair.starts_with(&format!("{SESSION_COOKIE}=")))
        .map(str::to_owned)
        .collect();
    let mut pairs = others;
    pairs.push(format!("{SESSION_COOKIE}={jwt}"));
    let value = HeaderValue::from_str(&pairs.join("; ")).expect("cookie pairs from a valid header");
    headers.insert(header::COOKIE, value);
}
