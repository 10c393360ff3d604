//! What reacts on the hosted pages, as islands: a page rendered with
//! [`super::HostedHydrationScripts`] loads a bundle that hydrates only its islands, not
//! the app around them. In an app's full bundle they hydrate as ordinary components.
//!
//! An island's hydrate function is a WASM export, and the linker keeps every export with
//! all the code it reaches. So each islands bundle is built with a feature that turns
//! the other pages' islands into plain components, which it then leaves out:
//! `sign-in-bundle` (keeps sign-in and sign-up) and `account-bundle` (keeps the account
//! page). Without either, as on the server and in any app's full bundle, all of them are
//! islands, which a full bundle hydrates in place with the rest of the page.
//!
//! In islands mode the browser runs none of the page outside the island: not the app's
//! `HallpassProvider`, not its `<Router>`. So an island takes what the provider decided
//! as a prop ([`IslandSetup`]) and provides it again itself. Islands here take no
//! children, which a full bundle would leave unhydrated.

use leptos::prelude::*;
use leptos_router::location::{BrowserUrl, LocationProvider, Url};
use serde::{Deserialize, Serialize};

use crate::{
    account::{FormEcho, current_user},
    components::{
        AuthState, HallpassConfig, SignIn, SignUp, UserButton, UserProfile, class,
        session_keeper::keep_session_fresh, use_config,
    },
    locale::{Locale, t, use_locale},
};

/// What the components find in context under `HallpassProvider` and the app's router,
/// carried into an island as its props.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct IslandSetup {
    config: HallpassConfig,
    locale: Locale,
    /// What a form post without JavaScript echoed, so the form hydrated by an islands
    /// bundle keeps showing it.
    echo: FormEcho,
    /// True where the page itself builds the island, which only happens under the app's
    /// `<Router>`. Never sent, so an island hydrating on its own knows it has no router.
    #[serde(skip)]
    routed: bool,
}

impl IslandSetup {
    /// The settings of the page being rendered.
    pub fn from_page() -> Self {
        Self {
            config: use_config(),
            locale: use_locale(),
            echo: use_context().unwrap_or_default(),
            routed: true,
        }
    }

    fn provide(self) {
        provide_context(self.locale);
        provide_context(self.config.appearance.clone());
        provide_context(self.config);
        provide_context(self.echo);
        // Without a router, the query hooks read this URL instead (`use_query_map`
        // looks for it first). A router's own URL must stay: it follows navigation.
        if !self.routed
            && let Ok(url) = BrowserUrl::current()
        {
            provide_context(ArcRwSignal::<Url>::new(url));
        }
    }
}

#[cfg_attr(not(feature = "account-bundle"), island)]
#[cfg_attr(feature = "account-bundle", component)]
pub fn SignInIsland(setup: IslandSetup) -> impl IntoView {
    setup.provide();
    view! { <SignIn /> }
}

#[cfg_attr(not(feature = "account-bundle"), island)]
#[cfg_attr(feature = "account-bundle", component)]
pub fn SignUpIsland(setup: IslandSetup) -> impl IntoView {
    setup.provide();
    view! { <SignUp /> }
}

/// The account page's menu and profile, in one island so that a saved change reloads the
/// user both show.
#[cfg_attr(not(feature = "sign-in-bundle"), island)]
#[cfg_attr(feature = "sign-in-bundle", component)]
pub fn AccountIsland(setup: IslandSetup) -> impl IntoView {
    setup.provide();
    provide_island_auth_state();
    let strings = &t().pages;
    view! {
        <nav aria-label=strings.account_nav class=class("page-nav", "flex w-full max-w-3xl items-center justify-between")>
            <a href="/" class=class("link", "text-sm font-medium text-hp-primary hover:underline")>{strings.back_home}</a>
            <UserButton />
        </nav>
        <UserProfile />
    }
}

/// The user state the account page shows. In an app's full bundle in the browser, the
/// provider's own, so that a saved change reaches the rest of the app too. Elsewhere an
/// `AuthState` of the island's own: in islands mode a resource made outside an island is
/// neither sent to the browser nor hydrated. On the server it takes the provider's answer
/// rather than asking again; in an islands bundle it asks the server, and keeps the
/// session fresh, as no provider runs there.
fn provide_island_auth_state() {
    let page = use_context::<AuthState>();
    if page.is_some() && !cfg!(feature = "ssr") {
        return;
    }
    let user = Resource::new_blocking(
        || (),
        move |_| async move {
            match page {
                Some(page) => page.user.await,
                None => current_user().await.ok().flatten(),
            }
        },
    );
    provide_context(AuthState { user });
    if page.is_none() {
        keep_session_fresh(user);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_island_never_hears_that_it_is_routed() {
        let setup = IslandSetup {
            config: HallpassConfig::default(),
            locale: Locale::Fr,
            echo: FormEcho::default(),
            routed: true,
        };
        let json = leptos::serde_json::to_string(&setup).expect("serializable");
        let sent: IslandSetup = leptos::serde_json::from_str(&json).expect("deserializable");
        assert!(!sent.routed);
        assert_eq!(sent.locale, Locale::Fr);
    }
}
