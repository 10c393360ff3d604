//! Checking a session JWT against cached keys. The hot path is two map look-ups (the
//! token among those already verified, its key among the cached keys); a token seen for
//! the first time costs one ECDSA verification. The network is touched only when a token names
//! a key we have not seen (rate-limited) or the cache has aged past its TTL (in the
//! background, while the cached keys keep serving).

use std::{
    collections::HashMap,
    fmt,
    sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard},
    time::{Duration, Instant},
};

use jsonwebtoken::{Algorithm, DecodingKey, Validation, errors::ErrorKind};

use super::{
    claims::SessionClaims,
    error::VerifyError,
    jwks::JwkSet,
    source::JwksSource,
    verified::{Verified, VerifiedTokens, still_valid},
};

/// The security baseline's ceiling on clock skew tolerance.
pub const MAX_LEEWAY: Duration = Duration::from_secs(5);

#[derive(Debug, Clone)]
pub struct VerifierConfig {
    /// Exact `iss` every token must carry.
    pub issuer: String,
    /// Origins accepted in `azp`, compared exactly. Empty disables the check; otherwise
    /// a token without `azp` is refused, since it cannot show which app it was for.
    pub authorized_parties: Vec<String>,
    /// Clock skew tolerated on `exp` and `nbf`, in whole seconds; capped at
    /// [`MAX_LEEWAY`].
    pub leeway: Duration,
    /// How long fetched keys are trusted before a refresh, so a key withdrawn from the
    /// JWKS stops verifying within this time.
    pub cache_ttl: Duration,
    /// Minimum gap between fetches, so a stream of tokens with made-up `kid`s cannot
    /// turn the verifier into a load generator against the JWKS endpoint.
    pub min_refetch_interval: Duration,
}

impl VerifierConfig {
    pub fn new(issuer: impl Into<String>) -> Self {
        VerifierConfig {
            issuer: issuer.into(),
            authorized_parties: Vec::new(),
            leeway: MAX_LEEWAY,
            cache_ttl: Duration::from_secs(5 * 60),
            min_refetch_interval: Duration::from_secs(10),
        }
    }
}

/// Cheap to clone: every clone shares one key cache, so keep one per JWKS and hand
/// clones to handlers.
#[derive(Clone)]
pub struct Verifier {
    inner: Arc<Inner>,
}

struct Inner {
    source: Arc<dyn JwksSource>,
    validation: Validation,
    authorized_parties: Vec<String>,
    cache_ttl: Duration,
    min_refetch_interval: Duration,
    keys: RwLock<KeyCache>,
    /// Held for the whole of a fetch: callers that miss at the same moment queue here,
    /// then see the generation moved on and use that fetch instead of each starting one.
    fetching: tokio::sync::Mutex<()>,
    verified: VerifiedTokens,
}

#[derive(Default)]
struct KeyCache {
    /// Decoded once at load time, never per request.
    keys: HashMap<String, Arc<DecodingKey>>,
    loaded_at: Option<Instant>,
    last_attempt: Option<Instant>,
    last_attempt_failed: bool,
    /// Bumped when a fetch finishes, successful or not.
    generation: u64,
}

/// What one look in the cache found.
struct Lookup {
    key: Option<Arc<DecodingKey>>,
    /// Older than the TTL and not fetched within `min_refetch_interval`.
    due_for_refresh: bool,
    generation: u64,
}

impl Verifier {
    pub fn new(config: VerifierConfig, source: Arc<dyn JwksSource>) -> Self {
        let mut validation = Validation::new(Algorithm::ES256);
        validation.leeway = config.leeway.min(MAX_LEEWAY).as_secs();
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.set_issuer(&[&config.issuer]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "sub"]);
        Verifier {
            inner: Arc::new(Inner {
                source,
                validation,
                authorized_parties: config.authorized_parties,
                cache_ttl: config.cache_ttl,
                min_refetch_interval: config.min_refetch_interval,
                keys: RwLock::default(),
                fetching: tokio::sync::Mutex::new(()),
                verified: VerifiedTokens::default(),
            }),
        }
    }

    /// Loads the keys before the first request needs them, so a misconfigured JWKS URL
    /// shows up at startup. Subject to the same rate limit as any other fetch.
    pub async fn prefetch(&self) -> Result<(), VerifyError> {
        let generation = read(&self.inner.keys).generation;
        self.inner.refresh(generation).await
    }

    pub async fn verify(&self, token: &str) -> Result<SessionClaims, VerifyError> {
        if token.is_empty() {
            return Err(VerifyError::Missing);
        }
        let now = jsonwebtoken::get_current_timestamp() as i64;
        let leeway = self.inner.validation.leeway as i64;
        if let Some(known) = self.inner.verified.get(token) {
            self.key(&known.kid).await?;
            return match still_valid(&known.claims, now, leeway) {
                true => Ok(known.claims),
                false => Err(VerifyError::Expired),
            };
        }
        let header = jsonwebtoken::decode_header(token)
            .map_err(|_| VerifyError::Malformed("the header is not a JWT header we accept"))?;
        // Checked before any key lookup: `none` and HMAC never get near our keys.
        if header.alg != Algorithm::ES256 {
            return Err(VerifyError::Malformed("only ES256 tokens are accepted"));
        }
        let kid = header
            .kid
            .ok_or(VerifyError::Malformed("the header names no key (kid)"))?;
        let key = self.key(&kid).await?;
        let claims = jsonwebtoken::decode::<SessionClaims>(token, &key, &self.inner.validation)
            .map_err(|err| token_error(err.kind()))?
            .claims;
        self.check_authorized_party(&claims)?;
        let verified = Verified {
            kid,
            claims: claims.clone(),
        };
        self.inner.verified.insert(token, verified, now, leeway);
        Ok(claims)
    }

    async fn key(&self, kid: &str) -> Result<Arc<DecodingKey>, VerifyError> {
        let found = self.inner.lookup(kid);
        if let Some(key) = found.key {
            if found.due_for_refresh {
                self.refresh_in_background(found.generation).await;
            }
            return Ok(key);
        }
        let refreshed = self.inner.refresh(found.generation).await;
        match (self.inner.lookup(kid).key, refreshed) {
            (Some(key), _) => Ok(key),
            (None, Err(err)) => Err(err),
            (None, Ok(())) => Err(VerifyError::UnknownKey),
        }
    }

    /// Stale keys are still the best keys we have, so the request goes ahead with them
    /// and the refresh happens beside it. Without a Tokio runtime there is nowhere to
    /// put the refresh, so this request pays for it.
    async fn refresh_in_background(&self, generation: u64) {
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                let inner = Arc::clone(&self.inner);
                runtime.spawn(async move {
                    // A failure is logged inside; the cached keys stay in use.
                    let _ = inner.refresh(generation).await;
                });
            }
            Err(_) => {
                let _ = self.inner.refresh(generation).await;
            }
        }
    }

    fn check_authorized_party(&self, claims: &SessionClaims) -> Result<(), VerifyError> {
        let parties = &self.inner.authorized_parties;
        if parties.is_empty() {
            return Ok(());
        }
        match &claims.azp {
            Some(azp) if parties.iter().any(|party| party == azp) => Ok(()),
            _ => Err(VerifyError::UnauthorizedParty),
        }
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("issuer", &self.inner.validation.iss)
            .field("authorized_parties", &self.inner.authorized_parties)
            .field("cached_keys", &read(&self.inner.keys).keys.len())
            .finish_non_exhaustive()
    }
}

