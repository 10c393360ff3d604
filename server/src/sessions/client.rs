use serde::Serialize;
use sha2::{Digest, Sha256};

use super::session::{SessionRow, SessionView};
use crate::{
    ids::new_id,
    on_pool,
    store::{Db, StoreError},
};

/// The `__client` cookie value: 256 random bits. Only its SHA-256 is stored, so a
/// database leak yields no usable cookie; lookups go by that hash, so comparing the
/// secret never takes a data-dependent amount of time.
#[derive(Clone)]
pub struct ClientToken(String);

impl ClientToken {
    pub fn generate() -> Self {
        Self(crate::ids::random_token(32))
    }

    pub fn from_cookie(value: &str) -> Self {
        Self(value.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> String {
        hash_token(&self.0)
    }
}

impl std::fmt::Debug for ClientToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientToken(********)")
    }
}

pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClientRow {
    pub id: String,
    pub last_active_session_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClientView {
    pub object: &'static str,
    pub id: String,
    pub sessions: Vec<SessionView>,
    pub last_active_session_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl ClientView {
    pub fn new(client: &ClientRow, sessions: Vec<SessionView>) -> Self {
        Self {
            object: "client",
            id: client.id.clone(),
            sessions,
            last_active_session_id: client.last_active_session_id.clone(),
            created_at: client.created_at,
            updated_at: client.updated_at,
        }
    }
}

pub async fn find_by_token(db: &Db, token: &ClientToken) -> Result<Option<ClientRow>, StoreError> {
    Ok(on_pool!(db, pool => sqlx::query_as(
        "SELECT id, last_active_session_id, created_at, updated_at FROM clients WHERE token_hash = $1",
    )
    .bind(token.hash())
    .fetch_optional(pool)
    .await)?)
}

pub async fn create(db: &Db, now: i64) -> Result<(ClientRow, ClientToken), StoreError> {
    let token = ClientToken::generate();
    let row = ClientRow {
        id: new_id("client"),
        last_active_session_id: None,
        created_at: now,
        updated_at: now,
    };
    on_pool!(db, pool => sqlx::query(
        "INSERT INTO clients (id, token_hash, created_at, updated_at) VALUES ($1, $2, $3, $3)",
    )
    .bind(&row.id)
    .bind(token.hash())
    .bind(now)
    .execute(pool)
    .await
    .map(drop))?;
    Ok((row, token))
}

/// The sessions a client shows: those still active, newest first.
pub async fn sessions(db: &Db, client_id: &str) -> Result<Vec<SessionRow>, StoreError> {
    Ok(on_pool!(db, pool => sqlx::query_as(
        "SELECT id, client_id, user_id, status, user_agent, ip_address, created_at, updated_at, \
         last_active_at, expire_at, ended_at FROM sessions WHERE client_id = $1 AND status = 'active' \
         ORDER BY created_at DESC, id DESC",
    )
    .bind(client_id)
    .fetch_all(pool)
    .await)?)
}

pub async fn set_last_active_session(
    db: &Db,
    client_id: &str,
    session_id: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    on_pool!(db, pool => sqlx::query("UPDATE clients SET last_active_session_id = $1, updated_at = $2 WHERE id = $3")
        .bind(session_id)
        .bind(now)
        .bind(client_id)
        .execute(pool)
        .await
        .map(drop))?;
    Ok(())
}
