//! Form posts from the hosted pages when JavaScript is not running: the same engine calls
//! as the server functions, answered the old way, with a redirect on success or the page
//! rendered again with its problems (422) on refusal.

use std::net::SocketAddr;

use axum::{
    body::Body,
    extract::{ConnectInfo, Query, Request, State},
    http::{HeaderMap, Method, StatusCode, Uri, header},
    response::{IntoResponse, Redirect, Response},
};
use hallpass::{
    account::{AuthResult, CodeKind, EmailStrategy, FormEcho, Issue, ResetForm, SignUpForm},
    engine::{CallContext, EngineError, WithCookies},
};
use leptos::prelude::provide_context;
use serde::Deserialize;

use super::account_forms::SIGNED_OUT_PAGE;
use crate::{auth::AuthError, http::error::ApiError, redirect::safe_target, state::AppState};

#[derive(Deserialize)]
pub struct RedirectQuery {
    redirect_url: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignInFields {
    identifier: String,
    password: String,
    /// The email strategy of the button that sent the form ("Email me a code", "Email
    /// me a link", "Forgot password?"); empty for a password.
    strategy: String,
    /// Set by the code step's form, with the `code`.
    sign_in_id: String,
    code: String,
    /// The step's `step` ([`EmailStrategy::step`]); the reset step's form sends the new
    /// `password` too.
    step: String,
    sign_out_of_other_sessions: Option<String>,
    /// Set by a code step's "Send a new code".
    resend: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignUpFields {
    email_address: String,
    password: String,
    first_name: String,
    last_name: String,
    /// Set by the verification step's form, with the emailed `code`.
    sign_up_id: String,
    code: String,
    /// Set by its "Send a new code".
    resend: String,
}

pub(super) fn call_context(headers: &HeaderMap, peer: SocketAddr) -> CallContext {
    CallContext {
        headers: headers.clone(),
        peer: Some(peer),
    }
}

pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(query): Query<RedirectQuery>,
    uri: Uri,
    headers: HeaderMap,
    axum::Form(fields): axum::Form<SignInFields>,
) -> Response {
    let call = call_context(&headers, peer);
    let echoed = vec![("identifier".to_owned(), fields.identifier.clone())];
    let waiting_for =
        EmailStrategy::from_step(Some(fields.step.as_str()).filter(|step| !step.is_empty()));
    let outcome = if !fields.sign_in_id.is_empty() && !fields.resend.is_empty() {
        state
            .engine
            .resend_code(
                &call,
                fields.sign_in_id,
                CodeKind::SignIn(waiting_for),
                query.redirect_url,
            )
            .await
    } else if !fields.sign_in_id.is_empty() && waiting_for == EmailStrategy::ResetPasswordEmailCode
    {
        let form = ResetForm {
            sign_in_id: fields.sign_in_id,
            code: fields.code,
            password: fields.password,
            sign_out_of_other_sessions: fields.sign_out_of_other_sessions.is_some(),
            redirect_url: query.redirect_url,
        };
        state.engine.reset_password(&call, form).await
    } else if !fields.sign_in_id.is_empty() {
        state
            .engine
            .sign_in_with_code(&call, fields.sign_in_id, fields.code, query.redirect_url)
            .await
    } else if let Some(strategy) = EmailStrategy::parse(&fields.strategy) {
        let outcome = state
            .engine
            .send_sign_in_code(
                &call,
                fields.identifier,
                strategy,
                query.redirect_url.clone(),
            )
            .await;
        if let Ok(WithCookies {
            value: AuthResult::CodeSent { sign_in_id, .. },
            set_cookies,
        }) = &outcome
        {
            let step = strategy.step_address(uri.path(), sign_in_id, query.redirect_url.as_deref());
            return with_cookies(Redirect::to(&step).into_response(), set_cookies.clone());
        }
        outcome
    } else {
        state
            .engine
            .sign_in(
                &call,
                fields.identifier,
                fields.password,
                query.redirect_url,
            )
            .await
    };
    answer(&state, outcome, uri, headers, echoed).await
}

pub async fn sign_up(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(query): Query<RedirectQuery>,
    uri: Uri,
    headers: HeaderMap,
    axum::Form(fields): axum::Form<SignUpFields>,
) -> Response {
    let call = call_context(&headers, peer);
    if !fields.sign_up_id.is_empty() && !fields.resend.is_empty() {
        let outcome = state
            .engine
            .resend_code(&call, fields.sign_up_id, CodeKind::SignUp, None)
            .await;
        return answer(&state, outcome, uri, headers, Vec::new()).await;
    }
    if !fields.sign_up_id.is_empty() {
        let outcome = state
            .engine
            .verify_sign_up(&call, fields.sign_up_id, fields.code, query.redirect_url)
            .await;
        return answer(&state, outcome, uri, headers, Vec::new()).await;
    }
    let echoed = vec![
        ("email_address".to_owned(), fields.email_address.clone()),
        ("first_name".to_owned(), fields.first_name.clone()),
        ("last_name".to_owned(), fields.last_name.clone()),
    ];
    let optional = |value: String| Some(value).filter(|value| !value.trim().is_empty());
    let form = SignUpForm {
        email_address: fields.email_address,
        password: fields.password,
        username: None,
        first_name: optional(fields.first_name),
        last_name: optional(fields.last_name),
        redirect_url: query.redirect_url,
    };
    let redirect_url = form.redirect_url.clone();
    let outcome = state.engine.sign_up(&call, form).await;
    if let Ok(WithCookies {
        value: AuthResult::VerifyEmail { sign_up_id },
        set_cookies,
    }) = &outcome
    {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query.append_pair("sign_up_id", sign_up_id);
        if let Some(target) = &redirect_url {
            query.append_pair("redirect_url", target);
        }
        let verify_step = format!("{}?{}", uri.path(), query.finish());
        return with_cookies(
            Redirect::to(&verify_step).into_response(),
            set_cookies.clone(),
        );
    }
    answer(&state, outcome, uri, headers, echoed).await
}

#[derive(Deserialize)]
pub struct SwitchFields {
    session_id: String,
}

pub async fn switch_session(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    axum::Form(fields): axum::Form<SwitchFields>,
) -> Response {
    match state
        .engine
        .switch_session(&call_context(&headers, peer), fields.session_id)
        .await
    {
        Ok(outcome) if outcome.value => {
            with_cookies(Redirect::to("/").into_response(), outcome.set_cookies)
        }
        Ok(_) => ApiError::Auth(AuthError::NotFound("Session")).into_response(),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// Signs out of the active session, then goes to `?redirect_url=` if it is safe, else
/// to the hosted after-sign-out page.
pub async fn sign_out(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(query): Query<RedirectQuery>,
    headers: HeaderMap,
) -> Response {
    let target = safe_target(
        query.redirect_url.as_deref(),
        &state.auth.settings.allowed_origins,
        SIGNED_OUT_PAGE,
    )
    .to_owned();
    match state
        .engine
        .sign_out(&call_context(&headers, peer), false)
        .await
    {
        Ok(outcome) => with_cookies(Redirect::to(&target).into_response(), outcome.set_cookies),
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

async fn answer(
    state: &AppState,
    outcome: Result<WithCookies<AuthResult>, EngineError>,
    uri: Uri,
    headers: HeaderMap,
    values: Vec<(String, String)>,
) -> Response {
    let (issues, status) = match outcome {
        Ok(WithCookies {
            value: AuthResult::SignedIn { redirect_to, .. },
            set_cookies,
        }) => {
            return with_cookies(Redirect::to(&redirect_to).into_response(), set_cookies);
        }
        Ok(WithCookies {
            value: AuthResult::Rejected(issues),
            ..
        }) => (issues, StatusCode::UNPROCESSABLE_ENTITY),
        Ok(WithCookies {
            value: AuthResult::CodeSent { .. } | AuthResult::VerifyEmail { .. },
            set_cookies,
        }) => {
            return with_cookies(
                render_again(state, uri, headers, FormEcho::default()).await,
                set_cookies,
            );
        }
        Err(_) => {
            let message = "Something went wrong on our side; please try again shortly.".to_owned();
            (
                vec![Issue {
                    code: "internal_error".into(),
                    message,
                    param: None,
                    args: Vec::new(),
                }],
                StatusCode::SERVICE_UNAVAILABLE,
            )
        }
    };
    let mut response = render_again(
        state,
        uri,
        headers,
        FormEcho {
            form: None,
            issues,
            values,
        },
    )
    .await;
    *response.status_mut() = status;
    response
}

/// The page the form came from, rendered as for a GET with the same cookies, with the
/// issues and the entered values (never the password) in context for the form to show.
pub(super) async fn render_again(
    state: &AppState,
    uri: Uri,
    headers: HeaderMap,
    echo: FormEcho,
) -> Response {
    let mut request = Request::builder()
        .method(Method::GET)
        .uri(uri)
        .body(Body::empty())
        .expect("a valid request");
    for name in [header::COOKIE, header::USER_AGENT, header::ACCEPT_LANGUAGE] {
        if let Some(value) = headers.get(&name) {
            request.headers_mut().insert(name, value.clone());
        }
    }
    super::render_site(state, request, move || provide_context(echo.clone())).await
}

pub(super) fn with_cookies(
    mut response: Response,
    cookies: Vec<axum::http::HeaderValue>,
) -> Response {
    for cookie in cookies {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}
