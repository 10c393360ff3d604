//! Hallpass for Leptos apps.
//!
//! The components and server functions here never reach into the Hallpass engine's
//! code: under `ssr` they talk to an [`engine::Engine`] that the host server puts into
//! Leptos context, so this crate stays light enough to compile to WASM.

pub mod account;
pub mod components;
#[cfg(feature = "ssr")]
pub mod engine;
pub mod error;
pub mod hooks;
pub mod locale;
pub mod profile;
pub mod site;
pub mod status;
#[cfg(feature = "ssr")]
pub mod verify;
