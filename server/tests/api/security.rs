//! Security properties seen from outside: cookie attributes, whose forwarded address is
//! believed, password hash upgrades, idle sessions, remote verification, and what the
//! logs never contain.

use std::{sync::Arc, time::Duration};

use hallpass_server::{
    config::{Backend, PublicUrl},
    ids::now_ms,
    on_pool,
    store::Db,
    verify::{RemoteJwks, Verifier, VerifierConfig},
};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, ServerProcess, TestApp, spawn_app, spawn_app_with};
use crate::on_both_databases;

/// The `Set-Cookie` header that sets `name`, if the response has one.
fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .find(|value| value.starts_with(&format!("{name}=")))
}

/// The value part of a `Set-Cookie` header.
fn cookie_value(header: &str) -> String {
    let pair = header.split(';').next().unwrap();
    pair.split_once('=').unwrap().1.to_owned()
}

fn attributes(header: &str) -> Vec<String> {
    header
        .split(';')
        .skip(1)
        .map(|attribute| attribute.trim().to_owned())
        .collect()
}

async fn sign_up_response(app: &TestApp, email: &str) -> reqwest::Response {
    let response = app
        .client
        .post(app.url("/v1/client/sign_ups"))
        .json(&json!({ "email_address": email, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response
}

async fn database(app: &TestApp) -> Db {
    Db::connect(&app.database.url().parse().unwrap(), 1)
        .await
        .unwrap()
}

async fn stored_hash(app: &TestApp, user_id: &str) -> String {
    let db = database(app).await;
    let hash: String = on_pool!(&db, pool => sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(pool)
        .await
        .unwrap());
    db.close().await;
    hash
}

#[tokio::test]
async fn cookies_are_secure_when_the_public_url_is_https() {
    let app = spawn_app_with(Backend::Sqlite, |config| {
        let public_url: PublicUrl = "https://auth.example.test".to_owned().try_into().unwrap();
        config.public_url = Some(public_url);
    })
    .await;

    let response = sign_up_response(&app, "secure@example.com").await;

    for name in ["__client", "__session"] {
        let header = set_cookie(&response, name).unwrap_or_else(|| panic!("{name} is set"));
        let attributes = attributes(&header);
        for expected in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(
                attributes.iter().any(|a| a == expected),
                "{name} lacks {expected}: {header}"
            );
        }
    }

    // Over plain http the same cookies must not be `Secure`, or browsers would drop them.
    let plain = spawn_app(Backend::Sqlite).await;
    let response = sign_up_response(&plain, "plain@example.com").await;
    for name in ["__client", "__session"] {
        let header = set_cookie(&response, name).unwrap();
        assert!(
            !attributes(&header).iter().any(|a| a == "Secure"),
            "{header}"
        );
    }
}

/// Signs up through `app` sending `X-Forwarded-For`; the IP address the new session
/// recorded.
async fn recorded_ip_with_forwarded_for(app: &TestApp, forwarded_for: &str) -> String {
    let browser = app.browser();
    let response = browser
        .http
        .post(app.url("/v1/client/sign_ups"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({ "email_address": "proxied@example.com", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let sessions = browser.get("/v1/me/sessions").await;
    assert_eq!(sessions.status(), 200);
    let sessions: Value = sessions.json().await.unwrap();
    let sessions = sessions["response"].as_array().unwrap();
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    sessions[0]["latest_activity"]["ip_address"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn forwarded_for_is_believed_only_from_trusted_proxies() {
    let behind_proxy = spawn_app_with(Backend::Sqlite, |config| {
        config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    let exposed = spawn_app(Backend::Sqlite).await;

    let believed = recorded_ip_with_forwarded_for(&behind_proxy, "198.51.100.7").await;
    let ignored = recorded_ip_with_forwarded_for(&exposed, "198.51.100.7").await;

    assert_eq!(believed, "198.51.100.7");
    assert_eq!(ignored, "127.0.0.1");
}

#[tokio::test]
async fn idle_sessions_expire_after_the_inactivity_timeout() {
    let app = spawn_app_with(Backend::Sqlite, |config| {
        config.session_inactivity_timeout_secs = Some(60);
    })
    .await;
    let browser = app.browser();
    let signed_up = browser.sign_up("idle@example.com").await;
    let session_id = signed_up["response"]["created_session_id"]
        .as_str()
        .unwrap();
    assert_eq!(
        browser.token(session_id).await.status(),
        200,
        "active at first"
    );

    let db = database(&app).await;
    let updated = on_pool!(&db, pool => sqlx::query("UPDATE sessions SET last_active_at = $1 WHERE id = $2")
        .bind(now_ms() - 120_000)
        .bind(session_id)
        .execute(pool)
        .await
        .unwrap()
        .rows_affected());
    db.close().await;
    assert_eq!(updated, 1);

    let refresh = browser.token(session_id).await;
    assert_eq!(refresh.status(), 401);
    let body: Value = refresh.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "session_expired");
    let client: Value = browser.get("/v1/client").await.json().await.unwrap();
    assert_eq!(client["response"]["sessions"], json!([]), "{client}");
}

on_both_databases! {
    async fn a_weaker_stored_hash_is_upgraded_on_sign_in(backend: Backend) {
        use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, Version, password_hash::SaltString};

        let app = spawn_app(backend).await;
        let browser = app.browser();
        let signed_up = browser.sign_up("upgrade@example.com").await;
        let user_id = signed_up["response"]["created_user_id"].as_str().unwrap();
        let params = Params::new(4096, 1, 1, None).unwrap();
        let weak = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password(PASSWORD.as_bytes(), &SaltString::generate(&mut rand_core::OsRng))
            .unwrap()
            .to_string();
        let db = database(&app).await;
        on_pool!(&db, pool => sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(&weak)
            .bind(user_id)
            .execute(pool)
            .await
            .unwrap()
            .rows_affected());
        db.close().await;
        assert!(stored_hash(&app, user_id).await.contains("m=4096,t=1,p=1"));
        assert_eq!(browser.delete("/v1/client/sessions", None).await.status(), 200);

        let signed_in = browser.sign_in("upgrade@example.com", PASSWORD).await;

        assert_eq!(signed_in.status(), 200);
        let upgraded = stored_hash(&app, user_id).await;
        assert!(upgraded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{upgraded}");
        assert_eq!(browser.delete("/v1/client/sessions", None).await.status(), 200);
        assert_eq!(browser.sign_in("upgrade@example.com", PASSWORD).await.status(), 200, "the new hash verifies");
    }

    async fn a_remote_verifier_checks_tokens_against_the_published_jwks(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();
        let signed_up = browser.sign_up("remote@example.com").await;
        let user_id = signed_up["response"]["created_user_id"].as_str().unwrap();
        let session_id = signed_up["response"]["created_session_id"].as_str().unwrap();
        let minted = browser.token(session_id).await;
        assert_eq!(minted.status(), 200);
        let minted: Value = minted.json().await.unwrap();
        let jwt = minted["response"]["jwt"].as_str().unwrap();
        let jwks = || {
            let url = format!("{}/.well-known/jwks.json", app.address).parse().unwrap();
            Arc::new(RemoteJwks::new(url).unwrap())
        };
        let mut config = VerifierConfig::new(app.address.clone());
        config.authorized_parties = vec![app.address.clone()];
        let verifier = Verifier::new(config, jwks());

        let claims = verifier.verify(jwt).await.expect("the token verifies");

        assert_eq!(claims.sub, user_id);
        assert_eq!(claims.sid, session_id);
        let mut elsewhere = VerifierConfig::new("https://another-issuer.example.test");
        elsewhere.authorized_parties = vec![app.address.clone()];
        let rejected = Verifier::new(elsewhere, jwks()).verify(jwt).await.unwrap_err();
        assert_eq!(rejected.code(), "token_invalid_issuer");
    }
}

#[tokio::test]
async fn secrets_never_reach_the_logs() {
    const CANARY_PASSWORD: &str = "Tr0ub4dor&3-unique-canary-passphrase";
    let dir = tempfile::tempdir().unwrap();
    let mut server = ServerProcess::start(dir.path(), &[("HALLPASS_LOG", "debug")]).await;
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let post = |path: &str, body: Value| {
        http.post(format!("{}{path}", server.address))
            .json(&body)
            .send()
    };
    let email = "logwatch@example.com";
    let mut secrets = vec![CANARY_PASSWORD.to_owned()];

    let signed_up = post(
        "/v1/client/sign_ups",
        json!({ "email_address": email, "password": CANARY_PASSWORD }),
    )
    .await
    .unwrap();
    assert_eq!(signed_up.status(), 200);
    secrets.extend(set_cookie(&signed_up, "__client").map(|c| cookie_value(&c)));
    secrets.extend(set_cookie(&signed_up, "__session").map(|c| cookie_value(&c)));
    let signed_out = http
        .delete(format!("{}/v1/client/sessions", server.address))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), 200);
    let signed_in = post(
        "/v1/client/sign_ins",
        json!({ "identifier": email, "password": CANARY_PASSWORD }),
    )
    .await
    .unwrap();
    assert_eq!(signed_in.status(), 200);
    let client_token = set_cookie(&signed_in, "__client").expect("a new client token");
    secrets.push(cookie_value(&client_token));
    let signed_in: Value = signed_in.json().await.unwrap();
    let session_id = signed_in["response"]["created_session_id"]
        .as_str()
        .unwrap();
    let minted = post(
        &format!("/v1/client/sessions/{session_id}/tokens"),
        json!({}),
    )
    .await
    .unwrap();
    assert_eq!(minted.status(), 200);
    let minted: Value = minted.json().await.unwrap();
    secrets.push(minted["response"]["jwt"].as_str().unwrap().to_owned());
    assert_eq!(secrets.len(), 5, "password, two client tokens, two JWTs");
    assert!(
        secrets.iter().all(|secret| secret.len() >= 32),
        "{secrets:?}"
    );

    server.signal("TERM");
    let status = tokio::time::timeout(Duration::from_secs(30), server.child.wait())
        .await
        .expect("exits after SIGTERM")
        .unwrap();
    assert!(status.success(), "{status}");
    let logs = server.logs().await.join("\n");

    for path in ["/v1/client/sign_ups", "/v1/client/sign_ins", "/tokens"] {
        assert!(
            logs.contains(path),
            "requests to {path} are logged:\n{logs}"
        );
    }
    assert!(logs.contains("DEBUG"), "debug logging is on:\n{logs}");
    for secret in &secrets {
        assert!(
            !logs.contains(secret.as_str()),
            "{secret} appears in the logs:\n{logs}"
        );
    }
}

on_both_databases! {
    async fn a_refresh_after_a_minute_idle_has_its_activity_written(backend: Backend) {
        let app = spawn_app(backend).await;
        let browser = app.browser();
        let signed_up = browser.sign_up("active@example.com").await;
        let session_id = signed_up["response"]["created_session_id"].as_str().unwrap();
        let db = database(&app).await;
        let idle_since = now_ms() - 120_000;
        on_pool!(&db, pool => sqlx::query("UPDATE sessions SET last_active_at = $1 WHERE id = $2")
            .bind(idle_since)
            .bind(session_id)
            .execute(pool)
            .await
            .unwrap()
            .rows_affected());

        assert_eq!(browser.token(session_id).await.status(), 200);
        // Activity is written in batches in the background: look until it lands, giving
        // up only far beyond the one-second flush.
        let mut last_active = idle_since;
        for _ in 0..200 {
            last_active = on_pool!(&db, pool => sqlx::query_scalar::<_, i64>("SELECT last_active_at FROM sessions WHERE id = $1")
                .bind(session_id)
                .fetch_one(pool)
                .await
                .unwrap());
            if last_active > idle_since {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        db.close().await;
        assert!(last_active > idle_since, "the refresh's activity was never written");
    }
}
