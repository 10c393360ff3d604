//! The engine as the `hallpass` components see it: the server's implementation of
//! [`hallpass::engine::Engine`], calling the same flows as the JSON Frontend API.

use std::{
    net::{IpAddr, SocketAddr},
    sync::Arc,
};

use hallpass::{
    account::{AuthResult, CodeKind, EmailStrategy, ResetForm, SignUpForm, SignedInUser},
    engine::{CallContext, Engine, EngineError, WithCookies},
    profile::{Change, Device, EmailAddress, PasswordForm, Profile, ProfileForm},
    status::InstanceStatus,
};

use crate::{
    auth::{
        Auth, AuthError, FlowStep, account,
        account::{ChangePasswordParams, DeleteParams, ProfileParams},
        client,
        email_addresses::{self, AddEmailParams, EmailVerificationParams},
        rate_limit,
        sign_in::{self, AttemptParams, PrepareParams, ResetPasswordParams, SignInParams},
        sign_up::{self, SignUpParams, VerificationParams},
    },
    email::locale_of,
    http::{
        error::issues,
        frontend::{caller::Caller, cookies, flow_cookies},
    },
    identity::store::find_user,
    ids::now_ms,
    redirect::safe_target,
    sessions::{session, tokens::Target},
    verify::{Verifier, session_token},
};

pub struct LocalEngine {
    auth: Auth,
    verifier: Verifier,
    trusted_proxies: Arc<[IpAddr]>,
}

impl LocalEngine {
    pub fn new(auth: Auth, verifier: Verifier, trusted_proxies: Arc<[IpAddr]>) -> Self {
        Self {
            auth,
            verifier,
            trusted_proxies,
        }
    }

    fn caller(&self, call: &CallContext) -> Caller {
        let peer = call
            .peer
            .map_or(IpAddr::from([127, 0, 0, 1]), |addr: SocketAddr| addr.ip());
        Caller::new(
            &call.headers,
            peer,
            &self.trusted_proxies,
            &self.auth.settings,
        )
    }

    async fn signed_in(
        &self,
        step: impl FlowStep,
        origin: Option<String>,
        redirect_url: Option<&str>,
    ) -> Result<WithCookies<AuthResult>, AuthError> {
        let (_, client, session_id) = step.into_parts();
        let session_id = session_id.ok_or(AuthError::InvalidStep("the sign-in did not finish"))?;
        let set_cookies = flow_cookies(&self.auth, &client, Some(&session_id), origin).await?;
        let user = self
            .user_of(&session_id)
            .await?
            .ok_or(AuthError::SignedOut)?;
        let allowed = &self.auth.settings.allowed_origins;
        let redirect_to = safe_target(redirect_url, allowed, "/").to_owned();
        Ok(WithCookies {
            value: AuthResult::SignedIn { user, redirect_to },
            set_cookies,
        })
    }

    async fn user_of(&self, session_id: &str) -> Result<Option<SignedInUser>, AuthError> {
        let Some(row) = session::find(&self.auth.db, session_id).await? else {
            return Ok(None);
        };
        if row.view(self.auth.settings.lifetimes(), now_ms()).status != "active" {
            return Ok(None);
        }
        let Some(user) = find_user(&self.auth.db, &row.user_id).await? else {
            return Ok(None);
        };
        Ok(Some(SignedInUser {
            id: user.row.id.clone(),
            session_id: session_id.to_owned(),
            email_address: user
                .primary_email()
                .map(|email| email.email_address.clone()),
            username: user.row.username.clone(),
            first_name: user.row.first_name.clone(),
            last_name: user.row.last_name.clone(),
            image_url: user.row.image_url.clone(),
        }))
    }
}

impl LocalEngine {
    /// The user and session a call acts for: a valid session JWT whose session is still
    /// active in the database, since these calls change the account.
    async fn me(&self, call: &CallContext) -> Result<(String, String), AuthError> {
        let token = session_token(&call.headers).ok_or(AuthError::SignedOut)?;
        let claims = self
            .verifier
            .verify(token)
            .await
            .map_err(|_| AuthError::SignedOut)?;
        let row = session::find(&self.auth.db, &claims.sid)
            .await?
            .ok_or(AuthError::SignedOut)?;
        let status = row.view(self.auth.settings.lifetimes(), now_ms()).status;
        if status != "active" {
            return Err(AuthError::SessionInactive(status));
        }
        Ok((claims.sub, claims.sid))
    }

