use leptos::{ev::SubmitEvent, html::Input, prelude::*};

use super::{
    Section,
    form::{BADGE, ChangeForm, LastChange, PRIMARY_BUTTON, SECONDARY_BUTTON},
};
use crate::{
    account::Issue,
    components::{
        appearance::class,
        field::{CodeField, Field, FormAlert, read},
    },
    locale::t,
    profile::{
        AddEmail, Change, EmailAddress, MakeEmailPrimary, RemoveEmail, SendEmailCode, VerifyEmail,
    },
};

/// The addresses on the account: add one, verify it with the code emailed to it, make a
/// verified one primary, remove any but the primary.
#[component]
pub fn EmailsSection(emails: Vec<EmailAddress>) -> impl IntoView {
    let strings = &t().profile;
    let actions = RowActions {
        make_primary: ServerAction::new(),
        remove: ServerAction::new(),
        send_code: ServerAction::new(),
        verify: ServerAction::new(),
    };
    let last = LastChange::default()
        .follow(actions.make_primary.value(), strings.emails_updated)
        .follow(actions.remove.value(), strings.emails_updated)
        .follow(actions.send_code.value(), strings.email_code_sent)
        .follow(actions.verify.value(), strings.email_verified);
    let ChangeForm { echo, issues } = ChangeForm::of_many("emails", last);
    // The address whose code was sent last: only its field shows what was wrong with it.
    let verifying = RwSignal::new(echo.value("email_id"));
    view! {
        <Section key="emails-section" title=strings.emails_section>
            <ul class=class("email-list", "flex flex-col divide-y divide-hp-border")>
                {emails
                    .into_iter()
                    .map(|email| view! { <EmailRow email actions issues verifying /> })
                    .collect_view()}
            </ul>
            <FormAlert issues />
            <AddEmailForm />
        </Section>
    }
}

/// The section's per-address actions, shared by its rows.
#[derive(Clone, Copy)]
struct RowActions {
    make_primary: ServerAction<MakeEmailPrimary>,
    remove: ServerAction<RemoveEmail>,
    send_code: ServerAction<SendEmailCode>,
    verify: ServerAction<VerifyEmail>,
}

#[component]
fn EmailRow(
    email: EmailAddress,
    actions: RowActions,
    issues: Signal<Vec<Issue>>,
    verifying: RwSignal<Option<String>>,
) -> impl IntoView {
    let id = email.id.clone();
    let on_make_primary = move |event: SubmitEvent| {
        event.prevent_default();
        actions.make_primary.dispatch(MakeEmailPrimary {
            email_id: id.clone(),
        });
    };
    let id = email.id.clone();
    let on_remove = move |event: SubmitEvent| {
        event.prevent_default();
        actions.remove.dispatch(RemoveEmail {
            email_id: id.clone(),
        });
    };
    let can_promote = email.verified && !email.primary;
    let strings = &t().profile;
    view! {
        <li class=class("email-row", "flex flex-col gap-2 py-2")>
            <div class=class("email-row-main", "flex flex-wrap items-center gap-2")>
                <span class=class("email-address", "min-w-0 break-all text-sm text-hp-text")>{email.email_address.clone()}</span>
                {email.primary.then(|| view! { <span class=class("badge", BADGE)>{strings.primary}</span> })}
                {(!email.verified).then(|| view! { <span class=class("badge", BADGE)>{strings.unverified}</span> })}
                <span class=class("email-row-spacer", "flex-1")></span>
                {can_promote.then(|| view! {
                    <form method="post" action="/user/emails/primary" on:submit=on_make_primary class=class("email-make-primary-form", "")>
                        <input type="hidden" name="email_id" value=email.id.clone() />
                        <button type="submit" class=class("button-secondary email-make-primary", SECONDARY_BUTTON)>{strings.make_primary}</button>
                    </form>
                })}
                {(!email.primary).then(|| view! {
                    <form method="post" action="/user/emails/remove" on:submit=on_remove class=class("email-remove-form", "")>
                        <input type="hidden" name="email_id" value=email.id.clone() />
                        <button type="submit" class=class("button-secondary email-remove", SECONDARY_BUTTON)>
                            {strings.remove}
                            <span class=class("email-remove-label", "sr-only")>" " {email.email_address.clone()}</span>
                        </button>
                    </form>
                })}
            </div>
            {(!email.verified && !email.primary).then(|| view! { <VerifyEmailForm email actions issues verifying /> })}
        </li>
    }
}

