//! Keeps the `__session` JWT fresh while a page is open, so requests to the app's own
//! backend always carry a valid token, and hands out fresh tokens for other backends.
//!
//! Every open tab would otherwise refresh on its own. Tabs share the moment the current
//! token expires through `localStorage`, and a short lease there lets one tab refresh
//! while the others wait and then follow: the request count does not grow with the tabs.

use leptos::prelude::*;

use crate::account::{SignedInUser, session_token};

/// A session JWT valid for a few seconds more, or `None` when signed out.
pub async fn fresh_token() -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    if let Some(token) = browser::cached_token() {
        return Some(token);
    }
    let token = session_token().await.ok().flatten()?;
    #[cfg(target_arch = "wasm32")]
    browser::remember(&token);
    Some(token)
}

/// Starts the refresh loop in the browser once someone is signed in; on the server it
/// does nothing. When a refresh finds the session gone (signed out in another tab, or
/// revoked from another device), the page's user is loaded again, so it shows signed out.
pub fn keep_session_fresh(user: Resource<Option<SignedInUser>>) {
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) {
            return true;
        }
        let signed_in = user.get().flatten().is_some();
        #[cfg(target_arch = "wasm32")]
        if signed_in {
            browser::schedule(user, 0.0);
        }
        signed_in
    });
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use std::{cell::RefCell, time::Duration};

    use leptos::prelude::*;

    use super::SignedInUser;
    use crate::account::session_token;

    /// When the current token expires (Unix ms), as last seen by any tab.
    const EXPIRES_KEY: &str = "hallpass:session-expires-at";
    /// Until when (Unix ms) one tab has taken on the refresh.
    const LEASE_KEY: &str = "hallpass:refresh-lease";
    /// Refresh this long before expiry: enough for a slow network, and within the
    /// verifiers' clock-skew leeway if it runs late.
    const MARGIN_MS: f64 = 10_000.0;
    const LEASE_MS: f64 = 10_000.0;
    const RETRY_MS: f64 = 5_000.0;

    thread_local! {
        static TOKEN: RefCell<Option<(String, f64)>> = const { RefCell::new(None) };
    }

    fn now() -> f64 {
        js_sys::Date::now()
    }

    fn storage() -> Option<web_sys::Storage> {
        window().local_storage().ok().flatten()
    }

    fn read(key: &str) -> f64 {
        storage()
            .and_then(|storage| storage.get_item(key).ok().flatten())
            .and_then(|value| value.parse().ok())
            .unwrap_or(0.0)
    }

    fn write(key: &str, value: f64) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(key, &value.to_string());
        }
    }

    /// The `exp` claim of a JWT, in Unix ms. Only to plan the next refresh: nothing here
    /// trusts the token, which the servers verify.
    fn expires_at(jwt: &str) -> Option<f64> {
        let payload = jwt.split('.').nth(1)?;
        let mut base64: String = payload
            .chars()
            .map(|c| match c {
                '-' => '+',
                '_' => '/',
                c => c,
            })
            .collect();
        while !base64.len().is_multiple_of(4) {
            base64.push('=');
        }
        let json = window().atob(&base64).ok()?;
        let claims = js_sys::JSON::parse(&json).ok()?;
        let exp = js_sys::Reflect::get(&claims, &"exp".into())
            .ok()?
            .as_f64()?;
        Some(exp * 1000.0)
    }

    pub fn cached_token() -> Option<String> {
        TOKEN.with_borrow(|token| {
            token
                .as_ref()
                .filter(|(_, expires)| expires - now() > MARGIN_MS / 2.0)
                .map(|(jwt, _)| jwt.clone())
        })
    }

    pub fn remember(jwt: &str) {
        if let Some(expires) = expires_at(jwt) {
            TOKEN.set(Some((jwt.to_owned(), expires)));
            write(EXPIRES_KEY, expires);
        }
    }

    pub fn schedule(user: Resource<Option<SignedInUser>>, delay_ms: f64) {
        // A little jitter, so tabs woken by the same timer tick do not all look at once.
        let jitter = js_sys::Math::random() * 500.0;
        set_timeout(
            move || tick(user),
            Duration::from_millis((delay_ms.max(0.0) + jitter) as u64),
        );
    }

    fn tick(user: Resource<Option<SignedInUser>>) {
        let started = now();
        let expires = read(EXPIRES_KEY);
        if expires - started > MARGIN_MS {
            // Fresh enough, perhaps thanks to another tab: look again when it is not.
            return schedule(user, expires - started - MARGIN_MS);
        }
        let lease = read(LEASE_KEY);
        if lease > started {
            // Another tab is refreshing right now; its result lands in EXPIRES_KEY.
            return schedule(user, lease - started);
        }
        write(LEASE_KEY, started + LEASE_MS);
        leptos::task::spawn_local(async move {
            let outcome = session_token().await;
            write(LEASE_KEY, 0.0);
            match outcome {
                Ok(Some(jwt)) => {
                    remember(&jwt);
                    schedule(user, read(EXPIRES_KEY) - now() - MARGIN_MS);
                }
                Ok(None) => user.refetch(),
                Err(_) => schedule(user, RETRY_MS),
            }
        });
    }
}
