use leptos::{html::Input, prelude::*};

use crate::account::{AuthResult, Issue};

/// A labelled input whose problem, if any, is announced to screen readers.
#[component]
pub fn Field(
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    #[prop(optional)] value: Option<String>,
    #[prop(optional)] required: bool,
    issues: Signal<Vec<Issue>>,
    node_ref: NodeRef<Input>,
) -> impl IntoView {
    let id = format!("hp-field-{name}");
    let error_id = format!("{id}-error");
    let message = move || {
        issues
            .get()
            .into_iter()
            .find(|issue| issue.param.as_deref() == Some(name))
            .map(|issue| issue.message)
    };
    view! {
        <div class="hp-field flex flex-col gap-1">
            <label for=id.clone() class="hp-field-label text-sm font-medium text-slate-700">
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
                aria-invalid=move || message().is_some().to_string()
                aria-describedby=error_id.clone()
                class="hp-field-input rounded-md border border-slate-300 px-3 py-2 text-slate-900 focus:outline focus:outline-2 focus:outline-indigo-600 aria-[invalid=true]:border-red-600"
            />
            <p id=error_id class="hp-field-error min-h-5 text-sm text-red-700" aria-live="polite">
                {message}
            </p>
        </div>
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
        <div role="alert" aria-live="assertive" class="hp-form-alert text-sm text-red-700">
            {move || general().into_iter().map(|message| view! { <p>{message}</p> }).collect_view()}
        </div>
    }
}

/// Issues from the last inline attempt, or, before any, those the server rendered into
/// the page after a submission without JavaScript.
pub fn current_issues(
    latest: impl Fn() -> Option<Result<AuthResult, ServerFnError>> + Send + Sync + 'static,
    echoed: Vec<Issue>,
) -> Signal<Vec<Issue>> {
    Signal::derive(move || match latest() {
        None => echoed.clone(),
        Some(Ok(AuthResult::Rejected(issues))) => issues,
        Some(Ok(AuthResult::SignedIn { .. })) => Vec::new(),
        Some(Err(error)) => vec![Issue {
            code: "internal_error".into(),
            message: error.to_string(),
            param: None,
        }],
    })
}
