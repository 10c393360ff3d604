//! The Leptos server functions the components call, over HTTP as the WASM client calls
//! them: form-encoded arguments, JSON answers, cookies on the response.

use serde_json::Value;

use crate::helpers::{Browser, PASSWORD, spawn_app};
use crate::on_both_databases;

async fn call(
    browser: &Browser,
    app_url: &str,
    function: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    browser
        .http
        .post(format!("{app_url}/api/{function}"))
        .form(form)
        .send()
        .await
        .unwrap()
}

on_both_databases! {
    async fn signing_up_through_the_server_function_signs_the_browser_in(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();

        let response = call(&browser, &app.address, "sign_up", &[("form[email_address]", "leptos@example.com"), ("form[password]", PASSWORD), ("form[first_name]", "Lee")]).await;

        assert_eq!(response.status(), 200);
        assert!(response.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("__client=")));
        let result: Value = response.json().await.unwrap();
        let user = &result["SignedIn"]["user"];
        assert_eq!(user["email_address"], "leptos@example.com");
        assert_eq!(user["first_name"], "Lee");
        let current: Value = call(&browser, &app.address, "current_user", &[]).await.json().await.unwrap();
        assert_eq!(current["id"], user["id"]);
        assert_eq!(current["session_id"], user["session_id"]);
        let me: Value = browser.get("/v1/me").await.json().await.unwrap();
        assert_eq!(me["response"]["id"], user["id"], "one engine behind both doors");
    }

    async fn refusals_come_back_as_issues_with_the_api_codes(backend: Backend) {
        let app = spawn_app(backend).await;
        app.browser().sign_up("issues@example.com").await;
        let browser = app.browser();

        let wrong: Value = call(&browser, &app.address, "sign_in", &[("identifier", "issues@example.com"), ("password", "not the right one")]).await.json().await.unwrap();
        let weak: Value = call(&browser, &app.address, "sign_up", &[("form[email_address]", "weak@example.com"), ("form[password]", "password1")]).await.json().await.unwrap();
        let right: Value = call(&browser, &app.address, "sign_in", &[("identifier", "issues@example.com"), ("password", PASSWORD)]).await.json().await.unwrap();

        assert_eq!(wrong["Rejected"][0]["code"], "form_password_incorrect");
        assert_eq!(wrong["Rejected"][0]["param"], "password");
        assert_eq!(weak["Rejected"][0]["code"], "form_password_pwned");
        assert_eq!(right["SignedIn"]["user"]["email_address"], "issues@example.com");
    }

    async fn signing_out_through_the_server_function_ends_the_session(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();
        browser.sign_up("out@example.com").await;
        let token: Value = call(&browser, &app.address, "session_token", &[]).await.json().await.unwrap();
        let jwt = token.as_str().expect("a token while signed in").to_owned();
        let me = app.client.get(app.url("/v1/me")).bearer_auth(&jwt).send().await.unwrap();
        assert_eq!(me.status(), 200, "the token works for other backends");

        let out = call(&browser, &app.address, "sign_out", &[("all_sessions", "false")]).await;

        assert_eq!(out.status(), 200);
        let current: Value = call(&browser, &app.address, "current_user", &[]).await.json().await.unwrap();
        assert!(current.is_null(), "{current}");
        let token: Value = call(&browser, &app.address, "session_token", &[]).await.json().await.unwrap();
        assert!(token.is_null(), "{token}");
    }
}

on_both_databases! {
    async fn the_accounts_on_a_browser_are_listed_and_switched(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();
        browser.sign_up("first@example.com").await;
        browser.sign_up("second@example.com").await;

        let accounts: Value = call(&browser, &app.address, "accounts", &[]).await.json().await.unwrap();
        assert_eq!(accounts[0]["email_address"], "second@example.com", "the active account first");
        assert_eq!(accounts[1]["email_address"], "first@example.com");
        let first_session = accounts[1]["session_id"].as_str().unwrap();

        let switched: Value = call(&browser, &app.address, "switch_session", &[("session_id", first_session)]).await.json().await.unwrap();
        assert_eq!(switched, true);
        let current: Value = call(&browser, &app.address, "current_user", &[]).await.json().await.unwrap();
        assert_eq!(current["email_address"], "first@example.com");

        let foreign = call(&app.browser(), &app.address, "switch_session", &[("session_id", first_session)]).await;
        assert_eq!(foreign.status(), 200, "bad input, not a server failure");
        assert_eq!(foreign.json::<Value>().await.unwrap(), false, "another browser cannot take the session over");
    }
}

on_both_databases! {
    async fn a_cross_site_page_cannot_call_the_server_functions_with_the_visitors_cookies(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();
        browser.sign_up("target@example.com").await;

        let forged = browser.http.post(app.url("/api/sign_out")).header("origin", "https://evil.example").form(&[("all_sessions", "true")]).send().await.unwrap();
        let cross_site = browser.http.post(app.url("/api/sign_out")).header("sec-fetch-site", "cross-site").form(&[("all_sessions", "true")]).send().await.unwrap();

        for response in [forged, cross_site] {
            assert_eq!(response.status(), 403);
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["errors"][0]["code"], "origin_invalid");
        }
        let current: Value = call(&browser, &app.address, "current_user", &[]).await.json().await.unwrap();
        assert_eq!(current["email_address"], "target@example.com", "still signed in");
        let same_site = browser.http.post(app.url("/api/sign_out")).header("origin", &app.address).form(&[("all_sessions", "false")]).send().await.unwrap();
        assert_eq!(same_site.status(), 200, "the page's own origin is allowed");
    }
}
