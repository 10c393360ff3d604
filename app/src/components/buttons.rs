use leptos::prelude::*;

use super::provider::use_config;

const PRIMARY: &str = "hp-button-primary rounded-md bg-hp-primary px-3 py-1.5 font-medium text-hp-on-primary hover:bg-hp-primary-hover focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-hp-primary";
const LINK: &str = "hp-link font-medium text-hp-primary hover:underline focus-visible:outline focus-visible:outline-2 focus-visible:outline-hp-primary";

/// A link to the configured sign-in page: a link, not a script, so it works everywhere.
#[component]
pub fn SignInButton(#[prop(optional, into)] label: Option<String>) -> impl IntoView {
    let config = use_config();
    view! {
        <a href=config.sign_in_url class=format!("hp-sign-in-button {LINK}")>
            {label.unwrap_or_else(|| "Sign in".into())}
        </a>
    }
}

/// A link to the configured sign-up page.
#[component]
pub fn SignUpButton(#[prop(optional, into)] label: Option<String>) -> impl IntoView {
    let config = use_config();
    view! {
        <a href=config.sign_up_url class=format!("hp-sign-up-button {PRIMARY}")>
            {label.unwrap_or_else(|| "Sign up".into())}
        </a>
    }
}
