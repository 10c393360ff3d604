//! Sign-in: `needs_first_factor` until a first factor passes (a password, a code or link
//! sent by email), then `complete` with a new session; or, by a reset code,
//! `needs_new_password` until a new password is set. An unknown identifier walks the same
//! path (a dummy password hash, a code nobody receives), so the answer (status, body
//! shape, time) never says whether an account exists.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use hallpass::locale::Locale;

use super::{
    Auth, AuthError, account, claim,
    client::{self, ClientContext},
    lockout::{self, Subject},
    rate_limit,
    verification::{self, Purpose, Recipient},
};
use crate::{
    email::{outbox::NewEmail, templates::Template},
    identity::{
        EmailAddress, FieldError, User,
        store::{find_user, find_user_by_identifier},
        user::EmailRow,
    },
    ids::new_id,
    on_pool,
    sessions::{ClientToken, Device, session::Filter, start::Conditions},
    store::StoreError,
};

/// An unfinished sign-in is abandoned after this long.
const SIGN_IN_TTL_MS: i64 = 30 * 60 * 1000;
const IDENTIFIER_MAX_CHARS: usize = 320;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInParams {
    pub identifier: Option<String>,
    pub strategy: Option<String>,
    pub password: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttemptParams {
    pub strategy: String,
    pub password: Option<String>,
    pub code: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrepareParams {
    pub strategy: String,
    pub email_address_id: Option<String>,
    /// For `email_link`: where the link's page goes once signed in (checked then).
    pub redirect_url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResetPasswordParams {
    pub password: Option<String>,
    #[serde(default)]
    pub sign_out_of_other_sessions: bool,
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct SignInRow {
    id: String,
    /// The browser that started the sign-in, for same-browser magic links.
    client_id: String,
    status: String,
    identifier: String,
    user_id: Option<String>,
    /// The address email factors go to; `None` for an unknown identifier. Never shown.
    email_address_id: Option<String>,
    /// What the factors call that address: random for each sign-in, known identifier or
    /// not, so it gives away neither the real id nor whether the account exists.
    email_address_alias: Option<String>,
    created_session_id: Option<String>,
    created_at: i64,
    expire_at: i64,
}

const ROW_COLUMNS: &str = "id, client_id, status, identifier, user_id, email_address_id, email_address_alias, \
     created_session_id, created_at, expire_at";

#[derive(Debug, Clone, Serialize)]
pub struct SignInView {
    pub object: &'static str,
    pub id: String,
    pub status: String,
    pub identifier: String,
    pub supported_identifiers: [&'static str; 2],
    pub supported_first_factors: Vec<Factor>,
    pub created_session_id: Option<String>,
    pub created_at: i64,
    pub abandon_at: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Factor {
    pub strategy: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_address_id: Option<String>,
}

const EMAIL_STRATEGIES: [&str; 3] = ["email_code", "email_link", "reset_password_email_code"];

pub struct SignInOutcome {
    pub sign_in: SignInView,
    pub client: ClientContext,
}

impl SignInRow {
    fn view(&self) -> SignInView {
        SignInView {
            object: "sign_in",
            id: self.id.clone(),
            status: self.status.clone(),
            identifier: self.identifier.clone(),
            supported_identifiers: ["email_address", "username"],
            // The same for every identifier, known or not.
            supported_first_factors: std::iter::once(Factor {
                strategy: "password",
                email_address_id: None,
            })
            .chain(EMAIL_STRATEGIES.map(|strategy| Factor {
                strategy,
                email_address_id: self.email_address_alias.clone(),
            }))
            .collect(),
            created_session_id: self.created_session_id.clone(),
            created_at: self.created_at,
            abandon_at: self.expire_at,
        }
    }
}

pub async fn create(
    auth: &Auth,
    cookie: Option<&ClientToken>,
    params: SignInParams,
    device: Device,
    ip: IpAddr,
    now: i64,
) -> Result<SignInOutcome, AuthError> {
    rate_limit::hit(
        &auth.db,
        "sign_in",
        ip,
        auth.settings.sign_ins_per_minute,
        now,
    )
    .await?;
    let identifier = params
        .identifier
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    if identifier.is_empty() {
        return Err(missing("identifier"));
    }
    if identifier.chars().count() > IDENTIFIER_MAX_CHARS {
        return Err(AuthError::Fields(vec![FieldError::new(
            "identifier",
            "form_param_exceeds_allowed_size",
            "That identifier is too long.",
        )]));
    }
    if let Some(strategy) = params.strategy.as_deref() {
        super::check_strategy(strategy, &["password"])?;
    }
    let user = find_user_by_identifier(&auth.db, &identifier).await?;
    let client = client::current_or_new(&auth.db, cookie, now).await?;
    let email_address_id = user
        .as_ref()
        .and_then(|user| factor_email(user, &identifier))
        .map(|email| email.id.clone());
    let row = SignInRow {
        id: new_id("sia"),
        client_id: client.row.id.clone(),
        status: "needs_first_factor".into(),
        identifier,
        user_id: user.as_ref().map(|user| user.id().to_owned()),
        email_address_id,
        email_address_alias: Some(address_alias()),
        created_session_id: None,
        created_at: now,
        expire_at: now + SIGN_IN_TTL_MS,
    };
    on_pool!(&auth.db, pool => sqlx::query(
        "INSERT INTO sign_ins (id, client_id, status, identifier, user_id, email_address_id, \
         email_address_alias, created_at, updated_at, expire_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)",
    )
    .bind(&row.id)
    .bind(&row.client_id)
    .bind(&row.status)
    .bind(&row.identifier)
    .bind(&row.user_id)
    .bind(&row.email_address_id)
    .bind(&row.email_address_alias)
    .bind(now)
    .bind(row.expire_at)
    .execute(pool)
    .await
    .map(drop)
    .map_err(StoreError::from))?;
    match params.password {
        Some(password) => attempt_password(auth, row, user, &password, client, &device, now).await,
        None => Ok(SignInOutcome {
            sign_in: row.view(),
            client,
        }),
    }
}

/// A sign-in's name for its address: `idn_` and 16 random bytes in hex, as long as a
/// real id's UUID but with no timestamp in it, and new for every sign-in.
fn address_alias() -> String {
    use rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("idn_{hex}")
}

/// This client's sign-in `sign_in_id`, if it is still waiting for `status`.
async fn pending(
    auth: &Auth,
    cookie: Option<&ClientToken>,
    sign_in_id: &str,
    status: &str,
    now: i64,
) -> Result<(SignInRow, ClientContext), AuthError> {
    let client = client::current(&auth.db, cookie)
        .await?
        .ok_or(AuthError::NotFound("Sign-in"))?;
    let query = format!("SELECT {ROW_COLUMNS} FROM sign_ins WHERE id = $1 AND client_id = $2");
    let row: SignInRow = on_pool!(&auth.db, pool => sqlx::query_as(sqlx::AssertSqlSafe(query))
        .bind(sign_in_id)
        .bind(&client.row.id)
        .fetch_optional(pool)
        .await
        .map_err(StoreError::from))?
    .ok_or(AuthError::NotFound("Sign-in"))?;
    if row.status != status || now >= row.expire_at {
        return Err(AuthError::InvalidStep(
            "this sign-in is complete or has expired; start a new one",
        ));
    }
    Ok((row, client))
}

/// The session a sign-in of this browser's client ended in, once it is complete and that
/// session is this browser's too: how the tab that asked for a magic link learns that
/// another tab of the same browser has used it. A link opened on another device signs in
/// that device only, and this browser learns nothing about it.
pub async fn created_session(
    auth: &Auth,
    cookie: Option<&ClientToken>,
    sign_in_id: &str,
) -> Result<Option<String>, AuthError> {
    let Some(client) = client::current(&auth.db, cookie).await? else {
        return Ok(None);
    };
    let session: Option<Option<String>> = on_pool!(&auth.db, pool => sqlx::query_scalar(
        "SELECT sign_ins.created_session_id FROM sign_ins \
         JOIN sessions ON sessions.id = sign_ins.created_session_id \
         WHERE sign_ins.id = $1 AND sign_ins.client_id = $2 AND sign_ins.status = 'complete' \
         AND sessions.client_id = $2",
    )
    .bind(sign_in_id)
    .bind(&client.row.id)
    .fetch_optional(pool)
    .await
    .map_err(StoreError::from))?;
    Ok(session.flatten())
}

async fn user_of(auth: &Auth, row: &SignInRow) -> Result<Option<User>, AuthError> {
    Ok(match &row.user_id {
        Some(user_id) => find_user(&auth.db, user_id).await?,
        None => None,
    })
}

/// The address email factors use: the one the identifier names, else the primary one.
pub(super) fn factor_email<'u>(user: &'u User, identifier: &str) -> Option<&'u EmailRow> {
    let named = EmailAddress::parse(identifier).ok().and_then(|named| {
        user.emails.iter().find(|email| {
            EmailAddress::parse(&email.email_address)
                .is_ok_and(|stored| stored.normalized() == named.normalized())
        })
    });
    named.or_else(|| user.primary_email())
}

/// Sends a code (`email_code`, `reset_password_email_code`) or a link (`email_link`) to
/// the sign-in's address. For an unknown identifier nothing is sent, and the answer is
/// the same.
#[allow(clippy::too_many_arguments)]
pub async fn prepare_first_factor(
    auth: &Auth,
    cookie: Option<&ClientToken>,
    sign_in_id: &str,
    params: PrepareParams,
    locale: Locale,
    ip: IpAddr,
    now: i64,
) -> Result<SignInOutcome, AuthError> {
    rate_limit::hit(
        &auth.db,
        "sign_in",
        ip,
        auth.settings.sign_ins_per_minute,
        now,
    )
    .await?;
    prepare_counted(auth, cookie, sign_in_id, params, locale, now).await
}

/// [`prepare_first_factor`] for a request already counted toward the rate limit: the
/// hosted form's "email me a code", which has just created the sign-in in the same request.
pub async fn prepare_counted(
    auth: &Auth,
    cookie: Option<&ClientToken>,
    sign_in_id: &str,
    params: PrepareParams,
    locale: Locale,
    now: i64,
) -> Result<SignInOutcome, AuthError> {
    let (row, client) = pending(auth, cookie, sign_in_id, "needs_first_factor", now).await?;
    let purpose = match params.strategy.as_str() {
        "email_code" => Purpose::EmailCode,
        "email_link" => Purpose::EmailLink,
        "reset_password_email_code" => Purpose::ResetPassword,
        _ => return Err(super::strategy_invalid(&EMAIL_STRATEGIES)),
    };
    if params
        .email_address_id
        .as_ref()
        .is_some_and(|id| Some(id) != row.email_address_alias.as_ref())
    {
        return Err(AuthError::NotFound("Email address"));
    }
    let user = user_of(auth, &row).await?;
    let address = user
        .as_ref()
        .and_then(|user| {
            user.emails
                .iter()
                .find(|email| Some(&email.id) == row.email_address_id.as_ref())
        })
        .map(|email| email.email_address.clone());
    let branding = &auth.mailer.branding;
    // Checked now, not only when the link is used: an email must never carry a link on
    // to a site this instance does not trust.
    let redirect = crate::redirect::safe_target(
        params.redirect_url.as_deref(),
        &auth.settings.allowed_origins,
        "",
    )
    .to_owned();
    let recipient = address.clone().unwrap_or_else(|| row.identifier.clone());
    verification::issue(
        auth,
        &row.id,
        purpose,
        Recipient {
            address: &recipient,
            user_id: row.user_id.as_deref(),
            deliver: address.is_some(),
            cooldown_key: &row.identifier,
        },
        |secret| {
            let rendered = match purpose {
                Purpose::EmailLink => {
                    let url = link_url(&branding.public_origin, secret, &redirect);
                    Template::MagicLink { url: &url }.render(locale, branding)
                }
                Purpose::ResetPassword => {
                    Template::ResetPassword { code: secret }.render(locale, branding)
                }
                _ => Template::SignInCode { code: secret }.render(locale, branding),
            };
            NewEmail::new(&recipient, rendered)
        },
        now,
    )
    .await?;
    Ok(SignInOutcome {
        sign_in: row.view(),
        client,
    })
}

/// The page a magic link opens: it asks to confirm, and only the confirmation signs in.
fn link_url(origin: &str, token: &str, redirect_url: &str) -> String {
    let mut url = url::Url::parse(origin).expect("the public origin is a URL");
    url.set_path("/v1/verify");
    url.query_pairs_mut().append_pair("token", token);
    if !redirect_url.is_empty() {
        url.query_pairs_mut()
            .append_pair("redirect_url", redirect_url);
    }
    url.to_string()
}

#[allow(clippy::too_many_arguments)]
pub async fn attempt_first_factor(
    auth: &Auth,
    cookie: Option<&ClientToken>,
    sign_in_id: &str,
    params: AttemptParams,
    device: Device,
    locale: Locale,
    ip: IpAddr,
    now: i64,
) -> Result<SignInOutcome, AuthError> {
    rate_limit::hit(
        &auth.db,
        "sign_in",
        ip,
        auth.settings.sign_ins_per_minute,
        now,
    )
    .await?;
    let (mut row, client) = pending(auth, cookie, sign_in_id, "needs_first_factor", now).await?;
    match params.strategy.as_str() {
        "password" => {
            let password = params.password.ok_or_else(|| missing("password"))?;
            let user = user_of(auth, &row).await?;
            attempt_password(auth, row, user, &password, client, &device, now).await
        }
        "email_code" => {
            let code = params.code.ok_or_else(|| missing("code"))?;
            let user = user_of(auth, &row).await?;
            let guesses = Subject::of(user.as_ref(), &row.identifier);
            verification::check_code(auth, &row.id, Purpose::EmailCode, &code, Some(guesses), now)
                .await?;
            let user = user.ok_or(AuthError::VerificationExpired)?;
            let user = mailbox_proved(auth, &row, user, &client, locale, now).await?;
            complete(auth, row, &user, None, client, &device, now).await
        }
        "reset_password_email_code" => {
            let code = params.code.ok_or_else(|| missing("code"))?;
            let user = user_of(auth, &row).await?;
            let guesses = Subject::of(user.as_ref(), &row.identifier);
            verification::check_code(
                auth,
                &row.id,
                Purpose::ResetPassword,
                &code,
                Some(guesses),
                now,
            )
            .await?;
            if let Some(user) = user {
                mailbox_proved(auth, &row, user, &client, locale, now).await?;
            }
            set_status(auth, &row.id, "needs_new_password", None, now).await?;
            row.status = "needs_new_password".into();
            Ok(SignInOutcome {
                sign_in: row.view(),
                client,
            })
        }
        _ => Err(super::strategy_invalid(&[
            "password",
            "email_code",
            "reset_password_email_code",
        ])),
    }
}

/// Sets a new password after a right reset code, under the password policy, and signs
/// in; the other sessions of the account end if the person asks. The account's primary
/// address is told, in the same transaction as the change.
#[allow(clippy::too_many_arguments)]
pub async fn reset_password(
    auth: &Auth,
    cookie: Option<&ClientToken>,
    sign_in_id: &str,
    params: ResetPasswordParams,
    device: Device,
    locale: Locale,
    now: i64,
) -> Result<SignInOutcome, AuthError> {
    let (row, client) = pending(auth, cookie, sign_in_id, "needs_new_password", now).await?;
    let user = user_of(auth, &row)
        .await?
        .ok_or(AuthError::NotFound("Sign-in"))?;
    // Refused before anything changes: a reset that cannot sign in changes no password.
    auth.may_start_session(&user, &client.row.id, now).await?;
    let password = params.password.ok_or_else(|| missing("password"))?;
    let primary = user
        .primary_email()
        .map(|email| email.email_address.clone());
    auth.policy
        .check(&password, primary.as_deref())
        .map_err(|rejection| AuthError::Fields(vec![rejection.for_field("password")]))?;
    let hash = auth.hasher.hash(&password).await?;
    let notice = primary.map(|address| {
        NewEmail::new(
            &address,
            Template::PasswordChanged.render(locale, &auth.mailer.branding),
        )
    });
    // Before the new session starts, so "other sessions" are all of them.
    let others = params
        .sign_out_of_other_sessions
        .then_some(Filter::User(user.id()));
    account::set_password(auth, user.id(), &hash, notice.as_ref(), others, now).await?;
    complete(auth, row, &user, None, client, &device, now).await
}

/// The hosted form's reset in one step: the emailed reset code and the new password
/// together. The password is checked against the policy before the code, so a refused
/// password leaves the code unspent for the next try.
#[allow(clippy::too_many_arguments)]
pub async fn reset_with_code(
    auth: &Auth,
    cookie: Option<&ClientToken>,
    sign_in_id: &str,
    code: &str,
    params: ResetPasswordParams,
    device: Device,
    locale: Locale,
    ip: IpAddr,
    now: i64,
) -> Result<SignInOutcome, AuthError> {
    let (row, _) = pending(auth, cookie, sign_in_id, "needs_first_factor", now).await?;
    let password = params
        .password
        .as_deref()
        .ok_or_else(|| missing("password"))?;
    let user = user_of(auth, &row).await?;
    let email = user
        .as_ref()
        .and_then(User::primary_email)
        .map(|email| email.email_address.clone());
    auth.policy
        .check(password, email.as_deref())
        .map_err(|rejection| AuthError::Fields(vec![rejection.for_field("password")]))?;
    let attempt = AttemptParams {
        strategy: "reset_password_email_code".into(),
        password: None,
        code: Some(code.to_owned()),
    };
    attempt_first_factor(
        auth,
        cookie,
        sign_in_id,
        attempt,
        device.clone(),
        locale,
        ip,
        now,
    )
    .await?;
    reset_password(auth, cookie, sign_in_id, params, device, locale, now).await
}

/// Signs in with a magic link's token, in the browser that confirms it; with
/// `email_link_same_browser`, only in the browser that asked for the link (elsewhere the
/// link is refused and stays usable). The token is consumed before the session starts,
/// so a link works once.
pub async fn complete_with_link(
    auth: &Auth,
    cookie: Option<&ClientToken>,
    token: &str,
    device: Device,
    locale: Locale,
    now: i64,
) -> Result<SignInOutcome, AuthError> {
    let (link, row, user) = link_target(auth, token, now)
        .await?
        .ok_or(AuthError::VerificationExpired)?;
    // A locked account stays locked for links too: a lock answers guessing, and whoever
    // guesses the password may also be reading the mailbox.
    if let Some(retry_after) = user.locked_for(now) {
        return Err(AuthError::Locked { retry_after });
    }
    if user.row.banned {
        return Err(AuthError::Banned);
    }
    // Refusals come before any write: a link opened in the wrong browser neither
    // creates a client there nor gets used up.
    let existing = client::current(&auth.db, cookie).await?;
    if auth.settings.email_link_same_browser
        && existing.as_ref().map(|client| &client.row.id) != Some(&row.client_id)
    {
        return Err(AuthError::InvalidStep(
            "open the link in the browser where you asked for it",
        ));
    }
    let client = match existing {
        Some(client) => client,
        None => client::current_or_new(&auth.db, None, now).await?,
    };
    // Checked again by `complete`, but before the link is spent: a browser already
    // signed in to this account keeps the link usable.
    auth.may_start_session(&user, &client.row.id, now).await?;
    verification::consume(auth, &link, now).await?;
    let user = mailbox_proved(auth, &row, user, &client, locale, now).await?;
    complete(auth, row, &user, None, client, &device, now).await
}

/// The sign-in's address has just been proved; the user as they are after that proof,
/// which may have taken the account back from whoever created it (see [`claim`]).
async fn mailbox_proved(
    auth: &Auth,
    row: &SignInRow,
    user: User,
    client: &ClientContext,
    locale: Locale,
    now: i64,
) -> Result<User, AuthError> {
    let Some(email_id) = &row.email_address_id else {
        return Ok(user);
    };
    match claim::mailbox_proved(auth, &user, email_id, &client.row.id, locale, now).await? {
        true => account::user(auth, user.id()).await,
        false => Ok(user),
    }
}

/// The account a magic link signs into, named for its confirmation page: its primary
/// address, else its username. Someone who asks for a link to their own account and gets
/// another person to confirm it would sign that person in as themselves; the name on the
/// page is what tells them. `None` for a link that would not work.
pub async fn link_account(auth: &Auth, token: &str, now: i64) -> Result<Option<String>, AuthError> {
    Ok(link_target(auth, token, now).await?.map(|(link, _, user)| {
        user.primary_email()
            .map(|email| email.email_address.clone())
            .or(user.row.username)
            .unwrap_or(link.email_address)
    }))
}

/// A live link's verification, its sign-in (still waiting for a first factor) and the
/// account; `None` when any of them is gone.
async fn link_target(
    auth: &Auth,
    token: &str,
    now: i64,
) -> Result<Option<(verification::VerificationRow, SignInRow, User)>, AuthError> {
    let Some(link) = verification::find_link(auth, token, now).await? else {
        return Ok(None);
    };
    let query = format!("SELECT {ROW_COLUMNS} FROM sign_ins WHERE id = $1");
    let row: Option<SignInRow> = on_pool!(&auth.db, pool => sqlx::query_as(sqlx::AssertSqlSafe(query))
        .bind(&link.flow_id)
        .fetch_optional(pool)
        .await
        .map_err(StoreError::from))?;
    let Some(row) = row.filter(|row| row.status == "needs_first_factor" && now < row.expire_at)
    else {
        return Ok(None);
    };
    Ok(user_of(auth, &row).await?.map(|user| (link, row, user)))
}

async fn attempt_password(
    auth: &Auth,
    row: SignInRow,
    user: Option<User>,
    password: &str,
    client: ClientContext,
    device: &Device,
    now: i64,
) -> Result<SignInOutcome, AuthError> {
    let Some(user) = user else {
        return Err(lockout::refuse_unknown(auth, &row.identifier, password, now).await);
    };
    let Some(verified) = lockout::check_password(auth, &user, password, now).await? else {
        return Err(AuthError::IncorrectCredentials);
    };
    let rehashed = match verified.needs_rehash {
        true => Some(auth.hasher.hash(password).await?),
        false => None,
    };
    let proof = PasswordProof {
        credential_version: user.row.credential_version,
        rehashed,
    };
    complete(auth, row, &user, Some(proof), client, device, now).await
}

/// A password that matched, and the account's credential version it was read at.
struct PasswordProof {
    credential_version: i64,
    /// A stronger hash of it, when the stored one used weaker parameters.
    rehashed: Option<String>,
}

/// A first factor passed: a new session on this client, unless the account is banned,
/// already signed in here, or (for a password) no longer has that password; the sign-in
/// finishes once, in the same transaction.
async fn complete(
    auth: &Auth,
    mut row: SignInRow,
    user: &User,
    password: Option<PasswordProof>,
    client: ClientContext,
    device: &Device,
    now: i64,
) -> Result<SignInOutcome, AuthError> {
    let conditions = Conditions {
        sign_in: Some((&row.id, &row.status)),
        credential_version: password.as_ref().map(|proof| proof.credential_version),
    };
    let (session, token) = auth
        .start_session(&client.row.id, user.id(), device, conditions, now)
        .await?;
    let rehashed = password.as_ref().and_then(|proof| {
        proof
            .rehashed
            .as_deref()
            .map(|hash| (hash, proof.credential_version))
    });
    lockout::record_sign_in(&auth.db, user.id(), rehashed, now).await?;
    row.status = "complete".into();
    row.created_session_id = Some(session.id);
    Ok(SignInOutcome {
        sign_in: row.view(),
        client: client.rotated(token),
    })
}

async fn set_status(
    auth: &Auth,
    sign_in_id: &str,
    status: &str,
    created_session_id: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    on_pool!(&auth.db, pool => sqlx::query(
        "UPDATE sign_ins SET status = $1, created_session_id = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(status)
    .bind(created_session_id)
    .bind(now)
    .bind(sign_in_id)
    .execute(pool)
    .await
    .map(drop))?;
    Ok(())
}

pub fn missing(param: &'static str) -> AuthError {
    AuthError::Fields(vec![FieldError::new(
        param,
        "form_param_missing",
        format!("Enter {}.", param.replace('_', " ")),
    )])
}
