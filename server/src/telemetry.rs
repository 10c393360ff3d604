//! Structured logs through `tracing`: readable by default, JSON lines for log pipelines.

use tracing_subscriber::{fmt, layer::SubscriberExt, util::SubscriberInitExt};

use crate::config::{Config, LogFormat};

/// `RUST_LOG`, when set, wins over the configured filter: the usual escape hatch when
/// debugging a single instance.
pub fn init(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| config.log.to_env_filter());
    let registry = tracing_subscriber::registry().with(filter);
    match config.log_format {
        LogFormat::Human => registry.with(fmt::layer()).init(),
        LogFormat::Json => registry
            .with(
                fmt::layer()
                    .json()
                    .flatten_event(true)
                    .with_current_span(true),
            )
            .init(),
    }
}
