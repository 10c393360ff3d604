//! Entry point of the WASM bundle: hydrates the server-rendered page in place.
#![cfg(target_arch = "wasm32")]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(hallpass_journal::app::App);
    hallpass::site::mark_hydrated();
}
