//! `UserProfile`: the signed-in person's account page, in sections. Each section's forms
//! post to the hosted `/user/...` routes when JavaScript is not running and call server
//! functions once hydrated; either way the engine acts on the session the request
//! proves, never on a user id from the form.

mod danger;
mod devices;
mod emails;
mod form;
mod password;
mod profile_section;

use leptos::prelude::*;

use super::{SignInButton, appearance::class};
use crate::{
    locale::t,
    profile::{Profile, load_profile},
};

/// The profile, loaded once per page and again after every saved change, and the
/// confirmation of the last change, kept outside the sections that reload.
#[derive(Clone, Copy)]
struct ProfileState {
    profile: Resource<Option<Profile>>,
    notice: RwSignal<Option<&'static str>>,
}

#[component]
pub fn UserProfile() -> impl IntoView {
    let profile = Resource::new_blocking(|| (), |_| async { load_profile().await.ok().flatten() });
    let notice = RwSignal::new(None);
    provide_context(ProfileState { profile, notice });
    view! {
        <div class=class("user-profile", "w-full max-w-3xl rounded-hp border border-hp-border bg-hp-bg p-6 shadow-sm sm:p-8")>
            <p role="status" class=class("user-profile-notice", "text-sm font-medium text-hp-primary empty:hidden")>
                {move || notice.get()}
            </p>
            // A transition: while a saved change reloads the profile, the sections stay.
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match profile.await {
                        Some(profile) => view! { <Sections profile /> }.into_any(),
                        None => view! { <SignedOutNotice /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Sections(profile: Profile) -> impl IntoView {
    let strings = t();
    view! {
        <header class=class("user-profile-header", "mb-2")>
            <h1 class=class("title", "text-2xl font-semibold text-hp-text")>{strings.profile.title}</h1>
            <p class=class("subtitle", "mt-1 text-sm text-hp-muted")>{strings.profile.subtitle}</p>
        </header>
        <profile_section::ProfileSection user=profile.user.clone() />
        <emails::EmailsSection emails=profile.emails.clone() />
        <password::PasswordSection password_enabled=profile.password_enabled />
        <devices::DevicesSection devices=profile.devices.clone() />
        <danger::DangerSection password_enabled=profile.password_enabled />
    }
}

#[component]
fn SignedOutNotice() -> impl IntoView {
    let strings = t();
    view! {
        <div class=class("user-profile-signed-out", "flex flex-col items-start gap-3")>
            <h1 class=class("title", "text-2xl font-semibold text-hp-text")>{strings.profile.title}</h1>
            <p class=class("subtitle", "text-sm text-hp-muted")>{strings.profile.signed_out}</p>
            <SignInButton />
        </div>
    }
}

/// A titled section: the title beside its content on wide screens, above it on phones.
#[component]
fn Section(key: &'static str, title: &'static str, children: Children) -> impl IntoView {
    let title_id = format!("hp-{key}-title");
    let labelled_by = title_id.clone();
    view! {
        <section
            aria-labelledby=labelled_by
            class=class(key, "grid gap-4 border-t border-hp-border py-6 sm:grid-cols-[10rem_1fr]")
        >
            <h2 id=title_id class=class("section-title", "text-sm font-semibold text-hp-text")>{title}</h2>
            <div class=class("section-body", "flex min-w-0 flex-col gap-4")>{children()}</div>
        </section>
    }
}
