//! The email flows against a real SMTP server: codes for sign-in, sign-up verification
//! and password reset, magic links, and the notices after account changes.

use hallpass_server::{config::Backend, store::Db};
use serde_json::{Value, json};

use crate::helpers::{Browser, PASSWORD, TestApp, spawn_app_with};
use crate::on_both_databases;
use crate::smtp::{SmtpSink, code_in, link_in};

pub(crate) async fn app_with_mail(backend: Backend, sink: &SmtpSink) -> TestApp {
    spawn_app_with(backend, |config| sink.configure(config)).await
}

/// A signed-up account, and a second browser that has started signing in to it.
pub(crate) async fn sign_in_started(app: &TestApp, email: &str) -> (Browser, Value) {
    app.browser().sign_up(email).await;
    let browser = app.browser();
    let response = browser
        .post("/v1/client/sign_ins", json!({ "identifier": email }))
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    (browser, body["response"].clone())
}

fn factor<'a>(sign_in: &'a Value, strategy: &str) -> &'a Value {
    sign_in["supported_first_factors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|factor| factor["strategy"] == strategy)
        .unwrap_or_else(|| panic!("{strategy} among {sign_in}"))
}

pub(crate) async fn prepare(
    browser: &Browser,
    sign_in: &Value,
    strategy: &str,
) -> reqwest::Response {
    browser
        .post(
            &format!("/v1/client/sign_ins/{}/prepare_first_factor", sign_in["id"].as_str().unwrap()),
            json!({ "strategy": strategy, "email_address_id": factor(sign_in, strategy)["email_address_id"] }),
        )
        .await
}

pub(crate) async fn attempt(
    browser: &Browser,
    sign_in: &Value,
    strategy: &str,
    code: &str,
) -> reqwest::Response {
    browser
        .post(
            &format!(
                "/v1/client/sign_ins/{}/attempt_first_factor",
                sign_in["id"].as_str().unwrap()
            ),
            json!({ "strategy": strategy, "code": code }),
        )
        .await
}

/// Moves every email cooldown 30 s into the past, as if the test had waited them out.
pub(crate) async fn wait_out_cooldowns(app: &TestApp) {
    let db = Db::connect(&app.database.url().parse().unwrap(), 1)
        .await
        .unwrap();
    hallpass_server::on_pool!(&db, pool => {
        sqlx::query("UPDATE verifications SET created_at = created_at - 30000")
            .execute(pool)
            .await
            .unwrap();
        sqlx::query("UPDATE rate_limits SET window_start = window_start - 30000 WHERE bucket LIKE 'email_to:%'")
            .execute(pool)
            .await
            .unwrap();
    });
}

/// One number from the app's database, such as a count.
async fn scalar(app: &TestApp, sql: &'static str) -> i64 {
    let db = Db::connect(&app.database.url().parse().unwrap(), 1)
        .await
        .unwrap();
    hallpass_server::on_pool!(&db, pool => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap())
}

/// A password reset by email code from `browser`, up to setting `new_password` (and
/// signing out of the other sessions); the code is the `nth` email to `email`.
async fn reset_from(
    browser: &Browser,
    sink: &SmtpSink,
    email: &str,
    nth: usize,
    new_password: &str,
) -> reqwest::Response {
    let started: Value = browser
        .post("/v1/client/sign_ins", json!({ "identifier": email }))
        .await
        .json()
        .await
        .unwrap();
    let sign_in = started["response"].clone();
    assert_eq!(
        prepare(browser, &sign_in, "reset_password_email_code")
            .await
            .status(),
        200
    );
    let code = code_in(&sink.nth(email, nth).await);
    assert_eq!(
        attempt(browser, &sign_in, "reset_password_email_code", &code)
            .await
            .status(),
        200
    );
    let path = format!(
        "/v1/client/sign_ins/{}/reset_password",
        sign_in["id"].as_str().unwrap()
    );
    browser
        .post(
            &path,
            json!({ "password": new_password, "sign_out_of_other_sessions": true }),
        )
        .await
}