    async fn load_profile(&self, call: &CallContext) -> Result<Option<Profile>, AuthError> {
        let (user_id, session_id) = match self.me(call).await {
            Ok(me) => me,
            Err(AuthError::SignedOut | AuthError::SessionInactive(_)) => return Ok(None),
            Err(error) => return Err(error),
        };
        let Some(user) = self.user_of(&session_id).await? else {
            return Ok(None);
        };
        let stored = account::user(&self.auth, &user_id).await?;
        let emails = stored
            .emails
            .iter()
            .map(|email| EmailAddress {
                id: email.id.clone(),
                email_address: email.email_address.clone(),
                verified: email.verified,
                primary: email.is_primary,
            })
            .collect();
        let mut devices: Vec<Device> = account::sessions(&self.auth, &user_id)
            .await?
            .into_iter()
            .map(|view| Device {
                current: view.id == session_id,
                session_id: view.id,
                user_agent: view.latest_activity.user_agent,
                ip_address: view.latest_activity.ip_address,
                last_active_at: view.last_active_at,
            })
            .collect();
        devices.sort_by_key(|device| (!device.current, -device.last_active_at));
        Ok(Some(Profile {
            user,
            emails,
            password_enabled: stored.row.password_hash.is_some(),
            devices,
        }))
    }

    /// Runs a change for the calling user; refusals become issues for the form.
    async fn change<F, Fut>(&self, call: &CallContext, act: F) -> Result<Change, EngineError>
    where
        F: FnOnce(String, String) -> Fut,
        Fut: std::future::Future<Output = Result<(), AuthError>>,
    {
        let result = async {
            let (user_id, session_id) = self.me(call).await?;
            act(user_id, session_id).await
        }
        .await;
        settle(
            result.map(|()| WithCookies {
                value: Change::Saved,
                set_cookies: Vec::new(),
            }),
            Change::Rejected,
        )
        .map(|outcome| outcome.value)
    }
}

/// Refusals become issues the form shows; failures on our side stay errors.
fn settle<T>(
    result: Result<WithCookies<T>, AuthError>,
    rejected: impl FnOnce(Vec<hallpass::account::Issue>) -> T,
) -> Result<WithCookies<T>, EngineError> {
    match result {
        Ok(outcome) => Ok(outcome),
        Err(error) => match issues(&error) {
            Some(issues) => Ok(WithCookies {
                value: rejected(issues),
                set_cookies: Vec::new(),
            }),
            None => Err(error.to_string()),
        },
    }
}

/// Each added address is emailed a code: an IP adds at most this many a minute, so the
/// form neither mails strangers in bulk nor tells quickly which addresses are taken.
const ADDS_PER_MINUTE: u32 = 10;

/// Added addresses are verified by code only.
fn email_code() -> EmailVerificationParams {
    EmailVerificationParams {
        strategy: "email_code".into(),
        code: None,
    }
}

/// What asks the sign-in's address for a `strategy` email. Only a link carries
/// `redirect_url` on: a code is entered on the page that already knows it.
fn prepare_params(strategy: EmailStrategy, redirect_url: Option<String>) -> PrepareParams {
    PrepareParams {
        strategy: strategy.as_str().into(),
        email_address_id: None,
        redirect_url: redirect_url.filter(|_| strategy == EmailStrategy::EmailLink),
    }
}

#[async_trait::async_trait]
impl Engine for LocalEngine {
    async fn status(&self) -> InstanceStatus {
        InstanceStatus {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            database_ready: self.auth.db.check_ready().await.is_ok(),
        }
    }

    fn password_min_length(&self) -> usize {
        self.auth.policy.min_length
    }

    async fn sign_in(
        &self,
        call: &CallContext,
        identifier: String,
        password: String,
        redirect_url: Option<String>,
    ) -> Result<WithCookies<AuthResult>, EngineError> {
        let caller = self.caller(call);
        let params = SignInParams {
            identifier: Some(identifier),
            password: Some(password),
            strategy: None,
        };
        let result = async {
            let outcome = sign_in::create(
                &self.auth,
                caller.client_token.as_ref(),
                params,
                caller.device,
                caller.ip,
                now_ms(),
            )
            .await?;
            self.signed_in(outcome, caller.origin, redirect_url.as_deref())
                .await
        }
        .await;
        settle(result, AuthResult::Rejected)
    }

