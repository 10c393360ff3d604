use std::time::Duration;

use leptos::{ev::SubmitEvent, prelude::*};

use super::{appearance::class, field::FormAlert};
use crate::{
    account::{AuthResult, CodeKind, ResendCode},
    locale::{IssueContext, fill, localize, t},
};

/// The server refuses a new code sooner than this after the last one.
const COOLDOWN_SECS: u32 = 30;

/// "Send a new code" (or `label`), usable once the 30 s since the last email have passed.
/// Once hydrated it counts them down; without JavaScript it is a plain form post to the
/// step's own address (`form_action`), carrying `hidden` fields that name the flow. A new
/// link leads on to `redirect_url`.
#[component]
pub fn Resend(
    flow_id: String,
    kind: CodeKind,
    form_action: String,
    hidden: Vec<(&'static str, String)>,
    #[prop(optional_no_strip)] redirect_url: Option<String>,
    #[prop(optional_no_strip)] label: Option<&'static str>,
) -> impl IntoView {
    let action = ServerAction::<ResendCode>::new();
    // Zero while rendering on the server, so hydration finds the same text; the countdown
    // starts in the browser.
    let wait = RwSignal::new(0u32);
    Effect::new(move |_| {
        if let Some(Ok(AuthResult::Rejected(_))) = action.value().get() {
            return;
        }
        wait.set(COOLDOWN_SECS);
    });
    Effect::new(move |_| {
        let tick = move || wait.update(|left| *left = left.saturating_sub(1));
        if let Ok(handle) = set_interval_with_handle(tick, Duration::from_secs(1)) {
            on_cleanup(move || handle.clear());
        }
    });
    let strings = t();
    let issues = Signal::derive(move || match action.value().get() {
        Some(Ok(AuthResult::Rejected(issues))) => issues
            .into_iter()
            .map(|issue| localize(issue, IssueContext::SigningIn, strings))
            .collect(),
        _ => Vec::new(),
    });
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        action.dispatch(ResendCode {
            flow_id: flow_id.clone(),
            kind,
            redirect_url: redirect_url.clone(),
        });
    };
    let label = move || match wait.get() {
        0 => label.unwrap_or(strings.sign_in.resend).to_owned(),
        left => fill(strings.sign_in.resend_in, &[("seconds", &left.to_string())]),
    };

    view! {
        <form method="post" action=form_action on:submit=on_submit class=class("resend-form", "mt-3 flex flex-col gap-2")>
            {hidden
                .into_iter()
                .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
                .collect_view()}
            <input type="hidden" name="resend" value="1" />
            <FormAlert issues />
            <button
                type="submit"
                disabled=move || { wait.get() > 0 || action.pending().get() }
                class=class("button-secondary resend-button", "rounded-md border border-hp-border px-4 py-2 text-sm font-medium text-hp-text hover:bg-hp-muted/10 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-hp-primary disabled:opacity-60")
            >
                {label}
            </button>
        </form>
    }
}
