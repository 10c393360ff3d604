//! Requests that arrive together: a burst of guesses against the lockout, sign-ins still
//! hashing when the password changes, one sign-in finished twice, and how many accounts
//! one browser may hold.

use futures::future::join_all;
use hallpass_server::{
    config::{Backend, Config},
    on_pool,
    store::Db,
};
use serde_json::{Value, json};
use tokio::task::JoinHandle;

use crate::helpers::{
    PASSWORD, TestApp, form_browser, post_form, spawn_app_with, spawn_second_instance,
};
use crate::on_both_databases;

const WRONG: &str = "not the password at all";

/// Sign-ins with `password` from fresh browsers, all sent at once; their statuses.
async fn burst(app: &TestApp, email: &str, password: &str, count: usize) -> Vec<u16> {
    let browsers: Vec<_> = (0..count).map(|_| app.browser()).collect();
    join_all(
        browsers
            .iter()
            .map(|browser| async move { browser.sign_in(email, password).await.status().as_u16() }),
    )
    .await
}

async fn active_sessions(app: &TestApp, email: &str) -> i64 {
    let db = Db::connect(&app.database.url().parse().unwrap(), 1)
        .await
        .unwrap();
    let count = on_pool!(&db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM sessions JOIN email_addresses ON email_addresses.user_id = sessions.user_id \
         WHERE email_addresses.email_address = $1 AND sessions.status = 'active'",
    )
    .bind(email)
    .fetch_one(pool)
    .await
    .unwrap());
    db.close().await;
    count
}

/// One hashing slot, so sign-ins queue behind each other and behind a change being made,
/// and limits high enough that only the change can refuse them.
fn one_hash_at_a_time(config: &mut Config) {
    config.password_hash_concurrency = 1;
    config.sign_in_attempts_per_minute = 1000;
    // Checks in flight hold lockout slots until they pass; not what these tests are about.
    config.lockout_max_attempts = 1000;
}

/// Password sign-ins from fresh browsers, one every 5 ms until `change` is over (at most
/// 100); their statuses.
async fn sign_ins_during<T>(
    app: &TestApp,
    email: &'static str,
    change: &JoinHandle<T>,
) -> Vec<u16> {
    let mut sign_ins = Vec::new();
    while !change.is_finished() && sign_ins.len() < 100 {
        let browser = app.browser();
        sign_ins.push(tokio::spawn(async move {
            browser.sign_in(email, PASSWORD).await.status().as_u16()
        }));
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    join_all(sign_ins)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect()
}

fn count(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|&&s| s == status).count()
}

