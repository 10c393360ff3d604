use leptos::prelude::*;

use super::provider::use_auth_state;
use crate::account::SignedInUser;

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
                        <span class=super::appearance::class("user-label", "font-medium") data-testid="user-label">
                            {super::display_name(&user)}
                        </span>
                    }
                })
            })}
        </Suspense>
    }
}

/// Its children for a signed-in visitor who also passes `condition` (if given), else the
/// fallback: for pages or parts that only some people may see. This hides; the server
/// functions behind such a page must still check the session themselves.
#[component]
pub fn Protect(
    children: ChildrenFn,
    #[prop(optional, into)] fallback: ViewFn,
    /// An extra test of the user, e.g. a verified address or a metadata flag.
    #[prop(optional, into)]
    condition: Option<Callback<SignedInUser, bool>>,
) -> impl IntoView {
    let user = use_auth_state().user;
    view! {
        <Suspense fallback=|| ()>
            {
                let children = children.clone();
                move || {
                    let children = children.clone();
                    let fallback = fallback.clone();
                    Suspend::new(async move {
                        let allowed = user
                            .await
                            .is_some_and(|user| condition.is_none_or(|condition| condition.run(user)));
                        if allowed {
                            children().into_any()
                        } else {
                            fallback.run().into_any()
                        }
                    })
                }
            }
        </Suspense>
    }
}

/// Sends a signed-out visitor to the sign-in page, with a `redirect_url` back to where
/// they were. Rendered on the server it is an HTTP redirect, so it works without
/// JavaScript and nothing protected is ever sent.
#[component]
pub fn RedirectToSignIn() -> impl IntoView {
    let user = use_auth_state().user;
    let config = super::provider::use_config();
    let location = leptos_router::hooks::use_location();
    view! {
        <Suspense fallback=|| ()>
            {
                let sign_in_url = config.sign_in_url.clone();
                move || {
                    let sign_in_url = sign_in_url.clone();
                    Suspend::new(async move {
                        let here = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
                        user.await.is_none().then(|| {
                            let target = super::with_redirect(&sign_in_url, Some(&here));
                            view! { <leptos_router::components::Redirect path=target /> }
                        })
                    })
                }
            }
        </Suspense>
    }
}
