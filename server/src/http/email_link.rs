//! The page a magic link opens. A GET only shows a button: mail scanners fetch links to
//! inspect them, and must neither use up the link nor sign anyone in. The button's POST
//! (same-origin, like every form) consumes the token and signs this browser in. The page
//! names the account first, in large type: a link someone else asked for signs the
//! visitor in to that someone's account.

use axum::{
    Form,
    extract::{Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{Html, IntoResponse, Redirect, Response},
};
use hallpass::locale::{Locale, fill};
use html_escape::{encode_double_quoted_attribute as attribute, encode_text as text};
use serde::Deserialize;

use super::frontend::{caller::Caller, flow_cookies};
use crate::{
    auth::{AuthError, sign_in},
    email::locale_of,
    http::error::ApiError,
    ids::now_ms,
    redirect::safe_target,
    state::AppState,
};

#[derive(Deserialize)]
pub struct LinkParams {
    #[serde(default)]
    token: String,
    redirect_url: Option<String>,
}

pub async fn confirm_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<LinkParams>,
) -> Response {
    let locale = locale_of(&headers);
    let words = &locale.email_strings().link_page;
    let account = match sign_in::link_account(&state.auth, &params.token, now_ms()).await {
        Ok(Some(account)) => account,
        Ok(None) => return refused(&state, locale, AuthError::VerificationExpired),
        Err(error) => return ApiError::from(error).into_response(),
    };
    let redirect = params
        .redirect_url
        .map(|target| {
            format!(
                r#"<input type="hidden" name="redirect_url" value="{}">"#,
                attribute(&target)
            )
        })
        .unwrap_or_default();
    let body = format!(
        r#"<p class="hp-subtitle mt-1 text-sm text-hp-muted">{confirm}</p><p class="mt-6">{signing_in_as}</p><p class="hp-link-account my-2 text-2xl font-bold break-all">{account}</p><p class="hp-link-not-you mb-6 text-sm font-semibold text-hp-warning">{not_you}</p><form method="post" action="/v1/verify"><input type="hidden" name="token" value="{token}">{redirect}<button type="submit" class="hp-button-primary w-full rounded-md bg-hp-primary px-4 py-2 font-medium text-hp-on-primary hover:bg-hp-primary-hover focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-hp-primary">{button}</button></form>"#,
        confirm = text(words.confirm),
        signing_in_as = text(words.signing_in_as),
        account = text(&account),
        not_you = text(words.not_you),
        token = attribute(&params.token),
        button = text(words.button),
    );
    page(&state, locale, StatusCode::OK, &body)
}

pub async fn sign_in_with_link(
    State(state): State<AppState>,
    caller: Caller,
    Form(params): Form<LinkParams>,
) -> Response {
    let locale = caller.locale;
    let outcome = sign_in::complete_with_link(
        &state.auth,
        caller.client_token.as_ref(),
        &params.token,
        caller.device,
        locale,
        now_ms(),
    )
    .await;
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(error) => return refused(&state, locale, error),
    };
    let created = outcome.sign_in.created_session_id.clone();
    let cookies = match flow_cookies(
        &state.auth,
        &outcome.client,
        created.as_deref(),
        caller.origin,
    )
    .await
    {
        Ok(cookies) => cookies,
        Err(error) => return ApiError::from(error).into_response(),
    };
    let target = safe_target(
        params.redirect_url.as_deref(),
        &state.auth.settings.allowed_origins,
        "/",
    );
    let mut response = Redirect::to(target).into_response();
    for cookie in cookies {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// The page for a link that cannot sign in (or the error itself, for a failure on our side).
fn refused(state: &AppState, locale: Locale, error: AuthError) -> Response {
    let words = &locale.email_strings().link_page;
    let message = match &error {
        AuthError::InvalidStep(_) => words.other_browser,
        _ => words.failed,
    };
    let response = ApiError::from(error).into_response();
    match response.status().is_server_error() {
        true => response,
        false => page(
            state,
            locale,
            response.status(),
            &format!("<p>{}</p>", text(message)),
        ),
    }
}

fn page(state: &AppState, locale: Locale, status: StatusCode, body: &str) -> Response {
    let branding = &state.auth.mailer.branding;
    let title = fill(
        locale.email_strings().link_page.title,
        &[("instance", &branding.instance_name)],
    );
    let html = format!(
        r#"<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>{title}</title><link rel="stylesheet" href="/pkg/hallpass.css"></head><body class="hp-theme-system min-h-screen bg-hp-page font-hp text-hp-text antialiased"><main class="hp-page flex min-h-screen items-center justify-center px-4 py-12"><div class="hp-card w-full max-w-sm rounded-hp border border-hp-border bg-hp-bg p-8 shadow-sm"><h1 class="hp-title text-2xl font-semibold text-hp-text">{title}</h1>{body}</div></main></body></html>"#,
        lang = locale.tag(),
        title = text(&title),
    );
    (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
}
