//! Starting a session: the one write every sign-in and sign-up ends in. Whatever the flow
//! checked before (a password, a ban, that this browser is not signed in to the account
//! yet) can change while it hashes or waits, so the checks that decide whether the session
//! may exist are made again inside the transaction that creates it, under locks that
//! order it against the changes that would refuse it.

use super::{
    client::ClientToken,
    session::{Device, Lifetimes, SESSION_COLUMNS, SessionRow},
};
use crate::{
    ids::new_id,
    on_pool,
    store::{Db, StoreError},
};

/// Who gets the session, and on which client.
pub struct NewSession<'a> {
    pub client_id: &'a str,
    pub user_id: &'a str,
    pub device: &'a Device,
    pub rules: Lifetimes,
    /// Sessions one client may hold at once.
    pub max_per_client: u32,
    pub now: i64,
}

/// What must still hold when the session is written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Conditions<'a> {
    /// The sign-in the session finishes, and the status it was checked in: a sign-in
    /// finishes once, however many requests finish it together.
    pub sign_in: Option<(&'a str, &'a str)>,
    /// The account's credential version the flow read before checking a password: a
    /// password set, reset or removed since refuses the session.
    pub credential_version: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("the account is banned")]
    Banned,
    #[error("the account's password changed after it was checked")]
    CredentialsChanged,
    #[error("the account no longer exists")]
    UserGone,
    #[error("this client is already signed in to the account")]
    AlreadySignedIn,
    #[error("this client holds as many sessions as it may")]
    ClientFull,
    #[error("the sign-in has already finished")]
    FlowFinished,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Starts a session for the user on the client, which gets a new token in the same
/// transaction (no session fixation) and makes the new session its active one.
///
/// The client row is written first: on PostgreSQL its row lock orders two sign-ins of
/// one browser, so the second sees the first's session. The user row is then read
/// `FOR SHARE`, so a password change or ban either commits first (and is seen here) or
/// waits for this session and then ends it. SQLite runs one writer at a time, so the
/// first write already orders everything.
pub async fn start(
    db: &Db,
    new: NewSession<'_>,
    conditions: Conditions<'_>,
) -> Result<(SessionRow, ClientToken), StartError> {
    let token = ClientToken::generate();
    let now = new.now;
    let row = SessionRow {
        id: new_id("sess"),
        client_id: new.client_id.to_owned(),
        user_id: new.user_id.to_owned(),
        status: "active".into(),
        user_agent: new.device.user_agent.clone(),
        ip_address: new.device.ip_address.clone(),
        created_at: now,
        updated_at: now,
        last_active_at: now,
        expire_at: now + new.rules.maximum_ms,
        ended_at: None,
    };
    let share_lock = match db {
        Db::Postgres(_) => " FOR SHARE",
        Db::Sqlite(_) => "",
    };
    let account_query =
        format!("SELECT banned, credential_version FROM users WHERE id = $1{share_lock}");
    let sessions_query = format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE client_id = $1 AND status = 'active'"
    );
    on_pool!(db, pool => {
        let mut tx = pool.begin().await.map_err(StoreError::from)?;
        sqlx::query("UPDATE clients SET token_hash = $1, last_active_session_id = $2, updated_at = $3 WHERE id = $4")
            .bind(token.hash())
            .bind(&row.id)
            .bind(now)
            .bind(new.client_id)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?;
        let account: Option<(bool, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(account_query))
            .bind(new.user_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(StoreError::from)?;
        let (banned, version) = account.ok_or(StartError::UserGone)?;
        let held: Vec<SessionRow> = sqlx::query_as(sqlx::AssertSqlSafe(sessions_query))
            .bind(new.client_id)
            .fetch_all(&mut *tx)
            .await
            .map_err(StoreError::from)?;
        if let Some(refused) = refusal(banned, &held, &new) {
            return Err(refused);
        }
        if conditions.credential_version.is_some_and(|checked| checked != version) {
            return Err(StartError::CredentialsChanged);
        }
        if let Some((sign_in_id, status)) = conditions.sign_in {
            let finished = sqlx::query(
                "UPDATE sign_ins SET status = 'complete', created_session_id = $1, updated_at = $2 \
                 WHERE id = $3 AND status = $4",
            )
            .bind(&row.id)
            .bind(now)
            .bind(sign_in_id)
            .bind(status)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?
            .rows_affected();
            if finished != 1 {
                return Err(StartError::FlowFinished);
            }
        }
        sqlx::query(
            "INSERT INTO sessions (id, client_id, user_id, status, user_agent, ip_address, created_at, \
             updated_at, last_active_at, expire_at) VALUES ($1, $2, $3, 'active', $4, $5, $6, $6, $6, $7)",
        )
        .bind(&row.id)
        .bind(&row.client_id)
        .bind(&row.user_id)
        .bind(&row.user_agent)
        .bind(&row.ip_address)
        .bind(now)
        .bind(row.expire_at)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        tx.commit().await.map_err(StoreError::from)?;
    });
    Ok((row, token))
}

/// Why the user may not get another session on a client holding the `held` sessions, if
/// they may not: a banned account, a client already signed in to it, or a full client.
/// Flows also ask before a step they cannot undo (spending a link, changing a password).
pub fn refusal(banned: bool, held: &[SessionRow], new: &NewSession<'_>) -> Option<StartError> {
    if banned {
        return Some(StartError::Banned);
    }
    let live: Vec<&SessionRow> = held
        .iter()
        .filter(|session| session.is_live(new.rules, new.now))
        .collect();
    if live.iter().any(|session| session.user_id == new.user_id) {
        return Some(StartError::AlreadySignedIn);
    }
    (live.len() >= new.max_per_client as usize).then_some(StartError::ClientFull)
}
