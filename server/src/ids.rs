//! Identifiers with a readable prefix (`user_…`, `sess_…`), so a log line or support
//! ticket says what an id names. UUIDv7 inside: time-ordered, which keeps index inserts
//! local, and 74 random bits, so ids are not guessable.

pub fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", uuid::Uuid::now_v7().simple())
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_millis() as i64
}

/// `bytes` random bytes from the OS, base64url without padding: for tokens and secrets.
pub fn random_token(bytes: usize) -> String {
    use base64::Engine as _;
    use rand_core::RngCore;
    let mut buffer = vec![0u8; bytes];
    rand_core::OsRng.fill_bytes(&mut buffer);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buffer)
}
