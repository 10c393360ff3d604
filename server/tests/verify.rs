//! The session verifier from the outside: tokens signed here with freshly generated keys,
//! checked through `Verifier`, the extractors, the layer and a real JWKS over HTTP.

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use axum::{Extension, Json, Router, http::StatusCode, routing::get};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hallpass_server::verify::{
    Jwk, JwkSet, JwksSource, OptionalSession, RemoteJwks, RequireSessionLayer, Session,
    SessionClaims, Verifier, VerifierConfig, VerifyError,
};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use p256::{SecretKey, elliptic_curve::sec1::ToEncodedPoint, pkcs8::EncodePrivateKey};
use rand_core::OsRng;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::net::TcpListener;

const ISSUER: &str = "https://auth.example.test";
const APP: &str = "https://app.example.test";

struct Key {
    kid: String,
    secret: SecretKey,
    encoding: EncodingKey,
}

impl Key {
    fn generate(kid: &str) -> Self {
        let secret = SecretKey::random(&mut OsRng);
        let der = secret.to_pkcs8_der().expect("encoding the key as PKCS#8");
        Key {
            kid: kid.into(),
            encoding: EncodingKey::from_ec_der(der.as_bytes()),
            secret,
        }
    }

    fn jwk(&self) -> Jwk {
        Jwk::from_public_key(&self.kid, &self.secret.public_key())
    }

    fn sign(&self, claims: &impl Serialize) -> String {
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.encoding).expect("signing")
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64
}

fn claims() -> SessionClaims {
    let now = now();
    SessionClaims {
        sub: "user_1".into(),
        sid: "sess_1".into(),
        iss: ISSUER.into(),
        azp: Some(APP.into()),
        iat: now,
        nbf: now,
        exp: now + 60,
        jti: "jti_1".into(),
    }
}

fn b64_json(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).expect("serialising"))
}

/// A key source that counts its fetches and can change what it publishes mid-test.
struct CountingJwks {
    published: Mutex<JwkSet>,
    fetches: AtomicUsize,
    fail: bool,
}

impl CountingJwks {
    fn new(keys: &[&Key]) -> Arc<Self> {
        let source = CountingJwks {
            published: Mutex::default(),
            fetches: AtomicUsize::new(0),
            fail: false,
        };
        source.publish(keys);
        Arc::new(source)
    }

    fn failing() -> Arc<Self> {
        Arc::new(CountingJwks {
            published: Mutex::default(),
            fetches: AtomicUsize::new(0),
            fail: true,
        })
    }

    fn publish(&self, keys: &[&Key]) {
        *self.published.lock().unwrap() = JwkSet {
            keys: keys.iter().map(|key| key.jwk()).collect(),
        };
    }

    fn fetches(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }
}

#[async_trait::async_trait]
impl JwksSource for CountingJwks {
    async fn fetch(&self) -> Result<JwkSet, VerifyError> {
        self.fetches.fetch_add(1, Ordering::SeqCst);
        // Give concurrent callers the chance to pile up behind this fetch.
        tokio::task::yield_now().await;
        if self.fail {
            return Err(VerifyError::JwksUnavailable("test source is down".into()));
        }
        Ok(self.published.lock().unwrap().clone())
    }
}

fn config() -> VerifierConfig {
    VerifierConfig::new(ISSUER)
}

fn verifier_with(source: &Arc<CountingJwks>, config: VerifierConfig) -> Verifier {
    Verifier::new(config, Arc::clone(source) as Arc<dyn JwksSource>)
}

/// A verifier with the given key published and already loaded.
async fn loaded_verifier(key: &Key, config: VerifierConfig) -> (Verifier, Arc<CountingJwks>) {
    let source = CountingJwks::new(&[key]);
    let verifier = verifier_with(&source, config);
    verifier.prefetch().await.expect("loading the keys");
    (verifier, source)
}

async fn verify_with_defaults(
    key: &Key,
    claims: &impl Serialize,
) -> Result<SessionClaims, VerifyError> {
    let (verifier, _) = loaded_verifier(key, config()).await;
    verifier.verify(&key.sign(claims)).await
}

fn code<T: std::fmt::Debug>(result: Result<T, VerifyError>) -> &'static str {
    result
        .expect_err("the token should have been refused")
        .code()
}

