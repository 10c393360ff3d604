//! Minting session JWTs from a client and a session: the request every signed-in browser
//! makes about once a minute, so it costs one indexed read and, at most once a minute
//! per session, one write.

use super::{
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

#[derive(sqlx::FromRow)]
struct Mintable {
    user_id: String,
    status: String,
    expire_at: i64,
    last_active_at: i64,
    banned: bool,
}

/// A fresh session JWT, if `session_id` is an active session of the client holding `token`.
/// `azp` names the origin the token is for; without one, the token is for Hallpass's own
/// origin, so every token names its audience.
pub async fn mint(
    db: &Db,
    keys: &SigningKeys,
    settings: &TokenSettings,
    token: &ClientToken,
    session_id: &str,
    azp: Option<String>,
    now: i64,
) -> Result<String, MintError> {
    let found: Option<Mintable> = on_pool!(db, pool => sqlx::query_as(
        "SELECT s.user_id, s.status, s.expire_at, s.last_active_at, u.banned FROM sessions s \
         JOIN clients c ON c.id = s.client_id JOIN users u ON u.id = s.user_id \
         WHERE s.id = $1 AND c.token_hash = $2",
    )
    .bind(session_id)
    .bind(token.hash())
    .fetch_optional(pool)
    .await
    .map_err(StoreError::from))?;
    let session = found.ok_or(MintError::SessionNotFound)?;
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
        on_pool!(db, pool => sqlx::query("UPDATE sessions SET last_active_at = $1 WHERE id = $2")
            .bind(now)
            .bind(session_id)
            .execute(pool)
            .await
            .map(drop)
            .map_err(StoreError::from))?;
    }
    let issued_at = now / 1000;
    let claims = SessionClaims {
        sub: session.user_id,
        sid: session_id.to_owned(),
        iss: settings.issuer.clone(),
        azp: Some(azp.unwrap_or_else(|| settings.issuer.clone())),
        iat: issued_at,
        nbf: issued_at,
        exp: issued_at + settings.lifetime_secs,
        jti: crate::ids::random_token(16),
    };
    Ok(keys.sign(&claims).await?)
}
