//! The site's HTML shell and router: the journal at `/`, Hallpass's hosted pages beside it.

use hallpass::{
    components::HallpassProvider,
    site::{HostedHydrationScripts, HostedRoutes, NotFound, STYLESHEET_PATH},
};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode, StaticSegment,
    components::{Route, Router, Routes},
};

use crate::page::JournalPage;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        // The locale the provider negotiates for this request, which the browser reads
        // back while hydrating.
        <html lang=hallpass::locale::page_locale().tag()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                // Hallpass's hosted pages load its islands bundles, every other page the
                // journal's.
                <HostedHydrationScripts options />
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
        <Title text="Journal" />
        <HallpassProvider>
            <Router>
                <Routes fallback=NotFound>
                    // Async: the entries are in the first HTML, so the page works without
                    // JavaScript (streamed out of order, they would need a script to appear).
                    <Route path=StaticSegment("") view=JournalPage ssr=SsrMode::Async />
                    <HostedRoutes />
                </Routes>
            </Router>
        </HallpassProvider>
    }
}