    async fn send_sign_in_code(
        &self,
        call: &CallContext,
        identifier: String,
        strategy: EmailStrategy,
        redirect_url: Option<String>,
    ) -> Result<WithCookies<AuthResult>, EngineError> {
        let caller = self.caller(call);
        let result = async {
            let now = now_ms();
            let params = SignInParams {
                identifier: Some(identifier.clone()),
                ..SignInParams::default()
            };
            let started = sign_in::create(
                &self.auth,
                caller.client_token.as_ref(),
                params,
                caller.device,
                caller.ip,
                now,
            )
            .await?;
            let prepare = prepare_params(strategy, redirect_url);
            // `create` counted this request toward the rate limit; once is enough.
            sign_in::prepare_counted(
                &self.auth,
                Some(&started.client.token),
                &started.sign_in.id,
                prepare,
                caller.locale,
                now,
            )
            .await?;
            let set_cookies =
                flow_cookies(&self.auth, &started.client, None, caller.origin).await?;
            Ok(WithCookies {
                value: AuthResult::CodeSent {
                    sign_in_id: started.sign_in.id,
                    identifier,
                    strategy,
                },
                set_cookies,
            })
        }
        .await;
        settle(result, AuthResult::Rejected)
    }

    async fn email_link_result(
        &self,
        call: &CallContext,
        sign_in_id: String,
        redirect_url: Option<String>,
    ) -> Result<Option<AuthResult>, EngineError> {
        let caller = self.caller(call);
        let result = async {
            let Some(session_id) =
                sign_in::created_session(&self.auth, caller.client_token.as_ref(), &sign_in_id)
                    .await?
            else {
                return Ok(None);
            };
            let Some(user) = self.user_of(&session_id).await? else {
                return Ok(None);
            };
            let allowed = &self.auth.settings.allowed_origins;
            let redirect_to = safe_target(redirect_url.as_deref(), allowed, "/").to_owned();
            Ok(Some(AuthResult::SignedIn { user, redirect_to }))
        }
        .await;
        result.map_err(|error: AuthError| error.to_string())
    }

    async fn reset_password(
        &self,
        call: &CallContext,
        form: ResetForm,
    ) -> Result<WithCookies<AuthResult>, EngineError> {
        let caller = self.caller(call);
        let params = ResetPasswordParams {
            password: Some(form.password),
            sign_out_of_other_sessions: form.sign_out_of_other_sessions,
        };
        let result = async {
            let outcome = sign_in::reset_with_code(
                &self.auth,
                caller.client_token.as_ref(),
                &form.sign_in_id,
                &form.code,
                params,
                caller.device,
                caller.locale,
                caller.ip,
                now_ms(),
            )
            .await?;
            self.signed_in(outcome, caller.origin, form.redirect_url.as_deref())
                .await
        }
        .await;
        settle(result, AuthResult::Rejected)
    }

    async fn resend_code(
        &self,
        call: &CallContext,
        flow_id: String,
        kind: CodeKind,
        redirect_url: Option<String>,
    ) -> Result<WithCookies<AuthResult>, EngineError> {
        let caller = self.caller(call);
        let result = async {
            let now = now_ms();
            let value = match kind {
                CodeKind::SignIn(strategy) => {
                    let params = prepare_params(strategy, redirect_url);
                    let outcome = sign_in::prepare_first_factor(
                        &self.auth,
                        caller.client_token.as_ref(),
                        &flow_id,
                        params,
                        caller.locale,
                        caller.ip,
                        now,
                    )
                    .await?;
                    AuthResult::CodeSent {
                        sign_in_id: outcome.sign_in.id,
                        identifier: outcome.sign_in.identifier,
                        strategy,
                    }
                }
                CodeKind::SignUp => {
                    let params = VerificationParams {
                        strategy: "email_code".into(),
                        code: None,
                    };
                    let outcome = sign_up::prepare_verification(
                        &self.auth,
                        caller.client_token.as_ref(),
                        &flow_id,
                        params,
                        caller.locale,
                        caller.ip,
                        now,
                    )
                    .await?;
                    AuthResult::VerifyEmail {
                        sign_up_id: outcome.sign_up.id,
                    }
                }
            };
            Ok(WithCookies {
                value,
                set_cookies: Vec::new(),
            })
        }
        .await;
        settle(result, AuthResult::Rejected)
    }

