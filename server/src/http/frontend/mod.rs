//! The JSON Frontend API (`/v1/client/...`, `/v1/me/...`), modelled on Clerk's for
//! browsers that don't run our components and for mobile apps. Every response is
//! `{"response": ..., "client": ...}`; the handlers only translate to and from HTTP.

mod caller;
mod client;
pub mod cookies;
mod guard;
mod json;
mod me;

use axum::{
    Json, Router,
    http::{HeaderValue, header},
    middleware,
    response::{IntoResponse, Response},
    routing::{delete, get, patch, post},
};
use serde::Serialize;

use crate::{auth::client::ClientContext, sessions::ClientView, state::AppState};
pub use caller::client_ip;

pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/v1/client", get(client::get))
        .route("/v1/client/sign_ups", post(client::create_sign_up))
        .route("/v1/client/sign_ups/{id}", patch(client::update_sign_up))
        .route("/v1/client/sign_ins", post(client::create_sign_in))
        .route(
            "/v1/client/sign_ins/{id}/attempt_first_factor",
            post(client::attempt_first_factor),
        )
        .route("/v1/client/sessions", delete(client::sign_out_all))
        .route("/v1/client/sessions/{id}/end", post(client::end_session))
        .route(
            "/v1/client/sessions/{id}/touch",
            post(client::touch_session),
        )
        .route("/v1/client/sessions/{id}/tokens", post(client::mint_token))
        .route("/v1/me", get(me::get).patch(me::update).delete(me::delete))
        .route("/v1/me/change_password", post(me::change_password))
        .route("/v1/me/sessions", get(me::sessions))
        .route("/v1/me/sessions/{id}/revoke", post(me::revoke_session))
        .route_layer(middleware::from_fn_with_state(state, guard::same_origin))
}

#[derive(Serialize)]
struct Envelope<T> {
    response: T,
    client: Option<ClientView>,
}

/// A response in the envelope, with whatever cookies the call changed.
fn respond<T: Serialize>(
    response: T,
    client: Option<ClientView>,
    cookies: Vec<HeaderValue>,
) -> Response {
    let mut http = Json(Envelope { response, client }).into_response();
    for cookie in cookies {
        http.headers_mut().append(header::SET_COOKIE, cookie);
    }
    http
}

/// The `__client` cookie when the flow gave the browser a new token.
fn client_cookie(state: &AppState, client: &ClientContext) -> Option<HeaderValue> {
    let settings = &state.auth.settings;
    client.token_changed.then(|| {
        cookies::set_client(
            &client.token,
            settings.secure_cookies,
            settings.token.lifetimes.maximum_ms / 1000,
        )
    })
}
