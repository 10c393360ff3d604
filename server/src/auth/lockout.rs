//! Consecutive wrong guesses (passwords, emailed codes) lock an account for a while.
//!
//! A guess is counted (reserved) before it is checked, in one conditional statement, so a
//! burst of guesses sent at once gets no more checks than the limit, on any number of
//! instances: the guess that takes the last slot locks the account while it is checked,
//! and a right guess lifts the lock again. Identifiers that name no account count and
//! lock the same way, in a table of their own, so a lock tells nothing about whether an
//! account exists.

use std::time::Duration;

use super::{Auth, AuthError};
use crate::{
    identity::User,
    on_pool,
    password::Verified,
    store::{Db, StoreError},
};

/// Whose guesses count: an account, or an identifier that names none.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    Account(&'a str),
    Unknown(&'a str),
}

impl<'a> Subject<'a> {
    /// The subject a sign-in's guesses count against.
    pub fn of(user: Option<&'a User>, identifier: &'a str) -> Self {
        match user {
            Some(user) => Subject::Account(user.id()),
            None => Subject::Unknown(identifier),
        }
    }
}

/// Checks `password` against the user's under the lockout rules. `None` means wrong; a
/// user without a password gets the dummy hash's cost and `None`, so the answer takes as
/// long as for anyone else.
pub async fn check_password(
    auth: &Auth,
    user: &User,
    password: &str,
    now: i64,
) -> Result<Option<Verified>, AuthError> {
    reserve(auth, Subject::Account(user.id()), now).await?;
    let Some(stored_hash) = user.row.password_hash.as_deref() else {
        auth.hasher.verify_dummy(password).await;
        return Ok(None);
    };
    let verified = auth.hasher.verify(password, stored_hash).await?;
    if !verified.matches {
        return Ok(None);
    }
    clear(&auth.db, Subject::Account(user.id())).await?;
    Ok(Some(verified))
}

/// A wrong password for an identifier that names no account: counted like a real one,
/// and as slow.
pub async fn refuse_unknown(auth: &Auth, identifier: &str, password: &str, now: i64) -> AuthError {
    if let Err(error) = reserve(auth, Subject::Unknown(identifier), now).await {
        return error;
    }
    auth.hasher.verify_dummy(password).await;
    AuthError::IncorrectCredentials
}

/// Takes one guess from the subject's allowance, or refuses with `Locked` when none is
/// left. The guess that takes the last one locks the subject from `now`.
pub async fn reserve(auth: &Auth, subject: Subject<'_>, now: i64) -> Result<(), AuthError> {
    let settings = &auth.settings;
    let limit = settings.lockout_attempts;
    let lock_until = now + settings.lockout_ms;
    let reserved: Option<i32> = match subject {
        Subject::Account(user_id) => on_pool!(&auth.db, pool => sqlx::query_scalar(
            "UPDATE users SET \
               failed_sign_in_attempts = CASE WHEN locked_until <= $1 THEN 1 ELSE failed_sign_in_attempts + 1 END, \
               locked_until = CASE \
                 WHEN (CASE WHEN locked_until <= $1 THEN 1 ELSE failed_sign_in_attempts + 1 END) >= $2 THEN $3 \
                 ELSE NULL END, \
               updated_at = $1 \
             WHERE id = $4 AND (locked_until IS NULL OR locked_until <= $1) \
             RETURNING failed_sign_in_attempts",
        )
        .bind(now)
        .bind(limit)
        .bind(lock_until)
        .bind(user_id)
        .fetch_optional(pool)
        .await
        .map_err(StoreError::from))?,
        Subject::Unknown(identifier) => on_pool!(&auth.db, pool => sqlx::query_scalar(
            "INSERT INTO identifier_lockouts (key, failed_attempts, locked_until, updated_at) \
             VALUES ($4, 1, CASE WHEN 1 >= $2 THEN $3 ELSE NULL END, $1) \
             ON CONFLICT (key) DO UPDATE SET \
               failed_attempts = CASE WHEN identifier_lockouts.locked_until <= $1 THEN 1 \
                 ELSE identifier_lockouts.failed_attempts + 1 END, \
               locked_until = CASE \
                 WHEN (CASE WHEN identifier_lockouts.locked_until <= $1 THEN 1 \
                   ELSE identifier_lockouts.failed_attempts + 1 END) >= $2 THEN $3 \
                 ELSE NULL END, \
               updated_at = $1 \
             WHERE identifier_lockouts.locked_until IS NULL OR identifier_lockouts.locked_until <= $1 \
             RETURNING failed_attempts",
        )
        .bind(now)
        .bind(limit)
        .bind(lock_until)
        .bind(unknown_key(auth, identifier))
        .fetch_optional(pool)
        .await
        .map_err(StoreError::from))?,
    };
    if reserved.is_some() {
        return Ok(());
    }
    let locked_until = locked_until(auth, subject).await?;
    Err(AuthError::Locked {
        retry_after: Duration::from_millis(
            locked_until.map_or(1000, |until| (until - now).max(1000)) as u64,
        ),
    })
}

/// A right guess: the count starts again and any lock lifts.
pub async fn clear(db: &Db, subject: Subject<'_>) -> Result<(), StoreError> {
    match subject {
        Subject::Account(user_id) => on_pool!(db, pool => sqlx::query(
            "UPDATE users SET failed_sign_in_attempts = 0, locked_until = NULL WHERE id = $1",
        )
        .bind(user_id)
        .execute(pool)
        .await
        .map(drop))?,
        // Nothing about an unknown identifier can be right.
        Subject::Unknown(_) => {}
    }
    Ok(())
}

/// Records a finished sign-in, and stores a stronger hash of the password it used when the
/// old one had weaker parameters, unless the password changed meanwhile.
pub async fn record_sign_in(
    db: &Db,
    user_id: &str,
    rehashed: Option<(&str, i64)>,
    now: i64,
) -> Result<(), StoreError> {
    let (hash, version) = rehashed.unzip();
    on_pool!(db, pool => sqlx::query(
        "UPDATE users SET last_sign_in_at = $1, \
         password_hash = CASE WHEN credential_version = $3 THEN COALESCE($2, password_hash) ELSE password_hash END, \
         updated_at = $1 WHERE id = $4",
    )
    .bind(now)
    .bind(hash)
    .bind(version)
    .bind(user_id)
    .execute(pool)
    .await
    .map(drop))?;
    Ok(())
}

async fn locked_until(auth: &Auth, subject: Subject<'_>) -> Result<Option<i64>, StoreError> {
    Ok(match subject {
        Subject::Account(user_id) => on_pool!(&auth.db, pool => sqlx::query_scalar(
            "SELECT locked_until FROM users WHERE id = $1",
        )
        .bind(user_id)
        .fetch_optional(pool)
        .await?)
        .flatten(),
        Subject::Unknown(identifier) => on_pool!(&auth.db, pool => sqlx::query_scalar(
            "SELECT locked_until FROM identifier_lockouts WHERE key = $1",
        )
        .bind(unknown_key(auth, identifier))
        .fetch_optional(pool)
        .await?)
        .flatten(),
    })
}

fn unknown_key(auth: &Auth, identifier: &str) -> String {
    auth.codes
        .mac(&["lockout", &identifier.trim().to_lowercase()])
}
