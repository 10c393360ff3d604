//! One-time codes and link tokens sent by email. Each belongs to one flow (a sign-up or
//! sign-in) and one purpose, and a new one replaces the last. Stored only as an HMAC
//! under a key derived from the master secret; compared in constant time.
//!
//! An address that belongs to nobody gets a code row like anyone else's, and no email:
//! the caller sees the same answer and the same database work, and the code it cannot
//! know never matches.

use std::time::Duration;

use rand_core::{OsRng, RngCore};
use subtle::ConstantTimeEq;

use super::{Auth, AuthError, lockout};
use crate::{
    email::outbox::{self, NewEmail},
    ids::{new_id, random_token},
    on_pool,
    store::StoreError,
};

pub const VALIDITY_MS: i64 = 10 * 60 * 1000;
pub const RESEND_COOLDOWN_MS: i64 = 30 * 1000;
pub const MAX_ATTEMPTS: i32 = 5;

/// What a code or link is for; a code issued for one purpose never passes for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    SignUpEmail,
    EmailCode,
    EmailLink,
    ResetPassword,
    AddEmail,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::SignUpEmail => "sign_up_email",
            Purpose::EmailCode => "email_code",
            Purpose::EmailLink => "email_link",
            Purpose::ResetPassword => "reset_password",
            Purpose::AddEmail => "add_email",
        }
    }
}

/// Who a code goes to.
pub struct Recipient<'a> {
    pub address: &'a str,
    /// `None` for an address that belongs to no account (yet): no lockout to count toward.
    pub user_id: Option<&'a str>,
    /// Whether to send it; false for a sign-in to an unknown address.
    pub deliver: bool,
    /// What the per-address cooldown counts under: the address, or for a sign-in the
    /// identifier as typed. Keyed by the address a username leads to, the cooldown
    /// would tell whether that username and that address are one account.
    pub cooldown_key: &'a str,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VerificationRow {
    pub id: String,
    pub flow_id: String,
    pub user_id: Option<String>,
    pub email_address: String,
    secret_hash: String,
    attempts: i32,
    expire_at: i64,
    consumed_at: Option<i64>,
}

/// A uniformly drawn 6-digit code: values at or above the largest multiple of a million
/// below 2³² are drawn again, so no code is likelier than another.
fn new_code() -> String {
    const LIMIT: u32 = u32::MAX - u32::MAX % 1_000_000;
    loop {
        let value = OsRng.next_u32();
        if value < LIMIT {
            return format!("{:06}", value % 1_000_000);
        }
    }
}

/// Why [`issue`] sent nothing.
enum Refusal {
    /// This flow asked for this purpose's code or link within the cooldown.
    Flow,
    /// Some flow, whatever its purpose, asked for one to the same address within the
    /// cooldown; the address is free again at the given time.
    Recipient { free_at: i64 },
}

