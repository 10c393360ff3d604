//! Building and running an instance: the binary and the integration tests share this
//! path, so the tests exercise exactly what ships.

use std::{future::Future, io, net::SocketAddr, time::Duration};

use axum::Router;
use tokio::{net::TcpListener, sync::oneshot};

use crate::{
    config::Config,
    http,
    state::AppState,
    store::{Db, StoreError},
};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: io::Error },
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    db: Db,
    shutdown_grace: Duration,
}

impl Application {
    /// Opens the database, applies migrations and binds the listener; nothing is served
    /// until [`Application::run_until`].
    pub async fn build(config: &Config) -> Result<Self, StartupError> {
        let db = Db::connect(&config.database_url, config.database_max_connections).await?;
        db.migrate().await?;
        let listener =
            TcpListener::bind(config.addr)
                .await
                .map_err(|source| StartupError::Bind {
                    addr: config.addr,
                    source,
                })?;
        let router = http::router(AppState::new(db.clone()), config);
        Ok(Self {
            listener,
            router,
            db,
            shutdown_grace: config.shutdown_grace(),
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until `shutdown` resolves, then stops accepting connections and lets
    /// in-flight requests finish, for at most the configured grace period.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        let (begun, shutdown_begun) = oneshot::channel();
        let server = axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            shutdown.await;
            tracing::info!("shutting down: finishing in-flight requests");
            let _ = begun.send(());
        });
        let grace = self.shutdown_grace;
        let grace_over = async move {
            match shutdown_begun.await {
                Ok(()) => tokio::time::sleep(grace).await,
                Err(_) => std::future::pending().await,
            }
        };
        tokio::select! {
            result = server => result?,
            () = grace_over => tracing::warn!(?grace, "grace period over: dropping unfinished requests"),
        }
        self.db.close().await;
        tracing::info!("stopped");
        Ok(())
    }
}
