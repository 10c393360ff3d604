//! Email: templates, the outbox every message is written to in the same transaction as
//! the change that causes it, and the sender task that delivers the outbox over SMTP (or
//! to the log when no SMTP server is configured).

pub mod outbox;
pub mod sender;
pub mod templates;

use std::sync::Arc;

use axum::http::{HeaderMap, header};
use hallpass::locale::Locale;
use tokio::sync::Notify;

use crate::config::Config;

/// What makes an email the instance's own, and where its links point.
#[derive(Debug, Clone)]
pub struct Branding {
    pub instance_name: String,
    pub brand_color: String,
    pub logo_url: Option<String>,
    pub public_origin: String,
}

/// The handle flows use to queue email: the branding to render with, and a nudge for the
/// sender so a queued email leaves at once rather than at the next poll.
#[derive(Debug, Clone)]
pub struct Mailer {
    pub branding: Branding,
    wake: Arc<Notify>,
}

impl Mailer {
    pub fn new(config: &Config, public_origin: &str) -> Self {
        Self {
            branding: Branding {
                instance_name: config.instance_name.clone(),
                brand_color: config.brand_color.as_str().to_owned(),
                logo_url: config.logo_url.as_ref().map(|url| url.as_str().to_owned()),
                public_origin: public_origin.to_owned(),
            },
            wake: Arc::new(Notify::new()),
        }
    }

    /// Call after the transaction that queued an email has committed.
    pub fn queued(&self) {
        self.wake.notify_one();
    }

    pub(crate) fn wake(&self) -> Arc<Notify> {
        self.wake.clone()
    }
}

/// The language of a request's emails: the caller's preferred one we speak.
pub fn locale_of(headers: &HeaderMap) -> Locale {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map(Locale::negotiate)
        .unwrap_or_default()
}
