//! The hosted pages, so an app in any language can send people to `/sign-in` or
//! `/sign-up` (with `?redirect_url=`) instead of embedding the components.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{SignIn, SignUp};

#[component]
pub fn SignInPage() -> impl IntoView {
    view! {
        <Title text="Sign in · Hallpass" />
        <main class="hp-page flex min-h-screen items-center justify-center px-4 py-12">
            <SignIn />
        </main>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    view! {
        <Title text="Sign up · Hallpass" />
        <main class="hp-page flex min-h-screen items-center justify-center px-4 py-12">
            <SignUp />
        </main>
    }
}