/// Issues a new secret for `(flow_id, purpose)`, replacing the earlier one, and queues
/// the email `compose` writes around it, all in one transaction. Refused within 30 s of
/// the flow's last one, and within 30 s of any flow's last one to the same address (for
/// sign-ins, by the same identifier: see [`Recipient::cooldown_key`]), so neither starting
/// new sign-ins nor switching strategy floods an inbox. Addresses that belong to nobody
/// get the same cooldown, so it says nothing about who has an account.
pub async fn issue(
    auth: &Auth,
    flow_id: &str,
    purpose: Purpose,
    recipient: Recipient<'_>,
    compose: impl FnOnce(&str) -> NewEmail,
    now: i64,
) -> Result<(), AuthError> {
    let secret = match purpose {
        Purpose::EmailLink => random_token(32),
        _ => new_code(),
    };
    let hash = secret_hash(auth, flow_id, purpose, &secret);
    let email = recipient.deliver.then(|| compose(&secret));
    let address_bucket = cooldown_bucket(auth, recipient.cooldown_key);
    let refused = on_pool!(&auth.db, pool => {
        let mut tx = pool.begin().await.map_err(StoreError::from)?;
        // Each cooldown is one conditional statement, so two requests at once cannot both
        // pass it; a refusal rolls the whole transaction back.
        let address_free = sqlx::query(
            "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket) DO UPDATE SET window_start = excluded.window_start, hits = 1 \
             WHERE rate_limits.window_start <= $3",
        )
        .bind(&address_bucket)
        .bind(now)
        .bind(now - RESEND_COOLDOWN_MS)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?
        .rows_affected()
            == 1;
        if !address_free {
            let last: i64 = sqlx::query_scalar("SELECT window_start FROM rate_limits WHERE bucket = $1")
                .bind(&address_bucket)
                .fetch_one(&mut *tx)
                .await
                .map_err(StoreError::from)?;
            Some(Refusal::Recipient { free_at: last + RESEND_COOLDOWN_MS })
        } else {
            let issued = sqlx::query(
                "INSERT INTO verifications (id, flow_id, purpose, user_id, email_address, secret_hash, attempts, \
                 created_at, expire_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8) \
                 ON CONFLICT (flow_id, purpose) DO UPDATE SET user_id = excluded.user_id, \
                 email_address = excluded.email_address, secret_hash = excluded.secret_hash, attempts = 0, \
                 created_at = excluded.created_at, expire_at = excluded.expire_at, consumed_at = NULL \
                 WHERE verifications.created_at <= $9",
            )
            .bind(new_id("ver"))
            .bind(flow_id)
            .bind(purpose.as_str())
            .bind(recipient.user_id)
            .bind(recipient.address)
            .bind(&hash)
            .bind(now)
            .bind(now + VALIDITY_MS)
            .bind(now - RESEND_COOLDOWN_MS)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?
            .rows_affected()
                == 1;
            if issued {
                if let Some(email) = &email {
                    outbox::insert(email, now)
                        .execute(&mut *tx)
                        .await
                        .map_err(StoreError::from)?;
                }
                tx.commit().await.map_err(StoreError::from)?;
                None
            } else {
                Some(Refusal::Flow)
            }
        }
    });
    let free_at = match refused {
        None => {
            if email.is_some() {
                auth.mailer.queued();
            }
            return Ok(());
        }
        Some(Refusal::Recipient { free_at }) => free_at,
        Some(Refusal::Flow) => {
            let created: i64 = on_pool!(&auth.db, pool => sqlx::query_scalar(
                "SELECT created_at FROM verifications WHERE flow_id = $1 AND purpose = $2",
            )
            .bind(flow_id)
            .bind(purpose.as_str())
            .fetch_one(pool)
            .await
            .map_err(StoreError::from))?;
            created + RESEND_COOLDOWN_MS
        }
    };
    Err(AuthError::RateLimited {
        retry_after: Duration::from_millis((free_at - now).max(1000) as u64),
    })
}

/// Checks `code` against the flow's live code for `purpose` and consumes it. A wrong code
/// uses up one of the code's attempts and, with `guesses`, one of the account's (or the
/// unknown identifier's) before the lockout.
pub async fn check_code(
    auth: &Auth,
    flow_id: &str,
    purpose: Purpose,
    code: &str,
    guesses: Option<lockout::Subject<'_>>,
    now: i64,
) -> Result<VerificationRow, AuthError> {
    let row: VerificationRow = on_pool!(&auth.db, pool => sqlx::query_as(
        "SELECT id, flow_id, user_id, email_address, secret_hash, attempts, expire_at, consumed_at \
         FROM verifications WHERE flow_id = $1 AND purpose = $2",
    )
    .bind(flow_id)
    .bind(purpose.as_str())
    .fetch_optional(pool)
    .await
    .map_err(StoreError::from))?
    .ok_or(AuthError::VerificationMissing)?;
    if row.consumed_at.is_some() || now >= row.expire_at {
        return Err(AuthError::VerificationExpired);
    }
    if let Some(subject) = guesses {
        lockout::reserve(auth, subject, now).await?;
    }
    // The attempt is counted before the comparison, in one conditional statement, so
    // guesses sent all at once still get five tries between them.
    let counted = on_pool!(&auth.db, pool => sqlx::query(
        "UPDATE verifications SET attempts = attempts + 1 \
         WHERE id = $1 AND attempts < $2 AND consumed_at IS NULL",
    )
    .bind(&row.id)
    .bind(MAX_ATTEMPTS)
    .execute(pool)
    .await
    .map(|done| done.rows_affected())
    .map_err(StoreError::from))?;
    if counted == 0 {
        return Err(match row.attempts >= MAX_ATTEMPTS {
            true => AuthError::VerificationAttemptsExhausted,
            false => AuthError::VerificationExpired,
        });
    }
    // Pasted codes keep their spaces or dashes ("123 456"); the digits are what count.
    let code: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    let presented = secret_hash(auth, flow_id, purpose, &code);
    if !bool::from(presented.as_bytes().ct_eq(row.secret_hash.as_bytes())) {
        return Err(AuthError::CodeIncorrect);
    }
    if let Some(subject) = guesses {
        lockout::clear(&auth.db, subject).await?;
    }
    consume(auth, &row, now).await?;
    Ok(row)
}

