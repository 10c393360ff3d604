//! The forms of the sign-in and sign-up pages, as islands: a page rendered with
//! [`super::HostedHydrationScripts`] loads a bundle that hydrates only these, not the
//! app around them. In an app's full bundle they hydrate as ordinary components.
//!
//! In islands mode the browser runs none of the page outside the island: not the app's
//! `HallpassProvider`, not its `<Router>`. So an island takes what the provider decided
//! as a prop ([`IslandSetup`]) and provides it again itself. Islands here take no
//! children, which a full bundle would leave unhydrated.

use leptos::prelude::*;
use leptos_router::location::{BrowserUrl, LocationProvider, Url};
use serde::{Deserialize, Serialize};

use crate::{
    account::FormEcho,
    components::{HallpassConfig, SignIn, SignUp, use_config},
    locale::{Locale, use_locale},
};

/// What the components find in context under `HallpassProvider` and the app's router,
/// carried into an island as its props.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct IslandSetup {
    config: HallpassConfig,
    locale: Locale,
    /// What a form post without JavaScript echoed, so the hydrated form keeps showing it.
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

#[island]
pub fn SignInIsland(setup: IslandSetup) -> impl IntoView {
    setup.provide();
    view! { <SignIn /> }
}

#[island]
pub fn SignUpIsland(setup: IslandSetup) -> impl IntoView {
    setup.provide();
    view! { <SignUp /> }
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
