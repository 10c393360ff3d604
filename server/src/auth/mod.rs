//! Sign-up, sign-in and account changes as explicit state machines, shaped after Clerk's
//! (`missing_requirements`, `needs_first_factor`, `complete`). Every door (the JSON
//! Frontend API, the Leptos server functions) calls these; none has logic of its own.

pub mod account;
pub mod claim;
pub mod client;
pub mod email_addresses;
pub mod lockout;
pub mod rate_limit;
pub mod sign_in;
pub mod sign_up;
pub mod verification;

use std::time::Duration;

use crate::{
    config::Config,
    email::Mailer,
    identity::FieldError,
    keys::{KeyError, SigningKeys},
    password::{HashError, PasswordHasher, PasswordPolicy, PasswordRejection},
    secret::CodeKey,
    sessions::{
        ClientToken, Device, SessionRow,
        activity::ActivityLog,
        session::Lifetimes,
        start::{self, Conditions, NewSession, StartError},
        tokens::{MintError, TokenSettings},
    },
    store::{Db, StoreError},
};

#[derive(Clone)]
pub struct Auth {
    pub db: Db,
    pub keys: SigningKeys,
    /// Session activity waiting for its batched write.
    pub activity: ActivityLog,
    pub hasher: PasswordHasher,
    pub policy: PasswordPolicy,
    pub settings: AuthSettings,
    pub mailer: Mailer,
    /// Keys the stored form of one-time codes and link tokens.
    pub codes: CodeKey,
}

#[derive(Debug, Clone)]
pub struct AuthSettings {
    pub token: TokenSettings,
    pub lockout_attempts: i32,
    pub lockout_ms: i64,
    pub max_sessions_per_client: u32,
    pub sign_ins_per_minute: u32,
    pub sign_ups_per_minute: u32,
    /// The public origin and every authorized one.
    pub allowed_origins: Vec<String>,
    pub secure_cookies: bool,
    pub email_verification_required: bool,
    pub email_link_same_browser: bool,
}

impl Auth {
    /// A session for the user on the client, under this instance's lifetimes and
    /// per-client cap, if `conditions` still hold when it is written.
    pub(crate) async fn start_session(
        &self,
        client_id: &str,
        user_id: &str,
        device: &Device,
        conditions: Conditions<'_>,
        now: i64,
    ) -> Result<(SessionRow, ClientToken), StartError> {
        let new = self.new_session(client_id, user_id, device, now);
        start::start(&self.db, new, conditions).await
    }

    /// Asks, before a step that cannot be undone, whether the session that step leads to
    /// could start; [`start::start`] decides again when it writes.
    pub(crate) async fn may_start_session(
        &self,
        user: &crate::identity::User,
        client_id: &str,
        now: i64,
    ) -> Result<(), AuthError> {
        let held = crate::sessions::client::sessions(&self.db, client_id).await?;
        let device = Device::default();
        let new = self.new_session(client_id, user.id(), &device, now);
        match start::refusal(user.row.banned, &held, &new) {
            Some(refused) => Err(refused.into()),
            None => Ok(()),
        }
    }

    /// A session under this instance's lifetimes and per-client cap.
    fn new_session<'a>(
        &self,
        client_id: &'a str,
        user_id: &'a str,
        device: &'a Device,
        now: i64,
    ) -> NewSession<'a> {
        NewSession {
            client_id,
            user_id,
            device,
            rules: self.settings.lifetimes(),
            max_per_client: self.settings.max_sessions_per_client,
            now,
        }
    }
}

impl AuthSettings {
    pub fn from_config(config: &Config, public_origin: &str) -> Self {
        let mut allowed_origins = vec![public_origin.to_owned()];
        allowed_origins.extend(
            config
                .authorized_origins
                .iter()
                .map(|o| o.origin().to_owned()),
        );
        Self {
            token: TokenSettings {
                issuer: public_origin.to_owned(),
                lifetime_secs: config.session_token_lifetime_secs as i64,
                lifetimes: Lifetimes {
                    maximum_ms: config.session_lifetime_secs as i64 * 1000,
                    inactivity_ms: config
                        .session_inactivity_timeout_secs
                        .map(|secs| secs as i64 * 1000),
                },
            },
            lockout_attempts: config.lockout_max_attempts as i32,
            lockout_ms: config.lockout_duration_secs as i64 * 1000,
            max_sessions_per_client: config.max_sessions_per_client.max(1),
            sign_ins_per_minute: config.sign_in_attempts_per_minute,
            sign_ups_per_minute: config.sign_ups_per_minute,
            allowed_origins,
            secure_cookies: public_origin.starts_with("https://"),
            email_verification_required: config.email_verification_required,
            email_link_same_browser: config.email_link_same_browser,
        }
    }

    pub fn lifetimes(&self) -> Lifetimes {
        self.token.lifetimes
    }

    pub fn is_allowed_origin(&self, origin: &str) -> bool {
        self.allowed_origins.iter().any(|allowed| allowed == origin)
    }
}

