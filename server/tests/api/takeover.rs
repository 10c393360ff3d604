//! Account pre-takeover: without required verification, someone can create an account
//! with another person's address and a password of their own. The owner's first proof of
//! the mailbox makes the account theirs alone.

use serde_json::{Value, json};

use crate::email::{app_with_mail, attempt, prepare, sign_in_started};
use crate::helpers::PASSWORD;
use crate::on_both_databases;
use crate::smtp::{SmtpSink, code_in};

const CLAIMED: &str = "Your Hallpass account is yours alone now";

on_both_databases! {
    async fn the_first_proof_of_an_address_takes_the_account_back_from_whoever_created_it(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        let squatter = app.browser();
        squatter.sign_up("victim@example.com").await;
        let owner = app.browser();
        let started: Value = owner.post("/v1/client/sign_ins", json!({ "identifier": "victim@example.com" })).await.json().await.unwrap();
        let sign_in = started["response"].clone();
        prepare(&owner, &sign_in, "email_code").await;
        let code = code_in(&sink.nth("victim@example.com", 1).await);

        let signed_in = attempt(&owner, &sign_in, "email_code", &code).await;

        let body: Value = signed_in.json().await.unwrap();
        assert_eq!(body["response"]["status"], "complete", "{body}");
        assert_eq!(squatter.get("/v1/me").await.status(), 401, "the squatter's session ended");
        assert_eq!(app.browser().sign_in("victim@example.com", PASSWORD).await.status(), 422, "the squatter's password is gone");
        let me: Value = owner.get("/v1/me").await.json().await.unwrap();
        assert_eq!(me["response"]["email_addresses"][0]["verification"]["status"], "verified", "{me}");
        assert_eq!(me["response"]["password_enabled"], false);
        assert_eq!(sink.nth("victim@example.com", 2).await.subject, CLAIMED);
        let own_password = owner
            .post("/v1/me/change_password", json!({ "new_password": "the owner's own passphrase 9" }))
            .await;
        assert_eq!(own_password.status(), 200, "the owner sets a password of their own");
        assert_eq!(app.browser().sign_in("victim@example.com", "the owner's own passphrase 9").await.status(), 200);
    }

    async fn a_later_proof_of_the_same_address_changes_nothing(backend: Backend) {
        let sink = SmtpSink::start().await;
        let app = app_with_mail(backend, &sink).await;
        let (first, sign_in) = sign_in_started(&app, "twice@example.com").await;
        prepare(&first, &sign_in, "email_code").await;
        let code = code_in(&sink.nth("twice@example.com", 1).await);
        assert_eq!(attempt(&first, &sign_in, "email_code", &code).await.status(), 200);
        assert_eq!(sink.nth("twice@example.com", 2).await.subject, CLAIMED);

        let second = app.browser();
        let started: Value = second.post("/v1/client/sign_ins", json!({ "identifier": "twice@example.com" })).await.json().await.unwrap();
        let again = started["response"].clone();
        crate::email::wait_out_cooldowns(&app).await;
        prepare(&second, &again, "email_code").await;
        let code = code_in(&sink.nth("twice@example.com", 3).await);
        assert_eq!(attempt(&second, &again, "email_code", &code).await.status(), 200);

        assert_eq!(first.get("/v1/me").await.status(), 200, "the first proof's session goes on");
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        assert_eq!(sink.messages_to("twice@example.com").iter().filter(|mail| mail.subject == CLAIMED).count(), 1);
    }
}
