use serde_json::{Value, json};

use crate::helpers::{PASSWORD, spawn_app};
use crate::on_both_databases;

fn jwt_payload(jwt: &str) -> Value {
    use base64::Engine as _;
    let payload = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap()
}

async fn jwt(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    body["response"]["jwt"].as_str().unwrap().to_owned()
}

on_both_databases! {
    async fn two_accounts_on_one_browser_switch_without_signing_out(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();
        let first = browser.sign_up("one@example.com").await;
        let second = browser.sign_up("two@example.com").await;
        let first_session = first["response"]["created_session_id"].as_str().unwrap();
        let second_session = second["response"]["created_session_id"].as_str().unwrap();

        let client: Value = browser.get("/v1/client").await.json().await.unwrap();
        assert_eq!(client["response"]["sessions"].as_array().unwrap().len(), 2);
        assert_eq!(client["response"]["last_active_session_id"], second_session);

        let switched = browser.post(&format!("/v1/client/sessions/{first_session}/touch"), json!({})).await;
        assert_eq!(switched.status(), 200);
        let switched: Value = switched.json().await.unwrap();
        assert_eq!(switched["response"]["last_active_session_id"], first_session);
        let me: Value = browser.get("/v1/me").await.json().await.unwrap();
        assert_eq!(me["response"]["id"], first["response"]["created_user_id"]);

        let token_one = jwt_payload(&jwt(browser.token(first_session).await).await);
        let token_two = jwt_payload(&jwt(browser.token(second_session).await).await);
        assert_eq!(token_one["sub"], first["response"]["created_user_id"]);
        assert_eq!(token_two["sub"], second["response"]["created_user_id"]);
        assert_eq!(token_two["sid"], second_session);
    }

    async fn session_tokens_carry_the_expected_claims(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();
        let signed_up = browser.sign_up("claims@example.com").await;
        let session_id = signed_up["response"]["created_session_id"].as_str().unwrap();

        let claims = jwt_payload(&jwt(browser.token(session_id).await).await);

        assert_eq!(claims["iss"], app.address);
        assert_eq!(claims["azp"], app.address);
        assert_eq!(claims["sid"], session_id);
        let (iat, exp) = (claims["iat"].as_i64().unwrap(), claims["exp"].as_i64().unwrap());
        assert_eq!(exp - iat, 60);
        assert_eq!(claims["nbf"], claims["iat"]);
        assert!(claims["jti"].as_str().unwrap().len() >= 16);
    }

    async fn revoking_a_session_from_another_device_stops_its_next_refresh(backend: Backend) {
        let app = spawn_app(backend).await;
        let laptop = app.browser();
        let phone = app.browser();
        laptop.sign_up("revoke@example.com").await;
        let phone_sign_in: Value = phone.sign_in("revoke@example.com", PASSWORD).await.json().await.unwrap();
        let phone_session = phone_sign_in["response"]["created_session_id"].as_str().unwrap();
        assert_eq!(phone.token(phone_session).await.status(), 200);

        let devices: Value = laptop.get("/v1/me/sessions").await.json().await.unwrap();
        assert_eq!(devices["response"].as_array().unwrap().len(), 2);
        assert!(devices["response"][0]["latest_activity"]["ip_address"].as_str().unwrap().starts_with("127."));
        let revoked = laptop.post(&format!("/v1/me/sessions/{phone_session}/revoke"), json!({})).await;
        assert_eq!(revoked.status(), 200);

        let refresh = phone.token(phone_session).await;
        assert_eq!(refresh.status(), 401);
        let body: Value = refresh.json().await.unwrap();
        assert_eq!(body["errors"][0]["code"], "session_revoked");
    }

    async fn signing_out_ends_the_session_server_side(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();
        let signed_up = browser.sign_up("bye@example.com").await;
        let session_id = signed_up["response"]["created_session_id"].as_str().unwrap();

        let ended = browser.post(&format!("/v1/client/sessions/{session_id}/end"), json!({})).await;

        assert_eq!(ended.status(), 200);
        let body: Value = browser.token(session_id).await.json().await.unwrap();
        assert_eq!(body["errors"][0]["code"], "session_ended");
        assert_eq!(browser.get("/v1/me").await.status(), 401);
    }

    async fn changing_the_password_can_sign_out_other_devices(backend: Backend) {
        let app = spawn_app(backend).await;
        let laptop = app.browser();
        let phone = app.browser();
        laptop.sign_up("change@example.com").await;
        let phone_body: Value = phone.sign_in("change@example.com", PASSWORD).await.json().await.unwrap();
        let phone_session = phone_body["response"]["created_session_id"].as_str().unwrap();

        let wrong = laptop.post("/v1/me/change_password", json!({ "current_password": "nope nope nope", "new_password": "a brand new passphrase 7" })).await;
        assert_eq!(wrong.status(), 422);
        let changed = laptop
            .post("/v1/me/change_password", json!({ "current_password": PASSWORD, "new_password": "a brand new passphrase 7", "sign_out_of_other_sessions": true }))
            .await;

        assert_eq!(changed.status(), 200);
        assert_eq!(phone.token(phone_session).await.status(), 401);
        assert_eq!(laptop.get("/v1/me").await.status(), 200, "this device stays signed in");
        assert_eq!(app.browser().sign_in("change@example.com", PASSWORD).await.status(), 422);
        assert_eq!(app.browser().sign_in("change@example.com", "a brand new passphrase 7").await.status(), 200);
    }

    async fn profile_changes_are_validated_and_saved(backend: Backend) {
        let app = spawn_app(backend).await;
        let taken = app.browser();
        taken.sign_up("taken@example.com").await;
        taken.patch("/v1/me", json!({ "username": "taken_name" })).await;
        let browser = app.browser();
        browser.sign_up("profile@example.com").await;

        let updated = browser.patch("/v1/me", json!({ "first_name": "Zoë", "username": "Zoe_P", "unsafe_metadata": { "theme": "dark" } })).await;
        let clash = browser.patch("/v1/me", json!({ "username": "TAKEN_NAME" })).await;

        assert_eq!(updated.status(), 200);
        let updated: Value = updated.json().await.unwrap();
        assert_eq!(updated["response"]["first_name"], "Zoë");
        assert_eq!(updated["response"]["username"], "Zoe_P");
        assert_eq!(updated["response"]["unsafe_metadata"]["theme"], "dark");
        assert_eq!(clash.status(), 422);
        assert_eq!(clash.json::<Value>().await.unwrap()["errors"][0]["code"], "form_identifier_exists");
        assert_eq!(app.browser().sign_in("zoe_p", PASSWORD).await.status(), 200, "usernames are identifiers");
    }

    async fn deleting_the_account_needs_the_password(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();
        browser.sign_up("gone@example.com").await;

        let refused = browser.delete("/v1/me", Some(json!({ "password": "not it at all" }))).await;
        assert_eq!(refused.status(), 422);
        let deleted = browser.delete("/v1/me", Some(json!({ "password": PASSWORD }))).await;

        assert_eq!(deleted.status(), 200);
        assert_eq!(app.browser().sign_in("gone@example.com", PASSWORD).await.status(), 422);
        assert_eq!(browser.get("/v1/me").await.status(), 401);
    }
}
