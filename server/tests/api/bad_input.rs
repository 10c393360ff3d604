//! Bad input gets a 4xx with a stable code, never a 500 and never a partial write.

use serde_json::{Value, json};

use crate::helpers::{PASSWORD, spawn_app};
use crate::on_both_databases;

async fn code(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    (
        status,
        body["errors"][0]["code"].as_str().unwrap().to_owned(),
    )
}

on_both_databases! {
    async fn malformed_and_mistyped_bodies_are_refused_with_stable_codes(backend: Backend) {
        let app = spawn_app(backend).await;
        let url = app.url("/v1/client/sign_ups");
        let post = |body: &'static str, content_type: &'static str| {
            app.client.post(&url).header("content-type", content_type).body(body).send()
        };

        assert_eq!(code(post("{\"email_address\": ", "application/json").await.unwrap()).await, (400, "malformed_request_body".into()));
        assert_eq!(code(post("email_address=a", "application/x-www-form-urlencoded").await.unwrap()).await, (415, "unsupported_media_type".into()));
        assert_eq!(code(post("{\"email_address\": 5}", "application/json").await.unwrap()).await, (422, "invalid_request_body".into()));
        assert_eq!(code(post("{\"surprise\": true}", "application/json").await.unwrap()).await, (422, "invalid_request_body".into()));
        let long_name = json!({ "email_address": "a@example.com", "password": PASSWORD, "first_name": "x".repeat(300) });
        let response = app.client.post(&url).json(&long_name).send().await.unwrap();
        assert_eq!(code(response).await, (422, "form_param_exceeds_allowed_size".into()));
        assert_eq!(app.browser().sign_in("a@example.com", PASSWORD).await.status(), 422, "nothing was written");
    }

    async fn unknown_ids_and_bad_tokens_are_4xx(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();
        browser.sign_up("ids@example.com").await;

        assert_eq!(code(browser.token("sess_nope").await).await, (404, "resource_not_found".into()));
        let attempt = browser.post("/v1/client/sign_ins/sia_nope/attempt_first_factor", json!({ "strategy": "password", "password": "x" })).await;
        assert_eq!(code(attempt).await, (404, "resource_not_found".into()));
        let me = |token: &str| app.client.get(app.url("/v1/me")).bearer_auth(token).send();
        assert_eq!(me("not.a.jwt").await.unwrap().status(), 401);
        assert_eq!(app.get("/v1/me").await.status(), 401);
        // alg "none", unsigned: {"alg":"none","typ":"JWT"} . {"sub":"user_x"} .
        let unsigned = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ1c2VyX3gifQ.";
        assert_eq!(me(unsigned).await.unwrap().status(), 401);
    }
}

#[tokio::test]
async fn cross_site_state_changes_are_refused() {
    let app = spawn_app(hallpass_server::config::Backend::Sqlite).await;
    let sign_in = |origin: Option<&'static str>, fetch_site: Option<&'static str>| {
        let mut request = app
            .client
            .post(app.url("/v1/client/sign_ins"))
            .json(&json!({ "identifier": "x@example.com" }));
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(site) = fetch_site {
            request = request.header("sec-fetch-site", site);
        }
        request.send()
    };

    assert_eq!(
        code(sign_in(Some("https://evil.example"), None).await.unwrap()).await,
        (403, "origin_invalid".into())
    );
    assert_eq!(
        code(sign_in(None, Some("cross-site")).await.unwrap()).await,
        (403, "origin_invalid".into())
    );
    let own_origin: &'static str = Box::leak(app.address.clone().into_boxed_str());
    assert_eq!(
        sign_in(Some(own_origin), Some("same-origin"))
            .await
            .unwrap()
            .status(),
        200
    );
}
