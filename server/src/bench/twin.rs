//! The journal's entries endpoint without its lock: the same work as
//! `GET /api/journal/entries` once the user is known, for a user named in the path.
//! Only `hallpass bench serve` mounts it, behind the same middleware as every route;
//! comparing the two prices the session check.

use axum::{
    Json, Router,
    extract::{Path, State},
    routing::get,
};
use hallpass::error::AppError;
use hallpass_journal::{api::entries_of, entries::Entry, store::JournalStore};

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/bench/journal/entries/{user_id}", get(entries))
}

async fn entries(
    State(store): State<JournalStore>,
    Path(user_id): Path<String>,
) -> Result<Json<Vec<Entry>>, AppError> {
    entries_of(&store, &user_id).await.map(Json)
}
