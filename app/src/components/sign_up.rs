use leptos::{ev::SubmitEvent, html::Input, prelude::*};

use super::{
    appearance::class,
    field::{Field, FormAlert, FormSetup, RedirectProps, read},
    password_strength::NewPasswordField,
    provider::use_config,
    with_redirect,
};
use crate::{
    account::{SignUp as SignUpCall, SignUpForm},
    locale::t,
};

/// Name, email address and password, with a strength meter under the password; the new
/// user is signed in at once and sent on as `SignIn` would send them.
#[component]
pub fn SignUp(
    #[prop(optional, into)] redirect_url: Option<String>,
    /// Where to go when neither `redirect_url` nor the page's `?redirect_url=` says.
    #[prop(optional, into)]
    fallback_redirect_url: Option<String>,
    /// Where to go after signing up, whatever the page's `?redirect_url=` says.
    #[prop(optional, into)]
    force_redirect_url: Option<String>,
) -> impl IntoView {
    let config = use_config();
    let action = ServerAction::<SignUpCall>::new();
    let FormSetup {
        redirect_url,
        echo,
        issues,
    } = FormSetup::new(
        RedirectProps {
            redirect_url,
            fallback: fallback_redirect_url,
            force: force_redirect_url,
        },
        move || action.value().get(),
    );
    let first_name = NodeRef::<Input>::new();
    let last_name = NodeRef::<Input>::new();
    let email_address = NodeRef::<Input>::new();
    let password = NodeRef::<Input>::new();
    let submitted_redirect = redirect_url.clone();
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        let optional =
            |input: NodeRef<Input>| Some(read(input)).filter(|value| !value.trim().is_empty());
        action.dispatch(SignUpCall {
            form: SignUpForm {
                email_address: read(email_address),
                password: read(password),
                username: None,
                first_name: optional(first_name),
                last_name: optional(last_name),
                redirect_url: submitted_redirect.clone(),
            },
        });
    };
    let form_action = with_redirect(&config.sign_up_url, redirect_url.as_deref());
    let sign_in_link = with_redirect(&config.sign_in_url, redirect_url.as_deref());
    let strings = t();

    view! {
        <div class=class("card sign-up", "w-full max-w-sm rounded-hp border border-hp-border bg-hp-bg p-8 shadow-sm")>
            <h1 class=class("title", "text-2xl font-semibold text-hp-text")>{strings.sign_up.title}</h1>
            <p class=class("subtitle", "mt-1 text-sm text-hp-muted")>{strings.sign_up.subtitle}</p>
            <form method="post" action=form_action on:submit=on_submit class=class("form", "mt-6 flex flex-col gap-3")>
                <div class=class("name-row", "grid grid-cols-1 gap-3 sm:grid-cols-2")>
                    <Field
                        name="first_name"
                        label=strings.fields.first_name
                        kind="text"
                        autocomplete="given-name"
                        value=echo.value("first_name").unwrap_or_default()
                        issues
                        node_ref=first_name
                    />
                    <Field
                        name="last_name"
                        label=strings.fields.last_name
                        kind="text"
                        autocomplete="family-name"
                        value=echo.value("last_name").unwrap_or_default()
                        issues
                        node_ref=last_name
                    />
                </div>
                <Field
                    name="email_address"
                    label=strings.fields.email_address
                    kind="email"
                    autocomplete="email"
                    value=echo.value("email_address").unwrap_or_default()
                    required=true
                    issues
                    node_ref=email_address
                />
                <NewPasswordField name="password" label=strings.fields.password issues node_ref=password />
                <FormAlert issues />
                <button
                    type="submit"
                    disabled=move || action.pending().get()
                    class=class("button-primary sign-up-submit", "rounded-md bg-hp-primary px-4 py-2 font-medium text-hp-on-primary hover:bg-hp-primary-hover focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-hp-primary disabled:opacity-60")
                >
                    {strings.sign_up.submit}
                </button>
            </form>
            <p class=class("footer", "mt-6 text-sm text-hp-muted")>
                {strings.sign_up.have_account}
                <a href=sign_in_link class=class("link", "font-medium text-hp-primary hover:underline")>
                    {strings.sign_in.link}
                </a>
            </p>
        </div>
    }
}
