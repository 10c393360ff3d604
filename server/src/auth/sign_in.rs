//! Sign-in: `needs_first_factor` until a password is right, then `complete` with a new
//! session. An unknown identifier walks the same path, hashing a dummy password, so the
//! answer (status, body shape, time) never says whether an account exists.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::{
    Auth, AuthError,
    client::{self, ClientContext},
    lockout, rate_limit,
};
use crate::{
    identity::{FieldError, User, store::find_user, store::find_user_by_identifier},
    ids::new_id,
    on_pool,
    sessions::{ClientToken, Device, client::sessions, session},
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
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct SignInRow {
    id: String,
    status: String,
    identifier: String,
    user_id: Option<String>,
    created_session_id: Option<String>,
    created_at: i64,
    expire_at: i64,
}

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
}

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
            supported_first_factors: vec![Factor {
                strategy: "password",
            }],
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
        check_strategy(strategy)?;
    }
    let user = find_user_by_identifier(&auth.db, &identifier).await?;
    let client = client::current_or_new(&auth.db, cookie, now).await?;
    let row = SignInRow {
        id: new_id("sia"),
        status: "needs_first_factor".into(),
        identifier,
        user_id: user.as_ref().map(|user| user.id().to_owned()),
        created_session_id: None,
        created_at: now,
        expire_at: now + SIGN_IN_TTL_MS,
    };
    on_pool!(&auth.db, pool => sqlx::query(
        "INSERT INTO sign_ins (id, client_id, status, identifier, user_id, created_at, updated_at, expire_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7)",
    )
    .bind(&row.id)
    .bind(&client.row.id)
    .bind(&row.status)
    .bind(&row.identifier)
    .bind(&row.user_id)
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

pub async fn attempt_first_factor(
    auth: &Auth,
    cookie: Option<&ClientToken>,
    sign_in_id: &str,
    params: AttemptParams,
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
    let client = client::current(&auth.db, cookie)
        .await?
        .ok_or(AuthError::NotFound("Sign-in"))?;
    let row: SignInRow = on_pool!(&auth.db, pool => sqlx::query_as(
        "SELECT id, status, identifier, user_id, created_session_id, created_at, expire_at \
         FROM sign_ins WHERE id = $1 AND client_id = $2",
    )
    .bind(sign_in_id)
    .bind(&client.row.id)
    .fetch_optional(pool)
    .await
    .map_err(StoreError::from))?
    .ok_or(AuthError::NotFound("Sign-in"))?;
    if row.status != "needs_first_factor" || now >= row.expire_at {
        return Err(AuthError::InvalidStep(
            "this sign-in is complete or has expired; start a new one",
        ));
    }
    check_strategy(&params.strategy)?;
    let password = params.password.ok_or_else(|| missing("password"))?;
    let user = match &row.user_id {
        Some(user_id) => find_user(&auth.db, user_id).await?,
        None => None,
    };
    attempt_password(auth, row, user, &password, client, &device, now).await
}

async fn attempt_password(
    auth: &Auth,
    mut row: SignInRow,
    user: Option<User>,
    password: &str,
    client: ClientContext,
    device: &Device,
    now: i64,
) -> Result<SignInOutcome, AuthError> {
    let Some(user) = user else {
        auth.hasher.verify_dummy(password).await;
        return Err(AuthError::IncorrectCredentials);
    };
    let Some(verified) = lockout::check_password(auth, &user, password, now).await? else {
        return Err(AuthError::IncorrectCredentials);
    };
    if user.row.banned {
        return Err(AuthError::Banned);
    }
    if sessions(&auth.db, &client.row.id)
        .await?
        .iter()
        .any(|session| {
            session.user_id == user.id()
                && session.view(auth.settings.lifetimes(), now).status == "active"
        })
    {
        return Err(AuthError::SessionExists);
    }
    let rehashed = match verified.needs_rehash {
        true => Some(auth.hasher.hash(password).await?),
        false => None,
    };
    lockout::record_success(&auth.db, user.id(), rehashed.as_deref(), now).await?;
    let (session, token) = session::start(
        &auth.db,
        &client.row.id,
        user.id(),
        device,
        auth.settings.lifetimes(),
        now,
    )
    .await?;
    on_pool!(&auth.db, pool => sqlx::query(
        "UPDATE sign_ins SET status = 'complete', created_session_id = $1, updated_at = $2 WHERE id = $3",
    )
    .bind(&session.id)
    .bind(now)
    .bind(&row.id)
    .execute(pool)
    .await
    .map(drop)
    .map_err(StoreError::from))?;
    row.status = "complete".into();
    row.created_session_id = Some(session.id);
    Ok(SignInOutcome {
        sign_in: row.view(),
        client: client.rotated(token),
    })
}

fn check_strategy(strategy: &str) -> Result<(), AuthError> {
    if strategy == "password" {
        return Ok(());
    }
    Err(AuthError::Fields(vec![FieldError::new(
        "strategy",
        "strategy_for_user_invalid",
        "That sign-in strategy is not available; use \"password\".",
    )]))
}

pub fn missing(param: &'static str) -> AuthError {
    AuthError::Fields(vec![FieldError::new(
        param,
        "form_param_missing",
        format!("Enter {}.", param.replace('_', " ")),
    )])
}
