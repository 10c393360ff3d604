//! Where a verifier gets its keys. A trait, so an app backend can fetch Hallpass's JWKS
//! over HTTP while Hallpass itself reads its own key store without a network hop.

use std::time::Duration;

use url::Url;

use super::{error::VerifyError, jwks::JwkSet};

#[async_trait::async_trait]
pub trait JwksSource: Send + Sync + 'static {
    /// Failures should be `VerifyError::JwksUnavailable`; the verifier treats any error
    /// as "keys unavailable" and keeps the keys it already has.
    async fn fetch(&self) -> Result<JwkSet, VerifyError>;
}

/// A JWKS served over HTTP, usually Hallpass's `/.well-known/jwks.json`.
#[derive(Debug, Clone)]
pub struct RemoteJwks {
    url: Url,
    client: reqwest::Client,
}

impl RemoteJwks {
    /// Fetches happen while a request waits on an unknown key, so a slow JWKS endpoint
    /// must not hold it for long.
    pub const TIMEOUT: Duration = Duration::from_secs(5);

    pub fn new(url: Url) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder().timeout(Self::TIMEOUT).build()?;
        Ok(RemoteJwks { url, client })
    }

    pub fn url(&self) -> &Url {
        &self.url
    }
}

#[async_trait::async_trait]
impl JwksSource for RemoteJwks {
    async fn fetch(&self) -> Result<JwkSet, VerifyError> {
        let unavailable =
            |err: reqwest::Error| VerifyError::JwksUnavailable(format!("{}: {err}", self.url));
        self.client
            .get(self.url.clone())
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(unavailable)?
            .json::<JwkSet>()
            .await
            .map_err(unavailable)
    }
}
