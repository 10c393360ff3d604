//! The JSON Frontend API (`/v1/client/...`, `/v1/me/...`), modelled on Clerk's for
//! browsers that don't run our components and for mobile apps. Every response is
//! `{"response": ..., "client": ...}`; the handlers only translate to and from HTTP.

pub mod caller;
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

use crate::state::AppState;
use crate::{
    auth::{Auth, AuthError, account, client::ClientContext},
    sessions::ClientView,
};
pub use caller::client_ip;
pub use guard::same_origin;
pub use me::read_file_part;

pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/v1/client", get(client::get))
        .route("/v1/client/sign_ups", post(client::create_sign_up))
        .route("/v1/client/sign_ups/{id}", patch(client::update_sign_up))
        .route("/v1/client/sign_ins", post(client::create_sign_in))
        .route(
            "/v1/client/sign_ups/{id}/prepare_verification",
            post(client::prepare_verification),
        )
        .route(
            "/v1/client/sign_ups/{id}/attempt_verification",
            post(client::attempt_verification),
        )
        .route(
            "/v1/client/sign_ins/{id}/prepare_first_factor",
            post(client::prepare_first_factor),
        )
        .route(
            "/v1/client/sign_ins/{id}/attempt_first_factor",
            post(client::attempt_first_factor),
        )
        .route(
            "/v1/client/sign_ins/{id}/reset_password",
            post(client::reset_password),
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
        .route("/v1/me/email_addresses", post(me::add_email))
        .route("/v1/me/email_addresses/{id}", delete(me::remove_email))
        .route(
            "/v1/me/email_addresses/{id}/prepare_verification",
            post(me::prepare_email_verification),
        )
        .route(
            "/v1/me/email_addresses/{id}/attempt_verification",
            post(me::attempt_email_verification),
        )
        .route_layer(middleware::from_fn_with_state(state, guard::same_origin))
}

/// Routes that take a picture upload, allowed a larger body than the rest.
pub fn upload_routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route(
            "/v1/me/profile_image",
            post(me::set_profile_image).delete(me::remove_profile_image),
        )
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

/// Cookies for a flow that may have finished: the client token if it changed, and a
/// session JWT for the session it created.
pub async fn flow_cookies(
    auth: &Auth,
    client: &ClientContext,
    created_session: Option<&str>,
    origin: Option<String>,
) -> Result<Vec<HeaderValue>, AuthError> {
    let settings = &auth.settings;
    let mut set = Vec::new();
    if client.token_changed {
        let lifetime_secs = settings.token.lifetimes.maximum_ms / 1000;
        set.push(cookies::set_client(
            &client.token,
            settings.secure_cookies,
            lifetime_secs,
        ));
    }
    if let Some(session_id) = created_session {
        let jwt = account::token(auth, client, session_id, origin).await?;
        set.push(cookies::set_session(jwt, settings.secure_cookies));
    }
    Ok(set)
}
