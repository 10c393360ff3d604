use serde_json::{Value, json};

use crate::helpers::{PASSWORD, spawn_app, spawn_app_with};
use crate::on_both_databases;

on_both_databases! {
    async fn the_right_password_signs_in_with_a_new_client_token(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();
        browser.sign_up("ines@example.com").await;
        let before = browser.get("/v1/client").await.json::<Value>().await.unwrap();
        let sign_out = browser.delete("/v1/client/sessions", None).await;
        assert_eq!(sign_out.status(), 200);

        let response = browser.sign_in("INES@example.com", PASSWORD).await;

        assert_eq!(response.status(), 200);
        let rotated = response.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("__client="));
        assert!(rotated, "a new client token on every sign-in");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["response"]["status"], "complete");
        assert_eq!(body["client"]["id"], before["client"]["id"], "same client, new token");
        let me: Value = browser.get("/v1/me").await.json().await.unwrap();
        assert!(me["response"]["last_sign_in_at"].is_i64());
    }

    async fn an_identifier_alone_asks_for_the_first_factor(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();
        browser.sign_up("kai@example.com").await;
        browser.delete("/v1/client/sessions", None).await;

        let started: Value = browser.post("/v1/client/sign_ins", json!({ "identifier": "kai@example.com" })).await.json().await.unwrap();
        assert_eq!(started["response"]["status"], "needs_first_factor");
        let strategies: Vec<&str> = started["response"]["supported_first_factors"].as_array().unwrap().iter().map(|factor| factor["strategy"].as_str().unwrap()).collect();
        assert_eq!(strategies, ["password", "email_code", "email_link", "reset_password_email_code"]);
        let id = started["response"]["id"].as_str().unwrap();

        let attempt = browser
            .post(&format!("/v1/client/sign_ins/{id}/attempt_first_factor"), json!({ "strategy": "password", "password": PASSWORD }))
            .await;

        assert_eq!(attempt.status(), 200);
        let attempt: Value = attempt.json().await.unwrap();
        assert_eq!(attempt["response"]["status"], "complete");
    }

    async fn unknown_identifiers_and_wrong_passwords_look_the_same(backend: Backend) {
        let app = spawn_app(backend).await;
        let owner = app.browser();
        owner.sign_up("mira@example.com").await;

        let unknown = app.browser().sign_in("nobody@example.com", "some password here").await;
        let wrong = app.browser().sign_in("mira@example.com", "some password here").await;

        assert_eq!(unknown.status(), 422);
        assert_eq!(unknown.status(), wrong.status());
        let unknown: Value = unknown.json().await.unwrap();
        let wrong: Value = wrong.json().await.unwrap();
        assert_eq!(unknown, wrong);
        assert_eq!(wrong["errors"][0]["code"], "form_password_incorrect");

        let started_unknown: Value = app.browser().post("/v1/client/sign_ins", json!({ "identifier": "nobody@example.com" })).await.json().await.unwrap();
        let started_known: Value = app.browser().post("/v1/client/sign_ins", json!({ "identifier": "mira@example.com" })).await.json().await.unwrap();
        assert_eq!(started_unknown["response"]["status"], started_known["response"]["status"]);
        // The same factors; the email factors name an address id either way, a random one
        // per sign-in, known identifier or not.
        let shape = |started: &Value| -> Vec<(String, bool)> {
            started["response"]["supported_first_factors"].as_array().unwrap().iter().map(|factor| {
                let id = factor["email_address_id"].as_str();
                (factor["strategy"].as_str().unwrap().to_owned(), id.is_some_and(|id| id.starts_with("idn_")))
            }).collect()
        };
        assert_eq!(shape(&started_unknown), shape(&started_known));
        let address_id = |started: &Value| -> String {
            started["response"]["supported_first_factors"].as_array().unwrap().iter()
                .find_map(|factor| factor["email_address_id"].as_str())
                .unwrap()
                .to_owned()
        };
        let started_again: Value = app.browser().post("/v1/client/sign_ins", json!({ "identifier": "mira@example.com" })).await.json().await.unwrap();
        let (known, again, unknown) = (address_id(&started_known), address_id(&started_again), address_id(&started_unknown));
        assert_ne!(known, again, "each sign-in gets its own id for the same address");
        // `idn_` and 32 lower-case hex digits for a known and an unknown identifier alike.
        let pattern = |id: &str| -> (usize, bool) {
            let hex = id.strip_prefix("idn_").unwrap();
            (hex.len(), hex.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()))
        };
        assert_eq!(pattern(&known), (32, true));
        assert_eq!(pattern(&known), pattern(&unknown));
        let me: Value = owner.get("/v1/me").await.json().await.unwrap();
        let real = me["response"]["primary_email_address_id"].as_str().unwrap();
        assert!(![&known, &again].contains(&&real.to_owned()), "the real id stays server-side");
    }

    async fn banned_users_cannot_sign_in_and_their_sessions_stop_refreshing(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();
        let signed_up = browser.sign_up("eve@example.com").await;
        let session_id = signed_up["response"]["created_session_id"].as_str().unwrap().to_owned();
        let user_id = signed_up["response"]["created_user_id"].as_str().unwrap().to_owned();

        app.ban(&user_id);

        let refresh = browser.token(&session_id).await;
        assert_eq!(refresh.status(), 401);
        let body: Value = refresh.json().await.unwrap();
        assert_eq!(body["errors"][0]["code"], "session_revoked", "the ban ended the session");
        assert_eq!(browser.get("/v1/me").await.status(), 401);
        let response = app.browser().sign_in("eve@example.com", PASSWORD).await;
        assert_eq!(response.status(), 403);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["errors"][0]["code"], "user_banned");
    }
}

