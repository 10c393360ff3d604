use leptos::prelude::*;

use super::{appearance::class, provider::use_config};
use crate::locale::t;

const PRIMARY: &str = "rounded-md bg-hp-primary px-3 py-1.5 font-medium text-hp-on-primary hover:bg-hp-primary-hover focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-hp-primary";
const LINK: &str = "font-medium text-hp-primary hover:underline focus-visible:outline focus-visible:outline-2 focus-visible:outline-hp-primary";

/// A link to the configured sign-in page: a link, not a script, so it works everywhere.
#[component]
pub fn SignInButton(#[prop(optional, into)] label: Option<String>) -> impl IntoView {
    let config = use_config();
    view! {
        <a href=config.sign_in_url class=class("link sign-in-button", LINK)>
            {label.unwrap_or_else(|| t().sign_in.link.into())}
        </a>
    }
}

/// A link to the configured sign-up page.
#[component]
pub fn SignUpButton(#[prop(optional, into)] label: Option<String>) -> impl IntoView {
    let config = use_config();
    view! {
        <a href=config.sign_up_url class=class("button-primary sign-up-button", PRIMARY)>
            {label.unwrap_or_else(|| t().sign_up.link.into())}
        </a>
    }
}
