use leptos::{ev::SubmitEvent, html::Input, prelude::*};

use super::{
    Section,
    form::{ChangeForm, PRIMARY_BUTTON},
};
use crate::{
    components::{
        appearance::class,
        field::{Field, FormAlert, read},
        password_strength::NewPasswordField,
    },
    locale::t,
    profile::{Change, ChangePassword, PasswordForm},
};

#[component]
pub fn PasswordSection(password_enabled: bool) -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let ChangeForm { issues, .. } =
        ChangeForm::new("password", t().profile.password_changed, move || {
            action.value().get()
        });
    let current = NodeRef::<Input>::new();
    let new = NodeRef::<Input>::new();
    let sign_out_others = NodeRef::<Input>::new();
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        action.dispatch(ChangePassword {
            form: PasswordForm {
                current_password: read(current),
                new_password: read(new),
                sign_out_of_other_sessions: sign_out_others
                    .get()
                    .is_some_and(|input| input.checked()),
            },
        });
    };
    let saved = move || matches!(action.value().get(), Some(Ok(Change::Saved)));
    // Clears the fields once the change is saved, so the page holds no password.
    Effect::new(move |_| {
        if saved() {
            for input in [current, new] {
                if let Some(input) = input.get() {
                    input.set_value("");
                }
            }
        }
    });
    let strings = &t().profile;
    view! {
        <Section key="password-section" title=strings.password_section>
            <form method="post" action="/user/password" on:submit=on_submit class=class("form", "flex flex-col gap-3")>
                {password_enabled.then(|| view! {
                    <Field
                        name="current_password"
                        label=strings.current_password
                        kind="password"
                        autocomplete="current-password"
                        required=true
                        issues
                        node_ref=current
                    />
                })}
                <NewPasswordField name="new_password" label=strings.new_password issues node_ref=new />
                <label class=class("checkbox", "flex items-center gap-2 text-sm text-hp-text")>
                    <input
                        node_ref=sign_out_others
                        type="checkbox"
                        name="sign_out_of_other_sessions"
                        checked=true
                        class=class("checkbox-input", "h-4 w-4 accent-hp-primary")
                    />
                    {strings.sign_out_other_devices}
                </label>
                <FormAlert issues />
                <button type="submit" disabled=move || action.pending().get() class=class("button-primary change-password-button", PRIMARY_BUTTON)>
                    {if password_enabled { strings.change_password } else { strings.set_password }}
                </button>
            </form>
        </Section>
    }
}
