//! Where entries live: the `journal_entries` table, in the database the host hands over.
//!
//! The journal keeps its own schema history (`_journal_migrations`), apart from the
//! host's, so its migration versions can never collide with Hallpass's. Queries are
//! written once, in SQL both SQLite and PostgreSQL accept, and every one of them names
//! the user: there is no query that reaches an entry by id alone.

use std::time::{SystemTime, UNIX_EPOCH};

use leptos::prelude::use_context;
use sqlx::{PgPool, SqlitePool, migrate::MigrateError};

use crate::{entries::Entry, error::JournalError};

const MIGRATIONS_TABLE: &str = "_journal_migrations";

/// Cheap to clone (a pool inside). The host provides one as Leptos context, for the
/// server functions, and passes one to [`crate::api::routes`].
#[derive(Clone, Debug)]
pub enum JournalStore {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the live backend's pool, compiled once per backend.
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match $store {
            JournalStore::Sqlite($pool) => $body,
            JournalStore::Postgres($pool) => $body,
        }
    };
}

impl JournalStore {
    /// Creates or updates the journal's table. Idempotent, so the host runs it at every
    /// start; on PostgreSQL sqlx holds an advisory lock meanwhile, so instances starting
    /// together apply each step once.
    pub async fn migrate(&self) -> Result<(), MigrateError> {
        let mut migrator = sqlx::migrate!("./migrations");
        migrator.dangerous_set_table_name(MIGRATIONS_TABLE);
        on_pool!(self, pool => migrator.run(pool).await)
    }

    /// The user's newest `limit` entries, newest first.
    pub async fn list(&self, user_id: &str, limit: i64) -> Result<Vec<Entry>, JournalError> {
        let sql = "SELECT id, body, created_at FROM journal_entries WHERE user_id = $1 \
                   ORDER BY created_at DESC, id DESC LIMIT $2";
        let entries = on_pool!(self, pool => sqlx::query_as::<_, Entry>(sql)
            .bind(user_id)
            .bind(limit)
            .fetch_all(pool)
            .await)?;
        Ok(entries)
    }

    pub async fn add(&self, user_id: &str, body: &str) -> Result<Entry, JournalError> {
        let entry = Entry {
            // UUIDv7: time-ordered, so inserts stay local in the index, and not guessable.
            id: format!("entry_{}", uuid::Uuid::now_v7().simple()),
            body: body.to_owned(),
            created_at: now_ms(),
        };
        let sql = "INSERT INTO journal_entries (id, user_id, body, created_at) \
                   VALUES ($1, $2, $3, $4)";
        on_pool!(self, pool => sqlx::query(sql)
            .bind(&entry.id)
            .bind(user_id)
            .bind(&entry.body)
            .bind(entry.created_at)
            .execute(pool)
            .await
            .map(drop))?;
        Ok(entry)
    }

    /// Deletes the entry only if it is the user's; otherwise nothing changes and the
    /// answer is the same as for an id that never existed.
    pub async fn delete(&self, user_id: &str, id: &str) -> Result<(), JournalError> {
        let sql = "DELETE FROM journal_entries WHERE id = $1 AND user_id = $2";
        let deleted = on_pool!(self, pool => sqlx::query(sql)
            .bind(id)
            .bind(user_id)
            .execute(pool)
            .await
            .map(|done| done.rows_affected()))?;
        match deleted {
            0 => Err(JournalError::NotFound),
            _ => Ok(()),
        }
    }
}

/// The store the host put into Leptos context.
pub fn expect_store() -> Result<JournalStore, JournalError> {
    use_context::<JournalStore>().ok_or(JournalError::NotMounted)
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis() as i64)
}
