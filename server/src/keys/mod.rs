//! Session-token signing keys: ES256, generated on first start, stored encrypted under
//! the master secret, published as a JWKS.
//!
//! Rotation publishes the next key before it signs anything, so verifiers that cached
//! the JWKS already know it, and retires the old key only once every token it signed has
//! expired. Instances re-read the keys every `refresh` and at the moment a published key
//! becomes the signer, so a rotation made by one reaches all of them.

mod signer;
mod store;

use std::{
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

use axum::body::Bytes;
use p256::pkcs8::EncodePrivateKey;
use rand_core::OsRng;

use self::signer::Es256Signer;
use crate::{
    ids::now_ms,
    secret::{MasterKey, SecretError},
    store::{Db, StoreError},
    verify::{Jwk, JwkSet, SessionClaims},
};
pub use store::KeyRecord;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error("stored signing key {0} is unreadable")]
    Corrupt(String),
    #[error("no signing key is active yet")]
    NoActiveKey,
}

struct Ring {
    signer: Es256Signer,
    jwks_json: Bytes,
    loaded_at: Instant,
    /// When a published key takes over signing, in Unix ms.
    next_switch_at: Option<i64>,
}

#[derive(Clone)]
pub struct SigningKeys(Arc<Inner>);

struct Inner {
    db: Db,
    master: MasterKey,
    refresh: Duration,
    ring: RwLock<Arc<Ring>>,
    reload: tokio::sync::Mutex<()>,
}

impl SigningKeys {
    /// Loads the keys, generating the first one on a new installation.
    pub async fn load(db: Db, master: MasterKey, refresh: Duration) -> Result<Self, KeyError> {
        if store::published(&db, now_ms()).await?.is_empty() {
            generate(&db, &master, now_ms()).await?;
        }
        let ring = build_ring(&db, &master).await?;
        Ok(Self(Arc::new(Inner {
            db,
            master,
            refresh,
            ring: RwLock::new(Arc::new(ring)),
            reload: Default::default(),
        })))
    }

    pub async fn sign(&self, claims: &SessionClaims) -> Result<String, KeyError> {
        Ok(self.current().await?.signer.sign(claims))
    }

    /// The JWKS document, serialized once per reload.
    pub async fn jwks_json(&self) -> Result<Bytes, KeyError> {
        Ok(self.current().await?.jwks_json.clone())
    }

    /// Reads the published keys again now, whatever the cache says.
    pub async fn reload(&self) -> Result<(), KeyError> {
        let _only_one = self.0.reload.lock().await;
        let ring = build_ring(&self.0.db, &self.0.master).await?;
        *self.0.ring.write().expect("key ring lock") = Arc::new(ring);
        Ok(())
    }

    async fn current(&self) -> Result<Arc<Ring>, KeyError> {
        let ring = self.0.ring.read().expect("key ring lock").clone();
        let switch_due = ring.next_switch_at.is_some_and(|at| now_ms() >= at);
        if switch_due || ring.loaded_at.elapsed() >= self.0.refresh {
            self.reload().await?;
            return Ok(self.0.ring.read().expect("key ring lock").clone());
        }
        Ok(ring)
    }
}

/// Adds the next key, signing from `now + publish_ahead`, and schedules every current key
/// to leave the JWKS once the last token it can have signed has expired.
pub async fn rotate(
    db: &Db,
    master: &MasterKey,
    publish_ahead: Duration,
    token_lifetime: Duration,
) -> Result<KeyRecord, KeyError> {
    let now = now_ms();
    let active_from = now + publish_ahead.as_millis() as i64;
    let retire_after = active_from
        + token_lifetime.as_millis() as i64
        + crate::verify::MAX_LEEWAY.as_millis() as i64;
    let record = new_record(master, now, active_from)?;
    store::insert(db, &record, Some(retire_after)).await?;
    Ok(record)
}

pub async fn list(db: &Db) -> Result<Vec<KeyRecord>, KeyError> {
    Ok(store::all(db).await?)
}

async fn generate(db: &Db, master: &MasterKey, now: i64) -> Result<(), KeyError> {
    let record = new_record(master, now, now)?;
    store::insert(db, &record, None).await?;
    Ok(())
}

fn new_record(master: &MasterKey, now: i64, active_from: i64) -> Result<KeyRecord, KeyError> {
    let secret = p256::SecretKey::random(&mut OsRng);
    let kid = crate::ids::new_id("ins");
    let pkcs8 = secret
        .to_pkcs8_der()
        .expect("a fresh P-256 key encodes as PKCS#8");
    let jwk = Jwk::from_public_key(&kid, &secret.public_key());
    Ok(KeyRecord {
        kid,
        algorithm: "ES256".into(),
        private_key_encrypted: master.encrypt(pkcs8.as_bytes()),
        public_jwk: serde_json::to_string(&jwk).expect("a JWK serializes"),
        created_at: now,
        active_from,
        retire_after: None,
    })
}

async fn build_ring(db: &Db, master: &MasterKey) -> Result<Ring, KeyError> {
    let now = now_ms();
    let published = store::published(db, now).await?;
    let signer = published
        .iter()
        .filter(|key| key.active_from <= now)
        .max_by(|a, b| (a.active_from, &a.kid).cmp(&(b.active_from, &b.kid)))
        .ok_or(KeyError::NoActiveKey)?;
    let pkcs8 = master.decrypt(&signer.private_key_encrypted)?;
    let es256 = Es256Signer::new(&signer.kid, &pkcs8)
        .ok_or_else(|| KeyError::Corrupt(signer.kid.clone()))?;
    let keys = published
        .iter()
        .map(|key| {
            serde_json::from_str(&key.public_jwk).map_err(|_| KeyError::Corrupt(key.kid.clone()))
        })
        .collect::<Result<Vec<Jwk>, _>>()?;
    let next_switch_at = published
        .iter()
        .map(|key| key.active_from)
        .filter(|at| *at > now)
        .min();
    Ok(Ring {
        signer: es256,
        jwks_json: Bytes::from(serde_json::to_vec(&JwkSet { keys }).expect("a JWKS serializes")),
        loaded_at: Instant::now(),
        next_switch_at,
    })
}

/// Hallpass verifying its own tokens reads the same published keys it serves, with no
/// HTTP round trip.
#[async_trait::async_trait]
impl crate::verify::JwksSource for SigningKeys {
    async fn fetch(&self) -> Result<JwkSet, crate::verify::VerifyError> {
        self.reload()
            .await
            .map_err(|error| crate::verify::VerifyError::JwksUnavailable(error.to_string()))?;
        let json = self
            .jwks_json()
            .await
            .map_err(|error| crate::verify::VerifyError::JwksUnavailable(error.to_string()))?;
        serde_json::from_slice(&json)
            .map_err(|error| crate::verify::VerifyError::JwksUnavailable(error.to_string()))
    }
}
