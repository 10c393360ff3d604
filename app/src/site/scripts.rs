//! Which bundle a page loads. The sign-in and sign-up pages need only their forms
//! hydrated, so they load a bundle of just those islands instead of the app's: well
//! under half the bytes, on the pages most visitors see first.

use leptos::prelude::*;

/// The islands bundle's file names in the site's `pkg` directory: `{this}.js` and
/// `{this}.wasm`, built from the `hallpass-hosted-frontend` crate.
pub const HOSTED_OUTPUT_NAME: &str = "hallpass-hosted";

/// `<HydrationScripts>` for the page being rendered, in the shell's `<head>`: the islands
/// bundle for the sign-in, sign-up and signed-out pages, `options`' own full bundle for
/// any other page.
#[component]
pub fn HostedHydrationScripts(options: LeptosOptions) -> impl IntoView {
    if rendering_island_page() {
        let mut options = options;
        options.output_name = HOSTED_OUTPUT_NAME.into();
        view! { <HydrationScripts options islands=true /> }.into_any()
    } else {
        view! { <HydrationScripts options /> }.into_any()
    }
}

/// Whether the request being rendered is for a page of islands. The shell is only
/// rendered on the server; the browser hydrates the body.
fn rendering_island_page() -> bool {
    #[cfg(feature = "ssr")]
    let path = use_context::<http::request::Parts>().map(|parts| parts.uri.path().to_owned());
    #[cfg(not(feature = "ssr"))]
    let path = None::<String>;
    path.is_some_and(|path| is_island_path(&path))
}

fn is_island_path(path: &str) -> bool {
    let segment = path.trim_start_matches('/').trim_end_matches('/');
    super::ISLAND_PAGES.contains(&segment)
}

#[cfg(test)]
mod tests {
    use super::is_island_path;

    #[test]
    fn island_pages_match_with_or_without_a_trailing_slash() {
        assert!(is_island_path("/sign-in"));
        assert!(is_island_path("/sign-up/"));
        assert!(is_island_path("/signed-out"));
        assert!(!is_island_path("/"));
        assert!(!is_island_path("/user"));
        assert!(!is_island_path("/sign-in-help"));
    }
}
