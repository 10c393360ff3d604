//! The journal demo: entries belong to the user of the verified session, whatever the
//! request body says. Called as its pages call it (server functions, form-encoded) and
//! as other clients do (`GET /api/journal/entries`).

use serde_json::Value;

use crate::helpers::{Browser, TestApp, spawn_app};
use crate::on_both_databases;

/// Calls the server function at `/api/{function}` as the WASM client does.
async fn call(
    browser: &Browser,
    app: &TestApp,
    function: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    browser
        .http
        .post(app.url(&format!("/api/{function}")))
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn list(browser: &Browser, app: &TestApp) -> Vec<Value> {
    let response = call(browser, app, "journal/list_entries", &[]).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn add(browser: &Browser, app: &TestApp, body: &str) -> Value {
    let response = call(browser, app, "journal/add_entry", &[("body", body)]).await;
    assert_eq!(response.status(), 200, "adding {body:?}");
    response.json().await.unwrap()
}

/// A browser signed up as `email`, and its user id.
async fn signed_up(app: &TestApp, email: &str) -> (Browser, String) {
    let browser = app.browser();
    let body = browser.sign_up(email).await;
    let user_id = body["response"]["created_user_id"]
        .as_str()
        .unwrap()
        .to_owned();
    (browser, user_id)
}

/// The status and the error's code, checking the body is the `AppError` shape.
async fn refusal(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], status, "{body}");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|message| !message.is_empty()),
        "{body}"
    );
    (status, body["code"].as_str().unwrap().to_owned())
}