/// Under an added, unverified address: its code, and a new one on request.
#[component]
fn VerifyEmailForm(
    email: EmailAddress,
    actions: RowActions,
    issues: Signal<Vec<Issue>>,
    verifying: RwSignal<Option<String>>,
) -> impl IntoView {
    let code = NodeRef::<Input>::new();
    let id = email.id.clone();
    let issues = Signal::derive(move || match verifying.get() == Some(id.clone()) {
        true => issues.get(),
        false => Vec::new(),
    });
    let id = email.id.clone();
    let on_verify = move |event: SubmitEvent| {
        event.prevent_default();
        verifying.set(Some(id.clone()));
        actions.verify.dispatch(VerifyEmail {
            email_id: id.clone(),
            code: read(code),
        });
    };
    let id = email.id.clone();
    let on_send = move |event: SubmitEvent| {
        event.prevent_default();
        verifying.set(Some(id.clone()));
        actions.send_code.dispatch(SendEmailCode {
            email_id: id.clone(),
        });
    };
    let strings = &t().profile;
    let busy = move || actions.verify.pending().get() || actions.send_code.pending().get();
    view! {
        <div class=class("email-verify", "flex flex-wrap items-end gap-2")>
            <form method="post" action="/user/emails/verify" on:submit=on_verify class=class("email-verify-form", "flex flex-wrap items-end gap-2")>
                <input type="hidden" name="email_id" value=email.id.clone() />
                <CodeField label=strings.verify_code id=format!("hp-field-code-{}", email.id) issues node_ref=code />
                <button type="submit" disabled=busy class=class("button-primary email-verify-submit", PRIMARY_BUTTON)>
                    {strings.verify_email}
                    <span class=class("email-verify-label", "sr-only")>" " {email.email_address.clone()}</span>
                </button>
            </form>
            <form method="post" action="/user/emails/send_code" on:submit=on_send class=class("email-send-code-form", "")>
                <input type="hidden" name="email_id" value=email.id.clone() />
                <button type="submit" disabled=busy class=class("button-secondary email-send-code", SECONDARY_BUTTON)>
                    {strings.send_email_code}
                </button>
            </form>
        </div>
    }
}

/// A new address: stored unverified, and a code goes to it.
#[component]
fn AddEmailForm() -> impl IntoView {
    let action = ServerAction::<AddEmail>::new();
    let strings = &t().profile;
    let ChangeForm { echo, issues } =
        ChangeForm::new("email-add", strings.email_added, move || {
            action.value().get()
        });
    let input = NodeRef::<Input>::new();
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        action.dispatch(AddEmail {
            email_address: read(input),
        });
    };
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(Change::Saved)))
            && let Some(input) = input.get()
        {
            input.set_value("");
        }
    });
    view! {
        <form method="post" action="/user/emails/add" on:submit=on_submit class=class("email-add-form", "flex flex-col gap-3")>
            <Field
                name="email_address"
                label=strings.add_email
                kind="email"
                autocomplete="email"
                value=echo.value("email_address").unwrap_or_default()
                required=true
                issues
                node_ref=input
            />
            <FormAlert issues />
            <button type="submit" disabled=move || action.pending().get() class=class("button-secondary email-add-submit", &format!("self-start {SECONDARY_BUTTON}"))>
                {strings.add_email_submit}
            </button>
        </form>
    }
}
