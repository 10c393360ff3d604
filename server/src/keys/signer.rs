//! ES256 signing with the private key decoded once, when the key ring loads, by ring.
//! `jsonwebtoken::encode` parses the PKCS#8 key and derives its public half on every
//! call, a scalar multiplication as costly as the signature itself, and every session
//! refresh signs one token; ring's assembly P-256 signs several times faster than the
//! portable `p256` arithmetic, which profiles showed as half of a refresh's CPU.

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use ring::{
    rand::SystemRandom,
    signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair},
};
use serde::Serialize;

pub struct Es256Signer {
    key: EcdsaKeyPair,
    /// ECDSA needs a fresh nonce per signature; ring mixes it from this and the key.
    random: SystemRandom,
    /// `base64url(header) + "."`: the same for every token this key signs.
    header_prefix: String,
}

#[derive(Serialize)]
struct Header<'a> {
    typ: &'static str,
    alg: &'static str,
    kid: &'a str,
}

impl Es256Signer {
    /// `None` when `pkcs8` is not a P-256 private key (with its public key, as the key
    /// ring stores them).
    pub fn new(kid: &str, pkcs8: &[u8]) -> Option<Self> {
        let random = SystemRandom::new();
        let key =
            EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8, &random).ok()?;
        let header = Header {
            typ: "JWT",
            alg: "ES256",
            kid,
        };
        let mut header_prefix =
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header).expect("a header serializes"));
        header_prefix.push('.');
        Some(Self {
            key,
            random,
            header_prefix,
        })
    }

    /// A compact JWS: header, claims and the P-256 signature, each base64url.
    pub fn sign(&self, claims: &impl Serialize) -> String {
        let mut token = self.header_prefix.clone();
        URL_SAFE_NO_PAD.encode_string(
            serde_json::to_vec(claims).expect("claims serialize"),
            &mut token,
        );
        let signature = self
            .key
            .sign(&self.random, token.as_bytes())
            .expect("ring signs with a loaded key unless the OS random source fails");
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(signature.as_ref(), &mut token);
        token
    }
}

#[cfg(test)]
mod tests {
    use jsonwebtoken::{Algorithm, DecodingKey, Validation};
    use p256::pkcs8::EncodePrivateKey;
    use rand_core::OsRng;

    use super::*;

    #[test]
    fn tokens_verify_with_jsonwebtoken_and_name_their_key() {
        let secret = p256::SecretKey::random(&mut OsRng);
        let pkcs8 = secret.to_pkcs8_der().unwrap();
        let signer = Es256Signer::new("ins_test", pkcs8.as_bytes()).unwrap();
        let token = signer.sign(&serde_json::json!({ "sub": "user_1", "exp": 4_000_000_000u64 }));

        let header = jsonwebtoken::decode_header(&token).unwrap();
        assert_eq!(header.alg, Algorithm::ES256);
        assert_eq!(header.kid.as_deref(), Some("ins_test"));
        let point = secret.public_key().to_sec1_bytes();
        let key = DecodingKey::from_ec_der(&point);
        let claims = jsonwebtoken::decode::<serde_json::Value>(
            &token,
            &key,
            &Validation::new(Algorithm::ES256),
        )
        .unwrap()
        .claims;
        assert_eq!(claims["sub"], "user_1");
    }

    #[test]
    fn a_key_that_is_not_pkcs8_p256_is_refused() {
        assert!(Es256Signer::new("ins_test", b"not a key").is_none());
    }
}
