//! Probes for orchestrators: `/healthz` says the process serves requests, `/readyz` says
//! it can do useful work, so a load balancer routes around an instance whose database is
//! gone without restarting it.

use axum::{Json, extract::State};
use serde_json::{Value, json};

use crate::{http::error::ApiError, store::Db};

pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

pub async fn readyz(State(db): State<Db>) -> Result<Json<Value>, ApiError> {
    db.check_ready()
        .await
        .map_err(ApiError::DatabaseUnavailable)?;
    Ok(Json(
        json!({ "status": "ready", "database": db.backend().name() }),
    ))
}
