//! Entry point of the WASM bundle: hydrates the server-rendered page in place.
#![cfg(target_arch = "wasm32")]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(hallpass_journal::app::App);
    // Marks the page once the hydration work queued behind it (suspended parts) has run:
    // end-to-end tests wait for it before they use a form inline.
    leptos::prelude::request_animation_frame(|| {
        let _ = leptos::prelude::document()
            .document_element()
            .map(|html| html.set_attribute("data-hydrated", "true"));
    });
}
