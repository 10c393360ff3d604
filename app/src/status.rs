//! The instance status the hosted pages show, and the server function behind it.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstanceStatus {
    pub version: String,
    pub database_ready: bool,
}

#[server(endpoint = "check_status")]
pub async fn check_status() -> Result<InstanceStatus, AppError> {
    let engine = crate::engine::expect_engine()?;
    Ok(engine.status().await)
}