// ---- claims and signatures -------------------------------------------------------

#[tokio::test]
async fn valid_token_yields_its_claims() {
    let key = Key::generate("k1");
    let expected = claims();
    let verified = verify_with_defaults(&key, &expected)
        .await
        .expect("valid token");
    assert_eq!(verified, expected);
}

#[tokio::test]
async fn expired_beyond_leeway_is_token_expired() {
    let key = Key::generate("k1");
    let token = SessionClaims {
        exp: now() - 30,
        ..claims()
    };
    assert_eq!(
        code(verify_with_defaults(&key, &token).await),
        "token_expired"
    );
}

#[tokio::test]
async fn expiry_within_leeway_is_accepted() {
    let key = Key::generate("k1");
    let token = SessionClaims {
        exp: now() - 2,
        ..claims()
    };
    verify_with_defaults(&key, &token)
        .await
        .expect("2 s past exp is inside the 5 s leeway");
}

#[tokio::test]
async fn leeway_is_capped_at_five_seconds() {
    let key = Key::generate("k1");
    let config = VerifierConfig {
        leeway: Duration::from_secs(120),
        ..config()
    };
    let (verifier, _) = loaded_verifier(&key, config).await;
    let token = key.sign(&SessionClaims {
        exp: now() - 30,
        ..claims()
    });
    assert_eq!(code(verifier.verify(&token).await), "token_expired");
}

#[tokio::test]
async fn future_nbf_is_token_not_yet_valid() {
    let key = Key::generate("k1");
    let token = SessionClaims {
        nbf: now() + 60,
        ..claims()
    };
    assert_eq!(
        code(verify_with_defaults(&key, &token).await),
        "token_not_yet_valid"
    );
}

#[tokio::test]
async fn tampered_payload_is_invalid_signature() {
    let key = Key::generate("k1");
    let (verifier, _) = loaded_verifier(&key, config()).await;
    let token = key.sign(&claims());
    let parts: Vec<&str> = token.split('.').collect();
    let forged_payload = b64_json(
        &serde_json::to_value(SessionClaims {
            sub: "user_admin".into(),
            ..claims()
        })
        .unwrap(),
    );
    let forged = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
    assert_eq!(
        code(verifier.verify(&forged).await),
        "token_invalid_signature"
    );
}

#[tokio::test]
async fn signature_from_an_unpublished_key_with_a_known_kid_is_invalid_signature() {
    let key = Key::generate("k1");
    let impostor = Key::generate("k1");
    let (verifier, _) = loaded_verifier(&key, config()).await;
    let token = impostor.sign(&claims());
    assert_eq!(
        code(verifier.verify(&token).await),
        "token_invalid_signature"
    );
}

#[tokio::test]
async fn alg_none_is_rejected_before_any_key_lookup() {
    let key = Key::generate("k1");
    let source = CountingJwks::new(&[&key]);
    let verifier = verifier_with(&source, config());
    let header = b64_json(&json!({ "alg": "none", "typ": "JWT", "kid": "k1" }));
    let payload = b64_json(&serde_json::to_value(claims()).unwrap());
    let token = format!("{header}.{payload}.");
    assert_eq!(code(verifier.verify(&token).await), "token_malformed");
    assert_eq!(
        source.fetches(),
        0,
        "a `none` token must never reach the keys"
    );
}

#[tokio::test]
async fn hs256_signed_with_the_public_key_is_rejected() {
    let key = Key::generate("k1");
    let (verifier, _) = loaded_verifier(&key, config()).await;
    let public = key.secret.public_key().to_encoded_point(false);
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some(key.kid.clone());
    for secret in [public.as_bytes(), key.jwk().x.as_bytes()] {
        let token = jsonwebtoken::encode(&header, &claims(), &EncodingKey::from_secret(secret))
            .expect("signing with HMAC");
        assert_eq!(code(verifier.verify(&token).await), "token_malformed");
    }
}

#[tokio::test]
async fn token_without_kid_is_malformed() {
    let key = Key::generate("k1");
    let (verifier, _) = loaded_verifier(&key, config()).await;
    let token = jsonwebtoken::encode(&Header::new(Algorithm::ES256), &claims(), &key.encoding)
        .expect("signing");
    assert_eq!(code(verifier.verify(&token).await), "token_malformed");
}

