//! What browsers are told about every answer: the Content-Security-Policy of each page
//! (scripts run only with the nonce of the response that brought them) and that nothing
//! per user may be cached.

use std::collections::HashSet;

use hallpass_server::config::Backend;
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, form_browser, post_form, spawn_app, spawn_app_with};

const APP_ORIGIN: &str = "https://app.example.com";

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("{} has {name}", response.url()))
        .to_str()
        .unwrap()
        .to_owned()
}

/// The sources of one directive of `policy`.
fn directive<'a>(policy: &'a str, name: &str) -> Vec<&'a str> {
    policy
        .split(';')
        .map(str::trim)
        .find_map(|directive| directive.strip_prefix(name)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("{name} in {policy}"))
        .split_whitespace()
        .collect()
}

/// The opening tag of every `<script>` in `html`.
fn script_tags(html: &str) -> Vec<&str> {
    html.match_indices("<script")
        .map(|(at, _)| &html[at..at + html[at..].find('>').unwrap() + 1])
        .collect()
}

/// A page's policy, checked for what every page's must say, and its script nonce (`None`
/// for a page whose policy runs no script). Every script on the page carries the nonce.
async fn page_policy(response: reqwest::Response) -> Option<String> {
    let url = response.url().to_string();
    assert!(
        header(&response, "content-type").starts_with("text/html"),
        "{url}"
    );
    let policy = header(&response, "content-security-policy");
    let html = response.text().await.unwrap();
    assert_eq!(directive(&policy, "default-src"), ["'self'"], "{url}");
    assert_eq!(directive(&policy, "style-src"), ["'self'"], "{url}");
    assert_eq!(directive(&policy, "img-src"), ["'self'", "data:"], "{url}");
    assert_eq!(directive(&policy, "connect-src"), ["'self'"], "{url}");
    assert_eq!(directive(&policy, "frame-ancestors"), ["'none'"], "{url}");
    assert_eq!(directive(&policy, "base-uri"), ["'none'"], "{url}");
    assert_eq!(directive(&policy, "object-src"), ["'none'"], "{url}");
    let form_action = directive(&policy, "form-action");
    assert!(
        form_action.contains(&"'self'") && form_action.contains(&APP_ORIGIN),
        "{url}: {policy}"
    );
    assert!(
        !policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"),
        "{url}: {policy}"
    );
    let script_src = directive(&policy, "script-src");
    if script_src == ["'none'"] {
        assert!(
            script_tags(&html).is_empty(),
            "{url} has scripts its policy blocks: {html}"
        );
        return None;
    }
    let nonce = script_src[0]
        .strip_prefix("'nonce-")
        .and_then(|rest| rest.strip_suffix('\''))
        .unwrap_or_else(|| panic!("{url}: a nonce first in {policy}"));
    assert!(nonce.len() >= 22, "{url}: at least 128 bits, got {nonce}");
    assert_eq!(
        &script_src[1..],
        ["'strict-dynamic'", "'wasm-unsafe-eval'"],
        "{url}"
    );
    let scripts = script_tags(&html);
    assert!(!scripts.is_empty(), "{url} hydrates with a script");
    for tag in scripts {
        assert!(
            tag.contains(&format!(r#"nonce="{nonce}""#)),
            "{url}: {tag} lacks the nonce {nonce}"
        );
    }
    Some(nonce.to_owned())
}

async fn app_with_origin() -> TestApp {
    spawn_app_with(Backend::Sqlite, |config| {
        config.authorized_origins = vec![APP_ORIGIN.to_owned().try_into().unwrap()];
        config.dev_mode = true;
    })
    .await
}

/// Every kind of page: each hosted page, the journal, the not-found page, a page a
/// refused form renders again, signed out and signed in. Each response has a nonce of its
/// own, and every inline script carries it.
#[tokio::test]
async fn every_page_runs_only_the_scripts_that_carry_its_own_fresh_nonce() {
    let app = app_with_origin().await;
    let visitor = form_browser();
    let member = form_browser();
    let signed_up = post_form(
        &app,
        &member,
        "/sign-up",
        &[("email_address", "csp@example.com"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(signed_up.status(), 303);

    let mut nonces = Vec::new();
    for (browser, path) in [
        (&visitor, "/"),
        (&visitor, "/sign-in"),
        (&visitor, "/sign-in"),
        (&visitor, "/sign-up"),
        (&visitor, "/signed-out"),
        (&visitor, "/user"),
        (&visitor, "/no/such/page"),
        (&member, "/"),
        (&member, "/user"),
    ] {
        let response = browser.get(app.url(path)).send().await.unwrap();
        nonces.push(
            page_policy(response)
                .await
                .unwrap_or_else(|| panic!("{path} runs scripts")),
        );
    }
    let refused = post_form(
        &app,
        &visitor,
        "/sign-in",
        &[
            ("identifier", "csp@example.com"),
            ("password", "not the password"),
        ],
    )
    .await;
    assert_eq!(refused.status(), 422);
    nonces.push(
        page_policy(refused)
            .await
            .expect("the page rendered again hydrates"),
    );

    let distinct: HashSet<&String> = nonces.iter().collect();
    assert_eq!(
        distinct.len(),
        nonces.len(),
        "a fresh nonce per response: {nonces:?}"
    );
}

/// Pages the server writes without Leptos carry no script, and their policy runs none.
#[tokio::test]
async fn pages_without_scripts_get_a_policy_that_runs_none() {
    let app = app_with_origin().await;

    let link_page = app.get("/v1/verify?token=forged").await;
    let mailbox = app.get("/dev/mailbox").await;

    assert_eq!(link_page.status(), 422);
    assert_eq!(page_policy(link_page).await, None);
    assert_eq!(mailbox.status(), 200);
    assert_eq!(page_policy(mailbox).await, None);
}

/// Answers about a user (the API, the account page, the journal's entries and server
/// functions) are never stored by a browser or a proxy; what is the same for everyone
/// keeps its own caching.
#[tokio::test]
async fn per_user_answers_are_not_stored_and_shared_ones_keep_their_caching() {
    let app = spawn_app(Backend::Sqlite).await;
    let browser = app.browser();
    browser.sign_up("cache@example.com").await;

    let answers = [
        browser.get("/v1/me").await,
        browser.get("/v1/client").await,
        browser.get("/user").await,
        browser.get("/").await,
        browser.get("/api/journal/entries").await,
        browser
            .post(
                "/v1/client/sign_ins",
                json!({ "identifier": "cache@example.com" }),
            )
            .await,
        browser
            .http
            .post(app.url("/api/journal/list_entries"))
            .form(&[("", "")])
            .send()
            .await
            .unwrap(),
    ];
    for answer in answers {
        assert!(
            answer.status().is_success(),
            "{} {}",
            answer.url(),
            answer.status()
        );
        assert_eq!(
            header(&answer, "cache-control"),
            "no-store",
            "{}",
            answer.url()
        );
    }
    let jwks = app.get("/.well-known/jwks.json").await;
    assert_eq!(header(&jwks, "cache-control"), "public, max-age=300");
}
