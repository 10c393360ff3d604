use leptos::{ev::SubmitEvent, html::Input, prelude::*};

use super::{
    Section,
    form::{ChangeForm, DANGER_BUTTON},
};
use crate::{
    components::{
        appearance::class,
        field::{Field, FormAlert, read},
        provider::use_config,
    },
    locale::t,
    profile::{Change, DeleteAccount},
};

/// Deleting the account is behind a disclosure and the password, so it is never one
/// stray click away.
#[component]
pub fn DangerSection(password_enabled: bool) -> impl IntoView {
    let action = ServerAction::<DeleteAccount>::new();
    let ChangeForm { echo, issues } =
        ChangeForm::new("delete", t().profile.account_deleted, move || {
            action.value().get()
        });
    let after = use_config().after_sign_out_url;
    Effect::new(move |_| {
        if let Some(Ok(Change::Saved)) = action.value().get() {
            let _ = window().location().assign(&after);
        }
    });
    let password = NodeRef::<Input>::new();
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        action.dispatch(DeleteAccount {
            password: read(password),
        });
    };
    // Open again when the server sent the form back with a problem.
    let open = !echo.issues.is_empty();
    let strings = &t().profile;
    view! {
        <Section key="danger-section" title=strings.danger_section>
            <details open=open class=class("delete-account", "rounded-md border border-hp-danger p-4")>
                <summary class=class("delete-account-summary", "cursor-pointer text-sm font-medium text-hp-danger focus-visible:outline focus-visible:outline-2 focus-visible:outline-hp-danger")>
                    {strings.delete_account}
                </summary>
                <form method="post" action="/user/delete" on:submit=on_submit class=class("form", "mt-4 flex flex-col gap-3")>
                    <p class=class("delete-account-warning", "text-sm text-hp-muted")>
                        {strings.delete_warning}
                    </p>
                    {password_enabled.then(|| view! {
                        <Field
                            name="password"
                            label=strings.confirm_password
                            kind="password"
                            autocomplete="current-password"
                            required=true
                            issues
                            node_ref=password
                        />
                    })}
                    <FormAlert issues />
                    <button type="submit" disabled=move || action.pending().get() class=class("button-danger delete-account-button", DANGER_BUTTON)>
                        {strings.delete_submit}
                    </button>
                </form>
            </details>
        </Section>
    }
}
