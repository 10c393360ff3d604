//! Reading who is signed in from any component under `HallpassProvider`, Clerk-style:
//! `use_user()`, `use_session()` and `use_auth()`. All read the provider's one resource,
//! so a page asks the server once however many components want to know.

use leptos::prelude::*;

use crate::{account::SignedInUser, components::use_auth_state};

/// The signed-in user; `None` when signed out and while the first answer is loading.
pub fn use_user() -> Signal<Option<SignedInUser>> {
    let user = use_auth_state().user;
    Signal::derive(move || user.get().flatten())
}

/// The session this browser is using, as ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActiveSession {
    pub id: String,
    pub user_id: String,
}

pub fn use_session() -> Signal<Option<ActiveSession>> {
    let user = use_user();
    Signal::derive(move || {
        user.get().map(|user| ActiveSession {
            id: user.session_id,
            user_id: user.id,
        })
    })
}

/// What most components need to decide what to show, and a way to call other backends.
#[derive(Clone, Copy)]
pub struct UseAuth {
    /// `false` until the provider knows whether anyone is signed in.
    pub is_loaded: Signal<bool>,
    pub is_signed_in: Signal<bool>,
    pub user_id: Signal<Option<String>>,
    pub session_id: Signal<Option<String>>,
}

impl UseAuth {
    /// A session JWT valid for at least a few more seconds, for an `Authorization: Bearer`
    /// header to another backend, which verifies it against the JWKS with no call to us.
    /// `None` when signed out.
    pub async fn get_token(&self) -> Option<String> {
        crate::components::session_keeper::fresh_token().await
    }
}

pub fn use_auth() -> UseAuth {
    let user = use_auth_state().user;
    let signed_in = use_user();
    UseAuth {
        is_loaded: Signal::derive(move || user.get().is_some()),
        is_signed_in: Signal::derive(move || signed_in.get().is_some()),
        user_id: Signal::derive(move || signed_in.get().map(|user| user.id)),
        session_id: Signal::derive(move || signed_in.get().map(|user| user.session_id)),
    }
}
