use leptos::{ev::SubmitEvent, html::Input, prelude::*};
use leptos_router::hooks::use_query_map;

use super::{
    appearance::class,
    field::{Field, FormAlert, FormSetup, read},
    provider::use_config,
    with_redirect,
};
use crate::{
    account::{
        AuthResult, SendSignInCode, SignIn as SignInCall, SignInWithCode as SignInWithCodeCall,
    },
    locale::t,
};

const PRIMARY_BUTTON: &str = "rounded-md bg-hp-primary px-4 py-2 font-medium text-hp-on-primary hover:bg-hp-primary-hover focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-hp-primary disabled:opacity-60";
const SECONDARY_BUTTON: &str = "rounded-md border border-hp-border px-4 py-2 font-medium text-hp-text hover:bg-hp-muted/10 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-hp-primary disabled:opacity-60";

/// Email address or username, then a password or a code sent by email. `redirect_url`
/// (or the page's `?redirect_url=`) is where a successful sign-in goes, if the server
/// finds it safe.
///
/// The code step is the page's `?sign_in_id=` (where a form post without JavaScript
/// lands) or the sign-in the hydrated form just started, so the server and the browser
/// render the same step.
#[component]
pub fn SignIn(#[prop(optional, into)] redirect_url: Option<String>) -> impl IntoView {
    let send_code = ServerAction::<SendSignInCode>::new();
    let query = use_query_map();
    let pending = Signal::derive(move || match send_code.value().get() {
        Some(Ok(AuthResult::CodeSent { sign_in_id, .. })) => Some(sign_in_id),
        _ => query.get().get("sign_in_id"),
    });
    view! {
        {move || match pending.get() {
            Some(sign_in_id) => view! { <CodeStep sign_in_id send_code redirect_url=redirect_url.clone() /> }.into_any(),
            None => view! { <IdentifierStep send_code redirect_url=redirect_url.clone() /> }.into_any(),
        }}
    }
}

/// The identifier, and either a password or "email me a code".
#[component]
fn IdentifierStep(
    send_code: ServerAction<SendSignInCode>,
    redirect_url: Option<String>,
) -> impl IntoView {
    let config = use_config();
    let action = ServerAction::<SignInCall>::new();
    // Which button sent the form: the submit event fires after the button's click.
    let wants_code = RwSignal::new(false);
    let FormSetup {
        redirect_url,
        echo,
        issues,
    } = FormSetup::new(redirect_url, move || match wants_code.get() {
        true => send_code.value().get(),
        false => action.value().get(),
    });
    let identifier = NodeRef::<Input>::new();
    let password = NodeRef::<Input>::new();
    let submitted_redirect = redirect_url.clone();
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        match wants_code.get_untracked() {
            true => {
                send_code.dispatch(SendSignInCode {
                    identifier: read(identifier),
                });
            }
            false => {
                action.dispatch(SignInCall {
                    identifier: read(identifier),
                    password: read(password),
                    redirect_url: submitted_redirect.clone(),
                });
            }
        }
    };
    let form_action = with_redirect(&config.sign_in_url, redirect_url.as_deref());
    let sign_up_link = with_redirect(&config.sign_up_url, redirect_url.as_deref());
    let strings = t();
    let busy = move || action.pending().get() || send_code.pending().get();

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
                    on:click=move |_| wants_code.set(false)
                    disabled=busy
                    class=class("button-primary sign-in-submit", PRIMARY_BUTTON)
                >
                    {strings.sign_in.submit}
                </button>
                <button
                    type="submit"
                    name="strategy"
                    value="email_code"
                    formnovalidate=true
                    on:click=move |_| wants_code.set(true)
                    disabled=busy
                    class=class("button-secondary sign-in-email-code", SECONDARY_BUTTON)
                >
                    {strings.sign_in.email_code}
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

/// The emailed code, for the sign-in `sign_in_id`.
#[component]
fn CodeStep(
    sign_in_id: String,
    send_code: ServerAction<SendSignInCode>,
    redirect_url: Option<String>,
) -> impl IntoView {
    let config = use_config();
    let action = ServerAction::<SignInWithCodeCall>::new();
    let FormSetup {
        redirect_url,
        issues,
        ..
    } = FormSetup::new(redirect_url, move || action.value().get());
    let code = NodeRef::<Input>::new();
    let submitted_redirect = redirect_url.clone();
    let submitted_id = sign_in_id.clone();
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        action.dispatch(SignInWithCodeCall {
            sign_in_id: submitted_id.clone(),
            code: read(code),
            redirect_url: submitted_redirect.clone(),
        });
    };
    // The step's own address, so a refusal without JavaScript renders this step again.
    let base = format!(
        "{}?sign_in_id={}",
        config.sign_in_url,
        form_urlencoded::byte_serialize(sign_in_id.as_bytes()).collect::<String>()
    );
    let form_action = match redirect_url.as_deref() {
        Some(target) => format!(
            "{base}&redirect_url={}",
            form_urlencoded::byte_serialize(target.as_bytes()).collect::<String>()
        ),
        None => base,
    };
    let start_over = with_redirect(&config.sign_in_url, redirect_url.as_deref());
    let strings = t();

    view! {
        <div class=class("card sign-in", "w-full max-w-sm rounded-hp border border-hp-border bg-hp-bg p-8 shadow-sm")>
            <h1 class=class("title", "text-2xl font-semibold text-hp-text")>{strings.sign_in.code_title}</h1>
            <p class=class("subtitle", "mt-1 text-sm text-hp-muted")>{strings.sign_in.code_sent}</p>
            <form method="post" action=form_action on:submit=on_submit class=class("form sign-in-code-form", "mt-6 flex flex-col gap-3")>
                <input type="hidden" name="sign_in_id" value=sign_in_id />
                <Field
                    name="code"
                    label=strings.sign_in.code
                    kind="text"
                    autocomplete="one-time-code"
                    required=true
                    issues
                    node_ref=code
                />
                <FormAlert issues />
                <button
                    type="submit"
                    disabled=move || action.pending().get()
                    class=class("button-primary sign-in-code-submit", PRIMARY_BUTTON)
                >
                    {strings.sign_in.code_submit}
                </button>
            </form>
            <p class=class("footer", "mt-6 text-sm text-hp-muted")>
                <a href=start_over on:click=move |_| send_code.value().set(None) class=class("link sign-in-another-method", "font-medium text-hp-primary hover:underline")>
                    {strings.sign_in.another_method}
                </a>
            </p>
        </div>
    }
}
