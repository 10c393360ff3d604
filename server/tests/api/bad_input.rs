//! Bad input gets a 4xx with a stable code, never a 500 and never a partial write.

use serde_json::{Value, json};

use crate::helpers::{PASSWORD, form_browser, post_form, spawn_app};
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

const NUL: (u16, &str) = (400, "nul_byte_invalid");

on_both_databases! {
    async fn a_nul_character_is_refused_at_every_door(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();
        browser.sign_up("nul@example.com").await;
        let forms = form_browser();
        let nul = |(status, code): (u16, String)| (status, code) == (NUL.0, NUL.1.to_owned());
        let server_fn = |function: &str, content_type: &'static str, body: &'static str| {
            browser.http.post(app.url(&format!("/api/{function}"))).header("content-type", content_type).body(body).send()
        };

        let refusals = [
            ("JSON string", browser.post("/v1/client/sign_ins", json!({ "identifier": "nul\u{0}@example.com" })).await),
            ("JSON key", browser.post("/v1/client/sign_ups", json!({ "email_address": "a@example.com", "password": PASSWORD, "first\u{0}name": "x" })).await),
            ("image id", app.get("/v1/profile_images/%00").await),
            ("session id", browser.token("%00").await),
            ("query", app.get("/v1/verify?token=%00").await),
            ("hosted form", post_form(&app, &forms, "/user/sessions/revoke", &[("session_id", "\0")]).await),
            ("hosted form name", post_form(&app, &forms, "/sign-in", &[("identifier\0", "nul@example.com")]).await),
            ("server function", server_fn("sign_in", "application/x-www-form-urlencoded", "identifier=%00&password=x").await.unwrap()),
            ("journal", server_fn("journal/delete_entry", "application/x-www-form-urlencoded", "id=sess%00").await.unwrap()),
            // Valid JSON, and a form to the server function, which reads every body as one.
            ("form dressed as JSON", server_fn("sign_in", "application/json", "\"x&identifier=%00&password=y\"").await.unwrap()),
        ];
        for (door, response) in refusals {
            let answer = code(response).await;
            assert!(nul(answer.clone()), "{door}: {answer:?}");
        }

        let look_alike = browser.post("/v1/client/sign_ins", json!({ "identifier": "nul@example.com", "password": "not%00it \\u0000" })).await;
        assert_eq!(code(look_alike).await, (422, "form_password_incorrect".into()), "text that only looks like NUL is a value");
    }
}

/// Every server function under `/api/` and a body of the right shape for it, when it
/// takes arguments.
const SERVER_FUNCTIONS: &[(&str, Option<&str>)] = &[
    ("sign_in", Some("identifier=a&password=b")),
    (
        "send_sign_in_code",
        Some("identifier=a&strategy=email_code"),
    ),
    ("email_link_result", Some("sign_in_id=a")),
    ("sign_in_with_code", Some("sign_in_id=a&code=1")),
    ("resend_code", Some("flow_id=a&kind=sign_in")),
    (
        "reset_password",
        Some(
            "form[sign_in_id]=a&form[code]=1&form[password]=b&form[sign_out_of_other_sessions]=false",
        ),
    ),
    ("verify_sign_up", Some("sign_up_id=a&code=1")),
    ("sign_up", Some("form[email_address]=a&form[password]=b")),
    ("sign_out", Some("all_sessions=false")),
    ("current_user", None),
    ("session_token", None),
    ("accounts", None),
    ("switch_session", Some("session_id=a")),
    ("profile", None),
    (
        "update_profile",
        Some("form[first_name]=a&form[last_name]=b&form[username]=c"),
    ),
    (
        "change_password",
        Some(
            "form[current_password]=a&form[new_password]=b&form[sign_out_of_other_sessions]=false",
        ),
    ),
    ("revoke_session", Some("session_id=a")),
    ("make_email_primary", Some("email_id=a")),
    ("remove_email", Some("email_id=a")),
    ("add_email", Some("email_address=a")),
    ("send_email_code", Some("email_id=a")),
    ("verify_email", Some("email_id=a&code=1")),
    ("delete_account", Some("password=a")),
    ("check_status", None),
    ("journal/list_entries", None),
    ("journal/add_entry", Some("body=a")),
    ("journal/delete_entry", Some("id=a")),
];

/// Arguments of the wrong type, for the functions that take more than strings.
const MISTYPED: &[(&str, &str)] = &[
    ("sign_out", "all_sessions=perhaps"),
    ("send_sign_in_code", "identifier=a&strategy=carrier_pigeon"),
    ("resend_code", "flow_id=a&kind=telegram"),
    (
        "change_password",
        "form[current_password]=a&form[new_password]=b&form[sign_out_of_other_sessions]=perhaps",
    ),
    (
        "reset_password",
        "form[sign_in_id]=a&form[code]=1&form[password]=b&form[sign_out_of_other_sessions]=2",
    ),
];

on_both_databases! {
    async fn unreadable_server_function_arguments_are_400_with_a_stable_code(backend: Backend) {
        let app = spawn_app(backend).await;
        let call = |function: &str, body: Vec<u8>| {
            app.client
                .post(app.url(&format!("/api/{function}")))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
        };
        let mut cases: Vec<(&str, Vec<u8>)> = Vec::new();
        for (function, arguments) in SERVER_FUNCTIONS {
            let mut not_utf8 = arguments.unwrap_or("x=1").as_bytes().to_vec();
            not_utf8.extend_from_slice(b"\xff\xfe");
            cases.push((function, not_utf8));
            if arguments.is_some() {
                cases.push((function, Vec::new()));
                cases.push((function, b"unrelated=1".to_vec()));
            }
        }
        for (function, body) in MISTYPED {
            cases.push((function, body.as_bytes().to_vec()));
        }

        for (function, body) in cases {
            let shown = String::from_utf8_lossy(&body).into_owned();
            let response = call(function, body).await.unwrap();
            let status = response.status().as_u16();
            let error: Value = response.json().await.unwrap_or(Value::Null);
            assert_eq!((status, &error["code"]), (400, &json!("malformed_request_body")), "{function} with {shown:?}: {error}");
        }
    }
}
