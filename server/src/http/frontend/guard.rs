//! Cross-site request forgery defence for the Frontend API and the hosted forms: a
//! state-changing request from a browser must come from an allowed origin. Browsers send
//! `Origin` on such requests, or `Origin: null` where a referrer policy hides it, and then
//! `Sec-Fetch-Site` still tells; clients that send neither are not browsers, carry no
//! ambient cookies, and pass.

use axum::{
    extract::{Request, State},
    http::{Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{http::error::ApiError, state::AppState};

pub async fn same_origin(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok());
    let fetch_site = headers
        .get("sec-fetch-site")
        .and_then(|value| value.to_str().ok());
    let allowed = match (origin.filter(|origin| *origin != "null"), fetch_site) {
        (Some(origin), _) => state.auth.settings.is_allowed_origin(origin),
        (None, None) if origin.is_some() => false,
        (None, Some(site)) => site == "same-origin" || site == "none",
        (None, None) => true,
    };
    if !allowed {
        return ApiError::OriginNotAllowed.into_response();
    }
    next.run(request).await
}
