//! Storage on SQLite or PostgreSQL, chosen at start-up by the database URL.
//!
//! Queries are written once, in SQL both backends accept (`$1` placeholders, integer
//! millisecond timestamps, text JSON), and run on whichever pool is live through
//! [`on_pool!`]. Each backend keeps its own migrations for the DDL that differs.

use std::time::Duration;

use hallpass_journal::store::JournalStore;
use sqlx::{
    ConnectOptions, Connection, PgPool, SqlitePool,
    migrate::Migrator,
    postgres::PgPoolOptions,
    sqlite::{SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

use crate::config::{Backend, DatabaseUrl};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// How long a request may wait for a pooled connection before it is told the database
/// is unavailable, rather than hanging until the client gives up.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);
/// A readiness probe must answer well inside a load balancer's probe timeout.
const READY_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a SQLite write waits for another writer (a backup, a migration, a second
/// process) before giving up: long enough for ordinary contention, well inside the
/// request timeout, so the client hears `503` rather than a timeout.
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the live backend's pool; the body is compiled once
/// per backend, so a query that one of them rejects fails to build, not in production.
#[macro_export]
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::store::Db::Sqlite($pool) => $body,
            $crate::store::Db::Postgres($pool) => $body,
        }
    };
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database at {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("cannot apply database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("the database file {0} has disappeared")]
    FileMissing(String),
    #[error("the database did not answer within {0:?}")]
    Timeout(Duration),
    /// Another connection held SQLite's write lock for longer than the busy timeout: the
    /// request may well succeed a moment later, unlike a failed query.
    #[error("the database is busy: {0}")]
    Busy(#[source] sqlx::Error),
    #[error("database error: {0}")]
    Query(sqlx::Error),
    /// A stored value that its type refuses: written by hand or by an older version. The
    /// request fails and the log says which row, rather than the process panicking.
    #[error("stored {what} is invalid: {detail}")]
    Corrupt { what: &'static str, detail: String },
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        if is_busy(&error) {
            StoreError::Busy(error)
        } else {
            StoreError::Query(error)
        }
    }
}

/// SQLITE_BUSY (5) and SQLITE_LOCKED (6), with any of their extended codes (the low byte
/// is the primary code), such as SQLITE_BUSY_SNAPSHOT when a read transaction cannot
/// become a write one.
fn is_busy(error: &sqlx::Error) -> bool {
    use sqlx::error::DatabaseError as _;
    const SQLITE_BUSY: i32 = 5;
    const SQLITE_LOCKED: i32 = 6;
    let sqlx::Error::Database(error) = error else {
        return false;
    };
    error
        .try_downcast_ref::<sqlx::sqlite::SqliteError>()
        .and_then(|error| error.code())
        .and_then(|code| code.parse::<i32>().ok())
        .is_some_and(|code| matches!(code & 0xff, SQLITE_BUSY | SQLITE_LOCKED))
}

impl Db {
    pub async fn connect(url: &DatabaseUrl, max_connections: u32) -> Result<Self, StoreError> {
        Self::connect_with(url, max_connections, DEFAULT_BUSY_TIMEOUT).await
    }

    /// `busy_timeout` applies to SQLite only: PostgreSQL locks rows, not the database.
    pub async fn connect_with(
        url: &DatabaseUrl,
        max_connections: u32,
        busy_timeout: Duration,
    ) -> Result<Self, StoreError> {
        let connect_error = |source| StoreError::Connect {
            url: url.to_string(),
            source,
        };
        if let Some(options) = url.sqlite_options() {
            let in_memory = options.get_filename().as_os_str() == ":memory:";
            let options = options
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(busy_timeout)
                .foreign_keys(true);
            // Every connection to `:memory:` is its own database: keep exactly one, forever.
            // No liveness ping before each use (sqlx's default): a SQLite connection is a
            // file handle that cannot drop, and the ping was a round trip to the
            // connection's worker thread on every query.
            let pool_options = if in_memory {
                SqlitePoolOptions::new()
                    .max_connections(1)
                    .idle_timeout(None)
                    .max_lifetime(None)
            } else {
                SqlitePoolOptions::new().max_connections(max_connections)
            };
            let pool = pool_options
                .test_before_acquire(false)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect_with(options)
                .await
                .map_err(connect_error)?;
            Ok(Db::Sqlite(pool))
        } else {
            let options = url
                .postgres_options()
                .expect("a URL is either sqlite or postgres");
            // A pool only reports that it timed out; one direct attempt says why.
            tokio::time::timeout(ACQUIRE_TIMEOUT, options.connect())
                .await
                .map_err(|_| connect_error(sqlx::Error::PoolTimedOut))?
                .map_err(connect_error)?
                .close()
                .await
                .map_err(connect_error)?;
            let pool = PgPoolOptions::new()
                .max_connections(max_connections)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect_with(options)
                .await
                .map_err(connect_error)?;
            Ok(Db::Postgres(pool))
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies pending migrations: Hallpass's, then those of the journal demo it serves,
    /// which keeps its own schema history beside ours. On PostgreSQL, sqlx holds an
    /// advisory lock meanwhile, so instances starting together apply each migration once.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            Db::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        self.journal().migrate().await?;
        Ok(())
    }

    /// The journal demo's store, on this database.
    pub fn journal(&self) -> JournalStore {
        match self {
            Db::Sqlite(pool) => JournalStore::Sqlite(pool.clone()),
            Db::Postgres(pool) => JournalStore::Postgres(pool.clone()),
        }
    }

    /// Ready means reachable and migrated: the probe reads a row the first migration
    /// writes. On SQLite the file must also still be where it was opened, because writes
    /// to a deleted file vanish at the next restart.
    pub async fn check_ready(&self) -> Result<(), StoreError> {
        if let Db::Sqlite(pool) = self {
            let path = pool.connect_options().get_filename().to_owned();
            if path.as_os_str() != ":memory:" && !path.exists() {
                return Err(StoreError::FileMissing(path.display().to_string()));
            }
        }
        let probe = async {
            on_pool!(self, pool => sqlx::query("SELECT created_at FROM instance WHERE id = 1")
                .fetch_one(pool)
                .await
                .map(drop))
        };
        tokio::time::timeout(READY_TIMEOUT, probe)
            .await
            .map_err(|_| StoreError::Timeout(READY_TIMEOUT))??;
        Ok(())
    }

    pub async fn close(&self) {
        on_pool!(self, pool => pool.close().await)
    }
}
