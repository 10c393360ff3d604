//! What every profile form shares: the problems to show (from the last inline attempt, or
//! echoed by the server after a post without JavaScript) and, once a change is saved,
//! fresh data for the profile and for everything showing the user.

use leptos::prelude::*;

use super::ProfileState;
use crate::{
    account::{FormEcho, Issue},
    components::use_auth_state,
    error::AppError,
    locale::{IssueContext, Strings, localize, t},
    profile::Change,
};

pub struct ChangeForm {
    pub echo: FormEcho,
    pub issues: Signal<Vec<Issue>>,
}

/// What a finished action answered, and the confirmation it earns if saved.
type Outcome = (&'static str, Result<Change, AppError>);

impl ChangeForm {
    /// `name` matches the `form` the hosted route echoes; `saved` confirms a change;
    /// `latest` reads the action result. The issues are worded in the page's locale.
    pub fn new(
        name: &'static str,
        saved: &'static str,
        latest: impl Fn() -> Option<Result<Change, AppError>> + Copy + Send + Sync + 'static,
    ) -> Self {
        Self::of(name, move || latest().map(|result| (saved, result)))
    }

    /// A form whose several actions answer through `last`.
    pub fn of_many(name: &'static str, last: LastChange) -> Self {
        Self::of(name, move || last.0.get())
    }

    fn of(
        name: &'static str,
        latest: impl Fn() -> Option<Outcome> + Copy + Send + Sync + 'static,
    ) -> Self {
        let echo = use_context::<FormEcho>().unwrap_or_default().for_form(name);
        let echoed = echo.issues.clone();
        let strings = t();
        let issues = Signal::derive(move || {
            let issues = match latest() {
                None => echoed.clone(),
                Some((_, Ok(Change::Rejected(issues)))) => issues,
                Some((_, Ok(Change::Saved))) => Vec::new(),
                Some((_, Err(error))) => vec![Issue {
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
            Some((saved, Ok(Change::Saved))) => {
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

/// The answer of whichever of a section's actions finished last, so that its one alert
/// shows the form just used rather than an older one.
#[derive(Clone, Copy)]
pub struct LastChange(RwSignal<Option<Outcome>>);

impl Default for LastChange {
    fn default() -> Self {
        Self(RwSignal::new(None))
    }
}

impl LastChange {
    /// Takes `result` whenever its action finishes; `saved` confirms its success.
    pub fn follow(
        self,
        result: impl Get<Value = Option<Result<Change, AppError>>> + Send + Sync + 'static,
        saved: &'static str,
    ) -> Self {
        Effect::new(move |_| {
            if let Some(outcome) = result.get() {
                self.0.set(Some((saved, outcome)));
            }
        });
        self
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
