//! Every error an HTTP client can receive, mapped to a status and a stable code here and
//! nowhere else. The body follows Clerk's shape, so existing client code can read it:
//! `{"errors": [{"code": "...", "message": "..."}]}`.

use std::borrow::Cow;

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use serde_json::{Value, json};

use crate::{auth::AuthError, store::StoreError, verify::VerifyError};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("Nothing exists at this address.")]
    NotFound,
    #[error("The request body is larger than this server accepts.")]
    PayloadTooLarge,
    #[error("The request took too long and was abandoned.")]
    Timeout,
    #[error("Send the request body as JSON, with Content-Type: application/json.")]
    UnsupportedMediaType,
    #[error("The request body is not valid JSON: {0}")]
    MalformedJson(String),
    #[error("The request body does not have the expected fields: {0}")]
    InvalidBody(String),
    #[error("The request body could not be read in full.")]
    IncompleteBody,
    #[error("The request contains a NUL character, which no field, identifier or path accepts.")]
    NulByte,
    #[error("Requests from this origin are not allowed.")]
    OriginNotAllowed,
    #[error("The database is unreachable; try again shortly.")]
    DatabaseUnavailable(#[source] StoreError),
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Verify(VerifyError),
    #[error("Something went wrong on our side; the error has been logged.")]
    Internal,
}

#[derive(Serialize)]
struct ErrorBody {
    errors: Vec<ErrorEntry>,
}

#[derive(Serialize)]
struct ErrorEntry {
    code: Cow<'static, str>,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<Value>,
}

impl ErrorEntry {
    fn new(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            meta: None,
        }
    }

    fn param(self, name: &str) -> Self {
        self.meta_entry("param_name", json!(name))
    }

    /// The numbers the message mentions (`min`, `max`), so that a client can word the
    /// message in another language and still say them.
    fn limits(self, limits: &[(&str, usize)]) -> Self {
        limits.iter().fold(self, |entry, (name, value)| {
            entry.meta_entry(name, json!(value))
        })
    }

    fn meta_entry(mut self, name: &str, value: Value) -> Self {
        let meta = self.meta.get_or_insert_with(|| json!({}));
        meta[name] = value;
        self
    }
}

/// When a client should retry after the database was busy: the request already waited
/// the busy timeout, and a lock holder usually finishes soon after.
const BUSY_RETRY_AFTER_SECS: u64 = 1;
/// When a client should retry after the database was unreachable: reconnecting takes
/// longer than a lock does.
const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 5;

/// Connection trouble and a busy database mean "try again" (503 with `Retry-After`);
/// anything else from the database is our bug.
fn store_failure(error: &StoreError) -> (StatusCode, ErrorEntry, Option<u64>) {
    if let StoreError::Busy(_) = error {
        tracing::warn!(%error, "database busy");
        let message = "The database is busy; try again shortly.";
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorEntry::new("database_busy", message),
            Some(BUSY_RETRY_AFTER_SECS),
        );
    }
    let unavailable = matches!(
        error,
        StoreError::Connect { .. }
            | StoreError::Timeout(_)
            | StoreError::FileMissing(_)
            | StoreError::Query(
                sqlx::Error::Io(_)
                    | sqlx::Error::PoolTimedOut
                    | sqlx::Error::PoolClosed
                    | sqlx::Error::Tls(_)
            )
    );
    if unavailable {
        tracing::warn!(%error, "database unavailable");
        let message = "The database is unreachable; try again shortly.";
        (
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorEntry::new("database_unavailable", message),
            Some(UNAVAILABLE_RETRY_AFTER_SECS),
        )
    } else {
        tracing::error!(%error, "database error");
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorEntry::new("internal_error", ApiError::Internal.to_string()),
            None,
        )
    }
}

