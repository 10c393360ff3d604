use std::{net::IpAddr, sync::Arc};

use axum::extract::FromRef;
use hallpass::engine::EngineHandle;
use hallpass_journal::store::JournalStore;
use leptos::config::LeptosOptions;

use crate::{auth::Auth, engine::LocalEngine, store::Db, verify::Verifier};

/// What every handler may need; cheap to clone (pools and `Arc`s inside).
#[derive(Clone, FromRef)]
pub struct AppState {
    pub db: Db,
    pub engine: EngineHandle,
    pub leptos_options: LeptosOptions,
    pub auth: Auth,
    pub verifier: Verifier,
    pub trusted_proxies: Arc<[IpAddr]>,
    /// The journal demo served at `/`.
    pub journal: JournalStore,
}

impl AppState {
    pub fn new(auth: Auth, verifier: Verifier, trusted_proxies: &[IpAddr]) -> Self {
        let leptos_options = LeptosOptions::builder()
            .output_name("hallpass")
            .site_pkg_dir("pkg")
            .build();
        let trusted_proxies: Arc<[IpAddr]> = trusted_proxies.into();
        let engine = EngineHandle::new(LocalEngine::new(
            auth.clone(),
            verifier.clone(),
            trusted_proxies.clone(),
        ));
        Self {
            db: auth.db.clone(),
            journal: auth.db.journal(),
            engine,
            leptos_options,
            auth,
            verifier,
            trusted_proxies,
        }
    }
}
