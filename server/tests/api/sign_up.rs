use serde_json::{Value, json};

use crate::helpers::{PASSWORD, spawn_app};
use crate::on_both_databases;

on_both_databases! {
    async fn signing_up_creates_the_user_and_signs_them_in(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();

        let response = browser
            .post("/v1/client/sign_ups", json!({ "email_address": " Ada@Example.COM ", "password": PASSWORD, "first_name": "Ada" }))
            .await;

        assert_eq!(response.status(), 200);
        let cookies: Vec<String> = response.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
        let client_cookie = cookies.iter().find(|c| c.starts_with("__client=")).expect("client cookie set");
        assert!(client_cookie.contains("HttpOnly") && client_cookie.contains("SameSite=Lax"), "{client_cookie}");
        assert!(!client_cookie.contains("Secure"), "plain http instance: {client_cookie}");
        assert!(cookies.iter().any(|c| c.starts_with("__session=ey")), "{cookies:?}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["response"]["status"], "complete");
        assert_eq!(body["response"]["missing_fields"], json!([]));
        let user_id = body["response"]["created_user_id"].as_str().unwrap().to_owned();
        assert!(user_id.starts_with("user_"), "{user_id}");
        assert_eq!(body["client"]["sessions"].as_array().unwrap().len(), 1);

        let me: Value = browser.get("/v1/me").await.json().await.unwrap();
        assert_eq!(me["response"]["id"], user_id);
        assert_eq!(me["response"]["first_name"], "Ada");
        assert_eq!(me["response"]["email_addresses"][0]["email_address"], "Ada@example.com");
        assert_eq!(me["response"]["email_addresses"][0]["verification"]["status"], "unverified");
        assert!(me["response"].get("private_metadata").is_none());
    }

    async fn a_sign_up_without_a_password_waits_for_it(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();

        let first: Value = browser.post("/v1/client/sign_ups", json!({ "email_address": "grace@example.com" })).await.json().await.unwrap();
        assert_eq!(first["response"]["status"], "missing_requirements");
        assert_eq!(first["response"]["missing_fields"], json!(["password"]));
        assert!(first["response"]["created_user_id"].is_null());
        let id = first["response"]["id"].as_str().unwrap();

        let second = browser.patch(&format!("/v1/client/sign_ups/{id}"), json!({ "password": PASSWORD })).await;

        assert_eq!(second.status(), 200);
        let second: Value = second.json().await.unwrap();
        assert_eq!(second["response"]["status"], "complete");
        assert!(second["response"]["created_session_id"].as_str().unwrap().starts_with("sess_"));
    }

    async fn an_address_can_belong_to_only_one_person(backend: Backend) {
        let app = spawn_app(backend).await;
        app.browser().sign_up("linus@example.com").await;

        let response = app.browser().post("/v1/client/sign_ups", json!({ "email_address": "LINUS@example.com", "password": PASSWORD })).await;

        assert_eq!(response.status(), 422);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["errors"][0]["code"], "form_identifier_exists");
        assert_eq!(body["errors"][0]["meta"]["param_name"], "email_address");
    }

    async fn concurrent_sign_ups_for_one_address_create_one_user(backend: Backend) {
        let app = spawn_app(backend).await;
        let attempts: Vec<_> = (0..8)
            .map(|_| {
                let browser = app.browser();
                tokio::spawn(async move {
                    let body = json!({ "email_address": "race@example.com", "password": PASSWORD });
                    browser.post("/v1/client/sign_ups", body).await.status().as_u16()
                })
            })
            .collect();

        let mut statuses = Vec::new();
        for attempt in attempts {
            statuses.push(attempt.await.unwrap());
        }
        assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
        assert!(statuses.iter().all(|s| *s == 200 || *s == 422), "{statuses:?}");
    }

    async fn concurrent_sign_ups_for_one_username_create_one_user(backend: Backend) {
        let app = spawn_app(backend).await;
        let attempts: Vec<_> = (0..8)
            .map(|n| {
                let browser = app.browser();
                tokio::spawn(async move {
                    let body = json!({ "email_address": format!("taker{n}@example.com"), "username": "only_one", "password": PASSWORD });
                    let response = browser.post("/v1/client/sign_ups", body).await;
                    let status = response.status().as_u16();
                    let body: Value = response.json().await.unwrap();
                    (status, body["errors"][0]["meta"]["param_name"].clone())
                })
            })
            .collect();

        let mut answers = Vec::new();
        for attempt in attempts {
            answers.push(attempt.await.unwrap());
        }
        assert_eq!(answers.iter().filter(|(status, _)| *status == 200).count(), 1, "{answers:?}");
        assert!(
            answers.iter().all(|answer| answer.0 == 200 || *answer == (422, json!("username"))),
            "the others are told the username is taken, whichever check caught them: {answers:?}"
        );
    }

    async fn weak_passwords_are_refused_with_their_reason(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();

        for (password, code) in [
            ("short1", "form_password_length_too_short"),
            ("password123", "form_password_pwned"),
            ("my name is margaret.h!", "form_password_contains_email"),
        ] {
            let response = browser.post("/v1/client/sign_ups", json!({ "email_address": "margaret.h@example.com", "password": password })).await;
            assert_eq!(response.status(), 422, "{password}");
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["errors"][0]["code"], code, "{password}");
        }
        let long = "a long passphrase nobody has used before ".repeat(7);
        assert!(long.chars().count() >= 256);
        assert_eq!(browser.post("/v1/client/sign_ups", json!({ "email_address": "margaret.h@example.com", "password": long })).await.status(), 200);
    }

    async fn every_invalid_field_is_reported_and_nothing_is_written(backend: Backend) {
        let app = spawn_app(backend).await;

        let response = app
            .browser()
            .post("/v1/client/sign_ups", json!({ "email_address": "not-an-address", "password": PASSWORD, "username": "x" }))
            .await;

        assert_eq!(response.status(), 422);
        let body: Value = response.json().await.unwrap();
        let params: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["meta"]["param_name"].as_str().unwrap()).collect();
        assert_eq!(params, ["email_address", "username"]);
        let retry = app.browser().post("/v1/client/sign_ups", json!({ "email_address": "fine@example.com", "password": PASSWORD, "username": "fine_user" })).await;
        assert_eq!(retry.status(), 200);
    }
}
