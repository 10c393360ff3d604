//! The one typed configuration of a Hallpass instance.
//!
//! Sources, weakest first: built-in defaults, a TOML file (`hallpass.toml` in the working
//! directory when present, or the file named by `--config` / `HALLPASS_CONFIG`), the
//! environment (`HALLPASS_*` keys and `DATABASE_URL`), then command-line flags. Every
//! value is checked here, so a bad one stops start-up before anything is opened.

use std::{fmt, net::SocketAddr, path::PathBuf, str::FromStr, time::Duration};

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use serde::{Deserialize, Serialize};
use sqlx::{postgres::PgConnectOptions, sqlite::SqliteConnectOptions};
use tracing_subscriber::EnvFilter;

const DEFAULT_CONFIG_FILE: &str = "hallpass.toml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub addr: SocketAddr,
    pub database_url: DatabaseUrl,
    /// Upper bound on pooled connections; PostgreSQL servers cap connections per role,
    /// so teams running many instances size this down.
    pub database_max_connections: u32,
    /// How long a SQLite write waits for another writer's lock before the request is
    /// answered `503 database_busy`. Shorter than `request_timeout_secs`, or the request
    /// would time out first and the client would never hear to come back.
    pub sqlite_busy_timeout_ms: u64,
    /// How often expired rows are swept (`maintenance`).
    pub sweep_interval_secs: u64,
    /// A `tracing` filter directive such as `info` or `hallpass_server=debug,info`.
    pub log: LogFilter,
    pub log_format: LogFormat,
    pub max_body_bytes: usize,
    pub request_timeout_secs: u64,
    /// How long a client has to send a request's headers, counted from when it connects
    /// or from the end of its previous response, so also how long an idle HTTP/1
    /// keep-alive connection stays open. Bounds clients that trickle headers (slowloris).
    pub http_header_read_timeout_secs: u64,
    /// A connection on which no byte moves either way while none of its requests is being
    /// handled is closed after this long: a client that stops reading its responses.
    pub http_idle_timeout_secs: u64,
    /// Connections served at once; further ones are closed as soon as they are accepted,
    /// so open files stay below the process's limit. Unset: that limit less a reserve for
    /// the database and mail connections, and at most 10 000.
    pub max_connections: Option<usize>,
    /// How long a shutdown waits for in-flight requests before it gives up on them.
    pub shutdown_grace_secs: u64,
    /// Where browsers reach this instance, e.g. `https://auth.example.com`: the token
    /// issuer, the origin state-changing requests must come from, and whether cookies are
    /// `Secure`. Defaults to `http://` + the listen address.
    pub public_url: Option<PublicUrl>,
    /// Further origins (scheme://host[:port]) whose pages may call the Frontend API and
    /// for which session tokens may be minted (`azp`).
    pub authorized_origins: Vec<PublicUrl>,
    /// Encrypts signing keys at rest; at least 32 bytes. Required with PostgreSQL.
    pub master_secret: Option<MasterSecret>,
    pub session_lifetime_secs: u64,
    /// End sessions idle for this long; unset keeps them for their whole lifetime.
    pub session_inactivity_timeout_secs: Option<u64>,
    pub session_token_lifetime_secs: u64,
    pub password_min_length: usize,
    /// Consecutive wrong passwords that lock an account, and for how long.
    pub lockout_max_attempts: u32,
    pub lockout_duration_secs: u64,
    /// Accounts one browser may be signed in to at once: each session is a row and a
    /// token to refresh, so a client cannot pile them up without bound.
    pub max_sessions_per_client: u32,
    /// Per client IP address (IPv6 per /64).
    pub sign_in_attempts_per_minute: u32,
    pub sign_ups_per_minute: u32,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Password hashes computed at once; each holds 19 MiB while it runs.
    pub password_hash_concurrency: usize,
    /// How often an instance re-reads signing keys, so a rotation reaches every instance.
    pub signing_key_refresh_secs: u64,
    /// Where email goes, in lettre's URL form (`smtp://user:pass@host:587?tls=required`,
    /// `smtps://…`). Unset, emails are written to the log instead.
    pub smtp_url: Option<SmtpUrl>,
    /// The `From` of every email, e.g. `Acme <auth@acme.example>`; required with `smtp_url`.
    pub email_from: Option<EmailFrom>,
    /// Development conveniences that must never reach production, such as the mailbox page
    /// listing the emails an instance without SMTP has logged.
    pub dev_mode: bool,
    /// The name emails and pages introduce the service by.
    pub instance_name: String,
    /// The primary colour of emails (`#rrggbb`), to match the components' theme.
    pub brand_color: BrandColor,
    /// An image emails show above the instance's name: an absolute http(s) URL, since
    /// mail clients fetch it from wherever the email is read.
    pub logo_url: Option<LogoUrl>,
    /// A sign-up stays `missing_requirements` until its email address is verified by code.
    pub email_verification_required: bool,
    /// A magic link signs in only the browser that asked for it.
    pub email_link_same_browser: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            database_url: DatabaseUrl::default(),
            database_max_connections: 10,
            sqlite_busy_timeout_ms: crate::store::DEFAULT_BUSY_TIMEOUT.as_millis() as u64,
            sweep_interval_secs: 300,
            log: LogFilter("info".into()),
            log_format: LogFormat::Human,
            max_body_bytes: 1024 * 1024,
            request_timeout_secs: 30,
            http_header_read_timeout_secs: 30,
            http_idle_timeout_secs: 30,
            max_connections: None,
            shutdown_grace_secs: 30,
            public_url: None,
            authorized_origins: Vec::new(),
            master_secret: None,
            session_lifetime_secs: 7 * 24 * 3600,
            session_inactivity_timeout_secs: None,
            session_token_lifetime_secs: 60,
            password_min_length: 8,
            lockout_max_attempts: 10,
            lockout_duration_secs: 3600,
            max_sessions_per_client: 10,
            sign_in_attempts_per_minute: 30,
            sign_ups_per_minute: 10,
            trusted_proxies: Vec::new(),
            password_hash_concurrency: std::thread::available_parallelism().map_or(2, usize::from),
            signing_key_refresh_secs: 30,
            smtp_url: None,
            email_from: None,
            dev_mode: false,
            instance_name: "Hallpass".into(),
            brand_color: BrandColor("#4f46e5".into()),
            logo_url: None,
            email_verification_required: false,
            email_link_same_browser: false,
        }
    }
}