impl ApiError {
    /// The status, the error entries and, for throttled requests, when to come back.
    fn parts(&self) -> (StatusCode, Vec<ErrorEntry>, Option<u64>) {
        let message = self.to_string();
        let one = |status, code: &'static str| {
            (status, vec![ErrorEntry::new(code, message.clone())], None)
        };
        match self {
            ApiError::NotFound => one(StatusCode::NOT_FOUND, "resource_not_found"),
            ApiError::PayloadTooLarge => {
                one(StatusCode::PAYLOAD_TOO_LARGE, "request_body_too_large")
            }
            ApiError::Timeout => one(StatusCode::REQUEST_TIMEOUT, "request_timeout"),
            ApiError::UnsupportedMediaType => {
                one(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            ApiError::MalformedJson(_) => one(StatusCode::BAD_REQUEST, "malformed_request_body"),
            ApiError::InvalidBody(_) => {
                one(StatusCode::UNPROCESSABLE_ENTITY, "invalid_request_body")
            }
            ApiError::IncompleteBody => one(StatusCode::BAD_REQUEST, "malformed_request_body"),
            ApiError::NulByte => one(StatusCode::BAD_REQUEST, "nul_byte_invalid"),
            ApiError::OriginNotAllowed => one(StatusCode::FORBIDDEN, "origin_invalid"),
            ApiError::DatabaseUnavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                vec![ErrorEntry::new("database_unavailable", message)],
                Some(UNAVAILABLE_RETRY_AFTER_SECS),
            ),
            ApiError::Verify(error) => (
                error.status(),
                vec![ErrorEntry::new(error.code(), message)],
                None,
            ),
            ApiError::Internal => {
                tracing::error!("internal error");
                one(StatusCode::INTERNAL_SERVER_ERROR, "internal_error")
            }
            ApiError::Auth(error) => auth_parts(error),
        }
    }
}

fn auth_parts(error: &AuthError) -> (StatusCode, Vec<ErrorEntry>, Option<u64>) {
    let message = error.to_string();
    let unprocessable = |entry: ErrorEntry| (StatusCode::UNPROCESSABLE_ENTITY, vec![entry], None);
    match error {
        AuthError::Fields(fields) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            fields
                .iter()
                .map(|field| {
                    ErrorEntry::new(field.code, field.message.clone())
                        .param(field.param)
                        .limits(&field.limits)
                })
                .collect(),
            None,
        ),
        AuthError::Password(rejection) => {
            let field = rejection.for_field("password");
            unprocessable(
                ErrorEntry::new(field.code, field.message)
                    .param(field.param)
                    .limits(&field.limits),
            )
        }
        AuthError::EmailTaken => {
            unprocessable(ErrorEntry::new("form_identifier_exists", message).param("email_address"))
        }
        AuthError::UsernameTaken => {
            unprocessable(ErrorEntry::new("form_identifier_exists", message).param("username"))
        }
        AuthError::IncorrectCredentials => {
            unprocessable(ErrorEntry::new("form_password_incorrect", message).param("password"))
        }
        AuthError::SessionExists => unprocessable(ErrorEntry::new("session_exists", message)),
        AuthError::ClientSessionLimit => {
            unprocessable(ErrorEntry::new("client_session_limit_reached", message))
        }
        AuthError::InvalidStep(_) => unprocessable(ErrorEntry::new("invalid_step", message)),
        AuthError::CodeIncorrect => {
            unprocessable(ErrorEntry::new("form_code_incorrect", message).param("code"))
        }
        AuthError::VerificationMissing => {
            unprocessable(ErrorEntry::new("verification_missing", message))
        }
        AuthError::VerificationExpired => {
            unprocessable(ErrorEntry::new("verification_expired", message))
        }
        AuthError::VerificationAttemptsExhausted => {
            unprocessable(ErrorEntry::new("verification_failed", message))
        }
        AuthError::EmailNotVerified => {
            unprocessable(ErrorEntry::new("email_address_not_verified", message))
        }
        AuthError::PrimaryEmailRemoval => {
            unprocessable(ErrorEntry::new("primary_email_address_removal", message))
        }
        AuthError::Image(error) => {
            use crate::identity::image::{ImageError, MAX_IMAGE_SIDE};
            let (status, code) = match error {
                ImageError::Missing => (StatusCode::UNPROCESSABLE_ENTITY, "form_param_missing"),
                ImageError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "image_too_large"),
                ImageError::UnsupportedType => {
                    (StatusCode::UNSUPPORTED_MEDIA_TYPE, "image_type_unsupported")
                }
                ImageError::Unreadable => (StatusCode::UNPROCESSABLE_ENTITY, "image_invalid"),
                ImageError::TooManyPixels => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "image_dimensions_too_large",
                ),
            };
            let limits: &[(&str, usize)] = match error {
                ImageError::TooManyPixels => &[("max", MAX_IMAGE_SIDE as usize)],
                _ => &[],
            };
            (
                status,
                vec![ErrorEntry::new(code, message).param("file").limits(limits)],
                None,
            )
        }
        AuthError::Locked { retry_after } => {
            let entry = ErrorEntry::new("user_locked", message).meta_entry(
                "lockout_expires_in_seconds",
                json!(retry_after.as_secs().max(1)),
            );
            (StatusCode::FORBIDDEN, vec![entry], None)
        }
        AuthError::Banned => (
            StatusCode::FORBIDDEN,
            vec![ErrorEntry::new("user_banned", message)],
            None,
        ),
        AuthError::RateLimited { retry_after } => (
            StatusCode::TOO_MANY_REQUESTS,
            vec![ErrorEntry::new("too_many_requests", message)],
            Some(retry_after.as_secs().max(1)),
        ),
        AuthError::NotFound(_) => (
            StatusCode::NOT_FOUND,
            vec![ErrorEntry::new("resource_not_found", message)],
            None,
        ),
        AuthError::SignedOut => (
            StatusCode::UNAUTHORIZED,
            vec![ErrorEntry::new("signed_out", message)],
            None,
        ),
        AuthError::SessionInactive(status) => (
            StatusCode::UNAUTHORIZED,
            vec![ErrorEntry::new(format!("session_{status}"), message)],
            None,
        ),
        AuthError::Store(error) => {
            let (status, entry, retry_after) = store_failure(error);
            (status, vec![entry], retry_after)
        }
        AuthError::Keys(error) => {
            tracing::error!(%error, "signing keys");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                vec![ErrorEntry::new(
                    "internal_error",
                    ApiError::Internal.to_string(),
                )],
                None,
            )
        }
        AuthError::Hash(error) => {
            tracing::error!(%error, "password hashing");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                vec![ErrorEntry::new(
                    "internal_error",
                    ApiError::Internal.to_string(),
                )],
                None,
            )
        }
    }
}

