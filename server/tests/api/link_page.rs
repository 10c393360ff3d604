//! The page a magic link opens names the account it signs into before anything happens:
//! someone who asks for a link to their own account and gets another person to confirm
//! it would sign that person in as themselves.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app_with};
use crate::on_both_databases;
use crate::smtp::{SmtpSink, link_in};

/// The path of a magic link to `email`'s account, asked for by a browser of its own.
async fn link_to(app: &TestApp, sink: &SmtpSink, email: &str) -> String {
    app.browser().sign_up(email).await;
    let asker = app.browser();
    let started: Value = asker
        .post("/v1/client/sign_ins", json!({ "identifier": email }))
        .await
        .json()
        .await
        .unwrap();
    let sign_in = &started["response"];
    let factor = sign_in["supported_first_factors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|factor| factor["strategy"] == "email_link")
        .unwrap();
    let path = format!(
        "/v1/client/sign_ins/{}/prepare_first_factor",
        sign_in["id"].as_str().unwrap()
    );
    let prepared = asker
        .post(
            &path,
            json!({ "strategy": "email_link", "email_address_id": factor["email_address_id"] }),
        )
        .await;
    assert_eq!(prepared.status(), 200);
    link_in(&sink.nth(email, 1).await).replacen(&app.address, "", 1)
}

async fn page(app: &TestApp, path: &str, language: &str) -> (u16, String) {
    let response = app
        .client
        .get(app.url(path))
        .header("accept-language", language)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

on_both_databases! {
    async fn a_magic_link_page_names_the_account_it_signs_into(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = spawn_app_with(backend, |config| sink.configure(config)).await;
        let link = link_to(&app, &sink, "mal&lory@evil.example").await;

        let (status, english) = page(&app, &link, "en").await;
        let (_, french) = page(&app, &link, "fr").await;

        assert_eq!(status, 200);
        assert!(
            english.contains(r#"<p class="hp-link-account my-2 text-2xl font-bold break-all">mal&amp;lory@evil.example</p>"#),
            "the account, escaped, in large type: {english}"
        );
        assert!(!english.contains("mal&lory"), "never unescaped: {english}");
        assert!(english.contains("You are signing in as"), "{english}");
        assert!(english.contains("Not your account? Do not sign in: close this page."), "{english}");
        assert!(english.contains(r#"method="post""#), "and then the button");
        assert!(french.contains("Vous vous connectez en tant que") && french.contains("mal&amp;lory@evil.example"), "{french}");
    }

    async fn a_link_that_cannot_sign_in_says_so_without_a_button(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = spawn_app_with(backend, |config| sink.configure(config)).await;

        let (status, html) = page(&app, "/v1/verify?token=forged", "en").await;

        assert_eq!(status, 422);
        assert!(html.contains("This link has expired or was already used."), "{html}");
        assert!(!html.contains("<form"), "nothing to confirm: {html}");
    }
}