#[tokio::test]
async fn garbage_is_malformed_and_empty_is_missing() {
    let key = Key::generate("k1");
    let (verifier, _) = loaded_verifier(&key, config()).await;
    assert_eq!(code(verifier.verify("not.a.jwt").await), "token_malformed");
    assert_eq!(code(verifier.verify("").await), "token_missing");
}

#[tokio::test]
async fn wrong_issuer_is_rejected() {
    let key = Key::generate("k1");
    let token = SessionClaims {
        iss: "https://evil.example.test".into(),
        ..claims()
    };
    assert_eq!(
        code(verify_with_defaults(&key, &token).await),
        "token_invalid_issuer"
    );
}

#[tokio::test]
async fn each_required_claim_is_required() {
    let key = Key::generate("k1");
    for missing in ["sub", "sid", "iss", "iat", "nbf", "exp", "jti"] {
        let mut token = serde_json::to_value(claims()).unwrap();
        token.as_object_mut().unwrap().remove(missing);
        assert_eq!(
            code(verify_with_defaults(&key, &token).await),
            "token_malformed",
            "a token without `{missing}` must be refused"
        );
    }
}

#[tokio::test]
async fn audience_claim_is_refused() {
    let key = Key::generate("k1");
    let mut token = serde_json::to_value(claims()).unwrap();
    token["aud"] = json!("someone-else");
    assert_eq!(
        code(verify_with_defaults(&key, &token).await),
        "token_unauthorized_party"
    );
}

// ---- authorized parties ----------------------------------------------------------

fn with_parties(parties: &[&str]) -> VerifierConfig {
    VerifierConfig {
        authorized_parties: parties.iter().map(|p| p.to_string()).collect(),
        ..config()
    }
}

#[tokio::test]
async fn azp_in_authorized_parties_is_accepted() {
    let key = Key::generate("k1");
    let (verifier, _) =
        loaded_verifier(&key, with_parties(&["https://other.example.test", APP])).await;
    let verified = verifier
        .verify(&key.sign(&claims()))
        .await
        .expect("azp allowed");
    assert_eq!(verified.azp.as_deref(), Some(APP));
}

#[tokio::test]
async fn azp_outside_authorized_parties_is_rejected() {
    let key = Key::generate("k1");
    let (verifier, _) = loaded_verifier(&key, with_parties(&["https://other.example.test"])).await;
    assert_eq!(
        code(verifier.verify(&key.sign(&claims())).await),
        "token_unauthorized_party"
    );
}

#[tokio::test]
async fn missing_azp_passes_only_without_authorized_parties() {
    let key = Key::generate("k1");
    let token = key.sign(&SessionClaims {
        azp: None,
        ..claims()
    });
    let (open, _) = loaded_verifier(&key, config()).await;
    open.verify(&token).await.expect("no parties configured");
    let (strict, _) = loaded_verifier(&key, with_parties(&[APP])).await;
    assert_eq!(
        code(strict.verify(&token).await),
        "token_unauthorized_party"
    );
}

// ---- key cache -------------------------------------------------------------------

fn no_rate_limit() -> VerifierConfig {
    VerifierConfig {
        min_refetch_interval: Duration::ZERO,
        ..config()
    }
}

#[tokio::test]
async fn known_keys_are_served_from_the_cache() {
    let key = Key::generate("k1");
    let (verifier, source) = loaded_verifier(&key, config()).await;
    for _ in 0..5 {
        verifier
            .verify(&key.sign(&claims()))
            .await
            .expect("valid token");
    }
    assert_eq!(source.fetches(), 1);
}

#[tokio::test]
async fn first_verification_loads_the_keys() {
    let key = Key::generate("k1");
    let source = CountingJwks::new(&[&key]);
    let verifier = verifier_with(&source, config());
    verifier
        .verify(&key.sign(&claims()))
        .await
        .expect("valid token");
    assert_eq!(source.fetches(), 1);
}

