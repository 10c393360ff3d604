//! The accept loop. Every connection is served by hyper under limits that keep a client
//! from holding it open for as long as it likes, and no more connections are served at
//! once than the process has file descriptors for.
//!
//! axum's own `serve` gives hyper no timer, so hyper's header-read timeout never applied
//! there: slow or idle clients kept their connections until the process ran out of files
//! and stopped answering everyone.

mod activity;

use std::{
    future::Future,
    io,
    net::SocketAddr,
    sync::Arc,
    time::{Duration, Instant},
};

use axum::{Router, body::Body, extract::ConnectInfo, http::Request};
use hyper::{body::Incoming, server::conn::http1};
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    server::graceful::{GracefulShutdown, Watcher},
};
use tokio::{
    net::{TcpListener, TcpStream},
    sync::{OwnedSemaphorePermit, Semaphore},
    task::JoinSet,
};
use tower::ServiceExt;

use crate::config::Config;
use activity::Activity;

/// Connections served at once when the configuration does not say: enough for a busy
/// instance, few enough that their buffers cannot exhaust a small machine's memory.
const DEFAULT_MAX_CONNECTIONS: u64 = 10_000;

/// Refused connections are logged at most this often, so a flood cannot flood the log.
const REFUSAL_WARNING_EVERY: Duration = Duration::from_secs(10);

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub header_read_timeout: Duration,
    pub idle_timeout: Duration,
    pub max_connections: usize,
}

impl Limits {
    /// Reads the open-file limit when the configuration leaves the connection cap unset,
    /// so call it after raising that limit.
    pub fn from_config(config: &Config) -> Self {
        Self {
            header_read_timeout: Duration::from_secs(config.http_header_read_timeout_secs),
            idle_timeout: Duration::from_secs(config.http_idle_timeout_secs),
            max_connections: config
                .max_connections
                .unwrap_or_else(|| default_max_connections(config)),
        }
    }
}

/// The open-file limit less what the rest of the process needs: three descriptors per
/// pooled database connection (SQLite's database, journal and shared-memory files), and
/// room for mail connections, logs, and the one an accept takes before it can refuse.
fn default_max_connections(config: &Config) -> usize {
    let open_files = rlimit::getrlimit(rlimit::Resource::NOFILE).map_or(1024, |(soft, _)| soft);
    let reserve = 3 * u64::from(config.database_max_connections) + 64;
    let cap = open_files
        .saturating_sub(reserve)
        .clamp(1, DEFAULT_MAX_CONNECTIONS);
    usize::try_from(cap).unwrap_or(usize::MAX)
}

/// The connections still open once accepting has stopped.
pub struct Draining {
    graceful: GracefulShutdown,
    tasks: JoinSet<()>,
}

impl Draining {
    /// Lets in-flight requests finish and closes idle connections; whatever is still
    /// running after `grace` is dropped. `false` if anything was.
    pub async fn finish(self, grace: Duration) -> bool {
        let Self { graceful, tasks } = self;
        let finished = tokio::time::timeout(grace, graceful.shutdown()).await;
        drop(tasks);
        finished.is_ok()
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then stops accepting.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> Draining {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut tasks = JoinSet::new();
    let mut refusals = Refusals::default();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            biased;
            () = &mut shutdown => break,
            Some(_) = tasks.join_next(), if !tasks.is_empty() => continue,
            accepted = accept(&listener) => accepted,
        };
        // Over the cap, the stream is dropped here: closed as soon as it was accepted, so
        // it holds no file descriptor.
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            refusals.note(limits.max_connections);
            continue;
        };
        tasks.spawn(serve_connection(
            Connection {
                stream,
                peer,
                slot,
                watcher: graceful.watcher(),
            },
            builder.clone(),
            router.clone(),
            limits.idle_timeout,
        ));
    }
    Draining { graceful, tasks }
}

async fn accept(listener: &TcpListener) -> (TcpStream, SocketAddr) {
    loop {
        match listener.accept().await {
            Ok(accepted) => return accepted,
            Err(error) if is_connection_error(&error) => {}
            Err(error) => {
                // Most likely out of file descriptors: wait for some connections to close
                // rather than spin on the error.
                tracing::error!(%error, "accept error");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

fn is_connection_error(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

struct Connection {
    stream: TcpStream,
    peer: SocketAddr,
    /// Held until the connection closes.
    slot: OwnedSemaphorePermit,
    watcher: Watcher,
}

async fn serve_connection(
    connection: Connection,
    builder: http1::Builder,
    router: Router,
    idle_timeout: Duration,
) {
    let Connection {
        stream,
        peer,
        slot,
        watcher,
    } = connection;
    let activity = Activity::new();
    let io = TokioIo::new(activity.track(stream));
    let handling = activity.clone();
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        let busy = handling.busy();
        let mut request = request.map(Body::new);
        request.extensions_mut().insert(ConnectInfo(peer));
        let response = router.clone().oneshot(request);
        async move {
            let response = response.await;
            drop(busy);
            response
        }
    });
    let served = watcher.watch(builder.serve_connection(io, service));
    if let Some(Err(error)) = activity.close_when_idle(served, idle_timeout).await {
        tracing::debug!(%peer, error = %error, "connection ended with an error");
    }
    drop(slot);
}

/// Counts the connections refused over the cap and says so now and then.
#[derive(Default)]
struct Refusals {
    unreported: u64,
    last_warning: Option<Instant>,
}

impl Refusals {
    fn note(&mut self, max_connections: usize) {
        self.unreported += 1;
        if self
            .last_warning
            .is_some_and(|at| at.elapsed() < REFUSAL_WARNING_EVERY)
        {
            return;
        }
        tracing::warn!(
            max_connections,
            refused = self.unreported,
            "connection cap reached: closing new connections"
        );
        self.unreported = 0;
        self.last_warning = Some(Instant::now());
    }
}
