//! The outbox table. Flows insert into it inside their own transaction ([`insert`]); the
//! sender claims due rows with a lease, so any number of instances sharing one database
//! deliver each row once, and a crashed sender's rows go back to the queue when its
//! lease runs out.

use sqlx::{Database, Encode, Type, query::Query};

use super::templates::Rendered;
use crate::{
    ids::{new_id, random_token},
    on_pool,
    store::{Db, StoreError},
};

/// An email ready to be written in the caller's transaction.
#[derive(Debug, Clone)]
pub struct NewEmail {
    pub id: String,
    pub recipient: String,
    pub rendered: Rendered,
}

impl NewEmail {
    pub fn new(recipient: &str, rendered: Rendered) -> Self {
        Self {
            id: new_id("eml"),
            recipient: recipient.to_owned(),
            rendered,
        }
    }
}

/// The insert for `email`, to execute on the transaction of the change that causes it.
pub fn insert<'q, DB>(email: &NewEmail, now: i64) -> Query<'q, DB, DB::Arguments>
where
    DB: Database,
    for<'t> String: Encode<'t, DB> + Type<DB>,
    for<'t> &'static str: Encode<'t, DB> + Type<DB>,
    for<'t> i64: Encode<'t, DB> + Type<DB>,
{
    sqlx::query(
        "INSERT INTO email_outbox (id, recipient, kind, subject, text_body, html_body, status, \
         attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7)",
    )
    .bind(email.id.clone())
    .bind(email.recipient.clone())
    .bind(email.rendered.kind)
    .bind(email.rendered.subject.clone())
    .bind(email.rendered.text.clone())
    .bind(email.rendered.html.clone())
    .bind(now)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: String,
    pub recipient: String,
    pub kind: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

/// A row this sender holds until `claimed_until`; every later update is conditional on
/// the claim token, so a sender whose lease ran out cannot overwrite its successor's work.
pub struct Claimed {
    pub row: OutboxRow,
    pub token: String,
}

const COLUMNS: &str = "id, recipient, kind, subject, text_body, html_body, status, attempts, \
     last_error, created_at, sent_at";

/// Claims the next due row for `lease_ms`, or `None` when nothing is due. The sender
/// claims one row right before sending it, so no claimed row waits behind others while
/// its lease runs out. Each claim is one conditional UPDATE that succeeds for exactly one
/// sender, whichever instance it runs on; a row another sender won is skipped.
pub async fn claim_next(db: &Db, now: i64, lease_ms: i64) -> Result<Option<Claimed>, StoreError> {
    loop {
        let due: Vec<String> = on_pool!(db, pool => sqlx::query_scalar(
            "SELECT id FROM email_outbox WHERE status = 'pending' AND next_attempt_at <= $1 \
             AND (claimed_until IS NULL OR claimed_until <= $1) ORDER BY next_attempt_at, id LIMIT 8",
        )
        .bind(now)
        .fetch_all(pool)
        .await)?;
        if due.is_empty() {
            return Ok(None);
        }
        for id in due {
            let token = random_token(16);
            let query = format!(
                "UPDATE email_outbox SET claimed_until = $1, claim_token = $2, attempts = attempts + 1 \
                 WHERE id = $3 AND status = 'pending' AND next_attempt_at <= $4 \
                 AND (claimed_until IS NULL OR claimed_until <= $4) RETURNING {COLUMNS}"
            );
            let row: Option<OutboxRow> = on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(query))
                .bind(now + lease_ms)
                .bind(&token)
                .bind(&id)
                .bind(now)
                .fetch_optional(pool)
                .await)?;
            if let Some(row) = row {
                return Ok(Some(Claimed { row, token }));
            }
        }
    }
}

/// The `mark_*` functions answer whether this sender still held the claim: `false` means
/// its lease ran out and another sender took the row over (and may send it again).
///
/// Delivered. The subject and bodies are emptied unless `keep_bodies` (dev mode's mailbox
/// shows them): they may hold a one-time code or link token, which has no business
/// staying in the database.
pub async fn mark_sent(
    db: &Db,
    claimed: &Claimed,
    keep_bodies: bool,
    now: i64,
) -> Result<bool, StoreError> {
    let affected = on_pool!(db, pool => sqlx::query(
        "UPDATE email_outbox SET status = 'sent', sent_at = $1, claimed_until = NULL, last_error = NULL, \
         subject = CASE WHEN $2 THEN subject ELSE '' END, \
         text_body = CASE WHEN $2 THEN text_body ELSE '' END, \
         html_body = CASE WHEN $2 THEN html_body ELSE '' END \
         WHERE id = $3 AND claim_token = $4",
    )
    .bind(now)
    .bind(keep_bodies)
    .bind(&claimed.row.id)
    .bind(&claimed.token)
    .execute(pool)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(affected == 1)
}

/// Not delivered this time: back in the queue from `next_attempt_at`.
pub async fn mark_retry(
    db: &Db,
    claimed: &Claimed,
    next_attempt_at: i64,
    error: &str,
) -> Result<bool, StoreError> {
    let affected = on_pool!(db, pool => sqlx::query(
        "UPDATE email_outbox SET claimed_until = NULL, next_attempt_at = $1, last_error = $2 \
         WHERE id = $3 AND claim_token = $4",
    )
    .bind(next_attempt_at)
    .bind(error)
    .bind(&claimed.row.id)
    .bind(&claimed.token)
    .execute(pool)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(affected == 1)
}

/// Never deliverable (refused by the server, or out of attempts): kept with the reason.
pub async fn mark_failed(db: &Db, claimed: &Claimed, error: &str) -> Result<bool, StoreError> {
    let affected = on_pool!(db, pool => sqlx::query(
        "UPDATE email_outbox SET status = 'failed', claimed_until = NULL, last_error = $1, \
         subject = '', text_body = '', html_body = '' WHERE id = $2 AND claim_token = $3",
    )
    .bind(error)
    .bind(&claimed.row.id)
    .bind(&claimed.token)
    .execute(pool)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(affected == 1)
}

/// The newest emails, for the dev mailbox.
pub async fn recent(db: &Db, limit: i64) -> Result<Vec<OutboxRow>, StoreError> {
    let query =
        format!("SELECT {COLUMNS} FROM email_outbox ORDER BY created_at DESC, id DESC LIMIT $1");
    Ok(
        on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(query))
        .bind(limit)
        .fetch_all(pool)
        .await)?,
    )
}