/// Everything a flow can refuse; `http::error` maps each to a status and a stable code.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("{}", .0.first().map(|e| e.message.as_str()).unwrap_or("Invalid input."))]
    Fields(Vec<FieldError>),
    #[error(transparent)]
    Password(#[from] PasswordRejection),
    #[error("That email address is taken. Please try another.")]
    EmailTaken,
    #[error("That username is taken. Please try another.")]
    UsernameTaken,
    #[error("The identifier or password is incorrect.")]
    IncorrectCredentials,
    #[error("Your account is locked after too many failed attempts. Try again later.")]
    Locked { retry_after: Duration },
    #[error("This account is banned.")]
    Banned,
    #[error("You are already signed in as this user.")]
    SessionExists,
    #[error("This browser is signed in to too many accounts. Sign out of one first.")]
    ClientSessionLimit,
    #[error("Too many requests. Try again later.")]
    RateLimited { retry_after: Duration },
    #[error("{0} not found.")]
    NotFound(&'static str),
    #[error("You are signed out.")]
    SignedOut,
    #[error("This session is {0}.")]
    SessionInactive(String),
    #[error("Verify this email address before making it the primary one.")]
    EmailNotVerified,
    #[error("The primary email address cannot be removed. Make another address primary first.")]
    PrimaryEmailRemoval,
    #[error(transparent)]
    Image(#[from] crate::identity::image::ImageError),
    #[error("This step is not available now: {0}.")]
    InvalidStep(&'static str),
    #[error("The code is incorrect.")]
    CodeIncorrect,
    #[error("No code was sent for this step yet; ask for one first.")]
    VerificationMissing,
    #[error("This code or link has expired or was already used; ask for a new one.")]
    VerificationExpired,
    #[error("Too many wrong codes; ask for a new one.")]
    VerificationAttemptsExhausted,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Keys(#[from] KeyError),
    #[error(transparent)]
    Hash(#[from] HashError),
}

impl From<MintError> for AuthError {
    fn from(error: MintError) -> Self {
        match error {
            MintError::SessionNotFound => AuthError::NotFound("Session"),
            MintError::SessionInactive(status) => AuthError::SessionInactive(status),
            MintError::Store(error) => AuthError::Store(error),
            MintError::Keys(error) => AuthError::Keys(error),
        }
    }
}

impl From<crate::sessions::start::StartError> for AuthError {
    fn from(error: crate::sessions::start::StartError) -> Self {
        use crate::sessions::start::StartError;
        match error {
            StartError::Banned => AuthError::Banned,
            // The password the attempt gave is not the account's any more.
            StartError::CredentialsChanged => AuthError::IncorrectCredentials,
            StartError::UserGone => AuthError::NotFound("User"),
            StartError::AlreadySignedIn => AuthError::SessionExists,
            StartError::ClientFull => AuthError::ClientSessionLimit,
            StartError::FlowFinished => {
                AuthError::InvalidStep("this sign-in is complete or has expired; start a new one")
            }
            StartError::Store(error) => AuthError::Store(error),
        }
    }
}

impl From<crate::identity::store::CreateUserError> for AuthError {
    fn from(error: crate::identity::store::CreateUserError) -> Self {
        use crate::identity::store::CreateUserError;
        match error {
            CreateUserError::EmailTaken => AuthError::EmailTaken,
            CreateUserError::UsernameTaken => AuthError::UsernameTaken,
            CreateUserError::Store(error) => AuthError::Store(error),
        }
    }
}

/// A sign-in or sign-up step's result: whichever flow it is, a finished one signs the
/// browser in the same way.
pub trait FlowStep {
    type View: serde::Serialize;
    /// The flow object, its client, and the session the step created if it finished.
    fn into_parts(self) -> (Self::View, client::ClientContext, Option<String>);
}

impl FlowStep for sign_in::SignInOutcome {
    type View = sign_in::SignInView;

    fn into_parts(self) -> (sign_in::SignInView, client::ClientContext, Option<String>) {
        let created = self.sign_in.created_session_id.clone();
        (self.sign_in, self.client, created)
    }
}

impl FlowStep for sign_up::SignUpOutcome {
    type View = sign_up::SignUpView;

    fn into_parts(self) -> (sign_up::SignUpView, client::ClientContext, Option<String>) {
        let created = self.sign_up.created_session_id.clone();
        (self.sign_up, self.client, created)
    }
}

/// `strategy` if the step offers it, else the refusal every flow gives for a strategy it
/// does not offer.
pub(crate) fn check_strategy(strategy: &str, allowed: &[&str]) -> Result<(), AuthError> {
    match allowed.contains(&strategy) {
        true => Ok(()),
        false => Err(strategy_invalid(allowed)),
    }
}

pub(crate) fn strategy_invalid(allowed: &[&str]) -> AuthError {
    AuthError::Fields(vec![crate::identity::FieldError::new(
        "strategy",
        "strategy_for_user_invalid",
        format!(
            "That strategy is not available here; use one of: {}.",
            allowed.join(", ")
        ),
    )])
}
