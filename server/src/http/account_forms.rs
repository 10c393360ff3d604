//! `UserProfile`'s forms when JavaScript is not running: each posts here, runs the same
//! engine call as the server function, and is answered with a redirect back to the
//! profile on success, or the profile rendered again with the form's problems (422).

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, Multipart, State},
    http::{HeaderMap, StatusCode, Uri},
    response::{IntoResponse, Redirect, Response},
};
use hallpass::{
    account::{FormEcho, Issue},
    engine::EngineError,
    profile::{Change, PasswordForm, ProfileForm},
};
use serde::Deserialize;

use super::hosted::{call_context, render_again, with_cookies};
use crate::{http::frontend::read_file_part, state::AppState};

/// Where the hosted profile lives, and where its forms come back to.
pub const PROFILE_PAGE: &str = "/user";
/// Where a deleted account's browser is sent.
pub const SIGNED_OUT_PAGE: &str = "/signed-out";

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ProfileFields {
    first_name: String,
    last_name: String,
    username: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordFields {
    current_password: String,
    new_password: String,
    /// A checkbox: present ("on") when ticked.
    sign_out_of_other_sessions: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SessionFields {
    session_id: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EmailFields {
    email_id: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DeleteFields {
    password: String,
}

pub async fn profile(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    axum::Form(fields): axum::Form<ProfileFields>,
) -> Response {
    let values = vec![
        ("first_name".to_owned(), fields.first_name.clone()),
        ("last_name".to_owned(), fields.last_name.clone()),
        ("username".to_owned(), fields.username.clone()),
    ];
    let form = ProfileForm {
        first_name: fields.first_name,
        last_name: fields.last_name,
        username: fields.username,
    };
    let outcome = state
        .engine
        .update_profile(&call_context(&headers, peer), form)
        .await;
    answer(&state, headers, "profile", values, outcome).await
}

pub async fn password(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    axum::Form(fields): axum::Form<PasswordFields>,
) -> Response {
    let form = PasswordForm {
        current_password: fields.current_password,
        new_password: fields.new_password,
        sign_out_of_other_sessions: fields.sign_out_of_other_sessions.is_some(),
    };
    let outcome = state
        .engine
        .change_password(&call_context(&headers, peer), form)
        .await;
    answer(&state, headers, "password", Vec::new(), outcome).await
}

pub async fn revoke_session(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    axum::Form(fields): axum::Form<SessionFields>,
) -> Response {
    let outcome = state
        .engine
        .revoke_session(&call_context(&headers, peer), fields.session_id)
        .await;
    answer(&state, headers, "devices", Vec::new(), outcome).await
}

pub async fn make_email_primary(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    axum::Form(fields): axum::Form<EmailFields>,
) -> Response {
    let outcome = state
        .engine
        .make_email_primary(&call_context(&headers, peer), fields.email_id)
        .await;
    answer(&state, headers, "emails", Vec::new(), outcome).await
}

pub async fn remove_email(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    axum::Form(fields): axum::Form<EmailFields>,
) -> Response {
    let outcome = state
        .engine
        .remove_email(&call_context(&headers, peer), fields.email_id)
        .await;
    answer(&state, headers, "emails", Vec::new(), outcome).await
}

pub async fn set_avatar(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let upload = match read_file_part(multipart).await {
        Ok(upload) => upload,
        Err(error) => return error.into_response(),
    };
    let outcome = state
        .engine
        .set_profile_image(&call_context(&headers, peer), upload)
        .await;
    answer(&state, headers, "avatar", Vec::new(), outcome).await
}

pub async fn remove_avatar(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let outcome = state
        .engine
        .remove_profile_image(&call_context(&headers, peer))
        .await;
    answer(&state, headers, "avatar", Vec::new(), outcome).await
}

pub async fn delete_account(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    axum::Form(fields): axum::Form<DeleteFields>,
) -> Response {
    let outcome = state
        .engine
        .delete_account(&call_context(&headers, peer), fields.password)
        .await;
    match outcome {
        Ok(outcome) if outcome.value == Change::Saved => with_cookies(
            Redirect::to(SIGNED_OUT_PAGE).into_response(),
            outcome.set_cookies,
        ),
        Ok(outcome) => answer(&state, headers, "delete", Vec::new(), Ok(outcome.value)).await,
        Err(error) => answer(&state, headers, "delete", Vec::new(), Err(error)).await,
    }
}

async fn answer(
    state: &AppState,
    headers: HeaderMap,
    form: &str,
    values: Vec<(String, String)>,
    outcome: Result<Change, EngineError>,
) -> Response {
    let (issues, status) = match outcome {
        Ok(Change::Saved) => return Redirect::to(PROFILE_PAGE).into_response(),
        Ok(Change::Rejected(issues)) => (issues, StatusCode::UNPROCESSABLE_ENTITY),
        Err(_) => (
            vec![Issue {
                code: "internal_error".into(),
                message: "Something went wrong on our side; please try again shortly.".into(),
                param: None,
                args: Vec::new(),
            }],
            StatusCode::SERVICE_UNAVAILABLE,
        ),
    };
    let echo = FormEcho {
        form: Some(form.to_owned()),
        issues,
        values,
    };
    let uri = Uri::from_static(PROFILE_PAGE);
    let mut response = render_again(state, uri, headers, echo).await;
    *response.status_mut() = status;
    response
}
