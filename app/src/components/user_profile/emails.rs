use leptos::{ev::SubmitEvent, prelude::*};

use super::{
    Section,
    form::{BADGE, ChangeForm, SECONDARY_BUTTON},
};
use crate::{
    components::{appearance::class, field::FormAlert},
    locale::t,
    profile::{EmailAddress, MakeEmailPrimary, RemoveEmail},
};

/// The addresses on the account. Adding one, with a code to verify it, comes with email
/// delivery; until then this lists, promotes and removes what sign-up created.
#[component]
pub fn EmailsSection(emails: Vec<EmailAddress>) -> impl IntoView {
    let make_primary = ServerAction::<MakeEmailPrimary>::new();
    let remove = ServerAction::<RemoveEmail>::new();
    let latest = move || remove.value().get().or_else(|| make_primary.value().get());
    let ChangeForm { issues, .. } = ChangeForm::new("emails", t().profile.emails_updated, latest);
    view! {
        <Section key="emails-section" title=t().profile.emails_section>
            <ul class=class("email-list", "flex flex-col divide-y divide-hp-border")>
                {emails
                    .into_iter()
                    .map(|email| view! { <EmailRow email make_primary remove /> })
                    .collect_view()}
            </ul>
            <FormAlert issues />
        </Section>
    }
}

#[component]
fn EmailRow(
    email: EmailAddress,
    make_primary: ServerAction<MakeEmailPrimary>,
    remove: ServerAction<RemoveEmail>,
) -> impl IntoView {
    let id = email.id.clone();
    let on_make_primary = move |event: SubmitEvent| {
        event.prevent_default();
        make_primary.dispatch(MakeEmailPrimary {
            email_id: id.clone(),
        });
    };
    let id = email.id.clone();
    let on_remove = move |event: SubmitEvent| {
        event.prevent_default();
        remove.dispatch(RemoveEmail {
            email_id: id.clone(),
        });
    };
    let can_promote = email.verified && !email.primary;
    let strings = &t().profile;
    view! {
        <li class=class("email-row", "flex flex-wrap items-center gap-2 py-2")>
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
        </li>
    }
}