async fn error_code(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    (
        status,
        body["errors"][0]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

on_both_databases! {
    async fn a_sign_in_code_arrives_by_smtp_and_signs_in(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        let (browser, sign_in) = sign_in_started(&app, "ada@example.com").await;
        assert_eq!(sign_in["status"], "needs_first_factor");
        assert!(factor(&sign_in, "email_code")["email_address_id"].as_str().unwrap().starts_with("idn_"));

        let prepared = prepare(&browser, &sign_in, "email_code").await;
        assert_eq!(prepared.status(), 200);
        let mail = sink.nth("ada@example.com", 1).await;

        assert_eq!(mail.to, "ada@example.com");
        let code = code_in(&mail);
        assert_eq!(mail.subject, format!("{code} is your Hallpass sign-in code"));
        assert!(mail.text.contains(&code));
        assert!(mail.html.contains(&code), "an HTML part with the code: {}", mail.html);
        assert!(mail.html.contains("#4f46e5"), "the instance's colour");
        let pasted = format!(" {} {} ", &code[..3], &code[3..]);
        let signed_in = attempt(&browser, &sign_in, "email_code", &pasted).await;
        assert_eq!(signed_in.status(), 200, "a pasted code keeps its spaces");
        let body: Value = signed_in.json().await.unwrap();
        assert_eq!(body["response"]["status"], "complete");
        assert_eq!(browser.get("/v1/me").await.status(), 200);
    }

    async fn a_code_is_single_use_and_gets_five_tries(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        let (browser, sign_in) = sign_in_started(&app, "bo@example.com").await;
        prepare(&browser, &sign_in, "email_code").await;
        let code = code_in(&sink.nth("bo@example.com", 1).await);
        let wrong = if code == "000000" { "111111" } else { "000000" };

        for _ in 0..5 {
            assert_eq!(error_code(attempt(&browser, &sign_in, "email_code", wrong).await).await, (422, "form_code_incorrect".into()));
        }
        assert_eq!(
            error_code(attempt(&browser, &sign_in, "email_code", &code).await).await,
            (422, "verification_failed".into()),
            "after five wrong codes even the right one is refused"
        );
    }

    async fn a_code_works_only_for_the_flow_that_asked_for_it(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        let (browser, sign_in) = sign_in_started(&app, "cy@example.com").await;
        prepare(&browser, &sign_in, "reset_password_email_code").await;
        let reset_code = code_in(&sink.nth("cy@example.com", 1).await);

        let as_sign_in = attempt(&browser, &sign_in, "email_code", &reset_code).await;
        assert_eq!(error_code(as_sign_in).await, (422, "verification_missing".into()));
        wait_out_cooldowns(&app).await;
        let (other_browser, other) = {
            let browser = app.browser();
            let body: Value = browser.post("/v1/client/sign_ins", json!({ "identifier": "cy@example.com" })).await.json().await.unwrap();
            (browser, body["response"].clone())
        };
        prepare(&other_browser, &other, "reset_password_email_code").await;
        sink.nth("cy@example.com", 2).await;
        let elsewhere = attempt(&other_browser, &other, "reset_password_email_code", &reset_code).await;
        assert_eq!(error_code(elsewhere).await.0, 422, "another sign-in's code is refused");
    }

    async fn a_second_code_within_thirty_seconds_is_refused(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        let (browser, sign_in) = sign_in_started(&app, "di@example.com").await;
        assert_eq!(prepare(&browser, &sign_in, "email_code").await.status(), 200);

        let again = prepare(&browser, &sign_in, "email_code").await;

        assert_eq!(again.status(), 429);
        let retry: u64 = again.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((25..=30).contains(&retry), "{retry}");
        assert_eq!(sink.wait_for("di@example.com", 1).await.len(), 1);
    }

    async fn a_used_code_ends_its_addresss_cooldown(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        let (browser, sign_in) = sign_in_started(&app, "eve@example.com").await;
        assert_eq!(prepare(&browser, &sign_in, "email_code").await.status(), 200);
        let code = code_in(&sink.nth("eve@example.com", 1).await);
        assert_eq!(attempt(&browser, &sign_in, "email_code", &code).await.status(), 200);

        let next = app.browser();
        let body: Value = next.post("/v1/client/sign_ins", json!({ "identifier": "eve@example.com" })).await.json().await.unwrap();
        let again = prepare(&next, &body["response"], "email_code").await;

        assert_eq!(again.status(), 200, "the owner proved the inbox is theirs");
        sink.nth("eve@example.com", 2).await;
    }

    async fn neither_a_new_sign_in_nor_another_strategy_floods_an_address(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        let (browser, sign_in) = sign_in_started(&app, "flo@example.com").await;
        assert_eq!(prepare(&browser, &sign_in, "email_code").await.status(), 200);

        let switched = prepare(&browser, &sign_in, "email_link").await;
        let restarted = {
            let browser = app.browser();
            let body: Value = browser.post("/v1/client/sign_ins", json!({ "identifier": "flo@example.com" })).await.json().await.unwrap();
            prepare(&browser, &body["response"], "reset_password_email_code").await
        };

        for refused in [switched, restarted] {
            assert_eq!(refused.status(), 429);
            let retry: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
            assert!((25..=30).contains(&retry), "{retry}");
            assert_eq!(error_code(refused).await.1, "too_many_requests");
        }
        sink.wait_for("flo@example.com", 1).await;
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        assert_eq!(sink.messages_to("flo@example.com").len(), 1, "one email to the address");

        // An unknown address answers the same, though nothing is sent to it.
        let mut answers = Vec::new();
        for _ in 0..2 {
            let browser = app.browser();
            let body: Value = browser.post("/v1/client/sign_ins", json!({ "identifier": "nobody@example.com" })).await.json().await.unwrap();
            answers.push(prepare(&browser, &body["response"], "email_code").await.status().as_u16());
        }
        assert_eq!(answers, [200, 429]);

        wait_out_cooldowns(&app).await;
        assert_eq!(prepare(&browser, &sign_in, "email_link").await.status(), 200, "after the cooldown");
    }

    async fn the_address_cooldown_does_not_link_a_username_to_its_address(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        let owner = app.browser();
        owner.sign_up("lin@example.com").await;
        assert_eq!(owner.patch("/v1/me", json!({ "username": "lin_name" })).await.status(), 200);

        let mut answers = Vec::new();
        for identifier in ["lin_name", "lin@example.com"] {
            let browser = app.browser();
            let body: Value = browser.post("/v1/client/sign_ins", json!({ "identifier": identifier })).await.json().await.unwrap();
            answers.push(prepare(&browser, &body["response"], "email_code").await.status().as_u16());
        }

        // As for a username and an address of two different accounts (or none).
        assert_eq!(answers, [200, 200]);
    }

    async fn an_unknown_address_gets_the_same_answer_and_no_email(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        let (known_browser, known) = sign_in_started(&app, "ed@example.com").await;
        let unknown_browser = app.browser();
        let unknown: Value = unknown_browser
            .post("/v1/client/sign_ins", json!({ "identifier": "nobody@example.com" }))
            .await
            .json()
            .await
            .unwrap();
        let unknown = unknown["response"].clone();

        let known_answer = prepare(&known_browser, &known, "email_code").await;
        let unknown_answer = prepare(&unknown_browser, &unknown, "email_code").await;

        assert_eq!(known_answer.status(), unknown_answer.status());
        let keys = |body: &Value| body["response"].as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        let known_body: Value = known_answer.json().await.unwrap();
        let unknown_body: Value = unknown_answer.json().await.unwrap();
        assert_eq!(keys(&known_body), keys(&unknown_body));
        assert_eq!(known_body["response"]["supported_first_factors"].as_array().unwrap().len(), unknown_body["response"]["supported_first_factors"].as_array().unwrap().len());
        sink.wait_for("ed@example.com", 1).await;
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        assert!(sink.messages_to("nobody@example.com").is_empty(), "nothing sent to an unknown address");
        let guess = attempt(&unknown_browser, &unknown, "email_code", "123456").await;
        assert_eq!(error_code(guess).await, (422, "form_code_incorrect".into()));
    }

    async fn a_required_verification_holds_the_sign_up_until_the_code(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = spawn_app_with(backend, |config| {
            sink.configure(config);
            config.email_verification_required = true;
        })
        .await;
        let browser = app.browser();
        let created = browser
            .post("/v1/client/sign_ups", json!({ "email_address": "flo@example.com", "password": PASSWORD }))
            .await;
        let body: Value = created.json().await.unwrap();
        let sign_up = &body["response"];
        assert_eq!(sign_up["status"], "missing_requirements");
        assert_eq!(sign_up["unverified_fields"], json!(["email_address"]));
        assert_eq!(sign_up["missing_fields"], json!([]));
        let id = sign_up["id"].as_str().unwrap();

        let prepared = browser
            .post(&format!("/v1/client/sign_ups/{id}/prepare_verification"), json!({ "strategy": "email_code" }))
            .await;
        assert_eq!(prepared.status(), 200);
        let mail = sink.nth("flo@example.com", 1).await;
        assert!(mail.subject.ends_with("is your Hallpass verification code"), "{}", mail.subject);
        let code = code_in(&mail);
        let wrong = browser
            .post(&format!("/v1/client/sign_ups/{id}/attempt_verification"), json!({ "strategy": "email_code", "code": "12345x" }))
            .await;
        assert_eq!(error_code(wrong).await, (422, "form_code_incorrect".into()));
        assert_eq!(browser.get("/v1/me").await.status(), 401, "no account before the code");

        let verified = browser
            .post(&format!("/v1/client/sign_ups/{id}/attempt_verification"), json!({ "strategy": "email_code", "code": code }))
            .await;

        let body: Value = verified.json().await.unwrap();
        assert_eq!(body["response"]["status"], "complete", "{body}");
        let me: Value = browser.get("/v1/me").await.json().await.unwrap();
        assert_eq!(me["response"]["email_addresses"][0]["verification"]["status"], "verified", "{me}");
    }

    async fn a_magic_link_survives_prefetching_and_works_once(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        let (browser, sign_in) = sign_in_started(&app, "gus@example.com").await;
        assert_eq!(prepare(&browser, &sign_in, "email_link").await.status(), 200);
        let mail = sink.nth("gus@example.com", 1).await;
        assert_eq!(mail.subject, "Your Hallpass sign-in link");
        let link = link_in(&mail);
        assert!(link.starts_with(&app.address), "{link}");
        let token = url::Url::parse(&link).unwrap().query_pairs().find(|(k, _)| k == "token").unwrap().1.into_owned();

        for _ in 0..2 {
            let scanned = app.get(&link.replacen(&app.address, "", 1)).await;
            assert_eq!(scanned.status(), 200);
            assert!(scanned.headers().get("set-cookie").is_none(), "a GET signs nobody in");
            assert!(scanned.text().await.unwrap().contains(r#"method="post""#));
        }
        let confirm = |browser: &reqwest::Client| {
            browser
                .post(app.url("/v1/verify"))
                .header("origin", &app.address)
                .form(&[("token", token.as_str())])
                .send()
        };
        let clicking = crate::helpers::form_browser();
        let signed_in = confirm(&clicking).await.unwrap();
        assert_eq!(signed_in.status(), 303);
        assert!(signed_in.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("__session=")));

        let again = confirm(&crate::helpers::form_browser()).await.unwrap();
        assert_eq!(again.status(), 422, "a link works once");
    }

    async fn a_magic_link_carries_only_a_trusted_redirect(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        let (browser, sign_in) = sign_in_started(&app, "ivy@example.com").await;
        let path = format!("/v1/client/sign_ins/{}/prepare_first_factor", sign_in["id"].as_str().unwrap());
        let address_id = factor(&sign_in, "email_link")["email_address_id"].clone();

        let asked = browser.post(&path, json!({ "strategy": "email_link", "email_address_id": address_id, "redirect_url": "https://evil.example/phish" })).await;

        assert_eq!(asked.status(), 200);

        let link = link_in(&sink.nth("ivy@example.com", 1).await);
        assert!(!link.contains("evil.example"), "an untrusted target never goes out in an email: {link}");
    }

    async fn a_reset_code_leads_to_a_new_password_and_a_notice(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        let (browser, sign_in) = sign_in_started(&app, "hal@example.com").await;
        prepare(&browser, &sign_in, "reset_password_email_code").await;
        let mail = sink.nth("hal@example.com", 1).await;
        assert!(mail.subject.ends_with("is your Hallpass password reset code"), "{}", mail.subject);

        let verified = attempt(&browser, &sign_in, "reset_password_email_code", &code_in(&mail)).await;
        let body: Value = verified.json().await.unwrap();
        assert_eq!(body["response"]["status"], "needs_new_password");
        let reset = format!("/v1/client/sign_ins/{}/reset_password", sign_in["id"].as_str().unwrap());
        let weak = browser.post(&reset, json!({ "password": "short" })).await;
        assert_eq!(error_code(weak).await, (422, "form_password_length_too_short".into()));
        let done = browser.post(&reset, json!({ "password": "a brand new passphrase 77", "sign_out_of_other_sessions": true })).await;

        let body: Value = done.json().await.unwrap();
        assert_eq!(body["response"]["status"], "complete", "{body}");
        assert_eq!(sink.nth("hal@example.com", 2).await.subject, "Your Hallpass account is yours alone now", "the code was the address's first proof");
        let notice = sink.nth("hal@example.com", 3).await;
        assert_eq!(notice.subject, "Your Hallpass password was changed");
        assert!(!notice.html.is_empty());
        assert_eq!(app.browser().sign_in("hal@example.com", PASSWORD).await.status(), 422, "the old password fails");
        assert_eq!(app.browser().sign_in("hal@example.com", "a brand new passphrase 77").await.status(), 200);
    }

    async fn a_reset_that_cannot_sign_in_changes_nothing_and_one_that_can_ends_the_other_sessions(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        let owner = app.browser();
        owner.sign_up("ivy@example.com").await;
        let new_password = "a brand new passphrase 78";
        // From the browser already signed in to the account: refused before any change.
        let refused = reset_from(&owner, &sink, "ivy@example.com", 1, new_password).await;
        assert_eq!(error_code(refused).await, (422, "session_exists".into()));
        assert_eq!(owner.get("/v1/me").await.status(), 200, "the session goes on");
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        assert_eq!(sink.messages_to("ivy@example.com").len(), 1, "no password-changed notice");
        assert_eq!(app.browser().sign_in("ivy@example.com", new_password).await.status(), 422, "the password is unchanged");

        // From another browser: the new password, and the owner's session is over.
        wait_out_cooldowns(&app).await;
        let done = reset_from(&app.browser(), &sink, "ivy@example.com", 2, new_password).await;
        assert_eq!(done.status(), 200);
        assert_eq!(owner.get("/v1/me").await.status(), 401, "the other session was ended");
        assert_eq!(app.browser().sign_in("ivy@example.com", new_password).await.status(), 200);
    }

    async fn a_password_change_is_told_to_the_account_in_its_language(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        let browser = app.browser();
        browser.sign_up("ida@example.com").await;

        let changed = browser
            .http
            .post(app.url("/v1/me/change_password"))
            .header("accept-language", "fr-FR,fr;q=0.9")
            .json(&json!({ "current_password": PASSWORD, "new_password": "another long passphrase 9" }))
            .send()
            .await
            .unwrap();

        assert_eq!(changed.status(), 200);
        let notice = sink.nth("ida@example.com", 1).await;
        assert_eq!(notice.subject, "Le mot de passe de votre compte Hallpass a été modifié");
    }

    async fn wrong_codes_count_toward_the_account_lockout(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = spawn_app_with(backend, |config| {
            sink.configure(config);
            config.lockout_max_attempts = 3;
        })
        .await;
        let (browser, sign_in) = sign_in_started(&app, "jo@example.com").await;
        prepare(&browser, &sign_in, "email_code").await;
        let code = code_in(&sink.nth("jo@example.com", 1).await);
        let wrong = if code == "000000" { "111111" } else { "000000" };

        for _ in 0..3 {
            attempt(&browser, &sign_in, "email_code", wrong).await;
        }

        let (status, code_error) = error_code(attempt(&browser, &sign_in, "email_code", &code).await).await;
        assert_eq!((status, code_error.as_str()), (403, "user_locked"));
        let by_password = app.browser().sign_in("jo@example.com", PASSWORD).await;
        assert_eq!(error_code(by_password).await, (403, "user_locked".into()));
    }

    async fn a_locked_account_stays_locked_for_its_magic_link(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = spawn_app_with(backend, |config| {
            sink.configure(config);
            config.lockout_max_attempts = 3;
        })
        .await;
        let (browser, sign_in) = sign_in_started(&app, "lou@example.com").await;
        prepare(&browser, &sign_in, "email_link").await;
        let link = link_in(&sink.nth("lou@example.com", 1).await);
        let token = url::Url::parse(&link).unwrap().query_pairs().find(|(k, _)| k == "token").unwrap().1.into_owned();
        for _ in 0..3 {
            app.browser().sign_in("lou@example.com", "not the password at all").await;
        }

        let refused = browser.http.post(app.url("/v1/verify")).header("origin", &app.address).form(&[("token", token.as_str())]).send().await.unwrap();

        assert_eq!(refused.status(), 403);
        assert_eq!(browser.get("/v1/me").await.status(), 401, "not signed in");
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM verifications WHERE purpose = 'email_link' AND consumed_at IS NULL").await, 1, "the link is not used up");
    }

    async fn the_hosted_sign_in_page_sends_a_magic_link_without_javascript(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        app.browser().sign_up("ray@example.com").await;
        let browser = crate::helpers::form_browser();

        let asked = crate::helpers::post_form(&app, &browser, "/sign-in?redirect_url=%2Fuser", &[("identifier", "ray@example.com"), ("strategy", "email_link")]).await;

        assert_eq!(asked.status(), 303);
        let link_step = asked.headers()["location"].to_str().unwrap().to_owned();
        assert!(link_step.starts_with("/sign-in?sign_in_id=sia_") && link_step.ends_with("&step=link&redirect_url=%2Fuser"), "{link_step}");
        let page = browser.get(app.url(&link_step)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("we emailed it a sign-in link") && page.contains("Send a new link") && !page.contains(r#"name="code""#), "the link step: {page}");
        let sign_in_id = link_step.split("sign_in_id=").nth(1).unwrap().split('&').next().unwrap().to_owned();
        let too_soon = crate::helpers::post_form(&app, &browser, &link_step, &[("sign_in_id", &sign_in_id), ("step", "link"), ("resend", "1")]).await;
        assert_eq!(too_soon.status(), 422, "a new link only after 30 s");
        wait_out_cooldowns(&app).await;
        let resent = crate::helpers::post_form(&app, &browser, &link_step, &[("sign_in_id", &sign_in_id), ("step", "link"), ("resend", "1")]).await;
        assert_eq!(resent.status(), 200, "the link step again");
        let first = link_in(&sink.nth("ray@example.com", 1).await);
        let second = link_in(&sink.nth("ray@example.com", 2).await);
        assert_ne!(first, second);
        let params: Vec<(String, String)> = url::Url::parse(&second).unwrap().query_pairs().into_owned().collect();
        assert!(params.contains(&("redirect_url".into(), "/user".into())), "the new link leads on as the first did: {second}");
        let token = |link: &str| url::Url::parse(link).unwrap().query_pairs().find(|(k, _)| k == "token").unwrap().1.into_owned();
        let confirm = |token: String| browser.post(app.url("/v1/verify")).header("origin", &app.address).form(&[("token", token), ("redirect_url", "/user".into())]).send();
        assert_eq!(confirm(token(&first)).await.unwrap().status(), 422, "the new link replaced the first");

        let signed_in = confirm(token(&second)).await.unwrap();

        assert_eq!(signed_in.status(), 303);
        assert_eq!(signed_in.headers()["location"], "/user");
        assert!(signed_in.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("__session=")));
    }

    async fn the_tab_waiting_for_a_magic_link_learns_that_another_tab_used_it(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        app.browser().sign_up("tia@example.com").await;
        let browser = app.browser();
        let call = async |browser: &Browser, function: &str, form: &[(&str, &str)]| -> Value {
            browser.http.post(app.url(&format!("/api/{function}"))).form(form).send().await.unwrap().json().await.unwrap()
        };
        let sent = call(&browser, "send_sign_in_code", &[("identifier", "tia@example.com"), ("strategy", "email_link"), ("redirect_url", "/user")]).await;
        let sign_in_id = sent["CodeSent"]["sign_in_id"].as_str().unwrap_or_else(|| panic!("{sent}")).to_owned();
        let asking = [("sign_in_id", sign_in_id.as_str()), ("redirect_url", "/user")];
        assert_eq!(call(&browser, "email_link_result", &asking).await, Value::Null, "not yet");
        let link = link_in(&sink.nth("tia@example.com", 1).await);
        assert!(link.contains("redirect_url=%2Fuser"), "{link}");
        let token = url::Url::parse(&link).unwrap().query_pairs().find(|(k, _)| k == "token").unwrap().1.into_owned();

        let other_tab = browser.http.post(app.url("/v1/verify")).header("origin", &app.address).form(&[("token", token.as_str())]).send().await.unwrap();

        assert!(other_tab.status().is_success() || other_tab.status().is_redirection(), "{}", other_tab.status());
        let learned = call(&browser, "email_link_result", &asking).await;
        assert_eq!(learned["SignedIn"]["redirect_to"], "/user", "{learned}");
        assert_eq!(learned["SignedIn"]["user"]["email_address"], "tia@example.com");
        assert_eq!(call(&app.browser(), "email_link_result", &asking).await, Value::Null, "another browser learns nothing");

        wait_out_cooldowns(&app).await;
        let sent = call(&browser, "send_sign_in_code", &[("identifier", "tia@example.com"), ("strategy", "email_link")]).await;
        let second_id = sent["CodeSent"]["sign_in_id"].as_str().unwrap_or_else(|| panic!("{sent}")).to_owned();
        // The first link was the address's first proof: the second message tells the
        // owner the account is theirs alone.
        assert_eq!(sink.nth("tia@example.com", 2).await.subject, "Your Hallpass account is yours alone now");
        let link = link_in(&sink.nth("tia@example.com", 3).await);
        let token = url::Url::parse(&link).unwrap().query_pairs().find(|(k, _)| k == "token").unwrap().1.into_owned();
        let phone = crate::helpers::form_browser();
        let on_the_phone = phone.post(app.url("/v1/verify")).header("origin", &app.address).form(&[("token", token.as_str())]).send().await.unwrap();
        assert_eq!(on_the_phone.status(), 303, "the link signs in the device that opens it");
        assert_eq!(call(&browser, "email_link_result", &[("sign_in_id", second_id.as_str())]).await, Value::Null, "the asking browser learns nothing of a session elsewhere");
    }

    async fn the_components_resend_a_link_through_the_server_function(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        app.browser().sign_up("uma@example.com").await;
        let browser = app.browser();
        let call = async |function: &str, form: &[(&str, &str)]| -> Value {
            browser.http.post(app.url(&format!("/api/{function}"))).form(form).send().await.unwrap().json().await.unwrap()
        };
        let sent = call("send_sign_in_code", &[("identifier", "uma@example.com"), ("strategy", "email_link"), ("redirect_url", "/user")]).await;
        let sign_in_id = sent["CodeSent"]["sign_in_id"].as_str().unwrap_or_else(|| panic!("{sent}")).to_owned();
        wait_out_cooldowns(&app).await;

        let resent = call("resend_code", &[("flow_id", sign_in_id.as_str()), ("kind[SignIn]", "email_link"), ("redirect_url", "/user")]).await;

        assert_eq!(resent["CodeSent"]["strategy"], "email_link", "{resent}");
        let mail = sink.nth("uma@example.com", 2).await;
        assert_eq!(mail.subject, "Your Hallpass sign-in link");
        assert!(link_in(&mail).contains("redirect_url=%2Fuser"));
    }

    async fn an_address_added_but_never_verified_signs_no_one_in_and_holds_no_place(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        let squatter = app.browser();
        squatter.sign_up("squatter@example.com").await;
        let added = squatter.post("/v1/me/email_addresses", json!({ "email_address": "victim@example.com" })).await;
        assert_eq!(added.status(), 200);

        let by_code = app.browser();
        let started: Value = by_code.post("/v1/client/sign_ins", json!({ "identifier": "victim@example.com" })).await.json().await.unwrap();
        let sign_in = started["response"].clone();
        assert_eq!(prepare(&by_code, &sign_in, "email_code").await.status(), 200, "the same answer as for anyone");
        let by_password = app.browser().sign_in("victim@example.com", PASSWORD).await;
        assert_eq!(by_password.status(), 422, "the unverified address names no account");

        let owner = app.browser();
        owner.sign_up("victim@example.com").await;

        assert_eq!(owner.get("/v1/me").await.status(), 200, "its owner signs up with it");
        let me: Value = squatter.get("/v1/me").await.json().await.unwrap();
        assert_eq!(me["response"]["email_addresses"].as_array().unwrap().len(), 1, "the claim is gone: {me}");
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        assert!(sink.messages_to("victim@example.com").is_empty(), "no code went out for someone else's account");
    }

    async fn the_profile_adds_and_verifies_an_address_without_javascript(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        app.browser().sign_up("taken@example.com").await;
        let browser = crate::helpers::form_browser();
        let signed_up = crate::helpers::post_form(&app, &browser, "/sign-up", &[("email_address", "sam@example.com"), ("password", PASSWORD)]).await;
        assert_eq!(signed_up.status(), 303);
        let add = async |address: &str| crate::helpers::post_form(&app, &browser, "/user/emails/add", &[("email_address", address)]).await;
        let invalid = add("not an address").await;
        assert_eq!(invalid.status(), 422);
        let page = invalid.text().await.unwrap();
        assert!(page.contains(r#"value="not an address""#), "the address comes back to be fixed: {page}");
        assert_eq!(add("taken@example.com").await.status(), 422, "someone else's address");

        let added = add("sam@new.example").await;

        assert_eq!(added.status(), 303);
        let page = browser.get(app.url("/user")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("sam@new.example") && page.contains(r#"action="/user/emails/verify""#), "the new address waits for its code: {page}");
        let me: Value = browser.get(app.url("/v1/me")).send().await.unwrap().json().await.unwrap();
        let id = me["response"]["email_addresses"].as_array().unwrap().iter().find(|e| e["email_address"] == "sam@new.example").unwrap()["id"].as_str().unwrap().to_owned();
        let code = code_in(&sink.nth("sam@new.example", 1).await);
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let refused = crate::helpers::post_form(&app, &browser, "/user/emails/verify", &[("email_id", &id), ("code", wrong)]).await;
        assert_eq!(refused.status(), 422);
        assert!(refused.text().await.unwrap().contains("The code is incorrect."));
        wait_out_cooldowns(&app).await;
        let resent = crate::helpers::post_form(&app, &browser, "/user/emails/send_code", &[("email_id", &id)]).await;
        assert_eq!(resent.status(), 303);
        assert_eq!(crate::helpers::post_form(&app, &browser, "/user/emails/verify", &[("email_id", &id), ("code", &code)]).await.status(), 422, "the new code replaced the first");
        let code = code_in(&sink.nth("sam@new.example", 2).await);

        let verified = crate::helpers::post_form(&app, &browser, "/user/emails/verify", &[("email_id", &id), ("code", &code)]).await;

        assert_eq!(verified.status(), 303);
        let promoted = crate::helpers::post_form(&app, &browser, "/user/emails/primary", &[("email_id", &id)]).await;
        assert_eq!(promoted.status(), 303, "verified, it can become primary");
        let me: Value = browser.get(app.url("/v1/me")).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["response"]["primary_email_address_id"], id.as_str(), "{me}");
    }

    async fn a_new_code_replaces_the_last_one(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        let (browser, sign_in) = sign_in_started(&app, "kim@example.com").await;
        prepare(&browser, &sign_in, "email_code").await;
        let first = code_in(&sink.nth("kim@example.com", 1).await);

        wait_out_cooldowns(&app).await;
        assert_eq!(prepare(&browser, &sign_in, "email_code").await.status(), 200, "after the 30 s cooldown");
        let second = code_in(&sink.nth("kim@example.com", 2).await);

        if first != second {
            let stale = attempt(&browser, &sign_in, "email_code", &first).await;
            assert_eq!(error_code(stale).await, (422, "form_code_incorrect".into()));
        }
        assert_eq!(attempt(&browser, &sign_in, "email_code", &second).await.status(), 200);
    }

    async fn bad_email_flow_input_gets_a_stable_code(backend: Backend) {
        let app = spawn_app_with(backend, |_| {}).await;
        let (browser, sign_in) = sign_in_started(&app, "lu@example.com").await;
        let id = sign_in["id"].as_str().unwrap();
        let prepare_path = format!("/v1/client/sign_ins/{id}/prepare_first_factor");
        let attempt_path = format!("/v1/client/sign_ins/{id}/attempt_first_factor");

        let cases = [
            (browser.post(&prepare_path, json!({ "strategy": "carrier_pigeon" })).await, 422, "strategy_for_user_invalid"),
            (browser.post(&prepare_path, json!({ "strategy": "email_code", "email_address_id": "idn_other" })).await, 404, "resource_not_found"),
            (browser.post(&prepare_path, json!({ "strategy": "email_code", "extra": 1 })).await, 422, "invalid_request_body"),
            (browser.post(&attempt_path, json!({ "strategy": "email_code" })).await, 422, "form_param_missing"),
            (browser.post(&attempt_path, json!({ "strategy": "email_code", "code": 123456 })).await, 422, "invalid_request_body"),
            (browser.post(&format!("/v1/client/sign_ins/{id}/reset_password"), json!({ "password": PASSWORD })).await, 422, "invalid_step"),
            (browser.post("/v1/client/sign_ins/sia_nothing/prepare_first_factor", json!({ "strategy": "email_code" })).await, 404, "resource_not_found"),
        ];

        for (response, status, code) in cases {
            assert_eq!(error_code(response).await, (status, code.to_owned()));
        }
        let page = app.client.post(app.url("/v1/verify")).header("origin", &app.address).form(&[("token", "forged")]).send().await.unwrap();
        assert_eq!(page.status(), 422, "a forged link token");
    }

    async fn the_hosted_sign_in_page_takes_an_emailed_code_without_javascript(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        app.browser().sign_up("max@example.com").await;
        let browser = crate::helpers::form_browser();

        let asked = crate::helpers::post_form(&app, &browser, "/sign-in?redirect_url=%2Fuser", &[("identifier", "max@example.com"), ("strategy", "email_code")]).await;

        assert_eq!(asked.status(), 303);
        let code_step = asked.headers()["location"].to_str().unwrap().to_owned();
        assert!(code_step.starts_with("/sign-in?sign_in_id=sia_") && code_step.ends_with("&redirect_url=%2Fuser"), "{code_step}");
        let page = browser.get(app.url(&code_step)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(r#"name="code""#) && page.contains("Check your email"), "the code step: {page}");
        let sign_in_id = code_step.split("sign_in_id=").nth(1).unwrap().split('&').next().unwrap().to_owned();
        let resend_button = page.split("<button").find(|tag| tag.contains("hp-resend-button")).and_then(|tag| tag.split('>').next()).unwrap_or_else(|| panic!("{page}"));
        assert!(!resend_button.contains(" disabled=") && !resend_button.trim_end().ends_with(" disabled"), "without JavaScript the button always posts: {resend_button}");
        assert!(page.contains(">Send a new code</button>"), "{page}");
        let too_soon = crate::helpers::post_form(&app, &browser, &code_step, &[("sign_in_id", &sign_in_id), ("resend", "1")]).await;
        assert_eq!(too_soon.status(), 422, "a new code only after 30 s");
        let code = code_in(&sink.nth("max@example.com", 1).await);
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let refused = crate::helpers::post_form(&app, &browser, &code_step, &[("sign_in_id", &sign_in_id), ("code", wrong)]).await;
        assert_eq!(refused.status(), 422);
        let page = refused.text().await.unwrap();
        assert!(page.contains("The code is incorrect.") && page.contains(r#"name="code""#), "the code step again: {page}");

        let signed_in = crate::helpers::post_form(&app, &browser, &code_step, &[("sign_in_id", &sign_in_id), ("code", &code)]).await;

        assert_eq!(signed_in.status(), 303);
        assert_eq!(signed_in.headers()["location"], "/user");
        assert!(signed_in.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("__session=")));
    }

    async fn the_hosted_sign_in_page_resets_a_forgotten_password_without_javascript(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        let other_device = app.browser();
        other_device.sign_up("nia@example.com").await;
        let browser = crate::helpers::form_browser();

        let asked = crate::helpers::post_form(&app, &browser, "/sign-in", &[("identifier", "nia@example.com"), ("strategy", "reset_password_email_code")]).await;

        assert_eq!(asked.status(), 303);
        let reset_step = asked.headers()["location"].to_str().unwrap().to_owned();
        assert!(reset_step.ends_with("&step=reset"), "{reset_step}");
        let page = browser.get(app.url(&reset_step)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Choose a new password") && page.contains(r#"name="sign_out_of_other_sessions""#), "{page}");
        let sign_in_id = reset_step.split("sign_in_id=").nth(1).unwrap().split('&').next().unwrap().to_owned();
        let code = code_in(&sink.nth("nia@example.com", 1).await);
        let form = |password: &'static str| [("sign_in_id", sign_in_id.clone()), ("step", "reset".into()), ("code", code.clone()), ("password", password.into()), ("sign_out_of_other_sessions", "on".into())];
        let weak = form("short");
        let weak: Vec<(&str, &str)> = weak.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let refused = crate::helpers::post_form(&app, &browser, &reset_step, &weak).await;
        assert_eq!(refused.status(), 422, "the policy holds");
        let strong = form("my fresh passphrase 2026");
        let strong: Vec<(&str, &str)> = strong.iter().map(|(k, v)| (*k, v.as_str())).collect();

        let reset = crate::helpers::post_form(&app, &browser, &reset_step, &strong).await;

        assert_eq!(reset.status(), 303, "{:?}", reset.text().await);
        assert_eq!(other_device.get("/v1/me").await.status(), 401, "the other device was signed out");
        assert_eq!(app.browser().sign_in("nia@example.com", PASSWORD).await.status(), 422, "the old password fails");
        assert_eq!(sink.nth("nia@example.com", 2).await.subject, "Your Hallpass account is yours alone now");
        assert_eq!(sink.nth("nia@example.com", 3).await.subject, "Your Hallpass password was changed");
    }

    async fn the_hosted_sign_up_page_asks_for_the_code_when_verification_is_required(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = spawn_app_with(backend, |config| {
            sink.configure(config);
            config.email_verification_required = true;
        })
        .await;
        let browser = crate::helpers::form_browser();

        let sent = crate::helpers::post_form(&app, &browser, "/sign-up?redirect_url=%2Fuser", &[("email_address", "oli@example.com"), ("password", PASSWORD)]).await;

        assert_eq!(sent.status(), 303);
        let verify_step = sent.headers()["location"].to_str().unwrap().to_owned();
        assert!(verify_step.starts_with("/sign-up?sign_up_id=sua_"), "{verify_step}");
        let page = browser.get(app.url(&verify_step)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Verify your email address") && page.contains(r#"name="code""#), "{page}");
        let sign_up_id = verify_step.split("sign_up_id=").nth(1).unwrap().split('&').next().unwrap().to_owned();
        let code = code_in(&sink.nth("oli@example.com", 1).await);
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let refused = crate::helpers::post_form(&app, &browser, &verify_step, &[("sign_up_id", &sign_up_id), ("code", wrong)]).await;
        assert_eq!(refused.status(), 422);
        assert!(refused.text().await.unwrap().contains("The code is incorrect."));

        let verified = crate::helpers::post_form(&app, &browser, &verify_step, &[("sign_up_id", &sign_up_id), ("code", &code)]).await;

        assert_eq!(verified.status(), 303);
        assert_eq!(verified.headers()["location"], "/user");
        assert!(verified.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("__session=")));
    }

    async fn a_same_browser_link_works_only_where_it_was_asked_for(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = spawn_app_with(backend, |config| {
            sink.configure(config);
            config.email_link_same_browser = true;
        })
        .await;
        let (browser, sign_in) = sign_in_started(&app, "pia@example.com").await;
        prepare(&browser, &sign_in, "email_link").await;
        let link = link_in(&sink.nth("pia@example.com", 1).await);
        let token = url::Url::parse(&link).unwrap().query_pairs().find(|(k, _)| k == "token").unwrap().1.into_owned();
        let confirm = |http: &reqwest::Client| http.post(app.url("/v1/verify")).header("origin", &app.address).form(&[("token", token.as_str())]).send();

        let clients = scalar(&app, "SELECT COUNT(*) FROM clients").await;
        let elsewhere = confirm(&crate::helpers::form_browser()).await.unwrap();
        assert_eq!(elsewhere.status(), 422);
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM clients").await, clients, "a refused link leaves no client behind");
        assert!(elsewhere.text().await.unwrap().contains("Open this link in the browser where you asked for it."));

        let here = confirm(&browser.http).await.unwrap();
        assert!(here.status().is_success() || here.status().is_redirection(), "{}", here.status());
        assert_eq!(browser.get("/v1/me").await.status(), 200, "signed in where it was asked for");
    }

    async fn an_added_address_is_verified_by_code_then_made_primary_and_the_old_one_told(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        app.browser().sign_up("taken@example.com").await;
        let browser = app.browser();
        browser.sign_up("quinn@example.com").await;
        let taken = browser.post("/v1/me/email_addresses", json!({ "email_address": "Taken@example.com" })).await;
        assert_eq!(error_code(taken).await, (422, "form_identifier_exists".into()));

        let added: Value = browser.post("/v1/me/email_addresses", json!({ "email_address": "quinn@new.example" })).await.json().await.unwrap();
        let email = added["response"]["email_addresses"].as_array().unwrap().iter().find(|e| e["email_address"] == "quinn@new.example").unwrap().clone();
        assert_eq!(email["verification"]["status"], "unverified");
        let id = email["id"].as_str().unwrap();
        let too_early = browser.patch("/v1/me", json!({ "primary_email_address_id": id })).await;
        assert_eq!(error_code(too_early).await, (422, "email_address_not_verified".into()));
        let prepared = browser.post(&format!("/v1/me/email_addresses/{id}/prepare_verification"), json!({ "strategy": "email_code" })).await;
        assert_eq!(prepared.status(), 200);
        let code = code_in(&sink.nth("quinn@new.example", 1).await);
        let verified = browser.post(&format!("/v1/me/email_addresses/{id}/attempt_verification"), json!({ "strategy": "email_code", "code": code })).await;
        assert_eq!(verified.status(), 200);

        let primary = browser.patch("/v1/me", json!({ "primary_email_address_id": id })).await;

        assert_eq!(primary.status(), 200);
        let notice = sink.nth("quinn@example.com", 1).await;
        assert_eq!(notice.subject, "Your Hallpass email address was changed");
        assert!(notice.text.contains("quinn@new.example"), "{}", notice.text);
    }
}
