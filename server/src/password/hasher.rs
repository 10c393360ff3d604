//! Storing and checking passwords with argon2id. A hash is built to be slow and to need a
//! lot of memory, so it must never run on an async worker (it would stall every request
//! scheduled there) and must never run unbounded (a burst of sign-ins would exhaust
//! memory). Each hashing slot reuses one buffer for that memory ([`MemoryPool`]).

use std::sync::Arc;

use argon2::{
    Algorithm, Argon2, Params, PasswordHash, Version,
    password_hash::{self, Output, ParamsString, Salt, SaltString},
};
use rand_core::{OsRng, RngCore as _};
use tokio::sync::{OnceCell, Semaphore};

use super::{
    memory::{Lease, MemoryPool},
    normalize::normalize,
};

/// OWASP's argon2id recommendation (m = 19 MiB, t = 2, p = 1), also the RustCrypto
/// defaults. Checked at compile time, so no start-up path can fail on it.
const POLICY_PARAMS: Params = match Params::new(19_456, 2, 1, None) {
    Ok(params) => params,
    Err(_) => panic!("the policy parameters are within argon2's bounds"),
};

/// What `verify_dummy` compares against. Its value is irrelevant: only the cost of the
/// comparison matters, and a match is discarded.
const DUMMY_PASSWORD: &str = "hallpass dummy password for unknown accounts";

/// Cheap to clone: clones share one concurrency limit, which is the point, so hand a
/// clone to every part of the server instead of creating several.
#[derive(Debug, Clone)]
pub struct PasswordHasher {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    params: Params,
    permits: Arc<Semaphore>,
    memory: Arc<MemoryPool>,
    dummy_hash: OnceCell<String>,
}

/// The outcome of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    pub matches: bool,
    /// Only ever true when `matches` is, since re-hashing needs the right password: the
    /// caller should then store a fresh [`PasswordHasher::hash`] of it, which is how old
    /// accounts move to stronger parameters without a reset.
    pub needs_rehash: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// The stored value is not an argon2 PHC string this server can check; the account
    /// cannot sign in with a password until it is reset.
    #[error("the stored password hash is malformed: {0}")]
    Malformed(String),
    #[error("password hashing failed: {0}")]
    Internal(String),
}

impl PasswordHasher {
    /// `max_concurrent` caps hashes and verifications in flight across all clones. Each
    /// slot keeps one buffer of the memory cost (19 MiB) once it has hashed, so memory
    /// stays at `max_concurrent × 19 MiB` however many sign-ins come; callers beyond the
    /// cap wait their turn. Zero is taken as one, since no permits would make every
    /// sign-in wait forever.
    pub fn new(max_concurrent: usize) -> Self {
        Self::with_params(max_concurrent, POLICY_PARAMS)
    }

    /// For tests that need fast hashes, and for operators who choose stronger parameters.
    /// Parameters weaker than the policy's weaken every password stored with them.
    pub fn with_params(max_concurrent: usize, params: Params) -> Self {
        let permits = max_concurrent.clamp(1, Semaphore::MAX_PERMITS);
        Self {
            inner: Arc::new(Inner {
                memory: Arc::new(MemoryPool::new(params.block_count())),
                params,
                permits: Arc::new(Semaphore::new(permits)),
                dummy_hash: OnceCell::new(),
            }),
        }
    }

    /// The parameters new hashes are made with.
    pub fn params(&self) -> &Params {
        &self.inner.params
    }

    /// Returns a PHC string, which carries its own algorithm, version, parameters and
    /// salt, so it stays verifiable after the policy changes.
    pub async fn hash(&self, password: &str) -> Result<String, HashError> {
        let password = normalize(password);
        let params = self.inner.params.clone();
        let memory = Arc::clone(&self.inner.memory);
        self.run_blocking(move || hash_blocking(&password, params, &mut memory.lease()))
            .await?
    }

    /// A malformed stored hash is reported as an error rather than as a mismatch, so a
    /// corrupted row shows up in logs instead of looking like a wrong password.
    pub async fn verify(&self, password: &str, phc: &str) -> Result<Verified, HashError> {
        let password = normalize(password);
        let phc = phc.to_owned();
        let policy = self.inner.params.clone();
        let memory = Arc::clone(&self.inner.memory);
        self.run_blocking(move || verify_blocking(&password, &phc, &policy, &mut memory.lease()))
            .await?
    }

