use axum::extract::FromRef;
use hallpass::engine::EngineHandle;
use leptos::config::LeptosOptions;

use crate::{engine::LocalEngine, store::Db};

/// What every handler may need; cheap to clone (pools and `Arc`s inside).
#[derive(Clone, FromRef)]
pub struct AppState {
    pub db: Db,
    pub engine: EngineHandle,
    pub leptos_options: LeptosOptions,
}

impl AppState {
    pub fn new(db: Db) -> Self {
        let leptos_options = LeptosOptions::builder()
            .output_name("hallpass")
            .site_pkg_dir("pkg")
            .build();
        let engine = EngineHandle::new(LocalEngine::new(db.clone()));
        Self {
            db,
            engine,
            leptos_options,
        }
    }
}
