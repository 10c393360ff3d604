//! The hosted pages, so an app in any language can send people to `/sign-in` or
//! `/sign-up` (with `?redirect_url=`) instead of embedding the components. What reacts
//! on them is an island (see [`super::islands`]); the rest is plain HTML.

use leptos::prelude::*;
use leptos_meta::Title;

use super::islands::{AccountIsland, IslandSetup, SignInIsland, SignUpIsland};
use crate::{
    components::{SignInButton, class},
    locale::t,
};

#[component]
pub fn SignInPage() -> impl IntoView {
    view! {
        <Title text=t().pages.sign_in_title />
        <main class=class("page", "flex min-h-screen items-center justify-center px-4 py-12")>
            <SignInIsland setup=IslandSetup::from_page() />
        </main>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    view! {
        <Title text=t().pages.sign_up_title />
        <main class=class("page", "flex min-h-screen items-center justify-center px-4 py-12")>
            <SignUpIsland setup=IslandSetup::from_page() />
        </main>
    }
}

#[component]
pub fn UserProfilePage() -> impl IntoView {
    view! {
        <Title text=t().pages.account_title />
        <main class=class("page", "flex min-h-screen flex-col items-center gap-4 px-4 py-8 sm:py-12")>
            <AccountIsland setup=IslandSetup::from_page() />
        </main>
    }
}

/// Where the hosted sign-out lands: a clear statement, and the ways back in. Only links,
/// so no island.
#[component]
pub fn SignedOutPage() -> impl IntoView {
    let strings = &t().pages;
    view! {
        <Title text=strings.signed_out_title />
        <main class=class("page", "flex min-h-screen items-center justify-center px-4 py-12")>
            <div class=class("card signed-out", "w-full max-w-sm rounded-hp border border-hp-border bg-hp-bg p-8 shadow-sm")>
                <h1 class=class("title", "text-2xl font-semibold text-hp-text")>{strings.signed_out_heading}</h1>
                <p class=class("subtitle", "mt-1 text-sm text-hp-muted")>{strings.signed_out_text}</p>
                <div class=class("signed-out-actions", "mt-6 flex items-center gap-4")>
                    <SignInButton label=strings.sign_in_again />
                    <a href="/" class=class("link", "text-sm font-medium text-hp-primary hover:underline")>{strings.home}</a>
                </div>
            </div>
        </main>
    }
}
