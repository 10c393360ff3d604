//! What each `hallpass` subcommand does.

use crate::{
    auth::{AuthError, account},
    cli::{Cli, Command, KeysCommand, UsersCommand},
    config::{self, Config, ConfigError, LogFormat, Overrides},
    keys::{self, KeyError},
    secret::{MasterKey, SecretError},
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
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error(transparent)]
    Keys(#[from] KeyError),
    #[error("{0}")]
    Auth(#[from] AuthError),
    #[cfg(feature = "bench")]
    #[error("benchmark seeding failed: {0}")]
    Seed(#[from] crate::bench::SeedError),
    #[cfg(feature = "bench")]
    #[error("password hashing failed: {0}")]
    Hash(#[from] crate::password::HashError),
}

pub async fn run(cli: Cli) -> Result<(), CommandError> {
    let addr = match &cli.command {
        Command::Serve { addr } => *addr,
        #[cfg(feature = "bench")]
        Command::Bench {
            command: crate::cli::BenchCommand::Serve { addr },
        } => *addr,
        _ => None,
    };
    let overrides = Overrides {
        addr,
        log_format: cli.log_json.then_some(LogFormat::Json),
    };
    let config = config::load(cli.config, overrides)?;
    telemetry::init(&config);
    match cli.command {
        Command::Serve { .. } => {
            raise_open_file_limit();
            serve(Application::build(&config).await?, &config).await?
        }
        #[cfg(feature = "bench")]
        Command::Bench { command } => run_bench(command, &config).await?,
        Command::Migrate => {
            let db = Db::connect(&config.database_url, 1).await?;
            db.migrate().await?;
            db.close().await;
            tracing::info!(database = %config.database_url, "migrations applied");
        }
        Command::Users { command } => {
            let db = Db::connect(&config.database_url, 1).await?;
            db.migrate().await?;
            let (user_id, banned) = match &command {
                UsersCommand::Ban { user_id } => (user_id, true),
                UsersCommand::Unban { user_id } => (user_id, false),
            };
            account::set_banned(&db, user_id, banned).await?;
            println!(
                "{user_id} {}",
                if banned {
                    "banned; sessions revoked"
                } else {
                    "unbanned"
                }
            );
            db.close().await;
        }
        Command::Keys { command } => {
            let db = Db::connect(&config.database_url, 1).await?;
            db.migrate().await?;
            match command {
                KeysCommand::Rotate { publish_ahead } => {
                    let master = MasterKey::for_config(&config)?;
                    let lifetime =
                        std::time::Duration::from_secs(config.session_token_lifetime_secs);
                    let key = keys::rotate(
                        &db,
                        &master,
                        std::time::Duration::from_secs(publish_ahead),
                        lifetime,
                    )
                    .await?;
                    println!(
                        "published {} (signs from {} ms since the epoch)",
                        key.kid, key.active_from
                    );
                }
                KeysCommand::List => {
                    for key in keys::list(&db).await? {
                        let retire = key.retire_after.map_or("-".to_owned(), |at| at.to_string());
                        println!(
                            "{}\t{}\tactive_from={}\tretire_after={}",
                            key.kid, key.algorithm, key.active_from, retire
                        );
                    }
                }
            }
            db.close().await;
        }
    }
    Ok(())
}

/// Every connection holds a file descriptor, and many systems start processes with a
/// soft limit of 1 024 although the hard limit allows far more: without raising it, a
/// thousand idle clients would leave no descriptor to accept anyone else with.
fn raise_open_file_limit() {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => tracing::debug!(limit, "open-file limit raised to the hard limit"),
        Err(error) => tracing::warn!(%error, "cannot raise the open-file limit"),
    }
}

async fn serve(app: Application, config: &Config) -> Result<(), CommandError> {
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        database = %config.database_url,
        "hallpass listening on http://{}",
        app.local_addr()
    );
    app.run_until(shutdown::signal()).await?;
    Ok(())
}

#[cfg(feature = "bench")]
async fn run_bench(command: crate::cli::BenchCommand, config: &Config) -> Result<(), CommandError> {
    use crate::{auth::AuthSettings, bench, cli::BenchCommand, password::PasswordHasher};
    match command {
        BenchCommand::Serve { .. } => {
            raise_open_file_limit();
            let app = Application::build_with_routes(config, bench::twin_routes()).await?;
            serve(app, config).await?;
        }
        BenchCommand::Ceiling { addr } => bench::serve_ceiling(addr, shutdown::signal()).await?,
        BenchCommand::Hash { rounds } => {
            let hasher = PasswordHasher::new(config.password_hash_concurrency);
            let timing = bench::time_hash(&hasher, rounds).await?;
            println!(
                "{}",
                serde_json::to_string(&timing).expect("a timing serializes")
            );
        }
        BenchCommand::Seed {
            sessions,
            entries,
            password,
            out,
        } => {
            let db = Db::connect(&config.database_url, config.database_max_connections).await?;
            db.migrate().await?;
            let hasher = PasswordHasher::new(config.password_hash_concurrency);
            let settings = AuthSettings::from_config(config, &format!("http://{}", config.addr));
            bench::seed(&db, &hasher, &settings, sessions, entries, &password, &out).await?;
            db.close().await;
        }
    }
    Ok(())
}