on_both_databases! {
    async fn a_burst_of_wrong_passwords_gets_no_more_checks_than_the_lockout_allows(backend: Backend) {
        let app = spawn_app_with(backend, |config| {
            config.lockout_max_attempts = 10;
            config.sign_in_attempts_per_minute = 1000;
        })
        .await;
        app.browser().sign_up("burst@example.com").await;

        let statuses = burst(&app, "burst@example.com", WRONG, 30).await;

        assert_eq!(count(&statuses, 422), 10, "wrong passwords checked: {statuses:?}");
        assert_eq!(count(&statuses, 403), 20, "refused as locked: {statuses:?}");
        let after = app.browser().sign_in("burst@example.com", PASSWORD).await;
        assert_eq!(after.status(), 403, "the account is locked, even for the right password");
    }

    async fn a_locked_unknown_identifier_answers_like_a_locked_account(backend: Backend) {
        let app = spawn_app_with(backend, |config| config.lockout_max_attempts = 3).await;
        app.browser().sign_up("known@example.com").await;

        let mut answers = Vec::new();
        for email in ["known@example.com", "nobody@example.com"] {
            for _ in 0..3 {
                assert_eq!(app.browser().sign_in(email, WRONG).await.status(), 422);
            }
            let locked = app.browser().sign_in(email, WRONG).await;
            let status = locked.status().as_u16();
            let body: Value = locked.json().await.unwrap();
            answers.push((status, body["errors"][0]["code"].clone(), body["errors"][0]["meta"]["lockout_expires_in_seconds"].as_u64().map(|secs| secs > 3500)));
        }

        assert_eq!(answers[0], (403, json!("user_locked"), Some(true)));
        assert_eq!(answers[1], answers[0], "an unknown identifier locks the same way");
    }

    async fn a_password_change_stops_sign_ins_still_checking_the_old_password(backend: Backend) {
        // One hashing slot: a sign-in that arrives while the change hashes the new
        // password reads the old one, then waits for the slot and checks it after the
        // change has committed.
        let app = spawn_app_with(backend, one_hash_at_a_time).await;
        let owner = app.browser();
        owner.sign_up("changer@example.com").await;

        let change = {
            let (http, url) = (owner.http.clone(), app.url("/v1/me/change_password"));
            tokio::spawn(async move {
                let body = json!({ "current_password": PASSWORD, "new_password": "a brand new passphrase 7", "sign_out_of_other_sessions": true });
                http.post(url).json(&body).send().await.unwrap().status().as_u16()
            })
        };
        let old_password = sign_ins_during(&app, "changer@example.com", &change).await;

        assert_eq!(change.await.unwrap(), 200);
        // 401: signed in just before the change, whose end of the other sessions then
        // caught the new session before its first token.
        assert!(old_password.iter().all(|status| [200, 401, 422].contains(status)), "{old_password:?}");
        assert_eq!(
            active_sessions(&app, "changer@example.com").await,
            1,
            "only the session that changed the password is left; the old password's sign-ins: {old_password:?}"
        );
        assert_eq!(app.browser().sign_in("changer@example.com", PASSWORD).await.status(), 422);
    }

    async fn a_sign_in_finished_by_many_requests_at_once_makes_one_session(backend: Backend) {
        let app = spawn_app_with(backend, |config| config.sign_in_attempts_per_minute = 1000).await;
        app.browser().sign_up("once@example.com").await;
        let browser = app.browser();
        let started: Value = browser
            .post("/v1/client/sign_ins", json!({ "identifier": "once@example.com" }))
            .await
            .json()
            .await
            .unwrap();
        let path = format!("/v1/client/sign_ins/{}/attempt_first_factor", started["response"]["id"].as_str().unwrap());

        let statuses: Vec<u16> = join_all((0..10).map(|_| {
            browser.post(&path, json!({ "strategy": "password", "password": PASSWORD }))
        }))
        .await
        .iter()
        .map(|response| response.status().as_u16())
        .collect();

        assert_eq!(count(&statuses, 200), 1, "{statuses:?}");
        assert_eq!(active_sessions(&app, "once@example.com").await, 2, "the sign-up's and this one");
    }

    async fn simultaneous_hosted_sign_in_forms_from_one_browser_make_one_session(backend: Backend) {
        let app = spawn_app_with(backend, |config| config.sign_in_attempts_per_minute = 1000).await;
        let browser = form_browser();
        // Signed up and out again: the browser keeps its client.
        let signed_up = post_form(&app, &browser, "/sign-up", &[("email_address", "form@example.com"), ("password", PASSWORD)]).await;
        assert_eq!(signed_up.status(), 303);
        assert_eq!(post_form(&app, &browser, "/sign-out", &[]).await.status(), 303);

        let statuses: Vec<u16> = join_all((0..10).map(|_| {
            post_form(&app, &browser, "/sign-in", &[("identifier", "form@example.com"), ("password", PASSWORD)])
        }))
        .await
        .iter()
        .map(|response| response.status().as_u16())
        .collect();

        assert_eq!(count(&statuses, 303), 1, "{statuses:?}");
        assert_eq!(active_sessions(&app, "form@example.com").await, 1);
    }

    async fn a_ban_stops_sign_ins_still_checking_the_password(backend: Backend) {
        let app = spawn_app_with(backend, one_hash_at_a_time).await;
        let body = app.browser().sign_up("banned@example.com").await;
        let user_id = body["response"]["created_user_id"].as_str().unwrap_or_else(|| panic!("{body}")).to_owned();

        let ban = {
            let app_url = app.database.url();
            let dir = app.database.dir.path().to_owned();
            tokio::task::spawn_blocking(move || {
                let output = crate::helpers::hallpass(&dir, &["users", "ban", &user_id], &[("DATABASE_URL", &app_url), ("HALLPASS_MASTER_SECRET", crate::helpers::MASTER_SECRET)])
                    .output()
                    .unwrap();
                assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
            })
        };
        let statuses = sign_ins_during(&app, "banned@example.com", &ban).await;
        ban.await.unwrap();

        // 401: signed in just before the ban, which revoked the session before its token.
        assert!(statuses.iter().all(|status| [200, 401, 403].contains(status)), "{statuses:?}");
        assert_eq!(active_sessions(&app, "banned@example.com").await, 0, "{statuses:?}");
        assert_eq!(app.browser().sign_in("banned@example.com", PASSWORD).await.status(), 403);
    }

    async fn a_browser_holds_a_bounded_number_of_accounts(backend: Backend) {
        let app = spawn_app_with(backend, |config| config.max_sessions_per_client = 2).await;
        for email in ["one@example.com", "two@example.com", "three@example.com"] {
            app.browser().sign_up(email).await;
        }
        let browser = app.browser();
        for email in ["one@example.com", "two@example.com"] {
            assert_eq!(browser.sign_in(email, PASSWORD).await.status(), 200);
        }

        let third = browser.sign_in("three@example.com", PASSWORD).await;

        assert_eq!(third.status(), 422);
        let body: Value = third.json().await.unwrap();
        assert_eq!(body["errors"][0]["code"], "client_session_limit_reached");
    }
}

#[tokio::test]
async fn two_instances_share_one_lockout_allowance() {
    let first = spawn_app_with(Backend::Postgres, |config| {
        config.lockout_max_attempts = 10;
        config.sign_in_attempts_per_minute = 1000;
    })
    .await;
    first.browser().sign_up("pair@example.com").await;
    let second = spawn_second_instance(&first.database.url(), |config| {
        config.lockout_max_attempts = 10;
        config.sign_in_attempts_per_minute = 1000;
    })
    .await;

    let (a, b) = tokio::join!(
        burst(&first, "pair@example.com", WRONG, 15),
        burst(&second, "pair@example.com", WRONG, 15)
    );

    let checked = count(&a, 422) + count(&b, 422);
    assert_eq!(checked, 10, "first {a:?}, second {b:?}");
}