impl Config {
    /// Rules that tie keys together, which no single key's parser can check.
    fn validated(self) -> Result<Self, ConfigError> {
        if self.smtp_url.is_some() && self.email_from.is_none() {
            return Err(ConfigError(
                "HALLPASS_EMAIL_FROM: required when HALLPASS_SMTP_URL is set".into(),
            ));
        }
        if self.instance_name.trim().is_empty() || self.instance_name.chars().count() > 100 {
            return Err(ConfigError(
                "HALLPASS_INSTANCE_NAME: must be 1 to 100 characters".into(),
            ));
        }
        for (key, value) in [
            (
                "HALLPASS_HTTP_HEADER_READ_TIMEOUT_SECS",
                self.http_header_read_timeout_secs,
            ),
            (
                "HALLPASS_HTTP_IDLE_TIMEOUT_SECS",
                self.http_idle_timeout_secs,
            ),
        ] {
            if value == 0 {
                return Err(ConfigError(format!("{key}: must be at least 1")));
            }
        }
        if self.max_connections == Some(0) {
            return Err(ConfigError(
                "HALLPASS_MAX_CONNECTIONS: must be at least 1".into(),
            ));
        }
        if self.sqlite_busy_timeout() >= self.request_timeout() {
            return Err(ConfigError(
                "HALLPASS_SQLITE_BUSY_TIMEOUT_MS: must be shorter than HALLPASS_REQUEST_TIMEOUT_SECS, \
                 or a busy database answers with a timeout instead of 503"
                    .into(),
            ));
        }
        Ok(self)
    }

    pub fn sqlite_busy_timeout(&self) -> Duration {
        Duration::from_millis(self.sqlite_busy_timeout_ms)
    }

    /// Zero is taken as one second: an interval cannot be empty.
    pub fn sweep_interval(&self) -> Duration {
        Duration::from_secs(self.sweep_interval_secs.max(1))
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    pub fn shutdown_grace(&self) -> Duration {
        Duration::from_secs(self.shutdown_grace_secs)
    }
}

/// Values given on the command line; they win over every other source.
#[derive(Debug, Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub addr: Option<SocketAddr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_format: Option<LogFormat>,
}

