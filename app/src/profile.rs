//! The signed-in person's own account, as `UserProfile` shows and changes it. Every call
//! acts on the session the request's `__session` proves, never on an id from the body,
//! and refusals come back as issues with the same stable codes as the JSON API.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

use crate::account::{Issue, SignedInUser};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub user: SignedInUser,
    pub emails: Vec<EmailAddress>,
    pub password_enabled: bool,
    /// Active sessions of this user, on any browser; the calling one first.
    pub devices: Vec<Device>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailAddress {
    pub id: String,
    pub email_address: String,
    pub verified: bool,
    pub primary: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    pub session_id: String,
    pub user_agent: Option<String>,
    pub ip_address: Option<String>,
    /// Unix milliseconds.
    pub last_active_at: i64,
    /// The session this request was made with.
    pub current: bool,
}

/// The outcome of a change the person asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Saved,
    Rejected(Vec<Issue>),
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileForm {
    pub first_name: String,
    pub last_name: String,
    pub username: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordForm {
    pub current_password: String,
    pub new_password: String,
    pub sign_out_of_other_sessions: bool,
}

/// The whole profile, or `None` when signed out.
#[server(endpoint = "profile")]
pub async fn load_profile() -> Result<Option<Profile>, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    engine
        .profile(&call)
        .await
        .map_err(AppError::engine_failure)
}

#[server(endpoint = "update_profile")]
pub async fn update_profile(form: ProfileForm) -> Result<Change, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    engine
        .update_profile(&call, form)
        .await
        .map_err(AppError::engine_failure)
}

#[server(endpoint = "change_password")]
pub async fn change_password(form: PasswordForm) -> Result<Change, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    engine
        .change_password(&call, form)
        .await
        .map_err(AppError::engine_failure)
}

/// Signs one of the user's sessions out, on whatever device it is.
#[server(endpoint = "revoke_session")]
pub async fn revoke_session(session_id: String) -> Result<Change, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    engine
        .revoke_session(&call, session_id)
        .await
        .map_err(AppError::engine_failure)
}

#[server(endpoint = "make_email_primary")]
pub async fn make_email_primary(email_id: String) -> Result<Change, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    engine
        .make_email_primary(&call, email_id)
        .await
        .map_err(AppError::engine_failure)
}

#[server(endpoint = "remove_email")]
pub async fn remove_email(email_id: String) -> Result<Change, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    engine
        .remove_email(&call, email_id)
        .await
        .map_err(AppError::engine_failure)
}

/// Adds an address to the account, unverified, and emails it a code.
#[server(endpoint = "add_email")]
pub async fn add_email(email_address: String) -> Result<Change, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    engine
        .add_email(&call, email_address)
        .await
        .map_err(AppError::engine_failure)
}

/// Emails a new code to one of the account's unverified addresses.
#[server(endpoint = "send_email_code")]
pub async fn send_email_code(email_id: String) -> Result<Change, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    engine
        .send_email_code(&call, email_id)
        .await
        .map_err(AppError::engine_failure)
}

#[server(endpoint = "verify_email")]
pub async fn verify_email(email_id: String, code: String) -> Result<Change, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    engine
        .verify_email(&call, email_id, code)
        .await
        .map_err(AppError::engine_failure)
}

/// Deletes the account once its password is confirmed, and signs this browser out of it.
#[server(endpoint = "delete_account")]
pub async fn delete_account(password: String) -> Result<Change, AppError> {
    let (engine, call) = crate::engine::for_this_call()?;
    let outcome = engine
        .delete_account(&call, password)
        .await
        .map_err(AppError::engine_failure)?;
    Ok(crate::engine::with_cookies(outcome))
}
