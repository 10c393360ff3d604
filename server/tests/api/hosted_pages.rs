//! The hosted pages without JavaScript: plain form posts, redirects and re-rendered forms.

use crate::helpers::{PASSWORD, form_browser as browser, post_form, spawn_app};
use crate::on_both_databases;

on_both_databases! {
    async fn the_sign_up_form_signs_in_and_redirects(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = browser();

        let response = post_form(&app, &browser, "/sign-up", &[("email_address", "form@example.com"), ("password", PASSWORD), ("first_name", "Farah")]).await;

        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], "/");
        let page = browser.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("data-testid=\"user-label\""), "rendered signed in on the server: {page}");
        assert!(page.contains("Farah"));
    }

    async fn a_refused_form_comes_back_with_its_problems_and_values(backend: Backend) {
        let app = spawn_app(backend).await;

        let response = post_form(&app, &browser(), "/sign-up", &[("email_address", "kept@example.com"), ("password", "password1")]).await;

        assert_eq!(response.status(), 422);
        let page = response.text().await.unwrap();
        assert!(page.contains("kept@example.com"), "the entered address is kept");
        assert!(!page.contains("password1"), "the password is never echoed");
        assert!(page.contains("aria-invalid=\"true\""));
    }

    async fn signing_out_with_the_form_ends_the_session(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = browser();
        post_form(&app, &browser, "/sign-up", &[("email_address", "leave@example.com"), ("password", PASSWORD)]).await;

        let response = post_form(&app, &browser, "/sign-out", &[]).await;

        assert_eq!(response.status(), 303);
        let page = browser.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        assert!(!page.contains("data-testid=\"user-label\""));
        let again = post_form(&app, &browser, "/sign-in", &[("identifier", "leave@example.com"), ("password", PASSWORD)]).await;
        assert_eq!(again.status(), 303);
    }
}

#[tokio::test]
async fn only_safe_redirect_targets_are_followed() {
    let app = spawn_app(hallpass_server::config::Backend::Sqlite).await;
    post_form(
        &app,
        &browser(),
        "/sign-up",
        &[
            ("email_address", "where@example.com"),
            ("password", PASSWORD),
        ],
    )
    .await;

    for (target, expected) in [
        ("/dashboard?tab=1", "/dashboard?tab=1"),
        ("https://evil.example/", "/"),
        ("//evil.example", "/"),
    ] {
        let path = format!(
            "/sign-in?redirect_url={}",
            url::form_urlencoded::byte_serialize(target.as_bytes()).collect::<String>()
        );
        let response = post_form(
            &app,
            &browser(),
            &path,
            &[("identifier", "where@example.com"), ("password", PASSWORD)],
        )
        .await;
        assert_eq!(response.status(), 303, "{target}");
        assert_eq!(response.headers()["location"], expected, "{target}");
    }
}

#[tokio::test]
async fn cross_site_form_posts_are_refused() {
    let app = spawn_app(hallpass_server::config::Backend::Sqlite).await;

    let response = browser()
        .post(app.url("/sign-in"))
        .header("origin", "https://evil.example")
        .form(&[("identifier", "x@example.com"), ("password", "y")])
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 403);
}

on_both_databases! {
    async fn new_password_fields_carry_the_instances_minimum_and_a_strength_meter(backend: Backend) {
        let app = crate::helpers::spawn_app_with(backend, |config| config.password_min_length = 12).await;

        let page = app.get("/sign-up").await.text().await.unwrap();

        let field = page.split("<input").find(|input| input.contains(r#"name="password""#)).expect("a password input");
        assert!(field.contains(r#"minlength="12""#), "the policy reaches the browser: {field}");
        assert!(page.contains("hp-password-strength"), "the meter is on the page");
        assert!(page.contains(r#"aria-live="polite""#));
    }
}
