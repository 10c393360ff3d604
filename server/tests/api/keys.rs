//! The JWKS and key rotation, checked with a JWT library other than the one that signs.

use jwt_compact::{AlgorithmExt, UntrustedToken, alg::Es256, jwk::JsonWebKey};
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app};
use crate::on_both_databases;

async fn fresh_token(app: &TestApp, browser: &crate::helpers::Browser, session_id: &str) -> String {
    let _ = app;
    let body: Value = browser.token(session_id).await.json().await.unwrap();
    body["response"]["jwt"].as_str().unwrap().to_owned()
}

/// Verifies `jwt` with jwt-compact, given only the JWKS document and the token's `kid`.
fn verifies_with_jwks(jwks: &Value, jwt: &str) -> bool {
    let token = UntrustedToken::new(jwt).unwrap();
    let kid = token
        .header()
        .key_id
        .clone()
        .expect("tokens name their key");
    let Some(jwk) = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|key| key["kid"] == kid.as_str())
    else {
        return false;
    };
    let jwk: JsonWebKey<'_> = serde_json::from_value(jwk.clone()).unwrap();
    let key = p256::ecdsa::VerifyingKey::try_from(&jwk).unwrap();
    Es256.validator::<Value>(&key).validate(&token).is_ok()
}

async fn jwks(app: &TestApp) -> Value {
    let response = app.get("/.well-known/jwks.json").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "public, max-age=300");
    response.json().await.unwrap()
}

on_both_databases! {
    async fn tokens_verify_with_an_independent_library_fed_only_the_jwks(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();
        let session = browser.sign_up("jwks@example.com").await["response"]["created_session_id"].as_str().unwrap().to_owned();

        let jwt = fresh_token(&app, &browser, &session).await;
        let document = jwks(&app).await;

        assert_eq!(document["keys"][0]["kty"], "EC");
        assert_eq!(document["keys"][0]["alg"], "ES256");
        assert!(document["keys"][0].get("d").is_none(), "no private part");
        assert!(verifies_with_jwks(&document, &jwt));
        let mut tampered = jwt.clone();
        tampered.replace_range(jwt.len() - 6.., "AAAAAA");
        assert!(!verifies_with_jwks(&document, &tampered));
    }

    async fn rotation_publishes_first_and_old_tokens_verify_until_they_expire(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();
        let session = browser.sign_up("rotate@example.com").await["response"]["created_session_id"].as_str().unwrap().to_owned();
        let old_token = fresh_token(&app, &browser, &session).await;

        let output = crate::helpers::hallpass(
            app.database.dir.path(),
            &["keys", "rotate", "--publish-ahead", "0"],
            &[("DATABASE_URL", &app.database.url()), ("HALLPASS_MASTER_SECRET", crate::helpers::MASTER_SECRET)],
        )
        .output()
        .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        app.reload_keys().await;

        let new_token = fresh_token(&app, &browser, &session).await;
        let old_kid = UntrustedToken::new(&old_token).unwrap().header().key_id.clone();
        let new_kid = UntrustedToken::new(&new_token).unwrap().header().key_id.clone();
        assert_ne!(old_kid, new_kid, "signs with the new key");
        let document = jwks(&app).await;
        assert_eq!(document["keys"].as_array().unwrap().len(), 2, "the old key stays until its tokens expire");
        assert!(verifies_with_jwks(&document, &old_token));
        assert!(verifies_with_jwks(&document, &new_token));
        let me = app.client.get(app.url("/v1/me")).bearer_auth(&old_token).send().await.unwrap();
        assert_eq!(me.status(), 200, "our own verifier accepts the old key's token");
    }
}
