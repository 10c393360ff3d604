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
    account::{
        AuthResult, CodeKind, EmailLinkResult, EmailStrategy, ResetForm, ResetPassword,
        SendSignInCode, SignIn as SignInCall, SignInWithCode as SignInWithCodeCall,
    },
    locale::t,
};

const PRIMARY_BUTTON: &str = "rounded-md bg-hp-primary px-4 py-2 font-medium text-hp-on-primary hover:bg-hp-primary-hover focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-hp-primary disabled:opacity-60";
/// How often a tab waiting for its magic link asks whether another tab has used it, and
/// how many times: for as long as the link lasts (10 minutes).
const LINK_CHECK_INTERVAL: std::time::Duration = std::time::Duration::from_secs(3);
const LINK_CHECKS: u32 = 200;
const LINK_BUTTON: &str =
    "self-start text-sm font-medium text-hp-primary hover:underline disabled:opacity-60";
const SECONDARY_BUTTON: &str = "rounded-md border border-hp-border px-4 py-2 font-medium text-hp-text hover:bg-hp-muted/10 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-hp-primary disabled:opacity-60";

/// Email address or username, then a password, a code or a link sent by email, or (after
/// "Forgot password?") a reset code with a new password. A successful sign-in goes to
/// `force_redirect_url`, else `redirect_url`, else the page's `?redirect_url=`, else
/// `fallback_redirect_url`, else `/`; the server follows a target only if it is a
/// relative path or an allowed origin.
///
/// The email step is the page's `?sign_in_id=` (with `&step=link` or `&step=reset`),
/// where a form post without JavaScript lands, or the sign-in the hydrated form just
/// started, so the server and the browser render the same step.
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
    let redirect = RedirectProps {
        redirect_url,
        fallback: fallback_redirect_url,
        force: force_redirect_url,
    };
    let send_code = ServerAction::<SendSignInCode>::new();
    let query = use_query_map();
    let pending = Signal::derive(move || match send_code.value().get() {
        Some(Ok(AuthResult::CodeSent {
            sign_in_id,
            strategy,
            ..
        })) => Some((sign_in_id, strategy)),
        _ => {
            let query = query.get();
            let strategy = EmailStrategy::from_step(query.get("step").as_deref());
            query.get("sign_in_id").map(|id| (id, strategy))
        }
    });
    view! {
        {move || {
            let redirect = redirect.clone();
            match pending.get() {
                Some((sign_in_id, EmailStrategy::EmailCode)) => view! { <CodeStep sign_in_id send_code redirect /> }.into_any(),
                Some((sign_in_id, EmailStrategy::EmailLink)) => view! { <LinkStep sign_in_id send_code redirect /> }.into_any(),
                Some((sign_in_id, EmailStrategy::ResetPasswordEmailCode)) => view! { <ResetStep sign_in_id send_code redirect /> }.into_any(),
                None => view! { <IdentifierStep send_code redirect /> }.into_any(),
            }
        }}
    }
}

