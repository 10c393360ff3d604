//! Sign-up and whether an address has an account. With `email_verification_required`,
//! an address that has one answers exactly like a new one and its owner is emailed a
//! notice instead of a code; without it, the address is refused at once.

use hallpass_server::config::Backend;
use serde_json::{Value, json};

use crate::helpers::{Browser, PASSWORD, TestApp, form_browser, post_form, spawn_app_with};
use crate::on_both_databases;
use crate::smtp::{SmtpSink, code_in};

async fn strict_app(backend: Backend, sink: &SmtpSink) -> TestApp {
    spawn_app_with(backend, |config| {
        sink.configure(config);
        config.email_verification_required = true;
    })
    .await
}

async fn create(browser: &Browser, email: &str) -> reqwest::Response {
    browser
        .post(
            "/v1/client/sign_ups",
            json!({ "email_address": email, "password": PASSWORD }),
        )
        .await
}

async fn verification(
    browser: &Browser,
    sign_up_id: &str,
    step: &str,
    body: Value,
) -> reqwest::Response {
    browser
        .post(
            &format!("/v1/client/sign_ups/{sign_up_id}/{step}_verification"),
            body,
        )
        .await
}

/// An account for `email`, signed up and verified by its owner.
async fn owned(app: &TestApp, sink: &SmtpSink, email: &str) {
    let owner = app.browser();
    let body: Value = create(&owner, email).await.json().await.unwrap();
    let id = body["response"]["id"].as_str().unwrap().to_owned();
    let prepared = verification(&owner, &id, "prepare", json!({ "strategy": "email_code" })).await;
    assert_eq!(prepared.status(), 200);
    let code = code_in(&sink.nth(email, 1).await);
    let attempted = verification(
        &owner,
        &id,
        "attempt",
        json!({ "strategy": "email_code", "code": code }),
    )
    .await;
    let body: Value = attempted.json().await.unwrap();
    assert_eq!(body["response"]["status"], "complete", "{body}");
}

/// `body` with what differs between any two sign-ups blanked: ids, times and the address.
fn shape(body: &Value) -> Value {
    match body {
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(key, value)| {
                    let varies = key == "id"
                        || key.ends_with("_id")
                        || key.ends_with("_at")
                        || key == "email_address";
                    (
                        key.clone(),
                        if varies && !value.is_null() {
                            json!("…")
                        } else {
                            shape(value)
                        },
                    )
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(shape).collect()),
        other => other.clone(),
    }
}

async fn answer(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

on_both_databases! {
    async fn with_verification_required_a_taken_address_answers_like_a_new_one(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = strict_app(backend, &sink).await;
        owned(&app, &sink, "owner@example.com").await;
        let (taker, newcomer) = (app.browser(), app.browser());

        let (taken_status, taken) = answer(create(&taker, "Owner@example.com").await).await;
        let (new_status, new) = answer(create(&newcomer, "newcomer@example.com").await).await;

        assert_eq!((taken_status, new_status), (200, 200), "{taken}");
        assert_eq!(taken["response"]["status"], "missing_requirements");
        assert_eq!(taken["response"]["unverified_fields"], json!(["email_address"]));
        assert_eq!(shape(&taken), shape(&new));

        let taken_id = taken["response"]["id"].as_str().unwrap();
        let new_id = new["response"]["id"].as_str().unwrap();
        let prepare = json!({ "strategy": "email_code" });
        let (taken_status, taken) = answer(verification(&taker, taken_id, "prepare", prepare.clone()).await).await;
        let (new_status, new) = answer(verification(&newcomer, new_id, "prepare", prepare).await).await;
        assert_eq!((taken_status, new_status), (200, 200), "{taken}");
        assert_eq!(shape(&taken), shape(&new));

        let code = code_in(&sink.nth("newcomer@example.com", 1).await);
        let notice = sink.nth("owner@example.com", 2).await;
        assert_eq!(notice.subject, "Someone tried to sign up to Hallpass with your email address");
        assert!(notice.text.contains(&format!("{}/sign-in", app.address)), "{}", notice.text);
        assert!(
            !notice.text.split_whitespace().any(|word| word.len() == 6 && word.chars().all(|c| c.is_ascii_digit())),
            "no code reaches anyone: {}",
            notice.text
        );

        // Whatever is guessed, the taken address's sign-up refuses it as a wrong code.
        let guess = json!({ "strategy": "email_code", "code": code });
        let (status, refused) = answer(verification(&taker, taken_id, "attempt", guess).await).await;
        assert_eq!((status, refused["errors"][0]["code"].as_str()), (422, Some("form_code_incorrect")), "{refused}");
        assert_eq!(taker.get("/v1/me").await.status(), 401, "nobody was signed in");
        assert_eq!(app.browser().sign_in("owner@example.com", PASSWORD).await.status(), 200, "the owner's account is untouched");
    }

    async fn the_hosted_sign_up_form_answers_a_taken_address_like_a_new_one(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = strict_app(backend, &sink).await;
        owned(&app, &sink, "held@example.com").await;

        let mut steps = Vec::new();
        for email in ["held@example.com", "fresh@example.com"] {
            let sent = post_form(&app, &form_browser(), "/sign-up", &[("email_address", email), ("password", PASSWORD)]).await;
            assert_eq!(sent.status(), 303, "{email}");
            let location = sent.headers()["location"].to_str().unwrap().to_owned();
            steps.push(location.split("sign_up_id=").next().unwrap().to_owned());
        }

        assert_eq!(steps, ["/sign-up?", "/sign-up?"], "both go on to the code step");
        assert_eq!(sink.nth("held@example.com", 2).await.subject, "Someone tried to sign up to Hallpass with your email address");
        code_in(&sink.nth("fresh@example.com", 1).await);
    }

    async fn without_verification_a_taken_address_is_refused_at_once(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = spawn_app_with(backend, |config| sink.configure(config)).await;
        app.browser().sign_up("first@example.com").await;

        let (status, body) = answer(create(&app.browser(), "first@example.com").await).await;

        assert_eq!(status, 422);
        assert_eq!(body["errors"][0]["code"], "form_identifier_exists");
        assert_eq!(body["errors"][0]["meta"]["param_name"], "email_address");
    }
}
