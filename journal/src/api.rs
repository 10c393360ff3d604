//! The journal as JSON, for clients that are not its pages: `GET /api/journal/entries`
//! answers the signed-in user's entries, checked by Hallpass's `Session` extractor (the
//! `__session` cookie or `Authorization: Bearer`), the way any axum backend would.

use axum::{
    Json, Router,
    extract::{FromRef, State},
    routing::get,
};
use hallpass::{
    error::AppError,
    verify::{Session, Verifier},
};

use crate::{
    entries::{Entry, LIST_LIMIT},
    store::JournalStore,
};

#[derive(Clone)]
struct ApiState {
    store: JournalStore,
    verifier: Verifier,
}

impl FromRef<ApiState> for Verifier {
    fn from_ref(state: &ApiState) -> Self {
        state.verifier.clone()
    }
}

impl FromRef<ApiState> for JournalStore {
    fn from_ref(state: &ApiState) -> Self {
        state.store.clone()
    }
}

/// The routes, ready to merge into the host's router whatever its state.
pub fn routes<S: Clone + Send + Sync + 'static>(
    store: JournalStore,
    verifier: Verifier,
) -> Router<S> {
    Router::new()
        .route("/api/journal/entries", get(entries))
        .with_state(ApiState { store, verifier })
}

async fn entries(
    State(store): State<JournalStore>,
    Session(claims): Session,
) -> Result<Json<Vec<Entry>>, AppError> {
    entries_of(&store, &claims.sub).await.map(Json)
}

/// The endpoint's work once the user is known: a benchmark times it with and without
/// the extractor in front, to measure what verifying the session costs.
pub async fn entries_of(store: &JournalStore, user_id: &str) -> Result<Vec<Entry>, AppError> {
    Ok(store.list(user_id, LIST_LIMIT).await?)
}