    async fn sign_in_with_code(
        &self,
        call: &CallContext,
        sign_in_id: String,
        code: String,
        redirect_url: Option<String>,
    ) -> Result<WithCookies<AuthResult>, EngineError> {
        let caller = self.caller(call);
        let params = AttemptParams {
            strategy: "email_code".into(),
            password: None,
            code: Some(code),
        };
        let result = async {
            let outcome = sign_in::attempt_first_factor(
                &self.auth,
                caller.client_token.as_ref(),
                &sign_in_id,
                params,
                caller.device,
                caller.locale,
                caller.ip,
                now_ms(),
            )
            .await?;
            self.signed_in(outcome, caller.origin, redirect_url.as_deref())
                .await
        }
        .await;
        settle(result, AuthResult::Rejected)
    }

    async fn sign_up(
        &self,
        call: &CallContext,
        form: SignUpForm,
    ) -> Result<WithCookies<AuthResult>, EngineError> {
        let caller = self.caller(call);
        let redirect_url = form.redirect_url;
        let params = SignUpParams {
            email_address: Some(form.email_address),
            password: Some(form.password),
            username: form.username.filter(|username| !username.trim().is_empty()),
            first_name: form.first_name,
            last_name: form.last_name,
            unsafe_metadata: None,
        };
        let result = async {
            let now = now_ms();
            let outcome = sign_up::create(
                &self.auth,
                caller.client_token.as_ref(),
                params,
                caller.device,
                caller.ip,
                now,
            )
            .await?;
            if outcome.sign_up.unverified_fields.contains(&"email_address") {
                let verification = VerificationParams {
                    strategy: "email_code".into(),
                    code: None,
                };
                sign_up::prepare_verification(
                    &self.auth,
                    Some(&outcome.client.token),
                    &outcome.sign_up.id,
                    verification,
                    caller.locale,
                    caller.ip,
                    now,
                )
                .await?;
                let set_cookies =
                    flow_cookies(&self.auth, &outcome.client, None, caller.origin).await?;
                return Ok(WithCookies {
                    value: AuthResult::VerifyEmail {
                        sign_up_id: outcome.sign_up.id,
                    },
                    set_cookies,
                });
            }
            self.signed_in(outcome, caller.origin, redirect_url.as_deref())
                .await
        }
        .await;
        settle(result, AuthResult::Rejected)
    }

    async fn verify_sign_up(
        &self,
        call: &CallContext,
        sign_up_id: String,
        code: String,
        redirect_url: Option<String>,
    ) -> Result<WithCookies<AuthResult>, EngineError> {
        let caller = self.caller(call);
        let params = VerificationParams {
            strategy: "email_code".into(),
            code: Some(code),
        };
        let result = async {
            let outcome = sign_up::attempt_verification(
                &self.auth,
                caller.client_token.as_ref(),
                &sign_up_id,
                params,
                caller.device,
                caller.ip,
                now_ms(),
            )
            .await?;
            self.signed_in(outcome, caller.origin, redirect_url.as_deref())
                .await
        }
        .await;
        settle(result, AuthResult::Rejected)
    }

    async fn sign_out(
        &self,
        call: &CallContext,
        all_sessions: bool,
    ) -> Result<WithCookies<()>, EngineError> {
        let caller = self.caller(call);
        let clear = vec![cookies::clear_session(self.auth.settings.secure_cookies)];
        let result = async {
            let Some(client) = client::current(&self.auth.db, caller.client_token.as_ref()).await?
            else {
                return Ok(());
            };
            let active = client.row.last_active_session_id.clone();
            match (all_sessions, active) {
                (true, _) => account::sign_out(&self.auth, &client, None).await,
                (false, Some(session_id)) => {
                    account::sign_out(&self.auth, &client, Some(&session_id)).await
                }
                (false, None) => Ok(()),
            }
        }
        .await;
        match result {
            Ok(()) | Err(AuthError::NotFound(_)) => Ok(WithCookies {
                value: (),
                set_cookies: clear,
            }),
            Err(error) => Err(error.to_string()),
        }
    }

