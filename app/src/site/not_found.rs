use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="mx-auto max-w-xl px-6 py-24 text-center">
            <h1 class="text-3xl font-semibold">"Page not found"</h1>
            <p class="mt-4 text-hp-muted">"There is nothing at this address."</p>
            <a class="mt-8 inline-block text-hp-primary hover:underline" href="/">
                "Back to the start page"
            </a>
        </main>
    }
}
