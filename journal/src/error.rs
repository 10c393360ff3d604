//! Why a journal call failed, and the one place that turns it into a status and a stable
//! code for the caller.

use hallpass::error::AppError;

use crate::entries::MAX_ENTRY_CHARS;

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("Write something before saving the entry.")]
    Empty,
    #[error("An entry can be at most {MAX_ENTRY_CHARS} characters long.")]
    TooLong,
    /// Also what someone else's entry looks like.
    #[error("There is no such entry.")]
    NotFound,
    #[error("The journal is not set up on this server.")]
    NotMounted,
    #[error("journal storage: {0}")]
    Storage(#[from] sqlx::Error),
}

impl From<JournalError> for AppError {
    fn from(error: JournalError) -> Self {
        match error {
            JournalError::Empty => AppError::invalid("entry_empty", error.to_string()),
            JournalError::TooLong => AppError::invalid("entry_too_long", error.to_string()),
            JournalError::NotFound => AppError::not_found(error.to_string()),
            JournalError::NotMounted => {
                tracing::error!("no JournalStore in Leptos context");
                AppError::internal()
            }
            JournalError::Storage(
                sqlx::Error::Io(_)
                | sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::Tls(_),
            ) => {
                tracing::warn!(%error, "journal storage unavailable");
                AppError::new(
                    503,
                    "database_unavailable",
                    "The database is unreachable; try again shortly.",
                )
            }
            JournalError::Storage(_) => {
                tracing::error!(%error, "journal storage");
                AppError::internal()
            }
        }
    }
}

/// The body to store: trimmed, not empty, at most [`MAX_ENTRY_CHARS`] characters.
pub fn check_body(body: &str) -> Result<&str, JournalError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(JournalError::Empty);
    }
    if body.chars().count() > MAX_ENTRY_CHARS {
        return Err(JournalError::TooLong);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_bodies_are_empty() {
        for body in ["", "   ", "\n\t\n"] {
            assert!(
                matches!(check_body(body), Err(JournalError::Empty)),
                "{body:?}"
            );
        }
    }

    #[test]
    fn the_limit_counts_characters_not_bytes() {
        let at_limit = "é".repeat(MAX_ENTRY_CHARS);
        let over = "e".repeat(MAX_ENTRY_CHARS + 1);

        assert_eq!(check_body(&at_limit).unwrap(), at_limit);
        assert!(matches!(check_body(&over), Err(JournalError::TooLong)));
    }

    #[test]
    fn bodies_are_trimmed() {
        assert_eq!(check_body("  dear diary \n").unwrap(), "dear diary");
    }
}
