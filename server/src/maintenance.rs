//! Deletes rows nothing will read again: rate-limit windows long closed, and sign-ins and
//! sign-ups abandoned past their expiry. Every instance sweeps; the deletes are idempotent,
//! so several doing it at once only repeat each other's work.

use std::time::Duration;

use crate::{
    ids::now_ms,
    on_pool,
    store::{Db, StoreError},
};

pub const SWEEP_INTERVAL: Duration = Duration::from_secs(300);
/// Rate-limit windows are one minute; anything older than two is over.
const RATE_LIMIT_KEEP_MS: i64 = 120_000;

/// Rows removed by one sweep.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub rate_limits: u64,
    pub sign_ins: u64,
    pub sign_ups: u64,
}

pub async fn sweep(db: &Db, now: i64) -> Result<Swept, StoreError> {
    let delete = |query: &'static str, before: i64| async move {
        Ok::<u64, StoreError>(
            on_pool!(db, pool => sqlx::query(query).bind(before).execute(pool).await?.rows_affected()),
        )
    };
    Ok(Swept {
        rate_limits: delete(
            "DELETE FROM rate_limits WHERE window_start < $1",
            now - RATE_LIMIT_KEEP_MS,
        )
        .await?,
        sign_ins: delete("DELETE FROM sign_ins WHERE expire_at < $1", now).await?,
        sign_ups: delete("DELETE FROM sign_ups WHERE expire_at < $1", now).await?,
    })
}

/// Sweeps every [`SWEEP_INTERVAL`] for as long as the process runs.
pub fn spawn(db: Db) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(SWEEP_INTERVAL);
        loop {
            ticks.tick().await;
            match sweep(&db, now_ms()).await {
                Ok(swept) => tracing::debug!(?swept, "swept expired rows"),
                Err(error) => tracing::warn!(%error, "sweeping expired rows failed"),
            }
        }
    });
}
