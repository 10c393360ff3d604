use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::appearance::Appearance;
use crate::{
    account::{SignedInUser, current_user},
    locale::{Locale, page_locale},
};

/// Where the components send people, how they look, and in which language they speak.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HallpassConfig {
    pub sign_in_url: String,
    pub sign_up_url: String,
    /// Where "Manage account" goes: a page showing `UserProfile`.
    pub user_profile_url: String,
    pub after_sign_out_url: String,
    pub appearance: Appearance,
    /// `None` lets each visitor's browser choose (`Accept-Language`); the page's shell
    /// must then render `<html lang=hallpass::locale::page_locale().tag()>`, which is how
    /// the browser learns the choice the server made.
    pub locale: Option<Locale>,
}

impl Default for HallpassConfig {
    fn default() -> Self {
        Self {
            sign_in_url: "/sign-in".into(),
            sign_up_url: "/sign-up".into(),
            user_profile_url: "/user".into(),
            after_sign_out_url: "/".into(),
            appearance: Appearance::default(),
            locale: None,
        }
    }
}

/// Who is signed in, loaded once per page. The resource blocks server rendering, so a
/// signed-in page is rendered signed in, with no flash of the signed-out state.
#[derive(Clone, Copy)]
pub struct AuthState {
    pub user: Resource<Option<SignedInUser>>,
}

#[component]
pub fn HallpassProvider(
    #[prop(optional)] config: Option<HallpassConfig>,
    children: Children,
) -> impl IntoView {
    let config = config.unwrap_or_default();
    provide_context(config.locale.unwrap_or_else(page_locale));
    provide_context(config.appearance.clone());
    provide_context(config);
    let user = Resource::new_blocking(|| (), |_| async { current_user().await.ok().flatten() });
    provide_context(AuthState { user });
    super::session_keeper::keep_session_fresh(user);
    children()
}

pub fn use_auth_state() -> AuthState {
    expect_context::<AuthState>()
}

pub(crate) fn use_config() -> HallpassConfig {
    use_context::<HallpassConfig>().unwrap_or_default()
}
