//! Minting session JWTs from a client cookie: the request every signed-in browser makes
//! about once a minute, so it costs one indexed read and a signature. Activity is noted
//! in memory and written in batches (see [`super::activity`]).

use super::{
    activity::ActivityLog,
    client::ClientToken,
    session::{Lifetimes, effective_status},
};
use crate::{
    keys::{KeyError, SigningKeys},
    on_pool,
    store::{Db, StoreError},
    verify::SessionClaims,
};

/// `last_active_at` is only rewritten when it is older than this: it feeds "active
/// devices" and the inactivity timeout, neither of which needs finer resolution.
const ACTIVITY_RESOLUTION_MS: i64 = 60_000;

#[derive(Debug, Clone)]
pub struct TokenSettings {
    pub issuer: String,
    pub lifetime_secs: i64,
    pub lifetimes: Lifetimes,
}

#[derive(Debug, thiserror::Error)]
pub enum MintError {
    #[error("no such session on this client")]
    SessionNotFound,
    #[error("the session is {0}")]
    SessionInactive(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Keys(#[from] KeyError),
}

/// Which of the client's sessions the token is for.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    Session(&'a str),
    /// The client's active session, whichever it is.
    Active,
}

/// What minting needs besides the stores.
pub struct MintRequest<'a> {
    pub client_token: &'a ClientToken,
    pub target: Target<'a>,
    /// The origin the token is for; without one, Hallpass's own, so every token names
    /// its audience.
    pub azp: Option<String>,
    pub now: i64,
}

#[derive(Debug)]
pub struct Minted {
    pub jwt: String,
    pub session_id: String,
    /// The session is the client's active one, whose token also goes in `__session`.
    pub is_active: bool,
}

#[derive(sqlx::FromRow)]
struct Mintable {
    session_id: String,
    user_id: String,
    status: String,
    expire_at: i64,
    last_active_at: i64,
    banned: bool,
    active_session_id: Option<String>,
}

/// A fresh session JWT, if the target is an active session of the client holding the
/// token: the client, the session and its user in one query.
pub async fn mint(
    db: &Db,
    keys: &SigningKeys,
    activity: &ActivityLog,
    settings: &TokenSettings,
    request: MintRequest<'_>,
) -> Result<Minted, MintError> {
    let wanted = match request.target {
        Target::Session(session_id) => Some(session_id),
        Target::Active => None,
    };
    let found: Option<Mintable> = on_pool!(db, pool => sqlx::query_as(
        "SELECT s.id AS session_id, s.user_id, s.status, s.expire_at, s.last_active_at, u.banned, \
         c.last_active_session_id AS active_session_id FROM clients c \
         JOIN sessions s ON s.client_id = c.id JOIN users u ON u.id = s.user_id \
         WHERE c.token_hash = $1 AND s.id = COALESCE($2, c.last_active_session_id)",
    )
    .bind(request.client_token.hash())
    .bind(wanted)
    .fetch_optional(pool)
    .await
    .map_err(StoreError::from))?;
    let session = found.ok_or(MintError::SessionNotFound)?;
    let now = request.now;
    let status = effective_status(
        &session.status,
        session.expire_at,
        session.last_active_at,
        settings.lifetimes,
        now,
    );
    if status != "active" {
        return Err(MintError::SessionInactive(status.to_owned()));
    }
    if session.banned {
        return Err(MintError::SessionInactive("revoked".into()));
    }
    if now - session.last_active_at >= ACTIVITY_RESOLUTION_MS {
        activity.record(&session.session_id, now);
    }
    let issued_at = now / 1000;
    let claims = SessionClaims {
        sub: session.user_id,
        sid: session.session_id.clone(),
        iss: settings.issuer.clone(),
        azp: Some(request.azp.unwrap_or_else(|| settings.issuer.clone())),
        iat: issued_at,
        nbf: issued_at,
        exp: issued_at + settings.lifetime_secs,
        jti: crate::ids::random_token(16),
    };
    Ok(Minted {
        jwt: keys.sign(&claims).await?,
        is_active: session.active_session_id.as_deref() == Some(session.session_id.as_str()),
        session_id: session.session_id,
    })
}