    /// Call when the account does not exist: it costs what checking a real account's
    /// password costs, so response times do not reveal which emails are registered.
    /// The hash it compares against is made on first use with this hasher's parameters.
    pub async fn verify_dummy(&self, password: &str) {
        let dummy = self
            .inner
            .dummy_hash
            .get_or_try_init(|| self.hash(DUMMY_PASSWORD))
            .await;
        let outcome = match dummy {
            Ok(dummy) => self.verify(password, dummy).await.map(drop),
            Err(error) => Err(error),
        };
        if let Err(error) = outcome {
            tracing::error!(%error, "dummy password verification failed");
        }
    }

    /// The permit moves into the blocking task, so it is released when the work ends, not
    /// when the caller stops waiting: a timed-out request cannot free its slot while its
    /// hash is still using the memory.
    async fn run_blocking<T, F>(&self, work: F) -> Result<T, HashError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let permit = Arc::clone(&self.inner.permits)
            .acquire_owned()
            .await
            .map_err(|error| HashError::Internal(error.to_string()))?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .map_err(|error| HashError::Internal(error.to_string()))
    }
}

fn hash_blocking(password: &str, params: Params, memory: &mut Lease) -> Result<String, HashError> {
    let mut salt = [0u8; Salt::RECOMMENDED_LENGTH];
    OsRng
        .try_fill_bytes(&mut salt)
        .map_err(|error| HashError::Internal(error.to_string()))?;
    let salt_string = SaltString::encode_b64(&salt).map_err(internal)?;
    let output_len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let output = compute(&argon2, password, &salt, output_len, memory).map_err(internal)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(argon2.params()).map_err(internal)?,
        salt: Some(salt_string.as_salt()),
        hash: Some(output),
    };
    Ok(phc.to_string())
}

/// Algorithm, version, parameters and output length all come from the stored hash, so
/// hashes made under an older policy keep verifying.
fn verify_blocking(
    password: &str,
    phc: &str,
    policy: &Params,
    memory: &mut Lease,
) -> Result<Verified, HashError> {
    let stored = PasswordHash::new(phc).map_err(malformed)?;
    let algorithm = Algorithm::try_from(stored.algorithm).map_err(malformed)?;
    let version = stored
        .version
        .map(Version::try_from)
        .transpose()
        .map_err(|error| malformed(error.into()))?
        .unwrap_or_default();
    let params = Params::try_from(&stored).map_err(malformed)?;
    let current_version = stored.version == Some(Version::V0x13.into());
    let (Some(salt), Some(expected)) = (stored.salt, stored.hash) else {
        return Err(HashError::Malformed("no salt or no hash output".into()));
    };
    let mut salt_bytes = [0u8; Salt::MAX_LENGTH];
    let salt = salt.decode_b64(&mut salt_bytes).map_err(malformed)?;
    let argon2 = Argon2::new(algorithm, version, params.clone());
    // `Output`'s equality is constant-time: how much of a guess matched stays secret.
    let matches = match compute(&argon2, password, salt, expected.len(), memory) {
        Ok(computed) => computed == expected,
        Err(password_hash::Error::Password) => false,
        Err(error) => return Err(malformed(error)),
    };
    let outdated = algorithm != Algorithm::Argon2id
        || !current_version
        || params.m_cost() < policy.m_cost()
        || params.t_cost() < policy.t_cost()
        || params.p_cost() < policy.p_cost();
    Ok(Verified {
        matches,
        needs_rehash: matches && outdated,
    })
}

/// argon2 over the slot's memory instead of a buffer of its own.
fn compute(
    argon2: &Argon2,
    password: &str,
    salt: &[u8],
    output_len: usize,
    memory: &mut Lease,
) -> password_hash::Result<Output> {
    let blocks = memory.blocks(argon2.params().block_count());
    Output::init_with(output_len, |out| {
        Ok(argon2.hash_password_into_with_memory(password.as_bytes(), salt, out, &mut *blocks)?)
    })
}

