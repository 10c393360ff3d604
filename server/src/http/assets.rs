//! The site cargo-leptos builds (WASM, JS, CSS and `public/`), compiled into the binary so
//! that the binary alone is the deployment.
//!
//! Debug builds read the files from `target/site` on each request instead, which keeps
//! `cargo leptos watch` working.

use axum::{
    body::Body,
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    response::{IntoResponse, Response},
};
use rust_embed::Embed;

#[derive(Embed)]
#[folder = "../target/site"]
#[allow_missing = true]
struct Site;

/// The file at `path`, or `None` when the site has no such file.
pub fn serve(method: &Method, path: &str, request_headers: &HeaderMap) -> Option<Response> {
    if method != Method::GET && method != Method::HEAD {
        return None;
    }
    let file = Site::get(path.trim_start_matches('/'))?;
    let hash = file.metadata.sha256_hash();
    let etag = format!(
        "\"{}\"",
        hash[..16]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect::<String>()
    );
    let etag = HeaderValue::from_str(&etag).expect("hex is a valid header value");
    // File names carry no content hash, so browsers keep copies but revalidate each use;
    // an unchanged file then costs a 304 without a body.
    let cache = HeaderValue::from_static("no-cache");
    if request_headers.get(header::IF_NONE_MATCH) == Some(&etag) {
        return Some(
            (
                StatusCode::NOT_MODIFIED,
                [(header::ETAG, etag), (header::CACHE_CONTROL, cache)],
            )
                .into_response(),
        );
    }
    let content_type = HeaderValue::from_str(file.metadata.mimetype())
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(file.data)
    };
    Some(
        (
            [
                (header::CONTENT_TYPE, content_type),
                (header::ETAG, etag),
                (header::CACHE_CONTROL, cache),
            ],
            body,
        )
            .into_response(),
    )
}
