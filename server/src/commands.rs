//! What each `hallpass` subcommand does.

use crate::{
    cli::{Cli, Command},
    config::{self, ConfigError, LogFormat, Overrides},
    shutdown,
    startup::{Application, StartupError},
    store::{Db, StoreError},
    telemetry,
};

/// Each variant prints as one line that names what failed and why.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Startup(#[from] StartupError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("server failed: {0}")]
    Serve(#[from] std::io::Error),
}

pub async fn run(cli: Cli) -> Result<(), CommandError> {
    let addr = match &cli.command {
        Command::Serve { addr } => *addr,
        Command::Migrate => None,
    };
    let overrides = Overrides {
        addr,
        log_format: cli.log_json.then_some(LogFormat::Json),
    };
    let config = config::load(cli.config, overrides)?;
    telemetry::init(&config);
    match cli.command {
        Command::Serve { .. } => {
            let app = Application::build(&config).await?;
            tracing::info!(
                version = env!("CARGO_PKG_VERSION"),
                database = %config.database_url,
                "hallpass listening on http://{}",
                app.local_addr()
            );
            app.run_until(shutdown::signal()).await?;
        }
        Command::Migrate => {
            let db = Db::connect(&config.database_url, 1).await?;
            db.migrate().await?;
            db.close().await;
            tracing::info!(database = %config.database_url, "migrations applied");
        }
    }
    Ok(())
}
