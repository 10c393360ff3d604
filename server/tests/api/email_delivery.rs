//! The outbox: what survives a crash, what several instances send, what a refusal leaves.

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{
    MASTER_SECRET, ServerProcess, TestDatabase, spawn_app_with, spawn_second_instance,
};
use crate::on_both_databases;
use crate::smtp::SmtpSink;

/// Asks for a sign-in code for `email` (an account made first) through the JSON API at
/// `address`.
async fn request_code(address: &str, email: &str) {
    let http = || {
        reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap()
    };
    let signing_up = http();
    let signed_up = signing_up
        .post(format!("{address}/v1/client/sign_ups"))
        .json(&json!({ "email_address": email, "password": crate::helpers::PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_up.status(), 200);
    let browser = http();
    let sign_in: Value = browser
        .post(format!("{address}/v1/client/sign_ins"))
        .json(&json!({ "identifier": email }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = sign_in["response"]["id"].as_str().unwrap();
    let prepared = browser
        .post(format!(
            "{address}/v1/client/sign_ins/{id}/prepare_first_factor"
        ))
        .json(&json!({ "strategy": "email_code" }))
        .send()
        .await
        .unwrap();
    assert_eq!(prepared.status(), 200);
}

/// A port nothing listens on (yet).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

on_both_databases! {
    async fn an_email_queued_before_a_kill_is_delivered_once_after_the_restart(backend: Backend) {
        let database = TestDatabase::create(backend).await;
        let database_url = database.url();
        let port = free_port();
        let smtp_url = format!("smtp://127.0.0.1:{port}");
        let env = [
            ("DATABASE_URL", database_url.as_str()),
            ("HALLPASS_MASTER_SECRET", MASTER_SECRET),
            ("HALLPASS_SMTP_URL", smtp_url.as_str()),
            ("HALLPASS_EMAIL_FROM", "auth@hallpass.test"),
        ];
        let mut first = ServerProcess::start(database.dir.path(), &env).await;
        request_code(&first.address, "kay@example.com").await;
        // The SMTP server is down: the first attempt fails and the email waits its turn.
        tokio::time::sleep(Duration::from_millis(500)).await;
        first.signal("KILL");
        first.child.wait().await.unwrap();

        let sink = SmtpSink::start_on(port).await;
        let _second = ServerProcess::start(database.dir.path(), &env).await;

        let mail = sink.nth("kay@example.com", 1).await;
        assert!(mail.subject.ends_with("is your Hallpass sign-in code"));
        tokio::time::sleep(Duration::from_secs(5)).await;
        assert_eq!(sink.messages_to("kay@example.com").len(), 1, "exactly once");
    }

    async fn two_instances_on_one_database_send_each_email_once(backend: Backend) {
        let sink = SmtpSink::start().await;
        let first = spawn_app_with(backend, |config| sink.configure(config)).await;
        let second = spawn_second_instance(&first.database.url(), |config| sink.configure(config)).await;

        for n in 0..6 {
            let address = if n % 2 == 0 { &first.address } else { &second.address };
            request_code(address, &format!("user{n}@example.com")).await;
        }

        for n in 0..6 {
            sink.wait_for(&format!("user{n}@example.com"), 1).await;
        }
        tokio::time::sleep(Duration::from_secs(3)).await;
        assert_eq!(sink.messages().len(), 6, "each email once: {:?}", sink.messages());
    }

    async fn a_refused_recipient_is_recorded_as_failed_in_the_dev_mailbox(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = spawn_app_with(backend, |config| {
            sink.configure(config);
            config.dev_mode = true;
        })
        .await;
        request_code(&app.address, "bounce@example.com").await;

        let mut page = String::new();
        for _ in 0..100 {
            page = app.get("/dev/mailbox").await.text().await.unwrap();
            if page.contains(r#"data-status="failed""#) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(page.contains(r#"data-status="failed""#), "{page}");
        assert!(page.contains("No such mailbox"), "the server's reason is kept: {page}");
        assert!(sink.messages().is_empty());
    }

    async fn without_smtp_emails_go_to_the_log_and_the_dev_mailbox(backend: Backend) {
        let app = spawn_app_with(backend, |config| config.dev_mode = true).await;
        request_code(&app.address, "lea@example.com").await;

        let mut page = String::new();
        for _ in 0..100 {
            page = app.get("/dev/mailbox").await.text().await.unwrap();
            if page.contains(r#"data-status="sent""#) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(page.contains("lea@example.com") && page.contains(r#"data-status="sent""#), "{page}");
        assert!(page.contains("is your Hallpass sign-in code"), "{page}");
    }

    async fn the_dev_mailbox_does_not_exist_outside_dev_mode(backend: Backend) {
        let app = spawn_app_with(backend, |_| {}).await;

        let response = app.get("/dev/mailbox").await;

        assert_eq!(response.status(), 404);
    }
}
