//! `last_active_at`, written in batches. A token refresh that finds its session's recorded
//! activity stale notes the moment here, and a background task writes everything noted
//! in one transaction per second. Writing on the refresh itself cost every such request a
//! turn at the database's write lock (SQLite has one writer), which under load is where
//! refreshes spent their time.
//!
//! What a crash loses is at most the last second's notes: the activity shown on "active
//! devices" and used by the inactivity timeout is coarser than that anyway.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

use tokio::task::JoinHandle;

use crate::{
    on_pool,
    store::{Db, StoreError},
};

/// How often noted activity reaches the database.
pub const FLUSH_EVERY: Duration = Duration::from_secs(1);
/// Sessions per statement: two parameters each, far inside both backends' limits.
const CHUNK: usize = 500;

#[derive(Clone)]
pub struct ActivityLog {
    inner: Arc<Inner>,
}

struct Inner {
    db: Db,
    pending: Mutex<HashMap<String, i64>>,
}

impl ActivityLog {
    pub fn new(db: Db) -> Self {
        Self {
            inner: Arc::new(Inner {
                db,
                pending: Mutex::default(),
            }),
        }
    }

    /// Notes that `session_id` was active at `at`, unless a later moment is noted already.
    pub fn record(&self, session_id: &str, at: i64) {
        let mut pending = self.pending();
        let latest = pending.entry(session_id.to_owned()).or_insert(at);
        *latest = (*latest).max(at);
    }

    /// Writes everything noted so far; on failure the notes are kept for the next try.
    pub async fn flush(&self) -> Result<(), StoreError> {
        let batch: Vec<(String, i64)> = self.pending().drain().collect();
        if batch.is_empty() {
            return Ok(());
        }
        let written = write(&self.inner.db, &batch).await;
        if written.is_err() {
            for (session_id, at) in &batch {
                self.record(session_id, *at);
            }
        }
        written
    }

    /// Flushes every [`FLUSH_EVERY`] until aborted; the caller flushes once more after
    /// aborting, at shutdown.
    pub fn spawn_flusher(&self) -> JoinHandle<()> {
        let log = self.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(FLUSH_EVERY);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                if let Err(error) = log.flush().await {
                    tracing::warn!(%error, "session activity not written; retrying");
                }
            }
        })
    }

    fn pending(&self) -> std::sync::MutexGuard<'_, HashMap<String, i64>> {
        self.inner
            .pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// One transaction, one statement per [`CHUNK`] sessions, in SQL both backends accept.
async fn write(db: &Db, batch: &[(String, i64)]) -> Result<(), StoreError> {
    on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        for chunk in batch.chunks(CHUNK) {
            let rows: Vec<String> = (0..chunk.len())
                .map(|i| format!("(CAST(${} AS TEXT), CAST(${} AS BIGINT))", 2 * i + 1, 2 * i + 2))
                .collect();
            let sql = format!(
                "WITH batch (id, at) AS (VALUES {}) UPDATE sessions SET last_active_at = \
                 (SELECT at FROM batch WHERE batch.id = sessions.id) WHERE id IN (SELECT id FROM batch)",
                rows.join(", ")
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (session_id, at) in chunk {
                query = query.bind(session_id).bind(at);
            }
            query.execute(&mut *tx).await?;
        }
        tx.commit().await?;
    });
    Ok(())
}
