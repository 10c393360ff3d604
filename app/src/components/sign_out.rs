use leptos::{ev::SubmitEvent, prelude::*};

use super::provider::use_config;
use crate::account::SignOut as SignOutCall;

/// Signs out of the active session; a plain form post before hydration.
#[component]
pub fn SignOutButton() -> impl IntoView {
    let config = use_config();
    let action = ServerAction::<SignOutCall>::new();
    let after = config.after_sign_out_url.clone();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            let _ = window().location().assign(&after);
        }
    });
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        action.dispatch(SignOutCall {
            all_sessions: false,
        });
    };
    view! {
        <form method="post" action="/sign-out" on:submit=on_submit class="hp-sign-out inline">
            <button
                type="submit"
                class="hp-button-secondary rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
                "Sign out"
            </button>
        </form>
    }
}
