use leptos::{ev::SubmitEvent, prelude::*};

use super::{appearance::class, provider::use_config};
use crate::{account::SignOut as SignOutCall, locale::t};

/// Signs out of the active session; a plain form post before hydration. As an item of
/// a menu (`menu_item`), it takes the menu's item role and look.
#[component]
pub fn SignOutButton(#[prop(optional)] menu_item: bool) -> impl IntoView {
    let config = use_config();
    let action = ServerAction::<SignOutCall>::new();
    let after = config.after_sign_out_url.clone();
    // Without JavaScript the server redirects; it goes to the same place.
    let form_action = super::with_redirect("/sign-out", Some(&after));
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
        <form method="post" action=form_action on:submit=on_submit class=class("sign-out", if menu_item { "block" } else { "inline" })>
            <button
                type="submit"
                role=menu_item.then_some("menuitem")
                class=if menu_item {
                    class("user-menu-item sign-out-button", "block w-full rounded-md px-3 py-2 text-left text-sm text-hp-text hover:bg-hp-hover focus-visible:outline focus-visible:outline-2 focus-visible:outline-hp-primary")
                } else {
                    class("button-secondary sign-out-button", "rounded-md border border-hp-input px-3 py-1.5 text-sm font-medium text-hp-text hover:bg-hp-hover focus-visible:outline focus-visible:outline-2 focus-visible:outline-hp-primary")
                }
            >
                {t().user_menu.sign_out}
            </button>
        </form>
    }
}