impl Inner {
    fn lookup(&self, kid: &str) -> Lookup {
        let cache = read(&self.keys);
        let expired = cache
            .loaded_at
            .is_none_or(|at| at.elapsed() >= self.cache_ttl);
        Lookup {
            key: cache.keys.get(kid).cloned(),
            due_for_refresh: expired && self.may_fetch(&cache),
            generation: cache.generation,
        }
    }

    fn may_fetch(&self, cache: &KeyCache) -> bool {
        cache
            .last_attempt
            .is_none_or(|at| at.elapsed() >= self.min_refetch_interval)
    }

    /// Fetches the JWKS, unless a fetch finished since the caller looked at the cache
    /// (`seen` is the generation it saw) or one started within `min_refetch_interval`; then
    /// that fetch's outcome stands. A failed fetch keeps the previous keys: an outage of
    /// the JWKS endpoint must not sign everyone out.
    async fn refresh(&self, seen: u64) -> Result<(), VerifyError> {
        let _one_fetch_at_a_time = self.fetching.lock().await;
        {
            let cache = read(&self.keys);
            if cache.generation != seen || !self.may_fetch(&cache) {
                if cache.last_attempt_failed {
                    return Err(VerifyError::JwksUnavailable(
                        "the last JWKS fetch failed; waiting before retrying".into(),
                    ));
                }
                return Ok(());
            }
        }
        write(&self.keys).last_attempt = Some(Instant::now());
        let fetched = self.source.fetch().await.map(decode_keys);
        let mut cache = write(&self.keys);
        cache.generation += 1;
        match fetched {
            Ok(keys) => {
                cache.keys = keys;
                cache.loaded_at = Some(Instant::now());
                cache.last_attempt_failed = false;
                Ok(())
            }
            Err(err) => {
                tracing::warn!(error = ?err, "JWKS fetch failed; keeping the keys already loaded");
                cache.last_attempt_failed = true;
                Err(match err {
                    VerifyError::JwksUnavailable(_) => err,
                    other => VerifyError::JwksUnavailable(other.to_string()),
                })
            }
        }
    }
}

fn decode_keys(set: JwkSet) -> HashMap<String, Arc<DecodingKey>> {
    set.keys
        .into_iter()
        .filter_map(|jwk| {
            let decoded = jwk
                .to_public_key()
                .map_err(|err| err.to_string())
                .and_then(|_| {
                    DecodingKey::from_ec_components(&jwk.x, &jwk.y).map_err(|err| err.to_string())
                });
            match decoded {
                Ok(key) => Some((jwk.kid, Arc::new(key))),
                Err(reason) => {
                    tracing::warn!(kid = %jwk.kid, %reason, "skipping unusable JWKS key");
                    None
                }
            }
        })
        .collect()
}

fn token_error(kind: &ErrorKind) -> VerifyError {
    match kind {
        ErrorKind::ExpiredSignature => VerifyError::Expired,
        ErrorKind::ImmatureSignature => VerifyError::NotYetValid,
        ErrorKind::InvalidSignature => VerifyError::InvalidSignature,
        ErrorKind::InvalidIssuer => VerifyError::InvalidIssuer,
        // Session tokens carry no `aud`; one that does was minted for something else.
        ErrorKind::InvalidAudience => VerifyError::UnauthorizedParty,
        ErrorKind::MissingRequiredClaim(_)
        | ErrorKind::InvalidClaimFormat(_)
        | ErrorKind::Json(_) => {
            VerifyError::Malformed("a required claim is missing or has the wrong type")
        }
        _ => VerifyError::Malformed("the token is not a well-formed JWT"),
    }
}

/// The lock guards plain data updated in single assignments, so a panic elsewhere
/// cannot leave it half-written; recovering from poisoning is safe.
fn read(lock: &RwLock<KeyCache>) -> RwLockReadGuard<'_, KeyCache> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

fn write(lock: &RwLock<KeyCache>) -> RwLockWriteGuard<'_, KeyCache> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}
