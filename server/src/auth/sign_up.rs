//! Sign-up: `missing_requirements` until an email address and a password are in (and,
//! when the instance requires it, the address is verified by an emailed code), then
//! `complete` with a new user and session. Every field is checked before anything is
//! written, so bad input never leaves a partial record.
//!
//! When the instance requires verification, an address that already has an account is
//! treated like a new one (Clerk's "strict" enumeration protection): the same answers,
//! the same work, and where the code would go, its owner gets a notice instead, so
//! no code exists that could pass. Without verification, nothing else would stop a
//! second account on the address, so it is refused at once (`form_identifier_exists`),
//! which tells the caller that the address has an account.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use hallpass::locale::Locale;

use super::{
    Auth, AuthError,
    client::{self, ClientContext},
    rate_limit,
    verification::{self, Purpose, Recipient},
};
use crate::{
    email::{outbox::NewEmail, templates::Template},
    identity::{
        EmailAddress, Metadata, PersonName, Username,
        store::{NewUser, create_user, find_user_by_identifier},
    },
    ids::new_id,
    on_pool,
    sessions::{ClientToken, Device, start::Conditions},
    store::StoreError,
};

const SIGN_UP_TTL_MS: i64 = 24 * 3600 * 1000;
const REQUIRED_FIELDS: [&str; 2] = ["email_address", "password"];
const OPTIONAL_FIELDS: [&str; 3] = ["first_name", "last_name", "username"];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignUpParams {
    pub email_address: Option<String>,
    pub password: Option<String>,
    pub username: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub unsafe_metadata: Option<Value>,
}

/// `prepare_verification` and `attempt_verification`: the strategy, and the code when
/// attempting.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerificationParams {
    pub strategy: String,
    pub code: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct SignUpRow {
    id: String,
    status: String,
    email_address: Option<String>,
    username: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    password_hash: Option<String>,
    unsafe_metadata: String,
    created_user_id: Option<String>,
    created_session_id: Option<String>,
    created_at: i64,
    expire_at: i64,
    email_verified: bool,
}

const ROW_COLUMNS: &str = "id, status, email_address, username, first_name, last_name, password_hash, \
     unsafe_metadata, created_user_id, created_session_id, created_at, expire_at, email_verified";

