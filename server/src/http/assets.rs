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
struct Site;

/// Precompressed variants cargo-leptos writes beside each file in release builds, best
/// first. Serving them spares compressing the WASM bundle on every request.
const ENCODINGS: [(&str, &str); 2] = [("br", ".br"), ("gzip", ".gz")];

/// The file at `path`, or `None` when the site has no such file.
pub fn serve(method: &Method, path: &str, request_headers: &HeaderMap) -> Option<Response> {
    if method != Method::GET && method != Method::HEAD {
        return None;
    }
    let path = path.trim_start_matches('/');
    let original = Site::get(path)?;
    let accepted = request_headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let (file, encoding) = ENCODINGS
        .iter()
        .filter(|(name, _)| accepts(accepted, name))
        .find_map(|(name, suffix)| {
            Site::get(&format!("{path}{suffix}")).map(|file| (file, Some(*name)))
        })
        .unwrap_or((original.clone(), None));

    let hash = file.metadata.sha256_hash();
    let etag = format!(
        "\"{}\"",
        hash[..16]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect::<String>()
    );
    let etag = HeaderValue::from_str(&etag).expect("hex is a valid header value");
    let mut headers = HeaderMap::new();
    headers.insert(header::ETAG, etag.clone());
    // File names carry no content hash, so browsers keep copies but revalidate each use;
    // an unchanged file then costs a 304 without a body.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if request_headers.get(header::IF_NONE_MATCH) == Some(&etag) {
        return Some((StatusCode::NOT_MODIFIED, headers).into_response());
    }
    let content_type = HeaderValue::from_str(original.metadata.mimetype())
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    headers.insert(header::CONTENT_TYPE, content_type);
    if let Some(encoding) = encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(file.data)
    };
    Some((headers, body).into_response())
}

/// Whether an `Accept-Encoding` value allows `encoding` (a `q=0` entry refuses it).
fn accepts(accept_encoding: &str, encoding: &str) -> bool {
    accept_encoding.split(',').any(|entry| {
        let mut parts = entry.split(';').map(str::trim);
        parts.next() == Some(encoding) && !parts.any(|param| param.replace(' ', "") == "q=0")
    })
}

#[cfg(test)]
mod tests {
    use super::accepts;

    #[test]
    fn accept_encoding_is_read_per_entry() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("gzip;q=0.8", "gzip"));
        assert!(!accepts("gzip;q=0, br", "gzip"));
        assert!(!accepts("identity", "gzip"));
        assert!(!accepts("", "br"));
    }
}
