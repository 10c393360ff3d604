//! The Hallpass engine: storage, HTTP surface and the `hallpass` binary's commands.

pub mod cli;
pub mod commands;
pub mod config;
pub mod engine;
pub mod http;
pub mod shutdown;
pub mod startup;
pub mod state;
pub mod store;
pub mod telemetry;
pub mod verify;
