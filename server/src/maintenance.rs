//! Deletes rows nothing will read again, which anonymous traffic would otherwise pile up
//! for ever: every sign-in attempt without a cookie leaves a client, a sign-in and a
//! rate-limit window behind, and a sign-up a password hash.
//!
//! Deletes go in batches of [`BATCH`] rows, each its own statement, so a sweep never holds
//! SQLite's write lock (or PostgreSQL's row locks) for longer than one batch takes. On
//! PostgreSQL one instance sweeps at a time, under an advisory lock; instances sharing a
//! SQLite file may sweep together, which only repeats idempotent deletes.

use std::time::Duration;

use sqlx::{Postgres, Sqlite, pool::PoolConnection};
use tokio::task::JoinHandle;

use crate::{
    config::Config,
    ids::now_ms,
    store::{Db, StoreError},
};

/// Rows per delete statement.
const BATCH: i64 = 500;
/// Rate-limit windows are one minute; anything older than two is over.
const RATE_LIMIT_KEEP_MS: i64 = 2 * 60_000;
/// Codes expire after ten minutes but stay a day, longer than the sign-up or sign-in they
/// belong to lives, so a late attempt still hears "expired" rather than "no code sent".
const VERIFICATION_KEEP_MS: i64 = 24 * 3_600_000;
/// Ended and expired sessions stay a month, for support questions about a sign-out.
const SESSION_KEEP_MS: i64 = 30 * 24 * 3_600_000;
/// Sent and failed emails stay a week, for questions about a delivery.
const EMAIL_KEEP_MS: i64 = 7 * 24 * 3_600_000;
/// Clock difference between instances that a client's idle time must exceed on top of
/// its cookie's lifetime.
const CLOCK_MARGIN_MS: i64 = 3_600_000;
/// Taken with `pg_try_advisory_lock` by the instance that sweeps: "hallpass" in ASCII.
pub const SWEEP_LOCK: i64 = 0x6861_6c6c_7061_7373;

/// Rows removed by one sweep.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub rate_limits: u64,
    pub verifications: u64,
    pub sign_ins: u64,
    pub sign_ups: u64,
    pub sessions: u64,
    pub emails: u64,
    pub clients: u64,
    pub identifier_lockouts: u64,
}

/// How long a client without sessions or flows is kept after its last change.
#[derive(Debug, Clone, Copy)]
pub struct Retention {
    client_idle_ms: i64,
    /// Wrong guesses against identifiers that name no account are forgotten after a day
    /// without one, or once their lock is over if it lasts longer.
    identifier_lockout_ms: i64,
}

impl Retention {
    /// A client's cookie lives as long as a session may, counted from the last time the
    /// cookie was set, which is also the last time the row changed. Past that, no browser
    /// can present it, so no request can be using it while it is deleted.
    pub fn from_config(config: &Config) -> Self {
        Self {
            client_idle_ms: config.session_lifetime_secs as i64 * 1000 + CLOCK_MARGIN_MS,
            identifier_lockout_ms: (config.lockout_duration_secs as i64 * 1000).max(24 * 3_600_000),
        }
    }
}

