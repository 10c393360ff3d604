use leptos::{ev::KeyboardEvent, ev::SubmitEvent, html::Details, prelude::*};
use wasm_bindgen::JsCast;

use super::{
    appearance::class, provider::use_auth_state, provider::use_config, sign_out::SignOutButton,
};
use crate::{
    account::{SignedInUser, SwitchSession, accounts},
    locale::{fill, t},
};

/// Up to two letters: first and last name, else the first letter of the username or
/// email address.
pub fn initials(user: &SignedInUser) -> String {
    let first_letter =
        |text: &Option<String>| text.as_deref().and_then(|t| t.trim().chars().next());
    let from_names: String = [
        first_letter(&user.first_name),
        first_letter(&user.last_name),
    ]
    .into_iter()
    .flatten()
    .collect();
    let letters = if from_names.is_empty() {
        first_letter(&user.username)
            .or_else(|| first_letter(&user.email_address))
            .map(String::from)
            .unwrap_or_default()
    } else {
        from_names
    };
    letters.to_uppercase()
}

pub fn display_name(user: &SignedInUser) -> String {
    let name = [user.first_name.clone(), user.last_name.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() {
        user.email_address
            .clone()
            .or_else(|| user.username.clone())
            .unwrap_or_default()
    } else {
        name
    }
}

/// The user's picture, or their initials on a coloured disc; `large` for a profile page.
#[component]
pub fn UserAvatar(user: SignedInUser, #[prop(optional)] large: bool) -> impl IntoView {
    match user.image_url.clone() {
        Some(src) => view! {
            <img
                src=src
                alt=""
                class=if large {
                    class("avatar", "h-16 w-16 rounded-full object-cover")
                } else {
                    class("avatar", "h-8 w-8 rounded-full object-cover")
                }
            />
        }
        .into_any(),
        None => view! {
            <span
                aria-hidden="true"
                data-testid="avatar-initials"
                class=if large {
                    class("avatar avatar-initials", "inline-flex h-16 w-16 items-center justify-center rounded-full bg-hp-primary text-xl font-semibold text-hp-on-primary")
                } else {
                    class("avatar avatar-initials", "inline-flex h-8 w-8 items-center justify-center rounded-full bg-hp-primary text-sm font-semibold text-hp-on-primary")
                }
            >
                {initials(&user)}
            </span>
        }
        .into_any(),
    }
}

/// The avatar button with the account menu: the other signed-in accounts to switch to,
/// "Add account", and "Sign out". A `<details>` disclosure, so it opens without
/// JavaScript; hydrated, it also closes on Escape and moves between items with the arrows.
#[component]
pub fn UserButton() -> impl IntoView {
    let user = use_auth_state().user;
    let signed_in =
        Resource::new_blocking(|| (), |_| async { accounts().await.unwrap_or_default() });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let user = user.await?;
                let others = signed_in.await.into_iter().filter(|other| other.session_id != user.session_id).collect();
                Some(view! { <UserMenu user others /> })
            })}
        </Suspense>
    }
}

#[component]
fn UserMenu(user: SignedInUser, others: Vec<SignedInUser>) -> impl IntoView {
    let config = use_config();
    let details = NodeRef::<Details>::new();
    let switch = ServerAction::<SwitchSession>::new();
    Effect::new(move |_| {
        if let Some(Ok(true)) = switch.value().get() {
            let _ = window().location().reload();
        }
    });
    let on_keydown = move |event: KeyboardEvent| {
        let Some(details) = details.get() else { return };
        match event.key().as_str() {
            "Escape" => {
                details.set_open(false);
                if let Some(summary) = details.query_selector("summary").ok().flatten() {
                    let _ = summary.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            }
            key @ ("ArrowDown" | "ArrowUp") => {
                event.prevent_default();
                let Ok(items) = details.query_selector_all("[role=menuitem]") else {
                    return;
                };
                let items: Vec<web_sys::HtmlElement> = (0..items.length())
                    .filter_map(|i| items.item(i))
                    .filter_map(|node| node.dyn_into().ok())
                    .collect();
                let active = document().active_element();
                let current = items.iter().position(|item| {
                    Some(item.unchecked_ref::<web_sys::Element>()) == active.as_ref()
                });
                let next = match (key, current) {
                    ("ArrowDown", Some(i)) => (i + 1) % items.len(),
                    ("ArrowUp", Some(i)) => (i + items.len() - 1) % items.len(),
                    ("ArrowUp", None) => items.len().saturating_sub(1),
                    _ => 0,
                };
                if let Some(item) = items.get(next) {
                    let _ = item.focus();
                }
            }
            _ => {}
        }
    };
    let item_class = || {
        class(
            "user-menu-item",
            "block w-full rounded-md px-3 py-2 text-left text-sm text-hp-text hover:bg-hp-hover focus-visible:outline focus-visible:outline-2 focus-visible:outline-hp-primary",
        )
    };
    let strings = t();
    let name = display_name(&user);
    let email = user.email_address.clone().unwrap_or_default();
    view! {
        <details node_ref=details on:keydown=on_keydown class=class("user-button", "relative")>
            <summary
                aria-label=strings.user_menu.open
                aria-haspopup="menu"
                class=class("user-button-trigger", "flex cursor-pointer list-none rounded-full focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-hp-primary [&::-webkit-details-marker]:hidden")
            >
                <UserAvatar user=user.clone() />
            </summary>
            <div
                role="menu"
                aria-label=strings.user_menu.menu
                class=class("user-menu", "absolute right-0 z-10 mt-2 w-72 rounded-hp border border-hp-border bg-hp-bg p-2 shadow-lg")
            >
                <div class=class("user-menu-header", "flex items-center gap-3 px-3 py-2")>
                    <UserAvatar user=user.clone() />
                    <div class=class("user-menu-identity", "min-w-0")>
                        <p class=class("user-menu-name", "truncate text-sm font-medium text-hp-text")>{name}</p>
                        <p class=class("user-menu-email", "truncate text-xs text-hp-muted")>{email}</p>
                    </div>
                </div>
                <hr class=class("user-menu-divider", "my-1 border-hp-border") />
                {others
                    .into_iter()
                    .map(|other| {
                        let session_id = other.session_id.clone();
                        let on_submit = move |event: SubmitEvent| {
                            event.prevent_default();
                            switch.dispatch(SwitchSession { session_id: session_id.clone() });
                        };
                        view! {
                            <form method="post" action="/switch-session" on:submit=on_submit class=class("user-menu-switch", "")>
                                <input type="hidden" name="session_id" value=other.session_id.clone() />
                                <button type="submit" role="menuitem" class=class("user-menu-item user-menu-switch-button", "flex w-full items-center gap-3 rounded-md px-3 py-2 text-left text-sm text-hp-text hover:bg-hp-hover focus-visible:outline focus-visible:outline-2 focus-visible:outline-hp-primary")>
                                    <UserAvatar user=other.clone() />
                                    <span class=class("user-menu-switch-label", "")>{fill(strings.user_menu.switch_to, &[("name", &display_name(&other))])}</span>
                                </button>
                            </form>
                        }
                    })
                    .collect_view()}
                <a role="menuitem" href=config.user_profile_url.clone() class=item_class()>
                    {strings.user_menu.manage_account}
                </a>
                <a role="menuitem" href=config.sign_in_url.clone() class=item_class()>
                    {strings.user_menu.add_account}
                </a>
                <SignOutButton menu_item=true />
            </div>
        </details>
    }
}