fn malformed(error: password_hash::Error) -> HashError {
    HashError::Malformed(error.to_string())
}

fn internal(error: password_hash::Error) -> HashError {
    HashError::Internal(error.to_string())
}

#[cfg(test)]
mod tests {
    use std::{
        sync::{
            atomic::{AtomicUsize, Ordering},
            mpsc,
        },
        time::Duration,
    };

    use argon2::PasswordHasher as _;

    use super::*;

    /// The cheapest parameters argon2 allows, for tests where the cost is not the point.
    fn cheap() -> Params {
        Params::new(Params::MIN_M_COST, 1, 1, None).unwrap()
    }

    fn cheap_hasher() -> PasswordHasher {
        PasswordHasher::with_params(2, cheap())
    }

    /// A hash made outside `PasswordHasher`, as an older release or another system would
    /// have stored it.
    fn foreign_hash(password: &str, algorithm: Algorithm, version: Version, p: Params) -> String {
        let salt = SaltString::encode_b64(b"sixteen byte slt").unwrap();
        Argon2::new(algorithm, version, p)
            .hash_password(password.as_bytes(), &salt)
            .unwrap()
            .to_string()
    }

    #[tokio::test]
    async fn policy_hashes_use_argon2id_with_owasp_params_and_need_no_rehash() {
        let hasher = PasswordHasher::new(1);
        let phc = hasher.hash("correct horse battery").await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        let verified = hasher.verify("correct horse battery", &phc).await.unwrap();
        assert_eq!(
            verified,
            Verified {
                matches: true,
                needs_rehash: false
            }
        );
    }

    #[tokio::test]
    async fn a_wrong_password_does_not_match() {
        let hasher = cheap_hasher();
        let phc = hasher.hash("correct horse battery").await.unwrap();
        assert!(
            hasher
                .verify("correct horse battery", &phc)
                .await
                .unwrap()
                .matches
        );
        let verified = hasher.verify("correct horse batterY", &phc).await.unwrap();
        assert_eq!(
            verified,
            Verified {
                matches: false,
                needs_rehash: false
            }
        );
    }

    #[tokio::test]
    async fn salts_differ_between_hashes_of_one_password() {
        let hasher = cheap_hasher();
        let first = hasher.hash("same password").await.unwrap();
        let second = hasher.hash("same password").await.unwrap();
        assert_ne!(first, second);
    }

    #[tokio::test]
    async fn compatibility_forms_verify_as_their_nfkc_equivalent() {
        let hasher = cheap_hasher();
        let ligature = hasher.hash("ﬁne print ﬁve").await.unwrap();
        assert!(
            hasher
                .verify("fine print five", &ligature)
                .await
                .unwrap()
                .matches
        );
        let plain = hasher.hash("fine print five").await.unwrap();
        assert!(
            hasher
                .verify("ﬁne print ﬁve", &plain)
                .await
                .unwrap()
                .matches
        );
        let decomposed = hasher.hash("cafe\u{301} au lait").await.unwrap();
        assert!(
            hasher
                .verify("café au lait", &decomposed)
                .await
                .unwrap()
                .matches
        );
    }

    #[tokio::test]
    async fn hashes_weaker_than_the_policy_verify_and_ask_for_a_rehash() {
        let weak = Params::new(4096, 1, 1, None).unwrap();
        let phc = foreign_hash("old password", Algorithm::Argon2id, Version::V0x13, weak);
        let verified = PasswordHasher::new(1)
            .verify("old password", &phc)
            .await
            .unwrap();
        assert_eq!(
            verified,
            Verified {
                matches: true,
                needs_rehash: true
            }
        );
    }