#[tokio::test]
async fn unknown_kid_triggers_exactly_one_refetch() {
    let key = Key::generate("k1");
    let stranger = Key::generate("k-unknown");
    let (verifier, source) = loaded_verifier(&key, no_rate_limit()).await;
    assert_eq!(
        code(verifier.verify(&stranger.sign(&claims())).await),
        "token_unknown_key"
    );
    assert_eq!(source.fetches(), 2);
}

#[tokio::test]
async fn unknown_kids_do_not_refetch_within_the_interval() {
    let key = Key::generate("k1");
    let (verifier, source) = loaded_verifier(&key, config()).await;
    for kid in ["k-unknown-1", "k-unknown-2", "k-unknown-3"] {
        let token = Key::generate(kid).sign(&claims());
        assert_eq!(code(verifier.verify(&token).await), "token_unknown_key");
    }
    assert_eq!(
        source.fetches(),
        1,
        "the load just happened; no refetch is due"
    );
}

#[tokio::test]
async fn concurrent_unknown_kids_share_one_refetch() {
    let key = Key::generate("k1");
    let (verifier, source) = loaded_verifier(&key, no_rate_limit()).await;
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..16 {
        let verifier = verifier.clone();
        let token = Key::generate(&format!("k-unknown-{n}")).sign(&claims());
        tasks.spawn(async move { verifier.verify(&token).await });
    }
    while let Some(result) = tasks.join_next().await {
        assert_eq!(code(result.expect("task")), "token_unknown_key");
    }
    assert_eq!(
        source.fetches(),
        2,
        "callers waiting on an in-flight fetch must use it, not start their own"
    );
}

#[tokio::test]
async fn rotated_in_key_is_picked_up_on_unknown_kid() {
    let old = Key::generate("k-old");
    let new = Key::generate("k-new");
    let (verifier, source) = loaded_verifier(&old, no_rate_limit()).await;
    source.publish(&[&old, &new]);
    let verified = verifier
        .verify(&new.sign(&claims()))
        .await
        .expect("new key");
    assert_eq!(verified.sub, "user_1");
    verifier
        .verify(&old.sign(&claims()))
        .await
        .expect("old key still published");
    assert_eq!(source.fetches(), 2);
}

#[tokio::test]
async fn stale_cache_is_refreshed_on_use_and_withdrawn_keys_stop_verifying() {
    let old = Key::generate("k-old");
    let new = Key::generate("k-new");
    let config = VerifierConfig {
        cache_ttl: Duration::ZERO,
        ..no_rate_limit()
    };
    let (verifier, source) = loaded_verifier(&old, config).await;
    source.publish(&[&new]);
    // Served from the stale cache while the refresh runs beside the request.
    verifier
        .verify(&old.sign(&claims()))
        .await
        .expect("stale key still serves");
    let mut waited = 0;
    while source.fetches() < 2 {
        assert!(waited < 10_000, "the background refresh never ran");
        tokio::task::yield_now().await;
        waited += 1;
    }
    // The refresh replaced the cache; `k-old` is gone from the JWKS.
    let mut refused = None;
    for _ in 0..10_000 {
        match verifier.verify(&old.sign(&claims())).await {
            Ok(_) => tokio::task::yield_now().await,
            Err(err) => {
                refused = Some(err.code());
                break;
            }
        }
    }
    assert_eq!(refused, Some("token_unknown_key"));
}