/// One sweep at `now`. `None` when another instance holds the sweep lock on the same
/// PostgreSQL database: it is doing this work already.
pub async fn sweep(db: &Db, retention: &Retention, now: i64) -> Result<Option<Swept>, StoreError> {
    let Some(mut conn) = Conn::claim(db).await? else {
        return Ok(None);
    };
    // Clients last: the flows and sessions deleted before may leave them orphaned.
    let swept = Swept {
        rate_limits: conn
            .delete_all(
                "DELETE FROM rate_limits WHERE bucket IN \
                 (SELECT bucket FROM rate_limits WHERE window_start < $1 LIMIT $2)",
                now - RATE_LIMIT_KEEP_MS,
            )
            .await?,
        verifications: conn
            .delete_all(
                "DELETE FROM verifications WHERE id IN \
                 (SELECT id FROM verifications WHERE expire_at < $1 LIMIT $2)",
                now - VERIFICATION_KEEP_MS,
            )
            .await?,
        sign_ins: conn
            .delete_all(
                "DELETE FROM sign_ins WHERE id IN \
                 (SELECT id FROM sign_ins WHERE expire_at < $1 LIMIT $2)",
                now,
            )
            .await?,
        sign_ups: conn
            .delete_all(
                "DELETE FROM sign_ups WHERE id IN \
                 (SELECT id FROM sign_ups WHERE expire_at < $1 LIMIT $2)",
                now,
            )
            .await?,
        sessions: conn
            .delete_all(
                "DELETE FROM sessions WHERE id IN \
                 (SELECT id FROM sessions WHERE expire_at < $1 LIMIT $2)",
                now - SESSION_KEEP_MS,
            )
            .await?,
        emails: conn
            .delete_all(
                "DELETE FROM email_outbox WHERE id IN (SELECT id FROM email_outbox \
                 WHERE status IN ('sent', 'failed') AND created_at < $1 LIMIT $2)",
                now - EMAIL_KEEP_MS,
            )
            .await?,
        clients: conn
            .delete_all(
                "DELETE FROM clients WHERE id IN (SELECT c.id FROM clients c \
                 WHERE c.updated_at < $1 \
                 AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.client_id = c.id) \
                 AND NOT EXISTS (SELECT 1 FROM sign_ins i WHERE i.client_id = c.id) \
                 AND NOT EXISTS (SELECT 1 FROM sign_ups u WHERE u.client_id = c.id) \
                 LIMIT $2)",
                now - retention.client_idle_ms,
            )
            .await?,
        identifier_lockouts: conn
            .delete_all(
                "DELETE FROM identifier_lockouts WHERE key IN (SELECT key FROM identifier_lockouts \
                 WHERE updated_at < $1 LIMIT $2)",
                now - retention.identifier_lockout_ms,
            )
            .await?,
    };
    Ok(Some(swept))
}

/// Sweeps every `every`, the first time one interval after start, until aborted.
pub fn spawn(db: Db, retention: Retention, every: Duration) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match sweep(&db, &retention, now_ms()).await {
                Ok(Some(swept)) if swept != Swept::default() => {
                    tracing::info!(?swept, "swept expired rows");
                }
                Ok(Some(_)) => {}
                Ok(None) => tracing::debug!("another instance is sweeping"),
                Err(error) => tracing::warn!(%error, "sweeping expired rows failed"),
            }
        }
    })
}

/// The one connection a sweep runs on.
enum Conn {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

impl Conn {
    /// On PostgreSQL, `None` unless this session takes the sweep lock. The lock belongs
    /// to the session, so the connection is closed rather than pooled afterwards: an
    /// aborted sweep cannot leave the lock held by a connection the pool hands out again,
    /// and a crashed instance's lock goes with its connection.
    async fn claim(db: &Db) -> Result<Option<Self>, StoreError> {
        match db {
            Db::Sqlite(pool) => Ok(Some(Conn::Sqlite(pool.acquire().await?))),
            Db::Postgres(pool) => {
                let mut conn = pool.acquire().await?;
                let locked: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
                    .bind(SWEEP_LOCK)
                    .fetch_one(&mut *conn)
                    .await?;
                if !locked {
                    return Ok(None);
                }
                conn.close_on_drop();
                Ok(Some(Conn::Postgres(conn)))
            }
        }
    }

    /// Runs `query` (`$1` the cutoff, `$2` the batch size) until a batch comes up short.
    async fn delete_all(&mut self, query: &'static str, cutoff: i64) -> Result<u64, StoreError> {
        let mut total = 0;
        loop {
            let deleted = match self {
                Conn::Sqlite(conn) => sqlx::query(query)
                    .bind(cutoff)
                    .bind(BATCH)
                    .execute(&mut **conn)
                    .await?
                    .rows_affected(),
                Conn::Postgres(conn) => sqlx::query(query)
                    .bind(cutoff)
                    .bind(BATCH)
                    .execute(&mut **conn)
                    .await?
                    .rows_affected(),
            };
            total += deleted;
            if deleted < BATCH as u64 {
                return Ok(total);
            }
        }
    }
}