    #[tokio::test]
    async fn each_outdated_property_asks_for_a_rehash_on_its_own() {
        let policy = Params::new(64, 2, 2, None).unwrap();
        let hasher = PasswordHasher::with_params(2, policy.clone());
        let cases = [
            (
                "policy",
                Algorithm::Argon2id,
                Version::V0x13,
                policy.clone(),
                false,
            ),
            (
                "stronger",
                Algorithm::Argon2id,
                Version::V0x13,
                Params::new(128, 3, 2, None).unwrap(),
                false,
            ),
            (
                "argon2i",
                Algorithm::Argon2i,
                Version::V0x13,
                policy.clone(),
                true,
            ),
            (
                "argon2d",
                Algorithm::Argon2d,
                Version::V0x13,
                policy.clone(),
                true,
            ),
            (
                "v=16",
                Algorithm::Argon2id,
                Version::V0x10,
                policy.clone(),
                true,
            ),
            (
                "m",
                Algorithm::Argon2id,
                Version::V0x13,
                Params::new(32, 2, 2, None).unwrap(),
                true,
            ),
            (
                "t",
                Algorithm::Argon2id,
                Version::V0x13,
                Params::new(64, 1, 2, None).unwrap(),
                true,
            ),
            (
                "p",
                Algorithm::Argon2id,
                Version::V0x13,
                Params::new(64, 2, 1, None).unwrap(),
                true,
            ),
        ];
        for (name, algorithm, version, params, expected) in cases {
            let phc = foreign_hash("pw", algorithm, version, params);
            let verified = hasher.verify("pw", &phc).await.unwrap();
            assert!(verified.matches, "{name}");
            assert_eq!(verified.needs_rehash, expected, "{name}: {phc}");
            let wrong = hasher.verify("not pw", &phc).await.unwrap();
            assert!(!wrong.matches && !wrong.needs_rehash, "{name}");
        }
    }

    #[tokio::test]
    async fn malformed_stored_hashes_are_errors() {
        let hasher = cheap_hasher();
        let good = hasher.hash("pw").await.unwrap();
        let without_output = good.rsplit_once('$').unwrap().0.to_owned();
        let cases = [
            String::new(),
            "not a hash".into(),
            "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW".into(),
            "$pbkdf2-sha256$i=1000$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA".into(),
            "$argon2id$v=19$m=abc,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA".into(),
            "$argon2id$v=19$m=1,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA".into(),
            "$argon2id$v=42$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA".into(),
            without_output,
            good.replace("$argon2id$", "$argon2x$"),
            format!("{good}$extra"),
        ];
        for phc in cases {
            let result = hasher.verify("pw", &phc).await;
            assert!(
                matches!(result, Err(HashError::Malformed(_))),
                "{phc:?}: {result:?}"
            );
        }
    }

    #[tokio::test]
    async fn verify_dummy_compares_against_a_hash_made_once_with_this_hashers_params() {
        let hasher = cheap_hasher();
        assert!(hasher.inner.dummy_hash.get().is_none());
        hasher.verify_dummy("anything").await;
        let dummy = hasher.inner.dummy_hash.get().cloned().unwrap();
        assert!(dummy.starts_with("$argon2id$v=19$m=8,t=1,p=1$"), "{dummy}");
        hasher.clone().verify_dummy("something else").await;
        assert_eq!(hasher.inner.dummy_hash.get(), Some(&dummy));
        assert!(hasher.verify(DUMMY_PASSWORD, &dummy).await.unwrap().matches);
    }

    #[tokio::test]
    async fn hashes_are_phc_strings_argon2s_own_verifier_accepts() {
        use argon2::PasswordVerifier as _;
        let hasher = cheap_hasher();
        let phc = hasher.hash("correct horse battery").await.unwrap();
        let parsed = PasswordHash::new(&phc).unwrap();
        let verifier = Argon2::default();
        assert!(
            verifier
                .verify_password(b"correct horse battery", &parsed)
                .is_ok()
        );
        assert!(verifier.verify_password(b"wrong", &parsed).is_err());
    }

