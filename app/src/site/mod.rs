//! The site the `hallpass` binary serves: its HTML shell, router and pages.

mod hosted;
mod landing;
mod not_found;

use crate::components::HallpassProvider;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode, StaticSegment,
    components::{Route, Router, Routes},
};

/// Path of the stylesheet cargo-leptos builds from `style/tailwind.css`.
pub const STYLESHEET_PATH: &str = "/pkg/hallpass.css";

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        // The locale the provider negotiates for this request, which the browser reads
        // back while hydrating.
        <html lang=crate::locale::page_locale().tag()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body class="hp-theme-system min-h-screen bg-hp-page font-hp text-hp-text antialiased">
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href=STYLESHEET_PATH />
        <Title text="Hallpass" />
        <HallpassProvider>
            <Router>
                <Routes fallback=not_found::NotFound>
                    // Async: the status card is part of the first HTML, so it shows without JavaScript.
                    <Route path=StaticSegment("") view=landing::Landing ssr=SsrMode::Async />
                    <Route path=StaticSegment("sign-in") view=hosted::SignInPage />
                    <Route path=StaticSegment("sign-up") view=hosted::SignUpPage />
                    // Async: the whole profile is in the first HTML, so it works without JavaScript.
                    <Route path=StaticSegment("user") view=hosted::UserProfilePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("signed-out") view=hosted::SignedOutPage />
                </Routes>
            </Router>
        </HallpassProvider>
    }
}
