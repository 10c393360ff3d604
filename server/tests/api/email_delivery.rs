//! The outbox: what survives a crash, what several instances send, what a refusal leaves.

use std::time::Duration;

use serde_json::{Value, json};

use hallpass_server::{
    email::{
        outbox::{self, NewEmail},
        templates::Rendered,
    },
    store::Db,
};

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

/// The outbox row of the only email sent to `recipient`, as (status, subject, text body),
/// once it is no longer pending.
async fn settled_row(database_url: &str, recipient: &str) -> (String, String, String) {
    let db = Db::connect(&database_url.parse().unwrap(), 1)
        .await
        .unwrap();
    for _ in 0..100 {
        let row: (String, String, String) = hallpass_server::on_pool!(&db, pool => sqlx::query_as(
            "SELECT status, subject, text_body FROM email_outbox WHERE recipient = $1",
        )
        .bind(recipient)
        .fetch_one(pool)
        .await)
        .unwrap();
        if row.0 != "pending" {
            return row;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the email to {recipient} is still pending");
}

/// In production without SMTP the log says an email was not sent, to whom and of what
/// kind, but never its subject or body: those carry the code.
#[tokio::test]
async fn without_smtp_the_log_names_an_email_but_not_its_code() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = ServerProcess::start(dir.path(), &[]).await;
    request_code(&server.address, "quiet@example.com").await;

    let mut logs = String::new();
    for _ in 0..100 {
        logs = server.logs().await.join("\n");
        if logs.contains("no SMTP server is configured") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let line = logs
        .lines()
        .find(|line| line.contains("no SMTP server is configured"))
        .unwrap_or_else(|| panic!("the unsent email is logged:\n{logs}"));
    assert!(
        line.contains("quiet@example.com")
            && line.contains("sign_in_code")
            && line.contains("eml_"),
        "{line}"
    );
    assert!(
        !logs.contains("sign-in code")
            && !logs.contains("\"body\"")
            && !logs.contains("\"subject\""),
        "no subject or body:\n{logs}"
    );
}

on_both_databases! {
    async fn the_sender_claims_one_email_at_a_time_and_learns_when_its_claim_was_lost(backend: Backend) {
        const LEASE_MS: i64 = 60_000;
        let database = TestDatabase::create(backend).await;
        let db = Db::connect(&database.url().parse().unwrap(), 1).await.unwrap();
        db.migrate().await.unwrap();
        let now = 1_000_000;
        for recipient in ["a@example.com", "b@example.com"] {
            let rendered = Rendered { kind: "password_changed", subject: "s".into(), text: "t".into(), html: "h".into() };
            let email = NewEmail::new(recipient, rendered);
            hallpass_server::on_pool!(&db, pool => outbox::insert(&email, now).execute(pool).await.map(drop)).unwrap();
        }

        let first = outbox::claim_next(&db, now, LEASE_MS).await.unwrap().expect("a due email");
        let second = outbox::claim_next(&db, now, LEASE_MS).await.unwrap().expect("the other one");
        assert_ne!(first.row.id, second.row.id, "one row per claim");
        assert!(outbox::claim_next(&db, now + LEASE_MS - 1, LEASE_MS).await.unwrap().is_none(), "both leased");

        // The first sender stalls past its lease; another takes the row over.
        let successor = outbox::claim_next(&db, now + LEASE_MS, LEASE_MS).await.unwrap().expect("an expired lease");
        let stalled = [&first, &second].into_iter().find(|claimed| claimed.row.id == successor.row.id).unwrap();
        assert!(!outbox::mark_sent(&db, stalled, false, now + LEASE_MS).await.unwrap(), "the stalled sender learns it lost the claim");
        assert!(!outbox::mark_failed(&db, stalled, "late").await.unwrap());
        assert!(outbox::mark_sent(&db, &successor, false, now + LEASE_MS).await.unwrap());
    }

    async fn a_code_email_still_unsent_when_the_code_expires_is_given_up(backend: Backend) {
        let port = free_port();
        let app = spawn_app_with(backend, |config| {
            config.smtp_url = Some(format!("smtp://127.0.0.1:{port}").try_into().unwrap());
            config.email_from = Some("auth@hallpass.test".to_owned().try_into().unwrap());
        })
        .await;
        request_code(&app.address, "late@example.com").await;
        let db = Db::connect(&app.database.url().parse().unwrap(), 1).await.unwrap();
        // The SMTP server is down: wait for the first failed attempt to be recorded.
        for _ in 0..100 {
            let (attempts, claimed): (i32, Option<i64>) = hallpass_server::on_pool!(&db, pool => sqlx::query_as(
                "SELECT attempts, claimed_until FROM email_outbox WHERE recipient = 'late@example.com'",
            ).fetch_one(pool).await).unwrap();
            if attempts >= 1 && claimed.is_none() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // Ten minutes later, the code is dead; the server is back.
        hallpass_server::on_pool!(&db, pool => sqlx::query(
            "UPDATE email_outbox SET created_at = created_at - 600000, next_attempt_at = 0 WHERE recipient = 'late@example.com'",
        ).execute(pool).await.map(drop)).unwrap();
        let sink = SmtpSink::start_on(port).await;

        let (status, subject, body) = settled_row(&app.database.url(), "late@example.com").await;
        assert_eq!((status.as_str(), subject.as_str(), body.as_str()), ("failed", "", ""));
        let error: String = hallpass_server::on_pool!(&db, pool => sqlx::query_scalar(
            "SELECT last_error FROM email_outbox WHERE recipient = 'late@example.com'",
        ).fetch_one(pool).await).unwrap();
        assert!(error.starts_with("expired"), "{error}");
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert!(sink.messages_to("late@example.com").is_empty(), "an expired code is not sent");
    }

    async fn a_sent_code_leaves_neither_subject_nor_body_in_the_database(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = spawn_app_with(backend, |config| sink.configure(config)).await;
        request_code(&app.address, "tidy@example.com").await;
        let mail = sink.nth("tidy@example.com", 1).await;
        assert!(mail.subject.ends_with("is your Hallpass sign-in code"), "the code is in the sent subject");

        let (status, subject, body) = settled_row(&app.database.url(), "tidy@example.com").await;
        assert_eq!((status.as_str(), subject.as_str(), body.as_str()), ("sent", "", ""));
    }

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
