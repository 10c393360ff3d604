//! `UserProfile`'s forms when JavaScript is not running: each posts here, runs the same
//! engine call as the server function, and is answered with a redirect back to the
//! profile on success, or the profile rendered again with the form's problems (422).

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, FromRequestParts, Multipart},
    http::{HeaderMap, StatusCode, Uri, request::Parts},
    response::{IntoResponse, Redirect, Response},
};
use hallpass::{
    account::{FormEcho, Issue},
    engine::{CallContext, EngineError},
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
    /// The verification step's code.
    code: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewEmailFields {
    email_address: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DeleteFields {
    password: String,
}

pub async fn profile(request: FormCall, axum::Form(fields): axum::Form<ProfileFields>) -> Response {
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
    let outcome = request.engine().update_profile(&request.call, form).await;
    request.answer("profile", values, outcome).await
}

pub async fn password(
    request: FormCall,
    axum::Form(fields): axum::Form<PasswordFields>,
) -> Response {
    let form = PasswordForm {
        current_password: fields.current_password,
        new_password: fields.new_password,
        sign_out_of_other_sessions: fields.sign_out_of_other_sessions.is_some(),
    };
    let outcome = request.engine().change_password(&request.call, form).await;
    request.answer("password", Vec::new(), outcome).await
}

pub async fn revoke_session(
    request: FormCall,
    axum::Form(fields): axum::Form<SessionFields>,
) -> Response {
    let outcome = request
        .engine()
        .revoke_session(&request.call, fields.session_id)
        .await;
    request.answer("devices", Vec::new(), outcome).await
}

pub async fn make_email_primary(
    request: FormCall,
    axum::Form(fields): axum::Form<EmailFields>,
) -> Response {
    let outcome = request
        .engine()
        .make_email_primary(&request.call, fields.email_id)
        .await;
    request.answer("emails", Vec::new(), outcome).await
}

pub async fn remove_email(
    request: FormCall,
    axum::Form(fields): axum::Form<EmailFields>,
) -> Response {
    let outcome = request
        .engine()
        .remove_email(&request.call, fields.email_id)
        .await;
    request.answer("emails", Vec::new(), outcome).await
}

pub async fn add_email(
    request: FormCall,
    axum::Form(fields): axum::Form<NewEmailFields>,
) -> Response {
    let echoed = vec![("email_address".to_owned(), fields.email_address.clone())];
    let outcome = request
        .engine()
        .add_email(&request.call, fields.email_address)
        .await;
    request.answer("email-add", echoed, outcome).await
}

pub async fn send_email_code(
    request: FormCall,
    axum::Form(fields): axum::Form<EmailFields>,
) -> Response {
    let outcome = request
        .engine()
        .send_email_code(&request.call, fields.email_id.clone())
        .await;
    request
        .answer(
            "emails",
            vec![("email_id".into(), fields.email_id)],
            outcome,
        )
        .await
}

pub async fn verify_email(
    request: FormCall,
    axum::Form(fields): axum::Form<EmailFields>,
) -> Response {
    let outcome = request
        .engine()
        .verify_email(&request.call, fields.email_id.clone(), fields.code)
        .await;
    request
        .answer(
            "emails",
            vec![("email_id".into(), fields.email_id)],
            outcome,
        )
        .await
}

pub async fn set_avatar(request: FormCall, multipart: Multipart) -> Response {
    let upload = match read_file_part(multipart).await {
        Ok(upload) => upload,
        Err(error) => return error.into_response(),
    };
    let outcome = request
        .engine()
        .set_profile_image(&request.call, upload)
        .await;
    request.answer("avatar", Vec::new(), outcome).await
}

pub async fn remove_avatar(request: FormCall) -> Response {
    let outcome = request.engine().remove_profile_image(&request.call).await;
    request.answer("avatar", Vec::new(), outcome).await
}

pub async fn delete_account(
    request: FormCall,
    axum::Form(fields): axum::Form<DeleteFields>,
) -> Response {
    let outcome = request
        .engine()
        .delete_account(&request.call, fields.password)
        .await;
    match outcome {
        Ok(outcome) if outcome.value == Change::Saved => with_cookies(
            Redirect::to(SIGNED_OUT_PAGE).into_response(),
            outcome.set_cookies,
        ),
        Ok(outcome) => {
            request
                .answer("delete", Vec::new(), Ok(outcome.value))
                .await
        }
        Err(error) => request.answer("delete", Vec::new(), Err(error)).await,
    }
}

/// A profile form's request: the app, the headers (to render the page again) and the
/// call as the engine sees it.
pub struct FormCall {
    state: AppState,
    headers: HeaderMap,
    call: CallContext,
}

impl FromRequestParts<AppState> for FormCall {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let ConnectInfo(peer) = ConnectInfo::<SocketAddr>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Self {
            state: state.clone(),
            headers: parts.headers.clone(),
            call: call_context(&parts.headers, peer),
        })
    }
}

impl FormCall {
    fn engine(&self) -> &hallpass::engine::EngineHandle {
        &self.state.engine
    }

    /// Back to the profile when the change is saved; else the profile again, with
    /// `form`'s problems and the `values` it keeps.
    async fn answer(
        self,
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
        let mut response = render_again(&self.state, uri, self.headers, echo).await;
        *response.status_mut() = status;
        response
    }
}
