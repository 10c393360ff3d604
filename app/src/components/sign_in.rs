use leptos::{ev::SubmitEvent, html::Input, prelude::*};

use super::{
    field::{Field, FormAlert, FormSetup, read},
    provider::use_config,
    with_redirect,
};
use crate::account::SignIn as SignInCall;

/// Email address or username, and password. `redirect_url` (or the page's
/// `?redirect_url=`) is where a successful sign-in goes, if the server finds it safe.
#[component]
pub fn SignIn(#[prop(optional, into)] redirect_url: Option<String>) -> impl IntoView {
    let config = use_config();
    let action = ServerAction::<SignInCall>::new();
    let FormSetup {
        redirect_url,
        echo,
        issues,
    } = FormSetup::new(redirect_url, move || action.value().get());
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

    view! {
        <div class="hp-card hp-sign-in w-full max-w-sm rounded-hp border border-hp-border bg-hp-bg p-8 shadow-sm">
            <h1 class="hp-title text-2xl font-semibold text-hp-text">"Sign in"</h1>
            <p class="hp-subtitle mt-1 text-sm text-hp-muted">"Welcome back. Sign in to continue."</p>
            <form method="post" action=form_action on:submit=on_submit class="hp-form mt-6 flex flex-col gap-3">
                <Field
                    name="identifier"
                    label="Email address or username"
                    kind="text"
                    autocomplete="username"
                    value=echo.value("identifier").unwrap_or_default()
                    required=true
                    issues
                    node_ref=identifier
                />
                <Field
                    name="password"
                    label="Password"
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
                    class="hp-button-primary rounded-md bg-hp-primary px-4 py-2 font-medium text-hp-on-primary hover:bg-hp-primary-hover focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-hp-primary disabled:opacity-60"
                >
                    "Continue"
                </button>
            </form>
            <p class="hp-footer mt-6 text-sm text-hp-muted">
                "No account? "
                <a href=sign_up_link class="hp-link font-medium text-hp-primary hover:underline">
                    "Sign up"
                </a>
            </p>
        </div>
    }
}