on_both_databases! {
    async fn a_user_sees_only_their_own_entries(backend: Backend) {
        let app = spawn_app(backend).await;
        let (ada, _) = signed_up(&app, "ada@example.com").await;
        let (bob, _) = signed_up(&app, "bob@example.com").await;

        add(&ada, &app, "first thoughts").await;
        let newest = add(&ada, &app, "  second thoughts \n").await;
        add(&bob, &app, "bob's day").await;

        let ada_entries = list(&ada, &app).await;
        let bodies: Vec<&str> = ada_entries.iter().map(|entry| entry["body"].as_str().unwrap()).collect();
        assert_eq!(bodies, ["second thoughts", "first thoughts"], "newest first, trimmed");
        assert_eq!(ada_entries[0]["id"], newest["id"]);
        let bob_entries = list(&bob, &app).await;
        assert_eq!(bob_entries.len(), 1);
        assert_eq!(bob_entries[0]["body"], "bob's day");
        let fresh = app.browser();
        fresh.sign_up("carol@example.com").await;
        assert!(list(&fresh, &app).await.is_empty());
    }

    async fn another_users_entry_is_like_a_missing_one(backend: Backend) {
        let app = spawn_app(backend).await;
        let (ada, _) = signed_up(&app, "ada@example.com").await;
        let (bob, _) = signed_up(&app, "bob@example.com").await;
        let secret = add(&ada, &app, "only for me").await;
        let secret_id = secret["id"].as_str().unwrap();

        let foreign = call(&bob, &app, "journal/delete_entry", &[("id", secret_id)]).await;
        let missing = call(&bob, &app, "journal/delete_entry", &[("id", "entry_0000000000000000000000000000000")]).await;

        assert_eq!(foreign.status(), 404);
        assert_eq!(missing.status(), 404);
        assert_eq!(foreign.text().await.unwrap(), missing.text().await.unwrap(), "nothing tells the two apart");
        assert_eq!(list(&ada, &app).await.len(), 1, "the entry is still there");

        let deleted = call(&ada, &app, "journal/delete_entry", &[("id", secret_id)]).await;
        assert_eq!(deleted.status(), 200);
        assert!(list(&ada, &app).await.is_empty());
        let again = call(&ada, &app, "journal/delete_entry", &[("id", secret_id)]).await;
        assert_eq!(refusal(again).await, (404, "resource_not_found".to_owned()));
    }

    async fn a_user_id_in_the_request_body_is_ignored(backend: Backend) {
        let app = spawn_app(backend).await;
        let (ada, ada_id) = signed_up(&app, "ada@example.com").await;
        let (bob, _) = signed_up(&app, "bob@example.com").await;
        add(&ada, &app, "ada's entry").await;

        let forged_write = call(&bob, &app, "journal/add_entry", &[("body", "planted"), ("user_id", &ada_id), ("sub", &ada_id)]).await;
        let forged_read = call(&bob, &app, "journal/list_entries", &[("user_id", &ada_id), ("sub", &ada_id)]).await;

        assert_eq!(forged_write.status(), 200);
        let read: Vec<Value> = forged_read.json().await.unwrap();
        assert_eq!(read.len(), 1);
        assert_eq!(read[0]["body"], "planted", "Bob's read and write are Bob's");
        let ada_entries = list(&ada, &app).await;
        assert_eq!(ada_entries.len(), 1);
        assert_eq!(ada_entries[0]["body"], "ada's entry", "nothing was planted in Ada's journal");
    }

    async fn the_json_endpoint_answers_the_token_holders_entries(backend: Backend) {
        let app = spawn_app(backend).await;
        let (ada, _) = signed_up(&app, "ada@example.com").await;
        let (bob, _) = signed_up(&app, "bob@example.com").await;
        add(&ada, &app, "ada's entry").await;
        let bob_token: Value = call(&bob, &app, "session_token", &[]).await.json().await.unwrap();

        let by_cookie: Vec<Value> = ada.get("/api/journal/entries").await.json().await.unwrap();
        let by_bearer = app.client.get(app.url("/api/journal/entries")).bearer_auth(bob_token.as_str().unwrap()).send().await.unwrap();
        let signed_out = app.get("/api/journal/entries").await;

        assert_eq!(by_cookie.len(), 1);
        assert_eq!(by_cookie[0]["body"], "ada's entry");
        assert_eq!(by_bearer.status(), 200);
        assert_eq!(by_bearer.json::<Vec<Value>>().await.unwrap(), Vec::<Value>::new(), "Bob's token reads Bob's journal");
        assert_eq!(signed_out.status(), 401);
        let body: Value = signed_out.json().await.unwrap();
        assert_eq!(body["errors"][0]["code"], "token_missing");
    }

    async fn signed_out_calls_are_refused_with_a_stable_code(backend: Backend) {
        let app = spawn_app(backend).await;
        let (ada, _) = signed_up(&app, "ada@example.com").await;
        add(&ada, &app, "ada's entry").await;
        let stranger = app.browser();

        for (function, form) in [
            ("journal/list_entries", vec![]),
            ("journal/add_entry", vec![("body", "hello")]),
            ("journal/delete_entry", vec![("id", "entry_x")]),
        ] {
            let response = call(&stranger, &app, function, &form).await;
            assert_eq!(refusal(response).await, (401, "token_missing".to_owned()), "{function}");
        }
        let forged = app
            .client
            .post(app.url("/api/journal/list_entries"))
            .header("cookie", "__session=not.a.jwt")
            .send()
            .await
            .unwrap();
        assert_eq!(refusal(forged).await, (401, "token_malformed".to_owned()));

        call(&ada, &app, "sign_out", &[("all_sessions", "false")]).await;
        let after_sign_out = call(&ada, &app, "journal/list_entries", &[]).await;
        assert_eq!(refusal(after_sign_out).await, (401, "token_missing".to_owned()));
    }

    async fn bad_bodies_are_refused_with_a_4xx_and_nothing_is_stored(backend: Backend) {
        let app = spawn_app(backend).await;
        let (ada, _) = signed_up(&app, "ada@example.com").await;
        let too_long = "x".repeat(10_001);
        let longest = "é".repeat(10_000);

        let empty = call(&ada, &app, "journal/add_entry", &[("body", "")]).await;
        let blank = call(&ada, &app, "journal/add_entry", &[("body", " \n\t ")]).await;
        let over = call(&ada, &app, "journal/add_entry", &[("body", &too_long)]).await;
        let missing = call(&ada, &app, "journal/add_entry", &[]).await;

        assert_eq!(refusal(empty).await, (422, "entry_empty".to_owned()));
        assert_eq!(refusal(blank).await, (422, "entry_empty".to_owned()));
        assert_eq!(refusal(over).await, (422, "entry_too_long".to_owned()));
        let (status, _) = refusal(missing).await;
        assert!((400..500).contains(&status), "a missing argument is the caller's problem: {status}");
        assert!(list(&ada, &app).await.is_empty(), "nothing was written");
        assert_eq!(add(&ada, &app, &longest).await["body"], longest.as_str(), "the limit itself is allowed");
    }

    async fn without_javascript_a_refused_entry_comes_back_to_the_page(backend: Backend) {
        let app = spawn_app(backend).await;
        let (ada, _) = signed_up(&app, "ada@example.com").await;
        let page = app.url("/");
        let form_post = |body: &'static str| {
            ada.http
                .post(app.url("/api/journal/add_entry"))
                .header("accept", "text/html")
                .header("referer", &page)
                .form(&[("body", body)])
                .send()
        };

        let saved = form_post("written without a script").await.unwrap();
        let refused = form_post("   ").await.unwrap();

        assert_eq!(saved.url().path(), "/", "redirected back to the page");
        let html = saved.text().await.unwrap();
        assert!(html.contains("written without a script"), "the new entry is on the page");
        assert!(refused.url().query().is_some_and(|query| query.contains("__err")), "{}", refused.url());
        assert_eq!(refused.status(), 200);
        assert!(refused.text().await.unwrap().contains("Write something before saving the entry."));
    }
}

#[tokio::test]
async fn the_page_shows_the_journal_to_its_author_only() {
    let app = spawn_app(hallpass_server::config::Backend::Sqlite).await;
    let (ada, _) = signed_up(&app, "ada@example.com").await;
    let (bob, _) = signed_up(&app, "bob@example.com").await;
    add(&ada, &app, "a line for Ada's eyes").await;

    let ada_page = ada.get("/").await.text().await.unwrap();
    let bob_page = bob.get("/").await.text().await.unwrap();
    let signed_out_page = app.get("/").await.text().await.unwrap();

    assert!(
        ada_page.contains("a line for Ada's eyes"),
        "rendered into the first HTML"
    );
    assert!(ada_page.contains("hp-journal-form"));
    assert!(!bob_page.contains("a line for Ada's eyes"));
    assert!(bob_page.contains("No entries yet"));
    assert!(!signed_out_page.contains("a line for Ada's eyes"));
    assert!(signed_out_page.contains("A journal only you can read"));
    assert!(!signed_out_page.contains("hp-journal-form"));
}
