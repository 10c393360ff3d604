use leptos::{ev::SubmitEvent, html::Input, prelude::*};

use super::{
    appearance::class,
    field::{Field, FormAlert, FormSetup, RedirectProps, read},
    provider::use_config,
    with_redirect,
};
use crate::{account::SignIn as SignInCall, locale::t};

/// Email address or username, and password. A successful sign-in goes to
/// `force_redirect_url`, else `redirect_url`, else the page's `?redirect_url=`, else
/// `fallback_redirect_url`, else `/`; the server follows a target only if it is a
/// relative path or an allowed origin.
#[component]
pub fn SignIn(
    #[prop(optional, into)] redirect_url: Option<String>,
    /// Where to go when neither `redirect_url` nor the page's `?redirect_url=` says.
    #[prop(optional, into)]
    fallback_redirect_url: Option<String>,
    /// Where to go after signing in, whatever the page's `?redirect_url=` says.
    #[prop(optional, into)]
    force_redirect_url: Option<String>,
) -> impl IntoView {
    let config = use_config();
    let action = ServerAction::<SignInCall>::new();
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
    let identifier = NodeRef::<Input>::new();
    let password = NodeRef::<Input>::new();
    let submitted_redirect = redirect_url.clone();
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        action.dispatch(SignInCall {
            identifier: read(identifier),
            password: read(password),
            redirect_url: submitted_redirect.clone(),
        });
    };
    let form_action = with_redirect(&config.sign_in_url, redirect_url.as_deref());
    let sign_up_link = with_redirect(&config.sign_up_url, redirect_url.as_deref());
    let strings = t();

    view! {
        <div class=class("card sign-in", "w-full max-w-sm rounded-hp border border-hp-border bg-hp-bg p-8 shadow-sm")>
            <h1 class=class("title", "text-2xl font-semibold text-hp-text")>{strings.sign_in.title}</h1>
            <p class=class("subtitle", "mt-1 text-sm text-hp-muted")>{strings.sign_in.subtitle}</p>
            <form method="post" action=form_action on:submit=on_submit class=class("form", "mt-6 flex flex-col gap-3")>
                <Field
                    name="identifier"
                    label=strings.sign_in.identifier
                    kind="text"
                    autocomplete="username"
                    value=echo.value("identifier").unwrap_or_default()
                    required=true
                    issues
                    node_ref=identifier
                />
                <Field
                    name="password"
                    label=strings.fields.password
                    kind="password"
                    autocomplete="current-password"
                    required=true
                    issues
                    node_ref=password
                />
                <FormAlert issues />
                <button
                    type="submit"
                    disabled=move || action.pending().get()
                    class=class("button-primary sign-in-submit", "rounded-md bg-hp-primary px-4 py-2 font-medium text-hp-on-primary hover:bg-hp-primary-hover focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-hp-primary disabled:opacity-60")
                >
                    {strings.sign_in.submit}
                </button>
            </form>
            <p class=class("footer", "mt-6 text-sm text-hp-muted")>
                {strings.sign_in.no_account}
                <a href=sign_up_link class=class("link", "font-medium text-hp-primary hover:underline")>
                    {strings.sign_up.link}
                </a>
            </p>
        </div>
    }
}
