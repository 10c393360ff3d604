//! Journal entries and the server functions that read and write them.
//!
//! Each function takes the user from the verified session token and from nowhere else:
//! there is no user id among the arguments to forge. An entry that belongs to someone
//! else is, for every function, indistinguishable from one that does not exist.

use hallpass::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Long enough for a day's thoughts, short enough that one request cannot fill a disk.
pub const MAX_ENTRY_CHARS: usize = 10_000;

/// How many entries a list shows: the newest ones.
pub const LIST_LIMIT: i64 = 100;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Entry {
    pub id: String,
    pub body: String,
    /// Unix milliseconds.
    pub created_at: i64,
}

/// The signed-in user's entries, newest first.
#[server(endpoint = "journal/list_entries")]
pub async fn list_entries() -> Result<Vec<Entry>, AppError> {
    let user = hallpass::verify::require_session().await?;
    Ok(crate::store::expect_store()?
        .list(&user.sub, LIST_LIMIT)
        .await?)
}

/// Saves an entry for the signed-in user. The body is trimmed; an empty or over-long one
/// is refused with `entry_empty` or `entry_too_long` (422).
#[server(endpoint = "journal/add_entry")]
pub async fn add_entry(body: String) -> Result<Entry, AppError> {
    let user = hallpass::verify::require_session().await?;
    let body = crate::error::check_body(&body)?;
    Ok(crate::store::expect_store()?.add(&user.sub, body).await?)
}

/// Deletes one of the signed-in user's entries; someone else's, or a missing one, is
/// `resource_not_found` (404).
#[server(endpoint = "journal/delete_entry")]
pub async fn delete_entry(id: String) -> Result<(), AppError> {
    let user = hallpass::verify::require_session().await?;
    Ok(crate::store::expect_store()?.delete(&user.sub, &id).await?)
}
