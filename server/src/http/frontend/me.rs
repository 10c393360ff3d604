//! The signed-in user's own account. Callers prove who they are with a session JWT
//! (`__session` cookie or `Authorization: Bearer`); because these calls change the account,
//! the session must also still be active in the database, not just hold an unexpired token.

use axum::{
    extract::{FromRef, FromRequestParts, Multipart, Path, State},
    http::request::Parts,
    response::Response,
};
use serde_json::json;

use super::{json::ApiJson, respond};
use crate::{
    auth::{
        AuthError, account,
        account::{ChangePasswordParams, DeleteParams, ProfileParams},
        email_addresses::{self, AddEmailParams, EmailVerificationParams},
    },
    email::locale_of,
    http::error::ApiError,
    ids::now_ms,
    sessions::session,
    state::AppState,
    verify::Session,
};

pub struct Me {
    pub user_id: String,
    pub session_id: String,
}

impl<S> FromRequestParts<S> for Me
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = AppState::from_ref(state);
        let Session(claims) = Session::from_request_parts(parts, &app)
            .await
            .map_err(ApiError::Verify)?;
        let row = session::find(&app.auth.db, &claims.sid)
            .await
            .map_err(AuthError::from)?;
        let status = row
            .as_ref()
            .map(|row| row.view(app.auth.settings.lifetimes(), now_ms()).status);
        match status.as_deref() {
            Some("active") => Ok(Self {
                user_id: claims.sub,
                session_id: claims.sid,
            }),
            Some(status) => Err(AuthError::SessionInactive(status.to_owned()).into()),
            None => Err(AuthError::SignedOut.into()),
        }
    }
}

pub async fn get(State(state): State<AppState>, me: Me) -> Result<Response, ApiError> {
    let user = account::user(&state.auth, &me.user_id).await?;
    Ok(respond(user.view(now_ms()), None, Vec::new()))
}

pub async fn update(
    State(state): State<AppState>,
    me: Me,
    headers: axum::http::HeaderMap,
    ApiJson(mut params): ApiJson<ProfileParams>,
) -> Result<Response, ApiError> {
    if let Some(email_id) = params.primary_email_address_id.take() {
        let locale = locale_of(&headers);
        account::make_email_primary(&state.auth, &me.user_id, &email_id, locale).await?;
    }
    let user = account::update_profile(&state.auth, &me.user_id, params).await?;
    Ok(respond(user.view(now_ms()), None, Vec::new()))
}

pub async fn add_email(
    State(state): State<AppState>,
    me: Me,
    ApiJson(params): ApiJson<AddEmailParams>,
) -> Result<Response, ApiError> {
    let (user, _) = email_addresses::add(&state.auth, &me.user_id, params).await?;
    Ok(respond(user.view(now_ms()), None, Vec::new()))
}

pub async fn prepare_email_verification(
    State(state): State<AppState>,
    me: Me,
    headers: axum::http::HeaderMap,
    Path(id): Path<String>,
    ApiJson(params): ApiJson<EmailVerificationParams>,
) -> Result<Response, ApiError> {
    let locale = locale_of(&headers);
    let user = email_addresses::prepare_verification(&state.auth, &me.user_id, &id, params, locale)
        .await?;
    Ok(respond(user.view(now_ms()), None, Vec::new()))
}

pub async fn attempt_email_verification(
    State(state): State<AppState>,
    me: Me,
    Path(id): Path<String>,
    ApiJson(params): ApiJson<EmailVerificationParams>,
) -> Result<Response, ApiError> {
    let user = email_addresses::attempt_verification(&state.auth, &me.user_id, &id, params).await?;
    Ok(respond(user.view(now_ms()), None, Vec::new()))
}

pub async fn change_password(
    State(state): State<AppState>,
    me: Me,
    headers: axum::http::HeaderMap,
    ApiJson(params): ApiJson<ChangePasswordParams>,
) -> Result<Response, ApiError> {
    let locale = locale_of(&headers);
    let user =
        account::change_password(&state.auth, &me.user_id, &me.session_id, params, locale).await?;
    Ok(respond(user.view(now_ms()), None, Vec::new()))
}

pub async fn delete(
    State(state): State<AppState>,
    me: Me,
    ApiJson(params): ApiJson<DeleteParams>,
) -> Result<Response, ApiError> {
    account::delete(&state.auth, &me.user_id, params).await?;
    let secure = state.auth.settings.secure_cookies;
    Ok(respond(
        json!({ "object": "user", "id": me.user_id, "deleted": true }),
        None,
        vec![super::cookies::clear_session(secure)],
    ))
}

pub async fn sessions(State(state): State<AppState>, me: Me) -> Result<Response, ApiError> {
    let sessions = account::sessions(&state.auth, &me.user_id).await?;
    Ok(respond(sessions, None, Vec::new()))
}

pub async fn revoke_session(
    State(state): State<AppState>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    account::revoke_session(&state.auth, &me.user_id, &id).await?;
    Ok(respond(
        json!({ "object": "session", "id": id, "status": "revoked" }),
        None,
        Vec::new(),
    ))
}

pub async fn remove_email(
    State(state): State<AppState>,
    me: Me,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    account::remove_email(&state.auth, &me.user_id, &id).await?;
    Ok(respond(
        json!({ "object": "email_address", "id": id, "deleted": true }),
        None,
        Vec::new(),
    ))
}

/// `multipart/form-data` with the picture in a `file` part, as Clerk's API takes it.
pub async fn set_profile_image(
    State(state): State<AppState>,
    me: Me,
    multipart: Multipart,
) -> Result<Response, ApiError> {
    let upload = read_file_part(multipart).await?;
    let user = account::set_profile_image(&state.auth, &me.user_id, upload).await?;
    Ok(respond(user.view(now_ms()), None, Vec::new()))
}

pub async fn remove_profile_image(
    State(state): State<AppState>,
    me: Me,
) -> Result<Response, ApiError> {
    let user = account::remove_profile_image(&state.auth, &me.user_id).await?;
    Ok(respond(user.view(now_ms()), None, Vec::new()))
}

/// The bytes of the form's `file` part; empty when there is none, which the image check
/// refuses with its own message.
pub async fn read_file_part(mut multipart: Multipart) -> Result<Vec<u8>, ApiError> {
    let malformed = |error: axum::extract::multipart::MultipartError| {
        if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge
        } else {
            ApiError::InvalidBody(error.body_text())
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(malformed)? {
        if field.name() == Some("file") {
            return Ok(field.bytes().await.map_err(malformed)?.to_vec());
        }
    }
    Ok(Vec::new())
}
