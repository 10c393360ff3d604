use leptos::prelude::*;

use crate::account::{SignedInUser, current_user};

/// Where the components send people, where the hosted forms post, and how they look.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HallpassConfig {
    pub sign_in_url: String,
    pub sign_up_url: String,
    pub after_sign_out_url: String,
    pub theme: Theme,
}

impl Default for HallpassConfig {
    fn default() -> Self {
        Self {
            sign_in_url: "/sign-in".into(),
            sign_up_url: "/sign-up".into(),
            after_sign_out_url: "/".into(),
            theme: Theme::System,
        }
    }
}

/// Light, dark, or whatever the visitor's system prefers. The palette itself is the
/// `--hp-*` CSS variables of the Hallpass stylesheet, which apps may override.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    #[default]
    System,
}

impl Theme {
    pub fn class(self) -> &'static str {
        match self {
            Theme::Light => "hp-theme-light",
            Theme::Dark => "hp-theme-dark",
            Theme::System => "hp-theme-system",
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
    // `contents`: the wrapper adds no box, only the theme variables its children inherit.
    let class = format!("hp-root contents font-hp {}", config.theme.class());
    provide_context(config);
    let user = Resource::new_blocking(|| (), |_| async { current_user().await.ok().flatten() });
    provide_context(AuthState { user });
    view! { <div class=class>{children()}</div> }
}

pub fn use_auth_state() -> AuthState {
    expect_context::<AuthState>()
}

pub(crate) fn use_config() -> HallpassConfig {
    use_context::<HallpassConfig>().unwrap_or_default()
}