#[tokio::test]
async fn jwks_outage_is_jwks_unavailable_and_rate_limited() {
    let key = Key::generate("k1");
    let source = CountingJwks::failing();
    let verifier = verifier_with(&source, config());
    let token = key.sign(&claims());
    let err = verifier.verify(&token).await.expect_err("no keys");
    assert_eq!(err.code(), "jwks_unavailable");
    assert_eq!(err.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(code(verifier.verify(&token).await), "jwks_unavailable");
    assert_eq!(
        source.fetches(),
        1,
        "a failing endpoint is not retried within the interval"
    );
}

// ---- JWK format ------------------------------------------------------------------

#[test]
fn jwk_has_the_standard_members_and_round_trips() {
    let key = Key::generate("k1");
    let json = serde_json::to_value(key.jwk()).unwrap();
    let mut members: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    members.sort_unstable();
    assert_eq!(members, ["alg", "crv", "kid", "kty", "use", "x", "y"]);
    assert_eq!(json["kty"], "EC");
    assert_eq!(json["crv"], "P-256");
    assert_eq!(json["alg"], "ES256");
    assert_eq!(json["use"], "sig");
    let parsed: Jwk = serde_json::from_value(json).unwrap();
    assert_eq!(parsed.to_public_key().unwrap(), key.secret.public_key());
}

#[test]
fn jwk_off_the_curve_or_of_another_type_is_refused() {
    let key = Key::generate("k1");
    let mut off_curve = key.jwk();
    off_curve.y = off_curve.x.clone();
    assert!(off_curve.to_public_key().is_err());
    let mut hmac = key.jwk();
    hmac.alg = "HS256".into();
    assert!(hmac.to_public_key().is_err());
}

#[test]
fn jwk_set_skips_entries_it_cannot_read() {
    let key = Key::generate("k1");
    let document = json!({ "keys": [
        { "kty": "OKP", "crv": "Ed25519", "x": "abc", "kid": "ed", "alg": "EdDSA", "use": "sig" },
        key.jwk(),
    ]});
    let set: JwkSet = serde_json::from_value(document).unwrap();
    assert_eq!(set.keys, [key.jwk()]);
}

#[test]
fn independent_implementation_verifies_with_only_the_published_jwk() {
    use jwt_compact::{AlgorithmExt, TimeOptions, UntrustedToken, alg::Es256, jwk::JsonWebKey};

    #[derive(Deserialize)]
    struct Custom {
        sub: String,
        sid: String,
        iss: String,
    }

    let key = Key::generate("k1");
    let published = serde_json::to_string(&JwkSet {
        keys: vec![key.jwk()],
    })
    .unwrap();
    let document: Value = serde_json::from_str(&published).unwrap();
    let jwk: JsonWebKey<'_> = serde_json::from_value(document["keys"][0].clone()).unwrap();
    let verifying_key = p256::ecdsa::VerifyingKey::try_from(&jwk).expect("standard EC JWK");

    let token = key.sign(&claims());
    let untrusted = UntrustedToken::new(&token).expect("parsable token");
    assert_eq!(untrusted.header().key_id.as_deref(), Some("k1"));
    let verified = Es256
        .validator::<Custom>(&verifying_key)
        .validate(&untrusted)
        .expect("signature verifies");
    let claims = verified.claims();
    claims
        .validate_expiration(&TimeOptions::default())
        .expect("not expired");
    assert_eq!(
        (
            claims.custom.sub.as_str(),
            claims.custom.sid.as_str(),
            claims.custom.iss.as_str()
        ),
        ("user_1", "sess_1", ISSUER)
    );
}

// ---- HTTP: extractors, layer, remote JWKS ---------------------------------------

/// One server that publishes the JWKS and guards routes with a verifier that fetches
/// that JWKS over HTTP.
async fn spawn_app(key: &Key) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binding");
    let base = format!("http://{}", listener.local_addr().unwrap());
    let jwks = RemoteJwks::new(format!("{base}/.well-known/jwks.json").parse().unwrap())
        .expect("HTTP client");
    let verifier = Verifier::new(with_parties(&[APP]), Arc::new(jwks));
    let published = JwkSet {
        keys: vec![key.jwk()],
    };

    let extracted = Router::new()
        .route(
            "/me",
            get(|Session(claims): Session| async move { claims.sub }),
        )
        .route(
            "/maybe",
            get(|OptionalSession(claims): OptionalSession| async move {
                claims.map_or_else(|| "anonymous".to_string(), |claims| claims.sub)
            }),
        )
        .with_state(verifier.clone());
    let layered = Router::new()
        .route(
            "/layered",
            get(|Extension(claims): Extension<SessionClaims>| async move { claims.sid }),
        )
        .route_layer(RequireSessionLayer::new(verifier));
    let app = Router::new()
        .route(
            "/.well-known/jwks.json",
            get(move || async move { Json(published) }),
        )
        .merge(extracted)
        .merge(layered);
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serving") });
    base
}