#[derive(Debug, thiserror::Error)]
#[error("invalid configuration: {0}")]
pub struct ConfigError(String);

pub fn load(file: Option<PathBuf>, overrides: Overrides) -> Result<Config, ConfigError> {
    let file_provider = match file {
        Some(path) if !path.is_file() => {
            return Err(ConfigError(format!(
                "{}: no such configuration file",
                path.display()
            )));
        }
        Some(path) => Toml::file_exact(path),
        None => Toml::file(DEFAULT_CONFIG_FILE),
    };
    Figment::from(Serialized::defaults(Config::default()))
        .merge(file_provider)
        .merge(Env::raw().only(&["DATABASE_URL"]))
        .merge(Env::prefixed("HALLPASS_").ignore(&["CONFIG"]))
        .merge(Serialized::defaults(overrides))
        .extract()
        .map_err(describe)
        .and_then(Config::validated)
}

/// One line naming the key as the operator wrote it (`HALLPASS_ADDR`, `DATABASE_URL`,
/// or the TOML key and file) and the reason.
fn describe(error: figment::Error) -> ConfigError {
    let reason = match &error.kind {
        figment::error::Kind::Message(message) => message.clone(),
        figment::error::Kind::UnknownField(field, known) => {
            format!("unknown key `{field}`; known keys: {}", known.join(", "))
        }
        kind => kind.to_string(),
    };
    let key = error.path.join(".");
    let line = match error.metadata.as_ref().map(|metadata| &metadata.source) {
        _ if key.is_empty() => reason,
        Some(Some(figment::Source::File(path))) => {
            format!("{key} in {}: {reason}", path.display())
        }
        // Environment providers: their name carries the prefix in backticks, as in
        // "`HALLPASS_` environment variable(s)"; the unprefixed one has none.
        Some(None) => {
            let name = &error.metadata.as_ref().expect("matched Some").name;
            let prefix = name.split('`').nth(1).unwrap_or_default();
            format!("{prefix}{}: {reason}", key.to_uppercase())
        }
        _ => format!("{key}: {reason}"),
    };
    ConfigError(line)
}

/// An origin people's browsers use: `scheme://host[:port]`, no path.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(try_from = "String", into = "String")]
pub struct PublicUrl(String);

impl PublicUrl {
    pub fn origin(&self) -> &str {
        &self.0
    }

    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }
}

impl TryFrom<String> for PublicUrl {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        let url = url::Url::parse(&value).map_err(|e| format!("`{value}` is not a URL: {e}"))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(format!(
                "`{value}` must be an http:// or https:// URL with a host"
            ));
        }
        if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
            return Err(format!("`{value}` must be an origin, without a path"));
        }
        Ok(Self(url.origin().ascii_serialization()))
    }
}

impl From<PublicUrl> for String {
    fn from(value: PublicUrl) -> Self {
        value.0
    }
}

/// Never printed: `Debug` masks it, and it is only ever read to derive keys.
#[derive(Clone, Deserialize, Serialize)]
#[serde(try_from = "String", into = "String")]
pub struct MasterSecret(String);

impl MasterSecret {
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl TryFrom<String> for MasterSecret {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        if value.len() < crate::secret::MIN_SECRET_BYTES {
            return Err(format!(
                "must be at least {} bytes",
                crate::secret::MIN_SECRET_BYTES
            ));
        }
        Ok(Self(value))
    }
}

impl From<MasterSecret> for String {
    fn from(value: MasterSecret) -> Self {
        value.0
    }
}

impl fmt::Debug for MasterSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterSecret(********)")
    }
}

/// An SMTP server in lettre's URL form. Displays with any password masked.
#[derive(Clone, Deserialize, Serialize)]
#[serde(try_from = "String", into = "String")]
pub struct SmtpUrl(String);

impl SmtpUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for SmtpUrl {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        use lettre::{AsyncSmtpTransport, Tokio1Executor};
        AsyncSmtpTransport::<Tokio1Executor>::from_url(&value)
            .map(|_| Self(value.clone()))
            .map_err(|e| {
                format!(
                    "`{}` is not an SMTP URL ({e}); use smtp://user:pass@host:587?tls=required or smtps://user:pass@host",
                    mask_password(&value)
                )
            })
    }
}

