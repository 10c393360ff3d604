use std::time::Duration;

use serde_json::Value;

use crate::helpers::{TcpProxy, TestDatabase, spawn_app, spawn_app_on};
use crate::on_both_databases;

on_both_databases! {
    async fn healthz_answers_while_the_process_is_up(backend: Backend) {
        let app = spawn_app(backend).await;

        let response = app.get("/healthz").await;

        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["status"], "ok");
    }

    async fn readyz_answers_ready_once_migrated(backend: Backend) {
        let app = spawn_app(backend).await;

        let response = app.get("/readyz").await;

        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["status"], "ready");
        assert_eq!(body["database"], backend.name());
    }
}

async fn assert_unavailable(response: reqwest::Response) {
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "database_unavailable");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("unreachable")
    );
}

#[tokio::test]
async fn readyz_is_503_when_postgres_becomes_unreachable() {
    let database = TestDatabase::create(hallpass_server::config::Backend::Postgres).await;
    let proxy = TcpProxy::start(database.postgres_server()).await;
    let url = database.url_through(proxy.addr);
    let app = spawn_app_on(database, url, |_| {}).await;
    assert_eq!(app.get("/readyz").await.status(), 200);

    proxy.cut();

    assert_unavailable(app.get("/readyz").await).await;
    assert_eq!(
        app.get("/healthz").await.status(),
        200,
        "the process itself is still up"
    );
}

#[tokio::test]
async fn readyz_is_503_when_the_sqlite_file_is_deleted() {
    let app = spawn_app(hallpass_server::config::Backend::Sqlite).await;
    assert_eq!(app.get("/readyz").await.status(), 200);

    let path = app.database.sqlite_path();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }

    assert_unavailable(app.get("/readyz").await).await;
}

#[tokio::test]
async fn the_start_page_reports_an_unreachable_database() {
    let database = TestDatabase::create(hallpass_server::config::Backend::Postgres).await;
    let proxy = TcpProxy::start(database.postgres_server()).await;
    let url = database.url_through(proxy.addr);
    let app = spawn_app_on(database, url, |_| {}).await;

    proxy.cut();
    let response = tokio::time::timeout(Duration::from_secs(10), app.get("/"))
        .await
        .expect("the page does not hang on a dead database");

    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("its database is unreachable")
    );
}
