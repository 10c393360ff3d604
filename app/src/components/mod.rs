//! The drop-in components. Every form is a real HTML form posting to a hosted route, so
//! it works before (or without) the WASM; once hydrated, the same form calls the server
//! function instead and shows problems inline, without a reload.

mod appearance;
mod buttons;
mod control;
mod field;
mod password_strength;
mod provider;
mod resend;
pub(crate) mod session_keeper;
mod sign_in;
mod sign_out;
mod sign_up;
mod user_button;
mod user_profile;

pub use appearance::Appearance;
pub(crate) use appearance::class;
pub use buttons::{SignInButton, SignUpButton};
pub use control::{Protect, RedirectToSignIn, SignedIn, SignedOut, UserLabel};
pub use password_strength::{Strength, estimate as estimate_password_strength};
pub(crate) use provider::use_config;
pub use provider::{AuthState, HallpassConfig, HallpassProvider, use_auth_state};
pub use sign_in::SignIn;
pub use sign_out::SignOutButton;
pub use sign_up::SignUp;
pub use user_button::{UserAvatar, UserButton, display_name, initials};
pub use user_profile::UserProfile;

/// `base`, with `redirect_url` passed on when there is one.
fn with_redirect(base: &str, redirect_url: Option<&str>) -> String {
    match redirect_url {
        Some(target) => {
            let encoded: String = form_urlencoded::byte_serialize(target.as_bytes()).collect();
            format!("{base}?redirect_url={encoded}")
        }
        None => base.to_owned(),
    }
}
