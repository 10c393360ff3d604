use leptos::{ev::SubmitEvent, html::Input, prelude::*};

use super::{
    Section,
    form::{ChangeForm, PRIMARY_BUTTON, SECONDARY_BUTTON},
};
use crate::{
    account::SignedInUser,
    components::{
        UserAvatar,
        appearance::class,
        field::{Field, FormAlert, read},
    },
    locale::t,
    profile::{ProfileForm, UpdateProfile},
};

/// The accepted picture types; the server checks the bytes themselves too.
const IMAGE_TYPES: &str = "image/png,image/jpeg,image/webp,image/gif";

#[component]
pub fn ProfileSection(user: SignedInUser) -> impl IntoView {
    view! {
        <Section key="profile-section" title=t().profile.profile_section>
            <AvatarForms user=user.clone() />
            <NamesForm user />
        </Section>
    }
}

/// Upload and removal are ordinary form posts with or without JavaScript: a file upload
/// is a page-sized action anyway, and the page comes back with the new picture.
#[component]
fn AvatarForms(user: SignedInUser) -> impl IntoView {
    let echo = use_context::<crate::account::FormEcho>()
        .unwrap_or_default()
        .for_form("avatar");
    let strings = t();
    let issues = Signal::stored(super::form::localized(echo.issues, strings));
    let has_image = user.image_url.is_some();
    let strings = &strings.profile;
    view! {
        <div class=class("avatar-row", "flex flex-wrap items-center gap-4")>
            <UserAvatar user large=true />
            <form
                method="post"
                action="/user/avatar"
                enctype="multipart/form-data"
                class=class("avatar-upload", "flex flex-wrap items-center gap-2")
            >
                <label for="hp-field-file" class=class("field-label", "sr-only")>{strings.picture}</label>
                <input
                    id="hp-field-file"
                    type="file"
                    name="file"
                    accept=IMAGE_TYPES
                    required=true
                    aria-describedby="hp-field-file-hint hp-field-file-error"
                    class=class("avatar-file-input", "max-w-full text-sm text-hp-text file:mr-3 file:rounded-md file:border file:border-hp-input file:bg-hp-bg file:px-3 file:py-1.5 file:text-sm file:text-hp-text")
                />
                <button type="submit" class=class("button-secondary avatar-upload-button", SECONDARY_BUTTON)>{strings.upload}</button>
            </form>
            {has_image.then(|| view! {
                <form method="post" action="/user/avatar/remove" class=class("avatar-remove", "")>
                    <button type="submit" class=class("button-secondary avatar-remove-button", SECONDARY_BUTTON)>{strings.remove}</button>
                </form>
            })}
        </div>
        <p id="hp-field-file-hint" class=class("field-hint", "text-xs text-hp-muted")>
            {strings.picture_hint}
        </p>
        <p id="hp-field-file-error" class=class("field-error", "text-sm text-hp-danger") aria-live="polite">
            {move || issues.get().into_iter().map(|issue| issue.message).next()}
        </p>
    }
}

#[component]
fn NamesForm(user: SignedInUser) -> impl IntoView {
    let action = ServerAction::<UpdateProfile>::new();
    let ChangeForm { echo, issues } =
        ChangeForm::new("profile", t().profile.profile_saved, move || {
            action.value().get()
        });
    let first_name = NodeRef::<Input>::new();
    let last_name = NodeRef::<Input>::new();
    let username = NodeRef::<Input>::new();
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        action.dispatch(UpdateProfile {
            form: ProfileForm {
                first_name: read(first_name),
                last_name: read(last_name),
                username: read(username),
            },
        });
    };
    let value =
        |name: &str, stored: Option<String>| echo.value(name).or(stored).unwrap_or_default();
    let strings = t();
    view! {
        <form method="post" action="/user/profile" on:submit=on_submit class=class("form", "flex flex-col gap-3")>
            <div class=class("name-fields", "grid gap-3 sm:grid-cols-2")>
                <Field
                    name="first_name"
                    label=strings.fields.first_name
                    kind="text"
                    autocomplete="given-name"
                    value=value("first_name", user.first_name.clone())
                    issues
                    node_ref=first_name
                />
                <Field
                    name="last_name"
                    label=strings.fields.last_name
                    kind="text"
                    autocomplete="family-name"
                    value=value("last_name", user.last_name.clone())
                    issues
                    node_ref=last_name
                />
            </div>
            <Field
                name="username"
                label=strings.fields.username
                kind="text"
                autocomplete="username"
                value=value("username", user.username.clone())
                issues
                node_ref=username
            />
            <FormAlert issues />
            <button type="submit" disabled=move || action.pending().get() class=class("button-primary save-profile-button", PRIMARY_BUTTON)>
                {strings.profile.save_profile}
            </button>
        </form>
    }
}