/// The identifier, and either a password or "email me a code".
#[component]
fn IdentifierStep(
    send_code: ServerAction<SendSignInCode>,
    redirect: RedirectProps,
) -> impl IntoView {
    let config = use_config();
    let action = ServerAction::<SignInCall>::new();
    // Which button sent the form (`None`: the password one); the submit event fires
    // after the button's click.
    let sent_by = RwSignal::new(None::<EmailStrategy>);
    let FormSetup {
        redirect_url,
        echo,
        issues,
    } = FormSetup::new(redirect, move || match sent_by.get() {
        None => action.value().get(),
        Some(_) => send_code.value().get(),
    });
    let identifier = NodeRef::<Input>::new();
    let password = NodeRef::<Input>::new();
    let submitted_redirect = redirect_url.clone();
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        match sent_by.get_untracked() {
            Some(strategy) => {
                send_code.dispatch(SendSignInCode {
                    identifier: read(identifier),
                    strategy,
                    redirect_url: submitted_redirect.clone(),
                });
            }
            None => {
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
                    on:click=move |_| sent_by.set(None)
                    disabled=busy
                    class=class("button-primary sign-in-submit", PRIMARY_BUTTON)
                >
                    {strings.sign_in.submit}
                </button>
                <EmailButton strategy=EmailStrategy::EmailCode sent_by disabled=busy key="button-secondary sign-in-email-code" look=SECONDARY_BUTTON>
                    {strings.sign_in.email_code}
                </EmailButton>
                <EmailButton strategy=EmailStrategy::EmailLink sent_by disabled=busy key="button-secondary sign-in-email-link" look=SECONDARY_BUTTON>
                    {strings.sign_in.email_link}
                </EmailButton>
                <EmailButton strategy=EmailStrategy::ResetPasswordEmailCode sent_by disabled=busy key="link sign-in-forgot-password" look=LINK_BUTTON>
                    {strings.sign_in.forgot_password}
                </EmailButton>
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

/// A submit button that asks for an email instead of checking the password: the
/// form's `strategy` without JavaScript, `sent_by` with it.
#[component]
fn EmailButton(
    strategy: EmailStrategy,
    sent_by: RwSignal<Option<EmailStrategy>>,
    disabled: impl Fn() -> bool + Send + Sync + 'static,
    key: &'static str,
    look: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            name="strategy"
            value=strategy.as_str()
            formnovalidate=true
            on:click=move |_| sent_by.set(Some(strategy))
            disabled=disabled
            class=class(key, look)
        >
            {children()}
        </button>
    }
}

/// The emailed reset code and a new password, for the sign-in `sign_in_id`.
#[component]
fn ResetStep(
    sign_in_id: String,
    send_code: ServerAction<SendSignInCode>,
    redirect: RedirectProps,
) -> impl IntoView {
    let config = use_config();
    let action = ServerAction::<ResetPassword>::new();
    let FormSetup {
        redirect_url,
        issues,
        ..
    } = FormSetup::new(redirect, move || action.value().get());
    let code = NodeRef::<Input>::new();
    let password = NodeRef::<Input>::new();
    let sign_out_others = NodeRef::<Input>::new();
    let submitted_redirect = redirect_url.clone();
    let submitted_id = sign_in_id.clone();
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        action.dispatch(ResetPassword {
            form: ResetForm {
                sign_in_id: submitted_id.clone(),
                code: read(code),
                password: read(password),
                sign_out_of_other_sessions: sign_out_others
                    .get()
                    .is_some_and(|input| input.checked()),
                redirect_url: submitted_redirect.clone(),
            },
        });
    };
    let form_action = EmailStrategy::ResetPasswordEmailCode.step_address(
        &config.sign_in_url,
        &sign_in_id,
        redirect_url.as_deref(),
    );
    let footer_id = sign_in_id.clone();
    let strings = t();

    view! {
        <div class=class("card sign-in", "w-full max-w-sm rounded-hp border border-hp-border bg-hp-bg p-8 shadow-sm")>
            <h1 class=class("title", "text-2xl font-semibold text-hp-text")>{strings.sign_in.reset_title}</h1>
            <p class=class("subtitle", "mt-1 text-sm text-hp-muted")>{strings.sign_in.code_sent}</p>
            <form method="post" action=form_action on:submit=on_submit class=class("form sign-in-reset-form", "mt-6 flex flex-col gap-3")>
                <input type="hidden" name="sign_in_id" value=sign_in_id />
                <input type="hidden" name="step" value="reset" />
                <CodeField label=strings.sign_in.code issues node_ref=code />
                <NewPasswordField name="password" label=strings.profile.new_password issues node_ref=password />
                <label class=class("checkbox", "flex items-center gap-2 text-sm text-hp-text")>
                    <input
                        node_ref=sign_out_others
                        type="checkbox"
                        name="sign_out_of_other_sessions"
                        checked=true
                        class=class("checkbox-input", "h-4 w-4 accent-hp-primary")
                    />
                    {strings.profile.sign_out_other_devices}
                </label>
                <FormAlert issues />
                <button
                    type="submit"
                    disabled=move || action.pending().get()
                    class=class("button-primary sign-in-reset-submit", PRIMARY_BUTTON)
                >
                    {strings.sign_in.reset_submit}
                </button>
            </form>
            <StepFooter sign_in_id=footer_id strategy=EmailStrategy::ResetPasswordEmailCode redirect_url send_code />
        </div>
    }
}

/// The emailed code, for the sign-in `sign_in_id`.
#[component]
fn CodeStep(
    sign_in_id: String,
    send_code: ServerAction<SendSignInCode>,
    redirect: RedirectProps,
) -> impl IntoView {
    let config = use_config();
    let action = ServerAction::<SignInWithCodeCall>::new();
    let FormSetup {
        redirect_url,
        issues,
        ..
    } = FormSetup::new(redirect, move || action.value().get());
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
    let form_action = EmailStrategy::EmailCode.step_address(
        &config.sign_in_url,
        &sign_in_id,
        redirect_url.as_deref(),
    );
    let footer_id = sign_in_id.clone();
    let strings = t();

    view! {
        <div class=class("card sign-in", "w-full max-w-sm rounded-hp border border-hp-border bg-hp-bg p-8 shadow-sm")>
            <h1 class=class("title", "text-2xl font-semibold text-hp-text")>{strings.sign_in.code_title}</h1>
            <p class=class("subtitle", "mt-1 text-sm text-hp-muted")>{strings.sign_in.code_sent}</p>
            <form method="post" action=form_action on:submit=on_submit class=class("form sign-in-code-form", "mt-6 flex flex-col gap-3")>
                <input type="hidden" name="sign_in_id" value=sign_in_id />
                <CodeField label=strings.sign_in.code issues node_ref=code />
                <FormAlert issues />
                <button
                    type="submit"
                    disabled=move || action.pending().get()
                    class=class("button-primary sign-in-code-submit", PRIMARY_BUTTON)
                >
                    {strings.sign_in.code_submit}
                </button>
            </form>
            <StepFooter sign_in_id=footer_id strategy=EmailStrategy::EmailCode redirect_url send_code />
        </div>
    }
}

/// While a sign-in link is on its way: the link signs in the tab it opens. Hydrated, this
/// tab asks every few seconds whether that has happened in this browser, and if so goes
/// on to the target too; otherwise it offers a new link or another method.
#[component]
fn LinkStep(
    sign_in_id: String,
    send_code: ServerAction<SendSignInCode>,
    redirect: RedirectProps,
) -> impl IntoView {
    let redirect_url = redirect.resolve(use_query_map().get_untracked().get("redirect_url"));
    let check = ServerAction::<EmailLinkResult>::new();
    let (checked_id, checked_redirect) = (sign_in_id.clone(), redirect_url.clone());
    Effect::new(move |_| {
        let (sign_in_id, redirect_url) = (checked_id.clone(), checked_redirect.clone());
        let left = std::cell::Cell::new(LINK_CHECKS);
        let ask = move || {
            // A hidden tab waits; after the link's lifetime there is nothing to wait for.
            if left.get() == 0 || document().hidden() || check.pending().get_untracked() {
                return;
            }
            left.set(left.get() - 1);
            check.dispatch(EmailLinkResult {
                sign_in_id: sign_in_id.clone(),
                redirect_url: redirect_url.clone(),
            });
        };
        if let Ok(handle) = set_interval_with_handle(ask, LINK_CHECK_INTERVAL) {
            on_cleanup(move || handle.clear());
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(Some(AuthResult::SignedIn { redirect_to, .. }))) = check.value().get() {
            let _ = window().location().assign(&redirect_to);
        }
    });
    let strings = t();

    view! {
        <div class=class("card sign-in", "w-full max-w-sm rounded-hp border border-hp-border bg-hp-bg p-8 shadow-sm")>
            <h1 class=class("title", "text-2xl font-semibold text-hp-text")>{strings.sign_in.code_title}</h1>
            <p class=class("subtitle sign-in-link-sent", "mt-1 text-sm text-hp-muted")>{strings.sign_in.link_sent}</p>
            <StepFooter
                sign_in_id
                strategy=EmailStrategy::EmailLink
                redirect_url
                send_code
                resend_label=strings.sign_in.resend_link
            />
        </div>
    }
}

/// How every email step ends: "Send a new code" (or `resend_label`), which without
/// JavaScript posts to the step's own address with the fields that name it, and "Use
/// another method", back to the first step, forgetting the email just sent for.
#[component]
fn StepFooter(
    sign_in_id: String,
    strategy: EmailStrategy,
    redirect_url: Option<String>,
    send_code: ServerAction<SendSignInCode>,
    #[prop(optional)] resend_label: Option<&'static str>,
) -> impl IntoView {
    let config = use_config();
    let form_action =
        strategy.step_address(&config.sign_in_url, &sign_in_id, redirect_url.as_deref());
    let mut hidden = vec![("sign_in_id", sign_in_id.clone())];
    hidden.extend(strategy.step().map(|step| ("step", step.to_owned())));
    let start_over = with_redirect(&config.sign_in_url, redirect_url.as_deref());
    view! {
        <Resend
            flow_id=sign_in_id
            kind=CodeKind::SignIn(strategy)
            form_action
            hidden
            redirect_url
            label=resend_label
        />
        <p class=class("footer", "mt-6 text-sm text-hp-muted")>
            <a href=start_over on:click=move |_| send_code.value().set(None) class=class("link sign-in-another-method", "font-medium text-hp-primary hover:underline")>
                {t().sign_in.another_method}
            </a>
        </p>
    }
}
