//! The server-rendered site and the server functions behind it.

use serde_json::Value;

use crate::helpers::spawn_app;
use crate::on_both_databases;

on_both_databases! {
    async fn the_journal_start_page_is_rendered_on_the_server(backend: Backend) {
        let app = spawn_app(backend).await;

        let response = app.get("/").await;

        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let html = response.text().await.unwrap();
        assert!(html.contains("A journal only you can read"));
        assert!(html.contains(r#"href="/sign-in""#) && html.contains(r#"href="/sign-up""#), "the way in");
        assert!(html.contains("is running and its database is reachable"), "status rendered into the first HTML");
        assert!(html.contains(r#"href="/pkg/hallpass.css""#));
        assert!(html.contains("/pkg/hallpass.js"), "hydration script is linked");
    }

    async fn the_status_server_function_answers(backend: Backend) {
        let app = spawn_app(backend).await;

        let response = app.client.post(app.url("/api/check_status")).send().await.unwrap();

        assert_eq!(response.status(), 200);
        let status: Value = response.json().await.unwrap();
        assert_eq!(status["database_ready"], true);
        assert_eq!(status["version"], env!("CARGO_PKG_VERSION"));
    }
}

/// Each hosted page loads the islands bundle that hydrates only its islands; the journal
/// loads its own full bundle.
#[tokio::test]
async fn each_page_preloads_the_bundle_that_hydrates_it() {
    let app = spawn_app(hallpass_server::config::Backend::Sqlite).await;
    let sign_in = "/pkg/hallpass-hosted.js";

    for (path, bundle) in [
        ("/sign-in", sign_in),
        ("/sign-up", sign_in),
        ("/signed-out", sign_in),
        ("/user", "/pkg/hallpass-account.js"),
        ("/", "/pkg/hallpass.js"),
    ] {
        let html = app.get(path).await.text().await.unwrap();
        let preload = format!(r#"<link rel="modulepreload" href="{bundle}""#);
        assert!(html.contains(&preload), "{path} preloads {bundle}: {html}");
    }
    let page = app.get("/sign-in").await.text().await.unwrap();
    assert!(
        page.contains(r#"<leptos-island data-component="SignInIsland_"#),
        "{page}"
    );
}

#[tokio::test]
async fn unknown_pages_get_the_not_found_page() {
    let app = spawn_app(hallpass_server::config::Backend::Sqlite).await;

    let response = app.get("/no/such/page").await;

    assert_eq!(response.status(), 404);
    assert!(response.text().await.unwrap().contains("Page not found"));
}

#[tokio::test]
async fn unknown_api_paths_get_a_json_404() {
    let app = spawn_app(hallpass_server::config::Backend::Sqlite).await;

    for path in ["/v1/nothing", "/api/nothing", "/pkg/missing.wasm"] {
        let response = app.get(path).await;

        assert_eq!(response.status(), 404, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["errors"][0]["code"], "resource_not_found", "{path}");
    }
}
