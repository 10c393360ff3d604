//! The seam between the components and the engine.
//!
//! `app` cannot depend on `hallpass-server` (the server depends on `app`), so the
//! operations the components need are declared here and implemented by the server,
//! which provides an [`EngineHandle`] as Leptos context to every render and server
//! function call. Each operation's logic therefore lives once, in the engine.

use std::sync::Arc;

use leptos::prelude::*;

use crate::status::InstanceStatus;

#[async_trait::async_trait]
pub trait Engine: Send + Sync + 'static {
    async fn status(&self) -> InstanceStatus;
}

#[derive(Clone)]
pub struct EngineHandle(Arc<dyn Engine>);

impl EngineHandle {
    pub fn new(engine: impl Engine) -> Self {
        Self(Arc::new(engine))
    }
}

impl std::ops::Deref for EngineHandle {
    type Target = dyn Engine;

    fn deref(&self) -> &Self::Target {
        self.0.as_ref()
    }
}

/// The engine of the server that is rendering or answering this request.
pub fn expect_engine() -> Result<EngineHandle, ServerFnError> {
    use_context::<EngineHandle>()
        .ok_or_else(|| ServerFnError::new("no Hallpass engine in context: provide an EngineHandle"))
}
