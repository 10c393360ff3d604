//! The hosted pages, so an app in any language can send people to `/sign-in` or
//! `/sign-up` (with `?redirect_url=`) instead of embedding the components.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{SignIn, SignInButton, SignUp, UserButton, UserProfile};

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

#[component]
pub fn UserProfilePage() -> impl IntoView {
    view! {
        <Title text="Account · Hallpass" />
        <main class="hp-page flex min-h-screen flex-col items-center gap-4 px-4 py-8 sm:py-12">
            <nav aria-label="Account" class="hp-page-nav flex w-full max-w-3xl items-center justify-between">
                <a href="/" class="hp-link text-sm font-medium text-hp-primary hover:underline">"← Home"</a>
                <UserButton />
            </nav>
            <UserProfile />
        </main>
    }
}

/// Where the hosted sign-out lands: a clear statement, and the ways back in.
#[component]
pub fn SignedOutPage() -> impl IntoView {
    view! {
        <Title text="Signed out · Hallpass" />
        <main class="hp-page flex min-h-screen items-center justify-center px-4 py-12">
            <div class="hp-card hp-signed-out w-full max-w-sm rounded-hp border border-hp-border bg-hp-bg p-8 shadow-sm">
                <h1 class="hp-title text-2xl font-semibold text-hp-text">"You are signed out"</h1>
                <p class="hp-subtitle mt-1 text-sm text-hp-muted">
                    "You can close this page, or sign in again."
                </p>
                <div class="hp-signed-out-actions mt-6 flex items-center gap-4">
                    <SignInButton label="Sign in again" />
                    <a href="/" class="hp-link text-sm font-medium text-hp-primary hover:underline">"Home"</a>
                </div>
            </div>
        </main>
    }
}
