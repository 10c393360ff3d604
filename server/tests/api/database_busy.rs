use hallpass_server::config::Backend;
use serde_json::{Value, json};
use sqlx::{Connection, Executor, SqliteConnection};

use crate::helpers::{PASSWORD, spawn_app_with};

async fn assert_busy(response: reqwest::Response, what: &str) {
    assert_eq!(response.status(), 503, "{what}");
    let retry_after = response.headers().get("retry-after").cloned();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "database_busy", "{what}: {body}");
    let retry_after: u64 = retry_after
        .unwrap_or_else(|| panic!("{what}: no Retry-After"))
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1, "{what}");
}

/// Another process holding SQLite's write lock (a backup, a second instance, someone's
/// `sqlite3` shell) for longer than the busy timeout: writes are told to come back, not
/// that the server failed, and go through once the lock is released. Reads go on, and so
/// does readiness: the instance is not broken, its database is briefly taken.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_behind_another_writers_lock_get_503_with_retry_after() {
    let app = spawn_app_with(Backend::Sqlite, |config| {
        config.sqlite_busy_timeout_ms = 200;
    })
    .await;
    let existing = app.browser();
    existing.sign_up("held@example.com").await;
    let mut holder = SqliteConnection::connect(&app.database.url())
        .await
        .unwrap();
    holder.execute("BEGIN IMMEDIATE").await.unwrap();

    let newcomer = app.browser();
    let sign_up = json!({ "email_address": "new@example.com", "password": PASSWORD });
    assert_busy(
        newcomer.post("/v1/client/sign_ups", sign_up.clone()).await,
        "sign-up",
    )
    .await;
    assert_busy(
        app.browser().sign_in("held@example.com", PASSWORD).await,
        "sign-in",
    )
    .await;
    assert_busy(
        existing
            .patch("/v1/me", json!({ "first_name": "Held" }))
            .await,
        "profile change",
    )
    .await;
    assert_eq!(existing.get("/v1/me").await.status(), 200, "reads go on");
    assert_eq!(app.get("/readyz").await.status(), 200);

    holder.execute("ROLLBACK").await.unwrap();
    assert_eq!(
        newcomer.post("/v1/client/sign_ups", sign_up).await.status(),
        200
    );
    assert_eq!(
        existing
            .patch("/v1/me", json!({ "first_name": "Held" }))
            .await
            .status(),
        200
    );
}
