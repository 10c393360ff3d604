//! Where a flow may send a browser afterwards. Only paths on this site, or URLs on an
//! allowed origin: anything else would make Hallpass an open redirector that lends its
//! name to phishing links.

/// `target` if it is safe to redirect to, else `fallback`.
pub fn safe_target<'a>(
    target: Option<&'a str>,
    allowed_origins: &[String],
    fallback: &'a str,
) -> &'a str {
    target
        .filter(|target| is_allowed(target, allowed_origins))
        .unwrap_or(fallback)
}

fn is_allowed(target: &str, allowed_origins: &[String]) -> bool {
    if target.is_empty()
        || target
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return false;
    }
    if let Some(rest) = target.strip_prefix('/') {
        // `//host` and `/\host` are protocol-relative URLs to another site.
        return !rest.starts_with('/');
    }
    match url::Url::parse(target) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            let origin = url.origin().ascii_serialization();
            allowed_origins.contains(&origin)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed() -> Vec<String> {
        vec![
            "https://example.com".into(),
            "https://app.example.com".into(),
        ]
    }

    #[test]
    fn relative_paths_and_allowed_origins_pass() {
        for target in [
            "/",
            "/dashboard",
            "/a/b?c=d#e",
            "https://example.com/welcome",
            "https://app.example.com",
        ] {
            assert_eq!(
                safe_target(Some(target), &allowed(), "/"),
                target,
                "{target}"
            );
        }
    }

    #[test]
    fn everything_else_falls_back() {
        for target in [
            "//evil.com",
            "/\\evil.com",
            "https:evil.com",
            "https://evil.com",
            "javascript:alert(1)",
            "data:text/html,hi",
            "https://example.com.evil.com/",
            "https://evil-example.com/",
            "http://example.com/",
            "https://example.com:8443/",
            " /dashboard",
            "/dash board",
            "",
            "dashboard",
        ] {
            assert_eq!(
                safe_target(Some(target), &allowed(), "/"),
                "/",
                "{target:?}"
            );
        }
        assert_eq!(safe_target(None, &allowed(), "/home"), "/home");
    }
}
