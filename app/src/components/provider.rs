use leptos::prelude::*;

use super::appearance::Appearance;
use crate::account::{SignedInUser, current_user};

/// Where the components send people, and how they look.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HallpassConfig {
    pub sign_in_url: String,
    pub sign_up_url: String,
    /// Where "Manage account" goes: a page showing `UserProfile`.
    pub user_profile_url: String,
    pub after_sign_out_url: String,
    pub appearance: Appearance,
}

impl Default for HallpassConfig {
    fn default() -> Self {
        Self {
            sign_in_url: "/sign-in".into(),
            sign_up_url: "/sign-up".into(),
            user_profile_url: "/user".into(),
            after_sign_out_url: "/".into(),
            appearance: Appearance::default(),
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