/// A refusal as the components show it, with the same codes the JSON API answers and the
/// rest of `meta` as the message's arguments; `None` for failures on our side, which are
/// not the person's to fix.
pub fn issues(error: &AuthError) -> Option<Vec<hallpass::account::Issue>> {
    let (status, entries, _) = auth_parts(error);
    if status.is_server_error() {
        return None;
    }
    Some(entries.into_iter().map(issue).collect())
}

fn issue(entry: ErrorEntry) -> hallpass::account::Issue {
    let meta = match entry.meta {
        Some(Value::Object(meta)) => meta,
        _ => serde_json::Map::new(),
    };
    let param = meta
        .get("param_name")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let args = meta
        .into_iter()
        .filter(|(name, _)| name != "param_name")
        .map(|(name, value)| match value {
            Value::String(text) => (name, text),
            other => (name, other.to_string()),
        })
        .collect();
    hallpass::account::Issue {
        code: entry.code.into_owned(),
        message: entry.message,
        param,
        args,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::DatabaseUnavailable(source) = &self {
            tracing::warn!(error = %source, "database unavailable");
        }
        let (status, errors, retry_after) = self.parts();
        let mut response = (status, Json(ErrorBody { errors })).into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// tower-http's limit and timeout layers answer in plain text; give their answers the same
/// JSON shape as every other error.
pub async fn normalize_layer_errors(response: Response) -> Response {
    let is_json = response.headers().get(header::CONTENT_TYPE)
        == Some(&HeaderValue::from_static("application/json"));
    match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE if !is_json => ApiError::PayloadTooLarge.into_response(),
        StatusCode::REQUEST_TIMEOUT if !is_json => ApiError::Timeout.into_response(),
        _ => response,
    }
}

/// A panic in a handler becomes a logged 500 with the usual body instead of a dropped
/// connection.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = detail, "handler panicked");
    ApiError::Internal.into_response()
}

/// Every code a refusal can carry to the components must have words in every locale
/// table, or a visitor reads the server's English in the middle of a French page.
#[cfg(test)]
mod locale_coverage {
    use std::{collections::HashSet, path::Path, time::Duration};

    use hallpass::locale::{IssueContext, Locale, fill, localize};

    use super::*;
    use crate::{
        identity::{EmailAddress, FieldError, PersonName, Username, image::ImageError},
        password::PasswordRejection,
        sessions::session::EndStatus,
    };

