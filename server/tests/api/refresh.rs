//! The refresh layer: a valid `__client` cookie is enough for a request to arrive at its
//! handler with a fresh session token, and to leave with it.

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, spawn_app};
use crate::on_both_databases;

/// Signs up and returns the `__client` cookie value, read off the response.
async fn client_cookie(app: &TestApp, email: &str) -> String {
    let response = app
        .client
        .post(app.url("/v1/client/sign_ups"))
        .json(&json!({ "email_address": email, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|cookie| {
            cookie
                .strip_prefix("__client=")?
                .split(';')
                .next()
                .map(str::to_owned)
        })
        .expect("client cookie")
}

async fn me_with_cookies(app: &TestApp, cookie: &str) -> reqwest::Response {
    app.client
        .get(app.url("/v1/me"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
}

fn sets_session(response: &reqwest::Response) -> bool {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|c| c.to_str().unwrap().starts_with("__session=ey"))
}

on_both_databases! {
    async fn the_client_cookie_alone_gets_a_fresh_session_token(backend: Backend) {
        let app = spawn_app(backend).await;
        let client = client_cookie(&app, "fresh@example.com").await;

        let response = me_with_cookies(&app, &format!("__client={client}")).await;

        assert_eq!(response.status(), 200, "the handler saw the new token");
        assert!(sets_session(&response), "and the browser gets it");
        let me: Value = response.json().await.unwrap();
        assert_eq!(me["response"]["email_addresses"][0]["email_address"], "fresh@example.com");
    }

    async fn an_expired_session_token_is_replaced_before_the_handler_sees_it(backend: Backend) {
        let app = spawn_app(backend).await;
        let client = client_cookie(&app, "stale@example.com").await;
        let expired = format!(
            "{}.{}.c2ln",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"ES256","kid":"x"}"#),
            URL_SAFE_NO_PAD.encode(r#"{"exp":1000}"#)
        );

        let response = me_with_cookies(&app, &format!("__session={expired}; __client={client}")).await;

        assert_eq!(response.status(), 200);
        assert!(sets_session(&response));
    }

    async fn nothing_is_minted_for_an_ended_session(backend: Backend) {
        let app = spawn_app(backend).await;
        let client = client_cookie(&app, "ended@example.com").await;
        let cookie = format!("__client={client}");
        let ended = app.client.delete(app.url("/v1/client/sessions")).header("cookie", &cookie).send().await.unwrap();
        assert_eq!(ended.status(), 200);

        let response = me_with_cookies(&app, &cookie).await;

        assert_eq!(response.status(), 401);
        assert!(!sets_session(&response));
    }
}

#[tokio::test]
async fn requests_without_a_client_cookie_pass_untouched() {
    let app = spawn_app(hallpass_server::config::Backend::Sqlite).await;

    let response = app.get("/v1/me").await;

    assert_eq!(response.status(), 401);
    assert!(!sets_session(&response));
}