    /// Every slot hashes many times, yet the pool only ever allocated one buffer per
    /// slot: a buffer per hash, the old way, would have allocated 64.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_hashes_reuse_one_buffer_per_slot() {
        let hasher = PasswordHasher::with_params(2, cheap());
        let phc = hasher.hash("pw").await.unwrap();
        let stronger = foreign_hash(
            "pw",
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(64, 1, 1, None).unwrap(),
        );
        let jobs: Vec<_> = (0..32)
            .map(|i| {
                let (hasher, phc, stronger) = (hasher.clone(), phc.clone(), stronger.clone());
                tokio::spawn(async move {
                    hasher.hash(&format!("password {i}")).await.unwrap();
                    assert!(hasher.verify("pw", &phc).await.unwrap().matches);
                    assert!(hasher.verify("pw", &stronger).await.unwrap().matches);
                })
            })
            .collect();
        for job in jobs {
            job.await.unwrap();
        }
        let memory = &hasher.inner.memory;
        assert!(memory.allocated() <= 2, "{} buffers", memory.allocated());
        let blocks = cheap().block_count();
        assert_eq!(memory.idle(), vec![blocks; memory.allocated()]);
    }

    #[test]
    fn zero_concurrency_is_taken_as_one() {
        let hasher = PasswordHasher::new(0);
        assert_eq!(hasher.inner.permits.available_permits(), 1);
    }

    /// The first task waits (bounded) for the second to start. With the limit working,
    /// the second cannot start until the first ends, so no overlap is ever recorded;
    /// without it, the second starts at once and the overlap is seen.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn one_permit_runs_one_job_at_a_time() {
        let hasher = PasswordHasher::with_params(1, cheap());
        let in_flight = Arc::new(AtomicUsize::new(0));
        let most_in_flight = Arc::new(AtomicUsize::new(0));
        let (second_started, wait_for_second) = mpsc::channel::<()>();

        let first = {
            let (hasher, in_flight, most) =
                (hasher.clone(), in_flight.clone(), most_in_flight.clone());
            let observer = hasher.clone();
            tokio::spawn(async move {
                hasher
                    .run_blocking(move || {
                        most.fetch_max(
                            in_flight.fetch_add(1, Ordering::SeqCst) + 1,
                            Ordering::SeqCst,
                        );
                        let permits_inside = observer.inner.permits.available_permits();
                        let overlapped = wait_for_second
                            .recv_timeout(Duration::from_millis(300))
                            .is_ok();
                        in_flight.fetch_sub(1, Ordering::SeqCst);
                        (permits_inside, overlapped)
                    })
                    .await
                    .unwrap()
            })
        };
        while in_flight.load(Ordering::SeqCst) == 0 {
            tokio::task::yield_now().await;
        }
        let second = {
            let (hasher, in_flight, most) =
                (hasher.clone(), in_flight.clone(), most_in_flight.clone());
            tokio::spawn(async move {
                hasher
                    .run_blocking(move || {
                        most.fetch_max(
                            in_flight.fetch_add(1, Ordering::SeqCst) + 1,
                            Ordering::SeqCst,
                        );
                        let _ = second_started.send(());
                        in_flight.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
                    .unwrap()
            })
        };

        let (permits_inside, overlapped) = first.await.unwrap();
        second.await.unwrap();
        assert_eq!(permits_inside, 0);
        assert!(!overlapped, "the second job started while the first ran");
        assert_eq!(most_in_flight.load(Ordering::SeqCst), 1);
        assert_eq!(hasher.inner.permits.available_permits(), 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_hashes_all_complete_under_the_limit() {
        let hasher = PasswordHasher::with_params(1, cheap());
        let jobs: Vec<_> = (0..4)
            .map(|i| {
                let hasher = hasher.clone();
                tokio::spawn(async move { hasher.hash(&format!("password {i}")).await })
            })
            .collect();
        for job in jobs {
            assert!(job.await.unwrap().unwrap().starts_with("$argon2id$"));
        }
        assert_eq!(hasher.inner.permits.available_permits(), 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_abandoned_caller_keeps_its_permit_until_the_work_ends() {
        let hasher = PasswordHasher::with_params(1, cheap());
        let (started, wait_for_start) = tokio::sync::oneshot::channel::<()>();
        let (release, wait_for_release) = mpsc::channel::<()>();
        let caller = {
            let hasher = hasher.clone();
            tokio::spawn(async move {
                hasher
                    .run_blocking(move || {
                        let _ = started.send(());
                        let _ = wait_for_release.recv();
                    })
                    .await
            })
        };
        wait_for_start.await.unwrap();
        caller.abort();
        assert!(caller.await.unwrap_err().is_cancelled());
        assert_eq!(hasher.inner.permits.available_permits(), 0);

        release.send(()).unwrap();
        let permit = hasher.inner.permits.acquire().await.unwrap();
        drop(permit);
        assert_eq!(hasher.inner.permits.available_permits(), 1);
    }
}
