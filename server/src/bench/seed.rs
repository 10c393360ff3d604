//! Signed-in users for the load runs, made through the engine's own store functions so
//! the rows are what real sign-ups leave behind. One password hash serves every user:
//! hashing is what the sign-in figure measures, not what seeding should spend its time on.

use std::{fmt::Write as _, path::Path, sync::Arc};

use tokio::task::JoinSet;

use crate::{
    auth::AuthSettings,
    identity::{
        EmailAddress, FieldError,
        store::{self, CreateUserError, NewUser},
    },
    ids::now_ms,
    password::{HashError, PasswordHasher},
    sessions::{
        Device, client,
        start::{self, Conditions, NewSession, StartError},
    },
    store::{Db, StoreError},
};

/// Each session looks last active this long ago, so its first refresh in the run is due
/// an activity write. In steady state a browser refreshes every ~50 s and the activity
/// resolution is 60 s, so every second refresh is due one: the run is no kinder than that.
const IDLE_MS: i64 = 10 * 60 * 1000;
/// Concurrent seeders: enough to overlap PostgreSQL round trips, few enough that SQLite's
/// single writer is not spent on lock retries.
const WORKERS: usize = 4;

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Hash(#[from] HashError),
    #[error("cannot sign a benchmark user in: {0}")]
    Session(#[from] StartError),
    #[error("cannot create a benchmark user: {0}")]
    User(#[from] CreateUserError),
    #[error("not a valid benchmark email address: {}", .0.message)]
    Email(FieldError),
    #[error("journal: {0}")]
    Journal(#[from] hallpass_journal::error::JournalError),
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("a seeding task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// Creates `count` users (`bench-<n>@example.com`, all with `password`), each signed in
/// on a client of its own and holding `entries` journal entries, and writes one
/// tab-separated line per session to `out`: user id, email, client token, session id.
pub async fn seed(
    db: &Db,
    hasher: &PasswordHasher,
    settings: &AuthSettings,
    count: usize,
    entries: usize,
    password: &str,
    out: &Path,
) -> Result<(), SeedError> {
    let hash: Arc<str> = hasher.hash(password).await?.into();
    let mut tasks = JoinSet::new();
    for worker in 0..WORKERS {
        let (db, hash, lifetimes) = (db.clone(), hash.clone(), settings.lifetimes());
        tasks.spawn(async move {
            let mut lines = String::new();
            for n in (worker..count).step_by(WORKERS) {
                let email = format!("bench-{n}@example.com");
                let address = EmailAddress::parse(&email).map_err(SeedError::Email)?;
                let new_user = NewUser {
                    email: &address,
                    username: None,
                    first_name: Some("Bench"),
                    last_name: None,
                    password_hash: Some(&hash),
                    unsafe_metadata: "{}",
                    email_verified: true,
                };
                let past = now_ms() - IDLE_MS;
                let user = store::create_user(&db, new_user, past).await?;
                let (client, _) = client::create(&db, past).await?;
                let device = Device::new(Some("hallpass bench"), Some("127.0.0.1".into()));
                let new_session = NewSession {
                    client_id: &client.id,
                    user_id: user.id(),
                    device: &device,
                    rules: lifetimes,
                    max_per_client: 1,
                    now: past,
                };
                let (session, token) =
                    start::start(&db, new_session, Conditions::default()).await?;
                for entry in 0..entries {
                    db.journal()
                        .add(user.id(), &format!("Benchmark entry {entry}"))
                        .await?;
                }
                writeln!(
                    lines,
                    "{}\t{email}\t{}\t{}",
                    user.id(),
                    token.as_str(),
                    session.id
                )
                .expect("writing to a String");
            }
            Ok::<_, SeedError>(lines)
        });
    }
    let mut all = String::new();
    while let Some(lines) = tasks.join_next().await {
        all.push_str(&lines??);
    }
    std::fs::write(out, all).map_err(|source| SeedError::Write {
        path: out.display().to_string(),
        source,
    })
}
