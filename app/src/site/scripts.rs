//! Which bundle a page loads. The hosted pages need only their islands hydrated, so they
//! load a bundle of just those instead of the app's: well under half the bytes, and the
//! sign-in page, the one most visitors see first, gets the smallest.

use leptos::prelude::*;

/// The islands bundle of the sign-in, sign-up and signed-out pages, in the site's `pkg`
/// directory as `{this}.js` and `{this}.wasm`: `hallpass-hosted-frontend` built with its
/// `sign-in` feature.
const SIGN_IN_BUNDLE: &str = "hallpass-hosted";
/// The account page's islands bundle: `hallpass-hosted-frontend` with `account`.
const ACCOUNT_BUNDLE: &str = "hallpass-account";

/// The islands bundle of each hosted page, by its path segment under the app's root. The
/// signed-out page has no island, but its next page is the sign-in page: loading that
/// bundle there, when idle, makes the sign-in page quick.
const ISLAND_PAGES: [(&str, &str); 4] = [
    (super::SIGN_IN, SIGN_IN_BUNDLE),
    (super::SIGN_UP, SIGN_IN_BUNDLE),
    (super::SIGNED_OUT, SIGN_IN_BUNDLE),
    (super::USER, ACCOUNT_BUNDLE),
];

/// `<HydrationScripts>` for the page being rendered, in the shell's `<head>`: its islands
/// bundle for a hosted page, `options`' own full bundle for any other page.
#[component]
pub fn HostedHydrationScripts(options: LeptosOptions) -> impl IntoView {
    match rendering_islands_bundle() {
        Some(bundle) => {
            let mut options = options;
            options.output_name = bundle.into();
            view! { <HydrationScripts options islands=true /> }.into_any()
        }
        None => view! { <HydrationScripts options /> }.into_any(),
    }
}

/// The islands bundle of the page being rendered, if it is a hosted page. The shell is
/// only rendered on the server; the browser hydrates the body.
fn rendering_islands_bundle() -> Option<&'static str> {
    #[cfg(feature = "ssr")]
    let path = use_context::<http::request::Parts>().map(|parts| parts.uri.path().to_owned());
    #[cfg(not(feature = "ssr"))]
    let path = None::<String>;
    path.and_then(|path| islands_bundle(&path))
}

fn islands_bundle(path: &str) -> Option<&'static str> {
    let segment = path.trim_start_matches('/').trim_end_matches('/');
    ISLAND_PAGES
        .iter()
        .find(|(page, _)| *page == segment)
        .map(|(_, bundle)| *bundle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosted_pages_match_with_or_without_a_trailing_slash() {
        assert_eq!(islands_bundle("/sign-in"), Some(SIGN_IN_BUNDLE));
        assert_eq!(islands_bundle("/sign-up/"), Some(SIGN_IN_BUNDLE));
        assert_eq!(islands_bundle("/signed-out"), Some(SIGN_IN_BUNDLE));
        assert_eq!(islands_bundle("/user"), Some(ACCOUNT_BUNDLE));
        assert_eq!(islands_bundle("/"), None);
        assert_eq!(islands_bundle("/user/profile"), None);
        assert_eq!(islands_bundle("/sign-in-help"), None);
    }
}
