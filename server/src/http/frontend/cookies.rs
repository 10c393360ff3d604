//! The two cookies: `__client` (the long-lived client token) and `__session` (the
//! short-lived JWT). Both HttpOnly: page scripts get tokens from the tokens endpoint,
//! never from `document.cookie`, so an injected script cannot read the client token.

use axum::http::{HeaderMap, HeaderValue};
use cookie::{Cookie, SameSite, time::Duration};

use crate::{
    sessions::ClientToken,
    verify::{SESSION_COOKIE, cookie},
};

pub const CLIENT_COOKIE: &str = "__client";

pub fn client_token(headers: &HeaderMap) -> Option<ClientToken> {
    cookie(headers, CLIENT_COOKIE).map(ClientToken::from_cookie)
}

fn build(
    name: &'static str,
    value: String,
    secure: bool,
    max_age: Option<Duration>,
) -> HeaderValue {
    let mut cookie = Cookie::build((name, value))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/")
        .secure(secure);
    if let Some(max_age) = max_age {
        cookie = cookie.max_age(max_age);
    }
    HeaderValue::from_str(&cookie.build().to_string()).expect("cookie values are base64url or JWTs")
}

pub fn set_client(token: &ClientToken, secure: bool, lifetime_secs: i64) -> HeaderValue {
    build(
        CLIENT_COOKIE,
        token.as_str().to_owned(),
        secure,
        Some(Duration::seconds(lifetime_secs)),
    )
}

pub fn set_session(jwt: String, secure: bool) -> HeaderValue {
    build(SESSION_COOKIE, jwt, secure, None)
}

pub fn clear_session(secure: bool) -> HeaderValue {
    build(SESSION_COOKIE, String::new(), secure, Some(Duration::ZERO))
}
