//! The Content-Security-Policy of every page. A script runs only if it carries the nonce of
//! the response that brought it (or was loaded by one that did), so markup an attacker
//! slips into a page runs nothing; the WASM bundles need `'wasm-unsafe-eval'`, and
//! nothing needs inline styles.
//!
//! A Leptos render gives its inline scripts (hydration, streamed resources) a fresh
//! nonce of its own, and [`for_render`] names that nonce in the same response; every
//! other HTML answer gets the [`Scriptless`] policy, which runs no script at all.

use std::sync::LazyLock;

use axum::http::{HeaderValue, Response, header};
use leptos::{nonce::use_nonce, prelude::use_context};
use leptos_axum::ResponseOptions;
use tower_http::set_header::MakeHeaderValue;

/// `cargo leptos watch` reloads pages over a WebSocket on another port, which `'self'`
/// does not cover; the dev server's page script connects only when this is set.
static WATCHING: LazyLock<bool> = LazyLock::new(|| std::env::var_os("LEPTOS_WATCH").is_some());

/// The policy, with `script-src` as given. Forms may post to this site and to the
/// authorized origins: Chrome applies `form-action` to the redirect after a post too, and
/// a sign-in redirects to the app's origin.
fn policy(script_src: &str, allowed_origins: &[String]) -> HeaderValue {
    let connect_src = match *WATCHING {
        true => "'self' ws: wss:",
        false => "'self'",
    };
    let form_action = std::iter::once("'self'")
        .chain(allowed_origins.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ");
    let policy = format!(
        "default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data:; \
         connect-src {connect_src}; form-action {form_action}; frame-ancestors 'none'; \
         base-uri 'none'; object-src 'none'"
    );
    HeaderValue::try_from(policy).expect("origins and nonces are valid header text")
}

/// In a page render: the policy naming the nonce Leptos gave this render's scripts, set
/// on its response. Outside a render (a server function call) there is no nonce, and
/// nothing to set.
pub fn for_render(allowed_origins: &[String]) {
    if let (Some(nonce), Some(response)) = (use_nonce(), use_context::<ResponseOptions>()) {
        let script_src = format!("'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'");
        response.insert_header(
            header::CONTENT_SECURITY_POLICY,
            policy(&script_src, allowed_origins),
        );
    }
}

/// For an HTML answer that set no policy of its own (pages written without Leptos, which
/// carry no script): a policy that runs none.
#[derive(Clone)]
pub struct Scriptless(HeaderValue);

impl Scriptless {
    pub fn new(allowed_origins: &[String]) -> Self {
        Self(policy("'none'", allowed_origins))
    }
}

impl<B> MakeHeaderValue<Response<B>> for Scriptless {
    fn make_header_value(&mut self, response: &Response<B>) -> Option<HeaderValue> {
        let html = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("text/html"));
        html.then(|| self.0.clone())
    }
}
