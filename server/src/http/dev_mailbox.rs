//! `/dev/mailbox`: the emails this instance queued, newest first, with their delivery
//! status. Routed only in dev mode: the bodies hold one-time codes.

use axum::{
    extract::State,
    http::header,
    response::{Html, IntoResponse, Response},
};
use html_escape::encode_text as text;

use crate::{auth::AuthError, email::outbox, http::error::ApiError, state::AppState};

const SHOWN: i64 = 50;

pub async fn page(State(state): State<AppState>) -> Result<Response, ApiError> {
    let emails = outbox::recent(&state.auth.db, SHOWN)
        .await
        .map_err(AuthError::from)?;
    let rows: String = emails
        .iter()
        .map(|email| {
            format!(
                r#"<article class="hp-card" data-email-id="{id}" data-status="{status}"><p><strong>{subject}</strong></p><p>To {to} · {kind} · {status} after {attempts} attempt(s){error}</p><pre class="whitespace-pre-wrap">{body}</pre></article>"#,
                id = text(&email.id),
                subject = text(&email.subject),
                to = text(&email.recipient),
                kind = text(&email.kind),
                status = text(&email.status),
                attempts = email.attempts,
                error = email
                    .last_error
                    .as_deref()
                    .map(|error| format!(": {}", text(error)))
                    .unwrap_or_default(),
                body = text(&email.text_body),
            )
        })
        .collect();
    let html = format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Dev mailbox</title><link rel="stylesheet" href="/pkg/hallpass.css"></head><body class="hp-theme-system"><main class="hp-page"><h1 class="hp-title">Dev mailbox</h1><p>The newest {SHOWN} emails this instance queued. This page exists only in dev mode.</p>{rows}</main></body></html>"#
    );
    Ok(([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response())
}
