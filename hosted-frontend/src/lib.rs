//! Entry point of the hosted pages' islands bundles, one per feature. The islands' own
//! hydrate functions come from `hallpass`, exported by `#[island]` (the feature says
//! which); the page's script calls them for each `<leptos-island>` once `hydrate` has set
//! up the reactive root.
#![cfg(target_arch = "wasm32")]

// Links the crate whose islands this bundle exports.
pub use hallpass;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // The page's script hydrates the islands right after this returns, before the next
    // frame.
    hallpass::site::mark_hydrated();
}
