//! Consecutive wrong passwords lock an account for a while. The counter lives in the
//! users table and changes in single statements, so concurrent attempts on any instance
//! all count.

use super::{Auth, AuthError};
use crate::{
    identity::User,
    on_pool,
    password::Verified,
    store::{Db, StoreError},
};

/// Checks `password` against the user's under the lockout rules: refused while the
/// account is locked, and a wrong password counts toward the next lock. `None` means
/// wrong; a user without a password gets the dummy hash's cost and `None`, so the answer
/// takes as long as for anyone else.
pub async fn check_password(
    auth: &Auth,
    user: &User,
    password: &str,
    now: i64,
) -> Result<Option<Verified>, AuthError> {
    if let Some(retry_after) = user.locked_for(now) {
        return Err(AuthError::Locked { retry_after });
    }
    let Some(stored_hash) = user.row.password_hash.as_deref() else {
        auth.hasher.verify_dummy(password).await;
        return Ok(None);
    };
    let verified = auth.hasher.verify(password, stored_hash).await?;
    if !verified.matches {
        let settings = &auth.settings;
        record_failure(
            &auth.db,
            user.id(),
            settings.lockout_attempts,
            settings.lockout_ms,
            now,
        )
        .await?;
        return Ok(None);
    }
    Ok(Some(verified))
}

/// Counts a wrong password. The attempt that reaches the limit locks the account and
/// starts the count again, so a lock follows every `attempts` failures.
pub async fn record_failure(
    db: &Db,
    user_id: &str,
    attempts: i32,
    lock_ms: i64,
    now: i64,
) -> Result<(), StoreError> {
    on_pool!(db, pool => sqlx::query(
        "UPDATE users SET \
           locked_until = CASE WHEN failed_sign_in_attempts + 1 >= $1 THEN $2 ELSE locked_until END, \
           failed_sign_in_attempts = CASE WHEN failed_sign_in_attempts + 1 >= $1 THEN 0 ELSE failed_sign_in_attempts + 1 END, \
           updated_at = $3 \
         WHERE id = $4",
    )
    .bind(attempts)
    .bind(now + lock_ms)
    .bind(now)
    .bind(user_id)
    .execute(pool)
    .await
    .map(drop))?;
    Ok(())
}

/// Clears the count after a right password, records the sign-in, and stores a stronger
/// hash when the old one used weaker parameters.
pub async fn record_success(
    db: &Db,
    user_id: &str,
    rehashed: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    on_pool!(db, pool => sqlx::query(
        "UPDATE users SET failed_sign_in_attempts = 0, locked_until = NULL, last_sign_in_at = $1, \
         password_hash = COALESCE($2, password_hash), updated_at = $1 WHERE id = $3",
    )
    .bind(now)
    .bind(rehashed)
    .bind(user_id)
    .execute(pool)
    .await
    .map(drop))?;
    Ok(())
}