    /// Which refusal `error` is, or `None` for failures on our side: those never reach a
    /// form as themselves (it shows `internal_error`). A new variant does not compile
    /// here; give it the next number and a sample in `refusals`.
    fn variant(error: &AuthError) -> Option<usize> {
        Some(match error {
            AuthError::Fields(_) => 0,
            AuthError::Password(_) => 1,
            AuthError::EmailTaken => 2,
            AuthError::UsernameTaken => 3,
            AuthError::IncorrectCredentials => 4,
            AuthError::Locked { .. } => 5,
            AuthError::Banned => 6,
            AuthError::SessionExists => 7,
            AuthError::RateLimited { .. } => 8,
            AuthError::NotFound(_) => 9,
            AuthError::SignedOut => 10,
            AuthError::SessionInactive(_) => 11,
            AuthError::EmailNotVerified => 12,
            AuthError::PrimaryEmailRemoval => 13,
            AuthError::Image(_) => 14,
            AuthError::InvalidStep(_) => 15,
            AuthError::CodeIncorrect => 16,
            AuthError::VerificationMissing => 17,
            AuthError::VerificationExpired => 18,
            AuthError::VerificationAttemptsExhausted => 19,
            AuthError::ClientSessionLimit => 20,
            AuthError::Store(_) | AuthError::Keys(_) | AuthError::Hash(_) => return None,
        })
    }
    const REFUSALS: usize = 21;

    fn password_rejections() -> Vec<PasswordRejection> {
        let all = vec![
            PasswordRejection::TooShort { min: 8 },
            PasswordRejection::TooLong { max: 1024 },
            PasswordRejection::Common,
            PasswordRejection::ContainsEmail,
        ];
        for rejection in &all {
            // A new rejection does not compile here; add it to the list above.
            match rejection {
                PasswordRejection::TooShort { .. }
                | PasswordRejection::TooLong { .. }
                | PasswordRejection::Common
                | PasswordRejection::ContainsEmail => {}
            }
        }
        all
    }

    fn image_errors() -> Vec<ImageError> {
        let all = vec![
            ImageError::Missing,
            ImageError::TooLarge,
            ImageError::UnsupportedType,
            ImageError::Unreadable,
            ImageError::TooManyPixels,
        ];
        for error in &all {
            match error {
                ImageError::Missing
                | ImageError::TooLarge
                | ImageError::UnsupportedType
                | ImageError::Unreadable
                | ImageError::TooManyPixels => {}
            }
        }
        all
    }

    /// Field errors as the parsers make them, limits included.
    fn parsed_field_errors() -> Vec<FieldError> {
        vec![
            EmailAddress::parse("not an address").unwrap_err(),
            PersonName::parse("first_name", "a\u{7}b").unwrap_err(),
            PersonName::parse("last_name", &"x".repeat(300)).unwrap_err(),
            Username::parse("ab").unwrap_err(),
            Username::parse("no spaces").unwrap_err(),
        ]
    }

