use leptos::{ev::SubmitEvent, html::Input, prelude::*};
use leptos_router::hooks::use_query_map;

use super::{
    appearance::class,
    field::{CodeField, Field, FormAlert, FormSetup, RedirectProps, read},
    password_strength::NewPasswordField,
    provider::use_config,
    resend::Resend,
    with_redirect,
};
use crate::{
    account::{AuthResult, CodeKind, SignUp as SignUpCall, SignUpForm, VerifySignUp},
    locale::t,
};

/// Name, email address and password, with a strength meter under the password; the new
/// user is signed in at once, or, when the instance wants addresses verified, once they
/// enter the code emailed to them, and sent on as `SignIn` would send them. The code step
/// is the page's `?sign_up_id=` (where a form post without JavaScript lands) or the
/// sign-up the hydrated form just sent.
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
    let redirect = RedirectProps {
        redirect_url,
        fallback: fallback_redirect_url,
        force: force_redirect_url,
    };
    let action = ServerAction::<SignUpCall>::new();
    let query = use_query_map();
    let pending = Signal::derive(move || match action.value().get() {
        Some(Ok(AuthResult::VerifyEmail { sign_up_id })) => Some(sign_up_id),
        _ => query.get().get("sign_up_id"),
    });
    view! {
        {move || match pending.get() {
            Some(sign_up_id) => view! { <VerifyStep sign_up_id action redirect=redirect.clone() /> }.into_any(),
            None => view! { <DetailsStep action redirect=redirect.clone() /> }.into_any(),
        }}
    }
}

#[component]
fn DetailsStep(action: ServerAction<SignUpCall>, redirect: RedirectProps) -> impl IntoView {
    let config = use_config();
    let FormSetup {
        redirect_url,
        echo,
        issues,
    } = FormSetup::new(redirect, move || action.value().get());
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

/// The code emailed to the sign-up's address.
#[component]
fn VerifyStep(
    sign_up_id: String,
    action: ServerAction<SignUpCall>,
    redirect: RedirectProps,
) -> impl IntoView {
    let config = use_config();
    let verify = ServerAction::<VerifySignUp>::new();
    let FormSetup {
        redirect_url,
        issues,
        ..
    } = FormSetup::new(redirect, move || verify.value().get());
    let code = NodeRef::<Input>::new();
    let submitted_redirect = redirect_url.clone();
    let submitted_id = sign_up_id.clone();
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        verify.dispatch(VerifySignUp {
            sign_up_id: submitted_id.clone(),
            code: read(code),
            redirect_url: submitted_redirect.clone(),
        });
    };
    // Its own address, so that a refusal without JavaScript renders this step again.
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("sign_up_id", &sign_up_id);
    if let Some(target) = redirect_url.as_deref() {
        query.append_pair("redirect_url", target);
    }
    let form_action = format!("{}?{}", config.sign_up_url, query.finish());
    let resend_id = sign_up_id.clone();
    let resend_action = form_action.clone();
    let resend_fields = vec![("sign_up_id", sign_up_id.clone())];
    let start_over = with_redirect(&config.sign_up_url, redirect_url.as_deref());
    let strings = t();

    view! {
        <div class=class("card sign-up", "w-full max-w-sm rounded-hp border border-hp-border bg-hp-bg p-8 shadow-sm")>
            <h1 class=class("title", "text-2xl font-semibold text-hp-text")>{strings.sign_up.verify_title}</h1>
            <p class=class("subtitle", "mt-1 text-sm text-hp-muted")>{strings.sign_up.verify_sent}</p>
            <form method="post" action=form_action on:submit=on_submit class=class("form sign-up-verify-form", "mt-6 flex flex-col gap-3")>
                <input type="hidden" name="sign_up_id" value=sign_up_id />
                <CodeField label=strings.sign_in.code issues node_ref=code />
                <FormAlert issues />
                <button
                    type="submit"
                    disabled=move || verify.pending().get()
                    class=class("button-primary sign-up-verify-submit", "rounded-md bg-hp-primary px-4 py-2 font-medium text-hp-on-primary hover:bg-hp-primary-hover focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-hp-primary disabled:opacity-60")
                >
                    {strings.sign_up.verify_submit}
                </button>
            </form>
            <Resend
                flow_id=resend_id
                kind=CodeKind::SignUp
                form_action=resend_action
                hidden=resend_fields
            />
            <p class=class("footer", "mt-6 text-sm text-hp-muted")>
                <a href=start_over on:click=move |_| action.value().set(None) class=class("link sign-up-start-over", "font-medium text-hp-primary hover:underline")>
                    {strings.sign_up.start_over}
                </a>
            </p>
        </div>
    }
}
