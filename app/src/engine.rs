//! The seam between the components and the engine.
//!
//! `app` cannot depend on `hallpass-server` (the server depends on `app`), so the
//! operations the components need are declared here and implemented by the server,
//! which provides an [`EngineHandle`] as Leptos context to every render and server
//! function call. Each operation's logic therefore lives once, in the engine.

use std::{net::SocketAddr, sync::Arc};

use leptos::prelude::*;

use crate::{
    account::{AuthResult, CodeKind, EmailStrategy, ResetForm, SignUpForm, SignedInUser},
    error::AppError,
    profile::{Change, PasswordForm, Profile, ProfileForm},
    status::InstanceStatus,
};

/// What the engine needs to know about the HTTP request a call arrived in: its cookies,
/// user agent and origin, and the peer address rate limits apply to.
#[derive(Clone, Debug)]
pub struct CallContext {
    pub headers: http::HeaderMap,
    pub peer: Option<SocketAddr>,
}

/// A result, and the `Set-Cookie` values the response must carry with it.
#[derive(Debug)]
pub struct WithCookies<T> {
    pub value: T,
    pub set_cookies: Vec<http::HeaderValue>,
}

/// Failures a person cannot fix (the database is down); shown as a generic error.
pub type EngineError = String;

#[async_trait::async_trait]
pub trait Engine: Send + Sync + 'static {
    async fn status(&self) -> InstanceStatus;
    /// The shortest password the instance accepts, for forms to say so before submitting.
    fn password_min_length(&self) -> usize;
    async fn sign_in(
        &self,
        call: &CallContext,
        identifier: String,
        password: String,
        redirect_url: Option<String>,
    ) -> Result<WithCookies<AuthResult>, EngineError>;
    /// Starts a sign-in for `identifier` and emails it a code or link: `CodeSent`
    /// whether or not the identifier has an account.
    async fn send_sign_in_code(
        &self,
        call: &CallContext,
        identifier: String,
        strategy: EmailStrategy,
        redirect_url: Option<String>,
    ) -> Result<WithCookies<AuthResult>, EngineError>;
    /// `SignedIn` once the sign-in `sign_in_id` of this browser has been completed by
    /// its magic link, in whichever tab; `None` until then.
    async fn email_link_result(
        &self,
        call: &CallContext,
        sign_in_id: String,
        redirect_url: Option<String>,
    ) -> Result<Option<AuthResult>, EngineError>;
    async fn reset_password(
        &self,
        call: &CallContext,
        form: ResetForm,
    ) -> Result<WithCookies<AuthResult>, EngineError>;
    async fn resend_code(
        &self,
        call: &CallContext,
        flow_id: String,
        kind: CodeKind,
        redirect_url: Option<String>,
    ) -> Result<WithCookies<AuthResult>, EngineError>;
    async fn sign_in_with_code(
        &self,
        call: &CallContext,
        sign_in_id: String,
        code: String,
        redirect_url: Option<String>,
    ) -> Result<WithCookies<AuthResult>, EngineError>;
    /// `VerifyEmail` when the instance wants the address verified first.
    async fn sign_up(
        &self,
        call: &CallContext,
        form: SignUpForm,
    ) -> Result<WithCookies<AuthResult>, EngineError>;
    async fn verify_sign_up(
        &self,
        call: &CallContext,
        sign_up_id: String,
        code: String,
        redirect_url: Option<String>,
    ) -> Result<WithCookies<AuthResult>, EngineError>;
    async fn sign_out(
        &self,
        call: &CallContext,
        all_sessions: bool,
    ) -> Result<WithCookies<()>, EngineError>;
    async fn current_user(&self, call: &CallContext) -> Result<Option<SignedInUser>, EngineError>;
    async fn session_token(
        &self,
        call: &CallContext,
    ) -> Result<WithCookies<Option<String>>, EngineError>;
    /// Every account signed in on this browser, the active one first.
    async fn accounts(&self, call: &CallContext) -> Result<Vec<SignedInUser>, EngineError>;
    /// Makes another of this browser's sessions the active one; `false` when this browser
    /// holds no such active session.
    async fn switch_session(
        &self,
        call: &CallContext,
        session_id: String,
    ) -> Result<WithCookies<bool>, EngineError>;
    /// The signed-in user's profile, or `None` when signed out.
    async fn profile(&self, call: &CallContext) -> Result<Option<Profile>, EngineError>;
    async fn update_profile(
        &self,
        call: &CallContext,
        form: ProfileForm,
    ) -> Result<Change, EngineError>;
    async fn change_password(
        &self,
        call: &CallContext,
        form: PasswordForm,
    ) -> Result<Change, EngineError>;
    async fn revoke_session(
        &self,
        call: &CallContext,
        session_id: String,
    ) -> Result<Change, EngineError>;
    async fn make_email_primary(
        &self,
        call: &CallContext,
        email_id: String,
    ) -> Result<Change, EngineError>;
    async fn remove_email(
        &self,
        call: &CallContext,
        email_id: String,
    ) -> Result<Change, EngineError>;
    /// Adds an address, unverified, and emails it a code.
    async fn add_email(
        &self,
        call: &CallContext,
        email_address: String,
    ) -> Result<Change, EngineError>;
    /// Emails one of the user's unverified addresses a new code.
    async fn send_email_code(
        &self,
        call: &CallContext,
        email_id: String,
    ) -> Result<Change, EngineError>;
    async fn verify_email(
        &self,
        call: &CallContext,
        email_id: String,
        code: String,
    ) -> Result<Change, EngineError>;
    /// Replaces the profile picture with an uploaded file, checked for type and size.
    async fn set_profile_image(
        &self,
        call: &CallContext,
        upload: Vec<u8>,
    ) -> Result<Change, EngineError>;
    async fn remove_profile_image(&self, call: &CallContext) -> Result<Change, EngineError>;
    async fn delete_account(
        &self,
        call: &CallContext,
        password: String,
    ) -> Result<WithCookies<Change>, EngineError>;
}

#[derive(Clone)]
pub struct EngineHandle(Arc<dyn Engine>);

impl EngineHandle {
    pub fn new(engine: impl Engine) -> Self {
        Self(Arc::new(engine))
    }
}

impl std::ops::Deref for EngineHandle {
    type Target = dyn Engine;

    fn deref(&self) -> &Self::Target {
        self.0.as_ref()
    }
}

/// The engine of the server that is rendering or answering this request.
pub fn expect_engine() -> Result<EngineHandle, AppError> {
    use_context::<EngineHandle>().ok_or_else(|| {
        AppError::engine_failure("no Hallpass engine in context: provide an EngineHandle".into())
    })
}

/// The engine and the request the current server function call arrived in.
pub fn for_this_call() -> Result<(EngineHandle, CallContext), AppError> {
    let engine = expect_engine()?;
    let parts = use_context::<http::request::Parts>().ok_or_else(|| {
        AppError::engine_failure("no request in context: call this from a server function".into())
    })?;
    let peer = parts
        .extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|axum::extract::ConnectInfo(addr)| *addr);
    Ok((
        engine,
        CallContext {
            headers: parts.headers,
            peer,
        },
    ))
}

/// Puts the outcome's cookies on the response and hands back its value.
pub fn with_cookies<T>(outcome: WithCookies<T>) -> T {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        for cookie in outcome.set_cookies {
            response.append_header(http::header::SET_COOKIE, cookie);
        }
    }
    outcome.value
}