    /// Every field error the server's sources construct, as the issue it becomes (code
    /// and, when written out, field); the password rejections' own construction takes
    /// its code from `self.code()` and is covered by `password_rejections`.
    fn field_errors_in_sources() -> Vec<hallpass::account::Issue> {
        let call = concat!("FieldError", "::new(");
        let mut found = Vec::new();
        for file in rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src")) {
            let text = std::fs::read_to_string(&file).unwrap();
            for (at, _) in text.match_indices(call) {
                let args = arguments(&text[at + call.len()..]);
                let literal = |arg: &str| {
                    let text = arg.strip_prefix('"')?.strip_suffix('"')?;
                    Some(text.to_owned())
                };
                match literal(&args[1]) {
                    Some(code) => found.push(hallpass::account::Issue {
                        code,
                        message: String::new(),
                        param: literal(&args[0]),
                        args: Vec::new(),
                    }),
                    None => assert_eq!(
                        args[1],
                        "self.code()",
                        "{}: cannot tell the code of {call}{})",
                        file.display(),
                        args.join(", ")
                    ),
                }
            }
        }
        assert!(found.len() >= 8, "the scan found too few calls: {found:?}");
        found
    }

    fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files.extend(rust_files(&path));
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
        files
    }

    /// The top-level arguments of a call, from just after its `(`.
    fn arguments(text: &str) -> Vec<String> {
        let (mut args, mut current, mut depth, mut in_string, mut escaped) =
            (Vec::new(), String::new(), 0, false, false);
        for c in text.chars() {
            if in_string {
                in_string = escaped || c != '"';
                escaped = !escaped && c == '\\';
            } else {
                match c {
                    '"' => in_string = true,
                    '(' | '[' | '{' => depth += 1,
                    ')' | ']' | '}' if depth == 0 => break,
                    ')' | ']' | '}' => depth -= 1,
                    ',' if depth == 0 => {
                        args.push(current.trim().to_owned());
                        current.clear();
                        continue;
                    }
                    _ => {}
                }
            }
            current.push(c);
        }
        args.push(current.trim().to_owned());
        args.retain(|arg| !arg.is_empty());
        args
    }

    fn refusals() -> Vec<AuthError> {
        let mut all = vec![
            AuthError::EmailTaken,
            AuthError::UsernameTaken,
            AuthError::IncorrectCredentials,
            AuthError::Locked {
                retry_after: Duration::from_secs(60),
            },
            AuthError::Banned,
            AuthError::SessionExists,
            AuthError::ClientSessionLimit,
            AuthError::RateLimited {
                retry_after: Duration::from_secs(60),
            },
            AuthError::NotFound("Session"),
            AuthError::SignedOut,
            AuthError::SessionInactive("expired".into()),
            AuthError::SessionInactive(EndStatus::Ended.as_str().into()),
            AuthError::SessionInactive(EndStatus::Revoked.as_str().into()),
            AuthError::EmailNotVerified,
            AuthError::PrimaryEmailRemoval,
            AuthError::InvalidStep("the sign-in did not finish"),
            AuthError::CodeIncorrect,
            AuthError::VerificationMissing,
            AuthError::VerificationExpired,
            AuthError::VerificationAttemptsExhausted,
        ];
        all.extend(
            parsed_field_errors()
                .into_iter()
                .map(|field| AuthError::Fields(vec![field])),
        );
        all.extend(password_rejections().into_iter().map(AuthError::Password));
        all.extend(image_errors().into_iter().map(AuthError::Image));
        all
    }

    /// The words for `issue` in every locale and context, with its arguments filled in.
    fn worded(issue: &hallpass::account::Issue) -> Vec<Option<String>> {
        let args: Vec<(&str, &str)> = issue
            .args
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        Locale::ALL
            .into_iter()
            .flat_map(|locale| {
                [IssueContext::SigningIn, IssueContext::Account].map(|c| (locale, c))
            })
            .map(|(locale, context)| {
                let strings = locale.strings();
                let template =
                    strings
                        .errors
                        .for_code(&issue.code, issue.param.as_deref(), context)?;
                Some(fill(template, &args))
            })
            .collect()
    }

    #[test]
    fn every_refusal_has_words_in_every_locale() {
        let refusals = refusals();
        let covered: HashSet<usize> = refusals.iter().filter_map(variant).collect();
        assert_eq!(covered.len(), REFUSALS, "a refusal has no sample");

        let mut issues: Vec<hallpass::account::Issue> = refusals
            .iter()
            .flat_map(|error| issues(error).expect("a refusal, not a failure"))
            .collect();
        // What a form shows when the call itself failed, and the store's 503.
        for failure in [
            ApiError::Internal,
            ApiError::DatabaseUnavailable(StoreError::Timeout(Duration::ZERO)),
        ] {
            let (_, entries, _) = failure.parts();
            issues.extend(entries.into_iter().map(issue));
        }
        for issue in &issues {
            for message in worded(issue) {
                let message = message.unwrap_or_else(|| panic!("no words for {issue:?}"));
                assert!(
                    !message.contains('{'),
                    "{message:?} lacks an argument the server did not send: {issue:?}"
                );
            }
        }
        // Every other place that refuses a field, by its code and field.
        for issue in field_errors_in_sources() {
            assert!(
                worded(&issue).iter().all(Option::is_some),
                "no words for {issue:?}"
            );
        }
    }

    #[test]
    fn limits_reach_the_issue() {
        let error = AuthError::Password(PasswordRejection::TooShort { min: 12 });
        let issue = issues(&error).unwrap().remove(0);
        assert_eq!(issue.args, vec![("min".to_owned(), "12".to_owned())]);
        assert_eq!(
            localize(issue, IssueContext::SigningIn, Locale::Fr.strings()).message,
            "Le mot de passe doit comporter au moins 12\u{a0}caractères."
        );
    }
}