/// The live link a token belongs to, not yet consumed; `None` for an unknown, used or
/// expired one.
pub async fn find_link(
    auth: &Auth,
    token: &str,
    now: i64,
) -> Result<Option<VerificationRow>, AuthError> {
    let hash = link_hash(auth, token);
    let row: Option<VerificationRow> = on_pool!(&auth.db, pool => sqlx::query_as(
        "SELECT id, flow_id, user_id, email_address, secret_hash, attempts, expire_at, consumed_at \
         FROM verifications WHERE secret_hash = $1 AND purpose = $2",
    )
    .bind(&hash)
    .bind(Purpose::EmailLink.as_str())
    .fetch_optional(pool)
    .await
    .map_err(StoreError::from))?;
    Ok(row.filter(|row| row.consumed_at.is_none() && now < row.expire_at))
}

/// Single use: of two requests racing with the same secret, one consumes it. A used code
/// or link shows the inbox in its owner's hands, so its address's cooldown ends with it:
/// someone who just verified their address may ask for a sign-in code at once.
pub async fn consume(auth: &Auth, row: &VerificationRow, now: i64) -> Result<(), AuthError> {
    let bucket = cooldown_bucket(auth, &row.email_address);
    on_pool!(&auth.db, pool => {
        let mut tx = pool.begin().await.map_err(StoreError::from)?;
        let consumed = sqlx::query(
            "UPDATE verifications SET consumed_at = $1 WHERE id = $2 AND secret_hash = $3 AND consumed_at IS NULL",
        )
        .bind(now)
        .bind(&row.id)
        .bind(&row.secret_hash)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?
        .rows_affected();
        if consumed != 1 {
            return Err(AuthError::VerificationExpired);
        }
        sqlx::query("DELETE FROM rate_limits WHERE bucket = $1")
            .bind(&bucket)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    })
}

/// The per-address cooldown's bucket, keyed by a MAC so the table holds no addresses.
fn cooldown_bucket(auth: &Auth, key: &str) -> String {
    format!(
        "email_to:{}",
        auth.codes.mac(&["recipient", &key.trim().to_lowercase()])
    )
}

fn secret_hash(auth: &Auth, flow_id: &str, purpose: Purpose, secret: &str) -> String {
    match purpose {
        Purpose::EmailLink => link_hash(auth, secret),
        _ => auth.codes.mac(&[purpose.as_str(), flow_id, secret]),
    }
}

/// Links are looked up by their token alone, which has 256 bits of its own.
fn link_hash(auth: &Auth, token: &str) -> String {
    auth.codes.mac(&[Purpose::EmailLink.as_str(), token])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits() {
        for _ in 0..1000 {
            let code = new_code();
            assert_eq!(code.len(), 6);
            assert!(code.chars().all(|c| c.is_ascii_digit()));
        }
    }
}
