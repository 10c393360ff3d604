//! What every request gets from the middleware stack.

use serde_json::Value;

use crate::helpers::{spawn_app, spawn_app_with};
use crate::on_both_databases;

on_both_databases! {
    async fn every_response_carries_a_request_id(backend: Backend) {
        let app = spawn_app(backend).await;

        let generated = app.get("/healthz").await;
        let propagated = app
            .client
            .get(app.url("/healthz"))
            .header("x-request-id", "trace-me-42")
            .send()
            .await
            .unwrap();

        let id = generated.headers()["x-request-id"].to_str().unwrap();
        assert!(uuid::Uuid::parse_str(id).is_ok(), "a fresh UUID, got {id}");
        assert_eq!(propagated.headers()["x-request-id"], "trace-me-42");
    }
}

#[tokio::test]
async fn pages_are_compressed_for_clients_that_accept_it() {
    let app = spawn_app(hallpass_server::config::Backend::Sqlite).await;

    let response = app
        .client
        .get(app.url("/"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-encoding"], "gzip");
}

#[tokio::test]
async fn bodies_over_the_limit_get_413_with_a_stable_code() {
    let app = spawn_app_with(hallpass_server::config::Backend::Sqlite, |config| {
        config.max_body_bytes = 1024;
    })
    .await;

    let response = app
        .client
        .post(app.url("/api/check_status"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("x".repeat(4096))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 413);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "request_body_too_large");
}

#[tokio::test]
async fn pages_carry_security_headers() {
    let app = spawn_app(hallpass_server::config::Backend::Sqlite).await;

    let response = app.get("/").await;

    let headers = response.headers();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");
    assert_eq!(headers["x-frame-options"], "DENY");
}
