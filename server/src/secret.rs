//! The master secret, which encrypts signing keys at rest.
//!
//! Production sets `HALLPASS_MASTER_SECRET` (every instance the same). A single SQLite
//! instance with none configured generates one and keeps it beside the database file,
//! readable by its owner only, so the zero-configuration start stays zero-configuration.

use std::{fs, io::Write, os::unix::fs::OpenOptionsExt, path::Path};

use aes_gcm::{
    Aes256Gcm, KeyInit, Nonce,
    aead::{Aead, AeadCore},
};
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use rand_core::{OsRng, RngCore};

/// Below this, a secret is too easy to guess to protect signing keys.
pub const MIN_SECRET_BYTES: usize = 32;
const NONCE_BYTES: usize = 12;

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("HALLPASS_MASTER_SECRET must be at least {MIN_SECRET_BYTES} bytes")]
    TooShort,
    #[error(
        "HALLPASS_MASTER_SECRET is required with PostgreSQL: every instance must share it (generate one with `openssl rand -base64 48`)"
    )]
    Required,
    #[error("cannot read or create the master secret file {path}: {source}")]
    File {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "a stored key does not decrypt with this master secret (was HALLPASS_MASTER_SECRET changed?)"
    )]
    Decrypt,
}

/// An AES-256-GCM key derived from the master secret with HKDF-SHA256, so the secret
/// itself can be any long string and one secret can serve several purposes.
#[derive(Clone)]
pub struct MasterKey {
    cipher: Aes256Gcm,
    codes: CodeKey,
}

/// The HMAC-SHA256 key one-time codes and link tokens are stored under. A code has only
/// a million values: a plain hash of it would fall to anyone who reads the database, a
/// keyed one only to someone who also holds the master secret.
#[derive(Clone)]
pub struct CodeKey([u8; 32]);

impl CodeKey {
    /// Base64url of HMAC-SHA256 over the parts, each length-prefixed so that no two
    /// different lists of parts collide.
    pub fn mac(&self, parts: &[&str]) -> String {
        use hmac::Mac;
        let mut mac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(&self.0)
            .expect("HMAC takes keys of any length");
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }
}

impl MasterKey {
    pub fn from_secret(secret: &[u8]) -> Result<Self, SecretError> {
        if secret.len() < MIN_SECRET_BYTES {
            return Err(SecretError::TooShort);
        }
        let hkdf = hkdf::Hkdf::<sha2::Sha256>::new(Some(b"hallpass"), secret);
        let derive = |purpose: &[u8]| {
            let mut key = [0u8; 32];
            hkdf.expand(purpose, &mut key)
                .expect("32 bytes is a valid HKDF-SHA256 output length");
            key
        };
        Ok(Self {
            cipher: Aes256Gcm::new_from_slice(&derive(b"signing-key-encryption"))
                .expect("32-byte key"),
            codes: CodeKey(derive(b"one-time-codes")),
        })
    }

    pub fn code_key(&self) -> CodeKey {
        self.codes.clone()
    }

    /// A secret that lives only as long as the process: for in-memory databases, whose
    /// keys vanish with the process anyway.
    pub fn ephemeral() -> Self {
        let mut secret = [0u8; 48];
        OsRng.fill_bytes(&mut secret);
        Self::from_secret(&secret).expect("48 bytes is long enough")
    }

    /// The secret in `path`, created with 48 random bytes on first use.
    pub fn from_file(path: &Path) -> Result<Self, SecretError> {
        let file_error = |source| SecretError::File {
            path: path.display().to_string(),
            source,
        };
        match fs::read_to_string(path) {
            Ok(text) => Self::from_secret(text.trim().as_bytes()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let encoded = crate::ids::random_token(48);
                let mut file = fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(path)
                    .map_err(file_error)?;
                file.write_all(encoded.as_bytes()).map_err(file_error)?;
                Self::from_secret(encoded.as_bytes())
            }
            Err(error) => Err(file_error(error)),
        }
    }

    /// The master key an instance uses: the configured secret; else, for an SQLite file,
    /// the generated one beside it; else, for SQLite in memory, a throwaway one.
    pub fn for_config(config: &crate::config::Config) -> Result<Self, SecretError> {
        if let Some(secret) = &config.master_secret {
            return Self::from_secret(secret.as_bytes());
        }
        let Some(options) = config.database_url.sqlite_options() else {
            return Err(SecretError::Required);
        };
        let database = options.get_filename();
        if database.as_os_str() == ":memory:" {
            return Ok(Self::ephemeral());
        }
        let mut path = database.as_os_str().to_owned();
        path.push(".secret");
        Self::from_file(Path::new(&path))
    }

    /// Base64url of nonce ‖ ciphertext ‖ tag.
    pub fn encrypt(&self, plaintext: &[u8]) -> String {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let mut sealed = nonce.to_vec();
        sealed.extend(
            self.cipher
                .encrypt(&nonce, plaintext)
                .expect("AES-GCM encryption does not fail"),
        );
        URL_SAFE_NO_PAD.encode(sealed)
    }

    pub fn decrypt(&self, sealed: &str) -> Result<Vec<u8>, SecretError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(sealed)
            .map_err(|_| SecretError::Decrypt)?;
        if bytes.len() < NONCE_BYTES {
            return Err(SecretError::Decrypt);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        let nonce =
            Nonce::from(<[u8; NONCE_BYTES]>::try_from(nonce).expect("split at the nonce length"));
        self.cipher
            .decrypt(&nonce, ciphertext)
            .map_err(|_| SecretError::Decrypt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_data_opens_only_with_the_same_secret() {
        let key = MasterKey::from_secret(&[7u8; 32]).unwrap();
        let sealed = key.encrypt(b"private key bytes");
        assert_eq!(key.decrypt(&sealed).unwrap(), b"private key bytes");
        let other = MasterKey::from_secret(&[8u8; 32]).unwrap();
        assert!(matches!(other.decrypt(&sealed), Err(SecretError::Decrypt)));
    }

    #[test]
    fn code_macs_depend_on_the_secret_and_on_every_part() {
        let key = MasterKey::from_secret(&[7u8; 32]).unwrap().code_key();
        let other = MasterKey::from_secret(&[8u8; 32]).unwrap().code_key();
        assert_eq!(key.mac(&["flow", "123456"]), key.mac(&["flow", "123456"]));
        assert_ne!(key.mac(&["flow", "123456"]), other.mac(&["flow", "123456"]));
        assert_ne!(key.mac(&["flow1", "23456"]), key.mac(&["flow", "123456"]));
    }

    #[test]
    fn short_secrets_are_refused() {
        assert!(matches!(
            MasterKey::from_secret(b"too short"),
            Err(SecretError::TooShort)
        ));
    }

    #[test]
    fn the_generated_secret_file_is_reused_and_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hallpass.db.secret");
        let first = MasterKey::from_file(&path).unwrap();
        let sealed = first.encrypt(b"x");
        let second = MasterKey::from_file(&path).unwrap();
        assert_eq!(second.decrypt(&sealed).unwrap(), b"x");
        let mode =
            std::os::unix::fs::PermissionsExt::mode(&fs::metadata(&path).unwrap().permissions());
        assert_eq!(mode & 0o777, 0o600);
    }
}