    async fn current_user(&self, call: &CallContext) -> Result<Option<SignedInUser>, EngineError> {
        let Some(token) = session_token(&call.headers) else {
            return Ok(None);
        };
        let claims = match self.verifier.verify(token).await {
            Ok(claims) => claims,
            Err(error) => {
                tracing::debug!(code = error.code(), %error, "session token not accepted; rendering signed out");
                return Ok(None);
            }
        };
        self.user_of(&claims.sid)
            .await
            .map_err(|error| error.to_string())
    }

    async fn session_token(
        &self,
        call: &CallContext,
    ) -> Result<WithCookies<Option<String>>, EngineError> {
        let caller = self.caller(call);
        let result = match account::mint(
            &self.auth,
            caller.client_token.as_ref(),
            Target::Active,
            caller.origin,
        )
        .await
        {
            Ok(minted) => Ok(Some(minted.jwt)),
            Err(AuthError::SignedOut | AuthError::SessionInactive(_) | AuthError::NotFound(_)) => {
                Ok(None)
            }
            Err(error) => Err(error),
        };
        match result {
            Ok(Some(jwt)) => {
                let cookie = cookies::set_session(jwt.clone(), self.auth.settings.secure_cookies);
                Ok(WithCookies {
                    value: Some(jwt),
                    set_cookies: vec![cookie],
                })
            }
            Ok(None) => Ok(WithCookies {
                value: None,
                set_cookies: Vec::new(),
            }),
            Err(error) => Err(error.to_string()),
        }
    }

    async fn accounts(&self, call: &CallContext) -> Result<Vec<SignedInUser>, EngineError> {
        let caller = self.caller(call);
        let result = async {
            let Some(client) = client::current(&self.auth.db, caller.client_token.as_ref()).await?
            else {
                return Ok(Vec::new());
            };
            let view = client::view(&self.auth, &client, now_ms()).await?;
            let mut accounts = Vec::new();
            for session in &view.sessions {
                if let Some(user) = self.user_of(&session.id).await? {
                    accounts.push(user);
                }
            }
            let active = client.row.last_active_session_id.as_deref();
            accounts.sort_by_key(|user| Some(user.session_id.as_str()) != active);
            Ok::<_, AuthError>(accounts)
        }
        .await;
        result.map_err(|error| error.to_string())
    }

    async fn switch_session(
        &self,
        call: &CallContext,
        session_id: String,
    ) -> Result<WithCookies<bool>, EngineError> {
        let caller = self.caller(call);
        let result = async {
            let client = client::current(&self.auth.db, caller.client_token.as_ref())
                .await?
                .ok_or(AuthError::SignedOut)?;
            account::touch(&self.auth, &client, &session_id).await?;
            let jwt = account::token(&self.auth, &client, &session_id, caller.origin).await?;
            Ok::<_, AuthError>(cookies::set_session(jwt, self.auth.settings.secure_cookies))
        }
        .await;
        match result {
            Ok(cookie) => Ok(WithCookies {
                value: true,
                set_cookies: vec![cookie],
            }),
            Err(AuthError::SignedOut | AuthError::NotFound(_) | AuthError::SessionInactive(_)) => {
                Ok(WithCookies {
                    value: false,
                    set_cookies: Vec::new(),
                })
            }
            Err(error) => Err(error.to_string()),
        }
    }

    async fn profile(&self, call: &CallContext) -> Result<Option<Profile>, EngineError> {
        self.load_profile(call)
            .await
            .map_err(|error| error.to_string())
    }

    async fn update_profile(
        &self,
        call: &CallContext,
        form: ProfileForm,
    ) -> Result<Change, EngineError> {
        self.change(call, |user_id, _| async move {
            let params = ProfileParams {
                // Every field is sent; a blank one clears the value.
                first_name: Some(form.first_name),
                last_name: Some(form.last_name),
                username: Some(form.username),
                unsafe_metadata: None,
                primary_email_address_id: None,
            };
            account::update_profile(&self.auth, &user_id, params)
                .await
                .map(drop)
        })
        .await
    }

    async fn change_password(
        &self,
        call: &CallContext,
        form: PasswordForm,
    ) -> Result<Change, EngineError> {
        let locale = locale_of(&call.headers);
        self.change(call, |user_id, session_id| async move {
            let params = ChangePasswordParams {
                current_password: Some(form.current_password),
                new_password: Some(form.new_password),
                sign_out_of_other_sessions: form.sign_out_of_other_sessions,
            };
            account::change_password(&self.auth, &user_id, &session_id, params, locale)
                .await
                .map(drop)
        })
        .await
    }

