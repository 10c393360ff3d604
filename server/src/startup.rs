//! Building and running an instance: the binary and the integration tests share this
//! path, so the tests exercise exactly what ships.

use std::{future::Future, io, net::SocketAddr, time::Duration};

use axum::Router;
use tokio::net::TcpListener;

use crate::{
    auth::{Auth, AuthSettings},
    config::Config,
    email::{Mailer, sender::Sender},
    http,
    keys::{KeyError, SigningKeys},
    maintenance::{self, Retention},
    password::{PasswordHasher, PasswordPolicy},
    secret::{MasterKey, SecretError},
    serve::{self, Limits},
    sessions::activity::ActivityLog,
    state::AppState,
    store::{Db, StoreError},
    verify::{Verifier, VerifierConfig},
};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: io::Error },
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error("cannot load signing keys: {0}")]
    Keys(#[from] KeyError),
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    db: Db,
    keys: SigningKeys,
    activity: ActivityLog,
    sender: Sender,
    limits: Limits,
    retention: Retention,
    sweep_interval: Duration,
    shutdown_grace: Duration,
}

impl Application {
    /// Opens the database, applies migrations and binds the listener; nothing is served
    /// until [`Application::run_until`].
    pub async fn build(config: &Config) -> Result<Self, StartupError> {
        Self::build_with_routes(config, Router::new()).await
    }

    /// [`Application::build`], with `routes` mounted behind the same middleware as the
    /// rest (the benchmark's twin endpoints).
    pub async fn build_with_routes(
        config: &Config,
        routes: Router<AppState>,
    ) -> Result<Self, StartupError> {
        let db = Db::connect_with(
            &config.database_url,
            config.database_max_connections,
            config.sqlite_busy_timeout(),
        )
        .await?;
        db.migrate().await?;
        let master = MasterKey::for_config(config)?;
        let codes = master.code_key();
        let refresh = Duration::from_secs(config.signing_key_refresh_secs);
        let keys = SigningKeys::load(db.clone(), master, refresh).await?;
        let bind_error = |source| StartupError::Bind {
            addr: config.addr,
            source,
        };
        let listener = TcpListener::bind(config.addr).await.map_err(bind_error)?;
        let local_addr = listener.local_addr().map_err(bind_error)?;
        let public_origin = match &config.public_url {
            Some(url) => url.origin().to_owned(),
            None => format!("http://{local_addr}"),
        };
        let settings = AuthSettings::from_config(config, &public_origin);
        let mut verifier_config = VerifierConfig::new(public_origin.clone());
        verifier_config.authorized_parties = settings.allowed_origins.clone();
        let verifier = Verifier::new(verifier_config, std::sync::Arc::new(keys.clone()));
        let activity = ActivityLog::new(db.clone());
        let mailer = Mailer::new(config, &public_origin);
        let sender = Sender::new(config, db.clone(), &mailer);
        let auth = Auth {
            db: db.clone(),
            keys: keys.clone(),
            activity: activity.clone(),
            hasher: PasswordHasher::new(config.password_hash_concurrency),
            policy: PasswordPolicy {
                min_length: config.password_min_length,
                ..PasswordPolicy::default()
            },
            settings,
            mailer,
            codes,
        };
        let router = http::router(
            AppState::new(auth, verifier, &config.trusted_proxies),
            config,
            routes,
        );
        Ok(Self {
            listener,
            router,
            db,
            keys,
            activity,
            sender,
            limits: Limits::from_config(config),
            retention: Retention::from_config(config),
            sweep_interval: config.sweep_interval(),
            shutdown_grace: config.shutdown_grace(),
        })
    }

    /// The instance's signing keys, for callers that must not wait for the periodic
    /// refresh to see a rotation.
    pub fn signing_keys(&self) -> SigningKeys {
        self.keys.clone()
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until `shutdown` resolves, then stops accepting connections and lets
    /// in-flight requests finish, for at most the configured grace period. Session
    /// activity noted meanwhile is written before the database closes. Expired rows are
    /// swept meanwhile (`maintenance`).
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        let flusher = self.activity.spawn_flusher();
        let sender = self.sender.spawn();
        let sweeper = maintenance::spawn(self.db.clone(), self.retention, self.sweep_interval);
        let connections = serve::serve(self.listener, self.router, self.limits, shutdown).await;
        tracing::info!("shutting down: finishing in-flight requests");
        let grace = self.shutdown_grace;
        if !connections.finish(grace).await {
            tracing::warn!(?grace, "grace period over: dropping unfinished requests");
        }
        flusher.abort();
        sweeper.abort();
        if let Err(error) = self.activity.flush().await {
            tracing::warn!(%error, "session activity lost at shutdown");
        }
        sender.stop().await;
        self.db.close().await;
        tracing::info!("stopped");
        Ok(())
    }
}