enum Credential<'a> {
    None,
    Cookie(&'a str),
    Bearer(&'a str),
    Both { cookie: &'a str, bearer: &'a str },
}

async fn get_with(url: &str, credential: Credential<'_>) -> reqwest::Response {
    let request = reqwest::Client::new().get(url);
    let request = match credential {
        Credential::None => request,
        Credential::Cookie(token) => {
            request.header("cookie", format!("theme=dark; __session={token}"))
        }
        Credential::Bearer(token) => request.bearer_auth(token),
        Credential::Both { cookie, bearer } => request
            .header("cookie", format!("__session={cookie}"))
            .bearer_auth(bearer),
    };
    request.send().await.expect("request")
}

async fn expect_ok(response: reqwest::Response, body: &str) {
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), body);
}

async fn expect_rejected(response: reqwest::Response, expected_code: &str) {
    assert_eq!(response.status(), reqwest::StatusCode::UNAUTHORIZED);
    assert_eq!(
        response
            .headers()
            .get("www-authenticate")
            .map(|v| v.to_str().unwrap()),
        Some("Bearer")
    );
    let body: Value = response.json().await.expect("JSON body");
    let errors = body["errors"].as_array().expect("an errors array");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["code"], expected_code);
    assert!(!errors[0]["message"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn session_extractor_accepts_a_cookie() {
    let key = Key::generate("k1");
    let base = spawn_app(&key).await;
    let token = key.sign(&claims());
    expect_ok(
        get_with(&format!("{base}/me"), Credential::Cookie(&token)).await,
        "user_1",
    )
    .await;
}

#[tokio::test]
async fn session_extractor_accepts_a_bearer_header() {
    let key = Key::generate("k1");
    let base = spawn_app(&key).await;
    let token = key.sign(&claims());
    expect_ok(
        get_with(&format!("{base}/me"), Credential::Bearer(&token)).await,
        "user_1",
    )
    .await;
}

#[tokio::test]
async fn bearer_header_wins_over_cookie() {
    let key = Key::generate("k1");
    let base = spawn_app(&key).await;
    let good = key.sign(&claims());
    let expired = key.sign(&SessionClaims {
        exp: now() - 60,
        ..claims()
    });
    let response = get_with(
        &format!("{base}/me"),
        Credential::Both {
            cookie: &good,
            bearer: &expired,
        },
    )
    .await;
    expect_rejected(response, "token_expired").await;
}

#[tokio::test]
async fn session_extractor_rejects_with_401_json() {
    let key = Key::generate("k1");
    let base = spawn_app(&key).await;
    expect_rejected(
        get_with(&format!("{base}/me"), Credential::None).await,
        "token_missing",
    )
    .await;
    let foreign = key.sign(&SessionClaims {
        azp: Some("https://evil.example.test".into()),
        ..claims()
    });
    expect_rejected(
        get_with(&format!("{base}/me"), Credential::Cookie(&foreign)).await,
        "token_unauthorized_party",
    )
    .await;
}

#[tokio::test]
async fn optional_session_is_none_without_a_token_but_rejects_a_bad_one() {
    let key = Key::generate("k1");
    let base = spawn_app(&key).await;
    let url = format!("{base}/maybe");
    expect_ok(get_with(&url, Credential::None).await, "anonymous").await;
    expect_ok(get_with(&url, Credential::Cookie("")).await, "anonymous").await;
    expect_ok(
        get_with(&url, Credential::Cookie(&key.sign(&claims()))).await,
        "user_1",
    )
    .await;
    let stranger = Key::generate("k-unknown").sign(&claims());
    expect_rejected(
        get_with(&url, Credential::Bearer(&stranger)).await,
        "token_unknown_key",
    )
    .await;
}

#[tokio::test]
async fn layer_inserts_claims_for_handlers() {
    let key = Key::generate("k1");
    let base = spawn_app(&key).await;
    let token = key.sign(&claims());
    expect_ok(
        get_with(&format!("{base}/layered"), Credential::Bearer(&token)).await,
        "sess_1",
    )
    .await;
}

#[tokio::test]
async fn layer_rejects_requests_without_a_valid_session() {
    let key = Key::generate("k1");
    let base = spawn_app(&key).await;
    let url = format!("{base}/layered");
    expect_rejected(get_with(&url, Credential::None).await, "token_missing").await;
    let tampered = format!("{}x", key.sign(&claims()));
    expect_rejected(
        get_with(&url, Credential::Cookie(&tampered)).await,
        "token_malformed",
    )
    .await;
}