    async fn revoke_session(
        &self,
        call: &CallContext,
        session_id: String,
    ) -> Result<Change, EngineError> {
        self.change(call, |user_id, _| async move {
            account::revoke_session(&self.auth, &user_id, &session_id).await
        })
        .await
    }

    async fn make_email_primary(
        &self,
        call: &CallContext,
        email_id: String,
    ) -> Result<Change, EngineError> {
        let locale = locale_of(&call.headers);
        self.change(call, |user_id, _| async move {
            account::make_email_primary(&self.auth, &user_id, &email_id, locale)
                .await
                .map(drop)
        })
        .await
    }

    async fn remove_email(
        &self,
        call: &CallContext,
        email_id: String,
    ) -> Result<Change, EngineError> {
        self.change(call, |user_id, _| async move {
            account::remove_email(&self.auth, &user_id, &email_id)
                .await
                .map(drop)
        })
        .await
    }

    async fn add_email(
        &self,
        call: &CallContext,
        email_address: String,
    ) -> Result<Change, EngineError> {
        let locale = locale_of(&call.headers);
        let ip = self.caller(call).ip;
        self.change(call, |user_id, _| async move {
            let params = AddEmailParams {
                email_address: Some(email_address),
            };
            rate_limit::hit(&self.auth.db, "add_email", ip, ADDS_PER_MINUTE, now_ms()).await?;
            let (_, added) = email_addresses::add(&self.auth, &user_id, params).await?;
            let sent = email_addresses::prepare_verification(
                &self.auth,
                &user_id,
                &added,
                email_code(),
                locale,
            )
            .await;
            if sent.is_err() {
                email_addresses::withdraw(&self.auth, &user_id, &added).await?;
            }
            sent.map(drop)
        })
        .await
    }

    async fn send_email_code(
        &self,
        call: &CallContext,
        email_id: String,
    ) -> Result<Change, EngineError> {
        let locale = locale_of(&call.headers);
        self.change(call, |user_id, _| async move {
            email_addresses::prepare_verification(
                &self.auth,
                &user_id,
                &email_id,
                email_code(),
                locale,
            )
            .await
            .map(drop)
        })
        .await
    }

    async fn verify_email(
        &self,
        call: &CallContext,
        email_id: String,
        code: String,
    ) -> Result<Change, EngineError> {
        self.change(call, |user_id, _| async move {
            let params = EmailVerificationParams {
                code: Some(code),
                ..email_code()
            };
            email_addresses::attempt_verification(&self.auth, &user_id, &email_id, params)
                .await
                .map(drop)
        })
        .await
    }

    async fn set_profile_image(
        &self,
        call: &CallContext,
        upload: Vec<u8>,
    ) -> Result<Change, EngineError> {
        self.change(call, |user_id, _| async move {
            account::set_profile_image(&self.auth, &user_id, upload)
                .await
                .map(drop)
        })
        .await
    }

    async fn remove_profile_image(&self, call: &CallContext) -> Result<Change, EngineError> {
        self.change(call, |user_id, _| async move {
            account::remove_profile_image(&self.auth, &user_id)
                .await
                .map(drop)
        })
        .await
    }

    async fn delete_account(
        &self,
        call: &CallContext,
        password: String,
    ) -> Result<WithCookies<Change>, EngineError> {
        let caller = self.caller(call);
        let change = self
            .change(call, |user_id, _| async move {
                account::delete(
                    &self.auth,
                    &user_id,
                    DeleteParams {
                        password: Some(password),
                    },
                )
                .await?;
                // The client's active session went with the user: move to another account.
                if let Some(client) =
                    client::current(&self.auth.db, caller.client_token.as_ref()).await?
                {
                    let remaining =
                        crate::sessions::client::sessions(&self.auth.db, &client.row.id).await?;
                    crate::sessions::client::set_last_active_session(
                        &self.auth.db,
                        &client.row.id,
                        remaining.first().map(|session| session.id.as_str()),
                        now_ms(),
                    )
                    .await?;
                }
                Ok(())
            })
            .await?;
        let set_cookies = match change {
            Change::Saved => vec![cookies::clear_session(self.auth.settings.secure_cookies)],
            Change::Rejected(_) => Vec::new(),
        };
        Ok(WithCookies {
            value: change,
            set_cookies,
        })
    }
}
