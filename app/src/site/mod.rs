//! Hallpass's hosted pages, for the app that serves them: `/sign-in` and `/sign-up`
//! (with `?redirect_url=`), `/user` and `/signed-out`, so an app in any language can send
//! people there instead of embedding the components.

mod hosted;
mod islands;
mod not_found;
mod scripts;

use leptos::prelude::*;
use leptos_router::{
    SsrMode, StaticSegment,
    components::{Outlet, ParentRoute, Route},
};

pub use hosted::{SignInPage, SignUpPage, SignedOutPage, UserProfilePage};
pub use not_found::NotFound;
pub use scripts::HostedHydrationScripts;

/// Marks `<html data-hydrated="true">` on the next frame, once the hydration work queued
/// behind a bundle's entry point (suspended parts, islands) has run: end-to-end tests
/// wait for it before they use a form inline. For a bundle's `hydrate` to call last.
#[cfg(feature = "hydrate")]
pub fn mark_hydrated() {
    request_animation_frame(|| {
        let _ = document()
            .document_element()
            .map(|html| html.set_attribute("data-hydrated", "true"));
    });
}

/// Path of the stylesheet cargo-leptos builds from `style/tailwind.css`.
pub const STYLESHEET_PATH: &str = "/pkg/hallpass.css";

const SIGN_IN: &str = "sign-in";
const SIGN_UP: &str = "sign-up";
const USER: &str = "user";
const SIGNED_OUT: &str = "signed-out";

/// Every hosted page, as routes for the app's `<Routes>`. The one list of them: a new
/// hosted page added here reaches every app that mounts these.
///
/// ```
/// use hallpass::site::{HostedRoutes, NotFound};
/// use leptos::prelude::*;
/// use leptos_router::components::{Router, Routes};
///
/// #[component]
/// fn App() -> impl IntoView {
///     view! {
///         <Router>
///             <Routes fallback=NotFound>
///                 <HostedRoutes />
///             </Routes>
///         </Router>
///     }
/// }
/// ```
#[component(transparent)]
pub fn HostedRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    // One parent around the pages, because a transparent component returns one route
    // (with `erase_components`, the debug builds' setting, a list is another type).
    view! {
        <ParentRoute path=StaticSegment("") view=Outlet>
            <Route path=StaticSegment(SIGN_IN) view=SignInPage />
            <Route path=StaticSegment(SIGN_UP) view=SignUpPage />
            // Async: the whole profile is in the first HTML, so it works without JavaScript.
            <Route path=StaticSegment(USER) view=UserProfilePage ssr=SsrMode::Async />
            <Route path=StaticSegment(SIGNED_OUT) view=SignedOutPage />
        </ParentRoute>
    }
    .into_inner()
}
