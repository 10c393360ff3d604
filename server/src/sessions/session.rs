use serde::Serialize;
use sqlx::{Database, Encode, Type, query::Query};

use crate::{
    on_pool,
    store::{Db, StoreError},
};

/// What a session records about the device that opened it, shown on "active devices".
#[derive(Debug, Clone, Default)]
pub struct Device {
    pub user_agent: Option<String>,
    pub ip_address: Option<String>,
}

const USER_AGENT_MAX: usize = 512;

impl Device {
    pub fn new(user_agent: Option<&str>, ip_address: Option<String>) -> Self {
        let user_agent = user_agent.map(|agent| agent.chars().take(USER_AGENT_MAX).collect());
        Self {
            user_agent,
            ip_address,
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: String,
    pub client_id: String,
    pub user_id: String,
    pub status: String,
    pub user_agent: Option<String>,
    pub ip_address: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub last_active_at: i64,
    pub expire_at: i64,
    pub ended_at: Option<i64>,
}

pub const SESSION_COLUMNS: &str = "id, client_id, user_id, status, user_agent, ip_address, created_at, updated_at, \
     last_active_at, expire_at, ended_at";

/// Lifetime rules, from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct Lifetimes {
    pub maximum_ms: i64,
    pub inactivity_ms: Option<i64>,
}

/// `active` sessions past their lifetime or idle too long read as `expired` without
/// anyone having to write that down first.
pub fn effective_status(
    status: &str,
    expire_at: i64,
    last_active_at: i64,
    rules: Lifetimes,
    now: i64,
) -> &str {
    let idle_too_long = rules
        .inactivity_ms
        .is_some_and(|limit| now - last_active_at > limit);
    if status == "active" && (now >= expire_at || idle_too_long) {
        "expired"
    } else {
        status
    }
}

impl SessionRow {
    /// Active, and neither past its lifetime nor idle too long at `now`.
    pub fn is_live(&self, rules: Lifetimes, now: i64) -> bool {
        effective_status(
            &self.status,
            self.expire_at,
            self.last_active_at,
            rules,
            now,
        ) == "active"
    }

    pub fn view(&self, rules: Lifetimes, now: i64) -> SessionView {
        SessionView {
            object: "session",
            id: self.id.clone(),
            status: effective_status(
                &self.status,
                self.expire_at,
                self.last_active_at,
                rules,
                now,
            )
            .to_owned(),
            user_id: self.user_id.clone(),
            last_active_at: self.last_active_at,
            expire_at: self.expire_at,
            abandon_at: rules.inactivity_ms.map(|limit| self.last_active_at + limit),
            latest_activity: Activity {
                user_agent: self.user_agent.clone(),
                ip_address: self.ip_address.clone(),
            },
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionView {
    pub object: &'static str,
    pub id: String,
    pub status: String,
    pub user_id: String,
    pub last_active_at: i64,
    pub expire_at: i64,
    pub abandon_at: Option<i64>,
    pub latest_activity: Activity,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Activity {
    pub user_agent: Option<String>,
    pub ip_address: Option<String>,
}

pub async fn find(db: &Db, session_id: &str) -> Result<Option<SessionRow>, StoreError> {
    let query = format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE id = $1");
    Ok(
        on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(query)).bind(session_id).fetch_optional(pool).await)?,
    )
}

/// Active sessions of a user across all their devices, newest first.
pub async fn for_user(db: &Db, user_id: &str) -> Result<Vec<SessionRow>, StoreError> {
    let query = format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = $1 AND status = 'active' ORDER BY last_active_at DESC, id"
    );
    Ok(
        on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(query)).bind(user_id).fetch_all(pool).await)?,
    )
}

/// Moves active sessions matching `filter` to `status`; returns how many changed.
pub async fn end(
    db: &Db,
    filter: Filter<'_>,
    status: EndStatus,
    now: i64,
) -> Result<u64, StoreError> {
    Ok(on_pool!(db, pool => end_statement(filter, status, now)
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))?)
}

/// The statement behind [`end`], to execute on the transaction of a change that must end
/// sessions with it (a password reset that signs out everywhere).
pub fn end_statement<'a, DB>(
    filter: Filter<'a>,
    status: EndStatus,
    now: i64,
) -> Query<'a, DB, DB::Arguments>
where
    DB: Database,
    for<'t> &'a str: Encode<'t, DB> + Type<DB>,
    for<'t> i64: Encode<'t, DB> + Type<DB>,
{
    let (sql, first, second): (&'static str, &'a str, Option<&'a str>) = match filter {
        Filter::One { session_id, owner } => (
            "UPDATE sessions SET status = $1, ended_at = $2, updated_at = $2 \
             WHERE status = 'active' AND id = $3 AND (client_id = $4 OR user_id = $4)",
            session_id,
            Some(owner),
        ),
        Filter::Client(client_id) => (
            "UPDATE sessions SET status = $1, ended_at = $2, updated_at = $2 \
             WHERE status = 'active' AND client_id = $3",
            client_id,
            None,
        ),
        Filter::User(user_id) => (
            "UPDATE sessions SET status = $1, ended_at = $2, updated_at = $2 \
             WHERE status = 'active' AND user_id = $3",
            user_id,
            None,
        ),
        Filter::UserExcept { user_id, keep } => (
            "UPDATE sessions SET status = $1, ended_at = $2, updated_at = $2 \
             WHERE status = 'active' AND user_id = $3 AND id <> $4",
            user_id,
            Some(keep),
        ),
    };
    let statement = sqlx::query(sql).bind(status.as_str()).bind(now).bind(first);
    match second {
        Some(second) => statement.bind(second),
        None => statement,
    }
}

pub enum Filter<'a> {
    /// One session, if it belongs to this client or user.
    One {
        session_id: &'a str,
        owner: &'a str,
    },
    Client(&'a str),
    User(&'a str),
    UserExcept {
        user_id: &'a str,
        keep: &'a str,
    },
}

#[derive(Debug, Clone, Copy)]
pub enum EndStatus {
    /// The user signed out.
    Ended,
    /// Someone else ended it: the user from another device, an admin, a ban.
    Revoked,
}

impl EndStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            EndStatus::Ended => "ended",
            EndStatus::Revoked => "revoked",
        }
    }
}
