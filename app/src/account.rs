//! Signing in, up and out, and who is signed in: the server functions the components
//! call. Rejections (a wrong password, a taken address) are ordinary results carrying
//! the same stable codes as the JSON API, so a form can show them next to its fields;
//! `Err` is kept for failures the user cannot fix.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInUser {
    pub id: String,
    pub session_id: String,
    pub email_address: Option<String>,
    pub username: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub image_url: Option<String>,
}

/// One reason a request was refused: a stable `code`, a message for people (in English:
/// the components word it from their locale table by the code), the form field it
/// concerns, if any, and the limits the message mentions (`min`, `max`), so that a
/// translation can say them too.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    pub code: String,
    pub message: String,
    pub param: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuthResult {
    /// Signed in; `redirect_to` is the requested target if it was safe, else the default.
    SignedIn {
        user: SignedInUser,
        redirect_to: String,
    },
    Rejected(Vec<Issue>),
    /// A code is on its way (if the identifier has an account; the answer is the same
    /// either way): the next step enters it for this sign-in.
    CodeSent {
        sign_in_id: String,
        identifier: String,
        /// A password reset code, entered with the new password.
        reset: bool,
    },
    /// The sign-up has every field, and the instance wants its address verified: a code
    /// is on its way to it.
    VerifyEmail {
        sign_up_id: String,
    },
}

/// Which code a step waits for, so that it can be sent again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodeKind {
    SignIn,
    Reset,
    SignUp,
}

/// The reset step: the emailed code and the new password.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetForm {
    pub sign_in_id: String,
    pub code: String,
    pub password: String,
    pub sign_out_of_other_sessions: bool,
    pub redirect_url: Option<String>,
}

/// Values a form sent, echoed back with its issues when a page without JavaScript posts
/// it and must be shown again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormEcho {
    /// Which of the page's forms was sent, for pages with several.
    pub form: Option<String>,
    pub issues: Vec<Issue>,
    pub values: Vec<(String, String)>,
}

impl FormEcho {
    /// The echo if it belongs to the form named `form`, else an empty one.
    pub fn for_form(&self, form: &str) -> FormEcho {
        if self.form.as_deref() == Some(form) {
            self.clone()
        } else {
            FormEcho::default()
        }
    }

    pub fn value(&self, name: &str) -> Option<String> {
        self.values
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUpForm {
    pub email_address: String,
    pub password: String,
    pub username: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub redirect_url: Option<String>,
}

#[server(endpoint = "sign_in")]
pub async fn sign_in(
    identifier: String,
    password: String,
    redirect_url: Option<String>,
) -> Result<AuthResult, ServerFnError> {
    let (engine, call) = crate::engine::for_this_call()?;
    let outcome = engine
        .sign_in(&call, identifier, password, redirect_url)
        .await
        .map_err(ServerFnError::new)?;
    Ok(crate::engine::with_cookies(outcome))
}

/// Emails a sign-in code, or with `reset` a password reset code, to the account
/// `identifier` names.
#[server(endpoint = "send_sign_in_code")]
pub async fn send_sign_in_code(
    identifier: String,
    reset: bool,
) -> Result<AuthResult, ServerFnError> {
    let (engine, call) = crate::engine::for_this_call()?;
    let outcome = engine
        .send_sign_in_code(&call, identifier, reset)
        .await
        .map_err(ServerFnError::new)?;
    Ok(crate::engine::with_cookies(outcome))
}

/// Completes the sign-in `sign_in_id` with the emailed code.
#[server(endpoint = "sign_in_with_code")]
pub async fn sign_in_with_code(
    sign_in_id: String,
    code: String,
    redirect_url: Option<String>,
) -> Result<AuthResult, ServerFnError> {
    let (engine, call) = crate::engine::for_this_call()?;
    let outcome = engine
        .sign_in_with_code(&call, sign_in_id, code, redirect_url)
        .await
        .map_err(ServerFnError::new)?;
    Ok(crate::engine::with_cookies(outcome))
}

/// Sends a new code for the sign-in or sign-up `flow_id`, replacing the last one; refused
/// (`too_many_requests`) within 30 s of it.
#[server(endpoint = "resend_code")]
pub async fn resend_code(flow_id: String, kind: CodeKind) -> Result<AuthResult, ServerFnError> {
    let (engine, call) = crate::engine::for_this_call()?;
    let outcome = engine
        .resend_code(&call, flow_id, kind)
        .await
        .map_err(ServerFnError::new)?;
    Ok(crate::engine::with_cookies(outcome))
}

/// Sets a new password with the emailed reset code, and signs in.
#[server(endpoint = "reset_password")]
pub async fn reset_password(form: ResetForm) -> Result<AuthResult, ServerFnError> {
    let (engine, call) = crate::engine::for_this_call()?;
    let outcome = engine
        .reset_password(&call, form)
        .await
        .map_err(ServerFnError::new)?;
    Ok(crate::engine::with_cookies(outcome))
}

/// Completes the sign-up `sign_up_id` with the code emailed to its address.
#[server(endpoint = "verify_sign_up")]
pub async fn verify_sign_up(
    sign_up_id: String,
    code: String,
    redirect_url: Option<String>,
) -> Result<AuthResult, ServerFnError> {
    let (engine, call) = crate::engine::for_this_call()?;
    let outcome = engine
        .verify_sign_up(&call, sign_up_id, code, redirect_url)
        .await
        .map_err(ServerFnError::new)?;
    Ok(crate::engine::with_cookies(outcome))
}

#[server(endpoint = "sign_up")]
pub async fn sign_up(form: SignUpForm) -> Result<AuthResult, ServerFnError> {
    let (engine, call) = crate::engine::for_this_call()?;
    let outcome = engine
        .sign_up(&call, form)
        .await
        .map_err(ServerFnError::new)?;
    Ok(crate::engine::with_cookies(outcome))
}

/// Signs out of the active session, or of every session on this browser.
#[server(endpoint = "sign_out")]
pub async fn sign_out(all_sessions: bool) -> Result<(), ServerFnError> {
    let (engine, call) = crate::engine::for_this_call()?;
    let outcome = engine
        .sign_out(&call, all_sessions)
        .await
        .map_err(ServerFnError::new)?;
    crate::engine::with_cookies(outcome);
    Ok(())
}

#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<SignedInUser>, ServerFnError> {
    let (engine, call) = crate::engine::for_this_call()?;
    engine.current_user(&call).await.map_err(ServerFnError::new)
}

/// A fresh session JWT for calls to other backends, or `None` when signed out.
#[server(endpoint = "session_token")]
pub async fn session_token() -> Result<Option<String>, ServerFnError> {
    let (engine, call) = crate::engine::for_this_call()?;
    let outcome = engine
        .session_token(&call)
        .await
        .map_err(ServerFnError::new)?;
    Ok(crate::engine::with_cookies(outcome))
}

#[server(endpoint = "accounts")]
pub async fn accounts() -> Result<Vec<SignedInUser>, ServerFnError> {
    let (engine, call) = crate::engine::for_this_call()?;
    engine.accounts(&call).await.map_err(ServerFnError::new)
}

/// `false` when this browser holds no such active session.
#[server(endpoint = "switch_session")]
pub async fn switch_session(session_id: String) -> Result<bool, ServerFnError> {
    let (engine, call) = crate::engine::for_this_call()?;
    let outcome = engine
        .switch_session(&call, session_id)
        .await
        .map_err(ServerFnError::new)?;
    Ok(crate::engine::with_cookies(outcome))
}
