//! The Hallpass engine: storage, identity, sessions, the HTTP surface, and the `hallpass`
//! binary's commands.

pub mod auth;
/// Only in builds for `scripts/bench` (feature `bench`): a release binary does not carry
/// the unprotected twin routes or the seeding command.
#[cfg(feature = "bench")]
pub mod bench;
pub mod cli;
pub mod commands;
pub mod config;
pub mod email;
pub mod engine;
pub mod http;
pub mod identity;
pub mod ids;
pub mod keys;
pub mod maintenance;
pub mod password;
pub mod redirect;
pub mod secret;
pub mod serve;
pub mod sessions;
pub mod shutdown;
pub mod startup;
pub mod state;
pub mod store;
pub mod telemetry;
/// The session verifier lives in the `hallpass` crate, where app backends find it; the
/// engine uses the same one.
pub use hallpass::verify;
