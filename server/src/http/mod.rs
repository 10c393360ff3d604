//! The HTTP surface: routes, the fallback to the embedded site, and the middleware every
//! request passes through.

mod account_forms;
mod assets;
mod boundary;
mod csp;
mod dev_mailbox;
mod email_link;
pub mod error;
pub mod frontend;
mod health;
mod hosted;
mod profile_images;
pub mod refresh;

use std::sync::LazyLock;

use axum::{
    Router,
    extract::{DefaultBodyLimit, Request, State},
    http::{HeaderName, HeaderValue, Method, StatusCode, header},
    middleware,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use hallpass_journal::app::{App, shell};
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use tower::ServiceBuilder;
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::CompressionLayer,
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    timeout::TimeoutLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::Level;

use crate::{config::Config, state::AppState};
use error::ApiError;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The site's routes, generated once per process. Generating them renders the app with
/// resource loading switched off for the whole process, so a second generation while
/// another instance in the same process renders a page (the tests start many) leaves
/// that page waiting forever on a resource that never loads.
fn site_routes() -> Vec<AxumRouteListing> {
    static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));
    ROUTES.clone()
}

/// The whole surface, with `extra` routes mounted behind the same middleware.
pub fn router(state: AppState, config: &Config, extra: Router<AppState>) -> Router {
    let scriptless = csp::Scriptless::new(&state.auth.settings.allowed_origins);
    let dev_routes = match config.dev_mode {
        true => Router::new().route("/dev/mailbox", get(dev_mailbox::page)),
        false => Router::new(),
    };
    Router::new()
        .merge(dev_routes)
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/.well-known/jwks.json", get(jwks))
        .route("/v1/profile_images/{id}", get(profile_images::get))
        .route("/v1/verify", get(email_link::confirm_page))
        .merge(frontend::routes(state.clone()))
        .merge(hosted_form_routes(state.clone()))
        .merge(hallpass_journal::api::routes(
            state.journal.clone(),
            state.verifier.clone(),
        ))
        .merge(extra)
        .merge(leptos_site(&state))
        .fallback(fallback)
        .layer(middleware::from_fn(boundary::read_body))
        .layer(RequestBodyLimitLayer::new(config.max_body_bytes))
        .merge(upload_routes(state.clone()))
        .layer(refresh::RefreshSessionLayer::new(state.auth.clone()))
        .with_state(state)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            config.request_timeout(),
        ))
        .layer(middleware::map_response(error::normalize_layer_errors))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(request_span)
                        .on_response(DefaultOnResponse::new().level(Level::INFO)),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(CatchPanicLayer::custom(error::panic_response))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                // One-time links carry tokens in their URL; never hand them to another site.
                // (`no-referrer` would also blank the `Origin` of our own form posts.)
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("same-origin"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::X_FRAME_OPTIONS,
                    HeaderValue::from_static("DENY"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CONTENT_SECURITY_POLICY,
                    scriptless,
                ))
                // Most answers are someone's (their user, their client, their page with its
                // nonce): none may be kept by a browser or a proxy, unless it says so
                // itself, as the site's files, the JWKS and the pictures do.
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("no-store"),
                ))
                .layer(CompressionLayer::new()),
        )
}

/// The hosted pages' form posts, under the same origin check as the JSON API.
fn hosted_form_routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/sign-in", post(hosted::sign_in))
        .route("/sign-up", post(hosted::sign_up))
        .route("/sign-out", post(hosted::sign_out))
        .route("/v1/verify", post(email_link::sign_in_with_link))
        .route("/switch-session", post(hosted::switch_session))
        .route("/user/profile", post(account_forms::profile))
        .route("/user/password", post(account_forms::password))
        .route("/user/sessions/revoke", post(account_forms::revoke_session))
        .route(
            "/user/emails/primary",
            post(account_forms::make_email_primary),
        )
        .route("/user/emails/remove", post(account_forms::remove_email))
        .route("/user/emails/add", post(account_forms::add_email))
        .route(
            "/user/emails/send_code",
            post(account_forms::send_email_code),
        )
        .route("/user/emails/verify", post(account_forms::verify_email))
        .route("/user/avatar/remove", post(account_forms::remove_avatar))
        .route("/user/delete", post(account_forms::delete_account))
        .route_layer(middleware::from_fn_with_state(state, frontend::same_origin))
}

/// The Leptos pages and server functions. The server functions act with the browser's
/// cookies, so their posts get the same origin check as the Frontend API's.
fn leptos_site(state: &AppState) -> Router<AppState> {
    let options = state.leptos_options.clone();
    Router::new()
        .leptos_routes_with_context(state, site_routes(), site_context(state), move || {
            shell(options.clone())
        })
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            frontend::same_origin,
        ))
}

/// Picture uploads, with a body limit sized for the largest accepted picture instead of
/// the general one (axum's own extractor limit is lifted so this one decides).
fn upload_routes(state: AppState) -> Router<AppState> {
    let multipart_overhead = 64 * 1024;
    Router::new()
        .route("/user/avatar", post(account_forms::set_avatar))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            frontend::same_origin,
        ))
        .merge(frontend::upload_routes(state))
        .layer(middleware::from_fn(boundary::read_body))
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(
            crate::identity::image::MAX_IMAGE_BYTES + multipart_overhead,
        ))
}

/// Verifiers may cache the keys for five minutes: rotation publishes a key that long
/// before it signs anything.
async fn jwks(State(state): State<AppState>) -> Result<Response, ApiError> {
    let body = state
        .auth
        .keys
        .jwks_json()
        .await
        .map_err(|error| ApiError::Auth(error.into()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
        ],
        body,
    )
        .into_response())
}

/// Only the path is recorded: query strings can carry one-time tokens.
fn request_span(request: &Request) -> tracing::Span {
    let request_id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        request_id = %request_id,
    )
}

/// Files of the embedded site first; then the app's own 404 page for anything a browser
/// navigates to, and a JSON 404 for API-looking paths and other methods.
async fn fallback(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path();
    if let Some(response) = assets::serve(request.method(), path, request.headers()) {
        return response;
    }
    let is_page = request.method() == Method::GET
        && !path.starts_with("/v1/")
        && !path.starts_with(boundary::SERVER_FN_PREFIX)
        && !path.starts_with("/pkg/");
    if !is_page {
        return ApiError::NotFound.into_response();
    }
    render_site(&state, request, || {}).await
}

/// What every render and server function call finds in Leptos context: the engine the
/// components talk to, the verifier `hallpass::verify::require_session` checks the
/// session token with, and the journal's store. A render also gets its
/// Content-Security-Policy here, the one place every page passes.
fn site_context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let engine = state.engine.clone();
    let verifier = state.verifier.clone();
    let journal = state.journal.clone();
    let origins = state.auth.settings.allowed_origins.clone();
    move || {
        provide_context(engine.clone());
        provide_context(verifier.clone());
        provide_context(journal.clone());
        csp::for_render(&origins);
    }
}

/// Renders the site for `request` with the [`site_context`], and whatever `more_context`
/// adds.
pub async fn render_site(
    state: &AppState,
    request: Request,
    more_context: impl Fn() + Clone + Send + Sync + 'static,
) -> Response {
    let context = site_context(state);
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_to_stream_with_context(
        move || {
            context();
            more_context();
        },
        move || shell(options.clone()),
    );
    render(request).await.into_response()
}