#[derive(Debug, Clone, Serialize)]
pub struct SignUpView {
    pub object: &'static str,
    pub id: String,
    pub status: String,
    pub required_fields: [&'static str; 2],
    pub optional_fields: [&'static str; 3],
    pub missing_fields: Vec<&'static str>,
    pub unverified_fields: Vec<&'static str>,
    pub verifications: Verifications,
    pub email_address: Option<String>,
    pub username: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub password_enabled: bool,
    pub unsafe_metadata: Value,
    pub created_user_id: Option<String>,
    pub created_session_id: Option<String>,
    pub created_at: i64,
    pub abandon_at: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Verifications {
    pub email_address: Option<VerificationView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VerificationView {
    pub status: &'static str,
    pub strategy: &'static str,
}

pub struct SignUpOutcome {
    pub sign_up: SignUpView,
    pub client: ClientContext,
}

impl SignUpRow {
    /// Fields present but still to be verified before the sign-up can complete.
    fn unverified_fields(&self, verification_required: bool) -> Vec<&'static str> {
        match verification_required && self.email_address.is_some() && !self.email_verified {
            true => vec!["email_address"],
            false => Vec::new(),
        }
    }

    fn missing_fields(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.email_address.is_none() {
            missing.push("email_address");
        }
        if self.password_hash.is_none() {
            missing.push("password");
        }
        missing
    }

    fn view(&self, verification_required: bool) -> SignUpView {
        SignUpView {
            object: "sign_up",
            id: self.id.clone(),
            status: self.status.clone(),
            required_fields: REQUIRED_FIELDS,
            optional_fields: OPTIONAL_FIELDS,
            missing_fields: if self.status == "complete" {
                Vec::new()
            } else {
                self.missing_fields()
            },
            unverified_fields: if self.status == "complete" {
                Vec::new()
            } else {
                self.unverified_fields(verification_required)
            },
            verifications: Verifications {
                email_address: self.email_address.as_ref().map(|_| VerificationView {
                    status: match self.email_verified {
                        true => "verified",
                        false => "unverified",
                    },
                    strategy: "email_code",
                }),
            },
            email_address: self.email_address.clone(),
            username: self.username.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            password_enabled: self.password_hash.is_some(),
            unsafe_metadata: serde_json::from_str(&self.unsafe_metadata).unwrap_or_default(),
            created_user_id: self.created_user_id.clone(),
            created_session_id: self.created_session_id.clone(),
            created_at: self.created_at,
            abandon_at: self.expire_at,
        }
    }
}

pub async fn create(
    auth: &Auth,
    cookie: Option<&ClientToken>,
    params: SignUpParams,
    device: Device,
    ip: IpAddr,
    now: i64,
) -> Result<SignUpOutcome, AuthError> {
    rate_limit::hit(
        &auth.db,
        "sign_up",
        ip,
        auth.settings.sign_ups_per_minute,
        now,
    )
    .await?;
    let draft = SignUpRow {
        id: new_id("sua"),
        status: "missing_requirements".into(),
        email_address: None,
        username: None,
        first_name: None,
        last_name: None,
        password_hash: None,
        unsafe_metadata: "{}".into(),
        created_user_id: None,
        created_session_id: None,
        created_at: now,
        expire_at: now + SIGN_UP_TTL_MS,
        email_verified: false,
    };
    let draft = apply(auth, draft, params).await?;
    let client = client::current_or_new(&auth.db, cookie, now).await?;
    advance(auth, draft, client, &device, now).await
}

pub async fn update(
    auth: &Auth,
    cookie: Option<&ClientToken>,
    sign_up_id: &str,
    params: SignUpParams,
    device: Device,
    now: i64,
) -> Result<SignUpOutcome, AuthError> {
    let (row, client) = pending(auth, cookie, sign_up_id, now).await?;
    let draft = apply(auth, row, params).await?;
    advance(auth, draft, client, &device, now).await
}

/// This client's sign-up `sign_up_id`, if it is still missing something.
async fn pending(
    auth: &Auth,
    cookie: Option<&ClientToken>,
    sign_up_id: &str,
    now: i64,
) -> Result<(SignUpRow, ClientContext), AuthError> {
    let client = client::current(&auth.db, cookie)
        .await?
        .ok_or(AuthError::NotFound("Sign-up"))?;
    let query = format!("SELECT {ROW_COLUMNS} FROM sign_ups WHERE id = $1 AND client_id = $2");
    let row: SignUpRow = on_pool!(&auth.db, pool => sqlx::query_as(sqlx::AssertSqlSafe(query))
        .bind(sign_up_id)
        .bind(&client.row.id)
        .fetch_optional(pool)
        .await
        .map_err(StoreError::from))?
    .ok_or(AuthError::NotFound("Sign-up"))?;
    if row.status != "missing_requirements" || now >= row.expire_at {
        return Err(AuthError::InvalidStep(
            "this sign-up is complete or has expired; start a new one",
        ));
    }
    Ok((row, client))
}

/// Emails a code to the sign-up's address; if the address has an account, a notice to
/// its owner instead, with the same answer.
pub async fn prepare_verification(
    auth: &Auth,
    cookie: Option<&ClientToken>,
    sign_up_id: &str,
    params: VerificationParams,
    locale: Locale,
    ip: IpAddr,
    now: i64,
) -> Result<SignUpOutcome, AuthError> {
    rate_limit::hit(
        &auth.db,
        "sign_up",
        ip,
        auth.settings.sign_ups_per_minute,
        now,
    )
    .await?;
    super::check_strategy(&params.strategy, &["email_code"])?;
    let (row, client) = pending(auth, cookie, sign_up_id, now).await?;
    let address = row
        .email_address
        .clone()
        .ok_or_else(|| super::sign_in::missing("email_address"))?;
    if row.email_verified {
        return Err(AuthError::InvalidStep("this address is already verified"));
    }
    // The notice goes to the address as its owner stored it.
    let owner_address = find_user_by_identifier(&auth.db, &address)
        .await?
        .and_then(|user| {
            super::sign_in::factor_email(&user, &address).map(|email| email.email_address.clone())
        });
    let recipient = owner_address.as_deref().unwrap_or(&address);
    let branding = &auth.mailer.branding;
    verification::issue(
        auth,
        &row.id,
        Purpose::SignUpEmail,
        Recipient {
            address: recipient,
            user_id: None,
            deliver: true,
            cooldown_key: &address,
        },
        |code| {
            let template = match owner_address {
                Some(_) => Template::SignUpAttempted,
                None => Template::VerifyEmail { code },
            };
            NewEmail::new(recipient, template.render(locale, branding))
        },
        now,
    )
    .await?;
    Ok(SignUpOutcome {
        sign_up: row.view(auth.settings.email_verification_required),
        client,
    })
}

/// Checks the emailed code; a right one verifies the address, and the sign-up completes
/// if nothing else is missing.
pub async fn attempt_verification(
    auth: &Auth,
    cookie: Option<&ClientToken>,
    sign_up_id: &str,
    params: VerificationParams,
    device: Device,
    ip: IpAddr,
    now: i64,
) -> Result<SignUpOutcome, AuthError> {
    rate_limit::hit(
        &auth.db,
        "sign_up",
        ip,
        auth.settings.sign_ups_per_minute,
        now,
    )
    .await?;
    super::check_strategy(&params.strategy, &["email_code"])?;
    let code = params.code.ok_or_else(|| super::sign_in::missing("code"))?;
    let (mut row, client) = pending(auth, cookie, sign_up_id, now).await?;
    let verified =
        verification::check_code(auth, &row.id, Purpose::SignUpEmail, &code, None, now).await?;
    // The code proves the address it was sent to; a later change of address needs a new one.
    if row.email_address.as_deref() != Some(verified.email_address.as_str()) {
        return Err(AuthError::VerificationExpired);
    }
    row.email_verified = true;
    advance(auth, row, client, &device, now).await
}

/// Checks every given field, reporting all problems at once, and returns the draft with
/// them applied. Nothing is written here.
async fn apply(
    auth: &Auth,
    mut draft: SignUpRow,
    params: SignUpParams,
) -> Result<SignUpRow, AuthError> {
    let mut errors = Vec::new();
    let mut email = None;
    if let Some(raw) = params.email_address.as_deref() {
        match EmailAddress::parse(raw) {
            Ok(parsed) => email = Some(parsed),
            Err(error) => errors.push(error),
        }
    }
    let mut username = None;
    if let Some(raw) = params.username.as_deref() {
        match Username::parse(raw) {
            Ok(parsed) => username = Some(parsed),
            Err(error) => errors.push(error),
        }
    }
    for (param, raw, slot) in [
        (
            "first_name",
            params.first_name.as_deref(),
            &mut draft.first_name,
        ),
        (
            "last_name",
            params.last_name.as_deref(),
            &mut draft.last_name,
        ),
    ] {
        if let Some(raw) = raw {
            match PersonName::parse(param, raw) {
                Ok(name) => *slot = name.map(|name| name.as_str().to_owned()),
                Err(error) => errors.push(error),
            }
        }
    }
    if let Some(value) = params.unsafe_metadata {
        match Metadata::parse("unsafe_metadata", value) {
            Ok(metadata) => draft.unsafe_metadata = metadata.to_json(),
            Err(error) => errors.push(error),
        }
    }
    let email_for_policy = email.clone().or_else(|| {
        draft
            .email_address
            .as_deref()
            .and_then(|e| EmailAddress::parse(e).ok())
    });
    if let Some(password) = params.password.as_deref()
        && let Err(rejection) = auth.policy.check(
            password,
            email_for_policy.as_ref().map(EmailAddress::as_str),
        )
    {
        errors.push(rejection.for_field("password"));
    }
    if !errors.is_empty() {
        return Err(AuthError::Fields(errors));
    }
    if let Some(email) = &email {
        if !auth.settings.email_verification_required
            && find_user_by_identifier(&auth.db, email.as_str())
                .await?
                .is_some()
        {
            return Err(AuthError::EmailTaken);
        }
        if draft.email_address.as_deref() != Some(email.as_str()) {
            draft.email_verified = false;
        }
        draft.email_address = Some(email.as_str().to_owned());
    }
    if let Some(username) = &username {
        if find_user_by_identifier(&auth.db, username.as_str())
            .await?
            .is_some()
        {
            return Err(AuthError::UsernameTaken);
        }
        draft.username = Some(username.as_str().to_owned());
    }
    if let Some(password) = params.password.as_deref() {
        draft.password_hash = Some(auth.hasher.hash(password).await?);
    }
    Ok(draft)
}

/// Saves the draft; with every required field present, creates the user and signs them in.
async fn advance(
    auth: &Auth,
    mut draft: SignUpRow,
    client: ClientContext,
    device: &Device,
    now: i64,
) -> Result<SignUpOutcome, AuthError> {
    let mut client = client;
    let verification_required = auth.settings.email_verification_required;
    if draft.missing_fields().is_empty()
        && draft.unverified_fields(verification_required).is_empty()
    {
        let email = draft
            .email_address
            .as_deref()
            .ok_or_else(|| super::sign_in::missing("email_address"))
            .and_then(|raw| {
                EmailAddress::parse(raw).map_err(|error| {
                    AuthError::Store(StoreError::Corrupt {
                        what: "sign-up email address",
                        detail: error.message,
                    })
                })
            })?;
        let username = draft
            .username
            .as_deref()
            .map(super::account::stored_username)
            .transpose()?;
        let user = create_user(
            &auth.db,
            NewUser {
                email: &email,
                username: username.as_ref(),
                first_name: draft.first_name.as_deref(),
                last_name: draft.last_name.as_deref(),
                password_hash: draft.password_hash.as_deref(),
                unsafe_metadata: &draft.unsafe_metadata,
                email_verified: draft.email_verified,
            },
            now,
        )
        .await?;
        let (session, token) = auth
            .start_session(
                &client.row.id,
                user.id(),
                device,
                Conditions::default(),
                now,
            )
            .await?;
        client = client.rotated(token);
        draft.status = "complete".into();
        draft.created_user_id = Some(user.id().to_owned());
        draft.created_session_id = Some(session.id);
    }
    on_pool!(&auth.db, pool => sqlx::query(
        "INSERT INTO sign_ups (id, client_id, status, email_address, username, first_name, last_name, password_hash, \
         unsafe_metadata, created_user_id, created_session_id, created_at, updated_at, expire_at, email_verified) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, email_address = excluded.email_address, \
         username = excluded.username, first_name = excluded.first_name, last_name = excluded.last_name, \
         password_hash = excluded.password_hash, unsafe_metadata = excluded.unsafe_metadata, \
         created_user_id = excluded.created_user_id, created_session_id = excluded.created_session_id, \
         updated_at = excluded.updated_at, email_verified = excluded.email_verified",
    )
    .bind(&draft.id)
    .bind(&client.row.id)
    .bind(&draft.status)
    .bind(&draft.email_address)
    .bind(&draft.username)
    .bind(&draft.first_name)
    .bind(&draft.last_name)
    .bind(&draft.password_hash)
    .bind(&draft.unsafe_metadata)
    .bind(&draft.created_user_id)
    .bind(&draft.created_session_id)
    .bind(draft.created_at)
    .bind(now)
    .bind(draft.expire_at)
    .bind(draft.email_verified)
    .execute(pool)
    .await
    .map(drop)
    .map_err(StoreError::from))?;
    Ok(SignUpOutcome {
        sign_up: draft.view(verification_required),
        client,
    })
}
