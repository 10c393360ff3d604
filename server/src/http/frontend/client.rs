use axum::{
    extract::{Path, State},
    response::Response,
};
use serde_json::json;

use super::{caller::Caller, cookies, flow_cookies, json::ApiJson, respond};
use crate::{
    auth::{
        AuthError, FlowStep, account,
        client::{self as clients, ClientContext},
        sign_in::{self, AttemptParams, PrepareParams, ResetPasswordParams, SignInParams},
        sign_up::{self, SignUpParams, VerificationParams},
    },
    http::error::ApiError,
    ids::now_ms,
    sessions::tokens::Target,
    state::AppState,
};

async fn current_client(state: &AppState, caller: &Caller) -> Result<ClientContext, ApiError> {
    clients::current(&state.auth.db, caller.client_token.as_ref())
        .await
        .map_err(AuthError::from)?
        .ok_or(ApiError::Auth(AuthError::SignedOut))
}

/// The answer to a sign-up or sign-in step: the flow object, the client, and the cookies
/// a finished flow sets.
async fn answer(
    state: &AppState,
    step: impl FlowStep,
    origin: Option<String>,
) -> Result<Response, ApiError> {
    let (flow, client, created) = step.into_parts();
    let cookies = flow_cookies(&state.auth, &client, created.as_deref(), origin).await?;
    let view = clients::view(&state.auth, &client, now_ms())
        .await
        .map_err(AuthError::from)?;
    Ok(respond(flow, Some(view), cookies))
}

pub async fn get(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    let client = clients::current(&state.auth.db, caller.client_token.as_ref())
        .await
        .map_err(AuthError::from)?;
    let view = match &client {
        Some(client) => Some(
            clients::view(&state.auth, client, now_ms())
                .await
                .map_err(AuthError::from)?,
        ),
        None => None,
    };
    Ok(respond(view.clone(), view, Vec::new()))
}

pub async fn create_sign_up(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(params): ApiJson<SignUpParams>,
) -> Result<Response, ApiError> {
    let outcome = sign_up::create(
        &state.auth,
        caller.client_token.as_ref(),
        params,
        caller.device,
        caller.ip,
        now_ms(),
    )
    .await?;
    answer(&state, outcome, caller.origin).await
}

pub async fn update_sign_up(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(params): ApiJson<SignUpParams>,
) -> Result<Response, ApiError> {
    let outcome = sign_up::update(
        &state.auth,
        caller.client_token.as_ref(),
        &id,
        params,
        caller.device,
        now_ms(),
    )
    .await?;
    answer(&state, outcome, caller.origin).await
}

pub async fn create_sign_in(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(params): ApiJson<SignInParams>,
) -> Result<Response, ApiError> {
    let outcome = sign_in::create(
        &state.auth,
        caller.client_token.as_ref(),
        params,
        caller.device,
        caller.ip,
        now_ms(),
    )
    .await?;
    answer(&state, outcome, caller.origin).await
}

pub async fn attempt_first_factor(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(params): ApiJson<AttemptParams>,
) -> Result<Response, ApiError> {
    let outcome = sign_in::attempt_first_factor(
        &state.auth,
        caller.client_token.as_ref(),
        &id,
        params,
        caller.device,
        caller.locale,
        caller.ip,
        now_ms(),
    )
    .await?;
    answer(&state, outcome, caller.origin).await
}

pub async fn prepare_first_factor(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(params): ApiJson<PrepareParams>,
) -> Result<Response, ApiError> {
    let outcome = sign_in::prepare_first_factor(
        &state.auth,
        caller.client_token.as_ref(),
        &id,
        params,
        caller.locale,
        caller.ip,
        now_ms(),
    )
    .await?;
    answer(&state, outcome, caller.origin).await
}

pub async fn reset_password(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(params): ApiJson<ResetPasswordParams>,
) -> Result<Response, ApiError> {
    let outcome = sign_in::reset_password(
        &state.auth,
        caller.client_token.as_ref(),
        &id,
        params,
        caller.device,
        caller.locale,
        now_ms(),
    )
    .await?;
    answer(&state, outcome, caller.origin).await
}

pub async fn prepare_verification(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(params): ApiJson<VerificationParams>,
) -> Result<Response, ApiError> {
    let outcome = sign_up::prepare_verification(
        &state.auth,
        caller.client_token.as_ref(),
        &id,
        params,
        caller.locale,
        caller.ip,
        now_ms(),
    )
    .await?;
    answer(&state, outcome, caller.origin).await
}

pub async fn attempt_verification(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(params): ApiJson<VerificationParams>,
) -> Result<Response, ApiError> {
    let outcome = sign_up::attempt_verification(
        &state.auth,
        caller.client_token.as_ref(),
        &id,
        params,
        caller.device,
        caller.ip,
        now_ms(),
    )
    .await?;
    answer(&state, outcome, caller.origin).await
}

pub async fn end_session(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let client = current_client(&state, &caller).await?;
    account::sign_out(&state.auth, &client, Some(&id)).await?;
    let view = clients::view(&state.auth, &client, now_ms())
        .await
        .map_err(AuthError::from)?;
    let secure = state.auth.settings.secure_cookies;
    Ok(respond(
        json!({ "object": "session", "id": id, "status": "ended" }),
        Some(view),
        vec![cookies::clear_session(secure)],
    ))
}

pub async fn sign_out_all(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Response, ApiError> {
    let client = current_client(&state, &caller).await?;
    account::sign_out(&state.auth, &client, None).await?;
    let view = clients::view(&state.auth, &client, now_ms())
        .await
        .map_err(AuthError::from)?;
    let secure = state.auth.settings.secure_cookies;
    Ok(respond(
        view.clone(),
        Some(view),
        vec![cookies::clear_session(secure)],
    ))
}

pub async fn touch_session(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let client = current_client(&state, &caller).await?;
    account::touch(&state.auth, &client, &id).await?;
    let client = current_client(&state, &caller).await?;
    let jwt = account::token(&state.auth, &client, &id, caller.origin).await?;
    let view = clients::view(&state.auth, &client, now_ms())
        .await
        .map_err(AuthError::from)?;
    let cookie = cookies::set_session(jwt, state.auth.settings.secure_cookies);
    Ok(respond(view.clone(), Some(view), vec![cookie]))
}

/// A fresh session JWT for one of this client's sessions. The `__session` cookie is set
/// too when it is the client's active session, so same-site backends see it.
pub async fn mint_token(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let minted = account::mint(
        &state.auth,
        caller.client_token.as_ref(),
        Target::Session(&id),
        caller.origin,
    )
    .await?;
    let cookies = match minted.is_active {
        true => vec![cookies::set_session(
            minted.jwt.clone(),
            state.auth.settings.secure_cookies,
        )],
        false => Vec::new(),
    };
    Ok(respond(
        json!({ "object": "token", "jwt": minted.jwt }),
        None,
        cookies,
    ))
}