impl From<SmtpUrl> for String {
    fn from(value: SmtpUrl) -> Self {
        value.0
    }
}

impl fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SmtpUrl({})", mask_password(&self.0))
    }
}

/// A mailbox (`Name <address>` or a bare address) emails are sent from.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailFrom(lettre::message::Mailbox);

impl EmailFrom {
    pub fn mailbox(&self) -> &lettre::message::Mailbox {
        &self.0
    }
}

impl Default for EmailFrom {
    fn default() -> Self {
        Self(
            "Hallpass <no-reply@localhost>"
                .parse()
                .expect("a valid mailbox"),
        )
    }
}

impl TryFrom<String> for EmailFrom {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse().map(Self).map_err(|e| {
            format!("`{value}` is not a mailbox ({e}); try `Acme <auth@acme.example>`")
        })
    }
}

impl From<EmailFrom> for String {
    fn from(value: EmailFrom) -> Self {
        value.0.to_string()
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(try_from = "String", into = "String")]
pub struct LogoUrl(String);

impl LogoUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for LogoUrl {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        match url::Url::parse(&value) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
                Ok(Self(url.to_string()))
            }
            _ => Err(format!(
                "`{value}` must be an absolute http:// or https:// URL"
            )),
        }
    }
}

impl From<LogoUrl> for String {
    fn from(value: LogoUrl) -> Self {
        value.0
    }
}

/// A `#rrggbb` colour, safe to put into a style attribute as it is.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(try_from = "String", into = "String")]
pub struct BrandColor(String);

impl BrandColor {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for BrandColor {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        let hex = value.strip_prefix('#').unwrap_or_default();
        if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            Ok(Self(value.to_ascii_lowercase()))
        } else {
            Err(format!("`{value}` is not a colour; use #rrggbb"))
        }
    }
}

impl From<BrandColor> for String {
    fn from(value: BrandColor) -> Self {
        value.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(try_from = "String", into = "String")]
pub struct LogFilter(String);

impl LogFilter {
    pub fn to_env_filter(&self) -> EnvFilter {
        EnvFilter::new(&self.0)
    }
}

impl TryFrom<String> for LogFilter {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        EnvFilter::try_new(&value)
            .map(|_| Self(value))
            .map_err(|e| {
                format!("not a log filter ({e}); try `info` or `hallpass_server=debug,info`")
            })
    }
}

