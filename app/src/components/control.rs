use leptos::prelude::*;

use super::provider::use_auth_state;

/// Renders its children only for a signed-in visitor.
#[component]
pub fn SignedIn(children: ChildrenFn) -> impl IntoView {
    let user = use_auth_state().user;
    view! {
        <Suspense fallback=|| ()>
            {
                let children = children.clone();
                move || {
                    let children = children.clone();
                    Suspend::new(async move { user.await.map(|_| children()) })
                }
            }
        </Suspense>
    }
}

/// Renders its children only for a signed-out visitor.
#[component]
pub fn SignedOut(children: ChildrenFn) -> impl IntoView {
    let user = use_auth_state().user;
    view! {
        <Suspense fallback=|| ()>
            {
                let children = children.clone();
                move || {
                    let children = children.clone();
                    Suspend::new(async move { user.await.is_none().then(|| children()) })
                }
            }
        </Suspense>
    }
}

/// The signed-in user's name, or their email address when they gave no name.
#[component]
pub fn UserLabel() -> impl IntoView {
    let user = use_auth_state().user;
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                user.await.map(|user| {
                    view! {
                        <span class="hp-user-label font-medium" data-testid="user-label">
                            {super::display_name(&user)}
                        </span>
                    }
                })
            })}
        </Suspense>
    }
}
