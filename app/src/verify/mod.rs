//! Verifying Hallpass session tokens inside an app's backend (or Hallpass itself).
//!
//! The `__session` JWT lives about a minute and is checked on every request, so the
//! check must not cost a network round trip: keys come from the JWKS once, are kept
//! decoded in memory, and are refetched only when a token names a key we have not seen
//! (rate-limited, so made-up `kid`s cannot hammer the endpoint) or after the cache TTL
//! (in the background). Everything else follows the security baseline: ES256 only,
//! `kid` looked up in our keys only, `exp`/`nbf`/`iat`/`iss`/`sub`/`sid` required,
//! at most 5 s of leeway, `azp` checked against the app's origins.
//!
//! ```no_run
//! use std::sync::Arc;
//!
//! use axum::{Extension, Router, routing::get};
//! use hallpass::verify::{
//!     RemoteJwks, RequireSessionLayer, Session, SessionClaims, Verifier, VerifierConfig,
//! };
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let jwks = RemoteJwks::new("https://auth.example.com/.well-known/jwks.json".parse()?)?;
//! let mut config = VerifierConfig::new("https://auth.example.com");
//! config.authorized_parties = vec!["https://app.example.com".into()];
//! let verifier = Verifier::new(config, Arc::new(jwks));
//! verifier.prefetch().await?;
//!
//! // One handler at a time, with the extractor (the state must yield a `Verifier`)...
//! let api: Router = Router::new()
//!     .route("/me", get(|Session(claims): Session| async move { claims.sub }))
//!     .with_state(verifier.clone());
//! // ...or a whole group of routes, with the layer.
//! let admin = Router::new()
//!     .route(
//!         "/admin",
//!         get(|Extension(claims): Extension<SessionClaims>| async move { claims.sid }),
//!     )
//!     .route_layer(RequireSessionLayer::new(verifier));
//! let app = api.merge(admin);
//! # let _ = app;
//! # Ok(())
//! # }
//! ```

mod claims;
mod error;
mod extract;
mod jwks;
mod layer;
mod server_fn;
mod source;
mod verified;
mod verifier;

pub use claims::SessionClaims;
pub use error::VerifyError;
pub use extract::{OptionalSession, SESSION_COOKIE, Session, cookie, session_token};
pub use jwks::{Jwk, JwkError, JwkSet};
pub use layer::{RequireSession, RequireSessionLayer};
pub use server_fn::{require_session, session};
pub use source::{JwksSource, RemoteJwks};
pub use verifier::{MAX_LEEWAY, Verifier, VerifierConfig};
