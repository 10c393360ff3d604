//! Tokens this verifier has already checked, kept until they expire. A browser sends the
//! same session JWT with every request of its ~60 s life, and one ECDSA P-256
//! verification costs several times what the rest of a typical API request does (the
//! profile behind figure 3 of `bench/report.md`), so each token is verified once.
//!
//! A hit still asks the key cache for the token's key, so a key withdrawn from the JWKS
//! stops its tokens here too, and still checks `exp`. The whole token is the key: only
//! byte-identical tokens, whose signature was checked, are ever taken from here.

use std::{
    collections::HashMap,
    sync::{Mutex, MutexGuard, PoisonError},
};

use super::claims::SessionClaims;

/// Enough for every active session of a busy instance within one token lifetime; each
/// entry is well under a kilobyte.
const CAPACITY: usize = 10_000;

#[derive(Default)]
pub(super) struct VerifiedTokens {
    tokens: Mutex<HashMap<Box<str>, Verified>>,
}

#[derive(Clone)]
pub(super) struct Verified {
    pub kid: String,
    pub claims: SessionClaims,
}

impl VerifiedTokens {
    pub fn get(&self, token: &str) -> Option<Verified> {
        self.lock().get(token).cloned()
    }

    /// Full, it first drops expired tokens, then everything: a flood of distinct valid
    /// tokens costs verifications, never unbounded memory.
    pub fn insert(&self, token: &str, verified: Verified, now: i64, leeway: i64) {
        let mut tokens = self.lock();
        if tokens.len() >= CAPACITY {
            tokens.retain(|_, kept| still_valid(&kept.claims, now, leeway));
            if tokens.len() >= CAPACITY {
                tokens.clear();
            }
        }
        tokens.insert(token.into(), verified);
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<Box<str>, Verified>> {
        self.tokens.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// jsonwebtoken's rule: expired once `exp` is more than the leeway in the past.
pub(super) fn still_valid(claims: &SessionClaims, now: i64, leeway: i64) -> bool {
    claims.exp + leeway >= now
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verified(exp: i64) -> Verified {
        Verified {
            kid: "ins_1".into(),
            claims: SessionClaims {
                sub: "user_1".into(),
                sid: "sess_1".into(),
                iss: "https://auth.example.com".into(),
                azp: None,
                iat: exp - 60,
                nbf: exp - 60,
                exp,
                jti: "jti".into(),
            },
        }
    }

    #[test]
    fn a_full_cache_drops_expired_tokens_before_live_ones() {
        let cache = VerifiedTokens::default();
        for n in 0..CAPACITY - 1 {
            cache.insert(&format!("expired {n}"), verified(100), 0, 5);
        }
        cache.insert("live", verified(1_000), 0, 5);
        cache.insert("newcomer", verified(1_000), 500, 5);
        assert!(cache.get("live").is_some());
        assert!(cache.get("newcomer").is_some());
        assert!(cache.get("expired 0").is_none());
    }

    #[test]
    fn expiry_allows_the_leeway_and_no_more() {
        let claims = verified(100).claims;
        assert!(still_valid(&claims, 105, 5));
        assert!(!still_valid(&claims, 106, 5));
    }
}