impl From<LogFilter> for String {
    fn from(value: LogFilter) -> Self {
        value.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A database URL whose scheme selects the backend. Displays with any password masked,
/// so it is safe to log.
#[derive(Clone, Deserialize, Serialize)]
#[serde(try_from = "String", into = "String")]
pub struct DatabaseUrl {
    raw: String,
    backend: Backend,
}

impl DatabaseUrl {
    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn sqlite_options(&self) -> Option<SqliteConnectOptions> {
        (self.backend == Backend::Sqlite).then(|| self.raw.parse().expect("validated on load"))
    }

    pub fn postgres_options(&self) -> Option<PgConnectOptions> {
        (self.backend == Backend::Postgres).then(|| self.raw.parse().expect("validated on load"))
    }
}

impl Default for DatabaseUrl {
    fn default() -> Self {
        "sqlite://hallpass.db"
            .parse()
            .expect("the default URL is valid")
    }
}

impl FromStr for DatabaseUrl {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let masked = mask_password(raw);
        let scheme = raw
            .split_once(':')
            .map(|(scheme, _)| scheme)
            .unwrap_or_default();
        let backend = match scheme {
            "sqlite" => SqliteConnectOptions::from_str(raw).map(|_| Backend::Sqlite),
            "postgres" | "postgresql" => PgConnectOptions::from_str(raw).map(|_| Backend::Postgres),
            _ => {
                return Err(format!(
                    "`{masked}` is not a supported database URL; use sqlite://PATH or postgres://USER@HOST/DB"
                ));
            }
        }
        .map_err(|e| format!("`{masked}` is not a valid {scheme} URL: {e}"))?;
        Ok(Self {
            raw: raw.to_owned(),
            backend,
        })
    }
}

impl TryFrom<String> for DatabaseUrl {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<DatabaseUrl> for String {
    fn from(value: DatabaseUrl) -> Self {
        value.raw
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&mask_password(&self.raw))
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({self})")
    }
}

fn mask_password(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("********"));
            url.to_string()
        }
        _ => raw.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_select_their_backend() {
        let sqlite: DatabaseUrl = "sqlite://data/hallpass.db".parse().unwrap();
        assert_eq!(sqlite.backend(), Backend::Sqlite);
        let postgres: DatabaseUrl = "postgres://app@db/hallpass".parse().unwrap();
        assert_eq!(postgres.backend(), Backend::Postgres);
        let postgresql: DatabaseUrl = "postgresql://app@db/hallpass".parse().unwrap();
        assert_eq!(postgresql.backend(), Backend::Postgres);
    }

    #[test]
    fn unsupported_schemes_are_refused_with_the_url_masked() {
        let error = "mysql://app:hunter2@db/hallpass"
            .parse::<DatabaseUrl>()
            .unwrap_err();
        assert!(error.contains("not a supported database URL"), "{error}");
        assert!(!error.contains("hunter2"), "{error}");
    }

    #[test]
    fn display_masks_the_password() {
        let url: DatabaseUrl = "postgres://app:hunter2@db/hallpass".parse().unwrap();
        assert_eq!(url.to_string(), "postgres://app:********@db/hallpass");
        assert!(!format!("{url:?}").contains("hunter2"));
    }

    #[test]
    fn public_urls_are_origins() {
        assert_eq!(
            PublicUrl::try_from("https://Auth.Example.com/".to_owned())
                .unwrap()
                .origin(),
            "https://auth.example.com"
        );
        assert!(PublicUrl::try_from("https://auth.example.com/app".to_owned()).is_err());
        assert!(PublicUrl::try_from("ftp://auth.example.com".to_owned()).is_err());
    }

    #[test]
    fn master_secrets_are_long_and_never_printed() {
        assert!(MasterSecret::try_from("short".to_owned()).is_err());
        let secret = MasterSecret::try_from("x".repeat(40)).unwrap();
        assert!(!format!("{secret:?}").contains("xxxx"));
    }

    #[test]
    fn smtp_urls_are_lettres_and_never_print_their_password() {
        let url = SmtpUrl::try_from("smtp://app:hunter2@mail.example:587?tls=required".to_owned())
            .unwrap();
        assert!(!format!("{url:?}").contains("hunter2"));
        assert!(SmtpUrl::try_from("smtps://mail.example".to_owned()).is_ok());
        let error = SmtpUrl::try_from("http://app:hunter2@mail.example".to_owned()).unwrap_err();
        assert!(!error.contains("hunter2"), "{error}");
    }

    #[test]
    fn smtp_needs_a_from_address() {
        let config = Config {
            smtp_url: Some(SmtpUrl::try_from("smtp://localhost:25".to_owned()).unwrap()),
            ..Config::default()
        };
        let error = config.validated().unwrap_err().to_string();
        assert!(error.contains("HALLPASS_EMAIL_FROM"), "{error}");
    }

    #[test]
    fn a_busy_timeout_as_long_as_requests_is_refused() {
        let config = Config {
            request_timeout_secs: 10,
            sqlite_busy_timeout_ms: 10_000,
            ..Config::default()
        };
        let error = config.validated().unwrap_err().to_string();
        assert!(error.contains("HALLPASS_SQLITE_BUSY_TIMEOUT_MS"), "{error}");
        assert!(Config::default().validated().is_ok());
    }

    #[test]
    fn brand_colours_are_hex() {
        assert_eq!(
            BrandColor::try_from("#4F46E5".to_owned()).unwrap().as_str(),
            "#4f46e5"
        );
        assert!(BrandColor::try_from("red;background:url(x)".to_owned()).is_err());
    }

    #[test]
    fn log_filters_are_checked() {
        assert!(LogFilter::try_from("hallpass_server=debug,info".to_owned()).is_ok());
        assert!(LogFilter::try_from("hallpass_server=loud".to_owned()).is_err());
    }
}
