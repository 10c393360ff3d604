use leptos::{html::Input, prelude::*};

use leptos_router::hooks::use_query_map;

use super::appearance::class;
use crate::{
    account::{AuthResult, FormEcho, Issue},
    error::AppError,
    locale::{IssueContext, localize, t},
};

/// A labelled input whose problem, if any, is announced to screen readers.
#[component]
pub fn Field(
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    #[prop(optional)] value: Option<String>,
    /// The input's id, for a page with several inputs of one `name`.
    #[prop(optional_no_strip)]
    id: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(optional_no_strip)] min_length: Option<usize>,
    /// Called on every keystroke, for feedback that follows the typing.
    #[prop(optional)]
    on_input: Option<Callback<()>>,
    issues: Signal<Vec<Issue>>,
    node_ref: NodeRef<Input>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("hp-field-{name}"));
    let error_id = format!("{id}-error");
    let message = move || {
        issues
            .get()
            .into_iter()
            .find(|issue| issue.param.as_deref() == Some(name))
            .map(|issue| issue.message)
    };
    view! {
        <div class=class("field", "flex flex-col gap-1")>
            <label for=id.clone() class=class("field-label", "text-sm font-medium text-hp-text")>
                {label}
            </label>
            <input
                node_ref=node_ref
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                value=value
                required=required
                minlength=min_length
                on:input=move |_| {
                    if let Some(on_input) = on_input {
                        on_input.run(());
                    }
                }
                aria-invalid=move || message().is_some().to_string()
                aria-describedby=error_id.clone()
                class=class("field-input", "rounded-md border border-hp-input px-3 py-2 text-hp-text focus:outline focus:outline-2 focus:outline-hp-primary aria-[invalid=true]:border-hp-danger")
            />
            <p id=error_id class=class("field-error", "min-h-5 text-sm text-hp-danger") aria-live="polite">
                {message}
            </p>
        </div>
    }
}

/// The 6-digit code from an email. `one-time-code` lets phones offer it from the message.
#[component]
pub fn CodeField(
    label: &'static str,
    #[prop(optional)] id: Option<String>,
    issues: Signal<Vec<Issue>>,
    node_ref: NodeRef<Input>,
) -> impl IntoView {
    view! {
        <Field
            name="code"
            label
            kind="text"
            autocomplete="one-time-code"
            id
            required=true
            issues
            node_ref
        />
    }
}

/// Problems that concern no single field.
#[component]
pub fn FormAlert(issues: Signal<Vec<Issue>>) -> impl IntoView {
    let general = move || {
        issues
            .get()
            .into_iter()
            .filter(|issue| issue.param.is_none())
            .map(|issue| issue.message)
            .collect::<Vec<_>>()
    };
    view! {
        <div role="alert" aria-live="assertive" class=class("form-alert", "text-sm text-hp-danger")>
            {move || general().into_iter().map(|message| view! { <p class=class("form-alert-message", "")>{message}</p> }).collect_view()}
        </div>
    }
}

/// What the sign-in and sign-up forms share: where to go afterwards, what the server
/// echoed after a submission without JavaScript, the issues to show, and the move to the
/// target once an inline attempt succeeds. The issues are worded in the page's locale.
pub struct FormSetup {
    pub redirect_url: Option<String>,
    pub echo: FormEcho,
    pub issues: Signal<Vec<Issue>>,
}

/// Where a sign-in or sign-up form sends the person once it succeeds, as the component
/// was told. Whichever wins, the server still checks it against the allowed origins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RedirectProps {
    /// The component's `redirect_url`: beats the page's `?redirect_url=`.
    pub redirect_url: Option<String>,
    /// Used when neither the prop nor the page names a target.
    pub fallback: Option<String>,
    /// Used whatever the page's `?redirect_url=` says.
    pub force: Option<String>,
}

impl RedirectProps {
    /// The target for a page whose query carries `from_page` as `redirect_url`.
    pub fn resolve(self, from_page: Option<String>) -> Option<String> {
        self.force
            .or(self.redirect_url)
            .or(from_page)
            .or(self.fallback)
    }
}

impl FormSetup {
    /// `latest` reads the form's action result.
    pub fn new(
        redirect: RedirectProps,
        latest: impl Fn() -> Option<Result<AuthResult, AppError>> + Copy + Send + Sync + 'static,
    ) -> Self {
        let redirect_url = redirect.resolve(use_query_map().get_untracked().get("redirect_url"));
        let echo = use_context::<FormEcho>().unwrap_or_default();
        let echoed = echo.issues.clone();
        let strings = t();
        let issues = Signal::derive(move || {
            let issues = match latest() {
                None => echoed.clone(),
                Some(Ok(AuthResult::Rejected(issues))) => issues,
                Some(Ok(
                    AuthResult::SignedIn { .. }
                    | AuthResult::CodeSent { .. }
                    | AuthResult::VerifyEmail { .. },
                )) => Vec::new(),
                Some(Err(error)) => vec![Issue {
                    code: "internal_error".into(),
                    message: error.to_string(),
                    param: None,
                    args: Vec::new(),
                }],
            };
            issues
                .into_iter()
                .map(|issue| localize(issue, IssueContext::SigningIn, strings))
                .collect()
        });
        Effect::new(move |_| {
            if let Some(Ok(AuthResult::SignedIn { redirect_to, .. })) = latest() {
                let _ = window().location().assign(&redirect_to);
            }
        });
        Self {
            redirect_url,
            echo,
            issues,
        }
    }
}

/// The current value of an input, empty before it is mounted.
pub fn read(input: NodeRef<Input>) -> String {
    input
        .get()
        .map(|element| element.value())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::RedirectProps;

    fn props(
        redirect_url: Option<&str>,
        fallback: Option<&str>,
        force: Option<&str>,
    ) -> RedirectProps {
        RedirectProps {
            redirect_url: redirect_url.map(String::from),
            fallback: fallback.map(String::from),
            force: force.map(String::from),
        }
    }

    #[test]
    fn force_beats_everything() {
        let target =
            props(Some("/prop"), Some("/fallback"), Some("/force")).resolve(Some("/page".into()));
        assert_eq!(target.as_deref(), Some("/force"));
    }

    #[test]
    fn the_prop_beats_the_page_which_beats_the_fallback() {
        assert_eq!(
            props(Some("/prop"), Some("/fallback"), None)
                .resolve(Some("/page".into()))
                .as_deref(),
            Some("/prop")
        );
        assert_eq!(
            props(None, Some("/fallback"), None)
                .resolve(Some("/page".into()))
                .as_deref(),
            Some("/page")
        );
        assert_eq!(
            props(None, Some("/fallback"), None)
                .resolve(None)
                .as_deref(),
            Some("/fallback")
        );
    }

    #[test]
    fn with_nothing_given_the_server_decides() {
        assert_eq!(RedirectProps::default().resolve(None), None);
    }
}