#[tokio::test]
async fn repeated_wrong_passwords_lock_the_account() {
    let app = spawn_app_with(hallpass_server::config::Backend::Sqlite, |config| {
        config.lockout_max_attempts = 3;
    })
    .await;
    app.browser().sign_up("lee@example.com").await;

    for _ in 0..3 {
        assert_eq!(
            app.browser()
                .sign_in("lee@example.com", "not the password at all")
                .await
                .status(),
            422
        );
    }
    let locked = app.browser().sign_in("lee@example.com", PASSWORD).await;

    assert_eq!(locked.status(), 403);
    let body: Value = locked.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "user_locked");
    let remaining = body["errors"][0]["meta"]["lockout_expires_in_seconds"]
        .as_u64()
        .unwrap();
    assert!(remaining > 3500 && remaining <= 3600, "{remaining}");
}

#[tokio::test]
async fn the_lockout_counter_is_shared_by_instances_on_one_database() {
    let first = spawn_app_with(hallpass_server::config::Backend::Postgres, |config| {
        config.lockout_max_attempts = 2
    })
    .await;
    first.browser().sign_up("shared@example.com").await;
    let url = first.database.url();
    let second =
        crate::helpers::spawn_second_instance(&url, |config| config.lockout_max_attempts = 2).await;

    assert_eq!(
        first
            .browser()
            .sign_in("shared@example.com", "wrong wrong wrong")
            .await
            .status(),
        422
    );
    assert_eq!(
        second
            .browser()
            .sign_in("shared@example.com", "wrong wrong wrong")
            .await
            .status(),
        422
    );

    assert_eq!(
        first
            .browser()
            .sign_in("shared@example.com", PASSWORD)
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn sign_in_attempts_are_rate_limited_per_address() {
    let app = spawn_app_with(hallpass_server::config::Backend::Sqlite, |config| {
        config.sign_in_attempts_per_minute = 2;
    })
    .await;

    for _ in 0..2 {
        assert_eq!(
            app.browser()
                .sign_in("who@example.com", "whatever it is")
                .await
                .status(),
            422
        );
    }
    let limited = app
        .browser()
        .sign_in("who@example.com", "whatever it is")
        .await;

    assert_eq!(limited.status(), 429);
    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after));
    let body: Value = limited.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "too_many_requests");
}

/// The hosted form's "email me a code" creates a sign-in and prepares its code in one
/// request, which counts once toward the limit.
#[tokio::test]
async fn a_hosted_code_request_counts_once_toward_the_rate_limit() {
    let app = spawn_app_with(hallpass_server::config::Backend::Sqlite, |config| {
        config.sign_in_attempts_per_minute = 2;
    })
    .await;
    let browser = crate::helpers::form_browser();
    let ask = |identifier: &'static str| {
        let (app, browser) = (&app, &browser);
        async move {
            crate::helpers::post_form(
                app,
                browser,
                "/sign-in",
                &[("identifier", identifier), ("strategy", "email_code")],
            )
            .await
            .status()
            .as_u16()
        }
    };

    let answers = [
        ask("one@example.com").await,
        ask("two@example.com").await,
        ask("three@example.com").await,
    ];

    assert_eq!(
        answers[..2],
        [303, 303],
        "two requests within a limit of two"
    );
    assert_ne!(answers[2], 303, "the third is over the limit");
}
