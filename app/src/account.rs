//! Signing in, up and out, and who is signed in: the server functions the components
//! call. Rejections (a wrong password, a taken address) are ordinary results carrying
//! the same stable codes as the JSON API, so a form can show them next to its fields;
//! `Err` is kept for failures the user cannot fix.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

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
        strategy: EmailStrategy,
    },
    /// The sign-up has every field, and the instance wants its address verified: a code
    /// is on its way to it.
    VerifyEmail {
        sign_up_id: String,
    },
}

/// What a sign-in's email carries, named as the Frontend API names the strategy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailStrategy {
    /// A code that signs in.
    EmailCode,
    /// A link that signs in whoever opens it (with same-browser links, only here).
    EmailLink,
    /// A code entered with a new password.
    ResetPasswordEmailCode,
}

impl EmailStrategy {
    pub const ALL: [EmailStrategy; 3] = [
        EmailStrategy::EmailCode,
        EmailStrategy::EmailLink,
        EmailStrategy::ResetPasswordEmailCode,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            EmailStrategy::EmailCode => "email_code",
            EmailStrategy::EmailLink => "email_link",
            EmailStrategy::ResetPasswordEmailCode => "reset_password_email_code",
        }
    }

    /// The strategy a form's `strategy` field names, if it names one.
    pub fn parse(strategy: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|known| known.as_str() == strategy)
    }

    /// The `step` a sign-in page's address carries while waiting for this email: the
    /// page renders that step from its address alone, so a reload or a post without
    /// JavaScript lands on it. The code step is the default and carries none.
    pub const fn step(self) -> Option<&'static str> {
        match self {
            EmailStrategy::EmailCode => None,
            EmailStrategy::EmailLink => Some("link"),
            EmailStrategy::ResetPasswordEmailCode => Some("reset"),
        }
    }

    pub fn from_step(step: Option<&str>) -> Self {
        Self::ALL
            .into_iter()
            .find(|known| known.step() == step)
            .unwrap_or(EmailStrategy::EmailCode)
    }

    /// The sign-in page at `sign_in_url`, at this email's step for `sign_in_id`: where
    /// the step's forms post, so that a refusal without JavaScript renders it again.
    pub fn step_address(
        self,
        sign_in_url: &str,
        sign_in_id: &str,
        redirect_url: Option<&str>,
    ) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("sign_in_id", sign_in_id);
        if let Some(step) = self.step() {
            query.append_pair("step", step);
        }
        if let Some(target) = redirect_url {
            query.append_pair("redirect_url", target);
        }
        format!("{sign_in_url}?{}", query.finish())
    }
}

/// Which email a step waits for, so that it can be sent again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodeKind {
    SignIn(EmailStrategy),
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
) -> Result<AuthResult, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    let outcome = engine
        .sign_in(&call, identifier, password, redirect_url)
        .await
        .map_err(AppError::engine_failure)?;
    Ok(crate::engine::with_cookies(outcome))
}

/// Emails what `strategy` names (a sign-in code, a sign-in link, or a password reset
/// code) to the account `identifier` names. A link leads on to `redirect_url`, if the
/// server trusts it.
#[server(endpoint = "send_sign_in_code")]
pub async fn send_sign_in_code(
    identifier: String,
    strategy: EmailStrategy,
    redirect_url: Option<String>,
) -> Result<AuthResult, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    let outcome = engine
        .send_sign_in_code(&call, identifier, strategy, redirect_url)
        .await
        .map_err(AppError::engine_failure)?;
    Ok(crate::engine::with_cookies(outcome))
}

/// Whether the magic link of the sign-in `sign_in_id` has signed this browser in (from
/// any tab): `SignedIn`, with `redirect_url` if the server trusts it, or `None` yet.
#[server(endpoint = "email_link_result")]
pub async fn email_link_result(
    sign_in_id: String,
    redirect_url: Option<String>,
) -> Result<Option<AuthResult>, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    engine
        .email_link_result(&call, sign_in_id, redirect_url)
        .await
        .map_err(AppError::engine_failure)
}

/// Completes the sign-in `sign_in_id` with the emailed code.
#[server(endpoint = "sign_in_with_code")]
pub async fn sign_in_with_code(
    sign_in_id: String,
    code: String,
    redirect_url: Option<String>,
) -> Result<AuthResult, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    let outcome = engine
        .sign_in_with_code(&call, sign_in_id, code, redirect_url)
        .await
        .map_err(AppError::engine_failure)?;
    Ok(crate::engine::with_cookies(outcome))
}

/// Sends a new code or link for the sign-in or sign-up `flow_id`, replacing the last
/// one; refused (`too_many_requests`) within 30 s of it. A new link leads on to
/// `redirect_url`, as the first did.
#[server(endpoint = "resend_code")]
pub async fn resend_code(
    flow_id: String,
    kind: CodeKind,
    redirect_url: Option<String>,
) -> Result<AuthResult, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    let outcome = engine
        .resend_code(&call, flow_id, kind, redirect_url)
        .await
        .map_err(AppError::engine_failure)?;
    Ok(crate::engine::with_cookies(outcome))
}

/// Sets a new password with the emailed reset code, and signs in.
#[server(endpoint = "reset_password")]
pub async fn reset_password(form: ResetForm) -> Result<AuthResult, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    let outcome = engine
        .reset_password(&call, form)
        .await
        .map_err(AppError::engine_failure)?;
    Ok(crate::engine::with_cookies(outcome))
}

/// Completes the sign-up `sign_up_id` with the code emailed to its address.
#[server(endpoint = "verify_sign_up")]
pub async fn verify_sign_up(
    sign_up_id: String,
    code: String,
    redirect_url: Option<String>,
) -> Result<AuthResult, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    let outcome = engine
        .verify_sign_up(&call, sign_up_id, code, redirect_url)
        .await
        .map_err(AppError::engine_failure)?;
    Ok(crate::engine::with_cookies(outcome))
}

#[server(endpoint = "sign_up")]
pub async fn sign_up(form: SignUpForm) -> Result<AuthResult, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    let outcome = engine
        .sign_up(&call, form)
        .await
        .map_err(AppError::engine_failure)?;
    Ok(crate::engine::with_cookies(outcome))
}

/// Signs out of the active session, or of every session on this browser.
#[server(endpoint = "sign_out")]
pub async fn sign_out(all_sessions: bool) -> Result<(), AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    let outcome = engine
        .sign_out(&call, all_sessions)
        .await
        .map_err(AppError::engine_failure)?;
    crate::engine::with_cookies(outcome);
    Ok(())
}

#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<SignedInUser>, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    engine
        .current_user(&call)
        .await
        .map_err(AppError::engine_failure)
}

/// A fresh session JWT for calls to other backends, or `None` when signed out.
#[server(endpoint = "session_token")]
pub async fn session_token() -> Result<Option<String>, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    let outcome = engine
        .session_token(&call)
        .await
        .map_err(AppError::engine_failure)?;
    Ok(crate::engine::with_cookies(outcome))
}

#[server(endpoint = "accounts")]
pub async fn accounts() -> Result<Vec<SignedInUser>, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    engine
        .accounts(&call)
        .await
        .map_err(AppError::engine_failure)
}

/// `false` when this browser holds no such active session.
#[server(endpoint = "switch_session")]
pub async fn switch_session(session_id: String) -> Result<bool, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    let outcome = engine
        .switch_session(&call, session_id)
        .await
        .map_err(AppError::engine_failure)?;
    Ok(crate::engine::with_cookies(outcome))
}
