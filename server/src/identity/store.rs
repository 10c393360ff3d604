//! User queries. Every multi-row change runs in one transaction.

use crate::{
    identity::{
        EmailAddress, Username,
        user::{EmailRow, User, UserRow},
    },
    ids::new_id,
    on_pool,
    store::{Db, StoreError},
};

const USER_COLUMNS: &str = "id, username, first_name, last_name, image_url, password_hash, public_metadata, \
     unsafe_metadata, banned, failed_sign_in_attempts, locked_until, credential_version, created_at, updated_at, last_sign_in_at";

pub struct NewUser<'a> {
    pub email: &'a EmailAddress,
    pub username: Option<&'a Username>,
    pub first_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
    pub password_hash: Option<&'a str>,
    pub unsafe_metadata: &'a str,
    /// Proved by a code before the account existed.
    pub email_verified: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("email address taken")]
    EmailTaken,
    #[error("username taken")]
    UsernameTaken,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The unique keys of a user's identifiers, which a concurrent write can take first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentifierTaken {
    Username,
    EmailAddress,
}

impl IdentifierTaken {
    /// Which identifier's unique key `error` violated, matched by the key's name:
    /// PostgreSQL's constraint name, or the `table.column` SQLite names in its message.
    /// `None` for any other error, including other unique keys.
    pub fn of(error: &sqlx::Error) -> Option<Self> {
        let sqlx::Error::Database(db) = error else {
            return None;
        };
        if !db.is_unique_violation() {
            return None;
        }
        let key = match db.constraint() {
            Some(name) => name,
            None => db.message().rsplit(": ").next().unwrap_or_default(),
        };
        match key {
            "users_username_normalized_key" | "users.username_normalized" => Some(Self::Username),
            "email_addresses_normalized_key" | "email_addresses.normalized" => {
                Some(Self::EmailAddress)
            }
            _ => None,
        }
    }
}

fn creation_error(error: sqlx::Error) -> CreateUserError {
    match IdentifierTaken::of(&error) {
        Some(IdentifierTaken::Username) => CreateUserError::UsernameTaken,
        Some(IdentifierTaken::EmailAddress) => CreateUserError::EmailTaken,
        None => CreateUserError::Store(error.into()),
    }
}

/// Frees `email` from an account that added it and never verified it, so that such a
/// claim blocks neither its owner's sign-up nor someone adding it who can verify it.
pub fn release_unproven_claim<'q, DB>(
    email: &EmailAddress,
) -> sqlx::query::Query<'q, DB, DB::Arguments>
where
    DB: sqlx::Database,
    for<'t> String: sqlx::Encode<'t, DB> + sqlx::Type<DB>,
{
    sqlx::query(
        "DELETE FROM email_addresses WHERE normalized = $1 AND NOT verified AND NOT is_primary",
    )
    .bind(email.normalized().to_owned())
}

/// Creates the user and its primary email address together. Concurrent sign-ups for one
/// address race on the unique index, and exactly one wins.
pub async fn create_user(db: &Db, new: NewUser<'_>, now: i64) -> Result<User, CreateUserError> {
    let user_id = new_id("user");
    let email_id = new_id("idn");
    on_pool!(db, pool => {
        let mut tx = pool.begin().await.map_err(StoreError::from)?;
        sqlx::query(
            "INSERT INTO users (id, username, username_normalized, first_name, last_name, password_hash, \
             unsafe_metadata, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
        )
        .bind(&user_id)
        .bind(new.username.map(Username::as_str))
        .bind(new.username.map(Username::normalized))
        .bind(new.first_name)
        .bind(new.last_name)
        .bind(new.password_hash)
        .bind(new.unsafe_metadata)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(creation_error)?;
        release_unproven_claim(new.email).execute(&mut *tx).await.map_err(StoreError::from)?;
        sqlx::query(
            "INSERT INTO email_addresses (id, user_id, email_address, normalized, verified, is_primary, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, TRUE, $6, $6)",
        )
        .bind(&email_id)
        .bind(&user_id)
        .bind(new.email.as_str())
        .bind(new.email.normalized())
        .bind(new.email_verified)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(creation_error)?;
        tx.commit().await.map_err(StoreError::from)?;
    });
    find_user(db, &user_id)
        .await?
        .ok_or_else(|| CreateUserError::Store(StoreError::Query(sqlx::Error::RowNotFound)))
}

pub async fn find_user(db: &Db, user_id: &str) -> Result<Option<User>, StoreError> {
    let query = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    let row: Option<UserRow> = on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(query)).bind(user_id).fetch_optional(pool).await)?;
    match row {
        Some(row) => Ok(Some(with_emails(db, row).await?)),
        None => Ok(None),
    }
}

/// The user an identifier names: an email address (their primary one, or another they
/// have verified) or a username. An address someone added but never verified names no
/// one: whoever owns that mailbox must not be able to sign in to their account.
pub async fn find_user_by_identifier(
    db: &Db,
    identifier: &str,
) -> Result<Option<User>, StoreError> {
    let user_id: Option<String> = if let Ok(email) = EmailAddress::parse(identifier) {
        on_pool!(db, pool => sqlx::query_scalar("SELECT user_id FROM email_addresses WHERE normalized = $1 AND (verified OR is_primary)")
            .bind(email.normalized())
            .fetch_optional(pool)
            .await)?
    } else if let Ok(username) = Username::parse(identifier) {
        on_pool!(db, pool => sqlx::query_scalar("SELECT id FROM users WHERE username_normalized = $1")
            .bind(username.normalized())
            .fetch_optional(pool)
            .await)?
    } else {
        None
    };
    match user_id {
        Some(id) => find_user(db, &id).await,
        None => Ok(None),
    }
}

async fn with_emails(db: &Db, row: UserRow) -> Result<User, StoreError> {
    let emails: Vec<EmailRow> = on_pool!(db, pool => sqlx::query_as(
        "SELECT id, user_id, email_address, verified, is_primary, created_at, updated_at \
         FROM email_addresses WHERE user_id = $1 ORDER BY created_at, id",
    )
    .bind(&row.id)
    .fetch_all(pool)
    .await)?;
    Ok(User { row, emails })
}
