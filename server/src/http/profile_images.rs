//! Profile pictures, public like Clerk's `img.clerk.com` URLs. Each upload gets a new id,
//! so a response never changes and browsers and CDNs may keep it for a year.

use axum::{
    extract::{Path, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};

use crate::{auth::AuthError, http::error::ApiError, identity::images, state::AppState};

pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let image = images::find(&state.db, &id)
        .await
        .map_err(AuthError::from)?
        .ok_or(ApiError::NotFound)?;
    let content_type =
        HeaderValue::from_str(&image.content_type).map_err(|_| ApiError::Internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
            // Only ever shown as an image, never run as a document.
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; sandbox"),
            ),
        ],
        image.bytes,
    )
        .into_response())
}
