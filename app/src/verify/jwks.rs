//! The JWKS document Hallpass publishes and verifiers read. Only ES256 keys on P-256
//! exist here: a narrow format leaves no room for algorithm confusion.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use p256::{PublicKey, elliptic_curve::sec1::ToEncodedPoint};
use serde::{Deserialize, Deserializer, Serialize};

const KTY: &str = "EC";
const CRV: &str = "P-256";
const ALG: &str = "ES256";
const USE: &str = "sig";
const COORDINATE_LEN: usize = 32;

/// One public signing key (RFC 7517 / RFC 7518 §6.2). The constant members are kept as
/// strings rather than unit types so a document carrying something else still parses
/// and the key can be refused with a reason instead of failing the whole set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    pub kty: String,
    pub crv: String,
    pub x: String,
    pub y: String,
    pub kid: String,
    pub alg: String,
    #[serde(rename = "use")]
    pub key_use: String,
}

/// Why a published key cannot be used to check session tokens.
#[derive(Debug, thiserror::Error)]
pub enum JwkError {
    #[error("key {kid} is not an ES256 signing key on P-256")]
    Unsupported { kid: String },
    #[error("key {kid} does not hold a point on P-256")]
    InvalidPoint { kid: String },
}

impl Jwk {
    pub fn from_public_key(kid: impl Into<String>, key: &PublicKey) -> Self {
        let point = key.to_encoded_point(false);
        let coordinate = |bytes: Option<&p256::FieldBytes>| {
            URL_SAFE_NO_PAD.encode(bytes.expect("an uncompressed point has both coordinates"))
        };
        Jwk {
            kty: KTY.into(),
            crv: CRV.into(),
            x: coordinate(point.x()),
            y: coordinate(point.y()),
            kid: kid.into(),
            alg: ALG.into(),
            key_use: USE.into(),
        }
    }

    /// Validates the key fully (type, curve, algorithm, use, point on the curve) so a bad
    /// entry is refused when the set is loaded, not reported later as a bad signature.
    pub fn to_public_key(&self) -> Result<PublicKey, JwkError> {
        if self.kty != KTY || self.crv != CRV || self.alg != ALG || self.key_use != USE {
            return Err(JwkError::Unsupported {
                kid: self.kid.clone(),
            });
        }
        let invalid = || JwkError::InvalidPoint {
            kid: self.kid.clone(),
        };
        let x = URL_SAFE_NO_PAD.decode(&self.x).map_err(|_| invalid())?;
        let y = URL_SAFE_NO_PAD.decode(&self.y).map_err(|_| invalid())?;
        if x.len() != COORDINATE_LEN || y.len() != COORDINATE_LEN {
            return Err(invalid());
        }
        let mut sec1 = Vec::with_capacity(1 + 2 * COORDINATE_LEN);
        sec1.push(0x04);
        sec1.extend_from_slice(&x);
        sec1.extend_from_slice(&y);
        PublicKey::from_sec1_bytes(&sec1).map_err(|_| invalid())
    }
}

/// The document served at the JWKS URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JwkSet {
    /// Entries that are not shaped like our keys (another key type added by a future
    /// version, say) are skipped on read, so one unfamiliar key cannot lock a verifier
    /// out of all the others.
    #[serde(deserialize_with = "skip_unreadable_keys")]
    pub keys: Vec<Jwk>,
}

fn skip_unreadable_keys<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Jwk>, D::Error> {
    let raw = Vec::<serde_json::Value>::deserialize(deserializer)?;
    Ok(raw
        .into_iter()
        .filter_map(|value| serde_json::from_value(value).ok())
        .collect())
}
