//! Who is calling: the client cookie, the device facts for a new session, and the
//! address limits apply to.

use std::net::{IpAddr, SocketAddr};

use axum::{
    extract::{ConnectInfo, FromRef, FromRequestParts},
    http::{HeaderMap, header, request::Parts},
};

use hallpass::locale::Locale;

use super::cookies;
use crate::{
    auth::AuthSettings,
    sessions::{ClientToken, Device},
    state::AppState,
};

pub struct Caller {
    pub client_token: Option<ClientToken>,
    pub ip: IpAddr,
    pub device: Device,
    /// The `Origin` header, when the browser sent one; a session token minted for it
    /// carries it as `azp`.
    pub origin: Option<String>,
    /// The language of any email the call sends.
    pub locale: Locale,
}

/// The client's address: the TCP peer, unless that peer is a trusted proxy, in which case
/// the right-most `X-Forwarded-For` entry that is not itself a trusted proxy. Entries to
/// its left could have been written by the client, so they are never believed.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|entry| entry.trim().parse().ok())
        .collect();
    forwarded
        .into_iter()
        .rev()
        .find(|ip| !trusted.contains(ip))
        .unwrap_or(peer)
}

/// The request's `Origin`, if it is one tokens may be minted for (their `azp`).
pub fn allowed_origin(headers: &HeaderMap, settings: &AuthSettings) -> Option<String> {
    headers
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok())
        .filter(|origin| settings.is_allowed_origin(origin))
        .map(str::to_owned)
}

impl Caller {
    pub fn new(
        headers: &HeaderMap,
        peer: IpAddr,
        trusted_proxies: &[IpAddr],
        settings: &AuthSettings,
    ) -> Self {
        let ip = client_ip(peer, headers, trusted_proxies);
        let user_agent = headers
            .get(header::USER_AGENT)
            .and_then(|value| value.to_str().ok());
        let origin = allowed_origin(headers, settings);
        Self {
            client_token: cookies::client_token(headers),
            ip,
            device: Device::new(user_agent, Some(ip.to_string())),
            origin,
            locale: crate::email::locale_of(headers),
        }
    }
}

impl<S> FromRequestParts<S> for Caller
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())
            .unwrap_or(IpAddr::from([127, 0, 0, 1]));
        Ok(Self::new(
            &parts.headers,
            peer,
            &state.trusted_proxies,
            &state.auth.settings,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", value.parse().unwrap());
        headers
    }

    #[test]
    fn forwarded_for_is_ignored_from_untrusted_peers() {
        let peer: IpAddr = "203.0.113.9".parse().unwrap();
        assert_eq!(client_ip(peer, &forwarded("1.2.3.4"), &[]), peer);
    }

    #[test]
    fn the_rightmost_untrusted_forwarded_address_is_the_client() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let headers = forwarded("6.6.6.6, 198.51.100.7, 10.0.0.2");
        assert_eq!(
            client_ip(proxy, &headers, &[proxy]),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
    }
}
