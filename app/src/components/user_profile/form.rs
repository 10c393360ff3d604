//! What every profile form shares: the problems to show (from the last inline attempt, or
//! echoed by the server after a post without JavaScript) and, once a change is saved,
//! fresh data for the profile and for everything showing the user.

use leptos::prelude::*;

use super::ProfileState;
use crate::{
    account::{FormEcho, Issue},
    components::use_auth_state,
    locale::{IssueContext, Strings, localize, t},
    profile::Change,
};

pub struct ChangeForm {
    pub echo: FormEcho,
    pub issues: Signal<Vec<Issue>>,
}

impl ChangeForm {
    /// `name` matches the `form` the hosted route echoes; `saved` confirms a change;
    /// `latest` reads the action result. The issues are worded in the page's locale.
    pub fn new(
        name: &'static str,
        saved: &'static str,
        latest: impl Fn() -> Option<Result<Change, ServerFnError>> + Copy + Send + Sync + 'static,
    ) -> Self {
        let echo = use_context::<FormEcho>().unwrap_or_default().for_form(name);
        let echoed = echo.issues.clone();
        let strings = t();
        let issues = Signal::derive(move || {
            let issues = match latest() {
                None => echoed.clone(),
                Some(Ok(Change::Rejected(issues))) => issues,
                Some(Ok(Change::Saved)) => Vec::new(),
                Some(Err(error)) => vec![Issue {
                    code: "internal_error".into(),
                    message: error.to_string(),
                    param: None,
                    args: Vec::new(),
                }],
            };
            localized(issues, strings)
        });
        let ProfileState { profile, notice } = expect_context::<ProfileState>();
        let user = use_auth_state().user;
        Effect::new(move |_| match latest() {
            Some(Ok(Change::Saved)) => {
                notice.set(Some(saved));
                profile.refetch();
                user.refetch();
            }
            Some(_) => notice.set(None),
            None => {}
        });
        Self { echo, issues }
    }
}

/// `issues` in the words of `strings`, as account settings read them.
pub fn localized(issues: Vec<Issue>, strings: &Strings) -> Vec<Issue> {
    issues
        .into_iter()
        .map(|issue| localize(issue, IssueContext::Account, strings))
        .collect()
}

pub const PRIMARY_BUTTON: &str = "self-start rounded-md bg-hp-primary px-4 py-2 text-sm font-medium text-hp-on-primary hover:bg-hp-primary-hover focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-hp-primary disabled:opacity-60";
pub const SECONDARY_BUTTON: &str = "rounded-md border border-hp-input px-3 py-1.5 text-sm font-medium text-hp-text hover:bg-hp-hover focus-visible:outline focus-visible:outline-2 focus-visible:outline-hp-primary disabled:opacity-60";
pub const DANGER_BUTTON: &str = "self-start rounded-md bg-hp-danger px-4 py-2 text-sm font-medium text-white hover:opacity-90 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-hp-danger disabled:opacity-60";
pub const BADGE: &str =
    "rounded-full border border-hp-border px-2 py-0.5 text-xs font-medium text-hp-muted";
